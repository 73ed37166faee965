//! Integration tests: `tilmech serve`, over real HTTP on loopback. Each test
//! starts its own server on a free port over its own copy of the project.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};

use crate::common::{project_copy, run, tilmech, TempDir};

const SEED: &str = "2021-06-03-rogov-kazakbaev";

/// A running `tilmech serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    url: String,
}

impl Server {
    fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = tilmech(dir)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tilmech serve starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            if let Some(url) = line.strip_prefix("Open ") {
                break url.to_string();
            }
        };
        let addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Server { child, addr, url }
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            if k.eq_ignore_ascii_case("host") {
                req = req.replace(&format!("Host: {}\r\n", self.addr), "");
            }
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw)
    }

    /// Signs in with the printed token; the session cookie and CSRF token.
    fn sign_in(&self) -> Session {
        let path = self.url.split_once(&self.addr).unwrap().1;
        let r = self.request("GET", path, &[], "");
        assert_eq!(r.status, 303, "{}", r.body);
        Session::from_reply(self, &r)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Session {
    cookie: String,
    csrf: String,
}

impl Session {
    fn from_reply(server: &Server, r: &Reply) -> Session {
        let cookie = r
            .header("set-cookie")
            .expect("a session cookie")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let page = server.request("GET", "/", &[("Cookie", &cookie)], "");
        let csrf = page
            .body
            .split("name=\"csrf-token\" content=\"")
            .nth(1)
            .expect("the page carries the CSRF token")
            .split('"')
            .next()
            .unwrap()
            .to_string();
        Session { cookie, csrf }
    }

    /// Creates event `name` from [`meeting_form`] through the API.
    fn create(&self, server: &Server, name: &str) -> Reply {
        self.send(
            server,
            "PUT",
            &format!("/api/events/{name}"),
            &serde_json::json!({"version": null, "form": meeting_form()}),
        )
    }

    fn get(&self, server: &Server, path: &str) -> Reply {
        server.request("GET", path, &[("Cookie", &self.cookie)], "")
    }

    fn send(&self, server: &Server, method: &str, path: &str, json: &serde_json::Value) -> Reply {
        server.request(
            method,
            path,
            &[
                ("Cookie", &self.cookie),
                ("X-CSRF-Token", &self.csrf),
                ("Content-Type", "application/json"),
            ],
            &json.to_string(),
        )
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect::<Vec<_>>();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v == "chunked");
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_string()
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

fn meeting_form() -> serde_json::Value {
    serde_json::json!({
        "kind": "meeting",
        "date": "2027-01-20",
        "place": "karakol",
        "people": [
            {"role": "host", "name": {"en": "Anna Berger", "ru": "Анна Бергер", "ky": "Анна Бергер"},
             "gender": "female", "position": "osce-head"},
            {"role": "guest", "name": {"en": "Cholpon Asanova", "ru": "Чолпон Асанова", "ky": "Чолпон Асанова"},
             "gender": "female", "position": "minister-justice"}
        ],
        "paragraphs": [{"en": "They discussed legal reform."}]
    })
}

#[test]
fn serve_refuses_to_listen_beyond_loopback_without_users() {
    let dir = project_copy("serve-open");
    let (code, _, err) = run(tilmech(dir.path()).args(["serve", "--listen", "0.0.0.0:0"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--users FILE"), "{err}");
}

#[test]
fn requests_without_a_session_are_refused() {
    let dir = project_copy("serve-nosession");
    let server = Server::start(dir.path(), &[]);
    assert_eq!(server.request("GET", "/api/events", &[], "").status, 401);
    let page = server.request("GET", "/", &[], "");
    assert_eq!(page.status, 303);
    assert_eq!(page.header("location"), Some("/login"));
    let put = server.request(
        "PUT",
        "/api/events/x",
        &[("Content-Type", "application/json")],
        &serde_json::json!({"version": null, "form": meeting_form()}).to_string(),
    );
    assert_eq!(put.status, 401);
    assert!(!dir.path().join("examples/events/x.toml").exists());
    let bad = server.request(
        "GET",
        "/login?token=0123456789abcdef0123456789abcdef",
        &[],
        "",
    );
    assert_eq!(bad.status, 403);
    assert!(bad.header("set-cookie").is_none());
}

#[test]
fn a_forged_or_missing_csrf_token_is_refused() {
    let dir = project_copy("serve-csrf");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let body = serde_json::json!({"version": null, "form": meeting_form()}).to_string();
    for token in [None, Some("0".repeat(32)), Some(String::new())] {
        let mut headers = vec![
            ("Cookie", s.cookie.as_str()),
            ("Content-Type", "application/json"),
        ];
        if let Some(t) = &token {
            headers.push(("X-CSRF-Token", t));
        }
        let r = server.request("PUT", "/api/events/forged", &headers, &body);
        assert_eq!(r.status, 403, "token {token:?}: {}", r.body);
    }
    assert!(!dir.path().join("examples/events/forged.toml").exists());
    let ok = s.create(&server, "forged");
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[test]
fn cross_origin_posts_and_foreign_host_names_are_refused() {
    let dir = project_copy("serve-origin");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let r = server.request(
        "POST",
        "/api/preview",
        &[
            ("Cookie", &s.cookie),
            ("X-CSRF-Token", &s.csrf),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        r#"{"toml": ""}"#,
    );
    assert_eq!(r.status, 403, "{}", r.body);
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding).
    let r = server.request("GET", "/", &[("Host", "evil.example")], "");
    assert_eq!(r.status, 403);
}

#[test]
fn every_response_carries_the_security_headers() {
    let dir = project_copy("serve-headers");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    for path in [
        "/",
        "/events/new",
        "/assets/app.js",
        "/api/events",
        "/login",
    ] {
        let r = s.get(&server, path);
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{path}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    let login = server.request(
        "GET",
        server.url.split_once(&server.addr).unwrap().1,
        &[],
        "",
    );
    let cookie = login.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}

#[test]
fn event_names_cannot_reach_outside_the_events_folder() {
    let dir = project_copy("serve-paths");
    std::fs::write(dir.path().join("secret.toml"), "kind = \"meeting\"\n").unwrap();
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    for name in [
        "..%2Fsecret",
        "..%2F..%2Fsecret",
        "%2E%2E%2Fsecret",
        ".hidden",
        "a%2Fb",
    ] {
        let r = s.get(&server, &format!("/api/events/{name}"));
        assert!(r.status == 400 || r.status == 404, "{name}: {}", r.status);
        assert!(!r.body.contains("kind = "), "{name} leaked a file");
        let put = s.send(
            &server,
            "PUT",
            &format!("/api/events/{name}"),
            &serde_json::json!({"version": null, "toml": "kind = 1"}),
        );
        assert!(
            put.status == 400 || put.status == 404,
            "{name}: {}",
            put.status
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("secret.toml")).unwrap(),
        "kind = \"meeting\"\n"
    );
    // A link inside the events folder that points out of the project.
    let outside = TempDir::new("serve-outside");
    std::fs::write(outside.path().join("x.toml"), "outside").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("x.toml"),
        dir.path().join("examples/events/linked.toml"),
    )
    .unwrap();
    assert_eq!(s.get(&server, "/api/events/linked").status, 400);
}

#[test]
fn a_translator_cannot_edit_events() {
    let dir = project_copy("serve-roles");
    let users = dir.path().join("users.toml");
    for (name, role) in [("aigul", "translator"), ("bakyt", "press-officer")] {
        let mut add = tilmech(dir.path())
            .args(["user", "add", name, "--role", role, "--users"])
            .arg(&users)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        add.stdin
            .take()
            .unwrap()
            .write_all(b"correct horse battery\n")
            .unwrap();
        assert!(add.wait().unwrap().success());
    }
    let stored = std::fs::read_to_string(&users).unwrap();
    assert!(!stored.contains("correct horse"), "passwords are hashed");
    let server = Server::start(dir.path(), &["--users", users.to_str().unwrap()]);
    assert!(server.url.ends_with('/') && !server.url.contains("token"));
    let login = |name: &str, password: &str| {
        server.request(
            "POST",
            "/login",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &format!("name={name}&password={password}"),
        )
    };
    assert_eq!(login("aigul", "wrong%20password").status, 401);
    let r = login("aigul", "correct%20horse%20battery");
    assert_eq!(r.status, 303);
    let translator = Session::from_reply(&server, &r);
    let put = translator.create(&server, "by-translator");
    assert_eq!(put.status, 403, "{}", put.body);
    assert_eq!(
        translator.get(&server, &format!("/events/{SEED}")).status,
        403
    );
    assert!(!dir
        .path()
        .join("examples/events/by-translator.toml")
        .exists());
    let officer = Session::from_reply(&server, &login("bakyt", "correct%20horse%20battery"));
    let put = officer.create(&server, "by-officer");
    assert_eq!(put.status, 200, "{}", put.body);
    // …and a press officer cannot confirm translations.
    let r = officer.send(
        &server,
        "POST",
        &format!("/api/review/{SEED}/ru/confirm"),
        &serde_json::json!({"segments": []}),
    );
    assert_eq!(r.status, 403, "{}", r.body);
}

#[test]
fn preview_shows_agreement_and_places_errors_at_their_fields() {
    let dir = project_copy("serve-preview");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let r = s.send(
        &server,
        "POST",
        "/api/preview",
        &serde_json::json!({"form": meeting_form()}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let p = r.json();
    assert_eq!(p["errors"], serde_json::json!([]));
    let ru = &p["languages"][1];
    assert_eq!(ru["lang"], "ru");
    let headline = ru["headline"].as_str().unwrap();
    assert!(headline.contains("встретилась"), "{headline}");
    assert!(headline.contains("Чолпон Асановой"), "{headline}");
    assert_eq!(ru["blocks"][0]["origin"], "template");
    assert_eq!(ru["blocks"][1]["origin"], "untranslated");
    assert_eq!(ru["untranslated"], serde_json::json!([1]));
    assert_eq!(p["languages"][0]["blocks"][1]["origin"], "free-text");

    let mut wrong = meeting_form();
    wrong["date"] = "20.01.2027".into();
    wrong["people"][1]["position"] = "minister-of-magic".into();
    let p = s
        .send(
            &server,
            "POST",
            "/api/preview",
            &serde_json::json!({"form": wrong}),
        )
        .json();
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(fields, ["date"], "{p}");
    wrong["date"] = "2027-01-20".into();
    let p = s
        .send(
            &server,
            "POST",
            "/api/preview",
            &serde_json::json!({"form": wrong}),
        )
        .json();
    assert_eq!(p["errors"][0]["field"], "people.1.position", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("minister-justice"),
        "lists the known ones: {message}"
    );
}

#[test]
fn an_edit_keeps_the_files_comments_and_layout() {
    let dir = project_copy("serve-layout");
    let path = dir.path().join(format!("examples/events/{SEED}.toml"));
    let before = std::fs::read_to_string(&path).unwrap();
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let got = s.get(&server, &format!("/api/events/{SEED}")).json();
    let mut form = got["form"].clone();
    form["date"] = "2021-06-04".into();
    let r = s.send(
        &server,
        "PUT",
        &format!("/api/events/{SEED}"),
        &serde_json::json!({"version": got["version"], "form": form}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replace("date = 2021-06-03", "date = 2021-06-04")
    );
}

#[test]
fn a_save_over_a_file_changed_on_disk_is_refused() {
    let dir = project_copy("serve-conflict");
    let path = dir.path().join(format!("examples/events/{SEED}.toml"));
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let got = s.get(&server, &format!("/api/events/{SEED}")).json();
    // Someone else saves first.
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("place = \"bishkek\"", "place = \"osh\"");
    std::fs::write(&path, &theirs).unwrap();
    let mut form = got["form"].clone();
    form["date"] = "2021-06-04".into();
    let r = s.send(
        &server,
        "PUT",
        &format!("/api/events/{SEED}"),
        &serde_json::json!({"version": got["version"], "form": form}),
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.json()["current"], theirs.as_str());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // Creating an event that exists is a conflict too, not an overwrite.
    let r = s.send(
        &server,
        "PUT",
        &format!("/api/events/{SEED}"),
        &serde_json::json!({"version": null, "form": meeting_form()}),
    );
    assert_eq!(r.status, 409);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}

#[test]
fn an_invalid_event_is_not_saved() {
    let dir = project_copy("serve-invalid");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let mut form = meeting_form();
    form["date"] = "2027-02-30".into();
    let r = s.send(
        &server,
        "PUT",
        "/api/events/bad-date",
        &serde_json::json!({"version": null, "form": form}),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "date");
    assert!(!dir.path().join("examples/events/bad-date.toml").exists());
}

#[test]
fn a_saved_event_renders_on_the_command_line_as_previewed() {
    let dir = project_copy("serve-roundtrip");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let form = meeting_form();
    let preview = s
        .send(
            &server,
            "POST",
            "/api/preview",
            &serde_json::json!({"form": form}),
        )
        .json();
    let r = s.send(
        &server,
        "PUT",
        "/api/events/karakol",
        &serde_json::json!({"version": null, "form": form}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let (code, out, err) = run(tilmech(dir.path()).args([
        "render",
        "examples/events/karakol.toml",
        "--lang",
        "en",
        "--format",
        "txt",
    ]));
    assert_eq!(code, 0, "{err}");
    let en = &preview["languages"][0];
    let mut expected = format!("{}\n", en["headline"].as_str().unwrap());
    for b in en["blocks"].as_array().unwrap() {
        expected.push_str(&format!("\n{}\n", b["text"].as_str().unwrap()));
    }
    assert_eq!(out, expected);
    let list = s.get(&server, "/api/events").json();
    let karakol = list["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "karakol")
        .unwrap();
    assert_eq!(karakol["complete"], serde_json::json!(["en"]));
    assert_eq!(
        karakol["untranslated"],
        serde_json::json!({"ru": 1, "ky": 1})
    );
}

#[test]
fn the_form_saves_without_javascript() {
    let dir = project_copy("serve-form");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let page = s.get(&server, "/events/new?kind=meeting");
    assert_eq!(page.status, 200);
    for label in ["for=\"date\"", "for=\"place\"", "for=\"people-1-name-ru\""] {
        assert!(page.body.contains(label), "labelled field {label}");
    }
    let fields = [
        ("csrf", s.csrf.as_str()),
        ("name", "form-made"),
        ("kind", "meeting"),
        ("date", "2027-01-20"),
        ("place", "karakol"),
        ("people.0.role", "host"),
        ("people.0.name.en", "Anna Berger"),
        ("people.0.gender", "female"),
        ("people.0.position", "osce-head"),
        ("people.1.role", "guest"),
        ("people.1.name.en", "Cholpon Asanova"),
        ("people.1.gender", "female"),
        ("people.1.position", "minister-justice"),
        ("topics.0", ""),
        ("paragraphs.0.en", "They met."),
        ("paragraphs.1.en", ""),
    ];
    let body = serde_urlencoded::to_string(fields).unwrap();
    let r = server.request(
        "POST",
        "/events/new",
        &[
            ("Cookie", &s.cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &body,
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/events/form-made?saved=1"));
    let saved = std::fs::read_to_string(dir.path().join("examples/events/form-made.toml")).unwrap();
    assert_eq!(
        saved,
        "kind = \"meeting\"\ndate = 2027-01-20\nplace = \"karakol\"\n\n\
         [[people]]\nrole = \"host\"\nname = { en = \"Anna Berger\" }\ngender = \"female\"\nposition = \"osce-head\"\n\n\
         [[people]]\nrole = \"guest\"\nname = { en = \"Cholpon Asanova\" }\ngender = \"female\"\nposition = \"minister-justice\"\n\n\
         [[paragraphs]]\nen = \"They met.\"\n"
    );
}

/// The ru review of event `name`: (source, version) of segment `id`.
fn review_segment(s: &Session, server: &Server, name: &str, id: &str) -> (String, String) {
    let view = s.get(server, &format!("/api/review/{name}/ru"));
    assert_eq!(view.status, 200, "{}", view.body);
    let view = view.json();
    let seg = view["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {view}"))
        .clone();
    (
        seg["source"].as_str().unwrap().to_string(),
        seg["version"].as_str().unwrap().to_string(),
    )
}

fn confirm(s: &Session, server: &Server, name: &str, target: &str, version: &str) -> Reply {
    s.send(
        server,
        "POST",
        &format!("/api/review/{name}/ru/confirm"),
        &serde_json::json!({"segments": [{
            "id": "p1.s1", "source": "They discussed legal reform.",
            "target": target, "version": version}]}),
    )
}

/// The memory's units holding `phrase` in Russian.
fn memory_units(dir: &Path, phrase: &str) -> Vec<serde_json::Value> {
    let (code, out, err) =
        run(tilmech(dir).args(["tm", "search", phrase, "--lang", "ru", "--format", "json"]));
    // A confirm that failed made no memory.
    if code == 2 && err.contains("no translation memory") {
        return Vec::new();
    }
    // Exit 1: nothing found.
    assert!(code == 0 || code == 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    report["items"].as_array().unwrap().clone()
}

const RU: &str = "Они обсудили правовую реформу.";

#[test]
fn a_review_confirm_without_its_csrf_token_changes_nothing() {
    let dir = project_copy("serve-review-csrf");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let (_, version) = review_segment(&s, &server, "legal", "p1.s1");
    let body = serde_json::json!({"segments": [{"id": "p1.s1",
        "source": "They discussed legal reform.", "target": RU, "version": version}]});
    let r = server.request(
        "POST",
        "/api/review/legal/ru/confirm",
        &[("Cookie", &s.cookie), ("Content-Type", "application/json")],
        &body.to_string(),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(!dir.path().join(".tilmech/history/legal.jsonl").exists());
    assert!(!dir.path().join(".tilmech/tm.sqlite").exists());
    let event = std::fs::read_to_string(dir.path().join("examples/events/legal.toml")).unwrap();
    assert!(!event.contains(RU), "{event}");
}

#[test]
fn a_confirm_made_on_a_version_since_replaced_is_refused_with_both_texts() {
    let dir = project_copy("serve-review-conflict");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let (_, loaded) = review_segment(&s, &server, "legal", "p1.s1");
    let first = confirm(&s, &server, "legal", RU, &loaded);
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["paragraphs_written"], serde_json::json!([1]));
    // A second reviewer still on the version both loaded.
    let theirs = "Стороны обсудили реформу права.";
    let late = confirm(&s, &server, "legal", theirs, &loaded);
    assert_eq!(late.status, 409, "{}", late.body);
    let c = &late.json()["conflicts"][0];
    assert_eq!(c["yours"], theirs);
    assert_eq!(c["theirs"]["target"], RU);
    assert_eq!(c["theirs"]["user"], "local");
    let event = std::fs::read_to_string(dir.path().join("examples/events/legal.toml")).unwrap();
    assert!(event.contains(RU) && !event.contains(theirs), "{event}");
    // Confirmed on the version the conflict named, it goes through.
    let again = confirm(&s, &server, "legal", theirs, c["version"].as_str().unwrap());
    assert_eq!(again.status, 200, "{}", again.body);
    let history = s.get(&server, "/api/review/legal/ru/history/p1.s1").json();
    let targets: Vec<&str> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, [RU, theirs]);
}

#[test]
fn re_confirming_the_same_text_changes_nothing() {
    let dir = project_copy("serve-review-again");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let (_, version) = review_segment(&s, &server, "legal", "p1.s1");
    assert_eq!(confirm(&s, &server, "legal", RU, &version).status, 200);
    let files = [
        dir.path().join("examples/events/legal.toml"),
        dir.path().join(".tilmech/history/legal.jsonl"),
        dir.path().join(".tilmech/tm.sqlite"),
    ];
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = files
        .iter()
        .map(|f| {
            (
                std::fs::read(f).unwrap(),
                std::fs::metadata(f).unwrap().modified().unwrap(),
            )
        })
        .collect();
    let (_, now) = review_segment(&s, &server, "legal", "p1.s1");
    let r = confirm(&s, &server, "legal", &format!("{RU} "), &now);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["changed"], false);
    for (f, (bytes, modified)) in files.iter().zip(&before) {
        assert_eq!(&std::fs::read(f).unwrap(), bytes, "{}", f.display());
        assert_eq!(
            &std::fs::metadata(f).unwrap().modified().unwrap(),
            modified,
            "{}",
            f.display()
        );
    }
    let units = memory_units(dir.path(), RU);
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["provenance"]["status"], "reviewed");
    assert_eq!(units[0]["provenance"]["author"], "local");
    assert_eq!(units[0]["provenance"]["document"], "legal");
}

#[test]
fn a_confirm_failing_a_check_is_refused_and_with_force_is_recorded_as_overridden() {
    let dir = project_copy("serve-review-force");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let (source, version) = review_segment(&s, &server, "legal", "p1.s1");
    let send = |force: bool| {
        s.send(
            &server,
            "POST",
            "/api/review/legal/ru/confirm",
            &serde_json::json!({"segments": [{"id": "p1.s1", "source": source,
                "target": source, "version": version, "force": force}]}),
        )
    };
    let refused = send(false);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let findings = &refused.json()["segments"][0]["findings"];
    assert_eq!(findings[0]["check"], "identical", "{findings}");
    assert!(!dir.path().join(".tilmech/history/legal.jsonl").exists());
    let forced = send(true);
    assert_eq!(forced.status, 200, "{}", forced.body);
    let units = memory_units(dir.path(), "legal reform");
    assert_eq!(units.len(), 1, "{units:?}");
    assert_eq!(
        units[0]["provenance"]["status"],
        "reviewed (QA overridden: identical)"
    );
    let history = s.get(&server, "/api/review/legal/ru/history/p1.s1").json();
    assert_eq!(
        history["versions"][0]["overridden"],
        serde_json::json!(["identical"])
    );
}

#[test]
fn a_confirm_whose_event_cannot_be_written_changes_neither_memory_nor_history() {
    let dir = project_copy("serve-review-atomic");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let (_, version) = review_segment(&s, &server, "legal", "p1.s1");
    // The temporary file the import writes the new event to cannot be made
    // (a directory holds its name; this fails for root too).
    let blocker = dir.path().join(format!(
        "examples/events/.legal.toml.{}.tilmech-tmp",
        server.child.id()
    ));
    std::fs::create_dir(&blocker).unwrap();
    let event = dir.path().join("examples/events/legal.toml");
    let before = std::fs::read(&event).unwrap();
    let r = confirm(&s, &server, "legal", RU, &version);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("nothing was changed"), "{}", r.body);
    assert_eq!(std::fs::read(&event).unwrap(), before);
    assert!(memory_units(dir.path(), RU).is_empty());
    assert!(!dir.path().join(".tilmech/history/legal.jsonl").exists());
    // Once the event can be written, the same confirm goes through.
    std::fs::remove_dir(&blocker).unwrap();
    let r = confirm(&s, &server, "legal", RU, &version);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(memory_units(dir.path(), RU).len(), 1);
}

#[test]
fn a_translation_that_came_back_from_a_cat_tool_is_marked_so() {
    let dir = project_copy("serve-review-cat");
    let d = dir.path();
    let server = Server::start(d, &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let (code, out, err) = run(tilmech(d).args([
        "draft",
        "examples/events/legal.toml",
        "--to",
        "ru",
        "--out",
        "review",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    // The translator's work in a CAT tool: the target written and confirmed.
    let xlf = d.join("review/legal.ru.xlf");
    let text = std::fs::read_to_string(&xlf).unwrap();
    let text = regex::Regex::new(r#"(?s)<target[^>]*>.*?</target>"#)
        .unwrap()
        .replace(&text, format!("<target state=\"final\">{RU}</target>"))
        .into_owned();
    std::fs::write(&xlf, text).unwrap();
    let (code, out, err) = run(tilmech(d).args(["review", "import", xlf.to_str().unwrap()]));
    assert_eq!(code, 0, "{out}{err}");
    let view = s.get(&server, "/api/review/legal/ru").json();
    let seg = &view["segments"][0];
    assert_eq!(seg["target"], RU, "{view}");
    assert_eq!(seg["status"], "translated");
    assert_eq!(seg["from_cat"], true);
    let page = s.get(&server, "/events/legal/review/ru");
    assert!(page.body.contains("from CAT tool (XLIFF)"), "{}", page.body);
    // The memory has it before the event file does (a paragraph whose other
    // sentences are not back yet): still translated, and counted so.
    let event = d.join("examples/events/legal.toml");
    let text = std::fs::read_to_string(&event).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with(&format!("ru = \"{RU}")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text, "the import wrote the paragraph: {text}");
    std::fs::write(&event, without).unwrap();
    let view = s.get(&server, "/api/review/legal/ru").json();
    assert_eq!(view["segments"][0]["status"], "translated", "{view}");
    assert_eq!(view["segments"][0]["from_cat"], true);
    assert_eq!(view["progress"]["translated"], 1, "{view}");
    // A translation typed into the event file by hand is not.
    let other = project_copy("serve-review-cat-hand");
    let server = Server::start(other.path(), &[]);
    let s = server.sign_in();
    let view = s.get(&server, &format!("/api/review/{SEED}/ru")).json();
    assert_eq!(view["segments"][0]["status"], "translated", "{view}");
    assert_eq!(view["segments"][0]["from_cat"], false);
}

#[test]
fn a_batch_confirm_with_one_conflict_confirms_none_of_it() {
    let dir = project_copy("serve-review-batch");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let mut form = meeting_form();
    form["paragraphs"] =
        serde_json::json!([{"en": "They discussed legal reform. They agreed to meet again."}]);
    let put = s.send(
        &server,
        "PUT",
        "/api/events/batch",
        &serde_json::json!({"version": null, "form": form}),
    );
    assert_eq!(put.status, 200, "{}", put.body);
    let (_, v1) = review_segment(&s, &server, "batch", "p1.s1");
    let (second, v2) = review_segment(&s, &server, "batch", "p1.s2");
    assert_eq!(confirm(&s, &server, "batch", RU, &v1).status, 200);
    let agreed = "Они договорились встретиться снова.";
    let batch = |v1: &str| {
        s.send(
            &server,
            "POST",
            "/api/review/batch/ru/confirm",
            &serde_json::json!({"segments": [
                {"id": "p1.s1", "source": "They discussed legal reform.",
                 "target": "Обсуждалась правовая реформа.", "version": v1},
                {"id": "p1.s2", "source": second, "target": agreed, "version": v2}]}),
        )
    };
    let r = batch(&v1);
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(memory_units(dir.path(), agreed).is_empty());
    let history = s.get(&server, "/api/review/batch/ru/history/p1.s2").json();
    assert_eq!(history["versions"], serde_json::json!([]));
    // On the current versions, both go in, and the paragraph is complete.
    let (_, now) = review_segment(&s, &server, "batch", "p1.s1");
    let r = batch(&now);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["paragraphs_written"], serde_json::json!([1]));
    let event = std::fs::read_to_string(dir.path().join("examples/events/batch.toml")).unwrap();
    assert!(
        event.contains(&format!("ru = \"Обсуждалась правовая реформа. {agreed}\"")),
        "{event}"
    );
}

#[test]
fn terms_api_answers_by_family_and_shows_a_term_added_on_disk() {
    let dir = project_copy("serve-terms");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    let names = |path: &str| -> Vec<(String, String)> {
        let r = s.get(&server, path);
        assert_eq!(r.status, 200, "{path}");
        r.json()["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["family"].as_str().unwrap().to_string(),
                    t["name"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let all = names("/api/terms");
    let places = names("/api/terms?family=place");
    assert!(
        places.contains(&("place".into(), "osh".into())),
        "{places:?}"
    );
    assert!(places.iter().all(|(f, _)| f == "place"));
    assert!(all.len() > places.len() && places.iter().all(|p| all.contains(p)));
    assert_eq!(s.get(&server, "/api/terms?family=plaec").status, 400);
    // With the forms events get: the ru prepositional a place takes, the ky
    // locative the suffix rules make.
    let r = s.get(&server, "/api/terms?family=place").json();
    let osh = r["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "osh")
        .unwrap()
        .clone();
    assert_eq!(osh["forms"]["ru"]["prep"], "Оше", "{osh}");
    assert_eq!(osh["forms"]["ky"]["loc"], "Ошто", "{osh}");
    assert_eq!(osh["forms"]["en"]["nom"], "Osh", "{osh}");

    // A term written by another program is offered without a restart.
    let terms = dir.path().join("locales/en/terms.ftl");
    let mut text = std::fs::read_to_string(&terms).unwrap();
    text.push_str("\n-place-talas = Talas\n");
    std::fs::write(&terms, text).unwrap();
    let r = s.get(&server, "/api/terms?family=place").json();
    let talas = r["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "talas")
        .expect("the new place is listed");
    assert_eq!(talas["text"]["en"], "Talas");
}

#[test]
fn serve_on_a_team_memory_in_postgresql_shows_its_matches_and_stores_confirms() {
    let Some(db) = crate::common::PgDatabase::new("serve_pg") else {
        return;
    };
    let dir = project_copy("serve-pg");
    std::fs::write(
        dir.path().join("tilmech.toml"),
        format!("tm = {:?}\n", db.url),
    )
    .unwrap();
    let import = |text: &str| {
        let file = dir.path().join("units.tsv");
        std::fs::write(&file, text).unwrap();
        let (code, _, err) =
            run(tilmech(dir.path()).args(["tm", "import", "units.tsv", "-l", "en,ru"]));
        assert_eq!(code, 0, "{err}");
    };
    import("They discussed legal reform.\tСтороны обсудили правовую реформу.\n");
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();
    assert_eq!(s.create(&server, "legal").status, 200);
    let targets = |s: &Session| -> Vec<String> {
        let view = s.get(&server, "/api/review/legal/ru");
        assert_eq!(view.status, 200, "{}", view.body);
        let view = view.json();
        let seg = view["segments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == "p1.s1")
            .unwrap_or_else(|| panic!("no p1.s1 in {view}"))
            .clone();
        seg["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["target"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(targets(&s), ["Стороны обсудили правовую реформу."]);
    let (_, version) = review_segment(&s, &server, "legal", "p1.s1");
    let r = confirm(&s, &server, "legal", RU, &version);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["memory"]["added"], 1, "{}", r.body);
    // The confirm is in the shared memory, as reviewed; no SQLite file was made.
    let units = memory_units(dir.path(), RU);
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["provenance"]["status"], "reviewed");
    assert!(!dir.path().join(".tilmech/tm.sqlite").exists());
    // Another client's unit reaches the running server.
    import("They discussed legal reform.\tОбсуждалась правовая реформа.\n");
    assert_eq!(targets(&s).len(), 3, "{:?}", targets(&s));
    let hits = s.get(
        &server,
        "/api/concordance?q=%D0%BF%D1%80%D0%B0%D0%B2%D0%BE%D0%B2%D1%83%D1%8E&lang=ru",
    );
    assert_eq!(hits.status, 200, "{}", hits.body);
    assert_eq!(
        hits.json()["hits"].as_array().unwrap().len(),
        2,
        "{}",
        hits.body
    );
}

/// The hidden `version` field of an alignment page.
fn page_version(body: &str) -> String {
    body.split("name=\"version\" value=\"")
        .nth(1)
        .expect("the page carries the file's version")
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

fn post_form(server: &Server, s: &Session, path: &str, fields: &[(&str, &str)]) -> Reply {
    server.request(
        "POST",
        path,
        &[
            ("Cookie", &s.cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &serde_urlencoded::to_string(fields).unwrap(),
    )
}

#[test]
fn flagged_alignment_units_are_corrected_and_accepted_in_the_web_app() {
    let dir = project_copy("serve-align");
    let folder = dir.path().join("alignments");
    std::fs::create_dir_all(&folder).unwrap();
    let review = folder.join("archive.tsv");
    let original = "# document\tposition\tconfidence\tstate\ten\tru\tky\n\
        rel\t3\t0.410\treview\tThe court met.\tСуд собрался в среду.\t\n\
        # kept as it is\n\
        rel\t\t\tunmatched (en only, no ru)\tThe minister spoke.\t\t\n\
        rel\t\t\tunmatched (ky only, no en)\t\t\tМинистр сүйлөдү.\n";
    std::fs::write(&review, original).unwrap();
    // A TSV of the folder that is not a review file is neither listed nor edited.
    std::fs::write(folder.join("notes.tsv"), "a\tb\n").unwrap();
    let server = Server::start(dir.path(), &[]);
    let s = server.sign_in();

    let list = s.get(&server, "/api/alignments").json();
    assert_eq!(list["files"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["files"][0]["name"], "archive.tsv");
    assert_eq!(list["files"][0]["review"], 1);
    assert_eq!(list["files"][0]["unmatched"], 2);
    assert!(s
        .get(&server, "/alignments")
        .body
        .contains("/alignments/archive.tsv"));
    assert_eq!(s.get(&server, "/alignments/notes.tsv").status, 422);
    for bad in ["..%2Ftilmech.toml", "archive.txt", ".hidden.tsv"] {
        assert_eq!(
            s.get(&server, &format!("/alignments/{bad}")).status,
            400,
            "{bad}"
        );
    }

    let page = s.get(&server, "/alignments/archive.tsv");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("for=\"r4-ru\""), "labelled fields");
    let version = page_version(&page.body);
    let path = "/alignments/archive.tsv";
    // Without the CSRF token, and on a version since replaced, nothing changes.
    let r = post_form(&server, &s, path, &[("version", &version), ("r4.ru", "x")]);
    assert_eq!(r.status, 403, "{}", r.body);
    let stale = "0-0000000000000000";
    let r = post_form(
        &server,
        &s,
        path,
        &[
            ("csrf", &s.csrf),
            ("version", stale),
            ("r4.ru", "x"),
            ("action", "accept"),
        ],
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(std::fs::read_to_string(&review).unwrap(), original);

    let r = post_form(
        &server,
        &s,
        path,
        &[
            ("csrf", &s.csrf),
            ("version", &version),
            ("r2.ru", "Суд собрался."),
            ("r4.ru", "Министр\r\nвыступил."),
            ("action", "accept"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("/alignments/archive.tsv?accepted=1")
    );
    let text = std::fs::read_to_string(&review).unwrap();
    assert!(
        text.contains("rel\t3\t0.410\treview\tThe court met.\tСуд собрался.\t\n"),
        "{text}"
    );
    assert!(text.contains("# kept as it is\n"), "{text}");
    assert!(
        text.contains("\tThe minister spoke.\tМинистр выступил.\t\n"),
        "{text}"
    );
    let note = text.lines().last().unwrap();
    assert!(
        note.starts_with("# accepted ") && note.contains(" by local: 2 units (2 new"),
        "{note}"
    );
    assert!(note.contains("1 row with one language left out"), "{note}");

    let units = memory_units(dir.path(), "Министр выступил");
    assert_eq!(units.len(), 1, "{units:?}");
    assert_eq!(units[0]["provenance"]["status"], "reviewed");
    assert_eq!(units[0]["provenance"]["author"], "local");
    assert_eq!(units[0]["provenance"]["document"], "rel");
    // The list shows the acceptance the file now records.
    let list = s.get(&server, "/api/alignments").json();
    assert!(list["files"][0]["accepted"]
        .as_str()
        .unwrap()
        .contains("by local"));
}

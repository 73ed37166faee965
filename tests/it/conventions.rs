//! Integration tests: the command-line conventions of issue #19 — one
//! vocabulary, JSON wherever a script reads, errors said once, exit codes
//! as the README's table, nothing written on error.

use std::io::Write as _;
use std::path::Path;

use crate::common::{root, run, tilmech, TempDir};

const EVENT: &str = "examples/events/2021-06-03-rogov-kazakbaev.toml";

/// A small en–ru memory at `DIR/m.sqlite`.
fn en_ru_memory(dir: &Path) {
    std::fs::write(
        dir.join("a.tsv"),
        "The meeting opened.\tВстреча открылась.\nHe asked the OSCE to assist.\tОн попросил ОБСЕ помочь.\n",
    )
    .unwrap();
    let (code, _, err) = run(tilmech(dir).args([
        "tm", "--tm", "m.sqlite", "import", "a.tsv", "--lang", "en,ru",
    ]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_os_error_is_said_once() {
    let dir = TempDir::new("conv-os-error");
    en_ru_memory(dir.path());
    let (code, _, err) =
        run(tilmech(dir.path()).args(["tm", "--tm", "m.sqlite", "export", "no-such-dir/out.tmx"]));
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    assert!(err.contains("no-such-dir/out.tmx"), "{err}");
}

#[test]
fn a_failed_import_of_a_missing_file_creates_no_memory() {
    let dir = TempDir::new("conv-import-missing");
    let (code, _, err) = run(tilmech(dir.path()).args([
        "tm",
        "--tm",
        "m.sqlite",
        "import",
        "missing.tsv",
        "--lang",
        "en,ru",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.tsv"), "{err}");
    assert_eq!(entries(dir.path()), ["tilmech.toml"]);
    // So the next lookup says there is no memory, not "no match".
    let (code, _, err) =
        run(tilmech(dir.path()).args(["tm", "--tm", "m.sqlite", "lookup", "Hello.", "--to", "ru"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no translation memory at m.sqlite"), "{err}");
    assert!(err.contains("tilmech tm import"), "{err}");
    assert_eq!(entries(dir.path()), ["tilmech.toml"]);
}

#[test]
fn malformed_import_into_new_memory_creates_nothing() {
    let dir = TempDir::new("conv-import-malformed");
    let d = dir.path();
    std::fs::write(d.join("bad.tsv"), "One.\tОдин.\nTwo.\n").unwrap();
    std::fs::write(
        d.join("bad.tmx"),
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"ru\"><seg>Один.</seg></tuv></tu><tu>",
    )
    .unwrap();
    let before = entries(d);
    for args in [
        &["tm", "--tm", "m.sqlite", "import", "bad.tsv", "-l", "en,ru"][..],
        &["tm", "--tm", "m.sqlite", "import", "bad.tmx"],
        // Into folders that do not exist yet: they are not left behind.
        &[
            "tm",
            "--tm",
            "new/sub/m.sqlite",
            "import",
            "bad.tsv",
            "-l",
            "en,ru",
        ],
        // The project's default memory, .tilmech/tm.sqlite.
        &["tm", "import", "bad.tsv", "-l", "en,ru"],
    ] {
        let (code, _, err) = run(tilmech(d).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("bad.t"), "{args:?}: {err}");
        assert_eq!(entries(d), before, "{args:?} left files behind: {err}");
    }
    let (code, _, err) =
        run(tilmech(d).args(["tm", "--tm", "m.sqlite", "lookup", "One.", "--to", "ru"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no translation memory at m.sqlite"), "{err}");
    // A good first import still makes the memory, folders and all.
    std::fs::write(d.join("good.tsv"), "One.\tОдин.\n").unwrap();
    let (code, _, err) = run(tilmech(d).args([
        "tm",
        "--tm",
        "new/sub/m.sqlite",
        "import",
        "good.tsv",
        "-l",
        "en,ru",
    ]));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(tilmech(d).args([
        "tm",
        "--tm",
        "new/sub/m.sqlite",
        "lookup",
        "One.",
        "--to",
        "ru",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Один."), "{out}");
}

#[test]
fn failed_review_import_into_new_memory_creates_nothing() {
    let dir = crate::common::project_copy("conv-review-new-memory");
    let d = dir.path();
    let (code, _, err) = run(tilmech(d).args([
        "draft",
        EVENT,
        "--to",
        "ru",
        "-o",
        "review",
        "--tm",
        "old.sqlite",
    ]));
    assert_eq!(code, 0, "{err}");
    // A well-formed file in a language the project does not publish in:
    // refused after the memory is opened.
    let xlf = std::fs::read_to_string(d.join(XLF)).unwrap();
    std::fs::write(
        d.join("review/de.xlf"),
        xlf.replace("target-language=\"ru\"", "target-language=\"de\""),
    )
    .unwrap();
    let before = entries(d);
    let (code, _, err) =
        run(tilmech(d).args(["review", "import", "review/de.xlf", "--tm", "m.sqlite"]));
    assert_eq!(code, 2, "{err}");
    assert_eq!(entries(d), before, "{err}");
    assert!(!d.join("m.sqlite").exists());
}

#[test]
fn draft_without_a_memory_makes_none() {
    let dir = crate::common::project_copy("conv-draft-no-memory");
    let d = dir.path();
    let before = entries(d);
    let (code, _, err) = run(tilmech(d).args([
        "draft",
        EVENT,
        "--to",
        "ru",
        "-o",
        "review",
        "--tm",
        "none.sqlite",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("no translation memory at none.sqlite"),
        "{err}"
    );
    let mut after = entries(d);
    after.retain(|e| e != "review");
    assert_eq!(after, before, "{err}");
    // Nor does one without --tm (the project's .tilmech/tm.sqlite).
    let (code, _, err) = run(tilmech(d).args(["draft", EVENT, "--to", "ky", "-o", "review"]));
    assert_eq!(code, 0, "{err}");
    assert!(!d.join(".tilmech").exists(), "{err}");
}

#[test]
fn a_lookup_into_a_language_the_memory_lacks_says_so() {
    let dir = TempDir::new("conv-no-ky");
    en_ru_memory(dir.path());
    let (code, out, err) = run(tilmech(dir.path()).args([
        "tm",
        "--tm",
        "m.sqlite",
        "lookup",
        "The meeting opened.",
        "--to",
        "ky",
    ]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("has no `ky` units"), "{err}");
}

#[test]
fn align_of_a_missing_file_exits_2() {
    let dir = TempDir::new("conv-align-missing");
    let (code, _, err) =
        run(tilmech(dir.path()).args(["tm", "--tm", "m.sqlite", "align", "gone.en.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("gone.en.md"), "{err}");
    assert_eq!(entries(dir.path()), ["tilmech.toml"]);
}

#[test]
fn review_import_of_a_missing_file_creates_no_memory() {
    let dir = TempDir::new("conv-review-missing");
    let (code, _, err) =
        run(tilmech(dir.path()).args(["review", "import", "gone.ru.xlf", "--tm", "m.sqlite"]));
    assert_eq!(code, 2, "{err}");
    assert_eq!(entries(dir.path()), ["tilmech.toml"]);
}

#[test]
fn provenance_reads_the_same_in_text_and_json() {
    let dir = TempDir::new("conv-provenance");
    en_ru_memory(dir.path());
    let args = [
        "tm",
        "--tm",
        "m.sqlite",
        "lookup",
        "He asked the OSCE to assist.",
        "--to",
        "ru",
    ];
    let (code, text, err) = run(tilmech(dir.path()).args(args));
    assert_eq!(code, 0, "{err}");
    let (_, json, _) = run(tilmech(dir.path()).args(args).args(["--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let position = &json["items"][0]["provenance"]["position"];
    assert_eq!(position, 1, "{json}");
    assert!(text.contains("a.tsv position 1"), "{text}");
}

/// One row of the table: a command run three ways.
struct Row {
    /// What the row is about, for messages.
    name: &'static str,
    /// A good run and its exit code, or `None` where the command cannot
    /// finish in a test (serve runs until stopped; it has its own tests).
    good: Option<(&'static [&'static str], i32)>,
    /// Whether the good run also takes `--format json`.
    json: bool,
    /// A usage error: unknown value, missing argument, conflicting flags.
    usage: &'static [&'static str],
    /// An input error (a missing or malformed file, no memory), or `None`
    /// where the command reads no input that can be wrong.
    input: Option<&'static [&'static str]>,
    /// Standard input of every run.
    stdin: &'static str,
}

const fn row(
    name: &'static str,
    good: Option<(&'static [&'static str], i32)>,
    json: bool,
    usage: &'static [&'static str],
    input: Option<&'static [&'static str]>,
) -> Row {
    Row {
        name,
        good,
        json,
        usage,
        input,
        stdin: "",
    }
}

/// Every subcommand, in the order of `tilmech --help`.
const TABLE: &[Row] = &[
    row(
        "new",
        Some((&["new", "meeting", "fresh"], 0)),
        true,
        &["new"],
        Some(&["new", "meating"]),
    ),
    row(
        "terms",
        Some((&["terms", "place"], 0)),
        true,
        &["terms", "--format", "xml"],
        Some(&["terms", "plase"]),
    ),
    row(
        "term add",
        Some((
            &[
                "term",
                "add",
                "place",
                "talas",
                "--en",
                "Talas",
                "--ru",
                "Талас",
                "--ky",
                "Талас",
                "--yes",
            ],
            0,
        )),
        true,
        &["term", "add", "plaice", "talas", "--en", "Talas", "--yes"],
        Some(&[
            "term",
            "add",
            "place",
            "bishkek",
            "--en",
            "Bishkek",
            "--ru",
            "Бишкек",
            "--ky",
            "Бишкек",
            "--yes",
        ]),
    ),
    row(
        "term add, a counted term",
        Some((
            &[
                "term",
                "add",
                "participants",
                "experts",
                "--en",
                "expert",
                "--en-other",
                "experts",
                "--ru",
                "эксперт",
                "--ru-gen-pl",
                "экспертов",
                "--ky",
                "эксперт",
                "--yes",
            ],
            0,
        )),
        false,
        &["term", "add", "participants", "experts", "--ru-gen-pl"],
        // Without the plurals the rules cannot make.
        Some(&[
            "term",
            "add",
            "participants",
            "judges",
            "--en",
            "judge",
            "--ru",
            "судья",
            "--ky",
            "судья",
            "--yes",
        ]),
    ),
    row(
        "render",
        Some((&["render", EVENT, "-l", "ru"], 0)),
        true,
        &["render", EVENT, "--as", "pdf"],
        Some(&["render", "gone.toml"]),
    ),
    row(
        "draft",
        Some((
            &[
                "draft", EVENT, "--to", "ru", "-o", "review", "--tm", "m.sqlite",
            ],
            0,
        )),
        true,
        &["draft", EVENT, "--min", "0"],
        Some(&["draft", "gone.toml", "--tm", "m.sqlite", "-o", "review2"]),
    ),
    row(
        "review import",
        Some((&["review", "import", XLF, "--tm", "m.sqlite"], 0)),
        true,
        &["review", "import", XLF, "--accept", "some"],
        Some(&["review", "import", "review/gone.ru.xlf", "--tm", "m.sqlite"]),
    ),
    row(
        "review import into a new memory",
        None,
        false,
        &[
            "review",
            "import",
            XLF,
            "--tm",
            "m4.sqlite",
            "--accept",
            "some",
        ],
        Some(&["review", "import", "bad.xlf", "--tm", "m4.sqlite"]),
    ),
    row(
        "qa",
        Some((&["qa", XLF], 0)),
        true,
        &["qa"],
        Some(&["qa", "bad.xlf"]),
    ),
    row(
        "check",
        Some((&["check", "--strict"], 0)),
        true,
        &["check", "--format", "pdf"],
        Some(&["check", "no-such-folder"]),
    ),
    row(
        "grammar ru decline",
        Some((
            &[
                "grammar",
                "ru",
                "decline",
                "Анна Бергер",
                "--gender",
                "female",
            ],
            0,
        )),
        true,
        &["grammar", "ru", "decline", "Анна Бергер"],
        None,
    ),
    row(
        "grammar ky case",
        Some((&["grammar", "ky", "case", "Бишкек"], 0)),
        true,
        &["grammar", "ky", "case", "Бишкек", "--case", "ins"],
        Some(&["grammar", "ky", "case", "5%"]),
    ),
    row(
        "tm import",
        Some((
            &[
                "tm",
                "--tm",
                "m2.sqlite",
                "import",
                "a.tsv",
                "-l",
                "en,ru,ky",
            ],
            0,
        )),
        true,
        &["tm", "--tm", "m3.sqlite", "import", "a.tsv", "-l", "en,en"],
        // Into the memory that exists: a malformed file changes nothing.
        Some(&["tm", "--tm", "m.sqlite", "import", "bad.tsv", "-l", "en,ru"]),
    ),
    row(
        "tm import into a new memory",
        None,
        false,
        &["tm", "--tm", "m4.sqlite", "import", "a.tsv", "-l", "en,en"],
        Some(&[
            "tm",
            "--tm",
            "m4.sqlite",
            "import",
            "bad.tsv",
            "-l",
            "en,ru",
        ]),
    ),
    row(
        "tm export",
        Some((
            &["tm", "--tm", "m.sqlite", "export", "out.tsv", "-l", "en,ru"],
            0,
        )),
        true,
        &["tm", "--tm", "m.sqlite", "export"],
        Some(&["tm", "--tm", "m.sqlite", "export", "a.tsv"]),
    ),
    row(
        "tm lookup",
        Some((
            &[
                "tm",
                "--tm",
                "m.sqlite",
                "lookup",
                "The meeting opened.",
                "--to",
                "ru",
            ],
            0,
        )),
        true,
        &[
            "tm", "--tm", "m.sqlite", "lookup", "x", "--to", "ru", "--min", "0",
        ],
        Some(&["tm", "--tm", "none.sqlite", "lookup", "x", "--to", "ru"]),
    ),
    row(
        "tm search",
        Some((&["tm", "--tm", "m.sqlite", "search", "OSCE"], 0)),
        true,
        &["tm", "--tm", "m.sqlite", "search"],
        Some(&["tm", "--tm", "none.sqlite", "search", "OSCE"]),
    ),
    row(
        "tm align",
        Some((
            &["tm", "--tm", "m.sqlite", "align", "archive", "--dry-run"],
            0,
        )),
        true,
        &[
            "tm",
            "--tm",
            "m.sqlite",
            "align",
            "archive",
            "--min-confidence",
            "2",
        ],
        Some(&["tm", "--tm", "m.sqlite", "align", "archive/gone.en.md"]),
    ),
    row(
        "tm stats",
        Some((&["tm", "--tm", "m.sqlite", "stats"], 0)),
        true,
        &["tm", "--tm", "m.sqlite", "stats", "--format", "xml"],
        Some(&["tm", "--tm", "none.sqlite", "stats"]),
    ),
    row(
        "serve",
        None,
        false,
        &["serve", "--listen", "nowhere"],
        Some(&["serve", "--project", "no-such-folder"]),
    ),
    Row {
        name: "user add",
        good: Some((
            &[
                "user",
                "add",
                "aigul",
                "--role",
                "translator",
                "--users",
                "users.toml",
            ],
            0,
        )),
        json: false,
        usage: &["user", "add", "aigul", "--users", "users.toml"],
        input: Some(&[
            "user",
            "add",
            "aigul",
            "--role",
            "admin",
            "--users",
            "bad-users.toml",
        ]),
        stdin: "a long passphrase\n",
    },
    row(
        "segment",
        Some((&["segment", "-l", "en", "in.txt"], 0)),
        true,
        &["segment", "-l", "english", "in.txt"],
        Some(&["segment", "-l", "en", "gone.txt"]),
    ),
    row(
        "completions",
        Some((&["completions", "fish"], 0)),
        false,
        &["completions", "tcsh"],
        None,
    ),
    row(
        "man",
        Some((&["man"], 0)),
        false,
        &["man", "--force"],
        Some(&["man", "-o", "mandir"]),
    ),
];

const XLF: &str = "review/2021-06-03-rogov-kazakbaev.ru.xlf";

/// Runs `args` in `dir` with `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = tilmech(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    // A command that should fail but runs on (serve) fails the test instead
    // of hanging it.
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            panic!("tilmech {args:?} still runs after two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir` with its content, to compare before and after.
/// A memory's `-wal` and `-shm` files are left out: SQLite makes, rewrites
/// and removes them as readers open and close it, so the memory's units are
/// compared through `tm stats` instead.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), Vec::new());
                todo.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "sqlite-wal" || e == "sqlite-shm")
            {
                continue;
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let (_, stats, _) = run(tilmech(dir).args(["tm", "--tm", "m.sqlite", "stats", "-f", "json"]));
    files.insert("(units of m.sqlite)".into(), stats.into_bytes());
    files
}

/// A project with a memory, an archive to align, a draft to review and a
/// few broken files, for the table.
fn table_project() -> TempDir {
    let dir = crate::common::project_copy("conv-table");
    let d = dir.path();
    std::fs::write(
        d.join("a.tsv"),
        "The meeting opened.\tВстреча открылась.\tЖолугушуу ачылды.\nHe asked the OSCE to assist.\tОн попросил ОБСЕ помочь.\tАл ЕККУдан жардам сурады.\n",
    )
    .unwrap();
    let (code, _, err) = run(tilmech(d).args([
        "tm", "--tm", "m.sqlite", "import", "a.tsv", "-l", "en,ru,ky",
    ]));
    assert_eq!(code, 0, "{err}");
    std::fs::write(d.join("bad.tsv"), "One.\tОдин.\nTwo.\n").unwrap();
    std::fs::write(d.join("bad.xlf"), "<xliff version=\"1.2\"><file").unwrap();
    std::fs::write(d.join("bad-users.toml"), "[users\n").unwrap();
    std::fs::write(d.join("in.txt"), "Mr. Rogov arrived. He spoke.\n").unwrap();
    std::fs::create_dir(d.join("archive")).unwrap();
    for lang in ["en", "ru", "ky"] {
        let name = format!("2021-06-03-rogov.{lang}.md");
        std::fs::copy(
            root().join("tests/fixtures/align").join(&name),
            d.join("archive").join(&name),
        )
        .unwrap();
    }
    std::fs::create_dir(d.join("mandir")).unwrap();
    std::fs::write(d.join("mandir/tilmech.1"), "a page of the user's\n").unwrap();
    dir
}

#[test]
fn every_command_keeps_the_exit_codes_json_and_nothing_written_on_error() {
    let dir = table_project();
    let d = dir.path();
    // The draft the review rows read.
    let (code, _, err) = run(tilmech(d).args([
        "draft", EVENT, "--to", "ru", "-o", "review", "--tm", "m.sqlite",
    ]));
    assert_eq!(code, 0, "{err}");
    for row in TABLE {
        let name = row.name;
        for (what, args) in [("usage", Some(row.usage)), ("input", row.input)] {
            let Some(args) = args else { continue };
            let before = snapshot(d);
            let (code, out, err) = run_in(d, args, row.stdin);
            assert_eq!(
                code, 2,
                "{name}: {what} error {args:?} exits 2:\n{out}{err}"
            );
            assert!(err.contains("error"), "{name}: {what} error says so: {err}");
            let after = snapshot(d);
            let changed: Vec<_> = before
                .keys()
                .chain(after.keys())
                .filter(|p| before.get(*p) != after.get(*p))
                .collect();
            assert!(
                changed.is_empty(),
                "{name}: {what} error {args:?} changed {changed:?} in {}",
                d.display()
            );
        }
        let Some((args, expected)) = row.good else {
            continue;
        };
        let (code, out, err) = run_in(d, args, row.stdin);
        assert_eq!(code, expected, "{name}: {args:?}:\n{out}{err}");
        if row.json {
            // Run again for JSON: tm import merges, new takes another name.
            let mut args = args.to_vec();
            if name == "new" {
                args[2] = "fresh-json";
            }
            if name == "term add" {
                args[3] = "kara-balta";
                args[5] = "Kara-Balta";
                (args[7], args[9]) = ("Кара-Балта", "Кара-Балта");
            }
            if name == "tm export" {
                args.push("--force");
            }
            args.extend(["--format", "json"]);
            let (code, out, err) = run_in(d, &args, row.stdin);
            assert_eq!(code, expected, "{name}: {args:?}:\n{out}{err}");
            let v: serde_json::Value = serde_json::from_str(&out)
                .unwrap_or_else(|e| panic!("{name}: --format json: {e}:\n{out}"));
            let keys: Vec<&String> = v.as_object().expect("an object").keys().collect();
            assert_eq!(keys[0], "summary", "{name}: {out}");
            assert!(v["summary"].is_object(), "{name}: {out}");
        }
    }
}

#[test]
fn bash_sources_the_completion_script() {
    let dir = TempDir::new("conv-bash");
    let (code, script, err) = run(tilmech(dir.path()).args(["completions", "bash"]));
    assert_eq!(code, 0, "{err}");
    std::fs::write(dir.path().join("tilmech.bash"), &script).unwrap();
    let out = std::process::Command::new("bash")
        .args([
            "--norc",
            "-c",
            "set -e; source ./tilmech.bash; complete -p tilmech",
        ])
        .current_dir(dir.path())
        .output()
        .expect("bash runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.is_empty(), "{said}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("tilmech"));
}

/// `man` renders `tilmech man`'s page; where man is absent it is skipped
/// visibly, except in CI (`TILMECH_CI` set by .ci/run), where it fails.
#[test]
fn the_man_page_renders() {
    let dir = TempDir::new("conv-man");
    let (code, page, err) = run(tilmech(dir.path()).arg("man"));
    assert_eq!(code, 0, "{err}");
    std::fs::write(dir.path().join("tilmech.1"), &page).unwrap();
    let rendered = std::process::Command::new("man")
        .args(["-l", "./tilmech.1"])
        .current_dir(dir.path())
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output();
    let out = match rendered {
        Ok(out) => out,
        Err(e) if std::env::var_os("TILMECH_CI").is_none() => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED the_man_page_renders: cannot run `man` ({e}); .ci/run installs man-db"
            );
            return;
        }
        Err(e) => panic!("man: {e}"),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("SYNOPSIS") || text.contains("Synopsis"),
        "{text}"
    );
    assert!(
        text.contains("tilmech-render(1)") || text.contains("render"),
        "{text}"
    );
    // The per-command pages, written into a new folder.
    let (code, _, err) = run(tilmech(dir.path()).args(["man", "-o", "man1"]));
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(dir.path().join("man1/tilmech-tm-import.1")).unwrap();
    assert!(page.contains("tilmech tm import"), "{page}");
    // Again: the pages exist, so nothing is replaced without --force.
    let (code, _, err) = run(tilmech(dir.path()).args(["man", "-o", "man1"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn render_labels_each_language_and_one_alone_prints_bare() {
    let (code, out, err) = run(tilmech(&root()).args(["render", EVENT]));
    assert_eq!(code, 0, "{err}");
    for lang in ["en", "ru", "ky"] {
        let label = format!("==> {EVENT} ({lang}) <==\n");
        assert_eq!(out.matches(&label).count(), 1, "{lang}: {out}");
    }
    let (_, out, _) = run(tilmech(&root()).args(["render", EVENT, "-l", "ru"]));
    assert!(!out.contains("==>"), "{out}");
}

#[test]
fn render_format_md_still_works_as_the_old_spelling_of_as() {
    let (code, old, err) =
        run(tilmech(&root()).args(["render", EVENT, "-l", "ru", "--format", "html"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("deprecated") && err.contains("--as html"),
        "{err}"
    );
    let (_, new, err) = run(tilmech(&root()).args(["render", EVENT, "-l", "ru", "--as", "html"]));
    assert_eq!(old, new);
    assert!(err.is_empty(), "{err}");
    let (code, _, err) =
        run(tilmech(&root()).args(["render", EVENT, "--format", "md", "--as", "html"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn render_open_runs_the_browser_opener_on_the_english_page() {
    let dir = TempDir::new("conv-open");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opener = bin.join("xdg-open");
    // PATH holds only this folder, so the script calls no other program.
    let record = bin.join("opened");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", record.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let event = root().join(EVENT);
    let (code, _, err) = run(tilmech(dir.path())
        .env("PATH", &bin)
        .arg("render")
        .arg(&event)
        .args(["--open", "-o", "out"]));
    assert_eq!(code, 0, "{err}");
    let opened = std::fs::read_to_string(&record).unwrap();
    assert!(
        opened
            .trim_end()
            .ends_with("out/2021-06-03-rogov-kazakbaev.en.html"),
        "{opened}"
    );
    // Without an opener: said, and nothing written.
    std::fs::remove_file(&opener).unwrap();
    let (code, _, err) = run(tilmech(dir.path())
        .env("PATH", &bin)
        .arg("render")
        .arg(&event)
        .args(["--open", "-o", "out2"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("xdg-open"), "{err}");
    assert!(!dir.path().join("out2").exists());
}

#[test]
fn quiet_leaves_out_the_notes_but_not_the_result() {
    let dir = TempDir::new("conv-quiet");
    let event = root().join(EVENT);
    let (code, out, err) = run(tilmech(dir.path())
        .arg("render")
        .arg(&event)
        .args(["-o", "out", "-q"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty() && out.is_empty(), "{out}{err}");
    assert!(dir
        .path()
        .join("out/2021-06-03-rogov-kazakbaev.ky.md")
        .is_file());
    let (_, out, _) =
        run(tilmech(dir.path()).args(["-q", "grammar", "ky", "case", "Ош", "--case", "loc"]));
    assert_eq!(out, "Ошто\n");
}

#[test]
fn lookup_reads_standard_input_for_dash_and_batch() {
    let dir = TempDir::new("conv-stdin");
    en_ru_memory(dir.path());
    let d = dir.path();
    let base = ["tm", "--tm", "m.sqlite", "lookup"];
    let (code, out, err) = run_in(
        d,
        &[&base[..], &["-", "--to", "ru", "-f", "json"]].concat(),
        "The meeting\nopened.\n",
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["items"][0]["target"], "Встреча открылась.");
    for batch in [&["--batch", "-"][..], &["--batch"][..]] {
        let args = [&base[..], batch, &["--to", "ru", "--format", "json"]].concat();
        let (code, out, err) = run_in(
            d,
            &args,
            "The meeting opened.\n\nHe asked the OSCE to assist.\n",
        );
        assert_eq!(code, 0, "{args:?}: {err}");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert_eq!(lines[1]["line"], 3);
        assert_eq!(lines[1]["matches"][0]["target"], "Он попросил ОБСЕ помочь.");
    }
}

/// Runs `tilmech ARGS` in `dir` on a terminal (util-linux `script` gives it
/// one) and returns what it wrote there, or `None` without `script`.
fn on_a_terminal(dir: &Path, args: &[&str]) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_tilmech");
    let command = std::iter::once(bin)
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output();
    match out {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) if std::env::var_os("TILMECH_CI").is_none() => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED progress bar test: cannot run util-linux `script` ({e})"
            );
            None
        }
        Err(e) => panic!("script: {e}"),
    }
}

#[test]
fn export_and_review_import_show_progress_on_a_terminal_only() {
    let dir = table_project();
    let d = dir.path();
    let (code, _, err) = run(tilmech(d).args([
        "draft", EVENT, "--to", "ru", "-o", "review", "--tm", "m.sqlite",
    ]));
    assert_eq!(code, 0, "{err}");
    let export = [
        "tm", "--tm", "m.sqlite", "export", "out.tsv", "-l", "en,ru", "--force",
    ];
    let review = ["review", "import", XLF, "--tm", "m.sqlite"];
    for (args, phases) in [
        (&export[..], &["reading", "exporting"][..]),
        (&review[..], &["checking"]),
    ] {
        let Some(shown) = on_a_terminal(d, args) else {
            return;
        };
        for phase in phases {
            assert!(shown.contains(phase), "{args:?}: no {phase} bar: {shown}");
        }
        let quiet = on_a_terminal(d, &[&["-q"], args].concat()).unwrap();
        for phase in phases {
            assert!(!quiet.contains(phase), "{args:?} -q: {quiet}");
        }
        // Not a terminal: no bar on stderr.
        let (code, _, err) = run(tilmech(d).args(args));
        assert_eq!(code, 0, "{err}");
        for phase in phases {
            assert!(!err.contains(phase), "{args:?}: {err}");
        }
    }
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

//! Integration tests: `tilmech check` — exit codes, layouts and formats.

use std::io::Write;
use std::path::Path;

use crate::common::{root, run, shared, tilmech, TempDir};

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// The clean fixture project in a temporary folder, with `case` laid over it.
fn project(case: Option<&str>) -> TempDir {
    let dir = TempDir::new("check");
    let fixtures = root().join("tests/fixtures/check");
    copy_tree(&fixtures.join("base"), dir.path());
    if let Some(case) = case {
        copy_tree(&fixtures.join(case), dir.path());
    }
    dir
}

#[test]
fn clean_project_exits_0_even_with_strict() {
    let dir = project(None);
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--strict"]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("checked 3 files in 3 locales: 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn the_project_is_found_from_a_subfolder() {
    let dir = project(Some("missing-attribute"));
    let (code, out, _) = run(tilmech(&dir.path().join("templates")).arg("check"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[missing-attribute]"), "{out}");
}

#[test]
fn human_output_is_file_line_col_on_one_line_with_the_source_line_under_it() {
    let dir = project(Some("plural-missing-category"));
    let (code, out, _) = run(tilmech(dir.path()).arg("check"));
    assert_eq!(code, 1, "{out}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "locales/ru/main.ftl:3:12: error[plural-missing-category]: guests: this plural select lacks few, many (whole numbers in `ru` reach one, few, many)"
    );
    assert_eq!(lines.next().unwrap(), "3 | guests = { $count ->");
    assert_eq!(lines.next().unwrap(), "  |            ^");
    assert_eq!(
        lines.next().unwrap(),
        "  = help: add a variant for each: [few] [many]"
    );
    assert!(out.contains("1 error, 0 warnings"), "{out}");
}

#[test]
fn warnings_fail_only_with_strict() {
    let dir = project(Some("obsolete-message"));
    let (code, out, _) = run(tilmech(dir.path()).arg("check"));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning[obsolete-message]: old-headline:"),
        "{out}"
    );
    let (code, _, _) = run(tilmech(dir.path()).args(["check", "--strict"]));
    assert_eq!(code, 1);
}

#[test]
fn a_missing_path_exits_2_with_an_error() {
    let dir = TempDir::new("check-missing");
    let (code, out, err) = run(tilmech(dir.path()).args(["check", "no-such-dir"]));
    assert_eq!(code, 2, "{out}");
    assert!(
        err.starts_with("error: no-such-dir: no such directory"),
        "{err}"
    );
}

#[test]
fn a_wrong_reference_exits_2() {
    let dir = project(None);
    let (code, _, err) = run(tilmech(dir.path()).args(["check", "--reference", "fr"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("reference locale `fr` has no .ftl files"),
        "{err}"
    );
}

#[test]
fn json_is_a_summary_and_the_findings_with_the_documented_fields() {
    let dir = project(Some("unknown-variable"));
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let items = v["items"].as_array().expect("an array");
    assert_eq!(v["summary"]["fails"], true);
    let errors = items.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(v["summary"]["errors"], errors);
    let f = items
        .iter()
        .find(|f| f["code"] == "unknown-variable")
        .expect("the finding");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "locales/ru/main.ftl");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(36))
    );
    assert_eq!(f["locale"], "ru");
    assert_eq!(f["id"], "headline");
    assert!(f["message"].as_str().unwrap().contains("$organisation"));
    assert!(f["help"].as_str().unwrap().contains("$org"));
}

#[test]
fn github_annotations_carry_file_line_and_column() {
    let dir = project(Some("duplicate-id"));
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--format", "github"]));
    assert_eq!(code, 1);
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with(
            "::error file=locales/ru/main.ftl,line=11,col=1,title=duplicate-id [ru]::more: "
        ),
        "{line}"
    );
}

#[test]
fn junit_is_well_formed_xml_with_one_failure_per_error() {
    let dir = project(Some("missing-template-message"));
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--format", "junit"]));
    assert_eq!(code, 1);
    let mut reader = quick_xml::Reader::from_str(&out);
    let (mut failures, mut suites) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"failure" => failures += 1,
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"testsuite" => suites += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((suites, failures), (3, 3), "{out}");
}

#[test]
fn a_locale_directory_layout_is_accepted_from_the_command_line() {
    let dir = project(Some("missing-message"));
    let (code, out, _) = run(tilmech(dir.path()).args([
        "check",
        "locales",
        "--reference",
        "en",
        "--locales",
        "ky",
        "--format",
        "json",
    ]));
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // No templates in this layout, so only the locale comparison runs.
    assert_eq!(codes, ["missing-message"]);
}

#[test]
fn firefox_site_missing_messages_and_exit_code() {
    let Some(shared) = shared("firefox_site_missing_messages_and_exit_code") else {
        return;
    };
    let site = shared.join("fluent/firefox-site");
    let (code, out, _) = run(tilmech(&site).args([
        "check",
        ".",
        "--reference",
        "en",
        "--locales",
        "ru,kk,uk,uz,az",
        "--format",
        "json",
    ]));
    // compare-locales exits 0 here; messages are missing, so tilmech must not.
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let count = |code: &str, locale: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == code && f["locale"] == locale)
            .count()
    };
    // The same counts compare-locales gives in files both tools look at
    // (docs/check-vs-compare-locales.md).
    assert_eq!(count("missing-message", "ru"), 4);
    assert_eq!(count("obsolete-message", "ru"), 6);
    assert_eq!(count("missing-message", "kk"), 77);
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "undefined-reference"
            && f["id"] == "footer-tiktok"
            && f["locale"] == "en"));
}

#[test]
fn the_project_itself_passes_strict() {
    let (code, out, err) = run(tilmech(&root()).args(["check", "--strict"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
}

#[test]
fn an_example_event_with_an_unknown_term_is_an_invalid_event() {
    let dir = crate::common::project_copy("check-invalid-event");
    let path = dir
        .path()
        .join("examples/events/2021-09-15-academy-handover.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"police-academy\"", "\"police-akademy\""),
    )
    .unwrap();
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "{out}");
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = findings["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "invalid-event")
        .expect("invalid-event finding");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("unknown recipient `police-akademy`"));
    assert_eq!(f["line"], 8);
}

#[test]
fn a_term_form_missing_for_an_example_is_a_render_error() {
    let dir = crate::common::project_copy("check-render-smoke");
    let path = dir.path().join("locales/ky/terms.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replace(
        "        [recent] ЕККУнун Бишкектеги программалык кеңсесинин жакында дайындалган башчысы\n",
        "",
    );
    assert_ne!(broken, text);
    std::fs::write(&path, broken).unwrap();
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "{out}");
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = findings["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "render-error")
        .expect("render-error finding");
    assert_eq!(f["locale"], "ky");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("has no form `recent`"),
        "{f}"
    );
}

#[test]
fn events_given_on_the_command_line_are_validated_too() {
    let dir = crate::common::project_copy("check-events-flag");
    let extra = dir.path().join("extra.toml");
    std::fs::write(&extra, "kind = \"handover\"\ndate = 2021-09-15\nplace = \"atlantis\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n").unwrap();
    assert_eq!(run(tilmech(dir.path()).args(["check"])).0, 0);
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--events", "extra.toml"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("extra.toml")
            && out.contains("invalid-event")
            && out.contains("unknown place `atlantis`"),
        "{out}"
    );
}

/// A locale tree in a temporary folder: `files` are (relative path, text).
fn tree(name: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new(name);
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Runs `tilmech check ARGS` in `dir`, failing (not hanging) after `secs`.
fn check_within(dir: &Path, args: &[&str], secs: u64) -> (i32, String, String) {
    use std::process::Stdio;
    let mut child = tilmech(dir)
        .arg("check")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > secs {
            child.kill().unwrap();
            panic!("tilmech check {args:?} did not finish within {secs} s");
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

#[cfg(unix)]
#[test]
fn a_fifo_named_ftl_is_skipped_with_a_warning_instead_of_hanging() {
    let dir = tree(
        "check-fifo",
        &[("l/en/m.ftl", "a = A\n"), ("l/ru/m.ftl", "a = А\n")],
    );
    let fifo = dir.path().join("l/ru/pipe.ftl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (code, out, err) = check_within(
        dir.path(),
        &["l", "--locales", "ru", "--format", "json"],
        60,
    );
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["not-a-file"], "{out}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_followed_once_without_bogus_findings() {
    let dir = tree(
        "check-symlink-loop",
        &[("l/en/m.ftl", "a = A\n"), ("l/ru/m.ftl", "a = А\n")],
    );
    std::fs::create_dir_all(dir.path().join("l/ru/sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("l/ru/sub/up")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("l/en/self")).unwrap();
    let (code, out, err) = check_within(dir.path(), &["l", "--locales", "ru"], 60);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("checked 2 files in 2 locales: 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn selects_nested_10000_deep_and_placeables_20000_deep_are_located_errors_not_crashes() {
    let mut selects = String::from("deep = ");
    for _ in 0..10_000 {
        selects.push_str("{ $n ->\n *[other] ");
    }
    selects.push('x');
    for _ in 0..10_000 {
        selects.push_str("\n}");
    }
    selects.push('\n');
    let placeables = format!("deep = {}$x{}\n", "{ ".repeat(20_000), " }".repeat(20_000));
    for (name, text) in [("selects", selects), ("placeables", placeables)] {
        let dir = tree(
            &format!("check-deep-{name}"),
            &[
                ("l/en/m.ftl", "deep = D\nafter = A\n"),
                ("l/ru/m.ftl", &format!("{text}after = А\n")),
            ],
        );
        let (code, out, err) = check_within(
            dir.path(),
            &["l", "--locales", "ru", "--format", "json"],
            120,
        );
        assert_eq!(code, 1, "{name}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{name}: {out}");
        assert_eq!(items[0]["code"], "nesting-too-deep");
        assert_eq!(items[0]["id"], "deep");
        assert!(items[0]["line"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn github_annotations_use_relative_paths_never_a_double_slash() {
    let dir = tree(
        "check-gh-abs",
        &[("l/en/m.ftl", "a = A\nb = B\n"), ("l/ru/m.ftl", "a = А\n")],
    );
    let abs = dir.path().join("l");
    let sub = dir.path().join("elsewhere");
    std::fs::create_dir_all(&sub).unwrap();
    let (code, out, _) = run(tilmech(&sub).args([
        "check",
        abs.to_str().unwrap(),
        "--locales",
        "ru",
        "--format",
        "github",
    ]));
    assert_eq!(code, 1, "{out}");
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with("::error file=../l/ru/m.ftl,line=1,"),
        "{line}"
    );
    assert!(!out.contains("//"), "{out}");
}

#[test]
fn junit_counts_every_test_case_and_strict_makes_warnings_failures() {
    let dir = tree(
        "check-junit-strict",
        &[
            ("l/en/m.ftl", "a = A\n"),
            ("l/ru/m.ftl", "a = А\nold = Старое\n"),
            ("l/kk/m.ftl", "a = А\n"),
        ],
    );
    let counts = |out: &str| {
        let mut reader = quick_xml::Reader::from_str(out);
        let (mut top, mut cases, mut failures) = (None, 0, 0);
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                    match e.name().as_ref() {
                        b"testsuites" => {
                            let attr = |n: &[u8]| {
                                let a = e.try_get_attribute(n).unwrap().unwrap();
                                String::from_utf8(a.value.to_vec())
                                    .unwrap()
                                    .parse::<usize>()
                                    .unwrap()
                            };
                            top = Some((attr(b"tests"), attr(b"failures")));
                        }
                        b"testcase" => cases += 1,
                        b"failure" => failures += 1,
                        _ => {}
                    }
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        (top.unwrap(), cases, failures)
    };
    let args = ["check", "l", "--locales", "ru,kk", "--format", "junit"];
    let (code, out, _) = run(tilmech(dir.path()).args(args));
    assert_eq!(code, 0);
    // en and kk are clean (one passing case each), ru has one warning.
    assert_eq!(counts(&out), ((3, 0), 3, 0), "{out}");
    let (code, out, _) = run(tilmech(dir.path()).args(args).arg("--strict"));
    assert_eq!(code, 1);
    assert_eq!(counts(&out), ((3, 1), 3, 1), "{out}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_one_finding_with_the_os_error_once() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(
        "check-unreadable",
        &[("l/en/m.ftl", "a = A\n"), ("l/ru/m.ftl", "a = А\n")],
    );
    let path = dir.path().join("l/ru/m.ftl");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Root reads anything; the permission cannot be taken away here.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED an_unreadable_file_is_one_finding_with_the_os_error_once: running as root"
        );
        return;
    }
    let (code, out, err) = run(tilmech(dir.path()).args(["check", "l", "--locales", "ru"]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out.matches("Permission denied").count() + err.matches("Permission denied").count(),
        1,
        "{out}{err}"
    );
    assert!(
        out.contains("error[unreadable-file]") && !out.contains("missing-file"),
        "{out}"
    );
}

/// The generated 100k-message file of the issue: must be read in linear
/// time. Timing is measured by scripts/bench-check.sh; the bound here only
/// catches a return of the quadratic behaviour (119 s before).
#[test]
fn a_file_of_100k_messages_is_checked_in_linear_time() {
    let mut en = String::new();
    let mut ru = String::new();
    for i in 0..100_000 {
        en.push_str(&format!(
            "message-{i} = Text {{ $n }} {{ -brand }}\n    .title = T\n"
        ));
        if i % 1000 != 7 {
            ru.push_str(&format!(
                "message-{i} = Текст {{ $n }} {{ -brand }}\n    .title = Т\n"
            ));
        }
    }
    en.push_str("-brand = B\n");
    ru.push_str("-brand = Б\n");
    let dir = tree(
        "check-100k",
        &[("l/en/big.ftl", &en), ("l/ru/big.ftl", &ru)],
    );
    let start = std::time::Instant::now();
    let (code, out, err) = check_within(
        dir.path(),
        &["l", "--locales", "ru", "--format", "json"],
        300,
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 100, "one missing message per thousand");
    assert!(items.iter().all(|f| f["code"] == "missing-message"));
    assert_eq!(items[0]["id"], "message-7");
    // Placed at the reference's line (2 lines per message).
    assert_eq!(items[0]["line"], 15);
    let _ = writeln!(
        std::io::stderr(),
        "100k messages: {:?} (debug build)",
        start.elapsed()
    );
}

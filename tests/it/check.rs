//! Integration tests: `tilmech check` — exit codes, layouts and formats.

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
fn json_is_one_array_of_findings_with_the_documented_fields() {
    let dir = project(Some("unknown-variable"));
    let (code, out, _) = run(tilmech(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let items = v.as_array().expect("an array");
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
    let codes: Vec<&str> = v
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
        v.as_array()
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
    assert!(v
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
    let f = findings
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
    let f = findings
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

//! Each rule against a fixture with one deliberate problem: the three-locale
//! project in `tests/fixtures/check/base` (which passes with no finding),
//! overlaid with the files of one sibling folder named after the problem.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{check, Options, Report, Severity, Target};
use crate::project::Project;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&path, &dest);
        } else if path.file_name().unwrap() != "delete.txt" {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// Builds the base project with `case` laid over it and checks it.
fn run(case: &str) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tmp")
        .join(format!("check-{case}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    copy_tree(&fixtures().join("base"), &dir);
    if case != "base" {
        let overlay = fixtures().join(case);
        copy_tree(&overlay, &dir);
        if let Ok(list) = std::fs::read_to_string(overlay.join("delete.txt")) {
            for rel in list.lines() {
                std::fs::remove_file(dir.join(rel)).unwrap();
            }
        }
    }
    let project = Project::open(&dir).unwrap();
    let options = Options {
        reference: project.config.reference.clone(),
        locales: project.config.languages.clone(),
        events: Vec::new(),
    };
    let report = check(&Target::Project(project), &options).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    report
}

fn codes(r: &Report) -> BTreeSet<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

/// Asserts that `case` yields exactly the codes `expected` (the deliberate
/// problem and what necessarily follows from it).
fn expect(case: &str, expected: &[&str]) -> Report {
    let r = run(case);
    let want: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(codes(&r), want, "{case}: {:#?}", r.findings);
    r
}

#[test]
fn the_base_fixture_is_clean() {
    let r = run("base");
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.locales, ["en", "ru", "ky"]);
    assert_eq!(r.files, 3);
}

#[test]
fn syntax_error_has_line_and_column_and_later_entries_are_still_checked() {
    let r = expect(
        "syntax-error",
        &[
            "syntax-error",
            "missing-attribute",
            "missing-template-message",
        ],
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "syntax-error")
        .unwrap();
    assert_eq!((f.line, f.column, f.locale.as_str()), (9, 6, "ru"));
    assert!(f.message.contains('='), "{}", f.message);
}

#[test]
fn a_select_without_default_is_one_finding_not_also_a_missing_message() {
    // The parser drops the whole entry; "missing" would be the same cause twice.
    expect("select-no-default", &["select-no-default"]);
}

#[test]
fn missing_message_and_term() {
    let r = expect(
        "missing-message",
        &["missing-message", "missing-template-message"],
    );
    assert!(r.findings.iter().any(|f| f.code == "missing-message"
        && f.id.as_deref() == Some("more")
        && f.locale == "ky"
        && f.severity == Severity::Error));
    expect("missing-term", &["missing-term", "undefined-reference"]);
}

#[test]
fn missing_file() {
    let r = expect(
        "missing-file",
        &["missing-file", "missing-template-message"],
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "missing-file")
        .unwrap();
    assert!(f.file.ends_with("locales/ky/main.ftl"));
}

#[test]
fn obsolete_message_file_and_attribute_are_warnings() {
    for case in ["obsolete-message", "obsolete-file", "obsolete-attribute"] {
        let r = expect(case, &[case]);
        assert!(r.findings.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(r.errors(), 0);
        assert!(r.fails(true) && !r.fails(false));
    }
}

#[test]
fn missing_attribute_and_value() {
    let r = expect("obsolete-value", &["obsolete-value"]);
    assert_eq!(
        (r.findings[0].locale.as_str(), r.findings[0].line),
        ("ru", 11)
    );
    expect(
        "missing-attribute",
        &["missing-attribute", "missing-template-message"],
    );
    expect(
        "missing-value",
        &["missing-value", "missing-template-message"],
    );
}

#[test]
fn duplicates() {
    let r = expect("duplicate-id", &["duplicate-id"]);
    assert_eq!(r.findings[0].line, 11);
    expect("duplicate-attribute", &["duplicate-attribute"]);
    expect("duplicate-variant", &["duplicate-variant"]);
}

#[test]
fn variables_the_reference_never_passes_and_dropped_ones() {
    let r = expect(
        "unknown-variable",
        &["unknown-variable", "dropped-variable", "unpassed-variable"],
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "unknown-variable")
        .unwrap();
    assert_eq!((f.line, f.column), (2, 36));
    assert!(f.help.contains("$org"), "{}", f.help);
    expect("dropped-variable", &["dropped-variable"]);
}

#[test]
fn references() {
    expect(
        "undefined-reference",
        &["undefined-reference", "extra-reference"],
    );
    expect("dropped-reference", &["dropped-reference"]);
    expect("extra-reference", &["extra-reference"]);
}

#[test]
fn russian_plural_needs_few_and_many() {
    let r = expect("plural-missing-category", &["plural-missing-category"]);
    assert!(
        r.findings[0].message.contains("few, many"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn kyrgyz_plural_needs_one() {
    let r = expect("plural-missing-category-ky", &["plural-missing-category"]);
    assert_eq!(r.findings[0].locale, "ky");
    assert!(
        r.findings[0].message.contains("lacks one"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn template_aware_rules() {
    let r = expect("missing-template-message", &["missing-template-message"]);
    let locales: BTreeSet<&str> = r.findings.iter().map(|f| f.locale.as_str()).collect();
    assert_eq!(locales, ["en", "ky", "ru"].into_iter().collect());
    assert!(r.findings.iter().all(|f| (f.line, f.column) == (4, 7)));
    expect("unpassed-variable", &["unpassed-variable"]);
    let r = expect("unused-message", &["unused-message"]);
    assert_eq!(r.findings.len(), 1, "reported once, in the reference");
    assert_eq!(r.findings[0].id.as_deref(), Some("spare"));
    expect("dynamic-message-id", &["dynamic-message-id"]);
}

#[test]
fn a_configured_locale_without_folder() {
    expect("missing-locale", &["missing-locale"]);
}

#[test]
fn a_file_that_is_not_utf8() {
    // An undecodable file is not read further, so nothing else is reported.
    let r = expect("not-utf8", &["not-utf8"]);
    assert!(r.findings[0].file.ends_with("locales/ky/extra.ftl"));
}

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
    let report = check(&Target::Project(Box::new(project)), &options).unwrap();
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

/// Checks a bare locale tree built from `files` ((relative path, text)),
/// comparing `locales` against `en`.
fn check_tree(name: &str, files: &[(&str, &str)], locales: &[&str]) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tmp")
        .join(format!("tree-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = Options {
        reference: "en".into(),
        locales: locales.iter().map(|l| l.to_string()).collect(),
        events: Vec::new(),
    };
    let report = check(&Target::LocaleDirs(dir.clone()), &options).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    report
}

/// Checks one message in `en` and its translation in `lang`.
fn pair(name: &str, en: &str, lang: &str, text: &str) -> Report {
    let rel = format!("{lang}/m.ftl");
    check_tree(name, &[("en/m.ftl", en), (&rel, text)], &[lang])
}

const EN_TABS: &str = "tabs = { $n ->\n    [one] { $n } tab\n   *[other] { $n } tabs\n}\n";

#[test]
fn russian_one_few_many_without_other_is_not_an_error() {
    // `other` is only reached by fractions, and `*[many]` catches those.
    let ru = "tabs = { $n ->\n    [one] { $n } вкладка\n    [few] { $n } вкладки\n   *[many] { $n } вкладок\n}\n";
    let r = pair("ru-no-other", EN_TABS, "ru", ru);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn russian_select_lacking_few_and_many_is_still_an_error() {
    let ru = "tabs = { $n ->\n    [one] { $n } вкладка\n   *[other] { $n } вкладок\n}\n";
    let r = pair("ru-few-many", EN_TABS, "ru", ru);
    assert_eq!(codes(&r), ["plural-missing-category"].into());
    assert!(r.findings[0].message.contains("lacks few, many"));
}

/// pdf.js's `pl` and `ro` sidebar titles (`[one] Komentarz *[other]
/// Komentarze`) print no number, so few and many never show.
#[test]
fn a_select_that_never_prints_its_number_lacking_few_is_a_warning() {
    let en = "title = { $n ->\n    [one] Comment\n   *[other] Comments\n}\n";
    let ru = "title = { $n ->\n    [one] Комментарий\n   *[other] Комментарии\n}\n";
    let r = pair("ru-unprinted", en, "ru", ru);
    assert_eq!(codes(&r), ["plural-missing-category"].into());
    assert_eq!(r.findings[0].severity, Severity::Warning);
    assert!(
        r.findings[0].message.contains("not printed"),
        "{}",
        r.findings[0].message
    );
    // Printed outside the select, the verb still agrees with the numeral.
    let ru = "title = { $n ->\n    [one] Удалена\n   *[other] Удалены\n} { $n } страниц\n";
    let r = pair("ru-printed-outside", en, "ru", ru);
    assert_eq!(r.findings[0].severity, Severity::Error);
}

/// pdf.js's `he` selects `[one] *[other]`: Hebrew's dual is optional.
#[test]
fn hebrew_select_lacking_two_is_a_warning() {
    let he = "tabs = { $n ->\n    [one] לשונית אחת\n   *[other] { $n } לשוניות\n}\n";
    let r = pair("he-two", EN_TABS, "he", he);
    assert_eq!(codes(&r), ["plural-missing-category"].into());
    assert_eq!(r.findings[0].severity, Severity::Warning);
}

/// intl_pluralrules 7 puts Belarusian 22 in `other`; pdf.js's `be` selects
/// `[one] [few] *[many]` were all reported as lacking it.
#[test]
fn belarusian_one_few_many_without_other_is_not_an_error() {
    let be = "tabs = { $n ->\n    [one] { $n } укладка\n    [few] { $n } укладкі\n   *[many] { $n } укладак\n}\n";
    let r = pair("be-no-other", EN_TABS, "be", be);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn an_exact_numeric_key_covers_a_category_that_holds_only_that_number() {
    let en = "tabs = { NUMBER($n) ->\n    [1] one tab\n   *[other] { $n } tabs\n}\n";
    let r = check_tree("en-numeric-one", &[("en/m.ftl", en)], &[]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    // In Russian `one` is 1, 21, 31, …: `[1]` alone does not cover it.
    let ru = "tabs = { NUMBER($n) ->\n    [1] одна\n    [few] { $n } вкладки\n   *[many] { $n } вкладок\n}\n";
    let r = pair("ru-numeric-one", en, "ru", ru);
    assert_eq!(codes(&r), ["plural-missing-category"].into());
    assert!(
        r.findings[0].message.contains("lacks one"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn fraction_digits_make_a_fraction_only_category_a_warning() {
    let ru = "tabs = { NUMBER($n, minimumFractionDigits: 1) ->\n    [one] { $n } вкладка\n    [few] { $n } вкладки\n   *[many] { $n } вкладок\n}\n";
    let r = pair("ru-fractions", EN_TABS, "ru", ru);
    assert_eq!(codes(&r), ["plural-fraction-category"].into());
    assert_eq!(r.findings[0].severity, Severity::Warning);
    assert!(r.findings[0].message.contains("other"));
}

#[test]
fn a_number_literal_selector_is_judged_by_its_own_category() {
    let ru = "tabs = { 5 ->\n    [one] вкладка\n   *[other] вкладок\n}\n";
    let r = pair("ru-literal", EN_TABS, "ru", ru);
    assert_eq!(
        codes(&r),
        ["plural-literal-default", "dropped-variable"].into()
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "plural-literal-default")
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("5 is `many`"), "{}", f.message);
}

#[test]
fn reference_cycles_are_errors_with_the_cycle_spelled_out_once() {
    let ftl =
        "-brand = { -brand-alt }\n-brand-alt = { -brand }\n-self = { -self }\nok = { -brand }\n";
    let r = check_tree("cycles", &[("en/m.ftl", ftl)], &[]);
    let cycles: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.code == "reference-cycle")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(cycles.len(), 2, "{:#?}", r.findings);
    assert!(
        cycles[0].contains("-brand → -brand-alt → -brand"),
        "{}",
        cycles[0]
    );
    assert!(
        cycles[1].contains("`-self` references itself"),
        "{}",
        cycles[1]
    );
    assert_eq!((r.findings[0].line, r.findings[0].column), (1, 12));
    assert!(r.findings.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn a_message_value_using_its_own_attribute_is_no_cycle() {
    let ftl = "a = { a.title }\n    .title = T\nb = { c }\n    .x = X\nc = { b.x }\n";
    let r = check_tree("no-cycle", &[("en/m.ftl", ftl)], &[]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn a_digit_1_in_russian_one_is_a_warning_with_the_placeable_to_use() {
    let en =
        "pages = { $count ->\n    [one] 1 page deleted\n   *[other] { $count } pages deleted\n}\n";
    let ru = "pages = { $count ->\n    [one] Удалена 1 страница\n    [few] Удалены { $count } страницы\n   *[many] Удалено { $count } страниц\n}\n";
    let r = pair("one-digit", en, "ru", ru);
    // English `one` is only 1, so the reference's "1 page" is fine.
    assert_eq!(codes(&r), ["one-hardcoded-number"].into());
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "one-hardcoded-number")
        .unwrap();
    assert_eq!((f.locale.as_str(), f.line, f.column), ("ru", 2, 6));
    assert!(f.message.contains("21"), "{}", f.message);
    assert!(f.help.contains("{ $count }"), "{}", f.help);
}

#[test]
fn style_units_and_properties_must_match_the_reference() {
    let en = "dialog =\n    .style = min-width: 23em; height: 10em\n";
    let r = pair(
        "style-ok",
        en,
        "ru",
        "dialog =\n    .style = min-width: 30em; height: 12em;\n",
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let r = pair(
        "style-px",
        en,
        "ru",
        "dialog =\n    .style = min-width: 23px; width: 5em\n",
    );
    assert_eq!(codes(&r), ["style-mismatch"].into());
    let m = &r.findings[0].message;
    assert!(
        m.contains("units for min-width differ (px, reference em)"),
        "{m}"
    );
    assert!(
        m.contains("width only in the translation") && m.contains("height only in the reference"),
        "{m}"
    );
    let r = pair(
        "style-bad",
        en,
        "ru",
        "dialog =\n    .style = min-width 23em\n",
    );
    assert_eq!(codes(&r), ["style-not-css"].into());
    assert_eq!(r.findings[0].severity, Severity::Error);
}

#[test]
fn a_missing_brace_is_one_finding_not_also_missing_messages() {
    let en = "a = A\nb = { $x }\nc = { b }\n";
    let r = pair("brace", en, "ru", "a = А\nb = { $x\nc = { b }\n");
    assert_eq!(codes(&r), ["syntax-error"].into(), "{:#?}", r.findings);
}

#[test]
fn a_missing_message_is_placed_at_the_reference_line() {
    let en = "a = A\nb = B\nc = C\nd = D\n";
    let r = pair("missing-line", en, "ru", "a = А\nb = Б\nd = Д\n");
    assert_eq!(codes(&r), ["missing-message"].into());
    assert_eq!((r.findings[0].line, r.findings[0].column), (3, 1));
    assert!(!r.findings[0].frame);
}

#[test]
fn an_entry_nested_too_deep_is_one_located_finding_and_the_rest_is_read() {
    let deep = format!(
        "a = A\ndeep = {}$x{}\nb = B\n",
        "{ ".repeat(5000),
        " }".repeat(5000)
    );
    let calls = format!(
        "calls = {{ {}$x{} }}\n",
        "NUMBER(".repeat(3000),
        ")".repeat(3000)
    );
    let en = "a = A\ndeep = D\nb = B\ncalls = C\n";
    let r = pair("deep", en, "ru", &(deep + &calls));
    assert_eq!(codes(&r), ["nesting-too-deep"].into(), "{:#?}", r.findings);
    let lines: Vec<usize> = r.findings.iter().map(|f| f.line).collect();
    assert_eq!(lines, [2, 4]);
    assert_eq!(r.findings[0].id.as_deref(), Some("deep"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported_once_with_line_and_column() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tmp")
        .join(format!("utf8-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("en")).unwrap();
    std::fs::create_dir_all(dir.join("ru")).unwrap();
    std::fs::write(dir.join("en/m.ftl"), "a = A\nb = B\n").unwrap();
    std::fs::write(dir.join("ru/m.ftl"), b"a = \xd0\x90\nb = caf\xe9\n").unwrap();
    let options = Options {
        reference: "en".into(),
        locales: vec!["ru".into()],
        events: Vec::new(),
    };
    let r = check(&Target::LocaleDirs(dir.clone()), &options).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(codes(&r), ["not-utf8"].into(), "{:#?}", r.findings);
    assert_eq!((r.findings[0].line, r.findings[0].column), (2, 8));
}

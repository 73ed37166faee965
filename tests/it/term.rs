//! Integration tests: `tilmech term add`, a new term in every locale.

use std::io::Write;
use std::process::Stdio;

use crate::common::{project_copy, run, tilmech};

const LOCALES: [&str; 3] = ["en", "ru", "ky"];

/// A partner whose Russian instrumental the rules doubt (Кенешем or
/// *Кенешом: the stress is not in the spelling).
const PARLIAMENT: [&str; 10] = [
    "term",
    "add",
    "partner",
    "parliament",
    "--en",
    "the Jogorku Kenesh",
    "--ru",
    "Жогорку Кенеш",
    "--ky",
    "Жогорку Кеңеш",
];

fn terms_files(dir: &std::path::Path) -> Vec<String> {
    LOCALES
        .iter()
        .map(|l| std::fs::read_to_string(dir.join(format!("locales/{l}/terms.ftl"))).unwrap())
        .collect()
}

/// A meeting at `place` whose guest holds `position`.
fn meeting(place: &str, position: &str) -> String {
    format!(
        r#"kind = "meeting"
date = 2027-01-20
place = "{place}"
source = "en"

[[people]]
role = "host"
name = {{ en = "Alexey Rogov", ru = "Алексей Рогов", ky = "Алексей Рогов" }}
gender = "male"
position = "osce-head"

[[people]]
role = "guest"
name = {{ en = "Dogdurkul Kendirbaeva", ru = "Догдуркул Кендирбаева", ky = "Догдуркул Кендирбаева" }}
gender = "female"
position = "{position}"
"#
    )
}

#[test]
fn term_add_writes_a_place_and_a_position_that_render_in_every_language() {
    let dir = project_copy("term-add");
    let (code, _, err) = run(tilmech(dir.path()).args([
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
    ]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(tilmech(dir.path()).args([
        "term",
        "add",
        "position",
        "minister-education",
        "--en",
        "Minister of Education and Science of the Kyrgyz Republic",
        "--ru",
        "Министр образования и науки Кыргызской Республики",
        "--ky",
        "Кыргыз Республикасынын Билим берүү жана илим министри",
        "--yes",
    ]));
    assert_eq!(code, 0, "{err}");
    let ru = std::fs::read_to_string(dir.path().join("locales/ru/terms.ftl")).unwrap();
    assert!(
        ru.contains(
            "-place-talas = { $case ->\n       *[nom] Талас\n        [acc] Талас\n        [prep] Таласе\n    }\n"
        ),
        "{ru}"
    );
    assert!(ru.contains("[ins] Министром образования и науки Кыргызской Республики"));
    std::fs::write(
        dir.path().join("x.toml"),
        meeting("talas", "minister-education"),
    )
    .unwrap();
    let (code, out, err) = run(tilmech(dir.path()).args(["render", "x.toml"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("met with the Minister of Education and Science of the Kyrgyz Republic, Dogdurkul Kendirbaeva."), "{out}");
    assert!(out.contains("20 января 2027 года, ТАЛАС – Глава Программного офиса ОБСЕ в Бишкеке Алексей Рогов встретился с Министром образования и науки Кыргызской Республики Догдуркул Кендирбаевой."), "{out}");
    assert!(out.contains("2027-жылдын 20-январы, ТАЛАС – ЕККУнун Бишкектеги программалык кеңсесинин башчысы Алексей Рогов Кыргыз Республикасынын Билим берүү жана илим министри Догдуркул Кендирбаева менен жолукту."), "{out}");
    let (code, _, err) = run(tilmech(dir.path()).args(["check", "--strict"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn term_add_refuses_a_term_that_exists_and_changes_nothing() {
    let dir = project_copy("term-exists");
    let before = terms_files(dir.path());
    let (code, _, err) = run(tilmech(dir.path()).args([
        "term", "add", "place", "osh", "--en", "Osh", "--ru", "Ош", "--ky", "Ош", "--yes",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("-place-osh already exists"), "{err}");
    assert_eq!(terms_files(dir.path()), before);
    let (code, _, err) = run(tilmech(dir.path()).args([
        "term", "add", "plase", "talas", "--en", "T", "--ru", "Т", "--ky", "Т",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `place`"), "{err}");
    assert_eq!(terms_files(dir.path()), before);
}

#[test]
fn term_add_with_yes_stops_at_an_unsure_form_and_names_the_flag() {
    let dir = project_copy("term-unsure");
    let before = terms_files(dir.path());
    let args = [&PARLIAMENT[..], &["--yes"]].concat();
    let (code, _, err) = run(tilmech(dir.path()).args(&args));
    assert_eq!(code, 2);
    assert!(
        err.contains("--ru-ins \"…\"") && err.contains("Жогорку Кенешем"),
        "{err}"
    );
    assert_eq!(terms_files(dir.path()), before);
    let (code, _, err) = run(tilmech(dir.path())
        .args(&args)
        .args(["--ru-ins", "Жогорку Кенешем"]));
    assert_eq!(code, 0, "{err}");
    let ru = std::fs::read_to_string(dir.path().join("locales/ru/terms.ftl")).unwrap();
    assert!(ru.contains("        [ins] Жогорку Кенешем\n"), "{ru}");
}

#[test]
fn term_add_asks_for_an_unsure_form_and_writes_only_when_confirmed() {
    let dir = project_copy("term-ask");
    let before = terms_files(dir.path());
    let ask = |input: &str| {
        let mut child = tilmech(dir.path())
            .args(PARLIAMENT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = ask("\nn\n");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("ru ins is unsure") && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(terms_files(dir.path()), before);
    let (code, err) = ask("Жогорку Кенешем\ny\n");
    assert_eq!(code, Some(0), "{err}");
    let ru = std::fs::read_to_string(dir.path().join("locales/ru/terms.ftl")).unwrap();
    assert!(ru.contains("        [ins] Жогорку Кенешем\n"), "{ru}");
    let ky = std::fs::read_to_string(dir.path().join("locales/ky/terms.ftl")).unwrap();
    assert!(ky.contains("-partner-parliament = Жогорку Кеңеш\n"), "{ky}");
}

#[test]
fn check_reports_a_term_lacking_a_form_its_family_needs_at_the_terms_line() {
    let dir = project_copy("term-check");
    let ru = dir.path().join("locales/ru/terms.ftl");
    let mut text = std::fs::read_to_string(&ru).unwrap();
    let line = text.lines().count() + 2;
    text.push_str("\n-place-talas = Талас\n");
    std::fs::write(&ru, text).unwrap();
    for l in ["en", "ky"] {
        let path = dir.path().join(format!("locales/{l}/terms.ftl"));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\n-place-talas = Talas\n");
        std::fs::write(&path, text).unwrap();
    }
    // No event names the place: the check finds it from the messages alone.
    let (code, out, err) = run(tilmech(dir.path()).args(["check"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("locales/ru/terms.ftl:{line}:1: error[term-missing-form]: -place-talas: -place-talas has no `prep` form, which")),
        "{out}"
    );
    // Kyrgyz makes its cases by rule: a plain Kyrgyz place lacks nothing.
    assert!(!out.contains("locales/ky/terms.ftl"), "{out}");
}

/// The Osh training with `count` participants of the term `experts`.
fn training_of_experts(dir: &std::path::Path, count: u32) -> std::path::PathBuf {
    let text = std::fs::read_to_string(dir.join("examples/events/2021-04-22-osh-training.toml"))
        .unwrap()
        .replace(
            "participants = { term = \"police-officers\", count = 25 }",
            &format!("participants = {{ term = \"experts\", count = {count} }}"),
        );
    assert!(
        text.contains("\"experts\""),
        "the example's participants moved"
    );
    let path = dir.join(format!("experts-{count}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn term_add_writes_counted_terms_with_every_plural_category() {
    let dir = project_copy("term-counted");
    let d = dir.path();
    let add = [
        "term",
        "add",
        "participants",
        "experts",
        "--en",
        "expert",
        "--ru",
        "эксперт",
        "--ky",
        "эксперт",
        "--yes",
    ];
    // Without the plurals: nothing written, and the flags named.
    let before = terms_files(d);
    let (code, _, err) = run(tilmech(d).args(add));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--en-other") && err.contains("--ru-gen-pl"),
        "{err}"
    );
    assert_eq!(terms_files(d), before);
    let (code, _, err) =
        run(tilmech(d)
            .args(add)
            .args(["--en-other", "experts", "--ru-gen-pl", "экспертов"]));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(tilmech(d).args(["check", "--strict"]));
    assert_eq!(code, 0, "{out}{err}");
    for (count, en, ru, ky) in [
        (1, "for 1 expert ", "для 1 эксперта ", "1 эксперт үчүн"),
        (3, "for 3 experts ", "для 3 экспертов ", "3 эксперт үчүн"),
        (21, "for 21 experts ", "для 21 эксперта ", "21 эксперт үчүн"),
        (
            25,
            "for 25 experts ",
            "для 25 экспертов ",
            "25 эксперт үчүн",
        ),
    ] {
        let event = training_of_experts(d, count);
        for (lang, want) in [("en", en), ("ru", ru), ("ky", ky)] {
            let (code, out, err) = run(tilmech(d).arg("render").arg(&event).args(["-l", lang]));
            assert_eq!(code, 0, "{err}");
            assert!(out.contains(want), "{lang} {count}: {want:?} in\n{out}");
        }
    }
}

#[test]
fn term_add_refuses_plurals_for_a_term_without_a_count() {
    let dir = project_copy("term-uncounted-plural");
    let (code, _, err) = run(tilmech(dir.path()).args([
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
        "--en-other",
        "Talases",
        "--yes",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("takes no count"), "{err}");
}

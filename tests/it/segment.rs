//! Integration tests: sentence segmentation (`tm::segment` and the hidden
//! `tilmech segment` command).

use std::path::Path;

use serde::Deserialize;
use tilmech::tm::segment;

use crate::common;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    lang: String,
    trap: String,
    /// What the sentences are joined with to make the input; a space when absent.
    join: Option<String>,
    sentences: Vec<String>,
}

fn cases() -> Vec<Case> {
    let path = common::root().join("tests/fixtures/segmentation/cases.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str::<Cases>(&text).unwrap().case
}

#[test]
fn every_case_in_the_shared_cases_file_splits_as_expected() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let input = c.sentences.join(c.join.as_deref().unwrap_or(" "));
        let got = segment::split(&input, &c.lang);
        if got != c.sentences {
            failures.push(format!(
                "case {} ({}, {}):\n  input:    {input}\n  expected: {:?}\n  got:      {:?}",
                i + 1,
                c.lang,
                c.trap,
                c.sentences,
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cases_cover_every_trap_in_every_language() {
    let cases = cases();
    for lang in ["en", "ru", "ky"] {
        for trap in [
            "abbreviation",
            "initials",
            "numbers",
            "number-start",
            "dates",
            "quotes",
            "quote-end",
            "quote-start",
            "ellipsis",
            "?!",
            "url",
            "headline",
            "missing-space",
        ] {
            assert!(
                cases.iter().any(|c| c.lang == lang && c.trap == trap),
                "no {lang} case for {trap}"
            );
        }
    }
}

/// Sentences per paragraph (the headline counts as one), verified by reading
/// each file. The Kyrgyz Osh release splits one English sentence in two and
/// the Russian elections release merges two into one, as the aligner expects.
const REFERENCE_COUNTS: &[(&str, &str, &[usize])] = &[
    ("reference/seed-release.en.md", "en", &[1, 1, 2, 3, 2, 1, 3]),
    ("reference/seed-release.ru.md", "ru", &[1, 1, 2, 3, 2, 1, 3]),
    ("reference/seed-release.ky.md", "ky", &[1, 1, 2, 3, 2, 1, 3]),
    (
        "reference/archive/2021-02-10-justice.en.md",
        "en",
        &[1, 1, 2, 2, 2],
    ),
    (
        "reference/archive/2021-02-10-justice.ru.md",
        "ru",
        &[1, 1, 2, 2, 2],
    ),
    (
        "reference/archive/2021-02-10-justice.ky.md",
        "ky",
        &[1, 1, 2, 2, 2],
    ),
    (
        "reference/archive/2021-04-22-osh-training.en.md",
        "en",
        &[1, 1, 2, 1, 2],
    ),
    (
        "reference/archive/2021-04-22-osh-training.ru.md",
        "ru",
        &[1, 1, 2, 1, 2],
    ),
    (
        "reference/archive/2021-04-22-osh-training.ky.md",
        "ky",
        &[1, 1, 3, 1, 2],
    ),
    (
        "reference/archive/2021-05-12-elections.en.md",
        "en",
        &[1, 1, 2, 1, 2],
    ),
    (
        "reference/archive/2021-05-12-elections.ru.md",
        "ru",
        &[1, 1, 2, 1, 1],
    ),
    (
        "reference/archive/2021-05-12-elections.ky.md",
        "ky",
        &[1, 1, 2, 1, 2],
    ),
];

#[test]
fn reference_releases_split_into_the_sentences_a_reader_counts() {
    let Some(shared) =
        common::shared("reference_releases_split_into_the_sentences_a_reader_counts")
    else {
        return;
    };
    let mut seen = 0;
    for (file, lang, expected) in REFERENCE_COUNTS {
        let text = std::fs::read_to_string(shared.join(file)).unwrap();
        let paragraphs: Vec<&str> = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let counts: Vec<usize> = paragraphs
            .iter()
            .map(|p| segment::split(p, lang).len())
            .collect();
        assert_eq!(&counts, expected, "{file}");
        seen += 1;
    }
    // Every reference release is listed, so a new one cannot go unchecked.
    let archive = std::fs::read_dir(shared.join("reference/archive"))
        .unwrap()
        .count();
    assert_eq!(seen, archive + 3);
}

#[test]
fn segment_command_prints_one_sentence_per_line_and_a_blank_line_per_paragraph() {
    let dir = common::TempDir::new("segment-cli");
    let input = dir.path().join("in.txt");
    std::fs::write(
        &input,
        "Рогов А.А. прибыл в г. Ош. Он выступил.\n\nВторой абзац.\n",
    )
    .unwrap();
    let (code, out, err) =
        common::run(common::tilmech(dir.path()).args(["segment", "--lang", "ru", "in.txt"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Рогов А.А. прибыл в г. Ош.\nОн выступил.\n\nВторой абзац.\n\n"
    );
}

#[test]
fn segment_command_explains_which_rule_decided() {
    let dir = common::TempDir::new("segment-explain");
    std::fs::write(dir.path().join("in.txt"), "Mr. Rogov left. Then.\n").unwrap();
    let (code, out, _) = common::run(common::tilmech(dir.path()).args([
        "segment",
        "--lang",
        "en",
        "--explain",
        "in.txt",
    ]));
    assert_eq!(code, 0);
    assert!(out.contains("en/title"), "{out}");
    assert!(out.contains("default/end"), "{out}");
}

#[test]
fn segment_is_listed_in_help_with_examples() {
    let (_, out, _) = common::run(common::tilmech(Path::new(".")).arg("--help"));
    assert!(out.contains("\n  segment "), "{out}");
    let (code, out, _) = common::run(common::tilmech(Path::new(".")).args(["segment", "--help"]));
    assert_eq!(code, 0);
    assert!(out.contains("Examples:"), "{out}");
}

#[test]
fn ten_thousand_sentences_split_in_one_pass_without_delay() {
    let sentences: Vec<String> = cases()
        .into_iter()
        .filter(|c| c.lang == "ru")
        .flat_map(|c| c.sentences)
        .collect();
    let text: Vec<&str> = sentences
        .iter()
        .map(String::as_str)
        .cycle()
        .take(10_000)
        .collect();
    let text = text.join(" ");
    let started = std::time::Instant::now();
    let got = segment::split(&text, "ru");
    let took = started.elapsed();
    assert_eq!(got.len(), 10_000);
    // About 0.15 s in a debug build; the bound only catches a blow-up such as
    // rules rescanning the paragraph at every candidate.
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

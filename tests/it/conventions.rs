//! Integration tests: the command-line conventions of issue #19 — one
//! vocabulary, JSON wherever a script reads, errors said once, exit codes
//! as the README's table, nothing written on error.

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

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[allow(dead_code)]
fn project() -> std::path::PathBuf {
    root().join(EVENT)
}

//! Integration tests: `tilmech review import` of files a CAT tool (or a
//! careless or hostile user) may bring back, and what it leaves behind.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common::{project_copy, run, tilmech, xliff_1_2_ru, TempDir};

const EVENT: &str = r#"# A small event.
kind = "meeting"
date = 2021-06-03
place = "bishkek"
source = "en"

[[people]]
role = "host"
name = { en = "Alexey Rogov", ru = "Алексей Рогов", ky = "Алексей Рогов" }
gender = "male"
position = "osce-head"

[[people]]
role = "guest"
name = { en = "Ruslan Kazakbaev", ru = "Руслан Казакбаев", ky = "Руслан Казакбаев" }
gender = "male"
position = "minister-foreign-affairs"

[[paragraphs]]
en = "He asked the OSCE to help. It agreed."
"#;

/// A project with the small event at `examples/events/small.toml`.
fn project(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(name);
    let events = dir.path().join("examples/events");
    std::fs::create_dir_all(&events).unwrap();
    let event = events.join("small.toml");
    std::fs::write(&event, EVENT).unwrap();
    (dir, event)
}

/// An XLIFF 1.2 review of the small event: one `<file>` per `(lang, [target])`,
/// each target given as XML content and approved (`final`).
fn xliff(original: &str, files: &[(&str, [&str; 2])]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
    );
    for (lang, targets) in files {
        out += &format!("  <file original=\"{original}\" source-language=\"en\" target-language=\"{lang}\" datatype=\"plaintext\">\n    <body>\n");
        for (s, (source, target)) in ["He asked the OSCE to help.", "It agreed."]
            .iter()
            .zip(targets)
            .enumerate()
        {
            out += &format!(
                "      <trans-unit id=\"p1.s{}\" xml:space=\"preserve\">\n        <source>{source}</source>\n        <target state=\"final\">{target}</target>\n      </trans-unit>\n",
                s + 1
            );
        }
        out += "    </body>\n  </file>\n";
    }
    out + "</xliff>\n"
}

const RU: [&str; 2] = ["Он попросил ОБСЕ помочь.", "Оно согласилось."];

/// Runs `review import FILE` from `dir` with the memory `tm`.
fn import(dir: &Path, tm: &Path, file: &Path, extra: &[&str]) -> (i32, String, String) {
    run(tilmech(dir)
        .env("TILMECH_TM", tm)
        .args(["review", "import", file.to_str().unwrap()])
        .args(extra))
}

/// The number of units in the memory, from `tm stats --format json`.
fn units(dir: &Path, tm: &Path) -> u64 {
    if !tm.exists() {
        return 0;
    }
    let (code, out, err) = run(tilmech(dir)
        .env("TILMECH_TM", tm)
        .args(["tm", "stats", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stats = &stats["summary"];
    stats["units"].as_u64().unwrap()
}

/// The memory `tm` exported as en-ru TMX (through `tm export`, from `dir`).
fn exported_tmx(dir: &Path, tm: &Path) -> String {
    let out = dir.join("out.tmx");
    let _ = std::fs::remove_file(&out);
    let (code, _, err) = run(tilmech(dir).env("TILMECH_TM", tm).args([
        "tm",
        "export",
        out.to_str().unwrap(),
        "--langs",
        "en,ru",
    ]));
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(&out).unwrap()
}

/// A review of the small event, imported in a fresh project.
struct Attempt {
    dir: TempDir,
    event: PathBuf,
    tm: PathBuf,
    code: i32,
    out: String,
    err: String,
}

fn attempt(name: &str, text: &str) -> Attempt {
    let (dir, event) = project(name);
    let tm = dir.path().join("tm.sqlite");
    let file = dir.path().join("small.ru.xlf");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = import(dir.path(), &tm, &file, &[]);
    Attempt {
        dir,
        event,
        tm,
        code,
        out,
        err,
    }
}

/// Imports `text` as a review of the small event and expects exit 2 with
/// every `expected` part in the message, and nothing changed.
fn refused(name: &str, text: &str, expected: &[&str]) {
    let a = attempt(name, text);
    assert_eq!(a.code, 2, "{}{}", a.out, a.err);
    for part in expected {
        assert!(a.err.contains(part), "expected «{part}» in: {}", a.err);
    }
    assert_eq!(std::fs::read_to_string(&a.event).unwrap(), EVENT);
    assert_eq!(units(a.dir.path(), &a.tm), 0);
}

/// Imports `text` as a review of the small event, expecting success, and
/// returns the event file afterwards.
fn imported(name: &str, text: &str) -> String {
    let a = attempt(name, text);
    assert_eq!(a.code, 0, "{}{}", a.out, a.err);
    std::fs::read_to_string(&a.event).unwrap()
}

fn ru_paragraph(toml: &str) -> String {
    let value: toml::Value = toml::from_str(toml).unwrap();
    value["paragraphs"][0]["ru"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_review_into_the_source_language_is_refused_and_changes_nothing() {
    refused(
        "review-into-source",
        &xliff("examples/events/small.toml", &[("en", RU)]),
        &["small.ru.xlf:3:3:", "`en` is the event's source language"],
    );
}

#[test]
fn a_review_into_a_language_outside_the_project_is_refused_and_changes_nothing() {
    refused(
        "review-into-fr",
        &xliff("examples/events/small.toml", &[("fr", RU)]),
        &[
            "small.ru.xlf:3:3:",
            "`fr` is not one of the project's languages",
            "ru, ky",
        ],
    );
}

#[test]
fn an_xliff_whose_files_translate_into_two_languages_is_refused() {
    refused(
        "review-two-files",
        &xliff("examples/events/small.toml", &[("ru", RU), ("ky", RU)]),
        &["small.ru.xlf:15:3:", "en → ky", "one XLIFF per <file>"],
    );
}

#[test]
fn a_region_subtag_in_target_language_is_the_language_itself() {
    let text = xliff("examples/events/small.toml", &[("ru-RU", RU)]);
    assert_eq!(
        ru_paragraph(&imported("review-ru-RU", &text)),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
}

#[test]
fn inline_elements_keep_their_text() {
    let text = xliff(
        "examples/events/small.toml",
        &[(
            "ru",
            [
                "Он <g id=\"1\" ctype=\"bold\">попросил</g> ОБСЕ <x id=\"2\"/>помочь<ph id=\"3\">&lt;br/&gt;</ph>.",
                "<mrk mtype=\"seg\" mid=\"2\">Оно <bx id=\"4\"/>согласилось<ex id=\"5\"/>.</mrk>",
            ],
        )],
    )
    // The source has the same codes, so the tag check passes.
    .replacen(
        "<source>He asked the OSCE to help.</source>",
        "<source>He <g id=\"1\">asked</g> the OSCE <x id=\"2\"/>to help<ph id=\"3\">&lt;br/&gt;</ph>.</source>",
        1,
    )
    .replacen(
        "<source>It agreed.</source>",
        "<source>It <bx id=\"4\"/>agreed<ex id=\"5\"/>.</source>",
        1,
    );
    assert_eq!(
        ru_paragraph(&imported("review-inline", &text)),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
}

#[test]
fn inline_markup_of_a_target_is_kept_in_the_memory() {
    let (dir, _) = project("review-inline-tm");
    let d = dir.path();
    let tm = d.join("tm.sqlite");
    let file = d.join("small.ru.xlf");
    let text = xliff(
        "examples/events/small.toml",
        &[(
            "ru",
            [
                "Он <g id=\"1\">попросил</g> ОБСЕ помочь.",
                "Оно согласилось.",
            ],
        )],
    )
    .replacen(
        "<source>He asked the OSCE to help.</source>",
        "<source>He <g id=\"1\">asked</g> the OSCE to help.</source>",
        1,
    );
    std::fs::write(&file, text).unwrap();
    assert_eq!(import(d, &tm, &file, &[]).0, 0);
    let tmx = exported_tmx(d, &tm);
    assert!(
        tmx.contains("Он <bpt i=\"1\">&lt;g id=&quot;1&quot;&gt;</bpt>попросил<ept i=\"1\">&lt;/g&gt;</ept> ОБСЕ помочь."),
        "{tmx}"
    );
}

#[test]
fn text_of_alt_trans_candidates_never_joins_the_target() {
    let mut text = xliff("examples/events/small.toml", &[("ru", RU)]);
    text = text.replacen(
        "</target>\n",
        "</target>\n        <alt-trans match-quality=\"80\"><source>He asked.</source><target><![CDATA[Кандидат]]> и <g id=\"1\">ещё</g></target></alt-trans>\n",
        1,
    );
    assert_eq!(
        ru_paragraph(&imported("review-alt-trans", &text)),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
}

#[test]
fn a_state_outside_xliff_1_2_is_an_input_error_naming_the_segment() {
    let text = xliff("examples/events/small.toml", &[("ru", RU)]).replacen(
        "state=\"final\"",
        "state=\"approved\"",
        1,
    );
    refused(
        "review-bad-state",
        &text,
        &[
            "small.ru.xlf:7:9:",
            "`p1.s1`",
            "state=\"approved\"",
            "final, needs-adaptation",
            "signed-off, translated",
        ],
    );
}

#[test]
fn a_review_whose_event_cannot_be_written_changes_nothing() {
    // A name the file system takes, but with no room for a temporary name
    // beside it (this also fails for root, unlike a read-only directory).
    let (dir, _) = project("review-unwritable");
    let d = dir.path();
    let event = d.join(format!("{}.toml", "e".repeat(245)));
    std::fs::write(&event, EVENT).unwrap();
    let tm = d.join("tm.sqlite");
    let file = d.join("small.ru.xlf");
    std::fs::write(&file, xliff(event.to_str().unwrap(), &[("ru", RU)])).unwrap();
    let (code, out, err) = import(d, &tm, &file, &[]);
    assert_eq!(units(d, &tm), 0, "the memory must not say reviewed: {err}");
    assert_eq!(std::fs::read_to_string(&event).unwrap(), EVENT);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("nothing was changed"), "{err}");
}

#[test]
fn a_symlinked_event_is_written_through_the_link() {
    let (dir, event) = project("review-symlink");
    let d = dir.path();
    let shared = d.join("shared");
    std::fs::create_dir(&shared).unwrap();
    let real = shared.join("small.toml");
    std::fs::rename(&event, &real).unwrap();
    std::os::unix::fs::symlink(&real, &event).unwrap();
    std::fs::set_permissions(&real, PermissionsExt::from_mode(0o640)).unwrap();
    let tm = d.join("tm.sqlite");
    let file = d.join("small.ru.xlf");
    std::fs::write(&file, xliff("examples/events/small.toml", &[("ru", RU)])).unwrap();
    let (code, out, err) = import(d, &tm, &file, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(std::fs::symlink_metadata(&event)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        ru_paragraph(&std::fs::read_to_string(&real).unwrap()),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .starts_with("# A small event."));
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640, "the event keeps its permissions");
}

#[test]
fn a_draft_finds_its_event_from_any_working_directory() {
    // `draft` renders, which needs the project's templates and locales.
    let dir = project_copy("review-cwd");
    let d = dir.path();
    let event = d.join("examples/events/small.toml");
    std::fs::write(&event, EVENT).unwrap();
    let tm = d.join("tm.sqlite");
    let (code, out, err) = run(tilmech(d).env("TILMECH_TM", &tm).args([
        "draft",
        "examples/events/small.toml",
        "--to",
        "ru",
        "--out",
        "review",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    let file = d.join("review/small.ru.xlf");
    let drafted = std::fs::read_to_string(&file).unwrap();
    assert!(
        drafted.contains("original=\"../examples/events/small.toml\""),
        "{drafted}"
    );
    let empty = "state=\"needs-translation\"></target>";
    let reviewed = drafted
        .replacen(empty, &format!("state=\"final\">{}</target>", RU[0]), 1)
        .replacen(empty, &format!("state=\"final\">{}</target>", RU[1]), 1);
    std::fs::write(&file, &reviewed).unwrap();

    // From the review folder: `original` is relative to the XLIFF file.
    let (code, out, err) = import(&d.join("review"), &tm, &file, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("updated"), "{out}");

    // Moved to another folder of the project: found by the event's name.
    std::fs::write(&event, EVENT).unwrap();
    let elsewhere = d.join("inbox/2021/small.ru.xlf");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    std::fs::write(&elsewhere, &reviewed).unwrap();
    let (code, out, err) = import(d, &tm, &elsewhere, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("updated"), "{out}");

    // Outside any project, with no event beside it: say to use --event.
    let outside = TempDir::new("review-cwd-outside");
    let lost = outside.path().join("small.ru.xlf");
    std::fs::write(&lost, &reviewed).unwrap();
    let (code, _, err) = import(outside.path(), &tm, &lost, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot find the event file `../examples/events/small.toml`")
            && err.contains("--event"),
        "{err}"
    );
    let (code, out, err) = import(
        outside.path(),
        &tm,
        &lost,
        &["--event", event.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn two_reviews_of_one_event_imported_at_once_both_reach_it() {
    let (dir, event) = project("review-concurrent");
    let d = dir.path();
    let tm = d.join("tm.sqlite");
    let ky = ["Ал ЕККУдан жардам сурады.", "Ал макул болду."];
    let files = [("ru", RU), ("ky", ky)].map(|(lang, targets)| {
        let file = d.join(format!("small.{lang}.xlf"));
        std::fs::write(
            &file,
            xliff("examples/events/small.toml", &[(lang, targets)]),
        )
        .unwrap();
        file
    });
    for round in 0..5 {
        std::fs::write(&event, EVENT).unwrap();
        let children: Vec<_> = files
            .iter()
            .map(|file| {
                tilmech(d)
                    .env("TILMECH_TM", &tm)
                    .args(["review", "import", file.to_str().unwrap()])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success(), "round {round}");
        }
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&event).unwrap()).unwrap();
        let paragraph = &value["paragraphs"][0];
        assert_eq!(
            (
                paragraph.get("ru").and_then(|v| v.as_str()),
                paragraph.get("ky").and_then(|v| v.as_str())
            ),
            (
                Some("Он попросил ОБСЕ помочь. Оно согласилось."),
                Some("Ал ЕККУдан жардам сурады. Ал макул болду.")
            ),
            "round {round}: one import's paragraph was lost"
        );
    }
}

/// ` tilmech:drafted="…"` recording that the draft wrote `text`, if given.
fn drafted_attribute(text: Option<&str>) -> String {
    text.map(|d| {
        format!(
            " tilmech:drafted=\"{}\"",
            tilmech::draft::xliff::fingerprint(d)
        )
    })
    .unwrap_or_default()
}

/// A review of the small event as a draft wrote it and a CAT tool brought it
/// back: per sentence the target's state, the text the draft wrote (recorded
/// as `tilmech:drafted`) and the target now.
fn cat_xliff(units: [(&str, Option<&str>, &str); 2]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" xmlns:tilmech=\"urn:tilmech:xliff\">\n  <file original=\"examples/events/small.toml\" source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\">\n    <body>\n",
    );
    let sources = ["He asked the OSCE to help.", "It agreed."];
    for (s, (source, (state, drafted, target))) in sources.iter().zip(units).enumerate() {
        let drafted = drafted_attribute(drafted);
        out += &format!(
            "      <trans-unit id=\"p1.s{}\"{drafted}>\n        <source>{source}</source>\n        <target state=\"{state}\">{target}</target>\n      </trans-unit>\n",
            s + 1
        );
    }
    out + "    </body>\n  </file>\n</xliff>\n"
}

/// Imports `text` with `extra` arguments and `--format json`; returns the
/// report and the event file afterwards.
fn import_json(name: &str, text: &str, extra: &[&str]) -> (serde_json::Value, String) {
    let (dir, event) = project(name);
    let tm = dir.path().join("tm.sqlite");
    let file = dir.path().join("small.ru.xlf");
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    let (code, out, err) = import(dir.path(), &tm, &file, &args);
    assert_eq!(code, 0, "{out}{err}");
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    (report, std::fs::read_to_string(&event).unwrap())
}

fn skipped(report: &serde_json::Value) -> Vec<(String, String)> {
    fields(&report["items"], "id", "reason")
}

/// Fields `a` and `b` of every object in the JSON array `list`.
fn fields(list: &serde_json::Value, a: &str, b: &str) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item[a].as_str().unwrap().to_string(),
                item[b].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn targets_changed_in_omegat_are_imported_though_their_state_never_changed() {
    // OmegaT writes its translation into <target> and leaves the state.
    let text = cat_xliff([
        (
            "needs-translation",
            Some("He asked the OSCE to help."),
            RU[0],
        ),
        ("needs-review-translation", Some("Оно помогло."), RU[1]),
    ]);
    let (report, event) = import_json("review-omegat-changed", &text, &[]);
    assert_eq!(report["summary"]["accept"], "translated");
    assert_eq!(report["summary"]["imported"], 2, "{report}");
    assert_eq!(
        ru_paragraph(&event),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
}

#[test]
fn accept_reviewed_takes_only_confirmed_segments_and_names_the_others() {
    let text = cat_xliff([
        ("final", Some("He asked the OSCE to help."), RU[0]),
        ("translated", Some("He asked the OSCE to help."), RU[1]),
    ]);
    let (report, event) = import_json("review-accept-reviewed", &text, &["--accept", "reviewed"]);
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    assert_eq!(skipped(&report), [("p1.s2".into(), "not-reviewed".into())]);
    assert_eq!(report["items"][0]["state"], "translated");
    assert_eq!(report["partial"][0]["paragraph"], 1);
    assert_eq!(
        event, EVENT,
        "a half-imported paragraph stays out of the event"
    );
}

#[test]
fn a_suggestion_left_as_drafted_is_not_imported_by_default_and_says_why() {
    let text = cat_xliff([
        ("needs-review-translation", Some(RU[0]), RU[0]),
        ("translated", Some(RU[1]), RU[1]),
    ]);
    let (report, event) = import_json("review-unchanged", &text, &[]);
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    assert_eq!(skipped(&report), [("p1.s1".into(), "unchanged".into())]);
    assert_eq!(event, EVENT);
    // The human report names the segment and the way out.
    let a = attempt("review-unchanged-human", &text);
    assert_eq!(a.code, 0, "{}", a.err);
    assert!(
        a.out
            .contains("p1.s1 (line 5): unchanged since the draft (state needs-review-translation)"),
        "{}",
        a.out
    );
}

#[test]
fn all_nonempty_takes_untouched_suggestions_but_never_the_copied_source() {
    let text = cat_xliff([
        ("needs-review-translation", Some(RU[0]), RU[0]),
        ("needs-translation", Some("It agreed."), "It agreed."),
    ]);
    let (report, _) = import_json("review-all-nonempty", &text, &["--accept", "all-nonempty"]);
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    assert_eq!(skipped(&report), [("p1.s2".into(), "source-copied".into())]);
}

#[test]
fn an_empty_target_is_never_imported_even_when_final() {
    let text = cat_xliff([("final", None, RU[0]), ("final", None, "  ")]);
    let (report, event) = import_json("review-empty-final", &text, &["--accept", "all-nonempty"]);
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    assert_eq!(skipped(&report), [("p1.s2".into(), "empty".into())]);
    assert_eq!(event, EVENT);
}

/// A project whose memory learned both sentences of the small event from a
/// first review, after which the event became `now` (no translation):
/// (folder, event, memory).
fn memory_knows_small_event(name: &str, now: &str) -> (TempDir, PathBuf, PathBuf) {
    let dir = project_copy(name);
    let d = dir.path();
    let event = d.join("examples/events/small.toml");
    std::fs::write(&event, EVENT).unwrap();
    let tm = d.join("tm.sqlite");
    let first = d.join("first.ru.xlf");
    std::fs::write(&first, xliff("examples/events/small.toml", &[("ru", RU)])).unwrap();
    assert_eq!(import(d, &tm, &first, &[]).0, 0);
    std::fs::write(&event, now).unwrap();
    (dir, event, tm)
}

/// `tilmech draft` of the small event into Russian, in `review/`.
fn draft_small(d: &Path, tm: &Path, extra: &[&str]) -> (i32, String, String) {
    run(tilmech(d)
        .env("TILMECH_TM", tm)
        .args([
            "draft",
            "examples/events/small.toml",
            "--to",
            "ru",
            "--out",
            "review",
        ])
        .args(extra))
}

#[test]
fn approve_exact_lets_a_release_the_memory_covers_import_without_hand_work() {
    // The memory knows both sentences; the event, its translation gone, is drafted anew.
    let (dir, event, tm) = memory_knows_small_event("review-approve-exact", EVENT);
    let d = dir.path();
    let draft = |extra: &[&str]| {
        let (code, out, err) = draft_small(d, &tm, extra);
        assert_eq!(code, 0, "{out}{err}");
        std::fs::read_to_string(d.join("review/small.ru.xlf")).unwrap()
    };
    let plain = draft(&[]);
    assert!(!plain.contains("state=\"final\""), "{plain}");
    let approved = draft(&["--approve-exact"]);
    assert_eq!(
        approved
            .matches("state=\"final\" state-qualifier=\"exact-match\"")
            .count(),
        2,
        "{approved}"
    );
    let file = d.join("review/small.ru.xlf");
    let (code, out, err) = import(d, &tm, &file, &["--accept", "reviewed"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        ru_paragraph(&std::fs::read_to_string(&event).unwrap()),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
}

#[test]
fn an_approved_target_identical_to_the_english_is_kept_out_unless_forced() {
    let text = xliff(
        "examples/events/small.toml",
        &[("ru", ["He asked the OSCE to help.", RU[1]])],
    );
    let a = attempt("review-qa-identical", &text);
    assert_eq!(
        a.code, 1,
        "exit 1: a segment was kept out\n{}{}",
        a.out, a.err
    );
    assert!(
        a.out
            .contains("p1.s1 (line 5): identical (error): the target is the source text"),
        "{}",
        a.out
    );
    assert_eq!(std::fs::read_to_string(&a.event).unwrap(), EVENT);

    // --force takes it, and the memory says so.
    let file = a.dir.path().join("small.ru.xlf");
    let (code, out, err) = import(a.dir.path(), &a.tm, &file, &["--force"]);
    assert_eq!(code, 0, "{out}{err}");
    let exported = exported_tmx(a.dir.path(), &a.tm);
    assert!(
        exported.contains("reviewed (QA overridden: identical)"),
        "{exported}"
    );
}

#[test]
fn a_target_with_a_changed_number_is_kept_out_with_the_numbers_named() {
    let (dir, event) = project("review-qa-number");
    let with_number = EVENT.replace(
        "He asked the OSCE to help.",
        "He asked 450 officers to help.",
    );
    std::fs::write(&event, &with_number).unwrap();
    let text = xliff(
        "examples/events/small.toml",
        &[(
            "ky",
            ["Ал 405 кызматкерден жардам сурады.", "Ал макул болду."],
        )],
    )
    .replace(
        "He asked the OSCE to help.",
        "He asked 450 officers to help.",
    );
    let file = dir.path().join("small.ky.xlf");
    std::fs::write(&file, text).unwrap();
    let tm = dir.path().join("tm.sqlite");
    let (code, out, err) = import(dir.path(), &tm, &file, &["--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    let findings = &report["items"][0]["findings"];
    assert_eq!(report["items"][0]["reason"], "qa");
    assert_eq!(
        findings[0]["message"],
        "the source has 450, the target does not"
    );
    assert_eq!(
        findings[1]["message"],
        "the target has 405, the source does not"
    );
    assert_eq!(std::fs::read_to_string(&event).unwrap(), with_number);
}

#[test]
fn a_forced_segment_with_two_findings_of_one_check_names_the_check_once() {
    let (dir, event) = project("review-qa-number-forced");
    let with_number = EVENT.replace(
        "He asked the OSCE to help.",
        "He asked 450 officers to help.",
    );
    std::fs::write(&event, &with_number).unwrap();
    let text = xliff(
        "examples/events/small.toml",
        &[("ru", ["Он попросил 405 сотрудников помочь.", RU[1]])],
    )
    .replace(
        "He asked the OSCE to help.",
        "He asked 450 officers to help.",
    );
    let file = dir.path().join("small.ru.xlf");
    std::fs::write(&file, text).unwrap();
    let tm = dir.path().join("tm.sqlite");
    let (code, out, err) = import(dir.path(), &tm, &file, &["--force"]);
    assert_eq!(code, 0, "{out}{err}");
    let exported = exported_tmx(dir.path(), &tm);
    assert!(
        exported.contains("reviewed (QA overridden: numbers)<"),
        "{exported}"
    );
}

#[test]
fn qa_names_file_line_and_segment_of_each_finding_and_exits_1() {
    let (dir, _) = project("qa-command");
    let d = dir.path();
    let qa = |text: &str, extra: &[&str]| {
        let file = d.join("small.ru.xlf");
        std::fs::write(&file, text).unwrap();
        run(tilmech(d).args(["qa", file.to_str().unwrap()]).args(extra))
    };
    let bad = xliff(
        "examples/events/small.toml",
        &[("ru", ["He asked the OSCE to help.", "Оно  согласилось."])],
    );
    let (code, out, err) = qa(&bad, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("small.ru.xlf:5: p1.s1 identical (error)"),
        "{out}"
    );
    assert!(
        out.contains("small.ru.xlf:9: p1.s2 spaces (warning)"),
        "{out}"
    );
    let (_, out, _) = qa(&bad, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(json["summary"]["findings"], 2, "{json}");
    assert_eq!(json["items"][0]["check"], "identical");
    let (code, out, err) = qa(&xliff("examples/events/small.toml", &[("ru", RU)]), &[]);
    assert_eq!(code, 0, "{out}{err}");
}

/// The small event's review as an XLIFF 2.0 tool brings it back: per
/// sentence the segment's state, the text the draft wrote and the target now
/// (`None`: no `<target>`).
fn xliff_2_0(units: [(&str, Option<&str>, Option<&str>); 2]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:tilmech=\"urn:tilmech:xliff\" version=\"2.0\" srcLang=\"en-US\" trgLang=\"ru-RU\">\n  <file id=\"f1\" original=\"examples/events/small.toml\">\n",
    );
    let sources = ["He asked the OSCE to help.", "It agreed."];
    for (s, (source, (state, drafted, target))) in sources.iter().zip(units).enumerate() {
        let drafted = drafted_attribute(drafted);
        let target = target
            .map(|t| format!("\n        <target>{t}</target>"))
            .unwrap_or_default();
        out += &format!(
            "    <unit id=\"p1.s{}\"{drafted}>\n      <notes><note>a note</note></notes>\n      <segment state=\"{state}\">\n        <source>{source}</source>{target}\n      </segment>\n    </unit>\n",
            s + 1
        );
    }
    out + "  </file>\n</xliff>\n"
}

#[test]
fn xliff_2_0_reviews_are_imported_by_the_same_accept_levels() {
    let text = xliff_2_0([
        ("reviewed", Some(""), Some(RU[0])),
        ("translated", Some(""), Some(RU[1])),
    ]);
    let (report, event) = import_json("review-2.0-reviewed", &text, &["--accept", "reviewed"]);
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    assert_eq!(skipped(&report), [("p1.s2".into(), "not-reviewed".into())]);
    assert_eq!(report["items"][0]["state"], "translated");
    assert_eq!(event, EVENT);
    let (report, event) = import_json("review-2.0-translated", &text, &[]);
    assert_eq!(report["summary"]["imported"], 2, "{report}");
    assert_eq!(
        ru_paragraph(&event),
        "Он попросил ОБСЕ помочь. Оно согласилось."
    );
    // A tool that never touches the state: a changed target is the translator's work.
    let text = xliff_2_0([
        ("initial", Some(""), Some(RU[0])),
        ("initial", Some(RU[1]), Some(RU[1])),
    ]);
    let (report, _) = import_json("review-2.0-initial", &text, &[]);
    assert_eq!(report["summary"]["imported"], 1, "{report}");
    assert_eq!(skipped(&report), [("p1.s2".into(), "unchanged".into())]);
    assert_eq!(report["items"][0]["state"], "initial");
}

#[test]
fn a_state_outside_xliff_2_0_is_an_input_error_naming_the_unit() {
    refused(
        "review-2.0-state",
        &xliff_2_0([
            ("final", None, Some(RU[0])),
            ("needs-translation", None, Some(RU[1])),
        ]),
        &[
            "small.ru.xlf:13:7:",
            "unit `p1.s2`: state=\"needs-translation\" is not an XLIFF 2.0 state",
            "initial, translated, reviewed, final",
        ],
    );
}

#[test]
fn an_xliff_2_0_unit_split_into_two_segments_is_refused() {
    let text = xliff_2_0([("final", None, Some(RU[0])), ("final", None, Some(RU[1]))])
        .replacen(
            "</segment>",
            "</segment>\n      <segment state=\"final\"><source>More.</source><target>Ещё.</target></segment>",
            1,
        );
    refused(
        "review-2.0-split",
        &text,
        &["small.ru.xlf:10:7:", "unit `p1.s1` has a second <segment>"],
    );
}

#[test]
fn qa_reads_xliff_2_0_and_skips_what_is_still_to_translate() {
    let (dir, _) = project("qa-2.0");
    let file = dir.path().join("small.ru.xlf");
    std::fs::write(
        &file,
        xliff_2_0([
            ("translated", Some(""), Some("He asked the OSCE to help.")),
            ("initial", Some(""), None),
        ]),
    )
    .unwrap();
    let (code, out, err) = run(tilmech(dir.path()).args(["qa", file.to_str().unwrap()]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("small.ru.xlf:4: p1.s1 identical (error)"),
        "{out}"
    );
    assert!(out.contains("1 findings in 2 segments"), "{out}");
}

#[test]
fn a_release_drafted_as_xliff_2_0_comes_back_through_review_import() {
    // The memory knows the first sentence; the second is new.
    let edited = EVENT.replace("It agreed.", "It agreed to assist.");
    let (dir, event, tm) = memory_knows_small_event("review-draft-2.0", &edited);
    let d = dir.path();
    let draft = |extra: &[&str]| {
        let mut args = vec!["--xliff", "2.0"];
        args.extend(extra);
        draft_small(d, &tm, &args)
    };
    let (code, out, err) = draft(&[]);
    assert_eq!(code, 0, "{out}{err}");
    let path = d.join("review/small.ru.xlf");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("version=\"2.0\" srcLang=\"en\" trgLang=\"ru\"")
            && text.contains("<file id=\"f1\" original=\"../examples/events/small.toml\">"),
        "{text}"
    );
    assert!(text.contains("<segment id=\"s1\" canResegment=\"no\" state=\"translated\" subState=\"tilmech:exact-match\">\n          <source>He asked the OSCE to help.</source>\n          <target>Он попросил ОБСЕ помочь.</target>"), "{text}");
    assert!(text.contains("matchQuality=\"100\""), "{text}");
    // The translator writes the new sentence and leaves the exact match as drafted.
    let done = text.replace(
        "<source>It agreed to assist.</source>",
        "<source>It agreed to assist.</source>\n          <target>Оно согласилось помочь.</target>",
    );
    std::fs::write(&path, done).unwrap();
    let (code, out, err) = import(d, &tm, &path, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        ru_paragraph(&std::fs::read_to_string(&event).unwrap()),
        "Он попросил ОБСЕ помочь. Оно согласилось помочь."
    );
    // OmegaT's layout is XLIFF 1.2's: asked for 2.0, nothing is written.
    std::fs::remove_dir_all(d.join("review")).unwrap();
    let (code, _, err) = draft(&["--cat", "omegat"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not read XLIFF 2.0"), "{err}");
    assert!(!d.join("review").exists());
}

/// Runs `tm import FILE` from `dir` into the memory `tm`.
fn tm_import(dir: &Path, tm: &Path, file: &Path, extra: &[&str]) -> (i32, String, String) {
    run(tilmech(dir)
        .env("TILMECH_TM", tm)
        .args(["tm", "import", file.to_str().unwrap()])
        .args(extra))
}

/// The `tilmech:status` of every en–ru unit in the memory, by its Russian text.
fn statuses(dir: &Path, tm: &Path) -> Vec<(String, String)> {
    let tmx = exported_tmx(dir, tm);
    let unit = regex::Regex::new(r#"(?s)<tu[ >].*?</tu>"#).unwrap();
    let status = regex::Regex::new(r#"<prop type="[^"]*status">([^<]*)</prop>"#).unwrap();
    let ru = regex::Regex::new(r#"(?s)<tuv xml:lang="ru"[^>]*>\s*<seg>(.*?)</seg>"#).unwrap();
    let mut found: Vec<(String, String)> = unit
        .find_iter(&tmx)
        .map(|u| {
            let u = u.as_str();
            (
                ru.captures(u).map(|c| c[1].to_string()).unwrap_or_default(),
                status
                    .captures(u)
                    .map(|c| c[1].to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn tm_import_of_an_xliff_takes_the_accepted_units_of_either_version_with_their_status() {
    let (dir, event) = project("tm-import-xliff");
    let d = dir.path();
    let tm = d.join("tm.sqlite");
    let file = d.join("agency.ru.xlf");
    // 1.2: a confirmed segment is taken, a suggestion left as drafted is not.
    std::fs::write(
        &file,
        cat_xliff([
            ("final", Some(""), RU[0]),
            ("needs-review-translation", Some(RU[1]), RU[1]),
        ]),
    )
    .unwrap();
    let (code, out, err) = tm_import(d, &tm, &file, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("imported 1 segments (en → ru, --accept translated) from"),
        "{out}"
    );
    assert!(
        out.contains("p1.s2 (line 9): unchanged since the draft"),
        "{out}"
    );
    assert_eq!(
        statuses(d, &tm),
        [(RU[0].to_string(), "reviewed".to_string())]
    );
    assert!(
        exported_tmx(d, &tm).contains("agency.ru.xlf"),
        "the file is the provenance"
    );
    assert_eq!(
        std::fs::read_to_string(&event).unwrap(),
        EVENT,
        "no event is touched"
    );

    // 2.0: --accept reviewed takes only the final segment; the default takes both.
    let file = d.join("agency2.ru.xlf");
    let other = "Он попросил ОБСЕ о помощи.";
    std::fs::write(
        &file,
        xliff_2_0([
            ("translated", Some(""), Some(other)),
            ("final", None, Some(RU[1])),
        ]),
    )
    .unwrap();
    let (code, out, err) = tm_import(d, &tm, &file, &["--accept", "reviewed"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported 1 segments"), "{out}");
    let (code, out, err) = tm_import(d, &tm, &file, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1 new") && out.contains("1 already present"),
        "{out}"
    );
    assert_eq!(
        statuses(d, &tm),
        [
            (other.to_string(), "translated".to_string()),
            (RU[0].to_string(), "reviewed".to_string()),
            (RU[1].to_string(), "reviewed".to_string()),
        ]
    );
}

#[test]
fn tm_import_of_an_xliff_keeps_qa_errors_out_and_a_broken_file_changes_nothing() {
    let (dir, _) = project("tm-import-xliff-qa");
    let d = dir.path();
    let tm = d.join("tm.sqlite");
    let file = d.join("agency.ru.xlf");
    let text = xliff_2_0([
        ("final", None, Some("He asked the OSCE to help.")),
        ("final", None, Some(RU[1])),
    ]);
    std::fs::write(&file, &text).unwrap();
    let (code, out, err) = tm_import(d, &tm, &file, &[]);
    assert_eq!(code, 1, "exit 1: a check kept a segment out\n{out}{err}");
    assert!(out.contains("p1.s1 (line 4): identical (error)"), "{out}");
    assert_eq!(units(d, &tm), 1);
    let (code, out, err) = tm_import(d, &tm, &file, &["--force"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(statuses(d, &tm).contains(&(
        "He asked the OSCE to help.".to_string(),
        "reviewed (QA overridden: identical)".to_string()
    )));

    // Malformed, or with TSV options: refused, nothing stored.
    let fresh = d.join("fresh.sqlite");
    std::fs::write(&file, &text[..text.len() - 40]).unwrap();
    let (code, _, err) = tm_import(d, &fresh, &file, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("agency.ru.xlf:"), "{err}");
    assert_eq!(units(d, &fresh), 0);
    std::fs::write(&file, &text).unwrap();
    let (code, _, err) = tm_import(d, &fresh, &file, &["--langs", "en,ru"]);
    assert_eq!(code, 2);
    assert!(err.contains("leave out --lang"), "{err}");
    assert_eq!(units(d, &fresh), 0);
}

/// The findings of `tilmech qa --format json` on a one-unit file of
/// `version` into `lang`: (check, severity) per finding.
fn qa_codes(
    name: &str,
    version: &str,
    lang: &str,
    source: &str,
    target: &str,
) -> Vec<(String, String)> {
    let (dir, _) = project(name);
    let file = dir.path().join(format!("inline.{lang}.xlf"));
    let text = if version == "1.2" {
        format!("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x.toml\" source-language=\"en\" target-language=\"{lang}\" datatype=\"plaintext\"><body>\n<trans-unit id=\"p1.s1\"><source>{source}</source><target state=\"translated\">{target}</target></trans-unit>\n</body></file></xliff>\n")
    } else {
        format!("<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"{lang}\"><file id=\"f1\" original=\"x.toml\">\n<unit id=\"p1.s1\"><segment state=\"translated\"><source>{source}</source><target>{target}</target></segment></unit>\n</file></xliff>\n")
    };
    std::fs::write(&file, text).unwrap();
    let (code, out, err) =
        run(tilmech(dir.path()).args(["qa", file.to_str().unwrap(), "--format", "json"]));
    assert!(code <= 1, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    fields(&report["items"], "check", "severity")
}

#[test]
fn inline_codes_lost_added_or_broken_in_the_target_are_errors_in_ru_and_ky() {
    let error = || vec![("tags".to_string(), "error".to_string())];
    // XLIFF 1.2 into Russian: <x/> placeholders and a <g> pair.
    let source = "Press <x id=\"1\"/> to open <g id=\"2\">the report</g>.";
    for (target, want) in [
        (
            "Нажмите <x id=\"1\"/>, чтобы открыть <g id=\"2\">отчёт</g>.",
            vec![],
        ),
        ("Нажмите, чтобы открыть <g id=\"2\">отчёт</g>.", error()),
        (
            "Нажмите <x id=\"1\"/><x id=\"3\"/>, чтобы открыть <g id=\"2\">отчёт</g>.",
            error(),
        ),
        (
            "<g id=\"2\">Отчёт</g> открывается клавишей <x id=\"1\"/>.",
            vec![("tags".into(), "warning".into())],
        ),
    ] {
        assert_eq!(
            qa_codes("qa-codes-ru", "1.2", "ru", source, target),
            want,
            "{target}"
        );
    }
    // XLIFF 2.0 into Kyrgyz: <ph/>, <pc>, and <sc/>…<ec/> spanning text.
    let source =
        "Click <ph id=\"1\"/> and <sc id=\"2\"/>save<ec startRef=\"2\"/> <pc id=\"3\">now</pc>.";
    for (target, want) in [
        ("<ph id=\"1\"/> басып, <sc id=\"2\"/>сактаңыз<ec startRef=\"2\"/> <pc id=\"3\">азыр</pc>.", vec![]),
        ("Басып, <sc id=\"2\"/>сактаңыз<ec startRef=\"2\"/> <pc id=\"3\">азыр</pc>.", error()),
        ("<ph id=\"1\"/> басып, <ec startRef=\"2\"/>сактаңыз<sc id=\"2\"/> <pc id=\"3\">азыр</pc>.", error()),
        ("<ph id=\"1\"/> басып, <sc id=\"2\"/>сактаңыз<ec startRef=\"2\"/> азыр.", error()),
    ] {
        assert_eq!(qa_codes("qa-codes-ky", "2.0", "ky", source, target), want, "{target}");
    }
}

#[test]
fn review_import_refuses_a_target_above_max_segment_before_any_memory_exists() {
    let dir = TempDir::new("review-max-segment");
    let xlf = dir.path().join("big.ru.xlf");
    std::fs::write(
        &xlf,
        xliff_1_2_ru(&format!(
            "<trans-unit id=\"p1.s1\"><source>One.</source><target state=\"final\">{}</target></trans-unit>\n",
            "слово ".repeat(200)
        )),
    )
    .unwrap();
    let (code, _, err) = run(tilmech(dir.path())
        .args(["review", "import", "--max-segment", "1K"])
        .arg(&xlf));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "big.ru.xlf:4:67: <target> of trans-unit `p1.s1` is larger than the limit of 1 KiB"
        ),
        "{err}"
    );
    assert!(
        !dir.path().join(".tilmech").exists(),
        "a memory was created"
    );
}

/// Found by the xliff fuzz target in the first CI run: quick-xml counts
/// positions after a UTF-8 byte order mark, so inline markup was sliced
/// three bytes early — the wrong text kept as a code, or a panic (exit 101)
/// when the cut fell inside a letter.
#[test]
fn an_xliff_file_with_a_byte_order_mark_keeps_its_inline_markup_and_does_not_panic() {
    let dir = TempDir::new("xliff-fuzz-bom");
    let file = crate::common::root().join("tests/fixtures/fuzz/xliff-byte-order-mark.xlf");
    let (code, _, err) = run(tilmech(dir.path()).arg("qa").arg(&file));
    assert_eq!(code, 0, "{err}");
    let tm = dir.path().join("tm.sqlite");
    let (code, _, err) = run(tilmech(dir.path())
        .env("TILMECH_TM", &tm)
        .args(["tm", "import"])
        .arg(&file));
    assert_eq!(code, 0, "{err}");
    let tmx = exported_tmx(dir.path(), &tm);
    assert!(
        tmx.contains("<seg>Жми<bpt i=\"1\">&lt;g id=&quot;1&quot;&gt;</bpt>здесь<ept i=\"1\">&lt;/g&gt;</ept>.</seg>"),
        "{tmx}"
    );
}

/// Found by the xliff fuzz target: a unit nested in a unit, or a segment
/// outside any unit, panicked the reader ("a unit is open", exit 101).
#[test]
fn a_unit_inside_a_unit_or_a_segment_outside_one_is_a_located_error_not_a_panic() {
    let dir = TempDir::new("xliff-fuzz-structure");
    let fixtures = crate::common::root().join("tests/fixtures/fuzz");
    for (file, expected) in [
        (
            "xliff-unit-inside-unit.xlf",
            "xliff-unit-inside-unit.xlf:8:7: <unit> inside another <unit>: expected each <unit> closed before the next",
        ),
        (
            "xliff-segment-outside-unit.xlf",
            "xliff-segment-outside-unit.xlf:8:7: <source> outside a <unit>: expected it inside one",
        ),
    ] {
        let (code, _, err) = run(tilmech(dir.path()).arg("qa").arg(fixtures.join(file)));
        assert_eq!(code, 2, "{file}: {err}");
        assert!(err.contains(expected), "{file}: {err}");
    }
}

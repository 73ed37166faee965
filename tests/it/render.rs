//! Integration tests: `tilmech render`.

use std::path::Path;

use crate::common::{project_copy, root, run, shared, tilmech};

const SEED: &str = "examples/events/2021-06-03-rogov-kazakbaev.toml";

fn render(args: &[&str]) -> (i32, String, String) {
    run(tilmech(&root()).arg("render").args(args))
}

fn render_in(dir: &Path, event: &str, args: &[&str]) -> (i32, String, String) {
    std::fs::write(dir.join("event.toml"), event).unwrap();
    run(tilmech(dir).arg("render").arg("event.toml").args(args))
}

#[test]
fn seed_release_reproduces_the_reference_in_every_language() {
    let Some(shared) = shared("seed_release_reproduces_the_reference_in_every_language") else {
        return;
    };
    for lang in ["en", "ru", "ky"] {
        let (code, out, err) = render(&[SEED, "--lang", lang, "--as", "md"]);
        assert_eq!(code, 0, "{err}");
        let expected =
            std::fs::read_to_string(shared.join(format!("reference/seed-release.{lang}.md")))
                .unwrap();
        assert_eq!(out, expected, "{lang} differs from the reference");
    }
}

#[test]
fn headline_and_lead_come_from_templates_not_the_event_file() {
    let event = std::fs::read_to_string(root().join(SEED)).unwrap();
    let (_, out, _) = render(&[SEED, "--lang", "ru"]);
    let headline = out.lines().next().unwrap();
    assert!(
        headline.starts_with("# Глава Программного офиса ОБСЕ в Бишкеке Алексей Рогов встретился")
    );
    assert!(
        !event.contains("встретился"),
        "the verb must come from the locale, agreeing with gender"
    );
    assert!(
        !event.contains("июня"),
        "the date must be formatted by the locale"
    );
}

#[test]
fn female_host_agrees_and_guest_is_declined() {
    let (code, out, err) = render(&[
        "examples/events/2021-02-10-berger-toktosunov.toml",
        "--lang",
        "ru",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(
        "10 февраля 2021 года, БИШКЕК – Глава Программного офиса ОБСЕ в Бишкеке Анна Бергер встретилась с Министром юстиции Кыргызской Республики Нурланом Токтосуновым."
    ), "{out}");
}

#[test]
fn training_counts_agree_in_all_languages() {
    let (code, out, err) = render(&["examples/events/2021-04-22-osh-training.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("# OSCE Programme Office in Bishkek trains 25 police officers in Osh on community policing\n"));
    assert!(out.contains("для 25 сотрудников милиции в Оше"));
    assert!(out.contains("2021-жылдын 22-апрели, ОШ – "));
    assert!(out.contains("Ошто 25 милиция кызматкерин"), "{out}");
}

#[test]
fn russian_plurals_follow_cldr_categories() {
    let dir = project_copy("plurals");
    for n in [1, 3, 25, 21, 1500] {
        let event = format!(
            "kind = \"training\"\ndate = 2021-04-22\nplace = \"naryn\"\ndays = 1\ntopics = [\"human-rights\"]\nparticipants = {{ term = \"people\", count = {n} }}\n"
        );
        let (code, out, err) = render_in(dir.path(), &event, &["--lang", "ru"]);
        assert_eq!(code, 0, "{err}");
        // "для N участник…" needs the genitive: singular after 1 and 21, plural otherwise.
        let genitive = match n {
            1 | 21 => format!("для {n} участника"),
            1500 => "для 1\u{a0}500 участников".to_string(),
            _ => format!("для {n} участников"),
        };
        assert!(out.contains(&genitive), "{n}: {out}");
    }
}

#[test]
fn handover_items_take_plural_forms_and_the_closing() {
    let (code, out, err) = render(&["examples/events/2021-09-15-academy-handover.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("handed over 21 computers and 5 printers to the Academy"));
    assert!(out.contains("передал Академии МВД Кыргызской Республики 21 компьютер и 5 принтеров."));
    assert!(out.contains("21 компьютер жана 5 принтер тапшырды."));
    assert!(out.contains("Мероприятие проведено в рамках"));
}

#[test]
fn no_bidi_isolation_marks_in_any_output() {
    for entry in std::fs::read_dir(root().join("examples/events")).unwrap() {
        let path = entry.unwrap().path();
        for format in ["md", "html", "txt"] {
            let (code, out, err) = render(&[path.to_str().unwrap(), "--as", format]);
            assert_eq!(code, 0, "{}: {err}", path.display());
            assert!(
                !out.contains(['\u{2068}', '\u{2069}']),
                "{} has isolation marks",
                path.display()
            );
        }
    }
}

#[test]
fn html_is_a_complete_document_with_lang_and_escaped_data() {
    let dir = project_copy("html");
    let event = "kind = \"meeting\"\ndate = 2021-06-03\nplace = \"bishkek\"\n\n[[people]]\nrole = \"host\"\nname = { en = \"A <b>Rogov</b>\", ru = \"Алексей Рогов\", ky = \"Алексей Рогов\" }\ngender = \"male\"\nposition = \"osce-head\"\n\n[[people]]\nrole = \"guest\"\nname = { en = \"R & K\", ru = \"Руслан Казакбаев\", ky = \"Руслан Казакбаев\" }\ngender = \"male\"\nposition = \"minister-justice\"\n";
    let (code, out, err) = render_in(dir.path(), event, &["--as", "html", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let html = std::fs::read_to_string(dir.path().join("out/event.en.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("A &lt;b&gt;Rogov&lt;/b&gt;") && html.contains("R &amp; K"));
    assert!(!html.contains("<b>"));
    let ru = std::fs::read_to_string(dir.path().join("out/event.ru.html")).unwrap();
    assert!(ru.contains("<html lang=\"ru\">"));
    assert!(dir.path().join("out/event.ky.html").is_file());
}

/// Each bad event names file, line and column, says what was expected, and exits 2.
#[test]
fn bad_event_files_are_rejected_with_position_and_exit_code_2() {
    let dir = project_copy("bad-events");
    let good = "kind = \"handover\"\ndate = 2021-09-15\nplace = \"bishkek\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n";
    assert_eq!(render_in(dir.path(), good, &[]).0, 0);
    let cases = [
        (
            good.replace("place =", "venue ="),
            "event.toml:3:1:",
            "unknown key `venue`",
        ),
        (
            good.replace("date = 2021-09-15\n", ""),
            "event.toml:",
            "missing required key `date`",
        ),
        (
            good.replace("count = 2", "count = \"two\""),
            "event.toml:5:",
            "a whole number",
        ),
        (
            good.replace("\"police-academy\"", "\"police-akademy\""),
            "event.toml:4:13:",
            "unknown recipient `police-akademy`",
        ),
        (
            good.replace("2021-09-15", "2021-02-30"),
            "event.toml:2:",
            "`2021-02-30` is not a day of the calendar: month 02 has no day 30",
        ),
        (
            good.replace("\"handover\"", "\"party\""),
            "event.toml:1:8:",
            "unknown release kind `party`",
        ),
        (
            good.replace("\"computer\"", "\"computr\""),
            "event.toml:5:",
            "unknown item `computr`",
        ),
    ];
    for (event, position, message) in cases {
        let (code, out, err) = render_in(dir.path(), &event, &[]);
        assert_eq!(code, 2, "{event}\n{err}");
        assert!(out.is_empty());
        assert!(
            err.contains(position) && err.contains(message),
            "expected `{position}` and `{message}` in: {err}"
        );
    }
}

#[test]
fn a_missing_message_names_locale_message_and_template() {
    let dir = project_copy("missing-message");
    let path = dir.path().join("locales/ky/handover.ftl");
    let ftl = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, ftl.replace("handover-lead =", "handover-lede =")).unwrap();
    let event = "kind = \"handover\"\ndate = 2021-09-15\nplace = \"bishkek\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n";
    let (code, _, err) = render_in(dir.path(), event, &["--lang", "ky"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("locale `ky`") && err.contains("handover-lead") && err.contains("handover.j2"),
        "{err}"
    );
}

#[test]
fn untranslated_paragraph_is_an_error_not_blank_text() {
    let dir = project_copy("untranslated");
    let event = "kind = \"handover\"\ndate = 2021-09-15\nplace = \"bishkek\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n\n[[paragraphs]]\nen = \"Only English.\"\n";
    let (code, _, err) = render_in(dir.path(), event, &["--lang", "ru"]);
    assert_eq!(code, 2);
    assert!(err.contains("paragraph 1 has no `ru` text"), "{err}");
    assert_eq!(render_in(dir.path(), event, &["--lang", "en"]).0, 0);
}

#[test]
fn hand_written_forms_override_the_declension_rules() {
    let dir = project_copy("forms-override");
    let event = std::fs::read_to_string(
        root().join("examples/events/2021-02-10-berger-toktosunov.toml"),
    )
    .unwrap()
    .replace(
        "position = \"minister-justice\"",
        "position = \"minister-justice\"\nforms.ru = { ins = \"Нурланом Токтосуновым-Особым\" }",
    );
    let (code, out, err) = render_in(dir.path(), &event, &["--lang", "ru"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("с Министром юстиции Кыргызской Республики Нурланом Токтосуновым-Особым"),
        "{out}"
    );
}

#[test]
fn a_year_outside_1991_to_2100_is_refused_at_the_date() {
    let dir = project_copy("render-year");
    let event = "kind = \"handover\"\ndate = 2207-01-20\nplace = \"osh\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n";
    let (code, _, err) = render_in(dir.path(), event, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("event.toml:2:8: the year 2207 is outside 1991–2100"),
        "{err}"
    );
}

#[test]
fn zero_counts_and_days_are_refused_at_their_value() {
    let dir = project_copy("render-zero");
    let event = "kind = \"training\"\ndate = 2021-04-22\nplace = \"osh\"\ndays = 0\ntopics = [\"ecology\"]\nparticipants = { term = \"people\", count = 0 }\n";
    let (code, out, err) = render_in(dir.path(), event, &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("event.toml:4:8: `days` is 0"), "{err}");
    assert!(err.contains("event.toml:6:43: `count` is 0"), "{err}");
}

/// The names in `dir`, sorted; empty when it does not exist.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const HANDOVER: &str = "kind = \"handover\"\ndate = 2021-09-15\nplace = \"bishkek\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n";

#[test]
fn a_language_that_fails_to_render_leaves_no_release_in_any_language() {
    let dir = project_copy("out-lang-fails");
    let path = dir.path().join("locales/ky/handover.ftl");
    let ftl = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, ftl.replace("handover-lead =", "handover-lede =")).unwrap();
    let (code, _, err) = render_in(dir.path(), HANDOVER, &["--out", "out"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("handover-lead"), "{err}");
    assert_eq!(listing(&dir.path().join("out")), Vec::<String>::new());
}

#[test]
fn an_event_that_fails_leaves_no_release_of_the_events_before_it() {
    let dir = project_copy("out-event-fails");
    std::fs::write(dir.path().join("good.toml"), HANDOVER).unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        HANDOVER.replace("place =", "venue ="),
    )
    .unwrap();
    let (code, _, err) =
        run(tilmech(dir.path()).args(["render", "good.toml", "bad.toml", "--out", "out"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.toml:3:1:"), "{err}");
    assert_eq!(listing(&dir.path().join("out")), Vec::<String>::new());
}

#[test]
fn two_events_with_the_same_file_name_are_refused_naming_both() {
    let dir = project_copy("out-same-stem");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    std::fs::write(dir.path().join("a/event.toml"), HANDOVER).unwrap();
    std::fs::write(
        dir.path().join("b/event.toml"),
        HANDOVER.replace("count = 2", "count = 3"),
    )
    .unwrap();
    let (code, _, err) =
        run(tilmech(dir.path()).args(["render", "a/event.toml", "b/event.toml", "--out", "out"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a/event.toml") && err.contains("b/event.toml") && err.contains("event.en.md"),
        "{err}"
    );
    assert_eq!(listing(&dir.path().join("out")), Vec::<String>::new());
    // One event named twice is still one event, not a collision.
    let (code, _, err) =
        run(tilmech(dir.path()).args(["render", "a/event.toml", "./a/event.toml", "--out", "out"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        listing(&dir.path().join("out")),
        ["event.en.md", "event.ky.md", "event.ru.md"]
    );
}

/// A full disk is simulated with a file-size limit (RLIMIT_FSIZE, SIGXFSZ
/// ignored so the write fails with EFBIG as it would with ENOSPC).
#[cfg(unix)]
#[test]
fn a_full_disk_never_truncates_the_previous_release() {
    let dir = project_copy("out-full-disk");
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    let (code, _, err) = render_in(dir.path(), &seed, &["--out", "out", "--lang", "en,ru"]);
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out");
    let before: Vec<String> = ["event.en.md", "event.ru.md"]
        .iter()
        .map(|f| std::fs::read_to_string(out.join(f)).unwrap())
        .collect();
    assert!(
        before.iter().all(|t| t.len() > 1024),
        "the limit must cut these"
    );
    std::fs::write(
        dir.path().join("event.toml"),
        seed.replace("2021-06-03", "2021-06-04"),
    )
    .unwrap();
    let (code, _, err) = run(std::process::Command::new("sh")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tilmech"))
        .args(["render", "event.toml", "--out", "out", "--lang", "en,ru"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let after: Vec<String> = ["event.en.md", "event.ru.md"]
        .iter()
        .map(|f| std::fs::read_to_string(out.join(f)).unwrap())
        .collect();
    assert_eq!(after, before, "the previous release must survive whole");
    assert_eq!(
        listing(&out),
        ["event.en.md", "event.ru.md"],
        "no temporary file is left"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_release_is_updated_through_its_link() {
    let dir = project_copy("out-symlink");
    std::fs::create_dir_all(dir.path().join("site/out")).unwrap();
    std::fs::write(dir.path().join("site/shared.md"), "old\n").unwrap();
    std::os::unix::fs::symlink("../shared.md", dir.path().join("site/out/event.en.md")).unwrap();
    let (code, _, err) = render_in(dir.path(), HANDOVER, &["--out", "site/out", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let link = dir.path().join("site/out/event.en.md");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(dir.path().join("site/shared.md")).unwrap();
    assert!(text.starts_with("# "), "{text}");
}

#[test]
fn a_word_release_is_written_to_files_only() {
    let dir = project_copy("render-docx");
    let (code, out, err) = render_in(dir.path(), "", &["--as", "docx"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("add --out DIR"), "{err}");
    let event = dir
        .path()
        .join("examples/events/2021-06-03-rogov-kazakbaev.toml");
    let (code, _, err) = run(tilmech(dir.path())
        .arg("render")
        .arg(&event)
        .args(["--as", "docx", "--out", "word"]));
    assert_eq!(code, 0, "{err}");
    for lang in ["en", "ru", "ky"] {
        let bytes = std::fs::read(
            dir.path()
                .join(format!("word/2021-06-03-rogov-kazakbaev.{lang}.docx")),
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK", "{lang} is a zip package");
    }
}

#[test]
fn an_html_release_shows_the_office_and_links_the_other_languages() {
    let dir = project_copy("render-office");
    std::fs::write(
        dir.path().join("tilmech.toml"),
        "[office]\nname = { ru = \"Программный офис ОБСЕ в Бишкеке\" }\nemail = \"press@example.org\"\n",
    )
    .unwrap();
    let (code, out, err) = run(tilmech(dir.path()).args([
        "render",
        "examples/events/2021-06-03-rogov-kazakbaev.toml",
        "--lang",
        "ru",
        "--as",
        "html",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("<p class=\"office-name\">Программный офис ОБСЕ в Бишкеке</p>"),
        "{out}"
    );
    assert!(out.contains("<a href=\"mailto:press@example.org\">press@example.org</a>"));
    assert!(out.contains(
        "<link rel=\"alternate\" hreflang=\"ru\" href=\"2021-06-03-rogov-kazakbaev.ru.html\">"
    ));
}

/// A project whose `tilmech.toml` publishes in English only, so a render
/// shows which project's configuration it used.
fn english_only_project(name: &str) -> crate::common::TempDir {
    let dir = project_copy(name);
    std::fs::write(dir.path().join("tilmech.toml"), "languages = [\"en\"]\n").unwrap();
    let event = std::fs::read_to_string(root().join(SEED)).unwrap();
    std::fs::write(dir.path().join("examples/events/seed.toml"), event).unwrap();
    dir
}

#[test]
fn an_event_finds_its_project_from_its_own_folder_not_the_working_directory() {
    let project = english_only_project("find-from-file");
    let elsewhere = crate::common::TempDir::new("find-from-file-cwd");
    let event = project.path().join("examples/events/seed.toml");
    let (code, out, err) = run(tilmech(elsewhere.path()).arg("render").arg(&event));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Head of the OSCE Programme Office"),
        "{out}"
    );
    assert!(
        !out.contains("встретился"),
        "the working directory's project (three languages) was used: {out}"
    );
}

#[test]
fn project_option_overrides_the_folder_the_event_lies_in() {
    let project = english_only_project("find-explicit");
    let (code, out, err) = run(tilmech(&root())
        .args(["render", SEED, "--project"])
        .arg(project.path()));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("встретился"), "{out}");
    let (code, _, err) = run(tilmech(&root()).args(["render", SEED, "--project", "no/such/dir"]));
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir: no such directory"), "{err}");
}

/// Appends a fuzzing fixture to the Russian common locale and renders the seed event.
fn render_with_broken_ftl(name: &str, fixture: &str) -> (i32, String, String) {
    let dir = project_copy(name);
    let path = dir.path().join("locales/ru/common.ftl");
    let mut ftl = std::fs::read_to_string(&path).unwrap();
    let line = ftl.lines().count() + 1;
    ftl.push_str(
        &std::fs::read_to_string(root().join("tests/fixtures/fuzz").join(fixture)).unwrap(),
    );
    std::fs::write(&path, ftl).unwrap();
    let event = std::fs::read_to_string(root().join(SEED)).unwrap();
    let (code, out, err) = render_in(dir.path(), &event, &["--lang", "ru"]);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!("common.ftl:{line}:")),
        "line {line}: {err}"
    );
    (code, out, err)
}

#[test]
fn a_unicode_escape_into_a_non_ascii_letter_is_a_located_error_not_a_panic() {
    let (_, _, err) = render_with_broken_ftl("ftl-escape", "render-unicode-escape.ftl");
    assert!(err.contains("escape"), "{err}");
}

#[test]
fn placeables_nested_too_deep_are_a_located_error_not_a_stack_overflow() {
    let (_, _, err) = render_with_broken_ftl("ftl-deep", "render-deep-nesting.ftl");
    assert!(err.contains("nested deeper than 100"), "{err}");
}

//! Integration tests: `tilmech draft` and `tilmech review import`, end to end.

use std::path::Path;

use crate::common::{project_copy, root, run, shared, tilmech};

fn ok(dir: &Path, tm: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(tilmech(dir).env("TILMECH_TM", tm).args(args));
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    out
}

/// The seed event with the ru and ky translations of its free text removed.
fn untranslated_seed(dir: &Path) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(root().join("examples/events/2021-06-03-rogov-kazakbaev.toml"))
            .unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("ru = ") && !l.starts_with("ky = "))
        .collect();
    let path = dir.join("examples/events/seed.toml");
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    path
}

/// The sentences of the reference release's free-text paragraphs (from the fourth block on).
fn reference_sentences(shared: &Path, lang: &str) -> Vec<Vec<String>> {
    let text =
        std::fs::read_to_string(shared.join(format!("reference/seed-release.{lang}.md"))).unwrap();
    text.trim()
        .split("\n\n")
        .skip(3)
        .map(|p| {
            tilmech::tm::segment::split(p, lang)
                .into_iter()
                .map(String::from)
                .collect()
        })
        .collect()
}

/// Sets every trans-unit's target to the reference sentence and marks it final,
/// as a translator would in a CAT tool.
fn review_as_translator(xliff: &str, reference: &[Vec<String>]) -> String {
    let unit = regex::Regex::new(r#"(?s)<trans-unit id="p(\d+)\.s(\d+)"(.*?)<target ([^>]*?) state="[^"]*"( state-qualifier="[^"]*")?>.*?</target>"#).unwrap();
    unit.replace_all(xliff, |c: &regex::Captures| {
        let p: usize = c[1].parse().unwrap();
        let s: usize = c[2].parse().unwrap();
        let target = tilmech::xml::escape(&reference[p - 1][s - 1]);
        format!(
            "<trans-unit id=\"p{p}.s{s}\"{}<target {} state=\"final\">{target}</target>",
            &c[3], &c[4]
        )
    })
    .into_owned()
}

#[test]
fn draft_review_and_render_reproduce_the_reference_release() {
    let Some(shared) = shared("draft_review_and_render_reproduce_the_reference_release") else {
        return;
    };
    let dir = project_copy("draft-e2e");
    let d = dir.path();
    let tm = d.join("tm.sqlite");

    // 1. Align the archive into a fresh memory.
    ok(
        d,
        &tm,
        &[
            "tm",
            "align",
            shared.join("reference/archive").to_str().unwrap(),
        ],
    );

    // 2. Draft the seed without its translations.
    let event = untranslated_seed(d);
    let summary = ok(
        d,
        &tm,
        &[
            "draft",
            event.to_str().unwrap(),
            "--min",
            "40",
            "--out",
            "review",
            "--format",
            "json",
        ],
    );
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["items"][0]["lang"], "ru");
    assert!(
        summary["items"][0]["fuzzy"].as_u64().unwrap() >= 2,
        "{summary}"
    );

    let xliff = std::fs::read_to_string(d.join("review/seed.ru.xlf")).unwrap();
    let asked = xliff
        .split("<trans-unit")
        .find(|u| u.contains("He asked the OSCE to assist Kyrgyzstan in these processes."))
        .unwrap();
    assert!(
        asked.contains("state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\""),
        "{asked}"
    );
    assert!(
        asked.contains("<alt-trans match-quality=\"60\" origin=\"tm:2021-02-10-justice"),
        "{asked}"
    );
    assert!(asked.contains("Он попросил ОБСЕ оказать Кыргызстану содействие в расширении доступа к бесплатной юридической помощи."));
    assert!(
        asked.contains("[-improving-]{+these+} [-access to free legal aid-]{+processes+}"),
        "{asked}"
    );
    let noted = xliff
        .split("<trans-unit")
        .find(|u| u.contains("He noted the importance of advancing public administration reform"))
        .unwrap();
    assert!(noted.contains("match-quality=\"41\""), "{noted}");
    assert!(
        noted.contains("{+advancing public administration reform, +}"),
        "{noted}"
    );

    let html = std::fs::read_to_string(d.join("review/seed.ru.review.html")).unwrap();
    assert!(html.contains("<del>improving</del>") && html.contains("<ins>these</ins>"));
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "the review page must be self-contained"
    );
    let draft = std::fs::read_to_string(d.join("review/seed.ru.draft.md")).unwrap();
    assert!(draft.contains("Он попросил ОБСЕ оказать Кыргызстану содействие"));
    assert!(draft.contains("[[en: "), "unmatched sentences are flagged");

    // 3. The translator approves the reference translation; import; render.
    for lang in ["ru", "ky"] {
        let file = d.join(format!("review/seed.{lang}.xlf"));
        let reviewed = review_as_translator(
            &std::fs::read_to_string(&file).unwrap(),
            &reference_sentences(&shared, lang),
        );
        std::fs::write(&file, reviewed).unwrap();
        let out = ok(
            d,
            &tm,
            &[
                "review",
                "import",
                file.to_str().unwrap(),
                "--author",
                "Reviewer",
            ],
        );
        assert!(out.contains("updated"), "{out}");
    }
    for lang in ["en", "ru", "ky"] {
        let rendered = ok(d, &tm, &["render", event.to_str().unwrap(), "--lang", lang]);
        let expected =
            std::fs::read_to_string(shared.join(format!("reference/seed-release.{lang}.md")))
                .unwrap();
        assert_eq!(rendered, expected, "{lang}");
    }
    let toml = std::fs::read_to_string(&event).unwrap();
    assert!(toml.starts_with("# The seed release"), "comments are kept");

    // The memory now holds the reviewed units; importing again changes nothing.
    let hits = ok(
        d,
        &tm,
        &[
            "tm",
            "search",
            "Он попросил ОБСЕ оказать Кыргызстану содействие в этих процессах",
            "--lang",
            "ru",
        ],
    );
    assert!(
        hits.contains("reviewed") && hits.contains("Reviewer"),
        "{hits}"
    );
    let again = ok(
        d,
        &tm,
        &[
            "review",
            "import",
            d.join("review/seed.ru.xlf").to_str().unwrap(),
        ],
    );
    assert!(
        again.contains("0 new") && again.contains("unchanged"),
        "{again}"
    );
    assert_eq!(std::fs::read_to_string(&event).unwrap(), toml);
}

#[test]
fn a_review_of_an_event_edited_since_imports_the_unchanged_paragraphs_and_lists_the_others() {
    let dir = project_copy("review-mismatch");
    let d = dir.path();
    let tm = d.join("tm.sqlite");
    let event = untranslated_seed(d);
    ok(
        d,
        &tm,
        &[
            "draft",
            event.to_str().unwrap(),
            "--to",
            "ru",
            "--out",
            "review",
        ],
    );
    let file = d.join("review/seed.ru.xlf");
    // Every (empty) target filled and confirmed.
    let filled = regex::Regex::new(r#"(?s)<source xml:lang="en">(.*?)</source>\s*<target ([^>]*)state="needs-translation"></target>"#).unwrap();
    let xliff = filled
        .replace_all(
            &std::fs::read_to_string(&file).unwrap(),
            "<source xml:lang=\"en\">$1</source><target ${2}state=\"final\">RU $1</target>",
        )
        .into_owned();
    std::fs::write(&file, &xliff).unwrap();
    let before = std::fs::read_to_string(&event).unwrap();
    std::fs::write(
        &event,
        before.replace("He asked the OSCE", "He urged the OSCE"),
    )
    .unwrap();
    let (code, out, err) = run(tilmech(d).env("TILMECH_TM", &tm).args([
        "review",
        "import",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(
        code, 1,
        "exit 1: an edited paragraph was left out\n{out}{err}"
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let skipped = report["items"].as_array().unwrap();
    let edited: Vec<&serde_json::Value> = skipped
        .iter()
        .filter(|s| s["reason"] == "source-changed")
        .collect();
    assert!(!edited.is_empty(), "{report}");
    let paragraph = edited[0]["paragraph"].as_u64().unwrap();
    assert!(
        edited.iter().all(|s| s["paragraph"] == paragraph),
        "{report}"
    );
    assert!(edited
        .iter()
        .any(|s| s["now"].as_str().unwrap().contains("He urged the OSCE")));
    let written = report["summary"]["paragraphs_written"].as_array().unwrap();
    assert!(
        !written.is_empty() && !written.contains(&paragraph.into()),
        "{report}"
    );
    // The edited paragraph keeps no ru text; the others have theirs.
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(&event).unwrap()).unwrap();
    let paragraphs = value["paragraphs"].as_array().unwrap();
    assert!(paragraphs[paragraph as usize - 1].get("ru").is_none());
    for p in written {
        let p = p.as_u64().unwrap() as usize;
        assert!(paragraphs[p - 1]["ru"].as_str().unwrap().starts_with("RU "));
    }

    std::fs::write(&file, &xliff[..xliff.len() / 2]).unwrap();
    let (code, _, err) =
        run(tilmech(d)
            .env("TILMECH_TM", &tm)
            .args(["review", "import", file.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(
        err.contains("seed.ru.xlf:")
            && (err.contains("not well-formed") || err.contains("the file ends inside")),
        "{err}"
    );
}

/// The trans-units of an XLIFF draft as (state, source, target) text.
fn drafted_units(xliff: &str) -> Vec<(String, String, String)> {
    let unit = regex::Regex::new(r#"(?s)<trans-unit [^>]*>\s*<source[^>]*>(.*?)</source>\s*<target [^>]*state="([^"]*)"[^>]*>(.*?)</target>"#).unwrap();
    unit.captures_iter(xliff)
        .map(|c| (c[2].to_string(), c[1].to_string(), c[3].to_string()))
        .collect()
}

#[test]
fn standard_and_omegat_drafts_put_targets_where_their_tools_look() {
    let Some(shared) = shared("standard_and_omegat_drafts_put_targets_where_their_tools_look")
    else {
        return;
    };
    let dir = project_copy("draft-layouts");
    let d = dir.path();
    let tm = d.join("tm.sqlite");
    let archive = shared.join("reference/archive");
    ok(d, &tm, &["tm", "align", archive.to_str().unwrap()]);
    let event = untranslated_seed(d);
    let draft = |cat: &str| {
        let out = ok(
            d,
            &tm,
            &[
                "draft",
                event.to_str().unwrap(),
                "--to",
                "ru",
                "--min",
                "40",
                "--cat",
                cat,
                "--out",
                cat,
                "--format",
                "json",
            ],
        );
        let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
        let xliff = std::fs::read_to_string(d.join(cat).join("seed.ru.xlf")).unwrap();
        (summary, xliff)
    };

    // Standard: no match → empty target; states as the summary counts them.
    let (summary, xliff) = draft("standard");
    let units = drafted_units(&xliff);
    let count = |state: &str| units.iter().filter(|u| u.0 == state).count() as u64;
    assert_eq!(
        count("needs-translation"),
        summary["items"][0]["none"].as_u64().unwrap(),
        "{xliff}"
    );
    assert_eq!(
        count("needs-review-translation"),
        summary["items"][0]["fuzzy"].as_u64().unwrap()
    );
    assert_eq!(
        count("translated"),
        summary["items"][0]["exact"].as_u64().unwrap()
            + summary["items"][0]["context"].as_u64().unwrap()
    );
    assert!(
        summary["items"][0]["none"].as_u64().unwrap() > 0,
        "{summary}"
    );
    for (state, _, target) in &units {
        assert_eq!(
            state == "needs-translation",
            target.is_empty(),
            "{state}: «{target}»"
        );
    }
    assert!(!d.join("standard/seed.ru.tmx").exists());

    // OmegaT: every target is the source; the suggestions are in a TMX beside it.
    let (_, xliff) = draft("omegat");
    let units = drafted_units(&xliff);
    assert!(!units.is_empty());
    for (_, source, target) in &units {
        assert_eq!(source, target);
    }
    let suggestion = "Он попросил ОБСЕ оказать Кыргызстану содействие в расширении доступа к бесплатной юридической помощи.";
    assert!(
        xliff.contains(&format!("<target xml:lang=\"ru\">{suggestion}</target>")),
        "alt-trans kept"
    );
    let tmx = std::fs::read_to_string(d.join("omegat/seed.ru.tmx")).unwrap();
    assert!(tmx.contains(suggestion), "{tmx}");
    assert!(tmx.contains("<tuv xml:lang=\"en\""), "{tmx}");
}

#[test]
fn redrafting_over_a_translators_xliff_is_refused_and_changes_nothing() {
    let dir = project_copy("redraft");
    let tm = dir.path().join("tm.sqlite");
    let event = untranslated_seed(dir.path());
    let event = event.to_str().unwrap();
    ok(
        dir.path(),
        &tm,
        &["draft", event, "--to", "ru", "--out", "drafts"],
    );
    let xlf = dir.path().join("drafts/seed.ru.xlf");
    let drafted = std::fs::read_to_string(&xlf).unwrap();
    let translated = drafted.replacen(
        "state=\"needs-translation\"></target>",
        "state=\"needs-translation\">Перевод человека</target>",
        1,
    );
    assert_ne!(translated, drafted);
    std::fs::write(&xlf, &translated).unwrap();
    let md = std::fs::read(dir.path().join("drafts/seed.ru.draft.md")).unwrap();
    let (code, out, err) = run(tilmech(dir.path())
        .env("TILMECH_TM", &tm)
        .args(["draft", event, "--to", "ru", "--out", "drafts"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("may hold a translator's work"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&xlf).unwrap(), translated);
    assert_eq!(
        std::fs::read(dir.path().join("drafts/seed.ru.draft.md")).unwrap(),
        md
    );
    ok(
        dir.path(),
        &tm,
        &["draft", event, "--to", "ru", "--out", "drafts", "--force"],
    );
    assert_ne!(std::fs::read_to_string(&xlf).unwrap(), translated);
}

#[test]
fn drafting_the_same_event_twice_is_harmless() {
    let dir = project_copy("redraft-same");
    let tm = dir.path().join("tm.sqlite");
    let event = untranslated_seed(dir.path());
    let event = event.to_str().unwrap();
    ok(dir.path(), &tm, &["draft", event, "--out", "drafts"]);
    ok(dir.path(), &tm, &["draft", event, "--out", "drafts"]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("drafts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "no temporary file is left: {names:?}");
}

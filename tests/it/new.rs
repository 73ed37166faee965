//! Integration tests: `tilmech new` and `tilmech terms`, a press officer's start.

use crate::common::{project_copy, run, tilmech};

#[test]
fn a_new_event_of_every_kind_has_its_keys_and_today_and_renders_as_written() {
    let dir = project_copy("new-kinds");
    let today = jiff::Zoned::now().date().to_string();
    for (kind, keys) in [
        (
            "meeting",
            &[
                "role = \"host\"",
                "role = \"guest\"",
                "# partner = ",
                "topics = ",
            ][..],
        ),
        (
            "training",
            &["participants = {", "days = 1", "# origin = ", "topics = "][..],
        ),
        ("handover", &["recipient = ", "items = [{"][..]),
    ] {
        let (code, _, err) = run(tilmech(dir.path()).args(["new", kind]));
        assert_eq!(code, 0, "{err}");
        let file = format!("{today}-{kind}.toml");
        let text = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        assert!(text.contains(&format!("kind = \"{kind}\"")), "{text}");
        assert!(text.contains(&format!("\ndate = {today}\n")), "{text}");
        assert!(
            text.contains("# Where it took place (one of: bishkek, karakol, naryn, osh)."),
            "{text}"
        );
        for key in keys {
            assert!(text.contains(key), "{kind}: no `{key}` in\n{text}");
        }
        for block in text.split("\n\n") {
            assert!(
                block.starts_with("# "),
                "{kind}: a key without a comment:\n{block}"
            );
        }
        let (code, out, err) = run(tilmech(dir.path()).arg("render").arg(&file));
        assert_eq!(code, 0, "{kind}: the new file does not render:\n{err}");
        assert!(out.contains("BISHKEK"), "{out}");
    }
}

#[test]
fn new_never_overwrites_an_existing_file() {
    let dir = project_copy("new-exists");
    std::fs::write(
        dir.path().join("mine.toml"),
        "kind = \"meeting\" # my work\n",
    )
    .unwrap();
    let (code, _, err) = run(tilmech(dir.path()).args(["new", "handover", "mine"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("mine.toml: cannot write the new event (an existing file is never replaced)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
        "kind = \"meeting\" # my work\n"
    );
}

#[test]
fn new_with_a_mistyped_kind_suggests_the_kind_and_writes_nothing() {
    let dir = project_copy("new-typo");
    let (code, _, err) = run(tilmech(dir.path()).args(["new", "meting", "x"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown release kind `meting` (did you mean `meeting`?)"),
        "{err}"
    );
    assert!(!dir.path().join("x.toml").exists());
}

#[test]
fn terms_lists_each_term_with_its_text_in_every_language() {
    let dir = project_copy("terms-list");
    let (code, out, err) = run(tilmech(dir.path()).args(["terms", "place"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("place\n  bishkek\n    en  Bishkek\n    ru  Бишкек\n    ky  Бишкек\n"),
        "{out}"
    );
    assert!(!out.contains("position"), "{out}");
    let (code, out, err) = run(tilmech(dir.path()).args(["terms", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let term = |id: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("{id}: {json}"))
            .clone()
    };
    assert_eq!(term("place-osh")["texts"]["ru"], "Ош");
    assert_eq!(term("place-osh")["family"], "place");
    assert!(
        term("recipient-police-academy")["texts"]["en"].is_string(),
        "{json}"
    );
    let (code, _, err) = run(tilmech(dir.path()).args(["terms", "plase"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown term family `plase` (did you mean `place`?)"),
        "{err}"
    );
}

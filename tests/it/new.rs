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

/// `tilmech new KIND`, with the file's place and people set the way a press
/// officer edits them: the terms are the ones `term add` wrote.
fn new_event(dir: &std::path::Path, kind: &str, people: &[(&str, &str, &str, &str)]) -> String {
    let file = format!("{kind}.toml");
    let (code, _, err) = run(tilmech(dir).args(["new", kind, kind]));
    assert_eq!(code, 0, "{err}");
    let mut text = std::fs::read_to_string(dir.join(&file)).unwrap();
    text = text.replace("place = \"bishkek\"", "place = \"talas\"");
    for (en, ru, gender, position) in people {
        let at = text
            .find("name = { en = \"Name Surname\"")
            .expect("a person to fill");
        let rest = text[at..]
            .replacen(
                "name = { en = \"Name Surname\", ru = \"Имя Фамилия\", ky = \"Аты Фамилиясы\" }",
                &format!("name = {{ en = \"{en}\", ru = \"{ru}\", ky = \"{ru}\" }}"),
                1,
            )
            .replacen("gender = \"male\"", &format!("gender = \"{gender}\""), 1);
        let line = rest.find("\nposition = ").unwrap();
        let end = line + 1 + rest[line + 1..].find('\n').unwrap();
        let rest = format!(
            "{}\nposition = \"{position}\"{}",
            &rest[..line],
            &rest[end..]
        );
        text = format!("{}{rest}", &text[..at]);
    }
    std::fs::write(dir.join(&file), &text).unwrap();
    let (code, out, err) = run(tilmech(dir).arg("render").arg(&file));
    assert_eq!(code, 0, "{kind}:\n{text}\n{err}");
    out
}

#[test]
fn every_kind_renders_from_new_with_a_place_and_positions_from_term_add() {
    let dir = project_copy("new-accept");
    for args in [
        &["place", "talas", "--en", "Talas", "--ru", "Талас", "--ky", "Талас"][..],
        &[
            "position",
            "deputy-head",
            "--en",
            "Deputy Head of the OSCE Programme Office in Bishkek",
            "--ru",
            "Заместитель главы Программного офиса ОБСЕ в Бишкеке",
            "--ky",
            "ЕККУнун Бишкектеги программалык кеңсесинин башчысынын орун басары",
        ],
        &[
            "position",
            "us-ambassador",
            "--en",
            "Ambassador Extraordinary and Plenipotentiary of the United States to the Kyrgyz Republic",
            "--ru",
            "Чрезвычайный и Полномочный Посол Соединённых Штатов Америки в Кыргызской Республике",
            "--ky",
            "Америка Кошмо Штаттарынын Кыргыз Республикасындагы Атайын жана Ыйгарым укуктуу элчиси",
        ],
    ] {
        let (code, _, err) = run(tilmech(dir.path()).args(["term", "add"]).args(args).arg("--yes"));
        assert_eq!(code, 0, "{err}");
    }
    let d = dir.path();
    let cases: Vec<(String, &[&str])> = vec![
        (
            new_event(d, "meeting", &[("Aizhan Sydykova", "Айжан Сыдыкова", "female", "deputy-head"), ("Kevin Austin", "Кевин Остин", "male", "us-ambassador")]),
            &[
                "ТАЛАС – Заместитель главы Программного офиса ОБСЕ в Бишкеке Айжан Сыдыкова встретилась с Чрезвычайным и Полномочным Послом Соединённых Штатов Америки в Кыргызской Республике Кевином Остином.",
                "ТАЛАС – ЕККУнун Бишкектеги программалык кеңсесинин башчысынын орун басары Айжан Сыдыкова Америка Кошмо Штаттарынын Кыргыз Республикасындагы Атайын жана Ыйгарым укуктуу элчиси Кевин Остин менен жолукту.",
            ],
        ),
        (
            new_event(d, "workshop", &[]),
            &[
                "# Программный офис ОБСЕ в Бишкеке провёл семинар для 20 участников в Таласе по вопросам борьбы с коррупцией",
                "ТАЛАС – Программный офис ОБСЕ в Бишкеке провёл однодневный семинар по вопросам борьбы с коррупцией для 20 участников.",
                "# ЕККУнун Бишкектеги программалык кеңсеси Таласта 20 катышуучуга коррупцияга каршы күрөшүү боюнча семинар өткөрдү",
                "ТАЛАС – ЕККУнун Бишкектеги программалык кеңсеси 20 катышуучу үчүн коррупцияга каршы күрөшүү боюнча бир күндүк семинар уюштурду.",
            ],
        ),
        (
            new_event(d, "round-table", &[]),
            &[
                "# Программный офис ОБСЕ в Бишкеке провёл в Таласе круглый стол по вопросам борьбы с коррупцией",
                "ТАЛАС – Программный офис ОБСЕ в Бишкеке провёл круглый стол по вопросам борьбы с коррупцией с участием 20 участников.",
                "# ЕККУнун Бишкектеги программалык кеңсеси Таласта коррупцияга каршы күрөшүү боюнча тегерек үстөл өткөрдү",
                "Тегерек үстөлгө 20 катышуучу катышты.",
            ],
        ),
        (
            new_event(d, "statement", &[("Kevin Austin", "Кевин Остин", "male", "deputy-head")]),
            &[
                "# Заместитель главы Программного офиса ОБСЕ в Бишкеке Кевин Остин выступил с заявлением по вопросам борьбы с коррупцией",
                "ТАЛАС – Заместитель главы Программного офиса ОБСЕ в Бишкеке Кевин Остин сделал следующее заявление по вопросам борьбы с коррупцией:",
                "ТАЛАС – ЕККУнун Бишкектеги программалык кеңсесинин башчысынын орун басары Кевин Остин коррупцияга каршы күрөшүү боюнча төмөнкүдөй билдирүү жасады:",
            ],
        ),
        (
            new_event(d, "visit", &[("Aizhan Sydykova", "Айжан Сыдыкова", "female", "deputy-head")]),
            &[
                "# Заместитель главы Программного офиса ОБСЕ в Бишкеке Айжан Сыдыкова посетила Талас",
                "ТАЛАС – Заместитель главы Программного офиса ОБСЕ в Бишкеке Айжан Сыдыкова посетила с рабочим визитом Талас.",
                "В ходе визита она обсудила с представителями местных органов власти вопросы борьбы с коррупцией.",
                "# ЕККУнун Бишкектеги программалык кеңсесинин башчысынын орун басары Айжан Сыдыкова Таласка барды",
                "ТАЛАС – ЕККУнун Бишкектеги программалык кеңсесинин башчысынын орун басары Айжан Сыдыкова Таласка иш сапары менен барды.",
                "Сапардын жүрүшүндө Айжан Сыдыкова жергиликтүү бийликтин өкүлдөрү менен коррупцияга каршы күрөшүү боюнча маселелерди талкуулады.",
            ],
        ),
    ];
    for (out, sentences) in cases {
        for s in sentences {
            assert!(out.contains(s), "missing «{s}» in\n{out}");
        }
        assert!(
            !out.contains(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
            "{out}"
        );
    }
}

//! Integration tests: `tilmech grammar ru decline`.

use crate::common::{root, run, tilmech};

#[test]
fn json_lists_every_case_of_a_kyrgyz_officials_name() {
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Руслан Казакбаев",
        "--gender",
        "male",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let forms = crate::common::grammar_forms(&out);
    // In case order, as grammars list them, not alphabetical.
    assert_eq!(
        forms.keys().collect::<Vec<_>>(),
        ["nom", "gen", "dat", "acc", "ins", "prep"]
    );
    assert_eq!(forms["nom"], "Руслан Казакбаев");
    assert_eq!(forms["gen"], "Руслана Казакбаева");
    assert_eq!(forms["dat"], "Руслану Казакбаеву");
    assert_eq!(forms["acc"], "Руслана Казакбаева");
    assert_eq!(forms["ins"], "Русланом Казакбаевым");
    assert_eq!(forms["prep"], "Руслане Казакбаеве");
}

#[test]
fn one_case_prints_just_the_form_and_keeps_a_womans_foreign_surname() {
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Анна Бергер",
        "--gender",
        "female",
        "--case",
        "ins",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Анной Бергер\n");
}

#[test]
fn a_surname_after_oglu_declines_while_the_fathers_name_stays() {
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Ильхам Гейдар оглы Алиев",
        "--gender",
        "male",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let forms = crate::common::grammar_forms(&out);
    assert_eq!(forms["ins"], "Ильхамом Гейдар оглы Алиевым");
    assert_eq!(forms["gen"], "Ильхама Гейдар оглы Алиева");
    assert_eq!(forms["dat"], "Ильхаму Гейдар оглы Алиеву");
    let (_, out, _) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Азамат Бакыт уулу",
        "--gender",
        "male",
        "--case",
        "ins",
    ]));
    assert_eq!(
        out.trim(),
        "Азаматом Бакыт уулу",
        "a name ending in the particle is unchanged"
    );
}

#[test]
fn a_foreign_surname_in_in_takes_om_not_the_russian_possessive_ym() {
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Кевин Остин",
        "--gender",
        "male",
        "--case",
        "ins",
    ]));
    assert_eq!((code, out.trim()), (0, "Кевином Остином"), "{err}");
    let (_, out, _) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Владимир Путин",
        "--gender",
        "male",
        "--case",
        "ins",
    ]));
    assert_eq!(out.trim(), "Владимиром Путиным");
}

#[test]
fn decline_refuses_a_position_as_a_name_and_declines_it_with_phrase() {
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Министр образования",
        "--gender",
        "male",
    ]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("does not look like a personal name") && err.contains("--phrase"),
        "{err}"
    );
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Чрезвычайный и Полномочный Посол Германии в Кыргызской Республике",
        "--phrase",
        "--case",
        "ins",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        "Чрезвычайным и Полномочным Послом Германии в Кыргызской Республике"
    );
}

#[test]
fn a_place_declined_inanimate_keeps_its_accusative() {
    let (code, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Талас",
        "--inanimate",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let form = |case: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["case"] == case)
            .map(|f| f["form"].clone())
            .unwrap()
    };
    assert_eq!(form("acc"), "Талас");
    assert_eq!(form("prep"), "Таласе");
    assert_eq!(json["summary"]["animate"], false);
    let (_, out, err) = run(tilmech(&root()).args([
        "grammar",
        "ru",
        "decline",
        "Ош",
        "--inanimate",
        "--case",
        "ins",
    ]));
    assert_eq!(out.trim(), "Ошем");
    assert!(err.contains("unsure") && err.contains("-ом"), "{err}");
}

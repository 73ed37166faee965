//! `tilmech grammar ky case`: the Kyrgyz case forms a translator checks.

use crate::common::{run, tilmech, TempDir};

#[test]
fn json_lists_every_case_of_an_abbreviation() {
    let dir = TempDir::new("ky-json");
    let (code, out, err) =
        run(tilmech(dir.path()).args(["grammar", "ky", "case", "ЕККУ", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let forms = crate::common::grammar_forms(&out);
    // In case order, as grammars list them, not alphabetical.
    assert_eq!(
        forms.keys().collect::<Vec<_>>(),
        ["nom", "gen", "dat", "acc", "loc", "abl"]
    );
    assert_eq!(forms["nom"], "ЕККУ");
    assert_eq!(forms["gen"], "ЕККУнун");
    assert_eq!(forms["dat"], "ЕККУга");
    assert_eq!(forms["acc"], "ЕККУну");
    assert_eq!(forms["loc"], "ЕККУда");
    assert_eq!(forms["abl"], "ЕККУдан");
}

#[test]
fn one_case_prints_one_form() {
    let dir = TempDir::new("ky-one");
    let (code, out, _) =
        run(tilmech(dir.path()).args(["grammar", "ky", "case", "Бишкек", "--case", "loc"]));
    assert_eq!((code, out.as_str()), (0, "Бишкекте\n"));
}

#[test]
fn a_phrase_ending_in_a_symbol_is_an_error_not_a_silent_copy() {
    let dir = TempDir::new("ky-symbol");
    let (code, out, err) = run(tilmech(dir.path()).args(["grammar", "ky", "case", "5%"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("error:") && err.contains("not a symbol"),
        "{err}"
    );
}

#[test]
fn capitalised_possessive_heads_take_the_pronominal_n() {
    let dir = TempDir::new("ky-possessive");
    for (word, case, want) in [
        ("Жогорку Соту", "dat", "Жогорку Сотуна"),
        ("Министрлер Кабинети", "dat", "Министрлер Кабинетине"),
        ("Өкмөтү", "loc", "Өкмөтүндө"),
        ("Улуттук Банкы", "abl", "Улуттук Банкынан"),
        ("Улуттук Банкы", "acc", "Улуттук Банкын"),
    ] {
        let (code, out, err) =
            run(tilmech(dir.path()).args(["grammar", "ky", "case", word, "--case", case]));
        assert_eq!((code, out.trim()), (0, want), "{word} {case}: {err}");
    }
}

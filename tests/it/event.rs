//! Integration tests: mistakes in event files, as a press officer makes them,
//! each answered with its position and what to write instead.

use std::path::Path;

use crate::common::{project_copy, run, tilmech};

const GOOD: &str = "kind = \"handover\"\ndate = 2021-09-15\nplace = \"bishkek\"\nrecipient = \"police-academy\"\nitems = [{ term = \"computer\", count = 2 }]\n";

/// Renders `event` in a fresh project and returns its stderr, asserting
/// the run was refused (exit 2) with nothing printed.
fn refused(dir: &Path, event: &str) -> String {
    std::fs::write(dir.join("event.toml"), event).unwrap();
    let (code, out, err) = run(tilmech(dir).arg("render").arg("event.toml"));
    assert_eq!(code, 2, "{event}\n{err}");
    assert!(out.is_empty(), "{out}");
    err
}

fn assert_says(err: &str, expected: &str) {
    assert!(
        err.contains(expected),
        "expected\n  {expected}\nin\n  {err}"
    );
}

#[test]
fn a_mistyped_key_suggests_the_key_meant() {
    let dir = project_copy("event-key");
    let err = refused(dir.path(), &GOOD.replace("place =", "plcae ="));
    assert_says(
        &err,
        "event.toml:3:1: unknown key `plcae` (did you mean `place`?): expected one of the keys `kind`",
    );
}

#[test]
fn a_mistyped_kind_suggests_the_kind_meant() {
    let dir = project_copy("event-kind");
    let err = refused(dir.path(), &GOOD.replace("\"handover\"", "\"handvoer\""));
    assert_says(
        &err,
        "event.toml:1:8: unknown release kind `handvoer` (did you mean `handover`?): expected one of meeting, training, handover",
    );
}

#[test]
fn a_mistyped_term_suggests_the_term_meant_and_lists_the_family() {
    let dir = project_copy("event-term");
    let err = refused(
        dir.path(),
        &GOOD.replace("police-academy", "police-akademy"),
    );
    assert_says(
        &err,
        "event.toml:4:13: unknown recipient `police-akademy`: locales `en`, `ky`, `ru` have no term `-recipient-police-akademy` (did you mean `police-academy`?); known recipients: ",
    );
}

#[test]
fn known_participants_is_not_spelled_participantss() {
    let dir = project_copy("event-participants");
    let event = "kind = \"training\"\ndate = 2021-04-22\nplace = \"osh\"\ndays = 2\ntopics = [\"ecology\"]\nparticipants = { term = \"polise\", count = 5 }\n";
    let err = refused(dir.path(), event);
    assert_says(&err, "event.toml:6:25: unknown participants `polise`");
    assert_says(&err, "; known participants: ");
    assert!(!err.contains("participantss"), "{err}");
}

#[test]
fn a_term_missing_from_one_locale_names_only_that_locale() {
    let dir = project_copy("event-one-locale");
    let path = dir.path().join("locales/ky/terms.ftl");
    let ftl = std::fs::read_to_string(&path).unwrap();
    assert!(ftl.contains("-place-osh ="));
    std::fs::write(&path, ftl.replace("-place-osh =", "-place-osh-old =")).unwrap();
    let err = refused(dir.path(), &GOOD.replace("bishkek", "osh"));
    assert_says(
        &err,
        "event.toml:3:9: unknown place `osh`: locale `ky` has no term `-place-osh`",
    );
}

#[test]
fn every_error_of_every_locale_comes_in_one_run() {
    let dir = project_copy("event-all-errors");
    let event = format!(
        "{}\n[[people]]\nrole = \"host\"\nname = {{ en = \"Anna Berger\" }}\ngender = \"female\"\nposition = \"osce-head\"\n\n[[paragraphs]]\nen = \"Only English.\"\n",
        GOOD.replace("bishkek", "talas")
    );
    let err = refused(dir.path(), &event);
    for expected in [
        "event.toml:3:9: unknown place `talas`: locales `en`, `ky`, `ru` have no term `-place-talas`",
        "event.toml:9:8: person `host` has no `ky` name",
        "event.toml:9:8: person `host` has no `ru` name",
        "event.toml:13:1: paragraph 1 has no `ky` text",
        "event.toml:13:1: paragraph 1 has no `ru` text",
    ] {
        assert_says(&err, expected);
    }
}

#[test]
fn a_paragraph_keyed_by_an_unknown_language_is_refused_with_the_code_meant() {
    let dir = project_copy("event-kg");
    let event = format!(
        "{GOOD}\n[[paragraphs]]\nen = \"Hello.\"\nru = \"Привет.\"\nky = \"Салам.\"\nkg = \"Салам.\"\n"
    );
    let err = refused(dir.path(), &event);
    assert_says(
        &err,
        "event.toml:11:1: the paragraph has a `kg` text, but `kg` is not a language of this project (did you mean `ky`?): expected one of en, ru, ky",
    );
}

#[test]
fn a_name_keyed_by_an_unknown_language_is_refused_at_the_key() {
    let dir = project_copy("event-name-kg");
    let event = format!(
        "{GOOD}\n[[people]]\nrole = \"host\"\nname = {{ en = \"Anna Berger\", ru = \"Анна Бергер\", ky = \"Анна Бергер\", kg = \"Анна\" }}\ngender = \"female\"\nposition = \"osce-head\"\n"
    );
    let err = refused(dir.path(), &event);
    assert_says(
        &err,
        "event.toml:9:70: the name has a `kg` text, but `kg` is not a language of this project (did you mean `ky`?)",
    );
}

#[test]
fn a_quoted_day_month_year_date_says_the_form_to_write() {
    let dir = project_copy("event-date-dotted");
    let err = refused(dir.path(), &GOOD.replace("2021-09-15", "\"20.01.2027\""));
    assert_says(
        &err,
        "event.toml:2:8: `\"20.01.2027\"` is not written as a date: write it as year-month-day, with two-digit month and day and no quotes, here `date = 2027-01-20`",
    );
}

#[test]
fn a_date_without_leading_zeros_says_the_form_to_write() {
    let dir = project_copy("event-date-short");
    let err = refused(dir.path(), &GOOD.replace("2021-09-15", "2027-1-20"));
    assert_says(
        &err,
        "event.toml:2:8: `2027-1-20` is not written as a date: write it as year-month-day, with two-digit month and day and no quotes, here `date = 2027-01-20`",
    );
}

#[test]
fn a_date_that_is_no_day_of_the_calendar_says_why() {
    let dir = project_copy("event-date-month");
    let err = refused(dir.path(), &GOOD.replace("2021-09-15", "2021-13-01"));
    assert_says(
        &err,
        "event.toml:2:8: `2021-13-01` is not a day of the calendar: there is no month 13",
    );
    let err = refused(
        dir.path(),
        &GOOD.replace("2021-09-15", "2021-06-03T10:00:00"),
    );
    assert_says(
        &err,
        "event.toml:2:8: `2021-06-03T10:00:00` is not a calendar date: expected the day alone, without a time",
    );
}

#[test]
fn a_missing_key_is_reported_at_the_top_of_the_file() {
    let dir = project_copy("event-missing");
    let err = refused(dir.path(), &GOOD.replace("date = 2021-09-15\n", ""));
    assert_says(&err, "event.toml:1:1: missing required key `date`");
}

/// Found by the event fuzz target: the toml crate refuses a NUL in a
/// comment without a message, which printed as `file:1:43: ` and nothing.
#[test]
fn a_control_character_in_a_comment_is_named_not_an_empty_error() {
    let dir = project_copy("event-control-character");
    let fixture = crate::common::root().join("tests/fixtures/fuzz/event-control-character.toml");
    let err = refused(dir.path(), &std::fs::read_to_string(fixture).unwrap());
    assert_says(
        &err,
        "event.toml:1:43: control character U+0000 is not allowed in TOML, not even in a comment",
    );
}

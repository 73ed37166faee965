//! A new event file for a kind: every key that kind's templates use, each
//! with a comment saying what it is and which terms the project has for it,
//! so a press officer starts from a file that renders and edits it.
//!
//! The keys come from [`kind_fields`] and [`kind_roles`], the same lists the
//! web app's form is built from; the terms are passed in by the caller.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::edit::{kind_fields, kind_roles};

/// The text of a new `kind` event dated `date`; `terms` maps each term
/// family (`place`, `topic`…) to the names the project defines for it.
pub fn skeleton(
    kind: &str,
    date: jiff::civil::Date,
    terms: &BTreeMap<String, Vec<String>>,
) -> String {
    let first = |family: &str| {
        terms
            .get(family)
            .and_then(|names| names.first())
            .map_or("…", String::as_str)
            .to_string()
    };
    let options = |family: &str| match terms.get(family) {
        Some(names) if !names.is_empty() => format!("one of: {}", names.join(", ")),
        _ => format!("no `-{family}-…` terms yet: add one to every locale's terms.ftl"),
    };
    let mut out = String::new();
    let mut key = |comment: &str, line: &str| {
        let _ = writeln!(out, "# {comment}\n{line}\n");
    };
    key(
        "The release kind: picks templates/<kind>.j2.",
        &format!("kind = \"{kind}\""),
    );
    key(
        "The day of the event, year-month-day, no quotes.",
        &format!("date = {date}"),
    );
    key(
        &format!("Where it took place ({}).", options("place")),
        &format!("place = \"{}\"", first("place")),
    );
    key(
        "The language the names and free text are first written in.",
        "source = \"en\"",
    );
    for field in kind_fields(kind) {
        match *field {
            "partner" => key(
                &format!(
                    "Optional: {} ({}).",
                    if kind == "meeting" {
                        "the other party of the co-operation"
                    } else {
                        "the co-organiser"
                    },
                    options("partner")
                ),
                &format!("# partner = \"{}\"", first("partner")),
            ),
            "topics" => key(
                &format!("Subjects discussed or taught ({}).", options("topic")),
                &format!("topics = [\"{}\"]", first("topic")),
            ),
            "participants" => key(
                &format!("Who took part and how many ({}).", options("participants")),
                &format!(
                    "participants = {{ term = \"{}\", count = 20 }}",
                    first("participants")
                ),
            ),
            "days" => key("Length in days (at least 1).", "days = 1"),
            "origin" => key(
                &format!(
                    "Optional: where the participants came from ({}).",
                    options("origin")
                ),
                &format!("# origin = \"{}\"", first("origin")),
            ),
            "recipient" if kind == "visit" => key(
                &format!(
                    "Optional: an institution visited there ({}).",
                    options("recipient")
                ),
                &format!("# recipient = \"{}\"", first("recipient")),
            ),
            "recipient" => key(
                &format!(
                    "The institution receiving the handover ({}).",
                    options("recipient")
                ),
                &format!("recipient = \"{}\"", first("recipient")),
            ),
            "items" => key(
                &format!(
                    "What was handed over, each with how many ({}).",
                    options("item")
                ),
                &format!("items = [{{ term = \"{}\", count = 1 }}]", first("item")),
            ),
            _ => {}
        }
    }
    for role in kind_roles(kind) {
        key(
            &format!(
                "The {role}: the name in every language, gender male or female, and a position ({}). \
                 `recent = true` says the person was recently appointed; \
                 `forms.ru = {{ ins = \"…\" }}` overrides a declension the rules get wrong.",
                options("position")
            ),
            &format!(
                "[[people]]\nrole = \"{role}\"\nname = {{ en = \"Name Surname\", ru = \"Имя Фамилия\", ky = \"Аты Фамилиясы\" }}\ngender = \"male\"\nposition = \"{}\"\nrecent = false",
                first("position")
            ),
        );
    }
    key(
        "Free text, one [[paragraphs]] table per paragraph, in the source language and each \
         translation (or pre-translate with `tilmech draft`).",
        "# [[paragraphs]]\n# en = \"…\"\n# ru = \"…\"\n# ky = \"…\"",
    );
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

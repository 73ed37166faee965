//! Event data: what a press officer writes once per release, as TOML.
//!
//! The schema (documented for users in `docs/event-schema.md`):
//!
//! ```toml
//! kind = "meeting"                 # meeting | training | handover | workshop | round-table | statement | visit
//! date = 2021-06-03                # a TOML date
//! place = "bishkek"                # the term -place-bishkek in every locale
//! source = "en"                    # language the free text is written in
//! topics = ["judicial-system"]     # terms -topic-…
//! partner = "kyrgyz-republic"      # optional term -partner-…
//!
//! [[people]]
//! role = "host"                    # how templates address the person
//! name = { en = "Alexey Rogov", ru = "Алексей Рогов", ky = "Алексей Рогов" }
//! gender = "male"
//! position = "osce-head"           # the term -position-osce-head
//! recent = true                    # recently appointed
//! forms.ru = { ins = "…" }         # overrides where declension rules fail
//!
//! [[paragraphs]]
//! en = "Free text…"
//! ru = "Свободный текст…"          # optional until translated
//! ```
//!
//! Parsing keeps the TOML spans of every reference, so that an unknown term
//! or a bad date is reported at its line and column like a syntax error.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::grammar::Gender;

pub mod edit;
pub mod skeleton;

/// Term families an event refers to by name: `place = "osh"` is `-place-osh`.
pub const TERM_FAMILIES: [&str; 8] = [
    "place",
    "position",
    "topic",
    "partner",
    "participants",
    "origin",
    "recipient",
    "item",
];

/// The family and name of a term id (without its leading `-`):
/// `place-osh` → (`place`, `osh`); `None` for a term no event names.
pub fn split_term_id(id: &str) -> Option<(&'static str, &str)> {
    TERM_FAMILIES
        .iter()
        .find_map(|f| Some((*f, id.strip_prefix(f)?.strip_prefix('-')?)))
}

/// The release kinds that have templates.
pub const KINDS: [&str; 7] = [
    "meeting",
    "training",
    "handover",
    "workshop",
    "round-table",
    "statement",
    "visit",
];

/// A parsed and validated event file.
#[derive(Debug, Clone)]
pub struct Event {
    /// The file it was read from.
    pub path: PathBuf,
    /// The file's text, kept for error positions.
    pub text: String,
    /// The data itself.
    pub data: EventData,
}

/// The event data as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventData {
    /// Release kind: `meeting`, `training` or `handover`.
    pub kind: Spanned<String>,
    /// The day of the event.
    pub date: Spanned<toml::value::Datetime>,
    /// Where it took place: a `-place-…` term.
    pub place: Spanned<String>,
    /// Language the free-text paragraphs are written in.
    #[serde(default = "default_source")]
    pub source: Spanned<String>,
    /// People taking part, each with a role the templates refer to.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Subjects discussed or taught: `-topic-…` terms.
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    /// The other party of the co-operation: a `-partner-…` term.
    #[serde(default)]
    pub partner: Option<Spanned<String>>,
    /// Participants of a training: a `-participants-…` term and how many.
    #[serde(default)]
    pub participants: Option<Counted>,
    /// Where participants came from: a `-origin-…` term.
    #[serde(default)]
    pub origin: Option<Spanned<String>>,
    /// Length of a course in days.
    #[serde(default)]
    pub days: Option<Spanned<u32>>,
    /// The institution receiving a handover: a `-recipient-…` term.
    #[serde(default)]
    pub recipient: Option<Spanned<String>>,
    /// Things handed over: `-item-…` terms with counts.
    #[serde(default)]
    pub items: Vec<Counted>,
    /// Free-text paragraphs, by language.
    #[serde(default)]
    pub paragraphs: Vec<Spanned<BTreeMap<String, String>>>,
}

/// A person in the event.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// How templates address the person: `host`, `guest`, `speaker`…
    pub role: Spanned<String>,
    /// The name in each language.
    pub name: Spanned<BTreeMap<String, String>>,
    /// Grammatical gender, for agreement and declension.
    pub gender: Gender,
    /// The person's position: a `-position-…` term.
    pub position: Spanned<String>,
    /// Whether the person was recently appointed to the position.
    #[serde(default)]
    pub recent: bool,
    /// Hand-written name forms by language and case, overriding the rules.
    #[serde(default)]
    pub forms: BTreeMap<String, BTreeMap<String, String>>,
}

/// A term reference with a count (participants, items).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counted {
    /// The term, without its prefix.
    pub term: Spanned<String>,
    /// How many.
    pub count: Spanned<u32>,
}

fn default_source() -> Spanned<String> {
    Spanned::new(0..0, "en".to_string())
}

/// A problem in an event file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, or 0 when the problem has no position.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

impl std::error::Error for EventError {}

/// Every problem found in one event file.
#[derive(Debug, Clone)]
pub struct EventErrors(pub Vec<EventError>);

impl fmt::Display for EventErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EventErrors {}

/// One term an event names: `position = "osce-head"` for the host is the
/// term `-position-osce-head`, seen by templates as `$host-position`.
#[derive(Debug, Clone)]
pub struct TermUse<'a> {
    /// The term family (one of [`TERM_FAMILIES`]).
    pub family: &'static str,
    /// The variable it fills: a role, `place`, `topics`, `items`…
    pub slot: &'a str,
    /// The name after the family, with its position in the file.
    pub name: &'a Spanned<String>,
    /// For counted terms (participants, items), the count.
    pub count: Option<u32>,
}

impl TermUse<'_> {
    /// The term id without the leading `-`: `position-osce-head`.
    pub fn id(&self) -> String {
        format!("{}-{}", self.family, self.name.get_ref())
    }
}

/// Term ids (without the leading `-`) defined by each locale being rendered.
pub type KnownTerms = BTreeMap<String, std::collections::BTreeSet<String>>;

impl Event {
    /// Reads and parses `path`; schema errors carry line and column.
    pub fn load(path: &Path) -> Result<Event, EventErrors> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            EventErrors(vec![EventError {
                path: path.to_path_buf(),
                line: 0,
                column: 0,
                message: format!("cannot read event file: {e}"),
            }])
        })?;
        Event::parse(path, text)
    }

    /// Parses event data from `text` (named `path` in messages).
    pub fn parse(path: &Path, text: String) -> Result<Event, EventErrors> {
        match toml::from_str::<EventData>(&text) {
            Ok(data) => {
                let event = Event {
                    path: path.to_path_buf(),
                    text,
                    data,
                };
                let errors = event.validate_shape();
                if errors.is_empty() {
                    Ok(event)
                } else {
                    Err(EventErrors(errors))
                }
            }
            Err(e) => {
                // serde gives a missing key no span; the top of the file is
                // where it belongs.
                let at = e.span().map_or(0, |s| s.start);
                let (at, mut message) = explain_date(&text, at)
                    .unwrap_or_else(|| (at, explain_toml_message(e.message())));
                if message.trim().is_empty() {
                    // The toml crate gives some refusals (a NUL in a
                    // comment) no words at all.
                    message = unexplained(&text, at);
                }
                let (line, column) = line_col(&text, at);
                Err(EventErrors(vec![EventError {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message,
                }]))
            }
        }
    }

    fn error_at(&self, span: std::ops::Range<usize>, message: String) -> EventError {
        let (line, column) = if span.is_empty() && span.start == 0 {
            (0, 0)
        } else {
            line_col(&self.text, span.start)
        };
        EventError {
            path: self.path.clone(),
            line,
            column,
            message,
        }
    }

    /// Checks what serde cannot: kinds, dates, languages, roles.
    fn validate_shape(&self) -> Vec<EventError> {
        let d = &self.data;
        let mut errors = Vec::new();
        if !KINDS.contains(&d.kind.get_ref().as_str()) {
            errors.push(self.error_at(
                d.kind.span(),
                format!(
                    "unknown release kind `{}`{}: expected one of {}",
                    d.kind.get_ref(),
                    did_you_mean(d.kind.get_ref(), &KINDS),
                    KINDS.join(", ")
                ),
            ));
        }
        match self.date() {
            None => errors.push(self.error_at(
                d.date.span(),
                format!(
                    "`{}` is not a calendar date: expected the day alone, without a time, such as `date = 2021-06-03`",
                    d.date.get_ref()
                ),
            )),
            Some(date) if !(1991..=2100).contains(&date.year()) => errors.push(self.error_at(
                d.date.span(),
                format!(
                    "the year {} is outside 1991–2100: check the date (expected a date such as 2021-06-03)",
                    date.year()
                ),
            )),
            Some(_) => {}
        }
        let counts = d
            .participants
            .iter()
            .chain(&d.items)
            .map(|c| (&c.count, "count"))
            .chain(d.days.iter().map(|days| (days, "days")));
        for (n, what) in counts {
            if *n.get_ref() == 0 {
                errors.push(self.error_at(
                    n.span(),
                    format!("`{what}` is 0: expected a whole number of at least 1"),
                ));
            }
        }
        let source = d.source.get_ref();
        if !is_lang_code(source) {
            errors.push(self.error_at(
                d.source.span(),
                format!("`{source}` is not a language code such as `en`"),
            ));
        }
        let mut roles = BTreeMap::new();
        for p in &d.people {
            if let Some(first) = roles.insert(p.role.get_ref().clone(), p.role.span()) {
                let (line, _) = line_col(&self.text, first.start);
                errors.push(self.error_at(
                    p.role.span(),
                    format!("role `{}` is given twice (first on line {line}): each person needs their own role", p.role.get_ref()),
                ));
            }
            if !p.name.get_ref().contains_key(source) {
                errors.push(self.error_at(
                    p.name.span(),
                    format!(
                        "the name has no `{source}` form: every name needs the source language"
                    ),
                ));
            }
            for (lang, forms) in &p.forms {
                for case in forms.keys() {
                    let known = match lang.as_str() {
                        "ru" => crate::grammar::ru::Case::parse(case).is_some(),
                        "ky" => crate::grammar::ky::Case::parse(case).is_some(),
                        _ => false,
                    };
                    if !known {
                        errors.push(self.error_at(
                            p.name.span(),
                            format!("name form `forms.{lang}.{case}` is not a case: expected ru cases nom gen dat acc ins prep or ky cases nom gen dat acc loc abl"),
                        ));
                    }
                }
            }
        }
        for para in &d.paragraphs {
            if !para.get_ref().contains_key(source) {
                errors.push(self.error_at(para.span(), format!("paragraph has no `{source}` text: every paragraph needs the source language")));
            }
            for lang in para.get_ref().keys() {
                if !is_lang_code(lang) {
                    errors.push(self.error_at(
                        para.span(),
                        format!("`{lang}` is not a language code such as `ru`"),
                    ));
                }
            }
        }
        let kind = d.kind.get_ref().as_str();
        // The people a kind's templates address, as its form shows them.
        for role in edit::kind_roles(kind) {
            if !roles.contains_key(*role) {
                errors.push(self.error_at(
                    d.kind.span(),
                    format!("a `{kind}` release needs a person with role `{role}`"),
                ));
            }
        }
        let needs: &[(&str, bool)] = match kind {
            "training" => &[
                ("`participants`", d.participants.is_some()),
                ("`days`", d.days.is_some()),
                ("at least one topic", !d.topics.is_empty()),
            ],
            "handover" => &[
                ("`recipient`", d.recipient.is_some()),
                ("at least one of `items`", !d.items.is_empty()),
            ],
            "workshop" => &[
                ("`participants`", d.participants.is_some()),
                ("`days`", d.days.is_some()),
                ("at least one topic", !d.topics.is_empty()),
            ],
            "round-table" => &[
                ("`participants`", d.participants.is_some()),
                ("at least one topic", !d.topics.is_empty()),
            ],
            "statement" => &[("at least one topic", !d.topics.is_empty())],
            _ => &[],
        };
        for (what, present) in needs {
            if !present {
                errors
                    .push(self.error_at(d.kind.span(), format!("a `{kind}` release needs {what}")));
            }
        }
        errors
    }

    /// Checks every term reference against the terms each locale defines;
    /// a term missing from several locales is one error naming them all.
    pub fn validate_terms(&self, known: &KnownTerms) -> Result<(), EventErrors> {
        let errors = self.term_errors(known);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(EventErrors(errors))
        }
    }

    /// Checks everything that needs the project: terms in every rendered
    /// locale (`known`) and language keys against the project's
    /// `languages`, all errors of all locales at once.
    pub fn validate(&self, known: &KnownTerms, languages: &[String]) -> Result<(), EventErrors> {
        let mut errors = self.term_errors(known);
        errors.extend(self.language_errors(languages));
        errors.sort_by_key(|e| (e.line, e.column));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(EventErrors(errors))
        }
    }

    fn term_errors(&self, known: &KnownTerms) -> Vec<EventError> {
        let mut errors = Vec::new();
        for TermUse {
            family,
            name: reference,
            ..
        } in self.term_uses()
        {
            let id = format!("{family}-{}", reference.get_ref());
            let missing: Vec<&String> = known
                .iter()
                .filter(|(_, terms)| !terms.contains(&id))
                .map(|(locale, _)| locale)
                .collect();
            let Some(first) = missing.first() else {
                continue;
            };
            let similar: Vec<&str> = known[*first]
                .iter()
                .filter_map(|t| t.strip_prefix(family)?.strip_prefix('-'))
                .collect();
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!(
                    "{}; known {}: {}",
                    did_you_mean(reference.get_ref(), &similar),
                    plural(family),
                    similar.join(", ")
                )
            };
            let locales = missing
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let (these, have) = if missing.len() == 1 {
                ("locale", "has")
            } else {
                ("locales", "have")
            };
            errors.push(self.error_at(
                reference.span(),
                format!(
                    "unknown {family} `{}`: {these} {locales} {have} no term `-{id}`{hint}",
                    reference.get_ref()
                ),
            ));
        }
        errors
    }

    /// Name and paragraph keys that are not among the project's languages:
    /// a paragraph keyed `kg` would otherwise never be rendered.
    pub fn language_errors(&self, languages: &[String]) -> Vec<EventError> {
        let d = &self.data;
        let known: Vec<&str> = languages.iter().map(String::as_str).collect();
        let keyed = d
            .people
            .iter()
            .map(|p| (&p.name, "name"))
            .chain(d.paragraphs.iter().map(|p| (p, "paragraph")));
        let mut errors = Vec::new();
        let source = d.source.get_ref();
        if is_lang_code(source) && !known.contains(&source.as_str()) {
            errors.push(self.error_at(
                d.source.span(),
                format!(
                    "`source = \"{source}\"` is not a language of this project{}: expected one of {}",
                    did_you_mean(source, &known),
                    known.join(", ")
                ),
            ));
        }
        for (table, what) in keyed {
            for lang in table.get_ref().keys() {
                if is_lang_code(lang) && !known.contains(&lang.as_str()) {
                    errors.push(self.error_at(
                        self.key_span(table.span(), lang),
                        format!(
                            "the {what} has a `{lang}` text, but `{lang}` is not a language of this project{}: expected one of {}",
                            did_you_mean(lang, &known),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        errors
    }

    /// People without a name and paragraphs without text in one of `langs`,
    /// at the name or paragraph.
    pub fn untranslated<'a>(&self, langs: impl Iterator<Item = &'a str>) -> Vec<EventError> {
        let d = &self.data;
        let mut errors = Vec::new();
        for lang in langs {
            for p in &d.people {
                if !p.name.get_ref().contains_key(lang) {
                    errors.push(self.error_at(
                        p.name.span(),
                        format!(
                            "person `{}` has no `{lang}` name: add `{lang} = \"…\"` to its `name` table",
                            p.role.get_ref()
                        ),
                    ));
                }
            }
            for (i, para) in d.paragraphs.iter().enumerate() {
                if !para.get_ref().contains_key(lang) {
                    errors.push(self.error_at(
                        para.span(),
                        format!("paragraph {} has no `{lang}` text: add it to the event or pre-translate with `tilmech draft`", i + 1),
                    ));
                }
            }
        }
        errors
    }

    /// Where `key` is written inside the table at `span`, for an error that
    /// points at the key rather than the table.
    fn key_span(&self, span: std::ops::Range<usize>, key: &str) -> std::ops::Range<usize> {
        let within = self.text.get(span.clone()).unwrap_or("");
        let at = within.match_indices(key).find(|(i, _)| {
            let before = within[..*i].chars().next_back();
            let after = within[i + key.len()..].trim_start();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '"') && after.starts_with('=')
        });
        match at {
            Some((i, _)) => span.start + i..span.start + i + key.len(),
            None => span,
        }
    }

    /// Every term the event names, in the order templates see them.
    pub fn term_uses(&self) -> Vec<TermUse<'_>> {
        let d = &self.data;
        fn single<'a>(
            family: &'static str,
            slot: &'a str,
            name: &'a Spanned<String>,
        ) -> TermUse<'a> {
            TermUse {
                family,
                slot,
                name,
                count: None,
            }
        }
        fn counted<'a>(family: &'static str, slot: &'a str, c: &'a Counted) -> TermUse<'a> {
            TermUse {
                family,
                slot,
                name: &c.term,
                count: Some(*c.count.get_ref()),
            }
        }
        let mut uses = vec![single("place", "place", &d.place)];
        uses.extend(
            d.people
                .iter()
                .map(|p| single("position", p.role.get_ref().as_str(), &p.position)),
        );
        uses.extend(d.topics.iter().map(|t| single("topic", "topics", t)));
        uses.extend(d.partner.iter().map(|t| single("partner", "partner", t)));
        uses.extend(d.origin.iter().map(|t| single("origin", "origin", t)));
        uses.extend(
            d.recipient
                .iter()
                .map(|t| single("recipient", "recipient", t)),
        );
        uses.extend(
            d.participants
                .iter()
                .map(|c| counted("participants", "participants", c)),
        );
        uses.extend(d.items.iter().map(|c| counted("item", "items", c)));
        uses
    }

    /// The event's day, if the TOML value is a valid calendar date.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        let dt = self.data.date.get_ref();
        if dt.time.is_some() || dt.offset.is_some() {
            return None;
        }
        let date = dt.date?;
        jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
    }

    /// The person with `role`, if any.
    pub fn person(&self, role: &str) -> Option<&Person> {
        self.data.people.iter().find(|p| p.role.get_ref() == role)
    }

    /// The free-text paragraphs in `lang`, `None` where not yet translated.
    pub fn paragraphs(&self, lang: &str) -> Vec<Option<&str>> {
        self.data
            .paragraphs
            .iter()
            .map(|p| p.get_ref().get(lang).map(String::as_str))
            .collect()
    }
}

/// What to say where the TOML parser refused `text` at byte `at` without
/// a message of its own.
fn unexplained(text: &str, at: usize) -> String {
    match text.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) if c.is_control() && c != '\n' && c != '\t' => format!(
            "control character U+{:04X} is not allowed in TOML, not even in a comment; expected printable text (in a string, write it as \\u{:04X})",
            u32::from(c),
            u32::from(c)
        ),
        Some(c) => format!("`{c}` is not valid TOML here; expected a `key = value` line, a [table] or a # comment"),
        None => "the file ends in the middle of a TOML line; expected the rest of it".into(),
    }
}

/// serde's messages name Rust types; say what the user writes instead.
fn explain_toml_message(message: &str) -> String {
    let message = message.trim_end();
    if message.starts_with("invalid date") {
        let detail = message.lines().skip(1).collect::<Vec<_>>().join(" ");
        return format!("invalid date ({detail}): expected a calendar date such as 2021-06-03");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (word, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return format!(
            "unknown key {word}{}: expected{}",
            did_you_mean(word.trim_matches('`'), &candidates),
            expected.replace(" one of", " one of the keys")
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing required key {rest}");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (word, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let what = if candidates.contains(&"male") {
            "gender"
        } else {
            "value"
        };
        return format!(
            "unknown {what} {word}{}: expected{expected}",
            did_you_mean(word.trim_matches('`'), &candidates)
        );
    }
    message
        .replace("a Datetime", "a date such as 2021-06-03")
        .replace("u32", "a whole number")
}

/// ` (did you mean `x`?)` when one of `candidates` is a likely typo of
/// `word`, else nothing.
pub fn did_you_mean<S: AsRef<str>>(word: &str, candidates: &[S]) -> String {
    closest(word, candidates).map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
}

/// The candidate nearest to `word` by edit distance, when it is near
/// enough to be a typo: one edit in a short word, a third of a long one.
pub fn closest<'a, S: AsRef<str>>(word: &str, candidates: &'a [S]) -> Option<&'a str> {
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(AsRef::as_ref)
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance in characters, a swap of neighbours counting as one edit
/// (`plcae` is one slip from `place`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j].
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// A term family's plural for "known …": `participants` is already one.
fn plural(family: &str) -> String {
    if family.ends_with('s') {
        family.to_string()
    } else {
        format!("{family}s")
    }
}

/// A plain-words message for a `date` value the parser refused, at the
/// value's byte offset, with the correction when the digits say which day
/// was meant: `"20.01.2027"` and `2027-1-20` both become `date = 2027-01-20`.
fn explain_date(text: &str, at: usize) -> Option<(usize, String)> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let (key, rest) = line.split_once('=')?;
    if key.trim() != "date" {
        return None;
    }
    let value = rest.split('#').next().unwrap_or("").trim();
    let offset = line_start + key.len() + 1 + (rest.len() - rest.trim_start().len());
    let groups: Vec<&str> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let ymd = match groups.as_slice() {
        [y, m, d] if y.len() == 4 => Some((*y, *m, *d)),
        [d, m, y] if y.len() == 4 => Some((*y, *m, *d)),
        _ => None,
    };
    let day = ymd.and_then(|(y, m, d)| {
        jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
    });
    let form = "write it as year-month-day, with two-digit month and day and no quotes";
    let message = match (ymd, day) {
        (_, Some(day)) => format!("`{value}` is not written as a date: {form}, here `date = {day}`"),
        (Some((_, m, _)), None) if !(1..=12).contains(&m.parse::<u32>().unwrap_or(0)) => format!(
            "`{value}` is not a day of the calendar: there is no month {m} (expected year-month-day, such as `date = 2027-01-20`)"
        ),
        (Some((_, m, d)), None) => format!(
            "`{value}` is not a day of the calendar: month {m} has no day {d} (expected year-month-day, such as `date = 2027-01-20`)"
        ),
        (None, None) => format!("`{value}` is not a date: {form}, such as `date = 2027-01-20`"),
    };
    Some((offset, message))
}

fn is_lang_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase())
}

/// Turns a TOML parse or schema error into `line L, column C: message`.
pub fn describe_toml_error(text: &str, err: &toml::de::Error) -> String {
    match err.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("line {line}, column {col}: {}", err.message())
        }
        None => err.message().to_string(),
    }
}

/// The 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::{closest, Event};

    #[test]
    fn a_release_lacking_the_people_its_kind_addresses_names_each_role() {
        let text = "kind = \"statement\"\ndate = 2021-02-10\nplace = \"bishkek\"\n\n[[paragraphs]]\nen = \"A.\"\n";
        let errors = Event::parse(std::path::Path::new("s.toml"), text.to_string()).unwrap_err();
        let messages: Vec<String> = errors.0.iter().map(|e| e.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "a `statement` release needs a person with role `head`",
                "a `statement` release needs at least one topic",
            ]
        );
        let meeting = text.replace("statement", "meeting").replace(
            "[[paragraphs]]",
            "[[people]]\nrole = \"guest\"\nname = { en = \"A B\" }\ngender = \"male\"\nposition = \"osce-head\"\n\n[[paragraphs]]",
        );
        let errors = Event::parse(std::path::Path::new("m.toml"), meeting).unwrap_err();
        let messages: Vec<String> = errors.0.iter().map(|e| e.message.clone()).collect();
        assert_eq!(
            messages,
            ["a `meeting` release needs a person with role `host`"]
        );
    }

    #[test]
    fn a_typo_finds_the_word_meant_and_a_stranger_finds_none() {
        assert_eq!(closest("kg", &["en", "ru", "ky"]), Some("ky"));
        assert_eq!(closest("plcae", &["kind", "place", "date"]), Some("place"));
        assert_eq!(closest("talas", &["bishkek", "osh", "naryn"]), None);
        assert_eq!(
            closest("ky", &["en", "ru", "ky"]),
            None,
            "no hint for a word that exists"
        );
    }
}

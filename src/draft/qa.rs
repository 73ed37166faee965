//! Quality checks on a translated segment, run before anything is written:
//! by `review import` on every segment it takes, by `draft` on the
//! memory's suggestions, and by `tilmech qa FILE.xlf`.
//!
//! One function per check, each returning its findings; [`check_segment`]
//! runs them all. Errors block a segment (it is not imported unless the
//! user forces it); warnings are reported.

use std::collections::BTreeMap;
use std::path::Path;

use fluent_syntax::ast;
use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the segment.
    Error,
    /// Reported only.
    Warning,
}

/// One problem found in a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's name (`numbers`, `identical`, …).
    pub check: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, for the translator.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.check,
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            self.message
        )
    }
}

/// A project term: its source text and the agreed translations (every case form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term's Fluent id (`-position-osce-head`).
    pub id: String,
    /// The source-language text.
    pub source: String,
    /// Every agreed form in the target language.
    pub forms: Vec<String>,
}

/// A finding on one segment of an XLIFF file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitFinding {
    /// The trans-unit id.
    pub id: String,
    /// Its line in the file.
    pub line: usize,
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
}

/// Checks every segment of a review file that holds a translation: all but
/// those [untouched](super::xliff::Reviewed::untouched) since the draft (a
/// fresh draft's untranslated segments are work to do, not findings).
pub fn check_file(file: &super::xliff::ReviewFile, terms: &[Term]) -> Vec<UnitFinding> {
    file.units
        .iter()
        .filter(|u| !u.untouched())
        .flat_map(|u| {
            check_unit(u, &file.to, terms)
                .into_iter()
                .map(|finding| UnitFinding {
                    id: u.id.clone(),
                    line: u.line,
                    finding,
                })
        })
        .collect()
}

fn finding(check: &'static str, severity: Severity, message: String) -> Finding {
    Finding {
        check,
        severity,
        message,
    }
}

/// Runs every check on `target` as the translation of `source` into `lang`.
pub fn check_segment(source: &str, target: &str, lang: &str, terms: &[Term]) -> Vec<Finding> {
    if let Some(f) = empty(target) {
        return vec![f];
    }
    let mut found = Vec::new();
    found.extend(numbers(source, target));
    found.extend(identical(source, target, lang));
    found.extend(leftover_marker(target));
    found.extend(unbalanced(source, target));
    found.extend(double_spaces(source, target));
    found.extend(terms_used(source, target, terms));
    found.extend(placeables(source, target));
    found
}

/// Every check on a segment read from an XLIFF file: [`check_segment`] on
/// its text and [`codes`] on its inline codes.
pub fn check_unit(unit: &super::xliff::Reviewed, lang: &str, terms: &[Term]) -> Vec<Finding> {
    let mut found = check_segment(&unit.source, &unit.target.text, lang, terms);
    if empty(&unit.target.text).is_none() {
        found.extend(codes(&unit.source_codes, &unit.target_codes));
    }
    found
}

/// Whether any finding blocks the segment.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// An empty target.
pub fn empty(target: &str) -> Option<Finding> {
    target
        .trim()
        .is_empty()
        .then(|| finding("empty", Severity::Error, "the target is empty".into()))
}

/// The numbers of a text, normalised so that locale forms compare equal:
/// `4,000`, `4 000` (also with no-break spaces) and `4000` are `4000`;
/// `2.5` and `2,5` are `2.5`. A last group of other than three digits after
/// a separator is the decimal part.
fn number_tokens(text: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups = vec![String::new()];
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                groups.last_mut().unwrap_or(&mut String::new()).push(c);
                i += 1;
            } else if matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                // A space only joins digit groups of three: "in 2021 15 people".
                && (!c.is_whitespace() || chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count() == 3)
            {
                groups.push(String::new());
                i += 1;
            } else {
                break;
            }
        }
        let number = match groups.split_last() {
            Some((last, rest)) if !rest.is_empty() && last.len() != 3 => {
                format!("{}.{last}", rest.concat())
            }
            _ => groups.concat(),
        };
        *found.entry(number).or_default() += 1;
    }
    found
}

/// Numbers and dates of the source missing or changed in the target.
pub fn numbers(source: &str, target: &str) -> Vec<Finding> {
    let (want, have) = (number_tokens(source), number_tokens(target));
    let mut found = Vec::new();
    for (n, count) in &want {
        if have.get(n).copied().unwrap_or(0) < *count {
            found.push(finding(
                "numbers",
                Severity::Error,
                format!("the source has {n}, the target does not"),
            ));
        }
    }
    for (n, count) in &have {
        if want.get(n).copied().unwrap_or(0) < *count {
            found.push(finding(
                "numbers",
                Severity::Error,
                format!("the target has {n}, the source does not"),
            ));
        }
    }
    found
}

/// The target is the source, untranslated; names and codes (every word
/// capitalised, or no letters) may stay as they are.
pub fn identical(source: &str, target: &str, lang: &str) -> Option<Finding> {
    let s = source.trim();
    if s != target.trim() {
        return None;
    }
    let name_or_code = s
        .split_whitespace()
        .all(|w| !w.chars().next().is_some_and(char::is_lowercase));
    (!name_or_code).then(|| {
        finding(
            "identical",
            Severity::Error,
            format!("the target is the source text, not translated into {lang}"),
        )
    })
}

/// A `[[en: …]]` marker the draft put on an untranslated sentence.
pub fn leftover_marker(target: &str) -> Option<Finding> {
    let at = target.find("[[")?;
    let rest = &target[at + 2..];
    let lang: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    (!lang.is_empty() && rest[lang.len()..].starts_with(':')).then(|| {
        finding(
            "marker",
            Severity::Error,
            format!(
                "the target still holds the draft's marker `[[{lang}:`: translate the sentence"
            ),
        )
    })
}

/// Brackets or quotes opened and not closed (or the other way round) in
/// the target when the source has them balanced.
pub fn unbalanced(source: &str, target: &str) -> Vec<Finding> {
    const PAIRS: [(char, char); 5] = [('(', ')'), ('[', ']'), ('{', '}'), ('«', '»'), ('“', '”')];
    let count = |text: &str, c: char| text.chars().filter(|&x| x == c).count();
    let mut found = Vec::new();
    for (open, close) in PAIRS {
        let balanced = |text: &str| count(text, open) == count(text, close);
        // “…” closes with “ in Russian („…“): only straight pairs are compared across.
        if open == '“' && target.contains('„') {
            continue;
        }
        if balanced(source) && !balanced(target) {
            found.push(finding(
                "brackets",
                Severity::Warning,
                format!("`{open}` and `{close}` do not pair up in the target"),
            ));
        }
    }
    if count(source, '"') % 2 == 0 && count(target, '"') % 2 == 1 {
        found.push(finding(
            "brackets",
            Severity::Warning,
            "an odd number of `\"` in the target".into(),
        ));
    }
    found
}

/// Two spaces in a row in the target where the source has none.
pub fn double_spaces(source: &str, target: &str) -> Option<Finding> {
    (target.contains("  ") && !source.contains("  ")).then(|| {
        finding(
            "spaces",
            Severity::Warning,
            "two spaces in a row in the target".into(),
        )
    })
}

/// A project term in the source whose agreed translation (in any of its
/// case forms) is not in the target.
pub fn terms_used(source: &str, target: &str, terms: &[Term]) -> Vec<Finding> {
    terms
        .iter()
        .filter(|t| !t.source.is_empty() && source.contains(&t.source))
        .filter(|t| !t.forms.iter().any(|f| target.contains(f.as_str())))
        .map(|t| {
            finding(
                "terms",
                Severity::Warning,
                format!(
                    "«{}» is agreed as «{}» ({}), which the target does not use",
                    t.source,
                    t.forms.first().map(String::as_str).unwrap_or_default(),
                    t.id
                ),
            )
        })
        .collect()
}

/// One placeable or inline code, as [`compare`] sees it.
struct Item<'a> {
    /// What identifies it in source and target alike.
    key: String,
    /// How it is written, for messages.
    shown: &'a str,
}

/// Items of the source missing from the target or added in it (errors),
/// and the same items in another order (an error when `order_binds`, as
/// for `%s`, whose arguments go by position; else a warning, since Russian
/// and Kyrgyz, verb-final, often need another word order).
fn compare(
    check: &'static str,
    what: &str,
    source: &[Item],
    target: &[Item],
    order_binds: bool,
) -> Vec<Finding> {
    let count = |items: &[Item], key: &str| items.iter().filter(|i| i.key == key).count();
    let mut found = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // The end of an element pair (`/g#1`) stands and falls with its start,
    // XML nesting them: only the start is reported.
    let end = |item: &Item| item.key.starts_with('/');
    for item in source.iter().filter(|i| !end(i)) {
        let (want, have) = (count(source, &item.key), count(target, &item.key));
        if seen.insert(&item.key) && have < want {
            let times = if want > 1 {
                format!(" ({want} times in the source, {have} in the target)")
            } else {
                String::new()
            };
            found.push(finding(
                check,
                Severity::Error,
                format!(
                    "the {what} `{}` of the source is missing{times}",
                    item.shown
                ),
            ));
        }
    }
    let mut added = std::collections::BTreeSet::new();
    for item in target.iter().filter(|i| !end(i)) {
        if count(target, &item.key) > count(source, &item.key) && added.insert(&item.key) {
            found.push(finding(
                check,
                Severity::Error,
                format!(
                    "the target has the {what} `{}`, which the source does not",
                    item.shown
                ),
            ));
        }
    }
    let keys = |items: &[Item]| items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
    if found.is_empty() && keys(source) != keys(target) {
        let list = |items: &[Item]| items.iter().map(|i| i.shown).collect::<Vec<_>>().join(" ");
        found.push(finding(
            check,
            if order_binds {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!(
                "the {what}s are in another order: {} in the source, {} in the target",
                list(source),
                list(target)
            ),
        ));
    }
    found
}

/// Placeables of the source (`{ $name }`, `{0}`, `%s`, `%1$s`) lost,
/// added or reordered in the target; `{ $name }` and `{$name}` are the same.
pub fn placeables(source: &str, target: &str) -> Vec<Finding> {
    let items = |text| -> Vec<Item> {
        placeable_pattern()
            .find_iter(text)
            .map(|m| Item {
                key: m.as_str().split_whitespace().collect(),
                shown: m.as_str(),
            })
            .collect()
    };
    let (source_items, target_items) = (items(source), items(target));
    // Unnumbered `%s`, `%d` take their arguments in order.
    let positional = source_items
        .iter()
        .any(|i| i.key.starts_with('%') && !i.key.contains('$'));
    compare(
        "placeables",
        "placeable",
        &source_items,
        &target_items,
        positional,
    )
}

/// Inline codes of an XLIFF source (`<x/>`, `<g>`, `<ph/>`, `<pc>`,
/// `<sc/>`…) lost, added or reordered in the target, told apart by element
/// and id; and a code that closes a pair before it is opened (`<ec/>` before
/// its `<sc/>`, `<ex/>` before `<bx/>`), which breaks the document.
pub fn codes(source: &[super::xliff::Code], target: &[super::xliff::Code]) -> Vec<Finding> {
    fn items(codes: &[super::xliff::Code]) -> Vec<Item<'_>> {
        codes
            .iter()
            .map(|c| Item {
                key: c.key.clone(),
                shown: c.written.as_str(),
            })
            .collect()
    }
    let mut found = compare("tags", "inline code", &items(source), &items(target), false);
    const PAIRS: [(&str, &str); 3] = [("sc", "ec"), ("bx", "ex"), ("bpt", "ept")];
    let mut broken = Vec::new();
    for (at, code) in target.iter().enumerate() {
        let Some((name, id)) = code.key.split_once('#') else {
            continue;
        };
        let Some((start, _)) = PAIRS.iter().find(|(_, end)| *end == name) else {
            continue;
        };
        let opened = target.iter().position(|c| c.key == format!("{start}#{id}"));
        if opened.is_some_and(|o| o > at) {
            broken.push(finding(
                "tags",
                Severity::Error,
                format!(
                    "`{}` closes code {id} before `{}` opens it",
                    code.written,
                    target[opened.unwrap_or_default()].written
                ),
            ));
        }
    }
    if !broken.is_empty() {
        // The order is wrong in a way that breaks the document: that is the finding.
        found.retain(|f| f.severity == Severity::Error);
        found.extend(broken);
    }
    found
}

fn placeable_pattern() -> &'static regex::Regex {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        regex::Regex::new(r"\{[^{}]*\}|%(\d+\$)?[sd]").unwrap_or_else(|e| unreachable!("{e}"))
    })
}

/// The project's terms (places, positions, partners, organisations) from
/// `terms.ftl` in the `from` and `to` locales under `locales`: every term
/// whose source text is plain, with every plain form of its translation.
/// A missing file gives no terms; a term that does not parse is left out.
pub fn load_terms(locales: &Path, from: &str, to: &str) -> Vec<Term> {
    let read = |lang: &str| std::fs::read_to_string(locales.join(lang).join("terms.ftl")).ok();
    let (Some(source), Some(target)) = (read(from), read(to)) else {
        return Vec::new();
    };
    let source = term_forms(&source);
    let target = term_forms(&target);
    source
        .into_iter()
        .filter_map(|(id, forms)| {
            let text = forms.into_iter().next()?;
            let text = text.strip_prefix("the ").unwrap_or(&text).to_string();
            let translated = target.get(&id)?.clone();
            (!translated.is_empty()).then_some(Term {
                id: format!("-{id}"),
                source: text,
                forms: translated,
            })
        })
        .collect()
}

/// Every term of a Fluent file with its plain-text forms (the value, or
/// the variants of a select on its value).
fn term_forms(text: &str) -> BTreeMap<String, Vec<String>> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let plain = |p: &ast::Pattern<&str>| -> Option<String> {
        p.elements
            .iter()
            .map(|e| match e {
                ast::PatternElement::TextElement { value } => Some(*value),
                ast::PatternElement::Placeable { .. } => None,
            })
            .collect::<Option<String>>()
            .map(|s| s.trim().to_string())
    };
    let mut terms = BTreeMap::new();
    for entry in &resource.body {
        let ast::Entry::Term(term) = entry else {
            continue;
        };
        let forms: Vec<String> = match plain(&term.value) {
            Some(text) => vec![text],
            None => match term.value.elements.as_slice() {
                [ast::PatternElement::Placeable {
                    expression: ast::Expression::Select { variants, .. },
                }] => {
                    // The default variant first: it is the form named in messages.
                    let mut v: Vec<&ast::Variant<&str>> = variants.iter().collect();
                    v.sort_by_key(|v| !v.default);
                    v.iter().filter_map(|v| plain(&v.value)).collect()
                }
                _ => continue,
            },
        };
        terms.insert(term.id.name.to_string(), forms);
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: (lang, source, a target the check flags, one it passes).
    fn both(check: impl Fn(&str, &str, &str) -> usize, cases: &[(&str, &str, &str, &str)]) {
        for (lang, source, bad, good) in cases {
            assert!(
                check(lang, source, bad) > 0,
                "{lang}: «{bad}» should be flagged"
            );
            assert_eq!(check(lang, source, good), 0, "{lang}: «{good}» should pass");
        }
    }

    #[test]
    fn a_changed_or_missing_number_is_an_error_but_locale_forms_are_not() {
        both(
            |_, s, t| numbers(s, t).len(),
            &[
                (
                    "ru",
                    "The OSCE gave 4,000 euros on 3 June 2021.",
                    "ОБСЕ выделила 4 000 евро 3 июня 2012 года.",
                    "ОБСЕ выделила 4\u{a0}000 евро 3 июня 2021 года.",
                ),
                (
                    "ky",
                    "450 officers took part.",
                    "405 кызматкер катышты.",
                    "450 кызматкер катышты.",
                ),
                (
                    "ru",
                    "A grant of 2.5 million.",
                    "Грант в 2 миллиона.",
                    "Грант в 2,5 миллиона.",
                ),
                (
                    "ky",
                    "It has 4000 pages.",
                    "Анын барактары бар.",
                    "Анын 4 000 барагы бар.",
                ),
            ],
        );
    }

    #[test]
    fn an_untranslated_target_is_an_error_but_a_name_is_not() {
        both(
            |l, s, t| identical(s, t, l).into_iter().count(),
            &[
                (
                    "ru",
                    "He asked the OSCE to help.",
                    "He asked the OSCE to help.",
                    "Он попросил ОБСЕ помочь.",
                ),
                ("ky", "It agreed.", "It agreed.", "Ал макул болду."),
            ],
        );
        assert_eq!(identical("OSCE ODIHR", "OSCE ODIHR", "ky"), None);
        assert_eq!(identical("Alexey Rogov", "Alexey Rogov", "ru"), None);
    }

    #[test]
    fn an_empty_target_is_an_error() {
        both(
            |_, _, t| empty(t).into_iter().count(),
            &[
                ("ru", "It agreed.", " ", "Оно согласилось."),
                ("ky", "It agreed.", "", "Ал макул болду."),
            ],
        );
    }

    #[test]
    fn a_leftover_draft_marker_is_an_error() {
        both(
            |_, _, t| leftover_marker(t).into_iter().count(),
            &[
                (
                    "ru",
                    "It agreed.",
                    "[[en: It agreed.]]",
                    "Оно согласилось [[сноска]].",
                ),
                ("ky", "It agreed.", "Ал [[en: agreed]].", "Ал макул болду."),
            ],
        );
    }

    #[test]
    fn unbalanced_brackets_and_quotes_are_warnings() {
        both(
            |_, s, t| unbalanced(s, t).len(),
            &[
                (
                    "ru",
                    "The \"Safe City\" project (2021).",
                    "Проект «Безопасный город (2021).",
                    "Проект «Безопасный город» (2021).",
                ),
                (
                    "ky",
                    "The \"Safe City\" project.",
                    "\"Коопсуз шаар долбоору.",
                    "\"Коопсуз шаар\" долбоору.",
                ),
            ],
        );
    }

    #[test]
    fn double_spaces_are_warnings() {
        both(
            |_, s, t| double_spaces(s, t).into_iter().count(),
            &[
                ("ru", "It agreed.", "Оно  согласилось.", "Оно согласилось."),
                ("ky", "It agreed.", "Ал макул  болду.", "Ал макул болду."),
            ],
        );
    }

    #[test]
    fn a_project_term_not_translated_as_agreed_is_a_warning() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let ru = load_terms(&root, "en", "ru");
        let ky = load_terms(&root, "en", "ky");
        let head = |terms: &[Term]| {
            terms
                .iter()
                .find(|t| t.id == "-position-osce-head")
                .cloned()
                .unwrap()
        };
        assert_eq!(
            head(&ru).source,
            "Head of the OSCE Programme Office in Bishkek"
        );
        let ru_head = head(&ru).forms;
        let ky_head = head(&ky).forms;
        let source = "He met the Head of the OSCE Programme Office in Bishkek.";
        let flagged = |target: &str, terms: &[Term]| -> Vec<String> {
            terms_used(source, target, terms)
                .into_iter()
                .map(|f| f.message)
                .filter(|m| m.contains("-position-osce-head"))
                .collect()
        };
        assert_eq!(
            flagged("Он встретился с руководителем офиса ОБСЕ.", &ru).len(),
            1
        );
        let good = format!(
            "Он встретился с {}.",
            ru_head
                .iter()
                .find(|f| f.starts_with("Главой"))
                .unwrap_or(&ru_head[0])
        );
        assert_eq!(terms_used(source, &good, &ru), []);
        assert_eq!(flagged("Ал ЕККУнун башчысы менен жолукту.", &ky).len(), 1);
        assert_eq!(
            terms_used(source, &format!("Ал {} менен жолукту.", ky_head[0]), &ky),
            []
        );
    }

    #[test]
    fn a_lost_placeable_is_an_error() {
        both(
            |_, s, t| placeables(s, t).len(),
            &[
                (
                    "ru",
                    "Welcome, { $name }!",
                    "Добро пожаловать!",
                    "Добро пожаловать, { $name }!",
                ),
                ("ky", "%s people came.", "Адамдар келди.", "%s адам келди."),
            ],
        );
    }

    #[test]
    fn an_added_or_reordered_placeable_is_found_and_only_positional_order_blocks() {
        both(
            |_, s, t| placeables(s, t).len(),
            &[
                (
                    "ru",
                    "{ $count } of { $total } voted.",
                    "{ $count } из { $total } { $total } проголосовали.",
                    "{ $count } из {$total} проголосовали.",
                ),
                (
                    "ky",
                    "{ $name } met { $guest }.",
                    "{ $name } { $guets } менен жолукту.",
                    "{ $name } { $guest } менен жолукту.",
                ),
            ],
        );
        let reordered = placeables(
            "{ $count } of { $total } voted.",
            "Из { $total } { $count }.",
        );
        assert_eq!(reordered[0].severity, Severity::Warning, "{reordered:?}");
        let swapped = placeables("%s people in %d towns.", "%d шаарда %s адам.");
        assert_eq!(swapped[0].severity, Severity::Error, "{swapped:?}");
        assert!(!blocks(&placeables("%1$s in %2$d.", "%2$d ичинде %1$s.")));
    }

    fn code(key: &str, written: &str) -> super::super::xliff::Code {
        super::super::xliff::Code {
            key: key.into(),
            written: written.into(),
        }
    }

    #[test]
    fn a_pair_closed_before_it_opens_is_an_error_a_moved_pair_a_warning() {
        let source = [
            code("sc#1", "<sc id=\"1\"/>"),
            code("ec#1", "<ec startRef=\"1\"/>"),
            code("ph#2", "<ph id=\"2\"/>"),
        ];
        let broken = [source[1].clone(), source[0].clone(), source[2].clone()];
        let found = codes(&source, &broken);
        assert!(
            found.iter().any(|f| f.severity == Severity::Error
                && f.message
                    == "`<ec startRef=\"1\"/>` closes code 1 before `<sc id=\"1\"/>` opens it"),
            "{found:?}"
        );
        let moved = [source[2].clone(), source[0].clone(), source[1].clone()];
        let found = codes(&source, &moved);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(codes(&source, &source), []);
    }

    #[test]
    fn check_segment_stops_at_an_empty_target() {
        assert_eq!(check_segment("It has 4 pages.", "", "ru", &[]).len(), 1);
        assert!(blocks(&check_segment(
            "It has 4 pages.",
            "В нём 5 страниц.",
            "ru",
            &[]
        )));
        assert!(!blocks(&check_segment(
            "It has 4 pages.",
            "В нём 4 страницы.",
            "ky",
            &[]
        )));
    }
}

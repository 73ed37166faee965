//! Sentence segmentation for English, Russian and Kyrgyz: cuts a paragraph
//! into the sentences that become translation-memory units.
//!
//! The rules are data, not code: `segment-rules.toml` beside this file holds,
//! per language and for a shared default, an ordered list of SRX-like rules,
//! each a `before` and an `after` regular expression with `break = true` or
//! `false`, plus the abbreviation lists they refer to. Only *candidates* are
//! examined — the end of a run of `.`, `!`, `?`, `…` and any closing quotes or
//! brackets after it — and at each the first rule whose two expressions match
//! decides. That keeps the work proportional to the punctuation, not to the
//! text times the rules. A second kind of candidate, the space between a word
//! and a capitalised one, is decided by the section's `capital_rules`: they
//! find a headline run into its text without punctuation ("… into wholesale
//! The second largest …").
//!
//! ```
//! use tilmech::tm::segment;
//!
//! let s = segment::split("Встреча прошла в г. Бишкек. Рогов А.А. выступил.", "ru");
//! assert_eq!(s, ["Встреча прошла в г. Бишкек.", "Рогов А.А. выступил."]);
//! ```
//!
//! [`split`] uses the embedded rules, parsed once per process;
//! [`Segmenter::from_rules`] builds a segmenter from another rules file.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;
use toml::Spanned;

/// The rules shipped with tilmech.
pub const RULES: &str = include_str!("segment-rules.toml");
const RULES_FILE: &str = "src/tm/segment-rules.toml";

/// How far back (in bytes) a `before` expression can see. Rules look at a
/// word or two; bounding the window keeps a rule test from rescanning the
/// whole paragraph at every candidate.
const BEFORE_WINDOW: usize = 200;

/// Sentence punctuation that opens a candidate.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(c, '»' | '"' | '”' | '“' | '’' | '\'' | ')' | ']')
}

/// A rules file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{file}: {detail}")]
    Syntax {
        /// The rules file.
        file: String,
        /// Where and what, from the TOML parser.
        detail: String,
    },
    /// A `before` or `after` expression does not compile.
    #[error("{file}: line {line}, column {column}: rule {index} of [languages.{lang}]: `{field}` is not a valid regular expression: {message}")]
    Regex {
        /// The rules file.
        file: String,
        /// 1-based line of the expression.
        line: usize,
        /// 1-based column of the expression.
        column: usize,
        /// The language section (`en`, or `en.capital_rules` for those rules).
        lang: String,
        /// 1-based position of the rule in its section.
        index: usize,
        /// `before` or `after`.
        field: &'static str,
        /// The regex compiler's explanation.
        message: String,
    },
    /// An expression refers to a list that `[lists]` does not define.
    #[error("{file}: line {line}, column {column}: rule {index} of [languages.{lang}] uses `{{{{{name}}}}}`, but [lists] has no `{name}`; expected one of: {known}")]
    UnknownList {
        /// The rules file.
        file: String,
        /// 1-based line of the expression.
        line: usize,
        /// 1-based column of the expression.
        column: usize,
        /// The language section (`en`, or `en.capital_rules` for those rules).
        lang: String,
        /// 1-based position of the rule in its section.
        index: usize,
        /// The missing list.
        name: String,
        /// The lists that exist, comma-separated.
        known: String,
    },
    /// There is no `[languages.default]`, which every language falls back to.
    #[error("{file}: no [languages.default] section; expected the shared rules every language falls back to")]
    NoDefault {
        /// The rules file.
        file: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    languages: BTreeMap<String, LangRules>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LangRules {
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    capital_rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "break")]
    brk: bool,
    before: Spanned<String>,
    after: Spanned<String>,
}

#[derive(Debug)]
struct Rule {
    name: String,
    brk: bool,
    /// `(?:before)\z`, run over the window ending at the candidate.
    before: Regex,
}

/// The rules for one kind of candidate, in order, with their `after`
/// expressions (`\A(?:after)`, run over the text from the candidate on) in
/// one set: a candidate runs one automaton for all of them, not one each.
#[derive(Debug)]
struct RuleList {
    rules: Vec<Rule>,
    afters: RegexSet,
}

impl RuleList {
    /// The first rule whose `after` matches `text[at..]` and whose `before`
    /// matches the text ending at `at`.
    fn decide(&self, text: &str, at: usize) -> Option<&Rule> {
        if self.rules.is_empty() {
            return None;
        }
        let afters = self.afters.matches(&text[at..]);
        let window = ceil_char_boundary(text, at.saturating_sub(BEFORE_WINDOW));
        afters
            .iter()
            .map(|i| &self.rules[i])
            .find(|r| r.before.is_match_at(&text[..at], window))
    }
}

/// A compiled rule set for one language: its own rules, then the default ones.
#[derive(Debug)]
pub struct Segmenter {
    lang: String,
    rules: RuleList,
    /// Rules for a space between a word and a capitalised word.
    capital_rules: RuleList,
}

/// What decided one candidate, for `--explain` and for debugging rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Byte offset of the candidate: just after the punctuation and closers,
    /// or, for a space before a capital, just after the word before it.
    pub at: usize,
    /// Whether the sentence ends here.
    pub brk: bool,
    /// `lang/name` of the deciding rule, or `none` when no rule matched.
    pub rule: String,
}

impl Segmenter {
    /// Compiles the rules of `lang` (its primary subtag: `ru-KG` → `ru`) from a
    /// rules file; a language without a section gets the default rules only.
    pub fn from_rules(text: &str, file: &str, lang: &str) -> Result<Segmenter, RulesError> {
        let parsed = parse(text, file)?;
        compile(&parsed, text, file, &primary(lang))
    }

    /// The segmenter for `lang` built from the embedded rules, compiled once
    /// per process and language.
    pub fn for_lang(lang: &str) -> &'static Segmenter {
        static CACHE: OnceLock<HashMap<String, Segmenter>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| {
            // The embedded file is checked by a unit test, so failing here is a
            // build defect, not bad user input.
            let parsed = parse(RULES, RULES_FILE).expect("embedded segmentation rules parse");
            let mut map = HashMap::new();
            for lang in parsed.languages.keys() {
                let seg = compile(&parsed, RULES, RULES_FILE, lang)
                    .expect("embedded segmentation rules compile");
                map.insert(lang.clone(), seg);
            }
            map
        });
        cache
            .get(&primary(lang))
            .unwrap_or_else(|| &cache["default"])
    }

    /// The language whose rules this segmenter uses.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Splits `text` into trimmed sentences, in order. A blank line always
    /// ends a sentence; apart from whitespace between sentences nothing is lost.
    pub fn split<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for (start, end) in blocks(text) {
            let block = &text[start..end];
            let mut from = 0;
            for (at, rule, _) in self.decide(block) {
                if rule.is_some_and(|r| r.brk) {
                    push_trimmed(&mut out, &block[from..at]);
                    from = at;
                }
            }
            push_trimmed(&mut out, &block[from..]);
        }
        out
    }

    /// Every punctuation candidate in `text` (treated as one paragraph) and
    /// the rule that decided it, and every space before a capitalised word
    /// that a rule decided (those no rule matches are only names, too many to
    /// list).
    pub fn explain(&self, text: &str) -> Vec<Decision> {
        self.decide(text)
            .filter(|(_, rule, capital)| !capital || rule.is_some())
            .map(|(at, rule, _)| Decision {
                at,
                brk: rule.is_some_and(|r| r.brk),
                rule: rule.map_or("none", |r| &r.name).to_string(),
            })
            .collect()
    }

    /// Each candidate in order, the rule that decided it (none: no break),
    /// and whether it is a space before a capital rather than punctuation.
    fn decide<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, Option<&'a Rule>, bool)> + 'a {
        let mut marks = candidates(text).map(|at| (at, false)).peekable();
        let mut spaces = if self.capital_rules.rules.is_empty() {
            None
        } else {
            Some(capital_gaps(text).map(|at| (at, true)).peekable())
        };
        // Both kinds come in order and never share an offset (one follows
        // punctuation, the other a letter or digit): merge them.
        let next = move || match (marks.peek(), spaces.as_mut().and_then(|s| s.peek())) {
            (Some(m), Some(s)) if s.0 < m.0 => spaces.as_mut().and_then(|s| s.next()),
            (Some(_), _) => marks.next(),
            (None, _) => spaces.as_mut().and_then(|s| s.next()),
        };
        std::iter::from_fn(next).map(move |(at, capital)| {
            let rules = if capital {
                &self.capital_rules
            } else {
                &self.rules
            };
            (at, rules.decide(text, at), capital)
        })
    }
}

/// Splits `text` into sentences with the embedded rules for `lang`
/// (`en`, `ru`, `ky`; anything else gets the shared default rules).
pub fn split<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    Segmenter::for_lang(lang).split(text)
}

fn primary(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn parse(text: &str, file: &str) -> Result<RulesFile, RulesError> {
    let parsed: RulesFile = toml::from_str(text).map_err(|e| RulesError::Syntax {
        file: file.to_string(),
        detail: crate::event::describe_toml_error(text, &e),
    })?;
    if !parsed.languages.contains_key("default") {
        return Err(RulesError::NoDefault {
            file: file.to_string(),
        });
    }
    Ok(parsed)
}

fn compile(
    parsed: &RulesFile,
    text: &str,
    file: &str,
    lang: &str,
) -> Result<Segmenter, RulesError> {
    let mut sections = Vec::new();
    if lang != "default" {
        if let Some(own) = parsed.languages.get(lang) {
            sections.push((lang, own));
        }
    }
    sections.push(("default", &parsed.languages["default"]));
    let (mut rules, mut capital_rules) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
    for (section, lr) in sections {
        for (kind, raws, out) in [
            ("", &lr.rules, &mut rules),
            (".capital_rules", &lr.capital_rules, &mut capital_rules),
        ] {
            compile_rules(parsed, text, file, section, kind, raws, out)?;
        }
    }
    let list = |(rules, afters): (Vec<Rule>, Vec<Written>)| {
        let set = RegexSet::new(afters.iter().map(|a| &a.wrapped)).map_err(|e| {
            // Name the expression at fault; if each compiles alone, only
            // the size limit refuses them together.
            afters
                .iter()
                .find_map(|a| {
                    Regex::new(&a.wrapped)
                        .err()
                        .map(|e| a.error(file, "after", &e))
                })
                .unwrap_or_else(|| RulesError::Syntax {
                    file: file.to_string(),
                    detail: format!(
                        "the `after` expressions are too large to compile together: {}",
                        regex_message(&e)
                    ),
                })
        })?;
        Ok(RuleList { rules, afters: set })
    };
    Ok(Segmenter {
        lang: lang.to_string(),
        rules: list(rules)?,
        capital_rules: list(capital_rules)?,
    })
}

/// A rule's expression, expanded and wrapped, and where it was written, for
/// an error; an `after` one is compiled with its list's others into one set.
struct Written {
    wrapped: String,
    line: usize,
    column: usize,
    lang: String,
    index: usize,
}

impl Written {
    /// The error for this expression (the rule's `field`), which the regex
    /// crate refused.
    fn error(&self, file: &str, field: &'static str, e: &regex::Error) -> RulesError {
        RulesError::Regex {
            file: file.to_string(),
            line: self.line,
            column: self.column,
            lang: self.lang.clone(),
            index: self.index,
            field,
            message: regex_message(e),
        }
    }
}

/// Compiles the rules of `[languages.<section><kind>]` onto `out`: each
/// rule (named `section/name`) and its wrapped `after` expression, which is
/// compiled once, in its list's set.
fn compile_rules(
    parsed: &RulesFile,
    text: &str,
    file: &str,
    section: &str,
    kind: &str,
    raws: &[RawRule],
    out: &mut (Vec<Rule>, Vec<Written>),
) -> Result<(), RulesError> {
    for (i, raw) in raws.iter().enumerate() {
        let wrap = |src: &Spanned<String>, wrap: fn(&str) -> String| {
            let (line, column) = crate::event::line_col(text, src.span().start);
            let expanded =
                expand(src.get_ref(), &parsed.lists).map_err(|name| RulesError::UnknownList {
                    file: file.to_string(),
                    line,
                    column,
                    lang: format!("{section}{kind}"),
                    index: i + 1,
                    name,
                    known: parsed.lists.keys().cloned().collect::<Vec<_>>().join(", "),
                })?;
            Ok::<_, RulesError>(Written {
                wrapped: wrap(&expanded),
                line,
                column,
                lang: format!("{section}{kind}"),
                index: i + 1,
            })
        };
        let before = wrap(&raw.before, |s| format!("(?:{s})\\z"))?;
        let before = Regex::new(&before.wrapped).map_err(|e| before.error(file, "before", &e))?;
        let after = wrap(&raw.after, |s| format!("\\A(?:{s})"))?;
        let name = raw.name.clone().unwrap_or_else(|| format!("#{}", i + 1));
        out.0.push(Rule {
            name: format!("{section}/{name}"),
            brk: raw.brk,
            before,
        });
        out.1.push(after);
    }
    Ok(())
}

/// The last line of the regex crate's multi-line message is the explanation.
fn regex_message(e: &regex::Error) -> String {
    let s = e.to_string();
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(&s)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

/// Replaces each `{{name}}` with a non-capturing alternation of the list's
/// items, escaped; returns the unknown name on failure.
fn expand(src: &str, lists: &BTreeMap<String, Vec<String>>) -> Result<String, String> {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open + 2..].find("}}") else {
            break;
        };
        let name = &rest[open + 2..open + 2 + len];
        let items = lists.get(name).ok_or_else(|| name.to_string())?;
        // Longest first, so that an item never loses to its own prefix.
        let mut items: Vec<&String> = items.iter().collect();
        items.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out.push_str(&rest[..open]);
        out.push_str("(?:");
        let alts: Vec<String> = items.iter().map(|s| regex::escape(s)).collect();
        out.push_str(&alts.join("|"));
        out.push(')');
        rest = &rest[open + 2 + len + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Byte offsets just after each run of sentence punctuation and its closers.
fn candidates(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((_, c)) = it.next() {
            if !is_terminator(c) {
                continue;
            }
            let mut end = text.len();
            while let Some(&(i, c)) = it.peek() {
                if is_terminator(c) || is_closer(c) {
                    it.next();
                } else {
                    end = i;
                    break;
                }
            }
            return Some(end);
        }
        None
    })
}

/// Byte offsets just after each word that whitespace and then a capital
/// letter follow: where the `capital_rules` decide. The word ends in a letter
/// or digit, so the place is never also a punctuation candidate.
fn capital_gaps(text: &str) -> impl Iterator<Item = usize> + '_ {
    static GAP: OnceLock<Regex> = OnceLock::new();
    let gap = GAP.get_or_init(|| Regex::new(r"[\p{L}\p{N}]\s+\p{Lu}").expect("valid regex"));
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = gap.find_at(text, from)?;
        let s = m.as_str();
        let last = s.chars().next_back().map_or(0, char::len_utf8);
        // The capital may end a one-letter word that is itself followed by a
        // gap ("from A B"): search again from it.
        from = m.end() - last;
        Some(m.start() + s.chars().next().map_or(0, char::len_utf8))
    })
}

/// `(start, end)` of each run of text between blank lines.
fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if offset > start {
                out.push((start, offset));
            }
            start = offset + line.len();
        }
        offset += line.len();
    }
    if text.len() > start {
        out.push((start, text.len()));
    }
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_compile_for_every_language() {
        for lang in ["en", "ru", "ky", "default"] {
            let seg = Segmenter::from_rules(RULES, RULES_FILE, lang).unwrap();
            assert_eq!(seg.lang(), lang);
            assert!(
                seg.rules.rules.iter().any(|r| r.brk),
                "{lang} has no break rule"
            );
        }
    }

    #[test]
    fn language_tags_use_their_primary_subtag() {
        assert_eq!(Segmenter::for_lang("ru-KG").lang(), "ru");
        assert_eq!(Segmenter::for_lang("KY_kg").lang(), "ky");
        assert_eq!(Segmenter::for_lang("de").lang(), "default");
    }

    #[test]
    fn malformed_toml_names_line_and_column() {
        let text = "[languages.default]\nrules = [ { break = maybe } ]\n";
        let err = Segmenter::from_rules(text, "bad.toml", "en").unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, RulesError::Syntax { .. }), "{msg}");
        assert!(msg.starts_with("bad.toml: line 2, column "), "{msg}");
    }

    #[test]
    fn missing_field_is_a_syntax_error() {
        let text = "[[languages.default.rules]]\nbreak = true\nbefore = '\\.'\n";
        let msg = Segmenter::from_rules(text, "r.toml", "en")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("missing field `after`"), "{msg}");
    }

    #[test]
    fn bad_regex_names_rule_field_and_position() {
        let text = "[[languages.default.rules]]\nbreak = true\nbefore = '[.!?'\nafter = '\\s'\n";
        let err = Segmenter::from_rules(text, "r.toml", "ru").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("r.toml: line 3, column 10: rule 1 of [languages.default]: `before` is not a valid regular expression:"),
            "{msg}"
        );
    }

    #[test]
    fn a_bad_after_expression_is_named_though_the_afters_compile_as_one_set() {
        let text = "[[languages.default.rules]]\nbreak = true\nbefore = '\\.'\nafter = '\\s'\n\
                    [[languages.default.rules]]\nbreak = false\nbefore = 'x'\nafter = '(y'\n";
        let msg = Segmenter::from_rules(text, "r.toml", "ru")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("r.toml: line 8, column 9: rule 2 of [languages.default]: `after` is not a valid regular expression:"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_list_is_reported_with_the_known_ones() {
        let text = "[lists]\ntitles = ['Mr']\n[[languages.default.rules]]\nbreak = false\nbefore = '{{titels}}\\.'\nafter = ''\n";
        let msg = Segmenter::from_rules(text, "r.toml", "en")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("uses `{{titels}}`, but [lists] has no `titels`; expected one of: titles"),
            "{msg}"
        );
    }

    #[test]
    fn a_file_without_default_rules_is_rejected() {
        let text = "[[languages.en.rules]]\nbreak = true\nbefore = '\\.'\nafter = '\\s'\n";
        let err = Segmenter::from_rules(text, "r.toml", "en").unwrap_err();
        assert!(matches!(err, RulesError::NoDefault { .. }));
    }

    #[test]
    fn language_rules_come_before_default_rules() {
        let text = "[[languages.xx.rules]]\nname = 'keep'\nbreak = false\nbefore = 'Foo\\.'\nafter = ''\n\
                    [[languages.default.rules]]\nname = 'end'\nbreak = true\nbefore = '\\.'\nafter = '\\s'\n";
        let xx = Segmenter::from_rules(text, "r.toml", "xx").unwrap();
        let other = Segmenter::from_rules(text, "r.toml", "yy").unwrap();
        assert_eq!(xx.split("A Foo. B."), ["A Foo. B."]);
        assert_eq!(other.split("A Foo. B."), ["A Foo.", "B."]);
        let why = xx.explain("A Foo. B.");
        assert_eq!(why[0].rule, "xx/keep");
    }

    #[test]
    fn list_items_are_literal() {
        let lists = BTreeMap::from([("a".to_string(), vec!["e.g".to_string(), "e".to_string()])]);
        assert_eq!(expand("x{{a}}y", &lists).unwrap(), "x(?:e\\.g|e)y");
        assert_eq!(expand("x{{b}}", &lists).unwrap_err(), "b");
    }

    #[test]
    fn candidates_take_closers_and_runs() {
        let text = "A?! «B.» C… D";
        let c: Vec<usize> = candidates(text).collect();
        let ends: Vec<&str> = c.iter().map(|&i| &text[..i]).collect();
        assert_eq!(ends, ["A?!", "A?! «B.»", "A?! «B.» C…"]);
    }

    #[test]
    fn capital_gaps_follow_a_word_and_precede_a_capital() {
        let text = "in Osh The x. Bob met  Ann\nLee, 5 Ok «No»";
        let ends: Vec<&str> = capital_gaps(text).map(|i| &text[..i]).collect();
        // Not after "x." (punctuation decides there), nor before "met" or "«No»".
        assert_eq!(
            ends,
            [
                "in",
                "in Osh",
                "in Osh The x. Bob met",
                "in Osh The x. Bob met  Ann",
                "in Osh The x. Bob met  Ann\nLee, 5"
            ]
        );
    }

    #[test]
    fn a_capital_rule_decides_a_space_and_explain_shows_only_decided_ones() {
        let text = "[[languages.default.rules]]\nname = 'end'\nbreak = true\nbefore = '\\.'\nafter = '\\s'\n\
                    [[languages.default.capital_rules]]\nname = 'opener'\nbreak = true\nbefore = '\\p{Ll}'\nafter = '\\s+The\\s+\\p{Ll}'\n";
        let seg = Segmenter::from_rules(text, "r.toml", "en").unwrap();
        let para = "Office opens in Osh today The staff of Anna Berger moved in. Done.";
        assert_eq!(
            seg.split(para),
            [
                "Office opens in Osh today",
                "The staff of Anna Berger moved in.",
                "Done."
            ]
        );
        let why = seg.explain(para);
        let rules: Vec<(&str, bool)> = why.iter().map(|d| (d.rule.as_str(), d.brk)).collect();
        assert_eq!(
            rules,
            [
                ("default/opener", true),
                ("default/end", true),
                ("none", false)
            ]
        );
        assert_eq!(&para[..why[0].at], "Office opens in Osh today");
    }

    #[test]
    fn a_bad_capital_rule_names_its_section() {
        let text = "[languages.default]\n[[languages.en.capital_rules]]\nbreak = true\nbefore = '('\nafter = ''\n";
        let msg = Segmenter::from_rules(text, "r.toml", "en")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("r.toml: line 4, column 10: rule 1 of [languages.en.capital_rules]: `before` is not a valid regular expression:"),
            "{msg}"
        );
    }

    #[test]
    fn blank_lines_always_separate() {
        assert_eq!(
            split("One line\n\n  \nno period here\nsame", "en"),
            ["One line", "no period here\nsame"]
        );
    }

    #[test]
    fn nothing_but_whitespace_is_lost() {
        let text = " He came.  «Да?!» – спросил он.\tThen... no. Mr. X left. ";
        let parts = split(text, "ru");
        let joined: String = parts.concat();
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(
            joined
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>(),
            squeezed
        );
        assert!(parts.len() >= 3, "{parts:?}");
    }

    #[test]
    fn long_words_before_a_candidate_do_not_break_char_boundaries() {
        let text = format!("{}. Ещё.", "ж".repeat(300));
        assert_eq!(split(&text, "ky").len(), 2);
    }
}

//! Draft and review: pre-translate a release's free text from the
//! translation memory, hand translators review files, and take what they
//! approve back into the event file and the memory.
//!
//! The flow is event → [`pretranslate`] (segments, each with its best
//! matches) → [`xliff::write`] and [`html::write`] for translators →
//! [`review::import_file`] of the reviewed XLIFF. Segmentation is the TM's
//! ([`crate::tm::segment::split`]), so a segment id (`p3.s2`: free-text
//! paragraph 3, sentence 2) means the same sentence at both ends.

pub mod files;
pub mod html;
pub mod memory;
pub mod qa;
pub mod review;
pub mod xliff;
pub mod xliff2;

use serde::Serialize;

use crate::event::Event;
use crate::tm::index::Index;
use crate::tm::lookup::{self, Match, Query};
use crate::tm::segment;
use crate::tm::store::{Store, StoreError};

/// How a segment was filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Exact match whose previous segment matched too (101).
    Context,
    /// Exact match (100).
    Exact,
    /// A fuzzy match at or above the threshold, inserted as a suggestion.
    Fuzzy,
    /// No usable match: the source text stays, flagged.
    None,
}

impl Category {
    /// The name used in summaries and review files.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Context => "context",
            Category::Exact => "exact",
            Category::Fuzzy => "fuzzy",
            Category::None => "none",
        }
    }
}

/// One source sentence and what the memory offers for it.
#[derive(Debug, Clone)]
pub struct SegmentDraft {
    /// `p{paragraph}.s{sentence}`, both from 1.
    pub id: String,
    /// The source sentence.
    pub source: String,
    /// How it was filled.
    pub category: Category,
    /// The pre-filled target: the best match's, or the source when none.
    pub target: String,
    /// Up to three candidates, best first.
    pub candidates: Vec<Match>,
    /// What the quality checks found in the suggested target ([`Draft::check`]).
    pub findings: Vec<qa::Finding>,
}

/// The free text of one release pre-translated into one language.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The source language.
    pub from: String,
    /// The target language.
    pub to: String,
    /// Paragraphs by their index in the event (from 0), with their segments;
    /// paragraphs that already have a translation are absent.
    pub paragraphs: Vec<(usize, Vec<SegmentDraft>)>,
}

/// Counts per category and the share of source words the memory covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Target language.
    pub lang: String,
    /// Segments by category.
    pub context: usize,
    /// Exact matches.
    pub exact: usize,
    /// Fuzzy suggestions.
    pub fuzzy: usize,
    /// Segments with no match.
    pub none: usize,
    /// Source words in all segments.
    pub words: usize,
    /// Source words in context and exact segments.
    pub words_exact: usize,
    /// Source words in fuzzy segments.
    pub words_fuzzy: usize,
    /// Suggestions (exact or fuzzy) with quality findings.
    pub flagged: usize,
}

impl Summary {
    /// Percentage of source words in segments the memory filled (exact or fuzzy).
    pub fn covered_percent(&self) -> f64 {
        if self.words == 0 {
            return 100.0;
        }
        100.0 * (self.words_exact + self.words_fuzzy) as f64 / self.words as f64
    }
}

/// Marks a sentence the memory could not fill in a draft release, so that
/// it cannot be published unnoticed.
pub fn flag_untranslated(source_lang: &str, text: &str) -> String {
    format!("[[{source_lang}: {text}]]")
}

/// The sentences of free-text paragraph `text`, as drafts and reviews cut them.
pub fn segments<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    segment::split(text, lang)
}

/// Pre-translates every free-text paragraph of `event` that has no `to` text.
pub fn pretranslate<S: Store>(
    event: &Event,
    store: &S,
    index: &Index,
    to: &str,
    min: u8,
) -> Result<Draft, StoreError> {
    let from = event.data.source.get_ref().clone();
    let mut paragraphs = Vec::new();
    let mut previous: Option<String> = None;
    for (p, para) in event.data.paragraphs.iter().enumerate() {
        let para = para.get_ref();
        let source = para.get(&from).map(String::as_str).unwrap_or_default();
        let sentences = segments(source, &from);
        if para.contains_key(to) {
            previous = sentences.last().map(|s| s.to_string());
            continue;
        }
        let mut drafts = Vec::new();
        for (s, sentence) in sentences.iter().enumerate() {
            let query = Query {
                text: sentence,
                from: &from,
                to,
                min,
                limit: 3,
                previous: previous.as_deref(),
            };
            let candidates = lookup::lookup(store, index, &query)?;
            let (category, target) = match candidates.first() {
                Some(m) if m.score >= 101 => (Category::Context, m.target.clone()),
                Some(m) if m.score == 100 => (Category::Exact, m.target.clone()),
                Some(m) => (Category::Fuzzy, m.target.clone()),
                None => (Category::None, sentence.to_string()),
            };
            drafts.push(SegmentDraft {
                id: format!("p{}.s{}", p + 1, s + 1),
                source: sentence.to_string(),
                category,
                target,
                candidates,
                findings: Vec::new(),
            });
            previous = Some(sentence.to_string());
        }
        paragraphs.push((p, drafts));
    }
    Ok(Draft {
        from,
        to: to.to_string(),
        paragraphs,
    })
}

impl Draft {
    /// Runs the quality checks on every suggestion the memory made, so that
    /// the translator sees (in the XLIFF's notes) what to look at.
    pub fn check(&mut self, terms: &[qa::Term]) {
        let to = self.to.clone();
        for seg in self.paragraphs.iter_mut().flat_map(|(_, segs)| segs) {
            if seg.category != Category::None {
                seg.findings = qa::check_segment(&seg.source, &seg.target, &to, terms);
            }
        }
    }

    /// Counts per category and covered words.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            lang: self.to.clone(),
            ..Summary::default()
        };
        for seg in self.paragraphs.iter().flat_map(|(_, segs)| segs) {
            let words = seg.source.split_whitespace().count();
            s.words += words;
            s.flagged += usize::from(!seg.findings.is_empty());
            match seg.category {
                Category::Context => {
                    s.context += 1;
                    s.words_exact += words;
                }
                Category::Exact => {
                    s.exact += 1;
                    s.words_exact += words;
                }
                Category::Fuzzy => {
                    s.fuzzy += 1;
                    s.words_fuzzy += words;
                }
                Category::None => s.none += 1,
            }
        }
        s
    }

    /// `event` with the drafted paragraphs filled in, ready to render; untranslated
    /// sentences are flagged with [`flag_untranslated`].
    pub fn apply(&self, event: &Event) -> Event {
        let mut event = event.clone();
        for (p, segs) in &self.paragraphs {
            let text: Vec<String> = segs
                .iter()
                .map(|s| match s.category {
                    Category::None => flag_untranslated(&self.from, &s.source),
                    _ => s.target.clone(),
                })
                .collect();
            event.data.paragraphs[*p]
                .get_mut()
                .insert(self.to.clone(), text.join(" "));
        }
        event
    }
}

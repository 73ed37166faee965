//! Taking a reviewed XLIFF back: approved segments become `reviewed` units
//! in the memory and, where a whole paragraph is approved, its translation
//! in the event file (edited with `toml_edit`, so comments and layout stay).
//!
//! Everything is checked before anything is written: a file whose sources
//! no longer match the event, or that is malformed, changes nothing.
//! Importing the same file again changes nothing either (the memory merges
//! duplicates; an unchanged event file is not rewritten).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::xliff::{self, XliffError};
use crate::event::{Event, EventErrors};
use crate::tm::store::{self, BatchReport, SqliteStore, StoreError};
use crate::tm::unit::{Provenance, Segment, Unit};

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The event file.
    pub event: PathBuf,
    /// The target language.
    pub lang: String,
    /// Approved segments taken into the memory.
    pub approved: usize,
    /// Segments not (yet) approved.
    pub pending: usize,
    /// Paragraphs (1-based) whose translation was written to the event.
    pub written: Vec<usize>,
    /// Paragraphs (1-based) only partly approved: (paragraph, approved, total).
    pub partial: Vec<(usize, usize, usize)>,
    /// What the memory made of the approved units.
    pub tm: BatchReport,
    /// Whether the event file changed.
    pub event_changed: bool,
}

/// Why a review could not be imported; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The XLIFF is malformed.
    #[error(transparent)]
    Xliff(#[from] XliffError),
    /// The event file is missing or invalid.
    #[error(transparent)]
    Event(#[from] EventErrors),
    /// The file does not fit the event.
    #[error("{}:{line}: {message}", path.display())]
    Mismatch {
        /// The XLIFF file.
        path: PathBuf,
        /// Line of the trans-unit.
        line: usize,
        /// What does not match.
        message: String,
    },
    /// The memory could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The event file could not be edited or written.
    #[error("{}: {message}", path.display())]
    EventWrite {
        /// The event file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Imports the reviewed XLIFF at `path` into `store` and its event file.
pub fn import(
    path: &Path,
    event_path: Option<&Path>,
    store: &mut SqliteStore,
    author: Option<String>,
) -> Result<Outcome, ReviewError> {
    let file = xliff::read(path)?;
    let event_path = event_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(&file.original));
    let event = Event::load(&event_path)?;
    let mismatch = |line: usize, message: String| ReviewError::Mismatch {
        path: path.to_path_buf(),
        line,
        message,
    };
    let from = event.data.source.get_ref().clone();
    if file.from != from {
        return Err(mismatch(
            1,
            format!(
                "the file translates from `{}` but {} is written in `{from}`",
                file.from,
                event_path.display()
            ),
        ));
    }
    let to = file.to.clone();

    // Check every unit against the event as it is now.
    let mut by_paragraph: BTreeMap<usize, BTreeMap<usize, &xliff::Reviewed>> = BTreeMap::new();
    let mut outcome = Outcome {
        event: event_path.clone(),
        lang: to.clone(),
        ..Outcome::default()
    };
    for u in &file.units {
        let (p, s) = parse_id(&u.id).ok_or_else(|| {
            mismatch(
                u.line,
                format!(
                    "trans-unit id `{}` is not of the form p<paragraph>.s<sentence>",
                    u.id
                ),
            )
        })?;
        let para = event.data.paragraphs.get(p - 1).ok_or_else(|| {
            mismatch(u.line, format!("{} has no paragraph {p} (trans-unit `{}`); was the draft made from another version?", event_path.display(), u.id))
        })?;
        let source = para
            .get_ref()
            .get(&from)
            .map(String::as_str)
            .unwrap_or_default();
        let sentences = super::segments(source, &from);
        match sentences.get(s - 1) {
            Some(now) if *now == u.source => {}
            now => {
                return Err(mismatch(
                    u.line,
                    format!(
                        "the source of `{}` no longer matches paragraph {p} of {}: the file has «{}», the event has «{}»; make a new draft",
                        u.id,
                        event_path.display(),
                        u.source,
                        now.unwrap_or(&"")
                    ),
                ))
            }
        }
        if !u.approved {
            outcome.pending += 1;
            continue;
        }
        if u.target.trim().is_empty() {
            return Err(mismatch(
                u.line,
                format!("`{}` is approved but its target is empty", u.id),
            ));
        }
        by_paragraph.entry(p).or_default().insert(s, u);
    }

    // Whole paragraphs go into the event; every approved segment into the memory.
    let mut doc: toml_edit::DocumentMut =
        event
            .text
            .parse()
            .map_err(|e: toml_edit::TomlError| ReviewError::EventWrite {
                path: event_path.clone(),
                message: e.to_string(),
            })?;
    let stem = event_path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let author = author.or(file.reviewer.clone());
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mut units = Vec::new();
    let positions = sentence_positions(&event, &from);
    for (p, approved) in &by_paragraph {
        let source = event.data.paragraphs[p - 1]
            .get_ref()
            .get(&from)
            .cloned()
            .unwrap_or_default();
        let total = super::segments(&source, &from).len();
        outcome.approved += approved.len();
        for (s, u) in approved {
            let mut segments = BTreeMap::new();
            segments.insert(from.clone(), Segment::plain(u.source.clone()));
            segments.insert(to.clone(), Segment::plain(u.target.trim().to_string()));
            units.push(Unit {
                segments,
                provenance: Provenance {
                    document: Some(stem.clone()),
                    position: positions.get(&(*p, *s)).copied(),
                    author: author.clone(),
                    status: Some("reviewed".into()),
                    created: Some(now.clone()),
                    changed: Some(now.clone()),
                },
            });
        }
        if approved.len() < total {
            outcome.partial.push((*p, approved.len(), total));
            continue;
        }
        let text: Vec<&str> = approved.values().map(|u| u.target.trim()).collect();
        let text = text.join(" ");
        if event.data.paragraphs[p - 1].get_ref().get(&to) != Some(&text) {
            set_paragraph(&mut doc, p - 1, &to, &text).map_err(|message| {
                ReviewError::EventWrite {
                    path: event_path.clone(),
                    message,
                }
            })?;
            outcome.event_changed = true;
        }
        outcome.written.push(*p);
    }

    // Validate the edited event before touching anything.
    let new_text = doc.to_string();
    if outcome.event_changed {
        Event::parse(&event_path, new_text.clone())?;
    }
    outcome.tm = store::import(
        store,
        units.into_iter().map(Ok::<_, std::convert::Infallible>),
        &Provenance::default(),
    )?;
    if outcome.event_changed {
        let tmp = event_path.with_extension("toml.tilmech-tmp");
        std::fs::write(&tmp, &new_text)
            .and_then(|_| std::fs::rename(&tmp, &event_path))
            .map_err(|e| ReviewError::EventWrite {
                path: event_path.clone(),
                message: e.to_string(),
            })?;
    }
    Ok(outcome)
}

/// `p3.s2` → (3, 2).
fn parse_id(id: &str) -> Option<(usize, usize)> {
    let (p, s) = id.strip_prefix('p')?.split_once(".s")?;
    let (p, s) = (p.parse().ok()?, s.parse().ok()?);
    (p > 0 && s > 0).then_some((p, s))
}

/// The position of each free-text sentence in the event, in reading order,
/// so that reviewed units keep their neighbours for context matches.
fn sentence_positions(event: &Event, from: &str) -> BTreeMap<(usize, usize), u32> {
    let mut positions = BTreeMap::new();
    let mut n = 0;
    for (p, para) in event.data.paragraphs.iter().enumerate() {
        let source = para
            .get_ref()
            .get(from)
            .map(String::as_str)
            .unwrap_or_default();
        for s in 0..super::segments(source, from).len() {
            positions.insert((p + 1, s + 1), n);
            n += 1;
        }
    }
    positions
}

/// Sets `paragraphs[index][lang] = text` in `[[paragraphs]]` or an inline array.
fn set_paragraph(
    doc: &mut toml_edit::DocumentMut,
    index: usize,
    lang: &str,
    text: &str,
) -> Result<(), String> {
    let item = doc
        .get_mut("paragraphs")
        .ok_or("the event has no `paragraphs`")?;
    if let Some(tables) = item.as_array_of_tables_mut() {
        let table = tables
            .get_mut(index)
            .ok_or("paragraph index out of range")?;
        table[lang] = toml_edit::value(text);
        return Ok(());
    }
    let array = item
        .as_array_mut()
        .ok_or("`paragraphs` is neither [[paragraphs]] nor an array")?;
    let table = array
        .get_mut(index)
        .and_then(|v| v.as_inline_table_mut())
        .ok_or("paragraph is not a table")?;
    table.insert(lang, text.into());
    Ok(())
}

//! Taking a reviewed XLIFF back: approved segments become `reviewed` units
//! in the memory and, where a whole paragraph is approved, its translation
//! in the event file (edited with `toml_edit`, so comments and layout stay).
//!
//! Everything is checked before anything is written: a file whose sources
//! no longer match the event, whose languages are not the project's, or that
//! is malformed, changes nothing. Importing the same file again changes
//! nothing either (the memory merges duplicates; an unchanged event file is
//! not rewritten).
//!
//! # Memory and event: one outcome
//!
//! The memory (one SQLite transaction) and the event file (one rename) are
//! two files, so no single write covers both. A redo journal makes them one
//! outcome across kill -9. With the directory of the event file locked
//! (so two imports of events there take turns):
//!
//! 1. The new event text is written to a temporary file beside the event
//!    and synced. Failing here (a read-only directory, a full disk) leaves
//!    both untouched.
//! 2. The journal `<event>.tilmech-journal` is written (temporary name,
//!    sync, rename, sync of the directory). It holds the memory's path, the
//!    event's text before and after, and every unit to store. **This rename
//!    is the commit point**: before it nothing has changed, after it the
//!    import will happen.
//! 3. The units go into the memory in one transaction. If that fails while
//!    this process is alive, the journal and the temporary file are removed
//!    and the error reported: nothing changed.
//! 4. The temporary file is renamed over the event (through a symbolic link,
//!    onto its target) and the directory synced.
//! 5. The journal is removed.
//!
//! Recovery ([`recover`]), run before every review import and before an
//! event is drafted or rendered: a journal left by a killed run is redone —
//! its units stored again (storing a unit twice is harmless: duplicates
//! merge) and the event given the journal's text when it still has the text
//! from before — and then removed. Stale temporary files without a journal
//! are deleted. An event that matches neither text (edited by hand since)
//! is left alone and reported, with the journal kept.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::qa::{self, Finding};
use super::xliff::{self, XliffError};
use crate::event::{Event, EventErrors};
use crate::project::Project;
use crate::tm::memory::{self, Access, Location, Memory};
use crate::tm::store::{self, BatchReport, Store, StoreError};
use crate::tm::unit::{InlineTag, Provenance, Segment, Unit};

/// Which segments of a review [`import_file`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Accept {
    /// Only reviewed work: state `final` or `signed-off`, or `approved="yes"`
    /// (XLIFF 2.0: `reviewed` or `final`).
    Reviewed,
    /// Reviewed work, state `translated`, and any target the translator
    /// changed from what the draft wrote, whatever its state (OmegaT never
    /// changes `state`). The default: in a small office the translator is
    /// often the reviewer, and a confirmed translation is the work to keep.
    #[default]
    Translated,
    /// Every non-empty target, except one still as the draft wrote it when
    /// that was the source text copied over (no translation at all).
    AllNonempty,
}

impl Accept {
    /// The name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Accept::Reviewed => "reviewed",
            Accept::Translated => "translated",
            Accept::AllNonempty => "all-nonempty",
        }
    }

    /// Why `unit` is not taken at this level, or `None` when it is.
    pub fn refuses(self, unit: &xliff::Reviewed) -> Option<Reason> {
        let state = || unit.state.clone().unwrap_or_else(|| "none".into());
        if unit.target.text.trim().is_empty() {
            return Some(Reason::Empty);
        }
        let changed = unit.changed();
        match self {
            _ if unit.approved => None,
            Accept::Reviewed => Some(Reason::NotReviewed { state: state() }),
            Accept::Translated
                if unit.state.as_deref() == Some("translated") || changed == Some(true) =>
            {
                None
            }
            Accept::Translated if changed == Some(false) => {
                Some(Reason::Unchanged { state: state() })
            }
            Accept::Translated => Some(Reason::NotTranslated { state: state() }),
            Accept::AllNonempty
                if changed != Some(true) && unit.target.text.trim() == unit.source.trim() =>
            {
                Some(Reason::SourceCopied)
            }
            Accept::AllNonempty => None,
        }
    }
}

/// Why a segment of a review was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Reason {
    /// The target is empty.
    Empty,
    /// Not reviewed (level `reviewed`): its state.
    NotReviewed {
        /// The target's state (`none` when it has none).
        state: String,
    },
    /// Neither reviewed nor translated, and the file does not record what the
    /// draft wrote (level `translated`).
    NotTranslated {
        /// The target's state.
        state: String,
    },
    /// Still the target the draft wrote, and not confirmed (level `translated`).
    Unchanged {
        /// The target's state.
        state: String,
    },
    /// The target is the source text the draft copied over (level `all-nonempty`).
    SourceCopied,
    /// The event's paragraph changed since the draft: none of its sentences is
    /// taken, since its units no longer line up with it.
    SourceChanged {
        /// The paragraph (1-based).
        paragraph: usize,
        /// Its first sentence (1-based) that differs from the file.
        sentence: usize,
        /// That sentence in the event now (empty when there is none).
        now: String,
    },
    /// Quality checks found errors (import with `--force` to take it anyway).
    Qa {
        /// Every finding, errors and warnings.
        findings: Vec<Finding>,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Empty => write!(f, "the target is empty"),
            Reason::NotReviewed { state } => write!(
                f,
                "not reviewed (state {state}); confirm it as final, or import with --accept translated"
            ),
            Reason::NotTranslated { state } => write!(
                f,
                "not translated (state {state}) and the file does not say what the draft wrote"
            ),
            Reason::Unchanged { state } => write!(
                f,
                "unchanged since the draft (state {state}); edit or confirm it, or import with --accept all-nonempty"
            ),
            Reason::SourceCopied => write!(f, "the target is still the source text"),
            Reason::SourceChanged {
                paragraph,
                sentence,
                now,
            } => write!(
                f,
                "paragraph {paragraph} of the event changed since the draft (sentence {sentence} is now «{now}»); draft it again"
            ),
            Reason::Qa { findings } => {
                let list: Vec<String> = findings.iter().map(ToString::to_string).collect();
                write!(f, "{}; fix it, or import with --force", list.join("; "))
            }
        }
    }
}

/// A segment of the review that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The trans-unit id.
    pub id: String,
    /// Its line in the XLIFF file.
    pub line: usize,
    /// Why.
    #[serde(flatten)]
    pub reason: Reason,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The event file.
    pub event: PathBuf,
    /// The target language.
    pub lang: String,
    /// Approved segments taken into the memory.
    pub approved: usize,
    /// The level segments were taken at.
    pub accept: Accept,
    /// Segments not imported, in file order, with the reason.
    pub skipped: Vec<Skipped>,
    /// Findings on the segments imported (warnings, and errors overridden with `--force`).
    pub findings: Vec<(String, Finding)>,
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
    /// The XLIFF is malformed or its languages do not fit the project.
    #[error(transparent)]
    Xliff(#[from] XliffError),
    /// The event file is missing or invalid.
    #[error(transparent)]
    Event(#[from] EventErrors),
    /// The event the file was drafted from cannot be found.
    #[error("{}: cannot find the event file `{original}` this review was drafted from (looked for {}); pass it with --event EVENT.toml", path.display(), tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    EventNotFound {
        /// The XLIFF file.
        path: PathBuf,
        /// Its `original`.
        original: String,
        /// Where the event was looked for.
        tried: Vec<PathBuf>,
    },
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

/// Finds the event a review was drafted from: `explicit` (`--event`) when
/// given; else `original` as written, relative to the XLIFF file (as
/// [`super::xliff::write`] stores it); else the event with that file stem in
/// the project's events folder; else `original` relative to the working
/// directory (as drafts before this one stored it).
pub fn locate_event(
    xliff_path: &Path,
    original: &str,
    explicit: Option<&Path>,
    project: &Project,
) -> Result<PathBuf, ReviewError> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    let written = Path::new(original);
    let mut tried = Vec::new();
    if !original.is_empty() {
        if written.is_absolute() {
            tried.push(written.to_path_buf());
        } else {
            let dir = xliff_path.parent().unwrap_or(Path::new(""));
            tried.push(dir.join(written));
        }
        if let Some(stem) = written.file_stem() {
            let mut name = stem.to_os_string();
            name.push(".toml");
            tried.push(project.root.join(&project.config.events).join(name));
        }
        if written.is_relative() {
            tried.push(written.to_path_buf());
        }
    }
    match tried.iter().find(|p| p.is_file()) {
        Some(found) => Ok(found.clone()),
        None => Err(ReviewError::EventNotFound {
            path: xliff_path.to_path_buf(),
            original: original.to_string(),
            tried,
        }),
    }
}

/// How to import a review.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The event file [default: the one [`locate_event`] finds].
    pub event: Option<PathBuf>,
    /// The reviewer [default: the file's].
    pub author: Option<String>,
    /// Which segments to take.
    pub accept: Accept,
    /// Take segments whose quality checks found errors, recording the
    /// override in the memory unit's status.
    pub force: bool,
    /// The findings of units the caller has checked already, by id (the
    /// web app checks a confirm before it builds the review): those units
    /// are not checked again.
    pub checked: BTreeMap<String, Vec<Finding>>,
}

/// Imports `file`, a review already read (from the XLIFF at `path`, or
/// made by the web app's review view, for which `path` only names the
/// source in messages): takes the segments `options.accept` admits and
/// checks the file's languages against `project`'s.
pub fn import_file(
    path: &Path,
    file: xliff::ReviewFile,
    options: &Options,
    project: &Project,
    store: &mut Memory,
) -> Result<Outcome, ReviewError> {
    import_file_with(path, file, options, project, store, &|_, _| {})
}

/// [`import_file`], telling `progress` how many of the file's segments
/// are checked of how many; the memory and the event are written after
/// the last.
pub fn import_file_with(
    path: &Path,
    file: xliff::ReviewFile,
    options: &Options,
    project: &Project,
    store: &mut Memory,
    progress: &dyn Fn(u64, u64),
) -> Result<Outcome, ReviewError> {
    let event_path = options.event.as_deref();
    let author = options.author.clone();
    let event_path = locate_event(path, &file.original, event_path, project)?;
    let target = write_target(&event_path)?;
    let _lock = lock_dir(&target)?;
    recover_locked(&target)?;
    let event = Event::load(&event_path)?;
    let mismatch = |line: usize, message: String| ReviewError::Mismatch {
        path: path.to_path_buf(),
        line,
        message,
    };
    let language = |message: String| {
        ReviewError::Xliff(XliffError {
            path: path.to_path_buf(),
            line: file.at.0,
            column: file.at.1,
            message,
        })
    };
    let from = event.data.source.get_ref().clone();
    if file.from != from {
        return Err(language(format!(
            "the file translates from `{}` but {} is written in `{from}`",
            file.from,
            event_path.display()
        )));
    }
    let to = file.to.clone();
    if to == from {
        return Err(language(format!(
            "target-language `{to}` is the event's source language: expected the language the file translates into"
        )));
    }
    let languages = &project.config.languages;
    if !languages.contains(&to) {
        return Err(language(format!(
            "target-language `{to}` is not one of the project's languages: expected one of {}",
            languages
                .iter()
                .filter(|l| **l != from)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }

    // Every paragraph cut into sentences once: a unit's id refers to them.
    let paragraphs: Vec<Vec<&str>> = event
        .paragraphs(&from)
        .into_iter()
        .map(|text| super::segments(text.unwrap_or_default(), &from))
        .collect();

    let terms = qa::load_terms(&project.config.locales, &from, &to);
    // Paragraphs edited since the draft: (paragraph, first sentence that
    // differs, its text now). Their units are listed, not imported; the
    // other paragraphs' work is kept.
    let mut edited: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for u in &file.units {
        let Some((p, s)) = parse_id(&u.id) else {
            continue;
        };
        let now = paragraphs
            .get(p - 1)
            .and_then(|sentences| sentences.get(s - 1));
        if now != Some(&u.source.as_str()) {
            let entry = edited
                .entry(p)
                .or_insert((s, now.unwrap_or(&"").to_string()));
            if s < entry.0 {
                *entry = (s, now.unwrap_or(&"").to_string());
            }
        }
    }
    // Check every unit against the event as it is now.
    let mut by_paragraph: BTreeMap<usize, BTreeMap<usize, &xliff::Reviewed>> = BTreeMap::new();
    let mut outcome = Outcome {
        event: event_path.clone(),
        lang: to.clone(),
        accept: options.accept,
        ..Outcome::default()
    };
    let total = file.units.len() as u64;
    for (i, u) in file.units.iter().enumerate() {
        progress(i as u64, total);
        let (p, s) = parse_id(&u.id).ok_or_else(|| {
            mismatch(
                u.line,
                format!(
                    "trans-unit id `{}` is not of the form p<paragraph>.s<sentence>",
                    u.id
                ),
            )
        })?;
        if let Some(&(changed, ref now)) = edited.get(&p) {
            outcome.skipped.push(Skipped {
                id: u.id.clone(),
                line: u.line,
                reason: Reason::SourceChanged {
                    paragraph: p,
                    sentence: changed,
                    now: now.clone(),
                },
            });
            continue;
        }
        let level = (options.accept, options.force);
        let found = match options.checked.get(&u.id) {
            Some(found) => found.clone(),
            None => qa::check_unit(u, &to, &terms),
        };
        if !judge(u, level, found, &mut outcome.skipped, &mut outcome.findings) {
            continue;
        }
        by_paragraph.entry(p).or_default().insert(s, u);
    }
    progress(total, total);

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
    let now = crate::tm::unit::now_stamp();
    let mut units = Vec::new();
    // Each sentence's position in the event, in reading order, so that
    // reviewed units keep their neighbours for context matches.
    let first_position: Vec<usize> = paragraphs
        .iter()
        .scan(0, |n, sentences| {
            let first = *n;
            *n += sentences.len();
            Some(first)
        })
        .collect();
    for (p, approved) in &by_paragraph {
        let total = paragraphs[p - 1].len();
        outcome.approved += approved.len();
        for (s, u) in approved {
            let mut segments = BTreeMap::new();
            segments.insert(from.clone(), Segment::plain(u.source.clone()));
            segments.insert(to.clone(), trimmed(&u.target));
            units.push(Unit {
                segments,
                provenance: Provenance {
                    document: Some(stem.clone()),
                    position: u32::try_from(first_position[p - 1] + s - 1).ok(),
                    author: author.clone(),
                    status: Some(status("reviewed", &u.id, &outcome.findings)),
                    created: Some(now.clone()),
                    changed: Some(now.clone()),
                },
            });
        }
        if approved.len() < total {
            outcome.partial.push((*p, approved.len(), total));
            continue;
        }
        let text: Vec<&str> = approved.values().map(|u| u.target.text.trim()).collect();
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

    if !outcome.event_changed {
        // The memory is the only thing written: its transaction is the outcome.
        outcome.tm = store_units(store, units)?;
        return Ok(outcome);
    }
    // Validate the edited event before touching anything.
    let new_text = doc.to_string();
    Event::parse(&event_path, new_text.clone())?;
    let journal = Journal {
        memory: store.to_record(),
        event: target.clone(),
        before: event.text.clone(),
        after: new_text,
        units: units.iter().map(JournalUnit::from).collect(),
    };
    outcome.tm = commit(&journal, store)?;
    Ok(outcome)
}

/// Whether `accept` takes `unit` and the findings of its quality checks,
/// `found`, let it in (with `force`, errors too), adding them to `findings`
/// when it is taken and the reason to `skipped` when not.
pub(super) fn judge(
    unit: &xliff::Reviewed,
    (accept, force): (Accept, bool),
    found: Vec<Finding>,
    skipped: &mut Vec<Skipped>,
    findings: &mut Vec<(String, Finding)>,
) -> bool {
    let reason = accept.refuses(unit).or_else(|| {
        (qa::blocks(&found) && !force).then(|| Reason::Qa {
            findings: found.clone(),
        })
    });
    if let Some(reason) = reason {
        skipped.push(Skipped {
            id: unit.id.clone(),
            line: unit.line,
            reason,
        });
        return false;
    }
    findings.extend(found.into_iter().map(|f| (unit.id.clone(), f)));
    true
}

/// The memory status of an imported segment: `base` (`reviewed`), and
/// which blocking checks were overridden with `--force`, if any.
pub(super) fn status(base: &str, id: &str, findings: &[(String, Finding)]) -> String {
    let mut forced: Vec<&str> = findings
        .iter()
        .filter(|(of, f)| of == id && f.severity == qa::Severity::Error)
        .map(|(_, f)| f.check)
        .collect();
    // A check that found two things (two numbers changed) was overridden once.
    forced.dedup();
    if forced.is_empty() {
        base.into()
    } else {
        format!("{base} (QA overridden: {})", forced.join(", "))
    }
}

/// What a committed import writes: enough to redo it after a kill.
#[derive(Serialize, Deserialize)]
struct Journal {
    memory: PathBuf,
    /// The file written: the event, its symbolic links resolved.
    event: PathBuf,
    before: String,
    after: String,
    units: Vec<JournalUnit>,
}

/// A unit as the journal keeps it ([`Unit`] has no serde form of its own).
#[derive(Serialize, Deserialize)]
struct JournalUnit {
    segments: Vec<JournalSegment>,
    document: Option<String>,
    position: Option<u32>,
    author: Option<String>,
    status: Option<String>,
    created: Option<String>,
    changed: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct JournalSegment {
    lang: String,
    text: String,
    /// Inline markup as (offset, xml).
    inline: Vec<(usize, String)>,
}

impl From<&Unit> for JournalUnit {
    fn from(u: &Unit) -> JournalUnit {
        let p = &u.provenance;
        JournalUnit {
            segments: u
                .segments
                .iter()
                .map(|(lang, seg)| JournalSegment {
                    lang: lang.clone(),
                    text: seg.text.clone(),
                    inline: seg
                        .inline
                        .iter()
                        .map(|t| (t.offset, t.xml.clone()))
                        .collect(),
                })
                .collect(),
            document: p.document.clone(),
            position: p.position,
            author: p.author.clone(),
            status: p.status.clone(),
            created: p.created.clone(),
            changed: p.changed.clone(),
        }
    }
}

impl JournalUnit {
    fn unit(&self) -> Unit {
        Unit {
            segments: self
                .segments
                .iter()
                .map(|JournalSegment { lang, text, inline }| {
                    let inline = inline
                        .iter()
                        .map(|(offset, xml)| InlineTag {
                            offset: *offset,
                            xml: xml.clone(),
                        })
                        .collect();
                    let segment = Segment {
                        text: text.clone(),
                        inline,
                    };
                    (lang.clone(), segment)
                })
                .collect(),
            provenance: Provenance {
                document: self.document.clone(),
                position: self.position,
                author: self.author.clone(),
                status: self.status.clone(),
                created: self.created.clone(),
                changed: self.changed.clone(),
            },
        }
    }
}

fn store_units<S: Store>(store: &mut S, units: Vec<Unit>) -> Result<BatchReport, StoreError> {
    store::import(
        store,
        units.into_iter().map(Ok::<_, std::convert::Infallible>),
        &Provenance::default(),
    )
}

/// Steps 1 to 5 of the protocol in the module documentation.
fn commit(journal: &Journal, store: &mut Memory) -> Result<BatchReport, ReviewError> {
    let event = &journal.event;
    let write_error = |message: String| ReviewError::EventWrite {
        path: event.clone(),
        message,
    };
    let tmp = sibling(event, "tilmech-tmp");
    if let Err(e) = write_replacement(&tmp, journal.after.as_bytes(), event) {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(format!(
            "cannot write the new event file: {e}; nothing was changed"
        )));
    }
    let journal_path = journal_path(event);
    let text = serde_json::to_vec(journal).expect("a journal serialises");
    let journal_tmp = sibling(event, "tilmech-journal-tmp");
    let written = write_synced(&journal_tmp, &text)
        .and_then(|()| std::fs::rename(&journal_tmp, &journal_path))
        .and_then(|()| sync_dir(event));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&journal_tmp);
        let _ = std::fs::remove_file(&journal_path);
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(format!(
            "cannot write {}: {e}; nothing was changed",
            journal_path.display()
        )));
    }
    let units = journal.units.iter().map(JournalUnit::unit).collect();
    let report = match store_units(store, units) {
        Ok(report) => report,
        Err(e) => {
            // The transaction rolled back; withdraw the journal so that no
            // later run completes what failed.
            let _ = std::fs::remove_file(&journal_path);
            let _ = std::fs::remove_file(&tmp);
            let _ = sync_dir(event);
            return Err(e.into());
        }
    };
    std::fs::rename(&tmp, event)
        .and_then(|()| sync_dir(event))
        .map_err(|e| {
            write_error(format!(
                "the memory has the reviewed units but the event file could not be replaced ({e}); {} records the rest: run the command again to complete it",
                journal_path.display()
            ))
        })?;
    remove_journal(&journal_path)?;
    Ok(report)
}

/// Completes an import that a killed run committed (see the module
/// documentation) for the event at `event_path`, and removes what a run
/// killed before its commit point left. Returns whether there was a journal.
pub fn recover(event_path: &Path) -> Result<bool, ReviewError> {
    // A missing event has nothing to recover; its reader reports it.
    let Ok(target) = write_target(event_path) else {
        return Ok(false);
    };
    let _lock = match lock_dir(&target) {
        Ok(lock) => lock,
        // A folder that cannot be locked (not readable) blocks only an
        // actual recovery, not reading an event that has nothing to recover.
        Err(_) if !journal_path(&target).exists() => return Ok(false),
        Err(e) => return Err(e),
    };
    recover_locked(&target)
}

fn recover_locked(event: &Path) -> Result<bool, ReviewError> {
    let journal_path = journal_path(event);
    let found = match std::fs::read(&journal_path) {
        Ok(text) => Some(text),
        // A name too long for the file system cannot have been written either.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::InvalidFilename) => None,
        Err(e) => {
            return Err(ReviewError::EventWrite {
                path: journal_path,
                message: format!("cannot read the journal of an interrupted review import: {e}"),
            })
        }
    };
    remove_temporaries(event);
    let Some(text) = found else {
        return Ok(false);
    };
    let broken = |message: String| ReviewError::EventWrite {
        path: journal_path.clone(),
        message,
    };
    let journal: Journal = serde_json::from_slice(&text).map_err(|e| {
        broken(format!("not a journal tilmech can read ({e}); it records an interrupted review import: remove it once the event and the memory are checked"))
    })?;
    let now = std::fs::read_to_string(event)
        .map_err(|e| broken(format!("cannot read {}: {e}", event.display())))?;
    if now != journal.before && now != journal.after {
        return Err(broken(format!(
            "a review import into {} was interrupted, and the event file has changed since: import the review again, then remove this journal",
            event.display()
        )));
    }
    let mut store = memory::open(&Location::parse(&journal.memory)?, Access::Write)?;
    store_units(
        &mut store,
        journal.units.iter().map(JournalUnit::unit).collect(),
    )?;
    if now != journal.after {
        let tmp = sibling(event, "tilmech-tmp");
        write_replacement(&tmp, journal.after.as_bytes(), event)
            .and_then(|()| std::fs::rename(&tmp, event))
            .and_then(|()| sync_dir(event))
            .map_err(|e| {
                broken(format!(
                    "cannot complete the interrupted import of {}: {e}",
                    event.display()
                ))
            })?;
    }
    remove_journal(&journal_path)?;
    Ok(true)
}

fn remove_journal(journal_path: &Path) -> Result<(), ReviewError> {
    std::fs::remove_file(journal_path)
        .and_then(|()| sync_dir(journal_path))
        .map_err(|e| ReviewError::EventWrite {
            path: journal_path.to_path_buf(),
            message: format!("the import is complete but its journal could not be removed: {e}"),
        })
}

/// The file a write to `event_path` replaces: its symbolic links resolved,
/// so that a linked event is written through the link, not replaced by a copy.
fn write_target(event_path: &Path) -> Result<PathBuf, ReviewError> {
    std::fs::canonicalize(event_path).map_err(|e| {
        ReviewError::Event(EventErrors(vec![crate::event::EventError {
            path: event_path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("cannot read event file: {e}"),
        }]))
    })
}

/// Locks the directory of `event` until dropped, so that review imports
/// (and recoveries) of events in it take turns.
fn lock_dir(event: &Path) -> Result<File, ReviewError> {
    let dir = parent(event);
    File::open(dir)
        .and_then(|f| f.lock().map(|()| f))
        .map_err(|e| ReviewError::EventWrite {
            path: dir.to_path_buf(),
            message: format!("cannot lock the event's directory: {e}"),
        })
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn journal_path(event: &Path) -> PathBuf {
    let mut name = event.file_name().unwrap_or_default().to_os_string();
    name.push(".tilmech-journal");
    event.with_file_name(name)
}

/// `.NAME.PID.KIND` beside `event`: hidden, and unique per process.
fn sibling(event: &Path, kind: &str) -> PathBuf {
    let name = event.file_name().unwrap_or_default().to_string_lossy();
    event.with_file_name(format!(".{name}.{}.{kind}", std::process::id()))
}

/// Deletes the temporary files that runs killed before their commit left.
fn remove_temporaries(event: &Path) {
    let name = event.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(parent(event)) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let is_temporary = file.strip_prefix(&prefix).is_some_and(|rest| {
            rest.split_once('.').is_some_and(|(pid, kind)| {
                pid.bytes().all(|b| b.is_ascii_digit())
                    && matches!(kind, "tilmech-tmp" | "tilmech-journal-tmp")
            })
        });
        if is_temporary {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes `bytes` to `tmp`, which will replace `event`, with `event`'s permissions.
fn write_replacement(tmp: &Path, bytes: &[u8], event: &Path) -> std::io::Result<()> {
    let mut file = File::create(tmp)?;
    file.set_permissions(std::fs::metadata(event)?.permissions())?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(path: &Path) -> std::io::Result<()> {
    File::open(parent(path))?.sync_all()
}

/// `segment` without the white space around its text, inline markup kept in place.
pub(super) fn trimmed(segment: &Segment) -> Segment {
    let lead = segment.text.len() - segment.text.trim_start().len();
    let text = segment.text.trim().to_string();
    let inline = segment
        .inline
        .iter()
        .map(|t| InlineTag {
            offset: t.offset.saturating_sub(lead).min(text.len()),
            xml: t.xml.clone(),
        })
        .collect();
    Segment { text, inline }
}

/// `p3.s2` → (3, 2).
fn parse_id(id: &str) -> Option<(usize, usize)> {
    let (p, s) = id.strip_prefix('p')?.split_once(".s")?;
    let (p, s) = (p.parse().ok()?, s.parse().ok()?);
    (p > 0 && s > 0).then_some((p, s))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::store::SqliteStore;

    const BEFORE: &str = "kind = \"meeting\"\ndate = 2021-06-03\nplace = \"bishkek\"\n\n[[paragraphs]]\nen = \"It agreed.\"\n";

    /// A folder with an event and a memory, and the journal a run killed
    /// right after its commit point (step 2) leaves.
    fn killed_after_commit(name: &str) -> (PathBuf, PathBuf, Journal) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/test-tmp")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let event = dir.join("e.toml");
        std::fs::write(&event, BEFORE).unwrap();
        let mut segments = BTreeMap::new();
        segments.insert("en".to_string(), Segment::plain("It agreed."));
        segments.insert("ru".to_string(), Segment::plain("Оно согласилось."));
        let unit = Unit {
            segments,
            provenance: Provenance {
                status: Some("reviewed".into()),
                ..Provenance::default()
            },
        };
        let journal = Journal {
            memory: dir.join("tm.sqlite"),
            event: event.clone(),
            before: BEFORE.into(),
            after: BEFORE.to_string() + "ru = \"Оно согласилось.\"\n",
            units: vec![JournalUnit::from(&unit)],
        };
        SqliteStore::open(&journal.memory).unwrap();
        std::fs::write(sibling(&event, "tilmech-tmp"), &journal.after).unwrap();
        std::fs::write(journal_path(&event), serde_json::to_vec(&journal).unwrap()).unwrap();
        (dir, event, journal)
    }

    fn units(journal: &Journal) -> u64 {
        SqliteStore::open(&journal.memory)
            .unwrap()
            .stats()
            .unwrap()
            .units
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "e.toml" && !n.starts_with("tm.sqlite"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_import_killed_after_its_commit_point_is_completed_on_the_next_run() {
        let (dir, event, journal) = killed_after_commit("review-recover-journal");
        assert!(recover(&event).unwrap());
        assert_eq!(std::fs::read_to_string(&event).unwrap(), journal.after);
        assert_eq!(units(&journal), 1);
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        assert!(!recover(&event).unwrap(), "a second run has nothing to do");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_import_killed_after_storing_its_units_is_completed_once() {
        let (dir, event, journal) = killed_after_commit("review-recover-stored");
        let mut store = SqliteStore::open(&journal.memory).unwrap();
        store_units(
            &mut store,
            journal.units.iter().map(JournalUnit::unit).collect(),
        )
        .unwrap();
        assert!(recover(&event).unwrap());
        assert_eq!(std::fs::read_to_string(&event).unwrap(), journal.after);
        assert_eq!(units(&journal), 1, "stored again, merged");
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_import_killed_before_its_commit_point_leaves_nothing_behind() {
        let (dir, event, journal) = killed_after_commit("review-recover-none");
        std::fs::remove_file(journal_path(&event)).unwrap();
        std::fs::write(sibling(&event, "tilmech-journal-tmp"), "{").unwrap();
        assert!(!recover(&event).unwrap());
        assert_eq!(std::fs::read_to_string(&event).unwrap(), BEFORE);
        assert_eq!(units(&journal), 0);
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_interrupted_import_is_not_completed_over_a_hand_edited_event() {
        let (dir, event, journal) = killed_after_commit("review-recover-edited");
        std::fs::write(&event, "# edited\n").unwrap();
        let err = recover(&event).unwrap_err().to_string();
        assert!(err.contains("has changed since"), "{err}");
        assert_eq!(std::fs::read_to_string(&event).unwrap(), "# edited\n");
        assert_eq!(units(&journal), 0);
        assert!(journal_path(&event).exists(), "the journal is kept");
        let _ = std::fs::remove_dir_all(dir);
    }
}

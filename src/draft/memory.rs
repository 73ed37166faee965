//! `tm import FILE.xlf`: the translated segments of an XLIFF file (1.2 or
//! 2.0, tilmech's draft or another tool's) into the memory alone, no event
//! involved. The same [`Accept`] levels and quality checks as a review
//! import decide what is taken; what is taken goes in one transaction, so a
//! file that cannot be read, or a memory that refuses the batch, changes
//! nothing. The file is [`read`] before the memory is opened, so a malformed
//! one does not even make an absent memory, and [`import`] takes what was read.

use std::collections::BTreeMap;
use std::path::Path;

use super::qa::Finding;
use super::review::{self, Accept, ReviewError, Skipped};
use super::xliff::{self, ReviewFile, XliffError};
use crate::limits::Limits;
use crate::tm::memory::Memory;
use crate::tm::store::{self, BatchReport};
use crate::tm::unit::{Provenance, Segment, Unit};

/// How to take an XLIFF file into the memory.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which segments to take.
    pub accept: Accept,
    /// Take segments whose quality checks found errors, recording it in their status.
    pub force: bool,
    /// Document name recorded with each unit [default: the file name].
    pub document: Option<String>,
    /// Author recorded with each unit [default: the file's reviewer].
    pub author: Option<String>,
}

/// What [`import`] did.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Source and target language.
    pub from: String,
    /// The target language.
    pub to: String,
    /// Segments taken into the memory.
    pub taken: usize,
    /// Segments not taken, in file order, with the reason.
    pub skipped: Vec<Skipped>,
    /// Findings on the segments taken (warnings, and errors overridden with `force`).
    pub findings: Vec<(String, Finding)>,
    /// What the memory made of them.
    pub tm: BatchReport,
}

/// Reads the XLIFF file at `path` within `limits` for [`import`],
/// refusing one that translates a language into itself.
pub fn read(path: &Path, limits: &Limits) -> Result<ReviewFile, ReviewError> {
    let file = xliff::read_with(path, limits)?;
    if file.from == file.to {
        return Err(ReviewError::Xliff(XliffError {
            path: path.to_path_buf(),
            line: file.at.0,
            column: file.at.1,
            message: format!(
                "the file translates `{}` into itself: expected two languages",
                file.from
            ),
        }));
    }
    Ok(file)
}

/// Takes the segments of `file`, [read] from `path`, that `options.accept`
/// admits and the quality checks pass into `store`: status `reviewed` for
/// reviewed work (1.2 `final`, `signed-off`, `approved="yes"`; 2.0
/// `reviewed`, `final`), `translated` for the rest; each unit's position is
/// its place in the file, so that context matches work as for a release.
pub fn import(
    path: &Path,
    file: &ReviewFile,
    options: &Options,
    store: &mut Memory,
) -> Result<Imported, ReviewError> {
    let mut outcome = Imported {
        from: file.from.clone(),
        to: file.to.clone(),
        ..Imported::default()
    };
    let now = crate::tm::unit::now_stamp();
    let document = options
        .document
        .clone()
        .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()));
    let author = options.author.clone().or(file.reviewer.clone());
    let mut units = Vec::new();
    for (position, u) in file.units.iter().enumerate() {
        let taken = review::judge(
            u,
            (options.accept, options.force),
            super::qa::check_unit(u, &file.to, &[]),
            &mut outcome.skipped,
            &mut outcome.findings,
        );
        if !taken {
            continue;
        }
        let base = if u.approved { "reviewed" } else { "translated" };
        let mut segments = BTreeMap::new();
        segments.insert(file.from.clone(), Segment::plain(u.source.trim()));
        segments.insert(file.to.clone(), review::trimmed(&u.target));
        units.push(Unit {
            segments,
            provenance: Provenance {
                document: document.clone(),
                position: u32::try_from(position).ok(),
                author: author.clone(),
                status: Some(review::status(base, &u.id, &outcome.findings)),
                created: Some(now.clone()),
                changed: Some(now.clone()),
            },
        });
    }
    outcome.taken = units.len();
    let prepared = store::prepare(
        units.into_iter().map(Ok::<_, std::convert::Infallible>),
        Provenance::default(),
    );
    outcome.tm = store.import_indexed(prepared, Some(&file.from))?;
    Ok(outcome)
}

/// Whether any segment was kept out by a quality check (exit 1).
pub fn blocked(imported: &Imported) -> bool {
    imported
        .skipped
        .iter()
        .any(|s| matches!(s.reason, review::Reason::Qa { .. }))
}

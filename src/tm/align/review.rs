//! The review file of `tilmech tm align --review FILE`: the units below the
//! confidence threshold and the sentences without counterpart, one per
//! line, for a person to correct and bring back with `tm align --accept
//! FILE`.
//!
//! Columns (tab-separated, the same as `tm align --format tsv`): document,
//! position, confidence, state (`review` or `unmatched`), then the English,
//! Russian and Kyrgyz text. A reviewer fixes the text, fills in the missing
//! translation of an unmatched sentence, or empties a row's text to drop
//! it; lines starting with `#` are comments. On `--accept` every row with
//! English and at least one other language becomes a unit with status
//! `reviewed`; a row with one language only is still unreviewed and skipped.

use std::collections::BTreeMap;

use super::{Alignment, Unmatched, LANGUAGES};
use crate::tm::memory::{self, Access, Location};
use crate::tm::store::{self, BatchReport, StoreError};
use crate::tm::unit::{now_stamp, Provenance, Segment, Unit};

/// The first line of a review file.
pub const HEADER: &str = "# document\tposition\tconfidence\tstate\ten\tru\tky";

/// Why a review file could not be accepted.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// A line does not have the seven columns.
    #[error("{file}:{line}: expected 7 tab-separated columns (document, position, confidence, state, en, ru, ky), found {found}")]
    Columns {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Columns found.
        found: usize,
    },
    /// A column holds something else than expected.
    #[error("{file}:{line}:{column}: expected {expected}, found `{found}`")]
    Field {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What the column must hold.
        expected: &'static str,
        /// What it holds.
        found: String,
    },
}

/// One line of the TSV form of an alignment: document, position (empty
/// for an unmatched sentence), confidence, state, then one cell per
/// language of [`LANGUAGES`].
pub fn row(
    stem: &str,
    position: Option<usize>,
    confidence: Option<f64>,
    state: &str,
    segments: &BTreeMap<String, String>,
) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let cells: Vec<String> = LANGUAGES
        .iter()
        .map(|l| segments.get(*l).map_or(String::new(), |t| clean(t)))
        .collect();
    format!(
        "{}\t{}\t{}\t{state}\t{}\n",
        clean(stem),
        position.map_or(String::new(), |p| p.to_string()),
        confidence.map_or(String::new(), |c| format!("{c:.3}")),
        cells.join("\t")
    )
}

/// The review file of some alignments: every unit below `min`, then every
/// unmatched sentence, per release.
pub fn write(alignments: &[Alignment], min: f64) -> String {
    let mut out = format!("{HEADER}\n");
    for a in alignments {
        for (i, u) in a.units.iter().enumerate() {
            if u.confidence < min {
                out.push_str(&row(
                    &a.stem,
                    Some(i),
                    Some(u.confidence),
                    "review",
                    &u.segments,
                ));
            }
        }
        for s in &a.unmatched {
            out.push_str(&unmatched_row(&a.stem, s));
        }
    }
    out
}

/// The line of an unmatched sentence: no position or confidence, state
/// `unmatched (<lang> only, no <other>)`, the sentence in its column.
pub fn unmatched_row(stem: &str, s: &Unmatched) -> String {
    let segments = BTreeMap::from([(s.lang.clone(), s.text.clone())]);
    let state = format!("unmatched ({} only, no {})", s.lang, s.missing_in);
    row(stem, None, None, &state, &segments)
}

/// One line of a review file, as a person reads and corrects it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    /// 1-based line in the file.
    pub line: usize,
    /// The release it comes from.
    pub document: String,
    /// The unit's position in it; `None` for an unmatched sentence.
    pub position: Option<u32>,
    /// The bead's confidence, if the row has one.
    pub confidence: Option<f64>,
    /// `review`, `ok` or `unmatched (<lang> only, no <other>)`.
    pub state: String,
    /// The text of each language of [`LANGUAGES`], in that order (empty
    /// where there is none).
    pub texts: Vec<String>,
}

/// Reads every row of a review file; `file` names it in errors. Nothing
/// is returned unless every line is well-formed.
pub fn rows(text: &str, file: &str) -> Result<Vec<Row>, ReviewError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != 4 + LANGUAGES.len() {
            return Err(ReviewError::Columns {
                file: file.to_string(),
                line: n + 1,
                found: cells.len(),
            });
        }
        let field = |k: usize, expected: &'static str| ReviewError::Field {
            file: file.to_string(),
            line: n + 1,
            column: cells[..k]
                .iter()
                .map(|c| c.chars().count() + 1)
                .sum::<usize>()
                + 1,
            expected,
            found: cells[k].to_string(),
        };
        let document = cells[0].trim();
        if document.is_empty() {
            return Err(field(0, "the release the row comes from"));
        }
        let position = match cells[1].trim() {
            "" => None,
            p => Some(
                p.parse::<u32>()
                    .map_err(|_| field(1, "a unit position (a whole number) or nothing"))?,
            ),
        };
        out.push(Row {
            line: n + 1,
            document: document.to_string(),
            position,
            confidence: cells[2].trim().parse().ok(),
            state: cells[3].trim().to_string(),
            texts: cells[4..].iter().map(|t| t.trim().to_string()).collect(),
        });
    }
    Ok(out)
}

/// `text` with the texts of some rows replaced: `edits` gives a row's
/// line and its new texts per language of [`LANGUAGES`]. Every other line,
/// comments included, and each row's first four columns stay as they were;
/// tabs and line breaks in a new text become spaces.
pub fn with_texts(text: &str, edits: &BTreeMap<usize, Vec<String>>) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let Some(texts) = edits.get(&(n + 1)) else {
            out.push_str(line);
            continue;
        };
        let body = line.trim_end_matches(['\n', '\r']);
        let head: Vec<&str> = body.splitn(5, '\t').take(4).collect();
        out.push_str(&head.join("\t"));
        for t in texts {
            out.push('\t');
            out.push_str(&cell(t));
        }
        out.push_str(&line[body.len()..]);
    }
    out
}

/// A text as one cell of a review file holds it: each tab or line break
/// (`\r\n` from a browser's text area too), with the spaces around it,
/// becomes one space; the ends are trimmed.
pub fn cell(text: &str) -> String {
    text.split(['\t', '\n', '\r'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a corrected review file holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Accepted {
    /// Units of two or three languages, status `reviewed`.
    pub units: Vec<Unit>,
    /// Rows left with one language (or none): not units.
    pub skipped: usize,
}

/// Reads a corrected review file; `file` names it in errors. Nothing is
/// returned unless every line is well-formed.
pub fn parse(text: &str, file: &str) -> Result<Accepted, ReviewError> {
    let mut out = Accepted::default();
    for row in rows(text, file)? {
        let segments: BTreeMap<String, Segment> = LANGUAGES
            .iter()
            .zip(row.texts)
            .filter(|(_, t)| !t.is_empty())
            .map(|(l, t)| (l.to_string(), Segment::plain(t)))
            .collect();
        if segments.len() < 2 || !segments.contains_key(super::PIVOT) {
            out.skipped += 1;
            continue;
        }
        out.units.push(Unit {
            segments,
            provenance: Provenance {
                document: Some(row.document),
                position: row.position,
                status: Some("reviewed".into()),
                ..Provenance::default()
            },
        });
    }
    Ok(out)
}

/// What [`accept`] stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AcceptReport {
    /// Units handed to the memory.
    pub imported: usize,
    /// Rows left with one language: not units.
    pub skipped: usize,
    /// The memory's account; `None` when there was nothing to store, so
    /// no memory was opened (and none made).
    pub batch: Option<BatchReport>,
}

/// Stores the units of a corrected review file in the memory at `location`,
/// in one transaction, status `reviewed`, by `author` when one is known
/// (the signed-in user of the web app; the command line names nobody).
pub fn accept(
    location: &Location,
    accepted: Accepted,
    author: Option<&str>,
) -> Result<AcceptReport, StoreError> {
    let mut report = AcceptReport {
        imported: accepted.units.len(),
        skipped: accepted.skipped,
        batch: None,
    };
    if accepted.units.is_empty() {
        return Ok(report);
    }
    let now = now_stamp();
    let defaults = Provenance {
        author: author.map(str::to_string),
        created: Some(now.clone()),
        changed: Some(now),
        ..Provenance::default()
    };
    let mut memory = memory::open(location, Access::Write)?;
    let units = accepted
        .units
        .into_iter()
        .map(Ok::<_, std::convert::Infallible>);
    report.batch = Some(store::import(&mut memory, units, &defaults)?);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_in_unmatched_row_becomes_a_reviewed_unit() {
        let text = format!(
            "{HEADER}\nrel\t3\t0.410\treview\tHe left.\tОн ушёл.\t\nrel\t\t\tunmatched (en only, no ky)\tShe stayed.\t\tАл калды.\nrel\t\t\tunmatched (ru only, no en)\t\tЕщё одно.\t\n"
        );
        let a = parse(&text, "r.tsv").unwrap();
        assert_eq!(a.skipped, 1);
        assert_eq!(a.units.len(), 2);
        assert_eq!(a.units[0].provenance.position, Some(3));
        assert_eq!(a.units[1].segments["ky"].text, "Ал калды.");
        assert_eq!(a.units[1].provenance.status.as_deref(), Some("reviewed"));
    }

    #[test]
    fn correcting_a_row_keeps_the_other_lines_and_columns_as_they_were() {
        let text = format!(
            "{HEADER}\nrel\t3\t0.410\treview\tHe left.\tОн ушёл.\t\r\n# a note\nrel\t\t\tunmatched (en only, no ky)\tShe stayed.\t\t\n"
        );
        let rows_before = rows(&text, "r.tsv").unwrap();
        assert_eq!(rows_before[1].line, 4);
        let edits = BTreeMap::from([(
            4,
            vec![
                "She stayed.".into(),
                "Она\tосталась.".into(),
                "Ал\nкалды.".into(),
            ],
        )]);
        let fixed = with_texts(&text, &edits);
        assert_eq!(
            fixed,
            format!("{HEADER}\nrel\t3\t0.410\treview\tHe left.\tОн ушёл.\t\r\n# a note\nrel\t\t\tunmatched (en only, no ky)\tShe stayed.\tОна осталась.\tАл калды.\n")
        );
        let after = rows(&fixed, "r.tsv").unwrap();
        assert_eq!(after[0], rows_before[0]);
        assert_eq!(after[1].texts[2], "Ал калды.");
        assert_eq!(parse(&fixed, "r.tsv").unwrap().units.len(), 2);
    }

    #[test]
    fn a_malformed_review_line_names_line_and_column() {
        let e = parse("rel\tx\t\treview\ta\tb\t\n", "r.tsv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "r.tsv:1:5: expected a unit position (a whole number) or nothing, found `x`"
        );
        let e = parse("# c\nrel\t1\ta\tb\n", "r.tsv").unwrap_err();
        assert!(e.to_string().starts_with("r.tsv:2: expected 7"), "{e}");
    }
}

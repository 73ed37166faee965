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
use crate::tm::unit::{Provenance, Segment, Unit};

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
        let segments: BTreeMap<String, Segment> = LANGUAGES
            .iter()
            .zip(&cells[4..])
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(l, t)| (l.to_string(), Segment::plain(t.trim())))
            .collect();
        if segments.len() < 2 || !segments.contains_key(super::PIVOT) {
            out.skipped += 1;
            continue;
        }
        out.units.push(Unit {
            segments,
            provenance: Provenance {
                document: Some(document.to_string()),
                position,
                status: Some("reviewed".into()),
                ..Provenance::default()
            },
        });
    }
    Ok(out)
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

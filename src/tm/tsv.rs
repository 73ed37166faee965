//! Reading tab-separated parallel text: one unit per line, one column per
//! language in the order the caller names (`en,ru,ky`), UTF-8.
//!
//! [`Reader`] is an iterator of `Result<Unit, TsvError>`, so it feeds
//! [`crate::tm::store::Store::insert_batch`] directly and a bad line stops the
//! whole import. Empty lines are skipped; an empty cell leaves that language
//! out of the unit. A trailing `\r` (CRLF files) is removed, and so is a
//! UTF-8 byte order mark at the start of the file. Control characters that
//! XML 1.0 cannot carry (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) are
//! refused with their place: stored, they would be dropped silently by
//! every TMX or XLIFF export.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::unit::{Provenance, Segment, Unit};
use crate::limits::{describe_bytes, Limits};

/// Why a TSV file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TsvError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line has the wrong number of tab-separated columns.
    #[error("{path}:{line}: expected {expected} tab-separated columns ({langs}), found {found}")]
    Columns {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Columns named by `--langs`.
        expected: usize,
        /// Columns on the line.
        found: usize,
        /// The language list, for the message.
        langs: String,
    },
    /// A control character no export could carry.
    #[error("{path}:{line}:{column}: control character U+{code:04X} in the text; expected printable text (tabs only between columns)")]
    Control {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// The character's code point.
        code: u32,
    },
    /// A line is not valid UTF-8.
    #[error("{path}:{line}:{column}: invalid UTF-8 (byte {byte:#04x}); the file must be UTF-8")]
    Utf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
        /// The first bad byte.
        byte: u8,
    },
    /// A cell longer than [`Limits::segment_bytes`].
    #[error("{path}:{line}:{column}: a cell larger than the limit of {}; expected at most that per column (tm import --max-segment SIZE raises it)", describe_bytes(*limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// 1-based column (in characters) where the cell starts.
        column: usize,
        /// The limit, in bytes.
        limit: usize,
    },
}

/// Streams units out of a TSV file.
pub struct Reader {
    input: BufReader<Box<dyn Read>>,
    path: PathBuf,
    langs: Vec<String>,
    provenance: Provenance,
    line: usize,
    position: u32,
    bytes: u64,
    buf: Vec<u8>,
    failed: bool,
    limits: Limits,
}

impl Reader {
    /// Opens `path` with columns `langs`; each unit gets a copy of
    /// `provenance` with its position (0-based data line) filled in.
    pub fn open(path: &Path, langs: &[String], provenance: Provenance) -> Result<Reader, TsvError> {
        let file = std::fs::File::open(path).map_err(|source| TsvError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Reader::new(Box::new(file), path, langs, provenance))
    }

    /// Reads from any byte stream; `path` names it in errors.
    pub fn new(
        input: Box<dyn Read>,
        path: &Path,
        langs: &[String],
        provenance: Provenance,
    ) -> Reader {
        Reader {
            input: BufReader::with_capacity(1 << 16, input),
            path: path.to_path_buf(),
            langs: langs.to_vec(),
            provenance,
            line: 0,
            position: 0,
            bytes: 0,
            buf: Vec::new(),
            failed: false,
            limits: Limits::default(),
        }
    }

    /// The same reader, refusing a cell above `limits.segment_bytes`.
    pub fn with_limits(mut self, limits: &Limits) -> Reader {
        self.limits = *limits;
        self
    }

    /// The error when a cell of `line` (perhaps cut short) is above the
    /// limit, else `None`.
    fn oversized_cell(&self, line: &[u8]) -> Option<TsvError> {
        // No cell can be larger than its line: most lines need no split.
        if line.len() <= self.limits.segment_bytes {
            return None;
        }
        let mut start = 0;
        for cell in line.split(|&b| b == b'\t') {
            if cell.len() > self.limits.segment_bytes {
                return Some(TsvError::TooLarge {
                    path: self.path.clone(),
                    line: self.line,
                    column: String::from_utf8_lossy(&line[..start]).chars().count() + 1,
                    limit: self.limits.segment_bytes,
                });
            }
            start += cell.len() + 1;
        }
        None
    }

    /// Bytes consumed so far, for a progress bar.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    fn next_unit(&mut self) -> Option<Result<Unit, TsvError>> {
        loop {
            self.buf.clear();
            // Every cell at the limit, the tabs, CR LF and a byte order
            // mark: a line that fills this much has a cell above the limit
            // (or too many columns), and is not read further.
            let most = self.langs.len().max(1) * (self.limits.segment_bytes + 1) + 5;
            match (&mut self.input)
                .take(most as u64)
                .read_until(b'\n', &mut self.buf)
            {
                Ok(0) => return None,
                Ok(n) => self.bytes += n as u64,
                Err(source) => {
                    return Some(Err(TsvError::Io {
                        path: self.path.clone(),
                        source,
                    }))
                }
            }
            self.line += 1;
            let mut bytes = self.buf.as_slice();
            bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            // Before the size check: the mark is not part of the first cell.
            if self.line == 1 {
                bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            }
            if let Some(err) = self.oversized_cell(bytes) {
                return Some(Err(err));
            }
            if self.buf.len() == most && !self.buf.ends_with(b"\n") {
                return Some(Err(TsvError::Columns {
                    path: self.path.clone(),
                    line: self.line,
                    expected: self.langs.len(),
                    found: self.buf.split(|&b| b == b'\t').count(),
                    langs: self.langs.join(","),
                }));
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let good = e.valid_up_to();
                    let column = String::from_utf8_lossy(&bytes[..good]).chars().count() + 1;
                    return Some(Err(TsvError::Utf8 {
                        path: self.path.clone(),
                        line: self.line,
                        column,
                        byte: bytes[good],
                    }));
                }
            };
            if let Some((column, c)) = text
                .chars()
                .enumerate()
                .find(|&(_, c)| crate::xml::is_unwritable_control(c))
            {
                return Some(Err(TsvError::Control {
                    path: self.path.clone(),
                    line: self.line,
                    column: column + 1,
                    code: u32::from(c),
                }));
            }
            if text.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = text.split('\t').collect();
            if cells.len() != self.langs.len() {
                return Some(Err(TsvError::Columns {
                    path: self.path.clone(),
                    line: self.line,
                    expected: self.langs.len(),
                    found: cells.len(),
                    langs: self.langs.join(","),
                }));
            }
            let mut unit = Unit {
                segments: Default::default(),
                provenance: self.provenance.clone(),
            };
            unit.provenance.position = Some(self.position);
            self.position += 1;
            for (lang, cell) in self.langs.iter().zip(cells) {
                if !cell.trim().is_empty() {
                    unit.segments
                        .insert(lang.clone(), Segment::plain(cell.trim()));
                }
            }
            return Some(Ok(unit));
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Unit, TsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        // After an error the import stops; do not read on.
        if self.failed {
            return None;
        }
        let item = self.next_unit();
        self.failed = matches!(item, Some(Err(_)));
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &'static [u8]) -> Vec<Result<Unit, TsvError>> {
        let langs = vec!["en".to_string(), "ru".to_string()];
        Reader::new(
            Box::new(bytes),
            Path::new("x.tsv"),
            &langs,
            Provenance::default(),
        )
        .collect()
    }

    /// The en, ru units of `text` with cells of at most 16 bytes.
    fn read_16(text: String) -> Vec<Result<Unit, TsvError>> {
        let langs = vec!["en".to_string(), "ru".to_string()];
        Reader::new(
            Box::new(std::io::Cursor::new(text.into_bytes())),
            Path::new("x.tsv"),
            &langs,
            Provenance::default(),
        )
        .with_limits(&Limits::with_segment_bytes(16))
        .collect()
    }

    #[test]
    fn reads_units_with_positions() {
        let units = read(b"One.\t\xd0\x9e\xd0\xb4\xd0\xb8\xd0\xbd.\r\n\nTwo.\t\n");
        let units: Vec<Unit> = units.into_iter().map(Result::unwrap).collect();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].segments["ru"].text, "Один.");
        assert_eq!(units[1].provenance.position, Some(1));
        assert!(!units[1].segments.contains_key("ru"));
    }

    #[test]
    fn bad_lines_are_reported_with_their_place() {
        let r = read(b"One.\tOne.\nTwo.\n");
        assert_eq!(
            r[1].as_ref().unwrap_err().to_string(),
            "x.tsv:2: expected 2 tab-separated columns (en,ru), found 1"
        );
        let r = read(b"One.\tOne.\nab\xffc\td\n");
        assert_eq!(
            r[1].as_ref().unwrap_err().to_string(),
            "x.tsv:2:3: invalid UTF-8 (byte 0xff); the file must be UTF-8"
        );
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn a_cell_above_the_size_limit_is_refused_at_its_column_without_reading_the_line() {
        let r = read_16(format!("One.\tОдин.\n{}\tДва.\n", "é".repeat(8)));
        assert!(r.iter().all(Result::is_ok), "16 bytes fit");
        let r = read_16(format!("One.\tОдин.\nTwo.\t{}\n", "д".repeat(5_000_000)));
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[1].as_ref().unwrap_err().to_string(),
            "x.tsv:2:6: a cell larger than the limit of 16 bytes; expected at most that per column (tm import --max-segment SIZE raises it)"
        );
        let r = read_16(format!("{}\n", "a\t".repeat(100)));
        assert!(r[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("x.tsv:1: expected 2 tab-separated columns"));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_unit() {
        let units = read(b"\xef\xbb\xbfOne.\tOdin.\n\xef\xbb\xbfTwo.\tDva.\n");
        assert_eq!(units[0].as_ref().unwrap().segments["en"].text, "One.");
        // Only at the start of the file is it a mark.
        assert_eq!(
            units[1].as_ref().unwrap().segments["en"].text,
            "\u{feff}Two."
        );
    }

    #[test]
    fn a_first_cell_at_the_size_limit_is_read_after_a_byte_order_mark() {
        let r = read_16(format!("\u{feff}{}\tОдин.\n", "a".repeat(16)));
        assert_eq!(r[0].as_ref().unwrap().segments["en"].text, "a".repeat(16));
        // A column is counted from the first character after the mark.
        let r = read_16(format!("\u{feff}One.\t{}\n", "д".repeat(9)));
        assert_eq!(
            r[0].as_ref().unwrap_err().to_string(),
            "x.tsv:1:6: a cell larger than the limit of 16 bytes; expected at most that per column (tm import --max-segment SIZE raises it)"
        );
    }

    #[test]
    fn control_characters_are_refused_with_their_place() {
        let r = read(b"One.\tOdin.\nTw\x00o.\tDva.\n");
        assert_eq!(
            r[1].as_ref().unwrap_err().to_string(),
            "x.tsv:2:3: control character U+0000 in the text; expected printable text (tabs only between columns)"
        );
        let r = read(b"One.\tOd\x1bin.\n");
        assert!(r[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("x.tsv:1:8: control character U+001B"));
    }
}

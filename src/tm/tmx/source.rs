//! The byte source under the TMX parser: detects the file's encoding,
//! transcodes it to UTF-8 while streaming, and turns byte positions in that
//! UTF-8 stream back into 1-based line and column numbers.
//!
//! The parser (quick-xml) only ever sees UTF-8, so UTF-16 and legacy 8-bit
//! files go through the same code as UTF-8 ones. Positions are tracked with a
//! running line counter: the bytes handed to the parser are kept only until
//! the parser moves past them (one event at most), so memory does not grow
//! with the size of the file.

use std::io::{self, BufRead, Read};

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many raw bytes to look at for a byte order mark and an XML declaration.
const SNIFF_LEN: usize = 1024;
/// Size of the raw and the decoded buffers.
const CHUNK: usize = 64 * 1024;

/// Why the encoding of a file could not be established.
#[derive(Debug)]
pub(crate) enum SniffError {
    /// Reading the first bytes failed.
    Io(io::Error),
    /// The XML declaration names an encoding that encoding_rs does not know;
    /// `column` is where the label starts on line 1.
    UnknownLabel { label: String, column: u64 },
}

/// A UTF-8 view of a TMX file in any supported encoding, with positions.
pub(crate) struct Source {
    inner: Box<dyn Read>,
    encoding: &'static Encoding,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    raw_start: usize,
    raw_eof: bool,
    /// The decoder has been flushed at the end of input and must not be used again.
    finished: bool,
    out: Vec<u8>,
    out_pos: usize,
    /// Bytes consumed by the parser since the last mark; needed because the
    /// parser reports errors at positions up to one event behind what it read.
    since_mark: Vec<u8>,
    mark_pos: u64,
    mark_line: u64,
    mark_col: u64,
    /// Set when the input held bytes invalid in its encoding: the decoded
    /// position where they start.
    pub(crate) malformed_at: Option<u64>,
    /// Total decoded bytes produced so far (the position of `out`'s end).
    produced: u64,
    /// The most bytes one event (a tag, a run of text) may take: beyond
    /// it reading fails, before the parser's buffer holds the whole event.
    pub(crate) max_event: usize,
    /// Set when an event outgrew `max_event`: the position where it starts.
    pub(crate) oversized_at: Option<u64>,
}

impl Source {
    /// Sniffs the encoding from the first bytes of `inner` and prepares to decode.
    pub(crate) fn new(mut inner: Box<dyn Read>) -> Result<Source, SniffError> {
        let mut raw = Vec::with_capacity(CHUNK);
        let mut eof = false;
        while raw.len() < SNIFF_LEN {
            let mut chunk = [0u8; SNIFF_LEN];
            match inner.read(&mut chunk[..SNIFF_LEN - raw.len()]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => raw.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(SniffError::Io(e)),
            }
        }
        let encoding = sniff(&raw)?;
        Ok(Source {
            inner,
            encoding,
            // Removes a BOM of `encoding` (and only of it) at the start.
            decoder: encoding.new_decoder_with_bom_removal(),
            raw,
            raw_start: 0,
            raw_eof: eof,
            finished: false,
            out: Vec::with_capacity(CHUNK),
            out_pos: 0,
            since_mark: Vec::new(),
            mark_pos: 0,
            mark_line: 1,
            mark_col: 1,
            malformed_at: None,
            produced: 0,
            max_event: usize::MAX,
            oversized_at: None,
        })
    }

    /// The encoding the file is decoded from.
    pub(crate) fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// Forgets the bytes before `pos` (a position the parser will not report
    /// errors before any more), folding them into the running line and column.
    pub(crate) fn mark(&mut self, pos: u64) {
        if pos <= self.mark_pos {
            return;
        }
        let n = ((pos - self.mark_pos) as usize).min(self.since_mark.len());
        let (line, col) = advance(self.mark_line, self.mark_col, &self.since_mark[..n]);
        self.mark_line = line;
        self.mark_col = col;
        self.mark_pos += n as u64;
        self.since_mark.drain(..n);
    }

    /// The 1-based line and column (in characters) of decoded byte `pos`.
    /// Positions before the last mark are reported at the mark.
    pub(crate) fn locate(&self, pos: u64) -> (u64, u64) {
        let want = pos.saturating_sub(self.mark_pos) as usize;
        let held = want.min(self.since_mark.len());
        let (line, col) = advance(self.mark_line, self.mark_col, &self.since_mark[..held]);
        let rest = (want - held).min(self.out.len() - self.out_pos);
        advance(line, col, &self.out[self.out_pos..self.out_pos + rest])
    }

    /// Decodes the next piece of input into `out`; false at the end of input.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        loop {
            if self.finished {
                return Ok(false);
            }
            if self.raw_start == self.raw.len() && !self.raw_eof {
                self.raw.clear();
                self.raw_start = 0;
                self.raw.resize(CHUNK, 0);
                let n = loop {
                    match self.inner.read(&mut self.raw) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.raw.truncate(n);
                self.raw_eof = n == 0;
            }
            let last = self.raw_eof;
            self.out.resize(CHUNK + 8, 0);
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_start..],
                &mut self.out,
                last,
            );
            self.raw_start += read;
            self.out.truncate(written);
            self.produced += written as u64;
            if last && result == DecoderResult::InputEmpty {
                self.finished = true;
            }
            if let DecoderResult::Malformed(..) = result {
                self.malformed_at = Some(self.produced);
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bytes that are not valid {}", self.encoding.name()),
                ));
            }
            if written > 0 {
                return Ok(true);
            }
        }
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_mark.len() > self.max_event {
            self.oversized_at = Some(self.mark_pos);
            return Err(io::Error::other("an event larger than the limit"));
        }
        if self.out_pos == self.out.len() && !self.refill()? {
            return Ok(&[]);
        }
        Ok(&self.out[self.out_pos..])
    }

    fn consume(&mut self, amt: usize) {
        let end = (self.out_pos + amt).min(self.out.len());
        self.since_mark
            .extend_from_slice(&self.out[self.out_pos..end]);
        self.out_pos = end;
    }
}

/// Moves a line/column pair over `bytes` (UTF-8): a `\n` starts a new line,
/// every other character is one column.
pub(crate) fn advance(mut line: u64, mut col: u64, bytes: &[u8]) -> (u64, u64) {
    let chars = |b: &[u8]| b.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64;
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            col = 1 + chars(&bytes[last + 1..]);
        }
        None => col += chars(bytes),
    }
    (line, col)
}

/// Picks the encoding: a byte order mark wins, then the UTF-16 shape of
/// `<?`, then the XML declaration's `encoding`, and UTF-8 by default.
fn sniff(head: &[u8]) -> Result<&'static Encoding, SniffError> {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return Ok(encoding);
    }
    // XML 1.0 appendix F: UTF-16 without a BOM still shows `<?` as 16-bit units.
    if head.starts_with(&[b'<', 0, b'?', 0]) {
        return Ok(UTF_16LE);
    }
    if head.starts_with(&[0, b'<', 0, b'?']) {
        return Ok(UTF_16BE);
    }
    let Some((label, column)) = declared_encoding(head) else {
        return Ok(UTF_8);
    };
    match Encoding::for_label(label.trim().as_bytes()) {
        // An 8-bit file cannot really be UTF-16 (that needs a BOM or the shape
        // above); the declaration is wrong, and the bytes read as UTF-8.
        Some(e) if e == UTF_16LE || e == UTF_16BE => Ok(UTF_8),
        // "replacement" stands for encodings that must not be decoded.
        Some(e) if e.name() != "replacement" => Ok(e),
        _ => Err(SniffError::UnknownLabel {
            label: label.to_string(),
            column,
        }),
    }
}

/// The `encoding` pseudo-attribute of an XML declaration at the very start
/// of `head`, with the 1-based column where its value starts.
fn declared_encoding(head: &[u8]) -> Option<(&str, u64)> {
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let rest = decl.strip_prefix("<?xml")?;
    let at = rest.find("encoding")?;
    let after = rest[at + "encoding".len()..].trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    let close = value.find(quote)?;
    let start = decl.len() - value.len();
    if decl[..start].contains('\n') {
        // Columns are only meaningful on the first line; keep it simple.
        return Some((&value[..close], 1));
    }
    Some((&value[..close], start as u64 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_encoding_is_found_with_its_column() {
        let head = br#"<?xml version="1.0" encoding='windows-1252'?><tmx/>"#;
        assert_eq!(declared_encoding(head), Some(("windows-1252", 31)));
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(declared_encoding(b"<tmx/>"), None);
    }

    #[test]
    fn sniffing_prefers_the_bom_then_the_declaration() {
        assert_eq!(sniff(b"\xFF\xFE<\0").unwrap(), UTF_16LE);
        assert_eq!(sniff(b"\xFE\xFF\0<").unwrap(), UTF_16BE);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml encoding=\"latin1\"?>").unwrap(),
            UTF_8
        );
        let latin = sniff(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>").unwrap();
        assert_eq!(latin.name(), "windows-1252");
        assert_eq!(
            sniff(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>").unwrap(),
            UTF_8
        );
        match sniff(b"<?xml version=\"1.0\" encoding=\"klingon-8\"?>") {
            Err(SniffError::UnknownLabel { label, column }) => {
                assert_eq!((label.as_str(), column), ("klingon-8", 31));
            }
            other => panic!("expected an unknown label, got {other:?}"),
        }
    }

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(advance(1, 1, "ab\nвд".as_bytes()), (2, 3));
        assert_eq!(advance(3, 4, "жж".as_bytes()), (3, 6));
        let text = "<a>\n  <б/>\n</a>";
        let mut src =
            Source::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec()))).unwrap();
        let mut all = Vec::new();
        src.read_to_end(&mut all).unwrap();
        assert_eq!(src.locate(6), (2, 3));
        src.mark(4);
        assert_eq!(src.locate(6), (2, 3));
        assert_eq!(
            src.locate(2),
            (2, 1),
            "positions before the mark clamp to it"
        );
    }
}

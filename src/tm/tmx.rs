//! TMX (Translation Memory eXchange) in and out: [`read`] streams the units
//! of a TMX 1.1 or 1.4 file as [`Unit`]s, [`write()`] produces TMX 1.4b.
//!
//! ```no_run
//! use std::path::Path;
//! use tilmech::tm::tmx;
//!
//! let mut reader = tmx::read(Path::new("memory.tmx"))?;
//! let units: Vec<_> = reader.by_ref().collect::<Result<_, _>>()?;
//! eprintln!("{} units, {} empty ones skipped", units.len(), reader.stats().skipped);
//! let langs = vec!["en".to_string(), "ru".to_string()];
//! tmx::write(std::io::stdout(), units, &langs, "en")?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How a file is read, and why:
//!
//! - **Streaming.** Units are parsed one `<tu>` at a time from a buffered,
//!   transcoding reader; memory stays flat however large the file is.
//! - **Encodings.** A byte order mark (UTF-8, UTF-16 LE/BE) wins; otherwise
//!   the XML declaration's `encoding` (any WHATWG label: windows-1252,
//!   ISO-8859-1, us-ascii…) is honoured; UTF-8 is the default. Bytes invalid
//!   in that encoding are an error, not replacement characters.
//! - **Languages.** `xml:lang` (TMX 1.4) and `lang` (TMX 1.1) are both
//!   accepted, case-insensitively, and reduced to their primary subtag
//!   (`EN-US`, `en-GB` → `en`), because tilmech keeps one text per language.
//!   When two `<tuv>`s of a unit reduce to the same language, **the first
//!   non-empty one is kept** and the others are counted in
//!   [`ReadStats::duplicate_langs`].
//! - **Inline markup.** `bpt ept it ph sub ut` elements are removed from the
//!   text and kept verbatim, content included, in [`Segment::inline`] at the
//!   byte offset where they stood. `<hi>` is markup around translatable
//!   text: its start and end tags become two inline entries and its content
//!   stays in the text.
//! - **White space.** TMX leaves white space to XML, where it is not
//!   significant unless `xml:space="preserve"`. So by default each run of
//!   XML white space in a segment's text becomes one space, and white space
//!   before the first and after the last piece of content is dropped (it is
//!   layout: `<seg>\n  text\n</seg>`). Spaces beside inline tags are content
//!   and stay: `a <ph/> b` is the text `a  b` with the tag at 2;
//!   under `xml:space="preserve"` (on `<seg>`, `<tuv>`, `<tu>` or `<body>`)
//!   the text is kept as written, with line ends normalised to `\n`. The
//!   writer sets `xml:space="preserve"` on a segment whose text is not in
//!   that normal form, so read → write → read loses nothing.
//! - **Empty units.** A segment is empty when it has neither text nor inline
//!   markup; a `<tu>` with no non-empty segment is skipped and counted in
//!   [`ReadStats::skipped`].
//! - **Provenance.** `creationid` (else `changeid`) → author;
//!   `creationdate`/`changedate` (`20210603T101500Z`) → RFC 3339; the props
//!   `x-document`, `x-position` and `x-status` that tilmech writes. Values on
//!   `<tu>` win over those on its `<tuv>`s. Without `x-document` the unit's
//!   document is the TMX file's name and without `x-position` its position
//!   is the ordinal of the `<tu>` in the file (from 0), so neighbouring
//!   units stay neighbours. [`Unit`] has no field for `tuid`; the reader
//!   exposes the last unit's one through [`TmxReader::last_tuid`].
//!
//! - **Control characters.** A segment holding a character XML 1.0 cannot
//!   carry (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F), raw or as a
//!   character reference such as `&#1;`, is refused with its place:
//!   stored, it would vanish on the next export.
//!
//! Malformed input stops the reader with a [`TmxError`] that names the file,
//! the 1-based line and column (in characters) and what was expected:
//! `corpus.tmx:12:5: expected </seg> but found </tuv>`.

mod source;
mod write;

/// Line and column moved over some UTF-8 bytes, for the XLIFF reader too.
pub(crate) use source::advance;

use std::borrow::Cow;
use std::collections::btree_map::Entry;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use self::source::{SniffError, Source};
use crate::limits::{describe_bytes, Limits};
use crate::tm::unit::{InlineTag, Provenance, Segment, Unit};

pub use self::write::{write, WriteStats};

/// Inline elements whose whole content is markup, kept verbatim.
const OPAQUE_INLINE: [&[u8]; 6] = [b"bpt", b"ept", b"it", b"ph", b"sub", b"ut"];

/// A TMX file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TmxError {
    /// The file could not be opened or read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The content is not a well-formed TMX document.
    #[error("{}:{line}:{column}: {kind}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: u64,
        /// 1-based column (in characters) of the problem.
        column: u64,
        /// What is wrong.
        kind: TmxErrorKind,
    },
}

/// What is wrong at a position in a TMX file.
#[derive(Debug, thiserror::Error)]
pub enum TmxErrorKind {
    /// Something other than what the TMX structure requires at this point.
    #[error("expected {expected} but found {found}")]
    Unexpected {
        /// What would have been valid here.
        expected: String,
        /// What the file has instead.
        found: String,
    },
    /// A `<tuv>` without a language.
    #[error("expected an xml:lang (TMX 1.4) or lang (TMX 1.1) attribute on <tuv>")]
    MissingLang,
    /// An attribute or prop value of the wrong shape.
    #[error("expected {expected} in {what} but found `{found}`")]
    BadValue {
        /// The attribute or prop.
        what: String,
        /// The expected shape.
        expected: &'static str,
        /// The value found.
        found: String,
    },
    /// The XML declaration names an encoding tilmech cannot decode.
    #[error("unknown encoding `{0}` in the XML declaration; expected UTF-8, UTF-16, windows-1252, ISO-8859-1 or another WHATWG encoding label")]
    UnknownEncoding(String),
    /// Bytes that are not valid in the file's encoding.
    #[error("bytes that are not valid {0}; expected text in the encoding the file declares (or a byte order mark)")]
    InvalidBytes(&'static str),
    /// Any other XML well-formedness error.
    #[error("not well-formed XML: {0}")]
    Xml(String),
    /// A segment, tag or run of text above [`Limits::segment_bytes`].
    #[error("{what} larger than the limit of {}; expected at most that (tm import --max-segment SIZE raises it)", describe_bytes(*limit))]
    TooLarge {
        /// What outgrew the limit.
        what: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Elements nested deeper than [`Limits::depth`].
    #[error("elements nested more than {0} deep; expected at most {0} levels")]
    TooDeep(usize),
    /// A segment with more inline elements than [`Limits::inline_tags`].
    #[error("more than {0} inline elements in one segment; expected at most {0}")]
    TooManyTags(usize),
}

/// What the `<header>` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The `version` of `<tmx>` (`1.1`, `1.4`…).
    pub version: Option<String>,
    /// The source language of the memory.
    pub srclang: Option<SrcLang>,
    /// The `creationtool` attribute.
    pub creation_tool: Option<String>,
}

/// The header's `srclang`: one language or every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SrcLang {
    /// `*all*`: any language of a unit may serve as its source.
    All,
    /// One language, reduced to its primary subtag.
    Lang(String),
}

/// Counts kept while reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Units returned so far.
    pub units: usize,
    /// `<tu>`s skipped because none of their segments had content.
    pub skipped: usize,
    /// `<tuv>`s dropped because their language repeated within a unit.
    pub duplicate_langs: usize,
}

/// Opens a TMX file and reads up to its `<body>`; the returned reader yields
/// the units one at a time.
pub fn read(path: &Path) -> Result<TmxReader, TmxError> {
    read_with(path, &Limits::default())
}

/// Like [`read`], refusing what exceeds `limits`.
pub fn read_with(path: &Path, limits: &Limits) -> Result<TmxReader, TmxError> {
    let file = File::open(path).map_err(|source| TmxError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_reader_with(file, path, limits)
}

/// Like [`read`], over any byte stream; `path` names it in errors and is the
/// default document of its units.
pub fn from_reader(input: impl io::Read + 'static, path: &Path) -> Result<TmxReader, TmxError> {
    from_reader_with(input, path, &Limits::default())
}

/// Like [`from_reader`], refusing what exceeds `limits`.
pub fn from_reader_with(
    input: impl io::Read + 'static,
    path: &Path,
    limits: &Limits,
) -> Result<TmxReader, TmxError> {
    let source = match Source::new(Box::new(input)) {
        Ok(mut source) => {
            source.max_event = limits.segment_bytes;
            source
        }
        Err(SniffError::Io(source)) => {
            return Err(TmxError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        Err(SniffError::UnknownLabel { label, column }) => {
            return Err(TmxError::Syntax {
                path: path.to_path_buf(),
                line: 1,
                column,
                kind: TmxErrorKind::UnknownEncoding(label),
            })
        }
    };
    let document = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    let mut reader = TmxReader {
        xml: Reader::from_reader(source),
        buf: Vec::new(),
        path: path.to_path_buf(),
        document,
        header: Header::default(),
        stats: ReadStats::default(),
        ordinal: 0,
        event_start: 0,
        body_preserve: false,
        last_tuid: None,
        done: false,
        limits: *limits,
    };
    reader.read_prologue()?;
    Ok(reader)
}

/// A TMX file being read: an iterator over its units.
pub struct TmxReader {
    xml: Reader<Source>,
    buf: Vec<u8>,
    path: PathBuf,
    document: Option<String>,
    header: Header,
    stats: ReadStats,
    ordinal: u32,
    event_start: u64,
    body_preserve: bool,
    last_tuid: Option<String>,
    done: bool,
    limits: Limits,
}

/// An event detached from the read buffer, so that the parser can go on.
enum Ev {
    Start(BytesStart<'static>),
    Empty(BytesStart<'static>),
    End(Vec<u8>),
    /// Character data as written (still escaped), with whether it was CDATA.
    Text(Vec<u8>, bool),
    /// Comments, processing instructions, declarations: raw markup.
    Other(String),
    Eof,
}

impl TmxReader {
    /// What the file's header says.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Counts so far (complete once the iterator is exhausted).
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    /// The encoding the file was decoded from (`UTF-8`, `UTF-16LE`, `windows-1252`…).
    pub fn encoding(&self) -> &'static str {
        self.xml.get_ref().encoding().name()
    }

    /// The `tuid` of the unit returned last, if it had one.
    pub fn last_tuid(&self) -> Option<&str> {
        self.last_tuid.as_deref()
    }

    fn next_event(&mut self) -> Result<Ev, TmxError> {
        self.buf.clear();
        let pos = self.xml.buffer_position();
        self.xml.get_mut().mark(pos);
        self.event_start = pos;
        let event = match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => event,
            Err(err) => return Err(self.xml_error(err)),
        };
        let ev = match event {
            Event::Start(e) => Ev::Start(e.into_owned()),
            Event::Empty(e) => Ev::Empty(e.into_owned()),
            Event::End(e) => Ev::End(e.name().as_ref().to_vec()),
            Event::Text(e) => Ev::Text(e.into_inner().into_owned(), false),
            Event::CData(e) => Ev::Text(e.into_inner().into_owned(), true),
            Event::Comment(e) => Ev::Other(format!("<!--{}-->", utf8(&e))),
            Event::PI(e) => Ev::Other(format!("<?{}?>", utf8(&e))),
            Event::Decl(e) => Ev::Other(format!("<?{}?>", utf8(&e))),
            Event::DocType(e) => Ev::Other(format!("<!DOCTYPE {}>", utf8(&e))),
            Event::Eof => Ev::Eof,
        };
        // The source stops an event that grows far beyond the limit; this
        // is the exact check for one that fitted in what it had read.
        if self.buf.len() > self.limits.segment_bytes {
            return Err(self.error_here(TmxErrorKind::TooLarge {
                what: "a tag or run of text",
                limit: self.limits.segment_bytes,
            }));
        }
        Ok(ev)
    }

    fn error_at(&self, pos: u64, kind: TmxErrorKind) -> TmxError {
        self.error_located(self.xml.get_ref().locate(pos), kind)
    }

    /// The line and column of the start of the event just read, kept for
    /// an error found after the parser moved on (positions behind the
    /// parser can no longer be located).
    fn here(&self) -> (u64, u64) {
        self.xml.get_ref().locate(self.event_start)
    }

    fn error_located(&self, (line, column): (u64, u64), kind: TmxErrorKind) -> TmxError {
        TmxError::Syntax {
            path: self.path.clone(),
            line,
            column,
            kind,
        }
    }

    /// An error at the start of the event just read.
    fn error_here(&self, kind: TmxErrorKind) -> TmxError {
        self.error_at(self.event_start, kind)
    }

    fn unexpected(&self, expected: &str, found: &Ev) -> TmxError {
        self.error_here(TmxErrorKind::Unexpected {
            expected: expected.to_string(),
            found: describe(found),
        })
    }

    fn xml_error(&self, err: quick_xml::Error) -> TmxError {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        use quick_xml::Error as X;
        let source = self.xml.get_ref();
        if let (X::Io(_), Some(at)) = (&err, source.malformed_at) {
            return self.error_at(at, TmxErrorKind::InvalidBytes(source.encoding().name()));
        }
        if let (X::Io(_), Some(at)) = (&err, source.oversized_at) {
            let kind = TmxErrorKind::TooLarge {
                what: "a tag or run of text",
                limit: self.limits.segment_bytes,
            };
            return self.error_at(at, kind);
        }
        let pos = self.xml.error_position();
        let kind = match err {
            X::Io(e) => {
                return TmxError::Io {
                    path: self.path.clone(),
                    source: io::Error::new(e.kind(), e.to_string()),
                }
            }
            X::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                TmxErrorKind::Unexpected {
                    expected: format!("</{expected}>"),
                    found: format!("</{found}>"),
                }
            }
            X::IllFormed(IllFormedError::UnmatchedEndTag(name)) => TmxErrorKind::Unexpected {
                expected: "a start tag before it".into(),
                found: format!("</{name}>"),
            },
            X::Syntax(SyntaxError::UnclosedTag) => TmxErrorKind::Unexpected {
                expected: "`>` closing the tag".into(),
                found: "end of file".into(),
            },
            X::Syntax(e) => TmxErrorKind::Unexpected {
                expected: "complete markup".into(),
                found: format!("end of file ({e})"),
            },
            other => TmxErrorKind::Xml(other.to_string()),
        };
        self.error_at(pos, kind)
    }

    /// Reads the declaration, `<tmx>`, `<header>` and the `<body>` start tag.
    fn read_prologue(&mut self) -> Result<(), TmxError> {
        let tmx = loop {
            match self.next_event()? {
                Ev::Other(_) => {}
                Ev::Text(t, false) if is_blank(&t) => {}
                Ev::Start(e) if e.name().as_ref() == b"tmx" => break e,
                ev => return Err(self.unexpected("the <tmx> root element", &ev)),
            }
        };
        self.header.version = self.attr(&tmx, b"version")?;
        let (header, empty) = self.next_element(b"header")?;
        self.header.srclang = match self.attr(&header, b"srclang")? {
            Some(s) if s.trim().eq_ignore_ascii_case("*all*") => Some(SrcLang::All),
            Some(s) => Some(SrcLang::Lang(self.lang(&s)?)),
            None => None,
        };
        self.header.creation_tool = self.attr(&header, b"creationtool")?;
        if !empty {
            self.skip_element(b"header")?;
        }
        let (body, empty) = self.next_element(b"body")?;
        self.body_preserve = self.space(&body, false)?;
        if empty {
            self.finish_body()?;
        }
        Ok(())
    }

    /// The next element, which must be `name`, skipping blanks and comments;
    /// true when it is empty (`<name/>`).
    fn next_element(&mut self, name: &[u8]) -> Result<(BytesStart<'static>, bool), TmxError> {
        let expected = format!("<{}>", utf8(name));
        loop {
            match self.next_event()? {
                Ev::Other(_) => {}
                Ev::Text(t, false) if is_blank(&t) => {}
                Ev::Start(e) if e.name().as_ref() == name => return Ok((e, false)),
                Ev::Empty(e) if e.name().as_ref() == name => return Ok((e, true)),
                ev => return Err(self.unexpected(&expected, &ev)),
            }
        }
    }

    /// Skips to the end of the element `name` whose start tag was just read.
    fn skip_element(&mut self, name: &[u8]) -> Result<(), TmxError> {
        let mut depth = 0usize;
        loop {
            match self.next_event()? {
                Ev::Start(_) => depth = self.deeper(depth)?,
                Ev::End(_) if depth > 0 => depth -= 1,
                Ev::End(_) => return Ok(()),
                Ev::Eof => {
                    let expected = format!("</{}>", utf8(name));
                    return Err(self.unexpected(&expected, &Ev::Eof));
                }
                _ => {}
            }
        }
    }

    /// `depth + 1`, or the error when that is deeper than the limit; the
    /// structure above the elements counted (`tmx`, `body`, `tu`, `tuv`,
    /// `seg`) is fixed, so this bounds the parser's stack of open names.
    fn deeper(&self, depth: usize) -> Result<usize, TmxError> {
        if depth >= self.limits.depth {
            return Err(self.error_here(TmxErrorKind::TooDeep(self.limits.depth)));
        }
        Ok(depth + 1)
    }

    /// The error, at `at` (where `what` starts), when `bytes` of it are
    /// more than a segment may hold.
    fn check_size(&self, bytes: usize, what: &'static str, at: (u64, u64)) -> Result<(), TmxError> {
        if bytes > self.limits.segment_bytes {
            return Err(self.error_located(
                at,
                TmxErrorKind::TooLarge {
                    what,
                    limit: self.limits.segment_bytes,
                },
            ));
        }
        Ok(())
    }

    /// The error when the segment being built has outgrown the limits.
    fn check_seg(&self, seg: &SegBuilder, at: (u64, u64)) -> Result<(), TmxError> {
        self.check_size(seg.bytes(), "a segment (its text and inline markup)", at)?;
        if seg.inline.len() > self.limits.inline_tags {
            let kind = TmxErrorKind::TooManyTags(self.limits.inline_tags);
            return Err(self.error_located(at, kind));
        }
        Ok(())
    }

    /// After `</body>`: only `</tmx>`, then nothing but comments.
    fn finish_body(&mut self) -> Result<(), TmxError> {
        self.done = true;
        loop {
            match self.next_event()? {
                Ev::Other(_) => {}
                Ev::Text(t, false) if is_blank(&t) => {}
                Ev::End(name) if name == b"tmx" => break,
                ev => return Err(self.unexpected("</tmx>", &ev)),
            }
        }
        loop {
            match self.next_event()? {
                Ev::Other(_) => {}
                Ev::Text(t, false) if is_blank(&t) => {}
                Ev::Eof => return Ok(()),
                ev => return Err(self.unexpected("the end of the file after </tmx>", &ev)),
            }
        }
    }

    /// An attribute's unescaped value.
    fn attr(&self, e: &BytesStart<'_>, key: &[u8]) -> Result<Option<String>, TmxError> {
        for attr in e.attributes() {
            let attr = attr.map_err(|err| self.error_here(TmxErrorKind::Xml(err.to_string())))?;
            if attr.key.as_ref() == key {
                let text = std::str::from_utf8(&attr.value)
                    .map_err(|_| self.error_here(TmxErrorKind::InvalidBytes("UTF-8")))?;
                let value = quick_xml::escape::unescape(text).map_err(|err| {
                    self.error_here(TmxErrorKind::Xml(format!(
                        "in attribute {}: {err}",
                        utf8(key)
                    )))
                })?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// Whether `xml:space` on `e` asks to preserve white space; `inherited` otherwise.
    fn space(&self, e: &BytesStart<'_>, inherited: bool) -> Result<bool, TmxError> {
        Ok(match self.attr(e, b"xml:space")?.as_deref() {
            Some("preserve") => true,
            Some("default") => false,
            _ => inherited,
        })
    }

    /// A language code reduced to its lowercase primary subtag.
    fn lang(&self, code: &str) -> Result<String, TmxError> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        if primary.is_empty() || !primary.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(self.error_here(TmxErrorKind::BadValue {
                what: "a language attribute".into(),
                expected: "a language code such as en, ru-RU or ky",
                found: code.to_string(),
            }));
        }
        Ok(primary.to_ascii_lowercase())
    }

    /// A TMX date (`20210603T101500Z`) as RFC 3339 (`2021-06-03T10:15:00Z`).
    fn date(&self, what: &str, value: &str) -> Result<String, TmxError> {
        parse_tmx_date(value.trim()).ok_or_else(|| {
            self.error_here(TmxErrorKind::BadValue {
                what: what.to_string(),
                expected: "a UTC date like 20210603T101500Z",
                found: value.to_string(),
            })
        })
    }

    /// Reads one `<tu>` whose start tag was just read.
    fn read_tu(&mut self, tu: &BytesStart<'_>) -> Result<Option<Unit>, TmxError> {
        let mut unit = Unit::default();
        let mut document = None;
        let mut position = None;
        self.last_tuid = self.attr(tu, b"tuid")?;
        self.read_dates_and_author(tu, &mut unit.provenance)?;
        let preserve = self.space(tu, self.body_preserve)?;
        loop {
            let ev = self.next_event()?;
            match ev {
                Ev::Other(_) => {}
                Ev::Text(ref t, false) if is_blank(t) => {}
                Ev::Start(ref e) if e.name().as_ref() == b"prop" => {
                    let kind = self.attr(e, b"type")?;
                    let value = self.read_plain_text(b"prop")?;
                    match kind.as_deref() {
                        Some("x-document") => document = Some(value),
                        Some("x-status") => unit.provenance.status = Some(value),
                        Some("x-position") => {
                            let n = value.trim().parse::<u32>().map_err(|_| {
                                self.error_here(TmxErrorKind::BadValue {
                                    what: "<prop type=\"x-position\">".into(),
                                    expected: "a whole number from 0",
                                    found: value.clone(),
                                })
                            })?;
                            position = Some(n);
                        }
                        _ => {}
                    }
                }
                Ev::Empty(ref e) if matches!(e.name().as_ref(), b"prop" | b"note") => {}
                Ev::Start(ref e) if e.name().as_ref() == b"note" => self.skip_element(b"note")?,
                Ev::Start(ref e) if e.name().as_ref() == b"tuv" => {
                    if let Some((lang, segment)) =
                        self.read_tuv(e, &mut unit.provenance, preserve)?
                    {
                        match unit.segments.entry(lang) {
                            Entry::Occupied(_) => self.stats.duplicate_langs += 1,
                            Entry::Vacant(slot) => {
                                slot.insert(segment);
                            }
                        }
                    }
                }
                Ev::End(ref name) if name == b"tu" => break,
                ref ev => return Err(self.unexpected("<tuv>, <prop>, <note> or </tu>", ev)),
            }
        }
        let ordinal = self.ordinal;
        self.ordinal = self.ordinal.saturating_add(1);
        if unit.segments.is_empty() {
            self.stats.skipped += 1;
            return Ok(None);
        }
        unit.provenance.document = document.or_else(|| self.document.clone());
        unit.provenance.position = position.or(Some(ordinal));
        self.stats.units += 1;
        Ok(Some(unit))
    }

    /// Dates and author from a `<tu>` or `<tuv>`; values already set win.
    fn read_dates_and_author(
        &self,
        e: &BytesStart<'_>,
        prov: &mut Provenance,
    ) -> Result<(), TmxError> {
        if prov.author.is_none() {
            prov.author = match self.attr(e, b"creationid")? {
                Some(id) => Some(id),
                None => self.attr(e, b"changeid")?,
            };
        }
        if prov.created.is_none() {
            if let Some(d) = self.attr(e, b"creationdate")? {
                prov.created = Some(self.date("creationdate", &d)?);
            }
        }
        if prov.changed.is_none() {
            if let Some(d) = self.attr(e, b"changedate")? {
                prov.changed = Some(self.date("changedate", &d)?);
            }
        }
        Ok(())
    }

    /// The text content of a simple element such as `<prop>`.
    fn read_plain_text(&mut self, name: &[u8]) -> Result<String, TmxError> {
        let mut text = String::new();
        let start = self.here();
        loop {
            self.check_size(text.len(), "the text of one element", start)?;
            match self.next_event()? {
                Ev::Text(raw, cdata) => text.push_str(&self.unescape(&raw, cdata)?),
                Ev::Other(_) => {}
                Ev::End(_) => return Ok(text),
                ev => return Err(self.unexpected(&format!("text or </{}>", utf8(name)), &ev)),
            }
        }
    }

    fn unescape<'a>(&self, raw: &'a [u8], cdata: bool) -> Result<Cow<'a, str>, TmxError> {
        let text = std::str::from_utf8(raw)
            .map_err(|_| self.error_here(TmxErrorKind::InvalidBytes("UTF-8")))?;
        if cdata {
            return Ok(Cow::Borrowed(text));
        }
        quick_xml::escape::unescape(text).map_err(|err| {
            use quick_xml::escape::EscapeError;
            let (offset, found) = match &err {
                // The range is the entity's name, after its `&`.
                EscapeError::UnrecognizedEntity(range, name) => {
                    (range.start.saturating_sub(1), format!("&{name};"))
                }
                EscapeError::UnterminatedEntity(range) => (range.start, "`&` without `;`".into()),
                EscapeError::InvalidCharRef(_) => (0, err.to_string()),
            };
            let at = self.event_start + offset.min(text.len()) as u64;
            self.error_at(
                at,
                TmxErrorKind::Unexpected {
                    expected: "&lt; &gt; &amp; &apos; &quot; or a character reference".into(),
                    found,
                },
            )
        })
    }

    /// Reads one `<tuv>`: its language and its segment, `None` when the
    /// segment is empty.
    fn read_tuv(
        &mut self,
        tuv: &BytesStart<'_>,
        prov: &mut Provenance,
        preserve: bool,
    ) -> Result<Option<(String, Segment)>, TmxError> {
        let code = match self.attr(tuv, b"xml:lang")? {
            Some(code) => code,
            None => self
                .attr(tuv, b"lang")?
                .ok_or_else(|| self.error_here(TmxErrorKind::MissingLang))?,
        };
        let lang = self.lang(&code)?;
        self.read_dates_and_author(tuv, prov)?;
        let preserve = self.space(tuv, preserve)?;
        let mut segment = None;
        loop {
            let ev = self.next_event()?;
            match ev {
                Ev::Other(_) => {}
                Ev::Text(ref t, false) if is_blank(t) => {}
                Ev::Start(ref e) if matches!(e.name().as_ref(), b"prop" | b"note") => {
                    let name = e.name().as_ref().to_vec();
                    self.skip_element(&name)?;
                }
                Ev::Empty(ref e) if matches!(e.name().as_ref(), b"prop" | b"note") => {}
                Ev::Start(ref e) if e.name().as_ref() == b"seg" && segment.is_none() => {
                    let preserve = self.space(e, preserve)?;
                    segment = Some(self.read_seg(preserve)?);
                }
                Ev::Empty(ref e) if e.name().as_ref() == b"seg" && segment.is_none() => {
                    segment = Some(Segment::default());
                }
                Ev::End(ref name) if name == b"tuv" && segment.is_none() => {
                    return Err(self.unexpected("<seg>", &ev));
                }
                Ev::End(ref name) if name == b"tuv" => break,
                ref ev if segment.is_some() => return Err(self.unexpected("</tuv>", ev)),
                ref ev => return Err(self.unexpected("<seg>", ev)),
            }
        }
        let segment = segment.unwrap_or_default();
        if segment.text.is_empty() && segment.inline.is_empty() {
            return Ok(None);
        }
        Ok(Some((lang, segment)))
    }

    /// Reads a `<seg>` whose start tag was just read.
    fn read_seg(&mut self, preserve: bool) -> Result<Segment, TmxError> {
        let mut seg = SegBuilder::new(preserve);
        let mut open_hi = 0usize;
        let start = self.here();
        loop {
            self.check_seg(&seg, start)?;
            let ev = self.next_event()?;
            match ev {
                Ev::Text(mut raw, cdata) => {
                    if raw.contains(&b'\r') {
                        // XML end-of-line handling, which quick-xml leaves to
                        // us; done before unescaping so that `&#13;` survives.
                        raw = normalise_line_ends(&raw);
                    }
                    let text = self.unescape(&raw, cdata)?;
                    if let Some(c) = text.chars().find(|&c| crate::xml::is_unwritable_control(c)) {
                        // At the character itself when written raw; at the
                        // start of the text for a character reference.
                        let at = String::from_utf8_lossy(&raw)
                            .find(c)
                            .map_or(self.event_start, |i| self.event_start + i as u64);
                        return Err(self.error_at(
                            at,
                            TmxErrorKind::Unexpected {
                                expected:
                                    "text without control characters (XML 1.0 cannot carry them)"
                                        .into(),
                                found: format!("U+{:04X}", u32::from(c)),
                            },
                        ));
                    }
                    seg.push_text(&text);
                }
                Ev::Other(_) => {}
                Ev::Start(e) if OPAQUE_INLINE.contains(&e.name().as_ref()) => {
                    let mut xml = format!("<{}>", utf8(&e));
                    self.copy_element_content(&mut xml, open_hi)?;
                    seg.push_tag(xml);
                }
                Ev::Empty(e)
                    if OPAQUE_INLINE.contains(&e.name().as_ref()) || e.name().as_ref() == b"hi" =>
                {
                    seg.push_tag(format!("<{}/>", utf8(&e)));
                }
                Ev::Start(e) if e.name().as_ref() == b"hi" => {
                    open_hi = self.deeper(open_hi)?;
                    seg.push_tag(format!("<{}>", utf8(&e)));
                }
                Ev::End(name) if name == b"hi" && open_hi > 0 => {
                    open_hi -= 1;
                    seg.push_tag("</hi>".to_string());
                }
                Ev::End(name) if name == b"seg" => {
                    self.check_seg(&seg, start)?;
                    return Ok(seg.finish());
                }
                Ev::Eof => return Err(self.unexpected("</seg>", &Ev::Eof)),
                ev => {
                    return Err(self.unexpected(
                        "text, an inline element (bpt, ept, it, ph, hi, sub, ut) or </seg>",
                        &ev,
                    ))
                }
            }
        }
    }

    /// Appends, as written, everything up to and including the end tag of
    /// the element whose start tag was just read, inside `outer` open
    /// elements (`<hi>`s) that count towards the depth too.
    fn copy_element_content(&mut self, xml: &mut String, outer: usize) -> Result<(), TmxError> {
        // The element itself is the first level.
        let mut depth = self.deeper(outer)?;
        let start = self.here();
        loop {
            self.check_size(xml.len(), "an inline element", start)?;
            match self.next_event()? {
                Ev::Start(e) => {
                    depth = self.deeper(depth)?;
                    xml.push_str(&format!("<{}>", utf8(&e)));
                }
                Ev::Empty(e) => xml.push_str(&format!("<{}/>", utf8(&e))),
                Ev::End(name) => {
                    xml.push_str(&format!("</{}>", utf8(&name)));
                    depth -= 1;
                    if depth == outer {
                        return Ok(());
                    }
                }
                Ev::Text(raw, false) => xml.push_str(&utf8(&raw)),
                Ev::Text(raw, true) => xml.push_str(&format!("<![CDATA[{}]]>", utf8(&raw))),
                Ev::Other(markup) => xml.push_str(&markup),
                Ev::Eof => {
                    return Err(self.unexpected("the end tag of the inline element", &Ev::Eof))
                }
            }
        }
    }
}

impl TmxReader {
    /// Reads `<tu>`s until one has content; `None` after `</body>`.
    fn next_unit(&mut self) -> Result<Option<Unit>, TmxError> {
        while !self.done {
            let ev = self.next_event()?;
            match ev {
                Ev::Other(_) => {}
                Ev::Text(ref t, false) if is_blank(t) => {}
                Ev::Start(ref e) if e.name().as_ref() == b"tu" => {
                    if let Some(unit) = self.read_tu(e)? {
                        return Ok(Some(unit));
                    }
                }
                Ev::Empty(ref e) if e.name().as_ref() == b"tu" => {
                    self.ordinal = self.ordinal.saturating_add(1);
                    self.stats.skipped += 1;
                }
                Ev::End(ref name) if name == b"body" => self.finish_body()?,
                ref ev => return Err(self.unexpected("<tu> or </body>", ev)),
            }
        }
        Ok(None)
    }
}

impl Iterator for TmxReader {
    type Item = Result<Unit, TmxError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_unit() {
            Ok(unit) => unit.map(Ok),
            Err(err) => {
                // A reader that failed stays finished: the rest of the file
                // cannot be trusted to line up with the TMX structure.
                self.done = true;
                Some(Err(err))
            }
        }
    }
}

/// Collects a segment's text and inline tags, normalising white space.
struct SegBuilder {
    text: String,
    inline: Vec<InlineTag>,
    preserve: bool,
    /// The last thing appended was white space (or nothing yet).
    after_space: bool,
    /// The last thing appended was an inline tag, not text.
    ends_with_tag: bool,
    /// Bytes of the inline tags' markup.
    inline_bytes: usize,
}

impl SegBuilder {
    fn new(preserve: bool) -> SegBuilder {
        SegBuilder {
            text: String::new(),
            inline: Vec::new(),
            preserve,
            after_space: true,
            ends_with_tag: false,
            inline_bytes: 0,
        }
    }

    /// What the segment holds so far: text and inline markup.
    fn bytes(&self) -> usize {
        self.text.len() + self.inline_bytes
    }

    fn push_text(&mut self, s: &str) {
        if self.preserve {
            self.text.push_str(s);
            return;
        }
        if !s.is_empty() {
            self.ends_with_tag = false;
        }
        for c in s.chars() {
            if is_xml_space(c) {
                if !self.after_space {
                    self.text.push(' ');
                    self.after_space = true;
                }
            } else {
                self.text.push(c);
                self.after_space = false;
            }
        }
    }

    fn push_tag(&mut self, xml: String) {
        // Spaces beside an inline tag are content (`a <ph/> b` keeps both),
        // so a run of white space does not continue across a tag.
        self.after_space = false;
        self.ends_with_tag = true;
        self.inline_bytes += xml.len();
        self.inline.push(InlineTag {
            offset: self.text.len(),
            xml,
        });
    }

    fn finish(mut self) -> Segment {
        if !self.preserve && !self.ends_with_tag && self.text.ends_with(' ') {
            self.text.pop();
        }
        Segment {
            text: self.text,
            inline: self.inline,
        }
    }
}

/// `\r\n` and lone `\r` become `\n`.
fn normalise_line_ends(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == b'\r' {
            if bytes.peek() == Some(&&b'\n') {
                bytes.next();
            }
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    out
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_blank(raw: &[u8]) -> bool {
    raw.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// How an event reads in an error message.
fn describe(ev: &Ev) -> String {
    match ev {
        Ev::Start(e) => format!("<{}>", utf8(e.name().as_ref())),
        Ev::Empty(e) => format!("<{}/>", utf8(e.name().as_ref())),
        Ev::End(name) => format!("</{}>", utf8(name)),
        Ev::Text(raw, _) => {
            let text = utf8(raw);
            let text = text.trim();
            let short: String = text.chars().take(20).collect();
            let more = if short.len() < text.len() { "…" } else { "" };
            format!("text `{short}{more}`")
        }
        Ev::Other(markup) => format!("`{}`", markup.chars().take(20).collect::<String>()),
        Ev::Eof => "end of file".into(),
    }
}

/// `20210603T101500Z` (or already RFC 3339) → `2021-06-03T10:15:00Z`.
fn parse_tmx_date(s: &str) -> Option<String> {
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|d| d.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let dt = jiff::civil::DateTime::new(
        digits(0..4)? as i16,
        digits(4..6)? as i8,
        digits(6..8)? as i8,
        digits(9..11)? as i8,
        digits(11..13)? as i8,
        digits(13..15)? as i8,
        0,
    )
    .ok()?;
    Some(dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// `2021-06-03T10:15:00Z` → `20210603T101500Z`.
fn format_tmx_date(rfc3339: &str) -> Option<String> {
    let ts = rfc3339.parse::<jiff::Timestamp>().ok()?;
    Some(ts.strftime("%Y%m%dT%H%M%SZ").to_string())
}

#[cfg(test)]
mod tests;

//! XLIFF 1.2 for translators: one `<trans-unit>` per segment with the
//! pre-filled target and its state, up to three `<alt-trans>` candidates
//! and a note with the diff; and the reader for the reviewed file.
//!
//! Two layouts ([`Cat`]). `standard` (Trados, memoQ, translate-toolkit):
//! context and exact matches `translated` (qualifier `exact-match`), fuzzy
//! suggestions `needs-review-translation` (`fuzzy-match`) with the
//! suggestion in the target, no match an empty target `needs-translation`,
//! so that tools count them truly. `omegat`: OmegaT 3.x translates the text
//! *inside* `<target>` (with an empty one it finds nothing, a Russian
//! suggestion there is taken for the source), so every target holds the
//! source text and suggestions go only into `<alt-trans>` and a TMX for its
//! `tm/` folder ([`suggestions_tmx`]). With `approve_exact`, context and
//! exact matches are written `final` with the match as target in both
//! layouts (OmegaT finds nothing to translate in them and leaves them).
//! Each trans-unit carries `tilmech:drafted`, a fingerprint of the target
//! the draft wrote ([`fingerprint`]), so that import can tell a target the
//! translator changed even when the tool never touches `state` (OmegaT).
//! A segment counts as reviewed when its target state is `final` or
//! `signed-off`, or the unit has `approved="yes"`; a state XLIFF 1.2 does
//! not define (other than a custom `x-…`) is an error, not "not approved".
//! `original` is the event's path relative to the XLIFF file, so that the
//! review finds its event from any working directory.
//!
//! [`write()`] writes XLIFF 2.0 too ([`super::xliff2`]); [`read`] takes
//! either version, told apart by the root's `version`, into the same
//! [`ReviewFile`], each version's states kept as written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event as Xml};
use quick_xml::Reader;

use super::{Category, Draft, SegmentDraft};
use crate::limits::{describe_bytes, Limits};
use crate::tm::diff;
use crate::tm::unit::{InlineTag, Segment, Unit};
use crate::xml::escape;

/// Which CAT tool the draft is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cat {
    /// XLIFF 1.2 as its authors intended: empty targets for no match.
    #[default]
    Standard,
    /// OmegaT 3.x: every target holds the source text.
    Omegat,
}

/// The XLIFF version a draft is written in; [`read`] takes either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// XLIFF 1.2: what OmegaT 3.x and translate-toolkit's tools read.
    #[default]
    V1_2,
    /// XLIFF 2.0 ([`super::xliff2`]).
    V2_0,
}

/// How [`write()`] lays a draft out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// For which tool.
    pub cat: Cat,
    /// Write context and exact matches as `final`, so that a release the
    /// memory covers imports and renders without hand work.
    pub approve_exact: bool,
    /// Which XLIFF.
    pub version: Version,
}

impl Layout {
    /// The target written for `s`, its XLIFF 1.2 state and state-qualifier.
    pub(super) fn target<'a>(
        &self,
        s: &'a SegmentDraft,
    ) -> (&'a str, &'static str, Option<&'static str>) {
        let exact = matches!(s.category, Category::Context | Category::Exact);
        if exact && self.approve_exact {
            return (&s.target, "final", Some("exact-match"));
        }
        match (self.cat, s.category) {
            (Cat::Standard, Category::Context | Category::Exact) => {
                (&s.target, "translated", Some("exact-match"))
            }
            (Cat::Standard, Category::Fuzzy) => {
                (&s.target, "needs-review-translation", Some("fuzzy-match"))
            }
            (Cat::Standard, Category::None) => ("", "needs-translation", None),
            (Cat::Omegat, Category::None) => (&s.source, "needs-translation", None),
            (Cat::Omegat, _) => (&s.source, "needs-translation", Some("leveraged-tm")),
        }
    }
}

/// Writes `draft` as an XLIFF document of `layout.version`, laid out as
/// `layout` says; `original` names the event file.
pub fn write(draft: &Draft, original: &str, layout: Layout) -> String {
    match layout.version {
        Version::V1_2 => write_1_2(draft, original, layout),
        Version::V2_0 => super::xliff2::write(draft, original, layout),
    }
}

/// The note on a segment the memory filled: its category, score and the
/// diff of the stored source against the new one.
pub(super) fn match_note(s: &SegmentDraft) -> Option<String> {
    let best = s.candidates.first()?;
    Some(format!(
        "{} match {}: stored source changed as [-deleted-]{{+inserted+}}: {}",
        s.category.as_str(),
        best.score,
        diff::render(&best.diff, false)
    ))
}

/// A QA finding on a suggestion as a note: its priority (1 for errors) and text.
pub(super) fn qa_note(f: &super::qa::Finding) -> (u8, String) {
    let priority = if f.severity == super::qa::Severity::Error {
        1
    } else {
        5
    };
    (priority, format!("suggestion: {f}"))
}

fn write_1_2(draft: &Draft, original: &str, layout: Layout) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" xmlns:tilmech=\"{TILMECH_NS}\">\n  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"tilmech\">\n    <header>\n      <tool tool-id=\"tilmech\" tool-name=\"tilmech\" tool-version=\"{}\"/>\n    </header>\n    <body>\n",
        escape(original),
        escape(&draft.from),
        escape(&draft.to),
        env!("CARGO_PKG_VERSION")
    );
    for (p, segs) in &draft.paragraphs {
        let _ = writeln!(
            out,
            "      <group id=\"p{}\" resname=\"paragraph {}\">",
            p + 1,
            p + 1
        );
        for s in segs {
            let (target, state, qualifier) = layout.target(s);
            // translate-toolkit (pocount) counts only approved units as translated.
            let approved = if state == "final" {
                " approved=\"yes\""
            } else {
                ""
            };
            let qualifier = qualifier
                .map(|q| format!(" state-qualifier=\"{q}\""))
                .unwrap_or_default();
            let _ = write!(
                out,
                "        <trans-unit id=\"{}\"{approved} xml:space=\"preserve\" tilmech:drafted=\"{}\">\n          <source xml:lang=\"{}\">{}</source>\n          <target xml:lang=\"{}\" state=\"{state}\"{qualifier}>{}</target>\n",
                s.id,
                fingerprint(target),
                escape(&draft.from),
                escape(&s.source),
                escape(&draft.to),
                escape(target)
            );
            if let Some(note) = match_note(s) {
                let _ = writeln!(
                    out,
                    "          <note from=\"tilmech\">{}</note>",
                    escape(&note)
                );
            }
            for f in &s.findings {
                let (priority, text) = qa_note(f);
                let _ = writeln!(
                    out,
                    "          <note from=\"tilmech-qa\" priority=\"{priority}\">{}</note>",
                    escape(&text)
                );
            }
            for m in s.candidates.iter().take(3) {
                let _ = write!(
                    out,
                    "          <alt-trans match-quality=\"{}\" origin=\"{}\">\n            <source xml:lang=\"{}\">{}</source>\n            <target xml:lang=\"{}\">{}</target>\n          </alt-trans>\n",
                    m.score,
                    escape(&origin(m)),
                    escape(&draft.from),
                    escape(&m.source),
                    escape(&draft.to),
                    escape(&m.target)
                );
            }
            out.push_str("        </trans-unit>\n");
        }
        out.push_str("      </group>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// The namespace of tilmech's own attributes in XLIFF files.
pub const TILMECH_NS: &str = "urn:tilmech:xliff";

/// A short fingerprint of a target text (FNV-1a, 64 bits, hex; surrounding
/// whitespace ignored): what the draft wrote, recorded so that import can
/// tell whether the translator changed it. Not a security measure.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.trim().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The memory's candidates for every segment of `draft` as TMX, for
/// OmegaT's `tm/` folder (each pair once, best first).
pub fn suggestions_tmx(draft: &Draft) -> std::io::Result<String> {
    let mut seen = std::collections::BTreeSet::new();
    let units: Vec<Unit> = draft
        .paragraphs
        .iter()
        .flat_map(|(_, segs)| segs)
        .flat_map(|s| &s.candidates)
        .filter(|m| seen.insert((m.source.clone(), m.target.clone())))
        .map(|m| m.unit.clone())
        .collect();
    let mut out = Vec::new();
    crate::tm::tmx::write(
        &mut out,
        units,
        &[draft.from.clone(), draft.to.clone()],
        &draft.from,
    )?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Where a candidate came from, for `origin` and the review page.
pub fn origin(m: &crate::tm::lookup::Match) -> String {
    let p = &m.unit.provenance;
    let mut s = format!("tm:{}", p.document.as_deref().unwrap_or("unknown"));
    if let Some(pos) = p.position {
        let _ = write!(s, "#{}", pos + 1);
    }
    if let Some(status) = &p.status {
        let _ = write!(s, " ({status})");
    }
    s
}

/// The states XLIFF 1.2 defines for `<target state=…>`; custom values start with `x-`.
pub const STATES: [&str; 10] = [
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
];

/// What differs between the XLIFF versions [`read`] takes.
struct Dialect {
    version: Version,
    /// The element of one segment's work: `trans-unit`, `unit`.
    unit: &'static str,
    /// The parent of the `<source>` and `<target>` read: `trans-unit`, `segment`.
    holder: &'static str,
    /// The inline element pairing native code around text: `g`, `pc`.
    paired: &'static str,
    /// Inline elements whose text is kept (annotations, markers).
    transparent: &'static [&'static str],
    /// Inline elements that stand for native code, kept whole.
    opaque: &'static [&'static str],
    /// The states defined.
    states: &'static [&'static str],
    /// The states that count as reviewed.
    reviewed: &'static [&'static str],
}

const XLIFF_1_2: Dialect = Dialect {
    version: Version::V1_2,
    unit: "trans-unit",
    holder: "trans-unit",
    paired: "g",
    transparent: &["mrk"],
    opaque: &["x", "bx", "ex", "ph", "bpt", "ept", "it"],
    states: &STATES,
    reviewed: &["final", "signed-off"],
};

const XLIFF_2_0: Dialect = Dialect {
    version: Version::V2_0,
    unit: "unit",
    holder: "segment",
    paired: "pc",
    transparent: &["mrk", "sm", "em"],
    opaque: &["ph", "sc", "ec"],
    states: &super::xliff2::STATES,
    reviewed: &["reviewed", "final"],
};

/// A segment read back from a reviewed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// The trans-unit id (`p3.s2`).
    pub id: String,
    /// 1-based line of the trans-unit, for messages.
    pub line: usize,
    /// The source text, inline markup removed.
    pub source: String,
    /// The target: its text (the content of `<g>` and `<mrk>` included) and
    /// its inline markup, as TMX inline elements so the memory can keep it.
    pub target: Segment,
    /// Whether the translator approved it (state final/signed-off or approved="yes").
    pub approved: bool,
    /// The target's `state`, if any.
    pub state: Option<String>,
    /// The [`fingerprint`] of the target the draft wrote (`tilmech:drafted`),
    /// absent in files from other tools or older drafts.
    pub drafted: Option<String>,
    /// The inline codes of the source, in order.
    pub source_codes: Vec<Code>,
    /// The inline codes of the target, in order.
    pub target_codes: Vec<Code>,
}

impl Reviewed {
    /// Whether the segment is as a fresh draft left it for the translator,
    /// nothing offered in it to check: XLIFF 1.2 `needs-translation` (2.0:
    /// `initial` with an empty target), and not changed since the draft.
    pub fn untouched(&self) -> bool {
        let waiting = match self.state.as_deref() {
            Some("needs-translation") => true,
            Some("initial") => self.target.text.trim().is_empty(),
            _ => false,
        };
        waiting && self.changed() != Some(true)
    }

    /// Whether the target differs from what the draft wrote; `None` when
    /// the file does not say what the draft wrote.
    pub fn changed(&self) -> Option<bool> {
        self.drafted
            .as_ref()
            .map(|d| *d != fingerprint(&self.target.text))
    }
}

/// A reviewed XLIFF file.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    /// The event file the draft was made from, as written in `original`.
    pub original: String,
    /// Source language (primary subtag, lowercase).
    pub from: String,
    /// Target language (primary subtag, lowercase).
    pub to: String,
    /// The reviewer, from the last `<phase contact-name=…>`, if any.
    pub reviewer: Option<String>,
    /// The segments in file order.
    pub units: Vec<Reviewed>,
    /// Line and column of the (first) `<file>` (2.0: of `<xliff>`), for
    /// messages about its languages.
    pub at: (usize, usize),
    /// The XLIFF version it is written in.
    pub version: Version,
}

/// A malformed or unusable review file.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct XliffError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Finds line and column of byte offsets in a text, asked in increasing
/// order: each request scans on from the previous one, so reading a
/// 10,000-paragraph review stays linear, and nothing is kept per line (a
/// table of line starts took 8 bytes for each line of the file).
struct Lines<'a> {
    text: &'a str,
    /// The offset scanned to, and its line and column.
    cursor: std::cell::Cell<(usize, u64, u64)>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            cursor: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// 1-based line and column (in characters) of byte offset `pos`.
    fn at(&self, pos: u64) -> (usize, usize) {
        let mut pos = (pos as usize).min(self.text.len());
        while !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        let (mut scanned, mut line, mut col) = self.cursor.get();
        if pos < scanned {
            // Only an error looks back; start over from the top.
            (scanned, line, col) = (0, 1, 1);
        }
        // The column is counted on too, not from the line's start: a file
        // written on one line would otherwise cost quadratic time.
        (line, col) = crate::tm::tmx::advance(line, col, &self.text.as_bytes()[scanned..pos]);
        self.cursor.set((pos, line, col));
        (line as usize, col as usize)
    }
}

/// The part of a trans-unit whose text is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Source,
    Target,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Source => "source",
            Part::Target => "target",
        }
    }
}

/// The message when the open elements `stack` are nested deeper than `limits` allow.
fn too_deep(stack: &[String], limits: &Limits) -> Result<(), String> {
    if stack.len() > limits.depth {
        return Err(format!(
            "<{}> nested more than {} elements deep: expected at most {} levels",
            stack.last().map(String::as_str).unwrap_or_default(),
            limits.depth,
            limits.depth
        ));
    }
    Ok(())
}

/// The trans-unit being read.
struct Current {
    unit: Reviewed,
    /// The `<source>` or `<target>` (child of the trans-unit) being read,
    /// and how deep in its inline elements the reader is.
    part: Option<(Part, usize)>,
    source: Segment,
    saw_target: bool,
    saw_segment: bool,
    /// `i` of the `<bpt>` standing for each open `<g>`, and its id.
    open_g: Vec<(usize, String)>,
    next_i: usize,
    /// Bytes of the inline markup kept in the source and in the target, so
    /// a size check need not add up every tag again.
    inline_bytes: [usize; 2],
}

impl Current {
    fn segment(&mut self, part: Part) -> &mut Segment {
        match part {
            Part::Source => &mut self.source,
            Part::Target => &mut self.unit.target,
        }
    }

    /// Adds inline markup `xml` to `part` at the end of its text.
    fn push_tag(&mut self, part: Part, xml: String) {
        self.inline_bytes[part as usize] += xml.len();
        let segment = self.segment(part);
        segment.inline.push(InlineTag {
            offset: segment.text.len(),
            xml,
        });
    }

    fn codes(&mut self, part: Part) -> &mut Vec<Code> {
        match part {
            Part::Source => &mut self.unit.source_codes,
            Part::Target => &mut self.unit.target_codes,
        }
    }
}

/// An inline code of a source or target (a placeholder, or one end of a
/// paired code), as the quality checks compare them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// What identifies it across source and target: the element and its
    /// id (`x#1`); an end names what it closes (`/g#1`, `ec#1`, `ept#1`).
    pub key: String,
    /// The tag as written, for messages.
    pub written: String,
}

/// The [`Code`] key of inline element `name`: an element closing a pair
/// refers to its opening one by `rid` (1.2) or `startRef` (2.0).
fn code_key(name: &str, e: &BytesStart) -> String {
    let id = ["rid", "startRef", "id"]
        .iter()
        .find_map(|a| attribute(e, a))
        .unwrap_or_default();
    format!("{name}#{id}")
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// `state` when `dialect` defines it (1.2 also takes custom `x-` values),
/// else the message saying what is expected.
fn check_state(dialect: &Dialect, state: &str, id: &str) -> Result<String, String> {
    let custom = dialect.version == Version::V1_2 && state.starts_with("x-");
    if dialect.states.contains(&state) || custom {
        return Ok(state.to_string());
    }
    Err(match dialect.version {
        Version::V1_2 => format!(
            "trans-unit `{id}`: state=\"{state}\" is not an XLIFF 1.2 state: expected one of {}, or a custom value starting with x-",
            dialect.states.join(", ")
        ),
        Version::V2_0 => format!(
            "unit `{id}`: state=\"{state}\" is not an XLIFF 2.0 state: expected one of {} (a tool's own state goes into subState)",
            dialect.states.join(", ")
        ),
    })
}

/// Why `more` bytes (`tag` when they are an inline element) cannot be
/// added to the `<part>` of `unit` `id` within `limits`, if they cannot.
fn over_limit(
    cur: &Current,
    part: Part,
    more: usize,
    tag: bool,
    limits: &Limits,
    unit: &str,
) -> Option<String> {
    let segment = match part {
        Part::Source => &cur.source,
        Part::Target => &cur.unit.target,
    };
    let held = segment.text.len() + cur.inline_bytes[part as usize];
    let (id, part) = (&cur.unit.id, part.name());
    if held + more > limits.segment_bytes {
        return Some(format!(
            "<{part}> of {unit} `{id}` is larger than the limit of {}: expected at most that per segment (--max-segment SIZE raises it)",
            describe_bytes(limits.segment_bytes)
        ));
    }
    if tag && segment.inline.len() >= limits.inline_tags {
        return Some(format!(
            "<{part}> of {unit} `{id}` has more than {} inline elements: expected at most that per segment",
            limits.inline_tags
        ));
    }
    None
}

/// `ru-RU`, `RU` → `ru`: tilmech keeps one text per language.
fn primary_lang(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Reads a reviewed XLIFF 1.2 or 2.0 file (the version its root names)
/// written by [`write()`] or edited by a CAT tool.
///
/// Only the `<source>` and `<target>` that are children of a `<trans-unit>`
/// (2.0: of a unit's `<segment>`) are read: candidates in `<alt-trans>` or
/// `<mtc:matches>`, Trados' `<seg-source>` and notes never become part of a
/// translation. Inside them, the text of `<g>` and `<mrk>` (2.0: `<pc>`,
/// `<mrk>`) is kept, and placeholders (`x bx ex ph bpt ept it`; 2.0: `ph sc
/// ec`) are kept whole as inline markup. Several `<file>`s are accepted only
/// when they name the same event and languages. A 2.0 unit must hold one
/// segment, as drafts write it (`canResegment="no"`): its id is the sentence's.
pub fn read(path: &Path) -> Result<ReviewFile, XliffError> {
    read_with(path, &Limits::default())
}

/// Like [`read`], refusing what exceeds `limits`: a source or target above
/// its size or inline element count, elements nested deeper than its depth,
/// more units than its count.
pub fn read_with(path: &Path, limits: &Limits) -> Result<ReviewFile, XliffError> {
    let fail = |(line, column): (usize, usize), message: String| XliffError {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let whole =
        std::fs::read_to_string(path).map_err(|e| fail((0, 0), format!("cannot read: {e}")))?;
    // quick-xml skips a byte order mark and counts positions after it;
    // inline markup is sliced from `text` at those positions.
    let text = whole.strip_prefix('\u{feff}').unwrap_or(&whole);
    let lines = Lines::new(text);
    let mut reader = Reader::from_str(text);
    let mut file = ReviewFile {
        original: String::new(),
        from: String::new(),
        to: String::new(),
        reviewer: None,
        units: Vec::new(),
        at: (0, 0),
        version: Version::V1_2,
    };
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<Current> = None;
    let mut files = 0usize;
    let mut dialect = &XLIFF_1_2;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            fail(
                lines.at(reader.error_position()),
                format!("not well-formed XML: {e}"),
            )
        })?;
        match event {
            Xml::Start(ref e) | Xml::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let is_start = matches!(event, Xml::Start(_));
                if let Some(cur) = current.as_mut() {
                    if let Some((part, depth)) = cur.part {
                        // Inline markup inside a source or target.
                        let raw = &text[pos as usize..reader.buffer_position() as usize];
                        // An opaque element is checked whole, once read to its end.
                        let opaque = dialect.opaque.contains(&name.as_str());
                        if !opaque {
                            if let Some(m) =
                                over_limit(cur, part, raw.len(), true, limits, dialect.unit)
                            {
                                return Err(fail(lines.at(pos), m));
                            }
                        }
                        match name.as_str() {
                            n if n == dialect.paired && is_start => {
                                cur.next_i += 1;
                                let i = cur.next_i;
                                let key = code_key(n, e);
                                cur.open_g.push((i, key.clone()));
                                cur.codes(part).push(Code {
                                    key,
                                    written: raw.to_string(),
                                });
                                let xml = format!("<bpt i=\"{i}\">{}</bpt>", escape(raw));
                                cur.push_tag(part, xml);
                            }
                            n if dialect.transparent.contains(&n) => {}
                            n if n == dialect.paired => {
                                cur.codes(part).push(Code {
                                    key: code_key(n, e),
                                    written: raw.to_string(),
                                });
                                cur.push_tag(part, format!("<ph>{}</ph>", escape(raw)))
                            }
                            _ if opaque => {
                                cur.codes(part).push(Code {
                                    key: code_key(&name, e),
                                    written: raw.to_string(),
                                });
                                if is_start {
                                    reader.read_to_end(e.name()).map_err(|err| {
                                        fail(
                                            lines.at(reader.error_position()),
                                            format!("not well-formed XML: {err}"),
                                        )
                                    })?;
                                }
                                let end = reader.buffer_position() as usize;
                                let whole = &text[pos as usize..end];
                                if let Some(m) =
                                    over_limit(cur, part, whole.len(), true, limits, dialect.unit)
                                {
                                    return Err(fail(lines.at(pos), m));
                                }
                                cur.push_tag(part, format!("<ph>{}</ph>", escape(whole)));
                                continue;
                            }
                            _ => {
                                let mut inline = vec![dialect.paired];
                                inline.extend(dialect.transparent);
                                inline.extend(dialect.opaque);
                                return Err(fail(
                                    lines.at(pos),
                                    format!(
                                        "unexpected <{name}> inside <{}> of {} `{}`: expected text or an XLIFF inline element ({})",
                                        stack.last().map(String::as_str).unwrap_or_default(),
                                        dialect.unit,
                                        cur.unit.id,
                                        inline.join(", ")
                                    ),
                                ));
                            }
                        }
                        if is_start {
                            cur.part = Some((part, depth + 1));
                            stack.push(name);
                            too_deep(&stack, limits).map_err(|m| fail(lines.at(pos), m))?;
                        }
                        continue;
                    }
                }
                match name.as_str() {
                    "xliff" if stack.is_empty() => match attribute(e, "version").as_deref() {
                        Some("1.2") => {}
                        // 2.1 keeps the 2.0 core.
                        Some("2.0" | "2.1") => {
                            dialect = &XLIFF_2_0;
                            file.version = Version::V2_0;
                            file.from = primary_lang(&attribute(e, "srcLang").unwrap_or_default());
                            file.to = primary_lang(&attribute(e, "trgLang").unwrap_or_default());
                            file.at = lines.at(pos);
                        }
                        _ => {
                            return Err(fail(
                                lines.at(pos),
                                "expected <xliff version=\"1.2\"> or <xliff version=\"2.0\">"
                                    .into(),
                            ));
                        }
                    },
                    _ if stack.is_empty() => {
                        return Err(fail(
                            lines.at(pos),
                            format!("expected the root element <xliff>, found <{name}>"),
                        ));
                    }
                    "file" => {
                        files += 1;
                        let original = attribute(e, "original").unwrap_or_default();
                        let (from, to) = match dialect.version {
                            Version::V1_2 => (
                                primary_lang(&attribute(e, "source-language").unwrap_or_default()),
                                primary_lang(&attribute(e, "target-language").unwrap_or_default()),
                            ),
                            // 2.0 names the languages once, on <xliff>.
                            Version::V2_0 => (file.from.clone(), file.to.clone()),
                        };
                        if files > 1
                            && (original != file.original || from != file.from || to != file.to)
                        {
                            return Err(fail(
                                lines.at(pos),
                                format!(
                                    "this <file> (`{original}`, {from} → {to}) differs from the first one (`{}`, {} → {}): a review file must hold one event and one target language; split it into one XLIFF per <file>",
                                    file.original, file.from, file.to
                                ),
                            ));
                        }
                        if files == 1 && dialect.version == Version::V1_2 {
                            file.at = lines.at(pos);
                        }
                        file.original = original;
                        file.from = from;
                        file.to = to;
                    }
                    "phase" => {
                        if let Some(who) = attribute(e, "contact-name") {
                            file.reviewer = Some(who);
                        }
                    }
                    n if n == dialect.unit => {
                        let (line, col) = lines.at(pos);
                        if stack.iter().any(|open| open == n) {
                            return Err(fail(
                                (line, col),
                                format!("<{n}> inside another <{n}>: expected each <{n}> closed before the next"),
                            ));
                        }
                        if file.units.len() >= limits.units {
                            return Err(fail(
                                (line, col),
                                format!(
                                    "<{n}> beyond the limit of {} units in one file: expected at most that many (--max-units N raises it)",
                                    limits.units
                                ),
                            ));
                        }
                        let Some(id) = attribute(e, "id") else {
                            return Err(fail(
                                (line, col),
                                format!("<{n}> without an id: expected id=\"p1.s1\""),
                            ));
                        };
                        let approved = match attribute(e, "approved").as_deref() {
                            // 2.0 says it with the segment's state alone.
                            _ if dialect.version == Version::V2_0 => false,
                            None | Some("no") => false,
                            Some("yes") => true,
                            Some(other) => {
                                return Err(fail(
                                    (line, col),
                                    format!("trans-unit `{id}`: approved=\"{other}\" is not valid: expected \"yes\" or \"no\""),
                                ))
                            }
                        };
                        current = Some(Current {
                            unit: Reviewed {
                                id,
                                line,
                                source: String::new(),
                                target: Segment::default(),
                                approved,
                                state: None,
                                drafted: attribute(e, "tilmech:drafted"),
                                source_codes: Vec::new(),
                                target_codes: Vec::new(),
                            },
                            part: None,
                            source: Segment::default(),
                            saw_target: false,
                            saw_segment: false,
                            open_g: Vec::new(),
                            next_i: 0,
                            inline_bytes: [0, 0],
                        });
                    }
                    "segment"
                        if dialect.version == Version::V2_0
                            && stack.last().is_some_and(|n| n == "unit") =>
                    {
                        // The <unit> open here set `current`: units do not nest,
                        // so there is no <segment> outside one to refuse.
                        if let Some(cur) = current.as_mut() {
                            if cur.saw_segment {
                                return Err(fail(
                                    lines.at(pos),
                                    format!(
                                        "unit `{}` has a second <segment>: expected one per unit, as drafted (canResegment=\"no\"), since the unit's id names the sentence",
                                        cur.unit.id
                                    ),
                                ));
                            }
                            cur.saw_segment = true;
                            let state = attribute(e, "state").unwrap_or_else(|| "initial".into());
                            cur.unit.state = Some(
                                check_state(dialect, &state, &cur.unit.id)
                                    .map_err(|m| fail(lines.at(pos), m))?,
                            );
                            cur.unit.approved = dialect.reviewed.contains(&state.as_str());
                        }
                    }
                    "source" | "target" if stack.last().is_some_and(|n| n == dialect.holder) => {
                        let Some(cur) = current.as_mut() else {
                            return Err(fail(
                                lines.at(pos),
                                format!(
                                    "<{name}> outside a <{}>: expected it inside one",
                                    dialect.unit
                                ),
                            ));
                        };
                        let part = if name == "source" {
                            Part::Source
                        } else {
                            Part::Target
                        };
                        if part == Part::Target {
                            if cur.saw_target {
                                return Err(fail(
                                    lines.at(pos),
                                    format!(
                                        "{} `{}` has a second <target>: expected one",
                                        dialect.unit, cur.unit.id
                                    ),
                                ));
                            }
                            cur.saw_target = true;
                            let state =
                                attribute(e, "state").filter(|_| dialect.version == Version::V1_2);
                            if let Some(state) = state {
                                let state = check_state(dialect, &state, &cur.unit.id)
                                    .map_err(|m| fail(lines.at(pos), m))?;
                                if dialect.reviewed.contains(&state.as_str()) {
                                    cur.unit.approved = true;
                                }
                                cur.unit.state = Some(state);
                            }
                        }
                        if is_start {
                            cur.part = Some((part, 0));
                            // TMX numbers a segment's pairs from 1.
                            cur.next_i = 0;
                        }
                    }
                    _ => {}
                }
                if is_start {
                    stack.push(name);
                    too_deep(&stack, limits).map_err(|m| fail(lines.at(pos), m))?;
                }
            }
            Xml::Text(t) => {
                let value = t
                    .unescape()
                    .map_err(|e| fail(lines.at(pos), format!("bad character reference: {e}")))?;
                if let Some(cur) = current.as_mut() {
                    if let Some((part, _)) = cur.part {
                        if let Some(m) =
                            over_limit(cur, part, value.len(), false, limits, dialect.unit)
                        {
                            return Err(fail(lines.at(pos), m));
                        }
                        cur.segment(part).text.push_str(&value);
                    }
                }
            }
            Xml::CData(t) => {
                if let Some(cur) = current.as_mut() {
                    if let Some((part, _)) = cur.part {
                        if let Some(m) = over_limit(cur, part, t.len(), false, limits, dialect.unit)
                        {
                            return Err(fail(lines.at(pos), m));
                        }
                        cur.segment(part)
                            .text
                            .push_str(&String::from_utf8_lossy(&t));
                    }
                }
            }
            Xml::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if stack.pop().as_deref() != Some(name.as_str()) {
                    return Err(fail(lines.at(pos), format!("unexpected </{name}>")));
                }
                if let Some(cur) = current.as_mut() {
                    match cur.part {
                        Some((part, 0)) => {
                            cur.part = None;
                            if part == Part::Source {
                                cur.unit.source = std::mem::take(&mut cur.source.text);
                            }
                        }
                        Some((part, depth)) => {
                            cur.part = Some((part, depth - 1));
                            if name == dialect.paired {
                                let (i, key) = cur.open_g.pop().unwrap_or_default();
                                cur.codes(part).push(Code {
                                    key: format!("/{key}"),
                                    written: format!("</{name}>"),
                                });
                                cur.push_tag(part, format!("<ept i=\"{i}\">&lt;/{name}&gt;</ept>"));
                            }
                        }
                        None => {}
                    }
                }
                if name == dialect.unit {
                    if let Some(cur) = current.take() {
                        file.units.push(cur.unit);
                    }
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(fail(
            lines.at(text.len() as u64),
            format!("the file ends inside <{open}>: expected </{open}>"),
        ));
    }
    if files == 0 || file.from.is_empty() || file.to.is_empty() {
        let expected = match dialect.version {
            Version::V1_2 => "expected a <file> with source-language and target-language",
            Version::V2_0 => "expected <xliff srcLang=… trgLang=…> and a <file>",
        };
        return Err(fail((0, 0), expected.into()));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::{read_with, Lines};
    use crate::limits::Limits;

    #[test]
    fn positions_are_found_forwards_and_again_after_looking_back() {
        let text = "ab\nжд\n\nx";
        let lines = Lines::new(text);
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(5), (2, 2), "after one two-byte letter");
        assert_eq!(lines.at(8), (3, 1));
        assert_eq!(lines.at(9), (4, 1));
        assert_eq!(lines.at(1), (1, 2), "looking back");
        assert_eq!(lines.at(100), (4, 2), "past the end clamps to it");
    }

    /// The error of reading a one-unit XLIFF 1.2 file whose target is
    /// `target`, within `limits`, if any.
    fn read_target(name: &str, target: &str, limits: &Limits) -> Option<String> {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/test-tmp")
            .join(format!("xliff-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("t.ru.xlf");
        std::fs::write(
            &file,
            format!("<xliff version=\"1.2\"><file original=\"e.toml\" source-language=\"en\" target-language=\"ru\"><body>\n<trans-unit id=\"p1.s1\"><source>One.</source><target>{target}</target></trans-unit>\n</body></file></xliff>\n"),
        )
        .unwrap();
        let read = read_with(&file, limits).err().map(|e| e.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        read
    }

    #[test]
    fn inline_markup_counts_towards_a_segments_size_and_element_limits() {
        let limits = Limits {
            segment_bytes: 400,
            inline_tags: 10,
            ..Limits::default()
        };
        // Ten placeholders of 23 bytes kept are within both limits; the
        // text after them is not, as the markup held counts.
        let ten = "<x id=\"1\"/>".repeat(10);
        assert_eq!(read_target("ten", &ten, &limits), None);
        let over = read_target(
            "ten-and-text",
            &format!("{ten}{}", "a".repeat(200)),
            &limits,
        );
        assert!(over.unwrap().contains("larger than the limit of 400 bytes"));
        let eleven = read_target("eleven", &"<x id=\"1\"/>".repeat(11), &limits);
        assert!(eleven.unwrap().contains("has more than 10 inline elements"));
        // An opaque element is measured with its content.
        let ph = format!("<ph id=\"1\">{}</ph>", "b".repeat(390));
        let whole = read_target("opaque", &ph, &limits).unwrap();
        assert!(
            whole.contains("t.ru.xlf:2:53: <target> of trans-unit `p1.s1` is larger"),
            "{whole}"
        );
    }
}

//! XLIFF 1.2 for translators: one `<trans-unit>` per segment with the
//! pre-filled target and its state, up to three `<alt-trans>` candidates
//! and a note with the diff; and the reader for the reviewed file.
//!
//! States written: context and exact matches `translated` (qualifier
//! `exact-match`), fuzzy suggestions `needs-review-translation`
//! (`fuzzy-match`), no match `needs-translation` with the source copied.
//! A segment counts as approved on import when its target state is `final`
//! or `signed-off`, or the unit has `approved="yes"`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event as Xml;
use quick_xml::Reader;

use super::{Category, Draft};
use crate::tm::diff;
use crate::xml::escape;

/// Writes `draft` as an XLIFF 1.2 document; `original` names the event file.
pub fn write(draft: &Draft, original: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"tilmech\">\n    <header>\n      <tool tool-id=\"tilmech\" tool-name=\"tilmech\" tool-version=\"{}\"/>\n    </header>\n    <body>\n",
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
            let (state, qualifier) = match s.category {
                Category::Context | Category::Exact => ("translated", Some("exact-match")),
                Category::Fuzzy => ("needs-review-translation", Some("fuzzy-match")),
                Category::None => ("needs-translation", None),
            };
            let qualifier = qualifier
                .map(|q| format!(" state-qualifier=\"{q}\""))
                .unwrap_or_default();
            let _ = write!(
                out,
                "        <trans-unit id=\"{}\" xml:space=\"preserve\">\n          <source xml:lang=\"{}\">{}</source>\n          <target xml:lang=\"{}\" state=\"{state}\"{qualifier}>{}</target>\n",
                s.id,
                escape(&draft.from),
                escape(&s.source),
                escape(&draft.to),
                escape(&s.target)
            );
            if let Some(best) = s.candidates.first() {
                let _ = writeln!(
                    out,
                    "          <note from=\"tilmech\">{} match {}: stored source changed as [-deleted-]{{+inserted+}}: {}</note>",
                    s.category.as_str(),
                    best.score,
                    escape(&diff::render(&best.diff, false))
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

/// A segment read back from a reviewed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// The trans-unit id (`p3.s2`).
    pub id: String,
    /// 1-based line of the trans-unit, for messages.
    pub line: usize,
    /// The source text.
    pub source: String,
    /// The target text.
    pub target: String,
    /// Whether the translator approved it (state final/signed-off or approved="yes").
    pub approved: bool,
}

/// A reviewed XLIFF file.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    /// The event file the draft was made from.
    pub original: String,
    /// Source language.
    pub from: String,
    /// Target language.
    pub to: String,
    /// The reviewer, from the last `<phase contact-name=…>`, if any.
    pub reviewer: Option<String>,
    /// The segments in file order.
    pub units: Vec<Reviewed>,
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

/// Reads a reviewed XLIFF 1.2 file written by [`write()`] (or edited by a CAT tool).
pub fn read(path: &Path) -> Result<ReviewFile, XliffError> {
    let fail = |line: usize, column: usize, message: String| XliffError {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| fail(0, 0, format!("cannot read: {e}")))?;
    let at = |pos: u64| crate::event::line_col(&text, pos as usize);
    let mut reader = Reader::from_str(&text);
    let mut file = ReviewFile {
        original: String::new(),
        from: String::new(),
        to: String::new(),
        reviewer: None,
        units: Vec::new(),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<Reviewed> = None;
    let mut state_final = false;
    let mut saw_file = false;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            let (l, c) = at(reader.error_position());
            fail(l, c, format!("not well-formed XML: {e}"))
        })?;
        let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == name.as_bytes())
                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        };
        match event {
            Xml::Start(ref e) | Xml::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let in_alt = stack.iter().any(|n| n == "alt-trans");
                match name.as_str() {
                    "xliff" if stack.is_empty() && attr(e, "version").as_deref() != Some("1.2") => {
                        let (l, c) = at(pos);
                        return Err(fail(l, c, "expected <xliff version=\"1.2\">".into()));
                    }
                    "xliff" if stack.is_empty() => {}
                    _ if stack.is_empty() => {
                        let (l, c) = at(pos);
                        return Err(fail(
                            l,
                            c,
                            format!("expected the root element <xliff>, found <{name}>"),
                        ));
                    }
                    "file" => {
                        saw_file = true;
                        file.original = attr(e, "original").unwrap_or_default();
                        file.from = attr(e, "source-language").unwrap_or_default();
                        file.to = attr(e, "target-language").unwrap_or_default();
                    }
                    "phase" => {
                        if let Some(who) = attr(e, "contact-name") {
                            file.reviewer = Some(who);
                        }
                    }
                    "trans-unit" => {
                        let (line, col) = at(pos);
                        let Some(id) = attr(e, "id") else {
                            return Err(fail(
                                line,
                                col,
                                "<trans-unit> without an id: expected id=\"p1.s1\"".into(),
                            ));
                        };
                        state_final = attr(e, "approved").as_deref() == Some("yes");
                        current = Some(Reviewed {
                            id,
                            line,
                            source: String::new(),
                            target: String::new(),
                            approved: false,
                        });
                    }
                    "target" if !in_alt && current.is_some() => {
                        if matches!(attr(e, "state").as_deref(), Some("final" | "signed-off")) {
                            state_final = true;
                        }
                    }
                    _ => {}
                }
                if matches!(event, Xml::Start(_)) {
                    stack.push(name);
                }
            }
            Xml::Text(t) => {
                let in_alt = stack.iter().any(|n| n == "alt-trans");
                let value = t.unescape().map_err(|e| {
                    let (l, c) = at(pos);
                    fail(l, c, format!("bad character reference: {e}"))
                })?;
                if let (Some(u), Some(top), false) = (current.as_mut(), stack.last(), in_alt) {
                    match top.as_str() {
                        "source" => u.source.push_str(&value),
                        "target" => u.target.push_str(&value),
                        _ => {}
                    }
                }
            }
            Xml::CData(t) => {
                if let (Some(u), Some(top)) = (current.as_mut(), stack.last()) {
                    let value = String::from_utf8_lossy(&t).into_owned();
                    match top.as_str() {
                        "source" => u.source.push_str(&value),
                        "target" => u.target.push_str(&value),
                        _ => {}
                    }
                }
            }
            Xml::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if stack.pop().as_deref() != Some(name.as_str()) {
                    let (l, c) = at(pos);
                    return Err(fail(l, c, format!("unexpected </{name}>")));
                }
                if name == "trans-unit" {
                    if let Some(mut u) = current.take() {
                        u.approved = state_final;
                        file.units.push(u);
                    }
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        let (l, c) = at(text.len() as u64);
        return Err(fail(
            l,
            c,
            format!(
                "the file ends inside <{}>: expected </{}>",
                stack.last().unwrap(),
                stack.last().unwrap()
            ),
        ));
    }
    if !saw_file || file.from.is_empty() || file.to.is_empty() {
        return Err(fail(
            0,
            0,
            "expected a <file> with source-language and target-language".into(),
        ));
    }
    Ok(file)
}

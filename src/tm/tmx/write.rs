//! Writing units as TMX 1.4b: the header tilmech stamps, one `<tu>` per
//! unit with its provenance, and inline markup put back at its offsets.

use std::io::{self, BufWriter, Write};

use super::format_tmx_date;
use crate::tm::unit::{Segment, Unit};
use crate::xml::escape_into;

/// Counts from [`write()`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Units written.
    pub written: usize,
    /// Units left out for having too few of the requested languages.
    pub skipped: usize,
}

/// Writes `units` as a TMX 1.4b document to `out`.
///
/// `langs` selects languages (primary subtags, compared case-insensitively);
/// empty means every language. With one language requested a unit is
/// written when it has it; with two or more, a unit needs at least two of
/// them, because a unit in one language is no translation to exchange. With
/// `langs` empty every unit with a segment is written, so nothing is lost.
/// `srclang` goes into the header (`en`, or `*all*`).
///
/// Dates and author are written when the unit knows them, never invented.
/// Characters that XML 1.0 cannot carry (most C0 controls) are dropped.
pub fn write(
    out: impl Write,
    units: impl IntoIterator<Item = Unit>,
    langs: &[String],
    srclang: &str,
) -> io::Result<WriteStats> {
    let wanted: Vec<String> = langs.iter().map(|l| l.to_ascii_lowercase()).collect();
    let needed = wanted.len().min(2);
    let mut out = BufWriter::new(out);
    let mut stats = WriteStats::default();
    let mut buf = String::new();
    buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    buf.push_str("  <header creationtool=\"tilmech\" creationtoolversion=\"");
    escape_into(&mut buf, env!("CARGO_PKG_VERSION"), true);
    buf.push_str("\" segtype=\"sentence\" o-tmf=\"tilmech\" adminlang=\"en\" srclang=\"");
    escape_into(&mut buf, srclang, true);
    buf.push_str("\" datatype=\"plaintext\"/>\n  <body>\n");
    out.write_all(buf.as_bytes())?;
    for (n, unit) in units.into_iter().enumerate() {
        let segments: Vec<(&String, &Segment)> = unit
            .segments
            .iter()
            .filter(|(lang, _)| wanted.is_empty() || wanted.contains(&lang.to_ascii_lowercase()))
            .collect();
        if segments.is_empty() || segments.len() < needed {
            stats.skipped += 1;
            continue;
        }
        buf.clear();
        write_tu(&mut buf, &unit, &segments).map_err(|what| {
            io::Error::new(io::ErrorKind::InvalidInput, format!("unit {n}: {what}"))
        })?;
        out.write_all(buf.as_bytes())?;
        stats.written += 1;
    }
    out.write_all(b"  </body>\n</tmx>\n")?;
    out.flush()?;
    Ok(stats)
}

fn write_tu(buf: &mut String, unit: &Unit, segments: &[(&String, &Segment)]) -> Result<(), String> {
    let p = &unit.provenance;
    buf.push_str("    <tu");
    if let (Some(doc), Some(pos)) = (&p.document, p.position) {
        attr(buf, "tuid", &format!("{doc}:{pos}"));
    }
    for (name, value) in [("creationdate", &p.created), ("changedate", &p.changed)] {
        if let Some(value) = value {
            let date = format_tmx_date(value)
                .ok_or_else(|| format!("{name} `{value}` is not an RFC 3339 timestamp"))?;
            attr(buf, name, &date);
        }
    }
    if let Some(author) = &p.author {
        attr(buf, "creationid", author);
    }
    buf.push_str(">\n");
    let position = p.position.map(|n| n.to_string());
    for (kind, value) in [
        ("x-document", p.document.as_ref()),
        ("x-position", position.as_ref()),
        ("x-status", p.status.as_ref()),
    ] {
        if let Some(value) = value {
            buf.push_str("      <prop type=\"");
            buf.push_str(kind);
            buf.push_str("\">");
            escape_into(buf, value, false);
            buf.push_str("</prop>\n");
        }
    }
    for (lang, segment) in segments {
        buf.push_str("      <tuv");
        attr(buf, "xml:lang", lang);
        buf.push_str(">\n        <seg");
        if !is_normal_space(&segment.text) {
            buf.push_str(" xml:space=\"preserve\"");
        }
        buf.push('>');
        seg_content(buf, segment);
        buf.push_str("</seg>\n      </tuv>\n");
    }
    buf.push_str("    </tu>\n");
    Ok(())
}

/// The segment's text, escaped, with its inline tags back at their offsets.
fn seg_content(buf: &mut String, segment: &Segment) {
    let text = &segment.text;
    let mut tags: Vec<_> = segment.inline.iter().collect();
    // Stable: tags at the same offset keep their order.
    tags.sort_by_key(|t| t.offset);
    let mut done = 0;
    for tag in tags {
        let mut at = tag.offset.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let at = at.max(done);
        escape_into(buf, &text[done..at], false);
        buf.push_str(&tag.xml);
        done = at;
    }
    escape_into(buf, &text[done..], false);
}

fn attr(buf: &mut String, name: &str, value: &str) {
    buf.push(' ');
    buf.push_str(name);
    buf.push_str("=\"");
    escape_into(buf, value, true);
    buf.push('"');
}

/// Whether the reader's default white-space handling leaves `text` as it is.
fn is_normal_space(text: &str) -> bool {
    !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.contains(['\t', '\n', '\r'])
}

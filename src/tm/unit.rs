//! The unit of a translation memory: one segment per language plus where it
//! came from. Every reader (TMX, TSV, aligner, review import) produces these
//! and every store keeps them.

use std::collections::BTreeMap;

/// A translation unit: the same sentence in several languages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// Segments by language code (lowercase primary subtag: `en`, `ru`, `ky`, `fr`…).
    pub segments: BTreeMap<String, Segment>,
    /// Where the unit came from and what state it is in.
    pub provenance: Provenance,
}

/// One language's text of a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// The plain text, inline markup removed; what matching and display use.
    pub text: String,
    /// Inline markup removed from `text`, kept so that export restores it.
    pub inline: Vec<InlineTag>,
}

/// An inline element (TMX `bpt ept it ph hi sub ut`) kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineTag {
    /// Byte offset in [`Segment::text`] where the element stood.
    pub offset: usize,
    /// The element exactly as it is written in TMX (e.g. `<ph x="1">&lt;br/&gt;</ph>`).
    pub xml: String,
}

/// Where a unit came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The document it was taken from (a release file stem, a TMX file name).
    pub document: Option<String>,
    /// Position of the unit in that document, from 0, so the previous unit is known.
    pub position: Option<u32>,
    /// Who made or last changed it.
    pub author: Option<String>,
    /// `aligned`, `imported`, `reviewed`…
    pub status: Option<String>,
    /// Creation time, RFC 3339 UTC (`2021-06-03T10:00:00Z`).
    pub created: Option<String>,
    /// Last change time, RFC 3339 UTC.
    pub changed: Option<String>,
}

/// The time now as [`Provenance`] stores it: RFC 3339 UTC, whole seconds.
pub fn now_stamp() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

impl Segment {
    /// A segment of plain text with no inline markup.
    pub fn plain(text: impl Into<String>) -> Segment {
        Segment {
            text: text.into(),
            inline: Vec::new(),
        }
    }
}

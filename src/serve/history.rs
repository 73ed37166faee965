//! Every version of a segment confirmed in the review view: who, when,
//! what. One append-only journal per event,
//! `<project>/.tilmech/history/<event>.jsonl`, one JSON record a line.
//!
//! Kept in the project rather than in the memory so that it works the same
//! over any memory backend (the memory keeps units, merged by text; it is
//! not a log of who confirmed what when), stays in the project's data
//! folder beside the default memory, and can be read with any text tool. Records are appended and synced
//! ([`crate::fsutil::append_synced`]); a record torn by a kill mid-write is
//! the last line, and readers skip it (the next append starts a new line).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::project::Project;

/// One confirmed version of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 1-based number of the record in its journal.
    pub seq: u64,
    /// The target language.
    pub lang: String,
    /// The segment (`p3.s2`).
    pub id: String,
    /// The source sentence it translates.
    pub source: String,
    /// The confirmed translation.
    pub target: String,
    /// Who confirmed it.
    pub user: String,
    /// When, RFC 3339 UTC.
    pub time: String,
    /// Blocking quality checks the reviewer overrode.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<String>,
    /// The record this one restores, for a revert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revert_of: Option<u64>,
}

/// The journal of event `name`.
pub fn path(project: &Project, name: &str) -> PathBuf {
    project
        .root
        .join(".tilmech/history")
        .join(format!("{name}.jsonl"))
}

/// A journal's records, and whether its last line is torn (so that an
/// append after a torn record starts on a line of its own).
#[derive(Debug, Default)]
pub struct Journal {
    /// The records in order.
    pub entries: Vec<Entry>,
    torn_end: bool,
}

/// Reads the journal at `path` (empty when it does not exist), skipping a
/// line that does not parse.
pub fn read(path: &std::path::Path) -> std::io::Result<Journal> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let entries = text
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    Ok(Journal {
        entries,
        torn_end: !text.is_empty() && !text.ends_with('\n'),
    })
}

impl Journal {
    /// The records of segment `id` in `lang`, oldest first.
    pub fn of<'a>(&'a self, lang: &'a str, id: &'a str) -> impl Iterator<Item = &'a Entry> {
        self.entries
            .iter()
            .filter(move |e| e.lang == lang && e.id == id)
    }

    /// The number the next record gets.
    pub fn next_seq(&self) -> u64 {
        self.entries.last().map_or(1, |e| e.seq + 1)
    }

    /// Appends `entries` to the journal at `path` in one synced write.
    pub fn append(&mut self, path: &std::path::Path, entries: &[Entry]) -> std::io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = if self.torn_end {
            "\n".to_string()
        } else {
            String::new()
        };
        for e in entries {
            text.push_str(&serde_json::to_string(e).expect("plain data serialises"));
            text.push('\n');
        }
        crate::fsutil::append_synced(path, text.as_bytes())?;
        self.entries.extend_from_slice(entries);
        self.torn_end = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64, target: &str) -> Entry {
        Entry {
            seq,
            lang: "ru".into(),
            id: "p1.s1".into(),
            source: "It agreed.".into(),
            target: target.into(),
            user: "aigul".into(),
            time: "2027-01-20T10:00:00Z".into(),
            overridden: Vec::new(),
            revert_of: None,
        }
    }

    #[test]
    fn a_record_torn_by_a_kill_is_skipped_and_the_next_append_keeps_its_own_line() {
        let dir = std::env::temp_dir().join(format!("tilmech-history-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("e.jsonl");
        let mut journal = read(&path).unwrap();
        journal
            .append(&path, &[entry(1, "Оно согласилось.")])
            .unwrap();
        // A kill in the middle of the second record's write.
        let torn = serde_json::to_string(&entry(2, "Согласилось.")).unwrap();
        crate::fsutil::append_synced(&path, &torn.as_bytes()[..torn.len() / 2]).unwrap();
        let mut journal = read(&path).unwrap();
        assert_eq!(journal.entries.len(), 1);
        journal
            .append(&path, &[entry(2, "Они согласились.")])
            .unwrap();
        let again = read(&path).unwrap();
        let targets: Vec<&str> = again.entries.iter().map(|e| e.target.as_str()).collect();
        assert_eq!(targets, ["Оно согласилось.", "Они согласились."]);
        assert_eq!(again.next_seq(), 3);
        let _ = std::fs::remove_dir_all(dir);
    }
}

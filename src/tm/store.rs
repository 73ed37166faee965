//! Keeping translation units: the [`Store`] interface and its SQLite
//! implementation, [`SqliteStore`].
//!
//! # Schema (version 1, in `PRAGMA user_version`)
//!
//! - `units(id, document, position, author, status, created, changed)`
//! - `segments(unit_id, lang, text, inline, key)`: one row per language of a
//!   unit; `inline` is the inline markup as JSON (`[[offset, xml], …]`), `key`
//!   a 64-bit FNV-1a hash of the [normalised](score::normalize) text, indexed,
//!   by which duplicates are found (the texts are then compared, so a hash
//!   collision cannot merge different units). Text is stored once.
//! - `meta(key, value)`: `generation`, bumped by every write, so a persisted
//!   index can tell it is stale.
//!
//! The database runs in WAL mode.
//!
//! A batch into an empty memory (the first, usually largest, import) is
//! written into a new file without `segments_by_key`, finding duplicates
//! through a hash map in memory instead: every insert is then an append,
//! where keeping the index up to date costs a random B-tree page per segment
//! and made a million-unit import take 80 s instead of 20. That file has no
//! journal and is renamed over the memory when complete, so every page is
//! written once (see `SqliteStore::insert_fresh`).
//!
//! # Duplicates are merged
//!
//! An incoming unit *U* is merged into an existing unit *E* when they share at
//! least one language with the same normalised text and no shared language
//! has different texts. *U*'s extra languages are added to *E* (and *E*'s
//! `changed` time is updated); *E*'s other provenance is kept. When several
//! units qualify, the oldest (lowest id) wins. So importing the same file
//! twice changes nothing, and an en–ky file after an en–ru file with the same
//! English and no conflicting text completes the en–ru units with Kyrgyz.
//! A unit that conflicts (same English, different Russian) is a new unit:
//! both translations are kept and lookup shows both.
//!
//! # Writes are transactional
//!
//! [`Store::insert_batch`] runs in one transaction: if any item of the input
//! is an error, or the process dies part-way, the memory is exactly as it
//! was before.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap;

use super::score;
use super::unit::{InlineTag, Provenance, Segment, Unit};

/// The schema version this code writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

/// A unit's id in its store.
pub type UnitId = i64;

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or queried.
    #[error("translation memory {path}: {source}")]
    Db {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The database's schema is newer than this program.
    #[error("translation memory {path} has schema version {found}; this tilmech reads version {SCHEMA_VERSION} or older (upgrade tilmech)")]
    Version {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
    },
    /// The input of a batch failed; nothing of the batch was kept.
    #[error("{cause}; nothing was imported")]
    Input {
        /// The reader's error (not a `source`: the message already holds it).
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A unit without any segment.
    #[error("unit {index} of the input has no text in any language; nothing was imported")]
    EmptyUnit {
        /// Its 0-based index in the batch.
        index: usize,
    },
    /// Another process wrote to the memory while a first import ran.
    #[error("translation memory {path} received units from another process during the import; nothing was imported, run it again")]
    Busy {
        /// The database file.
        path: PathBuf,
    },
    /// The parent directory could not be made.
    #[error("cannot create {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Units read from the input.
    pub read: usize,
    /// New units stored.
    pub added: usize,
    /// Units that added languages to an existing unit.
    pub merged: usize,
    /// Units already present in full.
    pub duplicates: usize,
}

/// A unit ready to be stored: the normalised text and duplicate key of
/// each of its non-empty segments are computed when it is made, so that a
/// bulk import computes them on its reading thread, beside the storing one
/// (normalising was the largest single cost of the storing loop).
#[derive(Debug, Clone)]
pub struct Prepared {
    unit: Unit,
    /// (normalised text, [`text_key`]) of each non-empty segment, in the
    /// order of `unit.segments`.
    norms: Vec<(String, i64)>,
}

impl From<Unit> for Prepared {
    fn from(unit: Unit) -> Prepared {
        let norms = non_empty(&unit)
            .map(|(_, s)| {
                let norm = score::normalize(&s.text);
                let key = text_key(&norm);
                (norm, key)
            })
            .collect();
        Prepared { unit, norms }
    }
}

impl Prepared {
    /// (language, segment, normalised text, key) of each non-empty segment.
    fn incoming(&self) -> impl Iterator<Item = Incoming<'_>> + Clone {
        non_empty(&self.unit)
            .zip(&self.norms)
            .map(|((lang, seg), (norm, key))| Incoming {
                lang,
                seg,
                norm,
                key: *key,
            })
    }
}

fn non_empty(unit: &Unit) -> impl Iterator<Item = (&str, &Segment)> + Clone {
    unit.segments
        .iter()
        .filter(|(_, s)| !s.text.trim().is_empty())
        .map(|(l, s)| (l.as_str(), s))
}

/// One segment of a [`Prepared`] unit, as placing and inserting use it.
#[derive(Clone, Copy)]
struct Incoming<'a> {
    lang: &'a str,
    seg: &'a Segment,
    norm: &'a str,
    key: i64,
}

/// Size and content of a memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Number of units.
    pub units: u64,
    /// Units per language.
    pub languages: BTreeMap<String, u64>,
    /// Units per language pair (first code sorts first).
    pub pairs: BTreeMap<(String, String), u64>,
    /// Bytes on disk (database plus write-ahead log).
    pub bytes: u64,
}

/// The operations a translation-memory backend offers. SQLite is the only
/// one now; a shared PostgreSQL backend will implement the same.
pub trait Store {
    /// Opens the memory at `location` (a file path here; a connection URL
    /// for a server backend), creating it when absent.
    fn open(location: &str) -> Result<Self, StoreError>
    where
        Self: Sized;
    /// Stores every unit of `units` in one transaction, merging duplicates;
    /// on the first `Err` nothing of the batch is kept.
    fn insert_batch<I, E>(&mut self, units: I) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<Unit, E>>,
        E: std::error::Error + Send + Sync + 'static;
    /// The unit with id `id`.
    fn get(&self, id: UnitId) -> Result<Option<Unit>, StoreError>;
    /// Calls `f` with the id and text of every segment in `lang`, in id order.
    fn for_each_segment(
        &self,
        lang: &str,
        f: &mut dyn FnMut(UnitId, &str),
    ) -> Result<(), StoreError>;
    /// Calls `f` with every unit, in id order.
    fn for_each_unit(&self, f: &mut dyn FnMut(UnitId, Unit)) -> Result<(), StoreError>;
    /// The unit just before `id` in its document (by position), if known.
    fn previous(&self, id: UnitId) -> Result<Option<Unit>, StoreError>;
    /// Units with a segment containing `phrase` (case-insensitive), in `lang`
    /// or any language, at most `limit`.
    fn search(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(UnitId, Unit)>, StoreError>;
    /// Counts per language and pair, and the size on disk.
    fn stats(&self) -> Result<Stats, StoreError>;
    /// A number that changes with every write, for cache invalidation.
    fn generation(&self) -> Result<u64, StoreError>;
}

/// A translation memory in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (creating it and its parent directories when absent) the memory at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Db {
            path: path.to_path_buf(),
            source,
        })?;
        let store = SqliteStore {
            conn,
            path: path.to_path_buf(),
        };
        store.init()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db<T>(&self, r: rusqlite::Result<T>) -> Result<T, StoreError> {
        r.map_err(|source| StoreError::Db {
            path: self.path.clone(),
            source,
        })
    }

    fn init(&self) -> Result<(), StoreError> {
        let version: i64 = self.db(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Version {
                path: self.path.clone(),
                found: version,
            });
        }
        self.db(self.conn.pragma_update(None, "journal_mode", "WAL"))?;
        self.db(self.conn.pragma_update(None, "foreign_keys", "ON"))?;
        self.db(self.conn.busy_timeout(std::time::Duration::from_secs(10)))?;
        if version == 0 {
            // The generation starts at the creation time in microseconds, not
            // 0: a memory deleted and made anew must not match an index file
            // left over from the old one.
            let seed = jiff::Timestamp::now().as_microsecond();
            let create = || -> rusqlite::Result<()> {
                let tx = self.conn.unchecked_transaction()?;
                tx.execute_batch(TABLES)?;
                tx.execute_batch(KEY_INDEX)?;
                tx.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('generation', ?1)",
                    [seed],
                )?;
                tx.commit()
            };
            self.db(create())?;
        }
        Ok(())
    }

    fn load(conn: &Connection, id: UnitId) -> rusqlite::Result<Option<Unit>> {
        // Cached statements: a lookup reads a handful of units, and preparing
        // costs as much as the read.
        let provenance = conn
            .prepare_cached(
                "SELECT document, position, author, status, created, changed FROM units WHERE id = ?1",
            )?
            .query_row([id], |r| {
                    Ok(Provenance {
                        document: r.get(0)?,
                        position: r.get(1)?,
                        author: r.get(2)?,
                        status: r.get(3)?,
                        created: r.get(4)?,
                        changed: r.get(5)?,
                    })
            })
            .optional()?;
        let Some(provenance) = provenance else {
            return Ok(None);
        };
        let mut stmt =
            conn.prepare_cached("SELECT lang, text, inline FROM segments WHERE unit_id = ?1")?;
        let segments = stmt
            .query_map([id], |r| {
                let inline: Option<String> = r.get(2)?;
                Ok((
                    r.get::<_, String>(0)?,
                    Segment {
                        text: r.get(1)?,
                        inline: inline.as_deref().map(inline_from_json).unwrap_or_default(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(Unit {
            segments,
            provenance,
        }))
    }
}

fn inline_to_json(tags: &[InlineTag]) -> Option<String> {
    if tags.is_empty() {
        return None;
    }
    let pairs: Vec<(usize, &str)> = tags.iter().map(|t| (t.offset, t.xml.as_str())).collect();
    Some(serde_json::to_string(&pairs).expect("plain data serialises"))
}

fn inline_from_json(json: &str) -> Vec<InlineTag> {
    serde_json::from_str::<Vec<(usize, String)>>(json)
        .map(|v| {
            v.into_iter()
                .map(|(offset, xml)| InlineTag { offset, xml })
                .collect()
        })
        .unwrap_or_default()
}

/// The schema but for the duplicate-key index (see [`KEY_INDEX`]).
const TABLES: &str = "CREATE TABLE IF NOT EXISTS units (
         id INTEGER PRIMARY KEY,
         document TEXT, position INTEGER, author TEXT, status TEXT,
         created TEXT, changed TEXT);
     CREATE TABLE IF NOT EXISTS segments (
         unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
         lang TEXT NOT NULL, text TEXT NOT NULL, inline TEXT,
         key INTEGER NOT NULL,
         UNIQUE (unit_id, lang));
     CREATE INDEX IF NOT EXISTS units_by_place ON units(document, position);
     CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER);
     PRAGMA user_version = 1;";

/// The index by which duplicates are found in a memory that holds units.
const KEY_INDEX: &str = "CREATE INDEX IF NOT EXISTS segments_by_key ON segments(key);";

/// What to do with one incoming unit.
enum Placement {
    New,
    Merge(UnitId, Vec<String>),
    Present,
}

/// Where a batch finds the units an incoming one may duplicate.
enum Seen {
    /// The memory held units before the batch: ask the `segments_by_key` index.
    Database,
    /// The memory was empty: the key index is dropped for the batch (so
    /// inserting is appending) and the batch's own segments are found here,
    /// by a hash of language and normalised text. Each unit's (language,
    /// text) hashes are kept too, so a unit with the same English but a
    /// different Russian is told apart without reading it back.
    Batch(Box<BatchSeen>),
}

/// No next entry in a [`BatchSeen`] chain.
const END: u32 = u32::MAX;

/// The segments of a batch into an empty memory, as chains in flat arrays
/// rather than a vector per text and per unit: a million-unit import would
/// otherwise make three million small allocations.
#[derive(Default)]
struct BatchSeen {
    /// Hash of language and normalised text → first entry in `ids`.
    by_text: FxHashMap<u64, u32>,
    /// (unit id, next entry with the same hash).
    ids: Vec<(UnitId, u32)>,
    /// Unit id → first entry in `sigs`, or [`END`].
    unit_head: Vec<u32>,
    /// (language hash, text hash, next entry of the same unit).
    sigs: Vec<(i64, i64, u32)>,
}

impl Seen {
    fn add(&mut self, seg: Incoming, id: UnitId) {
        if let Seen::Batch(b) = self {
            let next = b.ids.len() as u32;
            let head = b.by_text.entry(lang_key(seg.lang, seg.key)).or_insert(END);
            b.ids.push((id, *head));
            *head = next;
            let slot = usize::try_from(id).expect("row ids are positive");
            if b.unit_head.len() <= slot {
                b.unit_head.resize(slot + 1, END);
            }
            b.sigs
                .push((text_key(seg.lang), seg.key, b.unit_head[slot]));
            b.unit_head[slot] = b.sigs.len() as u32 - 1;
        }
    }
}

fn lang_key(lang: &str, key: i64) -> u64 {
    (key as u64) ^ (text_key(lang) as u64).rotate_left(29)
}

fn place<'a>(
    tx: &Connection,
    seen: &Seen,
    incoming: impl Iterator<Item = Incoming<'a>> + Clone,
) -> rusqlite::Result<Placement> {
    let mut candidates = BTreeSet::new();
    match seen {
        Seen::Database => {
            let mut stmt =
                tx.prepare_cached("SELECT unit_id FROM segments WHERE key = ?1 AND lang = ?2")?;
            for seg in incoming.clone() {
                for id in stmt.query_map(params![seg.key, seg.lang], |r| r.get::<_, UnitId>(0))? {
                    candidates.insert(id?);
                }
            }
        }
        Seen::Batch(b) => {
            for seg in incoming.clone() {
                let mut at = b
                    .by_text
                    .get(&lang_key(seg.lang, seg.key))
                    .copied()
                    .unwrap_or(END);
                while at != END {
                    let (id, next) = b.ids[at as usize];
                    candidates.insert(id);
                    at = next;
                }
            }
            // Different hashes mean different texts: such a unit cannot be
            // merged into. Equal hashes are confirmed on the texts below.
            candidates.retain(|&id| {
                let mut at = b.unit_head.get(id as usize).copied().unwrap_or(END);
                while at != END {
                    let (sl, sk, next) = b.sigs[at as usize];
                    if incoming
                        .clone()
                        .any(|seg| sl == text_key(seg.lang) && sk != seg.key)
                    {
                        return false;
                    }
                    at = next;
                }
                true
            });
        }
    }
    if candidates.is_empty() {
        return Ok(Placement::New);
    }
    let mut stmt = tx.prepare_cached("SELECT lang, text FROM segments WHERE unit_id = ?1")?;
    for id in candidates {
        let existing: BTreeMap<String, String> = stmt
            .query_map([id], |r| {
                Ok((r.get(0)?, score::normalize(r.get_ref(1)?.as_str()?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Some language with the same text, none with a different one.
        let shared = |same: bool| {
            incoming.clone().any(|seg| {
                existing
                    .get(seg.lang)
                    .is_some_and(|e| (e == seg.norm) == same)
            })
        };
        if shared(false) || !shared(true) {
            continue;
        }
        let missing: Vec<String> = incoming
            .clone()
            .filter(|seg| !existing.contains_key(seg.lang))
            .map(|seg| seg.lang.to_string())
            .collect();
        return Ok(if missing.is_empty() {
            Placement::Present
        } else {
            Placement::Merge(id, missing)
        });
    }
    Ok(Placement::New)
}

/// FNV-1a over the normalised text: a compact, stable key for duplicate lookup.
fn text_key(norm: &str) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in norm.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    h as i64
}

fn insert_segment(tx: &Connection, id: UnitId, seg: Incoming) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO segments (unit_id, lang, text, inline, key) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        seg.lang,
        seg.seg.text,
        inline_to_json(&seg.seg.inline),
        seg.key
    ])?;
    Ok(())
}

impl Store for SqliteStore {
    fn open(location: &str) -> Result<Self, StoreError> {
        SqliteStore::open(Path::new(location))
    }

    fn insert_batch<I, E>(&mut self, units: I) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<Unit, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        let units = units.into_iter().map(|u| u.map(Prepared::from));
        self.insert_batch_with(units, &mut |_, _, _| {})
            .map(|(report, _)| report)
    }

    fn get(&self, id: UnitId) -> Result<Option<Unit>, StoreError> {
        self.db(SqliteStore::load(&self.conn, id))
    }

    fn for_each_segment(
        &self,
        lang: &str,
        f: &mut dyn FnMut(UnitId, &str),
    ) -> Result<(), StoreError> {
        let mut run = || -> rusqlite::Result<()> {
            let mut stmt = self
                .conn
                .prepare("SELECT unit_id, text FROM segments WHERE lang = ?1 ORDER BY unit_id")?;
            let mut rows = stmt.query([lang])?;
            while let Some(row) = rows.next()? {
                f(row.get(0)?, row.get_ref(1)?.as_str()?);
            }
            Ok(())
        };
        self.db(run())
    }

    fn for_each_unit(&self, f: &mut dyn FnMut(UnitId, Unit)) -> Result<(), StoreError> {
        let mut run = || -> rusqlite::Result<()> {
            let mut stmt = self.conn.prepare("SELECT id FROM units ORDER BY id")?;
            let ids: Vec<UnitId> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in ids {
                if let Some(unit) = SqliteStore::load(&self.conn, id)? {
                    f(id, unit);
                }
            }
            Ok(())
        };
        self.db(run())
    }

    fn previous(&self, id: UnitId) -> Result<Option<Unit>, StoreError> {
        let prev: Option<UnitId> = self.db(self
            .conn
            .query_row(
                "SELECT p.id FROM units u JOIN units p
                       ON p.document = u.document AND p.position = u.position - 1
                     WHERE u.id = ?1 ORDER BY p.id LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional())?;
        match prev {
            Some(p) => self.get(p),
            None => Ok(None),
        }
    }

    fn search(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(UnitId, Unit)>, StoreError> {
        // SQLite's own case-insensitive matching knows only ASCII; folding
        // here treats Cyrillic like Latin. A full scan, as concordance is rare.
        let needle = score::fold(phrase);
        let run = || -> rusqlite::Result<Vec<(UnitId, Unit)>> {
            let mut stmt = self.conn.prepare(
                "SELECT unit_id, text FROM segments WHERE ?1 IS NULL OR lang = ?1 ORDER BY unit_id",
            )?;
            let mut rows = stmt.query([lang])?;
            let mut ids: Vec<UnitId> = Vec::new();
            while let Some(row) = rows.next()? {
                if ids.len() == limit {
                    break;
                }
                let id: UnitId = row.get(0)?;
                if ids.last() != Some(&id)
                    && score::fold(row.get_ref(1)?.as_str()?).contains(&needle)
                {
                    ids.push(id);
                }
            }
            let mut out = Vec::new();
            for id in ids {
                if let Some(u) = SqliteStore::load(&self.conn, id)? {
                    out.push((id, u));
                }
            }
            Ok(out)
        };
        self.db(run())
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let run = || -> rusqlite::Result<Stats> {
            let mut stats = Stats {
                units: self
                    .conn
                    .query_row("SELECT count(*) FROM units", [], |r| r.get(0))?,
                ..Stats::default()
            };
            let mut stmt = self
                .conn
                .prepare("SELECT lang, count(*) FROM segments GROUP BY lang")?;
            for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (lang, n) = row?;
                stats.languages.insert(lang, n);
            }
            let mut stmt = self.conn.prepare(
                "SELECT a.lang, b.lang, count(*) FROM segments a
                 JOIN segments b ON a.unit_id = b.unit_id AND a.lang < b.lang
                 GROUP BY a.lang, b.lang",
            )?;
            for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
                let (a, b, n) = row?;
                stats.pairs.insert((a, b), n);
            }
            Ok(stats)
        };
        let mut stats = self.db(run())?;
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        stats.bytes = [self.path.as_os_str(), wal.as_os_str()]
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        Ok(stats)
    }

    fn generation(&self) -> Result<u64, StoreError> {
        self.db(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                r.get(0)
            }))
    }
}

/// Places and inserts every unit of `units` through `tx`, which the caller
/// commits or drops.
fn fill<I, E>(
    tx: &Connection,
    mut seen: Seen,
    units: I,
    sink: &mut dyn FnMut(UnitId, &str, &str),
    db: &dyn Fn(rusqlite::Error) -> StoreError,
) -> Result<BatchReport, StoreError>
where
    I: IntoIterator<Item = Result<Prepared, E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    let mut report = BatchReport::default();
    for (index, prepared) in units.into_iter().enumerate() {
        let prepared = prepared.map_err(|e| StoreError::Input { cause: Box::new(e) })?;
        report.read += 1;
        if prepared.norms.is_empty() {
            return Err(StoreError::EmptyUnit { index });
        }
        let unit = &prepared.unit;
        match place(tx, &seen, prepared.incoming()).map_err(db)? {
            Placement::Present => report.duplicates += 1,
            Placement::Merge(id, missing) => {
                for seg in prepared
                    .incoming()
                    .filter(|s| missing.iter().any(|l| l == s.lang))
                {
                    insert_segment(tx, id, seg).map_err(db)?;
                    seen.add(seg, id);
                    sink(id, seg.lang, &seg.seg.text);
                }
                if let Some(changed) = &unit.provenance.changed {
                    tx.execute(
                        "UPDATE units SET changed = max(coalesce(changed, ''), ?2) WHERE id = ?1",
                        params![id, changed],
                    )
                    .map_err(db)?;
                }
                report.merged += 1;
            }
            Placement::New => {
                let p = &unit.provenance;
                tx.prepare_cached(
                    "INSERT INTO units (document, position, author, status, created, changed)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        p.document, p.position, p.author, p.status, p.created, p.changed
                    ])
                })
                .map_err(db)?;
                let id = tx.last_insert_rowid();
                for seg in prepared.incoming() {
                    insert_segment(tx, id, seg).map_err(db)?;
                    seen.add(seg, id);
                    sink(id, seg.lang, &seg.seg.text);
                }
                report.added += 1;
            }
        }
    }
    Ok(report)
}

impl SqliteStore {
    /// [`Store::insert_batch`], calling `sink` with the unit id, language
    /// and text of every segment stored, so a caller can index them as they
    /// go. Also says whether the memory was empty before, when the segments
    /// passed to `sink` are all the memory holds.
    pub fn insert_batch_with<I, E>(
        &mut self,
        units: I,
        sink: &mut dyn FnMut(UnitId, &str, &str),
    ) -> Result<(BatchReport, bool), StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        let empty: bool =
            self.db(self
                .conn
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0)))?;
        if empty {
            return self.insert_fresh(units, sink).map(|r| (r, true));
        }
        let path = self.path.clone();
        let db = |source| StoreError::Db {
            path: path.clone(),
            source,
        };
        // Dropping the transaction without commit rolls it back: every early
        // return below leaves the memory as it was.
        let tx = self.conn.transaction().map_err(db)?;
        let report = fill(&tx, Seen::Database, units, sink, &db)?;
        if report.added + report.merged > 0 {
            tx.execute(
                "UPDATE meta SET value = value + 1 WHERE key = 'generation'",
                [],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)?;
        Ok((report, false))
    }

    /// The memory's file with `suffix` appended to its name.
    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut p = self.path.clone().into_os_string();
        p.push(suffix);
        p.into()
    }

    /// A batch into an empty memory, usually the first and largest import.
    ///
    /// It is written into a new file beside the memory, with no rollback
    /// journal, no write-ahead log and no syncing until the end, and without
    /// the key index (duplicates are found through [`Seen::Batch`]); the
    /// finished file is synced and renamed over the memory. Every page is
    /// written once, where the log wrote it twice. A failed or killed batch
    /// leaves only that file (removed by the next batch), so the memory is
    /// as it was: empty.
    ///
    /// When another connection has the memory open, replacing the file
    /// under it would be wrong, so the new file's rows are copied in, in one
    /// transaction, instead.
    fn insert_fresh<I, E>(
        &mut self,
        units: I,
        sink: &mut dyn FnMut(UnitId, &str, &str),
    ) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        let tmp = self.sibling(".import-tmp");
        let tmp_db = |source| StoreError::Db {
            path: tmp.clone(),
            source,
        };
        let io = |path: &Path, source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        match std::fs::remove_file(&tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&tmp, e)),
            _ => {}
        }
        let generation = self.generation()?;
        let result = (|| {
            let mut conn = Connection::open(&tmp).map_err(tmp_db)?;
            conn.execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                 PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -32768;",
            )
            .map_err(tmp_db)?;
            conn.execute_batch(TABLES).map_err(tmp_db)?;
            let tx = conn.transaction().map_err(tmp_db)?;
            let seen = Seen::Batch(Box::default());
            let report = fill(&tx, seen, units, sink, &tmp_db)?;
            // Sorting two million keys wants more than a small cache.
            tx.execute_batch(&format!(
                "PRAGMA cache_size = -262144; {KEY_INDEX} PRAGMA cache_size = -2000;"
            ))
            .map_err(tmp_db)?;
            tx.execute(
                "INSERT INTO meta VALUES ('generation', ?1)",
                [generation as i64 + 1],
            )
            .map_err(tmp_db)?;
            tx.commit().map_err(tmp_db)?;
            conn.close().map_err(|(_, e)| tmp_db(e))?;
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| io(&tmp, e))?;
            Ok(report)
        })();
        let report = match result {
            Ok(r) if r.added > 0 => r,
            other => {
                let _ = std::fs::remove_file(&tmp);
                return other;
            }
        };
        // Closing the last connection checkpoints and removes the log; if
        // the log is still there, someone else has the memory open.
        let old = std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory().map_err(|e| self_db(&self.path, e))?,
        );
        old.close().map_err(|(_, e)| self_db(&self.path, e))?;
        let shared = self.sibling("-wal").exists();
        if !shared {
            std::fs::rename(&tmp, &self.path).map_err(|e| io(&self.path, e))?;
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                // The rename is durable once the directory is.
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
        }
        self.conn = Connection::open(&self.path).map_err(|e| self_db(&self.path, e))?;
        self.init()?;
        if shared {
            let copied = self.copy_from(&tmp);
            let _ = std::fs::remove_file(&tmp);
            copied?;
        }
        Ok(report)
    }

    /// Copies every row of the memory file `from` into this empty memory,
    /// in one transaction.
    fn copy_from(&mut self, from: &Path) -> Result<(), StoreError> {
        let path = self.path.clone();
        let db = |source| self_db(&path, source);
        self.conn
            .execute("ATTACH DATABASE ?1 AS fresh", [from.to_string_lossy()])
            .map_err(db)?;
        let run = |conn: &mut Connection| -> Result<(), StoreError> {
            let tx = conn.transaction().map_err(db)?;
            let empty: bool = tx
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))
                .map_err(db)?;
            if !empty {
                return Err(StoreError::Busy { path: path.clone() });
            }
            tx.execute_batch(
                "INSERT INTO units SELECT * FROM fresh.units;
                 INSERT INTO segments SELECT * FROM fresh.segments;
                 UPDATE meta SET value = (SELECT value FROM fresh.meta WHERE key = 'generation')
                  WHERE key = 'generation';",
            )
            .map_err(db)?;
            tx.commit().map_err(db)
        };
        let result = run(&mut self.conn);
        let _ = self.conn.execute("DETACH DATABASE fresh", []);
        result
    }
}

fn self_db(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Db {
        path: path.to_path_buf(),
        source,
    }
}

/// Stores `units` in one batch, first filling what their reader left empty
/// from `defaults` (document, author, status, times) and numbering units
/// without a position in input order, so that context matches work for any
/// reader. This is the one import path: TSV and TMX readers both feed it.
pub fn import<S, I, E>(
    store: &mut S,
    units: I,
    defaults: &Provenance,
) -> Result<BatchReport, StoreError>
where
    S: Store,
    I: IntoIterator<Item = Result<Unit, E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    store.insert_batch(with_defaults(units, defaults.clone()))
}

/// `units` with their defaults filled as [`import`] fills them, each
/// [`Prepared`] for [`SqliteStore::insert_batch_with`].
pub fn prepare<I, E>(units: I, defaults: Provenance) -> impl Iterator<Item = Result<Prepared, E>>
where
    I: IntoIterator<Item = Result<Unit, E>>,
{
    with_defaults(units, defaults).map(|u| u.map(Prepared::from))
}

/// `units` with what their reader left empty filled from `defaults`, as
/// [`import`] stores them.
fn with_defaults<I, E>(units: I, defaults: Provenance) -> impl Iterator<Item = Result<Unit, E>>
where
    I: IntoIterator<Item = Result<Unit, E>>,
{
    units.into_iter().enumerate().map(move |(i, unit)| {
        unit.map(|mut u| {
            let p = &mut u.provenance;
            let d = &defaults;
            p.document = p.document.take().or_else(|| d.document.clone());
            p.position = p.position.or(Some(i as u32));
            p.author = p.author.take().or_else(|| d.author.clone());
            p.status = p.status.take().or_else(|| d.status.clone());
            p.created = p.created.take().or_else(|| d.created.clone());
            p.changed = p
                .changed
                .take()
                .or_else(|| p.created.clone())
                .or_else(|| d.changed.clone());
            u
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(pairs: &[(&str, &str)]) -> Unit {
        Unit {
            segments: pairs
                .iter()
                .map(|(l, t)| (l.to_string(), Segment::plain(*t)))
                .collect(),
            provenance: Provenance::default(),
        }
    }

    fn temp_db(name: &str) -> (PathBuf, SqliteStore) {
        let dir = std::env::temp_dir().join(format!("tilmech-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub/tm.sqlite");
        let store = SqliteStore::open(&path).unwrap();
        (dir, store)
    }

    type Never = std::convert::Infallible;

    #[test]
    fn duplicates_merge_and_languages_complete_units() {
        let (dir, mut store) = temp_db("merge");
        let r = store
            .insert_batch([
                Ok::<_, Never>(unit(&[("en", "Hello."), ("ru", "Привет.")])),
                Ok(unit(&[("en", "Hello."), ("ru", "Привет.")])),
                Ok(unit(&[("en", "Hello. "), ("ky", "Салам.")])),
                // Same English, different Russian: a second unit.
                Ok(unit(&[("en", "Hello."), ("ru", "Здравствуйте.")])),
                Ok(unit(&[("fr", "Bonjour."), ("ca", "Bon dia.")])),
            ])
            .unwrap();
        assert_eq!(
            r,
            BatchReport {
                read: 5,
                added: 3,
                merged: 1,
                duplicates: 1
            }
        );
        let first = store.get(1).unwrap().unwrap();
        assert_eq!(
            first.segments.keys().collect::<Vec<_>>(),
            ["en", "ky", "ru"]
        );
        let stats = store.stats().unwrap();
        assert_eq!(stats.units, 3);
        assert_eq!(stats.pairs[&("en".into(), "ru".into())], 2);
        assert_eq!(stats.pairs[&("ca".into(), "fr".into())], 1);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[derive(Debug, thiserror::Error)]
    #[error("line 3: broken")]
    struct Broken;

    #[test]
    fn a_failing_batch_leaves_the_memory_as_it_was() {
        let (dir, mut store) = temp_db("rollback");
        store
            .insert_batch([Ok::<_, Broken>(unit(&[("en", "One."), ("ru", "Один.")]))])
            .unwrap();
        let generation = store.generation().unwrap();
        let err = store
            .insert_batch([
                Ok(unit(&[("en", "Two."), ("ru", "Два.")])),
                Ok(unit(&[("en", "One."), ("ky", "Бир.")])),
                Err(Broken),
                Ok(unit(&[("en", "Three."), ("ru", "Три.")])),
            ])
            .unwrap_err();
        assert!(err.to_string().contains("line 3: broken"), "{err}");
        let stats = store.stats().unwrap();
        assert_eq!(stats.units, 1);
        assert!(!stats.languages.contains_key("ky"));
        assert_eq!(store.generation().unwrap(), generation);
        // A reopened store sees the same.
        drop(store);
        let store = SqliteStore::open(&dir.join("sub/tm.sqlite")).unwrap();
        assert_eq!(store.stats().unwrap().units, 1);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failing_first_batch_leaves_an_empty_memory_and_no_temporary_file() {
        let (dir, mut store) = temp_db("fresh-rollback");
        let generation = store.generation().unwrap();
        let err = store
            .insert_batch([Ok(unit(&[("en", "Two."), ("ru", "Два.")])), Err(Broken)])
            .unwrap_err();
        assert!(err.to_string().contains("line 3: broken"), "{err}");
        assert!(!store.sibling(".import-tmp").exists());
        assert_eq!(store.stats().unwrap().units, 0);
        assert_eq!(store.generation().unwrap(), generation);
        // The next first import works and moves the generation on.
        store
            .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
            .unwrap();
        assert_eq!(store.stats().unwrap().units, 1);
        assert!(store.generation().unwrap() > generation);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_first_import_reaches_other_open_connections() {
        let (dir, mut store) = temp_db("fresh-shared");
        // A second connection keeps the file in use, so it must not be
        // replaced: the rows are copied into it instead.
        let other = SqliteStore::open(&dir.join("sub/tm.sqlite")).unwrap();
        store
            .insert_batch([
                Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")])),
                Ok(unit(&[("en", "Two."), ("ru", "Два.")])),
            ])
            .unwrap();
        assert_eq!(other.stats().unwrap().units, 2);
        assert_eq!(other.generation().unwrap(), store.generation().unwrap());
        assert!(!store.sibling(".import-tmp").exists());
        // Duplicates are found through the key index afterwards.
        let r = store
            .insert_batch([Ok::<_, Never>(unit(&[("en", "Two."), ("ky", "Эки.")]))])
            .unwrap();
        assert_eq!(r.merged, 1);
        drop((store, other));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn search_is_case_insensitive_in_any_script() {
        let (dir, mut store) = temp_db("search");
        store
            .insert_batch([
                Ok::<_, Never>(unit(&[("en", "The OSCE office."), ("ru", "Офис ОБСЕ.")])),
                Ok(unit(&[("en", "Bishkek."), ("ru", "Бишкек.")])),
            ])
            .unwrap();
        assert_eq!(store.search("обсе", None, 10).unwrap().len(), 1);
        assert_eq!(store.search("osce", Some("ru"), 10).unwrap().len(), 0);
        assert_eq!(store.search("OSCE", Some("en"), 10).unwrap()[0].0, 1);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }
}

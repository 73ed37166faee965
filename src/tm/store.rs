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
//! - `meta(key, value)`: `generation`, a random 64-bit number drawn anew by
//!   every write, so a persisted index can tell whether it was built from
//!   exactly this content. A counter would not do: two first imports into
//!   one new memory both counted to the same number, and a memory deleted
//!   and made again counts through the same numbers.
//!
//! The file carries tilmech's mark, `PRAGMA application_id` =
//! [`APPLICATION_ID`]; a file without it is never adopted (a memory made
//! before the mark is recognised by its exact schema and marked). The
//! database runs in WAL mode.
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
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap;

use super::score;
use super::unit::{InlineTag, Provenance, Segment, Unit};

pub mod pg;
pub use pg::{PgLocation, PgStore};

/// The schema version this code writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

/// `PRAGMA application_id` of a tilmech memory (`TLMC`): what tells a
/// memory from another program's SQLite database.
pub const APPLICATION_ID: i32 = 0x544C_4D43;

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
    /// The file is not a tilmech memory; it was not changed.
    #[error("{path} is not a tilmech translation memory ({what}); nothing was changed: give --tm a new file name or an existing tilmech memory")]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        what: String,
    },
    /// A reading command found no memory.
    #[error("no translation memory at {path}; create one with `tilmech tm import FILE` or pass --tm PATH")]
    Absent {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// A write was asked of a memory opened for reading.
    #[error("translation memory {path} was opened read-only")]
    ReadOnly {
        /// The database file.
        path: PathBuf,
    },
    /// Another process kept the memory's write lock past the busy timeout.
    #[error("translation memory {path} is being written by another tilmech process; nothing was changed, run this again when it has finished")]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// A read-only memory whose write-ahead log or journal holds changes.
    #[error("translation memory {path} cannot be read here: the file is read-only for this user and its write-ahead log or journal holds changes not yet merged into it; open it once where it is writable")]
    UnmergedLog {
        /// The database file.
        path: PathBuf,
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
    /// Another program wrote to the memory while a first import ran.
    #[error("translation memory {path} received units from another process during the import; nothing was imported, run it again")]
    Busy {
        /// The database file.
        path: PathBuf,
    },
    /// The PostgreSQL server refused or failed a query or a connection.
    #[error("translation memory {memory}: {source}")]
    Pg {
        /// The memory's URL, without its password.
        memory: String,
        /// The server's or the connection's error.
        source: postgres::Error,
    },
    /// A `postgres://` location that is not a valid connection URL.
    #[error("{url} is not a PostgreSQL connection URL tilmech can use ({what}); expected postgres://USER@HOST[:PORT]/DATABASE")]
    PgUrl {
        /// The URL, without its password.
        url: String,
        /// What is wrong with it.
        what: String,
    },
    /// The database holds another application's data; it was not changed.
    #[error("the database at {memory} is not a tilmech translation memory ({what}); nothing was changed: give --tm an empty database or an existing tilmech memory")]
    PgForeign {
        /// The memory's URL, without its password.
        memory: String,
        /// What it holds instead.
        what: String,
    },
    /// The role may not make or migrate the schema.
    #[error("translation memory {memory}: {what}")]
    PgDenied {
        /// The memory's URL, without its password.
        memory: String,
        /// What was refused and whom to ask.
        what: String,
    },
    /// Another writer held the memory past the lock timeout.
    #[error("translation memory {memory} is being written by another tilmech process for longer than 10 minutes; nothing was changed, run this again when it has finished")]
    PgLocked {
        /// The memory's URL, without its password.
        memory: String,
    },
    /// A copy was asked into a memory that already holds units.
    #[error("translation memory {memory} already holds units; nothing was copied: copy into a new file or an empty database")]
    NotEmpty {
        /// The memory's path or URL (without its password).
        memory: String,
    },
    /// A file beside the memory (its directory, lock or temporary file)
    /// could not be made, read or moved.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
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
    /// The units with ids `ids`, in that order (`None` for an id not
    /// stored): one query where a backend pays a round trip per query.
    fn get_many(&self, ids: &[UnitId]) -> Result<Vec<Option<Unit>>, StoreError> {
        ids.iter().map(|&id| self.get(id)).collect()
    }
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
    /// The identity of the memory's current content, for cache
    /// invalidation: a random number drawn anew by every write, so neither
    /// an earlier state nor another memory put at the same path shares it.
    fn generation(&self) -> Result<u64, StoreError>;
}

/// A translation memory in one SQLite file.
///
/// Beside the memory `tm.sqlite` live two lock files, never replaced:
/// `tm.sqlite.lock`, held exclusively by the one process writing (from
/// the emptiness check of a first import to its rename), and
/// `tm.sqlite.open`, held shared by every open store, so that the first
/// import's rename happens only when no other process has the file open
/// (it copies the rows in otherwise) and temporary files are cleared only
/// when no process can be writing them.
pub struct SqliteStore {
    // Dropped first: the connection closes before the locks are released.
    conn: Connection,
    path: PathBuf,
    /// `<memory>.open`, locked shared; `None` where it cannot be made
    /// (a read-only directory, where nothing can replace the memory either).
    open_lock: Option<File>,
    /// `<memory>.lock`; `None` for a store opened read-only.
    write_lock: Option<File>,
    /// Opened by [`SqliteStore::open_lazily`] with nothing at the path yet:
    /// the store reads as empty until a write makes the memory.
    absent: bool,
}

/// What a file at a memory's path is.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// Nothing, or an empty file: a memory may be made there.
    Nothing,
    /// A memory carrying tilmech's [`APPLICATION_ID`].
    Memory,
    /// A memory made before the mark, recognised by its exact schema.
    Unmarked,
}

/// How long a writer waits for another to finish, as SQLite's busy timeout.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl SqliteStore {
    /// Opens the memory at `path` for reading and writing, creating it and
    /// its parent directories when absent. A symbolic link is followed, so
    /// a memory linked into a project is the one written. A file that is
    /// neither empty nor a tilmech memory is refused without being touched.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, true, false)
    }

    /// [`SqliteStore::open`], but where nothing is at `path` nothing is made
    /// yet: the store reads as empty, and the memory, its parent
    /// directories and its lock files are made by the first write that
    /// stores units. So an import that fails makes nothing, and a store
    /// only read (a draft without a memory) never makes one. Such a store
    /// does not see what another process stores meanwhile until it writes.
    pub fn open_lazily(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, true, true)
    }

    /// Opens the existing memory at `path` for reading only: it works on a
    /// read-only disk and on a memory owned by another user, and writes
    /// nothing to the memory.
    pub fn open_read(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, false, false)
    }

    fn open_with(path: &Path, writable: bool, lazy: bool) -> Result<SqliteStore, StoreError> {
        let path = follow_links(path)?;
        // Looked at before anything is made beside it: another program's
        // database is refused with nothing written anywhere.
        let found = inspect(&path)?;
        if !writable && found == Found::Nothing {
            // What a first import killed before its rename left; a live
            // one's file is claimed and kept.
            remove_leftovers(&path, &[IMPORT_TMP]);
            return Err(StoreError::Absent { path });
        }
        let mut store = SqliteStore {
            conn: Connection::open_in_memory().map_err(|e| self_db(&path, e))?,
            path,
            open_lock: None,
            write_lock: None,
            absent: false,
        };
        let nothing_there = matches!(
            std::fs::symlink_metadata(&store.path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound
        );
        if writable && lazy && nothing_there {
            store.absent = true;
            let db = |e| self_db(&store.path, e);
            store
                .conn
                .execute_batch(&format!(
                    "{TABLES} {KEY_INDEX} INSERT INTO meta VALUES ('generation', 0);"
                ))
                .map_err(db)?;
            return Ok(store);
        }
        store.attach(writable, found)?;
        Ok(store)
    }

    /// Takes the lock files of the memory at `self.path` (where `found`
    /// was seen) and connects to it, making or marking it when writable.
    fn attach(&mut self, writable: bool, mut found: Found) -> Result<(), StoreError> {
        let path = self.path.clone();
        let io = |p: &Path, source| StoreError::Io {
            path: p.to_path_buf(),
            source,
        };
        if writable {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
        }
        let open_lock = lock_file(&sibling(&path, ".open"), writable)?;
        let write_lock = lock_file(&sibling(&path, ".lock"), writable)?;
        if let Some(lock) = &open_lock {
            if lock.try_lock().is_ok() {
                // No other process has the memory open, so no one is
                // saving an index beside it: what is there was left by a
                // failed or killed run.
                remove_leftovers(&path, &[IDX_TMP]);
            }
            lock.lock_shared().map_err(|e| io(&path, e))?;
        }
        if let Some(lock) = &write_lock {
            // Likewise for a first import's file, which is made only under
            // the write lock.
            if lock.try_lock().is_ok() {
                remove_leftovers(&path, &[IMPORT_TMP]);
                let _ = lock.unlock();
            }
        }
        self.open_lock = open_lock;
        self.write_lock = write_lock.filter(|_| writable);
        if writable && found != Found::Memory {
            // Making or marking a memory is a write: one writer at a time,
            // and what another writer made meanwhile is looked at again.
            self.exclusive(|store| {
                found = inspect(&store.path)?;
                if found == Found::Nothing {
                    store.create()?;
                }
                store.connect(true)?;
                if found == Found::Unmarked {
                    store.mark()?;
                }
                Ok(())
            })?;
        } else {
            self.connect(writable)?;
        }
        self.check_version()
    }

    /// Refuses a memory whose schema is newer than this program's.
    fn check_version(&self) -> Result<(), StoreError> {
        let version: i64 = self.db(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Version {
                path: self.path.clone(),
                found: version,
            });
        }
        Ok(())
    }

    /// Gives a memory made before [`APPLICATION_ID`] its mark.
    fn mark(&self) -> Result<(), StoreError> {
        self.db(self
            .conn
            .pragma_update(None, "application_id", APPLICATION_ID))
    }

    /// Whether nothing is at the memory's path yet (see [`SqliteStore::open_lazily`]).
    pub fn is_absent(&self) -> bool {
        self.absent
    }

    /// The database file (the target of a link given to `open`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db<T>(&self, r: rusqlite::Result<T>) -> Result<T, StoreError> {
        r.map_err(|source| StoreError::Db {
            path: self.path.clone(),
            source,
        })
    }

    /// Replaces the connection with a new one to the memory's file.
    fn connect(&mut self, writable: bool) -> Result<(), StoreError> {
        use rusqlite::OpenFlags as F;
        let path = self.path.clone();
        let db = |e| self_db(&path, e);
        if writable {
            // Without CREATE: a memory that vanished is an error, not a new empty file.
            let conn = Connection::open_with_flags(
                &path,
                F::SQLITE_OPEN_READ_WRITE | F::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(db)?;
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(db)?;
            conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
            self.conn = conn;
            return Ok(());
        }
        let probe = |conn: &Connection| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        };
        let flags = F::SQLITE_OPEN_READ_ONLY | F::SQLITE_OPEN_NO_MUTEX | F::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&path, flags).map_err(db)?;
        if probe(&conn).is_ok() {
            self.conn = conn;
            return Ok(());
        }
        // A write-ahead-log memory needs its `-shm` file, which cannot be
        // made in a read-only directory or one of another user. With no
        // log holding commits, the file alone is the whole memory, and
        // SQLite may read it as immutable.
        drop(conn);
        let holds = |suffix| std::fs::metadata(sibling(&path, suffix)).is_ok_and(|m| m.len() > 0);
        if holds("-wal") || holds("-journal") {
            return Err(StoreError::UnmergedLog { path });
        }
        let uri = format!("file:{}?immutable=1", uri_path(&path));
        let conn = Connection::open_with_flags(uri, flags).map_err(db)?;
        probe(&conn).map_err(db)?;
        self.conn = conn;
        Ok(())
    }

    /// Makes an empty memory at the (absent or empty) path: written whole
    /// into a temporary file and then moved there, so a killed run leaves
    /// no half-made memory.
    fn create(&mut self) -> Result<(), StoreError> {
        let tmp = temp_sibling(&self.path, IMPORT_TMP);
        let _claim = claim(&tmp)?;
        let made = (|| {
            let conn = new_memory_file(&tmp)?;
            conn.execute_batch(KEY_INDEX)?;
            conn.execute("INSERT INTO meta VALUES ('generation', random())", [])?;
            close_memory_file(conn)
        })();
        let result = made
            .map_err(|e| self_db(&tmp, e))
            .and_then(|()| sync_file(&tmp))
            .and_then(|()| put_in_place(&tmp, &self.path));
        let _ = std::fs::remove_file(&tmp);
        result
    }

    /// Runs `f` holding the memory's write lock, waiting for another
    /// writer up to the busy timeout.
    fn exclusive<T>(
        &mut self,
        f: impl FnOnce(&mut SqliteStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.absent {
            // A write that is not a first import (a copy into a new file)
            // makes the empty memory first, as it always did.
            self.absent = false;
            let found = inspect(&self.path)?;
            self.attach(true, found)?;
        }
        let Some(lock) = self.write_lock.as_ref() else {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        };
        let start = Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        path: self.path.clone(),
                    })
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(StoreError::Io {
                        path: sibling(&self.path, ".lock"),
                        source: e,
                    })
                }
            }
        }
        let result = f(self);
        if let Some(lock) = &self.write_lock {
            let _ = lock.unlock();
        }
        result
    }

    /// Runs `f` in one read transaction, so that everything it reads —
    /// the generation and the segments an index is built from — comes from
    /// the same state of the memory.
    pub fn consistent<T>(
        &self,
        f: impl FnOnce(&SqliteStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self.db(self.conn.unchecked_transaction())?;
        let result = f(self);
        drop(tx);
        result
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
            b.add(seg, id);
        }
    }
}

impl BatchSeen {
    fn add(&mut self, seg: Incoming, id: UnitId) {
        let next = self.ids.len() as u32;
        let head = self
            .by_text
            .entry(lang_key(seg.lang, seg.key))
            .or_insert(END);
        self.ids.push((id, *head));
        *head = next;
        let slot = usize::try_from(id).expect("row ids are positive");
        if self.unit_head.len() <= slot {
            self.unit_head.resize(slot + 1, END);
        }
        self.sigs
            .push((text_key(seg.lang), seg.key, self.unit_head[slot]));
        self.unit_head[slot] = self.sigs.len() as u32 - 1;
    }

    /// The units of the batch an incoming unit may merge into: those with
    /// one of its (language, text) hashes and no language whose text hash
    /// differs from its. Equal hashes are still to be confirmed on the texts.
    fn candidates<'a>(
        &self,
        incoming: impl Iterator<Item = Incoming<'a>> + Clone,
    ) -> BTreeSet<UnitId> {
        let mut candidates = BTreeSet::new();
        for seg in incoming.clone() {
            let mut at = self
                .by_text
                .get(&lang_key(seg.lang, seg.key))
                .copied()
                .unwrap_or(END);
            while at != END {
                let (id, next) = self.ids[at as usize];
                candidates.insert(id);
                at = next;
            }
        }
        // Different hashes mean different texts: such a unit cannot be
        // merged into.
        candidates.retain(|&id| {
            let mut at = self.unit_head.get(id as usize).copied().unwrap_or(END);
            while at != END {
                let (sl, sk, next) = self.sigs[at as usize];
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
        candidates
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
    let candidates = match seen {
        Seen::Database => {
            let mut stmt =
                tx.prepare_cached("SELECT unit_id FROM segments WHERE key = ?1 AND lang = ?2")?;
            let mut found = BTreeSet::new();
            for seg in incoming.clone() {
                for id in stmt.query_map(params![seg.key, seg.lang], |r| r.get::<_, UnitId>(0))? {
                    found.insert(id?);
                }
            }
            found
        }
        Seen::Batch(b) => b.candidates(incoming.clone()),
    };
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
        if let Some(placement) = merge_into(id, &existing, incoming.clone()) {
            return Ok(placement);
        }
    }
    Ok(Placement::New)
}

/// The merging rule for one candidate, the stored unit `id` with these
/// (language → normalised text): the incoming unit is merged into it (or
/// is already in it) when they share some language with the same text
/// and none with a different one; `None` when it does not qualify.
fn merge_into<'a>(
    id: UnitId,
    existing: &BTreeMap<String, String>,
    incoming: impl Iterator<Item = Incoming<'a>> + Clone,
) -> Option<Placement> {
    let shared = |same: bool| {
        incoming.clone().any(|seg| {
            existing
                .get(seg.lang)
                .is_some_and(|e| (e == seg.norm) == same)
        })
    };
    if shared(false) || !shared(true) {
        return None;
    }
    let missing: Vec<String> = incoming
        .filter(|seg| !existing.contains_key(seg.lang))
        .map(|seg| seg.lang.to_string())
        .collect();
    Some(if missing.is_empty() {
        Placement::Present
    } else {
        Placement::Merge(id, missing)
    })
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
                r.get::<_, i64>(0)
            })
            .map(|g| g as u64))
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
    /// go. Also returns, when the memory was empty before, the generation
    /// the batch gave it: the segments passed to `sink` are then all the
    /// memory holds at that generation.
    pub fn insert_batch_with<I, E>(
        &mut self,
        units: I,
        sink: &mut dyn FnMut(UnitId, &str, &str),
    ) -> Result<(BatchReport, Option<u64>), StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        if self.absent {
            return self.insert_first(units, sink);
        }
        // One writer at a time, from the emptiness check to the commit or
        // rename: two first imports must not both see an empty memory.
        self.exclusive(|store| {
            let empty: bool = store.db(store.conn.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM units)",
                [],
                |r| r.get(0),
            ))?;
            if empty {
                return store.insert_fresh(units, sink).map(|(r, g)| (r, Some(g)));
            }
            let path = store.path.clone();
            let db = |source| self_db(&path, source);
            // Dropping the transaction without commit rolls it back: every
            // early return below leaves the memory as it was.
            let tx = store
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db)?;
            let report = fill(&tx, Seen::Database, units, sink, &db)?;
            if report.added + report.merged > 0 {
                tx.execute(
                    "UPDATE meta SET value = random() WHERE key = 'generation'",
                    [],
                )
                .map_err(db)?;
            }
            tx.commit().map_err(db)?;
            Ok((report, None))
        })
    }

    /// Writes `units` (with their ids, in id order) into this memory, which
    /// must be empty, as they are: no merging, so a copy of a memory is
    /// that memory, unit for unit. One transaction; returns how many.
    pub fn load_verbatim(
        &mut self,
        units: &mut dyn Iterator<Item = Result<(UnitId, Unit), StoreError>>,
    ) -> Result<usize, StoreError> {
        self.exclusive(|store| {
            let path = store.path.clone();
            let db = |source| self_db(&path, source);
            let tx = store
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db)?;
            let empty: bool = tx
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))
                .map_err(db)?;
            if !empty {
                return Err(StoreError::NotEmpty {
                    memory: path.display().to_string(),
                });
            }
            let mut n = 0;
            for item in units {
                let (id, unit) = item?;
                let prepared = Prepared::from(unit);
                let p = &prepared.unit.provenance;
                tx.prepare_cached(
                    "INSERT INTO units (id, document, position, author, status, created, changed)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        id, p.document, p.position, p.author, p.status, p.created, p.changed
                    ])
                })
                .map_err(db)?;
                for seg in prepared.incoming() {
                    insert_segment(&tx, id, seg).map_err(db)?;
                }
                n += 1;
            }
            tx.execute(
                "UPDATE meta SET value = random() WHERE key = 'generation'",
                [],
            )
            .map_err(db)?;
            tx.commit().map_err(db)?;
            Ok(n)
        })
    }

    /// A batch into an empty memory, usually the first and largest import;
    /// returns the generation it gave the memory.
    ///
    /// It is written into a new file beside the memory, with no rollback
    /// journal, no write-ahead log and no syncing until the end, and without
    /// the key index (duplicates are found through [`Seen::Batch`]); the
    /// finished file is synced and renamed over the memory. Every page is
    /// written once, where the log wrote it twice. A failed or killed batch
    /// leaves only that file (removed by the next batch or open), so the
    /// memory is as it was: empty. The caller holds the write lock.
    ///
    /// When another process has the memory open, replacing the file under
    /// it would be wrong, so the new file's rows are copied in, in one
    /// transaction, instead.
    fn insert_fresh<I, E>(
        &mut self,
        units: I,
        sink: &mut dyn FnMut(UnitId, &str, &str),
    ) -> Result<(BatchReport, u64), StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        remove_leftovers(&self.path, &[IMPORT_TMP]);
        let tmp = temp_sibling(&self.path, IMPORT_TMP);
        let _claim = claim(&tmp)?;
        let result = write_new_file(&tmp, units, sink);
        let (report, generation) = match result {
            Ok(r) if r.0.added > 0 => r,
            other => {
                let _ = std::fs::remove_file(&tmp);
                // Nothing to put in place: the memory keeps its generation.
                let (report, _) = other?;
                return Ok((report, self.generation()?));
            }
        };
        let result = self.swap_in(&tmp);
        let _ = std::fs::remove_file(&tmp);
        result.map(|()| (report, generation))
    }

    /// The first batch into a memory that does not exist yet: written into
    /// a new file beside it as [`SqliteStore::insert_fresh`] does, but with
    /// no lock held and nothing else made, so that a malformed input leaves
    /// nothing behind (the folders made for the file are removed again).
    /// Only a batch that stores units makes the memory: the lock files are
    /// made and, under the write lock, the file is renamed into place, or,
    /// when another first import made the memory meanwhile, its units are
    /// merged into that one.
    fn insert_first<I, E>(
        &mut self,
        units: I,
        sink: &mut dyn FnMut(UnitId, &str, &str),
    ) -> Result<(BatchReport, Option<u64>), StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        let made = make_parents(&self.path)?;
        remove_leftovers(&self.path, &[IMPORT_TMP]);
        let tmp = temp_sibling(&self.path, IMPORT_TMP);
        let claim = claim(&tmp);
        let filled = claim.and_then(|claim| Ok((claim, write_new_file(&tmp, units, sink)?)));
        let (claim, (report, generation)) = match filled {
            Ok((claim, r)) if r.0.added > 0 => (claim, r),
            other => {
                let _ = std::fs::remove_file(&tmp);
                for dir in made.iter().rev() {
                    let _ = std::fs::remove_dir(dir);
                }
                let (_, (report, _)) = other?;
                return Ok((report, None));
            }
        };
        let placed = (|| {
            let io = |p: &Path, source| StoreError::Io {
                path: p.to_path_buf(),
                source,
            };
            let open_lock = lock_file(&sibling(&self.path, ".open"), true)?;
            if let Some(lock) = &open_lock {
                lock.lock_shared().map_err(|e| io(&self.path, e))?;
            }
            self.open_lock = open_lock;
            self.write_lock = lock_file(&sibling(&self.path, ".lock"), true)?;
            self.absent = false;
            self.exclusive(|store| {
                let found = inspect(&store.path)?;
                if found == Found::Nothing {
                    std::fs::rename(&tmp, &store.path).map_err(|e| io(&store.path, e))?;
                    sync_dir(&store.path);
                    store.connect(true)?;
                    return Ok((report, Some(generation)));
                }
                store.connect(true)?;
                if found == Found::Unmarked {
                    store.mark()?;
                }
                store.check_version()?;
                store.merge_from(&tmp).map(|report| (report, None))
            })
        })();
        let _ = std::fs::remove_file(&tmp);
        drop(claim);
        placed
    }

    /// Merges every unit of the memory file `from` into this memory, as an
    /// import of them would, in one transaction. The caller holds the
    /// write lock.
    fn merge_from(&mut self, from: &Path) -> Result<BatchReport, StoreError> {
        use rusqlite::OpenFlags as F;
        let from_db = |source| self_db(from, source);
        let source =
            Connection::open_with_flags(from, F::SQLITE_OPEN_READ_ONLY).map_err(from_db)?;
        let ids: Vec<UnitId> = source
            .prepare("SELECT id FROM units ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(from_db)?;
        let units = ids.into_iter().map(|id| {
            SqliteStore::load(&source, id).map(|u| Prepared::from(u.unwrap_or_default()))
        });
        let path = self.path.clone();
        let db = |source| self_db(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(db)?;
        let report = fill(&tx, Seen::Database, units, &mut |_, _, _| {}, &db)?;
        if report.added + report.merged > 0 {
            tx.execute(
                "UPDATE meta SET value = random() WHERE key = 'generation'",
                [],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)?;
        Ok(report)
    }

    /// Makes the finished file `tmp` the memory: renamed over it when no
    /// other process has it open, its rows copied in otherwise.
    fn swap_in(&mut self, tmp: &Path) -> Result<(), StoreError> {
        let path = self.path.clone();
        // A shared flock turned exclusive is let go of first, so it is
        // taken again whether or not that succeeds.
        let alone = self
            .open_lock
            .as_ref()
            .is_some_and(|l| l.try_lock().is_ok());
        let result = if alone {
            self.conn = Connection::open_in_memory().map_err(|e| self_db(&path, e))?;
            let renamed = std::fs::rename(tmp, &path).map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            });
            if renamed.is_ok() {
                sync_dir(&path);
            }
            renamed.and(self.connect(true))
        } else {
            Ok(())
        };
        if let Some(lock) = &self.open_lock {
            lock.lock_shared().map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        }
        if alone {
            return result;
        }
        self.copy_from(tmp)
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
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db)?;
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

/// Writes `units` into a new memory file at `tmp` (see
/// [`SqliteStore::insert_fresh`]), synced; returns what was stored and the
/// generation the file has.
fn write_new_file<I, E>(
    tmp: &Path,
    units: I,
    sink: &mut dyn FnMut(UnitId, &str, &str),
) -> Result<(BatchReport, u64), StoreError>
where
    I: IntoIterator<Item = Result<Prepared, E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    let tmp_db = |source| self_db(tmp, source);
    let mut conn = new_memory_file(tmp).map_err(tmp_db)?;
    let tx = conn.transaction().map_err(tmp_db)?;
    let seen = Seen::Batch(Box::default());
    let report = fill(&tx, seen, units, sink, &tmp_db)?;
    // Sorting two million keys wants more than a small cache.
    tx.execute_batch(&format!(
        "PRAGMA cache_size = -262144; {KEY_INDEX} PRAGMA cache_size = -2000;"
    ))
    .map_err(tmp_db)?;
    let generation: i64 = tx
        .query_row(
            "INSERT INTO meta VALUES ('generation', random()) RETURNING value",
            [],
            |r| r.get(0),
        )
        .map_err(tmp_db)?;
    tx.commit().map_err(tmp_db)?;
    close_memory_file(conn).map_err(tmp_db)?;
    sync_file(tmp)?;
    Ok((report, generation as u64))
}

/// Makes the missing folders above `path`; returns those it made, outermost first.
fn make_parents(path: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut missing = Vec::new();
    let mut dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    while let Some(d) = dir.filter(|d| !d.exists()) {
        missing.push(d.to_path_buf());
        dir = d.parent().filter(|d| !d.as_os_str().is_empty());
    }
    missing.reverse();
    if let Some(deepest) = missing.last() {
        std::fs::create_dir_all(deepest).map_err(|source| StoreError::Io {
            path: deepest.clone(),
            source,
        })?;
    }
    Ok(missing)
}

/// Creates the temporary file `tmp` and locks it for as long as the
/// returned handle lives, so that [`remove_leftovers`] in another process
/// leaves it alone while this one writes it.
fn claim(tmp: &Path) -> Result<File, StoreError> {
    let io = |source| StoreError::Io {
        path: tmp.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(io)?;
    file.lock().map_err(io)?;
    Ok(file)
}

fn self_db(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Db {
        path: path.to_path_buf(),
        source,
    }
}

/// The `<file>` of a memory's temporary file from a first import or from
/// making a memory: `tm.sqlite.<pid>-<n>.import-tmp`.
const IMPORT_TMP: &str = "import-tmp";
/// The temporary file of an index being saved (see [`super::index::Index::save`]).
pub(crate) const IDX_TMP: &str = "idx-tmp";

/// `path` with `suffix` appended to its file name.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// A name beside `path` that no other process or call uses:
/// `<path>.<pid>-<n>.<kind>`, which [`remove_leftovers`] recognises.
pub(crate) fn temp_sibling(path: &Path, kind: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    sibling(path, &format!(".{}-{n}.{kind}", std::process::id()))
}

/// Removes the temporary files of the given kinds beside the memory
/// `path` (also the fixed names older versions used). The caller makes
/// sure no live process is writing them.
fn remove_leftovers(path: &Path, kinds: &[&str]) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut prefix = name.to_owned();
    prefix.push(".");
    let prefix = prefix.as_encoded_bytes();
    for entry in entries.flatten() {
        let file = entry.file_name();
        let bytes = file.as_encoded_bytes();
        let ours = bytes.starts_with(prefix)
            && kinds.iter().any(|k| {
                let k = k.as_bytes();
                bytes.len() >= prefix.len() + k.len()
                    && bytes.ends_with(k)
                    && bytes[bytes.len() - k.len() - 1] == b'.'
            });
        // A file a live process has claimed (a first import into a memory
        // not made yet, which holds no other lock) is kept.
        let claimed = || {
            File::open(entry.path())
                .is_ok_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
        };
        if ours && !claimed() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `path` with symbolic links followed to the file they name, so that
/// the memory, its log and its lock and index files are the target's.
fn follow_links(path: &Path) -> Result<PathBuf, StoreError> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p).map_err(|source| StoreError::Io {
                    path: p.clone(),
                    source,
                })?;
                p = match p.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other("too many levels of symbolic links"),
    })
}

/// Opens (creating it when `create` and possible) a lock file. `None`
/// where it neither exists nor can be made: a read-only directory.
fn lock_file(path: &Path, create: bool) -> Result<Option<File>, StoreError> {
    let made = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .open(path);
    match made {
        Ok(f) => Ok(Some(f)),
        // A shared lock needs no write access.
        Err(_) if File::open(path).is_ok() => Ok(File::open(path).ok()),
        Err(_) if !create => Ok(None),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// What is at `path`, read from the file's header without SQLite (which
/// might write: a journal rolled back, a mode switched). Anything but
/// nothing, an empty file or a tilmech memory is refused.
fn inspect(path: &Path) -> Result<Found, StoreError> {
    let foreign = |what: &str| StoreError::Foreign {
        path: path.to_path_buf(),
        what: what.to_string(),
    };
    let mut file = match File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        Ok(f) => f,
    };
    let meta = file.metadata().map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(foreign("it is a directory"));
    }
    if meta.len() == 0 {
        return Ok(Found::Nothing);
    }
    let mut head = [0u8; 100];
    if file.read_exact(&mut head).is_err() || &head[..16] != b"SQLite format 3\0" {
        return Err(foreign("it is not a SQLite database"));
    }
    let field = |at: usize| i32::from_be_bytes(head[at..at + 4].try_into().expect("4 bytes"));
    let (version, application) = (field(60), field(68));
    if application == APPLICATION_ID {
        return Ok(Found::Memory);
    }
    if application != 0 {
        return Err(foreign(&format!(
            "it is another program's SQLite database, application_id {application:#x}"
        )));
    }
    if i64::from(version) == 1 && has_unmarked_schema(path) {
        return Ok(Found::Unmarked);
    }
    Err(foreign(&format!(
        "it is a SQLite database without tilmech's mark or tables, user_version {version}"
    )))
}

/// Whether the database at `path` has exactly the tables, columns and
/// indexes a memory of schema 1 made before [`APPLICATION_ID`] has.
/// Read-only; a database that cannot be read so is not recognised.
fn has_unmarked_schema(path: &Path) -> bool {
    use rusqlite::OpenFlags as F;
    let Ok(conn) =
        Connection::open_with_flags(path, F::SQLITE_OPEN_READ_ONLY | F::SQLITE_OPEN_NO_MUTEX)
    else {
        return false;
    };
    let read = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(
            "SELECT m.type || ' ' || m.name || '(' ||
                    coalesce((SELECT group_concat(name, ',') FROM pragma_table_info(m.name)), '') || ')'
               FROM sqlite_master m WHERE m.name NOT LIKE 'sqlite_%' ORDER BY m.type, m.name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect()
    };
    let expected = [
        "index segments_by_key()",
        "index units_by_place()",
        "table meta(key,value)",
        "table segments(unit_id,lang,text,inline,key)",
        "table units(id,document,position,author,status,created,changed)",
    ];
    read().is_ok_and(|found| found == expected)
}

/// `path` for an SQLite URI: percent-encoded where a URI needs it.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' | 0..=0x20 | 0x7f.. => out.push_str(&format!("%{b:02X}")),
            _ => out.push(char::from(*b)),
        }
    }
    out
}

/// A new memory file at `path` (which must not exist yet) with the schema
/// and mark but no key index and no journal: written by one connection
/// that nothing else sees until it is moved into place.
fn new_memory_file(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -32768;",
    )?;
    conn.execute_batch(TABLES)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(conn)
}

/// Switches a finished [`new_memory_file`] to WAL mode and closes it. Done
/// here, where nothing else sees the file, because switching writes the
/// header through a rollback journal: done after the move, a kill at that
/// moment would leave the memory with a hot journal that no read-only
/// reader can roll back.
fn close_memory_file(conn: Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.close().map_err(|(_, e)| e)
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// Moves the finished memory file `tmp` to `path`, which must be absent
/// or empty: a hard link refuses to replace anything, and only an empty
/// file is renamed over. The directory is synced so the move is durable.
fn put_in_place(tmp: &Path, path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if inspect(path)? != Found::Nothing {
                return Err(io(e));
            }
            std::fs::rename(tmp, path).map_err(io)?;
        }
        // A file system without hard links: nothing is there, checked
        // under the write lock.
        Err(_) if !path.exists() => std::fs::rename(tmp, path).map_err(io)?,
        Err(e) => return Err(io(e)),
    }
    sync_dir(path);
    Ok(())
}

/// Syncs the directory holding `path`, making a rename in it durable.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
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

    /// The temporary files in `dir`.
    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with("-tmp"))
            .collect();
        names.sort();
        names
    }

    fn mark(store: &SqliteStore) -> i32 {
        store
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    }

    /// A new empty temporary directory.
    fn empty_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tilmech-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn foreign_sqlite_database_is_refused_untouched() {
        let dir = empty_dir("foreign");
        let other = dir.join("accounts.db");
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
        drop(conn);
        let text = dir.join("notes.sqlite");
        std::fs::write(&text, "my notes\n").unwrap();
        let before = |p: &Path| std::fs::read(p).unwrap();
        let (db_bytes, text_bytes) = (before(&other), before(&text));
        for path in [&other, &text] {
            let err = SqliteStore::open(path).err().expect("refused");
            assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
            assert!(
                err.to_string().contains("not a tilmech translation memory"),
                "{err}"
            );
            let err = SqliteStore::open_read(path).err().expect("refused");
            assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
        }
        assert_eq!(before(&other), db_bytes);
        assert_eq!(before(&text), text_bytes);
        // Nothing was made beside them either.
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["accounts.db", "notes.sqlite"]);
        // An empty file becomes a memory, with the mark.
        let empty = dir.join("empty.sqlite");
        std::fs::write(&empty, "").unwrap();
        let store = SqliteStore::open(&empty).unwrap();
        assert_eq!(mark(&store), APPLICATION_ID);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// The schema 1 memory as tilmech made it before the mark existed.
    const UNMARKED: &str = "CREATE TABLE units (
             id INTEGER PRIMARY KEY,
             document TEXT, position INTEGER, author TEXT, status TEXT,
             created TEXT, changed TEXT);
         CREATE TABLE segments (
             unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
             lang TEXT NOT NULL, text TEXT NOT NULL, inline TEXT,
             key INTEGER NOT NULL,
             UNIQUE (unit_id, lang));
         CREATE INDEX units_by_place ON units(document, position);
         CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER);
         CREATE INDEX segments_by_key ON segments(key);
         INSERT INTO meta VALUES ('generation', 5);
         INSERT INTO units (document) VALUES ('old');
         INSERT INTO segments VALUES (1, 'en', 'Old.', NULL, 7);
         PRAGMA user_version = 1;";

    #[test]
    fn a_memory_made_before_the_mark_still_opens_and_gets_it() {
        let dir = empty_dir("unmarked");
        let old = dir.join("old.sqlite");
        Connection::open(&old)
            .unwrap()
            .execute_batch(UNMARKED)
            .unwrap();
        let read = SqliteStore::open_read(&old).unwrap();
        assert_eq!(read.stats().unwrap().units, 1);
        drop(read);
        let store = SqliteStore::open(&old).unwrap();
        assert_eq!(store.get(1).unwrap().unwrap().segments["en"].text, "Old.");
        assert_eq!(mark(&store), APPLICATION_ID);
        drop(store);
        // One table more and it is someone else's.
        let near = dir.join("near.sqlite");
        Connection::open(&near)
            .unwrap()
            .execute_batch(&format!("{UNMARKED} CREATE TABLE users (name TEXT);"))
            .unwrap();
        let bytes = std::fs::read(&near).unwrap();
        assert!(matches!(
            SqliteStore::open(&near),
            Err(StoreError::Foreign { .. })
        ));
        assert_eq!(std::fs::read(&near).unwrap(), bytes);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn two_first_imports_at_once_both_store_everything() {
        for round in 0..4 {
            let (dir, store) = temp_db(&format!("race-{round}"));
            drop(store);
            let path = dir.join("sub/tm.sqlite");
            let threads: Vec<_> = ["A", "B"]
                .into_iter()
                .map(|who| {
                    let path = path.clone();
                    std::thread::spawn(move || {
                        let mut store = SqliteStore::open(&path).unwrap();
                        let units: Vec<Result<Unit, Never>> = (0..2000)
                            .map(|i| {
                                Ok(unit(&[
                                    ("en", &format!("{who} {i}.")),
                                    ("ru", &format!("{who} {i} ru.")),
                                ]))
                            })
                            .collect();
                        store.insert_batch(units).unwrap()
                    })
                })
                .collect();
            for t in threads {
                assert_eq!(t.join().unwrap().added, 2000);
            }
            let store = SqliteStore::open(&path).unwrap();
            assert_eq!(store.stats().unwrap().units, 4000);
            assert_eq!(leftovers(&dir.join("sub")), Vec::<String>::new());
            drop(store);
            std::fs::remove_dir_all(dir).unwrap();
        }
    }

    #[test]
    fn temporary_files_of_killed_runs_go_on_the_next_open_but_not_while_in_use() {
        let (dir, mut store) = temp_db("leftovers");
        let sub = dir.join("sub");
        let put = |name: &str| std::fs::write(sub.join(name), "half").unwrap();
        // Old fixed names and per-process ones.
        for name in [
            "tm.sqlite.import-tmp",
            "tm.sqlite.4242-0.import-tmp",
            "tm.sqlite.en.idx-tmp",
            "tm.sqlite.en.idx.4242-3.idx-tmp",
        ] {
            put(name);
        }
        // While this store is open, another open removes no index file
        // being saved; under a write lock, no import file either.
        store
            .exclusive(|_| {
                let other = SqliteStore::open(&sub.join("tm.sqlite")).unwrap();
                drop(other);
                Ok(())
            })
            .unwrap();
        assert_eq!(leftovers(&sub).len(), 4);
        drop(store);
        put("notes.txt-tmp");
        let store = SqliteStore::open_read(&sub.join("tm.sqlite")).unwrap();
        assert_eq!(leftovers(&sub), ["notes.txt-tmp"]);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_symlinked_memory_is_written_through_the_link() {
        let (dir, store) = temp_db("link");
        drop(store);
        let target = dir.join("sub/tm.sqlite");
        let link = dir.join("project.sqlite");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut store = SqliteStore::open(&link).unwrap();
        store
            .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
            .unwrap();
        drop(store);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            SqliteStore::open_read(&target)
                .unwrap()
                .stats()
                .unwrap()
                .units,
            1
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[derive(Debug, thiserror::Error)]
    #[error("line 3: broken")]
    struct Broken;

    #[test]
    fn a_failing_first_batch_leaves_an_empty_memory_and_no_temporary_file() {
        let (dir, mut store) = temp_db("fresh-rollback");
        let generation = store.generation().unwrap();
        let err = store
            .insert_batch([Ok(unit(&[("en", "Two."), ("ru", "Два.")])), Err(Broken)])
            .unwrap_err();
        assert!(err.to_string().contains("line 3: broken"), "{err}");
        assert_eq!(leftovers(&dir.join("sub")), Vec::<String>::new());
        assert_eq!(store.stats().unwrap().units, 0);
        assert_eq!(store.generation().unwrap(), generation);
        // The next first import works and moves the generation on.
        store
            .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
            .unwrap();
        assert_eq!(store.stats().unwrap().units, 1);
        assert_ne!(store.generation().unwrap(), generation);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failing_first_batch_into_no_memory_makes_nothing() {
        let dir = std::env::temp_dir().join(format!("tilmech-store-lazy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("new/sub/tm.sqlite");
        let mut store = SqliteStore::open_lazily(&path).unwrap();
        assert!(store.is_absent());
        assert_eq!(store.stats().unwrap().units, 0);
        let err = store
            .insert_batch([Ok(unit(&[("en", "Two."), ("ru", "Два.")])), Err(Broken)])
            .unwrap_err();
        assert!(err.to_string().contains("line 3: broken"), "{err}");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "nothing is made"
        );
        // A second lazy store, opened before the first one's import, merges
        // into the memory that import made instead of replacing it.
        let mut second = SqliteStore::open_lazily(&path).unwrap();
        store
            .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
            .unwrap();
        assert!(!store.is_absent() && path.is_file());
        let r = second
            .insert_batch([
                Ok::<_, Never>(unit(&[("en", "One."), ("ky", "Бир.")])),
                Ok(unit(&[("en", "Two."), ("ru", "Два.")])),
            ])
            .unwrap();
        assert_eq!((r.added, r.merged), (1, 1));
        let read = SqliteStore::open_read(&path).unwrap();
        assert_eq!(read.stats().unwrap().units, 2);
        assert_eq!(read.get(1).unwrap().unwrap().segments["ky"].text, "Бир.");
        assert_eq!(leftovers(&dir.join("new/sub")), Vec::<String>::new());
        drop((store, second, read));
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
        assert_eq!(leftovers(&dir.join("sub")), Vec::<String>::new());
        // Duplicates are found through the key index afterwards.
        let r = store
            .insert_batch([Ok::<_, Never>(unit(&[("en", "Two."), ("ky", "Эки.")]))])
            .unwrap();
        assert_eq!(r.merged, 1);
        drop((store, other));
        std::fs::remove_dir_all(dir).unwrap();
    }
}

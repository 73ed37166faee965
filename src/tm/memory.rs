//! Choosing the backend, once: [`Location`] is where a memory is (a file
//! path, or a `postgres://` URL for a memory shared by a team), [`open`]
//! turns it into a [`Memory`], which every command and the web app use
//! through the [`Store`] interface and the few operations below, never
//! asking which backend it is.
//!
//! ```no_run
//! use tilmech::tm::memory::{self, Access, Location};
//! use tilmech::tm::store::Store;
//! let location = Location::parse("postgres://ana@db.office/tm".as_ref())?;
//! let memory = memory::open(&location, Access::Read)?;
//! println!("{} units", memory.stats()?.units);
//! # Ok::<(), tilmech::tm::store::StoreError>(())
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::index::Index;
use super::lookup;
use super::store::{
    self, pg, BatchReport, PgLocation, PgStore, SqliteStore, Stats, Store, StoreError, UnitId,
};
use super::unit::Unit;

#[cfg(test)]
mod suite;

/// Where a memory is.
#[derive(Debug, Clone)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL database.
    Postgres(Box<PgLocation>),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL, else a file path.
    pub fn parse(location: &Path) -> Result<Location, StoreError> {
        match location.to_str() {
            Some(s) if pg::is_url(s) => Ok(Location::Postgres(Box::new(PgLocation::parse(s)?))),
            _ => Ok(Location::File(location.to_path_buf())),
        }
    }

    /// The location as a journal records it: an absolute path, or the URL
    /// without its password.
    pub fn to_record(&self) -> PathBuf {
        match self {
            Location::File(p) => std::fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.clone()),
            Location::Postgres(l) => PathBuf::from(l.without_password()),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Postgres(l) => write!(f, "{l}"),
        }
    }
}

/// How a memory is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only; the memory must exist.
    Read,
    /// Reading when the memory exists, else an empty one: for SQLite
    /// nothing is made on disk (see [`SqliteStore::open_lazily`]); a PostgreSQL
    /// database gets its schema.
    ReadOrCreate,
    /// Reading and writing; an absent SQLite memory is made by the first
    /// write that stores units, so a failed import makes nothing.
    Write,
}

/// An open memory of either backend.
pub enum Memory {
    /// One SQLite file.
    Sqlite(SqliteStore),
    /// A shared PostgreSQL database.
    Postgres(Box<PgStore>),
}

/// Opens the memory at `location`.
pub fn open(location: &Location, access: Access) -> Result<Memory, StoreError> {
    match location {
        Location::File(path) => {
            let read = access == Access::Read || (access == Access::ReadOrCreate && path.exists());
            Ok(Memory::Sqlite(if read {
                SqliteStore::open_read(path)?
            } else {
                SqliteStore::open_lazily(path)?
            }))
        }
        Location::Postgres(l) => Ok(Memory::Postgres(Box::new(match access {
            Access::Read => PgStore::open_read(l)?,
            Access::ReadOrCreate => match PgStore::open_read(l) {
                Err(StoreError::Absent { .. }) => PgStore::open(l)?,
                other => other?,
            },
            Access::Write => PgStore::open(l)?,
        }))),
    }
}

/// Where indexes of shared memories are cached between runs:
/// `$XDG_CACHE_HOME/tilmech`, else `~/.cache/tilmech`.
fn cache_dir() -> Option<PathBuf> {
    if cfg!(test) {
        return Some(std::env::temp_dir().join("tilmech-test-index-cache"));
    }
    let var = |k| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".cache")))
        .map(|d| d.join("tilmech"))
}

/// A lookup index kept in step with its memory (see [`Memory::refresh`]).
pub struct LiveIndex {
    /// The index.
    pub index: Index,
    lang: String,
    checked: Instant,
}

impl Memory {
    /// Where the memory is, for messages (a URL without its password).
    pub fn describe(&self) -> String {
        match self {
            Memory::Sqlite(s) => s.path().display().to_string(),
            Memory::Postgres(p) => p.location().to_string(),
        }
    }

    /// The location as a journal records it.
    pub fn to_record(&self) -> PathBuf {
        match self {
            Memory::Sqlite(s) => Location::File(s.path().to_path_buf()).to_record(),
            Memory::Postgres(p) => Location::Postgres(Box::new(p.location().clone())).to_record(),
        }
    }

    /// Whether the memory exists: `false` for an SQLite memory that reads
    /// as empty because nothing is at its path yet.
    pub fn exists(&self) -> bool {
        match self {
            Memory::Sqlite(s) => !s.is_absent(),
            Memory::Postgres(_) => true,
        }
    }

    /// The languages of `langs` the memory holds no segment in. On
    /// PostgreSQL each is one query on the kept language counts, as
    /// [`Store::stats`] also counts the units.
    pub fn missing_languages<'a>(&self, langs: &[&'a str]) -> Result<Vec<&'a str>, StoreError> {
        match self {
            Memory::Sqlite(s) => {
                let stats = s.stats()?;
                Ok(langs
                    .iter()
                    .copied()
                    .filter(|l| !stats.languages.contains_key(*l))
                    .collect())
            }
            Memory::Postgres(p) => {
                let mut missing = Vec::new();
                for lang in langs {
                    if !p.holds_language(lang)? {
                        missing.push(*lang);
                    }
                }
                Ok(missing)
            }
        }
    }

    /// The memory's file, for a backend that keeps one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Memory::Sqlite(s) => Some(s.path()),
            Memory::Postgres(_) => None,
        }
    }

    /// The lookup index of `lang`: for SQLite saved beside the file, for
    /// PostgreSQL cached in the user's cache folder and brought up to date
    /// from the change log.
    pub fn index(&self, lang: &str) -> Result<Index, StoreError> {
        match self {
            Memory::Sqlite(s) => lookup::index_for(s, lang),
            Memory::Postgres(p) => pg::index_for(p, lang, cache_dir().as_deref()),
        }
    }

    /// [`Memory::index`], for a process that keeps it and looks up many
    /// times while others write ([`Memory::refresh`]).
    pub fn live_index(&self, lang: &str) -> Result<LiveIndex, StoreError> {
        Ok(LiveIndex {
            index: self.index(lang)?,
            lang: lang.to_string(),
            checked: Instant::now(),
        })
    }

    /// Brings `live` up to date with what other clients wrote, at most
    /// every [`pg::REFRESH_EVERY`] (a shared memory reads the change log
    /// since the index's generation; an SQLite index is brought up to
    /// date when the memory is next opened).
    pub fn refresh(&self, live: &mut LiveIndex) -> Result<(), StoreError> {
        let Memory::Postgres(p) = self else {
            return Ok(());
        };
        if live.checked.elapsed() < pg::REFRESH_EVERY {
            return Ok(());
        }
        live.checked = Instant::now();
        if !pg::refresh(p, &mut live.index, &live.lang)? {
            live.index = pg::index_for(p, &live.lang, cache_dir().as_deref())?;
        }
        Ok(())
    }

    /// Stores `units` like [`store::import`] and brings the index of
    /// `lang` up to date (built as the units are stored, for SQLite).
    pub fn import_indexed<I, E>(
        &mut self,
        units: I,
        lang: Option<&str>,
    ) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<store::Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        match (self, lang) {
            (Memory::Sqlite(s), Some(lang)) => lookup::import_indexed(s, units, lang),
            (Memory::Sqlite(s), None) => s
                .insert_batch_with(units, &mut |_, _, _| {})
                .map(|(report, _)| report),
            (Memory::Postgres(p), None) => p.insert_prepared(units),
            (Memory::Postgres(p), Some(lang)) => {
                // Without a cache folder there is no index to keep.
                let Some(dir) = cache_dir() else {
                    return p.insert_prepared(units);
                };
                let (result, builder) =
                    lookup::indexing(lang, |sink| p.insert_prepared_with(units, sink));
                let (report, fresh) = result?;
                if report.added + report.merged == 0 {
                    return Ok(report);
                }
                match fresh {
                    // Into an empty memory: the import's segments are the
                    // whole index, at the import's generation.
                    Some(generation) => {
                        pg::save(&builder.finish(generation), &pg::cache_file(p, lang, &dir));
                    }
                    // Refreshes this user's cached index; a failure only
                    // costs the next lookup the work.
                    None => {
                        drop(builder);
                        let _ = pg::index_for(p, lang, Some(&dir));
                    }
                }
                Ok(report)
            }
        }
    }

    /// Copies every unit of this memory, ids and all, into `to`, which
    /// must be empty, in one transaction; returns how many.
    pub fn copy_into(&self, to: &mut Memory) -> Result<usize, StoreError> {
        // Read page by page in one snapshot, written as read: a million
        // units never sit in memory at once.
        let (send, receive) =
            std::sync::mpsc::sync_channel::<Result<(UnitId, Unit), StoreError>>(4096);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                let mut units = receive.into_iter();
                match to {
                    Memory::Sqlite(s) => s.load_verbatim(&mut units),
                    Memory::Postgres(p) => p.load_verbatim(&mut units),
                }
            });
            let read = self.for_each_unit(&mut |id, unit| {
                let _ = send.send(Ok((id, unit)));
            });
            if let Err(e) = read {
                let _ = send.send(Err(e));
            }
            drop(send);
            writer.join().expect("the copying thread panicked")
        })
    }
}

impl Store for Memory {
    fn open(location: &str) -> Result<Self, StoreError> {
        open(&Location::parse(Path::new(location))?, Access::Write)
    }

    fn insert_batch<I, E>(&mut self, units: I) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<Unit, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        match self {
            Memory::Sqlite(s) => s.insert_batch(units),
            Memory::Postgres(p) => p.insert_batch(units),
        }
    }

    fn get(&self, id: UnitId) -> Result<Option<Unit>, StoreError> {
        match self {
            Memory::Sqlite(s) => s.get(id),
            Memory::Postgres(p) => p.get(id),
        }
    }

    fn get_many(&self, ids: &[UnitId]) -> Result<Vec<Option<Unit>>, StoreError> {
        match self {
            Memory::Sqlite(s) => s.get_many(ids),
            Memory::Postgres(p) => p.get_many(ids),
        }
    }

    fn for_each_segment(
        &self,
        lang: &str,
        f: &mut dyn FnMut(UnitId, &str),
    ) -> Result<(), StoreError> {
        match self {
            Memory::Sqlite(s) => s.for_each_segment(lang, f),
            Memory::Postgres(p) => p.for_each_segment(lang, f),
        }
    }

    fn for_each_unit(&self, f: &mut dyn FnMut(UnitId, Unit)) -> Result<(), StoreError> {
        match self {
            Memory::Sqlite(s) => s.for_each_unit(f),
            Memory::Postgres(p) => p.for_each_unit(f),
        }
    }

    fn previous(&self, id: UnitId) -> Result<Option<Unit>, StoreError> {
        match self {
            Memory::Sqlite(s) => s.previous(id),
            Memory::Postgres(p) => p.previous(id),
        }
    }

    fn search(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(UnitId, Unit)>, StoreError> {
        match self {
            Memory::Sqlite(s) => s.search(phrase, lang, limit),
            Memory::Postgres(p) => p.search(phrase, lang, limit),
        }
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        match self {
            Memory::Sqlite(s) => s.stats(),
            Memory::Postgres(p) => p.stats(),
        }
    }

    fn generation(&self) -> Result<u64, StoreError> {
        match self {
            Memory::Sqlite(s) => s.generation(),
            Memory::Postgres(p) => p.generation(),
        }
    }
}

//! A shared translation memory in PostgreSQL: [`PgStore`], the second
//! implementation of [`Store`], with the same merging rules as
//! [`SqliteStore`](super::SqliteStore) (see the parent module).
//!
//! # Schema (`tilmech` schema; versions in `tilmech.migrations`)
//!
//! - `units`, `segments`: as in SQLite (`segments.key` the FNV-1a hash of
//!   the normalised text, indexed, confirmed on the texts; `segments.folded`
//!   the text as concordance compares it, `NULL` for segments stored
//!   before migration 2).
//! - `meta(key, value)`: `application_id` (tilmech's mark, [`APPLICATION_ID`]),
//!   `memory_id` (random, drawn when the memory is made: what tells this
//!   memory from one made again in the same database, for cached indexes)
//!   and `generation`, a counter every write increments.
//! - `language_sets(langs, units)`: how many units have each set of
//!   languages (sorted as bytes), kept by every write, for `stats`.
//! - `changes(generation, unit_id, op, lang)`: one row per segment a write
//!   added (`op` is `insert` for a new unit, `merge` for a language added
//!   to a stored one), or one row `all` for a write into an empty memory
//!   (a first import, a copy): an index from before it is rebuilt. A
//!   client holding an index at generation `g` reads the rows after `g`
//!   instead of rebuilding it ([`index_for`], [`refresh`]).
//! - `migrations(version, applied)`: the migrations applied, each once.
//!
//! A database is adopted only when it is empty (no table, view or sequence
//! outside PostgreSQL's own schemas) or carries the mark; anything else is
//! refused before anything is written. Making the schema needs a role that
//! may create a schema in the database; a role that may not gets
//! [`StoreError::PgDenied`], with what to ask the database owner for.
//!
//! # Writers
//!
//! A write is one transaction that starts by incrementing `generation`:
//! that row lock makes writers take turns (readers never wait), so
//! duplicates are found against everything committed before, and
//! generations follow commit order, which is what lets a client read the
//! change log "after `g`" without missing a slower transaction. Units are
//! numbered `max(id) + 1` under that lock, as SQLite numbers its rows, so
//! the same imports give the same ids on both backends.
//!
//! A batch is streamed in chunks: the keys of a chunk are sent as one
//! array, the stored units sharing one of them are read back (two
//! index lookups), every unit of the
//! chunk is placed by the merging rules against those and the chunk's own,
//! and new units, segments and change-log rows go in by binary `COPY`. A
//! failed or killed import rolls back: the memory is as it was.
//!
//! # Connections
//!
//! The URL is libpq's (`postgres://user@host:port/db`, or
//! `postgres://user@/db?host=/run/postgresql` for a socket). A password
//! not in the URL comes from `PGPASSWORD`, else from `PGPASSFILE` or
//! `~/.pgpass` as libpq reads them; messages show the URL without it.
//! The blocking `postgres` crate is used: every caller of a store is
//! synchronous, and it runs its own small runtime per connection, so it
//! must not be called on an async worker thread (`tilmech serve` calls
//! it through `spawn_blocking`). There is no TLS (`NoTls`): a remote
//! server is reached through an SSH tunnel or a VPN (docs/team-memory.md).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::{Client, NoTls, Statement};
use rustc_hash::FxHashMap;

use super::{
    inline_from_json, inline_to_json, lang_key, merge_into, score, BatchReport, BatchSeen,
    Incoming, Placement, Prepared, Stats, Store, StoreError, UnitId, APPLICATION_ID,
};
use crate::tm::index::{Builder, Index};
use crate::tm::unit::{Provenance, Segment, Unit};

/// The newest schema version this code knows (the last of the migrations).
pub const PG_SCHEMA_VERSION: i32 = 3;

/// The migrations, in order; each runs once, in the transaction that
/// records it in `tilmech.migrations`.
const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        "CREATE TABLE tilmech.units (
         id bigint PRIMARY KEY,
         document text, position bigint, author text, status text,
         created text, changed text);
     CREATE INDEX units_by_place ON tilmech.units (document, position);
     CREATE TABLE tilmech.segments (
         unit_id bigint NOT NULL REFERENCES tilmech.units (id) ON DELETE CASCADE,
         lang text NOT NULL, text text NOT NULL, inline text,
         key bigint NOT NULL,
         PRIMARY KEY (unit_id, lang));
     CREATE INDEX segments_by_key ON tilmech.segments (key);
     CREATE TABLE tilmech.changes (
         generation bigint NOT NULL, unit_id bigint NOT NULL,
         op text NOT NULL, lang text NOT NULL);
     CREATE INDEX changes_by_generation ON tilmech.changes (generation);",
    ),
    // Each segment's folded text (score::fold, computed by the client as
    // SQLite's store folds it, whatever the server's locale), so that
    // concordance is one query on the server. Segments stored before it
    // have none and are folded by the client as they are read.
    // And no foreign key from segments to units: its check per row was
    // half of an import's COPY time, and every segment is written in the
    // transaction that writes its unit, which nothing deletes.
    (
        2,
        "ALTER TABLE tilmech.segments ADD COLUMN folded text;
         ALTER TABLE tilmech.segments DROP CONSTRAINT IF EXISTS segments_unit_id_fkey;",
    ),
    // How many units have each set of languages, kept by every write, so
    // that `stats` reads a handful of rows instead of pairing every
    // segment with its unit's others (1.5 s at 20,000 units).
    (
        3,
        "CREATE TABLE tilmech.language_sets (langs text[] PRIMARY KEY, units bigint NOT NULL);
         INSERT INTO tilmech.language_sets
              SELECT langs, count(*) FROM (
                     SELECT array_agg(lang ORDER BY lang COLLATE \"C\") AS langs
                       FROM tilmech.segments GROUP BY unit_id) s
               GROUP BY langs;",
    ),
];

/// Units per chunk of a batch: enough that a round trip is small beside
/// the chunk's work, few enough that a chunk's candidates stay small.
const CHUNK: usize = 4096;

/// Rows per query when a whole language or memory is read.
const PAGE: i64 = 20_000;

/// A PostgreSQL memory's address, with the password (if the URL has one)
/// kept out of everything shown.
#[derive(Clone)]
pub struct PgLocation {
    url: String,
    config: postgres::Config,
    shown: String,
}

impl std::fmt::Debug for PgLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// A throw-away database on the server `TILMECH_TEST_PG` names, for the
/// library's and the integration tests' PostgreSQL cases; dropped with it.
#[doc(hidden)]
pub struct TestDatabase {
    server: PgLocation,
    name: String,
}

#[doc(hidden)]
impl TestDatabase {
    /// Creates `<prefix>_<test>_<pid>` afresh, or `None` when no server is
    /// given (the caller says SKIPPED). Panics in CI (`TILMECH_CI`), which
    /// starts a server, so there a missing one fails the test.
    pub fn create(prefix: &str, test: &str) -> Option<TestDatabase> {
        let Some(url) = std::env::var("TILMECH_TEST_PG")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            assert!(
                std::env::var_os("TILMECH_CI").is_none(),
                "{test}: TILMECH_CI is set but TILMECH_TEST_PG is not (.ci/run starts PostgreSQL)"
            );
            return None;
        };
        let server = PgLocation::parse(&url).unwrap();
        let name: String = format!("{prefix}_{test}_{}", std::process::id())
            .chars()
            .take(63)
            .collect();
        let mut admin = server.connect().unwrap();
        // Two queries: neither may run inside one (implicit) transaction.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(TestDatabase { server, name })
    }

    /// Where the database is.
    pub fn location(&self) -> PgLocation {
        self.server.with_dbname(&self.name)
    }

    /// Makes in the empty database the memory that code knowing only
    /// the migrations up to `version` would have made, holding `units`
    /// (ids from 1, stored by one write) in the columns of the first
    /// version: for the tests of the later migrations, which then open it.
    pub fn make_at_schema(&self, version: i32, units: &[Unit]) {
        let location = self.location();
        let mut client = location.connect().unwrap();
        let mut tx = client.transaction().unwrap();
        create(&mut tx, &location).unwrap();
        migrate_to(&mut tx, &location, version).unwrap();
        let generation = take_turn(&mut tx).unwrap();
        for (id, unit) in (1_i64..).zip(units) {
            tx.execute("INSERT INTO tilmech.units (id) VALUES ($1)", &[&id])
                .unwrap();
            for seg in Prepared::from(unit.clone()).incoming() {
                tx.execute(
                    "INSERT INTO tilmech.segments (unit_id, lang, text, key) VALUES ($1, $2, $3, $4)",
                    &[&id, &seg.lang, &seg.seg.text, &seg.key],
                )
                .unwrap();
            }
        }
        log_everything(&mut tx, generation).unwrap();
        tx.commit().unwrap();
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = self.server.connect() {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

impl std::fmt::Display for PgLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Whether `s` is a PostgreSQL connection URL.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

impl PgLocation {
    /// Parses a `postgres://` URL, filling what it leaves out as libpq
    /// does: `PGHOST` (else the Debian socket folder), `PGPORT`, `PGUSER`,
    /// `PGDATABASE`, and the password from `PGPASSWORD` or the password file.
    pub fn parse(url: &str) -> Result<PgLocation, StoreError> {
        let config: postgres::Config =
            url.parse()
                .map_err(|e: postgres::Error| StoreError::PgUrl {
                    url: redact(url),
                    what: e.to_string(),
                })?;
        let mut config = config;
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if config.get_hosts().is_empty() {
            match env("PGHOST") {
                Some(h) => {
                    config.host(&h);
                }
                None => {
                    config.host("/var/run/postgresql");
                }
            }
        }
        if config.get_ports().is_empty() {
            if let Some(p) = env("PGPORT").and_then(|p| p.parse().ok()) {
                config.port(p);
            }
        }
        if config.get_user().is_none() {
            let user = env("PGUSER").or_else(|| env("USER")).unwrap_or_default();
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            let db = env("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or("").into());
            config.dbname(&db);
        }
        let (host, port, user, db) = address(&config);
        let shown = show(&config);
        if config.get_password().is_none() {
            if let Some(p) = env("PGPASSWORD") {
                config.password(p);
            } else if let Some(p) = pgpass_password(&host, port, &user, &db) {
                config.password(p);
            }
        }
        Ok(PgLocation {
            url: url.to_string(),
            config,
            shown,
        })
    }

    /// The URL as given, without its password: what a journal may record
    /// (the password comes again from the environment or the password file).
    pub fn without_password(&self) -> String {
        redact_password(&self.url, "")
    }

    /// The database name.
    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or("")
    }

    /// The same server and role, database `db`.
    pub fn with_dbname(&self, db: &str) -> PgLocation {
        let mut config = self.config.clone();
        config.dbname(db);
        let shown = show(&config);
        PgLocation {
            url: shown.clone(),
            config,
            shown,
        }
    }

    /// A connection, with tilmech's session settings.
    pub fn connect(&self) -> Result<Client, StoreError> {
        let mut client = self
            .config
            .connect(NoTls)
            .map_err(|source| self.error(source))?;
        // A writer waits for another writer's turn, but not forever.
        client
            .batch_execute("SET lock_timeout = '10min'; SET client_min_messages = warning")
            .map_err(|source| self.error(source))?;
        Ok(client)
    }

    fn error(&self, source: postgres::Error) -> StoreError {
        // Every statement runs under the connection's lock timeout, so any
        // of them may be the one that waited too long for another writer.
        if source.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            return StoreError::PgLocked {
                memory: self.shown.clone(),
            };
        }
        StoreError::Pg {
            memory: self.shown.clone(),
            source,
        }
    }
}

/// (host or socket folder, port, user, database) of a filled-in configuration.
fn address(config: &postgres::Config) -> (String, u16, String, String) {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(p)) => p.to_string_lossy().into_owned(),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("").to_string();
    let db = config.get_dbname().unwrap_or("").to_string();
    (host, port, user, db)
}

/// The URL of a configuration as messages show it: never a password.
fn show(config: &postgres::Config) -> String {
    let (host, port, user, db) = address(config);
    if host.starts_with('/') {
        format!("postgres://{user}@/{db}?host={host}")
    } else {
        format!("postgres://{user}@{host}:{port}/{db}")
    }
}

/// `url` with any password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    redact_password(url, ":***")
}

fn redact_password(url: &str, with: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}{with}@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    // `password=` in the query part too.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("password="))
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// The password libpq would take from `PGPASSFILE` or `~/.pgpass` for this
/// connection: the first line `host:port:database:user:password` whose
/// fields match (`*` matches anything; `localhost` also matches a socket),
/// ignoring the file when others may read it, as libpq does.
fn pgpass_password(host: &str, port: u16, user: &str, db: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    pgpass_lookup(&text, host, port, db, user)
}

/// The matching line's password in the text of a password file.
fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let is = |field: &str, value: &str| field == "*" || field == value;
        let host_ok = is(&fields[0], host) || (host.starts_with('/') && fields[0] == "localhost");
        if host_ok && is(&fields[1], &port) && is(&fields[2], db) && is(&fields[3], user) {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

/// The `:`-separated fields of a password-file line, `\:` and `\\` unescaped.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("one field").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// Prepared statements of the reading paths a lookup takes many times.
struct Prepared3 {
    get: Statement,
    get_many: Statement,
    previous: Statement,
    generation: Statement,
}

/// A translation memory in a PostgreSQL database.
pub struct PgStore {
    client: RefCell<Client>,
    location: PgLocation,
    memory_id: i64,
    writable: bool,
    statements: Prepared3,
    /// Inside [`PgStore::consistent`]: reads already share one snapshot.
    in_snapshot: Cell<bool>,
}

/// What the database at a location holds.
enum Found {
    Nothing,
    Memory,
}

impl PgStore {
    /// Opens (making it in an empty database) the memory at `location`.
    pub fn open(location: &PgLocation) -> Result<PgStore, StoreError> {
        PgStore::open_with(location, true)
    }

    /// Opens the existing memory at `location` for reading only.
    pub fn open_read(location: &PgLocation) -> Result<PgStore, StoreError> {
        PgStore::open_with(location, false)
    }

    fn open_with(location: &PgLocation, writable: bool) -> Result<PgStore, StoreError> {
        let mut client = location.connect()?;
        let err = |e| location.error(e);
        let found = inspect(&mut client, location)?;
        match (found, writable) {
            (Found::Nothing, false) => {
                return Err(StoreError::Absent {
                    path: PathBuf::from(location.to_string()),
                })
            }
            (Found::Nothing, true) | (Found::Memory, true) => {
                let mut tx = client.transaction().map_err(err)?;
                // Two first opens at once: one makes the schema, the other
                // finds it made (looked at again under the lock).
                tx.execute(
                    "SELECT pg_advisory_xact_lock($1)",
                    &[&i64::from(APPLICATION_ID)],
                )
                .map_err(err)?;
                if let Found::Nothing = inspect(&mut tx, location)? {
                    create(&mut tx, location)?;
                }
                migrate(&mut tx, location)?;
                tx.commit().map_err(err)?;
            }
            (Found::Memory, false) => {
                let version = schema_version(&mut client, location)?;
                if version < PG_SCHEMA_VERSION {
                    return Err(StoreError::PgDenied {
                        memory: location.to_string(),
                        what: format!("the memory has schema version {version} and needs migrating to {PG_SCHEMA_VERSION}, which reading cannot do: run `tilmech tm import` once with a role that may alter the `tilmech` schema"),
                    });
                }
            }
        }
        let memory_id: i64 = client
            .query_one(
                "SELECT value FROM tilmech.meta WHERE key = 'memory_id'",
                &[],
            )
            .map_err(err)?
            .get(0);
        let statements = Prepared3 {
            get: client
                .prepare(
                    "SELECT u.document, u.position, u.author, u.status, u.created, u.changed,
                            s.lang, s.text, s.inline
                       FROM tilmech.units u LEFT JOIN tilmech.segments s ON s.unit_id = u.id
                      WHERE u.id = $1",
                )
                .map_err(err)?,
            get_many: client
                .prepare(
                    "SELECT u.id, u.document, u.position, u.author, u.status, u.created, u.changed,
                            s.lang, s.text, s.inline
                       FROM tilmech.units u LEFT JOIN tilmech.segments s ON s.unit_id = u.id
                      WHERE u.id = ANY($1) ORDER BY u.id",
                )
                .map_err(err)?,
            previous: client
                .prepare(
                    "SELECT p.id FROM tilmech.units u JOIN tilmech.units p
                         ON p.document = u.document AND p.position = u.position - 1
                      WHERE u.id = $1 ORDER BY p.id LIMIT 1",
                )
                .map_err(err)?,
            generation: client
                .prepare("SELECT value FROM tilmech.meta WHERE key = 'generation'")
                .map_err(err)?,
        };
        Ok(PgStore {
            client: RefCell::new(client),
            location: location.clone(),
            memory_id,
            writable,
            statements,
            in_snapshot: Cell::new(false),
        })
    }

    /// Where the memory is.
    pub fn location(&self) -> &PgLocation {
        &self.location
    }

    /// The random number drawn when the memory was made.
    pub fn memory_id(&self) -> u64 {
        self.memory_id as u64
    }

    fn writable(&self) -> Result<(), StoreError> {
        if self.writable {
            return Ok(());
        }
        Err(StoreError::ReadOnly {
            path: PathBuf::from(self.location.to_string()),
        })
    }

    fn err(&self, source: postgres::Error) -> StoreError {
        self.location.error(source)
    }

    /// The write counter: the generation of the change log.
    pub fn log_position(&self) -> Result<u64, StoreError> {
        let row = self
            .client
            .borrow_mut()
            .query_one(&self.statements.generation, &[])
            .map_err(|e| self.err(e))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// Whether the memory holds a segment in `lang`: read from the kept
    /// language counts, as no index of `segments` starts with the language
    /// (a language it lacks would cost a scan of every segment).
    pub fn holds_language(&self, lang: &str) -> Result<bool, StoreError> {
        let row = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM tilmech.language_sets WHERE $1 = ANY(langs))",
                &[&lang],
            )
            .map_err(|e| self.err(e))?;
        Ok(row.get(0))
    }

    /// Runs `f` in one read-only snapshot (repeatable read), so that what
    /// it reads in several queries comes from one state of the memory.
    pub fn consistent<T>(
        &self,
        f: impl FnOnce(&PgStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.in_snapshot.get() {
            return f(self);
        }
        self.client
            .borrow_mut()
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(|e| self.err(e))?;
        self.in_snapshot.set(true);
        let result = f(self);
        self.in_snapshot.set(false);
        let end = self.client.borrow_mut().batch_execute("COMMIT");
        let value = result?;
        end.map_err(|e| self.err(e))?;
        Ok(value)
    }

    /// [`Store::insert_batch`] of units already [`Prepared`].
    pub fn insert_prepared<I, E>(&mut self, units: I) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        self.insert_prepared_with(units, &mut |_, _, _| {})
            .map(|(report, _)| report)
    }

    /// [`PgStore::insert_prepared`] that, when the memory was empty before,
    /// calls `sink` with the unit id, language and text of every segment
    /// stored and returns the generation the batch gave the memory: the
    /// segments passed to `sink` are then all the memory holds at that
    /// generation (as [`SqliteStore::insert_batch_with`](super::SqliteStore::insert_batch_with)).
    pub fn insert_prepared_with<I, E>(
        &mut self,
        units: I,
        sink: &mut dyn FnMut(UnitId, &str, &str),
    ) -> Result<(BatchReport, Option<u64>), StoreError>
    where
        I: IntoIterator<Item = Result<Prepared, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        self.writable()?;
        let location = self.location.clone();
        let err = |e| location.error(e);
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().map_err(err)?;
        let generation = take_turn(&mut tx).map_err(err)?;
        let mut next_id: i64 = tx
            .query_one("SELECT coalesce(max(id), 0) + 1 FROM tilmech.units", &[])
            .map_err(err)?
            .get(0);
        tx.batch_execute(
            "CREATE TEMP TABLE tilmech_changed (id bigint, changed text) ON COMMIT DROP;",
        )
        .map_err(err)?;
        // Into an empty memory, the batch's own units are all there is to
        // merge with: they are found by their hashes, kept here, and the
        // secondary indexes are made once at the end instead of grown row
        // by row (when this role may: it must own the tables).
        let mut seen = (next_id == 1).then(Box::<BatchSeen>::default);
        let fresh = seen.is_some() && afresh(&mut tx).map_err(err)?;
        let mut report = BatchReport::default();
        let mut units = units.into_iter().enumerate().peekable();
        let mut any_changed = false;
        let mut sets = SetCounts::default();
        while units.peek().is_some() {
            let mut chunk = Vec::with_capacity(CHUNK);
            for (index, prepared) in units.by_ref().take(CHUNK) {
                let prepared = prepared.map_err(|e| StoreError::Input { cause: Box::new(e) })?;
                report.read += 1;
                if prepared.norms.is_empty() {
                    return Err(StoreError::EmptyUnit { index });
                }
                chunk.push(prepared);
            }
            let mut known = match &seen {
                Some(seen) => {
                    let mut ids: Vec<UnitId> = chunk
                        .iter()
                        .flat_map(|p| seen.candidates(p.incoming()))
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    load_units(&mut tx, &ids)
                }
                None => load_candidates(&mut tx, &chunk),
            }
            .map_err(err)?;
            let mut new_units: Vec<(UnitId, &Provenance)> = Vec::new();
            let mut new_segments: Vec<(UnitId, Incoming)> = Vec::new();
            let mut log: Vec<(UnitId, &'static str, &str)> = Vec::new();
            let mut changed: Vec<(UnitId, &str)> = Vec::new();
            for prepared in &chunk {
                match known.place(prepared.incoming()) {
                    Placement::Present => report.duplicates += 1,
                    Placement::Merge(id, missing) => {
                        let had = || known.units[&id].keys().map(String::as_str);
                        sets.count(had(), -1);
                        sets.count(had().chain(missing.iter().map(String::as_str)), 1);
                        for seg in prepared
                            .incoming()
                            .filter(|s| missing.iter().any(|l| l == s.lang))
                        {
                            known.add(id, seg);
                            match &mut seen {
                                Some(seen) => seen.add(seg, id),
                                None => log.push((id, "merge", seg.lang)),
                            }
                            new_segments.push((id, seg));
                        }
                        if let Some(c) = &prepared.unit.provenance.changed {
                            changed.push((id, c));
                        }
                        report.merged += 1;
                    }
                    Placement::New => {
                        let id = next_id;
                        next_id += 1;
                        new_units.push((id, &prepared.unit.provenance));
                        sets.count(prepared.incoming().map(|s| s.lang), 1);
                        for seg in prepared.incoming() {
                            known.add(id, seg);
                            match &mut seen {
                                Some(seen) => seen.add(seg, id),
                                None => log.push((id, "insert", seg.lang)),
                            }
                            new_segments.push((id, seg));
                        }
                        report.added += 1;
                    }
                }
            }
            any_changed |= !new_segments.is_empty();
            write_chunk(
                &mut tx,
                generation,
                fresh,
                &new_units,
                &new_segments,
                &log,
                &changed,
            )
            .map_err(err)?;
            if seen.is_some() {
                for (id, seg) in &new_segments {
                    sink(*id, seg.lang, &seg.seg.text);
                }
            }
        }
        if !any_changed {
            // Nothing new: the generation stays as it was.
            drop(tx);
            return Ok((report, None));
        }
        finish(tx, sets, seen.as_ref().map(|_| generation), fresh).map_err(err)?;
        if fresh {
            analyze_filled(&mut client);
        }
        Ok((report, seen.map(|_| generation as u64)))
    }

    /// Writes `units` (with their ids, in id order) into this memory, which
    /// must be empty, as they are: no merging, so a copy of a memory is
    /// that memory, unit for unit.
    pub fn load_verbatim(
        &mut self,
        units: &mut dyn Iterator<Item = Result<(UnitId, Unit), StoreError>>,
    ) -> Result<usize, StoreError> {
        self.writable()?;
        let location = self.location.clone();
        let err = |e| location.error(e);
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().map_err(err)?;
        let generation = take_turn(&mut tx).map_err(err)?;
        let empty: bool = tx
            .query_one("SELECT NOT EXISTS (SELECT 1 FROM tilmech.units)", &[])
            .map_err(err)?
            .get(0);
        if !empty {
            return Err(StoreError::NotEmpty {
                memory: location.to_string(),
            });
        }
        let fresh = afresh(&mut tx).map_err(err)?;
        let mut n = 0;
        let mut sets = SetCounts::default();
        loop {
            let mut chunk: Vec<(UnitId, Unit)> = Vec::with_capacity(CHUNK);
            for item in (&mut *units).take(CHUNK) {
                chunk.push(item?);
            }
            if chunk.is_empty() {
                break;
            }
            n += chunk.len();
            let prepared: Vec<(UnitId, Prepared)> = chunk
                .into_iter()
                .map(|(id, u)| (id, Prepared::from(u)))
                .collect();
            for (_, p) in &prepared {
                sets.count(p.incoming().map(|s| s.lang), 1);
            }
            let new_units: Vec<(UnitId, &Provenance)> = prepared
                .iter()
                .map(|(id, p)| (*id, &p.unit.provenance))
                .collect();
            let new_segments: Vec<(UnitId, Incoming)> = prepared
                .iter()
                .flat_map(|(id, p)| p.incoming().map(move |s| (*id, s)))
                .collect();
            write_chunk(
                &mut tx,
                generation,
                fresh,
                &new_units,
                &new_segments,
                &[],
                &[],
            )
            .map_err(err)?;
        }
        finish(tx, sets, Some(generation), fresh).map_err(err)?;
        if fresh {
            analyze_filled(&mut client);
        }
        Ok(n)
    }

    /// Reads `sql` page by page in unit id order, in one snapshot, calling
    /// `f` with each page's rows outside the connection's borrow (so `f`
    /// may use the store), to the last page. Column 0 is the unit id;
    /// `$1` is the last id of the previous page, `$2` the number of units
    /// a page holds, `$3` is `extra`.
    fn pages(
        &self,
        sql: &str,
        extra: Option<&str>,
        f: &mut dyn FnMut(Vec<postgres::Row>),
    ) -> Result<(), StoreError> {
        self.consistent(|store| {
            let stmt = store
                .client
                .borrow_mut()
                .prepare(sql)
                .map_err(|e| store.err(e))?;
            let mut last: i64 = 0;
            loop {
                let rows = {
                    let mut client = store.client.borrow_mut();
                    match extra {
                        Some(x) => client.query(&stmt, &[&last, &PAGE, &x]),
                        None => client.query(&stmt, &[&last, &PAGE]),
                    }
                    .map_err(|e| store.err(e))?
                };
                let mut ids = 0;
                let mut previous = None;
                for row in &rows {
                    let id: i64 = row.get(0);
                    ids += usize::from(previous != Some(id));
                    previous = Some(id);
                }
                let full = ids as i64 == PAGE;
                if let Some(id) = previous {
                    last = id;
                }
                f(rows);
                if !full {
                    return Ok(());
                }
            }
        })
    }
}

/// Starts a write in `tx`: waits for the memory's write turn (the row of
/// the write counter, held until commit) and returns the generation this
/// write gives the memory. A store opened for reading has no turn.
fn take_turn(tx: &mut postgres::Transaction) -> Result<i64, postgres::Error> {
    Ok(tx
        .query_one(
            "UPDATE tilmech.meta SET value = value + 1 WHERE key = 'generation' RETURNING value",
            &[],
        )?
        .get(0))
}

/// Records in the change log that the write of `generation` filled an
/// empty memory: one row (`op` is `all`) instead of one per segment, which
/// tells a client holding an index from before to rebuild it.
fn log_everything(tx: &mut postgres::Transaction, generation: i64) -> Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO tilmech.changes (generation, unit_id, op, lang) VALUES ($1, 0, 'all', '')",
        &[&generation],
    )?;
    Ok(())
}

/// Reads what the connected database holds, refusing another
/// application's without writing anything.
fn inspect(
    client: &mut impl postgres::GenericClient,
    location: &PgLocation,
) -> Result<Found, StoreError> {
    let err = |e| location.error(e);
    let foreign = |what: String| StoreError::PgForeign {
        memory: location.to_string(),
        what,
    };
    let has_meta: bool = client
        .query_one("SELECT to_regclass('tilmech.meta') IS NOT NULL", &[])
        .map_err(err)?
        .get(0);
    if has_meta {
        // A `tilmech.meta` tilmech cannot read, or without the mark, is
        // not a tilmech memory.
        let mark = client
            .query_opt(
                "SELECT value::bigint FROM tilmech.meta WHERE key::text = 'application_id'",
                &[],
            )
            .map_err(|e| {
                foreign(format!(
                    "it has a `tilmech.meta` table tilmech cannot read ({e})"
                ))
            })?
            .map(|r| r.get::<_, i64>(0));
        if mark == Some(i64::from(APPLICATION_ID)) {
            return Ok(Found::Memory);
        }
        return Err(foreign(
            "its `tilmech.meta` table lacks tilmech's application id".into(),
        ));
    }
    let others: Vec<String> = client
        .query(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
              ORDER BY 1 LIMIT 4",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if !others.is_empty() {
        return Err(foreign(format!(
            "it holds other tables ({}) and no tilmech mark",
            others.join(", ")
        )));
    }
    let schema: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'tilmech')",
            &[],
        )
        .map_err(err)?
        .get(0);
    if schema {
        return Err(foreign(
            "it has a `tilmech` schema without tilmech's mark".into(),
        ));
    }
    Ok(Found::Nothing)
}

/// Makes the schema and its mark in an empty database.
fn create(tx: &mut postgres::Transaction, location: &PgLocation) -> Result<(), StoreError> {
    let made = tx.batch_execute(&format!(
        "CREATE SCHEMA tilmech;
         CREATE TABLE tilmech.meta (key text PRIMARY KEY, value bigint NOT NULL);
         CREATE TABLE tilmech.migrations (version integer PRIMARY KEY,
                                          applied timestamptz NOT NULL DEFAULT now());
         INSERT INTO tilmech.meta VALUES
             ('application_id', {APPLICATION_ID}),
             ('memory_id', ('x' || substr(md5(gen_random_uuid()::text), 1, 16))::bit(64)::bigint),
             ('generation', 0);"
    ));
    made.map_err(|e| denied_or(location, e))
}

/// A permission error as [`StoreError::PgDenied`], with what to ask for.
fn denied_or(location: &PgLocation, source: postgres::Error) -> StoreError {
    if source.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
        let role = location
            .config
            .get_user()
            .unwrap_or("this role")
            .to_string();
        StoreError::PgDenied {
            memory: location.to_string(),
            what: format!(
                "role `{role}` may not create tilmech's schema there ({}); nothing was changed: have the database owner run any `tilmech tm` command once on it, or `GRANT CREATE ON DATABASE {} TO {role}`",
                source.as_db_error().map_or("permission denied", |d| d.message()),
                location.dbname()
            ),
        }
    } else {
        location.error(source)
    }
}

fn schema_version(
    client: &mut impl postgres::GenericClient,
    location: &PgLocation,
) -> Result<i32, StoreError> {
    let version: i32 = client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM tilmech.migrations",
            &[],
        )
        .map_err(|e| location.error(e))?
        .get(0);
    if version > PG_SCHEMA_VERSION {
        return Err(StoreError::Version {
            path: PathBuf::from(location.to_string()),
            found: i64::from(version),
        });
    }
    Ok(version)
}

/// Applies the migrations the memory has not had, under the caller's lock.
fn migrate(tx: &mut postgres::Transaction, location: &PgLocation) -> Result<(), StoreError> {
    migrate_to(tx, location, PG_SCHEMA_VERSION)
}

/// Applies the migrations after the memory's version up to `last`.
fn migrate_to(
    tx: &mut postgres::Transaction,
    location: &PgLocation,
    last: i32,
) -> Result<(), StoreError> {
    let version = schema_version(tx, location)?;
    for (v, sql) in MIGRATIONS
        .iter()
        .filter(|(v, _)| *v > version && *v <= last)
    {
        tx.batch_execute(sql)
            .and_then(|()| tx.execute("INSERT INTO tilmech.migrations (version) VALUES ($1)", &[v]))
            .map_err(|e| denied_or(location, e))?;
    }
    Ok(())
}

/// The stored units a chunk may merge into, and the chunk's own as they
/// are placed: (language, key) → unit ids, and each unit's normalised texts.
#[derive(Default)]
struct Known {
    by_key: FxHashMap<u64, Vec<UnitId>>,
    units: FxHashMap<UnitId, BTreeMap<String, String>>,
}

impl Known {
    fn add(&mut self, id: UnitId, seg: Incoming) {
        self.add_text(id, seg.lang, seg.key, seg.norm.to_string());
    }

    fn add_text(&mut self, id: UnitId, lang: &str, key: i64, norm: String) {
        let ids = self.by_key.entry(lang_key(lang, key)).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
        self.units
            .entry(id)
            .or_default()
            .insert(lang.to_string(), norm);
    }

    /// The same decision as SQLite's `place`: the oldest unit sharing a
    /// language with the same text and none with a different one.
    fn place<'a>(&self, incoming: impl Iterator<Item = Incoming<'a>> + Clone) -> Placement {
        let mut candidates = BTreeSet::new();
        for seg in incoming.clone() {
            if let Some(ids) = self.by_key.get(&lang_key(seg.lang, seg.key)) {
                candidates.extend(ids.iter().copied());
            }
        }
        for id in candidates {
            if let Some(placement) = merge_into(id, &self.units[&id], incoming.clone()) {
                return placement;
            }
        }
        Placement::New
    }
}

/// The indexes a memory has beside its primary keys, as migration 1 made
/// them; made with enough memory to sort their keys at once.
const SECONDARY_INDEXES: &str = "SET LOCAL maintenance_work_mem = '256MB';
     CREATE INDEX segments_by_key ON tilmech.segments (key);
     CREATE INDEX units_by_place ON tilmech.units (document, position);
     CREATE INDEX changes_by_generation ON tilmech.changes (generation);";

/// Readies the empty memory's tables in `tx` for a batch that fills them:
/// drops the [`SECONDARY_INDEXES`] (made again once the rows are written)
/// and truncates `units` and `segments`, so that its `COPY`s may write
/// their rows frozen (`COPY … FREEZE` takes only a table truncated in the
/// writing transaction): the first reads after the import then neither
/// rewrite every page to set its hint bits nor wait for autovacuum's first
/// pass over them (at 1M units, a p99 of 1 s in the first minute). False,
/// with nothing changed, when this role may not (it does not own the
/// tables). Until the batch commits, readers of the memory wait for it.
fn afresh(tx: &mut postgres::Transaction) -> Result<bool, postgres::Error> {
    let mut attempt = tx.transaction()?;
    match attempt.batch_execute(
        "DROP INDEX tilmech.segments_by_key, tilmech.units_by_place, tilmech.changes_by_generation;
         TRUNCATE tilmech.units, tilmech.segments;",
    ) {
        Ok(()) => attempt.commit().map(|()| true),
        Err(e) if e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Ends a write in `tx` and commits it: adds its language-set counts,
/// logs that it filled an empty memory (`filled`, its generation) and
/// makes the secondary indexes again when [`afresh`] dropped them.
fn finish(
    mut tx: postgres::Transaction,
    sets: SetCounts,
    filled: Option<i64>,
    afresh: bool,
) -> Result<(), postgres::Error> {
    sets.write(&mut tx)?;
    if let Some(generation) = filled {
        log_everything(&mut tx, generation)?;
    }
    if afresh {
        tx.batch_execute(SECONDARY_INDEXES)?;
    }
    tx.commit()
}

/// Gathers the planner's statistics of the tables a write filled afresh,
/// after it committed, so that neither the first lookups' plans nor
/// autovacuum's first analyze wait for them. Best effort: the write has
/// committed, so a failure here is not the write's.
fn analyze_filled(client: &mut Client) {
    let _ = client.batch_execute("ANALYZE tilmech.units, tilmech.segments");
}

/// The units `ids`, stored earlier, with all their segments.
fn load_units(tx: &mut postgres::Transaction, ids: &[UnitId]) -> Result<Known, postgres::Error> {
    let mut known = Known::default();
    if ids.is_empty() {
        return Ok(known);
    }
    let rows = tx.query(
        "SELECT unit_id, lang, text, key FROM tilmech.segments WHERE unit_id = ANY($1)",
        &[&ids],
    )?;
    for row in rows {
        let text: &str = row.get(2);
        known.add_text(row.get(0), row.get(1), row.get(3), score::normalize(text));
    }
    Ok(known)
}

/// The stored units sharing a key with a unit of `chunk` (in any language:
/// [`Known::place`] matches the language), with all their segments.
fn load_candidates(
    tx: &mut postgres::Transaction,
    chunk: &[Prepared],
) -> Result<Known, postgres::Error> {
    // Two lookups by array, each through an index: joined with a staging
    // table, the planner chose scans of the whole segments table once it
    // held a few hundred thousand rows, one per chunk.
    let keys: Vec<i64> = chunk
        .iter()
        .flat_map(|p| p.incoming().map(|seg| seg.key))
        .collect();
    let ids: Vec<i64> = tx
        .query(
            "SELECT DISTINCT unit_id FROM tilmech.segments WHERE key = ANY($1)",
            &[&keys],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    load_units(tx, &ids)
}

/// What a write changes in `language_sets`: units gained or lost per set
/// of languages (sorted as bytes, as `stats` pairs them).
#[derive(Default)]
struct SetCounts(BTreeMap<Vec<String>, i64>);

impl SetCounts {
    /// Counts `by` units with the languages `langs`.
    fn count<'a>(&mut self, langs: impl Iterator<Item = &'a str>, by: i64) {
        let set: BTreeSet<&str> = langs.collect();
        if !set.is_empty() {
            let set = set.into_iter().map(str::to_string).collect();
            *self.0.entry(set).or_default() += by;
        }
    }

    /// Adds the counts to the table, in the write's transaction.
    fn write(self, tx: &mut postgres::Transaction) -> Result<(), postgres::Error> {
        for (langs, by) in self.0.into_iter().filter(|(_, by)| *by != 0) {
            tx.execute(
                "INSERT INTO tilmech.language_sets AS s (langs, units) VALUES ($1, $2)
                 ON CONFLICT (langs) DO UPDATE SET units = s.units + excluded.units",
                &[&langs, &by],
            )?;
        }
        tx.execute("DELETE FROM tilmech.language_sets WHERE units = 0", &[])?;
        Ok(())
    }
}

/// Writes a chunk's new units, segments, change-log rows and `changed`
/// times (merged units keep the later of theirs and the incoming one);
/// the units and segments frozen when the tables were made [`afresh`].
fn write_chunk(
    tx: &mut postgres::Transaction,
    generation: i64,
    frozen: bool,
    units: &[(UnitId, &Provenance)],
    segments: &[(UnitId, Incoming)],
    log: &[(UnitId, &'static str, &str)],
    changed: &[(UnitId, &str)],
) -> Result<(), postgres::Error> {
    if !units.is_empty() {
        let sink = tx.copy_in(&format!(
            "COPY tilmech.units (id, document, position, author, status, created, changed)
             FROM STDIN (FORMAT binary, FREEZE {frozen})"
        ))?;
        let t = Type::TEXT;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                t.clone(),
                Type::INT8,
                t.clone(),
                t.clone(),
                t.clone(),
                t,
            ],
        );
        for (id, p) in units {
            let position = p.position.map(i64::from);
            w.write(&[
                id,
                &p.document,
                &position,
                &p.author,
                &p.status,
                &p.created,
                &p.changed,
            ])?;
        }
        w.finish()?;
    }
    if !segments.is_empty() {
        let sink = tx.copy_in(&format!(
            "COPY tilmech.segments (unit_id, lang, text, inline, key, folded)
             FROM STDIN (FORMAT binary, FREEZE {frozen})"
        ))?;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::TEXT,
            ],
        );
        for (id, seg) in segments {
            let inline = inline_to_json(&seg.seg.inline);
            // score::fold of the text: its normalised form lower-cased.
            let folded = seg.norm.to_lowercase();
            w.write(&[id, &seg.lang, &seg.seg.text, &inline, &seg.key, &folded])?;
        }
        w.finish()?;
    }
    if !log.is_empty() {
        let sink = tx.copy_in(
            "COPY tilmech.changes (generation, unit_id, op, lang) FROM STDIN (FORMAT binary)",
        )?;
        let mut w =
            BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8, Type::TEXT, Type::TEXT]);
        for (id, op, lang) in log {
            w.write(&[&generation, id, op, lang])?;
        }
        w.finish()?;
    }
    if !changed.is_empty() {
        let sink = tx.copy_in("COPY tilmech_changed (id, changed) FROM STDIN (FORMAT binary)")?;
        let mut w = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::TEXT]);
        for (id, c) in changed {
            w.write(&[id, c])?;
        }
        w.finish()?;
        // Compared as bytes, as SQLite compares text.
        tx.batch_execute(
            "UPDATE tilmech.units u
                SET changed = greatest(coalesce(u.changed, '') COLLATE \"C\", c.changed COLLATE \"C\")
               FROM (SELECT id, max(changed COLLATE \"C\") AS changed FROM tilmech_changed GROUP BY id) c
              WHERE u.id = c.id;
             TRUNCATE tilmech_changed;",
        )?;
    }
    Ok(())
}

/// Folds the rows of a unit query (provenance columns 0–5, then lang,
/// text, inline) into a unit.
fn unit_from_rows(rows: &[postgres::Row], at: usize) -> Unit {
    let r = &rows[0];
    let position: Option<i64> = r.get(at + 1);
    let mut unit = Unit {
        segments: BTreeMap::new(),
        provenance: Provenance {
            document: r.get(at),
            position: position.map(|p| p as u32),
            author: r.get(at + 2),
            status: r.get(at + 3),
            created: r.get(at + 4),
            changed: r.get(at + 5),
        },
    };
    for r in rows {
        let lang: Option<String> = r.get(at + 6);
        if let Some(lang) = lang {
            let inline: Option<String> = r.get(at + 8);
            unit.segments.insert(
                lang,
                Segment {
                    text: r.get(at + 7),
                    inline: inline.as_deref().map(inline_from_json).unwrap_or_default(),
                },
            );
        }
    }
    unit
}

impl Store for PgStore {
    fn open(location: &str) -> Result<Self, StoreError> {
        PgStore::open(&PgLocation::parse(location)?)
    }

    fn insert_batch<I, E>(&mut self, units: I) -> Result<BatchReport, StoreError>
    where
        I: IntoIterator<Item = Result<Unit, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        self.insert_prepared(units.into_iter().map(|u| u.map(Prepared::from)))
    }

    fn get(&self, id: UnitId) -> Result<Option<Unit>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(&self.statements.get, &[&id])
            .map_err(|e| self.err(e))?;
        Ok((!rows.is_empty()).then(|| unit_from_rows(&rows, 0)))
    }

    fn get_many(&self, ids: &[UnitId]) -> Result<Vec<Option<Unit>>, StoreError> {
        if ids.len() < 2 {
            return ids.iter().map(|&id| self.get(id)).collect();
        }
        let rows = self
            .client
            .borrow_mut()
            .query(&self.statements.get_many, &[&ids])
            .map_err(|e| self.err(e))?;
        let found: FxHashMap<UnitId, Unit> = rows
            .chunk_by(|a, b| a.get::<_, i64>(0) == b.get::<_, i64>(0))
            .map(|group| (group[0].get(0), unit_from_rows(group, 1)))
            .collect();
        Ok(ids.iter().map(|id| found.get(id).cloned()).collect())
    }

    fn for_each_segment(
        &self,
        lang: &str,
        f: &mut dyn FnMut(UnitId, &str),
    ) -> Result<(), StoreError> {
        self.pages(
            "SELECT unit_id, text FROM tilmech.segments
              WHERE lang = $3 AND unit_id > $1 ORDER BY unit_id LIMIT $2",
            Some(lang),
            &mut |rows| {
                for r in &rows {
                    f(r.get(0), r.get(1));
                }
            },
        )
    }

    fn for_each_unit(&self, f: &mut dyn FnMut(UnitId, Unit)) -> Result<(), StoreError> {
        self.pages(
            "SELECT u.id, u.document, u.position, u.author, u.status, u.created, u.changed,
                    s.lang, s.text, s.inline
               FROM (SELECT * FROM tilmech.units WHERE id > $1 ORDER BY id LIMIT $2) u
               LEFT JOIN tilmech.segments s ON s.unit_id = u.id
              ORDER BY u.id",
            None,
            &mut |rows| {
                for group in rows.chunk_by(|a, b| a.get::<_, i64>(0) == b.get::<_, i64>(0)) {
                    f(group[0].get(0), unit_from_rows(group, 1));
                }
            },
        )
    }

    fn previous(&self, id: UnitId) -> Result<Option<Unit>, StoreError> {
        let prev = self
            .client
            .borrow_mut()
            .query_opt(&self.statements.previous, &[&id])
            .map_err(|e| self.err(e))?;
        match prev {
            Some(row) => self.get(row.get(0)),
            None => Ok(None),
        }
    }

    fn search(
        &self,
        phrase: &str,
        lang: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(UnitId, Unit)>, StoreError> {
        // The server compares each segment's folded text, stored as the
        // client folded it, with the folded phrase: the units SQLite's
        // store finds, in unit order. Segments stored before there was a
        // folded column come back with their text, folded here.
        let needle = score::fold(phrase);
        let sql = "SELECT unit_id, lang, text, folded IS NULL FROM tilmech.segments
                    WHERE (unit_id, lang) > ($1, $2) AND ($3::text IS NULL OR lang = $3)
                      AND (folded IS NULL OR strpos(folded, $4) > 0)
                    ORDER BY unit_id, lang LIMIT $5";
        self.consistent(|store| {
            let stmt = store
                .client
                .borrow_mut()
                .prepare(sql)
                .map_err(|e| store.err(e))?;
            let mut ids: Vec<UnitId> = Vec::new();
            let (mut last_id, mut last_lang) = (0_i64, String::new());
            // Rows, not units, per page: a page of a few hundred is enough
            // for the usual handful of hits and stops a rare phrase's scan
            // from holding many rows at once.
            let page = (limit as i64 + 1).clamp(64, 4096);
            while ids.len() < limit {
                let rows = store
                    .client
                    .borrow_mut()
                    .query(&stmt, &[&last_id, &last_lang, &lang, &needle, &page])
                    .map_err(|e| store.err(e))?;
                for r in &rows {
                    let id: UnitId = r.get(0);
                    let unfolded: bool = r.get(3);
                    if ids.len() < limit
                        && ids.last() != Some(&id)
                        && (!unfolded || score::fold(r.get(2)).contains(&needle))
                    {
                        ids.push(id);
                    }
                }
                match rows.last() {
                    Some(r) if rows.len() as i64 == page => {
                        last_id = r.get(0);
                        last_lang = r.get(1);
                    }
                    _ => break,
                }
            }
            let units = store.get_many(&ids)?;
            Ok(ids
                .into_iter()
                .zip(units)
                .filter_map(|(id, u)| Some((id, u?)))
                .collect())
        })
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        self.consistent(|store| {
            let mut client = store.client.borrow_mut();
            let e = |e| store.err(e);
            let units: i64 = client
                .query_one("SELECT count(*) FROM tilmech.units", &[])
                .map_err(e)?
                .get(0);
            let mut stats = Stats {
                units: units as u64,
                ..Stats::default()
            };
            // Byte order, as SQLite compares the codes.
            for r in client
                .query("SELECT langs, units FROM tilmech.language_sets", &[])
                .map_err(e)?
            {
                let langs: Vec<String> = r.get(0);
                let n = r.get::<_, i64>(1) as u64;
                for (i, a) in langs.iter().enumerate() {
                    *stats.languages.entry(a.clone()).or_default() += n;
                    for b in &langs[i + 1..] {
                        *stats.pairs.entry((a.clone(), b.clone())).or_default() += n;
                    }
                }
            }
            let bytes: i64 = client
                .query_one(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'tilmech' AND c.relkind = 'r'",
                    &[],
                )
                .map_err(e)?
                .get(0);
            stats.bytes = bytes as u64;
            Ok(stats)
        })
    }

    fn generation(&self) -> Result<u64, StoreError> {
        // The memory's identity mixed with its write counter: a memory made
        // again in the same database counts from 0 again, but not with
        // the same identity.
        let counter = self.log_position()?;
        Ok(mix(self.memory_id as u64, counter))
    }
}

/// A 64-bit mix (SplitMix64's finaliser) of the memory id and the counter.
fn mix(id: u64, counter: u64) -> u64 {
    let mut z = id ^ counter.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The index of `lang` for `store`, kept in `cache` (a folder; `None`
/// keeps nothing) between runs: a cached index is brought up to date from
/// the change log, and rebuilt from the memory only when there is none or
/// the log since it has grown past a tenth of it.
pub fn index_for(
    store: &PgStore,
    lang: &str,
    cache: Option<&std::path::Path>,
) -> Result<Index, StoreError> {
    let file = cache.map(|dir| cache_file(store, lang, dir));
    let cached = file.as_deref().and_then(|f| Index::load(f).ok());
    if let Some(mut index) = cached {
        if refresh(store, &mut index, lang)? {
            return Ok(index);
        }
    }
    let index = store.consistent(|store| {
        let generation = store.log_position()?;
        let mut builder = Builder::default();
        store.for_each_segment(lang, &mut |id, text| builder.add(id, text))?;
        Ok(builder.finish(generation))
    })?;
    if let Some(file) = &file {
        save(&index, file);
    }
    Ok(index)
}

/// Where the index of `lang` for `store` is kept in the cache folder `dir`.
pub fn cache_file(store: &PgStore, lang: &str, dir: &std::path::Path) -> PathBuf {
    dir.join(format!("pg-{:016x}.{lang}.idx", store.memory_id()))
}

/// Saves `index` as `file`, making its folder: a failed save only costs a
/// rebuild next time.
pub fn save(index: &Index, file: &std::path::Path) {
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = index.save(file);
}

/// Brings `index` (of `lang`, at some generation of `store`) up to the
/// memory's current generation by reading the change log since the
/// generation its saved part was built at. Returns false, leaving
/// `index` as it was, when the log since then is too long to be worth it
/// (or the index is from a later state, which cannot be): rebuild then.
pub fn refresh(store: &PgStore, index: &mut Index, lang: &str) -> Result<bool, StoreError> {
    store.consistent(|store| {
        let now = store.log_position()?;
        if now == index.generation {
            return Ok(true);
        }
        let base = index.base_generation();
        if base > now {
            return Ok(false);
        }
        // One query: the log's `all` rows (a refill: rebuild) sort first,
        // and no more rows are read than a refresh would take.
        let most = 2000.max(index.base_len() / 10);
        let rows = store
            .client
            .borrow_mut()
            .query(
                "SELECT c.unit_id, s.text, c.op = 'all' FROM tilmech.changes c
                   LEFT JOIN tilmech.segments s ON s.unit_id = c.unit_id AND s.lang = c.lang
                  WHERE c.generation > $1 AND c.generation <= $2
                    AND (c.lang = $3 OR c.op = 'all')
                  ORDER BY c.op = 'all' DESC, c.unit_id
                  LIMIT $4",
                &[&(base as i64), &(now as i64), &lang, &(most as i64 + 1)],
            )
            .map_err(|e| store.err(e))?;
        if rows.first().is_some_and(|r| r.get(2)) || rows.len() > most {
            return Ok(false);
        }
        let mut builder = Builder::default();
        for r in &rows {
            if let Some(text) = r.get::<_, Option<&str>>(1) {
                builder.add(r.get(0), text);
            }
        }
        let tail = builder.finish(base);
        let whole = std::mem::take(index);
        *index = whole.with_tail(tail, now);
        Ok(true)
    })
}

/// How long a client may go without looking for other clients' writes.
pub const REFRESH_EVERY: Duration = Duration::from_millis(200);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_a_redacted_url() {
        assert_eq!(
            redact("postgres://ana:s3cret@db.office:5433/tm"),
            "postgres://ana:***@db.office:5433/tm"
        );
        assert_eq!(
            redact("postgres://ana@/tm?host=/run/pg&password=s3cret"),
            "postgres://ana@/tm?host=/run/pg"
        );
        assert_eq!(
            redact_password("postgresql://ana:x@h/tm", ""),
            "postgresql://ana@h/tm"
        );
    }

    #[test]
    fn a_password_file_is_read_as_libpq_reads_it() {
        let text = "# office\n\
                    db.office:5432:tm:ana:first\n\
                    *:*:*:ana:any\\:colon\n\
                    localhost:5432:*:bo:socket\n";
        let find = |h, p, d, u| pgpass_lookup(text, h, p, d, u);
        assert_eq!(
            find("db.office", 5432, "tm", "ana").as_deref(),
            Some("first")
        );
        assert_eq!(
            find("db.office", 5433, "tm", "ana").as_deref(),
            Some("any:colon")
        );
        assert_eq!(
            find("/run/postgresql", 5432, "tm", "bo").as_deref(),
            Some("socket")
        );
        assert_eq!(find("db.office", 5432, "tm", "cy"), None);
    }
}

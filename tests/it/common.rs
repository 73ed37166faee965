//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/`, or `None` with a visible notice so a skipped test is never silent.
pub fn shared(test: &str) -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.is_dir() {
        Some(dir.canonicalize().unwrap())
    } else {
        // Written to the terminal directly: libtest hides what a passing
        // test prints with eprintln!, and a skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: ../shared/ is absent (it holds the reference data; CI has it)"
        );
        None
    }
}

/// A `tilmech` command with colour off, run from `dir`.
pub fn tilmech(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tilmech"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TILMECH_TM");
    cmd
}

/// Runs `cmd` and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("tilmech runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// Creates `target/test-tmp/<name>-<pid>-<n>`.
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = root()
            .join("target/test-tmp")
            .join(format!("{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Stops project discovery here, so no test touches the repository's own TM.
        std::fs::write(dir.join("tilmech.toml"), "").unwrap();
        TempDir(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of the project's templates, locales and example events in a
/// temporary folder, so that a test can break one file.
pub fn project_copy(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    for sub in [
        "templates",
        "locales/en",
        "locales/ru",
        "locales/ky",
        "examples/events",
    ] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(root().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    std::fs::write(dir.path().join("tilmech.toml"), "").unwrap();
    dir
}

/// The forms of `tilmech grammar … --format json`'s output, case → form,
/// in the order printed.
pub fn grammar_forms(out: &str) -> serde_json::Map<String, serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(out).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["case"].as_str().unwrap().to_string(), f["form"].clone()))
        .collect()
}

/// An empty PostgreSQL database of its own on the server `TILMECH_TEST_PG`
/// names (CI starts one), dropped when this is; `None` with a visible
/// notice when no server is given.
pub struct PgDatabase {
    _database: tilmech::tm::store::pg::TestDatabase,
    /// The database's URL, for `--tm`.
    pub url: String,
}

impl PgDatabase {
    /// Creates `tilmech_it_<test>_<pid>`.
    pub fn new(test: &str) -> Option<PgDatabase> {
        let Some(database) = tilmech::tm::store::pg::TestDatabase::create("tilmech_it", test)
        else {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: no PostgreSQL (set TILMECH_TEST_PG; CI starts one)"
            );
            return None;
        };
        let url = database.location().to_string();
        Some(PgDatabase {
            _database: database,
            url,
        })
    }
}

/// An XLIFF 1.2 file translating `e.toml` from en into ru whose `<body>`
/// holds `units` (trans-unit lines), starting on line 4.
pub fn xliff_1_2_ru(units: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
         <file original=\"e.toml\" source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\"><body>\n\
         {units}</body></file></xliff>\n"
    )
}

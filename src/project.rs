//! Finding a tilmech project and its parts: `tilmech.toml`, found in the
//! current directory or its nearest ancestor that has one, names where the
//! locales, templates, example events and translation memory live.
//!
//! Discovery rule (like cargo's `Cargo.toml`): start at the given directory
//! and walk up until a `tilmech.toml` exists; its directory is the project
//! root and every relative path in it is taken from there. Every key has a
//! default, so an empty file (or a directory holding `locales/` without one)
//! is a valid project.
//!
//! A command that works on a file (`render`, `draft`, `review import`) finds
//! the project with [`Project::find`], in this order:
//!
//! 1. `--project DIR`, when given: the project DIR lies in;
//! 2. the nearest folder holding `tilmech.toml` from the file's folder up,
//!    so `tilmech render ~/office/events/x.toml` works from anywhere;
//! 3. the current directory and its ancestors, as above.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The name of the project configuration file.
pub const CONFIG_FILE: &str = "tilmech.toml";

/// A project's configuration, as read from `tilmech.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Folder holding one sub-folder of `.ftl` files per locale.
    pub locales: PathBuf,
    /// Folder holding the document templates.
    pub templates: PathBuf,
    /// Folder holding example event files (rendered by `check`).
    pub events: PathBuf,
    /// The locale translations are compared against.
    pub reference: String,
    /// The locales a release is published in.
    pub languages: Vec<String>,
    /// The translation memory database.
    pub tm: PathBuf,
    /// Folder holding the review files of `tm align --review`, which the
    /// web app lists for correcting and accepting.
    pub alignments: PathBuf,
    /// The office that publishes the releases, for the HTML page.
    pub office: Office,
}

/// The publishing office as a release page shows it (`[office]` in
/// `tilmech.toml`); every part is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Office {
    /// The office's name by language.
    pub name: BTreeMap<String, String>,
    /// Its postal address by language (lines separated by `\n`).
    pub address: BTreeMap<String, String>,
    /// The press contact's telephone number.
    pub phone: Option<String>,
    /// The press contact's e-mail address.
    pub email: Option<String>,
    /// The office's web site.
    pub website: Option<String>,
    /// A logo image (SVG or PNG), embedded in the page.
    pub logo: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            locales: "locales".into(),
            templates: "templates".into(),
            events: "examples/events".into(),
            reference: "en".into(),
            languages: vec!["en".into(), "ru".into(), "ky".into()],
            tm: ".tilmech/tm.sqlite".into(),
            alignments: "alignments".into(),
            office: Office::default(),
        }
    }
}

/// A discovered project: its root and configuration, paths made absolute.
#[derive(Debug, Clone)]
pub struct Project {
    /// The directory holding `tilmech.toml` (or the start directory).
    pub root: PathBuf,
    /// The configuration with every path joined onto `root`.
    pub config: Config,
    /// The files an interrupted `term add` had left half changed, which
    /// finding the project completed (see [`Project::terms_journal`]).
    pub recovered: Vec<PathBuf>,
}

/// Why a project could not be found or read.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// `tilmech.toml` could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `--project DIR` names no directory.
    #[error("{0}: no such directory; expected the folder of a tilmech project (the one holding tilmech.toml)")]
    NoDir(PathBuf),
    /// `tilmech.toml` is not valid.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Parser message with line and column.
        message: String,
    },
    /// An interrupted change of the locales could not be completed.
    #[error(transparent)]
    Journal(#[from] crate::fsutil::JournalError),
}

impl Project {
    /// Finds the project that `start` lies in; without a `tilmech.toml`
    /// anywhere above, `start` itself is taken as the root with defaults.
    pub fn discover(start: &Path) -> Result<Project, ProjectError> {
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        let found = start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file());
        match found {
            Some(root) => Project::open(root),
            None => Project::with_config(&start, Config::default()).recover(),
        }
    }

    /// The project a command on `file` works in: `explicit` (`--project`)
    /// when given, else the nearest `tilmech.toml` above `file`, else the
    /// one [`discover`](Project::discover) finds from `cwd` — the rule in
    /// the module documentation.
    pub fn find(
        explicit: Option<&Path>,
        file: Option<&Path>,
        cwd: &Path,
    ) -> Result<Project, ProjectError> {
        if let Some(dir) = explicit {
            if !dir.is_dir() {
                return Err(ProjectError::NoDir(dir.to_path_buf()));
            }
            return Project::discover(dir);
        }
        let folder = file
            .map(|f| cwd.join(f))
            .and_then(|f| f.canonicalize().ok())
            .and_then(|f| f.parent().map(Path::to_path_buf));
        let found = folder
            .as_deref()
            .and_then(|dir| dir.ancestors().find(|d| d.join(CONFIG_FILE).is_file()));
        match found {
            Some(root) => Project::open(root),
            None => Project::discover(cwd),
        }
    }

    /// Opens the project rooted at `root`, reading its `tilmech.toml` if any.
    pub fn open(root: &Path) -> Result<Project, ProjectError> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Project::with_config(root, Config::default()).recover();
        }
        let text = std::fs::read_to_string(&path).map_err(|source| ProjectError::Io {
            path: path.clone(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| ProjectError::Invalid {
            path: path.clone(),
            message: crate::event::describe_toml_error(&text, &e),
        })?;
        Project::with_config(root, config).recover()
    }

    /// The journal of a `term add`, which writes every locale's
    /// `terms.ftl` as one change: `<locales>/terms.tilmech-journal`.
    pub fn terms_journal(&self) -> PathBuf {
        self.config.locales.join("terms.tilmech-journal")
    }

    /// Completes a change of the locales that a killed run committed, so
    /// that every command sees all of a `term add` or none of it.
    fn recover(mut self) -> Result<Project, ProjectError> {
        self.recovered =
            crate::fsutil::recover_journaled(&self.terms_journal())?.unwrap_or_default();
        Ok(self)
    }

    fn with_config(root: &Path, mut config: Config) -> Project {
        for p in [
            &mut config.locales,
            &mut config.templates,
            &mut config.events,
            &mut config.alignments,
        ] {
            *p = root.join(&*p);
        }
        // A `postgres://` memory is a server's, not a path in the project.
        if !config.tm.to_str().is_some_and(crate::tm::store::pg::is_url) {
            config.tm = root.join(&config.tm);
        }
        if let Some(logo) = &mut config.office.logo {
            *logo = root.join(&*logo);
        }
        Project {
            root: root.to_path_buf(),
            config,
            recovered: Vec::new(),
        }
    }
}

/// Where the translation memory is: `arg` (`--tm`), else `$TILMECH_TM`,
/// else the `tm` setting of the project found from `cwd`.
pub fn memory_location(arg: Option<PathBuf>, cwd: &Path) -> Result<PathBuf, ProjectError> {
    match arg.or_else(memory_from_env) {
        Some(p) => Ok(p),
        None => Ok(Project::discover(cwd)?.config.tm),
    }
}

fn memory_from_env() -> Option<PathBuf> {
    std::env::var_os("TILMECH_TM")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

impl Project {
    /// The memory a command working in this project uses: `arg` (`--tm`),
    /// else `$TILMECH_TM`, else the project's `tm` setting.
    pub fn memory(&self, arg: Option<PathBuf>) -> PathBuf {
        arg.or_else(memory_from_env)
            .unwrap_or_else(|| self.config.tm.clone())
    }
}

//! Finding a tilmech project and its parts: `tilmech.toml`, found in the
//! current directory or its nearest ancestor that has one, names where the
//! locales, templates, example events and translation memory live.
//!
//! Discovery rule (like cargo's `Cargo.toml`): start at the given directory
//! and walk up until a `tilmech.toml` exists; its directory is the project
//! root and every relative path in it is taken from there. Every key has a
//! default, so an empty file (or a directory holding `locales/` without one)
//! is a valid project.

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
    /// `tilmech.toml` is not valid.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Parser message with line and column.
        message: String,
    },
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
            None => Ok(Project::with_config(&start, Config::default())),
        }
    }

    /// Opens the project rooted at `root`, reading its `tilmech.toml` if any.
    pub fn open(root: &Path) -> Result<Project, ProjectError> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Ok(Project::with_config(root, Config::default()));
        }
        let text = std::fs::read_to_string(&path).map_err(|source| ProjectError::Io {
            path: path.clone(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| ProjectError::Invalid {
            path: path.clone(),
            message: crate::event::describe_toml_error(&text, &e),
        })?;
        Ok(Project::with_config(root, config))
    }

    fn with_config(root: &Path, mut config: Config) -> Project {
        for p in [
            &mut config.locales,
            &mut config.templates,
            &mut config.events,
            &mut config.tm,
        ] {
            *p = root.join(&*p);
        }
        if let Some(logo) = &mut config.office.logo {
            *logo = root.join(&*logo);
        }
        Project {
            root: root.to_path_buf(),
            config,
        }
    }
}

/// Where the translation memory is: `arg` (`--tm`), else `$TILMECH_TM`,
/// else the `tm` setting of the project found from `cwd`.
pub fn memory_location(arg: Option<PathBuf>, cwd: &Path) -> Result<PathBuf, ProjectError> {
    if let Some(p) = arg {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("TILMECH_TM").filter(|v| !v.is_empty()) {
        return Ok(p.into());
    }
    Ok(Project::discover(cwd)?.config.tm)
}

//! Checking: locale completeness and correctness for CI.
//!
//! [`check`] loads every `.ftl` file of the reference locale and of each
//! translation, runs every rule in [`RULES`] over them and returns a
//! [`Report`] of [`Finding`]s; [`report`] turns it into human, JSON, GitHub
//! or JUnit text. Nothing here prints.
//!
//! Two layouts are understood ([`Target`]):
//! - a tilmech project (`tilmech.toml`): `<locales>/<locale>/**/*.ftl`,
//!   templates in `<templates>/**/*.j2`, example events;
//! - any Fluent project laid out as `<root>/<locale>/**/*.ftl`, such as
//!   Mozilla's sites; files are matched across locales by their relative path.
//!
//! A rule is one plain function that reads the [`Context`] and pushes
//! findings. Adding a check (a render smoke test, event validation) means
//! writing one more function and listing it in [`RULES`].
//!
//! ```no_run
//! use tilmech::check::{check, Options, Target};
//! let target = Target::LocaleDirs("../shared/fluent/firefox-site".into());
//! let options = Options { reference: "en".into(), locales: vec!["ru".into()], events: vec![] };
//! let report = check(&target, &options).unwrap();
//! println!("{} errors", report.errors());
//! ```

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use crate::project::Project;

pub mod ftl;
pub mod report;
mod rules;
pub mod templates;

pub use ftl::{FtlFile, Pos};
pub use rules::{Rule, RULES};

/// How bad a finding is: errors fail the run, warnings only under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A release would render wrongly or not at all.
    Error,
    /// Something to tidy; harmless at render time.
    Warning,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// A stable machine-readable code such as `missing-message`.
    pub code: &'static str,
    /// The file the problem is in.
    pub file: PathBuf,
    /// Line (1-based).
    pub line: usize,
    /// Column in characters (1-based).
    pub column: usize,
    /// The locale the problem is in.
    pub locale: String,
    /// The message or term id concerned (terms start with `-`).
    pub id: Option<String>,
    /// What is wrong.
    pub message: String,
    /// One line on what to do.
    pub help: String,
    /// Whether the line at the position shows the problem (a code frame
    /// helps); not so for a file-level finding or a missing message.
    pub frame: bool,
}

impl Finding {
    /// A finding at `pos` in `file`; fill in the text with [`Finding::says`].
    pub fn new(
        severity: Severity,
        code: &'static str,
        locale: &str,
        file: &Path,
        pos: Pos,
    ) -> Self {
        Finding {
            severity,
            code,
            file: file.to_path_buf(),
            line: pos.line.max(1),
            column: pos.col.max(1),
            locale: locale.to_string(),
            id: None,
            message: String::new(),
            help: String::new(),
            frame: pos.line > 0,
        }
    }

    /// Marks the position as approximate: no code frame under it.
    pub fn no_frame(mut self) -> Self {
        self.frame = false;
        self
    }

    /// Sets the message or term id.
    pub fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
        self
    }

    /// Sets what is wrong and what to do.
    pub fn says(mut self, message: impl Into<String>, help: impl Into<String>) -> Self {
        self.message = message.into();
        self.help = help.into();
        self
    }
}

/// What to check: a tilmech project or a bare locale-directory tree.
#[derive(Debug, Clone)]
pub enum Target {
    /// A tilmech project: locales, templates and events from its configuration.
    Project(Box<Project>),
    /// `<root>/<locale>/**/*.ftl`, nothing else.
    LocaleDirs(PathBuf),
}

/// Which locales to compare.
#[derive(Debug, Clone)]
pub struct Options {
    /// The locale every other one is compared against.
    pub reference: String,
    /// The translations to check; empty means every locale found (or, for a
    /// project, its configured languages).
    pub locales: Vec<String>,
    /// Event files to validate and render besides the project's examples.
    pub events: Vec<PathBuf>,
}

/// Why the checker could not run at all (as opposed to finding problems).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The locale root does not exist.
    #[error(
        "{0}: no such directory; expected a folder with one sub-folder of .ftl files per locale"
    )]
    NoLocales(PathBuf),
    /// The reference locale has no folder or no `.ftl` file.
    #[error("{dir}: the reference locale `{locale}` has no .ftl files; pass the right one with --reference")]
    NoReference {
        /// The folder looked in.
        dir: PathBuf,
        /// The reference locale.
        locale: String,
    },
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// All `.ftl` files of one locale.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The locale code, as the folder is named.
    pub name: String,
    /// The locale's folder.
    pub dir: PathBuf,
    /// Its files, sorted by relative path.
    pub files: Vec<FtlFile>,
    /// `.ftl` paths that could not be read as text, each with why.
    pub unread: Vec<Unread>,
    /// id → (file index, entry index) of the first definition.
    index: HashMap<ftl::Name, (usize, usize)>,
}

impl Locale {
    /// The file with relative path `rel`.
    pub fn file(&self, rel: &str) -> Option<&FtlFile> {
        self.files
            .binary_search_by(|f| f.rel.as_str().cmp(rel))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Whether `id` is defined nowhere because a syntax error (reported as
    /// such) swallowed it: other rules then stay silent about it.
    pub fn lost(&self, id: &str) -> bool {
        !self.index.contains_key(id) && self.files.iter().any(|f| f.broken.contains(id))
    }

    /// The first definition of `id` in any file of the locale.
    pub fn find(&self, id: &str) -> Option<(&FtlFile, &ftl::Entry)> {
        self.index
            .get(id)
            .map(|&(f, e)| (&self.files[f], &self.files[f].entries[e]))
    }
}

/// An `.ftl` path of a locale that was not read, and why: reported once
/// by the syntax rule, and never also as a missing file.
#[derive(Debug, Clone)]
pub struct Unread {
    /// The path as found.
    pub path: PathBuf,
    /// The path below the locale directory.
    pub rel: String,
    /// Why it was not read.
    pub why: Why,
}

/// Why an `.ftl` path was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The bytes are not UTF-8; the first bad byte is at this position.
    NotUtf8(Pos),
    /// The operating system refused (the OS error's text).
    Unreadable(String),
    /// A FIFO, socket or device: reading it could block forever.
    NotAFile,
}

/// Everything a rule may look at.
pub struct Context<'a> {
    /// The project, when checking one (templates, events).
    pub project: Option<&'a Project>,
    /// Event files given on the command line.
    pub events: &'a [PathBuf],
    /// The reference locale.
    pub reference: &'a Locale,
    /// The translations, in the order asked for.
    pub locales: &'a [Locale],
    /// Translations asked for that have no folder at all.
    pub absent: &'a [(String, PathBuf)],
    /// What [`rules::pattern_pairs`] finds, once for all the rules.
    pattern_pairs: std::sync::OnceLock<Vec<rules::PatternPair<'a>>>,
}

/// The outcome of a check.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, sorted by locale, file, line and column.
    pub findings: Vec<Finding>,
    /// The locales looked at, reference first.
    pub locales: Vec<String>,
    /// How many `.ftl` files were read.
    pub files: usize,
}

impl Report {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// Whether the run fails: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }
}

/// Checks `target` and reports every finding of every rule.
pub fn check(target: &Target, options: &Options) -> Result<Report, CheckError> {
    let (root, project) = match target {
        Target::Project(p) => (p.config.locales.clone(), Some(&**p)),
        Target::LocaleDirs(dir) => (dir.clone(), None),
    };
    if !root.is_dir() {
        return Err(CheckError::NoLocales(root));
    }
    let wanted: Vec<String> = if !options.locales.is_empty() {
        options.locales.clone()
    } else if let Some(p) = project {
        p.config.languages.clone()
    } else {
        locale_dirs(&root)?
    };
    // The reference first, then the locales there are.
    let mut present = vec![&options.reference];
    let mut absent = Vec::new();
    for name in wanted.iter().filter(|l| **l != options.reference) {
        if root.join(name).is_dir() {
            present.push(name);
        } else {
            absent.push((name.clone(), root.join(name)));
        }
    }
    let mut locales = parallel_map(&present, |name| load_locale(&root, name))
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let reference = locales.remove(0);
    if reference.files.is_empty() && reference.unread.is_empty() {
        return Err(CheckError::NoReference {
            dir: root.join(&options.reference),
            locale: options.reference.clone(),
        });
    }
    let cx = Context {
        project,
        events: &options.events,
        reference: &reference,
        locales: &locales,
        absent: &absent,
        pattern_pairs: Default::default(),
    };
    let mut findings: Vec<Finding> = parallel_map(RULES, |rule| {
        let mut out = Vec::new();
        (rule.run)(&cx, &mut out);
        out
    })
    .into_iter()
    .flatten()
    .collect();
    findings.sort_by(|a, b| {
        let order = |l: &str| {
            std::iter::once(&options.reference)
                .chain(wanted.iter())
                .position(|w| w == l)
                .unwrap_or(usize::MAX)
        };
        (order(&a.locale), &a.file, a.line, a.column, a.code).cmp(&(
            order(&b.locale),
            &b.file,
            b.line,
            b.column,
            b.code,
        ))
    });
    let report = Report {
        findings,
        locales: std::iter::once(reference.name.clone())
            .chain(locales.iter().map(|l| l.name.clone()))
            .collect(),
        files: reference.files.len() + locales.iter().map(|l| l.files.len()).sum::<usize>(),
    };
    // Freeing the summaries of a large project is a tenth of the check's
    // time; nothing waits for it, so it happens beside the report.
    std::thread::spawn(move || drop((reference, locales)));
    Ok(report)
}

/// Every sub-folder of `root` that holds at least one `.ftl` file, sorted.
fn locale_dirs(root: &Path) -> Result<Vec<String>, CheckError> {
    let mut out = Vec::new();
    for entry in read_dir(root)? {
        if entry.is_dir() {
            let mut files = Vec::new();
            collect_ftl(&entry, &mut files, &mut HashSet::new())?;
            if !files.is_empty() {
                if let Some(name) = entry.file_name().and_then(|n| n.to_str()) {
                    out.push(name.to_string());
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, CheckError> {
    let io = |source| CheckError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        out.push(entry.map_err(io)?.path());
    }
    out.sort();
    Ok(out)
}

/// A path found below a locale folder: a regular `.ftl` file, or an `.ftl`
/// name that is something else.
enum Found {
    File(PathBuf),
    Unread(PathBuf, Why),
}

/// Walks `dir` for `.ftl` paths, entering each real folder once, so that
/// a symlink loop (`sub/up -> ..`) neither recurses forever nor reads a
/// folder twice.
fn collect_ftl(
    dir: &Path,
    out: &mut Vec<Found>,
    seen: &mut HashSet<PathBuf>,
) -> Result<(), CheckError> {
    if let Ok(real) = dir.canonicalize() {
        if !seen.insert(real) {
            return Ok(());
        }
    }
    for path in read_dir(dir)? {
        let is_ftl = path.extension().is_some_and(|e| e == "ftl");
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => collect_ftl(&path, out, seen)?,
            Ok(m) if is_ftl && m.is_file() => out.push(Found::File(path)),
            Ok(_) if is_ftl => out.push(Found::Unread(path, Why::NotAFile)),
            // A dangling link or a link loop named *.ftl.
            Err(e) if is_ftl => out.push(Found::Unread(path, Why::Unreadable(e.to_string()))),
            _ => {}
        }
    }
    Ok(())
}

/// `f` of each item, in order, computed on as many threads as the machine
/// has cores: locales parse independently, and rules only read.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break out };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Reads and parses every `.ftl` file under `root/name`.
pub fn load_locale(root: &Path, name: &str) -> Result<Locale, CheckError> {
    let dir = root.join(name);
    let mut found = Vec::new();
    if dir.is_dir() {
        collect_ftl(&dir, &mut found, &mut HashSet::new())?;
    }
    let rel_of = |path: &Path| {
        path.strip_prefix(&dir)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut files = Vec::new();
    let mut unread = Vec::new();
    for f in found {
        let (path, why) = match f {
            Found::Unread(path, why) => (path, why),
            Found::File(path) => match std::fs::read(&path) {
                Err(e) => (path, Why::Unreadable(e.to_string())),
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        // A byte-order mark is not part of the syntax.
                        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                        let rel = rel_of(&path);
                        files.push(ftl::read(path, rel, text));
                        continue;
                    }
                    Err(e) => {
                        let bytes = e.as_bytes();
                        let good = e.utf8_error().valid_up_to();
                        // The valid prefix locates the bad byte.
                        let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
                        let pos = ftl::LineIndex::new(prefix).pos(good);
                        (path, Why::NotUtf8(pos))
                    }
                },
            },
        };
        let rel = rel_of(&path);
        unread.push(Unread { path, rel, why });
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let entries = files.iter().map(|f| f.entries.len()).sum();
    let mut index = HashMap::with_capacity_and_hasher(entries, Default::default());
    for (fi, f) in files.iter().enumerate() {
        for (ei, e) in f.entries.iter().enumerate() {
            index.entry(e.id.clone()).or_insert((fi, ei));
        }
    }
    Ok(Locale {
        name: name.to_string(),
        dir,
        files,
        unread,
        index,
    })
}

#[cfg(test)]
mod proptest;
#[cfg(test)]
mod tests;

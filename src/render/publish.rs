//! Writing a set of rendered releases to a folder as one outcome.
//!
//! A release that half-exists is worse than none: a press officer who sees
//! exit 2 republishes, and a web server that picks up `.en.md` without
//! `.ky.md` serves two languages of a release announced in three. So
//! [`publish`] stages every file under a temporary name beside its target
//! before any target changes; only when all of them are on disk (synced) does
//! it rename them into place. A full disk or a killed run therefore never
//! truncates the previous good release, and a failure while staging leaves
//! the folder exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One rendered release on its way to `dir/<stem>.<lang>.<ext>`.
#[derive(Debug, Clone)]
pub struct Release {
    /// The event file it was rendered from (named in collision messages).
    pub event: PathBuf,
    /// The language code.
    pub lang: String,
    /// The file extension of its format.
    pub ext: &'static str,
    /// The finished file's content.
    pub content: Vec<u8>,
}

/// Why a set of releases was not written; in every case nothing was.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Two different event files would write the same output file.
    #[error(
        "{first} and {second} both write {file}: give events with the same file name separate --out folders, or rename one"
    )]
    SameStem {
        /// The event listed first.
        first: PathBuf,
        /// The event listed later.
        second: PathBuf,
        /// The output file both would write.
        file: PathBuf,
    },
    /// A file could not be staged or moved into place.
    #[error("cannot write {path}: {source} (nothing was written)")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The output path of each release in `dir`, refusing two events that
/// would share one. The same event listed twice is one event.
pub fn plan(dir: &Path, releases: &[Release]) -> Result<Vec<PathBuf>, PublishError> {
    let mut owner: BTreeMap<PathBuf, &Path> = BTreeMap::new();
    let mut paths = Vec::with_capacity(releases.len());
    for r in releases {
        let stem = r.event.file_stem().unwrap_or_default().to_string_lossy();
        let file = dir.join(format!("{stem}.{}.{}", r.lang, r.ext));
        if let Some(first) = owner.get(&file) {
            if !same_file(first, &r.event) {
                return Err(PublishError::SameStem {
                    first: first.to_path_buf(),
                    second: r.event.clone(),
                    file,
                });
            }
        }
        owner.insert(file.clone(), &r.event);
        paths.push(file);
    }
    Ok(paths)
}

/// Writes every release into `dir` (created if absent) as one outcome and
/// returns the files written, in order. The same event given twice is
/// written once.
pub fn publish(dir: &Path, releases: &[Release]) -> Result<Vec<PathBuf>, PublishError> {
    let paths = plan(dir, releases)?;
    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    for (path, r) in paths.into_iter().zip(releases) {
        if !files.iter().any(|(p, _)| *p == path) {
            files.push((path, &r.content));
        }
    }
    let created = !dir.exists();
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PublishError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;

    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = files.iter().try_for_each(|(path, content)| {
        let target = crate::fsutil::resolve_link(path).map_err(write_err(path))?;
        let tmp = crate::fsutil::write_temp_beside(&target, content).map_err(write_err(path))?;
        staged.push((tmp, target));
        Ok(())
    });
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        if created {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e);
    }
    // Renames within one folder allocate no data, so once every file is
    // staged these do not fail for want of space.
    for (i, (tmp, target)) in staged.iter().enumerate() {
        if let Err(source) = std::fs::rename(tmp, target) {
            for (tmp, _) in &staged[i..] {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(PublishError::Write {
                path: target.clone(),
                source,
            });
        }
    }
    // Best effort: some systems cannot open a folder for syncing.
    let _ = crate::fsutil::sync_dir(dir);
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(event: &str, lang: &str, text: &str) -> Release {
        Release {
            event: PathBuf::from(event),
            lang: lang.into(),
            ext: "md",
            content: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn events_with_the_same_stem_in_one_folder_are_refused_naming_both() {
        let err = plan(
            Path::new("out"),
            &[release("a/x.toml", "en", ""), release("b/x.toml", "en", "")],
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("a/x.toml") && msg.contains("b/x.toml"),
            "{msg}"
        );
        assert!(msg.contains("out/x.en.md"), "{msg}");
    }

    #[test]
    fn different_languages_of_one_event_do_not_collide() {
        let paths = plan(
            Path::new("out"),
            &[release("x.toml", "en", ""), release("x.toml", "ru", "")],
        )
        .unwrap();
        assert_eq!(paths, [PathBuf::from("out/x.en.md"), "out/x.ru.md".into()]);
    }
}

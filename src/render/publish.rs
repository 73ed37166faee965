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
use std::fs::File;
use std::io::Write;
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
    /// The finished text.
    pub text: String,
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
    let mut files: Vec<(PathBuf, &str)> = Vec::new();
    for (path, r) in paths.into_iter().zip(releases) {
        if !files.iter().any(|(p, _)| *p == path) {
            files.push((path, &r.text));
        }
    }
    let created = !dir.exists();
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PublishError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;

    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = files.iter().try_for_each(|(path, text)| {
        let target = link_target(path);
        let tmp = temp_name(&target);
        // Recorded before writing, so a half-written temp is removed too.
        staged.push((tmp.clone(), target.clone()));
        stage(&tmp, &target, text).map_err(write_err(path))
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
    sync_dir(dir);
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Writes `text` to `tmp` and syncs it, keeping the permissions of the
/// file it will replace.
fn stage(tmp: &Path, target: &Path, text: &str) -> std::io::Result<()> {
    let mut file = File::options().write(true).create_new(true).open(tmp)?;
    file.write_all(text.as_bytes())?;
    if let Ok(meta) = std::fs::metadata(target) {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()
}

/// A name beside `target` that no other run uses.
fn temp_name(target: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let n = N.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.{}-{n}.tilmech-tmp", std::process::id()))
}

/// Where a symlinked release really lives, so the link survives and its
/// target is updated; `path` itself otherwise.
fn link_target(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => path.canonicalize().unwrap_or(path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Makes the renames durable; best effort, as some systems cannot open a
/// folder for syncing.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
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
            text: text.into(),
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

//! Writing files so that a reader, a crash or a second writer never sees
//! half of one: the new content goes to a temporary file beside the target,
//! is synced, and is renamed over it. A symbolic link is written through:
//! its target is replaced and the link stays.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces (or creates) `path` with `bytes`, all or nothing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_link(path)?;
    let tmp = write_temp_beside(&target, bytes)?;
    let renamed = fs::rename(&tmp, &target);
    if renamed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    renamed?;
    sync_dir(folder(&target))
}

/// One file of a [`replace_together`] change.
#[derive(Debug, Clone)]
pub struct Replacement {
    /// The file.
    pub path: PathBuf,
    /// What it must still hold; `None`: it must not exist.
    pub expected: Option<Vec<u8>>,
    /// What it will hold.
    pub new: Vec<u8>,
}

/// Replaces several files as one change: each [`Replacement`] writes `new`
/// to `path` if the file still holds `expected`. Every new file is staged and synced before any is renamed into
/// place, so an error (a full disk, a file changed meanwhile) leaves every
/// file as it was; a failed rename puts back those already renamed.
pub fn replace_together(files: &[Replacement]) -> io::Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let discard = |staged: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
        }
    };
    for Replacement { path, new, .. } in files {
        let target = match resolve_link(path) {
            Ok(t) => t,
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        };
        match write_temp_beside(&target, new) {
            Ok(tmp) => staged.push((tmp, target)),
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        }
    }
    for (Replacement { expected, .. }, (_, target)) in files.iter().zip(&staged) {
        let now = match fs::read(target) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        };
        if now != *expected {
            discard(&staged);
            return Err(io::Error::other(format!(
                "{} changed while it was being edited: nothing was written, run the command again",
                target.display()
            )));
        }
    }
    for (i, (tmp, target)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(tmp, target) {
            discard(&staged[i..]);
            for (Replacement { expected, .. }, (_, done)) in files.iter().zip(&staged).take(i) {
                let _ = match expected {
                    Some(old) => write_atomic(done, old),
                    None => fs::remove_file(done),
                };
            }
            return Err(e);
        }
    }
    for (_, target) in &staged {
        let _ = sync_dir(folder(target));
    }
    Ok(())
}

/// Creates `path` with `bytes`, all or nothing, failing with
/// [`io::ErrorKind::AlreadyExists`] if it exists, even when another process
/// creates it at the same moment (a hard link never replaces a file).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = write_temp_beside(path, bytes)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    linked?;
    sync_dir(folder(path))
}

/// The file a symbolic link at `path` finally points to (`path` itself when
/// it is no link or does not exist yet).
pub fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Writes `bytes` to a new temporary file beside `target` (same folder, so a
/// rename moves it into place), synced, with `target`'s permissions; the
/// caller renames or removes it.
pub fn write_temp_beside(target: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty());
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    for attempt in 0u32.. {
        let tmp_name = format!(".{name}.{}-{attempt}.tmp", std::process::id());
        let tmp = dir.map_or_else(|| PathBuf::from(&tmp_name), |d| d.join(&tmp_name));
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => continue,
            Err(e) => return Err(e),
        };
        if let Ok(m) = fs::metadata(target) {
            let _ = file.set_permissions(m.permissions());
        }
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(e) = written {
            drop(file);
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        return Ok(tmp);
    }
    unreachable!("the loop returns")
}

/// Appends `bytes` to `path` (created if absent) and syncs it before
/// returning, so that a record reported written survives a crash; a new
/// file's folder entry is synced too. A kill during the write can leave a
/// torn last record, which readers of such journals skip.
pub fn append_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let existed = path.exists();
    let mut file = OpenOptions::new().append(true).create(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if !existed {
        sync_dir(folder(path))?;
    }
    Ok(())
}

/// Makes renames in folder `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    File::open(dir)?.sync_all()
}

/// The folder `path` is in.
fn folder(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tilmech-fsutil-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replace_together_writes_nothing_when_one_file_changed_meanwhile() {
        let dir = tempdir();
        for n in ["a", "b", "c"] {
            fs::write(dir.join(n), "old").unwrap();
        }
        let plan = |c_expected: &str| -> Vec<Replacement> {
            ["a", "b", "c"]
                .iter()
                .map(|n| Replacement {
                    path: dir.join(n),
                    expected: Some(if *n == "c" { c_expected } else { "old" }.into()),
                    new: b"new".to_vec(),
                })
                .collect()
        };
        let err = replace_together(&plan("what c held when read")).unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        for n in ["a", "b", "c"] {
            assert_eq!(fs::read_to_string(dir.join(n)).unwrap(), "old");
        }
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            3,
            "no temporary file is left"
        );
        replace_together(&plan("old")).unwrap();
        for n in ["a", "b", "c"] {
            assert_eq!(fs::read_to_string(dir.join(n)).unwrap(), "new");
        }
    }

    #[test]
    fn a_symlinked_file_is_written_through_the_link() {
        let dir = tempdir();
        fs::write(dir.join("real.toml"), "old").unwrap();
        std::os::unix::fs::symlink("real.toml", dir.join("link.toml")).unwrap();
        write_atomic(&dir.join("link.toml"), b"new").unwrap();
        assert!(fs::symlink_metadata(dir.join("link.toml"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(dir.join("real.toml")).unwrap(), "new");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file is left");
    }

    #[test]
    fn write_new_never_replaces_a_file() {
        let dir = tempdir();
        let path = dir.join("a.toml");
        write_new(&path, b"first").unwrap();
        let err = write_new(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }
}

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

/// One file of a [`replace_journaled`] change.
#[derive(Debug, Clone)]
pub struct Replacement {
    /// The file.
    pub path: PathBuf,
    /// What it must still hold; `None`: it must not exist.
    pub expected: Option<Vec<u8>>,
    /// What it will hold.
    pub new: Vec<u8>,
}

/// What a [`replace_journaled`] change writes before its first rename:
/// every file's text before and after, enough to finish it after a kill.
#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    files: Vec<JournalFile>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct JournalFile {
    /// The file written (its symbolic links resolved).
    path: PathBuf,
    /// Its text before; `None`: it did not exist.
    before: Option<String>,
    after: String,
}

/// Why a journaled change could not be finished.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// A file, the journal or its folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The journal of an interrupted change cannot be completed.
    #[error("{journal}: {message}")]
    Stuck {
        /// The journal, kept.
        journal: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
}

/// Replaces several text files as one change: each [`Replacement`] writes
/// `new` to `path` if the file still holds `expected`, all or nothing, a
/// kill -9 included, by the redo protocol of `review import` (see `src/draft/review.rs`): with
/// the journal's folder locked, every new file is staged and synced, then
/// the journal (each file's text before and after) is written under a
/// temporary name, synced and renamed to `journal` — **the commit point**
/// — then the files are renamed into place and the journal removed. A run
/// killed before the commit point changed nothing; one killed after it is
/// completed by [`recover_journaled`], which the next run calls.
pub fn replace_journaled(journal: &Path, files: &[Replacement]) -> Result<(), JournalError> {
    let _lock = lock_folder(journal)?;
    recover_locked(journal)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| JournalError::Io { path, source }
    };
    let mut record = Journal { files: Vec::new() };
    for f in files {
        let text = |bytes: &[u8]| {
            String::from_utf8(bytes.to_vec()).map_err(|_| JournalError::Io {
                path: f.path.clone(),
                source: io::Error::other("not UTF-8 text"),
            })
        };
        record.files.push(JournalFile {
            path: resolve_link(&f.path).map_err(io(&f.path))?,
            before: f.expected.as_deref().map(text).transpose()?,
            after: text(&f.new)?,
        });
    }
    let mut staged: Vec<PathBuf> = Vec::new();
    let discard = |staged: &[PathBuf]| {
        for tmp in staged {
            let _ = fs::remove_file(tmp);
        }
    };
    for f in &record.files {
        remove_stale(&f.path);
        match write_temp_beside(&f.path, f.after.as_bytes()) {
            Ok(tmp) => staged.push(tmp),
            Err(e) => {
                discard(&staged);
                return Err(io(&f.path)(e));
            }
        }
    }
    for f in &record.files {
        let now = read_text(&f.path).map_err(io(&f.path));
        if now.as_ref().map(|n| n != &f.before).unwrap_or(true) {
            discard(&staged);
            return Err(now.err().unwrap_or_else(|| JournalError::Io {
                path: f.path.clone(),
                source: io::Error::other(
                    "changed while it was being edited: nothing was written, run the command again",
                ),
            }));
        }
    }
    fault_point("staged");
    let text = serde_json::to_vec(&record).expect("a journal serialises");
    let written = write_temp_beside(journal, &text)
        .and_then(|tmp| fs::rename(&tmp, journal).inspect_err(|_| drop(fs::remove_file(&tmp))))
        .and_then(|()| sync_dir(folder(journal)));
    if let Err(e) = written {
        let _ = fs::remove_file(journal);
        discard(&staged);
        return Err(io(journal)(e));
    }
    fault_point("journal");
    for (i, (tmp, f)) in staged.iter().zip(&record.files).enumerate() {
        fs::rename(tmp, &f.path).map_err(|e| JournalError::Stuck {
            journal: journal.to_path_buf(),
            message: format!(
                "cannot replace {} ({e}); the change is recorded here: run the command again to complete it",
                f.path.display()
            ),
        })?;
        fault_point(&format!("renamed-{}", i + 1));
    }
    finish(journal, &record)
}

/// Completes the change a killed [`replace_journaled`] committed to
/// `journal`, and removes what a run killed before its commit point left
/// beside the files. Returns the files the change wrote, or `None` when
/// there was nothing to complete. A file that holds neither its text
/// before nor after (edited by hand since) stops it, the journal kept.
pub fn recover_journaled(journal: &Path) -> Result<Option<Vec<PathBuf>>, JournalError> {
    if !journal.exists() && !folder(journal).exists() {
        return Ok(None);
    }
    let _lock = match lock_folder(journal) {
        Ok(lock) => lock,
        // A folder that cannot be locked (read-only) has no journal to finish.
        Err(_) if !journal.exists() => return Ok(None),
        Err(e) => return Err(e),
    };
    recover_locked(journal)
}

fn recover_locked(journal: &Path) -> Result<Option<Vec<PathBuf>>, JournalError> {
    let stuck = |message: String| JournalError::Stuck {
        journal: journal.to_path_buf(),
        message,
    };
    let text = match fs::read(journal) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(JournalError::Io {
                path: journal.to_path_buf(),
                source,
            })
        }
    };
    let record: Journal = serde_json::from_slice(&text).map_err(|e| {
        stuck(format!("not a journal tilmech can read ({e}); it records an interrupted change of several files: remove it once they are checked"))
    })?;
    // Every file is looked at before any is written.
    let mut todo = Vec::new();
    for f in &record.files {
        let now = read_text(&f.path).map_err(|source| JournalError::Io {
            path: f.path.clone(),
            source,
        })?;
        if now.as_deref() == Some(f.after.as_str()) {
            continue;
        }
        if now != f.before {
            return Err(stuck(format!(
                "an interrupted change of {} cannot be completed: the file has been edited since; make the change again by hand, then remove this journal",
                f.path.display()
            )));
        }
        todo.push(f);
    }
    for f in todo {
        write_atomic(&f.path, f.after.as_bytes()).map_err(|source| JournalError::Io {
            path: f.path.clone(),
            source,
        })?;
    }
    finish(journal, &record)?;
    Ok(Some(record.files.into_iter().map(|f| f.path).collect()))
}

/// Syncs the files' folders, removes the journal and what killed runs left
/// beside the files.
fn finish(journal: &Path, record: &Journal) -> Result<(), JournalError> {
    for f in &record.files {
        remove_stale(&f.path);
        let _ = sync_dir(folder(&f.path));
    }
    fs::remove_file(journal)
        .and_then(|()| sync_dir(folder(journal)))
        .map_err(|e| JournalError::Stuck {
            journal: journal.to_path_buf(),
            message: format!("the change is complete but its journal could not be removed: {e}"),
        })?;
    fault_point("done");
    Ok(())
}

/// Removes the temporary files [`write_temp_beside`] made for `target` in
/// runs killed before they renamed them. Called under the journal's lock,
/// which every writer of these files holds.
fn remove_stale(target: &Path) {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(folder(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let stale = file
            .to_string_lossy()
            .strip_prefix(&prefix)
            .is_some_and(|rest| {
                rest.strip_suffix(".tmp").is_some_and(|n| {
                    n.split_once('-').is_some_and(|(pid, k)| {
                        [pid, k]
                            .iter()
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    })
                })
            });
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The text of `path`, `None` when it does not exist.
fn read_text(path: &Path) -> io::Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Locks the folder of `journal` until dropped, so that changes recorded
/// there (and their recoveries) take turns.
fn lock_folder(journal: &Path) -> Result<File, JournalError> {
    let dir = folder(journal);
    File::open(dir)
        .and_then(|f| f.lock().map(|()| f))
        .map_err(|source| JournalError::Io {
            path: dir.to_path_buf(),
            source,
        })
}

/// A place where `scripts/fault/` kills the process: in a debug build with
/// `TILMECH_FAULT_POINT` set to `name`, the file `TILMECH_FAULT_MARK` is
/// made and the process waits to be killed. Nothing in a release build.
fn fault_point(name: &str) {
    if cfg!(debug_assertions) && std::env::var("TILMECH_FAULT_POINT").is_ok_and(|p| p == name) {
        if let Some(mark) = std::env::var_os("TILMECH_FAULT_MARK") {
            let _ = fs::write(mark, name);
        }
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
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
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
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
    fn a_journaled_change_writes_nothing_when_one_file_changed_meanwhile() {
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
        let journal = dir.join("j");
        let err = replace_journaled(&journal, &plan("what c held when read")).unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        for n in ["a", "b", "c"] {
            assert_eq!(fs::read_to_string(dir.join(n)).unwrap(), "old");
        }
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            3,
            "no temporary file is left"
        );
        replace_journaled(&journal, &plan("old")).unwrap();
        for n in ["a", "b", "c"] {
            assert_eq!(fs::read_to_string(dir.join(n)).unwrap(), "new");
        }
    }

    /// Three files and the journal a change to them committed, as a run
    /// killed after renaming only the first leaves them.
    fn killed_between_renames(dir: &Path) -> PathBuf {
        let journal = dir.join("terms.tilmech-journal");
        let record = Journal {
            files: ["en", "ru", "ky"]
                .iter()
                .map(|n| JournalFile {
                    path: dir.join(n),
                    before: Some("old".into()),
                    after: format!("new {n}"),
                })
                .collect(),
        };
        fs::write(dir.join("en"), "new en").unwrap();
        fs::write(dir.join("ru"), "old").unwrap();
        fs::write(dir.join("ky"), "old").unwrap();
        fs::write(dir.join(".ru.4242-0.tmp"), "new ru").unwrap();
        fs::write(&journal, serde_json::to_vec(&record).unwrap()).unwrap();
        journal
    }

    #[test]
    fn a_change_killed_between_renames_is_completed_by_the_next_run() {
        let dir = tempdir();
        let journal = killed_between_renames(&dir);
        let done = recover_journaled(&journal)
            .unwrap()
            .expect("a change to complete");
        assert_eq!(done.len(), 3);
        for n in ["en", "ru", "ky"] {
            assert_eq!(fs::read_to_string(dir.join(n)).unwrap(), format!("new {n}"));
        }
        assert!(!journal.exists());
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            3,
            "no temporary file is left"
        );
        assert!(recover_journaled(&journal).unwrap().is_none());
    }

    #[test]
    fn an_interrupted_change_over_a_file_edited_since_is_refused_untouched() {
        let dir = tempdir();
        let journal = killed_between_renames(&dir);
        fs::write(dir.join("ky"), "edited by hand").unwrap();
        let err = recover_journaled(&journal).unwrap_err();
        assert!(err.to_string().contains("edited since"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("ru")).unwrap(), "old");
        assert!(journal.exists(), "the journal is kept");
    }

    #[test]
    fn a_journaled_change_writes_every_file_and_leaves_no_journal() {
        let dir = tempdir();
        fs::write(dir.join("a"), "old").unwrap();
        let journal = dir.join("j");
        let files = [
            Replacement {
                path: dir.join("a"),
                expected: Some(b"old".to_vec()),
                new: b"new a".to_vec(),
            },
            Replacement {
                path: dir.join("b"),
                expected: None,
                new: b"new b".to_vec(),
            },
        ];
        replace_journaled(&journal, &files).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a")).unwrap(), "new a");
        assert_eq!(fs::read_to_string(dir.join("b")).unwrap(), "new b");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
        // Expecting what is no longer there: nothing written.
        let err = replace_journaled(&journal, &files).unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("b")).unwrap(), "new b");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
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

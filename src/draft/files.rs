//! The files a draft consists of, and writing them all or none.
//!
//! A draft folder is where translators work: the XLIFF drafted yesterday
//! may hold today's translations. So an XLIFF already there is replaced
//! only when nobody has worked on it (every target as drafted, none
//! approved), or when the caller says so; and no file is written unless
//! every one can be.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{html, xliff, Draft, Summary};
use crate::fsutil;
use crate::render::{Document, Format};

/// One file of a draft, named relative to the draft folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFile {
    /// File name, e.g. `2021-06-03-rogov.ru.xlf`.
    pub name: String,
    /// Its whole content.
    pub bytes: Vec<u8>,
}

/// Why the draft files were not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An XLIFF that may hold a translator's work is in the way.
    #[error(
        "{} already exists and may hold a translator's work (it is not as drafted). \
         Import it first (`tilmech review import {}`), move it away, or pass --force to replace it",
        path.display(), path.display()
    )]
    WouldReplace {
        /// The XLIFF file.
        path: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// The files of `draft` for the event named `stem`: the release as drafted
/// (`.draft.md`), the XLIFF (`.xlf`, pointing at the event by the relative
/// path `original`), the review page (`.review.html`), and for OmegaT the
/// suggestions as TMX (`.tmx`).
pub fn for_language(
    stem: &str,
    draft: &Draft,
    document: &Document,
    summary: &Summary,
    original: &str,
    layout: xliff::Layout,
) -> io::Result<Vec<DraftFile>> {
    let lang = &draft.to;
    let mut files = vec![
        (
            format!("{stem}.{lang}.draft.md"),
            document.write(Format::Md),
        ),
        (
            format!("{stem}.{lang}.xlf"),
            xliff::write(draft, original, layout),
        ),
        (
            format!("{stem}.{lang}.review.html"),
            html::write(draft, &document.headline, summary),
        ),
    ];
    if layout.cat == xliff::Cat::Omegat {
        files.push((format!("{stem}.{lang}.tmx"), xliff::suggestions_tmx(draft)?));
    }
    Ok(files
        .into_iter()
        .map(|(name, text)| DraftFile {
            name,
            bytes: text.into_bytes(),
        })
        .collect())
}

/// Writes `files` into `dir` (created when missing), each file whole, and
/// none unless all are staged. An existing `.xlf` that differs and may
/// hold someone's work is refused unless `replace`. Returns the paths written, in order.
pub fn write_all(
    dir: &Path,
    files: &[DraftFile],
    replace: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let io_at = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    if !replace {
        for f in files.iter().filter(|f| f.name.ends_with(".xlf")) {
            let path = dir.join(&f.name);
            match fs::read(&path) {
                Ok(old) if old != f.bytes && holds_work(&path) => {
                    return Err(WriteError::WouldReplace { path })
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_at(&path)(e)),
            }
        }
    }
    fs::create_dir_all(dir).map_err(io_at(dir))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for f in files {
        // A symbolic link in the folder is written through, as elsewhere.
        let path = fsutil::resolve_link(&dir.join(&f.name)).map_err(io_at(&dir.join(&f.name)))?;
        match fsutil::write_temp_beside(&path, &f.bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = fs::remove_file(tmp);
                }
                return Err(io_at(&path)(e));
            }
        }
    }
    let mut written = Vec::with_capacity(staged.len());
    for (tmp, path) in staged {
        fs::rename(&tmp, &path).map_err(io_at(&path))?;
        written.push(path);
    }
    let _ = fsutil::sync_dir(dir);
    Ok(written)
}

/// Whether the XLIFF at `path` may hold someone's work: it is not a draft
/// of tilmech's as written, a target differs from what the draft wrote, or
/// a segment is approved (a confirmation changes no text; a draft with
/// `--approve-exact` counts too, to be safe).
fn holds_work(path: &Path) -> bool {
    match xliff::read(path) {
        Ok(file) => file
            .units
            .iter()
            .any(|u| u.approved || u.changed() != Some(false)),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tilmech-draft-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn file(name: &str, text: &str) -> DraftFile {
        DraftFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn redrafting_over_a_translated_xliff_is_refused_and_writes_nothing() {
        let dir = tempdir("refuse");
        write_all(
            &dir,
            &[file("e.ru.xlf", "drafted"), file("e.ru.draft.md", "v1")],
            false,
        )
        .unwrap();
        fs::write(dir.join("e.ru.xlf"), "translated by a person").unwrap();
        let err = write_all(
            &dir,
            &[
                file("e.ru.xlf", "drafted again"),
                file("e.ru.draft.md", "v2"),
            ],
            false,
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::WouldReplace { .. }), "{err}");
        assert_eq!(
            fs::read_to_string(dir.join("e.ru.xlf")).unwrap(),
            "translated by a person"
        );
        assert_eq!(fs::read_to_string(dir.join("e.ru.draft.md")).unwrap(), "v1");
        write_all(&dir, &[file("e.ru.xlf", "drafted again")], true).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("e.ru.xlf")).unwrap(),
            "drafted again"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_same_draft_twice_is_harmless() {
        let dir = tempdir("same");
        let files = [file("e.ky.xlf", "x"), file("e.ky.review.html", "h")];
        write_all(&dir, &files, false).unwrap();
        write_all(&dir, &files, false).unwrap();
        let names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}

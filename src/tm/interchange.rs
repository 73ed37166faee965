//! Moving units between files and a memory, all or nothing: [`import_file`]
//! reads a TSV or TMX file on a thread of its own (parsing and normalising
//! overlap storing) and stores it in one transaction; [`export_file`] writes
//! a TSV or TMX file through a temporary file and a rename. The command line
//! and the web app both call these.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::memory::Memory;
use super::store::{self, BatchReport, Store, StoreError};
use super::tmx::{self, TmxError};
use super::tsv::{self, TsvError};
use super::unit::{Provenance, Unit};
use crate::limits::Limits;

/// The interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// One unit per line, columns in the order of the given languages.
    Tsv,
    /// TMX 1.1–1.4b.
    Tmx,
}

impl FileKind {
    /// The kind `file`'s extension names, for import (`.txt` and `.tab` are
    /// taken as TSV) or export (`.tsv` and `.tmx` only).
    pub fn of(file: &Path, for_import: bool) -> Result<FileKind, InterchangeError> {
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "tsv" => Ok(FileKind::Tsv),
            "tab" | "txt" if for_import => Ok(FileKind::Tsv),
            "tmx" => Ok(FileKind::Tmx),
            _ => Err(InterchangeError::UnknownType {
                path: file.to_path_buf(),
                ext,
                expected: if for_import {
                    ".tsv (with --langs), .tmx or .xlf"
                } else {
                    ".tsv or .tmx"
                },
            }),
        }
    }
}

/// Why an import or export did not happen; in every case nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The file's extension names no format.
    #[error("{}: unknown file type `.{ext}`; expected {expected}", path.display())]
    UnknownType {
        /// The file.
        path: PathBuf,
        /// Its extension.
        ext: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A TSV file was given without its column languages.
    #[error("a TSV file needs its column languages: add --langs en,ru[,ky]")]
    NoLanguages,
    /// The TSV file is malformed.
    #[error(transparent)]
    Tsv(#[from] TsvError),
    /// The TMX file is malformed.
    #[error(transparent)]
    Tmx(#[from] TmxError),
    /// The memory refused the batch.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Export onto the memory itself.
    #[error("{} is the translation memory being exported; choose another file name", .0.display())]
    IsMemory(PathBuf),
    /// Export onto an existing file without `force`.
    #[error("{} exists ({size} bytes); nothing was written: add --force to replace it", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// The export could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// What an import records with each unit, and how a TSV's columns read.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Column languages of a TSV file, in order.
    pub langs: Option<Vec<String>>,
    /// Document name recorded with each unit (default: the file name).
    pub document: Option<String>,
    /// Author recorded with each unit.
    pub author: Option<String>,
    /// What the file may hold.
    pub limits: Limits,
}

/// Told how many bytes of the file have been read, from the reading thread.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Counts the bytes read from a file for [`Progress`]: a TMX file is
/// decoded (perhaps from UTF-16) before it is parsed, so the parser's
/// positions are not the file's.
struct Counting<R> {
    inner: R,
    read: u64,
    progress: Progress,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.progress)(self.read);
        Ok(n)
    }
}

/// Imports `file` into `store` in one transaction and refreshes the index
/// of its source language, so the first lookup does not pay for building it.
pub fn import_file(
    store: &mut Memory,
    file: &Path,
    options: &ImportOptions,
    progress: Progress,
) -> Result<BatchReport, InterchangeError> {
    let now = crate::tm::unit::now_stamp();
    let defaults = Provenance {
        document: options
            .document
            .clone()
            .or_else(|| file.file_name().map(|n| n.to_string_lossy().into_owned())),
        position: None,
        author: options.author.clone(),
        status: Some("imported".into()),
        created: Some(now.clone()),
        changed: Some(now),
    };
    let report = match FileKind::of(file, true)? {
        FileKind::Tsv => {
            let langs = options.langs.clone().ok_or(InterchangeError::NoLanguages)?;
            // Opened here for its errors, and again on the reading thread.
            tsv::Reader::open(file, &langs, Provenance::default())?;
            let (path, columns, limits) = (file.to_path_buf(), langs.clone(), options.limits);
            // Provenance is filled by `store::prepare`; the reader only numbers lines.
            let units = read_ahead(defaults, move || {
                match tsv::Reader::open(&path, &columns, Provenance::default()) {
                    Ok(reader) => {
                        let mut reader = reader.with_limits(&limits);
                        Box::new(std::iter::from_fn(move || {
                            let item = reader.next();
                            progress(reader.bytes_read());
                            item
                        }))
                    }
                    Err(e) => Box::new(std::iter::once(Err(e))),
                }
            });
            store_units(store, units, langs.first())?
        }
        FileKind::Tmx => {
            let limits = options.limits;
            let reader = tmx::read_with(file, &limits)?;
            let source = match &reader.header().srclang {
                Some(tmx::SrcLang::Lang(l)) => Some(l.clone()),
                _ => None,
            };
            drop(reader);
            let path = file.to_path_buf();
            let units = read_ahead(defaults, move || {
                let counted = std::fs::File::open(&path)
                    .map_err(|source| TmxError::Io {
                        path: path.clone(),
                        source,
                    })
                    .and_then(|f| {
                        let inner = std::io::BufReader::with_capacity(1 << 16, f);
                        let input = Counting {
                            inner,
                            read: 0,
                            progress,
                        };
                        tmx::from_reader_with(input, &path, &limits)
                    });
                match counted {
                    Ok(reader) => Box::new(reader),
                    Err(e) => Box::new(std::iter::once(Err(e))),
                }
            });
            store_units(store, units, source.as_ref())?
        }
    };
    Ok(report)
}

/// Stores `units`, refreshing the index of `lang` when one is given.
fn store_units<E>(
    store: &mut Memory,
    units: impl Iterator<Item = Result<store::Prepared, E>>,
    lang: Option<&String>,
) -> Result<BatchReport, StoreError>
where
    E: std::error::Error + Send + Sync + 'static,
{
    store.import_indexed(units, lang.map(String::as_str))
}

type Units<E> = Box<dyn Iterator<Item = Result<Unit, E>>>;

/// The units of the reader `open` makes, with `defaults` filled in and
/// [prepared](store::Prepared), on a thread of their own so that parsing
/// and normalising overlap storing. The reader is made on that thread, as
/// it need not be `Send`; it stops at its first error or when the receiver
/// is dropped.
fn read_ahead<E: Send + 'static>(
    defaults: Provenance,
    open: impl FnOnce() -> Units<E> + Send + 'static,
) -> impl Iterator<Item = Result<store::Prepared, E>> {
    const BATCH: usize = 256;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Result<store::Prepared, E>>>(32);
    std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH);
        for item in store::prepare(open(), defaults) {
            let failed = item.is_err();
            batch.push(item);
            if batch.len() == BATCH || failed {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // A failed send means the import stopped; an error ends the input.
                if send.send(full).is_err() || failed {
                    return;
                }
            }
        }
        let _ = send.send(batch);
    });
    receive.into_iter().flatten()
}

/// Writes every unit of `store` with at least two of `langs` to `file`
/// (TSV columns in `langs` order; TMX with the first as source language),
/// never over the memory itself nor, without `force`, over an existing
/// file. Returns how many units were written. `progress` is told how many
/// units are read of the memory, with a total of 0 while the memory is
/// read, then, as the file is written, how many are written of how many.
pub fn export_file(
    store: &Memory,
    file: &Path,
    langs: &[String],
    force: bool,
    progress: &dyn Fn(u64, u64),
) -> Result<usize, InterchangeError> {
    let kind = FileKind::of(file, false)?;
    if let Ok(existing) = std::fs::metadata(file) {
        if store.file().is_some_and(|m| is_memory_file(m, file)) {
            return Err(InterchangeError::IsMemory(file.to_path_buf()));
        }
        if !force {
            return Err(InterchangeError::Exists {
                path: file.to_path_buf(),
                size: existing.len(),
            });
        }
    }
    let mut units: Vec<Unit> = Vec::new();
    let mut read = 0u64;
    store.for_each_unit(&mut |_, u| {
        read += 1;
        if read.is_multiple_of(1024) {
            progress(read, 0);
        }
        if langs.iter().filter(|l| u.segments.contains_key(*l)).count() >= 2 {
            units.push(u);
        }
    })?;
    progress(read, 0);
    let total = units.len() as u64;
    let step = |i: usize| {
        // Every 256 units: often enough to move, seldom enough to cost nothing.
        if i.is_multiple_of(256) || i as u64 + 1 == total {
            progress(i as u64 + 1, total);
        }
    };
    write_whole(file, |out| {
        if kind == FileKind::Tmx {
            let each = units.iter().enumerate().map(|(i, u)| {
                step(i);
                u.clone()
            });
            tmx::write(out, each, langs, &langs[0])?;
            return Ok(());
        }
        for (i, u) in units.iter().enumerate() {
            step(i);
            let cells: Vec<String> = langs
                .iter()
                .map(|l| {
                    // A tab or line break inside a cell would break the format.
                    u.segments
                        .get(l)
                        .map(|s| s.text.replace(['\t', '\n', '\r'], " "))
                        .unwrap_or_default()
                })
                .collect();
            writeln!(out, "{}", cells.join("\t"))?;
        }
        Ok(())
    })?;
    Ok(units.len())
}

/// Whether `file` is the memory at `memory`, by file identity, so links
/// and other spellings of its path are caught.
fn is_memory_file(memory: &Path, file: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(memory), std::fs::metadata(file)) {
        (Ok(m), Ok(f)) => m.dev() == f.dev() && m.ino() == f.ino(),
        _ => false,
    }
}

/// Writes `file` through `write` into a temporary file beside it and a
/// rename: a reader, or a killed run, never sees half a file, and a failed
/// export leaves the old file as it was.
fn write_whole(
    file: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), InterchangeError> {
    let tmp = store::temp_sibling(file, "export-tmp");
    let written = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            write(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, file));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(InterchangeError::Write {
            path: file.to_path_buf(),
            source,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn a_tmx_import_reports_the_bytes_read_up_to_the_file_size() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/test-tmp")
            .join(format!("interchange-progress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut tmx = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" segtype=\"sentence\" datatype=\"plaintext\" adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/><body>\n",
        );
        for i in 0..3000 {
            tmx.push_str(&format!(
                "<tu><tuv xml:lang=\"en\"><seg>Sentence {i} of the test.</seg></tuv><tuv xml:lang=\"ru\"><seg>Предложение {i} теста.</seg></tuv></tu>\n"
            ));
        }
        tmx.push_str("</body></tmx>\n");
        let file = dir.join("m.tmx");
        std::fs::write(&file, &tmx).unwrap();
        let mut store =
            Memory::Sqlite(crate::tm::store::SqliteStore::open(&dir.join("tm.sqlite")).unwrap());
        let seen = Arc::new(AtomicU64::new(0));
        let calls = Arc::new(AtomicU64::new(0));
        let (s, c) = (seen.clone(), calls.clone());
        let progress: Progress = Arc::new(move |read| {
            s.fetch_max(read, Ordering::Relaxed);
            c.fetch_add(1, Ordering::Relaxed);
        });
        let report = import_file(&mut store, &file, &ImportOptions::default(), progress).unwrap();
        assert_eq!(report.read, 3000);
        // The bar this feeds reached the end, and moved on its way there.
        assert_eq!(seen.load(Ordering::Relaxed), tmx.len() as u64);
        assert!(calls.load(Ordering::Relaxed) > 2);
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

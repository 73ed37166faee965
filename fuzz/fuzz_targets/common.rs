//! What several targets share: a scratch directory per fuzzing process, for
//! the readers that take a path.
#![allow(dead_code)]

use std::path::PathBuf;

/// A directory of this process's own, created once (tmpfs when there is one).
pub fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("tilmech-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Writes `data` to `name` in the scratch directory and returns its path.
pub fn file(name: &str, data: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("scratch subdirectory");
    }
    std::fs::write(&path, data).expect("scratch file");
    path
}

//! The translation memory: units, the store, interchange (TMX, TSV),
//! segmentation, alignment, fuzzy scoring and indexed lookup.

pub mod align;
pub mod diff;
pub mod index;
pub mod interchange;
pub mod lookup;
pub mod memory;
pub mod score;
pub mod segment;
pub mod store;
pub mod tmx;
pub mod tsv;
pub mod unit;

/// `../shared/` for unit tests that read the reference data, or `None`
/// with a notice written to the terminal directly: libtest hides what a
/// passing test prints with `eprintln!`, and a skip must be seen.
#[cfg(test)]
pub(crate) fn shared_for_test(test: &str) -> Option<std::path::PathBuf> {
    use std::io::Write;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: ../shared/ is absent (it holds the reference data; CI has it)"
        );
        None
    }
}

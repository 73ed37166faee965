//! The TSV reader: never panics, units come in file order, it stops after
//! its first error, and no cell it returns is above its size limit.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tilmech::limits::Limits;
use tilmech::tm::tsv;
use tilmech::tm::unit::Provenance;

/// A cell size fuzzed lines reach.
const LIMIT: usize = 32;

fuzz_target!(|data: &[u8]| {
    let langs = vec!["en".to_string(), "ru".to_string(), "ky".to_string()];
    let reader = tsv::Reader::new(
        Box::new(std::io::Cursor::new(data.to_vec())),
        Path::new("fuzz.tsv"),
        &langs,
        Provenance::default(),
    )
    .with_limits(&Limits::with_segment_bytes(LIMIT));
    let mut last = None;
    let mut failed = false;
    for unit in reader.take(10_000) {
        assert!(!failed, "a unit after an error");
        match unit {
            Ok(u) => {
                for (lang, segment) in &u.segments {
                    assert!(langs.contains(lang), "unknown column {lang}");
                    assert!(segment.text.len() <= LIMIT, "a cell above the limit");
                }
                let pos = u.provenance.position;
                assert!(pos > last, "position {pos:?} after {last:?}");
                last = pos;
            }
            Err(_) => failed = true,
        }
    }
});

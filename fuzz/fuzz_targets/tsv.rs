//! The TSV reader: never panics, units come in file order, and it stops
//! after its first error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tilmech::tm::tsv;
use tilmech::tm::unit::Provenance;

fuzz_target!(|data: &[u8]| {
    let langs = vec!["en".to_string(), "ru".to_string(), "ky".to_string()];
    let reader = tsv::Reader::new(
        Box::new(std::io::Cursor::new(data.to_vec())),
        Path::new("fuzz.tsv"),
        &langs,
        Provenance::default(),
    );
    let mut last = None;
    let mut failed = false;
    for unit in reader.take(10_000) {
        assert!(!failed, "a unit after an error");
        match unit {
            Ok(u) => {
                for lang in u.segments.keys() {
                    assert!(langs.contains(lang), "unknown column {lang}");
                }
                let pos = u.provenance.position;
                assert!(pos > last, "position {pos:?} after {last:?}");
                last = pos;
            }
            Err(_) => failed = true,
        }
    }
});

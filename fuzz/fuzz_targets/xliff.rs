//! The review-file reader (`tilmech review import`): never panics, what it
//! returns points inside the file it read, and read under tight limits it
//! returns nothing beyond them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::draft::xliff;
use tilmech::limits::Limits;

/// Small enough for fuzzed inputs to cross them.
const TIGHT: Limits = Limits {
    segment_bytes: 64,
    depth: 4,
    inline_tags: 4,
    units: 2,
};

fuzz_target!(|data: &[u8]| {
    let path = common::file("review.xlf", data);
    let lines = data.split(|&b| b == b'\n').count();
    match xliff::read(&path) {
        Ok(file) => {
            for unit in &file.units {
                assert!(
                    unit.line >= 1 && unit.line <= lines,
                    "unit {} at line {} of {lines}",
                    unit.id,
                    unit.line
                );
                for tag in &unit.target.inline {
                    assert!(
                        tag.offset <= unit.target.text.len()
                            && unit.target.text.is_char_boundary(tag.offset),
                        "inline tag offset {} outside {:?}",
                        tag.offset,
                        unit.target.text
                    );
                }
            }
        }
        Err(e) => assert!(e.line <= lines, "error line {} of {lines}: {e}", e.line),
    }
    if let Ok(file) = xliff::read_with(&path, &TIGHT) {
        assert!(file.units.len() <= TIGHT.units, "{} units", file.units.len());
        for unit in &file.units {
            for text in [&unit.source, &unit.target.text] {
                assert!(
                    text.len() <= TIGHT.segment_bytes,
                    "a segment above the limit: {text:?}"
                );
            }
        }
    }
});

#[path = "common.rs"]
mod common;

//! The review-file reader (`tilmech review import`): never panics, and what
//! it returns points inside the file it read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::draft::xliff;

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
});

#[path = "common.rs"]
mod common;

//! One `.ftl` file through the reader and the whole `check` rule set, as
//! the reference locale and as a translation: no panic, no stack overflow,
//! every finding located inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::check::{self, Options, Target};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = check::ftl::read("fuzz.ftl".into(), "main.ftl".into(), text);
    for e in &file.errors {
        assert!(e.line >= 1 && e.line <= file.lines + 1, "error at line {}", e.line);
    }
    let root = common::scratch().join("locales");
    common::file("locales/en/main.ftl", data);
    common::file("locales/ru/main.ftl", data);
    let options = Options {
        reference: "en".into(),
        locales: Vec::new(),
        events: Vec::new(),
    };
    check::check(&Target::LocaleDirs(root), &options).expect("the checker runs");
});

#[path = "common.rs"]
mod common;

//! A locale as `tilmech render` loads it: a located error or a locale,
//! never a panic (fluent-syntax 0.12 panics on some escapes, and overflows
//! its stack on deep nesting).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::render::locales::{Locale, LocaleError};

fuzz_target!(|data: &[u8]| {
    if std::str::from_utf8(data).is_err() {
        return;
    }
    let lines = data.split(|&b| b == b'\n').count();
    let path = common::file("render/en/main.ftl", data);
    match Locale::load(path.parent().unwrap(), "en") {
        Ok(_) => {}
        Err(LocaleError::Syntax { line, .. }) => assert!(line >= 1 && line <= lines),
        Err(e) => panic!("unexpected error: {e}"),
    }
});

#[path = "common.rs"]
mod common;

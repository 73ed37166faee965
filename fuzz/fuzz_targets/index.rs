//! The persisted index: any bytes load or give an error, never a panic;
//! fuzz.sh runs this with `-rss_limit_mb`, so memory the file's header asks
//! for and fills, beyond any real index, is a finding too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::tm::index::Index;

fuzz_target!(|data: &[u8]| {
    let path = common::file("tm.index", data);
    if let Ok(index) = Index::load(&path) {
        let keys: Vec<String> = ["a", "the", "1"].iter().map(|s| s.to_string()).collect();
        let _ = index.candidates(&keys, 50);
        let _ = index.ids(&keys);
    }
});

#[path = "common.rs"]
mod common;

//! Event TOML: loading and validation never panic, and every error is
//! located inside the text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tilmech::event::{Event, KnownTerms};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.split('\n').count();
    let check = |errors: &[tilmech::event::EventError]| {
        for e in errors {
            assert!(e.line <= lines, "line {} of {lines}: {e}", e.line);
            assert!(!e.message.is_empty(), "an error without a message");
        }
    };
    match Event::parse(Path::new("fuzz.toml"), text.clone()) {
        Ok(event) => {
            let mut known = KnownTerms::new();
            for term in event.term_uses() {
                known.entry(term.id()).or_default();
            }
            if let Err(e) = event.validate_terms(&known) {
                check(&e.0);
            }
            let _ = event.date();
            for lang in ["en", "ru", "ky"] {
                let _ = event.paragraphs(lang);
            }
        }
        Err(e) => {
            assert!(!e.0.is_empty(), "failed without a reason");
            check(&e.0);
        }
    }
});

//! The sentence segmenter for en, ru and ky: sentences are non-empty and
//! concatenate back to the input, whitespace aside.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::tm::segment;

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for lang in ["en", "ru", "ky"] {
        let sentences = segment::split(text, lang);
        for s in &sentences {
            assert!(!s.trim().is_empty(), "{lang}: empty sentence in {text:?}");
        }
        assert_eq!(
            squeeze(&sentences.concat()),
            squeeze(text),
            "{lang}: sentences lose text: {sentences:?}"
        );
    }
});

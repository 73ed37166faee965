//! Score and diff on two strings: a score is 0–100 (101 is only given for
//! context), symmetric, 100 for identical texts; the diff rebuilds both.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmech::tm::diff::{self, Kind};
use tilmech::tm::score::{self, Prepared};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\u{1}').unwrap_or((text, ""));
    let (pa, pb) = (Prepared::new(a), Prepared::new(b));
    let ab = score::score(&pa, &pb);
    assert!(ab <= score::EXACT_MATCH, "score {ab}");
    assert_eq!(ab, score::score(&pb, &pa), "score not symmetric for {a:?} / {b:?}");
    assert_eq!(score::score(&pa, &pa), score::EXACT_MATCH, "{a:?} against itself");
    assert!(score::char_similarity(&score::fold(a), &score::fold(b)) <= 1000);

    let ops = diff::diff(a, b);
    let side = |keep: Kind| -> String {
        ops.iter()
            .filter(|o| o.op == Kind::Equal || o.op == keep)
            .map(|o| o.text.as_str())
            .collect()
    };
    assert_eq!(side(Kind::Delete), a, "diff does not rebuild the stored text");
    assert_eq!(side(Kind::Insert), b, "diff does not rebuild the query");
});

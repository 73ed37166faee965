//! TMX bytes in any encoding: reading never panics, a file that reads
//! gives units whose texts survive export and re-import unchanged, and
//! under tight limits no unit returned exceeds them.
#![no_main]

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tilmech::limits::Limits;
use tilmech::tm::tmx;
use tilmech::tm::unit::Unit;

/// Units beyond this many are not compared (keeps each run fast).
const MAX_UNITS: usize = 200;

fn read_all(bytes: Vec<u8>) -> Option<Vec<Unit>> {
    let reader = tmx::from_reader(Cursor::new(bytes), Path::new("fuzz.tmx")).ok()?;
    let mut units = Vec::new();
    for unit in reader.take(MAX_UNITS) {
        units.push(unit.ok()?);
    }
    Some(units)
}

/// The texts by language, as the writer can carry them (XML 1.0 has no
/// place for most C0 controls, which the writer documents it drops).
fn texts(units: &[Unit]) -> Vec<BTreeMap<String, String>> {
    units
        .iter()
        .map(|u| {
            u.segments
                .iter()
                .map(|(lang, s)| {
                    let carried = s
                        .text
                        .chars()
                        .filter(|&c| !(c < ' ' && c != '\t' && c != '\n' && c != '\r'))
                        .collect();
                    (lang.clone(), carried)
                })
                .collect::<BTreeMap<_, _>>()
        })
        .filter(|m: &BTreeMap<String, String>| !m.is_empty())
        .collect()
}

/// Small enough for fuzzed inputs to cross them.
const TIGHT: Limits = Limits {
    segment_bytes: 64,
    depth: 3,
    inline_tags: 4,
    // Not counted in TMX, which is streamed.
    units: 1,
};

fn within_tight_limits(bytes: &[u8]) {
    let Ok(reader) = tmx::from_reader_with(Cursor::new(bytes.to_vec()), Path::new("t.tmx"), &TIGHT)
    else {
        return;
    };
    for unit in reader.take(MAX_UNITS) {
        let Ok(unit) = unit else { return };
        for segment in unit.segments.values() {
            let markup: usize = segment.inline.iter().map(|t| t.xml.len()).sum();
            assert!(
                segment.text.len() + markup <= TIGHT.segment_bytes,
                "a segment above the limit: {segment:?}"
            );
            assert!(segment.inline.len() <= TIGHT.inline_tags, "{segment:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    within_tight_limits(data);
    let Some(units) = read_all(data.to_vec()) else {
        return;
    };
    let before = texts(&units);
    let mut out = Vec::new();
    tmx::write(&mut out, units, &[], "*all*").expect("writing to memory");
    let again = read_all(out.clone()).unwrap_or_else(|| {
        panic!(
            "tilmech cannot re-read its own TMX:\n{}",
            String::from_utf8_lossy(&out)
        )
    });
    assert_eq!(before, texts(&again), "texts changed through export and re-import");
});

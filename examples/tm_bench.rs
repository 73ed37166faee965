//! Times the translation-memory index and lookup on a memory built from
//! `../shared/bench/build-tm.py` output, and checks a sample against brute force.
//!
//! ```text
//! python3 ../shared/bench/build-tm.py --units 100000 --out target/bench-data
//! tilmech tm --tm target/bench-data/tm.sqlite import target/bench-data/tm.en-ru.tsv --langs en,ru
//! cargo run --release --example tm_bench -- target/bench-data/tm.sqlite target/bench-data/queries.en.tsv
//! ```

use std::time::Instant;

use tilmech::tm::index::Index;
use tilmech::tm::lookup::{self, Query};
use tilmech::tm::store::{SqliteStore, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, tm, queries, ..] = args.as_slice() else {
        return Err("usage: tm_bench TM.sqlite QUERIES.tsv [BRUTE_SAMPLE]".into());
    };
    let sample: usize = args.get(3).map_or(Ok(50), |s| s.parse())?;
    let store = SqliteStore::open(tm.as_ref())?;

    let t = Instant::now();
    let mut segments = Vec::new();
    store.for_each_segment("en", &mut |id, text| segments.push((id, text.to_string())))?;
    let read = t.elapsed();
    let t = Instant::now();
    let index = Index::build(segments, store.generation()?);
    let build = t.elapsed();
    let path = std::env::temp_dir().join("tm_bench.idx");
    index.save(&path)?;
    let size = std::fs::metadata(&path)?.len();
    let t = Instant::now();
    let index = Index::load(&path)?;
    let load = t.elapsed();
    std::fs::remove_file(&path)?;
    println!(
        "{} segments: read {read:.2?}, index build {build:.2?}, saved {:.1} MB, load {load:.2?}",
        index.len(),
        size as f64 / 1e6
    );

    let text = std::fs::read_to_string(queries)?;
    let queries: Vec<&str> = text.lines().filter_map(|l| l.split('\t').nth(1)).collect();
    for min in [70u8, 50] {
        let t = Instant::now();
        let mut found = 0;
        for q in &queries {
            let q = Query {
                text: q,
                from: "en",
                to: "ru",
                min,
                limit: 5,
                previous: None,
            };
            found += usize::from(!lookup::lookup(&store, &index, &q)?.is_empty());
        }
        let per = t.elapsed() / queries.len() as u32;
        println!(
            "min {min}: {} queries, {found} with a match, {per:.2?} per query",
            queries.len()
        );
    }

    let t = Instant::now();
    for q in queries
        .iter()
        .step_by((queries.len() / sample.max(1)).max(1))
        .take(sample)
    {
        let q = Query {
            text: q,
            from: "en",
            to: "ru",
            min: 50,
            limit: 5,
            previous: None,
        };
        let fast: Vec<_> = lookup::lookup(&store, &index, &q)?
            .iter()
            .map(|m| (m.id, m.score))
            .collect();
        let slow: Vec<_> = lookup::lookup_brute(&store, &q)?
            .iter()
            .map(|m| (m.id, m.score))
            .collect();
        assert_eq!(fast, slow, "index and brute force disagree on {:?}", q.text);
    }
    println!(
        "brute force agrees on {sample} sampled queries ({:.2?} per brute-force query)",
        t.elapsed() / sample.max(1) as u32
    );
    Ok(())
}

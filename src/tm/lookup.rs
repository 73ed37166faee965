//! Fuzzy lookup: the best stored translations of a sentence, each with its
//! [score](crate::tm::score), the target with numbers carried over, and a
//! word diff of what differs from the stored source.
//!
//! [`lookup`] draws candidates from an [`Index`]; [`lookup_brute`] scores
//! every unit and exists so tests can prove the index loses nothing. Both
//! finish the same way ([`finish`]): context matches (101) are decided, then
//! results are ordered by score, character similarity, most recent change
//! and unit id, and cut to the limit.
//!
//! ```no_run
//! use tilmech::tm::{lookup::{self, Query}, store::SqliteStore};
//! let store = SqliteStore::open("tm.sqlite".as_ref())?;
//! let index = lookup::index_for(&store, "en")?;
//! let q = Query { text: "40 police officers took part.", from: "en", to: "ru",
//!                 min: 70, limit: 5, previous: None };
//! for m in lookup::lookup(&store, &index, &q)? {
//!     println!("{} {}", m.score, m.target);
//! }
//! # Ok::<(), tilmech::tm::store::StoreError>(())
//! ```

use std::cmp::Reverse;
use std::path::PathBuf;

use super::diff::{self, Op};
use super::index::{Builder, Index};
use super::score::{self, Prepared};
use super::store::{SqliteStore, Store, StoreError, UnitId};
use super::unit::Unit;

/// What to look up.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    /// The sentence to translate.
    pub text: &'a str,
    /// Its language.
    pub from: &'a str,
    /// The language wanted.
    pub to: &'a str,
    /// Lowest score shown (1–101).
    pub min: u8,
    /// Most results shown.
    pub limit: usize,
    /// The sentence before `text` in the caller's document, for context matches.
    pub previous: Option<&'a str>,
}

/// One suggestion.
#[derive(Debug, Clone)]
pub struct Match {
    /// The stored unit's id.
    pub id: UnitId,
    /// 0–101; see [`crate::tm::score`].
    pub score: u8,
    /// The stored source sentence.
    pub source: String,
    /// The stored target with changed numbers replaced.
    pub target: String,
    /// False when a changed number could not be carried over to the target.
    pub numbers_carried: bool,
    /// Word diff from the stored source to the query.
    pub diff: Vec<Op>,
    /// The whole unit, for provenance and other languages.
    pub unit: Unit,
}

/// Looks `q` up through `index` (which must cover `q.from`).
pub fn lookup<S: Store>(store: &S, index: &Index, q: &Query) -> Result<Vec<Match>, StoreError> {
    let pq = Prepared::new(q.text);
    let mut scored = Vec::new();
    for c in index.candidates(&pq.keys, q.min.min(100)) {
        let identical = c.distance == 0
            && store
                .get(c.unit)?
                .and_then(|u| u.segments.get(q.from).map(|s| score::normalize(&s.text)))
                .is_some_and(|n| n == pq.normal);
        scored.push((
            c.unit,
            score::from_distance(c.distance, pq.keys.len(), c.len, identical),
        ));
    }
    finish(store, q, &pq, scored)
}

/// Looks `q` up by scoring every unit in `q.from`: slow, and the reference
/// the index is tested against.
pub fn lookup_brute<S: Store>(store: &S, q: &Query) -> Result<Vec<Match>, StoreError> {
    let pq = Prepared::new(q.text);
    let mut scored = Vec::new();
    store.for_each_segment(q.from, &mut |id, text| {
        scored.push((id, score::score(&pq, &Prepared::new(text))));
    })?;
    finish(store, q, &pq, scored)
}

/// Turns scored units into ordered, cut, fully described matches.
fn finish<S: Store>(
    store: &S,
    q: &Query,
    pq: &Prepared,
    scored: Vec<(UnitId, u8)>,
) -> Result<Vec<Match>, StoreError> {
    let floor = q.min.min(score::EXACT_MATCH);
    let previous = q.previous.map(score::normalize);
    let mut ranked = Vec::new();
    for (id, mut s) in scored {
        if s < floor {
            continue;
        }
        let Some(unit) = store.get(id)? else { continue };
        let (Some(source), Some(_)) = (unit.segments.get(q.from), unit.segments.get(q.to)) else {
            continue;
        };
        if s == score::EXACT_MATCH {
            if let Some(prev) = &previous {
                let stored_prev = store.previous(id)?;
                let same = stored_prev
                    .as_ref()
                    .and_then(|u| u.segments.get(q.from))
                    .is_some_and(|p| score::normalize(&p.text) == *prev);
                if same {
                    s = score::CONTEXT_MATCH;
                }
            }
        }
        if s < q.min {
            continue;
        }
        let sim = score::char_similarity(&pq.folded, &score::fold(&source.text));
        ranked.push((s, sim, unit.provenance.changed.clone(), id, unit));
    }
    ranked.sort_by(|a, b| {
        (Reverse(a.0), Reverse(a.1), Reverse(&a.2), a.3).cmp(&(
            Reverse(b.0),
            Reverse(b.1),
            Reverse(&b.2),
            b.3,
        ))
    });
    ranked.truncate(q.limit);
    Ok(ranked
        .into_iter()
        .map(|(s, _, _, id, unit)| {
            let source = unit.segments[q.from].text.clone();
            let stored_target = &unit.segments[q.to].text;
            let pairs = score::changed_numbers(q.text, &source);
            let (target, numbers_carried) = score::substitute_numbers(stored_target, &pairs);
            Match {
                id,
                score: s,
                diff: diff::diff(&source, q.text),
                source,
                target,
                numbers_carried,
                unit,
            }
        })
        .collect())
}

/// The index of `lang` for `store`: loaded from beside the database when it
/// is current, otherwise built and saved there (a failed save only costs a
/// rebuild next time).
pub fn index_for(store: &SqliteStore, lang: &str) -> Result<Index, StoreError> {
    let generation = store.generation()?;
    let mut path: PathBuf = store.path().to_path_buf().into_os_string().into();
    path.as_mut_os_string().push(format!(".{lang}.idx"));
    if let Some(index) = Index::load(&path).filter(|i| i.generation == generation) {
        return Ok(index);
    }
    let mut builder = Builder::default();
    store.for_each_segment(lang, &mut |id, text| builder.add(id, text))?;
    let index = builder.finish(generation);
    let _ = index.save(&path);
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::unit::{Provenance, Segment};
    use std::path::Path;

    /// A deterministic pseudo-random sequence (64-bit LCG), so the generated
    /// memory is the same on every run.
    struct Lcg(u64);
    impl Lcg {
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            items[(self.0 >> 33) as usize % items.len()]
        }
    }

    const FRAMES: &[&str] = &[
        "The {who} met the {who} in {city} on {num} June.",
        "{num} {who}s took part in the {what} in {city}.",
        "The {what} was organised by the {who} with the support of the OSCE.",
        "According to the {who}, the {what} will continue in {city}.",
        "In {city}, the {who} discussed the {what} and signed {num} agreements.",
        "{city} hosted a {what} for {num} participants.",
        "The {who} thanked the {who} for the {what}.",
        "More than {num} {who}s from {city} attended the {what} last year.",
    ];
    const WHO: &[&str] = &[
        "minister",
        "ambassador",
        "police officer",
        "journalist",
        "mayor",
        "student",
        "expert",
        "head of the office",
    ];
    const WHAT: &[&str] = &[
        "training",
        "conference",
        "round table",
        "seminar",
        "meeting",
        "workshop",
        "election observation",
        "exhibition",
    ];
    const CITY: &[&str] = &[
        "Bishkek",
        "Osh",
        "Naryn",
        "Karakol",
        "Talas",
        "Batken",
        "Jalal-Abad",
    ];
    const NUM: &[&str] = &["3", "25", "40", "1,500", "2.5", "120", "7"];

    fn sentence(rng: &mut Lcg) -> String {
        let frame = rng.pick(FRAMES);
        let mut out = String::new();
        let mut rest = frame;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let j = rest[i..].find('}').unwrap() + i;
            out.push_str(match &rest[i + 1..j] {
                "who" => rng.pick(WHO),
                "what" => rng.pick(WHAT),
                "city" => rng.pick(CITY),
                _ => rng.pick(NUM),
            });
            rest = &rest[j + 1..];
        }
        out.push_str(rest);
        out
    }

    fn temp_store(name: &str) -> (PathBuf, SqliteStore) {
        let dir =
            std::env::temp_dir().join(format!("tilmech-lookup-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = SqliteStore::open(&dir.join("tm.sqlite")).unwrap();
        (dir, store)
    }

    fn unit(en: &str, ru: &str, changed: &str) -> Unit {
        Unit {
            segments: [("en", en), ("ru", ru)]
                .into_iter()
                .map(|(l, t)| (l.to_string(), Segment::plain(t)))
                .collect(),
            provenance: Provenance {
                changed: Some(changed.to_string()),
                ..Provenance::default()
            },
        }
    }

    fn same_results(store: &SqliteStore, queries: &[String]) {
        let index = index_for(store, "en").unwrap();
        let mut nonempty = 0;
        for text in queries {
            for min in [70, 50] {
                let q = Query {
                    text,
                    from: "en",
                    to: "ru",
                    min,
                    limit: 5,
                    previous: None,
                };
                let fast: Vec<(UnitId, u8)> = lookup(store, &index, &q)
                    .unwrap()
                    .iter()
                    .map(|m| (m.id, m.score))
                    .collect();
                let slow: Vec<(UnitId, u8)> = lookup_brute(store, &q)
                    .unwrap()
                    .iter()
                    .map(|m| (m.id, m.score))
                    .collect();
                assert_eq!(fast, slow, "query {text:?} at {min}");
                nonempty += usize::from(!fast.is_empty());
            }
        }
        // The comparison means something only if lookups find things.
        assert!(
            nonempty * 2 > queries.len(),
            "{nonempty} of {}",
            queries.len() * 2
        );
    }

    #[test]
    fn indexed_lookup_equals_brute_force_on_generated_units() {
        let (dir, mut store) = temp_store("generated");
        let mut rng = Lcg(2021);
        let units: Vec<Result<Unit, std::convert::Infallible>> = (0..3000)
            .map(|i| {
                let en = sentence(&mut rng);
                // The "translation" only needs to be distinct and carry the numbers.
                let ru = format!("ПЕРЕВОД {i}: {en}");
                Ok(unit(
                    &en,
                    &ru,
                    &format!("2021-{:02}-01T00:00:00Z", i % 12 + 1),
                ))
            })
            .collect();
        store.insert_batch(units).unwrap();
        let queries: Vec<String> = (0..25).map(|_| sentence(&mut rng)).collect();
        same_results(&store, &queries);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn indexed_lookup_equals_brute_force_on_ntrex() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        let file = shared.join("corpus/ntrex128.en-ru-ky.tsv");
        if !file.is_file() {
            eprintln!("SKIPPED indexed_lookup_equals_brute_force_on_ntrex: ../shared/ is absent");
            return;
        }
        let (dir, mut store) = temp_store("ntrex");
        let langs = ["en", "ru", "ky"].map(String::from);
        let reader = crate::tm::tsv::Reader::open(&file, &langs, Provenance::default()).unwrap();
        store.insert_batch(reader).unwrap();
        // Every 40th sentence with its third word dropped and its last word doubled.
        let mut queries = Vec::new();
        store
            .for_each_segment("en", &mut |id, text| {
                if id % 40 == 0 {
                    let mut words: Vec<&str> = text.split(' ').collect();
                    if words.len() > 3 {
                        words.remove(2);
                    }
                    let last = *words.last().unwrap();
                    words.push(last);
                    queries.push(words.join(" "));
                }
            })
            .unwrap();
        same_results(&store, &queries);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn numbers_are_carried_and_context_scores_101() {
        let (dir, mut store) = temp_store("context");
        let mut first = unit(
            "The training opened.",
            "Тренинг открылся.",
            "2021-06-01T00:00:00Z",
        );
        first.provenance.document = Some("a".into());
        first.provenance.position = Some(0);
        let mut second = unit(
            "25 police officers took part.",
            "Приняли участие 25 сотрудников милиции.",
            "2021-06-01T00:00:00Z",
        );
        second.provenance.document = Some("a".into());
        second.provenance.position = Some(1);
        store
            .insert_batch([Ok::<_, std::convert::Infallible>(first), Ok(second)])
            .unwrap();
        let index = index_for(&store, "en").unwrap();
        let mut q = Query {
            text: "40 police officers took part.",
            from: "en",
            to: "ru",
            min: 70,
            limit: 5,
            previous: None,
        };
        let m = &lookup(&store, &index, &q).unwrap()[0];
        assert_eq!(
            (m.score, m.target.as_str()),
            (99, "Приняли участие 40 сотрудников милиции.")
        );
        q.text = "25 police officers took part.";
        assert_eq!(lookup(&store, &index, &q).unwrap()[0].score, 100);
        q.previous = Some("The training opened.");
        assert_eq!(lookup(&store, &index, &q).unwrap()[0].score, 101);
        q.previous = Some("The training closed.");
        assert_eq!(lookup(&store, &index, &q).unwrap()[0].score, 100);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn ties_go_to_the_closer_spelling_then_the_newer_unit() {
        let (dir, mut store) = temp_store("ties");
        store
            .insert_batch([
                Ok::<_, std::convert::Infallible>(unit(
                    "A big red house.",
                    "Большой красный дом.",
                    "2020-01-01T00:00:00Z",
                )),
                Ok(unit(
                    "A big red mouse.",
                    "Большая красная мышь.",
                    "2020-01-01T00:00:00Z",
                )),
                Ok(unit(
                    "A big red horse.",
                    "Большая красная лошадь.",
                    "2019-01-01T00:00:00Z",
                )),
                Ok(unit(
                    "A big red hoarse.",
                    "Большой красный хриплый.",
                    "2022-01-01T00:00:00Z",
                )),
            ])
            .unwrap();
        let index = index_for(&store, "en").unwrap();
        let q = Query {
            text: "A big red hose.",
            from: "en",
            to: "ru",
            min: 50,
            limit: 5,
            previous: None,
        };
        let ids: Vec<UnitId> = lookup(&store, &index, &q)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        // All score 80. "house" and "horse" are one letter away (the newer,
        // "house", first); "hoarse" and "mouse" two (the newer, "hoarse", first).
        assert_eq!(ids, [1, 3, 4, 2]);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }
}

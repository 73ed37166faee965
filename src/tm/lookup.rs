//! Fuzzy lookup: the best stored translations of a sentence, each with its
//! [score], the target with numbers carried over, and a
//! word diff of what differs from the stored source.
//!
//! [`lookup`] draws candidates from an [`Index`]; [`lookup_brute`] scores
//! every unit and exists so tests can prove the index loses nothing. Both
//! finish the same way (`finish`): context matches (101) are decided, then
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
use rustc_hash::FxHashMap;

use super::score::{self, Pattern, Prepared};
use super::store::{self, BatchReport, SqliteStore, Store, StoreError, UnitId};
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
    let candidates = index.candidates(&pq.keys, q.min.min(100));
    // Units at token distance 0 are read at once to tell identical texts.
    let same: Vec<UnitId> = candidates
        .iter()
        .filter(|c| c.distance == 0)
        .map(|c| c.unit)
        .collect();
    // Kept for `finish`, which would otherwise read them a second time.
    let read: Read = same.iter().copied().zip(store.get_many(&same)?).collect();
    let mut scored = Vec::new();
    for c in candidates {
        let identical = c.distance == 0 && normalises_to(read.get(&c.unit), q.from, &pq.normal);
        scored.push((
            c.unit,
            score::from_distance(c.distance, pq.keys.len(), c.len, identical),
        ));
    }
    finish(store, q, &pq, scored, read)
}

/// Units already read from the store (`None`: not there), by id.
type Read = FxHashMap<UnitId, Option<Unit>>;

/// Looks `q` up by scoring every unit in `q.from`: slow, and the reference
/// the index is tested against.
pub fn lookup_brute<S: Store>(store: &S, q: &Query) -> Result<Vec<Match>, StoreError> {
    let pq = Prepared::new(q.text);
    let mut scored = Vec::new();
    store.for_each_segment(q.from, &mut |id, text| {
        scored.push((id, score::score(&pq, &Prepared::new(text))));
    })?;
    finish(store, q, &pq, scored, Read::default())
}

/// Turns scored units into ordered, cut, fully described matches.
///
/// Units are read from the store one score group at a time, best first,
/// and reading stops once a whole group has filled the limit: a lower score
/// can never rank above it, so a query with thousands of weak candidates
/// reads only a handful of units.
fn finish<S: Store>(
    store: &S,
    q: &Query,
    pq: &Prepared,
    mut scored: Vec<(UnitId, u8)>,
    mut read: Read,
) -> Result<Vec<Match>, StoreError> {
    let floor = q.min.min(score::EXACT_MATCH);
    let previous = q.previous.map(score::normalize);
    scored.retain(|&(_, s)| s >= floor);
    scored.sort_unstable_by_key(|&(id, s)| (Reverse(s), id));
    let mut ranked = Vec::new();
    for group in scored.chunk_by(|a, b| a.1 == b.1) {
        if ranked.len() >= q.limit {
            break;
        }
        // The character similarity only orders units of equal score.
        let tie = group.len() > 1;
        // A group in one read: one round trip to a database server.
        let ids: Vec<UnitId> = group
            .iter()
            .map(|&(id, _)| id)
            .filter(|id| !read.contains_key(id))
            .collect();
        if !ids.is_empty() {
            read.extend(ids.iter().copied().zip(store.get_many(&ids)?));
        }
        for &(id, s) in group {
            let mut s = s;
            let Some(unit) = read.remove(&id).flatten() else {
                continue;
            };
            let (Some(source), Some(_)) = (unit.segments.get(q.from), unit.segments.get(q.to))
            else {
                continue;
            };
            if s == score::EXACT_MATCH {
                if let Some(prev) = &previous {
                    let stored_prev = store.previous(id)?;
                    if normalises_to(Some(&stored_prev), q.from, prev) {
                        s = score::CONTEXT_MATCH;
                    }
                }
            }
            if s < q.min {
                continue;
            }
            let sim = if tie {
                score::char_similarity(&pq.folded, &score::fold(&source.text))
            } else {
                0
            };
            ranked.push((s, sim, unit.provenance.changed.clone(), id, unit));
        }
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
            let (target, numbers_carried) = match score::changed_numbers(q.text, &source) {
                Some(pairs) => score::substitute_numbers(stored_target, &pairs),
                None => (stored_target.clone(), false),
            };
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

/// Every segment of one language as token ids, for scoring all of them
/// without an index: the reference a large benchmark checks the index
/// against, where [`lookup_brute`] (which re-tokenises every text per
/// query) would take hours. It shares no filter with [`Index`]: each
/// segment's full distance is computed.
pub struct BruteForce {
    vocab: FxHashMap<String, u32>,
    units: Vec<UnitId>,
    ends: Vec<usize>,
    tokens: Vec<u32>,
}

impl BruteForce {
    /// Tokenises every segment of `lang` in `store`.
    pub fn new<S: Store>(store: &S, lang: &str) -> Result<BruteForce, StoreError> {
        let mut b = BruteForce {
            vocab: FxHashMap::default(),
            units: Vec::new(),
            ends: Vec::new(),
            tokens: Vec::new(),
        };
        store.for_each_segment(lang, &mut |id, text| {
            for key in score::token_keys(&score::fold(text)) {
                let next = b.vocab.len() as u32;
                let k = *b.vocab.entry(key).or_insert(next);
                b.tokens.push(k);
            }
            b.units.push(id);
            b.ends.push(b.tokens.len());
        })?;
        Ok(b)
    }

    /// Looks `q` up by scoring every segment, on all available cores.
    pub fn lookup<S: Store>(&self, store: &S, q: &Query) -> Result<Vec<Match>, StoreError> {
        let pq = Prepared::new(q.text);
        let ids: Vec<u32> = pq
            .keys
            .iter()
            .map(|k| self.vocab.get(k).copied().unwrap_or(u32::MAX))
            .collect();
        let pattern = Pattern::new(&ids);
        let n = self.units.len();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = n.div_ceil(threads).max(1);
        let parts: Vec<Vec<(UnitId, usize, usize)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|from| {
                    let pattern = &pattern;
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for i in from..(from + chunk).min(n) {
                            let start = if i == 0 { 0 } else { self.ends[i - 1] };
                            let seq = &self.tokens[start..self.ends[i]];
                            out.push((self.units[i], pattern.distance(seq), seq.len()));
                        }
                        out
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a scoring thread panicked"))
                .collect()
        });
        let parts: Vec<(UnitId, usize, usize)> = parts.into_iter().flatten().collect();
        // As `lookup` does: the units at distance 0 in one read, kept for `finish`.
        let same: Vec<UnitId> = parts.iter().filter(|p| p.1 == 0).map(|p| p.0).collect();
        let read: Read = same.iter().copied().zip(store.get_many(&same)?).collect();
        let mut scored = Vec::new();
        for (id, d, len) in parts {
            let identical = d == 0 && normalises_to(read.get(&id), q.from, &pq.normal);
            scored.push((id, score::from_distance(d, pq.keys.len(), len, identical)));
        }
        finish(store, q, &pq, scored, read)
    }
}

/// Whether `unit`, as read, has a segment in `lang` normalising to `normal`.
fn normalises_to(unit: Option<&Option<Unit>>, lang: &str, normal: &str) -> bool {
    unit.and_then(Option::as_ref)
        .and_then(|u| u.segments.get(lang))
        .is_some_and(|s| score::normalize(&s.text) == normal)
}

/// The index of `lang` for `store`: loaded from beside the database when it
/// was built from the memory as it is now (same generation), otherwise
/// built and saved there (a failed save only costs a rebuild next time).
pub fn index_for(store: &SqliteStore, lang: &str) -> Result<Index, StoreError> {
    let path = index_path(store, lang);
    // The generation and the segments are read in one transaction: an
    // index must never carry a generation its content is not from.
    let (index, loaded) = store.consistent(|store| {
        let generation = store.generation()?;
        if let Some(index) = Index::load(&path)
            .ok()
            .filter(|i| i.generation == generation)
        {
            return Ok((index, true));
        }
        let mut builder = Builder::default();
        store.for_each_segment(lang, &mut |id, text| builder.add(id, text))?;
        Ok((builder.finish(generation), false))
    })?;
    // A memory not made yet gets no index file either.
    if !loaded && !store.is_absent() {
        let _ = index.save(&path);
    }
    Ok(index)
}

/// Where the index of `lang` is kept: beside the database.
fn index_path(store: &SqliteStore, lang: &str) -> PathBuf {
    let mut path: PathBuf = store.path().to_path_buf().into_os_string().into();
    path.as_mut_os_string().push(format!(".{lang}.idx"));
    path
}

/// Runs `insert`, which stores units and passes every segment it stores
/// to its sink (unit id, language, text), with a [`Builder`] on a second
/// thread indexing those in `lang`, so that the index's cost hides behind
/// the storing; returns what `insert` returned and the builder.
pub fn indexing<T>(
    lang: &str,
    insert: impl FnOnce(&mut dyn FnMut(UnitId, &str, &str)) -> T,
) -> (T, Builder) {
    const BATCH: usize = 1024;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(UnitId, String)>>(64);
    std::thread::scope(|scope| {
        let builder = scope.spawn(move || {
            let mut builder = Builder::default();
            for batch in receive {
                for (id, text) in batch {
                    builder.add(id, &text);
                }
            }
            builder
        });
        let mut batch = Vec::with_capacity(BATCH);
        let result = insert(&mut |id, l, text| {
            if l == lang {
                batch.push((id, text.to_owned()));
                if batch.len() == BATCH {
                    // The builder only stops by panicking, which join reports.
                    let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                }
            }
        });
        let _ = send.send(batch);
        drop(send);
        (result, builder.join().expect("the index builder panicked"))
    })
}

/// Imports `units` (made by [`store::prepare`]) like [`store::import`]
/// and brings the index of `lang` up to date. Into an empty memory, the index is built on a second thread
/// from the segments as they are stored, so its cost hides behind the
/// import's; otherwise it is rebuilt from the store afterwards.
pub fn import_indexed<I, E>(
    store: &mut SqliteStore,
    units: I,
    lang: &str,
) -> Result<BatchReport, StoreError>
where
    I: IntoIterator<Item = Result<store::Prepared, E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    let (result, builder) = indexing(lang, |sink| store.insert_batch_with(units, sink));
    let (report, fresh) = result?;
    if report.added + report.merged > 0 {
        if let Some(generation) = fresh {
            // The generation of the import itself: another writer may have
            // written since, and its units are not in this index.
            let index = builder.finish(generation);
            // As in `index_for`: a failed save only costs a rebuild later.
            let _ = index.save(&index_path(store, lang));
        } else {
            drop(builder);
            index_for(store, lang)?;
        }
    }
    Ok(report)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tm::unit::{Provenance, Segment};

    /// A deterministic pseudo-random sequence (64-bit LCG), so the generated
    /// memory is the same on every run.
    pub(crate) struct Lcg(pub(crate) u64);
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

    pub(crate) fn sentence(rng: &mut Lcg) -> String {
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
        let brute = BruteForce::new(store, "en").unwrap();
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
                let tokenised: Vec<(UnitId, u8)> = brute
                    .lookup(store, &q)
                    .unwrap()
                    .iter()
                    .map(|m| (m.id, m.score))
                    .collect();
                assert_eq!(tokenised, slow, "query {text:?} at {min}");
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
        let Some(shared) = crate::tm::shared_for_test("indexed_lookup_equals_brute_force_on_ntrex")
        else {
            return;
        };
        let file = shared.join("corpus/ntrex128.en-ru-ky.tsv");
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
    fn an_index_built_during_a_first_import_equals_one_built_from_the_store() {
        let (dir, mut store) = temp_store("import-indexed");
        let mut rng = Lcg(7);
        let mut units: Vec<Result<Unit, std::convert::Infallible>> = (0..2000)
            .map(|i| {
                let en = sentence(&mut rng);
                Ok(unit(
                    &en,
                    &format!("ПЕРЕВОД {i}: {en}"),
                    "2021-01-01T00:00:00Z",
                ))
            })
            .collect();
        // A unit without English, completed with English later in the batch:
        // its English segment arrives out of unit-id order.
        let ky_only = |en: Option<&str>| Unit {
            segments: [("ky", Some("Ош шаарында жамгыр.")), ("en", en)]
                .into_iter()
                .filter_map(|(l, t)| t.map(|t| (l.to_string(), Segment::plain(t))))
                .collect(),
            provenance: Provenance::default(),
        };
        units.insert(0, Ok(ky_only(None)));
        units.push(Ok(ky_only(Some("Rain in Osh."))));
        let units = store::prepare(units, Provenance::default());
        let report = import_indexed(&mut store, units, "en").unwrap();
        assert_eq!((report.added, report.merged), (2001 - report.duplicates, 1));
        let saved = Index::load(&index_path(&store, "en")).unwrap();
        assert_eq!(saved.generation, store.generation().unwrap());
        let mut builder = Builder::default();
        store
            .for_each_segment("en", &mut |id, text| builder.add(id, text))
            .unwrap();
        assert_eq!(saved, builder.finish(store.generation().unwrap()));
        // A second import into the now non-empty memory refreshes it too.
        let snow = unit("Snow in Naryn.", "Снег в Нарыне.", "2021-01-02T00:00:00Z");
        import_indexed(
            &mut store,
            store::prepare(
                [Ok::<_, std::convert::Infallible>(snow)],
                Provenance::default(),
            ),
            "en",
        )
        .unwrap();
        let saved = Index::load(&index_path(&store, "en")).unwrap();
        assert_eq!(saved.generation, store.generation().unwrap());
        assert_eq!(saved.len(), 2001 - report.duplicates + 1);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Queries of more than 64 tokens take the block distance; at `--min 1`
    /// nearly every unit is in the length window of a long query.
    #[test]
    fn a_query_far_longer_than_the_units_scores_them_exactly() {
        let (dir, mut store) = temp_store("long-query");
        let mut rng = Lcg(19);
        let units: Vec<Result<Unit, std::convert::Infallible>> = (0..40)
            .map(|i| {
                let n = [2, 7, 12, 20][i % 4];
                let en: Vec<String> = (0..n).map(|_| sentence(&mut rng)).collect();
                Ok(unit(
                    &en.join(" "),
                    &format!("ПЕРЕВОД {i}"),
                    "2021-01-01T00:00:00Z",
                ))
            })
            .collect();
        store.insert_batch(units).unwrap();
        let index = index_for(&store, "en").unwrap();
        for sentences in [7, 40] {
            let text: Vec<String> = (0..sentences).map(|_| sentence(&mut rng)).collect();
            let text = text.join(" ");
            for min in [1, 20] {
                let q = Query {
                    text: &text,
                    from: "en",
                    to: "ru",
                    min,
                    limit: 50,
                    previous: None,
                };
                let ids = |m: Vec<Match>| m.iter().map(|m| (m.id, m.score)).collect::<Vec<_>>();
                let fast = ids(lookup(&store, &index, &q).unwrap());
                assert_eq!(
                    fast,
                    ids(lookup_brute(&store, &q).unwrap()),
                    "{sentences} at {min}"
                );
                assert!(min > 1 || !fast.is_empty());
            }
        }
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_saved_index_is_not_reused_for_a_changed_or_recreated_memory() {
        type Never = std::convert::Infallible;
        let (dir, mut store) = temp_store("stale");
        let q = Query {
            text: "Rain in Osh.",
            from: "en",
            to: "ru",
            min: 70,
            limit: 5,
            previous: None,
        };
        store
            .insert_batch([Ok::<_, Never>(unit(
                "Sun in Osh.",
                "Солнце в Оше.",
                "2021-01-01T00:00:00Z",
            ))])
            .unwrap();
        let found = |store: &SqliteStore| {
            let index = index_for(store, "en").unwrap();
            lookup(store, &index, &q)
                .unwrap()
                .iter()
                .map(|m| m.target.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&store), ["Солнце в Оше."]);
        store
            .insert_batch([Ok::<_, Never>(unit(
                "Rain in Osh.",
                "Дождь в Оше.",
                "2021-01-02T00:00:00Z",
            ))])
            .unwrap();
        assert_eq!(found(&store), ["Дождь в Оше.", "Солнце в Оше."]);
        // Delete the database but not its index file, and start again.
        drop(store);
        std::fs::remove_file(dir.join("tm.sqlite")).unwrap();
        let _ = std::fs::remove_file(dir.join("tm.sqlite-wal"));
        let mut store = SqliteStore::open(&dir.join("tm.sqlite")).unwrap();
        store
            .insert_batch([Ok::<_, Never>(unit(
                "Snow in Osh.",
                "Снег в Оше.",
                "2021-01-03T00:00:00Z",
            ))])
            .unwrap();
        // Two writes, as before: a generation counted from 0 would match the old file.
        store
            .insert_batch([Ok::<_, Never>(unit(
                "Wind in Naryn.",
                "Ветер в Нарыне.",
                "2021-01-04T00:00:00Z",
            ))])
            .unwrap();
        assert_eq!(found(&store), ["Снег в Оше."]);
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

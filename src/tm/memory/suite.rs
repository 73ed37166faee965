//! The store test suite, run against both backends: every test is a
//! function of a [`World`] (an empty memory of its own), instantiated by
//! [`suite!`] once per backend. The PostgreSQL instances make a database
//! per test on the server `TILMECH_TEST_PG` names (CI starts one with
//! `scripts/pg-cluster.sh`) and drop it afterwards; without the variable
//! they print `SKIPPED …`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use super::{open, Access, Location, Memory};
use crate::tm::lookup::tests::{sentence, Lcg};
use crate::tm::lookup::{self, Query};
use crate::tm::store::pg::TestDatabase;
use crate::tm::store::{BatchReport, PgLocation, Store, StoreError, UnitId};
use crate::tm::unit::{InlineTag, Provenance, Segment, Unit};

type Never = std::convert::Infallible;

/// An empty memory for one test, removed when dropped.
pub(crate) struct World {
    pub(crate) location: Location,
    dir: Option<PathBuf>,
    /// Dropped with the world.
    database: Option<TestDatabase>,
}

impl World {
    pub(crate) fn sqlite(test: &str) -> Option<World> {
        let dir = std::env::temp_dir().join(format!("tilmech-suite-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Some(World {
            location: Location::File(dir.join("tm.sqlite")),
            dir: Some(dir),
            database: None,
        })
    }

    pub(crate) fn postgres(test: &str) -> Option<World> {
        let Some(db) = TestDatabase::create("tilmech_t", test) else {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: no PostgreSQL (set TILMECH_TEST_PG; CI starts one)"
            );
            return None;
        };
        Some(World {
            location: Location::Postgres(Box::new(db.location())),
            dir: None,
            database: Some(db),
        })
    }

    pub(crate) fn open(&self) -> Memory {
        open(&self.location, Access::Write).unwrap()
    }

    /// Makes the empty memory, which opening for writing does not for
    /// SQLite (the first stored unit does).
    pub(crate) fn create(&self) {
        match &self.location {
            Location::File(path) => drop(crate::tm::store::SqliteStore::open(path).unwrap()),
            Location::Postgres(_) => drop(self.open()),
        }
    }

    pub(crate) fn open_read(&self) -> Memory {
        open(&self.location, Access::Read).unwrap()
    }

    /// Makes this PostgreSQL world's memory as code that knew only the
    /// migrations up to `version` left it, holding `units`.
    pub(crate) fn as_schema(&self, version: i32, units: &[Unit]) {
        let db = self.database.as_ref().expect("a PostgreSQL world");
        db.make_at_schema(version, units);
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn unit(pairs: &[(&str, &str)]) -> Unit {
    Unit {
        segments: pairs
            .iter()
            .map(|(l, t)| (l.to_string(), Segment::plain(*t)))
            .collect(),
        provenance: Provenance::default(),
    }
}

fn dated(en: &str, ru: &str, changed: &str) -> Unit {
    let mut u = unit(&[("en", en), ("ru", ru)]);
    u.provenance.changed = Some(changed.to_string());
    u
}

fn all_units(memory: &Memory) -> Vec<(UnitId, Unit)> {
    let mut out = Vec::new();
    memory
        .for_each_unit(&mut |id, u| out.push((id, u)))
        .unwrap();
    out
}

#[derive(Debug, thiserror::Error)]
#[error("line 3: broken")]
struct Broken;

pub(crate) fn duplicates_merge_and_languages_complete_units(w: &World) {
    let mut store = w.open();
    let r = store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "Hello."), ("ru", "Привет.")])),
            Ok(unit(&[("en", "Hello."), ("ru", "Привет.")])),
            Ok(unit(&[("en", "Hello. "), ("ky", "Салам.")])),
            // Same English, different Russian: a second unit.
            Ok(unit(&[("en", "Hello."), ("ru", "Здравствуйте.")])),
            Ok(unit(&[("fr", "Bonjour."), ("ca", "Bon dia.")])),
        ])
        .unwrap();
    assert_eq!(
        r,
        BatchReport {
            read: 5,
            added: 3,
            merged: 1,
            duplicates: 1
        }
    );
    let first = store.get(1).unwrap().unwrap();
    assert_eq!(
        first.segments.keys().collect::<Vec<_>>(),
        ["en", "ky", "ru"]
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.units, 3);
    assert_eq!(stats.pairs[&("en".into(), "ru".into())], 2);
    assert_eq!(stats.pairs[&("ca".into(), "fr".into())], 1);
    // The same in a later batch, through the stored units: a conflicting
    // unit kept beside the first, a language completing the oldest.
    let r = store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "Hello."), ("ru", "Привет!")])),
            Ok(unit(&[("ru", "Здравствуйте."), ("ky", "Саламатсызбы.")])),
            Ok(unit(&[("fr", "Bonjour."), ("ca", "Bon dia.")])),
        ])
        .unwrap();
    assert_eq!((r.added, r.merged, r.duplicates), (1, 1, 1));
    assert_eq!(
        store.get(2).unwrap().unwrap().segments["ky"].text,
        "Саламатсызбы."
    );
    assert_eq!(store.stats().unwrap().units, 4);
}

pub(crate) fn provenance_status_authors_and_inline_markup_are_kept(w: &World) {
    let mut store = w.open();
    let mut u = unit(&[("en", "Press here."), ("ru", "Нажмите здесь.")]);
    u.segments.get_mut("en").unwrap().inline = vec![
        InlineTag {
            offset: 6,
            xml: "<bpt i=\"1\">&lt;b&gt;</bpt>".into(),
        },
        InlineTag {
            offset: 10,
            xml: "<ept i=\"1\">&lt;/b&gt;</ept>".into(),
        },
    ];
    u.provenance = Provenance {
        document: Some("2021-06-03-osce".into()),
        position: Some(4),
        author: Some("Айгүл".into()),
        status: Some("reviewed; qa overridden: numbers".into()),
        created: Some("2021-06-03T10:00:00Z".into()),
        changed: Some("2021-06-04T08:30:00Z".into()),
    };
    store.insert_batch([Ok::<_, Never>(u.clone())]).unwrap();
    assert_eq!(store.get(1).unwrap().unwrap(), u);
    assert_eq!(all_units(&store), [(1, u.clone())]);
    assert_eq!(store.get(2).unwrap(), None);
    // A merge keeps the stored provenance but moves `changed` on, never back.
    let mut later = unit(&[("en", "Press here."), ("ky", "Бул жерди басыңыз.")]);
    later.provenance.changed = Some("2022-01-01T00:00:00Z".into());
    later.provenance.author = Some("other".into());
    let mut earlier = unit(&[("ru", "Нажмите здесь."), ("fr", "Appuyez ici.")]);
    earlier.provenance.changed = Some("2020-01-01T00:00:00Z".into());
    store
        .insert_batch([Ok::<_, Never>(later), Ok(earlier)])
        .unwrap();
    let got = store.get(1).unwrap().unwrap();
    assert_eq!(got.provenance.author.as_deref(), Some("Айгүл"));
    assert_eq!(
        got.provenance.changed.as_deref(),
        Some("2022-01-01T00:00:00Z")
    );
    assert_eq!(got.segments.len(), 4);
}

pub(crate) fn a_failing_batch_leaves_the_memory_as_it_was(w: &World) {
    let mut store = w.open();
    store
        .insert_batch([Ok::<_, Broken>(unit(&[("en", "One."), ("ru", "Один.")]))])
        .unwrap();
    let generation = store.generation().unwrap();
    let err = store
        .insert_batch([
            Ok(unit(&[("en", "Two."), ("ru", "Два.")])),
            Ok(unit(&[("en", "One."), ("ky", "Бир.")])),
            Err(Broken),
            Ok(unit(&[("en", "Three."), ("ru", "Три.")])),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("line 3: broken"), "{err}");
    let stats = store.stats().unwrap();
    assert_eq!(stats.units, 1);
    assert!(!stats.languages.contains_key("ky"));
    assert_eq!(store.generation().unwrap(), generation);
    drop(store);
    assert_eq!(w.open().stats().unwrap().units, 1);
    // A unit without text is refused with its place, and nothing is kept.
    let mut store = w.open();
    let err = store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "Four."), ("ru", "Четыре.")])),
            Ok(unit(&[("en", "  "), ("ru", "")])),
        ])
        .unwrap_err();
    assert!(matches!(err, StoreError::EmptyUnit { index: 1 }), "{err}");
    assert_eq!(store.stats().unwrap().units, 1);
}

pub(crate) fn a_failing_first_batch_leaves_an_empty_memory(w: &World) {
    let mut store = w.open();
    let generation = store.generation().unwrap();
    let err = store
        .insert_batch([Ok(unit(&[("en", "Two."), ("ru", "Два.")])), Err(Broken)])
        .unwrap_err();
    assert!(err.to_string().contains("line 3: broken"), "{err}");
    assert_eq!(store.stats().unwrap().units, 0);
    assert_eq!(store.generation().unwrap(), generation);
    store
        .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
        .unwrap();
    assert_eq!(store.stats().unwrap().units, 1);
    let after = store.generation().unwrap();
    assert_ne!(after, generation);
    // A batch of duplicates only changes nothing, the generation included.
    store
        .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
        .unwrap();
    assert_eq!(store.generation().unwrap(), after);
}

pub(crate) fn a_write_reaches_other_open_connections(w: &World) {
    w.create();
    let mut store = w.open();
    let other = w.open();
    store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")])),
            Ok(unit(&[("en", "Two."), ("ru", "Два.")])),
        ])
        .unwrap();
    assert_eq!(other.stats().unwrap().units, 2);
    assert_eq!(other.generation().unwrap(), store.generation().unwrap());
    let r = store
        .insert_batch([Ok::<_, Never>(unit(&[("en", "Two."), ("ky", "Эки.")]))])
        .unwrap();
    assert_eq!(r.merged, 1);
    assert_eq!(other.get(2).unwrap().unwrap().segments["ky"].text, "Эки.");
}

pub(crate) fn two_first_imports_at_once_both_store_everything(w: &World) {
    drop(w.open());
    std::thread::scope(|scope| {
        let runs: Vec<_> = ["A", "B"]
            .into_iter()
            .map(|who| {
                scope.spawn(move || {
                    let mut store = w.open();
                    let units: Vec<Result<Unit, Never>> = (0..1500)
                        .map(|i| {
                            Ok(unit(&[
                                ("en", &format!("{who} {i}.")),
                                ("ru", &format!("{who} {i} ru.")),
                            ]))
                        })
                        .collect();
                    store.insert_batch(units).unwrap()
                })
            })
            .collect();
        for run in runs {
            assert_eq!(run.join().unwrap().added, 1500);
        }
    });
    let store = w.open();
    assert_eq!(store.stats().unwrap().units, 3000);
    let ids: Vec<UnitId> = all_units(&store).iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, (1..=3000).collect::<Vec<_>>());
}

pub(crate) fn two_reviews_of_one_segment_keep_both_versions(w: &World) {
    let review = |ru: &str, who: &str| {
        let mut u = unit(&[("en", "The seminar closed."), ("ru", ru)]);
        u.provenance.author = Some(who.into());
        u.provenance.status = Some("reviewed".into());
        u
    };
    std::thread::scope(|scope| {
        for (ru, who) in [("Семинар закрылся.", "ana"), ("Семинар завершился.", "bo")]
        {
            let mut store = w.open();
            let u = review(ru, who);
            scope.spawn(move || store.insert_batch([Ok::<_, Never>(u)]).unwrap());
        }
    });
    let store = w.open();
    let mut texts: Vec<(String, String)> = all_units(&store)
        .into_iter()
        .map(|(_, u)| (u.provenance.author.unwrap(), u.segments["ru"].text.clone()))
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            ("ana".to_string(), "Семинар закрылся.".to_string()),
            ("bo".to_string(), "Семинар завершился.".to_string())
        ]
    );
}

pub(crate) fn search_is_case_insensitive_in_any_script(w: &World) {
    let mut store = w.open();
    store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "The OSCE office."), ("ru", "Офис ОБСЕ.")])),
            Ok(unit(&[("en", "Bishkek."), ("ru", "Бишкек.")])),
            Ok(unit(&[("en", "OSCE again."), ("ru", "Снова ОБСЕ.")])),
        ])
        .unwrap();
    let ids = |hits: Vec<(UnitId, Unit)>| hits.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    assert_eq!(ids(store.search("обсе", None, 10).unwrap()), [1, 3]);
    assert_eq!(ids(store.search("обсе", None, 1).unwrap()), [1]);
    assert_eq!(
        ids(store.search("osce", Some("ru"), 10).unwrap()),
        Vec::<UnitId>::new()
    );
    assert_eq!(ids(store.search("OSCE", Some("en"), 10).unwrap()), [1, 3]);
}

pub(crate) fn search_folds_space_and_composition_and_pages_in_unit_order(w: &World) {
    let mut store = w.open();
    // Every 40th unit holds the phrase, spelt with other spaces and a
    // decomposed й: more rows than a page between two hits.
    let units = (1..=400).map(|i| {
        let en = if i % 40 == 0 {
            format!("Unit {i}: the  Round\nTable in Osh.")
        } else {
            format!("Unit {i}: a meeting in Bishkek.")
        };
        let ru = if i % 40 == 0 {
            format!("Единица {i}: кру\u{0433}лы\u{0438}\u{0306} стол в Оше.")
        } else {
            format!("Единица {i}: встреча в Бишкеке.")
        };
        Ok::<_, Never>(unit(&[("en", &en), ("ru", &ru)]))
    });
    store.insert_batch(units).unwrap();
    let ids = |hits: Vec<(UnitId, Unit)>| hits.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.search("round table", None, 3).unwrap()),
        [40, 80, 120]
    );
    assert_eq!(
        ids(store.search("РОУНД TABLE", Some("en"), 100).unwrap()),
        Vec::<UnitId>::new()
    );
    assert_eq!(
        ids(store.search("Круглый  стол", Some("ru"), 100).unwrap()),
        (1..=10).map(|i| i * 40).collect::<Vec<_>>()
    );
    assert_eq!(
        ids(store.search("unit 7", Some("en"), 4).unwrap()),
        [7, 70, 71, 72]
    );
    let hits = store.search("in osh", None, 1).unwrap();
    assert_eq!(
        hits[0].1.segments["ru"].text,
        "Единица 40: кру\u{0433}лы\u{0438}\u{0306} стол в Оше."
    );
}

pub(crate) fn a_read_only_open_finds_no_memory_where_none_is(w: &World) {
    let err = open(&w.location, Access::Read)
        .err()
        .expect("no memory yet");
    assert!(matches!(err, StoreError::Absent { .. }), "{err}");
    drop(w.open());
    if let Location::File(path) = &w.location {
        // Opened for writing, an SQLite memory is made only by a write.
        assert!(!path.exists());
        assert!(!path.parent().unwrap().join("tm.sqlite.lock").exists());
        w.create();
    }
    assert_eq!(w.open_read().stats().unwrap().units, 0);
    let mut read = w.open_read();
    let err = read
        .insert_batch([Ok::<_, Never>(unit(&[("en", "One."), ("ru", "Один.")]))])
        .unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
}

pub(crate) fn numbers_are_carried_and_context_scores_101(w: &World) {
    let mut store = w.open();
    let mut first = dated(
        "The training opened.",
        "Тренинг открылся.",
        "2021-06-01T00:00:00Z",
    );
    first.provenance.document = Some("a".into());
    first.provenance.position = Some(0);
    let mut second = dated(
        "25 police officers took part.",
        "Приняли участие 25 сотрудников милиции.",
        "2021-06-01T00:00:00Z",
    );
    second.provenance.document = Some("a".into());
    second.provenance.position = Some(1);
    store
        .insert_batch([Ok::<_, Never>(first), Ok(second)])
        .unwrap();
    let index = store.index("en").unwrap();
    let mut q = Query {
        text: "40 police officers took part.",
        from: "en",
        to: "ru",
        min: 70,
        limit: 5,
        previous: None,
    };
    let m = &lookup::lookup(&store, &index, &q).unwrap()[0];
    assert_eq!(
        (m.score, m.target.as_str()),
        (99, "Приняли участие 40 сотрудников милиции.")
    );
    q.text = "25 police officers took part.";
    q.previous = Some("The training opened.");
    assert_eq!(lookup::lookup(&store, &index, &q).unwrap()[0].score, 101);
    q.previous = Some("The training closed.");
    assert_eq!(lookup::lookup(&store, &index, &q).unwrap()[0].score, 100);
}

/// Generated units imported in two batches (the second partly merging),
/// then 40 queries at two thresholds: the index equals brute force.
pub(crate) fn indexed_lookup_equals_brute_force(w: &World) {
    let mut store = w.open();
    for (batch, (from, to)) in [(0, 1500), (1500, 2500)].into_iter().enumerate() {
        let mut rng = Lcg(2021 + batch as u64);
        let units: Vec<Result<Unit, Never>> = (from..to)
            .map(|i| {
                let en = sentence(&mut rng);
                Ok(dated(
                    &en,
                    &format!("ПЕРЕВОД {i}: {en}"),
                    &format!("2021-{:02}-01T00:00:00Z", i % 12 + 1),
                ))
            })
            .collect();
        store.insert_batch(units).unwrap();
        // Looked up between the batches too, so a cached index is
        // brought up to date by the second.
        let index = store.index("en").unwrap();
        assert_eq!(index.len() as u64, store.stats().unwrap().languages["en"]);
    }
    let index = store.index("en").unwrap();
    let mut rng = Lcg(99);
    let mut found = 0;
    for _ in 0..40 {
        let text = sentence(&mut rng);
        for min in [70, 50] {
            let q = Query {
                text: &text,
                from: "en",
                to: "ru",
                min,
                limit: 5,
                previous: None,
            };
            let ids = |m: Vec<lookup::Match>| {
                m.into_iter()
                    .map(|m| (m.id, m.score, m.target))
                    .collect::<Vec<_>>()
            };
            let fast = ids(lookup::lookup(&store, &index, &q).unwrap());
            assert_eq!(
                fast,
                ids(lookup::lookup_brute(&store, &q).unwrap()),
                "{text} at {min}"
            );
            found += usize::from(!fast.is_empty());
        }
    }
    assert!(found > 40, "{found} of 80 found something");
}

/// A client holding an index finds what another client wrote after it
/// was built, at its next refresh.
pub(crate) fn a_unit_written_by_one_client_is_found_by_another(w: &World) {
    let mut writer = w.open();
    writer
        .insert_batch([Ok::<_, Never>(dated(
            "Sun in Osh.",
            "Солнце в Оше.",
            "2021-01-01T00:00:00Z",
        ))])
        .unwrap();
    let reader = w.open();
    let mut live = reader.live_index("en").unwrap();
    writer
        .insert_batch([
            Ok::<_, Never>(dated(
                "Rain in Osh.",
                "Дождь в Оше.",
                "2021-01-02T00:00:00Z",
            )),
            // English added to a unit that had none: it enters the index too.
            Ok(unit(&[("ru", "Снег в Оше."), ("ky", "Ошто кар.")])),
        ])
        .unwrap();
    writer
        .insert_batch([Ok::<_, Never>(unit(&[
            ("ru", "Снег в Оше."),
            ("en", "Snow in Osh."),
        ]))])
        .unwrap();
    let q = Query {
        text: "Snow in Osh.",
        from: "en",
        to: "ru",
        min: 50,
        limit: 5,
        previous: None,
    };
    let targets = |live: &super::LiveIndex| {
        lookup::lookup(&reader, &live.index, &q)
            .unwrap()
            .into_iter()
            .map(|m| m.target)
            .collect::<Vec<_>>()
    };
    let expected: Vec<String> = lookup::lookup_brute(&reader, &q)
        .unwrap()
        .into_iter()
        .map(|m| m.target)
        .collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(expected[0], "Снег в Оше.");
    match &w.location {
        Location::Postgres(_) => {
            std::thread::sleep(crate::tm::store::pg::REFRESH_EVERY);
            reader.refresh(&mut live).unwrap();
            assert_eq!(targets(&live), expected);
        }
        // An SQLite index is brought up to date when the memory is opened.
        Location::File(_) => {
            let live = w.open_read().live_index("en").unwrap();
            assert_eq!(targets(&live), expected);
        }
    }
}

/// A copy of a memory into the other backend is the memory, unit for unit.
pub(crate) fn a_copy_to_the_other_backend_loses_nothing(w: &World) {
    let mut store = w.open();
    let mut rng = Lcg(5);
    let mut units: Vec<Result<Unit, Never>> = (0..300)
        .map(|i| {
            let en = sentence(&mut rng);
            let mut u = dated(&en, &format!("ПЕРЕВОД {i}"), "2021-05-01T00:00:00Z");
            u.provenance.author = Some(format!("author {}", i % 3));
            u.provenance.status = Some("reviewed".into());
            u.provenance.document = Some("doc".into());
            u.provenance.position = Some(i);
            u.segments.get_mut("en").unwrap().inline = vec![InlineTag {
                offset: 0,
                xml: "<ph x=\"1\"/>".into(),
            }];
            Ok(u)
        })
        .collect();
    // The case a merging copy would lose: a unit that an older one,
    // completed later, now covers.
    units.push(Ok(unit(&[("ky", "Жалгыз.")])));
    units.push(Ok(unit(&[("en", "Alone."), ("ru", "Один.")])));
    store.insert_batch(units).unwrap();
    store
        .insert_batch([Ok::<_, Never>(unit(&[("en", "Alone."), ("ky", "Жалгыз.")]))])
        .unwrap();
    let before = all_units(&store);
    let other = match &w.location {
        Location::File(_) => World::postgres("copy_target"),
        Location::Postgres(_) => World::sqlite("copy_target"),
    };
    let Some(other) = other else { return };
    let mut target = other.open();
    assert_eq!(store.copy_into(&mut target).unwrap(), before.len());
    assert_eq!(all_units(&target), before);
    // And back, into a second memory of the first backend.
    let back = match &w.location {
        Location::File(_) => World::sqlite("copy_back"),
        Location::Postgres(_) => World::postgres("copy_back"),
    }
    .unwrap();
    let mut again = back.open();
    target.copy_into(&mut again).unwrap();
    assert_eq!(all_units(&again), before);
    // Never into a memory that holds units.
    let err = target.copy_into(&mut again).unwrap_err();
    assert!(matches!(err, StoreError::NotEmpty { .. }), "{err}");
    assert_eq!(all_units(&again), before);
}

pub(crate) fn stats_count_languages_and_pairs_as_units_gain_languages(w: &World) {
    let mut store = w.open();
    let expect = |store: &Memory, langs: &[(&str, u64)], pairs: &[(&str, &str, u64)]| {
        let stats = store.stats().unwrap();
        let langs: BTreeMap<String, u64> = langs.iter().map(|(l, n)| (l.to_string(), *n)).collect();
        let pairs: BTreeMap<(String, String), u64> = pairs
            .iter()
            .map(|(a, b, n)| ((a.to_string(), b.to_string()), *n))
            .collect();
        assert_eq!((stats.languages, stats.pairs), (langs, pairs));
    };
    store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "Hello."), ("ru", "Привет.")])),
            Ok(unit(&[("en", "Bye."), ("ru", "Пока.")])),
            Ok(unit(&[("en", "Hello."), ("ky", "Салам.")])),
            Ok(unit(&[("ky", "Рахмат."), ("ru", "Спасибо.")])),
            Ok(unit(&[("en", "Yes.")])),
        ])
        .unwrap();
    expect(
        &store,
        &[("en", 3), ("ky", 2), ("ru", 3)],
        &[("en", "ky", 1), ("en", "ru", 2), ("ky", "ru", 2)],
    );
    // Languages added to stored units move them to another set; a
    // duplicate and a failed batch change nothing.
    store
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "Bye."), ("ky", "Кош.")])),
            Ok(unit(&[("en", "Yes."), ("ru", "Да.")])),
            Ok(unit(&[("en", "Hello."), ("ru", "Привет.")])),
        ])
        .unwrap();
    let failing = [Ok(unit(&[("en", "No."), ("de", "Nein.")])), Err(Broken)];
    assert!(store.insert_batch(failing).is_err());
    expect(
        &store,
        &[("en", 3), ("ky", 3), ("ru", 4)],
        &[("en", "ky", 2), ("en", "ru", 3), ("ky", "ru", 3)],
    );
    assert_eq!(w.open().stats().unwrap().units, 4);
}

pub(crate) fn a_first_import_merges_across_its_chunks_as_later_imports_do(w: &World) {
    // More units than one chunk of a PostgreSQL batch (4,096): the later
    // ones meet the earlier ones only through what the batch has stored.
    let mut units: Vec<Result<Unit, Never>> = (0..6000)
        .map(|i| {
            Ok(unit(&[
                ("en", &format!("Line {i}.")),
                ("ru", &format!("Строка {i}.")),
            ]))
        })
        .collect();
    units.push(Ok(unit(&[("en", "Line 1."), ("ru", "Строка 1.")])));
    units.push(Ok(unit(&[("en", "Line  2. "), ("ky", "Сап 2.")])));
    units.push(Ok(unit(&[("en", "Line 3."), ("ru", "Другая строка 3.")])));
    units.push(Ok(unit(&[("ru", "Строка 5999."), ("ky", "Сап 5999.")])));
    let mut store = w.open();
    let r = store.insert_batch(units).unwrap();
    assert_eq!(
        (r.read, r.added, r.merged, r.duplicates),
        (6004, 6001, 2, 1)
    );
    assert_eq!(store.get(3).unwrap().unwrap().segments["ky"].text, "Сап 2.");
    assert_eq!(
        store.get(6000).unwrap().unwrap().segments["ky"].text,
        "Сап 5999."
    );
    assert_eq!(
        store.get(6001).unwrap().unwrap().segments["ru"].text,
        "Другая строка 3."
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.pairs[&("en".into(), "ky".into())], 2);
    assert_eq!(stats.languages["ru"], 6001);
    // The same units again: every one is already there.
    let again: Vec<Result<Unit, Never>> = (0..6000)
        .map(|i| {
            Ok(unit(&[
                ("en", &format!("Line {i}.")),
                ("ru", &format!("Строка {i}.")),
            ]))
        })
        .collect();
    assert_eq!(store.insert_batch(again).unwrap().duplicates, 6000);
}

pub(crate) fn a_client_holding_the_empty_memory_finds_the_first_import(w: &World) {
    w.create();
    let reader = w.open_read();
    let mut live = reader.live_index("en").unwrap();
    assert_eq!(live.index.len(), 0);
    w.open()
        .insert_batch([
            Ok::<_, Never>(unit(&[("en", "Wind in Naryn."), ("ru", "Ветер в Нарыне.")])),
            Ok(unit(&[("en", "Sun in Naryn."), ("ru", "Солнце в Нарыне.")])),
        ])
        .unwrap();
    let live = match &w.location {
        Location::Postgres(_) => {
            std::thread::sleep(crate::tm::store::pg::REFRESH_EVERY);
            reader.refresh(&mut live).unwrap();
            live
        }
        // An SQLite index is brought up to date when the memory is opened.
        Location::File(_) => w.open_read().live_index("en").unwrap(),
    };
    assert_eq!(live.index.len(), 2);
}

macro_rules! suite {
    ($backend:ident, $make:path; $($test:ident),* $(,)?) => {
        mod $backend {
            $(
                #[test]
                fn $test() {
                    if let Some(world) = $make(stringify!($test)) {
                        super::$test(&world);
                    }
                }
            )*
        }
    };
}

macro_rules! both {
    ($($test:ident),* $(,)?) => {
        suite!(sqlite, super::World::sqlite; $($test),*);
        suite!(postgres, super::World::postgres; $($test),*);
    };
}

both!(
    duplicates_merge_and_languages_complete_units,
    provenance_status_authors_and_inline_markup_are_kept,
    a_failing_batch_leaves_the_memory_as_it_was,
    a_failing_first_batch_leaves_an_empty_memory,
    a_write_reaches_other_open_connections,
    two_first_imports_at_once_both_store_everything,
    two_reviews_of_one_segment_keep_both_versions,
    search_is_case_insensitive_in_any_script,
    search_folds_space_and_composition_and_pages_in_unit_order,
    a_read_only_open_finds_no_memory_where_none_is,
    numbers_are_carried_and_context_scores_101,
    indexed_lookup_equals_brute_force,
    a_unit_written_by_one_client_is_found_by_another,
    a_copy_to_the_other_backend_loses_nothing,
    stats_count_languages_and_pairs_as_units_gain_languages,
    a_first_import_merges_across_its_chunks_as_later_imports_do,
    a_client_holding_the_empty_memory_finds_the_first_import,
);

mod postgres_only {
    use super::*;

    #[test]
    fn another_applications_database_is_refused_untouched() {
        let Some(w) = World::postgres("foreign_db") else {
            return;
        };
        let Location::Postgres(l) = &w.location else {
            unreachable!()
        };
        let mut client = l.connect().unwrap();
        client
            .batch_execute("CREATE TABLE invoices (id int PRIMARY KEY, total numeric); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
        for access in [Access::Write, Access::Read, Access::ReadOrCreate] {
            let err = open(&w.location, access).err().expect("refused");
            assert!(matches!(err, StoreError::PgForeign { .. }), "{err}");
            assert!(err.to_string().contains("public.invoices"), "{err}");
        }
        let tables: Vec<String> = client
            .query(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables
                  WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(tables, ["public.invoices"]);
        let schema: Option<String> = client
            .query_opt(
                "SELECT nspname::text FROM pg_namespace WHERE nspname = 'tilmech'",
                &[],
            )
            .unwrap()
            .map(|r| r.get(0));
        assert_eq!(schema, None);
    }

    #[test]
    fn segments_stored_before_the_folded_column_are_still_searched() {
        let Some(w) = World::postgres("search_v1") else {
            return;
        };
        w.as_schema(
            1,
            &[
                unit(&[("en", "The OSCE office."), ("ru", "Офис ОБСЕ.")]),
                unit(&[("en", "Bishkek."), ("ru", "Бишкек.")]),
            ],
        );
        let mut store = w.open();
        store
            .insert_batch([Ok::<_, Never>(unit(&[
                ("en", "OSCE again."),
                ("ru", "Снова ОБСЕ."),
            ]))])
            .unwrap();
        let ids =
            |hits: Vec<(UnitId, Unit)>| hits.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
        assert_eq!(ids(store.search("обсе", None, 10).unwrap()), [1, 3]);
        assert_eq!(ids(store.search("бишкек", Some("ru"), 10).unwrap()), [2]);
    }

    #[test]
    fn a_memory_from_before_the_language_counts_is_counted_when_migrated() {
        let Some(w) = World::postgres("stats_v2") else {
            return;
        };
        w.as_schema(
            2,
            &[
                unit(&[("en", "Hello."), ("ru", "Привет.")]),
                unit(&[("en", "Good day."), ("ky", "Салам.")]),
                unit(&[("en", "Bye.")]),
            ],
        );
        let stats = w.open().stats().unwrap();
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(stats.units, 3);
        assert_eq!(
            stats.languages,
            BTreeMap::from([("en".into(), 3), ("ky".into(), 1), ("ru".into(), 1)])
        );
        assert_eq!(
            stats.pairs,
            BTreeMap::from([(pair("en", "ky"), 1), (pair("en", "ru"), 1)])
        );
    }

    #[test]
    fn a_first_import_leaves_no_page_for_the_first_reads_to_rewrite() {
        // At 1M units, lookups in the first minute after an import took up
        // to 7 s: the server set the hint bits of every freshly copied page
        // as it first read it, while autovacuum made its first pass.
        let Some(w) = World::postgres("frozen_import") else {
            return;
        };
        let Location::Postgres(l) = &w.location else {
            unreachable!()
        };
        let units: Vec<Result<Unit, Never>> = (0..3000)
            .map(|i| {
                Ok(unit(&[
                    ("en", &format!("Rain in Osh on day {i}.")),
                    ("ru", &format!("Дождь в Оше в день {i}.")),
                ]))
            })
            .collect();
        w.open().insert_batch(units).unwrap();
        let mut client = l.connect().unwrap();
        for table in ["tilmech.units", "tilmech.segments"] {
            let (pages, visible): (i32, i32) = client
                .query_one(
                    "SELECT relpages, relallvisible FROM pg_class WHERE oid = $1::text::regclass",
                    &[&table],
                )
                .map(|r| (r.get(0), r.get(1)))
                .unwrap();
            assert!(
                pages > 0 && visible == pages,
                "{table}: {visible} of {pages} pages all-visible"
            );
        }
    }

    /// A login role on `l`'s server named `role` (made again if it was
    /// there), and the location of `l`'s database as that role.
    fn as_role(l: &PgLocation, role: &str) -> (Location, ::postgres::Client) {
        let mut client = l.connect().unwrap();
        client
            .batch_execute(&format!(
                "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN;"
            ))
            .unwrap();
        let url =
            format!("{}", l).replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
        (Location::parse(url.as_ref()).unwrap(), client)
    }

    /// Drops `role`, made by [`as_role`], once `w`'s database is gone.
    fn drop_role(w: World, client: ::postgres::Client, role: &str) {
        drop(client);
        drop(w);
        let server = PgLocation::parse(&std::env::var("TILMECH_TEST_PG").unwrap()).unwrap();
        let _ = server
            .connect()
            .unwrap()
            .batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
    }

    #[test]
    fn a_role_that_does_not_own_the_tables_fills_the_memory() {
        // A first import drops and remakes indexes and truncates the
        // tables, which only their owner may: a translator's role writes
        // row by row instead, with the same result.
        let Some(w) = World::postgres("writer_role") else {
            return;
        };
        let Location::Postgres(l) = &w.location else {
            unreachable!()
        };
        let role = format!("tilmech_writer_{}", std::process::id());
        let (as_writer, mut client) = as_role(l, &role);
        w.create();
        client
            .batch_execute(&format!(
                "GRANT USAGE ON SCHEMA tilmech TO {role};
                 GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA tilmech TO {role};"
            ))
            .unwrap();
        let mut store = open(&as_writer, Access::Write).unwrap();
        let r = store
            .insert_batch([
                Ok::<_, Never>(unit(&[("en", "Snow in Talas."), ("ru", "Снег в Таласе.")])),
                Ok(unit(&[("en", "Snow in Talas."), ("ky", "Таласта кар.")])),
                Ok(unit(&[("en", "Snow in Talas."), ("ru", "Снег в Таласе.")])),
            ])
            .unwrap();
        assert_eq!((r.added, r.merged, r.duplicates), (1, 1, 1));
        drop(store);
        let owner = w.open();
        assert_eq!(owner.get(1).unwrap().unwrap().segments.len(), 3);
        assert_eq!(owner.stats().unwrap().units, 1);
        let kept: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = 'tilmech'
                    AND indexname IN ('segments_by_key', 'units_by_place', 'changes_by_generation')",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(kept, 3);
        drop(owner);
        drop_role(w, client, &role);
    }

    #[test]
    fn a_role_that_may_not_create_the_schema_is_told_what_to_ask_for() {
        let Some(w) = World::postgres("denied_role") else {
            return;
        };
        let Location::Postgres(l) = &w.location else {
            unreachable!()
        };
        let role = format!("tilmech_reader_{}", std::process::id());
        let (as_reader, mut client) = as_role(l, &role);
        client
            .batch_execute(&format!(
                "REVOKE CREATE ON DATABASE {} FROM PUBLIC;",
                l.dbname()
            ))
            .unwrap();
        let err = open(&as_reader, Access::Write).err().expect("refused");
        let text = err.to_string();
        assert!(matches!(err, StoreError::PgDenied { .. }), "{text}");
        assert!(
            text.contains(&format!("GRANT CREATE ON DATABASE {}", l.dbname())),
            "{text}"
        );
        // The owner makes it; then the reader reads it.
        drop(w.open());
        client
            .batch_execute(&format!(
                "GRANT USAGE ON SCHEMA tilmech TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA tilmech TO {role};"
            ))
            .unwrap();
        assert_eq!(
            open(&as_reader, Access::Read)
                .unwrap()
                .stats()
                .unwrap()
                .units,
            0
        );
        drop_role(w, client, &role);
    }
}

//! Integration tests: `tilmech tm`.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{run, shared, tilmech, xliff_1_2_ru, TempDir};
use tilmech::tm::score;

fn fixture() -> std::path::PathBuf {
    crate::common::root().join("tests/fixtures/tm/release.en-ru-ky.tsv")
}

fn stats(dir: &Path) -> serde_json::Value {
    let (code, out, err) = run(tilmech(dir).args(["tm", "stats", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["summary"].clone()
}

fn import(dir: &Path, file: &Path, langs: &str) -> (i32, String, String) {
    run(tilmech(dir)
        .args(["tm", "import"])
        .arg(file)
        .args(["--langs", langs]))
}

fn lookup(dir: &Path, text: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let (code, out, err) = run(tilmech(dir)
        .args([
            "tm", "lookup", text, "--from", "en", "--to", "ru", "--format", "json",
        ])
        .args(extra));
    assert!(code == 0 || code == 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    (code, v["items"].clone())
}

#[test]
fn ntrex_imports_every_distinct_three_language_unit() {
    let Some(shared) = shared("ntrex_imports_every_distinct_three_language_unit") else {
        return;
    };
    let file = shared.join("corpus/ntrex128.en-ru-ky.tsv");
    let text = std::fs::read_to_string(&file).unwrap();
    let distinct: HashSet<Vec<String>> = text
        .lines()
        .map(|l| l.split('\t').map(score::normalize).collect())
        .collect();
    assert_eq!(text.lines().count(), 1997);
    let dir = TempDir::new("tm-ntrex");
    let (code, out, err) = import(dir.path(), &file, "en,ru,ky");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1997 units"), "{out}");
    let s = stats(dir.path());
    assert_eq!(s["units"], distinct.len());
    for pair in ["en-ru", "en-ky", "ky-ru"] {
        assert_eq!(s["pairs"][pair], distinct.len(), "{pair}");
    }
    // The same file again adds nothing.
    let (code, out, _) = import(dir.path(), &file, "en,ru,ky");
    assert_eq!(code, 0);
    assert!(out.contains("0 new"), "{out}");
    assert_eq!(stats(dir.path())["units"], distinct.len());

    // One word changed: that unit comes first, scored by the formula, and
    // the diff names exactly the changed word.
    let line = text.lines().nth(2).unwrap();
    let (en, ru) = (
        line.split('\t').next().unwrap(),
        line.split('\t').nth(1).unwrap(),
    );
    assert!(en.contains(" plans "), "{en}");
    let query = en.replace(" plans ", " proposals ");
    let n = score::tokenize(&score::fold(en)).len();
    let (code, json) = lookup(dir.path(), &query, &[]);
    assert_eq!(code, 0);
    let first = &json[0];
    assert_eq!(first["source"], en);
    assert_eq!(first["target"], ru);
    assert_eq!(first["score"], 100 * (n - 1) / n);
    let changes: Vec<(String, String)> = first["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["op"] != "equal")
        .map(|op| {
            (
                op["op"].as_str().unwrap().into(),
                op["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("delete".into(), "plans".into()),
            ("insert".into(), "proposals".into())
        ]
    );
}

#[test]
fn lookup_carries_numbers_and_scores_context() {
    let dir = TempDir::new("tm-numbers");
    let (code, _, err) = import(dir.path(), &fixture(), "en,ru,ky");
    assert_eq!(code, 0, "{err}");
    let (_, json) = lookup(dir.path(), "40 police officers took part.", &[]);
    assert_eq!(json[0]["score"], 99);
    assert_eq!(json[0]["target"], "Приняли участие 40 сотрудников милиции.");
    let (_, json) = lookup(
        dir.path(),
        "25 police officers took part.",
        &["--previous", "The training opened in Bishkek."],
    );
    assert_eq!(json[0]["score"], 101);
    assert_eq!(json[0]["provenance"]["document"], "release.en-ru-ky.tsv");
    let (code, json) = lookup(dir.path(), "Completely unrelated words here.", &[]);
    assert_eq!((code, json.as_array().unwrap().len()), (1, 0));

    // Human output: score, both sides and the diff, without colour codes.
    let (code, out, _) = run(tilmech(dir.path()).args([
        "tm",
        "lookup",
        "25 police guards took part.",
        "--to",
        "ru",
    ]));
    assert_eq!(code, 0);
    assert!(out.contains(" 83  unit 2"), "{out}");
    assert!(
        out.contains("diff 25 police [-officers-]{+guards+} took part."),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn search_finds_phrases_case_insensitively_with_translations() {
    let dir = TempDir::new("tm-search");
    import(dir.path(), &fixture(), "en,ru,ky");
    let (code, out, _) = run(tilmech(dir.path()).args(["tm", "search", "обсе", "--lang", "ru"]));
    assert_eq!(code, 0);
    assert!(out.contains("The OSCE office thanked the mayor."), "{out}");
    assert!(out.contains("ЕККУнун кеңсеси"), "{out}");
    let (code, _, _) = run(tilmech(dir.path()).args(["tm", "search", "обсе", "--lang", "en"]));
    assert_eq!(code, 1);
}

#[test]
fn a_malformed_tsv_imports_nothing_and_exits_2() {
    let dir = TempDir::new("tm-malformed");
    import(dir.path(), &fixture(), "en,ru,ky");
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "One.\tОдин.\nTwo.\tДва.\tЕки.\textra\nThree.\tТри.\n").unwrap();
    let (code, _, err) = import(dir.path(), &bad, "en,ru");
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.tsv:2: expected 2 tab-separated columns (en,ru), found 4"),
        "{err}"
    );
    std::fs::write(&bad, b"One.\t\xd0\x9e\xd0\xb4\nTwo.\tbad \xc3 byte\n").unwrap();
    let (code, _, err) = import(dir.path(), &bad, "en,ru");
    assert_eq!(code, 2);
    assert!(err.contains("bad.tsv:2:10: invalid UTF-8"), "{err}");
    assert_eq!(stats(dir.path())["units"], 3);
    // A TSV needs its languages named.
    let (code, _, err) = run(tilmech(dir.path()).args(["tm", "import"]).arg(&bad));
    assert_eq!(code, 2);
    assert!(err.contains("--langs"), "{err}");
}

/// Starts `tilmech tm import` of a generated `lines`-line TSV in `dir` and
/// kills it once `watched` (the size of what the import writes) has grown past 64 kB.
fn kill_import_part_way(dir: &Path, lines: u64, watched: impl Fn() -> u64) {
    let big = dir.join("big.tsv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    for i in 0..lines {
        writeln!(
            out,
            "Sentence number {i} about the training in Bishkek.\tПредложение номер {i} о тренинге в Бишкеке."
        )
        .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let mut child = tilmech(dir)
        .args(["tm", "import"])
        .arg(&big)
        .args(["--langs", "en,ru"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while watched() < 64 * 1024 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed; make the input larger"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the import never wrote"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn an_import_killed_part_way_leaves_none_of_it() {
    let dir = TempDir::new("tm-killed");
    import(dir.path(), &fixture(), "en,ru,ky");
    let lines = 200_000;
    // Killed once it has written to the write-ahead log.
    let wal = dir.path().join(".tilmech/tm.sqlite-wal");
    kill_import_part_way(dir.path(), lines, || {
        std::fs::metadata(&wal).map_or(0, |m| m.len())
    });
    let units = stats(dir.path())["units"].as_u64().unwrap();
    assert!(
        units == 3 || units == 3 + lines,
        "{units} units: part of the import is kept"
    );
    assert_eq!(
        units, 3,
        "killed before its commit, the import must leave nothing"
    );
}

/// The first import into an empty memory goes into a file of its own that
/// replaces the memory only when complete: killed, it leaves an empty memory.
#[test]
fn a_first_import_killed_part_way_leaves_no_memory() {
    let dir = TempDir::new("tm-killed-first");
    let memory_dir = dir.path().join(".tilmech");
    let temporary = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&memory_dir)
            .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|p: &std::path::PathBuf| p.to_string_lossy().ends_with(".import-tmp"))
            .collect()
    };
    kill_import_part_way(dir.path(), 300_000, || {
        temporary()
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .sum()
    });
    assert_eq!(temporary().len(), 1);
    // The memory is made only when the import completes: there is none,
    // and the next open, even a reading one, clears what the killed run left.
    let (code, _, err) = run(tilmech(dir.path()).args(["tm", "stats"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no translation memory"), "{err}");
    assert_eq!(temporary(), Vec::<std::path::PathBuf>::new());
    // The next import starts afresh and completes.
    let (code, _, err) = import(dir.path(), &fixture(), "en,ru,ky");
    assert_eq!(code, 0, "{err}");
    assert_eq!(stats(dir.path())["units"].as_u64().unwrap(), 3);
}

/// TMX from another tool goes in, comes out as TMX 1.4b, and goes in again unchanged.
#[test]
fn tico19_tmx_imports_exports_and_reimports_to_the_same_units() {
    let Some(shared) =
        crate::common::shared("tico19_tmx_imports_exports_and_reimports_to_the_same_units")
    else {
        return;
    };
    let dir = crate::common::TempDir::new("tmx-roundtrip");
    let d = dir.path();
    let tm = |name: &str| d.join(name).to_string_lossy().into_owned();
    let ok = |args: &[&str]| {
        let (code, out, err) = crate::common::run(crate::common::tilmech(d).args(args));
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        out
    };
    let source = shared.join("corpus/tico19.en-ru.tmx");
    ok(&[
        "tm",
        "--tm",
        &tm("a.sqlite"),
        "import",
        source.to_str().unwrap(),
    ]);
    ok(&[
        "tm",
        "--tm",
        &tm("a.sqlite"),
        "export",
        &tm("out.tmx"),
        "--langs",
        "en,ru",
    ]);
    ok(&["tm", "--tm", &tm("b.sqlite"), "import", &tm("out.tmx")]);
    ok(&[
        "tm",
        "--tm",
        &tm("a.sqlite"),
        "export",
        &tm("a.tsv"),
        "--langs",
        "en,ru",
    ]);
    ok(&[
        "tm",
        "--tm",
        &tm("b.sqlite"),
        "export",
        &tm("b.tsv"),
        "--langs",
        "en,ru",
    ]);
    let a = std::fs::read_to_string(d.join("a.tsv")).unwrap();
    let b = std::fs::read_to_string(d.join("b.tsv")).unwrap();
    assert!(a.lines().count() > 2000, "{}", a.lines().count());
    assert_eq!(a, b);
    let tmx = std::fs::read_to_string(d.join("out.tmx")).unwrap();
    assert!(tmx.contains("<tmx version=\"1.4\">") && tmx.contains("srclang=\"en\""));
}

#[test]
fn a_broken_tmx_imports_nothing_and_names_line_and_column() {
    let dir = crate::common::TempDir::new("tmx-broken");
    let d = dir.path();
    let fixture = crate::common::root().join("tests/fixtures/tmx/broken-mismatched-end.tmx");
    let db = d.join("tm.sqlite");
    let (code, _, err) = crate::common::run(crate::common::tilmech(d).args([
        "tm",
        "--tm",
        db.to_str().unwrap(),
        "import",
        fixture.to_str().unwrap(),
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("broken-mismatched-end.tmx:") && err.contains("expected"),
        "{err}"
    );
    let (_, out, _) = crate::common::run(crate::common::tilmech(d).args([
        "tm",
        "--tm",
        db.to_str().unwrap(),
        "stats",
    ]));
    assert!(!out.contains("en-ru") || out.contains(" 0"), "{out}");
}

/// `lookup --batch` answers every line in order, reads the text column of a
/// TSV row, and gives the same matches as one lookup per sentence.
#[test]
fn batch_lookup_answers_each_line_like_a_single_lookup() {
    let dir = TempDir::new("tm-batch");
    let (code, _, err) = import(dir.path(), &fixture(), "en,ru,ky");
    assert_eq!(code, 0, "{err}");
    let first = std::fs::read_to_string(fixture()).unwrap();
    let first = first
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    let batch = dir.path().join("queries.tsv");
    std::fs::write(
        &batch,
        format!("exact\t{first}\n\nnone\tZebras juggle quietly on Mars.\n"),
    )
    .unwrap();
    let (code, out, err) = run(tilmech(dir.path())
        .args(["tm", "lookup", "--batch"])
        .arg(&batch)
        .args(["--to", "ru", "--timings"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 queries, 1 with a match"), "{err}");
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2, "{out}");
    assert_eq!(records[0]["line"], 1);
    assert_eq!(records[0]["query"], first.as_str());
    assert!(records[0]["micros"].is_u64());
    assert_eq!(records[1]["line"], 3);
    assert_eq!(records[1]["matches"], serde_json::json!([]));
    let (_, single) = lookup(dir.path(), &first, &[]);
    let ids = |v: &serde_json::Value| -> Vec<(i64, i64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| (m["id"].as_i64().unwrap(), m["score"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(ids(&records[0]["matches"]), ids(&single));
    assert_eq!(ids(&single)[0].1, 100);
    // The hidden brute-force mode agrees.
    let (_, brute, _) = run(tilmech(dir.path())
        .args(["tm", "lookup", "--batch"])
        .arg(&batch)
        .args(["--to", "ru", "--brute"]));
    let brute: serde_json::Value = serde_json::from_str(brute.lines().next().unwrap()).unwrap();
    assert_eq!(ids(&brute["matches"]), ids(&single));
    // A sentence and --batch together are refused.
    let (code, _, _) = run(tilmech(dir.path())
        .args(["tm", "lookup", "x", "--batch"])
        .arg(&batch)
        .args(["--to", "ru"]));
    assert_eq!(code, 2);
}

#[test]
fn a_language_named_twice_or_malformed_is_an_input_error_and_tags_are_reduced() {
    let dir = TempDir::new("tm-langs");
    let d = dir.path();
    for bad in ["en,en", "en,EN-us", "en,english", "en,"] {
        let (code, _, err) = import(d, &fixture(), bad);
        assert_eq!(code, 2, "--langs {bad}: {err}");
    }
    assert!(
        !d.join(".tilmech/tm.sqlite").exists(),
        "nothing may be made"
    );
    let (code, _, err) = import(d, &fixture(), "en,ru,ky");
    assert_eq!(code, 0, "{err}");
    // `en-US` is English, as in TMX files: the same matches, the same index.
    let (_, plain) = lookup(d, "25 police officers took part.", &[]);
    let (code, out, err) = run(tilmech(d).args([
        "tm",
        "lookup",
        "25 police officers took part.",
        "--from",
        "en-US",
        "--to",
        "RU",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["items"],
        plain
    );
    let idx: Vec<String> = std::fs::read_dir(d.join(".tilmech"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".idx"))
        .collect();
    assert_eq!(idx, ["tm.sqlite.en.idx"]);
}

/// Imports the fixture into the memory `tm`, run from `dir`.
fn import_fixture_into(dir: &Path, tm: &Path) {
    let (code, _, err) = run(tilmech(dir)
        .args(["tm", "--tm"])
        .arg(tm)
        .arg("import")
        .arg(fixture())
        .args(["--langs", "en,ru,ky"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn export_never_overwrites_the_memory_nor_an_existing_file_without_force() {
    let dir = TempDir::new("tm-export-guard");
    let d = dir.path();
    let tm = d.join("office.tmx");
    import_fixture_into(d, &tm);
    let memory = std::fs::read(&tm).unwrap();
    let export = |file: &Path, force: bool| {
        let mut cmd = tilmech(d);
        cmd.args(["tm", "--tm"]).arg(&tm).arg("export").arg(file);
        if force {
            cmd.arg("--force");
        }
        run(&mut cmd)
    };
    for force in [false, true] {
        let (code, _, err) = export(&tm, force);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("is the translation memory"), "{err}");
    }
    assert_eq!(std::fs::read(&tm).unwrap(), memory);
    let out = d.join("out.tsv");
    std::fs::write(&out, "keep me\n").unwrap();
    let (code, _, err) = export(&out, false);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");
    let (code, _, err) = export(&out, true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 3);
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// A memory this user cannot write — a read-only directory, or, when the
/// tests run as root, one owned by root read by `nobody` — still serves
/// every reading command.
#[test]
fn a_read_only_memory_serves_lookup_stats_search_export_and_draft() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = crate::common::project_copy("tm-read-only");
    let d = dir.path();
    let shelf = d.join("shelf");
    let tm = shelf.join("tm.sqlite");
    import_fixture_into(d, &tm);
    // Closed cleanly: no log, no shared-memory file, no index yet.
    for f in std::fs::read_dir(&shelf).unwrap() {
        let p = f.unwrap().path();
        if p != tm {
            std::fs::remove_file(p).unwrap();
        }
    }
    let out = d.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&tm, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o555)).unwrap();
    let root = std::fs::metadata("/proc/self").is_ok_and(|_| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").unwrap().uid() == 0
    });
    let as_reader = |args: &[&str]| {
        let mut cmd = tilmech(d);
        cmd.env("TILMECH_TM", &tm).args(args);
        if root {
            cmd.uid(65534).gid(65534);
        }
        run(&mut cmd)
    };
    let event = d.join("examples/events/2021-06-03-rogov-kazakbaev.toml");
    let export = out.join("memory.tsv");
    let cases: [Vec<&str>; 5] = [
        vec![
            "tm",
            "lookup",
            "25 police officers took part.",
            "--to",
            "ru",
        ],
        vec!["tm", "stats"],
        vec!["tm", "search", "OSCE"],
        vec!["tm", "export", export.to_str().unwrap()],
        vec![
            "draft",
            event.to_str().unwrap(),
            "--to",
            "ru",
            "--out",
            out.to_str().unwrap(),
        ],
    ];
    for args in &cases {
        let (code, stdout, err) = as_reader(args);
        assert_eq!(code, 0, "{args:?}: {stdout}{err}");
    }
    assert_eq!(std::fs::read_to_string(&export).unwrap().lines().count(), 3);
    std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Another program's SQLite database given as the memory: every command
/// refuses it with exit 2 and not one byte of it, or beside it, changes.
#[test]
fn a_foreign_sqlite_database_given_as_the_memory_is_refused_untouched() {
    let dir = TempDir::new("tm-foreign");
    let d = dir.path();
    let db = d.join("accounts.db");
    let made = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)'); c.execute('INSERT INTO invoices VALUES (1, 9.5)'); c.commit()")
        .arg(&db)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        let _ = writeln!(std::io::stderr(), "SKIPPED a_foreign_sqlite_database_given_as_the_memory_is_refused_untouched: python3 with sqlite3 is absent");
        return;
    }
    let before = std::fs::read(&db).unwrap();
    let tm = |args: &[&str]| run(tilmech(d).args(["tm", "--tm"]).arg(&db).args(args));
    let fixture = fixture();
    for args in [
        vec!["stats"],
        vec!["import", fixture.to_str().unwrap(), "--langs", "en,ru,ky"],
        vec!["lookup", "25 police officers took part.", "--to", "ru"],
    ] {
        let (code, _, err) = tm(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("is not a tilmech translation memory"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("accounts"))
        .collect();
    assert_eq!(names, ["accounts.db"]);
}

/// `tm copy` SQLite → PostgreSQL → SQLite: the three memories export to the
/// same TMX, inline markup and provenance included, and every command reads
/// the PostgreSQL one as it reads the file.
#[test]
fn a_memory_copied_to_postgres_and_back_exports_the_same() {
    let Some(db) = crate::common::PgDatabase::new("copy_export") else {
        return;
    };
    let dir = TempDir::new("pg-copy");
    let d = dir.path();
    let first = d.join("first.sqlite");
    let back = d.join("back.sqlite");
    let fixture = crate::common::root().join("tests/fixtures/tmx/inline.tmx");
    let tm = |memory: &Path, args: &[&str]| {
        let mut cmd = tilmech(d);
        cmd.env("XDG_CACHE_HOME", d.join("cache"))
            .arg("tm")
            .arg("--tm")
            .arg(memory)
            .args(args);
        run(&mut cmd)
    };
    let (code, _, err) = tm(&first, &["import", fixture.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let url = Path::new(&db.url);
    for (from, to) in [(first.as_path(), url), (url, back.as_path())] {
        let mut cmd = tilmech(d);
        cmd.arg("tm").arg("copy").arg(from).arg(to);
        let (code, out, err) = run(&mut cmd);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("copied "), "{out}");
    }
    let mut exports = Vec::new();
    for (name, memory) in [
        ("first", first.as_path()),
        ("pg", url),
        ("back", back.as_path()),
    ] {
        let file = d.join(format!("{name}.tmx"));
        let (code, _, err) = tm(
            memory,
            &["export", file.to_str().unwrap(), "--langs", "en,ru"],
        );
        assert_eq!(code, 0, "{name}: {err}");
        exports.push(std::fs::read_to_string(&file).unwrap());
    }
    assert!(
        exports[0].contains("<ph") || exports[0].contains("<bpt"),
        "{}",
        exports[0]
    );
    assert_eq!(exports[1], exports[0], "PostgreSQL export differs");
    assert_eq!(exports[2], exports[0], "round-trip export differs");
    // The same stats and lookups through the URL as through the file.
    let (_, a, _) = tm(&first, &["search", "a", "--format", "json"]);
    let (_, b, _) = tm(url, &["search", "a", "--format", "json"]);
    assert_eq!(a, b);
    // A copy never goes into a memory that holds units.
    let mut cmd = tilmech(d);
    cmd.arg("tm").arg("copy").arg(&first).arg(url);
    let (code, _, err) = run(&mut cmd);
    assert_eq!(code, 2);
    assert!(err.contains("already holds units"), "{err}");
}

/// A password in the URL never shows in what tilmech prints.
#[test]
fn a_password_in_the_url_is_never_printed() {
    let dir = TempDir::new("pg-password");
    let mut cmd = tilmech(dir.path());
    cmd.args([
        "tm",
        "--tm",
        "postgres://ana:s3cret-word@127.0.0.1:1/tm?connect_timeout=2",
        "stats",
    ]);
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("postgres://ana@127.0.0.1:1/tm"), "{err}");
    assert!(!err.contains("s3cret") && !out.contains("s3cret"), "{err}");
}

/// A password in a URL the server accepts never shows either: not in
/// progress, reports, JSON, a copy's summary, nor a refusal's message.
#[test]
fn a_password_in_a_working_url_is_never_printed() {
    let Some(db) = crate::common::PgDatabase::new("password_shown") else {
        return;
    };
    let dir = TempDir::new("pg-password-ok");
    let d = dir.path();
    // The test server trusts local connections, so any password is accepted.
    let url = db.url.replacen("@", ":s3cret-word@", 1);
    assert!(url.contains(":s3cret-word@"), "{url}");
    std::fs::write(d.join("units.tsv"), "The OSCE office.\tОфис ОБСЕ.\n").unwrap();
    let copy = d.join("copy.sqlite");
    let bad_port = url.replacen("@/", "@:notaport/", 1);
    let runs: Vec<Vec<&str>> = vec![
        vec!["tm", "--tm", &url, "import", "units.tsv", "-l", "en,ru"],
        vec!["tm", "--tm", &url, "stats"],
        vec!["tm", "--tm", &url, "stats", "--format", "json"],
        vec!["tm", "--tm", &url, "search", "ОБСЕ", "--format", "json"],
        vec![
            "tm",
            "--tm",
            &url,
            "lookup",
            "The OSCE office.",
            "--to",
            "ru",
        ],
        vec!["tm", "copy", &url, copy.to_str().unwrap()],
        // Into a memory that holds units: refused, naming it.
        vec!["tm", "copy", copy.to_str().unwrap(), &url],
        vec!["tm", "--tm", &bad_port, "stats"],
    ];
    for args in runs {
        let mut cmd = tilmech(d);
        cmd.env("XDG_CACHE_HOME", d.join("cache")).args(&args);
        let (code, out, err) = run(&mut cmd);
        assert!(code <= 2, "{args:?}: {err}");
        assert!(
            !out.contains("s3cret") && !err.contains("s3cret"),
            "{args:?} printed the password:\n{out}{err}"
        );
    }
}

/// Writes a TMX, a TSV and an XLIFF file into `dir`, each holding a small
/// unit and then one whose English segment is `segment`.
fn files_with_a_segment(dir: &Path, segment: &str) -> [std::path::PathBuf; 3] {
    let tmx = dir.join("big.tmx");
    std::fs::write(
        &tmx,
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
             <tu><tuv xml:lang=\"en\"><seg>Small.</seg></tuv><tuv xml:lang=\"ru\"><seg>Мал.</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"en\"><seg>{segment}</seg></tuv><tuv xml:lang=\"ru\"><seg>Один.</seg></tuv></tu>\n\
             </body></tmx>\n"
        ),
    )
    .unwrap();
    let tsv = dir.join("big.tsv");
    std::fs::write(&tsv, format!("Small.\tМал.\n{segment}\tОдин.\n")).unwrap();
    let xlf = dir.join("big.xlf");
    std::fs::write(
        &xlf,
        xliff_1_2_ru(&format!(
            "<trans-unit id=\"p1.s1\"><source>One.</source><target state=\"translated\">{segment}</target></trans-unit>\n"
        )),
    )
    .unwrap();
    [tmx, tsv, xlf]
}

#[test]
fn a_segment_above_max_segment_is_refused_at_its_place_and_nothing_is_imported() {
    let dir = TempDir::new("tm-max-segment");
    import(dir.path(), &fixture(), "en,ru,ky");
    let before = stats(dir.path());
    let [tmx, tsv, xlf] = files_with_a_segment(dir.path(), &"word ".repeat(400));
    let expected = [
        (
            &tmx,
            "big.tmx:4:29: a tag or run of text larger than the limit of 1 KiB",
        ),
        (&tsv, "big.tsv:2:1: a cell larger than the limit of 1 KiB"),
        (
            &xlf,
            "big.xlf:4:72: <target> of trans-unit `p1.s1` is larger than the limit of 1 KiB",
        ),
    ];
    for (file, message) in expected {
        let langs: &[&str] = if file == &tsv { &["-l", "en,ru"] } else { &[] };
        let (code, _, err) = run(tilmech(dir.path())
            .args(["tm", "import", "--max-segment", "1K"])
            .arg(file)
            .args(langs));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(message), "{err}");
        assert_eq!(stats(dir.path()), before, "{}", file.display());
    }
    // Within the limit given, all three are read.
    for file in [&tmx, &tsv, &xlf] {
        let langs: &[&str] = if file == &tsv { &["-l", "en,ru"] } else { &[] };
        let (code, _, err) = run(tilmech(dir.path())
            .args(["tm", "import", "--max-segment", "4K"])
            .arg(file)
            .args(langs));
        assert_eq!(code, 0, "{}: {err}", file.display());
    }
}

#[test]
fn an_xliff_with_more_units_than_max_units_is_refused_at_the_first_one_too_many() {
    let dir = TempDir::new("tm-max-units");
    import(dir.path(), &fixture(), "en,ru,ky");
    let before = stats(dir.path());
    let units: String = (1..=3)
        .map(|i| {
            format!(
                "<trans-unit id=\"p{i}.s1\"><source>Unit {i}.</source><target state=\"translated\">Единица {i}.</target></trans-unit>\n"
            )
        })
        .collect();
    let xlf = dir.path().join("many.xlf");
    std::fs::write(&xlf, xliff_1_2_ru(&units)).unwrap();
    for command in [["tm", "import"], ["review", "import"]] {
        let (code, _, err) = run(tilmech(dir.path())
            .args(command)
            .args(["--max-units", "2"])
            .arg(&xlf));
        assert_eq!(code, 2, "{command:?}: {err}");
        assert!(
            err.contains("many.xlf:6:1: <trans-unit> beyond the limit of 2 units in one file: expected at most that many (--max-units N raises it)"),
            "{command:?}: {err}"
        );
        assert_eq!(stats(dir.path()), before, "{command:?}");
    }
    let (code, out, err) = run(tilmech(dir.path())
        .args(["tm", "import", "--max-units", "3"])
        .arg(&xlf));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("imported 3 segments"), "{out}");
}

#[test]
fn a_segment_above_one_mib_is_refused_by_default_and_stores_nothing() {
    let dir = TempDir::new("tm-max-segment-default");
    let big = "word ".repeat(300_000);
    for file in files_with_a_segment(dir.path(), &big) {
        let langs: &[&str] = if file.extension().unwrap() == "tsv" {
            &["-l", "en,ru"]
        } else {
            &[]
        };
        let (code, _, err) = run(tilmech(dir.path())
            .args(["tm", "import"])
            .arg(&file)
            .args(langs));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("larger than the limit of 1 MiB"), "{err}");
        // The small unit before the big one is not kept either.
        let (code, out, _) = run(tilmech(dir.path()).args(["tm", "stats", "--format", "json"]));
        if code == 0 {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["summary"]["units"], 0, "{}", file.display());
        }
    }
}

#[test]
fn xliff_inline_elements_nested_too_deep_are_refused_with_their_place() {
    let dir = TempDir::new("tm-xliff-depth");
    let [_, _, xlf] = files_with_a_segment(
        dir.path(),
        &format!("{}x{}", "<g id=\"1\">".repeat(150), "</g>".repeat(150)),
    );
    let (code, _, err) = run(tilmech(dir.path()).args(["tm", "import"]).arg(&xlf));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("big.xlf:4:"), "{err}");
    assert!(
        err.contains("<g> nested more than 100 elements deep: expected at most 100 levels"),
        "{err}"
    );
}

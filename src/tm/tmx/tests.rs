//! Tests of TMX reading and writing: tilmech's own fixtures under
//! `tests/fixtures/tmx/`, and the real files of `../shared/` when present.

use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tmx")
        .join(name)
}

use crate::tm::shared_for_test as shared;

fn read_all(path: &Path) -> Result<(Vec<Unit>, ReadStats), TmxError> {
    let mut reader = read(path)?;
    let units = reader.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok((units, reader.stats()))
}

fn text<'a>(unit: &'a Unit, lang: &str) -> &'a str {
    &unit.segments[lang].text
}

fn round_trip(units: &[Unit]) -> Vec<Unit> {
    let mut out = Vec::new();
    write(&mut out, units.iter().cloned(), &[], "en").unwrap();
    let mut reader = from_reader(std::io::Cursor::new(out), Path::new("round-trip.tmx")).unwrap();
    reader.by_ref().collect::<Result<Vec<_>, _>>().unwrap()
}

#[test]
fn every_encoding_reads_to_the_same_units() {
    let (utf8, _) = read_all(&fixture("utf8.tmx")).unwrap();
    assert_eq!(utf8.len(), 2);
    assert_eq!(text(&utf8[0], "en"), "Café “Bishkek” costs 5 €");
    assert_eq!(
        text(&utf8[0], "fr"),
        "Le café «\u{a0}Bichkek\u{a0}» coûte 5\u{a0}€"
    );
    assert_eq!(text(&utf8[1], "de"), "Zweite Zeile äöüß.");
    for (name, encoding) in [
        ("windows-1252.tmx", "windows-1252"),
        ("utf16le-bom.tmx", "UTF-16LE"),
        ("utf16be-bom.tmx", "UTF-16BE"),
    ] {
        let mut reader = read(&fixture(name)).unwrap();
        assert_eq!(reader.encoding(), encoding, "{name}");
        let units: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
        let strip_doc = |units: &[Unit]| -> Vec<Unit> {
            let mut units = units.to_vec();
            units.iter_mut().for_each(|u| u.provenance.document = None);
            units
        };
        assert_eq!(strip_doc(&units), strip_doc(&utf8), "{name}");
    }
}

#[test]
fn utf8_with_a_bom_reads_like_without() {
    let plain = std::fs::read(fixture("utf8.tmx")).unwrap();
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&plain);
    let units = |bytes: Vec<u8>| -> Vec<Unit> {
        from_reader(std::io::Cursor::new(bytes), Path::new("x.tmx"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(units(with_bom), units(plain));
}

#[test]
fn tmx_1_1_lang_and_region_variants_reduce_to_the_primary_language() {
    let mut reader = read(&fixture("tmx11-lang.tmx")).unwrap();
    assert_eq!(reader.header().version.as_deref(), Some("1.1"));
    assert_eq!(reader.header().srclang, Some(SrcLang::All));
    let units: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(units.len(), 2);
    let langs: Vec<_> = units[0].segments.keys().map(String::as_str).collect();
    assert_eq!(langs, ["en", "ky", "ru"]);
    assert_eq!(
        text(&units[0], "en"),
        "The ministry opened the school.",
        "the first en-* wins"
    );
    assert_eq!(text(&units[0], "ky"), "Министрлик мектепти ачты.");
    // An empty first English <tuv> does not hide a later one with text.
    assert_eq!(
        text(&units[1], "en"),
        "Only the second English one has text."
    );
    let stats = reader.stats();
    assert_eq!(
        (stats.units, stats.skipped, stats.duplicate_langs),
        (2, 1, 1)
    );
    // The skipped <tu> still counts for positions, so gaps stay visible.
    assert_eq!(units[1].provenance.position, Some(2));
    assert_eq!(
        units[1].provenance.document.as_deref(),
        Some("tmx11-lang.tmx")
    );
}

#[test]
fn header_srclang_is_reduced_too() {
    let reader = read(&fixture("utf8.tmx")).unwrap();
    assert_eq!(reader.header().srclang, Some(SrcLang::Lang("en".into())));
    assert_eq!(reader.header().creation_tool.as_deref(), Some("fixture"));
}

#[test]
fn white_space_collapses_unless_preserved() {
    let (units, _) = read_all(&fixture("utf8.tmx")).unwrap();
    assert_eq!(text(&units[1], "en"), "Second line, wrapped.");
    let tmx = r#"<tmx version="1.4"><header srclang="en"/><body>
        <tu><tuv xml:lang="en"><seg xml:space="preserve">  two  spaces&#13;
</seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg> a <ph x="1"/> b </seg></tuv></tu>
        </body></tmx>"#;
    let units: Vec<_> = from_reader(std::io::Cursor::new(tmx), Path::new("ws.tmx"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(text(&units[0], "en"), "  two  spaces\r\n");
    let seg = &units[1].segments["en"];
    assert_eq!(seg.text, "a  b", "spaces beside a tag are content");
    assert_eq!(seg.inline[0].offset, 2);
    assert_eq!(round_trip(&units), units);
}

#[test]
fn inline_tags_leave_the_text_and_keep_their_markup_and_offsets() {
    let (units, _) = read_all(&fixture("inline.tmx")).unwrap();
    let en = &units[0].segments["en"];
    assert_eq!(en.text, "Bishkek, 15 January &  the new school");
    let tags: Vec<(usize, &str)> = en
        .inline
        .iter()
        .map(|t| (t.offset, t.xml.as_str()))
        .collect();
    assert_eq!(
        tags,
        [
            (0, r#"<bpt i="1" x="1">&lt;b&gt;</bpt>"#),
            (7, r#"<ept i="1">&lt;/b&gt;</ept>"#),
            (
                22,
                r#"<ph x="2" type="image">&lt;img src="flag.png"/&gt;</ph>"#
            ),
            (27, r#"<hi type="emphasis">"#),
            (30, "</hi>"),
            (37, r#"<it pos="end">&lt;/p&gt;</it>"#),
        ]
    );
    let ky = &units[0].segments["ky"];
    assert_eq!(ky.text, "Бишкек, 15-январь &  жаңы мектеп");
    assert!(ky
        .inline
        .iter()
        .any(|t| t.xml == r#"<ph x="2" type="image">&lt;img alt="<sub>Туу</sub>"/&gt;</ph>"#));
    assert_eq!(ky.inline.last().unwrap().xml, r"<ut>{\b}</ut>");
    assert_eq!(ky.inline.last().unwrap().offset, ky.text.len());
}

#[test]
fn provenance_comes_from_attributes_and_props() {
    let mut reader = read(&fixture("inline.tmx")).unwrap();
    let unit = reader.next().unwrap().unwrap();
    let p = &unit.provenance;
    assert_eq!(p.document.as_deref(), Some("2024-01-15-education"));
    assert_eq!(p.position, Some(3));
    assert_eq!(p.status.as_deref(), Some("reviewed"));
    assert_eq!(p.author.as_deref(), Some("nurlan"));
    assert_eq!(p.created.as_deref(), Some("2024-01-15T08:30:00Z"));
    assert_eq!(p.changed.as_deref(), Some("2024-01-16T12:00:00Z"));
    let mut reader = read(&fixture("utf8.tmx")).unwrap();
    reader.next().unwrap().unwrap();
    assert_eq!(reader.last_tuid(), Some("1"));
}

#[test]
fn dates_convert_between_tmx_and_rfc_3339() {
    assert_eq!(
        parse_tmx_date("20210603T101500Z").as_deref(),
        Some("2021-06-03T10:15:00Z")
    );
    assert_eq!(
        parse_tmx_date("2021-06-03T10:15:00Z").as_deref(),
        Some("2021-06-03T10:15:00Z")
    );
    assert_eq!(parse_tmx_date("20211303T101500Z"), None, "month 13");
    assert_eq!(parse_tmx_date("20210603101500"), None);
    assert_eq!(
        format_tmx_date("2021-06-03T10:15:00Z").as_deref(),
        Some("20210603T101500Z")
    );
}

#[test]
fn a_bad_date_names_the_attribute_and_the_shape() {
    let tmx = "<tmx version=\"1.4\"><header/><body>\n<tu creationdate=\"yesterday\"><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu></body></tmx>";
    let err = from_reader(std::io::Cursor::new(tmx), Path::new("d.tmx"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "d.tmx:2:1: expected a UTC date like 20210603T101500Z in creationdate but found `yesterday`"
    );
}

/// Each broken fixture and the error it must give, position included.
const BROKEN: &[(&str, &str)] = &[
    (
        "broken-truncated.tmx",
        "11:34: expected </seg> but found end of file",
    ),
    (
        "broken-tuv-without-lang.tmx",
        "11:7: expected an xml:lang (TMX 1.4) or lang (TMX 1.1) attribute on <tuv>",
    ),
    (
        "broken-mismatched-end.tmx",
        "7:37: expected </seg> but found </tuv>",
    ),
    (
        "broken-missing-seg.tmx",
        "10:26: expected <seg> but found </tuv>",
    ),
    (
        "broken-wrong-root.tmx",
        "3:1: expected the <tmx> root element but found <xliff>",
    ),
    (
        "broken-unknown-encoding.tmx",
        "1:31: unknown encoding `x-klingon` in the XML declaration",
    ),
    (
        "broken-invalid-utf8.tmx",
        "11:33: bytes that are not valid UTF-8",
    ),
    (
        "broken-unknown-entity.tmx",
        "10:37: expected &lt; &gt; &amp; &apos; &quot; or a character reference but found &nbsp;",
    ),
];

#[test]
fn broken_files_fail_with_file_line_column_and_what_was_expected() {
    for (name, expected) in BROKEN {
        let path = fixture(name);
        let err = match read_all(&path) {
            Ok((units, _)) => panic!("{name} read as {} units; expected an error", units.len()),
            Err(err) => err.to_string(),
        };
        let want = format!("{}:{expected}", path.display());
        assert!(
            err.starts_with(&want),
            "{name}:\n  got  {err}\n  want {want}…"
        );
    }
}

#[test]
fn units_before_an_error_are_still_returned() {
    let mut reader = read(&fixture("broken-missing-seg.tmx")).unwrap();
    assert_eq!(text(&reader.next().unwrap().unwrap(), "ru"), "Привет");
    assert!(reader.next().unwrap().is_err());
    assert!(reader.next().is_none(), "a failed reader stays finished");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = read(Path::new("no/such/memory.tmx")).err().unwrap();
    assert!(matches!(err, TmxError::Io { .. }));
    assert!(
        err.to_string()
            .starts_with("no/such/memory.tmx: cannot read the file"),
        "{err}"
    );
}

#[test]
fn positions_stay_right_across_chunk_boundaries() {
    // Large enough that the decoder refills several times before the error.
    let mut tmx = String::from("<tmx version=\"1.4\"><header/><body>\n");
    for n in 0..3000 {
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"ru\"><seg>Строка номер {n}</seg></tuv></tu>\n"
        ));
    }
    tmx.push_str("<tu><tuv xml:lang=\"ru\"><seg>Конец</tu>\n</body></tmx>\n");
    let mut reader =
        from_reader(std::io::Cursor::new(tmx.into_bytes()), Path::new("big.tmx")).unwrap();
    let mut n = 0;
    let err = loop {
        match reader.next().unwrap() {
            Ok(_) => n += 1,
            Err(err) => break err,
        }
    };
    assert_eq!(n, 3000);
    assert_eq!(
        err.to_string(),
        "big.tmx:3002:34: expected </seg> but found </tu>"
    );
}

#[test]
fn writer_produces_tmx_1_4b_with_provenance_and_escaping() {
    let mut unit = Unit::default();
    unit.segments
        .insert("en".into(), Segment::plain("Fish & chips <cheap> \"now\""));
    unit.segments
        .insert("ru".into(), Segment::plain("Рыба и картошка"));
    unit.segments.insert("ky".into(), Segment::plain("Балык"));
    unit.provenance = Provenance {
        document: Some("a&b".into()),
        position: Some(7),
        author: Some("Айгүл \"A\"".into()),
        status: Some("aligned".into()),
        created: Some("2021-06-03T10:15:00Z".into()),
        changed: None,
    };
    let mut out = Vec::new();
    let stats = write(&mut out, [unit.clone()], &[], "en").unwrap();
    assert_eq!(
        stats,
        WriteStats {
            written: 1,
            skipped: 0
        }
    );
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"));
    for attr in [
        "creationtool=\"tilmech\"",
        "creationtoolversion=\"",
        "segtype=\"sentence\"",
        "o-tmf=\"tilmech\"",
        "adminlang=\"en\"",
        "srclang=\"en\"",
        "datatype=\"plaintext\"",
    ] {
        assert!(xml.contains(attr), "header lacks {attr}:\n{xml}");
    }
    assert!(xml.contains(r#"<tu tuid="a&amp;b:7" creationdate="20210603T101500Z" creationid="Айгүл &quot;A&quot;">"#), "{xml}");
    assert!(xml.contains("<prop type=\"x-document\">a&amp;b</prop>"));
    assert!(xml.contains("<prop type=\"x-position\">7</prop>"));
    assert!(xml.contains("<prop type=\"x-status\">aligned</prop>"));
    assert!(xml.contains("<seg>Fish &amp; chips &lt;cheap&gt; \"now\"</seg>"));
    assert!(
        !xml.contains("changedate"),
        "unknown dates are not invented"
    );
    let back: Vec<Unit> = from_reader(std::io::Cursor::new(xml), Path::new("w.tmx"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, vec![unit]);
}

#[test]
fn writer_filters_languages_and_skips_units_without_a_pair() {
    let unit = |langs: &[&str]| {
        let mut u = Unit::default();
        for l in langs {
            u.segments
                .insert(l.to_string(), Segment::plain(format!("text {l}")));
        }
        u
    };
    let units = vec![
        unit(&["en", "ru", "fr"]),
        unit(&["en", "fr"]),
        unit(&["ky", "ru"]),
    ];
    let langs = vec!["EN".to_string(), "ru".to_string(), "ky".to_string()];
    let mut out = Vec::new();
    let stats = write(&mut out, units.clone(), &langs, "*all*").unwrap();
    assert_eq!(
        stats,
        WriteStats {
            written: 2,
            skipped: 1
        }
    );
    let xml = String::from_utf8(out).unwrap();
    assert!(!xml.contains("xml:lang=\"fr\""));
    assert!(xml.contains("srclang=\"*all*\""));
    let mut out = Vec::new();
    let stats = write(&mut out, units, &["fr".to_string()], "en").unwrap();
    assert_eq!(
        stats,
        WriteStats {
            written: 2,
            skipped: 1
        }
    );
}

#[test]
fn writer_puts_inline_tags_back_and_keeps_odd_white_space() {
    let (units, _) = read_all(&fixture("inline.tmx")).unwrap();
    let mut out = Vec::new();
    write(&mut out, units.clone(), &[], "en").unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.contains(r#"<seg xml:space="preserve"><bpt i="1" x="1">&lt;b&gt;</bpt>Bishkek<ept i="1">&lt;/b&gt;</ept>, 15 January &amp; <ph x="2" type="image">&lt;img src="flag.png"/&gt;</ph> the <hi type="emphasis">new</hi> school<it pos="end">&lt;/p&gt;</it></seg>"#), "{xml}");
    assert_eq!(round_trip(&units), units);

    let mut unit = Unit::default();
    unit.segments
        .insert("en".into(), Segment::plain(" indented\tline\n"));
    unit.segments
        .insert("ru".into(), Segment::plain("bell\u{7} dropped"));
    let back = round_trip(&[unit]);
    assert_eq!(text(&back[0], "en"), " indented\tline\n");
    assert_eq!(text(&back[0], "ru"), "bell dropped");
}

/// Files of `../shared/tmx-samples/manifest.tsv` where tilmech's count
/// differs from the manifest's, and why. None does: the deliberately odd
/// files are all readable TMX, and how tilmech reads them is pinned in
/// [`ODD_SAMPLES`] below rather than by rejecting them.
const COUNT_DIFFERENCES: &[(&str, usize, &str)] = &[];

/// The odd OmegaT/Okapi samples, why each is accepted, and one thing a user
/// relies on in how it reads: (file under `tmx-samples/`, unit index,
/// language, expected text, reason).
const ODD_SAMPLES: &[(&str, usize, &str, &str, &str)] = &[
    (
        "omegat/src/test/resources/data/tmx/invalid.tmx",
        0,
        "en",
        "   ",
        "segments of tags only, ept before bpt: valid XML, the tags are kept verbatim and the spaces between them are content",
    ),
    (
        "omegat/src/test/resources/data/tmx/test-omegat-invalid.tmx",
        1,
        "en",
        "First part",
        "xml:lang in a TMX 1.1 file: accepted like lang; its en-US repeats en, the first wins",
    ),
    (
        "omegat/src/test/resources/data/tmx/test-multiple-tuv.tmx",
        0,
        "fr",
        "fr_CA Bonjour le monde\u{a0}!",
        "FR-CA twice then FR: all reduce to fr, the first is kept (its no-break space too)",
    ),
    (
        "omegat/src/test/resources/data/tmx/test-missingSource.tmx",
        1,
        "be",
        "tr1",
        "a unit without the header's srclang: still a unit (one non-empty segment)",
    ),
    (
        "omegat/src/test/resources/data/tmx/TMXComplianceKit/ImportTest1B.tmx",
        0,
        "fr",
        "Texte du segment",
        "mixed-case eN-uS/fR-Ca and white space inside tags and around `=`",
    ),
];

#[test]
fn odd_shared_samples_read_as_documented() {
    let Some(shared) = shared("odd_shared_samples_read_as_documented") else {
        return;
    };
    for (file, index, lang, expected, why) in ODD_SAMPLES {
        let (units, _) = read_all(&shared.join("tmx-samples").join(file)).unwrap();
        assert_eq!(text(&units[*index], lang), *expected, "{file}: {why}");
    }
    let invalid = shared.join("tmx-samples/omegat/src/test/resources/data/tmx/invalid.tmx");
    let (units, _) = read_all(&invalid).unwrap();
    assert_eq!(units[0].segments["be"].inline.len(), 4);
}

/// The manifest's path for a file, mapped to where it is under `../shared/`.
fn manifest_path(shared: &Path, path: &str) -> PathBuf {
    if let Some(rest) = path.strip_prefix("tmx-omegat/") {
        shared.join("tmx-samples/omegat").join(rest)
    } else if let Some(rest) = path.strip_prefix("tmx-okapi-2013/") {
        shared.join("tmx-samples/okapi").join(rest)
    } else if path == "tmx-tico19-enru/all.en-ru.tmx" {
        shared.join("corpus/tico19.en-ru.tmx")
    } else {
        panic!("manifest path {path} has an unknown prefix")
    }
}

#[test]
fn every_well_formed_shared_sample_reads_with_the_manifest_count() {
    let Some(shared) = shared("every_well_formed_shared_sample_reads_with_the_manifest_count")
    else {
        return;
    };
    let manifest = std::fs::read_to_string(shared.join("tmx-samples/manifest.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, tu_count, well_formed) = (cols[0], cols[5], cols[8]);
        let file = manifest_path(&shared, path);
        let result = read_all(&file);
        if well_formed != "yes" {
            if result.is_ok() {
                failures.push(format!("{path}: broken in the manifest but read"));
            }
            continue;
        }
        let expected: usize = tu_count.parse().unwrap();
        let expected = COUNT_DIFFERENCES
            .iter()
            .find(|(p, _, _)| *p == path)
            .map_or(expected, |(_, n, _)| *n);
        match result {
            Ok((units, _)) if units.len() == expected => checked += 1,
            Ok((units, stats)) => failures.push(format!(
                "{path}: {} units ({} skipped), manifest says {expected}",
                units.len(),
                stats.skipped
            )),
            Err(err) => failures.push(format!("{path}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 80, "only {checked} files checked");
}

#[test]
fn shared_inline_sample_keeps_sub_inside_ph_and_hi_content_in_text() {
    let Some(shared) = shared("shared_inline_sample_keeps_sub_inside_ph_and_hi_content_in_text")
    else {
        return;
    };
    let path = shared
        .join("tmx-samples/omegat/src/test/resources/data/tmx/TMXComplianceKit/ImportTest2C.tmx");
    let (units, _) = read_all(&path).unwrap();
    assert_eq!(units.len(), 1);
    let fr = &units[0].segments["fr"];
    assert_eq!(
        fr.text, "Cliquez  pour commencer.",
        "the spaces on both sides of <ph> stay"
    );
    assert!(fr
        .inline
        .iter()
        .any(|t| t.xml.contains("<sub>Commencez ici !</sub>")));
    assert_eq!(round_trip(&units), units);
}

#[test]
fn tico19_round_trips_to_identical_units() {
    let Some(shared) = shared("tico19_round_trips_to_identical_units") else {
        return;
    };
    let (units, stats) = read_all(&shared.join("corpus/tico19.en-ru.tmx")).unwrap();
    assert_eq!(units.len(), 3071);
    assert_eq!(stats.skipped, 0);
    assert!(units.iter().all(|u| u.segments.len() == 2));
    assert_eq!(
        text(&units[0], "en"),
        "about how long have these symptoms been going on?"
    );
    assert_eq!(
        text(&units[0], "ru"),
        "о том, как долго присутствуют эти симптомы?"
    );
    let back = round_trip(&units);
    assert_eq!(back.len(), units.len());
    for (a, b) in units.iter().zip(&back) {
        assert_eq!(a, b);
    }
}

#[test]
fn control_characters_in_a_segment_are_refused_with_their_place() {
    let read = |seg: &str| {
        let tmx = format!("<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv></tu></body></tmx>");
        from_reader(std::io::Cursor::new(tmx), Path::new("c.tmx"))
            .unwrap()
            .next()
            .unwrap()
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        read("ab\u{1}c").unwrap_err(),
        "c.tmx:2:31: expected text without control characters (XML 1.0 cannot carry them) but found U+0001"
    );
    assert!(read("ab&#27;c").unwrap_err().starts_with("c.tmx:2:29: "));
    // What XML can carry stays, line breaks and tabs included.
    assert_eq!(read("a&#9;b").unwrap().segments["en"].text, "a b");
}

/// Reads `body` (the content of `<body>`) under `limits`, to the first error.
fn read_limited(body: &str, limits: &Limits) -> Result<Vec<Unit>, TmxError> {
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n{body}\n</body></tmx>\n"
    );
    let reader = from_reader_with(std::io::Cursor::new(xml), Path::new("big.tmx"), limits)?;
    reader.collect()
}

fn tu(seg: &str) -> String {
    format!("<tu><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv></tu>")
}

#[test]
fn a_segment_above_the_size_limit_is_refused_at_its_place() {
    let limits = Limits::with_segment_bytes(1024);
    let fits = "word ".repeat(200);
    assert_eq!(read_limited(&tu(&fits), &limits).unwrap().len(), 1);
    // One run of text, refused before the parser holds all of it.
    let big = format!("{}\n{}", tu("Small."), tu(&"word ".repeat(100_000)));
    let err = read_limited(&big, &limits).unwrap_err().to_string();
    assert!(
        err.starts_with("big.tmx:4:29: a tag or run of text larger than the limit of 1 KiB"),
        "{err}"
    );
    // Many small pieces adding up, reported where the segment starts.
    let pieces = tu(&"word <ph/>".repeat(200));
    let err = read_limited(&pieces, &limits).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "big.tmx:3:24: a segment (its text and inline markup) larger than the limit of 1 KiB"
        ),
        "{err}"
    );
    // A huge attribute is one tag: the same bound.
    let attr = format!("<tu tuid=\"{}\">", "x".repeat(5000));
    let err = read_limited(&attr, &limits).unwrap_err().to_string();
    assert!(err.contains("a tag or run of text larger than"), "{err}");
}

#[test]
fn inline_elements_nested_too_deep_or_too_many_are_refused() {
    let limits = Limits::default();
    let nested = format!("{}x{}", "<ph>".repeat(101), "</ph>".repeat(101));
    let err = read_limited(&tu(&nested), &limits).unwrap_err().to_string();
    assert!(
        err.contains("elements nested more than 100 deep; expected at most 100 levels"),
        "{err}"
    );
    let ok = format!("{}x{}", "<ph>".repeat(100), "</ph>".repeat(100));
    assert_eq!(read_limited(&tu(&ok), &limits).unwrap().len(), 1);
    let many = "a<ph/>".repeat(1001);
    let err = read_limited(&tu(&many), &limits).unwrap_err().to_string();
    assert!(
        err.starts_with("big.tmx:3:24: more than 1000 inline elements in one segment"),
        "{err}"
    );
    let header = format!(
        "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header>{}</header><body/></tmx>",
        "<note>".repeat(200)
    );
    match from_reader(std::io::Cursor::new(header), Path::new("h.tmx")) {
        Err(e) => assert!(e.to_string().contains("nested more than 100 deep"), "{e}"),
        Ok(_) => panic!("a header nested 200 deep was read"),
    }
}

#[test]
fn hi_nesting_counts_towards_the_depth_limit_with_the_codes_inside_it() {
    let limits = Limits::default();
    let deep = |hi: usize, ph: usize| {
        let open = format!("{}{}", "<hi>".repeat(hi), "<ph>".repeat(ph));
        let close = format!("{}{}", "</ph>".repeat(ph), "</hi>".repeat(hi));
        read_limited(&tu(&format!("{open}x{close}")), &limits)
    };
    assert!(deep(100, 0).is_ok());
    assert!(deep(50, 50).is_ok());
    // The 101st level, at its start tag: line 3 is the <tu>, whose <seg>
    // content starts at column 29.
    let err = deep(101, 0).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "big.tmx:3:{}: elements nested more than 100 deep; expected at most 100 levels",
            29 + 4 * 100
        )
    );
    let err = deep(50, 51).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("big.tmx:3:{}:", 29 + 4 * 100)),
        "{err}"
    );
}

//! Evaluates tilmech's sentence aligner on the NTREX-128 test set (see
//! `tilmech::tm::align::ntrex`), and scores another aligner's output on the
//! same input. Used by `scripts/align-eval.sh`.
//!
//! ```text
//! cargo run --release --example align_eval -- [--shared ../shared] [--docs N]
//!     [--write DIR]             write galechurch input: DIR/<lang>/{src,tgt}/ntrex.txt
//!     [--score-galechurch DIR]  score DIR/<lang>/out/ntrex.txt (`-align text` output)
//! ```
//! Prints one Markdown table row per aligner and pair.

use std::path::PathBuf;

use tilmech::tm::align::ntrex::{self, Segmented, TestDoc};
use tilmech::tm::align::{Bead, PairModel};

/// WMT en–ru pairs (development data, never the test set).
fn wmt(shared: &std::path::Path) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(shared.join("corpus/wmt.en-ru.tsv"))?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect())
}

/// Prints the word-match rates of the lexical model on WMT lines 0–2999.
fn calibrate(shared: &std::path::Path) -> anyhow::Result<()> {
    let pairs = wmt(shared)?;
    let pairs = &pairs[..3000];
    for (name, cognates) in [("en-ru lexicon + cognates", false), ("cognates only", true)] {
        let [en, tgt] = ntrex::match_rates(pairs, "ru", cognates);
        println!(
            "{name}: en true {:.3} random {:.3}; target true {:.3} random {:.3}",
            en.0, en.1, tgt.0, tgt.1
        );
    }
    Ok(())
}

/// The NTREX construction applied to WMT lines 10000–13999 cut into
/// documents of 16 lines: a development set for en–ru.
fn dev_wmt(shared: &std::path::Path) -> anyhow::Result<()> {
    let pairs = wmt(shared)?;
    let (mut tsv, mut ids) = (String::new(), String::new());
    for (i, (a, b)) in pairs[10_000..14_000].iter().enumerate() {
        tsv.push_str(&format!("{a}\t{b}\t{b}\n"));
        ids.push_str(&format!("wmt{}\n", i / 16));
    }
    let docs = ntrex::build(&tsv, &ids, 1)?;
    for (name, model) in [
        ("tilmech", PairModel::for_pair("en", "ru")),
        (
            "no lexicon",
            PairModel::for_pair("en", "ru").without_lexicon(),
        ),
    ] {
        let (s, _) = ntrex::evaluate_with(&docs, "ru", &model);
        println!(
            "WMT dev {name}: {} docs P {:.4} R {:.4} F1 {:.4}",
            docs.len(),
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut shared = PathBuf::from("../shared");
    let mut limit = usize::MAX;
    let mut write: Option<PathBuf> = None;
    let mut galechurch: Option<PathBuf> = None;
    let mut show_errors = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--shared" => shared = value()?.into(),
            "--docs" => limit = value()?.parse()?,
            "--write" => write = Some(value()?.into()),
            "--score-galechurch" => galechurch = Some(value()?.into()),
            "--show-errors" => show_errors = true,
            "--calibrate" => return calibrate(&shared),
            "--dev-wmt" => return dev_wmt(&shared),
            _ => anyhow::bail!("unknown argument `{a}`"),
        }
    }
    let corpus = shared.join("corpus");
    let tsv = std::fs::read_to_string(corpus.join("ntrex128.en-ru-ky.tsv"))?;
    let ids = std::fs::read_to_string(corpus.join("ntrex128.docids.tsv"))?;
    for (col, lang) in [(1, "ru"), (2, "ky")] {
        let mut docs = ntrex::build(&tsv, &ids, col)?;
        docs.truncate(limit);
        let (score, elapsed) = ntrex::evaluate(&docs, lang);
        let plain = PairModel::for_pair("en", lang).without_lexicon();
        let (without, _) = ntrex::evaluate_with(&docs, lang, &plain);
        println!(
            "| tilmech, no lexical evidence | en–{lang} | {} | {:.4} | {:.4} | {:.4} | |",
            docs.len(),
            without.precision(),
            without.recall(),
            without.f1(),
        );
        println!(
            "| tilmech | en–{lang} | {} | {:.4} | {:.4} | {:.4} | {:.1} ms |",
            docs.len(),
            score.precision(),
            score.recall(),
            score.f1(),
            elapsed.as_secs_f64() * 1000.0
        );
        let segmented: Vec<Segmented> = docs.iter().map(|d| ntrex::segment(d, lang)).collect();
        if show_errors {
            errors(&docs, &segmented, lang);
        }
        if let Some(dir) = &write {
            write_blocks(
                &dir.join(lang).join("src/ntrex.txt"),
                segmented.iter().map(|s| &s.src),
            )?;
            write_blocks(
                &dir.join(lang).join("tgt/ntrex.txt"),
                segmented.iter().map(|s| &s.tgt),
            )?;
        }
        if let Some(dir) = &galechurch {
            let out = std::fs::read_to_string(dir.join(lang).join("out/ntrex.txt"))?;
            let score = score_text_output(&out, &docs, &segmented)?;
            println!(
                "| galechurch | en–{lang} | {} | {:.4} | {:.4} | {:.4} | |",
                docs.len(),
                score.precision(),
                score.recall(),
                score.f1()
            );
        }
    }
    Ok(())
}

/// One sentence per line, a blank line after every block.
fn write_blocks<'a>(
    path: &std::path::Path,
    docs: impl Iterator<Item = &'a Vec<Vec<String>>>,
) -> anyhow::Result<()> {
    let mut text = String::new();
    for block in docs.flatten() {
        for s in block {
            text.push_str(s);
            text.push('\n');
        }
        text.push('\n');
    }
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    std::fs::write(path, text)?;
    Ok(())
}

/// Scores `src<TAB>tgt` lines (sentences of a bead joined by spaces) by
/// walking the sentence lists in order to recover each bead's extent.
fn score_text_output(
    out: &str,
    docs: &[TestDoc],
    segmented: &[Segmented],
) -> anyhow::Result<ntrex::Score> {
    // Everything in global numbering: sentences, lines and truth.
    let (mut src, mut tgt) = (Vec::new(), Vec::new());
    let (mut src_line, mut tgt_line) = (Vec::new(), Vec::new());
    let mut truth = Vec::new();
    let (mut so, mut to) = (0, 0);
    for (d, s) in docs.iter().zip(segmented) {
        src.extend(s.src.iter().flatten().cloned());
        tgt.extend(s.tgt.iter().flatten().cloned());
        src_line.extend(s.src_line.iter().map(|l| l + so));
        tgt_line.extend(s.tgt_line.iter().map(|l| l + to));
        for (a, b) in &d.truth {
            truth.push((
                a.iter().map(|l| l + so).collect(),
                b.iter().map(|l| l + to).collect(),
            ));
        }
        so += d.src.len();
        to += d.tgt.len();
    }
    let take = |text: &str,
                list: &[String],
                cursor: &mut usize|
     -> anyhow::Result<std::ops::Range<usize>> {
        let start = *cursor;
        let mut joined = String::new();
        while joined.len() < text.len() {
            let s = list
                .get(*cursor)
                .ok_or_else(|| anyhow::anyhow!("output runs past the input at `{text}`"))?;
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(s);
            *cursor += 1;
        }
        anyhow::ensure!(
            joined == text,
            "output line `{text}` does not match the input sentences"
        );
        Ok(start..*cursor)
    };
    let (mut cs, mut ct) = (0, 0);
    let mut beads = Vec::new();
    for line in out.lines() {
        let (a, b) = line.split_once('\t').unwrap_or((line, ""));
        beads.push(Bead {
            src: take(a.trim(), &src, &mut cs)?,
            tgt: take(b.trim(), &tgt, &mut ct)?,
            confidence: 1.0,
        });
    }
    let lines = ntrex::line_beads(&beads, &src_line, &tgt_line);
    Ok(ntrex::score(&lines, &truth))
}

/// Prints each document's wrong beads, for tuning.
fn errors(docs: &[TestDoc], segmented: &[Segmented], lang: &str) {
    let model = tilmech::tm::align::PairModel::for_pair("en", lang);
    for (d, s) in docs.iter().zip(segmented) {
        let strs = |b: &[Vec<String>]| -> Vec<Vec<String>> { b.to_vec() };
        let (a, b) = (strs(&s.src), strs(&s.tgt));
        let ra: Vec<Vec<&str>> = a
            .iter()
            .map(|x| x.iter().map(String::as_str).collect())
            .collect();
        let rb: Vec<Vec<&str>> = b
            .iter()
            .map(|x| x.iter().map(String::as_str).collect())
            .collect();
        let beads = tilmech::tm::align::align_blocks(&ra, &rb, &model);
        let lines = ntrex::line_beads(&beads, &s.src_line, &s.tgt_line);
        let bad: Vec<_> = lines.iter().filter(|l| !d.truth.contains(l)).collect();
        if bad.is_empty() {
            continue;
        }
        println!("== {} wrong {:?}\n   truth {:?}", d.id, bad, d.truth);
        let fa: Vec<&str> = ra.concat();
        let fb: Vec<&str> = rb.concat();
        for bd in &beads {
            println!(
                "  {:?}:{:?} {:.2}\n     EN {}\n     TG {}",
                bd.src,
                bd.tgt,
                bd.confidence,
                fa[bd.src.clone()].join(" | "),
                fb[bd.tgt.clone()].join(" | ")
            );
        }
    }
}

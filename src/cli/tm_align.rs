//! `tilmech tm align`: align the language versions of earlier releases and
//! import the sure units into the translation memory (or show them all
//! side by side with `--dry-run`).

use std::path::PathBuf;

use clap::ValueEnum;

use crate::output;
use crate::tm::align::{align_group, group_files, review, AlignedUnit, Alignment, LANGUAGES};
use crate::tm::memory::{self, Access};
use crate::tm::store;
use crate::tm::unit::Provenance;

use super::{EXIT_FINDINGS, EXIT_OK};

/// Arguments of `tilmech tm align`.
#[derive(clap::Args)]
#[command(
    after_help = "FILES are `<stem>.<lang>.md` (or .txt), one per language (en, ru, ky); a folder aligns every group in it.\nA group with a missing or empty version, or versions of different releases, is reported and imports nothing.\nUnits below --min-confidence and sentences without counterpart (unmatched) are not imported: --review FILE writes them\nto a TSV file to correct (fill in a missing translation, fix a pairing), and --accept FILE imports the corrected file.\nA FILE in the project's alignments/ folder is also listed in `tilmech serve` (Alignments), to correct and accept there.\n\nExamples:\n  tilmech tm align ../shared/reference/archive --dry-run\n  tilmech tm align 2021-05-12-elections.en.md 2021-05-12-elections.ru.md 2021-05-12-elections.ky.md\n  tilmech tm align archive/ --min-confidence 0.8 --format json\n  tilmech tm align archive/ --review alignments/archive.tsv\n  tilmech tm align --accept alignments/archive.tsv"
)]
pub struct Args {
    /// Release files or folders.
    #[arg(required_unless_present = "accept", conflicts_with = "accept")]
    files: Vec<PathBuf>,
    /// Show the alignment for review; import nothing.
    #[arg(long)]
    dry_run: bool,
    /// Also write the units left for review and the unmatched sentences to
    /// FILE (TSV, a new file), to correct and bring back with --accept.
    #[arg(long, value_name = "FILE")]
    review: Option<PathBuf>,
    /// Import a corrected review file: every row with English and another
    /// language becomes a unit with status `reviewed`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dry_run", "review"])]
    accept: Option<PathBuf>,
    /// Units below this confidence are listed for review, not imported.
    #[arg(long, default_value_t = 0.5, value_parser = confidence, value_name = "X")]
    min_confidence: f64,
    /// What to print: human, json (docs/cli.md) or tsv (the review file's columns).
    #[arg(
        short = 'f',
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT"
    )]
    format: Format,
}

fn confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, got `{s}`")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Tsv,
}

/// Runs `tilmech tm align`; `tm` is the `--tm` option of `tilmech tm`.
pub fn exec(args: Args, tm: Option<PathBuf>) -> anyhow::Result<u8> {
    if let Some(file) = &args.accept {
        return accept(file, tm, args.format);
    }
    if let Some(file) = &args.review {
        if file.exists() {
            anyhow::bail!(
                "{}: already exists; --review writes a new file (move the old one away or pick another name)",
                file.display()
            );
        }
    }
    let groups = group_files(&args.files)?;
    // A path that is not there is an input error (exit 2), unlike a group
    // whose versions do not line up, which is a finding.
    for f in &args.files {
        std::fs::metadata(f).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", f.display()))?;
    }
    if groups.is_empty() {
        anyhow::bail!("no release files (`<stem>.<lang>.md` or `.txt`) in the given folders");
    }
    let mut failed = 0;
    let mut done: Vec<Alignment> = Vec::new();
    let bar = output::progress(groups.len() as u64, "aligning", "documents");
    for g in &groups {
        match align_group(g) {
            Ok(a) => done.push(a),
            Err(e) => {
                failed += 1;
                bar.suspend(|| output::error(&e.to_string()));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let min = args.min_confidence;
    if let Some(file) = &args.review {
        // The folder is made if need be: the web app lists the files of
        // the project's `alignments/`, which a fresh project lacks.
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", dir.display()))?;
        }
        crate::fsutil::write_new(file, review::write(&done, min).as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
    }
    let mut store = None;
    if !args.dry_run && !done.is_empty() {
        let location = super::memory_path(tm)?;
        store = Some(memory::open(&location, Access::Write)?);
    }
    let mut json = Vec::new();
    let now = crate::tm::unit::now_stamp();
    let defaults = Provenance {
        created: Some(now.clone()),
        changed: Some(now),
        ..Provenance::default()
    };
    for a in &done {
        let mut imported = None;
        if let Some(store) = store.as_mut() {
            let units = a
                .units
                .iter()
                .enumerate()
                .filter(|(_, u)| u.confidence >= min)
                .map(|(i, u)| Ok::<_, std::convert::Infallible>(u.to_unit(&a.stem, i as u32)));
            imported = Some(store::import(store, units, &defaults)?);
        }
        match args.format {
            Format::Human => output::print(&human(a, min, args.dry_run, imported.as_ref())),
            Format::Tsv => output::print(&tsv(a, min)),
            Format::Json => json.push(to_json(a, min, imported.as_ref())),
        }
    }
    if args.format == Format::Json {
        let count = |f: &dyn Fn(&Alignment) -> usize| done.iter().map(f).sum::<usize>();
        let review = count(&|a| a.units.iter().filter(|u| u.confidence < min).count());
        let imported: Option<usize> = json
            .iter()
            .map(|d| d["imported"].as_u64().map(|n| n as usize))
            .sum();
        output::print_json(&serde_json::json!({
            "summary": {"documents": done.len(), "failed": failed,
                        "units": count(&|a| a.units.len()), "review": review,
                        "unmatched": count(&|a| a.unmatched.len()),
                        "imported": imported, "dry_run": args.dry_run},
            "items": json,
        }));
    }
    Ok(if failed > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn human(a: &Alignment, min: f64, dry_run: bool, imported: Option<&store::BatchReport>) -> String {
    let means: Vec<String> = a
        .mean_confidence
        .iter()
        .map(|(l, m)| format!("en–{l} {m:.2}"))
        .collect();
    let mut out = format!(
        "{}  {}\n",
        output::paint(output::EMPHASIS, &a.stem),
        output::paint(
            output::DIM,
            &format!("mean confidence {}", means.join(", "))
        )
    );
    let mut review = 0;
    for (i, u) in a.units.iter().enumerate() {
        let low = u.confidence < min;
        review += usize::from(low);
        // Without --dry-run only the units left for review are listed.
        if !dry_run && !low {
            continue;
        }
        let mark = if low { "review" } else { "" };
        let head = format!("#{i:<3} {:.2} {mark:<6}", u.confidence);
        for (k, lang) in LANGUAGES.iter().enumerate() {
            let Some(text) = u.segments.get(*lang) else {
                continue;
            };
            let lead = if k == 0 {
                head.clone()
            } else {
                " ".repeat(head.chars().count())
            };
            let line = format!("  {lead} {lang}  {text}");
            let styled = if low {
                output::paint(output::WARNING, &line)
            } else {
                line
            };
            out.push_str(&styled);
            out.push('\n');
        }
    }
    for s in &a.unmatched {
        let line = format!(
            "  unmatched  {} #{:<3} {}  (no {} counterpart)",
            s.lang, s.sentence, s.text, s.missing_in
        );
        out.push_str(&output::paint(output::WARNING, &line));
        out.push('\n');
    }
    let unmatched = a.unmatched.len();
    match imported {
        Some(r) => out.push_str(&format!(
            "{}: {} units imported ({} new, {} merged, {} already there), {review} listed for review, {unmatched} sentences unmatched\n",
            a.stem,
            a.units.len() - review,
            r.added,
            r.merged,
            r.duplicates
        )),
        None => out.push_str(&format!(
            "{}: {} units, {review} below confidence {min}, {unmatched} sentences unmatched (dry run: nothing imported)\n",
            a.stem,
            a.units.len()
        )),
    }
    out
}

fn tsv(a: &Alignment, min: f64) -> String {
    let mut out = String::new();
    for (i, u) in a.units.iter().enumerate() {
        let state = if u.confidence >= min { "ok" } else { "review" };
        out.push_str(&review::row(
            &a.stem,
            Some(i),
            Some(u.confidence),
            state,
            &u.segments,
        ));
    }
    for s in &a.unmatched {
        out.push_str(&review::unmatched_row(&a.stem, s));
    }
    out
}

/// `--accept FILE`: imports the corrected review file, all or nothing.
fn accept(file: &std::path::Path, tm: Option<PathBuf>, format: Format) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let accepted = review::parse(&text, &file.display().to_string())?;
    // The memory is named even when there is nothing to store (which
    // opens none), so a wrong --tm or a folder outside a project is told.
    let report = review::accept(&super::memory_path(tm)?, accepted, None)?;
    let count = report.imported;
    let (added, merged, dup) = report
        .batch
        .map_or((0, 0, 0), |r| (r.added, r.merged, r.duplicates));
    if format == Format::Json {
        output::print_json(&serde_json::json!({"summary": {
            "file": file.display().to_string(),
            "imported": count,
            "added": added,
            "merged": merged,
            "already_present": dup,
            "skipped": report.skipped,
        }}));
    } else {
        output::print(&format!(
            "{}: {count} reviewed units imported ({added} new, {merged} merged, {dup} already there), {} rows with one language skipped\n",
            file.display(),
            report.skipped
        ));
    }
    Ok(EXIT_OK)
}

fn to_json(a: &Alignment, min: f64, imported: Option<&store::BatchReport>) -> serde_json::Value {
    let unit = |(i, u): (usize, &AlignedUnit)| {
        serde_json::json!({
            "position": i,
            "confidence": u.confidence,
            "review": u.confidence < min,
            "segments": u.segments,
        })
    };
    serde_json::json!({
        "document": a.stem,
        "mean_confidence": a.mean_confidence,
        "imported": imported.map(|r| r.added + r.merged + r.duplicates),
        "units": a.units.iter().enumerate().map(unit).collect::<Vec<_>>(),
        "unmatched": a.unmatched.iter().map(|s| serde_json::json!({
            "lang": s.lang,
            "sentence": s.sentence,
            "text": s.text,
            "missing_in": s.missing_in,
        })).collect::<Vec<_>>(),
    })
}

//! `tilmech tm align`: align the language versions of earlier releases and
//! import the sure units into the translation memory (or show them all
//! side by side with `--dry-run`).

use std::path::PathBuf;

use clap::ValueEnum;

use crate::output;
use crate::tm::align::{align_group, group_files, AlignedUnit, Alignment, LANGUAGES};
use crate::tm::store::{self, SqliteStore};
use crate::tm::unit::Provenance;

use super::{EXIT_FINDINGS, EXIT_OK};

/// Arguments of `tilmech tm align`.
#[derive(clap::Args)]
#[command(
    after_help = "FILES are `<stem>.<lang>.md` (or .txt), one per language (en, ru, ky); a folder aligns every group in it.\nA group with a missing or empty version, or versions of different releases, is reported and imports nothing.\n\nExamples:\n  tilmech tm align ../shared/reference/archive --dry-run\n  tilmech tm align 2021-05-12-elections.en.md 2021-05-12-elections.ru.md 2021-05-12-elections.ky.md\n  tilmech tm align archive/ --min-confidence 0.8 --format json"
)]
pub struct Args {
    /// Release files or folders.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Show the alignment for review; import nothing.
    #[arg(long)]
    dry_run: bool,
    /// Units below this confidence are listed for review, not imported.
    #[arg(long, default_value_t = 0.5, value_parser = confidence, value_name = "X")]
    min_confidence: f64,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
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
    let groups = group_files(&args.files)?;
    if groups.is_empty() {
        anyhow::bail!("no release files (`<stem>.<lang>.md` or `.txt`) in the given folders");
    }
    let mut failed = 0;
    let mut done: Vec<Alignment> = Vec::new();
    for g in &groups {
        match align_group(g) {
            Ok(a) => done.push(a),
            Err(e) => {
                failed += 1;
                output::error(&e.to_string());
            }
        }
    }
    let min = args.min_confidence;
    let mut store = None;
    if !args.dry_run && !done.is_empty() {
        let path = super::tm::tm_path(tm)?;
        store = Some(SqliteStore::open(&path)?);
    }
    let mut json = Vec::new();
    for a in &done {
        let mut imported = None;
        if let Some(store) = store.as_mut() {
            let now = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())?.to_string();
            let defaults = Provenance {
                created: Some(now.clone()),
                changed: Some(now),
                ..Provenance::default()
            };
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
        output::print(&format!("{}\n", serde_json::to_string_pretty(&json)?));
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
    match imported {
        Some(r) => out.push_str(&format!(
            "{}: {} units imported ({} new, {} merged, {} already there), {review} listed for review\n",
            a.stem,
            a.units.len() - review,
            r.added,
            r.merged,
            r.duplicates
        )),
        None => out.push_str(&format!(
            "{}: {} units, {review} below confidence {min} (dry run: nothing imported)\n",
            a.stem,
            a.units.len()
        )),
    }
    out
}

fn tsv(a: &Alignment, min: f64) -> String {
    let clean = |s: &str| s.replace(['\t', '\n'], " ");
    let mut out = String::new();
    for (i, u) in a.units.iter().enumerate() {
        let cols: Vec<String> = LANGUAGES
            .iter()
            .map(|l| u.segments.get(*l).map_or(String::new(), |t| clean(t)))
            .collect();
        let state = if u.confidence >= min { "ok" } else { "review" };
        out.push_str(&format!(
            "{}\t{i}\t{:.3}\t{state}\t{}\n",
            a.stem,
            u.confidence,
            cols.join("\t")
        ));
    }
    out
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
    })
}

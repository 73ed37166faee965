//! `tilmech tm`: import, export, look up, search and count the translation
//! memory. The memory is `--tm PATH`, else `$TILMECH_TM`, else the project's
//! `tm` setting (`.tilmech/tm.sqlite` by default).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::Subcommand;

use crate::limits::Limits;
use crate::output;
use crate::tm::diff;
use crate::tm::interchange::{self, ImportOptions};
use crate::tm::lookup::{self, Query};
use crate::tm::memory::{self, Access, Memory};
use crate::tm::store::{self, Store, UnitId};
use crate::tm::unit::{Provenance, Unit};

use super::{args, EXIT_FINDINGS, EXIT_OK};

/// Arguments of `tilmech tm`.
#[derive(clap::Args)]
#[command(
    about = "Keep the translation memory: import, export, look up, search, count",
    after_help = "The memory is --tm PATH, else $TILMECH_TM, else `tm` in tilmech.toml (.tilmech/tm.sqlite);\na postgres://USER@HOST/DATABASE URL instead of a path is a memory shared by a team (docs/team-memory.md).\n\nExamples:\n  tilmech tm import ../shared/corpus/ntrex128.en-ru-ky.tsv -l en,ru,ky\n  tilmech tm lookup \"40 police officers took part.\" --from en --to ru\n  tilmech tm search \"ОБСЕ\" -l ru\n  tilmech tm stats\n\nThe match score is explained in docs/tm.md."
)]
pub struct Args {
    #[command(flatten)]
    tm: args::Memory,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import units from a TSV, TMX or XLIFF file, all or nothing.
    #[command(
        after_help = "--lang gives a TSV file's column languages, in order (required for TSV; a TMX or XLIFF file names its own). Codes are reduced to their primary subtag (en-US → en).\nDuplicates are merged; a unit adding a language to a stored unit with the same text completes it.\nA malformed line stops the import with its line number and nothing is stored.\n\nAn XLIFF file (1.2 or 2.0) gives the segments --accept admits, as `review import` judges them (docs/review.md), status reviewed or translated by their state; quality-check errors keep a segment out (exit 1) unless --force.\n\nExamples:\n  tilmech tm import corpus.tsv -l en,ru,ky\n  tilmech tm import memory.tmx\n  tilmech tm import release.tsv -l en,ru --document 2021-06-03-osce --author aigul\n  tilmech tm import agency.ru.xlf --accept reviewed"
    )]
    Import {
        /// The file: `.tsv` (one unit per line), `.tmx`, or `.xlf`/`.xliff`.
        file: PathBuf,
        #[command(flatten)]
        langs: args::Langs,
        /// Document name recorded with each unit (default: the file name).
        #[arg(long)]
        document: Option<String>,
        /// Author recorded with each unit.
        #[arg(long)]
        author: Option<String>,
        #[command(flatten)]
        format: args::Format,
        /// XLIFF only: which segments to take [default: translated].
        #[arg(long, value_enum)]
        accept: Option<super::review::Level>,
        /// XLIFF only: take segments whose quality checks found errors; their status records it.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        input: args::InputLimits,
    },
    /// Export units to a TSV or TMX file.
    #[command(
        after_help = "--lang picks the languages written [default: en,ru,ky]: TSV columns in that order; the first is the TMX source language. A unit is written when it has two of them.\nAn existing FILE is kept unless --force is given; the file is written whole or not at all.\n\nExamples:\n  tilmech tm export memory.tsv -l en,ru,ky\n  tilmech tm export memory.tmx -l en,ru --force"
    )]
    Export {
        /// The file to write: `.tsv` or `.tmx`.
        file: PathBuf,
        #[command(flatten)]
        langs: args::Langs,
        /// Replace FILE if it exists (never the memory itself).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        format: args::Format,
    },
    /// Find stored translations of a sentence, best first (exit 1 when none).
    #[command(
        after_help = "Score: 100 × (1 − token edit distance / longer token count), rounded down;\nnumbers are placeables (99 at most); 101 = identical text and identical previous sentence.\nTEXT `-` reads the sentence from standard input; --batch looks up every line of a file (or of standard input) and prints JSON lines.\n\nExamples:\n  tilmech tm lookup \"40 police officers took part.\" --from en --to ru\n  tilmech tm lookup \"He asked the OSCE to assist.\" --from en --to ky --min 50 --format json\n  tilmech tm lookup \"The meeting closed.\" --from en --to ru --previous \"The meeting opened.\"\n  echo \"The meeting closed.\" | tilmech tm lookup - --to ru\n  tilmech tm lookup --batch queries.txt --to ru > answers.jsonl\n  cut -f2 queries.tsv | tilmech tm lookup --batch - --to ru"
    )]
    Lookup {
        /// The sentence to translate (`-`: read it from standard input).
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        text: Option<String>,
        /// Look up every line of FILE (`-` or no FILE: standard input) in
        /// one process and write one JSON line per query: `{"line", "query",
        /// "matches": [{"id", "score", "source", "target"}]}`. A line with
        /// tabs is a TSV row whose last field is the text (so `kind<TAB>text`
        /// query files work); blank lines are skipped.
        #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-", conflicts_with = "previous")]
        batch: Option<PathBuf>,
        /// With --batch: add each query's time in microseconds (`"micros"`)
        /// and print percentiles to stderr.
        #[arg(long, requires = "batch")]
        timings: bool,
        /// With --batch: score every unit instead of using the index (the
        /// reference for exactness checks; slow).
        #[arg(long, requires = "batch", hide = true)]
        brute: bool,
        /// The language of TEXT.
        #[arg(long, default_value = "en", value_parser = args::one_lang, value_name = "LANG")]
        from: String,
        /// The language wanted.
        #[arg(long, value_parser = args::one_lang, value_name = "LANG")]
        to: String,
        /// Lowest score shown.
        #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=101))]
        min: u8,
        /// Most results shown.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// The sentence before TEXT in your document, for context matches (101).
        #[arg(long)]
        previous: Option<String>,
        #[command(flatten)]
        format: args::Format,
    },
    /// Concordance: units containing a phrase (case-insensitive), with their translations.
    #[command(
        after_help = "--lang searches only these languages' segments [default: all].\n\nExamples:\n  tilmech tm search \"police\"\n  tilmech tm search \"ОБСЕ\" -l ru --limit 10"
    )]
    Search {
        /// The phrase to find.
        phrase: String,
        #[command(flatten)]
        langs: args::Langs,
        /// Most units shown.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[command(flatten)]
        format: args::Format,
    },
    /// Align the language versions of earlier releases into units.
    Align(super::tm_align::Args),
    /// Copy a whole memory into a new one: SQLite to PostgreSQL or back.
    #[command(
        after_help = "Every unit is copied as it is, with its id, provenance, status, author and inline markup,\nin one transaction; TO must be a new file or an empty database (nothing is merged).\n\nExamples:\n  tilmech tm copy .tilmech/tm.sqlite postgres://ana@db.office/tm\n  tilmech tm copy postgres://ana@db.office/tm backup.sqlite"
    )]
    Copy {
        /// The memory to copy: a file or a postgres:// URL.
        from: PathBuf,
        /// The new memory: a file or a postgres:// URL of an empty database.
        to: PathBuf,
    },
    /// Units per language and language pair, and the size on disk.
    #[command(
        after_help = "Examples:\n  tilmech tm stats\n  tilmech tm --tm team.sqlite stats --format json"
    )]
    Stats {
        #[command(flatten)]
        format: args::Format,
    },
}

/// Runs `tilmech tm`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let command = match args.command {
        Command::Align(a) => return super::tm_align::exec(a, args.tm.tm),
        other => other,
    };
    if let Command::Copy { from, to } = command {
        return copy(&from, &to);
    }
    let location = super::memory_path(args.tm.tm)?;
    // An XLIFF file is read whole here, once, and imported as read.
    let mut xliff = None;
    if let Command::Import {
        file, langs, input, ..
    } = &command
    {
        langs.primary()?;
        xliff = check_import_input(file, !langs.lang.is_empty(), &input.limits())?;
    }
    // Only an import writes; everything else reads, so it works on a
    // read-only disk or a memory of another user.
    let access = if matches!(command, Command::Import { .. }) {
        Access::Write
    } else {
        Access::Read
    };
    let mut store = memory::open(&location, access)?;
    match command {
        Command::Import {
            file,
            langs,
            document,
            author,
            format,
            accept,
            force,
            input,
        } => {
            let langs = langs.primary()?;
            if let Some(xliff) = xliff {
                if !langs.is_empty() {
                    bail!("an XLIFF file names its languages: leave out --lang (nothing was imported)");
                }
                let options = crate::draft::memory::Options {
                    accept: accept.map(Into::into).unwrap_or_default(),
                    force,
                    document,
                    author,
                };
                return import_xliff(&mut store, &file, &xliff, &options, format);
            }
            if accept.is_some() || force {
                bail!("--accept and --force are for XLIFF files (nothing was imported)");
            }
            let options = ImportOptions {
                langs: (!langs.is_empty()).then_some(langs),
                document,
                author,
                limits: input.limits(),
            };
            import(&mut store, &file, &options, format)
        }
        Command::Export {
            file,
            langs,
            force,
            format,
        } => {
            let mut langs = langs.primary()?;
            if langs.is_empty() {
                langs = ["en", "ru", "ky"].map(String::from).to_vec();
            }
            export(&store, &file, &langs, force, format)
        }
        Command::Lookup {
            batch: Some(file),
            timings,
            brute,
            from,
            to,
            min,
            limit,
            ..
        } => lookup_batch(&store, &file, &from, &to, min, limit, timings, brute),
        Command::Lookup {
            text,
            from,
            to,
            min,
            limit,
            previous,
            format,
            ..
        } => {
            let mut text = text.unwrap_or_default();
            if text == "-" {
                text = read_input(Path::new("-"))?
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            if text.trim().is_empty() {
                bail!("nothing to look up: TEXT is empty");
            }
            let index = store.index(&from)?;
            let q = Query {
                text: &text,
                from: &from,
                to: &to,
                min,
                limit,
                previous: previous.as_deref(),
            };
            let matches = lookup::lookup(&store, &index, &q)?;
            if matches.is_empty() {
                has_languages(&store, &[&from, &to])?;
            }
            show_matches(&matches, &q, format);
            Ok(if matches.is_empty() {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            })
        }
        Command::Search {
            phrase,
            langs,
            limit,
            format,
        } => {
            if phrase.trim().is_empty() {
                bail!("nothing to search for: PHRASE is empty");
            }
            let langs = langs.primary()?;
            let mut hits = Vec::new();
            if langs.is_empty() {
                hits = store.search(&phrase, None, limit)?;
            }
            for lang in &langs {
                for hit in store.search(&phrase, Some(lang), limit)? {
                    if !hits.iter().any(|(id, _)| *id == hit.0) {
                        hits.push(hit);
                    }
                }
            }
            hits.sort_by_key(|(id, _)| *id);
            hits.truncate(limit);
            show_hits(&hits, &phrase, &langs, format);
            Ok(if hits.is_empty() {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            })
        }
        Command::Stats { format } => {
            show_stats(&store.stats()?, &store.describe(), format);
            Ok(EXIT_OK)
        }
        Command::Align(_) | Command::Copy { .. } => {
            unreachable!("handled before the memory is opened")
        }
    }
}

/// The text of `file`, or of standard input for `-`.
fn read_input(file: &Path) -> anyhow::Result<String> {
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .context("cannot read standard input as UTF-8 text")?;
        return Ok(text);
    }
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}

/// `tm lookup --batch`: one process, one index load, every line of `file`.
#[allow(clippy::too_many_arguments)]
fn lookup_batch(
    store: &Memory,
    file: &Path,
    from: &str,
    to: &str,
    min: u8,
    limit: usize,
    timings: bool,
    brute: bool,
) -> anyhow::Result<u8> {
    let text = read_input(file)?;
    let start = std::time::Instant::now();
    enum Scorer {
        Index(memory::LiveIndex),
        Brute(lookup::BruteForce),
    }
    let mut scorer = if brute {
        Scorer::Brute(lookup::BruteForce::new(store, from)?)
    } else {
        Scorer::Index(store.live_index(from)?)
    };
    let ready = start.elapsed();
    has_languages(store, &[from, to])?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut times = Vec::new();
    let mut found = 0;
    for (n, line) in text.lines().enumerate() {
        let query = line.rsplit('\t').next().unwrap_or(line).trim();
        if query.is_empty() {
            continue;
        }
        let q = Query {
            text: query,
            from,
            to,
            min,
            limit,
            previous: None,
        };
        let t = std::time::Instant::now();
        let matches = match &mut scorer {
            Scorer::Index(live) => {
                // What other clients of a shared memory wrote since.
                store.refresh(live)?;
                lookup::lookup(store, &live.index, &q)?
            }
            Scorer::Brute(b) => b.lookup(store, &q)?,
        };
        let micros = t.elapsed().as_micros() as u64;
        times.push(micros);
        found += usize::from(!matches.is_empty());
        let items: Vec<serde_json::Value> = matches
            .iter()
            .map(|m| {
                serde_json::json!({"id": m.id, "score": m.score, "source": m.source,
                                   "target": m.target})
            })
            .collect();
        let mut record = serde_json::json!({"line": n + 1, "query": query, "matches": items});
        if timings {
            record["micros"] = micros.into();
        }
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    if timings {
        times.sort_unstable();
        let pct = |p: usize| times.get((times.len() * p / 100).min(times.len().saturating_sub(1)));
        let ms = |v: Option<&u64>| v.map_or(0.0, |&v| v as f64 / 1000.0);
        output::eprint(&format!(
            "{} queries, {found} with a match; index ready in {:.1} ms; per query p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms\n",
            times.len(),
            ready.as_secs_f64() * 1000.0,
            ms(pct(50)),
            ms(pct(95)),
            ms(pct(99)),
            ms(times.last()),
        ));
    }
    Ok(if found == 0 { EXIT_FINDINGS } else { EXIT_OK })
}

/// Fails, before the memory is opened (and so before an absent one is
/// made), when `file` cannot be imported: unreadable, of no known type, a
/// TSV without its languages, a TMX whose header or an XLIFF that does not
/// parse (within `limits`). Returns an XLIFF file as read, for the import.
fn check_import_input(
    file: &Path,
    has_langs: bool,
    limits: &Limits,
) -> anyhow::Result<Option<crate::draft::xliff::ReviewFile>> {
    std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    if is_xliff(file) {
        return Ok(Some(crate::draft::memory::read(file, limits)?));
    }
    match interchange::FileKind::of(file, true)? {
        interchange::FileKind::Tsv if !has_langs => {
            Err(interchange::InterchangeError::NoLanguages)?
        }
        interchange::FileKind::Tsv => {}
        interchange::FileKind::Tmx => drop(crate::tm::tmx::read_with(file, limits)?),
    }
    Ok(None)
}

/// Fails when the memory holds no unit in one of `langs`: "no match" would
/// send the user looking for a better query where the memory cannot answer.
fn has_languages(store: &Memory, langs: &[&str]) -> anyhow::Result<()> {
    // Counted only when one is missing, for the message.
    if let Some(lang) = store.missing_languages(langs)?.first() {
        let stats = store.stats()?;
        let held: Vec<&str> = stats.languages.keys().map(String::as_str).collect();
        bail!(
            "the memory {} has no `{lang}` units (it holds {})",
            store.describe(),
            if held.is_empty() {
                "none".to_string()
            } else {
                held.join(", ")
            }
        );
    }
    Ok(())
}

fn import(
    store: &mut Memory,
    file: &Path,
    options: &ImportOptions,
    format: args::Format,
) -> anyhow::Result<u8> {
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let bar = output::progress_bytes(size, "importing");
    let progress = bar.clone();
    let report = interchange::import_file(
        store,
        file,
        options,
        Arc::new(move |read| progress.set_position(read)),
    );
    bar.finish_and_clear();
    let report = report?;
    if format.json() {
        output::print_json(&serde_json::json!({"summary": {
            "file": file, "memory": store.describe(), "read": report.read, "added": report.added,
            "merged": report.merged, "already_present": report.duplicates,
        }}));
        return Ok(EXIT_OK);
    }
    output::print(&format!(
        "{} {} units from {}: {} new, {} merged into existing units, {} already present\n",
        output::paint(output::GOOD, "imported"),
        report.read,
        file.display(),
        report.added,
        report.merged,
        report.duplicates
    ));
    Ok(EXIT_OK)
}

fn is_xliff(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlf") || e.eq_ignore_ascii_case("xliff"))
}

/// `tm import FILE.xlf`: the translated segments into the memory.
fn import_xliff(
    store: &mut Memory,
    file: &Path,
    xliff: &crate::draft::xliff::ReviewFile,
    options: &crate::draft::memory::Options,
    format: args::Format,
) -> anyhow::Result<u8> {
    let done = crate::draft::memory::import(file, xliff, options, store)?;
    let code = if crate::draft::memory::blocked(&done) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    if format.json() {
        output::print_json(&serde_json::json!({
            "summary": {
                "file": file, "memory": store.describe(), "from": done.from, "to": done.to,
                "accept": options.accept, "imported": done.taken, "memory_new": done.tm.added,
                "memory_merged": done.tm.merged, "memory_already": done.tm.duplicates,
                "not_imported": done.skipped.len(),
            },
            "items": done.skipped,
        }));
        return Ok(code);
    }
    let mut text = format!(
        "{} {} segments ({} → {}, --accept {}) from {}: {} new, {} merged into existing units, {} already present; {} not imported\n",
        output::paint(output::GOOD, "imported"),
        done.taken,
        done.from,
        done.to,
        options.accept.as_str(),
        file.display(),
        done.tm.added,
        done.tm.merged,
        done.tm.duplicates,
        done.skipped.len()
    );
    text += &super::review::listed(&done.findings, &done.skipped);
    output::print(&text);
    Ok(code)
}

fn export(
    store: &Memory,
    file: &Path,
    langs: &[String],
    force: bool,
    format: args::Format,
) -> anyhow::Result<u8> {
    // While the memory is read, a count of the units read; the bar is made
    // at the first unit written, when the number to write is known.
    let reading = output::progress_count("reading", "units");
    let bar = std::cell::OnceCell::new();
    let written = interchange::export_file(store, file, langs, force, &|done, total| {
        if total == 0 {
            reading.set_position(done);
            return;
        }
        reading.finish_and_clear();
        bar.get_or_init(|| output::progress(total, "exporting", "units"))
            .set_position(done);
    });
    reading.finish_and_clear();
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    let written = written?;
    if format.json() {
        output::print_json(&serde_json::json!({"summary": {
            "file": file, "memory": store.describe(), "units": written, "languages": langs,
        }}));
        return Ok(EXIT_OK);
    }
    output::print(&format!(
        "exported {written} units ({}) to {}\n",
        langs.join(","),
        file.display()
    ));
    Ok(EXIT_OK)
}

fn copy(from: &Path, to: &Path) -> anyhow::Result<u8> {
    let from = memory::open(&memory::Location::parse(from)?, Access::Read)?;
    let mut to = memory::open(&memory::Location::parse(to)?, Access::Write)?;
    let n = from.copy_into(&mut to)?;
    output::print(&format!(
        "copied {n} units from {} to {}\n",
        from.describe(),
        to.describe()
    ));
    Ok(EXIT_OK)
}

fn provenance_line(p: &Provenance) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &p.document {
        parts.push(match p.position {
            // As JSON's `position` says it, so the two can be compared.
            Some(n) => format!("{d} position {n}"),
            None => d.clone(),
        });
    }
    parts.extend(p.status.clone());
    parts.extend(p.author.clone());
    parts.extend(p.changed.clone());
    parts.join(" · ")
}

fn provenance_json(p: &Provenance) -> serde_json::Value {
    serde_json::json!({
        "document": p.document, "position": p.position, "author": p.author,
        "status": p.status, "created": p.created, "changed": p.changed,
    })
}

fn show_matches(matches: &[lookup::Match], q: &Query, format: args::Format) {
    if format.json() {
        let items: Vec<serde_json::Value> = matches
            .iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id, "score": m.score, "source": m.source, "target": m.target,
                    "numbers_carried": m.numbers_carried,
                    "provenance": provenance_json(&m.unit.provenance),
                    "diff": diff::to_json(&m.diff),
                })
            })
            .collect();
        output::print_json(&serde_json::json!({
            "summary": {"query": q.text, "from": q.from, "to": q.to, "min": q.min,
                        "previous": q.previous, "matches": items.len()},
            "items": items,
        }));
        return;
    }
    if matches.is_empty() {
        output::eprint(&format!("no match scoring {} or more\n", q.min));
        return;
    }
    let colour = output::stdout_colored();
    let mut out = String::new();
    for m in matches {
        let score_style = if m.score >= 100 {
            output::GOOD
        } else {
            output::EMPHASIS
        };
        out.push_str(&format!(
            "{}  unit {}  {}\n",
            output::paint(score_style, &format!("{:>3}", m.score)),
            m.id,
            output::paint(output::DIM, &provenance_line(&m.unit.provenance))
        ));
        out.push_str(&format!("  {:<4} {}\n", q.from, m.source));
        out.push_str(&format!("  {:<4} {}\n", q.to, m.target));
        if m.score < 100 {
            out.push_str(&format!("  diff {}\n", diff::render(&m.diff, colour)));
        }
        if !m.numbers_carried {
            out.push_str(&format!(
                "  {}\n",
                output::paint(
                    output::WARNING,
                    "check the numbers: not every changed number could be carried over"
                )
            ));
        }
    }
    output::print(&out);
}

fn show_hits(hits: &[(UnitId, Unit)], phrase: &str, langs: &[String], format: args::Format) {
    if format.json() {
        let items: Vec<serde_json::Value> = hits
            .iter()
            .map(|(id, u)| {
                let segments: serde_json::Map<String, serde_json::Value> = u
                    .segments
                    .iter()
                    .map(|(l, s)| (l.clone(), s.text.clone().into()))
                    .collect();
                serde_json::json!({"id": id, "segments": segments,
                                   "provenance": provenance_json(&u.provenance)})
            })
            .collect();
        output::print_json(&serde_json::json!({
            "summary": {"phrase": phrase, "languages": langs, "units": items.len()},
            "items": items,
        }));
        return;
    }
    let mut out = String::new();
    for (id, u) in hits {
        out.push_str(&format!(
            "unit {id}  {}\n",
            output::paint(output::DIM, &provenance_line(&u.provenance))
        ));
        for (lang, s) in &u.segments {
            out.push_str(&format!("  {lang:<4} {}\n", s.text));
        }
    }
    if hits.is_empty() {
        output::eprint("no unit contains that phrase\n");
    }
    output::print(&out);
}

fn show_stats(stats: &store::Stats, memory: &str, format: args::Format) {
    if format.json() {
        let pairs: serde_json::Map<String, serde_json::Value> = stats
            .pairs
            .iter()
            .map(|((a, b), n)| (format!("{a}-{b}"), (*n).into()))
            .collect();
        let items: Vec<serde_json::Value> = stats
            .languages
            .iter()
            .map(|(lang, n)| serde_json::json!({"lang": lang, "units": n}))
            .collect();
        output::print_json(&serde_json::json!({
            "summary": {"path": memory, "units": stats.units, "bytes": stats.bytes,
                        "languages": stats.languages, "pairs": pairs},
            "items": items,
        }));
        return;
    }
    let size = if stats.bytes < 1_000_000 {
        format!("{} kB", stats.bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", stats.bytes as f64 / 1e6)
    };
    let mut out = format!(
        "{}  {} units, {size} on disk\n",
        output::paint(output::EMPHASIS, memory),
        stats.units,
    );
    out.push_str("languages:\n");
    for (lang, n) in &stats.languages {
        out.push_str(&format!("  {lang:<8} {n}\n"));
    }
    out.push_str("pairs:\n");
    for ((a, b), n) in &stats.pairs {
        out.push_str(&format!("  {:<8} {n}\n", format!("{a}-{b}")));
    }
    output::print(&out);
}

//! `tilmech review import`: a reviewed XLIFF back into the memory and the
//! event file.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use super::args;
use crate::draft::qa::Finding;
use crate::draft::review::{self, Accept, Options, Outcome, Reason, Skipped};
use crate::output;
use crate::tm::memory::{self, Access, Location};

/// Arguments of `tilmech review`.
#[derive(clap::Args)]
#[command(
    about = "Take reviewed translations back into the event file and the memory",
    after_help = "Every segment taken is checked first (numbers, untranslated text, empty target, [[en: markers, brackets, double spaces, project terms, placeables, inline tags): errors keep it out unless --force. Paragraphs of the event edited since the draft are listed, the others imported. Exit 1 when a segment was kept out by a check or an edited paragraph.\n\nExamples:\n  tilmech review import review/2021-06-03-rogov-kazakbaev.ru.xlf\n  tilmech review import FILE.xlf --accept reviewed          # only final / signed-off\n  tilmech review import FILE.xlf --event examples/events/EVENT.toml --author \"A. Translator\"\n  tilmech review import FILE.xlf --format json              # the report for scripts"
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// `--accept`: which segments to take (see docs/review.md).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Level {
    /// State final or signed-off (or approved="yes"; XLIFF 2.0: reviewed, final) only.
    Reviewed,
    /// Also state translated, and any target changed from what the draft wrote.
    Translated,
    /// Every non-empty target that is not the source copied over unchanged.
    AllNonempty,
}

impl From<Level> for Accept {
    fn from(level: Level) -> Accept {
        match level {
            Level::Reviewed => Accept::Reviewed,
            Level::Translated => Accept::Translated,
            Level::AllNonempty => Accept::AllNonempty,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Import a reviewed XLIFF: accepted segments go into the memory, whole accepted paragraphs into the event.
    Import {
        /// The reviewed XLIFF 1.2 or 2.0 file.
        file: PathBuf,
        /// The event file [default: the file's `original`, relative to the XLIFF file, else the event of that name in the project's events folder].
        #[arg(long)]
        event: Option<PathBuf>,
        /// The reviewer [default: the file's last <phase contact-name>].
        #[arg(long)]
        author: Option<String>,
        #[command(flatten)]
        tm: args::Memory,
        /// Which segments to take.
        #[arg(long, value_enum, default_value = "translated")]
        accept: Level,
        #[command(flatten)]
        format: args::Format,
        /// Import segments whose quality checks found errors anyway; the memory unit's status records the override.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        project: args::ProjectDir,
        #[command(flatten)]
        input: args::InputLimits,
    },
}

/// The report of `--format json` (docs/cli.md): the counts, the segments
/// not imported (`items`), the paragraphs imported in part and the checks'
/// findings.
#[derive(Serialize)]
struct Report<'a> {
    summary: Summary<'a>,
    items: &'a [Skipped],
    partial: Vec<Partial>,
    findings: Vec<SegmentFinding<'a>>,
}

#[derive(Serialize)]
struct Summary<'a> {
    event: String,
    lang: &'a str,
    accept: Accept,
    imported: usize,
    memory_new: usize,
    memory_already: usize,
    event_changed: bool,
    paragraphs_written: &'a [usize],
    not_imported: usize,
}

#[derive(Serialize)]
struct SegmentFinding<'a> {
    id: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

#[derive(Serialize)]
struct Partial {
    paragraph: usize,
    imported: usize,
    sentences: usize,
}

/// Runs `tilmech review`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let Command::Import {
        file,
        event,
        author,
        tm,
        accept,
        format,
        force,
        project,
        input,
    } = args.command;
    let project = project.find(Some(event.as_deref().unwrap_or(&file)))?;
    // Read before the memory is opened: a missing or malformed file is
    // reported before anything else is looked at.
    let reading = output::progress_count("reading", "segments");
    let reviewed = crate::draft::xliff::read_with(&file, &input.limits());
    reading.finish_and_clear();
    let reviewed = reviewed?;
    let mut store = memory::open(&Location::parse(&project.memory(tm.tm))?, Access::Write)?;
    let options = Options {
        event,
        author,
        accept: accept.into(),
        force,
        ..Options::default()
    };
    let bar = output::progress(reviewed.units.len() as u64, "checking", "segments");
    let o = review::import_file_with(
        &file,
        reviewed,
        &options,
        &project,
        &mut store,
        &|done, total| {
            bar.set_position(done);
            if done == total {
                bar.set_message("storing");
            }
        },
    );
    bar.finish_and_clear();
    let o = o?;
    if format.json() {
        output::print_json(&serde_json::to_value(report(&o))?);
    } else {
        output::print(&human(&o));
    }
    let blocked = o
        .skipped
        .iter()
        .any(|s| matches!(s.reason, Reason::Qa { .. } | Reason::SourceChanged { .. }));
    Ok(if blocked {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_OK
    })
}

fn report(o: &Outcome) -> Report<'_> {
    Report {
        summary: Summary {
            event: o.event.display().to_string(),
            lang: &o.lang,
            accept: o.accept,
            imported: o.approved,
            memory_new: o.tm.added + o.tm.merged,
            memory_already: o.tm.duplicates,
            event_changed: o.event_changed,
            paragraphs_written: &o.written,
            not_imported: o.skipped.len(),
        },
        items: &o.skipped,
        partial: o
            .partial
            .iter()
            .map(|&(paragraph, imported, sentences)| Partial {
                paragraph,
                imported,
                sentences,
            })
            .collect(),
        findings: o
            .findings
            .iter()
            .map(|(id, finding)| SegmentFinding { id, finding })
            .collect(),
    }
}

fn human(o: &Outcome) -> String {
    let mut text = format!(
        "{} {} segments ({}, --accept {}) into the memory: {} new, {} already there; {} not imported\n",
        output::paint(output::GOOD, "imported"),
        o.approved,
        o.lang,
        o.accept.as_str(),
        o.tm.added + o.tm.merged,
        o.tm.duplicates,
        o.skipped.len()
    );
    if o.event_changed {
        let list: Vec<String> = o.written.iter().map(|p| p.to_string()).collect();
        text += &format!(
            "updated {}: paragraph {} in `{}`\n",
            o.event.display(),
            list.join(", "),
            o.lang
        );
    } else {
        text += &format!("{} unchanged\n", o.event.display());
    }
    for (p, done, total) in &o.partial {
        text += &format!(
            "paragraph {p}: {done} of {total} sentences imported; the event gets it when all are\n"
        );
    }
    text + &listed(&o.findings, &o.skipped)
}

/// The findings on imported segments and the segments not imported, one a line.
pub(super) fn listed(findings: &[(String, Finding)], skipped: &[Skipped]) -> String {
    let mut text = String::new();
    for (id, f) in findings {
        text += &format!("{} {id}: {f}\n", output::paint(output::WARNING, "check"));
    }
    for s in skipped {
        text += &format!(
            "{} {} (line {}): {}\n",
            output::paint(output::WARNING, "not imported"),
            s.id,
            s.line,
            s.reason
        );
    }
    text
}

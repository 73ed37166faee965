//! `tilmech draft`: a release with its free text pre-translated from the
//! memory, plus XLIFF and an HTML page for the translators' review.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::args;
use crate::draft::{self, xliff};
use crate::output;
use crate::render::{self, Renderer};
use crate::tm::memory::{self, Access, Location};

/// Arguments of `tilmech draft`.
#[derive(clap::Args)]
#[command(
    about = "Pre-translate an event's free text from the memory and write review files",
    after_help = "Writes, per target language, DIR/<event>.<lang>.draft.md (the release, untranslated sentences flagged [[en: …]]), DIR/<event>.<lang>.xlf (XLIFF 1.2, or 2.0 with --xliff 2.0, for OmegaT, Trados, memoQ) and DIR/<event>.<lang>.review.html.\n\nExamples:\n  tilmech draft examples/events/2021-06-03-rogov-kazakbaev.toml --out review/\n  tilmech draft EVENT.toml --to ru --min 80 --tm office.sqlite\n  tilmech draft EVENT.toml --format json   # the summary for scripts\n  tilmech draft EVENT.toml --cat omegat --out project/source/   # for OmegaT 3.x\n  tilmech draft EVENT.toml --approve-exact   # memory matches need no confirming\n  tilmech draft EVENT.toml --xliff 2.0        # XLIFF 2.0 for Trados, memoQ\n  tilmech draft ~/office/events/x.toml --project ~/office\n\nAn XLIFF already in DIR that differs from the new draft is not replaced without --force: it may hold a translator's work. Nothing is written unless every language drafts."
)]
pub struct Args {
    /// The event file.
    event: PathBuf,
    /// Target languages, comma-separated [default: the project's languages other than the source].
    #[arg(long, value_delimiter = ',', value_parser = args::one_lang, value_name = "LANG,…")]
    to: Vec<String>,
    /// Lowest fuzzy score inserted as a suggestion.
    #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u8).range(1..=100))]
    min: u8,
    /// Where to write the draft and review files.
    #[arg(short = 'o', long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
    #[command(flatten)]
    tm: args::Memory,
    #[command(flatten)]
    format: args::Format,
    /// Lay the XLIFF out for this CAT tool: standard (Trados, memoQ, translate-toolkit: empty targets for no match) or omegat (every target holds the source; suggestions in <alt-trans> and DIR/<event>.<lang>.tmx for OmegaT's tm/ folder).
    #[arg(long, value_enum, default_value = "standard")]
    cat: CatTool,
    /// The XLIFF version: 1.2 (OmegaT 3.x, translate-toolkit, Trados, memoQ) or 2.0 (Trados, memoQ, OmegaT with Okapi's filters; see docs/review.md).
    #[arg(long, value_enum, default_value = "1.2")]
    xliff: XliffVersion,
    /// Write context and exact matches as state final, so a release the memory covers imports and renders without hand work.
    #[arg(long)]
    approve_exact: bool,
    /// Replace XLIFF files in DIR that differ from this draft (they may hold a translator's work).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    project: args::ProjectDir,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CatTool {
    Standard,
    Omegat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum XliffVersion {
    #[value(name = "1.2")]
    V1_2,
    #[value(name = "2.0")]
    V2_0,
}

/// Runs `tilmech draft`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    if args.cat == CatTool::Omegat && args.xliff == XliffVersion::V2_0 {
        anyhow::bail!("--cat omegat lays XLIFF 1.2 out for OmegaT 3.x, which does not read XLIFF 2.0: use --xliff 1.2, or --cat standard for a 2.0 tool (nothing was written)");
    }
    let project = args.project.find(Some(&args.event))?;
    let mut langs = project.config.languages.clone();
    langs.extend(
        args.to
            .iter()
            .filter(|l| !project.config.languages.contains(l))
            .cloned(),
    );
    draft::review::recover(&args.event)?;
    let renderer = Renderer::load(&project, &langs)?;
    let event = render::load_event(&args.event, &renderer)?;
    let from = event.data.source.get_ref().clone();
    let targets: Vec<String> = if args.to.is_empty() {
        project
            .config
            .languages
            .iter()
            .filter(|l| **l != from)
            .cloned()
            .collect()
    } else {
        args.to
    };
    let tm = project.memory(args.tm.tm);
    // Drafting only reads the memory (so a read-only one serves); without
    // one every sentence is a no-match, and no memory is made.
    let store = memory::open(&Location::parse(&tm)?, Access::ReadOrCreate)?;
    if !store.exists() {
        output::note(&format!(
            "no translation memory at {}: drafting without matches (create one with `tilmech tm import FILE`)\n",
            tm.display()
        ));
    }
    let index = store.index(&from)?;
    let stem = args
        .event
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    // Relative to the XLIFF file, so that the review finds the event from
    // any working directory, and on another machine with the same layout.
    let original = relative_to(
        &std::path::absolute(&args.out)?,
        &std::path::absolute(&args.event)?,
    )
    .to_string_lossy()
    .into_owned();
    let layout = xliff::Layout {
        cat: match args.cat {
            CatTool::Standard => xliff::Cat::Standard,
            CatTool::Omegat => xliff::Cat::Omegat,
        },
        approve_exact: args.approve_exact,
        version: match args.xliff {
            XliffVersion::V1_2 => xliff::Version::V1_2,
            XliffVersion::V2_0 => xliff::Version::V2_0,
        },
    };
    // Every language is drafted before anything is written, so an error
    // in the last one leaves the folder as it was.
    let mut summaries = Vec::new();
    let mut files = Vec::new();
    let bar = output::progress(targets.len() as u64, "drafting", "languages");
    for lang in &targets {
        bar.set_message(format!("drafting {lang}"));
        let mut draft = draft::pretranslate(&event, &store, &index, lang, args.min)?;
        draft.check(&draft::qa::load_terms(&project.config.locales, &from, lang));
        let summary = draft.summary();
        let document = renderer.render(&draft.apply(&event), lang)?;
        files.extend(draft::files::for_language(
            &stem, &draft, &document, &summary, &original, layout,
        )?);
        summaries.push(summary);
        bar.inc(1);
    }
    bar.finish_and_clear();
    for path in draft::files::write_all(&args.out, &files, args.force)? {
        if !args.format.json() {
            output::wrote(&path);
        }
    }
    if args.format.json() {
        let total = |f: fn(&draft::Summary) -> usize| summaries.iter().map(f).sum::<usize>();
        output::print_json(&serde_json::json!({
            "summary": {"event": args.event, "out": args.out, "languages": targets,
                        "segments": total(|s| s.context + s.exact + s.fuzzy + s.none),
                        "flagged": total(|s| s.flagged)},
            "items": summaries,
        }));
        return Ok(super::EXIT_OK);
    }
    let text: String = summaries
            .iter()
            .map(|s| {
                format!(
                    "{}: {} segments: {} context, {} exact, {} fuzzy, {} without a match; {:.0}% of {} source words covered by the memory; {} suggestions with QA findings (see the XLIFF notes)\n",
                    output::paint(output::EMPHASIS, &s.lang),
                    s.context + s.exact + s.fuzzy + s.none,
                    s.context,
                    s.exact,
                    s.fuzzy,
                    s.none,
                    s.covered_percent(),
                    s.words,
                    s.flagged
                )
            })
            .collect();
    output::print(&text);
    Ok(super::EXIT_OK)
}

/// `to` as a path relative to the directory `from` (both absolute; `..`
/// and `.` are resolved lexically).
fn relative_to(from: &Path, to: &Path) -> PathBuf {
    use std::path::Component;
    fn normal(p: &Path) -> Vec<Component<'_>> {
        let mut parts = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    parts.pop();
                }
                c => parts.push(c),
            }
        }
        parts
    }
    let (from, to) = (normal(from), normal(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for c in &to[common..] {
        path.push(c);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_directory() {
        let rel = |a: &str, b: &str| relative_to(Path::new(a), Path::new(b));
        assert_eq!(
            rel("/p/review", "/p/examples/events/e.toml"),
            Path::new("../examples/events/e.toml")
        );
        assert_eq!(
            rel("/p/./review/../out", "/p/e.toml"),
            Path::new("../e.toml")
        );
        assert_eq!(rel("/p", "/p/e.toml"), Path::new("e.toml"));
    }
}

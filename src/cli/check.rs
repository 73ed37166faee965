//! `tilmech check`: locale completeness and correctness for CI.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::check::{self, report::Format, Options, Target};
use crate::cli::{EXIT_FINDINGS, EXIT_OK};
use crate::output;
use crate::project::{Project, CONFIG_FILE};

/// Arguments of `tilmech check`.
#[derive(clap::Args)]
#[command(
    about = "Check every locale against the reference: syntax, missing and obsolete messages, variables, plurals, templates",
    after_help = "PATH is a tilmech project (default: the one around the current directory), or any folder laid out as <PATH>/<locale>/**/*.ftl.\n--lang names the locale folders to check, as written (pt-BR) [default: the project's languages, else every folder].\n\nExit codes: 0 no errors (warnings allowed unless --strict), 1 findings fail the run, 2 the checker could not run.\n\nExamples:\n  tilmech check --strict\n  tilmech check ../shared/fluent/firefox-site --reference en -l ru,kk,uk,uz,az --format github"
)]
pub struct Args {
    /// The project, or a folder with one sub-folder of .ftl files per locale.
    path: Option<PathBuf>,
    /// The locale to compare against (default: the project's, else `en`).
    #[arg(long)]
    reference: Option<String>,
    #[command(flatten)]
    langs: super::args::Langs,
    /// What to print: human, json (docs/cli.md), github (workflow annotations) or junit (XML).
    #[arg(
        short = 'f',
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT"
    )]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// More event files to validate and render (besides examples/events/).
    #[arg(long, value_name = "FILE")]
    events: Vec<PathBuf>,
}

/// Runs `tilmech check`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let target = match &args.path {
        None => Target::Project(Box::new(Project::discover(&cwd)?)),
        Some(p) if !p.is_dir() => {
            anyhow::bail!(
                "{}: no such directory; expected a tilmech project or a folder of locale folders",
                p.display()
            )
        }
        Some(p) if p.join(CONFIG_FILE).is_file() => Target::Project(Box::new(Project::open(p)?)),
        Some(p) => Target::LocaleDirs(p.clone()),
    };
    if let Target::Project(p) = &target {
        super::note_recovered(p);
    }
    let (default_ref, default_locales) = match &target {
        Target::Project(p) => (p.config.reference.clone(), p.config.languages.clone()),
        Target::LocaleDirs(_) => ("en".to_string(), Vec::new()),
    };
    let options = Options {
        reference: args.reference.unwrap_or(default_ref),
        // Folder names are matched as written, so `pt-BR` keeps its case.
        locales: match args.langs.checked()? {
            l if l.is_empty() => default_locales,
            l => l,
        },
        events: args.events,
    };
    let report = check::check(&target, &options)?;
    output::print(&check::report::render(
        &report,
        args.format,
        &cwd,
        args.strict,
    ));
    Ok(if report.fails(args.strict) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

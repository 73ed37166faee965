//! `tilmech review import`: a reviewed XLIFF back into the memory and the
//! event file.

use std::path::PathBuf;

use clap::Subcommand;

use crate::draft::review;
use crate::output;
use crate::project::Project;
use crate::tm::store::SqliteStore;

/// Arguments of `tilmech review`.
#[derive(clap::Args)]
#[command(
    about = "Take reviewed translations back into the event file and the memory",
    after_help = "Examples:\n  tilmech review import review/2021-06-03-rogov-kazakbaev.ru.xlf\n  tilmech review import FILE.xlf --event examples/events/EVENT.toml --author \"A. Translator\""
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import a reviewed XLIFF: approved segments (state final or signed-off) go into the memory, whole approved paragraphs into the event.
    Import {
        /// The reviewed XLIFF 1.2 file.
        file: PathBuf,
        /// The event file [default: the file's `original`, relative to the XLIFF file, else the event of that name in the project's events folder].
        #[arg(long)]
        event: Option<PathBuf>,
        /// The reviewer [default: the file's last <phase contact-name>].
        #[arg(long)]
        author: Option<String>,
        /// The translation memory [default: $TILMECH_TM, else the project's].
        #[arg(long)]
        tm: Option<PathBuf>,
    },
}

/// Runs `tilmech review`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let Command::Import {
        file,
        event,
        author,
        tm,
    } = args.command;
    let project = Project::discover(&std::env::current_dir()?)?;
    let mut store = SqliteStore::open(&super::memory_path(tm)?)?;
    let o = review::import(&file, event.as_deref(), &project, &mut store, author)?;
    let mut text = format!(
        "{} {} approved segments ({}) into the memory: {} new, {} already there; {} not approved yet\n",
        output::paint(output::GOOD, "imported"),
        o.approved,
        o.lang,
        o.tm.added + o.tm.merged,
        o.tm.duplicates,
        o.pending
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
            "paragraph {p}: {done} of {total} sentences approved; the event gets it when all are\n"
        );
    }
    output::print(&text);
    Ok(super::EXIT_OK)
}

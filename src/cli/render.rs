//! `tilmech render`: event data in, a release per language out.

use std::path::PathBuf;

use crate::output;
use crate::project::Project;
use crate::render::publish::{self, Release};
use crate::render::{self, Format, Renderer};

/// Arguments of `tilmech render`.
#[derive(clap::Args)]
#[command(
    about = "Render a release in every language from its event file",
    after_help = "Examples:\n  tilmech render examples/events/2021-06-03-rogov-kazakbaev.toml\n  tilmech render EVENT.toml --lang ru --format html\n  tilmech render EVENT.toml --out public/   # writes public/EVENT.en.md, .ru.md, .ky.md"
)]
pub struct Args {
    /// The event file(s) (TOML; schema in docs/event-schema.md).
    #[arg(required = true)]
    events: Vec<PathBuf>,
    /// Languages to render, comma-separated [default: the project's languages].
    #[arg(long, value_delimiter = ',', value_parser = super::parse_lang)]
    lang: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Write DIR/<event-stem>.<lang>.<ext> instead of printing; all files or none.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `tilmech render`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let project = Project::discover(&std::env::current_dir()?)?;
    let langs = if args.lang.is_empty() {
        project.config.languages.clone()
    } else {
        args.lang
    };
    let renderer = Renderer::load(&project, &langs)?;
    // Everything is rendered before anything is written or printed, so a
    // failure in any event or language leaves no partial release behind.
    let mut releases = Vec::with_capacity(args.events.len() * langs.len());
    for path in &args.events {
        // A review import killed after its commit point is completed first.
        crate::draft::review::recover(path)?;
        let event = render::load_event(path, &renderer)?;
        for lang in &langs {
            releases.push(Release {
                event: path.clone(),
                lang: lang.clone(),
                ext: args.format.ext(),
                text: renderer.render(&event, lang)?.write(args.format),
            });
        }
    }
    match &args.out {
        Some(dir) => {
            for file in publish::publish(dir, &releases)? {
                output::eprint(&format!(
                    "{} {}\n",
                    output::paint(output::GOOD, "wrote"),
                    file.display()
                ));
            }
        }
        None => {
            let texts: Vec<&str> = releases.iter().map(|r| r.text.as_str()).collect();
            output::print(&texts.join("\n"));
        }
    }
    Ok(super::EXIT_OK)
}

//! `tilmech render`: event data in, a release per language out.

use std::path::PathBuf;

use anyhow::Context;

use crate::output;
use crate::project::Project;
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
    /// Write DIR/<event-stem>.<lang>.<ext> instead of printing.
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
    let mut printed = false;
    for path in &args.events {
        // A review import killed after its commit point is completed first.
        crate::draft::review::recover(path)?;
        let event = render::load_event(path, &renderer)?;
        for lang in &langs {
            let text = renderer.render(&event, lang)?.write(args.format);
            match &args.out {
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                    let file = dir.join(format!("{stem}.{lang}.{}", args.format.ext()));
                    std::fs::write(&file, text)
                        .with_context(|| format!("cannot write {}", file.display()))?;
                    output::eprint(&format!(
                        "{} {}\n",
                        output::paint(output::GOOD, "wrote"),
                        file.display()
                    ));
                }
                None => {
                    if printed {
                        output::print("\n");
                    }
                    output::print(&text);
                    printed = true;
                }
            }
        }
    }
    Ok(super::EXIT_OK)
}

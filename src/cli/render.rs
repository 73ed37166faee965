//! `tilmech render`: event data in, a release per language out.

use std::path::PathBuf;

use crate::output;
use crate::project::Project;
use crate::render::publish::{self, Release};
use crate::render::{self, Format, Page, Renderer};

/// Arguments of `tilmech render`.
#[derive(clap::Args)]
#[command(
    about = "Render a release in every language from its event file",
    after_help = "Examples:\n  tilmech render examples/events/2021-06-03-rogov-kazakbaev.toml\n  tilmech render EVENT.toml --lang ru --format html\n  tilmech render EVENT.toml --out public/   # writes public/EVENT.en.md, .ru.md, .ky.md\n  tilmech render EVENT.toml --format docx --out word/\n  tilmech render ~/office/events/x.toml      # the project is found from the file's folder\n  tilmech render x.toml --project ~/office\n\nHTML pages and Word documents show the office's name and contact from [office] in tilmech.toml."
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
    /// The project folder [default: found from the event file's folder, else the current directory].
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
}

/// Runs `tilmech render`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let project = Project::find(
        args.project.as_deref(),
        args.events.first().map(PathBuf::as_path),
        &std::env::current_dir()?,
    )?;
    let langs = if args.lang.is_empty() {
        project.config.languages.clone()
    } else {
        args.lang
    };
    let renderer = Renderer::load(&project, &langs)?;
    // Everything is rendered before anything is written or printed, so a
    // failure in any event or language leaves no partial release behind.
    if args.format == Format::Docx && args.out.is_none() {
        anyhow::bail!("a Word document is a file: add --out DIR (nothing was written)");
    }
    let mut releases = Vec::with_capacity(args.events.len() * langs.len());
    for path in &args.events {
        // A review import killed after its commit point is completed first.
        crate::draft::review::recover(path)?;
        let event = render::load_event_to_render(path, &renderer)?;
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        // The language versions of one event link to each other beside it.
        let page = Page {
            office: Some(&project.config.office),
            versions: Page::versions(&langs, |l| format!("{stem}.{l}.{}", args.format.ext())),
        };
        for lang in &langs {
            releases.push(Release {
                event: path.clone(),
                lang: lang.clone(),
                ext: args.format.ext(),
                content: renderer.render(&event, lang)?.bytes(args.format, &page)?,
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
            let texts: Vec<String> = releases
                .iter()
                .map(|r| String::from_utf8_lossy(&r.content).into_owned())
                .collect();
            output::print(&texts.join("\n"));
        }
    }
    Ok(super::EXIT_OK)
}

//! `tilmech terms`: the terms an event may name, with their text per language.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::event::{self, TERM_FAMILIES};
use crate::output;
use crate::project::Project;
use crate::render::Renderer;

/// Arguments of `tilmech terms`.
#[derive(clap::Args)]
#[command(
    about = "List the project's terms (places, positions, topics…) with their text in each language",
    after_help = "An event names a term without its family: `place = \"osh\"` is `-place-osh`.\n\nExamples:\n  tilmech terms\n  tilmech terms place\n  tilmech terms position --format json"
)]
pub struct Args {
    /// Only this family: place, position, topic, partner, participants, origin, recipient, item.
    family: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: TermsFormat,
    /// The project folder [default: found from the current directory].
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TermsFormat {
    Human,
    Json,
}

/// Runs `tilmech terms`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    if let Some(f) = &args.family {
        if !TERM_FAMILIES.contains(&f.as_str()) {
            anyhow::bail!(
                "unknown term family `{f}`{}: expected one of {}",
                event::did_you_mean(f, &TERM_FAMILIES),
                TERM_FAMILIES.join(", ")
            );
        }
    }
    let project = Project::find(args.project.as_deref(), None, &std::env::current_dir()?)?;
    let langs = project.config.languages.clone();
    let renderer = Renderer::load(&project, &langs)?;
    // family → name → language → text
    let mut terms: BTreeMap<&str, BTreeMap<String, BTreeMap<String, String>>> = BTreeMap::new();
    for lang in &langs {
        for (id, text) in renderer.term_labels(lang) {
            let Some((family, name)) = TERM_FAMILIES
                .iter()
                .find_map(|f| Some((*f, id.strip_prefix(f)?.strip_prefix('-')?.to_string())))
            else {
                continue;
            };
            if args.family.as_deref().is_some_and(|f| f != family) {
                continue;
            }
            terms
                .entry(family)
                .or_default()
                .entry(name)
                .or_default()
                .insert(lang.clone(), text);
        }
    }
    let text = match args.format {
        TermsFormat::Json => serde_json::to_string_pretty(&terms)? + "\n",
        TermsFormat::Human => {
            let mut out = String::new();
            for (family, names) in &terms {
                out.push_str(&output::paint(output::GOOD, family));
                out.push('\n');
                for (name, texts) in names {
                    out.push_str(&format!("  {name}\n"));
                    for lang in &langs {
                        let text = texts.get(lang).map_or("(missing)", String::as_str);
                        out.push_str(&format!("    {lang}  {text}\n"));
                    }
                }
            }
            out
        }
    };
    output::print(&text);
    Ok(super::EXIT_OK)
}

//! `tilmech terms`: the terms an event may name, with their text per language.

use std::collections::BTreeMap;

use crate::event::{self, TERM_FAMILIES};
use crate::output;
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
    #[command(flatten)]
    format: super::args::Format,
    #[command(flatten)]
    project: super::args::ProjectDir,
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
    let project = args.project.find(None)?;
    let langs = project.config.languages.clone();
    let renderer = Renderer::load(&project, &langs)?;
    // family → name → language → text
    let mut terms: BTreeMap<&str, BTreeMap<String, BTreeMap<String, String>>> = BTreeMap::new();
    for lang in &langs {
        for (id, text) in renderer.term_labels(lang) {
            let Some((family, name)) = event::split_term_id(&id) else {
                continue;
            };
            if args.family.as_deref().is_some_and(|f| f != family) {
                continue;
            }
            terms
                .entry(family)
                .or_default()
                .entry(name.to_string())
                .or_default()
                .insert(lang.clone(), text);
        }
    }
    if args.format.json() {
        let langs = &langs;
        let items: Vec<serde_json::Value> = terms
            .iter()
            .flat_map(|(family, names)| {
                names.iter().map(move |(name, texts)| {
                    // In the project's language order, as the text output.
                    let texts: serde_json::Map<String, serde_json::Value> = langs
                        .iter()
                        .filter_map(|l| Some((l.clone(), texts.get(l)?.clone().into())))
                        .collect();
                    serde_json::json!({"family": family, "name": name, "id": format!("{family}-{name}"),
                                       "texts": texts})
                })
            })
            .collect();
        output::print_json(&serde_json::json!({
            "summary": {"families": terms.len(), "terms": items.len(), "languages": langs},
            "items": items,
        }));
        return Ok(super::EXIT_OK);
    }
    let text = {
        {
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

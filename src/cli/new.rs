//! `tilmech new`: a new event file with every key of its kind, commented.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;

use crate::event::{self, skeleton::skeleton, KINDS};
use crate::output;
use crate::render::Renderer;

/// Arguments of `tilmech new`.
#[derive(clap::Args)]
#[command(
    about = "Start an event file: every key of the kind, commented, with today's date",
    after_help = "Never overwrites a file. Kinds: meeting, training, handover, workshop, round-table, statement, visit.\n\nExamples:\n  tilmech new meeting                  # writes <today>-meeting.toml\n  tilmech new training osh-course      # writes osh-course.toml\n  tilmech new handover events/x.toml --project ~/office"
)]
pub struct Args {
    /// The release kind.
    kind: String,
    /// The file to write [default: <today>-<kind>.toml]; `.toml` is added if missing.
    name: Option<PathBuf>,
    #[command(flatten)]
    project: super::args::ProjectDir,
    #[command(flatten)]
    format: super::args::Format,
}

/// Runs `tilmech new`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    if !KINDS.contains(&args.kind.as_str()) {
        anyhow::bail!(
            "unknown release kind `{}`{}: expected one of {}",
            args.kind,
            event::did_you_mean(&args.kind, &KINDS),
            KINDS.join(", ")
        );
    }
    let project = args.project.find(None)?;
    let renderer = Renderer::load(&project, std::slice::from_ref(&project.config.reference))?;
    let mut terms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for id in renderer.known_terms().into_values().flatten() {
        if let Some((family, name)) = event::split_term_id(&id) {
            terms
                .entry(family.to_string())
                .or_default()
                .push(name.to_string());
        }
    }
    let today = jiff::Zoned::now().date();
    let mut path = args
        .name
        .unwrap_or_else(|| PathBuf::from(format!("{today}-{}", args.kind)));
    if path.extension().is_none_or(|e| e != "toml") {
        path.as_mut_os_string().push(".toml");
    }
    let text = skeleton(&args.kind, today, &terms);
    crate::fsutil::write_new(&path, text.as_bytes()).with_context(|| {
        format!(
            "{}: cannot write the new event (an existing file is never replaced)",
            path.display()
        )
    })?;
    if args.format.json() {
        output::print_json(&serde_json::json!({"summary": {"file": path, "kind": args.kind}}));
    } else {
        output::wrote(&path);
    }
    Ok(super::EXIT_OK)
}

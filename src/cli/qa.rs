//! `tilmech qa`: the quality checks of `review import` on an XLIFF file,
//! without importing anything.

use std::path::PathBuf;

use super::args;
use crate::draft::{qa, xliff};
use crate::output;
use crate::project::Project;

/// Arguments of `tilmech qa`.
#[derive(clap::Args)]
#[command(
    about = "Check the translations in an XLIFF file: numbers, untranslated or empty targets, markers, brackets, spaces, terms, placeables, inline tags",
    after_help = "Segments still needs-translation and unchanged since the draft are skipped. Project terms come from locales/<lang>/terms.ftl.\n\nExit codes: 0 no findings, 1 findings, 2 the file could not be read.\n\nExamples:\n  tilmech qa review/2021-06-03-rogov-kazakbaev.ru.xlf\n  tilmech qa FILE.xlf --format json"
)]
pub struct Args {
    /// The XLIFF 1.2 or 2.0 file.
    file: PathBuf,
    #[command(flatten)]
    format: args::Format,
}

/// Runs `tilmech qa`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let project = Project::discover(&std::env::current_dir()?)?;
    super::note_recovered(&project);
    let file = xliff::read(&args.file)?;
    let terms = qa::load_terms(&project.config.locales, &file.from, &file.to);
    let findings = qa::check_file(&file, &terms);
    if args.format.json() {
        let errors = findings
            .iter()
            .filter(|f| f.finding.severity == qa::Severity::Error)
            .count();
        output::print_json(&serde_json::json!({
            "summary": {"file": args.file, "segments": file.units.len(),
                        "findings": findings.len(), "errors": errors,
                        "warnings": findings.len() - errors},
            "items": findings,
        }));
    } else {
        let mut text: String = findings
            .iter()
            .map(|f| {
                let style = match f.finding.severity {
                    qa::Severity::Error => output::ERROR,
                    qa::Severity::Warning => output::WARNING,
                };
                format!(
                    "{}:{}: {} {}\n",
                    args.file.display(),
                    f.line,
                    output::paint(style, &f.id),
                    f.finding
                )
            })
            .collect();
        text += &format!(
            "{} findings in {} segments\n",
            findings.len(),
            file.units.len()
        );
        output::print(&text);
    }
    Ok(if findings.is_empty() {
        super::EXIT_OK
    } else {
        super::EXIT_FINDINGS
    })
}

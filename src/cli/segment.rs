//! `tilmech segment` (hidden): splits paragraphs into sentences, for scripts
//! that compare tilmech's segmenter with other tools.
//!
//! Input is paragraphs separated by blank lines (stdin or files); output is one
//! sentence per line with a blank line after each paragraph, so the result
//! lines up with the input paragraph by paragraph.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;

use crate::output;
use crate::tm::segment::Segmenter;

/// Arguments of `tilmech segment`.
#[derive(clap::Args)]
#[command(
    about = "Split paragraphs into sentences as the memory does (for comparing segmenters)",
    after_help = "Input: paragraphs separated by blank lines, from FILES or standard input. Output: one sentence per line, a blank line after each paragraph. --lang picks the rules (src/tm/segment-rules.toml) and is required.\n\nExamples:\n  printf 'Mr. Rogov arrived. He spoke.\\n' | tilmech segment -l en\n  tilmech segment -l ru release.ru.txt --explain\n  tilmech segment -l ky release.ky.txt --format json"
)]
pub struct Args {
    #[command(flatten)]
    langs: super::args::Langs,
    /// Show every candidate position and the rule that decided it.
    #[arg(long)]
    explain: bool,
    /// Files to read; standard input when none.
    files: Vec<PathBuf>,
    #[command(flatten)]
    format: super::args::Format,
}

/// Runs `tilmech segment`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let mut text = String::new();
    if args.files.is_empty() {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input as UTF-8 text")?;
    } else {
        for f in &args.files {
            let t = std::fs::read_to_string(f)
                .with_context(|| format!("cannot read {}", f.display()))?;
            text.push_str(&t);
            text.push_str("\n\n");
        }
    }
    let Some(lang) = args.langs.one()? else {
        anyhow::bail!("--lang: say which language's rules to use (en, ru or ky)");
    };
    let seg = Segmenter::for_lang(&lang);
    let paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    if args.format.json() {
        let items: Vec<Vec<&str>> = paragraphs.map(|p| seg.split(p)).collect();
        output::print_json(&serde_json::json!({
            "summary": {"lang": lang, "paragraphs": items.len(),
                        "sentences": items.iter().map(Vec::len).sum::<usize>()},
            "items": items,
        }));
        return Ok(super::EXIT_OK);
    }
    let mut out = String::new();
    for para in paragraphs {
        if args.explain {
            for d in seg.explain(para) {
                let mark = if d.brk { "|" } else { "+" };
                let shown: String = para[..d.at].chars().rev().take(24).collect();
                let shown: String = shown.chars().rev().collect();
                out.push_str(&format!("{mark} {:>5}  …{shown}  {}\n", d.at, d.rule));
            }
        }
        for s in seg.split(para) {
            out.push_str(s);
            out.push('\n');
        }
        out.push('\n');
    }
    output::print(&out);
    Ok(super::EXIT_OK)
}

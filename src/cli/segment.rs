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
pub struct Args {
    /// Language whose rules to use: en, ru or ky.
    #[arg(long)]
    lang: String,
    /// Show every candidate position and the rule that decided it.
    #[arg(long)]
    explain: bool,
    /// Files to read; standard input when none.
    files: Vec<PathBuf>,
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
    let seg = Segmenter::for_lang(&args.lang);
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
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

//! `tilmech completions SHELL` and `tilmech man`: shell completion scripts
//! and man pages made from the same clap definition as `--help`, so they
//! never fall behind it.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::output;

/// Arguments of `tilmech completions`.
#[derive(clap::Args)]
#[command(
    about = "Print a shell completion script",
    after_help = "Examples:\n  tilmech completions bash > ~/.local/share/bash-completion/completions/tilmech\n  tilmech completions zsh > ~/.zfunc/_tilmech        # with fpath+=~/.zfunc before compinit\n  tilmech completions fish > ~/.config/fish/completions/tilmech.fish\n  tilmech completions powershell >> $PROFILE"
)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Arguments of `tilmech man`.
#[derive(clap::Args)]
#[command(
    about = "Write the man pages: tilmech.1 and one per command",
    after_help = "Without --out, prints tilmech.1 (every command listed) to standard output.\n\nExamples:\n  tilmech man > tilmech.1 && man -l tilmech.1\n  tilmech man -o ~/.local/share/man/man1   # tilmech.1, tilmech-render.1, tilmech-tm-import.1…"
)]
pub struct ManArgs {
    /// Write tilmech.1 and tilmech-<command>.1 for every command into DIR
    /// (made if absent); existing pages are replaced only with --force.
    #[arg(short = 'o', long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace pages that exist in DIR.
    #[arg(long, requires = "out")]
    force: bool,
}

/// Runs `tilmech completions`.
pub fn completions(args: CompletionsArgs, mut cmd: clap::Command) -> anyhow::Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "tilmech", &mut script);
    output::print(&String::from_utf8(script)?);
    Ok(super::EXIT_OK)
}

/// Runs `tilmech man`.
pub fn man(args: ManArgs, cmd: clap::Command) -> anyhow::Result<u8> {
    let Some(dir) = args.out else {
        output::print(&String::from_utf8(page(&cmd)?)?);
        return Ok(super::EXIT_OK);
    };
    let mut pages = Vec::new();
    collect(&cmd, "tilmech", "tilmech", &mut pages)?;
    // All pages are made before any is written; a page that is there
    // stops the run before anything is written, unless --force.
    if !args.force {
        if let Some((name, _)) = pages.iter().find(|(n, _)| dir.join(n).exists()) {
            anyhow::bail!(
                "{}: exists; nothing was written (add --force to replace the pages)",
                dir.join(name).display()
            );
        }
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, bytes) in &pages {
        let path = dir.join(name);
        write(&path, bytes, args.force)?;
        output::wrote(&path);
    }
    Ok(super::EXIT_OK)
}

fn write(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let written = if force {
        crate::fsutil::write_atomic(path, bytes)
    } else {
        crate::fsutil::write_new(path, bytes)
    };
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// The page of `cmd` and those of its subcommands: `tilmech-tm-import.1`,
/// whose synopsis reads `tilmech tm import`.
fn collect(
    cmd: &clap::Command,
    name: &str,
    usage: &str,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> anyhow::Result<()> {
    let cmd = cmd
        .clone()
        .display_name(name.to_string())
        .bin_name(usage.to_string());
    pages.push((format!("{name}.1"), page(&cmd)?));
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let sub_name = sub.get_name();
        collect(
            sub,
            &format!("{name}-{sub_name}"),
            &format!("{usage} {sub_name}"),
            pages,
        )?;
    }
    Ok(())
}

fn page(cmd: &clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut bytes)?;
    Ok(bytes)
}

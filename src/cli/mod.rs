//! The command line: one module per command, each with its clap arguments
//! and an `exec` function that turns them into a library call.
//!
//! Exit codes follow the usual convention: 0 when all is well, 1 when the
//! command ran and found problems (check findings, failed imports of units),
//! 2 when it could not run (bad usage, unreadable or malformed input).

use clap::{CommandFactory, Parser, Subcommand};

mod args;
mod check;
mod completions;
mod draft;
mod grammar;
mod new;
mod qa;
mod render;
mod review;
mod segment;
mod serve;
mod term;
mod terms;
mod tm;
mod tm_align;
mod user;

/// `--format` of commands whose report scripts read: text for people, or JSON.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Text for people.
    Human,
    /// JSON for scripts.
    Json,
}

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the command ran and reported findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage or input; nothing was done.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "tilmech",
    version,
    about = "Render press releases in English, Russian and Kyrgyz, check locales, and keep a translation memory",
    after_help = "Exit codes: 0 success, 1 the command ran and found problems, 2 bad usage or input (nothing was changed).\n\nExamples:\n  tilmech render examples/events/2021-06-03-rogov-kazakbaev.toml\n  tilmech check --strict\n  tilmech grammar ru decline \"Руслан Казакбаев\" --gender male\n  tilmech tm lookup \"He asked the OSCE to assist.\" --from en --to ru"
)]
struct Cli {
    /// Show no progress bars and no notes such as `wrote FILE` (results and
    /// errors are still printed).
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    New(new::Args),
    Terms(terms::Args),
    Term(term::Args),
    Render(render::Args),
    Draft(draft::Args),
    Review(review::Args),
    Qa(qa::Args),
    Check(check::Args),
    Grammar(grammar::Args),
    Tm(tm::Args),
    Serve(serve::Args),
    User(user::Args),
    Segment(segment::Args),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
}

/// Parses the process arguments, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code.into();
        }
    };
    crate::output::set_quiet(cli.quiet);
    let result = match cli.command {
        Command::New(args) => new::exec(args),
        Command::Terms(args) => terms::exec(args),
        Command::Term(args) => term::exec(args),
        Command::Render(args) => render::exec(args),
        Command::Draft(args) => draft::exec(args),
        Command::Review(args) => review::exec(args),
        Command::Qa(args) => qa::exec(args),
        Command::Check(args) => check::exec(args),
        Command::Grammar(args) => grammar::exec(args),
        Command::Tm(args) => tm::exec(args),
        Command::Serve(args) => serve::exec(args),
        Command::User(args) => user::exec(args),
        Command::Segment(args) => segment::exec(args),
        Command::Completions(args) => completions::completions(args, Cli::command()),
        Command::Man(args) => completions::man(args, Cli::command()),
    };
    match result {
        Ok(code) => code.into(),
        Err(e) => {
            crate::output::error(&error_message(&e));
            EXIT_USAGE.into()
        }
    }
}

/// `e` and its causes joined by `: `, each said once: several library
/// errors put their source in their own message as well (an I/O error in
/// `cannot write FILE: …`, SQLite's code in its message), and anyhow's `{:#}`
/// would repeat it.
fn error_message(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let cause = cause.to_string();
        if text.contains(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}

/// The memory `--tm` names, else `$TILMECH_TM`, else the project's (one rule
/// for every command that takes `--tm`): a file path or a `postgres://` URL.
pub(crate) fn memory_path(
    arg: Option<std::path::PathBuf>,
) -> anyhow::Result<crate::tm::memory::Location> {
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?;
    let path = crate::project::memory_location(arg, &cwd)?;
    Ok(crate::tm::memory::Location::parse(&path)?)
}

/// Says which files finding `project` completed after a `term add` that
/// was killed part way.
pub(crate) fn note_recovered(project: &crate::project::Project) {
    if project.recovered.is_empty() {
        return;
    }
    let files: Vec<String> = project
        .recovered
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    crate::output::note(&format!(
        "completed an interrupted `term add`: {}\n",
        files.join(", ")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_inside_its_parents_message_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let said = io.to_string();
        #[derive(Debug, thiserror::Error)]
        #[error("cannot write out.tmx: {source}")]
        struct Write {
            source: std::io::Error,
        }
        let e = anyhow::Error::new(Write { source: io }).context("export");
        assert_eq!(
            error_message(&e),
            format!("export: cannot write out.tmx: {said}")
        );
        let plain = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_message(&plain), "outer: inner");
    }
}

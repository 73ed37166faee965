//! The one place that writes to the terminal: colour (respecting `NO_COLOR`
//! and `CLICOLOR_FORCE` through `anstream`), styles and progress bars.
//!
//! Library code below the CLI never prints; commands build strings or data
//! and hand them here.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use anstyle::{AnsiColor, Style};

/// Style for errors and deletions.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// Style for warnings.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Style for success and insertions.
pub const GOOD: Style = AnsiColor::Green.on_default();
/// Style for file names, ids and other emphasis.
pub const EMPHASIS: Style = Style::new().bold();
/// Style for secondary text such as provenance.
pub const DIM: Style = Style::new().dimmed();

/// Wraps `text` in `style`; `anstream` strips the codes when colour is off.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// Whether colour would reach stdout (a terminal, `NO_COLOR` unset).
pub fn stdout_colored() -> bool {
    !matches!(
        anstream::AutoStream::choice(&std::io::stdout()),
        anstream::ColorChoice::Never
    )
}

/// Writes `text` to stdout, stripping styles where colour is off.
pub fn print(text: &str) {
    let mut out = anstream::stdout().lock();
    // A closed pipe (`tilmech … | head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes `text` to stderr, stripping styles where colour is off.
pub fn eprint(text: &str) {
    let mut err = anstream::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Prints `error: message` to stderr, in red where colour is on.
pub fn error(message: &str) {
    eprint(&format!("{}: {message}\n", paint(ERROR, "error")));
}

/// Prints `warning: message` to stderr, in yellow where colour is on.
pub fn warning(message: &str) {
    eprint(&format!("{}: {message}\n", paint(WARNING, "warning")));
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: no progress bars and no notes from here on.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Writes a note such as `wrote FILE` to stderr, unless `--quiet`.
pub fn note(text: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        eprint(text);
    }
}

/// The note `wrote PATH` on stderr, unless `--quiet`.
pub fn wrote(path: &std::path::Path) {
    note(&format!("{} {}\n", paint(GOOD, "wrote"), path.display()));
}

/// Prints `value` as pretty JSON on stdout, keys in the order built.
pub fn print_json(value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).expect("a JSON value serialises");
    print(&format!("{text}\n"));
}

/// A progress bar on stderr for `len` steps of `unit` (e.g. `units`),
/// drawn only on a terminal and without `--quiet`; it redraws on its own so
/// that the elapsed time and ETA move between steps.
pub fn progress(len: u64, what: &str, unit: &str) -> indicatif::ProgressBar {
    bar(
        len,
        what,
        &format!("{{msg:>10}} [{{wide_bar}}] {{human_pos}}/{{human_len}} {unit} ({{elapsed}}, {{eta}} left)"),
    )
}

/// A progress bar for work measured in bytes: `12.5 MiB/120.1 MiB`, with the
/// rate and ETA.
pub fn progress_bytes(len: u64, what: &str) -> indicatif::ProgressBar {
    bar(
        len,
        what,
        "{msg:>10} [{wide_bar}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {eta} left)",
    )
}

/// A progress indicator for work whose length is not known yet (a memory
/// being read): a spinner, how many `unit` so far, and the time taken.
pub fn progress_count(what: &str, unit: &str) -> indicatif::ProgressBar {
    bar(
        0,
        what,
        &format!("{{msg:>10}} {{spinner}} {{human_pos}} {unit} ({{elapsed}})"),
    )
}

fn bar(len: u64, what: &str, template: &str) -> indicatif::ProgressBar {
    let shown =
        !QUIET.load(Ordering::Relaxed) && std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !shown {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

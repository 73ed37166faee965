//! The one place that writes to the terminal: colour (respecting `NO_COLOR`
//! and `CLICOLOR_FORCE` through `anstream`), styles and progress bars.
//!
//! Library code below the CLI never prints; commands build strings or data
//! and hand them here.

use std::io::Write;

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

/// A progress bar on stderr for `len` steps, hidden when stderr is not a terminal.
pub fn progress(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({eta})")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// A spinner-style progress bar for work whose size is measured in bytes.
pub fn progress_bytes(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = progress(len, what);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg:>12} [{bar:40}] {bytes}/{total_bytes} ({eta})",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    bar
}

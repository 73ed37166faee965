//! Turning a [`Report`] into text: `human` (grouped by locale and file,
//! coloured through [`crate::output::paint`]), `json`, `github` workflow
//! annotations and `junit` XML. Paths are shown relative to a base folder
//! (the current directory) when they lie inside it.
//!
//! The JSON format is one array; each element is an object
//! `{"severity": "error"|"warning", "code": string, "file": string,
//! "line": number, "column": number, "locale": string,
//! "id": string|null, "message": string, "help": string}`. Lines and
//! columns are 1-based; columns count characters. `code` values are stable.

use std::fmt::Write;
use std::path::Path;

use super::{Finding, Report, Severity};
use crate::output::{paint, DIM, EMPHASIS, ERROR, WARNING};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by locale and file, with a summary line.
    Human,
    /// One JSON array of findings.
    Json,
    /// GitHub Actions `::error` / `::warning` annotations.
    Github,
    /// JUnit XML for CI dashboards.
    Junit,
}

/// Renders `report` in `format`, paths relative to `base`.
pub fn render(report: &Report, format: Format, base: &Path) -> String {
    match format {
        Format::Human => human(report, base),
        Format::Json => json(report, base),
        Format::Github => github(report, base),
        Format::Junit => junit(report, base),
    }
}

fn shown(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    // `./ru/main.ftl` and `ru/main.ftl` are the same file to a reader.
    rel.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn word(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary line: what was checked and how many errors and warnings.
pub fn summary(report: &Report) -> String {
    format!(
        "checked {} in {}: {}, {}",
        word(report.files, "file", "files"),
        word(report.locales.len(), "locale", "locales"),
        word(report.errors(), "error", "errors"),
        word(report.warnings(), "warning", "warnings"),
    )
}

fn human(report: &Report, base: &Path) -> String {
    let mut out = String::new();
    let mut group: Option<(&str, &Path)> = None;
    for f in &report.findings {
        if group != Some((f.locale.as_str(), f.file.as_path())) {
            group = Some((&f.locale, &f.file));
            let _ = writeln!(
                out,
                "\n{} {}",
                paint(EMPHASIS, &format!("[{}]", f.locale)),
                paint(EMPHASIS, &shown(&f.file, base))
            );
        }
        let (style, sev) = match f.severity {
            Severity::Error => (ERROR, "error"),
            Severity::Warning => (WARNING, "warning"),
        };
        let id =
            f.id.as_deref()
                .map(|i| format!(" {i}:"))
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}:{} {}{id} {}\n      {}",
            f.line,
            f.column,
            paint(style, &format!("{sev}[{}]", f.code)),
            f.message,
            paint(DIM, &format!("help: {}", f.help)),
        );
    }
    if !report.findings.is_empty() {
        out.push('\n');
    }
    let style = if report.errors() > 0 {
        ERROR
    } else if report.warnings() > 0 {
        WARNING
    } else {
        crate::output::GOOD
    };
    let _ = writeln!(out, "{}", paint(style, &summary(report)));
    out
}

fn json(report: &Report, base: &Path) -> String {
    let items: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "severity": f.severity,
                "code": f.code,
                "file": shown(&f.file, base),
                "line": f.line,
                "column": f.column,
                "locale": f.locale,
                "id": f.id,
                "message": f.message,
                "help": f.help,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).expect("findings serialise");
    s.push('\n');
    s
}

/// GitHub's workflow-command escaping: `%`, CR and LF everywhere, plus `:`
/// and `,` inside properties.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn github(report: &Report, base: &Path) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let id =
            f.id.as_deref()
                .map(|i| format!("{i}: "))
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            gh_escape(&shown(&f.file, base), true),
            f.line,
            f.column,
            gh_escape(&format!("{} [{}]", f.code, f.locale), true),
            gh_escape(&format!("{id}{} — {}", f.message, f.help), false),
        );
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

/// One `<testsuite>` per locale, one `<testcase>` per finding; errors are
/// `<failure>`s, warnings pass with the text in `<system-out>`. A locale
/// without findings gets one passing test case so dashboards show it.
fn junit(report: &Report, base: &Path) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"tilmech check\" tests=\"{}\" failures=\"{}\">",
        report.findings.len().max(report.locales.len()),
        report.errors()
    );
    for locale in &report.locales {
        let mine: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| &f.locale == locale)
            .collect();
        let failures = mine
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            crate::xml::escape(locale),
            mine.len().max(1)
        );
        if mine.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"all checks\"/>",
                crate::xml::escape(locale)
            );
        }
        for f in mine {
            let file = shown(&f.file, base);
            let name = format!(
                "{}:{}:{} {}{}",
                file,
                f.line,
                f.column,
                f.code,
                f.id.as_deref().map(|i| format!(" {i}")).unwrap_or_default()
            );
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">",
                crate::xml::escape(locale),
                crate::xml::escape(&name),
                crate::xml::escape(&file)
            );
            let text = format!("{}\nhelp: {}", f.message, f.help);
            match f.severity {
                Severity::Error => {
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        f.code,
                        crate::xml::escape(&f.message),
                        crate::xml::escape(&text)
                    );
                }
                Severity::Warning => {
                    let _ = writeln!(
                        out,
                        "      <system-out>warning: {}</system-out>",
                        crate::xml::escape(&text)
                    );
                }
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

//! Turning a [`Report`] into text: `human` (one `file:line:col: severity[code]:
//! message` line per finding, which editors and terminals link, with the
//! source line and a caret under it; coloured through
//! [`crate::output::paint`]), `json`, `github` workflow annotations and
//! `junit` XML. Paths are shown relative to a base folder (the current
//! directory), with `..` when they lie outside it.
//!
//! The JSON format is one object, `{"summary": {"files", "locales",
//! "errors", "warnings", "fails"}, "items": [...]}`; each item is
//! `{"severity": "error"|"warning", "code": string, "file": string,
//! "line": number, "column": number, "locale": string,
//! "id": string|null, "message": string, "help": string}`. Lines and
//! columns are 1-based; columns count characters. `code` values are stable.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{Finding, Report, Severity};
use crate::output::{paint, DIM, EMPHASIS, ERROR, WARNING};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: severity[code]: message` with a code frame, and a summary line.
    Human,
    /// One JSON object: a summary and the findings (docs/cli.md).
    Json,
    /// GitHub Actions `::error` / `::warning` annotations.
    Github,
    /// JUnit XML for CI dashboards.
    Junit,
}

/// Renders `report` in `format`, paths relative to `base`; with `strict`,
/// JUnit counts warnings as failures, as the exit code does.
pub fn render(report: &Report, format: Format, base: &Path, strict: bool) -> String {
    match format {
        Format::Human => human(report, base),
        Format::Json => json(report, base, strict),
        Format::Github => github(report, base),
        Format::Junit => junit(report, base, strict),
    }
}

/// `path` as a reader (and GitHub) wants it: relative to `base`, through
/// `..` if need be, `/`-separated; absolute only when nothing is shared.
fn shown(path: &Path, base: &Path) -> String {
    use std::path::Component;
    let rel = relative(path, base);
    if rel.is_absolute() {
        return rel.display().to_string();
    }
    // `./ru/main.ftl` and `ru/main.ftl` are the same file to a reader.
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn relative(path: &Path, base: &Path) -> PathBuf {
    if path.is_relative() {
        return path.to_path_buf();
    }
    if let Ok(r) = path.strip_prefix(base) {
        return r.to_path_buf();
    }
    let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (p, b) = (real(path), real(base));
    if let Ok(r) = p.strip_prefix(&b) {
        return r.to_path_buf();
    }
    let (pc, bc): (Vec<_>, Vec<_>) = (p.components().collect(), b.components().collect());
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    // Only the root in common: a relative path would climb to it anyway.
    if common <= 1 {
        return p;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    out.extend(&pc[common..]);
    out
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
    // Each file's lines, read once however many findings it has.
    let mut sources: HashMap<&Path, Vec<String>> = HashMap::new();
    for f in &report.findings {
        let (style, sev) = match f.severity {
            Severity::Error => (ERROR, "error"),
            Severity::Warning => (WARNING, "warning"),
        };
        let id =
            f.id.as_deref()
                .map(|i| format!(" {}", paint(EMPHASIS, &format!("{i}:"))))
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}:{}:{}: {}{id} {}",
            shown(&f.file, base),
            f.line,
            f.column,
            paint(style, &format!("{sev}[{}]:", f.code)),
            f.message,
        );
        let source = if f.frame {
            Some(sources.entry(&f.file).or_insert_with(|| {
                std::fs::read(&f.file)
                    .map(|b| {
                        String::from_utf8_lossy(&b)
                            .lines()
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default()
            }))
        } else {
            None
        };
        let line = source.and_then(|s| s.get(f.line - 1)).map(String::as_str);
        let width = f.line.to_string().len();
        if let Some(line) = line {
            let (line, column) = window(line, f.column);
            let _ = writeln!(
                out,
                "{} {line}",
                paint(DIM, &format!("{:>width$} |", f.line))
            );
            let caret: String = line
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                "{} {caret}{}",
                paint(DIM, &format!("{:>width$} |", "")),
                paint(style, "^")
            );
        }
        let _ = writeln!(
            out,
            "{} {}",
            paint(DIM, &format!("{:>width$} =", "")),
            paint(DIM, &format!("help: {}", f.help))
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

/// At most `FRAME` characters of `line` around `column`, marked `…` where
/// cut, and the column within them: a minified or hostile one-line file
/// must not flood the terminal.
fn window(line: &str, column: usize) -> (String, usize) {
    const FRAME: usize = 100;
    let len = line.chars().count();
    if len <= FRAME {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(FRAME / 2)
        .min(len.saturating_sub(FRAME));
    let mut shown: String = line.chars().skip(start).take(FRAME).collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + FRAME < len {
        shown.push('…');
    }
    (shown, column)
}

fn json(report: &Report, base: &Path, strict: bool) -> String {
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
    let all = serde_json::json!({
        "summary": {"files": report.files, "locales": report.locales,
                    "errors": report.errors(), "warnings": report.warnings(),
                    "fails": report.fails(strict)},
        "items": items,
    });
    let mut s = serde_json::to_string_pretty(&all).expect("findings serialise");
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
/// `<failure>`s, warnings pass with the text in `<system-out>` (or fail,
/// with `strict`). A locale without findings gets one passing test case so
/// dashboards show it; every count is the number of test cases written.
fn junit(report: &Report, base: &Path, strict: bool) -> String {
    let fails = |f: &Finding| f.severity == Severity::Error || strict;
    let per_locale: Vec<(&String, Vec<&Finding>)> = report
        .locales
        .iter()
        .map(|l| {
            (
                l,
                report.findings.iter().filter(|f| &f.locale == l).collect(),
            )
        })
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"tilmech check\" tests=\"{}\" failures=\"{}\">",
        per_locale
            .iter()
            .map(|(_, m)| m.len().max(1))
            .sum::<usize>(),
        per_locale
            .iter()
            .flat_map(|(_, m)| m)
            .filter(|f| fails(f))
            .count()
    );
    for (locale, mine) in per_locale {
        let failures = mine.iter().filter(|f| fails(f)).count();
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
            if fails(f) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    f.code,
                    crate::xml::escape(&f.message),
                    crate::xml::escape(&text)
                );
            } else {
                let _ = writeln!(
                    out,
                    "      <system-out>warning: {}</system-out>",
                    crate::xml::escape(&text)
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

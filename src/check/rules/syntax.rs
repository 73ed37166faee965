//! Syntax: every `.ftl` file must be UTF-8 and parse.

use crate::check::{ftl, Context, Finding, Pos, Severity};

/// **What it does:** reports every parse error of every `.ftl` file, in the
/// reference and in each translation, at its line and column; a select
/// expression without a `*[default]` variant gets its own code,
/// `select-no-default`, and files that are not UTF-8 get `not-utf8`.
///
/// **Why it matters:** Fluent drops an entry it cannot parse, so the
/// release silently falls back to another language or shows the id. The
/// entries around the error are still read and checked by the other rules.
///
/// **Example:** `title = { $count` (unclosed placeable) →
/// `error[syntax-error] 3:15: expected a token starting with "}"`.
pub fn syntax(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        for (path, valid_up_to) in &loc.undecodable {
            out.push(
                Finding::new(Severity::Error, "not-utf8", &loc.name, path, Pos::default()).says(
                    format!("the file is not valid UTF-8 (first bad byte at offset {valid_up_to})"),
                    "save the file as UTF-8",
                ),
            );
        }
        for f in &loc.files {
            for e in &f.errors {
                let pos = Pos {
                    line: e.line,
                    col: e.col,
                };
                let finding = if ftl::is_missing_default(&e.kind) {
                    Finding::new(
                        Severity::Error,
                        "select-no-default",
                        &loc.name,
                        &f.path,
                        pos,
                    )
                    .says(
                        "this select expression has no default variant",
                        "mark one variant as the default with `*`, e.g. `*[other]`",
                    )
                } else {
                    Finding::new(Severity::Error, "syntax-error", &loc.name, &f.path, pos).says(
                        lowercase_first(&e.kind.to_string()),
                        "fix the syntax here; Fluent skips the whole entry until then",
                    )
                };
                out.push(finding);
            }
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

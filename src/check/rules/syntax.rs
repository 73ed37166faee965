//! Syntax: every `.ftl` file must be UTF-8 and parse.

use crate::check::{ftl, Context, Finding, Pos, Severity, Why};

/// **What it does:** reports every parse error of every `.ftl` file, in the
/// reference and in each translation, at its line and column; a select
/// expression without a `*[default]` variant gets its own code,
/// `select-no-default`; a file that is not UTF-8 gets `not-utf8` at the
/// first bad byte, one the system refuses `unreadable-file`, an entry
/// nested deeper than [`ftl::MAX_DEPTH`] `nesting-too-deep`, and an `.ftl`
/// name that is a FIFO or device `not-a-file` (a warning: it is skipped,
/// never opened, so the check cannot hang on it).
///
/// **Why it matters:** Fluent drops an entry it cannot parse, so the
/// release silently falls back to another language or shows the id. The
/// entries around the error are still read and checked by the other rules.
///
/// **Example:** `title = { $count` (unclosed placeable) →
/// `error[syntax-error] 3:15: expected a token starting with "}"`.
pub fn syntax(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        for u in &loc.unread {
            let finding = match &u.why {
                Why::NotUtf8(pos) => {
                    Finding::new(Severity::Error, "not-utf8", &loc.name, &u.path, *pos)
                        .says("the file is not valid UTF-8 here", "save the file as UTF-8")
                }
                Why::Unreadable(os) => Finding::new(
                    Severity::Error,
                    "unreadable-file",
                    &loc.name,
                    &u.path,
                    Pos::default(),
                )
                .says(
                    format!("cannot read the file: {os}"),
                    "make the file readable, or remove it",
                ),
                Why::NotAFile => Finding::new(
                    Severity::Warning,
                    "not-a-file",
                    &loc.name,
                    &u.path,
                    Pos::default(),
                )
                .says(
                    "this .ftl path is not a regular file (a FIFO, socket or device); skipped",
                    "replace it with a regular file, or remove it",
                ),
            };
            out.push(finding);
        }
        for f in &loc.files {
            for (id, pos) in &f.too_deep {
                out.push(
                    Finding::new(Severity::Error, "nesting-too-deep", &loc.name, &f.path, *pos)
                        .id(id)
                        .says(
                            format!(
                                "placeables, selects or calls nest deeper than {} levels here; the entry was not read",
                                ftl::MAX_DEPTH
                            ),
                            "flatten the entry: split it into messages that reference each other",
                        ),
                );
            }
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

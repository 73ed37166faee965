//! Finding the Fluent messages templates ask for: every `t("id")`,
//! `t("id.attr")` and `t("id", name=value, …)` call in `templates/**/*.j2`,
//! with the named arguments it passes and where it is.
//!
//! A scanner, not a MiniJinja parser: templates call Fluent only through
//! `t`, and a literal first argument is all the checker can follow. A call
//! whose id is not a string literal is kept as [`Call::dynamic`] so the
//! report can say that it was not followed.

use std::path::{Path, PathBuf};

use super::Pos;

/// One `t(…)` call in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The message id (without attribute); empty when the id is not a literal.
    pub id: String,
    /// The attribute after the dot, if any.
    pub attribute: Option<String>,
    /// The names of the `name=value` arguments passed.
    pub args: Vec<String>,
    /// Where `t` is.
    pub pos: Pos,
    /// Whether the id is computed at render time, so the checker cannot know it.
    pub dynamic: bool,
}

/// The calls of one template file.
#[derive(Debug, Clone)]
pub struct Template {
    /// The file.
    pub path: PathBuf,
    /// Its `t(…)` calls in order.
    pub calls: Vec<Call>,
}

/// Every `.j2` file under `dir` (sorted), scanned; empty when `dir` is absent.
pub fn load(dir: &Path) -> std::io::Result<Vec<Template>> {
    let mut paths = Vec::new();
    if dir.is_dir() {
        collect(dir, &mut paths)?;
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)?;
            Ok(Template {
                calls: scan(&text),
                path,
            })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "j2") {
            out.push(path);
        }
    }
    Ok(())
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Finds the `t(…)` calls in template source `text`.
pub fn scan(text: &str) -> Vec<Call> {
    let b = text.as_bytes();
    let mut calls = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find("t(") {
        let start = i + off;
        i = start + 2;
        // `format(`, `obj.t(` and the like are other functions.
        if start > 0 && (is_ident(b[start - 1]) || b[start - 1] == b'.') {
            continue;
        }
        let (line, col) = crate::event::line_col(text, start);
        let pos = Pos { line, col };
        let mut j = skip_ws(b, i);
        let mut call = Call {
            id: String::new(),
            attribute: None,
            args: Vec::new(),
            pos,
            dynamic: true,
        };
        if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
            let quote = b[j];
            if let Some(len) = b[j + 1..].iter().position(|&c| c == quote) {
                let lit = &text[j + 1..j + 1 + len];
                match lit.split_once('.') {
                    Some((id, attr)) => {
                        call.id = id.to_string();
                        call.attribute = Some(attr.to_string());
                    }
                    None => call.id = lit.to_string(),
                }
                call.dynamic = false;
                j += len + 2;
            }
        }
        let (args, end) = named_args(text, j);
        call.args = args;
        i = end.max(i);
        calls.push(call);
    }
    calls
}

fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

/// Reads `, name=value, …)` from `j`, returning the names and the offset after `)`.
fn named_args(text: &str, mut j: usize) -> (Vec<String>, usize) {
    let b = text.as_bytes();
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut arg_start = true;
    while j < b.len() {
        let c = b[j];
        match c {
            b'"' | b'\'' => {
                j += b[j + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .map_or(b.len(), |p| p + 1);
                arg_start = false;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' => return (names, j + 1),
            // The template expression ended without closing the call.
            b'}' => return (names, j),
            b',' if depth == 0 => arg_start = true,
            _ if arg_start && is_ident(c) => {
                let s = j;
                while j < b.len() && is_ident(b[j]) {
                    j += 1;
                }
                let k = skip_ws(b, j);
                if k < b.len() && b[k] == b'=' && b.get(k + 1) != Some(&b'=') {
                    names.push(text[s..j].to_string());
                }
                arg_start = false;
                continue;
            }
            _ if c.is_ascii_whitespace() => {}
            _ => arg_start = false,
        }
        j += 1;
    }
    (names, j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_ids_attributes_and_named_arguments_are_collected() {
        let src = "{{ t(\"headline\", count=n, place=event.city) }}\n\
                   <a title=\"{{ t('link.title') }}\">{{ format(x) }}{{ t( \"lead\" ) }}</a>\n\
                   {{ t(key) }}";
        let calls = scan(src);
        assert_eq!(calls.len(), 4, "{calls:?}");
        assert_eq!(calls[0].id, "headline");
        assert_eq!(calls[0].args, ["count", "place"]);
        assert_eq!(calls[0].pos, Pos { line: 1, col: 4 });
        assert_eq!(calls[1].id, "link");
        assert_eq!(calls[1].attribute.as_deref(), Some("title"));
        assert_eq!(calls[2].id, "lead");
        assert!(calls[2].args.is_empty());
        assert!(calls[3].dynamic);
    }

    #[test]
    fn nested_calls_and_comparisons_are_not_arguments() {
        let calls = scan("{{ t(\"x\", n=len(items), d=fmt(a, b=1), ok=(a == b)) }}");
        assert_eq!(calls[0].args, ["n", "d", "ok"]);
    }
}

//! Loading a project's `.ftl` files: one set of parsed resources per locale,
//! plus what the renderer needs to know about terms (which exist, which
//! forms a term declares through a `$case` selector).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::hazard::{self, Hazard, MAX_DEPTH};
use crate::event::line_col;

/// The parsed `.ftl` files of one locale.
#[derive(Debug)]
pub struct Locale {
    /// The language code (`en`, `ru`, `ky`).
    pub lang: String,
    /// Resources in file-name order.
    pub resources: Vec<(PathBuf, Arc<FluentResource>)>,
    /// Term ids (without `-`) and the variant keys of their `$case` selectors.
    pub terms: BTreeMap<String, BTreeSet<String>>,
}

/// A locale folder that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    /// The folder or a file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file has Fluent syntax errors.
    #[error("{path}:{line}:{column}: Fluent syntax error: {message} (run `tilmech check` for every problem)")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The locale folder holds no `.ftl` file.
    #[error("{0}: no .ftl files: expected locales/<lang>/*.ftl")]
    Empty(PathBuf),
}

impl Locale {
    /// Loads every `.ftl` file under `dir` (recursively) as locale `lang`.
    pub fn load(dir: &Path, lang: &str) -> Result<Locale, LocaleError> {
        let mut files = Vec::new();
        collect_ftl(dir, &mut files)?;
        files.sort();
        if files.is_empty() {
            return Err(LocaleError::Empty(dir.to_path_buf()));
        }
        let mut locale = Locale {
            lang: lang.to_string(),
            resources: Vec::new(),
            terms: BTreeMap::new(),
        };
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|source| LocaleError::Io {
                path: path.clone(),
                source,
            })?;
            if let Some((at, _, hazard)) = hazard::first_hazard(&text, 0) {
                // Parsing would panic or overflow the stack: refuse the file.
                let (line, column) = line_col(&text, at);
                let message = match hazard {
                    Hazard::Deep => format!(
                        "placeables nested deeper than {MAX_DEPTH}: expected a flatter message"
                    ),
                    Hazard::Escape(seq) => format!(
                        "invalid unicode escape sequence `{seq}`: expected \\u and 4 or \\U and 6 hex digits"
                    ),
                };
                return Err(LocaleError::Syntax {
                    path,
                    line,
                    column,
                    message,
                });
            }
            let resource = match FluentResource::try_new(text) {
                Ok(r) => r,
                Err((r, errors)) => {
                    let e = &errors[0];
                    let (line, column) = line_col(r.source(), e.pos.start);
                    return Err(LocaleError::Syntax {
                        path,
                        line,
                        column,
                        message: e.kind.to_string(),
                    });
                }
            };
            for entry in resource.entries() {
                if let ast::Entry::Term(term) = entry {
                    let mut keys = BTreeSet::new();
                    case_keys(&term.value, &mut keys);
                    locale.terms.insert(term.id.name.to_string(), keys);
                }
            }
            locale.resources.push((path, Arc::new(resource)));
        }
        Ok(locale)
    }
}

fn collect_ftl(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LocaleError> {
    let io = |source| LocaleError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_ftl(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "ftl") {
            out.push(path);
        }
    }
    Ok(())
}

/// Collects the variant keys of every `{ $case -> … }` selector in `pattern`.
fn case_keys(pattern: &ast::Pattern<&str>, keys: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable {
            expression: ast::Expression::Select { selector, variants },
        } = element
        {
            let on_case = matches!(selector, ast::InlineExpression::VariableReference { id } if id.name == "case");
            for v in variants {
                if on_case {
                    if let ast::VariantKey::Identifier { name } = &v.key {
                        keys.insert(name.to_string());
                    }
                }
                case_keys(&v.value, keys);
            }
        }
    }
}

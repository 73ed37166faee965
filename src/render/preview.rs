//! A release as it is being written: every language rendered from event
//! text that may still be incomplete, with template sentences and free
//! text told apart, untranslated paragraphs flagged instead of failing the
//! language, and every error placed at the form field it concerns.
//!
//! It runs the same parsing, validation and rendering as `tilmech render`
//! ([`Event::parse`], [`Event::validate_terms`], [`Renderer::render`]), so a
//! preview that shows no error renders the same on the command line.

use std::path::Path;

use serde::Serialize;

use super::{RenderError, Renderer};
use crate::event::{edit, Event, EventError};

/// Every language's preview, or the errors that stop all of them.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// Problems in the event itself (syntax, schema, unknown terms): while
    /// there are any, no language is rendered.
    pub errors: Vec<FieldError>,
    /// One entry per language asked for, in that order.
    pub languages: Vec<LanguagePreview>,
}

/// One language of a [`Preview`].
#[derive(Debug, Clone, Serialize)]
pub struct LanguagePreview {
    /// The language code.
    pub lang: String,
    /// The headline, when the language rendered.
    pub headline: Option<String>,
    /// The paragraphs, dateline first.
    pub blocks: Vec<Block>,
    /// Why this language did not render, placed at a field where possible.
    pub errors: Vec<FieldError>,
    /// Free-text paragraphs without text in this language (1-based).
    pub untranslated: Vec<usize>,
}

/// One paragraph of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// What made it.
    pub origin: Origin,
    /// The text; for an untranslated paragraph, the source text.
    pub text: String,
}

/// Where a paragraph of the release comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A template sentence from the locale's Fluent messages.
    Template,
    /// A free-text paragraph of the event, in this language.
    FreeText,
    /// A free-text paragraph not yet translated: shown in the source language.
    Untranslated,
}

/// An error with the form field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field (`date`, `people.0.name.ru`…), if the error has one.
    pub field: Option<String>,
    /// 1-based line in the event file, 0 when it has no position.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The message, as `tilmech render` prints it (without the file name).
    pub message: String,
}

impl FieldError {
    fn from_event(text: &str, e: &EventError) -> FieldError {
        let field = (e.line > 0)
            .then(|| edit::field_at(text, offset_of(text, e.line, e.column)))
            .flatten();
        FieldError {
            field,
            line: e.line,
            column: e.column,
            message: e.message.clone(),
        }
    }
}

/// Renders the event file text `text` (named `path` in messages) in `langs`.
pub fn preview(renderer: &Renderer, path: &Path, text: &str, langs: &[String]) -> Preview {
    let event = Event::parse(path, text.to_string()).and_then(|event| {
        event
            .validate_terms(&renderer.known_terms())
            .map(|()| event)
    });
    let event = match event {
        Ok(event) => event,
        Err(errors) => {
            return Preview {
                errors: errors
                    .0
                    .iter()
                    .map(|e| FieldError::from_event(text, e))
                    .collect(),
                languages: Vec::new(),
            }
        }
    };
    let languages = langs
        .iter()
        .map(|lang| preview_language(renderer, &event, lang))
        .collect();
    Preview {
        errors: Vec::new(),
        languages,
    }
}

fn preview_language(renderer: &Renderer, event: &Event, lang: &str) -> LanguagePreview {
    let source = event.data.source.get_ref().clone();
    let mut filled = event.clone();
    let mut untranslated = Vec::new();
    // An untranslated paragraph is stood in for by a marker that no text
    // contains, so that the rest of the language still renders and the
    // marker's block can be shown as the source text, flagged.
    for (i, p) in filled.data.paragraphs.iter_mut().enumerate() {
        if !p.get_ref().contains_key(lang) {
            untranslated.push(i + 1);
            p.get_mut().insert(lang.to_string(), marker(i));
        }
    }
    let mut out = LanguagePreview {
        lang: lang.to_string(),
        headline: None,
        blocks: Vec::new(),
        errors: Vec::new(),
        untranslated,
    };
    match renderer.render(&filled, lang) {
        Ok(doc) => {
            let free: Vec<String> = event
                .paragraphs(lang)
                .into_iter()
                .map(|p| p.map(one_block).unwrap_or_default())
                .collect();
            out.headline = Some(doc.headline);
            out.blocks = doc
                .paragraphs
                .into_iter()
                .map(|text| {
                    if let Some(i) = (0..free.len()).find(|&i| text == marker(i)) {
                        Block {
                            origin: Origin::Untranslated,
                            text: event.data.paragraphs[i]
                                .get_ref()
                                .get(&source)
                                .map(|t| one_block(t))
                                .unwrap_or_default(),
                        }
                    } else if free.contains(&text) {
                        Block {
                            origin: Origin::FreeText,
                            text,
                        }
                    } else {
                        Block {
                            origin: Origin::Template,
                            text,
                        }
                    }
                })
                .collect();
        }
        Err(e) => out.errors.push(render_error(event, &e)),
    }
    out
}

fn marker(i: usize) -> String {
    format!("\u{E000}tilmech-untranslated-{i}\u{E000}")
}

/// A paragraph as the document splits it: lines trimmed and joined.
fn one_block(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

/// Places a render error at the field it concerns.
fn render_error(event: &Event, e: &RenderError) -> FieldError {
    let field = match e {
        RenderError::MissingName { role, lang, .. } => event
            .data
            .people
            .iter()
            .position(|p| p.role.get_ref() == role)
            .map(|i| format!("people.{i}.name.{lang}")),
        _ => None,
    };
    let message = e.to_string();
    let path = format!("{}: ", event.path.display());
    FieldError {
        field,
        line: 0,
        column: 0,
        message: message.strip_prefix(&path).unwrap_or(&message).to_string(),
    }
}

/// The byte offset of 1-based `line` and character `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_of_inverts_line_col() {
        let text = "a = 1\nпункт = \"б\"\nc = 3\n";
        for at in [0, 4, 6, 10, text.find('б').unwrap(), text.len() - 2] {
            let (line, col) = crate::event::line_col(text, at);
            assert_eq!(offset_of(text, line, col), at, "offset {at}");
        }
    }
}

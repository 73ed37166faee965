//! Rules that use the renderer: event files validate against the schema and
//! the locales' terms, and every example event renders in every locale.

use super::super::{Context, Finding, Pos, Severity};
use crate::event::EventErrors;
use crate::render::{self, Renderer};

/// The project's renderer and the events to try, or `None` outside a
/// project (or when a locale cannot load: the syntax rules report that).
fn setup(cx: &Context) -> Option<(Renderer, Vec<std::path::PathBuf>)> {
    let project = cx.project?;
    // The renderer reads the same files with fewer guards: a file it would
    // reject anyway, one the parser could crash on (already reported) or a
    // FIFO it would block on is no reason to try.
    let unsafe_files = std::iter::once(cx.reference).chain(cx.locales).any(|l| {
        !l.unread.is_empty()
            || l.files
                .iter()
                .any(|f| !f.errors.is_empty() || !f.too_deep.is_empty())
    });
    if unsafe_files {
        return None;
    }
    let langs: Vec<String> = std::iter::once(cx.reference)
        .chain(cx.locales)
        .map(|l| l.name.clone())
        .collect();
    let renderer = Renderer::load(project, &langs).ok()?;
    let mut events = render::example_events(project);
    events.extend(cx.events.iter().cloned());
    Some((renderer, events))
}

/// **What it does:** reads every example event (`examples/events/*.toml`
/// and each `--events` file) and checks it against the schema and the
/// terms each locale defines (`invalid-event`, error, at the event's line
/// and column).
///
/// **Why it matters:** an example that no longer parses documents a schema
/// that does not exist, and a term renamed in a locale breaks every event
/// that names it.
///
/// **Example:** `place = "bishkekk"` → `error[invalid-event]
/// examples/events/x.toml:3:9 unknown place `bishkekk``.
pub fn event_files(cx: &Context, out: &mut Vec<Finding>) {
    let Some((renderer, events)) = setup(cx) else {
        return;
    };
    for path in events {
        if let Err(EventErrors(errors)) = render::load_event(&path, &renderer) {
            for e in errors {
                let pos = Pos {
                    line: e.line.max(1),
                    col: e.column.max(1),
                };
                out.push(
                    Finding::new(
                        Severity::Error,
                        "invalid-event",
                        &cx.reference.name,
                        &e.path,
                        pos,
                    )
                    .says(
                        e.message,
                        "fix the event file (schema: docs/event-schema.md)",
                    ),
                );
            }
        }
    }
}

/// **What it does:** renders every valid example event with its kind's
/// template in every locale (`render-error`, error).
///
/// **Why it matters:** only a real render finds a message that resolves to
/// a Fluent error for the data an event really has: a missing case form, a
/// function misused, a template that calls a message with a typo.
///
/// **Example:** the ky position term lacks `[recent]` and an example host is
/// recently appointed → `error[render-error] … CASE(): … has no form recent`.
pub fn render_smoke(cx: &Context, out: &mut Vec<Finding>) {
    let Some((renderer, events)) = setup(cx) else {
        return;
    };
    for path in events {
        let Ok(event) = render::load_event(&path, &renderer) else {
            continue;
        };
        for locale in renderer.locales() {
            if let Err(e) = renderer.render(&event, &locale.lang) {
                out.push(
                    Finding::new(
                        Severity::Error,
                        "render-error",
                        &locale.lang,
                        &path,
                        Pos { line: 1, col: 1 },
                    )
                    .says(
                        e.to_string(),
                        "fix the message or term it names, or the template",
                    ),
                );
            }
        }
    }
}

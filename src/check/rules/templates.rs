//! Template-aware checks: what the templates ask for must exist in every
//! locale, and what nothing asks for is reported as unused.

use std::collections::BTreeSet;

use crate::check::templates::{self, Template};
use crate::check::{Context, Finding, Locale, Pos, Severity};

fn project_templates(cx: &Context, out: &mut Vec<Finding>) -> Option<Vec<Template>> {
    let project = cx.project?;
    match templates::load(&project.config.templates) {
        Ok(t) if !t.is_empty() => Some(t),
        Ok(_) => None,
        Err(e) => {
            out.push(
                Finding::new(
                    Severity::Error,
                    "unreadable-template",
                    &cx.reference.name,
                    &project.config.templates,
                    Pos::default(),
                )
                .says(
                    format!("cannot read the templates: {e}"),
                    "make the templates folder readable UTF-8 text",
                ),
            );
            None
        }
    }
}

/// **What it does:** for every `t("id")` / `t("id.attr")` call in the
/// project's templates, checks in every locale (the reference included)
/// that the message exists with the value or attribute asked for
/// (`missing-template-message`, error) and that every variable the
/// message uses there is passed by the call (`unpassed-variable`, error).
/// A call whose id is not a string literal is reported as
/// `dynamic-message-id` (warning), since it cannot be followed.
///
/// **Why it matters:** a message every locale lacks, or a variable the
/// template forgets to pass, passes the reference comparison and still
/// renders `{$count}` or the bare id in every release.
///
/// **Example:** `templates/meeting.j2` calls `t("dateline", city=city)`
/// and `ky/main.ftl` has no `dateline` →
/// `error[missing-template-message] templates/meeting.j2:3:4 ky dateline`.
pub fn template_messages(cx: &Context, out: &mut Vec<Finding>) {
    let Some(templates) = project_templates(cx, out) else {
        return;
    };
    let implicit = renderer_variables(cx);
    for t in &templates {
        for call in &t.calls {
            if call.dynamic {
                out.push(
                    Finding::new(
                        Severity::Warning,
                        "dynamic-message-id",
                        &cx.reference.name,
                        &t.path,
                        call.pos,
                    )
                    .says(
                        "the message id of this `t(…)` call is computed, so it cannot be checked",
                        "pass a string literal, e.g. t(\"release-title\")",
                    ),
                );
                continue;
            }
            let full = match &call.attribute {
                Some(a) => format!("{}.{a}", call.id),
                None => call.id.clone(),
            };
            for loc in std::iter::once(cx.reference).chain(cx.locales) {
                let problem = match loc.find(&call.id) {
                    None if loc.lost(&call.id) => None,
                    None => Some(format!(
                        "message `{}` does not exist in {}",
                        call.id, loc.name
                    )),
                    Some((_, e)) => match &call.attribute {
                        Some(a) if e.attribute(a).is_none() => Some(format!(
                            "`{}` has no attribute `.{a}` in {}",
                            call.id, loc.name
                        )),
                        None if e.value.is_none() => Some(format!(
                            "`{}` has no value in {}, only attributes",
                            call.id, loc.name
                        )),
                        _ => None,
                    },
                };
                if let Some(problem) = problem {
                    out.push(
                        Finding::new(
                            Severity::Error,
                            "missing-template-message",
                            &loc.name,
                            &t.path,
                            call.pos,
                        )
                        .id(&full)
                        .says(
                            format!("the template asks for `{full}`: {problem}"),
                            format!("add `{full}` to {}/", loc.dir.display()),
                        ),
                    );
                    continue;
                }
                for v in used_variables(loc, &full) {
                    if !call.args.contains(&v) && !implicit.contains(&v) {
                        out.push(
                            Finding::new(Severity::Error, "unpassed-variable", &loc.name, &t.path, call.pos)
                                .id(&full)
                                .says(
                                    format!("`{full}` in {} uses `${v}`, which this call does not pass", loc.name),
                                    format!("pass it: t(\"{full}\", {v}=…), or remove `${v}` from the message"),
                                ),
                        );
                    }
                }
            }
        }
    }
}

/// The variables the renderer gives every message itself: the event's, and
/// those of every role the example events use (read once per check).
fn renderer_variables(cx: &Context) -> BTreeSet<String> {
    let mut vars: BTreeSet<String> = crate::render::EVENT_VARIABLES
        .iter()
        .map(|v| v.to_string())
        .collect();
    let Some(project) = cx.project else {
        return vars;
    };
    // The roles each kind names (host, guest, head…), and any an event uses.
    let mut roles: Vec<String> = crate::event::KINDS
        .iter()
        .flat_map(|k| crate::event::edit::kind_roles(k))
        .map(|r| r.to_string())
        .collect();
    for path in crate::render::example_events(project)
        .iter()
        .chain(cx.events)
    {
        if let Ok(event) = crate::event::Event::load(path) {
            roles.extend(event.data.people.iter().map(|p| p.role.get_ref().clone()));
        }
    }
    vars.extend(
        roles
            .iter()
            .flat_map(|r| crate::render::person_variables(r)),
    );
    vars
}

/// The variables `id` (or `id.attr`) uses in `loc`, through message references too.
fn used_variables(loc: &Locale, full: &str) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut todo = vec![full.to_string()];
    while let Some(r) = todo.pop() {
        if r.starts_with('-') || !seen.insert(r.clone()) {
            continue;
        }
        let (id, attr) = match r.split_once('.') {
            Some((id, a)) => (id, Some(a)),
            None => (r.as_str(), None),
        };
        let Some((_, e)) = loc.find(id) else { continue };
        if let Some(p) = e.pattern(attr) {
            vars.extend(p.variables.iter().map(|v| v.name.to_string()));
            todo.extend(p.references.iter().map(|(r, _)| r.to_string()));
        }
    }
    vars
}

/// **What it does:** starting from the ids the templates ask for, follows
/// message and term references through the reference locale; every
/// reference message or term not reached is `unused-message` (warning).
/// Skipped for projects without templates, and when a template computes
/// an id (nothing could then be called unused with confidence).
///
/// **Why it matters:** translators spend time on strings no release shows,
/// and an unused message is often a renamed one the template no longer
/// finds.
///
/// **Example:** `en/main.ftl` defines `old-lead` and no template calls it
/// → `warning[unused-message] en/main.ftl:9:1 old-lead`.
pub fn unused_message(cx: &Context, out: &mut Vec<Finding>) {
    let mut ignored = Vec::new();
    let Some(templates) = project_templates(cx, &mut ignored) else {
        return;
    };
    if templates.iter().flat_map(|t| &t.calls).any(|c| c.dynamic) {
        return;
    }
    let mut reached = BTreeSet::new();
    let mut todo: Vec<String> = templates
        .iter()
        .flat_map(|t| &t.calls)
        .map(|c| c.id.clone())
        .collect();
    while let Some(id) = todo.pop() {
        if !reached.insert(id.clone()) {
            continue;
        }
        if let Some((_, e)) = cx.reference.find(&id) {
            for (_, p) in e.patterns() {
                for (r, _) in &p.references {
                    todo.push(r.split_once('.').map_or(&**r, |(id, _)| id).to_string());
                }
            }
        }
    }
    // Event files name these terms (`place = "osh"`), not the templates.
    let by_event = |id: &str| {
        id.strip_prefix('-')
            .and_then(crate::event::split_term_id)
            .is_some()
    };
    for f in &cx.reference.files {
        for e in &f.entries {
            if !reached.contains(&*e.id) && !by_event(&e.id) {
                out.push(
                    Finding::new(
                        Severity::Warning,
                        "unused-message",
                        &cx.reference.name,
                        &f.path,
                        e.pos,
                    )
                    .id(&e.id)
                    .says(
                        format!("no template reaches {} `{}`", super::kind(&e.id), e.id),
                        "delete it from every locale, or call it from a template",
                    ),
                );
            }
        }
    }
}

//! Variables: a translation may use only the variables the reference
//! passes, and should use all of them.

use std::collections::BTreeSet;

use super::{pattern_pairs, PatternPair};
use crate::check::ftl::PatternFacts;
use crate::check::{Context, Finding, Locale, Severity};

/// **What it does:** compares the `$variables` of each message pattern (its
/// value and each attribute) with the same pattern in the reference.
/// A variable the reference never uses is `unknown-variable` (error): the
/// caller does not pass it, so Fluent shows `{$name}` in the release. A
/// variable the reference uses that the translation drops is
/// `dropped-variable` (warning): the number or name is missing from the
/// text. Variables reached through message references count as used.
///
/// **Why it matters:** compare-locales never checks variables; a typo such
/// as `$cuont` reaches readers otherwise.
///
/// **Example:** `en`: `guests = { $count } guests`;
/// `ru`: `guests = { $number } гостей` → `error[unknown-variable] $number`
/// and `warning[dropped-variable] $count`.
pub fn variables(cx: &Context, out: &mut Vec<Finding>) {
    for PatternPair {
        loc,
        file: lf,
        entry: le,
        attr,
        ours: lp,
        theirs: rp,
    } in pattern_pairs(cx).iter().copied()
    {
        // Only a finding needs it.
        let label = || match attr {
            None => le.id.to_string(),
            Some(a) => format!("{}.{a}", le.id),
        };
        let passed = variables_of(cx.reference, rp);
        let used = variables_of(loc, lp);
        for v in &lp.variables {
            let (name, pos) = (&v.name, &v.pos);
            if !passed.contains(&&**name) {
                let help = match passed.len() {
                    0 => "remove it; this message gets no variables".to_string(),
                    _ => format!(
                        "use one of {}",
                        passed
                            .iter()
                            .map(|v| format!("${v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                out.push(
                    Finding::new(
                        Severity::Error,
                        "unknown-variable",
                        &loc.name,
                        &lf.path,
                        *pos,
                    )
                    .id(&le.id)
                    .says(
                        format!(
                            "`{}` uses `${name}`, which the reference never uses",
                            label()
                        ),
                        help,
                    ),
                );
            }
        }
        for v in &rp.variables {
            let name = &v.name;
            if !used.contains(&&**name) {
                out.push(
                    Finding::new(
                        Severity::Warning,
                        "dropped-variable",
                        &loc.name,
                        &lf.path,
                        le.pos,
                    )
                    .id(&le.id)
                    .says(
                        format!(
                            "`{}` does not use `${name}`, which the reference uses",
                            label()
                        ),
                        format!("put `{{ ${name} }}` in the translation"),
                    ),
                );
            }
        }
    }
}

/// The variables a pattern uses directly or through the messages it
/// references, within `locale`, sorted (a set, but one allocation for the
/// usual one or two names instead of a tree's node).
fn variables_of<'a>(locale: &'a Locale, facts: &'a PatternFacts) -> Vec<&'a str> {
    let mut vars: Vec<&str> = facts.variables.iter().map(|v| &*v.name).collect();
    let mut seen = BTreeSet::new();
    // Term references are left out here too, so that a pattern that uses
    // only terms costs no list.
    let mut todo: Vec<&str> = facts
        .references
        .iter()
        .map(|(r, _)| &**r)
        .filter(|r| !r.starts_with('-'))
        .collect();
    while let Some(r) = todo.pop() {
        // Term arguments are the term's own parameters, not the caller's.
        if r.starts_with('-') || !seen.insert(r) {
            continue;
        }
        let (id, attr) = match r.split_once('.') {
            Some((id, a)) => (id, Some(a)),
            None => (r, None),
        };
        let Some((_, e)) = locale.find(id) else {
            continue;
        };
        if let Some(p) = e.pattern(attr) {
            vars.extend(p.variables.iter().map(|v| &*v.name));
            todo.extend(p.references.iter().map(|(r, _)| &**r));
        }
    }
    vars.sort_unstable();
    vars.dedup();
    vars
}

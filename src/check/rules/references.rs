//! References: every `{ message }`, `{ message.attr }` and `{ -term }` must
//! exist, and a translation should reference what the reference does.

use std::collections::BTreeSet;

use super::{kind, pattern_pairs, PatternPair};
use crate::check::ftl::Name;
use crate::check::{Context, Finding, Severity};

/// **What it does:** in every locale, including the reference, reports a
/// reference to a message, attribute or term that no file of that locale
/// defines (`undefined-reference`, error).
///
/// **Why it matters:** Fluent renders an unresolvable reference as its id in
/// braces, e.g. `{-brand-name}`, right inside the published text.
///
/// **Example:** `ky`: `about = { -brand } жөнүндө` with no `-brand` in any
/// Kyrgyz file → `error[undefined-reference] -brand`.
pub fn undefined_reference(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        for f in &loc.files {
            for e in &f.entries {
                for (_, p) in e.patterns() {
                    for (r, pos) in &p.references {
                        let (id, attr) = match r.split_once('.') {
                            Some((id, a)) => (id, Some(a)),
                            None => (&**r, None),
                        };
                        let problem = match loc.find(id) {
                            None if loc.lost(id) => None,
                            None => Some(format!(
                                "{} `{id}` is not defined in {}",
                                kind(id),
                                loc.name
                            )),
                            Some((_, target)) => match attr {
                                Some(a) if target.attribute(a).is_none() => {
                                    Some(format!("`{id}` has no attribute `.{a}`"))
                                }
                                None if target.value.is_none() => {
                                    Some(format!("`{id}` has no value, only attributes"))
                                }
                                _ => None,
                            },
                        };
                        if let Some(problem) = problem {
                            out.push(
                                Finding::new(
                                    Severity::Error,
                                    "undefined-reference",
                                    &loc.name,
                                    &f.path,
                                    *pos,
                                )
                                .id(&e.id)
                                .says(
                                    format!("`{}` references `{r}`: {problem}", e.id),
                                    "define it in this locale, or reference an id that exists",
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// **What it does:** compares the message and term references of each
/// translated pattern with the reference pattern: a reference dropped by
/// the translation is `dropped-reference`, an added one `extra-reference`
/// (both warnings). References to term attributes (used only as selectors)
/// are not compared.
///
/// **Why it matters:** a brand name typed out instead of `{ -brand-name }`
/// does not follow a rebrand, and the term's grammatical case is lost.
///
/// **Example:** `en`: `intro = Welcome to { -brand }`; `ru`:
/// `intro = Добро пожаловать в Тилмех` → `warning[dropped-reference] -brand`.
pub fn changed_reference(cx: &Context, out: &mut Vec<Finding>) {
    for PatternPair {
        loc,
        file: lf,
        entry: le,
        ours: lp,
        theirs: rp,
        ..
    } in pattern_pairs(cx).iter().copied()
    {
        // Most translations reference what the reference does, in order:
        // nothing differs, and no sets need building.
        let same = |(a, b): (&(Name, _), &(Name, _))| a.0 == b.0;
        if lp.references.len() == rp.references.len()
            && lp.references.iter().zip(&rp.references).all(same)
        {
            continue;
        }
        let compared = |r: &&(Name, _)| !(r.0.starts_with('-') && r.0.contains('.'));
        let theirs: BTreeSet<&str> = rp
            .references
            .iter()
            .filter(compared)
            .map(|r| &*r.0)
            .collect();
        let ours: BTreeSet<&str> = lp
            .references
            .iter()
            .filter(compared)
            .map(|r| &*r.0)
            .collect();
        for r in theirs.difference(&ours) {
            out.push(
                Finding::new(
                    Severity::Warning,
                    "dropped-reference",
                    &loc.name,
                    &lf.path,
                    le.pos,
                )
                .id(&le.id)
                .says(
                    format!("`{}` does not reference `{r}` as the reference does", le.id),
                    format!("use `{{ {r} }}` instead of typing its text"),
                ),
            );
        }
        let mut reported = BTreeSet::new();
        for (r, pos) in lp.references.iter().filter(compared) {
            if !theirs.contains(&**r) && reported.insert(&**r) {
                out.push(
                    Finding::new(
                        Severity::Warning,
                        "extra-reference",
                        &loc.name,
                        &lf.path,
                        *pos,
                    )
                    .id(&le.id)
                    .says(
                        format!("`{}` references `{r}`, which the reference does not", le.id),
                        "check that the reference is intended",
                    ),
                );
            }
        }
    }
}

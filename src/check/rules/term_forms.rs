//! Terms against the messages that use them: a form a message asks a term
//! family for (`CASE($place, case: "prep")`) must be in every term of that
//! family, and a counted term must have plural forms, so that a new term
//! fails here rather than when an event first names it.

use crate::check::{Context, Finding, Severity};

use crate::render::needs::{made_by_rules, Needs, NO_NUMBER_AGREEMENT};
use crate::render::new_term::COUNTED_FAMILIES;

/// **What it does:** reads, from the locale's messages, which `$case` forms
/// each family of terms must have (ru: positions `ins`, places `prep`…),
/// and reports each term of the family that lacks one
/// (`term-missing-form`, error) at the term, naming the message that asks
/// for it. Forms the renderer makes itself (every Kyrgyz case) are never
/// missing. A participants or item term without a `$count` select, in a
/// language whose nouns agree with numerals, is `term-missing-plural`.
///
/// **Why it matters:** otherwise a term passes the check and the first
/// event that uses it fails to render ("-place-talas has no form prep").
///
/// **Example:** `-place-talas = Талас` in `ru/terms.ftl`, with
/// `CASE($place, case: "prep")` in `training-headline` →
/// `error[term-missing-form] -place-talas has no \`prep\` form`.
pub fn term_forms(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        // The first message in file order that asks for a form is named.
        let mut needs = Needs::new();
        for f in &loc.files {
            for (family, forms) in &f.needs {
                let all = needs.entry(*family).or_default();
                for (key, message) in forms {
                    all.entry(key.clone()).or_insert_with(|| message.clone());
                }
            }
        }
        let lang = loc.name.as_str();
        for file in &loc.files {
            for entry in file.entries.iter().filter(|e| e.is_term) {
                let Some((family, _)) = entry
                    .id
                    .strip_prefix('-')
                    .and_then(crate::event::split_term_id)
                else {
                    continue;
                };
                let selects = entry.value.iter().flat_map(|v| &v.selects);
                let keys: Vec<&str> = selects
                    .clone()
                    .filter(|s| s.variable.as_deref() == Some("case"))
                    .flat_map(|s| s.keys.iter().map(|k| &*k.name))
                    .collect();
                for (key, message) in needs.get(family).into_iter().flatten() {
                    if keys.contains(&key.as_str()) || made_by_rules(lang, key) {
                        continue;
                    }
                    out.push(
                        Finding::new(Severity::Error, "term-missing-form", lang, &file.path, entry.pos)
                            .id(&entry.id)
                            .says(
                                format!("{} has no `{key}` form, which `{message}` asks every {family} for", entry.id),
                                format!(
                                    "write the term as {{ $case -> *[nom] … [{key}] … }} (`tilmech term add` writes the forms a new term needs)"
                                ),
                            ),
                    );
                }
                let counted = COUNTED_FAMILIES.contains(&family);
                if counted
                    && !NO_NUMBER_AGREEMENT.contains(&lang)
                    && !selects
                        .clone()
                        .any(|s| s.variable.as_deref() == Some("count"))
                {
                    out.push(
                        Finding::new(Severity::Error, "term-missing-plural", lang, &file.path, entry.pos)
                            .id(&entry.id)
                            .says(
                                format!("{} takes a count but has no plural forms", entry.id),
                                "select on the count: { $count -> [one] { $count } … *[other] { $count } … } with every plural category of the language",
                            ),
                    );
                }
            }
        }
    }
}

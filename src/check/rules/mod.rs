//! The rules `tilmech check` runs, one function each, grouped by the data
//! they walk: syntax, completeness against the reference, variables,
//! references, plurals and templates.
//!
//! Every rule has the same shape, `fn(&Context, &mut Vec<Finding>)`, so a
//! new check is one more function and one more line in [`RULES`].

use super::{Context, Finding};

mod completeness;
mod css;
mod cycles;
mod events;
mod one_number;
mod plurals;
mod references;
mod syntax;
mod templates;
mod term_forms;
mod variables;

/// A named check.
pub struct Rule {
    /// The rule's name, as in the documentation.
    pub name: &'static str,
    /// Runs the rule, pushing what it finds.
    pub run: fn(&Context, &mut Vec<Finding>),
}

/// Every rule, in the order they run.
pub const RULES: &[Rule] = &[
    Rule {
        name: "syntax",
        run: syntax::syntax,
    },
    Rule {
        name: "missing-locale",
        run: completeness::missing_locale,
    },
    Rule {
        name: "files",
        run: completeness::files,
    },
    Rule {
        name: "entries",
        run: completeness::entries,
    },
    Rule {
        name: "duplicates",
        run: completeness::duplicates,
    },
    Rule {
        name: "value-and-attributes",
        run: completeness::value_and_attributes,
    },
    Rule {
        name: "variables",
        run: variables::variables,
    },
    Rule {
        name: "undefined-reference",
        run: references::undefined_reference,
    },
    Rule {
        name: "changed-reference",
        run: references::changed_reference,
    },
    Rule {
        name: "plural-categories",
        run: plurals::plural_categories,
    },
    Rule {
        name: "duplicate-variant",
        run: plurals::duplicate_variant,
    },
    Rule {
        name: "one-hardcoded-number",
        run: one_number::one_hardcoded_number,
    },
    Rule {
        name: "reference-cycle",
        run: cycles::reference_cycle,
    },
    Rule {
        name: "style-css",
        run: css::style_css,
    },
    Rule {
        name: "template-messages",
        run: templates::template_messages,
    },
    Rule {
        name: "unused-message",
        run: templates::unused_message,
    },
    Rule {
        name: "term-forms",
        run: term_forms::term_forms,
    },
    Rule {
        name: "event-files",
        run: events::event_files,
    },
    Rule {
        name: "render-smoke",
        run: events::render_smoke,
    },
];

/// Each translation paired with each reference file, and the translation's
/// file of the same relative path if it has one.
pub(crate) fn pairs<'a>(
    cx: &Context<'a>,
) -> impl Iterator<
    Item = (
        &'a super::Locale,
        &'a super::FtlFile,
        Option<&'a super::FtlFile>,
    ),
> + 'a {
    let reference = cx.reference;
    cx.locales.iter().flat_map(move |loc| {
        reference
            .files
            .iter()
            .map(move |rf| (loc, rf, loc.file(&rf.rel)))
    })
}

/// A translated message pattern (value or attribute) beside the same
/// pattern in the reference.
#[derive(Clone, Copy)]
pub(crate) struct PatternPair<'a> {
    /// The translation's locale.
    pub loc: &'a super::Locale,
    /// The translation's file.
    pub file: &'a super::FtlFile,
    /// The translated message.
    pub entry: &'a super::ftl::Entry,
    /// The attribute, or `None` for the value.
    pub attr: Option<&'a str>,
    /// What the translation's pattern uses.
    pub ours: &'a super::ftl::PatternFacts,
    /// What the reference's pattern uses.
    pub theirs: &'a super::ftl::PatternFacts,
}

/// Every translated message pattern that the reference also has, each
/// message once (a duplicate id is reported by its own rule). Several
/// rules walk them, so they are found once per check.
pub(crate) fn pattern_pairs<'x, 'a>(cx: &'x Context<'a>) -> &'x [PatternPair<'a>] {
    cx.pattern_pairs.get_or_init(|| find_pattern_pairs(cx))
}

fn find_pattern_pairs<'a>(cx: &Context<'a>) -> Vec<PatternPair<'a>> {
    let mut out = Vec::new();
    for (loc, rf, lf) in pairs(cx) {
        let Some(lf) = lf else { continue };
        for le in lf.entries.iter().filter(|e| !e.is_term && e.first) {
            let Some(re) = entry(rf, &le.id) else {
                continue;
            };
            for (attr, ours) in le.patterns() {
                if let Some(theirs) = re.pattern(attr) {
                    out.push(PatternPair {
                        loc,
                        file: lf,
                        entry: le,
                        attr,
                        ours,
                        theirs,
                    });
                }
            }
        }
    }
    out
}

/// The entry `id` in `file` (the first, if duplicated).
pub(crate) fn entry<'a>(file: &'a super::FtlFile, id: &str) -> Option<&'a super::ftl::Entry> {
    file.entry(id)
}

/// "message" or "term", for explanations.
pub(crate) fn kind(id: &str) -> &'static str {
    if id.starts_with('-') {
        "term"
    } else {
        "message"
    }
}

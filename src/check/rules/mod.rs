//! The rules `tilmech check` runs, one function each, grouped by the data
//! they walk: syntax, completeness against the reference, variables,
//! references, plurals and templates.
//!
//! Every rule has the same shape, `fn(&Context, &mut Vec<Finding>)`, so a
//! new check is one more function and one more line in [`RULES`].

use super::{Context, Finding};

mod completeness;
mod events;
mod plurals;
mod references;
mod syntax;
mod templates;
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
        name: "template-messages",
        run: templates::template_messages,
    },
    Rule {
        name: "unused-message",
        run: templates::unused_message,
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
    cx: &'a Context<'a>,
) -> impl Iterator<
    Item = (
        &'a super::Locale,
        &'a super::FtlFile,
        Option<&'a super::FtlFile>,
    ),
> {
    cx.locales.iter().flat_map(move |loc| {
        cx.reference
            .files
            .iter()
            .map(move |rf| (loc, rf, loc.file(&rf.rel)))
    })
}

/// The entry `id` in `file` (the first, if duplicated).
pub(crate) fn entry<'a>(file: &'a super::FtlFile, id: &str) -> Option<&'a super::ftl::Entry> {
    file.entries.iter().find(|e| e.id == id)
}

/// "message" or "term", for explanations.
pub(crate) fn kind(id: &str) -> &'static str {
    if id.starts_with('-') {
        "term"
    } else {
        "message"
    }
}

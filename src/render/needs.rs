//! Which forms each family of terms must have in a locale, read from the
//! messages the templates call: `{ CASE($place, case: "prep") }` means every
//! `-place-…` term needs a `prep` form, `{ LIST($topics, case: "gen") }` that
//! every topic needs `gen`. `tilmech term add` writes those forms and
//! `tilmech check` reports a term lacking one.

use std::collections::BTreeMap;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::Locale;

/// Family (`place`, `position`…) → the `$case` keys its terms must have
/// besides `nom` → the first message that asks for it.
pub type Needs = BTreeMap<&'static str, BTreeMap<String, String>>;

/// Whether the renderer makes form `key` of a term in `lang` itself when the
/// term does not write it: every Kyrgyz case follows from the nominative by
/// the suffix rules; Russian forms and other keys (`recent`) do not.
pub fn made_by_rules(lang: &str, key: &str) -> bool {
    lang == "ky" && crate::grammar::ky::Case::parse(key).is_some()
}

/// Languages whose nouns do not change after a numeral (25 милиция
/// кызматкери, like 1 милиция кызматкери), so a counted term needs no
/// `$count` plural select; every other language does (1 computer, 2 computers).
pub const NO_NUMBER_AGREEMENT: &[&str] =
    &["ky", "kk", "uz", "tr", "az", "tk", "tt", "ja", "ko", "zh"];

/// The term family a message variable holds: `$place` → place,
/// `$guest-position` → position, `$topics` → topic, `$items` → item.
pub fn family_of_variable(name: &str) -> Option<&'static str> {
    let family = match name {
        "place" => "place",
        "topics" => "topic",
        "items" => "item",
        "partner" => "partner",
        "participants" => "participants",
        "origin" => "origin",
        "recipient" => "recipient",
        n if n.ends_with("-position") => "position",
        _ => return None,
    };
    Some(family)
}

/// The forms every family needs in `locale`: each `CASE(…)` or `LIST(…)`
/// of a term variable with a literal `case:` other than `nom`, in any
/// message.
pub fn term_needs(locale: &Locale) -> Needs {
    needs_of(locale.resources.iter().map(|(_, r)| r.as_ref()))
}

/// [`term_needs`] of parsed resources.
pub fn needs_of<'a>(resources: impl IntoIterator<Item = &'a FluentResource>) -> Needs {
    let mut needs = Needs::new();
    for resource in resources {
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                message_needs(m, &mut needs);
            }
        }
    }
    needs
}

/// Adds the forms message `m` asks for to `needs`, unless an earlier
/// message asked first (so the first message in file order is named).
pub fn message_needs(m: &ast::Message<&str>, needs: &mut Needs) {
    let id = m.id.name;
    if let Some(value) = &m.value {
        pattern(id, value, needs);
    }
    for a in &m.attributes {
        pattern(id, &a.value, needs);
    }
}

fn pattern(id: &str, p: &ast::Pattern<&str>, needs: &mut Needs) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_needs(id, expression, needs);
        }
    }
}

fn expression_needs(id: &str, e: &ast::Expression<&str>, needs: &mut Needs) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline(id, selector, needs);
            for v in variants {
                pattern(id, &v.value, needs);
            }
        }
        ast::Expression::Inline(i) => inline(id, i, needs),
    }
}

fn inline(id: &str, i: &ast::InlineExpression<&str>, needs: &mut Needs) {
    match i {
        ast::InlineExpression::FunctionReference { id: f, arguments }
            if f.name == "CASE" || f.name == "LIST" =>
        {
            let family = match arguments.positional.first() {
                Some(ast::InlineExpression::VariableReference { id: v }) => {
                    family_of_variable(v.name)
                }
                _ => None,
            };
            let case = arguments.named.iter().find_map(|n| match &n.value {
                ast::InlineExpression::StringLiteral { value } if n.name.name == "case" => {
                    Some(*value)
                }
                _ => None,
            });
            if let (Some(family), Some(case)) = (family, case) {
                if case != "nom" {
                    needs
                        .entry(family)
                        .or_default()
                        .entry(case.to_string())
                        .or_insert_with(|| id.to_string());
                }
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_needs(id, expression, needs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_locales_need_the_documented_cases() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let ru = term_needs(&Locale::load(&root.join("ru"), "ru").unwrap());
        for (family, case) in [
            ("position", "ins"),
            ("recipient", "dat"),
            ("participants", "gen"),
            ("origin", "gen"),
            ("item", "acc"),
            ("place", "prep"),
        ] {
            assert!(
                ru.get(family).is_some_and(|c| c.contains_key(case)),
                "ru {family} {case}: {ru:?}"
            );
        }
        let ky = term_needs(&Locale::load(&root.join("ky"), "ky").unwrap());
        for (family, case) in [
            ("place", "loc"),
            ("origin", "abl"),
            ("recipient", "dat"),
            ("position", "recent"),
        ] {
            assert!(
                ky.get(family).is_some_and(|c| c.contains_key(case)),
                "ky {family} {case}: {ky:?}"
            );
        }
        let en = term_needs(&Locale::load(&root.join("en"), "en").unwrap());
        assert!(en.is_empty(), "{en:?}");
    }
}

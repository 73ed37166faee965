//! Plurals: a select on a number must offer every CLDR plural category of
//! its locale, and no variant key twice.

use std::collections::BTreeSet;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use crate::check::{Context, Finding, Severity};

const CATEGORY_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// **What it does:** finds every select expression on a number — its
/// selector is `NUMBER(…)`, or one of its keys is a plural category other
/// than `other` — and reports the CLDR cardinal categories of the file's
/// locale that no variant covers (`plural-missing-category`, error), and
/// category keys the locale never selects (`plural-unused-category`,
/// warning). Categories come from `intl_pluralrules` (CLDR): ru one, few,
/// many, other; uk likewise; ky, kk, uz, az, en one, other.
///
/// **Why it matters:** without `[few]`, Russian prints "2 гостей" instead of
/// "2 гостя"; compare-locales has no rules for Kyrgyz at all, so a Kyrgyz
/// selector is never checked there.
///
/// **Example:** `ru`: `{ $n -> [one] гость *[other] гостей }` →
/// `error[plural-missing-category] missing few, many`.
pub fn plural_categories(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        let Some(cats) = categories(&loc.name) else {
            continue;
        };
        for f in &loc.files {
            for e in &f.entries {
                for (_, p) in e.patterns() {
                    for s in &p.selects {
                        let names: BTreeSet<&str> = s
                            .keys
                            .iter()
                            .zip(&s.numeric_keys)
                            .filter(|(_, n)| !**n)
                            .map(|(k, _)| k.0.as_str())
                            .collect();
                        let plural =
                            s.number_call || names.iter().any(|k| CATEGORY_NAMES[..5].contains(k));
                        if !plural {
                            continue;
                        }
                        let missing: Vec<&str> = cats
                            .iter()
                            .copied()
                            .filter(|c| !names.contains(c))
                            .collect();
                        if !missing.is_empty() {
                            out.push(
                                Finding::new(
                                    Severity::Error,
                                    "plural-missing-category",
                                    &loc.name,
                                    &f.path,
                                    s.pos,
                                )
                                .id(&e.id)
                                .says(
                                    format!(
                                        "this plural select lacks {} (`{}` needs {})",
                                        missing.join(", "),
                                        loc.name,
                                        cats.join(", ")
                                    ),
                                    format!(
                                        "add a variant for each: {}",
                                        missing
                                            .iter()
                                            .map(|c| format!("[{c}]"))
                                            .collect::<Vec<_>>()
                                            .join(" ")
                                    ),
                                ),
                            );
                        }
                        for (k, pos) in &s.keys {
                            if CATEGORY_NAMES.contains(&k.as_str()) && !cats.contains(&k.as_str()) {
                                out.push(
                                    Finding::new(
                                        Severity::Warning,
                                        "plural-unused-category",
                                        &loc.name,
                                        &f.path,
                                        *pos,
                                    )
                                    .id(&e.id)
                                    .says(
                                        format!(
                                            "`{}` never selects the plural category `{k}`",
                                            loc.name
                                        ),
                                        format!(
                                            "remove [{k}]; `{}` uses {}",
                                            loc.name,
                                            cats.join(", ")
                                        ),
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

/// **What it does:** reports a variant key used twice in one select
/// expression (`duplicate-variant`, warning).
///
/// **Why it matters:** only the first is ever chosen, so the translator's
/// second version is silently ignored.
///
/// **Example:** `{ $n -> [one] … [one] … *[other] … }` →
/// `warning[duplicate-variant] [one]`.
pub fn duplicate_variant(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        for f in &loc.files {
            for e in &f.entries {
                for (_, p) in e.patterns() {
                    for s in &p.selects {
                        let mut seen = BTreeSet::new();
                        for (k, pos) in &s.keys {
                            if !seen.insert(k.as_str()) {
                                out.push(
                                    Finding::new(
                                        Severity::Warning,
                                        "duplicate-variant",
                                        &loc.name,
                                        &f.path,
                                        *pos,
                                    )
                                    .id(&e.id)
                                    .says(
                                        format!("variant [{k}] appears twice in this select"),
                                        "merge the two variants; only the first is ever used",
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The CLDR cardinal plural categories of `locale` in CLDR order, or `None`
/// when CLDR has no rules for it. Falls back from `pt-BR` to `pt`.
pub fn categories(locale: &str) -> Option<Vec<&'static str>> {
    let rules = [locale, locale.split(['-', '_']).next().unwrap_or(locale)]
        .iter()
        .filter_map(|l| l.parse::<unic_langid::LanguageIdentifier>().ok())
        .find_map(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())?;
    // The rules are functions, not data: sample integers and decimals, which
    // between them reach every category CLDR defines for any language.
    let mut found: Vec<PluralCategory> = Vec::new();
    let mut add = |c: Result<PluralCategory, &str>| {
        if let Ok(c) = c {
            if !found.contains(&c) {
                found.push(c);
            }
        }
    };
    for n in 0..=1000u32 {
        add(rules.select(n));
    }
    for s in [
        "0.0", "0.1", "0.5", "1.0", "1.5", "2.0", "2.5", "5.0", "10.0", "1000000",
    ] {
        add(rules.select(s));
    }
    for i in 0..=200u32 {
        add(rules.select(format!("{}.{}", i / 10, i % 10).as_str()));
    }
    Some(
        [
            (PluralCategory::ZERO, "zero"),
            (PluralCategory::ONE, "one"),
            (PluralCategory::TWO, "two"),
            (PluralCategory::FEW, "few"),
            (PluralCategory::MANY, "many"),
            (PluralCategory::OTHER, "other"),
        ]
        .into_iter()
        .filter(|(c, _)| found.contains(c))
        .map(|(_, n)| n)
        .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::categories;

    #[test]
    fn cldr_categories_of_the_press_office_languages_and_firefox_site_locales() {
        assert_eq!(categories("ru").unwrap(), ["one", "few", "many", "other"]);
        assert_eq!(categories("uk").unwrap(), ["one", "few", "many", "other"]);
        for l in ["en", "ky", "kk", "uz", "az"] {
            assert_eq!(categories(l).unwrap(), ["one", "other"], "{l}");
        }
        assert_eq!(categories("pt-BR").unwrap(), categories("pt").unwrap());
        assert!(categories("xx").is_none());
    }
}

//! Plurals: a select on a number must offer every CLDR plural category of
//! its locale, and no variant key twice.

use rustc_hash::FxHashSet as HashSet;

use fixed_decimal::Decimal;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralOperands, PluralRules};

use crate::check::{Context, Finding, Severity};

const CATEGORY_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// **What it does:** finds every select expression on a number — its
/// selector is `NUMBER(…)`, or one of its keys is a plural category other
/// than `other` — and checks it the way Fluent resolves it: an exact
/// numeric key first (`[1]`), then the CLDR category of the number, then
/// the default variant.
/// - A category that whole numbers reach (ru one, few, many; ky one) with no
///   variant is `plural-missing-category` (error): "2 гостей" instead of
///   "2 гостя". Numeric keys that catch every such number count (`[1]` is
///   en's whole `one`).
/// - A category only fractions reach (ru `other`: 1.5) needs no variant of
///   its own, as the default catches it; when the selector asks for
///   fraction digits (`NUMBER($n, minimumFractionDigits: 1)`) it is
///   `plural-fraction-category` (warning), as such numbers do reach it.
/// - A number literal selector (`{ 5 -> … }`) reaches one category only:
///   when that has no variant, `plural-literal-default` (warning).
/// - A category key the locale never selects is `plural-unused-category`
///   (warning). Categories come from ICU4X's CLDR data (see [`PluralInfo`]).
/// - A few categories are optional in a language's usage, not only in
///   CLDR: Hebrew's `two` is a dual that few nouns have (יומיים), others
///   take the plural with the number (2 חתימות). Missing one of these is a
///   warning, not an error. So is any missing category when the pattern
///   never prints the number (a heading `[one] Комментарий *[other]
///   Комментарии`): few and many are forms a numeral imposes.
///
/// **Why it matters:** without `[few]`, Russian prints "2 гостей"; and a
/// check that fails `[one] [few] *[many]` (which renders 1, 2, 5, 21, 22, 25
/// correctly) for lacking `[other]` would be switched off. compare-locales
/// has no rules for Kyrgyz at all, so a Kyrgyz selector is never checked there.
///
/// **Example:** `ru`: `{ $n -> [one] гость *[other] гостей }` →
/// `error[plural-missing-category] missing few, many`; `{ $n -> [one] гость
/// [few] гостя *[many] гостей }` → nothing.
pub fn plural_categories(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        let Some(info) = PluralInfo::of(&loc.name) else {
            continue;
        };
        let cats = &info.categories;
        for f in &loc.files {
            for e in &f.entries {
                for (_, p) in e.patterns() {
                    for s in &p.selects {
                        // A select has a handful of keys: looked through,
                        // not collected (this runs once per select).
                        let named = |c: &str| s.keys.iter().any(|k| !k.numeric && &*k.name == c);
                        let plural = s.number_call
                            || s.keys
                                .iter()
                                .any(|k| !k.numeric && CATEGORY_NAMES[..5].contains(&&*k.name));
                        if !plural {
                            continue;
                        }
                        let at = |severity, code, pos| {
                            Finding::new(severity, code, &loc.name, &f.path, pos).id(&e.id)
                        };
                        let default = s.keys.get(s.default).map_or("", |k| &*k.name);
                        let numbers: Vec<f64> = s
                            .keys
                            .iter()
                            .filter(|k| k.numeric)
                            .filter_map(|k| k.name.parse().ok())
                            .collect();
                        if let Some(lit) = &s.literal {
                            let exact = lit.parse::<f64>().is_ok_and(|v| numbers.contains(&v));
                            match info.select(lit) {
                                Some(c) if !exact && !named(c) => out.push(
                                    at(Severity::Warning, "plural-literal-default", s.pos).says(
                                        format!(
                                            "{lit} is `{c}` in `{}`, which this select has no variant for; the default [{default}] is always used",
                                            loc.name
                                        ),
                                        format!("add [{c}], or write the text without a select"),
                                    ),
                                ),
                                _ => {}
                            }
                        } else {
                            // Few and many are the forms a noun takes after a
                            // numeral; where no variant prints the number
                            // ("Comments" as a heading) they cannot be seen.
                            let printed = s.variable.as_ref().is_none_or(|v| {
                                p.variables.iter().any(|pv| pv.shown && pv.name == *v)
                            }) || s
                                .texts
                                .iter()
                                .any(|t| t.chars().any(|c| c.is_ascii_digit()));
                            let (optional, missing): (Vec<&str>, Vec<&str>) = info
                                .whole
                                .iter()
                                .filter(|(c, ns)| {
                                    !named(c)
                                        && !ns.iter().all(|n| numbers.contains(&f64::from(*n)))
                                })
                                .map(|(c, _)| *c)
                                .partition(|c| {
                                    optional_category(&loc.name, c).is_some() || !printed
                                });
                            for c in optional {
                                let why = optional_category(&loc.name, c).unwrap_or(UNPRINTED);
                                out.push(
                                    at(Severity::Warning, "plural-missing-category", s.pos).says(
                                        format!(
                                            "this plural select lacks {c}, which `{}` may leave to the default: {why}",
                                            loc.name
                                        ),
                                        format!("add [{c}] where the word has that form"),
                                    ),
                                );
                            }
                            if !missing.is_empty() {
                                out.push(
                                    at(Severity::Error, "plural-missing-category", s.pos).says(
                                        format!(
                                            "this plural select lacks {} (whole numbers in `{}` reach {})",
                                            missing.join(", "),
                                            loc.name,
                                            info.whole
                                                .iter()
                                                .map(|(c, _)| *c)
                                                .collect::<Vec<_>>()
                                                .join(", ")
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
                            let fraction_only: Vec<&str> = cats
                                .iter()
                                .copied()
                                .filter(|c| !named(c) && !info.whole.iter().any(|(w, _)| w == c))
                                .collect();
                            if s.fractions && !fraction_only.is_empty() {
                                out.push(
                                    at(Severity::Warning, "plural-fraction-category", s.pos).says(
                                        format!(
                                            "this select formats fractions, which reach {} in `{}`; they fall to the default [{default}]",
                                            fraction_only.join(", "),
                                            loc.name
                                        ),
                                        format!(
                                            "add {}",
                                            fraction_only
                                                .iter()
                                                .map(|c| format!("[{c}]"))
                                                .collect::<Vec<_>>()
                                                .join(" ")
                                        ),
                                    ),
                                );
                            }
                        }
                        for key in &s.keys {
                            let (k, pos) = (&*key.name, &key.pos);
                            if CATEGORY_NAMES.contains(&k) && !cats.contains(&k) {
                                out.push(
                                    at(Severity::Warning, "plural-unused-category", *pos).says(
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
    // One set for every select: cleared, it keeps its room.
    let mut seen = HashSet::default();
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        for f in &loc.files {
            for e in &f.entries {
                for (_, p) in e.patterns() {
                    for s in &p.selects {
                        seen.clear();
                        for key in &s.keys {
                            let (k, pos) = (&*key.name, &key.pos);
                            if !seen.insert(k) {
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

/// How a locale's numbers fall into CLDR cardinal plural categories.
pub(crate) struct PluralInfo {
    rules: PluralRules,
    /// Every category, in CLDR order.
    pub categories: Vec<&'static str>,
    /// The categories whole numbers reach, each with those of 0..=1000 it
    /// takes (CLDR rules repeat within that range).
    pub whole: Vec<(&'static str, Vec<u32>)>,
}

impl PluralInfo {
    /// The rules of `locale`, or `None` when CLDR has none. Falls back
    /// from `pt-BR` to `pt`.
    pub fn of(locale: &str) -> Option<PluralInfo> {
        let rules = PluralRules::try_new_cardinal((&locale.parse::<Locale>().ok()?).into()).ok()?;
        // ICU4X falls back to the root locale (only `other`) for a language
        // CLDR has no rules for; such a locale is not checked at all.
        let base = locale.split(['-', '_']).next().unwrap_or(locale);
        if rules.categories().count() == 1 && !ONE_CATEGORY.contains(&base) {
            return None;
        }
        let mut whole: Vec<(&'static str, Vec<u32>)> = Vec::new();
        for n in 0..=1000u32 {
            {
                let c = name(rules.category_for(n));
                match whole.iter_mut().find(|(w, _)| *w == c) {
                    Some((_, ns)) => ns.push(n),
                    None => whole.push((c, vec![n])),
                }
            }
        }
        // The rules are functions, not data: decimals reach the rest.
        let mut found: Vec<&'static str> = whole.iter().map(|(c, _)| *c).collect();
        let decimals = (0..=200u32)
            .map(|i| format!("{}.{}", i / 10, i % 10))
            .chain(["1000000", "1000000.0", "0.01", "1.25"].map(String::from));
        for d in decimals {
            if let Some(op) = operands(&d) {
                let c = name(rules.category_for(op));
                if !found.contains(&c) {
                    found.push(c);
                }
            }
        }
        let order = |c: &&str| ORDER.iter().position(|(_, o)| o == c);
        found.sort_by_key(order);
        whole.sort_by_key(|(c, _)| order(c));
        Some(PluralInfo {
            categories: found,
            whole,
            rules,
        })
    }

    /// The category of the number written `n`, if it is a number.
    pub fn select(&self, n: &str) -> Option<&'static str> {
        Some(name(self.rules.category_for(operands(n)?)))
    }

    /// Whether `one` takes whole numbers besides 1 (ru: 21, 31, …), so that
    /// a literal "1" in a `[one]` variant is wrong for some of them.
    pub fn one_is_not_only_1(&self) -> bool {
        self.whole
            .iter()
            .any(|(c, ns)| *c == "one" && ns.iter().any(|&n| n != 1))
    }
}

const ORDER: [(PluralCategory, &str); 6] = [
    (PluralCategory::Zero, "zero"),
    (PluralCategory::One, "one"),
    (PluralCategory::Two, "two"),
    (PluralCategory::Few, "few"),
    (PluralCategory::Many, "many"),
    (PluralCategory::Other, "other"),
];

/// The plural operands of the number written `n` (`1.50` keeps its digits).
fn operands(n: &str) -> Option<PluralOperands> {
    n.parse::<Decimal>().ok().map(|d| PluralOperands::from(&d))
}

fn name(c: PluralCategory) -> &'static str {
    ORDER
        .iter()
        .find(|(o, _)| *o == c)
        .map_or("other", |(_, n)| n)
}

/// Languages whose numbers CLDR puts all in `other` (so root's rules are
/// theirs, not a fallback).
const ONE_CATEGORY: &[&str] = &[
    "bm", "bo", "dz", "hnj", "id", "ig", "ii", "in", "ja", "jbo", "jv", "jw", "kde", "kea", "km",
    "ko", "lkt", "lo", "ms", "my", "nqo", "osa", "sah", "ses", "sg", "su", "th", "to", "tpi", "vi",
    "wo", "yo", "yue", "zh",
];

/// Why a category may be left to the default when the number is not shown.
const UNPRINTED: &str =
    "the number is not printed, and only a numeral makes the words take that form";

/// Why `category` may be left to the default variant in `locale`, if it may.
fn optional_category(locale: &str, category: &str) -> Option<&'static str> {
    let base = locale.split(['-', '_']).next().unwrap_or(locale);
    match (base, category) {
        ("he" | "iw", "two") => Some(
            "Hebrew's dual is a form few nouns have (יומיים); the others take the plural with the number",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::PluralInfo;

    fn categories(l: &str) -> Option<Vec<&'static str>> {
        PluralInfo::of(l).map(|i| i.categories)
    }

    #[test]
    fn cldr_categories_of_the_press_office_languages_and_firefox_site_locales() {
        assert_eq!(categories("ru").unwrap(), ["one", "few", "many", "other"]);
        assert_eq!(categories("uk").unwrap(), ["one", "few", "many", "other"]);
        for l in ["en", "ky", "kk", "uz", "az"] {
            assert_eq!(categories(l).unwrap(), ["one", "other"], "{l}");
        }
        assert_eq!(categories("pt-BR").unwrap(), categories("pt").unwrap());
        assert!(categories("xx").is_none());
        assert_eq!(categories("ja").unwrap(), ["other"]);
    }

    /// intl_pluralrules 7 (CLDR 37) compiles Belarusian's `n % 10 = 2..4`
    /// as `i = 2..4`, so 22 came out `other` and every `[one] [few]
    /// *[many]` select in `be` was reported as lacking `other`.
    #[test]
    fn belarusian_whole_numbers_never_reach_other() {
        let be = PluralInfo::of("be").unwrap();
        let whole: Vec<&str> = be.whole.iter().map(|(c, _)| *c).collect();
        assert_eq!(whole, ["one", "few", "many"]);
        assert_eq!(be.select("22"), Some("few"));
        assert_eq!(be.select("1.5"), Some("other"));
    }

    /// CLDR 42 dropped Hebrew's `many` (20, 30, …); its `two` stays.
    #[test]
    fn hebrew_has_one_two_other_and_two_is_optional() {
        assert_eq!(categories("he").unwrap(), ["one", "two", "other"]);
        assert!(super::optional_category("he", "two").is_some());
        assert!(super::optional_category("ar", "two").is_none());
    }
}

//! CLDR number grouping and list patterns per locale, from ICU4X's compiled
//! data, so that `1,500` / `1 500` and `A, B and C` / `A, B и C` follow each
//! locale's conventions without tables of our own.

use icu_decimal::{options::DecimalFormatterOptions, DecimalFormatter};
use icu_list::{options::ListFormatterOptions, ListFormatter};
use icu_locale_core::Locale;

/// Formatters for one locale.
#[derive(Debug)]
pub struct Intl {
    decimal: DecimalFormatter,
    and_list: ListFormatter,
}

/// Why ICU4X could not serve a locale.
#[derive(Debug, thiserror::Error)]
#[error("no CLDR data for locale `{locale}`: {reason}")]
pub struct IntlError {
    locale: String,
    reason: String,
}

impl Intl {
    /// Formatters for `lang`; English uses the office's British conventions.
    pub fn new(lang: &str) -> Result<Intl, IntlError> {
        let tag = if lang == "en" { "en-GB" } else { lang };
        let err = |reason: String| IntlError {
            locale: tag.to_string(),
            reason,
        };
        let locale: Locale = tag.parse().map_err(|e| err(format!("{e:?}")))?;
        let decimal =
            DecimalFormatter::try_new((&locale).into(), DecimalFormatterOptions::default())
                .map_err(|e| err(e.to_string()))?;
        let and_list =
            ListFormatter::try_new_and((&locale).into(), ListFormatterOptions::default())
                .map_err(|e| err(e.to_string()))?;
        Ok(Intl { decimal, and_list })
    }

    /// `n` with the locale's digit grouping and decimal separator.
    pub fn number(&self, n: f64) -> String {
        let text = if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        match fixed_decimal::Decimal::try_from_str(&text) {
            Ok(d) => self.decimal.format_to_string(&d),
            Err(_) => text,
        }
    }

    /// `items` joined as the locale joins an "and" list.
    pub fn and_list(&self, items: &[String]) -> String {
        self.and_list.format_to_string(items.iter())
    }
}

impl intl_memoizer::Memoizable for Intl {
    type Args = ();
    type Error = IntlError;

    fn construct(lang: unic_langid::LanguageIdentifier, _: ()) -> Result<Intl, IntlError> {
        Intl::new(lang.language.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_per_locale() {
        assert_eq!(Intl::new("en").unwrap().number(1500.0), "1,500");
        assert_eq!(Intl::new("ru").unwrap().number(1500.0), "1\u{a0}500");
        assert_eq!(Intl::new("ky").unwrap().number(12500.0), "12\u{a0}500");
        assert_eq!(Intl::new("en").unwrap().number(2.5), "2.5");
        assert_eq!(Intl::new("ru").unwrap().number(2.5), "2,5");
    }

    #[test]
    fn lists_follow_cldr() {
        let items: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        assert_eq!(Intl::new("en").unwrap().and_list(&items), "A, B and C");
        assert_eq!(Intl::new("ru").unwrap().and_list(&items), "A, B и C");
        assert_eq!(Intl::new("ky").unwrap().and_list(&items), "A, B жана C");
        assert_eq!(Intl::new("ky").unwrap().and_list(&items[..1]), "A");
    }
}

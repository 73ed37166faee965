//! The values tilmech passes to Fluent: words with all their forms (names,
//! positions, places…) and lists of them, plus the functions that pick a
//! form (`CASE`, `GENDER`, `LIST`, `UPPER`, `NUMBER`).
//!
//! Fluent variables cannot carry a paradigm and terms cannot be chosen at
//! run time, so the renderer resolves every form of a referenced term or
//! name before formatting and hands them over as one [`Forms`] value; a
//! message then writes `{ CASE($guest, case: "ins") }`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use fluent_bundle::types::FluentType;
use fluent_bundle::{FluentArgs, FluentValue};

use super::intl::Intl;
use crate::grammar::{ky, ru, Gender};

/// A word or phrase with its forms by name (cases and any extra variants).
#[derive(Debug, Clone, PartialEq)]
pub struct Forms {
    /// What the value is, for error messages (`-position-osce-head`, `host`).
    pub origin: String,
    /// The nominative: what `{ $x }` prints.
    pub nom: String,
    /// Every form by its name: `gen`, `ins`, `loc`, `recent`…
    pub forms: BTreeMap<String, String>,
    /// The gender of a person, for `GENDER()`.
    pub gender: Option<Gender>,
    /// The locale has no cases (English): every case is the nominative.
    pub caseless: bool,
}

impl FluentType for Forms {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }
    fn as_string(&self, _: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        self.nom.clone().into()
    }
    fn as_string_threadsafe(
        &self,
        _: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        self.nom.clone().into()
    }
}

/// A list of [`Forms`], joined by `LIST()`; printed bare it is the nominatives joined by commas.
#[derive(Debug, Clone, PartialEq)]
pub struct FormsList(pub Vec<Forms>);

impl FormsList {
    fn joined(&self) -> String {
        self.0
            .iter()
            .map(|f| f.nom.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl FluentType for FormsList {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }
    fn as_string(&self, _: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        self.joined().into()
    }
    fn as_string_threadsafe(
        &self,
        _: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        self.joined().into()
    }
}

/// Where functions report misuse; Fluent itself only prints `{CASE()}`.
pub type ErrorSink = Arc<Mutex<Vec<String>>>;

/// The bundle type used for rendering (thread-safe, as templates require).
pub type Bundle = fluent_bundle::concurrent::FluentBundle<Arc<fluent_bundle::FluentResource>>;

/// Adds tilmech's functions for `lang` to `bundle`.
pub fn add_functions(bundle: &mut Bundle, lang: &str, errors: &ErrorSink) {
    let lang = lang.to_string();
    let sink = errors.clone();
    let case_lang = lang.clone();
    add(bundle, "CASE", move |pos, named| {
        let report = |m: String| report(&sink, "CASE", m);
        let Some(case) = string_arg(named, "case") else {
            return report("needs a `case:` option, e.g. CASE($guest, case: \"ins\")".into());
        };
        match pos.first() {
            Some(FluentValue::Custom(c)) => match c.as_any().downcast_ref::<Forms>() {
                Some(f) => form_of(f, &case)
                    .map_or_else(|| report(unknown_form(f, &case)), FluentValue::from),
                None => report("expects a name, position or other term value".into()),
            },
            Some(FluentValue::String(s)) => {
                match inflect_string(&case_lang, s, &case, string_arg(named, "gender")) {
                    Ok(form) => form.into(),
                    Err(m) => report(m),
                }
            }
            _ => report("expects a value to inflect as its first argument".into()),
        }
    });
    let sink = errors.clone();
    add(bundle, "GENDER", move |pos, _| match pos.first() {
        Some(FluentValue::Custom(c)) => {
            match c.as_any().downcast_ref::<Forms>().and_then(|f| f.gender) {
                Some(g) => g.as_str().into(),
                None => report(&sink, "GENDER", "expects a person".into()),
            }
        }
        _ => report(&sink, "GENDER", "expects a person".into()),
    });
    let sink = errors.clone();
    add(bundle, "UPPER", move |pos, _| match pos.first() {
        Some(FluentValue::String(s)) => s.to_uppercase().into(),
        Some(FluentValue::Custom(c)) => match c.as_any().downcast_ref::<Forms>() {
            Some(f) => f.nom.to_uppercase().into(),
            None => report(&sink, "UPPER", "expects text".into()),
        },
        _ => report(&sink, "UPPER", "expects text".into()),
    });
    let sink = errors.clone();
    let intl = Intl::new(&lang);
    add(bundle, "LIST", move |pos, named| {
        let Some(FluentValue::Custom(c)) = pos.first() else {
            return report(&sink, "LIST", "expects a list such as $topics".into());
        };
        let Some(list) = c.as_any().downcast_ref::<FormsList>() else {
            return report(&sink, "LIST", "expects a list such as $topics".into());
        };
        let case = string_arg(named, "case").unwrap_or_else(|| "nom".into());
        let mut items = Vec::new();
        for f in &list.0 {
            match form_of(f, &case) {
                Some(s) => items.push(s),
                None => return report(&sink, "LIST", unknown_form(f, &case)),
            }
        }
        match (string_arg(named, "last"), items.split_last()) {
            // A house style may end a list differently from CLDR (ru ", а также").
            (Some(last), Some((tail, head))) if !head.is_empty() => {
                format!("{}{last}{tail}", head.join(", ")).into()
            }
            _ => match &intl {
                Ok(intl) => intl.and_list(&items).into(),
                Err(e) => report(&sink, "LIST", e.to_string()),
            },
        }
    });
    let sink = errors.clone();
    add(bundle, "NUMBER", move |pos, _| match pos.first() {
        Some(FluentValue::Number(n)) => FluentValue::Number(n.clone()),
        _ => report(&sink, "NUMBER", "expects a number".into()),
    });
    bundle.set_formatter(Some(format_number));
}

/// Formats bare numbers with CLDR grouping for the bundle's locale.
fn format_number(
    value: &FluentValue,
    intls: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.options.minimum_fraction_digits.is_none() => intls
            .with_try_get::<Intl, _, _>((), |intl| intl.number(n.value))
            .ok(),
        _ => None,
    }
}

fn add<F>(bundle: &mut Bundle, name: &str, f: F)
where
    F: for<'a> Fn(&[FluentValue<'a>], &FluentArgs) -> FluentValue<'a> + Sync + Send + 'static,
{
    bundle
        .add_function(name, f)
        .expect("function names are distinct");
}

fn report<'a>(sink: &ErrorSink, function: &str, message: String) -> FluentValue<'a> {
    sink.lock()
        .expect("error sink")
        .push(format!("{function}(): {message}"));
    FluentValue::Error
}

fn string_arg(named: &FluentArgs, key: &str) -> Option<String> {
    match named.get(key)? {
        FluentValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

fn form_of(f: &Forms, case: &str) -> Option<String> {
    if case == "nom" || f.caseless {
        return Some(f.nom.clone());
    }
    f.forms.get(case).cloned()
}

fn unknown_form(f: &Forms, case: &str) -> String {
    let known: Vec<&str> = f.forms.keys().map(String::as_str).collect();
    format!(
        "`{}` has no form `{case}` (it has: nom {})",
        f.origin,
        known.join(" ")
    )
}

/// Inflects a plain string: Kyrgyz by suffix rules, Russian names by declension.
fn inflect_string(
    lang: &str,
    s: &str,
    case: &str,
    gender: Option<String>,
) -> Result<String, String> {
    match lang {
        "ky" => ky::Case::parse(case)
            .map(|c| ky::inflect(s, c))
            .ok_or_else(|| {
                format!("`{case}` is not a Kyrgyz case: expected nom gen dat acc loc abl")
            }),
        "ru" => {
            let c = ru::Case::parse(case).ok_or_else(|| {
                format!("`{case}` is not a Russian case: expected nom gen dat acc ins prep")
            })?;
            let g = match gender.as_deref() {
                Some("male") => Gender::Male,
                Some("female") => Gender::Female,
                _ => {
                    return Err(
                        "a Russian name needs `gender: \"male\"` or `gender: \"female\"`".into(),
                    )
                }
            };
            Ok(ru::decline(s, g, c))
        }
        _ => Ok(s.to_string()),
    }
}

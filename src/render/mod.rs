//! Rendering: event data → Fluent bundles → templates → documents.
//!
//! [`Renderer::load`] reads a project's templates and locales once;
//! [`Renderer::render`] then turns one [`Event`] into one [`Document`] per
//! language. Inside a render, the template (MiniJinja) decides structure and
//! calls `t("message-id")` for every sentence; the Fluent message gets the
//! event's variables (see `docs/templates.md`) with names, positions, places
//! and topics pre-resolved into all their forms ([`values::Forms`]).

pub mod document;
pub mod docx;
pub mod hazard;
pub mod intl;
pub mod locales;
pub mod needs;
pub mod new_term;
pub mod preview;
pub mod publish;
pub mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use document::{Document, Format, Page};
pub use locales::{Locale, LocaleError};
use values::{Bundle, ErrorSink, Forms, FormsList};

use crate::event::{Event, KnownTerms, TermUse};
use crate::grammar::{ky, ru};
use crate::project::Project;

/// Variables the renderer gives every message (docs/templates.md), besides
/// those of each person ([`person_variables`]).
pub const EVENT_VARIABLES: &[&str] = &[
    "day",
    "month",
    "year",
    "place",
    "topics",
    "topics-count",
    "items",
    "items-count",
    "partner",
    "origin",
    "recipient",
    "participants",
    "participants-count",
    "days",
    "has-partner",
    "has-origin",
    "has-recipient",
];

/// The variables a person with `role` gives every message.
pub fn person_variables(role: &str) -> [String; 3] {
    [
        role.to_string(),
        format!("{role}-position"),
        format!("{role}-recent"),
    ]
}

/// A project's templates and locales, ready to render events.
#[derive(Debug)]
pub struct Renderer {
    templates: BTreeMap<String, String>,
    locales: BTreeMap<String, Locale>,
    /// The languages an event's texts may be keyed by: the project's, and
    /// any with a locale folder.
    languages: Vec<String>,
}

/// Why a release could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A locale could not be loaded.
    #[error(transparent)]
    Locale(#[from] LocaleError),
    /// The templates folder could not be read.
    #[error("cannot read templates in {path}: {source}")]
    Templates {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A language was asked for that the project has no locale for.
    #[error("no locale `{0}`: expected a folder locales/{0}/ with .ftl files")]
    NoLocale(String),
    /// A person has no name in a language being rendered.
    #[error(
        "{path}: person `{role}` has no `{lang}` name: add `{lang} = \"…\"` to its `name` table"
    )]
    MissingName {
        /// The event file.
        path: PathBuf,
        /// The person's role.
        role: String,
        /// The language.
        lang: String,
    },
    /// A free-text paragraph has no translation in a language being rendered.
    #[error("{path}: paragraph {number} has no `{lang}` text: add it to the event or pre-translate with `tilmech draft`")]
    Untranslated {
        /// The event file.
        path: PathBuf,
        /// 1-based paragraph number.
        number: usize,
        /// The language.
        lang: String,
    },
    /// Fluent could not format a message or term.
    #[error("locale `{lang}`, message `{message}`{}: {}", template.as_ref().map(|t| format!(" (template `{t}`)")).unwrap_or_default(), errors.join("; "))]
    Fluent {
        /// The locale.
        lang: String,
        /// The message or term.
        message: String,
        /// The template that asked for it, if any.
        template: Option<String>,
        /// What went wrong.
        errors: Vec<String>,
    },
    /// A template failed (syntax, missing include, bad call).
    #[error("template `{template}` in locale `{lang}`: {message}")]
    Template {
        /// The locale.
        lang: String,
        /// The template.
        template: String,
        /// MiniJinja's description, with the template line.
        message: String,
    },
}

impl Renderer {
    /// Loads the project's templates and the locales for `langs`.
    pub fn load(project: &Project, langs: &[String]) -> Result<Renderer, RenderError> {
        let dir = &project.config.templates;
        let io = |source| RenderError::Templates {
            path: dir.clone(),
            source,
        };
        let mut templates = BTreeMap::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().is_some_and(|e| e == "j2") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                templates.insert(name, std::fs::read_to_string(&path).map_err(io)?);
            }
        }
        let mut locales = BTreeMap::new();
        for lang in langs {
            let dir = project.config.locales.join(lang);
            if !dir.is_dir() {
                return Err(RenderError::NoLocale(lang.clone()));
            }
            locales.insert(lang.clone(), Locale::load(&dir, lang)?);
        }
        let mut languages = project.config.languages.clone();
        let folders = std::fs::read_dir(&project.config.locales)
            .into_iter()
            .flatten();
        for entry in folders.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !languages.contains(&name) {
                languages.push(name);
            }
        }
        Ok(Renderer {
            templates,
            locales,
            languages,
        })
    }

    /// The loaded locales.
    pub fn locales(&self) -> impl Iterator<Item = &Locale> {
        self.locales.values()
    }

    /// The template names (`meeting.j2`…).
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }

    /// Term ids defined by each loaded locale, for event validation.
    pub fn known_terms(&self) -> KnownTerms {
        self.locales
            .iter()
            .map(|(lang, l)| (lang.clone(), l.terms.keys().cloned().collect()))
            .collect()
    }

    /// Every term of `lang` (id without `-`) with its nominative text, the
    /// singular where it has a count: what a term picker shows.
    pub fn term_labels(&self, lang: &str) -> BTreeMap<String, String> {
        let Some(locale) = self.locales.get(lang) else {
            return BTreeMap::new();
        };
        let errors: ErrorSink = Arc::default();
        let mut bundle = new_bundle(locale, &errors);
        let ids: Vec<&String> = locale.terms.keys().collect();
        let ftl: String = ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!("tilmech-label-{i} = {{ -{id}(case: \"nom\", count: 1) }}\n"))
            .collect();
        let Ok(resource) = FluentResource::try_new(ftl) else {
            return BTreeMap::new();
        };
        bundle.add_resource_overriding(Arc::new(resource));
        let mut labels = BTreeMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            let Some(pattern) = bundle
                .get_message(&format!("tilmech-label-{i}"))
                .and_then(|m| m.value())
            else {
                continue;
            };
            let mut errs = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errs).into_owned();
            labels.insert(id.clone(), text);
        }
        errors.lock().expect("error sink").clear();
        labels
    }

    /// Every term of `lang` (id without `-`) with each form an event can
    /// get: its nominative, the forms it writes, and in Kyrgyz the cases the
    /// suffix rules make; counted terms in the singular. A term that cannot
    /// be formatted is left out (`tilmech check` reports it).
    pub fn term_forms(&self, lang: &str) -> BTreeMap<String, BTreeMap<String, String>> {
        let Some(locale) = self.locales.get(lang) else {
            return BTreeMap::new();
        };
        let errors: ErrorSink = Arc::default();
        let mut bundle = new_bundle(locale, &errors);
        let mut out = BTreeMap::new();
        for id in locale.terms.keys() {
            let Some((family, name)) = crate::event::split_term_id(id) else {
                continue;
            };
            let name = toml::Spanned::new(0..0, name.to_string());
            let counted = new_term::COUNTED_FAMILIES.contains(&family);
            let term = TermUse {
                family,
                slot: family,
                name: &name,
                count: counted.then_some(1),
            };
            let Ok(mut resolved) =
                resolve_terms(std::slice::from_ref(&term), locale, &mut bundle, &errors)
            else {
                errors.lock().expect("error sink").clear();
                continue;
            };
            let Forms { nom, mut forms, .. } = resolved.remove(0);
            forms.insert("nom".to_string(), nom);
            out.insert(id.clone(), forms);
        }
        out
    }

    /// Renders `event` in `lang`.
    pub fn render(&self, event: &Event, lang: &str) -> Result<Document, RenderError> {
        let locale = self
            .locales
            .get(lang)
            .ok_or_else(|| RenderError::NoLocale(lang.to_string()))?;
        let errors: ErrorSink = Arc::default();
        let mut bundle = new_bundle(locale, &errors);
        let args = event_args(event, locale, &mut bundle, &errors)?;
        let paragraphs = event
            .paragraphs(lang)
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                p.map(str::to_string)
                    .ok_or_else(|| RenderError::Untranslated {
                        path: event.path.clone(),
                        number: i + 1,
                        lang: lang.to_string(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let text = self.fill_template(event, lang, bundle, args, errors, paragraphs)?;
        Ok(Document::from_blocks(lang, &text))
    }

    fn fill_template(
        &self,
        event: &Event,
        lang: &str,
        bundle: Bundle,
        args: FluentArgs<'static>,
        errors: ErrorSink,
        paragraphs: Vec<String>,
    ) -> Result<String, RenderError> {
        let template = format!("{}.j2", event.data.kind.get_ref());
        let mut env = minijinja::Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, source) in &self.templates {
            env.add_template(name, source)
                .map_err(|e| RenderError::Template {
                    lang: lang.to_string(),
                    template: name.clone(),
                    message: describe_jinja(&e),
                })?;
        }
        let failure: Arc<Mutex<Option<RenderError>>> = Arc::default();
        let scope = Arc::new(Scope {
            lang: lang.to_string(),
            bundle,
            args: Mutex::new(args),
            errors,
            failure: failure.clone(),
        });
        env.add_function(
            "t",
            move |state: &minijinja::State, id: String, kwargs: minijinja::value::Kwargs| {
                scope.format(&id, &kwargs, state.name())
            },
        );
        let ctx = minijinja::context! {
            kind => event.data.kind.get_ref(),
            lang => lang,
            paragraphs => paragraphs,
            topics => event.data.topics.len(),
            items => event.data.items.len(),
            origin => event.data.origin.is_some(),
            partner => event.data.partner.is_some(),
        };
        let result = env.get_template(&template).and_then(|t| t.render(ctx));
        if let Some(err) = failure.lock().expect("failure slot").take() {
            return Err(err);
        }
        result.map_err(|e| RenderError::Template {
            lang: lang.to_string(),
            template,
            message: describe_jinja(&e),
        })
    }
}

/// What a template's `t()` calls see.
struct Scope {
    lang: String,
    bundle: Bundle,
    args: Mutex<FluentArgs<'static>>,
    errors: ErrorSink,
    failure: Arc<Mutex<Option<RenderError>>>,
}

impl Scope {
    fn format(
        &self,
        id: &str,
        kwargs: &minijinja::value::Kwargs,
        template: &str,
    ) -> Result<String, minijinja::Error> {
        let (message_id, attribute) = id.split_once('.').map_or((id, None), |(m, a)| (m, Some(a)));
        let fail = |errors: Vec<String>| {
            let err = RenderError::Fluent {
                lang: self.lang.clone(),
                message: id.to_string(),
                template: Some(template.to_string()),
                errors,
            };
            let text = err.to_string();
            *self.failure.lock().expect("failure slot") = Some(err);
            Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                text,
            ))
        };
        let Some(message) = self.bundle.get_message(message_id) else {
            return fail(vec![format!("no message `{message_id}`")]);
        };
        let pattern = match attribute {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else {
            return fail(vec![format!("`{id}` has no value")]);
        };
        let base = self.args.lock().expect("args");
        let mut args = FluentArgs::new();
        for (key, value) in base.iter() {
            args.set(key.to_string(), value.clone());
        }
        for key in kwargs.args() {
            let value: minijinja::Value = kwargs.get(key)?;
            let value = match value.as_i64() {
                Some(n) => FluentValue::from(n),
                None => FluentValue::from(value.to_string()),
            };
            args.set(key.to_string(), value);
        }
        let mut fluent_errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut fluent_errors)
            .into_owned();
        let mut errors: Vec<String> = fluent_errors.iter().map(ToString::to_string).collect();
        errors.append(&mut self.errors.lock().expect("error sink"));
        if errors.is_empty() {
            Ok(text)
        } else {
            fail(errors)
        }
    }
}

fn describe_jinja(e: &minijinja::Error) -> String {
    match e.line() {
        Some(line) => format!(
            "line {line}: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        ),
        None => e.to_string(),
    }
}

fn new_bundle(locale: &Locale, errors: &ErrorSink) -> Bundle {
    let langid: unic_langid::LanguageIdentifier = locale.lang.parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![langid]);
    // Bidi isolation marks around placeables would end up in published text.
    bundle.set_use_isolating(false);
    for (_, resource) in &locale.resources {
        // Duplicate ids are reported by `tilmech check`; the first one wins here.
        let _ = bundle.add_resource(resource.clone());
    }
    values::add_functions(&mut bundle, &locale.lang, errors);
    bundle
}

/// The standard case names a locale declines into.
fn cases(lang: &str) -> Vec<&'static str> {
    match lang {
        "ru" => ru::Case::ALL.iter().map(|c| c.as_str()).collect(),
        "ky" => ky::Case::ALL.iter().map(|c| c.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Builds the Fluent variables for `event`, resolving every referenced term.
fn event_args(
    event: &Event,
    locale: &Locale,
    bundle: &mut Bundle,
    errors: &ErrorSink,
) -> Result<FluentArgs<'static>, RenderError> {
    let d = &event.data;
    let lang = locale.lang.as_str();
    let refs = event.term_uses();
    let resolved = resolve_terms(&refs, locale, bundle, errors)?;

    let mut args = FluentArgs::new();
    // Optional parts are chosen in Fluent with `{ $has-origin -> … }`.
    for (slot, present) in [
        ("partner", d.partner.is_some()),
        ("origin", d.origin.is_some()),
        ("recipient", d.recipient.is_some()),
    ] {
        args.set(
            format!("has-{slot}"),
            if present { "true" } else { "false" },
        );
    }
    let date = event.date().expect("validated date");
    args.set("day", date.day());
    args.set("month", date.month());
    // A string, so that number grouping never turns 2021 into 2,021.
    args.set("year", date.year().to_string());
    let mut lists: BTreeMap<&str, Vec<Forms>> = BTreeMap::new();
    for (r, forms) in refs.iter().zip(resolved) {
        match r.slot {
            "topics" | "items" => lists.entry(r.slot).or_default().push(forms),
            slot if d.people.iter().any(|p| p.role.get_ref() == slot) => args.set(
                format!("{slot}-position"),
                FluentValue::Custom(Box::new(forms)),
            ),
            slot => args.set(slot.to_string(), FluentValue::Custom(Box::new(forms))),
        }
    }
    for slot in ["topics", "items"] {
        let list = lists.remove(slot).unwrap_or_default();
        args.set(format!("{slot}-count"), list.len());
        args.set(
            slot.to_string(),
            FluentValue::Custom(Box::new(FormsList(list))),
        );
    }
    if let Some(c) = &d.participants {
        args.set("participants-count", *c.count.get_ref());
    }
    if let Some(days) = &d.days {
        args.set("days", *days.get_ref());
    }
    for p in &d.people {
        let role = p.role.get_ref();
        let name = p
            .name
            .get_ref()
            .get(lang)
            .ok_or_else(|| RenderError::MissingName {
                path: event.path.clone(),
                role: role.clone(),
                lang: lang.to_string(),
            })?;
        let mut forms = BTreeMap::new();
        for case in cases(lang) {
            let form = match lang {
                "ru" => ru::decline(name, p.gender, ru::Case::parse(case).expect("known case")),
                _ => ky::inflect(name, ky::Case::parse(case).expect("known case")),
            };
            forms.insert(case.to_string(), form);
        }
        if let Some(own) = p.forms.get(lang) {
            forms.extend(own.clone());
        }
        let nom = forms.get("nom").cloned().unwrap_or_else(|| name.clone());
        let value = Forms {
            origin: role.clone(),
            nom,
            forms,
            gender: Some(p.gender),
            caseless: cases(lang).is_empty(),
        };
        args.set(role.clone(), FluentValue::Custom(Box::new(value)));
        args.set(
            format!("{role}-recent"),
            if p.recent { "true" } else { "false" },
        );
    }
    Ok(args)
}

/// Formats every form of every referenced term through a generated resource,
/// since fluent-bundle can only format messages.
fn resolve_terms(
    refs: &[TermUse],
    locale: &Locale,
    bundle: &mut Bundle,
    errors: &ErrorSink,
) -> Result<Vec<Forms>, RenderError> {
    let lang = locale.lang.as_str();
    let mut ftl = String::new();
    let mut keys_of = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let declared = locale.terms.get(&r.id()).cloned().unwrap_or_default();
        let keys: Vec<String> = if declared.is_empty() {
            vec!["nom".to_string()]
        } else {
            declared
                .into_iter()
                .chain(std::iter::once("nom".to_string()))
                .collect()
        };
        let count = r.count.map(|c| format!(", count: {c}")).unwrap_or_default();
        for key in &keys {
            ftl.push_str(&format!(
                "tilmech-term-{i}-{key} = {{ -{}(case: \"{key}\"{count}) }}\n",
                r.id()
            ));
        }
        keys_of.push(keys);
    }
    let resource = FluentResource::try_new(ftl).map_err(|_| RenderError::Fluent {
        lang: lang.to_string(),
        message: "event term references".into(),
        template: None,
        errors: vec!["a term id in the event is not a valid Fluent identifier".into()],
    })?;
    bundle.add_resource_overriding(Arc::new(resource));
    let mut out = Vec::new();
    for (i, (r, keys)) in refs.iter().zip(keys_of).enumerate() {
        let mut forms = BTreeMap::new();
        for key in keys {
            let id = format!("tilmech-term-{i}-{key}");
            let pattern = bundle
                .get_message(&id)
                .and_then(|m| m.value())
                .expect("generated message");
            let mut fluent_errors = Vec::new();
            let text = bundle
                .format_pattern(pattern, None, &mut fluent_errors)
                .into_owned();
            let mut errs: Vec<String> = fluent_errors.iter().map(ToString::to_string).collect();
            errs.append(&mut errors.lock().expect("error sink"));
            if !errs.is_empty() {
                return Err(RenderError::Fluent {
                    lang: lang.to_string(),
                    message: format!("-{}", r.id()),
                    template: None,
                    errors: errs,
                });
            }
            forms.insert(key, text);
        }
        let nom = forms.remove("nom").unwrap_or_default();
        if lang == "ky" {
            // Kyrgyz suffixes follow from the nominative, so a term writes
            // only the forms the rules get wrong (and `recent`); see
            // `needs::made_by_rules`, which `check` relies on.
            for case in ky::Case::ALL.into_iter().skip(1) {
                forms
                    .entry(case.as_str().to_string())
                    .or_insert_with(|| ky::inflect(&nom, case));
            }
        }
        out.push(Forms {
            origin: format!("-{}", r.id()),
            nom,
            forms,
            gender: None,
            caseless: cases(lang).is_empty(),
        });
    }
    Ok(out)
}

/// The project's example events, sorted.
pub fn example_events(project: &Project) -> Vec<PathBuf> {
    let mut events: Vec<PathBuf> = std::fs::read_dir(&project.config.events)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    events.sort();
    events
}

/// Loads `path` as an event and checks it against `renderer`: its terms
/// and its language keys.
pub fn load_event(path: &Path, renderer: &Renderer) -> Result<Event, crate::event::EventErrors> {
    let event = Event::load(path)?;
    event.validate(&renderer.known_terms(), &renderer.languages)?;
    Ok(event)
}

/// [`load_event`] for rendering in every locale `renderer` has loaded: a
/// name or paragraph without text in one of them is an error too, and all
/// of the event's errors come at once rather than one language at a time.
pub fn load_event_to_render(
    path: &Path,
    renderer: &Renderer,
) -> Result<Event, crate::event::EventErrors> {
    let event = Event::load(path)?;
    let mut errors = match event.validate(&renderer.known_terms(), &renderer.languages) {
        Ok(()) => Vec::new(),
        Err(crate::event::EventErrors(errors)) => errors,
    };
    errors.extend(event.untranslated(renderer.locales.keys().map(String::as_str)));
    errors.sort_by_key(|e| (e.line, e.column));
    if errors.is_empty() {
        Ok(event)
    } else {
        Err(crate::event::EventErrors(errors))
    }
}

//! The press officer's pages: the events list, the editor (new and
//! existing events), saving from the form, and release downloads.
//!
//! Saving goes through [`save`](fn@save_text): the form is written onto the
//! file's current text with [`edit::apply`] (comments and layout kept),
//! validated by the same code as `tilmech render`, and written atomically
//! — unless the file changed since the editor was opened, in which case
//! nothing is written and the page shows both versions.

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::{Deserialize, Serialize};

use super::pages::{message, page};
use super::security::{CanEdit, Signed, SignedIn};
use super::App;
use crate::event::edit::{self, EventForm};
use crate::render::preview::{self, FieldError};
use crate::render::Format;

/// Why an event name from a URL is refused.
pub const NAME_RULE: &str =
    "an event name is 1–100 letters a–z, digits, `-`, `_` or `.`, not starting with `.`";

/// The event file `name` names, if the name is acceptable: a plain file
/// name inside the events folder, never a path.
pub fn event_path(app: &App, name: &str) -> Option<PathBuf> {
    if !plain_name(name) || name.contains("..") {
        return None;
    }
    inside_project(app, app.events_dir().join(format!("{name}.toml")))
}

/// Whether `name` from a URL can name a file of one of the project's
/// folders: 1–100 letters a–z, digits, `-`, `_` or `.`, not starting with
/// `.` (so no path, no hidden file).
pub fn plain_name(name: &str) -> bool {
    (1..=100).contains(&name.len())
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

/// `path`, unless it is a link that leads out of the project: a link in a
/// project folder may point elsewhere in the project, never outside it.
pub fn inside_project(app: &App, path: PathBuf) -> Option<PathBuf> {
    match path.canonicalize() {
        Ok(real) => {
            let root = app.project.root.canonicalize().ok()?;
            real.starts_with(root).then_some(path)
        }
        Err(_) => Some(path),
    }
}

/// A file's version: a hash of its bytes, sent with the editor and checked
/// when saving.
pub fn version_of(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:x}-{h:016x}", bytes.len())
}

/// The current text and version of an event file, `None` if it does not exist.
pub fn read_current(path: &FsPath) -> std::io::Result<Option<(String, String)>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let version = version_of(&bytes);
            let text = String::from_utf8(bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            Ok(Some((text, version)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why a save did not happen.
#[derive(Debug, Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum SaveError {
    /// The file changed (or appeared, or vanished) since it was opened.
    Conflict {
        /// Its text now (empty when it was deleted).
        current: String,
        /// Its version now.
        version: Option<String>,
    },
    /// The event has errors; nothing was written.
    Invalid {
        /// The errors, at their fields.
        errors: Vec<FieldError>,
    },
    /// The form could not be applied to the file (it is not valid TOML).
    Unreadable {
        /// What is wrong.
        message: String,
    },
    /// Reading or writing failed.
    Io {
        /// What is wrong.
        message: String,
    },
}

/// The event's new text: `form` applied onto the file's current text.
pub fn form_text(form: &EventForm, current: Option<&str>) -> Result<String, SaveError> {
    edit::apply(form, current).map_err(|e| SaveError::Unreadable {
        message: e.to_string(),
    })
}

/// Writes `text` to `path` if the file is still at `expected` (`None`: it
/// must not exist yet) and the event is valid. Returns the new version.
pub fn save_text(
    app: &App,
    path: &FsPath,
    expected: Option<&str>,
    text: impl FnOnce(Option<&str>) -> Result<String, SaveError>,
) -> Result<String, SaveError> {
    let io = |e: std::io::Error| SaveError::Io {
        message: format!("{}: {e}", path.display()),
    };
    let _one_at_a_time = app.save_lock.lock().expect("save lock");
    let current = read_current(path).map_err(io)?;
    let now = current.as_ref().map(|(_, v)| v.as_str());
    if now != expected {
        return Err(SaveError::Conflict {
            current: current.as_ref().map(|(t, _)| t.clone()).unwrap_or_default(),
            version: now.map(str::to_string),
        });
    }
    let text = text(current.as_ref().map(|(t, _)| t.as_str()))?;
    let renderer = app.renderer().map_err(|e| SaveError::Io {
        message: e.to_string(),
    })?;
    let checked = preview::preview(&renderer, path, &text, &[]);
    if !checked.errors.is_empty() {
        return Err(SaveError::Invalid {
            errors: checked.errors,
        });
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    match expected {
        Some(_) => crate::fsutil::write_atomic(path, text.as_bytes()),
        None => crate::fsutil::write_new(path, text.as_bytes()),
    }
    .map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => SaveError::Conflict {
            current: std::fs::read_to_string(path).unwrap_or_default(),
            version: read_current(path).ok().flatten().map(|(_, v)| v),
        },
        _ => io(e),
    })?;
    Ok(version_of(text.as_bytes()))
}

/// One row of the events list.
#[derive(Debug, Serialize)]
pub struct EventSummary {
    /// The event's name (its file stem).
    pub name: String,
    /// Release kind.
    pub kind: Option<String>,
    /// The date as written.
    pub date: Option<String>,
    /// The place's English text.
    pub place: Option<String>,
    /// Languages the release renders in completely.
    pub complete: Vec<String>,
    /// Per language, the paragraphs still untranslated.
    pub untranslated: BTreeMap<String, usize>,
    /// Why the event does not load, if it does not.
    pub error: Option<String>,
    /// Per target language, how far its review is.
    pub progress: BTreeMap<String, super::review::Progress>,
}

/// Every event of the project, by name.
pub fn summaries(app: &App) -> Vec<EventSummary> {
    let labels = app
        .labels()
        .ok()
        .and_then(|l| l.get(&app.project.config.reference).cloned())
        .unwrap_or_default();
    crate::render::example_events(&app.project)
        .iter()
        .filter_map(|path| {
            let name = path.file_stem()?.to_str()?.to_string();
            event_path(app, &name)?;
            Some(summary(app, path, name, &labels))
        })
        .collect()
}

fn summary(
    app: &App,
    path: &FsPath,
    name: String,
    labels: &BTreeMap<String, String>,
) -> EventSummary {
    let mut s = EventSummary {
        name,
        kind: None,
        date: None,
        place: None,
        complete: Vec::new(),
        untranslated: BTreeMap::new(),
        error: None,
        progress: BTreeMap::new(),
    };
    let event = match app.load_event(path) {
        Ok(e) => e,
        Err(e) => {
            s.error = Some(e);
            return s;
        }
    };
    s.progress = super::review::progress(app, &s.name, &event);
    let d = &event.data;
    s.kind = Some(d.kind.get_ref().clone());
    s.date = Some(d.date.get_ref().to_string());
    s.place = labels
        .get(&format!("place-{}", d.place.get_ref()))
        .cloned()
        .or_else(|| Some(d.place.get_ref().clone()));
    for lang in &app.langs {
        let missing = event
            .paragraphs(lang)
            .iter()
            .filter(|p| p.is_none())
            .count();
        let named = d.people.iter().all(|p| p.name.get_ref().contains_key(lang));
        if missing == 0 && named {
            s.complete.push(lang.clone());
        } else if missing > 0 {
            s.untranslated.insert(lang.clone(), missing);
        }
    }
    s
}

/// `GET /`: the events list.
pub async fn list(State(app): State<Arc<App>>, SignedIn(signed): SignedIn) -> Response {
    page(
        &app,
        "events.html",
        Some(&signed),
        StatusCode::OK,
        minijinja::context! {
            events => summaries(&app),
            kinds => crate::event::KINDS,
            edits => signed.session.role.edits_events(),
        },
    )
}

/// The query of `GET /events/new`.
#[derive(Deserialize)]
pub struct NewQuery {
    kind: Option<String>,
}

/// What the editor page shows besides the form itself.
struct Editor<'a> {
    name: Option<&'a str>,
    form: EventForm,
    version: Option<String>,
    errors: Vec<FieldError>,
    conflict: Option<String>,
    saved: bool,
}

fn editor(app: &App, signed: &Signed, status: StatusCode, e: Editor) -> Response {
    let labels = match app.labels() {
        Ok(l) => l,
        Err(err) => {
            return message(
                app,
                Some(signed),
                StatusCode::INTERNAL_SERVER_ERROR,
                &err.to_string(),
            )
        }
    };
    let mut terms: BTreeMap<&str, Vec<TermOption>> = BTreeMap::new();
    for family in crate::event::TERM_FAMILIES {
        let prefix = format!("{family}-");
        let reference = &labels[&app.project.config.reference];
        for id in reference.keys().filter(|id| id.starts_with(&prefix)) {
            let texts: Vec<String> = app
                .langs
                .iter()
                .filter_map(|l| labels[l].get(id).cloned())
                .collect();
            terms.entry(family).or_default().push(TermOption {
                name: id[prefix.len()..].to_string(),
                label: texts.join(" · "),
            });
        }
    }
    let kind = if e.form.kind.is_empty() {
        "meeting".to_string()
    } else {
        e.form.kind.clone()
    };
    let mut form = e.form;
    // One block per role the kind's templates address, in the file's order.
    for role in edit::kind_roles(&kind) {
        if !form.people.iter().any(|p| p.role == *role) {
            form.people.push(edit::PersonForm {
                role: role.to_string(),
                ..Default::default()
            });
        }
    }
    let mut field_errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut general = Vec::new();
    for err in &e.errors {
        match &err.field {
            Some(f) => field_errors
                .entry(f.replace('.', "-"))
                .or_default()
                .push(err.message.clone()),
            None => general.push(err.message.clone()),
        }
    }
    page(
        app,
        "edit.html",
        Some(signed),
        status,
        minijinja::context! {
            name => e.name,
            is_new => e.name.is_none(),
            kind => kind,
            kinds => crate::event::KINDS,
            fields => edit::kind_fields(&kind),
            form => form,
            version => e.version,
            terms => terms,
            field_errors => field_errors,
            general_errors => general,
            conflict => e.conflict,
            saved => e.saved,
            source => app.project.config.reference.clone(),
        },
    )
}

#[derive(Serialize)]
struct TermOption {
    name: String,
    label: String,
}

/// `GET /events/new?kind=…`: an empty editor.
pub async fn new_page(
    State(app): State<Arc<App>>,
    CanEdit(signed): CanEdit,
    Query(q): Query<NewQuery>,
) -> Response {
    let kind = q
        .kind
        .filter(|k| crate::event::KINDS.contains(&k.as_str()))
        .unwrap_or_else(|| "meeting".into());
    let form = EventForm {
        kind,
        date: jiff::Zoned::now().date().to_string(),
        source: app.project.config.reference.clone(),
        ..Default::default()
    };
    editor(
        &app,
        &signed,
        StatusCode::OK,
        Editor {
            name: None,
            form,
            version: None,
            errors: Vec::new(),
            conflict: None,
            saved: false,
        },
    )
}

/// The query of `GET /events/{name}`.
#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

/// `GET /events/{name}`: the editor on an existing event.
pub async fn edit_page(
    State(app): State<Arc<App>>,
    CanEdit(signed): CanEdit,
    Path(name): Path<String>,
    Query(q): Query<EditQuery>,
) -> Response {
    let Some(path) = event_path(&app, &name) else {
        return message(&app, Some(&signed), StatusCode::BAD_REQUEST, NAME_RULE);
    };
    let (text, version) = match read_current(&path) {
        Ok(Some(c)) => c,
        Ok(None) => {
            return message(
                &app,
                Some(&signed),
                StatusCode::NOT_FOUND,
                &format!("no event `{name}`"),
            )
        }
        Err(e) => {
            return message(
                &app,
                Some(&signed),
                StatusCode::INTERNAL_SERVER_ERROR,
                &e.to_string(),
            )
        }
    };
    let (form, errors) = match crate::event::Event::parse(&path, text.clone()) {
        Ok(event) => (EventForm::from_event(&event.data), Vec::new()),
        Err(_) => {
            let renderer = app.renderer();
            let errors = renderer
                .map(|r| preview::preview(&r, &path, &text, &[]).errors)
                .unwrap_or_default();
            let message = "this file cannot be edited in the form until the errors below are fixed in a text editor";
            let mut all = vec![FieldError {
                field: None,
                line: 0,
                column: 0,
                message: message.into(),
            }];
            all.extend(errors);
            (EventForm::default(), all)
        }
    };
    editor(
        &app,
        &signed,
        StatusCode::OK,
        Editor {
            name: Some(&name),
            form,
            version: Some(version),
            errors,
            conflict: None,
            saved: q.saved.is_some(),
        },
    )
}

/// `POST /events/new`: creates the event named in the form's `name` field.
pub async fn create(
    State(app): State<Arc<App>>,
    CanEdit(signed): CanEdit,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let name = fields
        .iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    submit(app, signed, name, fields, true)
}

/// `POST /events/{name}`: saves the form onto the event file.
pub async fn save(
    State(app): State<Arc<App>>,
    CanEdit(signed): CanEdit,
    Path(name): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    submit(app, signed, name, fields, false)
}

fn submit(
    app: Arc<App>,
    signed: Signed,
    name: String,
    fields: Vec<(String, String)>,
    create: bool,
) -> Response {
    let form = EventForm::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let version = fields
        .iter()
        .find(|(k, _)| k == "version")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty());
    let show = |status, errors, conflict, version| {
        editor(
            &app,
            &signed,
            status,
            Editor {
                name: (!create).then_some(name.as_str()),
                form: form.clone(),
                version,
                errors,
                conflict,
                saved: false,
            },
        )
    };
    let Some(path) = event_path(&app, &name) else {
        let err = FieldError {
            field: Some("name".into()),
            line: 0,
            column: 0,
            message: NAME_RULE.into(),
        };
        return show(StatusCode::UNPROCESSABLE_ENTITY, vec![err], None, version);
    };
    let expected = if create { None } else { version.as_deref() };
    match save_text(&app, &path, expected, |current| form_text(&form, current)) {
        Ok(_) => Redirect::to(&format!("/events/{name}?saved=1")).into_response(),
        Err(SaveError::Invalid { errors }) => {
            show(StatusCode::UNPROCESSABLE_ENTITY, errors, None, version)
        }
        Err(SaveError::Conflict {
            current,
            version: now,
        }) => {
            let text = if create {
                format!("an event named `{name}` exists already: choose another name")
            } else {
                current
            };
            show(StatusCode::CONFLICT, Vec::new(), Some(text), now)
        }
        Err(SaveError::Unreadable { message } | SaveError::Io { message }) => show(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![FieldError {
                field: None,
                line: 0,
                column: 0,
                message,
            }],
            None,
            version,
        ),
    }
}

/// `GET /events/{name}/release/{lang}.{ext}`: the release as a file.
pub async fn download(
    State(app): State<Arc<App>>,
    SignedIn(signed): SignedIn,
    Path((name, file)): Path<(String, String)>,
) -> Response {
    let Some(path) = event_path(&app, &name) else {
        return message(&app, Some(&signed), StatusCode::BAD_REQUEST, NAME_RULE);
    };
    let Some((lang, ext)) = file.split_once('.') else {
        return message(
            &app,
            Some(&signed),
            StatusCode::NOT_FOUND,
            "no such release file",
        );
    };
    let format = match ext {
        "md" => Format::Md,
        "html" => Format::Html,
        "txt" => Format::Txt,
        "docx" => Format::Docx,
        _ => {
            return message(
                &app,
                Some(&signed),
                StatusCode::NOT_FOUND,
                "formats: md, html, txt, docx",
            )
        }
    };
    if !app.langs.iter().any(|l| l == lang) {
        return message(
            &app,
            Some(&signed),
            StatusCode::NOT_FOUND,
            "no such language",
        );
    }
    let rendered = app.load_event(&path).and_then(|event| {
        let renderer = app.renderer().map_err(|e| e.to_string())?;
        let doc = renderer.render(&event, lang).map_err(|e| e.to_string())?;
        let page = crate::render::Page {
            office: Some(&app.project.config.office),
            versions: crate::render::Page::versions(&app.langs, |l| format!("{l}.{ext}")),
        };
        doc.bytes(format, &page).map_err(|e| e.to_string())
    });
    match rendered {
        Ok(body) => {
            let mime = crate::render::Document::media_type(format);
            let mut r = body.into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
                ),
            );
            // A page opens in the browser to be read and printed; the other
            // formats are saved.
            let disposition = if format == Format::Html {
                "inline"
            } else {
                "attachment"
            };
            if let Ok(v) =
                HeaderValue::from_str(&format!("{disposition}; filename=\"{name}.{lang}.{ext}\""))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(e) => message(&app, Some(&signed), StatusCode::UNPROCESSABLE_ENTITY, &e),
    }
}

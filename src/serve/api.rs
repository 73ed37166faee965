//! The JSON API under the pages (documented in `docs/serve.md`): the pages'
//! live preview uses it, and so can scripts. Every handler calls the same
//! functions as the pages and the command line.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::events::{self, event_path, form_text, read_current, save_text, SaveError};
use super::security::{CanEdit, SignedIn};
use super::App;
use crate::event::edit::EventForm;
use crate::render::preview;

/// A JSON error answer: `{"error": message}`.
pub(super) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// `GET /api/events`.
pub async fn list_events(State(app): State<Arc<App>>, _: SignedIn) -> Response {
    Json(json!({ "events": events::summaries(&app) })).into_response()
}

/// `GET /api/events/{name}`.
pub async fn get_event(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Path(name): Path<String>,
) -> Response {
    let Some(path) = event_path(&app, &name) else {
        return error(StatusCode::BAD_REQUEST, events::NAME_RULE);
    };
    match read_current(&path) {
        Ok(Some((text, version))) => {
            let form = crate::event::Event::parse(&path, text.clone())
                .ok()
                .map(|e| EventForm::from_event(&e.data));
            Json(json!({ "name": name, "version": version, "toml": text, "form": form }))
                .into_response()
        }
        Ok(None) => error(StatusCode::NOT_FOUND, format!("no event `{name}`")),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The body of `PUT /api/events/{name}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutEvent {
    /// The version the change was made on; `null` creates a new event.
    version: Option<String>,
    /// The new event as a form (applied onto the file, keeping its layout)…
    form: Option<EventForm>,
    /// …or as the whole TOML text.
    toml: Option<String>,
}

/// `PUT /api/events/{name}`.
pub async fn put_event(
    State(app): State<Arc<App>>,
    _: CanEdit,
    Path(name): Path<String>,
    Json(body): Json<PutEvent>,
) -> Response {
    let Some(path) = event_path(&app, &name) else {
        return error(StatusCode::BAD_REQUEST, events::NAME_RULE);
    };
    let result = match (body.form, body.toml) {
        (Some(form), None) => save_text(&app, &path, body.version.as_deref(), |current| {
            form_text(&form, current)
        }),
        (None, Some(toml)) => save_text(&app, &path, body.version.as_deref(), |_| Ok(toml)),
        _ => return error(StatusCode::BAD_REQUEST, "give either `form` or `toml`"),
    };
    match result {
        Ok(version) => Json(json!({ "name": name, "version": version })).into_response(),
        Err(e) => {
            let status = match e {
                SaveError::Conflict { .. } => StatusCode::CONFLICT,
                SaveError::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, Json(e)).into_response()
        }
    }
}

/// The JSON body of `POST /api/preview`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// The event's TOML text…
    toml: Option<String>,
    /// …or a form, applied onto the existing event `event` if given.
    form: Option<EventForm>,
    /// The event the form edits.
    event: Option<String>,
}

/// What `POST /api/preview` answers.
#[derive(Serialize)]
pub struct PreviewResponse {
    /// The TOML the preview was made from (what saving would write).
    toml: String,
    /// The preview itself.
    #[serde(flatten)]
    preview: preview::Preview,
}

/// `POST /api/preview`: JSON (`{"toml": …}` or `{"form": …, "event": …}`)
/// or the editor's form fields, urlencoded.
pub async fn preview(
    State(app): State<Arc<App>>,
    _: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let request = if json {
        match serde_json::from_slice::<PreviewRequest>(&body) {
            Ok(r) => r,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("request body: {e}")),
        }
    } else {
        let fields: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
            Ok(f) => f,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("form fields: {e}")),
        };
        PreviewRequest {
            toml: None,
            event: fields
                .iter()
                .find(|(k, _)| k == "event")
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty()),
            form: Some(EventForm::from_fields(
                fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )),
        }
    };
    let name = request.event.as_deref().unwrap_or("new-event");
    let Some(path) = event_path(&app, name) else {
        return error(StatusCode::BAD_REQUEST, events::NAME_RULE);
    };
    let toml = match (request.toml, request.form) {
        (Some(t), None) => t,
        (None, Some(form)) => {
            let current = match request.event.as_ref().map(|_| read_current(&path)) {
                Some(Ok(c)) => c.map(|(t, _)| t),
                Some(Err(e)) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
                None => None,
            };
            match form_text(&form, current.as_deref()) {
                Ok(t) => t,
                Err(e) => return (StatusCode::UNPROCESSABLE_ENTITY, Json(e)).into_response(),
            }
        }
        _ => return error(StatusCode::BAD_REQUEST, "give either `toml` or `form`"),
    };
    let renderer = match app.renderer() {
        Ok(r) => r,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let preview = preview::preview(&renderer, &path, &toml, &app.langs);
    Json(PreviewResponse { toml, preview }).into_response()
}

/// The query of `GET /api/terms`.
#[derive(Deserialize)]
pub struct TermsQuery {
    family: Option<String>,
}

/// One term of `GET /api/terms`.
#[derive(Serialize)]
pub struct TermEntry {
    /// The family (`place`, `position`…).
    family: &'static str,
    /// The name events use (`osh`).
    name: String,
    /// Its nominative text by language.
    text: BTreeMap<String, String>,
    /// Every form an event can get, by language and key (`nom`, `gen`, `loc`…).
    forms: BTreeMap<String, BTreeMap<String, String>>,
}

/// `GET /api/terms[?family=place]`.
pub async fn terms(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Query(q): Query<TermsQuery>,
) -> Response {
    let bodies = match app.term_bodies() {
        Ok(b) => b,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    match bodies.get(q.family.as_deref().unwrap_or("")) {
        Some(body) => ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response(),
        None => error(
            StatusCode::BAD_REQUEST,
            format!(
                "unknown term family `{}`: expected one of {}",
                q.family.unwrap_or_default(),
                crate::event::TERM_FAMILIES.join(", ")
            ),
        ),
    }
}

/// The bodies `GET /api/terms` answers with, by family (`""`: every family).
pub(super) fn term_bodies(
    labels: &super::Labels,
    forms: &super::TermForms,
) -> BTreeMap<&'static str, Bytes> {
    let entries = |family: &'static str| -> Vec<TermEntry> {
        let prefix = format!("{family}-");
        let ids: std::collections::BTreeSet<&String> = labels
            .values()
            .flat_map(|m| m.keys())
            .filter(|id| id.starts_with(&prefix))
            .collect();
        ids.into_iter()
            .map(|id| TermEntry {
                family,
                name: id[prefix.len()..].to_string(),
                text: labels
                    .iter()
                    .filter_map(|(l, m)| Some((l.clone(), m.get(id)?.clone())))
                    .collect(),
                forms: forms
                    .iter()
                    .filter_map(|(l, m)| Some((l.clone(), m.get(id)?.clone())))
                    .collect(),
            })
            .collect()
    };
    let by_family: Vec<(&'static str, Vec<TermEntry>)> = crate::event::TERM_FAMILIES
        .iter()
        .map(|&f| (f, entries(f)))
        .collect();
    let body = |terms: Vec<&TermEntry>| Bytes::from(json!({ "terms": terms }).to_string());
    let mut out: BTreeMap<&'static str, Bytes> = by_family
        .iter()
        .map(|(f, terms)| (*f, body(terms.iter().collect())))
        .collect();
    out.insert("", body(by_family.iter().flat_map(|(_, t)| t).collect()));
    out
}

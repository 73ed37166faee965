//! The alignment review: the files `tilmech tm align --review FILE` writes
//! into the project's alignments folder (`alignments = …` in
//! `tilmech.toml`), listed, corrected in a form and accepted into the
//! memory.
//!
//! A correction is written onto the file's current text with
//! [`review::with_texts`] (comments and every row's first columns kept),
//! atomically, and only if the file is still the version the page was
//! opened on; accepting is [`review::accept`], the call `tm align --accept
//! FILE` makes, with the signed-in user as the units' author. The file
//! then records the acceptance in a comment line, which the list shows.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};

use super::api::error;
use super::events::{inside_project, plain_name, read_current};
use super::pages::{message, page};
use super::security::{CanReview, Signed, SignedIn};
use super::{blocking, App};
use crate::tm::align::review::{self, Row, HEADER};
use crate::tm::align::LANGUAGES;
use crate::tm::memory::Location;

/// Why a review file name from a URL is refused.
pub const FILE_RULE: &str = "a review file name is 1–100 letters a–z, digits, `-`, `_` or `.`, not starting with `.`, ending in `.tsv`";

/// The start of the comment line an acceptance leaves in the file.
const ACCEPTED: &str = "# accepted ";

/// One review file of the list.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Its file name.
    pub name: String,
    /// Rows whose unit is below the confidence threshold.
    pub review: usize,
    /// Rows of a sentence without counterpart.
    pub unmatched: usize,
    /// The last acceptance, as the file records it.
    pub accepted: Option<String>,
    /// Why the file cannot be read as a review file.
    pub error: Option<String>,
}

/// The review file `name` names, if the name is acceptable: a plain file
/// name inside the alignments folder, which lies inside the project.
fn file_path(app: &App, name: &str) -> Option<PathBuf> {
    if !plain_name(name) || !name.ends_with(".tsv") {
        return None;
    }
    inside_project(app, app.project.config.alignments.join(name))
}

/// The text of a review file and its version; a file that is not a review
/// file (its first line is not [`HEADER`]) is refused, so that no other
/// TSV of the project is edited here.
fn read(path: &std::path::Path) -> Result<Option<(String, String)>, String> {
    let current = read_current(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match current {
        Some((text, _)) if text.lines().next().map(str::trim_end) != Some(HEADER) => Err(format!(
            "{}: not a review file of `tilmech tm align --review` (its first line is not the header `{}`)",
            path.display(),
            HEADER.replace('\t', " ")
        )),
        other => Ok(other),
    }
}

/// The last acceptance a review file records.
fn last_accepted(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .find_map(|l| l.strip_prefix(ACCEPTED))
        .map(str::to_string)
}

fn summary(name: String, text: &str) -> Summary {
    let (review, unmatched, error) = match review::rows(text, &name) {
        Ok(rows) => {
            let review = rows.iter().filter(|r| r.position.is_some()).count();
            (review, rows.len() - review, None)
        }
        Err(e) => (0, 0, Some(e.to_string())),
    };
    Summary {
        name,
        review,
        unmatched,
        accepted: last_accepted(text),
        error,
    }
}

/// Every review file of the alignments folder, by name.
pub fn summaries(app: &App) -> Vec<Summary> {
    let Ok(entries) = std::fs::read_dir(&app.project.config.alignments) else {
        return Vec::new();
    };
    let mut out: Vec<Summary> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|name| {
            let path = file_path(app, &name)?;
            match read(&path) {
                Ok(Some((text, _))) => Some(summary(name, &text)),
                Ok(None) | Err(_) => None,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// One review file as its page and `GET /api/alignments/{file}` show it.
#[derive(Debug, Serialize)]
struct Opened {
    name: String,
    version: String,
    languages: &'static [&'static str],
    rows: Vec<Row>,
    accepted: Option<String>,
}

fn open(app: &App, name: &str) -> Result<Opened, (StatusCode, String)> {
    let path = file_path(app, name).ok_or((StatusCode::BAD_REQUEST, FILE_RULE.to_string()))?;
    let (text, version) = read(&path)
        .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e))?
        .ok_or((StatusCode::NOT_FOUND, format!("no review file `{name}`")))?;
    let rows = review::rows(&text, &path.display().to_string())
        .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    Ok(Opened {
        name: name.to_string(),
        version,
        languages: &LANGUAGES,
        rows,
        accepted: last_accepted(&text),
    })
}

/// `GET /alignments`: the review files.
pub async fn list_page(State(app): State<Arc<App>>, SignedIn(signed): SignedIn) -> Response {
    blocking(move || {
        let folder = app
            .project
            .config
            .alignments
            .strip_prefix(&app.project.root)
            .unwrap_or(&app.project.config.alignments)
            .display()
            .to_string();
        page(
            &app,
            "alignments.html",
            Some(&signed),
            StatusCode::OK,
            minijinja::context! { files => summaries(&app), folder => folder },
        )
    })
    .await
}

/// `GET /api/alignments`.
pub async fn list(State(app): State<Arc<App>>, _: SignedIn) -> Response {
    blocking(move || Json(serde_json::json!({ "files": summaries(&app) })).into_response()).await
}

/// What the file page says after a redirect.
#[derive(Deserialize, Default)]
pub struct Done {
    saved: Option<u8>,
    accepted: Option<u8>,
}

/// `GET /alignments/{file}`: the rows, as a form for reviewers.
pub async fn file_page(
    State(app): State<Arc<App>>,
    SignedIn(signed): SignedIn,
    Path(name): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    blocking(move || match open(&app, &name) {
        Ok(o) => show(&app, &signed, StatusCode::OK, &o, &done, None),
        Err((status, m)) => message(&app, Some(&signed), status, &m),
    })
    .await
}

fn show(
    app: &App,
    signed: &Signed,
    status: StatusCode,
    o: &Opened,
    done: &Done,
    problem: Option<&str>,
) -> Response {
    page(
        app,
        "alignment.html",
        Some(signed),
        status,
        minijinja::context! {
            file => o,
            reviews => signed.session.role.reviews(),
            saved => done.saved.is_some(),
            accepted => done.accepted.is_some(),
            problem => problem,
        },
    )
}

/// `GET /api/alignments/{file}`.
pub async fn get_file(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Path(name): Path<String>,
) -> Response {
    blocking(move || match open(&app, &name) {
        Ok(o) => Json(o).into_response(),
        Err((status, m)) => error(status, m),
    })
    .await
}

/// `POST /alignments/{file}`: writes the corrected texts (`r<line>.<lang>`
/// fields) onto the file, then, with `action=accept`, stores its units in
/// the memory.
pub async fn save(
    State(app): State<Arc<App>>,
    CanReview(signed): CanReview,
    Path(name): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || submit(&app, &signed, &name, &fields)).await
}

fn submit(app: &App, signed: &Signed, name: &str, fields: &[(String, String)]) -> Response {
    let field = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
    let accept = field("action") == Some("accept");
    let Some(path) = file_path(app, name) else {
        return message(app, Some(signed), StatusCode::BAD_REQUEST, FILE_RULE);
    };
    // One save or confirm at a time: the version check and the write must
    // see the same file.
    let _one_at_a_time = app.save_lock.lock().expect("save lock");
    let (text, version) = match read(&path) {
        Ok(Some(c)) => c,
        Ok(None) => {
            let m = format!("no review file `{name}`");
            return message(app, Some(signed), StatusCode::NOT_FOUND, &m);
        }
        Err(m) => return message(app, Some(signed), StatusCode::UNPROCESSABLE_ENTITY, &m),
    };
    let shown = |status, problem: &str| match open(app, name) {
        Ok(o) => show(app, signed, status, &o, &Done::default(), Some(problem)),
        Err((status, m)) => message(app, Some(signed), status, &m),
    };
    if field("version") != Some(version.as_str()) {
        return shown(
            StatusCode::CONFLICT,
            "Someone changed this file since you opened it, so nothing was saved. This is the file as it is now: make your corrections again.",
        );
    }
    let rows = match review::rows(&text, name) {
        Ok(rows) => rows,
        Err(e) => {
            return message(
                app,
                Some(signed),
                StatusCode::UNPROCESSABLE_ENTITY,
                &e.to_string(),
            )
        }
    };
    // A row the form leaves out keeps its texts; one it sends unchanged
    // is not rewritten.
    let edits: BTreeMap<usize, Vec<String>> = rows
        .iter()
        .filter_map(|r| {
            let texts: Vec<String> = LANGUAGES
                .iter()
                .zip(&r.texts)
                .map(|(l, was)| {
                    field(&format!("r{}.{l}", r.line)).map_or_else(|| was.clone(), review::cell)
                })
                .collect();
            (texts != r.texts).then_some((r.line, texts))
        })
        .collect();
    let mut text_now = text;
    if !edits.is_empty() {
        text_now = review::with_texts(&text_now, &edits);
        if let Err(e) = crate::fsutil::write_atomic(&path, text_now.as_bytes()) {
            let m = format!("{}: {e} (nothing was saved)", path.display());
            return message(app, Some(signed), StatusCode::INTERNAL_SERVER_ERROR, &m);
        }
    }
    if !accept {
        return Redirect::to(&format!("/alignments/{name}?saved=1")).into_response();
    }
    let accepted = match review::parse(&text_now, &path.display().to_string()) {
        Ok(a) => a,
        Err(e) => return shown(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    };
    let location = match Location::parse(&app.project.memory(app.tm.clone())) {
        Ok(l) => l,
        Err(e) => return shown(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let user = &signed.session.user;
    let report = match review::accept(&location, accepted, Some(user)) {
        Ok(r) => r,
        Err(e) => {
            let m = format!("{e} (the corrections were saved; nothing was stored in the memory)");
            return shown(StatusCode::UNPROCESSABLE_ENTITY, &m);
        }
    };
    let (added, merged, dup) = report
        .batch
        .map_or((0, 0, 0), |b| (b.added, b.merged, b.duplicates));
    let rows = |n: usize| if n == 1 { "row" } else { "rows" };
    let note = format!(
        "{ACCEPTED}{} by {user}: {} units ({added} new, {merged} merged, {dup} already there), {} {} with one language left out\n",
        crate::tm::unit::now_stamp(),
        report.imported,
        report.skipped,
        rows(report.skipped)
    );
    // The memory has the units; the note only records it, so a failure
    // to write it loses nothing (accepting again finds them there).
    let mut noted = text_now;
    if !noted.ends_with('\n') {
        noted.push('\n');
    }
    noted.push_str(&note);
    let _ = crate::fsutil::write_atomic(&path, noted.as_bytes());
    Redirect::to(&format!("/alignments/{name}?accepted=1")).into_response()
}

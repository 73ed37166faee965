//! The translator's review view: an event's free-text segments in one
//! language, each with its source, target, status and the memory's best
//! matches, confirmed one by one or in batches.
//!
//! Nothing here is a second implementation: the segments and matches are
//! [`draft::pretranslate`]'s, the checks [`qa::check_segment`], and a
//! confirm *is* a review import — [`review::import_file`] with the confirmed
//! segments as an approved review, so the memory (status `reviewed`, the
//! signed-in user as author, the event and position as the draft names
//! them) and the event file (a paragraph once every sentence of it is
//! confirmed) change together or not at all, as `tilmech review import`
//! does. Each confirmed version is then recorded in the [`history`]
//! journal.
//!
//! Two reviewers at once: every segment carries a version (how many times
//! it was confirmed, and its settled text); a confirm names the version it
//! was made on, and one made on an older version is refused with 409 and
//! both texts, never written over.
//!
//! [`history`]: super::history

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::api::error;
use super::events::{event_path, version_of, NAME_RULE};
use super::history::{self, Entry, Journal};
use super::pages::{message, page};
use super::security::{CanReview, SignedIn};
use super::{blocking, App};
use crate::draft::qa::{self, Finding};
use crate::draft::{self, review, xliff, Category};
use crate::event::Event;
use crate::tm::diff::{self, Op};
use crate::tm::index::Index;
use crate::tm::lookup::{self, Match, Query as Lookup};
use crate::tm::memory::{self, Access, Location, Memory};
use crate::tm::store::{Store as _, StoreError};
use crate::tm::unit::Segment;

/// Lowest score of a match shown beside a segment.
pub const MATCH_MIN: u8 = 50;

/// Lowest score of a fuzzy match put into the target before the translator
/// asks for it (as `tilmech draft`'s default `--min`).
pub const SUGGEST_MIN: u8 = 75;

/// Where a segment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No text and no suggestion.
    Untranslated,
    /// The memory's match is in the target, not yet confirmed.
    Suggested,
    /// The event file (or a CAT tool's review import) has a translation
    /// nobody confirmed here.
    Translated,
    /// Confirmed in the review view, and still the text in force.
    Confirmed,
}

/// What is settled about a segment apart from the memory: its text in the
/// event file or its last confirmed version.
#[derive(Debug, Clone)]
struct Settled {
    text: String,
    status: Status,
    by: Option<Entry>,
}

/// One sentence of the event's source text.
#[derive(Debug, Clone)]
struct Sentence {
    id: String,
    paragraph: usize,
    source: String,
}

/// The event's sentences in order, and what is settled for each in `lang`.
struct Ledger {
    sentences: Vec<Sentence>,
    settled: BTreeMap<String, Settled>,
    /// Confirms per segment id in `lang`.
    counts: BTreeMap<String, usize>,
}

fn ledger(event: &Event, lang: &str, journal: &Journal) -> Ledger {
    let from = event.data.source.get_ref();
    let mut sentences = Vec::new();
    let mut settled = BTreeMap::new();
    // Each segment's confirms in `lang`, in order, gathered in one pass:
    // the journal grows with every confirm of every sentence.
    let mut of_id: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    for e in journal.entries.iter().filter(|e| e.lang == lang) {
        of_id.entry(e.id.as_str()).or_default().push(e);
    }
    let counts = of_id
        .iter()
        .map(|(id, es)| (id.to_string(), es.len()))
        .collect();
    for (p, para) in event.data.paragraphs.iter().enumerate() {
        let para = para.get_ref();
        let sources = draft::segments(para.get(from).map_or("", String::as_str), from);
        let there: Option<Vec<&str>> = para.get(lang).map(|t| draft::segments(t, lang));
        for (s, source) in sources.iter().enumerate() {
            let id = format!("p{}.s{}", p + 1, s + 1);
            let last = of_id
                .get(id.as_str())
                .and_then(|es| es.iter().rev().find(|e| e.source == *source))
                .map(|e| (*e).clone());
            let found = match &there {
                // A translation that does not split into as many sentences
                // as the source is shown whole at its first.
                Some(t) if t.len() != sources.len() => Some(if s == 0 {
                    para[lang].trim().to_string()
                } else {
                    String::new()
                }),
                Some(t) => Some(t[s].to_string()),
                None => None,
            };
            let entry = match (found, last) {
                (Some(text), Some(e)) if e.target == text => Some(Settled {
                    text,
                    status: Status::Confirmed,
                    by: Some(e),
                }),
                (Some(text), _) => Some(Settled {
                    text,
                    status: Status::Translated,
                    by: None,
                }),
                (None, Some(e)) => Some(Settled {
                    text: e.target.clone(),
                    status: Status::Confirmed,
                    by: Some(e),
                }),
                (None, None) => None,
            };
            if let Some(entry) = entry {
                settled.insert(id.clone(), entry);
            }
            sentences.push(Sentence {
                id,
                paragraph: p + 1,
                source: source.to_string(),
            });
        }
    }
    Ledger {
        sentences,
        settled,
        counts,
    }
}

impl Ledger {
    /// The version a confirm of `id` must name: its confirm count and settled text.
    fn version(&self, id: &str) -> String {
        let n = self.counts.get(id).copied().unwrap_or(0);
        let text = self.settled.get(id).map_or("", |s| s.text.as_str());
        format!("{n}.{}", version_of(text.as_bytes()))
    }
}

/// A memory match as the view shows it.
#[derive(Debug, Serialize)]
pub struct MatchView {
    /// 0–101.
    pub score: u8,
    /// The stored source.
    pub source: String,
    /// The stored translation, numbers carried over.
    pub target: String,
    /// Word diff from the stored source to this segment's.
    pub diff: Vec<Op>,
    /// Where the unit came from (`tm:2021-02-10-justice#4 (aligned)`).
    pub origin: String,
    /// The unit's status.
    pub status: Option<String>,
    /// Who made or last changed the unit.
    pub author: Option<String>,
}

impl From<&Match> for MatchView {
    fn from(m: &Match) -> MatchView {
        MatchView {
            score: m.score,
            source: m.source.clone(),
            target: m.target.clone(),
            diff: m.diff.clone(),
            origin: xliff::origin(m),
            status: m.unit.provenance.status.clone(),
            author: m.unit.provenance.author.clone(),
        }
    }
}

/// One segment of the review view.
#[derive(Debug, Serialize)]
pub struct SegmentView {
    /// `p3.s2`.
    pub id: String,
    /// The paragraph, from 1.
    pub paragraph: usize,
    /// The source sentence.
    pub source: String,
    /// Source words.
    pub words: usize,
    /// The target as the view opens it.
    pub target: String,
    /// Where it stands.
    pub status: Status,
    /// What a confirm must name (see the module documentation).
    pub version: String,
    /// The best match's score, if any.
    pub score: Option<u8>,
    /// The draft's category (`context`, `exact`, `fuzzy`, `none`).
    pub category: &'static str,
    /// Up to three matches, best first.
    pub matches: Vec<MatchView>,
    /// Whether the translation came back from a CAT tool (a reviewed
    /// XLIFF imported with `tilmech review import`).
    pub from_cat: bool,
    /// Who confirmed the version in force, and when.
    pub confirmed: Option<(String, String)>,
    /// QA findings on the target.
    pub findings: Vec<Finding>,
    /// The same segment in the pivot language (Russian, while translating
    /// into Kyrgyz), when it has a translation.
    pub pivot: Option<String>,
}

/// The review view of one event in one language.
#[derive(Debug, Serialize)]
pub struct View {
    /// The event's name.
    pub event: String,
    /// Source language.
    pub from: String,
    /// Target language.
    pub lang: String,
    /// The pivot language shown beside, if any.
    pub pivot: Option<String>,
    /// The segments in order.
    pub segments: Vec<SegmentView>,
    /// Counts.
    pub progress: Progress,
}

/// How far a language's review is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    /// Segments.
    pub segments: usize,
    /// Segments confirmed in the review view.
    pub confirmed: usize,
    /// Segments translated but not confirmed here.
    pub translated: usize,
    /// Source words.
    pub words: usize,
    /// Source words of confirmed segments.
    pub words_confirmed: usize,
}

/// The counts of segments given as (source words, status).
fn tally(segments: impl Iterator<Item = (usize, Status)>) -> Progress {
    let mut p = Progress::default();
    for (words, status) in segments {
        p.segments += 1;
        p.words += words;
        match status {
            Status::Confirmed => {
                p.confirmed += 1;
                p.words_confirmed += words;
            }
            Status::Translated => p.translated += 1,
            Status::Suggested | Status::Untranslated => {}
        }
    }
    p
}

/// The progress the events list shows: from the event file and the
/// history alone, without reading the memory.
fn progress_of(st: &Ledger) -> Progress {
    tally(st.sentences.iter().map(|s| {
        let status = st
            .settled
            .get(&s.id)
            .map_or(Status::Untranslated, |x| x.status);
        (s.source.split_whitespace().count(), status)
    }))
}

/// Why a view could not be made.
#[derive(Debug)]
pub enum ViewError {
    /// Bad name or language (400/404).
    NotFound(String),
    /// The event does not load, or a file could not be read.
    Failed(String),
}

impl ViewError {
    fn response(self) -> Response {
        match self {
            ViewError::NotFound(m) => error(StatusCode::NOT_FOUND, m),
            ViewError::Failed(m) => error(StatusCode::UNPROCESSABLE_ENTITY, m),
        }
    }
}

/// The event file, the loaded event and its history, for `name` in `lang`.
struct Opened {
    path: PathBuf,
    event: Event,
    journal_path: PathBuf,
    journal: Journal,
}

fn open(app: &App, name: &str, lang: &str) -> Result<Opened, ViewError> {
    let path = event_path(app, name).ok_or_else(|| ViewError::NotFound(NAME_RULE.into()))?;
    if !path.is_file() {
        return Err(ViewError::NotFound(format!("no event `{name}`")));
    }
    // As `draft` and `render` do: an import a kill interrupted is completed first.
    review::recover(&path).map_err(|e| ViewError::Failed(e.to_string()))?;
    let event = app.load_event(&path).map_err(ViewError::Failed)?;
    let from = event.data.source.get_ref();
    if lang == from || !app.langs.iter().any(|l| l == lang) {
        return Err(ViewError::NotFound(format!(
            "`{lang}` is not a language this event is translated into: expected one of {}",
            app.langs
                .iter()
                .filter(|l| *l != from)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let journal_path = history::path(&app.project, name);
    let journal = history::read(&journal_path)
        .map_err(|e| ViewError::Failed(format!("{}: {e}", journal_path.display())))?;
    Ok(Opened {
        path,
        event,
        journal_path,
        journal,
    })
}

impl App {
    /// The project's memory, read-only; `None` when there is none yet.
    fn memory_read(&self) -> Result<Option<Memory>, String> {
        let location =
            Location::parse(&self.project.memory(self.tm.clone())).map_err(|e| e.to_string())?;
        match memory::open(&location, Access::Read) {
            Ok(m) => Ok(Some(m)),
            Err(StoreError::Absent { .. }) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The memory's index of `lang`, kept while the memory's content stays
    /// the same (the generation changes with every write).
    fn index(&self, store: &Memory, lang: &str) -> Result<Arc<Index>, String> {
        let generation = store.generation().map_err(|e| e.to_string())?;
        let mut cache = self.indexes.lock().expect("index cache");
        if let Some((g, index)) = cache.get(lang) {
            if *g == generation {
                return Ok(index.clone());
            }
        }
        let index = Arc::new(store.index(lang).map_err(|e| e.to_string())?);
        cache.insert(lang.to_string(), (generation, index.clone()));
        Ok(index)
    }
}

/// The review view of event `name` in `lang`.
pub fn view(app: &App, name: &str, lang: &str) -> Result<View, ViewError> {
    let o = open(app, name, lang)?;
    let from = o.event.data.source.get_ref().clone();
    let st = ledger(&o.event, lang, &o.journal);
    // The drafts of every paragraph, as if none were translated yet, so
    // that every segment has its matches and its neighbours' context.
    let mut drafts: BTreeMap<String, draft::SegmentDraft> = BTreeMap::new();
    let failed = ViewError::Failed;
    if let Some(store) = app.memory_read().map_err(failed)? {
        let index = app.index(&store, &from).map_err(ViewError::Failed)?;
        let mut bare = o.event.clone();
        for p in &mut bare.data.paragraphs {
            p.get_mut().remove(lang);
        }
        let d = draft::pretranslate(&bare, &store, &index, lang, MATCH_MIN)
            .map_err(|e| ViewError::Failed(e.to_string()))?;
        for seg in d.paragraphs.into_iter().flat_map(|(_, s)| s) {
            drafts.insert(seg.id.clone(), seg);
        }
    }
    let terms = app.qa_terms(&from, lang);
    let pivot_lang = pivot(app, &from, lang);
    let pivot_state = pivot_lang
        .as_deref()
        .map(|p| ledger(&o.event, p, &o.journal));
    let stem = name.to_string();
    let mut segments = Vec::new();
    for s in &st.sentences {
        let d = drafts.get(&s.id);
        let candidates = d.map_or(&[][..], |d| d.candidates.as_slice());
        // A translation a review import took from an XLIFF file is in the
        // memory as this event's reviewed unit for this very sentence.
        let from_import = candidates.iter().find(|m| {
            m.score >= 100
                && m.unit.provenance.document.as_deref() == Some(stem.as_str())
                && m.unit
                    .provenance
                    .status
                    .as_deref()
                    .is_some_and(|st| st.starts_with("reviewed"))
        });
        let settled = st.settled.get(&s.id);
        let (target, status, from_cat) = match (settled, from_import) {
            (Some(x), imported) => (
                x.text.clone(),
                x.status,
                x.status == Status::Translated && imported.is_some_and(|m| m.target == x.text),
            ),
            (None, Some(m)) => (m.target.clone(), Status::Translated, true),
            (None, None) => match d {
                Some(d)
                    if matches!(d.category, Category::Context | Category::Exact)
                        || d.candidates.first().is_some_and(|m| m.score >= SUGGEST_MIN) =>
                {
                    (d.target.clone(), Status::Suggested, false)
                }
                _ => (String::new(), Status::Untranslated, false),
            },
        };
        let findings = if target.trim().is_empty() {
            Vec::new()
        } else {
            qa::check_segment(&s.source, &target, lang, &terms)
        };
        segments.push(SegmentView {
            id: s.id.clone(),
            paragraph: s.paragraph,
            source: s.source.clone(),
            words: s.source.split_whitespace().count(),
            target,
            status,
            version: st.version(&s.id),
            score: candidates.first().map(|m| m.score),
            category: d.map_or("none", |d| d.category.as_str()),
            matches: candidates.iter().map(MatchView::from).collect(),
            from_cat,
            confirmed: settled
                .and_then(|x| x.by.as_ref())
                .filter(|_| status == Status::Confirmed)
                .map(|e| (e.user.clone(), e.time.clone())),
            findings,
            pivot: pivot_state
                .as_ref()
                .and_then(|p| p.settled.get(&s.id))
                .map(|x| x.text.clone())
                .filter(|t| !t.is_empty()),
        });
    }
    Ok(View {
        event: name.to_string(),
        from,
        lang: lang.to_string(),
        pivot: pivot_lang,
        // From the segments as shown, so that a translation a CAT tool's
        // review import put in the memory counts as translated here too.
        progress: tally(segments.iter().map(|s| (s.words, s.status))),
        segments,
    })
}

/// The language shown beside the target: Russian while translating into
/// Kyrgyz (translators there read the Russian version), none otherwise.
fn pivot(app: &App, from: &str, lang: &str) -> Option<String> {
    (lang == "ky" && from != "ru" && app.langs.iter().any(|l| l == "ru")).then(|| "ru".into())
}

/// Progress of every target language of the event at `path`, for the events list.
pub fn progress(app: &App, name: &str, event: &Event) -> BTreeMap<String, Progress> {
    let journal = history::read(&history::path(&app.project, name)).unwrap_or_default();
    let from = event.data.source.get_ref();
    app.langs
        .iter()
        .filter(|l| *l != from)
        .map(|l| (l.clone(), progress_of(&ledger(event, l, &journal))))
        .collect()
}

/// `GET /events/{name}/review/{lang}`: the review page.
pub async fn page_view(
    State(app): State<Arc<App>>,
    SignedIn(signed): SignedIn,
    Path((name, lang)): Path<(String, String)>,
) -> Response {
    // The memory is read on a blocking thread: a PostgreSQL client
    // must never run on the server's async workers.
    blocking(move || match view(&app, &name, &lang) {
        Ok(v) => page(
            &app,
            "review.html",
            Some(&signed),
            StatusCode::OK,
            minijinja::context! {
                view => v,
                reviews => signed.session.role.reviews(),
                match_min => MATCH_MIN,
            },
        ),
        Err(ViewError::NotFound(m)) => message(&app, Some(&signed), StatusCode::NOT_FOUND, &m),
        Err(ViewError::Failed(m)) => {
            message(&app, Some(&signed), StatusCode::UNPROCESSABLE_ENTITY, &m)
        }
    })
    .await
}

/// `GET /api/review/{name}/{lang}`: the view as JSON.
pub async fn get_view(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Path((name, lang)): Path<(String, String)>,
) -> Response {
    // The memory is read on a blocking thread: a PostgreSQL client
    // must never run on the server's async workers.
    blocking(move || match view(&app, &name, &lang) {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.response(),
    })
    .await
}

/// Event `name`'s source language, its ledger in `lang`, and where
/// segment `id` is in it; the error answer (404) otherwise.
fn sentence(
    app: &App,
    name: &str,
    lang: &str,
    id: &str,
) -> Result<(String, Ledger, usize), Box<Response>> {
    let o = open(app, name, lang).map_err(|e| Box::new(e.response()))?;
    let st = ledger(&o.event, lang, &o.journal);
    match st.sentences.iter().position(|s| s.id == id) {
        Some(i) => Ok((o.event.data.source.get_ref().clone(), st, i)),
        None => Err(Box::new(error(
            StatusCode::NOT_FOUND,
            format!("no segment `{id}`"),
        ))),
    }
}

/// `GET /api/review/{name}/{lang}/matches/{id}`: one segment's matches.
pub async fn matches(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Path((name, lang, id)): Path<(String, String, String)>,
) -> Response {
    // The memory is read on a blocking thread: a PostgreSQL client
    // must never run on the server's async workers.
    blocking(move || {
        let (from, st, i) = match sentence(&app, &name, &lang, &id) {
            Ok(found) => found,
            Err(e) => return *e,
        };
        let store = match app.memory_read() {
            Ok(Some(s)) => s,
            Ok(None) => return Json(json!({ "id": id, "matches": [] })).into_response(),
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e),
        };
        let index = match app.index(&store, &from) {
            Ok(i) => i,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e),
        };
        let q = Lookup {
            text: &st.sentences[i].source,
            from: &from,
            to: &lang,
            min: MATCH_MIN,
            limit: 3,
            previous: i.checked_sub(1).map(|p| st.sentences[p].source.as_str()),
        };
        match lookup::lookup(&store, &index, &q) {
            Ok(found) => {
                let views: Vec<MatchView> = found.iter().map(MatchView::from).collect();
                Json(json!({ "id": id, "matches": views })).into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    })
    .await
}

/// The body of `POST /api/review/{name}/{lang}/qa`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaRequest {
    id: String,
    target: String,
}

/// `POST /api/review/{name}/{lang}/qa`: the checks on a target as typed.
pub async fn check(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Path((name, lang)): Path<(String, String)>,
    Json(body): Json<QaRequest>,
) -> Response {
    // Reading the event and its history is file work: off the async workers.
    blocking(move || {
        let (from, st, i) = match sentence(&app, &name, &lang, &body.id) {
            Ok(found) => found,
            Err(e) => return *e,
        };
        let s = &st.sentences[i];
        let terms = app.qa_terms(&from, &lang);
        let findings = qa::check_segment(&s.source, &body.target, &lang, &terms);
        Json(json!({ "id": body.id, "findings": findings, "blocks": qa::blocks(&findings) }))
            .into_response()
    })
    .await
}

/// One segment of a confirm.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirm {
    /// The segment.
    pub id: String,
    /// The source sentence as the reviewer saw it.
    pub source: String,
    /// The translation confirmed.
    pub target: String,
    /// The version the reviewer loaded.
    pub version: String,
    /// Confirm even though a blocking check fails (recorded).
    #[serde(default)]
    pub force: bool,
    /// The history record this confirm restores.
    #[serde(default)]
    pub revert_of: Option<u64>,
}

/// The body of `POST /api/review/{name}/{lang}/confirm`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The segments, confirmed all together or not at all.
    pub segments: Vec<Confirm>,
}

/// `POST /api/review/{name}/{lang}/confirm`: confirms segments — one, or a
/// batch, all or none — as a review import of them.
pub async fn confirm(
    State(app): State<Arc<App>>,
    CanReview(signed): CanReview,
    Path((name, lang)): Path<(String, String)>,
    Json(body): Json<ConfirmRequest>,
) -> Response {
    // The memory is read on a blocking thread: a PostgreSQL client
    // must never run on the server's async workers.
    blocking(move || {
        // One confirm or save at a time: the version check and the write must
        // see the same files.
        let _one_at_a_time = app.save_lock.lock().expect("save lock");
        let mut o = match open(&app, &name, &lang) {
            Ok(o) => o,
            Err(e) => return e.response(),
        };
        let from = o.event.data.source.get_ref().clone();
        let st = ledger(&o.event, &lang, &o.journal);
        let sources: BTreeMap<&str, &Sentence> =
            st.sentences.iter().map(|s| (s.id.as_str(), s)).collect();

        let mut conflicts = Vec::new();
        for c in &body.segments {
            let Some(now) = sources.get(c.id.as_str()) else {
                return error(StatusCode::NOT_FOUND, format!("no segment `{}`", c.id));
            };
            if c.target.trim().is_empty() {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("{}: the target is empty: write a translation first", c.id),
                );
            }
            let version = st.version(&c.id);
            if now.source != c.source || version != c.version {
                let theirs = st.settled.get(&c.id);
                conflicts.push(json!({
                    "id": c.id,
                    "source_changed": now.source != c.source,
                    "source": now.source,
                    "yours": c.target,
                    "theirs": {
                        "target": theirs.map(|t| t.text.clone()),
                        "status": theirs.map_or(Status::Untranslated, |t| t.status),
                        "user": theirs.and_then(|t| t.by.as_ref()).map(|e| e.user.clone()),
                        "time": theirs.and_then(|t| t.by.as_ref()).map(|e| e.time.clone()),
                    },
                    "version": version,
                }));
            }
        }
        if !conflicts.is_empty() {
            return (
                StatusCode::CONFLICT,
                Json(json!({ "error": "conflict", "conflicts": conflicts })),
            )
                .into_response();
        }

        let terms = app.qa_terms(&from, &lang);
        let mut blocked = Vec::new();
        let mut overridden: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        // Handed to the import, which so need not check them again.
        let mut checked: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
        for c in &body.segments {
            let findings = qa::check_segment(&c.source, &c.target, &lang, &terms);
            let mut errors: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == qa::Severity::Error)
                .map(|f| f.check.to_string())
                .collect();
            errors.dedup();
            if !errors.is_empty() && !c.force {
                blocked.push(json!({ "id": c.id, "findings": findings }));
            }
            overridden.insert(&c.id, errors);
            checked.insert(c.id.clone(), findings);
        }
        if !blocked.is_empty() {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": "qa", "segments": blocked })),
            )
                .into_response();
        }

        // Re-confirming the text in force changes nothing, not even the history.
        let changed: Vec<&Confirm> = body
            .segments
            .iter()
            .filter(|c| {
                st.settled
                    .get(&c.id)
                    .is_none_or(|s| s.status != Status::Confirmed || s.text != c.target.trim())
            })
            .collect();
        if changed.is_empty() {
            let segments: Vec<_> = body
                .segments
                .iter()
                .map(|c| json!({ "id": c.id, "status": Status::Confirmed, "version": st.version(&c.id) }))
                .collect();
            return Json(json!({ "changed": false, "segments": segments, "paragraphs_written": [] }))
                .into_response();
        }

        // The review handed to the import: the new versions, and every
        // confirmed sentence of the paragraphs they belong to, so that a
        // paragraph whose every sentence is confirmed goes into the event.
        let paragraphs: std::collections::BTreeSet<usize> = changed
            .iter()
            .map(|c| sources[c.id.as_str()].paragraph)
            .collect();
        let mut units = Vec::new();
        for s in st
            .sentences
            .iter()
            .filter(|s| paragraphs.contains(&s.paragraph))
        {
            let target = match changed.iter().find(|c| c.id == s.id) {
                Some(c) => c.target.trim().to_string(),
                None => match st.settled.get(&s.id) {
                    Some(x) if x.status == Status::Confirmed => x.text.clone(),
                    _ => continue,
                },
            };
            units.push(xliff::Reviewed {
                id: s.id.clone(),
                line: 0,
                source: s.source.clone(),
                target: Segment::plain(target),
                approved: true,
                state: Some("final".into()),
                drafted: None,
                // Typed in the browser: plain text, no inline codes.
                source_codes: Vec::new(),
                target_codes: Vec::new(),
            });
        }
        let file = xliff::ReviewFile {
            original: o.path.display().to_string(),
            from: from.clone(),
            to: lang.clone(),
            reviewer: None,
            units,
            at: (0, 0),
            version: xliff::Version::default(),
        };
        let options = review::Options {
            event: Some(o.path.clone()),
            author: Some(signed.session.user.clone()),
            accept: review::Accept::Reviewed,
            // The checks ran above: every error left is one the reviewer
            // overrode now or when confirming the sentence before.
            force: true,
            checked,
        };
        let memory = app.project.memory(app.tm.clone());
        let outcome = Location::parse(&memory)
            .and_then(|l| memory::open(&l, Access::Write))
            .map_err(review::ReviewError::from)
            .and_then(|mut store| {
                review::import_file(
                    &o.path.with_extension(format!("{lang}.review")),
                    file,
                    &options,
                    &app.project,
                    &mut store,
                )
            });
        let outcome = match outcome {
            Ok(out) => out,
            Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        };

        let time = crate::tm::unit::now_stamp();
        let mut seq = o.journal.next_seq();
        let entries: Vec<Entry> = changed
            .iter()
            .map(|c| {
                let e = Entry {
                    seq,
                    lang: lang.clone(),
                    id: c.id.clone(),
                    source: c.source.clone(),
                    target: c.target.trim().to_string(),
                    user: signed.session.user.clone(),
                    time: time.clone(),
                    overridden: overridden.remove(c.id.as_str()).unwrap_or_default(),
                    revert_of: c.revert_of,
                };
                seq += 1;
                e
            })
            .collect();
        if let Err(e) = o.journal.append(&o.journal_path, &entries) {
            // The memory and the event have the work; only its record is missing.
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!(
                    "confirmed, but the history could not be written ({}: {e})",
                    o.journal_path.display()
                ),
            );
        }
        let after = match Event::load(&o.path) {
            Ok(ev) => ledger(&ev, &lang, &o.journal),
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
        let segments: Vec<_> = body
            .segments
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "status": after.settled.get(&c.id).map_or(Status::Untranslated, |s| s.status),
                    "version": after.version(&c.id),
                })
            })
            .collect();
        Json(json!({
            "changed": true,
            "segments": segments,
            "paragraphs_written": outcome.written,
            "memory": { "added": outcome.tm.added, "merged": outcome.tm.merged, "already": outcome.tm.duplicates },
            "progress": progress_of(&after),
        }))
        .into_response()
    })
    .await
}

/// One version in `GET /api/review/{name}/{lang}/history/{id}`.
#[derive(Serialize)]
struct Version<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    /// Word diff from the version before (none for the first).
    diff: Vec<Op>,
}

/// `GET /api/review/{name}/{lang}/history/{id}`: every confirmed version
/// of a segment, oldest first, each with its diff from the one before.
pub async fn segment_history(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Path((name, lang, id)): Path<(String, String, String)>,
) -> Response {
    let o = match open(&app, &name, &lang) {
        Ok(o) => o,
        Err(e) => return e.response(),
    };
    let mut previous: Option<&str> = None;
    let mut versions = Vec::new();
    for e in o.journal.of(&lang, &id) {
        versions.push(Version {
            entry: e,
            diff: previous.map_or_else(Vec::new, |p| diff::diff(p, &e.target)),
        });
        previous = Some(&e.target);
    }
    Json(json!({ "id": id, "versions": versions })).into_response()
}

/// The query of `GET /api/concordance`.
#[derive(Deserialize)]
pub struct ConcordanceQuery {
    q: String,
    lang: Option<String>,
}

/// `GET /api/concordance?q=…[&lang=ru]`: memory units containing a phrase,
/// in one language or any (as `tilmech tm search`).
pub async fn concordance(
    State(app): State<Arc<App>>,
    _: SignedIn,
    Query(q): Query<ConcordanceQuery>,
) -> Response {
    // The memory is read on a blocking thread: a PostgreSQL client
    // must never run on the server's async workers.
    blocking(move || {
        let phrase = q.q.trim();
        if phrase.is_empty() {
            return error(
                StatusCode::BAD_REQUEST,
                "nothing to search for: `q` is empty",
            );
        }
        let lang = q.lang.filter(|l| !l.is_empty() && l != "any");
        let store = match app.memory_read() {
            Ok(Some(s)) => s,
            Ok(None) => return Json(json!({ "hits": [] })).into_response(),
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e),
        };
        match store.search(phrase, lang.as_deref(), 20) {
            Ok(hits) => {
                let hits: Vec<_> = hits
                    .into_iter()
                    .map(|(id, u)| {
                        let segments: BTreeMap<String, String> =
                            u.segments.into_iter().map(|(l, s)| (l, s.text)).collect();
                        json!({
                            "id": id,
                            "segments": segments,
                            "document": u.provenance.document,
                            "status": u.provenance.status,
                            "author": u.provenance.author,
                        })
                    })
                    .collect();
                Json(json!({ "hits": hits })).into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = concat!(
        "kind = \"meeting\"\ndate = 2021-06-03\nplace = \"bishkek\"\n\n",
        "[[people]]\nrole = \"host\"\nname = { en = \"A B\" }\ngender = \"male\"\nposition = \"osce-head\"\n\n",
        "[[people]]\nrole = \"guest\"\nname = { en = \"C D\" }\ngender = \"male\"\nposition = \"osce-head\"\n\n",
        "[[paragraphs]]\nen = \"It agreed. It left.\"\n"
    );

    fn entry(seq: u64, id: &str, source: &str, target: &str) -> Entry {
        Entry {
            seq,
            lang: "ru".into(),
            id: id.into(),
            source: source.into(),
            target: target.into(),
            user: "aigul".into(),
            time: "2027-01-20T10:00:00Z".into(),
            overridden: Vec::new(),
            revert_of: None,
        }
    }

    fn event(text: &str) -> Event {
        Event::parse(std::path::Path::new("e.toml"), text.to_string()).unwrap()
    }

    #[test]
    fn a_paragraph_written_by_another_reviewer_leaves_the_other_sentences_versions_alone() {
        let mut journal = Journal::default();
        journal.entries = vec![
            entry(1, "p1.s1", "It agreed.", "Оно согласилось."),
            entry(2, "p1.s2", "It left.", "Оно ушло."),
        ];
        let before = ledger(&event(EVENT), "ru", &journal);
        let written = format!("{EVENT}ru = \"Оно согласилось. Оно ушло.\"\n");
        let after = ledger(&event(&written), "ru", &journal);
        for id in ["p1.s1", "p1.s2"] {
            assert_eq!(before.version(id), after.version(id), "{id}");
            assert_eq!(after.settled[id].status, Status::Confirmed, "{id}");
        }
        // A hand edit of the event file is a change a confirm must not miss.
        let edited = format!("{EVENT}ru = \"Оно согласилось. Оно осталось.\"\n");
        let edited = ledger(&event(&edited), "ru", &journal);
        assert_eq!(edited.version("p1.s1"), after.version("p1.s1"));
        assert_ne!(edited.version("p1.s2"), after.version("p1.s2"));
        assert_eq!(edited.settled["p1.s2"].status, Status::Translated);
    }

    #[test]
    fn a_confirm_of_an_older_source_sentence_is_not_the_text_in_force() {
        let mut journal = Journal::default();
        journal.entries = vec![entry(1, "p1.s1", "It disagreed.", "Оно не согласилось.")];
        let l = ledger(&event(EVENT), "ru", &journal);
        assert!(!l.settled.contains_key("p1.s1"));
        assert_eq!(progress_of(&l).confirmed, 0);
    }
}

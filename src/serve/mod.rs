//! `tilmech serve`: the office's web app, a second front end over the same
//! library calls the command line makes. Press officers draft and edit
//! events in a form and see the release in every language as they type;
//! every page is server-rendered HTML that works without JavaScript, which
//! only adds the live preview and the buttons that add rows.
//!
//! - [`auth`]: users, roles, sessions, CSRF tokens.
//! - [`security`]: the one middleware every request passes: host check,
//!   session, CSRF, security headers.
//! - [`events`]: the events list, the editor, saving, downloads.
//! - [`api`]: the JSON API under the pages (`docs/serve.md`).
//! - [`align`]: the alignment review, where the files `tm align --review`
//!   writes are corrected and accepted into the memory.
//! - [`review`]: the translators' review view, whose confirms are review
//!   imports; [`history`]: every confirmed version.
//!
//! The server holds no state of its own beyond sessions: events are read
//! from and written to the project's files on every request, so the command
//! line and the web app can be used side by side.

pub mod align;
pub mod api;
pub mod auth;
pub mod events;
pub mod history;
pub mod pages;
pub mod review;
pub mod security;

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::routing::{get, post};
use axum::Router;

use crate::event::Event;
use crate::project::Project;
use crate::render::{RenderError, Renderer};

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project to serve.
    pub project: Project,
    /// Where to listen.
    pub listen: SocketAddr,
    /// Configured users; `None` allows loopback only, signed in by token.
    pub users: Option<PathBuf>,
    /// The translation memory [default: `$TILMECH_TM`, else the project's].
    pub tm: Option<PathBuf>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Listening beyond loopback needs users.
    #[error("listening on {0} would let anyone on the network edit the project: give a users file with --users FILE (see `tilmech user add --help`), or listen on 127.0.0.1")]
    OpenToNetwork(SocketAddr),
    /// The users file is unusable.
    #[error(transparent)]
    Users(#[from] auth::UsersError),
    /// The project's templates or locales could not be loaded.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The address could not be bound, or the server failed.
    #[error("cannot listen on {addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// What a started server tells its caller to print.
#[derive(Debug, Clone)]
pub struct Started {
    /// The address actually bound (port 0 becomes a real port).
    pub addr: SocketAddr,
    /// The address to open in a browser, with the sign-in token when the
    /// server has no users.
    pub url: String,
}

/// Shared state of a running server.
pub struct App {
    project: Project,
    langs: Vec<String>,
    auth: auth::Auth,
    addr: SocketAddr,
    renderer: RwLock<Arc<Loaded>>,
    /// Saves are checked against the file and written one at a time, so two
    /// people saving the same event cannot both pass the check.
    save_lock: Mutex<()>,
    pages: minijinja::Environment<'static>,
    /// `--tm`, if given.
    tm: Option<PathBuf>,
    /// The memory's index per source language, with the generation it is of.
    indexes: Mutex<HashMap<String, (u64, Arc<crate::tm::index::Index>)>>,
}

struct Loaded {
    stamp: Option<SystemTime>,
    renderer: Arc<Renderer>,
    labels: Arc<Labels>,
    /// The body of `GET /api/terms`, by family (`""` for all): built once
    /// per load, as pickers ask for it on every page.
    terms: Arc<BTreeMap<&'static str, Bytes>>,
    /// The review checks' terms by (source, target) language: the review
    /// view checks a target as the translator types.
    qa_terms: BTreeMap<(String, String), Arc<Vec<crate::draft::qa::Term>>>,
}

/// Every term's text by language and term id, as pickers show it.
pub type Labels = BTreeMap<String, BTreeMap<String, String>>;

/// Every term's forms by language, term id and form key (`gen`, `loc`…).
pub(crate) type TermForms = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

impl Loaded {
    fn new(
        stamp: Option<SystemTime>,
        renderer: Renderer,
        project: &Project,
        langs: &[String],
    ) -> Loaded {
        let labels = langs
            .iter()
            .map(|l| (l.clone(), renderer.term_labels(l)))
            .collect();
        let forms: TermForms = langs
            .iter()
            .map(|l| (l.clone(), renderer.term_forms(l)))
            .collect();
        let terms = api::term_bodies(&labels, &forms);
        let locales = &project.config.locales;
        let qa_terms = langs
            .iter()
            .flat_map(|from| langs.iter().map(move |to| (from, to)))
            .filter(|(from, to)| from != to)
            .map(|(from, to)| {
                let terms = crate::draft::qa::load_terms(locales, from, to);
                ((from.clone(), to.clone()), Arc::new(terms))
            })
            .collect();
        Loaded {
            stamp,
            renderer: Arc::new(renderer),
            labels: Arc::new(labels),
            terms: Arc::new(terms),
            qa_terms,
        }
    }
}

impl App {
    /// The renderer, reloaded when a template or locale file changed since
    /// it was loaded (a term added on the command line shows at once).
    fn renderer(&self) -> Result<Arc<Renderer>, RenderError> {
        Ok(self.loaded()?.renderer.clone())
    }

    /// The term texts of the current renderer.
    fn labels(&self) -> Result<Arc<Labels>, RenderError> {
        Ok(self.loaded()?.labels.clone())
    }

    /// The `GET /api/terms` bodies of the current renderer.
    fn term_bodies(&self) -> Result<Arc<BTreeMap<&'static str, Bytes>>, RenderError> {
        Ok(self.loaded()?.terms.clone())
    }

    /// The review checks' terms from `from` into `to`, as of the current
    /// locales.
    fn qa_terms(&self, from: &str, to: &str) -> Arc<Vec<crate::draft::qa::Term>> {
        let key = (from.to_string(), to.to_string());
        if let Some(terms) = self
            .loaded()
            .ok()
            .and_then(|l| l.qa_terms.get(&key).cloned())
        {
            return terms;
        }
        // A pair outside the project's languages, or locales that do not
        // load now: read as the command line would.
        Arc::new(crate::draft::qa::load_terms(
            &self.project.config.locales,
            from,
            to,
        ))
    }

    fn loaded(&self) -> Result<Arc<Loaded>, RenderError> {
        let stamp = newest_change(&self.project);
        {
            let loaded = self.renderer.read().expect("renderer");
            if loaded.stamp == stamp {
                return Ok(loaded.clone());
            }
        }
        let fresh = Arc::new(Loaded::new(
            stamp,
            Renderer::load(&self.project, &self.langs)?,
            &self.project,
            &self.langs,
        ));
        *self.renderer.write().expect("renderer") = fresh.clone();
        Ok(fresh)
    }

    /// The project's events folder.
    fn events_dir(&self) -> &Path {
        &self.project.config.events
    }

    /// Loads and validates the event file `path` like `tilmech render`.
    fn load_event(&self, path: &Path) -> Result<Event, String> {
        let renderer = self.renderer().map_err(|e| e.to_string())?;
        crate::render::load_event(path, &renderer).map_err(|e| e.to_string())
    }
}

/// The newest modification time under the locales and templates folders.
fn newest_change(project: &Project) -> Option<SystemTime> {
    fn walk(dir: &Path, newest: &mut Option<SystemTime>, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        if let Ok(m) = std::fs::metadata(dir).and_then(|m| m.modified()) {
            *newest = (*newest).max(Some(m));
        }
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() && depth < 4 {
                walk(&entry.path(), newest, depth + 1);
            } else if let Ok(m) = meta.modified() {
                *newest = (*newest).max(Some(m));
            }
        }
    }
    let mut newest = None;
    walk(&project.config.locales, &mut newest, 0);
    walk(&project.config.templates, &mut newest, 0);
    newest
}

/// Runs `f` on tokio's blocking threads: what reads or writes the memory
/// (SQLite, or PostgreSQL through the blocking `postgres` client) or the
/// project's files.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .expect("a request's blocking work panicked")
}

/// Builds the application and its routes (also used by tests in-process).
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(events::list))
        .route("/login", get(security::login_page).post(security::login))
        .route("/logout", post(security::logout))
        .route("/events/new", get(events::new_page).post(events::create))
        .route("/events/{name}", get(events::edit_page).post(events::save))
        .route("/events/{name}/release/{file}", get(events::download))
        .route("/assets/{file}", get(pages::asset))
        .route("/api/events", get(api::list_events))
        .route(
            "/api/events/{name}",
            get(api::get_event).put(api::put_event),
        )
        .route("/api/preview", post(api::preview))
        .route("/api/terms", get(api::terms))
        .route("/events/{name}/review/{lang}", get(review::page_view))
        .route("/api/review/{name}/{lang}", get(review::get_view))
        .route("/api/review/{name}/{lang}/confirm", post(review::confirm))
        .route("/api/review/{name}/{lang}/qa", post(review::check))
        .route(
            "/api/review/{name}/{lang}/matches/{id}",
            get(review::matches),
        )
        .route(
            "/api/review/{name}/{lang}/history/{id}",
            get(review::segment_history),
        )
        .route("/api/concordance", get(review::concordance))
        .route("/alignments", get(align::list_page))
        .route(
            "/alignments/{file}",
            get(align::file_page).post(align::save),
        )
        .route("/api/alignments", get(align::list))
        .route("/api/alignments/{file}", get(align::get_file))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .with_state(app)
}

/// Starts the server and serves until the process is stopped; `started` is
/// called once the address is bound.
pub fn run(options: Options, started: impl FnOnce(&Started)) -> Result<(), ServeError> {
    let loopback = options.listen.ip().is_loopback();
    let users = match &options.users {
        Some(path) => auth::load_users(path)?,
        None => Vec::new(),
    };
    if !loopback && users.is_empty() {
        return Err(ServeError::OpenToNetwork(options.listen));
    }
    let langs = options.project.config.languages.clone();
    let loaded = Loaded::new(
        newest_change(&options.project),
        Renderer::load(&options.project, &langs)?,
        &options.project,
        &langs,
    );
    let io = |addr, source| ServeError::Io { addr, source };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| io(options.listen, e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|e| io(options.listen, e))?;
        let addr = listener.local_addr().map_err(|e| io(options.listen, e))?;
        let app = Arc::new(App {
            renderer: RwLock::new(Arc::new(loaded)),
            project: options.project,
            langs,
            auth: auth::Auth::new(users),
            addr,
            save_lock: Mutex::new(()),
            pages: pages::environment(),
            tm: options.tm,
            indexes: Mutex::default(),
        });
        let host = if addr.ip().is_unspecified() {
            SocketAddr::new([127, 0, 0, 1].into(), addr.port())
        } else {
            addr
        };
        let url = match app.auth.start_token() {
            Some(token) => format!("http://{host}/login?token={token}"),
            None => format!("http://{host}/"),
        };
        started(&Started { addr, url });
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| io(addr, e))
    })
}

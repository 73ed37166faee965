//! Server-rendered pages (MiniJinja templates compiled into the binary, HTML
//! escaped by default) and the static assets they use.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::security::Signed;
use super::App;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("pages/base.html")),
    ("login.html", include_str!("pages/login.html")),
    ("events.html", include_str!("pages/events.html")),
    ("edit.html", include_str!("pages/edit.html")),
    ("message.html", include_str!("pages/message.html")),
    ("review.html", include_str!("pages/review.html")),
    ("alignments.html", include_str!("pages/alignments.html")),
    ("alignment.html", include_str!("pages/alignment.html")),
];

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    ),
    (
        "review.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/review.js"),
    ),
];

/// The page templates.
pub fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("page templates parse");
    }
    env
}

/// Renders page `template` with `ctx` and what every page shows (the user,
/// the CSRF token for forms).
pub fn page(
    app: &App,
    template: &str,
    signed: Option<&Signed>,
    status: StatusCode,
    ctx: minijinja::Value,
) -> Response {
    let base = minijinja::context! {
        user => signed.map(|s| s.session.user.clone()),
        role => signed.map(|s| s.session.role.as_str()),
        csrf => signed.map(|s| s.session.csrf.clone()),
        languages => app.langs.clone(),
    };
    let ctx = minijinja::context! { ..ctx, ..base };
    match app.pages.get_template(template).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("page template {template}: {e:#}"),
        )
            .into_response(),
    }
}

/// A short page that says one thing (not found, refused…).
pub fn message(app: &App, signed: Option<&Signed>, status: StatusCode, text: &str) -> Response {
    page(
        app,
        "message.html",
        signed,
        status,
        minijinja::context! { title => status.canonical_reason(), text => text },
    )
}

/// `GET /assets/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, body)) => {
            let mut r = body.into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

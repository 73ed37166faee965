//! The one middleware every request passes ([`guard`]), and signing in and
//! out.
//!
//! In order: a server without users answers only requests addressed to a
//! loopback host name (a DNS-rebinding page cannot reach it); the session
//! cookie is looked up; a state-changing request (anything but GET and
//! HEAD) must come from this origin, from a signed-in session, and carry
//! that session's CSRF token in the `X-CSRF-Token` header or a `csrf` form
//! field; and every response gets the security headers (a strict
//! Content-Security-Policy with no inline script or style, no framing, no
//! sniffing, no referrer to other sites, no caching of pages).

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::auth::{constant_time_eq, Role, Session};
use super::App;

/// The session cookie's name.
pub const COOKIE: &str = "tilmech_session";

/// The largest request body accepted (an event with long paragraphs fits
/// many times over).
pub const MAX_BODY: usize = 4 << 20;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The signed-in session of a request, put there by [`guard`].
#[derive(Debug, Clone)]
pub struct Signed {
    /// The session id (the cookie's value).
    pub id: String,
    /// The session.
    pub session: Session,
}

/// A handler argument: the request's signed-in session. Without one, a page
/// redirects to the sign-in page and the API answers 401.
pub struct SignedIn(pub Signed);

/// A handler argument: a session whose role may edit events (403 otherwise).
pub struct CanEdit(pub Signed);

/// A handler argument: a session whose role may confirm translations (403 otherwise).
pub struct CanReview(pub Signed);

fn is_api(parts: &axum::http::request::Parts) -> bool {
    parts.uri.path().starts_with("/api/")
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Response> {
        with_role(parts, |_| true, "").map(SignedIn).map_err(|e| *e)
    }
}

/// The request's session if its role passes `allowed`, else 403 with `refusal`.
fn with_role(
    parts: &axum::http::request::Parts,
    allowed: fn(Role) -> bool,
    refusal: &str,
) -> Result<Signed, Box<Response>> {
    let s = match parts.extensions.get::<Signed>() {
        Some(s) => s.clone(),
        None if is_api(parts) => {
            return Err(Box::new(refuse(StatusCode::UNAUTHORIZED, "sign in first")))
        }
        None => return Err(Box::new(Redirect::to("/login").into_response())),
    };
    if allowed(s.session.role) {
        Ok(s)
    } else {
        Err(Box::new(refuse(StatusCode::FORBIDDEN, refusal)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CanEdit {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Response> {
        with_role(
            parts,
            Role::edits_events,
            "editing events needs the press-officer or admin role",
        )
        .map(CanEdit)
        .map_err(|e| *e)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CanReview {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Response> {
        with_role(
            parts,
            Role::reviews,
            "confirming translations needs the translator or admin role",
        )
        .map(CanReview)
        .map_err(|e| *e)
    }
}

/// Host check, session, origin and CSRF check, security headers.
pub async fn guard(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    if !app.auth.has_users() && !loopback_host(req.headers(), app.addr.port()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "this server answers only to 127.0.0.1 or localhost",
        );
    }
    let signed = cookie(req.headers(), COOKIE)
        .and_then(|id| app.auth.session(&id).map(|session| Signed { id, session }));
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD);
    if changes_state {
        if !same_origin(req.headers()) {
            return refuse(StatusCode::FORBIDDEN, "cross-origin request refused");
        }
        if req.uri().path() != "/login" {
            let Some(signed) = &signed else {
                return refuse(StatusCode::UNAUTHORIZED, "sign in first");
            };
            let (parts, body) = req.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
                return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request too large");
            };
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                .or_else(|| form_field(&parts.headers, &bytes, "csrf"));
            let ok = sent
                .is_some_and(|t| constant_time_eq(t.as_bytes(), signed.session.csrf.as_bytes()));
            if !ok {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "missing or wrong CSRF token: reload the page and try again",
                );
            }
            req = Request::from_parts(parts, Body::from(bytes));
        }
    }
    if let Some(signed) = signed {
        req.extensions_mut().insert(signed);
    }
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    // A handler may narrow the policy for its own answer (a release page
    // carries its stylesheet inline); none may widen it to scripts.
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let mut r = (status, axum::Json(serde_json::json!({ "error": message }))).into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

/// Whether the Host header names loopback on our port.
fn loopback_host(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}") || (port == 80 && host == *name))
}

/// A browser names the page a request came from in `Origin`; it must be
/// this server (scripts and tools that send no `Origin` still need the
/// session and CSRF token).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    host.is_some_and(|host| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            == Some(host)
    })
}

/// The value of cookie `name`.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A field of an `application/x-www-form-urlencoded` body.
fn form_field(headers: &HeaderMap, body: &[u8], name: &str) -> Option<String> {
    let urlencoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !urlencoded {
        return None;
    }
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    fields.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn session_cookie(id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/"))
        .expect("hex id")
}

/// `GET /login`: the sign-in form, or with `?token=` the start token's sign-in.
pub async fn login_page(State(app): State<Arc<App>>, Query(q): Query<TokenQuery>) -> Response {
    if let Some(token) = q.token {
        return match app.auth.login_with_token(&token) {
            Some(id) => signed_in(&id),
            None => super::pages::page(
                &app,
                "login.html",
                None,
                StatusCode::FORBIDDEN,
                minijinja::context! { bad_token => true, has_users => app.auth.has_users() },
            ),
        };
    }
    super::pages::page(
        &app,
        "login.html",
        None,
        StatusCode::OK,
        minijinja::context! { has_users => app.auth.has_users() },
    )
}

/// The query of `GET /login`.
#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
}

/// `POST /login`.
pub async fn login(State(app): State<Arc<App>>, Form(f): Form<LoginForm>) -> Response {
    match app.auth.login(&f.name, &f.password) {
        Some(id) => signed_in(&id),
        None => super::pages::page(
            &app,
            "login.html",
            None,
            StatusCode::UNAUTHORIZED,
            minijinja::context! { failed => true, has_users => app.auth.has_users(), name => f.name },
        ),
    }
}

fn signed_in(id: &str) -> Response {
    // A redirect, so the token leaves the address bar and the history.
    let mut r = Redirect::to("/").into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(id));
    r
}

/// `POST /logout`.
pub async fn logout(
    State(app): State<Arc<App>>,
    signed: Option<axum::Extension<Signed>>,
) -> Response {
    if let Some(s) = signed {
        app.auth.logout(&s.id);
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("tilmech_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    r
}

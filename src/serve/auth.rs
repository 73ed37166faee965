//! Who may do what: users with roles from a users file (Argon2 password
//! hashes, never plain text), sessions in HTTP-only SameSite=Strict cookies,
//! and a CSRF token per session that every state-changing request carries.
//!
//! Without a users file the server only listens on loopback, and the one
//! way in is the address it prints at start, which carries a one-time login
//! token: another user of the same machine, or a web page that guesses the
//! port, gets nothing.
//!
//! The users file (`--users FILE`, written by `tilmech user add`):
//!
//! ```toml
//! [[user]]
//! name = "aigul"
//! role = "translator"          # press-officer | translator | admin
//! password = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Drafts and edits events.
    PressOfficer,
    /// Reviews translations.
    Translator,
    /// Both, and imports into the memory.
    Admin,
}

impl Role {
    /// Whether this role may edit events.
    pub fn edits_events(self) -> bool {
        matches!(self, Role::PressOfficer | Role::Admin)
    }

    /// Whether this role may confirm translations in the review view.
    pub fn reviews(self) -> bool {
        matches!(self, Role::Translator | Role::Admin)
    }

    /// The role's name as the users file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PressOfficer => "press-officer",
            Role::Translator => "translator",
            Role::Admin => "admin",
        }
    }
}

/// One configured user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The login name.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// The password's Argon2 hash in PHC format.
    pub password: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFile {
    #[serde(default)]
    user: Vec<User>,
}

/// Why the users file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    /// It could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// It is not a valid users file.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column where there is one.
        message: String,
    },
}

/// Reads a users file; every password must be an Argon2 hash.
pub fn load_users(path: &Path) -> Result<Vec<User>, UsersError> {
    let text = std::fs::read_to_string(path).map_err(|source| UsersError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |message: String| UsersError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let file: UsersFile =
        toml::from_str(&text).map_err(|e| invalid(crate::event::describe_toml_error(&text, &e)))?;
    let mut seen = std::collections::BTreeSet::new();
    for u in &file.user {
        if PasswordHash::new(&u.password).is_err() || !u.password.starts_with("$argon2") {
            return Err(invalid(format!(
                "user `{}`: `password` must be an Argon2 hash (write it with `tilmech user add`), never the password itself",
                u.name
            )));
        }
        if !seen.insert(u.name.as_str()) {
            return Err(invalid(format!("user `{}` is listed twice", u.name)));
        }
    }
    Ok(file.user)
}

/// Adds or replaces `name` in the users file at `path` (created if absent),
/// writing it atomically.
pub fn add_user(path: &Path, name: &str, role: Role, password: &str) -> Result<(), UsersError> {
    let mut users = if path.exists() {
        load_users(path)?
    } else {
        Vec::new()
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "._-".contains(c))
    {
        return Err(UsersError::Invalid {
            path: path.to_path_buf(),
            message: format!("`{name}` is not a user name: letters, digits, `.`, `_` and `-` only"),
        });
    }
    let user = User {
        name: name.to_string(),
        role,
        password: hash_password(password),
    };
    match users.iter_mut().find(|u| u.name == name) {
        Some(old) => *old = user,
        None => users.push(user),
    }
    let text = toml::to_string(&UsersFile { user: users }).expect("users serialise");
    crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|source| UsersError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// An Argon2id hash of `password` with a fresh random salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes make a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf
}

/// A random token as 32 hex digits.
pub fn random_token() -> String {
    random_bytes::<16>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A signed-in user's session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user's name.
    pub user: String,
    /// What the user may do.
    pub role: Role,
    /// The token every state-changing request must carry.
    pub csrf: String,
    last_seen: Instant,
}

/// How long an idle session lasts.
const IDLE: Duration = Duration::from_secs(12 * 3600);

/// Users, the sessions they hold, and the one-time login token of a server
/// without users.
pub struct Auth {
    users: Vec<User>,
    sessions: Mutex<HashMap<String, Session>>,
    start_token: Option<String>,
}

impl Auth {
    /// Authentication by `users`; with none, by a one-time start token.
    pub fn new(users: Vec<User>) -> Auth {
        let start_token = users.is_empty().then(random_token);
        Auth {
            users,
            sessions: Mutex::default(),
            start_token,
        }
    }

    /// Whether users are configured (else the start token is the way in).
    pub fn has_users(&self) -> bool {
        !self.users.is_empty()
    }

    /// The start token of a server without users.
    pub fn start_token(&self) -> Option<&str> {
        self.start_token.as_deref()
    }

    /// Trades the start token for an admin session of the local user. The
    /// token stays valid while the server runs, so a second browser (or a
    /// colleague given the address) can sign in too.
    pub fn login_with_token(&self, token: &str) -> Option<String> {
        let ok = self
            .start_token
            .as_deref()
            .is_some_and(|t| constant_time_eq(t.as_bytes(), token.as_bytes()));
        ok.then(|| self.open_session("local", Role::Admin))
    }

    /// Checks a password; the session id on success.
    pub fn login(&self, name: &str, password: &str) -> Option<String> {
        let user = self.users.iter().find(|u| u.name == name);
        // An unknown name costs the same hash as a known one, so timing
        // does not tell which names exist.
        let hash = user.map_or(DUMMY_HASH, |u| u.password.as_str());
        let parsed = PasswordHash::new(hash).ok()?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        let user = user.filter(|_| ok)?;
        Some(self.open_session(&user.name, user.role))
    }

    fn open_session(&self, user: &str, role: Role) -> String {
        let id = random_token();
        let session = Session {
            user: user.to_string(),
            role,
            csrf: random_token(),
            last_seen: Instant::now(),
        };
        let mut sessions = self.sessions.lock().expect("sessions");
        sessions.retain(|_, s| s.last_seen.elapsed() < IDLE);
        sessions.insert(id.clone(), session);
        id
    }

    /// The live session `id`, refreshed.
    pub fn session(&self, id: &str) -> Option<Session> {
        let mut sessions = self.sessions.lock().expect("sessions");
        let s = sessions.get_mut(id)?;
        if s.last_seen.elapsed() >= IDLE {
            sessions.remove(id);
            return None;
        }
        s.last_seen = Instant::now();
        Some(s.clone())
    }

    /// Ends session `id`.
    pub fn logout(&self, id: &str) {
        self.sessions.lock().expect("sessions").remove(id);
    }
}

/// A valid Argon2 hash of no password anyone uses, verified for unknown names.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J6GuYr0H5ZT6rNF0Nl0ZLYjKsd3F3nRbUkJcR1hOY7A";

/// Compares secrets without an early exit that timing could reveal.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_stored_as_argon2_hashes_and_verified() {
        let dir = tempdir();
        let path = dir.join("users.toml");
        add_user(&path, "aigul", Role::Translator, "kök-asman").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("kök-asman"), "{text}");
        assert!(text.contains("$argon2id$"), "{text}");
        let auth = Auth::new(load_users(&path).unwrap());
        assert!(auth.login("aigul", "wrong").is_none());
        assert!(auth.login("nobody", "kök-asman").is_none());
        let id = auth.login("aigul", "kök-asman").unwrap();
        assert_eq!(auth.session(&id).unwrap().role, Role::Translator);
        auth.logout(&id);
        assert!(auth.session(&id).is_none());
    }

    #[test]
    fn a_plain_password_in_the_users_file_is_refused() {
        let dir = tempdir();
        let path = dir.join("users.toml");
        std::fs::write(
            &path,
            "[[user]]\nname = \"a\"\nrole = \"admin\"\npassword = \"secret\"\n",
        )
        .unwrap();
        let err = load_users(&path).unwrap_err().to_string();
        assert!(err.contains("must be an Argon2 hash"), "{err}");
    }

    #[test]
    fn only_the_start_token_signs_in_without_users() {
        let auth = Auth::new(Vec::new());
        let token = auth.start_token().unwrap().to_string();
        assert!(auth.login_with_token("forged").is_none());
        assert!(auth.login_with_token("").is_none());
        let id = auth.login_with_token(&token).unwrap();
        assert_eq!(auth.session(&id).unwrap().role, Role::Admin);
        assert!(Auth::new(vec![]).login_with_token(&token).is_none());
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tilmech-auth-{}", random_token()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

//! `tilmech user`: the users of `tilmech serve`.

use std::io::BufRead;
use std::path::PathBuf;

use clap::Subcommand;

use crate::output;
use crate::serve::auth::{self, Role};

/// Arguments of `tilmech user`.
#[derive(clap::Args)]
#[command(
    about = "Manage who may sign in to `tilmech serve`",
    after_help = "Examples:\n  echo 'a long passphrase' | tilmech user add aigul --role translator --users users.toml\n  tilmech serve --listen 0.0.0.0:8080 --users users.toml"
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add a user, or replace their role and password; the password is read
    /// from standard input and stored only as an Argon2 hash.
    Add {
        /// The login name.
        name: String,
        /// What the user may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The users file (created if absent).
        #[arg(long, value_name = "FILE")]
        users: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    /// Drafts and edits events.
    PressOfficer,
    /// Reviews translations.
    Translator,
    /// Both, and imports into the memory.
    Admin,
}

/// Runs `tilmech user`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let Command::Add { name, role, users } = args.command;
    let role = match role {
        RoleArg::PressOfficer => Role::PressOfficer,
        RoleArg::Translator => Role::Translator,
        RoleArg::Admin => Role::Admin,
    };
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        output::eprint("Password (input is shown): ");
    }
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\n', '\r']);
    if password.chars().count() < 8 {
        anyhow::bail!("the password must have at least 8 characters; nothing was changed");
    }
    auth::add_user(&users, &name, role, password)?;
    output::note(&format!(
        "{} {name} ({}) in {}\n",
        output::paint(output::GOOD, "saved"),
        role.as_str(),
        users.display()
    ));
    Ok(super::EXIT_OK)
}

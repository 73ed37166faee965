//! `tilmech serve`: the office's web app on this machine.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::output;
use crate::serve::{self, Options};

/// Arguments of `tilmech serve`.
#[derive(clap::Args)]
#[command(
    about = "Run the office's web app: draft events in a form with a live preview in every language",
    after_help = "Without --users it listens on loopback only and prints an address with a sign-in token.\nListening on any other address needs a users file (see `tilmech user add --help`).\n\nExamples:\n  tilmech serve\n  tilmech serve --listen 127.0.0.1:9000 --project ~/press\n  tilmech serve --listen 0.0.0.0:8080 --users users.toml\n  tilmech serve --tm office.sqlite   # the memory the review view uses\n\nThe pages and the JSON API are described in docs/serve.md."
)]
pub struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// Users who may sign in, with roles and Argon2 password hashes.
    #[arg(long, value_name = "FILE")]
    users: Option<PathBuf>,
    /// The memory the review view reads and confirms into.
    #[command(flatten)]
    tm: super::args::Memory,
    #[command(flatten)]
    project: super::args::ProjectDir,
}

/// Runs `tilmech serve` until it is stopped.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    // `find` refuses a --project folder that is not there, where discovery
    // would climb to a project above it.
    let project = args.project.find(None)?;
    let root = project.root.clone();
    serve::run(
        Options {
            project,
            listen: args.listen,
            users: args.users,
            tm: args.tm.tm,
        },
        |started| {
            output::print(&format!(
                "Serving {} on {}\nOpen {}\nPress Ctrl+C to stop.\n",
                root.display(),
                started.addr,
                started.url
            ));
        },
    )?;
    Ok(super::EXIT_OK)
}

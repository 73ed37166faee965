//! `tilmech check`: placeholder until the command lands.

/// Arguments of `tilmech check`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `tilmech check`.
pub fn exec(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`tilmech check` is not built yet")
}

//! `tilmech tm`: placeholder until the command lands.

/// Arguments of `tilmech tm`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `tilmech tm`.
pub fn exec(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`tilmech tm` is not built yet")
}

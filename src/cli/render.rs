//! `tilmech render`: placeholder until the command lands.

/// Arguments of `tilmech render`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `tilmech render`.
pub fn exec(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`tilmech render` is not built yet")
}

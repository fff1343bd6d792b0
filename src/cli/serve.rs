//! `shisaku serve` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {}

/// Run `serve`.
pub fn run(_args: ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`serve` is not implemented yet")
}

//! `shisaku status` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `status`.
#[derive(Args, Debug)]
pub struct StatusArgs {}

/// Run `status`.
pub fn run(_args: StatusArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`status` is not implemented yet")
}

//! `shisaku show` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `show`.
#[derive(Args, Debug)]
pub struct ShowArgs {}

/// Run `show`.
pub fn run(_args: ShowArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`show` is not implemented yet")
}

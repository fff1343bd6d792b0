//! `shisaku diff` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {}

/// Run `diff`.
pub fn run(_args: DiffArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`diff` is not implemented yet")
}

//! `shisaku export` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `export`.
#[derive(Args, Debug)]
pub struct ExportArgs {}

/// Run `export`.
pub fn run(_args: ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`export` is not implemented yet")
}

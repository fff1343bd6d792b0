//! `shisaku parse`: records of a plan PDF as JSON Lines or one JSON document.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

/// Arguments of `parse`.
#[derive(Args, Debug)]
pub struct ParseArgs {
    /// The PDF file.
    file: PathBuf,
}

/// Run `parse`.
pub fn run(_args: ParseArgs) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}

/// Parse a page selection such as "3", "3-5" or "1,4-6" against `count` pages.
pub fn page_selection(spec: Option<&str>, count: usize) -> anyhow::Result<Vec<u32>> {
    let count = u32::try_from(count)?;
    let Some(spec) = spec else {
        return Ok((1..=count).collect());
    };
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>()?, b.trim().parse::<u32>()?),
            None => {
                let n = part.parse::<u32>()?;
                (n, n)
            }
        };
        if a == 0 || b < a || b > count {
            anyhow::bail!("page range {part} is outside 1-{count}");
        }
        out.extend(a..=b);
    }
    Ok(out)
}

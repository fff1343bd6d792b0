//! Resource-limit flags shared by `extract`, `parse` and `ingest`.
//!
//! The flags override the most useful fields of [`Limits`]; everything else
//! keeps its default. Defaults shown by `--help` are those of
//! [`Limits::default`].

use std::time::Duration;

use clap::builder::RangedU64ValueParser;
use clap::Args;

use crate::pdf::Limits;

/// Bytes in a mebibyte.
const MIB: usize = 1024 * 1024;

/// `--max-stream-mb`, `--max-pages`, `--timeout-secs`.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Largest decoded size of one stream (and of one page's content), in MiB.
    #[arg(long, value_name = "MB", default_value_t = Limits::default().max_stream_bytes / MIB,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..4096))]
    pub max_stream_mb: usize,
    /// Most pages a document may have; a longer one is refused.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pages,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_pages: usize,
    /// Wall-clock budget of one document in seconds; a slower one fails (0: no limit).
    #[arg(long, value_name = "SECS", default_value_t = default_timeout_secs())]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    Limits::default().max_duration.map_or(0, |d| d.as_secs())
}

impl LimitArgs {
    /// The limits these flags describe.
    pub fn to_limits(&self) -> Limits {
        Limits {
            max_stream_bytes: self.max_stream_mb.saturating_mul(MIB),
            max_pages: self.max_pages,
            max_duration: (self.timeout_secs > 0).then(|| Duration::from_secs(self.timeout_secs)),
            ..Limits::default()
        }
    }
}

impl Default for LimitArgs {
    fn default() -> LimitArgs {
        let d = Limits::default();
        LimitArgs {
            max_stream_mb: d.max_stream_bytes / MIB,
            max_pages: d.max_pages,
            timeout_secs: default_timeout_secs(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: LimitArgs,
    }

    #[test]
    fn defaults_match_the_library_defaults() {
        let cli = Cli::try_parse_from(["x"]).unwrap();
        let (got, want) = (cli.limits.to_limits(), Limits::default());
        assert_eq!(got.max_stream_bytes, want.max_stream_bytes);
        assert_eq!(got.max_pages, want.max_pages);
        assert_eq!(got.max_duration, want.max_duration);
    }

    #[test]
    fn flags_override_and_zero_timeout_disables() {
        let cli = Cli::try_parse_from([
            "x",
            "--max-stream-mb",
            "2",
            "--max-pages",
            "7",
            "--timeout-secs",
            "0",
        ])
        .unwrap();
        let l = cli.limits.to_limits();
        assert_eq!(l.max_stream_bytes, 2 * MIB);
        assert_eq!(l.max_pages, 7);
        assert_eq!(l.max_duration, None);
        assert!(Cli::try_parse_from(["x", "--max-pages", "0"]).is_err());
        assert!(Cli::try_parse_from(["x", "--max-stream-mb", "0"]).is_err());
    }
}

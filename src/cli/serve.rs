//! `shisaku serve`: the search page and JSON API over HTTP (see
//! [`crate::serve`]).
//!
//! Prints `listening on http://ADDR` on stdout once the socket is bound (with
//! the real port when `--addr` asks for port 0), then serves until Ctrl-C or
//! SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use crate::serve::{self, AppState, ServeConfig};

/// Arguments of `serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Index directory (opened read-only; new commits are picked up live).
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Address to listen on: HOST:PORT, where HOST may be a name such as
    /// localhost (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7700", value_parser = parse_addr)]
    addr: SocketAddr,
    /// Directory holding the source PDFs served under /pdf/ (repeatable).
    #[arg(long = "corpus", default_value = "corpus")]
    corpus: Vec<PathBuf>,
    #[command(flatten)]
    limits: super::limits::LimitArgs,
}

/// Reads `HOST:PORT`, resolving a host name ("localhost:7799") to its first
/// address.
fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let mut addrs = text.to_socket_addrs().map_err(|e| {
        format!("{text:?} is not HOST:PORT (e.g. 127.0.0.1:7700 or localhost:7700): {e}")
    })?;
    addrs
        .next()
        .ok_or_else(|| format!("{text:?} resolves to no address"))
}

/// Run `serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    for dir in args.corpus.iter().filter(|d| !d.is_dir()) {
        eprintln!(
            "warning: --corpus {}: no such directory; its PDFs cannot be opened from result pages",
            dir.display()
        );
    }
    let mut config = ServeConfig::new(args.index.clone(), args.corpus.clone());
    config.pipeline.limits = args.limits.to_limits();
    let state = AppState::open(&config).with_context(|| {
        format!(
            "cannot serve {} (build it with `shisaku ingest`)",
            args.index.display()
        )
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = serve::bind(args.addr).await?;
        let local = listener.local_addr().context("reading the bound address")?;
        if !local.ip().is_loopback() {
            eprintln!(
                "warning: listening on a non-loopback address ({local}); anyone who can reach it can search the index"
            );
        }
        println!("listening on http://{local}");
        eprintln!(
            "serving {} records from {}",
            state.index().num_records(),
            args.index.display()
        );
        serve::run(Arc::new(state), listener, shutdown_signal()).await?;
        eprintln!("stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_take_host_names() {
        assert_eq!(
            parse_addr("127.0.0.1:7700").unwrap(),
            "127.0.0.1:7700".parse::<SocketAddr>().unwrap()
        );
        assert!(parse_addr("localhost:7799").unwrap().ip().is_loopback());
        assert!(parse_addr("7799").unwrap_err().contains("HOST:PORT"));
    }
}

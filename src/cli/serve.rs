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
    /// Address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7700")]
    addr: SocketAddr,
    /// Directory holding the source PDFs served under /pdf/ (repeatable).
    #[arg(long = "corpus", default_value = "corpus")]
    corpus: Vec<PathBuf>,
    #[command(flatten)]
    limits: super::limits::LimitArgs,
}

/// Run `serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
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

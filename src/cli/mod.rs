//! The command-line shell: clap types → calls into the library → output.
//!
//! Each subcommand lives in its own file and only parses its arguments,
//! calls the library and formats the result. Errors are `anyhow` here (the
//! edge of the program), typed everywhere below.

mod diff;
mod export;
mod extract;
mod ingest;
mod limits;
mod pages;
mod parse;
mod search;
mod serve;
mod show;
mod status;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for a failed command.
pub const EXIT_FAILURE: u8 = 1;

/// shisaku (施策): structured records and Japanese search for government plan PDFs.
#[derive(Parser, Debug)]
#[command(name = "shisaku", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the text of a PDF in reading order (pages separated by form feed).
    Extract(extract::ExtractArgs),
    /// Parse a plan PDF into records (SCHEMA.md), one JSON object per line.
    Parse(parse::ParseArgs),
    /// Parse PDFs (default: corpus/) and (re)build the index (default: index/).
    Ingest(ingest::IngestArgs),
    /// Search the index (built from corpus/ first when missing).
    Search(search::SearchArgs),
    /// Show the index: documents, records by edition and kind, last ingest, size.
    Status(status::StatusArgs),
    /// Serve the search page and JSON API over HTTP.
    Serve(serve::ServeArgs),
    /// One record in full, with its lineage and its place in the PDF.
    Show(show::ShowArgs),
    /// What continued, what is new and what was dropped between two editions.
    Diff(diff::DiffArgs),
    /// Export matching records as JSON Lines, CSV or OpenSearch bulk NDJSON.
    Export(export::ExportArgs),
}

/// Parse the command line and run the chosen subcommand.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Parse(a) => parse::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Search(a) => search::run(a),
        Command::Status(a) => status::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Show(a) => show::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Export(a) => export::run(a),
    }
}

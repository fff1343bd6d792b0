//! The `shisaku` binary: parse arguments, run, print the error chain once.

use std::process::ExitCode;

fn main() -> ExitCode {
    match shisaku::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(shisaku::cli::EXIT_FAILURE)
        }
    }
}

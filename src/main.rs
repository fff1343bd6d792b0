//! The `shisaku` binary: parse arguments, run, print the error chain once.
//!
//! A reader that goes away (`shisaku search … | head -1`) ends the program
//! quietly with success, as in ripgrep: a broken pipe is not an error of ours.

use std::io;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: ingest allocates many small
/// strings and token vectors on several threads at once, and glibc's malloc
/// spent a fifth of the ingest CPU (perf) in allocation, freeing and arena
/// lock contention. Built without transparent huge pages (`no_thp`): with
/// them, every fresh 2 MiB arena page is zeroed by the kernel on first touch,
/// and on this kind of virtual machine that cost 0.1–0.7 s of system time a
/// 545-page ingest (1.2 s wall), varying run to run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    match shisaku::cli::run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(shisaku::cli::EXIT_FAILURE)
        }
    }
}

/// Whether the error chain holds a broken pipe (the reader of stdout left).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `print!` panics when stdout's reader has gone away; end with success
/// instead of a panic message and exit code 101. Every other panic keeps the
/// default report.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

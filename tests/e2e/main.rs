//! End-to-end tests: one test binary (the embedded dictionary makes each
//! binary large), one module per area.

mod cli;
mod common;
mod extract_corpus;
mod parse_corpus;

//! End-to-end tests: one test binary (the embedded dictionary makes each
//! binary large), one module per area.

mod bad_pdfs;
mod cli;
mod common;
mod export;
mod extract_corpus;
mod indicators;
mod ingest_incremental;
mod lineage;
mod parse_corpus;
mod pdf_suite;
mod pdf_variants;
mod search_gold;
mod search_quality;
mod serve;

//! End-to-end tests: one test binary (the embedded dictionary makes each
//! binary large), one module per area.

mod bad_pdfs;
mod cli;
mod common;
mod export;
mod extract_corpus;
mod indicators;
mod ingest_conflicts;
mod ingest_incremental;
mod ingest_kill;
mod lineage;
mod newcomer;
mod parse_corpus;
mod passages;
mod pdf_variants;
mod readme;
mod search_gold;
mod search_quality;
mod serve;

//! End-to-end tests: one test binary (the embedded dictionary makes each
//! binary large), one module per area.

mod bad_pdfs;
mod budget_book;
mod cli;
mod collapse;
mod common;
mod dimensions;
mod export;
mod extract_corpus;
mod families;
mod fuzz;
/// The fuzz harness of `fuzz/src`, compiled into this test binary.
#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod fuzz_harness;
mod indicators;
mod ingest_conflicts;
mod ingest_incremental;
mod ingest_kill;
mod ingest_ocr;
mod intent;
mod lineage;
mod newcomer;
mod parse_corpus;
mod passages;
mod pdf_suite;
mod pdf_variants;
mod readme;
mod search_gold;
mod search_quality;
mod serve;

//! The fuzz targets as deterministic property tests (stable toolchain, no
//! libFuzzer): every seed in `seeds/<target>/`, `SHISAKU_FUZZ_ITERS` mutations
//! of each (default 64) from a fixed-seed generator, and every saved crash
//! input in `../tests/fixtures/crashes/<target>/` ([`shisaku_fuzz::check`]).
//! The main crate runs the same checks, with fewer mutations, in its own
//! `cargo test` (`tests/e2e/fuzz.rs`).

use std::path::PathBuf;

fn iterations() -> usize {
    std::env::var("SHISAKU_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn check(name: &str) {
    let (_, target) = shisaku_fuzz::TARGETS
        .into_iter()
        .find(|(n, _)| *n == name)
        .expect("a target");
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    shisaku_fuzz::check(&here, name, target, iterations());
}

#[test]
fn pdf_document() {
    check("pdf_document");
}

#[test]
fn cmap() {
    check("cmap");
}

#[test]
fn content() {
    check("content");
}

#[test]
fn plan_layouts() {
    check("plan_layouts");
}

#[test]
fn query() {
    check("query");
}

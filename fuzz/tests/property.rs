//! The fuzz targets as deterministic property tests (stable toolchain, no
//! libFuzzer): every seed in `seeds/<target>/`, `SHISAKU_FUZZ_ITERS` mutations
//! of each (default 64) from a fixed-seed generator, and every saved crash
//! input in `../tests/fixtures/crashes/<target>/`.

use std::path::{Path, PathBuf};

use shisaku_fuzz::{mutate, Rng};

fn dir_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

fn iterations() -> usize {
    std::env::var("SHISAKU_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Run `target` on the saved crashes, the seeds and mutations of the seeds.
fn check(name: &str, target: fn(&[u8])) {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (path, bytes) in dir_files(&here.join("../tests/fixtures/crashes").join(name)) {
        eprintln!("{name}: replay {}", path.display());
        target(&bytes);
    }
    let seeds = dir_files(&here.join("seeds").join(name));
    assert!(!seeds.is_empty(), "no seeds for {name}");
    let mut rng = Rng::new(0x5eed ^ name.len() as u64);
    for (path, bytes) in &seeds {
        target(bytes);
        for i in 0..iterations() {
            let input = mutate(bytes, &mut rng);
            let result = std::panic::catch_unwind(|| target(&input));
            if result.is_err() {
                let out = std::env::temp_dir().join(format!("shisaku-fuzz-{name}-{i}.bin"));
                let _ = std::fs::write(&out, &input);
                panic!(
                    "{name}: mutation {i} of {} panicked; input saved to {}",
                    path.display(),
                    out.display()
                );
            }
        }
    }
}

#[test]
fn pdf_document() {
    check("pdf_document", shisaku_fuzz::pdf_document);
}

#[test]
fn cmap() {
    check("cmap", shisaku_fuzz::cmap);
}

#[test]
fn content() {
    check("content", shisaku_fuzz::content);
}

#[test]
fn plan_layouts() {
    check("plan_layouts", shisaku_fuzz::plan_layouts);
}

#[test]
fn query() {
    check("query", shisaku_fuzz::query);
}

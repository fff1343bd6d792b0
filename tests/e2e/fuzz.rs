//! The fuzz targets' property checks (`fuzz/src/lib.rs`, its own workspace
//! that CI never builds) run here, in the main crate's `cargo test`: every
//! saved crash input, every seed, and a bounded number of deterministic
//! mutations of each seed ([`MUTATIONS`], or `SHISAKU_FUZZ_ITERS`).

use crate::common::root;
use crate::fuzz_harness::{check, TARGETS};

/// Mutations per seed in the main test run (the fuzz workspace runs 64).
const MUTATIONS: usize = 16;

#[test]
fn fuzz_targets_survive_seeds_mutations_and_saved_crashes() {
    let iterations = std::env::var("SHISAKU_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MUTATIONS);
    let fuzz_dir = root().join("fuzz");
    for (name, target) in TARGETS {
        let done = check(&fuzz_dir, name, target, iterations);
        assert!(done.seeds > 0, "{name}: no seeds");
        assert_eq!(done.mutations, done.seeds * iterations, "{name}");
        eprintln!("{name}: {done:?}");
    }
}

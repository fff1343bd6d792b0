//! libFuzzer entry point for [`shisaku_fuzz::cmap`]: `cargo fuzz run cmap --features libfuzzer`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shisaku_fuzz::cmap(data));

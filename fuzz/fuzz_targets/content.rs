//! libFuzzer entry point for [`shisaku_fuzz::content`]: `cargo fuzz run content --features libfuzzer`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shisaku_fuzz::content(data));

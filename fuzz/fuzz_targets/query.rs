//! libFuzzer entry point for [`shisaku_fuzz::query`]: `cargo fuzz run query --features libfuzzer`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shisaku_fuzz::query(data));

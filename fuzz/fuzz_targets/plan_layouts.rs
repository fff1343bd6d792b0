//! libFuzzer entry point for [`shisaku_fuzz::plan_layouts`]: `cargo fuzz run plan_layouts --features libfuzzer`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shisaku_fuzz::plan_layouts(data));

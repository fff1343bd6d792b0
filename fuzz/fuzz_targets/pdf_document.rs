//! libFuzzer entry point for [`shisaku_fuzz::pdf_document`]: `cargo fuzz run pdf_document --features libfuzzer`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shisaku_fuzz::pdf_document(data));

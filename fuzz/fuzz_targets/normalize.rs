//! Fuzz target: normalize_text: idempotent, clean output.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsindex_fuzz::normalize(data));

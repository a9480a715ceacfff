//! Fuzz target: search on a small index: an answer or the user's error.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsindex_fuzz::search(data));

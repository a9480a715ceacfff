//! Fuzz target: JSON documents and JSON lines through the whole reader.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsindex_fuzz::json(data));

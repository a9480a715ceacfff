//! Fuzz target: the query parser: any string parses or gets a message, within the limits.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsindex_fuzz::query(data));

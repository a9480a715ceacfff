//! Fuzz target: scraped text and HTML pages: decoding, cleaning, the whole reader.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsindex_fuzz::page(data));

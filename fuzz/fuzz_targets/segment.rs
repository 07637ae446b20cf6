#![no_main]
//! Target `segment`: see crates/steerco-sync/tests/fuzz_entry/mod.rs.

#[path = "../../crates/steerco-sync/tests/fuzz_entry/mod.rs"]
mod fuzz_entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_entry::segment(data));

#![no_main]
//! Target `merge`: see crates/steerco-sync/tests/fuzz_entry/mod.rs.

use std::sync::Mutex;

#[path = "../../crates/steerco-sync/tests/fuzz_entry/mod.rs"]
mod fuzz_entry;

static BED: Mutex<Option<fuzz_entry::MergeBed>> = Mutex::new(None);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bed = BED.lock().unwrap_or_else(|e| e.into_inner());
    bed.get_or_insert_with(fuzz_entry::MergeBed::new)
        .merge(data);
});

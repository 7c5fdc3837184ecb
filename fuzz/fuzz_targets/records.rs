//! Record parsing: YAML of every record kind ends in a record or diagnostics,
//! never a panic, hang or stack overflow. The first byte picks the kind.
#![no_main]

#[path = "../cases.rs"]
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::records(data));

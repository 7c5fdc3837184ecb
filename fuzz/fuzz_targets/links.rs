//! Link resolution: a document with any body is resolved against a small
//! site and rendered; relative paths never leave the source folder, rendered
//! HTML never carries a `javascript:` link, and nothing panics.
#![no_main]

#[path = "../cases.rs"]
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::links(data));

//! Front matter splitting and document loading: any text ends in a split or a
//! diagnostic, and the parts of a split are slices of the text.
#![no_main]

#[path = "../cases.rs"]
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::frontmatter(data));

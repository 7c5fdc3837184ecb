//! Front matter splitting and document loading: any text ends in a split or a
//! diagnostic, and the parts of a split are slices of the text.
#![no_main]

use isms_site::source::{frontmatter, parse_text, walk::FileKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = frontmatter::split(text) {
        assert!(
            text.ends_with(split.body),
            "the body is the end of the text"
        );
        if let Some(yaml) = split.yaml {
            assert!(text.contains(yaml));
            assert!(yaml.len() + split.body.len() <= text.len());
        }
        let body_lines = split.body.matches('\n').count();
        assert!(split.body_line_offset + body_lines <= text.matches('\n').count() + 1);
    }
    let _ = parse_text(FileKind::Document, "policies/fuzz.md", text);
});

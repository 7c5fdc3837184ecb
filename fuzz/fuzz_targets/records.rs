//! Record parsing: YAML of every record kind ends in a record or diagnostics,
//! never a panic, hang or stack overflow. The first byte picks the kind.
#![no_main]

use isms_site::source::{parse_text, walk::FileKind};
use libfuzzer_sys::fuzz_target;

const KINDS: [(FileKind, &str); 7] = [
    (FileKind::Audit, "audits/fuzz.yaml"),
    (FileKind::Action, "actions/fuzz.yaml"),
    (FileKind::Review, "reviews/fuzz.yaml"),
    (FileKind::Metric, "metrics/fuzz.yaml"),
    (FileKind::Config, "isms.yaml"),
    (FileKind::Soa, "soa.yaml"),
    (FileKind::Framework, "frameworks/fuzz.yaml"),
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (kind, path) = KINDS[usize::from(*first) % KINDS.len()];
    for d in parse_text(kind, path, text) {
        // Every diagnostic points into the file it came from.
        if let Some(at) = &d.location {
            assert_eq!(at.file, path);
        }
    }
});

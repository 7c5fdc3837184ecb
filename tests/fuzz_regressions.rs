//! Fuzzing regressions: every seed in `fuzz/corpus/*/seed-*` and every input
//! kept in `fuzz/regressions/TARGET/` (crashes found by the fuzzers, and
//! hostile inputs written by hand) runs through the same code as the fuzz
//! target, so a fixed crash stays fixed without a fuzzer.

use std::path::{Path, PathBuf};

#[path = "../fuzz/cases.rs"]
mod cases;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    let dirs = [
        (root.join("corpus").join(target), true),
        (root.join("regressions").join(target), false),
    ];
    for (dir, seeds_only) in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && (!seeds_only || name.starts_with("seed-")) {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn frontmatter_seeds_and_regressions() {
    let cases = inputs("frontmatter");
    assert!(cases.len() >= 5);
    for (path, data) in cases {
        eprintln!("{}", path.display());
        cases::frontmatter(&data);
    }
}

#[test]
fn records_seeds_and_regressions() {
    let cases = inputs("records");
    assert!(cases.len() >= 5);
    for (path, data) in cases {
        eprintln!("{}", path.display());
        cases::records(&data);
    }
}

#[test]
fn links_seeds_and_regressions() {
    let cases = inputs("links");
    assert!(cases.len() >= 3);
    for (path, data) in cases {
        eprintln!("{}", path.display());
        cases::links(&data);
    }
}

#[test]
fn the_script_url_oracle_sees_tags_only() {
    assert!(cases::tag_has_script_url(
        "<p><a href=\"JavaScript:x\">a</a></p>"
    ));
    assert!(!cases::tag_has_script_url(
        "<p>&lt;a href=\"javascript:x\"&gt;</p>"
    ));
    assert!(!cases::tag_has_script_url(
        "<a href=\"https://x\" title=\"javascript: tips\">"
    ));
}

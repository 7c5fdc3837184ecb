//! Golden snapshots: the bundled sample, a small generated benchmark corpus
//! and the diagnostics of the mistakes fixture, compared with what is
//! committed under `tests/golden/`, so that an unintended change of output
//! fails a test.
//!
//! After an intended change, rewrite the snapshots and review their diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test golden
//! git diff tests/golden
//! ```
//!
//! Each site is summarised as one line per output file (SHA-256, size, path);
//! a few representative pages are kept whole so a reviewer sees what changed.

mod common;

use common::{copy_tree, repo, stderr};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date the sample's history is written for.
const AS_OF: &str = "2026-11-15";

fn golden_dir() -> PathBuf {
    repo().join("tests/golden")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0")
}

/// Compare `actual` with the golden file `name`, or rewrite it when updating.
fn assert_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if updating() {
        std::fs::create_dir_all(path.parent().expect("golden path has a folder")).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `UPDATE_GOLDEN=1 cargo test --test golden`",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{name} differs from the golden snapshot:\n{}\n\
             If the change is intended: UPDATE_GOLDEN=1 cargo test --test golden",
            first_differences(&expected, actual)
        );
    }
}

/// The lines that differ, at most 40 of them, as `-`/`+` pairs.
fn first_differences(expected: &str, actual: &str) -> String {
    let old: std::collections::BTreeSet<&str> = expected.lines().collect();
    let new: std::collections::BTreeSet<&str> = actual.lines().collect();
    let mut out = String::new();
    for line in old.difference(&new).take(20) {
        let _ = writeln!(out, "- {line}");
    }
    for line in new.difference(&old).take(20) {
        let _ = writeln!(out, "+ {line}");
    }
    out
}

/// One line per file under `site`: SHA-256, size and `/`-separated path.
fn manifest(site: &Path) -> String {
    let mut out = String::new();
    for rel in common::files(site) {
        let bytes = std::fs::read(site.join(&rel)).unwrap();
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let _ = writeln!(out, "{hex} {:>8} {rel}", bytes.len());
    }
    out
}

/// Build a copy of `src` (outside any git work tree, so the site does not
/// depend on the repository's history) and return the site folder.
fn build_copy(src: &Path, tmp: &Path) -> PathBuf {
    let copy = tmp.join("src");
    copy_tree(src, &copy);
    let out = tmp.join("site");
    let run = common::build(&copy, &out, AS_OF, &["--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

#[test]
fn sample_site_is_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build_copy(&repo().join("sample-isms"), tmp.path());
    assert_golden("sample.sha256", &manifest(&site));
    for page in [
        "index.html",
        "findings/F-2024-09.html",
        "actions/CA-2024-005.html",
        "documents/POL-ISP.html",
        "coverage.html",
        "findings.csv",
    ] {
        let text =
            std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert_golden(&format!("sample/{page}"), &text);
    }
}

/// The benchmark generator, built beside the binary: `cargo test` builds the
/// examples; `cargo test --test golden` does not, so it is built here then.
fn gen_corpus() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_isms-site"));
    let dir = bin.parent().expect("binary has a folder").join("examples");
    let gen = dir.join(format!("gen-corpus{}", std::env::consts::EXE_SUFFIX));
    if !gen.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .current_dir(repo())
            .args(["build", "--example", "gen-corpus"]);
        if bin.parent().and_then(Path::file_name) == Some("release".as_ref()) {
            build.arg("--release");
        }
        let built = build.status().expect("cargo runs");
        assert!(built.success(), "cargo build --example gen-corpus");
    }
    gen
}

#[test]
fn generated_corpora_are_unchanged() {
    let gen = gen_corpus();
    assert!(
        gen.exists(),
        "{} is built by `cargo test` (examples are compiled with the tests)",
        gen.display()
    );
    // The two benchmark corpora, scaled down: documents only, and documents
    // with three records each.
    for (name, docs, records) in [("docs", "40", "0"), ("records", "40", "3")] {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        let run = Command::new(&gen)
            .args([corpus.to_str().unwrap(), docs, "--records-per-doc", records])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        let out = tmp.path().join("site");
        let run = common::build(&corpus.join("isms"), &out, AS_OF, &["--quiet"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_golden(&format!("corpus-{name}.sha256"), &manifest(&out));
    }
}

#[test]
fn mistakes_diagnostics_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("mistakes");
    copy_tree(&repo().join("tests/fixtures/mistakes"), &src);
    let run = Command::new(env!("CARGO_BIN_EXE_isms-site"))
        .current_dir(tmp.path())
        .args(["check", "mistakes", "--as-of", "2025-11-01"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_golden("mistakes.txt", &stderr(&run));
}

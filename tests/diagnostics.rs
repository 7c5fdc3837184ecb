//! Bad input: `check` reports every problem with file, line and a hint, exits
//! 1, and never panics.

mod common;

use common::{check_json, diagnostic_list, file_line, isms, repo};
use std::collections::BTreeSet;

fn reported(folder: &str, as_of: &str) -> (Option<i32>, BTreeSet<String>, serde_json::Value) {
    let src = repo().join("tests/fixtures").join(folder);
    let (out, json) = check_json(&src, as_of);
    let set = diagnostic_list(&json)
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                file_line(d)
            )
        })
        .collect();
    (out.status.code(), set, json)
}

#[test]
fn every_mistake_is_reported_at_its_line() {
    let (code, got, json) = reported("mistakes", "2025-11-01");
    assert_eq!(code, Some(1), "source errors exit 1");
    let expected: BTreeSet<String> =
        std::fs::read_to_string(repo().join("tests/fixtures/mistakes/expected.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(d["help"].is_string(), "every diagnostic has a hint: {d}");
    }
}

#[test]
fn hints_name_the_fix() {
    let (_, _, json) = reported("mistakes", "2025-11-01");
    let help_for = |code: &str, file: &str| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code && d["location"]["file"] == file)
            .map(|d| d["help"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(help_for("unknown-value", "policies/access.md")[0].contains("`approved`"));
    assert!(help_for("unknown-value", "audits/a1.yaml")
        .iter()
        .any(|h| h.contains("`minor_nc`")));
    let control_hints = help_for("unknown-reference", "policies/access.md").join(" | ");
    assert!(
        control_hints.contains("in 2022 it is A.8.2"),
        "{control_hints}"
    );
    assert!(
        control_hints.contains("did you mean `A.8.5`"),
        "{control_hints}"
    );
    assert!(help_for("unknown-key", "policies/access.md")[0].contains("`title`"));
    assert!(help_for("wrong-shape", "actions/ca2.yaml")[0].contains("remove the leading `- `"));
}

#[test]
fn human_output_is_rustc_style_and_never_a_panic() {
    let src = repo().join("tests/fixtures/mistakes");
    let out = isms(&["check", src.to_str().unwrap(), "--as-of", "2025-11-01"]);
    let text = common::stderr(&out);
    assert!(text.contains("error[duplicate-id]: id `POL-AC` is used twice"));
    assert!(text.contains("--> audits/a1.yaml:16:9"));
    assert!(text.contains("first used here"));
    assert!(text.contains(" 5 | status: aproved"));
    assert!(!text.contains("panicked"), "{text}");
    assert!(
        text.trim_end().ends_with("27 errors, 3 warnings, 1 note"),
        "{text}"
    );
}

#[test]
fn build_refuses_a_broken_source_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    let src = repo().join("tests/fixtures/mistakes");
    let out = common::build(&src, &out_dir, "2025-11-01", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_dir.exists());
    assert!(
        common::files(tmp.path()).is_empty(),
        "no temporary left behind"
    );
}

#[test]
fn usage_problems_exit_2() {
    assert_eq!(isms(&["check", "/no/such/folder"]).status.code(), Some(2));
    assert_eq!(
        isms(&["build", ".", "--as-of", "2025-02-30"]).status.code(),
        Some(2)
    );
    assert_eq!(isms(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn quiet_prints_errors_only_and_completions_exist() {
    let src = repo().join("tests/fixtures/mistakes");
    let out = isms(&[
        "check",
        "-q",
        src.to_str().unwrap(),
        "--as-of",
        "2025-11-01",
    ]);
    let text = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("error[duplicate-id]"));
    assert!(
        !text.contains("warning[") && !text.contains("note[") && !text.contains("27 errors"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    let bash = isms(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&bash.stdout).contains("isms-site"));
}

/// A record id that names one of the site's own pages (`reviews/index.html`,
/// `actions/page-2.html`, `reviews/next.html`) is an error at the id, and
/// the build writes nothing.
#[test]
fn an_id_that_would_replace_a_site_page_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("isms");
    common::copy_tree(&repo().join("sample-isms"), &src);
    let review = src.join("reviews/MR-2026.yaml");
    let text = std::fs::read_to_string(&review).unwrap();
    std::fs::write(&review, text.replacen("id: MR-2026", "id: Next", 1)).unwrap();
    let out_dir = dir.path().join("site");
    let out = common::build(&src, &out_dir, "2026-11-15", &[]);
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[bad-id]: `Next` cannot be a record id: its page would replace the site's `reviews/next.html`"),
        "{err}"
    );
    assert!(err.contains("reviews/MR-2026.yaml:"), "{err}");
    assert!(
        !out_dir.join("reviews").exists(),
        "a failed build writes no pages"
    );
}

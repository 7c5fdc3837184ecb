//! `context.yaml` checked in itself: dates out of order are `date-order`
//! errors at the date, and a key misnamed (`when:` for `on:`) is one
//! diagnostic, not a missing key and an unknown one.

mod common;

use common::{check_json, diagnostic_list, file_line, write};
use std::path::Path;

/// `(code, file:line, help)` of every diagnostic of `check --format json`.
fn diagnostics(dir: &Path) -> Vec<(String, String, String)> {
    let (_, json) = check_json(dir, "2026-01-31");
    diagnostic_list(&json)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                file_line(d),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn codes_at(d: &[(String, String, String)], code: &str) -> Vec<String> {
    d.iter()
        .filter(|(c, _, _)| c == code)
        .map(|(_, at, _)| at.clone())
        .collect()
}

#[test]
fn dates_out_of_order_are_date_order_errors_at_the_date() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "isms.yaml", "title: Context\nowners: [CISO]\n");
    write(
        tmp.path(),
        "context.yaml",
        "\
issues:
  - id: ISS-1
    issue: Ends before it begins
    climate: false
    since: 2025-03-01
    until: 2024-01-12
  - id: ISS-2
    issue: Changed before it began
    climate: false
    since: 2025-06-18
    changed:
      - { on: 2023-03-16, note: too early }
      - { on: 2025-07-01, note: fine }
  - id: ISS-3
    issue: Changed after it ended
    climate: false
    since: 2024-01-01
    until: 2025-01-01
    changed:
      - { on: 2025-01-01, note: retired }
      - { on: 2025-02-01, note: too late }
parties:
  - id: IP-1
    party: Insurer
    since: 2025-01-01
    until: 2024-12-31
    changed:
      - { on: 2024-06-01, note: too early }
",
    );
    let d = diagnostics(tmp.path());
    assert_eq!(
        codes_at(&d, "date-order"),
        [
            "context.yaml:6",
            "context.yaml:12",
            "context.yaml:21",
            "context.yaml:26",
            "context.yaml:28",
        ],
        "{d:?}"
    );
}

#[test]
fn a_misnamed_key_is_one_missing_key_error_at_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "isms.yaml", "title: Context\nowners: [CISO]\n");
    write(
        tmp.path(),
        "context.yaml",
        "\
issues:
  - id: ISS-1
    issue: Heat waves
    climate: true
    since: 2025-01-01
    changed:
      - { when: 2025-09-30, note: Cooling upgraded }
  - id: ISS-2
    isue: A near miss of a required key
    climate: false
",
    );
    let d = diagnostics(tmp.path());
    assert!(codes_at(&d, "unknown-key").is_empty(), "{d:?}");
    assert_eq!(
        codes_at(&d, "missing-key"),
        ["context.yaml:7", "context.yaml:9"],
        "{d:?}"
    );
    let help = |line: &str| {
        d.iter()
            .find(|(c, at, _)| c == "missing-key" && at == line)
            .map(|(_, _, h)| h.clone())
            .unwrap_or_default()
    };
    assert!(
        help("context.yaml:7").contains("did you mean `on`? (`when` is written)"),
        "{d:?}"
    );
    assert!(
        help("context.yaml:9").contains("did you mean `issue`? (`isue` is written)"),
        "{d:?}"
    );
}

#[test]
fn an_unknown_key_beside_a_present_required_key_stays_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "isms.yaml", "title: Context\nowners: [CISO]\n");
    write(
        tmp.path(),
        "context.yaml",
        "issues:\n  - id: ISS-1\n    issue: Heat\n    climate: true\n    since: 2025-01-01\n    changed:\n      - { on: 2025-09-30, note: x, by: CISO }\n",
    );
    let d = diagnostics(tmp.path());
    assert_eq!(codes_at(&d, "unknown-key"), ["context.yaml:7"], "{d:?}");
    assert!(codes_at(&d, "missing-key").is_empty(), "{d:?}");
}

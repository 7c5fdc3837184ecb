//! One mistake, one diagnostic: a record whose file fails to parse is still
//! known by its id (no "unknown reference" with a misleading "did you mean"
//! wherever it is cited), a record with an error gets no derived state
//! ("472 days overdue" from a status typo), and a YAML error in front matter
//! is reported on the line of the mistake.

mod common;

use common::{check_json, copy_tree, diagnostic_list, file_line, isms, repo, write};
use std::path::Path;

/// `check --format json` of `src`: (exit code, every diagnostic as
/// `severity code file:line:column`).
fn diagnostics(src: &Path) -> (Option<i32>, Vec<String>) {
    let (out, json) = check_json(src, "2026-11-15");
    let list = diagnostic_list(&json)
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                file_line(d),
                d["location"]["column"].as_u64().unwrap_or(0)
            )
        })
        .collect();
    (out.status.code(), list)
}

/// The sample in a temporary folder, with `edit` applied to one file.
fn sample_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("sample-isms"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changes {file}");
    std::fs::write(&path, changed).unwrap();
    dir
}

/// What the unchanged sample reports (its overdue notes).
fn baseline() -> Vec<String> {
    diagnostics(&repo().join("sample-isms")).1
}

/// The diagnostics of `src` that the unchanged sample does not have.
fn added(src: &Path) -> Vec<String> {
    let base = baseline();
    let (code, all) = diagnostics(src);
    assert_eq!(code, Some(1), "an error exits 1: {all:#?}");
    all.into_iter().filter(|d| !base.contains(d)).collect()
}

#[test]
fn an_action_that_fails_to_parse_is_still_known_by_its_id() {
    // CA-2024-003 is cited by 3 Markdown links, 2 risks, and its finding
    // F-2024-03 would otherwise lack a corrective action.
    let dir = sample_with("actions/2024/CA-2024-003.yaml", |t| {
        t.replace("title: Introduce scheduled", "title: \"Introduce scheduled")
    });
    assert_eq!(
        added(dir.path()),
        ["error yaml-syntax actions/2024/CA-2024-003.yaml:2:8"]
    );
}

#[test]
fn an_audit_that_fails_to_parse_keeps_its_findings_known() {
    let dir = sample_with("audits/2024/int-2024-02.yaml", |t| {
        t.replacen("title: ", "title: [", 1)
    });
    let added = added(dir.path());
    assert_eq!(added.len(), 1, "{added:#?}");
    assert!(added[0].starts_with("error yaml-syntax audits/2024/int-2024-02.yaml:"));
}

#[test]
fn a_document_whose_front_matter_fails_keeps_its_id() {
    // Line 5 loses its colon: `owner Legal & Compliance Manager`.
    let dir = sample_with("policies/governance/legal-and-privacy.md", |t| {
        t.replacen("owner: Legal", "owner Legal", 1)
    });
    assert_eq!(
        added(dir.path()),
        ["error yaml-syntax policies/governance/legal-and-privacy.md:5:1"]
    );
}

#[test]
fn a_yaml_error_in_front_matter_is_reported_on_its_line_and_column() {
    let dir = sample_with("policies/governance/legal-and-privacy.md", |t| {
        t.replacen("version: \"2.1\"", "version: \"2.1", 1)
    });
    let out = isms(&[
        "check",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2026-11-15",
    ]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("--> policies/governance/legal-and-privacy.md:6:10\n"),
        "{text}"
    );
    assert!(text.contains(" 6 | version: \"2.1\n"), "{text}");
}

#[test]
fn a_status_typo_gets_no_overdue_state() {
    // An action without a log: its status is only what `status` says.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("sample-isms"), dir.path());
    let path = dir.path().join("actions/2025/CA-2025-099.yaml");
    std::fs::write(
        &path,
        "id: CA-2025-099\ntitle: Test\nkind: corrective\nsource: F-2025-05\n\
         owner: IT Operations Manager\nopened: 2025-06-05\ndue: 2025-07-31\n\
         status: verifed\nclosed: 2025-06-23\n",
    )
    .unwrap();
    assert_eq!(
        added(dir.path()),
        ["error unknown-value actions/2025/CA-2025-099.yaml:8:9"]
    );
}

#[test]
fn empty_owner_lead_auditor_and_a_corrective_action_without_source_are_warned() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    write(src, "isms.yaml", "name: Test\n");
    write(
        src,
        "policies/p.md",
        "---\nid: POL-1\ntitle: P\nowner:\nstatus: draft\n---\n# P\n",
    );
    write(
        src,
        "audits/a.yaml",
        "id: AUD-1\ntitle: A\nkind: internal\nstatus: planned\nstart: 2026-12-01\nlead_auditor: \"\"\n",
    );
    write(
        src,
        "actions/ca.yaml",
        "id: CA-1\ntitle: C\nkind: corrective\nowner: Ops\nopened: 2026-01-01\ndue: 2027-01-01\nstatus: open\n",
    );
    let (_, all) = diagnostics(src);
    for expected in [
        "warning empty-owner policies/p.md:4:1",
        "warning empty-lead-auditor audits/a.yaml:6:1",
        "warning action-without-source actions/ca.yaml:3:1",
    ] {
        assert!(all.iter().any(|d| d == expected), "{expected} in {all:#?}");
    }
}

/// An open action whose `owner:` is written empty is told so once
/// (`empty-owner` at the key), not again as `no-owner`; without the key it
/// is `no-owner`.
#[test]
fn an_empty_owner_is_one_warning_a_missing_one_another() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    write(src, "isms.yaml", "name: Test\n");
    write(
        src,
        "actions/a.yaml",
        "id: IA-1\ntitle: A\nkind: improvement\nowner: \"\"\nopened: 2026-01-01\ndue: 2027-01-01\nstatus: open\n",
    );
    write(
        src,
        "actions/b.yaml",
        "id: IA-2\ntitle: B\nkind: improvement\nopened: 2026-01-01\ndue: 2027-01-01\nstatus: open\n",
    );
    let (_, all) = diagnostics(src);
    let owner: Vec<&String> = all.iter().filter(|d| d.contains("owner")).collect();
    assert_eq!(
        owner,
        [
            "warning empty-owner actions/a.yaml:4:1",
            "warning no-owner actions/b.yaml:1:5"
        ],
        "{all:#?}"
    );
}

#[test]
fn a_misspelt_reference_to_an_unparsed_record_is_pointed_at_it() {
    let dir = sample_with("actions/2024/CA-2024-003.yaml", |t| {
        t.replace("title: Introduce scheduled", "title: \"Introduce scheduled")
    });
    let risk = dir.path().join("risks/R-05.yaml");
    let text = std::fs::read_to_string(&risk).unwrap();
    std::fs::write(&risk, text.replace("[CA-2024-003,", "[CA-2024-03,")).unwrap();
    let (_, json) = check_json(dir.path(), "2026-11-15");
    let hints: Vec<&str> = diagnostic_list(&json)
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(hints, ["did you mean `CA-2024-003`?"]);
}

#[test]
fn a_document_whose_front_matter_is_never_closed_keeps_its_id() {
    let dir = sample_with("policies/governance/legal-and-privacy.md", |t| {
        let close = t[4..].find("\n---\n").unwrap() + 4;
        format!("{}\n{}", &t[..close], &t[close + 5..])
    });
    assert_eq!(
        added(dir.path()),
        ["error unclosed-front-matter policies/governance/legal-and-privacy.md:1:1"]
    );
}

#[test]
fn an_unclosed_list_in_front_matter_is_reported_where_it_opens() {
    // Line 5 opens a list it never closes; the parser notices on line 6.
    let dir = sample_with("policies/governance/legal-and-privacy.md", |t| {
        t.replacen("owner: Legal", "owner: [Legal", 1)
    });
    assert_eq!(
        added(dir.path()),
        ["error yaml-syntax policies/governance/legal-and-privacy.md:5:8"]
    );
}

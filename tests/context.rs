//! `context.yaml` (clauses 4.1 and 4.2): issues and interested parties on
//! the context page and their own pages, `[[ISS-n]]` links, what changed
//! when, `climate-not-decided`, exports and point in time.

mod common;

use common::{broken_links, build_ok, diagnostics, page, write};
use serde_json::Value;
use std::path::Path;

fn has(d: &[(String, String)], code: &str) -> bool {
    d.iter().any(|(c, _)| c == code)
}

const CONTEXT: &str = "\
issues:
  - id: ISS-1
    issue: Customers require certification
    kind: external
    category: market
    since: 2024-01-01
    note: Two tenders asked for it
    changed:
      - { on: 2025-05-01, note: Now a contract clause }
  - id: ISS-2
    issue: Heat waves threaten the server room
    kind: external
    category: environment
    climate: true
    since: 2025-03-01
  - id: ISS-3
    issue: Legacy ERP
    kind: internal
    since: 2024-01-01
    until: 2025-06-01
parties:
  - id: IP-1
    party: Customers
    needs: Certification and breach notification
    via_isms: true
    since: 2024-01-01
  - id: IP-2
    party: Insurer
    needs: MFA evidence
    via_isms: false
    since: 2025-09-01
";

fn fixture(dir: &Path) {
    write(dir, "isms.yaml", "title: Context\n");
    write(dir, "context.yaml", CONTEXT);
    write(
        dir,
        "scope.md",
        "---\nid: POL-SCOPE\ntitle: Scope\n---\n# Scope\n\nSee [[ISS-2]] and [[IP-1]].\n",
    );
}

#[test]
fn the_context_page_lists_issues_and_parties_with_what_changed_when() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-12-31");
    let ctx = page(&out, "context/index.html");
    for field in [
        "Customers require certification",
        "External",
        "market",
        "Two tenders asked for it",
        "Heat waves threaten the server room",
        "Certification and breach notification",
        "Insurer",
        // Climate: relevant to ISS-2.
        "Climate change (Amendment 1:2024): relevant to <a href=\"../context/ISS-2.html\"",
        "Changed: Now a contract clause",
        "Retired",
        "Added",
    ] {
        assert!(ctx.contains(field), "context page shows {field}:\n{ctx}");
    }
    // Newest first: IP-2 added (2025-09-01) before ISS-3 retired (2025-06-01).
    let added = ctx.find("<time datetime=\"2025-09-01\">").unwrap();
    let retired = ctx.find("Retired").unwrap();
    assert!(added < retired);

    let iss1 = page(&out, "context/ISS-1.html");
    assert!(iss1.contains("Context issue"));
    assert!(iss1.contains("Now a contract clause"));
    assert!(iss1.contains("<time datetime=\"2024-01-01\">"));
    assert!(page(&out, "context/ISS-2.html").contains("<dt>Climate change</dt><dd>Relevant"));
    let ip1 = page(&out, "context/IP-1.html");
    assert!(ip1.contains("Interested party"));
    assert!(ip1.contains("<dt>Addressed through the ISMS</dt><dd>Yes"));
    // [[ISS-2]] and [[IP-1]] link from the document, and back.
    let scope = page(&out, "documents/POL-SCOPE.html");
    assert!(scope.contains("../context/ISS-2.html"), "{scope}");
    assert!(scope.contains("../context/IP-1.html"));
    assert!(ip1.contains("documents/POL-SCOPE.html"), "{ip1}");

    let json: Value = serde_json::from_str(&page(&out, "site.json")).unwrap();
    let issues = json["context"]["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 3);
    assert_eq!(issues[0]["changed"][0]["on"], "2025-05-01");
    assert_eq!(issues[1]["climate"], true);
    assert_eq!(issues[0]["climate"], Value::Null);
    assert_eq!(issues[2]["until"], "2025-06-01");
    let parties = json["context"]["parties"].as_array().unwrap();
    assert_eq!(parties[1]["via_isms"], false);
    assert_eq!(parties[0]["url"], "context/IP-1.html");
    let timeline = page(&out, "timeline.html");
    assert!(
        timeline.contains("Context issue changed: Now a contract clause"),
        "{timeline}"
    );
    assert!(timeline.contains("Interested party added: Insurer"));
    assert!(timeline.contains("Context issue retired: Legacy ERP"));
    assert!(page(&out, "search-index.js").contains("ISS-2"));
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
    assert!(!has(
        &diagnostics(&src, "2025-12-31"),
        "climate-not-decided"
    ));
}

#[test]
fn entries_that_arose_later_are_absent_and_later_changes_are_not_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-04-01");
    assert!(!out.join("context/IP-2.html").exists());
    let ctx = page(&out, "context/index.html");
    assert!(!ctx.contains("Insurer"));
    assert!(!ctx.contains("Now a contract clause"));
    assert!(!ctx.contains("Retired"), "ISS-3 is retired only in June");
    let json: Value = serde_json::from_str(&page(&out, "site.json")).unwrap();
    assert_eq!(json["context"]["parties"].as_array().unwrap().len(), 1);
    assert_eq!(json["context"]["issues"][2]["until"], Value::Null);
    // A reference to an entry of a later date is not an error.
    assert!(!has(&diagnostics(&src, "2025-04-01"), "unknown-reference"));
}

#[test]
fn climate_not_decided_until_an_issue_states_it() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path();
    fixture(src);
    // Before ISS-2 (2025-03-01) no issue says whether climate is relevant.
    let early = diagnostics(src, "2025-01-31");
    assert!(
        early.contains(&(
            "climate-not-decided".to_string(),
            "context.yaml:1".to_string()
        )),
        "{early:?}"
    );
    assert!(!has(&diagnostics(src, "2025-03-01"), "climate-not-decided"));
    // `climate: false` is a decision too.
    write(
        src,
        "context.yaml",
        "issues:\n  - { id: ISS-1, issue: Growth, kind: external, climate: false }\n",
    );
    assert!(!has(&diagnostics(src, "2025-01-31"), "climate-not-decided"));
    // No context.yaml: nothing to decide on (no warning).
    std::fs::remove_file(src.join("context.yaml")).unwrap();
    assert!(!has(&diagnostics(src, "2025-01-31"), "climate-not-decided"));
}

#[test]
fn bad_context_entries_are_reported_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path();
    write(src, "isms.yaml", "title: Bad\n");
    write(
        src,
        "context.yaml",
        "issues:\n  - id: ISS-1\n    issue: Growth\n    kind: both\n    climate: maybe\n    since: 2025-13-01\n  - { issue: No id }\nparties: Customers\n",
    );
    let d = diagnostics(src, "2025-12-31");
    for expected in [
        ("unknown-value", "context.yaml:4"),
        ("bad-boolean", "context.yaml:5"),
        ("bad-date", "context.yaml:6"),
        ("missing-key", "context.yaml:7"),
        ("wrong-shape", "context.yaml:8"),
    ] {
        let pair = (expected.0.to_string(), expected.1.to_string());
        assert!(d.contains(&pair), "{expected:?} in {d:?}");
    }
}

#[test]
fn the_context_page_states_the_climate_decision_in_each_case() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let climate = |as_of: &str, name: &str| {
        let out = tmp.path().join(name);
        build_ok(&src, &out, as_of);
        let ctx = page(&out, "context/index.html");
        let at = ctx
            .find("Climate change (Amendment 1:2024)")
            .expect("a climate line");
        ctx[at..at + ctx[at..].find("</p>").unwrap()].to_string()
    };
    // Undecided before ISS-2 (2025-03-01) states it.
    let early = climate("2025-01-31", "early");
    assert!(early.contains("Not decided"), "{early}");
    // ISS-2 says `climate: true`: relevant, with the link.
    let later = climate("2025-06-30", "later");
    assert!(
        later.contains("relevant to <a ") && later.contains("ISS-2"),
        "{later}"
    );
    // Every issue `climate: false`: judged not relevant.
    let file = src.join("context.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("climate: true", "climate: false")).unwrap();
    let no = climate("2025-06-30", "no");
    assert!(no.contains("judged not relevant."), "{no}");
}

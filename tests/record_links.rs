//! Links in the Markdown fields of every kind of record: each is checked
//! (`broken-link` at its line) and a valid one leaves a "Cited by" backlink
//! on the page it links to.

mod common;

use common::{build_ok, diagnostics, repo, write};
use std::path::Path;

/// A folder whose incident, objective and risk each cite `good` in one
/// Markdown field and `bad` in another.
fn fixture(dir: &Path, good: &str, bad: &str) {
    write(dir, "isms.yaml", "title: Links\nowners: [CISO]\n");
    write(
        dir,
        "metrics/kpi-1.yaml",
        "id: KPI-1\ntitle: Patch rate\nowner: CISO\nunit: \"%\"\ntarget: 95\ndirection: higher\nfrequency: monthly\nmethod: Counted by the scanner.\n",
    );
    write(
        dir,
        "incidents/inc-1.yaml",
        &format!(
            "id: INC-1\ntitle: Phishing\ndetected: 2025-01-10\nseverity: low\n\
             root_cause: Reused password, see {good}.\nlessons: |\n  Train staff.\n  Follow {bad}.\n"
        ),
    );
    write(
        dir,
        "objectives/obj-1.yaml",
        &format!(
            "id: OBJ-1\ntitle: Patch on time\nowner: CISO\nmetrics: [KPI-1]\ndue: 2026-06-30\n\
             plan: |\n  Automate patching.\n  Track {bad}.\n"
        ),
    );
    write(
        dir,
        "risks/r-1.yaml",
        &format!(
            "id: R-1\ntitle: Credential theft\nowner: CISO\nassessed_on: 2025-01-10\n\
             inherent: {{ likelihood: 2, impact: 2 }}\ntreatment: mitigate\ncontrols: [A.8.5]\n\
             residual: {{ likelihood: 1, impact: 2 }}\ndescription: |\n  Stolen passwords.\n  See {bad} and {good}.\n"
        ),
    );
}

#[test]
fn a_broken_link_in_any_markdown_field_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path(), "[[ISS-99]]", "[[CA-2099-001]]");
    let mut broken: Vec<String> = diagnostics(tmp.path(), "2025-12-31")
        .into_iter()
        .filter(|(code, _)| code == "broken-link")
        .map(|(_, at)| at)
        .collect();
    broken.sort();
    assert_eq!(
        broken,
        [
            "incidents/inc-1.yaml:5",
            "incidents/inc-1.yaml:8",
            "objectives/obj-1.yaml:8",
            "risks/r-1.yaml:11",
            "risks/r-1.yaml:11",
        ]
    );
}

#[test]
fn a_link_in_a_record_field_is_cited_by_on_its_target() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src, "[[KPI-1]]", "[[OBJ-1]]");
    let diags = diagnostics(&src, "2025-12-31");
    assert!(!diags.iter().any(|(c, _)| c == "broken-link"), "{diags:?}");
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-12-31");
    let kpi = std::fs::read_to_string(out.join("metrics/KPI-1.html")).unwrap();
    let objective = std::fs::read_to_string(out.join("objectives/OBJ-1.html")).unwrap();
    for (page, cited_by) in [
        (&kpi, "INC-1"),
        (&kpi, "R-1"),
        (&objective, "INC-1"),
        (&objective, "R-1"),
    ] {
        let backlinks = page.split("Cited by").nth(1).unwrap_or_default();
        assert!(
            backlinks.contains(cited_by),
            "{cited_by} missing from Cited by"
        );
    }
}

#[test]
fn the_sample_cites_from_incidents_objectives_and_risks() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&repo().join("sample-isms"), tmp.path(), "2026-11-15");
    for (page, cited_by) in [
        ("context/ISS-7.html", "INC-2024-01"),
        ("context/IP-5.html", "INC-2025-03"),
        ("objectives/OBJ-02.html", "INC-2026-03"),
        ("findings/F-2026-05.html", "R-01"),
        ("metrics/KPI-LEAVER.html", "R-01"),
    ] {
        let html = std::fs::read_to_string(tmp.path().join(page)).unwrap();
        let backlinks = html.split("Cited by").nth(1).unwrap_or_default();
        assert!(
            backlinks.contains(&format!(">{cited_by}<")),
            "{page}: {cited_by} missing from Cited by"
        );
    }
}

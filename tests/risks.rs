//! The risk register: the format and its file:line errors, every check, the
//! scores at two as-of dates, and the links risk <-> control <-> action <->
//! SoA in both directions.

mod common;

use common::{broken_links, build_ok, check_json, diagnostic_list, file_line, pair, write};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// A small ISMS with a register: one risk per check, and one clean.
fn register(dir: &Path) {
    write(
        dir,
        "isms.yaml",
        "title: Risks\nowners: [IT Lead, Director]\nrisk_criteria:\n  likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]\n  impact: [Negligible, Minor, Moderate, Major, Severe]\n  appetite: 8\n",
    );
    write(
        dir,
        "soa.yaml",
        "A.8.7: { applicable: true, status: implemented, justification: Malware protection on every endpoint }\n\
         A.5.30: { applicable: true, status: partial, justification: Recovery tested yearly }\n\
         A.8.13: { applicable: true, status: implemented }\n\
         A.8.24: { applicable: true, status: planned }\n",
    );
    write(
        dir,
        "actions/ca-r-01.yaml",
        "id: CA-R-01\ntitle: Application allow-listing\nkind: improvement\nsource: R-01\nowner: IT Lead\nopened: 2025-06-02\ndue: 2026-03-31\nstatus: in_progress\n",
    );
    // Clean: mitigated, within the appetite now, above it a year earlier.
    write(
        dir,
        "risks/r-01.yaml",
        "id: R-01\ntitle: Ransomware encrypts the file server\nowner: IT Lead\nassets: [File server]\n\
         threat: Ransomware delivered by phishing\nvulnerability: No application allow-listing\n\
         assessed_on: 2025-06-01\ninherent: { likelihood: 4, impact: 5 }\ntreatment: mitigate\n\
         controls: [A.8.7, A.8.13]\nactions: [CA-R-01]\nresidual: { likelihood: 1, impact: 5 }\nreview_every: 12 months\n\
         history:\n  - { date: 2024-03-01, inherent: { likelihood: 4, impact: 5 }, residual: { likelihood: 3, impact: 5 }, note: First assessment }\n",
    );
    // Above the appetite, no acceptance; reassessment overdue.
    write(
        dir,
        "risks/r-02.yaml",
        "id: R-02\ntitle: Supplier outage stops dispatch\nowner: Director\nassessed_on: 2024-11-01\n\
         inherent: { likelihood: 3, impact: 4 }\ntreatment: transfer\ncontrols: [A.5.30]\n\
         residual: { likelihood: 3, impact: 4 }\nreview_every: 12 months\n",
    );
    // Accepted, but the acceptance has expired.
    write(
        dir,
        "risks/r-03.yaml",
        "id: R-03\ntitle: Legacy kiln controller cannot be patched\nowner: Director\nassessed_on: 2025-09-01\n\
         inherent: { likelihood: 3, impact: 4 }\ntreatment: accept\nresidual: { likelihood: 3, impact: 4 }\n\
         acceptance: { by: Director, on: 2025-09-01, expires: 2025-12-31 }\nreview_every: 12 months\n",
    );
    // Mitigate with nothing to mitigate it.
    write(
        dir,
        "risks/r-04.yaml",
        "id: R-04\ntitle: Laptops lost in transit\nowner: IT Lead\nassessed_on: 2025-10-01\n\
         inherent: { likelihood: 2, impact: 3 }\ntreatment: mitigate\nresidual: { likelihood: 2, impact: 3 }\n",
    );
}

fn check_codes(dir: &Path, as_of: &str) -> (Option<i32>, BTreeSet<(String, String)>, String) {
    let (out, json) = check_json(dir, as_of);
    let messages: Vec<String> = diagnostic_list(&json)
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["message"], d["help"]))
        .collect();
    let codes = diagnostic_list(&json)
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), file_line(d)))
        .collect();
    (out.status.code(), codes, messages.join("\n"))
}

#[test]
fn every_check_fires_where_the_records_say_so() {
    let tmp = tempfile::tempdir().unwrap();
    register(tmp.path());
    let (code, codes, text) = check_codes(tmp.path(), "2026-01-31");
    assert_eq!(code, Some(0), "warnings only: {text}");
    let risk_codes: BTreeSet<(String, String)> = codes
        .into_iter()
        .filter(|(c, _)| {
            c.starts_with("risk-")
                || c == "treatment-without-controls"
                || c == "control-without-reason"
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        pair("risk-above-appetite", "risks/r-02.yaml:8"),
        pair("risk-review-overdue", "risks/r-02.yaml:4"),
        pair("risk-above-appetite", "risks/r-03.yaml:7"),
        pair("risk-acceptance-expired", "risks/r-03.yaml:8"),
        pair("treatment-without-controls", "risks/r-04.yaml:6"),
        // A.8.24 is applicable without a justification and no risk names it;
        // A.8.13 has none either, but R-01 names it.
        pair("control-without-reason", "soa.yaml:4"),
    ]
    .into_iter()
    .collect();
    assert_eq!(risk_codes, expected, "{text}");
    let reason = text
        .lines()
        .find(|l| l.contains("control-without-reason"))
        .unwrap_or_default();
    assert!(
        reason.contains("A.8.24") && !reason.contains("A.8.13"),
        "{reason}"
    );
}

#[test]
fn bad_input_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    register(tmp.path());
    write(
        tmp.path(),
        "risks/r-09.yaml",
        "id: R-09\ntitle: Bad\nassessed_on: 2025-13-01\ninherent: { likelihood: 6, impact: 0 }\n\
         treatment: ignore\nresidual: { likelihood: 2 }\nreview_every: often\n",
    );
    let (code, codes, text) = check_codes(tmp.path(), "2026-01-31");
    assert_eq!(code, Some(1), "{text}");
    for expected in [
        pair("bad-date", "risks/r-09.yaml:3"),
        pair("bad-risk-level", "risks/r-09.yaml:4"),
        pair("unknown-value", "risks/r-09.yaml:5"),
        pair("missing-key", "risks/r-09.yaml:6"),
        pair("bad-period", "risks/r-09.yaml:7"),
    ] {
        assert!(codes.contains(&expected), "{expected:?} in {text}");
    }
    assert!(
        text.contains("did you mean `mitigate`")
            || text.contains("mitigate, accept, avoid, transfer"),
        "{text}"
    );
}

fn site(dir: &Path, out: &Path, as_of: &str) -> Value {
    build_ok(dir, out, as_of);
    serde_json::from_str(&std::fs::read_to_string(out.join("site.json")).unwrap()).unwrap()
}

fn risk<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn scores_are_those_in_force_at_the_as_of_date() {
    let tmp = tempfile::tempdir().unwrap();
    register(tmp.path());
    let now = site(tmp.path(), &tmp.path().join("now"), "2026-01-31");
    let r1 = risk(&now, "R-01");
    assert_eq!(r1["residual"]["score"], 5);
    assert_eq!(r1["inherent"]["score"], 20);
    assert_eq!(r1["above_appetite"], false);
    assert_eq!(r1["assessed_on"], "2025-06-01");
    assert_eq!(risk(&now, "R-02")["above_appetite"], true);
    assert_eq!(risk(&now, "R-03")["acceptance"]["in_force"], false);
    assert_eq!(now["risk_criteria"]["appetite"], 8);
    // A year earlier R-01's first assessment was in force, above the
    // appetite; were not assessed yet.
    let then = site(tmp.path(), &tmp.path().join("then"), "2024-12-31");
    let r1 = risk(&then, "R-01");
    assert_eq!(r1["residual"]["score"], 15);
    assert_eq!(r1["above_appetite"], true);
    assert_eq!(r1["assessed_on"], "2024-03-01");
    let ids: Vec<&str> = then["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["R-01", "R-02"]);
    assert!(!tmp.path().join("then/risks/R-03.html").exists());
    // The register's heat maps count what was in force.
    let index = std::fs::read_to_string(tmp.path().join("then/risks/index.html")).unwrap();
    assert!(index.contains("2</strong> risks"), "{index}");
}

#[test]
fn risks_controls_actions_and_the_soa_link_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    register(tmp.path());
    let out = tmp.path().join("site");
    let json = site(tmp.path(), &out, "2026-01-31");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // Risk -> control, action.
    let page = read("risks/R-01.html");
    assert!(
        page.contains("../controls/A.8.7.html"),
        "risk links its controls"
    );
    assert!(
        page.contains("../actions/CA-R-01.html"),
        "risk links its actions"
    );
    // Control -> risk.
    assert!(read("controls/A.8.7.html").contains("../risks/R-01.html"));
    // Action -> risk (its source, and the risk naming it).
    assert!(read("actions/CA-R-01.html").contains("../risks/R-01.html"));
    // SoA -> risk: the reason for inclusion.
    let soa = read("soa.html");
    assert!(soa.contains("Treats <a href=\"risks/R-01.html\""), "{soa}");
    // Coverage entries and the matrix.
    let a87 = json["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A.8.7")
        .unwrap();
    assert_eq!(a87["risks"], serde_json::json!(["R-01"]));
    assert!(read("coverage.html").contains("Risks treated"));
    // The register, the treatment plan, the CSV and the audit pack.
    let register = read("risks/index.html");
    assert!(register.contains("id=\"heat-inherent\"") && register.contains("id=\"heat-residual\""));
    let plan = read("risks/treatment-plan.html");
    assert!(plan.contains("../actions/CA-R-01.html"), "{plan}");
    let csv = read("risks.csv");
    assert!(csv.lines().count() == 5, "header and four risks: {csv}");
    assert!(read("audit-pack.html").contains("id=\"pack-risks\""));
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

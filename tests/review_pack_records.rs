//! The review pack's inputs from objectives, the context and incidents:
//! which records fall in a review's period (after the previous review,
//! up to and including the review's date), what each section shows, and
//! the silent-input flag when the review does not name what they single out.

mod common;

use common::{build_ok, write};
use serde_json::Value;
use std::path::Path;

const INPUTS: &str = "  previous_actions: None.\n  nonconformities: None raised.\n  monitoring: KPI-1 reported.\n  audit_results: None.\n  interested_party_feedback: None.\n  risk: Reviewed.\n  improvement_opportunities: None.\n";

fn fixture(dir: &Path) {
    write(dir, "isms.yaml", "title: Packs\n");
    // MR-1 on 2025-01-31, MR-2 on 2025-06-30: MR-2's period is
    // 2025-02-01 to 2025-06-30, the next one starts on 2025-07-01.
    write(
        dir,
        "reviews/mr-1.yaml",
        &format!("id: MR-1\ntitle: First\ndate: 2025-01-31\ninputs:\n{INPUTS}  changes: Start.\n  interested_parties: Start.\n  objectives: Start.\n"),
    );
    write(
        dir,
        "reviews/mr-2.yaml",
        &format!("id: MR-2\ntitle: Second\ndate: 2025-06-30\ninputs:\n{INPUTS}  changes: New issue [[ISS-B]].\n  interested_parties: Nothing new.\n"),
    );
    write(
        dir,
        "context.yaml",
        "issues:\n\
         \x20 - { id: ISS-A, issue: On the first review's day, kind: external, climate: false, since: 2025-01-31 }\n\
         \x20 - { id: ISS-B, issue: The day after it, kind: internal, since: 2025-02-01 }\n\
         \x20 - { id: ISS-C, issue: After the second review, kind: internal, since: 2025-07-01 }\n\
         parties:\n\
         \x20 - { id: IP-A, party: Insurer, since: 2024-01-01, until: 2025-06-30 }\n",
    );
    write(
        dir,
        "metrics/kpi.yaml",
        "id: KPI-1\ntitle: Trained\nunit: \"%\"\ntarget: 90\nmeasurements:\n  - { date: 2025-01-31, value: 95 }\n  - { date: 2025-06-30, value: 80 }\n",
    );
    write(
        dir,
        "objectives/obj.yaml",
        "id: OBJ-1\ntitle: Train everyone\nmetrics: [KPI-1]\nstatus: active\nsince: 2025-01-01\n",
    );
    write(
        dir,
        "actions/ca.yaml",
        "id: CA-1\ntitle: Fix\nkind: corrective\nsource: INC-A\nopened: 2025-02-01\ndue: 2025-12-31\nstatus: open\n",
    );
    write(
        dir,
        "incidents/a.yaml",
        "id: INC-A\ntitle: On the first review's day\ndetected: 2025-01-31\ncontained: 2025-02-02\nseverity: high\nlessons: \"Use [[CA-1|the fix]] everywhere.\"\n",
    );
    write(
        dir,
        "incidents/b.yaml",
        "id: INC-B\ntitle: On the second review's day\ndetected: 2025-06-30\ncontained: 2025-06-30\nseverity: critical\nlessons: Patch.\nactions: [CA-1]\n",
    );
    write(
        dir,
        "incidents/c.yaml",
        "id: INC-C\ntitle: The day after the first review\ndetected: 2025-02-01\nseverity: low\n",
    );
    write(
        dir,
        "incidents/d.yaml",
        "id: INC-D\ntitle: After the second review\ndetected: 2025-07-01\nseverity: critical\nlessons: Later.\nactions: [CA-1]\n",
    );
}

/// The text of one section of a pack page, tags removed.
fn section(page: &str, key: &str) -> String {
    let start = page
        .find(&format!("<section id=\"pack-{key}\""))
        .unwrap_or_else(|| panic!("section {key}"));
    let end = page[start..].find("</section>").unwrap() + start;
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn silent(json: &Value, review: &str) -> Vec<(String, bool, Vec<String>)> {
    let r = json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == review)
        .unwrap();
    r["pack"]["silent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["section"].as_str().unwrap().to_string(),
                s["missing"].as_bool().unwrap(),
                s["unmentioned"]
                    .as_array()
                    .map(|u| u.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn each_pack_holds_the_records_of_its_period_and_flags_what_the_review_leaves_out() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-12-31");
    let mr1 = std::fs::read_to_string(out.join("reviews/pack/MR-1.html")).unwrap();
    let mr2 = std::fs::read_to_string(out.join("reviews/pack/MR-2.html")).unwrap();
    let next = std::fs::read_to_string(out.join("reviews/next.html")).unwrap();

    // b) Issues: the review's own day belongs to its period, the day after
    // to the next one.
    let b1 = section(&mr1, "context_issues");
    assert!(b1.contains("ISS-A") && !b1.contains("ISS-B"), "{b1}");
    assert!(b1.contains("First review: the context as it stood"));
    let b2 = section(&mr2, "context_issues");
    assert!(
        b2.contains("ISS-B") && b2.contains("Added on 2025-02-01"),
        "{b2}"
    );
    assert!(!b2.contains("ISS-A") && !b2.contains("ISS-C"));
    assert!(section(&next, "context_issues").contains("ISS-C"));
    // c) A party retired on the review's day is in that review's period.
    let c2 = section(&mr2, "interested_parties");
    assert!(
        c2.contains("IP-A") && c2.contains("Retired on 2025-06-30"),
        "{c2}"
    );
    assert!(!section(&next, "interested_parties").contains("IP-A"));

    // Incidents: counts by severity, time to contain, lessons as text.
    let i1 = section(&mr1, "incidents");
    assert!(i1.contains("INC-A") && !i1.contains("INC-C"), "{i1}");
    assert!(
        i1.contains("1 (0 low, 0 medium, 1 high, 0 critical)"),
        "{i1}"
    );
    // Contained only after the review: not by the period's end.
    assert!(i1.contains("not contained by the period"), "{i1}");
    // CA-1 was opened the day after the period's end: it does not count.
    assert!(i1.contains("Use the fix everywhere."), "{i1}");
    assert!(!i1.contains("(1 action"), "{i1}");
    assert!(i1.contains("without lessons or an action"), "{i1}");
    let i2 = section(&mr2, "incidents");
    assert!(i2.contains("INC-B") && i2.contains("INC-C"), "{i2}");
    assert!(!i2.contains("INC-A") && !i2.contains("INC-D"));
    assert!(
        i2.contains("2 (1 low, 0 medium, 0 high, 1 critical)"),
        "{i2}"
    );
    assert!(i2.contains("contained the same day"));
    // By MR-2's end CA-1 exists: one action, in words.
    assert!(i2.contains("Patch. (1 action)"), "{i2}");
    assert!(
        i2.contains("Trend 2 detected, 1 in the previous period"),
        "{i2}"
    );
    assert!(section(&next, "incidents").contains("INC-D"));

    // d4) Fulfilment at each review's date: on target in January, missed
    // in June.
    let o1 = section(&mr1, "objectives");
    assert!(
        o1.contains("metrics on target (1 of 1 metrics on target on 2025-01-31)"),
        "{o1}"
    );
    let o2 = section(&mr2, "objectives");
    assert!(
        o2.contains("metrics miss target (0 of 1 metrics on target on 2025-06-30)"),
        "{o2}"
    );
    // The figures count objectives, and say so.
    assert!(
        o1.contains("Objectives 1 Objectives met 1 Objectives not met 0 Objectives not measured 0"),
        "{o1}"
    );
    assert!(
        o2.contains("Objectives 1 Objectives met 0 Objectives not met 1 Objectives not measured 0"),
        "{o2}"
    );
    assert!(!o2.contains("Metrics on target") && !o2.contains("Metrics miss target"));

    // The silent flag: MR-2 names ISS-B (no flag on b), not IP-A (retired
    // in its period), not the critical INC-B, and has no objectives input
    // while OBJ-1 misses its target.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("site.json")).unwrap()).unwrap();
    let mut flags = silent(&json, "MR-2");
    flags.sort();
    assert_eq!(
        flags,
        vec![
            ("incidents".to_string(), false, vec!["INC-B".to_string()]),
            (
                "interested_parties".to_string(),
                false,
                vec!["IP-A".to_string()]
            ),
            ("objectives".to_string(), true, vec![]),
        ]
    );
    // MR-1 is the first review: its context is the starting point, but its
    // high incident must be named (its nonconformities input does not).
    assert_eq!(
        silent(&json, "MR-1"),
        vec![("incidents".to_string(), false, vec!["INC-A".to_string()])]
    );
}

#[test]
fn naming_the_records_clears_the_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    write(
        &src,
        "reviews/mr-2.yaml",
        &format!(
            "id: MR-2\ntitle: Second\ndate: 2025-06-30\ninputs:\n{}  changes: New issue [[ISS-B]].\n  interested_parties: The insurer [[IP-A]] left.\n  objectives: OBJ-1 missed.\n",
            INPUTS.replace("None raised.", "Critical incident INC-B, patched.")
        ),
    );
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-12-31");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("site.json")).unwrap()).unwrap();
    assert_eq!(silent(&json, "MR-2"), vec![]);
}

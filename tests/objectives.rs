//! Objectives (clause 6.2): every field on the page, fulfilment computed
//! from the linked metrics at the as-of date beside the stated status (and
//! the mismatch flagged), file:line errors, exports, backlinks and point in
//! time.

mod common;

use common::{broken_links, build_ok, diagnostics, page, write};
use serde_json::Value;
use std::path::Path;

fn fixture(dir: &Path) {
    write(dir, "isms.yaml", "title: Objectives\nowners: [CISO, HR]\n");
    write(
        dir,
        "metrics/kpi-a.yaml",
        "id: KPI-A\ntitle: Training completion\nunit: \"%\"\ntarget: 95\ndirection: higher\n\
         measurements:\n  - { date: 2025-01-31, value: 96 }\n  - { date: 2025-06-30, value: 90 }\n",
    );
    write(
        dir,
        "metrics/kpi-b.yaml",
        "id: KPI-B\ntitle: Phishing click rate\nunit: \"%\"\ntarget: 5\ndirection: lower\n\
         measurements:\n  - { date: 2025-03-31, value: 4 }\n",
    );
    write(
        dir,
        "objectives/obj-1.yaml",
        "id: OBJ-1\ntitle: Awareness that works\nowner: HR\ntarget: 95% trained, 5% clicks or fewer\n\
         metrics: [KPI-A, KPI-B]\ndue: 2025-12-31\nplan: |\n  Kiosk **micro-learning** for shifts.\n\
         resources: Two champions per shift\nevaluation: Monthly KPI pack, yearly review\n\
         status: achieved\nclauses: [\"6.2\"]\ncontrols: [A.6.3]\nsince: 2025-01-01\n",
    );
    write(
        dir,
        "objectives/obj-2.yaml",
        "id: OBJ-2\ntitle: Fewer clicks\nowner: CISO\nmetrics: [KPI-B]\nstatus: missed\n",
    );
    write(
        dir,
        "objectives/obj-3.yaml",
        "id: OBJ-3\ntitle: Write a plan\nowner: CISO\ndue: 2025-06-30\nstatus: active\n",
    );
    write(
        dir,
        "objectives/obj-4.yaml",
        "id: OBJ-4\ntitle: Next year's objective\nowner: CISO\nmetrics: [KPI-A]\nstatus: active\nsince: 2026-01-01\n",
    );
}

#[test]
fn fulfilment_comes_from_the_metrics_and_a_contradicting_status_is_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-12-31");

    let obj1 = page(&out, "objectives/OBJ-1.html");
    for field in [
        "Awareness that works",
        "<dt>Owner</dt><dd>HR",
        "95% trained, 5% clicks or fewer",
        "<time datetime=\"2025-12-31\">",
        "<strong>micro-learning</strong>",
        "Two champions per shift",
        "Monthly KPI pack, yearly review",
        "../clauses/6.2.html",
        "../controls/A.6.3.html",
        "<time datetime=\"2025-01-01\">",
    ] {
        assert!(obj1.contains(field), "OBJ-1 shows {field}");
    }
    // KPI-A's latest (90) misses 95; KPI-B's (4) meets 5 or less.
    assert!(
        obj1.contains("Metrics miss target (1 of 2 on target on the due date, 2025-12-31)"),
        "{obj1}"
    );
    assert!(obj1.contains("Achieved (metrics disagree)"));
    assert!(obj1.contains("Status and metrics disagree"));
    // Each metric's trend chart against its target.
    assert!(obj1.contains("id=\"chart-KPI-A\""));
    assert!(obj1.contains("id=\"chart-KPI-B\""));
    assert!(obj1.contains("../metrics/KPI-A.html"));

    // Stated missed while the metric meets its target: also a mismatch.
    let obj2 = page(&out, "objectives/OBJ-2.html");
    assert!(
        obj2.contains("Metrics on target (1 of 1 on target)"),
        "{obj2}"
    );
    assert!(obj2.contains("Missed (metrics disagree)"));
    // No metrics: not measured; active after its due date.
    let obj3 = page(&out, "objectives/OBJ-3.html");
    assert!(obj3.contains("Not measured"));
    assert!(obj3.contains("Active, past due"));
    assert!(!obj3.contains("Status and metrics disagree"));

    // The index lists both the stated status and the fulfilment.
    let index = page(&out, "objectives/index.html");
    assert!(index.contains("OBJ-1") && index.contains("OBJ-3"));
    assert!(index.contains("Metrics miss target"));
    // The metric and the control link back.
    assert!(page(&out, "metrics/KPI-A.html").contains("objectives/OBJ-1.html"));
    assert!(page(&out, "controls/A.6.3.html").contains("objectives/OBJ-1.html"));

    let json: Value = serde_json::from_str(&page(&out, "site.json")).unwrap();
    let objs = json["objectives"].as_array().unwrap();
    let one = objs.iter().find(|o| o["id"] == "OBJ-1").unwrap();
    assert_eq!(one["fulfilment"], "not_met");
    assert_eq!(one["status"], "achieved");
    assert_eq!(one["status_mismatch"], true);
    assert_eq!(one["metrics_met"], 1);
    assert_eq!(one["metrics_missed"], 1);
    assert_eq!(one["url"], "objectives/OBJ-1.html");
    let csv = page(&out, "objectives.csv");
    assert!(csv.contains("OBJ-1,Awareness that works,HR"), "{csv}");
    assert!(csv.contains(",achieved,not_met,1,1,yes"), "{csv}");
    assert!(page(&out, "search-index.js").contains("OBJ-1"));
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

#[test]
fn an_objective_is_judged_on_the_measurements_of_the_as_of_date() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    // On 2025-04-30 KPI-A's latest is 96: both metrics on target.
    let early = tmp.path().join("early");
    build_ok(&src, &early, "2025-04-30");
    let obj1 = page(&early, "objectives/OBJ-1.html");
    assert!(
        obj1.contains("Metrics on target (2 of 2 on target)"),
        "{obj1}"
    );
    assert!(!obj1.contains("Status and metrics disagree"));
    // OBJ-4 is set in 2026: absent before, present after.
    assert!(!early.join("objectives/OBJ-4.html").exists());
    let json: Value = serde_json::from_str(&page(&early, "site.json")).unwrap();
    assert!(json["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["id"] != "OBJ-4"));
    let later = tmp.path().join("later");
    build_ok(&src, &later, "2026-02-01");
    assert!(later.join("objectives/OBJ-4.html").exists());
}

#[test]
fn past_its_due_date_an_objective_is_judged_at_the_due_date() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    // KPI-A meets its target again after OBJ-1's due date (2025-12-31):
    // OBJ-1 was still missed then, and its stated `achieved` contradicts it.
    write(
        &src,
        "metrics/kpi-a.yaml",
        "id: KPI-A\ntitle: Training completion\nunit: \"%\"\ntarget: 95\ndirection: higher\n\
         measurements:\n  - { date: 2025-01-31, value: 96 }\n  - { date: 2025-06-30, value: 90 }\n  - { date: 2026-01-31, value: 99 }\n",
    );
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2026-03-01");
    let obj1 = page(&out, "objectives/OBJ-1.html");
    assert!(
        obj1.contains("Metrics miss target (1 of 2 on target on the due date, 2025-12-31)"),
        "{obj1}"
    );
    assert!(obj1.contains("Achieved (metrics disagree)"), "{obj1}");
    assert!(obj1.contains("on its due date (2025-12-31) a metric missed its target"));
    // Before the due date the stated status has not taken effect.
    let early = tmp.path().join("early");
    build_ok(&src, &early, "2025-07-31");
    let obj1 = page(&early, "objectives/OBJ-1.html");
    assert!(!obj1.contains("metrics disagree"), "{obj1}");
    assert!(
        obj1.contains("Metrics miss target (1 of 2 on target)"),
        "{obj1}"
    );
}

#[test]
fn bad_objectives_are_reported_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path();
    write(src, "isms.yaml", "title: Bad\n");
    write(
        src,
        "objectives/bad.yaml",
        "id: OBJ-9\ntitle: Bad\nstatus: finished\nmetrics: [KPI-NONE]\ndue: soon\ncontrol: [A.5.1]\n",
    );
    write(src, "objectives/untitled.yaml", "id: OBJ-8\n");
    let d = diagnostics(src, "2025-12-31");
    for expected in [
        ("unknown-value", "objectives/bad.yaml:3"),
        ("unknown-reference", "objectives/bad.yaml:4"),
        ("bad-date", "objectives/bad.yaml:5"),
        ("unknown-key", "objectives/bad.yaml:6"),
        ("missing-key", "objectives/untitled.yaml:1"),
    ] {
        let pair = (expected.0.to_string(), expected.1.to_string());
        assert!(d.contains(&pair), "{expected:?} in {d:?}");
    }
}

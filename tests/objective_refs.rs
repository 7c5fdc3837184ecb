//! An objective's lists of references hold each record once: a repeat is a
//! `duplicate-ref` warning at it and is not counted.

mod common;

use common::{build_ok, check_json, diagnostic_list, write};

#[test]
fn a_metric_listed_twice_is_warned_at_the_repeat_and_counted_once() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(&src, "isms.yaml", "title: Objectives\nowners: [CISO]\n");
    write(
        &src,
        "metrics/kpi-mttc.yaml",
        "id: KPI-MTTC\ntitle: Time to contain\nowner: CISO\nunit: h\ntarget: 8\ndirection: lower\nfrequency: monthly\n\
         measurements:\n  - { date: 2025-10-31, value: 6 }\n",
    );
    write(
        &src,
        "objectives/obj-1.yaml",
        "id: OBJ-1\ntitle: Contain fast\nowner: CISO\ndue: 2026-06-30\nmetrics:\n  - KPI-MTTC\n  - KPI-MTTC\ncontrols: [A.5.26, A.5.26]\n",
    );
    let (_, json) = check_json(&src, "2025-12-31");
    let dups: Vec<(String, u64)> = diagnostic_list(&json)
        .iter()
        .filter(|d| d["code"] == "duplicate-ref")
        .map(|d| {
            (
                d["location"]["file"].as_str().unwrap().to_string(),
                d["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dups,
        [
            ("objectives/obj-1.yaml".to_string(), 7),
            ("objectives/obj-1.yaml".to_string(), 8)
        ],
        "{json}"
    );
    let site = tmp.path().join("site");
    build_ok(&src, &site, "2025-12-31");
    let page = std::fs::read_to_string(site.join("objectives/OBJ-1.html")).unwrap();
    assert!(page.contains("1 of 1"), "counted once");
    assert!(!page.contains("2 of 2"));
}

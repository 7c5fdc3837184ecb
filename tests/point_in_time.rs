//! `--as-of D` shows the ISMS as it stood on D: records dated after D do not
//! exist on any page or export, and what remains is rolled back to D (an
//! action's status, due date and closure from its `log`, effectiveness
//! reviews made by then, measurements taken by then).

mod common;

use common::{broken_links, copy_tree, repo, stderr, write};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Build a copy of the sample (outside git) as of `as_of`.
fn build_sample(tmp: &Path, as_of: &str) -> PathBuf {
    let src = tmp.join("src");
    if !src.exists() {
        copy_tree(&repo().join("sample-isms"), &src);
    }
    let out = tmp.join(format!("site-{as_of}"));
    let run = common::build(&src, &out, as_of, &["--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn site_json(site: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(site.join("site.json")).unwrap()).unwrap()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
}

fn date<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v[key].as_str()
}

/// Every date of a record on the site is on or before `as_of`, and no page
/// links to a page that is not there.
fn assert_nothing_after(site: &Path, as_of: &str) {
    let json = site_json(site);
    let after = |d: Option<&str>| d.is_some_and(|d| d > as_of);
    for audit in list(&json, "audits") {
        // Planned audits are the programme: dated ahead on purpose.
        if audit["status"].as_str() != Some("planned") {
            assert!(!after(date(audit, "start")), "audit {audit}");
        }
    }
    for action in list(&json, "actions") {
        assert!(!after(date(action, "opened")), "action {}", action["id"]);
        assert!(!after(date(action, "closed")), "action {}", action["id"]);
        for entry in list(action, "log") {
            assert!(!after(date(entry, "date")), "log of {}", action["id"]);
        }
        if action["effectiveness"].is_object() {
            let reviewed = date(&action["effectiveness"], "reviewed_on");
            assert!(!after(reviewed), "effectiveness of {}", action["id"]);
        }
    }
    for review in list(&json, "reviews") {
        assert!(!after(date(review, "date")), "review {}", review["id"]);
    }
    for metric in list(&json, "metrics") {
        for m in list(metric, "measurements") {
            assert!(!after(date(m, "date")), "measurement of {}", metric["id"]);
        }
    }
    for doc in list(&json, "documents") {
        assert!(!after(date(doc, "approved_on")), "document {}", doc["id"]);
        for h in list(doc, "history") {
            assert!(!after(date(h, "date")), "history of {}", doc["id"]);
        }
    }
    for objective in list(&json, "objectives") {
        assert!(
            !after(date(objective, "since")),
            "objective {}",
            objective["id"]
        );
    }
    for incident in list(&json, "incidents") {
        for key in ["detected", "contained", "resolved"] {
            assert!(!after(date(incident, key)), "{key} of {}", incident["id"]);
        }
        if incident["notifiable"].is_object() {
            let on = date(&incident["notifiable"], "notified_on");
            assert!(!after(on), "notification of {}", incident["id"]);
        }
    }
    if json["context"].is_object() {
        for entry in list(&json["context"], "issues")
            .iter()
            .chain(list(&json["context"], "parties"))
        {
            assert!(!after(date(entry, "since")), "context {}", entry["id"]);
            assert!(!after(date(entry, "until")), "context {}", entry["id"]);
            for c in list(entry, "changed") {
                assert!(!after(date(c, "on")), "change of {}", entry["id"]);
            }
        }
    }
    let broken = broken_links(site);
    assert!(broken.is_empty(), "as of {as_of}: {broken:?}");
}

#[test]
fn the_sample_as_of_may_2025_has_no_later_records() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build_sample(tmp.path(), "2025-05-18");
    assert_nothing_after(&site, "2025-05-18");
    // The 2026 audits and their findings do not exist yet.
    assert!(!site.join("audits/AUD-2026-INT.html").exists());
    assert!(!site.join("findings/F-2026-05.html").exists());
    assert!(!site.join("reviews/MR-2026.html").exists());
    let index = std::fs::read_to_string(site.join("audits/index.html")).unwrap();
    assert!(
        !index.contains("AUD-2026"),
        "the audit list is as of May 2025"
    );
    let json = site_json(&site);
    let action = |id: &str| {
        list(&json, "actions")
            .iter()
            .find(|a| a["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    // CA-2024-005 was closed in June 2024; its effectiveness review (found
    // not effective) was made on 2025-05-21, after the date.
    let ca = action("CA-2024-005");
    assert_eq!(ca["status"], "closed");
    assert!(ca["effectiveness"].is_null(), "{ca}");
    // CA-2025-001 was implemented on 2025-06-26: in progress in May 2025.
    assert_eq!(action("CA-2025-001")["status"], "in_progress");
    // F-2024-09's only action is done, its effectiveness not yet reviewed.
    let finding = list(&json, "audits")
        .iter()
        .flat_map(|a| list(a, "findings"))
        .find(|f| f["id"] == "F-2024-09")
        .cloned()
        .unwrap();
    assert_eq!(finding["status"], "implemented", "{finding}");
    assert_eq!(json["as_of"], "2025-05-18");
}

#[test]
fn a_later_build_shows_what_was_added_since() {
    let tmp = tempfile::tempdir().unwrap();
    let early = build_sample(tmp.path(), "2024-06-30");
    let late = build_sample(tmp.path(), "2026-11-15");
    let count = |site: &Path, key: &str| list(&site_json(site), key).len();
    assert!(count(&early, "actions") < count(&late, "actions"));
    assert!(count(&early, "audits") < count(&late, "audits"));
    assert!(count(&early, "reviews") < count(&late, "reviews"));
    // Timeline pages stop at the date.
    let timeline = std::fs::read_to_string(early.join("timeline.html")).unwrap();
    assert!(
        !timeline.contains("2025-"),
        "no 2025 event in a mid-2024 timeline"
    );
}

#[test]
fn a_reference_to_a_later_record_is_text_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(&src, "isms.yaml", "title: Later\nowners: [CISO]\n");
    write(
        &src,
        "policies/p.md",
        "---\nid: POL-1\ntitle: Policy\nowner: CISO\nstatus: draft\n---\nSee [[AUD-2026]] and [[CA-9]].\n",
    );
    write(
        &src,
        "audits/a.yaml",
        "id: AUD-2026\ntitle: Audit\nkind: internal\nstart: 2026-03-01\nend: 2026-03-02\nlead_auditor: Auditor\n",
    );
    write(
        &src,
        "actions/ca.yaml",
        "id: CA-9\ntitle: Act\nkind: improvement\nsource: AUD-2026\nowner: CISO\nopened: 2026-03-05\ndue: 2026-06-30\nstatus: open\n",
    );
    let out = tmp.path().join("site");
    let run = common::build(&src, &out, "2025-12-31", &[]);
    let text = stderr(&run);
    assert!(run.status.success(), "{text}");
    assert!(
        !text.contains("broken-link") && !text.contains("unknown-reference"),
        "{text}"
    );
    let page = std::fs::read_to_string(out.join("documents/POL-1.html")).unwrap();
    assert!(
        page.contains("AUD-2026") && !page.contains("audits/AUD-2026.html"),
        "{page}"
    );
    assert!(!out.join("actions/CA-9.html").exists());
    // Built a year later, the same references link.
    let out = tmp.path().join("site-2027");
    let run = common::build(&src, &out, "2027-01-31", &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(out.join("documents/POL-1.html")).unwrap();
    assert!(page.contains("../audits/AUD-2026.html"), "{page}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the date, no page or export of the sample shows a record
    /// dated after it, and every link lands.
    #[test]
    fn no_page_lists_anything_dated_after_as_of(days in 0i64..1100) {
        let start = day_number(2023, 12, 1);
        let as_of = add_days(start, days);
        let tmp = tempfile::tempdir().unwrap();
        let site = build_sample(tmp.path(), &as_of);
        assert_nothing_after(&site, &as_of);
    }
}

/// A civil date as `YYYY-MM-DD` (days from 1970-01-01, Howard Hinnant's
/// algorithm), so the test needs no date crate.
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn add_days(start: i64, days: i64) -> String {
    civil(start + days)
}

#[test]
fn the_date_helpers_agree() {
    assert_eq!(civil(0), "1970-01-01");
    assert_eq!(add_days(day_number(2024, 2, 28), 1), "2024-02-29");
    assert_eq!(add_days(day_number(2024, 12, 31), 1), "2025-01-01");
}

/// Every id a record of `site.json` lists under `key` names a record of the
/// export (none that exists only later).
fn refs_exist(json: &Value, key: &str, targets: &str) {
    let known: Vec<&str> = list(json, targets)
        .iter()
        .filter_map(|x| x["id"].as_str())
        .collect();
    for kind in ["risks", "incidents", "reviews", "objectives"] {
        for record in list(json, kind) {
            for id in record[key].as_array().into_iter().flatten() {
                let id = id.as_str().unwrap_or_default();
                assert!(
                    known.contains(&id),
                    "{kind} {} lists {key} {id}, which does not exist yet",
                    record["id"]
                );
            }
        }
    }
}

#[test]
fn exports_name_no_later_record_and_counts_skip_them() {
    let tmp = tempfile::tempdir().unwrap();
    // IA-2025-002 was opened on 2025-06-23, after INC-2025-01 (high).
    let site = build_sample(tmp.path(), "2025-06-18");
    let json = site_json(&site);
    let inc = list(&json, "incidents")
        .iter()
        .find(|i| i["id"] == "INC-2025-01")
        .unwrap();
    assert_eq!(inc["actions"], serde_json::json!([]));
    refs_exist(&json, "actions", "actions");
    let csv = std::fs::read_to_string(site.join("incidents.csv")).unwrap();
    assert!(!csv.contains("IA-2025-002"), "{csv}");
    let risks = std::fs::read_to_string(site.join("risks.csv")).unwrap();
    assert!(!risks.contains("CA-2026-003"), "{risks}");
    // Without an action in existence, the high incident lacks one.
    let run = common::check(&tmp.path().join("src"), "2025-06-18");
    let text = stderr(&run);
    assert!(
        text.contains("incident-without-lessons") && text.contains("INC-2025-01"),
        "{text}"
    );
    let site = build_sample(tmp.path(), "2025-06-30");
    refs_exist(&site_json(&site), "actions", "actions");
    refs_exist(&site_json(&site), "metrics", "metrics");
}

#[test]
fn an_objective_stated_status_takes_effect_at_its_due_date() {
    let tmp = tempfile::tempdir().unwrap();
    let status = |json: &Value, id: &str| {
        let o = list(json, "objectives")
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone();
        (
            o["status"].as_str().unwrap().to_string(),
            o["fulfilment"].as_str().unwrap().to_string(),
        )
    };
    // Before their due dates OBJ-02 (missed) and OBJ-03 (achieved) are active.
    let json = site_json(&build_sample(tmp.path(), "2025-06-30"));
    assert_eq!(status(&json, "OBJ-02").0, "active");
    assert_eq!(status(&json, "OBJ-03").0, "active");
    let page = std::fs::read_to_string(
        build_sample(tmp.path(), "2025-06-30").join("objectives/OBJ-03.html"),
    )
    .unwrap();
    assert!(!page.contains("metrics disagree"), "{page}");
    // Later, each is judged at its due date (KPI-PATCH 93 on 2026-06-30,
    // KPI-MTTC 7.6 h on 2026-09-30), not on the later measurements.
    let json = site_json(&build_sample(tmp.path(), "2026-11-15"));
    assert_eq!(status(&json, "OBJ-02"), ("missed".into(), "not_met".into()));
    assert_eq!(status(&json, "OBJ-03"), ("achieved".into(), "met".into()));
    let missed = list(&json, "objectives")
        .iter()
        .filter(|o| o["status"] == "missed")
        .count();
    assert_eq!(missed, 1, "the sample shows one missed objective");
}

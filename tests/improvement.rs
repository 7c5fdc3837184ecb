//! Continual improvement: timeline order, chart numbers, the as-of date,
//! review inputs, effectiveness and recurrence.

mod common;

use common::{repo, stderr};
use isms_site::analyse::timeline::Category;
use isms_site::model::Date;
use isms_site::pipeline;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/improvement")
}

fn checked(as_of: &str) -> pipeline::Checked {
    pipeline::check(&fixture(), None, Date::parse(as_of).unwrap())
}

fn build(as_of: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = common::build(&fixture(), &out, as_of, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    (tmp, out)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn events_are_in_chronological_order() {
    let c = checked("2025-06-30");
    let events = &c.analysis.timeline;
    assert!(
        events.windows(2).all(|w| w[0].date <= w[1].date),
        "sorted by date"
    );
    let first = &events[0];
    assert_eq!(
        (
            first.date.to_string(),
            first.category,
            first.record.as_str()
        ),
        ("2025-01-10".into(), Category::Audit, "AUD-1")
    );
    let texts: Vec<String> = events
        .iter()
        .filter(|e| e.record == "CA-2")
        .map(|e| format!("{} {}", e.date, e.text))
        .collect();
    assert_eq!(
        texts,
        [
            "2025-01-20 Corrective action opened: Run access reviews quarterly",
            "2025-02-10 Due date set to 2025-05-31 — Reviewer on leave",
            "2025-03-01 Status: in progress",
        ]
    );
    assert!(events.iter().any(|e| e.record == "CA-1"
        && e.category == Category::Effectiveness
        && e.text.starts_with("Verified effective")));
    assert!(events
        .iter()
        .any(|e| e.record == "KPI-1" && e.text.contains("80%, target missed")));
    assert!(events
        .iter()
        .all(|e| e.date <= Date::parse("2025-06-30").unwrap()));

    let (_tmp, out) = build("2025-06-30");
    let page = read(&out, "timeline.html");
    let dates: Vec<&str> = page
        .match_indices("<li class=\"event")
        .filter_map(|(i, _)| page[i..].split("datetime=\"").nth(1)?.get(..10))
        .collect();
    assert_eq!(dates.len(), events.len());
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "the page lists events oldest first");
    // A control page carries its own timeline.
    let control = read(&out, "controls/A.8.5.html");
    assert!(control.contains("Major nonconformity raised: No MFA for administrators"));
}

#[test]
fn trends_count_what_happened() {
    let t = checked("2025-06-30").analysis.trends;
    let nc: Vec<(String, usize, usize)> = t
        .open_nc
        .iter()
        .map(|m| (m.month.clone(), m.major, m.minor))
        .collect();
    assert_eq!(
        nc,
        [
            ("2025-01".into(), 1, 1),
            ("2025-02".into(), 1, 1),
            ("2025-03".into(), 1, 1),
            ("2025-04".into(), 0, 1),
            ("2025-05".into(), 0, 1),
            ("2025-06".into(), 0, 2),
        ]
    );
    let overdue: Vec<usize> = t.overdue.iter().map(|m| m.overdue).collect();
    assert_eq!(overdue, [0, 0, 0, 0, 0, 1]);
    let q: Vec<(String, usize, usize)> = t
        .throughput
        .iter()
        .map(|q| (q.quarter.clone(), q.opened, q.closed))
        .collect();
    assert_eq!(q, [("2025-Q1".into(), 2, 1), ("2025-Q2".into(), 1, 0)]);
    assert_eq!(t.days_to_close.len(), 1);
    assert_eq!(
        (
            t.days_to_close[0].median,
            t.days_to_close[0].min,
            t.days_to_close[0].max
        ),
        (36.0, 36, 36)
    );
}

#[test]
fn charts_encode_the_numbers() {
    let (_tmp, out) = build("2025-06-30");
    let timeline = read(&out, "timeline.html");
    for (series, x, v) in [
        ("Major", "2025-03", "1"),
        ("Major", "2025-04", "0"),
        ("Minor", "2025-06", "2"),
    ] {
        let needle = format!(r#"data-series="{series}" data-x="{x}" data-value="{v}""#);
        assert!(timeline.contains(&needle), "open NC chart has {needle}");
    }
    assert!(timeline.contains(r#"data-series="Opened" data-x="2025-Q1" data-value="2""#));
    assert!(timeline.contains(r#"data-series="Closed" data-x="2025-Q1" data-value="1""#));
    assert!(timeline.contains(r#"data-series="median" data-x="2025-Q1" data-value="36""#));
    assert!(timeline.contains(r#"data-series="Overdue" data-x="2025-06" data-value="1""#));
    assert!(timeline.matches("<svg class=\"chart\"").count() >= 4);
    assert!(timeline.contains("<summary>Data table: Open nonconformities</summary>"));
    let dashboard = read(&out, "index.html");
    assert!(
        dashboard.contains("<svg class=\"chart\""),
        "the dashboard carries a trend"
    );
    let metric = read(&out, "metrics/KPI-1.html");
    assert!(
        metric.contains(r#"data-x="2025-01-31" data-value="80" data-flag="true""#),
        "misses are marked"
    );
    assert!(metric.contains(r#"data-x="2025-03-31" data-value="96">"#));
    assert!(metric.contains(r#"data-target="95""#));
}

#[test]
fn overdue_follows_the_as_of_date() {
    let (_a, before) = build("2025-05-30");
    let (_b, after) = build("2025-06-30");
    assert!(!read(&before, "actions/CA-2.html").contains("days overdue"));
    assert!(read(&after, "actions/CA-2.html").contains("30 days overdue"));
    for dir in [&before, &after] {
        assert!(read(dir, "index.html").contains("State as of <time"));
    }
    let (_c, again) = build("2025-06-30");
    for f in common::files(&after) {
        assert!(
            std::fs::read(after.join(&f)).unwrap() == std::fs::read(again.join(&f)).unwrap(),
            "{f} identical"
        );
    }
}

#[test]
fn review_inputs_recurrence_and_effectiveness() {
    let c = checked("2025-06-30");
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == "review-missing-inputs")
        .expect("review warning");
    assert!(
        d.message.contains(
            "b) changes, c) interested_parties, d2) monitoring, d4) objectives, e) interested_party_feedback, f) risk, g) improvement_opportunities"
        ),
        "{}",
        d.message
    );
    assert_eq!(d.location.as_ref().unwrap().file, "reviews/mr-1.yaml");
    assert_eq!(
        c.analysis.recurrences.get("F-4").map(Vec::as_slice),
        Some(&["F-1".to_string()][..])
    );
    let (_tmp, out) = build("2025-06-30");
    let review = read(&out, "reviews/MR-1.html");
    assert!(review.contains("3 of 10 inputs covered"));
    assert!(
        review.contains("../actions/CA-1.html"),
        "the review links the action it raised"
    );
    let action = read(&out, "actions/CA-1.html");
    assert!(
        action.contains("../reviews/MR-1.html"),
        "and the action links back"
    );
    assert!(read(&out, "findings/F-4.html").contains("Recurrence"));
    assert!(read(&out, "findings/F-1.html").contains("Path to closure"));
}

//! Incidents (A.5.24 to A.5.28): every field on the page, times to contain
//! and resolve, the register's monthly counts and mean time to contain, the
//! checks `notification-late` and `incident-without-lessons` at their line,
//! backlinks from controls, risks and actions, exports and point in time.

mod common;

use common::{broken_links, build_ok, diagnostics, page, pair, stderr, write};
use serde_json::Value;
use std::path::Path;

fn incident_codes(dir: &Path, as_of: &str) -> Vec<(String, String)> {
    let mut d: Vec<_> = diagnostics(dir, as_of)
        .into_iter()
        .filter(|(c, _)| c == "notification-late" || c == "incident-without-lessons")
        .collect();
    d.sort();
    d
}

fn fixture(dir: &Path) {
    write(dir, "isms.yaml", "title: Incidents\nowners: [CISO]\n");
    write(
        dir,
        "actions/ca-1.yaml",
        "id: CA-1\ntitle: Enforce MFA\nkind: corrective\nowner: CISO\nopened: 2025-02-05\ndue: 2025-03-31\nstatus: open\n",
    );
    write(
        dir,
        "risks/r-1.yaml",
        "id: R-1\ntitle: Credential theft\nowner: CISO\nassessed_on: 2025-01-10\ninherent: { likelihood: 2, impact: 2 }\ntreatment: mitigate\ncontrols: [A.8.5]\nresidual: { likelihood: 1, impact: 2 }\n",
    );
    // High without lessons or actions.
    write(
        dir,
        "incidents/inc-1.yaml",
        "id: INC-1\ntitle: Ransomware on a laptop\ndetected: 2025-01-10\nseverity: high\n",
    );
    // Critical with lessons but no action.
    write(
        dir,
        "incidents/inc-2.yaml",
        "id: INC-2\ntitle: Database leaked\ndetected: 2025-01-20\ncontained: 2025-01-21\nseverity: critical\nlessons: Encrypt backups.\n",
    );
    // Clean: every field.
    write(
        dir,
        "incidents/inc-3.yaml",
        "id: INC-3\ntitle: Mailbox compromised\ndetected: 2025-02-01\ncontained: 2025-02-03\nresolved: 2025-02-11\n\
         severity: high\nassets: [Mailboxes, Finance share]\ncontrols: [A.5.24, A.8.5]\nrisks: [R-1]\n\
         root_cause: |\n  Password reused on a **phishing** page.\nlessons: |\n  MFA everywhere.\n\
         actions: [CA-1]\nevidence: [evidence/inc-3.txt]\n",
    );
    write(dir, "evidence/inc-3.txt", "ticket export\n");
    // Notified after the deadline.
    write(
        dir,
        "incidents/inc-4.yaml",
        "id: INC-4\ntitle: Lost USB stick\ndetected: 2025-03-01\nseverity: medium\nnotifiable:\n  authority: Data Office\n  deadline: 2025-03-05\n  notified_on: 2025-03-07\n",
    );
    // Owed, never notified: missing once the deadline has passed.
    write(
        dir,
        "incidents/inc-5.yaml",
        "id: INC-5\ntitle: Misdirected e-mail\ndetected: 2025-03-06\nseverity: low\nnotifiable: { authority: Data Office, deadline: 2025-03-10 }\n",
    );
    // Notified on time (but only after 2025-04-01).
    write(
        dir,
        "incidents/inc-6.yaml",
        "id: INC-6\ntitle: Stolen laptop\ndetected: 2025-03-30\ncontained: 2025-04-02\nresolved: 2025-04-09\nseverity: medium\n\
         notifiable: { authority: Data Office, deadline: 2025-04-03, notified_on: 2025-04-02 }\n",
    );
    // Detected later than the early as-of dates.
    write(
        dir,
        "incidents/inc-7.yaml",
        "id: INC-7\ntitle: Later incident\ndetected: 2025-09-01\nseverity: low\n",
    );
}

#[test]
fn the_checks_fire_at_the_line_of_each_incident() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    assert_eq!(
        incident_codes(tmp.path(), "2025-12-31"),
        vec![
            pair("incident-without-lessons", "incidents/inc-1.yaml:4"),
            pair("incident-without-lessons", "incidents/inc-2.yaml:5"),
            pair("notification-late", "incidents/inc-4.yaml:8"),
            pair("notification-late", "incidents/inc-5.yaml:5"),
        ]
    );
    // Before INC-5's deadline its notification is only due; on 2025-04-01
    // INC-6 was not yet notified either, but its deadline is ahead.
    assert_eq!(
        incident_codes(tmp.path(), "2025-03-08"),
        vec![
            pair("incident-without-lessons", "incidents/inc-1.yaml:4"),
            pair("incident-without-lessons", "incidents/inc-2.yaml:5"),
            pair("notification-late", "incidents/inc-4.yaml:8"),
        ]
    );
    let at_april = incident_codes(tmp.path(), "2025-04-01");
    assert!(!at_april.contains(&pair("notification-late", "incidents/inc-6.yaml:6")));
}

#[test]
fn an_action_naming_the_incident_as_source_counts_as_its_action() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "isms.yaml", "title: Incidents\n");
    write(
        tmp.path(),
        "incidents/inc-1.yaml",
        "id: INC-1\ntitle: Ransomware\ndetected: 2025-01-10\nseverity: critical\nlessons: Segment the network.\n",
    );
    assert_eq!(
        incident_codes(tmp.path(), "2025-12-31"),
        vec![pair("incident-without-lessons", "incidents/inc-1.yaml:4")]
    );
    write(
        tmp.path(),
        "actions/ca-1.yaml",
        "id: CA-1\ntitle: Segment\nkind: corrective\nsource: INC-1\nopened: 2025-01-15\ndue: 2025-06-30\nstatus: open\n",
    );
    assert_eq!(incident_codes(tmp.path(), "2025-12-31"), vec![]);
}

#[test]
fn pages_show_every_field_and_the_computed_times() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let out = tmp.path().join("site");
    build_ok(&src, &out, "2025-12-31");
    let inc3 = page(&out, "incidents/INC-3.html");
    for field in [
        "Mailbox compromised",
        "<time datetime=\"2025-02-01\">",
        "<time datetime=\"2025-02-03\">",
        "<time datetime=\"2025-02-11\">",
        "<dt>Time to contain</dt><dd>2 days",
        "<dt>Time to resolve</dt><dd>10 days",
        "badge-bad\">High<",
        "Mailboxes, Finance share",
        "../controls/A.5.24.html",
        "../risks/R-1.html",
        "<strong>phishing</strong>",
        "MFA everywhere.",
        "../actions/CA-1.html",
        "files/evidence/inc-3.txt",
    ] {
        assert!(inc3.contains(field), "INC-3 shows {field}:\n{inc3}");
    }
    let inc4 = page(&out, "incidents/INC-4.html");
    assert!(inc4.contains("Data Office, deadline 2025-03-05, notified 2025-03-07"));
    assert!(inc4.contains("Notified late"));
    assert!(page(&out, "incidents/INC-5.html").contains("Not notified"));
    assert!(page(&out, "incidents/INC-6.html").contains("Notified on time"));
    assert!(page(&out, "incidents/INC-1.html").contains("Lessons missing"));

    // The register: counts per month by severity, mean time to contain
    // (INC-2 1 day, INC-3 2 days, INC-6 3 days: 2 days).
    let reg = page(&out, "incidents/index.html");
    assert!(reg.contains("<strong>7</strong> incidents"), "{reg}");
    assert!(reg.contains("Mean time to contain: <strong>2 days</strong>"));
    assert!(reg.contains("<strong>2</strong> notifications late or missing"));
    assert!(
        reg.contains("<th scope=\"row\">2025-03</th><td>1</td><td>2</td><td>0</td><td>0</td>"),
        "{reg}"
    );
    assert!(reg.contains("<th scope=\"row\">2025-01</th><td>0</td><td>0</td><td>1</td><td>1</td>"));
    // The register sorts its days as numbers ("10 days" after "3 days"):
    // each days cell carries its number for static/sort.js.
    assert!(reg.contains("<td data-sort=\"3\">3 days"), "{reg}");

    // Control, risk and action pages link back.
    for rel in [
        "controls/A.5.24.html",
        "risks/R-1.html",
        "actions/CA-1.html",
    ] {
        assert!(page(&out, rel).contains("incidents/INC-3.html"), "{rel}");
    }

    let json: Value = serde_json::from_str(&page(&out, "site.json")).unwrap();
    let list = json["incidents"].as_array().unwrap();
    let inc3 = list.iter().find(|i| i["id"] == "INC-3").unwrap();
    assert_eq!(inc3["days_to_contain"], 2);
    assert_eq!(inc3["days_to_resolve"], 10);
    assert_eq!(inc3["severity"], "high");
    assert_eq!(inc3["notification"], "not_required");
    let inc4 = list.iter().find(|i| i["id"] == "INC-4").unwrap();
    assert_eq!(inc4["notification"], "late");
    assert_eq!(inc4["notifiable"]["deadline"], "2025-03-05");
    let inc1 = list.iter().find(|i| i["id"] == "INC-1").unwrap();
    assert_eq!(inc1["lessons_missing"], true);
    let csv = page(&out, "incidents.csv");
    assert!(
        csv.contains(
            "INC-3,Mailbox compromised,high,2025-02-01,2025-02-03,2025-02-11,2,10,not_required"
        ),
        "{csv}"
    );
    assert!(csv.contains("INC-5,Misdirected e-mail,low,2025-03-06,,,,,missing,2025-03-10,"));
    // The improvement timeline has the detection and the resolution, and
    // the control's page its own timeline entry.
    let timeline = page(&out, "timeline.html");
    assert!(
        timeline.contains("High incident detected: Mailbox compromised"),
        "{timeline}"
    );
    assert!(timeline.contains("Incident resolved after 10 day(s)"));
    assert!(timeline.contains("value=\"incident\""));
    assert!(page(&out, "search-index.js").contains("INC-3"));
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

#[test]
fn an_incident_stands_as_it_did_on_the_as_of_date() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fixture(&src);
    let out = tmp.path().join("april");
    build_ok(&src, &out, "2025-04-01");
    // Detected later: absent everywhere.
    assert!(!out.join("incidents/INC-7.html").exists());
    // Contained, resolved and notified after the date: cleared.
    let inc6 = page(&out, "incidents/INC-6.html");
    assert!(!inc6.contains("2025-04-02"), "{inc6}");
    assert!(!inc6.contains("2025-04-09"));
    assert!(inc6.contains(">Due<"), "pending notification");
    assert!(inc6.contains(">Open<"));
    let json: Value = serde_json::from_str(&page(&out, "site.json")).unwrap();
    let list = json["incidents"].as_array().unwrap();
    assert!(list.iter().all(|i| i["id"] != "INC-7"));
    let inc6 = list.iter().find(|i| i["id"] == "INC-6").unwrap();
    assert_eq!(inc6["contained"], Value::Null);
    assert_eq!(inc6["notifiable"]["notified_on"], Value::Null);
    assert_eq!(inc6["notification"], "pending");
}

#[test]
fn bad_incidents_are_reported_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path();
    write(src, "isms.yaml", "title: Bad\n");
    write(
        src,
        "incidents/bad.yaml",
        "id: INC-9\ntitle: Bad\ndetected: 2025-05-10\ncontained: 2025-05-01\nseverity: huge\n\
         risks: [A.5.1]\nactions: [CA-404]\nnotifiable: { deadline: tomorrow }\n",
    );
    write(src, "incidents/empty.yaml", "id: INC-8\ntitle: Undated\n");
    let d = diagnostics(src, "2025-12-31");
    for expected in [
        ("date-order", "incidents/bad.yaml:4"),
        ("unknown-value", "incidents/bad.yaml:5"),
        ("wrong-kind", "incidents/bad.yaml:6"),
        ("unknown-reference", "incidents/bad.yaml:7"),
        ("bad-date", "incidents/bad.yaml:8"),
        ("missing-key", "incidents/empty.yaml:1"),
    ] {
        let pair = (expected.0.to_string(), expected.1.to_string());
        assert!(d.contains(&pair), "{expected:?} in {d:?}");
    }
    // Both missing keys (detected, severity) are reported.
    assert_eq!(
        d.iter()
            .filter(|(c, at)| c == "missing-key" && at == "incidents/empty.yaml:1")
            .count(),
        2
    );
}

#[test]
fn a_late_notification_is_reported_at_its_date_with_the_days_late() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    let run = common::check(tmp.path(), "2025-12-31");
    let text = stderr(&run);
    // INC-4: notified 2025-03-07, deadline 2025-03-05.
    let at = text
        .find("incident `INC-4` was notified to Data Office on 2025-03-07, 2 days after the deadline of 2025-03-05")
        .unwrap_or_else(|| panic!("{text}"));
    let own = &text[at..text[at..].find("warning[").map_or(text.len(), |e| at + e)];
    assert!(own.contains("incidents/inc-4.yaml:8"), "{own}");
    assert!(!own.contains("record `notified_on:`"), "{own}");
    // INC-5, never notified: asked to record it.
    let at = text
        .find("incident `INC-5`")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(text[at..].contains("record `notified_on:`"), "{text}");
}

//! The management-review pack: the 9.3.2 inputs compiled from the records
//! for each review's period (`reviews/pack/ID.html`) and for the next review
//! (`reviews/next.html`), beside what the review wrote, with the
//! silent-input flag; the period's bounds (previous review excluded, this
//! review included), point in time, `site.json` and the links to the packs.

mod common;

use common::{page, stderr, write};
use isms_site::analyse::review_pack::{self, Period, ReviewPack, Silence};
use isms_site::model::Date;
use isms_site::pipeline::{self, Checked};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2025-12-31";

fn date(t: &str) -> Date {
    Date::parse(t).unwrap()
}

/// The MR-2 review, its `nonconformities` input given.
fn mr2(nonconformities: &str) -> String {
    format!(
        "id: MR-2\ntitle: Management review mid 2025\ndate: 2025-06-10\ninputs:\n  \
         previous_actions: A-PREV-1 closed; A-PREV-2 is late.\n  \
         nonconformities: {nonconformities}\n  \
         audit_results: Internal audit [[AUD-2]]; certification audit AUD-3.\n  \
         risk: R-1 is above the appetite.\n  \
         changes: Nothing new.\n"
    )
}

/// Two reviews, MR-1 on 2025-01-10 and MR-2 on 2025-06-10, and records on
/// both sides of each boundary:
/// - AUD-1 (2025-01-10, MR-1's day): major F-EDGE, in MR-1's period only;
/// - AUD-2 (2025-01-11, the first day of MR-2's): major F-MAJ, minor F-MIN
///   (closed on 2025-03-01), OFI F-OFI;
/// - AUD-3 (certification, 2025-06-10, MR-2's day): minor F-EXT;
/// - AUD-4 (2025-06-11): minor F-NEXT, for the next review only.
fn isms_folder(nonconformities: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    let w = |rel: &str, text: &str| write(&src, rel, text);
    w(
        "isms.yaml",
        "title: Review pack\nowners: [CISO]\nrisk_criteria:\n  \
         likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]\n  \
         impact: [Negligible, Minor, Moderate, Major, Severe]\n  appetite: 6\n",
    );
    w(
        "reviews/mr-1.yaml",
        "id: MR-1\ntitle: Management review early 2025\ndate: 2025-01-10\n\
         actions: [A-PREV-1, A-PREV-2]\ninputs:\n  nonconformities: F-EDGE corrected.\n",
    );
    w("reviews/mr-2.yaml", &mr2(nonconformities));
    let audit = |id: &str, kind: &str, start: &str, findings: &str| {
        format!("id: {id}\ntitle: Audit {id}\nkind: {kind}\nstart: {start}\nfindings:\n{findings}")
    };
    // Each on a control of its own: no finding recurs another.
    let finding = |id: &str, t: &str, control: &str| {
        format!("  - id: {id}\n    type: {t}\n    title: Finding {id}\n    controls: [{control}]\n")
    };
    w(
        "audits/aud-1.yaml",
        &audit(
            "AUD-1",
            "internal",
            "2025-01-10",
            &finding("F-EDGE", "major_nc", "A.5.1"),
        ),
    );
    w(
        "audits/aud-2.yaml",
        &audit(
            "AUD-2",
            "internal",
            "2025-01-11",
            &(finding("F-MAJ", "major_nc", "A.5.2")
                + &finding("F-MIN", "minor_nc", "A.5.3")
                + &finding("F-OFI", "ofi", "A.5.4")),
        ),
    );
    w(
        "audits/aud-3.yaml",
        &audit(
            "AUD-3",
            "certification",
            "2025-06-10",
            &finding("F-EXT", "minor_nc", "A.5.5"),
        ),
    );
    w(
        "audits/aud-4.yaml",
        &audit(
            "AUD-4",
            "internal",
            "2025-06-11",
            &finding("F-NEXT", "minor_nc", "A.5.6"),
        ),
    );
    w(
        "actions/a-prev-1.yaml",
        "id: A-PREV-1\ntitle: Done\nkind: improvement\nsource: MR-1\nowner: CISO\n\
         opened: 2025-01-10\ndue: 2025-03-01\nstatus: closed\nclosed: 2025-02-20\n",
    );
    w(
        "actions/a-prev-2.yaml",
        "id: A-PREV-2\ntitle: Late\nkind: improvement\nsource: MR-1\nowner: CISO\n\
         opened: 2025-01-10\ndue: 2025-04-01\nstatus: open\n",
    );
    w(
        "actions/ca-min.yaml",
        "id: CA-MIN\ntitle: Fix\nkind: corrective\nsource: F-MIN\nowner: CISO\n\
         opened: 2025-01-12\ndue: 2025-02-01\nstatus: closed\nclosed: 2025-02-01\n\
         effectiveness: { reviewed_on: 2025-03-01, by: CISO, effective: true }\n",
    );
    w(
        "actions/ia-1.yaml",
        "id: IA-1\ntitle: Automate\nkind: improvement\nsource: F-OFI\nowner: CISO\n\
         opened: 2025-02-01\ndue: 2025-12-01\nstatus: in_progress\n",
    );
    w(
        "metrics/kpi-1.yaml",
        "id: KPI-1\ntitle: MFA coverage\nunit: \"%\"\ntarget: 95\ndirection: higher\n\
         measurements:\n  - { date: 2024-12-01, value: 90 }\n  - { date: 2025-03-01, value: 92 }\n  \
         - { date: 2025-06-10, value: 93 }\n  - { date: 2025-06-11, value: 99 }\n",
    );
    w(
        "metrics/kpi-2.yaml",
        "id: KPI-2\ntitle: Restore tests\ntarget: 4\ndirection: higher\n\
         measurements:\n  - { date: 2025-01-10, value: 4 }\n",
    );
    w(
        "risks/r-1.yaml",
        "id: R-1\ntitle: Ransomware\nowner: CISO\nassessed_on: 2025-02-01\n\
         inherent: { likelihood: 4, impact: 4 }\ntreatment: mitigate\nresidual: { likelihood: 3, impact: 3 }\n\
         acceptance: { by: CISO, on: 2025-02-01, expires: 2025-09-01 }\n",
    );
    // Above the appetite (9 > 6) since before MR-1, never accepted.
    w(
        "risks/r-2.yaml",
        "id: R-2\ntitle: Supplier outage\nowner: CISO\nassessed_on: 2024-11-01\n\
         inherent: { likelihood: 3, impact: 3 }\ntreatment: transfer\nresidual: { likelihood: 3, impact: 3 }\n",
    );
    // Within the appetite; its acceptance expired in MR-2's period.
    w(
        "risks/r-3.yaml",
        "id: R-3\ntitle: Legacy scanner\nowner: CISO\nassessed_on: 2024-10-01\n\
         inherent: { likelihood: 2, impact: 2 }\ntreatment: accept\nresidual: { likelihood: 2, impact: 2 }\n\
         acceptance: { by: CISO, on: 2024-10-01, expires: 2025-05-01 }\n",
    );
    (tmp, src)
}

fn checked(src: &Path, as_of: &str) -> Checked {
    pipeline::check(src, None, date(as_of))
}

fn pack_of<'c>(c: &'c Checked, id: Option<&str>) -> ReviewPack<'c> {
    let i = id.map(|id| {
        c.site
            .source
            .reviews
            .iter()
            .position(|r| r.id == id)
            .unwrap_or_else(|| panic!("review {id}"))
    });
    review_pack::pack(&c.site, &c.analysis, i).expect("a dated review")
}

fn section<'p, 'c>(p: &'p ReviewPack<'c>, key: &str) -> &'p review_pack::Section<'c> {
    p.sections
        .iter()
        .find(|s| s.def.key == key)
        .unwrap_or_else(|| panic!("section {key}"))
}

/// The ids of a section's list whose title starts with `title`.
fn ids(p: &ReviewPack<'_>, key: &str, title: &str) -> Vec<String> {
    let list = section(p, key)
        .compiled
        .lists
        .iter()
        .find(|l| l.title.starts_with(title))
        .unwrap_or_else(|| panic!("list {title} in {key}"));
    list.items.iter().map(|i| i.id.clone()).collect()
}

fn figure(p: &ReviewPack<'_>, key: &str, label: &str) -> String {
    section(p, key)
        .compiled
        .figures
        .iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("figure {label} in {key}"))
        .value
        .clone()
}

#[test]
fn the_period_runs_from_the_day_after_the_previous_review_to_the_review() {
    let (_tmp, src) = isms_folder("One minor, corrected.");
    let c = checked(&src, AS_OF);
    let two = pack_of(&c, Some("MR-2"));
    assert_eq!(
        two.period,
        Period {
            after: Some(date("2025-01-10")),
            until: date("2025-06-10")
        }
    );
    assert_eq!(two.previous.map(|r| r.id.as_str()), Some("MR-1"));
    // On the previous review's day: not in; on the first day and on the
    // review's own day: in; the day after: not in.
    assert_eq!(
        ids(&two, "nonconformities", "Raised"),
        ["F-MAJ", "F-MIN", "F-EXT"]
    );
    assert_eq!(ids(&two, "audit_results", "Internal"), ["AUD-2"]);
    assert_eq!(ids(&two, "audit_results", "External"), ["AUD-3"]);

    let one = pack_of(&c, Some("MR-1"));
    assert_eq!(
        one.period.after, None,
        "the first review: since the records began"
    );
    assert_eq!(one.period.until, date("2025-01-10"));
    assert_eq!(ids(&one, "nonconformities", "Raised"), ["F-EDGE"]);
    assert!(one.previous.is_none());

    let next = pack_of(&c, None);
    assert_eq!(
        next.period,
        Period {
            after: Some(date("2025-06-10")),
            until: date(AS_OF)
        }
    );
    assert!(next.review.is_none());
    assert_eq!(ids(&next, "nonconformities", "Raised"), ["F-NEXT"]);
    assert!(
        next.sections
            .iter()
            .all(|s| s.silent.is_none() && s.written.is_none()),
        "the next review has written nothing, so nothing is flagged"
    );
}

#[test]
fn the_inputs_are_compiled_from_the_records() {
    let (_tmp, src) = isms_folder("One minor, corrected.");
    let c = checked(&src, AS_OF);
    let p = pack_of(&c, Some("MR-2"));
    // a) MR-1's actions at MR-2's date.
    assert_eq!(
        figure(&p, "previous_actions", "Raised by the previous review"),
        "2"
    );
    assert_eq!(figure(&p, "previous_actions", "Done"), "1");
    assert_eq!(figure(&p, "previous_actions", "Overdue"), "1");
    assert_eq!(
        section(&p, "previous_actions").compiled.notable,
        ["A-PREV-2"]
    );
    // d1) Raised, closed, the trend against MR-1's period, open counts.
    assert_eq!(figure(&p, "nonconformities", "Raised"), "3 (1 major)");
    assert_eq!(ids(&p, "nonconformities", "Closed"), ["F-MIN"]);
    assert_eq!(
        figure(&p, "nonconformities", "Trend"),
        "3 raised, more than the 1 of the previous period"
    );
    assert_eq!(
        figure(&p, "nonconformities", "Open"),
        "1 on 2025-01-10, 3 on 2025-06-10"
    );
    assert_eq!(section(&p, "nonconformities").compiled.notable, ["F-MAJ"]);
    // d2) The latest result in the period (2025-06-10, not 06-11) against
    // the target and the last result before the period.
    let kpi = &section(&p, "monitoring").compiled.lists[0].items[0];
    assert_eq!(kpi.id, "KPI-1");
    assert_eq!(
        kpi.note,
        "93% on 2025-06-10, misses the target 95%; improved from 90% on 2024-12-01 \
         (2 measurements in the period)"
    );
    assert_eq!(ids(&p, "monitoring", "Not measured"), ["KPI-2"]);
    assert_eq!(section(&p, "monitoring").compiled.notable, ["KPI-1"]);
    // d3) The programme: next internal audit due a year after AUD-2.
    let notes = &section(&p, "audit_results").compiled.notes;
    assert!(
        notes
            .iter()
            .any(|n| n == "The next internal audit is due by 2026-01-11."),
        "{notes:?}"
    );
    // f) R-1 new, above the appetite (9 > 6) but accepted, its acceptance
    // expiring before the next review is due; R-2 above it, not accepted
    // (notable); R-3's acceptance expired in the period.
    assert_eq!(ids(&p, "risk", "New"), ["R-1"]);
    assert!(ids(&p, "risk", "Reassessed").is_empty());
    assert_eq!(ids(&p, "risk", "Above"), ["R-1", "R-2"]);
    assert_eq!(ids(&p, "risk", "Acceptances"), ["R-1", "R-3"]);
    let expiring = &section(&p, "risk").compiled.lists[3].items;
    assert_eq!(
        expiring[0].note,
        "Acceptance by CISO expires on 2025-09-01, before the next review is due (2026-06-10)"
    );
    assert_eq!(expiring[1].note, "Acceptance by CISO expired on 2025-05-01");
    assert_eq!(section(&p, "risk").compiled.notable, ["R-2"]);
    // g) The OFI and the improvement action opened in the period.
    assert_eq!(
        ids(&p, "improvement_opportunities", "Observations"),
        ["F-OFI"]
    );
    assert_eq!(
        ids(&p, "improvement_opportunities", "Improvement"),
        ["IA-1"]
    );
    // The kinds this ISMS has no records of say so, and are never flagged.
    for key in [
        "context_issues",
        "interested_parties",
        "objectives",
        "incidents",
    ] {
        let s = section(&p, key);
        let none = s.compiled.none.as_deref().unwrap_or_default();
        assert!(none.starts_with("No records of "), "{key}: {none}");
        assert!(s.compiled.lists.is_empty() && s.silent.is_none(), "{key}");
    }
}

#[test]
fn the_silent_flag_fires_on_a_missing_input_and_an_unnamed_notable_record() {
    let (_tmp, src) = isms_folder("One minor, corrected.");
    let c = checked(&src, AS_OF);
    let p = pack_of(&c, Some("MR-2"));
    let silent = |key: &str| section(&p, key).silent.clone();
    // Written, but the major nonconformity raised in the period is not named.
    assert_eq!(
        silent("nonconformities"),
        Some(Silence::Unmentioned(vec!["F-MAJ".into()]))
    );
    // Missing although the records show results.
    assert_eq!(silent("monitoring"), Some(Silence::Missing));
    assert_eq!(silent("improvement_opportunities"), Some(Silence::Missing));
    // Written and naming what is notable (plain or as [[links]]).
    assert_eq!(silent("previous_actions"), None);
    assert_eq!(silent("audit_results"), None);
    // R-1 is named, R-2 (above the appetite, not accepted) is not.
    assert_eq!(
        silent("risk"),
        Some(Silence::Unmentioned(vec!["R-2".into()]))
    );
    // Written with nothing notable in the records; no records at all.
    assert_eq!(silent("context_issues"), None);
    assert_eq!(silent("interested_party_feedback"), None);
}

#[test]
fn the_silent_flag_does_not_fire_when_the_review_names_the_record() {
    // `F-MAJOR` is not `F-MAJ`: a mention is a whole id.
    let (_tmp, src) = isms_folder("F-MAJOR and F-MAJ.2 are other ids.");
    let c = checked(&src, AS_OF);
    assert!(pack_of(&c, Some("MR-2")).sections[3].silent.is_some());
    let (_tmp, src) = isms_folder("The major ([[F-MAJ]]) is corrected.");
    let c = checked(&src, AS_OF);
    let p = pack_of(&c, Some("MR-2"));
    assert_eq!(section(&p, "nonconformities").silent, None);
}

#[test]
fn packs_are_pages_linked_from_the_dashboard_and_the_reviews() {
    let (tmp, src) = isms_folder("One minor, corrected.");
    let out = tmp.path().join("site");
    let run = common::build(&src, &out, AS_OF, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let read = |rel: &str| page(&out, rel);

    let pack = read("reviews/pack/MR-2.html");
    assert!(pack.contains(
        "from the day after 2025-01-10 (the previous review) up to and including 2025-06-10"
    ));
    assert!(
        pack.contains("4 flagged</span> sections where the review is silent"),
        "{pack}"
    );
    let d1 = &pack[pack.find("id=\"pack-nonconformities\"").unwrap()..];
    let d1 = &d1[..d1.find("</section>").unwrap()];
    assert!(
        d1.contains("What the review wrote for this input does not name F-MAJ."),
        "{d1}"
    );
    assert!(
        d1.contains("<p>One minor, corrected.</p>"),
        "what the review wrote: {d1}"
    );
    assert!(
        d1.contains("href=\"../../findings/F-MAJ.html\""),
        "links from two levels down: {d1}"
    );
    let d2 = &pack[pack.find("id=\"pack-monitoring\"").unwrap()..];
    let d2 = &d2[..d2.find("</section>").unwrap()];
    assert!(d2.contains("Not covered"), "{d2}");
    assert!(
        d2.contains("The review records nothing for this input, but the records show 2 item(s)"),
        "KPI-1 measured, KPI-2 not: {d2}"
    );
    let b = &pack[pack.find("id=\"pack-context_issues\"").unwrap()..];
    let b = &b[..b.find("</section>").unwrap()];
    assert!(b.contains("No records of context issues"), "{b}");
    assert!(b.contains("<p>Nothing new.</p>"), "{b}");
    // The sections in 9.3.2 order.
    let mut last = 0;
    for key in [
        "previous_actions",
        "context_issues",
        "interested_parties",
        "nonconformities",
        "incidents",
        "monitoring",
        "audit_results",
        "objectives",
        "interested_party_feedback",
        "risk",
        "improvement_opportunities",
    ] {
        let at = pack
            .find(&format!("<section id=\"pack-{key}\""))
            .unwrap_or_else(|| panic!("{key}"));
        assert!(at > last, "{key} in order");
        last = at;
    }

    let next = read("reviews/next.html");
    assert!(next.contains("Management review pack: the next review"));
    assert!(next.contains("up to and including 2025-12-31"));
    assert!(next.contains("The next review has not been written yet."));
    assert!(
        next.contains("href=\"../findings/F-NEXT.html\""),
        "one level down"
    );
    assert!(!next.contains("Silent input"));

    assert!(read("index.html").contains("href=\"reviews/next.html\""));
    assert!(read("reviews/MR-2.html").contains("href=\"../reviews/pack/MR-2.html\""));
    assert!(read("reviews/pack/MR-1.html")
        .contains("Management review pack: Management review early 2025"));

    let json: serde_json::Value = serde_json::from_str(&read("site.json")).unwrap();
    let review = json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "MR-2")
        .unwrap();
    let pack = &review["pack"];
    assert_eq!(pack["url"], "reviews/pack/MR-2.html");
    assert_eq!(pack["after"], "2025-01-10");
    assert_eq!(pack["until"], "2025-06-10");
    let silent: Vec<(&str, bool)> = pack["silent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["section"].as_str().unwrap(),
                s["missing"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        silent,
        [
            ("nonconformities", false),
            ("monitoring", true),
            ("risk", false),
            ("improvement_opportunities", true)
        ]
    );
    assert_eq!(
        pack["silent"][0]["unmentioned"],
        serde_json::json!(["F-MAJ"])
    );
    assert_eq!(json["next_review_pack"]["url"], "reviews/next.html");
    assert_eq!(json["next_review_pack"]["after"], "2025-06-10");
}

#[test]
fn at_an_earlier_date_the_pack_holds_only_what_existed_then() {
    let (tmp, src) = isms_folder("One minor, corrected.");
    // The day before MR-2: it is not held yet, so the next pack runs from
    // MR-1 to that day and holds neither AUD-3 nor MR-2's pack.
    let c = checked(&src, "2025-06-09");
    let next = pack_of(&c, None);
    assert_eq!(next.previous.map(|r| r.id.as_str()), Some("MR-1"));
    assert_eq!(next.period.until, date("2025-06-09"));
    assert_eq!(ids(&next, "nonconformities", "Raised"), ["F-MAJ", "F-MIN"]);
    assert!(ids(&next, "audit_results", "External").is_empty());
    // A-PREV-2 is overdue then too; KPI-1's latest result is 92.
    assert_eq!(figure(&next, "previous_actions", "Overdue"), "1");
    let kpi = &section(&next, "monitoring").compiled.lists[0].items[0];
    assert!(kpi.note.starts_with("92% on 2025-03-01"), "{}", kpi.note);

    let out = tmp.path().join("site");
    let run = common::build(&src, &out, "2025-06-09", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!out.join("reviews/pack/MR-2.html").exists());
    assert!(out.join("reviews/pack/MR-1.html").exists());
    let next = std::fs::read_to_string(out.join("reviews/next.html")).unwrap();
    assert!(next.contains("up to and including 2025-06-09"));
    assert!(!next.contains("AUD-3"));
}

#[test]
fn the_sample_packs_are_meaningful() {
    let src = common::repo().join("sample-isms");
    let c = checked(&src, "2026-11-15");
    let p = pack_of(&c, Some("MR-2026"));
    assert_eq!(p.period.after, Some(date("2025-06-18")));
    // Every compiled section shows records; one flag is left on purpose.
    let flagged: Vec<&str> = p
        .sections
        .iter()
        .filter(|s| s.silent.is_some())
        .map(|s| s.def.key)
        .collect();
    assert_eq!(flagged, ["audit_results"]);
    for key in [
        "previous_actions",
        "nonconformities",
        "monitoring",
        "audit_results",
        "risk",
    ] {
        assert!(section(&p, key).compiled.item_count() > 0, "{key}");
    }
    for id in ["MR-2024", "MR-2025"] {
        let p = pack_of(&c, Some(id));
        assert!(p.sections.iter().all(|s| s.silent.is_none()), "{id}");
    }
}

#[test]
fn the_audit_input_shows_the_programme_gaps_and_the_plan_of_the_review_date() {
    let (_tmp, src) = isms_folder("One minor, corrected.");
    // Planned long after MR-2: today's plan, not the plan MR-2 saw.
    std::fs::write(
        src.join("audits/aud-9.yaml"),
        "id: AUD-9\ntitle: Audit AUD-9\nkind: internal\nstatus: planned\nstart: 2027-03-01\ncontrols: [A.5.6]\n",
    )
    .unwrap();
    let c = checked(&src, AS_OF);
    let p = pack_of(&c, Some("MR-2"));
    // Gaps on 2025-06-10: AUD-1 and AUD-2 covered A.5.1-A.5.4; A.5.5 only
    // by the certification audit, A.5.6 only after the period.
    let gaps = ids(&p, "audit_results", "The programme's gaps");
    for covered in ["A.5.1", "A.5.2", "A.5.3", "A.5.4"] {
        assert!(!gaps.iter().any(|g| g == covered), "{covered}: {gaps:?}");
    }
    for gap in ["A.5.5", "A.5.6", "A.8.8", "4.1", "9.2"] {
        assert!(gaps.iter().any(|g| g == gap), "{gap}: {gaps:?}");
    }
    let notes = &section(&p, "audit_results").compiled.notes;
    assert!(
        notes.iter().any(|n| n.starts_with("The programme's gaps: ")
            && n.contains(
                "not covered by an internal audit in the certification cycle ending 2025-06-10"
            )),
        "{notes:?}"
    );
    // The plan on MR-2's date: AUD-4 (held the next day), not AUD-9.
    let plan = notes
        .iter()
        .find(|n| n.starts_with("Internal audits scheduled"))
        .unwrap_or_else(|| panic!("{notes:?}"));
    assert!(
        plan.contains("AUD-4 (2025-06-11)") && !plan.contains("AUD-9"),
        "{plan}"
    );
    // The same gaps as `not-audited-in-cycle` built as of that date.
    let then = checked(&src, "2025-06-10");
    let warned = then
        .diagnostics
        .iter()
        .find(|d| d.code == "not-audited-in-cycle")
        .map(|d| d.message.clone())
        .unwrap_or_default();
    let count = gaps.iter().filter(|g| g.starts_with("A.")).count();
    assert!(
        warned.contains(&format!("{count} applicable control(s)")),
        "{warned} / {count}"
    );
}

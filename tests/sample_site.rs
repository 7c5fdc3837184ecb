//! The bundled sample builds cleanly into a complete, fully linked site.

mod common;

use common::{broken_links, build, files, isms, repo, stderr};
use isms_site::model::{ActionStatus, AuditKind, FindingType};
use isms_site::pipeline;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const AS_OF: &str = "2026-11-15";

/// Build the sample once for all tests in this file.
fn built() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("site");
            let src = repo().join("sample-isms");
            let run = build(&src, &out, AS_OF, &[]);
            let text = stderr(&run);
            assert_eq!(run.status.code(), Some(0), "{text}");
            assert!(
                text.contains("0 errors, 0 warnings"),
                "the sample builds with zero warnings:\n{text}"
            );
            (tmp, out)
        })
        .1
}

fn checked() -> pipeline::Checked {
    let date = isms_site::model::Date::parse(AS_OF).unwrap();
    pipeline::check(&repo().join("sample-isms"), None, date)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(built().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn sample_is_a_believable_isms() {
    let c = checked();
    let s = &c.site.source;
    assert!(s.documents.len() >= 12, "{} documents", s.documents.len());
    let kinds: BTreeSet<AuditKind> = s.audits.iter().map(|a| a.kind).collect();
    for k in [
        AuditKind::Internal,
        AuditKind::Certification,
        AuditKind::Surveillance,
    ] {
        assert!(kinds.contains(&k), "an audit of kind {k}");
    }
    let years: BTreeSet<i16> = s
        .audits
        .iter()
        .filter_map(|a| a.start)
        .map(|d| d.year())
        .collect();
    assert!(years.len() >= 3, "three years of audits: {years:?}");
    let findings: Vec<_> = c.site.findings().map(|(_, f)| f.finding_type).collect();
    assert!(findings.len() >= 20, "{} findings", findings.len());
    for t in FindingType::ALL {
        assert!(findings.contains(t), "a finding of type {t}");
    }
    assert!(s.actions.len() >= 25, "{} actions", s.actions.len());
    for st in ActionStatus::ALL {
        assert!(
            s.actions.iter().any(|a| a.status == *st),
            "an action that is {st}"
        );
    }
    assert!(
        s.actions.iter().any(|a| c.analysis.action(&a.id).overdue),
        "an overdue action"
    );
    assert!(
        s.actions.iter().any(|a| a.found_not_effective()),
        "a not-effective action"
    );
    assert!(s.reviews.len() >= 2);
    assert!(s.metrics.len() >= 4);
    for m in &s.metrics {
        assert!(
            m.measurements.len() >= 12,
            "{} has a year of measurements",
            m.id
        );
    }
}

#[test]
fn sample_has_no_errors_at_any_date() {
    let src = repo().join("sample-isms");
    for date in ["2023-01-01", "2024-06-30", "2025-12-31", "2030-01-01"] {
        let out = isms(&["check", src.to_str().unwrap(), "--as-of", date]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "as of {date}:\n{}",
            stderr(&out)
        );
    }
}

#[test]
fn every_record_has_a_page() {
    let c = checked();
    let site = built();
    let all = files(site);
    let mut expected: Vec<String> = Vec::new();
    expected.extend(
        c.site
            .source
            .documents
            .iter()
            .map(|d| format!("documents/{}.html", d.id)),
    );
    expected.extend(
        c.site
            .source
            .audits
            .iter()
            .map(|a| format!("audits/{}.html", a.id)),
    );
    expected.extend(
        c.site
            .findings()
            .map(|(_, f)| format!("findings/{}.html", f.id)),
    );
    expected.extend(
        c.site
            .source
            .actions
            .iter()
            .map(|a| format!("actions/{}.html", a.id)),
    );
    expected.extend(
        c.site
            .source
            .reviews
            .iter()
            .map(|r| format!("reviews/{}.html", r.id)),
    );
    expected.extend(
        c.site
            .source
            .metrics
            .iter()
            .map(|m| format!("metrics/{}.html", m.id)),
    );
    expected.extend(
        c.site
            .catalog
            .clauses
            .iter()
            .map(|x| format!("clauses/{}.html", x.id)),
    );
    expected.extend(
        c.site
            .catalog
            .controls
            .iter()
            .map(|x| format!("controls/{}.html", x.id)),
    );
    for kind in [
        "documents",
        "audits",
        "findings",
        "actions",
        "reviews",
        "metrics",
        "clauses",
        "controls",
    ] {
        expected.push(format!("{kind}/index.html"));
    }
    expected.push("index.html".into());
    let missing: Vec<_> = expected.iter().filter(|p| !all.contains(*p)).collect();
    assert!(missing.is_empty(), "pages missing: {missing:?}");
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let broken = broken_links(built());
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
}

#[test]
fn pages_show_their_records() {
    let c = checked();
    // A document: rendered body, document control, history, backlinks.
    let doc = c
        .site
        .source
        .documents
        .iter()
        .find(|d| d.history.len() >= 2 && !c.site.backlinks_of(&d.id).is_empty())
        .expect("a document with history that is cited");
    let html = read(&format!("documents/{}.html", doc.id));
    assert!(html.contains("Document control"));
    assert!(html.contains("Version history"));
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page");
    let citing = &c.site.backlinks_of(&doc.id)[0];
    assert!(
        html.contains(&format!("{}.html", citing.from)),
        "backlink to {}",
        citing.from
    );
    // An audit lists its findings; a finding links its corrective actions.
    let (audit, finding) = c
        .site
        .findings()
        .find(|(_, f)| c.site.actions_from(&f.id).next().is_some())
        .expect("a finding with an action");
    let html = read(&format!("audits/{}.html", audit.id));
    assert!(html.contains(&format!("../findings/{}.html", finding.id)));
    let html = read(&format!("findings/{}.html", finding.id));
    let action = c.site.actions_from(&finding.id).next().unwrap();
    assert!(html.contains(&format!("../actions/{}.html", action.id)));
    // Every page states the as-of date.
    assert!(read("index.html").contains(&format!("<time datetime=\"{AS_OF}\">")));
    // A control cited by a document lists it.
    let control = &doc
        .controls
        .first()
        .expect("the document cites a control")
        .id;
    assert!(read(&format!("controls/{control}.html"))
        .contains(&format!("../documents/{}.html", doc.id)));
}

#[test]
fn overdue_depends_on_the_as_of_date() {
    let c = checked();
    let overdue = c
        .site
        .source
        .actions
        .iter()
        .find(|a| c.analysis.action(&a.id).overdue)
        .unwrap();
    let due = overdue.due.unwrap();
    let before = isms_site::analyse::analyse(&c.site, due.add_days(-1)).0;
    assert!(!before.action(&overdue.id).overdue);
    let html = read(&format!("actions/{}.html", overdue.id));
    assert!(html.contains("days overdue"), "the page says it is overdue");
}

#[test]
fn builds_are_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("again");
    let src = repo().join("sample-isms");
    let run = common::build(&src, &out, AS_OF, &[]);
    assert_eq!(run.status.code(), Some(0));
    let first = files(built());
    assert_eq!(first, files(&out));
    for f in &first {
        let a = std::fs::read(built().join(f)).unwrap();
        let b = std::fs::read(out.join(f)).unwrap();
        assert!(a == b, "{f} differs between two builds");
    }
}

#[test]
fn search_index_covers_every_page_kind() {
    let script = read("search-index.js");
    assert!(script.starts_with("/* isms-site search index */\nwindow.ISMS_SEARCH={docs:["));
    for url in [
        "documents/POL-AC.html",
        "controls/A.8.5.html",
        "clauses/9.2.html",
        "actions/",
        "findings/",
        "audits/",
    ] {
        assert!(script.contains(url), "{url} is searchable");
    }
    // Body words are indexed by their stem ("restore", "restored" -> "restor").
    assert!(script.contains("\"restor\":"), "body words are indexed");
    assert!(script.contains("\"backup\":") && !script.contains("\"backups\":"));
    assert!(read("search.html").contains("search-index.js"));
    assert!(
        read("index.html").contains("role=\"search\""),
        "every page has the search box"
    );
    println!("search index: {} bytes for the sample", script.len());
}

#[test]
fn the_audit_pack_holds_everything_with_unique_ids() {
    let c = checked();
    let html = read("audit-pack.html");
    for section in ["pack-soa", "pack-coverage", "pack-findings", "pack-actions"] {
        assert!(html.contains(&format!("id=\"{section}\"")), "{section}");
    }
    let approved: Vec<_> = c
        .site
        .source
        .documents
        .iter()
        .filter(|d| d.status == isms_site::model::DocStatus::Approved)
        .collect();
    for d in &approved {
        assert!(
            html.contains(&format!("<article id=\"doc-{}\"", d.id)),
            "{} is in the pack",
            d.id
        );
    }
    let ids = common::attr_values(&html, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "ids are unique in the pack");
    assert!(
        html.contains("href=\"#doc-"),
        "links between documents are in-page anchors"
    );
    assert_eq!(html.matches("<h1").count(), 1);
}

#[test]
fn a_base_url_adds_canonical_links_and_a_sitemap() {
    // Without a base URL there is neither.
    assert!(!built().join("sitemap.xml").exists());
    assert!(!read("documents/POL-AC.html").contains("rel=\"canonical\""));

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let src = repo().join("sample-isms");
    let run = build(
        &src,
        &out,
        AS_OF,
        &["--base-url", "https://isms.example.com/portal"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = std::fs::read_to_string(out.join("documents/POL-AC.html")).unwrap();
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://isms.example.com/portal/documents/POL-AC.html">"#
        ),
        "canonical link"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let pages = files(&out).iter().filter(|f| f.ends_with(".html")).count();
    assert_eq!(sitemap.matches("<url><loc>").count(), pages);
    assert!(sitemap
        .contains("<url><loc>https://isms.example.com/portal/controls/A.5.15.html</loc></url>"));

    // A relative or scheme-less address is refused before anything is built.
    let bad = isms(&["build", src.to_str().unwrap(), "--base-url", "/portal"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not an absolute http:// or https:// URL"));
}

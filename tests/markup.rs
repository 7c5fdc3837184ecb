//! Accessible, valid markup that the browser suite (tests/browser) found
//! missing, pinned here so a template or renderer change cannot lose it:
//! named task-list checkboxes, Markdown tables in a keyboard-scrollable
//! frame, and an audit-programme matrix whose rows span its real width.

mod common;

use common::stderr;
use std::path::Path;

const POLICY: &str = "---
id: POL-T
title: Tasks and tables
status: approved
approved_on: 2025-01-10
next_review: 2027-01-10
clauses: [\"9.2\"]
---
Checklist:

- [x] Backups tested
- [ ] Restore drill held

| Asset | Owner |
|-------|-------|
| CRM   | Sales |
";

const AUDIT: &str = "id: AUD-1
title: Internal audit
kind: internal
start: 2025-03-01
clauses: [\"9.2\"]
";

/// Write a small source (with `extra` appended to isms.yaml), build it and
/// return the output folder inside `tmp`.
fn build(tmp: &Path, extra: &str) -> std::path::PathBuf {
    let src = tmp.join("src");
    std::fs::create_dir_all(src.join("policies")).unwrap();
    std::fs::create_dir_all(src.join("audits")).unwrap();
    std::fs::write(
        src.join("isms.yaml"),
        format!("title: Markup fixture\n{extra}"),
    )
    .unwrap();
    std::fs::write(src.join("policies/tasks.md"), POLICY).unwrap();
    std::fs::write(src.join("audits/aud-1.yaml"), AUDIT).unwrap();
    let out = tmp.join("site");
    let run = common::build(&src, &out, "2026-01-01", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn assert_document_markup(page: &str) {
    // Each task checkbox has an accessible name (axe `label`, WCAG 4.1.2);
    // the header's Menu checkbox (narrow screens) is labelled by its <label>.
    let main = page.find("<main").map_or(page, |at| &page[at..]);
    let boxes: Vec<&str> = main
        .split("<input")
        .skip(1)
        .map(|b| &b[..b.find('>').unwrap()])
        .filter(|tag| tag.contains(r#"type="checkbox""#))
        .collect();
    assert_eq!(boxes.len(), 2, "two task checkboxes: {page}");
    for tag in &boxes {
        assert!(tag.contains(r#"aria-label="Task done""#), "named: {tag}");
        assert!(tag.contains("disabled"), "read-only: {tag}");
    }
    assert!(boxes[0].contains("checked"), "the ticked task stays ticked");
    assert!(!boxes[1].contains("checked"), "the open task stays open");
    // The Markdown table scrolls inside a focusable frame, not the page.
    let at = page.find("<th>Asset</th>").expect("the table is rendered");
    let before = &page[..at];
    let frame = before.rfind(r#"<div class="table-wrap" tabindex="0">"#);
    let table = before.rfind("<table>");
    assert!(
        matches!((frame, table), (Some(f), Some(t)) if f < t),
        "the Markdown table is wrapped in a focusable frame: {page}"
    );
}

#[test]
fn task_checkboxes_are_named_and_tables_framed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path(), "");
    assert_document_markup(&read(&out, "documents/POL-T.html"));
    // The same body in the audit pack.
    let pack = read(&out, "audit-pack.html");
    let start = pack
        .find(r#"id="doc-POL-T""#)
        .expect("POL-T is in the pack");
    assert_document_markup(&pack[start..]);
}

#[test]
fn raw_html_mode_keeps_the_same_accessible_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path(), "raw_html: true\n");
    assert_document_markup(&read(&out, "documents/POL-T.html"));
}

#[test]
fn programme_group_rows_span_exactly_the_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path(), "");
    let page = read(&out, "audit-programme.html");
    // Columns: requirement, one per audit (1), in cycle.
    let header = page
        .split("<tr><th scope=\"col\">Requirement</th>")
        .nth(1)
        .expect("column header row");
    let header = &header[..header.find("</tr>").unwrap()];
    let columns = 1 + header.matches("<th scope=\"col\"").count();
    assert_eq!(columns, 3, "{header}");
    assert!(
        page.contains(&format!(r#"<th scope="rowgroup" colspan="{columns}">"#)),
        "group rows span the {columns} columns"
    );
    // The audited mark is text for assistive technology, not an aria-label
    // on a span (which the HTML checker rejects).
    assert!(page.contains(r#"<span class="visually-hidden">audited</span>"#));
    assert!(!page.contains(r#"<span aria-label="#));
}

//! Wayfinding on built pages (issue 21): grouped navigation, breadcrumbs,
//! a long document's contents list and heading permalinks, "Edit this page"
//! from `edit_url` (and its diagnostics), "Last updated" from git, and the
//! printed running footer's text. The browser checks of the same pages are in
//! tests/browser/ux_nav.mjs.

mod common;

use common::{build, check, stderr};
use std::fs;
use std::path::Path;

const DOC: &str = "---
id: POL-AC
title: Access control
type: policy
owner: CISO
version: \"1.2\"
status: approved
approved_on: 2025-01-02
next_review: 2026-01-02
---

# Access control

## Principles

Need to know.

## Accounts

Named accounts only.

### Break-glass

Sealed.
";

fn git(src: &Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(src)
        .args([
            "-c",
            "user.name=Ana Ops",
            "-c",
            "user.email=ana@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn record_pages_link_their_source_for_editing_and_say_when_it_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    fs::create_dir_all(src.join("access policies")).unwrap();
    fs::write(
        src.join("isms.yaml"),
        "title: Test ISMS\nedit_url: https://git.example/isms/edit/main/{path}\n",
    )
    .unwrap();
    fs::write(src.join("access policies/access control.md"), DOC).unwrap();
    git(&src, &["init", "-q"], "2025-01-01T10:00:00Z");
    git(&src, &["add", "."], "2025-01-02T10:00:00Z");
    git(
        &src,
        &["commit", "-q", "-m", "First issue"],
        "2025-01-02T10:00:00Z",
    );
    let out = tmp.path().join("site");
    let built = build(&src, &out, "2025-06-01", &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let page = fs::read_to_string(out.join("documents/POL-AC.html")).unwrap();

    // Edit link: the path relative to SRC, each segment percent-encoded.
    assert!(
        page.contains(
            "<a class=\"edit-link\" href=\"https://git.example/isms/edit/main/access%20policies/access%20control.md\">Edit this page</a>"
        ),
        "{page}"
    );
    // Last updated, from git.
    assert!(
        page.contains("Last updated <time datetime=\"2025-01-02\">2025-01-02</time> by Ana Ops"),
        "{page}"
    );
    // Breadcrumbs: dashboard, the kind's index, the page.
    assert!(page.contains(
        "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><ol><li><a href=\"../index.html\">Dashboard</a></li><li><a href=\"../documents/index.html\">Documents</a></li><li><span aria-current=\"page\">POL-AC</span></li></ol></nav>"
    ));
    // Three headings: a contents list; each heading links to itself.
    assert!(page.contains("<h2 id=\"toc-heading\">Contents</h2>"));
    for (id, text) in [
        ("principles", "Principles"),
        ("accounts", "Accounts"),
        ("break-glass", "Break-glass"),
    ] {
        assert!(
            page.contains(&format!("<a href=\"#{id}\">{text}</a>")),
            "contents entry {id}"
        );
        assert!(
            page.contains(&format!("<a class=\"heading-anchor\" href=\"#{id}\">")),
            "permalink {id}"
        );
    }
    assert!(page.contains("<li class=\"toc-sub\"><a href=\"#break-glass\">"));
    // The printed running footer names the document by id and version.
    assert!(page.contains(
        "data-print-footer=\"POL-AC version 1.2 · State as of 2025-06-01 · Uncontrolled when printed\""
    ));
    // The audit pack's headings get no permalinks (its anchors are its own).
    let pack = fs::read_to_string(out.join("audit-pack.html")).unwrap();
    assert!(!pack.contains("heading-anchor"));

    // Without edit_url and git: neither line.
    let plain = tmp.path().join("plain");
    fs::create_dir_all(plain.join("policies")).unwrap();
    fs::write(plain.join("policies/ac.md"), DOC).unwrap();
    let out2 = tmp.path().join("site2");
    let built = build(&plain, &out2, "2025-06-01", &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let page = fs::read_to_string(out2.join("documents/POL-AC.html")).unwrap();
    assert!(!page.contains("edit-link") && !page.contains("Last updated"));
}

#[test]
fn a_bad_edit_url_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    for (value, why) in [
        (
            "https://git.example/isms/edit/main/",
            "has no `{path}` placeholder",
        ),
        (
            "git.example/edit/{path}",
            "is not an absolute http:// or https:// URL",
        ),
        (
            "https://git.example/{path}/{path}",
            "has `{path}` more than once",
        ),
        (
            "https://git.example/{branch}/{path}",
            "has a placeholder other than `{path}`",
        ),
    ] {
        let src = tmp.path().join(format!("src{}", value.len()));
        fs::create_dir_all(src.join("policies")).unwrap();
        fs::write(
            src.join("isms.yaml"),
            format!("title: Test\n\nedit_url: \"{value}\"\n"),
        )
        .unwrap();
        fs::write(src.join("policies/ac.md"), DOC).unwrap();
        let out = check(&src, "2025-06-01");
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{value}: {text}");
        assert!(
            text.contains("error[bad-url]: `edit_url`"),
            "{value}: {text}"
        );
        assert!(text.contains(why), "{value}: {text}");
        assert!(text.contains("--> isms.yaml:3:"), "{value}: {text}");
        assert!(text.contains("help: write the address that edits a file, with `{path}`"));
    }
}

#[test]
fn navigation_groups_the_pages_into_menus() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let built = build(&common::repo().join("sample-isms"), &out, "2026-11-15", &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let page = fs::read_to_string(out.join("actions/index.html")).unwrap();
    let nav = &page[page.find("<nav id=\"site-nav\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    // Six entries at the top instead of fifteen links.
    assert_eq!(nav.matches("\n      <li").count(), 6, "{nav}");
    for menu in ["Records", "Coverage"] {
        assert!(nav.contains(&format!(">{menu}</summary>")), "{nav}");
    }
    assert!(nav.contains("<summary class=\"current\">Records</summary>"));
    assert!(nav.contains("<a href=\"../actions/index.html\" aria-current=\"page\">Actions</a>"));
    // A Menu button for narrow screens, working without script: a checkbox and its label.
    assert!(page.contains("<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\""));
    assert!(page.contains("<label for=\"nav-toggle\" class=\"nav-toggle-label\">Menu</label>"));
    // The theme script loads in <head>, before the stylesheet; no inline script.
    let head = &page[..page.find("</head>").unwrap()];
    let theme = head.find("static/theme.js\"></script>").unwrap();
    assert!(theme < head.find("static/style.css").unwrap());
    assert!(!page.contains("<script>"));
}

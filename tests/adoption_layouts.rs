//! First contact with existing policy repositories (issue 17, items 2, 3 and
//! 6): MDX documents, `templates/` as content and the theme under `theme/`,
//! `exclude:` globs, the root README as a page, and document control written
//! in the body. The fixtures under `tests/fixtures/layouts/` were written for
//! these tests, in the shapes public repositories use (GitHub, Astro
//! Starlight, mkdocs).

mod common;

use common::{broken_links, repo, stderr};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-01-15";

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/layouts").join(name)
}

/// Build `src` into a temporary folder; exit status 0 is required. Returns
/// the folder (kept alive by the `TempDir`), the site and stderr.
fn build_ok(src: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = common::build(src, &out, AS_OF, &[]);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors"), "{text}");
    (tmp, out, text)
}

fn page(out: &Path, id: &str) -> String {
    std::fs::read_to_string(out.join(format!("documents/{id}.html")))
        .unwrap_or_else(|e| panic!("documents/{id}.html: {e}"))
}

/// Every listed document has its page under its own title, and is listed.
fn assert_documents(out: &Path, docs: &[(&str, &str)]) {
    let index = std::fs::read_to_string(out.join("documents/index.html")).unwrap();
    for (id, title) in docs {
        let html = page(out, id);
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{id}: {title}");
        assert!(index.contains(title), "{title} is listed");
    }
    assert!(broken_links(out).is_empty(), "{:?}", broken_links(out));
}

/// The number of documents listed on the documents index.
fn document_pages(out: &Path) -> usize {
    common::files(&out.join("documents"))
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "index.html")
        .count()
}

#[test]
fn a_github_style_repository_builds_with_its_readme_templates_and_inline_control() {
    let (_tmp, out, text) = build_ok(&fixture("github-repo"));
    assert_documents(
        &out,
        &[
            ("readme", "Acme Cloud Security Policies"),
            ("POL-ISMS-001", "Information Security Policy"),
            ("POL-ISMS-002", "Acceptable Use Policy"),
            ("POL-ISMS-003", "Access Control Policy"),
            (
                "procedures-incident-response",
                "Incident Response Procedure",
            ),
            ("TPL-RA", "Risk Assessment Template"),
            ("templates-incident-report-form", "Incident Report Form"),
        ],
    );
    // README is a page; CHANGELOG, LICENSE, hidden folders and the
    // excluded drafts are not.
    assert_eq!(document_pages(&out), 7, "{text}");
    for gone in ["Changelog", "License", "Policy change", "(draft)"] {
        assert!(
            !std::fs::read_to_string(out.join("documents/index.html"))
                .unwrap()
                .contains(gone),
            "{gone} is not a document"
        );
    }
    // Inline document control: one note per document, naming the fields.
    assert_eq!(text.matches("note[inline-metadata]").count(), 3, "{text}");
    assert!(
        text.contains("document control read from the text (no front matter): id, version, owner, approved_by, approved_on, next_review, classification\n  --> policies/information-security-policy.md:3:1"),
        "{text}"
    );
    assert!(
        text.contains("(no front matter): id, version, owner, approved_on, next_review\n  --> policies/acceptable-use-policy.md:5:1"),
        "{text}"
    );
    // Placeholders of the template: a warning at each, with the column.
    assert_eq!(
        text.matches("warning[unfilled-placeholder]").count(),
        3,
        "{text}"
    );
    for at in [
        "templates/risk-assessment-template.md:5:12",
        "templates/risk-assessment-template.md:6:20",
        "templates/risk-assessment-template.md:7:18",
    ] {
        assert!(text.contains(at), "{at}: {text}");
    }
    assert!(
        text.contains("document control `approved_on` is not filled in ([DATE])"),
        "{text}"
    );
    assert!(text.contains("not filled in: owner, approved_on, next_review"));
    // The fields are the document's: approved (date given), owner, version.
    let isp = page(&out, "POL-ISMS-001");
    for fact in ["CISO", "1.2", "2025-03-14", "2027-03-14", "Approved"] {
        assert!(isp.contains(fact), "{fact} shown");
    }
    let aup = page(&out, "POL-ISMS-002");
    assert!(aup.contains("2025-03-14") && aup.contains("2027-03-14"));
    // The template stays a draft: its placeholders are not values.
    assert!(page(&out, "TPL-RA").contains("Draft"));
}

#[test]
fn a_starlight_tree_builds_its_mdx_pages() {
    let (_tmp, out, text) = build_ok(&fixture("starlight-site"));
    assert_documents(
        &out,
        &[
            ("src-content-docs", "Trust Centre Handbook"),
            (
                "src-content-docs-policies-access-control",
                "Access Control Policy",
            ),
            ("src-content-docs-policies-backup", "Backup Policy"),
            (
                "src-content-docs-procedures-onboarding",
                "Staff Onboarding Procedure",
            ),
            ("readme", "Nimbus Labs trust centre"),
        ],
    );
    assert_eq!(document_pages(&out), 5, "{text}");
    // One note per MDX file, naming what was dropped, at its first line.
    assert_eq!(text.matches("note[mdx-dropped]").count(), 3, "{text}");
    assert!(
        text.contains("MDX: dropped 2 import lines, components CardGrid, Card, Callout; the Markdown between them is rendered\n  --> src/content/docs/index.mdx:8:1"),
        "{text}"
    );
    assert!(
        text.contains("MDX: dropped 1 import line, components Tabs, TabItem, Aside;"),
        "{text}"
    );
    assert!(
        text.contains("MDX: dropped 1 import line, 1 export line, component Steps;"),
        "{text}"
    );
    // The Markdown between the components is rendered, not shown as code.
    let index = page(&out, "src-content-docs");
    assert!(index.contains("Questions go to security@nimbus.example."));
    assert!(index.contains("policies-access-control.html"), "link kept");
    assert!(!index.contains("CardGrid") && !index.contains("import"));
    let backup = page(&out, "src-content-docs-policies-backup");
    assert!(backup.contains("<strong>four hours</strong>"), "{backup}");
    assert!(
        !backup.contains("<pre>"),
        "indentation inside components is not code"
    );
    assert!(!backup.contains("TabItem") && !backup.contains("Aside"));
    let onboarding = page(&out, "src-content-docs-procedures-onboarding");
    assert!(onboarding.contains("<li>Sign the confidentiality agreement.</li>"));
    assert!(!onboarding.contains("People Team"), "exports are dropped");
}

#[test]
fn an_mkdocs_tree_builds_with_inline_control_as_a_list() {
    let (_tmp, out, text) = build_ok(&fixture("mkdocs-site"));
    assert_documents(
        &out,
        &[
            ("docs", "Security Documentation"),
            ("SEC-POL-007", "Password Policy"),
            (
                "docs-policies-data-classification",
                "Data Classification Standard",
            ),
            (
                "docs-procedures-vulnerability-management",
                "Vulnerability Management Procedure",
            ),
            ("docs-templates-access-request-form", "Access Request Form"),
        ],
    );
    assert_eq!(document_pages(&out), 5, "{text}");
    assert_eq!(text.matches("note[inline-metadata]").count(), 1, "{text}");
    let pw = page(&out, "SEC-POL-007");
    for fact in ["Security Officer", "2.0", "2025-02-01", "2027-02-01"] {
        assert!(pw.contains(fact), "{fact} shown");
    }
    assert!(!text.contains("old-theme-folder"), "{text}");
}

#[test]
fn theme_overrides_live_under_theme_and_the_old_place_warns() {
    let (_tmp, out, text) = build_ok(&fixture("theme-folders"));
    // Markdown under templates/ and static/ is content; under theme/ it is not.
    assert_documents(
        &out,
        &[
            ("templates-vendor-assessment", "Vendor Assessment Template"),
            ("static-brand-guide", "Brand Guide"),
            ("security", "Security Policy"),
        ],
    );
    assert_eq!(document_pages(&out), 3, "{text}");
    // theme/static wins over the built-in style sheet.
    let css = std::fs::read_to_string(out.join("static/style.css")).unwrap();
    assert!(css.contains("theme-folder-style-marker"));
    // The old place is still honoured, with one warning per folder.
    let logo = std::fs::read_to_string(out.join("static/logo.svg")).unwrap();
    assert!(logo.contains("old-static-marker"));
    assert_eq!(
        text.matches("warning[old-theme-folder]").count(),
        2,
        "{text}"
    );
    assert!(
        text.contains("templates/ holds 1 theme file(s) (templates/letterhead.html): theme overrides now live in theme/templates/")
            && text.contains("--> templates/letterhead.html")
            && text.contains("help: move templates/ to theme/templates/"),
        "{text}"
    );
    assert!(text.contains("--> static/logo.svg"), "{text}");
}

/// Write `files` (path, text) under a new temporary source folder.
fn source(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

#[test]
fn theme_folder_set_in_isms_yaml() {
    let src = source(&[
        (
            "isms.yaml",
            "title: T\ngit_history: false\ntheme: site/look\n",
        ),
        ("site/look/static/style.css", "/* configured-theme */"),
        ("site/look/notes.md", "# Not a document\n"),
        ("policies/a.md", "# A Policy\n"),
    ]);
    let (_tmp, out, text) = build_ok(src.path());
    assert_documents(&out, &[("a", "A Policy")]);
    assert_eq!(document_pages(&out), 1, "{text}");
    let css = std::fs::read_to_string(out.join("static/style.css")).unwrap();
    assert!(css.contains("configured-theme"));
}

#[test]
fn bad_exclude_globs_and_theme_paths_are_errors_at_their_line() {
    let src = source(&[
        (
            "isms.yaml",
            "title: T\nexclude:\n  - \"drafts/**\"\n  - \"[oops\"\n  - \"{a,\"\ntheme: ../outside\n",
        ),
        ("policies/a.md", "# A Policy\n"),
    ]);
    let run = common::check(src.path(), AS_OF);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("error[bad-glob]").count(), 2, "{text}");
    assert!(text.contains("--> isms.yaml:4:5"), "{text}");
    assert!(text.contains("--> isms.yaml:5:5"), "{text}");
    assert!(text.contains("error[bad-path]: `theme`"), "{text}");
    assert!(text.contains("--> isms.yaml:6:8"), "{text}");
    assert!(text.contains("help: "), "{text}");
}

#[test]
fn inline_control_bad_values_are_reported_with_their_line() {
    let src = source(&[(
        "policies/p.md",
        "# P Policy\n\n**Document ID:** POL 1\n**Status:** final\n**Approval date:** Q1 2025\n**Version:** 3\n",
    )]);
    let run = common::check(src.path(), AS_OF);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "warnings only: {text}");
    for (code, at) in [
        ("warning[bad-id]", "policies/p.md:3:18"),
        ("warning[unknown-value]", "policies/p.md:4:13"),
        ("warning[bad-date]", "policies/p.md:5:20"),
    ] {
        assert!(text.contains(code), "{code}: {text}");
        assert!(text.contains(at), "{at}: {text}");
    }
    assert!(
        text.contains("(no front matter): version\n"),
        "only the version was read: {text}"
    );
}

#[test]
fn front_matter_wins_over_inline_control() {
    let src = source(&[(
        "policies/p.md",
        "---\nid: FM-1\n---\n# P Policy\n\n**Document ID:** INLINE-1\n",
    )]);
    let run = common::check(src.path(), AS_OF);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(!text.contains("inline-metadata"), "{text}");
}

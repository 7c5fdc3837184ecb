//! Policy repositories written for a published site: root-relative links,
//! a published base path, pretty URLs and slugs resolve to documents; other
//! root-relative links are pages of the organisation's website. Raw HTML
//! links and images are checked and rewritten like Markdown ones. Clause and
//! control numbers in prose become links and count as *mentioned*.
//!
//! Fixtures under `tests/fixtures/published/`, written for these tests.

mod common;

use common::{
    broken_links, build, check_json, copy_tree, diagnostic_list, file_line, repo, stderr,
};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/published").join(name)
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("isms-published-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The body of a document page (the part rendered from Markdown).
fn prose(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("a prose block");
    let end = start + html[start..].find("<section").unwrap_or(html.len() - start);
    &html[start..end]
}

/// Diagnostics of `check --format json` as `severity code file:line`.
fn diagnostics(src: &Path) -> (Option<i32>, Vec<String>, serde_json::Value) {
    let (out, json) = check_json(src, "2026-01-01");
    let list = diagnostic_list(&json)
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["severity"].as_str().unwrap_or("?"),
                d["code"].as_str().unwrap_or("?"),
                file_line(d)
            )
        })
        .collect();
    (out.status.code(), list, json)
}

#[test]
fn a_repository_published_under_a_subpath_builds_and_its_links_land() {
    let out_dir = temp("site");
    let out = build(&fixture("site"), &out_dir, "2026-01-01", &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // Only the link to the organisation's website is reported, as a warning.
    assert!(err.contains("warning[external-site-link]"), "{err}");
    assert!(err.contains("overview.md:15:"), "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");
    let html = read(&out_dir.join("documents/POL-OVERVIEW.html"));
    let body = prose(&html);
    for (text, href) in [
        ("vendor policy", "../documents/POL-VENDOR.html"),
        ("password policy", "../documents/POL-PW.html"),
        ("personnel policy", "../documents/POL-PEOPLE.html"),
        ("acceptable use policy", "../documents/POL-AUP.html"),
        ("vendor", "../documents/POL-VENDOR.html"),
        ("passwords", "../documents/POL-PW.html"),
        ("vendor scope", "../documents/POL-VENDOR.html#scope"),
    ] {
        let link = format!("<a href=\"{href}\"");
        let at = body
            .find(&format!(">{text}</a>"))
            .unwrap_or_else(|| panic!("`{text}` is a link: {body}"));
        let tag_start = body[..at].rfind("<a ").expect("the link's tag");
        assert!(
            body[tag_start..].starts_with(&link),
            "`{text}` links to {href}: {}",
            &body[tag_start..at]
        );
    }
    // Without `site_url`: text with the target, never a dead link.
    assert!(
        body.contains("Our privacy policy (/privacy-policy/) is"),
        "{body}"
    );
    assert!(!body.contains("href=\"/privacy-policy/\""), "{body}");
    assert_eq!(broken_links(&out_dir), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn with_site_url_a_website_link_points_at_the_website() {
    let src = temp("site-url-src");
    copy_tree(&fixture("site"), &src);
    let yaml = read(&src.join("isms.yaml"));
    std::fs::write(
        src.join("isms.yaml"),
        format!("{yaml}site_url: https://example.com\n"),
    )
    .expect("write isms.yaml");
    let out_dir = temp("site-url-out");
    let out = build(&src, &out_dir, "2026-01-01", &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("https://example.com/privacy-policy/"), "{err}");
    let html = read(&out_dir.join("documents/POL-OVERVIEW.html"));
    assert!(
        prose(&html).contains("<a href=\"https://example.com/privacy-policy/\""),
        "{}",
        prose(&html)
    );
    let _ = std::fs::remove_dir_all(&src);
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn a_bad_site_url_is_reported() {
    let src = temp("bad-site-url");
    copy_tree(&fixture("site"), &src);
    std::fs::write(src.join("isms.yaml"), "title: X\nsite_url: /privacy/\n").expect("write");
    let (code, list, _) = diagnostics(&src);
    assert_eq!(code, Some(1));
    assert!(
        list.contains(&"error bad-url isms.yaml:2".to_string()),
        "{list:?}"
    );
    let _ = std::fs::remove_dir_all(&src);
}

#[test]
fn raw_html_images_and_links_are_rewritten_into_the_site() {
    let out_dir = temp("raw-html");
    let out = build(&fixture("site"), &out_dir, "2026-01-01", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&out_dir.join("documents/POL-PEOPLE.html"));
    let body = prose(&html);
    assert!(
        body.contains("src=\"../files/evidence/hr/starter-checklist.png\""),
        "{body}"
    );
    assert!(
        body.contains(
            "srcset=\"../files/evidence/hr/starter-checklist.png 1x, ../files/evidence/hr/starter-checklist@2x.png 2x\""
        ),
        "{body}"
    );
    assert!(
        body.contains("href=\"../documents/POL-VENDOR.html#scope\""),
        "{body}"
    );
    assert!(body.contains("href=\"../documents/POL-PW.html\""), "{body}");
    assert!(!body.contains("../evidence/"), "{body}");
    assert!(out_dir
        .join("files/evidence/hr/starter-checklist@2x.png")
        .is_file());
    assert_eq!(broken_links(&out_dir), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn every_mistake_is_reported_at_its_line_in_one_run() {
    let (code, list, json) = diagnostics(&fixture("mistakes"));
    assert_eq!(code, Some(1), "{list:?}");
    let expected = [
        "error ambiguous-link links.md:3",
        "error broken-link links.md:5",
        "warning unsafe-link links.md:7",
        "error unknown-anchor links.md:9",
        "error broken-link links.md:10",
    ];
    assert_eq!(list, expected);
    for d in json["diagnostics"].as_array().expect("a list") {
        assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
        assert!(d["location"]["column"].as_u64().is_some(), "{d}");
    }
    let ambiguous = &json["diagnostics"][0]["message"];
    assert!(
        ambiguous
            .as_str()
            .is_some_and(|m| m.contains("dup.md") && m.contains("dup/index.md")),
        "{ambiguous}"
    );
}

#[test]
fn an_unsafe_raw_html_link_is_removed() {
    let src = temp("unsafe-src");
    std::fs::create_dir_all(&src).expect("folder");
    std::fs::write(
        src.join("links.md"),
        "# Links\n\n<a href=\"javascript:alert(1)\">A script link</a>\n\n<img alt=\"x\" src=\"data:text/html,<b>\">\n\n<img alt=\"y\" srcset=\"https://example.com/ok.png 1x, javascript:alert(1) 2x\">\n",
    )
    .expect("write");
    for raw in [false, true] {
        std::fs::write(src.join("isms.yaml"), format!("raw_html: {raw}\n")).expect("write");
        let out_dir = temp("unsafe-out");
        let out = build(&src, &out_dir, "2026-01-01", &[]);
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        assert_eq!(err.matches("warning[unsafe-link]").count(), 3, "{err}");
        let html = read(&out_dir.join("documents/links.html"));
        let body = prose(&html);
        assert!(!body.contains("javascript"), "{body}");
        assert!(!body.contains("data:"), "{body}");
        assert!(!body.contains("srcset"), "{body}");
        assert!(body.contains("A script link"), "{body}");
        let _ = std::fs::remove_dir_all(&out_dir);
    }
    let _ = std::fs::remove_dir_all(&src);
}

/// The coverage rows of `site.json` by id.
fn coverage(out_dir: &Path) -> std::collections::BTreeMap<String, serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_str(&read(&out_dir.join("site.json"))).expect("site.json");
    json["coverage"]
        .as_array()
        .expect("coverage rows")
        .iter()
        .filter(|r| r["framework"] == "iso27001-2022")
        .map(|r| (r["id"].as_str().unwrap_or_default().to_string(), r.clone()))
        .collect()
}

#[test]
fn mentions_link_and_count_as_mentioned_only() {
    let out_dir = temp("mentions");
    let out = build(&fixture("mentions"), &out_dir, "2026-06-01", &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    let html = read(&out_dir.join("documents/POL-BACKUP.html"));
    let body = prose(&html);
    for (text, href) in [
        ("A.8.13", "../controls/A.8.13.html"),
        ("A 8.14", "../controls/A.8.14.html"),
        ("Clause 9.2", "../clauses/9.2.html"),
        // 2013 numbering: its 2022 successor.
        ("A.12.3.1", "../controls/A.8.13.html"),
        // In a table.
        ("A.8.15", "../controls/A.8.15.html"),
    ] {
        let at = body
            .find(&format!(">{text}</a>"))
            .unwrap_or_else(|| panic!("`{text}` is linked: {body}"));
        let tag = &body[body[..at].rfind("<a ").expect("its tag")..at];
        assert!(tag.starts_with(&format!("<a href=\"{href}\"")), "{tag}");
    }
    assert!(body.contains("<code>A.8.20</code>"), "not in code: {body}");
    assert!(
        body.contains(">see A.8.21</a>"),
        "not inside a link: {body}"
    );
    assert!(
        // (the heading ends with its permalink, not a link to the control)
        body.contains(">A.8.22 Segregation of networks<a class=\"heading-anchor\""),
        "not in headings: {body}"
    );
    assert!(
        body.contains("Not a control: A.9.99, B.8.1, version A.8.13.4.1."),
        "{body}"
    );
    let quiet = read(&out_dir.join("documents/POL-QUIET.html"));
    assert!(
        prose(&quiet).contains("follows A.8.16, but"),
        "`mentions: false` in front matter: {}",
        prose(&quiet)
    );
    let rows = coverage(&out_dir);
    let row = |id: &str| rows.get(id).unwrap_or_else(|| panic!("row {id}"));
    for id in ["A.8.13", "A.8.14", "A.8.15", "9.2"] {
        assert_eq!(row(id)["mentioned"], true, "{id}");
        assert_eq!(row(id)["mentioned_by"][0], "POL-BACKUP", "{id}");
        assert_eq!(row(id)["level"], "mentioned", "{id}");
        assert_eq!(row(id)["mapped"], false, "{id}");
        assert_eq!(row(id)["implemented"], false, "{id}");
    }
    for id in ["A.8.16", "A.8.20", "A.8.21", "A.8.22", "A.8.5"] {
        assert_eq!(row(id)["mentioned"], false, "{id}");
        assert_eq!(row(id)["level"], "gap", "{id}");
    }
    // Cited and mentioned: the citation decides the level.
    assert_eq!(row("A.5.15")["mentioned"], true);
    assert_eq!(row("A.5.15")["level"], "documented");
    let control = read(&out_dir.join("controls/A.8.14.html"));
    assert!(control.contains("Mentioned in"), "the control page says so");
    assert_eq!(broken_links(&out_dir), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn mentions_false_in_isms_yaml_turns_them_off() {
    let src = temp("mentions-off-src");
    copy_tree(&fixture("mentions"), &src);
    std::fs::write(src.join("isms.yaml"), "title: Mentions\nmentions: false\n").expect("write");
    let out_dir = temp("mentions-off-out");
    let out = build(&src, &out_dir, "2026-06-01", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&out_dir.join("documents/POL-BACKUP.html"));
    assert!(
        prose(&html).contains("Backups follow A.8.13 and"),
        "{}",
        prose(&html)
    );
    let rows = coverage(&out_dir);
    assert_eq!(rows["A.8.13"]["mentioned"], false);
    assert_eq!(rows["A.8.13"]["level"], "gap");
    let _ = std::fs::remove_dir_all(&src);
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn the_sample_builds_without_warnings_and_links_its_mentions() {
    let out_dir = temp("sample");
    let out = build(&repo().join("sample-isms"), &out_dir, "2026-11-15", &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    assert_eq!(broken_links(&out_dir), Vec::<String>::new());
    let rows = coverage(&out_dir);
    assert!(rows.values().any(|r| r["mentioned"] == true));
    let _ = std::fs::remove_dir_all(&out_dir);
}

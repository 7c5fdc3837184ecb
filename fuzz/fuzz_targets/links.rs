//! Link resolution: a document with any body is resolved against a small
//! site and rendered; relative paths never leave the source folder, rendered
//! HTML never carries a `javascript:` link, and nothing panics.
#![no_main]

use isms_site::model::Source;
use isms_site::render::markdown;
use isms_site::resolve::{self, files::normalize_relative, links};
use isms_site::source::document;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A source folder with one evidence file, made once per fuzzing process.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("isms-fuzz-links-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("evidence"));
        let _ = std::fs::write(dir.join("evidence/report.pdf"), b"%PDF");
        dir
    })
}

/// True if a real tag (not escaped text) has an `href` or `src` attribute
/// holding a `javascript:` URL. Escaped text (`&lt;a href=...`) never
/// starts a tag, and other attributes (`class`, `title`) do not count.
fn tag_has_script_url(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let mut t = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        loop {
            t = t.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if t.is_empty() || t.starts_with('>') {
                break;
            }
            let name_end = t
                .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
                .unwrap_or(t.len());
            let name = &t[..name_end];
            t = &t[name_end..];
            let mut value = "";
            if let Some(r) = t.strip_prefix('=') {
                if let Some(q) = r.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let close = r[1..].find(q).map(|c| c + 1).unwrap_or(r.len());
                    value = &r[1..close];
                    t = &r[(close + 1).min(r.len())..];
                } else {
                    let e = r
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(r.len());
                    value = &r[..e];
                    t = &r[e..];
                }
            }
            if (name == "href" || name == "src") && value.trim_start().starts_with("javascript:") {
                return true;
            }
        }
        rest = t;
    }
    false
}

const OTHER: &str = "---\nid: POL-B\ntitle: Other\n---\n# Other\n\n## Part two\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The path resolver on its own: results stay inside SRC.
    let (base, path) = text.split_once('\n').unwrap_or(("policies", text));
    if let Some(rel) = normalize_relative(base, path) {
        assert!(!rel.starts_with('/'));
        assert!(rel
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != "."));
    }
    // The whole link pass and the renderer.
    let mut diags = Vec::new();
    let mut foreign = Vec::new();
    let mut source = Source::default();
    for (path, body) in [("policies/fuzz.md", text), ("policies/other.md", OTHER)] {
        if let Some(doc) = document::load(path, body, &mut diags, &mut foreign) {
            source.documents.push(doc);
        }
    }
    source.evidence.push("evidence/report.pdf".to_string());
    let (site, _diags) = resolve::resolve(source, root());
    for doc in site.documents() {
        let html = markdown::to_html(&site, &doc.body.markdown, "policies", "../");
        assert!(!tag_has_script_url(&html), "{html}");
        let _ = links::slugify(&doc.title);
    }
});

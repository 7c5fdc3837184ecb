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

/// True if a real tag (not escaped text) has an `href` or `src` with a
/// `javascript:` URL. Escaped text (`&lt;a href=...`) never starts a tag.
fn tag_has_script_url(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if ["href=\"javascript:", "src=\"javascript:", "href=javascript:", "src=javascript:"]
            .iter()
            .any(|bad| tag.contains(bad))
        {
            return true;
        }
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
        assert!(rel.split('/').all(|p| !p.is_empty() && p != ".." && p != "."));
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

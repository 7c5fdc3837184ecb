//! The fuzz targets' bodies, shared by the targets in `fuzz_targets/` and by
//! `tests/fuzz_regressions.rs`, which replays every seed and kept crash
//! through the same code on each `cargo test`. Each includer uses a part.
#![allow(dead_code)]

use isms_site::model::{RecordKind, Source};
use isms_site::render::markdown;
use isms_site::resolve::{self, files::normalize_relative, links};
use isms_site::source::{document, frontmatter, parse_text, walk::FileKind};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Front matter splitting and document loading: any text ends in a split or
/// a diagnostic, and the parts of a split are slices of the text.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = frontmatter::split(text) {
        assert!(
            text.ends_with(split.body),
            "the body is the end of the text"
        );
        if let Some(yaml) = split.yaml {
            assert!(text.contains(yaml));
            assert!(yaml.len() + split.body.len() <= text.len());
        }
        let body_lines = split.body.matches('\n').count();
        assert!(split.body_line_offset + body_lines <= text.matches('\n').count() + 1);
    }
    let _ = parse_text(
        FileKind::Record(RecordKind::Document),
        "policies/fuzz.md",
        text,
    );
}

/// Record parsing: YAML of every record kind ends in a record or
/// diagnostics, never a panic, hang or stack overflow. The first byte picks
/// the kind.
pub fn records(data: &[u8]) {
    const KINDS: [(FileKind, &str); 7] = [
        (FileKind::Record(RecordKind::Audit), "audits/fuzz.yaml"),
        (FileKind::Record(RecordKind::Action), "actions/fuzz.yaml"),
        (FileKind::Record(RecordKind::Review), "reviews/fuzz.yaml"),
        (FileKind::Record(RecordKind::Metric), "metrics/fuzz.yaml"),
        (FileKind::Config, "isms.yaml"),
        (FileKind::Soa, "soa.yaml"),
        (FileKind::Framework, "frameworks/fuzz.yaml"),
    ];
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (kind, path) = KINDS[usize::from(*first) % KINDS.len()];
    for d in parse_text(kind, path, text) {
        // Every diagnostic points into the file it came from.
        if let Some(at) = &d.location {
            assert_eq!(at.file, path);
        }
    }
}

/// A source folder with one evidence file, made once per process.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("isms-fuzz-links-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("evidence"));
        let _ = std::fs::write(dir.join("evidence/report.pdf"), b"%PDF");
        dir
    })
}

const OTHER: &str = "---\nid: POL-B\ntitle: Other\n---\n# Other\n\n## Part two\n";

/// Link resolution: a document with any body is resolved against a small
/// site and rendered; relative paths never leave the source folder, rendered
/// HTML never carries a `javascript:` link, and nothing panics.
pub fn links(data: &[u8]) {
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
            source.documents.push(std::sync::Arc::new(doc));
        }
    }
    source.evidence.push("evidence/report.pdf".to_string());
    let (site, _diags) = resolve::resolve(source, root());
    for doc in site.documents() {
        let html = markdown::to_html(&site, &doc.body.markdown, "policies", "../");
        assert!(!tag_has_script_url(&html), "{html}");
        let _ = links::slugify(&doc.title);
    }
}

/// True if a real tag (not escaped text) has an `href` or `src` attribute
/// holding a `javascript:` URL. Escaped text (`&lt;a href=...`) never
/// starts a tag, and other attributes (`class`, `title`) do not count.
pub fn tag_has_script_url(html: &str) -> bool {
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

//! Fuzzing regressions: every seed in `fuzz/corpus/*/seed-*` and every input
//! kept in `fuzz/regressions/TARGET/` (crashes found by the fuzzers, and
//! hostile inputs written by hand) runs through the same code as the fuzz
//! target, so a fixed crash stays fixed without a fuzzer.

use isms_site::model::Source;
use isms_site::render::markdown;
use isms_site::resolve::{self, files::normalize_relative};
use isms_site::source::{document, frontmatter, parse_text, walk::FileKind};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    let dirs = [
        (root.join("corpus").join(target), true),
        (root.join("regressions").join(target), false),
    ];
    for (dir, seeds_only) in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && (!seeds_only || name.starts_with("seed-")) {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The `frontmatter` fuzz target's body.
fn frontmatter_case(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = frontmatter::split(text) {
        assert!(text.ends_with(split.body));
        if let Some(yaml) = split.yaml {
            assert!(text.contains(yaml));
        }
    }
    let _ = parse_text(FileKind::Document, "policies/fuzz.md", text);
}

/// The `records` fuzz target's body.
fn records_case(data: &[u8]) {
    const KINDS: [(FileKind, &str); 7] = [
        (FileKind::Audit, "audits/fuzz.yaml"),
        (FileKind::Action, "actions/fuzz.yaml"),
        (FileKind::Review, "reviews/fuzz.yaml"),
        (FileKind::Metric, "metrics/fuzz.yaml"),
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
        if let Some(at) = &d.location {
            assert_eq!(at.file, path);
        }
    }
}

/// The `links` fuzz target's body.
fn links_case(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (base, path) = text.split_once('\n').unwrap_or(("policies", text));
    if let Some(rel) = normalize_relative(base, path) {
        assert!(rel
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != "."));
    }
    let mut diags = Vec::new();
    let mut foreign = Vec::new();
    let mut source = Source::default();
    if let Some(doc) = document::load("policies/fuzz.md", text, &mut diags, &mut foreign) {
        source.documents.push(doc);
    }
    let root = std::env::temp_dir().join("isms-fuzz-regressions-root");
    let (site, _) = resolve::resolve(source, &root);
    for doc in site.documents() {
        let html = markdown::to_html(&site, &doc.body.markdown, "policies", "../");
        assert!(!tag_has_script_url(&html), "{html}");
    }
}

#[test]
fn frontmatter_seeds_and_regressions() {
    let cases = inputs("frontmatter");
    assert!(cases.len() >= 5);
    for (path, data) in cases {
        eprintln!("{}", path.display());
        frontmatter_case(&data);
    }
}

#[test]
fn records_seeds_and_regressions() {
    let cases = inputs("records");
    assert!(cases.len() >= 5);
    for (path, data) in cases {
        eprintln!("{}", path.display());
        records_case(&data);
    }
}

#[test]
fn links_seeds_and_regressions() {
    let cases = inputs("links");
    assert!(cases.len() >= 3);
    for (path, data) in cases {
        eprintln!("{}", path.display());
        links_case(&data);
    }
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

#[test]
fn the_script_url_oracle_sees_tags_only() {
    assert!(tag_has_script_url("<p><a href=\"JavaScript:x\">a</a></p>"));
    assert!(!tag_has_script_url(
        "<p>&lt;a href=\"javascript:x\"&gt;</p>"
    ));
    assert!(!tag_has_script_url(
        "<a href=\"https://x\" title=\"javascript: tips\">"
    ));
}

//! Links written for the published site: a path that does not resolve
//! inside SRC tried as root-relative, under a base path, as a pretty URL and
//! as a front-matter `slug`.

use super::*;

pub(super) use crate::source::walk::is_markdown;

/// A path that may be a page's address rather than a file: no extension in
/// its last segment, or `.html`.
pub(super) fn pretty_url(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    !last.contains('.') || last.ends_with(".html") || last.ends_with(".htm")
}

/// What a link written for the published site matches in SRC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    Document(usize),
    File(String),
    Several(Vec<String>),
    Nothing,
}

/// Source paths a site path may be written from: itself when it names a
/// Markdown file, else `x.md`, `x/index.md`, `x/_index.md`, `x/README.md`.
pub(super) fn pretty_candidates(path: &str) -> Vec<String> {
    if is_markdown(path) {
        return vec![path.to_string()];
    }
    let stem = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    let inside = |name: &str| {
        if stem.is_empty() {
            name.to_string()
        } else {
            format!("{stem}/{name}")
        }
    };
    let mut out = Vec::new();
    if !stem.is_empty() {
        out.push(format!("{stem}.md"));
        out.push(format!("{stem}.mdx"));
    }
    for name in ["index.md", "index.mdx", "_index.md", "README.md"] {
        out.push(inside(name));
    }
    out
}

/// The documents one site path names (distinct, in candidate order).
pub(super) fn documents_at(site: &Site, path: &str) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for candidate in pretty_candidates(path) {
        if let Some(&i) = site.doc_by_path.get(&candidate) {
            if !found.contains(&i) {
                found.push(i);
            }
        }
    }
    found
}

pub(super) fn one_or_several(site: &Site, found: Vec<usize>) -> Found {
    match found.as_slice() {
        [] => Found::Nothing,
        [one] => Found::Document(*one),
        _ => Found::Several(
            found
                .iter()
                .map(|&i| site.source.documents[i].path.clone())
                .collect(),
        ),
    }
}

/// Resolve `path` (relative to SRC, written for the published site), in
/// order: as it is (a file or a pretty URL), with leading segments of the
/// published base path removed (only when `strip`), then by front-matter
/// `slug`. The first step that matches decides.
pub(super) fn published(site: &Site, path: &str, strip: bool) -> Found {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if segments.contains(&"..") {
        return Found::Nothing;
    }
    let whole = segments.join("/");
    if strip && !whole.is_empty() && !pretty_url(&whole) && !is_markdown(&whole) {
        let at = Location::file(whole.clone());
        if let Ok(rel) = check_file(&site.root, "", &whole, &at) {
            return Found::File(rel);
        }
    }
    let tails = if strip { segments.len().max(1) } else { 1 };
    for k in 0..tails {
        let sub = segments[k.min(segments.len())..].join("/");
        let found = documents_at(site, &sub);
        if !found.is_empty() {
            return one_or_several(site, found);
        }
    }
    // Front-matter `slug`: the page's path on the published site.
    for k in 0..tails {
        let sub = segments[k.min(segments.len())..].join("/");
        if let Some(found) = site.doc_by_slug.get(&sub) {
            return one_or_several(site, found.clone());
        }
    }
    Found::Nothing
}

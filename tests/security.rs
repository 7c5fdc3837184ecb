//! Injected markup in Markdown and YAML never becomes executable in the site.

mod common;

use common::{files, repo};

/// A start tag found in HTML: its name and attributes (name, value).
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// A small tokenizer for start tags; text and escaped `&lt;` are skipped, and
/// the contents of our own `<script src>` elements never contain markup.
fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let end = html[i..].find('>').map(|e| i + e).unwrap_or(html.len());
        let inner = &html[i..end];
        let name_end = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let mut tag = StartTag {
            name: inner[..name_end].to_ascii_lowercase(),
            attrs: Vec::new(),
        };
        let mut rest = &inner[name_end..];
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                break;
            }
            let n_end = rest
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(rest.len());
            let name = rest[..n_end].to_ascii_lowercase();
            rest = &rest[n_end..];
            let mut value = String::new();
            if let Some(r) = rest.strip_prefix('=') {
                let (v, r2) = match r.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = r[1..].find(q).map(|c| c + 1).unwrap_or(r.len());
                        (&r[1..close], &r[(close + 1).min(r.len())..])
                    }
                    _ => {
                        let e = r.find(char::is_whitespace).unwrap_or(r.len());
                        (&r[..e], &r[e..])
                    }
                };
                value = v.to_string();
                rest = r2;
            }
            tag.attrs.push((name, value));
        }
        tags.push(tag);
        i = end;
    }
    tags
}

fn scheme_is_dangerous(value: &str) -> bool {
    let cleaned: String = value
        .replace("&#x3A;", ":")
        .replace("&colon;", ":")
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

fn executable_markup(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        if [
            "script", "iframe", "object", "embed", "frame", "form", "svg", "math", "base",
        ]
        .contains(&tag.name.as_str())
        {
            let own_script = tag.name == "script"
                && tag.attrs.iter().any(|(n, v)| {
                    n == "src"
                        && (v.starts_with("../static/")
                            || v.starts_with("static/")
                            || v == "search-index.js")
                });
            // The site's own inline charts: `<svg class="chart">` and legend swatches.
            let own_svg = tag.name == "svg"
                && tag
                    .attrs
                    .iter()
                    .any(|(n, v)| n == "class" && (v == "chart" || v == "swatch"));
            // The site's own search forms: GET to search.html.
            let own_form = tag.name == "form"
                && tag
                    .attrs
                    .iter()
                    .any(|(n, v)| n == "action" && v.ends_with("search.html"));
            if !own_script && !own_svg && !own_form {
                found.push(format!("<{}>", tag.name));
            }
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                found.push(format!("<{} {name}=...>", tag.name));
            }
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "srcdoc",
                "style",
            ]
            .contains(&name.as_str())
                && (scheme_is_dangerous(value)
                    || name == "srcdoc"
                    || value.to_ascii_lowercase().contains("javascript:"))
            {
                found.push(format!("<{} {name}={value}>", tag.name));
            }
        }
    }
    found
}

#[test]
fn tokenizer_sees_real_tags_only() {
    let found = executable_markup(
        "<p>&lt;script&gt; <a href=\"javascript:x\">a</a> <img src=x onerror=y></p>",
    );
    assert_eq!(found, ["<a href=javascript:x>", "<img onerror=...>"]);
}

#[test]
fn injected_markup_is_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    let src = repo().join("tests/fixtures/injection");
    let out = common::build(&src, &out_dir, "2025-06-01", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let mut problems = Vec::new();
    let mut pages = 0;
    for f in files(&out_dir).iter().filter(|f| f.ends_with(".html")) {
        pages += 1;
        let html = std::fs::read_to_string(out_dir.join(f)).unwrap();
        for p in executable_markup(&html) {
            problems.push(format!("{f}: {p}"));
        }
    }
    assert!(pages > 100);
    assert!(problems.is_empty(), "{problems:#?}");
    // The text itself survives, escaped, so nothing is silently lost.
    let action = std::fs::read_to_string(out_dir.join("actions/CA-X.html")).unwrap();
    assert!(
        action.contains("&lt;script&gt;alert(17)&lt;&#x2F;script&gt;")
            || action.contains("&lt;script&gt;alert(17)&lt;/script&gt;")
    );
    let stderr = common::stderr(&out);
    assert!(
        stderr.contains("warning[unsafe-link]"),
        "javascript: links are reported: {stderr}"
    );
}

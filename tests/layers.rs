//! The pipeline runs one way: a module may use the modules below it, never
//! one above it or beside it. This test reads every `crate::` path in
//! `src/` (outside `#[cfg(test)]` code) and fails on an upward or sideways
//! one. The layers, and why they are checked by a test rather than by a
//! workspace of crates, are in docs/architecture.md.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// The crate's top-level modules, bottom first. A module may use only
/// modules of a lower layer.
const LAYERS: &[&[&str]] = &[
    &["diag", "digest", "escape", "timings"],
    &["model"],
    &["source"],
    &["catalog"],
    &["resolve"],
    &["analyse"],
    &["pipeline"],
    &["render"],
    &["output"],
    &["serve"],
    &["cmd"],
];

/// Inside `render/`: plumbing at the bottom, then the page and export
/// builders (which never use each other), then the job list that drives
/// them, then `render/mod.rs`.
const RENDER_LAYERS: &[&[&str]] = &[
    &["text"],
    &["markdown"],
    &["bodies", "charts", "page", "theme"],
    &["view"],
    &["pages", "exports"],
    &["jobs"],
    &["mod"],
];

fn rank(layers: &[&[&str]], module: &str) -> Option<usize> {
    layers.iter().position(|layer| layer.contains(&module))
}

/// The code of a file without its `#[cfg(test)]` items (tests may build
/// fixtures with higher stages) and without comments.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the item that follows: to the end of its braces.
            let mut depth = 0i32;
            let mut opened = false;
            for l in lines.by_ref() {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                opened |= l.contains('{');
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or("");
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The names that follow `prefix` in `code` (`crate::render::x` -> `render`,
/// `crate::{model, diag::Location}` -> `model`, `diag`).
fn uses_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in code.match_indices(prefix) {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue; // `foo_crate::`, or `super::super::` seen from its middle
        }
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // A group: the first segment of each item at the top level.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.insert(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            names.insert(first_segment(&item));
        } else {
            names.insert(first_segment(rest));
        }
    }
    names.remove("");
    names
}

fn first_segment(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level module a file belongs to, and for `render/` files the
/// render submodule.
fn module_of(rel: &str) -> (String, Option<String>) {
    let mut parts = rel.trim_end_matches(".rs").split('/');
    let top = parts.next().unwrap_or_default().to_string();
    let sub = parts.next().map(str::to_string);
    let sub = match (top.as_str(), sub) {
        ("render", None) => None,
        ("render", Some(s)) => Some(s),
        _ => None,
    };
    (top, sub)
}

fn rust_files(dir: &Path) -> Vec<String> {
    common::files(dir)
        .into_iter()
        .filter(|f| f.ends_with(".rs"))
        .collect()
}

#[test]
fn no_module_uses_a_module_above_it() {
    let src = common::repo().join("src");
    let mut upward = Vec::new();
    for rel in rust_files(&src) {
        let (top, _) = module_of(&rel);
        let Some(own) = rank(LAYERS, &top) else {
            continue; // lib.rs, main.rs: the top
        };
        let code = code_of(&std::fs::read_to_string(src.join(&rel)).unwrap());
        for used in uses_after(&code, "crate::") {
            if used == top {
                continue;
            }
            match rank(LAYERS, &used) {
                Some(r) if r < own => {}
                Some(_) => upward.push(format!("{rel} uses crate::{used}")),
                None => upward.push(format!("{rel} uses crate::{used}, which has no layer")),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the pipeline:\n{upward:#?}"
    );
}

#[test]
fn render_plumbing_never_uses_pages_or_exports() {
    let src = common::repo().join("src");
    let mut upward = Vec::new();
    for rel in rust_files(&src.join("render")) {
        let sub = rel
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs");
        let Some(own) = rank(RENDER_LAYERS, sub) else {
            upward.push(format!("render/{rel} is in no render layer"));
            continue;
        };
        let code = code_of(&std::fs::read_to_string(src.join("render").join(&rel)).unwrap());
        let mut used = uses_after(&code, "crate::render::");
        // `super::x` from render/x.rs, `super::super::x` from render/x/y.rs.
        let depth = rel.matches('/').count();
        let up = "super::".repeat(depth + 1);
        used.extend(uses_after(&code, &up));
        for name in used {
            if name == sub {
                continue;
            }
            match rank(RENDER_LAYERS, &name) {
                Some(r) if r < own => {}
                Some(_) => upward.push(format!("render/{rel} uses render::{name}")),
                // Items defined in render/mod.rs itself (Sink, PageOut...).
                None => upward.push(format!("render/{rel} uses render::{name} (mod.rs)")),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "render imports against its layers:\n{upward:#?}"
    );
}

#[test]
fn the_checker_sees_an_upward_import() {
    let code = code_of(
        "use crate::render::Sink;\nuse crate::{model::Date, diag};\n#[cfg(test)]\nmod tests {\n    use crate::cmd;\n}\n",
    );
    let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        uses_after(&code, "crate::"),
        names(&["diag", "model", "render"])
    );
    assert_eq!(
        uses_after("super::super::view::Fact", "super::super::"),
        names(&["view"])
    );
    assert_eq!(
        uses_after("super::super::view::Fact", "super::"),
        names(&["super"])
    );
    assert_eq!(rank(LAYERS, "render"), Some(7));
    assert!(rank(LAYERS, "render") > rank(LAYERS, "source"));
}

//! Helpers shared by the integration tests: run the real binary, read a built
//! site, and check its links.
#![allow(dead_code)]

pub mod http;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `isms-site` with `args`.
pub fn isms(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isms-site"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the isms-site binary runs")
}

/// `isms-site build SRC -o OUT --as-of AS_OF EXTRA...`.
pub fn build(src: &Path, out: &Path, as_of: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        src.to_str().expect("UTF-8 test path"),
        "-o",
        out.to_str().expect("UTF-8 test path"),
        "--as-of",
        as_of,
    ];
    args.extend_from_slice(extra);
    isms(&args)
}

/// `isms-site check SRC --as-of AS_OF`.
pub fn check(src: &Path, as_of: &str) -> Output {
    isms(&[
        "check",
        src.to_str().expect("UTF-8 test path"),
        "--as-of",
        as_of,
    ])
}

/// `isms-site check SRC --as-of AS_OF --format json`: the run and its report.
pub fn check_json(src: &Path, as_of: &str) -> (Output, serde_json::Value) {
    let out = isms(&[
        "check",
        src.to_str().expect("UTF-8 test path"),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    let json = serde_json::from_slice(&out.stdout).expect("JSON");
    (out, json)
}

/// The diagnostics of a `check --format json` report.
pub fn diagnostic_list(json: &serde_json::Value) -> &[serde_json::Value] {
    json["diagnostics"].as_array().expect("a diagnostics list")
}

/// `file:line` of one diagnostic of the JSON report (`-` and `0` where it
/// has no location).
pub fn file_line(d: &serde_json::Value) -> String {
    let loc = &d["location"];
    format!(
        "{}:{}",
        loc["file"].as_str().unwrap_or("-"),
        loc["line"].as_u64().unwrap_or(0)
    )
}

/// `(code, file:line)` of every diagnostic of `check SRC --as-of AS_OF
/// --format json`.
pub fn diagnostics(src: &Path, as_of: &str) -> Vec<(String, String)> {
    let (_, json) = check_json(src, as_of);
    diagnostic_list(&json)
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), file_line(d)))
        .collect()
}

/// `(code, at)` as owned strings, to compare with [`diagnostics`].
pub fn pair(code: &str, at: &str) -> (String, String) {
    (code.to_string(), at.to_string())
}

/// Write `text` to `dir/rel`, creating the folders on the way.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a file has a folder")).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The file `rel` of a built site as text; a missing one panics naming it.
pub fn page(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `isms-site build SRC -o OUT --as-of AS_OF --quiet`, which must succeed.
pub fn build_ok(src: &Path, out: &Path, as_of: &str) {
    let run = build(src, out, as_of, &["--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
}

/// Copy a folder tree (files only).
pub fn copy_tree(from: &Path, to: &Path) {
    for f in files(from) {
        let target = to.join(&f);
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))
            .expect("create folder");
        std::fs::copy(from.join(&f), target).expect("copy file");
    }
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir`, relative, `/`-separated.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Values of `attr="..."` in `html`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolve `href` found in page `page` (relative to the site root).
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for p in href.split('/') {
        match p {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Check every relative `href`/`src` of every HTML page: the file exists and,
/// for fragments, the target page has that `id`. Returns the broken ones.
pub fn broken_links(site: &Path) -> Vec<String> {
    let all = files(site);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for f in all.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(f)).unwrap();
        ids.insert(f.clone(), attr_values(&html, "id").into_iter().collect());
        pages.insert(f.clone(), html);
    }
    let mut broken = Vec::new();
    for (page, html) in &pages {
        for link in attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"))
        {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                resolve(page, &path)
            };
            if !all.contains(&target) {
                broken.push(format!("{page}: {link} (no file {target})"));
                continue;
            }
            if let Some(fragment) = fragment {
                if !ids.get(&target).is_some_and(|set| set.contains(&fragment)) {
                    broken.push(format!("{page}: {link} (no id {fragment} in {target})"));
                }
            }
        }
    }
    broken
}

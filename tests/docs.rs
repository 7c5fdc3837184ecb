//! The documentation in docs/ is real:
//! - every `File: path` example of a document, extracted into a folder, checks
//!   clean (format.md, getting-started.md, migrating-from-comply.md), builds
//!   (theming.md's theme override) or is valid YAML (publishing.md's CI files);
//! - the comply import produces exactly the `Imported: path` examples;
//! - docs/site-json.md names every field of a real `site.json` and only real
//!   fields, and lists the CSV columns in their real order;
//! - every relative link between the documents (and from README.md) resolves,
//!   including `#anchors`.

mod common;

use common::{isms, repo, stderr};
use std::collections::BTreeSet;
use std::path::Path;

/// (path, content) for each `PREFIX path` line followed by a fenced block.
fn examples_with(markdown: &str, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(path) = line.strip_prefix(prefix) else {
            continue;
        };
        let path = path.trim().trim_matches('`').to_string();
        // Skip blank lines up to the opening fence.
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let Some(fence) = lines.next().filter(|l| l.starts_with("```")) else {
            panic!("`{prefix}{path}` is not followed by a fenced block");
        };
        let marker: String = fence.chars().take_while(|c| *c == '`').collect();
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.trim_end() == marker {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push((path, body));
    }
    out
}

/// The `File: path` examples of a document.
fn examples(markdown: &str) -> Vec<(String, String)> {
    examples_with(markdown, "File: ")
}

fn doc(name: &str) -> String {
    std::fs::read_to_string(repo().join("docs").join(name))
        .unwrap_or_else(|e| panic!("docs/{name}: {e}"))
}

/// Write `files` under `dir`.
fn write_all(dir: &Path, files: &[(String, String)]) {
    for (path, body) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, body).unwrap();
    }
}

/// Run `check --strict` on `dir`; returns (exit code, stderr).
fn check_strict(dir: &Path, as_of: &str) -> (Option<i32>, String) {
    let out = isms(&["check", dir.to_str().unwrap(), "--as-of", as_of, "--strict"]);
    (out.status.code(), stderr(&out))
}

#[test]
fn format_reference_examples_check_clean() {
    let files = examples(&doc("format.md"));
    assert!(
        files.len() >= 10,
        "the reference has an example of every file kind"
    );
    let tmp = tempfile::tempdir().unwrap();
    write_all(tmp.path(), &files);
    let (code, text) = check_strict(tmp.path(), "2025-12-31");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 0 notes"), "{text}");
}

#[test]
fn getting_started_examples_check_clean() {
    let files = examples(&doc("getting-started.md"));
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "isms.yaml",
            "policies/access-control.md",
            "procedures/incident-response.md"
        ]
    );
    let tmp = tempfile::tempdir().unwrap();
    write_all(tmp.path(), &files);
    let (code, text) = check_strict(tmp.path(), "2026-12-01");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 0 notes"), "{text}");
    // The document without front matter gets the id the guide names.
    let out = tmp.path().join("site");
    let build = common::build(tmp.path(), &out, "2026-12-01", &[]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(out
        .join("documents/procedures-incident-response.html")
        .is_file());
}

#[test]
fn theming_worked_example_builds_and_applies() {
    let files = examples(&doc("theming.md"));
    let paths: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        BTreeSet::from(["theme/static/brand.css", "theme/templates/base.html"])
    );
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    write_all(&src, &files);
    write_all(
        &src,
        &[(
            "policies/access.md".to_string(),
            "# Access Control Policy\n\nRules.\n".to_string(),
        )],
    );
    let out = tmp.path().join("site");
    let build = common::build(&src, &out, "2026-12-01", &[]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let index = read("index.html");
    assert!(index.contains(r#"<link rel="stylesheet" href="static/brand.css">"#));
    assert!(index.contains(r#"<p class="classification">INTERNAL"#));
    assert!(read("documents/access.html")
        .contains(r#"<link rel="stylesheet" href="../static/brand.css">"#));
    let css = files
        .iter()
        .find(|(p, _)| p == "theme/static/brand.css")
        .unwrap();
    assert_eq!(read("static/brand.css"), css.1, "added static file copied");
    assert!(
        read("static/style.css").contains("--accent"),
        "the default stylesheet stays"
    );
    assert!(common::broken_links(&out).is_empty());
}

#[test]
fn default_theme_matches_the_theming_guide() {
    // Every default template and static file is listed in the guide's table.
    let guide = doc("theming.md");
    for dir in ["templates", "static"] {
        for entry in std::fs::read_dir(repo().join("themes/default").join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                guide.contains(&format!("| `{dir}/{name}` |")),
                "theming.md lists {dir}/{name}"
            );
        }
    }
    // The worked example's base.html is the default plus two lines.
    let default =
        std::fs::read_to_string(repo().join("themes/default/templates/base.html")).unwrap();
    let files = examples(&guide);
    let ours = &files
        .iter()
        .find(|(p, _)| p == "theme/templates/base.html")
        .unwrap()
        .1;
    let added: Vec<&str> = ours
        .lines()
        .filter(|l| !default.lines().any(|d| d == *l))
        .collect();
    assert_eq!(
        added,
        [
            r#"<link rel="stylesheet" href="{{ root }}static/brand.css">"#,
            r#"<p class="classification">INTERNAL: for staff and auditors only</p>"#
        ]
    );
    assert_eq!(ours.lines().count(), default.lines().count() + 2);
}

#[test]
fn publishing_ci_files_are_valid_yaml() {
    let files = examples(&doc("publishing.md"));
    assert_eq!(files.len(), 2, "the GitHub and GitLab files");
    for (path, body) in &files {
        assert!(path.ends_with(".yml"), "{path}");
        let root = isms_site::source::yaml::parse(body)
            .unwrap_or_else(|e| panic!("{path} is not valid YAML: {e:?}"));
        let keys: Vec<&str> = root
            .as_map()
            .unwrap_or_else(|| panic!("{path} is a mapping"))
            .iter()
            .filter_map(|(k, _)| k.as_str())
            .collect();
        let expected = if path.starts_with(".github/") {
            "jobs"
        } else {
            "pages"
        };
        assert!(keys.contains(&expected), "{path}: {keys:?}");
        // Every isms-site command in the file uses real options.
        for line in body.lines() {
            let Some(at) = line.find("isms-site ") else {
                continue;
            };
            let command = &line[at..];
            if !(command.starts_with("isms-site check") || command.starts_with("isms-site build")) {
                continue;
            }
            let words: Vec<&str> = command
                .split_whitespace()
                .take_while(|w| *w != ">" && *w != "||")
                .skip(1)
                .collect();
            let src = tempfile::tempdir().unwrap();
            let words: Vec<String> = words
                .iter()
                .map(|w| {
                    if *w == "." {
                        src.path().to_string_lossy().into_owned()
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            let args: Vec<&str> = words.iter().map(String::as_str).collect();
            let run = isms(&args);
            assert_eq!(
                run.status.code(),
                Some(0),
                "`{command}` runs on an empty folder: {}",
                stderr(&run)
            );
        }
    }
}

#[test]
fn comply_guide_examples_import_exactly_as_shown() {
    let guide = doc("migrating-from-comply.md");
    let project = examples(&guide);
    assert_eq!(
        project.len(),
        5,
        "policy, procedure, narrative, standard, comply.yml"
    );
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("comply");
    write_all(&src, &project);
    // Builds as it is: one note for `cron`, nothing else.
    let (code, text) = check_strict(&src, "2025-12-31");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 1 note"), "{text}");
    let dest = tmp.path().join("my-isms");
    let run = isms(&[
        "import",
        "comply",
        src.to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Imported 3 documents and 1 framework catalog(s) (TSC-2017.yml)"),
        "{text}"
    );
    let shown = examples_with(&guide, "Imported: ");
    assert_eq!(shown.len(), 2);
    for (path, body) in &shown {
        let written = std::fs::read_to_string(dest.join(path)).unwrap();
        assert_eq!(&written, body, "{path} as the guide shows it");
    }
    let isms_yaml = std::fs::read_to_string(dest.join("isms.yaml")).unwrap();
    assert!(isms_yaml.contains("organization: \"Acme Freight\""));
    let (code, text) = check_strict(&dest, "2025-12-31");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 0 notes"), "{text}");
}

/// Build the format reference's example folder (every record kind, a
/// framework, evidence); returns the temporary folder and the site folder.
fn built_reference_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write_all(&src, &examples(&doc("format.md")));
    let out = tmp.path().join("site");
    let build = common::build(
        &src,
        &out,
        "2025-12-31",
        &["--base-url", "https://isms.example/"],
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    (tmp, out)
}

/// Every object key in `value`, except the framework ids of `satisfies`.
fn json_keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                if k != "satisfies" {
                    json_keys(v, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_keys(v, out)),
        _ => {}
    }
}

/// Backticked words in `text`.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// First-column names of the tables in `text` (`| `name` | ...`).
fn first_column(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(name, _)| name.to_string())
        .collect()
}

#[test]
fn site_json_guide_names_every_real_field() {
    let guide = doc("site-json.md");
    let (json_part, csv_part) = guide
        .split_once("## 2. CSV exports")
        .expect("site-json.md has a CSV section");
    let (_tmp, out) = built_reference_site();
    let text = std::fs::read_to_string(out.join("site.json")).unwrap();
    let site: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(site["schema_version"], 1);
    assert_eq!(site["site"]["base_url"], "https://isms.example/");
    let mut real = BTreeSet::new();
    json_keys(&site, &mut real);
    // Every real key is documented...
    let mentioned: BTreeSet<&str> = code_spans(json_part).into_iter().collect();
    let undocumented: Vec<&String> = real
        .iter()
        .filter(|k| !mentioned.contains(k.as_str()))
        .collect();
    assert!(
        undocumented.is_empty(),
        "not in site-json.md: {undocumented:?}"
    );
    // ...and every documented field exists.
    let invented: Vec<String> = first_column(json_part)
        .into_iter()
        .filter(|f| !real.contains(f))
        .collect();
    assert!(invented.is_empty(), "not in site.json: {invented:?}");

    // CSV: the columns in order, BOM, CRLF.
    let mut tables = 0;
    for section in csv_part.split("\n### ").skip(1) {
        let name = section.lines().next().unwrap().trim();
        let documented = first_column(section);
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name} has a BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.ends_with("\r\n"), "{name} ends with CRLF");
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "{name}: every line ends with CRLF"
        );
        let header: Vec<String> = text
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        assert_eq!(documented, header, "columns of {name}");
        tables += 1;
    }
    assert_eq!(
        tables, 7,
        "coverage, soa, findings, actions, risks, objectives and incidents"
    );
}

/// GitHub's anchor for a heading text.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Anchors of the headings of a Markdown file (outside code blocks).
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            out.insert(slug(&line[hashes..].replace('`', "")));
        }
    }
    out
}

/// Relative link targets `](target)` outside code blocks and code spans.
fn relative_links(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = prose.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            rest = &rest[end..];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            out.push(target.to_string());
        }
    }
    out
}

#[test]
fn links_between_documents_resolve() {
    let docs_dir = repo().join("docs");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&docs_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "the documents exist: {files:?}");
    files.push(repo().join("README.md"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap();
        for link in relative_links(&text) {
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else {
                dir.join(path)
            };
            checked += 1;
            if !target.exists() {
                broken.push(format!("{}: {link} (no such file)", file.display()));
                continue;
            }
            if let Some(fragment) = fragment {
                let target_text = std::fs::read_to_string(&target).unwrap();
                if !anchors(&target_text).contains(fragment) {
                    broken.push(format!("{}: {link} (no such heading)", file.display()));
                }
            }
        }
    }
    assert!(checked >= 20, "links were found ({checked})");
    assert!(broken.is_empty(), "{broken:#?}");
    // The index lists every document.
    let index = doc("README.md");
    for file in files.iter().filter(|f| f.starts_with(&docs_dir)) {
        let name = file.file_name().unwrap().to_string_lossy();
        if name != "README.md" {
            assert!(
                index.contains(&format!("]({name})")),
                "docs/README.md links {name}"
            );
        }
    }
}

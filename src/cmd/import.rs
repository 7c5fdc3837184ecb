//! `isms-site import comply SRC DEST`: convert a strongdm/comply project.
//!
//! Policies, procedures and narratives become documents with fenced front
//! matter (`name` -> `title`, `acronym` -> `id`, `satisfies` kept,
//! `majorRevisions` -> `history` with ISO dates); `standards/*.yml` are copied
//! to `frameworks/`, where their shape loads as it is; `{{.Name}}` is replaced
//! by the organisation's name. Nothing outside DEST is written, and a
//! non-empty DEST is refused unless `--force`.

use super::EXIT_USAGE;
use crate::source::document::{derive_id, is_index_name, parse_month_day_year};
use crate::source::frontmatter;
use crate::source::yaml::{self, Node};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A document of the comply project, converted.
struct Converted {
    path: String,
    text: String,
    notes: Vec<String>,
}

fn field<'a>(root: &'a Node, key: &str) -> Option<&'a Node> {
    root.as_map()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn text_of(root: &Node, key: &str) -> Option<String> {
    field(root, key)?.as_str().map(|s| s.trim().to_string())
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn valid_id(text: &str) -> Option<String> {
    crate::source::is_valid_id(text).then(|| text.to_string())
}

fn convert(rel: &str, kind: &str, text: &str, organization: &str) -> Converted {
    let mut notes = Vec::new();
    let split = frontmatter::split(text).ok();
    let meta = split
        .as_ref()
        .and_then(|s| s.yaml)
        .and_then(|y| yaml::parse(y).ok())
        .filter(|n| n.as_map().is_some());
    let body = match (&split, &meta) {
        (Some(s), Some(_)) => s.body,
        _ => text,
    };
    let body = body.replace("{{.Name}}", organization);
    let empty = Node {
        value: yaml::Value::Null,
        pos: yaml::Pos::default(),
    };
    let meta = meta.unwrap_or(empty);
    let id = text_of(&meta, "acronym")
        .and_then(|a| valid_id(&a))
        .or_else(|| text_of(&meta, "id").and_then(|a| valid_id(&a)))
        .unwrap_or_else(|| derive_id(rel));
    let title = text_of(&meta, "name")
        .or_else(|| crate::source::document::first_heading(&body))
        .unwrap_or_else(|| id.clone());
    let mut fm = String::from("---\n");
    let _ = writeln!(fm, "id: {}", quoted(&id));
    let _ = writeln!(fm, "title: {}", quoted(&title));
    let _ = writeln!(fm, "type: {kind}");
    let mut history: Vec<(String, String)> = Vec::new();
    if let Some(revisions) = field(&meta, "majorRevisions").and_then(Node::as_seq) {
        for r in revisions {
            let date = text_of(r, "date").unwrap_or_default();
            let iso = crate::model::Date::parse(&date)
                .ok()
                .or_else(|| parse_month_day_year(&date));
            match iso {
                Some(d) => history.push((d.to_string(), text_of(r, "comment").unwrap_or_default())),
                None => notes.push(format!(
                    "{rel}: revision date `{date}` not understood; left out"
                )),
            }
        }
    }
    history.sort();
    match history.last() {
        Some((date, _)) => {
            let _ = writeln!(fm, "status: approved");
            let _ = writeln!(fm, "version: {}", quoted(&history.len().to_string()));
            let _ = writeln!(fm, "approved_on: {date}");
            let _ = writeln!(fm, "review_every: 12 months");
        }
        None => {
            let _ = writeln!(fm, "status: draft");
        }
    }
    if let Some(sat) = field(&meta, "satisfies").and_then(Node::as_map) {
        let _ = writeln!(fm, "satisfies:");
        for (framework, ids) in sat {
            let Some(framework) = framework.as_str() else {
                continue;
            };
            let list: Vec<String> = match &ids.value {
                yaml::Value::Seq(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(quoted))
                    .collect(),
                yaml::Value::Scalar(s) => vec![quoted(s)],
                _ => Vec::new(),
            };
            let _ = writeln!(fm, "  {}: [{}]", quoted(framework), list.join(", "));
        }
    }
    if !history.is_empty() {
        let _ = writeln!(fm, "history:");
        for (i, (date, change)) in history.iter().enumerate() {
            let _ = writeln!(
                fm,
                "  - {{ version: {}, date: {date}, change: {} }}",
                quoted(&(i + 1).to_string()),
                quoted(change)
            );
        }
    }
    for (key, _) in meta.as_map().unwrap_or(&[]) {
        let Some(k) = key.as_str() else { continue };
        if !["name", "acronym", "id", "satisfies", "majorRevisions"].contains(&k) {
            notes.push(format!(
                "{rel}: `{k}` has no isms-site equivalent; left out"
            ));
        }
    }
    fm.push_str("---\n");
    fm.push_str(body.trim_start_matches(['\r', '\n']));
    Converted {
        path: rel.to_string(),
        text: fm,
        notes,
    }
}

fn comply_name(src: &Path) -> Option<String> {
    let text = fs::read_to_string(src.join("comply.yml")).ok()?;
    let root = yaml::parse(&text).ok()?;
    text_of(&root, "name").filter(|n| !n.is_empty())
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            p.file_stem()
                .map(|s| !is_index_name(&s.to_string_lossy()))
                .unwrap_or(false)
        })
        .collect();
    files.sort();
    files
}

/// Run the import; returns the exit code.
pub fn comply(src: &Path, dest: &Path, organization: Option<String>, force: bool) -> u8 {
    if !super::source_folder_ok(src) {
        return EXIT_USAGE;
    }
    if !src.join("policies").is_dir() && !src.join("standards").is_dir() {
        eprintln!(
            "error: {} does not look like a comply project (no policies/ or standards/)",
            src.display()
        );
        return EXIT_USAGE;
    }
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b || b.starts_with(&a),
        _ => false,
    };
    if same(src, dest) {
        eprintln!("error: DEST must be a new folder outside the comply project");
        return EXIT_USAGE;
    }
    let non_empty = fs::read_dir(dest)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        eprintln!(
            "error: {} is not empty; choose a new folder (or use --force to add to it)",
            dest.display()
        );
        return EXIT_USAGE;
    }
    let organization = organization
        .or_else(|| comply_name(src))
        .unwrap_or_else(|| "Our organization".to_string());
    let mut written = Vec::new();
    let mut notes = Vec::new();
    for (folder, kind) in [
        ("policies", "policy"),
        ("procedures", "procedure"),
        ("narratives", "record"),
    ] {
        for path in markdown_files(&src.join(folder)) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = format!("{folder}/{name}");
            let text = match crate::source::read_text(&path, &rel, crate::source::MAX_FILE_BYTES) {
                Ok(text) => text,
                Err(d) => {
                    eprintln!("error: {}", d.message);
                    return EXIT_USAGE;
                }
            };
            let c = convert(&rel, kind, &text, &organization);
            notes.extend(c.notes);
            written.push((c.path, c.text.into_bytes()));
        }
    }
    let mut frameworks = Vec::new();
    if let Ok(entries) = fs::read_dir(src.join("standards")) {
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let is_yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
            if !path.is_file() || !is_yaml {
                continue;
            }
            let Ok(bytes) = fs::read(&path) else { continue };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            frameworks.push(name.clone());
            written.push((format!("frameworks/{name}"), bytes));
        }
    }
    let config = format!(
        "# Imported from a strongdm/comply project by isms-site.\ntitle: {}\norganization: {}\n",
        quoted(&format!("{organization} ISMS")),
        quoted(&organization)
    );
    written.push(("isms.yaml".to_string(), config.into_bytes()));
    for (rel, bytes) in &written {
        let target = dest.join(rel);
        let result = target
            .parent()
            .map(fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|_| fs::write(&target, bytes));
        if let Err(e) = result {
            eprintln!("error: cannot write {}: {e}", target.display());
            return EXIT_USAGE;
        }
    }
    for note in &notes {
        eprintln!("note: {note}");
    }
    eprintln!(
        "Imported {} documents and {} framework catalog(s) ({}) into {}.",
        written.len() - frameworks.len() - 1,
        frameworks.len(),
        frameworks.join(", "),
        dest.display()
    );
    eprintln!("Next: isms-site build {}", dest.display());
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_front_matter() {
        let text = "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial \"doc\"\ncron: x\n---\n# Purpose\n{{.Name}} rules.\n";
        let c = convert("policies/access.md", "policy", text, "Acme");
        assert!(c.text.starts_with(
            "---\nid: \"AP\"\ntitle: \"Access Policy\"\ntype: policy\nstatus: approved\n"
        ));
        assert!(c.text.contains("approved_on: 2018-06-01"));
        assert!(c.text.contains("  \"TSC\": [\"CC6.1\"]"));
        assert!(c.text.contains("change: \"Initial \\\"doc\\\"\""));
        assert!(c.text.ends_with("---\n# Purpose\nAcme rules.\n"));
        assert_eq!(
            c.notes,
            ["policies/access.md: `cron` has no isms-site equivalent; left out"]
        );
    }
}

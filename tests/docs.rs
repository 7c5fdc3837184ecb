//! Every example file in docs/format.md is real: extracted together into a
//! source folder, they check with no errors, warnings or notes.

mod common;

use common::{isms, repo, stderr};

/// (path, content) for each `File: path` line followed by a fenced block.
fn examples(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(path) = line.strip_prefix("File: ") else {
            continue;
        };
        let path = path.trim().trim_matches('`').to_string();
        // Skip blank lines up to the opening fence.
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let Some(fence) = lines.next().filter(|l| l.starts_with("```")) else {
            panic!("`File: {path}` is not followed by a fenced block");
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

#[test]
fn format_reference_examples_check_clean() {
    let text = std::fs::read_to_string(repo().join("docs/format.md")).unwrap();
    let files = examples(&text);
    assert!(
        files.len() >= 10,
        "the reference has an example of every file kind"
    );
    let tmp = tempfile::tempdir().unwrap();
    for (path, body) in &files {
        let target = tmp.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, body).unwrap();
    }
    let out = isms(&[
        "check",
        tmp.path().to_str().unwrap(),
        "--as-of",
        "2025-12-31",
        "--strict",
    ]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 0 notes"), "{text}");
}

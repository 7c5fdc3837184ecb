//! Change history from git: when SRC is inside a git work tree, one `git log`
//! pass gives every file's commits (date, author, message). Without git, or
//! outside a work tree, the history is quietly empty.

use crate::model::{Commit, Date};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';

/// Commits per file (path relative to `src`), newest first.
pub fn history(src: &Path) -> BTreeMap<String, Vec<Commit>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(src)
        .args([
            "log",
            "--no-merges",
            "--date=short",
            "--name-only",
            "--relative",
            "--format=%x1e%h%x1f%ad%x1f%an%x1f%s",
            "--",
            ".",
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .output();
    match output {
        Ok(out) if out.status.success() => parse(&String::from_utf8_lossy(&out.stdout)),
        _ => BTreeMap::new(),
    }
}

/// Parse `git log` output in the format above.
fn parse(text: &str) -> BTreeMap<String, Vec<Commit>> {
    let mut files: BTreeMap<String, Vec<Commit>> = BTreeMap::new();
    for record in text.split(RECORD).filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let Some(header) = lines.next() else { continue };
        let fields: Vec<&str> = header.split(FIELD).collect();
        let [hash, date, author, message] = fields[..] else {
            continue;
        };
        let Ok(date) = Date::parse(date) else {
            continue;
        };
        let commit = Commit {
            hash: hash.to_string(),
            date,
            author: author.to_string(),
            message: message.to_string(),
        };
        for path in lines.map(str::trim).filter(|l| !l.is_empty()) {
            files
                .entry(path.replace('\\', "/"))
                .or_default()
                .push(commit.clone());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_log_records() {
        let text = "\u{1e}abc123\u{1f}2025-03-01\u{1f}Ana\u{1f}Add MFA rule\n\npolicies/ac.md\npolicies/b.md\n\u{1e}def456\u{1f}2025-01-02\u{1f}Bo\u{1f}First issue\n\npolicies/ac.md\n";
        let h = parse(text);
        assert_eq!(h["policies/ac.md"].len(), 2);
        assert_eq!(h["policies/ac.md"][0].message, "Add MFA rule");
        assert_eq!(h["policies/b.md"][0].author, "Ana");
    }
}

//! Cited files: paths must stay inside the source folder and exist.

use crate::diag::{Diagnostic, Location};
use std::path::Path;

/// Normalize `path` relative to the folder `base` (both `/`-separated and
/// relative to SRC). `None` if it is absolute or climbs out of SRC.
pub fn normalize_relative(base: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') || path.contains('\\')
    {
        return None;
    }
    // The base is normalized too: `..` in it may not climb out of SRC either
    // (found by the `links` fuzz target).
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// Check a file cited at `at`: `path` relative to `base` (a folder under SRC).
/// Returns the normalized path if it is inside SRC and exists.
pub fn check_file(
    root: &Path,
    base: &str,
    path: &str,
    at: &Location,
) -> Result<String, Box<Diagnostic>> {
    let escapes = || {
        Diagnostic::error(
            "path-escapes",
            format!("`{path}` points outside the source folder"),
        )
        .at(at.clone())
        .help("cite files inside the source folder, e.g. evidence/audits/report.pdf")
    };
    let Some(rel) = normalize_relative(base, path) else {
        return Err(Box::new(escapes()));
    };
    let disk = root.join(&rel);
    let Ok(canonical) = disk.canonicalize() else {
        return Err(
            Diagnostic::error("missing-file", format!("`{path}` does not exist"))
                .at(at.clone())
                .help(format!("add the file at {rel}, or correct the path"))
                .into(),
        );
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !canonical.starts_with(&root) {
        return Err(Box::new(escapes()));
    }
    if !canonical.is_file() {
        return Err(
            Diagnostic::error("missing-file", format!("`{path}` is not a file"))
                .at(at.clone())
                .help("cite a file, not a folder")
                .into(),
        );
    }
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_confines() {
        assert_eq!(
            normalize_relative("", "evidence/a.pdf").as_deref(),
            Some("evidence/a.pdf")
        );
        assert_eq!(
            normalize_relative("policies/ops", "../gov/x.md").as_deref(),
            Some("policies/gov/x.md")
        );
        assert_eq!(normalize_relative("", "../etc/passwd"), None);
        assert_eq!(normalize_relative("policies", "../../x"), None);
        assert_eq!(normalize_relative("", "/etc/passwd"), None);
        assert_eq!(normalize_relative("", "C:/x"), None);
        // Fuzzing regression: `..` in the base folder.
        assert_eq!(normalize_relative("a/../..", ""), None);
        assert_eq!(
            normalize_relative("a/b/../c", "d").as_deref(),
            Some("a/c/d")
        );
        assert_eq!(normalize_relative("x/../../etc", "passwd"), None);
    }
}

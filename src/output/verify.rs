//! Verify a built site against its `manifest.json`: every output file (and,
//! with a source folder, every source and evidence file) is re-hashed and
//! compared; each file added, removed or changed is reported, and so is
//! every symbolic link or special file (FIFO, socket, device) in the site,
//! which isms-site never writes: a web server could follow one out of the
//! site, so it is tampering even when every hashed file matches.

use super::manifest::{self, Files, Manifest, MANIFEST};
use std::fmt;
use std::path::Path;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Present now, not in the manifest.
    Added,
    /// In the manifest, missing now.
    Removed,
    /// Present in both, with a different hash.
    Changed,
    /// A symbolic link in the site (isms-site never writes one).
    Symlink,
    /// A FIFO, socket or device in the site (isms-site never writes one).
    Special,
}

impl Change {
    /// Whether this is a symbolic link or special file rather than a
    /// difference in content.
    pub fn is_not_a_file(self) -> bool {
        matches!(self, Change::Symlink | Change::Special)
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Symlink => "symlink",
            Change::Special => "special",
        })
    }
}

/// One difference between the manifest and the files on disk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// Which part: `output`, `source` or `evidence`.
    pub part: &'static str,
    /// The file, relative to OUT (output) or SRC (source, evidence).
    pub path: String,
    /// What happened.
    pub change: Change,
}

/// Why verification could not run.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// No readable manifest.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The manifest path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The manifest is not valid.
    #[error("{path} is not a valid isms-site manifest: {message}")]
    Invalid {
        /// The manifest path.
        path: String,
        /// Why.
        message: String,
    },
    /// A file could not be hashed.
    #[error("cannot hash files under {path}: {source}")]
    Hash {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// The result of a verification.
#[derive(Debug, Default)]
pub struct Report {
    /// Files compared.
    pub checked: usize,
    /// Every difference, sorted by part and path.
    pub differences: Vec<Difference>,
}

/// Compare `expected` with `actual`, adding differences under `part`.
pub fn compare(part: &'static str, expected: &Files, actual: &Files, out: &mut Vec<Difference>) {
    for (path, entry) in expected {
        match actual.get(path) {
            None => out.push(Difference {
                part,
                path: path.clone(),
                change: Change::Removed,
            }),
            Some(now) if now != entry => out.push(Difference {
                part,
                path: path.clone(),
                change: Change::Changed,
            }),
            Some(_) => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        out.push(Difference {
            part,
            path: path.clone(),
            change: Change::Added,
        });
    }
}

/// Every symbolic link and special file (FIFO, socket, device) under `out`,
/// not following links, the marker and the manifest included: isms-site
/// writes only folders and regular files.
pub fn not_files(out: &Path) -> std::io::Result<Vec<Difference>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out).follow_links(false).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let kind = entry.file_type();
        let change = if kind.is_symlink() {
            Change::Symlink
        } else if kind.is_file() || kind.is_dir() {
            continue;
        } else {
            Change::Special
        };
        let Ok(rel) = entry.path().strip_prefix(out) else {
            continue;
        };
        found.push(Difference {
            part: "output",
            path: rel.to_string_lossy().replace('\\', "/"),
            change,
        });
    }
    Ok(found)
}

/// Read `OUT/manifest.json`.
pub fn read_manifest(out: &Path) -> Result<Manifest, VerifyError> {
    let path = out.join(MANIFEST);
    let shown = path.display().to_string();
    let text = std::fs::read(&path).map_err(|source| VerifyError::Read {
        path: shown.clone(),
        source,
    })?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| VerifyError::Invalid {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    if manifest.format != manifest::FORMAT {
        return Err(VerifyError::Invalid {
            path: shown,
            message: format!("unknown format {}", manifest.format),
        });
    }
    Ok(manifest)
}

/// Verify the site in `out`, and the source folder `src` if given.
pub fn verify(out: &Path, src: Option<&Path>) -> Result<Report, VerifyError> {
    let manifest = read_manifest(out)?;
    let hash_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| VerifyError::Hash { path, source }
    };
    let output = manifest::hash_tree(out, &manifest::NOT_HASHED).map_err(hash_err(out))?;
    let mut report = Report {
        checked: output.len(),
        ..Report::default()
    };
    compare("output", &manifest.output, &output, &mut report.differences);
    report
        .differences
        .extend(not_files(out).map_err(hash_err(out))?);
    if let Some(src) = src {
        let (source, evidence) = manifest::hash_source(src, Some(out)).map_err(hash_err(src))?;
        report.checked += source.len() + evidence.len();
        compare("source", &manifest.source, &source, &mut report.differences);
        compare(
            "evidence",
            &manifest.evidence,
            &evidence,
            &mut report.differences,
        );
    }
    report.differences.sort();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::Entry;

    fn files(items: &[(&str, &str)]) -> Files {
        items
            .iter()
            .map(|(p, h)| {
                (
                    p.to_string(),
                    Entry {
                        bytes: 1,
                        sha256: h.to_string(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn reports_added_removed_changed() {
        let expected = files(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let actual = files(&[("a", "1"), ("b", "9"), ("d", "4")]);
        let mut diffs = Vec::new();
        compare("output", &expected, &actual, &mut diffs);
        diffs.sort();
        let got: Vec<(String, Change)> = diffs.into_iter().map(|d| (d.path, d.change)).collect();
        assert_eq!(
            got,
            [
                ("b".to_string(), Change::Changed),
                ("c".to_string(), Change::Removed),
                ("d".to_string(), Change::Added),
            ]
        );
    }
}

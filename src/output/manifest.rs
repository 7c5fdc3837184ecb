//! Tamper evidence: SHA-256 of every source, evidence and output file.
//!
//! `manifest.json` lists each file with its size and hash, in path order,
//! with no time stamps, so the same input gives the same manifest. It lists
//! every output file except itself (and the `.isms-site` marker); `isms-site verify` re-hashes against it.

use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

/// The manifest's file name at the root of the site.
pub const MANIFEST: &str = "manifest.json";
/// Output files the manifest leaves out: itself, and the marker that says
/// isms-site made the folder (not part of the site).
pub const NOT_HASHED: [&str; 2] = [MANIFEST, super::MARKER];
/// Manifest format version.
pub const FORMAT: u32 = 1;

pub use crate::digest::{hash_bytes, hash_file, Entry};

pub use crate::digest::Files;
pub use crate::source::HashCache;

/// The content of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version ([`FORMAT`]).
    pub format: u32,
    /// The program that wrote it.
    pub generator: String,
    /// The as-of date of the build.
    pub as_of: String,
    /// Source files read (documents, records, configuration), relative to SRC.
    pub source: Files,
    /// Evidence files under `evidence/`, relative to SRC.
    pub evidence: Files,
    /// Every file of the site except `manifest.json` and the marker, relative to OUT.
    pub output: Files,
}

/// Hash every file under `dir` (not following symbolic links), keyed by
/// relative path; `skip` names top-level files left out.
pub fn hash_tree(dir: &Path, skip: &[&str]) -> io::Result<Files> {
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if skip.contains(&rel.as_str()) {
            continue;
        }
        files.insert(rel, hash_file(entry.path())?);
    }
    Ok(files)
}

/// Hash the source folder: the files the build reads and the evidence.
/// Returns (source, evidence).
pub fn hash_source(src: &Path, out: Option<&Path>) -> io::Result<(Files, Files)> {
    hash_source_cached(&HashCache::new(src), out)
}

/// Like [`hash_source`] for `cache`'s folder, reusing the hashes `cache`
/// already holds (the ones record pages show); the rest are hashed in parallel.
pub fn hash_source_cached(cache: &HashCache, out: Option<&Path>) -> io::Result<(Files, Files)> {
    use crate::source::walk::{self, FileKind};
    use rayon::prelude::*;
    let src = cache.root();
    let mut ignored = Vec::new();
    let files = walk::walk(src, out, &mut ignored);
    let hashed: Vec<(bool, String, Entry)> = files
        .into_par_iter()
        .map(|file| {
            let entry = match cache.known(&file.rel) {
                Some(Some(entry)) => entry,
                _ => hash_file(&file.disk)?,
            };
            Ok((file.kind == FileKind::Evidence, file.rel, entry))
        })
        .collect::<io::Result<_>>()?;
    let mut source = Files::new();
    let mut evidence = Files::new();
    for (is_evidence, rel, entry) in hashed {
        if is_evidence {
            evidence.insert(rel, entry);
        } else {
            source.insert(rel, entry);
        }
    }
    // Theme overrides are source too: the theme folder, and the old
    // top-level `templates/` and `static/` (their Markdown is hashed above).
    let theme = crate::source::Layout::of(src).theme;
    for dir in [theme.as_str(), "templates", "static"] {
        let folder = src.join(dir);
        if folder.is_dir() && !folder.is_symlink() {
            for (rel, entry) in hash_tree(&folder, &[])? {
                source.insert(format!("{dir}/{rel}"), entry);
            }
        }
    }
    Ok((source, evidence))
}

/// Build the manifest of a site built from `cache`'s source folder into `out`,
/// whose output files were hashed as they were written (`output`).
pub fn build(cache: &HashCache, out: &Path, output: Files, as_of: &str) -> io::Result<Manifest> {
    let (source, evidence) = hash_source_cached(cache, Some(out))?;
    Ok(Manifest::new(as_of, source, evidence, output))
}

impl Manifest {
    /// A manifest of this program's version from the three file lists.
    pub fn new(as_of: &str, source: Files, evidence: Files, output: Files) -> Manifest {
        Manifest {
            format: FORMAT,
            generator: concat!("isms-site ", env!("CARGO_PKG_VERSION")).to_string(),
            as_of: as_of.to_string(),
            source,
            evidence,
            output,
        }
    }

    /// The manifest as pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_known_content() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.txt"), "abc").unwrap();
        let e = hash_file(&tmp.path().join("a.txt")).unwrap();
        assert_eq!(e.bytes, 3);
        assert_eq!(
            e.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        std::fs::write(tmp.path().join(MANIFEST), "{}").unwrap();
        std::fs::write(tmp.path().join(super::super::MARKER), "x").unwrap();
        let tree = hash_tree(tmp.path(), &NOT_HASHED).unwrap();
        assert_eq!(tree.keys().collect::<Vec<_>>(), ["a.txt"]);
    }
}

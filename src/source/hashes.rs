//! The cache of source file hashes: each source or evidence file is hashed
//! at most once per build (or serve snapshot), seeded with the hashes taken
//! as files were loaded. Owned by `source`, read by record pages (the hash
//! beside each cited file) and by the manifest.

use crate::digest::{hash_file, Entry, Files};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Hashes of source files, computed once each and shared by parallel renders
/// and the manifest.
pub struct HashCache {
    root: PathBuf,
    done: Mutex<HashMap<String, Option<Entry>>>,
}

impl HashCache {
    /// A cache for files under the source folder `root`.
    pub fn new(root: &Path) -> HashCache {
        HashCache {
            root: root.to_path_buf(),
            done: Mutex::new(HashMap::new()),
        }
    }

    /// A cache for files under `root` that already holds `known` (the
    /// hashes of the source files taken as they were loaded).
    pub fn with_known(root: &Path, known: &Files) -> HashCache {
        let done = known
            .iter()
            .map(|(rel, entry)| (rel.clone(), Some(entry.clone())))
            .collect();
        HashCache {
            root: root.to_path_buf(),
            done: Mutex::new(done),
        }
    }

    /// Size and SHA-256 of the source file `rel` (already checked to lie
    /// inside SRC), `None` if it cannot be read.
    pub fn entry(&self, rel: &str) -> Option<Entry> {
        if let Some(hit) = self.known(rel) {
            return hit;
        }
        let entry = hash_file(&self.root.join(rel)).ok();
        if let Ok(mut done) = self.done.lock() {
            done.insert(rel.to_string(), entry.clone());
        }
        entry
    }

    /// What the cache holds for `rel`: `None` if it was never asked for,
    /// `Some(None)` if it could not be read.
    pub fn known(&self, rel: &str) -> Option<Option<Entry>> {
        self.done.lock().ok().and_then(|d| d.get(rel).cloned())
    }

    /// The source folder the cache hashes files of.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// SHA-256 of the source file `rel`, `None` if it cannot be read.
    pub fn sha256(&self, rel: &str) -> Option<String> {
        self.entry(rel).map(|e| e.sha256)
    }
}

//! Write: put the rendered site on disk atomically.
//!
//! The site is written into a temporary sibling of OUT and swapped in only
//! when complete, so a failed or killed build leaves the previous site as it
//! was. OUT is refused when it is SRC, contains SRC, is `/` or the home
//! folder, or is a non-empty folder isms-site did not create (it carries a
//! marker file), unless forced.

pub mod manifest;
pub mod verify;

use crate::render::Sink;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

pub use crate::source::walk::MARKER;

/// Why the output folder cannot be used or written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// OUT would overwrite the source or a folder that must not be replaced.
    #[error("refusing to write the site to {path}: {reason}")]
    Refused {
        /// The folder.
        path: String,
        /// Why.
        reason: String,
    },
    /// A file system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: String,
        /// Why.
        source: io::Error,
    },
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.display().to_string(),
        source,
    }
}

/// Absolute, canonical form of a path that may not exist yet.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(c) = path.canonicalize() {
        return c;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or(abs.clone()),
        _ => abs,
    }
}

/// Check that `out` may receive a site built from `src`.
pub fn check_destination(src: &Path, out: &Path, force: bool) -> Result<(), OutputError> {
    let src = absolute(src);
    let out_abs = absolute(out);
    let refuse = |reason: &str| OutputError::Refused {
        path: out.display().to_string(),
        reason: reason.to_string(),
    };
    if out_abs.parent().is_none() {
        return Err(refuse("it is the root of the file system"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == out_abs {
            return Err(refuse("it is your home folder"));
        }
    }
    if out_abs == src {
        return Err(refuse(
            "it is the source folder; choose a folder such as SRC/public",
        ));
    }
    if src.starts_with(&out_abs) {
        return Err(refuse("it contains the source folder"));
    }
    if out_abs.is_file() {
        return Err(refuse("it is a file"));
    }
    if out_abs.is_dir() && !force && !out_abs.join(MARKER).exists() {
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(refuse(
                "it is a non-empty folder that isms-site did not create (use --force to replace it)",
            ));
        }
    }
    Ok(())
}

/// A site being written into a temporary folder beside OUT.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    created: RwLock<HashSet<PathBuf>>,
    /// Size and hash of every file written, for the manifest: hashing the
    /// bytes on their way out, on the rendering threads, spares reading the
    /// whole site back afterwards.
    written: Mutex<Vec<(String, manifest::Entry)>>,
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    let parent = out.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.isms-{tag}-{}", std::process::id()))
}

/// Remove temporaries left by earlier builds that were killed.
fn clean_stale(out: &Path) {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.isms-tmp-"), format!(".{name}.isms-old-")];
    let mut entries: Vec<fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    // A build killed between moving OUT aside and renaming the new site in
    // (only where folders cannot be exchanged atomically): put it back.
    if !out.exists() {
        if let Some(old) = entries.iter().find(|e| {
            e.file_name().to_string_lossy().starts_with(&prefixes[1])
                && e.path().join(MARKER).exists()
        }) {
            let _ = fs::rename(old.path(), out);
        }
    }
    for entry in entries {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            continue;
        }
        if entry.path().join(MARKER).exists() {
            let _ = remove_site(&entry.path());
        } else {
            // Killed before the marker was written or after the rest was
            // removed: only an empty folder goes, never a user's files.
            let _ = fs::remove_dir(entry.path());
        }
    }
}

/// Remove a folder isms-site wrote, its marker last, so a removal cut short
/// leaves either the marker (and the next build finishes the job) or an
/// empty folder.
fn remove_site(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)?.flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    let _ = fs::remove_file(dir.join(MARKER));
    fs::remove_dir(dir)
}

impl Staging {
    /// Start writing a site that will replace `out`.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        let out = absolute(out);
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
        }
        clean_stale(&out);
        let dir = sibling(&out, "tmp");
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_err("cannot clear", &dir))?;
        }
        fs::create_dir(&dir).map_err(io_err("cannot create", &dir))?;
        fs::write(dir.join(MARKER), marker_text()).map_err(io_err("cannot write", &dir))?;
        Ok(Staging {
            out,
            dir,
            created: RwLock::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
        })
    }

    /// The temporary folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The final folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Size and hash of every file written so far (the marker and the
    /// manifest left out), in path order; taken, so asked once, before the
    /// manifest is written.
    pub fn written(&self) -> manifest::Files {
        let written = self
            .written
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        // A file written twice keeps its last hash, as on disk.
        let mut files: manifest::Files = written.into_iter().collect();
        files.retain(|path, _| !manifest::NOT_HASHED.contains(&path.as_str()));
        files
    }

    fn record(&self, path: &str, entry: manifest::Entry) {
        if let Ok(mut written) = self.written.lock() {
            written.push((path.to_string(), entry));
        }
    }

    fn ensure_parent(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self
            .created
            .read()
            .map(|set| set.contains(parent))
            .unwrap_or(false)
        {
            return Ok(());
        }
        fs::create_dir_all(parent)?;
        if let Ok(mut set) = self.created.write() {
            set.insert(parent.to_path_buf());
        }
        Ok(())
    }

    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let safe = !path.is_empty()
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..")
            && !path.contains('\\')
            && !path.contains(':');
        if !safe {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path {path:?}"),
            ));
        }
        Ok(self.dir.join(path))
    }

    /// Swap the finished site in place of OUT.
    ///
    /// On Linux the two folders are exchanged in one `renameat2` call, so
    /// OUT names a complete site at every instant, even if the process is
    /// killed; elsewhere (or on file systems without the call) OUT is moved
    /// aside and the new site renamed in, and the moved-aside folder is
    /// restored or cleaned by the next build.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        #[cfg(target_os = "linux")]
        if self.out.is_dir() {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            if renameat_with(CWD, &self.dir, CWD, &self.out, RenameFlags::EXCHANGE).is_ok() {
                // The old site now sits in the temporary folder.
                let _ = remove_site(&self.dir);
                return Ok(self.out.clone());
            }
        }
        let old = sibling(&self.out, "old");
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old).map_err(io_err("cannot move aside", &self.out))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(io_err("cannot move into place", &self.out)(e));
        }
        if had_old {
            let _ = remove_site(&old);
        }
        Ok(self.out.clone())
    }

    /// Throw the unfinished site away.
    pub fn abort(self) {
        let _ = remove_site(&self.dir);
    }
}

fn marker_text() -> String {
    format!(
        "This folder was generated by isms-site {}; it is replaced on every build.\n",
        env!("CARGO_PKG_VERSION")
    )
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.target(path)?;
        self.ensure_parent(&target)?;
        let entry = manifest::hash_bytes(bytes);
        fs::write(target, bytes)?;
        self.record(path, entry);
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        let target = self.target(path)?;
        self.ensure_parent(&target)?;
        fs::copy(from, &target)?;
        // Hash the copy, not the original: it is what the site holds.
        self.record(path, manifest::hash_file(&target)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporaries_go_but_unmarked_files_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        // Cut short while removing: marker only; before the marker: empty.
        let half_removed = tmp.path().join(".site.isms-tmp-1");
        fs::create_dir_all(half_removed.join("documents")).unwrap();
        fs::write(half_removed.join(MARKER), "x").unwrap();
        let empty = tmp.path().join(".site.isms-tmp-2");
        fs::create_dir_all(&empty).unwrap();
        // Not ours: same name pattern, no marker, not empty.
        let foreign = tmp.path().join(".site.isms-tmp-3");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        clean_stale(&out);
        assert!(!half_removed.exists());
        assert!(!empty.exists());
        assert!(foreign.join("notes.txt").exists());
    }

    #[test]
    fn refuses_dangerous_destinations() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        fs::create_dir_all(&src).unwrap();
        assert!(check_destination(&src, &src, false).is_err());
        assert!(check_destination(&src, tmp.path(), false).is_err());
        assert!(check_destination(&src, Path::new("/"), true).is_err());
        let foreign = tmp.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let err = check_destination(&src, &foreign, false).unwrap_err();
        assert!(err.to_string().contains("--force"));
        assert!(check_destination(&src, &foreign, true).is_ok());
        assert!(check_destination(&src, &src.join("public"), false).is_ok());
    }

    #[test]
    fn commit_replaces_and_abort_keeps_previous() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let s = Staging::begin(&out).unwrap();
        s.put("index.html", b"one").unwrap();
        s.commit().unwrap();
        let s = Staging::begin(&out).unwrap();
        s.put("index.html", b"two").unwrap();
        s.abort();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        let s = Staging::begin(&out).unwrap();
        assert!(s.put("../escape.html", b"").is_err());
        s.put("a/b.html", b"x").unwrap();
        s.commit().unwrap();
        assert!(!out.join("index.html").exists());
        assert!(out.join("a/b.html").exists());
        assert!(out.join(MARKER).exists());
        let leftovers = fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}

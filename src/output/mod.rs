//! Write: put the rendered site on disk atomically.
//!
//! The site is written into a temporary sibling of OUT and swapped in only
//! when complete, so a failed or killed build leaves the previous site as it
//! was. OUT is refused when it is SRC, contains SRC, is `/` or contains
//! the home folder, or is a folder of SRC holding source files; a non-empty
//! folder elsewhere that isms-site did not create (it carries a marker
//! file) is replaced only when forced. `output:` in isms.yaml must stay
//! inside SRC.

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
    /// `output:` in isms.yaml names a folder outside the source folder.
    #[error("output: {value:?} in isms.yaml is refused: {reason}")]
    ConfiguredOutside {
        /// The value as written.
        value: String,
        /// Why.
        reason: String,
    },
    /// A copied file changed between being hashed and being copied.
    #[error("{path} changed while the site was being built: the bytes copied are not those whose hash the pages show; nothing was published, build again")]
    ChangedDuringBuild {
        /// The file, relative to SRC.
        path: String,
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

/// `path` with its longest existing ancestor canonicalized (symbolic links
/// resolved) and the rest, which does not exist yet, appended: where a
/// folder created at `path` would really be.
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = abs.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return abs,
        }
    }
}

/// The output folder that `output:` in isms.yaml names: a relative path
/// without `..` that stays inside SRC once symbolic links are resolved, so
/// a hostile source cannot send the build (and its replacement of OUT) to
/// any other folder.
pub fn configured_output(src: &Path, value: &str) -> Result<PathBuf, OutputError> {
    use std::path::Component;
    let outside = |reason: &str| OutputError::ConfiguredOutside {
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let rel = Path::new(value);
    if value.trim().is_empty() {
        return Err(outside("it is empty"));
    }
    if rel.is_absolute() || value.starts_with('/') || value.starts_with('\\') {
        return Err(outside("it is an absolute path"));
    }
    for part in rel.components() {
        match part {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err(outside("it contains `..`")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(outside("it is an absolute path"))
            }
        }
    }
    let out = src.join(rel);
    if !resolved(&out).starts_with(resolved(src)) {
        return Err(outside(
            "it leads outside the source folder through a symbolic link",
        ));
    }
    Ok(out)
}

/// A Markdown or YAML file under `dir` that `dir`'s manifest.json does not
/// list as output: a source file a replacement would delete.
fn unlisted_source_file(dir: &Path) -> Option<String> {
    let listed = verify::read_manifest(dir)
        .map(|m| m.output)
        .unwrap_or_default();
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
            let source = matches!(ext.as_str(), "md" | "mdx" | "yaml" | "yml");
            (source && !listed.contains_key(&rel)).then_some(rel)
        })
        .next()
}

/// Check that `out` may receive a site built from `src`.
///
/// Refused, `force` or not: `/`, the home folder or a folder holding it,
/// SRC or a folder holding it, a file, and a folder inside SRC that
/// isms-site did not create (no marker, not empty) or that holds Markdown
/// or YAML its manifest does not list (replacing it would delete source
/// files). A non-empty folder elsewhere without the marker needs `force`.
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
        let home = absolute(&home);
        if home == out_abs {
            return Err(refuse("it is your home folder"));
        }
        if home.starts_with(&out_abs) {
            return Err(refuse("it contains your home folder"));
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
    let marked = fs::symlink_metadata(out_abs.join(MARKER)).is_ok_and(|m| m.is_file());
    let empty = || {
        fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
    };
    if out_abs.is_dir() && out_abs.starts_with(&src) {
        if !marked && !empty() {
            return Err(refuse(
                "it is a folder of the source that isms-site did not create; replacing it would delete source files (--force cannot override this): choose a new folder such as SRC/public",
            ));
        }
        if let Some(file) = unlisted_source_file(&out_abs) {
            return Err(refuse(&format!(
                "it holds the source file {file}, which isms-site did not write; replacing it would delete it (--force cannot override this): move the file or choose another folder"
            )));
        }
    }
    if out_abs.is_dir() && !force && !marked && !empty() {
        return Err(refuse(
            "it is a non-empty folder that isms-site did not create (use --force to replace it)",
        ));
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
    /// The source folder copied files are confined to ([`Staging::copying_from`]).
    source: Option<PathBuf>,
    /// Each copied source file (relative to the source folder) with the
    /// size and hash of the bytes copied.
    copied: Mutex<Vec<(String, manifest::Entry)>>,
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
            source: None,
            copied: Mutex::new(Vec::new()),
        })
    }

    /// Confine copies to files under the source folder `root`: each is
    /// opened one folder at a time without following a symbolic link, so a
    /// file (or folder) swapped for a link during the build fails the copy
    /// instead of publishing what the link points to.
    pub fn copying_from(mut self, root: &Path) -> Staging {
        self.source = Some(root.to_path_buf());
        self
    }

    /// Check that every copied file holds the bytes whose hash `shown`
    /// gives for it (the hash record pages show and the manifest lists as
    /// evidence): a file changed between hashing and copying fails the
    /// build, so the site never holds bytes other than those its pages and
    /// manifest state. A file `shown` has not hashed yet is hashed now and
    /// kept there, for the manifest.
    pub fn check_copies(&self, shown: &manifest::HashCache) -> Result<(), OutputError> {
        let copied = self.copied.lock().map(|c| c.clone()).unwrap_or_default();
        for (rel, entry) in copied {
            if shown.entry(&rel).as_ref() != Some(&entry) {
                return Err(OutputError::ChangedDuringBuild { path: rel });
            }
        }
        Ok(())
    }

    /// Open the source file `from` for copying: below the source folder
    /// (or, without one, `from`'s folder) no symbolic link is followed and
    /// only a regular file is accepted. Returns the file and its path
    /// relative to the source folder.
    fn open_source(&self, from: &Path) -> io::Result<(fs::File, Option<String>)> {
        let confined = self
            .source
            .as_deref()
            .and_then(|root| Some((root, from.strip_prefix(root).ok()?)));
        let (root, rel) = match (confined, from.parent(), from.file_name()) {
            (Some((root, rel)), _, _) => (root, rel),
            (None, Some(parent), Some(name)) => (parent, Path::new(name)),
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is not a file to copy", from.display()),
                ))
            }
        };
        let shown = rel.to_string_lossy().replace('\\', "/");
        let file = match open_no_follow(root, rel) {
            Err(e) if is_link_error(&e) => {
                // A symbolic link inside SRC, to a file inside SRC, is
                // allowed: open its target, again following no link, so it
                // cannot lead out however the links change meanwhile.
                let inside = root.canonicalize().ok().and_then(|real_root| {
                    let target = from.canonicalize().ok()?;
                    let rel = target.strip_prefix(&real_root).ok()?.to_path_buf();
                    Some((real_root, rel))
                });
                let escapes = || {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "{shown} is a symbolic link leading outside the source folder (was it replaced during the build?); it was not copied"
                        ),
                    )
                };
                let (real_root, rel) = inside.ok_or_else(escapes)?;
                open_no_follow(&real_root, &rel).map_err(|e| {
                    if is_link_error(&e) {
                        escapes()
                    } else {
                        e
                    }
                })?
            }
            other => other?,
        };
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{shown} is not a regular file; it was not copied"),
            ));
        }
        Ok((file, confined.map(|_| shown)))
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

/// Copy `input` to `output`, returning the size and SHA-256 of the bytes
/// copied.
fn copy_hashing(
    input: &mut impl io::Read,
    output: &mut impl io::Write,
) -> io::Result<manifest::Entry> {
    let mut hashing = crate::digest::Hashing::new(output);
    io::copy(input, &mut hashing)?;
    hashing.finish()
}

/// Whether opening failed because of a symbolic link (`O_NOFOLLOW` on the
/// file, or a link where a folder was expected).
fn is_link_error(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        let errno = e.raw_os_error().map(rustix::io::Errno::from_raw_os_error);
        matches!(
            errno,
            Some(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR)
        )
    }
    #[cfg(not(target_os = "linux"))]
    {
        e.kind() == io::ErrorKind::InvalidData
    }
}

/// Open `root/rel` for reading, one folder at a time, following no symbolic
/// link below `root` (`O_NOFOLLOW` on every step).
#[cfg(target_os = "linux")]
fn open_no_follow(root: &Path, rel: &Path) -> io::Result<fs::File> {
    use rustix::fs::{openat, Mode, OFlags, CWD};
    use std::path::Component;
    let folder = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let names: Vec<&std::ffi::OsStr> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => Ok(name),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a plain relative path", rel.display()),
            )),
        })
        .collect::<io::Result<_>>()?;
    let Some((last, folders)) = names.split_last() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "nothing to copy",
        ));
    };
    let mut dir = openat(CWD, root, folder, Mode::empty())?;
    for name in folders {
        dir = openat(&dir, *name, folder | OFlags::NOFOLLOW, Mode::empty())?;
    }
    // Non-blocking, so a FIFO put in the file's place cannot hang the build
    // (it is then refused as not a regular file).
    let file = openat(
        &dir,
        *last,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
        Mode::empty(),
    )?;
    Ok(fs::File::from(file))
}

/// Open `root/rel` for reading, refusing a symbolic link on the way (checked
/// just before opening: without `O_NOFOLLOW` this is best effort).
#[cfg(not(target_os = "linux"))]
fn open_no_follow(root: &Path, rel: &Path) -> io::Result<fs::File> {
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        if fs::symlink_metadata(&at)?.file_type().is_symlink() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "symbolic link"));
        }
    }
    fs::File::open(at)
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

    fn put_with(&self, path: &str, write: &mut crate::render::WriteParts<'_>) -> io::Result<()> {
        let target = self.target(path)?;
        self.ensure_parent(&target)?;
        let file = fs::File::create(target)?;
        let mut out = crate::digest::Hashing::new(io::BufWriter::with_capacity(256 << 10, file));
        write(&mut out)?;
        let entry = out.finish()?;
        self.record(path, entry);
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        let target = self.target(path)?;
        self.ensure_parent(&target)?;
        let (mut input, rel) = self.open_source(from)?;
        let mut output = fs::File::create(&target)?;
        // Hash the bytes as they are copied, from the one open file: the
        // hash is of exactly what the site holds.
        let entry = copy_hashing(&mut input, &mut output)?;
        self.record(path, entry.clone());
        if let (Some(rel), Ok(mut copied)) = (rel, self.copied.lock()) {
            copied.push((rel, entry));
        }
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

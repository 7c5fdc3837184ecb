//! Opening a copied source file (evidence, linked files) at request time
//! without leaving the source folder.
//!
//! The site was checked when it was built, but the file is read when a
//! browser asks for it, possibly long after: a cited file replaced by a
//! symbolic link in the meantime (a rebuild then fails and the last good site
//! stays served) must not be followed. Every component of the path is opened
//! relative to its parent without following symbolic links (`openat` with
//! `O_NOFOLLOW` on Linux, so a swap between check and open cannot win), and
//! only a regular file is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a copied file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ConfineError {
    /// The path names a symbolic link, a special file or an invalid name.
    #[error("{0} is not a regular file inside the source folder (symbolic link or special file)")]
    Refused(String),
    /// Reading failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file (relative to the source folder).
        path: String,
        /// Why.
        source: io::Error,
    },
}

/// The components of `rel` (`/`-separated, relative): `None` if any is
/// empty, `.` or `..` or holds a backslash or NUL.
fn components(rel: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = rel.split('/').collect();
    let bad = |p: &&str| p.is_empty() || *p == "." || *p == ".." || p.contains(['\\', '\0']);
    if parts.iter().any(bad) {
        return None;
    }
    Some(parts)
}

/// Read the regular file `rel` under `root`, following no symbolic link.
pub fn read(root: &Path, rel: &str) -> Result<Vec<u8>, ConfineError> {
    let refused = || ConfineError::Refused(rel.to_string());
    let parts = components(rel).ok_or_else(refused)?;
    let io_err = |source: io::Error| {
        if is_symlink_error(&source) {
            ConfineError::Refused(rel.to_string())
        } else {
            ConfineError::Io {
                path: rel.to_string(),
                source,
            }
        }
    };
    let mut file = open(root, &parts).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if !meta.file_type().is_file() {
        return Err(refused());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io_err)?;
    Ok(bytes)
}

#[cfg(target_os = "linux")]
fn is_symlink_error(e: &io::Error) -> bool {
    // O_NOFOLLOW on a final link gives ELOOP; O_DIRECTORY|O_NOFOLLOW on a
    // link to a folder gives ENOTDIR.
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
        || e.raw_os_error() == Some(rustix::io::Errno::NOTDIR.raw_os_error())
}

#[cfg(not(target_os = "linux"))]
fn is_symlink_error(_: &io::Error) -> bool {
    false
}

/// Open each folder relative to the one before it, then the file, never
/// following a symbolic link; non-blocking, so a FIFO cannot hang the read.
#[cfg(target_os = "linux")]
fn open(root: &Path, parts: &[&str]) -> io::Result<File> {
    use rustix::fs::{openat, Mode, OFlags, CWD};
    let dir_flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let mut dir = openat(CWD, root, dir_flags, Mode::empty())?;
    let (name, folders) = match parts.split_last() {
        Some(split) => split,
        None => return Err(io::Error::from(io::ErrorKind::InvalidInput)),
    };
    for folder in folders {
        dir = openat(&dir, *folder, dir_flags | OFlags::NOFOLLOW, Mode::empty())?;
    }
    let fd = openat(
        &dir,
        *name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    )?;
    Ok(File::from(fd))
}

/// Elsewhere: refuse a symbolic link at any component, and a canonical path
/// outside the (canonical) root.
#[cfg(not(target_os = "linux"))]
fn open(root: &Path, parts: &[&str]) -> io::Result<File> {
    let mut path = root.to_path_buf();
    for part in parts {
        path.push(part);
        if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "symbolic link"));
        }
    }
    let canonical = path.canonicalize()?;
    if !canonical.starts_with(root.canonicalize()?) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "outside the source",
        ));
    }
    File::open(canonical)
}

#[cfg(test)]
mod tests {
    use super::{read, ConfineError};

    #[test]
    fn names_that_could_leave_are_refused() {
        let dir = std::env::temp_dir();
        for bad in ["../x", "a/../../x", "", "a//b", "./a", "a\\b"] {
            assert!(
                matches!(read(&dir, bad), Err(ConfineError::Refused(_))),
                "{bad}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_followed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("src");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(root.join("evidence")).expect("mkdir");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(outside.join("secret.txt"), "SECRET").expect("write");
        std::fs::write(root.join("evidence/ok.txt"), "fine").expect("write");
        assert_eq!(read(&root, "evidence/ok.txt").expect("reads"), b"fine");
        std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("evidence/link.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(&outside, root.join("linked")).expect("symlink");
        for rel in ["evidence/link.txt", "linked/secret.txt", "evidence"] {
            assert!(read(&root, rel).is_err(), "{rel}");
        }
    }
}

//! SHA-256 digests of files and bytes: taken of each source file as it is
//! loaded, of each output file as it is written, and checked by `verify`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Path (relative, `/`-separated) -> hash, in path order.
pub type Files = BTreeMap<String, Entry>;

/// One hashed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// Hash a file, reading it in blocks.
pub fn hash_file(path: &Path) -> io::Result<Entry> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok(Entry {
        bytes,
        sha256: hex(&hasher.finalize()),
    })
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A writer that hashes what it passes on to `inner`, for files written
/// in parts (the audit pack): [`Hashing::finish`] gives the [`Entry`]
/// [`hash_bytes`] gives of the same bytes.
pub struct Hashing<W: io::Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: io::Write> Hashing<W> {
    /// Hash what is written to `inner`.
    pub fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Flush `inner`; the size and hash of everything written.
    pub fn finish(mut self) -> io::Result<Entry> {
        self.inner.flush()?;
        Ok(Entry {
            bytes: self.bytes,
            sha256: hex(&self.hasher.finalize()),
        })
    }
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Hash bytes held in memory (a file as read, or as written).
pub fn hash_bytes(bytes: &[u8]) -> Entry {
    Entry {
        bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(bytes)),
    }
}

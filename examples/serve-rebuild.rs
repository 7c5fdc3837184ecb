//! The part of `serve`'s save-to-visible time that grows with the ISMS:
//! one rebuild (load with the parse cache, resolve, analyse, the new
//! model) and the edited document's page rendered from it, in process,
//! without the file watcher, its debounce, the event stream or the network
//! (`benches/bench-serve.sh` measures those end to end).
//!
//! ```sh
//! cargo build --release --example serve-rebuild
//! target/release/examples/serve-rebuild SRC [EDITS]     # SRC is edited: use a copy
//! ```
//!
//! Edits the title of one document EDITS times (default 20), each time
//! rebuilding (told that only that file changed, as `serve`'s watcher
//! tells it) and rendering its page, checks that the page shows the new
//! title, and prints each edit's time and the median and p90. With
//! `EDITS=0` it only builds once, so that `valgrind --tool=callgrind` on
//! EDITS=0 and EDITS=N gives the instructions of N edits by difference.

use isms_site::model::Date;
use isms_site::serve::state::{Builder, Snapshot};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The first document under `src` with an `id:` and a `title:` line.
fn pick_document(src: &Path) -> Option<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = walk(src);
    files.sort();
    files.into_iter().find_map(|path| {
        let text = std::fs::read_to_string(&path).ok()?;
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("id: "))?
            .trim()
            .to_string();
        text.lines()
            .any(|l| l.starts_with("title: "))
            .then_some((path, id))
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(src) = args.first().map(PathBuf::from) else {
        eprintln!("usage: serve-rebuild SRC [EDITS]   (SRC is edited: use a copy)");
        return ExitCode::from(2);
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let Some((doc, id)) = pick_document(&src) else {
        eprintln!("no document with id: and title: under {}", src.display());
        return ExitCode::from(2);
    };
    let Some(as_of) = Date::from_ymd(2026, 11, 15) else {
        return ExitCode::from(2);
    };
    let page = format!("documents/{id}.html");
    let Ok(rel) = doc.strip_prefix(&src) else {
        return ExitCode::from(2);
    };
    let changed = [rel.to_string_lossy().replace('\\', "/")];
    let mut builder = Builder::new(&src, as_of);
    let (mut snapshot, _) = builder.build(&Snapshot::default());
    let mut times = Vec::new();
    for n in 0..edits {
        let Ok(text) = std::fs::read_to_string(&doc) else {
            return ExitCode::from(2);
        };
        let title = format!("Edited title {n}");
        let edited: String = text
            .lines()
            .map(|l| {
                if l.starts_with("title: ") {
                    format!("title: {title}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        // The parse cache re-reads files changed in the last two seconds,
        // as a save is: the edit is seen whatever the clock's resolution.
        let started = Instant::now();
        if std::fs::write(&doc, edited).is_err() {
            return ExitCode::from(2);
        }
        // As `serve` is told by its file watcher: only this file changed.
        let (next, report) = builder.build_changed(&snapshot, Some(&changed));
        let html = next
            .model
            .as_ref()
            .and_then(|m| m.file(&page))
            .and_then(Result::ok);
        let ms = started.elapsed().as_secs_f64() * 1e3;
        let shown = html.is_some_and(|h| String::from_utf8_lossy(&h).contains(&title));
        if !report.ok || !shown {
            eprintln!("edit {n}: the page does not show the new title");
            return ExitCode::from(1);
        }
        println!("edit {n:>3}: rebuild and page {ms:>7.1} ms");
        times.push(ms);
        snapshot = next;
    }
    if !times.is_empty() {
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "over {} edits: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
            times.len(),
            at(0.5),
            at(0.9),
            times[0],
            times[times.len() - 1]
        );
    }
    ExitCode::SUCCESS
}

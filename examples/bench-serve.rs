//! Save-to-visible latency of `isms-site serve`.
//!
//! ```text
//! cargo run --release --example bench-serve -- SRC PORT [EDITS]
//! ```
//!
//! Expects `isms-site serve SRC --port PORT` to be running (see
//! `benches/bench-serve.sh`). Picks a document of SRC with an `id:` and a
//! `title:` in its front matter, then EDITS times (default 30): changes its
//! title (alternately in place and by save-by-rename, as vim and JetBrains
//! save), waits for the reload event on the event stream, and GETs the page
//! until it shows the new title. Prints each edit and the median, p90, min
//! and max of the save-to-visible time (write -> reload event -> page GET
//! with the new content).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn get(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut body = String::new();
    stream.read_to_string(&mut body)?;
    Ok(body)
}

fn listen(addr: SocketAddr) -> std::io::Result<mpsc::Receiver<Instant>> {
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "GET /__isms/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if line.starts_with("event: reload") && tx.send(Instant::now()).is_err() {
                return;
            }
        }
    });
    Ok(rx)
}

/// A document with `id:` and `title:` lines in its front matter.
fn pick_document(src: &Path) -> Option<(PathBuf, String, String)> {
    let mut candidates: Vec<PathBuf> = walk(&src.join("policies"));
    candidates.sort();
    for path in candidates {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let front = text.split("\n---").next().unwrap_or("");
        let field = |key: &str| {
            front
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().trim_matches('"').to_string())
        };
        if let (Some(id), Some(title)) = (field("id:"), field("title:")) {
            return Some((path, id, title));
        }
    }
    None
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(src), Some(port)) = (
        args.first(),
        args.get(1).and_then(|p| p.parse::<u16>().ok()),
    ) else {
        eprintln!("usage: bench-serve SRC PORT [EDITS]");
        return ExitCode::from(2);
    };
    let edits: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(30);
    let src = PathBuf::from(src);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Some((doc, id, title)) = pick_document(&src) else {
        eprintln!(
            "no document with id: and title: under {}",
            src.join("policies").display()
        );
        return ExitCode::from(2);
    };
    let page = format!("/documents/{id}.html");
    let end = Instant::now() + Duration::from_secs(600);
    while get(addr, &page)
        .map(|b| !b.contains(" 200 OK"))
        .unwrap_or(true)
    {
        if Instant::now() > end {
            eprintln!("the server at {addr} does not serve {page}");
            return ExitCode::from(2);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let events = match listen(addr) {
        Ok(rx) => rx,
        Err(e) => {
            eprintln!("cannot open the event stream: {e}");
            return ExitCode::from(2);
        }
    };
    std::thread::sleep(Duration::from_millis(300));
    println!(
        "document {} ({id}), page {page}, {edits} edits",
        doc.display()
    );
    let original = match std::fs::read_to_string(&doc) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", doc.display());
            return ExitCode::from(2);
        }
    };
    let mut totals = Vec::new();
    let mut to_event = Vec::new();
    for k in 0..edits {
        let new_title = format!("Bench edit {k} {}", std::process::id());
        let text = original.replacen(
            &format!("title: {title}"),
            &format!("title: {new_title}"),
            1,
        );
        let by_rename = k % 2 == 1;
        while events.try_recv().is_ok() {}
        let started = Instant::now();
        let written = if by_rename {
            let temp = doc.with_extension("md.bench~");
            std::fs::write(&temp, &text).and_then(|()| std::fs::rename(&temp, &doc))
        } else {
            std::fs::write(&doc, &text)
        };
        if let Err(e) = written {
            eprintln!("cannot write {}: {e}", doc.display());
            return ExitCode::from(2);
        }
        let Ok(event_at) = events.recv_timeout(Duration::from_secs(60)) else {
            eprintln!("edit {k}: no reload event within 60 s");
            return ExitCode::from(1);
        };
        let mut gets = 0;
        loop {
            gets += 1;
            match get(addr, &page) {
                Ok(body) if body.contains(&new_title) => break,
                _ if started.elapsed() > Duration::from_secs(60) => {
                    eprintln!("edit {k}: page never showed the new title");
                    return ExitCode::from(1);
                }
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let total = started.elapsed().as_secs_f64() * 1000.0;
        let event = (event_at - started).as_secs_f64() * 1000.0;
        println!(
            "edit {k:>3} ({}): reload event {event:7.1} ms, visible {total:7.1} ms{}",
            if by_rename { "rename  " } else { "in place" },
            if gets > 1 {
                format!(" ({gets} GETs)")
            } else {
                String::new()
            }
        );
        totals.push(total);
        to_event.push(event);
        // A writer does not save several times a second: let the previous
        // rebuild and its freeing finish, as they would between saves.
        std::thread::sleep(Duration::from_millis(1000));
    }
    let _ = std::fs::write(&doc, &original);
    for v in [&mut totals, &mut to_event] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    println!(
        "save-to-reload-event: median {:.1} ms, p90 {:.1} ms",
        percentile(&to_event, 0.5),
        percentile(&to_event, 0.9)
    );
    println!(
        "save-to-visible over {} edits: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        totals.len(),
        percentile(&totals, 0.5),
        percentile(&totals, 0.9),
        totals[0],
        totals[totals.len() - 1]
    );
    ExitCode::SUCCESS
}

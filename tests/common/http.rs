//! A minimal HTTP/1.1 client for the serve tests: raw requests (so paths
//! such as `/../x` reach the server unchanged) and a reload-event listener.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A response.
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Header block, lower-cased.
    pub headers: String,
    /// Body (de-chunked).
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send `GET raw_path` exactly as given.
pub fn get(addr: SocketAddr, raw_path: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "GET {raw_path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers: head,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
}

/// Reload events received on `/__isms/events`.
pub struct Events {
    rx: mpsc::Receiver<u64>,
}

impl Events {
    /// Listen for reload events (as a page of generation `since` would).
    pub fn listen(addr: SocketAddr, since: u64) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__isms/events?since={since} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let reader = BufReader::new(stream);
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if let Some(gen) = line
                    .strip_prefix("data: ")
                    .or_else(|| line.strip_prefix("data:"))
                {
                    if tx.send(gen.trim().parse().unwrap_or(0)).is_err() {
                        return;
                    }
                }
            }
        });
        Events { rx }
    }

    /// The next reload event within `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<u64> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// Drop events already received.
    pub fn drain(&self) {
        while self.rx.try_recv().is_ok() {}
    }
}

/// Poll `check` until it holds or `timeout` passes.
pub fn eventually(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    loop {
        if check() {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A served page without what `serve` injects (the overlay and the reload
/// script), to compare with the built page.
pub fn strip_injected(html: &str) -> String {
    let mut out = html.to_string();
    if let Some(start) = out.find("<div id=\"isms-serve-problems\"") {
        if let Some(end) = out[start..].find("</div>") {
            out.replace_range(start..start + end + 6, "");
        }
    }
    if let Some(start) = out.find("<script src=\"/__isms/reload.js\"") {
        if let Some(end) = out[start..].find("</script>") {
            out.replace_range(start..start + end + 9, "");
        }
    }
    out
}

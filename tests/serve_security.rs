//! `serve` under attack (issue 22 items 1, 2, 8 and 10): each test
//! reproduces an attack against a running server and checks that it now
//! fails safe. Every connection goes to 127.0.0.1; every loop is bounded.

mod common;

use common::http::get;
use isms_site::model::Date;
use isms_site::serve::{Options, Server};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-11-15";
const WAIT: Duration = Duration::from_secs(20);
const EVIDENCE: &str = "evidence/actions/ca-2024-003-restore-test.txt";
const ACTION: &str = "actions/2024/CA-2024-003.yaml";

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    common::copy_tree(&common::repo().join("sample-isms"), &src);
    (tmp, src)
}

fn start_with(src: &Path, allow_hosts: &[&str]) -> Server {
    Server::start(Options {
        src: src.to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        poll: false,
        as_of: Date::parse(AS_OF).expect("date"),
        ctrl_c: false,
        print: false,
        allow_hosts: allow_hosts.iter().map(|s| s.to_string()).collect(),
    })
    .expect("server starts")
}

fn settle(server: &Server) {
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.wait_idle(Duration::from_millis(400), WAIT));
}

/// Send `request` as is; the status and the whole reply (lossy text).
fn raw(addr: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let text = String::from_utf8_lossy(&reply).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn get_host(addr: SocketAddr, path: &str, host: &str) -> (u16, String) {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

// Item 1 --------------------------------------------------------------------

/// A cited evidence file (or its folder) swapped for a symbolic link while
/// serve runs: the rebuild fails with path-escapes, the last good site stays
/// served, and the link is not followed when the file is asked for.
#[cfg(unix)]
#[test]
fn evidence_swapped_for_a_symlink_is_never_served() {
    let (tmp, src) = sample_copy();
    let outside = tmp.path().join("outside");
    fs::create_dir_all(&outside).expect("mkdir");
    let secret = "TOP-SECRET-OUTSIDE-THE-SOURCE\n";
    fs::write(outside.join("ca-2024-003-restore-test.txt"), secret).expect("write");
    let server = start_with(&src, &[]);
    let addr = server.addr();
    let url = format!("/files/{EVIDENCE}");
    let good = get(addr, &url);
    assert_eq!(good.status, 200);
    assert_eq!(good.body, fs::read(src.join(EVIDENCE)).expect("read"));

    let refused = |what: &str| {
        let reply = get(addr, &url);
        assert_ne!(reply.status, 200, "{what}: served");
        assert!(!reply.text().contains("TOP-SECRET"), "{what}: leaked");
        assert!(!reply.text().contains("root:x:0"), "{what}: leaked");
    };

    // The file itself becomes a link to /etc/passwd, then to a file outside.
    fs::remove_file(src.join(EVIDENCE)).expect("remove");
    std::os::unix::fs::symlink("/etc/passwd", src.join(EVIDENCE)).expect("symlink");
    refused("link to /etc/passwd, before the rebuild");
    settle(&server);
    assert!(
        !server.snapshot().problems.is_empty(),
        "the rebuild fails (path-escapes)"
    );
    assert!(
        server.snapshot().model.is_some(),
        "the last good site stays"
    );
    refused("link to /etc/passwd, after the rebuild");
    fs::remove_file(src.join(EVIDENCE)).expect("remove");
    std::os::unix::fs::symlink(
        outside.join("ca-2024-003-restore-test.txt"),
        src.join(EVIDENCE),
    )
    .expect("symlink");
    settle(&server);
    refused("link to a file outside");

    // The folder becomes a link to a folder outside holding the same name.
    fs::remove_file(src.join(EVIDENCE)).expect("remove");
    let folder = src.join("evidence/actions");
    fs::rename(&folder, tmp.path().join("moved-actions")).expect("rename");
    std::os::unix::fs::symlink(&outside, &folder).expect("symlink");
    settle(&server);
    refused("folder linked outside");
}

// Item 2 --------------------------------------------------------------------

/// DNS rebinding: a page on evil.example whose name now resolves to
/// 127.0.0.1 asks for the site. Only the bound names are answered.
#[test]
fn requests_for_other_hosts_are_refused() {
    let (_tmp, src) = sample_copy();
    let server = start_with(&src, &["isms.test"]);
    let addr = server.addr();
    let port = addr.port();
    for path in [
        "/",
        "/documents/POL-LEGAL.html",
        "/__isms/reload.js",
        "/manifest.json",
    ] {
        for host in ["evil.example", &format!("evil.example:{port}")] {
            let (status, text) = get_host(addr, path, host);
            assert_eq!(status, 421, "{host}{path}");
            assert!(!text.contains("Legal"), "{host}{path}");
            assert!(text.contains("--allow-host"), "{host}{path}: says how");
        }
    }
    // The events stream too (it would tell the attacker when pages change).
    let (status, _) = get_host(addr, "/__isms/events", "evil.example");
    assert_eq!(status, 421);
    // An absolute request target naming another host, with a good Host.
    let (status, _) = raw(
        addr,
        &format!("GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 421);
    // No Host at all, and two of them.
    let (status, _) = raw(addr, "GET / HTTP/1.0\r\n\r\n");
    assert_ne!(status, 200);
    let (status, _) = raw(
        addr,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
    );
    assert_ne!(status, 200);
    // The bound names, with or without the port, and an allowed name.
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("[::1]:{port}"),
        "isms.test".to_string(),
        format!("isms.test:{port}"),
    ] {
        let (status, _) = get_host(addr, "/documents/POL-LEGAL.html", &host);
        assert_eq!(status, 200, "{host}");
    }
}

// Item 8 --------------------------------------------------------------------

/// Does the server close `stream` within `limit` (EOF or reset)?
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("timeout");
    let end = Instant::now() + limit;
    let mut buf = [0u8; 1024];
    while Instant::now() < end {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return true,
        }
    }
    false
}

/// An idle connection, and one sending its request head a byte at a time,
/// are closed (header timeout 10 s), and 200 idle connections do not stop a
/// normal request being answered.
#[test]
fn slow_and_idle_connections_do_not_stop_serve() {
    let (_tmp, src) = sample_copy();
    let server = start_with(&src, &[]);
    let addr = server.addr();

    let idle: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .collect();
    assert_eq!(idle.len(), 200, "200 idle connections open");
    let asked = Instant::now();
    let reply = get(addr, "/documents/POL-LEGAL.html");
    assert_eq!(reply.status, 200);
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "answered in {:?} with 200 idle connections open",
        asked.elapsed()
    );

    // Idle: never sends a byte.
    let mut silent = TcpStream::connect(addr).expect("connect");
    // Slow: a byte of the request head every 500 ms, never finishing it.
    let slow = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        let started = Instant::now();
        let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for byte in head {
            if stream.write_all(&[*byte]).is_err() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(500));
            if started.elapsed() > Duration::from_secs(30) {
                break;
            }
        }
        None
    });
    assert!(
        closed_within(&mut silent, Duration::from_secs(20)),
        "an idle connection is closed"
    );
    let slow_closed = slow.join().expect("slow client");
    assert!(
        slow_closed.is_some_and(|t| t < Duration::from_secs(25)),
        "a request head sent a byte at a time is cut off: {slow_closed:?}"
    );
    // The 200 idle ones were closed too, and serve still answers.
    let mut first = idle.into_iter().next().expect("one");
    assert!(closed_within(&mut first, Duration::from_secs(5)));
    assert_eq!(get(addr, "/").status, 200);
}

/// A live-reload stream outlives the idle timeout: keep-alive comments keep
/// it open.
#[test]
fn the_reload_stream_stays_open() {
    let (_tmp, src) = sample_copy();
    let server = start_with(&src, &[]);
    let addr = server.addr();
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET /__isms/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .expect("timeout");
    // Past the header timeout (10 s) with no request sent: still open.
    let end = Instant::now() + Duration::from_secs(13);
    let mut buf = [0u8; 4096];
    let mut got = 0;
    while Instant::now() < end {
        match stream.read(&mut buf) {
            Ok(0) => panic!("the event stream was closed after {got} bytes"),
            Ok(n) => got += n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => panic!("the event stream failed: {e}"),
        }
    }
    assert!(got > 0);
    drop(server);
}

// Item 10 -------------------------------------------------------------------

/// Evidence HTML and SVG carrying script are sent as sandboxed downloads,
/// byte for byte (no reload script injected), equal to what manifest.json
/// hashes.
#[test]
fn evidence_html_and_svg_are_inert_downloads() {
    let (_tmp, src) = sample_copy();
    let html = "<!doctype html><html><body><script>alert(document.domain)</script>evidence</body></html>\n";
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n";
    fs::write(src.join("evidence/actions/restore-report.html"), html).expect("write");
    fs::write(src.join("evidence/actions/restore-chart.svg"), svg).expect("write");
    let action = fs::read_to_string(src.join(ACTION)).expect("read");
    let cited = action.replacen(
        &format!("evidence: [{EVIDENCE}]"),
        &format!("evidence: [{EVIDENCE}, evidence/actions/restore-report.html, evidence/actions/restore-chart.svg]"),
        1,
    );
    assert_ne!(cited, action);
    fs::write(src.join(ACTION), cited).expect("write");
    let server = start_with(&src, &[]);
    let addr = server.addr();
    assert!(
        server.snapshot().problems.is_empty(),
        "the source builds: {:?}",
        server
            .snapshot()
            .problems
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
    );
    let manifest = get(addr, "/manifest.json").text();
    for (name, body) in [
        ("restore-report.html", html),
        ("restore-chart.svg", svg),
        ("ca-2024-003-restore-test.txt", ""),
    ] {
        let path = format!("files/evidence/actions/{name}");
        let reply = get(addr, &format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.headers.contains("content-disposition: attachment"),
            "{path}: {}",
            reply.headers
        );
        assert!(
            reply.headers.contains("content-security-policy: sandbox"),
            "{path}: {}",
            reply.headers
        );
        assert!(!reply.text().contains("/__isms/reload.js"), "{path}");
        let on_disk = fs::read(src.join("evidence/actions").join(name)).expect("read");
        assert_eq!(reply.body, on_disk, "{path}: served bytes differ");
        if !body.is_empty() {
            assert_eq!(reply.body, body.as_bytes());
        }
        let hash: String = Sha256::digest(&reply.body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let at = manifest
            .find(&format!("\"{path}\""))
            .expect("in the manifest");
        let entry = &manifest[at..manifest.len().min(at + 400)];
        assert!(entry.contains(&hash), "{path}: hash {hash} not in {entry}");
    }
    // Pages still get the reload script.
    assert!(get(addr, "/documents/POL-LEGAL.html")
        .text()
        .contains("/__isms/reload.js"));
}

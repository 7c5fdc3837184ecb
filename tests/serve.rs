//! `isms-site serve` and `build --watch`: edits show up, served pages equal
//! a clean build, mistakes show in the browser, paths cannot escape the site.

mod common;

use common::http::{eventually, get, strip_injected, Events};
use isms_site::model::Date;
use isms_site::serve::{Options, Server};
use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const AS_OF: &str = "2026-11-15";
const WAIT: Duration = Duration::from_secs(20);

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    common::copy_tree(&common::repo().join("sample-isms"), &src);
    (tmp, src)
}

fn start(src: &Path) -> Server {
    Server::start(Options {
        src: src.to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        poll: false,
        as_of: Date::parse(AS_OF).unwrap(),
        ctrl_c: false,
        print: false,
        allow_hosts: Vec::new(),
    })
    .expect("server starts")
}

/// Let the watcher see the last edits and the build loop finish.
fn settle(server: &Server) {
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.wait_idle(Duration::from_millis(400), WAIT));
}

/// Every file of a clean build equals the served file (pages without the
/// injected reload script), and the served site has no extra pages.
fn assert_served_equals_build(server: &Server, src: &Path, out: &Path) {
    let built = common::build(src, out, AS_OF, &[]);
    assert!(built.status.success(), "{}", common::stderr(&built));
    let files: Vec<String> = common::files(out)
        .into_iter()
        .filter(|f| f != ".isms-site")
        .collect();
    let snapshot = server.snapshot();
    let model = snapshot.model.as_ref().expect("a site is served");
    assert_eq!(model.paths(), files, "served paths differ from built files");
    for file in &files {
        let reply = get(server.addr(), &format!("/{file}"));
        assert_eq!(reply.status, 200, "{file}");
        let want = fs::read(out.join(file)).unwrap();
        if file.ends_with(".html") && !file.starts_with("files/") {
            assert!(reply.text().contains("/__isms/reload.js"), "{file}");
            assert_eq!(
                strip_injected(&reply.text()),
                String::from_utf8(want).unwrap(),
                "{file} differs"
            );
        } else if file.ends_with(".json") {
            assert_eq!(
                String::from_utf8_lossy(&reply.body),
                String::from_utf8_lossy(&want),
                "{file} differs"
            );
        } else {
            assert_eq!(reply.body, want, "{file} differs");
        }
    }
}

fn set_title(path: &Path, from: &str, to: &str) -> String {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    text.replacen(from, to, 1)
}

#[test]
fn a_writer_session_on_the_sample() {
    let (tmp, src) = sample_copy();
    let server = start(&src);
    let addr = server.addr();
    let page = "/documents/POL-LEGAL.html";
    let first = get(addr, page);
    assert_eq!(first.status, 200);
    assert!(first
        .text()
        .contains("Legal, Regulatory and Privacy Compliance Policy"));
    let doc = src.join("policies/governance/legal-and-privacy.md");
    let events = Events::listen(addr, server.snapshot().generation);

    // Edit in place.
    let text = set_title(
        &doc,
        "Legal, Regulatory and Privacy Compliance Policy",
        "Legal Policy One",
    );
    fs::write(&doc, text).unwrap();
    assert!(
        events.next(WAIT).is_some(),
        "no reload after an in-place save"
    );
    assert!(get(addr, page).text().contains("Legal Policy One"));

    // Save by rename, as vim and JetBrains do: backup, new file, rename.
    let text = set_title(&doc, "Legal Policy One", "Legal Policy Two");
    let tmp_file = doc.with_file_name("legal-and-privacy.md.tmp~");
    fs::write(&tmp_file, text).unwrap();
    fs::rename(&tmp_file, &doc).unwrap();
    assert!(
        events.next(WAIT).is_some(),
        "no reload after a save by rename"
    );
    assert!(eventually(WAIT, || get(addr, page)
        .text()
        .contains("Legal Policy Two")));

    // Break the YAML: the last good page stays, with the problem listed.
    let good = fs::read_to_string(&doc).unwrap();
    fs::write(&doc, good.replacen("type: policy", "type: [policy", 1)).unwrap();
    assert!(eventually(WAIT, || get(addr, page)
        .text()
        .contains("isms-serve-problems")));
    let broken = get(addr, page).text();
    assert!(
        broken.contains("Legal Policy Two"),
        "the last good page stays"
    );
    assert!(
        broken.contains("policies/governance/legal-and-privacy.md:4"),
        "the overlay names file and line"
    );
    assert!(broken.contains("yaml-syntax"));
    // Fix it: the overlay goes.
    fs::write(&doc, &good).unwrap();
    assert!(eventually(WAIT, || !get(addr, page)
        .text()
        .contains("isms-serve-problems")));

    // Add a policy, then delete another.
    fs::write(
        src.join("policies/operations/clean-desk.md"),
        "---\nid: POL-CLEAN\ntitle: Clean Desk Policy\ntype: policy\nowner: IT Security Manager\nstatus: draft\n---\n# Clean desk\n\nKeep desks clear.\n",
    )
    .unwrap();
    assert!(eventually(WAIT, || get(addr, "/documents/POL-CLEAN.html")
        .status
        == 200));
    assert!(get(addr, "/documents/index.html")
        .text()
        .contains("Clean Desk Policy"));
    fs::remove_file(src.join("policies/operations/clean-desk.md")).unwrap();
    assert!(eventually(WAIT, || get(addr, "/documents/POL-CLEAN.html")
        .status
        == 404));

    settle(&server);
    assert_served_equals_build(&server, &src, &tmp.path().join("out"));
    server.stop();
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let (tmp, src) = sample_copy();
    fs::write(tmp.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let server = start(&src);
    let addr = server.addr();
    for path in [
        "/../../etc/passwd",
        "/../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/documents/..%2f..%2f..%2fsecret.txt",
        "/files/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/%252e%252e%252fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/documents/%5c..%5c..%5csecret.txt",
        "//etc/passwd",
        "/static/../../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/isms.yaml",
        "/policies/governance/legal-and-privacy.md",
    ] {
        let reply = get(addr, path);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
        let text = reply.text();
        assert!(!text.contains("root:"), "{path}");
        assert!(!text.contains("TOP-SECRET"), "{path}");
        assert!(!text.contains("organization:"), "{path}");
    }
    // What is in the site is served, with no-store; folders serve index.html.
    let index = get(addr, "/");
    assert_eq!(index.status, 200);
    assert!(index.headers.contains("cache-control: no-store"));
    assert!(index.headers.contains("content-type: text/html"));
    assert_eq!(get(addr, "/documents/").status, 200);
    let redirect = get(addr, "/documents");
    assert_eq!(redirect.status, 308);
    assert!(redirect.headers.contains("location: /documents/"));
    assert_eq!(get(addr, "/no-such-page.html").status, 404);
    let csv = get(addr, "/coverage.csv");
    assert_eq!(csv.status, 200);
    assert!(csv.headers.contains("text/csv"));
    server.stop();
}

#[test]
fn a_taken_port_is_reported_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let src = common::repo().join("sample-isms");
    let out = common::isms(&["serve", src.to_str().unwrap(), "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_failing_first_build_still_serves_the_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fs::create_dir_all(src.join("actions")).unwrap();
    fs::write(src.join("isms.yaml"), "title: Test ISMS\n").unwrap();
    let action = src.join("actions/ca-1.yaml");
    fs::write(&action, "id: CA-1\ntitle: Fix it\nkind: corrective\nowner: Ops\nopened: 2026-01-01\ndue: 2026-02-30\nstatus: open\n").unwrap();
    let server = start(&src);
    let addr = server.addr();
    let first = get(addr, "/");
    assert_eq!(first.status, 503);
    let text = first.text();
    assert!(text.contains("actions/ca-1.yaml:6"), "{text}");
    assert!(text.contains("/__isms/reload.js"));
    let events = Events::listen(addr, server.snapshot().generation);
    fs::write(&action, "id: CA-1\ntitle: Fix it\nkind: corrective\nowner: Ops\nopened: 2026-01-01\ndue: 2026-02-28\nstatus: open\n").unwrap();
    assert!(events.next(WAIT).is_some());
    let fixed = get(addr, "/actions/CA-1.html");
    assert_eq!(fixed.status, 200);
    assert!(fixed.text().contains("Fix it"));
    assert!(!fixed.text().contains("isms-serve-problems"));
    server.stop();
}

/// Replace `path` by a file holding `text` in one rename (one change
/// event), as editors that save by rename do; the temporary is hidden.
fn replace_by_rename(path: &Path, text: &str) {
    let name = path.file_name().unwrap().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.saving"));
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, path).unwrap();
}

#[test]
fn editor_files_and_hidden_folders_do_not_rebuild() {
    let (_tmp, src) = sample_copy();
    // A built site inside SRC (it carries the output marker) and a .git
    // folder, there before the watch starts so that writes in them are seen.
    fs::create_dir_all(src.join("public")).unwrap();
    fs::write(src.join("public/.isms-site"), "generated").unwrap();
    fs::create_dir_all(src.join(".git/objects")).unwrap();
    let server = start(&src);
    let addr = server.addr();
    settle(&server);
    let before = server.snapshot().generation;
    let dir = src.join("policies/governance");
    let ignored = [
        dir.join(".legal-and-privacy.md.swp"),
        dir.join("legal-and-privacy.md~"),
        dir.join(".#legal-and-privacy.md"),
        dir.join("4913"),
        src.join(".git/objects/ab"),
        src.join("public/index.html"),
    ];
    // The watch filter drops each of them...
    let filter = isms_site::serve::watch::Filter::new(&src.canonicalize().unwrap(), None);
    for path in &ignored {
        let path = src
            .canonicalize()
            .unwrap()
            .join(path.strip_prefix(&src).unwrap());
        assert_eq!(filter.relevant(&path), None, "{}", path.display());
    }
    // ...and writing them, then one real change, gives one build: the
    // change's. Keyed on the change being served, not on a waiting time: the
    // ignored writes come first, so a build they caused would come before it.
    for path in &ignored {
        fs::write(path, "x").unwrap();
    }
    fs::remove_file(dir.join("4913")).unwrap();
    let doc = dir.join("legal-and-privacy.md");
    let sentinel = set_title(
        &doc,
        "Legal, Regulatory and Privacy Compliance Policy",
        "Sentinel Title",
    );
    assert_eq!(
        filter.relevant(
            &src.canonicalize()
                .unwrap()
                .join("policies/governance/legal-and-privacy.md")
        ),
        Some("policies/governance/legal-and-privacy.md".to_string())
    );
    replace_by_rename(&doc, &sentinel);
    assert!(eventually(WAIT, || get(addr, "/documents/POL-LEGAL.html")
        .text()
        .contains("Sentinel Title")));
    assert_eq!(
        server.snapshot().generation,
        before + 1,
        "an ignored file triggered a build"
    );
    server.stop();
}

#[test]
fn build_watch_rebuilds_out_inside_src_without_a_loop() {
    let (_tmp, src) = sample_copy();
    let mut child = Command::new(env!("CARGO_BIN_EXE_isms-site"))
        .args(["build", "--watch", src.to_str().unwrap(), "--as-of", AS_OF])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = src.join("public");
    let page = out.join("documents/POL-LEGAL.html");
    assert!(eventually(WAIT, || page.is_file()));
    let doc = src.join("policies/governance/legal-and-privacy.md");
    // Two edits, each waited for on the page. A build that wrote OUT and
    // triggered another would show as a batch naming `public/...`, on its
    // own or with the second edit: the first rebuild's writes to OUT come
    // before the second edit.
    let mut from = "Legal, Regulatory and Privacy Compliance Policy".to_string();
    for title in ["Watched Title", "Watched Again"] {
        replace_by_rename(&doc, &set_title(&doc, &from, title));
        assert!(eventually(WAIT, || fs::read_to_string(&page)
            .is_ok_and(|t| t.contains(&format!("<h1>{title}</h1>")))));
        from = title.to_string();
    }
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    let batches: Vec<&str> = err.lines().filter(|l| l.ends_with(" changed")).collect();
    assert_eq!(
        batches, ["[watch] policies/governance/legal-and-privacy.md changed"; 2],
        "only the two edits rebuilt:\n{err}"
    );
    // The first build and the first rebuild have reported (the second
    // rebuild's report may come after the kill: its page is checked above).
    assert!(err.matches("Built ").count() >= 2, "{err}");
    assert!(!fs::read_to_string(&page).unwrap().contains("__isms"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let src = common::repo().join("sample-isms");
    let child = Command::new(env!("CARGO_BIN_EXE_isms-site"))
        .args(["serve", src.to_str().unwrap(), "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    assert!(eventually(WAIT, || std::net::TcpStream::connect(addr).is_ok()));
    // An open event stream must not hold the shutdown up.
    let _events = Events::listen(addr, 0);
    assert_eq!(get(addr, "/").status, 200);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("stopped"));
}

//! Hardening: CSP on every page, tamper evidence (manifest.json, hashes on
//! record pages, `verify`), reproducible output, atomic output under failure
//! and SIGKILL, confinement of symbolic links, and limits on hostile input.

mod common;

use common::{files, isms, repo, stderr};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file of a tree with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn build(src: &Path, out: &Path) -> std::process::Output {
    common::build(src, out, "2026-11-15", &[])
}

fn sample_site(tmp: &Path) -> PathBuf {
    let out = tmp.join("site");
    let built = build(&repo().join("sample-isms"), &out);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    out
}

// ---- Content-Security-Policy ------------------------------------------------

fn csp_of(html: &str) -> Option<String> {
    let at = html.find("http-equiv=\"Content-Security-Policy\"")?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].replace("&#x27;", "'"))
}

#[test]
fn every_page_carries_a_strict_csp_and_needs_nothing_inline() {
    let tmp = tempfile::tempdir().unwrap();
    let out = sample_site(tmp.path());
    let mut pages = 0;
    for f in files(&out).iter().filter(|f| f.ends_with(".html")) {
        pages += 1;
        let html = fs::read_to_string(out.join(f)).unwrap();
        let csp = csp_of(&html).unwrap_or_else(|| panic!("{f} has no CSP meta"));
        for directive in [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "form-action 'self'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{f}: CSP lacks {directive}: {csp}");
        }
        assert!(!csp.contains("unsafe"), "{f}: {csp}");
        // The CSP must come before anything it governs.
        let meta = html.find("Content-Security-Policy").unwrap();
        for tag in ["<script", "<link", "<style", "<img"] {
            if let Some(i) = html.find(tag) {
                assert!(meta < i, "{f}: CSP meta after {tag}");
            }
        }
        // Nothing the CSP would block: no inline scripts, styles or handlers.
        assert!(!html.contains("<style"), "{f}: inline <style>");
        assert!(!html.contains(" style=\""), "{f}: inline style attribute");
        let mut rest = html.as_str();
        while let Some(i) = rest.find("<script") {
            let tag_end = rest[i..].find('>').unwrap() + i;
            assert!(
                rest[i..tag_end].contains(" src=\""),
                "{f}: inline <script> {}",
                &rest[i..tag_end]
            );
            rest = &rest[tag_end..];
        }
    }
    assert!(pages > 200);
}

// ---- Tamper evidence --------------------------------------------------------

fn verify(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    let out = isms(&all);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out),
    )
}

#[test]
fn manifest_lists_every_file_and_record_pages_show_hashes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = sample_site(tmp.path());
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed = |part: &str| -> Vec<String> {
        manifest[part]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let output = listed("output");
    let mut on_disk: Vec<String> = files(&out).into_iter().collect();
    on_disk.retain(|f| f != "manifest.json" && f != ".isms-site");
    assert_eq!(
        output, on_disk,
        "every output file but the manifest itself and the marker"
    );
    let src = repo().join("sample-isms");
    let source = listed("source");
    assert!(source.contains(&"isms.yaml".to_string()));
    assert!(source.contains(&"actions/2024/CA-2024-001.yaml".to_string()));
    let evidence = listed("evidence");
    assert!(!evidence.is_empty());
    for f in evidence.iter().chain(&source) {
        let want = isms_site::output::manifest::hash_file(&src.join(f)).unwrap();
        let part = if f.starts_with("evidence/") {
            "evidence"
        } else {
            "source"
        };
        assert_eq!(manifest[part][f]["sha256"], want.sha256.as_str(), "{f}");
    }
    // A record page shows the hash of its source file and of cited evidence.
    let action = fs::read_to_string(out.join("actions/CA-2024-001.html")).unwrap();
    let own = &manifest["source"]["actions/2024/CA-2024-001.yaml"]["sha256"];
    assert!(action.contains(own.as_str().unwrap()), "source hash shown");
    let audit_pages: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f.starts_with("findings/") || f.starts_with("actions/"))
        .collect();
    let shown_evidence = evidence.iter().any(|e| {
        let hash = manifest["evidence"][e]["sha256"]
            .as_str()
            .unwrap()
            .to_string();
        audit_pages
            .iter()
            .any(|p| fs::read_to_string(out.join(p)).unwrap().contains(&hash))
    });
    assert!(shown_evidence, "evidence hashes shown on the citing pages");
}

#[test]
fn verify_reports_every_added_removed_and_changed_file() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    common::copy_tree(&repo().join("sample-isms"), &src);
    let out = tmp.path().join("site");
    let built = build(&src, &out);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let (code, text) = verify(&[out.to_str().unwrap(), "--source", src.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{text}");

    fs::write(out.join("index.html"), "tampered").unwrap();
    fs::remove_file(out.join("soa.csv")).unwrap();
    fs::write(out.join("extra.html"), "new").unwrap();
    let (code, text) = verify(&[out.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("changed  output: index.html"), "{text}");
    assert!(text.contains("removed  output: soa.csv"), "{text}");
    assert!(text.contains("added    output: extra.html"), "{text}");
    assert!(!text.contains("source:"), "{text}");

    let policy = files(&src.join("policies")).into_iter().next().unwrap();
    fs::write(src.join("policies").join(&policy), "# changed\n").unwrap();
    let evidence = files(&src.join("evidence")).into_iter().next().unwrap();
    fs::remove_file(src.join("evidence").join(&evidence)).unwrap();
    let (code, text) = verify(&[out.to_str().unwrap(), "--source", src.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        text.contains(&format!("changed  source: policies/{policy}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("removed  evidence: evidence/{evidence}")),
        "{text}"
    );

    // No manifest: a usage problem, not a pass.
    fs::remove_file(out.join("manifest.json")).unwrap();
    let (code, _) = verify(&[out.to_str().unwrap()]);
    assert_eq!(code, Some(2));
}

// ---- Reproducible builds -----------------------------------------------------

#[test]
fn same_source_and_date_give_byte_identical_sites() {
    let tmp = tempfile::tempdir().unwrap();
    let src = repo().join("sample-isms");
    let a = tmp.path().join("a");
    let b = tmp.path().join("deeper/b");
    assert_eq!(build(&src, &a).status.code(), Some(0));
    assert_eq!(build(&src, &b).status.code(), Some(0));
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (f, bytes) in &sa {
        assert!(bytes == &sb[f], "{f} differs between two builds");
    }
    // SOURCE_DATE_EPOCH (2026-11-15T12:00:00Z) gives the same site as --as-of.
    let c = tmp.path().join("c");
    let env_built = Command::new(env!("CARGO_BIN_EXE_isms-site"))
        .args(["build", src.to_str().unwrap(), "-o", c.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1794744000")
        .output()
        .unwrap();
    assert_eq!(env_built.status.code(), Some(0), "{}", stderr(&env_built));
    assert!(snapshot(&c) == sa, "SOURCE_DATE_EPOCH build differs");
}

// ---- Atomic output ---------------------------------------------------------

/// Entries beside `out` left by isms-site (temporaries).
fn temporaries(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.isms-")))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    common::copy_tree(&repo().join("sample-isms"), &src);
    let out = tmp.path().join("site");
    assert_eq!(build(&src, &out).status.code(), Some(0));
    let before = snapshot(&out);
    fs::write(src.join("actions/broken.yaml"), "id: [unclosed\n").unwrap();
    let failed = build(&src, &out);
    assert_eq!(failed.status.code(), Some(1));
    assert!(snapshot(&out) == before);
    // A template error at render time: the staged site is thrown away.
    fs::remove_file(src.join("actions/broken.yaml")).unwrap();
    fs::create_dir_all(src.join("templates")).unwrap();
    fs::write(
        src.join("templates/action.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.no.such.field }}{% endblock content %}",
    )
    .unwrap();
    let failed = build(&src, &out);
    assert_ne!(failed.status.code(), Some(0));
    assert!(snapshot(&out) == before);
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

/// A source folder big enough that a build takes a while.
fn big_source(dir: &Path, documents: usize) {
    fs::create_dir_all(dir.join("policies")).unwrap();
    fs::write(dir.join("isms.yaml"), "title: Big\ngit_history: false\n").unwrap();
    let body = "Lorem ipsum dolor sit amet, [[A.5.15]] and [[9.2]]. ".repeat(40);
    for i in 0..documents {
        fs::write(
            dir.join(format!("policies/p{i:05}.md")),
            format!("---\nid: POL-{i:05}\ntitle: Policy {i}\ncontrols: [A.5.15]\n---\n# Policy {i}\n\n{body}\n\n## Part\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// How many files a build has staged in `dir` so far (0 before it exists).
#[cfg(unix)]
fn staged_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

/// Send a signal (`STOP`) to process `pid`.
#[cfg(unix)]
fn signal(pid: u32, signal: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill -{signal} {pid}");
}

/// Whether every thread of process `pid` is stopped (SIGSTOP takes effect
/// when each thread next runs, not when `kill` returns).
#[cfg(unix)]
fn all_threads_stopped(pid: u32) -> bool {
    let stopped = |stat: &str| {
        // `pid (comm) S ...`: the state follows the last `)`.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.trim_start().chars().next())
            .is_some_and(|state| state == 'T' || state == 't')
    };
    let tasks = Path::new("/proc").join(pid.to_string()).join("task");
    match fs::read_dir(&tasks) {
        Ok(entries) => entries.flatten().all(|task| {
            fs::read_to_string(task.path().join("stat")).is_ok_and(|stat| stopped(&stat))
        }),
        // No /proc (macOS, BSD): ask ps.
        Err(_) => Command::new("ps")
            .args(["-o", "stat=", "-p", &pid.to_string()])
            .output()
            .is_ok_and(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .trim_start()
                    .starts_with('T')
            }),
    }
}

/// Poll `check` every millisecond until it holds; false if it has not after
/// a minute (a generous bound on a hung child, not a measurement).
#[cfg(unix)]
fn poll(mut check: impl FnMut() -> bool) -> bool {
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < give_up {
        if check() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    false
}

#[test]
#[cfg(unix)]
fn a_build_killed_mid_way_leaves_the_previous_site_and_is_cleaned_up() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    big_source(&src, 1000);
    let out = tmp.path().join("site");
    let first = build(&src, &out);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let mut reference = snapshot(&out);
    let total = reference.len();
    assert!(total > 1000, "{total} files");
    // Kill points keyed on progress, not time: once the build has staged this
    // many files (1 is the marker alone), from the start of the write to its end.
    let points = [
        1,
        total / 50,
        total / 10,
        total / 4,
        total / 2,
        total * 3 / 4,
        total * 9 / 10,
    ];
    let mut edition = 0;
    for staged in points {
        let mut landed = false;
        // A build can outrun the poll and finish before it is stopped; try
        // that kill point again (the site it left is checked all the same).
        for _attempt in 0..5 {
            // Change the source so every build's site differs from the one in place.
            edition += 1;
            let title = format!("Changed {edition}");
            fs::write(
                src.join("policies/p00000.md"),
                format!("---\nid: POL-00000\ntitle: {title}\n---\n# {title}\n"),
            )
            .unwrap();
            let mut child = Command::new(env!("CARGO_BIN_EXE_isms-site"))
                .args([
                    "build",
                    src.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                    "--as-of",
                    "2026-11-15",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let pid = child.id();
            let staging = out.with_file_name(format!(".site.isms-tmp-{pid}"));
            let mut finished = false;
            assert!(
                poll(|| {
                    finished = child.try_wait().unwrap().is_some();
                    finished || staged_files(&staging) >= staged
                }),
                "the build neither staged {staged} files nor finished"
            );
            if !finished {
                // Freeze the build where it is, and look before killing it.
                signal(pid, "STOP");
                assert!(poll(
                    || all_threads_stopped(pid) || child.try_wait().unwrap().is_some()
                ));
            }
            let alive = child.try_wait().unwrap().is_none();
            let seen = staged_files(&staging);
            let untouched = snapshot(&out) == reference;
            // Still writing: alive, its staged files there, the site in place not swapped.
            let mid_write = alive && seen >= staged && untouched;
            if alive {
                child.kill().unwrap(); // SIGKILL
            }
            let status = child.wait().unwrap();
            let now = snapshot(&out);
            // Killed before the swap: the old site; at worst after it: the new one.
            let old = now == reference;
            let complete_new = now
                .get("documents/POL-00000.html")
                .is_some_and(|p| String::from_utf8_lossy(p).contains(&format!("<h1>{title}</h1>")))
                && now.len() == total;
            assert!(
                old || complete_new,
                "killed after {seen} staged files: partial site"
            );
            if mid_write {
                use std::os::unix::process::ExitStatusExt;
                assert_eq!(status.signal(), Some(9), "killed, not finished");
                assert!(
                    old,
                    "a kill mid-write leaves the previous site byte-identical"
                );
                // Its staging folder is left behind; the one of the build
                // before was removed when this build started.
                assert_eq!(
                    temporaries(&out),
                    [format!(".site.isms-tmp-{pid}")],
                    "killed with {seen} of {total} files staged"
                );
                assert!(staged_files(&staging) >= staged);
                landed = true;
                break;
            }
            reference = now;
        }
        assert!(
            landed,
            "no build could be stopped after staging {staged} of {total} files"
        );
    }
    // The next build cleans the stale temporaries and completes.
    let next = build(&src, &out);
    assert_eq!(next.status.code(), Some(0), "{}", stderr(&next));
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    let page = fs::read_to_string(out.join("documents/POL-00000.html")).unwrap();
    assert!(page.contains(&format!("<h1>Changed {edition}</h1>")));
}

#[test]
fn refuses_destinations_it_must_not_replace() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    common::copy_tree(&repo().join("tests/fixtures/coverage"), &src);
    let foreign = tmp.path().join("docs");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "mine").unwrap();
    for (out, why) in [
        (src.clone(), "source folder"),
        (tmp.path().to_path_buf(), "contains the source"),
        (PathBuf::from("/"), "root"),
        (foreign.clone(), "--force"),
    ] {
        let r = build(&src, &out);
        assert_eq!(r.status.code(), Some(2), "{}", out.display());
        assert!(stderr(&r).contains(why), "{}", stderr(&r));
    }
    assert_eq!(
        fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
}

// ---- Confinement -------------------------------------------------------------

#[test]
#[cfg(unix)]
fn symbolic_links_out_of_the_source_are_errors() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.md"), "# Secret\n\ntop secret\n").unwrap();
    fs::write(outside.join("secret.pdf"), "secret").unwrap();
    let src = tmp.path().join("src");
    common::copy_tree(&repo().join("tests/fixtures/coverage"), &src);
    symlink(outside.join("secret.md"), src.join("policies/linked.md")).unwrap();
    symlink(&outside, src.join("policies/linked-dir")).unwrap();
    fs::create_dir_all(src.join("evidence")).unwrap();
    symlink(outside.join("secret.pdf"), src.join("evidence/leak.pdf")).unwrap();
    fs::write(
        src.join("actions/leak.yaml"),
        "id: CA-LEAK\ntitle: Leak\nkind: corrective\nowner: X\nopened: 2025-01-01\ndue: 2099-01-01\nstatus: open\nevidence: [evidence/leak.pdf]\n",
    )
    .unwrap();
    let out = tmp.path().join("site");
    let r = build(&src, &out);
    let text = stderr(&r);
    assert_eq!(r.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[path-escapes]") && text.contains("policies/linked.md"),
        "{text}"
    );
    assert!(text.contains("evidence/leak.pdf"), "{text}");
    assert!(!out.exists());
    // `check` reports the cited evidence at its line.
    let json = isms(&["check", src.to_str().unwrap(), "--format", "json"]);
    let report = String::from_utf8_lossy(&json.stdout);
    assert!(report.contains("actions/leak.yaml"), "{report}");
    assert!(!report.contains("top secret"));
    // The linked folder is reported, never walked: its file is not loaded.
    assert!(text.contains("policies/linked-dir"), "{text}");
    assert!(!text.contains("linked-dir/secret.md"), "{text}");
}

// ---- Limits ------------------------------------------------------------------

fn check_one(files_: &[(&str, String)]) -> (Option<i32>, String) {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("isms.yaml"), "title: Limits\n").unwrap();
    for (path, text) in files_ {
        let p = tmp.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    let out = common::check(tmp.path(), "2025-01-01");
    (out.status.code(), stderr(&out))
}

#[test]
fn deep_yaml_and_alias_bombs_end_in_a_diagnostic() {
    let brackets = "[".repeat(200_000);
    let (code, text) = check_one(&[
        (
            "policies/deep.md",
            format!("---\nid: {brackets}\n---\n# Deep\n"),
        ),
        ("actions/deep.yaml", format!("id: {brackets}\n")),
        ("audits/deep.yaml", brackets.clone()),
    ]);
    assert_eq!(code, Some(1), "{text}");
    for file in ["policies/deep.md", "actions/deep.yaml", "audits/deep.yaml"] {
        assert!(
            text.lines().any(|l| l.contains(file)),
            "{file} not reported: {}",
            &text[..text.len().min(2000)]
        );
    }
    assert!(text.contains("error[yaml-syntax]"));
    assert!(text.contains("simplify the YAML"));

    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..9u8 {
        let (this, prev) = ((b'b' + i) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{this}: &{this} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    let (code, text) = check_one(&[("actions/bomb.yaml", bomb)]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("alias bomb"), "{text}");
}

#[test]
fn deeply_nested_markdown_is_refused_with_its_line() {
    let cases = [
        ("quotes", ">".repeat(50_000) + " deep\n"),
        ("bullets", "- ".repeat(50_000) + "deep\n"),
        ("numbers", "1. ".repeat(50_000) + "deep\n"),
        ("html", "<div>".repeat(50_000) + "deep\n"),
    ];
    for (name, body) in cases {
        let (code, text) = check_one(&[(
            &format!("policies/{name}.md"),
            format!("# {name}\n\nFine text.\n\n{body}"),
        )]);
        assert_eq!(code, Some(1), "{name}");
        assert!(
            text.contains("error[too-deep]") && text.contains(&format!("policies/{name}.md:5")),
            "{name}: {}",
            &text[..text.len().min(600)]
        );
    }
    // Ordinary nesting renders.
    let normal = "> quote\n> > nested\n\n- a\n  - b\n    - c\n";
    let (code, text) = check_one(&[("policies/ok.md", format!("# Ok\n\n{normal}"))]);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn the_file_size_limit_is_configurable_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("policies")).unwrap();
    let big = format!("# Big\n\n{}\n", "word ".repeat(600));
    fs::write(tmp.path().join("policies/big.md"), &big).unwrap();
    let run = |config: &str| {
        fs::write(tmp.path().join("isms.yaml"), config).unwrap();
        let out = common::check(tmp.path(), "2025-01-01");
        (out.status.code(), stderr(&out))
    };
    let (code, text) = run("title: T\n");
    assert_eq!(code, Some(0), "the default limit (10 MB) allows it: {text}");
    let (code, text) = run("title: T\nmax_file_size: 2 KB\n");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("error[file-too-large]"), "{text}");
    assert!(text.contains("policies/big.md"), "{text}");
    assert!(text.contains("larger than the 2 KB limit"), "{text}");
    assert!(text.contains("max_file_size"), "{text}");
    let (code, text) = run("title: T\nmax_file_size: lots\n");
    assert_eq!(code, Some(1));
    assert!(
        text.contains("error[bad-size]") && text.contains("isms.yaml:2"),
        "{text}"
    );
}

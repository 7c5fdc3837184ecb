//! Output security (issue 22 items 4, 6 and 7): `verify` treats symbolic
//! links and special files in the site as tampering; the `--force` guard
//! refuses a parent of HOME, a source subfolder and an `output:` leading out
//! of SRC; a cited file swapped for a symbolic link during a build is never
//! published, and the manifest states the bytes actually copied.

mod common;

use common::{isms, repo, stderr};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-15";

fn build(src: &Path, out: &Path, extra: &[&str]) -> Output {
    common::build(src, out, AS_OF, extra)
}

/// `isms-site build SRC --as-of AS_OF EXTRA...` (no `-o`: OUT from isms.yaml).
fn build_default(src: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", src.to_str().unwrap(), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    isms(&args)
}

fn verify(out: &Path) -> (Option<i32>, String) {
    let r = isms(&["verify", out.to_str().unwrap()]);
    (
        r.status.code(),
        String::from_utf8_lossy(&r.stdout).into_owned() + &stderr(&r),
    )
}

/// The coverage fixture with an action citing `evidence/proof.pdf`.
fn source_with_evidence(tmp: &Path) -> PathBuf {
    let src = tmp.join("src");
    common::copy_tree(&repo().join("tests/fixtures/coverage"), &src);
    fs::create_dir_all(src.join("evidence")).unwrap();
    fs::write(src.join("evidence/proof.pdf"), "genuine evidence").unwrap();
    fs::write(
        src.join("actions/proof.yaml"),
        "id: CA-PROOF\ntitle: Proof\nkind: corrective\nowner: X\nopened: 2025-01-01\ndue: 2099-01-01\nstatus: open\nevidence: [evidence/proof.pdf]\n",
    )
    .unwrap();
    src
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

// ---- Item 4: verify and links or special files in the site --------------------

#[test]
#[cfg(unix)]
fn verify_fails_on_a_symlink_or_special_file_in_the_site() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let src = source_with_evidence(tmp.path());
    let out = tmp.path().join("site");
    let built = build(&src, &out, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert_eq!(verify(&out).0, Some(0));

    // A forged page a web server would follow: hash_tree never sees it.
    fs::write(tmp.path().join("forged.html"), "<h1>forged</h1>").unwrap();
    symlink(tmp.path().join("forged.html"), out.join("forged.html")).unwrap();
    let (code, text) = verify(&out);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("symlink  output: forged.html"), "{text}");
    assert!(text.contains("symbolic link or special file"), "{text}");
    fs::remove_file(out.join("forged.html")).unwrap();

    // A link to a folder, and a link in place of a page.
    symlink("/etc", out.join("documents/etc")).unwrap();
    fs::remove_file(out.join("index.html")).unwrap();
    symlink(tmp.path().join("forged.html"), out.join("index.html")).unwrap();
    let (code, text) = verify(&out);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("symlink  output: documents/etc"), "{text}");
    assert!(text.contains("symlink  output: index.html"), "{text}");
    fs::remove_file(out.join("documents/etc")).unwrap();
    fs::remove_file(out.join("index.html")).unwrap();

    // Special files: a FIFO and a socket (bound, then the listener dropped:
    // the socket file stays).
    let made = Command::new("mkfifo")
        .arg(out.join("pipe"))
        .status()
        .map(|s| s.success());
    let fifo = matches!(made, Ok(true));
    let socket = std::os::unix::net::UnixListener::bind(out.join("sock")).is_ok();
    let (code, text) = verify(&out);
    assert_eq!(code, Some(1), "{text}");
    if fifo {
        assert!(text.contains("special  output: pipe"), "{text}");
    }
    if socket {
        assert!(text.contains("special  output: sock"), "{text}");
    }
}

// ---- Item 6: the --force guard -------------------------------------------------

#[test]
fn a_source_subfolder_is_never_replaced_even_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let src = source_with_evidence(tmp.path());
    let before = common::files(&src.join("policies"));
    for extra in [&[][..], &["--force"][..]] {
        let r = build(&src, &src.join("policies"), extra);
        assert_eq!(r.status.code(), Some(2), "{extra:?}: {}", stderr(&r));
        assert!(
            stderr(&r).contains("folder of the source"),
            "{}",
            stderr(&r)
        );
        assert!(stderr(&r).contains("--force cannot"), "{}", stderr(&r));
    }
    assert_eq!(common::files(&src.join("policies")), before);
    assert!(src.join("policies/a.md").is_file());

    // A folder of isms-site's output inside SRC is still replaced...
    let r = build(&src, &src.join("public"), &[]);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    let r = build(&src, &src.join("public"), &[]);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    // ...unless it holds source files the site did not write.
    fs::write(src.join("public/notes.md"), "# Mine\n").unwrap();
    let r = build(&src, &src.join("public"), &["--force"]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(stderr(&r).contains("notes.md"), "{}", stderr(&r));
    assert_eq!(
        fs::read_to_string(src.join("public/notes.md")).unwrap(),
        "# Mine\n"
    );
}

#[test]
fn a_parent_of_home_is_never_replaced_even_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let src = source_with_evidence(tmp.path());
    let users = tmp.path().join("users");
    let home = users.join("me");
    fs::create_dir_all(&home).unwrap();
    fs::write(home.join("thesis.txt"), "years of work").unwrap();
    for out in [&users, &home] {
        let r = Command::new(env!("CARGO_BIN_EXE_isms-site"))
            .args(["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .args(["--as-of", AS_OF, "--force"])
            .env("HOME", &home)
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
        assert!(stderr(&r).contains("home folder"), "{}", stderr(&r));
    }
    assert_eq!(
        fs::read_to_string(home.join("thesis.txt")).unwrap(),
        "years of work"
    );
}

#[test]
fn output_in_isms_yaml_must_stay_inside_the_source() {
    let tmp = tempfile::tempdir().unwrap();
    let src = source_with_evidence(tmp.path());
    let victim = tmp.path().join("victim");
    fs::create_dir_all(&victim).unwrap();
    fs::write(victim.join("keep.txt"), "mine").unwrap();
    let config = fs::read_to_string(src.join("isms.yaml")).unwrap();
    let absolute = victim.to_str().unwrap().to_string();
    let hostile = [absolute.as_str(), "../victim", "site/../../victim"];
    for value in hostile {
        fs::write(
            src.join("isms.yaml"),
            format!("{config}output: \"{value}\"\n"),
        )
        .unwrap();
        let r = build_default(&src, &["--force"]);
        let text = stderr(&r);
        assert_eq!(r.status.code(), Some(1), "{value}: {text}");
        assert!(text.contains("error[path-escapes]"), "{text}");
        assert!(text.contains("isms.yaml"), "{text}");
        assert!(text.contains("help:"), "{text}");
    }
    // A symbolic link inside SRC leading out is no way around it, nor is
    // the default folder (`public`) being such a link.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&victim, src.join("site")).unwrap();
        fs::write(src.join("isms.yaml"), format!("{config}output: site\n")).unwrap();
        let r = build_default(&src, &["--force"]);
        assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
        assert!(stderr(&r).contains("symbolic link"), "{}", stderr(&r));
        fs::remove_file(src.join("site")).unwrap();
        std::os::unix::fs::symlink(&victim, src.join("public")).unwrap();
        fs::write(src.join("isms.yaml"), &config).unwrap();
        let r = build_default(&src, &["--force"]);
        assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
        assert!(stderr(&r).contains("error[path-escapes]"), "{}", stderr(&r));
        fs::remove_file(src.join("public")).unwrap();
    }
    assert_eq!(fs::read_to_string(victim.join("keep.txt")).unwrap(), "mine");
    assert_eq!(common::files(&victim).len(), 1);
    // A folder inside SRC is fine.
    fs::write(src.join("isms.yaml"), format!("{config}output: out/site\n")).unwrap();
    let r = build_default(&src, &[]);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    assert!(src.join("out/site/index.html").is_file());
}

// ---- Item 7: a cited file swapped during the build ------------------------------

#[test]
#[cfg(unix)]
fn a_symlink_at_copy_time_is_not_copied() {
    use isms_site::output::Staging;
    use isms_site::render::Sink;
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fs::create_dir_all(src.join("evidence/sub")).unwrap();
    fs::write(tmp.path().join("secret"), "root:x:0:0").unwrap();
    symlink(tmp.path().join("secret"), src.join("evidence/proof.pdf")).unwrap();
    symlink(tmp.path(), src.join("evidence/linked")).unwrap();
    fs::write(src.join("evidence/sub/ok.pdf"), "fine").unwrap();
    fs::write(src.join("evidence/sub/inner.pdf"), "inner").unwrap();
    symlink("inner.pdf", src.join("evidence/sub/alias.pdf")).unwrap();
    let out = tmp.path().join("site");
    let staging = Staging::begin(&out).unwrap().copying_from(&src);
    // The file, and a folder on its way, swapped for links leading out.
    let err = staging
        .copy("files/evidence/proof.pdf", &src.join("evidence/proof.pdf"))
        .unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(err.to_string().contains("evidence/proof.pdf"), "{err}");
    let err = staging
        .copy("files/evidence/x", &src.join("evidence/linked/secret"))
        .unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    // A plain file, and a link to a file inside SRC, are copied.
    staging
        .copy(
            "files/evidence/sub/ok.pdf",
            &src.join("evidence/sub/ok.pdf"),
        )
        .unwrap();
    staging
        .copy(
            "files/evidence/sub/alias.pdf",
            &src.join("evidence/sub/alias.pdf"),
        )
        .unwrap();
    assert!(!staging.dir().join("files/evidence/proof.pdf").exists());
    assert!(!staging.dir().join("files/evidence/x").exists());
    assert_eq!(
        fs::read(staging.dir().join("files/evidence/sub/alias.pdf")).unwrap(),
        b"inner"
    );
    staging.abort();
}

#[test]
fn a_file_changed_between_hashing_and_copying_fails_the_build() {
    use isms_site::output::manifest::{hash_bytes, Files, HashCache};
    use isms_site::output::Staging;
    use isms_site::render::Sink;
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fs::create_dir_all(src.join("evidence")).unwrap();
    fs::write(src.join("evidence/proof.pdf"), "swapped").unwrap();
    // The page was rendered showing the hash of the genuine bytes.
    let mut known = Files::new();
    known.insert("evidence/proof.pdf".into(), hash_bytes(b"genuine"));
    let shown = HashCache::with_known(&src, &known);
    let staging = Staging::begin(&tmp.path().join("site"))
        .unwrap()
        .copying_from(&src);
    staging
        .copy("files/evidence/proof.pdf", &src.join("evidence/proof.pdf"))
        .unwrap();
    let err = staging.check_copies(&shown).unwrap_err();
    assert!(err.to_string().contains("evidence/proof.pdf"), "{err}");
    assert!(err.to_string().contains("changed"), "{err}");
    // The manifest entry is the hash of the bytes copied, not re-read.
    let written = staging.written();
    assert_eq!(
        written.get("files/evidence/proof.pdf"),
        Some(&hash_bytes(b"swapped"))
    );
    staging.abort();
}

/// A source big enough that rendering takes a while, with a cited file.
fn big_source_with_evidence(tmp: &Path, documents: usize) -> PathBuf {
    let src = source_with_evidence(tmp);
    let body = "Lorem ipsum dolor sit amet, [[A.5.15]] and [[9.2]]. ".repeat(40);
    for i in 0..documents {
        fs::write(
            src.join(format!("policies/p{i:05}.md")),
            format!("---\nid: POL-{i:05}\ntitle: Policy {i}\n---\n# Policy {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    src
}

/// The attack of issue 22: once the source is checked and the site is
/// being written (its staging folder exists), swap the cited file for a
/// symbolic link to a secret. The build fails and leaves the previous site;
/// the secret is never published, and whatever is published has the hash
/// the manifest and the page state.
#[test]
#[cfg(unix)]
fn a_cited_file_swapped_for_a_symlink_during_the_build_is_never_published() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let src = big_source_with_evidence(tmp.path(), 400);
    let secret = tmp.path().join("secret");
    fs::write(&secret, "root:x:0:0:SECRET").unwrap();
    let out = tmp.path().join("site");
    let first = build(&src, &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let genuine = isms_site::output::manifest::hash_bytes(b"genuine evidence");
    let target = src.join("evidence/proof.pdf");
    let mut refused = 0;
    for attempt in 0..5 {
        fs::write(src.join("evidence/.file"), "genuine evidence").unwrap();
        fs::rename(src.join("evidence/.file"), &target).unwrap();
        let before = manifest(&out);
        let child = Command::new(env!("CARGO_BIN_EXE_isms-site"))
            .args(["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .args(["--as-of", AS_OF])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let staging = tmp.path().join(format!(".site.isms-tmp-{}", child.id()));
        let copied = staging.join("files/evidence/proof.pdf");
        let started = std::time::Instant::now();
        while !staging.exists() && started.elapsed().as_secs() < 60 {
            std::hint::spin_loop();
        }
        let swapped_in_time = staging.exists() && !copied.exists();
        symlink(&secret, src.join("evidence/.link")).unwrap();
        fs::rename(src.join("evidence/.link"), &target).unwrap();
        let r = child.wait_with_output().unwrap();
        let text = stderr(&r);
        let m = manifest(&out);
        if r.status.code() == Some(0) {
            assert!(
                !swapped_in_time,
                "attempt {attempt}: published after the swap: {text}"
            );
        } else {
            assert_eq!(m, before, "a failed build leaves the previous site");
            if swapped_in_time {
                assert!(text.contains("symbolic link"), "{text}");
                assert!(text.contains("evidence/proof.pdf"), "{text}");
                refused += 1;
            }
        }
        let published = fs::read(out.join("files/evidence/proof.pdf")).unwrap();
        assert_eq!(published, b"genuine evidence", "{text}");
        let shown = &m["output"]["files/evidence/proof.pdf"]["sha256"];
        assert_eq!(shown, genuine.sha256.as_str());
        assert_eq!(&m["evidence"]["evidence/proof.pdf"]["sha256"], shown);
        let page = fs::read_to_string(out.join("actions/CA-PROOF.html")).unwrap();
        assert!(page.contains(&genuine.sha256), "the page shows the hash");
        assert!(!temporaries_hold_secret(tmp.path()));
        if refused >= 2 {
            break;
        }
    }
    assert!(
        refused > 0,
        "the swap never landed while the site was written"
    );
    for f in common::files(&out) {
        let bytes = fs::read(out.join(&f)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{f} holds the secret"
        );
    }
}

/// Whether a staging folder left beside the site holds the secret.
fn temporaries_hold_secret(dir: &Path) -> bool {
    fs::read_dir(dir).unwrap().flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with(".site.isms-")
            && common::files(&e.path()).iter().any(|f| {
                String::from_utf8_lossy(&fs::read(e.path().join(f)).unwrap_or_default())
                    .contains("SECRET")
            })
    })
}

//! Adoption: other tools' policy sets build as they are; comply imports;
//! scaffolding builds clean.

mod common;

use common::{broken_links, isms, repo, stderr};

fn comply() -> std::path::PathBuf {
    let path = repo().join("../shared/realworld/comply-soc2");
    assert!(
        path.is_dir(),
        "the shared real-world inputs sit beside the repository"
    );
    path
}

#[test]
fn a_comply_folder_builds_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = common::build(&comply(), &out, "2026-11-15", &[]);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors"), "{text}");
    // Foreign keys: one note per key, not one per file.
    assert_eq!(
        text.matches("front matter key `cron` (2 documents)")
            .count(),
        1,
        "{text}"
    );
    // Every document under its own title.
    let page = std::fs::read_to_string(out.join("documents/AOTP.html")).unwrap();
    assert!(page.contains("<h1>Access Onboarding and Termination Policy</h1>"));
    assert!(
        !page.contains("acronym:"),
        "front matter is not shown as text"
    );
    let index = std::fs::read_to_string(out.join("documents/index.html")).unwrap();
    assert!(
        index.contains("Apply OS patches"),
        "procedures are documents too"
    );
    assert!(
        out.join("frameworks/TSC/index.html").exists(),
        "standards/ is a framework"
    );
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

#[test]
fn comply_imports_and_builds_with_the_tsc_matrix() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("isms");
    let run = isms(&[
        "import",
        "comply",
        comply().to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let policy = std::fs::read_to_string(dest.join("policies/access.md")).unwrap();
    assert!(policy
        .starts_with("---\nid: \"AOTP\"\ntitle: \"Access Onboarding and Termination Policy\"\n"));
    assert!(policy.contains(
        "history:\n  - { version: \"1\", date: 2018-06-01, change: \"Initial document\" }"
    ));
    assert!(dest.join("frameworks/TSC-2017.yml").exists());
    let narrative = std::fs::read_to_string(dest.join("narratives/control.md")).unwrap();
    assert!(!narrative.contains("{{.Name}}"));
    let out = tmp.path().join("site");
    let build = common::build(&dest, &out, "2026-11-15", &[]);
    let text = stderr(&build);
    assert_eq!(build.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors"), "{text}");
    let matrix = std::fs::read_to_string(out.join("frameworks/TSC/index.html")).unwrap();
    assert!(
        matrix.contains("CC6.1") && matrix.contains("AOTP"),
        "the TSC matrix maps the policies"
    );
    // A second import into the same folder is refused.
    let again = isms(&[
        "import",
        "comply",
        comply().to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn init_then_build_is_warning_free_and_new_adds_records() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    let init = isms(&[
        "init",
        src.to_str().unwrap(),
        "--organization",
        "Acme Freight",
    ]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let build = isms(&["build", src.to_str().unwrap(), "--strict"]);
    let text = stderr(&build);
    assert_eq!(build.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 0 notes"), "{text}");
    let dashboard = std::fs::read_to_string(src.join("public/index.html")).unwrap();
    assert!(dashboard.contains("Acme Freight"));

    for (kind, prefix) in [
        ("policy", "POL-"),
        ("audit", "AUD-"),
        ("action", "CA-"),
        ("review", "MR-"),
        ("metric", "KPI-"),
    ] {
        let run = isms(&["new", kind, src.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let path = String::from_utf8_lossy(&run.stdout).trim().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("id: {prefix}")), "{kind}: {text}");
    }
    let second = isms(&["new", "policy", src.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&second.stdout).contains("pol-002.md"));
    let check = isms(&["check", src.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "new records are valid: {}",
        stderr(&check)
    );
    let taken = isms(&["new", "policy", "--id", "POL-AC", src.to_str().unwrap()]);
    assert_eq!(taken.status.code(), Some(2), "an id in use is refused");
    let again = isms(&["init", src.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "init never writes into a non-empty folder"
    );
}

#[test]
fn git_history_shows_on_document_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    std::fs::create_dir_all(src.join("policies")).unwrap();
    let git = |args: &[&str], date: &str| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&src)
            .args([
                "-c",
                "user.name=Ana Ops",
                "-c",
                "user.email=ana@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"], "2025-01-01T10:00:00Z");
    std::fs::write(src.join("policies/ac.md"), "# Access control\n\nFirst.\n").unwrap();
    git(&["add", "."], "2025-01-02T10:00:00Z");
    git(
        &["commit", "-q", "-m", "First issue of the access policy"],
        "2025-01-02T10:00:00Z",
    );
    std::fs::write(
        src.join("policies/ac.md"),
        "# Access control\n\nSecond: MFA for admins.\n",
    )
    .unwrap();
    git(
        &["commit", "-q", "-am", "Require MFA for administrators"],
        "2025-03-04T10:00:00Z",
    );
    let out = tmp.path().join("site");
    let build = common::build(&src, &out, "2025-06-01", &[]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = std::fs::read_to_string(out.join("documents/ac.html")).unwrap();
    assert!(page.contains("Change history (git)"));
    assert!(
        page.contains("Require MFA for administrators")
            && page.contains("First issue of the access policy")
    );
    assert!(page.contains("Last changed") && page.contains("<time datetime=\"2025-03-04\">"));
    let timeline = std::fs::read_to_string(out.join("timeline.html")).unwrap();
    assert!(timeline.contains("Changed: Require MFA for administrators (Ana Ops"));
    // Outside git the history is quietly absent.
    let plain = tmp.path().join("plain");
    std::fs::create_dir_all(plain.join("policies")).unwrap();
    std::fs::write(plain.join("policies/ac.md"), "# Access control\n").unwrap();
    let out2 = tmp.path().join("site2");
    let build = common::build(&plain, &out2, "2025-06-01", &[]);
    assert_eq!(build.status.code(), Some(0));
    assert!(!std::fs::read_to_string(out2.join("documents/ac.html"))
        .unwrap()
        .contains("Change history"));
}

#[test]
fn the_dashboard_says_what_to_add_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = common::build(&comply(), &out, "2026-11-15", &[]);
    assert_eq!(run.status.code(), Some(0));
    let dashboard = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(dashboard.contains("What to add next"));
    assert!(dashboard.contains("document(s) to the clauses and controls they satisfy"));
    assert!(dashboard.contains("an owner"));
    let sample = tmp.path().join("sample");
    let run = common::build(&repo().join("sample-isms"), &sample, "2026-11-15", &[]);
    assert_eq!(run.status.code(), Some(0));
    assert!(!std::fs::read_to_string(sample.join("index.html"))
        .unwrap()
        .contains("What to add next"));
}

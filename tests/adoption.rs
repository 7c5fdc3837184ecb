//! Adoption: other tools' policy sets build as they are; comply imports;
//! scaffolding builds clean.

mod common;

use common::{broken_links, isms, repo, stderr};

/// A policy set laid out as strongdm/comply writes one (unfenced front
/// matter, `name`/`acronym`, `satisfies: {TSC: [...]}`, `majorRevisions`,
/// procedures with `cron`, `standards/TSC-2017.yml`), written for these tests.
fn comply() -> std::path::PathBuf {
    repo().join("tests/fixtures/comply-like")
}

/// Every document of the fixture: file, id (`acronym`, or `id` for the
/// procedures) and title (`name`).
const COMPLY_DOCUMENTS: &[(&str, &str, &str)] = &[
    (
        "policies/access.md",
        "APRP",
        "Account Provisioning and Revocation Policy",
    ),
    ("policies/encryption.md", "CRYP", "Cryptography Policy"),
    (
        "policies/incident.md",
        "SEHP",
        "Security Event Handling Policy",
    ),
    ("policies/vendor.md", "SAP", "Supplier Assurance Policy"),
    (
        "procedures/patch.md",
        "patch",
        "Roll Out Operating System Updates",
    ),
    (
        "procedures/offboarding.md",
        "offboard",
        "Close a Departing User's Accounts",
    ),
    (
        "procedures/restore.md",
        "restore-test",
        "Test a Backup Restore",
    ),
    (
        "narratives/control.md",
        "CENV",
        "Control Environment Overview",
    ),
    ("narratives/system.md", "SYSO", "System Overview"),
];

/// The row of `control` in a framework matrix page.
fn matrix_row<'a>(matrix: &'a str, control: &str) -> &'a str {
    let start = matrix
        .find(&format!("frameworks/TSC/{control}.html\""))
        .unwrap_or_else(|| panic!("the matrix has a row for {control}"));
    let end = start + matrix[start..].find("</tr>").expect("the row ends");
    &matrix[start..end]
}

#[test]
fn a_comply_folder_builds_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = common::build(&comply(), &out, "2026-11-15", &[]);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors, 1 warning, 1 note"), "{text}");
    // Foreign keys: one note per key, not one per file.
    assert_eq!(
        text.matches("note[foreign-key]").count(),
        1,
        "only `cron` is foreign: {text}"
    );
    assert_eq!(
        text.matches("front matter key `cron` (2 documents)")
            .count(),
        1,
        "{text}"
    );
    // A mistyped control id in `satisfies` is a warning with a suggestion.
    assert!(
        text.contains("warning[unknown-reference]: framework `TSC` has no control `CC9.22`"),
        "{text}"
    );
    assert!(text.contains("--> policies/vendor.md:6:7"), "{text}");
    assert!(text.contains("did you mean `CC9.2`?"), "{text}");
    // Every document under its own id and title, front matter not shown.
    let index = std::fs::read_to_string(out.join("documents/index.html")).unwrap();
    for (file, id, title) in COMPLY_DOCUMENTS {
        let page = std::fs::read_to_string(out.join(format!("documents/{id}.html")))
            .unwrap_or_else(|e| panic!("{file} is documents/{id}.html: {e}"));
        let escaped = title.replace('\'', "&#39;");
        assert!(
            page.contains(&format!("<h1>{escaped}</h1>")),
            "{file}: {title}"
        );
        for key in ["acronym:", "majorRevisions:", "satisfies:", "cron:"] {
            assert!(!page.contains(key), "{file}: front matter shown as text");
        }
        assert!(
            index.contains(&escaped),
            "{file} is listed (procedures are documents too)"
        );
    }
    assert!(
        out.join("frameworks/TSC/index.html").exists(),
        "standards/ is a framework"
    );
    let matrix = std::fs::read_to_string(out.join("frameworks/TSC/index.html")).unwrap();
    let cc61 = matrix_row(&matrix, "CC6.1");
    assert!(
        cc61.contains("Logical Access")
            && cc61.contains("documents/APRP.html")
            && cc61.contains("documents/CRYP.html")
            && !cc61.contains("documents/SEHP.html"),
        "{cc61}"
    );
    assert!(!matrix.contains("CC9.22"), "a mistyped id is no control");
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
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{said}");
    assert!(
        said.contains("Imported 9 documents and 1 framework catalog(s) (TSC-2017.yml)"),
        "{said}"
    );
    for file in ["procedures/patch.md", "procedures/restore.md"] {
        assert!(
            said.contains(&format!(
                "note: {file}: `cron` has no isms-site equivalent; left out"
            )),
            "{said}"
        );
    }
    assert_eq!(said.matches("note:").count(), 2, "{said}");
    for (file, id, title) in COMPLY_DOCUMENTS {
        let text = std::fs::read_to_string(dest.join(file)).unwrap();
        let head = format!("---\nid: {id:?}\ntitle: {title:?}\n");
        assert!(text.starts_with(&head), "{file}: {text}");
    }
    let policy = std::fs::read_to_string(dest.join("policies/access.md")).unwrap();
    assert!(
        policy.contains("status: approved\nversion: \"2\"\napproved_on: 2020-11-20\n"),
        "{policy}"
    );
    assert!(
        policy.contains("satisfies:\n  \"TSC\": [\"CC6.1\", \"CC6.2\", \"CC6.3\"]\n"),
        "{policy}"
    );
    assert!(
        policy.contains(
            "history:\n  - { version: \"1\", date: 2019-03-03, change: \"First issue\" }\n  \
             - { version: \"2\", date: 2020-11-20, change: \"Contractor accounts expire with the contract\" }\n---\n# Why this policy exists\n"
        ),
        "{policy}"
    );
    let procedure = std::fs::read_to_string(dest.join("procedures/patch.md")).unwrap();
    assert!(
        procedure.contains("type: procedure\nstatus: draft\n") && !procedure.contains("cron"),
        "{procedure}"
    );
    assert!(dest.join("frameworks/TSC-2017.yml").exists());
    assert_eq!(
        std::fs::read(dest.join("frameworks/TSC-2017.yml")).unwrap(),
        std::fs::read(comply().join("standards/TSC-2017.yml")).unwrap(),
        "the catalog is copied as it is"
    );
    // `{{.Name}}` becomes the name in comply.yml.
    let narrative = std::fs::read_to_string(dest.join("narratives/control.md")).unwrap();
    assert!(!narrative.contains("{{.Name}}"), "{narrative}");
    assert!(
        narrative.contains("how Quillfeather Logistics keeps its controls working"),
        "{narrative}"
    );
    let config = std::fs::read_to_string(dest.join("isms.yaml")).unwrap();
    assert!(
        config.contains("organization: \"Quillfeather Logistics\""),
        "{config}"
    );
    assert!(
        !dest.join("policies/README.md").exists(),
        "folder READMEs are not documents"
    );
    let out = tmp.path().join("site");
    let build = common::build(&dest, &out, "2026-11-15", &[]);
    let text = stderr(&build);
    assert_eq!(build.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors"), "{text}");
    assert!(text.contains("has no control `CC9.22`"), "{text}");
    assert!(!text.contains("foreign-key"), "{text}");
    let matrix = std::fs::read_to_string(out.join("frameworks/TSC/index.html")).unwrap();
    let cc61 = matrix_row(&matrix, "CC6.1");
    assert!(
        cc61.contains("documents/APRP.html") && cc61.contains("documents/CRYP.html"),
        "the TSC matrix maps the policies: {cc61}"
    );
    assert!(
        matrix_row(&matrix, "CC7.4").contains("documents/SEHP.html"),
        "the TSC matrix maps the policies"
    );
    assert!(
        !matrix_row(&matrix, "CC8.1").contains("documents/"),
        "nothing satisfies CC8.1"
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
    assert!(dashboard.contains("documents to the clauses and controls they satisfy"));
    assert!(!dashboard.contains("(s)"));
    assert!(dashboard.contains("an owner"));
    let sample = tmp.path().join("sample");
    let run = common::build(&repo().join("sample-isms"), &sample, "2026-11-15", &[]);
    assert_eq!(run.status.code(), Some(0));
    assert!(!std::fs::read_to_string(sample.join("index.html"))
        .unwrap()
        .contains("What to add next"));
}

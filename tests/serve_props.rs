//! Property: whatever sequence of edits a writer makes while `serve` runs
//! (create, modify, rename and delete files and folders, save by rename,
//! break and fix YAML, editor temporaries), once the watcher has settled
//! every served file equals what a clean `isms-site build` of the same files
//! writes, its diagnostics equal a full `check` of the same files, and a
//! source that does not build is reported, not served half-way.
//!
//! Cases default to 24 (CI); set `PROPTEST_CASES` for a longer run.

mod common;

use isms_site::model::Date;
use isms_site::serve::{Options, Server};
use proptest::prelude::*;
use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::time::Duration;

const AS_OF: &str = "2026-11-15";
const FOLDERS: [&str; 3] = ["policies", "policies/ops", "policies/hr"];

#[derive(Debug, Clone)]
enum Edit {
    /// Write a document (in place).
    Write { folder: usize, doc: u8, title: u8 },
    /// Save a document by rename (vim, JetBrains): temp file, then rename.
    SaveByRename { folder: usize, doc: u8, title: u8 },
    /// Break a document's front matter.
    Break { folder: usize, doc: u8 },
    /// Rename a document to another folder or name.
    Rename { from: (usize, u8), to: (usize, u8) },
    /// Delete a document.
    Delete { folder: usize, doc: u8 },
    /// Rename a whole folder.
    RenameFolder { from: usize, to: usize },
    /// Delete a whole folder.
    DeleteFolder { folder: usize },
    /// Rewrite the action, valid or broken, citing a document or not.
    Action { variant: u8 },
    /// Change the site title in isms.yaml.
    Config { title: u8 },
    /// Editor swap and backup files.
    EditorFiles { folder: usize },
    /// Wait a little (lets some edits land during a build).
    Pause { ms: u16 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let folder = 0..FOLDERS.len();
    let doc = 0u8..4;
    prop_oneof![
        4 => (folder.clone(), doc.clone(), any::<u8>()).prop_map(|(folder, doc, title)| Edit::Write { folder, doc, title }),
        3 => (folder.clone(), doc.clone(), any::<u8>()).prop_map(|(folder, doc, title)| Edit::SaveByRename { folder, doc, title }),
        2 => (folder.clone(), doc.clone()).prop_map(|(folder, doc)| Edit::Break { folder, doc }),
        2 => ((folder.clone(), doc.clone()), (folder.clone(), doc.clone())).prop_map(|(from, to)| Edit::Rename { from, to }),
        2 => (folder.clone(), doc.clone()).prop_map(|(folder, doc)| Edit::Delete { folder, doc }),
        1 => (folder.clone(), folder.clone()).prop_map(|(from, to)| Edit::RenameFolder { from, to }),
        1 => folder.clone().prop_map(|folder| Edit::DeleteFolder { folder }),
        2 => (0u8..4).prop_map(|variant| Edit::Action { variant }),
        1 => any::<u8>().prop_map(|title| Edit::Config { title }),
        1 => folder.clone().prop_map(|folder| Edit::EditorFiles { folder }),
        2 => prop_oneof![Just(0u16), Just(20), Just(80), Just(250)].prop_map(|ms| Edit::Pause { ms }),
    ]
}

fn doc_path(src: &Path, folder: usize, doc: u8) -> std::path::PathBuf {
    src.join(FOLDERS[folder]).join(format!("doc-{doc}.md"))
}

fn doc_text(doc: u8, title: u8) -> String {
    format!(
        "---\nid: POL-{doc}\ntitle: Policy {doc} revision {title}\ntype: policy\nowner: ISM\nstatus: approved\napproved_on: 2026-01-10\nnext_review: 2027-01-10\ncontrols: [A.5.{c}]\n---\n# Policy {doc}\n\nRevision {title}. See [[A.5.1]].\n",
        c = 1 + (title % 30)
    )
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn apply(src: &Path, edit: &Edit) {
    match *edit {
        Edit::Write { folder, doc, title } => {
            write(&doc_path(src, folder, doc), &doc_text(doc, title))
        }
        Edit::SaveByRename { folder, doc, title } => {
            let path = doc_path(src, folder, doc);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).unwrap();
            }
            let temp = path.with_file_name(format!("doc-{doc}.md.tmp~"));
            let probe = path.with_file_name("4913");
            fs::write(&probe, "").unwrap();
            fs::remove_file(&probe).unwrap();
            fs::write(&temp, doc_text(doc, title)).unwrap();
            fs::rename(&temp, &path).unwrap();
        }
        Edit::Break { folder, doc } => {
            let path = doc_path(src, folder, doc);
            if path.exists() {
                write(
                    &path,
                    &format!("---\nid: POL-{doc}\ntitle: [unclosed\n---\n# Broken\n"),
                );
            }
        }
        Edit::Rename { from, to } => {
            let (a, b) = (doc_path(src, from.0, from.1), doc_path(src, to.0, to.1));
            if a.exists() && a != b {
                fs::create_dir_all(b.parent().unwrap()).unwrap();
                fs::rename(a, b).unwrap();
            }
        }
        Edit::Delete { folder, doc } => {
            let _ = fs::remove_file(doc_path(src, folder, doc));
        }
        Edit::RenameFolder { from, to } => {
            let (a, b) = (
                src.join(FOLDERS[from]),
                src.join(format!("policies/moved-{to}")),
            );
            if a.is_dir() && !b.exists() && from != 0 {
                fs::rename(a, b).unwrap();
            }
        }
        Edit::DeleteFolder { folder } => {
            if folder != 0 {
                let _ = fs::remove_dir_all(src.join(FOLDERS[folder]));
            }
        }
        Edit::Action { variant } => {
            let due = if variant == 3 {
                "2026-02-30"
            } else {
                "2026-12-01"
            };
            let docs = if variant == 1 {
                "documents: [POL-0]\n"
            } else {
                ""
            };
            write(
                &src.join("actions/ca-1.yaml"),
                &format!("id: CA-1\ntitle: Action variant {variant}\nkind: improvement\nowner: ISM\nopened: 2026-01-05\ndue: {due}\nstatus: open\n{docs}"),
            );
        }
        Edit::Config { title } => write(
            &src.join("isms.yaml"),
            &format!("title: Property ISMS {title}\norganization: Prop Ltd\n"),
        ),
        Edit::EditorFiles { folder } => {
            let dir = src.join(FOLDERS[folder]);
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join(".doc-0.md.swp"), "swap").unwrap();
            fs::write(dir.join("doc-1.md~"), "backup").unwrap();
            fs::write(dir.join(".#doc-2.md"), "lock").unwrap();
        }
        Edit::Pause { ms } => std::thread::sleep(Duration::from_millis(u64::from(ms))),
    }
}

fn initial(src: &Path) {
    write(
        &src.join("isms.yaml"),
        "title: Property ISMS\norganization: Prop Ltd\n",
    );
    write(&doc_path(src, 0, 0), &doc_text(0, 0));
    write(&doc_path(src, 1, 1), &doc_text(1, 0));
    apply(src, &Edit::Action { variant: 0 });
}

fn check_sequence(edits: &[Edit]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    initial(&src);
    let server = Server::start(Options {
        src: src.clone(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        poll: false,
        as_of: Date::parse(AS_OF).unwrap(),
        ctrl_c: false,
        print: false,
        allow_hosts: Vec::new(),
    })
    .expect("server starts");
    for edit in edits {
        apply(&src, edit);
    }
    std::thread::sleep(Duration::from_millis(300));
    prop_assert!(server.wait_idle(Duration::from_millis(400), Duration::from_secs(30)));
    let out = tmp.path().join("out");
    let built = common::build(&src, &out, AS_OF, &[]);
    let snapshot = server.snapshot();
    // The latest rebuild (told only the changed paths) reports exactly what
    // a full check of the same files reports.
    let full = isms_site::pipeline::check(&src, None, Date::parse(AS_OF).unwrap())
        .diagnostics
        .sorted();
    prop_assert_eq!(snapshot.diagnostics.as_slice(), full.as_slice());
    if !built.status.success() {
        prop_assert!(
            !snapshot.problems.is_empty(),
            "build failed but serve shows no problems: {}",
            common::stderr(&built)
        );
        server.stop();
        return Ok(());
    }
    prop_assert!(
        snapshot.problems.is_empty(),
        "build succeeded but serve shows problems: {:?}",
        snapshot.problems
    );
    let model = snapshot.model.as_ref().expect("a site");
    let files: Vec<String> = common::files(&out)
        .into_iter()
        .filter(|f| f != ".isms-site")
        .collect();
    prop_assert_eq!(model.paths(), files.clone());
    for file in &files {
        let served = model.file(file).expect("listed").expect("renders");
        let built = fs::read(out.join(file)).unwrap();
        prop_assert!(served.as_slice() == built.as_slice(), "{} differs", file);
    }
    server.stop();
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 32, ..ProptestConfig::default() })]

    #[test]
    fn served_equals_built_after_any_edits(edits in proptest::collection::vec(edit(), 1..10)) {
        check_sequence(&edits)?;
    }
}

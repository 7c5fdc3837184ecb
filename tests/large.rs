//! A large ISMS keeps clause and control pages bounded: at most 100 citing
//! records of a kind are listed, with the number left out and a link to the
//! full index (see README, Performance).

mod common;

use common::isms;
use std::fs;

#[test]
fn control_pages_cap_long_citing_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fs::create_dir_all(src.join("policies")).unwrap();
    fs::write(src.join("isms.yaml"), "title: Large\ngit_history: false\n").unwrap();
    for i in 0..103 {
        fs::write(
            src.join("policies").join(format!("p{i:03}.md")),
            format!("---\nid: DOC-{i:03}\ntitle: Policy {i}\ncontrols: [A.8.5]\n---\n\nText.\n"),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    let run = isms(&[
        "build",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-15",
    ]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let page = fs::read_to_string(out.join("controls/A.8.5.html")).unwrap();
    let listed = page.matches("href=\"../documents/DOC-").count();
    assert_eq!(listed, 100, "documents listed on the control page");
    assert!(page.contains("DOC-000") && page.contains("DOC-099") && !page.contains("DOC-100"));
    assert!(
        page.contains(
            "And 3 more, not listed here: see <a href=\"../documents/index.html\">Documents</a>."
        ),
        "count and link to the full list"
    );
    // The index still lists every document.
    let index = fs::read_to_string(out.join("documents/index.html")).unwrap();
    assert!(index.contains("DOC-102"));
}

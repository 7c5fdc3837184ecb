//! A large ISMS keeps clause and control pages bounded: at most 100 citing
//! records of a kind are listed, with the number left out and a link to the
//! full index (see docs/performance.md).

mod common;

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
    let run = common::build(&src, &out, "2026-11-15", &[]);
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

/// 2,250 findings in 90 audits over 2023 to 2025.
fn many_findings(src: &std::path::Path) {
    fs::create_dir_all(src.join("policies")).unwrap();
    fs::create_dir_all(src.join("audits")).unwrap();
    fs::write(src.join("isms.yaml"), "title: Large\ngit_history: false\n").unwrap();
    fs::write(
        src.join("policies/p.md"),
        "---\nid: POL-001\ntitle: Policy\ncontrols: [A.8.5]\n---\n\nText.\n",
    )
    .unwrap();
    for a in 0..90 {
        let date = format!("{}-{:02}-10", 2023 + a / 30, a % 12 + 1);
        let mut text = format!(
            "id: AUD-{a:03}\ntitle: Audit {a}\nkind: internal\nstart: {date}\nend: {date}\nfindings:\n"
        );
        for f in 0..25 {
            text.push_str(&format!(
                "  - id: F-{a:03}-{f:02}\n    type: observation\n    title: Finding {a} {f}\n    \
                 clause: \"9.2\"\n    description: Seen.\n"
            ));
        }
        fs::write(src.join("audits").join(format!("AUD-{a:03}.yaml")), text).unwrap();
    }
}

#[test]
fn long_record_indexes_and_the_timeline_are_split_into_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    many_findings(&src);
    let out = tmp.path().join("out");
    let run = common::build(&src, &out, "2026-11-15", &[]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    // Findings: 1,000 a page, on three pages that link to each other.
    let rows = |page: &str| {
        fs::read_to_string(out.join("findings").join(page))
            .unwrap()
            .matches("href=\"../findings/F-")
            .count()
    };
    assert_eq!(
        (rows("index.html"), rows("page-2.html"), rows("page-3.html")),
        (1000, 1000, 250)
    );
    assert!(!out.join("findings/page-4.html").exists());
    let second = fs::read_to_string(out.join("findings/page-2.html")).unwrap();
    assert!(second.contains("Rows 1001 to 2000 of 2250."), "pager text");
    assert!(second.contains("<a href=\"page-2.html\" aria-current=\"page\">Page 2</a>"));
    assert!(second.contains("<a href=\"index.html\">Page 1</a>"));
    // The timeline lists the latest events and links to a page per year.
    let timeline = fs::read_to_string(out.join("timeline.html")).unwrap();
    assert!(timeline.contains("The latest 2000 of "), "count shown");
    assert_eq!(timeline.matches("<li class=\"event ").count(), 2000);
    let mut total = 0;
    for year in 2023..=2025 {
        let name = format!("timeline-{year}.html");
        assert!(timeline.contains(&format!("<a href=\"{name}\">{year} (")));
        let page = fs::read_to_string(out.join(&name)).unwrap();
        assert!(page.contains(&format!(
            "The {}",
            page.matches("<li class=\"event ").count()
        )));
        let in_year = format!("<time datetime=\"{year}-");
        assert!(
            page.lines()
                .filter(|l| l.starts_with("<li class=\"event "))
                .all(|l| l.contains(&in_year)),
            "{name}: events of other years"
        );
        total += page.matches("<li class=\"event ").count();
    }
    assert!(total > 2250, "every event on a year page: {total}");
    assert!(!out.join("timeline-2026.html").exists());
    let broken = common::broken_links(&out);
    assert!(broken.is_empty(), "{:#?}", &broken[..broken.len().min(5)]);
}

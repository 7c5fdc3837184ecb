//! Carets under wide characters: on a source line with CJK text, emoji or a
//! tab before the mistake, the `^` of a human diagnostic sits under the
//! mistaken token as a terminal shows the line (CJK characters and emoji take
//! two columns, a tab is printed as four spaces), while `--format json` keeps
//! the 1-based column in characters.

mod common;

use common::{isms, stderr, write};
use std::path::Path;

/// A family emoji: man, ZWJ, woman, ZWJ, girl (five code points, two columns).
const FAMILY: &str = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
/// The flag of Japan: two regional indicators (two code points, two columns).
const FLAG: &str = "\u{1F1EF}\u{1F1F5}";

/// A source folder whose mistakes sit on lines with wide characters and tabs.
fn source(dir: &Path) {
    write(
        dir,
        "isms.yaml",
        "title: Columns\norganization: Example\nowners: [CISO]\n",
    );
    write(
        dir,
        "actions/ca-1.yaml",
        &format!(
            "id: CA-1\n\
             title: 情報セキュリティ\n\
             owner: 山田太郎\n\
             opened: 2025-01-01\n\
             due: 2026-01-01\n\
             status: open\n\
             log:\n  \
             - {{ date: 2025-02-01, note: 情報セキュリティ委員会, status: don }}\n  \
             - {{ date: 2025-02-01, note: {FLAG} {FAMILY} ok, status: donne }}\n  \
             - {{ date: 2025-02-01, note: x,\tstatus: dun }}\n"
        ),
    );
    write(
        dir,
        "actions/ca-2.yaml",
        "id: CA-2\ntitle: Tab\nsource:\tF-99\n",
    );
    write(
        dir,
        "policies/p.md",
        &format!(
            "---\nid: POL-1\ntitle: 方針\nowner: CISO\nstatus: draft\n---\n# 方針\n\n\
             情報セキュリティ方針は [[POL-NOPE]] を参照。\n\
             {FLAG} {FAMILY} [[POL-GONE]]\n\
             See\t[[POL-TAB]]\n"
        ),
    );
}

/// Run `check` on the folder in `format`; the output that format prints to.
fn check(format: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    source(tmp.path());
    let out = isms(&[
        "check",
        tmp.path().to_str().unwrap(),
        "--as-of",
        "2025-11-01",
        "--format",
        format,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    if format == "human" {
        stderr(&out)
    } else {
        String::from_utf8(out.stdout).unwrap()
    }
}

/// The printed source line and the caret line of the diagnostic at `at`
/// (`file:line:column`), without their ` N | ` gutter.
fn snippet<'a>(text: &'a str, at: &str) -> (&'a str, &'a str) {
    let lines: Vec<&str> = text.lines().collect();
    let head = lines
        .iter()
        .position(|l| *l == format!("  --> {at}"))
        .unwrap_or_else(|| panic!("no diagnostic at {at}:\n{text}"));
    let line = at.split(':').nth(1).unwrap();
    let gutter = " ".repeat(line.len() + 1);
    let shown = lines[head + 2]
        .strip_prefix(&format!(" {line} | "))
        .unwrap_or_else(|| panic!("source line of {at}:\n{text}"));
    let caret = lines[head + 3]
        .strip_prefix(&format!("{gutter} | "))
        .unwrap_or_else(|| panic!("caret line of {at}:\n{text}"));
    (shown, caret)
}

/// A caret line: `before` blank columns, then `width` carets.
fn caret(before: usize, width: usize) -> String {
    format!("{}{}", " ".repeat(before), "^".repeat(width))
}

#[test]
fn carets_sit_under_the_mistake_after_cjk_text() {
    let text = check("human");
    // `  - { date: 2025-02-01, note: ` is 30 columns, the 11 kanji and kana
    // 22, `, status: ` 10: `don` starts 62 columns in (character 52).
    let (shown, carets) = snippet(&text, "actions/ca-1.yaml:8:52");
    assert_eq!(
        shown,
        "  - { date: 2025-02-01, note: 情報セキュリティ委員会, status: don }"
    );
    assert_eq!(carets, caret(30 + 2 * 11 + 10, 3));
    // A span of four kanji is eight columns wide.
    let (shown, carets) = snippet(&text, "actions/ca-1.yaml:3:8");
    assert_eq!(shown, "owner: 山田太郎");
    assert_eq!(carets, caret(7, 8));
    // In Markdown (a link's column is counted in the body): 11 kanji and
    // kana, then a space.
    let (shown, carets) = snippet(&text, "policies/p.md:9:13");
    assert_eq!(shown, "情報セキュリティ方針は [[POL-NOPE]] を参照。");
    assert_eq!(carets, caret(2 * 11 + 1, "[[POL-NOPE]]".len()));
}

#[test]
fn carets_sit_under_the_mistake_after_emoji() {
    let text = check("human");
    // The flag (2 code points) and the family (5) show 2 columns each:
    // 30 + 2 + 1 + 2 + `" ok, status: "` 13.
    let (shown, carets) = snippet(&text, "actions/ca-1.yaml:9:52");
    assert_eq!(
        shown,
        format!("  - {{ date: 2025-02-01, note: {FLAG} {FAMILY} ok, status: donne }}")
    );
    assert_eq!(carets, caret(30 + 2 + 1 + 2 + 13, 5));
    let (shown, carets) = snippet(&text, "policies/p.md:10:10");
    assert_eq!(shown, format!("{FLAG} {FAMILY} [[POL-GONE]]"));
    assert_eq!(carets, caret(2 + 1 + 2 + 1, "[[POL-GONE]]".len()));
}

#[test]
fn a_tab_is_four_columns_on_the_source_line_and_under_it() {
    let text = check("human");
    let (shown, carets) = snippet(&text, "actions/ca-1.yaml:10:42");
    assert_eq!(shown, "  - { date: 2025-02-01, note: x,    status: dun }");
    assert_eq!(carets, caret(32 + 4 + 8, 3));
    // A YAML syntax error (the parser refuses the tab after `source:`).
    let (shown, carets) = snippet(&text, "actions/ca-2.yaml:3:9");
    assert_eq!(shown, "source:    F-99");
    assert_eq!(carets, caret(7 + 4, 1));
    let (shown, carets) = snippet(&text, "policies/p.md:11:5");
    assert_eq!(shown, "See    [[POL-TAB]]");
    assert_eq!(carets, caret(3 + 4, "[[POL-TAB]]".len()));
}

#[test]
fn json_and_github_keep_columns_in_characters() {
    let json: serde_json::Value = serde_json::from_str(&check("json")).unwrap();
    let mut at: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let loc = &d["location"];
            (
                loc["file"].as_str().unwrap().to_string(),
                loc["line"].as_u64().unwrap(),
                loc["column"].as_u64().unwrap(),
            )
        })
        .collect();
    at.sort();
    let want = [
        ("actions/ca-1.yaml", 3, 8),
        ("actions/ca-1.yaml", 8, 52),
        ("actions/ca-1.yaml", 9, 52),
        ("actions/ca-1.yaml", 10, 42),
        ("actions/ca-2.yaml", 3, 9),
        ("policies/p.md", 9, 13),
        ("policies/p.md", 10, 10),
        ("policies/p.md", 11, 5),
    ];
    for (file, line, column) in want {
        assert!(
            at.contains(&(file.to_string(), line, column)),
            "{file}:{line}:{column} in {at:?}"
        );
    }
    let github = check("github");
    assert!(
        github.contains("file=actions/ca-1.yaml,line=8,col=52,"),
        "{github}"
    );
}

#[test]
fn a_link_on_the_line_of_its_yaml_key_shows_the_file_line_under_the_caret() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "isms.yaml", "title: Links\nowners: [CISO]\n");
    write(
        tmp.path(),
        "actions/ca-1.yaml",
        "id: CA-1\ntitle: Plan\nowner: CISO\nopened: 2025-01-01\ndue: 2026-01-01\nstatus: open\nplan: see [[POL-NOPE]] now\n",
    );
    let out = isms(&[
        "check",
        tmp.path().to_str().unwrap(),
        "--as-of",
        "2025-11-01",
    ]);
    let text = stderr(&out);
    let (shown, carets) = snippet(&text, "actions/ca-1.yaml:7:11");
    assert_eq!(shown, "plan: see [[POL-NOPE]] now");
    assert_eq!(carets, caret(10, "[[POL-NOPE]]".len()));
}

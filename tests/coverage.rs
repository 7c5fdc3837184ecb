//! Coverage: three honest levels, the audit cycle, the SoA, other frameworks
//! and the CSV/JSON exports.

mod common;

use common::{isms, repo, stderr};
use isms_site::analyse::coverage::{Implementation, Level, Requirement};
use isms_site::model::{Date, ImplStatus};
use isms_site::pipeline;
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/coverage")
}

fn checked(as_of: &str) -> pipeline::Checked {
    pipeline::check(&fixture(), None, Date::parse(as_of).unwrap())
}

fn row<'a>(c: &'a pipeline::Checked, id: &str) -> &'a Requirement {
    c.analysis.coverage.iso.iter().find(|r| r.id == id).unwrap()
}

#[test]
fn three_levels_are_reported_separately() {
    let c = checked("2025-06-01");
    let verified = row(&c, "A.5.15");
    assert!(verified.mapped && verified.implemented && verified.verified);
    assert_eq!(verified.level(), Level::Verified);
    assert_eq!(verified.last_audit.as_ref().unwrap().1, "AUD-2025");

    let open_nc = row(&c, "A.8.5");
    assert!(open_nc.mapped && open_nc.implemented && !open_nc.verified);
    assert_eq!(open_nc.level(), Level::OpenNonconformity);
    assert_eq!(open_nc.findings_open, ["F-1"]);
    assert_eq!(
        open_nc.actions_open,
        ["CA-1"],
        "actions inherit their finding's controls"
    );

    // Implemented only because soa.yaml says so (A.5.15 and A.8.5 above).
    let draft_only = row(&c, "A.5.16");
    assert!(draft_only.mapped && !draft_only.implemented && !draft_only.verified);
    assert_eq!(draft_only.implementation, Implementation::Mapped);
    assert!(!draft_only.audited_in_cycle, "audited in 2021 only");
    assert_eq!(draft_only.level(), Level::Mapped);

    let stated = row(&c, "A.5.1");
    assert!(stated.implementation_stated && stated.implementation == ImplStatus::Partial);
    assert_eq!(stated.level(), Level::Gap);

    let excluded = row(&c, "A.7.4");
    assert!(!excluded.applicable);
    assert_eq!(excluded.level(), Level::NotApplicable);

    // A subclause citation covers its parents; an audit of 9.2 covers 9.2.1/9.2.2.
    for id in ["9", "9.2", "9.2.2"] {
        assert!(row(&c, id).verified, "{id}");
    }
    assert!(!row(&c, "9.3").mapped);
}

#[test]
fn the_audit_cycle_is_three_years_ending_at_as_of() {
    // As of 2023-06-01 the 2021 audit is inside the cycle; in 2025 it is not.
    assert!(row(&checked("2023-06-01"), "A.5.16").audited_in_cycle);
    assert!(!row(&checked("2025-06-01"), "A.5.16").audited_in_cycle);
    let c = checked("2025-06-01");
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == "not-audited-in-cycle")
        .expect("a warning names what was not audited");
    assert!(
        d.message.contains("between 2022-06-02 and 2025-06-01"),
        "{}",
        d.message
    );
}

#[test]
fn soa_warnings() {
    let c = checked("2025-06-01");
    let codes: Vec<(&str, String)> = c
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code,
                d.location
                    .as_ref()
                    .map(|l| format!("{}:{}", l.file, l.line))
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        codes.contains(&("unjustified-exclusion", "soa.yaml:2".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("excluded-but-used", "policies/a.md:8".into())),
        "{codes:?}"
    );
    assert!(codes.iter().any(|(c, _)| *c == "uncited-control"));
}

fn build(src: &Path, out: &Path, as_of: &str) -> String {
    let run = common::build(src, out, as_of, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    stderr(&run)
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 BOM for spreadsheets");
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

#[test]
fn pages_and_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(), &out, "2025-06-01");
    let matrix = std::fs::read_to_string(out.join("coverage.html")).unwrap();
    let catalog = isms_site::catalog::iso27001();
    for c in &catalog.clauses {
        assert!(
            matrix.contains(&format!("clauses/{}.html", c.id)),
            "matrix names clause {}",
            c.id
        );
    }
    for c in &catalog.controls {
        assert!(
            matrix.contains(&format!("controls/{}.html", c.id)),
            "matrix names control {}",
            c.id
        );
    }
    assert!(
        matrix.contains("Open nonconformity")
            && matrix.contains("Verified")
            && matrix.contains("Gap")
    );

    let control = std::fs::read_to_string(out.join("controls/A.8.5.html")).unwrap();
    for id in ["POL-A", "F-1", "CA-1", "AUD-2025"] {
        assert!(control.contains(&format!("{id}.html")), "A.8.5 lists {id}");
    }

    let soa = std::fs::read_to_string(out.join("soa.html")).unwrap();
    assert!(soa.contains("No premises of our own; the co-working provider monitors them."));

    let programme = std::fs::read_to_string(out.join("audit-programme.html")).unwrap();
    assert!(programme.contains("AUD-2021") && programme.contains("Not in cycle"));

    let cov = csv_rows(&out.join("coverage.csv"));
    assert_eq!(cov[0][0], "framework");
    assert_eq!(
        cov.len(),
        1 + 41 + 93 + 2,
        "header, clauses, controls, custom framework"
    );
    assert!(cov.iter().all(|r| r.len() == cov[0].len()), "rectangular");
    let soa_rows = csv_rows(&out.join("soa.csv"));
    assert_eq!(soa_rows.len(), 1 + 93);
    let a74 = soa_rows.iter().find(|r| r[0] == "A.7.4").unwrap();
    assert_eq!(a74[3], "no");
    assert!(a74[4].starts_with("No premises"));
    assert_eq!(csv_rows(&out.join("findings.csv")).len(), 2);
    let actions = csv_rows(&out.join("actions.csv"));
    assert_eq!(actions[1][0], "CA-1");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("site.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["as_of"], "2025-06-01");
    let audit = json["audits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "AUD-2025")
        .unwrap();
    assert_eq!(audit["findings"][0]["actions"][0], "CA-1");
    let cust = json["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["framework"] == "CUST" && r["id"] == "C-1")
        .unwrap();
    assert_eq!(cust["documents"][0], "POL-A");

    // The custom framework has its own matrix and control pages.
    let fw = std::fs::read_to_string(out.join("frameworks/CUST/index.html")).unwrap();
    assert!(fw.contains("C-1") && fw.contains("C-2"));
    let c1 = std::fs::read_to_string(out.join("frameworks/CUST/C-1.html")).unwrap();
    assert!(c1.contains("../../documents/POL-A.html"));
    assert!(
        common::broken_links(&out).is_empty(),
        "{:?}",
        common::broken_links(&out)
    );
}

#[test]
fn comply_standards_file_loads_as_a_framework() {
    // A strongdm/comply standards file (`name: TSC`, then `CC6.1: {family,
    // name, description}`), as the comply-like fixture has it.
    let tsc = repo().join("tests/fixtures/comply-like/standards/TSC-2017.yml");
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("frameworks")).unwrap();
    std::fs::create_dir_all(src.join("policies")).unwrap();
    std::fs::copy(&tsc, src.join("frameworks/TSC-2017.yml")).unwrap();
    std::fs::write(
        src.join("policies/access.md"),
        "---\nid: POL-ACCESS\ntitle: Access\nsatisfies: { TSC: [CC6.1, CC6.2] }\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(
        src.join("policies/typo.md"),
        "---\nid: POL-TYPO\ntitle: Typo\nsatisfies: { TSC: [CC6.10] }\n---\nText.\n",
    )
    .unwrap();
    let check = isms(&["check", src.to_str().unwrap(), "--as-of", "2025-01-01"]);
    let text = stderr(&check);
    assert_eq!(
        check.status.code(),
        Some(0),
        "a mapping to a control the catalog lacks is a warning"
    );
    assert!(
        text.contains("warning[unknown-reference]: framework `TSC` has no control `CC6.10`"),
        "{text}"
    );
    assert!(text.contains("did you mean `CC6.1`?"), "{text}");
    let strict = isms(&[
        "check",
        src.to_str().unwrap(),
        "--as-of",
        "2025-01-01",
        "--strict",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(text.contains("--> policies/typo.md:4:20"), "{text}");
    std::fs::remove_file(src.join("policies/typo.md")).unwrap();
    let out = tmp.path().join("site");
    build(&src, &out, "2025-01-01");
    let cc61 = std::fs::read_to_string(out.join("frameworks/TSC/CC6.1.html")).unwrap();
    assert!(cc61.contains("POL-ACCESS"));
    let matrix = std::fs::read_to_string(out.join("frameworks/TSC/index.html")).unwrap();
    assert!(matrix.contains("CC1.1") && matrix.contains("Ethical Conduct"));
    // Every control of the file is in the matrix, grouped by its family.
    let text = std::fs::read_to_string(&tsc).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with("name:"))
        .filter_map(|l| l.strip_suffix(':'))
        .collect();
    assert_eq!(ids.len(), 22, "{ids:?}");
    for id in &ids {
        assert!(
            matrix.contains(&format!("href=\"../../frameworks/TSC/{id}.html\"")),
            "{id}"
        );
        assert!(
            out.join(format!("frameworks/TSC/{id}.html")).is_file(),
            "{id}"
        );
    }
    for family in ["CC1", "CC6", "A1", "C1"] {
        assert!(
            matrix.contains(&format!(
                "<th scope=\"rowgroup\" colspan=\"9\">{family}</th>"
            )),
            "{family}"
        );
    }
}

#[test]
fn last_audited_ignores_audits_after_the_as_of_date() {
    // The sample audits clause 4 in several years; as of 2025-11-15 the newest
    // audit lies in the future, so "last audited" is the newest one before it.
    let sample = repo().join("sample-isms");
    let c = pipeline::check(&sample, None, Date::parse("2025-11-15").unwrap());
    let clause = c
        .analysis
        .coverage
        .iso
        .iter()
        .find(|r| r.id == "4")
        .unwrap();
    assert!(clause.audited_in_cycle);
    let (date, _) = clause
        .last_audit
        .as_ref()
        .expect("an audit before the as-of date");
    assert!(date.to_string().as_str() <= "2025-11-15", "{date}");
}

#[test]
fn matrix_cells_list_ten_links_and_count_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("policies")).unwrap();
    std::fs::write(src.join("isms.yaml"), "title: Many documents\n").unwrap();
    for n in 1..=13 {
        std::fs::write(
            src.join(format!("policies/pol-{n:02}.md")),
            format!(
                "---\nid: POL-{n:02}\ntitle: Policy {n}\nstatus: approved\napproved_on: 2025-01-10\n\
                 next_review: 2026-10-10\ncontrols: [A.5.1]\n---\nText.\n"
            ),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    let built = common::build(&src, &out, "2025-06-01", &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    for page in ["coverage.html", "soa.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let row_start = html.find(r#"href="controls/A.5.1.html""#).unwrap();
        let row = &html[row_start..row_start + html[row_start..].find("</tr>").unwrap()];
        let listed: Vec<&str> = row.matches(r#"href="documents/POL-"#).collect();
        assert_eq!(listed.len(), 10, "{page}: {row}");
        assert!(
            row.contains("POL-10") && !row.contains("POL-11"),
            "{page}: first ten by id"
        );
        assert!(
            row.contains(r#"<a href="controls/A.5.1.html#cited-by">and 3 more</a>"#),
            "{page}: {row}"
        );
    }
    // The requirement page lists all of them.
    let control = std::fs::read_to_string(out.join("controls/A.5.1.html")).unwrap();
    for n in 1..=13 {
        let link = format!(r#"href="../documents/POL-{n:02}.html""#);
        assert!(control.contains(&link), "{link}");
    }
}

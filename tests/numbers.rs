//! Numbers and text that read right: one quantity is one number on every
//! page, lists name each record once, and no page shows a stray backtick,
//! a "(s)" or two values run together.

mod common;

use common::{build, isms, repo};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The sample, built once for these tests.
fn sample() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let done = build(&repo().join("sample-isms"), &out, "2026-11-15", &[]);
        assert!(done.status.success(), "{}", common::stderr(&done));
        (dir, out)
    });
    out
}

fn read(site: &Path, page: &str) -> String {
    std::fs::read_to_string(site.join(page)).unwrap()
}

/// The visible text of some HTML as a browser lays it out: tags dropped
/// (a block element's edge, as of a table cell or a definition, separates
/// words; an inline one does not), entities of the sample decoded, white
/// space collapsed.
fn text(html: &str) -> String {
    const BLOCKS: [&str; 12] = [
        "p",
        "div",
        "dt",
        "dd",
        "th",
        "td",
        "tr",
        "h1",
        "h2",
        "h3",
        "section",
        "figcaption",
    ];
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let name: String = rest[open + 1..close]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if BLOCKS.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[close.min(rest.len())..];
    }
    out.push_str(rest);
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value of the dashboard figure labelled `label`.
fn stat(dashboard: &str, label: &str) -> usize {
    let at = dashboard
        .find(&format!("<span class=\"stat-label\">{label}</span>"))
        .unwrap_or_else(|| panic!("a `{label}` figure"));
    let value = &dashboard[..at];
    let open = "<span class=\"stat-value\">";
    let start = value.rfind(open).unwrap() + open.len();
    value[start..].split('<').next().unwrap().parse().unwrap()
}

#[test]
fn open_nonconformities_are_one_number_everywhere() {
    let site = sample();
    let on_dashboard = stat(&read(site, "index.html"), "Open nonconformities");
    let json: serde_json::Value = serde_json::from_str(&read(site, "site.json")).unwrap();
    let in_json = json["audits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["findings"].as_array().unwrap())
        .filter(|f| {
            matches!(f["type"].as_str(), Some("major_nc" | "minor_nc")) && f["status"] == "open"
        })
        .count();
    let pages = std::fs::read_dir(site.join("findings"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "index.html"))
        .filter(|p| {
            let html = std::fs::read_to_string(p).unwrap();
            let facts = text(&html);
            (facts.contains("Type Major nonconformity")
                || facts.contains("Type Minor nonconformity"))
                && facts.contains("Status Open")
        })
        .count();
    assert!(on_dashboard > 0);
    assert_eq!((on_dashboard, in_json), (pages, pages));
}

#[test]
fn the_coverage_summary_says_what_it_counts() {
    let html = read(sample(), "coverage.html");
    let summary = &html[html.find("class=\"summary\"").unwrap()..];
    let summary = &summary[..summary.find("</table>").unwrap()];
    assert!(summary.contains(">Requirements with an open nonconformity</th>"));
    assert!(!summary.contains(">Open nonconformities</th>"));
}

#[test]
fn cited_by_names_each_record_once() {
    let site = sample();
    let mut checked = 0;
    for page in common::files(site).iter().filter(|p| p.ends_with(".html")) {
        let html = read(site, page);
        let Some(at) = html.find("id=\"cited-by\"") else {
            continue;
        };
        let section = &html[at..at + html[at..].find("</section>").unwrap()];
        let mut hrefs = common::attr_values(section, "href");
        let all = hrefs.len();
        hrefs.sort();
        hrefs.dedup();
        assert_eq!(hrefs.len(), all, "{page} lists a record twice");
        checked += 1;
    }
    assert!(checked > 100, "{checked} pages with a Cited by list");
    // IA-2025-003 is raised by MR-2025, whose text also links to it.
    let html = read(site, "actions/IA-2025-003.html");
    let cited = text(&html[html.find("id=\"cited-by\"").unwrap()..]);
    assert_eq!(cited.matches("MR-2025").count(), 1, "{cited}");
    assert!(cited.contains("Management review · review raised MR-2025 Management review 2025"));
}

#[test]
fn actions_needing_attention_has_no_empty_closed_column() {
    let html = read(sample(), "index.html");
    let at = html.find("id=\"attention\"").unwrap();
    let section = &html[at..at + html[at..].find("</section>").unwrap()];
    let head = text(&section[section.find("<thead>").unwrap()..section.find("</thead>").unwrap()]);
    assert_eq!(head, "Action Kind Status Owner Due");
}

#[test]
fn last_audited_separates_the_date_from_the_audit() {
    let page = text(&read(sample(), "clauses/9.2.html"));
    assert!(
        page.contains("Last audited 2026-03-09 · AUD-2026-INT Internal audit 2026"),
        "{page}"
    );
    assert!(!page.contains("2026-03-09AUD"));
}

#[test]
fn the_starter_dashboard_shows_code_not_backticks_and_counts_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("isms");
    let init = isms(&["init", src.to_str().unwrap()]);
    assert!(init.status.success(), "{}", common::stderr(&init));
    let out = dir.path().join("site");
    let done = build(&src, &out, "2026-11-15", &[]);
    assert!(done.status.success(), "{}", common::stderr(&done));
    let html = read(&out, "index.html");
    let main = text(&html[html.find("<main").unwrap()..]);
    assert!(!main.contains('`'), "{main}");
    assert!(!main.contains("(s)"), "{main}");
    assert!(main.contains("Give 1 document an owner"), "{main}");
    assert!(html.contains("add <code>owner:</code> with the responsible role"));
}

/// The Plan phase counts what its label says: approved plan documents, the
/// objectives and the risk register, each equal to the pages it links to.
#[test]
fn the_plan_phase_counts_what_it_names() {
    let site = sample();
    let dashboard = text(&read(site, "index.html"));
    let pages = |folder: &str| {
        std::fs::read_dir(site.join(folder))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html") && n != "index.html" && !n.starts_with("page-"))
            .filter(|n| n != "treatment-plan.html")
            .count()
    };
    assert!(!dashboard.contains("plans and objectives"), "{dashboard}");
    let objectives = pages("objectives");
    let risks = pages("risks");
    assert!(objectives > 0 && risks > 0);
    assert!(
        dashboard.contains(&format!("{objectives} objectives")),
        "{dashboard}"
    );
    assert!(
        dashboard.contains(&format!("{risks} risks in the register")),
        "{dashboard}"
    );
    assert!(dashboard.contains("2 approved plans"), "{dashboard}");
}

//! The route table: the output path of every page, relative to the site
//! root. Pages, links, navigation, search, the sitemap, coverage and `serve`
//! all take their paths from here; no other module spells a page's path.

use crate::model::RecordKind;

/// The dashboard.
pub const DASHBOARD: &str = "index.html";
/// The improvement timeline (its first page).
pub const TIMELINE: &str = "timeline.html";
/// The coverage matrix.
pub const COVERAGE: &str = "coverage.html";
/// The internal audit programme (9.2).
pub const PROGRAMME: &str = "audit-programme.html";
/// The Statement of Applicability.
pub const SOA: &str = "soa.html";
/// The printable audit pack.
pub const PACK: &str = "audit-pack.html";
/// The search page.
pub const SEARCH: &str = "search.html";
/// The risk treatment plan.
pub const TREATMENT_PLAN: &str = "risks/treatment-plan.html";
/// The management-review pack of the next review (since the last review
/// held, up to the as-of date).
pub const REVIEW_NEXT: &str = "reviews/next.html";
/// The list of clauses.
pub const CLAUSES: &str = "clauses/index.html";
/// The list of Annex A controls.
pub const CONTROLS: &str = "controls/index.html";

/// The page of a record.
pub fn record(kind: RecordKind, id: &str) -> String {
    format!("{}/{id}.html", kind.folder())
}

/// The site's own page that the page of a record of `kind` named `id` would
/// overwrite (a kind's `index.html` or `page-2.html`,
/// `risks/treatment-plan.html`, `reviews/next.html`), if any. Compared
/// without letter case: the pages would clash on Windows and macOS too.
pub fn taken_by_site(kind: RecordKind, id: &str) -> Option<String> {
    let page = record(kind, id).to_ascii_lowercase();
    let name = id.to_ascii_lowercase();
    let index_page = name == "index"
        || name
            .strip_prefix("page-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (index_page || [TREATMENT_PLAN, REVIEW_NEXT].contains(&page.as_str())).then_some(page)
}

/// The management-review pack of a held review.
pub fn review_pack(id: &str) -> String {
    format!("reviews/pack/{id}.html")
}

/// The page of a clause.
pub fn clause(id: &str) -> String {
    format!("clauses/{id}.html")
}

/// The page of an Annex A control.
pub fn control(id: &str) -> String {
    format!("controls/{id}.html")
}

/// The file name of page `n` (from 1) of an index, within its folder.
pub fn index_page_name(n: usize) -> String {
    if n <= 1 {
        "index.html".to_string()
    } else {
        format!("page-{n}.html")
    }
}

/// Page `n` (from 1) of a record kind's index.
pub fn index(kind: RecordKind, n: usize) -> String {
    format!("{}/{}", kind.folder(), index_page_name(n))
}

/// The first page of a record kind's index.
pub fn first_index(kind: RecordKind) -> String {
    index(kind, 1)
}

/// The page of one year of a long timeline.
pub fn timeline_year(year: i16) -> String {
    format!("timeline-{year}.html")
}

/// The coverage matrix of another framework.
pub fn framework(framework: &str) -> String {
    format!("frameworks/{framework}/index.html")
}

/// The page of another framework's control.
pub fn framework_control(framework: &str, control: &str) -> String {
    format!("frameworks/{framework}/{control}.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_site_root() {
        assert_eq!(record(RecordKind::Finding, "F-1"), "findings/F-1.html");
        assert_eq!(index(RecordKind::Review, 1), "reviews/index.html");
        assert_eq!(index(RecordKind::Review, 3), "reviews/page-3.html");
        assert_eq!(
            framework_control("TSC", "CC6.1"),
            "frameworks/TSC/CC6.1.html"
        );
        assert_eq!(timeline_year(2024), "timeline-2024.html");
        assert_eq!(review_pack("MR-2025"), "reviews/pack/MR-2025.html");
    }
}

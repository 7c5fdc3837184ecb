//! A document's page: its control facts, body, history and citations.

use super::record::{record, record_page};
use crate::model::Document;
use crate::render::page::PageOut;
use crate::render::view::{document_badge, Badge, Fact, Linker};
use crate::resolve::Target;
use serde::Serialize;

/// A document's control facts (owner, version, approval, next review; on
/// its page and in the audit pack), the next review with `review_badge`.
pub fn control_facts(d: &Document, review_badge: Option<Badge>) -> [Option<Fact>; 6] {
    [
        d.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        Fact::opt_text("Version", d.version.as_deref()),
        Fact::opt_text("Classification", d.classification.as_deref()),
        Fact::opt_text("Approved by", d.approved_by.as_deref()),
        Fact::date("Approved on", d.approved_on, None),
        Fact::date("Next review", d.next_review, review_badge),
    ]
}

/// A document whose body has this many headings or more gets a contents
/// list at its top.
pub const TOC_MIN_HEADINGS: usize = 3;

/// A document's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let d: &Document = &l.site.source.documents[i];
    let review = l.analysis.document(&d.id);
    let review_badge = matches!(
        review,
        crate::analyse::DocReview::Overdue | crate::analyse::DocReview::DueSoon
    )
    .then(|| document_badge(d.status, review));
    let mut facts = vec![
        Some(Fact::text("Type", d.doc_type.label())),
        Some(Fact::text("Status", d.status.label())),
    ];
    facts.extend(control_facts(d, review_badge));
    facts.extend([
        l.site
            .source
            .git
            .get(&d.path)
            .and_then(|c| c.first())
            .map(|c| Fact {
                label: "Last changed",
                text: Some(format!("{} ({})", c.author, c.hash)),
                date: Some(c.date.to_string()),
                ..Fact::default()
            }),
        Fact::links("Clauses", l.refs(&d.clauses)),
        Fact::links("Controls", l.refs(&d.controls)),
    ]);
    #[derive(Serialize)]
    struct History {
        version: String,
        date: Option<String>,
        change: String,
    }
    let history: Vec<History> = d
        .history
        .iter()
        .rev()
        .map(|h| History {
            version: h.version.clone(),
            date: h.date.map(|x| x.to_string()),
            change: h.change.clone(),
        })
        .collect();
    let body = crate::render::bodies::page(l.bodies, l.site, i);
    let headings = crate::render::markdown::headings(&body);
    // A contents list only where there is something to find.
    let toc = if headings.len() >= TOC_MIN_HEADINGS {
        headings
    } else {
        Vec::new()
    };
    #[derive(Serialize)]
    struct DocumentDetail<'a> {
        summary: Option<&'a str>,
        toc: Vec<crate::render::markdown::Heading>,
        /// The level of the contents list's top entries (deeper ones indent).
        toc_top: u8,
        body: String,
        history: Vec<History>,
        changes: Vec<Change>,
    }
    #[derive(Serialize)]
    struct Change {
        date: String,
        author: String,
        message: String,
        hash: String,
    }
    let changes: Vec<Change> = l
        .site
        .source
        .git
        .get(&d.path)
        .into_iter()
        .flatten()
        .map(|c| Change {
            date: c.date.to_string(),
            author: c.author.clone(),
            message: c.message.clone(),
            hash: c.hash.clone(),
        })
        .collect();
    let print_ref = match &d.version {
        Some(v) => format!("{} version {v}", d.id),
        None => d.id.clone(),
    };
    record_page(
        "document.html",
        record(l, Target::Document(i), facts, Some(&d.path)),
        "documents",
        DocumentDetail {
            summary: d.summary.as_deref(),
            toc_top: toc.iter().map(|h| h.level).min().unwrap_or(2),
            toc,
            body,
            history,
            changes,
        },
    )
    .with_print_ref(print_ref)
}

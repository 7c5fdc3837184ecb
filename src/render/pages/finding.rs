//! A finding's page: the requirement it is against, its actions and their
//! effectiveness, and its timeline.

use super::record::{actions_table, files_fact, md, record, record_page};
use crate::render::page::PageOut;
use crate::render::view::{finding_status_badge, finding_type_badge, Fact, Link, Linker};
use crate::resolve::Target;
use serde::Serialize;

/// A finding's page.
pub fn page(l: &Linker<'_>, a: usize, f: usize) -> PageOut {
    let audit = &l.site.source.audits[a];
    let finding = &audit.findings[f];
    let facts = vec![
        Fact::links("Audit", l.id(&audit.id).into_iter().collect()),
        Some(Fact::badge(
            "Type",
            finding_type_badge(finding.finding_type),
        )),
        Some(Fact::badge(
            "Status",
            finding_status_badge(l.analysis.finding(&finding.id)),
        )),
        Fact::date("Raised", audit.start, None),
        Fact::links("Clauses", l.refs(&finding.clauses)),
        Fact::links("Controls", l.refs(&finding.controls)),
        Fact::links("Documents", l.refs(&finding.documents)),
        files_fact(l, "Evidence", &finding.evidence),
    ];
    let description = md(l.site, &finding.description, &audit.path);
    // Its own actions (cancelled ones too), then follow-ups of those.
    let mut answering: Vec<&crate::model::Action> = l.site.actions_from(&finding.id).collect();
    for follow_up in crate::analyse::history::finding_actions(l.site, finding) {
        if !answering.iter().any(|a| a.id == follow_up.id) {
            answering.push(follow_up);
        }
    }
    let actions = actions_table(l, answering.iter().copied());
    let mut ids: Vec<&str> = vec![finding.id.as_str()];
    ids.extend(answering.iter().map(|a| a.id.as_str()));
    let path = super::improvement::record_events(l, &ids);
    let recurrence: Vec<Recurrence> = l
        .analysis
        .recurrences
        .get(&finding.id)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            Some(Recurrence {
                link: l.id(id)?,
                stated: finding.recurrence_of.iter().any(|r| &r.id == id),
            })
        })
        .collect();
    record_page(
        "finding.html",
        record(l, Target::Finding(a, f), facts, Some(&audit.path)),
        "findings",
        FindingDetail {
            description,
            actions,
            path,
            recurrence,
        },
    )
}

/// A finding page's own values.
#[derive(Serialize)]
struct FindingDetail<D, A, P> {
    description: D,
    actions: A,
    path: P,
    recurrence: Vec<Recurrence>,
}

/// An earlier finding this one recurs, and why: stated in `recurrence_of`,
/// or a closed nonconformity on a shared control within the 12 months before.
#[derive(Serialize)]
struct Recurrence {
    link: Link,
    stated: bool,
}

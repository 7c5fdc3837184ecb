//! The context page (clauses 4.1 and 4.2): the issues and the interested
//! parties, with what changed when; and one page per issue and party, which
//! `[[ISS-3]]` and `[[IP-2]]` link to.

use super::record::{record, record_page};
use crate::analyse::context::events;
use crate::model::{Change, RecordKind};
use crate::render::page::PageOut;
use crate::render::view::{Badge, Cell, Fact, Link, Linker, Table};
use crate::resolve::{routes, Target};
use serde::Serialize;

fn yes_no(v: Option<bool>) -> Cell {
    match v {
        Some(true) => Cell::text("Yes"),
        Some(false) => Cell::text("No"),
        None => Cell::badge(Badge::new("Not stated", "muted")),
    }
}

fn link(l: &Linker<'_>, t: Target) -> Cell {
    Cell::link(l.target(t))
}

/// The context page's values.
#[derive(Serialize)]
struct ContextPage {
    has_file: bool,
    issues: Table,
    parties: Table,
    changes: Table,
    climate: Climate,
}

/// The climate-change decision the issues state (Amendment 1:2024, 4.1),
/// by the rule of the `climate-not-decided` check.
#[derive(Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
enum Climate {
    /// Relevant: the issues marked `climate: true`.
    Relevant { issues: Vec<Link> },
    /// Issues say `climate: false`, none `true`.
    NotRelevant,
    /// No issue says either (or there is no `context.yaml`).
    NotDecided,
}

/// The context page: the kind's index.
pub fn index(l: &Linker<'_>) -> PageOut {
    let issues = l.site.issues();
    let parties = l.site.parties();
    let climate: Vec<Link> = issues
        .iter()
        .enumerate()
        .filter(|(_, x)| x.climate == Some(true))
        .map(|(i, _)| l.target(Target::Issue(i)))
        .collect();
    let decided = issues.iter().any(|x| x.climate.is_some());
    PageOut::new(
        "context.html",
        routes::first_index(RecordKind::Context),
        "Context of the organization".to_string(),
        "context",
        ContextPage {
            has_file: l.site.source.context.is_some(),
            issues: Table {
                columns: vec![
                    "Issue", "Kind", "Category", "Climate", "Since", "Until", "Note",
                ],
                rows: issues
                    .iter()
                    .enumerate()
                    .map(|(i, x)| {
                        vec![
                            link(l, Target::Issue(i)),
                            Cell::text(x.kind.map_or("—", |k| k.label())),
                            Cell::text(x.category.clone().unwrap_or_else(|| "—".into())),
                            yes_no(x.climate),
                            Cell::date(x.since),
                            Cell::date(x.until),
                            Cell::text(x.note.clone().unwrap_or_default()),
                        ]
                    })
                    .collect(),
                empty: "No issues recorded.",
            },
            parties: Table {
                columns: vec!["Party", "Needs", "Through the ISMS", "Since", "Until"],
                rows: parties
                    .iter()
                    .enumerate()
                    .map(|(i, x)| {
                        vec![
                            link(l, Target::Party(i)),
                            Cell::text(x.needs.clone().unwrap_or_default()),
                            yes_no(x.via_isms),
                            Cell::date(x.since),
                            Cell::date(x.until),
                        ]
                    })
                    .collect(),
                empty: "No interested parties recorded.",
            },
            changes: Table {
                columns: vec!["Date", "Entry", "What"],
                rows: events(l.site)
                    .into_iter()
                    .map(|e| {
                        vec![
                            Cell::date(Some(e.date)),
                            link(l, e.target),
                            Cell::text(e.what.text()),
                        ]
                    })
                    .collect(),
                empty: "No dated changes.",
            },
            climate: match (decided, climate.is_empty()) {
                (false, _) => Climate::NotDecided,
                (true, true) => Climate::NotRelevant,
                (true, false) => Climate::Relevant { issues: climate },
            },
        },
    )
}

/// An entry page's own values.
#[derive(Serialize)]
struct EntryDetail {
    changes: Table,
    context_url: String,
}

/// The page of an issue or an interested party.
pub fn entry(l: &Linker<'_>, target: Target) -> PageOut {
    let (facts, changed): (Vec<Option<Fact>>, &[Change]) = match target {
        Target::Issue(i) => {
            let x = &l.site.issues()[i];
            let climate = x
                .climate
                .map(|c| if c { "Relevant" } else { "Not relevant" });
            (
                vec![
                    x.kind.map(|k| Fact::text("Kind", k.label())),
                    Fact::opt_text("Category", x.category.as_deref()),
                    Fact::opt_text("Climate change", climate),
                    Fact::date("Since", x.since, None),
                    Fact::date("Until", x.until, None),
                    Fact::opt_text("Note", x.note.as_deref()),
                ],
                &x.changed,
            )
        }
        Target::Party(i) => {
            let x = &l.site.parties()[i];
            let via = x.via_isms.map(|v| if v { "Yes" } else { "No" });
            (
                vec![
                    Fact::opt_text("Needs and expectations", x.needs.as_deref()),
                    Fact::opt_text("Addressed through the ISMS", via),
                    Fact::date("Since", x.since, None),
                    Fact::date("Until", x.until, None),
                ],
                &x.changed,
            )
        }
        _ => (Vec::new(), &[][..]),
    };
    let path = l.site.source.context.as_ref().map(|c| c.path.as_str());
    record_page(
        "context-entry.html",
        record(l, target, facts, path),
        "context",
        EntryDetail {
            changes: Table {
                columns: vec!["Date", "Change"],
                rows: changed
                    .iter()
                    .rev()
                    .map(|c| vec![Cell::date(Some(c.on)), Cell::text(c.note.clone())])
                    .collect(),
                empty: "No recorded changes.",
            },
            context_url: "index.html".into(),
        },
    )
}

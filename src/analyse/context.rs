//! What changed when in the context (clauses 4.1 and 4.2): every dated
//! event of the issues and interested parties (added, changed, retired),
//! for the context page and for a period such as the one a management
//! review covers. Also the check `climate-not-decided`.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Change, Date};
use crate::resolve::{Site, Target};

/// What happened to a context entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// It arose (`since`).
    Added,
    /// A `changed` entry, with its note.
    Changed(String),
    /// It stopped being one (`until`).
    Retired,
}

impl What {
    /// A short text for people.
    pub fn text(&self) -> String {
        match self {
            What::Added => "Added".into(),
            What::Changed(note) => format!("Changed: {note}"),
            What::Retired => "Retired".into(),
        }
    }
}

/// One dated event of an issue or interested party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When.
    pub date: Date,
    /// The entry (`Target::Issue` or `Target::Party`).
    pub target: Target,
    /// What happened.
    pub what: What,
}

fn events_of(
    target: Target,
    since: Option<Date>,
    changed: &[Change],
    until: Option<Date>,
    out: &mut Vec<Event>,
) {
    out.extend(since.map(|date| Event {
        date,
        target,
        what: What::Added,
    }));
    out.extend(changed.iter().map(|c| Event {
        date: c.on,
        target,
        what: What::Changed(c.note.clone()),
    }));
    out.extend(until.map(|date| Event {
        date,
        target,
        what: What::Retired,
    }));
}

/// Every dated event of the context, newest first.
pub fn events(site: &Site) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, x) in site.issues().iter().enumerate() {
        events_of(Target::Issue(i), x.since, &x.changed, x.until, &mut out);
    }
    for (i, x) in site.parties().iter().enumerate() {
        events_of(Target::Party(i), x.since, &x.changed, x.until, &mut out);
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.date));
    out
}

/// The events after `from` (none: from the start) up to and including `to`,
/// newest first.
pub fn events_between(site: &Site, from: Option<Date>, to: Date) -> Vec<Event> {
    events(site)
        .into_iter()
        .filter(|e| from.is_none_or(|f| e.date > f) && e.date <= to)
        .collect()
}

/// Whether an issue in force on `until` states whether climate change is
/// relevant (`climate: true` or `false`): the decision Amendment 1:2024
/// asks for in 4.1.
pub fn climate_decided(site: &Site, until: Date) -> bool {
    site.issues()
        .iter()
        .filter(|x| x.since.is_none_or(|s| s <= until))
        .any(|x| x.climate.is_some())
}

/// `climate-not-decided`, when there is a `context.yaml` to decide in.
pub fn check(site: &Site, as_of: Date, diags: &mut Diagnostics) {
    let Some(context) = &site.source.context else {
        return;
    };
    if !climate_decided(site, as_of) {
        diags.push(
            Diagnostic::warning(
                "climate-not-decided",
                "no issue in the context states whether climate change is relevant",
            )
            .at(context
                .issues_at
                .clone()
                .unwrap_or_else(|| Location::on_line(&context.path, None, 1, 1, 1)))
            .help("ISO/IEC 27001 Amendment 1:2024 (4.1): set `climate: true` on the issue it concerns, or `climate: false` where it was judged not relevant"),
        );
    }
}

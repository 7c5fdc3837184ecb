//! What changed when in the context (clauses 4.1 and 4.2): every dated
//! event of the issues and interested parties (added, changed, retired),
//! for the context page and for a period such as the one a management
//! review covers.

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

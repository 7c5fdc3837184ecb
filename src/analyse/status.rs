//! Status of actions, findings and documents at the as-of date.

use super::history::Closure;
use crate::model::{Date, DocStatus, Finding};
use crate::resolve::{Site, Target};
use std::collections::HashMap;
use std::ops::Range;

/// An action's state at the as-of date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionState {
    /// Past due and not done.
    pub overdue: bool,
    /// Due within `due_soon_days` and not done.
    pub due_soon: bool,
    /// Days past due (positive when overdue).
    pub days_overdue: i64,
    /// Days from opened to closed, if both are known.
    pub days_to_close: Option<i64>,
}

/// Where a finding stands, derived from its actions (see
/// [`super::history::closure`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingStatus {
    /// Needs action: none raised (cancelled ones do not count), or some
    /// still open.
    Open,
    /// The latest review of an action's effectiveness found it not
    /// effective: open until a later action is reviewed effective.
    NotEffective,
    /// Every action is done; for a nonconformity, no corrective action has
    /// been reviewed effective yet.
    Implemented,
    /// Every action is done and, for a nonconformity, a corrective action
    /// was reviewed effective.
    Closed,
    /// An observation or OFI with no action: noted.
    Noted,
}

impl FindingStatus {
    /// Keyword for CSS and data.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::NotEffective => "not-effective",
            FindingStatus::Implemented => "implemented",
            FindingStatus::Closed => "closed",
            FindingStatus::Noted => "noted",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            FindingStatus::Open => "Open",
            FindingStatus::NotEffective => "Not effective",
            FindingStatus::Implemented => "Action implemented",
            FindingStatus::Closed => "Closed",
            FindingStatus::Noted => "Noted",
        }
    }

    /// Still needs work.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            FindingStatus::Open | FindingStatus::NotEffective | FindingStatus::Implemented
        )
    }
}

/// A document's review state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocReview {
    /// The review date has passed.
    Overdue,
    /// The review date is within `review_warning_days`.
    DueSoon,
    /// Reviewed and not due yet.
    Current,
    /// No review date (drafts, retired documents, or none given).
    NotScheduled,
}

impl DocReview {
    /// Keyword for CSS and data.
    pub fn as_str(self) -> &'static str {
        match self {
            DocReview::Overdue => "overdue",
            DocReview::DueSoon => "due-soon",
            DocReview::Current => "current",
            DocReview::NotScheduled => "not-scheduled",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            DocReview::Overdue => "Review overdue",
            DocReview::DueSoon => "Review due soon",
            DocReview::Current => "Current",
            DocReview::NotScheduled => "No review date",
        }
    }
}

/// Every action's state; none for an action whose file has an error (its
/// status may be a typo: "472 days overdue" would be a second mistake).
pub fn actions(site: &Site, as_of: Date) -> HashMap<String, ActionState> {
    let soon = site.source.config.due_soon_days;
    site.actions()
        .iter()
        .filter(|a| !site.source.is_flawed(&a.path))
        .map(|a| {
            let open = !a.status.is_done();
            let days_overdue = a.due.map(|d| d.days_until(as_of)).unwrap_or(0);
            let state = ActionState {
                overdue: open && days_overdue > 0,
                due_soon: open && a.due.is_some() && days_overdue <= 0 && -days_overdue <= soon,
                days_overdue,
                days_to_close: match (a.opened, a.closed) {
                    (Some(o), Some(c)) => Some(o.days_until(c)),
                    _ => None,
                },
            };
            (a.id.clone(), state)
        })
        .collect()
}

/// Every finding's status, from `closures` ([`super::history::closures`]).
pub fn findings(site: &Site, closures: &[Closure<'_>]) -> HashMap<String, FindingStatus> {
    site.findings()
        .zip(closures)
        .map(|((_, f), c)| (f.id.clone(), c.status))
        .collect()
}

/// Every document's review state (not scheduled while its file has an error).
pub fn documents(site: &Site, as_of: Date) -> HashMap<String, DocReview> {
    let warn = site.source.config.review_warning_days;
    site.documents()
        .iter()
        .filter(|d| !site.source.is_flawed(&d.path))
        .map(|d| {
            let state = match (d.status, d.next_review) {
                (DocStatus::Approved, Some(next)) => {
                    let days = as_of.days_until(next);
                    if days < 0 {
                        DocReview::Overdue
                    } else if days <= warn {
                        DocReview::DueSoon
                    } else {
                        DocReview::Current
                    }
                }
                _ => DocReview::NotScheduled,
            };
            (d.id.clone(), state)
        })
        .collect()
}

/// Metrics whose next measurement is overdue for their frequency.
pub fn metrics_overdue(site: &Site, as_of: Date) -> HashMap<String, bool> {
    site.metrics()
        .iter()
        .filter(|m| !site.source.is_flawed(&m.path))
        .map(|m| {
            let overdue = match (
                m.frequency,
                m.measurements.iter().rev().find(|x| x.date <= as_of),
            ) {
                (Some(f), Some(last)) => last.date.days_until(as_of) > f.days() + 7,
                _ => false,
            };
            (m.id.clone(), overdue)
        })
        .collect()
}

/// The part of `list` (in order of `closed_on`) closed on or before `raised`
/// and at most 366 days before it: every entry closed within the 12 months
/// up to `raised`, and perhaps a day more. Counted in days, as
/// `Date::add_months` stops changing dates near the end of the calendar.
fn last_year(list: &[usize], closed_on: impl Fn(usize) -> Date, raised: Date) -> Range<usize> {
    let start = list.partition_point(|&i| closed_on(i).days_until(raised) > 366);
    let end = list.partition_point(|&i| closed_on(i) <= raised);
    start..end.max(start)
}

/// The earlier findings each nonconformity recurs: those it names in
/// `recurrence_of`, and every closed nonconformity sharing an Annex A
/// control (a clause alone is not enough) closed in the 12 months before it
/// was raised. Observations and OFIs never recur. Sorted ids, by finding.
/// `closures` are the findings' ([`super::history::closures`]).
pub fn recurrences(site: &Site, closures: &[Closure<'_>]) -> HashMap<String, Vec<String>> {
    let closed: Vec<(Date, &Finding)> = site
        .findings()
        .zip(closures)
        .filter(|((_, f), _)| f.finding_type.is_nonconformity())
        .filter_map(|((_, f), c)| Some((c.closed_on?, f)))
        .collect();
    // Closed nonconformities by the controls they name, each list in order
    // of closing, so each finding only looks at the ones sharing a control
    // and closed in the 12 months before it was raised.
    let mut by_control: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, g)) in closed.iter().enumerate() {
        for c in &g.controls {
            by_control.entry(c.id.as_str()).or_default().push(i);
        }
    }
    for list in by_control.values_mut() {
        list.sort_by_key(|&i| closed[i].0);
    }
    let mut out = HashMap::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (audit, f) in site.findings() {
        if !f.finding_type.is_nonconformity() {
            continue;
        }
        let mut earlier: Vec<String> = f
            .recurrence_of
            .iter()
            .filter(|r| r.id != f.id && matches!(site.get(&r.id), Some(Target::Finding(..))))
            .map(|r| r.id.clone())
            .collect();
        if let Some(raised) = audit.start {
            candidates.clear();
            for list in f
                .controls
                .iter()
                .filter_map(|c| by_control.get(c.id.as_str()))
            {
                candidates.extend_from_slice(&list[last_year(list, |i| closed[i].0, raised)]);
            }
            candidates.sort_unstable();
            candidates.dedup();
            // The exact test: `last_year` only narrows the candidates down.
            earlier.extend(
                candidates
                    .iter()
                    .map(|&i| &closed[i])
                    .filter(|(closed_on, g)| {
                        g.id != f.id && *closed_on <= raised && closed_on.add_months(12) >= raised
                    })
                    .map(|(_, g)| g.id.clone()),
            );
        }
        earlier.sort();
        earlier.dedup();
        if !earlier.is_empty() {
            out.insert(f.id.clone(), earlier);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_year_holds_every_finding_closed_in_the_12_months_before() {
        let date = |t: &str| Date::parse(t).expect("date");
        let closed: Vec<Date> = [
            "2023-01-31",
            "2024-02-29",
            "2024-03-01",
            "2024-06-30",
            "2025-02-28",
            "2025-03-01",
            "2025-06-30",
            "2025-07-01",
            "9998-06-01",
            "9998-12-31",
            "9999-01-01",
            "9999-12-31",
        ]
        .iter()
        .map(|t| date(t))
        .collect();
        let list: Vec<usize> = (0..closed.len()).collect();
        for raised in [
            "2024-02-29",
            "2025-02-28",
            "2025-03-01",
            "2025-06-30",
            "2026-01-01",
            "9999-06-01",
            "9999-12-31",
        ] {
            let raised = date(raised);
            let window = last_year(&list, |i| closed[i], raised);
            for (i, c) in closed.iter().enumerate() {
                if *c <= raised && c.add_months(12) >= raised {
                    assert!(
                        window.contains(&i),
                        "{c} closed, {raised} raised: {window:?}"
                    );
                }
            }
            // And it narrows: nothing closed after `raised` or years before.
            for i in window {
                assert!(closed[i] <= raised && closed[i].days_until(raised) <= 366);
            }
        }
    }
}

//! The state of actions and findings at any past date, from their logs.
//!
//! An action's status at a date is the last status its `log` records on or
//! before that date (else `open` once opened, and `closed` from its `closed`
//! date); its due date then is the last due-date change recorded by then (else
//! its `due`). A finding's closure follows from its actions and their
//! effectiveness reviews ([`closure`]).

use super::FindingStatus;
use crate::model::{Action, ActionKind, ActionStatus, Date, Finding};
use crate::resolve::{Site, Target};

/// Overdue on `date`.
pub fn overdue_on(action: &Action, date: Date) -> bool {
    match action.status_on(date) {
        Some(s) if !s.is_done() => action.due_on(date).is_some_and(|d| d < date),
        _ => false,
    }
}

/// The date an action's work was finished (implemented or beyond), if it was.
pub fn finished_on(action: &Action) -> Option<Date> {
    if let Some(closed) = action.closed {
        return Some(closed);
    }
    action
        .log
        .iter()
        .find(|e| e.status.is_some_and(|s| s.is_done()))
        .map(|e| e.date)
}

/// The actions that answer a finding: those raised from it, and the
/// follow-ups raised from those actions (an action raised from an
/// ineffective one), in source order; cancelled actions do not count.
pub fn finding_actions<'s>(site: &'s Site, finding: &Finding) -> Vec<&'s Action> {
    let mut found: Vec<&Action> = Vec::new();
    let mut queue: Vec<&str> = vec![finding.id.as_str()];
    // Follow-up chains are short; the bound guards against cycles.
    for _ in 0..16 {
        let Some(source) = queue.pop() else { break };
        for action in site.actions_from(source) {
            if !found.iter().any(|a| a.id == action.id) {
                found.push(action);
                queue.push(action.id.as_str());
            }
        }
    }
    found.retain(|a| a.status != ActionStatus::Cancelled);
    found.sort_by_key(|a| match site.get(&a.id) {
        Some(Target::Action(i)) => i,
        _ => usize::MAX,
    });
    found
}

/// What the records prove about a finding at the as-of date of `site`.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure<'s> {
    /// Its status.
    pub status: FindingStatus,
    /// The day it was closed, when it is and the records date it.
    pub closed_on: Option<Date>,
    /// The action whose `effective: false` review keeps it open.
    pub ineffective: Option<&'s Action>,
}

/// The day an action's effectiveness was reviewed, else the best date the
/// records give for the review (closed, opened), to order reviews.
fn review_order(action: &Action) -> Option<Date> {
    action
        .effectiveness
        .as_ref()
        .and_then(|e| e.reviewed_on)
        .or(action.closed)
        .or(action.opened)
}

/// A finding's status from its actions. A nonconformity is closed only
/// when every action is done and a corrective action was reviewed
/// effective (clause 10.2 d, f); the latest effectiveness review deciding
/// `effective: false` keeps it open as *not effective* until a later action
/// is reviewed effective. Observations and OFIs close when their actions are
/// verified or closed.
pub fn closure<'s>(site: &'s Site, finding: &Finding) -> Closure<'s> {
    let actions = finding_actions(site, finding);
    let open = |status| Closure {
        status,
        closed_on: None,
        ineffective: None,
    };
    if actions.is_empty() {
        return open(if finding.finding_type.is_nonconformity() {
            FindingStatus::Open
        } else {
            FindingStatus::Noted
        });
    }
    let all_done = actions.iter().all(|a| a.status.is_done());
    let finished = || {
        actions
            .iter()
            .map(|a| finished_on(a))
            .collect::<Option<Vec<Date>>>()
            .and_then(|dates| dates.into_iter().max())
    };
    if !finding.finding_type.is_nonconformity() {
        let final_state = actions
            .iter()
            .all(|a| matches!(a.status, ActionStatus::Verified | ActionStatus::Closed));
        return match (final_state, all_done) {
            (true, _) => Closure {
                status: FindingStatus::Closed,
                closed_on: finished(),
                ineffective: None,
            },
            (false, true) => open(FindingStatus::Implemented),
            (false, false) => open(FindingStatus::Open),
        };
    }
    let mut reviewed: Vec<(&Action, bool)> = actions
        .iter()
        .filter_map(|a| Some((*a, a.effectiveness.as_ref()?.effective?)))
        .collect();
    reviewed.sort_by_key(|(a, _)| review_order(a));
    if let Some(&(last, false)) = reviewed.last() {
        return Closure {
            status: FindingStatus::NotEffective,
            closed_on: None,
            ineffective: Some(last),
        };
    }
    let effective: Vec<&Action> = reviewed
        .iter()
        .filter(|(a, ok)| *ok && a.kind == ActionKind::Corrective)
        .map(|(a, _)| *a)
        .collect();
    match (all_done, effective.is_empty()) {
        (true, false) => Closure {
            status: FindingStatus::Closed,
            closed_on: finished().and_then(|done| {
                let reviews: Option<Vec<Date>> = effective
                    .iter()
                    .map(|a| a.effectiveness.as_ref().and_then(|e| e.reviewed_on))
                    .collect();
                let first_effective = reviews?.into_iter().min()?;
                Some(done.max(first_effective))
            }),
            ineffective: None,
        },
        (true, true) => open(FindingStatus::Implemented),
        (false, _) => open(FindingStatus::Open),
    }
}

/// The [`closure`] of every finding of `site`, in the order of
/// [`Site::findings`], worked out in parallel: analyse computes them once
/// and hands them to every part that needs a finding's status or closing
/// date (statuses, recurrences, trends, checks).
pub fn closures(site: &Site) -> Vec<Closure<'_>> {
    use rayon::prelude::*;
    let findings: Vec<&Finding> = site.findings().map(|(_, f)| f).collect();
    findings.par_iter().map(|f| closure(site, f)).collect()
}

//! The state of actions and findings at any past date, from their logs.
//!
//! An action's status at a date is the last status its `log` records on or
//! before that date (else `open` once opened, and `closed` from its `closed`
//! date); its due date then is the last due-date change recorded by then (else
//! its `due`). A finding is open at a date once raised, until every action
//! raised from it is verified, closed or cancelled.

use crate::model::{Action, ActionStatus, Date, Finding};
use crate::resolve::Site;

/// An action's status on `date`, or `None` before it was opened.
pub fn action_status_on(action: &Action, date: Date) -> Option<ActionStatus> {
    let start = action
        .opened
        .or_else(|| action.log.first().map(|e| e.date))?;
    if date < start {
        return None;
    }
    let mut status = ActionStatus::Open;
    let mut from_log = false;
    for entry in action.log.iter().take_while(|e| e.date <= date) {
        if let Some(s) = entry.status {
            status = s;
            from_log = true;
        }
    }
    if !from_log && action.log.iter().all(|e| e.status.is_none()) {
        // No log: only `opened`, `closed` and the current status are known.
        status = match action.closed {
            Some(closed) if closed <= date => action.status,
            _ if action.status.is_done() && action.closed.is_none() => action.status,
            _ => ActionStatus::Open,
        };
    }
    Some(status)
}

/// The due date in force on `date`.
pub fn due_on(action: &Action, date: Date) -> Option<Date> {
    let mut due = None;
    for entry in &action.log {
        if let Some(d) = entry.due {
            if entry.date <= date {
                due = Some(d);
            } else if due.is_none() {
                // The due date before the first recorded change is not known;
                // take the first recorded one.
                due = Some(d);
                break;
            }
        }
    }
    due.or(action.due)
}

/// Overdue on `date`.
pub fn overdue_on(action: &Action, date: Date) -> bool {
    match action_status_on(action, date) {
        Some(s) if !s.is_done() => due_on(action, date).is_some_and(|d| d < date),
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

/// The date a finding was closed: when its last action became verified,
/// closed or cancelled (if all are).
pub fn finding_closed_on(site: &Site, finding: &Finding) -> Option<Date> {
    let actions: Vec<&Action> = site.actions_from(&finding.id).collect();
    if actions.is_empty() {
        return None;
    }
    let mut last = None;
    for a in actions {
        let final_state = matches!(
            a.status,
            ActionStatus::Verified | ActionStatus::Closed | ActionStatus::Cancelled
        );
        if !final_state {
            return None;
        }
        let date = a
            .log
            .iter()
            .rev()
            .find(|e| {
                e.status.is_some_and(|s| {
                    matches!(
                        s,
                        ActionStatus::Verified | ActionStatus::Closed | ActionStatus::Cancelled
                    )
                })
            })
            .map(|e| e.date)
            .or(a.effectiveness.as_ref().and_then(|e| e.reviewed_on))
            .or(a.closed)?;
        last = last.max(Some(date));
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::{ActionKind, LogEntry, Text};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn action(log: Vec<LogEntry>, status: ActionStatus, due: &str) -> Action {
        Action {
            id: "CA-1".into(),
            id_at: Location::file("a.yaml"),
            title: "t".into(),
            kind: ActionKind::Corrective,
            sources: vec![],
            owner: None,
            opened: Some(d("2025-01-10")),
            due: Some(d(due)),
            due_at: None,
            status,
            status_at: Location::file("a.yaml"),
            closed: None,
            root_cause: Text::default(),
            plan: Text::default(),
            clauses: vec![],
            controls: vec![],
            satisfies: vec![],
            documents: vec![],
            evidence: vec![],
            effectiveness: None,
            log,
            path: "a.yaml".into(),
        }
    }

    fn entry(date: &str, status: Option<ActionStatus>, due: Option<&str>) -> LogEntry {
        LogEntry {
            date: d(date),
            status,
            due: due.map(d),
            note: None,
        }
    }

    #[test]
    fn status_and_due_follow_the_log() {
        let a = action(
            vec![
                entry("2025-01-10", Some(ActionStatus::Open), None),
                entry("2025-02-01", None, Some("2025-04-01")),
                entry("2025-03-15", Some(ActionStatus::Implemented), None),
            ],
            ActionStatus::Implemented,
            "2025-04-01",
        );
        assert_eq!(action_status_on(&a, d("2025-01-01")), None);
        assert_eq!(
            action_status_on(&a, d("2025-02-01")),
            Some(ActionStatus::Open)
        );
        assert_eq!(
            action_status_on(&a, d("2025-03-15")),
            Some(ActionStatus::Implemented)
        );
        assert_eq!(due_on(&a, d("2025-03-01")), Some(d("2025-04-01")));
        assert!(!overdue_on(&a, d("2025-03-20")));
        let late = action(vec![], ActionStatus::InProgress, "2025-02-01");
        assert!(overdue_on(&late, d("2025-02-02")));
        assert!(!overdue_on(&late, d("2025-02-01")));
        assert_eq!(finished_on(&a), Some(d("2025-03-15")));
    }
}

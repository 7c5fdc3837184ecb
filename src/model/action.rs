//! Corrective, preventive and improvement actions (clause 10).

use super::keyword::keyword_enum;
use super::{Date, FileRef, Ref, Satisfies, Text};
use crate::diag::Location;

keyword_enum! {
    /// What kind of action.
    ActionKind {
        Corrective => "corrective", "Corrective";
        Preventive => "preventive", "Preventive";
        Improvement => "improvement", "Improvement";
    }
}

keyword_enum! {
    /// Where an action is in its lifecycle.
    ActionStatus {
        Open => "open", "Open";
        InProgress => "in_progress", "In progress";
        Implemented => "implemented", "Implemented";
        Verified => "verified", "Verified";
        Closed => "closed", "Closed";
        Cancelled => "cancelled", "Cancelled";
    }
}

impl ActionStatus {
    /// Work on the action is finished (nothing is overdue any more).
    pub fn is_done(self) -> bool {
        matches!(
            self,
            ActionStatus::Implemented
                | ActionStatus::Verified
                | ActionStatus::Closed
                | ActionStatus::Cancelled
        )
    }
}

/// The review of an action's effectiveness (clause 10.2 f).
#[derive(Debug, Clone, PartialEq)]
pub struct Effectiveness {
    /// When reviewed.
    pub reviewed_on: Option<Date>,
    /// Who reviewed.
    pub by: Option<String>,
    /// The verdict.
    pub effective: Option<bool>,
    /// Notes, Markdown.
    pub note: Text,
}

/// One dated step in an action's life.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// When.
    pub date: Date,
    /// New status, if the status changed.
    pub status: Option<ActionStatus>,
    /// New due date, if the due date changed.
    pub due: Option<Date>,
    /// What happened.
    pub note: Option<String>,
}

/// A corrective, preventive or improvement action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Unique id.
    pub id: String,
    /// Where the id is defined.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: ActionKind,
    /// What raised it (finding, review, metric, audit or action ids).
    pub sources: Vec<Ref>,
    /// Owner role.
    pub owner: Option<Ref>,
    /// Where the `owner` key is written, also when its value is empty (then
    /// `empty-owner` already says so, and `no-owner` does not repeat it).
    pub owner_at: Option<Location>,
    /// When opened.
    pub opened: Option<Date>,
    /// Current due date.
    pub due: Option<Date>,
    /// Where the due date is written.
    pub due_at: Option<Location>,
    /// Status.
    pub status: ActionStatus,
    /// Where the status is written.
    pub status_at: Location,
    /// When closed (or implemented).
    pub closed: Option<Date>,
    /// Root cause analysis, Markdown.
    pub root_cause: Text,
    /// The plan, Markdown.
    pub plan: Text,
    /// Clauses concerned.
    pub clauses: Vec<Ref>,
    /// Controls concerned.
    pub controls: Vec<Ref>,
    /// Other frameworks' controls.
    pub satisfies: Satisfies,
    /// Documents changed or concerned.
    pub documents: Vec<Ref>,
    /// Evidence of implementation.
    pub evidence: Vec<FileRef>,
    /// Effectiveness review.
    pub effectiveness: Option<Effectiveness>,
    /// Dated history.
    pub log: Vec<LogEntry>,
    /// Source path.
    pub path: String,
}

impl Action {
    /// The status on `date`, or `None` before the action was opened: the
    /// last status its `log` records on or before that date (else `open`
    /// once opened, and its status from its `closed` date).
    pub fn status_on(&self, date: Date) -> Option<ActionStatus> {
        let start = self.opened.or_else(|| self.log.first().map(|e| e.date))?;
        if date < start {
            return None;
        }
        let mut status = ActionStatus::Open;
        let mut from_log = false;
        for entry in self.log.iter().take_while(|e| e.date <= date) {
            if let Some(s) = entry.status {
                status = s;
                from_log = true;
            }
        }
        if !from_log && self.log.iter().all(|e| e.status.is_none()) {
            // No log: only `opened`, `closed` and the current status are known.
            status = match self.closed {
                Some(closed) if closed <= date => self.status,
                _ if self.status.is_done() && self.closed.is_none() => self.status,
                _ => ActionStatus::Open,
            };
        }
        Some(status)
    }

    /// The due date in force on `date`: the last change the `log` records
    /// by then, else the first recorded one, else `due`.
    pub fn due_on(&self, date: Date) -> Option<Date> {
        let mut due = None;
        for entry in &self.log {
            if let Some(d) = entry.due {
                if entry.date <= date {
                    due = Some(d);
                } else if due.is_none() {
                    // The due date before the first recorded change is not
                    // known; take the first recorded one.
                    due = Some(d);
                    break;
                }
            }
        }
        due.or(self.due)
    }

    /// Overdue at `today`: past due and not done.
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.status.is_done() && self.due.is_some_and(|due| due < today)
    }

    /// The effectiveness review found it not effective.
    pub fn found_not_effective(&self) -> bool {
        self.effectiveness
            .as_ref()
            .is_some_and(|e| e.effective == Some(false))
    }
}

//! The ISMS as it stood on the as-of date.
//!
//! Records dated after the date do not exist yet: held audits that start
//! later (with their findings), actions opened later, reviews held later,
//! measurements taken later, document approvals and history entries made
//! later, effectiveness reviews made later, risks first assessed later,
//! commits made later. What remains
//! is rolled back to the date: an action's status, due date and closure come
//! from its `log` entries on or before it; a document approved later shows
//! its last earlier approval (or none: a draft); a risk reassessed later shows
//! the assessment in force then (from its `history`). Objectives set later
//! (`since`), incidents detected later and context issues and interested
//! parties that arose later are absent; an incident's containment,
//! resolution and notification made later are cleared, and so are context
//! entries' `until` and `changed` entries after the date. An objective's
//! stated status takes effect at its `due` date: before it, it is active.
//! Planned audits are the programme and stay. References from the records
//! that remain to records that exist only later (an incident's or a risk's
//! `actions`, a review's `actions`, ...) are dropped, so no page, count or
//! export names them. The ids of records that exist only later are
//! returned, so a reference to one in prose is not reported as unknown.

use crate::model::{AuditStatus, Date, DocStatus, ObjectiveStatus, Ref, Source};
use std::collections::HashSet;

/// Roll `source` back to `date`; the ids of records that exist only later.
pub fn at(source: &mut Source, date: Date) -> HashSet<String> {
    let mut later = HashSet::new();
    source.audits.retain(|a| {
        let held_later = a.status == AuditStatus::Held && a.start.is_some_and(|s| s > date);
        if held_later {
            later.insert(a.id.clone());
            later.extend(a.findings.iter().map(|f| f.id.clone()));
        }
        !held_later
    });
    source.actions.retain(|a| {
        // `status_on` is `None` before the action's first date (and for an
        // action with no date at all, which stays).
        let dated = a.opened.is_some() || !a.log.is_empty();
        let opened_later = dated && a.status_on(date).is_none();
        if opened_later {
            later.insert(a.id.clone());
        }
        !opened_later
    });
    for action in &mut source.actions {
        if let Some(status) = action.status_on(date) {
            action.status = status;
        }
        action.due = action.due_on(date);
        action.closed = action.closed.filter(|c| *c <= date);
        action.log.retain(|e| e.date <= date);
        if action
            .effectiveness
            .as_ref()
            .is_some_and(|e| e.reviewed_on.is_some_and(|r| r > date))
        {
            action.effectiveness = None;
        }
    }
    source.reviews.retain(|r| {
        let held_later = r.date.is_some_and(|d| d > date);
        if held_later {
            later.insert(r.id.clone());
        }
        !held_later
    });
    for metric in &mut source.metrics {
        metric.measurements.retain(|m| m.date <= date);
    }
    for doc in &mut source.documents {
        // Shared with the parse cache: copied only when this date changes it.
        let changes = doc.history.iter().any(|h| h.date.is_some_and(|d| d > date))
            || doc.approved_on.is_some_and(|d| d > date);
        if !changes {
            continue;
        }
        let doc = std::sync::Arc::make_mut(doc);
        doc.history.retain(|h| h.date.is_none_or(|d| d <= date));
        if doc.approved_on.is_some_and(|d| d > date) {
            // The approval in force then: the last dated history entry.
            match doc
                .history
                .iter()
                .filter(|h| h.date.is_some())
                .max_by_key(|h| h.date)
            {
                Some(entry) => {
                    doc.version = Some(entry.version.clone());
                    doc.approved_on = entry.date;
                }
                None => {
                    doc.status = DocStatus::Draft;
                    doc.version = None;
                    doc.approved_on = None;
                    doc.approved_by = None;
                    doc.next_review = None;
                }
            }
        }
    }
    source.risks.retain(|r| {
        let assessed_later = r.assessed_on.is_some() && r.ratings_on(date).is_none();
        if assessed_later {
            later.insert(r.id.clone());
        }
        !assessed_later
    });
    for risk in &mut source.risks {
        if let Some(then) = risk.ratings_on(date) {
            let (on, inherent, residual, acceptance) = (
                then.assessed_on,
                then.inherent.cloned(),
                then.residual.cloned(),
                then.acceptance.cloned(),
            );
            if risk.assessed_on != Some(on) {
                risk.assessed_on = Some(on);
                risk.inherent = inherent;
                risk.residual = residual;
                risk.acceptance = acceptance;
            }
        }
        risk.history.retain(|h| h.date <= date);
        risk.acceptance = risk
            .acceptance
            .take()
            .filter(|a| a.on.is_none_or(|on| on <= date));
    }
    objectives_and_incidents(source, date, &mut later);
    if let Some(context) = &mut source.context {
        context.issues.retain(|x| {
            let arose_later = x.since.is_some_and(|s| s > date);
            if arose_later {
                later.insert(x.id.clone());
            }
            !arose_later
        });
        context.parties.retain(|x| {
            let arose_later = x.since.is_some_and(|s| s > date);
            if arose_later {
                later.insert(x.id.clone());
            }
            !arose_later
        });
        for x in &mut context.issues {
            x.until = x.until.filter(|u| *u <= date);
            x.changed.retain(|c| c.on <= date);
        }
        for x in &mut context.parties {
            x.until = x.until.filter(|u| *u <= date);
            x.changed.retain(|c| c.on <= date);
        }
    }
    for commits in source.git.values_mut() {
        commits.retain(|c| c.date <= date);
    }
    drop_later_refs(source, &later);
    later
}

/// Drop the references to records that exist only later.
fn drop_later_refs(source: &mut Source, later: &HashSet<String>) {
    if later.is_empty() {
        return;
    }
    let keep = |refs: &mut Vec<Ref>| refs.retain(|r| !later.contains(&r.id));
    for a in &mut source.actions {
        keep(&mut a.sources);
    }
    for audit in &mut source.audits {
        for f in &mut audit.findings {
            keep(&mut f.recurrence_of);
        }
    }
    for r in &mut source.reviews {
        keep(&mut r.actions);
    }
    for r in &mut source.risks {
        keep(&mut r.actions);
    }
    for o in &mut source.objectives {
        keep(&mut o.metrics);
    }
    for i in &mut source.incidents {
        keep(&mut i.actions);
        keep(&mut i.risks);
    }
}

/// Objectives set later and incidents detected later are absent; what an
/// incident's handling reached later is cleared.
fn objectives_and_incidents(source: &mut Source, date: Date, later: &mut HashSet<String>) {
    source.objectives.retain(|o| {
        let set_later = o.since.is_some_and(|s| s > date);
        if set_later {
            later.insert(o.id.clone());
        }
        !set_later
    });
    for o in &mut source.objectives {
        if o.due.is_some_and(|d| d > date) {
            o.status = ObjectiveStatus::Active;
        }
    }
    source.incidents.retain(|i| {
        let detected_later = i.detected.is_some_and(|d| d > date);
        if detected_later {
            later.insert(i.id.clone());
        }
        !detected_later
    });
    for incident in &mut source.incidents {
        incident.contained = incident.contained.filter(|d| *d <= date);
        incident.resolved = incident.resolved.filter(|d| *d <= date);
        if let Some(n) = &mut incident.notifiable {
            n.notified_on = n.notified_on.filter(|d| *d <= date);
        }
    }
}

//! An action's page: its source, lifecycle, log and effectiveness review.

use super::record::{files_fact, md, record, record_page};
use crate::model::Action;
use crate::render::page::PageOut;
use crate::render::view::{action_badge, Badge, Fact, Linker};
use crate::resolve::Target;
use serde::Serialize;

/// An action page's own values.
#[derive(Serialize)]
struct ActionDetail<E, L, C> {
    root_cause: Option<String>,
    plan: Option<String>,
    effectiveness: E,
    log: L,
    lifecycle: C,
}

/// An action's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let a: &Action = &l.site.source.actions[i];
    let state = l.analysis.action(&a.id);
    let due_badge = if state.overdue {
        Some(Badge::new(
            format!("{} days overdue", state.days_overdue),
            "bad",
        ))
    } else if state.due_soon {
        Some(Badge::new("Due soon", "warn"))
    } else {
        None
    };
    let facts = vec![
        Some(Fact::text("Kind", a.kind.label())),
        Some(Fact::badge("Status", action_badge(a, l.analysis))),
        Fact::links("Raised from", l.refs(&a.sources)),
        a.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        Fact::date("Opened", a.opened, None),
        Fact::date("Due", a.due, due_badge),
        Fact::date("Closed", a.closed, None),
        state
            .days_to_close
            .map(|d| Fact::text("Days to close", d.to_string())),
        Fact::links("Clauses", l.refs(&a.clauses)),
        Fact::links("Controls", l.refs(&a.controls)),
        Fact::links("Documents", l.refs(&a.documents)),
        files_fact(l, "Evidence", &a.evidence),
    ];
    #[derive(Serialize)]
    struct Effect {
        reviewed_on: Option<String>,
        by: Option<String>,
        verdict: Badge,
        note: Option<String>,
    }
    let effectiveness = a.effectiveness.as_ref().map(|e| Effect {
        reviewed_on: e.reviewed_on.map(|d| d.to_string()),
        by: e.by.clone(),
        verdict: match e.effective {
            Some(true) => Badge::new("Effective", "ok"),
            Some(false) => Badge::new("Not effective", "bad"),
            None => Badge::new("Verdict not recorded", "muted"),
        },
        note: md(l.site, &e.note, &a.path),
    });
    #[derive(Serialize)]
    struct Step {
        date: String,
        status: Option<&'static str>,
        due: Option<String>,
        note: Option<String>,
    }
    let log: Vec<Step> = a
        .log
        .iter()
        .map(|e| Step {
            date: e.date.to_string(),
            status: e.status.map(|s| s.label()),
            due: e.due.map(|d| d.to_string()),
            note: e.note.clone(),
        })
        .collect();
    record_page(
        "action.html",
        record(l, Target::Action(i), facts, Some(&a.path)),
        "actions",
        ActionDetail {
            root_cause: md(l.site, &a.root_cause, &a.path),
            plan: md(l.site, &a.plan, &a.path),
            effectiveness,
            log,
            lifecycle: lifecycle(l, a),
        },
    )
}

#[derive(Serialize)]
struct Step {
    date: String,
    day: Option<i64>,
    tone: &'static str,
    text: String,
    upcoming: bool,
}

/// An action's lifecycle: its events plus the due date, with the day count
/// since it was opened.
fn lifecycle(l: &Linker<'_>, a: &Action) -> Vec<Step> {
    let as_of = l.analysis.as_of;
    let index = &l.analysis.timeline_index.by_record;
    let mut steps: Vec<(crate::model::Date, Step)> = index
        .get(&a.id)
        .into_iter()
        .flatten()
        .map(|&i| {
            let e = &l.analysis.timeline[i];
            let tone = match e.tone {
                crate::analyse::timeline::Tone::Info => "info",
                crate::analyse::timeline::Tone::Good => "ok",
                crate::analyse::timeline::Tone::Warn => "warn",
                crate::analyse::timeline::Tone::Bad => "bad",
            };
            (
                e.date,
                Step {
                    date: e.date.to_string(),
                    day: a.opened.map(|o| o.days_until(e.date)),
                    tone,
                    text: e.text.clone(),
                    upcoming: false,
                },
            )
        })
        .collect();
    if let Some(due) = a.due {
        let state = l.analysis.action(&a.id);
        let text = if a.status.is_done() {
            "Due date".to_string()
        } else if state.overdue {
            format!("Due date passed: {} days overdue", state.days_overdue)
        } else {
            format!("Due in {} days", as_of.days_until(due))
        };
        steps.push((
            due,
            Step {
                date: due.to_string(),
                day: a.opened.map(|o| o.days_until(due)),
                tone: if state.overdue { "bad" } else { "info" },
                text,
                upcoming: due > as_of,
            },
        ));
    }
    steps.sort_by_key(|(d, _)| *d);
    steps.into_iter().map(|(_, s)| s).collect()
}

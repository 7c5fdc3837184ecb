//! Objective pages (clause 6.2): the plan, the stated status beside the
//! fulfilment computed from the linked metrics, and each metric's trend
//! against its target; the rows of the objectives index.

use super::record::{md, record, record_page};
use crate::analyse::objectives::{latest_meets_target, metrics_of, Fulfilment, ObjectiveState};
use crate::model::Objective;
use crate::render::charts::{num, ChartView};
use crate::render::page::PageOut;
use crate::render::view::{objective_badge, Badge, Cell, Fact, Link, Linker, Table};
use crate::resolve::Target;
use serde::Serialize;

/// The fulfilment as a badge.
pub fn fulfilment_badge(state: ObjectiveState) -> Badge {
    let tone = match state.fulfilment {
        Fulfilment::Met => "ok",
        Fulfilment::NotMet => "bad",
        Fulfilment::Unmeasured => "muted",
    };
    let label = match state.fulfilment {
        Fulfilment::Unmeasured => state.fulfilment.label().to_string(),
        _ => format!(
            "{} ({} of {} on target{})",
            state.fulfilment.label(),
            state.met,
            state.met + state.missed,
            state
                .judged_on_due
                .map_or_else(String::new, |d| format!(" on the due date, {d}"))
        ),
    };
    Badge::new(label, tone)
}

fn state_of(l: &Linker<'_>, o: &Objective) -> ObjectiveState {
    l.analysis.objective(&o.id)
}

/// An objective's own values.
#[derive(Serialize)]
struct ObjectiveDetail {
    plan: Option<String>,
    mismatch: Option<String>,
    metrics: Table,
    charts: Vec<ChartView>,
}

/// An objective's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let o = &l.site.source.objectives[i];
    let state = state_of(l, o);
    let facts = vec![
        o.owner.as_ref().map(|x| Fact::text("Owner", &x.id)),
        Fact::opt_text("Target", o.target.as_deref()),
        Some(Fact::badge("Stated status", objective_badge(o, state))),
        Some(Fact::badge("Fulfilment (metrics)", fulfilment_badge(state))),
        Fact::date("Due", o.due, None),
        Fact::date("Set on", o.since, None),
        Fact::opt_text("Resources", o.resources.as_deref()),
        Fact::opt_text("Evaluation", o.evaluation.as_deref()),
        Fact::links("Clauses", l.refs(&o.clauses)),
        Fact::links("Controls", l.refs(&o.controls)),
    ];
    let metrics = metrics_of(l.site, o);
    let rows = metrics
        .iter()
        .map(|m| {
            let latest = m.measurements.last();
            let unit = m.unit.clone().unwrap_or_default();
            vec![
                Cell::link(l.id(&m.id).unwrap_or_else(|| Link::unresolved(&m.id))),
                Cell::text(
                    m.target
                        .map_or_else(|| "—".into(), |t| format!("{}{unit}", num(t))),
                ),
                Cell::date(latest.map(|x| x.date)),
                Cell::text(
                    latest.map_or_else(|| "—".into(), |x| format!("{}{unit}", num(x.value))),
                ),
                match latest_meets_target(m) {
                    Some(true) => Cell::badge(Badge::new("On target", "ok")),
                    Some(false) => Cell::badge(Badge::new("Below target", "bad")),
                    None => Cell::text("—"),
                },
            ]
        })
        .collect();
    let mismatch = state.mismatch.then(|| {
        format!(
            "The stated status is \u{201c}{}\u{201d}, but {}.",
            o.status.label().to_lowercase(),
            match (state.fulfilment, state.judged_on_due) {
                (Fulfilment::NotMet, Some(due)) => {
                    format!("on its due date ({due}) a metric missed its target")
                }
                (_, Some(due)) => format!("on its due date ({due}) the metrics met their targets"),
                (Fulfilment::NotMet, None) => "the latest measurements miss their targets".into(),
                _ => "the latest measurements meet their targets".into(),
            }
        )
    });
    record_page(
        "objective.html",
        record(l, Target::Objective(i), facts, Some(&o.path)),
        "objectives",
        ObjectiveDetail {
            plan: md(l.site, &o.plan, &o.path),
            mismatch,
            metrics: Table {
                columns: vec!["Metric", "Target", "Last measured", "Latest", "Result"],
                rows,
                empty: "No metrics linked: list KPI ids under `metrics:`.",
            },
            charts: metrics
                .iter()
                .map(|m| super::improvement::metric_chart(m))
                .collect(),
        },
    )
}

/// The objectives index table.
pub fn table<'a>(l: &Linker<'_>, objectives: impl Iterator<Item = &'a Objective>) -> Table {
    Table {
        columns: vec!["Objective", "Owner", "Due", "Stated status", "Fulfilment"],
        rows: objectives
            .map(|o| {
                let state = state_of(l, o);
                vec![
                    Cell::link(l.id(&o.id).unwrap_or_else(|| Link::unresolved(&o.id))),
                    Cell::text(o.owner.as_ref().map_or("—", |x| x.id.as_str())),
                    Cell::date(o.due),
                    Cell::badge(objective_badge(o, state)),
                    Cell::badge(fulfilment_badge(state)),
                ]
            })
            .collect(),
        empty: "No objectives yet.",
    }
}

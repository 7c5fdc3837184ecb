//! A metric's page: its measurements against target and their trend.

use super::record::{actions_table, md, record, record_page};
use crate::model::Metric;
use crate::render::page::PageOut;
use crate::render::view::{Badge, Cell, Fact, Linker, Table};
use crate::resolve::Target;
use serde::Serialize;

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A metric's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let m: &Metric = &l.site.source.metrics[i];
    let unit = m.unit.clone().unwrap_or_default();
    let with_unit = |v: f64| {
        if unit.is_empty() {
            number(v)
        } else if unit == "%" {
            format!("{}%", number(v))
        } else {
            format!("{} {unit}", number(v))
        }
    };
    let latest = m.measurements.last();
    let latest_badge = latest.and_then(|x| m.meets_target(x.value)).map(|ok| {
        if ok {
            Badge::new("On target", "ok")
        } else {
            Badge::new("Below target", "bad")
        }
    });
    let facts = vec![
        m.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        m.target.map(|t| Fact::text("Target", with_unit(t))),
        Some(Fact::text("Direction", m.direction.label())),
        m.frequency.map(|f| Fact::text("Frequency", f.label())),
        latest.map(|x| Fact {
            label: "Latest",
            text: Some(with_unit(x.value)),
            date: Some(x.date.to_string()),
            badge: latest_badge,
            ..Fact::default()
        }),
        Fact::links("Clauses", l.refs(&m.clauses)),
        Fact::links("Controls", l.refs(&m.controls)),
    ];
    let rows = m
        .measurements
        .iter()
        .rev()
        .map(|x| {
            vec![
                Cell::date(Some(x.date)),
                Cell::text(with_unit(x.value)),
                match m.meets_target(x.value) {
                    Some(true) => Cell::badge(Badge::new("Met", "ok")),
                    Some(false) => Cell::badge(Badge::new("Missed", "bad")),
                    None => Cell::text("—"),
                },
                Cell::text(x.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let table = Table {
        columns: vec!["Date", "Value", "Target", "Note"],
        rows,
        empty: "No measurements yet.",
    };
    record_page(
        "metric.html",
        record(l, Target::Metric(i), facts, Some(&m.path)),
        "metrics",
        MetricDetail {
            method: md(l.site, &m.method, &m.path),
            chart: super::improvement::metric_chart(m),
            measurement_overdue: l
                .analysis
                .metrics_overdue
                .get(&m.id)
                .copied()
                .unwrap_or(false),
            measurements: table,
            actions: actions_table(l, l.site.actions_from(&m.id)),
        },
    )
}

/// A metric page's own values.
#[derive(Serialize)]
struct MetricDetail {
    method: Option<String>,
    chart: crate::render::charts::ChartView,
    measurement_overdue: bool,
    measurements: Table,
    actions: Table,
}

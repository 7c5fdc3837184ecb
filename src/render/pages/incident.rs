//! Incident pages (A.5.24 to A.5.28): one page per incident (times to
//! contain and resolve, notification, root cause, lessons, actions) and the
//! register with monthly counts and the mean time to contain.

use super::record::{actions_table, files_fact, md, record, record_page};
use crate::analyse::incidents::{mean_days_to_contain, monthly, IncidentState, NotificationState};
use crate::model::{Action, Incident, RecordKind, Severity};
use crate::render::charts::{num, Chart, ChartView, Kind, Series};
use crate::render::page::PageOut;
use crate::render::view::{severity_badge, Badge, Cell, Fact, Link, Linker, Table};
use crate::resolve::{routes, Target};
use serde::Serialize;

fn state_of(l: &Linker<'_>, i: &Incident) -> IncidentState {
    l.analysis.incident(&i.id)
}

fn days(n: Option<i64>) -> String {
    match n {
        Some(1) => "1 day".into(),
        Some(n) => format!("{n} days"),
        None => "—".into(),
    }
}

/// A number of days in a table: "3 days", sorting as the number 3.
fn days_cell(n: Option<i64>) -> Cell {
    Cell {
        number: n.map(|n| n.to_string()),
        ..Cell::text(days(n))
    }
}

/// The notification state as a badge.
fn notification_badge(n: NotificationState) -> Badge {
    let tone = match n {
        NotificationState::NotRequired => "muted",
        NotificationState::Pending => "warn",
        NotificationState::OnTime => "ok",
        NotificationState::Late | NotificationState::Missing => "bad",
    };
    Badge::new(n.label(), tone)
}

/// The incident's actions: those it lists and those naming it as source.
fn actions_of<'s>(l: &Linker<'s>, i: &Incident) -> Vec<&'s Action> {
    l.site.actions_of(&i.actions, &i.id)
}

/// An incident page's own values.
#[derive(Serialize)]
struct IncidentDetail {
    root_cause: Option<String>,
    lessons: Option<String>,
    lessons_missing: bool,
    actions: Table,
}

/// An incident's page.
pub fn page(l: &Linker<'_>, idx: usize) -> PageOut {
    let i = &l.site.source.incidents[idx];
    let state = state_of(l, i);
    let notification = i.notifiable.as_ref().map(|n| {
        let mut text = n.authority.clone().unwrap_or_else(|| "Authority".into());
        if let Some(d) = n.deadline {
            text.push_str(&format!(", deadline {d}"));
        }
        if let Some(d) = n.notified_on {
            text.push_str(&format!(", notified {d}"));
        }
        Fact {
            badge: Some(notification_badge(state.notification)),
            ..Fact::text("Notification", text)
        }
    });
    let facts = vec![
        i.severity
            .map(|s| Fact::badge("Severity", severity_badge(s))),
        Fact::date("Detected", i.detected, None),
        Fact::date("Contained", i.contained, None),
        state
            .days_to_contain
            .map(|d| Fact::text("Time to contain", days(Some(d)))),
        Fact::date("Resolved", i.resolved, None),
        state
            .days_to_resolve
            .map(|d| Fact::text("Time to resolve", days(Some(d)))),
        (i.resolved.is_none()).then(|| Fact::badge("Status", Badge::new("Open", "warn"))),
        (!i.assets.is_empty()).then(|| Fact::text("Assets", i.assets.join(", "))),
        Fact::links("Controls", l.refs(&i.controls)),
        Fact::links("Risks", l.refs(&i.risks)),
        notification,
        files_fact(l, "Evidence", &i.evidence),
    ];
    record_page(
        "incident.html",
        record(l, Target::Incident(idx), facts, Some(&i.path)),
        "incidents",
        IncidentDetail {
            root_cause: md(l.site, &i.root_cause, &i.path),
            lessons: md(l.site, &i.lessons, &i.path),
            lessons_missing: state.lessons_missing,
            actions: actions_table(l, actions_of(l, i).into_iter()),
        },
    )
}

/// The register's values.
#[derive(Serialize)]
struct Register {
    table: Table,
    total: usize,
    open: usize,
    serious: usize,
    mean_days_to_contain: Option<String>,
    notification_late: usize,
    chart: ChartView,
}

/// The incident register: every incident, newest first, with monthly counts
/// by severity and the mean time to contain.
pub fn register(l: &Linker<'_>) -> PageOut {
    let s = &l.site.source;
    let mut incidents: Vec<&Incident> = s.incidents.iter().collect();
    incidents.sort_by(|x, y| y.detected.cmp(&x.detected).then(x.id.cmp(&y.id)));
    PageOut::new(
        "incidents.html",
        routes::first_index(RecordKind::Incident),
        "Incident register".to_string(),
        "incidents",
        Register {
            table: table(l, incidents.into_iter()),
            total: s.incidents.len(),
            open: s.incidents.iter().filter(|i| i.resolved.is_none()).count(),
            serious: s
                .incidents
                .iter()
                .filter(|i| i.severity.is_some_and(Severity::is_serious))
                .count(),
            mean_days_to_contain: mean_days_to_contain(l.analysis).map(|d| {
                let d = (d * 10.0).round() / 10.0;
                format!("{} days", num(d))
            }),
            notification_late: l
                .analysis
                .incidents
                .values()
                .filter(|x| x.notification.is_late())
                .count(),
            chart: monthly_chart(l, "chart-incidents-monthly", None),
        },
    )
}

/// Incidents detected per month by severity, up to `until` (a review's
/// date) or the as-of date.
pub fn monthly_chart(l: &Linker<'_>, id: &str, until: Option<crate::model::Date>) -> ChartView {
    let months = monthly(l.site, until.unwrap_or(l.analysis.as_of));
    Chart {
        id: id.to_string(),
        title: "Incidents per month".to_string(),
        description: "Incidents detected each month, by severity.".to_string(),
        x: months.iter().map(|m| m.month.clone()).collect(),
        series: Severity::ALL
            .iter()
            .map(|s| {
                Series::new(
                    s.label(),
                    months
                        .iter()
                        .map(|m| Some(m.by_severity[*s as usize] as f64))
                        .collect(),
                )
            })
            .collect(),
        kind: Kind::StackedBars,
        unit: String::new(),
        target: None,
        target_label: "target",
    }
    .view()
}

/// The register table.
pub fn table<'a>(l: &Linker<'_>, incidents: impl Iterator<Item = &'a Incident>) -> Table {
    Table {
        columns: vec![
            "Incident",
            "Severity",
            "Detected",
            "Time to contain",
            "Time to resolve",
            "Notification",
            "Actions",
        ],
        rows: incidents
            .map(|i| {
                let state = state_of(l, i);
                vec![
                    Cell::link(l.id(&i.id).unwrap_or_else(|| Link::unresolved(&i.id))),
                    i.severity
                        .map_or_else(|| Cell::text("—"), |s| Cell::badge(severity_badge(s))),
                    Cell::date(i.detected),
                    days_cell(state.days_to_contain),
                    if i.resolved.is_some() {
                        days_cell(state.days_to_resolve)
                    } else {
                        Cell::badge(Badge::new("Open", "warn"))
                    },
                    Cell::badge(notification_badge(state.notification)),
                    Cell::links(
                        actions_of(l, i)
                            .iter()
                            .filter_map(|a| l.id(&a.id))
                            .collect(),
                    ),
                ]
            })
            .collect(),
        empty: "No incidents recorded.",
    }
}

//! Page contexts for continual improvement: the timeline page, the charts
//! built from the trends, per-record and per-requirement timelines, metric
//! trend charts and the PDCA view of the dashboard.

use crate::analyse::timeline::{Category, Event, Tone};
use crate::model::{ActionStatus, DocStatus, Metric, RecordKind};
use crate::render::charts::{num, Chart, ChartView, Kind, Series};
use crate::render::page::PageOut;
use crate::render::view::{Link, Linker};
use crate::resolve::routes;
use serde::Serialize;

/// One event, ready to show.
#[derive(Serialize)]
pub struct EventView {
    date: String,
    category: &'static str,
    category_label: &'static str,
    tone: &'static str,
    text: String,
    record: Option<Link>,
}

fn tone(t: Tone) -> &'static str {
    match t {
        Tone::Info => "info",
        Tone::Good => "ok",
        Tone::Warn => "warn",
        Tone::Bad => "bad",
    }
}

fn category_label(c: Category) -> &'static str {
    match c {
        Category::Document => "Document",
        Category::Audit => "Audit",
        Category::Finding => "Finding",
        Category::Action => "Action",
        Category::Effectiveness => "Effectiveness",
        Category::Review => "Review",
        Category::Metric => "Metric",
        Category::Risk => "Risk",
        Category::Incident => "Incident",
        Category::Context => "Context",
    }
}

fn event_view(l: &Linker<'_>, e: &Event) -> EventView {
    EventView {
        date: e.date.to_string(),
        category: e.category.as_str(),
        category_label: category_label(e.category),
        tone: tone(e.tone),
        text: e.text.clone(),
        record: l.id(&e.record),
    }
}

/// Events grouped by month.
#[derive(Serialize)]
pub struct MonthView {
    month: String,
    /// The year, for the timeline's year filter (`data-year`).
    year: String,
    events: Vec<EventView>,
}

fn by_month<'a>(l: &Linker<'_>, events: impl Iterator<Item = &'a Event>) -> Vec<MonthView> {
    let mut months: Vec<MonthView> = Vec::new();
    for e in events {
        let month = e.date.month_key();
        let view = event_view(l, e);
        match months.last_mut() {
            Some(m) if m.month == month => m.events.push(view),
            _ => months.push(MonthView {
                year: e.date.year().to_string(),
                month,
                events: vec![view],
            }),
        }
    }
    months
}

/// The timeline of one record (its own events), as a flat list.
pub fn record_events(l: &Linker<'_>, ids: &[&str]) -> Vec<EventView> {
    let index = &l.analysis.timeline_index.by_record;
    let mut positions: Vec<usize> = ids
        .iter()
        .filter_map(|id| index.get(*id))
        .flatten()
        .copied()
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
        .into_iter()
        .map(|i| event_view(l, &l.analysis.timeline[i]))
        .collect()
}

/// The timeline of a clause, control or `FW:ID` key, by month: its latest
/// `max` events, and how many it has in all (the timeline page lists all).
pub fn requirement_events(l: &Linker<'_>, key: &str, max: usize) -> (Vec<MonthView>, usize) {
    let positions = l
        .analysis
        .timeline_index
        .by_key
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let latest = &positions[positions.len().saturating_sub(max)..];
    (
        by_month(l, latest.iter().map(|&i| &l.analysis.timeline[i])),
        positions.len(),
    )
}

/// Open nonconformities at each month end, stacked by severity.
pub fn open_nc_chart(l: &Linker<'_>, id: &str) -> ChartView {
    let t = &l.analysis.trends.open_nc;
    Chart {
        id: id.to_string(),
        title: "Open nonconformities".into(),
        description: "Major and minor nonconformities still open at the end of each month.".into(),
        x: t.iter().map(|m| m.month.clone()).collect(),
        series: vec![
            Series::new("Major", t.iter().map(|m| Some(m.major as f64)).collect()),
            Series::new("Minor", t.iter().map(|m| Some(m.minor as f64)).collect()),
        ],
        kind: Kind::StackedBars,
        unit: String::new(),
        target: None,

        target_label: "target",
    }
    .view()
}

fn throughput_chart(l: &Linker<'_>) -> ChartView {
    let t = &l.analysis.trends.throughput;
    Chart {
        id: "chart-throughput".into(),
        title: "Actions opened and closed per quarter".into(),
        description: "Corrective, preventive and improvement actions opened, and finished (implemented, verified or closed), in each quarter.".into(),
        x: t.iter().map(|q| q.quarter.clone()).collect(),
        series: vec![
            Series::new("Opened", t.iter().map(|q| Some(q.opened as f64)).collect()),
            Series::new("Closed", t.iter().map(|q| Some(q.closed as f64)).collect()),
        ],
        kind: Kind::GroupedBars,
        unit: String::new(),
        target: None,

        target_label: "target",
    }
    .view()
}

fn days_chart(l: &Linker<'_>) -> ChartView {
    let t = &l.analysis.trends.days_to_close;
    Chart {
        id: "chart-days".into(),
        title: "Days to close per quarter".into(),
        description: "For actions finished in each quarter: the median number of days from opened to finished, with the shortest and the longest.".into(),
        x: t.iter().map(|q| q.quarter.clone()).collect(),
        series: vec![
            Series::new("Shortest", t.iter().map(|q| Some(q.min as f64)).collect()),
            Series::new("Median", t.iter().map(|q| Some(q.median)).collect()),
            Series::new("Longest", t.iter().map(|q| Some(q.max as f64)).collect()),
        ],
        kind: Kind::MedianRange,
        unit: "days".into(),
        target: None,

        target_label: "target",
    }
    .view()
}

fn overdue_chart(l: &Linker<'_>) -> ChartView {
    let t = &l.analysis.trends.overdue;
    Chart {
        id: "chart-overdue".into(),
        title: "Overdue actions".into(),
        description: "Actions past their due date and not finished, at the end of each month."
            .into(),
        x: t.iter().map(|m| m.month.clone()).collect(),
        series: vec![Series::new(
            "Overdue",
            t.iter().map(|m| Some(m.overdue as f64)).collect(),
        )],
        kind: Kind::Lines,
        unit: String::new(),
        target: None,

        target_label: "target",
    }
    .view()
}

/// A metric's trend against its target, misses flagged.
pub fn metric_chart(m: &Metric) -> ChartView {
    let values: Vec<Option<f64>> = m.measurements.iter().map(|x| Some(x.value)).collect();
    let flags = m
        .measurements
        .iter()
        .map(|x| m.meets_target(x.value) == Some(false))
        .collect();
    let unit = m.unit.clone().unwrap_or_default();
    Chart {
        id: format!("chart-{}", m.id),
        title: format!("{} over time", m.title),
        description: format!(
            "Each measurement{}; {}. Points marked with a cross missed the target.",
            m.target
                .map(|t| format!(" against the target of {}{}", num(t), unit))
                .unwrap_or_default(),
            m.direction.label().to_lowercase()
        ),
        x: m.measurements.iter().map(|x| x.date.to_string()).collect(),
        series: vec![Series {
            name: m.title.clone(),
            values,
            flags,
        }],
        kind: Kind::Lines,
        unit,
        target: m.target,

        target_label: "target",
    }
    .view()
}

#[derive(Serialize)]
struct Filter {
    key: &'static str,
    label: &'static str,
    count: usize,
}

/// The improvement timeline page's values; `shown`, `year` and `years` only
/// when the timeline is split into a page per year.
/// A year of the events on a timeline page, for its year filter.
#[derive(Serialize)]
struct EventYear {
    key: String,
    count: usize,
}

#[derive(Serialize)]
struct TimelineView {
    charts: Vec<ChartView>,
    filters: Vec<Filter>,
    /// The years of the events shown, oldest first (empty for one year).
    event_years: Vec<EventYear>,
    months: Vec<MonthView>,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    shown: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<String>,
    years: Vec<YearLink>,
}

/// The improvement timeline page.
pub fn timeline_page(l: &Linker<'_>, year: Option<i16>) -> PageOut {
    let all = &l.analysis.timeline;
    let years = timeline_years(&l.analysis.timeline);
    // Above `TIMELINE_MAX` events the page shows the latest ones and links
    // to a page per year; a year page shows that year's events.
    let events: &[Event] = match year {
        Some(y) => {
            let start = all.partition_point(|e| e.date.year() < y);
            let end = all.partition_point(|e| e.date.year() <= y);
            &all[start..end]
        }
        None if years.is_empty() => all,
        None => &all[all.len() - TIMELINE_MAX..],
    };
    // An ISMS without a register has no risk events to filter.
    let has_risks = !l.site.source.risks.is_empty();
    // Nor one without incidents or `context.yaml` incident or context events.
    let has = |c: Category| match c {
        Category::Risk => has_risks,
        Category::Incident => !l.site.source.incidents.is_empty(),
        Category::Context => l.site.source.context.is_some(),
        _ => true,
    };
    let filters: Vec<Filter> = Category::ALL
        .iter()
        .filter(|c| has(**c))
        .map(|c| Filter {
            key: c.as_str(),
            label: c.label(),
            count: events.iter().filter(|e| e.category == *c).count(),
        })
        .collect();
    let charts = match year {
        Some(_) => Vec::new(),
        None => {
            let mut charts = vec![
                open_nc_chart(l, "chart-open-nc"),
                throughput_chart(l),
                days_chart(l),
                overdue_chart(l),
            ];
            if has_risks {
                charts.push(super::risk::exposure_chart(l));
            }
            charts
        }
    };
    let year_links: Vec<YearLink> = years
        .iter()
        .map(|&(y, count)| YearLink {
            label: y.to_string(),
            url: routes::timeline_year(y),
            count,
            current: Some(y) == year,
        })
        .collect();
    let paged = !year_links.is_empty();
    let mut event_years: Vec<EventYear> = Vec::new();
    for e in events {
        let key = e.date.year().to_string();
        match event_years.last_mut() {
            Some(y) if y.key == key => y.count += 1,
            _ => event_years.push(EventYear { key, count: 1 }),
        }
    }
    if event_years.len() < 2 {
        event_years.clear();
    }
    let data = TimelineView {
        charts,
        filters,
        event_years,
        months: by_month(l, events.iter()),
        count: all.len(),
        shown: paged.then_some(events.len()),
        year: year.filter(|_| paged).map(|y| y.to_string()),
        years: year_links,
    };
    let (path, title) = match year {
        Some(y) => (
            routes::timeline_year(y),
            format!("Improvement timeline: {y}"),
        ),
        None => (
            "timeline.html".to_string(),
            "Improvement timeline".to_string(),
        ),
    };
    PageOut::new("timeline.html", path, title, "timeline", data).at_root()
}

/// Events on `timeline.html` at most: a longer timeline shows the latest
/// ones there and every event on a page per year.
pub const TIMELINE_MAX: usize = 2000;

/// The years of a timeline longer than [`TIMELINE_MAX`], oldest first, with
/// their numbers of events; empty when the timeline fits on one page.
pub fn timeline_years(events: &[Event]) -> Vec<(i16, usize)> {
    let mut years: Vec<(i16, usize)> = Vec::new();
    if events.len() <= TIMELINE_MAX {
        return years;
    }
    for e in events {
        match years.last_mut() {
            Some((y, n)) if *y == e.date.year() => *n += 1,
            _ => years.push((e.date.year(), 1)),
        }
    }
    years
}

#[derive(Serialize)]
struct YearLink {
    label: String,
    url: String,
    count: usize,
    current: bool,
}

/// One PDCA phase on the dashboard.
#[derive(Serialize)]
pub struct Phase {
    name: &'static str,
    question: &'static str,
    items: Vec<PhaseItem>,
}

#[derive(Serialize)]
struct PhaseItem {
    label: String,
    count: usize,
    url: String,
}

/// The singular or plural of a counted thing, for a label beside its count.
fn word(n: usize, one: &str, many: &str) -> String {
    crate::analyse::plural(n, one, many).to_string()
}

/// Plan-Do-Check-Act with live counts.
pub fn pdca(l: &Linker<'_>) -> Vec<Phase> {
    let s = &l.site.source;
    let approved = s
        .documents
        .iter()
        .filter(|d| d.status == DocStatus::Approved)
        .count();
    let plans = s
        .documents
        .iter()
        .filter(|d| d.status == DocStatus::Approved && d.doc_type == crate::model::DocType::Plan)
        .count();
    let status = |st: ActionStatus| s.actions.iter().filter(|a| a.status == st).count();
    let decisions: usize = s.reviews.iter().map(|r| r.decisions.len()).sum();
    let corrective_open = s
        .actions
        .iter()
        .filter(|a| a.kind == crate::model::ActionKind::Corrective && !a.status.is_done())
        .count();
    let measurements: usize = s.metrics.iter().map(|m| m.measurements.len()).sum();
    let item = |label: String, count: usize, url: &str| PhaseItem {
        label,
        count,
        url: url.to_string(),
    };
    let objectives = routes::first_index(RecordKind::Objective);
    let risks = routes::first_index(RecordKind::Risk);
    vec![
        Phase {
            name: "Plan",
            question: "What we intend",
            items: vec![
                item(
                    "approved documents".into(),
                    approved,
                    "documents/index.html",
                ),
                item(
                    word(plans, "approved plan", "approved plans"),
                    plans,
                    "documents/index.html",
                ),
            ]
            .into_iter()
            .chain((!s.objectives.is_empty()).then(|| {
                item(
                    word(s.objectives.len(), "objective", "objectives"),
                    s.objectives.len(),
                    &objectives,
                )
            }))
            .chain((!s.risks.is_empty()).then(|| {
                item(
                    word(
                        s.risks.len(),
                        "risk in the register",
                        "risks in the register",
                    ),
                    s.risks.len(),
                    &risks,
                )
            }))
            .chain([item(
                "controls in the SoA".into(),
                l.analysis
                    .coverage
                    .iso
                    .iter()
                    .filter(|r| r.scope == crate::analyse::coverage::Scope::Control && r.applicable)
                    .count(),
                "soa.html",
            )])
            .collect(),
        },
        Phase {
            name: "Do",
            question: "What we are doing",
            items: vec![
                item(
                    "actions open".into(),
                    status(ActionStatus::Open),
                    "actions/index.html",
                ),
                item(
                    "in progress".into(),
                    status(ActionStatus::InProgress),
                    "actions/index.html",
                ),
                item(
                    "implemented, awaiting verification".into(),
                    status(ActionStatus::Implemented),
                    "actions/index.html",
                ),
            ],
        },
        Phase {
            name: "Check",
            question: "How we know",
            items: vec![
                item("audits".into(), s.audits.len(), "audits/index.html"),
                item(
                    "metric measurements".into(),
                    measurements,
                    "metrics/index.html",
                ),
                item(
                    "management reviews".into(),
                    s.reviews.len(),
                    "reviews/index.html",
                ),
            ],
        },
        Phase {
            name: "Act",
            question: "What we improve",
            items: vec![
                item(
                    "corrective actions open".into(),
                    corrective_open,
                    "actions/index.html",
                ),
                item(
                    "actions verified or closed".into(),
                    status(ActionStatus::Verified) + status(ActionStatus::Closed),
                    "actions/index.html",
                ),
                item("review decisions".into(), decisions, "reviews/index.html"),
            ],
        },
    ]
}

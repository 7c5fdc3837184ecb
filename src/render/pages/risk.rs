//! Risk pages: one page per risk (assessment, treatment, controls,
//! actions, acceptance, scores over time), the register with its inherent
//! and residual heat maps, and the treatment plan.

use super::record::{actions_table, md, record, record_page};
use crate::analyse::risks::{criteria, RiskState};
use crate::model::{Acceptance, Date, Rating, Risk, RiskCriteria};
use crate::render::charts::{Chart, ChartView, Kind, Series};
use crate::render::page::PageOut;
use crate::render::view::{action_badge, risk_badge, Badge, Cell, Fact, Link, Linker, Table};
use crate::resolve::{routes, Target};
use serde::Serialize;

/// `Likely (4) x Major (4) = 16`.
fn rating_text(c: &RiskCriteria, r: &Rating) -> String {
    let label = |scale: &[String], level: u32| {
        scale
            .get((level as usize).wrapping_sub(1))
            .map_or_else(|| format!("level {level}"), |s| format!("{s} ({level})"))
    };
    format!(
        "{} x {} = {}",
        label(&c.likelihood, r.likelihood),
        label(&c.impact, r.impact),
        r.score()
    )
}

/// A risk page's own values.
#[derive(Serialize)]
struct RiskDetail {
    description: Option<String>,
    chart: ChartView,
    history: Table,
    actions: Table,
    appetite: Option<u32>,
}

/// A risk's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let risk: &Risk = &l.site.source.risks[i];
    let c = criteria(l.site);
    let state = l.analysis.risk(&risk.id);
    let review_badge = state
        .review_overdue
        .then(|| Badge::new("Reassessment overdue", "bad"));
    let acceptance = risk.acceptance.as_ref().map(|a| {
        let mut text = format!("by {}", a.by);
        if let Some(on) = a.on {
            text.push_str(&format!(" on {on}"));
        }
        if let Some(expires) = a.expires {
            text.push_str(&format!(", expires {expires}"));
        }
        let badge = if a.holds_on(l.analysis.as_of) {
            Badge::new("In force", "ok")
        } else {
            Badge::new("Expired", "bad")
        };
        Fact {
            badge: Some(badge),
            ..Fact::text("Acceptance", text)
        }
    });
    let facts = vec![
        risk.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        (!risk.assets.is_empty()).then(|| Fact::text("Assets", risk.assets.join(", "))),
        Fact::opt_text("Threat", risk.threat.as_deref()),
        Fact::opt_text("Vulnerability", risk.vulnerability.as_deref()),
        Fact::date("Assessed on", risk.assessed_on, None),
        Fact::date("Next assessment", risk.next_review(), review_badge),
        risk.inherent
            .as_ref()
            .map(|r| Fact::text("Inherent risk", rating_text(&c, r))),
        risk.treatment.map(|t| Fact::text("Treatment", t.label())),
        Fact::links("Treated by controls", l.refs(&risk.controls)),
        risk.residual.as_ref().map(|r| Fact {
            badge: Some(risk_badge(&state, &c)),
            ..Fact::text("Residual risk", rating_text(&c, r))
        }),
        acceptance,
    ];
    let actions = actions_table(l, l.site.actions_listed(&risk.actions));
    record_page(
        "risk.html",
        record(l, Target::Risk(i), facts, Some(&risk.path)),
        "risks",
        RiskDetail {
            description: md(l.site, &risk.description, &risk.path),
            chart: score_chart(risk, &c),
            history: history_table(risk, &c),
            actions,
            appetite: c.appetite,
        },
    )
}

/// Inherent and residual scores at each assessment, oldest first, against
/// the appetite.
fn score_chart(risk: &Risk, c: &RiskCriteria) -> ChartView {
    let mut points: Vec<(String, Option<f64>, Option<f64>)> = risk
        .history
        .iter()
        .map(|h| {
            (
                h.date.to_string(),
                h.inherent.as_ref().map(|r| f64::from(r.score())),
                h.residual.as_ref().map(|r| f64::from(r.score())),
            )
        })
        .collect();
    if let Some(on) = risk.assessed_on {
        points.push((
            on.to_string(),
            risk.inherent.as_ref().map(|r| f64::from(r.score())),
            risk.residual.as_ref().map(|r| f64::from(r.score())),
        ));
    }
    let residual: Vec<Option<f64>> = points.iter().map(|p| p.2).collect();
    let flags = residual
        .iter()
        .map(|v| v.is_some_and(|s| c.above_appetite(s as u32)))
        .collect();
    Chart {
        id: format!("chart-{}", risk.id),
        title: format!("Scores of {} over time", risk.id),
        description: format!(
            "Likelihood x impact at each assessment{}. Residual points marked with a cross are above the appetite.",
            c.appetite
                .map(|a| format!(", against the appetite of {a}"))
                .unwrap_or_default()
        ),
        x: points.iter().map(|p| p.0.clone()).collect(),
        series: vec![
            Series::new("Inherent", points.iter().map(|p| p.1).collect()),
            Series {
                name: "Residual".to_string(),
                values: residual,
                flags,
            },
        ],
        kind: Kind::Lines,
        unit: String::new(),
        target: c.appetite.map(f64::from),

        target_label: "appetite",
    }
    .view()
}

fn history_table(risk: &Risk, c: &RiskCriteria) -> Table {
    let row = |date: Date,
               inherent: Option<&Rating>,
               residual: Option<&Rating>,
               acceptance: Option<&Acceptance>,
               note: String| {
        let score = |r: Option<&Rating>| r.map_or_else(|| "—".to_string(), |r| rating_text(c, r));
        let accepted = acceptance.map_or_else(
            || "—".to_string(),
            |a| {
                let expires = a.expires.map(|e| format!(", expires {e}"));
                format!("by {}{}", a.by, expires.unwrap_or_default())
            },
        );
        vec![
            Cell::date(Some(date)),
            Cell::text(score(inherent)),
            Cell::text(score(residual)),
            Cell::text(accepted),
            Cell::text(note),
        ]
    };
    // Newest first: the current assessment, then `history` backwards.
    let current = risk.assessed_on.map(|on| {
        row(
            on,
            risk.inherent.as_ref(),
            risk.residual.as_ref(),
            risk.acceptance.as_ref(),
            "Current assessment".to_string(),
        )
    });
    let earlier = risk.history.iter().rev().map(|h| {
        row(
            h.date,
            h.inherent.as_ref(),
            h.residual.as_ref(),
            h.acceptance.as_ref(),
            h.note.clone().unwrap_or_default(),
        )
    });
    let rows: Vec<Vec<Cell>> = current.into_iter().chain(earlier).collect();
    Table {
        columns: vec!["Assessed", "Inherent", "Residual", "Acceptance", "Note"],
        rows,
        empty: "Not assessed yet.",
    }
}

/// One cell of a heat map: the risks rated there.
#[derive(Serialize)]
struct HeatCell {
    score: u32,
    count: usize,
    above: bool,
    risks: Vec<Link>,
}

/// One likelihood level of a heat map.
#[derive(Serialize)]
struct HeatRow {
    label: String,
    cells: Vec<HeatCell>,
}

/// A heat map: likelihood (rows, highest first) by impact (columns).
#[derive(Serialize)]
struct HeatMap {
    id: &'static str,
    title: &'static str,
    columns: Vec<String>,
    rows: Vec<HeatRow>,
    total: usize,
}

fn heat_map(
    l: &Linker<'_>,
    c: &RiskCriteria,
    id: &'static str,
    title: &'static str,
    rating: impl Fn(&Risk) -> Option<&Rating>,
) -> HeatMap {
    let risks = &l.site.source.risks;
    let mut total = 0;
    let rows = (1..=c.likelihood.len() as u32)
        .rev()
        .map(|likelihood| HeatRow {
            label: format!("{} ({likelihood})", c.likelihood[likelihood as usize - 1]),
            cells: (1..=c.impact.len() as u32)
                .map(|impact| {
                    let here: Vec<Link> = risks
                        .iter()
                        .filter(|r| {
                            rating(r)
                                .is_some_and(|x| x.likelihood == likelihood && x.impact == impact)
                        })
                        .filter_map(|r| l.id(&r.id))
                        .collect();
                    total += here.len();
                    let score = likelihood * impact;
                    HeatCell {
                        score,
                        count: here.len(),
                        above: c.above_appetite(score),
                        risks: here,
                    }
                })
                .collect(),
        })
        .collect();
    HeatMap {
        id,
        title,
        columns: c
            .impact
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{s} ({})", i + 1))
            .collect(),
        rows,
        total,
    }
}

/// The register page's values.
#[derive(Serialize)]
struct Register {
    table: Table,
    inherent: HeatMap,
    residual: HeatMap,
    appetite: Option<u32>,
    exposure: ChartView,
    above: usize,
    accepted: usize,
    overdue: usize,
    plan_url: &'static str,
}

/// The register as a table, by id: scores, treatment, status, next
/// assessment (on the register page and in the audit pack).
pub fn register_table(l: &Linker<'_>) -> Table {
    let c = criteria(l.site);
    let mut risks: Vec<&Risk> = l.site.source.risks.iter().collect();
    risks.sort_by(|a, b| a.id.cmp(&b.id));
    let score = |s: Option<u32>| Cell {
        number: s.map(|v| v.to_string()),
        ..Cell::text(s.map_or_else(|| "—".to_string(), |v| v.to_string()))
    };
    let rows = risks
        .iter()
        .map(|r| {
            let st = l.analysis.risk(&r.id);
            vec![
                l.id(&r.id).map_or_else(|| Cell::text(&r.id), Cell::link),
                Cell::text(r.owner.as_ref().map_or("—", |o| o.id.as_str())),
                score(st.inherent),
                Cell::text(r.treatment.map_or("—", |t| t.label())),
                score(st.residual),
                Cell::badge(risk_badge(&st, &c)),
                Cell::date(r.next_review()),
            ]
        })
        .collect();
    Table {
        columns: vec![
            "Risk",
            "Owner",
            "Inherent",
            "Treatment",
            "Residual",
            "Status",
            "Next assessment",
        ],
        rows,
        empty: "No risks in the register yet.",
    }
}

/// The risk register: every risk with its scores, and the heat maps.
pub fn register(l: &Linker<'_>) -> PageOut {
    let c = criteria(l.site);
    let states: Vec<RiskState> = l.analysis.risks.values().copied().collect();
    PageOut::new(
        "risks.html",
        routes::first_index(crate::model::RecordKind::Risk),
        "Risk register".to_string(),
        "risks",
        Register {
            table: register_table(l),
            inherent: heat_map(l, &c, "heat-inherent", "Inherent risk", |r| {
                r.inherent.as_ref()
            }),
            residual: heat_map(l, &c, "heat-residual", "Residual risk", |r| {
                r.residual.as_ref()
            }),
            appetite: c.appetite,
            exposure: exposure_chart(l),
            above: states.iter().filter(|s| s.above_appetite).count(),
            accepted: states
                .iter()
                .filter(|s| s.above_appetite && s.accepted)
                .count(),
            overdue: states.iter().filter(|s| s.review_overdue).count(),
            plan_url: "treatment-plan.html",
        },
    )
}

/// Residual exposure per quarter: the sum of residual scores and how many
/// risks were above the appetite.
pub fn exposure_chart(l: &Linker<'_>) -> ChartView {
    exposure_chart_until(l, "chart-risk-exposure", None)
}

/// [`exposure_chart`] up to the quarter of `until` (a review's date).
pub fn exposure_chart_until(
    l: &Linker<'_>,
    id: &str,
    until: Option<crate::model::Date>,
) -> ChartView {
    let last = until.map(|d| d.quarter_key());
    let e: Vec<&crate::analyse::risks::Exposure> = l
        .analysis
        .risk_exposure
        .iter()
        .filter(|q| last.as_ref().is_none_or(|last| &q.quarter <= last))
        .collect();
    Chart {
        id: id.to_string(),
        title: "Residual risk exposure per quarter".to_string(),
        description: "Sum of the residual scores of the risks assessed by the end of each quarter, and how many were above the appetite.".to_string(),
        x: e.iter().map(|q| q.quarter.clone()).collect(),
        series: vec![
            Series::new("Sum of residual scores", e.iter().map(|q| Some(f64::from(q.total))).collect()),
            Series::new(
                "Risks above appetite",
                e.iter().map(|q| Some(q.above_appetite as f64)).collect(),
            ),
        ],
        kind: Kind::Lines,
        unit: String::new(),
        target: None,

        target_label: "target",
    }
    .view()
}

/// One risk's line of the treatment plan.
#[derive(Serialize)]
struct PlanRow {
    risk: Option<Link>,
    treatment: &'static str,
    controls: Vec<Link>,
    actions: Table,
    open: usize,
    residual: Option<u32>,
    badge: Badge,
}

/// The treatment plan page's values.
#[derive(Serialize)]
struct Plan {
    open: Vec<PlanRow>,
    done: Vec<PlanRow>,
    register_url: &'static str,
}

/// The risk treatment plan (6.1.3 e, 8.3): per risk, the controls and
/// actions that treat it, their status and due dates; what is still open
/// first.
pub fn treatment_plan(l: &Linker<'_>) -> PageOut {
    let c = criteria(l.site);
    let mut risks: Vec<&Risk> = l.site.source.risks.iter().collect();
    risks.sort_by(|a, b| a.id.cmp(&b.id));
    let (mut open, mut done) = (Vec::new(), Vec::new());
    for r in risks {
        let state = l.analysis.risk(&r.id);
        let actions: Vec<&crate::model::Action> = l.site.actions_listed(&r.actions).collect();
        let open_actions = actions.iter().filter(|a| !a.status.is_done()).count();
        let rows = actions
            .iter()
            .map(|a| {
                vec![
                    l.id(&a.id).map_or_else(|| Cell::text(&a.id), Cell::link),
                    Cell::badge(action_badge(a, l.analysis)),
                    Cell::text(a.owner.as_ref().map_or("—", |o| o.id.as_str())),
                    Cell::date(a.due),
                ]
            })
            .collect();
        let row = PlanRow {
            risk: l.id(&r.id),
            treatment: r.treatment.map_or("—", |t| t.label()),
            controls: l.refs(&r.controls),
            actions: Table {
                columns: vec!["Action", "Status", "Owner", "Due"],
                rows,
                empty: "No treatment actions.",
            },
            open: open_actions,
            residual: state.residual,
            badge: risk_badge(&state, &c),
        };
        if open_actions > 0 || (state.above_appetite && !state.accepted) {
            open.push(row);
        } else {
            done.push(row);
        }
    }
    PageOut::new(
        "treatment-plan.html",
        routes::TREATMENT_PLAN.to_string(),
        "Risk treatment plan".to_string(),
        "risks",
        Plan {
            open,
            done,
            register_url: "index.html",
        },
    )
}

//! Analyse: derive the state of the ISMS at the as-of date.
//!
//! From the resolved [`Site`] and a date this stage works out what is overdue,
//! due soon, open or closed, which findings still lack action, and the
//! ISMS-level warnings that follow (clause 10: nonconformities without
//! corrective action, closed actions never checked for effectiveness...).
//! It computes; `render` only presents.

mod checks;
pub mod context;
pub mod coverage;
pub mod history;
pub mod incidents;
mod intervals;
pub mod objectives;
pub mod review_pack;
mod review_pack_records;
pub mod risks;
mod status;
pub mod timeline;
pub mod trends;

pub use status::{ActionState, DocReview, FindingStatus};

use crate::diag::Diagnostics;
use crate::model::Date;
use crate::resolve::Site;
use std::collections::HashMap;

/// The derived state of the ISMS at a date.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The date "today" is taken to be.
    pub as_of: Date,
    /// Action id -> its state.
    pub actions: HashMap<String, ActionState>,
    /// Finding id -> its status.
    pub findings: HashMap<String, FindingStatus>,
    /// Finding id -> the day it was closed, where the records date it.
    pub findings_closed: HashMap<String, Date>,
    /// Document id -> its review state.
    pub documents: HashMap<String, DocReview>,
    /// Coverage of clauses and controls.
    pub coverage: coverage::Coverage,
    /// Every dated event, oldest first.
    pub timeline: Vec<timeline::Event>,
    /// The timeline by record and by clause/control.
    pub timeline_index: timeline::TimelineIndex,
    /// Monthly and quarterly series for the charts.
    pub trends: trends::Trends,
    /// Metric id -> the measurement is overdue for its frequency.
    pub metrics_overdue: HashMap<String, bool>,
    /// Finding id -> earlier findings on the same clause or control closed
    /// within 12 months before it was raised (a recurrence).
    pub recurrences: HashMap<String, Vec<String>>,
    /// Risk id -> its scores, appetite, acceptance and review state.
    pub risks: HashMap<String, risks::RiskState>,
    /// Residual risk exposure at the end of each quarter.
    pub risk_exposure: Vec<risks::Exposure>,
    /// Objective id -> its fulfilment from the linked metrics.
    pub objectives: HashMap<String, objectives::ObjectiveState>,
    /// Incident id -> its times, notification and lessons state.
    pub incidents: HashMap<String, incidents::IncidentState>,
}

impl Analysis {
    /// The state of an action (defaults for unknown ids).
    pub fn action(&self, id: &str) -> ActionState {
        self.actions.get(id).copied().unwrap_or_default()
    }

    /// The state of a risk (defaults for unknown ids).
    pub fn risk(&self, id: &str) -> risks::RiskState {
        self.risks.get(id).copied().unwrap_or_default()
    }

    /// The fulfilment of an objective (defaults for unknown ids).
    pub fn objective(&self, id: &str) -> objectives::ObjectiveState {
        self.objectives.get(id).copied().unwrap_or_default()
    }

    /// The state of an incident (defaults for unknown ids).
    pub fn incident(&self, id: &str) -> incidents::IncidentState {
        self.incidents.get(id).copied().unwrap_or_default()
    }

    /// The status of a finding.
    pub fn finding(&self, id: &str) -> FindingStatus {
        self.findings
            .get(id)
            .copied()
            .unwrap_or(FindingStatus::Open)
    }

    /// The review state of a document.
    pub fn document(&self, id: &str) -> DocReview {
        self.documents
            .get(id)
            .copied()
            .unwrap_or(DocReview::NotScheduled)
    }
}

/// Analyse `site` as of `as_of`.
pub fn analyse(site: &Site, as_of: Date) -> (Analysis, Diagnostics) {
    // Each finding's closure, worked out once for the statuses, trends,
    // recurrences and checks that all need it.
    let closures = crate::timings::time("analyse: closures", || history::closures(site));
    let closures = &closures;
    // The parts depend on the site alone (coverage also on the statuses):
    // computed side by side, they no longer add up on a large ISMS.
    let ((actions, findings), ((documents, trends), (metrics_overdue, recurrences))) = rayon::join(
        || {
            rayon::join(
                || crate::timings::time("analyse: actions", || status::actions(site, as_of)),
                || crate::timings::time("analyse: findings", || status::findings(site, closures)),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || {
                            crate::timings::time("analyse: documents", || {
                                status::documents(site, as_of)
                            })
                        },
                        || {
                            crate::timings::time("analyse: trends", || {
                                trends::compute(site, as_of, closures)
                            })
                        },
                    )
                },
                || {
                    rayon::join(
                        || status::metrics_overdue(site, as_of),
                        || {
                            crate::timings::time("analyse: recurrences", || {
                                status::recurrences(site, closures)
                            })
                        },
                    )
                },
            )
        },
    );
    let findings_closed = site
        .findings()
        .zip(closures)
        .filter_map(|((_, f), c)| Some((f.id.clone(), c.closed_on?)))
        .collect();
    let mut analysis = Analysis {
        as_of,
        actions,
        findings,
        findings_closed,
        documents,
        coverage: coverage::Coverage {
            iso: Vec::new(),
            frameworks: Vec::new(),
            cycle_start: as_of,
        },
        timeline: Vec::new(),
        timeline_index: timeline::TimelineIndex::default(),
        trends,
        metrics_overdue,
        recurrences,
        risks: crate::timings::time("analyse: risks", || risks::states(site, as_of)),
        risk_exposure: risks::exposure(site, as_of),
        objectives: objectives::states(site, as_of),
        incidents: incidents::states(site, as_of),
    };
    let (coverage, (timeline, timeline_index)) = rayon::join(
        || crate::timings::time("analyse: coverage", || coverage::compute(site, &analysis)),
        || {
            let _timeline = crate::timings::phase("analyse: timeline");
            let events = timeline::events(site, as_of);
            let index = timeline::TimelineIndex::build(&events);
            (events, index)
        },
    );
    analysis.coverage = coverage;
    analysis.timeline = timeline;
    analysis.timeline_index = timeline_index;
    let mut found = Diagnostics::new();
    crate::timings::time("analyse: checks", || {
        checks::run(site, &analysis, closures, &mut found)
    });
    // A file with an error of its own gets no derived checks: what they
    // would say (overdue, no owner...) may follow from the mistake.
    let mut diags = Diagnostics::new();
    diags.extend(found.into_iter().filter(|d| {
        d.location
            .as_ref()
            .is_none_or(|at| !site.source.is_flawed(&at.file))
    }));
    (analysis, diags)
}

/// `one` or `many`, as `n` asks: the noun beside a count shown apart.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n` things in words: `1 action`, `2 actions`, `0 actions` (for the
/// texts analysis writes, diagnostics and pack notes, and for pages).
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, many))
}

//! The risk register at the as-of date: scores, appetite, acceptance and
//! review dates (6.1.2, 6.1.3, 8.2, 8.3), residual exposure per quarter, and
//! the checks an auditor makes of the register.

use super::Analysis;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Date, Rating, Risk, RiskCriteria, Treatment};
use crate::resolve::Site;
use std::collections::{BTreeSet, HashMap};

/// A risk's state at the as-of date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskState {
    /// Likelihood x impact before treatment.
    pub inherent: Option<u32>,
    /// Likelihood x impact after treatment.
    pub residual: Option<u32>,
    /// The residual score is above the appetite.
    pub above_appetite: bool,
    /// An acceptance is in force (given by then, not expired).
    pub accepted: bool,
    /// The next assessment was due before the as-of date.
    pub review_overdue: bool,
}

/// Residual exposure at the end of one quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// `YYYY-Qn`.
    pub quarter: String,
    /// Risks assessed by then.
    pub assessed: usize,
    /// Sum of their residual scores.
    pub total: u32,
    /// How many were above the appetite.
    pub above_appetite: usize,
}

/// The criteria in force: `risk_criteria`, else the default five levels.
pub fn criteria(site: &Site) -> RiskCriteria {
    site.source.config.risk_criteria.clone().unwrap_or_default()
}

/// Every risk's state.
pub fn states(site: &Site, as_of: Date) -> HashMap<String, RiskState> {
    let criteria = criteria(site);
    site.source
        .risks
        .iter()
        .map(|r| {
            let residual = r.residual.as_ref().map(Rating::score);
            let state = RiskState {
                inherent: r.inherent.as_ref().map(Rating::score),
                residual,
                above_appetite: residual.is_some_and(|s| criteria.above_appetite(s)),
                accepted: r.acceptance.as_ref().is_some_and(|a| a.holds_on(as_of)),
                review_overdue: r.next_review().is_some_and(|due| due < as_of),
            };
            (r.id.clone(), state)
        })
        .collect()
}

/// Residual exposure at the end of each quarter from the first assessment
/// to the as-of date.
pub fn exposure(site: &Site, as_of: Date) -> Vec<Exposure> {
    let risks = &site.source.risks;
    let first = risks
        .iter()
        .filter_map(|r| r.history.first().map(|h| h.date).or(r.assessed_on))
        .min();
    let Some(first) = first else {
        return Vec::new();
    };
    let criteria = criteria(site);
    let mut out = Vec::new();
    let mut end = quarter_end(first);
    loop {
        let at = end.min(as_of);
        let scores: Vec<u32> = risks
            .iter()
            .filter_map(|r| Some(r.ratings_on(at)?.residual?.score()))
            .collect();
        out.push(Exposure {
            quarter: at.quarter_key(),
            assessed: scores.len(),
            total: scores.iter().sum(),
            above_appetite: scores
                .iter()
                .filter(|s| criteria.above_appetite(**s))
                .count(),
        });
        if end >= as_of {
            break;
        }
        end = quarter_end(end.add_days(1));
    }
    out
}

/// The last day of `date`'s quarter.
fn quarter_end(date: Date) -> Date {
    let month = ((date.month() - 1) / 3) * 3 + 3;
    let first_of_next = Date::from_ymd(date.year(), month, 1)
        .map(|d| d.add_months(1))
        .unwrap_or(date);
    first_of_next.add_days(-1)
}

/// The checks of the register.
pub fn check(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    let risks = &site.source.risks;
    if risks.is_empty() {
        return;
    }
    let criteria = criteria(site);
    if site.source.config.risk_criteria.is_none() {
        diags.push(
            Diagnostic::warning(
                "no-risk-criteria",
                "risks are rated but `isms.yaml` states no `risk_criteria`: the default five levels apply and no appetite",
            )
            .at(Location::file("isms.yaml"))
            .help("clause 6.1.2 a: add `risk_criteria: { likelihood: [...], impact: [...], appetite: N }`"),
        );
    }
    for risk in risks {
        levels(risk, &criteria, diags);
        let Some(state) = analysis.risks.get(&risk.id) else {
            continue;
        };
        one(risk, state, &criteria, analysis.as_of, diags);
    }
    controls_without_reason(site, diags);
}

/// Levels beyond the criteria's scales.
fn levels(risk: &Risk, criteria: &RiskCriteria, diags: &mut Diagnostics) {
    let ratings = [&risk.inherent, &risk.residual]
        .into_iter()
        .chain(risk.history.iter().flat_map(|h| [&h.inherent, &h.residual]))
        .flatten();
    for rating in ratings {
        for (what, level, scale) in [
            ("likelihood", rating.likelihood, &criteria.likelihood),
            ("impact", rating.impact, &criteria.impact),
        ] {
            if level as usize > scale.len() {
                diags.push(
                    Diagnostic::error(
                        "bad-risk-level",
                        format!(
                            "{what} {level} of risk `{}` is beyond the {} levels of `risk_criteria`",
                            risk.id,
                            scale.len()
                        ),
                    )
                    .at(rating.at.clone())
                    .help(format!("use a level from 1 ({}) to {} ({})", scale[0], scale.len(), scale[scale.len() - 1])),
                );
            }
        }
    }
}

fn one(
    risk: &Risk,
    state: &RiskState,
    criteria: &RiskCriteria,
    as_of: Date,
    diags: &mut Diagnostics,
) {
    if state.above_appetite && !state.accepted {
        let at = risk
            .residual
            .as_ref()
            .map_or_else(|| risk.id_at.clone(), |r| r.at.clone());
        diags.push(
            Diagnostic::warning(
                "risk-above-appetite",
                format!(
                    "risk `{}` has a residual score of {} above the appetite of {} and no acceptance in force",
                    risk.id,
                    state.residual.unwrap_or_default(),
                    criteria.appetite.unwrap_or_default()
                ),
            )
            .at(at)
            .help("clause 6.1.3: treat it further (controls, actions), or record the risk owner's acceptance: `acceptance: { by, on, expires }`"),
        );
    }
    if let Some(acceptance) = &risk.acceptance {
        if let Some(expired) = acceptance.expires.filter(|e| *e < as_of) {
            diags.push(
                Diagnostic::warning(
                    "risk-acceptance-expired",
                    format!(
                        "the acceptance of risk `{}` by {} expired on {expired}",
                        risk.id, acceptance.by
                    ),
                )
                .at(acceptance.at.clone())
                .help("reassess the risk and renew the acceptance (move the old one to `history`), or treat it"),
            );
        }
    }
    if state.review_overdue {
        if let (Some(due), Some(every)) = (risk.next_review(), risk.review_every) {
            diags.push(
                Diagnostic::warning(
                    "risk-review-overdue",
                    format!(
                        "risk `{}` was last assessed on {}: the next assessment was due by {due} (every {every})",
                        risk.id,
                        risk.assessed_on.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
                .at(risk.assessed_at.clone())
                .help("clause 8.2: reassess at planned intervals; move the current ratings to `history` and update `assessed_on`"),
            );
        }
    }
    if risk.treatment == Some(Treatment::Mitigate)
        && risk.controls.is_empty()
        && risk.actions.is_empty()
    {
        diags.push(
            Diagnostic::warning(
                "treatment-without-controls",
                format!("risk `{}` is to be mitigated but names no controls and no actions", risk.id),
            )
            .at(risk.treatment_at.clone())
            .help("list the controls that treat it (`controls: [A.8.7]`) and the treatment actions (`actions: [...]`)"),
        );
    }
}

/// `control-without-reason`: controls `soa.yaml` lists as applicable with
/// no justification, which no risk names either: nothing on record says why
/// they are included (6.1.3 d).
fn controls_without_reason(site: &Site, diags: &mut Diagnostics) {
    if site.incomplete(crate::model::RecordKind::Risk) {
        return;
    }
    let treated: BTreeSet<&str> = site
        .source
        .risks
        .iter()
        .flat_map(|r| r.controls.iter().map(|c| c.id.as_str()))
        .collect();
    let missing: Vec<&str> = site
        .source
        .soa
        .iter()
        .filter(|(id, e)| {
            e.applicable
                && e.justification
                    .as_deref()
                    .is_none_or(|j| j.trim().is_empty())
                && !treated.contains(id.as_str())
        })
        .map(|(id, _)| id.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let shown: Vec<&str> = missing.iter().take(12).copied().collect();
    let more = missing.len().saturating_sub(shown.len());
    diags.push(
        Diagnostic::warning(
            "control-without-reason",
            format!(
                "{} applicable control(s) have neither a risk that names them nor a justification in the SoA: {}{}",
                missing.len(),
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        )
        .at(site
            .source
            .soa
            .get(missing[0])
            .map_or_else(|| Location::file("soa.yaml"), |e| e.at.clone()))
        .help("clause 6.1.3 d: name the control in a risk's `controls`, or give the SoA entry a `justification`"),
    );
}

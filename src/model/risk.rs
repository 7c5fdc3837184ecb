//! Risks: the results of risk assessment and risk treatment (6.1.2, 6.1.3,
//! 8.2, 8.3), the reasons behind the Statement of Applicability.

use super::keyword::keyword_enum;
use super::{Date, Interval, Ref, Text};
use crate::diag::Location;

keyword_enum! {
    /// How a risk is treated (6.1.3).
    Treatment {
        Mitigate => "mitigate", "Mitigate";
        Accept => "accept", "Accept";
        Avoid => "avoid", "Avoid";
        Transfer => "transfer", "Transfer";
    }
}

/// A likelihood and an impact, each a level of the risk criteria (from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Likelihood level.
    pub likelihood: u32,
    /// Impact level.
    pub impact: u32,
    /// Where it was written.
    pub at: Location,
}

impl Rating {
    /// Likelihood x impact.
    pub fn score(&self) -> u32 {
        self.likelihood * self.impact
    }
}

/// Acceptance of a residual risk by its owner or management.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptance {
    /// Who accepted it.
    pub by: String,
    /// When.
    pub on: Option<Date>,
    /// Until when it holds (none: until the next assessment).
    pub expires: Option<Date>,
    /// Where it was written.
    pub at: Location,
}

impl Acceptance {
    /// In force on `date`: given by then and not expired.
    pub fn holds_on(&self, date: Date) -> bool {
        self.on.is_none_or(|on| on <= date) && self.expires.is_none_or(|e| e >= date)
    }
}

/// An earlier assessment of a risk (`history`).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// When it was made.
    pub date: Date,
    /// Inherent rating then.
    pub inherent: Option<Rating>,
    /// Residual rating then.
    pub residual: Option<Rating>,
    /// Acceptance in force then.
    pub acceptance: Option<Acceptance>,
    /// What changed.
    pub note: Option<String>,
}

/// One risk of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Unique id.
    pub id: String,
    /// Where the id is written.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// Risk owner (6.1.2 c 2).
    pub owner: Option<Ref>,
    /// Assets concerned.
    pub assets: Vec<String>,
    /// Threat.
    pub threat: Option<String>,
    /// Vulnerability.
    pub vulnerability: Option<String>,
    /// More about the risk (Markdown).
    pub description: Text,
    /// Date of the current assessment.
    pub assessed_on: Option<Date>,
    /// Where `assessed_on` is written (or the id).
    pub assessed_at: Location,
    /// Rating before treatment.
    pub inherent: Option<Rating>,
    /// Treatment option.
    pub treatment: Option<Treatment>,
    /// Where `treatment` is written (or the id).
    pub treatment_at: Location,
    /// Controls that treat it.
    pub controls: Vec<Ref>,
    /// Treatment actions.
    pub actions: Vec<Ref>,
    /// Rating after treatment.
    pub residual: Option<Rating>,
    /// Acceptance of the residual risk.
    pub acceptance: Option<Acceptance>,
    /// Planned interval between assessments.
    pub review_every: Option<Interval>,
    /// Earlier assessments, oldest first.
    pub history: Vec<Assessment>,
    /// Source path relative to SRC.
    pub path: String,
}

/// The ratings of a risk in force on a date: the current assessment or an
/// earlier one from `history`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingsOn<'r> {
    /// When that assessment was made.
    pub assessed_on: Date,
    /// Inherent rating.
    pub inherent: Option<&'r Rating>,
    /// Residual rating.
    pub residual: Option<&'r Rating>,
    /// Acceptance recorded with it.
    pub acceptance: Option<&'r Acceptance>,
}

impl Risk {
    /// The assessment in force on `date`: the current one if made by then,
    /// else the latest `history` entry made by then; `None` before the
    /// first assessment.
    pub fn ratings_on(&self, date: Date) -> Option<RatingsOn<'_>> {
        if let Some(on) = self.assessed_on.filter(|on| *on <= date) {
            return Some(RatingsOn {
                assessed_on: on,
                inherent: self.inherent.as_ref(),
                residual: self.residual.as_ref(),
                acceptance: self.acceptance.as_ref(),
            });
        }
        let earlier = self.history.iter().rev().find(|h| h.date <= date)?;
        Some(RatingsOn {
            assessed_on: earlier.date,
            inherent: earlier.inherent.as_ref(),
            residual: earlier.residual.as_ref(),
            acceptance: earlier.acceptance.as_ref(),
        })
    }

    /// The date the next assessment is due.
    pub fn next_review(&self) -> Option<Date> {
        Some(self.review_every?.after(self.assessed_on?))
    }
}

/// The scales and appetite risks are rated against (`risk_criteria` in
/// `isms.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct RiskCriteria {
    /// Likelihood labels, level 1 first.
    pub likelihood: Vec<String>,
    /// Impact labels, level 1 first.
    pub impact: Vec<String>,
    /// Highest acceptable residual score; none: no appetite stated.
    pub appetite: Option<u32>,
}

impl Default for RiskCriteria {
    /// Five levels each, no appetite.
    fn default() -> Self {
        let labels = |l: [&str; 5]| l.iter().map(|s| s.to_string()).collect();
        RiskCriteria {
            likelihood: labels(["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            impact: labels(["Negligible", "Minor", "Moderate", "Major", "Severe"]),
            appetite: None,
        }
    }
}

impl RiskCriteria {
    /// Is `score` above the appetite?
    pub fn above_appetite(&self, score: u32) -> bool {
        self.appetite.is_some_and(|a| score > a)
    }
}

//! Metrics: KPIs measured over time (clause 9.1).

use super::keyword::keyword_enum;
use super::{Date, Ref, Satisfies, Text};
use crate::diag::Location;

keyword_enum! {
    /// Which way is better.
    Direction {
        Higher => "higher", "Higher is better";
        Lower => "lower", "Lower is better";
    }
}

keyword_enum! {
    /// How often a metric is measured.
    Frequency {
        Weekly => "weekly", "Weekly";
        Monthly => "monthly", "Monthly";
        Quarterly => "quarterly", "Quarterly";
        Yearly => "yearly", "Yearly";
    }
}

impl Frequency {
    /// Nominal days between measurements.
    pub fn days(self) -> i64 {
        match self {
            Frequency::Weekly => 7,
            Frequency::Monthly => 31,
            Frequency::Quarterly => 92,
            Frequency::Yearly => 366,
        }
    }
}

/// One measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// When.
    pub date: Date,
    /// Value.
    pub value: f64,
    /// Comment.
    pub note: Option<String>,
}

/// A KPI.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Unique id.
    pub id: String,
    /// Where the id is defined.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// Owner role.
    pub owner: Option<Ref>,
    /// Unit, e.g. `%`.
    pub unit: Option<String>,
    /// Target value.
    pub target: Option<f64>,
    /// Which way is better.
    pub direction: Direction,
    /// Clauses.
    pub clauses: Vec<Ref>,
    /// Controls.
    pub controls: Vec<Ref>,
    /// Other frameworks' controls.
    pub satisfies: Satisfies,
    /// How it is measured, Markdown.
    pub method: Text,
    /// How often.
    pub frequency: Option<Frequency>,
    /// Measurements, sorted by date.
    pub measurements: Vec<Measurement>,
    /// Source path.
    pub path: String,
}

impl Metric {
    /// Does `value` meet the target?
    pub fn meets_target(&self, value: f64) -> Option<bool> {
        let target = self.target?;
        Some(match self.direction {
            Direction::Higher => value >= target,
            Direction::Lower => value <= target,
        })
    }
}

//! Information security incidents (A.5.24 to A.5.28): detection,
//! containment, resolution, notification and the lessons learned.

use super::keyword::keyword_enum;
use super::{Date, FileRef, Ref, Text};
use crate::diag::Location;

keyword_enum! {
    /// How serious an incident is.
    Severity {
        Low => "low", "Low";
        Medium => "medium", "Medium";
        High => "high", "High";
        Critical => "critical", "Critical";
    }
}

impl Severity {
    /// High or critical: lessons and an action are expected.
    pub fn is_serious(self) -> bool {
        matches!(self, Severity::High | Severity::Critical)
    }
}

/// A notification owed to an authority (`notifiable:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// Who must be notified.
    pub authority: Option<String>,
    /// By when.
    pub deadline: Option<Date>,
    /// When it was notified.
    pub notified_on: Option<Date>,
    /// Where `notified_on` is written.
    pub notified_on_at: Option<Location>,
    /// Where `notifiable` is written.
    pub at: Location,
}

/// One incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Unique id.
    pub id: String,
    /// Where the id is written.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// When it was detected.
    pub detected: Option<Date>,
    /// When it was contained.
    pub contained: Option<Date>,
    /// When it was resolved.
    pub resolved: Option<Date>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Where `severity` is written (or the id).
    pub severity_at: Location,
    /// Assets affected.
    pub assets: Vec<String>,
    /// Controls concerned.
    pub controls: Vec<Ref>,
    /// Risks that materialised.
    pub risks: Vec<Ref>,
    /// Notification to an authority, if one is owed.
    pub notifiable: Option<Notification>,
    /// Root cause, Markdown.
    pub root_cause: Text,
    /// Lessons learned (A.5.27), Markdown.
    pub lessons: Text,
    /// Corrective actions.
    pub actions: Vec<Ref>,
    /// Evidence files.
    pub evidence: Vec<FileRef>,
    /// Source path relative to SRC.
    pub path: String,
}

impl Incident {
    /// Days from detection to containment.
    pub fn days_to_contain(&self) -> Option<i64> {
        Some(self.detected?.days_until(self.contained?))
    }

    /// Days from detection to resolution.
    pub fn days_to_resolve(&self) -> Option<i64> {
        Some(self.detected?.days_until(self.resolved?))
    }
}

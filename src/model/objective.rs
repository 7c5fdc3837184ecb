//! Information security objectives (clause 6.2): what the ISMS aims at, how
//! it is measured (linked KPIs) and the status the owner states.

use super::keyword::keyword_enum;
use super::{Date, Ref, Text};
use crate::diag::Location;

keyword_enum! {
    /// The status an objective's owner states.
    ObjectiveStatus {
        Active => "active", "Active";
        Achieved => "achieved", "Achieved";
        Missed => "missed", "Missed";
        Withdrawn => "withdrawn", "Withdrawn";
    }
}

/// One objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// Unique id.
    pub id: String,
    /// Where the id is written.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// Who is responsible (6.2 g).
    pub owner: Option<Ref>,
    /// The target, in words.
    pub target: Option<String>,
    /// KPIs that measure it (6.2 b, 6.2 h).
    pub metrics: Vec<Ref>,
    /// When it is to be completed (6.2 i).
    pub due: Option<Date>,
    /// What will be done (6.2 e), Markdown.
    pub plan: Text,
    /// What resources are required (6.2 f).
    pub resources: Option<String>,
    /// How and when results are evaluated (6.2 j).
    pub evaluation: Option<String>,
    /// The stated status (defaults to active).
    pub status: ObjectiveStatus,
    /// Where `status` is written (or the id).
    pub status_at: Location,
    /// Clauses.
    pub clauses: Vec<Ref>,
    /// Controls.
    pub controls: Vec<Ref>,
    /// When it was set (optional; absent at an earlier as-of date).
    pub since: Option<Date>,
    /// Source path relative to SRC.
    pub path: String,
}

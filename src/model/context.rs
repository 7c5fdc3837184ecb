//! The context of the organization (clause 4.1) and the interested parties
//! with their requirements (4.2), from `context.yaml`, with what changed when.

use super::keyword::keyword_enum;
use super::Date;
use crate::diag::Location;

keyword_enum! {
    /// Where an issue comes from.
    IssueKind {
        Internal => "internal", "Internal";
        External => "external", "External";
    }
}

/// A dated change to an issue or party (`changed:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// When.
    pub on: Date,
    /// What changed.
    pub note: String,
}

/// An internal or external issue (4.1).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Unique id (`ISS-3`).
    pub id: String,
    /// Where the id is written.
    pub id_at: Location,
    /// The issue, in one line.
    pub issue: String,
    /// Internal or external.
    pub kind: Option<IssueKind>,
    /// Free category (legal, technology, market...).
    pub category: Option<String>,
    /// Whether climate change is relevant to it (Amendment 1:2024); `None`
    /// when not stated.
    pub climate: Option<bool>,
    /// Since when it is an issue.
    pub since: Option<Date>,
    /// When it stopped being one.
    pub until: Option<Date>,
    /// More about it.
    pub note: Option<String>,
    /// Dated changes, oldest first.
    pub changed: Vec<Change>,
}

/// An interested party and its needs (4.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// Unique id (`IP-2`).
    pub id: String,
    /// Where the id is written.
    pub id_at: Location,
    /// Who.
    pub party: String,
    /// Their needs and expectations (4.2 b).
    pub needs: Option<String>,
    /// Whether the ISMS addresses them (4.2 c).
    pub via_isms: Option<bool>,
    /// Since when.
    pub since: Option<Date>,
    /// When it stopped being one.
    pub until: Option<Date>,
    /// Dated changes, oldest first.
    pub changed: Vec<Change>,
}

/// `context.yaml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Context {
    /// Internal and external issues.
    pub issues: Vec<Issue>,
    /// Interested parties.
    pub parties: Vec<Party>,
    /// Where the `issues:` key is written (`None`: no such key), for a
    /// diagnostic about the issues as a whole (`climate-not-decided`).
    pub issues_at: Option<Location>,
    /// Source path relative to SRC.
    pub path: String,
}

//! Documents: policies, procedures, standards, guidelines, plans, records.

use super::keyword::keyword_enum;
use super::{Date, Ref, Satisfies, Text};
use crate::diag::Location;

keyword_enum! {
    /// What kind of document.
    DocType {
        Policy => "policy", "Policy";
        Procedure => "procedure", "Procedure";
        Standard => "standard", "Standard";
        Guideline => "guideline", "Guideline";
        Plan => "plan", "Plan";
        Record => "record", "Record";
    }
}

keyword_enum! {
    /// Where a document is in its lifecycle.
    DocStatus {
        Draft => "draft", "Draft";
        Approved => "approved", "Approved";
        Retired => "retired", "Retired";
    }
}

/// One entry of a document's version history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Version label.
    pub version: String,
    /// When.
    pub date: Option<Date>,
    /// What changed.
    pub change: String,
}

/// A Markdown document with its front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Unique id (given or derived from the path).
    pub id: String,
    /// Where the id is defined (or the file).
    pub id_at: Location,
    /// Title (given, first heading, or file name).
    pub title: String,
    /// Kind of document.
    pub doc_type: DocType,
    /// Owner role.
    pub owner: Option<Ref>,
    /// Version label.
    pub version: Option<String>,
    /// Lifecycle status.
    pub status: DocStatus,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved.
    pub approved_on: Option<Date>,
    /// When it must next be reviewed (given, or approved_on + review_every).
    pub next_review: Option<Date>,
    /// Where the review date was given (for diagnostics).
    pub next_review_at: Option<Location>,
    /// One-line purpose.
    pub summary: Option<String>,
    /// Information classification label (`classification`).
    pub classification: Option<String>,
    /// ISO 27001 clauses it satisfies.
    pub clauses: Vec<Ref>,
    /// Annex A controls it implements.
    pub controls: Vec<Ref>,
    /// Other frameworks' controls.
    pub satisfies: Satisfies,
    /// Version history.
    pub history: Vec<HistoryEntry>,
    /// Markdown body.
    pub body: Text,
    /// Source path relative to SRC.
    pub path: String,
    /// The page's path on a published site (`slug` in front matter), for
    /// links written for that site.
    pub slug: Option<String>,
    /// Whether clause and control numbers in the body become links
    /// (`mentions` in front matter; `None`: as `isms.yaml` says).
    pub mentions: Option<bool>,
}

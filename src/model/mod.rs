//! The domain model: validated records of an ISMS.
//!
//! Everything here was parsed and checked at the edge (`source`); later stages
//! work with these types, never with raw YAML. References to other records are
//! kept as [`Ref`]s that remember where they were written, so the resolver can
//! point at them.

mod action;
mod audit;
pub mod config;
mod context;
mod date;
mod document;
mod framework;
mod incident;
mod interval;
pub(crate) mod keyword;
mod kind;
mod metric;
mod objective;
mod review;
mod risk;
mod soa;
mod texts;

pub use action::{Action, ActionKind, ActionStatus, Effectiveness, LogEntry};
pub use audit::{Audit, AuditKind, AuditStatus, Finding, FindingType};
pub use config::Config;
pub use context::{Change, Context, Issue, IssueKind, Party};
pub use date::Date;
pub use document::{DocStatus, DocType, Document, HistoryEntry};
pub use framework::{Framework, FrameworkControl};
pub use incident::{Incident, Notification, Severity};
pub use interval::Interval;
pub use keyword::Keyword;
pub use kind::{KindInfo, NavGroup, RecordKind, KINDS};
pub use metric::{Direction, Frequency, Measurement, Metric};
pub use objective::{Objective, ObjectiveStatus};
pub use review::{Review, ReviewInput};
pub use risk::{Acceptance, Assessment, Rating, RatingsOn, Risk, RiskCriteria, Treatment};
pub use soa::{ImplStatus, Soa, SoaEntry};
pub use texts::Texts;

use crate::diag::Location;
use serde::Serialize;

/// A reference to a record, clause or control, as written in the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ref {
    /// The id written.
    pub id: String,
    /// Where it was written.
    #[serde(skip)]
    pub at: Location,
}

/// A Markdown text from a YAML field or a document body, with its position.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Text {
    /// The Markdown source (shared: the parse cache hands out clones).
    pub markdown: std::sync::Arc<str>,
    /// Where the text starts (line of its first character).
    #[serde(skip)]
    pub at: Option<Location>,
}

impl Text {
    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.markdown.trim().is_empty()
    }
}

/// Mappings to controls of another framework: framework id -> control refs.
pub type Satisfies = Vec<(String, Vec<Ref>)>;

/// A cited file under the source folder (evidence or a report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRef {
    /// Path relative to the source folder, `/`-separated, as written.
    pub path: String,
    /// Where it was cited.
    #[serde(skip)]
    pub at: Location,
}

/// Every record loaded from a source folder, before resolution.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// `isms.yaml`.
    pub config: Config,
    /// Documents (Markdown).
    pub documents: Vec<std::sync::Arc<Document>>,
    /// Audits with their findings.
    pub audits: Vec<Audit>,
    /// Corrective, preventive and improvement actions.
    pub actions: Vec<Action>,
    /// Management reviews.
    pub reviews: Vec<Review>,
    /// KPIs.
    pub metrics: Vec<Metric>,
    /// The risk register.
    pub risks: Vec<Risk>,
    /// Information security objectives.
    pub objectives: Vec<Objective>,
    /// `context.yaml`: issues and interested parties (`None`: no file).
    pub context: Option<Context>,
    /// Information security incidents.
    pub incidents: Vec<Incident>,
    /// Statement of Applicability entries.
    pub soa: Soa,
    /// Files under `evidence/`, relative paths with `/`, sorted.
    pub evidence: Vec<String>,
    /// Control frameworks from `frameworks/`.
    pub frameworks: Vec<Framework>,
    /// Git commits per source path, newest first (empty without git).
    pub git: std::collections::BTreeMap<String, Vec<Commit>>,
    /// Size and SHA-256 of every source file as read, by path relative to SRC.
    pub hashes: std::collections::BTreeMap<String, crate::digest::Entry>,
    /// Records whose file could not be decoded, known only by what the text
    /// still shows of them: a reference to one is not a second mistake.
    pub unparsed: Vec<Unparsed>,
    /// Source files (relative paths) whose reading reported an error: no
    /// derived state (overdue, review due...) is computed from their records.
    pub flawed: std::collections::BTreeSet<String>,
}

impl Source {
    /// True when the file at `path` had an error when read.
    pub fn is_flawed(&self, path: &str) -> bool {
        self.flawed.contains(path)
    }
}

/// A record whose file failed to parse or decode: its id (and, for an
/// action, what raised it) recovered from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Unparsed {
    /// The kind of record the id names.
    pub kind: RecordKind,
    /// The id as written.
    pub id: String,
    /// Where the id is written.
    pub at: Location,
    /// For an action: the ids of its `source`.
    pub sources: Vec<String>,
}

/// A commit that changed a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Abbreviated hash.
    pub hash: String,
    /// Author date.
    pub date: Date,
    /// Author name.
    pub author: String,
    /// First line of the message.
    pub message: String,
}

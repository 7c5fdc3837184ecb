//! Audits and the findings they raise.

use super::keyword::keyword_enum;
use super::{Date, FileRef, Ref, Satisfies, Text};
use crate::diag::Location;

keyword_enum! {
    /// What kind of audit.
    AuditKind {
        Internal => "internal", "Internal";
        External => "external", "External";
        Certification => "certification", "Certification";
        Surveillance => "surveillance", "Surveillance";
        Supplier => "supplier", "Supplier";
    }
}

keyword_enum! {
    /// The grading of a finding.
    FindingType {
        MajorNc => "major_nc", "Major nonconformity";
        MinorNc => "minor_nc", "Minor nonconformity";
        Observation => "observation", "Observation";
        Ofi => "ofi", "Opportunity for improvement";
    }
}

impl FindingType {
    /// Nonconformities need corrective action (clause 10.2).
    pub fn is_nonconformity(self) -> bool {
        matches!(self, FindingType::MajorNc | FindingType::MinorNc)
    }
}

/// One audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// Unique id.
    pub id: String,
    /// Where the id is defined.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: AuditKind,
    /// First day.
    pub start: Option<Date>,
    /// Last day.
    pub end: Option<Date>,
    /// Lead auditor.
    pub lead_auditor: Option<String>,
    /// Other auditors.
    pub auditors: Vec<String>,
    /// Scope, plain text.
    pub scope: Option<String>,
    /// Conclusion, Markdown.
    pub summary: Text,
    /// Clauses audited.
    pub clauses: Vec<Ref>,
    /// Controls audited.
    pub controls: Vec<Ref>,
    /// The audit report file.
    pub report: Option<FileRef>,
    /// Findings raised.
    pub findings: Vec<Finding>,
    /// Source path.
    pub path: String,
}

/// A finding raised by an audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Unique id.
    pub id: String,
    /// Where the id is defined.
    pub id_at: Location,
    /// The audit that raised it.
    pub audit: String,
    /// Grading.
    pub finding_type: FindingType,
    /// Title.
    pub title: String,
    /// Clauses concerned.
    pub clauses: Vec<Ref>,
    /// Controls concerned.
    pub controls: Vec<Ref>,
    /// Other frameworks' controls.
    pub satisfies: Satisfies,
    /// What was found, Markdown.
    pub description: Text,
    /// Evidence files.
    pub evidence: Vec<FileRef>,
    /// Documents concerned.
    pub documents: Vec<Ref>,
}

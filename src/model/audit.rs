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

impl AuditKind {
    /// A first-party audit of the ISMS by the organisation itself (9.2).
    /// Certification, surveillance, supplier and other external audits are
    /// second- or third-party: they do not make up the internal audit
    /// programme.
    pub fn is_internal(self) -> bool {
        self == AuditKind::Internal
    }
}

keyword_enum! {
    /// Whether an audit took place or is planned in the audit programme.
    AuditStatus {
        /// In the programme, not held yet: covers nothing, raises nothing.
        Planned => "planned", "Planned";
        /// Held (the default).
        Held => "held", "Held";
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
    /// Planned or held.
    pub status: AuditStatus,
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

impl Default for AuditStatus {
    /// An audit written down is one that took place, unless it says otherwise.
    fn default() -> Self {
        AuditStatus::Held
    }
}

impl Audit {
    /// Held, as opposed to only planned.
    pub fn is_held(&self) -> bool {
        self.status == AuditStatus::Held
    }

    /// A held first-party (internal) audit: one that counts for the audit
    /// programme (9.2).
    pub fn is_held_internal(&self) -> bool {
        self.is_held() && self.kind.is_internal()
    }

    /// The day the audit ended: `end`, else `start`.
    pub fn last_day(&self) -> Option<Date> {
        self.end.or(self.start)
    }

    /// Whether the audit is part of the record at `as_of`: a held audit
    /// from its `start`; a planned audit always (a plan exists before the
    /// date it is planned for).
    pub fn exists_at(&self, as_of: Date) -> bool {
        match self.status {
            AuditStatus::Planned => true,
            AuditStatus::Held => self.start.is_none_or(|s| s <= as_of),
        }
    }
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
    /// Earlier findings this one is stated to recur (`recurrence_of`).
    pub recurrence_of: Vec<Ref>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit(kind: AuditKind, status: AuditStatus, start: &str, end: Option<&str>) -> Audit {
        let date = |t: &str| Date::parse(t).ok();
        Audit {
            id: "AUD-1".into(),
            id_at: Location::file("audits/a.yaml"),
            title: "Audit".into(),
            kind,
            status,
            start: date(start),
            end: end.and_then(date),
            lead_auditor: None,
            auditors: Vec::new(),
            scope: None,
            summary: Text::default(),
            clauses: Vec::new(),
            controls: Vec::new(),
            report: None,
            findings: Vec::new(),
            path: "audits/a.yaml".into(),
        }
    }

    #[test]
    fn only_held_internal_audits_make_up_the_programme() {
        use AuditKind::*;
        for kind in [External, Certification, Surveillance, Supplier] {
            assert!(!kind.is_internal());
            assert!(!audit(kind, AuditStatus::Held, "2025-03-10", None).is_held_internal());
        }
        assert!(audit(Internal, AuditStatus::Held, "2025-03-10", None).is_held_internal());
        assert!(!audit(Internal, AuditStatus::Planned, "2025-03-10", None).is_held_internal());
        assert_eq!(AuditStatus::default(), AuditStatus::Held);
    }

    #[test]
    fn last_day_and_existence_at_a_date() {
        let d = |t: &str| Date::parse(t).expect("date");
        let held = audit(
            AuditKind::Internal,
            AuditStatus::Held,
            "2025-03-10",
            Some("2025-03-14"),
        );
        assert_eq!(held.last_day(), Some(d("2025-03-14")));
        assert!(!held.exists_at(d("2025-03-09")));
        assert!(held.exists_at(d("2025-03-10")));
        let one_day = audit(AuditKind::Internal, AuditStatus::Held, "2025-03-10", None);
        assert_eq!(one_day.last_day(), Some(d("2025-03-10")));
        // A plan exists before the date it is planned for.
        let planned = audit(
            AuditKind::Internal,
            AuditStatus::Planned,
            "2027-03-08",
            None,
        );
        assert!(planned.exists_at(d("2026-11-15")));
    }
}

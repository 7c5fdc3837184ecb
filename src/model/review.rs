//! Management reviews (clause 9.3).

use super::keyword::keyword_enum;
use super::{Date, Ref, Text};
use crate::diag::Location;

keyword_enum! {
    /// The inputs a management review must consider (clause 9.3.2).
    ReviewInput {
        PreviousActions => "previous_actions", "Status of actions from previous reviews";
        Changes => "changes", "Changes in external and internal issues";
        InterestedParties => "interested_parties", "Changes in needs and expectations of interested parties";
        Nonconformities => "nonconformities", "Nonconformities and corrective actions";
        Monitoring => "monitoring", "Monitoring and measurement results";
        AuditResults => "audit_results", "Audit results";
        Objectives => "objectives", "Fulfilment of information security objectives";
        Risk => "risk", "Results of risk assessment and status of risk treatment plan";
        ImprovementOpportunities => "improvement_opportunities", "Opportunities for continual improvement";
    }
}

/// A management review meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Unique id.
    pub id: String,
    /// Where the id is defined.
    pub id_at: Location,
    /// Title.
    pub title: String,
    /// Date held.
    pub date: Option<Date>,
    /// Chair.
    pub chair: Option<String>,
    /// Attendees.
    pub attendees: Vec<String>,
    /// Inputs considered, in 9.3.2 order.
    pub inputs: Vec<(ReviewInput, Text)>,
    /// Decisions taken, Markdown each.
    pub decisions: Vec<Text>,
    /// Actions raised.
    pub actions: Vec<Ref>,
    /// Source path.
    pub path: String,
}

//! Management reviews (clause 9.3).

use super::keyword::keyword_enum;
use super::{Date, Ref, Text};
use crate::diag::Location;

keyword_enum! {
    /// The ten inputs a management review must consider (clause 9.3.2), in
    /// the standard's order: a), b), c), d) 1-4, e), f), g). The declaration
    /// order is the order everywhere (`ALL`, `Ord`, pages and exports).
    ReviewInput {
        PreviousActions => "previous_actions", "Status of actions from previous reviews";
        Changes => "changes", "Changes in external and internal issues";
        InterestedParties => "interested_parties", "Changes in needs and expectations of interested parties";
        Nonconformities => "nonconformities", "Nonconformities and corrective actions";
        Monitoring => "monitoring", "Monitoring and measurement results";
        AuditResults => "audit_results", "Audit results";
        Objectives => "objectives", "Fulfilment of information security objectives";
        InterestedPartyFeedback => "interested_party_feedback", "Feedback from interested parties";
        Risk => "risk", "Results of risk assessment and status of risk treatment plan";
        ImprovementOpportunities => "improvement_opportunities", "Opportunities for continual improvement";
    }
}

impl ReviewInput {
    /// How many inputs clause 9.3.2 lists.
    pub const COUNT: usize = ReviewInput::ALL.len();

    /// The item of clause 9.3.2 as the standard letters it: `a`, `b`, `c`,
    /// `d1` to `d4` (the four trends of d), feedback on performance), `e`,
    /// `f`, `g`.
    pub fn letter(self) -> &'static str {
        match self {
            ReviewInput::PreviousActions => "a",
            ReviewInput::Changes => "b",
            ReviewInput::InterestedParties => "c",
            ReviewInput::Nonconformities => "d1",
            ReviewInput::Monitoring => "d2",
            ReviewInput::AuditResults => "d3",
            ReviewInput::Objectives => "d4",
            ReviewInput::InterestedPartyFeedback => "e",
            ReviewInput::Risk => "f",
            ReviewInput::ImprovementOpportunities => "g",
        }
    }

    /// The input as a reader finds it in the standard: `e) interested_party_feedback`.
    pub fn cited(self) -> String {
        format!("{}) {}", self.letter(), self.as_str())
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

impl Review {
    /// What the review records for an input: `None` when the input is
    /// missing or left empty.
    pub fn input(&self, input: ReviewInput) -> Option<&Text> {
        self.inputs
            .iter()
            .find(|(k, t)| *k == input && !t.is_empty())
            .map(|(_, t)| t)
    }

    /// The inputs the review records with some content, in 9.3.2 order.
    pub fn inputs_covered(&self) -> Vec<ReviewInput> {
        ReviewInput::ALL
            .iter()
            .copied()
            .filter(|&i| self.input(i).is_some())
            .collect()
    }

    /// The inputs it lacks or leaves empty, in 9.3.2 order.
    pub fn inputs_missing(&self) -> Vec<ReviewInput> {
        ReviewInput::ALL
            .iter()
            .copied()
            .filter(|&i| self.input(i).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(markdown: &str) -> Text {
        Text {
            markdown: markdown.into(),
            ..Text::default()
        }
    }

    #[test]
    fn ten_inputs_in_the_order_and_with_the_letters_of_9_3_2() {
        let letters: Vec<&str> = ReviewInput::ALL.iter().map(|i| i.letter()).collect();
        assert_eq!(
            letters,
            ["a", "b", "c", "d1", "d2", "d3", "d4", "e", "f", "g"]
        );
        assert_eq!(ReviewInput::COUNT, 10);
        assert_eq!(
            ReviewInput::parse("interested_party_feedback"),
            Some(ReviewInput::InterestedPartyFeedback)
        );
        assert_eq!(
            ReviewInput::InterestedPartyFeedback.cited(),
            "e) interested_party_feedback"
        );
        assert_eq!(
            ReviewInput::InterestedPartyFeedback.label(),
            "Feedback from interested parties"
        );
        // The derived order (used to sort what a file gives) is the standard's.
        let mut sorted = ReviewInput::ALL.to_vec();
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, ReviewInput::ALL);
    }

    #[test]
    fn an_empty_input_is_missing() {
        let review = Review {
            id: "MR-1".into(),
            id_at: Location::file("reviews/mr-1.yaml"),
            title: "Review".into(),
            date: None,
            chair: None,
            attendees: Vec::new(),
            inputs: vec![
                (ReviewInput::PreviousActions, text("None open.")),
                (ReviewInput::InterestedPartyFeedback, text("  ")),
                (ReviewInput::Risk, text("Register reviewed.")),
            ],
            decisions: Vec::new(),
            actions: Vec::new(),
            path: "reviews/mr-1.yaml".into(),
        };
        assert_eq!(
            review.inputs_covered(),
            [ReviewInput::PreviousActions, ReviewInput::Risk]
        );
        let missing = review.inputs_missing();
        assert_eq!(missing.len(), 8);
        assert!(missing.contains(&ReviewInput::InterestedPartyFeedback));
        assert!(review.input(ReviewInput::InterestedPartyFeedback).is_none());
    }
}

//! The Markdown texts of each kind of record, listed once per kind: the link
//! check (`resolve::links`) scans every text a record's [`Texts::texts`]
//! names, so a Markdown field added to a kind is listed here or nowhere.

use super::{Action, Audit, Document, Finding, Incident, Metric, Objective, Review, Risk, Text};

/// A record with Markdown texts.
pub trait Texts {
    /// Every Markdown text of the record (empty ones included).
    fn texts(&self) -> Vec<&Text>;
}

impl Texts for Document {
    fn texts(&self) -> Vec<&Text> {
        vec![&self.body]
    }
}

impl Texts for Audit {
    /// The audit's own summary; its findings are records of their own.
    fn texts(&self) -> Vec<&Text> {
        vec![&self.summary]
    }
}

impl Texts for Finding {
    fn texts(&self) -> Vec<&Text> {
        vec![&self.description]
    }
}

impl Texts for Action {
    fn texts(&self) -> Vec<&Text> {
        let mut texts = vec![&self.root_cause, &self.plan];
        texts.extend(self.effectiveness.iter().map(|e| &e.note));
        texts
    }
}

impl Texts for Review {
    fn texts(&self) -> Vec<&Text> {
        self.inputs
            .iter()
            .map(|(_, t)| t)
            .chain(&self.decisions)
            .collect()
    }
}

impl Texts for Metric {
    fn texts(&self) -> Vec<&Text> {
        vec![&self.method]
    }
}

impl Texts for Risk {
    fn texts(&self) -> Vec<&Text> {
        vec![&self.description]
    }
}

impl Texts for Objective {
    fn texts(&self) -> Vec<&Text> {
        vec![&self.plan]
    }
}

impl Texts for Incident {
    fn texts(&self) -> Vec<&Text> {
        vec![&self.root_cause, &self.lessons]
    }
}

//! Control frameworks: the built-in ISO/IEC 27001:2022 catalog.
//!
//! The catalog (ids and short titles only) is a data file embedded in the
//! binary. It answers "is this a clause or an Annex A control, what is it
//! called, which 2022 control replaced this 2013 one, and what has an
//! amendment (Amd 1:2024, climate action) changed in a clause?".

use crate::source::yaml::{self, Node};
use std::collections::HashMap;
use std::sync::OnceLock;

const ISO27001_2022: &str = include_str!("iso27001-2022.yaml");

/// A clause or subclause of ISO/IEC 27001 (4 to 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// `9.2.2`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Parent clause id, if a subclause.
    pub parent: Option<String>,
    /// What published amendments change in the clause, oldest first.
    pub amendments: Vec<ClauseAmendment>,
}

/// A published amendment to ISO/IEC 27001:2022.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// `Amd 1:2024`.
    pub id: String,
    /// `ISO/IEC 27001:2022/Amd 1:2024 Climate action changes`.
    pub title: String,
    /// Year and month of publication: `2024-02`.
    pub published: String,
}

/// What one amendment changes in a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseAmendment {
    /// The amendment's id (`Amd 1:2024`), one of [`Catalog::amendments`].
    pub by: String,
    /// The change, summarised (not the standard's text).
    pub note: String,
}

/// An Annex A control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// `A.8.5`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Theme key: organizational, people, physical, technological.
    pub theme: String,
    /// The 2013 controls it replaces.
    pub iso2013: Vec<String>,
}

/// A theme of Annex A.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// `organizational`.
    pub key: String,
    /// `5`.
    pub number: String,
    /// `Organizational controls`.
    pub name: String,
}

/// The ISO/IEC 27001:2022 catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Clauses in standard order.
    pub clauses: Vec<Clause>,
    /// Controls in standard order.
    pub controls: Vec<Control>,
    /// Themes in order.
    pub themes: Vec<Theme>,
    /// Published amendments to the 2022 edition, oldest first.
    pub amendments: Vec<Amendment>,
    clause_index: HashMap<String, usize>,
    control_index: HashMap<String, usize>,
    from_2013: HashMap<String, Vec<String>>,
}

/// The built-in catalog, parsed once.
pub fn iso27001() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(ISO27001_2022))
}

fn field<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.as_map()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .and_then(|(_, v)| v.as_str())
}

fn list<'a>(root: &'a Node, key: &str) -> &'a [Node] {
    root.as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
        .and_then(|(_, v)| v.as_seq())
        .unwrap_or(&[])
}

impl Catalog {
    /// Parse a catalog file in the embedded format. The built-in file is
    /// checked by tests; a malformed entry is skipped.
    fn parse(text: &str) -> Catalog {
        let root = yaml::parse(text).unwrap_or(Node {
            value: yaml::Value::Null,
            pos: yaml::Pos::default(),
        });
        let mut catalog = Catalog::default();
        for n in list(&root, "themes") {
            if let (Some(key), Some(number), Some(name)) =
                (field(n, "key"), field(n, "number"), field(n, "name"))
            {
                catalog.themes.push(Theme {
                    key: key.into(),
                    number: number.into(),
                    name: name.into(),
                });
            }
        }
        for n in list(&root, "amendments") {
            if let (Some(id), Some(title), Some(published)) =
                (field(n, "id"), field(n, "title"), field(n, "published"))
            {
                catalog.amendments.push(Amendment {
                    id: id.into(),
                    title: title.into(),
                    published: published.into(),
                });
            }
        }
        for n in list(&root, "clauses") {
            if let (Some(id), Some(title)) = (field(n, "id"), field(n, "title")) {
                // A change by an amendment the file does not list is skipped.
                let amendments = match (field(n, "amended_by"), field(n, "amendment")) {
                    (Some(by), Some(note)) if catalog.amendments.iter().any(|a| a.id == by) => {
                        vec![ClauseAmendment {
                            by: by.into(),
                            note: note.into(),
                        }]
                    }
                    _ => Vec::new(),
                };
                catalog
                    .clause_index
                    .insert(id.into(), catalog.clauses.len());
                catalog.clauses.push(Clause {
                    id: id.into(),
                    title: title.into(),
                    parent: field(n, "parent").map(Into::into),
                    amendments,
                });
            }
        }
        for n in list(&root, "controls") {
            if let (Some(id), Some(title), Some(theme)) =
                (field(n, "id"), field(n, "title"), field(n, "theme"))
            {
                let iso2013: Vec<String> = n
                    .as_map()
                    .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("iso2013")))
                    .and_then(|(_, v)| v.as_seq())
                    .map(|s| {
                        s.iter()
                            .filter_map(|x| x.as_str().map(Into::into))
                            .collect()
                    })
                    .unwrap_or_default();
                for old in &iso2013 {
                    catalog
                        .from_2013
                        .entry(old.clone())
                        .or_default()
                        .push(id.to_string());
                }
                catalog
                    .control_index
                    .insert(id.into(), catalog.controls.len());
                catalog.controls.push(Control {
                    id: id.into(),
                    title: title.into(),
                    theme: theme.into(),
                    iso2013,
                });
            }
        }
        catalog
    }

    /// A clause by id.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clause_index.get(id).map(|&i| &self.clauses[i])
    }

    /// A control by id.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.control_index.get(id).map(|&i| &self.controls[i])
    }

    /// Position of a clause in standard order.
    pub fn clause_position(&self, id: &str) -> Option<usize> {
        self.clause_index.get(id).copied()
    }

    /// Position of a control in standard order.
    pub fn control_position(&self, id: &str) -> Option<usize> {
        self.control_index.get(id).copied()
    }

    /// The 2022 controls that replaced a 2013 control id (`A.9.2.3`).
    pub fn successors_of_2013(&self, id: &str) -> &[String] {
        self.from_2013.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The theme of a control.
    pub fn theme(&self, key: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.key == key)
    }

    /// A published amendment by id (`Amd 1:2024`).
    pub fn amendment(&self, id: &str) -> Option<&Amendment> {
        self.amendments.iter().find(|a| a.id == id)
    }

    /// A hint for an id that is neither a clause nor a control.
    pub fn hint_for_unknown(&self, id: &str, expect_control: bool) -> String {
        let successors = self.successors_of_2013(id);
        if !successors.is_empty() {
            return format!(
                "`{id}` is an ISO 27001:2013 control; in 2022 it is {}",
                successors.join(", ")
            );
        }
        let prefixed = format!("A.{id}");
        if expect_control && self.control(&prefixed).is_some() {
            return format!("Annex A controls are written with `A.`: did you mean `{prefixed}`?");
        }
        if let Some(stripped) = id.strip_prefix("A.") {
            if !expect_control && self.clause(stripped).is_some() {
                return format!("clauses are written without `A.`: did you mean `{stripped}`?");
            }
        }
        let candidates = self
            .clauses
            .iter()
            .map(|c| c.id.as_str())
            .chain(self.controls.iter().map(|c| c.id.as_str()));
        match crate::diag::did_you_mean(id, candidates) {
            Some(near) => format!("did you mean `{near}`? ids follow ISO/IEC 27001:2022"),
            None => "clauses are 4 to 10.2 (e.g. 9.2.2); controls A.5.1 to A.8.34".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_standard() {
        let c = iso27001();
        assert_eq!(c.clauses.len(), 41);
        assert_eq!(c.controls.len(), 93);
        let per_theme = |t: &str| c.controls.iter().filter(|x| x.theme == t).count();
        assert_eq!(per_theme("organizational"), 37);
        assert_eq!(per_theme("people"), 8);
        assert_eq!(per_theme("physical"), 14);
        assert_eq!(per_theme("technological"), 34);
        assert_eq!(c.clause("10.1").unwrap().title, "Continual improvement");
        assert_eq!(
            c.clause("10.2").unwrap().title,
            "Nonconformity and corrective action"
        );
        assert_eq!(c.control("A.8.5").unwrap().title, "Secure authentication");
    }

    #[test]
    fn maps_2013_ids() {
        let c = iso27001();
        assert_eq!(c.successors_of_2013("A.9.2.3"), ["A.8.2"]);
        assert!(c.hint_for_unknown("A.9.2.3", true).contains("A.8.2"));
        assert!(c.hint_for_unknown("8.5", true).contains("A.8.5"));
    }

    /// The clause and subclause ids of ISO/IEC 27001:2022 (4 to 10) in the
    /// standard's order.
    const CLAUSE_IDS: [&str; 41] = [
        "4", "4.1", "4.2", "4.3", "4.4", //
        "5", "5.1", "5.2", "5.3", //
        "6", "6.1", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3", //
        "7", "7.1", "7.2", "7.3", "7.4", "7.5", "7.5.1", "7.5.2", "7.5.3", //
        "8", "8.1", "8.2", "8.3", //
        "9", "9.1", "9.2", "9.2.1", "9.2.2", "9.3", "9.3.1", "9.3.2", "9.3.3", //
        "10", "10.1", "10.2",
    ];

    #[test]
    fn clauses_are_4_to_10_2_in_order_with_their_parents() {
        let c = iso27001();
        let ids: Vec<&str> = c.clauses.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, CLAUSE_IDS);
        for (i, clause) in c.clauses.iter().enumerate() {
            let parent = clause.id.rsplit_once('.').map(|(p, _)| p.to_string());
            assert_eq!(clause.parent, parent, "{}", clause.id);
            assert_eq!(c.clause(&clause.id), Some(clause));
            assert_eq!(c.clause_position(&clause.id), Some(i));
            assert!(
                !clause.title.is_empty() && clause.title.trim() == clause.title,
                "{}: {:?}",
                clause.id,
                clause.title
            );
        }
        for missing in ["1", "3", "4.5", "6.1.4", "9.4", "10.3", "11"] {
            assert!(c.clause(missing).is_none(), "{missing}");
        }
    }

    #[test]
    fn annex_a_is_93_controls_in_four_numbered_themes() {
        let c = iso27001();
        let themes: Vec<(&str, &str, &str)> = c
            .themes
            .iter()
            .map(|t| (t.key.as_str(), t.number.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(
            themes,
            [
                ("organizational", "5", "Organizational controls"),
                ("people", "6", "People controls"),
                ("physical", "7", "Physical controls"),
                ("technological", "8", "Technological controls"),
            ]
        );
        // A.5.1-A.5.37, A.6.1-A.6.8, A.7.1-A.7.14, A.8.1-A.8.34, in order.
        let expected: Vec<(String, &str)> = [
            (5, 37, "organizational"),
            (6, 8, "people"),
            (7, 14, "physical"),
            (8, 34, "technological"),
        ]
        .into_iter()
        .flat_map(|(theme, count, key)| (1..=count).map(move |n| (format!("A.{theme}.{n}"), key)))
        .collect();
        assert_eq!(expected.len(), 93);
        let actual: Vec<(String, &str)> = c
            .controls
            .iter()
            .map(|x| (x.id.clone(), x.theme.as_str()))
            .collect();
        assert_eq!(actual, expected);
        for (i, control) in c.controls.iter().enumerate() {
            assert_eq!(c.control(&control.id), Some(control));
            assert_eq!(c.control_position(&control.id), Some(i));
            assert!(
                !control.title.is_empty() && control.title.trim() == control.title,
                "{}: {:?}",
                control.id,
                control.title
            );
            assert!(c.theme(&control.theme).is_some(), "{}", control.id);
        }
        for missing in ["A.5.38", "A.6.9", "A.7.15", "A.8.35", "A.9.1", "5.1.1"] {
            assert!(c.control(missing).is_none(), "{missing}");
        }
    }

    #[test]
    fn spot_checked_titles() {
        let c = iso27001();
        for (id, title) in [
            ("4", "Context of the organization"),
            ("4.1", "Understanding the organization and its context"),
            ("6.1.2", "Information security risk assessment"),
            ("9.2", "Internal audit"),
            ("9.3", "Management review"),
            ("10.1", "Continual improvement"),
            ("10.2", "Nonconformity and corrective action"),
        ] {
            assert_eq!(c.clause(id).map(|x| x.title.as_str()), Some(title), "{id}");
        }
        for (id, title) in [
            ("A.5.1", "Policies for information security"),
            ("A.5.7", "Threat intelligence"),
            ("A.5.23", "Information security for use of cloud services"),
            (
                "A.6.3",
                "Information security awareness, education and training",
            ),
            ("A.7.4", "Physical security monitoring"),
            ("A.8.5", "Secure authentication"),
            ("A.8.28", "Secure coding"),
            (
                "A.8.34",
                "Protection of information systems during audit testing",
            ),
        ] {
            assert_eq!(c.control(id).map(|x| x.title.as_str()), Some(title), "{id}");
        }
    }

    #[test]
    fn amendment_1_2024_changes_4_1_and_4_2_only() {
        let c = iso27001();
        assert_eq!(
            c.amendments,
            [Amendment {
                id: "Amd 1:2024".into(),
                title: "ISO/IEC 27001:2022/Amd 1:2024 Climate action changes".into(),
                published: "2024-02".into(),
            }]
        );
        let amended: Vec<&str> = c
            .clauses
            .iter()
            .filter(|x| !x.amendments.is_empty())
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(amended, ["4.1", "4.2"]);
        for id in ["4.1", "4.2"] {
            let clause = c.clause(id).unwrap();
            assert_eq!(clause.amendments.len(), 1, "{id}");
            let change = &clause.amendments[0];
            assert!(c.amendment(&change.by).is_some(), "{id}: {}", change.by);
            assert!(change.note.contains("Amd 1:2024"), "{id}: {}", change.note);
            assert!(
                change.note.contains("climate change"),
                "{id}: {}",
                change.note
            );
        }
        assert!(c.clause("4.1").unwrap().amendments[0]
            .note
            .contains("whether climate change is relevant"));
        assert!(c.clause("4.2").unwrap().amendments[0]
            .note
            .contains("interested parties"));
        // The amendment leaves ids and titles as they were.
        assert_eq!(
            c.clause("4.1").unwrap().title,
            "Understanding the organization and its context"
        );
        assert_eq!(c.clauses.len(), 41);
    }

    #[test]
    fn a_change_by_an_unlisted_amendment_is_skipped() {
        let c = Catalog::parse(
            "amendments:\n  - { id: 'Amd 1:2024', title: T, published: '2024-02' }\n\
             clauses:\n  - { id: '4', title: A, amended_by: 'Amd 9:2099', amendment: x }\n  \
             - { id: '4.1', title: B, parent: '4', amended_by: 'Amd 1:2024', amendment: y }\n",
        );
        assert!(c.clause("4").unwrap().amendments.is_empty());
        assert_eq!(
            c.clause("4.1").unwrap().amendments,
            [ClauseAmendment {
                by: "Amd 1:2024".into(),
                note: "y".into()
            }]
        );
    }

    #[test]
    fn the_2013_correspondence_covers_114_old_controls_and_11_new_ones() {
        let c = iso27001();
        let new: Vec<&str> = c
            .controls
            .iter()
            .filter(|x| x.iso2013.is_empty())
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(
            new,
            [
                "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12",
                "A.8.16", "A.8.23", "A.8.28"
            ]
        );
        assert_eq!(c.from_2013.len(), 114, "every 2013 Annex A control");
        for (old, new) in &c.from_2013 {
            assert!(
                old.starts_with("A.") && old.matches('.').count() == 3,
                "{old}"
            );
            let expected = usize::from(old == "A.18.2.3") + 1;
            assert_eq!(new.len(), expected, "{old} -> {new:?}");
        }
        assert_eq!(c.successors_of_2013("A.18.2.3"), ["A.5.36", "A.8.8"]);
    }
}

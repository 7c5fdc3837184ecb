//! The index of other frameworks and their controls.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Framework;
use std::collections::HashMap;

/// Framework id -> (position, control id -> position).
#[derive(Debug, Clone, Default)]
pub struct FrameworkIndex {
    map: HashMap<String, (usize, HashMap<String, usize>)>,
}

/// The backlink key of a framework control: `FW:ID`.
pub fn control_key(framework: &str, control: &str) -> String {
    format!("{framework}:{control}")
}

impl FrameworkIndex {
    /// Index `frameworks`, reporting duplicate framework and control ids.
    pub fn build(frameworks: &[Framework], diags: &mut Diagnostics) -> FrameworkIndex {
        let mut map: HashMap<String, (usize, HashMap<String, usize>)> = HashMap::new();
        for (i, fw) in frameworks.iter().enumerate() {
            if let Some((first, _)) = map.get(&fw.id) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("framework `{}` is defined twice", fw.id),
                    )
                    .at(fw.id_at.clone())
                    .related(frameworks[*first].id_at.clone(), "first defined here")
                    .help("give each framework file its own id"),
                );
                continue;
            }
            if fw.id == "iso27001-2022" || fw.id.eq_ignore_ascii_case("ISO27001") {
                diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("framework id `{}` is reserved for the built-in ISO/IEC 27001:2022", fw.id),
                    )
                    .at(fw.id_at.clone())
                    .help("ISO 27001 clauses and controls go in `clauses` and `controls`; rename this framework"),
                );
                continue;
            }
            let mut controls = HashMap::new();
            for (j, c) in fw.controls.iter().enumerate() {
                if controls.insert(c.id.clone(), j).is_some() {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-id",
                            format!("control `{}` appears twice in framework `{}`", c.id, fw.id),
                        )
                        .at(fw.id_at.clone())
                        .help("each control id may appear once per framework"),
                    );
                }
            }
            map.insert(fw.id.clone(), (i, controls));
        }
        FrameworkIndex { map }
    }

    /// Position of a framework.
    pub fn framework(&self, id: &str) -> Option<usize> {
        self.map.get(id).map(|(i, _)| *i)
    }

    /// Position of a control within its framework.
    pub fn control(&self, framework: &str, id: &str) -> Option<usize> {
        self.map
            .get(framework)
            .and_then(|(_, c)| c.get(id).copied())
    }

    /// Control ids of a framework, for suggestions.
    pub fn control_ids(&self, framework: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .map
            .get(framework)
            .map(|(_, c)| c.keys().map(String::as_str).collect())
            .unwrap_or_default();
        ids.sort_unstable();
        ids
    }

    /// Framework ids, sorted.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.map.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }
}

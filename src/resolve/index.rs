//! The id index: every record, clause and control by id; duplicates diagnosed.

use super::Target;
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Source;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Build the id index and the path -> document map.
pub fn build(
    source: &Source,
    catalog: &Catalog,
    diags: &mut Diagnostics,
) -> (FxHashMap<String, Target>, FxHashMap<String, usize>) {
    let mut index: FxHashMap<String, Target> = FxHashMap::default();
    for (i, clause) in catalog.clauses.iter().enumerate() {
        index.insert(clause.id.clone(), Target::Clause(i));
    }
    for (i, control) in catalog.controls.iter().enumerate() {
        index.insert(control.id.clone(), Target::Control(i));
    }
    let mut places: HashMap<String, Location> = HashMap::new();
    let mut lowercase: HashMap<String, (String, Location)> = HashMap::new();
    let mut add = |id: &str, at: &Location, target: Target| {
        if let Some(page) = target
            .record_kind()
            .and_then(|kind| super::routes::taken_by_site(kind, id))
        {
            diags.push(
                Diagnostic::error(
                    "bad-id",
                    format!("`{id}` cannot be a record id: its page would replace the site's `{page}`"),
                )
                .at(at.clone())
                .help("rename the record (e.g. `MR-2026`): `index`, `page-N`, `next` and `treatment-plan` name pages of the site"),
            );
        }
        if let Some(existing) = index.get(id) {
            let diagnostic = match places.get(id) {
                Some(first) => {
                    Diagnostic::error("duplicate-id", format!("id `{id}` is used twice"))
                        .at(at.clone())
                        .related(first.clone(), "first used here")
                        .help("every record needs its own id; rename one of them")
                }
                None => Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "id `{id}` is already the ISO 27001 {} `{id}`",
                        existing.noun()
                    ),
                )
                .at(at.clone())
                .help("record ids must differ from clause and control ids"),
            };
            diags.push(diagnostic);
            return;
        }
        let folded = id.to_ascii_lowercase();
        if let Some((other, first)) = lowercase.get(&folded) {
            diags.push(
                Diagnostic::warning(
                    "id-case-clash",
                    format!("ids `{id}` and `{other}` differ only in letter case"),
                )
                .at(at.clone())
                .related(first.clone(), "the other id")
                .help("their pages would overwrite each other on Windows and macOS; rename one"),
            );
        } else {
            lowercase.insert(folded, (id.to_string(), at.clone()));
        }
        index.insert(id.to_string(), target);
        places.insert(id.to_string(), at.clone());
    };
    for (i, d) in source.documents.iter().enumerate() {
        add(&d.id, &d.id_at, Target::Document(i));
    }
    for (a, audit) in source.audits.iter().enumerate() {
        add(&audit.id, &audit.id_at, Target::Audit(a));
        for (f, finding) in audit.findings.iter().enumerate() {
            add(&finding.id, &finding.id_at, Target::Finding(a, f));
        }
    }
    for (i, x) in source.actions.iter().enumerate() {
        add(&x.id, &x.id_at, Target::Action(i));
    }
    for (i, x) in source.reviews.iter().enumerate() {
        add(&x.id, &x.id_at, Target::Review(i));
    }
    for (i, x) in source.metrics.iter().enumerate() {
        add(&x.id, &x.id_at, Target::Metric(i));
    }
    for (i, x) in source.risks.iter().enumerate() {
        add(&x.id, &x.id_at, Target::Risk(i));
    }
    for (i, x) in source.objectives.iter().enumerate() {
        add(&x.id, &x.id_at, Target::Objective(i));
    }
    if let Some(context) = &source.context {
        for (i, x) in context.issues.iter().enumerate() {
            add(&x.id, &x.id_at, Target::Issue(i));
        }
        for (i, x) in context.parties.iter().enumerate() {
            add(&x.id, &x.id_at, Target::Party(i));
        }
    }
    for (i, x) in source.incidents.iter().enumerate() {
        add(&x.id, &x.id_at, Target::Incident(i));
    }
    let doc_by_path = source
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.clone(), i))
        .collect();
    (index, doc_by_path)
}

/// Front-matter `slug` (trimmed of `/`) -> the documents that give it, in
/// source order; an empty slug names nothing.
pub fn by_slug(source: &Source) -> FxHashMap<String, Vec<usize>> {
    let mut out: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, d) in source.documents.iter().enumerate() {
        if let Some(slug) = d.slug.as_deref().map(|s| s.trim_matches('/')) {
            if !slug.is_empty() {
                out.entry(slug.to_string()).or_default().push(i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::routes::taken_by_site;
    use crate::model::RecordKind;

    #[test]
    fn ids_that_name_the_sites_own_pages_are_taken() {
        assert_eq!(
            taken_by_site(RecordKind::Review, "index").as_deref(),
            Some("reviews/index.html")
        );
        assert_eq!(
            taken_by_site(RecordKind::Action, "Page-2").as_deref(),
            Some("actions/page-2.html")
        );
        assert_eq!(
            taken_by_site(RecordKind::Review, "NEXT").as_deref(),
            Some("reviews/next.html")
        );
        assert_eq!(
            taken_by_site(RecordKind::Risk, "treatment-plan").as_deref(),
            Some("risks/treatment-plan.html")
        );
        assert_eq!(taken_by_site(RecordKind::Action, "next"), None);
        assert_eq!(taken_by_site(RecordKind::Action, "page-x"), None);
        assert_eq!(taken_by_site(RecordKind::Review, "MR-2026"), None);
    }
}

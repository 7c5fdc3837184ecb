//! Resolve: ids, references, links and backlinks across the whole source.
//!
//! Takes the loaded [`Source`] and produces a [`Site`]: every id indexed (with
//! duplicates diagnosed), every reference in YAML and every link in Markdown
//! checked against the index, the ISO catalog and the file system, and the
//! "cited by" backlinks of every record, clause and control.

pub mod files;
pub mod frameworks;
mod index;
pub mod links;
mod refs;
pub mod routes;

pub use files::normalize_relative;
pub use links::{LinkTarget, ScanCache};

use crate::catalog::{self, Catalog};
use crate::diag::Diagnostics;
use crate::model::{
    Action, Audit, Document, Finding, Issue, Metric, Party, RecordKind, Review, Source,
};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// `documents[i]`.
    Document(usize),
    /// `audits[i]`.
    Audit(usize),
    /// `audits[a].findings[f]`.
    Finding(usize, usize),
    /// `actions[i]`.
    Action(usize),
    /// `reviews[i]`.
    Review(usize),
    /// `metrics[i]`.
    Metric(usize),
    /// `risks[i]`.
    Risk(usize),
    /// `objectives[i]`.
    Objective(usize),
    /// `context.issues[i]`.
    Issue(usize),
    /// `context.parties[i]`.
    Party(usize),
    /// `incidents[i]`.
    Incident(usize),
    /// `catalog.clauses[i]`.
    Clause(usize),
    /// `catalog.controls[i]`.
    Control(usize),
}

impl Target {
    /// The record kind, for records.
    pub fn record_kind(self) -> Option<RecordKind> {
        Some(match self {
            Target::Document(_) => RecordKind::Document,
            Target::Audit(_) => RecordKind::Audit,
            Target::Finding(..) => RecordKind::Finding,
            Target::Action(_) => RecordKind::Action,
            Target::Review(_) => RecordKind::Review,
            Target::Metric(_) => RecordKind::Metric,
            Target::Risk(_) => RecordKind::Risk,
            Target::Objective(_) => RecordKind::Objective,
            Target::Issue(_) | Target::Party(_) => RecordKind::Context,
            Target::Incident(_) => RecordKind::Incident,
            Target::Clause(_) | Target::Control(_) => return None,
        })
    }

    /// A word for messages ("document", "clause").
    pub fn noun(self) -> &'static str {
        match self {
            Target::Clause(_) => "clause",
            Target::Control(_) => "control",
            Target::Issue(_) => "context issue",
            Target::Party(_) => "interested party",
            other => other.record_kind().map(RecordKind::as_str).unwrap_or(""),
        }
    }
}

/// A record that cites another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    /// The citing record's id.
    pub from: String,
    /// How it cites (`cites`, `raised by`, `audited`...).
    pub relation: &'static str,
}

/// The resolved source: records plus indexes.
#[derive(Debug, Clone)]
pub struct Site {
    /// The records as loaded.
    pub source: Source,
    /// The ISO catalog used.
    pub catalog: &'static Catalog,
    /// Every id -> what it names (records, clauses, controls).
    pub index: FxHashMap<String, Target>,
    /// Target id -> records citing it, sorted, without repeats.
    pub backlinks: FxHashMap<String, Vec<Backlink>>,
    /// Document source path -> document index (for relative `.md` links).
    pub doc_by_path: FxHashMap<String, usize>,
    /// Front-matter `slug` (without its slashes) -> the documents giving it,
    /// in source order (links written for the published site).
    pub doc_by_slug: FxHashMap<String, Vec<usize>>,
    /// Files to copy into the site (evidence and linked files), relative paths.
    pub files: BTreeSet<String>,
    /// Finding id -> ids of the actions raised from it.
    pub actions_by_source: BTreeMap<String, Vec<String>>,
    /// Other frameworks by id, with their controls.
    pub frameworks: frameworks::FrameworkIndex,
    /// The source folder on disk.
    pub root: PathBuf,
    /// Ids of records that exist only after the as-of date.
    pub later: HashSet<String>,
    /// Ids of records whose file failed to parse or decode (the file's own
    /// error says so): references to them are not reported again.
    pub unparsed: HashSet<String>,
    /// Clause or control id -> documents whose prose mentions it
    /// (`A.8.13`, `Clause 9.2`), sorted.
    pub mentions: FxHashMap<String, Vec<String>>,
}

impl Site {
    /// Look up an id.
    pub fn get(&self, id: &str) -> Option<Target> {
        self.index.get(id).copied()
    }

    /// True when some record of `kind` is missing or only partly read
    /// because its file has an error: a check over all of them would guess.
    pub fn incomplete(&self, kind: RecordKind) -> bool {
        let s = &self.source;
        let flawed = |path: &String| s.is_flawed(path);
        s.unparsed.iter().any(|u| u.kind == kind)
            || match kind {
                RecordKind::Document => s.documents.iter().any(|d| flawed(&d.path)),
                RecordKind::Audit | RecordKind::Finding => s.audits.iter().any(|a| flawed(&a.path)),
                RecordKind::Action => s.actions.iter().any(|a| flawed(&a.path)),
                RecordKind::Review => s.reviews.iter().any(|r| flawed(&r.path)),
                RecordKind::Metric => s.metrics.iter().any(|m| flawed(&m.path)),
                RecordKind::Risk => s.risks.iter().any(|r| flawed(&r.path)),
                RecordKind::Objective => s.objectives.iter().any(|o| flawed(&o.path)),
                RecordKind::Context => s.context.as_ref().is_some_and(|c| flawed(&c.path)),
                RecordKind::Incident => s.incidents.iter().any(|i| flawed(&i.path)),
            }
    }

    /// True when `id` names no record here but is not a mistake either: a
    /// record of a later date, or one whose file has an error of its own.
    pub fn is_known_elsewhere(&self, id: &str) -> bool {
        self.later.contains(id) || self.unparsed.contains(id)
    }

    /// The page of a target, relative to the site root (see [`routes`]).
    pub fn url(&self, target: Target) -> String {
        let id = self.target_id(target);
        match target.record_kind() {
            Some(kind) => routes::record(kind, id),
            None if matches!(target, Target::Clause(_)) => routes::clause(id),
            None => routes::control(id),
        }
    }

    /// The id of a target.
    pub fn target_id(&self, target: Target) -> &str {
        let s = &self.source;
        match target {
            Target::Document(i) => &s.documents[i].id,
            Target::Audit(i) => &s.audits[i].id,
            Target::Finding(a, f) => &s.audits[a].findings[f].id,
            Target::Action(i) => &s.actions[i].id,
            Target::Review(i) => &s.reviews[i].id,
            Target::Metric(i) => &s.metrics[i].id,
            Target::Risk(i) => &s.risks[i].id,
            Target::Objective(i) => &s.objectives[i].id,
            Target::Issue(i) => &self.issues()[i].id,
            Target::Party(i) => &self.parties()[i].id,
            Target::Incident(i) => &s.incidents[i].id,
            Target::Clause(i) => &self.catalog.clauses[i].id,
            Target::Control(i) => &self.catalog.controls[i].id,
        }
    }

    /// The title of a target.
    pub fn title(&self, target: Target) -> &str {
        let s = &self.source;
        match target {
            Target::Document(i) => &s.documents[i].title,
            Target::Audit(i) => &s.audits[i].title,
            Target::Finding(a, f) => &s.audits[a].findings[f].title,
            Target::Action(i) => &s.actions[i].title,
            Target::Review(i) => &s.reviews[i].title,
            Target::Metric(i) => &s.metrics[i].title,
            Target::Risk(i) => &s.risks[i].title,
            Target::Objective(i) => &s.objectives[i].title,
            Target::Issue(i) => &self.issues()[i].issue,
            Target::Party(i) => &self.parties()[i].party,
            Target::Incident(i) => &s.incidents[i].title,
            Target::Clause(i) => &self.catalog.clauses[i].title,
            Target::Control(i) => &self.catalog.controls[i].title,
        }
    }

    /// How many records of `kind` the site has.
    pub fn count(&self, kind: RecordKind) -> usize {
        let s = &self.source;
        match kind {
            RecordKind::Document => s.documents.len(),
            RecordKind::Audit => s.audits.len(),
            RecordKind::Finding => s.audits.iter().map(|a| a.findings.len()).sum(),
            RecordKind::Action => s.actions.len(),
            RecordKind::Review => s.reviews.len(),
            RecordKind::Metric => s.metrics.len(),
            RecordKind::Risk => s.risks.len(),
            RecordKind::Objective => s.objectives.len(),
            RecordKind::Context => self.issues().len() + self.parties().len(),
            RecordKind::Incident => s.incidents.len(),
        }
    }

    /// Every record of `kind`, in source order (findings audit by audit).
    pub fn records(&self, kind: RecordKind) -> Vec<Target> {
        let s = &self.source;
        let n = self.count(kind);
        match kind {
            RecordKind::Document => (0..n).map(Target::Document).collect(),
            RecordKind::Audit => (0..n).map(Target::Audit).collect(),
            RecordKind::Finding => s
                .audits
                .iter()
                .enumerate()
                .flat_map(|(a, audit)| {
                    (0..audit.findings.len()).map(move |f| Target::Finding(a, f))
                })
                .collect(),
            RecordKind::Action => (0..n).map(Target::Action).collect(),
            RecordKind::Review => (0..n).map(Target::Review).collect(),
            RecordKind::Metric => (0..n).map(Target::Metric).collect(),
            RecordKind::Risk => (0..n).map(Target::Risk).collect(),
            RecordKind::Objective => (0..n).map(Target::Objective).collect(),
            RecordKind::Context => (0..self.issues().len())
                .map(Target::Issue)
                .chain((0..self.parties().len()).map(Target::Party))
                .collect(),
            RecordKind::Incident => (0..n).map(Target::Incident).collect(),
        }
    }

    /// Records citing `id`.
    pub fn backlinks_of(&self, id: &str) -> &[Backlink] {
        self.backlinks.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every finding with its audit.
    pub fn findings(&self) -> impl Iterator<Item = (&Audit, &Finding)> {
        self.source
            .audits
            .iter()
            .flat_map(|a| a.findings.iter().map(move |f| (a, f)))
    }

    /// Documents, in source order.
    pub fn documents(&self) -> &[std::sync::Arc<Document>] {
        &self.source.documents
    }

    /// Actions, in source order.
    pub fn actions(&self) -> &[Action] {
        &self.source.actions
    }

    /// Reviews, in source order.
    pub fn reviews(&self) -> &[Review] {
        &self.source.reviews
    }

    /// Metrics, in source order.
    pub fn metrics(&self) -> &[Metric] {
        &self.source.metrics
    }

    /// Context issues (4.1), in source order (none without `context.yaml`).
    pub fn issues(&self) -> &[Issue] {
        self.source
            .context
            .as_ref()
            .map_or(&[], |c| c.issues.as_slice())
    }

    /// Interested parties (4.2), in source order.
    pub fn parties(&self) -> &[Party] {
        self.source
            .context
            .as_ref()
            .map_or(&[], |c| c.parties.as_slice())
    }

    /// The actions among `refs` (a record's `actions:` list), in its order;
    /// ids that name no action are left out.
    pub fn actions_listed<'s, 'r>(
        &'s self,
        refs: &'r [crate::model::Ref],
    ) -> impl Iterator<Item = &'s Action> + use<'s, 'r> {
        refs.iter().filter_map(|r| match self.get(&r.id) {
            Some(Target::Action(i)) => Some(&self.source.actions[i]),
            _ => None,
        })
    }

    /// A record's actions: those its `actions:` list names, then those
    /// raised from it (`source:` naming `id`), each once.
    pub fn actions_of<'s>(&'s self, refs: &[crate::model::Ref], id: &str) -> Vec<&'s Action> {
        let mut out: Vec<&Action> = self.actions_listed(refs).collect();
        for a in self.actions_from(id) {
            if !out.iter().any(|x| x.id == a.id) {
                out.push(a);
            }
        }
        out
    }

    /// The actions raised from a record (finding, review, metric...).
    pub fn actions_from(&self, id: &str) -> impl Iterator<Item = &Action> {
        self.actions_by_source
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|a| match self.get(a) {
                Some(Target::Action(i)) => Some(&self.source.actions[i]),
                _ => None,
            })
    }
}

/// Resolve a loaded source rooted at `root`.
pub fn resolve(source: Source, root: &Path) -> (Site, Diagnostics) {
    resolve_cached(source, root, &mut ScanCache::none(), HashSet::new())
}

/// Like [`resolve`], scanning only the Markdown texts `scans` has not seen;
/// `later` names records that exist only after the as-of date
/// ([`crate::source::point_in_time`]): references to them are not errors.
pub fn resolve_cached(
    source: Source,
    root: &Path,
    scans: &mut ScanCache,
    later: HashSet<String>,
) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let catalog = catalog::iso27001();
    let (index, doc_by_path) = crate::timings::time("resolve: index", || {
        index::build(&source, catalog, &mut diags)
    });
    let frameworks = frameworks::FrameworkIndex::build(&source.frameworks, &mut diags);
    let doc_by_slug = index::by_slug(&source);
    let mut site = Site {
        source,
        catalog,
        index,
        backlinks: FxHashMap::default(),
        doc_by_path,
        doc_by_slug,
        files: BTreeSet::new(),
        actions_by_source: BTreeMap::new(),
        frameworks,
        root: root.to_path_buf(),
        later,
        unparsed: HashSet::new(),
        mentions: FxHashMap::default(),
    };
    site.unparsed = site
        .source
        .unparsed
        .iter()
        .map(|u| u.id.clone())
        .filter(|id| !site.index.contains_key(id))
        .collect();
    let mut backlinks: FxHashMap<String, BTreeSet<Backlink>> = FxHashMap::default();
    crate::timings::time("resolve: refs", || {
        refs::check(&mut site, &mut backlinks, &mut diags)
    });
    crate::timings::time("resolve: links", || {
        links::check(&mut site, &mut backlinks, &mut diags, scans)
    });
    let _backlinks = crate::timings::phase("resolve: backlinks");
    site.backlinks = backlinks
        .into_iter()
        .map(|(k, v)| (k, one_per_record(v)))
        .collect();
    (site, diags)
}

/// The relation of a Markdown link, which a field naming the same record
/// says more precisely.
const LINKS_TO: &str = "links to";

/// One backlink per citing record: a record that names the target in a
/// field and also links to it in its text is listed once, by the field
/// (`finding on`, not also `links to`).
fn one_per_record(links: BTreeSet<Backlink>) -> Vec<Backlink> {
    let mut by_record: BTreeMap<String, &'static str> = BTreeMap::new();
    for link in links {
        let relation = by_record.entry(link.from).or_insert(link.relation);
        if *relation == LINKS_TO {
            *relation = link.relation;
        }
    }
    by_record
        .into_iter()
        .map(|(from, relation)| Backlink { from, relation })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(from: &str, relation: &'static str) -> Backlink {
        Backlink {
            from: from.to_string(),
            relation,
        }
    }

    #[test]
    fn a_record_citing_twice_is_listed_once_by_its_field() {
        let links: BTreeSet<Backlink> = [
            link("MR-2025", "links to"),
            link("MR-2025", "review raised"),
            link("F-1", "finding on"),
            link("A-1", "links to"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            one_per_record(links),
            [
                link("A-1", "links to"),
                link("F-1", "finding on"),
                link("MR-2025", "review raised")
            ]
        );
    }

    #[test]
    fn every_backlink_of_the_sample_names_a_distinct_record() {
        let checked = crate::pipeline::sample();
        for (target, links) in &checked.site.backlinks {
            let mut froms: Vec<&str> = links.iter().map(|b| b.from.as_str()).collect();
            froms.dedup();
            assert_eq!(froms.len(), links.len(), "{target}: {links:?}");
        }
    }
}

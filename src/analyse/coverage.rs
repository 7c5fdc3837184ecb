//! Coverage of clauses and controls: mapped, implemented, verified.
//!
//! One [`Requirement`] per ISO 27001 clause and Annex A control (and per
//! control of each other framework), with everything that cites it, built from
//! indexes in one pass over the records. Three honest levels:
//! *mapped* (a document cites it), *implemented* (the SoA says so, or an
//! approved document cites it), *verified* (audited within the certification
//! cycle and no nonconformity on it is open).

use crate::catalog::Catalog;
use crate::model::{Date, DocStatus, ImplStatus, Ref};
use crate::resolve::frameworks::control_key;
use crate::resolve::Site;
use std::collections::{BTreeSet, HashMap};

/// Length of the certification cycle, in months.
pub const CYCLE_MONTHS: i64 = 36;

/// Which catalog a requirement belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// An ISO 27001 clause (4 to 10.2).
    Clause,
    /// An ISO 27001 Annex A control.
    Control,
    /// A control of `site.source.frameworks[i]`.
    Framework(usize),
}

/// Where a requirement stands, for colour and text cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Excluded in the SoA.
    NotApplicable,
    /// A nonconformity on it is open.
    OpenNonconformity,
    /// Nothing cites it.
    Gap,
    /// A document cites it, but it is not implemented.
    Mapped,
    /// Implemented (SoA or an approved document), not verified in the cycle.
    Implemented,
    /// Audited in the cycle, no open nonconformity.
    Verified,
}

impl Level {
    /// Keyword for CSS and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::NotApplicable => "not-applicable",
            Level::OpenNonconformity => "open-nc",
            Level::Gap => "gap",
            Level::Mapped => "mapped",
            Level::Implemented => "implemented",
            Level::Verified => "verified",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Level::NotApplicable => "Not applicable",
            Level::OpenNonconformity => "Open nonconformity",
            Level::Gap => "Gap",
            Level::Mapped => "Mapped",
            Level::Implemented => "Implemented",
            Level::Verified => "Verified",
        }
    }
}

/// One clause or control with everything that cites it.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// Which catalog.
    pub scope: Scope,
    /// Id (`9.2`, `A.8.5`, `CC6.1`).
    pub id: String,
    /// Short title.
    pub title: String,
    /// Group heading (clause 9, Organizational controls, CC6...).
    pub group: String,
    /// Documents citing it, any status.
    pub documents: Vec<String>,
    /// Approved documents citing it.
    pub approved_documents: Vec<String>,
    /// Audits that covered it, oldest first.
    pub audits: Vec<String>,
    /// The most recent audit covering it.
    pub last_audit: Option<(Date, String)>,
    /// Covered by an audit within the cycle ending at the as-of date.
    pub audited_in_cycle: bool,
    /// Findings on it still open.
    pub findings_open: Vec<String>,
    /// Findings on it closed or noted.
    pub findings_closed: Vec<String>,
    /// Open nonconformities on it.
    pub open_nonconformities: usize,
    /// Every action on it (its own controls, or its finding's).
    pub actions: Vec<String>,
    /// Actions on it not done yet.
    pub actions_open: Vec<String>,
    /// Of those, overdue.
    pub actions_overdue: Vec<String>,
    /// Metrics measuring it.
    pub metrics: Vec<String>,
    /// Included in the ISMS (SoA; always true for clauses).
    pub applicable: bool,
    /// The SoA justification.
    pub justification: Option<String>,
    /// Implementation status (stated in the SoA, or derived).
    pub implementation: ImplStatus,
    /// True when `implementation` comes from the SoA.
    pub implementation_stated: bool,
    /// A document cites it.
    pub mapped: bool,
    /// Implemented per SoA or an approved document.
    pub implemented: bool,
    /// Audited in the cycle with no open nonconformity.
    pub verified: bool,
}

impl Requirement {
    /// The single level used for colour.
    pub fn level(&self) -> Level {
        if !self.applicable {
            Level::NotApplicable
        } else if self.open_nonconformities > 0 {
            Level::OpenNonconformity
        } else if self.verified {
            Level::Verified
        } else if self.implemented {
            Level::Implemented
        } else if self.mapped {
            Level::Mapped
        } else {
            Level::Gap
        }
    }
}

/// Coverage of every catalog.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// ISO clauses (standard order) then Annex A controls.
    pub iso: Vec<Requirement>,
    /// Each other framework's controls, by framework position.
    pub frameworks: Vec<Vec<Requirement>>,
    /// First day of the certification cycle ending at the as-of date.
    pub cycle_start: Date,
}

/// Summary percentages of a set of requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Applicable requirements.
    pub applicable: usize,
    /// Mapped.
    pub mapped: usize,
    /// Implemented.
    pub implemented: usize,
    /// Verified.
    pub verified: usize,
    /// With an open nonconformity.
    pub open_nc: usize,
}

/// Summarise requirements (only the applicable ones count).
pub fn summarize<'a>(rows: impl IntoIterator<Item = &'a Requirement>) -> Summary {
    let mut s = Summary::default();
    for r in rows.into_iter().filter(|r| r.applicable) {
        s.applicable += 1;
        s.mapped += usize::from(r.mapped);
        s.implemented += usize::from(r.implemented);
        s.verified += usize::from(r.verified);
        s.open_nc += usize::from(r.open_nonconformities > 0);
    }
    s
}

/// Per-key lists gathered in one pass over the records.
#[derive(Default)]
struct Citations {
    documents: Vec<(String, bool)>,
    audits: Vec<(Option<Date>, String)>,
    findings: Vec<(String, bool, bool)>,
    actions: Vec<(String, bool, bool)>,
    metrics: Vec<String>,
}

type Index = HashMap<String, Citations>;

/// Clause ids a citation of `id` covers: itself, its parents and its subclauses.
fn clause_family(catalog: &Catalog, id: &str) -> Vec<String> {
    let mut out = vec![id.to_string()];
    let mut parent = catalog.clause(id).and_then(|c| c.parent.clone());
    while let Some(p) = parent {
        parent = catalog.clause(&p).and_then(|c| c.parent.clone());
        out.push(p);
    }
    let prefix = format!("{id}.");
    out.extend(
        catalog
            .clauses
            .iter()
            .filter(|c| c.id.starts_with(&prefix))
            .map(|c| c.id.clone()),
    );
    out
}

/// Requirement keys a record citing these covers (clause families included).
pub(super) fn keys(
    site: &Site,
    clauses: &[Ref],
    controls: &[Ref],
    satisfies: &crate::model::Satisfies,
) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for c in clauses {
        if site.catalog.clause(&c.id).is_some() {
            keys.extend(clause_family(site.catalog, &c.id));
        }
    }
    keys.extend(controls.iter().map(|c| c.id.clone()));
    for (fw, refs) in satisfies {
        keys.extend(refs.iter().map(|r| control_key(fw, &r.id)));
    }
    keys
}

/// Requirement keys of an action: its own, and those of the findings it addresses.
pub(super) fn action_keys(site: &Site, x: &crate::model::Action) -> BTreeSet<String> {
    let mut clauses = x.clauses.clone();
    let mut controls = x.controls.clone();
    for s in &x.sources {
        if let Some(crate::resolve::Target::Finding(a, f)) = site.get(&s.id) {
            let f = &site.source.audits[a].findings[f];
            clauses.extend(f.clauses.iter().cloned());
            controls.extend(f.controls.iter().cloned());
        }
    }
    keys(site, &clauses, &controls, &x.satisfies)
}

fn gather(site: &Site, analysis: &super::Analysis) -> Index {
    let mut index: Index = HashMap::new();
    for d in site.documents() {
        let approved = d.status == DocStatus::Approved;
        for k in keys(site, &d.clauses, &d.controls, &d.satisfies) {
            index
                .entry(k)
                .or_default()
                .documents
                .push((d.id.clone(), approved));
        }
    }
    for a in &site.source.audits {
        let mut audited = keys(site, &a.clauses, &a.controls, &Vec::new());
        for f in &a.findings {
            audited.extend(keys(site, &f.clauses, &f.controls, &Vec::new()));
        }
        for k in audited {
            index
                .entry(k)
                .or_default()
                .audits
                .push((a.start, a.id.clone()));
        }
        for f in &a.findings {
            let status = analysis.finding(&f.id);
            let open = status.is_open();
            let open_nc = open && f.finding_type.is_nonconformity();
            for k in keys(site, &f.clauses, &f.controls, &f.satisfies) {
                index
                    .entry(k)
                    .or_default()
                    .findings
                    .push((f.id.clone(), open, open_nc));
            }
        }
    }
    for x in site.actions() {
        let open = !x.status.is_done();
        let overdue = analysis.action(&x.id).overdue;
        for k in action_keys(site, x) {
            index
                .entry(k)
                .or_default()
                .actions
                .push((x.id.clone(), open, overdue));
        }
    }
    for m in site.metrics() {
        for k in keys(site, &m.clauses, &m.controls, &m.satisfies) {
            index.entry(k).or_default().metrics.push(m.id.clone());
        }
    }
    index
}

struct Row<'a> {
    scope: Scope,
    key: String,
    id: &'a str,
    title: &'a str,
    group: String,
}

fn requirement(
    row: Row<'_>,
    c: Option<&Citations>,
    site: &Site,
    cycle: (Date, Date),
) -> Requirement {
    let empty = Citations::default();
    let c = c.unwrap_or(&empty);
    let mut audits = c.audits.clone();
    audits.sort();
    audits.dedup();
    let last_audit = audits
        .iter()
        .rev()
        .find_map(|(d, id)| d.filter(|d| *d <= cycle.1).map(|d| (d, id.clone())));
    let audited_in_cycle = audits
        .iter()
        .any(|(d, _)| d.is_some_and(|d| d > cycle.0 && d <= cycle.1));
    let documents: Vec<String> = c.documents.iter().map(|(id, _)| id.clone()).collect();
    let approved_documents: Vec<String> = c
        .documents
        .iter()
        .filter(|(_, approved)| *approved)
        .map(|(id, _)| id.clone())
        .collect();
    let soa = (row.scope == Scope::Control)
        .then(|| site.source.soa.get(row.id))
        .flatten();
    let applicable = soa.is_none_or(|e| e.applicable);
    let derived = if !approved_documents.is_empty() {
        ImplStatus::Implemented
    } else if !documents.is_empty() {
        ImplStatus::Planned
    } else {
        ImplStatus::NotImplemented
    };
    let stated = soa.and_then(|e| e.status);
    let implementation = stated.unwrap_or(derived);
    let open_nonconformities = c.findings.iter().filter(|(_, _, nc)| *nc).count();
    let mapped = !documents.is_empty();
    let implemented = applicable && implementation == ImplStatus::Implemented;
    Requirement {
        scope: row.scope,
        id: row.id.to_string(),
        title: row.title.to_string(),
        group: row.group,
        mapped,
        implemented,
        verified: applicable && audited_in_cycle && open_nonconformities == 0,
        documents: sorted_unique(documents),
        approved_documents: sorted_unique(approved_documents),
        audits: audits.into_iter().map(|(_, id)| id).collect(),
        last_audit,
        audited_in_cycle,
        findings_open: sorted_unique(
            c.findings
                .iter()
                .filter(|f| f.1)
                .map(|f| f.0.clone())
                .collect(),
        ),
        findings_closed: sorted_unique(
            c.findings
                .iter()
                .filter(|f| !f.1)
                .map(|f| f.0.clone())
                .collect(),
        ),
        open_nonconformities,
        actions: sorted_unique(c.actions.iter().map(|a| a.0.clone()).collect()),
        actions_open: sorted_unique(
            c.actions
                .iter()
                .filter(|a| a.1)
                .map(|a| a.0.clone())
                .collect(),
        ),
        actions_overdue: sorted_unique(
            c.actions
                .iter()
                .filter(|a| a.2)
                .map(|a| a.0.clone())
                .collect(),
        ),
        metrics: sorted_unique(c.metrics.clone()),
        applicable,
        justification: soa.and_then(|e| e.justification.clone()),
        implementation,
        implementation_stated: stated.is_some(),
    }
}

fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Compute coverage of every catalog at `as_of`.
pub fn compute(site: &Site, analysis: &super::Analysis) -> Coverage {
    let as_of = analysis.as_of;
    let cycle_start = as_of.add_months(-CYCLE_MONTHS);
    let cycle = (cycle_start, as_of);
    let index = gather(site, analysis);
    let catalog = site.catalog;
    let mut iso = Vec::with_capacity(catalog.clauses.len() + catalog.controls.len());
    for c in &catalog.clauses {
        let top = c.id.split('.').next().unwrap_or(&c.id);
        let group = catalog
            .clause(top)
            .map(|t| format!("{} {}", t.id, t.title))
            .unwrap_or_default();
        let row = Row {
            scope: Scope::Clause,
            key: c.id.clone(),
            id: &c.id,
            title: &c.title,
            group,
        };
        let cites = index.get(&row.key);
        iso.push(requirement(row, cites, site, cycle));
    }
    for c in &catalog.controls {
        let group = catalog
            .theme(&c.theme)
            .map(|t| format!("A.{} {}", t.number, t.name))
            .unwrap_or_default();
        let row = Row {
            scope: Scope::Control,
            key: c.id.clone(),
            id: &c.id,
            title: &c.title,
            group,
        };
        let cites = index.get(&row.key);
        iso.push(requirement(row, cites, site, cycle));
    }
    let frameworks = site
        .source
        .frameworks
        .iter()
        .enumerate()
        .map(|(i, fw)| {
            fw.controls
                .iter()
                .map(|c| {
                    let row = Row {
                        scope: Scope::Framework(i),
                        key: control_key(&fw.id, &c.id),
                        id: &c.id,
                        title: &c.title,
                        group: c.group.clone().unwrap_or_else(|| fw.title.clone()),
                    };
                    let cites = index.get(&row.key);
                    requirement(row, cites, site, cycle)
                })
                .collect()
        })
        .collect();
    Coverage {
        iso,
        frameworks,
        cycle_start,
    }
}

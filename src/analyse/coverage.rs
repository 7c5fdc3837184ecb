//! Coverage of clauses and controls: mentioned, mapped, implemented, verified.
//!
//! One [`Requirement`] per ISO 27001 clause and Annex A control (and per
//! control of each other framework), with everything that cites it, built from
//! indexes in one pass over the records. Honest levels: *mapped* (a document
//! cites it), *documented* (an approved document cites it), *implemented*
//! (the Statement of Applicability says `status: implemented`: citing is not
//! implementing, 6.1.3 d), *verified* (a held internal audit covered it
//! within the certification cycle and no nonconformity on it is open).
//!
//! The audit programme (9.2) is made of first-party audits: certification,
//! surveillance, supplier and other external audits are listed apart
//! ([`Requirement::externally_audited`]) and never count as audited; planned
//! audits are the plan, not evidence.

use crate::catalog::Catalog;
use crate::model::{Audit, Date, DocStatus, ImplStatus, Interval, Ref};
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
    /// No document cites it, but one names it in its prose (`A.8.13`,
    /// `Clause 9.2`): a pointer, never evidence of implementation.
    Mentioned,
    /// Only draft or retired documents cite it.
    Mapped,
    /// An approved document cites it, but the SoA does not state it
    /// implemented.
    Documented,
    /// The SoA states it implemented; not verified in the cycle.
    Implemented,
    /// Audited internally in the cycle, no open nonconformity.
    Verified,
}

impl Level {
    /// Keyword for CSS and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::NotApplicable => "not-applicable",
            Level::OpenNonconformity => "open-nc",
            Level::Gap => "gap",
            Level::Mentioned => "mentioned",
            Level::Mapped => "mapped",
            Level::Documented => "documented",
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
            Level::Mentioned => "Mentioned",
            Level::Mapped => "Mapped",
            Level::Documented => "Documented",
            Level::Implemented => "Implemented",
            Level::Verified => "Verified",
        }
    }
}

/// How far a requirement is implemented, as the records prove it: the
/// Statement of Applicability states it (Annex A controls only); otherwise
/// only how far documents cover it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Implementation {
    /// Stated in `soa.yaml`.
    Stated(ImplStatus),
    /// Not stated; an approved document cites it.
    Documented,
    /// Not stated; only draft or retired documents cite it.
    Mapped,
    /// Not stated, and no document cites it.
    Undocumented,
}

impl Implementation {
    /// Keyword for exports: the SoA's keyword when stated, else
    /// `documented`, `mapped` or `undocumented`.
    pub fn as_str(self) -> &'static str {
        match self {
            Implementation::Stated(s) => s.as_str(),
            Implementation::Documented => "documented",
            Implementation::Mapped => "mapped",
            Implementation::Undocumented => "undocumented",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Implementation::Stated(s) => s.label(),
            Implementation::Documented => "Documented, not stated in the SoA",
            Implementation::Mapped => "Mapped, not stated in the SoA",
            Implementation::Undocumented => "Not stated in the SoA",
        }
    }

    /// The status `soa.yaml` states, if it does.
    pub fn stated(self) -> Option<ImplStatus> {
        match self {
            Implementation::Stated(s) => Some(s),
            _ => None,
        }
    }

    /// What is known without a stated status: how far documents cover it.
    fn derived(approved: bool, cited: bool) -> Implementation {
        if approved {
            Implementation::Documented
        } else if cited {
            Implementation::Mapped
        } else {
            Implementation::Undocumented
        }
    }
}

/// Compares with a status the SoA can state: equal only when stated so.
impl PartialEq<ImplStatus> for Implementation {
    fn eq(&self, other: &ImplStatus) -> bool {
        self.stated() == Some(*other)
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
    /// Held audits of any kind that covered it, oldest first.
    pub audits: Vec<String>,
    /// The most recent held internal audit covering it, up to the as-of date.
    pub last_audit: Option<(Date, String)>,
    /// Covered by a held internal audit that started within the cycle ending
    /// at the as-of date. External audits never count.
    pub audited_in_cycle: bool,
    /// Held external audits (certification, surveillance, supplier,
    /// external) that covered it within the cycle, oldest first: shown
    /// apart, not counted as audited.
    pub externally_audited: Vec<String>,
    /// Planned audits that list it, by date.
    pub planned_audits: Vec<String>,
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
    /// Risks that name it among the controls treating them (Annex A
    /// controls only): the reasons for its inclusion (6.1.3 d).
    pub risks: Vec<String>,
    /// Included in the ISMS (SoA; always true for clauses).
    pub applicable: bool,
    /// The SoA justification.
    pub justification: Option<String>,
    /// Implementation: stated in the SoA, or how far documents cover it.
    pub implementation: Implementation,
    /// True when `implementation` comes from the SoA.
    pub implementation_stated: bool,
    /// A document names it in its prose (`A.8.13`, `Clause 9.2`, a 2013
    /// number of a control it succeeds); counts for nothing else.
    pub mentioned: bool,
    /// Documents whose prose mentions it, sorted.
    pub mentioned_by: Vec<String>,
    /// A document cites it.
    pub mapped: bool,
    /// An approved document cites it.
    pub documented: bool,
    /// Applicable and the SoA states `status: implemented` (never true for
    /// clauses or other frameworks' controls, which the SoA does not state).
    pub implemented: bool,
    /// Audited internally in the cycle with no open nonconformity.
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
        } else if self.documented {
            Level::Documented
        } else if self.mapped {
            Level::Mapped
        } else if self.mentioned {
            Level::Mentioned
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
    /// Documented (an approved document cites it).
    pub documented: usize,
    /// Implemented (stated in the SoA).
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
        s.documented += usize::from(r.documented);
        s.implemented += usize::from(r.implemented);
        s.verified += usize::from(r.verified);
        s.open_nc += usize::from(r.open_nonconformities > 0);
    }
    s
}

/// How an audit counts for the audit programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AuditRole {
    /// A held first-party audit: counts as audited.
    Internal,
    /// A held certification, surveillance, supplier or external audit.
    External,
    /// Planned, not held: counts for nothing.
    Planned,
}

impl AuditRole {
    fn of(a: &Audit) -> AuditRole {
        if !a.is_held() {
            AuditRole::Planned
        } else if a.kind.is_internal() {
            AuditRole::Internal
        } else {
            AuditRole::External
        }
    }
}

/// Per-key lists gathered in one pass over the records.
#[derive(Default)]
struct Citations {
    documents: Vec<(String, bool)>,
    audits: Vec<(Option<Date>, String, AuditRole)>,
    findings: Vec<(String, bool, bool)>,
    actions: Vec<(String, bool, bool)>,
    metrics: Vec<String>,
    risks: Vec<String>,
}

type Index = HashMap<String, Citations>;

/// Clause ids a citation of `id` covers: itself, its parents and its subclauses.
fn clause_family<'c>(catalog: &'c Catalog, id: &str) -> std::borrow::Cow<'c, [String]> {
    // The built-in catalog's families are worked out once per process:
    // every record citing a clause needs its family (a scan of the whole
    // catalog), and `serve` asks again on every rebuild.
    static FAMILIES: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    let builtin = crate::catalog::iso27001();
    if std::ptr::eq(catalog, builtin) {
        let families = FAMILIES.get_or_init(|| {
            builtin
                .clauses
                .iter()
                .map(|c| (c.id.clone(), family_of(builtin, &c.id)))
                .collect()
        });
        if let Some(family) = families.get(id) {
            return std::borrow::Cow::Borrowed(family);
        }
    }
    std::borrow::Cow::Owned(family_of(catalog, id))
}

fn family_of(catalog: &Catalog, id: &str) -> Vec<String> {
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
            keys.extend(clause_family(site.catalog, &c.id).iter().cloned());
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
    for a in site
        .source
        .audits
        .iter()
        .filter(|a| a.exists_at(analysis.as_of))
    {
        let role = AuditRole::of(a);
        let mut audited = keys(site, &a.clauses, &a.controls, &Vec::new());
        for f in &a.findings {
            audited.extend(keys(site, &f.clauses, &f.controls, &Vec::new()));
        }
        for k in audited {
            index
                .entry(k)
                .or_default()
                .audits
                .push((a.start, a.id.clone(), role));
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
    for r in &site.source.risks {
        for c in &r.controls {
            index
                .entry(c.id.clone())
                .or_default()
                .risks
                .push(r.id.clone());
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
    let in_cycle = |d: &Option<Date>| d.is_some_and(|d| d > cycle.0 && d <= cycle.1);
    let internal = |role: &AuditRole| *role == AuditRole::Internal;
    let last_audit = audits
        .iter()
        .rev()
        .filter(|(_, _, role)| internal(role))
        .find_map(|(d, id, _)| d.filter(|d| *d <= cycle.1).map(|d| (d, id.clone())));
    let audited_in_cycle = audits
        .iter()
        .any(|(d, _, role)| internal(role) && in_cycle(d));
    let externally_audited: Vec<String> = audits
        .iter()
        .filter(|(d, _, role)| *role == AuditRole::External && in_cycle(d))
        .map(|(_, id, _)| id.clone())
        .collect();
    let planned_audits: Vec<String> = audits
        .iter()
        .filter(|(_, _, role)| *role == AuditRole::Planned)
        .map(|(_, id, _)| id.clone())
        .collect();
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
    let mapped = !documents.is_empty();
    let documented = !approved_documents.is_empty();
    let implementation = match soa.and_then(|e| e.status) {
        Some(stated) => Implementation::Stated(stated),
        None => Implementation::derived(documented, mapped),
    };
    let open_nonconformities = c.findings.iter().filter(|(_, _, nc)| *nc).count();
    let mentioned_by = match row.scope {
        Scope::Clause | Scope::Control => site.mentions.get(row.id).cloned().unwrap_or_default(),
        Scope::Framework(_) => Vec::new(),
    };
    let implemented = applicable && implementation == ImplStatus::Implemented;
    Requirement {
        scope: row.scope,
        id: row.id.to_string(),
        title: row.title.to_string(),
        group: row.group,
        mentioned: !mentioned_by.is_empty(),
        mentioned_by,
        mapped,
        documented,
        implemented,
        verified: applicable && audited_in_cycle && open_nonconformities == 0,
        documents: sorted_unique(documents),
        approved_documents: sorted_unique(approved_documents),
        audits: audits
            .into_iter()
            .filter(|(_, _, role)| *role != AuditRole::Planned)
            .map(|(_, id, _)| id)
            .collect(),
        last_audit,
        audited_in_cycle,
        externally_audited,
        planned_audits,
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
        risks: sorted_unique(c.risks.clone()),
        applicable,
        justification: soa.and_then(|e| e.justification.clone()),
        implementation,
        implementation_stated: implementation.stated().is_some(),
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

/// Where the internal audit programme stands at the as-of date (9.2.1:
/// internal audits at planned intervals).
#[derive(Debug, Clone)]
pub struct InternalAudits<'a> {
    /// The planned interval (`audit_interval` in isms.yaml).
    pub interval: Interval,
    /// The last held internal audit started by the as-of date, with the day
    /// it ended (`end`, else `start`).
    pub last: Option<(&'a Audit, Date)>,
    /// When the next internal audit is due: the last one's day plus the
    /// interval (none before the first is held).
    pub due: Option<Date>,
    /// Planned internal audits, by date.
    pub planned: Vec<&'a Audit>,
    /// The ISMS holds operational records (audits, actions, management
    /// reviews or metrics) as of the date.
    pub has_records: bool,
    /// The last internal audit is older than the interval, or none was
    /// ever held although the ISMS has records.
    pub overdue: bool,
}

/// The programme's gaps on `date`: the clauses and the applicable Annex A
/// controls that no held internal audit started in the certification cycle
/// ending on `date` covered (what `not-audited-in-cycle` reports when built
/// as of `date`), as (clauses, controls) in catalog order. Empty when no
/// audit was held by then (the check is silent then too).
pub fn not_audited_in_cycle(site: &Site, date: Date) -> (Vec<String>, Vec<String>) {
    let start = date.add_months(-CYCLE_MONTHS);
    let held = |a: &&Audit| a.is_held() && a.start.is_some_and(|s| s <= date);
    if !site.source.audits.iter().any(|a| held(&a)) {
        return (Vec::new(), Vec::new());
    }
    let mut audited = BTreeSet::new();
    for a in site
        .source
        .audits
        .iter()
        .filter(held)
        .filter(|a| a.kind.is_internal() && a.start.is_some_and(|s| s > start))
    {
        audited.extend(keys(site, &a.clauses, &a.controls, &Vec::new()));
        for f in &a.findings {
            audited.extend(keys(site, &f.clauses, &f.controls, &Vec::new()));
        }
    }
    let catalog = site.catalog;
    let clauses = catalog
        .clauses
        .iter()
        .filter(|c| !audited.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    let controls = catalog
        .controls
        .iter()
        .filter(|c| site.source.soa.get(&c.id).is_none_or(|e| e.applicable))
        .filter(|c| !audited.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    (clauses, controls)
}

/// The state of the internal audit programme at `as_of`.
pub fn internal_audits(site: &Site, as_of: Date) -> InternalAudits<'_> {
    let s = &site.source;
    let interval = s.config.audit_interval;
    let last = s
        .audits
        .iter()
        .filter(|a| a.is_held_internal() && a.exists_at(as_of))
        .filter_map(|a| Some((a, a.last_day()?)))
        .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| b.id.cmp(&a.id)));
    let mut planned: Vec<&Audit> = s
        .audits
        .iter()
        .filter(|a| !a.is_held() && a.kind.is_internal())
        .collect();
    planned.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
    let on_or_before = |d: Option<Date>| d.is_some_and(|d| d <= as_of);
    let has_records = s
        .audits
        .iter()
        .any(|a| a.is_held() && on_or_before(a.start))
        || s.actions.iter().any(|a| on_or_before(a.opened))
        || s.reviews.iter().any(|r| on_or_before(r.date))
        || s.metrics
            .iter()
            .any(|m| m.measurements.iter().any(|x| x.date <= as_of));
    let due = last.map(|(_, day)| interval.after(day));
    let overdue = match due {
        Some(due) => as_of > due,
        None => has_records,
    };
    InternalAudits {
        interval,
        last,
        due,
        planned,
        has_records,
        overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("folder");
            std::fs::write(file, text).expect("write");
        }
    }

    fn date(t: &str) -> Date {
        Date::parse(t).expect("date")
    }

    fn checked(dir: &Path, as_of: &str) -> crate::pipeline::Checked {
        crate::pipeline::check(dir, None, date(as_of))
    }

    fn row<'a>(c: &'a crate::pipeline::Checked, id: &str) -> &'a Requirement {
        c.analysis
            .coverage
            .iso
            .iter()
            .find(|r| r.id == id)
            .expect("a row")
    }

    const POLICY: &str = "---\nid: POL\ntitle: Policy\nstatus: approved\napproved_on: 2025-01-10\n\
                          next_review: 2026-01-10\ncontrols: [A.5.1, A.5.2, A.5.3]\n---\nText.\n";

    #[test]
    fn external_and_planned_audits_do_not_count_as_audited() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[
                (
                    "audits/int.yaml",
                    "id: A-INT\ntitle: I\nkind: internal\nstart: 2025-03-10\ncontrols: [A.5.1]\n",
                ),
                (
                    "audits/sup.yaml",
                    "id: A-SUP\ntitle: S\nkind: supplier\nstart: 2025-04-10\ncontrols: [A.5.1, A.5.2]\n",
                ),
                (
                    "audits/surv.yaml",
                    "id: A-SURV\ntitle: V\nkind: surveillance\nstart: 2021-04-10\ncontrols: [A.5.2]\n",
                ),
                (
                    "audits/plan.yaml",
                    "id: A-PLAN\ntitle: P\nstatus: planned\nstart: 2025-02-01\ncontrols: [A.5.3]\n",
                ),
            ],
        );
        let c = checked(tmp.path(), "2025-06-01");
        let a51 = row(&c, "A.5.1");
        assert!(a51.audited_in_cycle);
        assert_eq!(a51.externally_audited, ["A-SUP"]);
        assert_eq!(a51.audits, ["A-INT", "A-SUP"]);
        assert_eq!(a51.last_audit, Some((date("2025-03-10"), "A-INT".into())));
        let a52 = row(&c, "A.5.2");
        assert!(!a52.audited_in_cycle && !a52.verified);
        assert_eq!(
            a52.externally_audited,
            ["A-SUP"],
            "the 2021 surveillance audit is outside the cycle"
        );
        assert_eq!(
            a52.last_audit, None,
            "external audits are not the last audit"
        );
        let a53 = row(&c, "A.5.3");
        assert!(!a53.audited_in_cycle);
        assert!(a53.audits.is_empty());
        assert_eq!(a53.planned_audits, ["A-PLAN"]);
    }

    #[test]
    fn implemented_only_when_the_soa_states_it() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[
                ("policies/p.md", POLICY),
                (
                    "soa.yaml",
                    "A.5.1: { status: implemented }\nA.5.2: { status: planned }\nA.5.4: { status: implemented }\n",
                ),
            ],
        );
        let c = checked(tmp.path(), "2025-06-01");
        let a51 = row(&c, "A.5.1");
        assert!(a51.implemented && a51.documented);
        assert_eq!(a51.level(), Level::Implemented);
        let a52 = row(&c, "A.5.2");
        assert!(!a52.implemented && a52.documented);
        assert_eq!(a52.implementation, ImplStatus::Planned);
        assert_eq!(a52.level(), Level::Documented);
        let a53 = row(&c, "A.5.3");
        assert!(!a53.implemented && a53.documented && !a53.implementation_stated);
        assert_eq!(a53.implementation, Implementation::Documented);
        assert_eq!(a53.level(), Level::Documented);
        // Stated but cited by nothing: implemented is what the SoA says.
        let a54 = row(&c, "A.5.4");
        assert!(a54.implemented && !a54.documented);
        assert_eq!(
            row(&c, "A.5.5").implementation,
            Implementation::Undocumented
        );
        let controls = summarize(
            c.analysis
                .coverage
                .iso
                .iter()
                .filter(|r| r.scope == Scope::Control),
        );
        assert_eq!((controls.implemented, controls.documented), (2, 3));
    }

    #[test]
    fn implementation_equals_a_status_only_when_stated() {
        assert_eq!(
            Implementation::Stated(ImplStatus::Partial),
            ImplStatus::Partial
        );
        assert_ne!(Implementation::Documented, ImplStatus::Implemented);
        assert_eq!(Implementation::Documented.as_str(), "documented");
        assert_eq!(Implementation::Undocumented.as_str(), "undocumented");
        assert_eq!(
            Implementation::Stated(ImplStatus::NotImplemented).as_str(),
            "not_implemented"
        );
        assert_eq!(
            Implementation::derived(true, true),
            Implementation::Documented
        );
        assert_eq!(Implementation::derived(false, true), Implementation::Mapped);
    }

    #[test]
    fn the_next_internal_audit_is_due_an_interval_after_the_last_ended() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[
                ("isms.yaml", "audit_interval: 6 months\n"),
                (
                    "audits/a.yaml",
                    "id: A-1\ntitle: I\nstart: 2025-03-10\nend: 2025-03-14\n",
                ),
                (
                    "audits/b.yaml",
                    "id: A-2\ntitle: C\nkind: certification\nstart: 2025-08-10\n",
                ),
                (
                    "audits/c.yaml",
                    "id: A-3\ntitle: P\nstatus: planned\nstart: 2025-10-01\n",
                ),
            ],
        );
        let c = checked(tmp.path(), "2025-09-14");
        let state = internal_audits(&c.site, date("2025-09-14"));
        let (last, day) = state.last.expect("a held internal audit");
        assert_eq!((last.id.as_str(), day), ("A-1", date("2025-03-14")));
        assert_eq!(state.due, Some(date("2025-09-14")));
        assert!(!state.overdue, "due today is not overdue");
        assert_eq!(state.planned.len(), 1);
        let later = internal_audits(&c.site, date("2025-09-15"));
        assert!(later.overdue);
        // Before any internal audit, with records: overdue; with none: not.
        let before = internal_audits(&c.site, date("2025-03-01"));
        assert!(before.last.is_none() && !before.has_records && !before.overdue);
    }
}

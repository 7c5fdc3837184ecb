//! `site.json`: the resolved model for other tools (schema in
//! docs/site-json.md).

use super::csv::framework_of;
use super::site_json_more as more;
use crate::analyse::coverage::Requirement;
use crate::analyse::review_pack::Silence;
use crate::analyse::risks::criteria;
use crate::analyse::Analysis;
use crate::model::{
    Action, Audit, Date, Document, FileRef, Framework, Metric, Rating, RecordKind, Ref, Review,
    Risk, Satisfies,
};
use crate::resolve::{routes, Site};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Version of the `site.json` schema (documented in docs/site-json.md).
pub const SCHEMA_VERSION: u32 = 1;

/// Ids of references, as a JSON list.
struct Refs<'a>(&'a [Ref]);

impl Serialize for Refs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|r| &r.id))
    }
}

/// Paths of cited files, as a JSON list.
struct Files<'a>(&'a [FileRef]);

impl Serialize for Files<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|f| &f.path))
    }
}

/// Framework id to ids, keys in order; a framework given twice keeps its
/// last list.
fn satisfies(s: &Satisfies) -> BTreeMap<&str, Refs<'_>> {
    s.iter()
        .map(|(fw, refs)| (fw.as_str(), Refs(refs)))
        .collect()
}

/// A record page's URL: `FOLDER/ID.html`.
struct PageUrl<'a>(RecordKind, &'a str);

impl Serialize for PageUrl<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&routes::record(self.0, self.1))
    }
}

fn owner(o: &Option<Ref>) -> Option<&str> {
    o.as_ref().map(|o| o.id.as_str())
}

// The objects of `site.json`. Fields are in key order: the file has always
// listed keys sorted (docs/site-json.md says not to rely on it).

/// The whole file.
#[derive(Serialize)]
struct SiteJson<'a> {
    actions: Vec<ActionJson<'a>>,
    as_of: Date,
    audits: Vec<AuditJson<'a>>,
    context: Option<more::ContextJson<'a>>,
    coverage: Vec<RequirementJson<'a>>,
    cycle_start: Date,
    documents: Vec<DocumentJson<'a>>,
    frameworks: Vec<FrameworkJson<'a>>,
    generator: &'static str,
    incidents: Vec<more::IncidentJson<'a>>,
    metrics: Vec<MetricJson<'a>>,
    next_review_pack: PackJson,
    objectives: Vec<more::ObjectiveJson<'a>>,
    reviews: Vec<ReviewJson<'a>>,
    risk_criteria: RiskCriteriaJson,
    risks: Vec<RiskJson<'a>>,
    schema_version: u32,
    site: ConfigJson<'a>,
}

#[derive(Serialize)]
struct ConfigJson<'a> {
    base_url: Option<&'a str>,
    description: Option<&'a str>,
    due_soon_days: i64,
    organization: Option<&'a str>,
    owners: &'a [String],
    review_warning_days: i64,
    title: &'a str,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    approved_by: Option<&'a str>,
    approved_on: Option<Date>,
    classification: Option<&'a str>,
    clauses: Refs<'a>,
    controls: Refs<'a>,
    history: Vec<HistoryJson<'a>>,
    id: &'a str,
    next_review: Option<Date>,
    owner: Option<&'a str>,
    path: &'a str,
    review_state: &'static str,
    satisfies: BTreeMap<&'a str, Refs<'a>>,
    status: &'static str,
    summary: Option<&'a str>,
    title: &'a str,
    #[serde(rename = "type")]
    doc_type: &'static str,
    url: PageUrl<'a>,
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    change: &'a str,
    date: Option<Date>,
    version: &'a str,
}

#[derive(Serialize)]
struct AuditJson<'a> {
    auditors: &'a [String],
    clauses: Refs<'a>,
    controls: Refs<'a>,
    end: Option<Date>,
    findings: Vec<FindingJson<'a>>,
    id: &'a str,
    kind: &'static str,
    lead_auditor: Option<&'a str>,
    path: &'a str,
    report: Option<&'a str>,
    scope: Option<&'a str>,
    start: Option<Date>,
    status: &'static str,
    title: &'a str,
    url: PageUrl<'a>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    actions: Vec<&'a str>,
    clauses: Refs<'a>,
    controls: Refs<'a>,
    documents: Refs<'a>,
    evidence: Files<'a>,
    id: &'a str,
    recurrence_of: Vec<String>,
    satisfies: BTreeMap<&'a str, Refs<'a>>,
    status: &'static str,
    title: &'a str,
    #[serde(rename = "type")]
    finding_type: &'static str,
    url: PageUrl<'a>,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    clauses: Refs<'a>,
    closed: Option<Date>,
    controls: Refs<'a>,
    days_to_close: Option<i64>,
    documents: Refs<'a>,
    due: Option<Date>,
    due_soon: bool,
    effectiveness: Option<EffectivenessJson<'a>>,
    evidence: Files<'a>,
    id: &'a str,
    kind: &'static str,
    log: Vec<LogJson<'a>>,
    opened: Option<Date>,
    overdue: bool,
    owner: Option<&'a str>,
    path: &'a str,
    satisfies: BTreeMap<&'a str, Refs<'a>>,
    source: Refs<'a>,
    status: &'static str,
    title: &'a str,
    url: PageUrl<'a>,
}

#[derive(Serialize)]
struct EffectivenessJson<'a> {
    by: Option<&'a str>,
    effective: Option<bool>,
    reviewed_on: Option<Date>,
}

#[derive(Serialize)]
struct LogJson<'a> {
    date: Date,
    due: Option<Date>,
    note: Option<&'a str>,
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    actions: Refs<'a>,
    attendees: &'a [String],
    chair: Option<&'a str>,
    date: Option<Date>,
    decisions: Vec<&'a str>,
    id: &'a str,
    inputs_covered: Vec<&'static str>,
    inputs_missing: Vec<&'static str>,
    pack: PackJson,
    path: &'a str,
    title: &'a str,
    url: PageUrl<'a>,
}

/// A management-review pack: its page, its period and, for a held review,
/// the sections where it is silent on what the records show.
#[derive(Serialize)]
struct PackJson {
    after: Option<Date>,
    silent: Vec<SilentJson>,
    until: Option<Date>,
    url: String,
}

#[derive(Serialize)]
struct SilentJson {
    input: &'static str,
    missing: bool,
    section: &'static str,
    unmentioned: Vec<String>,
}

fn pack_json(site: &Site, analysis: &Analysis, i: Option<usize>, url: String) -> PackJson {
    let pack = crate::analyse::review_pack::pack(site, analysis, i);
    PackJson {
        after: pack.as_ref().and_then(|p| p.period.after),
        silent: pack
            .iter()
            .flat_map(|p| &p.sections)
            .filter_map(|s| {
                let silent = s.silent.as_ref()?;
                Some(SilentJson {
                    input: s.def.input.as_str(),
                    missing: *silent == Silence::Missing,
                    section: s.def.key,
                    unmentioned: match silent {
                        Silence::Unmentioned(ids) => ids.clone(),
                        Silence::Missing => Vec::new(),
                    },
                })
            })
            .collect(),
        until: pack.as_ref().map(|p| p.period.until),
        url,
    }
}

#[derive(Serialize)]
struct RiskCriteriaJson {
    appetite: Option<u32>,
    impact: Vec<String>,
    likelihood: Vec<String>,
}

#[derive(Serialize)]
struct RatingJson {
    impact: u32,
    likelihood: u32,
    score: u32,
}

impl RatingJson {
    fn of(r: Option<&Rating>) -> Option<RatingJson> {
        r.map(|r| RatingJson {
            impact: r.impact,
            likelihood: r.likelihood,
            score: r.score(),
        })
    }
}

#[derive(Serialize)]
struct AcceptanceJson<'a> {
    by: &'a str,
    expires: Option<Date>,
    in_force: bool,
    on: Option<Date>,
}

#[derive(Serialize)]
struct AssessmentJson<'a> {
    date: Date,
    inherent: Option<RatingJson>,
    note: Option<&'a str>,
    residual: Option<RatingJson>,
}

#[derive(Serialize)]
struct RiskJson<'a> {
    above_appetite: bool,
    acceptance: Option<AcceptanceJson<'a>>,
    actions: Refs<'a>,
    assessed_on: Option<Date>,
    assets: &'a [String],
    controls: Refs<'a>,
    history: Vec<AssessmentJson<'a>>,
    id: &'a str,
    inherent: Option<RatingJson>,
    next_review: Option<Date>,
    owner: Option<&'a str>,
    path: &'a str,
    residual: Option<RatingJson>,
    review_overdue: bool,
    threat: Option<&'a str>,
    title: &'a str,
    treatment: Option<&'static str>,
    url: PageUrl<'a>,
    vulnerability: Option<&'a str>,
}

fn risk_json<'a>(analysis: &Analysis, r: &'a Risk) -> RiskJson<'a> {
    let state = analysis.risk(&r.id);
    RiskJson {
        above_appetite: state.above_appetite,
        acceptance: r.acceptance.as_ref().map(|a| AcceptanceJson {
            by: &a.by,
            expires: a.expires,
            in_force: a.holds_on(analysis.as_of),
            on: a.on,
        }),
        actions: Refs(&r.actions),
        assessed_on: r.assessed_on,
        assets: &r.assets,
        controls: Refs(&r.controls),
        history: r
            .history
            .iter()
            .map(|h| AssessmentJson {
                date: h.date,
                inherent: RatingJson::of(h.inherent.as_ref()),
                note: h.note.as_deref(),
                residual: RatingJson::of(h.residual.as_ref()),
            })
            .collect(),
        id: &r.id,
        inherent: RatingJson::of(r.inherent.as_ref()),
        next_review: r.next_review(),
        owner: owner(&r.owner),
        path: &r.path,
        residual: RatingJson::of(r.residual.as_ref()),
        review_overdue: state.review_overdue,
        threat: r.threat.as_deref(),
        title: &r.title,
        treatment: r.treatment.map(|t| t.as_str()),
        url: PageUrl(RecordKind::Risk, &r.id),
        vulnerability: r.vulnerability.as_deref(),
    }
}

#[derive(Serialize)]
struct MetricJson<'a> {
    clauses: Refs<'a>,
    controls: Refs<'a>,
    direction: &'static str,
    frequency: Option<&'static str>,
    id: &'a str,
    measurements: Vec<MeasurementJson<'a>>,
    owner: Option<&'a str>,
    path: &'a str,
    target: Option<f64>,
    title: &'a str,
    unit: Option<&'a str>,
    url: PageUrl<'a>,
}

#[derive(Serialize)]
struct MeasurementJson<'a> {
    date: Date,
    met: Option<bool>,
    note: Option<&'a str>,
    value: f64,
}

#[derive(Serialize)]
struct FrameworkJson<'a> {
    controls: Vec<FrameworkControlJson<'a>>,
    id: &'a str,
    path: &'a str,
    title: &'a str,
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct FrameworkControlJson<'a> {
    group: Option<&'a str>,
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct RequirementJson<'a> {
    actions_open: &'a [String],
    actions_overdue: &'a [String],
    applicable: bool,
    audited_in_cycle: bool,
    audits: &'a [String],
    documented: bool,
    documents: &'a [String],
    externally_audited: &'a [String],
    findings_closed: &'a [String],
    findings_open: &'a [String],
    framework: &'a str,
    group: &'a str,
    id: &'a str,
    implementation: &'static str,
    implementation_source: &'static str,
    implemented: bool,
    justification: Option<&'a str>,
    level: &'static str,
    mapped: bool,
    mentioned: bool,
    mentioned_by: &'a [String],
    metrics: &'a [String],
    planned_audits: &'a [String],
    risks: &'a [String],
    title: &'a str,
    verified: bool,
}

fn requirement_json<'a>(site: &'a Site, r: &'a Requirement) -> RequirementJson<'a> {
    RequirementJson {
        actions_open: &r.actions_open,
        actions_overdue: &r.actions_overdue,
        applicable: r.applicable,
        audited_in_cycle: r.audited_in_cycle,
        audits: &r.audits,
        documented: r.documented,
        documents: &r.documents,
        externally_audited: &r.externally_audited,
        findings_closed: &r.findings_closed,
        findings_open: &r.findings_open,
        framework: framework_of(site, r),
        group: &r.group,
        id: &r.id,
        implementation: r.implementation.as_str(),
        implementation_source: if r.implementation_stated {
            "soa"
        } else {
            "derived"
        },
        implemented: r.implemented,
        justification: r.justification.as_deref(),
        level: r.level().as_str(),
        mapped: r.mapped,
        mentioned: r.mentioned,
        mentioned_by: &r.mentioned_by,
        metrics: &r.metrics,
        risks: &r.risks,
        planned_audits: &r.planned_audits,
        title: &r.title,
        verified: r.verified,
    }
}

fn document_json<'a>(analysis: &Analysis, d: &'a Document) -> DocumentJson<'a> {
    DocumentJson {
        approved_by: d.approved_by.as_deref(),
        approved_on: d.approved_on,
        classification: d.classification.as_deref(),
        clauses: Refs(&d.clauses),
        controls: Refs(&d.controls),
        history: d
            .history
            .iter()
            .map(|h| HistoryJson {
                change: &h.change,
                date: h.date,
                version: &h.version,
            })
            .collect(),
        id: &d.id,
        next_review: d.next_review,
        owner: owner(&d.owner),
        path: &d.path,
        review_state: analysis.document(&d.id).as_str(),
        satisfies: satisfies(&d.satisfies),
        status: d.status.as_str(),
        summary: d.summary.as_deref(),
        title: &d.title,
        doc_type: d.doc_type.as_str(),
        url: PageUrl(RecordKind::Document, &d.id),
        version: d.version.as_deref(),
    }
}

fn audit_json<'a>(site: &'a Site, analysis: &Analysis, a: &'a Audit) -> AuditJson<'a> {
    AuditJson {
        auditors: &a.auditors,
        clauses: Refs(&a.clauses),
        controls: Refs(&a.controls),
        end: a.end,
        findings: a
            .findings
            .iter()
            .map(|f| FindingJson {
                actions: site.actions_from(&f.id).map(|x| x.id.as_str()).collect(),
                clauses: Refs(&f.clauses),
                controls: Refs(&f.controls),
                documents: Refs(&f.documents),
                evidence: Files(&f.evidence),
                id: &f.id,
                recurrence_of: analysis.recurrences.get(&f.id).cloned().unwrap_or_default(),
                satisfies: satisfies(&f.satisfies),
                status: analysis.finding(&f.id).as_str(),
                title: &f.title,
                finding_type: f.finding_type.as_str(),
                url: PageUrl(RecordKind::Finding, &f.id),
            })
            .collect(),
        id: &a.id,
        kind: a.kind.as_str(),
        lead_auditor: a.lead_auditor.as_deref(),
        path: &a.path,
        report: a.report.as_ref().map(|r| r.path.as_str()),
        scope: a.scope.as_deref(),
        start: a.start,
        status: a.status.as_str(),
        title: &a.title,
        url: PageUrl(RecordKind::Audit, &a.id),
    }
}

fn action_json<'a>(analysis: &Analysis, a: &'a Action) -> ActionJson<'a> {
    let state = analysis.action(&a.id);
    ActionJson {
        clauses: Refs(&a.clauses),
        closed: a.closed,
        controls: Refs(&a.controls),
        days_to_close: state.days_to_close,
        documents: Refs(&a.documents),
        due: a.due,
        due_soon: state.due_soon,
        effectiveness: a.effectiveness.as_ref().map(|e| EffectivenessJson {
            by: e.by.as_deref(),
            effective: e.effective,
            reviewed_on: e.reviewed_on,
        }),
        evidence: Files(&a.evidence),
        id: &a.id,
        kind: a.kind.as_str(),
        log: a
            .log
            .iter()
            .map(|e| LogJson {
                date: e.date,
                due: e.due,
                note: e.note.as_deref(),
                status: e.status.map(|s| s.as_str()),
            })
            .collect(),
        opened: a.opened,
        overdue: state.overdue,
        owner: owner(&a.owner),
        path: &a.path,
        satisfies: satisfies(&a.satisfies),
        source: Refs(&a.sources),
        status: a.status.as_str(),
        title: &a.title,
        url: PageUrl(RecordKind::Action, &a.id),
    }
}

fn review_json<'a>(site: &Site, analysis: &Analysis, i: usize, r: &'a Review) -> ReviewJson<'a> {
    ReviewJson {
        actions: Refs(&r.actions),
        attendees: &r.attendees,
        chair: r.chair.as_deref(),
        date: r.date,
        decisions: r.decisions.iter().map(|d| &*d.markdown).collect(),
        id: &r.id,
        inputs_covered: r.inputs_covered().iter().map(|i| i.as_str()).collect(),
        inputs_missing: r.inputs_missing().iter().map(|i| i.as_str()).collect(),
        pack: pack_json(site, analysis, Some(i), routes::review_pack(&r.id)),
        path: &r.path,
        title: &r.title,
        url: PageUrl(RecordKind::Review, &r.id),
    }
}

fn metric_json(m: &Metric) -> MetricJson<'_> {
    MetricJson {
        clauses: Refs(&m.clauses),
        controls: Refs(&m.controls),
        direction: m.direction.as_str(),
        frequency: m.frequency.map(|f| f.as_str()),
        id: &m.id,
        measurements: m
            .measurements
            .iter()
            .map(|x| MeasurementJson {
                date: x.date,
                met: m.meets_target(x.value),
                note: x.note.as_deref(),
                value: x.value,
            })
            .collect(),
        owner: owner(&m.owner),
        path: &m.path,
        target: m.target,
        title: &m.title,
        unit: m.unit.as_deref(),
        url: PageUrl(RecordKind::Metric, &m.id),
    }
}

fn framework_json(f: &Framework) -> FrameworkJson<'_> {
    FrameworkJson {
        controls: f
            .controls
            .iter()
            .map(|c| FrameworkControlJson {
                group: c.group.as_deref(),
                id: &c.id,
                title: &c.title,
            })
            .collect(),
        id: &f.id,
        path: &f.path,
        title: &f.title,
        version: f.version.as_deref(),
    }
}

/// `site.json`: the whole resolved model.
pub fn site_json(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let s = &site.source;
    let c = &s.config;
    let cov = &analysis.coverage;
    let doc = SiteJson {
        actions: s.actions.iter().map(|a| action_json(analysis, a)).collect(),
        as_of: analysis.as_of,
        audits: s
            .audits
            .iter()
            .map(|a| audit_json(site, analysis, a))
            .collect(),
        context: more::context(site),
        coverage: cov
            .iso
            .iter()
            .chain(cov.frameworks.iter().flatten())
            .map(|r| requirement_json(site, r))
            .collect(),
        cycle_start: cov.cycle_start.add_days(1),
        documents: s
            .documents
            .iter()
            .map(|d| document_json(analysis, d))
            .collect(),
        frameworks: s.frameworks.iter().map(framework_json).collect(),
        generator: concat!("isms-site ", env!("CARGO_PKG_VERSION")),
        incidents: more::incidents(site, analysis),
        metrics: s.metrics.iter().map(metric_json).collect(),
        next_review_pack: pack_json(site, analysis, None, routes::REVIEW_NEXT.to_string()),
        objectives: more::objectives(site, analysis),
        reviews: s
            .reviews
            .iter()
            .enumerate()
            .map(|(i, r)| review_json(site, analysis, i, r))
            .collect(),
        risk_criteria: {
            let c = criteria(site);
            RiskCriteriaJson {
                appetite: c.appetite,
                impact: c.impact,
                likelihood: c.likelihood,
            }
        },
        risks: s.risks.iter().map(|r| risk_json(analysis, r)).collect(),
        schema_version: SCHEMA_VERSION,
        site: ConfigJson {
            base_url: c.base_url.as_deref(),
            description: c.description.as_deref(),
            due_soon_days: c.due_soon_days,
            organization: c.organization.as_deref(),
            owners: &c.owners,
            review_warning_days: c.review_warning_days,
            title: &c.title,
        },
    };
    let mut out = Vec::with_capacity(1 << 16);
    // Writing to memory cannot fail, and every value serializes.
    let _ = serde_json::to_writer_pretty(&mut out, &doc);
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `site.json` is written from typed structs; it keeps the bytes the
    /// earlier `serde_json::Value` tree gave: keys sorted, same layout.
    #[test]
    fn site_json_is_what_a_value_tree_writes() {
        let checked = crate::pipeline::sample();
        let bytes = site_json(&checked.site, &checked.analysis);
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let mut again = serde_json::to_string_pretty(&value).expect("JSON");
        again.push('\n');
        assert_eq!(String::from_utf8(bytes).expect("UTF-8"), again);
        let docs = value["documents"].as_array().expect("documents");
        assert!(docs.len() > 3);
        assert!(docs.iter().all(|d| d["url"]
            .as_str()
            .is_some_and(|u| { u.starts_with("documents/") && u.ends_with(".html") })));
        assert!(value["actions"][0]["satisfies"].is_object());
        assert!(value["audits"][0]["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty()));
    }
}

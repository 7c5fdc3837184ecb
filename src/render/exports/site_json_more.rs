//! The `site.json` lists of objectives, context and incidents (schema in
//! docs/site-json.md), each with the values computed at the as-of date.

use crate::analyse::Analysis;
use crate::model::{Change, Date, FileRef, Incident, Objective, RecordKind, Ref};
use crate::resolve::{routes, Site};
use serde::Serialize;

fn ids(refs: &[Ref]) -> Vec<&str> {
    refs.iter().map(|r| r.id.as_str()).collect()
}

fn files(refs: &[FileRef]) -> Vec<&str> {
    refs.iter().map(|f| f.path.as_str()).collect()
}

/// An objective.
#[derive(Serialize)]
pub struct ObjectiveJson<'a> {
    clauses: Vec<&'a str>,
    controls: Vec<&'a str>,
    due: Option<Date>,
    evaluation: Option<&'a str>,
    fulfilment: &'static str,
    id: &'a str,
    metrics: Vec<&'a str>,
    metrics_met: usize,
    metrics_missed: usize,
    owner: Option<&'a str>,
    path: &'a str,
    plan: &'a str,
    resources: Option<&'a str>,
    since: Option<Date>,
    status: &'static str,
    status_mismatch: bool,
    target: Option<&'a str>,
    title: &'a str,
    url: String,
}

/// Every objective.
pub fn objectives<'a>(site: &'a Site, analysis: &Analysis) -> Vec<ObjectiveJson<'a>> {
    site.source
        .objectives
        .iter()
        .map(|o: &'a Objective| {
            let st = analysis.objective(&o.id);
            ObjectiveJson {
                clauses: ids(&o.clauses),
                controls: ids(&o.controls),
                due: o.due,
                evaluation: o.evaluation.as_deref(),
                fulfilment: st.fulfilment.as_str(),
                id: &o.id,
                metrics: ids(&o.metrics),
                metrics_met: st.met,
                metrics_missed: st.missed,
                owner: o.owner.as_ref().map(|x| x.id.as_str()),
                path: &o.path,
                plan: &o.plan.markdown,
                resources: o.resources.as_deref(),
                since: o.since,
                status: o.status.as_str(),
                status_mismatch: st.mismatch,
                target: o.target.as_deref(),
                title: &o.title,
                url: routes::record(RecordKind::Objective, &o.id),
            }
        })
        .collect()
}

/// A dated change.
#[derive(Serialize)]
pub struct ChangeJson<'a> {
    note: &'a str,
    on: Date,
}

fn changes(c: &[Change]) -> Vec<ChangeJson<'_>> {
    c.iter()
        .map(|c| ChangeJson {
            note: &c.note,
            on: c.on,
        })
        .collect()
}

/// An issue.
#[derive(Serialize)]
pub struct IssueJson<'a> {
    category: Option<&'a str>,
    changed: Vec<ChangeJson<'a>>,
    climate: Option<bool>,
    id: &'a str,
    issue: &'a str,
    kind: Option<&'static str>,
    note: Option<&'a str>,
    since: Option<Date>,
    until: Option<Date>,
    url: String,
}

/// An interested party.
#[derive(Serialize)]
pub struct PartyJson<'a> {
    changed: Vec<ChangeJson<'a>>,
    id: &'a str,
    needs: Option<&'a str>,
    party: &'a str,
    since: Option<Date>,
    until: Option<Date>,
    url: String,
    via_isms: Option<bool>,
}

/// `context`: issues and parties (`null` without `context.yaml`).
#[derive(Serialize)]
pub struct ContextJson<'a> {
    issues: Vec<IssueJson<'a>>,
    parties: Vec<PartyJson<'a>>,
    path: &'a str,
}

/// The context.
pub fn context(site: &Site) -> Option<ContextJson<'_>> {
    let c = site.source.context.as_ref()?;
    Some(ContextJson {
        issues: c
            .issues
            .iter()
            .map(|x| IssueJson {
                category: x.category.as_deref(),
                changed: changes(&x.changed),
                climate: x.climate,
                id: &x.id,
                issue: &x.issue,
                kind: x.kind.map(|k| k.as_str()),
                note: x.note.as_deref(),
                since: x.since,
                until: x.until,
                url: routes::record(RecordKind::Context, &x.id),
            })
            .collect(),
        parties: c
            .parties
            .iter()
            .map(|x| PartyJson {
                changed: changes(&x.changed),
                id: &x.id,
                needs: x.needs.as_deref(),
                party: &x.party,
                since: x.since,
                until: x.until,
                url: routes::record(RecordKind::Context, &x.id),
                via_isms: x.via_isms,
            })
            .collect(),
        path: &c.path,
    })
}

/// A notification owed.
#[derive(Serialize)]
pub struct NotifiableJson<'a> {
    authority: Option<&'a str>,
    deadline: Option<Date>,
    notified_on: Option<Date>,
}

/// An incident.
#[derive(Serialize)]
pub struct IncidentJson<'a> {
    actions: Vec<&'a str>,
    assets: &'a [String],
    contained: Option<Date>,
    controls: Vec<&'a str>,
    days_to_contain: Option<i64>,
    days_to_resolve: Option<i64>,
    detected: Option<Date>,
    evidence: Vec<&'a str>,
    id: &'a str,
    lessons: &'a str,
    lessons_missing: bool,
    notifiable: Option<NotifiableJson<'a>>,
    notification: &'static str,
    path: &'a str,
    resolved: Option<Date>,
    risks: Vec<&'a str>,
    root_cause: &'a str,
    severity: Option<&'static str>,
    title: &'a str,
    url: String,
}

/// Every incident.
pub fn incidents<'a>(site: &'a Site, analysis: &Analysis) -> Vec<IncidentJson<'a>> {
    site.source
        .incidents
        .iter()
        .map(|i: &'a Incident| {
            let st = analysis.incident(&i.id);
            IncidentJson {
                actions: ids(&i.actions),
                assets: &i.assets,
                contained: i.contained,
                controls: ids(&i.controls),
                days_to_contain: st.days_to_contain,
                days_to_resolve: st.days_to_resolve,
                detected: i.detected,
                evidence: files(&i.evidence),
                id: &i.id,
                lessons: &i.lessons.markdown,
                lessons_missing: st.lessons_missing,
                notifiable: i.notifiable.as_ref().map(|n| NotifiableJson {
                    authority: n.authority.as_deref(),
                    deadline: n.deadline,
                    notified_on: n.notified_on,
                }),
                notification: st.notification.as_str(),
                path: &i.path,
                resolved: i.resolved,
                risks: ids(&i.risks),
                root_cause: &i.root_cause.markdown,
                severity: i.severity.map(|s| s.as_str()),
                title: &i.title,
                url: routes::record(RecordKind::Incident, &i.id),
            }
        })
        .collect()
}

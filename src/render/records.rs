//! Page contexts for record pages: documents, audits, findings, actions,
//! reviews, metrics, clauses and controls.

use super::bodies::folder;
use super::markdown::{to_html, FILES_DIR};
use super::view::{
    action_badge, document_badge, finding_status_badge, finding_type_badge, Badge, Cell, Fact,
    FileLink, Link, Linker, Table,
};
use super::PageOut;
use crate::model::{
    Action, Audit, Document, FileRef, Finding, Metric, RecordKind, Review, ReviewInput, Text,
};
use crate::resolve::{Site, Target};
use serde::Serialize;
use std::collections::HashSet;

const ROOT: &str = "../";

/// A record page's shared parts.
#[derive(Serialize)]
struct Record {
    id: String,
    kind: &'static str,
    title: String,
    badge: Option<Badge>,
    facts: Vec<Fact>,
    backlinks: Vec<BacklinkView>,
    source_path: Option<String>,
    source_sha256: Option<String>,
}

#[derive(Serialize)]
struct BacklinkView {
    relation: &'static str,
    link: Link,
}

fn backlinks(l: &Linker<'_>, id: &str) -> Vec<BacklinkView> {
    l.site
        .backlinks_of(id)
        .iter()
        .filter_map(|b| {
            Some(BacklinkView {
                relation: b.relation,
                link: l.id(&b.from)?,
            })
        })
        .collect()
}

fn md(site: &Site, text: &Text, path: &str) -> Option<String> {
    (!text.is_empty()).then(|| to_html(site, &text.markdown, folder(path), ROOT))
}

fn files(l: &Linker<'_>, refs: &[FileRef]) -> Vec<FileLink> {
    refs.iter()
        .filter_map(|f| {
            let rel = crate::resolve::normalize_relative("", &f.path)?;
            Some(FileLink {
                name: f.path.clone(),
                sha256: l.hashes.sha256(&rel),
                url: format!("{FILES_DIR}/{rel}"),
            })
        })
        .collect()
}

fn files_fact(l: &Linker<'_>, label: &'static str, refs: &[FileRef]) -> Option<Fact> {
    let files = files(l, refs);
    (!files.is_empty()).then(|| Fact {
        label,
        files,
        ..Fact::default()
    })
}

fn record(l: &Linker<'_>, target: Target, facts: Vec<Option<Fact>>, path: Option<&str>) -> Record {
    let mut rec = record_without_backlinks(l, target, facts);
    rec.backlinks = backlinks(l, &rec.id);
    rec.source_path = path.map(str::to_string);
    rec.source_sha256 = path.and_then(|p| l.hashes.sha256(p));
    rec
}

fn record_without_backlinks(l: &Linker<'_>, target: Target, facts: Vec<Option<Fact>>) -> Record {
    let (kind, badge) = l.kind_and_badge(target);
    Record {
        id: l.site.target_id(target).to_string(),
        kind,
        title: l.site.title(target).to_string(),
        badge,
        facts: facts.into_iter().flatten().collect(),
        backlinks: Vec::new(),
        source_path: None,
        source_sha256: None,
    }
}

fn page(
    template: &'static str,
    record: Record,
    section: &'static str,
    extra: impl Serialize,
) -> PageOut {
    PageOut::new(
        template,
        format!("{}/{}.html", section, record.id),
        format!("{} {}", record.id, record.title),
        section,
        RecordPage {
            record,
            detail: extra,
        },
    )
}

/// A record page's values: the shared part and the kind's own.
#[derive(Serialize)]
struct RecordPage<E> {
    record: Record,
    detail: E,
}

/// A document's control facts (owner, version, approval, next review; on
/// its page and in the audit pack), the next review with `review_badge`.
pub fn control_facts(d: &Document, review_badge: Option<Badge>) -> [Option<Fact>; 5] {
    [
        d.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        Fact::opt_text("Version", d.version.as_deref()),
        Fact::opt_text("Approved by", d.approved_by.as_deref()),
        Fact::date("Approved on", d.approved_on, None),
        Fact::date("Next review", d.next_review, review_badge),
    ]
}

/// A document's page.
pub fn document(l: &Linker<'_>, i: usize) -> PageOut {
    let d: &Document = &l.site.source.documents[i];
    let review = l.analysis.document(&d.id);
    let review_badge = matches!(
        review,
        crate::analyse::DocReview::Overdue | crate::analyse::DocReview::DueSoon
    )
    .then(|| document_badge(d.status, review));
    let mut facts = vec![
        Some(Fact::text("Type", d.doc_type.label())),
        Some(Fact::text("Status", d.status.label())),
    ];
    facts.extend(control_facts(d, review_badge));
    facts.extend([
        l.site
            .source
            .git
            .get(&d.path)
            .and_then(|c| c.first())
            .map(|c| Fact {
                label: "Last changed",
                text: Some(format!("{} ({})", c.author, c.hash)),
                date: Some(c.date.to_string()),
                ..Fact::default()
            }),
        Fact::links("Clauses", l.refs(&d.clauses)),
        Fact::links("Controls", l.refs(&d.controls)),
    ]);
    #[derive(Serialize)]
    struct History {
        version: String,
        date: Option<String>,
        change: String,
    }
    let history: Vec<History> = d
        .history
        .iter()
        .rev()
        .map(|h| History {
            version: h.version.clone(),
            date: h.date.map(|x| x.to_string()),
            change: h.change.clone(),
        })
        .collect();
    let body = super::bodies::page(l.bodies, l.site, i);
    #[derive(Serialize)]
    struct DocumentDetail<'a> {
        summary: Option<&'a str>,
        body: String,
        history: Vec<History>,
        changes: Vec<Change>,
    }
    #[derive(Serialize)]
    struct Change {
        date: String,
        author: String,
        message: String,
        hash: String,
    }
    let changes: Vec<Change> = l
        .site
        .source
        .git
        .get(&d.path)
        .into_iter()
        .flatten()
        .map(|c| Change {
            date: c.date.to_string(),
            author: c.author.clone(),
            message: c.message.clone(),
            hash: c.hash.clone(),
        })
        .collect();
    page(
        "document.html",
        record(l, Target::Document(i), facts, Some(&d.path)),
        "documents",
        DocumentDetail {
            summary: d.summary.as_deref(),
            body,
            history,
            changes,
        },
    )
}

fn finding_row(l: &Linker<'_>, f: &Finding) -> Vec<Cell> {
    let actions: Vec<Link> = l
        .site
        .actions_from(&f.id)
        .filter_map(|a| l.id(&a.id))
        .collect();
    let mut refs = l.refs(&f.clauses);
    refs.extend(l.refs(&f.controls));
    vec![
        Cell::link(l.id(&f.id).unwrap_or_else(|| Link::unresolved(&f.id))),
        Cell::badge(finding_type_badge(f.finding_type)),
        Cell::badge(finding_status_badge(l.analysis.finding(&f.id))),
        Cell::links(refs),
        Cell::links(actions),
    ]
}

/// The findings table used on audit pages and the findings index.
pub fn findings_table<'a>(l: &Linker<'_>, findings: impl Iterator<Item = &'a Finding>) -> Table {
    Table {
        columns: vec![
            "Finding",
            "Type",
            "Status",
            "Clauses and controls",
            "Actions",
        ],
        rows: findings.map(|f| finding_row(l, f)).collect(),
        empty: "No findings.",
    }
}

/// An audit's page.
pub fn audit(l: &Linker<'_>, i: usize) -> PageOut {
    let a: &Audit = &l.site.source.audits[i];
    let facts = vec![
        Some(Fact::text("Kind", a.kind.label())),
        Fact::date("Start", a.start, None),
        Fact::date("End", a.end, None),
        Fact::opt_text("Lead auditor", a.lead_auditor.as_deref()),
        (!a.auditors.is_empty()).then(|| Fact::text("Auditors", a.auditors.join(", "))),
        Fact::opt_text("Scope", a.scope.as_deref()),
        files_fact(l, "Report", a.report.as_slice()),
        Fact::links("Clauses audited", l.refs(&a.clauses)),
        Fact::links("Controls audited", l.refs(&a.controls)),
    ];
    let summary = md(l.site, &a.summary, &a.path);
    let findings = findings_table(l, a.findings.iter());
    page(
        "audit.html",
        record(l, Target::Audit(i), facts, Some(&a.path)),
        "audits",
        AuditDetail { summary, findings },
    )
}

/// An audit page's own values.
#[derive(Serialize)]
struct AuditDetail {
    summary: Option<String>,
    findings: Table,
}

/// The table of actions used on finding, review and metric pages.
pub fn actions_table<'a>(l: &Linker<'_>, actions: impl Iterator<Item = &'a Action>) -> Table {
    Table {
        columns: vec!["Action", "Kind", "Status", "Owner", "Due", "Closed"],
        rows: actions
            .map(|a| {
                vec![
                    Cell::link(l.id(&a.id).unwrap_or_else(|| Link::unresolved(&a.id))),
                    Cell::text(a.kind.label()),
                    Cell::badge(action_badge(a, l.analysis)),
                    Cell::text(a.owner.as_ref().map(|o| o.id.as_str()).unwrap_or("—")),
                    Cell::date(a.due),
                    Cell::date(a.closed),
                ]
            })
            .collect(),
        empty: "No actions raised.",
    }
}

/// A finding's page.
pub fn finding(l: &Linker<'_>, a: usize, f: usize) -> PageOut {
    let audit = &l.site.source.audits[a];
    let finding = &audit.findings[f];
    let facts = vec![
        Fact::links("Audit", l.id(&audit.id).into_iter().collect()),
        Some(Fact::badge(
            "Type",
            finding_type_badge(finding.finding_type),
        )),
        Some(Fact::badge(
            "Status",
            finding_status_badge(l.analysis.finding(&finding.id)),
        )),
        Fact::date("Raised", audit.start, None),
        Fact::links("Clauses", l.refs(&finding.clauses)),
        Fact::links("Controls", l.refs(&finding.controls)),
        Fact::links("Documents", l.refs(&finding.documents)),
        files_fact(l, "Evidence", &finding.evidence),
    ];
    let description = md(l.site, &finding.description, &audit.path);
    let actions = actions_table(l, l.site.actions_from(&finding.id));
    let mut ids: Vec<&str> = vec![finding.id.as_str()];
    ids.extend(l.site.actions_from(&finding.id).map(|a| a.id.as_str()));
    let path = super::improvement::record_events(l, &ids);
    let recurrence: Vec<Link> = l
        .analysis
        .recurrences
        .get(&finding.id)
        .into_iter()
        .flatten()
        .filter_map(|id| l.id(id))
        .collect();
    page(
        "finding.html",
        record(l, Target::Finding(a, f), facts, Some(&audit.path)),
        "findings",
        FindingDetail {
            description,
            actions,
            path,
            recurrence,
        },
    )
}

/// A finding page's own values.
#[derive(Serialize)]
struct FindingDetail<D, A, P> {
    description: D,
    actions: A,
    path: P,
    recurrence: Vec<Link>,
}

/// An action page's own values.
#[derive(Serialize)]
struct ActionDetail<E, L, C> {
    root_cause: Option<String>,
    plan: Option<String>,
    effectiveness: E,
    log: L,
    lifecycle: C,
}

/// An action's page.
pub fn action(l: &Linker<'_>, i: usize) -> PageOut {
    let a: &Action = &l.site.source.actions[i];
    let state = l.analysis.action(&a.id);
    let due_badge = if state.overdue {
        Some(Badge::new(
            format!("{} days overdue", state.days_overdue),
            "bad",
        ))
    } else if state.due_soon {
        Some(Badge::new("Due soon", "warn"))
    } else {
        None
    };
    let facts = vec![
        Some(Fact::text("Kind", a.kind.label())),
        Some(Fact::badge("Status", action_badge(a, l.analysis))),
        Fact::links("Raised from", l.refs(&a.sources)),
        a.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        Fact::date("Opened", a.opened, None),
        Fact::date("Due", a.due, due_badge),
        Fact::date("Closed", a.closed, None),
        state
            .days_to_close
            .map(|d| Fact::text("Days to close", d.to_string())),
        Fact::links("Clauses", l.refs(&a.clauses)),
        Fact::links("Controls", l.refs(&a.controls)),
        Fact::links("Documents", l.refs(&a.documents)),
        files_fact(l, "Evidence", &a.evidence),
    ];
    #[derive(Serialize)]
    struct Effect {
        reviewed_on: Option<String>,
        by: Option<String>,
        verdict: Badge,
        note: Option<String>,
    }
    let effectiveness = a.effectiveness.as_ref().map(|e| Effect {
        reviewed_on: e.reviewed_on.map(|d| d.to_string()),
        by: e.by.clone(),
        verdict: match e.effective {
            Some(true) => Badge::new("Effective", "ok"),
            Some(false) => Badge::new("Not effective", "bad"),
            None => Badge::new("Verdict not recorded", "muted"),
        },
        note: md(l.site, &e.note, &a.path),
    });
    #[derive(Serialize)]
    struct Step {
        date: String,
        status: Option<&'static str>,
        due: Option<String>,
        note: Option<String>,
    }
    let log: Vec<Step> = a
        .log
        .iter()
        .map(|e| Step {
            date: e.date.to_string(),
            status: e.status.map(|s| s.label()),
            due: e.due.map(|d| d.to_string()),
            note: e.note.clone(),
        })
        .collect();
    page(
        "action.html",
        record(l, Target::Action(i), facts, Some(&a.path)),
        "actions",
        ActionDetail {
            root_cause: md(l.site, &a.root_cause, &a.path),
            plan: md(l.site, &a.plan, &a.path),
            effectiveness,
            log,
            lifecycle: lifecycle(l, a),
        },
    )
}

#[derive(Serialize)]
struct Step {
    date: String,
    day: Option<i64>,
    tone: &'static str,
    text: String,
    upcoming: bool,
}

/// An action's lifecycle: its events plus the due date, with the day count
/// since it was opened.
fn lifecycle(l: &Linker<'_>, a: &Action) -> Vec<Step> {
    let as_of = l.analysis.as_of;
    let index = &l.analysis.timeline_index.by_record;
    let mut steps: Vec<(crate::model::Date, Step)> = index
        .get(&a.id)
        .into_iter()
        .flatten()
        .map(|&i| {
            let e = &l.analysis.timeline[i];
            let tone = match e.tone {
                crate::analyse::timeline::Tone::Info => "info",
                crate::analyse::timeline::Tone::Good => "ok",
                crate::analyse::timeline::Tone::Warn => "warn",
                crate::analyse::timeline::Tone::Bad => "bad",
            };
            (
                e.date,
                Step {
                    date: e.date.to_string(),
                    day: a.opened.map(|o| o.days_until(e.date)),
                    tone,
                    text: e.text.clone(),
                    upcoming: false,
                },
            )
        })
        .collect();
    if let Some(due) = a.due {
        let state = l.analysis.action(&a.id);
        let text = if a.status.is_done() {
            "Due date".to_string()
        } else if state.overdue {
            format!("Due date passed: {} days overdue", state.days_overdue)
        } else {
            format!("Due in {} days", as_of.days_until(due))
        };
        steps.push((
            due,
            Step {
                date: due.to_string(),
                day: a.opened.map(|o| o.days_until(due)),
                tone: if state.overdue { "bad" } else { "info" },
                text,
                upcoming: due > as_of,
            },
        ));
    }
    steps.sort_by_key(|(d, _)| *d);
    steps.into_iter().map(|(_, s)| s).collect()
}

/// A management review's page.
pub fn review(l: &Linker<'_>, i: usize) -> PageOut {
    let r: &Review = &l.site.source.reviews[i];
    let facts = vec![
        Fact::date("Date", r.date, None),
        Fact::opt_text("Chair", r.chair.as_deref()),
        (!r.attendees.is_empty()).then(|| Fact::text("Attendees", r.attendees.join(", "))),
    ];
    let inputs: Vec<ReviewInputView> = ReviewInput::ALL
        .iter()
        .map(|input| ReviewInputView {
            key: input.as_str(),
            label: input.label(),
            html: r
                .inputs
                .iter()
                .find(|(k, _)| k == input)
                .and_then(|(_, t)| md(l.site, t, &r.path)),
        })
        .collect();
    let decisions: Vec<String> = r
        .decisions
        .iter()
        .filter_map(|t| md(l.site, t, &r.path))
        .collect();
    let mut raised: Vec<&Action> = r
        .actions
        .iter()
        .filter_map(|x| match l.site.get(&x.id) {
            Some(Target::Action(j)) => Some(&l.site.source.actions[j]),
            _ => None,
        })
        .collect();
    for a in l.site.actions_from(&r.id) {
        if !raised.iter().any(|x| x.id == a.id) {
            raised.push(a);
        }
    }
    let covered = inputs.iter().filter(|i| i.html.is_some()).count();
    page(
        "review.html",
        record(l, Target::Review(i), facts, Some(&r.path)),
        "reviews",
        ReviewDetail {
            covered,
            inputs,
            decisions,
            actions: actions_table(l, raised.into_iter()),
        },
    )
}

/// One of clause 9.3.2's inputs on a review page.
#[derive(Serialize)]
struct ReviewInputView {
    key: &'static str,
    label: &'static str,
    html: Option<String>,
}

/// A review page's own values.
#[derive(Serialize)]
struct ReviewDetail {
    covered: usize,
    inputs: Vec<ReviewInputView>,
    decisions: Vec<String>,
    actions: Table,
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A metric's page.
pub fn metric(l: &Linker<'_>, i: usize) -> PageOut {
    let m: &Metric = &l.site.source.metrics[i];
    let unit = m.unit.clone().unwrap_or_default();
    let with_unit = |v: f64| {
        if unit.is_empty() {
            number(v)
        } else if unit == "%" {
            format!("{}%", number(v))
        } else {
            format!("{} {unit}", number(v))
        }
    };
    let latest = m.measurements.last();
    let latest_badge = latest.and_then(|x| m.meets_target(x.value)).map(|ok| {
        if ok {
            Badge::new("On target", "ok")
        } else {
            Badge::new("Below target", "bad")
        }
    });
    let facts = vec![
        m.owner.as_ref().map(|o| Fact::text("Owner", &o.id)),
        m.target.map(|t| Fact::text("Target", with_unit(t))),
        Some(Fact::text("Direction", m.direction.label())),
        m.frequency.map(|f| Fact::text("Frequency", f.label())),
        latest.map(|x| Fact {
            label: "Latest",
            text: Some(with_unit(x.value)),
            date: Some(x.date.to_string()),
            badge: latest_badge,
            ..Fact::default()
        }),
        Fact::links("Clauses", l.refs(&m.clauses)),
        Fact::links("Controls", l.refs(&m.controls)),
    ];
    let rows = m
        .measurements
        .iter()
        .rev()
        .map(|x| {
            vec![
                Cell::date(Some(x.date)),
                Cell::text(with_unit(x.value)),
                match m.meets_target(x.value) {
                    Some(true) => Cell::badge(Badge::new("Met", "ok")),
                    Some(false) => Cell::badge(Badge::new("Missed", "bad")),
                    None => Cell::text("—"),
                },
                Cell::text(x.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let table = Table {
        columns: vec!["Date", "Value", "Target", "Note"],
        rows,
        empty: "No measurements yet.",
    };
    page(
        "metric.html",
        record(l, Target::Metric(i), facts, Some(&m.path)),
        "metrics",
        MetricDetail {
            method: md(l.site, &m.method, &m.path),
            chart: super::improvement::metric_chart(m),
            measurement_overdue: l
                .analysis
                .metrics_overdue
                .get(&m.id)
                .copied()
                .unwrap_or(false),
            measurements: table,
            actions: actions_table(l, l.site.actions_from(&m.id)),
        },
    )
}

/// A metric page's own values.
#[derive(Serialize)]
struct MetricDetail {
    method: Option<String>,
    chart: super::charts::ChartView,
    measurement_overdue: bool,
    measurements: Table,
    actions: Table,
}

/// Records of one kind citing a clause or control: the first
/// [`CITED_MAX`] by id, and how many more the kind's index lists.
#[derive(Serialize)]
struct CitingGroup {
    label: &'static str,
    items: Vec<BacklinkView>,
    more: usize,
    index: &'static str,
}

/// A clause or control page's own values.
#[derive(Serialize)]
struct RequirementDetail {
    groups: Vec<CitingGroup>,
    timeline: Vec<super::improvement::MonthView>,
    timeline_total: usize,
    timeline_max: usize,
}

/// At most this many records of a kind are listed on a clause or control
/// page, so pages stay small on a large ISMS.
const CITED_MAX: usize = 100;

/// At most this many events show in a clause or control page's timeline.
const EVENTS_MAX: usize = 200;

/// Everything citing a clause or control, grouped by record kind. Only the
/// listed records become links: a clause of a large ISMS has thousands.
fn citing(l: &Linker<'_>, id: &str) -> Vec<CitingGroup> {
    let backlinks = l.site.backlinks_of(id);
    let mut all: Vec<(&'static str, &str)> = backlinks
        .iter()
        .map(|b| (b.relation, b.from.as_str()))
        .collect();
    // Actions count for the controls of the findings they address.
    if let Some(r) = l.analysis.coverage.iso.iter().find(|r| r.id == id) {
        let cited: HashSet<&str> = backlinks.iter().map(|b| b.from.as_str()).collect();
        all.extend(
            r.actions
                .iter()
                .filter(|a| !cited.contains(a.as_str()))
                .map(|a| ("acts on a finding on this", a.as_str())),
        );
    }
    // Record kinds in this order, then clauses and controls as "Other".
    const ORDER: [Option<RecordKind>; 7] = [
        Some(RecordKind::Document),
        Some(RecordKind::Audit),
        Some(RecordKind::Finding),
        Some(RecordKind::Action),
        Some(RecordKind::Metric),
        Some(RecordKind::Review),
        None,
    ];
    let mut groups: [Option<CitingGroup>; 7] = Default::default();
    for (relation, from) in all {
        let Some(target) = l.site.get(from) else {
            continue;
        };
        let kind = target.record_kind();
        let slot = ORDER.iter().position(|k| *k == kind).unwrap_or(6);
        let group = groups[slot].get_or_insert_with(|| CitingGroup {
            label: kind.map_or("Other", RecordKind::plural),
            items: Vec::new(),
            more: 0,
            index: kind.map_or("index.html", super::index_path),
        });
        if group.items.len() < CITED_MAX {
            group.items.push(BacklinkView {
                relation,
                link: l.target(target),
            });
        } else {
            group.more += 1;
        }
    }
    groups.into_iter().flatten().collect()
}

/// Coverage facts of a clause or control: level, three marks, SoA status,
/// last audit.
fn coverage_facts(l: &Linker<'_>, id: &str) -> Vec<Option<Fact>> {
    let Some(r) = l.analysis.coverage.iso.iter().find(|r| r.id == id) else {
        return Vec::new();
    };
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    vec![
        Some(Fact::badge(
            "Coverage",
            super::coverage::level_badge(r.level()),
        )),
        Some(Fact::text(
            "Mapped · implemented · verified",
            format!(
                "{} · {} · {}",
                yes_no(r.mapped),
                yes_no(r.implemented),
                yes_no(r.verified)
            ),
        )),
        (r.scope == crate::analyse::coverage::Scope::Control)
            .then(|| Fact::badge("SoA status", super::coverage::soa_badge(r))),
        r.last_audit.as_ref().map(|(date, audit)| Fact {
            label: "Last audited",
            date: Some(date.to_string()),
            links: l.id(audit).into_iter().collect(),
            ..Fact::default()
        }),
    ]
}

/// A clause's page.
pub fn clause(l: &Linker<'_>, i: usize) -> PageOut {
    let c = &l.site.catalog.clauses[i];
    let parent = c.parent.as_deref().and_then(|p| l.id(p));
    let children: Vec<Link> = l
        .site
        .catalog
        .clauses
        .iter()
        .filter(|x| x.parent.as_deref() == Some(c.id.as_str()))
        .filter_map(|x| l.id(&x.id))
        .collect();
    let mut facts = vec![
        Fact::links("Part of", parent.into_iter().collect()),
        Fact::links("Subclauses", children),
    ];
    facts.extend(coverage_facts(l, &c.id));
    // Grouped below instead of the usual backlinks list.
    let rec = record_without_backlinks(l, Target::Clause(i), facts);
    let groups = citing(l, &c.id);
    let (timeline, timeline_total) = super::improvement::requirement_events(l, &c.id, EVENTS_MAX);
    page(
        "requirement.html",
        rec,
        "clauses",
        RequirementDetail {
            groups,
            timeline,
            timeline_total,
            timeline_max: EVENTS_MAX,
        },
    )
}

/// A control's page.
pub fn control(l: &Linker<'_>, i: usize) -> PageOut {
    let c = &l.site.catalog.controls[i];
    let theme = l.site.catalog.theme(&c.theme).map(|t| t.name.clone());
    let soa = l.site.source.soa.get(&c.id);
    let applicability = match soa {
        Some(e) if !e.applicable => Badge::new("Not applicable", "muted"),
        _ => Badge::new("Applicable", "ok"),
    };
    let mut facts = vec![
        theme.map(|t| Fact::text("Theme", t)),
        Some(Fact::badge("Applicability", applicability)),
        soa.and_then(|e| e.justification.as_deref())
            .map(|j| Fact::text("Justification", j)),
        (!c.iso2013.is_empty()).then(|| Fact::text("ISO 27001:2013", c.iso2013.join(", "))),
    ];
    facts.extend(coverage_facts(l, &c.id));
    // Grouped below instead of the usual backlinks list.
    let rec = record_without_backlinks(l, Target::Control(i), facts);
    let groups = citing(l, &c.id);
    let (timeline, timeline_total) = super::improvement::requirement_events(l, &c.id, EVENTS_MAX);
    page(
        "requirement.html",
        rec,
        "controls",
        RequirementDetail {
            groups,
            timeline,
            timeline_total,
            timeline_max: EVENTS_MAX,
        },
    )
}

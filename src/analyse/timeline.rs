//! The improvement timeline: every dated event of the ISMS, in order.
//!
//! Documents approved and revised, audits held, findings raised, actions
//! opened, moved through their statuses, rescheduled, finished and reviewed
//! for effectiveness, management reviews held, metrics measured against their
//! targets. Each event knows the clauses and controls it concerns, so clause
//! and control pages carry their own timelines.

use super::coverage::{action_keys, keys};
use crate::model::{ActionStatus, Date, FindingType};
use crate::resolve::Site;
use std::collections::BTreeSet;

/// What kind of record an event belongs to (the timeline's filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Document approved or revised.
    Document,
    /// Audit held.
    Audit,
    /// Finding raised.
    Finding,
    /// Action opened, progressed, rescheduled, finished.
    Action,
    /// Effectiveness reviewed.
    Effectiveness,
    /// Management review held.
    Review,
    /// Metric measured.
    Metric,
    /// Risk assessed or accepted.
    Risk,
    /// Incident detected or resolved.
    Incident,
    /// Context issue or interested party added, changed or retired.
    Context,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 10] = [
        Category::Document,
        Category::Audit,
        Category::Finding,
        Category::Action,
        Category::Effectiveness,
        Category::Review,
        Category::Metric,
        Category::Risk,
        Category::Incident,
        Category::Context,
    ];

    /// Keyword for CSS classes and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Document => "document",
            Category::Audit => "audit",
            Category::Finding => "finding",
            Category::Action => "action",
            Category::Effectiveness => "effectiveness",
            Category::Review => "review",
            Category::Metric => "metric",
            Category::Risk => "risk",
            Category::Incident => "incident",
            Category::Context => "context",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Category::Document => "Documents",
            Category::Audit => "Audits",
            Category::Finding => "Findings",
            Category::Action => "Actions",
            Category::Effectiveness => "Effectiveness reviews",
            Category::Review => "Management reviews",
            Category::Metric => "Metrics",
            Category::Risk => "Risks",
            Category::Incident => "Incidents",
            Category::Context => "Context",
        }
    }
}

/// Tone of an event: good news, bad news or neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Neutral.
    Info,
    /// Progress: approved, closed, verified effective, target met.
    Good,
    /// Attention: slipped, reopened, target missed, minor NC.
    Warn,
    /// Problem: major NC, not effective.
    Bad,
}

/// One dated event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When.
    pub date: Date,
    /// Filter category.
    pub category: Category,
    /// The record's id.
    pub record: String,
    /// What happened, one line.
    pub text: String,
    /// Colour cue.
    pub tone: Tone,
    /// Clauses and controls concerned (and `FW:ID` keys).
    pub keys: BTreeSet<String>,
}

fn event(
    date: Date,
    category: Category,
    record: &str,
    text: String,
    tone: Tone,
    keys: &BTreeSet<String>,
) -> Event {
    Event {
        date,
        category,
        record: record.to_string(),
        text,
        tone,
        keys: keys.clone(),
    }
}

/// Every event up to `as_of`, in chronological order.
pub fn events(site: &Site, as_of: Date) -> Vec<Event> {
    let mut out = Vec::new();
    documents(site, &mut out);
    audits(site, &mut out);
    actions(site, &mut out);
    for r in site.reviews() {
        if let Some(date) = r.date {
            let covered = r.inputs_covered().len();
            let all = crate::model::ReviewInput::COUNT;
            out.push(event(
                date,
                Category::Review,
                &r.id,
                format!(
                    "Management review held: {} decisions, {covered} of {all} inputs covered",
                    r.decisions.len()
                ),
                if covered == all {
                    Tone::Good
                } else {
                    Tone::Warn
                },
                &BTreeSet::from(["9.3".to_string()]),
            ));
        }
    }
    for m in site.metrics() {
        let k = keys(site, &m.clauses, &m.controls, &m.satisfies);
        let unit = m.unit.as_deref().unwrap_or("");
        for x in &m.measurements {
            let (verdict, tone) = match m.meets_target(x.value) {
                Some(true) => (", target met", Tone::Good),
                Some(false) => (", target missed", Tone::Warn),
                None => ("", Tone::Info),
            };
            out.push(event(
                x.date,
                Category::Metric,
                &m.id,
                format!("{}: {}{unit}{verdict}", m.title, format_value(x.value)),
                tone,
                &k,
            ));
        }
    }
    risks(site, &mut out);
    incidents(site, &mut out);
    context(site, &mut out);
    out.retain(|e| e.date <= as_of);
    out.sort_by(|a, b| {
        (a.date, a.category, &a.record, &a.text).cmp(&(b.date, b.category, &b.record, &b.text))
    });
    out
}

/// Each assessment of each risk (from `history`, then the current one), and
/// each acceptance.
fn risks(site: &Site, out: &mut Vec<Event>) {
    let criteria = super::risks::criteria(site);
    for r in &site.source.risks {
        let mut k = keys(site, &[], &r.controls, &Vec::new());
        k.insert("6.1.2".to_string());
        k.insert("8.2".to_string());
        let current = r
            .assessed_on
            .map(|date| (date, r.residual.as_ref(), r.acceptance.as_ref()));
        let mut previous: Option<u32> = None;
        let steps = r
            .history
            .iter()
            .map(|h| (h.date, h.residual.as_ref(), h.acceptance.as_ref()))
            .chain(current);
        let mut accepted: Vec<(Date, &str, Option<Date>)> = Vec::new();
        for (date, residual, acceptance) in steps {
            let score = residual.map(crate::model::Rating::score);
            let above = score.is_some_and(|s| criteria.above_appetite(s));
            let (text, tone) = match (score, previous) {
                (Some(s), Some(p)) if s < p => (
                    format!("Risk reassessed: residual {s}, down from {p}"),
                    Tone::Good,
                ),
                (Some(s), Some(p)) if s > p => (
                    format!("Risk reassessed: residual {s}, up from {p}"),
                    Tone::Warn,
                ),
                (Some(s), _) => (
                    format!(
                        "Risk assessed: residual {s}{}",
                        if above { ", above the appetite" } else { "" }
                    ),
                    if above { Tone::Warn } else { Tone::Info },
                ),
                (None, _) => ("Risk assessed".to_string(), Tone::Info),
            };
            out.push(event(date, Category::Risk, &r.id, text, tone, &k));
            previous = score.or(previous);
            if let Some(a) = acceptance {
                let on = a.on.unwrap_or(date);
                if !accepted.iter().any(|(d, by, _)| *d == on && *by == a.by) {
                    accepted.push((on, &a.by, a.expires));
                }
            }
        }
        for (on, by, expires) in accepted {
            let until = expires.map(|e| format!(" until {e}")).unwrap_or_default();
            out.push(event(
                on,
                Category::Risk,
                &r.id,
                format!("Residual risk accepted by {by}{until}"),
                Tone::Info,
                &k,
            ));
        }
    }
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

fn documents(site: &Site, out: &mut Vec<Event>) {
    for d in site.documents() {
        let k = keys(site, &d.clauses, &d.controls, &d.satisfies);
        for c in site.source.git.get(&d.path).into_iter().flatten() {
            out.push(event(
                c.date,
                Category::Document,
                &d.id,
                format!("Changed: {} ({}, {})", c.message, c.author, c.hash),
                Tone::Info,
                &k,
            ));
        }
        let dated: Vec<_> = d.history.iter().filter(|h| h.date.is_some()).collect();
        for (i, h) in dated.iter().enumerate() {
            let Some(date) = h.date else { continue };
            let text = if i == 0 {
                format!("Version {} issued: {}", h.version, h.change)
            } else {
                format!("Version {}: {}", h.version, h.change)
            };
            out.push(event(date, Category::Document, &d.id, text, Tone::Info, &k));
        }
        if let Some(approved) = d.approved_on {
            if !dated.iter().any(|h| h.date == Some(approved)) {
                out.push(event(
                    approved,
                    Category::Document,
                    &d.id,
                    format!(
                        "Approved{}",
                        d.version
                            .as_deref()
                            .map(|v| format!(" (version {v})"))
                            .unwrap_or_default()
                    ),
                    Tone::Good,
                    &k,
                ));
            }
        }
    }
}

fn audits(site: &Site, out: &mut Vec<Event>) {
    for a in &site.source.audits {
        let Some(start) = a.start else { continue };
        let mut k = keys(site, &a.clauses, &a.controls, &Vec::new());
        for f in &a.findings {
            k.extend(keys(site, &f.clauses, &f.controls, &f.satisfies));
        }
        out.push(event(
            start,
            Category::Audit,
            &a.id,
            format!(
                "{} audit held: {} findings",
                a.kind.label(),
                a.findings.len()
            ),
            Tone::Info,
            &k,
        ));
        for f in &a.findings {
            let fk = keys(site, &f.clauses, &f.controls, &f.satisfies);
            let tone = match f.finding_type {
                FindingType::MajorNc => Tone::Bad,
                FindingType::MinorNc => Tone::Warn,
                _ => Tone::Info,
            };
            out.push(event(
                start,
                Category::Finding,
                &f.id,
                format!("{} raised: {}", f.finding_type.label(), f.title),
                tone,
                &fk,
            ));
        }
    }
}

fn actions(site: &Site, out: &mut Vec<Event>) {
    for a in site.actions() {
        let k = action_keys(site, a);
        if let Some(opened) = a.opened {
            out.push(event(
                opened,
                Category::Action,
                &a.id,
                format!("{} action opened: {}", a.kind.label(), a.title),
                Tone::Info,
                &k,
            ));
        }
        let mut status = ActionStatus::Open;
        let mut due = None;
        let mut closed_logged = false;
        for e in &a.log {
            if let Some(new_due) = e.due {
                let text = match due {
                    Some(old) if new_due > old => format!(
                        "Due date slipped from {old} to {new_due} (+{} days){}",
                        old.days_until(new_due),
                        note(&e.note)
                    ),
                    Some(old) => format!("Due date moved from {old} to {new_due}{}", note(&e.note)),
                    None => format!("Due date set to {new_due}{}", note(&e.note)),
                };
                out.push(event(e.date, Category::Action, &a.id, text, Tone::Warn, &k));
                due = Some(new_due);
            }
            if let Some(s) = e.status {
                if s == status && e.date == a.opened.unwrap_or(e.date) {
                    continue;
                }
                let reopened = status.is_done() && !s.is_done();
                let (text, tone) = if reopened {
                    (
                        format!("Reopened: {}{}", s.label().to_lowercase(), note(&e.note)),
                        Tone::Bad,
                    )
                } else {
                    let tone = match s {
                        ActionStatus::Verified | ActionStatus::Closed => Tone::Good,
                        ActionStatus::Cancelled => Tone::Warn,
                        _ => Tone::Info,
                    };
                    (
                        format!("Status: {}{}", s.label().to_lowercase(), note(&e.note)),
                        tone,
                    )
                };
                closed_logged |= s == ActionStatus::Closed;
                out.push(event(e.date, Category::Action, &a.id, text, tone, &k));
                status = s;
            }
        }
        if let Some(closed) = a.closed {
            if !closed_logged && a.status == ActionStatus::Closed {
                out.push(event(
                    closed,
                    Category::Action,
                    &a.id,
                    "Closed".into(),
                    Tone::Good,
                    &k,
                ));
            }
        }
        if let Some(eff) = &a.effectiveness {
            if let Some(date) = eff.reviewed_on {
                let (text, tone) = match eff.effective {
                    Some(true) => ("Verified effective".to_string(), Tone::Good),
                    Some(false) => (
                        "Found not effective: reopened for further action".to_string(),
                        Tone::Bad,
                    ),
                    None => ("Effectiveness reviewed".to_string(), Tone::Info),
                };
                let by = eff
                    .by
                    .as_deref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
                out.push(event(
                    date,
                    Category::Effectiveness,
                    &a.id,
                    format!("{text}{by}"),
                    tone,
                    &k,
                ));
            }
        }
    }
}

fn note(n: &Option<String>) -> String {
    n.as_deref()
        .filter(|n| !n.is_empty())
        .map(|n| format!(" — {n}"))
        .unwrap_or_default()
}

/// Event positions by record id and by clause/control key.
#[derive(Debug, Clone, Default)]
pub struct TimelineIndex {
    /// Record id -> event positions.
    pub by_record: std::collections::HashMap<String, Vec<usize>>,
    /// Clause, control or `FW:ID` key -> event positions.
    pub by_key: std::collections::HashMap<String, Vec<usize>>,
}

impl TimelineIndex {
    /// Index `events`.
    pub fn build(events: &[Event]) -> TimelineIndex {
        let mut index = TimelineIndex::default();
        for (i, e) in events.iter().enumerate() {
            index.by_record.entry(e.record.clone()).or_default().push(i);
            for k in &e.keys {
                index.by_key.entry(k.clone()).or_default().push(i);
            }
        }
        index
    }
}

/// Each incident's detection and resolution.
fn incidents(site: &Site, out: &mut Vec<Event>) {
    use crate::model::Severity;
    for i in &site.source.incidents {
        let k = keys(site, &[], &i.controls, &Vec::new());
        if let Some(date) = i.detected {
            let tone = match i.severity {
                Some(Severity::High | Severity::Critical) => Tone::Bad,
                Some(Severity::Medium) => Tone::Warn,
                _ => Tone::Info,
            };
            let severity = i.severity.map_or("Incident", |s| s.label());
            out.push(event(
                date,
                Category::Incident,
                &i.id,
                format!("{severity} incident detected: {}", i.title),
                tone,
                &k,
            ));
        }
        if let (Some(date), Some(days)) = (i.resolved, i.days_to_resolve()) {
            out.push(event(
                date,
                Category::Incident,
                &i.id,
                format!("Incident resolved after {days} day(s)"),
                Tone::Good,
                &k,
            ));
        }
    }
}

/// Context issues (4.1) and interested parties (4.2) added, changed or
/// retired.
fn context(site: &Site, out: &mut Vec<Event>) {
    for e in super::context::events(site) {
        let (what, clause) = match e.target {
            crate::resolve::Target::Issue(_) => ("Context issue", "4.1"),
            _ => ("Interested party", "4.2"),
        };
        let text = match &e.what {
            super::context::What::Added => format!("{what} added: {}", site.title(e.target)),
            super::context::What::Changed(note) => format!("{what} changed: {note}"),
            super::context::What::Retired => format!("{what} retired: {}", site.title(e.target)),
        };
        out.push(event(
            e.date,
            Category::Context,
            site.target_id(e.target),
            text,
            Tone::Info,
            &BTreeSet::from([clause.to_string()]),
        ));
    }
}

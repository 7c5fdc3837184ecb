//! View types: the small, display-ready values templates receive.
//!
//! Templates only lay these out; every label, tone, URL and date string is
//! decided here in Rust.

use crate::analyse::objectives::ObjectiveState;
use crate::analyse::risks::RiskState;
use crate::analyse::{Analysis, DocReview, FindingStatus};
use crate::model::{
    Action, ActionStatus, Date, DocStatus, FindingType, Objective, ObjectiveStatus, Ref,
    RiskCriteria, Severity,
};
use crate::resolve::{Site, Target};
use serde::Serialize;
use std::sync::OnceLock;

/// A coloured label. `tone` is one of ok, warn, bad, info, muted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Badge {
    /// Text shown.
    pub label: String,
    /// Colour class.
    pub tone: &'static str,
}

impl Badge {
    /// A badge.
    pub fn new(label: impl Into<String>, tone: &'static str) -> Self {
        Badge {
            label: label.into(),
            tone,
        }
    }
}

/// A link to a page of the site, as templates see it: `id`, `title`, `url`
/// (relative to the site root), `kind` (`Document`, `Control`...) and
/// `badge` (status, if the target has one). The same for every page that
/// shows it, so each target's link is built once ([`Links`]) and shared.
#[derive(Debug, Clone)]
pub struct Link(tera::Value);

impl Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// The fields of a [`Link`].
#[derive(Serialize)]
struct LinkFields<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    kind: &'static str,
    badge: Option<Badge>,
}

impl Link {
    fn new(fields: &LinkFields<'_>) -> Link {
        // Strings and a small struct: turning them into a value cannot fail.
        Link(tera::Value::try_from_serializable(fields).unwrap_or_else(|_| tera::Value::none()))
    }

    /// A link to an id that does not resolve: shown as its id, without a URL.
    pub fn unresolved(id: &str) -> Link {
        Link::new(&LinkFields {
            id,
            title: "",
            url: "",
            kind: "",
            badge: None,
        })
    }
}

/// The kinds of [`Target`]: documents, audits, findings, actions, reviews,
/// metrics, risks, objectives, context issues, interested parties,
/// incidents, clauses and controls.
const TARGET_KINDS: usize = 13;

/// Each target's [`Link`], built on first use, for one site and analysis.
pub struct Links {
    slots: Vec<OnceLock<Link>>,
    /// Where each target kind's slots start ([`Links::kind`] numbers the
    /// kinds), and (last) where they end.
    starts: [usize; TARGET_KINDS + 1],
    /// Where each audit's findings start among the findings' slots, and
    /// (last) where the findings end.
    findings: Vec<usize>,
}

impl Links {
    /// Empty slots for every target of `site`.
    pub fn new(site: &Site) -> Links {
        let s = &site.source;
        let mut findings = Vec::with_capacity(s.audits.len() + 1);
        let mut n = 0;
        for a in &s.audits {
            findings.push(n);
            n += a.findings.len();
        }
        findings.push(n);
        // In the order of `Links::kind`.
        let counts: [usize; TARGET_KINDS] = [
            s.documents.len(),
            s.audits.len(),
            n,
            s.actions.len(),
            s.reviews.len(),
            s.metrics.len(),
            s.risks.len(),
            s.objectives.len(),
            site.issues().len(),
            site.parties().len(),
            s.incidents.len(),
            site.catalog.clauses.len(),
            site.catalog.controls.len(),
        ];
        let mut starts = [0; TARGET_KINDS + 1];
        let mut total = 0;
        for (start, count) in starts.iter_mut().zip(counts) {
            *start = total;
            total += count;
        }
        starts[TARGET_KINDS] = total;
        Links {
            slots: (0..total).map(|_| OnceLock::new()).collect(),
            starts,
            findings,
        }
    }

    /// The number of `target`'s kind, and its index among that kind's
    /// targets (findings counted across audits).
    fn kind(&self, target: Target) -> Option<(usize, usize)> {
        Some(match target {
            Target::Document(i) => (0, i),
            Target::Audit(i) => (1, i),
            Target::Finding(a, f) => {
                let start = self.findings.get(a)?;
                let end = self.findings.get(a + 1)?;
                (2, Some(start + f).filter(|i| i < end)?)
            }
            Target::Action(i) => (3, i),
            Target::Review(i) => (4, i),
            Target::Metric(i) => (5, i),
            Target::Risk(i) => (6, i),
            Target::Objective(i) => (7, i),
            Target::Issue(i) => (8, i),
            Target::Party(i) => (9, i),
            Target::Incident(i) => (10, i),
            Target::Clause(i) => (11, i),
            Target::Control(i) => (12, i),
        })
    }

    fn slot(&self, target: Target) -> Option<&OnceLock<Link>> {
        let (kind, i) = self.kind(target)?;
        let slot = self.starts[kind] + i;
        if slot < self.starts[kind + 1] {
            self.slots.get(slot)
        } else {
            None
        }
    }
}

/// One row of a facts table (label: value).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Fact {
    /// Label.
    pub label: &'static str,
    /// Plain text value.
    pub text: Option<String>,
    /// ISO date value, shown in a `<time>`.
    pub date: Option<String>,
    /// Links value.
    pub links: Vec<Link>,
    /// Status value.
    pub badge: Option<Badge>,
    /// Files value (URLs relative to the site root).
    pub files: Vec<FileLink>,
}

/// A link to a copied file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileLink {
    /// Path as cited.
    pub name: String,
    /// URL relative to the site root.
    pub url: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: Option<String>,
}

impl Fact {
    /// A text fact.
    pub fn text(label: &'static str, value: impl Into<String>) -> Fact {
        Fact {
            label,
            text: Some(value.into()),
            ..Fact::default()
        }
    }

    /// A text fact if there is a value.
    pub fn opt_text(label: &'static str, value: Option<&str>) -> Option<Fact> {
        value
            .filter(|v| !v.is_empty())
            .map(|v| Fact::text(label, v))
    }

    /// A date fact, with an optional badge.
    pub fn date(label: &'static str, value: Option<Date>, badge: Option<Badge>) -> Option<Fact> {
        value.map(|d| Fact {
            label,
            date: Some(d.to_string()),
            badge,
            ..Fact::default()
        })
    }

    /// A links fact if there are links.
    pub fn links(label: &'static str, links: Vec<Link>) -> Option<Fact> {
        (!links.is_empty()).then(|| Fact {
            label,
            links,
            ..Fact::default()
        })
    }

    /// A badge fact.
    pub fn badge(label: &'static str, badge: Badge) -> Fact {
        Fact {
            label,
            badge: Some(badge),
            ..Fact::default()
        }
    }
}

/// A cell of a generic table.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Cell {
    /// Text.
    pub text: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    /// Links.
    pub links: Vec<Link>,
    /// Status.
    pub badge: Option<Badge>,
    /// Sort/filter value for numbers.
    pub number: Option<String>,
}

impl Cell {
    /// Text cell.
    pub fn text(value: impl Into<String>) -> Cell {
        Cell {
            text: Some(value.into()),
            ..Cell::default()
        }
    }

    /// Date cell.
    pub fn date(value: Option<Date>) -> Cell {
        Cell {
            date: value.map(|d| d.to_string()),
            ..Cell::default()
        }
    }

    /// Links cell.
    pub fn links(links: Vec<Link>) -> Cell {
        Cell {
            links,
            ..Cell::default()
        }
    }

    /// One link.
    pub fn link(link: Link) -> Cell {
        Cell::links(vec![link])
    }

    /// Badge cell.
    pub fn badge(badge: Badge) -> Cell {
        Cell {
            badge: Some(badge),
            ..Cell::default()
        }
    }
}

pub use crate::analyse::counted;

/// A run of plain text or of code, for text that names keys and values:
/// templates show `code` runs in `<code>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Span {
    /// The text, unescaped (the template escapes it).
    pub text: String,
    /// Shown as code.
    pub code: bool,
}

/// Split text written with backticks (`` add `owner:` ``) into plain and
/// code runs, so no backtick reaches the page. An unmatched backtick stays
/// as text.
pub fn code_spans(text: &str) -> Vec<Span> {
    let parts: Vec<&str> = text.split('`').collect();
    let closed = parts.len() % 2 == 1;
    let mut spans = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let code = i % 2 == 1 && (closed || i + 1 < parts.len());
        if part.is_empty() {
            continue;
        }
        let text = if i % 2 == 1 && !code {
            format!("`{part}")
        } else {
            part.to_string()
        };
        spans.push(Span { text, code });
    }
    spans
}

/// A table of cells with column headers.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    /// Column headers.
    pub columns: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
    /// Shown when there are no rows.
    pub empty: &'static str,
}

/// An objective's stated status as a badge, marked when the metrics
/// contradict it.
pub fn objective_badge(o: &Objective, state: ObjectiveState) -> Badge {
    let tone = match o.status {
        ObjectiveStatus::Achieved if !state.mismatch => "ok",
        ObjectiveStatus::Active if !state.overdue => "info",
        ObjectiveStatus::Withdrawn => "muted",
        _ => "bad",
    };
    if state.mismatch {
        Badge::new(format!("{} (metrics disagree)", o.status.label()), tone)
    } else if state.overdue {
        Badge::new("Active, past due", tone)
    } else {
        Badge::new(o.status.label(), tone)
    }
}

/// An incident's severity as a badge.
pub fn severity_badge(s: Severity) -> Badge {
    let tone = match s {
        Severity::Low => "muted",
        Severity::Medium => "warn",
        Severity::High | Severity::Critical => "bad",
    };
    Badge::new(s.label(), tone)
}

/// The status of a risk as a badge: above the appetite (accepted or not),
/// or within it.
pub fn risk_badge(state: &RiskState, criteria: &RiskCriteria) -> Badge {
    match (state.above_appetite, state.accepted, criteria.appetite) {
        (true, true, _) => Badge::new("Accepted above appetite", "warn"),
        (true, false, _) => Badge::new("Above appetite", "bad"),
        (false, _, Some(_)) if state.residual.is_some() => Badge::new("Within appetite", "ok"),
        _ => Badge::new("Rated", "info"),
    }
}

/// Badges for the domain's statuses.
pub fn action_badge(action: &Action, analysis: &Analysis) -> Badge {
    let state = analysis.action(&action.id);
    if state.overdue {
        return Badge::new(format!("Overdue {} d", state.days_overdue), "bad");
    }
    if action.found_not_effective() && !action.status.is_done() {
        return Badge::new(format!("{} (reopened)", action.status.label()), "warn");
    }
    let tone = match action.status {
        ActionStatus::Open | ActionStatus::InProgress if state.due_soon => "warn",
        ActionStatus::Open | ActionStatus::InProgress => "info",
        ActionStatus::Implemented => "info",
        ActionStatus::Verified | ActionStatus::Closed => "ok",
        ActionStatus::Cancelled => "muted",
    };
    Badge::new(action.status.label(), tone)
}

/// Badge for a finding type.
pub fn finding_type_badge(t: FindingType) -> Badge {
    let tone = match t {
        FindingType::MajorNc => "bad",
        FindingType::MinorNc => "warn",
        FindingType::Observation => "info",
        FindingType::Ofi => "muted",
    };
    Badge::new(t.label(), tone)
}

/// Badge for a finding's status.
pub fn finding_status_badge(s: FindingStatus) -> Badge {
    let tone = match s {
        FindingStatus::Open | FindingStatus::NotEffective => "bad",
        FindingStatus::Implemented => "warn",
        FindingStatus::Closed => "ok",
        FindingStatus::Noted => "muted",
    };
    Badge::new(s.label(), tone)
}

/// Badge for a document's status and review state.
pub fn document_badge(status: DocStatus, review: DocReview) -> Badge {
    match (status, review) {
        (DocStatus::Approved, DocReview::Overdue) => Badge::new("Review overdue", "bad"),
        (DocStatus::Approved, DocReview::DueSoon) => Badge::new("Review due soon", "warn"),
        (DocStatus::Approved, _) => Badge::new("Approved", "ok"),
        (DocStatus::Draft, _) => Badge::new("Draft", "info"),
        (DocStatus::Retired, _) => Badge::new("Retired", "muted"),
    }
}

/// The status badge of `target` at the as-of date, as links, record pages
/// and search results show it (none for kinds without a status).
pub fn target_badge(site: &Site, analysis: &Analysis, target: Target) -> Option<Badge> {
    let s = &site.source;
    match target {
        Target::Document(i) => {
            let d = &s.documents[i];
            Some(document_badge(d.status, analysis.document(&d.id)))
        }
        Target::Finding(a, f) => {
            let f = &s.audits[a].findings[f];
            Some(finding_type_badge(f.finding_type))
        }
        Target::Action(i) => Some(action_badge(&s.actions[i], analysis)),
        // The criteria are borrowed, not cloned: this runs for every link.
        Target::Risk(i) => analysis.risks.get(&s.risks[i].id).map(|state| {
            let criteria = site.source.config.risk_criteria.as_ref();
            risk_badge(state, criteria.map_or(&RiskCriteria::default(), |c| c))
        }),
        Target::Objective(i) => Some(objective_badge(
            &s.objectives[i],
            analysis.objective(&s.objectives[i].id),
        )),
        Target::Incident(i) => s.incidents[i].severity.map(severity_badge),
        Target::Issue(i) => site.issues()[i]
            .until
            .map(|_| Badge::new("Retired", "muted")),
        Target::Party(i) => site.parties()[i]
            .until
            .map(|_| Badge::new("Retired", "muted")),
        Target::Review(_) | Target::Audit(_) | Target::Metric(_) => None,
        Target::Clause(_) | Target::Control(_) => None,
    }
}

/// Build links with status badges.
pub struct Linker<'a> {
    /// The site.
    pub site: &'a Site,
    /// The analysis.
    pub analysis: &'a Analysis,
    /// SHA-256 of source and evidence files, shown on record pages.
    pub hashes: &'a crate::source::HashCache,
    /// Document bodies rendered once for page, audit pack and search
    /// (`build`); `None` renders each on its own (`serve`).
    pub bodies: Option<&'a super::bodies::Bodies>,
    /// Links built so far (for this site and analysis).
    pub links: &'a Links,
}

impl Linker<'_> {
    /// A link to `target`.
    pub fn target(&self, target: Target) -> Link {
        match self.links.slot(target) {
            Some(slot) => slot.get_or_init(|| self.build(target)).clone(),
            None => self.build(target),
        }
    }

    fn build(&self, target: Target) -> Link {
        let (kind, badge) = self.kind_and_badge(target);
        Link::new(&LinkFields {
            id: self.site.target_id(target),
            title: self.site.title(target),
            url: &self.site.url(target),
            kind,
            badge,
        })
    }

    /// The kind label and status badge of `target`, as its link shows them.
    pub fn kind_and_badge(&self, target: Target) -> (&'static str, Option<Badge>) {
        let kind = match target {
            Target::Clause(_) => "Clause",
            Target::Control(_) => "Control",
            Target::Issue(_) => "Context issue",
            Target::Party(_) => "Interested party",
            other => other.record_kind().map(|k| k.label()).unwrap_or(""),
        };
        (kind, target_badge(self.site, self.analysis, target))
    }

    /// A link to an id, if it resolves.
    pub fn id(&self, id: &str) -> Option<Link> {
        self.site.get(id).map(|t| self.target(t))
    }

    /// Links to the resolvable refs.
    pub fn refs(&self, refs: &[Ref]) -> Vec<Link> {
        let mut seen = std::collections::HashSet::new();
        refs.iter()
            .filter(|r| seen.insert(r.id.as_str()))
            .filter_map(|r| self.id(&r.id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_target_has_its_own_link_slot() {
        let checked = crate::pipeline::sample();
        let site = &checked.site;
        let hashes = crate::source::HashCache::new(&site.root);
        let links = Links::new(site);
        let l = Linker {
            site,
            analysis: &checked.analysis,
            hashes: &hashes,
            bodies: None,
            links: &links,
        };
        let s = &site.source;
        let mut targets: Vec<Target> = crate::model::RecordKind::ALL
            .iter()
            .flat_map(|&kind| site.records(kind))
            .collect();
        targets.extend((0..site.catalog.clauses.len()).map(Target::Clause));
        targets.extend((0..site.catalog.controls.len()).map(Target::Control));
        assert_eq!(targets.len(), links.slots.len());
        let json = |link: Link| serde_json::to_string(&link).expect("json");
        for &t in &targets {
            // Built on first use, then the same link from the slot.
            let first = json(l.target(t));
            assert!(
                first.contains(&format!("\"id\":\"{}\"", site.target_id(t))),
                "{first}"
            );
            assert_eq!(json(l.target(t)), first);
            assert_eq!(json(l.build(t)), first);
        }
        assert!(links.slots.iter().all(|slot| slot.get().is_some()));
        // A target past the end of its kind has no slot of another kind.
        let audit = s
            .audits
            .iter()
            .position(|a| !a.findings.is_empty())
            .expect("findings");
        let past = s.audits[audit].findings.len();
        assert!(links.slot(Target::Finding(audit, past)).is_none());
        assert!(links.slot(Target::Document(s.documents.len())).is_none());
        assert!(links
            .slot(Target::Control(site.catalog.controls.len()))
            .is_none());
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(counted(1, "document", "documents"), "1 document");
        assert_eq!(counted(0, "document", "documents"), "0 documents");
        assert_eq!(
            counted(7, "approved document", "approved documents"),
            "7 approved documents"
        );
    }

    #[test]
    fn backticks_become_code_runs() {
        let spans = code_spans("add `owner:` with the role");
        assert_eq!(
            spans,
            [
                Span {
                    text: "add ".into(),
                    code: false
                },
                Span {
                    text: "owner:".into(),
                    code: true
                },
                Span {
                    text: " with the role".into(),
                    code: false
                },
            ]
        );
        let open = code_spans("a `b");
        assert_eq!(
            open.iter().map(|s| s.text.as_str()).collect::<String>(),
            "a `b"
        );
        assert!(open.iter().all(|s| !s.code));
    }
}

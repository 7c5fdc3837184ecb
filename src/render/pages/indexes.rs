//! Page contexts for the dashboard and the index page of each kind.

use super::record::{actions_table, findings_table, open_actions_table};
use crate::analyse::DocReview;
use crate::model::{FindingType, RecordKind};
use crate::render::page::PageOut;
use crate::render::view::{code_spans, counted, document_badge, Badge, Cell, Linker, Span, Table};
use crate::resolve::{routes, Target};
use serde::Serialize;

#[derive(Serialize)]
struct Stat {
    label: &'static str,
    value: String,
    detail: Option<String>,
    tone: &'static str,
    url: &'static str,
}

fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part * 100) as f64 / whole as f64).round() as u32
    }
}

#[derive(Serialize)]
struct NextStep {
    text: String,
    help: Vec<Span>,
}

/// What to add next, for an ISMS that is still growing into the format.
fn next_steps(l: &Linker<'_>) -> Vec<NextStep> {
    let s = &l.site.source;
    let docs = &s.documents;
    let count = |f: &dyn Fn(&crate::model::Document) -> bool| docs.iter().filter(|d| f(d)).count();
    let mut steps = Vec::new();
    let mut step = |n: usize, text: String, help: &'static str| {
        if n > 0 {
            steps.push(NextStep {
                text,
                help: code_spans(help),
            });
        }
    };
    let unmapped = count(&|d| d.clauses.is_empty() && d.controls.is_empty());
    step(
        unmapped,
        format!(
            "Map {} to the clauses and controls {}",
            counted(unmapped, "document", "documents"),
            if unmapped == 1 {
                "it satisfies"
            } else {
                "they satisfy"
            }
        ),
        "add `clauses: [\"5.2\"]` and `controls: [A.5.15]` to the front matter",
    );
    let no_owner = count(&|d| d.owner.is_none());
    step(
        no_owner,
        format!(
            "Give {} an owner",
            counted(no_owner, "document", "documents")
        ),
        "add `owner:` with the responsible role",
    );
    // Drafts are normal in a running ISMS; suggest approval only when nothing is approved.
    let approved = count(&|d| d.status == crate::model::DocStatus::Approved);
    let unapproved = if approved == 0 { docs.len() } else { 0 };
    step(
        unapproved,
        format!("Approve {}", counted(unapproved, "document", "documents")),
        "add `status: approved`, `approved_by` and `approved_on`",
    );
    let no_review =
        count(&|d| d.status == crate::model::DocStatus::Approved && d.next_review.is_none());
    step(
        no_review,
        format!(
            "Schedule the next review of {}",
            counted(no_review, "approved document", "approved documents")
        ),
        "add `next_review: YYYY-MM-DD` or `review_every: 12 months`",
    );
    step(
        usize::from(s.audits.is_empty()),
        "Record your audits and their findings".into(),
        "one file per audit in `audits/`",
    );
    step(
        usize::from(s.soa.is_empty()),
        "State the applicability of Annex A controls".into(),
        "write `soa.yaml`",
    );
    step(
        usize::from(s.reviews.is_empty()),
        "Record management reviews (clause 9.3)".into(),
        "one file per review in `reviews/`",
    );
    step(
        usize::from(s.metrics.is_empty()),
        "Measure the ISMS with a few KPIs (clause 9.1)".into(),
        "one file per metric in `metrics/`",
    );
    steps
}

/// The coverage figures, each the same count as the page it links to:
/// clauses documented (the coverage matrix), and Annex A controls
/// implemented as the SoA states them (the SoA page). Without `soa.yaml`
/// nothing is stated implemented, so the figure is the documented one.
fn coverage_stats(l: &Linker<'_>) -> Vec<Stat> {
    use crate::analyse::coverage::{summarize, Scope};
    let cov = &l.analysis.coverage;
    let clauses = summarize(cov.iso.iter().filter(|r| r.scope == Scope::Clause));
    let controls = summarize(cov.iso.iter().filter(|r| r.scope == Scope::Control));
    let clause_stat = Stat {
        label: "Clauses documented",
        value: format!("{}%", percent(clauses.documented, clauses.applicable)),
        detail: Some(format!(
            "{} of {} cited by approved documents",
            clauses.documented, clauses.applicable
        )),
        tone: "info",
        url: "coverage.html",
    };
    let control_stat = if l.site.source.soa.is_empty() {
        Stat {
            label: "Controls documented",
            value: format!("{}%", percent(controls.documented, controls.applicable)),
            detail: Some(format!(
                "{} of {} applicable controls cited by approved documents; no soa.yaml states which are implemented",
                controls.documented, controls.applicable
            )),
            tone: "info",
            url: "soa.html",
        }
    } else {
        Stat {
            label: "Controls implemented",
            value: format!("{}%", percent(controls.implemented, controls.applicable)),
            detail: Some(format!(
                "{} of {} applicable controls, as the Statement of Applicability states",
                controls.implemented, controls.applicable
            )),
            tone: if controls.implemented == controls.applicable {
                "ok"
            } else {
                "info"
            },
            url: "soa.html",
        }
    };
    vec![clause_stat, control_stat]
}

/// The dashboard.
pub fn dashboard(l: &Linker<'_>) -> PageOut {
    let site = l.site;
    let a = l.analysis;
    let open_actions = site
        .actions()
        .iter()
        .filter(|x| !x.status.is_done())
        .count();
    let overdue: Vec<_> = site
        .actions()
        .iter()
        .filter(|x| a.action(&x.id).overdue)
        .collect();
    let due_soon: Vec<_> = site
        .actions()
        .iter()
        .filter(|x| a.action(&x.id).due_soon)
        .collect();
    let open_nc = |t: FindingType| {
        site.findings()
            .filter(|(_, f)| f.finding_type == t && a.finding(&f.id).is_open())
            .count()
    };
    let (major, minor) = (open_nc(FindingType::MajorNc), open_nc(FindingType::MinorNc));
    let not_effective = site
        .actions()
        .iter()
        .filter(|x| x.found_not_effective())
        .count();
    let coverage = coverage_stats(l);
    let recurring = a.recurrences.len();
    let stats = vec![
        Stat {
            label: "Open actions",
            value: open_actions.to_string(),
            detail: Some(format!(
                "{} due within {} days",
                due_soon.len(),
                site.source.config.due_soon_days
            )),
            tone: if due_soon.is_empty() { "info" } else { "warn" },
            url: "actions/index.html",
        },
        Stat {
            label: "Overdue actions",
            value: overdue.len().to_string(),
            detail: None,
            tone: if overdue.is_empty() { "ok" } else { "bad" },
            url: "actions/index.html",
        },
        Stat {
            label: "Open nonconformities",
            value: (major + minor).to_string(),
            detail: Some(format!("{major} major, {minor} minor")),
            tone: if major > 0 {
                "bad"
            } else if minor > 0 {
                "warn"
            } else {
                "ok"
            },
            url: "findings/index.html",
        },
        Stat {
            label: "Not effective",
            value: not_effective.to_string(),
            detail: Some("actions whose effectiveness review failed".to_string()),
            tone: if not_effective > 0 { "warn" } else { "ok" },
            url: "actions/index.html",
        },
        Stat {
            label: "Recurring findings",
            value: recurring.to_string(),
            detail: Some(
                "repeat an earlier nonconformity: as the auditor states, or on the same Annex A control within 12 months of its closing".to_string(),
            ),
            tone: if recurring > 0 { "warn" } else { "ok" },
            url: "findings/index.html",
        },
    ]
    .into_iter()
    .chain(coverage)
    .collect::<Vec<_>>();
    let mut reviews: Vec<_> = site
        .documents()
        .iter()
        .filter(|d| matches!(a.document(&d.id), DocReview::Overdue | DocReview::DueSoon))
        .collect();
    reviews.sort_by_key(|d| (d.next_review, d.id.clone()));
    let review_table = Table {
        columns: vec!["Document", "Owner", "Next review", "State"],
        rows: reviews
            .iter()
            .map(|d| {
                vec![
                    Cell::links(l.id(&d.id).into_iter().collect()),
                    Cell::text(d.owner.as_ref().map(|o| o.id.as_str()).unwrap_or("—")),
                    Cell::date(d.next_review),
                    Cell::badge(document_badge(d.status, a.document(&d.id))),
                ]
            })
            .collect(),
        empty: "No document is due for review.",
    };
    // The latest audits held; planned ones are on the audit programme page.
    let mut audits: Vec<_> = site
        .source
        .audits
        .iter()
        .filter(|x| x.is_held() && x.exists_at(a.as_of))
        .collect();
    audits.sort_by(|x, y| y.start.cmp(&x.start).then(x.id.cmp(&y.id)));
    let audits_table = Table {
        columns: vec!["Audit", "Kind", "Start", "Findings"],
        rows: audits
            .iter()
            .take(5)
            .map(|x| {
                vec![
                    Cell::links(l.id(&x.id).into_iter().collect()),
                    Cell::text(x.kind.label()),
                    Cell::date(x.start),
                    Cell::text(x.findings.len().to_string()),
                ]
            })
            .collect(),
        empty: "No audits recorded yet.",
    };
    let mut attention: Vec<_> = overdue.into_iter().chain(due_soon).collect();
    attention.sort_by_key(|x| (x.due, x.id.clone()));
    PageOut::new(
        "dashboard.html",
        "index.html".to_string(),
        "Dashboard".to_string(),
        "dashboard",
        serde_json::json!({
            "stats": stats,
            "attention": open_actions_table(l, attention.into_iter()),
            "pdca": super::improvement::pdca(l),
            "next_steps": next_steps(l),
            "trend": super::improvement::open_nc_chart(l, "chart-dashboard-nc"),
            "reviews": review_table,
            "audits": audits_table,
            "review_pack_url": routes::REVIEW_NEXT,
        }),
    )
    .at_root()
}

fn list_page(
    kind: &'static str,
    title: &'static str,
    intro: &'static str,
    table: Table,
) -> PageOut {
    paged_list(kind, title, intro, table, None)
}

fn paged_list(
    kind: &'static str,
    title: &'static str,
    intro: &'static str,
    table: Table,
    pager: Option<Pager>,
) -> PageOut {
    let page = pager.as_ref().map_or(1, |p| p.page);
    PageOut::new(
        "list.html",
        format!("{kind}/{}", routes::index_page_name(page)),
        title.to_string(),
        kind,
        ListPage {
            intro,
            table,
            pager,
        },
    )
}

/// Rows on one page of a record index. Longer indexes are split into pages
/// (`index.html`, `page-2.html`...) so no page grows to tens of megabytes.
pub const INDEX_PAGE: usize = 1000;

/// How many pages the index of `n` records has.
pub fn index_pages(n: usize) -> usize {
    n.div_ceil(INDEX_PAGE).max(1)
}

/// A list page's values.
#[derive(Serialize)]
struct ListPage {
    intro: &'static str,
    table: Table,
    #[serde(skip_serializing_if = "Option::is_none")]
    pager: Option<Pager>,
}

/// Links between the pages of a long index.
#[derive(Serialize)]
struct Pager {
    /// This page, from 1.
    page: usize,
    /// First and last row shown (from 1), and all rows.
    first: usize,
    last: usize,
    total: usize,
    /// Every page: label, file name, whether it is this one.
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct PagerLink {
    label: String,
    url: String,
    current: bool,
}

/// Page `page` of the sorted `items`, and the pager when there is more than one.
fn paginate<T>(mut items: Vec<T>, page: usize) -> (Vec<T>, Option<Pager>) {
    let total = items.len();
    let pages = index_pages(total);
    if pages <= 1 {
        return (items, None);
    }
    let page = page.clamp(1, pages);
    let first = (page - 1) * INDEX_PAGE;
    let last = (first + INDEX_PAGE).min(total);
    items.truncate(last);
    let shown = items.split_off(first);
    let pager = Pager {
        page,
        first: first + 1,
        last,
        total,
        pages: (1..=pages)
            .map(|n| PagerLink {
                label: n.to_string(),
                url: routes::index_page_name(n),
                current: n == page,
            })
            .collect(),
    };
    (shown, pager.into())
}

fn link(l: &Linker<'_>, id: &str) -> Cell {
    Cell::links(l.id(id).into_iter().collect())
}

/// The index page of one record kind.
pub fn index(l: &Linker<'_>, kind: RecordKind, page: usize) -> PageOut {
    let site = l.site;
    let a = l.analysis;
    match kind {
        // The register: one page with its heat maps.
        RecordKind::Risk => super::risk::register(l),
        RecordKind::Context => super::context::index(l),
        RecordKind::Incident => super::incident::register(l),
        RecordKind::Objective => {
            let mut objectives: Vec<_> = site.source.objectives.iter().collect();
            objectives.sort_by(|x, y| x.id.cmp(&y.id));
            let (objectives, pager) = paginate(objectives, page);
            paged_list(
                "objectives",
                "Objectives",
                "Information security objectives (clause 6.2): the stated status beside what the linked metrics show at the as-of date.",
                super::objective::table(l, objectives.into_iter()),
                pager,
            )
        }
        RecordKind::Document => {
            let mut docs: Vec<_> = site.documents().iter().collect();
            docs.sort_by(|x, y| x.id.cmp(&y.id));
            let (docs, pager) = paginate(docs, page);
            let rows = docs
                .iter()
                .map(|d| {
                    vec![
                        link(l, &d.id),
                        Cell::text(d.doc_type.label()),
                        Cell::text(d.owner.as_ref().map(|o| o.id.as_str()).unwrap_or("—")),
                        Cell::text(d.version.clone().unwrap_or_else(|| "—".into())),
                        Cell::date(d.next_review),
                        Cell::badge(document_badge(d.status, a.document(&d.id))),
                    ]
                })
                .collect();
            paged_list(
                "documents",
                "Documents",
                "Policies, procedures, standards and plans of the ISMS.",
                Table {
                    columns: vec![
                        "Document",
                        "Type",
                        "Owner",
                        "Version",
                        "Next review",
                        "Status",
                    ],
                    rows,
                    empty: "No documents yet.",
                },
                pager,
            )
        }
        RecordKind::Audit => {
            let mut audits: Vec<_> = site.source.audits.iter().collect();
            audits.sort_by(|x, y| y.start.cmp(&x.start).then(x.id.cmp(&y.id)));
            let (audits, pager) = paginate(audits, page);
            let rows = audits
                .iter()
                .map(|x| {
                    let open = x
                        .findings
                        .iter()
                        .filter(|f| a.finding(&f.id).is_open())
                        .count();
                    vec![
                        link(l, &x.id),
                        Cell::text(x.kind.label()),
                        Cell::date(x.start),
                        Cell::text(x.lead_auditor.clone().unwrap_or_else(|| "—".into())),
                        Cell::text(x.findings.len().to_string()),
                        if open > 0 {
                            Cell::badge(Badge::new(format!("{open} open"), "warn"))
                        } else {
                            Cell::badge(Badge::new("None open", "ok"))
                        },
                    ]
                })
                .collect();
            paged_list(
                "audits",
                "Audits",
                "Internal, certification, surveillance and supplier audits, newest first.",
                Table {
                    columns: vec![
                        "Audit",
                        "Kind",
                        "Start",
                        "Lead auditor",
                        "Findings",
                        "Open findings",
                    ],
                    rows,
                    empty: "No audits yet.",
                },
                pager,
            )
        }
        RecordKind::Finding => {
            let mut findings: Vec<_> = site.findings().collect();
            findings.sort_by(|(xa, xf), (ya, yf)| {
                let open = |f: &crate::model::Finding| !a.finding(&f.id).is_open();
                (
                    open(xf),
                    xf.finding_type,
                    std::cmp::Reverse(xa.start),
                    &xf.id,
                )
                    .cmp(&(
                        open(yf),
                        yf.finding_type,
                        std::cmp::Reverse(ya.start),
                        &yf.id,
                    ))
            });
            let (findings, pager) = paginate(findings, page);
            paged_list(
                "findings",
                "Findings",
                "Every audit finding: open ones first, by severity.",
                findings_table(l, findings.into_iter().map(|(_, f)| f)),
                pager,
            )
        }
        RecordKind::Action => {
            let mut actions: Vec<_> = site.actions().iter().collect();
            actions.sort_by(|x, y| {
                (x.status.is_done(), x.due, &x.id).cmp(&(y.status.is_done(), y.due, &y.id))
            });
            let (actions, pager) = paginate(actions, page);
            paged_list(
                "actions",
                "Actions",
                "Corrective, preventive and improvement actions: open ones first, by due date.",
                actions_table(l, actions.into_iter()),
                pager,
            )
        }
        RecordKind::Review => {
            let mut reviews: Vec<_> = site.reviews().iter().collect();
            reviews.sort_by(|x, y| y.date.cmp(&x.date).then(x.id.cmp(&y.id)));
            let (reviews, pager) = paginate(reviews, page);
            let rows = reviews
                .iter()
                .map(|r| {
                    vec![
                        link(l, &r.id),
                        Cell::date(r.date),
                        Cell::text(r.chair.clone().unwrap_or_else(|| "—".into())),
                        Cell::text(r.decisions.len().to_string()),
                    ]
                })
                .collect();
            paged_list(
                "reviews",
                "Management reviews",
                "Management reviews of the ISMS (clause 9.3), newest first.",
                Table {
                    columns: vec!["Review", "Date", "Chair", "Decisions"],
                    rows,
                    empty: "No management reviews yet.",
                },
                pager,
            )
        }
        RecordKind::Metric => {
            let (metrics, pager) = paginate(site.metrics().iter().collect(), page);
            let rows = metrics
                .into_iter()
                .map(|m| {
                    let latest = m.measurements.last();
                    let state = latest.and_then(|x| m.meets_target(x.value));
                    vec![
                        link(l, &m.id),
                        Cell::text(m.owner.as_ref().map(|o| o.id.as_str()).unwrap_or("—")),
                        Cell::text(
                            m.target
                                .map(|t| format!("{t} {}", m.unit.clone().unwrap_or_default()))
                                .unwrap_or_else(|| "—".into()),
                        ),
                        Cell::date(latest.map(|x| x.date)),
                        match state {
                            Some(true) => Cell::badge(Badge::new("On target", "ok")),
                            Some(false) => Cell::badge(Badge::new("Below target", "bad")),
                            None => Cell::text("—"),
                        },
                    ]
                })
                .collect();
            paged_list(
                "metrics",
                "Metrics",
                "Key performance indicators of the ISMS (clause 9.1).",
                Table {
                    columns: vec!["Metric", "Owner", "Target", "Last measured", "Latest"],
                    rows,
                    empty: "No metrics yet.",
                },
                pager,
            )
        }
    }
}

fn citations(l: &Linker<'_>, id: &str) -> Cell {
    let n = l.site.backlinks_of(id).len();
    if n == 0 {
        Cell::badge(Badge::new("Not cited", "muted"))
    } else {
        Cell::text(n.to_string())
    }
}

/// The list of clauses.
pub fn clauses(l: &Linker<'_>) -> PageOut {
    let rows = (0..l.site.catalog.clauses.len())
        .map(|i| {
            let target = Target::Clause(i);
            vec![
                Cell::link(l.target(target)),
                citations(l, l.site.target_id(target)),
            ]
        })
        .collect();
    list_page(
        "clauses",
        "Clauses",
        "The requirements of ISO/IEC 27001:2022 clauses 4 to 10, and what cites each.",
        Table {
            columns: vec!["Clause", "Records citing it"],
            rows,
            empty: "",
        },
    )
}

/// The list of Annex A controls.
pub fn controls(l: &Linker<'_>) -> PageOut {
    let rows = l
        .site
        .catalog
        .controls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let soa = l.site.source.soa.get(&c.id);
            let applicable = match soa {
                Some(e) if !e.applicable => Badge::new("Not applicable", "muted"),
                _ => Badge::new("Applicable", "ok"),
            };
            vec![
                Cell::link(l.target(Target::Control(i))),
                Cell::text(
                    l.site
                        .catalog
                        .theme(&c.theme)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                ),
                Cell::badge(applicable),
                citations(l, &c.id),
            ]
        })
        .collect();
    list_page(
        "controls",
        "Annex A controls",
        "The 93 controls of ISO/IEC 27001:2022 Annex A, their applicability and what cites each.",
        Table {
            columns: vec!["Control", "Theme", "Applicability", "Records citing it"],
            rows,
            empty: "",
        },
    )
}

//! Page contexts for the coverage matrix, the audit programme, the Statement
//! of Applicability and other frameworks' matrices and control pages.

use crate::analyse::coverage::{
    internal_audits, summarize, Implementation, Level, Requirement, Scope, Summary,
};
use crate::model::{Audit, Date, ImplStatus, RecordKind};
use crate::render::page::PageOut;
use crate::render::view::{Badge, Cell, Fact, Link, Linker, Table};
use crate::resolve::frameworks::control_key;
use crate::resolve::routes;
use serde::Serialize;

/// A yes/no cell with a text cue.
#[derive(Serialize)]
struct Mark {
    yes: bool,
    label: &'static str,
}

fn mark(yes: bool) -> Mark {
    Mark {
        yes,
        label: if yes { "Yes" } else { "No" },
    }
}

/// Badge for a coverage level.
pub fn level_badge(level: Level) -> Badge {
    let tone = match level {
        Level::NotApplicable => "muted",
        Level::OpenNonconformity => "bad",
        Level::Gap => "bad",
        Level::Mentioned => "bad",
        Level::Mapped => "warn",
        Level::Documented => "warn",
        Level::Implemented => "info",
        Level::Verified => "ok",
    };
    Badge::new(level.label(), tone)
}

/// Badge for a requirement's SoA status.
pub fn soa_badge(r: &Requirement) -> Badge {
    if !r.applicable {
        return Badge::new("Excluded", "muted");
    }
    let tone = match r.implementation {
        Implementation::Stated(ImplStatus::Implemented) => "ok",
        Implementation::Stated(ImplStatus::Partial) => "warn",
        Implementation::Stated(ImplStatus::Planned) => "info",
        Implementation::Stated(ImplStatus::NotImplemented) => "bad",
        Implementation::Documented | Implementation::Mapped => "warn",
        Implementation::Undocumented => "bad",
    };
    Badge::new(r.implementation.label(), tone)
}

#[derive(Serialize)]
struct AuditRef {
    date: String,
    link: Option<Link>,
}

#[derive(Serialize)]
struct MatrixRow {
    /// Filter key of its theme (`data-theme`): see [`theme_key`].
    theme: &'static str,
    /// Applicable and not verified (`data-gap`): the "only gaps" filter.
    gap: bool,
    id: String,
    title: String,
    url: String,
    level: Badge,
    mapped: Mark,
    documented: Mark,
    /// None where the SoA states nothing (clauses, other frameworks).
    implemented: Option<Mark>,
    verified: Mark,
    documents: Vec<Link>,
    documents_more: usize,
    last_audit: Option<AuditRef>,
    externally_audited: Vec<Link>,
    /// Risks the control treats.
    risks: Vec<Link>,
    findings_open: Vec<Link>,
    findings_open_more: usize,
    findings_closed: usize,
    actions_open: usize,
    actions_overdue: Vec<Link>,
    actions_overdue_more: usize,
    soa: Option<Badge>,
}

#[derive(Serialize)]
struct Group<T> {
    name: String,
    rows: Vec<T>,
}

fn group_rows<T>(rows: Vec<(String, T)>) -> Vec<Group<T>> {
    let mut groups: Vec<Group<T>> = Vec::new();
    for (name, row) in rows {
        match groups.last_mut() {
            Some(g) if g.name == name => g.rows.push(row),
            _ => groups.push(Group {
                name,
                rows: vec![row],
            }),
        }
    }
    groups
}

/// Links listed in one matrix cell; the rest are counted, and listed on the
/// requirement's own page (a row of a large ISMS could otherwise name
/// hundreds of documents, making the matrix unreadable and megabytes long).
const CELL_LINKS: usize = 10;

/// The first [`CELL_LINKS`] of `ids` as links, and how many more there are.
fn cell_links(l: &Linker<'_>, ids: &[String]) -> (Vec<Link>, usize) {
    let shown: Vec<Link> = ids
        .iter()
        .take(CELL_LINKS)
        .filter_map(|id| l.id(id))
        .collect();
    (shown, ids.len().saturating_sub(CELL_LINKS))
}

fn requirement_url(l: &Linker<'_>, r: &Requirement) -> String {
    match r.scope {
        Scope::Clause => routes::clause(&r.id),
        Scope::Control => routes::control(&r.id),
        Scope::Framework(i) => routes::framework_control(&l.site.source.frameworks[i].id, &r.id),
    }
}

/// The theme a requirement is filtered by: `clauses` for clauses 4 to 10,
/// the Annex A theme of a control (`organizational`, `people`, `physical`,
/// `technological`, from the catalog), `controls` for another framework's.
fn theme_key(l: &Linker<'_>, r: &Requirement) -> &'static str {
    match r.scope {
        Scope::Clause => "clauses",
        Scope::Control => l
            .site
            .catalog
            .control(&r.id)
            .and_then(|c| l.site.catalog.theme(&c.theme))
            .map_or("controls", |t| match t.key.as_str() {
                "organizational" => "organizational",
                "people" => "people",
                "physical" => "physical",
                "technological" => "technological",
                _ => "controls",
            }),
        Scope::Framework(_) => "controls",
    }
}

/// One option of a matrix's theme filter.
#[derive(Serialize)]
struct ThemeOption {
    key: &'static str,
    label: String,
    count: usize,
}

/// What a matrix's filter offers: the themes of its rows (in catalog order,
/// with their row counts), and how many rows are gaps.
#[derive(Serialize)]
struct MatrixFilter {
    themes: Vec<ThemeOption>,
    rows: usize,
    gaps: usize,
    gap_label: &'static str,
}

fn matrix_filter<'r>(
    l: &Linker<'_>,
    rows: impl Iterator<Item = &'r Requirement>,
    gap: impl Fn(&Requirement) -> bool,
    gap_label: &'static str,
) -> MatrixFilter {
    let mut themes: Vec<ThemeOption> = Vec::new();
    let (mut total, mut gaps) = (0, 0);
    for r in rows {
        total += 1;
        gaps += usize::from(gap(r));
        let key = theme_key(l, r);
        match themes.iter_mut().find(|t| t.key == key) {
            Some(t) => t.count += 1,
            None => themes.push(ThemeOption {
                key,
                label: theme_label(l, key),
                count: 1,
            }),
        }
    }
    MatrixFilter {
        // One theme is no choice.
        themes: if themes.len() > 1 { themes } else { Vec::new() },
        rows: total,
        gaps,
        gap_label,
    }
}

fn theme_label(l: &Linker<'_>, key: &str) -> String {
    match key {
        "clauses" => "Clauses 4 to 10".to_string(),
        "controls" => "Controls".to_string(),
        key => l
            .site
            .catalog
            .theme(key)
            .map_or_else(|| key.to_string(), |t| format!("A.{} {}", t.number, t.name)),
    }
}

/// The label of the coverage matrices' gap filter.
const GAP_LABEL: &str = "Only gaps (applicable, not verified)";

/// The coverage matrix's "gap": applicable and not verified.
fn coverage_gap(r: &Requirement) -> bool {
    r.applicable && !r.verified
}

fn matrix_row(l: &Linker<'_>, r: &Requirement) -> MatrixRow {
    let (documents, documents_more) = cell_links(l, &r.documents);
    let (findings_open, findings_open_more) = cell_links(l, &r.findings_open);
    let (actions_overdue, actions_overdue_more) = cell_links(l, &r.actions_overdue);
    MatrixRow {
        theme: theme_key(l, r),
        gap: coverage_gap(r),
        id: r.id.clone(),
        title: r.title.clone(),
        url: requirement_url(l, r),
        level: level_badge(r.level()),
        mapped: mark(r.mapped),
        documented: mark(r.documented),
        implemented: (r.scope == Scope::Control).then(|| mark(r.implemented)),
        verified: mark(r.verified),
        documents,
        documents_more,
        externally_audited: r
            .externally_audited
            .iter()
            .filter_map(|id| l.id(id))
            .collect(),
        last_audit: r.last_audit.as_ref().map(|(d, id)| AuditRef {
            date: d.to_string(),
            link: l.id(id),
        }),
        findings_open,
        findings_open_more,
        findings_closed: r.findings_closed.len(),
        actions_open: r.actions_open.len(),
        actions_overdue,
        actions_overdue_more,
        soa: (r.scope == Scope::Control).then(|| soa_badge(r)),
        risks: r.risks.iter().filter_map(|id| l.id(id)).collect(),
    }
}

#[derive(Serialize)]
struct SummaryView {
    label: &'static str,
    applicable: usize,
    mapped: u32,
    documented: u32,
    /// None where the SoA states nothing (clauses, other frameworks).
    implemented: Option<u32>,
    verified: u32,
    open_nc: usize,
}

fn pct(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part * 100) as f64 / whole as f64).round() as u32
    }
}

fn summary_view(label: &'static str, s: Summary, stated: bool) -> SummaryView {
    SummaryView {
        label,
        applicable: s.applicable,
        mapped: pct(s.mapped, s.applicable),
        documented: pct(s.documented, s.applicable),
        implemented: stated.then(|| pct(s.implemented, s.applicable)),
        verified: pct(s.verified, s.applicable),
        open_nc: s.open_nc,
    }
}

#[derive(Serialize)]
struct FrameworkLink {
    id: String,
    title: String,
    url: String,
    controls: usize,
}

fn framework_links(l: &Linker<'_>) -> Vec<FrameworkLink> {
    l.site
        .source
        .frameworks
        .iter()
        .filter(|fw| l.site.frameworks.framework(&fw.id).is_some())
        .map(|fw| FrameworkLink {
            id: fw.id.clone(),
            title: fw.title.clone(),
            url: routes::framework(&fw.id),
            controls: fw.controls.len(),
        })
        .collect()
}

/// The ISO 27001 coverage matrix.
pub fn matrix(l: &Linker<'_>) -> PageOut {
    let cov = &l.analysis.coverage;
    let clauses = cov.iso.iter().filter(|r| r.scope == Scope::Clause);
    let controls = cov.iso.iter().filter(|r| r.scope == Scope::Control);
    let summaries = vec![
        summary_view("Clauses 4 to 10", summarize(clauses), false),
        summary_view("Annex A controls", summarize(controls), true),
    ];
    let rows: Vec<(String, MatrixRow)> = cov
        .iso
        .iter()
        .map(|r| (r.group.clone(), matrix_row(l, r)))
        .collect();
    // External audits get their own column when there are any.
    let show_external = l
        .site
        .source
        .audits
        .iter()
        .any(|a| a.is_held() && !a.kind.is_internal() && a.exists_at(l.analysis.as_of));
    // Risks get a column when the ISMS keeps a register.
    let show_risks = !l.site.source.risks.is_empty();
    PageOut::new(
        "coverage.html",
        "coverage.html".to_string(),
        "Coverage matrix".to_string(),
        "coverage",
        serde_json::json!({
            "intro": "Every clause of ISO/IEC 27001:2022 and every Annex A control, with what covers it.",
            "summaries": summaries,
            "groups": group_rows(rows),
            "filter": matrix_filter(l, cov.iso.iter(), coverage_gap, GAP_LABEL),
            "show_soa": true,
            "show_external": show_external,
            "show_risks": show_risks,
            "width": 11 + usize::from(show_external) + usize::from(show_risks),
            "cycle_start": cov.cycle_start.add_days(1).to_string(),
            "frameworks": framework_links(l),
            "csv": "coverage.csv",
        }),
    )
    .at_root()
}

/// A framework's coverage matrix.
pub fn framework_matrix(l: &Linker<'_>, i: usize) -> PageOut {
    let fw = &l.site.source.frameworks[i];
    let rows = &l.analysis.coverage.frameworks[i];
    let summaries = vec![summary_view("Controls", summarize(rows), false)];
    let grouped: Vec<(String, MatrixRow)> = rows
        .iter()
        .map(|r| (r.group.clone(), matrix_row(l, r)))
        .collect();
    let mut page = PageOut::new(
        "coverage.html",
        routes::framework(&fw.id),
        format!("{} coverage", fw.title),
        "coverage",
        serde_json::json!({
            "intro": format!(
                "The controls of {}{}, and the records mapped to them with `satisfies`.",
                fw.title,
                fw.version.as_deref().map(|v| format!(" (version {v})")).unwrap_or_default()
            ),
            "summaries": summaries,
            "groups": group_rows(grouped),
            "filter": matrix_filter(l, rows.iter(), coverage_gap, GAP_LABEL),
            "show_soa": false,
            "show_external": false,
            "show_risks": false,
            "width": 9,
            "cycle_start": l.analysis.coverage.cycle_start.add_days(1).to_string(),
            "frameworks": [],
            "csv": "coverage.csv",
        }),
    );
    page.root = "../../";
    page
}

/// A framework control's page.
pub fn framework_control(l: &Linker<'_>, i: usize, c: usize) -> PageOut {
    let fw = &l.site.source.frameworks[i];
    let control = &fw.controls[c];
    let r = &l.analysis.coverage.frameworks[i][c];
    let citing: Vec<serde_json::Value> = l
        .site
        .backlinks_of(&control_key(&fw.id, &control.id))
        .iter()
        .filter_map(|b| {
            let link = l.id(&b.from)?;
            Some(serde_json::json!({ "relation": b.relation, "link": link }))
        })
        .collect();
    let facts: Vec<Fact> = [
        Some(Fact::text("Framework", fw.title.clone())),
        control.group.as_deref().map(|g| Fact::text("Group", g)),
        Some(Fact::badge("Coverage", level_badge(r.level()))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut page = PageOut::new(
        "framework-control.html",
        routes::framework_control(&fw.id, &control.id),
        format!("{} {}", control.id, control.title),
        "coverage",
        serde_json::json!({
            "framework": { "id": fw.id, "title": fw.title, "url": routes::framework(&fw.id) },
            "id": control.id,
            "title": control.title,
            "description": control.description,
            "facts": facts,
            "citing": citing,
        }),
    );
    page.root = "../../";
    page
}

#[derive(Serialize)]
struct Column {
    id: String,
    url: String,
    title: String,
    date: Option<String>,
    kind: &'static str,
    in_cycle: bool,
    planned: bool,
    status: Badge,
}

#[derive(Serialize)]
struct YearSpan {
    year: String,
    span: usize,
}

/// One cell of the programme: the column's audit covered the row (held) or
/// plans to (planned).
#[derive(Serialize)]
struct ProgrammeCell {
    held: bool,
    planned: bool,
}

#[derive(Serialize)]
struct PlannedRef {
    link: Option<Link>,
    date: Option<String>,
}

#[derive(Serialize)]
struct ProgrammeRow {
    /// Filter key of its theme (`data-theme`).
    theme: &'static str,
    /// Not audited internally in the cycle (`data-gap`).
    gap: bool,
    id: String,
    title: String,
    url: String,
    cells: Vec<ProgrammeCell>,
    in_cycle: bool,
    last: Option<String>,
    next_planned: Option<PlannedRef>,
    external: Vec<Link>,
}

/// Planned or held, and whether a planned audit's date has passed.
fn audit_status_badge(a: &Audit, as_of: Date) -> Badge {
    if a.is_held() {
        Badge::new("Held", "ok")
    } else if a.start.is_some_and(|d| d < as_of) {
        Badge::new("Planned, not held", "warn")
    } else {
        Badge::new("Planned", "info")
    }
}

fn audit_dates(a: &Audit) -> String {
    match (a.start, a.end) {
        (Some(s), Some(e)) if e != s => format!("{s} to {e}"),
        (Some(s), _) => s.to_string(),
        (None, _) => "—".into(),
    }
}

fn audits_table(l: &Linker<'_>, audits: &[&Audit], empty: &'static str) -> Table {
    let as_of = l.analysis.as_of;
    Table {
        columns: vec!["Audit", "Kind", "Dates", "Status", "Findings"],
        rows: audits
            .iter()
            .map(|a| {
                vec![
                    Cell::links(l.id(&a.id).into_iter().collect()),
                    Cell::text(a.kind.label()),
                    Cell::text(audit_dates(a)),
                    Cell::badge(audit_status_badge(a, as_of)),
                    Cell::text(a.findings.len().to_string()),
                ]
            })
            .collect(),
        empty,
    }
}

/// The internal audit programme (9.2.2): clauses and applicable controls x
/// internal audits, held and planned; external audits in a column apart.
pub fn programme(l: &Linker<'_>) -> PageOut {
    let site = l.site;
    let cov = &l.analysis.coverage;
    let as_of = l.analysis.as_of;
    let mut existing: Vec<&Audit> = site
        .source
        .audits
        .iter()
        .filter(|a| a.exists_at(as_of))
        .collect();
    existing.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
    let (audits, external): (Vec<&Audit>, Vec<&Audit>) =
        existing.into_iter().partition(|a| a.kind.is_internal());
    let in_cycle = |d: Option<Date>| d.is_some_and(|d| d > cov.cycle_start && d <= as_of);
    let columns: Vec<Column> = audits
        .iter()
        .map(|a| Column {
            id: a.id.clone(),
            url: routes::record(RecordKind::Audit, &a.id),
            title: a.title.clone(),
            date: a.start.map(|d| d.to_string()),
            kind: a.kind.label(),
            in_cycle: a.is_held() && in_cycle(a.start),
            planned: !a.is_held(),
            status: audit_status_badge(a, as_of),
        })
        .collect();
    let mut years: Vec<YearSpan> = Vec::new();
    for a in &audits {
        let year = a
            .start
            .map(|d| d.year().to_string())
            .unwrap_or_else(|| "Undated".into());
        match years.last_mut() {
            Some(y) if y.year == year => y.span += 1,
            _ => years.push(YearSpan { year, span: 1 }),
        }
    }
    let rows: Vec<(String, ProgrammeRow)> = cov
        .iso
        .iter()
        .filter(|r| r.applicable)
        .map(|r| {
            let cells = audits
                .iter()
                .map(|a| ProgrammeCell {
                    held: a.is_held() && r.audits.contains(&a.id),
                    planned: !a.is_held() && r.planned_audits.contains(&a.id),
                })
                .collect();
            let next_planned = audits
                .iter()
                .filter(|a| !a.is_held() && a.start.is_none_or(|d| d >= as_of))
                .find(|a| r.planned_audits.contains(&a.id))
                .map(|a| PlannedRef {
                    link: l.id(&a.id),
                    date: a.start.map(|d| d.to_string()),
                });
            (
                r.group.clone(),
                ProgrammeRow {
                    theme: theme_key(l, r),
                    gap: !r.audited_in_cycle,
                    id: r.id.clone(),
                    title: r.title.clone(),
                    url: requirement_url(l, r),
                    cells,
                    in_cycle: r.audited_in_cycle,
                    last: r.last_audit.as_ref().map(|(d, _)| d.to_string()),
                    next_planned,
                    external: r
                        .externally_audited
                        .iter()
                        .filter_map(|id| l.id(id))
                        .collect(),
                },
            )
        })
        .collect();
    let gaps = rows.iter().filter(|(_, r)| !r.in_cycle).count();
    let externally_only = rows
        .iter()
        .filter(|(_, r)| !r.in_cycle && !r.external.is_empty())
        .count();
    let state = internal_audits(site, as_of);
    let held = audits.iter().filter(|a| a.is_held()).count();
    PageOut::new(
        "programme.html",
        "audit-programme.html".to_string(),
        "Audit programme".to_string(),
        "programme",
        serde_json::json!({
            "columns": columns,
            "years": years,
            "groups": group_rows(rows),
            "filter": matrix_filter(
                l,
                cov.iso.iter().filter(|r| r.applicable),
                |r| !r.audited_in_cycle,
                "Only gaps (not audited internally in the cycle)",
            ),
            "gaps": gaps,
            "externally_only": externally_only,
            "cycle_start": cov.cycle_start.add_days(1).to_string(),
            "width": audits.len() + 2 + usize::from(!external.is_empty()),
            "show_external": !external.is_empty(),
            "plan": audits_table(l, &audits, "No internal audit is recorded or planned yet."),
            "held": held,
            "planned": audits.len() - held,
            "external": audits_table(l, &external, "No external audit is recorded."),
            "interval": state.interval.to_string(),
            "last_internal": state.last.map(|(a, day)| serde_json::json!({
                "link": l.id(&a.id),
                "date": day.to_string(),
            })),
            "next_due": state.due.map(|d| d.to_string()),
            "overdue": state.overdue,
        }),
    )
    .at_root()
}

/// How many applicable controls have one status.
#[derive(Serialize)]
struct StatusCount {
    status: Badge,
    count: usize,
    #[serde(skip)]
    rank: u8,
}

/// Order of statuses in the SoA summary: stated ones first, most done first.
fn status_rank(i: Implementation) -> u8 {
    match i {
        Implementation::Stated(ImplStatus::Implemented) => 0,
        Implementation::Stated(ImplStatus::Partial) => 1,
        Implementation::Stated(ImplStatus::Planned) => 2,
        Implementation::Stated(ImplStatus::NotImplemented) => 3,
        Implementation::Documented => 4,
        Implementation::Mapped => 5,
        Implementation::Undocumented => 6,
    }
}

#[derive(Serialize)]
struct SoaRow {
    id: String,
    title: String,
    url: String,
    applicable: Mark,
    justification: Option<String>,
    /// Risks the control treats: the reason for its inclusion.
    risks: Vec<Link>,
    status: Badge,
    documents: Vec<Link>,
    documents_more: usize,
}

/// The Statement of Applicability.
pub fn soa(l: &Linker<'_>) -> PageOut {
    let cov = &l.analysis.coverage;
    let rows: Vec<(String, SoaRow)> = cov
        .iso
        .iter()
        .filter(|r| r.scope == Scope::Control)
        .map(|r| {
            let (documents, documents_more) = cell_links(l, &r.approved_documents);
            (
                r.group.clone(),
                SoaRow {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    url: requirement_url(l, r),
                    applicable: mark(r.applicable),
                    justification: r.justification.clone(),
                    status: soa_badge(r),
                    documents,
                    documents_more,
                    risks: r.risks.iter().filter_map(|id| l.id(id)).collect(),
                },
            )
        })
        .collect();
    let excluded = cov
        .iso
        .iter()
        .filter(|r| r.scope == Scope::Control && !r.applicable)
        .count();
    let total = rows.len();
    let applicable: Vec<&Requirement> = cov
        .iso
        .iter()
        .filter(|r| r.scope == Scope::Control && r.applicable)
        .collect();
    // The same count as the dashboard's "Controls implemented".
    let implemented = summarize(applicable.iter().copied()).implemented;
    let mut counts: Vec<StatusCount> = Vec::new();
    for r in &applicable {
        let badge = soa_badge(r);
        match counts.iter_mut().find(|c| c.status == badge) {
            Some(c) => c.count += 1,
            None => counts.push(StatusCount {
                status: badge,
                count: 1,
                rank: status_rank(r.implementation),
            }),
        }
    }
    counts.sort_by_key(|c| c.rank);
    PageOut::new(
        "soa.html",
        "soa.html".to_string(),
        "Statement of Applicability".to_string(),
        "soa",
        serde_json::json!({
            "groups": group_rows(rows),
            "total": total,
            "excluded": excluded,
            "applicable": applicable.len(),
            "implemented": implemented,
            "counts": counts,
            "stated": !l.site.source.soa.is_empty(),
        }),
    )
    .at_root()
}

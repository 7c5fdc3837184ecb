//! What every record page shares: the record header (id, kind, title,
//! badge, facts, backlinks, source hash), Markdown fields, cited files, and
//! the findings and actions tables several pages show.

use crate::model::{Action, FileRef, Finding, Text};
use crate::render::bodies::folder;
use crate::render::markdown::{to_html, FILES_DIR};
use crate::render::page::PageOut;
use crate::render::view::{
    action_badge, finding_status_badge, finding_type_badge, Badge, Cell, Fact, FileLink, Link,
    Linker, Table,
};
use crate::resolve::{routes, Site, Target};
use serde::Serialize;

pub(super) const ROOT: &str = "../";

/// A record page's shared parts.
#[derive(Serialize)]
pub(super) struct Record {
    pub(super) id: String,
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) badge: Option<Badge>,
    pub(super) facts: Vec<Fact>,
    pub(super) backlinks: Vec<BacklinkView>,
    pub(super) source_path: Option<String>,
    pub(super) source_sha256: Option<String>,
    /// The trail from the dashboard to this page (breadcrumbs).
    pub(super) crumbs: Vec<Crumb>,
    /// "Edit this page": `edit_url` of isms.yaml with the source path.
    pub(super) edit_url: Option<String>,
    /// The source file's last commit, when git history is on.
    pub(super) updated: Option<Updated>,
}

/// One step of the breadcrumbs: a page above this one (`url` relative to
/// the site root), or this page (no `url`).
#[derive(Serialize)]
pub(super) struct Crumb {
    pub(super) label: String,
    pub(super) url: Option<String>,
}

/// The last commit of a page's source file.
#[derive(Serialize)]
pub(super) struct Updated {
    pub(super) date: String,
    pub(super) author: String,
    pub(super) hash: String,
}

/// The breadcrumbs of `target`'s page: the dashboard, its kind's index (or
/// the list of clauses or controls), a finding's audit, then the page.
fn crumbs(l: &Linker<'_>, target: Target) -> Vec<Crumb> {
    let up = |label: &str, url: String| Crumb {
        label: label.to_string(),
        url: Some(url),
    };
    let mut out = vec![up("Dashboard", routes::DASHBOARD.to_string())];
    match target {
        Target::Clause(_) => out.push(up("Clauses", routes::CLAUSES.to_string())),
        Target::Control(_) => out.push(up("Controls", routes::CONTROLS.to_string())),
        other => {
            if let Some(kind) = other.record_kind() {
                out.push(up(kind.plural(), routes::first_index(kind)));
            }
        }
    }
    if let Target::Finding(a, _) = target {
        let audit = Target::Audit(a);
        out.push(up(l.site.target_id(audit), l.site.url(audit)));
    }
    out.push(Crumb {
        label: l.site.target_id(target).to_string(),
        url: None,
    });
    out
}

#[derive(Serialize)]
pub(super) struct BacklinkView {
    pub(super) relation: &'static str,
    pub(super) link: Link,
}

pub(super) fn backlinks(l: &Linker<'_>, id: &str) -> Vec<BacklinkView> {
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

pub(super) fn md(site: &Site, text: &Text, path: &str) -> Option<String> {
    (!text.is_empty()).then(|| to_html(site, &text.markdown, folder(path), ROOT))
}

pub(super) fn files(l: &Linker<'_>, refs: &[FileRef]) -> Vec<FileLink> {
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

pub(super) fn files_fact(l: &Linker<'_>, label: &'static str, refs: &[FileRef]) -> Option<Fact> {
    let files = files(l, refs);
    (!files.is_empty()).then(|| Fact {
        label,
        files,
        ..Fact::default()
    })
}

pub(super) fn record(
    l: &Linker<'_>,
    target: Target,
    facts: Vec<Option<Fact>>,
    path: Option<&str>,
) -> Record {
    let mut rec = record_without_backlinks(l, target, facts);
    rec.backlinks = backlinks(l, &rec.id);
    rec.source_path = path.map(str::to_string);
    rec.source_sha256 = path.and_then(|p| l.hashes.sha256(p));
    rec.edit_url = path.and_then(|p| l.site.source.config.edit_link(p));
    rec.updated = path
        .and_then(|p| l.site.source.git.get(p)?.first())
        .map(|c| Updated {
            date: c.date.to_string(),
            author: c.author.clone(),
            hash: c.hash.clone(),
        });
    rec
}

pub(super) fn record_without_backlinks(
    l: &Linker<'_>,
    target: Target,
    facts: Vec<Option<Fact>>,
) -> Record {
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
        crumbs: crumbs(l, target),
        edit_url: None,
        updated: None,
    }
}

pub(super) fn record_page(
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
pub(super) struct RecordPage<E> {
    pub(super) record: Record,
    pub(super) detail: E,
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
pub(super) fn findings_table<'a>(
    l: &Linker<'_>,
    findings: impl Iterator<Item = &'a Finding>,
) -> Table {
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

/// Actions not done yet (the dashboard's overdue and due soon): as
/// [`actions_table`] without the Closed column, which would be empty.
pub(super) fn open_actions_table<'a>(
    l: &Linker<'_>,
    actions: impl Iterator<Item = &'a Action>,
) -> Table {
    let mut table = actions_table(l, actions);
    table.columns.pop();
    for row in &mut table.rows {
        row.pop();
    }
    table.empty = "No action is overdue or due soon.";
    table
}

/// The table of actions used on finding, review and metric pages.
pub(super) fn actions_table<'a>(
    l: &Linker<'_>,
    actions: impl Iterator<Item = &'a Action>,
) -> Table {
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

//! The job list: every page of a site as a [`PageJob`] with its output
//! path, and rendering one job at a time.
//!
//! `build` renders every job in parallel; `serve` renders a job only when a
//! browser asks for its path, so a save re-runs load, resolve and analyse
//! but never the thousands of pages nobody is looking at. Both go through
//! [`base_context`] and [`render_job_to`], so a served page is the page
//! `build` writes.

use super::bodies;
use super::page::{PageOut, RenderError};
use super::pages::{
    action, audit, context, coverage, document, finding, improvement, incident, indexes, metric,
    objective, pack, requirement, review, review_pack, risk,
};
use super::theme::{self, Theme};
use super::view::Linker;
use crate::analyse::Analysis;
use crate::model::{NavGroup, RecordKind, KINDS};
use crate::resolve::{routes, Site, Target};
use rayon::prelude::*;
use serde::Serialize;

/// A page of the site, to render with [`render_job_to`].
#[derive(Clone, Copy)]
pub struct PageJob(Job);

impl PageJob {
    /// Is this the audit pack (the one long single-threaded page)?
    pub fn is_pack(self) -> bool {
        matches!(self.0, Job::Pack)
    }

    /// The audit pack.
    pub fn pack() -> PageJob {
        PageJob(Job::Pack)
    }

    /// The page of document `i`.
    pub fn document(i: usize) -> PageJob {
        PageJob(Job::Record(Target::Document(i)))
    }

    /// The document whose page this is, if it is one.
    pub fn document_index(self) -> Option<usize> {
        match self.0 {
            Job::Record(Target::Document(i)) => Some(i),
            _ => None,
        }
    }
}

/// Site-wide values every page shows.
#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: Option<&'a str>,
    organization: Option<&'a str>,
    description: Option<&'a str>,
    as_of: String,
    generator: &'static str,
    /// Every top-level page as one flat list (what themes before the menus
    /// read; the default theme uses `menus`).
    nav: Vec<NavItem>,
    /// The navigation's menus.
    menus: Vec<NavMenu>,
}

/// A link of the main navigation.
#[derive(Serialize)]
struct NavItem {
    label: &'static str,
    path: String,
    section: &'static str,
}

/// A group of the main navigation: a menu of its links (or one link when
/// it has one), marked current on the pages of any of its `sections`.
#[derive(Serialize)]
struct NavMenu {
    label: &'static str,
    items: Vec<NavItem>,
    sections: Vec<&'static str>,
}

/// Every top-level page in one list: the dashboard, each record kind's
/// index, then the views (`site.nav`, kept for themes written before the
/// menus).
fn nav() -> Vec<NavItem> {
    menus().into_iter().flat_map(|m| m.items).collect()
}

/// The navigation: the dashboard, then one menu per [`NavGroup`] holding
/// the record kinds the registry places in it and the fixed pages placed
/// here, in that order. A group with no pages is left out.
fn menus() -> Vec<NavMenu> {
    let item = |label, path: &str, section| NavItem {
        label,
        path: path.to_string(),
        section,
    };
    let fixed = |group: NavGroup| -> Vec<NavItem> {
        match group {
            NavGroup::Documents | NavGroup::Records => Vec::new(),
            NavGroup::Coverage => vec![
                item("Coverage matrix", routes::COVERAGE, "coverage"),
                item("Statement of Applicability", routes::SOA, "soa"),
                item("Audit programme", routes::PROGRAMME, "programme"),
                item("Clauses", routes::CLAUSES, "clauses"),
                item("Controls", routes::CONTROLS, "controls"),
            ],
            NavGroup::Improvement => vec![item("Timeline", routes::TIMELINE, "timeline")],
            NavGroup::Packs => vec![item("Audit pack", routes::PACK, "pack")],
        }
    };
    let mut menus = vec![NavMenu {
        label: "Dashboard",
        items: vec![item("Dashboard", routes::DASHBOARD, "dashboard")],
        sections: vec!["dashboard"],
    }];
    for group in NavGroup::ALL {
        let mut items: Vec<NavItem> = KINDS
            .iter()
            .filter(|k| k.nav == group)
            .map(|k| item(k.plural, &routes::first_index(k.kind), k.folder))
            .collect();
        items.extend(fixed(group));
        if items.is_empty() {
            continue;
        }
        menus.push(NavMenu {
            label: group.label(),
            sections: items.iter().map(|i| i.section).collect(),
            items,
        });
    }
    menus
}

/// What to render: one job per page.
#[derive(Clone, Copy)]
enum Job {
    Dashboard,
    /// Page `n` (from 1) of a record kind's index.
    Index(RecordKind, usize),
    Clauses,
    Controls,
    Coverage,
    Timeline,
    /// The page of one year of a long timeline.
    TimelineYear(i16),
    Search,
    Pack,
    Programme,
    Soa,
    /// The risk treatment plan.
    TreatmentPlan,
    /// The management-review pack of review `i`, or of the next review.
    ReviewPack(Option<usize>),
    FrameworkMatrix(usize),
    FrameworkControl(usize, usize),
    Record(Target),
}

fn jobs(site: &Site, analysis: &Analysis) -> Vec<Job> {
    let s = &site.source;
    let mut jobs = vec![
        Job::Dashboard,
        Job::Clauses,
        Job::Controls,
        Job::Coverage,
        Job::Timeline,
        Job::Search,
        Job::Pack,
        Job::Programme,
        Job::Soa,
        Job::TreatmentPlan,
        Job::ReviewPack(None),
    ];
    // One pack per review page (a duplicate id has no page of its own).
    jobs.extend(
        site.records(RecordKind::Review)
            .into_iter()
            .filter_map(|t| match t {
                Target::Review(i) => Some(Job::ReviewPack(Some(i))),
                _ => None,
            }),
    );
    jobs.extend(
        improvement::timeline_years(&analysis.timeline)
            .into_iter()
            .map(|(y, _)| Job::TimelineYear(y)),
    );
    for (i, fw) in s.frameworks.iter().enumerate() {
        if site.frameworks.framework(&fw.id) != Some(i) {
            continue;
        }
        jobs.push(Job::FrameworkMatrix(i));
        jobs.extend(
            (0..fw.controls.len())
                .filter(|&c| site.frameworks.control(&fw.id, &fw.controls[c].id) == Some(c))
                .map(|c| Job::FrameworkControl(i, c)),
        );
    }
    for &kind in RecordKind::ALL.iter() {
        let pages = if kind.info().paged_index {
            indexes::index_pages(site.count(kind))
        } else {
            1
        };
        jobs.extend((1..=pages).map(|n| Job::Index(kind, n)));
    }
    for &kind in RecordKind::ALL.iter() {
        jobs.extend(site.records(kind).into_iter().map(Job::Record));
    }
    jobs.extend((0..site.catalog.clauses.len()).map(|i| Job::Record(Target::Clause(i))));
    jobs.extend((0..site.catalog.controls.len()).map(|i| Job::Record(Target::Control(i))));
    jobs
}

fn build_page(l: &Linker<'_>, job: Job) -> PageOut {
    match job {
        Job::Dashboard => indexes::dashboard(l),
        Job::Index(kind, n) => indexes::index(l, kind, n),
        Job::Clauses => indexes::clauses(l),
        Job::Controls => indexes::controls(l),
        Job::Coverage => coverage::matrix(l),
        Job::Timeline => improvement::timeline_page(l, None),
        Job::TimelineYear(y) => improvement::timeline_page(l, Some(y)),
        Job::Pack => pack::audit_pack(l),
        Job::Search => PageOut::new(
            "search.html",
            routes::SEARCH.to_string(),
            "Search".to_string(),
            "search",
            serde_json::Value::Null,
        )
        .at_root(),
        Job::Programme => coverage::programme(l),
        Job::Soa => coverage::soa(l),
        Job::TreatmentPlan => risk::treatment_plan(l),
        Job::ReviewPack(i) => review_pack::page(l, i),
        Job::FrameworkMatrix(i) => coverage::framework_matrix(l, i),
        Job::FrameworkControl(i, c) => coverage::framework_control(l, i, c),
        Job::Record(target) => match target {
            Target::Document(i) => document::page(l, i),
            Target::Audit(i) => audit::page(l, i),
            Target::Finding(a, f) => finding::page(l, a, f),
            Target::Action(i) => action::page(l, i),
            Target::Review(i) => review::page(l, i),
            Target::Metric(i) => metric::page(l, i),
            Target::Risk(i) => risk::page(l, i),
            Target::Objective(i) => objective::page(l, i),
            Target::Issue(_) | Target::Party(_) => context::entry(l, target),
            Target::Incident(i) => incident::page(l, i),
            Target::Clause(i) => requirement::clause(l, i),
            Target::Control(i) => requirement::control(l, i),
        },
    }
}

/// The Tera context every page starts from.
pub fn base_context(site: &Site, analysis: &Analysis) -> tera::Context {
    let config = &site.source.config;
    let info = SiteInfo {
        title: &config.title,
        base_url: config.base_url.as_deref(),
        organization: config.organization.as_deref(),
        description: config.description.as_deref(),
        as_of: analysis.as_of.to_string(),
        generator: concat!("isms-site ", env!("CARGO_PKG_VERSION")),
        nav: nav(),
        menus: menus(),
    };
    let mut base = tera::Context::new();
    base.insert("site", &info);
    base
}

/// Render one page, appending its HTML to `out`; returns its output path.
/// The audit pack is laid out without its document bodies, which are then
/// rendered in parallel and spliced in ([`PackLayout`]): the same bytes.
pub fn render_job_to(
    linker: &Linker<'_>,
    base: &tera::Context,
    theme: &Theme,
    job: PageJob,
    out: &mut Vec<u8>,
) -> Result<String, RenderError> {
    if !job.is_pack() {
        return lay_out(build_page(linker, job.0), base, theme, out);
    }
    let start = out.len();
    let Some(layout) = pack_layout(linker, base, theme, out, start)? else {
        out.truncate(start);
        return lay_out(pack::audit_pack(linker), base, theme, out);
    };
    let html = out.split_off(start);
    let bodies: Vec<String> = layout
        .docs
        .par_iter()
        .map(|&i| bodies::pack(linker.bodies, linker.site, i))
        .collect();
    out.reserve(html.len() + bodies.iter().map(String::len).sum::<usize>());
    for (k, body) in bodies.iter().enumerate() {
        out.extend_from_slice(&html[layout.before(k)]);
        out.extend_from_slice(body.as_bytes());
    }
    out.extend_from_slice(&html[layout.tail()]);
    Ok(layout.path)
}

/// The audit pack laid out around its document bodies: its HTML (in the
/// buffer [`pack_layout`] filled) holds a marker where each body goes.
pub struct PackLayout {
    /// The page's output path.
    pub path: String,
    /// The documents, by index into the site's, in the pack's order.
    pub docs: Vec<usize>,
    /// Where each document's marker starts and ends in the HTML.
    cuts: Vec<(usize, usize)>,
}

impl PackLayout {
    /// The HTML before document `k` (from the end of the one before).
    pub fn before(&self, k: usize) -> std::ops::Range<usize> {
        let from = k.checked_sub(1).map_or(0, |p| self.cuts[p].1);
        from..self.cuts[k].0
    }

    /// The HTML after the last document, to the end of `len` bytes.
    pub fn tail(&self) -> std::ops::RangeFrom<usize> {
        self.cuts.last().map_or(0, |c| c.1)..
    }
}

/// A marker no value can forge: a NUL, a random number of this process,
/// then each body's position and a NUL. Its `<` does not survive HTML
/// escaping, so a template that escapes the body (or filters it in most
/// other ways) loses its markers and gets the pack rendered whole.
fn pack_marker() -> String {
    use std::hash::BuildHasher;
    let nonce = std::collections::hash_map::RandomState::new().hash_one(0x15_u8);
    format!("\u{0}<isms-pack-body-{nonce:016x}-")
}

/// Lay out the audit pack with a marker for each body into `out` (from
/// `start`, relative to which the cuts are given): `None` when the
/// template did not write each marker exactly once and in order (a theme
/// may filter or drop the bodies), and the pack must be rendered whole.
pub fn pack_layout(
    linker: &Linker<'_>,
    base: &tera::Context,
    theme: &Theme,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<Option<PackLayout>, RenderError> {
    let marker = pack_marker();
    let docs = pack::pack_documents(linker);
    let page = crate::timings::time("audit pack: values", || {
        pack::audit_pack_marked(linker, &marker)
    });
    let path = crate::timings::time("audit pack: layout", || lay_out(page, base, theme, out))?;
    let html = &out[start..];
    let mut cuts = Vec::with_capacity(docs.len());
    for at in memchr::memmem::find_iter(html, marker.as_bytes()) {
        let digits = at + marker.len();
        let end = memchr::memchr(0, &html[digits..]).map(|n| digits + n);
        let k: Option<usize> =
            end.and_then(|end| std::str::from_utf8(&html[digits..end]).ok()?.parse().ok());
        match (k, end) {
            (Some(k), Some(end)) if k == cuts.len() => cuts.push((at, end + 1)),
            _ => return Ok(None),
        }
    }
    Ok((cuts.len() == docs.len()).then_some(PackLayout { path, docs, cuts }))
}

/// Lay out `page` with `theme`, appending its HTML to `out`.
fn lay_out(
    page: PageOut,
    base: &tera::Context,
    theme: &Theme,
    out: &mut Vec<u8>,
) -> Result<String, RenderError> {
    out.reserve(page.size_hint);
    let mut ctx = base.clone();
    ctx.insert("root", page.root);
    ctx.insert("title", &page.title);
    ctx.insert("section", page.section);
    ctx.insert("page_path", &page.path);
    ctx.insert(
        "print_ref",
        page.print_ref.as_deref().unwrap_or(&page.title),
    );
    // Moved, not copied (the audit pack's is as large as all documents).
    ctx.insert_value("page", page.data);
    theme
        .tera
        .render_to(page.template, &ctx, out)
        .map_err(|e| RenderError::Template {
            template: page.template.to_string(),
            page: page.path.clone(),
            message: theme::error_chain(&e),
        })?;
    Ok(page.path)
}

/// Every page of the site with its output path, without rendering anything.
pub fn page_jobs(site: &Site, analysis: &Analysis) -> Vec<(String, PageJob)> {
    jobs(site, analysis)
        .into_iter()
        .map(|job| (job_path(site, job), PageJob(job)))
        .collect()
}

/// The output path of a page (the path [`render_job_to`] returns for it).
fn job_path(site: &Site, job: Job) -> String {
    let s = &site.source;
    match job {
        Job::Dashboard => routes::DASHBOARD.to_string(),
        Job::Index(kind, n) => routes::index(kind, n),
        Job::Clauses => routes::CLAUSES.to_string(),
        Job::Controls => routes::CONTROLS.to_string(),
        Job::Coverage => routes::COVERAGE.to_string(),
        Job::Timeline => routes::TIMELINE.to_string(),
        Job::TimelineYear(y) => routes::timeline_year(y),
        Job::Search => routes::SEARCH.to_string(),
        Job::Pack => routes::PACK.to_string(),
        Job::Programme => routes::PROGRAMME.to_string(),
        Job::Soa => routes::SOA.to_string(),
        Job::TreatmentPlan => routes::TREATMENT_PLAN.to_string(),
        Job::ReviewPack(None) => routes::REVIEW_NEXT.to_string(),
        Job::ReviewPack(Some(i)) => routes::review_pack(&s.reviews[i].id),
        Job::FrameworkMatrix(i) => routes::framework(&s.frameworks[i].id),
        Job::FrameworkControl(i, c) => {
            let fw = &s.frameworks[i];
            routes::framework_control(&fw.id, &fw.controls[c].id)
        }
        Job::Record(target) => site.url(target),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{NavGroup, KINDS};

    /// Every record kind's index is in the menu its registry entry names,
    /// once; a kind added to the registry slots in without touching `nav`.
    #[test]
    fn nav_menus_come_from_the_registry() {
        let menus = super::menus();
        assert_eq!(
            super::nav().len(),
            menus.iter().map(|m| m.items.len()).sum::<usize>()
        );
        assert_eq!(menus[0].label, "Dashboard");
        for k in &KINDS {
            let holding: Vec<&str> = menus
                .iter()
                .filter(|m| m.items.iter().any(|i| i.section == k.folder))
                .map(|m| m.label)
                .collect();
            assert_eq!(holding, [k.nav.label()], "{}", k.plural);
        }
        let labels: Vec<&str> = menus.iter().map(|m| m.label).collect();
        assert_eq!(
            labels,
            [
                "Dashboard",
                "Documents",
                "Records",
                "Coverage",
                "Improvement",
                "Packs"
            ]
        );
        assert!(menus.iter().all(|m| !m.items.is_empty()
            && m.sections == m.items.iter().map(|i| i.section).collect::<Vec<_>>()));
        assert_eq!(NavGroup::ALL.len() + 1, menus.len());
    }

    #[test]
    fn job_paths_match_rendered_paths() {
        let checked = crate::pipeline::sample();
        let theme = super::Theme::load(&checked.site.root).expect("theme");
        let hashes = crate::source::HashCache::new(&checked.site.root);
        let linker = super::Linker {
            site: &checked.site,
            analysis: &checked.analysis,
            hashes: &hashes,
            bodies: None,
            links: &crate::render::view::Links::new(&checked.site),
        };
        let base = super::base_context(&checked.site, &checked.analysis);
        let jobs = super::page_jobs(&checked.site, &checked.analysis);
        assert!(jobs.len() > 100);
        for (path, job) in jobs {
            let mut html = Vec::new();
            let rendered =
                super::render_job_to(&linker, &base, &theme, job, &mut html).expect("renders");
            assert_eq!(path, rendered);
        }
    }

    /// The audit pack laid out around markers and spliced is the pack
    /// rendered whole; a theme that escapes the bodies gets it whole.
    #[test]
    fn spliced_pack_is_the_whole_pack() {
        let checked = crate::pipeline::sample();
        let mut theme = super::Theme::load(&checked.site.root).expect("theme");
        let hashes = crate::source::HashCache::new(&checked.site.root);
        let links = crate::render::view::Links::new(&checked.site);
        let linker = super::Linker {
            site: &checked.site,
            analysis: &checked.analysis,
            hashes: &hashes,
            bodies: None,
            links: &links,
        };
        let base = super::base_context(&checked.site, &checked.analysis);
        let whole = |theme: &super::Theme| {
            let mut html = Vec::new();
            super::lay_out(super::pack::audit_pack(&linker), &base, theme, &mut html)
                .expect("renders");
            html
        };
        let mut spliced = b"before".to_vec();
        super::render_job_to(&linker, &base, &theme, super::PageJob::pack(), &mut spliced)
            .expect("renders");
        assert_eq!(&spliced[..6], b"before");
        assert!(spliced[6..] == whole(&theme)[..], "spliced pack differs");
        let mut layout = Vec::new();
        let found = super::pack_layout(&linker, &base, &theme, &mut layout, 0).expect("renders");
        assert!(found.is_some_and(|l| l.docs.len() > 3));

        let template = include_str!("../../themes/default/templates/audit-pack.html")
            .replace("{{ d.body | safe }}", "{{ d.body }}");
        theme
            .tera
            .add_raw_template("audit-pack.html", &template)
            .expect("template");
        let mut layout = Vec::new();
        let found = super::pack_layout(&linker, &base, &theme, &mut layout, 0).expect("renders");
        assert!(found.is_none(), "escaped bodies must not be spliced");
        let mut escaped = Vec::new();
        super::render_job_to(&linker, &base, &theme, super::PageJob::pack(), &mut escaped)
            .expect("renders");
        assert!(escaped == whole(&theme), "escaped pack differs");
        assert!(String::from_utf8_lossy(&escaped).contains("&lt;p&gt;"));
    }
}

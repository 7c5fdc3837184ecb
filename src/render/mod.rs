//! Render: turn the resolved, analysed site into pages and files.
//!
//! Page contexts are built in Rust ([`records`], [`indexes`]) from the view
//! types in [`view`]; Tera templates from the [`theme`] lay them out. Pages are
//! rendered in parallel and handed to a [`Sink`], which the `output` stage (or
//! `serve`) provides, so this stage never touches the output folder itself.

pub mod bodies;
pub mod charts;
mod coverage;
pub mod exports;
mod improvement;
mod indexes;
pub mod lazy;
pub mod markdown;
mod pack;
mod records;
pub mod search;
pub mod theme;
pub mod view;

use crate::analyse::Analysis;
use crate::model::RecordKind;
use crate::resolve::{Site, Target};
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;
use theme::Theme;
use view::{Linker, Links};

/// Where rendered files go.
pub trait Sink: Sync {
    /// Store a generated file at `path` (relative to the site root).
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Store a copy of the source file `from` at `path`.
    fn copy(&self, path: &str, from: &std::path::Path) -> std::io::Result<()>;
}

/// A rendering failure (a template error or a write error).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed on a page.
    #[error("template `{template}` failed on {page}: {message}")]
    Template {
        /// Template name.
        template: String,
        /// Output path.
        page: String,
        /// Tera's message.
        message: String,
    },
    /// The sink failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Output path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// One page to render: template, output path and context.
pub struct PageOut {
    template: &'static str,
    path: String,
    title: String,
    section: &'static str,
    root: &'static str,
    /// The page's own values, converted once into Tera's values.
    data: tera::Value,
    /// Bytes of HTML expected at least, to size the output buffer once.
    size_hint: usize,
}

impl PageOut {
    fn new(
        template: &'static str,
        path: String,
        title: String,
        section: &'static str,
        data: impl Serialize,
    ) -> PageOut {
        PageOut {
            template,
            path,
            title,
            section,
            root: "../",
            data: tera::Value::from_serializable(&data),
            size_hint: 0,
        }
    }

    fn at_root(mut self) -> PageOut {
        self.root = "";
        self
    }

    fn with_size_hint(mut self, bytes: usize) -> PageOut {
        self.size_hint = bytes;
        self
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
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    label: &'static str,
    path: &'static str,
    section: &'static str,
}

/// The first page of a record kind's index.
fn index_path(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Document => "documents/index.html",
        RecordKind::Audit => "audits/index.html",
        RecordKind::Finding => "findings/index.html",
        RecordKind::Action => "actions/index.html",
        RecordKind::Review => "reviews/index.html",
        RecordKind::Metric => "metrics/index.html",
    }
}

fn nav() -> Vec<NavItem> {
    let mut items = vec![NavItem {
        label: "Dashboard",
        path: "index.html",
        section: "dashboard",
    }];
    for &kind in RecordKind::ALL.iter() {
        items.push(NavItem {
            label: kind.plural(),
            path: index_path(kind),
            section: kind.folder(),
        });
    }
    items.push(NavItem {
        label: "Timeline",
        path: "timeline.html",
        section: "timeline",
    });
    items.push(NavItem {
        label: "Coverage",
        path: "coverage.html",
        section: "coverage",
    });
    items.push(NavItem {
        label: "Audit programme",
        path: "audit-programme.html",
        section: "programme",
    });
    items.push(NavItem {
        label: "SoA",
        path: "soa.html",
        section: "soa",
    });
    items.push(NavItem {
        label: "Audit pack",
        path: "audit-pack.html",
        section: "pack",
    });
    items.push(NavItem {
        label: "Clauses",
        path: "clauses/index.html",
        section: "clauses",
    });
    items.push(NavItem {
        label: "Controls",
        path: "controls/index.html",
        section: "controls",
    });
    items
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
    ];
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
        let pages = indexes::index_pages(indexes::record_count(site, kind));
        jobs.extend((1..=pages).map(|n| Job::Index(kind, n)));
    }
    jobs.extend((0..s.documents.len()).map(|i| Job::Record(Target::Document(i))));
    for (a, audit) in s.audits.iter().enumerate() {
        jobs.push(Job::Record(Target::Audit(a)));
        jobs.extend((0..audit.findings.len()).map(|f| Job::Record(Target::Finding(a, f))));
    }
    jobs.extend((0..s.actions.len()).map(|i| Job::Record(Target::Action(i))));
    jobs.extend((0..s.reviews.len()).map(|i| Job::Record(Target::Review(i))));
    jobs.extend((0..s.metrics.len()).map(|i| Job::Record(Target::Metric(i))));
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
            "search.html".to_string(),
            "Search".to_string(),
            "search",
            serde_json::Value::Null,
        )
        .at_root(),
        Job::Programme => coverage::programme(l),
        Job::Soa => coverage::soa(l),
        Job::FrameworkMatrix(i) => coverage::framework_matrix(l, i),
        Job::FrameworkControl(i, c) => coverage::framework_control(l, i, c),
        Job::Record(target) => match target {
            Target::Document(i) => records::document(l, i),
            Target::Audit(i) => records::audit(l, i),
            Target::Finding(a, f) => records::finding(l, a, f),
            Target::Action(i) => records::action(l, i),
            Target::Review(i) => records::review(l, i),
            Target::Metric(i) => records::metric(l, i),
            Target::Clause(i) => records::clause(l, i),
            Target::Control(i) => records::control(l, i),
        },
    }
}

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages.
    pub pages: usize,
    /// Copied source files (evidence and linked files).
    pub files: usize,
    /// Theme static files.
    pub statics: usize,
}

/// The CSV, JSON, search index and sitemap files, built in parallel. The
/// search index takes the document text the pages left in `bodies`.
fn exports(
    site: &Site,
    analysis: &Analysis,
    bodies: &bodies::Bodies,
) -> Vec<(&'static str, Vec<u8>)> {
    lazy::export_names(site)
        .par_iter()
        .filter_map(|&path| Some((path, lazy::export(site, analysis, Some(bodies), path)?)))
        .collect()
}

/// Render every page and copy every file into `sink`; `hashes` holds the
/// source file hashes record pages show (and the manifest reuses).
pub fn render(
    site: &Site,
    analysis: &Analysis,
    theme: &Theme,
    hashes: &crate::source::HashCache,
    sink: &dyn Sink,
) -> Result<RenderStats, RenderError> {
    let bodies = bodies::Bodies::new(site);
    let links = Links::new(site);
    let linker = Linker {
        site,
        analysis,
        hashes,
        bodies: Some(&bodies),
        links: &links,
    };
    let base = lazy::base_context(site, analysis);
    let pages = lazy::page_jobs(site, analysis);
    // Each worker renders into one buffer it reuses for all its pages:
    // fresh memory costs more than rendering here (the kernel zeroes it).
    let render_one = |buf: &mut Vec<u8>, job: &lazy::PageJob| {
        buf.clear();
        let path = lazy::render_job_to(&linker, &base, theme, *job, buf)?;
        sink.put(&path, buf)
            .map_err(|source| RenderError::Write { path, source })
    };
    // The audit pack ends in one long single-threaded step (laying out
    // every approved document): it starts first and runs beside the other
    // pages and then the exports, so the build does not end on it alone.
    // Whichever of the pack and a document page reaches a body first renders
    // both its parts from one parse (`bodies`).
    let (pack, others): (Vec<_>, Vec<_>) = pages
        .iter()
        .map(|(_, job)| job)
        .partition(|job| matches!(job.0, Job::Pack));
    let write_export = |(path, bytes): (&str, Vec<u8>)| {
        sink.put(path, &bytes).map_err(|source| RenderError::Write {
            path: path.to_string(),
            source,
        })
    };
    let (packed, rest) = rayon::join(
        || {
            let mut buf = Vec::new();
            pack.iter().try_for_each(|job| render_one(&mut buf, job))
        },
        || {
            others
                .par_iter()
                .try_for_each_init(Vec::new, |buf, job| render_one(buf, job))?;
            exports(site, analysis, &bodies)
                .into_iter()
                .try_for_each(write_export)
        },
    );
    packed?;
    rest?;
    for (path, bytes) in &theme.statics {
        sink.put(path, bytes).map_err(|source| RenderError::Write {
            path: path.clone(),
            source,
        })?;
    }
    site.files.par_iter().try_for_each(|rel| {
        let path = format!("{}/{rel}", markdown::FILES_DIR);
        let from: PathBuf = site.root.join(rel);
        sink.copy(&path, &from)
            .map_err(|source| RenderError::Write { path, source })
    })?;
    Ok(RenderStats {
        pages: pages.len(),
        files: site.files.len(),
        statics: theme.statics.len(),
    })
}

//! Rendering one output at a time, for `serve`.
//!
//! `build` renders every page; `serve` renders a page only when a browser
//! asks for it, so a save re-runs load, resolve and analyse but never the
//! thousands of pages nobody is looking at. Both use the functions here
//! ([`base_context`], [`render_job_to`], [`export`]), so a served page is the
//! page `build` writes.

use super::bodies::Bodies;
use super::theme::{self, Theme};
use super::view::Linker;
use super::{build_page, exports, jobs, nav, search, Job, RenderError, SiteInfo};
use crate::analyse::Analysis;
use crate::resolve::Site;

/// A page of the site, to render with [`render_job_to`].
#[derive(Clone, Copy)]
pub struct PageJob(pub(super) Job);

/// The generated files that are not pages.
const EXPORTS: [&str; 6] = [
    "coverage.csv",
    "soa.csv",
    "findings.csv",
    "actions.csv",
    "site.json",
    "search-index.js",
];

/// The sitemap, written when the site has a `base_url`.
const SITEMAP: &str = "sitemap.xml";

/// The generated files that are not pages, for this site.
pub fn export_names(site: &Site) -> Vec<&'static str> {
    let mut names = EXPORTS.to_vec();
    if site.source.config.base_url.is_some() {
        names.push(SITEMAP);
    }
    names
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
    };
    let mut base = tera::Context::new();
    base.insert("site", &info);
    base
}

/// Render one page, appending its HTML to `out`; returns its output path.
pub fn render_job_to(
    linker: &Linker<'_>,
    base: &tera::Context,
    theme: &Theme,
    job: PageJob,
    out: &mut Vec<u8>,
) -> Result<String, RenderError> {
    let page = build_page(linker, job.0);
    out.reserve(page.size_hint);
    let mut ctx = base.clone();
    ctx.insert("root", page.root);
    ctx.insert("title", &page.title);
    ctx.insert("section", page.section);
    ctx.insert("page_path", &page.path);
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
        Job::Dashboard => "index.html".to_string(),
        Job::Index(kind, n) => format!("{}/{}", kind.folder(), super::indexes::index_page_name(n)),
        Job::Clauses => "clauses/index.html".to_string(),
        Job::Controls => "controls/index.html".to_string(),
        Job::Coverage => "coverage.html".to_string(),
        Job::Timeline => "timeline.html".to_string(),
        Job::TimelineYear(y) => super::improvement::timeline_year_url(y),
        Job::Search => "search.html".to_string(),
        Job::Pack => "audit-pack.html".to_string(),
        Job::Programme => "audit-programme.html".to_string(),
        Job::Soa => "soa.html".to_string(),
        Job::FrameworkMatrix(i) => format!("frameworks/{}/index.html", s.frameworks[i].id),
        Job::FrameworkControl(i, c) => {
            let fw = &s.frameworks[i];
            super::coverage::framework_control_url(&fw.id, &fw.controls[c].id)
        }
        Job::Record(target) => site.url(target),
    }
}

/// A generated file that is not a page (one of [`export_names`]); the
/// search index takes document text from `bodies` where pages left it.
pub fn export(
    site: &Site,
    analysis: &Analysis,
    bodies: Option<&Bodies>,
    name: &str,
) -> Option<Vec<u8>> {
    Some(match name {
        SITEMAP => sitemap(site, analysis)?,
        "coverage.csv" => exports::coverage_csv(site, analysis),
        "soa.csv" => exports::soa_csv(analysis),
        "findings.csv" => exports::findings_csv(site, analysis),
        "actions.csv" => exports::actions_csv(site, analysis),
        "site.json" => exports::site_json(site, analysis),
        "search-index.js" => search::script(site, bodies),
        _ => return None,
    })
}

/// `sitemap.xml`: every page's absolute address, in path order; `None`
/// without a `base_url`. No dates, so the same source gives the same bytes.
fn sitemap(site: &Site, analysis: &Analysis) -> Option<Vec<u8>> {
    let base = site.source.config.base_url.as_deref()?;
    let mut paths: Vec<String> = page_jobs(site, analysis)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    paths.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let loc = format!("{base}{path}")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    Some(xml.into_bytes())
}

#[cfg(test)]
mod tests {
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
}

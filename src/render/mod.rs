//! Render: turn the resolved, analysed site into pages and files.
//!
//! Two wings: [`pages`] builds each page's values (one file per page kind)
//! from the view types in [`view`], and Tera templates from the [`theme`]
//! lay them out; [`exports`] builds the files that are not pages (CSV,
//! `site.json`, the search index, the sitemap). [`jobs`] lists every page
//! with its path and renders one at a time, for `build` (all of them, in
//! parallel, here) and `serve` (the one a browser asks for). Rendered files
//! go to a [`Sink`], which the `output` stage (or `serve`) provides, so this
//! stage never touches the output folder itself. The plumbing: [`markdown`]
//! and [`text`] (Markdown to HTML and to words), [`bodies`] (each document
//! body rendered once per build), [`charts`] (SVG), [`page`].

pub mod bodies;
pub mod charts;
pub mod exports;
pub mod jobs;
pub mod markdown;
pub mod page;
pub mod pages;
pub mod text;
pub mod theme;
pub mod view;

pub use page::RenderError;

use crate::analyse::Analysis;
use crate::resolve::Site;
use rayon::prelude::*;
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
/// search index takes the document text the pages left in `bodies`; the
/// sitemap lists the page paths of `pages`, the build's job list.
fn exports(
    site: &Site,
    analysis: &Analysis,
    bodies: &bodies::Bodies,
    pages: &[(String, jobs::PageJob)],
) -> Vec<(&'static str, Vec<u8>)> {
    let pages = || pages.iter().map(|(path, _)| path.clone()).collect();
    exports::names(site)
        .par_iter()
        .filter_map(|&name| {
            let bytes = crate::timings::time(name, || {
                exports::export(site, analysis, Some(bodies), pages, name)
            })?;
            Some((name, bytes))
        })
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
    let setup = crate::timings::phase("render: setup");
    let bodies = bodies::Bodies::new(site);
    let links = Links::new(site);
    let linker = Linker {
        site,
        analysis,
        hashes,
        bodies: Some(&bodies),
        links: &links,
    };
    let base = jobs::base_context(site, analysis);
    let pages = jobs::page_jobs(site, analysis);
    drop(setup);
    // Each worker renders into one buffer it reuses for all its pages:
    // fresh memory costs more than rendering here (the kernel zeroes it).
    let render_one = |buf: &mut Vec<u8>, job: &jobs::PageJob| {
        buf.clear();
        let path = jobs::render_job_to(&linker, &base, theme, *job, buf)?;
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
        .partition(|job| job.is_pack());
    let write_export = |(path, bytes): (&str, Vec<u8>)| {
        sink.put(path, &bytes).map_err(|source| RenderError::Write {
            path: path.to_string(),
            source,
        })
    };
    let (packed, rest) = rayon::join(
        || {
            let _pack = crate::timings::phase("render: audit pack");
            let mut buf = Vec::new();
            pack.iter().try_for_each(|job| render_one(&mut buf, job))
        },
        || {
            crate::timings::time("render: pages", || {
                others
                    .par_iter()
                    .try_for_each_init(Vec::new, |buf, job| render_one(buf, job))
            })?;
            let _exports = crate::timings::phase("render: exports");
            exports(site, analysis, &bodies, &pages)
                .into_iter()
                .try_for_each(write_export)
        },
    );
    packed?;
    rest?;
    let _files = crate::timings::phase("render: statics and files");
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

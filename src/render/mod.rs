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

/// What writes a file in parts ([`Sink::put_with`]).
pub type WriteParts<'a> = dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + 'a;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Store a generated file at `path` (relative to the site root).
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Store a generated file at `path` that `write` writes in parts, as
    /// they are rendered (the audit pack), so it is never held whole; by
    /// default collected and [`put`](Sink::put).
    fn put_with(&self, path: &str, write: &mut WriteParts<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, &bytes)
    }
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

/// The export that takes the document text the pages leave in `bodies`,
/// and so is built after them.
const AFTER_PAGES: &str = "search-index.js";

/// Write the CSV, JSON, search index and sitemap files, built in parallel:
/// the search index (`after_pages`) takes the document text the pages left
/// in `bodies`, so it is built once they are done; the others are built
/// beside the pages, so the build does not end on them. The sitemap lists
/// the page paths of `pages`, the build's job list.
fn write_exports(
    site: &Site,
    analysis: &Analysis,
    bodies: &bodies::Bodies,
    pages: &[(String, jobs::PageJob)],
    after_pages: bool,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let pages = || pages.iter().map(|(path, _)| path.clone()).collect();
    exports::names(site)
        .par_iter()
        .filter(|&&name| (name == AFTER_PAGES) == after_pages)
        .try_for_each(|&name| {
            let bytes = crate::timings::time(name, || {
                exports::export(site, analysis, Some(bodies), pages, name)
            });
            let Some(bytes) = bytes else { return Ok(()) };
            sink.put(name, &bytes).map_err(|source| RenderError::Write {
                path: name.to_string(),
                source,
            })
        })
}

/// Renders and writes the page of document `i` using a reusable buffer.
type DocumentPage<'a> = dyn Fn(&mut Vec<u8>, usize) -> Result<(), RenderError> + Sync + 'a;

/// Documents of the audit pack rendered at a time while the ones before
/// are written.
const PACK_CHUNK: usize = 32;

/// Write the audit pack as it is rendered: its layout first (into `buf`),
/// then its document bodies a chunk at a time, each chunk rendered in
/// parallel while the one before is written and hashed. The build never
/// holds the whole pack (54 MB at 5,000 documents, with its bodies once
/// more as Tera values before), and its bodies never pass through Tera.
/// A theme whose pack does not write each body as it is gets the pack
/// rendered whole ([`jobs::pack_layout`]).
///
/// The pages of the pack's documents are rendered here too, each beside
/// its pack part: both come from one parse of the body (`bodies`), and
/// neither waits in memory for the other (with the pages rendered apart,
/// the one that came second held every body the other had reached first:
/// about 200 MB at 20,000 documents). `page` renders and writes one
/// document's page into a buffer.
fn write_pack(
    linker: &Linker<'_>,
    base: &tera::Context,
    theme: &Theme,
    buf: &mut Vec<u8>,
    sink: &dyn Sink,
    page: &DocumentPage<'_>,
) -> Result<(), RenderError> {
    let Some(layout) = jobs::pack_layout(linker, base, theme, buf, 0)? else {
        buf.clear();
        let path = jobs::render_job_to(linker, base, theme, jobs::PageJob::pack(), buf)?;
        sink.put(&path, buf)
            .map_err(|source| RenderError::Write { path, source })?;
        let docs = pages::pack::pack_documents(linker);
        return docs
            .par_iter()
            .try_for_each_init(Vec::new, |buf, &i| page(buf, i));
    };
    let _write = crate::timings::phase("audit pack: bodies and write");
    let html = &buf[..];
    let chunks: Vec<&[usize]> = layout.docs.chunks(PACK_CHUNK).collect();
    // A page that failed: the write stops, and the error is this one.
    let failed: std::sync::Mutex<Option<RenderError>> = std::sync::Mutex::new(None);
    let render = |c: usize| -> std::io::Result<Vec<String>> {
        let Some(docs) = chunks.get(c) else {
            return Ok(Vec::new());
        };
        docs.par_iter()
            .map_init(Vec::new, |buf, &i| {
                page(buf, i)?;
                Ok(bodies::pack(linker.bodies, linker.site, i))
            })
            .collect::<Result<Vec<String>, RenderError>>()
            .map_err(|e| {
                let message = e.to_string();
                if let Ok(mut failed) = failed.lock() {
                    failed.get_or_insert(e);
                }
                std::io::Error::other(message)
            })
    };
    let layout = &layout;
    let mut write = |w: &mut (dyn std::io::Write + Send)| -> std::io::Result<()> {
        let mut ready = render(0)?;
        let mut first = 0;
        for c in 0..chunks.len() {
            let (written, next) = rayon::join(
                || -> std::io::Result<()> {
                    for (j, body) in ready.iter().enumerate() {
                        w.write_all(&html[layout.before(first + j)])?;
                        w.write_all(body.as_bytes())?;
                    }
                    Ok(())
                },
                || render(c + 1),
            );
            written?;
            first += ready.len();
            ready = next?;
        }
        w.write_all(&html[layout.tail()])
    };
    let written = sink.put_with(&layout.path, &mut write);
    if let Some(e) = failed.lock().ok().and_then(|mut f| f.take()) {
        return Err(e);
    }
    written.map_err(|source| RenderError::Write {
        path: layout.path.clone(),
        source,
    })
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
    let render_page = |buf: &mut Vec<u8>, job: &jobs::PageJob| {
        buf.clear();
        let path = jobs::render_job_to(&linker, &base, theme, *job, buf)?;
        sink.put(&path, buf)
            .map_err(|source| RenderError::Write { path, source })
    };
    let document_page = |buf: &mut Vec<u8>, i: usize| render_page(buf, &jobs::PageJob::document(i));
    let render_one = |buf: &mut Vec<u8>, job: &jobs::PageJob| {
        if job.is_pack() {
            buf.clear();
            return write_pack(&linker, &base, theme, buf, sink, &document_page);
        }
        render_page(buf, job)
    };
    // The pack renders its documents' pages (`write_pack`).
    let in_pack: rustc_hash::FxHashSet<usize> =
        pages::pack::pack_documents(&linker).into_iter().collect();
    // The audit pack (which also renders its documents' pages, each beside
    // its pack part) starts first and runs beside the other pages, the
    // exports and the copies, so the build does not end on its layout.
    // Whichever of the pack and a document page reaches a body first renders
    // both its parts from one parse (`bodies`).
    let (pack, others): (Vec<_>, Vec<_>) = pages
        .iter()
        .map(|(_, job)| job)
        .filter(|job| !job.document_index().is_some_and(|i| in_pack.contains(&i)))
        .partition(|job| job.is_pack());
    // Beside the pages: the exports that do not wait for them, the theme's
    // static files and the copied source files.
    let beside = || -> Result<(), RenderError> {
        let _beside = crate::timings::phase("render: exports, statics and files");
        write_exports(site, analysis, &bodies, &pages, false, sink)?;
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
        })
    };
    let (packed, (rest, besides)) = rayon::join(
        || {
            let _pack = crate::timings::phase("render: audit pack");
            let mut buf = Vec::new();
            pack.iter().try_for_each(|job| render_one(&mut buf, job))
        },
        || {
            rayon::join(
                || {
                    crate::timings::time("render: pages", || {
                        others
                            .par_iter()
                            .try_for_each_init(Vec::new, |buf, job| render_one(buf, job))
                    })
                },
                beside,
            )
        },
    );
    packed?;
    rest?;
    besides?;
    // Last: the search index takes the text every document page left.
    let _search = crate::timings::phase("render: search index");
    write_exports(site, analysis, &bodies, &pages, true, sink)?;
    Ok(RenderStats {
        pages: pages.len(),
        files: site.files.len(),
        statics: theme.statics.len(),
    })
}

//! The site being served: the last good model, rendered lazily, and the
//! diagnostics of the latest build.
//!
//! A [`Builder`] re-runs load (re-parsing only changed files), resolve and
//! analyse, and produces a [`Snapshot`]. The server holds the current snapshot
//! behind an `Arc` and swaps it in one step, so a request sees either the old
//! site or the new one, never a mixture. Pages are rendered on first request
//! and cached in the snapshot until the next swap.

use crate::analyse::Analysis;
use crate::diag::{Diagnostic, Severity};
use crate::model::Date;
use crate::output::manifest;
use crate::pipeline;
use crate::render::exports;
use crate::render::jobs::{self, PageJob};
use crate::render::markdown::FILES_DIR;
use crate::render::theme::Theme;
use crate::render::view::{Linker, Links};
use crate::resolve::Site;
use crate::source::HashCache;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a site path is made from.
#[derive(Clone)]
enum Entry {
    /// A page, rendered on request.
    Page(PageJob),
    /// A CSV, JSON or script export, generated on request.
    Export,
    /// A theme static file.
    Static,
    /// A copied source file (evidence, linked files): its path relative to
    /// the source folder, opened without following symbolic links.
    File(String),
    /// `manifest.json`: hashes of the source and of every other file.
    Manifest,
}

/// A successfully checked site, ready to render any of its files.
pub struct Model {
    site: Site,
    analysis: Analysis,
    theme: Arc<Theme>,
    base: tera::Context,
    hashes: HashCache,
    links: Links,
    entries: HashMap<String, Entry>,
    cache: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

/// Why a file of the model could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Rendering the page failed.
    #[error("{0}")]
    Render(#[from] crate::render::RenderError),
    /// A copied file is no longer a regular file inside the source folder
    /// (replaced by a symbolic link or a special file): it is not served.
    #[error("{0}")]
    Refused(String),
    /// Reading a copied file failed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl Model {
    fn new(site: Site, analysis: Analysis, theme: Arc<Theme>) -> Model {
        let _model = crate::timings::phase("serve: model");
        let mut entries = HashMap::new();
        for (path, job) in jobs::page_jobs(&site, &analysis) {
            entries.insert(path, Entry::Page(job));
        }
        for name in exports::names(&site) {
            entries.insert(name.to_string(), Entry::Export);
        }
        for path in theme.statics.keys() {
            entries.insert(path.clone(), Entry::Static);
        }
        for rel in &site.files {
            entries.insert(format!("{FILES_DIR}/{rel}"), Entry::File(rel.clone()));
        }
        entries.insert(manifest::MANIFEST.to_string(), Entry::Manifest);
        let base = jobs::base_context(&site, &analysis);
        let hashes = HashCache::with_known(&site.root, &site.source.hashes);
        let links = Links::new(&site);
        Model {
            site,
            analysis,
            theme,
            base,
            hashes,
            links,
            entries,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Does the site have a file at `path` (relative, `/`-separated)?
    pub fn contains(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    /// Every path of the site, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.entries.keys().cloned().collect();
        paths.sort();
        paths
    }

    /// The bytes of the file at `path`, rendering it if needed; `None` when
    /// the site has no such file.
    pub fn file(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, FileError>> {
        let entry = self.entries.get(path)?;
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(path).cloned()) {
            return Some(Ok(hit));
        }
        let bytes = match entry {
            Entry::Page(job) => {
                let linker = Linker {
                    site: &self.site,
                    analysis: &self.analysis,
                    hashes: &self.hashes,
                    bodies: None,
                    links: &self.links,
                };
                let mut html = Vec::new();
                match jobs::render_job_to(&linker, &self.base, &self.theme, *job, &mut html) {
                    Ok(_) => html,
                    Err(e) => return Some(Err(e.into())),
                }
            }
            Entry::Export => {
                let pages = || {
                    jobs::page_jobs(&self.site, &self.analysis)
                        .into_iter()
                        .map(|(path, _)| path)
                        .collect()
                };
                exports::export(&self.site, &self.analysis, None, pages, path).unwrap_or_default()
            }
            Entry::Static => self.theme.statics.get(path).cloned().unwrap_or_default(),
            Entry::Manifest => match self.manifest() {
                Ok(bytes) => bytes,
                Err(e) => return Some(Err(e)),
            },
            // Copied files are read when asked for and not cached: they may
            // be large, and a change to one triggers a rebuild anyway. They
            // are opened without following any symbolic link: the file may
            // have been swapped for one since the site was checked.
            Entry::File(rel) => {
                return Some(
                    super::confine::read(&self.site.root, rel)
                        .map(Arc::new)
                        .map_err(|e| match e {
                            super::confine::ConfineError::Refused(_) => {
                                FileError::Refused(format!("{e}"))
                            }
                            super::confine::ConfineError::Io { source, .. } => FileError::Read {
                                path: path.to_string(),
                                source,
                            },
                        }),
                )
            }
        };
        let bytes = Arc::new(bytes);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(path.to_string(), bytes.clone());
        }
        Some(Ok(bytes))
    }

    /// `manifest.json` as `build` writes it: every other file of the site is
    /// rendered (and cached) to be hashed.
    fn manifest(&self) -> Result<Vec<u8>, FileError> {
        let mut output = manifest::Files::new();
        for path in self.paths() {
            if path == manifest::MANIFEST {
                continue;
            }
            if let Some(bytes) = self.file(&path) {
                output.insert(path, manifest::hash_bytes(&bytes?));
            }
        }
        let (source, evidence) =
            manifest::hash_source_cached(&self.hashes, None).map_err(|source| FileError::Read {
                path: manifest::MANIFEST.to_string(),
                source,
            })?;
        let as_of = self.analysis.as_of.to_string();
        Ok(manifest::Manifest::new(&as_of, source, evidence, output).to_json())
    }
}

/// What the server shows: the last good site and the latest build's problems.
#[derive(Default)]
pub struct Snapshot {
    /// Counts builds; browsers reload when it changes.
    pub generation: u64,
    /// The last site that built without errors (`None` until one does).
    pub model: Option<Arc<Model>>,
    /// Errors and warnings of the latest build when it failed; empty when it
    /// succeeded.
    pub problems: Vec<Diagnostic>,
    /// Every diagnostic of the latest build, sorted, notes included (what
    /// `isms-site check` reports for the same files).
    pub diagnostics: Arc<Vec<Diagnostic>>,
}

/// The outcome of one build, for the terminal.
pub struct BuildReport {
    /// True when the site was replaced.
    pub ok: bool,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Time spent in load, resolve and analyse.
    pub check_time: std::time::Duration,
}

/// Re-runs the pipeline on a source folder, keeping parsed files and the
/// theme between runs.
pub struct Builder {
    src: PathBuf,
    as_of: Date,
    cache: pipeline::Caches,
    theme: Option<Arc<Theme>>,
}

impl Builder {
    /// A builder for `src` as of `as_of`.
    pub fn new(src: &Path, as_of: Date) -> Builder {
        Builder {
            src: src.to_path_buf(),
            as_of,
            cache: pipeline::Caches::keeping(),
            theme: None,
        }
    }

    /// Forget the compiled theme (a file of the theme folder changed).
    pub fn theme_changed(&mut self) {
        self.theme = None;
    }

    /// Build: returns the new snapshot contents (model or problems) and a report.
    pub fn build(&mut self, previous: &Snapshot) -> (Snapshot, BuildReport) {
        self.build_changed(previous, None)
    }

    /// Like [`Builder::build`]; `changed`, when given, lists every path
    /// (relative to SRC, `/`-separated) changed since the last build, so
    /// that only those are stat-ed and read (`pipeline::check_changed`).
    pub fn build_changed(
        &mut self,
        previous: &Snapshot,
        changed: Option<&[String]>,
    ) -> (Snapshot, BuildReport) {
        let started = std::time::Instant::now();
        let checked = crate::timings::time("check", || {
            pipeline::check_changed(&self.src, None, self.as_of, &mut self.cache, changed)
        });
        let check_time = started.elapsed();
        let mut diagnostics = checked.diagnostics.sorted();
        let theme = match &self.theme {
            Some(theme) => Ok(theme.clone()),
            None => Theme::load(&self.src).map(Arc::new),
        };
        let theme = match theme {
            Ok(theme) => {
                self.theme = Some(theme.clone());
                Some(theme)
            }
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error("template", e.to_string())
                        .at(crate::diag::Location::file("theme/templates/"))
                        .help("fix the template in theme/templates/ (or remove it to use the default)"),
                );
                None
            }
        };
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let generation = previous.generation + 1;
        let all = Arc::new(diagnostics.clone());
        let snapshot = match theme {
            Some(theme) if errors == 0 => Snapshot {
                generation,
                model: Some(Arc::new(Model::new(checked.site, checked.analysis, theme))),
                problems: Vec::new(),
                diagnostics: all,
            },
            _ => Snapshot {
                generation,
                model: previous.model.clone(),
                problems: diagnostics
                    .iter()
                    .filter(|d| d.severity != Severity::Note)
                    .cloned()
                    .collect(),
                diagnostics: all,
            },
        };
        let report = BuildReport {
            ok: snapshot.problems.is_empty(),
            errors,
            warnings,
            diagnostics,
            check_time,
        };
        (snapshot, report)
    }
}

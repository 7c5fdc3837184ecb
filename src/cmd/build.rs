//! `isms-site build`: check the source, render the site, swap it into OUT.

use super::{report, Format, EXIT_SOURCE_ERRORS, EXIT_USAGE};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Date;
use crate::output::{self, Staging};
use crate::pipeline;
use crate::render::{self, theme::Theme};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `build`.
pub struct Options {
    /// Source folder.
    pub src: PathBuf,
    /// Output folder, if given.
    pub out: Option<PathBuf>,
    /// Published URL, if given.
    pub base_url: Option<String>,
    /// As-of date, if given.
    pub as_of: Option<Date>,
    /// Fail on warnings.
    pub strict: bool,
    /// Replace a foreign output folder.
    pub force: bool,
    /// How much to print.
    pub verbosity: report::Verbosity,
    /// Rebuild whenever the source changes.
    pub watch: bool,
    /// Watch by polling (WSL2, containers, network drives).
    pub poll: bool,
}

/// A sink that counts written files on a terminal spinner.
struct Progress<'a> {
    inner: &'a Staging,
    bar: indicatif::ProgressBar,
}

impl render::Sink for Progress<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.bar.inc(1);
        self.inner.put(path, bytes)
    }

    fn put_with(&self, path: &str, write: &mut render::WriteParts<'_>) -> std::io::Result<()> {
        self.bar.inc(1);
        self.inner.put_with(path, write)
    }

    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.bar.inc(1);
        self.inner.copy(path, from)
    }
}

fn progress_bar(verbosity: report::Verbosity) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if verbosity == report::Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} writing the site: {pos} files")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// The output folder: `--out`, else `output` in isms.yaml, else SRC/public.
/// The last two must stay inside SRC (no absolute path, no `..`, no
/// symbolic link leading out): a hostile source must not pick the folder a
/// build replaces. A refusal is a `path-escapes` error on isms.yaml (or on
/// `public`).
fn output_folder(
    src: &Path,
    given: Option<&Path>,
    configured: Option<&str>,
) -> Result<PathBuf, Box<Diagnostic>> {
    let (value, file) = match (given, configured) {
        (Some(out), _) => return Ok(out.to_path_buf()),
        (None, Some(rel)) => {
            let file = if !src.join("isms.yaml").exists() && src.join("isms.yml").exists() {
                "isms.yml"
            } else {
                "isms.yaml"
            };
            (rel, file)
        }
        (None, None) => ("public", "public"),
    };
    output::configured_output(src, value).map_err(|e| {
        Box::new(Diagnostic::error("path-escapes", e.to_string())
            .at(Location::file(file))
            .help(
                "set output: to a folder inside the source folder, such as `public` (it is replaced on every build), or pass -o OUT",
            ))
    })
}

/// Run `build` (once, or on every change with `--watch`); returns the exit code.
pub fn run(opts: Options) -> u8 {
    if !super::source_folder_ok(&opts.src) {
        return EXIT_USAGE;
    }
    if !opts.watch {
        return build_once(&opts, &mut pipeline::Caches::none(), true);
    }
    let mut cache = pipeline::Caches::keeping();
    let out = opts.out.clone().unwrap_or_else(|| opts.src.join("public"));
    let watched = crate::serve::watch_builds(&opts.src, Some(&out), opts.poll, |changed| {
        if let Some(first) = changed.first() {
            let more = changed.len() - 1;
            if more > 0 {
                eprintln!("[watch] {first} and {more} more changed");
            } else {
                eprintln!("[watch] {first} changed");
            }
        }
        build_once(&opts, &mut cache, false)
    });
    match watched {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("   = help: {}", crate::serve::WATCH_HELP);
            EXIT_USAGE
        }
    }
}

/// Build once, reusing the parse of unchanged files from `cache`. After a
/// `one_off` build the process exits, so its model is left to the system.
fn build_once(opts: &Options, cache: &mut pipeline::Caches, one_off: bool) -> u8 {
    let started = Instant::now();
    let as_of = pipeline::as_of(opts.as_of);
    let mut checked = crate::timings::time("check", || {
        pipeline::check_cached(&opts.src, opts.out.as_deref(), as_of, cache)
    });
    if let Some(url) = &opts.base_url {
        checked.site.source.config.base_url = Some(url.clone());
    }
    let checked_at = started.elapsed();
    report::print(
        &checked.diagnostics,
        Format::Human,
        &as_of.to_string(),
        opts.verbosity,
    );
    if report::fails(&checked.diagnostics, opts.strict) {
        eprintln!("error: the site was not built; fix the problems above");
        return EXIT_SOURCE_ERRORS;
    }
    let out = match output_folder(
        &opts.src,
        opts.out.as_deref(),
        checked.site.source.config.output.as_deref(),
    ) {
        Ok(out) => out,
        Err(diagnostic) => {
            let mut refused = Diagnostics::new();
            refused.push(*diagnostic);
            report::print(&refused, Format::Human, &as_of.to_string(), opts.verbosity);
            eprintln!("error: the site was not built; fix the problems above");
            return EXIT_SOURCE_ERRORS;
        }
    };
    if let Err(e) = output::check_destination(&opts.src, &out, opts.force) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
    }
    let theme = match crate::timings::time("theme", || Theme::load(&opts.src)) {
        Ok(theme) => theme,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!(
                "   = help: fix the template in theme/templates/ (or remove it to use the default)"
            );
            return EXIT_SOURCE_ERRORS;
        }
    };
    let staging = match crate::timings::time("staging", || Staging::begin(&out)) {
        Ok(s) => s.copying_from(&checked.site.root),
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let bar = progress_bar(opts.verbosity);
    let sink = Progress {
        inner: &staging,
        bar: bar.clone(),
    };
    let hashes =
        output::manifest::HashCache::with_known(&checked.site.root, &checked.site.source.hashes);
    // The manifest's hashes of the source folder depend on the source
    // alone: worked out beside the rendering, not after it.
    let (rendered, source_hashes) = rayon::join(
        || {
            crate::timings::time("render", || {
                render::render(&checked.site, &checked.analysis, &theme, &hashes, &sink)
            })
        },
        || {
            crate::timings::time("manifest: source", || {
                output::manifest::hash_source_cached(&hashes, Some(staging.out()))
            })
        },
    );
    bar.finish_and_clear();
    let rendered_at = started.elapsed();
    let stats = match rendered {
        Ok(stats) => stats,
        Err(e) => {
            staging.abort();
            eprintln!("error: {e}");
            return match e {
                render::RenderError::Template { .. } => EXIT_SOURCE_ERRORS,
                render::RenderError::Write { .. } => EXIT_USAGE,
            };
        }
    };
    if let Err(e) = staging.check_copies(&hashes) {
        staging.abort();
        eprintln!("error: {e}");
        return EXIT_SOURCE_ERRORS;
    }
    let manifest_phase = crate::timings::phase("manifest");
    let manifest = source_hashes.map(|(source, evidence)| {
        output::manifest::Manifest::new(&as_of.to_string(), source, evidence, staging.written())
    });
    let written = manifest
        .and_then(|m| render::Sink::put(&staging, output::manifest::MANIFEST, &m.to_json()));
    if let Err(e) = written {
        staging.abort();
        eprintln!("error: cannot write {}: {e}", output::manifest::MANIFEST);
        return EXIT_USAGE;
    }
    drop(manifest_phase);
    if one_off {
        // The process ends with this build: freeing the model one value at
        // a time (on one thread, after the site is written) would only make
        // it end later; the system takes the memory back at exit.
        std::mem::forget(checked);
        std::mem::forget(hashes);
    }
    match crate::timings::time("commit", || staging.commit()) {
        Ok(path) => {
            if opts.verbosity == report::Verbosity::Quiet {
                return 0;
            }
            if opts.verbosity == report::Verbosity::Verbose {
                eprintln!(
                    "Timings: load, resolve and analyse {} ms; render and write {} ms; swap {} ms.",
                    checked_at.as_millis(),
                    (rendered_at - checked_at).as_millis(),
                    (started.elapsed() - rendered_at).as_millis()
                );
            }
            eprintln!(
                "Built {} pages and copied {} files into {} in {} ms (as of {as_of}).",
                stats.pages,
                stats.files,
                path.display(),
                started.elapsed().as_millis()
            );
            eprintln!("Open {}", path.join("index.html").display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

//! `isms-site build`: check the source, render the site, swap it into OUT.

use super::{report, Format, EXIT_SOURCE_ERRORS, EXIT_USAGE};
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
}

/// The output folder: `--out`, else `output` in isms.yaml, else SRC/public.
fn output_folder(src: &Path, given: Option<&Path>, configured: Option<&str>) -> PathBuf {
    match (given, configured) {
        (Some(out), _) => out.to_path_buf(),
        (None, Some(rel)) => src.join(rel),
        (None, None) => src.join("public"),
    }
}

/// Run `build`; returns the exit code.
pub fn run(opts: Options) -> u8 {
    let started = Instant::now();
    if !super::source_folder_ok(&opts.src) {
        return EXIT_USAGE;
    }
    let as_of = pipeline::as_of(opts.as_of);
    let mut checked = pipeline::check(&opts.src, opts.out.as_deref(), as_of);
    if let Some(url) = opts.base_url {
        checked.site.source.config.base_url = Some(url);
    }
    report::print(&checked.diagnostics, Format::Human, &as_of.to_string());
    if report::fails(&checked.diagnostics, opts.strict) {
        eprintln!("error: the site was not built; fix the problems above");
        return EXIT_SOURCE_ERRORS;
    }
    let out = output_folder(
        &opts.src,
        opts.out.as_deref(),
        checked.site.source.config.output.as_deref(),
    );
    if let Err(e) = output::check_destination(&opts.src, &out, opts.force) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
    }
    let theme = match Theme::load(&opts.src) {
        Ok(theme) => theme,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!(
                "   = help: fix the template in templates/ (or remove it to use the default)"
            );
            return EXIT_SOURCE_ERRORS;
        }
    };
    let staging = match Staging::begin(&out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let stats = match render::render(&checked.site, &checked.analysis, &theme, &staging) {
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
    match staging.commit() {
        Ok(path) => {
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

//! `isms-site verify OUT [--source SRC]`: re-hash a built site (and its
//! source) against `manifest.json` and report every file added, removed or
//! changed.

use super::{report::Verbosity, EXIT_SOURCE_ERRORS, EXIT_USAGE};
use crate::output::verify;
use std::path::Path;

/// Run `verify`; returns the exit code: 0 all files match, 1 some differ,
/// 2 the manifest cannot be read.
pub fn run(out: &Path, src: Option<&Path>, verbosity: Verbosity) -> u8 {
    if !out.is_dir() {
        eprintln!("error: {} is not a folder", out.display());
        eprintln!("   = help: pass the folder a build wrote (holding manifest.json)");
        return EXIT_USAGE;
    }
    if let Some(src) = src {
        if !super::source_folder_ok(src) {
            return EXIT_USAGE;
        }
    }
    let report = match verify::verify(out, src) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("   = help: build the site with isms-site, which writes manifest.json");
            return EXIT_USAGE;
        }
    };
    for d in &report.differences {
        println!("{:<8} {}: {}", d.change, d.part, d.path);
    }
    if report.differences.is_empty() {
        if verbosity != Verbosity::Quiet {
            eprintln!(
                "OK: {} files match manifest.json in {}.",
                report.checked,
                out.display()
            );
        }
        0
    } else {
        eprintln!(
            "error: {} of the files differ from manifest.json ({} checked)",
            report.differences.len(),
            report.checked
        );
        if report.differences.iter().any(|d| d.change.is_not_a_file()) {
            eprintln!(
                "   = help: isms-site writes only folders and regular files; a symbolic link or special file in the site was put there afterwards (a web server could follow it out of the site): remove it and treat the site as tampered with"
            );
        }
        EXIT_SOURCE_ERRORS
    }
}

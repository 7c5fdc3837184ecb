//! `isms-site check`: run the pipeline and report, without writing.

use super::{report, Format, EXIT_SOURCE_ERRORS, EXIT_USAGE};
use crate::model::Date;
use crate::pipeline;
use std::path::Path;

/// Run `check`; returns the exit code.
pub fn run(
    src: &Path,
    format: Format,
    as_of: Option<Date>,
    strict: bool,
    verbosity: report::Verbosity,
) -> u8 {
    if !super::source_folder_ok(src) {
        return EXIT_USAGE;
    }
    let as_of = pipeline::as_of(as_of);
    let checked = pipeline::check(src, None, as_of);
    report::print(&checked.diagnostics, format, &as_of.to_string(), verbosity);
    if report::fails(&checked.diagnostics, strict) {
        EXIT_SOURCE_ERRORS
    } else {
        0
    }
}

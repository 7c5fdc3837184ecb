//! Printing diagnostics in the human, JSON and GitHub formats.

use super::Format;
use crate::diag::{self, Diagnostic, Diagnostics, Severity};
use serde::Serialize;

/// Diagnostics as a GitHub workflow command line.
fn github_line(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let escape = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut props = vec![format!("title={}", d.code)];
    if let Some(loc) = &d.location {
        props.insert(
            0,
            format!(
                "file={}",
                escape(&loc.file).replace(',', "%2C").replace(':', "%3A")
            ),
        );
        if loc.line > 0 {
            props.insert(1, format!("line={},col={}", loc.line, loc.column));
        }
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{level} {}::{}", props.join(","), escape(&message))
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    as_of: String,
    errors: usize,
    warnings: usize,
    notes: usize,
    diagnostics: &'a [Diagnostic],
}

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors only, no summary.
    Quiet,
    /// Everything, with the summary line.
    #[default]
    Normal,
    /// Also timings.
    Verbose,
}

/// Print diagnostics to stderr (human, github) or stdout (json).
pub fn print(diags: &Diagnostics, format: Format, as_of: &str, verbosity: Verbosity) {
    let sorted = diags.sorted();
    match format {
        Format::Human => {
            let color = crate::diag::stderr_color();
            for d in &sorted {
                if verbosity == Verbosity::Quiet && d.severity != Severity::Error {
                    continue;
                }
                eprintln!("{}", d.render(color));
            }
            if verbosity != Verbosity::Quiet {
                eprintln!("{}", diag::summary(diags));
            }
        }
        Format::Github => {
            for d in &sorted {
                println!("{}", github_line(d));
            }
        }
        Format::Json => {
            let report = JsonReport {
                schema_version: 1,
                as_of: as_of.to_string(),
                errors: diags.count(Severity::Error),
                warnings: diags.count(Severity::Warning),
                notes: diags.count(Severity::Note),
                diagnostics: &sorted,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(text) => println!("{text}"),
                Err(e) => eprintln!("error: cannot write JSON: {e}"),
            }
        }
    }
}

/// Does this set of diagnostics fail the run?
pub fn fails(diags: &Diagnostics, strict: bool) -> bool {
    diags.has_errors() || (strict && diags.count(Severity::Warning) > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn github_annotations_point_at_lines() {
        let d = Diagnostic::error("bad-date", "`due`: not a date")
            .at(Location::in_text("actions/a.yaml", "due: x\n", 1, 6, 1))
            .help("use YYYY-MM-DD");
        assert_eq!(
            github_line(&d),
            "::error file=actions/a.yaml,line=1,col=6,title=bad-date::`due`: not a date%0Ahelp: use YYYY-MM-DD"
        );
    }
}

//! Diagnostics: the one error type shown to users.
//!
//! Every problem found in a source folder becomes a [`Diagnostic`] carrying a
//! severity, a stable code, a message, the file/line/column it points at (with
//! the source line captured so it can be printed without re-reading the file),
//! and an optional hint. Stages push diagnostics into a [`Diagnostics`] sink and
//! carry on, so one run reports every problem. This module also renders them
//! rustc-style for humans.

use serde::Serialize;
use std::fmt::{self, Write as _};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The source is wrong; the build fails (exit 1).
    Error,
    /// Probably a mistake or a gap; fails only with `--strict`.
    Warning,
    /// Information about the state of the ISMS (for example an overdue action).
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A place in a source file: path relative to the source folder (with `/`),
/// 1-based line and column, and the text of that line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path relative to the source folder, `/`-separated.
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// Width of the highlighted span, in characters (at least 1).
    #[serde(skip)]
    pub width: usize,
    /// The source line itself, for display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Location {
    /// A location that names a whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
        }
    }

    /// A location at `line`/`column` of `text` (the whole file's text).
    pub fn in_text(file: &str, text: &str, line: usize, column: usize, width: usize) -> Self {
        Location::on_line(
            file,
            text.lines().nth(line.saturating_sub(1)),
            line,
            column,
            width,
        )
    }

    /// A location at `line`/`column`, whose line's text is `source_line`.
    pub fn on_line(
        file: &str,
        source_line: Option<&str>,
        line: usize,
        column: usize,
        width: usize,
    ) -> Self {
        Location {
            file: file.to_string(),
            line,
            column: column.max(1),
            width: width.max(1),
            source_line: source_line.map(|l| l.trim_end_matches('\r').to_string()),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// One problem found in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `unknown-key`.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, if it concerns a file.
    pub location: Option<Location>,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places involved (for example the first definition of a duplicate id).
    pub related: Vec<Related>,
}

/// A secondary location attached to a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// Why it is mentioned.
    pub message: String,
}

impl Diagnostic {
    /// A new diagnostic without location.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// A note.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    /// Attach the location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach a hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a hint if there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Attach a related location.
    pub fn related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// Render rustc-style, without colour.
    pub fn render_human(&self) -> String {
        self.render(false)
    }

    /// Render rustc-style, with ANSI colour when `color`.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let severity_color = match self.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {}",
            paint(severity_color, &format!("{}[{}]", self.severity, self.code)),
            paint("1", &self.message)
        );
        if let Some(loc) = &self.location {
            write_snippet(&mut out, loc, None);
        }
        for rel in &self.related {
            write_snippet(&mut out, &rel.location, Some(&rel.message));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = help: {help}");
        }
        out
    }
}

fn write_snippet(out: &mut String, loc: &Location, label: Option<&str>) {
    let _ = writeln!(out, "  --> {loc}");
    let Some(line) = &loc.source_line else {
        if let Some(label) = label {
            let _ = writeln!(out, "   = note: {label}");
        }
        return;
    };
    let number = format!(" {}", loc.line);
    let pad = " ".repeat(number.len());
    let shown: String = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{number} | {shown}");
    let caret = format!(
        "{}{}",
        " ".repeat(loc.column.saturating_sub(1)),
        "^".repeat(loc.width.max(1))
    );
    match label {
        Some(label) => {
            let _ = writeln!(out, "{pad} | {caret} {label}");
        }
        None => {
            let _ = writeln!(out, "{pad} | {caret}");
        }
    }
}

/// A sink that collects diagnostics across a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Add all of another sink's diagnostics.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// True when at least one error was reported.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// All diagnostics in a stable order: by file, line, column, then message.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column))
                    .unwrap_or_default()
            };
            key(a)
                .cmp(&key(b))
                .then(a.severity.cmp(&b.severity))
                .then(a.message.cmp(&b.message))
        });
        items.dedup();
        items
    }

    /// Iterate in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The closest candidate to `input` if it is near enough to be a likely typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = input.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(input) {
            return Some(candidate);
        }
        let score = strsim::jaro_winkler(&lowered, &candidate.to_ascii_lowercase());
        if score > 0.88 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Summary line such as `2 errors, 1 warning`.
pub fn summary(diags: &Diagnostics) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}, {}",
        plural(diags.count(Severity::Error), "error"),
        plural(diags.count(Severity::Warning), "warning"),
        plural(diags.count(Severity::Note), "note")
    )
}

/// Whether diagnostics on stderr get colour: a terminal, and no `NO_COLOR`.
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style_snippet() {
        let text = "id: CA-1\nstatus: don\n";
        let d = Diagnostic::error("unknown-value", "unknown action status `don`")
            .at(Location::in_text("actions/ca-1.yaml", text, 2, 9, 3))
            .help("did you mean `done`?");
        let out = d.render_human();
        assert!(out.contains("error[unknown-value]: unknown action status `don`"));
        assert!(out.contains("--> actions/ca-1.yaml:2:9"));
        assert!(out.contains(" 2 | status: don"));
        assert!(out.contains("   |         ^^^"));
        assert!(out.contains("= help: did you mean `done`?"));
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "owner", "status"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("Owner", keys), Some("owner"));
        assert_eq!(did_you_mean("zebra", keys), None);
    }
}

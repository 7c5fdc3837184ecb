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
use unicode_width::UnicodeWidthStr;

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
    /// 1-based column, in characters (not bytes, not terminal columns): the
    /// JSON and GitHub formats report it as is.
    pub column: usize,
    /// Width of the highlighted span, in characters (at least 1); the caret
    /// line under the source line is as wide as these characters show.
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

    /// A location at `line`/`column` of `text` (the whole file's text), for a
    /// one-off location; a file with many uses a [`LineIndex`].
    pub fn in_text(file: &str, text: &str, line: usize, column: usize, width: usize) -> Self {
        Location::on_line(file, LineIndex::line_in(text, line), line, column, width)
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

/// Where the lines of a text start: the one way the crate turns a file's text
/// and a byte offset into a line number, a column and the line's text.
///
/// Lines are what [`str::lines`] gives: the text is split at `\n`, a line's
/// `\r\n` ending is removed, and a final `\n` starts no further line.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset where each line starts: 0, then the offset after each `\n`
    /// (the last may be the end of the text, where no line starts).
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Index the lines of `text`.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The text of 1-based line `n`, without its line ending; `None` past the
    /// last line (and for line 0).
    pub fn line(&self, n: usize) -> Option<&'t str> {
        line_at(self.text, *self.starts.get(n.checked_sub(1)?)?)
    }

    /// The text of 1-based line `n` of `text`, found without building an index
    /// (for one lookup in a text).
    pub fn line_in(text: &'t str, n: usize) -> Option<&'t str> {
        let start = match n.checked_sub(1)? {
            0 => 0,
            k => memchr::memchr_iter(b'\n', text.as_bytes()).nth(k - 1)? + 1,
        };
        line_at(text, start)
    }

    /// The 1-based line that byte `offset` is on: one more than the number of
    /// `\n` before it. An offset past the end counts as the end.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The 1-based column of byte `offset`, in characters from the start of
    /// its line (an offset inside a character counts that character as before it).
    pub fn column_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let start = self.starts[self.line_of(offset) - 1];
        let chars = self.text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count();
        chars + 1
    }

    /// The location of byte `offset` in `file`, `width` characters wide.
    pub fn location(&self, file: &str, offset: usize, width: usize) -> Location {
        let line = self.line_of(offset);
        Location::on_line(file, self.line(line), line, self.column_of(offset), width)
    }
}

/// The line of `text` that starts at byte `start`, as [`str::lines`] gives it.
fn line_at(text: &str, start: usize) -> Option<&str> {
    let rest = text.get(start..).filter(|rest| !rest.is_empty())?;
    Some(match rest.split_once('\n') {
        Some((line, _)) => line.strip_suffix('\r').unwrap_or(line),
        None => rest,
    })
}

/// Is `b` a UTF-8 continuation byte (not the first byte of a character)?
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
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
            paint("1", &printable(&self.message))
        );
        if let Some(loc) = &self.location {
            write_snippet(&mut out, loc, None);
        }
        for rel in &self.related {
            write_snippet(&mut out, &rel.location, Some(&rel.message));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = help: {}", printable(help));
        }
        out
    }
}

/// How many terminal columns a tab takes in a printed source line: each tab
/// is printed as this many spaces, so the caret line can match it.
const TAB_WIDTH: usize = 4;

/// How many terminal columns `text` takes: two for CJK and other wide
/// characters and for each emoji (also one made of several code points, such
/// as a flag or a ZWJ family), none for combining marks, [`TAB_WIDTH`] for a tab.
fn display_width(text: &str) -> usize {
    let tabs = memchr::memchr_iter(b'\t', text.as_bytes()).count();
    text.split('\t').map(UnicodeWidthStr::width).sum::<usize>() + tabs * TAB_WIDTH
}

/// The terminal columns before the caret and the caret's width, for the span
/// of `width` characters from 1-based character `column` of `line`. Columns
/// past the end of the line count one each.
fn caret_columns(line: &str, column: usize, width: usize) -> (usize, usize) {
    let chars = line.chars().count();
    // The byte offset of character `n`, and how many characters past the end it is.
    let at = |n: usize| match line.char_indices().nth(n) {
        Some((i, _)) => (i, 0),
        None => (line.len(), n.saturating_sub(chars)),
    };
    let first = column.saturating_sub(1);
    let (start, start_past) = at(first);
    let (end, end_past) = at(first + width.max(1));
    let pad = display_width(&line[..start]) + start_past;
    let caret = display_width(&line[start..end]) + (end_past - start_past);
    (pad, caret.max(1))
}

/// `text` with every control character but the tab (ESC, NUL, C1 codes...)
/// shown as U+FFFD, one for one: a source line or file name quoted in a
/// diagnostic cannot send escape sequences to the terminal, and columns
/// counted in characters stay where they were.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    char::REPLACEMENT_CHARACTER
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

fn write_snippet(out: &mut String, loc: &Location, label: Option<&str>) {
    let _ = writeln!(out, "  --> {}", printable(&loc.to_string()));
    let label = label.map(printable);
    let label = label.as_deref();
    let Some(line) = &loc.source_line else {
        if let Some(label) = label {
            let _ = writeln!(out, "   = note: {label}");
        }
        return;
    };
    let line = printable(line);
    let line = line.as_ref();
    let number = format!(" {}", loc.line);
    let pad = " ".repeat(number.len());
    let shown = line.replace('\t', &" ".repeat(TAB_WIDTH));
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{number} | {shown}");
    let (before, width) = caret_columns(line, loc.column, loc.width);
    let caret = format!("{}{}", " ".repeat(before), "^".repeat(width));
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

    /// The source line and caret line of a rendered diagnostic.
    fn snippet(line: &str, column: usize, width: usize) -> (String, String) {
        let d = Diagnostic::error("unknown-value", "x").at(Location::on_line(
            "f.yaml",
            Some(line),
            7,
            column,
            width,
        ));
        let out = d.render_human();
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines[3].strip_prefix(" 7 | ").expect("source line");
        let caret = lines[4].strip_prefix("   | ").expect("caret line");
        (shown.to_string(), caret.to_string())
    }

    #[test]
    fn caret_sits_under_wide_characters_in_display_columns() {
        // Each CJK character takes two terminal columns: `情報` is 2 characters,
        // 4 columns. `don` is at character 11 (1-based), display column 13.
        assert_eq!(
            snippet("title: 情報 don", 11, 3),
            ("title: 情報 don".into(), "            ^^^".into())
        );
        // A span of wide characters is as wide as they show.
        assert_eq!(
            snippet("owner: 山田太郎", 8, 4),
            ("owner: 山田太郎".into(), "       ^^^^^^^^".into())
        );
        // A flag is two code points, a ZWJ family five; each shows two columns.
        assert_eq!(
            snippet("note: 🇯🇵 don", 10, 3),
            ("note: 🇯🇵 don".into(), "         ^^^".into())
        );
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let line = format!("note: {family} don");
        assert_eq!(snippet(&line, 13, 3), (line.clone(), "         ^^^".into()));
        // A combining accent takes no column.
        assert_eq!(
            snippet("title: Re\u{301}sume\u{301} don", 17, 3),
            (
                "title: Re\u{301}sume\u{301} don".into(),
                "              ^^^".into()
            )
        );
    }

    #[test]
    fn tabs_print_as_four_spaces_on_both_lines() {
        assert_eq!(
            snippet("\tstatus:\tdon", 10, 3),
            ("    status:    don".into(), "               ^^^".into())
        );
        // A caret on the tab itself covers its four columns.
        assert_eq!(snippet("a:\tb", 3, 1), ("a:    b".into(), "  ^^^^".into()));
    }

    #[test]
    fn caret_past_the_end_of_the_line_counts_one_column_each() {
        // Right after `情` (two columns), then one further.
        assert_eq!(
            snippet("id: 情", 6, 2),
            ("id: 情".into(), "      ^^".into())
        );
        assert_eq!(
            snippet("id: 情", 7, 1),
            ("id: 情".into(), "       ^".into())
        );
        assert_eq!(
            snippet("id: x", 5, 9),
            ("id: x".into(), "    ^^^^^^^^^".into())
        );
        assert_eq!(snippet("", 1, 0), ("".into(), "^".into()));
    }

    #[test]
    fn column_stays_in_characters_for_machines() {
        let loc = Location::on_line("f.yaml", Some("title: 情報 don"), 2, 11, 3);
        assert_eq!(loc.to_string(), "f.yaml:2:11");
        let json = serde_json::to_value(&loc).expect("json");
        assert_eq!(json["column"], 11);
    }

    const TEXTS: [&str; 10] = [
        "",
        "\n",
        "a",
        "a\n",
        "a\r\nb\r\n",
        "a\n\nb",
        "\n\nx\r\n\n",
        "é\nü\n",
        "a\r",
        "情報\n\t🇯🇵 x\r\ny",
    ];

    #[test]
    fn line_index_gives_what_str_lines_gives() {
        for text in TEXTS {
            let index = LineIndex::new(text);
            for n in 0usize..8 {
                let want = n.checked_sub(1).and_then(|i| text.lines().nth(i));
                assert_eq!(index.line(n), want, "line {n} of {text:?}");
                assert_eq!(LineIndex::line_in(text, n), want, "line {n} of {text:?}");
            }
        }
    }

    #[test]
    fn line_index_maps_offsets_to_lines_and_character_columns() {
        for text in TEXTS {
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let before = &text[..offset];
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[start..].chars().count() + 1;
                assert_eq!(index.line_of(offset), line, "{offset} in {text:?}");
                assert_eq!(index.column_of(offset), column, "{offset} in {text:?}");
            }
        }
        let text = "id: X\ntitle: 情報 don\n";
        let loc = LineIndex::new(text).location("f.yaml", text.find("don").unwrap(), 3);
        assert_eq!((loc.line, loc.column, loc.width), (2, 11, 3));
        assert_eq!(loc.source_line.as_deref(), Some("title: 情報 don"));
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "owner", "status"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("Owner", keys), Some("owner"));
        assert_eq!(did_you_mean("zebra", keys), None);
    }
}

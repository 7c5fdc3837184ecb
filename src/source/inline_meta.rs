//! Document control written in the body instead of front matter: a leading
//! block of `**Key:** value` lines (also `**Key**: value`, as list items,
//! or a two-column `| Key | Value |` table), after an optional first
//! heading. Only read when a document has no front matter.

use crate::model::Date;

/// A document control field that can be written in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// `Document ID`, `Doc ID`, `ID`, `Reference`.
    Id,
    /// `Title`, `Document title`.
    Title,
    /// `Document type`, `Type`.
    Type,
    /// `Version`, `Revision`.
    Version,
    /// `Status`.
    Status,
    /// `Owner`, `Document owner`, `Policy owner`.
    Owner,
    /// `Approved by`, `Approver`.
    ApprovedBy,
    /// `Effective date`, `Approval date`, `Approved on`, `Date approved`.
    ApprovedOn,
    /// `Next review`, `Review date`, `Next review date`.
    NextReview,
    /// `Classification`.
    Classification,
}

impl Key {
    /// The key as written (any case, spaces, `_` or `-` between words).
    fn parse(text: &str) -> Option<Key> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        Some(match words.join(" ").as_str() {
            "document id" | "doc id" | "id" | "document number" | "document no" | "reference"
            | "document reference" | "policy id" => Key::Id,
            "title" | "document title" => Key::Title,
            "type" | "document type" => Key::Type,
            "version" | "document version" | "revision" | "version number" => Key::Version,
            "status" | "document status" => Key::Status,
            "owner" | "document owner" | "policy owner" => Key::Owner,
            "approved by" | "approver" => Key::ApprovedBy,
            "effective date" | "approval date" | "approved on" | "date approved"
            | "approved date" | "effective from" => Key::ApprovedOn,
            "next review" | "next review date" | "review date" | "review by" => Key::NextReview,
            "classification" | "information classification" => Key::Classification,
            _ => return None,
        })
    }

    /// The front matter key this fills.
    pub fn front_matter_key(self) -> &'static str {
        match self {
            Key::Id => "id",
            Key::Title => "title",
            Key::Type => "type",
            Key::Version => "version",
            Key::Status => "status",
            Key::Owner => "owner",
            Key::ApprovedBy => "approved_by",
            Key::ApprovedOn => "approved_on",
            Key::NextReview => "next_review",
            Key::Classification => "classification",
        }
    }

    /// Does the field hold a date?
    pub fn is_date(self) -> bool {
        matches!(self, Key::ApprovedOn | Key::NextReview)
    }
}

/// One field read from the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Which field.
    pub key: Key,
    /// The value, trimmed, without emphasis or code marks.
    pub value: String,
    /// 1-based line within the body.
    pub line: usize,
    /// 1-based character column of the value (of the key when empty).
    pub column: usize,
    /// Width of the value in characters (at least 1).
    pub width: usize,
}

/// The leading document control block of `body`; empty when there is none.
pub fn read(body: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut seen_heading = false;
    let mut in_block = false;
    for (line_no, raw) in (1..).zip(body.lines()) {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !in_block && !seen_heading && trimmed.starts_with('#') {
            seen_heading = true;
            continue;
        }
        let Some((key_text, value_at)) = bold_pair(line).or_else(|| table_row(line)) else {
            if is_table_separator(trimmed) || (in_block && is_table_header(trimmed)) {
                continue;
            }
            if !in_block && is_table_header(trimmed) {
                in_block = true;
                continue;
            }
            break;
        };
        in_block = true;
        let Some(key) = Key::parse(&key_text) else {
            continue;
        };
        let (start, end) = value_at;
        let (start, end) = clean_value(line, start, end);
        let value = line[start..end].to_string();
        let column = line[..start].chars().count() + 1;
        fields.push(Field {
            key,
            width: value.chars().count().max(1),
            value,
            line: line_no,
            column,
        });
    }
    fields
}

/// `**Key:** value`, `**Key**: value`, `- **Key:** value`, `__Key:__ value`:
/// the key text and the byte range of the value.
fn bold_pair(line: &str) -> Option<(String, (usize, usize))> {
    let lead = line.len() - line.trim_start().len();
    let mut rest = &line[lead..];
    let mut at = lead;
    for marker in ["- ", "* ", "+ "] {
        if let Some(r) = rest.strip_prefix(marker) {
            at += marker.len() + (r.len() - r.trim_start().len());
            rest = r.trim_start();
            break;
        }
    }
    let mark = ["**", "__"].into_iter().find(|m| rest.starts_with(m))?;
    let inner_start = mark.len();
    let close = rest[inner_start..].find(mark)? + inner_start;
    let inner = &rest[inner_start..close];
    let after = close + mark.len();
    let (key, value_start) = if let Some(key) = inner.trim_end().strip_suffix(':') {
        (key, after)
    } else {
        let tail = &rest[after..];
        let colon = tail.len() - tail.trim_start().len();
        if !tail[colon..].starts_with(':') {
            return None;
        }
        (inner, after + colon + 1)
    };
    if key.trim().is_empty() || key.contains('*') {
        return None;
    }
    Some((key.trim().to_string(), (at + value_start, line.len())))
}

/// `| Key | Value |`: the first cell (without bold or a trailing colon) and
/// the byte range of the second.
fn table_row(line: &str) -> Option<(String, (usize, usize))> {
    let t = line.trim_start();
    if !t.starts_with('|') || is_table_separator(t.trim()) {
        return None;
    }
    let base = line.len() - t.len();
    let cells: Vec<(usize, &str)> = t
        .match_indices('|')
        .map(|(i, _)| i)
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| (base + w[0] + 1, &t[w[0] + 1..w[1]]))
        .collect();
    let [(_, key), (value_at, value), ..] = cells.as_slice() else {
        return None;
    };
    let key = key
        .trim()
        .trim_matches('*')
        .trim_matches('_')
        .trim()
        .trim_end_matches(':')
        .trim();
    Key::parse(key)?;
    Some((key.to_string(), (*value_at, value_at + value.len())))
}

fn is_table_separator(t: &str) -> bool {
    t.starts_with('|')
        && t.chars().any(|c| c == '-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A table row of other words (a `| Field | Value |` header).
fn is_table_header(t: &str) -> bool {
    t.starts_with('|') && t.ends_with('|') && t.matches('|').count() >= 3
}

/// Narrow `start..end` of `line` to the value without spaces, a hard
/// break (`\` or trailing spaces), emphasis or code marks.
fn clean_value(line: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let trim = |s: usize, e: usize| -> (usize, usize) {
        let v = &line[s..e];
        let lead = v.len() - v.trim_start().len();
        let v2 = v.trim();
        (s + lead, s + lead + v2.len())
    };
    (start, end) = trim(start, end);
    if line[start..end].ends_with('\\') {
        (start, end) = trim(start, end - 1);
    }
    for mark in ["**", "__", "*", "_", "`"] {
        let v = &line[start..end];
        if v.len() >= 2 * mark.len() && v.starts_with(mark) && v.ends_with(mark) {
            (start, end) = trim(start + mark.len(), end - mark.len());
        }
    }
    (start, end)
}

/// Is the value a template placeholder rather than a value: `[DATE]`,
/// `<date>`, `{{owner}}`, `YYYY-MM-DD`, `TBD`, `TBC`, `TODO`, or nothing?
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let upper = v.to_ascii_uppercase();
    v.is_empty()
        || (v.starts_with('[') && v.ends_with(']'))
        || (v.starts_with('<') && v.ends_with('>') && !v.contains("://") && !v.contains('@'))
        || (v.starts_with("{{") && v.ends_with("}}"))
        || upper.contains("YYYY")
        || upper.contains("DD/MM")
        || upper.contains("MM/DD")
        || matches!(
            upper.trim_end_matches('.'),
            "TBD" | "TBC" | "TODO" | "XXX" | "X.X" | "?" | "-" | "..."
        )
}

/// A date as documents write them: `2025-03-14`, `14 March 2025`,
/// `March 14, 2025`, `14 Mar 2025`.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    Date::parse(t)
        .ok()
        .or_else(|| super::document::parse_month_day_year(t))
        .or_else(|| day_month_year(t))
}

fn day_month_year(text: &str) -> Option<Date> {
    let cleaned = text.replace(',', " ");
    let mut parts = cleaned.split_whitespace();
    let day = parts.next()?;
    let day = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let (month, year) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    super::document::parse_month_day_year(&format!("{month} {day} {year}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bold_lines_after_the_title() {
        let body = "# Access Policy\n\n**Document ID:** POL-ISMS-001  \n**Version**: 1.0\\\n- **Owner:** *CISO*\n**Department:** IT\n**Effective date:** [DATE]\n\n## Purpose\n**Owner:** not read\n";
        let fields = read(body);
        let got: Vec<(Key, &str, usize)> = fields
            .iter()
            .map(|f| (f.key, f.value.as_str(), f.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (Key::Id, "POL-ISMS-001", 3),
                (Key::Version, "1.0", 4),
                (Key::Owner, "CISO", 5),
                (Key::ApprovedOn, "[DATE]", 7),
            ]
        );
        assert_eq!(fields[0].column, 18);
        assert!(is_placeholder(&fields[3].value));
    }

    #[test]
    fn reads_a_table() {
        let body = "| Field | Value |\n|---|---|\n| **Document ID** | POL-2 |\n| Approval date: | 14 March 2025 |\n| Next review | YYYY-MM-DD |\n\nText\n";
        let fields = read(body);
        let got: Vec<(Key, &str)> = fields.iter().map(|f| (f.key, f.value.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Key::Id, "POL-2"),
                (Key::ApprovedOn, "14 March 2025"),
                (Key::NextReview, "YYYY-MM-DD")
            ]
        );
        assert_eq!(fields[1].line, 4);
        assert_eq!(
            &body.lines().nth(3).unwrap()[fields[1].column - 1..][..13],
            "14 March 2025"
        );
    }

    #[test]
    fn no_block_no_fields() {
        assert!(read("# T\n\nSome text.\n\n**Owner:** late\n").is_empty());
        assert!(read("Intro **Owner:** x\n").is_empty());
    }

    #[test]
    fn dates_and_placeholders() {
        for (text, want) in [
            ("2025-03-14", "2025-03-14"),
            ("14 March 2025", "2025-03-14"),
            ("March 14, 2025", "2025-03-14"),
            ("1st Feb 2024", "2024-02-01"),
        ] {
            assert_eq!(
                parse_date(text).map(|d| d.to_string()).as_deref(),
                Some(want)
            );
        }
        assert_eq!(parse_date("Q1 2025"), None);
        for p in ["[DATE]", "<date>", "YYYY-MM-DD", "TBD", "", "{{ owner }}"] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in ["CISO", "1.0", "<https://x.example>", "2025-01-01"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}

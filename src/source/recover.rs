//! What a record file that failed to parse or decode still shows of itself.
//!
//! A file with a YAML syntax error (or a record the decoder had to drop)
//! still names its `id`, and an action its `source`. Recovering them keeps
//! one mistake from cascading: references to the id are known (not "unknown
//! reference" with a misleading "did you mean"), and the finding an action
//! was raised from is not reported as lacking one. Nothing else is trusted.

use super::fields::is_valid_id;
use super::yaml::{Node, Value};
use crate::diag::Location;
use crate::model::{RecordKind, Unparsed};

/// The records of a file whose YAML did not parse, found by reading its
/// lines: a top-level `id:` (and `source:`), and for an audit the nested
/// `id:` of each finding. `line_offset` is the number of lines before
/// `text` in the file (front matter).
pub fn from_text(kind: RecordKind, path: &str, text: &str, line_offset: usize) -> Vec<Unparsed> {
    let mut found = Vec::new();
    let mut sources = Vec::new();
    for (n, line) in (1..).zip(text.lines()) {
        let nested = line.starts_with([' ', '\t', '-']);
        let key_part = line.trim_start().trim_start_matches("- ").trim_start();
        let Some((key, value)) = key_part.split_once(':') else {
            continue;
        };
        let column = value_column(line, value);
        match (key, nested) {
            ("id", false) => {
                if let Some(id) = scalar(value) {
                    found.insert(0, unparsed(kind, id, path, line_offset + n, column));
                }
            }
            ("id", true) if kind == RecordKind::Audit => {
                if let Some(id) = scalar(value) {
                    let at = line_offset + n;
                    found.push(unparsed(RecordKind::Finding, id, path, at, column));
                }
            }
            // `context.yaml`: each issue's and party's `id`, nested in lists.
            ("id", true) if kind == RecordKind::Context => {
                if let Some(id) = scalar(value) {
                    found.push(unparsed(kind, id, path, line_offset + n, column));
                }
            }
            ("source", false) if kind == RecordKind::Action => sources = list(value),
            _ => {}
        }
    }
    attach_sources(kind, &mut found, sources);
    found
}

/// The records of a file that parsed as YAML but could not be decoded
/// (a required key missing or wrong): its top-level `id`, an action's
/// `source`, an audit's findings' ids.
pub fn from_nodes(kind: RecordKind, path: &str, root: &Node, line_offset: usize) -> Vec<Unparsed> {
    let Some(entries) = root.as_map() else {
        return Vec::new();
    };
    let get = |map: &[(Node, Node)], key: &str| {
        map.iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
    };
    let at = |node: &Node| {
        let line = line_offset + node.pos.line;
        Location::on_line(path, None, line, node.pos.column, node.pos.width)
    };
    let mut found = Vec::new();
    if let Some(node) = get(entries, "id") {
        if let Some(id) = node.as_str().filter(|id| is_valid_id(id)) {
            found.push(Unparsed {
                kind,
                id: id.to_string(),
                at: at(&node),
                sources: Vec::new(),
            });
        }
    }
    if kind == RecordKind::Audit {
        let findings = get(entries, "findings");
        for item in findings.iter().filter_map(Node::as_seq).flatten() {
            let Some(node) = item.as_map().and_then(|m| get(m, "id")) else {
                continue;
            };
            if let Some(id) = node.as_str().filter(|id| is_valid_id(id)) {
                found.push(Unparsed {
                    kind: RecordKind::Finding,
                    id: id.to_string(),
                    at: at(&node),
                    sources: Vec::new(),
                });
            }
        }
    }
    if kind == RecordKind::Context {
        for list in ["issues", "parties"] {
            let entries = get(entries, list);
            for item in entries.iter().filter_map(Node::as_seq).flatten() {
                let Some(node) = item.as_map().and_then(|m| get(m, "id")) else {
                    continue;
                };
                if let Some(id) = node.as_str().filter(|id| is_valid_id(id)) {
                    found.push(Unparsed {
                        kind,
                        id: id.to_string(),
                        at: at(&node),
                        sources: Vec::new(),
                    });
                }
            }
        }
    }
    if kind == RecordKind::Action {
        let sources = match get(entries, "source").map(|n| n.value) {
            Some(Value::Scalar(s)) => vec![s.trim().to_string()],
            Some(Value::Seq(items)) => items
                .iter()
                .filter_map(|n| n.as_str().map(|s| s.trim().to_string()))
                .collect(),
            _ => Vec::new(),
        };
        attach_sources(kind, &mut found, sources);
    }
    found
}

fn attach_sources(kind: RecordKind, found: &mut [Unparsed], sources: Vec<String>) {
    if let Some(first) = found.first_mut().filter(|u| u.kind == kind) {
        first.sources = sources.into_iter().filter(|s| is_valid_id(s)).collect();
    }
}

fn unparsed(kind: RecordKind, id: String, path: &str, line: usize, column: usize) -> Unparsed {
    let width = id.chars().count().max(1);
    Unparsed {
        kind,
        at: Location::on_line(path, None, line, column, width),
        id,
        sources: Vec::new(),
    }
}

/// A plain or quoted scalar after `key:`, if it is a valid id.
fn scalar(value: &str) -> Option<String> {
    let value = strip_comment(value).trim();
    let unquoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
        .trim();
    is_valid_id(unquoted).then(|| unquoted.to_string())
}

/// A scalar or a one-line flow list (`[F-1, F-2]`).
fn list(value: &str) -> Vec<String> {
    let value = strip_comment(value).trim();
    match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(items) => items.split(',').filter_map(scalar).collect(),
        None => scalar(value).into_iter().collect(),
    }
}

/// The 1-based column, in characters, where `value` (a suffix of `line`)
/// starts once its leading spaces and quote are skipped.
fn value_column(line: &str, value: &str) -> usize {
    let skipped = value.len() - value.trim_start_matches([' ', '\t', '"', '\'']).len();
    line[..line.len() - value.len() + skipped].chars().count() + 1
}

fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(i) => &value[..i],
        None => value,
    }
}

/// The `id` (or comply's `acronym`) of front matter that did not parse:
/// the id and its 1-based line and column within `yaml`.
pub fn front_matter_id(yaml: &str) -> Option<(String, usize, usize)> {
    (1..).zip(yaml.lines()).find_map(|(n, line)| {
        let (key, value) = line.split_once(':')?;
        if key != "id" && key != "acronym" {
            return None;
        }
        Some((scalar(value)?, n, value_column(line, value)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_with_a_syntax_error_keeps_its_id_and_sources() {
        let text = "id: CA-1\ntitle: \"broken\nsource: [F-1, 'F-2'] # raised\n";
        let found = from_text(RecordKind::Action, "actions/ca.yaml", text, 0);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "CA-1");
        assert_eq!((found[0].at.line, found[0].at.column), (1, 5));
        assert_eq!(found[0].sources, ["F-1", "F-2"]);
    }

    #[test]
    fn an_audit_with_a_syntax_error_keeps_its_findings_ids() {
        let text = "findings:\n  - id: F-9\n    title: [oops\nid: AUD-1\n";
        let found = from_text(RecordKind::Audit, "audits/a.yaml", text, 0);
        let ids: Vec<(&str, RecordKind)> = found.iter().map(|u| (u.id.as_str(), u.kind)).collect();
        assert_eq!(
            ids,
            [("AUD-1", RecordKind::Audit), ("F-9", RecordKind::Finding)]
        );
        assert_eq!((found[1].at.line, found[1].at.column), (2, 9));
    }

    #[test]
    fn a_context_file_with_a_syntax_error_keeps_its_entries_ids() {
        let text = "issues:\n  - id: ISS-1\n    issue: [oops\nparties:\n  - id: IP-2\n";
        let found = from_text(RecordKind::Context, "context.yaml", text, 0);
        let ids: Vec<&str> = found.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["ISS-1", "IP-2"]);
        assert_eq!((found[1].at.line, found[1].at.column), (5, 9));
    }

    #[test]
    fn no_id_no_record() {
        assert!(from_text(RecordKind::Action, "a.yaml", "title: x\nid: not an id\n", 0).is_empty());
    }

    #[test]
    fn front_matter_id_is_found_on_its_line() {
        let yaml = "title: X\nid: \"POL-1\"\nowner Foo\n";
        assert_eq!(front_matter_id(yaml), Some(("POL-1".to_string(), 2, 6)));
    }
}

//! Decoding YAML nodes into model values, with a diagnostic for every problem.
//!
//! [`FileCtx`] knows the file being decoded and collects its diagnostics;
//! [`Fields`] wraps a mapping, warns about unknown and repeated keys (with a
//! "did you mean") and hands out values by key. Every extractor reports a wrong
//! shape or value at the node's own line and returns `None`, so decoding goes on
//! and one run reports every problem in the file.

use super::yaml::{Node, Value};
use crate::diag::{did_you_mean, Diagnostic, LineIndex, Location};
use crate::model::{Date, FileRef, Keyword, Ref, Text};
use std::cell::OnceCell;
use std::collections::HashSet;

/// The file being decoded and its diagnostics.
pub struct FileCtx<'a> {
    /// Path relative to SRC.
    pub path: &'a str,
    /// The whole file's text (for source lines).
    pub text: &'a str,
    /// Lines before the YAML starts (front matter in a Markdown file).
    pub line_offset: usize,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
    /// The lines of `text`, indexed on first use: a file of many records has
    /// a location for each of their references.
    lines: OnceCell<LineIndex<'a>>,
}

/// Is `id` a valid record id (`[A-Za-z0-9._-]+`)?
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl<'a> FileCtx<'a> {
    /// A context for `path` whose text is `text`.
    pub fn new(path: &'a str, text: &'a str, line_offset: usize) -> Self {
        FileCtx {
            path,
            text,
            line_offset,
            diags: Vec::new(),
            lines: OnceCell::new(),
        }
    }

    /// The location of a node.
    pub fn loc(&self, node: &Node) -> Location {
        self.at_line(
            node.pos.line + self.line_offset,
            node.pos.column,
            node.pos.width,
        )
    }

    /// The location at 1-based `line` of the whole file (not of the YAML: no
    /// line offset is added) and 1-based character `column`, `width`
    /// characters wide.
    pub fn at_line(&self, line: usize, column: usize, width: usize) -> Location {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        Location::on_line(self.path, lines.line(line), line, column, width)
    }

    /// Report a diagnostic at a node.
    pub fn report(&mut self, node: &Node, diagnostic: Diagnostic) {
        let loc = self.loc(node);
        self.diags.push(diagnostic.at(loc));
    }

    /// A scalar as a string; reports other shapes.
    pub fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.value {
            Value::Scalar(s) => Some(s.trim().to_string()),
            Value::Null => None,
            _ => {
                self.report(
                    node,
                    Diagnostic::error(
                        "wrong-shape",
                        format!("`{key}` should be a single value, not {}", node.shape()),
                    )
                    .help(format!("write `{key}: some text`")),
                );
                None
            }
        }
    }

    /// A list of strings; a single scalar counts as a one-item list.
    pub fn strings(&mut self, node: &Node, key: &str) -> Vec<String> {
        self.scalar_items(node, key)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    fn scalar_items<'n>(&mut self, node: &'n Node, key: &str) -> Vec<(String, &'n Node)> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Scalar(s) => vec![(s.trim().to_string(), node)],
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::Scalar(s) => Some((s.trim().to_string(), item)),
                    Value::Null => None,
                    _ => {
                        self.report(
                            item,
                            Diagnostic::error(
                                "wrong-shape",
                                format!(
                                    "items of `{key}` should be single values, not {}",
                                    item.shape()
                                ),
                            ),
                        );
                        None
                    }
                })
                .collect(),
            Value::Map(_) => {
                self.report(
                    node,
                    Diagnostic::error(
                        "wrong-shape",
                        format!("`{key}` should be a list, not a mapping"),
                    )
                    .help(format!("write `{key}: [A, B]`")),
                );
                Vec::new()
            }
        }
    }

    /// References to other records, clauses or controls (scalar or list).
    pub fn refs(&mut self, node: &Node, key: &str) -> Vec<Ref> {
        self.scalar_items(node, key)
            .into_iter()
            .filter(|(s, _)| !s.is_empty())
            .map(|(id, n)| Ref {
                id,
                at: self.loc(n),
            })
            .collect()
    }

    /// Cited files (scalar or list).
    pub fn files(&mut self, node: &Node, key: &str) -> Vec<FileRef> {
        self.scalar_items(node, key)
            .into_iter()
            .filter(|(s, _)| !s.is_empty())
            .map(|(path, n)| FileRef {
                path,
                at: self.loc(n),
            })
            .collect()
    }

    /// Markdown text.
    pub fn text(&mut self, node: &Node, key: &str) -> Text {
        let markdown = self.string(node, key).unwrap_or_default();
        Text {
            markdown: markdown.into(),
            at: Some(self.loc(node)),
        }
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, key: &str) -> Option<Date> {
        let text = self.string(node, key)?;
        match Date::parse(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.report(
                    node,
                    Diagnostic::error("bad-date", format!("`{key}`: {message}"))
                        .help("dates are ISO 8601: YYYY-MM-DD, e.g. 2025-03-14"),
                );
                None
            }
        }
    }

    /// A number.
    pub fn number(&mut self, node: &Node, key: &str) -> Option<f64> {
        let text = self.string(node, key)?;
        match text.replace('_', "").parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                self.report(
                    node,
                    Diagnostic::error("bad-number", format!("`{key}`: `{text}` is not a number"))
                        .help("write a plain number such as 95 or 4.5, without the unit"),
                );
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        let text = self.string(node, key)?;
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => {
                self.report(
                    node,
                    Diagnostic::error(
                        "bad-boolean",
                        format!("`{key}`: `{text}` is not true or false"),
                    )
                    .help("write `true` or `false`"),
                );
                None
            }
        }
    }

    /// A keyword of a closed set, with "did you mean".
    pub fn keyword<K: Keyword>(&mut self, node: &Node, key: &str) -> Option<K> {
        let text = self.string(node, key)?;
        if let Some(value) = K::from_keyword(&text) {
            return Some(value);
        }
        let list = K::keyword_list();
        let hint = match did_you_mean(&text, list.iter().copied()) {
            Some(near) => format!(
                "did you mean `{near}`? expected one of: {}",
                list.join(", ")
            ),
            None => format!("expected one of: {}", list.join(", ")),
        };
        self.report(
            node,
            Diagnostic::error("unknown-value", format!("unknown {key} `{text}`")).help(hint),
        );
        None
    }

    /// A record id, checked against `[A-Za-z0-9._-]+`.
    pub fn id(&mut self, node: &Node) -> Option<String> {
        let id = self.string(node, "id")?;
        if is_valid_id(&id) {
            Some(id)
        } else {
            self.report(
                node,
                Diagnostic::error("bad-id", format!("`{id}` is not a valid id"))
                    .help("ids use only letters, digits, `.`, `_` and `-`, e.g. CA-2025-004"),
            );
            None
        }
    }

    /// Like [`FileCtx::fields`] for documents written for other tools: an
    /// unknown key close to a known one is a warning (a likely typo); any other
    /// unknown key is added to `foreign`, to be reported once per key across
    /// all files.
    pub fn fields_lenient<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &'static [&'static str],
        foreign: &mut Vec<(String, Location)>,
    ) -> Option<Fields<'n>> {
        self.fields_with(node, what, known, Some(foreign))
    }

    /// Open a mapping, warning about unknown or repeated keys.
    ///
    /// Returns `None` (after an error) when the node is not a mapping.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        self.fields_with(node, what, known, None)
    }

    fn fields_with<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &'static [&'static str],
        mut foreign: Option<&mut Vec<(String, Location)>>,
    ) -> Option<Fields<'n>> {
        let Some(entries) = node.as_map() else {
            let help = match node.value {
                Value::Seq(_) => format!(
                    "{what} must be a mapping of `key: value` lines; remove the leading `- `"
                ),
                _ => format!("{what} must be a mapping of `key: value` lines"),
            };
            self.report(
                node,
                Diagnostic::error(
                    "wrong-shape",
                    format!("expected {what} as a mapping, found {}", node.shape()),
                )
                .help(help),
            );
            return None;
        };
        let mut seen = HashSet::new();
        let mut unknown = Vec::new();
        for (key, _) in entries {
            let Some(name) = key.as_str() else {
                self.report(
                    key,
                    Diagnostic::error("wrong-shape", "a key must be a plain word"),
                );
                continue;
            };
            if !seen.insert(name) {
                self.report(
                    key,
                    Diagnostic::error("duplicate-key", format!("`{name}` is given twice"))
                        .help("remove one of them; only one value can apply"),
                );
            }
            if !known.contains(&name) {
                let near = did_you_mean(name, known.iter().copied());
                if let (None, Some(foreign)) = (near, foreign.as_deref_mut()) {
                    foreign.push((name.to_string(), self.loc(key)));
                    continue;
                }
                let hint = near
                    .map(|near| format!("did you mean `{near}`?"))
                    .unwrap_or_else(|| format!("known keys: {}", known.join(", ")));
                self.report(
                    key,
                    Diagnostic::warning("unknown-key", format!("unknown key `{name}` in {what}"))
                        .help(hint),
                );
                unknown.push(Unknown {
                    name: name.to_string(),
                    at: self.loc(key),
                    near,
                    absorbed: Default::default(),
                });
            }
        }
        Some(Fields {
            node,
            entries,
            unknown,
        })
    }

    /// References under `key` (empty when absent).
    pub fn refs_at(&mut self, f: &Fields<'_>, key: &str) -> Vec<Ref> {
        f.get(key).map(|n| self.refs(n, key)).unwrap_or_default()
    }

    /// References under `key`, each once: one written again is a
    /// `duplicate-ref` warning at the repeat, which is dropped.
    pub fn unique_refs_at(&mut self, f: &Fields<'_>, key: &str) -> Vec<Ref> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for r in self.refs_at(f, key) {
            if seen.insert(r.id.clone()) {
                out.push(r);
            } else {
                self.diags.push(
                    Diagnostic::warning(
                        "duplicate-ref",
                        format!("`{}` is listed twice in `{key}`", r.id),
                    )
                    .at(r.at.clone())
                    .help("remove the repeat: it counts once"),
                );
            }
        }
        out
    }

    /// `clause` and `clauses` together.
    pub fn clauses_at(&mut self, f: &Fields<'_>) -> Vec<Ref> {
        let mut refs = self.refs_at(f, "clause");
        refs.extend(self.refs_at(f, "clauses"));
        refs
    }

    /// Markdown text under `key` (empty when absent).
    pub fn text_at(&mut self, f: &Fields<'_>, key: &str) -> Text {
        f.get(key).map(|n| self.text(n, key)).unwrap_or_default()
    }

    /// A single value under `key`.
    pub fn string_at(&mut self, f: &Fields<'_>, key: &str) -> Option<String> {
        f.get(key).and_then(|n| self.string(n, key))
    }

    /// A date under `key`.
    pub fn date_at(&mut self, f: &Fields<'_>, key: &str) -> Option<Date> {
        f.get(key).and_then(|n| self.date(n, key))
    }

    /// Cited files under `key`.
    pub fn files_at(&mut self, f: &Fields<'_>, key: &str) -> Vec<FileRef> {
        f.get(key).map(|n| self.files(n, key)).unwrap_or_default()
    }

    /// A list of plain values under `key`.
    pub fn strings_at(&mut self, f: &Fields<'_>, key: &str) -> Vec<String> {
        f.get(key).map(|n| self.strings(n, key)).unwrap_or_default()
    }

    /// A value that may be left out but not written empty (`owner:`,
    /// `owner: ""`): then the warning `code` at the key, and `None`.
    pub fn filled_at(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        code: &'static str,
        help: &str,
    ) -> Option<Ref> {
        let key_node = f.key_node(key)?;
        if let Some(node) = f.get(key) {
            // A list or mapping is reported (wrong shape) by `string`.
            let value = self.string(node, key)?;
            if !value.is_empty() {
                return Some(Ref {
                    id: value,
                    at: self.loc(node),
                });
            }
        }
        self.report(
            key_node,
            Diagnostic::warning(code, format!("`{key}` is empty")).help(help),
        );
        None
    }

    /// Report a missing required key at the mapping.
    pub fn missing(&mut self, fields: &Fields<'_>, key: &str, what: &str, example: &str) {
        // An unknown key written instead of this one (`titel:` for `title:`,
        // or the mapping's only unknown key, `when:` for `on:`) is one
        // mistake: one error, at that key, and no `unknown-key` warning.
        let written = fields.key_node(key).is_some();
        let instead = fields
            .unknown
            .iter()
            .find(|u| u.near == Some(key))
            .or(match fields.unknown.as_slice() {
                [only] if only.near.is_none() => Some(only),
                _ => None,
            })
            .filter(|u| !written && !u.absorbed.replace(true));
        if let Some(u) = instead {
            self.diags
                .retain(|d| !(d.code == "unknown-key" && d.location.as_ref() == Some(&u.at)));
            self.diags.push(
                Diagnostic::error("missing-key", format!("{what} has no `{key}`"))
                    .at(u.at.clone())
                    .help(format!(
                        "did you mean `{key}`? (`{}` is written): rename the key `{key}`",
                        u.name
                    )),
            );
            return;
        }
        let node = fields.node;
        let mut loc = self.loc(node);
        loc.width = 1;
        self.diags.push(
            Diagnostic::error("missing-key", format!("{what} has no `{key}`"))
                .at(loc)
                .help(format!("add `{key}: {example}`")),
        );
    }
}

/// A key of a mapping that its kind does not know (warned `unknown-key`).
struct Unknown {
    /// The key as written.
    name: String,
    /// Where.
    at: Location,
    /// The known key it is a near miss of.
    near: Option<&'static str>,
    /// Already taken for a missing key (it stands for one key only).
    absorbed: std::cell::Cell<bool>,
}

/// A mapping being decoded.
pub struct Fields<'n> {
    /// The mapping node itself.
    pub node: &'n Node,
    entries: &'n [(Node, Node)],
    /// Its unknown keys, each already warned about.
    unknown: Vec<Unknown>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// The key node of `key` (for pointing at the key itself).
    pub fn key_node(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_in_front_matter_is_located_in_the_whole_file() {
        let file = "---\r\nid: POL-1\r\ntitle: Access\r\n---\r\n# Body\r\n";
        let front = "id: POL-1\r\ntitle: Access\r\n";
        let root = super::super::yaml::parse(front).expect("yaml");
        let Value::Map(entries) = &root.value else {
            panic!("a mapping")
        };
        let (_, title) = &entries[1];
        let ctx = FileCtx::new("policies/access.md", file, 1);
        let loc = ctx.loc(title);
        assert_eq!((loc.line, loc.column), (3, 8));
        assert_eq!(loc.source_line.as_deref(), Some("title: Access"));
    }

    #[test]
    fn a_lone_unknown_key_stands_for_one_missing_key_only() {
        let text = "when: 2025-01-01\n";
        let root = super::super::yaml::parse(text).expect("yaml");
        let mut ctx = FileCtx::new("context.yaml", text, 0);
        let f = ctx.fields(&root, "a change", &["on", "note"]).expect("map");
        ctx.missing(&f, "on", "the change", "2025-06-01");
        ctx.missing(&f, "note", "the change", "...");
        let found: Vec<(&str, Option<usize>, bool)> = ctx
            .diags
            .iter()
            .map(|d| {
                let help = d.help.as_deref().unwrap_or_default();
                (
                    d.code,
                    d.location.as_ref().map(|l| l.column),
                    help.contains("`when` is written"),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("missing-key", Some(1), true),
                ("missing-key", Some(1), false)
            ]
        );
    }
}

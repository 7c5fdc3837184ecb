//! YAML parsing: the only module that talks to the YAML parser.
//!
//! It turns YAML text into a small tree of [`Node`]s where every node knows the
//! line and column it came from, so that later checks ("unknown status", "no
//! such control") can point at the exact place. Scalars keep their source text
//! (`9.2` stays the string `"9.2"`, never the float 9.2). Aliases are expanded
//! within a budget and nesting is limited, so hostile input ends in an error,
//! not a hang or a stack overflow.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes the aliases of one document may expand to. Nodes written out
/// in the text are not counted (the file size limit bounds them): a large
/// audit is not an alias bomb.
pub const MAX_NODES: usize = 250_000;

/// A position in the parsed text: 1-based line, 1-based column, and a width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Width in characters of the node on its first line (at least 1).
    pub width: usize,
}

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// Any scalar, as written (quotes removed).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// True for a null node.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A short name of the node's shape, for messages ("a list", "a mapping").
    pub fn shape(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Scalar(_) => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax or limit error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// What went wrong.
    pub message: String,
    /// Where.
    pub pos: Pos,
}

/// Parse the first document of `text`. An empty text gives a null node.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    Builder::default().run(text)
}

#[derive(Default)]
struct Builder {
    /// Containers under construction: (node, pending mapping key).
    stack: Vec<(Node, Option<Node>)>,
    anchors: HashMap<usize, Node>,
    /// Anchors of the open containers, recorded when they close.
    open_anchors: Vec<usize>,
    /// Nodes copied by aliases so far.
    aliased: usize,
    root: Option<Node>,
}

fn pos_of(span: &Span) -> Pos {
    let start = span.start;
    let width = if span.end.line() == start.line() {
        span.end.col().saturating_sub(start.col()).max(1)
    } else {
        1
    };
    Pos {
        line: start.line(),
        column: start.col() + 1,
        width,
    }
}

fn node_count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| node_count(k) + node_count(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

impl Builder {
    fn run(mut self, text: &str) -> Result<Node, YamlError> {
        let mut parser = Parser::new_from_str(text);
        let mut last = Pos {
            line: 1,
            column: 1,
            width: 1,
        };
        while let Some(item) = parser.next_event() {
            let (event, span) = item.map_err(|e| {
                scan_error(
                    text,
                    e.info(),
                    Pos {
                        line: e.marker().line().max(1),
                        column: e.marker().col() + 1,
                        width: 1,
                    },
                )
            })?;
            let pos = pos_of(&span);
            last = pos;
            match event {
                Event::DocumentEnd if self.root.is_some() => break,
                Event::Scalar(text, style, anchor, _tag) => {
                    let value = if style == ScalarStyle::Plain && is_null(&text) {
                        Value::Null
                    } else {
                        Value::Scalar(text.into_owned())
                    };
                    let width = if style == ScalarStyle::Plain {
                        pos.width
                    } else {
                        pos.width.max(2)
                    };
                    let node = Node {
                        value,
                        pos: Pos { width, ..pos },
                    };
                    if anchor > 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    self.add(node);
                }
                Event::Alias(anchor) => {
                    let Some(node) = self.anchors.get(&anchor) else {
                        return Err(YamlError {
                            message: "alias to an unknown anchor".into(),
                            pos,
                        });
                    };
                    // Counted before the copy is made.
                    self.aliased = self.aliased.saturating_add(node_count(node));
                    if self.aliased > MAX_NODES {
                        return Err(YamlError {
                            message: format!(
                                "aliases expand to more than {MAX_NODES} values (alias bomb?)"
                            ),
                            pos,
                        });
                    }
                    let node = Node {
                        pos,
                        ..node.clone()
                    };
                    self.add(node);
                }
                Event::SequenceStart(anchor, _) => {
                    self.open(Value::Seq(Vec::new()), anchor, pos)?
                }
                Event::MappingStart(anchor, _) => self.open(Value::Map(Vec::new()), anchor, pos)?,
                Event::SequenceEnd | Event::MappingEnd => {
                    let (node, _) = self.stack.pop().ok_or_else(|| YamlError {
                        message: "unbalanced YAML structure".into(),
                        pos,
                    })?;
                    let anchor = self.open_anchors.pop().unwrap_or(0);
                    if anchor > 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    self.add(node);
                }
                Event::StreamEnd => break,
                _ => {}
            }
        }
        Ok(self.root.unwrap_or(Node {
            value: Value::Null,
            pos: Pos { width: 1, ..last },
        }))
    }

    fn open(&mut self, value: Value, anchor: usize, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                pos,
            });
        }
        self.stack.push((Node { value, pos }, None));
        self.open_anchors.push(anchor);
        Ok(())
    }

    fn add(&mut self, node: Node) {
        let Some((parent, pending_key)) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return;
        };
        match &mut parent.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match pending_key.take() {
                Some(key) => entries.push((key, node)),
                None => *pending_key = Some(node),
            },
            _ => {}
        }
    }
}

/// The parser's error as the writer needs it. A key without its `:`
/// (`owner Jane` on a line of its own) is only noticed on the next line,
/// where the parser reports it: point at the line that holds the key.
fn scan_error(text: &str, info: &str, pos: Pos) -> YamlError {
    if let Some(open) = unclosed_flow_before(text, pos.line) {
        return open;
    }
    if info != "simple key expect ':'" {
        return YamlError {
            message: info.to_string(),
            pos,
        };
    }
    let key_line = (1..)
        .zip(text.lines())
        .take(pos.line.saturating_sub(1))
        .filter(|(_, line)| {
            let content = line.trim();
            !content.is_empty() && !content.starts_with('#')
        })
        .last();
    let pos = match key_line {
        Some((line, content)) => {
            let indent = content.chars().take_while(|c| c.is_whitespace()).count();
            Pos {
                line,
                column: indent + 1,
                width: content.trim().chars().count().max(1),
            }
        }
        None => pos,
    };
    YamlError {
        message: "a line is neither `key: value` nor a list item: `:` is missing after the key"
            .to_string(),
        pos,
    }
}

/// `key: [a, b` (or `{`) left open on the line before an error: the parser
/// only notices on the next line, where the next key breaks the list. The
/// line must open a flow collection right after its key and not close it.
fn unclosed_flow_before(text: &str, error_line: usize) -> Option<YamlError> {
    let (line_no, line) = (1..)
        .zip(text.lines())
        .take(error_line.saturating_sub(1))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .last()?;
    // The error's line starts the next key, no deeper than the open one:
    // not a list that goes on over several lines.
    let indent = |l: &str| l.len() - l.trim_start().len();
    let next = text.lines().nth(error_line.checked_sub(1)?)?;
    let next_key = next.trim_start().split_once(':').map(|(k, _)| k)?;
    if indent(next) > indent(line)
        || next_key.is_empty()
        || !next_key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    let opener = value.chars().next().filter(|c| matches!(c, '[' | '{'))?;
    let closer = if opener == '[' { ']' } else { '}' };
    if key.trim().is_empty() || key.contains(['[', '{', '"', '\'']) || value.contains(closer) {
        return None;
    }
    let column = key.chars().count()
        + 2
        + line[key.len() + 1..]
            .chars()
            .take_while(|c| *c == ' ')
            .count();
    Some(YamlError {
        message: format!("`{opener}` is opened here and never closed with `{closer}`"),
        pos: Pos {
            line: line_no,
            column,
            width: 1,
        },
    })
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_get<'a>(node: &'a Node, key: &str) -> &'a Node {
        node.as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
            .map(|(_, v)| v)
            .expect("key present in test document")
    }

    #[test]
    fn keeps_positions_and_source_text() {
        let doc = parse("id: X\nclause: 9.20\nlist:\n  - a\n  - { b: 1 }\n").unwrap();
        let clause = map_get(&doc, "clause");
        assert_eq!(clause.as_str(), Some("9.20"));
        assert_eq!((clause.pos.line, clause.pos.column), (2, 9));
        let list = map_get(&doc, "list").as_seq().unwrap();
        assert_eq!(list[1].pos.line, 5);
        assert_eq!(map_get(&list[1], "b").pos.column, 10);
    }

    #[test]
    fn columns_and_widths_count_characters() {
        // The parser counts characters, not bytes nor terminal columns: a CJK
        // character, each code point of an emoji and a tab count one each.
        let doc =
            parse("- { a: 情報, b: x }\n- { a: \u{1F1EF}\u{1F1F5}, b: y }\n- { a: 1,\tb: z }\n")
                .unwrap();
        let items = doc.as_seq().unwrap();
        let info = map_get(&items[0], "a");
        assert_eq!((info.pos.column, info.pos.width), (8, 2));
        assert_eq!(map_get(&items[0], "b").pos.column, 15);
        assert_eq!(map_get(&items[1], "b").pos.column, 15);
        assert_eq!(map_get(&items[2], "b").pos.column, 14);
    }

    #[test]
    fn nulls_and_quoted_nulls() {
        let doc = parse("a: ~\nb: 'null'\nc:\n").unwrap();
        assert!(map_get(&doc, "a").is_null());
        assert_eq!(map_get(&doc, "b").as_str(), Some("null"));
        assert!(map_get(&doc, "c").is_null());
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.line >= 1);
        let err = parse("a: b: c\n").unwrap_err();
        assert_eq!(err.pos.line, 1);
    }

    #[test]
    fn a_key_without_colon_is_reported_on_its_own_line() {
        let err = parse("id: X\ntitle: T\nowner Jane Doe\n\n# note\nstatus: draft\n").unwrap_err();
        assert_eq!((err.pos.line, err.pos.column, err.pos.width), (3, 1, 14));
        assert!(err.message.contains("`:` is missing"), "{}", err.message);
    }

    #[test]
    fn an_unclosed_list_is_reported_where_it_opens() {
        let err = parse("id: X\nowner: [Legal & Compliance\nversion: \"2.1\"\n").unwrap_err();
        assert_eq!((err.pos.line, err.pos.column), (2, 8));
        assert!(
            err.message.contains("never closed with `]`"),
            "{}",
            err.message
        );
        // A list written over several lines is fine; a mistake inside it
        // stays where the parser found it.
        assert!(parse("controls: [A.5.1,\n  A.5.2]\nid: X\n").is_ok());
        let err = parse("controls: [A.5.1,\n  A.5.2: x: y]\n").unwrap_err();
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(200_000);
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("nesting") || err.message.contains("recursion"),
            "{}",
            err.message
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in "bcdefghi".chars() {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn a_large_document_without_aliases_is_not_an_alias_bomb() {
        let mut text = String::from("findings:\n");
        for i in 0..100_000 {
            text.push_str(&format!("  - {{id: F-{i}, severity: minor}}\n"));
        }
        let node = parse(&text).unwrap();
        assert!(!node.is_null());
    }

    #[test]
    fn empty_text_is_null() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
    }
}

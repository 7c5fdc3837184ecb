//! MDX documents (`.mdx`, as Astro Starlight and Docusaurus write them):
//! ESM `import`/`export` statements, JSX component tags (capitalised names,
//! `<Tabs>`, `<TabItem value="x">`, `<Aside type="note" />`, fragments `<>`)
//! and JSX comments `{/* ... */}` are dropped; the Markdown between them is
//! kept. Lowercase tags are HTML and stay for the raw-HTML handling.
//!
//! The result has exactly as many lines as the input, so every line number
//! of the body still points at the same line of the file. Lines inside a
//! component lose the indentation of its first content line (MDX has no
//! indented code blocks, so that indentation is layout, not code).

/// What was dropped from one MDX body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    /// `import` statements.
    pub imports: usize,
    /// `export` statements.
    pub exports: usize,
    /// Component names, each once, in order of first use (`<>` is
    /// `Fragment`).
    pub components: Vec<String>,
    /// JSX comments.
    pub comments: usize,
    /// 1-based line (within the body) of the first thing dropped.
    pub first_line: usize,
}

impl Dropped {
    /// True when nothing was dropped.
    pub fn is_empty(&self) -> bool {
        self.imports == 0 && self.exports == 0 && self.components.is_empty() && self.comments == 0
    }

    /// `2 import lines, 1 export line, components Tabs, TabItem, 1 comment`.
    pub fn describe(&self) -> String {
        let count = |n: usize, what: &str| match n {
            0 => None,
            1 => Some(format!("1 {what}")),
            n => Some(format!("{n} {what}s")),
        };
        let mut parts: Vec<String> = [
            count(self.imports, "import line"),
            count(self.exports, "export line"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !self.components.is_empty() {
            let word = if self.components.len() == 1 {
                "component"
            } else {
                "components"
            };
            parts.push(format!("{word} {}", self.components.join(", ")));
        }
        parts.extend(count(self.comments, "comment"));
        parts.join(", ")
    }

    fn saw(&mut self, line: usize) {
        if self.first_line == 0 {
            self.first_line = line;
        }
    }

    fn component(&mut self, name: &str, line: usize) {
        self.saw(line);
        if !self.components.iter().any(|c| c == name) {
            self.components.push(name.to_string());
        }
    }
}

/// State carried from line to line.
#[derive(Default)]
struct State {
    /// Inside a fenced code block opened by this fence (character, length).
    fence: Option<(char, usize)>,
    /// Inside an `import`/`export` statement whose braces are still open.
    esm_depth: Option<i32>,
    /// Inside a tag that continues on the next line (quote or brace state).
    open_tag: Option<TagScan>,
    /// Inside a JSX comment `{/* ... */}` that continues.
    in_comment: bool,
    /// Open components: the indentation their content loses (set by their
    /// first content line).
    stack: Vec<Option<usize>>,
}

/// Where a tag scan stopped at the end of a line.
#[derive(Clone, Copy, Default)]
struct TagScan {
    quote: Option<char>,
    braces: i32,
    self_closing_slash: bool,
    closing: bool,
}

/// Strip `body` (an `.mdx` file without its front matter).
pub fn strip(body: &str) -> (String, Dropped) {
    let mut out = String::with_capacity(body.len());
    let mut dropped = Dropped::default();
    let mut st = State::default();
    for (line_no, raw) in (1..).zip(body.split_inclusive('\n')) {
        let (line, ending) = split_ending(raw);
        let kept = strip_line(line, line_no, &mut st, &mut dropped);
        out.push_str(&kept);
        out.push_str(ending);
    }
    (out, dropped)
}

fn split_ending(raw: &str) -> (&str, &str) {
    let content = raw.trim_end_matches(['\n', '\r']);
    (content, &raw[content.len()..])
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Remove the component indentation from a content line.
fn dedent<'a>(line: &'a str, st: &mut State) -> &'a str {
    let Some(top) = st.stack.last_mut() else {
        return line;
    };
    if line.trim().is_empty() {
        return line;
    }
    let width = *top.get_or_insert_with(|| indent_of(line));
    let cut = indent_of(line).min(width);
    &line[cut..]
}

fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn strip_line(line: &str, line_no: usize, st: &mut State, dropped: &mut Dropped) -> String {
    if let Some((c, n)) = st.fence {
        if fence_of(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n && line.trim().len() == n2) {
            st.fence = None;
        }
        return dedent(line, st).to_string();
    }
    if let Some(depth) = st.esm_depth {
        let depth = depth + brace_balance(line);
        st.esm_depth = (depth > 0).then_some(depth);
        return String::new();
    }
    if st.open_tag.is_none() && !st.in_comment {
        if let Some(f) = fence_of(line) {
            st.fence = Some(f);
            return dedent(line, st).to_string();
        }
        let t = line.trim_start();
        if st.stack.is_empty() && indent_of(line) == 0 {
            let esm = if t.starts_with("import ") || t.starts_with("import{") || t == "import" {
                Some(true)
            } else if t.starts_with("export ") {
                Some(false)
            } else {
                None
            };
            if let Some(is_import) = esm {
                if is_import {
                    dropped.imports += 1;
                } else {
                    dropped.exports += 1;
                }
                dropped.saw(line_no);
                let depth = brace_balance(line);
                st.esm_depth = (depth > 0).then_some(depth);
                return String::new();
            }
        }
    }
    scan_tags(line, line_no, st, dropped)
}

fn brace_balance(line: &str) -> i32 {
    line.chars().fold(0, |n, c| match c {
        '{' | '(' => n + 1,
        '}' | ')' => n - 1,
        _ => n,
    })
}

/// Remove JSX tags and comments from one line outside code.
fn scan_tags(line: &str, line_no: usize, st: &mut State, dropped: &mut Dropped) -> String {
    let mut kept = String::with_capacity(line.len());
    let mut removed = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    // Continue a comment or a tag from an earlier line.
    if st.in_comment {
        removed = true;
        match line.find("*/}") {
            Some(end) => {
                st.in_comment = false;
                i = end + 3;
            }
            None => return String::new(),
        }
    }
    if let Some(scan) = st.open_tag.take() {
        removed = true;
        match finish_tag(line, 0, scan) {
            Ok((end, scan)) => {
                close_tag_effect(scan, st);
                i = end;
            }
            Err(scan) => {
                st.open_tag = Some(scan);
                return String::new();
            }
        }
    }
    let mut code_ticks: Option<usize> = None;
    let mut segment_start = i;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'`' {
            let n = line[i..].bytes().take_while(|x| *x == b'`').count();
            code_ticks = match code_ticks {
                None => Some(n),
                Some(open) if open == n => None,
                other => other,
            };
            i += n;
            continue;
        }
        if code_ticks.is_some() {
            i += 1;
            continue;
        }
        if b == b'{' && line[i..].starts_with("{/*") {
            kept.push_str(&line[segment_start..i]);
            removed = true;
            dropped.comments += 1;
            dropped.saw(line_no);
            match line[i..].find("*/}") {
                Some(end) => {
                    i += end + 3;
                    segment_start = i;
                    continue;
                }
                None => {
                    st.in_comment = true;
                    return finish(kept, removed, st);
                }
            }
        }
        if b == b'<' {
            if let Some((name, closing, body_start)) = tag_start(&line[i..]) {
                kept.push_str(&line[segment_start..i]);
                removed = true;
                dropped.component(&name, line_no);
                let scan = TagScan {
                    closing,
                    ..TagScan::default()
                };
                match finish_tag(line, i + body_start, scan) {
                    Ok((end, scan)) => {
                        close_tag_effect(scan, st);
                        i = end;
                        segment_start = i;
                        continue;
                    }
                    Err(scan) => {
                        st.open_tag = Some(scan);
                        return finish(kept, removed, st);
                    }
                }
            }
        }
        i += 1;
    }
    kept.push_str(&line[segment_start..]);
    finish(kept, removed, st)
}

/// The line as kept: empty when only tags were on it, dedented otherwise.
fn finish(kept: String, removed: bool, st: &mut State) -> String {
    if removed && kept.trim().is_empty() {
        return String::new();
    }
    dedent(&kept, st).to_string()
}

/// A component tag starting at `s` (which begins with `<`): its name,
/// whether it closes, and where its attributes start.
fn tag_start(s: &str) -> Option<(String, bool, usize)> {
    let rest = &s[1..];
    let (closing, rest, skip) = match rest.strip_prefix('/') {
        Some(r) => (true, r, 2),
        None => (false, rest, 1),
    };
    if rest.starts_with('>') {
        return Some(("Fragment".to_string(), closing, skip));
    }
    if !rest.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
        .collect();
    let after = rest[name.len()..].chars().next();
    if !matches!(after, None | Some(' ' | '\t' | '>' | '/')) {
        return None;
    }
    Some((name.clone(), closing, skip + name.len()))
}

/// Scan attributes from `from` to the tag's `>`: `Ok(end, scan)` with the
/// index after it, or `Err(scan)` when the tag goes on to the next line.
fn finish_tag(line: &str, from: usize, mut scan: TagScan) -> Result<(usize, TagScan), TagScan> {
    for (off, c) in line[from..].char_indices() {
        if let Some(q) = scan.quote {
            if c == q {
                scan.quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' if scan.braces == 0 => scan.quote = Some(c),
            '{' => scan.braces += 1,
            '}' => scan.braces -= 1,
            '/' if scan.braces == 0 => scan.self_closing_slash = true,
            '>' if scan.braces == 0 => return Ok((from + off + 1, scan)),
            c if !c.is_whitespace() && scan.braces == 0 => scan.self_closing_slash = false,
            _ => {}
        }
    }
    Err(scan)
}

/// Opening tags open a component level, closing tags end one.
fn close_tag_effect(scan: TagScan, st: &mut State) {
    if scan.closing {
        st.stack.pop();
    } else if !scan.self_closing_slash {
        st.stack.push(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_esm_and_components_keeping_lines() {
        let body = "import { Tabs, TabItem } from '@astrojs/starlight/components';\nimport Aside from './Aside.astro';\n\n# Backup\n\n<Tabs>\n  <TabItem label=\"Daily\">\n    Snapshots at **02:00**.\n\n    - kept 35 days\n  </TabItem>\n</Tabs>\n\n<Aside type=\"note\" />\n\nText with <kbd>Ctrl</kbd> and `<Tabs>`.\n{/* todo */}\n";
        let (out, dropped) = strip(body);
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(dropped.imports, 2);
        assert_eq!(dropped.components, vec!["Tabs", "TabItem", "Aside"]);
        assert_eq!(dropped.comments, 1);
        assert_eq!(dropped.first_line, 1);
        assert!(out.contains("\nSnapshots at **02:00**.\n"), "{out}");
        assert!(out.contains("\n- kept 35 days\n"), "{out}");
        assert!(out.contains("<kbd>Ctrl</kbd> and `<Tabs>`"), "{out}");
        assert!(!out.contains("import") && !out.contains("Aside"), "{out}");
        assert_eq!(
            dropped.describe(),
            "2 import lines, components Tabs, TabItem, Aside, 1 comment"
        );
    }

    #[test]
    fn multi_line_tags_and_imports_and_code() {
        let body = "import {\n  Card,\n} from 'x';\nexport const meta = { a: 1 };\n<Card\n  title=\"A > B\"\n  icon={\"x\"}>\nInside\n</Card>\n```mdx\n<Card />\nimport x from 'y'\n```\n";
        let (out, dropped) = strip(body);
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!((dropped.imports, dropped.exports), (1, 1));
        assert_eq!(dropped.components, vec!["Card"]);
        assert_eq!(
            out,
            "\n\n\n\n\n\n\nInside\n\n```mdx\n<Card />\nimport x from 'y'\n```\n"
        );
    }

    #[test]
    fn plain_markdown_is_unchanged() {
        let body = "# Title\n\n<details><summary>More</summary>\n\nText\n</details>\n";
        let (out, dropped) = strip(body);
        assert_eq!(out, body);
        assert!(dropped.is_empty());
    }
}

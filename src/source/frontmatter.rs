//! Splitting a Markdown file into YAML front matter and body.
//!
//! Front matter is fenced: the file's first line is `---`, and a later line
//! `---` (or `...`) closes it. Only the very first line can open it, so a
//! fenced code block or a thematic break in the body is never front matter.
//! CRLF line endings are accepted; the BOM is removed when the file is read.

/// A Markdown file split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if there is front matter.
    pub yaml: Option<&'a str>,
    /// Lines before the YAML text (1 when fenced: the opening `---`).
    pub yaml_line_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Lines before the body starts.
    pub body_line_offset: usize,
}

/// Front matter opened on line 1 but never closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("front matter opened with `---` on line 1 is never closed")]
pub struct Unclosed;

fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches(['\r', '\n']).trim_end();
    line == "---" || (closing && line == "...")
}

/// Split `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(no_front_matter(text));
    };
    if !is_fence(first, false) {
        return Ok(unfenced(text).unwrap_or_else(|| no_front_matter(text)));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        if is_fence(line, true) {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line_offset: 1,
                body: &text[body_start..],
                body_line_offset: line_no,
            });
        }
        offset += line.len();
    }
    Err(Unclosed)
}

/// How many lines unfenced front matter may span.
const UNFENCED_MAX_LINES: usize = 200;

/// Front matter without the opening fence, as strongdm/comply writes it: the
/// file starts with a `key: value` line and a `---` line ends the YAML. The
/// caller must check that the YAML is a mapping before trusting it.
pub fn unfenced(text: &str) -> Option<Split<'_>> {
    let first = text.lines().next()?;
    let key_end = first.find(':')?;
    let key = &first[..key_end];
    let is_key = !key.is_empty()
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let after = &first[key_end + 1..];
    if !is_key || !(after.is_empty() || after.starts_with([' ', '\t', '\r'])) {
        return None;
    }
    let mut offset = 0;
    for (line_no, line) in (1..=UNFENCED_MAX_LINES).zip(text.split_inclusive('\n')) {
        if is_fence(line, false) {
            return Some(Split {
                yaml: Some(&text[..offset]),
                yaml_line_offset: 0,
                body: &text[offset + line.len()..],
                body_line_offset: line_no,
            });
        }
        offset += line.len();
    }
    None
}

fn no_front_matter(text: &str) -> Split<'_> {
    Split {
        yaml: None,
        yaml_line_offset: 0,
        body: text,
        body_line_offset: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fenced_front_matter() {
        let s = split("---\nid: X\n---\n# Title\n").unwrap();
        assert_eq!(s.yaml, Some("id: X\n"));
        assert_eq!(s.body, "# Title\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn accepts_crlf_and_dots() {
        let s = split("---\r\nid: X\r\n...\r\nBody\r\n").unwrap();
        assert_eq!(s.yaml, Some("id: X\r\n"));
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn code_block_in_body_is_not_front_matter() {
        let text = "# Title\n\n```yaml\n---\nid: X\n---\n```\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, text);
    }

    #[test]
    fn unfenced_front_matter_like_comply() {
        let s = split("name: Access Policy\nacronym: AP\n---\n# Purpose\n").unwrap();
        assert_eq!(s.yaml, Some("name: Access Policy\nacronym: AP\n"));
        assert_eq!(s.body, "# Purpose\n");
        assert_eq!(s.body_line_offset, 3);
        assert_eq!(
            split("Note: read this first.\n\nText\n").unwrap().yaml,
            None
        );
        assert_eq!(split("# Title\n---\n").unwrap().yaml, None);
    }

    #[test]
    fn line_offsets_agree_with_the_line_index() {
        use crate::diag::LineIndex;
        for text in [
            "---\nid: X\n---\n# Title\n",
            "---\r\nid: X\r\ntitle: 情報\r\n...\r\nBody\r\n",
            "---\n---\n",
            "name: Access Policy\nacronym: AP\n---\n# Purpose\n",
            "# Title\n\nText\n",
        ] {
            let s = split(text).unwrap();
            let lines = LineIndex::new(text);
            let body_start = text.len() - s.body.len();
            assert_eq!(
                lines.line_of(body_start),
                s.body_line_offset + 1,
                "{text:?}"
            );
            if let Some(yaml) = s.yaml {
                let yaml_start = yaml.as_ptr() as usize - text.as_ptr() as usize;
                assert_eq!(
                    lines.line_of(yaml_start),
                    s.yaml_line_offset + 1,
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn empty_front_matter_and_unclosed() {
        let s = split("---\n---\nBody").unwrap();
        assert_eq!(s.yaml, Some(""));
        assert_eq!(split("---\nid: X\n# no close\n"), Err(Unclosed));
        assert_eq!(split("").unwrap().yaml, None);
    }
}

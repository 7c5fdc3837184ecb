//! Clause and control numbers written in prose (`A.8.13`, `Clause 9.2`,
//! 2013 ids): found in the scan, linked when rendering, counted as the
//! coverage level *mentioned*.

use super::*;

/// A clause or control number written in prose (`A.8.13`, `A 8.13`,
/// `A.12.3.1`, `Clause 9.2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Where it is written, in bytes of the text.
    pub range: std::ops::Range<usize>,
    /// The number as an id: `A.8.13`, `A.12.3.1` (2013 numbering), `9.2`.
    pub id: String,
    /// A clause (`Clause 9.2`), not a control.
    pub clause: bool,
}

/// `1`, `9.2`, `12.3.1`: one to `max` parts of one or two digits, starting
/// at byte `at`. Returns the end and the parts; `None` when more parts
/// follow or a letter or digit runs on.
pub(super) fn dotted_number(text: &str, at: usize, max: usize) -> Option<(usize, Vec<&str>)> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let mut i = at;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 2 {
            return None;
        }
        parts.push(&text[start..i]);
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    let runs_on = text[i..].chars().next().is_some_and(char::is_alphanumeric);
    (parts.len() <= max && !runs_on).then_some((i, parts))
}

/// Clause and control numbers in a piece of prose, by their syntax alone
/// (whether the catalog has them is decided by [`mention_targets`]).
pub fn find_mentions(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        let starts_word = prev.is_none_or(|p| {
            !(p.is_alphanumeric() || matches!(p, '.' | '_' | '-' | '/' | '#' | '[' | '|'))
        });
        prev = Some(c);
        if i < skip_to || !starts_word {
            continue;
        }
        let rest = &text[i..];
        let found = if rest.starts_with("A.") || rest.starts_with("A ") {
            dotted_number(text, i + 2, 3)
                .filter(|(_, parts)| parts.len() >= 2)
                .map(|(end, parts)| (end, format!("A.{}", parts.join(".")), false))
        } else if rest.starts_with("Clause ") || rest.starts_with("clause ") {
            dotted_number(text, i + 7, 3).map(|(end, parts)| (end, parts.join("."), true))
        } else {
            None
        };
        if let Some((end, id, clause)) = found {
            out.push(Mention {
                range: i..end,
                id,
                clause,
            });
            skip_to = end;
        }
    }
    out
}

/// What a mention links to: the clause or control, or for a 2013 control
/// number its 2022 successors. Empty when the catalog has no such number.
pub fn mention_targets(site: &Site, mention: &Mention) -> Vec<Target> {
    let is_kind = |t: &Target| {
        if mention.clause {
            matches!(t, Target::Clause(_))
        } else {
            matches!(t, Target::Control(_))
        }
    };
    if let Some(t) = site.get(&mention.id).filter(is_kind) {
        return vec![t];
    }
    if mention.clause || mention.id.split('.').count() != 4 {
        return Vec::new();
    }
    site.catalog
        .successors_of_2013(&mention.id)
        .iter()
        .filter_map(|id| site.get(id).filter(is_kind))
        .collect()
}

/// Where in a stream of Markdown events prose may hold mentions: not in
/// code, links, images, headings or a raw HTML `<a>`.
#[derive(Debug, Default, Clone, Copy)]
pub struct MentionContext {
    closed: usize,
    raw_links: usize,
}

impl MentionContext {
    /// Account for one event (before looking at it, for a `Text`).
    pub fn step(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_),
            ) => self.closed += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                self.closed = self.closed.saturating_sub(1);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let lower = h.to_ascii_lowercase();
                let opens = lower.matches("<a ").count() + lower.matches("<a>").count();
                let closes = lower.matches("</a").count();
                self.raw_links = (self.raw_links + opens).saturating_sub(closes);
            }
            _ => {}
        }
    }

    /// Whether a `Text` here may hold mentions.
    pub fn open(&self) -> bool {
        self.closed == 0 && self.raw_links == 0
    }
}

//! Plain text and words of Markdown: what the search index is built from.
//! Document bodies get theirs ([`BodyText`]) from the same parse that renders
//! their page ([`super::markdown`]); the search export reads them.

use crate::resolve::links::parser_options;
use pulldown_cmark::{Event, Parser};
use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// Characters of text kept per page for the result snippet.
pub const EXCERPT: usize = 600;

/// Plain text of Markdown.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, parser_options()) {
        push_text(&mut out, &event);
    }
    out
}

/// Append the text of one Markdown event.
pub(crate) fn push_text(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) | Event::Code(t) => {
            out.push_str(t);
            out.push(' ');
        }
        Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
        _ => {}
    }
}

/// What the index needs of a document body: its words and the start of its
/// text (for the snippet), a fraction of the size of the text. `build` takes
/// it from the parse that renders the body's page ([`super::bodies`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyText {
    /// The words of the body (see [`each_word`]), each once, space-separated.
    pub words: String,
    /// The text, whitespace collapsed, up to the word that passes `EXCERPT`
    /// characters: what [`excerpt`] reads of it.
    pub lead: String,
}

impl BodyText {
    /// Of a body's parsed Markdown (the events of [`Parser`] with
    /// [`parser_options`], unchanged).
    pub fn from_events(events: &[Event<'_>]) -> BodyText {
        let mut text = String::new();
        for event in events {
            push_text(&mut text, event);
        }
        BodyText::from_text(&text)
    }

    /// Of a body's Markdown source.
    pub fn of_markdown(markdown: &str) -> BodyText {
        BodyText::from_text(&plain_text(markdown))
    }

    fn from_text(text: &str) -> BodyText {
        // Sized for a typical page's vocabulary: growing it is costly.
        let mut seen: FxHashSet<Cow<'_, str>> =
            FxHashSet::with_capacity_and_hasher(512, Default::default());
        let mut words = String::with_capacity(4096);
        each_word(text, &mut String::new(), |w| {
            if !seen.contains(w.as_str()) {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(w.as_str());
                seen.insert(match w {
                    Word::Text(t) => Cow::Borrowed(t),
                    Word::Lowered(t) => Cow::Owned(t.to_string()),
                });
            }
        });
        words.shrink_to_fit();
        let mut lead = lead(text);
        lead.shrink_to_fit();
        BodyText { words, lead }
    }
}

/// A word as indexed: a slice of the text itself, or (when lower-casing
/// changed it) of a scratch buffer.
#[derive(Clone, Copy)]
pub(crate) enum Word<'a, 's> {
    Text(&'a str),
    Lowered(&'s str),
}

impl Word<'_, '_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Word::Text(w) | Word::Lowered(w) => w,
        }
    }
}

/// Byte flag: an ASCII letter, digit or joiner, part of a word.
const WORD: u8 = 1;
/// Byte flag: an ASCII upper-case letter.
const UPPER: u8 = 2;
/// Byte flag: `.`, `-` or `_`, inside ids and trimmed at the ends of words.
const JOINER: u8 = 4;
/// Byte flag: part of a character that is not ASCII.
const OTHER: u8 = 8;

/// The flags of each byte value.
const FLAGS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            WORD
        } else if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c == b'.' || c == b'-' || c == b'_' {
            WORD | JOINER
        } else if c >= 0x80 {
            OTHER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Call `f` with each word of `text`, repeats included: lower case; ids such
/// as `a.8.5` or `ca-2025-004` are given whole and also split into their
/// parts. `scratch` holds words that lower-casing changed.
pub(crate) fn each_word<'a>(text: &'a str, scratch: &mut String, mut f: impl FnMut(Word<'a, '_>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the start of a word.
        let flags = FLAGS[usize::from(bytes[i])];
        if flags & WORD == 0 && (flags & OTHER == 0 || alphanumeric_at(text, i).is_none()) {
            i += 1;
            continue;
        }
        // Gather the flags of the word's bytes.
        let start = i;
        let mut seen = 0;
        while i < bytes.len() {
            let flags = FLAGS[usize::from(bytes[i])];
            if flags & WORD != 0 {
                seen |= flags;
                i += 1;
            } else if let Some(len) = (flags & OTHER != 0)
                .then(|| alphanumeric_at(text, i))
                .flatten()
            {
                seen |= OTHER;
                i += len;
            } else {
                break;
            }
        }
        // `i` stops on an ASCII byte or at the start of a character.
        let raw = text.get(start..i).unwrap_or("");
        // A word of ASCII letters and digits needs no trimming or splitting;
        // anything else takes the general path.
        if seen & (JOINER | OTHER) != 0 {
            raw_word(raw, scratch, &mut f);
        } else if raw.len() >= 2 && raw.len() <= 40 {
            let lower = if seen & UPPER != 0 {
                ascii_lowered(raw, scratch)
            } else {
                Word::Text(raw)
            };
            if raw.len() > 4 || !stop_word(lower.as_str()) {
                f(lower);
            }
        }
    }
}

/// An ASCII `word` lower-cased into `scratch`.
fn ascii_lowered<'s>(word: &str, scratch: &'s mut String) -> Word<'static, 's> {
    scratch.clear();
    scratch.push_str(word);
    scratch.make_ascii_lowercase();
    Word::Lowered(scratch.as_str())
}

/// The length of the letter or digit starting at byte `i` of `text`, if one does.
fn alphanumeric_at(text: &str, i: usize) -> Option<usize> {
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_alphanumeric())
        .map(char::len_utf8)
}

/// One run of word characters: trimmed, lower-cased, split if it is an id.
fn raw_word<'a>(raw: &'a str, scratch: &mut String, f: &mut impl FnMut(Word<'a, '_>)) {
    let word = raw.trim_matches(|c: char| c == '.' || c == '-' || c == '_');
    if word.is_empty() {
        return;
    }
    let lower = if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            ascii_lowered(word, scratch)
        } else {
            Word::Text(word)
        }
    } else {
        *scratch = word.to_lowercase();
        Word::Lowered(scratch.as_str())
    };
    if lower.as_str().contains(['.', '-', '_']) {
        match lower {
            Word::Text(w) => w
                .split(['.', '-', '_'])
                .filter(|p| indexable(p))
                .for_each(|p| f(Word::Text(p))),
            Word::Lowered(w) => w
                .split(['.', '-', '_'])
                .filter(|p| indexable(p))
                .for_each(|p| f(Word::Lowered(p))),
        }
    }
    if indexable(lower.as_str()) {
        f(lower);
    }
}

/// The stem of an index or query word: a light English suffix stripper, so
/// `backups`, `backing` and `backed` all find `backup`/`back`. Only words
/// of four or more ASCII lower-case letters are touched (ids, numbers and
/// other scripts stay whole), and the stem is always a prefix of the word.
/// `static/search.js` applies the same rules to the query (`stem` there);
/// keep the two in step.
///
/// 1. One suffix: `-sses` to `-ss`; `-ies` dropped; `-ss`, `-us`, `-is`
///    kept; `-s` dropped; `-ing` and `-ed` dropped when at least three
///    letters with a vowel remain.
/// 2. Then, when four or more letters remain: a final `e` or `y` dropped,
///    and a doubled final consonant other than `l`, `s`, `z` undoubled.
pub fn stem(word: &str) -> &str {
    let b = word.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return word;
    }
    let vowel = |s: &[u8]| s.iter().any(|c| b"aeiouy".contains(c));
    let mut end = b.len();
    if word.ends_with("sses") {
        end -= 2;
    } else if word.ends_with("ies") {
        if end - 3 >= 3 {
            end -= 3;
        }
    } else if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
    } else if word.ends_with('s') {
        end -= 1;
    } else if word.ends_with("ing") && end - 3 >= 3 && vowel(&b[..end - 3]) {
        end -= 3;
    } else if word.ends_with("ed") && end - 2 >= 3 && vowel(&b[..end - 2]) {
        end -= 2;
    }
    if end >= 4 && matches!(b[end - 1], b'e' | b'y') {
        end -= 1;
    }
    if end >= 4 && b[end - 1] == b[end - 2] && !b"lszaeiouy".contains(&b[end - 1]) {
        end -= 1;
    }
    &word[..end]
}

/// Words of a text, sorted and without repeats (see [`each_word`]).
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, &mut String::new(), |w| {
        out.push(w.as_str().to_string())
    });
    out.sort_unstable();
    out.dedup();
    out
}

pub(crate) fn indexable(word: &str) -> bool {
    word.len() <= 40 && word.chars().nth(1).is_some() && (word.len() > 4 || !stop_word(word))
}

/// Common English words not worth indexing.
pub(crate) fn stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "were"
            | "will"
            | "with"
    )
}

/// The text with whitespace collapsed, up to the word that passes
/// `EXCERPT` characters (or all of it).
pub(crate) fn lead(text: &str) -> String {
    let mut collapsed = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
            chars += 1;
        }
        collapsed.push_str(word);
        chars += word.chars().count();
        if chars > EXCERPT {
            break;
        }
    }
    collapsed
}

/// The text with whitespace collapsed, cut after `EXCERPT` characters.
pub(crate) fn excerpt(text: &str) -> String {
    let collapsed = lead(text);
    match collapsed.char_indices().nth(EXCERPT) {
        Some((i, _)) => format!("{}…", &collapsed[..i]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// The table `static/search.js` is checked against too (tests/browser),
    /// so the index and the query are stemmed alike.
    const STEMS: &str = include_str!("../../tests/fixtures/search/stems.json");

    #[test]
    fn stems_strip_plural_ing_and_ed() {
        let table: Vec<(String, String)> = serde_json::from_str(STEMS).expect("stems.json");
        assert!(table.len() > 30);
        for (word, expected) in &table {
            assert_eq!(stem(word), expected, "stem of {word}");
            assert!(word.starts_with(stem(word)), "a stem is a prefix: {word}");
        }
        // A plural and its singular meet.
        for (a, b) in [
            ("backups", "backup"),
            ("policies", "policy"),
            ("risks", "risk"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} ~ {b}");
        }
    }
}

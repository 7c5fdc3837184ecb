//! The client-side search index, shipped as a script so it works offline and
//! from `file://` (browsers refuse `fetch` of local JSON).
//!
//! Every page is a document: URL, title, kind, an excerpt for the result
//! snippet, and its words. The index maps each word to the documents holding
//! it, as delta-encoded base-36 numbers, which keeps it small; `static/search.js`
//! matches prefixes of the query words and ranks title hits first.

use crate::model::Text;
use crate::resolve::links::parser_options;
use crate::resolve::Site;
use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Characters of text kept per page for the result snippet.
const EXCERPT: usize = 600;

/// One searchable page.
pub struct Entry {
    /// URL relative to the site root.
    pub url: String,
    /// Title shown in results.
    pub title: String,
    /// Kind label (`Document`, `Action`...).
    pub kind: &'static str,
    /// Title words (ranked higher).
    pub title_text: String,
    /// Body text.
    pub body: String,
}

/// Plain text of Markdown.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A word as indexed: a slice of the text itself, or (when lower-casing
/// changed it) of a scratch buffer.
#[derive(Clone, Copy)]
enum Word<'a, 's> {
    Text(&'a str),
    Lowered(&'s str),
}

impl Word<'_, '_> {
    fn as_str(&self) -> &str {
        match self {
            Word::Text(w) | Word::Lowered(w) => w,
        }
    }
}

/// What an ASCII byte is to the word splitter.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    /// Ends a word.
    Space,
    /// Lower-case letter or digit.
    Plain,
    /// Upper-case letter.
    Upper,
    /// `.`, `-` or `_`: inside ids, trimmed at the ends.
    Joiner,
    /// Start of a non-ASCII character.
    Other,
}

/// The class of each byte value.
const CLASSES: [Class; 256] = {
    let mut t = [Class::Space; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            Class::Plain
        } else if c.is_ascii_uppercase() {
            Class::Upper
        } else if c == b'.' || c == b'-' || c == b'_' {
            Class::Joiner
        } else if c >= 0x80 {
            Class::Other
        } else {
            Class::Space
        };
        b += 1;
    }
    t
};

/// Call `f` with each word of `text`, repeats included: lower case; ids such
/// as `a.8.5` or `ca-2025-004` are given whole and also split into their
/// parts. `scratch` holds words that lower-casing changed.
fn each_word<'a>(text: &'a str, scratch: &mut String, mut f: impl FnMut(Word<'a, '_>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the start of a word.
        let class = CLASSES[usize::from(bytes[i])];
        if class == Class::Space {
            i += 1;
            continue;
        }
        if class == Class::Other && alphanumeric_at(text, i).is_none() {
            i += 1;
            continue;
        }
        // A word of ASCII letters and digits needs no trimming or splitting;
        // anything else takes the general path.
        let start = i;
        let (mut upper, mut simple) = (false, true);
        while i < bytes.len() {
            match CLASSES[usize::from(bytes[i])] {
                Class::Plain => {}
                Class::Upper => upper = true,
                Class::Joiner => simple = false,
                Class::Space => break,
                Class::Other => match alphanumeric_at(text, i) {
                    Some(len) => {
                        simple = false;
                        i += len;
                        continue;
                    }
                    None => break,
                },
            }
            i += 1;
        }
        // `i` stops on an ASCII byte or at the start of a character.
        let raw = text.get(start..i).unwrap_or("");
        if !simple {
            raw_word(raw, scratch, &mut f);
        } else if raw.len() >= 2 && raw.len() <= 40 {
            let lower = if upper {
                scratch.clear();
                scratch.push_str(raw);
                scratch.make_ascii_lowercase();
                Word::Lowered(scratch.as_str())
            } else {
                Word::Text(raw)
            };
            if raw.len() > 4 || !stop_word(lower.as_str()) {
                f(lower);
            }
        }
    }
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
            scratch.clear();
            scratch.push_str(word);
            scratch.make_ascii_lowercase();
            Word::Lowered(scratch.as_str())
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

/// Words of a text, sorted and without repeats (see [`each_word`]).
#[cfg(test)]
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, &mut String::new(), |w| {
        out.push(w.as_str().to_string())
    });
    out.sort_unstable();
    out.dedup();
    out
}

fn indexable(word: &str) -> bool {
    word.len() <= 40 && word.chars().nth(1).is_some() && (word.len() > 4 || !stop_word(word))
}

/// Common English words not worth indexing.
fn stop_word(word: &str) -> bool {
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

/// Append `text` as a JSON string that is safe inside a `<script>` file.
fn push_js_string(out: &mut String, text: &str) {
    let plain = !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') && !text.contains("</");
    if plain {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&js_string(text));
    }
}

fn js_string(text: &str) -> String {
    // JSON string, safe inside a <script> file.
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".to_string())
        .replace("</", "<\\/")
}

/// The text with whitespace collapsed, cut after `EXCERPT` characters.
fn excerpt(text: &str) -> String {
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
    match collapsed.char_indices().nth(EXCERPT) {
        Some((i, _)) => format!("{}…", &collapsed[..i]),
        None => collapsed,
    }
}

/// Append `n` in base 36.
fn push_base36(out: &mut String, mut n: usize) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// For each word, the pages holding it, in page order.
#[derive(Default)]
struct Postings<'a>(FxHashMap<Cow<'a, str>, Vec<usize>>);

impl<'a> Postings<'a> {
    /// Record that page `doc` (not before any page recorded yet) holds `word`.
    fn add(&mut self, word: Word<'a, '_>, doc: usize) {
        if let Some(docs) = self.0.get_mut(word.as_str()) {
            if docs.last() != Some(&doc) {
                docs.push(doc);
            }
        } else {
            let key = match word {
                Word::Text(w) => Cow::Borrowed(w),
                Word::Lowered(w) => Cow::Owned(w.to_string()),
            };
            self.0.insert(key, vec![doc]);
        }
    }

    /// Append the postings of pages after all of `self`'s.
    fn append(&mut self, later: Postings<'a>) {
        for (word, docs) in later.0 {
            match self.0.get_mut(&*word) {
                Some(mine) => mine.extend(docs),
                None => {
                    self.0.insert(word, docs);
                }
            }
        }
    }

    /// Postings in word order.
    fn by_word(self) -> Vec<(Cow<'a, str>, Vec<usize>)> {
        let mut v: Vec<_> = self.0.into_iter().collect();
        v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

/// Postings of all words and of title words.
#[derive(Default)]
struct Index<'a> {
    words: Postings<'a>,
    titles: Postings<'a>,
}

impl<'a> Index<'a> {
    /// The postings of `entries`, the first being page `first`.
    fn of(entries: &'a [Entry], first: usize) -> Index<'a> {
        let mut index = Index::default();
        let mut scratch = String::new();
        for (i, e) in entries.iter().enumerate() {
            let doc = first + i;
            each_word(&e.title_text, &mut scratch, |w| {
                index.titles.add(w, doc);
                index.words.add(w, doc);
            });
            each_word(&e.body, &mut scratch, |w| index.words.add(w, doc));
        }
        index
    }

    fn append(mut self, later: Index<'a>) -> Index<'a> {
        self.words.append(later.words);
        self.titles.append(later.titles);
        self
    }
}

/// `entries` cut into at most `n` runs `(first, end)` of about equal text.
fn split_even(entries: &[Entry], n: usize) -> Vec<(usize, usize)> {
    let size = |e: &Entry| e.body.len() + e.title_text.len() + 1;
    let total: usize = entries.iter().map(size).sum();
    let share = total.div_ceil(n.max(1)).max(1);
    let mut runs = Vec::new();
    let (mut first, mut filled) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        filled += size(e);
        if filled >= share {
            runs.push((first, i + 1));
            (first, filled) = (i + 1, 0);
        }
    }
    if first < entries.len() {
        runs.push((first, entries.len()));
    }
    runs
}

/// Append `"word":"postings",` lines.
fn push_postings(out: &mut String, postings: Vec<(Cow<'_, str>, Vec<usize>)>) {
    for (word, docs) in postings {
        push_js_string(out, &word);
        out.push_str(":\"");
        let mut prev = 0;
        for (k, &d) in docs.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_base36(out, d - prev);
            prev = d;
        }
        out.push_str("\",\n");
    }
}

/// Build `search-index.js` from the pages.
pub fn index_script(entries: &[Entry]) -> Vec<u8> {
    // Pages are indexed in parallel in runs of about equal text (a few per
    // thread: each run's word table costs memory); runs merge in page order.
    let runs = split_even(entries, rayon::current_num_threads() * 2);
    let (rows, index) = rayon::join(
        || {
            entries
                .par_iter()
                .map(|e| {
                    let mut row = String::from("[");
                    push_js_string(&mut row, &e.url);
                    row.push(',');
                    push_js_string(&mut row, &e.title);
                    row.push(',');
                    push_js_string(&mut row, e.kind);
                    row.push(',');
                    push_js_string(&mut row, &excerpt(&e.body));
                    row.push_str("],\n");
                    row
                })
                .collect::<Vec<String>>()
        },
        || {
            runs.par_iter()
                .map(|&(first, end)| Index::of(&entries[first..end], first))
                .reduce(Index::default, Index::append)
        },
    );
    let (words, titles) = rayon::join(|| index.words.by_word(), || index.titles.by_word());
    let mut out = String::with_capacity(
        rows.iter().map(String::len).sum::<usize>() + 64 * (words.len() + titles.len()) + 256,
    );
    out.push_str("/* isms-site search index */\nwindow.ISMS_SEARCH={docs:[\n");
    out.extend(rows);
    out.push_str("],\nwords:{\n");
    push_postings(&mut out, words);
    out.push_str("},\ntitles:{\n");
    push_postings(&mut out, titles);
    out.push_str("}};\n");
    out.into_bytes()
}

fn text(t: &Text) -> String {
    plain_text(&t.markdown)
}

/// One entry per record, clause and control page.
pub fn entries(site: &Site) -> Vec<Entry> {
    let s = &site.source;
    let mut out = Vec::new();
    let mut push = |url: String, id: &str, title: &str, kind: &'static str, body: String| {
        out.push(Entry {
            url,
            title: format!("{id} {title}"),
            kind,
            title_text: format!("{id} {title}"),
            body,
        });
    };
    let bodies: Vec<String> = s
        .documents
        .par_iter()
        .map(|d| {
            let mut body = d.summary.clone().unwrap_or_default();
            body.push(' ');
            body.push_str(&text(&d.body));
            body
        })
        .collect();
    for (d, body) in s.documents.iter().zip(bodies) {
        push(
            format!("documents/{}.html", d.id),
            &d.id,
            &d.title,
            "Document",
            body,
        );
    }
    for a in &s.audits {
        let body = format!(
            "{} {}",
            a.scope.clone().unwrap_or_default(),
            text(&a.summary)
        );
        push(
            format!("audits/{}.html", a.id),
            &a.id,
            &a.title,
            "Audit",
            body,
        );
        for f in &a.findings {
            let refs: Vec<&str> = f
                .clauses
                .iter()
                .chain(&f.controls)
                .map(|r| r.id.as_str())
                .collect();
            let body = format!(
                "{} {} {}",
                f.finding_type.label(),
                refs.join(" "),
                text(&f.description)
            );
            push(
                format!("findings/{}.html", f.id),
                &f.id,
                &f.title,
                "Finding",
                body,
            );
        }
    }
    for x in &s.actions {
        let refs: Vec<&str> = x
            .sources
            .iter()
            .chain(&x.controls)
            .map(|r| r.id.as_str())
            .collect();
        let body = format!(
            "{} {} {} {}",
            x.owner.as_ref().map(|o| o.id.as_str()).unwrap_or(""),
            refs.join(" "),
            text(&x.root_cause),
            text(&x.plan)
        );
        push(
            format!("actions/{}.html", x.id),
            &x.id,
            &x.title,
            "Action",
            body,
        );
    }
    for r in &s.reviews {
        let mut body: String = r
            .inputs
            .iter()
            .map(|(_, t)| text(t))
            .collect::<Vec<_>>()
            .join(" ");
        for d in &r.decisions {
            body.push(' ');
            body.push_str(&text(d));
        }
        push(
            format!("reviews/{}.html", r.id),
            &r.id,
            &r.title,
            "Management review",
            body,
        );
    }
    for m in &s.metrics {
        push(
            format!("metrics/{}.html", m.id),
            &m.id,
            &m.title,
            "Metric",
            text(&m.method),
        );
    }
    for c in &site.catalog.clauses {
        push(
            format!("clauses/{}.html", c.id),
            &c.id,
            &c.title,
            "Clause",
            String::new(),
        );
    }
    for c in &site.catalog.controls {
        push(
            format!("controls/{}.html", c.id),
            &c.id,
            &c.title,
            "Control",
            c.iso2013.join(" "),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitter before it was rewritten for speed: split, trim, lower
    /// case, parts of ids, sort, dedup. The index must keep its words.
    fn reference_words(text: &str) -> Vec<String> {
        const STOP: &[&str] = &[
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
            "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were",
            "will", "with",
        ];
        let ok = |w: &str| {
            w.len() <= 40 && w.chars().nth(1).is_some() && (w.len() > 4 || !STOP.contains(&w))
        };
        let mut out = Vec::new();
        for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '_'))
        {
            let word = raw.trim_matches(|c: char| c == '.' || c == '-' || c == '_');
            if word.is_empty() {
                continue;
            }
            let lower = word.to_lowercase();
            if lower.contains(['.', '-', '_']) {
                out.extend(
                    lower
                        .split(['.', '-', '_'])
                        .filter(|p| ok(p))
                        .map(String::from),
                );
            }
            if ok(&lower) {
                out.push(lower);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn words_are_those_of_the_reference_splitter() {
        let cases = [
            "See A.8.5 and CA-2025-004: the MFA rule.",
            "ÉTÉ Straße ΣΟΦΟΣ naïve İstanbul x² ½ Ⅻ café-Crème _x_ --a-b-- ..9.. A_B.c-D",
            "The THE tHe An AN a. .a to-do TO-DO it's it’s 日本語のテキスト 한국어 \u{1f600}smile",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "\u{a0}nbsp\u{2003}em\u{200b}zw\tTab\nNL\r\nCRLF a-\u{e9}-b \u{301}x \u{e9}.\u{c9}",
            "",
        ];
        for text in cases {
            assert_eq!(words(text), reference_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_the_reference(text in "[a-zA-Z0-9 ._\\-,:/<>\u{e9}\u{c9}\u{3a3}\u{3c3}\u{130}\u{df}\u{a0}\u{2003}\u{1f600}\u{301}]{0,80}") {
            proptest::prop_assert_eq!(words(&text), reference_words(&text));
        }
    }

    #[test]
    fn words_keep_ids_whole_and_split() {
        let w = words("See A.8.5 and CA-2025-004: the MFA rule.");
        for expected in [
            "a.8.5",
            "ca-2025-004",
            "ca",
            "2025",
            "004",
            "mfa",
            "rule",
            "see",
        ] {
            assert!(w.iter().any(|x| x == expected), "{expected} in {w:?}");
        }
        assert!(!w.iter().any(|x| x == "the" || x == "and"));
        assert!(
            w.windows(2).all(|p| p[0] < p[1]),
            "sorted, no repeats: {w:?}"
        );
    }

    #[test]
    fn index_is_a_script_with_delta_postings() {
        let e = |t: &str, b: &str| Entry {
            url: format!("{t}.html"),
            title: t.into(),
            kind: "Document",
            title_text: t.into(),
            body: b.into(),
        };
        let script = String::from_utf8(index_script(&[
            e("one", "backup tapes"),
            e("two", "</script> backup"),
        ]))
        .unwrap();
        assert!(script.starts_with("/* isms-site search index */\nwindow.ISMS_SEARCH="));
        assert!(script.contains("\"backup\":\"0,1\""), "{script}");
        assert!(!script.contains("</script>"));
        let mut b = String::new();
        push_base36(&mut b, 71);
        assert_eq!(b, "1z");
    }
}

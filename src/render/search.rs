//! The client-side search index, shipped as a script so it works offline and
//! from `file://` (browsers refuse `fetch` of local JSON).
//!
//! Every page is a document: URL, title, kind, an excerpt for the result
//! snippet, and its words. The index maps each word to the documents holding
//! it, as delta-encoded base-36 numbers, which keeps it small; `static/search.js`
//! matches prefixes of the query words and ranks title hits first.

use super::bodies::Bodies;
use crate::model::Text;
use crate::resolve::links::parser_options;
use crate::resolve::Site;
use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
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
    /// More words of the page, already split (see [`BodyText`]): lower
    /// case, each once, separated by spaces.
    pub words: String,
}

/// Plain text of Markdown.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, parser_options()) {
        push_text(&mut out, &event);
    }
    out
}

/// Append the text of one Markdown event.
fn push_text(out: &mut String, event: &Event<'_>) {
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
    words: String,
    /// The text, whitespace collapsed, up to the word that passes `EXCERPT`
    /// characters: what [`excerpt`] reads of it.
    lead: String,
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
fn each_word<'a>(text: &'a str, scratch: &mut String, mut f: impl FnMut(Word<'a, '_>)) {
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

/// The text with whitespace collapsed, up to the word that passes
/// `EXCERPT` characters (or all of it).
fn lead(text: &str) -> String {
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
fn excerpt(text: &str) -> String {
    let collapsed = lead(text);
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
            for w in e.words.split(' ').filter(|w| !w.is_empty()) {
                index.words.add(Word::Text(w), doc);
            }
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
fn index_script(entries: &[Entry]) -> Vec<u8> {
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

/// Build `search-index.js` for `site`, with the document text the pages
/// left in `bodies` (else parsed here): the same bytes either way.
pub fn script(site: &Site, bodies: Option<&Bodies>) -> Vec<u8> {
    index_script(&entries(site, bodies))
}

/// One entry per record, clause and control page; document text comes from
/// `bodies` where there is some.
fn entries(site: &Site, bodies: Option<&Bodies>) -> Vec<Entry> {
    let s = &site.source;
    let mut out = Vec::new();
    let mut push = |url: String, id: &str, title: &str, kind: &'static str, body: String| {
        out.push(Entry {
            url,
            title: format!("{id} {title}"),
            kind,
            title_text: format!("{id} {title}"),
            body,
            words: String::new(),
        });
    };
    let texts: Vec<BodyText> = (0..s.documents.len())
        .into_par_iter()
        .map(|i| super::bodies::search_text(bodies, site, i))
        .collect();
    for (d, text) in s.documents.iter().zip(&texts) {
        // The body's words are in `words`; its lead gives the same excerpt
        // as its whole text.
        let mut body = d.summary.clone().unwrap_or_default();
        body.push(' ');
        body.push_str(&text.lead);
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
    for (entry, text) in out.iter_mut().zip(texts) {
        entry.words = text.words;
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

    /// Documents enter the index as their words and the lead of their text;
    /// the script is the one their whole text gives, and the same whether the
    /// text comes from the pages' parse (`build`) or a parse of its own.
    #[test]
    fn document_words_and_lead_index_as_the_whole_text() {
        let site = &crate::pipeline::sample().site;
        let docs = site.source.documents.len();
        let mut whole = entries(site, None);
        for (e, d) in whole.iter_mut().zip(&site.source.documents) {
            e.body = format!(
                "{} {}",
                d.summary.clone().unwrap_or_default(),
                plain_text(&d.body.markdown)
            );
            e.words.clear();
        }
        assert!(whole[..docs]
            .iter()
            .any(|e| e.body.chars().count() > 3 * EXCERPT));
        let expected = index_script(&whole);
        assert_eq!(index_script(&entries(site, None)), expected);
        let bodies = Bodies::new(site);
        for i in 0..docs {
            super::super::bodies::page(Some(&bodies), site, i);
        }
        assert_eq!(script(site, Some(&bodies)), expected);
        assert_eq!(script(site, None), expected);
    }

    #[test]
    fn index_is_a_script_with_delta_postings() {
        let e = |t: &str, b: &str| Entry {
            url: format!("{t}.html"),
            title: t.into(),
            kind: "Document",
            title_text: t.into(),
            body: b.into(),
            words: String::new(),
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

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
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Characters of text kept per page for the result snippet.
const EXCERPT: usize = 600;

/// Common English words not worth indexing.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
];

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

/// Words of a text, sorted and without repeats: lower case; ids such as
/// `a.8.5` or `ca-2025-004` are kept whole and also split into their parts.
/// Words already in lower case are borrowed, not copied.
fn words(text: &str) -> Words<'_> {
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '_')) {
        let word = raw.trim_matches(|c: char| c == '.' || c == '-' || c == '_');
        if word.is_empty() {
            continue;
        }
        let lower: Cow<'_, str> = if word.is_ascii() {
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(word.to_ascii_lowercase())
            } else {
                Cow::Borrowed(word)
            }
        } else {
            Cow::Owned(word.to_lowercase())
        };
        if lower.contains(['.', '-', '_']) {
            let parts: Vec<Cow<'_, str>> = match &lower {
                Cow::Borrowed(w) => w.split(['.', '-', '_']).map(Cow::Borrowed).collect(),
                Cow::Owned(w) => w
                    .split(['.', '-', '_'])
                    .map(|p| Cow::Owned(p.to_string()))
                    .collect(),
            };
            out.extend(parts.into_iter().filter(|p| indexable(p)));
        }
        if indexable(&lower) {
            out.push(lower);
        }
    }
    out.sort_unstable();
    out.dedup();
    out.shrink_to_fit();
    out
}

fn indexable(word: &str) -> bool {
    // Stop words are at most 4 bytes long.
    word.len() <= 40
        && word.chars().nth(1).is_some()
        && (word.len() > 4 || !STOP_WORDS.contains(&word))
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

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A page's words, sorted.
type Words<'a> = Vec<Cow<'a, str>>;

/// Postings in word order.
fn by_word(map: HashMap<&str, Vec<usize>>) -> Vec<(&str, Vec<usize>)> {
    let mut v: Vec<(&str, Vec<usize>)> = map.into_iter().collect();
    v.sort_unstable_by(|a, b| a.0.cmp(b.0));
    v
}

/// Build `search-index.js` from the pages.
pub fn index_script(entries: &[Entry]) -> Vec<u8> {
    // Split every page into words in parallel; merge in page order.
    let split: Vec<(Words<'_>, Words<'_>)> = entries
        .par_iter()
        .map(|e| (words(&e.title_text), words(&e.body)))
        .collect();
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut title_postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (title_words, body_words)) in split.iter().enumerate() {
        for w in title_words {
            title_postings.entry(w).or_default().push(i);
        }
        for w in body_words.iter().chain(title_words) {
            let docs = postings.entry(w).or_default();
            if docs.last() != Some(&i) {
                docs.push(i);
            }
        }
    }
    let (postings, title_postings) = (by_word(postings), by_word(title_postings));
    let encode = |docs: &[usize]| {
        let mut prev = 0;
        let parts: Vec<String> = docs
            .iter()
            .map(|&d| {
                let delta = d - prev;
                prev = d;
                base36(delta)
            })
            .collect();
        parts.join(",")
    };
    let mut out = String::from("/* isms-site search index */\nwindow.ISMS_SEARCH={docs:[\n");
    let rows: Vec<String> = entries
        .par_iter()
        .map(|e| {
            format!(
                "[{},{},{},{}],\n",
                js_string(&e.url),
                js_string(&e.title),
                js_string(e.kind),
                js_string(&excerpt(&e.body))
            )
        })
        .collect();
    out.extend(rows);
    out.push_str("],\nwords:{\n");
    for (w, docs) in &postings {
        let _ = writeln!(out, "{}:{},", js_string(w), js_string(&encode(docs)));
    }
    out.push_str("},\ntitles:{\n");
    for (w, docs) in &title_postings {
        let _ = writeln!(out, "{}:{},", js_string(w), js_string(&encode(docs)));
    }
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
        assert_eq!(base36(71), "1z");
    }
}

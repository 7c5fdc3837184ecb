//! The client-side search index, shipped as a script so it works offline and
//! from `file://` (browsers refuse `fetch` of local JSON).
//!
//! Every page is a document: URL, title, kind, an excerpt for the result
//! snippet, and its words. The index maps each word to the documents holding
//! it, as delta-encoded base-36 numbers, which keeps it small; `static/search.js`
//! matches prefixes of the query words and ranks title hits first.

use crate::analyse::Analysis;
use crate::model::Date;
use crate::model::RecordKind;
use crate::model::Text;
use crate::render::bodies::{self, Bodies};
use crate::render::text::{each_word, excerpt, plain_text, stem, BodyText, Word};
use crate::render::view::target_badge;
use crate::resolve::{routes, Site, Target};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

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
    /// Its status at the as-of date, as its badge says (empty: none).
    pub status: String,
    /// Its date, with what it is (`Approved 2026-03-01`, `Due ...`; empty: none).
    pub date: String,
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

/// Word tables by the first byte of their words: sorted one by one and put
/// in byte order, they give every word in order, so each is merged, sorted
/// and written out on its own thread.
const SHARDS: usize = 256;

/// The word table a word belongs to.
fn shard(word: &str) -> usize {
    word.as_bytes().first().map_or(0, |&b| usize::from(b))
}

/// For each word, the pages holding it, in page order.
#[derive(Default)]
struct Postings<'a>(FxHashMap<Cow<'a, str>, Vec<usize>>);

/// Postings in [`SHARDS`] tables by first byte.
struct Sharded<'a>(Vec<Postings<'a>>);

impl Default for Sharded<'_> {
    fn default() -> Self {
        Sharded((0..SHARDS).map(|_| Postings::default()).collect())
    }
}

impl<'a> Sharded<'a> {
    fn add(&mut self, word: Word<'a, '_>, doc: usize) {
        self.0[shard(word.as_str())].add(word, doc);
    }
}

/// The `"word":"postings",` lines of runs of pages (in page order), each
/// table merged, sorted and written on its own thread, in word order.
fn merged_lines(runs: Vec<Sharded<'_>>) -> Vec<String> {
    let mut by_shard: Vec<Vec<Postings<'_>>> = (0..SHARDS).map(|_| Vec::new()).collect();
    for run in runs {
        for (s, postings) in run.0.into_iter().enumerate() {
            if !postings.0.is_empty() {
                by_shard[s].push(postings);
            }
        }
    }
    by_shard
        .into_par_iter()
        .map(|tables| {
            let mut tables = tables.into_iter();
            let Some(mut merged) = tables.next() else {
                return String::new();
            };
            for later in tables {
                merged.append(later);
            }
            let postings = merged.by_word();
            let mut out = String::with_capacity(64 * postings.len());
            push_postings(&mut out, postings);
            out
        })
        .collect()
}

impl<'a> Postings<'a> {
    /// Record that page `doc` (not before any page recorded yet) holds
    /// `word`, indexed by its stem ([`stem`]).
    fn add(&mut self, word: Word<'a, '_>, doc: usize) {
        let word = match word {
            Word::Text(w) => Word::Text(stem(w)),
            Word::Lowered(w) => Word::Lowered(stem(w)),
        };
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
    words: Sharded<'a>,
    titles: Sharded<'a>,
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
    // thread: each run's word table costs memory); runs merge in page order,
    // each table of words by first byte on its own thread ([`SHARDS`]).
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
                    row.push(',');
                    push_js_string(&mut row, &e.status);
                    row.push(',');
                    push_js_string(&mut row, &e.date);
                    row.push_str("],\n");
                    row
                })
                .collect::<Vec<String>>()
        },
        || {
            runs.par_iter()
                .map(|&(first, end)| Index::of(&entries[first..end], first))
                .collect::<Vec<Index>>()
        },
    );
    let (words, titles): (Vec<_>, Vec<_>) = index.into_iter().map(|i| (i.words, i.titles)).unzip();
    let (words, titles) = rayon::join(|| merged_lines(words), || merged_lines(titles));
    let lines = |v: &[String]| v.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(
        rows.iter().map(String::len).sum::<usize>() + lines(&words) + lines(&titles) + 256,
    );
    out.push_str("/* isms-site search index */\nwindow.ISMS_SEARCH={docs:[\n");
    out.extend(rows);
    out.push_str("],\nwords:{\n");
    out.extend(words);
    out.push_str("},\ntitles:{\n");
    out.extend(titles);
    out.push_str("}};\n");
    out.into_bytes()
}

fn text(t: &Text) -> String {
    plain_text(&t.markdown)
}

/// Build `search-index.js` for `site` at `analysis`'s as-of date, with the
/// document text the pages left in `bodies` (else parsed here): the same
/// bytes either way.
pub fn script(site: &Site, analysis: &Analysis, bodies: Option<&Bodies>) -> Vec<u8> {
    index_script(&entries(site, analysis, bodies))
}

/// A record's status (its badge's label) and its date with what it is, for
/// its search result.
fn meta(site: &Site, analysis: &Analysis, target: Target) -> (String, String) {
    let s = &site.source;
    let status = target_badge(site, analysis, target)
        .map(|b| b.label)
        .unwrap_or_default();
    let dated =
        |label: &str, date: Option<Date>| date.map(|d| format!("{label} {d}")).unwrap_or_default();
    let date = match target {
        Target::Document(i) => dated("Approved", s.documents[i].approved_on),
        Target::Audit(i) => dated("Audited", s.audits[i].start.or(s.audits[i].end)),
        Target::Finding(a, _) => dated("Audited", s.audits[a].start.or(s.audits[a].end)),
        Target::Action(i) => dated("Due", s.actions[i].due_on(analysis.as_of)),
        Target::Review(i) => dated("Held", s.reviews[i].date),
        Target::Metric(i) => dated("Measured", s.metrics[i].measurements.last().map(|m| m.date)),
        Target::Risk(i) => dated("Assessed", s.risks[i].assessed_on),
        Target::Objective(i) => dated("Due", s.objectives[i].due),
        Target::Incident(i) => dated("Detected", s.incidents[i].detected),
        Target::Issue(i) => dated("Since", site.issues()[i].since),
        Target::Party(i) => dated("Since", site.parties()[i].since),
        Target::Clause(_) | Target::Control(_) => String::new(),
    };
    (status, date)
}

/// One entry per record, clause and control page; document text comes from
/// `bodies` where there is some.
fn entries(site: &Site, analysis: &Analysis, bodies: Option<&Bodies>) -> Vec<Entry> {
    let s = &site.source;
    let mut out = Vec::new();
    let mut push =
        |target: Target, url: String, id: &str, title: &str, kind: &'static str, body: String| {
            let (status, date) = meta(site, analysis, target);
            out.push(Entry {
                url,
                title: format!("{id} {title}"),
                kind,
                title_text: format!("{id} {title}"),
                body,
                words: String::new(),
                status,
                date,
            });
        };
    let texts: Vec<BodyText> = (0..s.documents.len())
        .into_par_iter()
        .map(|i| bodies::search_text(bodies, site, i))
        .collect();
    for (i, (d, text)) in s.documents.iter().zip(&texts).enumerate() {
        // The body's words are in `words`; its lead gives the same excerpt
        // as its whole text.
        let mut body = d.summary.clone().unwrap_or_default();
        body.push(' ');
        body.push_str(&text.lead);
        push(
            Target::Document(i),
            routes::record(RecordKind::Document, &d.id),
            &d.id,
            &d.title,
            RecordKind::Document.label(),
            body,
        );
    }
    for (ai, a) in s.audits.iter().enumerate() {
        let body = format!(
            "{} {}",
            a.scope.clone().unwrap_or_default(),
            text(&a.summary)
        );
        push(
            Target::Audit(ai),
            routes::record(RecordKind::Audit, &a.id),
            &a.id,
            &a.title,
            RecordKind::Audit.label(),
            body,
        );
        for (fi, f) in a.findings.iter().enumerate() {
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
                Target::Finding(ai, fi),
                routes::record(RecordKind::Finding, &f.id),
                &f.id,
                &f.title,
                RecordKind::Finding.label(),
                body,
            );
        }
    }
    for (i, x) in s.actions.iter().enumerate() {
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
            Target::Action(i),
            routes::record(RecordKind::Action, &x.id),
            &x.id,
            &x.title,
            RecordKind::Action.label(),
            body,
        );
    }
    for (i, r) in s.reviews.iter().enumerate() {
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
            Target::Review(i),
            routes::record(RecordKind::Review, &r.id),
            &r.id,
            &r.title,
            RecordKind::Review.label(),
            body,
        );
    }
    for (i, m) in s.metrics.iter().enumerate() {
        push(
            Target::Metric(i),
            routes::record(RecordKind::Metric, &m.id),
            &m.id,
            &m.title,
            RecordKind::Metric.label(),
            text(&m.method),
        );
    }
    for (i, r) in s.risks.iter().enumerate() {
        let body = [
            r.threat.as_deref().unwrap_or(""),
            r.vulnerability.as_deref().unwrap_or(""),
            &r.assets.join(" "),
            &text(&r.description),
        ]
        .join(" ");
        push(
            Target::Risk(i),
            routes::record(RecordKind::Risk, &r.id),
            &r.id,
            &r.title,
            RecordKind::Risk.label(),
            body,
        );
    }
    for (i, o) in s.objectives.iter().enumerate() {
        let body = [
            o.target.as_deref().unwrap_or(""),
            &text(&o.plan),
            o.evaluation.as_deref().unwrap_or(""),
        ]
        .join(" ");
        push(
            Target::Objective(i),
            routes::record(RecordKind::Objective, &o.id),
            &o.id,
            &o.title,
            RecordKind::Objective.label(),
            body,
        );
    }
    for (i, x) in site.issues().iter().enumerate() {
        let body = [
            x.category.as_deref().unwrap_or(""),
            x.note.as_deref().unwrap_or(""),
        ]
        .join(" ");
        push(
            Target::Issue(i),
            routes::record(RecordKind::Context, &x.id),
            &x.id,
            &x.issue,
            "Context issue",
            body,
        );
    }
    for (i, x) in site.parties().iter().enumerate() {
        push(
            Target::Party(i),
            routes::record(RecordKind::Context, &x.id),
            &x.id,
            &x.party,
            "Interested party",
            x.needs.clone().unwrap_or_default(),
        );
    }
    for (n, i) in s.incidents.iter().enumerate() {
        let body = [i.assets.join(" "), text(&i.root_cause), text(&i.lessons)].join(" ");
        push(
            Target::Incident(n),
            routes::record(RecordKind::Incident, &i.id),
            &i.id,
            &i.title,
            RecordKind::Incident.label(),
            body,
        );
    }
    for (i, c) in site.catalog.clauses.iter().enumerate() {
        push(
            Target::Clause(i),
            routes::clause(&c.id),
            &c.id,
            &c.title,
            "Clause",
            String::new(),
        );
    }
    for (i, c) in site.catalog.controls.iter().enumerate() {
        push(
            Target::Control(i),
            routes::control(&c.id),
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
    use crate::render::text::{words, EXCERPT};

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
        let checked = crate::pipeline::sample();
        let (site, analysis) = (&checked.site, &checked.analysis);
        let docs = site.source.documents.len();
        let mut whole = entries(site, analysis, None);
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
        assert_eq!(index_script(&entries(site, analysis, None)), expected);
        let bodies = Bodies::new(site);
        for i in 0..docs {
            crate::render::bodies::page(Some(&bodies), site, i);
        }
        assert_eq!(script(site, analysis, Some(&bodies)), expected);
        assert_eq!(script(site, analysis, None), expected);
    }

    /// Each record's row carries its kind, its status at the as-of date and
    /// its date: what a result shows under its title.
    #[test]
    fn rows_carry_kind_status_and_date() {
        let checked = crate::pipeline::sample();
        let (site, analysis) = (&checked.site, &checked.analysis);
        let all = entries(site, analysis, None);
        let find = |url: &str| all.iter().find(|e| e.url == url).expect(url);
        let action = &site.source.actions[0];
        let row = find(&routes::record(RecordKind::Action, &action.id));
        assert_eq!(row.kind, "Action");
        assert!(!row.status.is_empty(), "an action has a status");
        if let Some(due) = action.due_on(analysis.as_of) {
            assert_eq!(row.date, format!("Due {due}"));
        }
        let doc = &site.source.documents[0];
        let row = find(&routes::record(RecordKind::Document, &doc.id));
        assert_eq!(row.kind, "Document");
        assert!(!row.status.is_empty());
        let clause = find(&routes::clause(&site.catalog.clauses[0].id));
        assert_eq!((clause.status.as_str(), clause.date.as_str()), ("", ""));
        assert!(all.iter().any(|e| e.date.starts_with("Approved 20")));
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
            status: "Approved".into(),
            date: "Approved 2026-01-02".into(),
        };
        let script = String::from_utf8(index_script(&[
            e("one", "backup tapes"),
            e("two", "</script> backups"),
        ]))
        .unwrap();
        assert!(script.starts_with("/* isms-site search index */\nwindow.ISMS_SEARCH="));
        // "backups" is indexed by its stem, with "backup".
        assert!(script.contains("\"backup\":\"0,1\""), "{script}");
        assert!(script.contains("\"tap\":\"0\""), "tapes: {script}");
        assert!(!script.contains("\"backups\""), "{script}");
        assert!(
            script.contains(",\"Approved\",\"Approved 2026-01-02\"],"),
            "status and date in each row: {script}"
        );
        assert!(!script.contains("</script>"));
        let mut b = String::new();
        push_base36(&mut b, 71);
        assert_eq!(b, "1z");
    }
}

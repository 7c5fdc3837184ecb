//! Links in Markdown: `[[ID]]`, `[[ID|text]]`, relative `.md` links, files.
//!
//! Every Markdown text (document bodies and Markdown-bearing YAML fields) is
//! scanned once for links and headings. Each link is classified against the
//! index and the file system; a link to nothing is an error at its line. The
//! same [`classify`] and [`slugify`] are used by `render`, so what is checked
//! here is exactly what is written there.

use super::files::{check_file, normalize_relative};
use super::{Backlink, Site, Target};
use crate::diag::{Diagnostic, Diagnostics, LineIndex, Location};
use crate::model::{RecordKind, Text, Texts};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

mod html;
mod mentions;
mod nesting;
mod published;

pub use html::*;
pub use mentions::*;
pub use nesting::*;
use published::*;

/// The Markdown dialect: CommonMark + GFM tables, task lists, footnotes,
/// strikethrough, and wiki links.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// A heading's anchor: lower case, letters and digits kept, spaces to `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Give each heading a unique anchor (`x`, `x-1`, `x-2`...).
pub fn unique_slugs<'a>(headings: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    headings
        .into_iter()
        .map(|h| {
            let base = slugify(h);
            let mut slug = base.clone();
            let mut n = 1;
            while !seen.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        })
        .collect()
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A page of the site: URL relative to the site root (with fragment).
    Page(String, Target),
    /// A file copied into the site, relative to the site root.
    File(String),
    /// `http(s)`, `mailto`, `tel`: left as written.
    External,
    /// `#fragment` within the same page.
    Anchor,
    /// A scheme that could run code (`javascript:`, `data:`...): removed.
    Unsafe,
    /// Leads nowhere; the reason is the diagnostic's message.
    Missing(String, String),
    /// A record that exists only after the as-of date, or whose file has an
    /// error of its own: shown as text, not reported.
    Later,
    /// A root-relative link written for the published site that names no
    /// document of SRC: a page of the organisation's website (the path as
    /// written), shown against `site_url`, else as text.
    SiteLink(String),
    /// A link written for the published site that several documents match
    /// (their source paths).
    Ambiguous(Vec<String>),
}

/// Classify `dest`, written in a file inside folder `base` (relative to SRC).
pub fn classify(site: &Site, base: &str, dest: &str, wiki: bool) -> LinkTarget {
    let dest = dest.trim();
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let with_fragment = |url: String| match fragment {
        Some(f) if !f.is_empty() => format!("{url}#{f}"),
        _ => url,
    };
    if wiki {
        return match site.get(path) {
            Some(target) => LinkTarget::Page(with_fragment(site.url(target)), target),
            None if site.is_known_elsewhere(path) => LinkTarget::Later,
            None => LinkTarget::Missing(
                format!("`[[{path}]]` links to no record, clause or control"),
                hint_for_id(site, path),
            ),
        };
    }
    if path.is_empty() {
        return LinkTarget::Anchor;
    }
    if let Some(scheme) = scheme_of(path) {
        return match scheme.as_str() {
            "http" | "https" | "mailto" | "tel" => LinkTarget::External,
            _ => LinkTarget::Unsafe,
        };
    }
    if path.starts_with("//") {
        return LinkTarget::External;
    }
    let path = path.split('?').next().unwrap_or(path);
    let decoded = percent_decode(path);
    let page = |i: usize| {
        let target = Target::Document(i);
        LinkTarget::Page(with_fragment(site.url(target)), target)
    };
    // Written for the published site: `/security-policies/vendor/`.
    if let Some(site_path) = decoded.strip_prefix('/').filter(|p| !p.starts_with('/')) {
        return match published(site, site_path, true) {
            Found::Document(i) => page(i),
            Found::File(rel) => LinkTarget::File(rel),
            Found::Several(paths) => LinkTarget::Ambiguous(paths),
            Found::Nothing => LinkTarget::SiteLink(dest.to_string()),
        };
    }
    let Some(rel) = normalize_relative(base, &decoded) else {
        return LinkTarget::Missing(
            format!("link `{dest}` points outside the source folder"),
            "link to files inside the source folder".to_string(),
        );
    };
    if is_markdown(&rel) {
        if let Some(&i) = site.doc_by_path.get(&rel) {
            return page(i);
        }
    } else {
        let at = Location::file(rel.clone());
        match check_file(&site.root, "", &rel, &at) {
            Ok(rel) => return LinkTarget::File(rel),
            Err(d) if !pretty_url(&rel) => {
                return LinkTarget::Missing(
                    format!("link `{dest}`: {}", d.message),
                    d.help.unwrap_or_default(),
                )
            }
            Err(_) => {}
        }
    }
    // A pretty URL (`vendor/`) or a slug, relative to this file.
    match published(site, &rel, false) {
        Found::Document(i) => page(i),
        Found::File(rel) => LinkTarget::File(rel),
        Found::Several(paths) => LinkTarget::Ambiguous(paths),
        Found::Nothing if is_markdown(&rel) => LinkTarget::Missing(
            format!("link `{dest}` points to a document that does not exist ({rel})"),
            "link with a path relative to this file, e.g. ../procedures/incident.md".to_string(),
        ),
        Found::Nothing => LinkTarget::Missing(
            format!("link `{dest}`: `{rel}` is neither a file nor a document"),
            format!("add the file at {rel}, or link a document as {rel}.md"),
        ),
    }
}

fn scheme_of(path: &str) -> Option<String> {
    let colon = path.find(':')?;
    let scheme = &path[..colon];
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Browsers ignore control characters and spaces inside a scheme.
    let cleaned: String = scheme
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    (valid || !cleaned.contains('/')).then(|| cleaned.to_ascii_lowercase())
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hint_for_id(site: &Site, id: &str) -> String {
    if !site.catalog.successors_of_2013(id).is_empty() || id.starts_with("A.") {
        return site.catalog.hint_for_unknown(id, id.starts_with("A."));
    }
    // Ids of files with an error of their own are candidates too: a
    // misspelt link to one should not suggest a neighbour.
    let mut ids: Vec<&str> = site
        .index
        .keys()
        .chain(site.unparsed.iter())
        .map(String::as_str)
        .collect();
    ids.sort_unstable();
    match crate::diag::did_you_mean(id, ids) {
        Some(near) => format!("did you mean `[[{near}]]`?"),
        None => "write the id of a record, a clause (9.2) or a control (A.8.5)".to_string(),
    }
}

/// A link found in Markdown.
#[derive(Debug, Clone)]
struct FoundLink {
    dest: String,
    wiki: bool,
    offset: usize,
}

/// What one Markdown text holds.
#[derive(Debug, Default, Clone)]
struct Scan {
    links: Vec<FoundLink>,
    headings: Vec<String>,
    /// Byte offset where nesting went beyond [`MAX_NESTING`]; the rest of the
    /// text is not scanned.
    too_deep: Option<usize>,
    /// What was too deep was a raw HTML tag's attributes.
    too_many_attributes: bool,
    /// Clause and control numbers in its prose.
    mentions: Vec<Mention>,
}

fn scan(markdown: &str) -> Scan {
    let mut out = Scan::default();
    let mut heading: Option<String> = None;
    let mut nesting = Nesting::default();
    let mut in_comment = false;
    let mut context = MentionContext::default();
    // Text runs split into several events: read together.
    let mut prose = String::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        if nesting.step(&event) {
            out.too_deep = Some(range.start);
            out.too_many_attributes = nesting.too_many_attributes;
            break;
        }
        if let Event::Text(t) = &event {
            if context.open() {
                prose.push_str(t);
            }
        } else if !prose.is_empty() {
            out.mentions.extend(find_mentions(&prose));
            prose.clear();
        }
        context.step(&event);
        match event {
            // `href`, `src` and `srcset` of raw HTML are links too.
            Event::Html(html) | Event::InlineHtml(html) => {
                let source = markdown.get(range.clone()).unwrap_or_default();
                for attr in html_url_attrs(&html, &mut in_comment) {
                    for url in attr.urls {
                        let written = &html[url.clone()];
                        // The event's text may lack a container's prefix
                        // (`> ` of a quote): find the value in the source.
                        let offset = if source.get(url.clone()) == Some(written) {
                            range.start + url.start
                        } else {
                            source
                                .find(written)
                                .map_or(range.start, |at| range.start + at)
                        };
                        out.links.push(FoundLink {
                            dest: html_unescape(written),
                            wiki: false,
                            offset,
                        });
                    }
                }
            }
            // `<name@example.com>` is an e-mail autolink, not a path.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => out.links.push(FoundLink {
                dest: dest_url.to_string(),
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
                offset: range.start,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => out.links.push(FoundLink {
                dest: dest_url.to_string(),
                wiki: false,
                offset: range.start,
            }),
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    out.headings.push(h);
                }
            }
            _ => {}
        }
    }
    out.mentions.extend(find_mentions(&prose));
    out
}

/// The location of byte `offset` of `text`, which starts at `at`.
fn offset_location(text: &Text, offset: usize, width: usize) -> Option<Location> {
    let at = text.at.as_ref()?;
    let lines = LineIndex::new(&text.markdown);
    let offset = offset.min(text.markdown.len());
    let line_in_text = lines.line_of(offset) - 1;
    let column_in_text = lines.column_of(offset);
    let block_scalar = at
        .source_line
        .as_deref()
        .is_some_and(|l| l.trim_end().ends_with(['|', '>', '-']) && at.file.ends_with(".yaml"));
    let (line, column, source_line) = if line_in_text == 0 && !block_scalar {
        // On the line of its key: the column and the line shown are the
        // file's, not the text's.
        (
            at.line,
            at.column + column_in_text - 1,
            at.source_line.clone(),
        )
    } else {
        (
            at.line + line_in_text + usize::from(block_scalar),
            column_in_text,
            lines.line(line_in_text + 1).map(str::to_string),
        )
    };
    Some(Location {
        file: at.file.clone(),
        line,
        column,
        width: width.max(1),
        source_line,
    })
}

/// One Markdown text to check: who wrote it, where its file is, the text.
struct Item<'a> {
    from: &'a str,
    base: String,
    text: &'a Text,
    document: Option<usize>,
}

fn folder_of(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

fn push<'a>(
    items: &mut Vec<Item<'a>>,
    from: &'a str,
    path: &str,
    text: &'a Text,
    document: Option<usize>,
) {
    if !text.is_empty() {
        items.push(Item {
            from,
            base: folder_of(path),
            text,
            document,
        });
    }
}

/// Every Markdown text of every record, each kind listed by its
/// [`Texts`]: the `match` names every kind, so a new one cannot be left out.
fn items(site: &Site) -> Vec<Item<'_>> {
    fn all<'a, R: Texts>(
        items: &mut Vec<Item<'a>>,
        record: &'a R,
        id: &'a str,
        path: &str,
        document: Option<usize>,
    ) {
        for text in record.texts() {
            push(items, id, path, text, document);
        }
    }
    let s = &site.source;
    let mut items = Vec::new();
    for kind in RecordKind::ALL {
        match kind {
            RecordKind::Document => {
                for (i, d) in s.documents.iter().enumerate() {
                    all(&mut items, &**d, &d.id, &d.path, Some(i));
                }
            }
            RecordKind::Audit => {
                for a in &s.audits {
                    all(&mut items, a, &a.id, &a.path, None);
                }
            }
            RecordKind::Finding => {
                for a in &s.audits {
                    for f in &a.findings {
                        all(&mut items, f, &f.id, &a.path, None);
                    }
                }
            }
            RecordKind::Action => {
                for x in &s.actions {
                    all(&mut items, x, &x.id, &x.path, None);
                }
            }
            RecordKind::Review => {
                for r in &s.reviews {
                    all(&mut items, r, &r.id, &r.path, None);
                }
            }
            RecordKind::Metric => {
                for m in &s.metrics {
                    all(&mut items, m, &m.id, &m.path, None);
                }
            }
            RecordKind::Risk => {
                for r in &s.risks {
                    all(&mut items, r, &r.id, &r.path, None);
                }
            }
            RecordKind::Objective => {
                for o in &s.objectives {
                    all(&mut items, o, &o.id, &o.path, None);
                }
            }
            RecordKind::Incident => {
                for x in &s.incidents {
                    all(&mut items, x, &x.id, &x.path, None);
                }
            }
            // Issues and parties hold plain text, not Markdown.
            RecordKind::Context => {}
        }
    }
    items
}

/// The link scans of Markdown texts, kept between resolves (`serve`,
/// `build --watch`) so a rebuild scans only the texts of files that changed.
///
/// Owned by `resolve`; keyed by the identity of a text's shared string: the
/// source cache hands out the same `Arc<str>` for as long as its file is
/// unchanged, and a changed file is parsed into a new one. Each entry holds
/// its string, so an address is never reused while it is a key. Each
/// resolve keeps only the entries of the texts it saw.
pub struct ScanCache {
    scans: HashMap<usize, (Arc<str>, Arc<Scan>)>,
    /// Whether to keep the scans for the next resolve.
    keep: bool,
}

impl Default for ScanCache {
    /// A cache that keeps every scan for the next resolve.
    fn default() -> ScanCache {
        ScanCache {
            scans: HashMap::new(),
            keep: true,
        }
    }
}

impl ScanCache {
    /// No cache: for a resolve that is not followed by another.
    pub fn none() -> ScanCache {
        ScanCache {
            scans: HashMap::new(),
            keep: false,
        }
    }

    fn key(text: &Arc<str>) -> usize {
        Arc::as_ptr(text) as *const u8 as usize
    }

    fn get(&self, text: &Arc<str>) -> Option<Arc<Scan>> {
        self.scans
            .get(&Self::key(text))
            .filter(|(held, _)| Arc::ptr_eq(held, text))
            .map(|(_, scan)| Arc::clone(scan))
    }
}

/// Check every Markdown link; record backlinks, linked files and anchors.
/// `cache` holds the scans of an earlier resolve, and this one's after.
pub fn check(
    site: &mut Site,
    backlinks: &mut rustc_hash::FxHashMap<String, BTreeSet<Backlink>>,
    diags: &mut Diagnostics,
    cache: &mut ScanCache,
) {
    let shared: &Site = site;
    let items = items(shared);
    // The scan depends on the text alone.
    let scans: Vec<Arc<Scan>> = items
        .par_iter()
        .map(|item| {
            let text = &item.text.markdown;
            cache.get(text).unwrap_or_else(|| Arc::new(scan(text)))
        })
        .collect();
    if cache.keep {
        cache.scans = items
            .iter()
            .zip(&scans)
            .map(|(item, scan)| {
                let text = &item.text.markdown;
                (ScanCache::key(text), (Arc::clone(text), Arc::clone(scan)))
            })
            .collect();
    }
    // A document's anchors are worked out only when a link needs them.
    let scan_of_doc: HashMap<usize, usize> = items
        .iter()
        .enumerate()
        .filter_map(|(k, item)| item.document.map(|doc| (doc, k)))
        .collect();
    let mut anchors: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut files = BTreeSet::new();
    let mut mentions: rustc_hash::FxHashMap<String, BTreeSet<String>> = Default::default();
    for (item, scan) in items.iter().zip(&scans) {
        if let Some(doc) = item.document.map(|i| &shared.source.documents[i]) {
            if doc.mentions.unwrap_or(shared.source.config.mentions) {
                for m in &scan.mentions {
                    for target in mention_targets(shared, m) {
                        mentions
                            .entry(shared.target_id(target).to_string())
                            .or_default()
                            .insert(doc.id.clone());
                    }
                }
            }
        }
        if let Some(offset) = scan.too_deep {
            let mut d = if scan.too_many_attributes {
                Diagnostic::error(
                    "too-deep",
                    format!("a raw HTML tag has more than {MAX_ATTRIBUTES} attributes"),
                )
                .help("remove the attributes: HTML parsers slow down badly on such a tag")
            } else {
                Diagnostic::error(
                    "too-deep",
                    format!("Markdown nests more than {MAX_NESTING} levels deep (quotes, lists, emphasis or HTML elements)"),
                )
                .help("flatten the structure: nested quotes, list markers or HTML elements this deep are refused")
            };
            if let Some(at) = offset_location(item.text, offset, 1) {
                d = d.at(at);
            }
            diags.push(d);
        }
        for link in &scan.links {
            let width = link.dest.chars().count() + if link.wiki { 4 } else { 0 };
            // Only a diagnostic needs the position (a line count from the start).
            let at = || offset_location(item.text, link.offset, width);
            match classify(shared, &item.base, &link.dest, link.wiki) {
                LinkTarget::Page(_, target) => {
                    let id = shared.target_id(target).to_string();
                    if let (Target::Document(doc), Some((_, fragment))) =
                        (target, link.dest.split_once('#'))
                    {
                        let known = scan_of_doc.get(&doc).is_some_and(|&k| {
                            anchors
                                .entry(doc)
                                .or_insert_with(|| {
                                    unique_slugs(scans[k].headings.iter().map(String::as_str))
                                        .into_iter()
                                        .collect()
                                })
                                .contains(fragment)
                        });
                        if !known && !fragment.is_empty() {
                            let mut d = Diagnostic::error(
                                "unknown-anchor",
                                format!("`{}` has no heading with anchor `#{fragment}`", id),
                            )
                            .help("anchors are the heading text in lower case with `-` for spaces");
                            if let Some(at) = at() {
                                d = d.at(at);
                            }
                            diags.push(d);
                        }
                    }
                    if id != item.from {
                        backlinks.entry(id).or_default().insert(Backlink {
                            from: item.from.to_string(),
                            relation: super::LINKS_TO,
                        });
                    }
                }
                LinkTarget::File(rel) => {
                    files.insert(rel);
                }
                LinkTarget::Missing(message, help) => {
                    let mut d = Diagnostic::error("broken-link", message).help(help);
                    if let Some(at) = at() {
                        d = d.at(at);
                    }
                    diags.push(d);
                }
                LinkTarget::Unsafe => {
                    let mut d = Diagnostic::warning(
                        "unsafe-link",
                        format!(
                            "link `{}` uses a scheme that can run code; it is removed",
                            link.dest
                        ),
                    )
                    .help("link to http(s) pages, mailto: addresses or files in the source folder");
                    if let Some(at) = at() {
                        d = d.at(at);
                    }
                    diags.push(d);
                }
                LinkTarget::Ambiguous(paths) => {
                    let mut d = Diagnostic::error(
                        "ambiguous-link",
                        format!(
                            "link `{}` matches {} documents: {}",
                            link.dest,
                            paths.len(),
                            paths.join(", ")
                        ),
                    )
                    .help("link the document by its path relative to this file, e.g. ../policies/vendor.md");
                    if let Some(at) = at() {
                        d = d.at(at);
                    }
                    diags.push(d);
                }
                LinkTarget::SiteLink(_) => {
                    let help = match &shared.source.config.site_url {
                        Some(url) => format!(
                            "it links to {url}{}; to link a document instead, write its path relative to this file",
                            link.dest.trim().trim_start_matches('/')
                        ),
                        None => "set `site_url` in isms.yaml to link it to the organisation's website (until then it is shown as text), or write a document's path relative to this file".to_string(),
                    };
                    let mut d = Diagnostic::warning(
                        "external-site-link",
                        format!(
                            "link `{}` names no document or file in the source folder; it is taken as a page of the organisation's website",
                            link.dest
                        ),
                    )
                    .help(help);
                    if let Some(at) = at() {
                        d = d.at(at);
                    }
                    diags.push(d);
                }
                LinkTarget::External | LinkTarget::Anchor | LinkTarget::Later => {}
            }
        }
    }
    drop(scans);
    drop(items);
    site.files.extend(files);
    site.mentions = mentions
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_reuses_the_scans_of_unchanged_texts_only() {
        let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-isms"));
        let tmp = std::env::temp_dir().join(format!("isms-scan-cache-{}", std::process::id()));
        // The source cache re-reads files changed in the last two seconds.
        let age = |path: &std::path::Path| {
            let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            let file = std::fs::File::options()
                .write(true)
                .open(path)
                .expect("open");
            file.set_modified(hour_ago).expect("set time");
        };
        let _ = std::fs::remove_dir_all(&tmp);
        for entry in walkdir::WalkDir::new(src) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(src).expect("inside");
            let to = tmp.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("folder");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy");
                age(&to);
            }
        }
        let mut files = crate::source::Cache::default();
        let mut scans = ScanCache::default();
        let resolve = |files: &mut crate::source::Cache, scans: &mut ScanCache| {
            let (source, _) = crate::source::load_cached(&tmp, None, files);
            crate::resolve::resolve_cached(source, &tmp, scans, Default::default());
        };
        resolve(&mut files, &mut scans);
        let first: HashMap<usize, Arc<Scan>> = scans
            .scans
            .iter()
            .map(|(k, (_, scan))| (*k, Arc::clone(scan)))
            .collect();
        assert!(first.len() > 20, "every text of the sample is scanned");
        // Change one policy: only its texts are scanned again.
        let policy = tmp.join("policies/operations/access-control.md");
        let text = std::fs::read_to_string(&policy).expect("policy");
        std::fs::write(&policy, format!("{text}\nOne more line.\n")).expect("write");
        age(&policy);
        resolve(&mut files, &mut scans);
        let reused = scans
            .scans
            .iter()
            .filter(|(k, (_, scan))| first.get(k).is_some_and(|old| Arc::ptr_eq(old, scan)))
            .count();
        assert_eq!(scans.scans.len(), first.len());
        assert_eq!(
            reused,
            first.len() - 1,
            "all but the changed body are reused"
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }

    #[test]
    fn slugs_are_unique_and_readable() {
        assert_eq!(
            slugify("4. Roles & Responsibilities"),
            "4-roles-responsibilities"
        );
        assert_eq!(
            unique_slugs(["Scope", "Scope", "Scope"]),
            ["scope", "scope-1", "scope-2"]
        );
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn scans_wiki_and_relative_links_but_not_code() {
        let s = scan(
            "See [[A.8.5]] and [[POL-AC|the policy]] and [x](../a.md#b).\n\n`[[NOT]]`\n\n# Head\n",
        );
        let dests: Vec<(&str, bool)> = s.links.iter().map(|l| (l.dest.as_str(), l.wiki)).collect();
        assert_eq!(
            dests,
            [("A.8.5", true), ("POL-AC", true), ("../a.md#b", false)]
        );
        assert_eq!(s.headings, ["Head"]);
    }

    #[test]
    fn schemes() {
        assert_eq!(
            scheme_of("javascript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme_of("JaVa\tScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("../a.md"), None);
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
    }
}

//! Markdown to safe HTML, with site links rewritten.
//!
//! `[[ID]]` and relative `.md` links become links to the target's page;
//! relative file links point at the copy under `files/`; links with a scheme
//! that can run code are dropped; headings get stable anchors. Unless the site
//! allows raw HTML, the result is sanitized with ammonia.

use super::text::BodyText;
use crate::resolve::links::{
    classify, find_mentions, mention_targets, parser_options, unique_slugs, LinkTarget,
    MentionContext,
};
use crate::resolve::Site;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Site folder holding copies of cited and linked files.
pub const FILES_DIR: &str = "files";

/// Render `markdown`, written in a file in folder `base` (relative to SRC),
/// for a page `root` away from the site root (`../` for record pages).
pub fn to_html(site: &Site, markdown: &str, base: &str, root: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, parser_options()).collect();
    finish(site, events, base, root, Mode::Page)
}

/// Where the HTML goes: its own page, or the audit pack.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// A page of the site.
    Page,
    /// The single-page audit pack, inside the section of document `doc`:
    /// heading ids get the prefix `doc-ID-`, and links to approved documents
    /// (which are all in the pack) become in-page anchors.
    Pack {
        /// The id of the document being rendered.
        doc: &'a str,
    },
}

/// The in-page anchor of a document (or one of its headings) in the audit pack.
pub fn pack_anchor(doc: &str, fragment: Option<&str>) -> String {
    match fragment.filter(|f| !f.is_empty()) {
        Some(f) => format!("doc-{doc}-{f}"),
        None => format!("doc-{doc}"),
    }
}

/// Render a document body under a page whose `<h1>` is `title`: a leading
/// `# Title` repeating it is dropped and headings move one level down, so the
/// page keeps a single `<h1>` and an ordered outline. Anchors are unchanged.
pub fn body_to_html(
    site: &Site,
    markdown: &str,
    base: &str,
    root: &str,
    title: &str,
    mode: Mode<'_>,
    mentions: bool,
) -> String {
    let events = body_events(Parser::new_ext(markdown, parser_options()).collect(), title);
    let events = if mentions {
        link_mentions(site, events)
    } else {
        events
    };
    let html = finish(site, with_mode(events, mode), base, root, mode);
    match mode {
        Mode::Page => with_permalinks(html),
        Mode::Pack { .. } => html,
    }
}

/// A document body rendered from a single parse: its page's HTML and the
/// audit pack's HTML (when asked for), each what [`body_to_html`] (in
/// [`Mode::Page`] and [`Mode::Pack`]) gives on its own.
pub struct BodyOutputs {
    /// HTML for the document's page.
    pub page: String,
    /// HTML for the document's section of the audit pack.
    pub pack: Option<String>,
    /// What the search index needs of the body.
    pub text: BodyText,
}

/// Render a document body once for its page (`root` away from the site
/// root), and for the audit pack if `pack_doc` is its id; keep what the
/// search index needs of it.
pub fn body_outputs(
    site: &Site,
    markdown: &str,
    base: &str,
    root: &str,
    title: &str,
    pack_doc: Option<&str>,
    mentions: bool,
) -> BodyOutputs {
    let parsed: Vec<Event<'_>> = Parser::new_ext(markdown, parser_options()).collect();
    let text = BodyText::from_events(&parsed);
    let events = body_events(parsed, title);
    let events = if mentions {
        link_mentions(site, events)
    } else {
        events
    };
    let pack = pack_doc.map(|doc| {
        let mode = Mode::Pack { doc };
        finish(site, with_mode(events.clone(), mode), base, "", mode)
    });
    let page = with_permalinks(finish(site, events, base, root, Mode::Page));
    BodyOutputs { page, pack, text }
}

/// A body's events with heading ids, without a leading `# Title` equal to
/// `title`, and with headings one level down.
fn body_events<'a>(mut events: Vec<Event<'a>>, title: &str) -> Vec<Event<'a>> {
    assign_heading_ids(&mut events);
    if let Some(end) = leading_title_end(&events, title) {
        events.drain(..=end);
    }
    for e in events.iter_mut() {
        match e {
            Event::Start(Tag::Heading { level, .. }) => *level = demote(*level),
            Event::End(TagEnd::Heading(level)) => *level = demote(*level),
            _ => {}
        }
    }
    events
}

/// Clause and control numbers in prose (`A.8.13`, `A 8.13`, `A.12.3.1`,
/// `Clause 9.2`) as links to their pages; not in code, links, images,
/// headings or a raw HTML `<a>`. A 2013 control number links to its 2022
/// successor. What `resolve` counts as *mentioned* is what is linked here.
fn link_mentions<'a>(site: &Site, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut context = MentionContext::default();
    let mut prose = String::new();
    let flush = |prose: &mut String, out: &mut Vec<Event<'a>>| {
        if prose.is_empty() {
            return;
        }
        let mut at = 0;
        for m in find_mentions(prose) {
            let targets = mention_targets(site, &m);
            let Some(&first) = targets.first() else {
                continue;
            };
            if m.range.start > at {
                out.push(Event::Text(prose[at..m.range.start].to_string().into()));
            }
            let id = site.target_id(first);
            let title = if id == m.id {
                String::new()
            } else {
                let successors: Vec<&str> = targets.iter().map(|&t| site.target_id(t)).collect();
                format!(
                    "{} (ISO/IEC 27001:2013) is {} in the 2022 edition",
                    m.id,
                    successors.join(", ")
                )
            };
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: true },
                dest_url: id.to_string().into(),
                title: title.into(),
                id: "".into(),
            }));
            out.push(Event::Text(prose[m.range.clone()].to_string().into()));
            out.push(Event::End(TagEnd::Link));
            at = m.range.end;
        }
        if at == 0 {
            out.push(Event::Text(std::mem::take(prose).into()));
        } else {
            if at < prose.len() {
                out.push(Event::Text(prose[at..].to_string().into()));
            }
            prose.clear();
        }
    };
    for event in events {
        match event {
            Event::Text(t) if context.open() => prose.push_str(&t),
            other => {
                flush(&mut prose, &mut out);
                context.step(&other);
                out.push(other);
            }
        }
    }
    flush(&mut prose, &mut out);
    out
}

/// In the audit pack, heading ids get the document's prefix.
fn with_mode<'a>(mut events: Vec<Event<'a>>, mode: Mode<'_>) -> Vec<Event<'a>> {
    if let Mode::Pack { doc } = mode {
        for e in events.iter_mut() {
            if let Event::Start(Tag::Heading { id: Some(slug), .. }) = e {
                *slug = pack_anchor(doc, Some(slug)).into();
            }
        }
    }
    events
}

/// The class of a heading's permalink, which [`headings`] looks for.
const PERMALINK_CLASS: &str = "heading-anchor";

/// A heading of a rendered document body, for its contents list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 to 6 (bodies start at `<h2>`: the page's title is the `<h1>`).
    pub level: u8,
    /// Its anchor (the `id` attribute as written, already escaped).
    pub id: String,
    /// Its text as HTML (tags dropped, character references kept).
    pub html: String,
}

/// Each `<hN id="..">` of a body page (N from 2) gets a permalink to itself
/// before its end tag: `<a class="heading-anchor" href="#id">`. A scan of
/// the finished HTML (the parser's own markup, or the sanitizer's), so the
/// event stream and the sanitizer are left alone.
fn with_permalinks(html: String) -> String {
    let spots = heading_spans(&html);
    if spots.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + spots.len() * 120);
    let mut at = 0;
    for (id, _, end) in spots {
        out.push_str(&html[at..end]);
        out.push_str("<a class=\"");
        out.push_str(PERMALINK_CLASS);
        out.push_str("\" href=\"#");
        out.push_str(id);
        out.push_str("\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section</span></a>");
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

/// Each heading `<hN id="ID">` (N from 2 to 6) of `html`: its id, where its
/// content starts, and where its end tag `</hN>` starts.
fn heading_spans(html: &str) -> Vec<(&str, usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = html[from..].find("<h") {
        let start = from + found;
        from = start + 2;
        let rest = &html[start..];
        let Some(level) = rest.as_bytes().get(2).copied() else {
            break;
        };
        if !(b'2'..=b'6').contains(&level) || !rest[3..].starts_with(" id=\"") {
            continue;
        }
        let id_start = start + 3 + 5;
        let Some(id_len) = html[id_start..].find('"') else {
            break;
        };
        let id = &html[id_start..id_start + id_len];
        let Some(open_end) = html[id_start + id_len..].find('>') else {
            break;
        };
        let content = id_start + id_len + open_end + 1;
        let close = format!("</h{}>", char::from(level));
        let Some(end) = html[content..].find(&close) else {
            break;
        };
        out.push((id, content, content + end));
        from = content + end;
    }
    out
}

/// The headings of a body page rendered by [`body_to_html`] or
/// [`body_outputs`], in order, for a contents list.
pub fn headings(html: &str) -> Vec<Heading> {
    heading_spans(html)
        .into_iter()
        .map(|(id, content, end)| {
            let inner = &html[content..end];
            let inner = inner
                .find("<a class=\"heading-anchor\"")
                .map_or(inner, |cut| &inner[..cut]);
            let mut text = String::with_capacity(inner.len());
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let level = html[..content]
                .rfind("<h")
                .and_then(|i| html.as_bytes().get(i + 2))
                .map_or(2, |b| b - b'0');
            Heading {
                level,
                id: id.to_string(),
                html: text.trim().to_string(),
            }
        })
        .collect()
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Index of the end of a first-block `# Title` equal to `title`.
fn leading_title_end(events: &[Event<'_>], title: &str) -> Option<usize> {
    if !matches!(
        events.first(),
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }))
    ) {
        return None;
    }
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))?;
    let text: String = events[1..end]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    (text.trim() == title.trim()).then_some(end)
}

/// What became of a link being rewritten.
enum OpenLink {
    /// Written as a link.
    Kept,
    /// Its text only.
    Dropped,
    /// Its text, then its target in brackets.
    Shown(String),
}

/// A ticked task-list item's checkbox.
const TASK_DONE: &str = r#"<input type="checkbox" disabled="" checked="" aria-label="Task done">"#;
/// An open task-list item's checkbox.
const TASK_OPEN: &str = r#"<input type="checkbox" disabled="" aria-label="Task done">"#;
/// The frame around a Markdown table.
const TABLE_WRAP_OPEN: &str = "<div class=\"table-wrap\" tabindex=\"0\">\n";

fn finish<'a>(
    site: &Site,
    mut events: Vec<Event<'a>>,
    base: &str,
    root: &str,
    mode: Mode<'_>,
) -> String {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Heading { id: Some(_), .. })))
    {
        assign_heading_ids(&mut events);
    }
    // Refused by `check` with a diagnostic; never handed to the sanitizer.
    let mut nesting = crate::resolve::links::Nesting::default();
    if events.iter().any(|e| nesting.step(e)) {
        return "<p>(This text nests too deeply to be shown.)</p>".to_string();
    }
    // Only raw HTML needs ammonia: the other events are the parser's own, and
    // links with a scheme that can run code are dropped while rewriting. A
    // page without raw HTML skips the (costly) re-parse; `like_sanitized`
    // gives it the same markup ammonia would have written.
    let raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut out_events = Vec::with_capacity(events.len());
    // For each open link: was it kept? A dropped link keeps its text only;
    // a page of the organisation's website without `site_url` also shows
    // its target after the text.
    let mut open_links: Vec<OpenLink> = Vec::new();
    // An HTML comment left open by one piece of raw HTML.
    let mut in_comment = false;
    for event in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                // The HTML writer adds `mailto:` to e-mail autolinks itself.
                let rewritten = if link_type == LinkType::Email {
                    Some((dest_url.to_string(), None))
                } else {
                    rewrite(site, base, root, &dest_url, wiki, mode)
                };
                open_links.push(match &rewritten {
                    Some(_) => OpenLink::Kept,
                    None if !wiki && dest_url.trim().starts_with('/') => {
                        match classify(site, base, &dest_url, false) {
                            LinkTarget::SiteLink(path) => OpenLink::Shown(path),
                            _ => OpenLink::Dropped,
                        }
                    }
                    None => OpenLink::Dropped,
                });
                if let Some((url, target_title)) = rewritten {
                    let title = match target_title {
                        Some(t) if title.is_empty() => CowStr::from(t),
                        _ => title,
                    };
                    out_events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => match open_links.pop() {
                Some(OpenLink::Kept) | None => out_events.push(Event::End(TagEnd::Link)),
                Some(OpenLink::Dropped) => {}
                Some(OpenLink::Shown(path)) => {
                    out_events.push(Event::Text(format!(" ({path})").into()));
                }
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = rewrite(site, base, root, &dest_url, false, mode)
                    .map(|(u, _)| u)
                    .unwrap_or_default();
                out_events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url.into(),
                    title,
                    id,
                }));
            }
            // Raw HTML's `href`, `src` and `srcset` are rewritten as
            // Markdown links are (and then sanitized with the rest).
            Event::Html(h) => out_events.push(Event::Html(rewrite_html(
                site,
                base,
                root,
                h,
                mode,
                &mut in_comment,
            ))),
            Event::InlineHtml(h) => out_events.push(Event::InlineHtml(rewrite_html(
                site,
                base,
                root,
                h,
                mode,
                &mut in_comment,
            ))),
            // A task-list checkbox needs a name (WCAG 4.1.2): the state is
            // read out as checked or not checked.
            Event::TaskListMarker(done) => out_events.push(Event::InlineHtml(
                if done { TASK_DONE } else { TASK_OPEN }.into(),
            )),
            // Wide tables scroll inside a frame instead of widening the page;
            // the frame takes keyboard focus so it can be scrolled without a mouse.
            Event::Start(Tag::Table(align)) => {
                out_events.push(Event::Html(TABLE_WRAP_OPEN.into()));
                out_events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                out_events.push(Event::End(TagEnd::Table));
                out_events.push(Event::Html("</div>\n".into()));
            }
            other => out_events.push(other),
        }
    }
    let mut html_out = String::new();
    html::push_html(&mut html_out, out_events.into_iter());
    if site.source.config.raw_html {
        html_out
    } else if raw_html {
        sanitizer().clean(&html_out).to_string()
    } else {
        like_sanitized(html_out)
    }
}

/// The markup ammonia writes for HTML from the Markdown writer alone: void
/// elements without `/>`, apostrophes in attributes unescaped, no `style`,
/// and `rel="noopener noreferrer"` on every link. (In such HTML every `<` starts
/// one of the writer's tags and `>` inside attributes is escaped.)
///
/// Most tags (`<p>`, `<li>`, `</h2>`...) are already right: the text is
/// copied only around the tags that change, and not at all if none does.
fn like_sanitized(html: String) -> String {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // Bytes of `html` already copied to `out`.
    let mut copied = 0;
    let mut pos = 0;
    while let Some(start) = memchr::memchr(b'<', &bytes[pos..]).map(|i| pos + i) {
        let Some(end) = bytes[start..]
            .iter()
            .position(|&b| b == b'>')
            .map(|e| start + e)
        else {
            break;
        };
        pos = end + 1;
        if let Some(fixed) = sanitized_tag(&html[start..end]) {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 256));
            o.push_str(&html[copied..start]);
            o.push_str(&fixed);
            o.push('>');
            copied = end + 1;
        }
    }
    match out {
        None => html,
        Some(mut o) => {
            o.push_str(&html[copied..]);
            o
        }
    }
}

/// A tag (from `<` up to, not including, `>`) as ammonia writes it, or
/// `None` if it is already written that way.
fn sanitized_tag(tag: &str) -> Option<String> {
    let void = tag.ends_with(" /") || tag.ends_with("\"/");
    let cell = tag.starts_with("<td") || tag.starts_with("<th");
    let styled = cell && tag.contains(" style=\"");
    let apostrophe = tag.as_bytes().contains(&b'&') && tag.contains("&#39;");
    let link = tag.starts_with("<a ");
    if !(void || styled || apostrophe || link) {
        return None;
    }
    let mut tag = tag;
    if let Some(t) = tag.strip_suffix(" /") {
        tag = t;
    } else if tag.ends_with("\"/") {
        tag = &tag[..tag.len() - 1];
    }
    // Table cells' `style="text-align: .."`: ammonia drops `style`.
    let unstyled;
    if let Some(at) = styled.then(|| tag.find(" style=\"")).flatten() {
        let value_end = tag[at + 8..]
            .find('"')
            .map_or(tag.len(), |e| at + 8 + e + 1);
        unstyled = format!("{}{}", &tag[..at], &tag[value_end..]);
        tag = &unstyled;
    }
    let mut fixed = if apostrophe {
        tag.replace("&#39;", "'")
    } else {
        tag.to_string()
    };
    if link {
        fixed.push_str(" rel=\"noopener noreferrer\"");
    }
    Some(fixed)
}

/// Raw HTML with each `href`, `src` and `srcset` URL rewritten as a
/// Markdown link's would be; an attribute whose link is dropped (an unsafe
/// scheme, a record after the as-of date, a website page without
/// `site_url`) is removed.
fn rewrite_html<'a>(
    site: &Site,
    base: &str,
    root: &str,
    html: CowStr<'a>,
    mode: Mode<'_>,
    in_comment: &mut bool,
) -> CowStr<'a> {
    let attrs = crate::resolve::links::html_url_attrs(&html, in_comment);
    if attrs.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut copied = 0;
    for attr in attrs {
        let urls: Option<Vec<String>> = attr
            .urls
            .iter()
            .map(|url| {
                let dest = crate::resolve::links::html_unescape(&html[url.clone()]);
                rewrite(site, base, root, &dest, false, mode).map(|(u, _)| u)
            })
            .collect();
        out.push_str(&html[copied..attr.span.start]);
        copied = attr.span.end;
        let Some(urls) = urls else {
            continue;
        };
        let mut at = attr.span.start;
        for (range, url) in attr.urls.iter().zip(urls) {
            out.push_str(&html[at..range.start]);
            out.push_str(&crate::escape::html(&url.replace(' ', "%20")));
            at = range.end;
        }
        out.push_str(&html[at..attr.span.end]);
    }
    out.push_str(&html[copied..]);
    out.into()
}

/// The URL a link should have on the page, and the target's title.
fn rewrite(
    site: &Site,
    base: &str,
    root: &str,
    dest: &str,
    wiki: bool,
    mode: Mode<'_>,
) -> Option<(String, Option<String>)> {
    let fragment = dest.split_once('#').map(|(_, f)| f);
    match (mode, classify(site, base, dest, wiki)) {
        (Mode::Pack { .. }, LinkTarget::Page(_, crate::resolve::Target::Document(i)))
            if site.source.documents[i].status == crate::model::DocStatus::Approved =>
        {
            let d = &site.source.documents[i];
            Some((
                format!("#{}", pack_anchor(&d.id, fragment)),
                Some(format!("{} {}", d.id, d.title)),
            ))
        }
        (Mode::Pack { doc }, LinkTarget::Anchor) => {
            Some((format!("#{}", pack_anchor(doc, fragment)), None))
        }
        (_, target) => page_url(site, root, dest, target),
    }
}

fn page_url(
    site: &Site,
    root: &str,
    dest: &str,
    target: LinkTarget,
) -> Option<(String, Option<String>)> {
    match target {
        LinkTarget::Page(url, target) => Some((
            format!("{root}{url}"),
            Some(format!("{} {}", site.target_id(target), site.title(target))),
        )),
        LinkTarget::File(rel) => Some((format!("{root}{FILES_DIR}/{rel}"), None)),
        LinkTarget::External | LinkTarget::Anchor => Some((dest.to_string(), None)),
        LinkTarget::Missing(..) | LinkTarget::Ambiguous(_) => {
            Some(("#broken-link".to_string(), None))
        }
        // A page of the organisation's website: against `site_url`, else
        // text (never a dead link).
        LinkTarget::SiteLink(path) => site.source.config.site_url.as_ref().map(|url| {
            (
                format!("{url}{}", path.trim().trim_start_matches('/')),
                None,
            )
        }),
        // Not there yet (after the as-of date): the text, without a link.
        LinkTarget::Unsafe | LinkTarget::Later => None,
    }
}

fn assign_heading_ids(events: &mut [Event<'_>]) {
    let mut texts: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for e in events.iter() {
        match e {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(c) = current.take() {
                    texts.push(c);
                }
            }
            _ => {}
        }
    }
    let mut slugs = unique_slugs(texts.iter().map(String::as_str)).into_iter();
    for e in events.iter_mut() {
        if let Event::Start(Tag::Heading { id, .. }) = e {
            if let Some(slug) = slugs.next() {
                *id = Some(slug.into());
            }
        }
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
        b.add_generic_attributes(["id"]);
        b.add_tags(["input"]);
        b.add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"]);
        b.add_tag_attributes("div", ["class", "tabindex"]);
        b.add_tag_attributes("sup", ["class"]);
        b.add_tag_attributes("a", ["class"]);
        // Every `srcset` URL went through `rewrite_html` (ammonia does not
        // check this attribute's schemes): an unsafe one removed it.
        b.add_tag_attributes("img", ["srcset"]);
        b.add_tag_attributes("li", ["class"]);
        b.add_tag_attributes("ul", ["class"]);
        b.add_tag_attributes("code", ["class"]);
        b.link_rel(Some("noopener noreferrer"));
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_raw_html_the_markup_is_what_ammonia_writes() {
        let md = "# Title\n\n[a](https://x.example/?q=1&r=2 \"It's\") and <https://y.example>, \
                  <a@b.example>\n\n---\n\nline  \nbreak ![img](p.png \"t'\")\n\n\
                  - [x] done\n- [ ] todo\n\nnote[^1]\n\n[^1]: foot\n\n\
                  | a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n\
                  `co\"de` \"quoted\" it's 1 < 2 & 3 > 2 ~~old~~\n\n```rust\nlet x = \"<b>\";\n```\n";
        let events: Vec<Event<'_>> = Parser::new_ext(md, parser_options()).collect();
        assert!(!events
            .iter()
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))));
        let mut html = String::new();
        html::push_html(&mut html, events.into_iter());
        assert!(html.contains(" />") && html.contains("style="), "{html}");
        assert_eq!(
            like_sanitized(html.clone()),
            sanitizer().clean(&html).to_string()
        );
    }
}

//! Document bodies rendered once per build.
//!
//! A document's Markdown is needed for its page, for its section of the
//! audit pack and for the search index. `build` renders the HTML from one
//! parse ([`markdown::body_outputs`]) the first time either is asked for, and
//! hands each part out once; a part asked for again (or with no cache, as in
//! `serve`) is rendered on its own, with the same result. From the same parse
//! the search index gets the body's words and the start of its text
//! ([`BodyText`]), not the whole text: about 1.5 kB a document on the
//! benchmark corpus (under 10 MB at 5,000 documents, where the whole text
//! took 55 MB), kept until the index is built after the pages.

use super::markdown::{self, body_outputs, Mode};
use super::text::BodyText;
use crate::model::DocStatus;
use crate::resolve::Site;
use std::sync::Mutex;

/// Rendered parts of one document body, each taken once.
#[derive(Default)]
struct Slot {
    done: bool,
    page: Option<String>,
    pack: Option<String>,
    text: Option<BodyText>,
}

/// The rendered bodies of a site's documents, by document index.
pub struct Bodies {
    slots: Vec<Mutex<Slot>>,
}

/// Which rendering of a body.
#[derive(Clone, Copy)]
enum Part {
    Page,
    Pack,
}

/// Folder of a source path (relative to SRC).
pub(super) fn folder(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Page documents sit one folder below the site root.
const PAGE_ROOT: &str = "../";

impl Bodies {
    /// An empty cache for `site`'s documents.
    pub fn new(site: &Site) -> Bodies {
        Bodies {
            slots: (0..site.source.documents.len())
                .map(|_| Mutex::new(Slot::default()))
                .collect(),
        }
    }

    fn take(&self, site: &Site, i: usize, part: Part) -> Option<String> {
        let mut slot = self.slots.get(i)?.lock().ok()?;
        if !slot.done {
            let d = site.source.documents.get(i)?;
            let out = body_outputs(
                site,
                &d.body.markdown,
                folder(&d.path),
                PAGE_ROOT,
                &d.title,
                (d.status == DocStatus::Approved).then_some(d.id.as_str()),
                d.mentions.unwrap_or(site.source.config.mentions),
            );
            *slot = Slot {
                done: true,
                page: Some(out.page),
                pack: out.pack,
                text: Some(out.text),
            };
        }
        match part {
            Part::Page => slot.page.take(),
            Part::Pack => slot.pack.take(),
        }
    }
}

/// What the search index needs of document `i`'s body: left by its page
/// (taken once), else parsed alone. Never renders HTML.
pub fn search_text(bodies: Option<&Bodies>, site: &Site, i: usize) -> BodyText {
    bodies
        .and_then(|b| b.slots.get(i)?.lock().ok()?.text.take())
        .unwrap_or_else(|| BodyText::of_markdown(&site.source.documents[i].body.markdown))
}

/// The page HTML of document `i`'s body.
pub fn page(bodies: Option<&Bodies>, site: &Site, i: usize) -> String {
    body(bodies, site, i, Part::Page)
}

/// The audit-pack HTML of document `i`'s body.
pub fn pack(bodies: Option<&Bodies>, site: &Site, i: usize) -> String {
    body(bodies, site, i, Part::Pack)
}

/// One part of document `i`'s body: from the cache, else rendered alone.
fn body(bodies: Option<&Bodies>, site: &Site, i: usize, part: Part) -> String {
    bodies
        .and_then(|b| b.take(site, i, part))
        .unwrap_or_else(|| {
            let d = &site.source.documents[i];
            let (root, mode) = match part {
                Part::Page => (PAGE_ROOT, Mode::Page),
                Part::Pack => ("", Mode::Pack { doc: &d.id }),
            };
            markdown::body_to_html(
                site,
                &d.body.markdown,
                folder(&d.path),
                root,
                &d.title,
                mode,
                d.mentions.unwrap_or(site.source.config.mentions),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_parse_gives_what_each_rendering_gives_alone() {
        let site = &crate::pipeline::sample().site;
        let bodies = Bodies::new(site);
        let mut packed = 0;
        for (i, d) in site.source.documents.iter().enumerate() {
            let alone = page(None, site, i);
            assert!(!alone.is_empty(), "{}", d.id);
            assert_eq!(page(Some(&bodies), site, i), alone, "{}", d.id);
            if d.status == DocStatus::Approved {
                let alone = pack(None, site, i);
                assert!(alone.contains(&format!("id=\"doc-{}-", d.id)), "{alone}");
                assert_eq!(pack(Some(&bodies), site, i), alone, "{}", d.id);
                packed += 1;
            }
            // The search text left by the page is what a parse alone gives.
            let alone = search_text(None, site, i);
            assert_eq!(
                bodies.slots[i].lock().map(|s| s.text.is_some()).ok(),
                Some(true)
            );
            assert_eq!(search_text(Some(&bodies), site, i), alone, "{}", d.id);
            // Taken once; asked again, each part is rendered on its own.
            assert_eq!(page(Some(&bodies), site, i), page(None, site, i));
            assert_eq!(search_text(Some(&bodies), site, i), alone);
        }
        assert!(packed > 3);
    }
}

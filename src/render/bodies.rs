//! Document bodies rendered once per build.
//!
//! A document's Markdown is needed for its page and for its section of the
//! audit pack. `build` renders both from one parse ([`markdown::body_outputs`])
//! the first time either is asked for, and hands each out once; a part asked
//! for again (or with no cache, as in `serve`) is rendered on its own, with
//! the same result. The search text is parsed separately when the index is
//! built: keeping every body's text from its page until then cost more memory
//! (about 55 MB at 5,000 documents) than the parse costs time (about 4%).

use super::markdown::{self, body_outputs, Mode};
use crate::model::DocStatus;
use crate::resolve::Site;
use std::sync::Mutex;

/// Rendered parts of one document body, each taken once.
#[derive(Default)]
struct Slot {
    done: bool,
    page: Option<String>,
    pack: Option<String>,
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
            );
            *slot = Slot {
                done: true,
                page: Some(out.page),
                pack: out.pack,
            };
        }
        match part {
            Part::Page => slot.page.take(),
            Part::Pack => slot.pack.take(),
        }
    }
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
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_parse_gives_what_each_rendering_gives_alone() {
        let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-isms"));
        let as_of = crate::model::Date::from_ymd(2026, 11, 15).expect("date");
        let site = &crate::pipeline::check(src, None, as_of).site;
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
            // Taken once; asked again, each part is rendered on its own.
            assert_eq!(page(Some(&bodies), site, i), page(None, site, i));
        }
        assert!(packed > 3);
    }
}

//! `sitemap.xml`, written when the site has a `base_url`.

use crate::resolve::Site;

/// `sitemap.xml` of the pages at `paths`: each page's absolute address, in
/// path order; `None` without a `base_url`. No dates, so the same source
/// gives the same bytes.
pub fn sitemap(site: &Site, mut paths: Vec<String>) -> Option<Vec<u8>> {
    let base = site.source.config.base_url.as_deref()?;
    paths.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let loc = crate::escape::html(&format!("{base}{path}"));
        xml.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    Some(xml.into_bytes())
}

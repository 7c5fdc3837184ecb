//! Exports: the generated files that are not pages (CSV tables, `site.json`,
//! the search index, the sitemap), registered in one list ([`EXPORTS`]).
//! `build` writes every one; `serve` builds one when a browser asks for it.

pub mod csv;
pub mod search;
pub mod site_json;
mod site_json_more;
pub mod sitemap;

use super::bodies::Bodies;
use crate::analyse::Analysis;
use crate::resolve::Site;

/// One generated file that is not a page.
pub struct Export {
    /// Its path at the site root.
    pub name: &'static str,
    /// Only when the site has a `base_url` (absolute addresses).
    pub needs_base_url: bool,
}

/// Every export, in the order they are listed.
pub const EXPORTS: [Export; 10] = [
    Export {
        name: "coverage.csv",
        needs_base_url: false,
    },
    Export {
        name: "soa.csv",
        needs_base_url: false,
    },
    Export {
        name: "findings.csv",
        needs_base_url: false,
    },
    Export {
        name: "actions.csv",
        needs_base_url: false,
    },
    Export {
        name: "risks.csv",
        needs_base_url: false,
    },
    Export {
        name: "objectives.csv",
        needs_base_url: false,
    },
    Export {
        name: "incidents.csv",
        needs_base_url: false,
    },
    Export {
        name: "site.json",
        needs_base_url: false,
    },
    Export {
        name: "search-index.js",
        needs_base_url: false,
    },
    Export {
        name: "sitemap.xml",
        needs_base_url: true,
    },
];

/// The exports this site has.
pub fn names(site: &Site) -> Vec<&'static str> {
    let has_base = site.source.config.base_url.is_some();
    EXPORTS
        .iter()
        .filter(|e| has_base || !e.needs_base_url)
        .map(|e| e.name)
        .collect()
}

/// The bytes of the export `name` (one of [`names`]); the search index takes
/// document text from `bodies` where pages left it; the sitemap lists
/// `pages`, the site's page paths.
pub fn export(
    site: &Site,
    analysis: &Analysis,
    bodies: Option<&Bodies>,
    pages: impl FnOnce() -> Vec<String>,
    name: &str,
) -> Option<Vec<u8>> {
    Some(match name {
        "coverage.csv" => csv::coverage_csv(site, analysis),
        "soa.csv" => csv::soa_csv(analysis),
        "findings.csv" => csv::findings_csv(site, analysis),
        "actions.csv" => csv::actions_csv(site, analysis),
        "risks.csv" => csv::risks_csv(site, analysis),
        "objectives.csv" => csv::objectives_csv(site, analysis),
        "incidents.csv" => csv::incidents_csv(site, analysis),
        "site.json" => site_json::site_json(site, analysis),
        "search-index.js" => search::script(site, analysis, bodies),
        "sitemap.xml" => sitemap::sitemap(site, pages())?,
        _ => return None,
    })
}

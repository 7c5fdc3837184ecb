//! The pipeline shared by `build`, `check` and `serve`:
//! load -> (the source as of the date) -> resolve -> analyse, collecting
//! every diagnostic.

use crate::analyse::{self, Analysis};
use crate::diag::Diagnostics;
use crate::model::Date;
use crate::resolve::{self, Site};
use crate::source;
use crate::timings;
use std::path::Path;

/// A source folder taken through load, resolve and analyse.
pub struct Checked {
    /// The resolved site.
    pub site: Site,
    /// Its state at the as-of date.
    pub analysis: Analysis,
    /// Every problem found, in a stable order.
    pub diagnostics: Diagnostics,
}

/// What the pipeline keeps between runs over the same source folder
/// (`serve`, `build --watch`): each stage's cache, owned by that stage and
/// lent to it for each run. docs/architecture.md lists every cache.
pub struct Caches {
    /// Parsed source files, by path (`source`).
    pub source: source::Cache,
    /// Link scans of Markdown texts (`resolve`).
    pub scans: resolve::ScanCache,
}

impl Caches {
    /// Caches that keep what each run computed, for the next run.
    pub fn keeping() -> Caches {
        Caches {
            source: source::Cache::default(),
            scans: resolve::ScanCache::default(),
        }
    }

    /// No caches: for a run that is not followed by another.
    pub fn none() -> Caches {
        Caches {
            source: source::Cache::none(),
            scans: resolve::ScanCache::none(),
        }
    }
}

/// Load, resolve and analyse `src` (skipping `out` if inside it) as of `as_of`.
pub fn check(src: &Path, out: Option<&Path>, as_of: Date) -> Checked {
    check_cached(src, out, as_of, &mut Caches::none())
}

/// The bundled sample, checked as of 2026-11-15 (the date its history is
/// written for): what the unit tests render.
#[cfg(test)]
pub fn sample() -> Checked {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-isms"));
    let as_of = Date::from_ymd(2026, 11, 15).expect("date");
    check(src, None, as_of)
}

/// Like [`check`], re-parsing and re-scanning only the files changed since
/// `caches` were filled.
pub fn check_cached(src: &Path, out: Option<&Path>, as_of: Date, caches: &mut Caches) -> Checked {
    check_changed(src, out, as_of, caches, None)
}

/// Like [`check_cached`]; `changed`, when given, lists every path changed
/// since the last run, as a file watcher reports them, so that loading
/// need not walk SRC again ([`source::load_changed`]).
pub fn check_changed(
    src: &Path,
    out: Option<&Path>,
    as_of: Date,
    caches: &mut Caches,
    changed: Option<&[String]>,
) -> Checked {
    let (mut loaded, mut diagnostics) = timings::time("load", || {
        source::load_changed(src, out, &mut caches.source, changed)
    });
    let later = timings::time("point in time", || {
        source::point_in_time::at(&mut loaded, as_of)
    });
    let (site, resolve_diags) = timings::time("resolve", || {
        resolve::resolve_cached(loaded, src, &mut caches.scans, later)
    });
    diagnostics.extend(resolve_diags);
    let (analysis, analyse_diags) = timings::time("analyse", || analyse::analyse(&site, as_of));
    diagnostics.extend(analyse_diags);
    Checked {
        site,
        analysis,
        diagnostics,
    }
}

/// The as-of date: the given one, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn as_of(given: Option<Date>) -> Date {
    if let Some(date) = given {
        return date;
    }
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .and_then(Date::from_unix_seconds);
    if let Some(date) = from_env {
        return date;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::from_unix_seconds(now).unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("valid date"))
}

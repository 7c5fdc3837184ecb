//! `isms-site init DIR` and `isms-site new KIND`: write source files from the
//! templates in `src/cmd/scaffold/`, filling in dates relative to today and
//! the next free id. Existing files are never overwritten.

use super::EXIT_USAGE;
use crate::model::Date;
use crate::pipeline;
use clap::ValueEnum;
use std::path::Path;

/// What `new` can create.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A policy (Markdown document).
    Policy,
    /// An audit.
    Audit,
    /// A corrective action.
    Action,
    /// A management review.
    Review,
    /// A metric.
    Metric,
}

const STARTER: &[(&str, &str)] = &[
    ("isms.yaml", include_str!("scaffold/isms.yaml")),
    ("soa.yaml", include_str!("scaffold/soa.yaml")),
    ("README.md", include_str!("scaffold/README.md")),
    (
        "policies/information-security-policy.md",
        include_str!("scaffold/policy-isp.md"),
    ),
    (
        "policies/access-control.md",
        include_str!("scaffold/policy-ac.md"),
    ),
    (
        "audits/{year}-gap-assessment.yaml",
        include_str!("scaffold/audit.yaml"),
    ),
    (
        "actions/CA-{year}-001.yaml",
        include_str!("scaffold/action.yaml"),
    ),
    (
        "reviews/MR-{year}-01.yaml",
        include_str!("scaffold/review.yaml"),
    ),
    ("metrics/KPI-001.yaml", include_str!("scaffold/metric.yaml")),
];

/// Replace `{name}` tokens.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn month_end_before(today: Date, months_back: i64) -> Date {
    let first = Date::from_ymd(today.year(), today.month(), 1).unwrap_or(today);
    first.add_months(1 - months_back).add_days(-1)
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `init DIR`: a small, valid starter ISMS.
pub fn init(dir: &Path, organization: Option<String>) -> u8 {
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        eprintln!(
            "error: {} is not empty; init writes a new source folder",
            dir.display()
        );
        eprintln!("   = help: choose a new folder, or add records with `isms-site new KIND`");
        return EXIT_USAGE;
    }
    let today = pipeline::as_of(None);
    let org = organization.unwrap_or_else(|| "Example Ltd".to_string());
    let values = [
        ("org", org),
        ("year", today.year().to_string()),
        ("approved", today.add_days(-30).to_string()),
        ("next_review", today.add_months(11).to_string()),
        ("audit_start", today.add_days(-14).to_string()),
        ("audit_end", today.add_days(-13).to_string()),
        ("action_opened", today.add_days(-12).to_string()),
        ("action_progress", today.add_days(-5).to_string()),
        ("action_due", today.add_days(60).to_string()),
        ("review_date", today.add_days(-7).to_string()),
        ("m1", month_end_before(today, 3).to_string()),
        ("m2", month_end_before(today, 2).to_string()),
        ("m3", month_end_before(today, 1).to_string()),
    ];
    for (path, template) in STARTER {
        let target = dir.join(fill(path, &values));
        if let Err(e) = write_new(&target, &fill(template, &values)) {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    }
    eprintln!(
        "Created a starter ISMS in {} ({} files).",
        dir.display(),
        STARTER.len()
    );
    eprintln!("Next: isms-site build {}", dir.display());
    0
}

/// The next free id `PREFIX` + number (zero-padded to `width`).
fn next_id(ids: &[&str], prefix: &str, width: usize) -> String {
    let max = ids
        .iter()
        .filter_map(|id| id.strip_prefix(prefix))
        .filter_map(|rest| rest.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:0width$}", max + 1)
}

/// `new KIND [--id ID] [SRC]`: one new record from a template.
pub fn new(kind: Kind, id: Option<String>, src: &Path) -> u8 {
    if !super::source_folder_ok(src) {
        return EXIT_USAGE;
    }
    let today = pipeline::as_of(None);
    let checked = pipeline::check(src, None, today);
    let ids: Vec<&str> = checked.site.index.keys().map(String::as_str).collect();
    let year = today.year();
    let (prefix, width, template) = match kind {
        Kind::Policy => (
            "POL-".to_string(),
            3,
            include_str!("scaffold/new-policy.md"),
        ),
        Kind::Audit => (
            format!("AUD-{year}-"),
            2,
            include_str!("scaffold/new-audit.yaml"),
        ),
        Kind::Action => (
            format!("CA-{year}-"),
            3,
            include_str!("scaffold/new-action.yaml"),
        ),
        Kind::Review => (
            format!("MR-{year}-"),
            2,
            include_str!("scaffold/new-review.yaml"),
        ),
        Kind::Metric => (
            "KPI-".to_string(),
            3,
            include_str!("scaffold/new-metric.yaml"),
        ),
    };
    let id = id.unwrap_or_else(|| next_id(&ids, &prefix, width));
    if !crate::source::is_valid_id(&id) {
        eprintln!("error: `{id}` is not a valid id (letters, digits, `.`, `_`, `-`)");
        return EXIT_USAGE;
    }
    if ids.contains(&id.as_str()) {
        eprintln!("error: id `{id}` is already used");
        return EXIT_USAGE;
    }
    let rel = match kind {
        Kind::Policy => format!("policies/{}.md", id.to_ascii_lowercase()),
        Kind::Audit => format!("audits/{id}.yaml"),
        Kind::Action => format!("actions/{id}.yaml"),
        Kind::Review => format!("reviews/{id}.yaml"),
        Kind::Metric => format!("metrics/{id}.yaml"),
    };
    let values = [
        ("id", id.clone()),
        ("today", today.to_string()),
        ("year", year.to_string()),
        ("due", today.add_days(30).to_string()),
    ];
    let target = src.join(&rel);
    if let Err(e) = write_new(&target, &fill(template, &values)) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
    }
    println!("{}", target.display());
    eprintln!("Created {id} in {rel}.");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_free_ids() {
        assert_eq!(
            next_id(
                &["CA-2026-001", "CA-2026-009", "CA-2025-120"],
                "CA-2026-",
                3
            ),
            "CA-2026-010"
        );
        assert_eq!(next_id(&["POL-AC"], "POL-", 3), "POL-001");
        let d = Date::parse("2026-11-22").unwrap();
        assert_eq!(month_end_before(d, 1).to_string(), "2026-10-31");
        assert_eq!(month_end_before(d, 3).to_string(), "2026-08-31");
    }
}

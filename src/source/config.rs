//! Loading the site configuration (`isms.yaml`).

use super::fields::FileCtx;
use super::yaml::Node;
use crate::diag::Diagnostic;
use crate::model::config::{parse_theme_dir, Exclude};
use crate::model::{Config, RiskCriteria};
use std::path::Path;

const KEYS: &[&str] = &[
    "title",
    "organization",
    "description",
    "base_url",
    "frameworks",
    "owners",
    "due_soon_days",
    "review_warning_days",
    "output",
    "raw_html",
    "git_history",
    "max_file_size",
    "audit_interval",
    "management_review_interval",
    "effectiveness_review_days",
    "risk_criteria",
    "site_url",
    "mentions",
    "edit_url",
    "exclude",
    "theme",
];

const RISK_CRITERIA_KEYS: &[&str] = &["likelihood", "impact", "appetite"];

/// Decode `isms.yaml`; missing keys keep their defaults.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Config {
    let mut config = Config::default();
    if root.is_null() {
        return config;
    }
    let Some(f) = ctx.fields(root, "isms.yaml", KEYS) else {
        return config;
    };
    if let Some(title) = ctx.string_at(&f, "title") {
        config.title = title;
    }
    config.organization = ctx.string_at(&f, "organization");
    config.description = ctx.string_at(&f, "description");
    if let Some(node) = f.get("base_url") {
        if let Some(text) = ctx.string(node, "base_url") {
            match crate::model::config::parse_base_url(&text) {
                Ok(url) => config.base_url = Some(url),
                Err(why) => ctx.report(
                    node,
                    Diagnostic::error("bad-url", format!("`base_url`: {why}"))
                        .help("write the absolute address the site is published at, such as `https://isms.example.com/portal/`"),
                ),
            }
        }
    }
    if let Some(n) = f.get("frameworks") {
        config.frameworks = ctx.strings(n, "frameworks");
    }
    config.owners = ctx.strings_at(&f, "owners");
    for (key, slot) in [
        ("due_soon_days", &mut config.due_soon_days),
        ("review_warning_days", &mut config.review_warning_days),
        (
            "effectiveness_review_days",
            &mut config.effectiveness_review_days,
        ),
    ] {
        if let Some(node) = f.get(key) {
            match ctx.number(node, key) {
                Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= 3650.0 => *slot = v as i64,
                Some(_) => ctx.report(
                    node,
                    Diagnostic::error(
                        "bad-number",
                        format!("`{key}` must be a whole number of days"),
                    )
                    .help("for example `30`"),
                ),
                None => {}
            }
        }
    }
    for (key, slot) in [
        ("audit_interval", &mut config.audit_interval),
        (
            "management_review_interval",
            &mut config.management_review_interval,
        ),
    ] {
        if let Some(node) = f.get(key) {
            if let Some(text) = ctx.string(node, key) {
                match crate::model::Interval::parse(&text) {
                    Ok(interval) => *slot = interval,
                    Err(why) => ctx.report(
                        node,
                        Diagnostic::error("bad-period", format!("`{key}`: {why}"))
                            .help("write an interval such as `12 months`, `6 months` or `90 days`"),
                    ),
                }
            }
        }
    }
    config.risk_criteria = f.get("risk_criteria").and_then(|n| risk_criteria(ctx, n));
    config.output = ctx.string_at(&f, "output");
    if let Some(raw) = f.get("raw_html").and_then(|n| ctx.boolean(n, "raw_html")) {
        config.raw_html = raw;
    }
    if let Some(git) = f
        .get("git_history")
        .and_then(|n| ctx.boolean(n, "git_history"))
    {
        config.git_history = git;
    }
    if let Some(node) = f.get("max_file_size") {
        match node.as_str().map(crate::model::config::parse_size) {
            Some(Ok(bytes)) => config.max_file_size = bytes,
            Some(Err(why)) => ctx.report(
                node,
                Diagnostic::error("bad-size", format!("`max_file_size`: {why}"))
                    .help("write a size such as `10 MB`, `512 KB` or a number of bytes"),
            ),
            None => ctx.report(
                node,
                Diagnostic::error("bad-size", "`max_file_size` should be a size")
                    .help("write a size such as `10 MB`"),
            ),
        }
    }
    if let Some(node) = f.get("site_url") {
        if let Some(text) = ctx.string(node, "site_url") {
            match crate::model::config::parse_base_url(&text) {
                Ok(url) => config.site_url = Some(url),
                Err(why) => ctx.report(
                    node,
                    Diagnostic::error("bad-url", format!("`site_url`: {why}"))
                        .help("write the address of the organisation's website, such as `https://example.com/`"),
                ),
            }
        }
    }
    if let Some(node) = f.get("edit_url") {
        if let Some(text) = ctx.string(node, "edit_url") {
            match crate::model::config::parse_edit_url(&text) {
                Ok(url) => config.edit_url = Some(url),
                Err(why) => ctx.report(
                    node,
                    Diagnostic::error("bad-url", format!("`edit_url`: {why}"))
                        .help("write the address that edits a file, with `{path}` where its path goes, such as `https://git.example.com/isms/edit/main/{path}`"),
                ),
            }
        }
    }
    if let Some(on) = f.get("mentions").and_then(|n| ctx.boolean(n, "mentions")) {
        config.mentions = on;
    }
    if let Some(node) = f.get("exclude") {
        config.exclude = exclude(ctx, node);
    }
    if let Some(node) = f.get("theme") {
        if let Some(text) = ctx.string(node, "theme") {
            match parse_theme_dir(&text) {
                Ok(dir) => config.theme = dir,
                Err(why) => ctx.report(
                    node,
                    Diagnostic::error("bad-path", format!("`theme`: {why}")).help(
                        "name a folder inside the source folder, such as `theme` or `site/theme`",
                    ),
                ),
            }
        }
    }
    config
}

/// `exclude: [glob, ...]`: every bad pattern reported at its line; the good
/// ones are kept.
fn exclude(ctx: &mut FileCtx<'_>, node: &Node) -> Exclude {
    let items: Vec<&Node> = match node.as_seq() {
        Some(items) => items.iter().collect(),
        None => vec![node],
    };
    let mut good = Vec::new();
    for item in items {
        let Some(pattern) = ctx.string(item, "exclude") else {
            continue;
        };
        match Exclude::new(vec![pattern.clone()]) {
            Ok(_) => good.push(pattern),
            Err((_, why)) => ctx.report(
                item,
                Diagnostic::error("bad-glob", format!("`exclude`: `{pattern}` is not a glob: {why}"))
                    .help("write globs relative to the source folder, such as `README.md`, `drafts/**` or `**/*.draft.md`"),
            ),
        }
    }
    Exclude::new(good).unwrap_or_default()
}

/// What the walk must know before `isms.yaml` is decoded: which files are
/// excluded and where the theme overrides live. Read leniently: a bad value
/// is reported when `isms.yaml` is decoded, and falls back to the default
/// here.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// `exclude`.
    pub exclude: Exclude,
    /// `theme`, or the default folder.
    pub theme: String,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            exclude: Exclude::default(),
            theme: crate::model::config::DEFAULT_THEME_DIR.to_string(),
        }
    }
}

impl Layout {
    /// The layout of the source folder `src`, from its `isms.yaml` (or
    /// `isms.yml`) when there is one.
    pub fn of(src: &Path) -> Layout {
        let text = ["isms.yaml", "isms.yml"]
            .iter()
            .find_map(|name| super::read_text(&src.join(name), name, super::MAX_FILE_BYTES).ok());
        let config = text.and_then(|text| {
            let root = super::yaml::parse(&text).ok()?;
            root.as_map()?;
            let mut ctx = FileCtx::new("isms.yaml", &text, 0);
            Some(decode(&mut ctx, &root))
        });
        match config {
            Some(config) => Layout {
                exclude: config.exclude,
                theme: config.theme,
            },
            None => Layout::default(),
        }
    }
}

/// `risk_criteria: { likelihood: [labels], impact: [labels], appetite: N }`.
fn risk_criteria(ctx: &mut FileCtx<'_>, node: &Node) -> Option<RiskCriteria> {
    let f = ctx.fields(node, "`risk_criteria`", RISK_CRITERIA_KEYS)?;
    let defaults = RiskCriteria::default();
    let mut scale = |key: &str, default: Vec<String>| -> Vec<String> {
        let Some(n) = f.get(key) else {
            return default;
        };
        let labels = ctx.strings(n, key);
        if (2..=10).contains(&labels.len()) {
            labels
        } else {
            ctx.report(
                n,
                Diagnostic::error(
                    "bad-risk-criteria",
                    format!("`risk_criteria.{key}` needs 2 to 10 level labels, lowest first"),
                )
                .help("for example `[Rare, Unlikely, Possible, Likely, Almost certain]`"),
            );
            default
        }
    };
    let likelihood = scale("likelihood", defaults.likelihood);
    let impact = scale("impact", defaults.impact);
    let max = (likelihood.len() * impact.len()) as f64;
    let appetite = f
        .get("appetite")
        .and_then(|n| match ctx.number(n, "appetite") {
            Some(v) if v >= 1.0 && v.fract() == 0.0 && v <= max => Some(v as u32),
            Some(_) => {
                ctx.report(
                    n,
                    Diagnostic::error(
                        "bad-risk-criteria",
                        format!("`risk_criteria.appetite` must be a whole score from 1 to {max}"),
                    )
                    .help("the highest acceptable residual score, likelihood x impact, e.g. `8`"),
                );
                None
            }
            None => None,
        });
    Some(RiskCriteria {
        likelihood,
        impact,
        appetite,
    })
}

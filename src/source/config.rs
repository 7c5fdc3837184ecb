//! Loading the site configuration (`isms.yaml`).

use super::fields::FileCtx;
use super::yaml::Node;
use crate::diag::Diagnostic;
use crate::model::Config;

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
];

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
                        Diagnostic::error("bad-interval", format!("`{key}`: {why}"))
                            .help("write an interval such as `12 months`, `6 months` or `90 days`"),
                    ),
                }
            }
        }
    }
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
    config
}

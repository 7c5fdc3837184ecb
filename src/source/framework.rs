//! Loading control catalogs of other frameworks (`frameworks/*.yaml`).
//!
//! Two shapes are accepted: isms-site's own (`id`, `title`, `version`,
//! `controls: [{id, title, group, description}]`) and strongdm/comply's
//! standards files (`name: TSC` plus `CC6.1: {family, name, description}`).

use super::fields::{is_valid_id, FileCtx};
use super::yaml::Node;
use crate::diag::{Diagnostic, Location};
use crate::model::{Framework, FrameworkControl};

const KEYS: &[&str] = &["id", "title", "version", "controls"];
const CONTROL_KEYS: &[&str] = &["id", "title", "group", "description"];
const COMPLY_KEYS: &[&str] = &["family", "name", "description"];

/// Decode a framework file.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Framework> {
    let entries = root.as_map().unwrap_or(&[]);
    let has = |key: &str| entries.iter().any(|(k, _)| k.as_str() == Some(key));
    if has("controls") || has("id") {
        own_shape(ctx, root)
    } else {
        comply_shape(ctx, root)
    }
}

fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(name)
        .to_string()
}

fn own_shape(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Framework> {
    let f = ctx.fields(root, "a framework", KEYS)?;
    let (id, id_at) = match f.get("id") {
        Some(n) => (ctx.id(n)?, ctx.loc(n)),
        None => {
            ctx.missing(&f, "id", "the framework", "SOC2");
            return None;
        }
    };
    let mut controls = Vec::new();
    if let Some(list) = f.get("controls") {
        match list.as_seq() {
            Some(items) => {
                for item in items {
                    let Some(c) = ctx.fields(item, "a framework control", CONTROL_KEYS) else {
                        continue;
                    };
                    let Some(cid) = c.get("id").and_then(|n| ctx.id(n)) else {
                        ctx.missing(&c, "id", "the control", "CC6.1");
                        continue;
                    };
                    controls.push(FrameworkControl {
                        title: c
                            .get("title")
                            .and_then(|n| ctx.string(n, "title"))
                            .unwrap_or_else(|| cid.clone()),
                        group: c.get("group").and_then(|n| ctx.string(n, "group")),
                        description: c
                            .get("description")
                            .and_then(|n| ctx.string(n, "description")),
                        id: cid,
                    });
                }
            }
            None => ctx.report(
                list,
                Diagnostic::error(
                    "wrong-shape",
                    format!("`controls` should be a list, not {}", list.shape()),
                )
                .help("write one `- { id: CC6.1, title: ..., group: CC6 }` per control"),
            ),
        }
    }
    Some(Framework {
        title: ctx.string_at(&f, "title").unwrap_or_else(|| id.clone()),
        version: ctx.string_at(&f, "version"),
        controls,
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

fn comply_shape(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Framework> {
    let Some(entries) = root.as_map() else {
        ctx.report(
            root,
            Diagnostic::error(
                "wrong-shape",
                format!(
                    "a framework file should be a mapping, found {}",
                    root.shape()
                ),
            )
            .help("write `id:`, `title:` and `controls:` (see docs/format.md)"),
        );
        return None;
    };
    let mut id = stem(ctx.path);
    let mut id_at = Location::file(ctx.path);
    let mut controls = Vec::new();
    for (key, value) in entries {
        let Some(name) = key.as_str() else { continue };
        if name == "name" {
            if let Some(v) = ctx.string(value, "name").filter(|v| is_valid_id(v)) {
                id = v;
                id_at = ctx.loc(value);
            }
            continue;
        }
        if !is_valid_id(name) {
            ctx.report(
                key,
                Diagnostic::error("bad-id", format!("`{name}` is not a valid control id"))
                    .help("ids use only letters, digits, `.`, `_` and `-`"),
            );
            continue;
        }
        let Some(c) = ctx.fields(value, &format!("control {name}"), COMPLY_KEYS) else {
            continue;
        };
        controls.push(FrameworkControl {
            id: name.to_string(),
            title: c
                .get("name")
                .and_then(|n| ctx.string(n, "name"))
                .unwrap_or_else(|| name.to_string()),
            group: c.get("family").and_then(|n| ctx.string(n, "family")),
            description: c
                .get("description")
                .and_then(|n| ctx.string(n, "description")),
        });
    }
    Some(Framework {
        title: id.clone(),
        version: None,
        controls,
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

//! Loading risks (`risks/**/*.yaml`, clauses 6.1.2 and 6.1.3). Levels are
//! checked against `risk_criteria` later (`analyse`), where `isms.yaml` is
//! known; here each file is decoded on its own.

use super::audit::required_string;
use super::fields::{Fields, FileCtx};
use super::record_id;
use super::yaml::Node;
use crate::diag::Diagnostic;
use crate::model::{Acceptance, Assessment, Interval, Rating, Risk};

const KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "assets",
    "threat",
    "vulnerability",
    "description",
    "assessed_on",
    "inherent",
    "treatment",
    "controls",
    "actions",
    "residual",
    "acceptance",
    "review_every",
    "history",
];

const RATING_KEYS: &[&str] = &["likelihood", "impact"];
const ACCEPTANCE_KEYS: &[&str] = &["by", "on", "expires"];
const HISTORY_KEYS: &[&str] = &["date", "inherent", "residual", "acceptance", "note"];

/// Decode a risk file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Risk> {
    let f = ctx.fields(root, "a risk", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the risk", "R-01")?;
    let title = required_string(
        ctx,
        &f,
        "title",
        "the risk",
        "Ransomware encrypts the file server",
    );
    let assessed_on = ctx.date_at(&f, "assessed_on");
    if f.get("assessed_on").is_none() {
        ctx.missing(&f, "assessed_on", "the risk", "2025-06-01");
    }
    let treatment = f.get("treatment").and_then(|n| ctx.keyword(n, "treatment"));
    let review_every = f.get("review_every").and_then(|node| {
        let text = ctx.string(node, "review_every")?;
        match Interval::parse(&text) {
            Ok(interval) => Some(interval),
            Err(why) => {
                ctx.report(
                    node,
                    Diagnostic::error("bad-period", format!("`review_every`: {why}"))
                        .help("write a period such as `12 months` or `6 months`"),
                );
                None
            }
        }
    });
    let history = f
        .get("history")
        .map(|n| history(ctx, n))
        .unwrap_or_default();
    Some(Risk {
        title,
        owner: ctx.filled_at(&f, "owner", "empty-owner", super::OWNER_HELP),
        assets: ctx.strings_at(&f, "assets"),
        threat: ctx.string_at(&f, "threat"),
        vulnerability: ctx.string_at(&f, "vulnerability"),
        description: ctx.text_at(&f, "description"),
        assessed_on,
        assessed_at: f
            .get("assessed_on")
            .map_or_else(|| id_at.clone(), |n| ctx.loc(n)),
        inherent: rating_at(ctx, &f, "inherent"),
        treatment,
        treatment_at: f
            .get("treatment")
            .map_or_else(|| id_at.clone(), |n| ctx.loc(n)),
        controls: ctx.refs_at(&f, "controls"),
        actions: ctx.refs_at(&f, "actions"),
        residual: rating_at(ctx, &f, "residual"),
        acceptance: f.get("acceptance").and_then(|n| acceptance(ctx, n)),
        review_every,
        history,
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

fn rating_at(ctx: &mut FileCtx<'_>, f: &Fields<'_>, key: &str) -> Option<Rating> {
    rating(ctx, f.get(key)?, key)
}

/// `{ likelihood: N, impact: N }`, each a whole number from 1.
fn rating(ctx: &mut FileCtx<'_>, node: &Node, key: &str) -> Option<Rating> {
    let f = ctx.fields(node, "a rating", RATING_KEYS)?;
    let mut level = |name: &str| -> Option<u32> {
        let Some(n) = f.get(name) else {
            ctx.missing(&f, name, &format!("`{key}`"), "3");
            return None;
        };
        match ctx.number(n, name) {
            Some(v) if v >= 1.0 && v.fract() == 0.0 && v <= 100.0 => Some(v as u32),
            Some(_) => {
                ctx.report(
                    n,
                    Diagnostic::error(
                        "bad-risk-level",
                        format!("`{key}.{name}` must be a whole level from 1"),
                    )
                    .help("levels count from 1 up to the number of labels in `risk_criteria` (isms.yaml)"),
                );
                None
            }
            None => None,
        }
    };
    let likelihood = level("likelihood");
    let impact = level("impact");
    Some(Rating {
        likelihood: likelihood?,
        impact: impact?,
        at: ctx.loc(node),
    })
}

fn acceptance(ctx: &mut FileCtx<'_>, node: &Node) -> Option<Acceptance> {
    let f = ctx.fields(node, "an acceptance", ACCEPTANCE_KEYS)?;
    let by = match f.get("by") {
        Some(n) => ctx.string(n, "by")?,
        None => {
            ctx.missing(&f, "by", "the acceptance", "Managing Director");
            return None;
        }
    };
    Some(Acceptance {
        by,
        on: ctx.date_at(&f, "on"),
        expires: ctx.date_at(&f, "expires"),
        at: ctx.loc(node),
    })
}

fn history(ctx: &mut FileCtx<'_>, node: &Node) -> Vec<Assessment> {
    let Some(items) = node.as_seq() else {
        ctx.report(
            node,
            Diagnostic::error(
                "wrong-shape",
                format!("`history` should be a list, not {}", node.shape()),
            )
            .help("write one `- { date: YYYY-MM-DD, inherent: {...}, residual: {...} }` per earlier assessment"),
        );
        return Vec::new();
    };
    let mut out: Vec<Assessment> = items
        .iter()
        .filter_map(|item| {
            let f = ctx.fields(item, "an assessment", HISTORY_KEYS)?;
            let Some(date) = ctx.date_at(&f, "date") else {
                if f.get("date").is_none() {
                    ctx.missing(&f, "date", "the assessment", "2024-03-01");
                }
                return None;
            };
            Some(Assessment {
                date,
                inherent: rating_at(ctx, &f, "inherent"),
                residual: rating_at(ctx, &f, "residual"),
                acceptance: f.get("acceptance").and_then(|n| acceptance(ctx, n)),
                note: ctx.string_at(&f, "note"),
            })
        })
        .collect();
    out.sort_by_key(|a| a.date);
    out
}

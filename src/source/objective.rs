//! Loading objectives (`objectives/**/*.yaml`, clause 6.2).

use super::audit::required_string;
use super::fields::FileCtx;
use super::record_id;
use super::yaml::Node;
use crate::model::{Objective, ObjectiveStatus};

const KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "target",
    "metrics",
    "due",
    "plan",
    "resources",
    "evaluation",
    "status",
    "clause",
    "clauses",
    "controls",
    "since",
];

/// Decode an objective file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Objective> {
    let f = ctx.fields(root, "an objective", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the objective", "OBJ-01")?;
    let title = required_string(
        ctx,
        &f,
        "title",
        "the objective",
        "Patch critical vulnerabilities within 14 days",
    );
    let status = f.get("status").and_then(|n| ctx.keyword(n, "status"));
    let clauses = ctx.clauses_at(&f);
    Some(Objective {
        title,
        owner: ctx.filled_at(&f, "owner", "empty-owner", super::OWNER_HELP),
        target: ctx.string_at(&f, "target"),
        metrics: ctx.unique_refs_at(&f, "metrics"),
        due: ctx.date_at(&f, "due"),
        plan: ctx.text_at(&f, "plan"),
        resources: ctx.string_at(&f, "resources"),
        evaluation: ctx.string_at(&f, "evaluation"),
        status: status.unwrap_or(ObjectiveStatus::Active),
        status_at: f
            .get("status")
            .map_or_else(|| id_at.clone(), |n| ctx.loc(n)),
        clauses,
        controls: ctx.unique_refs_at(&f, "controls"),
        since: ctx.date_at(&f, "since"),
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

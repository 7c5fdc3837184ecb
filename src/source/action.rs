//! Loading corrective, preventive and improvement actions (`actions/*.yaml`).

use super::audit::required_string;
use super::fields::FileCtx;
use super::yaml::Node;
use super::{record_id, satisfies};
use crate::diag::Diagnostic;
use crate::model::{Action, ActionKind, ActionStatus, Effectiveness, LogEntry};

const KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "source",
    "owner",
    "opened",
    "due",
    "status",
    "closed",
    "root_cause",
    "plan",
    "clauses",
    "controls",
    "satisfies",
    "documents",
    "evidence",
    "effectiveness",
    "log",
];

const EFFECTIVENESS_KEYS: &[&str] = &["reviewed_on", "by", "effective", "note"];
const LOG_KEYS: &[&str] = &["date", "status", "due", "note"];

/// Decode an action file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Action> {
    let f = ctx.fields(root, "an action", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the action", "CA-2025-004")?;
    let title = required_string(
        ctx,
        &f,
        "title",
        "the action",
        "Enforce MFA on all admin accounts",
    );
    let kind = f
        .get("kind")
        .and_then(|n| ctx.keyword(n, "action kind"))
        .unwrap_or(ActionKind::Corrective);
    let (status, status_at) = match f.get("status") {
        Some(n) => (
            ctx.keyword(n, "action status")
                .unwrap_or(ActionStatus::Open),
            ctx.loc(n),
        ),
        None => {
            ctx.missing(&f, "status", "the action", "open");
            (ActionStatus::Open, ctx.loc(f.node))
        }
    };
    let closed = ctx.date_at(&f, "closed");
    if status == ActionStatus::Closed && closed.is_none() && f.get("closed").is_none() {
        let at = f.key_node("status").unwrap_or(f.node);
        ctx.report(
            at,
            Diagnostic::error(
                "closed-without-date",
                "the action is closed but has no `closed` date",
            )
            .help("add `closed: YYYY-MM-DD` with the day it was closed"),
        );
    }
    let opened = ctx.date_at(&f, "opened");
    if let (Some(o), Some(c), Some(node)) = (opened, closed, f.get("closed")) {
        if c < o {
            ctx.report(
                node,
                Diagnostic::error(
                    "date-order",
                    format!("the action is closed ({c}) before it was opened ({o})"),
                ),
            );
        }
    }
    let sources = ctx.refs_at(&f, "source");
    if kind == ActionKind::Corrective && sources.is_empty() {
        let at = f
            .key_node("source")
            .or_else(|| f.key_node("kind"))
            .unwrap_or(f.node);
        ctx.report(
            at,
            Diagnostic::warning(
                "action-without-source",
                format!("corrective action `{id}` names no `source`"),
            )
            .help("clause 10.2 a: name the nonconformity it corrects, e.g. `source: F-2025-03` (a finding, review, audit, metric, risk or action)"),
        );
    }
    let effectiveness = f.get("effectiveness").and_then(|n| effectiveness(ctx, n));
    let log = f.get("log").map(|n| log(ctx, n)).unwrap_or_default();
    Some(Action {
        title,
        kind,
        sources,
        owner: ctx.filled_at(&f, "owner", "empty-owner", super::OWNER_HELP),
        owner_at: f.key_node("owner").map(|n| ctx.loc(n)),
        opened,
        due: ctx.date_at(&f, "due"),
        due_at: f.get("due").map(|n| ctx.loc(n)),
        status,
        status_at,
        closed,
        root_cause: ctx.text_at(&f, "root_cause"),
        plan: ctx.text_at(&f, "plan"),
        clauses: ctx.refs_at(&f, "clauses"),
        controls: ctx.refs_at(&f, "controls"),
        satisfies: f
            .get("satisfies")
            .map(|n| satisfies(ctx, n))
            .unwrap_or_default(),
        documents: ctx.refs_at(&f, "documents"),
        evidence: ctx.files_at(&f, "evidence"),
        effectiveness,
        log,
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

fn effectiveness(ctx: &mut FileCtx<'_>, node: &Node) -> Option<Effectiveness> {
    let f = ctx.fields(node, "the effectiveness review", EFFECTIVENESS_KEYS)?;
    Some(Effectiveness {
        reviewed_on: f
            .get("reviewed_on")
            .and_then(|n| ctx.date(n, "reviewed_on")),
        by: ctx.string_at(&f, "by"),
        effective: f.get("effective").and_then(|n| ctx.boolean(n, "effective")),
        note: ctx.text_at(&f, "note"),
    })
}

fn log(ctx: &mut FileCtx<'_>, node: &Node) -> Vec<LogEntry> {
    let Some(items) = node.as_seq() else {
        ctx.report(
            node,
            Diagnostic::error(
                "wrong-shape",
                format!("`log` should be a list, not {}", node.shape()),
            )
            .help("write one `- { date: YYYY-MM-DD, status: ..., note: ... }` per step"),
        );
        return Vec::new();
    };
    let mut entries: Vec<LogEntry> = items
        .iter()
        .filter_map(|item| {
            let f = ctx.fields(item, "a log entry", LOG_KEYS)?;
            let date = match f.get("date") {
                Some(n) => ctx.date(n, "date")?,
                None => {
                    ctx.missing(&f, "date", "the log entry", "2025-03-14");
                    return None;
                }
            };
            Some(LogEntry {
                date,
                status: f
                    .get("status")
                    .and_then(|n| ctx.keyword(n, "action status")),
                due: ctx.date_at(&f, "due"),
                note: ctx.string_at(&f, "note"),
            })
        })
        .collect();
    entries.sort_by_key(|e| e.date);
    entries
}

//! Loading incidents (`incidents/**/*.yaml`, A.5.24 to A.5.28). Dates are
//! checked for order here; lateness of notification and missing lessons
//! depend on the as-of date and are checked in `analyse`.

use super::audit::required_string;
use super::fields::FileCtx;
use super::record_id;
use super::yaml::Node;
use crate::diag::Diagnostic;
use crate::model::{Incident, Notification};

const KEYS: &[&str] = &[
    "id",
    "title",
    "detected",
    "contained",
    "resolved",
    "severity",
    "assets",
    "controls",
    "risks",
    "notifiable",
    "root_cause",
    "lessons",
    "actions",
    "evidence",
];

const NOTIFIABLE_KEYS: &[&str] = &["authority", "deadline", "notified_on"];

/// Decode an incident file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Incident> {
    let f = ctx.fields(root, "an incident", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the incident", "INC-2025-01")?;
    let title = required_string(
        ctx,
        &f,
        "title",
        "the incident",
        "Phishing e-mail led to a compromised mailbox",
    );
    let detected = ctx.date_at(&f, "detected");
    if f.get("detected").is_none() {
        ctx.missing(&f, "detected", "the incident", "2025-03-14");
    }
    let severity = f.get("severity").and_then(|n| ctx.keyword(n, "severity"));
    if f.get("severity").is_none() {
        ctx.missing(&f, "severity", "the incident", "medium");
    }
    let mut later_date = |key: &str| {
        let node = f.get(key)?;
        let date = ctx.date(node, key)?;
        if detected.is_some_and(|d| date < d) {
            ctx.report(
                node,
                Diagnostic::error(
                    "date-order",
                    format!("`{key}` ({date}) is before `detected`"),
                )
                .help("an incident is contained and resolved after it is detected"),
            );
        }
        Some(date)
    };
    let contained = later_date("contained");
    let resolved = later_date("resolved");
    Some(Incident {
        title,
        detected,
        contained,
        resolved,
        severity,
        severity_at: f
            .get("severity")
            .map_or_else(|| id_at.clone(), |n| ctx.loc(n)),
        assets: ctx.strings_at(&f, "assets"),
        controls: ctx.refs_at(&f, "controls"),
        risks: ctx.refs_at(&f, "risks"),
        notifiable: f.get("notifiable").and_then(|n| notifiable(ctx, n)),
        root_cause: ctx.text_at(&f, "root_cause"),
        lessons: ctx.text_at(&f, "lessons"),
        actions: ctx.refs_at(&f, "actions"),
        evidence: ctx.files_at(&f, "evidence"),
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

/// `notifiable: { authority, deadline, notified_on }`.
fn notifiable(ctx: &mut FileCtx<'_>, node: &Node) -> Option<Notification> {
    let f = ctx.fields(node, "`notifiable`", NOTIFIABLE_KEYS)?;
    Some(Notification {
        authority: ctx.string_at(&f, "authority"),
        deadline: ctx.date_at(&f, "deadline"),
        notified_on: ctx.date_at(&f, "notified_on"),
        notified_on_at: f.get("notified_on").map(|n| ctx.loc(n)),
        at: ctx.loc(node),
    })
}

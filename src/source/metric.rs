//! Loading metrics (`metrics/*.yaml`, clause 9.1).

use super::audit::required_string;
use super::fields::FileCtx;
use super::yaml::Node;
use super::{record_id, satisfies};
use crate::diag::Diagnostic;
use crate::model::{Direction, Measurement, Metric};

const KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "unit",
    "target",
    "direction",
    "clause",
    "clauses",
    "controls",
    "satisfies",
    "method",
    "frequency",
    "measurements",
];

const MEASUREMENT_KEYS: &[&str] = &["date", "value", "note"];

/// Decode a metric file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Metric> {
    let f = ctx.fields(root, "a metric", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the metric", "KPI-PATCH")?;
    let title = required_string(
        ctx,
        &f,
        "title",
        "the metric",
        "Critical patches applied within 14 days",
    );
    let clauses = ctx.clauses_at(&f);
    let measurements = f
        .get("measurements")
        .map(|n| measurements(ctx, n))
        .unwrap_or_default();
    Some(Metric {
        title,
        owner: ctx.filled_at(&f, "owner", "empty-owner", super::OWNER_HELP),
        unit: ctx.string_at(&f, "unit"),
        target: f.get("target").and_then(|n| ctx.number(n, "target")),
        direction: f
            .get("direction")
            .and_then(|n| ctx.keyword(n, "direction"))
            .unwrap_or(Direction::Higher),
        clauses,
        controls: ctx.refs_at(&f, "controls"),
        satisfies: f
            .get("satisfies")
            .map(|n| satisfies(ctx, n))
            .unwrap_or_default(),
        method: ctx.text_at(&f, "method"),
        frequency: f.get("frequency").and_then(|n| ctx.keyword(n, "frequency")),
        measurements,
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

fn measurements(ctx: &mut FileCtx<'_>, node: &Node) -> Vec<Measurement> {
    let Some(items) = node.as_seq() else {
        ctx.report(
            node,
            Diagnostic::error(
                "wrong-shape",
                format!("`measurements` should be a list, not {}", node.shape()),
            )
            .help("write one `- { date: YYYY-MM-DD, value: 42 }` per measurement"),
        );
        return Vec::new();
    };
    let mut out: Vec<Measurement> = Vec::new();
    for item in items {
        let Some(f) = ctx.fields(item, "a measurement", MEASUREMENT_KEYS) else {
            continue;
        };
        let date = ctx.date_at(&f, "date");
        let value = f.get("value").and_then(|n| ctx.number(n, "value"));
        if f.get("date").is_none() {
            ctx.missing(&f, "date", "the measurement", "2025-01-31");
        }
        if f.get("value").is_none() {
            ctx.missing(&f, "value", "the measurement", "95");
        }
        if let (Some(date), Some(value)) = (date, value) {
            if let Some(previous) = out.iter().find(|m| m.date == date) {
                ctx.report(
                    item,
                    Diagnostic::warning(
                        "duplicate-measurement",
                        format!(
                            "a second measurement for {date} (the first is {})",
                            previous.value
                        ),
                    )
                    .help("keep one measurement per date"),
                );
            }
            out.push(Measurement {
                date,
                value,
                note: ctx.string_at(&f, "note"),
            });
        }
    }
    out.sort_by_key(|m| m.date);
    out
}

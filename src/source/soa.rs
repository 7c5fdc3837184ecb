//! Loading the Statement of Applicability (`soa.yaml`).

use super::fields::FileCtx;
use super::yaml::Node;
use crate::diag::Diagnostic;
use crate::model::{Soa, SoaEntry};

const ENTRY_KEYS: &[&str] = &["applicable", "justification", "status"];

/// Decode `soa.yaml`: control id -> entry.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Soa {
    let mut soa = Soa::new();
    if root.is_null() {
        return soa;
    }
    let Some(entries) = root.as_map() else {
        ctx.report(
            root,
            Diagnostic::error(
                "wrong-shape",
                format!(
                    "soa.yaml should map control ids to entries, found {}",
                    root.shape()
                ),
            )
            .help("write `A.8.5: { applicable: true, status: implemented, justification: ... }`"),
        );
        return soa;
    };
    for (key, value) in entries {
        let Some(control) = key.as_str() else {
            continue;
        };
        let Some(f) = ctx.fields(value, &format!("the SoA entry for {control}"), ENTRY_KEYS) else {
            continue;
        };
        let entry = SoaEntry {
            applicable: f
                .get("applicable")
                .and_then(|n| ctx.boolean(n, "applicable"))
                .unwrap_or(true),
            justification: ctx.string_at(&f, "justification"),
            status: f
                .get("status")
                .and_then(|n| ctx.keyword(n, "implementation status")),
            at: ctx.loc(key),
        };
        if soa.insert(control.to_string(), entry).is_some() {
            ctx.report(
                key,
                Diagnostic::error(
                    "duplicate-key",
                    format!("{control} appears twice in soa.yaml"),
                ),
            );
        }
    }
    soa
}

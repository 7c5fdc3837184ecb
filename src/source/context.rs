//! Loading `context.yaml` (clauses 4.1 and 4.2): the issues and the
//! interested parties, each with its id, `since` and optional `until` and
//! dated `changed` entries (what changed when), checked to lie in order.

use super::fields::{Fields, FileCtx};
use super::record_id;
use super::yaml::Node;
use crate::diag::Diagnostic;
use crate::model::{Change, Context, Date, Issue, Party};

const KEYS: &[&str] = &["issues", "parties"];
const ISSUE_KEYS: &[&str] = &[
    "id", "issue", "kind", "category", "climate", "since", "until", "note", "changed",
];
const PARTY_KEYS: &[&str] = &[
    "id", "party", "needs", "via_isms", "since", "until", "changed",
];
const CHANGE_KEYS: &[&str] = &["on", "note"];

/// Decode `context.yaml`'s root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Context> {
    let f = ctx.fields(root, "the context", KEYS)?;
    let issues = list(
        ctx,
        &f,
        "issues",
        "- { id: ISS-1, issue: ..., kind: external }",
    )
    .into_iter()
    .filter_map(|n| issue(ctx, n))
    .collect();
    let parties = list(
        ctx,
        &f,
        "parties",
        "- { id: IP-1, party: Customers, needs: ... }",
    )
    .into_iter()
    .filter_map(|n| party(ctx, n))
    .collect();
    let issues_at = f.key_node("issues").map(|n| ctx.loc(n));
    Some(Context {
        issues,
        parties,
        issues_at,
        path: ctx.path.to_string(),
    })
}

/// The items of the list under `key` (reported when not a list).
fn list<'n>(ctx: &mut FileCtx<'_>, f: &Fields<'n>, key: &str, example: &str) -> Vec<&'n Node> {
    let Some(node) = f.get(key) else {
        return Vec::new();
    };
    match node.as_seq() {
        Some(items) => items.iter().collect(),
        None => {
            ctx.report(
                node,
                Diagnostic::error(
                    "wrong-shape",
                    format!("`{key}` should be a list, not {}", node.shape()),
                )
                .help(format!("write one `{example}` per entry")),
            );
            Vec::new()
        }
    }
}

fn issue(ctx: &mut FileCtx<'_>, node: &Node) -> Option<Issue> {
    let f = ctx.fields(node, "an issue", ISSUE_KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the issue", "ISS-1")?;
    let text = ctx.string_at(&f, "issue");
    if f.get("issue").is_none() {
        ctx.missing(
            &f,
            "issue",
            "the issue",
            "Customers require ISO 27001 certification",
        );
    }
    let (since, until, changed) = dates(ctx, &f, "the issue");
    Some(Issue {
        issue: text.unwrap_or_default(),
        kind: f.get("kind").and_then(|n| ctx.keyword(n, "kind")),
        category: ctx.string_at(&f, "category"),
        climate: f.get("climate").and_then(|n| ctx.boolean(n, "climate")),
        note: ctx.string_at(&f, "note"),
        since,
        until,
        changed,
        id,
        id_at,
    })
}

fn party(ctx: &mut FileCtx<'_>, node: &Node) -> Option<Party> {
    let f = ctx.fields(node, "an interested party", PARTY_KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the interested party", "IP-1")?;
    let name = ctx.string_at(&f, "party");
    if f.get("party").is_none() {
        ctx.missing(&f, "party", "the interested party", "Customers");
    }
    let (since, until, changed) = dates(ctx, &f, "the interested party");
    Some(Party {
        party: name.unwrap_or_default(),
        needs: ctx.string_at(&f, "needs"),
        via_isms: f.get("via_isms").and_then(|n| ctx.boolean(n, "via_isms")),
        since,
        until,
        changed,
        id,
        id_at,
    })
}

/// `since`, `until` and the `changed` entries of an issue or a party, each
/// `date-order` error when out of order: `until` before `since`, a change
/// before `since` or after `until`.
fn dates(
    ctx: &mut FileCtx<'_>,
    f: &Fields<'_>,
    what: &str,
) -> (Option<Date>, Option<Date>, Vec<Change>) {
    let since = ctx.date_at(f, "since");
    let until = ctx.date_at(f, "until");
    if let (Some(s), Some(u), Some(node)) = (since, until, f.get("until")) {
        if u < s {
            ctx.report(
                node,
                Diagnostic::error(
                    "date-order",
                    format!("`until` ({u}) is before `since` ({s})"),
                )
                .help(format!("{what} ends after it begins: check both dates")),
            );
        }
    }
    let changed = changes(ctx, f, since, until, what);
    (since, until, changed)
}

/// `changed: [{ on: YYYY-MM-DD, note: ... }]`, oldest first.
fn changes(
    ctx: &mut FileCtx<'_>,
    f: &Fields<'_>,
    since: Option<Date>,
    until: Option<Date>,
    what: &str,
) -> Vec<Change> {
    let mut out: Vec<Change> = list(ctx, f, "changed", "- { on: 2025-06-01, note: ... }")
        .into_iter()
        .filter_map(|n| {
            let c = ctx.fields(n, "a change", CHANGE_KEYS)?;
            let Some(on) = ctx.date_at(&c, "on") else {
                if c.get("on").is_none() {
                    ctx.missing(&c, "on", "the change", "2025-06-01");
                }
                return None;
            };
            let out_of_range = match (since, until) {
                (Some(s), _) if on < s => Some(format!("before `since` ({s})")),
                (_, Some(u)) if on > u => Some(format!("after `until` ({u})")),
                _ => None,
            };
            if let (Some(when), Some(node)) = (out_of_range, c.get("on")) {
                ctx.report(
                    node,
                    Diagnostic::error("date-order", format!("the change on {on} is {when}")).help(
                        format!("a change is dated while {what} stands, from `since` to `until`"),
                    ),
                );
            }
            Some(Change {
                on,
                note: ctx.string_at(&c, "note").unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by_key(|c| c.on);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_key_is_located() {
        let text = "# context\nissues:\n  - { id: ISS-1, issue: Heat, climate: true }\n";
        let root = super::super::yaml::parse(text).expect("yaml");
        let mut ctx = FileCtx::new("context.yaml", text, 0);
        let context = decode(&mut ctx, &root).expect("context");
        let at = context.issues_at.expect("located");
        assert_eq!(
            (at.file.as_str(), at.line, at.column),
            ("context.yaml", 2, 1)
        );
        assert!(ctx.diags.is_empty(), "{:?}", ctx.diags);
    }
}

//! Loading audits and their nested findings (`audits/*.yaml`).

use super::fields::{Fields, FileCtx};
use super::record_id;
use super::satisfies;
use super::yaml::Node;
use crate::model::{Audit, AuditKind, Finding, FindingType};

const KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "status",
    "start",
    "end",
    "lead_auditor",
    "auditors",
    "scope",
    "summary",
    "clauses",
    "controls",
    "report",
    "findings",
];

const FINDING_KEYS: &[&str] = &[
    "id",
    "type",
    "title",
    "clause",
    "clauses",
    "controls",
    "satisfies",
    "description",
    "evidence",
    "documents",
    "recurrence_of",
];

/// Decode an audit file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Audit> {
    let f = ctx.fields(root, "an audit", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the audit", "AUD-2025-Q1")?;
    let title = required_string(ctx, &f, "title", "the audit", "Internal audit Q1 2025");
    let kind = f
        .get("kind")
        .and_then(|n| ctx.keyword(n, "audit kind"))
        .unwrap_or(AuditKind::Internal);
    let status = f
        .get("status")
        .and_then(|n| ctx.keyword(n, "audit status"))
        .unwrap_or_default();
    let start = match f.get("start") {
        Some(n) => ctx.date(n, "start"),
        None => {
            ctx.missing(&f, "start", "the audit", "2025-03-10");
            None
        }
    };
    let end = ctx.date_at(&f, "end");
    if let (Some(s), Some(e), Some(node)) = (start, end, f.get("end")) {
        if e < s {
            ctx.report(
                node,
                crate::diag::Diagnostic::error(
                    "date-order",
                    format!("the audit ends ({e}) before it starts ({s})"),
                ),
            );
        }
    }
    let findings = match f.get("findings") {
        Some(node) => findings(ctx, node, &id),
        None => Vec::new(),
    };
    let audit = Audit {
        title,
        kind,
        status,
        start,
        end,
        lead_auditor: ctx
            .filled_at(
                &f,
                "lead_auditor",
                "empty-lead-auditor",
                "write who led the audit after `lead_auditor:` (e.g. `lead_auditor: S. Iyer`), or remove the key",
            )
            .map(|r| r.id),
        auditors: ctx.strings_at(&f, "auditors"),
        scope: ctx.string_at(&f, "scope"),
        summary: ctx.text_at(&f, "summary"),
        clauses: ctx.refs_at(&f, "clauses"),
        controls: ctx.refs_at(&f, "controls"),
        report: f
            .get("report")
            .and_then(|n| ctx.files(n, "report").into_iter().next()),
        findings,
        path: ctx.path.to_string(),
        id,
        id_at,
    };
    if !audit.is_held() && !audit.findings.is_empty() {
        if let Some(node) = f.key_node("findings") {
            ctx.report(
                node,
                crate::diag::Diagnostic::error(
                    "findings-in-planned-audit",
                    format!(
                        "audit `{}` is planned but lists {} finding(s): a planned audit has not raised any yet",
                        audit.id,
                        audit.findings.len()
                    ),
                )
                .help("once the audit took place, set `status: held` (or remove `status`); otherwise move the findings to the audit that raised them"),
            );
        }
    }
    Some(audit)
}

fn findings(ctx: &mut FileCtx<'_>, node: &Node, audit: &str) -> Vec<Finding> {
    let Some(items) = node.as_seq() else {
        ctx.report(
            node,
            crate::diag::Diagnostic::error(
                "wrong-shape",
                format!("`findings` should be a list, not {}", node.shape()),
            )
            .help("start each finding with `- id: ...`"),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| finding(ctx, item, audit))
        .collect()
}

fn finding(ctx: &mut FileCtx<'_>, node: &Node, audit: &str) -> Option<Finding> {
    let f = ctx.fields(node, "a finding", FINDING_KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the finding", "F-2025-03")?;
    let finding_type = match f.get("type") {
        Some(n) => ctx.keyword::<FindingType>(n, "finding type"),
        None => {
            ctx.missing(&f, "type", "the finding", "minor_nc");
            None
        }
    }
    .unwrap_or(FindingType::Observation);
    let title = required_string(
        ctx,
        &f,
        "title",
        "the finding",
        "Admin accounts without MFA",
    );
    let clauses = ctx.clauses_at(&f);
    Some(Finding {
        audit: audit.to_string(),
        finding_type,
        title,
        clauses,
        controls: ctx.refs_at(&f, "controls"),
        satisfies: f
            .get("satisfies")
            .map(|n| satisfies(ctx, n))
            .unwrap_or_default(),
        description: ctx.text_at(&f, "description"),
        evidence: ctx.files_at(&f, "evidence"),
        documents: ctx.refs_at(&f, "documents"),
        recurrence_of: ctx.refs_at(&f, "recurrence_of"),
        id,
        id_at,
    })
}

/// A required text field; reports it missing and returns an empty string.
pub fn required_string(
    ctx: &mut FileCtx<'_>,
    f: &Fields<'_>,
    key: &str,
    what: &str,
    example: &str,
) -> String {
    match f.get(key) {
        Some(n) => ctx.string(n, key).unwrap_or_default(),
        None => {
            ctx.missing(f, key, what, example);
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::model::AuditStatus;
    use crate::source::yaml;

    fn decode_text(text: &str) -> (Option<Audit>, Vec<Diagnostic>) {
        let mut ctx = FileCtx::new("audits/a.yaml", text, 0);
        let root = yaml::parse(text).expect("valid YAML");
        let audit = decode(&mut ctx, &root);
        (audit, ctx.diags)
    }

    const HEAD: &str = "id: AUD-1\ntitle: Audit\nstart: 2027-03-08\n";

    #[test]
    fn an_audit_is_held_unless_it_says_planned() {
        let (audit, diags) = decode_text(HEAD);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(audit.expect("an audit").status, AuditStatus::Held);
        for written in ["planned", "Planned", "PLANNED"] {
            let (audit, diags) = decode_text(&format!("{HEAD}status: {written}\n"));
            assert!(diags.is_empty(), "{diags:?}");
            assert_eq!(audit.expect("an audit").status, AuditStatus::Planned);
        }
    }

    #[test]
    fn an_unknown_status_is_reported_at_its_line_with_the_nearest_value() {
        let (audit, diags) = decode_text(&format!("{HEAD}status: plnned\n"));
        let d = diags.first().expect("a diagnostic");
        assert_eq!(d.code, "unknown-value");
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(4));
        let help = d.help.as_deref().unwrap_or_default();
        assert!(
            help.contains("`planned`") && help.contains("held"),
            "{help}"
        );
        // The audit is still read, as held.
        assert_eq!(audit.expect("an audit").status, AuditStatus::Held);
    }

    #[test]
    fn a_planned_audit_with_findings_is_an_error_at_the_findings_key() {
        let text = format!(
            "{HEAD}status: planned\nfindings:\n  - id: F-1\n    type: ofi\n    title: Early\n"
        );
        let (_, diags) = decode_text(&text);
        let codes: Vec<(&str, usize)> = diags
            .iter()
            .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        assert_eq!(codes, [("findings-in-planned-audit", 5)]);
        assert!(diags[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("status: held"));
        // A held audit may have findings.
        let (_, diags) = decode_text(&text.replace("planned", "held"));
        assert!(diags.is_empty(), "{diags:?}");
    }
}

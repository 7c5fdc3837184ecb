//! An audit's page: scope, team and its findings.

use super::record::{files_fact, findings_table, md, record, record_page};
use crate::model::Audit;
use crate::render::page::PageOut;
use crate::render::view::{Fact, Linker, Table};
use crate::resolve::Target;
use serde::Serialize;

/// An audit's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let a: &Audit = &l.site.source.audits[i];
    let facts = vec![
        Some(Fact::text("Kind", a.kind.label())),
        Fact::date("Start", a.start, None),
        Fact::date("End", a.end, None),
        Fact::opt_text("Lead auditor", a.lead_auditor.as_deref()),
        (!a.auditors.is_empty()).then(|| Fact::text("Auditors", a.auditors.join(", "))),
        Fact::opt_text("Scope", a.scope.as_deref()),
        files_fact(l, "Report", a.report.as_slice()),
        Fact::links("Clauses audited", l.refs(&a.clauses)),
        Fact::links("Controls audited", l.refs(&a.controls)),
    ];
    let summary = md(l.site, &a.summary, &a.path);
    let findings = findings_table(l, a.findings.iter());
    record_page(
        "audit.html",
        record(l, Target::Audit(i), facts, Some(&a.path)),
        "audits",
        AuditDetail { summary, findings },
    )
}

/// An audit page's own values.
#[derive(Serialize)]
struct AuditDetail {
    summary: Option<String>,
    findings: Table,
}

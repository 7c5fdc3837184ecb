//! ISMS-level diagnostics: what an auditor would raise about the records.

use super::coverage::Scope;
use super::{Analysis, DocReview};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{ActionKind, ActionStatus, DocStatus};
use crate::resolve::Site;

/// Run every check.
pub fn run(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    nonconformities_without_action(site, diags);
    actions(site, analysis, diags);
    documents(site, analysis, diags);
    applicability(site, analysis, diags);
    audit_programme(site, analysis, diags);
    reviews(site, diags);
    metrics(site, analysis, diags);
}

/// Management reviews must consider every 9.3.2 input.
fn reviews(site: &Site, diags: &mut Diagnostics) {
    use crate::model::ReviewInput;
    for r in site.reviews() {
        let missing: Vec<&str> = ReviewInput::ALL
            .iter()
            .filter(|i| !r.inputs.iter().any(|(k, t)| k == *i && !t.is_empty()))
            .map(|i| i.as_str())
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "review-missing-inputs",
                    format!(
                        "management review `{}` does not cover the 9.3.2 input(s): {}",
                        r.id,
                        missing.join(", ")
                    ),
                )
                .at(r.id_at.clone())
                .help("add each under `inputs:` with what was considered, e.g. `risk: Risk register reviewed ...`"),
            );
        }
    }
}

/// Metrics not measured as often as they say.
fn metrics(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    for m in site.metrics() {
        if analysis
            .metrics_overdue
            .get(&m.id)
            .copied()
            .unwrap_or(false)
        {
            let last = m
                .measurements
                .last()
                .map(|x| x.date.to_string())
                .unwrap_or_default();
            diags.push(
                Diagnostic::note(
                    "measurement-overdue",
                    format!(
                        "metric `{}` is measured {} but was last measured on {last}",
                        m.id,
                        m.frequency
                            .map(|f| f.label().to_lowercase())
                            .unwrap_or_default()
                    ),
                )
                .at(m.id_at.clone())
                .help("add the latest measurement under `measurements`"),
            );
        }
    }
}

/// Statement of Applicability: justified exclusions, cited inclusions,
/// excluded controls nobody relies on.
fn applicability(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    let soa = &site.source.soa;
    for (control, entry) in soa {
        if !entry.applicable
            && entry
                .justification
                .as_deref()
                .is_none_or(|j| j.trim().is_empty())
        {
            diags.push(
                Diagnostic::warning(
                    "unjustified-exclusion",
                    format!("{control} is excluded without a justification"),
                )
                .at(entry.at.clone())
                .help("clause 6.1.3 d) requires the justification for excluding a control: add `justification: ...`"),
            );
        }
    }
    let excluded = |id: &str| soa.get(id).is_some_and(|e| !e.applicable);
    let mut relied = |who: &str, refs: &[crate::model::Ref]| {
        for r in refs.iter().filter(|r| excluded(&r.id)) {
            diags.push(
                Diagnostic::warning(
                    "excluded-but-used",
                    format!("`{who}` relies on {}, which soa.yaml excludes", r.id),
                )
                .at(r.at.clone())
                .help(format!(
                    "either include {} in soa.yaml or remove it here",
                    r.id
                )),
            );
        }
    };
    for d in site
        .documents()
        .iter()
        .filter(|d| d.status != DocStatus::Retired)
    {
        relied(&d.id, &d.controls);
    }
    for a in site.actions() {
        relied(&a.id, &a.controls);
    }
    if soa.is_empty() {
        return;
    }
    let uncited: Vec<&str> = analysis
        .coverage
        .iso
        .iter()
        .filter(|r| r.scope == Scope::Control && r.applicable && r.approved_documents.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    if !uncited.is_empty() {
        let file = soa
            .values()
            .next()
            .map(|e| e.at.file.clone())
            .unwrap_or_default();
        diags.push(
            Diagnostic::warning(
                "uncited-control",
                format!(
                    "no approved document cites {} applicable control(s): {}",
                    uncited.len(),
                    abbreviated(&uncited)
                ),
            )
            .at(Location::file(file))
            .help("cite each applicable control in the `controls` of the document that implements it, or exclude it in soa.yaml with a justification"),
        );
    }
}

/// The audit programme: every clause and applicable control audited within
/// the certification cycle.
fn audit_programme(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    if site.source.audits.is_empty() {
        return;
    }
    let cov = &analysis.coverage;
    let missing = |scope: Scope| -> Vec<&str> {
        cov.iso
            .iter()
            .filter(|r| r.scope == scope && r.applicable && !r.audited_in_cycle)
            .map(|r| r.id.as_str())
            .collect()
    };
    let (clauses, controls) = (missing(Scope::Clause), missing(Scope::Control));
    if clauses.is_empty() && controls.is_empty() {
        return;
    }
    let mut parts = Vec::new();
    if !clauses.is_empty() {
        parts.push(format!("clauses {}", abbreviated(&clauses)));
    }
    if !controls.is_empty() {
        parts.push(format!("controls {}", abbreviated(&controls)));
    }
    let file = site
        .source
        .audits
        .first()
        .map(|a| a.path.clone())
        .unwrap_or_default();
    diags.push(
        Diagnostic::warning(
            "not-audited-in-cycle",
            format!(
                "{} clause(s) and {} applicable control(s) were not audited between {} and {}: {}",
                clauses.len(),
                controls.len(),
                cov.cycle_start.add_days(1),
                analysis.as_of,
                parts.join("; ")
            ),
        )
        .at(Location::file(file))
        .help("plan them in the audit programme (clause 9.2.2), listing them in an audit's `clauses` or `controls`; the audit programme page shows them all"),
    );
}

fn nonconformities_without_action(site: &Site, diags: &mut Diagnostics) {
    for (audit, finding) in site.findings() {
        if finding.finding_type.is_nonconformity()
            && site.actions_from(&finding.id).next().is_none()
        {
            diags.push(
                Diagnostic::warning(
                    "no-corrective-action",
                    format!(
                        "{} `{}` (audit {}) has no corrective action",
                        finding.finding_type.label().to_lowercase(),
                        finding.id,
                        audit.id
                    ),
                )
                .at(finding.id_at.clone())
                .help(format!(
                    "clause 10.2 requires action: add an action with `source: {}`",
                    finding.id
                )),
            );
        }
    }
}

fn actions(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    for action in site.actions() {
        let state = analysis.action(&action.id);
        if state.overdue {
            let at = action
                .due_at
                .clone()
                .unwrap_or_else(|| action.id_at.clone());
            diags.push(
                Diagnostic::note(
                    "overdue",
                    format!(
                        "action `{}` is {} days past its due date ({})",
                        action.id,
                        state.days_overdue,
                        action.due.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
                .at(at)
                .help("record progress in `log`, or agree a new due date with a `log` entry `{ date, due, note }`"),
            );
        }
        let finished = matches!(action.status, ActionStatus::Verified | ActionStatus::Closed);
        if finished && action.kind == ActionKind::Corrective && action.effectiveness.is_none() {
            diags.push(
                Diagnostic::warning(
                    "no-effectiveness-review",
                    format!(
                        "corrective action `{}` is {} without a review of its effectiveness",
                        action.id,
                        action.status.label().to_lowercase()
                    ),
                )
                .at(action.status_at.clone())
                .help("clause 10.2 f: add `effectiveness: { reviewed_on, by, effective, note }`"),
            );
        }
        if !action.status.is_done() {
            if action.owner.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "no-owner",
                        format!("open action `{}` has no owner", action.id),
                    )
                    .at(action.id_at.clone())
                    .help("add `owner:` with the role responsible"),
                );
            }
            if action.due.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "no-due-date",
                        format!("open action `{}` has no due date", action.id),
                    )
                    .at(action.id_at.clone())
                    .help("add `due: YYYY-MM-DD`"),
                );
            }
        }
    }
}

fn documents(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    for doc in site.documents() {
        if doc.status != DocStatus::Approved {
            continue;
        }
        if analysis.document(&doc.id) == DocReview::Overdue {
            let at = doc
                .next_review_at
                .clone()
                .unwrap_or_else(|| doc.id_at.clone());
            diags.push(
                Diagnostic::warning(
                    "review-overdue",
                    format!(
                        "document `{}` was due for review on {}",
                        doc.id,
                        doc.next_review.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
                .at(at)
                .help("review the document, then update `next_review` (and `version`/`history` if it changed)"),
            );
        }
    }
}

/// The first ids of a long list, then how many more.
fn abbreviated(ids: &[&str]) -> String {
    const SHOWN: usize = 12;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{} and {} more", ids[..SHOWN].join(", "), ids.len() - SHOWN)
    }
}

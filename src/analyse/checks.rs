//! ISMS-level diagnostics: what an auditor would raise about the records.

use super::{Analysis, DocReview};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{ActionKind, ActionStatus, DocStatus};
use crate::resolve::Site;

/// Run every check.
pub fn run(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    nonconformities_without_action(site, diags);
    actions(site, analysis, diags);
    documents(site, analysis, diags);
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

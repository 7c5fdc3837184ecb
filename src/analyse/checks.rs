//! ISMS-level diagnostics: what an auditor would raise about the records.

use super::coverage::Scope;
use super::{Analysis, DocReview};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{ActionKind, ActionStatus, DocStatus, RecordKind};
use crate::resolve::Site;

/// Run every check; `closures` are the findings'
/// ([`super::history::closures`]).
pub fn run(
    site: &Site,
    analysis: &Analysis,
    closures: &[super::history::Closure<'_>],
    diags: &mut Diagnostics,
) {
    nonconformities_without_action(site, closures, diags);
    actions(site, analysis, diags);
    documents(site, analysis, diags);
    applicability(site, analysis, diags);
    audit_programme(site, analysis, diags);
    internal_audit_interval(site, analysis, diags);
    reviews(site, diags);
    metrics(site, analysis, diags);
    super::intervals::run(site, analysis, diags);
    super::risks::check(site, analysis, diags);
    super::incidents::check(site, analysis, diags);
    super::context::check(site, analysis.as_of, diags);
}

/// Management reviews must consider every 9.3.2 input: one warning per
/// review naming the missing ones as the standard letters them, in its order.
fn reviews(site: &Site, diags: &mut Diagnostics) {
    for r in site.reviews() {
        let missing = r.inputs_missing();
        let Some(first) = missing.first() else {
            continue;
        };
        let named: Vec<String> = missing.iter().map(|i| i.cited()).collect();
        diags.push(
            Diagnostic::warning(
                "review-missing-inputs",
                format!(
                    "management review `{}` does not cover {} of the {} clause 9.3.2 inputs: {}",
                    r.id,
                    missing.len(),
                    crate::model::ReviewInput::COUNT,
                    named.join(", ")
                ),
            )
            .at(r.id_at.clone())
            .help(format!(
                "add each under `inputs:` with what was considered, e.g. `{}: ...` ({}); \
                 docs/format.md section 9 lists the ten inputs",
                first.as_str(),
                first.label().to_lowercase()
            )),
        );
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
    // A document with an error may be the one that cites them.
    if soa.is_empty() || site.incomplete(RecordKind::Document) {
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

/// The audit programme: every clause and applicable control audited by a
/// held internal audit within the certification cycle. External audits
/// (certification, surveillance, supplier) do not count (9.2: the
/// organisation's own audits); planned ones have not happened.
fn audit_programme(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    if site.incomplete(RecordKind::Audit) {
        return;
    }
    let held: Vec<&crate::model::Audit> = site
        .source
        .audits
        .iter()
        .filter(|a| a.is_held() && a.exists_at(analysis.as_of))
        .collect();
    if held.is_empty() {
        return;
    }
    let cov = &analysis.coverage;
    let missing = |scope: Scope| -> Vec<&crate::analyse::coverage::Requirement> {
        cov.iso
            .iter()
            .filter(|r| r.scope == scope && r.applicable && !r.audited_in_cycle)
            .collect()
    };
    let (clauses, controls) = (missing(Scope::Clause), missing(Scope::Control));
    if clauses.is_empty() && controls.is_empty() {
        return;
    }
    fn ids<'r>(rows: &[&'r crate::analyse::coverage::Requirement]) -> Vec<&'r str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }
    let mut parts = Vec::new();
    if !clauses.is_empty() {
        parts.push(format!("clauses {}", abbreviated(&ids(&clauses))));
    }
    if !controls.is_empty() {
        parts.push(format!("controls {}", abbreviated(&ids(&controls))));
    }
    let external: Vec<&str> = clauses
        .iter()
        .chain(&controls)
        .filter(|r| !r.externally_audited.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    if !external.is_empty() {
        parts.push(format!(
            "of these, only external audits covered {}",
            abbreviated(&external)
        ));
    }
    // Point at the newest held internal audit (where the next scope is
    // written), else at the newest audit.
    let newest = |internal: bool| {
        held.iter()
            .filter(|a| !internal || a.kind.is_internal())
            .max_by(|a, b| a.start.cmp(&b.start).then_with(|| b.id.cmp(&a.id)))
    };
    let at = newest(true)
        .or_else(|| newest(false))
        .map(|a| a.id_at.clone())
        .unwrap_or_else(|| Location::file("isms.yaml"));
    diags.push(
        Diagnostic::warning(
            "not-audited-in-cycle",
            format!(
                "{} clause(s) and {} applicable control(s) were not covered by an internal audit between {} and {}: {}",
                clauses.len(),
                controls.len(),
                cov.cycle_start.add_days(1),
                analysis.as_of,
                parts.join("; ")
            ),
        )
        .at(at)
        .help("plan them in the internal audit programme (clause 9.2.2), listing them in an internal audit's `clauses` or `controls`; certification, surveillance and supplier audits do not count; the audit programme page shows them all"),
    );
}

/// `internal-audit-overdue`: the last held internal audit is older than
/// `audit_interval`, or none was held although the ISMS keeps records
/// (9.2.1: internal audits at planned intervals).
fn internal_audit_interval(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    if site.incomplete(RecordKind::Audit) {
        return;
    }
    let state = crate::analyse::coverage::internal_audits(site, analysis.as_of);
    if !state.overdue {
        return;
    }
    let interval = state.interval;
    let next = state
        .planned
        .iter()
        .find(|a| a.start.is_some_and(|d| d >= analysis.as_of))
        .map(|a| {
            format!(
                " (`{}` is planned for {})",
                a.id,
                a.start.map(|d| d.to_string()).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let help = format!(
        "clause 9.2.1: internal audits at planned intervals, here every {interval} (`audit_interval` in isms.yaml); hold the next internal audit and record it under audits/ with `kind: internal`{next}"
    );
    let (message, at) = match (state.last, state.due) {
        (Some((audit, day)), Some(due)) => (
            format!(
                "the last internal audit, `{}`, ended on {day}: the next was due by {due} (every {interval})",
                audit.id
            ),
            audit.id_at.clone(),
        ),
        _ => (
            format!(
                "no internal audit has been held: the ISMS keeps records but none of its audits is a held `kind: internal` audit (due every {interval})"
            ),
            state
                .planned
                .first()
                .map(|a| a.id_at.clone())
                .unwrap_or_else(|| Location::file("isms.yaml")),
        ),
    };
    diags.push(
        Diagnostic::warning("internal-audit-overdue", message)
            .at(at)
            .help(help),
    );
}

fn nonconformities_without_action(
    site: &Site,
    closures: &[super::history::Closure<'_>],
    diags: &mut Diagnostics,
) {
    for ((audit, finding), closure) in site.findings().zip(closures) {
        if !finding.finding_type.is_nonconformity() {
            continue;
        }
        // An action whose file failed to parse was raised from it: its own
        // error is reported, this would be a second one.
        let unparsed_action = site
            .source
            .unparsed
            .iter()
            .any(|u| u.sources.contains(&finding.id));
        // Cancelled actions do not count as actions.
        if !unparsed_action && super::history::finding_actions(site, finding).is_empty() {
            let cancelled = site.actions_from(&finding.id).next().is_some();
            diags.push(
                Diagnostic::warning(
                    "no-corrective-action",
                    format!(
                        "{} `{}` (audit {}) has no corrective action{}",
                        finding.finding_type.label().to_lowercase(),
                        finding.id,
                        audit.id,
                        if cancelled {
                            " that was not cancelled"
                        } else {
                            ""
                        }
                    ),
                )
                .at(finding.id_at.clone())
                .help(format!(
                    "clause 10.2 requires action: add an action with `source: {}`",
                    finding.id
                )),
            );
        }
        if let Some(action) = closure.ineffective {
            let on = action
                .effectiveness
                .as_ref()
                .and_then(|e| e.reviewed_on)
                .map(|d| format!(" on {d}"))
                .unwrap_or_default();
            diags.push(
                Diagnostic::warning(
                    "ineffective-action",
                    format!(
                        "action `{}` was reviewed not effective{on}: {} `{}` stays open",
                        action.id,
                        finding.finding_type.label().to_lowercase(),
                        finding.id
                    ),
                )
                .at(action.status_at.clone())
                .help(format!(
                    "clause 10.2: raise a follow-up corrective action with `source: {}` (or `source: {}`) and record its effectiveness review",
                    finding.id, action.id
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
        // Past `effectiveness_review_days`, `effectiveness-review-overdue` says it.
        let review_overdue = super::history::finished_on(action).is_some_and(|done| {
            done.days_until(analysis.as_of) > site.source.config.effectiveness_review_days
        });
        if finished
            && action.kind == ActionKind::Corrective
            && action.effectiveness.is_none()
            && !review_overdue
        {
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
            if action.owner.is_none() && action.owner_at.is_none() {
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

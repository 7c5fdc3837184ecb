//! Planned intervals: management reviews (9.3.1) and effectiveness reviews
//! of corrective actions (10.2 f) due by the as-of date.

use super::history::finished_on;
use super::Analysis;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{ActionKind, Date, RecordKind};
use crate::resolve::Site;

/// Run the interval checks.
pub fn run(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    management_review(site, analysis.as_of, diags);
    effectiveness_reviews(site, analysis.as_of, diags);
}

/// The earliest dated record: when the ISMS started keeping records.
fn first_record(site: &Site) -> Option<Date> {
    let s = &site.source;
    s.audits
        .iter()
        .filter_map(|a| a.start)
        .chain(s.actions.iter().filter_map(|a| a.opened))
        .chain(s.documents.iter().filter_map(|d| d.approved_on))
        .min()
}

/// `management-review-overdue`: the last management review is older than
/// `management_review_interval` (or there is none, and the records are).
fn management_review(site: &Site, as_of: Date, diags: &mut Diagnostics) {
    if site.incomplete(RecordKind::Review) {
        return;
    }
    let interval = site.source.config.management_review_interval;
    let last = site
        .reviews()
        .iter()
        .filter_map(|r| Some((r.date?, r)))
        .max_by_key(|(date, _)| *date);
    let (since, at, what) = match last {
        Some((date, review)) => (
            date,
            review.id_at.clone(),
            format!(
                "the last management review (`{}`) was held on {date}",
                review.id
            ),
        ),
        None => match first_record(site) {
            Some(first) => (
                first,
                Location::file("isms.yaml"),
                format!("no management review is recorded; the records start on {first}"),
            ),
            None => return,
        },
    };
    let due = interval.after(since);
    if due < as_of {
        diags.push(
            Diagnostic::warning(
                "management-review-overdue",
                format!("{what}: the next was due by {due} (every {interval})"),
            )
            .at(at)
            .help(format!(
                "clause 9.3.1: top management reviews the ISMS at planned intervals; record the next review under reviews/, or set `management_review_interval` in isms.yaml (now {interval})"
            )),
        );
    }
}

/// `effectiveness-review-overdue`: a corrective action implemented, verified
/// or closed more than `effectiveness_review_days` ago without a review of
/// its effectiveness.
fn effectiveness_reviews(site: &Site, as_of: Date, diags: &mut Diagnostics) {
    let days = site.source.config.effectiveness_review_days;
    for action in site.actions() {
        if action.kind != ActionKind::Corrective
            || action.effectiveness.is_some()
            || !action.status.is_done()
            || action.status == crate::model::ActionStatus::Cancelled
        {
            continue;
        }
        let Some(done) = finished_on(action) else {
            continue;
        };
        let waited = done.days_until(as_of);
        if waited > days {
            diags.push(
                Diagnostic::warning(
                    "effectiveness-review-overdue",
                    format!(
                        "corrective action `{}` is {} since {done} ({waited} days) and its effectiveness was never reviewed",
                        action.id,
                        action.status.label().to_lowercase()
                    ),
                )
                .at(action.status_at.clone())
                .help(format!(
                    "clause 10.2 f: add `effectiveness: {{ reviewed_on, by, effective, note }}` (due {days} days after the action was done; `effectiveness_review_days` in isms.yaml)"
                )),
            );
        }
    }
}

//! Incidents at the as-of date: time to contain and resolve, whether a
//! notification owed to an authority was late or is missing, monthly counts
//! and the mean time to contain; the checks `notification-late` and
//! `incident-without-lessons`.

use super::counted;
use super::Analysis;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Date, Incident, Severity};
use crate::resolve::Site;
use std::collections::HashMap;

/// Where a notification owed to an authority stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotificationState {
    /// None is owed (no `notifiable`).
    #[default]
    NotRequired,
    /// Not made yet, the deadline is still ahead.
    Pending,
    /// Made by the deadline (or no deadline was given).
    OnTime,
    /// Made after the deadline.
    Late,
    /// Not made, and the deadline has passed (or none was given).
    Missing,
}

impl NotificationState {
    /// The keyword (`site.json`, CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationState::NotRequired => "not_required",
            NotificationState::Pending => "pending",
            NotificationState::OnTime => "on_time",
            NotificationState::Late => "late",
            NotificationState::Missing => "missing",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            NotificationState::NotRequired => "Not required",
            NotificationState::Pending => "Due",
            NotificationState::OnTime => "Notified on time",
            NotificationState::Late => "Notified late",
            NotificationState::Missing => "Not notified",
        }
    }

    /// Late or missing: what `notification-late` reports.
    pub fn is_late(self) -> bool {
        matches!(self, NotificationState::Late | NotificationState::Missing)
    }
}

/// An incident's computed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IncidentState {
    /// Days from detection to containment.
    pub days_to_contain: Option<i64>,
    /// Days from detection to resolution.
    pub days_to_resolve: Option<i64>,
    /// The notification owed.
    pub notification: NotificationState,
    /// High or critical without lessons learned or without an action.
    pub lessons_missing: bool,
}

/// The notification state of `i` on `as_of` (a notification made later
/// does not count yet: a review pack asks at its own date).
pub(super) fn notification(i: &Incident, as_of: Date) -> NotificationState {
    let Some(n) = &i.notifiable else {
        return NotificationState::NotRequired;
    };
    match (n.notified_on.filter(|on| *on <= as_of), n.deadline) {
        (Some(on), Some(deadline)) if on > deadline => NotificationState::Late,
        (Some(_), _) => NotificationState::OnTime,
        (None, Some(deadline)) if deadline >= as_of => NotificationState::Pending,
        (None, _) => NotificationState::Missing,
    }
}

/// The actions of an incident that were opened by `date`: its `actions`
/// and those naming it as source (an action that does not exist, or was
/// opened after `date`, does not count).
pub fn action_count(site: &Site, i: &Incident, date: Date) -> usize {
    let mut ids: Vec<&str> = site
        .actions_listed(&i.actions)
        .chain(site.actions_from(&i.id))
        .filter(|a| {
            let dated = a.opened.is_some() || !a.log.is_empty();
            !dated || a.status_on(date).is_some()
        })
        .map(|a| a.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Every incident's state, by id.
pub fn states(site: &Site, as_of: Date) -> HashMap<String, IncidentState> {
    site.source
        .incidents
        .iter()
        .map(|i| {
            let serious = i.severity.is_some_and(Severity::is_serious);
            let state = IncidentState {
                days_to_contain: i.days_to_contain(),
                days_to_resolve: i.days_to_resolve(),
                notification: notification(i, as_of),
                lessons_missing: serious
                    && (i.lessons.is_empty() || action_count(site, i, as_of) == 0),
            };
            (i.id.clone(), state)
        })
        .collect()
}

/// Incidents detected in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Count per severity, in [`Severity::ALL`] order.
    pub by_severity: [usize; 4],
}

/// Incidents detected per month, from the month of the first to the as-of
/// month (months without incidents count zero).
pub fn monthly(site: &Site, as_of: Date) -> Vec<Month> {
    let dated: Vec<(Date, Option<Severity>)> = site
        .source
        .incidents
        .iter()
        .filter_map(|i| Some((i.detected?, i.severity)))
        .collect();
    let Some(first) = dated.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(mut month) = Date::from_ymd(first.year(), first.month(), 1) else {
        return out;
    };
    while month <= as_of && out.len() < 1200 {
        let key = month.month_key();
        let mut by_severity = [0; 4];
        for (d, s) in &dated {
            if d.month_key() == key {
                // An incident without a severity counts as low.
                by_severity[s.map_or(0, |s| s as usize)] += 1;
            }
        }
        out.push(Month {
            month: key,
            by_severity,
        });
        month = month.add_months(1);
    }
    out
}

/// Mean days from detection to containment, over the contained incidents.
pub fn mean_days_to_contain(analysis: &Analysis) -> Option<f64> {
    let days: Vec<i64> = analysis
        .incidents
        .values()
        .filter_map(|s| s.days_to_contain)
        .collect();
    (!days.is_empty()).then(|| days.iter().sum::<i64>() as f64 / days.len() as f64)
}

/// The checks of incidents and context.
pub fn check(site: &Site, analysis: &Analysis, diags: &mut Diagnostics) {
    for i in &site.source.incidents {
        let Some(state) = analysis.incidents.get(&i.id) else {
            continue;
        };
        if state.notification.is_late() {
            let n = i.notifiable.as_ref();
            let authority = n
                .and_then(|n| n.authority.as_deref())
                .unwrap_or("the authority");
            let late_on = n
                .and_then(|n| Some((n.notified_on?, n.deadline?, n.notified_on_at.clone()?)))
                .filter(|_| state.notification == NotificationState::Late);
            if let Some((on, deadline, at)) = late_on.clone() {
                let days = usize::try_from(deadline.days_until(on)).unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        "notification-late",
                        format!(
                            "incident `{}` was notified to {authority} on {on}, {} after the deadline of {deadline}",
                            i.id,
                            counted(days, "day", "days")
                        ),
                    )
                    .at(at)
                    .help("a late notification stays on record; note why in `lessons` and what prevents it next time (A.5.26, A.5.24 and the law that applies)"),
                );
            }
            let message = match (state.notification, n.and_then(|n| n.deadline)) {
                (NotificationState::Late, _) if late_on.is_some() => String::new(),
                (NotificationState::Late, Some(deadline)) => format!(
                    "incident `{}` was notified to {authority} after the deadline of {deadline}",
                    i.id
                ),
                (_, Some(deadline)) => format!(
                    "incident `{}` was not notified to {authority} by the deadline of {deadline}",
                    i.id
                ),
                _ => format!("incident `{}` is notifiable but was not notified", i.id),
            };
            if !message.is_empty() {
                diags.push(
                Diagnostic::warning("notification-late", message)
                    .at(n.map_or_else(|| i.id_at.clone(), |n| n.at.clone()))
                    .help("record `notified_on:` under `notifiable:` (A.5.26, A.5.24 and the law that applies)"),
            );
            }
        }
        if state.lessons_missing {
            let what = if i.lessons.is_empty() {
                "no `lessons`"
            } else {
                "no corrective action"
            };
            diags.push(
                Diagnostic::warning(
                    "incident-without-lessons",
                    format!(
                        "{} incident `{}` has {what}",
                        i.severity.map_or("serious", |s| s.as_str()),
                        i.id
                    ),
                )
                .at(i.severity_at.clone())
                .help("A.5.27: write `lessons:` learned and list the corrective `actions:` they led to"),
            );
        }
    }
}

/// Incidents detected after `from` (none: from the start) up to and
/// including `to`, oldest first: the incidents of a review period.
pub fn detected_between(site: &Site, from: Option<Date>, to: Date) -> Vec<&Incident> {
    let mut out: Vec<&Incident> = site
        .source
        .incidents
        .iter()
        .filter(|i| {
            i.detected
                .is_some_and(|d| from.is_none_or(|f| d > f) && d <= to)
        })
        .collect();
    out.sort_by(|a, b| a.detected.cmp(&b.detected).then(a.id.cmp(&b.id)));
    out
}

//! Objectives at the as-of date: fulfilment computed from the linked
//! metrics' latest measurements against their targets (the measurements
//! are already cut at the as-of date), beside the status the owner states.
//! An objective whose due date has passed is judged at its due date: each
//! metric's latest measurement on or before `due`, not a later one. Its
//! stated status (achieved, missed, withdrawn) takes effect at the due date;
//! before it, the objective is active.

use crate::model::{Date, Metric, Objective, ObjectiveStatus};
use crate::resolve::{Site, Target};
use std::collections::HashMap;

/// What the linked metrics say about an objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fulfilment {
    /// Every measured metric meets its target.
    Met,
    /// At least one measured metric misses its target.
    NotMet,
    /// No linked metric has a measurement against a target.
    #[default]
    Unmeasured,
}

impl Fulfilment {
    /// The keyword (`site.json`, CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Fulfilment::Met => "met",
            Fulfilment::NotMet => "not_met",
            Fulfilment::Unmeasured => "unmeasured",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Fulfilment::Met => "Metrics on target",
            Fulfilment::NotMet => "Metrics miss target",
            Fulfilment::Unmeasured => "Not measured",
        }
    }
}

/// An objective's computed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ObjectiveState {
    /// What the metrics say.
    pub fulfilment: Fulfilment,
    /// Linked metrics whose latest measurement meets the target.
    pub met: usize,
    /// Linked metrics whose latest measurement misses the target.
    pub missed: usize,
    /// Linked metrics without a measurement or a target.
    pub unmeasured: usize,
    /// The stated status contradicts the metrics: `achieved` while they
    /// miss target, or `missed` while they meet it.
    pub mismatch: bool,
    /// Still `active` after its due date.
    pub overdue: bool,
    /// The due date, when the metrics were judged at it (it has passed).
    pub judged_on_due: Option<Date>,
}

/// The date an objective's metrics are judged at on `as_of`: its due date
/// once that has passed, else `as_of`.
pub fn judged_on(o: &Objective, as_of: Date) -> Date {
    o.due.filter(|d| *d <= as_of).unwrap_or(as_of)
}

/// The status an objective had on `date`: the stated one takes effect at
/// the due date (an objective without one: always); before it, active.
pub fn status_on(o: &Objective, date: Date) -> ObjectiveStatus {
    if o.due.is_some_and(|d| d > date) {
        ObjectiveStatus::Active
    } else {
        o.status
    }
}

/// Does a metric's latest measurement meet its target? `None`: no
/// measurement or no target.
pub fn latest_meets_target(m: &Metric) -> Option<bool> {
    m.meets_target(m.measurements.last()?.value)
}

/// Does a metric's latest measurement on or before `date` meet its target?
pub fn meets_target_on(m: &Metric, date: Date) -> Option<bool> {
    let latest = m.measurements.iter().rev().find(|x| x.date <= date)?;
    m.meets_target(latest.value)
}

/// The metrics an objective links to, that resolve.
pub fn metrics_of<'s>(site: &'s Site, o: &Objective) -> Vec<&'s Metric> {
    o.metrics
        .iter()
        .filter_map(|r| match site.get(&r.id) {
            Some(Target::Metric(i)) => Some(&site.source.metrics[i]),
            _ => None,
        })
        .collect()
}

/// The state of one objective on `as_of` (also an earlier date, such as a
/// management review's: only measurements taken by then count). Past its
/// due date it is judged at the due date; its stated status counts from
/// then ([`status_on`]).
pub fn state(site: &Site, o: &Objective, as_of: Date) -> ObjectiveState {
    let mut s = ObjectiveState::default();
    let on = judged_on(o, as_of);
    s.judged_on_due = o.due.filter(|d| *d <= as_of);
    for m in metrics_of(site, o) {
        match meets_target_on(m, on) {
            Some(true) => s.met += 1,
            Some(false) => s.missed += 1,
            None => s.unmeasured += 1,
        }
    }
    s.fulfilment = if s.missed > 0 {
        Fulfilment::NotMet
    } else if s.met > 0 {
        Fulfilment::Met
    } else {
        Fulfilment::Unmeasured
    };
    let status = status_on(o, as_of);
    s.mismatch = matches!(
        (status, s.fulfilment),
        (ObjectiveStatus::Achieved, Fulfilment::NotMet)
            | (ObjectiveStatus::Missed, Fulfilment::Met)
    );
    s.overdue = status == ObjectiveStatus::Active && o.due.is_some_and(|d| d < as_of);
    s
}

/// Every objective's state, by id.
pub fn states(site: &Site, as_of: Date) -> HashMap<String, ObjectiveState> {
    site.source
        .objectives
        .iter()
        .map(|o| (o.id.clone(), state(site, o, as_of)))
        .collect()
}

//! Objectives at the as-of date: fulfilment computed from the linked
//! metrics' latest measurements against their targets (the measurements
//! are already cut at the as-of date), beside the status the owner states.

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
/// management review's: only measurements taken by then count).
pub fn state(site: &Site, o: &Objective, as_of: Date) -> ObjectiveState {
    let mut s = ObjectiveState::default();
    for m in metrics_of(site, o) {
        match meets_target_on(m, as_of) {
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
    s.mismatch = matches!(
        (o.status, s.fulfilment),
        (ObjectiveStatus::Achieved, Fulfilment::NotMet)
            | (ObjectiveStatus::Missed, Fulfilment::Met)
    );
    s.overdue = o.status == ObjectiveStatus::Active && o.due.is_some_and(|d| d < as_of);
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

//! Trends over time: the numbers behind the improvement charts.
//!
//! Open nonconformities and overdue actions are sampled at the end of every
//! month (the last month ends at the as-of date); actions opened, closed and
//! the days they took are counted per quarter.

use super::history::{finished_on, overdue_on};
use crate::model::{Date, FindingType};
use crate::resolve::Site;

/// Open nonconformities at the end of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenNc {
    /// `YYYY-MM`.
    pub month: String,
    /// Open major nonconformities.
    pub major: usize,
    /// Open minor nonconformities.
    pub minor: usize,
}

/// Overdue actions at the end of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    /// `YYYY-MM`.
    pub month: String,
    /// Actions overdue on that day.
    pub overdue: usize,
}

/// Actions opened and closed in a quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throughput {
    /// `YYYY-Qn`.
    pub quarter: String,
    /// Opened in the quarter.
    pub opened: usize,
    /// Finished (implemented, verified, closed) in the quarter.
    pub closed: usize,
}

/// Days from opened to finished, for actions finished in a quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct DaysToClose {
    /// `YYYY-Qn`.
    pub quarter: String,
    /// How many actions.
    pub count: usize,
    /// Shortest.
    pub min: i64,
    /// Median.
    pub median: f64,
    /// Longest.
    pub max: i64,
}

/// All trend series.
#[derive(Debug, Clone, Default)]
pub struct Trends {
    /// Monthly open nonconformities by severity.
    pub open_nc: Vec<OpenNc>,
    /// Monthly overdue actions.
    pub overdue: Vec<Overdue>,
    /// Quarterly throughput.
    pub throughput: Vec<Throughput>,
    /// Quarterly days to close.
    pub days_to_close: Vec<DaysToClose>,
}

/// Month ends from the month of `first` to `as_of` (the last one is `as_of`).
fn month_ends(first: Date, as_of: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let Some(mut month) = Date::from_ymd(first.year(), first.month(), 1) else {
        return out;
    };
    while month <= as_of && out.len() < 1200 {
        let end = month.add_months(1).add_days(-1);
        out.push(end.min(as_of));
        month = month.add_months(1);
    }
    out
}

fn median(sorted: &[i64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    }
}

/// Compute every trend up to `as_of`; `closures` are the findings'
/// ([`super::history::closures`]).
pub fn compute(site: &Site, as_of: Date, closures: &[super::history::Closure<'_>]) -> Trends {
    let nonconformities: Vec<(Date, FindingType, Option<Date>)> = site
        .findings()
        .zip(closures)
        .filter(|((_, f), _)| f.finding_type.is_nonconformity())
        .filter_map(|((a, f), c)| Some((a.start?, f.finding_type, c.closed_on)))
        .collect();
    let first = site
        .findings()
        .filter_map(|(a, _)| a.start)
        .chain(site.actions().iter().filter_map(|a| a.opened))
        .filter(|d| *d <= as_of)
        .min();
    let mut trends = Trends::default();
    let Some(first) = first else {
        return trends;
    };
    for end in month_ends(first, as_of) {
        let open = |t: FindingType| {
            nonconformities
                .iter()
                .filter(|(raised, ft, closed)| {
                    *ft == t && *raised <= end && closed.is_none_or(|c| c > end)
                })
                .count()
        };
        trends.open_nc.push(OpenNc {
            month: end.month_key(),
            major: open(FindingType::MajorNc),
            minor: open(FindingType::MinorNc),
        });
        trends.overdue.push(Overdue {
            month: end.month_key(),
            overdue: site.actions().iter().filter(|a| overdue_on(a, end)).count(),
        });
    }
    let mut quarters: Vec<String> = Vec::new();
    for end in month_ends(first, as_of) {
        let q = end.quarter_key();
        if quarters.last() != Some(&q) {
            quarters.push(q);
        }
    }
    for q in quarters {
        let opened = site
            .actions()
            .iter()
            .filter(|a| a.opened.is_some_and(|d| d <= as_of && d.quarter_key() == q))
            .count();
        let mut days: Vec<i64> = Vec::new();
        let mut closed = 0;
        for a in site.actions() {
            let Some(done) = finished_on(a).filter(|d| *d <= as_of && d.quarter_key() == q) else {
                continue;
            };
            if a.status_on(done)
                .is_some_and(|s| s == crate::model::ActionStatus::Cancelled)
            {
                continue;
            }
            closed += 1;
            if let Some(o) = a.opened {
                days.push(o.days_until(done).max(0));
            }
        }
        days.sort_unstable();
        if !days.is_empty() {
            trends.days_to_close.push(DaysToClose {
                quarter: q.clone(),
                count: days.len(),
                min: days[0],
                median: median(&days),
                max: days[days.len() - 1],
            });
        }
        trends.throughput.push(Throughput {
            quarter: q,
            opened,
            closed,
        });
    }
    trends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends_stop_at_as_of() {
        let ends = month_ends(
            Date::parse("2025-01-15").unwrap(),
            Date::parse("2025-03-10").unwrap(),
        );
        let text: Vec<String> = ends.iter().map(|d| d.to_string()).collect();
        assert_eq!(text, ["2025-01-31", "2025-02-28", "2025-03-10"]);
        assert_eq!(median(&[1, 3, 10]), 3.0);
        assert_eq!(median(&[1, 3, 5, 10]), 4.0);
    }
}

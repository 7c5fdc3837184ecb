//! The review-pack sections compiled from objectives, the context and
//! incidents ([`super::review_pack::SECTIONS`] names them): issues and
//! interested parties added, changed or retired in the period (inputs b and
//! c), incidents detected in it with their severity and lessons (beside d1),
//! and each objective's fulfilment at the period's end (d4).
//!
//! Notable (the review must name them, or its input is flagged silent):
//! issues and parties added or retired in the period (not in the first
//! review's period, whose context is the starting point); high and critical
//! incidents and notifications late or missing; objectives whose metrics
//! miss their targets at the period's end, or whose stated status the
//! metrics contradict.

use super::context::{events_between, What};
use super::counted;
use super::incidents::{action_count, detected_between};
use super::objectives::{state, status_on, Fulfilment};
use super::review_pack::{Compiled, Ctx, Figure, Item, List};
use crate::model::{Date, Incident, ObjectiveStatus, Severity};
use crate::resolve::Target;

fn figure(label: &str, value: impl ToString) -> Figure {
    Figure {
        label: label.to_string(),
        value: value.to_string(),
    }
}

/// `[[ID]]` as `ID`, `[[ID|text]]` as `text`: the note is plain text.
fn plain(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + len];
        out.push_str(inner.rsplit('|').next().unwrap_or(inner));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The first paragraph of a Markdown text, as plain text of at most 160
/// characters.
fn first_line(markdown: &str) -> String {
    let para: Vec<&str> = markdown
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    let line = plain(&para.join(" "));
    let mut chars = line.chars();
    let short: String = chars.by_ref().take(160).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// b) or c): the context entries of one kind with events in the period.
fn context_section(c: &Ctx<'_>, issues: bool) -> Compiled {
    let Some(_) = c.site.source.context else {
        return Compiled::no_records(if issues {
            "context issues (`context.yaml`, `issues`)"
        } else {
            "interested parties (`context.yaml`, `parties`)"
        });
    };
    let p = c.period;
    let events: Vec<_> = events_between(c.site, p.after, p.until)
        .into_iter()
        .filter(|e| matches!(e.target, Target::Issue(_)) == issues)
        .rev()
        .collect();
    let (mut added, mut changed, mut retired) = (0, 0, 0);
    let mut notable: Vec<String> = Vec::new();
    let items = events
        .iter()
        .map(|e| {
            let id = c.site.target_id(e.target).to_string();
            let news = match e.what {
                What::Added => {
                    added += 1;
                    true
                }
                What::Changed(_) => {
                    changed += 1;
                    false
                }
                What::Retired => {
                    retired += 1;
                    true
                }
            };
            if news && p.after.is_some() && !notable.contains(&id) {
                notable.push(id.clone());
            }
            let mut note = format!("{} on {}", e.what.text(), e.date);
            if let Target::Issue(i) = e.target {
                if e.what == What::Added && c.site.issues()[i].climate == Some(true) {
                    note.push_str(" (climate change: relevant)");
                }
            }
            Item {
                id,
                note,
                warn: false,
            }
        })
        .collect();
    let mut notes = Vec::new();
    if p.after.is_none() {
        notes.push(
            "First review: the context as it stood is the starting point; no entry is singled out."
                .to_string(),
        );
    }
    if issues && !super::context::climate_decided(c.site, p.until) {
        notes.push("No issue states whether climate change is relevant (Amendment 1:2024).".into());
    }
    let what = if issues {
        "issues"
    } else {
        "interested parties"
    };
    Compiled {
        figures: vec![
            figure("Added", added),
            figure("Changed", changed),
            figure("Retired", retired),
        ],
        lists: vec![List {
            title: format!("Context {what} added, changed or retired in the period"),
            items,
            empty: "Nothing changed in the period.",
        }],
        notes,
        notable,
        none: None,
    }
}

/// b) External and internal issues added, changed or retired.
pub fn context_issues(c: &Ctx<'_>) -> Compiled {
    context_section(c, true)
}

/// c) Interested parties added, changed or retired.
pub fn interested_parties(c: &Ctx<'_>) -> Compiled {
    context_section(c, false)
}

fn contained_in(n: i64) -> String {
    match n {
        0 => "contained the same day".into(),
        1 => "contained in 1 day".into(),
        n => format!("contained in {n} days"),
    }
}

/// Whether `i`'s notification was late or missing at `until` (not the
/// as-of date).
fn notification_late(i: &Incident, until: Date) -> bool {
    super::incidents::notification(i, until).is_late()
}

/// Incidents detected in the period: counts by severity, time to contain,
/// notifications and lessons.
pub fn incidents(c: &Ctx<'_>) -> Compiled {
    if c.site.source.incidents.is_empty() {
        return Compiled::no_records("incidents (`incidents/`)");
    }
    let p = c.period;
    let list = detected_between(c.site, p.after, p.until);
    let mut by_severity = [0usize; 4];
    let mut contain = Vec::new();
    let mut late = 0;
    let mut notable = Vec::new();
    let mut items = Vec::new();
    let mut lessons = Vec::new();
    for i in &list {
        let serious = i.severity.is_some_and(Severity::is_serious);
        by_severity[i.severity.map_or(0, |s| s as usize)] += 1;
        let contained = i.contained.filter(|d| *d <= p.until);
        if let (Some(d), Some(c)) = (i.detected, contained) {
            contain.push(d.days_until(c));
        }
        let is_late = notification_late(i, p.until);
        late += usize::from(is_late);
        if (serious || is_late) && !notable.contains(&i.id) {
            notable.push(i.id.clone());
        }
        let mut note = format!(
            "{}, detected {}",
            i.severity.map_or("No severity", |s| s.label()),
            i.detected.map(|d| d.to_string()).unwrap_or_default()
        );
        match (i.detected, contained) {
            (Some(d), Some(c)) => note.push_str(&format!(", {}", contained_in(d.days_until(c)))),
            _ => note.push_str(", not contained by the period's end"),
        }
        if is_late {
            note.push_str(", notification late or missing");
        }
        let actions = action_count(c.site, i, p.until);
        if serious && (i.lessons.is_empty() || actions == 0) {
            note.push_str(", without lessons or an action");
        }
        items.push(Item {
            id: i.id.clone(),
            note,
            warn: serious || is_late,
        });
        if !i.lessons.is_empty() {
            let mut note = first_line(&i.lessons.markdown);
            if actions > 0 {
                note.push_str(&format!(" ({})", counted(actions, "action", "actions")));
            }
            lessons.push(Item {
                id: i.id.clone(),
                note,
                warn: false,
            });
        }
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| format!("{} {}", by_severity[*s as usize], s.as_str()))
        .collect();
    let mut figures = vec![
        figure(
            "Detected",
            format!("{} ({})", list.len(), counts.join(", ")),
        ),
        figure(
            "Mean time to contain",
            if contain.is_empty() {
                "—".to_string()
            } else {
                let mean = contain.iter().sum::<i64>() as f64 / contain.len() as f64;
                format!("{:.1} days", mean)
            },
        ),
        figure("Notifications late or missing", late),
    ];
    if let Some(before) = c.before {
        let then = detected_between(c.site, before.after, before.until).len();
        figures.push(figure(
            "Trend",
            format!("{} detected, {then} in the previous period", list.len()),
        ));
    }
    Compiled {
        figures,
        lists: vec![
            List {
                title: "Incidents detected in the period".into(),
                items,
                empty: "No incident was detected.",
            },
            List {
                title: "Lessons learned".into(),
                items: lessons,
                empty: "No lessons recorded.",
            },
        ],
        notes: Vec::new(),
        notable,
        none: None,
    }
}

/// d4) Each objective set by the period's end: the stated status beside the
/// fulfilment its metrics show at that date.
pub fn objectives(c: &Ctx<'_>) -> Compiled {
    if c.site.source.objectives.is_empty() {
        return Compiled::no_records("objectives (`objectives/`)");
    }
    let until = c.period.until;
    let (mut met, mut not_met, mut unmeasured) = (0, 0, 0);
    let mut notable = Vec::new();
    let mut items = Vec::new();
    for o in c
        .site
        .source
        .objectives
        .iter()
        .filter(|o| o.since.is_none_or(|s| s <= until))
    {
        let st = state(c.site, o, until);
        match st.fulfilment {
            Fulfilment::Met => met += 1,
            Fulfilment::NotMet => not_met += 1,
            Fulfilment::Unmeasured => unmeasured += 1,
        }
        let stated = status_on(o, until);
        let withdrawn = stated == ObjectiveStatus::Withdrawn;
        let bad = !withdrawn && (st.fulfilment == Fulfilment::NotMet || st.mismatch);
        if bad {
            notable.push(o.id.clone());
        }
        let mut note = format!("Stated {}; ", stated.as_str());
        let on = st.judged_on_due.unwrap_or(until);
        note.push_str(&match st.fulfilment {
            Fulfilment::Unmeasured => "not measured".to_string(),
            f => format!(
                "{} ({} of {} metrics on target on {on}{})",
                f.label().to_lowercase(),
                st.met,
                st.met + st.missed,
                if st.judged_on_due.is_some() {
                    ", the due date"
                } else {
                    ""
                }
            ),
        });
        if st.mismatch {
            note.push_str("; the stated status contradicts the metrics");
        }
        if let Some(due) = o.due {
            note.push_str(&format!("; due {due}"));
        }
        items.push(Item {
            id: o.id.clone(),
            note,
            warn: bad,
        });
    }
    Compiled {
        figures: vec![
            figure("Objectives", items.len()),
            figure("Objectives met", met),
            figure("Objectives not met", not_met),
            figure("Objectives not measured", unmeasured),
        ],
        lists: vec![List {
            title: "Objectives and their fulfilment".into(),
            items,
            empty: "No objective was set by then.",
        }],
        notes: vec![
            "An objective is met when every linked metric's latest measurement on or before the period's end (or its due date, once passed) meets its target, not met when one misses it; a stated status counts from the objective's due date.".into(),
        ],
        notable,
        none: None,
    }
}

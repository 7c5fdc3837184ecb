//! The management-review pack: the clause 9.3.2 inputs compiled from the
//! records for the period a review looks back on, beside what the review
//! wrote, with a flag where the review is silent on something the records
//! show.
//!
//! **Period.** A review's period runs from the day after the previous
//! review (the latest one dated strictly before it; exclusive) up to and
//! including the review's own date. The first review's period starts with
//! the records. The next review's pack (`next`) runs from the day after the
//! last review held by the as-of date up to and including the as-of date.
//!
//! **Sections.** [`SECTIONS`] lists the sections in the order of 9.3.2;
//! each names the input it sits beside and a compiler. A record kind that
//! feeds the review is added as one entry there (or by replacing a
//! placeholder's compiler): the page, `site.json` and the silent-input flag
//! follow from the entry.
//!
//! **Silent input.** A section is flagged when the records show something
//! for the period (at least one item) and the review's input is missing or
//! empty, or when the input has text that does not name one of the
//! section's *notable* items by id (see [`mentions`]).

use super::history::overdue_on;
use super::review_pack_records as records;
use super::{counted, Analysis};
use crate::model::{ActionKind, Date, FindingType, Review, ReviewInput, Text};
use crate::resolve::{Site, Target};

/// The days a review looks back on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The previous review's date, excluded; `None`: since the records began.
    pub after: Option<Date>,
    /// The review's date (or the as-of date for the next review), included.
    pub until: Date,
}

impl Period {
    /// Is `date` in the period (`after < date <= until`)?
    pub fn contains(self, date: Date) -> bool {
        self.after.is_none_or(|a| date > a) && date <= self.until
    }

    /// Is an optional date in the period (undated: no)?
    pub fn holds(self, date: Option<Date>) -> bool {
        date.is_some_and(|d| self.contains(d))
    }
}

/// Everything a section compiler may read.
pub struct Ctx<'s> {
    /// The site (rolled back to the as-of date).
    pub site: &'s Site,
    /// Its analysis.
    pub analysis: &'s Analysis,
    /// The period compiled.
    pub period: Period,
    /// The period before it (the previous review's own period), for trends.
    pub before: Option<Period>,
    /// The previous review, if any.
    pub previous: Option<&'s Review>,
}

/// One section of the pack: what it compiles and which input it sits beside.
pub struct SectionDef {
    /// Stable key: the page anchor and the `site.json` name.
    pub key: &'static str,
    /// The 9.3.2 input the review writes about it.
    pub input: ReviewInput,
    /// Heading.
    pub title: &'static str,
    /// Compiles the section from the records.
    pub compile: fn(&Ctx<'_>) -> Compiled,
}

/// The sections, in the order of 9.3.2. Add a record kind's section here.
pub const SECTIONS: &[SectionDef] = &[
    SectionDef {
        key: "previous_actions",
        input: ReviewInput::PreviousActions,
        title: "Status of actions from the previous review",
        compile: previous_actions,
    },
    SectionDef {
        key: "context_issues",
        input: ReviewInput::Changes,
        title: "External and internal issues added or changed",
        compile: records::context_issues,
    },
    SectionDef {
        key: "interested_parties",
        input: ReviewInput::InterestedParties,
        title: "Interested parties and their needs added or changed",
        compile: records::interested_parties,
    },
    SectionDef {
        key: "nonconformities",
        input: ReviewInput::Nonconformities,
        title: "Nonconformities and corrective actions",
        compile: nonconformities,
    },
    SectionDef {
        key: "incidents",
        input: ReviewInput::Nonconformities,
        title: "Incidents: counts, severity and lessons learned",
        compile: records::incidents,
    },
    SectionDef {
        key: "monitoring",
        input: ReviewInput::Monitoring,
        title: "Metric results and trends against targets",
        compile: monitoring,
    },
    SectionDef {
        key: "audit_results",
        input: ReviewInput::AuditResults,
        title: "Audit results and the audit programme",
        compile: audit_results,
    },
    SectionDef {
        key: "objectives",
        input: ReviewInput::Objectives,
        title: "Fulfilment of information security objectives",
        compile: records::objectives,
    },
    SectionDef {
        key: "interested_party_feedback",
        input: ReviewInput::InterestedPartyFeedback,
        title: "Feedback from interested parties",
        compile: |_| Compiled {
            none: Some(
                "No record kind holds feedback from interested parties: \
                 only what the review wrote records it."
                    .into(),
            ),
            ..Compiled::default()
        },
    },
    SectionDef {
        key: "risk",
        input: ReviewInput::Risk,
        title: "Risk register changes",
        compile: risk,
    },
    SectionDef {
        key: "improvement_opportunities",
        input: ReviewInput::ImprovementOpportunities,
        title: "Improvement opportunities raised",
        compile: improvement_opportunities,
    },
];

/// One figure of a section (`Raised: 3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// What is counted.
    pub label: String,
    /// The value, ready to show.
    pub value: String,
}

/// A record a section lists, with what happened to it in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The record's id.
    pub id: String,
    /// What the records show about it.
    pub note: String,
    /// The item is bad news (shown as a warning).
    pub warn: bool,
}

/// A titled list of records in a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// Heading.
    pub title: String,
    /// The records.
    pub items: Vec<Item>,
    /// Shown when empty.
    pub empty: &'static str,
}

/// What a section compiled from the records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Compiled {
    /// Counts and trends.
    pub figures: Vec<Figure>,
    /// Lists of records.
    pub lists: Vec<List>,
    /// Sentences about gaps or context.
    pub notes: Vec<String>,
    /// Ids the review's input should name (see the module comment).
    pub notable: Vec<String>,
    /// Set when nothing can be compiled: why (no records of that kind).
    pub none: Option<String>,
}

impl Compiled {
    /// The section of a record kind this ISMS has no records of.
    pub fn no_records(what: &str) -> Compiled {
        Compiled {
            none: Some(format!(
                "No records of {what} exist in this ISMS: nothing to compile for this input."
            )),
            ..Compiled::default()
        }
    }

    /// Records listed in the section.
    pub fn item_count(&self) -> usize {
        self.lists.iter().map(|l| l.items.len()).sum()
    }
}

/// Why a section is flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Silence {
    /// The input is missing or empty although the records list items.
    Missing,
    /// The input does not name these notable ids.
    Unmentioned(Vec<String>),
}

/// One compiled section with the review's text.
pub struct Section<'s> {
    /// Its definition.
    pub def: &'static SectionDef,
    /// What the records show.
    pub compiled: Compiled,
    /// What the review wrote for the section's input (none for the next
    /// review, or when missing or empty).
    pub written: Option<&'s Text>,
    /// Set when the review is silent on what the records show.
    pub silent: Option<Silence>,
}

/// The pack of one review, or of the next one.
pub struct ReviewPack<'s> {
    /// The review (`None`: the next review).
    pub review: Option<&'s Review>,
    /// The review before it.
    pub previous: Option<&'s Review>,
    /// The days compiled.
    pub period: Period,
    /// The sections, in [`SECTIONS`] order.
    pub sections: Vec<Section<'s>>,
}

/// The reviews held by `until` in date order (undated ones left out).
fn dated(site: &Site) -> Vec<&Review> {
    let mut reviews: Vec<&Review> = site.reviews().iter().filter(|r| r.date.is_some()).collect();
    reviews.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    reviews
}

/// The latest review dated strictly before `date`.
fn latest_before<'s>(reviews: &[&'s Review], date: Date) -> Option<&'s Review> {
    reviews
        .iter()
        .rev()
        .find(|r| r.date.is_some_and(|d| d < date))
        .copied()
}

/// The pack of review `i` (`None` when the review has no date), or of the
/// next review (`i = None`: from the last review held by the as-of date).
pub fn pack<'s>(
    site: &'s Site,
    analysis: &'s Analysis,
    i: Option<usize>,
) -> Option<ReviewPack<'s>> {
    let reviews = dated(site);
    let (review, until) = match i {
        Some(i) => {
            let r = site.reviews().get(i)?;
            (Some(r), r.date?)
        }
        None => (None, analysis.as_of),
    };
    let previous = match review {
        Some(_) => latest_before(&reviews, until),
        None => reviews
            .iter()
            .rev()
            .find(|r| r.date.is_some_and(|d| d <= until))
            .copied(),
    };
    let after = previous.and_then(|p| p.date);
    let before = after.map(|a| Period {
        after: latest_before(&reviews, a).and_then(|r| r.date),
        until: a,
    });
    let period = Period { after, until };
    let ctx = Ctx {
        site,
        analysis,
        period,
        before,
        previous,
    };
    let sections = SECTIONS
        .iter()
        .map(|def| {
            let compiled = (def.compile)(&ctx);
            let written = review.and_then(|r| r.input(def.input));
            let silent = review.and_then(|_| silence(&compiled, written));
            Section {
                def,
                compiled,
                written,
                silent,
            }
        })
        .collect();
    Some(ReviewPack {
        review,
        previous,
        period,
        sections,
    })
}

/// The silent-input rule (module comment).
pub fn silence(compiled: &Compiled, written: Option<&Text>) -> Option<Silence> {
    match written {
        None => (compiled.item_count() > 0).then_some(Silence::Missing),
        Some(text) => {
            let missing: Vec<String> = compiled
                .notable
                .iter()
                .filter(|id| !mentions(&text.markdown, id))
                .cloned()
                .collect();
            (!missing.is_empty()).then_some(Silence::Unmentioned(missing))
        }
    }
}

/// Does `text` name `id` as a whole id: not inside a longer id (letters,
/// digits, `_`, `-`, or a `.` followed by a letter or digit on either side)?
/// `[[F-1]]`, `F-1,` and `F-1.` name `F-1`; `F-12` and `XF-1` do not.
pub fn mentions(text: &str, id: &str) -> bool {
    if id.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    let part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut from = 0;
    while let Some(at) = text[from..].find(id) {
        let start = from + at;
        let end = start + id.len();
        // An id character touching the match, or a `.` between it and one.
        let glued_before = start > 0 && {
            let b = bytes[start - 1];
            part(b) || (b == b'.' && start >= 2 && bytes[start - 2].is_ascii_alphanumeric())
        };
        let glued_after = end < bytes.len() && {
            let b = bytes[end];
            part(b) || (b == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric))
        };
        if !glued_before && !glued_after {
            return true;
        }
        // Past the match's first character (a char boundary: the id starts there).
        from = start + id.chars().next().map_or(1, char::len_utf8);
    }
    false
}

fn figure(label: impl Into<String>, value: impl ToString) -> Figure {
    Figure {
        label: label.into(),
        value: value.to_string(),
    }
}

fn list(title: impl Into<String>, items: Vec<Item>, empty: &'static str) -> List {
    List {
        title: title.into(),
        items,
        empty,
    }
}

/// a) The actions the previous review raised, at this review's date.
fn previous_actions(c: &Ctx<'_>) -> Compiled {
    let Some(prev) = c.previous else {
        return Compiled {
            notes: vec![
                "No earlier management review is recorded: no actions to follow up.".into(),
            ],
            ..Compiled::default()
        };
    };
    let site = c.site;
    let actions = site.actions_of(&prev.actions, &prev.id);
    let until = c.period.until;
    let mut items = Vec::new();
    let (mut done, mut open, mut overdue) = (0, 0, 0);
    let mut notable = Vec::new();
    for a in &actions {
        let status = a.status_on(until);
        let late = overdue_on(a, until);
        match status {
            Some(s) if s.is_done() => done += 1,
            _ => {
                open += 1;
                notable.push(a.id.clone());
            }
        }
        overdue += usize::from(late);
        let note = match status {
            Some(s) => {
                let mut n = s.label().to_string();
                if late {
                    if let Some(due) = a.due_on(until) {
                        n.push_str(&format!(", overdue since {due}"));
                    }
                }
                n
            }
            None => "Not opened yet".to_string(),
        };
        items.push(Item {
            id: a.id.clone(),
            note,
            warn: late || status.is_some_and(|s| !s.is_done()),
        });
    }
    Compiled {
        figures: vec![
            figure("Raised by the previous review", actions.len()),
            figure("Done", done),
            figure("Still open", open),
            figure("Overdue", overdue),
        ],
        lists: vec![list(
            format!("Actions from {}", prev.id),
            items,
            "The previous review raised no actions.",
        )],
        notable,
        ..Compiled::default()
    }
}

/// d1) Nonconformities raised, closed, recurring and not effective.
fn nonconformities(c: &Ctx<'_>) -> Compiled {
    let site = c.site;
    let p = c.period;
    let mut raised = Vec::new();
    let mut closed = Vec::new();
    let mut recurring = Vec::new();
    let mut notable = Vec::new();
    let mut major = 0;
    // Each nonconformity with the day it was raised and closed (the
    // closures the analysis worked out once).
    let ncs: Vec<(&crate::model::Audit, &crate::model::Finding, Option<Date>)> = site
        .findings()
        .filter(|(a, f)| f.finding_type.is_nonconformity() && a.is_held())
        .map(|(a, f)| (a, f, c.analysis.findings_closed.get(&f.id).copied()))
        .collect();
    // Open on a day: raised by then and not closed by then.
    let open_on = |date: Date| {
        ncs.iter()
            .filter(|(a, _, closed)| {
                a.start.is_some_and(|s| s <= date) && closed.is_none_or(|c| c > date)
            })
            .count()
    };
    for &(audit, f, closed_on) in &ncs {
        if p.holds(audit.start) {
            let is_major = f.finding_type == FindingType::MajorNc;
            major += usize::from(is_major);
            raised.push(Item {
                id: f.id.clone(),
                note: format!(
                    "{}, raised by {} on {}",
                    f.finding_type.label(),
                    audit.id,
                    audit.start.map(|d| d.to_string()).unwrap_or_default()
                ),
                warn: is_major,
            });
            if is_major {
                notable.push(f.id.clone());
            }
            if let Some(earlier) = c.analysis.recurrences.get(&f.id) {
                recurring.push(Item {
                    id: f.id.clone(),
                    note: format!("Recurs {}", earlier.join(", ")),
                    warn: true,
                });
                if !notable.contains(&f.id) {
                    notable.push(f.id.clone());
                }
            }
        }
        if let Some(on) = closed_on.filter(|d| p.contains(*d)) {
            closed.push((
                on,
                Item {
                    id: f.id.clone(),
                    note: format!("Closed on {on}"),
                    warn: false,
                },
            ));
        }
    }
    closed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let closed: Vec<Item> = closed.into_iter().map(|(_, i)| i).collect();
    let by_date = |list: &mut Vec<Item>| {
        list.sort_by_key(|i| {
            let day = site.get(&i.id).and_then(|t| match t {
                Target::Finding(a, _) => site.source.audits[a].start,
                _ => None,
            });
            (day, i.id.clone())
        })
    };
    by_date(&mut raised);
    by_date(&mut recurring);
    let not_effective: Vec<Item> = site
        .actions()
        .iter()
        .filter(|a| a.found_not_effective())
        .filter_map(|a| {
            let on = a
                .effectiveness
                .as_ref()?
                .reviewed_on
                .filter(|d| p.contains(*d))?;
            let answers: Vec<&str> = a.sources.iter().map(|r| r.id.as_str()).collect();
            Some(Item {
                id: a.id.clone(),
                note: if answers.is_empty() {
                    format!("Found not effective on {on}")
                } else {
                    format!(
                        "Found not effective on {on} (answers {})",
                        answers.join(", ")
                    )
                },
                warn: true,
            })
        })
        .collect();
    let mut figures = vec![
        figure("Raised", format!("{} ({major} major)", raised.len())),
        figure("Closed", closed.len()),
        figure("Recurring", recurring.len()),
        figure("Not effective", not_effective.len()),
    ];
    if let Some(before) = c.before {
        let then = ncs.iter().filter(|(a, _, _)| before.holds(a.start)).count();
        let now = raised.len();
        let word = match now.cmp(&then) {
            std::cmp::Ordering::Less => "fewer than",
            std::cmp::Ordering::Equal => "as many as",
            std::cmp::Ordering::Greater => "more than",
        };
        figures.push(figure(
            "Trend",
            format!("{now} raised, {word} the {then} of the previous period"),
        ));
    }
    let open_now = format!("{} on {}", open_on(p.until), p.until);
    figures.push(figure(
        "Open",
        match p.after {
            Some(a) => format!("{} on {a}, {open_now}", open_on(a)),
            None => open_now,
        },
    ));
    Compiled {
        figures,
        lists: vec![
            list(
                "Raised in the period",
                raised,
                "No nonconformity was raised.",
            ),
            list(
                "Closed in the period",
                closed,
                "No nonconformity was closed.",
            ),
            list(
                "Recurring (naming an earlier finding in `recurrence_of`, or sharing an Annex A control with a nonconformity closed in the 12 months before its audit)",
                recurring,
                "None recurs.",
            ),
            list(
                "Corrective actions found not effective",
                not_effective,
                "No effectiveness review failed.",
            ),
        ],
        notable,
        ..Compiled::default()
    }
}

/// d2) Each metric's latest result in the period against its target.
fn monitoring(c: &Ctx<'_>) -> Compiled {
    let p = c.period;
    let mut measured = Vec::new();
    let mut unmeasured = Vec::new();
    let mut notable = Vec::new();
    let (mut met, mut missed) = (0, 0);
    for m in c.site.metrics() {
        let in_period: Vec<_> = m
            .measurements
            .iter()
            .filter(|x| p.contains(x.date))
            .collect();
        let Some(last) = in_period.last() else {
            unmeasured.push(Item {
                id: m.id.clone(),
                note: "Not measured in the period".into(),
                warn: true,
            });
            continue;
        };
        // `%` sticks to the number; a word unit (`hours`) is spaced.
        let unit = match m.unit.as_deref() {
            Some(u) if u.starts_with(|c: char| c.is_alphabetic()) => format!(" {u}"),
            Some(u) => u.to_string(),
            None => String::new(),
        };
        let mut note = format!("{}{unit} on {}", last.value, last.date);
        match (m.target, m.meets_target(last.value)) {
            (Some(t), Some(true)) => {
                met += 1;
                note.push_str(&format!(", meets the target {t}{unit}"));
            }
            (Some(t), Some(false)) => {
                missed += 1;
                notable.push(m.id.clone());
                note.push_str(&format!(", misses the target {t}{unit}"));
            }
            _ => note.push_str(", no target"),
        }
        // The trend: against the last result before the period, else the
        // first one in it.
        let earlier = m
            .measurements
            .iter()
            .rev()
            .find(|x| p.after.is_some_and(|a| x.date <= a))
            .or_else(|| (in_period.len() > 1).then(|| in_period[0]));
        if let Some(e) = earlier {
            let better = match m.direction {
                crate::model::Direction::Higher => last.value > e.value,
                crate::model::Direction::Lower => last.value < e.value,
            };
            let word = if last.value == e.value {
                "unchanged"
            } else if better {
                "improved"
            } else {
                "worsened"
            };
            note.push_str(&format!("; {word} from {}{unit} on {}", e.value, e.date));
        }
        note.push_str(&format!(
            " ({} in the period)",
            counted(in_period.len(), "measurement", "measurements")
        ));
        measured.push(Item {
            id: m.id.clone(),
            note,
            warn: m.meets_target(last.value) == Some(false),
        });
    }
    Compiled {
        figures: vec![
            figure("Metrics measured", measured.len()),
            figure("Meeting target", met),
            figure("Missing target", missed),
            figure("Not measured", unmeasured.len()),
        ],
        lists: vec![
            list(
                "Latest result in the period",
                measured,
                "No metric was measured.",
            ),
            list(
                "Not measured in the period",
                unmeasured,
                "Every metric was measured.",
            ),
        ],
        notable,
        ..Compiled::default()
    }
}

/// d3) Audits held in the period, and the internal programme's gaps.
fn audit_results(c: &Ctx<'_>) -> Compiled {
    let p = c.period;
    let (mut internal, mut external) = (Vec::new(), Vec::new());
    let mut notable = Vec::new();
    for a in &c.site.source.audits {
        if !a.is_held() || !p.holds(a.start) {
            continue;
        }
        let count = |t: FindingType| a.findings.iter().filter(|f| f.finding_type == t).count();
        let item = Item {
            id: a.id.clone(),
            note: format!(
                "{} audit from {}: {} major, {}, {}, {}",
                a.kind.label(),
                a.start.map(|d| d.to_string()).unwrap_or_default(),
                count(FindingType::MajorNc),
                counted(
                    count(FindingType::MinorNc),
                    "minor nonconformity",
                    "minor nonconformities"
                ),
                counted(
                    count(FindingType::Observation),
                    "observation",
                    "observations"
                ),
                counted(count(FindingType::Ofi), "OFI", "OFIs"),
            ),
            warn: count(FindingType::MajorNc) > 0,
        };
        notable.push(a.id.clone());
        if a.kind.is_internal() {
            internal.push(item);
        } else {
            external.push(item);
        }
    }
    let programme = super::coverage::internal_audits(c.site, p.until);
    let mut notes = Vec::new();
    if internal.is_empty() {
        notes.push("No internal audit was held in the period.".to_string());
    }
    match (programme.last, programme.due) {
        (Some((last, day)), Some(due)) if programme.overdue => notes.push(format!(
            "The internal audit programme is overdue: the last internal audit ({}) ended on {day}, the next was due by {due} (every {}).",
            last.id, programme.interval
        )),
        (Some(_), Some(due)) => notes.push(format!("The next internal audit is due by {due}.")),
        _ if programme.overdue => {
            notes.push("No internal audit has ever been held.".to_string())
        }
        _ => {}
    }
    // The plan as it stood on the review's date: the records do not say when
    // an audit was put in the programme, so the internal audits (held later
    // or still planned) in the interval after the period's end stand for it.
    let horizon = programme.interval.after(p.until);
    let mut ahead: Vec<&crate::model::Audit> = c
        .site
        .source
        .audits
        .iter()
        .filter(|a| a.kind.is_internal())
        .filter(|a| a.start.is_some_and(|s| s > p.until && s <= horizon))
        .collect();
    ahead.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
    let planned: Vec<String> = ahead
        .iter()
        .map(|a| match a.start {
            Some(s) => format!("{} ({s})", a.id),
            None => a.id.clone(),
        })
        .collect();
    notes.push(if planned.is_empty() {
        format!("No internal audit is recorded between {} and {horizon}.", p.until)
    } else {
        format!(
            "Internal audits scheduled between {} and {horizon} (held since, or still planned): {}.",
            p.until,
            planned.join(", ")
        )
    });
    let (clauses, controls) = super::coverage::not_audited_in_cycle(c.site, p.until);
    let catalog = c.site.catalog;
    let gaps: Vec<Item> = clauses
        .iter()
        .map(|id| (id, "Clause", catalog.clause(id).map(|x| x.title.as_str())))
        .chain(
            controls
                .iter()
                .map(|id| (id, "Control", catalog.control(id).map(|x| x.title.as_str()))),
        )
        .map(|(id, what, title)| Item {
            id: id.clone(),
            note: format!("{what} {id}: {}", title.unwrap_or_default()),
            warn: true,
        })
        .collect();
    if !gaps.is_empty() {
        let parts: Vec<String> = [
            (clauses.len(), "clause", "clauses"),
            (controls.len(), "applicable control", "applicable controls"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| counted(n, one, many))
        .collect();
        notes.push(format!(
            "The programme's gaps: {} not covered by an internal audit in the certification cycle ending {}.",
            parts.join(" and "),
            p.until
        ));
    }
    Compiled {
        figures: vec![
            figure("Internal audits held", internal.len()),
            figure("External audits held", external.len()),
        ],
        lists: vec![
            list("Internal audits", internal, "No internal audit was held."),
            list(
                "External audits (certification, surveillance, supplier, other)",
                external,
                "No external audit was held.",
            ),
            list(
                "The programme's gaps: not covered by an internal audit in the cycle",
                gaps,
                "Every clause and applicable control was covered by an internal audit in the cycle (or no audit was held yet).",
            ),
        ],
        notes,
        notable,
        ..Compiled::default()
    }
}

/// f) Risks new, above appetite, and acceptances expiring.
fn risk(c: &Ctx<'_>) -> Compiled {
    let site = c.site;
    let risks = &site.source.risks;
    if risks.is_empty() {
        return Compiled::no_records("risks (risks/)");
    }
    let p = c.period;
    let criteria = super::risks::criteria(site);
    let next_due = site.source.config.management_review_interval.after(p.until);
    let (mut new, mut reassessed, mut above, mut expiring) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut notable = Vec::new();
    for r in risks {
        let first = r.history.first().map(|h| h.date).or(r.assessed_on);
        let Some(now) = r.ratings_on(p.until) else {
            continue;
        };
        let residual = now.residual.map(|x| x.score());
        let score = residual.map_or("no residual rating".to_string(), |s| {
            format!("residual {s}")
        });
        if p.holds(first) {
            new.push(Item {
                id: r.id.clone(),
                note: format!(
                    "First assessed on {}, {score}",
                    first.map(|d| d.to_string()).unwrap_or_default()
                ),
                warn: false,
            });
        } else if p.contains(now.assessed_on) {
            reassessed.push(Item {
                id: r.id.clone(),
                note: format!("Reassessed on {}, {score}", now.assessed_on),
                warn: false,
            });
        }
        if residual.is_some_and(|s| criteria.above_appetite(s)) {
            let accepted = now.acceptance.is_some_and(|a| a.holds_on(p.until));
            if !accepted {
                notable.push(r.id.clone());
            }
            above.push(Item {
                id: r.id.clone(),
                note: if accepted {
                    format!("Above the appetite ({score}), accepted")
                } else {
                    format!("Above the appetite ({score}), not accepted")
                },
                warn: !accepted,
            });
        }
        if let Some(acc) = now.acceptance {
            if let Some(exp) = acc.expires {
                let expired = p.contains(exp);
                let soon = exp > p.until && exp <= next_due;
                if expired || soon {
                    expiring.push(Item {
                        id: r.id.clone(),
                        note: if expired {
                            format!("Acceptance by {} expired on {exp}", acc.by)
                        } else {
                            format!("Acceptance by {} expires on {exp}, before the next review is due ({next_due})", acc.by)
                        },
                        warn: expired,
                    });
                }
            }
        }
    }
    let appetite = match criteria.appetite {
        Some(a) => format!("Residual scores above {a} are above the risk appetite."),
        None => "No risk appetite is stated (`risk_criteria.appetite` in isms.yaml).".to_string(),
    };
    Compiled {
        figures: vec![
            figure("New risks", new.len()),
            figure("Reassessed", reassessed.len()),
            figure("Above appetite", above.len()),
            figure("Acceptances expiring", expiring.len()),
        ],
        lists: vec![
            list("New in the period", new, "No risk was added."),
            list(
                "Reassessed in the period",
                reassessed,
                "No risk was reassessed.",
            ),
            list(
                "Above the appetite at the end of the period",
                above,
                "No risk is above the appetite.",
            ),
            list(
                "Acceptances expired in the period or expiring before the next review is due",
                expiring,
                "No acceptance expires.",
            ),
        ],
        notes: vec![appetite],
        notable,
        ..Compiled::default()
    }
}

/// g) OFIs and observations raised, improvement actions opened.
fn improvement_opportunities(c: &Ctx<'_>) -> Compiled {
    let p = c.period;
    let findings: Vec<Item> = c
        .site
        .findings()
        .filter(|(a, f)| !f.finding_type.is_nonconformity() && a.is_held() && p.holds(a.start))
        .map(|(a, f)| Item {
            id: f.id.clone(),
            note: format!("{} raised by {}", f.finding_type.label(), a.id),
            warn: false,
        })
        .collect();
    let actions: Vec<Item> = c
        .site
        .actions()
        .iter()
        .filter(|a| {
            matches!(a.kind, ActionKind::Improvement | ActionKind::Preventive) && p.holds(a.opened)
        })
        .map(|a| Item {
            id: a.id.clone(),
            note: format!(
                "{} action opened on {}",
                a.kind.label(),
                a.opened.map(|d| d.to_string()).unwrap_or_default()
            ),
            warn: false,
        })
        .collect();
    Compiled {
        figures: vec![
            figure("Observations and OFIs", findings.len()),
            figure("Improvement and preventive actions opened", actions.len()),
        ],
        lists: vec![
            list(
                "Observations and opportunities for improvement",
                findings,
                "None was raised.",
            ),
            list(
                "Improvement and preventive actions",
                actions,
                "None was opened.",
            ),
        ],
        ..Compiled::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_is_a_whole_id() {
        assert!(mentions("See [[F-1]].", "F-1"));
        assert!(mentions("F-1, F-2", "F-2"));
        assert!(mentions("closed F-1.", "F-1"));
        assert!(!mentions("F-12 and XF-1", "F-1"));
        assert!(!mentions("F-1.2", "F-1"));
        assert!(!mentions("A.F-1", "F-1"));
        assert!(mentions("(F-1)", "F-1"));
        assert!(!mentions("", "F-1"));
        assert!(mentions("é F-1é, F-1", "F-1"));
        assert!(mentions("Ü-1Ü-1 Ü-1", "Ü-1"));
    }

    #[test]
    fn the_period_excludes_its_start_and_includes_its_end() {
        let d = |t: &str| Date::parse(t).expect("date");
        let p = Period {
            after: Some(d("2025-01-10")),
            until: d("2025-06-10"),
        };
        assert!(!p.contains(d("2025-01-10")));
        assert!(p.contains(d("2025-01-11")));
        assert!(p.contains(d("2025-06-10")));
        assert!(!p.contains(d("2025-06-11")));
        assert!(!p.holds(None));
    }
}

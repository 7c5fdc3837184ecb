//! Clause and control pages: coverage facts, the records citing them and
//! their timeline.

use super::record::{record_page, record_without_backlinks, BacklinkView};
use crate::model::RecordKind;
use crate::render::page::PageOut;
use crate::render::view::{Badge, Fact, Link, Linker};
use crate::resolve::{routes, Target};
use serde::Serialize;
use std::collections::HashSet;

/// Records of one kind citing a clause or control: the first
/// [`CITED_MAX`] by id, and how many more the kind's index lists.
#[derive(Serialize)]
struct CitingGroup {
    label: &'static str,
    items: Vec<BacklinkView>,
    more: usize,
    index: String,
}

/// What an amendment to ISO/IEC 27001:2022 changes in a clause.
#[derive(Serialize)]
struct AmendmentView {
    /// `Amd 1:2024`.
    id: String,
    /// `ISO/IEC 27001:2022/Amd 1:2024 Climate action changes`.
    title: String,
    /// `2024-02`.
    published: String,
    /// The change, summarised.
    note: String,
}

/// The amendments that change a clause, as the catalog records them.
fn amendments(l: &Linker<'_>, clause: &crate::catalog::Clause) -> Vec<AmendmentView> {
    clause
        .amendments
        .iter()
        .filter_map(|change| {
            let amendment = l.site.catalog.amendment(&change.by)?;
            Some(AmendmentView {
                id: amendment.id.clone(),
                title: amendment.title.clone(),
                published: amendment.published.clone(),
                note: change.note.clone(),
            })
        })
        .collect()
}

/// A clause or control page's own values.
#[derive(Serialize)]
struct RequirementDetail {
    /// Changes by amendments (clauses only; empty on control pages).
    amendments: Vec<AmendmentView>,
    groups: Vec<CitingGroup>,
    timeline: Vec<super::improvement::MonthView>,
    timeline_total: usize,
    timeline_max: usize,
}

/// At most this many records of a kind are listed on a clause or control
/// page, so pages stay small on a large ISMS.
const CITED_MAX: usize = 100;

/// At most this many events show in a clause or control page's timeline.
const EVENTS_MAX: usize = 200;

/// Everything citing a clause or control, grouped by record kind. Only the
/// listed records become links: a clause of a large ISMS has thousands.
fn citing(l: &Linker<'_>, id: &str) -> Vec<CitingGroup> {
    let backlinks = l.site.backlinks_of(id);
    let mut all: Vec<(&'static str, &str)> = backlinks
        .iter()
        .map(|b| (b.relation, b.from.as_str()))
        .collect();
    // Actions count for the controls of the findings they address.
    if let Some(r) = l.analysis.coverage.iso.iter().find(|r| r.id == id) {
        let cited: HashSet<&str> = backlinks.iter().map(|b| b.from.as_str()).collect();
        all.extend(
            r.actions
                .iter()
                .filter(|a| !cited.contains(a.as_str()))
                .map(|a| ("acts on a finding on this", a.as_str())),
        );
    }
    // Record kinds in this order, then clauses and controls as "Other".
    const ORDER: [Option<RecordKind>; 8] = [
        Some(RecordKind::Document),
        Some(RecordKind::Audit),
        Some(RecordKind::Finding),
        Some(RecordKind::Action),
        Some(RecordKind::Metric),
        Some(RecordKind::Review),
        Some(RecordKind::Risk),
        None,
    ];
    let mut groups: [Option<CitingGroup>; 8] = Default::default();
    for (relation, from) in all {
        let Some(target) = l.site.get(from) else {
            continue;
        };
        let kind = target.record_kind();
        let slot = ORDER
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(ORDER.len() - 1);
        let group = groups[slot].get_or_insert_with(|| CitingGroup {
            label: kind.map_or("Other", RecordKind::plural),
            items: Vec::new(),
            more: 0,
            index: kind.map_or_else(|| "index.html".to_string(), routes::first_index),
        });
        if group.items.len() < CITED_MAX {
            group.items.push(BacklinkView {
                relation,
                link: l.target(target),
            });
        } else {
            group.more += 1;
        }
    }
    groups.into_iter().flatten().collect()
}

/// Coverage facts of a clause or control: level, three marks, SoA status,
/// last audit.
fn coverage_facts(l: &Linker<'_>, id: &str) -> Vec<Option<Fact>> {
    let Some(r) = l.analysis.coverage.iso.iter().find(|r| r.id == id) else {
        return Vec::new();
    };
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    vec![
        Some(Fact::badge(
            "Coverage",
            super::coverage::level_badge(r.level()),
        )),
        Some(Fact::text(
            "Mapped · implemented · verified",
            format!(
                "{} · {} · {}",
                yes_no(r.mapped),
                yes_no(r.implemented),
                yes_no(r.verified)
            ),
        )),
        (r.scope == crate::analyse::coverage::Scope::Control)
            .then(|| Fact::badge("SoA status", super::coverage::soa_badge(r))),
        Fact::links(
            "Mentioned in",
            r.mentioned_by.iter().filter_map(|d| l.id(d)).collect(),
        ),
        r.last_audit.as_ref().map(|(date, audit)| Fact {
            label: "Last audited",
            date: Some(date.to_string()),
            links: l.id(audit).into_iter().collect(),
            ..Fact::default()
        }),
    ]
}

/// A clause's page.
pub fn clause(l: &Linker<'_>, i: usize) -> PageOut {
    let c = &l.site.catalog.clauses[i];
    let parent = c.parent.as_deref().and_then(|p| l.id(p));
    let children: Vec<Link> = l
        .site
        .catalog
        .clauses
        .iter()
        .filter(|x| x.parent.as_deref() == Some(c.id.as_str()))
        .filter_map(|x| l.id(&x.id))
        .collect();
    let mut facts = vec![
        Fact::links("Part of", parent.into_iter().collect()),
        Fact::links("Subclauses", children),
    ];
    facts.extend(coverage_facts(l, &c.id));
    // Grouped below instead of the usual backlinks list.
    let rec = record_without_backlinks(l, Target::Clause(i), facts);
    let groups = citing(l, &c.id);
    let (timeline, timeline_total) = super::improvement::requirement_events(l, &c.id, EVENTS_MAX);
    record_page(
        "requirement.html",
        rec,
        "clauses",
        RequirementDetail {
            amendments: amendments(l, c),
            groups,
            timeline,
            timeline_total,
            timeline_max: EVENTS_MAX,
        },
    )
}

/// A control's page.
pub fn control(l: &Linker<'_>, i: usize) -> PageOut {
    let c = &l.site.catalog.controls[i];
    let theme = l.site.catalog.theme(&c.theme).map(|t| t.name.clone());
    let soa = l.site.source.soa.get(&c.id);
    let applicability = match soa {
        Some(e) if !e.applicable => Badge::new("Not applicable", "muted"),
        _ => Badge::new("Applicable", "ok"),
    };
    let mut facts = vec![
        theme.map(|t| Fact::text("Theme", t)),
        Some(Fact::badge("Applicability", applicability)),
        soa.and_then(|e| e.justification.as_deref())
            .map(|j| Fact::text("Justification", j)),
        (!c.iso2013.is_empty()).then(|| Fact::text("ISO 27001:2013", c.iso2013.join(", "))),
    ];
    facts.extend(coverage_facts(l, &c.id));
    // Grouped below instead of the usual backlinks list.
    let rec = record_without_backlinks(l, Target::Control(i), facts);
    let groups = citing(l, &c.id);
    let (timeline, timeline_total) = super::improvement::requirement_events(l, &c.id, EVENTS_MAX);
    record_page(
        "requirement.html",
        rec,
        "controls",
        RequirementDetail {
            amendments: Vec::new(),
            groups,
            timeline,
            timeline_total,
            timeline_max: EVENTS_MAX,
        },
    )
}

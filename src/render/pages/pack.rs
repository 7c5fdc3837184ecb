//! The audit pack: one printable page holding the Statement of
//! Applicability, the coverage matrix, open findings and actions, and every
//! approved document, with a table of contents. Links between approved
//! documents become in-page anchors and heading ids carry a per-document
//! prefix, so ids stay unique.

use super::coverage::{level_badge, soa_badge};
use super::document::control_facts;
use super::record::{actions_table, findings_table};
use crate::analyse::coverage::Scope;
use crate::model::DocStatus;
use crate::render::markdown::pack_anchor;
use crate::render::page::PageOut;
use crate::render::view::{Badge, Fact, Linker};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct TocEntry {
    anchor: String,
    label: String,
}

#[derive(Serialize)]
struct PackRow {
    id: String,
    title: String,
    level: Badge,
    mapped: bool,
    implemented: bool,
    verified: bool,
    soa: Option<Badge>,
    applicable: bool,
    justification: Option<String>,
    documents: Vec<String>,
}

#[derive(Serialize)]
struct PackDocument {
    anchor: String,
    id: String,
    title: String,
    facts: Vec<Fact>,
    /// Already a Tera value: the HTML is copied into it once, here, and the
    /// original freed at once, instead of all bodies at the end (which
    /// held every body twice, 2 x 54 MB at 5,000 documents).
    body: tera::Value,
    /// Bytes of HTML in `body`.
    #[serde(skip)]
    body_len: usize,
}

/// The audit pack's values.
#[derive(Serialize)]
struct Pack {
    toc: Vec<TocEntry>,
    clauses: Vec<PackRow>,
    controls: Vec<PackRow>,
    /// The risk register, when the ISMS keeps one.
    risks: Option<crate::render::view::Table>,
    findings: crate::render::view::Table,
    actions: crate::render::view::Table,
    documents: Vec<PackDocument>,
}

/// The approved documents the audit pack holds, in its order (by id), as
/// indexes into the site's documents.
pub fn pack_documents(l: &Linker<'_>) -> Vec<usize> {
    let mut docs: Vec<_> = l
        .site
        .documents()
        .iter()
        .enumerate()
        .filter(|(_, d)| d.status == DocStatus::Approved)
        .collect();
    docs.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    docs.into_iter().map(|(i, _)| i).collect()
}

/// The audit pack page, every document body in its values.
pub fn audit_pack(l: &Linker<'_>) -> PageOut {
    pack_page(l, None)
}

/// The audit pack page with `marker`, the document's position in the order
/// of [`pack_documents`] and a NUL character in place of each document
/// body: the layout around the bodies, small
/// enough to render at once, while the bodies (54 MB at 5,000 documents)
/// are rendered in parallel and spliced in as the page is written
/// (`render::jobs`), never passing through Tera.
pub fn audit_pack_marked(l: &Linker<'_>, marker: &str) -> PageOut {
    pack_page(l, Some(marker))
}

fn pack_page(l: &Linker<'_>, marker: Option<&str>) -> PageOut {
    let site = l.site;
    let cov = &l.analysis.coverage;
    let rows: Vec<PackRow> = cov
        .iso
        .iter()
        .map(|r| PackRow {
            id: r.id.clone(),
            title: r.title.clone(),
            level: level_badge(r.level()),
            mapped: r.mapped,
            implemented: r.implemented,
            verified: r.verified,
            soa: (r.scope == Scope::Control).then(|| soa_badge(r)),
            applicable: r.applicable,
            justification: r.justification.clone(),
            documents: r.approved_documents.clone(),
        })
        .collect();
    let (clauses, controls): (Vec<PackRow>, Vec<PackRow>) =
        rows.into_iter().partition(|r| !r.id.starts_with("A."));
    let open_findings = findings_table(
        l,
        site.findings()
            .map(|(_, f)| f)
            .filter(|f| l.analysis.finding(&f.id).is_open()),
    );
    let open_actions = actions_table(l, site.actions().iter().filter(|a| !a.status.is_done()));
    let docs = pack_documents(l);
    // Without a marker every approved document's body is rendered here: in
    // parallel, from the last document back, so the pages (which render
    // from the first on) rarely wait for a body the pack is rendering.
    let mut documents: Vec<PackDocument> = docs
        .par_iter()
        .enumerate()
        .rev()
        .map(|(k, &i)| {
            let d = &site.documents()[i];
            let html = match marker {
                Some(marker) => format!("{marker}{k}\u{0}"),
                None => crate::render::bodies::pack(l.bodies, site, i),
            };
            PackDocument {
                anchor: pack_anchor(&d.id, None),
                id: d.id.clone(),
                title: d.title.clone(),
                facts: std::iter::once(Some(Fact::text("Type", d.doc_type.label())))
                    .chain(control_facts(d, None))
                    .flatten()
                    .collect(),
                body_len: html.len(),
                body: tera::Value::from(html),
            }
        })
        .collect();
    documents.reverse();
    let mut toc = vec![
        TocEntry {
            anchor: "pack-soa".into(),
            label: "Statement of Applicability".into(),
        },
        TocEntry {
            anchor: "pack-coverage".into(),
            label: "Coverage of clauses 4 to 10".into(),
        },
        TocEntry {
            anchor: "pack-findings".into(),
            label: format!("Open findings ({})", open_findings.rows.len()),
        },
        TocEntry {
            anchor: "pack-actions".into(),
            label: format!("Open actions ({})", open_actions.rows.len()),
        },
    ];
    let risks = (!site.source.risks.is_empty()).then(|| super::risk::register_table(l));
    if risks.is_some() {
        toc.insert(
            2,
            TocEntry {
                anchor: "pack-risks".into(),
                label: format!("Risk register ({})", site.source.risks.len()),
            },
        );
    }
    // The bodies plus the tables and contents around them.
    let size_hint = documents.iter().map(|d| d.body_len + 1024).sum::<usize>() + (1 << 20);
    toc.extend(documents.iter().map(|d| TocEntry {
        anchor: d.anchor.clone(),
        label: format!("{} {}", d.id, d.title),
    }));
    PageOut::new(
        "audit-pack.html",
        "audit-pack.html".to_string(),
        "Audit pack".to_string(),
        "pack",
        Pack {
            toc,
            clauses,
            controls,
            risks,
            findings: open_findings,
            actions: open_actions,
            documents,
        },
    )
    .at_root()
    .with_size_hint(size_hint)
}

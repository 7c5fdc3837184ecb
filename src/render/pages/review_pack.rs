//! The management-review pack page (`reviews/pack/ID.html` for a held
//! review, `reviews/next.html` for the next one): each section compiled by
//! [`crate::analyse::review_pack`] beside what the review wrote, with the
//! silent-input flags. Printable like the audit pack.

use crate::analyse::review_pack::{self, Compiled, Period, ReviewPack, Silence};
use crate::render::bodies::folder;
use crate::render::markdown::to_html;
use crate::render::page::PageOut;
use crate::render::view::{Badge, Cell, Link, Linker, Table};
use crate::resolve::{routes, Target};
use serde::Serialize;

#[derive(Serialize)]
struct TocEntry {
    anchor: String,
    label: String,
    silent: bool,
}

#[derive(Serialize)]
struct FigureView {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct ListView {
    title: String,
    table: Table,
}

/// One section as the page shows it.
#[derive(Serialize)]
struct SectionView {
    /// Anchor: `pack-KEY`.
    anchor: String,
    key: &'static str,
    title: &'static str,
    /// The 9.3.2 item (`d1`) and the input's key and label.
    letter: &'static str,
    input: &'static str,
    input_label: &'static str,
    figures: Vec<FigureView>,
    lists: Vec<ListView>,
    notes: Vec<String>,
    /// Why nothing can be compiled (no records of the kind).
    none: Option<String>,
    /// What the review wrote, as HTML.
    written: Option<String>,
    /// The silent-input flag, as a sentence.
    silent: Option<String>,
}

/// The pack's values.
#[derive(Serialize)]
struct PackView {
    /// The next review's pack (no review written yet).
    next: bool,
    review: Option<Link>,
    previous: Option<Link>,
    /// The period in words, and its bounds.
    period: String,
    after: Option<String>,
    until: String,
    /// The review's own page and the next pack, from the site root.
    review_url: Option<String>,
    next_url: &'static str,
    silent: usize,
    /// "section" or "sections", for the silent count.
    silent_noun: &'static str,
    toc: Vec<TocEntry>,
    sections: Vec<SectionView>,
}

/// The period in words (the bounds are documented in docs/format.md).
pub fn period_words(p: Period) -> String {
    match p.after {
        Some(a) => format!(
            "from the day after {a} (the previous review) up to and including {}",
            p.until
        ),
        None => format!("from the first records up to and including {}", p.until),
    }
}

/// The silent flag as a sentence.
pub fn silence_words(s: &Silence, c: &Compiled) -> String {
    match s {
        Silence::Missing => format!(
            "The review records nothing for this input, but the records show {} item(s) for the period.",
            c.item_count()
        ),
        Silence::Unmentioned(ids) => format!(
            "What the review wrote for this input does not name {}.",
            ids.join(", ")
        ),
    }
}

fn table(l: &Linker<'_>, list: &review_pack::List) -> Table {
    Table {
        columns: vec!["Record", "In the period", "Attention"],
        rows: list
            .items
            .iter()
            .map(|i| {
                vec![
                    Cell::link(l.id(&i.id).unwrap_or_else(|| Link::unresolved(&i.id))),
                    Cell::text(i.note.clone()),
                    if i.warn {
                        Cell::badge(Badge::new("Attention", "warn"))
                    } else {
                        Cell::default()
                    },
                ]
            })
            .collect(),
        empty: list.empty,
    }
}

/// The pack of review `i`, or of the next review (`None`). A review
/// without a date has no period: its pack says so.
pub fn page(l: &Linker<'_>, i: Option<usize>) -> PageOut {
    match review_pack::pack(l.site, l.analysis, i) {
        Some(pack) => pack_page(l, &pack),
        None => undated(l, i.and_then(|i| l.site.reviews().get(i))),
    }
}

/// The pack page of a review without a date.
fn undated(l: &Linker<'_>, review: Option<&crate::model::Review>) -> PageOut {
    let id = review.map(|r| r.id.as_str()).unwrap_or_default();
    let view = PackView {
        next: false,
        review: l.id(id),
        previous: None,
        period: "none: the review has no `date`, so no period can be compiled".to_string(),
        after: None,
        until: String::new(),
        review_url: review.map(|r| routes::record(crate::model::RecordKind::Review, &r.id)),
        next_url: routes::REVIEW_NEXT,
        silent: 0,
        silent_noun: "sections",
        toc: Vec::new(),
        sections: Vec::new(),
    };
    let mut out = PageOut::new(
        "review-pack.html",
        routes::review_pack(id),
        format!("Management review pack: {id}"),
        "reviews",
        view,
    );
    out.root = "../../";
    out
}

fn pack_page(l: &Linker<'_>, pack: &ReviewPack<'_>) -> PageOut {
    let (path, root) = match pack.review {
        Some(r) => (routes::review_pack(&r.id), "../../"),
        None => (routes::REVIEW_NEXT.to_string(), "../"),
    };
    let source = pack.review.map(|r| r.path.as_str()).unwrap_or("reviews/");
    let sections: Vec<SectionView> = pack
        .sections
        .iter()
        .map(|s| SectionView {
            anchor: format!("pack-{}", s.def.key),
            key: s.def.key,
            title: s.def.title,
            letter: s.def.input.letter(),
            input: s.def.input.as_str(),
            input_label: s.def.input.label(),
            figures: s
                .compiled
                .figures
                .iter()
                .map(|f| FigureView {
                    label: f.label.clone(),
                    value: f.value.clone(),
                })
                .collect(),
            lists: s
                .compiled
                .lists
                .iter()
                .map(|x| ListView {
                    title: x.title.clone(),
                    table: table(l, x),
                })
                .collect(),
            notes: s.compiled.notes.clone(),
            none: s.compiled.none.clone(),
            written: s
                .written
                .map(|t| to_html(l.site, &t.markdown, folder(source), root)),
            silent: s.silent.as_ref().map(|x| silence_words(x, &s.compiled)),
        })
        .collect();
    let toc = sections
        .iter()
        .map(|s| TocEntry {
            anchor: s.anchor.clone(),
            label: format!("{}) {}", s.letter, s.title),
            silent: s.silent.is_some(),
        })
        .collect();
    let title = match pack.review {
        Some(r) => format!("Management review pack: {}", r.title),
        None => "Management review pack: the next review".to_string(),
    };
    let review_link = |r: &crate::model::Review| match l.site.get(&r.id) {
        Some(t @ Target::Review(_)) => Some(l.target(t)),
        _ => None,
    };
    let silent = sections.iter().filter(|s| s.silent.is_some()).count();
    let view = PackView {
        next: pack.review.is_none(),
        review: pack.review.and_then(review_link),
        previous: pack.previous.and_then(review_link),
        period: period_words(pack.period),
        after: pack.period.after.map(|d| d.to_string()),
        until: pack.period.until.to_string(),
        review_url: pack
            .review
            .map(|r| routes::record(crate::model::RecordKind::Review, &r.id)),
        next_url: routes::REVIEW_NEXT,
        silent,
        silent_noun: crate::analyse::plural(silent, "section", "sections"),
        toc,
        sections,
    };
    let mut out = PageOut::new("review-pack.html", path, title, "reviews", view);
    out.root = root;
    out
}

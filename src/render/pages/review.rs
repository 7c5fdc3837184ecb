//! A management review's page: its inputs (9.3.2) and outputs (9.3.3).

use super::record::{actions_table, md, record, record_page};
use crate::model::{Review, ReviewInput};
use crate::render::page::PageOut;
use crate::render::view::{Fact, Linker, Table};
use crate::resolve::{routes, Target};
use serde::Serialize;

/// A management review's page.
pub fn page(l: &Linker<'_>, i: usize) -> PageOut {
    let r: &Review = &l.site.source.reviews[i];
    let facts = vec![
        Fact::date("Date", r.date, None),
        Fact::opt_text("Chair", r.chair.as_deref()),
        (!r.attendees.is_empty()).then(|| Fact::text("Attendees", r.attendees.join(", "))),
    ];
    let inputs: Vec<ReviewInputView> = ReviewInput::ALL
        .iter()
        .map(|&input| ReviewInputView {
            key: input.as_str(),
            letter: input.letter(),
            label: input.label(),
            html: r.input(input).and_then(|t| md(l.site, t, &r.path)),
        })
        .collect();
    let decisions: Vec<String> = r
        .decisions
        .iter()
        .filter_map(|t| md(l.site, t, &r.path))
        .collect();
    let raised = l.site.actions_of(&r.actions, &r.id);
    let covered = inputs.iter().filter(|i| i.html.is_some()).count();
    record_page(
        "review.html",
        record(l, Target::Review(i), facts, Some(&r.path)),
        "reviews",
        ReviewDetail {
            covered,
            total: ReviewInput::COUNT,
            inputs,
            decisions,
            actions: actions_table(l, raised.into_iter()),
            pack_url: routes::review_pack(&r.id),
            risk_exposure: (!l.site.source.risks.is_empty())
                .then(|| super::risk::exposure_chart_until(l, "chart-review-exposure", r.date)),
        },
    )
}

/// One of clause 9.3.2's inputs on a review page.
#[derive(Serialize)]
struct ReviewInputView {
    key: &'static str,
    /// The item of 9.3.2: `a` ... `d1` ... `g`.
    letter: &'static str,
    label: &'static str,
    html: Option<String>,
}

/// A review page's own values.
#[derive(Serialize)]
struct ReviewDetail {
    covered: usize,
    /// How many inputs 9.3.2 lists (10).
    total: usize,
    inputs: Vec<ReviewInputView>,
    decisions: Vec<String>,
    actions: Table,
    /// The review's management-review pack, from the site root.
    pack_url: String,
    /// Residual risk exposure up to the review (with input f), when the
    /// ISMS keeps a risk register.
    risk_exposure: Option<crate::render::charts::ChartView>,
}

//! Loading management reviews (`reviews/*.yaml`, clause 9.3).

use super::audit::required_string;
use super::fields::FileCtx;
use super::record_id;
use super::yaml::Node;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Keyword, Review, ReviewInput, Text};

const KEYS: &[&str] = &[
    "id",
    "title",
    "date",
    "chair",
    "attendees",
    "inputs",
    "decisions",
    "actions",
];

/// Decode a review file's root mapping.
pub fn decode(ctx: &mut FileCtx<'_>, root: &Node) -> Option<Review> {
    let f = ctx.fields(root, "a management review", KEYS)?;
    let (id, id_at) = record_id(ctx, &f, "the review", "MR-2025")?;
    let title = required_string(ctx, &f, "title", "the review", "Management review 2025");
    let date = match f.get("date") {
        Some(n) => ctx.date(n, "date"),
        None => {
            ctx.missing(&f, "date", "the review", "2025-06-18");
            None
        }
    };
    let mut inputs = Vec::new();
    if let Some(node) = f.get("inputs") {
        match node.as_map() {
            Some(entries) => {
                for (key, value) in entries {
                    let name = key.as_str().unwrap_or_default();
                    match ReviewInput::parse(name) {
                        Some(input) => inputs.push((input, ctx.text(value, name))),
                        None => {
                            let list = ReviewInput::keyword_list();
                            let hint = match did_you_mean(name, list.iter().copied()) {
                                Some(near) => format!("did you mean `{near}`?"),
                                None => format!(
                                    "the 9.3.2 inputs are: {}",
                                    ReviewInput::ALL
                                        .iter()
                                        .map(|i| i.cited())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            };
                            ctx.report(
                                key,
                                Diagnostic::warning(
                                    "unknown-key",
                                    format!("unknown management review input `{name}`"),
                                )
                                .help(hint),
                            );
                        }
                    }
                }
            }
            None => ctx.report(
                node,
                Diagnostic::error(
                    "wrong-shape",
                    format!("`inputs` should be a mapping, not {}", node.shape()),
                )
                .help(
                    "write one `input_name: text` line per 9.3.2 input, e.g. `audit_results: ...`",
                ),
            ),
        }
    }
    inputs.sort_by_key(|(input, _)| *input);
    let decisions: Vec<Text> = match f.get("decisions") {
        Some(node) => match node.as_seq() {
            Some(items) => items.iter().map(|n| ctx.text(n, "decisions")).collect(),
            None => vec![ctx.text(node, "decisions")],
        },
        None => Vec::new(),
    };
    Some(Review {
        title,
        date,
        chair: ctx.string_at(&f, "chair"),
        attendees: ctx.strings_at(&f, "attendees"),
        inputs,
        decisions,
        actions: ctx.refs_at(&f, "actions"),
        path: ctx.path.to_string(),
        id,
        id_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml;

    fn decode_text(text: &str) -> (Option<Review>, Vec<Diagnostic>) {
        let mut ctx = FileCtx::new("reviews/mr.yaml", text, 0);
        let root = yaml::parse(text).expect("valid YAML");
        let review = decode(&mut ctx, &root);
        (review, ctx.diags)
    }

    #[test]
    fn reads_interested_party_feedback_in_its_place() {
        let (review, diags) = decode_text(
            "id: MR-1\ntitle: Review\ndate: 2025-06-18\ninputs:\n  \
             improvement_opportunities: Automate.\n  \
             interested_party_feedback: Customers praised the portal.\n  \
             previous_actions: None open.\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let review = review.expect("a review");
        let keys: Vec<ReviewInput> = review.inputs.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                ReviewInput::PreviousActions,
                ReviewInput::InterestedPartyFeedback,
                ReviewInput::ImprovementOpportunities
            ]
        );
        assert_eq!(
            &*review.inputs[1].1.markdown,
            "Customers praised the portal."
        );
    }

    #[test]
    fn an_unknown_input_is_named_with_its_line_and_a_hint() {
        let (_, diags) = decode_text(
            "id: MR-1\ntitle: Review\ndate: 2025-06-18\ninputs:\n  \
             interested_party_feedbak: x\n  zzz: y\n",
        );
        let lines: Vec<(usize, &str)> = diags
            .iter()
            .map(|d| (d.location.as_ref().map_or(0, |l| l.line), d.code))
            .collect();
        assert_eq!(lines, [(5, "unknown-key"), (6, "unknown-key")]);
        let near = diags[0].help.as_deref().unwrap_or_default();
        assert!(near.contains("`interested_party_feedback`"), "{near}");
        let all = diags[1].help.as_deref().unwrap_or_default();
        assert!(
            all.contains("d4) objectives, e) interested_party_feedback, f) risk"),
            "{all}"
        );
    }
}

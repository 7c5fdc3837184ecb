//! Clause 9.3.2 complete: the ten management review inputs (a, b, c, d1-d4,
//! e, f, g) in the standard's order on the review page, in `site.json` and in
//! the `review-missing-inputs` warning; Amendment 1:2024 (climate change) on
//! the clause pages 4.1 and 4.2; the sample and `init`'s starter give all ten.

mod common;

use common::{isms, repo, stderr, write};
use isms_site::model::Date;
use isms_site::pipeline;
use std::path::{Path, PathBuf};

/// The ten input keys in the standard's order, with their letters.
const INPUTS: [(&str, &str); 10] = [
    ("a", "previous_actions"),
    ("b", "changes"),
    ("c", "interested_parties"),
    ("d1", "nonconformities"),
    ("d2", "monitoring"),
    ("d3", "audit_results"),
    ("d4", "objectives"),
    ("e", "interested_party_feedback"),
    ("f", "risk"),
    ("g", "improvement_opportunities"),
];

const AS_OF: &str = "2025-12-31";

/// A small ISMS with three reviews:
/// - MR-1 gives every input but e), in scrambled order;
/// - MR-2 lacks a), d1), e) and g), and leaves b) empty;
/// - MR-3 gives all ten.
fn isms_folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    write(&src, "isms.yaml", "title: Review inputs\n");
    write(
        &src,
        "reviews/mr-1.yaml",
        "id: MR-1\ntitle: Management review 2025\ndate: 2025-06-18\nchair: CEO\ninputs:\n  \
         improvement_opportunities: Automate access reviews.\n  \
         risk: Register reviewed; none above appetite.\n  \
         objectives: Four of five met.\n  \
         audit_results: Internal audit held in May.\n  \
         monitoring: MFA coverage at 100 %.\n  \
         nonconformities: One minor, corrected.\n  \
         interested_parties: Customers ask for SOC 2 mapping.\n  \
         changes: Second cloud region.\n  \
         previous_actions: All closed.\n",
    );
    write(
        &src,
        "reviews/mr-2.yaml",
        "id: MR-2\ntitle: Management review 2024\ndate: 2024-06-18\ninputs:\n  \
         changes: ''\n  \
         interested_parties: Insurer requires MFA.\n  \
         monitoring: No KPIs yet.\n  \
         audit_results: Stage 1 passed.\n  \
         objectives: Proposed.\n  \
         risk: 42 risks assessed.\n",
    );
    let all: String = INPUTS
        .iter()
        .map(|(letter, key)| format!("  {key}: Input {letter} considered.\n"))
        .collect();
    write(
        &src,
        "reviews/mr-3.yaml",
        &format!("id: MR-3\ntitle: Management review 2023\ndate: 2023-06-18\ninputs:\n{all}"),
    );
    (tmp, src)
}

fn missing_inputs(src: &Path) -> Vec<isms_site::diag::Diagnostic> {
    let c = pipeline::check(src, None, Date::parse(AS_OF).unwrap());
    c.diagnostics
        .iter()
        .filter(|d| d.code == "review-missing-inputs")
        .cloned()
        .collect()
}

#[test]
fn a_review_without_e_is_named_with_its_letter() {
    let (_tmp, src) = isms_folder();
    let diags = missing_inputs(&src);
    let of = |id: &str| {
        diags
            .iter()
            .find(|d| d.message.contains(&format!("`{id}`")))
            .cloned()
    };
    assert!(of("MR-3").is_none(), "all ten given: {diags:?}");
    assert_eq!(diags.len(), 2, "{diags:?}");

    let one = of("MR-1").expect("a warning for MR-1");
    assert_eq!(
        one.message,
        "management review `MR-1` does not cover 1 of the 10 clause 9.3.2 inputs: \
         e) interested_party_feedback"
    );
    let at = one.location.as_ref().expect("a location");
    assert_eq!((at.file.as_str(), at.line), ("reviews/mr-1.yaml", 1));
    let help = one.help.as_deref().expect("a hint");
    assert!(help.contains("`interested_party_feedback: ...`"), "{help}");
    assert!(help.contains("feedback from interested parties"), "{help}");

    // Missing and empty inputs, named in the standard's order.
    let two = of("MR-2").expect("a warning for MR-2");
    assert!(
        two.message.ends_with(
            "does not cover 5 of the 10 clause 9.3.2 inputs: a) previous_actions, b) changes, \
             d1) nonconformities, e) interested_party_feedback, g) improvement_opportunities"
        ),
        "{}",
        two.message
    );
    assert!(two
        .help
        .as_deref()
        .is_some_and(|h| h.contains("`previous_actions: ...`")));
}

#[test]
fn review_pages_and_site_json_list_the_ten_inputs_in_order() {
    let (tmp, src) = isms_folder();
    let out = tmp.path().join("site");
    let run = common::build(&src, &out, AS_OF, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = std::fs::read_to_string(out.join("reviews/MR-1.html")).unwrap();
    assert!(page.contains("9 of 10 inputs covered"), "{page}");
    let mut last = 0;
    for (letter, key) in INPUTS {
        let heading = format!("<h3 id=\"input-{key}\"><span class=\"rid\">{letter})</span> ");
        let at = page
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} on the page"));
        assert!(at > last, "{letter}) {key} after the one before");
        last = at;
    }
    let e = page
        .find("input-interested_party_feedback")
        .map(|i| &page[i..])
        .unwrap();
    let e = &e[..e.find("</section>").unwrap()];
    assert!(e.contains("Feedback from interested parties"), "{e}");
    assert!(e.contains("Not covered"), "{e}");

    let full = std::fs::read_to_string(out.join("reviews/MR-3.html")).unwrap();
    assert!(full.contains("All 10 inputs covered"));
    assert!(full.contains("Input e considered."));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("site.json")).unwrap()).unwrap();
    let review = |id: &str| {
        json["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap()
    };
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    };
    let one = review("MR-1");
    assert_eq!(
        keys(&one["inputs_missing"]),
        ["interested_party_feedback"],
        "{one}"
    );
    let covered: Vec<&str> = INPUTS
        .iter()
        .map(|(_, k)| *k)
        .filter(|k| *k != "interested_party_feedback")
        .collect();
    assert_eq!(keys(&one["inputs_covered"]), covered);
    let two = review("MR-2");
    assert_eq!(
        keys(&two["inputs_missing"]),
        [
            "previous_actions",
            "changes",
            "nonconformities",
            "interested_party_feedback",
            "improvement_opportunities"
        ],
        "an empty input is missing"
    );
    let three = review("MR-3");
    let all: Vec<&str> = INPUTS.iter().map(|(_, k)| *k).collect();
    assert_eq!(keys(&three["inputs_covered"]), all);
    assert!(keys(&three["inputs_missing"]).is_empty());
}

#[test]
fn the_sample_covers_every_input_and_shows_the_climate_amendment() {
    let src = repo().join("sample-isms");
    assert!(
        missing_inputs(&src).is_empty(),
        "every sample review gives all ten inputs"
    );
    let c = pipeline::check(&src, None, Date::parse("2026-11-15").unwrap());
    for r in &c.site.source.reviews {
        assert!(r.inputs_missing().is_empty(), "{}", r.id);
    }
    let scope = c
        .site
        .source
        .documents
        .iter()
        .find(|d| d.id == "POL-SCOPE")
        .expect("the scope document");
    assert!(
        std::fs::read_to_string(src.join(&scope.path))
            .unwrap()
            .contains("climate change is a relevant issue"),
        "the scope decides on climate change"
    );

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = common::build(&src, &out, "2026-11-15", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let clause =
        |id: &str| std::fs::read_to_string(out.join(format!("clauses/{id}.html"))).unwrap();
    let c41 = clause("4.1");
    assert!(c41.contains("<h2 id=\"amendments\">"), "{c41}");
    assert!(c41.contains("ISO/IEC 27001:2022/Amd 1:2024 Climate action changes"));
    assert!(c41.contains("whether climate change is relevant"), "{c41}");
    let c42 = clause("4.2");
    assert!(c42.contains("Amd 1:2024"));
    assert!(c42.contains("interested parties may include ones about climate change"));
    assert!(clause("4.2").contains("<h2 id=\"amendments\">"));
    assert!(
        !clause("4.3").contains("<h2 id=\"amendments\">"),
        "4.3 is not amended"
    );
    let review = std::fs::read_to_string(out.join("reviews/MR-2026.html")).unwrap();
    assert!(review.contains("All 10 inputs covered"));
}

#[test]
fn the_starter_and_a_new_review_give_all_ten_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("isms");
    let init = isms(&["init", src.to_str().unwrap()]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let new = isms(&["new", "review", src.to_str().unwrap()]);
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let check = isms(&["check", src.to_str().unwrap()]);
    let text = stderr(&check);
    assert!(!text.contains("review-missing-inputs"), "{text}");
    let reviews: Vec<PathBuf> = std::fs::read_dir(src.join("reviews"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reviews.len(), 2, "{reviews:?}");
    for path in reviews {
        let text = std::fs::read_to_string(&path).unwrap();
        for (_, key) in INPUTS {
            assert!(text.contains(&format!("\n  {key}: ")), "{key} in {path:?}");
        }
    }
}

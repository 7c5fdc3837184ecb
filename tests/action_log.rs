//! Every `log` entry of every action is evidence: each one, with its note,
//! appears on its action's page.

mod common;

use common::{copy_tree, repo, stderr};
use serde_json::Value;

#[test]
fn every_log_note_of_the_sample_is_on_its_action_page() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    copy_tree(&repo().join("sample-isms"), &src);
    let out = tmp.path().join("site");
    let run = common::build(&src, &out, "2026-11-15", &["--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("site.json")).unwrap()).unwrap();
    let (mut notes, mut missing) = (0, Vec::new());
    for action in json["actions"].as_array().unwrap() {
        let id = action["id"].as_str().unwrap();
        let page = std::fs::read_to_string(out.join(format!("actions/{id}.html"))).unwrap();
        let page = page
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        for entry in action["log"].as_array().unwrap() {
            let date = entry["date"].as_str().unwrap();
            assert!(
                page.contains(&format!("<time datetime=\"{date}\">")),
                "{id} {date}"
            );
            if let Some(note) = entry["note"].as_str() {
                notes += 1;
                if !page.contains(note) {
                    missing.push(format!("{id} {date}: {note}"));
                }
            }
        }
    }
    assert!(
        notes > 100,
        "the sample logs over a hundred notes ({notes})"
    );
    assert!(missing.is_empty(), "notes on no page: {missing:#?}");
}

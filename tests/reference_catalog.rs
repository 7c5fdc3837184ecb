//! The built-in ISO/IEC 27001:2022 catalog against the project's
//! cross-checked reference catalog (ids and short titles only, with the
//! sources that confirm each title; kept as a fixture,
//! `tests/fixtures/reference/iso27001-2022-catalog.yaml`): same clause and
//! Annex A ids in the same order, same titles, parents, themes and 2013
//! correspondence.

mod common;

use std::collections::BTreeMap;

const REFERENCE: &str = "tests/fixtures/reference/iso27001-2022-catalog.yaml";

/// A scalar as the reference writes it: plain, 'single' or "double" quoted.
fn scalar(text: &str) -> String {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        return inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    text.to_string()
}

/// A flow list of scalars: `['A.5.1.1', 'A.5.1.2']`.
fn flow_list(text: &str) -> Vec<String> {
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or_else(|| panic!("expected a [list], found {text:?}"));
    inner
        .split(',')
        .map(scalar)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One `- id: ...` entry of a top-level list, its single-line fields by key.
type Entry = BTreeMap<String, String>;

/// The entries of the top-level lists of the reference, by list name. Only
/// what the comparison needs is read: list items at column 0 (`- id: x`) and
/// their fields two spaces in (`  title: y`); deeper lines (continuations,
/// nested lists) are skipped.
fn parse(text: &str) -> BTreeMap<String, Vec<Entry>> {
    let mut lists: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(key) = line
            .strip_suffix(':')
            .filter(|k| !k.starts_with([' ', '-']))
        {
            section = key.to_string();
            continue;
        }
        let field = if let Some(rest) = line.strip_prefix("- ") {
            lists.entry(section.clone()).or_default().push(Entry::new());
            rest
        } else if let Some(rest) = line.strip_prefix("  ") {
            rest
        } else {
            continue;
        };
        let Some((key, value)) = field.split_once(':') else {
            continue;
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(entry) = lists.get_mut(&section).and_then(|l| l.last_mut()) {
            entry.insert(key.to_string(), value.trim().to_string());
        }
    }
    lists
}

fn get<'a>(entry: &'a Entry, key: &str) -> &'a str {
    entry
        .get(key)
        .unwrap_or_else(|| panic!("reference entry {entry:?} has no `{key}`"))
}

#[test]
fn the_built_in_catalog_matches_the_reference() {
    let path = common::repo().join(REFERENCE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the reference catalog {}: {e}", path.display()));
    let lists = parse(&text);
    let catalog = isms_site::catalog::iso27001();

    // Themes.
    let themes: Vec<(String, String, String)> = lists["themes"]
        .iter()
        .map(|t| {
            (
                scalar(get(t, "key")),
                scalar(get(t, "id")),
                scalar(get(t, "name")),
            )
        })
        .collect();
    let ours: Vec<(String, String, String)> = catalog
        .themes
        .iter()
        .map(|t| (t.key.clone(), t.number.clone(), t.name.clone()))
        .collect();
    assert_eq!(ours, themes, "themes");

    // Clauses: ids in order, titles, parents.
    let clauses = &lists["clauses"];
    assert_eq!(clauses.len(), 41, "the reference lists 41 clauses");
    let reference_ids: Vec<String> = clauses.iter().map(|c| scalar(get(c, "id"))).collect();
    let our_ids: Vec<String> = catalog.clauses.iter().map(|c| c.id.clone()).collect();
    assert_eq!(our_ids, reference_ids, "clause ids and order");
    for (entry, ours) in clauses.iter().zip(&catalog.clauses) {
        assert_eq!(
            ours.title,
            scalar(get(entry, "title")),
            "clause {}",
            ours.id
        );
        assert_eq!(
            ours.parent,
            entry.get("parent").map(|p| scalar(p)),
            "parent of clause {}",
            ours.id
        );
    }

    // Annex A: ids in order, titles, themes, 2013 correspondence.
    let annex = &lists["annex_a"];
    assert_eq!(annex.len(), 93, "the reference lists 93 controls");
    let reference_ids: Vec<String> = annex.iter().map(|c| scalar(get(c, "id"))).collect();
    let our_ids: Vec<String> = catalog.controls.iter().map(|c| c.id.clone()).collect();
    assert_eq!(our_ids, reference_ids, "control ids and order");
    for (entry, ours) in annex.iter().zip(&catalog.controls) {
        assert_eq!(ours.title, scalar(get(entry, "title")), "{}", ours.id);
        assert_eq!(
            ours.theme,
            scalar(get(entry, "theme")),
            "theme of {}",
            ours.id
        );
        assert_eq!(
            ours.iso2013,
            flow_list(get(entry, "iso27001_2013")),
            "2013 controls replaced by {}",
            ours.id
        );
    }
}

#[test]
fn the_reference_parser_reads_the_reference_format() {
    let lists = parse(
        "# comment\nmeta:\n  counts:\n    x: 1\nclauses:\n- id: '9.2'\n  title: Internal audit\n  \
         parent: '9'\n  pages:\n  - example.com/a: b\n  note: 'It''s fine'\nannex_a:\n- id: 'A.5.1'\n  \
         title: \"Policies\"\n  iso27001_2013: ['A.5.1.1', 'A.5.1.2']\n- id: 'A.5.7'\n  iso27001_2013: []\n",
    );
    assert_eq!(lists["clauses"].len(), 1);
    let clause = &lists["clauses"][0];
    assert_eq!(scalar(get(clause, "id")), "9.2");
    assert_eq!(scalar(get(clause, "title")), "Internal audit");
    assert_eq!(scalar(get(clause, "parent")), "9");
    assert_eq!(scalar(get(clause, "note")), "It's fine");
    assert!(!clause.contains_key("example.com/a"));
    let annex = &lists["annex_a"];
    assert_eq!(annex.len(), 2);
    assert_eq!(scalar(get(&annex[0], "title")), "Policies");
    assert_eq!(
        flow_list(get(&annex[0], "iso27001_2013")),
        ["A.5.1.1", "A.5.1.2"]
    );
    assert!(flow_list(get(&annex[1], "iso27001_2013")).is_empty());
    assert!(!lists.contains_key("meta"), "no list items under meta");
}

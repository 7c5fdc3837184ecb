//! Property tests: the front matter splitter and the id/path/link resolver
//! hold their invariants on any input (modest case counts for CI).

use isms_site::model::Source;
use isms_site::resolve::{self, files::normalize_relative, links};
use isms_site::source::{document, frontmatter, is_valid_id};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// YAML-ish lines that are never a fence.
fn yaml_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z_]{1,8}: [ -~]{0,20}", 0..8)
        .prop_map(|v| v.into_iter().filter(|l| l.trim_end() != "---").collect())
}

proptest! {
    #![proptest_config(config())]

    /// A fenced file splits back into exactly its YAML and body.
    #[test]
    fn fenced_front_matter_round_trips(
        yaml in yaml_lines(),
        body in "[ -~\n]{0,200}",
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let yaml_text: String = yaml.iter().map(|l| format!("{l}{nl}")).collect();
        let text = format!("---{nl}{yaml_text}---{nl}{body}");
        let split = frontmatter::split(&text).unwrap();
        prop_assert_eq!(split.yaml, Some(yaml_text.as_str()));
        prop_assert_eq!(split.body, body.as_str());
        prop_assert_eq!(split.yaml_line_offset, 1);
        prop_assert_eq!(split.body_line_offset, yaml.len() + 2);
    }

    /// Any text: the split never panics, the body is the end of the text and
    /// the YAML a part of it before the body.
    #[test]
    fn any_text_splits_into_slices_of_itself(text in "(---\n|\\.\\.\\.\n|[ -~]{0,12}\n|\r\n|\u{feff}|é){0,24}") {
        if let Ok(split) = frontmatter::split(&text) {
            prop_assert!(text.ends_with(split.body));
            if let Some(yaml) = split.yaml {
                let start = yaml.as_ptr() as usize - text.as_ptr() as usize;
                prop_assert!(start + yaml.len() <= text.len() - split.body.len());
            }
            prop_assert!(split.body_line_offset <= text.matches('\n').count());
        } else {
            prop_assert!(text.starts_with("---"));
        }
    }

    /// A resolved relative path never leaves SRC and is never absolute.
    #[test]
    fn normalized_paths_stay_inside(
        base in "((\\.\\.|\\.|[a-z]{1,5})/){0,4}",
        path in "((\\.\\.|\\.|[a-z]{1,4}|/|\\\\|C:|%2e%2e)/?){0,8}",
    ) {
        let base = base.trim_end_matches('/');
        if let Some(rel) = normalize_relative(base, &path) {
            prop_assert!(!rel.is_empty());
            prop_assert!(!rel.starts_with('/'));
            prop_assert!(!rel.contains('\\') && !rel.contains(':'));
            prop_assert!(rel.split('/').all(|p| !p.is_empty() && p != "." && p != ".."), "{}", rel);
            prop_assert!(!Path::new(&rel).is_absolute());
        }
        // Climbing more levels than the base has always fails.
        let depth = base.split('/').filter(|p| !p.is_empty()).count();
        let climb = format!("{}x", "../".repeat(depth + 1));
        prop_assert_eq!(normalize_relative(base, &climb), None);
        // `..` in the base counts too: the result is the same as resolving
        // the base alone first.
        let joined = if base.is_empty() { "x".to_string() } else { format!("{base}/x") };
        match normalize_relative("", &joined) {
            None => prop_assert_eq!(normalize_relative(base, "x"), None),
            Some(joined) => prop_assert_eq!(normalize_relative(base, "x"), Some(joined)),
        }
    }

    /// Ids: valid ones are exactly `[A-Za-z0-9._-]+`.
    #[test]
    fn ids_are_a_closed_alphabet(id in "[ -~]{0,12}") {
        let expected = !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        prop_assert_eq!(is_valid_id(&id), expected);
    }

    /// Link classification: `[[ID]]` finds exactly the ids that exist,
    /// code-running schemes are never kept, relative paths stay inside SRC.
    #[test]
    fn links_resolve_to_known_targets_only(
        id in "[A-Za-z0-9._-]{1,10}",
        scheme in "(java|vb)script|data|JaVaScRiPt|javascript\t",
        path in "((\\.\\.|[a-z]{1,4})/){0,5}[a-z]{1,4}\\.(md|pdf)",
    ) {
        let site = site();
        let wiki = links::classify(site, "policies", &id, true);
        let exists = site.get(&id).is_some();
        prop_assert_eq!(matches!(wiki, links::LinkTarget::Page(..)), exists);
        prop_assert!(matches!(wiki, links::LinkTarget::Page(..) | links::LinkTarget::Missing(..)));
        let unsafe_link = links::classify(site, "policies", &format!("{scheme}:alert(1)"), false);
        prop_assert_eq!(unsafe_link, links::LinkTarget::Unsafe);
        match links::classify(site, "policies", &path, false) {
            links::LinkTarget::File(rel) => prop_assert!(!rel.contains("..") && !rel.starts_with('/')),
            links::LinkTarget::Page(url, _) => prop_assert!(url.starts_with("documents/")),
            links::LinkTarget::Missing(..) => {}
            other => prop_assert!(false, "unexpected {:?} for {}", other, path),
        }
    }
}

/// A small resolved site: two documents in `policies/`.
fn site() -> &'static resolve::Site {
    static SITE: OnceLock<resolve::Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut source = Source::default();
        let mut diags = Vec::new();
        let mut foreign = Vec::new();
        for (path, text) in [
            ("policies/a.md", "---\nid: POL-A\ntitle: A\n---\n# A\n"),
            ("policies/b.md", "---\nid: POL-B\ntitle: B\n---\n# B\n"),
        ] {
            source.documents.push(std::sync::Arc::new(
                document::load(path, text, &mut diags, &mut foreign).unwrap(),
            ));
        }
        let root = std::env::temp_dir().join("isms-props-no-such-root");
        resolve::resolve(source, &root).0
    })
}

//! Loading Markdown documents (policies, procedures, standards...).

use super::fields::{is_valid_id, Fields, FileCtx};
use super::frontmatter;
use super::inline_meta::{self, Key};
use super::mdx;
use super::yaml;
use super::{satisfies, yaml_error};
use crate::diag::{Diagnostic, Location};
use crate::model::{DocStatus, DocType, Document, HistoryEntry, Ref, Text};

const KEYS: &[&str] = &[
    "id",
    "title",
    "type",
    "owner",
    "version",
    "status",
    "approved_by",
    "approved_on",
    "next_review",
    "review_every",
    "summary",
    "classification",
    "name",
    "description",
    "acronym",
    "majorRevisions",
    "clauses",
    "controls",
    "satisfies",
    "history",
    "slug",
    "mentions",
];

const HISTORY_KEYS: &[&str] = &["version", "date", "change"];

/// Parse one Markdown document. Returns `None` only when nothing usable is left.
///
/// Front matter keys of other tools (unknown, and not a likely typo of a known
/// key) are added to `foreign` instead of being reported here.
pub fn load(
    path: &str,
    text: &str,
    diags: &mut Vec<Diagnostic>,
    foreign: &mut Vec<(String, Location)>,
) -> Option<Document> {
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(e) => {
            diags.push(
                Diagnostic::error("unclosed-front-matter", e.to_string())
                    .at(Location::in_text(path, text, 1, 1, 3))
                    .help("end the front matter with a line holding only `---`"),
            );
            return None;
        }
    };
    let mut ctx = FileCtx::new(path, text, split.yaml_line_offset);
    let body = Text {
        markdown: split.body.into(),
        at: Some(Location::in_text(
            path,
            text,
            split.body_line_offset + 1,
            1,
            1,
        )),
    };
    let mut doc = Document {
        id: derive_id(path),
        id_at: Location::file(path),
        title: String::new(),
        doc_type: DocType::Policy,
        owner: None,
        version: None,
        status: DocStatus::Draft,
        approved_by: None,
        approved_on: None,
        next_review: None,
        next_review_at: None,
        summary: None,
        classification: None,
        clauses: Vec::new(),
        controls: Vec::new(),
        satisfies: Vec::new(),
        history: Vec::new(),
        body,
        path: path.to_string(),
        slug: None,
        mentions: None,
    };
    let fenced = split.yaml_line_offset > 0;
    let mut body_text = split.body;
    let mut has_front_matter = split.yaml.is_some();
    if let Some(yaml_text) = split.yaml {
        match yaml::parse(yaml_text) {
            Ok(root) if root.is_null() => {}
            Ok(root) if !fenced && root.as_map().is_none() => body_text = text,
            Ok(root) => {
                if let Some(fields) = ctx.fields_lenient(&root, "front matter", KEYS, foreign) {
                    read_front_matter(&mut ctx, &fields, &mut doc);
                }
            }
            // Text that only looked like unfenced front matter is body.
            Err(_) if !fenced => body_text = text,
            Err(e) => {
                ctx.diags.push(yaml_error(&ctx, &e));
                // References to the document still find it by its id.
                if let Some((id, line, column)) = super::recover::front_matter_id(yaml_text) {
                    let width = id.chars().count();
                    doc.id_at = ctx.at_line(line + split.yaml_line_offset, column, width);
                    doc.id = id;
                }
            }
        }
    }
    // Line of the file the body starts on.
    let mut body_line = split.body_line_offset + 1;
    if body_text.len() != split.body.len() {
        has_front_matter = false;
        body_line = 1;
        doc.body = Text {
            markdown: text.into(),
            at: Some(Location::in_text(path, text, 1, 1, 1)),
        };
    }
    let stripped;
    if path.ends_with(".mdx") {
        let dropped;
        (stripped, dropped) = mdx::strip(body_text);
        if !dropped.is_empty() {
            ctx.diags.push(
                Diagnostic::note(
                    "mdx-dropped",
                    format!(
                        "MDX: dropped {}; the Markdown between them is rendered",
                        dropped.describe()
                    ),
                )
                .at(ctx.at_line(body_line + dropped.first_line - 1, 1, 1))
                .help("isms-site renders Markdown, not JavaScript components: write what a component shows as Markdown if the page needs it"),
            );
        }
        body_text = &stripped;
        doc.body.markdown = stripped.as_str().into();
    }
    if !has_front_matter {
        inline_control(&mut ctx, body_text, body_line, &mut doc);
    }
    if doc.title.is_empty() {
        doc.title = first_heading(body_text).unwrap_or_else(|| file_stem(path));
    }
    diags.append(&mut ctx.diags);
    Some(doc)
}

fn read_front_matter(ctx: &mut FileCtx<'_>, f: &Fields<'_>, doc: &mut Document) {
    // strongdm/comply documents name themselves by `acronym`.
    if let Some(node) = f.get("id").or_else(|| f.get("acronym")) {
        if let Some(id) = ctx.id(node) {
            doc.id = id;
            doc.id_at = ctx.loc(node);
        }
    }
    let title = f.get("title").or_else(|| f.get("name"));
    if let Some(title) = title.and_then(|n| ctx.string(n, "title")) {
        doc.title = title;
    }
    if let Some(t) = f.get("type").and_then(|n| ctx.keyword(n, "type")) {
        doc.doc_type = t;
    }
    doc.owner = ctx.filled_at(f, "owner", "empty-owner", super::OWNER_HELP);
    doc.version = ctx.string_at(f, "version");
    doc.approved_by = ctx.string_at(f, "approved_by");
    doc.approved_on = f
        .get("approved_on")
        .and_then(|n| ctx.date(n, "approved_on"));
    doc.status = match f.get("status") {
        Some(n) => ctx.keyword(n, "status").unwrap_or(DocStatus::Draft),
        None if doc.approved_on.is_some() => DocStatus::Approved,
        None => DocStatus::Draft,
    };
    let summary = f.get("summary").or_else(|| f.get("description"));
    doc.summary = summary.and_then(|n| ctx.string(n, "summary"));
    doc.clauses = ctx.refs_at(f, "clauses");
    doc.controls = ctx.refs_at(f, "controls");
    doc.satisfies = f
        .get("satisfies")
        .map(|n| satisfies(ctx, n))
        .unwrap_or_default();
    if let Some(node) = f.get("next_review") {
        doc.next_review = ctx.date(node, "next_review");
        doc.next_review_at = Some(ctx.loc(node));
    } else if let Some(node) = f.get("review_every") {
        doc.next_review_at = Some(ctx.loc(node));
        if let Some(text) = ctx.string(node, "review_every") {
            match (parse_period_months(&text), doc.approved_on) {
                (Some(months), Some(approved)) => {
                    doc.next_review = Some(approved.add_months(months));
                }
                (Some(_), None) => ctx.report(
                    node,
                    Diagnostic::warning(
                        "review-without-approval",
                        "`review_every` needs `approved_on` to compute the next review date",
                    )
                    .help("add `approved_on: YYYY-MM-DD`, or give `next_review` instead"),
                ),
                (None, _) => ctx.report(
                    node,
                    Diagnostic::error(
                        "bad-period",
                        format!("`review_every`: `{text}` is not a period"),
                    )
                    .help("write a number of months or years, e.g. `12 months` or `1 year`"),
                ),
            }
        }
    }
    if let Some(node) = f.get("history") {
        doc.history = history(ctx, node);
    } else if let Some(node) = f.get("majorRevisions") {
        doc.history = major_revisions(ctx, node);
    }
    doc.slug = ctx.string_at(f, "slug");
    doc.mentions = f.get("mentions").and_then(|n| ctx.boolean(n, "mentions"));
}

/// Document control written in the body (no front matter): the fields of
/// the leading `**Key:** value` block or table, one note saying which were
/// read, a warning at each placeholder or unreadable value.
fn inline_control(ctx: &mut FileCtx<'_>, body: &str, body_line: usize, doc: &mut Document) {
    let fields = inline_meta::read(body);
    let Some(first) = fields.first() else {
        return;
    };
    let note_at = ctx.at_line(body_line + first.line - 1, 1, 1);
    let mut read: Vec<Key> = Vec::new();
    let mut unfilled: Vec<Key> = Vec::new();
    for field in &fields {
        if read.contains(&field.key) || unfilled.contains(&field.key) {
            continue;
        }
        let at = ctx.at_line(body_line + field.line - 1, field.column, field.width);
        let name = field.key.front_matter_key();
        let value = field.value.as_str();
        if inline_meta::is_placeholder(value) {
            unfilled.push(field.key);
            let shown = if value.is_empty() { "empty" } else { value };
            ctx.diags.push(
                Diagnostic::warning(
                    "unfilled-placeholder",
                    format!("document control `{name}` is not filled in ({shown})"),
                )
                .at(at)
                .help(if field.key.is_date() {
                    "write the date as YYYY-MM-DD (or `14 March 2025`), or delete the line if it does not apply"
                } else {
                    "write the value, or delete the line if it does not apply"
                }),
            );
            continue;
        }
        let ok = match field.key {
            Key::Id if is_valid_id(value) => {
                doc.id = value.to_string();
                doc.id_at = at.clone();
                true
            }
            Key::Id => {
                ctx.diags.push(
                    Diagnostic::warning(
                        "bad-id",
                        format!("document id `{value}` has characters outside A-Z a-z 0-9 . _ -; the id `{}` from the path is used", doc.id),
                    )
                    .at(at.clone())
                    .help("write an id such as POL-ISMS-001"),
                );
                false
            }
            Key::Title => {
                doc.title = value.to_string();
                true
            }
            Key::Type => keyword_field(ctx, value, name, &at)
                .map(|t: DocType| doc.doc_type = t)
                .is_some(),
            Key::Status => keyword_field(ctx, value, name, &at)
                .map(|s: DocStatus| doc.status = s)
                .is_some(),
            Key::Version => {
                doc.version = Some(value.to_string());
                true
            }
            Key::Owner => {
                doc.owner = Some(Ref {
                    id: value.to_string(),
                    at: at.clone(),
                });
                true
            }
            Key::ApprovedBy => {
                doc.approved_by = Some(value.to_string());
                true
            }
            Key::Classification => {
                doc.classification = Some(value.to_string());
                true
            }
            Key::ApprovedOn | Key::NextReview => match inline_meta::parse_date(value) {
                Some(date) => {
                    if field.key == Key::ApprovedOn {
                        doc.approved_on = Some(date);
                    } else {
                        doc.next_review = Some(date);
                        doc.next_review_at = Some(at.clone());
                    }
                    true
                }
                None => {
                    ctx.diags.push(
                        Diagnostic::warning(
                            "bad-date",
                            format!("document control `{name}`: cannot read `{value}` as a date; it is ignored"),
                        )
                        .at(at.clone())
                        .help("write YYYY-MM-DD, `14 March 2025` or `March 14, 2025`"),
                    );
                    false
                }
            },
        };
        if ok {
            read.push(field.key);
        }
    }
    if doc.approved_on.is_some() && !read.contains(&Key::Status) {
        doc.status = DocStatus::Approved;
    }
    let names = |keys: &[Key]| -> String {
        keys.iter()
            .map(|k| k.front_matter_key())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut message = if read.is_empty() {
        "document control block found in the text, but no field could be read".to_string()
    } else {
        format!(
            "document control read from the text (no front matter): {}",
            names(&read)
        )
    };
    if !unfilled.is_empty() {
        message.push_str(&format!("; not filled in: {}", names(&unfilled)));
    }
    ctx.diags.push(
        Diagnostic::note("inline-metadata", message)
            .at(note_at)
            .help("isms-site reads these lines as front matter; front matter (`---` at the top of the file) says the same without relying on the wording"),
    );
}

/// A keyword written in the text (`Approved`, `Policy`), or a warning.
fn keyword_field<K: crate::model::Keyword>(
    ctx: &mut FileCtx<'_>,
    value: &str,
    name: &str,
    at: &Location,
) -> Option<K> {
    match K::from_keyword(&value.to_lowercase()) {
        Some(k) => Some(k),
        None => {
            ctx.diags.push(
                Diagnostic::warning(
                    "unknown-value",
                    format!(
                        "document control `{name}`: `{value}` is not a known value; it is ignored"
                    ),
                )
                .at(at.clone())
                .help(format!("one of: {}", K::keyword_list().join(", "))),
            );
            None
        }
    }
}

fn history(ctx: &mut FileCtx<'_>, node: &yaml::Node) -> Vec<HistoryEntry> {
    let Some(items) = node.as_seq() else {
        ctx.report(
            node,
            Diagnostic::error(
                "wrong-shape",
                format!("`history` should be a list, not {}", node.shape()),
            )
            .help("write `history:` then one `- { version: \"1.0\", date: YYYY-MM-DD, change: ... }` per line"),
        );
        return Vec::new();
    };
    let mut out: Vec<HistoryEntry> = items
        .iter()
        .filter_map(|item| {
            let f = ctx.fields(item, "a history entry", HISTORY_KEYS)?;
            Some(HistoryEntry {
                version: ctx.string_at(&f, "version").unwrap_or_default(),
                date: ctx.date_at(&f, "date"),
                change: ctx.string_at(&f, "change").unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by_key(|h| h.date);
    out
}

/// strongdm/comply's `majorRevisions: [{date: Jun 1 2018, comment: ...}]`.
fn major_revisions(ctx: &mut FileCtx<'_>, node: &yaml::Node) -> Vec<HistoryEntry> {
    let Some(items) = node.as_seq() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(f) = ctx.fields(item, "a revision", &["date", "comment"]) else {
            continue;
        };
        let date = f.get("date").and_then(|n| {
            let text = ctx.string(n, "date")?;
            let parsed = crate::model::Date::parse(&text)
                .ok()
                .or_else(|| parse_month_day_year(&text));
            if parsed.is_none() {
                ctx.report(
                    n,
                    Diagnostic::warning(
                        "bad-date",
                        format!("`date`: cannot read `{text}` as a date"),
                    )
                    .help("write YYYY-MM-DD or `Jun 1 2018`"),
                );
            }
            parsed
        });
        out.push(HistoryEntry {
            version: (i + 1).to_string(),
            date,
            change: ctx.string_at(&f, "comment").unwrap_or_default(),
        });
    }
    out.sort_by_key(|h| h.date);
    out
}

/// Dates like `Jun 1 2018` or `June 1, 2018`.
pub fn parse_month_day_year(text: &str) -> Option<crate::model::Date> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let cleaned = text.replace(',', " ");
    let mut parts = cleaned.split_whitespace();
    let month_name = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_name.starts_with(m))? as i8 + 1;
    let day: i8 = parts.next()?.parse().ok()?;
    let year: i16 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    crate::model::Date::from_ymd(year, month, day)
}

/// `12 months`, `1 year`, `6 mo`, `2 years` -> months.
fn parse_period_months(text: &str) -> Option<i64> {
    let text = text.trim().to_ascii_lowercase();
    let (num, unit) = text
        .split_once(char::is_whitespace)
        .unwrap_or((&text, "months"));
    let n: i64 = num.parse().ok().filter(|n| *n > 0 && *n <= 120)?;
    match unit.trim() {
        "month" | "months" | "mo" => Some(n),
        "year" | "years" | "y" => Some(n * 12),
        _ => None,
    }
}

/// The id a document gets when its front matter gives none: its path without
/// the `policies/` folder and extension, folders joined with `-`.
pub fn derive_id(path: &str) -> String {
    let trimmed = path.strip_prefix("policies/").unwrap_or(path);
    let mut stem = trimmed.rsplit_once('.').map(|(s, _)| s).unwrap_or(trimmed);
    // A folder's index page is named after its folder.
    if let Some((folder, name)) = stem.rsplit_once('/') {
        if is_index_name(name) {
            stem = folder;
        }
    } else if is_index_name(stem) {
        // Not `index`: that is the path of the documents' own index page.
        stem = if path.starts_with("policies/") {
            "policies"
        } else if stem.eq_ignore_ascii_case("readme") {
            "readme"
        } else {
            "home"
        };
    }
    let id: String = stem
        .chars()
        .map(|c| if c == '/' { '-' } else { c })
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if is_valid_id(&id) {
        id
    } else {
        "document".to_string()
    }
}

/// `index`, `_index` and `README` name a folder's own page.
pub fn is_index_name(stem: &str) -> bool {
    matches!(stem, "index" | "_index" | "README" | "readme")
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    stem.replace(['-', '_'], " ")
}

/// The text of the first ATX heading (`# Title`) of a Markdown body.
pub fn first_heading(body: &str) -> Option<String> {
    let mut in_fence = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with([' ', '\t']) {
            let title = trimmed[hashes..].trim().trim_end_matches('#').trim();
            if !title.is_empty() {
                return Some(title.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_id_and_title() {
        assert_eq!(
            derive_id("policies/governance/access control.md"),
            "governance-access-control"
        );
        assert_eq!(derive_id("README.md"), "readme");
        assert_eq!(derive_id("index.md"), "home");
        assert_eq!(derive_id("src/content/docs/index.mdx"), "src-content-docs");
        assert_eq!(
            first_heading("Text\n```\n# not\n```\n## Real title ##\n"),
            Some("Real title".into())
        );
        assert_eq!(parse_period_months("1 year"), Some(12));
        assert_eq!(parse_period_months("6 months"), Some(6));
        assert_eq!(parse_period_months("often"), None);
        assert_eq!(
            parse_month_day_year("Jun 1 2018").unwrap().to_string(),
            "2018-06-01"
        );
        assert_eq!(
            parse_month_day_year("September 30, 2020")
                .unwrap()
                .to_string(),
            "2020-09-30"
        );
        assert_eq!(parse_month_day_year("Jun 31 2018"), None);
    }

    #[test]
    fn loads_front_matter_and_reports_problems() {
        let text =
            "---\nid: POL-1\ntitel: X\nstatus: aproved\napproved_on: 2025-02-30\n---\n# Heading\n";
        let mut diags = Vec::new();
        let doc = load("policies/p.md", text, &mut diags, &mut Vec::new()).unwrap();
        assert_eq!(doc.id, "POL-1");
        assert_eq!(doc.title, "Heading");
        let mut lines: Vec<(usize, &str)> = diags
            .iter()
            .map(|d| (d.location.as_ref().unwrap().line, d.code))
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            vec![(3, "unknown-key"), (4, "unknown-value"), (5, "bad-date")]
        );
        let help = |code: &str| diags.iter().find(|d| d.code == code).unwrap().help.clone();
        assert!(help("unknown-key").unwrap().contains("`title`"));
        assert!(help("unknown-value").unwrap().contains("`approved`"));
    }
}

//! Walking the source folder and sorting its files into kinds.

use crate::diag::{Diagnostic, Location};
use crate::model::RecordKind;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The marker file isms-site leaves in every folder it writes: the walk
/// skips such folders (generated output inside SRC), and `output` refuses to
/// replace a folder without it.
pub const MARKER: &str = ".isms-site";

/// What a file in the source folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `isms.yaml`.
    Config,
    /// `soa.yaml`.
    Soa,
    /// A record file: a Markdown document anywhere, or a YAML file in a
    /// kind's source folder ([`RecordKind::from_source_dir`]).
    Record(RecordKind),
    /// Anything under `evidence/`.
    Evidence,
    /// `frameworks/*.yaml`: another framework's control catalog.
    Framework,
}

/// A file found by the walk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute (or SRC-joined) path on disk.
    pub disk: PathBuf,
    /// Path relative to SRC with `/` separators.
    pub rel: String,
    /// Its kind.
    pub kind: FileKind,
}

/// Folders at the top of SRC that hold theme overrides, not content.
const THEME_DIRS: &[&str] = &["templates", "static"];
/// Markdown files at the top of SRC that describe the repository, not the ISMS.
const REPO_FILES: &[&str] = &["README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.md"];

/// Is this file name an editor's temporary, swap or backup file?
pub fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// Classify a relative path; `None` for files that are not content.
pub fn classify(rel: &str) -> Option<FileKind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let top = rel.split('/').next().unwrap_or(rel);
    let at_root = !rel.contains('/');
    if is_editor_temp(name) {
        return None;
    }
    if top == "evidence" && !at_root {
        return Some(FileKind::Evidence);
    }
    if at_root {
        return match name {
            "isms.yaml" | "isms.yml" => Some(FileKind::Config),
            "soa.yaml" | "soa.yml" => Some(FileKind::Soa),
            _ if is_markdown(name) && !REPO_FILES.contains(&name) => {
                Some(FileKind::Record(RecordKind::Document))
            }
            _ => None,
        };
    }
    if THEME_DIRS.contains(&top) {
        return None;
    }
    if is_yaml(name) {
        return match top {
            // `standards/` holds control catalogs in strongdm/comply projects.
            "frameworks" | "standards" => Some(FileKind::Framework),
            _ => RecordKind::from_source_dir(top).map(FileKind::Record),
        };
    }
    is_markdown(name).then_some(FileKind::Record(RecordKind::Document))
}

/// Walk `src`, skipping hidden entries, `skip` (the output folder), folders
/// holding isms-site's output marker, theme
/// folders and editor files; symlinks that leave `src` are reported and skipped.
pub fn walk(src: &Path, skip: Option<&Path>, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let root = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let walker = WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let skipped = skip.as_deref().is_some_and(|s| e.path() == s);
            // A folder holding isms-site's marker is generated output.
            let generated =
                e.depth() > 0 && e.file_type().is_dir() && e.path().join(MARKER).exists();
            !hidden && !skipped && !generated
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let rel = err
                    .path()
                    .and_then(|p| p.strip_prefix(&root).ok())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::error("unreadable", format!("cannot read: {err}"))
                        .at(Location::file(rel)),
                );
                continue;
            }
        };
        let Ok(rel_path) = entry.path().strip_prefix(&root) else {
            continue;
        };
        let rel = rel_path.to_string_lossy().replace('\\', "/");
        let mut disk = entry.path().to_path_buf();
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&root) && target.is_file() => disk = target,
                Ok(target) if target.starts_with(&root) => continue,
                _ => {
                    diags.push(
                        Diagnostic::error(
                            "path-escapes",
                            "symbolic link leads outside the source folder; it was skipped",
                        )
                        .at(Location::file(rel))
                        .help("copy the file into the source folder instead of linking to it"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if let Some(kind) = classify(&rel) {
            files.push(SourceFile { disk, rel, kind });
        } else if is_other_document_format(&rel) {
            skipped.push(rel);
        }
    }
    if let Some(first) = skipped.first() {
        let shown: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
        let more = skipped.len().saturating_sub(shown.len());
        diags.push(
            Diagnostic::note(
                "skipped-files",
                format!(
                    "{} file(s) skipped: isms-site reads Markdown (.md) documents only: {}{}",
                    skipped.len(),
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            )
            .at(Location::file(first.clone()))
            .help("convert them to Markdown to include them, or put files that records cite under evidence/"),
        );
    }
    files
}

/// Document formats of other tools that isms-site does not read.
fn is_other_document_format(rel: &str) -> bool {
    let top = rel.split('/').next().unwrap_or(rel);
    if top == "evidence" || THEME_DIRS.contains(&top) {
        return false;
    }
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "mdx"
            | "rst"
            | "adoc"
            | "asciidoc"
            | "org"
            | "docx"
            | "doc"
            | "odt"
            | "rtf"
            | "tex"
            | "textile"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        assert_eq!(classify("isms.yaml"), Some(FileKind::Config));
        assert_eq!(
            classify("policies/a/b.md"),
            Some(FileKind::Record(RecordKind::Document))
        );
        assert_eq!(
            classify("audits/2025/q1.yaml"),
            Some(FileKind::Record(RecordKind::Audit))
        );
        assert_eq!(
            classify("actions/ca.yml"),
            Some(FileKind::Record(RecordKind::Action))
        );
        assert_eq!(classify("evidence/x/report.pdf"), Some(FileKind::Evidence));
        assert_eq!(classify("README.md"), None);
        assert_eq!(classify("templates/page.html"), None);
        assert_eq!(classify("policies/.#access.md"), None);
        assert_eq!(classify("policies/access.md~"), None);
        assert_eq!(classify("policies/4913"), None);
        assert_eq!(classify("notes/other.yaml"), None);
        assert_eq!(classify("frameworks/soc2.yml"), Some(FileKind::Framework));
        assert_eq!(
            classify("standards/TSC-2017.yml"),
            Some(FileKind::Framework)
        );
        assert!(is_other_document_format("docs/intro.mdx"));
        assert!(!is_other_document_format("evidence/report.docx"));
    }
}

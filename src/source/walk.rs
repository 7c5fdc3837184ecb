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

/// Folders at the top of SRC that held theme overrides before they moved to
/// `theme/`: still read as overrides (with an `old-theme-folder` warning),
/// but Markdown files in them are documents.
pub const OLD_THEME_DIRS: &[&str] = &["templates", "static"];
/// Markdown files at the top of SRC that describe the repository, not the
/// ISMS. `README.md` is not among them: in a policy repository it is the index.
const REPO_FILES: &[&str] = &[
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "LICENSE.md",
    "CODE_OF_CONDUCT.md",
];

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

/// Markdown, including MDX (whose imports and components are dropped when
/// the document is loaded).
pub fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown") || name.ends_with(".mdx")
}

/// Is `rel` the theme folder `theme` or inside it?
fn in_folder(rel: &str, folder: &str) -> bool {
    rel.strip_prefix(folder)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A theme file (template, style sheet, script, image...) in one of the old
/// theme folders: what `old-theme-folder` reports.
fn is_old_theme_file(rel: &str) -> bool {
    let Some((top, rest)) = rel.split_once('/') else {
        return false;
    };
    let name = rest.rsplit('/').next().unwrap_or(rest);
    if is_editor_temp(name) || is_markdown(name) {
        return false;
    }
    match top {
        "templates" => [".html", ".css", ".js"].iter().any(|e| name.ends_with(e)),
        "static" => true,
        _ => false,
    }
}

/// Is `e` the error of a symbolic link loop (`ELOOP`)?
fn is_link_loop(e: &std::io::Error) -> bool {
    // ELOOP: 40 on Linux, 62 on macOS and the BSDs.
    matches!(e.raw_os_error(), Some(40) if cfg!(target_os = "linux"))
        || matches!(e.raw_os_error(), Some(62) if cfg!(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd")))
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
            "context.yaml" | "context.yml" => Some(FileKind::Record(RecordKind::Context)),
            _ if is_markdown(name) && !REPO_FILES.contains(&name) => {
                Some(FileKind::Record(RecordKind::Document))
            }
            _ => None,
        };
    }
    if OLD_THEME_DIRS.contains(&top) && !is_markdown(name) {
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
/// holding isms-site's output marker, the theme folder, files that
/// `exclude:` in `isms.yaml` names, and editor files; symlinks that leave
/// `src` are reported and skipped. Theme files in the old theme folders
/// (`templates/`, `static/`) are reported once per folder.
pub fn walk(src: &Path, skip: Option<&Path>, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    walk_kept(src, skip, diags).files
}

/// A finished walk, kept so that a rebuild told exactly which paths changed
/// can update it ([`Walked::update`]) instead of walking the folder again.
#[derive(Debug, Clone)]
pub struct Walked {
    /// The folder walked, as given.
    src: PathBuf,
    /// The folder skipped, as given.
    skip: Option<PathBuf>,
    /// `src`, canonical: the files' `disk` paths start with it.
    root: PathBuf,
    /// `exclude` and the theme folder as they were read for this walk.
    layout: super::config::Layout,
    /// The files found, in walk order.
    pub files: Vec<SourceFile>,
    /// True when the walk reported nothing and met no symbolic link: only
    /// then can a list of changed paths say everything that changed.
    simple: bool,
}

/// The walk order of two relative paths: folder by folder, each folder's
/// entries by name (as `sort_by_file_name` orders them).
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

impl Walked {
    /// Update the walk for `changed` paths (relative to SRC, `/`-separated)
    /// reported by a file watcher, stat-ing only those. Returns false, and
    /// leaves the walk as it was, when only a full walk can tell: `src`,
    /// `skip` or `isms.yaml` changed, the last walk reported something or
    /// met a symbolic link, a path is now a folder, a link or a special
    /// file, a removed path held files, a new file lies in a folder that held
    /// none, or a new file would be reported.
    pub fn update(&mut self, src: &Path, skip: Option<&Path>, changed: &[String]) -> bool {
        if !self.simple || self.src != src || self.skip.as_deref() != skip {
            return false;
        }
        let mut removed = Vec::new();
        let mut added = Vec::new();
        for rel in changed {
            if matches!(rel.as_str(), "isms.yaml" | "isms.yml") {
                return false;
            }
            // Hidden entries and the theme folder are never walked.
            if rel.is_empty()
                || rel.split('/').any(|part| part.starts_with('.'))
                || in_folder(rel, &self.layout.theme)
            {
                continue;
            }
            let known = self
                .files
                .binary_search_by(|f| walk_order(&f.rel, rel))
                .ok();
            let disk = self.root.join(rel);
            match std::fs::symlink_metadata(&disk) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if let Some(at) = known {
                        removed.push(at);
                        continue;
                    }
                    let inside = format!("{rel}/");
                    if self.files.iter().any(|f| f.rel.starts_with(&inside)) {
                        return false;
                    }
                    if is_old_theme_file(rel) || is_other_document_format(rel) {
                        return false;
                    }
                }
                Err(_) => return false,
                Ok(meta) if !meta.file_type().is_file() => return false,
                Ok(_) if known.is_some() => {}
                Ok(_) => {
                    let Some(kind) = classify(rel) else {
                        if is_old_theme_file(rel) || is_other_document_format(rel) {
                            return false;
                        }
                        continue;
                    };
                    // The folder must have been walked: it held files.
                    if let Some((folder, _)) = rel.rsplit_once('/') {
                        let inside = format!("{folder}/");
                        if !self.files.iter().any(|f| f.rel.starts_with(&inside)) {
                            return false;
                        }
                    }
                    if self.layout.exclude.is_match(rel) {
                        continue;
                    }
                    added.push(SourceFile {
                        disk,
                        rel: rel.clone(),
                        kind,
                    });
                }
            }
        }
        removed.sort_unstable();
        removed.dedup();
        for at in removed.into_iter().rev() {
            self.files.remove(at);
        }
        for file in added {
            if let Err(at) = self
                .files
                .binary_search_by(|f| walk_order(&f.rel, &file.rel))
            {
                self.files.insert(at, file);
            }
        }
        true
    }
}

/// Like [`walk`], keeping what a later [`Walked::update`] needs.
pub fn walk_kept(src: &Path, skip_given: Option<&Path>, diags: &mut Vec<Diagnostic>) -> Walked {
    let reported = diags.len();
    let mut links = false;
    let skip = skip_given;
    let layout = super::config::Layout::of(src);
    let root = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut old_theme: Vec<String> = Vec::new();
    let relative = |path: &Path| -> String {
        path.strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default()
    };
    let walker = WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            // Hidden, or the packages of a JavaScript site generator.
            let hidden =
                name.starts_with('.') || (name == "node_modules" && e.file_type().is_dir());
            let skipped = skip.as_deref().is_some_and(|s| e.path() == s);
            // A folder holding isms-site's marker is generated output.
            let generated = e.file_type().is_dir() && e.path().join(MARKER).exists();
            let rel = relative(e.path());
            let theme = in_folder(&rel, &layout.theme);
            let excluded =
                !matches!(rel.as_str(), "isms.yaml" | "isms.yml") && layout.exclude.is_match(&rel);
            !hidden && !skipped && !generated && !theme && !excluded
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
            links = true;
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&root) && target.is_file() => disk = target,
                Ok(target) if target.starts_with(&root) => continue,
                Err(e) if is_link_loop(&e) => {
                    diags.push(
                        Diagnostic::error(
                            "path-escapes",
                            "symbolic link loop: following it never reaches a file; it was skipped",
                        )
                        .at(Location::file(rel))
                        .help("remove the link, or point it at a file inside the source folder"),
                    );
                    continue;
                }
                Err(_) => {
                    diags.push(
                        Diagnostic::error(
                            "path-escapes",
                            "symbolic link points to nothing; it was skipped",
                        )
                        .at(Location::file(rel))
                        .help("remove the link, or point it at a file inside the source folder"),
                    );
                    continue;
                }
                Ok(_) => {
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
        } else if is_old_theme_file(&rel) {
            old_theme.push(rel);
        } else if is_other_document_format(&rel) {
            skipped.push(rel);
        }
    }
    diags.extend(old_theme_warnings(&old_theme, &layout.theme));
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
    Walked {
        src: src.to_path_buf(),
        skip: skip_given.map(Path::to_path_buf),
        simple: !links && diags.len() == reported,
        root,
        layout,
        files,
    }
}

/// One `old-theme-folder` warning per old theme folder that still holds
/// theme files, at its first file.
fn old_theme_warnings(found: &[String], theme: &str) -> Vec<Diagnostic> {
    OLD_THEME_DIRS
        .iter()
        .filter_map(|dir| {
            let mine: Vec<&str> = found
                .iter()
                .map(String::as_str)
                .filter(|rel| rel.split('/').next() == Some(dir))
                .collect();
            let first = mine.first()?;
            let shown: Vec<&str> = mine.iter().take(3).copied().collect();
            let more = mine.len() - shown.len();
            Some(
                Diagnostic::warning(
                    "old-theme-folder",
                    format!(
                        "{dir}/ holds {} theme file(s) ({}{}): theme overrides now live in {theme}/{dir}/; they are still used for now, and Markdown files in {dir}/ are documents",
                        mine.len(),
                        shown.join(", "),
                        if more > 0 { format!(" and {more} more") } else { String::new() }
                    ),
                )
                .at(Location::file(*first))
                .help(format!(
                    "move {dir}/ to {theme}/{dir}/ (e.g. `git mv {dir} {theme}/{dir}`), keeping any Markdown documents where they are"
                )),
            )
        })
        .collect()
}

/// Document formats of other tools that isms-site does not read.
fn is_other_document_format(rel: &str) -> bool {
    let top = rel.split('/').next().unwrap_or(rel);
    if top == "evidence" || OLD_THEME_DIRS.contains(&top) && is_old_theme_file(rel) {
        return false;
    }
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "rst" | "adoc" | "asciidoc" | "org" | "docx" | "doc" | "odt" | "rtf" | "tex" | "textile"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(w: &Walked) -> Vec<(String, FileKind, PathBuf)> {
        w.files
            .iter()
            .map(|f| (f.rel.clone(), f.kind, f.disk.clone()))
            .collect()
    }

    /// An updated walk lists exactly what a new walk finds, and the update
    /// gives up where only a new walk can tell.
    #[test]
    fn updated_walk_equals_a_new_walk() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path();
        let put = |rel: &str| {
            let path = src.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "---\nid: X\n---\n").unwrap();
        };
        for rel in [
            "isms.yaml",
            "a.md",
            "policies/b.md",
            "policies/ops/c.md",
            "policies-x.md",
            "actions/ca-1.yaml",
        ] {
            put(rel);
        }
        let mut diags = Vec::new();
        let mut kept = walk_kept(src, None, &mut diags);
        assert!(diags.is_empty() && kept.simple);
        // Edited, removed, added in walked folders (in walk order, not
        // string order), hidden, editor and theme files, and paths that
        // never existed.
        put("policies/b.md");
        std::fs::remove_file(src.join("policies/ops/c.md")).unwrap();
        put("policies/ops/a-new.md");
        put("policies/a.md");
        put("policies/.hidden.md");
        put("policies/b.md~");
        put("theme/templates/page.html");
        let changed: Vec<String> = [
            "policies/b.md",
            "policies/ops/c.md",
            "policies/ops/a-new.md",
            "policies/a.md",
            "policies/.hidden.md",
            "policies/b.md~",
            "theme/templates/page.html",
            "policies/gone.tmp",
        ]
        .map(String::from)
        .to_vec();
        assert!(kept.update(src, None, &changed));
        let fresh = walk_kept(src, None, &mut diags);
        assert_eq!(listed(&kept), listed(&fresh));
        assert!(kept.files.iter().any(|f| f.rel == "policies/a.md"));
        // Each of these needs a new walk; the kept walk stays as it was.
        let before = listed(&kept);
        put("new/d.md");
        std::fs::remove_dir_all(src.join("policies/ops")).unwrap();
        put("notes/spec.docx");
        for changed in [
            "isms.yaml",
            "new",
            "new/d.md",
            "policies/ops",
            "notes/spec.docx",
        ] {
            assert!(!kept.update(src, None, &[changed.to_string()]), "{changed}");
            assert_eq!(listed(&kept), before);
        }
        assert!(!kept.update(&src.join("policies"), None, &[]));
        let mut reported = walk_kept(src, None, &mut diags);
        assert!(!diags.is_empty() && !reported.simple);
        assert!(!reported.update(src, None, &["a.md".to_string()]));
    }

    #[test]
    fn classifies_paths() {
        assert_eq!(classify("isms.yaml"), Some(FileKind::Config));
        assert_eq!(
            classify("context.yaml"),
            Some(FileKind::Record(RecordKind::Context))
        );
        assert_eq!(
            classify("incidents/2025/INC-1.yaml"),
            Some(FileKind::Record(RecordKind::Incident))
        );
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
        assert_eq!(
            classify("README.md"),
            Some(FileKind::Record(RecordKind::Document))
        );
        assert_eq!(classify("CHANGELOG.md"), None);
        assert_eq!(classify("templates/page.html"), None);
        assert_eq!(
            classify("templates/risk-register.md"),
            Some(FileKind::Record(RecordKind::Document))
        );
        assert_eq!(
            classify("src/content/docs/index.mdx"),
            Some(FileKind::Record(RecordKind::Document))
        );
        assert!(is_old_theme_file("templates/base.html"));
        assert!(is_old_theme_file("static/logo.png"));
        assert!(!is_old_theme_file("templates/form.md"));
        assert!(!is_old_theme_file("templates/form.docx"));
        assert!(in_folder("theme/templates/page.html", "theme"));
        assert!(!in_folder("themes/x", "theme"));
        assert_eq!(classify("policies/.#access.md"), None);
        assert_eq!(classify("policies/access.md~"), None);
        assert_eq!(classify("policies/4913"), None);
        assert_eq!(classify("notes/other.yaml"), None);
        assert_eq!(classify("frameworks/soc2.yml"), Some(FileKind::Framework));
        assert_eq!(
            classify("standards/TSC-2017.yml"),
            Some(FileKind::Framework)
        );
        assert!(is_other_document_format("docs/intro.rst"));
        assert!(!is_other_document_format("docs/intro.mdx"));
        assert!(!is_other_document_format("evidence/report.docx"));
    }
}

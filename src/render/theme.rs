//! The theme: Tera templates and static assets, embedded with overrides.
//!
//! The default theme in `themes/default/` is compiled into the binary. A
//! source folder's `theme/templates/` and `theme/static/` (or those of the
//! folder `theme:` in `isms.yaml` names) override it file by file (and may
//! add files). The old places, `templates/` and `static/` at the top of the
//! source folder, are still read first (the walk warns `old-theme-folder`),
//! except their Markdown files, which are documents.

use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::Path;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A problem with the theme's templates.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A template does not compile.
    #[error("template error: {0}")]
    Template(String),
    /// An override could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Compiled templates plus static files.
pub struct Theme {
    /// The Tera engine with every template.
    pub tera: tera::Tera,
    /// Static files: site path (under `static/`) -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

fn collect(dir: &Dir<'_>, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        out.insert(
            file.path().to_string_lossy().replace('\\', "/"),
            file.contents().to_vec(),
        );
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The files under `src/theme/folder` into `out`, keyed `folder/...`
/// (`theme` empty: the old place at the top of `src`).
fn overrides(
    src: &Path,
    theme: &str,
    folder: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), ThemeError> {
    let old_place = theme.is_empty();
    let theme_root = if old_place {
        src.to_path_buf()
    } else {
        src.join(theme)
    };
    let base = theme_root.join(folder);
    if !base.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError::Io {
            path: base.display().to_string(),
            source: e.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || crate::source::walk::is_editor_temp(&name) {
            continue;
        }
        // Markdown in the old places is content, not theme.
        if old_place && crate::source::walk::is_markdown(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&theme_root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let shown = entry
            .path()
            .strip_prefix(src)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let bytes = std::fs::read(entry.path()).map_err(|source| ThemeError::Io {
            path: shown,
            source,
        })?;
        out.insert(rel, bytes);
    }
    Ok(())
}

impl Theme {
    /// The default theme with the overrides found in `src`: the old places
    /// `templates/` and `static/`, then the theme folder (`theme/`).
    pub fn load(src: &Path) -> Result<Theme, ThemeError> {
        let mut files = BTreeMap::new();
        collect(&DEFAULT_THEME, &mut files);
        // The old places first, so the theme folder wins.
        let theme = crate::source::Layout::of(src).theme;
        for folder in ["templates", "static"] {
            overrides(src, "", folder, &mut files)?;
        }
        for folder in ["templates", "static"] {
            overrides(src, &theme, folder, &mut files)?;
        }
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        for (path, bytes) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                // Other tools keep their own templates there (comply: .ace,
                // .latex); only HTML files are Tera templates.
                if !name.ends_with(".html") {
                    continue;
                }
                let text = String::from_utf8(bytes)
                    .map_err(|_| ThemeError::Template(format!("{path} is not UTF-8 text")))?;
                templates.push((name.to_string(), text));
            } else if path.starts_with("static/") {
                statics.insert(path, bytes);
            }
        }
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(templates)
            .map_err(|e| ThemeError::Template(error_chain(&e)))?;
        Ok(Theme { tera, statics })
    }
}

/// A Tera error with its causes, on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

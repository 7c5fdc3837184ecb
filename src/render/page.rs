//! One page's values before layout ([`PageOut`]), and what can go wrong
//! laying it out or writing it ([`RenderError`]).

use serde::Serialize;

/// A rendering failure (a template error or a write error).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed on a page.
    #[error("template `{template}` failed on {page}: {message}")]
    Template {
        /// Template name.
        template: String,
        /// Output path.
        page: String,
        /// Tera's message.
        message: String,
    },
    /// The sink failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Output path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// One page to render: template, output path and context.
pub struct PageOut {
    /// Template name.
    pub template: &'static str,
    /// Output path, relative to the site root.
    pub path: String,
    /// Page title.
    pub title: String,
    /// Navigation section it belongs to.
    pub section: &'static str,
    /// Relative path from the page to the site root.
    pub root: &'static str,
    /// The page's own values, converted once into Tera's values.
    pub data: tera::Value,
    /// Bytes of HTML expected at least, to size the output buffer once.
    pub size_hint: usize,
    /// What the printed page's running footer names it by (a document's id
    /// and version); `None`: its title.
    pub print_ref: Option<String>,
}

impl PageOut {
    pub fn new(
        template: &'static str,
        path: String,
        title: String,
        section: &'static str,
        data: impl Serialize,
    ) -> PageOut {
        PageOut {
            template,
            path,
            title,
            section,
            root: "../",
            data: tera::Value::from_serializable(&data),
            size_hint: 0,
            print_ref: None,
        }
    }

    /// Name the page by `print_ref` in its printed running footer.
    pub fn with_print_ref(mut self, print_ref: String) -> PageOut {
        self.print_ref = Some(print_ref);
        self
    }

    pub fn at_root(mut self) -> PageOut {
        self.root = "";
        self
    }

    pub fn with_size_hint(mut self, bytes: usize) -> PageOut {
        self.size_hint = bytes;
        self
    }
}

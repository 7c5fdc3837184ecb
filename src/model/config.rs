//! Site configuration (`isms.yaml`).

/// Settings from `isms.yaml`, with defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Organisation name.
    pub organization: Option<String>,
    /// One-sentence description.
    pub description: Option<String>,
    /// Absolute base URL, if published at a fixed address (links stay relative).
    pub base_url: Option<String>,
    /// Framework ids in use.
    pub frameworks: Vec<String>,
    /// Known owner roles (empty: any owner accepted).
    pub owners: Vec<String>,
    /// Days ahead that count as "due soon".
    pub due_soon_days: i64,
    /// Days ahead of a review date that count as "review due soon".
    pub review_warning_days: i64,
    /// Output folder, relative to SRC.
    pub output: Option<String>,
    /// Allow raw HTML in Markdown.
    pub raw_html: bool,
    /// Show each document's git history when SRC is in a git work tree.
    pub git_history: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "ISMS".to_string(),
            organization: None,
            description: None,
            base_url: None,
            frameworks: vec!["iso27001-2022".to_string()],
            owners: Vec::new(),
            due_soon_days: 30,
            review_warning_days: 30,
            output: None,
            raw_html: false,
            git_history: true,
        }
    }
}

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
    /// Largest text file (Markdown, YAML) read, in bytes.
    pub max_file_size: u64,
    /// Planned interval between internal audits (9.2.1): `audit_interval`.
    pub audit_interval: super::Interval,
    /// Planned interval between management reviews (9.3.1):
    /// `management_review_interval`.
    pub management_review_interval: super::Interval,
    /// Days an action may stay implemented, verified or closed before its
    /// effectiveness review is overdue (10.2 f): `effectiveness_review_days`.
    pub effectiveness_review_days: i64,
    /// Scales and appetite for rating risks (`risk_criteria`); `None` when
    /// not given (risks are then rated on the default five levels).
    pub risk_criteria: Option<super::RiskCriteria>,
    /// Files left out of the source (`exclude`), matched against paths
    /// relative to SRC.
    pub exclude: Exclude,
    /// The folder of theme overrides, relative to SRC (`theme`, default
    /// `theme`): `templates/` and `static/` inside it.
    pub theme: String,
    /// The organisation's published website (`site_url`): links to its pages
    /// that are not in SRC are written against it.
    pub site_url: Option<String>,
    /// Clause and control numbers in document prose become links
    /// (`mentions`, default true).
    pub mentions: bool,
    /// Where a page's source file is edited (`edit_url`): an absolute
    /// `http(s)` URL holding [`EDIT_URL_PATH`], replaced by the file's path
    /// relative to SRC; record pages then link "Edit this page".
    pub edit_url: Option<String>,
}

/// The placeholder of `edit_url` replaced by a source file's path relative
/// to SRC (`policies/access-control.md`), each segment percent-encoded.
pub const EDIT_URL_PATH: &str = "{path}";

/// Check an `edit_url`: an absolute `http(s)` URL, as [`parse_base_url`]
/// but query and fragment allowed, holding [`EDIT_URL_PATH`] exactly once
/// and no other `{...}`.
pub fn parse_edit_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| format!("`{text}` is not an absolute http:// or https:// URL"))?;
    if rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .is_empty()
    {
        return Err(format!("`{text}` names no host"));
    }
    if let Some(bad) = rest
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>'))
    {
        return Err(format!("`{text}` contains `{bad}`"));
    }
    match text.matches(EDIT_URL_PATH).count() {
        0 => return Err(format!("`{text}` has no `{EDIT_URL_PATH}` placeholder")),
        1 => {}
        _ => return Err(format!("`{text}` has `{EDIT_URL_PATH}` more than once")),
    }
    if text.replace(EDIT_URL_PATH, "").contains(['{', '}']) {
        return Err(format!(
            "`{text}` has a placeholder other than `{EDIT_URL_PATH}`"
        ));
    }
    Ok(text.to_string())
}

impl Config {
    /// The address editing the source file `path` (relative to SRC), when
    /// `edit_url` is set.
    pub fn edit_link(&self, path: &str) -> Option<String> {
        const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let url = self.edit_url.as_ref()?;
        let encoded: Vec<String> = path
            .split('/')
            .map(|seg| percent_encoding::utf8_percent_encode(seg, SEGMENT).to_string())
            .collect();
        Some(url.replacen(EDIT_URL_PATH, &encoded.join("/"), 1))
    }
}

/// The default folder of theme overrides.
pub const DEFAULT_THEME_DIR: &str = "theme";

/// The `exclude:` globs of `isms.yaml`: `*` and `?` stay inside one path
/// segment, `**` crosses folders, `{a,b}` and `[ab]` as in a shell.
#[derive(Debug, Clone)]
pub struct Exclude {
    patterns: Vec<String>,
    set: globset::GlobSet,
}

impl Exclude {
    /// Compile `patterns`; the error names the first bad one (its index and
    /// why).
    pub fn new(patterns: Vec<String>) -> Result<Exclude, (usize, String)> {
        let mut builder = globset::GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let glob = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| (i, e.kind().to_string()))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| (0, e.to_string()))?;
        Ok(Exclude { patterns, set })
    }

    /// Is `rel` (relative to SRC, `/`-separated) excluded? A pattern that
    /// matches a folder excludes everything inside it.
    pub fn is_match(&self, rel: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        if self.set.is_match(rel) {
            return true;
        }
        rel.match_indices('/')
            .any(|(i, _)| self.set.is_match(&rel[..i]))
    }
}

impl Default for Exclude {
    fn default() -> Self {
        Exclude {
            patterns: Vec::new(),
            set: globset::GlobSet::empty(),
        }
    }
}

impl PartialEq for Exclude {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

/// Check a theme folder: relative to SRC, inside it, not `evidence/`.
/// Returned without `./` and trailing `/`.
pub fn parse_theme_dir(text: &str) -> Result<String, String> {
    let trimmed = text.trim().trim_start_matches("./").trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("the theme folder is empty".to_string());
    }
    if trimmed.starts_with('/') || trimmed.contains('\\') || trimmed.contains(':') {
        return Err(format!(
            "`{text}` is not a path relative to the source folder"
        ));
    }
    if trimmed
        .split('/')
        .any(|s| s == ".." || s == "." || s.is_empty())
    {
        return Err(format!("`{text}` leaves or repeats a folder"));
    }
    if trimmed == "evidence" || trimmed.starts_with("evidence/") {
        return Err("the theme folder cannot be inside evidence/".to_string());
    }
    Ok(trimmed.to_string())
}

/// The default per-file size limit: 10 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Check a base URL: absolute `http(s)://host/...`, no query, fragment,
/// spaces or quotes; returned with a trailing `/` so page paths append.
pub fn parse_base_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| format!("`{text}` is not an absolute http:// or https:// URL"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("`{text}` names no host"));
    }
    if let Some(bad) = rest.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '?' | '#')
    }) {
        return Err(format!("`{text}` contains `{bad}`"));
    }
    let mut url = text.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// Parse a size: a whole number of bytes, or a number with a unit
/// (`KB`, `MB`, `GB`, powers of 1024): `10 MB`, `512KB`, `2000000`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size"))?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1024,
        "M" | "MB" | "MIB" => 1024 * 1024,
        "G" | "GB" | "GIB" => 1024 * 1024 * 1024,
        other => return Err(format!("unknown unit `{other}`")),
    };
    match number.checked_mul(factor) {
        Some(0) | None => Err(format!("`{text}` is not a usable size")),
        Some(bytes) => Ok(bytes),
    }
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
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            audit_interval: super::Interval::Months(12),
            management_review_interval: super::Interval::Months(12),
            effectiveness_review_days: 90,
            risk_criteria: None,
            exclude: Exclude::default(),
            theme: DEFAULT_THEME_DIR.to_string(),
            site_url: None,
            mentions: true,
            edit_url: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_urls_hold_one_path_placeholder_and_encode_the_path() {
        let url = "https://git.example/isms/-/edit/main/{path}?ref=site#top";
        assert_eq!(parse_edit_url(url).as_deref(), Ok(url));
        for bad in [
            "https://git.example/edit/",
            "/edit/{path}",
            "https:///{path}",
            "https://git.example/{path}/{path}",
            "https://git.example/{ref}/{path}",
            "https://git.example/a b/{path}",
            "javascript:alert(1)//{path}",
        ] {
            assert!(parse_edit_url(bad).is_err(), "{bad}");
        }
        let config = Config {
            edit_url: Some("https://git.example/edit/{path}".into()),
            ..Config::default()
        };
        assert_eq!(
            config.edit_link("policies/Zugang & Konto.md").as_deref(),
            Some("https://git.example/edit/policies/Zugang%20%26%20Konto.md")
        );
        assert_eq!(Config::default().edit_link("a.md"), None);
    }

    #[test]
    fn checks_base_urls() {
        assert_eq!(
            parse_base_url("https://isms.example.com/portal"),
            Ok("https://isms.example.com/portal/".to_string())
        );
        assert_eq!(
            parse_base_url("http://intranet/"),
            Ok("http://intranet/".to_string())
        );
        for bad in [
            "/portal",
            "https://",
            "ftp://x/",
            "https://x/a b",
            "https://x/?q",
            "https://x/\"a",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn excludes_by_glob() {
        let ex = Exclude::new(vec![
            "README.md".into(),
            "drafts".into(),
            "**/*.draft.md".into(),
        ])
        .unwrap();
        assert!(ex.is_match("README.md"));
        assert!(!ex.is_match("policies/README.md"));
        assert!(ex.is_match("drafts/a/b.md"));
        assert!(ex.is_match("policies/x.draft.md"));
        assert!(ex.is_match("x.draft.md"));
        assert!(!ex.is_match("policies/x.md"));
        assert_eq!(
            Exclude::new(vec!["a".into(), "[z".into()]).unwrap_err().0,
            1
        );
        assert!(!Exclude::default().is_match("x.md"));
    }

    #[test]
    fn checks_theme_dirs() {
        assert_eq!(parse_theme_dir("./site/theme/"), Ok("site/theme".into()));
        for bad in ["", "/abs", "../up", "a/../b", "evidence/t", "c:\\x"] {
            assert!(parse_theme_dir(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("10 MB"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_size("512KB"), Ok(512 * 1024));
        assert_eq!(parse_size("2000"), Ok(2000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 TB").is_err());
        assert!(parse_size("99999999999999 GB").is_err());
    }
}

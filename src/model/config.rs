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
    /// The organisation's published website (`site_url`): links to its pages
    /// that are not in SRC are written against it.
    pub site_url: Option<String>,
    /// Clause and control numbers in document prose become links
    /// (`mentions`, default true).
    pub mentions: bool,
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
            site_url: None,
            mentions: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

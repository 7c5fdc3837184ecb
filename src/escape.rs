//! Escaping text for HTML and XML: the one helper every hand-written piece
//! of markup uses (chart SVG, the sitemap, serve's error pages). Templates
//! escape through Tera, Markdown through pulldown-cmark.

/// `text` with `&`, `<`, `>` and `"` replaced by entities: safe in element
/// content and in double-quoted attribute values (the only kind this crate
/// writes), in HTML and in XML. An apostrophe needs no escape there and is
/// kept as written.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::html(r#"<a href="x">Tom's & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom's &amp; Jerry's&lt;/a&gt;"
        );
        assert_eq!(super::html("plain"), "plain");
    }
}

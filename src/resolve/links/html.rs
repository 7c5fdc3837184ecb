//! URL-bearing attributes (`href`, `src`, `srcset`) of raw HTML in
//! Markdown, found so they are checked and rewritten like Markdown links.

/// A URL-bearing attribute (`href`, `src`, `srcset`) of a raw HTML tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlAttr {
    /// The whole attribute with the space before it (to remove it).
    pub span: std::ops::Range<usize>,
    /// Each URL in its value (one; several for `srcset`), as byte ranges.
    pub urls: Vec<std::ops::Range<usize>>,
}

/// The attributes that hold a URL checked and rewritten like a Markdown link.
pub(super) const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset"];

/// The `href`, `src` and `srcset` attributes of the start tags in a piece of
/// raw HTML. `in_comment` carries an open `<!--` from one piece to the next.
/// A tag cut off at the end of the piece is not read.
pub fn html_url_attrs(html: &str, in_comment: &mut bool) -> Vec<HtmlAttr> {
    let b = html.as_bytes();
    let len = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        if *in_comment {
            match html[i..].find("-->") {
                Some(e) => {
                    i += e + 3;
                    *in_comment = false;
                }
                None => return out,
            }
        }
        let Some(lt) = html[i..].find('<') else {
            return out;
        };
        i += lt;
        if html[i..].starts_with("<!--") {
            *in_comment = true;
            i += 4;
            continue;
        }
        let mut j = i + 1;
        while j < len && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == i + 1 || !b[i + 1].is_ascii_alphabetic() {
            // `</x>`, `<!doctype>`, or a `<` in text.
            i += 1;
            continue;
        }
        // Attributes up to `>`.
        loop {
            let space = j;
            while j < len && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= len {
                return out;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            if b[j] == b'/' || b[j] == b'=' || b[j] == b'"' || b[j] == b'\'' {
                j += 1;
                continue;
            }
            let name_start = j;
            while j < len && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            let mut k = j;
            while k < len && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k >= len || b[k] != b'=' {
                continue;
            }
            k += 1;
            while k < len && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let (value, end) = match b.get(k) {
                Some(&q) if q == b'"' || q == b'\'' => match html[k + 1..].find(q as char) {
                    Some(e) => (k + 1..k + 1 + e, k + 2 + e),
                    None => return out,
                },
                Some(_) => {
                    let mut e = k;
                    while e < len && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                        e += 1;
                    }
                    (k..e, e)
                }
                None => return out,
            };
            j = end;
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            let urls = if name == "srcset" {
                srcset_urls(html, value)
            } else {
                let v = &html[value.clone()];
                let start = value.start + (v.len() - v.trim_start().len());
                let end = value.start + v.trim_end().len();
                (start < end).then_some(start..end).into_iter().collect()
            };
            out.push(HtmlAttr {
                span: space..end,
                urls,
            });
        }
        i = j;
    }
}

/// The URLs of a `srcset` value: `url [descriptor], url [descriptor]...`.
pub(super) fn srcset_urls(
    html: &str,
    value: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    let mut urls = Vec::new();
    let mut at = value.start;
    for candidate in html[value.clone()].split(',') {
        let trimmed = candidate.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let lead = candidate.len() - trimmed.len();
        let url_len = trimmed
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(trimmed.len());
        if url_len > 0 {
            urls.push(at + lead..at + lead + url_len);
        }
        at += candidate.len() + 1;
    }
    urls
}

/// A raw HTML attribute value as text: `&amp;`, `&quot;`, `&#39;`, `&lt;`
/// and `&gt;` decoded.
pub fn html_unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

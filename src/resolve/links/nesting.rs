//! How deep Markdown and raw HTML nest: followed tag by tag so hostile
//! input ends in `too-deep` before a parser or sanitizer slows down on it.

use super::*;

/// Deepest nesting of Markdown blocks and inline elements (quotes, lists,
/// emphasis, links) plus raw HTML elements accepted in one text. Deeper
/// input is refused: HTML sanitizing and browsers slow down badly on it, and
/// no real policy needs it.
pub const MAX_NESTING: usize = 128;

/// Elements whose end tag may be left out, or that have none: not counted
/// as nesting in raw HTML (a parser closes them itself).
pub(super) const UNNESTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype", "param", "keygen",
];

/// Elements in whose subtree `<x/>` really is empty (SVG and MathML); in
/// HTML an HTML parser ignores the slash and opens the element.
pub(super) const FOREIGN: &[&str] = &["svg", "math"];

/// Most attributes accepted on one raw HTML tag: HTML parsers look for a
/// duplicate among the earlier ones for each, so a tag with hundreds of
/// thousands of them takes minutes (`too-deep` too).
pub const MAX_ATTRIBUTES: usize = 256;

/// Where the raw HTML tokenizer of [`Nesting`] is, kept from one piece of
/// raw HTML to the next (a tag or a comment may span lines).
#[derive(Debug, Default, Clone)]
pub(super) enum Tok {
    #[default]
    Text,
    Comment,
    /// `<!doctype`, `<?..`, `<!x`: up to the next `>`.
    Bogus,
    /// Reading a tag's name.
    Name(RawTag),
    /// Between a tag's attributes (after a name, an attribute or a value).
    BeforeAttr(RawTag),
    AttrName(RawTag),
    AfterAttrName(RawTag),
    BeforeValue(RawTag),
    Quoted(RawTag, u8),
    Unquoted(RawTag),
}

/// The tag being read.
#[derive(Debug, Default, Clone)]
pub(super) struct RawTag {
    closing: bool,
    name: Vec<u8>,
    attributes: usize,
    /// The last character was `/` (a self-closing tag if `>` follows).
    slash: bool,
}

/// Tracks nesting depth over a stream of Markdown events, raw HTML included.
///
/// Raw HTML is read tag by tag (as an HTML tokenizer does: quoted values, a
/// tag or comment spanning lines) with a stack of open elements, an upper
/// bound on the depth an HTML parser (the sanitizer's, a browser's) builds
/// from it: every start tag opens an element (also `<div/>`, which HTML
/// parsers treat as `<div>`), and an end tag closes one only when it names
/// the innermost open element. A misnested end tag (`<b><div></b>`) closes
/// nothing here, so no arrangement of tags can build depth that is not
/// counted. The depth is checked after every tag, so opening and closing in
/// one line of HTML (`<div><div>...</div></div>`) is counted too. A tag with
/// more than [`MAX_ATTRIBUTES`] attributes is refused as well.
#[derive(Debug, Default, Clone)]
pub struct Nesting {
    depth: isize,
    /// Open raw HTML elements, innermost last (at most [`MAX_NESTING`] + 1:
    /// the caller stops at the first `true`).
    html: Vec<Vec<u8>>,
    /// Open SVG or MathML elements in `html`.
    foreign: usize,
    tok: Tok,
    /// The deepest nesting seen.
    pub max: usize,
    /// A raw HTML tag had more than [`MAX_ATTRIBUTES`] attributes.
    pub too_many_attributes: bool,
}

impl Nesting {
    /// Account for one event; true once the depth is beyond [`MAX_NESTING`]
    /// (or a tag has more than [`MAX_ATTRIBUTES`] attributes).
    pub fn step(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth -= 1,
            Event::Html(h) | Event::InlineHtml(h) => return self.html(h.as_bytes()),
            _ => {}
        }
        self.note()
    }

    /// Record the depth now; true once it is beyond [`MAX_NESTING`].
    fn note(&mut self) -> bool {
        let now = usize::try_from(self.depth.max(0))
            .unwrap_or(0)
            .saturating_add(self.html.len());
        self.max = self.max.max(now);
        self.max > MAX_NESTING || self.too_many_attributes
    }

    /// Follow the tags of one piece of raw HTML.
    fn html(&mut self, html: &[u8]) -> bool {
        let mut i = 0;
        while i < html.len() {
            let b = html[i];
            let ws = b.is_ascii_whitespace();
            let tok = std::mem::take(&mut self.tok);
            self.tok = match tok {
                Tok::Text => match b {
                    b'<' => {
                        let rest = &html[i + 1..];
                        if rest.starts_with(b"!--") {
                            i += 3;
                            Tok::Comment
                        } else if rest.first() == Some(&b'/') {
                            i += 1;
                            Tok::Name(RawTag {
                                closing: true,
                                ..RawTag::default()
                            })
                        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
                            Tok::Name(RawTag::default())
                        } else if matches!(rest.first(), Some(b'!' | b'?')) {
                            Tok::Bogus
                        } else {
                            Tok::Text
                        }
                    }
                    _ => Tok::Text,
                },
                Tok::Comment => {
                    if html[i..].starts_with(b"-->") {
                        i += 2;
                        Tok::Text
                    } else {
                        Tok::Comment
                    }
                }
                Tok::Bogus => {
                    if b == b'>' {
                        Tok::Text
                    } else {
                        Tok::Bogus
                    }
                }
                Tok::Name(mut t) => match b {
                    b'>' => {
                        if self.tag(t) {
                            return true;
                        }
                        Tok::Text
                    }
                    b'/' => {
                        t.slash = true;
                        Tok::BeforeAttr(t)
                    }
                    _ if ws => Tok::BeforeAttr(t),
                    _ => {
                        t.name.push(b.to_ascii_lowercase());
                        Tok::Name(t)
                    }
                },
                Tok::BeforeAttr(mut t) | Tok::AfterAttrName(mut t) if b == b'/' => {
                    t.slash = true;
                    Tok::BeforeAttr(t)
                }
                Tok::BeforeAttr(t) | Tok::AfterAttrName(t) | Tok::AttrName(t) if b == b'>' => {
                    if self.tag(t) {
                        return true;
                    }
                    Tok::Text
                }
                Tok::BeforeAttr(t) if ws => Tok::BeforeAttr(t),
                Tok::AfterAttrName(t) if ws => Tok::AfterAttrName(t),
                Tok::AfterAttrName(t) if b == b'=' => Tok::BeforeValue(t),
                Tok::BeforeAttr(mut t) | Tok::AfterAttrName(mut t) => {
                    t.slash = false;
                    t.attributes += 1;
                    if t.attributes > MAX_ATTRIBUTES {
                        self.too_many_attributes = true;
                        return true;
                    }
                    Tok::AttrName(t)
                }
                Tok::AttrName(mut t) => match b {
                    b'/' => {
                        t.slash = true;
                        Tok::BeforeAttr(t)
                    }
                    b'=' => Tok::BeforeValue(t),
                    _ if ws => Tok::AfterAttrName(t),
                    _ => Tok::AttrName(t),
                },
                Tok::BeforeValue(t) => match b {
                    b'"' | b'\'' => Tok::Quoted(t, b),
                    b'>' => {
                        if self.tag(t) {
                            return true;
                        }
                        Tok::Text
                    }
                    _ if ws => Tok::BeforeValue(t),
                    _ => Tok::Unquoted(t),
                },
                Tok::Quoted(t, q) => {
                    if b == q {
                        Tok::BeforeAttr(t)
                    } else {
                        Tok::Quoted(t, q)
                    }
                }
                Tok::Unquoted(t) => match b {
                    b'>' => {
                        if self.tag(t) {
                            return true;
                        }
                        Tok::Text
                    }
                    _ if ws => Tok::BeforeAttr(t),
                    _ => Tok::Unquoted(t),
                },
            };
            i += 1;
        }
        self.note()
    }

    /// A whole tag was read: open or close an element; true once too deep.
    fn tag(&mut self, t: RawTag) -> bool {
        let name = t.name.as_slice();
        let foreign = FOREIGN.iter().any(|f| f.as_bytes() == name);
        if name.is_empty() || UNNESTED.iter().any(|u| u.as_bytes() == name) {
            return false;
        }
        if t.closing {
            if self.html.last().map(Vec::as_slice) == Some(name) {
                self.html.pop();
                if foreign {
                    self.foreign = self.foreign.saturating_sub(1);
                }
            }
            return false;
        }
        // `<x/>` is empty only in SVG and MathML (and for `<svg/>` itself).
        if t.slash && (self.foreign > 0 || foreign) {
            return false;
        }
        if foreign {
            self.foreign += 1;
        }
        self.html.push(t.name);
        self.note()
    }
}

//! Escaping of text placed in HTML or SVG markup.
//!
//! Every value that comes from the data (customer names, segment labels a user
//! renamed, channel names) reaches the report and the charts through
//! [`escape`], so a customer called `<script>` stays text.

use std::borrow::Cow;

/// Escapes `text` for use in HTML/XML text and in double- or single-quoted
/// attribute values.
///
/// `&`, `<`, `>`, `"`, `'` and CR become character references. Control characters
/// that XML 1.0 forbids (everything below U+0020 except tab, line feed and
/// carriage return) become U+FFFD, so an SVG stays well-formed whatever the
/// file contained.
///
/// ```
/// use segmento::markup::escape;
/// assert_eq!(escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
/// assert_eq!(escape("Dupont & fils"), "Dupont &amp; fils");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    Cow::Owned(out)
}

/// Appends `text` to `out`, escaped as by [`escape`].
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A raw CR would be turned into LF by XML parsers; a reference keeps it.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'')
        || ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Champions 1 234,56 €"), Cow::Borrowed(_)));
    }

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(escape(r#"a"b'c<d>e&f"#), "a&quot;b&#39;c&lt;d&gt;e&amp;f");
    }

    #[test]
    fn forbidden_control_characters_are_replaced() {
        assert_eq!(
            escape("a\u{0}b\u{1b}c\td\ne\rf"),
            "a\u{FFFD}b\u{FFFD}c\td\ne&#13;f"
        );
    }
}

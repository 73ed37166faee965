//! Escaping text for XML and HTML output (TMX, XLIFF, JUnit, HTML pages):
//! one implementation, so every writer handles markup characters, line
//! breaks in attributes and characters XML 1.0 cannot carry the same way.

/// Appends `text` to `buf` escaped for element content, or for a
/// double-quoted attribute value when `in_attr`. Characters XML 1.0 cannot
/// carry (most C0 controls, lone surrogates' replacements aside) are dropped.
pub fn escape_into(buf: &mut String, text: &str, in_attr: bool) {
    for c in text.chars() {
        match c {
            '&' => buf.push_str("&amp;"),
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '"' if in_attr => buf.push_str("&quot;"),
            // Attribute values would have these normalised to spaces.
            '\t' if in_attr => buf.push_str("&#9;"),
            '\n' if in_attr => buf.push_str("&#10;"),
            '\r' => buf.push_str("&#13;"),
            '\t' | '\n' => buf.push(c),
            c if is_xml_char(c) => buf.push(c),
            _ => {}
        }
    }
}

/// `text` escaped so that it is safe both as element content and inside a
/// double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, true);
    out
}

/// Whether `c` is a control character XML 1.0 cannot carry at all, not
/// even as a character reference: readers refuse these, so that nothing
/// stored is lost on export.
pub fn is_unwritable_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// XML 1.0 `Char`, less the controls handled above.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a <b> & \"c\"\u{1}"),
            "a &lt;b&gt; &amp; &quot;c&quot;"
        );
        assert_eq!(escape("line\nbreak"), "line&#10;break");
        let mut buf = String::new();
        escape_into(&mut buf, "line\nbreak \"q\"", false);
        assert_eq!(buf, "line\nbreak \"q\"");
    }
}

//! XML written by hand (the feeds, an EPUB's package and pages): a few
//! elements, their text and attributes escaped.

/// XML being written.
pub(crate) struct Xml(pub String);

impl Xml {
    pub fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// `s` as text or in an attribute's quotes. A character XML 1.0 does
    /// not allow (a control character other than a tab or a line break,
    /// which a browser ignores but would make the whole feed unreadable)
    /// is written as a space. Bytes are looked at one by one against a
    /// table: a feed is megabytes of text, almost all of it plain.
    pub fn text(&mut self, s: &str) {
        /// Whether a byte may need escaping: `&<>"`, a control character,
        /// or the first byte of U+FFFE and U+FFFF.
        const SPECIAL: [bool; 256] = {
            let mut t = [false; 256];
            let mut b = 0;
            while b < 0x20 {
                t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
                b += 1;
            }
            t[b'&' as usize] = true;
            t[b'<' as usize] = true;
            t[b'>' as usize] = true;
            t[b'"' as usize] = true;
            t[0xef] = true;
            t
        };
        let (out, bytes) = (&mut self.0, s.as_bytes());
        let mut from = 0;
        for (at, &b) in bytes.iter().enumerate() {
            if !SPECIAL[b as usize] {
                continue;
            }
            let (with, len) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                0xef if matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])) => (" ", 3),
                0xef => continue,
                _ => (" ", 1),
            };
            out.push_str(&s[from..at]);
            out.push_str(with);
            from = at + len;
        }
        out.push_str(&s[from..]);
    }

    pub fn attr(&mut self, name: &str, value: &str) {
        self.raw(" ");
        self.raw(name);
        self.raw("=\"");
        self.text(value);
        self.raw("\"");
    }

    /// `lang` and `xml:lang` (as XHTML has both), if `lang` is not the
    /// language of what holds the element, `around`.
    pub fn lang(&mut self, lang: &str, around: &str) {
        if lang != around {
            self.attr("lang", lang);
            self.attr("xml:lang", lang);
        }
    }

    pub fn element(&mut self, name: &str, text: &str) {
        self.raw("<");
        self.raw(name);
        self.raw(">");
        self.text(text);
        self.raw("</");
        self.raw(name);
        self.raw(">\n");
    }

    pub fn person(&mut self, role: &str, name: &str) {
        self.raw("<");
        self.raw(role);
        self.raw("><name>");
        self.text(name);
        self.raw("</name></");
        self.raw(role);
        self.raw(">\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_characters_xml_forbids_are_spaces() {
        let mut x = Xml(String::new());
        x.text("A & B <i>\"q\"</i>\u{c}tab\there\u{1}é\u{fffe}\u{ffff}\u{fffd}\u{f000}.");
        assert_eq!(
            x.0,
            "A &amp; B &lt;i&gt;&quot;q&quot;&lt;/i&gt; tab\there é  \u{fffd}\u{f000}."
        );
    }
}

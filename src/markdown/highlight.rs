//! Code blocks highlighted by syntect into CSS classes (no inline styles),
//! so themes and print stylesheets own the colours.
//!
//! syntect's syntax set is loaded from its precompiled dump the first time
//! a page has a fenced block with a language, never at start-up.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::html::escape_into;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Whether the syntax set is loaded yet (it loads with the first fenced
/// block that names a language); for the test that keeps it so.
#[doc(hidden)]
pub fn syntaxes_loaded() -> bool {
    SYNTAXES.get().is_some()
}

/// Writes `<pre class="code" data-lang="…"><code>…</code></pre>` for a code
/// block; unknown languages are written escaped without highlighting.
pub fn highlight_block(lang: &str, code: &str, out: &mut String) {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    out.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        escape_into(lang, out);
        out.push('"');
    }
    out.push_str("><code>");
    let highlighted = (!lang.is_empty())
        .then(syntaxes)
        .and_then(|set| set.find_syntax_by_token(lang).map(|syn| (set, syn)))
        .and_then(|(set, syn)| {
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syn, set, ClassStyle::Spaced);
            for line in LinesWithEndings::from(code) {
                gen.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(gen.finalize())
        });
    match highlighted {
        Some(html) => out.push_str(&html),
        None => escape_into(code, out),
    }
    out.push_str("</code></pre>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_and_no_inline_style() {
        let mut out = String::new();
        highlight_block("rust", "fn main() { let x = \"<b>\"; }\n", &mut out);
        assert!(out.contains("class=\""), "{out}");
        assert!(!out.contains("style="), "{out}");
        assert!(out.contains("&lt;b&gt;"), "{out}");
    }

    #[test]
    fn unknown_language_is_escaped_verbatim() {
        let mut out = String::new();
        highlight_block("nosuchlang", "a < b\n", &mut out);
        assert!(out.contains("<code>a &lt; b\n</code>"), "{out}");
    }
}

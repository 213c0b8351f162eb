//! Code blocks highlighted by syntect into CSS classes (no inline styles),
//! so themes and print stylesheets own the colours.
//!
//! syntect's syntax set is loaded from its precompiled dump the first time
//! a page has a fenced block with a language, never at start-up.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
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
    let syntax = (!lang.is_empty())
        .then(syntaxes)
        .and_then(|set| set.find_syntax_by_token(lang).map(|syn| (set, syn)));
    let mark = out.len();
    let highlighted = syntax.is_some_and(|(set, syn)| classed(set, syn, code, out).is_some());
    if !highlighted {
        // (A line syntect cannot parse: the block as it is, escaped.)
        out.truncate(mark);
        escape_into(code, out);
    }
    out.push_str("</code></pre>\n");
}

/// `code` as syntect's `ClassedHTMLGenerator` writes it (spans with
/// classes, each line parsed from the state the one before left), onto
/// `out`; none if a line does not parse. Lines are parsed through
/// [`LINES`].
fn classed(set: &'static SyntaxSet, syntax: &'static SyntaxReference, code: &str, out: &mut String) -> Option<()> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut open_spans = 0;
    LINES.with_borrow_mut(|lines| -> Option<()> {
        for line in LinesWithEndings::from(code) {
            let ops = lines.parse(set, syntax, &mut state, line)?;
            let (html, delta) = line_tokens_to_classed_spans(line, ops, ClassStyle::Spaced, &mut scopes).ok()?;
            open_spans += delta;
            out.push_str(&html);
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        out.push_str("</span>");
    }
    Some(())
}

/// Lines longer than this are parsed each time (seldom the same twice).
const CACHED_LINE: usize = 160;
/// Lines cached on a thread before its cache starts again from empty
/// (~1 KB each: a few MB a thread at most; syntect's parse states hold
/// Oniguruma regions, which cannot be shared between threads).
const CACHED_LINES: usize = 4_096;

thread_local! {
    /// Each rendering thread's lines parsed (syntect's parse is most of a
    /// code block's cost, ~100 regular-expression searches a line).
    static LINES: RefCell<LineCache> = RefCell::new(LineCache::default());
}

/// Lines parsed, by syntax and text: what a line parses to depends on
/// nothing but its syntax, its text and the parse state it starts in,
/// so a line seen before in that state (a closing brace, a blank line,
/// a common import) takes the operations and the state after it from
/// the last time. A line in a state not seen with it is parsed.
#[derive(Default)]
struct LineCache {
    /// By the syntax's address in the one syntax set (a `'static`).
    by_syntax: HashMap<usize, HashMap<Box<str>, Vec<Parsed>>>,
    len: usize,
    /// A line's operations when it is not cached.
    scratch: Vec<(usize, ScopeStackOp)>,
}

struct Parsed {
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

impl LineCache {
    /// `line` parsed from `state` (moved on past it): its operations.
    fn parse(
        &mut self,
        set: &SyntaxSet,
        syntax: &'static SyntaxReference,
        state: &mut ParseState,
        line: &str,
    ) -> Option<&[(usize, ScopeStackOp)]> {
        if line.len() > CACHED_LINE {
            self.scratch = state.parse_line(line, set).ok()?;
            return Some(&self.scratch);
        }
        let key = std::ptr::from_ref(syntax) as usize;
        let seen = self.by_syntax.get(&key).and_then(|lines| lines.get(line));
        if let Some(i) = seen.and_then(|parsed| parsed.iter().position(|p| p.before == *state)) {
            let parsed = &self.by_syntax[&key][line][i];
            state.clone_from(&parsed.after);
            return Some(&parsed.ops);
        }
        if self.len >= CACHED_LINES {
            self.by_syntax.clear();
            self.len = 0;
        }
        let before = state.clone();
        let ops = state.parse_line(line, set).ok()?;
        let parsed = self.by_syntax.entry(key).or_default().entry(line.into()).or_default();
        parsed.push(Parsed {
            before,
            ops,
            after: state.clone(),
        });
        self.len += 1;
        parsed.last().map(|p| p.ops.as_slice())
    }
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

    /// What syntect's own generator makes of `code`.
    fn by_syntect(lang: &str, code: &str) -> String {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang).expect("a known language");
        let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::Spaced);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line).expect("parses");
        }
        format!(
            "<pre class=\"code\" data-lang=\"{lang}\"><code>{}</code></pre>\n",
            gen.finalize()
        )
    }

    #[test]
    fn lines_seen_before_are_highlighted_as_in_their_place() {
        // The same line in code, in a block comment and in a string: each
        // as syntect has it there, the first time and from the cache.
        let blocks = [
            ("rust", "let a = 1;\n/* a comment\nlet a = 1;\n}\n*/\nlet a = 1;\n}\n"),
            ("rust", "fn f() {\n    let s = \"\n}\nlet a = 1;\n\";\n}\n"),
            (
                "python",
                "def f():\n    \"\"\"\n    return 1\n    \"\"\"\n    return 1\n",
            ),
            ("rust", "}\n}\nlet a = 1;\n"),
        ];
        for _ in 0..2 {
            for (lang, code) in blocks {
                let mut out = String::new();
                highlight_block(lang, code, &mut out);
                assert_eq!(out, by_syntect(lang, code), "{code}");
            }
        }
    }

    #[test]
    fn unknown_language_is_escaped_verbatim() {
        let mut out = String::new();
        highlight_block("nosuchlang", "a < b\n", &mut out);
        assert!(out.contains("<code>a &lt; b\n</code>"), "{out}");
    }
}

//! The footnote-aware Markdown pipeline.
//!
//! `source -> pulldown-cmark events (with ranges) -> interjection pass ->
//! note pass -> HTML writer`. Each pass works on [`Ev`], pulldown-cmark's
//! events plus samizdat's own annotation events, each with the byte range of
//! the source it came from. The range is the truth about what the author
//! typed: `\[` and `[` both arrive as the text `[`, only the range tells
//! them apart. No pass drops source text: when unsure, text passes through
//! unchanged and a [`Problem`] is reported.

pub mod footnote;
pub mod highlight;
pub mod html;
pub mod interjection;
pub mod marker;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

use crate::config::AnnotationKind;
use crate::diag::Severity;

/// A problem found in a Markdown body, at a byte offset of that body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn warning(offset: usize, message: impl Into<String>) -> Self {
        Problem {
            offset,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// pulldown-cmark's events plus the annotation events our passes add.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev<'a> {
    Md(Event<'a>),
    /// Opens an interjection of kind `kind` (index into the kinds).
    InterjectionStart {
        kind: usize,
        block: bool,
    },
    /// The opening bracket and marker as typed, e.g. `[ed. – `.
    InterjectionOpen(&'a str),
    /// The closing bracket as typed.
    InterjectionClose(&'a str),
    InterjectionEnd {
        block: bool,
    },
    /// A reference mark to note `number`; `first` for its first reference.
    NoteRef {
        number: usize,
        first: bool,
        repeat: usize,
    },
    /// Opens the body of note `number`; `kind` is `None` for the author's.
    NoteStart {
        number: usize,
        kind: Option<usize>,
    },
    NoteEnd,
}

pub type Spanned<'a> = (Ev<'a>, Range<usize>);

/// Whether a text event's `text` is exactly the source at `range`: literal
/// text, not the product of an escape or an entity. pulldown-cmark lends
/// most text straight out of the source, which is then the same bytes
/// without comparing them.
pub(super) fn is_literal(src: &str, range: &Range<usize>, text: &str) -> bool {
    text.len() == range.len()
        && (std::ptr::eq(text.as_ptr(), src.as_ptr().wrapping_add(range.start)) || src.get(range.clone()) == Some(text))
}

/// The parser options samizdat renders with (and the CommonMark test uses).
pub fn parser_options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Plain pulldown-cmark events of `src`, with their ranges.
pub fn parse(src: &str) -> Vec<Spanned<'_>> {
    // About one event per five bytes of prose: sized once, not grown.
    let mut events = Vec::with_capacity(src.len() / 5 + 16);
    events.extend(
        Parser::new_ext(src, parser_options())
            .into_offset_iter()
            .map(|(e, r)| (Ev::Md(e), r)),
    );
    events
}

/// The annotation passes (interjections, then notes) over `src`, without the
/// HTML writer: what the CommonMark conformance test compares with plain
/// pulldown-cmark.
pub fn annotate<'a>(src: &'a str, kinds: &[AnnotationKind], problems: &mut Vec<Problem>) -> Vec<Spanned<'a>> {
    let events = parse(src);
    let events = interjection::mark_interjections(src, events, kinds, problems);
    footnote::number_notes(src, events, kinds, problems)
}

/// What rendering one Markdown body produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub notes: usize,
    pub words: usize,
}

/// Finds the title of the page a relative link leads to.
pub type LinkTitle<'k> = dyn Fn(&str) -> Option<&'k str> + 'k;

/// Settings of one render.
pub struct RenderOptions<'k> {
    pub kinds: &'k [AnnotationKind],
    /// Also write every note again as a numbered list at the end (hidden on
    /// screen, shown in print), for `[print] notes = "end"`.
    pub endnotes: bool,
    /// The title of the article a relative link leads to, if any: it
    /// becomes the link's `title`, which print shows after the link text.
    pub link_title: Option<&'k LinkTitle<'k>>,
}

/// Renders a Markdown body to HTML, with every problem reported.
///
/// ```text
/// Text[^1] and [ed. – a remark].   ->  Text<sup data-note-ref="1">… <span data-interjection="inline" …>
/// ```
pub fn render(src: &str, opts: &RenderOptions, problems: &mut Vec<Problem>) -> Rendered {
    let events = annotate(src, opts.kinds, problems);
    html::write_html(events, opts)
}

#[cfg(test)]
mod spec;
#[cfg(test)]
mod tests;

//! The footnote-aware Markdown pipeline.
//!
//! `source -> pulldown-cmark events (with ranges) -> interjection pass ->
//! note pass -> HTML writer`. Each pass works on [`Ev`], pulldown-cmark's
//! events plus samizdat's own annotation events, each with the byte range of
//! the source it came from. The range is the truth about what the author
//! typed: `\[` and `[` both arrive as the text `[`, only the range tells
//! them apart. No pass drops source text: when unsure, text passes through
//! unchanged and a [`Problem`] is reported.
//!
//! The events are parsed once into [`Events`] and stay there: a pass adds
//! its own events beside them and changes the page's reading order, a list
//! of [`Slot`]s, and the writer takes each event out once, in that order.

pub mod footnote;
pub mod highlight;
pub mod html;
pub mod interjection;
pub mod marker;
pub mod remote;

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

use crate::config::AnnotationKind;
use crate::diag::Severity;
use crate::words::Words;

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

/// One page's events. The parser's stay where it put them; the passes add
/// events beside them and reorder the page by [`Slot`], so no pass copies
/// the page's events (each is ~100 bytes, a page has thousands).
pub struct Events<'a> {
    parsed: Vec<Spanned<'a>>,
    added: Vec<Spanned<'a>>,
    /// The page in reading order.
    order: Vec<Slot>,
    /// Where the last event ends in the source at most (for sizing).
    source_len: usize,
    /// What raw HTML gives the page (see [`remote::RawHtml`]).
    raw: remote::RawHtml,
}

/// Where an event of [`Events`] is kept: its index among the parsed events,
/// or among the added ones with the top bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(usize);

const ADDED: usize = 1 << (usize::BITS - 1);

impl Slot {
    /// The slot of the `i`th parsed event.
    pub fn parsed(i: usize) -> Slot {
        Slot(i)
    }
}

impl<'a> Events<'a> {
    /// Plain pulldown-cmark events of `src`, with their ranges.
    pub fn parse(src: &'a str) -> Self {
        // About one event per five bytes of prose: sized once, not grown.
        let mut parsed = Vec::with_capacity(src.len() / 5 + 16);
        parsed.extend(
            Parser::new_ext(src, parser_options())
                .into_offset_iter()
                .map(|(e, r)| (Ev::Md(e), r)),
        );
        Self::with_source_len(parsed, src.len())
    }

    fn with_source_len(parsed: Vec<Spanned<'a>>, source_len: usize) -> Self {
        Events {
            order: (0..parsed.len()).map(Slot::parsed).collect(),
            parsed,
            added: Vec::new(),
            source_len,
            raw: remote::RawHtml::default(),
        }
    }

    /// How many events the page has in reading order.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The page in reading order.
    pub fn order(&self) -> &[Slot] {
        &self.order
    }

    /// Puts the page in a new reading order (of slots of this page, each
    /// at most once).
    pub fn reorder(&mut self, order: Vec<Slot>) {
        self.order = order;
    }

    /// The parsed events, in the parser's order, when no pass has reordered
    /// them yet.
    pub fn as_parsed(&self) -> Option<&[Spanned<'a>]> {
        let identity = self.added.is_empty() && self.order.len() == self.parsed.len();
        identity.then_some(&self.parsed[..])
    }

    pub fn get(&self, slot: Slot) -> &Spanned<'a> {
        match slot.0 & ADDED {
            0 => &self.parsed[slot.0],
            _ => &self.added[slot.0 & !ADDED],
        }
    }

    pub fn get_mut(&mut self, slot: Slot) -> &mut Spanned<'a> {
        match slot.0 & ADDED {
            0 => &mut self.parsed[slot.0],
            _ => &mut self.added[slot.0 & !ADDED],
        }
    }

    /// Takes an event out (it is written once), leaving a placeholder.
    pub fn take(&mut self, slot: Slot) -> Spanned<'a> {
        std::mem::replace(self.get_mut(slot), (Ev::NoteEnd, 0..0))
    }

    /// Keeps a new event; it is in the page once its slot is in the order.
    pub fn add(&mut self, event: Spanned<'a>) -> Slot {
        self.added.push(event);
        Slot((self.added.len() - 1) | ADDED)
    }

    /// The events in reading order.
    pub fn iter(&self) -> impl Iterator<Item = &Spanned<'a>> + '_ {
        self.order.iter().map(|&s| self.get(s))
    }

    /// Whether the source has raw HTML (which only pulldown-cmark's own
    /// events carry: samizdat's passes add none).
    pub fn has_raw_html(&self) -> bool {
        self.parsed
            .iter()
            .any(|(ev, _)| matches!(ev, Ev::Md(Event::Html(_) | Event::InlineHtml(_))))
    }

    /// Where the last event ends in the source at most.
    pub fn source_len(&self) -> usize {
        self.source_len
    }

    /// Takes what raw HTML gives the page: its ids and links to ids.
    pub fn take_raw_html(&mut self) -> remote::RawHtml {
        std::mem::take(&mut self.raw)
    }

    /// The events in reading order, as a list.
    pub fn into_vec(self) -> Vec<Spanned<'a>> {
        self.into_iter_ordered().collect()
    }

    /// The events in reading order, taken out one by one.
    pub fn into_iter_ordered(mut self) -> impl Iterator<Item = Spanned<'a>> {
        let order = std::mem::take(&mut self.order);
        order.into_iter().map(move |s| self.take(s))
    }
}

impl<'a> From<Vec<Spanned<'a>>> for Events<'a> {
    fn from(parsed: Vec<Spanned<'a>>) -> Self {
        let source_len = parsed.iter().map(|(_, r)| r.end).max().unwrap_or(0);
        Self::with_source_len(parsed, source_len)
    }
}

/// The annotation passes (interjections, then notes) over `src`, without the
/// HTML writer: what the CommonMark conformance test compares with plain
/// pulldown-cmark.
pub fn annotate<'a>(src: &'a str, kinds: &[AnnotationKind], problems: &mut Vec<Problem>) -> Events<'a> {
    annotate_judging(src, kinds, None, problems)
}

/// [`annotate`], also judging the URLs of raw HTML through `links`.
fn annotate_judging<'a>(
    src: &'a str,
    kinds: &[AnnotationKind],
    links: Option<&LinkLookup>,
    problems: &mut Vec<Problem>,
) -> Events<'a> {
    let mut events = Events::parse(src);
    events.raw = remote::warn_of_what_is_told(src, &events, links, problems);
    interjection::mark_interjections(src, &mut events, kinds, problems);
    footnote::number_notes(src, &mut events, kinds, problems);
    events
}

/// What rendering one Markdown body produced.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub notes: usize,
    pub words: usize,
    /// Links within the page to ids the body does not have (the page's
    /// template may have them), and every link to an id on another page
    /// of the site (which the caller judges once that page is rendered).
    pub anchors: Vec<Anchor>,
    /// Whether the Markdown holds raw HTML (all of `html` is samizdat's
    /// own writing otherwise: well-formed, every attribute quoted).
    pub raw_html: bool,
    /// The text's headings, in order (not a note's): its contents.
    pub headings: Vec<Heading>,
}

/// A heading of a text, for its contents (`page.toc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6, as the page has it (a body's `#` headings are moved down
    /// a level, to `<h2>`).
    pub level: u8,
    /// Its id, given or made from its words.
    pub id: String,
    /// Its words as HTML, for a link to it: emphasis and code kept; its
    /// notes, links and raw HTML left out (a link cannot hold a link),
    /// an interjection's brackets kept as text.
    pub html: String,
}

/// A link to an id: within the page (`#the-bakery`), to one its body does
/// not have; or on another page of the site (`../rota/#wages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Where the link is in the Markdown.
    pub offset: usize,
    /// The id, decoded (`#caf%C3%A9` is `café`).
    pub id: String,
    /// The heading's id the author may have meant (within the page only).
    pub meant: Option<String>,
    /// The other page's address as the link writes it, without its `#…`
    /// (`../rota/`); `None` within the page.
    pub page: Option<String>,
}

impl Anchor {
    /// The warning, for a page whose template does not have the id either.
    pub fn warning(&self) -> Problem {
        let mut message = format!(
            "`#{}` leads to no heading, note or anchor of this page \
             (a heading's id is its text in lower case, spaces as `-`: `## The Bakery` is `#the-bakery`)",
            self.id
        );
        if let Some(meant) = &self.meant {
            message.push_str(&format!("; did you mean `#{meant}`?"));
        }
        Problem::warning(self.offset, message)
    }
}

/// The warning for a link to `page#id` (another page's address as the
/// link writes it), whose page, titled `title`, does not have the id.
pub fn no_place_there(page: &str, id: &str, title: &str) -> String {
    format!(
        "`{page}#{id}` leads to no heading, note or anchor of “{title}” \
         (a heading's id is its text in lower case, spaces as `-`: `## The Bakery` is `#the-bakery`)"
    )
}

/// What a relative link of a page leads to, as the site has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'k> {
    /// A page, whose title the link shows.
    Page(Cow<'k, str>),
    /// A file the site publishes (beside the articles, or a static one).
    File,
    /// Nothing at the address as written, but something from the Markdown
    /// file's own folder, as editors' previews read links: a file beside
    /// it, or another article's `.md` file. `href` is its address from the
    /// page, written instead; `title` the page's, if it is a page.
    Instead { href: String, title: Option<Cow<'k, str>> },
    /// An old address of a page or folder (one of its `aliases`), where
    /// the site keeps a redirect: `href` is its address now, from the
    /// page, written instead (print and e-book editions have no
    /// redirects); `title` its title.
    Moved { href: String, title: Cow<'k, str> },
    /// Nothing; `hint` says what is there instead, if anything (the file
    /// under another case of letters).
    Nothing { hint: Option<String> },
}

impl Found<'_> {
    /// The same answer, owning its strings (to be kept and compared).
    pub fn into_owned(self) -> Found<'static> {
        let own = |c: Cow<str>| Cow::Owned(c.into_owned());
        match self {
            Found::Page(title) => Found::Page(own(title)),
            Found::File => Found::File,
            Found::Instead { href, title } => Found::Instead {
                href,
                title: title.map(own),
            },
            Found::Moved { href, title } => Found::Moved {
                href,
                title: own(title),
            },
            Found::Nothing { hint } => Found::Nothing { hint },
        }
    }
}

/// Looks up where a link leads: `None` for links the site does not judge
/// (to other sites, from the root, within the page).
pub type LinkLookup<'k> = dyn Fn(&str) -> Option<Found<'k>> + 'k;

/// Where a body's notes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotePlacement {
    /// Each beside its reference, where themes show it in the margin.
    Inline,
    /// Beside the reference, and every note again as a numbered list at
    /// the end (hidden on screen, shown in print), for `[print] notes =
    /// "end"`.
    InlineAndEnd,
    /// In the numbered list at the end alone: a feed's, which readers
    /// show without the theme (a note beside its reference would run
    /// into the text).
    End,
}

/// Settings of one render.
pub struct RenderOptions<'k> {
    pub kinds: &'k [AnnotationKind],
    pub notes: NotePlacement,
    /// Where a relative link leads: a page's title becomes the link's
    /// `title`, which print shows after the link text; links to nothing
    /// are warned of.
    pub links: Option<&'k LinkLookup<'k>>,
    /// The ids the page's templates give (`main`), which no heading gets.
    pub template_ids: Option<&'k HashSet<String>>,
    /// The site's words: a body has a few (`back to reference 3`).
    pub words: &'k Words,
    /// The language of those words (the site's) where the text is in
    /// another: the words a reader sees in the body (annotation labels,
    /// the end notes' heading) say it, so that a reader of a French text
    /// hears "Editor" in English.
    pub words_lang: Option<&'k str>,
}

impl RenderOptions<'_> {
    /// Hashes the settings into `h`: what shapes a render's HTML besides
    /// its Markdown and where the links it asks about lead (which `serve`'s body
    /// cache checks one by one). The pattern names every field, so that a
    /// new one is not left out.
    pub fn hash_settings(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let RenderOptions {
            kinds,
            notes,
            links: _,
            template_ids,
            words,
            words_lang,
        } = self;
        kinds.hash(h);
        notes.hash(h);
        words_lang.hash(h);
        for key in BODY_WORDS {
            words.get(key).hash(h);
        }
        if let Some(ids) = template_ids {
            let mut ids: Vec<&String> = ids.iter().collect();
            ids.sort_unstable();
            ids.hash(h);
        }
    }
}

/// The words a body is written with (see [`RenderOptions::words`]).
const BODY_WORDS: [&str; 2] = ["back_to_reference", "notes_title"];

/// Renders a Markdown body to HTML, with every problem reported.
///
/// ```text
/// Text[^1] and [ed. – a remark].   ->  Text<sup data-note-ref="1">… <span data-interjection="inline" …>
/// ```
pub fn render(src: &str, opts: &RenderOptions, problems: &mut Vec<Problem>) -> Rendered {
    let events = annotate_judging(src, opts.kinds, opts.links, problems);
    let raw_html = events.has_raw_html();
    Rendered {
        raw_html,
        ..html::write_html(events, opts, problems)
    }
}

#[cfg(test)]
mod spec;
#[cfg(test)]
mod tests;

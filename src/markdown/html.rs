//! The HTML writer: maps samizdat's annotation events to the markup of the
//! theme contract (docs/theming.md) and hands everything to pulldown-cmark's
//! HTML writer in one pass.
//!
//! Inside a note, block elements become phrasing `span`s (a note sits inside
//! the paragraph of its reference and must stay valid HTML5).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::interjection::{is_inline, is_inline_end};
use super::{highlight, Anchor, Ev, Events, Found, Heading, NotePlacement, Problem, RenderOptions, Rendered, Spanned};

/// Appends `s` to `out` with `& < > " '` escaped.
pub fn escape_into(s: &str, out: &mut String) {
    // (Appending to a `String` cannot fail.)
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// Writes `s` to `w` with `& < > " '` escaped (the templates' escaping: not
/// `/`, which would turn every URL into `&#x2F;`).
pub fn escape_to(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(w), s)
}

/// A short piece of markup built from literal parts, numbers and escaped
/// text, without the formatting machinery (`format!` cost ~1,200
/// instructions per note mark; there are dozens per article).
struct Html(String);

impl Html {
    fn with_capacity(capacity: usize) -> Self {
        Html(String::with_capacity(capacity))
    }

    /// Empties the buffer for the next piece of markup.
    fn clear(&mut self) -> &mut Self {
        self.0.clear();
        self
    }

    fn push(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    fn num(&mut self, n: impl itoa::Integer) -> &mut Self {
        self.0.push_str(itoa::Buffer::new().format(n));
        self
    }

    fn escaped(&mut self, s: &str) -> &mut Self {
        escape_into(s, &mut self.0);
        self
    }
}

/// Turns heading text into an id: lowercase words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Heading ids, by the index of the heading's start event, unique per
/// page and clear of the ids raw HTML gives (`raw`: an author's anchor),
/// a note's and a template's; and whether the body has a level-1 heading
/// (then every heading moves down a level, so the title stays the page's
/// only `<h1>`).
fn heading_ids(
    page: &Events,
    raw: &[(usize, String)],
    template_ids: Option<&HashSet<String>>,
) -> (Vec<(usize, String)>, bool) {
    let order = page.order();
    let event = |i: usize| &page.get(order[i]).0;
    let mut bases = Vec::new();
    let mut has_h1 = false;
    let mut note_depth = 0usize;
    let mut i = 0;
    while i < order.len() {
        match event(i) {
            Ev::NoteStart { .. } => note_depth += 1,
            Ev::NoteEnd => note_depth = note_depth.saturating_sub(1),
            Ev::Md(Event::Start(Tag::Heading { id: None, level, .. })) if note_depth == 0 => {
                has_h1 |= *level == HeadingLevel::H1;
                let mut text = String::new();
                let mut j = i + 1;
                while j < order.len() && !matches!(event(j), Ev::Md(Event::End(TagEnd::Heading(_)))) {
                    match event(j) {
                        Ev::Md(Event::Text(t) | Event::Code(t)) => text.push_str(t),
                        // A heading of two lines (`Why we` / `print` over
                        // `---`): two words, not `weprint`.
                        Ev::Md(Event::SoftBreak | Event::HardBreak) => text.push(' '),
                        Ev::NoteStart { .. } => break,
                        _ => {}
                    }
                    j += 1;
                }
                let base = match slugify(&text) {
                    s if s.is_empty() => "section".to_string(),
                    s => s,
                };
                bases.push((i, base));
            }
            _ => {}
        }
        i += 1;
    }
    let mut used: HashSet<String> = raw.iter().map(|(_, id)| id.clone()).collect();
    // The last number given after each base: a book of 3,000 headings
    // `Untitled` does not try 1, 2, 3… for each.
    let mut last: HashMap<String, usize> = HashMap::new();
    let numbered = |base: &str, n: usize| match n {
        1 => base.to_string(),
        n => format!("{base}-{n}"),
    };
    let mut headings: Vec<(usize, String)> = Vec::with_capacity(bases.len());
    for (i, mut base) in bases {
        // Not an id of raw HTML, of the page's templates (`main`) or of a
        // note (`note-1`): a link to the heading would lead there.
        let taken = |id: &str| used.contains(id) || is_note_id(id) || template_ids.is_some_and(|t| t.contains(id));
        let id = if !taken(&base) {
            base
        } else {
            let mut n = last.get(&base).copied().unwrap_or(1);
            let mut id = numbered(&base, n);
            while taken(&id) {
                n += 1;
                id = numbered(&base, n);
                // `## Note` twice: `note-2`, and every number after, is a
                // note's.
                if is_note_id(&id) {
                    base = format!("heading-{base}");
                    n = last.get(&base).copied().unwrap_or(1);
                    id = numbered(&base, n);
                }
            }
            last.insert(base, n);
            id
        };
        used.insert(id.clone());
        headings.push((i, id));
    }
    (headings, has_h1)
}

/// Whether the writer gives `id` to a note or its mark (`note-3`,
/// `note-ref-3`, `note-ref-3-2` for its second mark).
fn is_note_id(id: &str) -> bool {
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some(rest) = id.strip_prefix("note-") else {
        return false;
    };
    match rest.strip_prefix("ref-") {
        Some(mark) => match mark.split_once('-') {
            Some((n, repeat)) => number(n) && number(repeat),
            None => number(mark),
        },
        None => number(rest),
    }
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Words in a text, counted on bytes: runs of bytes above the space
/// (control bytes count as space). Counted as the word bytes that follow
/// a space, pairwise, so the loop carries no state from byte to byte; in
/// blocks of 16 pairs summed as bytes, which the compiler turns into a few
/// vector instructions per block (text events are mostly a line or less).
// Compiled on its own: inlined into `write_html`, whether its loop was
// vectorised changed with unrelated edits elsewhere (38 M instructions per
// 1,000 articles, one build to the next).
#[inline(never)]
fn count_words(s: &str) -> usize {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let starts = |a: u8, b: u8| u8::from((a <= b' ') & (b > b' '));
    let (before, after) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    let (blocks_a, blocks_b) = (before.chunks_exact(16), after.chunks_exact(16));
    let (rest_a, rest_b) = (blocks_a.remainder(), blocks_b.remainder());
    let mut words = usize::from(first > b' ');
    for (a, b) in blocks_a.zip(blocks_b) {
        let block: u8 = a.iter().zip(b).map(|(&a, &b)| starts(a, b)).sum();
        words += usize::from(block);
    }
    words
        + rest_a
            .iter()
            .zip(rest_b)
            .map(|(&a, &b)| usize::from(starts(a, b)))
            .sum::<usize>()
}

/// What an open block inside a note closes with.
enum NoteBlock {
    Span,
    Code,
    List(Option<u64>),
}

/// What a relative link `dest` should lead to, judged by its text alone:
/// a page of the site (its address ends in `/`, or its last segment has
/// no extension), a Markdown file, another file, or something not judged
/// (another site, a place on the page, a print page).
#[derive(Clone, Copy, PartialEq)]
enum LinkKind {
    Page,
    Markdown,
    File,
    Other,
}

fn link_kind(dest: &str) -> LinkKind {
    let Some(path) = crate::content::relative_path(dest) else {
        return LinkKind::Other;
    };
    if path.ends_with('/') {
        return match path.trim_end_matches('/').rsplit('/').next() {
            // A print page is there or not as its folder has articles: not
            // judged (a page's body is kept under `serve` while what its
            // links lead to stays the same, and a print page has none).
            Some("print") => LinkKind::Other,
            _ => LinkKind::Page,
        };
    }
    match path.rsplit('/').next().unwrap_or("") {
        "" | "." | ".." | "index.html" => LinkKind::Page,
        "print" => LinkKind::Other,
        last if last.len() > 3 && last.as_bytes()[last.len() - 3..].eq_ignore_ascii_case(b".md") => LinkKind::Markdown,
        last if last.contains('.') => LinkKind::File,
        _ => LinkKind::Page,
    }
}

/// `dest`'s `#…` or `?…`, kept when a link is written to another address.
fn link_suffix(dest: &str) -> &str {
    dest.find(['#', '?']).map_or("", |at| &dest[at..])
}

/// The warning for a link or image (`image`) `dest` that leads to
/// nothing; `None` for links not judged (see [`LinkKind`]).
pub(super) fn nothing_there(dest: &str, image: bool, hint: Option<&str>) -> Option<String> {
    let mut message = match (link_kind(dest), image) {
        (LinkKind::Other, _) => return None,
        (LinkKind::Page, false) => format!(
            "`{dest}` leads to no page of this site (a link goes from the page's own address: \
             to an article beside this one, `../its-slug/`)"
        ),
        (LinkKind::Markdown, false) => format!(
            "`{dest}` links to a Markdown file that is no article of this site (none is there, or it is \
             a draft, or in a folder held back): a link to an article's `.md` file goes from this file's \
             folder, as editors show it, and leads to the article's page"
        ),
        (_, true) => format!(
            "the image `{dest}` is no file of this site: an image goes from this Markdown file's folder \
             (`emblem.svg` beside it) or from the page's own address (`../emblem.svg`)"
        ),
        (_, false) => format!(
            "`{dest}` leads to no file of this site: a file goes from this Markdown file's folder \
             (`report.pdf` beside it) or from the page's own address (`../report.pdf`)"
        ),
    };
    if let Some(hint) = hint {
        message.push_str(&format!("; did you mean `{hint}`? (a web server tells capitals apart)"));
    }
    Some(message)
}

/// Looks up where a link or image (`image`) leads: the address to write
/// (another, if the author meant a file or article from the Markdown
/// file's folder) and what is there. Links to nothing are warned of at
/// `offset`.
fn judge_link<'a, 'k>(
    dest: CowStr<'a>,
    image: bool,
    offset: usize,
    opts: &RenderOptions<'k>,
    problems: &mut Vec<Problem>,
) -> (CowStr<'a>, Option<Found<'k>>) {
    let found = opts.links.and_then(|f| f(&dest));
    match found {
        Some(Found::Instead { ref href, .. } | Found::Moved { ref href, .. }) => {
            let dest = CowStr::from(format!("{href}{}", link_suffix(&dest)));
            (dest, found)
        }
        Some(Found::Nothing { ref hint }) => {
            if let Some(message) = nothing_there(&dest, image, hint.as_deref()) {
                problems.push(Problem::warning(offset, message));
            }
            (dest, found)
        }
        found => (dest, found),
    }
}

/// A link's tag (at `offset`) with the address to write and the title of
/// the page it leads to (see [`judge_link`]); its links to ids go to
/// `anchors`. Apart from the writer's loop, which stays small.
#[inline(never)]
fn judged_link<'a>(
    tag: Tag<'a>,
    offset: usize,
    opts: &RenderOptions,
    anchors: &mut Vec<Anchor>,
    problems: &mut Vec<Problem>,
) -> Tag<'a> {
    let Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    } = tag
    else {
        return tag;
    };
    let decoded = |f: &str| crate::content::percent_decode(f).unwrap_or_else(|| f.to_string());
    let in_page = dest_url.starts_with('#');
    if let Some(fragment) = dest_url.strip_prefix('#').filter(|f| !f.is_empty()) {
        anchors.push(Anchor {
            offset,
            id: decoded(fragment),
            meant: None,
            page: None,
        });
    }
    let (dest_url, found) = judge_link(dest_url, false, offset, opts, problems);
    // A place on another page of the site (`../rota/#wages`, or
    // `rota.md#wages` written over): judged by the caller.
    let to_page = matches!(
        found,
        Some(Found::Page(_) | Found::Instead { title: Some(_), .. } | Found::Moved { .. })
    );
    if let Some((page, fragment)) = dest_url
        .split_once('#')
        .filter(|(_, f)| to_page && !in_page && !f.is_empty())
    {
        anchors.push(Anchor {
            offset,
            id: decoded(fragment),
            meant: None,
            page: Some(page.to_string()),
        });
    }
    let title = match (title.is_empty(), found) {
        (true, Some(Found::Page(t) | Found::Instead { title: Some(t), .. } | Found::Moved { title: t, .. })) => {
            CowStr::from(t.into_owned())
        }
        _ => title,
    };
    Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }
}

/// Renders annotated events to HTML; problems of the links go to
/// `problems`.
pub fn write_html(mut events: Events, opts: &RenderOptions, problems: &mut Vec<Problem>) -> Rendered {
    let super::remote::RawHtml {
        ids: raw,
        anchors: raw_anchors,
    } = events.take_raw_html();
    let (headings, has_h1) = heading_ids(&events, &raw, opts.template_ids);
    let mut ids = headings.into_iter().peekable();
    let mut out: Vec<Event> = Vec::with_capacity(256);
    let mut notes = 0usize;
    let mut words = 0usize;
    // Where the last text ended in the source, and whether in a word.
    let (mut text_end, mut in_word): (Option<usize>, bool) = (None, false);
    // Blocks open inside notes, innermost last; empty outside notes.
    let mut note_blocks: Vec<NoteBlock> = Vec::new();
    let mut note_depth = 0usize;
    let mut code: Option<(String, String)> = None;
    // For `endnotes`: each top-level note's body, kept as events.
    let mut endnotes: Vec<(usize, Option<usize>, Vec<Spanned>)> = Vec::new();
    // The notes open at this point, innermost last (indexes into `endnotes`).
    let mut endnote_stack: Vec<usize> = Vec::new();
    // Markup is built in one buffer and copied out at its exact length: a
    // `String` of a guessed capacity made into pulldown-cmark's boxed
    // string is shrunk by `realloc`, dozens of times per article.
    let mut scratch = Html::with_capacity(512);
    let boxed = |s: &Html| CowStr::Boxed(s.0.as_str().into());
    let label_of = |kind: usize| opts.kinds.get(kind).map(|k| (k.name.as_str(), k.label.as_str()));

    // Top-level blocks are handed to pulldown-cmark's writer as each one
    // ends, so the event buffer stays one block long instead of a page.
    // The HTML is about as long as its source plus a quarter (note markup),
    // more with highlighted code: room for half more, so that the buffer is
    // seldom copied to grow.
    let source_len = events.source_len();
    let mut html_out = String::with_capacity(source_len + source_len / 2 + 1024);
    // Links to ids: where, to which id (and the id meant), within the
    // page or on another; raw HTML's among them.
    let mut anchors: Vec<Anchor> = raw_anchors;
    let mut block_depth = 0usize;
    // Images open: their alt text is plain text.
    let mut image_depth = 0usize;
    let end_only = opts.notes == NotePlacement::End;
    // The text's headings, and the one open (its words so far).
    let mut toc: Vec<Heading> = Vec::new();
    let mut open_heading: Option<OpenHeading> = None;
    for (i, (ev, range)) in events.into_iter_ordered().enumerate() {
        if let Some(h) = &mut open_heading {
            if h.take(&ev) {
                toc.extend(open_heading.take().map(OpenHeading::finish));
            }
        }
        // Between top-level blocks: what the buffer holds is complete.
        if block_depth == 0 && code.is_none() && note_depth == 0 && !out.is_empty() {
            pulldown_cmark::html::push_html(&mut html_out, out.drain(..));
        }
        // With the notes at the end alone, what a note writes where it is
        // referenced is taken back (its events are kept for the end).
        let in_note = end_only && (note_depth > 0 || matches!(ev, Ev::NoteStart { .. }));
        let taken_back = in_note.then_some(out.len());
        match &ev {
            Ev::Md(Event::Start(tag)) if !is_inline(tag) => block_depth += 1,
            Ev::Md(Event::End(tag)) if !is_inline_end(tag) => block_depth = block_depth.saturating_sub(1),
            _ => {}
        }
        if let Some(&open) = endnote_stack.last() {
            if !matches!(ev, Ev::NoteStart { .. } | Ev::NoteEnd) {
                endnotes[open].2.push((ev.clone(), range.clone()));
            }
        }
        if let Some((lang, text)) = &mut code {
            match ev {
                Ev::Md(Event::Text(t)) => text.push_str(&t),
                Ev::Md(Event::End(TagEnd::CodeBlock)) => {
                    let mut s = String::new();
                    highlight::highlight_block(lang, text, &mut s);
                    out.push(Event::Html(CowStr::from(s)));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Ev::Md(Event::Text(t)) => {
                // A text that goes on from the one before in the source
                // (pulldown-cmark splits at `&`, `[`, `]` and entities) may
                // go on with its word too.
                let bytes = t.as_bytes();
                let goes_on = text_end == Some(range.start) && bytes.first().is_some_and(|&b| b > b' ');
                words += count_words(&t) - usize::from(goes_on && in_word);
                if let Some(&last) = bytes.last() {
                    (text_end, in_word) = (Some(range.end), last > b' ');
                }
                out.push(Event::Text(t));
            }
            Ev::Md(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))))
                if note_depth == 0 && !lang.is_empty() =>
            {
                code = Some((lang.to_string(), String::new()));
            }
            Ev::Md(Event::Start(Tag::Heading {
                level,
                id: None,
                classes,
                attrs,
            })) if note_depth == 0 => {
                let id = ids.next_if(|(at, _)| *at == i).map(|(_, id)| CowStr::from(id));
                let level = if has_h1 { demote(level) } else { level };
                // (Every heading has an id: the parser reads no `{#id}`.)
                if let Some(id) = &id {
                    open_heading = Some(OpenHeading::new(level as u8, id));
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Ev::Md(Event::End(TagEnd::Heading(level))) if note_depth == 0 && has_h1 => {
                out.push(Event::End(TagEnd::Heading(demote(level))));
            }
            Ev::Md(Event::Start(tag @ Tag::Link { .. })) if opts.links.is_some() => {
                out.push(Event::Start(judged_link(
                    tag,
                    range.start,
                    opts,
                    &mut anchors,
                    problems,
                )));
            }
            Ev::Md(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })) => {
                image_depth += 1;
                let dest_url = match opts.links {
                    Some(_) => judge_link(dest_url, true, range.start, opts, problems).0,
                    None => dest_url,
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Ev::Md(Event::End(TagEnd::Image)) => {
                image_depth = image_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::Image));
            }
            // In an image's alt text an interjection is its words and
            // brackets alone (markup there would be read out as text).
            Ev::InterjectionStart { .. } | Ev::InterjectionEnd { .. } if image_depth > 0 => {}
            Ev::InterjectionOpen(s) | Ev::InterjectionClose(s) if image_depth > 0 => {
                out.push(Event::Text(CowStr::Borrowed(s)));
            }
            Ev::Md(ev) if note_depth > 0 => note_event(ev, &mut note_blocks, &mut out),
            Ev::Md(ev) => out.push(ev),
            Ev::InterjectionStart { kind, block } => {
                let (name, label) = label_of(kind).unwrap_or(("ed", "Editor"));
                let in_text = block && note_depth == 0;
                let s = scratch.clear();
                s.push(if in_text { "<div" } else { "<span" })
                    .push(" class=\"interjection interjection-")
                    .push(name)
                    .push("\" data-annotation=\"")
                    .push(name)
                    .push(if block {
                        "\" data-interjection=\"block\" role=\"note\" aria-label=\""
                    } else {
                        "\" data-interjection=\"inline"
                    });
                if block {
                    s.escaped(label);
                }
                s.push(if in_text { "\">\n" } else { "\">" });
                out.push(if in_text {
                    Event::Html(boxed(s))
                } else {
                    Event::InlineHtml(boxed(s))
                });
            }
            Ev::InterjectionEnd { block } => out.push(if block && note_depth == 0 {
                Event::Html(CowStr::Borrowed("</div>\n"))
            } else {
                Event::InlineHtml(CowStr::Borrowed("</span>"))
            }),
            Ev::InterjectionOpen(s) => {
                out.push(Event::InlineHtml(CowStr::Borrowed(
                    "<span class=\"interjection-open\">",
                )));
                out.push(Event::Text(CowStr::Borrowed(s)));
                out.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
            }
            Ev::InterjectionClose(s) => {
                out.push(Event::InlineHtml(CowStr::Borrowed(
                    "<span class=\"interjection-close\">",
                )));
                out.push(Event::Text(CowStr::Borrowed(s)));
                out.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
            }
            Ev::NoteRef {
                number: n,
                first,
                repeat,
            } => {
                let s = scratch.clear();
                s.push("<sup class=\"note-ref\" data-note-ref=\"")
                    .num(n)
                    .push("\"><a href=\"#note-")
                    .num(n)
                    .push("\" id=\"note-ref-")
                    .num(n);
                if !first {
                    s.push("-").num(repeat);
                }
                s.push("\" role=\"doc-noteref\">").num(n).push("</a></sup>");
                out.push(Event::InlineHtml(boxed(s)));
            }
            Ev::NoteStart { number: n, kind } => {
                if opts.notes != NotePlacement::Inline {
                    endnote_stack.push(endnotes.len());
                    endnotes.push((n, kind, Vec::new()));
                }
                notes = notes.max(n);
                note_depth += 1;
                let (name, label) = match kind.and_then(label_of) {
                    Some((name, label)) => (name, Some(label)),
                    None => ("author", None),
                };
                let s = scratch.clear();
                s.push("<span class=\"note note-")
                    .push(name)
                    .push("\" id=\"note-")
                    .num(n)
                    .push("\" data-note=\"")
                    .num(n)
                    .push("\" data-annotation=\"")
                    .push(name)
                    .push("\" role=\"doc-footnote\"><span class=\"note-head\"><a class=\"note-num\" href=\"#note-ref-")
                    .num(n)
                    .push("\" aria-label=\"")
                    .escaped(opts.words.get("back_to_reference"))
                    .push(" ")
                    .num(n)
                    .push("\">")
                    .num(n)
                    .push("</a>");
                if let Some(label) = label {
                    s.push(" <span class=\"note-label\"");
                    if let Some(lang) = opts.words_lang {
                        s.push(" lang=\"").escaped(lang).push("\"");
                    }
                    s.push(">").escaped(label).push("</span>");
                }
                s.push("</span><span class=\"note-body\">");
                out.push(Event::InlineHtml(boxed(s)));
            }
            Ev::NoteEnd => {
                endnote_stack.pop();
                note_depth = note_depth.saturating_sub(1);
                out.push(Event::InlineHtml(CowStr::Borrowed("</span></span>")));
            }
        }
        if let Some(kept) = taken_back {
            out.truncate(kept);
        }
    }
    pulldown_cmark::html::push_html(&mut html_out, out.into_iter());
    if !raw.is_empty() {
        ids_given_twice(&html_out, &raw, opts.template_ids, problems);
    }
    if !endnotes.is_empty() {
        write_endnotes(endnotes, opts, &mut html_out);
    }
    // Links within the page to an id the body does not have (the page's
    // template may: the caller judges those left).
    if anchors.iter().any(|a| a.page.is_none()) {
        // The page's ids, gathered once (a book's contents may link to
        // hundreds of its headings).
        let ids = ids_in(&html_out);
        let has = |id: &str| ids.contains(id) || !judged_id(id);
        anchors.retain(|a| a.page.is_some() || !has(&a.id));
        for a in anchors.iter_mut().filter(|a| a.page.is_none()) {
            a.meant = meant_id(&a.id, has);
        }
    }
    Rendered {
        html: html_out,
        notes,
        words,
        anchors,
        raw_html: true,
        headings: toc,
    }
}

/// A heading being written, whose words are gathered for the contents.
struct OpenHeading<'a> {
    level: u8,
    id: String,
    events: Vec<Event<'a>>,
    /// Notes open inside it (their words are not the heading's).
    notes: usize,
}

impl<'a> OpenHeading<'a> {
    fn new(level: u8, id: &str) -> Self {
        OpenHeading {
            level,
            id: id.to_string(),
            events: Vec::new(),
            notes: 0,
        }
    }

    /// Takes the heading's next event; true at its end.
    fn take(&mut self, ev: &Ev<'a>) -> bool {
        match ev {
            Ev::NoteStart { .. } => self.notes += 1,
            Ev::NoteEnd => self.notes = self.notes.saturating_sub(1),
            _ if self.notes > 0 => {}
            Ev::Md(Event::End(TagEnd::Heading(_))) => return true,
            Ev::Md(Event::Text(t)) => self.events.push(Event::Text(t.clone())),
            Ev::Md(Event::Code(t)) => self.events.push(Event::Code(t.clone())),
            Ev::Md(Event::SoftBreak | Event::HardBreak) => self.events.push(Event::Text(CowStr::Borrowed(" "))),
            Ev::Md(Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough))) => {
                self.events.push(Event::Start(tag.clone()))
            }
            Ev::Md(Event::End(tag @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough))) => {
                self.events.push(Event::End(*tag))
            }
            Ev::InterjectionOpen(s) | Ev::InterjectionClose(s) => self.events.push(Event::Text(CowStr::Borrowed(s))),
            _ => {}
        }
        false
    }

    fn finish(self) -> Heading {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        Heading {
            level: self.level,
            id: self.id,
            html,
        }
    }
}

/// Whether a link to `id` is judged: not one with a quote, `&`, angle
/// bracket or line break, which [`ids_written`] does not read as written
/// (or [`crate::render::Ids`] keep).
pub fn judged_id(id: &str) -> bool {
    !id.contains(['"', '\'', '&', '<', '>', '\n'])
}

/// The id a link to `id`, which is not there, may have meant: its text as
/// a heading's id (`#the-bakery` for `#The-Bakery`), if the page `has` it.
pub fn meant_id(id: &str, has: impl Fn(&str) -> bool) -> Option<String> {
    Some(slugify(id)).filter(|slug| slug != id && has(slug))
}

/// The ids (and anchor names) `html` gives its elements, quoted as
/// written, in the order of the page (ids first, then names). (One with
/// an escape in it, `&amp;`, is not looked for: a link to such an id is
/// not judged.)
pub fn ids_written(html: &str) -> impl Iterator<Item = &str> + '_ {
    attribute_values(html, b"id=").chain(attribute_values(html, b"name="))
}

/// The values `html` gives attribute `name` (with its `=`: `id=`), quoted
/// as written, in order.
pub(super) fn attribute_values<'h>(html: &'h str, name: &'static [u8]) -> impl Iterator<Item = &'h str> + 'h {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, name).filter_map(move |at| {
        // An attribute of its own (not `data-id=`).
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
            return None;
        }
        let start = at + name.len();
        let &quote @ (b'"' | b'\'') = bytes.get(start)? else {
            return None;
        };
        let len = memchr::memchr(quote, &bytes[start + 1..])?;
        Some(&html[start + 1..start + 1 + len])
    })
}

/// Warns of each id that raw HTML gives (`raw`, where it is) which the
/// page `html` (the body, as written) gives more than once, or which its
/// templates give: a link to it leads only to the first.
fn ids_given_twice(
    html: &str,
    raw: &[(usize, String)],
    template_ids: Option<&HashSet<String>>,
    problems: &mut Vec<Problem>,
) {
    let mut count: HashMap<&str, usize> = raw.iter().map(|(_, id)| (id.as_str(), 0)).collect();
    for id in attribute_values(html, b"id=") {
        if let Some(n) = count.get_mut(id) {
            *n += 1;
        }
    }
    for (at, id) in raw {
        let by = if template_ids.is_some_and(|t| t.contains(id)) {
            "the page's template gives it too"
        } else if count.get(id.as_str()).is_some_and(|&n| n < 2) {
            continue;
        } else if is_note_id(id) {
            "samizdat gives it to a note or a note's mark"
        } else {
            "another element of this page has it too"
        };
        problems.push(Problem::warning(
            *at,
            format!("`id=\"{id}\"` is on this page twice ({by}): a link to `#{id}` leads only to the first; give this element another id"),
        ));
    }
}

/// [`ids_written`], to look up.
pub fn ids_in(html: &str) -> HashSet<&str> {
    ids_written(html).collect()
}

/// Maps one Markdown event inside a note body to phrasing content.
fn note_event<'a>(ev: Event<'a>, blocks: &mut Vec<NoteBlock>, out: &mut Vec<Event<'a>>) {
    let open = |tag: &'static str| Event::InlineHtml(CowStr::Borrowed(tag));
    match ev {
        Event::Start(tag) => match tag {
            Tag::Paragraph => {
                blocks.push(NoteBlock::Span);
                out.push(open("<span class=\"note-p\">"));
            }
            Tag::Heading { .. } => {
                blocks.push(NoteBlock::Span);
                out.push(open("<span class=\"note-p note-h\">"));
            }
            Tag::BlockQuote(_) => {
                blocks.push(NoteBlock::Span);
                out.push(open("<span class=\"note-quote\">"));
            }
            Tag::CodeBlock(_) => {
                blocks.push(NoteBlock::Code);
                out.push(Event::InlineHtml(CowStr::Borrowed("<code class=\"note-code\">")));
            }
            Tag::List(start) => {
                blocks.push(NoteBlock::List(start));
                out.push(open("<span class=\"note-list\">"));
            }
            Tag::Item => {
                let number = match blocks.last_mut() {
                    Some(NoteBlock::List(Some(n))) => {
                        *n += 1;
                        Some(*n - 1)
                    }
                    _ => None,
                };
                blocks.push(NoteBlock::Span);
                out.push(open("<span class=\"note-li\">"));
                if let Some(n) = number {
                    let mut s = Html::with_capacity(40);
                    s.push("<span class=\"note-li-num\">").num(n).push(".</span> ");
                    out.push(Event::InlineHtml(CowStr::from(s.0)));
                }
            }
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                blocks.push(NoteBlock::Span);
                out.push(open(match tag {
                    Tag::Table(_) => "<span class=\"note-table\">",
                    Tag::TableCell => "<span class=\"note-td\">",
                    _ => "<span class=\"note-tr\">",
                }));
            }
            Tag::HtmlBlock => blocks.push(NoteBlock::Span),
            tag => out.push(Event::Start(tag)),
        },
        Event::End(end) => match end {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell => {
                out.push(Event::InlineHtml(CowStr::Borrowed(match blocks.pop() {
                    Some(NoteBlock::Code) => "</code>",
                    _ => "</span>",
                })));
            }
            TagEnd::HtmlBlock => {
                blocks.pop();
            }
            end => out.push(Event::End(end)),
        },
        Event::Html(h) => out.push(Event::InlineHtml(h)),
        Event::Rule => out.push(Event::InlineHtml(CowStr::Borrowed("<span class=\"note-rule\"></span>"))),
        ev => out.push(ev),
    }
}

/// The notes again, as an ordered list of ordinary blocks; themes show it
/// in print when `[print] notes = "end"`.
fn write_endnotes(mut notes: Vec<(usize, Option<usize>, Vec<Spanned>)>, opts: &RenderOptions, out: &mut String) {
    notes.sort_by_key(|n| n.0);
    let inner = RenderOptions {
        kinds: opts.kinds,
        notes: NotePlacement::Inline,
        links: opts.links,
        template_ids: opts.template_ids,
        words: opts.words,
        words_lang: opts.words_lang,
    };
    let title = opts.words.get("notes_title");
    let mut lang = String::new();
    if let Some(words_lang) = opts.words_lang {
        lang.push_str(" lang=\"");
        escape_into(words_lang, &mut lang);
        lang.push('"');
    }
    out.push_str("<section class=\"endnotes\" data-endnotes aria-label=\"");
    escape_into(title, out);
    out.push_str("\">\n<h2 class=\"endnotes-title\"");
    out.push_str(&lang);
    out.push('>');
    escape_into(title, out);
    out.push_str("</h2>\n<ol>\n");
    for (n, kind, body) in notes {
        let (name, label) = match kind.and_then(|k| opts.kinds.get(k)) {
            Some(k) => (k.name.as_str(), Some(k.label.as_str())),
            None => ("author", None),
        };
        // The list alone holds the notes: each is where its reference
        // leads.
        let id = match opts.notes {
            NotePlacement::End => format!(" id=\"note-{n}\""),
            _ => String::new(),
        };
        out.push_str(&format!(
            "<li{id} data-endnote=\"{n}\" data-annotation=\"{name}\" value=\"{n}\">"
        ));
        if let Some(label) = label {
            out.push_str("<span class=\"note-label\"");
            out.push_str(&lang);
            out.push('>');
            escape_into(label, out);
            out.push_str("</span>\n");
        }
        // Nested references inside a note stay marks; their bodies are listed.
        let body: Vec<Spanned> = body
            .into_iter()
            .map(|(e, r)| match e {
                // The mark's id belongs to the text; here it gets its own.
                Ev::NoteRef { number, .. } => (
                    Ev::NoteRef {
                        number,
                        first: false,
                        repeat: 0,
                    },
                    r,
                ),
                e => (e, r),
            })
            .collect();
        // (Its links were judged where the note is.)
        out.push_str(&write_html(Events::from(body), &inner, &mut Vec::new()).html);
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::{count_words, ids_in, link_kind, LinkKind};

    #[test]
    fn ids_are_found_as_attributes_only() {
        let html = "<h2 id=\"the-bakery\">The Bakery</h2><a name='old'></a><p>id=\"in-text\"</p>\
                    <code>id=&quot;code&quot;</code><span data-id=\"x\">";
        let ids = ids_in(html);
        for id in ["the-bakery", "old"] {
            assert!(ids.contains(id), "{id}");
        }
        for id in ["the", "bakery", "in-text", "code", "x", "The-Bakery"] {
            assert!(!ids.contains(id), "{id}");
        }
    }

    #[test]
    fn links_are_judged_pages_markdown_files_or_not_at_all() {
        for page in [
            "../x/",
            "x",
            "../",
            "..",
            ".",
            "../v1.2/",
            "../x/index.html",
            "../éé/",
            "ééé",
        ] {
            assert!(link_kind(page) == LinkKind::Page, "{page}");
        }
        for md in ["x.md", "../a/X.MD#top", "été.md"] {
            assert!(link_kind(md) == LinkKind::Markdown, "{md}");
        }
        for file in ["fig.png", "../Fig%202.png", "a/b.pdf?x=1", "étéé.pdf", "x.mdx"] {
            assert!(link_kind(file) == LinkKind::File, "{file}");
        }
        for other in [
            "https://x.org/a.png",
            "/abs.png",
            "#here",
            "../print/",
            "print",
            "mailto:a@b.org",
        ] {
            assert!(link_kind(other) == LinkKind::Other, "{other}");
        }
    }

    #[test]
    fn words_are_runs_of_non_space() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("   "), 0);
        assert_eq!(count_words("one"), 1);
        assert_eq!(count_words(" one  two\tthree\n"), 3);
        assert_eq!(count_words("l'été — déjà vu"), 4);
        // Across the blocks of 16 bytes the count is made in, and their
        // remainder.
        for n in 0..20 {
            let text = "ab ".repeat(n) + &"x".repeat(n % 9);
            assert_eq!(count_words(&text), n + usize::from(n % 9 > 0), "{text:?}");
        }
        assert_eq!(count_words("\u{1}\u{7f}\u{80}é \u{ff}"), 2);
        // The same count as byte by byte, on mixed texts of every length
        // up to 70 (an LCG picks the characters).
        let alphabet = [" ", "a", "\n", "é", "\t", "—", "x", "\u{1}", "~", "  "];
        let mut seed = 7u64;
        for len in 0..70 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let bytes = text.as_bytes();
            let plain = (0..bytes.len())
                .filter(|&i| bytes[i] > b' ' && (i == 0 || bytes[i - 1] <= b' '))
                .count();
            assert_eq!(count_words(&text), plain, "{text:?}");
        }
        let long = "word ".repeat(41) + "end";
        assert_eq!(count_words(&long), 42);
        assert_eq!(count_words(&format!("  {long}\n")), 42);
        assert_eq!(count_words(&"x".repeat(40)), 1);
    }
}

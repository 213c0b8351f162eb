//! The interjection pass: `[ed. – …]` in running text becomes an inline
//! interjection; a paragraph that opens with `[ed. – ` and whose matching
//! `]` ends that paragraph or a later sibling paragraph becomes a block
//! interjection wrapping them all.
//!
//! This pass must see the whole page (a block interjection can span
//! paragraphs), so it collects the events, finds every match, then emits.
//! Only literal text counts: a bracket that arrived through an escape
//! (`\[`) or an entity is text, never syntax. An opening with no match is
//! reported and left as typed.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::marker::{match_marker, slipped_marker};
use super::{is_literal, Ev, Events, Problem, Slot, Spanned};
use crate::config::AnnotationKind;

/// A maximal sequence of adjacent text events whose text is exactly the
/// source they came from, so positions in it are positions in the source.
#[derive(Debug)]
struct Run {
    first: usize,
    last: usize,
    span: Range<usize>,
    leaf: usize,
    inline_depth: usize,
}

#[derive(Debug, Clone, Copy)]
struct Bracket {
    run: usize,
    pos: usize,
    open: bool,
}

#[derive(Debug, Default)]
struct Container {
    parent: Option<usize>,
    is_paragraph: bool,
    start_ev: usize,
    end_ev: usize,
}

#[derive(Debug)]
struct Interjection {
    kind: usize,
    open: Range<usize>,
    close: usize,
    /// For a block interjection, the first paragraph's start event and the
    /// last paragraph's end event.
    block: Option<(usize, usize)>,
}

/// The block structure and literal text runs of one page.
struct Layout {
    containers: Vec<Container>,
    runs: Vec<Run>,
    brackets: Vec<Bracket>,
}

pub(super) fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

pub(super) fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn layout(src: &str, events: &[Spanned]) -> Layout {
    // Sized for prose (a block per ~15 events, a text run per ~3): grown
    // by copying, they cost more than the pass's own work.
    let mut containers = Vec::with_capacity(events.len() / 8 + 1);
    containers.push(Container::default()); // 0: the document
    let mut stack = Vec::with_capacity(16);
    stack.push(0usize);
    let mut inline_depth = 0usize;
    let mut verbatim = 0usize; // inside code or HTML blocks: no runs
    let mut runs: Vec<Run> = Vec::with_capacity(events.len() / 2);
    for (i, (ev, range)) in events.iter().enumerate() {
        let Ev::Md(ev) = ev else { continue };
        match ev {
            Event::Start(tag) if is_inline(tag) => inline_depth += 1,
            Event::End(tag) if is_inline_end(tag) => inline_depth = inline_depth.saturating_sub(1),
            Event::Start(tag) => {
                let id = containers.len();
                containers.push(Container {
                    parent: stack.last().copied(),
                    is_paragraph: matches!(tag, Tag::Paragraph),
                    start_ev: i,
                    end_ev: events.len(),
                });
                stack.push(id);
                if matches!(tag, Tag::CodeBlock(_) | Tag::HtmlBlock) {
                    verbatim += 1;
                }
            }
            Event::End(tag) => {
                if let Some(id) = stack.pop() {
                    containers[id].end_ev = i;
                }
                if matches!(tag, TagEnd::CodeBlock | TagEnd::HtmlBlock) {
                    verbatim = verbatim.saturating_sub(1);
                }
            }
            Event::Text(text) if verbatim == 0 && is_literal(src, range, text) => {
                let leaf = *stack.last().expect("the document container is never popped");
                match runs.last_mut() {
                    Some(run)
                        if run.last + 1 == i
                            && run.span.end == range.start
                            && run.leaf == leaf
                            && run.inline_depth == inline_depth =>
                    {
                        run.last = i;
                        run.span.end = range.end;
                    }
                    _ => runs.push(Run {
                        first: i,
                        last: i,
                        span: range.clone(),
                        leaf,
                        inline_depth,
                    }),
                }
            }
            _ => {}
        }
    }
    let mut brackets = Vec::with_capacity(64);
    let bytes = src.as_bytes();
    let mut bracket = |r: usize, pos: usize| {
        if !is_escaped(src, pos) {
            brackets.push(Bracket {
                run: r,
                pos,
                open: bytes[pos] == b'[',
            });
        }
    };
    if runs.windows(2).all(|w| w[0].span.end <= w[1].span.start) {
        // Runs in source order (as pulldown-cmark gives text): one search
        // over the whole source, each bracket placed in its run by
        // bisection, instead of a search started in each of a page's
        // thousand runs.
        for pos in memchr::memchr2_iter(b'[', b']', bytes) {
            let r = runs.partition_point(|run| run.span.end <= pos);
            if runs.get(r).is_some_and(|run| run.span.start <= pos) {
                bracket(r, pos);
            }
        }
    } else {
        for (r, run) in runs.iter().enumerate() {
            for off in memchr::memchr2_iter(b'[', b']', &bytes[run.span.clone()]) {
                bracket(r, run.span.start + off);
            }
        }
        brackets.sort_by_key(|b| b.pos);
    }
    Layout {
        containers,
        runs,
        brackets,
    }
}

/// Whether the character at `pos` follows an odd number of backslashes.
/// pulldown-cmark leaves the backslash of `\\[` out of the text's range.
pub(super) fn is_escaped(src: &str, pos: usize) -> bool {
    src.as_bytes()[..pos].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

impl Layout {
    /// Whether the bracket at `b` is the last character of its paragraph.
    fn ends_paragraph(&self, events: &[Spanned], b: &Bracket) -> bool {
        let run = &self.runs[b.run];
        let c = &self.containers[run.leaf];
        c.is_paragraph
            && b.pos + 1 == run.span.end
            && run.last + 1 == c.end_ev
            && matches!(events[c.end_ev].0, Ev::Md(Event::End(TagEnd::Paragraph)))
    }

    /// The event index past which a block interjection opened in paragraph
    /// `para` may not reach: the end of its parent, or the next heading or
    /// rule beside it.
    fn block_limit(&self, events: &[Spanned], para: usize) -> usize {
        let c = &self.containers[para];
        let parent_end = c.parent.map_or(events.len(), |p| {
            if p == 0 {
                events.len()
            } else {
                self.containers[p].end_ev
            }
        });
        let mut depth = 0usize;
        for (i, (ev, _)) in events.iter().enumerate().take(parent_end).skip(c.end_ev + 1) {
            match ev {
                Ev::Md(Event::Start(Tag::Heading { .. })) | Ev::Md(Event::Rule) if depth == 0 => return i,
                Ev::Md(Event::Start(t)) if !is_inline(t) => depth += 1,
                Ev::Md(Event::End(t)) if !is_inline_end(t) => {
                    if depth == 0 {
                        return i;
                    }
                    depth -= 1;
                }
                _ => {}
            }
        }
        parent_end
    }
}

/// Finds every interjection in `events` and marks it with [`Ev`] events.
///
/// The first pass: `events` must be as parsed.
pub fn mark_interjections<'a>(
    src: &'a str,
    page: &mut Events<'a>,
    kinds: &[AnnotationKind],
    problems: &mut Vec<Problem>,
) {
    if kinds.is_empty() || !src.contains('[') {
        return;
    }
    let events = page
        .as_parsed()
        .expect("interjections are marked on the page as parsed");
    let lay = layout(src, events);
    let mut found = Vec::with_capacity(16);
    for (bi, b) in lay.brackets.iter().enumerate() {
        if !b.open {
            continue;
        }
        let run = &lay.runs[b.run];
        let Some((kind, len)) = match_marker(&src[b.pos + 1..run.span.end], kinds) else {
            let text = &src[b.pos + 1..run.span.end];
            if let Some(meant) = slipped_marker(text, kinds) {
                // As typed, up to the end of its dash: `ed –`.
                let dashes = text.find(['–', '—', '-']).unwrap_or(0);
                let end = text[dashes..]
                    .find(|c| !matches!(c, '–' | '—' | '-'))
                    .map_or(text.len(), |e| dashes + e);
                let (typed, dash) = (&text[..end], &text[dashes..end]);
                problems.push(Problem::warning(
                    b.pos,
                    format!(
                        "`[{typed}` is not an interjection: the marker is `{meant}`, with its dot \
                         (`[{meant} {dash}` if an annotation starts here); kept as written"
                    ),
                ));
            }
            continue;
        };
        let open = b.pos..b.pos + 1 + len;
        let leaf = &lay.containers[run.leaf];
        let starts_paragraph = leaf.is_paragraph && b.pos == run.span.start && run.first == leaf.start_ev + 1;
        let limit = if starts_paragraph {
            lay.block_limit(events, run.leaf)
        } else {
            leaf.end_ev
        };

        let mut depth = 0usize;
        let mut result: Option<Interjection> = None;
        for c in &lay.brackets[bi..] {
            let crun = &lay.runs[c.run];
            if crun.first >= limit || (!starts_paragraph && crun.leaf != run.leaf) {
                break;
            }
            if c.open {
                depth += 1;
                continue;
            }
            depth -= 1;
            if depth > 0 {
                continue;
            }
            if starts_paragraph && lay.ends_paragraph(events, c) && lay.containers[crun.leaf].parent == leaf.parent {
                let last = lay.containers[crun.leaf].end_ev;
                result = Some(Interjection {
                    kind,
                    open: open.clone(),
                    close: c.pos,
                    block: Some((leaf.start_ev, last)),
                });
            } else if crun.leaf == run.leaf && crun.inline_depth == run.inline_depth {
                result = Some(Interjection {
                    kind,
                    open: open.clone(),
                    close: c.pos,
                    block: None,
                });
            }
            break;
        }
        match result {
            Some(found_one) => found.push(found_one),
            None => problems.push(Problem::warning(
                b.pos,
                format!("unclosed `{}`, text kept as written", src[open].trim_end()),
            )),
        }
    }
    if !found.is_empty() {
        rewrite(src, page, &lay, &found);
    }
}

#[derive(Debug, Clone, Copy)]
enum Split {
    Open { kind: usize, len: usize, block: bool },
    Close { block: bool },
}

/// Puts the page in its new order: the parsed events where they stay, the
/// interjections' events and the pieces of split texts added among them.
fn rewrite<'a>(src: &'a str, page: &mut Events<'a>, lay: &Layout, found: &[Interjection]) {
    // Brackets are in source order, which is event order.
    let run_of = |pos: usize| {
        let at = lay.brackets.partition_point(|b| b.pos < pos);
        debug_assert_eq!(lay.brackets[at].pos, pos, "interjections start and end at brackets");
        lay.brackets[at].run
    };
    // Splits inside runs, and marks before and after whole events, each
    // sorted so one walk over the events meets them in order.
    let mut splits: Vec<(usize, usize, Split)> = Vec::with_capacity(found.len() * 2);
    let mut before: Vec<(usize, Ev<'a>)> = Vec::with_capacity(found.len());
    let mut after: Vec<(usize, std::cmp::Reverse<usize>)> = Vec::with_capacity(found.len());
    for (n, j) in found.iter().enumerate() {
        let block = j.block.is_some();
        let open = Split::Open {
            kind: j.kind,
            len: j.open.len(),
            block,
        };
        splits.push((run_of(j.open.start), j.open.start, open));
        splits.push((run_of(j.close), j.close, Split::Close { block }));
        if let Some((first, last)) = j.block {
            before.push((
                first,
                Ev::InterjectionStart {
                    kind: j.kind,
                    block: true,
                },
            ));
            // Blocks that end together close innermost (latest opened) first.
            after.push((last, std::cmp::Reverse(n)));
        }
    }
    splits.sort_by_key(|s| (s.0, s.1));
    before.sort_by_key(|b| b.0);
    after.sort();
    let (mut si, mut bi, mut ai) = (0, 0, 0);

    let len = page.len();
    let mut out = Vec::with_capacity(len + found.len() * 6);
    let mut i = 0;
    while i < len {
        // Up to the next event with something to do, the parsed events
        // stay as they are.
        let mut next = len;
        if let Some(b) = before.get(bi) {
            next = next.min(b.0);
        }
        if let Some(s) = splits.get(si) {
            next = next.min(lay.runs[s.0].first);
        }
        if let Some(a) = after.get(ai) {
            next = next.min(a.0);
        }
        if next > i {
            out.extend((i..next).map(Slot::parsed));
            i = next;
            continue;
        }
        let range = page.get(Slot::parsed(i)).1.clone();
        while bi < before.len() && before[bi].0 == i {
            out.push(page.add((before[bi].1.clone(), range.start..range.start)));
            bi += 1;
        }
        if si < splits.len() && lay.runs[splits[si].0].first == i {
            let r = splits[si].0;
            let run = &lay.runs[r];
            let mut cursor = run.span.start;
            let text = |a: usize, b: usize| (Ev::Md(Event::Text(CowStr::Borrowed(&src[a..b]))), a..b);
            while si < splits.len() && splits[si].0 == r {
                let (_, pos, split) = splits[si];
                si += 1;
                if pos > cursor {
                    out.push(page.add(text(cursor, pos)));
                }
                match split {
                    Split::Open { kind, len, block } => {
                        if !block {
                            out.push(page.add((Ev::InterjectionStart { kind, block: false }, pos..pos)));
                        }
                        out.push(page.add((Ev::InterjectionOpen(&src[pos..pos + len]), pos..pos + len)));
                        cursor = pos + len;
                    }
                    Split::Close { block } => {
                        out.push(page.add((Ev::InterjectionClose(&src[pos..pos + 1]), pos..pos + 1)));
                        if !block {
                            out.push(page.add((Ev::InterjectionEnd { block: false }, pos + 1..pos + 1)));
                        }
                        cursor = pos + 1;
                    }
                }
            }
            if cursor < run.span.end {
                out.push(page.add(text(cursor, run.span.end)));
            }
            // The run's own events are replaced by its pieces.
            i = run.last + 1;
            continue;
        }
        out.push(Slot::parsed(i));
        while ai < after.len() && after[ai].0 == i {
            out.push(page.add((Ev::InterjectionEnd { block: true }, range.end..range.end)));
            ai += 1;
        }
        i += 1;
    }
    page.reorder(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brackets are found in their runs whether or not the runs come in
    /// source order (pulldown-cmark gives them in order; the search over
    /// each run is kept for when they do not).
    #[test]
    fn brackets_are_placed_in_their_runs_in_either_order() {
        let src = "a [b] c\n\nd [e] f\n";
        let para = |at: usize| {
            [
                (Ev::Md(Event::Start(Tag::Paragraph)), at..at + 8),
                (Ev::Md(Event::Text(CowStr::Borrowed(&src[at..at + 7]))), at..at + 7),
                (Ev::Md(Event::End(TagEnd::Paragraph)), at..at + 8),
            ]
        };
        for (first, second) in [(0, 9), (9, 0)] {
            let events: Vec<Spanned> = para(first).into_iter().chain(para(second)).collect();
            let lay = layout(src, &events);
            let found: Vec<(usize, usize, bool)> = lay.brackets.iter().map(|b| (b.run, b.pos, b.open)).collect();
            let (r0, r9) = if first == 0 { (0, 1) } else { (1, 0) };
            assert_eq!(
                found,
                vec![(r0, 2, true), (r0, 4, false), (r9, 11, true), (r9, 13, false)],
                "runs at {first} then {second}"
            );
        }
    }
}

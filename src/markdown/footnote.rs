//! The note pass: numbers notes 1, 2, 3… in reading order and moves each
//! note's body to just after its first reference, so the theme can set it
//! beside that line. A note whose text opens with a kind's marker
//! (`ed. – `) is that kind's note, the marker replaced by the kind's label.
//!
//! This pass must see the whole page (definitions usually come last), so it
//! collects the definitions, then emits. Nothing is dropped: a reference
//! with no definition stays as typed text, and a definition never
//! referenced (or defined twice) is rendered where it stands, label and
//! all; each is reported.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::interjection::is_escaped;
use super::marker::match_marker;
use super::{is_literal, Ev, Events, Problem, Slot, Spanned};
use crate::config::AnnotationKind;

struct Def<'a> {
    label: CowStr<'a>,
    /// `label` as compared ([`key`]), made once.
    key: Cow<'a, str>,
    /// Source range of the whole definition.
    range: Range<usize>,
    /// Index of its start event; its body is the events after it up to
    /// `end` (the index of its end event).
    start: usize,
    end: usize,
    /// The first definition of its label, and referenced somewhere.
    moves: bool,
    /// Already written (at its reference, or where it stands).
    done: bool,
}

/// A label as compared: lowercased (a copy only when that changes it).
fn key(label: &str) -> Cow<'_, str> {
    if label.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(label.to_lowercase())
    } else {
        Cow::Borrowed(label)
    }
}

/// [`key`] of a label as pulldown-cmark gives it, borrowing the source
/// where the label does.
fn key_of<'a>(label: &CowStr<'a>) -> Cow<'a, str> {
    match label {
        CowStr::Borrowed(s) => key(s),
        other => Cow::Owned(key(other).into_owned()),
    }
}

/// Numbers the notes of one page; see the module docs.
///
/// Works on the page's order: definitions stay where they are, and their
/// slots are taken from there when their reference (or their own place) is
/// reached. No event is moved.
pub fn number_notes<'a>(src: &'a str, page: &mut Events<'a>, kinds: &[AnnotationKind], problems: &mut Vec<Problem>) {
    let has_notes = page.iter().any(|(e, _)| {
        matches!(
            e,
            Ev::Md(Event::FootnoteReference(_)) | Ev::Md(Event::Start(Tag::FootnoteDefinition(_)))
        )
    });
    // Where `[^` stands in the source; most pages have none outside real
    // references and definitions, which are not text.
    let starts: Vec<usize> = memchr::memmem::find_iter(src.as_bytes(), b"[^").collect();
    if !has_notes {
        report_undefined_references(src, &starts, page.iter(), problems);
        return;
    }

    // Where each definition stands, and which labels are referenced.
    // Sized for a page of a few dozen notes, not grown from nothing.
    let mut defs: Vec<Def<'a>> = Vec::with_capacity(32);
    // Few per page, each looked up a few times: sorted lists, not maps.
    let mut referenced: Vec<Cow<str>> = Vec::with_capacity(32);
    // Where the events the note pass acts on stand; it copies the order
    // between them as it is.
    let mut marks = Vec::with_capacity(128);
    // Where references and definitions begin in the source.
    let mut note_starts = Vec::with_capacity(64);
    // The definition being read, and how deep inside it.
    let mut open: Option<(usize, usize)> = None;
    let len = page.len();
    for (i, (ev, range)) in page.iter().enumerate() {
        if let Ev::Md(
            Event::FootnoteReference(_)
            | Event::Start(Tag::FootnoteDefinition(_) | Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image),
        ) = ev
        {
            marks.push(i);
            if let Ev::Md(Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))) = ev {
                note_starts.push(range.start);
            }
        }
        match (ev, &mut open) {
            (Ev::Md(Event::FootnoteReference(label)), _) => {
                referenced.push(key(label));
            }
            (Ev::Md(Event::Start(Tag::FootnoteDefinition(label))), None) => {
                defs.push(Def {
                    label: label.clone(),
                    key: key_of(label),
                    range: range.clone(),
                    start: i,
                    end: len,
                    moves: false,
                    done: false,
                });
                open = Some((defs.len() - 1, 0));
            }
            (Ev::Md(Event::End(TagEnd::FootnoteDefinition)), Some((d, 0))) => {
                defs[*d].end = i;
                open = None;
            }
            (Ev::Md(Event::Start(_)), Some((_, depth))) => *depth += 1,
            (Ev::Md(Event::End(_)), Some((_, depth))) => *depth = depth.saturating_sub(1),
            _ => {}
        }
    }

    // A `[^` that begins no reference or definition may be an undefined
    // reference: only then is the page's text searched for them.
    note_starts.sort_unstable();
    if starts.iter().any(|p| note_starts.binary_search(p).is_err()) {
        report_undefined_references(src, &starts, page.iter(), problems);
    }

    referenced.sort_unstable();
    referenced.dedup();
    // Each label's first definition, sorted by label (a stable sort keeps
    // the first of a label first).
    let mut first_def: Vec<usize> = (0..defs.len()).collect();
    first_def.sort_by(|&a, &b| defs[a].key.cmp(&defs[b].key));
    first_def.dedup_by(|later, first| defs[*later].key == defs[*first].key);
    let mut is_first = vec![false; defs.len()];
    for &d in &first_def {
        is_first[d] = true;
    }
    for (i, def) in defs.iter_mut().enumerate() {
        if !is_first[i] {
            problems.push(Problem::warning(
                def.range.start,
                format!(
                    "footnote `[^{}]` is defined twice, the first definition is used and this one is kept as written",
                    def.label
                ),
            ));
        } else {
            def.moves = referenced.binary_search(&def.key).is_ok();
            if !def.moves {
                problems.push(Problem::warning(
                    def.range.start,
                    format!("footnote `[^{}]` is never referenced, text kept as written", def.label),
                ));
            }
        }
    }
    let mut out = Vec::with_capacity(len + 8 * defs.len());
    let order = page.order().to_vec();
    let mut pass = NotePass {
        src,
        kinds,
        page,
        order,
        numbers: vec![None; defs.len()],
        notes: 0,
        defs,
        marks,
        first_def,
        problems,
    };
    pass.emit(0..len, &mut out);
    // Notes referenced only from notes that are themselves never reached
    // (a note citing itself, two citing each other): kept as written.
    for d in 0..pass.defs.len() {
        if !pass.defs[d].done {
            let def = &pass.defs[d];
            pass.problems.push(Problem::warning(
                def.range.start,
                format!(
                    "footnote `[^{}]` is referenced only from notes the text never reaches, text kept as written",
                    def.label
                ),
            ));
            pass.slot(d, &mut out, true);
        }
    }
    pass.page.reorder(out);
}

struct NotePass<'a, 'p> {
    src: &'a str,
    kinds: &'p [AnnotationKind],
    page: &'p mut Events<'a>,
    /// The page's order before this pass, which definitions' and events'
    /// indices are into.
    order: Vec<Slot>,
    defs: Vec<Def<'a>>,

    /// The indices of references, definitions, links and images, in order:
    /// the events [`Self::emit`] looks at.
    marks: Vec<usize>,
    /// Each label's first definition (by label key, sorted).
    first_def: Vec<usize>,
    /// Number and count of references so far, by first definition.
    numbers: Vec<Option<(usize, usize)>>,
    /// Notes numbered so far.
    notes: usize,
    problems: &'p mut Vec<Problem>,
}

impl<'a> NotePass<'a, '_> {
    fn event(&self, i: usize) -> &Spanned<'a> {
        self.page.get(self.order[i])
    }

    /// The definition whose start event is at `i`.
    fn def_at(&self, i: usize) -> Option<usize> {
        // In order of their start: the scan found them so.
        self.defs.binary_search_by_key(&i, |d| d.start).ok()
    }

    /// A new event, written where its slot goes.
    fn add(&mut self, event: Spanned<'a>) -> Slot {
        self.page.add(event)
    }

    /// Writes the events of `indices`, notes after their references and
    /// definitions skipped (or written as typed, see [`Self::slot`]).
    fn emit(&mut self, indices: Range<usize>, out: &mut Vec<Slot>) {
        // A note met inside a link or image waits until it closes: a note is
        // no valid content of `<a>`, and alt text would flatten it.
        let mut link_depth = 0usize;
        let mut pending: Vec<Slot> = Vec::new();
        let mut i = indices.start;
        let mut mark = self.marks.partition_point(|&m| m < i);
        while i < indices.end {
            // Up to the next mark, the order stays as it is.
            while mark < self.marks.len() && self.marks[mark] < i {
                mark += 1;
            }
            let next = self.marks.get(mark).map_or(indices.end, |&m| m.min(indices.end));
            if next > i {
                out.extend_from_slice(&self.order[i..next]);
                i = next;
                continue;
            }
            let slot = self.order[i];
            let def = match self.page.get(slot).0 {
                Ev::Md(Event::Start(Tag::FootnoteDefinition(_))) => self.def_at(i),
                _ => None,
            };
            if let Some(d) = def {
                self.slot(d, out, false);
                i = self.defs[d].end + 1;
                continue;
            }
            match &self.page.get(slot).0 {
                Ev::Md(Event::FootnoteReference(label)) => {
                    let (label, range) = (label.clone(), self.page.get(slot).1.clone());
                    let target = if link_depth > 0 { &mut pending } else { &mut *out };
                    self.reference(label, range, target);
                }
                Ev::Md(Event::Start(Tag::Link { .. } | Tag::Image { .. })) => {
                    link_depth += 1;
                    out.push(slot);
                }
                Ev::Md(Event::End(TagEnd::Link | TagEnd::Image)) => {
                    out.push(slot);
                    link_depth = link_depth.saturating_sub(1);
                    if link_depth == 0 {
                        out.append(&mut pending);
                    }
                }
                _ => out.push(slot),
            }
            i += 1;
        }
        out.append(&mut pending);
    }

    fn reference(&mut self, label: CowStr<'a>, range: Range<usize>, out: &mut Vec<Slot>) {
        let k = key(&label);
        let defs = &self.defs;
        let Ok(at) = self.first_def.binary_search_by(|&d| defs[d].key.as_ref().cmp(&k)) else {
            self.problems.push(Problem::warning(
                range.start,
                format!("footnote `[^{label}]` has no definition, text kept as written"),
            ));
            let typed = self.add((Ev::Md(Event::Text(CowStr::Borrowed(&self.src[range.clone()]))), range));
            out.push(typed);
            return;
        };
        let di = self.first_def[at];
        if self.defs[di].done && self.numbers[di].is_none() {
            // Its text is being written as typed (see the end of
            // `number_notes`): the reference stays as typed too.
            let typed = self.add((Ev::Md(Event::Text(CowStr::Borrowed(&self.src[range.clone()]))), range));
            out.push(typed);
            return;
        }
        if let Some((number, count)) = &mut self.numbers[di] {
            *count += 1;
            let mark = Ev::NoteRef {
                number: *number,
                first: false,
                repeat: *count,
            };
            let mark = self.add((mark, range));
            out.push(mark);
            return;
        }
        self.notes += 1;
        let number = self.notes;
        self.numbers[di] = Some((number, 1));
        let mark = Ev::NoteRef {
            number,
            first: true,
            repeat: 1,
        };
        let mark = self.add((mark, range.clone()));
        out.push(mark);
        let def = &mut self.defs[di];
        def.done = true;
        let (body, def_range) = (def.start + 1..def.end, def.range.clone());
        let kind = strip_marker(self.page, &self.order[body.clone()], self.kinds);
        let start = self.add((Ev::NoteStart { number, kind }, def_range.start..def_range.start));
        out.push(start);
        self.emit(body, out);
        let end = self.add((Ev::NoteEnd, def_range.end..def_range.end));
        out.push(end);
    }

    /// Where a definition stands: nothing if it moved (or moves) to its
    /// reference, else the definition as written, label and all.
    fn slot(&mut self, d: usize, out: &mut Vec<Slot>, force: bool) {
        let def = &mut self.defs[d];
        if (def.moves && !force) || def.done {
            return;
        }
        def.done = true;
        let (range, mut body) = (def.range.clone(), def.start + 1..def.end);
        // The label as typed, up to and including its colon.
        let typed = self.src[range.clone()].split_once(':').map_or(0, |(l, _)| l.len() + 1);
        let label = &self.src[range.start..range.start + typed];
        let label_text = (
            Ev::Md(Event::Text(CowStr::Borrowed(label))),
            range.start..range.start + typed,
        );
        let at = range.start + typed..range.start + typed;
        if body.start < body.end && matches!(self.event(body.start), (Ev::Md(Event::Start(Tag::Paragraph)), _)) {
            out.push(self.order[body.start]);
            body.start += 1;
            let label_text = self.add(label_text);
            out.push(label_text);
            let space = self.add((Ev::Md(Event::Text(CowStr::Borrowed(" "))), at));
            out.push(space);
        } else {
            let open = self.add((Ev::Md(Event::Start(Tag::Paragraph)), at.clone()));
            out.push(open);
            let label_text = self.add(label_text);
            out.push(label_text);
            let close = self.add((Ev::Md(Event::End(TagEnd::Paragraph)), at));
            out.push(close);
        }
        self.emit(body, out);
    }
}

/// Finds a kind's marker at the start of a note's text and removes it.
fn strip_marker(page: &mut Events, body: &[Slot], kinds: &[AnnotationKind]) -> Option<usize> {
    let &at = body
        .iter()
        .find(|&&s| !matches!(page.get(s).0, Ev::Md(Event::Start(Tag::Paragraph))))?;
    let (Ev::Md(Event::Text(text)), range) = page.get(at) else {
        return None;
    };
    let lead = text.len() - text.trim_start().len();
    let (kind, len) = match_marker(&text[lead..], kinds)?;
    let cut = lead + len;
    let rest = match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[cut..]),
        other => CowStr::from(other[cut..].to_string()),
    };
    let new_range = (range.start + cut).min(range.end)..range.end;
    // An emptied text stays as an empty text event: it writes nothing.
    *page.get_mut(at) = (Ev::Md(Event::Text(rest)), new_range);
    Some(kind)
}

/// A `[^label]` with no definition reaches us as plain text (pulldown-cmark
/// only makes references of defined labels): it stays text, and is reported.
/// `starts`: where `[^` stands in the source.
fn report_undefined_references<'e, 'a: 'e>(
    src: &str,
    starts: &[usize],
    events: impl Iterator<Item = &'e Spanned<'a>>,
    problems: &mut Vec<Problem>,
) {
    if starts.is_empty() {
        return;
    }
    let mut next = 0usize;
    let mut verbatim = 0usize;
    for (ev, range) in events {
        match ev {
            Ev::Md(Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)) => verbatim += 1,
            Ev::Md(Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock)) => verbatim = verbatim.saturating_sub(1),
            Ev::Md(Event::Text(t)) if verbatim == 0 => {
                while next < starts.len() && starts[next] < range.start {
                    next += 1;
                }
                if next == starts.len() || starts[next] >= range.end || !is_literal(src, range, t) {
                    continue;
                }
                while next < starts.len() && starts[next] < range.end {
                    let pos = starts[next];
                    next += 1;
                    let rest = &src[pos + 2..];
                    let label = rest.find(']').map(|n| &rest[..n]);
                    if let (Some(label), false) = (label, is_escaped(src, pos)) {
                        if !label.is_empty() && !label.contains(['[', ' ', '\t', '\n', '\r']) {
                            problems.push(Problem::warning(
                                pos,
                                format!("footnote `[^{label}]` has no definition, text kept as written"),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

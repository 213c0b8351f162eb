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

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::interjection::is_escaped;
use super::marker::match_marker;
use super::{Ev, Problem, Spanned};
use crate::config::AnnotationKind;

struct Def<'a> {
    label: CowStr<'a>,
    range: Range<usize>,
    events: Option<Vec<Spanned<'a>>>,
    /// The first definition of its label, and referenced somewhere.
    moves: bool,
}

fn key(label: &str) -> String {
    label.to_lowercase()
}

/// Numbers the notes of one page; see the module docs.
pub fn number_notes<'a>(
    src: &'a str,
    events: Vec<Spanned<'a>>,
    kinds: &[AnnotationKind],
    problems: &mut Vec<Problem>,
) -> Vec<Spanned<'a>> {
    let has_notes = events.iter().any(|(e, _)| {
        matches!(
            e,
            Ev::Md(Event::FootnoteReference(_)) | Ev::Md(Event::Start(Tag::FootnoteDefinition(_)))
        )
    });
    report_undefined_references(src, &events, problems);
    if !has_notes {
        return events;
    }

    // Take every definition out of the stream, leaving its start as a slot.
    let mut main = Vec::with_capacity(events.len());
    let mut defs: Vec<Def<'a>> = Vec::new();
    let mut referenced: HashSet<String> = HashSet::new();
    let mut current: Option<(Vec<Spanned<'a>>, usize)> = None;
    for (ev, range) in events {
        if let Ev::Md(Event::FootnoteReference(label)) = &ev {
            referenced.insert(key(label));
        }
        match (&mut current, ev) {
            (None, Ev::Md(Event::Start(Tag::FootnoteDefinition(label)))) => {
                defs.push(Def {
                    label: label.clone(),
                    range: range.clone(),
                    events: None,
                    moves: false,
                });
                main.push((Ev::Md(Event::Start(Tag::FootnoteDefinition(label))), range));
                current = Some((Vec::new(), 0));
            }
            (Some((body, depth)), ev) => match ev {
                Ev::Md(Event::End(TagEnd::FootnoteDefinition)) if *depth == 0 => {
                    let body = std::mem::take(body);
                    defs.last_mut().expect("a definition is open").events = Some(body);
                    current = None;
                }
                ev => {
                    match &ev {
                        Ev::Md(Event::Start(_)) => *depth += 1,
                        Ev::Md(Event::End(_)) => *depth -= 1,
                        _ => {}
                    }
                    body.push((ev, range));
                }
            },
            (None, ev) => main.push((ev, range)),
        }
    }

    let mut first_def: HashMap<String, usize> = HashMap::new();
    for (i, def) in defs.iter_mut().enumerate() {
        let k = key(&def.label);
        if first_def.contains_key(&k) {
            problems.push(Problem::warning(
                def.range.start,
                format!(
                    "footnote `[^{}]` is defined twice, the first definition is used and this one is kept as written",
                    def.label
                ),
            ));
        } else {
            first_def.insert(k.clone(), i);
            def.moves = referenced.contains(&k);
            if !def.moves {
                problems.push(Problem::warning(
                    def.range.start,
                    format!("footnote `[^{}]` is never referenced, text kept as written", def.label),
                ));
            }
        }
    }

    let mut pass = NotePass {
        src,
        kinds,
        defs,
        first_def,
        numbers: HashMap::new(),
        next_slot: 0,
        problems,
    };
    let body_events: usize = pass.defs.iter().filter_map(|d| d.events.as_ref()).map(Vec::len).sum();
    let mut out = Vec::with_capacity(main.len() + body_events + 8 * pass.defs.len());
    pass.emit(main, &mut out);
    out
}

struct NotePass<'a, 'p> {
    src: &'a str,
    kinds: &'p [AnnotationKind],
    defs: Vec<Def<'a>>,
    first_def: HashMap<String, usize>,
    /// Number and count of references so far, by label key.
    numbers: HashMap<String, (usize, usize)>,
    /// The next definition slot met in the main stream.
    next_slot: usize,
    problems: &'p mut Vec<Problem>,
}

impl<'a> NotePass<'a, '_> {
    fn emit(&mut self, events: Vec<Spanned<'a>>, out: &mut Vec<Spanned<'a>>) {
        // A note met inside a link or image waits until it closes: a note is
        // no valid content of `<a>`, and alt text would flatten it.
        let mut link_depth = 0usize;
        let mut pending: Vec<Spanned<'a>> = Vec::new();
        for (ev, range) in events {
            match ev {
                Ev::Md(Event::FootnoteReference(label)) => {
                    let target = if link_depth > 0 { &mut pending } else { &mut *out };
                    self.reference(label, range, target);
                }
                Ev::Md(Event::Start(Tag::FootnoteDefinition(_))) => self.slot(range, out),
                Ev::Md(Event::Start(Tag::Link { .. } | Tag::Image { .. })) => {
                    link_depth += 1;
                    out.push((ev, range));
                }
                Ev::Md(Event::End(TagEnd::Link | TagEnd::Image)) => {
                    out.push((ev, range));
                    link_depth = link_depth.saturating_sub(1);
                    if link_depth == 0 {
                        out.append(&mut pending);
                    }
                }
                ev => out.push((ev, range)),
            }
        }
        out.append(&mut pending);
    }

    fn reference(&mut self, label: CowStr<'a>, range: Range<usize>, out: &mut Vec<Spanned<'a>>) {
        let k = key(&label);
        let Some(&di) = self.first_def.get(&k) else {
            self.problems.push(Problem::warning(
                range.start,
                format!("footnote `[^{label}]` has no definition, text kept as written"),
            ));
            out.push((Ev::Md(Event::Text(CowStr::Borrowed(&self.src[range.clone()]))), range));
            return;
        };
        if let Some((number, count)) = self.numbers.get_mut(&k) {
            *count += 1;
            out.push((
                Ev::NoteRef {
                    number: *number,
                    first: false,
                    repeat: *count,
                },
                range,
            ));
            return;
        }
        let number = self.numbers.len() + 1;
        self.numbers.insert(k, (number, 1));
        out.push((
            Ev::NoteRef {
                number,
                first: true,
                repeat: 1,
            },
            range.clone(),
        ));
        let body = self.defs[di].events.take().unwrap_or_default();
        let (kind, body) = strip_marker(body, self.kinds);
        let def_range = self.defs[di].range.clone();
        out.push((Ev::NoteStart { number, kind }, def_range.start..def_range.start));
        self.emit(body, out);
        out.push((Ev::NoteEnd, def_range.end..def_range.end));
    }

    /// Where a definition stood: nothing if it moved to its reference, else
    /// the definition as written.
    fn slot(&mut self, range: Range<usize>, out: &mut Vec<Spanned<'a>>) {
        let di = self.next_slot;
        self.next_slot += 1;
        if self.defs[di].moves {
            return;
        }
        let Some(mut body) = self.defs[di].events.take() else {
            return;
        };
        // The label as typed, up to and including its colon.
        let typed = self.src[range.clone()].split_once(':').map_or(0, |(l, _)| l.len() + 1);
        let label_text = (
            Ev::Md(Event::Text(CowStr::Borrowed(
                &self.src[range.start..range.start + typed],
            ))),
            range.start..range.start + typed,
        );
        let space = (
            Ev::Md(Event::Text(CowStr::Borrowed(" "))),
            range.start + typed..range.start + typed,
        );
        if let Some((Ev::Md(Event::Start(Tag::Paragraph)), _)) = body.first() {
            body.insert(1, label_text);
            body.insert(2, space);
        } else {
            let at = range.start..range.start;
            body.insert(0, (Ev::Md(Event::Start(Tag::Paragraph)), at.clone()));
            body.insert(1, label_text);
            body.insert(2, (Ev::Md(Event::End(TagEnd::Paragraph)), at));
        }
        self.emit(body, out);
    }
}

/// Finds a kind's marker at the start of a note's text and removes it.
fn strip_marker<'a>(mut body: Vec<Spanned<'a>>, kinds: &[AnnotationKind]) -> (Option<usize>, Vec<Spanned<'a>>) {
    let first_text = body
        .iter()
        .position(|(e, _)| !matches!(e, Ev::Md(Event::Start(Tag::Paragraph))));
    let Some(i) = first_text else {
        return (None, body);
    };
    let (Ev::Md(Event::Text(text)), range) = &body[i] else {
        return (None, body);
    };
    let lead = text.len() - text.trim_start().len();
    let Some((kind, len)) = match_marker(&text[lead..], kinds) else {
        return (None, body);
    };
    let cut = lead + len;
    let rest = match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[cut..]),
        other => CowStr::from(other[cut..].to_string()),
    };
    let new_range = (range.start + cut).min(range.end)..range.end;
    if rest.is_empty() {
        body.remove(i);
    } else {
        body[i] = (Ev::Md(Event::Text(rest)), new_range);
    }
    (Some(kind), body)
}

/// A `[^label]` with no definition reaches us as plain text (pulldown-cmark
/// only makes references of defined labels): it stays text, and is reported.
fn report_undefined_references(src: &str, events: &[Spanned], problems: &mut Vec<Problem>) {
    // Where `[^` stands in the source; most pages have none outside real
    // references and definitions, which are not text.
    let bytes = src.as_bytes();
    let starts: Vec<usize> = bytes
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w == b"[^")
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return;
    }
    let mut next = 0usize;
    let mut verbatim = 0usize;
    for (ev, range) in events {
        match ev {
            Ev::Md(Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)) => verbatim += 1,
            Ev::Md(Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock)) => verbatim = verbatim.saturating_sub(1),
            Ev::Md(Event::Text(t)) if verbatim == 0 && src.get(range.clone()) == Some(&**t) => {
                while next < starts.len() && starts[next] < range.start {
                    next += 1;
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

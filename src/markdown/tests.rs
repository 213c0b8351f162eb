//! Behaviour of the whole pipeline on small inputs, one behaviour a test.

use super::*;
use crate::config::AnnotationKind;

fn kinds() -> Vec<AnnotationKind> {
    vec![
        AnnotationKind::new("ed", &["ed."], "Editor"),
        AnnotationKind::new("tr", &["tr.", "trans."], "Translator"),
    ]
}

fn html(src: &str) -> (String, Vec<Problem>) {
    let (r, problems) = rendered(src, NotePlacement::Inline);
    (r.html, problems)
}

fn rendered(src: &str, notes: NotePlacement) -> (Rendered, Vec<Problem>) {
    let k = kinds();
    let mut problems = Vec::new();
    let r = render(
        src,
        &RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &k,
            notes,
            links: None,
            template_ids: None,
        },
        &mut problems,
    );
    (r, problems)
}

#[test]
fn headings_are_gathered_for_the_contents_with_their_words_alone() {
    let src = "Intro.\n\n## On *bread* and `ovens`[^1]\n\n[^1]: ed. – A note.\n\n    ## Not a heading\n\n\
               ### The [rota](../rota/) [ed. – so called]\n\n> ## Quoted & <i>raw</i>\n\nHard  \nbreak\n----\n";
    for placement in [NotePlacement::Inline, NotePlacement::InlineAndEnd, NotePlacement::End] {
        let (r, p) = rendered(src, placement);
        assert!(p.is_empty(), "{p:?}");
        let got: Vec<(u8, &str, &str)> = r
            .headings
            .iter()
            .map(|h| (h.level, h.id.as_str(), h.html.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "on-bread-and-ovens", "On <em>bread</em> and <code>ovens</code>"),
                (3, "the-rota-so-called", "The rota [ed. – so called]"),
                (2, "quoted-raw", "Quoted &amp; raw"),
                (2, "hard-break", "Hard break"),
            ],
            "{placement:?}"
        );
        // Each is the id of a heading of the page.
        for h in &r.headings {
            assert!(r.html.contains(&format!(" id=\"{}\">", h.id)), "{}", r.html);
        }
    }
    // A body with `#` headings has them moved down a level, as the page.
    let (r, _) = rendered("# One\n\n## Two\n", NotePlacement::Inline);
    let levels: Vec<u8> = r.headings.iter().map(|h| h.level).collect();
    assert_eq!(levels, [2, 3]);
    assert!(r.html.starts_with("<h2 id=\"one\">One</h2>"), "{}", r.html);
}

#[test]
fn inline_interjection_is_wrapped_and_keeps_its_text() {
    let (h, p) = html("The strike [ed. – in *March* 1921] failed.");
    assert!(p.is_empty(), "{p:?}");
    assert!(h.contains("<span class=\"interjection interjection-ed\" data-annotation=\"ed\" data-interjection=\"inline\"><span class=\"interjection-open\">[ed. – </span>in <em>March</em> 1921<span class=\"interjection-close\">]</span></span> failed."), "{h}");
}

#[test]
fn typewriter_dashes_open_interjections_and_notes_too() {
    let (h, p) = html("The strike [ed. -- in March] failed.[^1]\n\n[^1]: tr. --- A translator's note.\n");
    assert!(p.is_empty(), "{p:?}");
    assert!(
        h.contains("<span class=\"interjection-open\">[ed. -- </span>in March"),
        "{h}"
    );
    assert!(h.contains("data-annotation=\"tr\""), "{h}");
}

#[test]
fn a_marker_without_its_dot_is_warned_of_and_kept() {
    let src = "Hired [ed – the printer] and [Ed – our printer – said so].";
    let (h, p) = html(src);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].offset, src.find("[ed").unwrap());
    assert_eq!(
        p[0].message,
        "`[ed –` is not an interjection: the marker is `ed.`, with its dot (`[ed. –` if an annotation starts here); \
         kept as written"
    );
    assert_eq!(h, format!("<p>{src}</p>\n"));
}

#[test]
fn plain_brackets_stay_text() {
    let (h, p) = html("He wrote [sic] and […] and [1] and [edited – x].");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(h, "<p>He wrote [sic] and […] and [1] and [edited – x].</p>\n");
}

#[test]
fn escaped_marker_stays_literal() {
    let (h, p) = html("Write \\[ed. – like this] to show it.");
    assert!(p.is_empty(), "{p:?}");
    assert!(!h.contains("data-interjection"), "{h}");
    assert!(h.contains("[ed. – like this]"), "{h}");
}

#[test]
fn balanced_brackets_inside_an_interjection() {
    let (h, _) = html("Text [ed. – the [sic] is hers, see [the list](http://x.org)] more.");
    assert!(h.contains("the [sic] is hers, see <a href=\"http://x.org\">the list</a><span class=\"interjection-close\">]</span></span> more."), "{h}");
}

#[test]
fn unclosed_interjection_is_warned_and_kept() {
    let (h, p) = html("Text [ed. – never closed.\n\nNext.");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].offset, 5);
    assert!(p[0].message.contains("unclosed `[ed. –`"), "{}", p[0].message);
    assert!(h.contains("Text [ed. – never closed."), "{h}");
}

#[test]
fn block_interjection_spans_paragraphs() {
    let (h, p) = html("[ed. – First para.\n\nSecond para.]\n\nBody.");
    assert!(p.is_empty(), "{p:?}");
    assert!(h.starts_with("<div class=\"interjection interjection-ed\" data-annotation=\"ed\" data-interjection=\"block\" role=\"note\" aria-label=\"Editor\">\n<p><span class=\"interjection-open\">[ed. – </span>First para.</p>\n<p>Second para.<span class=\"interjection-close\">]</span></p>\n</div>\n<p>Body.</p>"), "{h}");
}

#[test]
fn one_paragraph_in_brackets_is_a_block() {
    let (h, _) = html("[tr. – A whole paragraph.]");
    assert!(h.contains("data-annotation=\"tr\" data-interjection=\"block\""), "{h}");
}

#[test]
fn paragraph_starting_with_inline_interjection_stays_inline() {
    let (h, _) = html("[ed. – x] and the text goes on.");
    assert!(h.contains("data-interjection=\"inline\""), "{h}");
}

#[test]
fn notes_are_numbered_in_reading_order_and_placed_after_their_reference() {
    let (h, p) = html("One[^b] two[^a] one again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n");
    assert!(p.is_empty(), "{p:?}");
    let b = h.find("data-note=\"1\"").unwrap();
    let a = h.find("data-note=\"2\"").unwrap();
    assert!(b < a);
    assert!(h[b..].starts_with("data-note=\"1\" data-annotation=\"author\""), "{h}");
    assert!(h.contains("Note B."));
    assert_eq!(h.matches("data-note-ref=\"1\"").count(), 2);
    assert_eq!(h.matches("data-note=\"1\"").count(), 1);
}

#[test]
fn editor_note_marker_becomes_the_kind() {
    for form in ["ed. – ", "ed. — ", "ed. - ", "ed.: ", "ed: "] {
        let (h, _) = html(&format!("Text[^1].\n\n[^1]: {form}An editor's remark.\n"));
        assert!(h.contains("data-note=\"1\" data-annotation=\"ed\""), "{form}: {h}");
        assert!(h.contains("<span class=\"note-label\">Editor</span>"), "{h}");
        assert!(
            h.contains("<span class=\"note-p\">An editor's remark.</span>"),
            "{form}: {h}"
        );
    }
}

#[test]
fn multi_paragraph_note_stays_phrasing() {
    let (h, _) = html("Text[^1].\n\n[^1]: First.\n\n    Second.\n");
    assert!(
        h.contains("<span class=\"note-p\">First.</span><span class=\"note-p\">Second.</span>"),
        "{h}"
    );
    assert!(h.starts_with("<p>Text<sup"), "{h}");
    let inner = &h[..h.find("</p>").unwrap()];
    assert!(!inner[3..].contains("<p>"), "{h}");
}

#[test]
fn missing_definition_is_warned_and_kept() {
    let (h, p) = html("Text[^nope] here.");
    assert!(h.contains("Text[^nope] here."), "{h}");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("no definition"));
}

#[test]
fn unreferenced_note_is_kept_and_warned() {
    let (h, p) = html("Text.\n\n[^lost]: Lost words.\n");
    assert!(h.contains("[^lost]: Lost words."), "{h}");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("never referenced"));
}

#[test]
fn duplicate_definition_is_kept_and_warned() {
    let (h, p) = html("Text[^a].\n\n[^a]: First.\n\n[^a]: Second.\n");
    assert!(h.contains("First.") && h.contains("Second."), "{h}");
    assert!(p.iter().any(|p| p.message.contains("defined twice")), "{p:?}");
    // The first definition is the note; the second stays where it stands,
    // label and all.
    let body = &h[h.find("class=\"note-body\"").expect("a note")..];
    assert!(
        body.starts_with("class=\"note-body\"><span class=\"note-p\">First.</span>"),
        "{h}"
    );
    assert!(h.contains("<p>[^a]: Second.</p>"), "{h}");
}

#[test]
fn interjection_inside_a_note() {
    let (h, _) = html("Text[^1].\n\n[^1]: The author [ed. – wrongly] says so.\n");
    let note = &h[h.find("data-note=\"1\"").unwrap()..];
    assert!(note.contains("data-interjection=\"inline\""), "{h}");
}

#[test]
fn headings_get_ids() {
    let (h, _) = html("## On *mutual* aid\n\n## On mutual aid\n");
    assert!(h.contains("<h2 id=\"on-mutual-aid\">"), "{h}");
    assert!(h.contains("<h2 id=\"on-mutual-aid-2\">"), "{h}");
}

/// A heading never takes a note's id, or one its page's templates give:
/// a link to it, or the note's mark, would lead to the other.
#[test]
fn headings_leave_the_ids_of_notes_and_templates_alone() {
    let template = ["main".to_string()].into_iter().collect();
    let mut problems = Vec::new();
    let r = render(
        "## Main\n\n## Note 1\n\nText.[^1]\n\n## Note ref 1\n\n## Note 1b\n\n## Notes\n\n## Note\n\n## Note\n\n## Note\n\n\
         [^1]: A note.\n",
        &RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &kinds(),
            notes: NotePlacement::Inline,
            links: None,
            template_ids: Some(&template),
        },
        &mut problems,
    );
    let headings: Vec<&str> = r
        .html
        .match_indices("<h2 id=\"")
        .map(|(at, _)| {
            let id = &r.html[at + 8..];
            &id[..id.find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        headings,
        [
            "main-2",
            "note-1-2",
            "heading-note-ref-1",
            "note-1b",
            "notes",
            "note",
            "heading-note",
            "heading-note-2"
        ]
    );
    assert!(r.html.contains("id=\"note-1\" data-note=\"1\""), "{}", r.html);
}

/// Whatever headings a page has beside its notes, no two of its ids are
/// the same (and giving them ends).
#[test]
fn headings_and_notes_never_share_an_id() {
    let texts = [
        "Note",
        "Note 1",
        "Note 2",
        "Note ref 1",
        "Note ref 1 2",
        "Heading note",
        "Main",
        "Main 2",
    ];
    let template = ["main".to_string()].into_iter().collect();
    for n in 0..texts.len().pow(4) {
        let headings: String = (0..4)
            .map(|k| format!("## {}\n\n", texts[n / texts.len().pow(k) % texts.len()]))
            .collect();
        let src = format!("{headings}A[^1], b[^2], a[^1].\n\n[^1]: One.\n[^2]: Two.\n");
        let opts = RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &kinds(),
            notes: NotePlacement::Inline,
            links: None,
            template_ids: Some(&template),
        };
        let r = render(&src, &opts, &mut Vec::new());
        let ids: Vec<&str> = crate::markdown::html::ids_written(&r.html).collect();
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "{src}\n{ids:?}");
        assert!(!unique.contains("main"), "{ids:?}");
    }
}

/// An id raw HTML gives (an author's anchor, an original edition's page
/// number) is kept: a heading of the same text takes another. One the
/// page has twice is a warning at the raw HTML.
#[test]
fn ids_of_raw_html_are_kept_and_ones_given_twice_are_warned_of() {
    let template = ["main".to_string()].into_iter().collect();
    let render_with = |src: &str, notes: NotePlacement| {
        let mut problems = Vec::new();
        let opts = RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &kinds(),
            notes,
            links: None,
            template_ids: Some(&template),
        };
        let r = render(src, &opts, &mut problems);
        (r.html, problems)
    };
    let (h, problems) = render_with(
        "<a id=\"introduction\"></a>\n\n## Introduction\n\nText <span id=\"p12\"></span>more.\n",
        NotePlacement::Inline,
    );
    assert!(h.contains("<h2 id=\"introduction-2\">"), "{h}");
    assert!(problems.is_empty(), "{problems:?}");
    let (_, problems) = render_with(
        "A[^1] <span id=\"note-1\">x</span>, <i id=\"twice\">a</i> <i id=\"twice\">b</i>.\n\n<div id=\"main\">M</div>\n\n[^1]: N.\n",
        NotePlacement::Inline,
    );
    let said: Vec<(usize, &str)> = problems.iter().map(|p| (p.offset, p.message.as_str())).collect();
    assert_eq!(said.len(), 4, "{said:?}");
    assert!(
        said[0]
            .1
            .starts_with("`id=\"note-1\"` is on this page twice (samizdat gives it to a note"),
        "{said:?}"
    );
    assert!(
        said[1].1.contains("(another element of this page has it too)"),
        "{said:?}"
    );
    assert!(said[2].1.contains("`#twice` leads only to the first"), "{said:?}");
    assert!(said[3].1.contains("(the page's template gives it too)"), "{said:?}");
    assert_eq!(said.iter().map(|s| s.0).collect::<Vec<_>>(), [12, 37, 57, 81]);
    // A note written again at the end (`[print] notes = "end"`) repeats
    // its raw HTML: not the author's doing.
    let (_, problems) = render_with(
        "A[^1].\n\n[^1]: N <span id=\"n\">x</span>.\n",
        NotePlacement::InlineAndEnd,
    );
    assert!(problems.is_empty(), "{problems:?}");
}

/// An interjection in an image's alt text keeps its words and brackets as
/// plain text: markup there is read out by screen readers as text.
#[test]
fn an_interjection_in_an_image_s_alt_text_is_its_words() {
    let (h, problems) = html("![The press [ed. – before 1900], in lino](press.png)\n");
    assert!(h.contains("alt=\"The press [ed. – before 1900], in lino\""), "{h}");
    assert!(problems.is_empty(), "{problems:?}");
    // Beside the image, as before.
    let (h, _) = html("![x](a.png) [ed. – after]\n");
    assert!(h.contains("data-interjection=\"inline\""), "{h}");
}

/// A collection of a thousand poems headed `Untitled`: each heading its
/// own number, in order.
#[test]
fn many_headings_of_one_text_are_numbered_in_order() {
    let src: String = (0..1000).map(|_| "## Untitled\n\nA line.\n\n").collect();
    let (h, _) = html(&src);
    let ids: Vec<&str> = crate::markdown::html::ids_written(&h).collect();
    let expected: Vec<String> = (1..=1000)
        .map(|n| match n {
            1 => "untitled".to_string(),
            n => format!("untitled-{n}"),
        })
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn endnotes_repeat_each_note_as_blocks_at_the_end() {
    let k = kinds();
    let mut problems = Vec::new();
    let r = render(
        "A[^1] b[^2].\n\n[^1]: ed. – First.\n\n    Second.\n[^2]: Other.\n",
        &RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &k,
            notes: NotePlacement::InlineAndEnd,
            links: None,
            template_ids: None,
        },
        &mut problems,
    );
    let end = &r.html[r.html.find("data-endnotes").expect("endnotes written")..];
    assert!(end.contains("<li data-endnote=\"1\" data-annotation=\"ed\""), "{end}");
    assert!(end.contains("<p>First.</p>\n<p>Second.</p>"), "{end}");
    assert!(end.find("Other.").unwrap() > end.find("Second.").unwrap());
}

/// A feed's body: the notes in the list at the end alone, every word of
/// them there, each where its reference leads.
#[test]
fn notes_at_the_end_alone_leave_the_text_with_references_only() {
    let k = kinds();
    let src = "A[^1] b[^2] c.\n\n[^1]: ed. – First [ed. – aside].\n\n    Second.\n[^2]: Other[^3].\n[^3]: Inner.\n";
    let render_with = |notes| {
        let mut problems = Vec::new();
        let opts = RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &k,
            notes,
            links: None,
            template_ids: None,
        };
        let r = render(src, &opts, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        r
    };
    let r = render_with(NotePlacement::End);
    let (text, end) = r
        .html
        .split_at(r.html.find("<section class=\"endnotes\"").expect("endnotes written"));
    assert!(!text.contains("data-note=") && !text.contains("First"), "{text}");
    assert_eq!(text.matches("data-note-ref=").count(), 2, "{text}");
    assert!(text.contains("<a href=\"#note-1\" id=\"note-ref-1\""), "{text}");
    assert!(text.starts_with("<p>A<sup") && text.contains(" c.</p>"), "{text}");
    for (n, words) in [(1, "First"), (2, "Other"), (3, "Inner.")] {
        let at = end
            .find(&format!("<li id=\"note-{n}\" data-endnote=\"{n}\""))
            .expect("an item per note");
        assert!(end[at..].contains(words), "{end}");
    }
    assert!(end.contains("<p>First <span class=\"interjection"), "{end}");
    assert!(end.contains("<p>Second.</p>"), "{end}");
    // The same notes and words as a page's render counts.
    let page = render_with(NotePlacement::Inline);
    assert_eq!((r.notes, r.words), (page.notes, page.words));
    assert!(!page.html.contains("endnotes"));
}

#[test]
fn a_level_one_heading_in_the_body_moves_every_heading_down() {
    let (h, _) = html("# Part one\n\n## A section\n");
    assert!(h.contains("<h2 id=\"part-one\">Part one</h2>"), "{h}");
    assert!(h.contains("<h3 id=\"a-section\">A section</h3>"), "{h}");
}

#[test]
fn headings_inside_notes_do_not_take_ids_from_the_text() {
    let (h, _) = html("A[^1].\n\n## After\n\n[^1]: Note.\n\n    ## In note\n");
    assert!(h.contains("<h2 id=\"after\">After</h2>"), "{h}");
}

#[test]
fn many_interjections_in_one_paragraph_stay_linear() {
    let src = "x [ed. – y] ".repeat(20_000);
    let started = std::time::Instant::now();
    let (h, p) = html(&src);
    assert!(p.is_empty());
    assert_eq!(h.matches("data-interjection=\"inline\"").count(), 20_000);
    // Generous: quadratic behaviour took minutes here.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn links_to_articles_get_the_article_title() {
    let k = kinds();
    let mut problems = Vec::new();
    let titles = |dest: &str| match dest {
        "../other/" => Some(Found::Page("The Other Text".into())),
        _ => None,
    };
    let opts = RenderOptions {
        words: crate::words::Words::english(),
        words_lang: None,
        kinds: &k,
        notes: NotePlacement::Inline,
        links: Some(&titles),
        template_ids: None,
    };
    let r = render(
        "See [this](../other/) and [that](https://x.org/).",
        &opts,
        &mut problems,
    );
    assert!(
        r.html
            .contains("<a href=\"../other/\" title=\"The Other Text\">this</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<a href=\"https://x.org/\">that</a>"), "{}", r.html);
}

#[test]
fn notes_reachable_only_from_themselves_are_kept_and_warned() {
    let (h, p) = html("Text.\n\n[^a]: See [^b].\n\n[^b]: See [^a].\n\n[^c]: Myself [^c].\n");
    for words in ["See", "Myself"] {
        assert!(h.contains(words), "{words}: {h}");
    }
    assert!(h.contains("[^a]:") && h.contains("[^c]:"), "{h}");
    assert!(
        p.iter().any(|p| p.message.contains("referenced only from notes")),
        "{p:?}"
    );
}

#[test]
fn words_split_across_text_events_count_once() {
    let k = kinds();
    let words = |src: &str| {
        let opts = RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds: &k,
            notes: NotePlacement::Inline,
            links: None,
            template_ids: None,
        };
        render(src, &opts, &mut Vec::new()).words
    };
    // pulldown-cmark hands `&`, `[`, `]` and entities over as texts of
    // their own; the words they sit in are still one word each.
    assert_eq!(words("AT&T and [b] c, AT&amp;T."), 5);
    assert_eq!(words("one [two](x/) three"), 3);
    assert_eq!(words("a *b* c"), 3);
}

#[test]
fn note_referenced_inside_link_brackets_keeps_the_text() {
    // pulldown-cmark makes no link of `[… [^1] …](url)` (a link holds no
    // link-like reference): brackets and address stay text as typed, and
    // the note is still a note.
    let (h, p) = html("See [the report[^1]](https://example.org/r) here.\n\n[^1]: Printed in Lyon.\n");
    assert!(p.is_empty(), "{p:?}");
    assert!(
        h.starts_with("<p>See [the report<sup class=\"note-ref\" data-note-ref=\"1\">"),
        "{h}"
    );
    assert!(h.contains("Printed in Lyon."), "{h}");
    assert!(h.ends_with("](https://example.org/r) here.</p>\n"), "{h}");
    assert!(!h.contains("href=\"https://example.org/r\""), "{h}");
}

#[test]
fn blocks_inside_a_note_become_phrasing_spans() {
    let (h, p) = html("Text[^1].\n\n[^1]: Two points:\n\n    3. first\n    4. second\n\n    > quoted\n");
    assert!(p.is_empty(), "{p:?}");
    let body = &h[h.find("class=\"note-body\"").expect("a note")..];
    assert!(
        body.starts_with(
            "class=\"note-body\"><span class=\"note-p\">Two points:</span><span class=\"note-list\">\
             <span class=\"note-li\"><span class=\"note-li-num\">3.</span> first</span>\
             <span class=\"note-li\"><span class=\"note-li-num\">4.</span> second</span></span>\
             <span class=\"note-quote\"><span class=\"note-p\">quoted</span></span></span></span>"
        ),
        "{h}"
    );
    assert!(!h.contains("<ol") && !h.contains("<blockquote"), "{h}");
}

#[test]
fn note_labels_match_whatever_their_case() {
    let (h, p) = html("Text[^Note] and[^ÉTÉ] and[^note].\n\n[^note]: First.\n\n[^été]: Second.\n");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(h.matches("data-note-ref=\"1\"").count(), 2, "{h}");
    assert_eq!(h.matches("data-note-ref=\"2\"").count(), 1, "{h}");
    assert!(
        h.contains("First.") && h.contains("Second.") && !h.contains("[^"),
        "{h}"
    );
}

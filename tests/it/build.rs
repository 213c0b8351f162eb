//! `samizdat build`, `check` and `init` on small fixture sites: the HTML
//! contract of docs/theming.md read through a real HTML parser, the output
//! tree, exit codes, refused output folders and atomic rebuilds.
//!
//! Fixtures live in `tests/fixtures/<case>/`, one behaviour each. Names
//! starting with `bad-` must fail to build; `warn-` build with warnings;
//! every other fixture must build with no warning at all, and all their
//! output is checked by [`every_fixture_builds_valid_html`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use scraper::{ElementRef, Html};

use crate::common::*;

// ---------------------------------------------------------------- helpers

/// Exit code of a finished run; never a signal or a panic.
pub fn code(out: &Output) -> i32 {
    let c = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal; stderr:\n{}", stderr(out)));
    let err = stderr(out);
    assert!(!err.contains("panicked"), "samizdat panicked:\n{err}");
    assert_ne!(c, 101, "exit code 101 (a panic); stderr:\n{err}");
    c
}

/// Asserts success and returns stderr.
pub fn ok(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(code(out), 0, "expected success; stderr:\n{err}");
    err
}

/// Asserts success with no warning at all.
pub fn clean(out: &Output) -> String {
    let err = ok(out);
    assert!(!err.contains("warning"), "expected no warning; stderr:\n{err}");
    err
}

/// Asserts exit code `want` and returns stderr.
pub fn fails(out: &Output, want: i32) -> String {
    let err = stderr(out);
    assert_eq!(code(out), want, "expected exit code {want}; stderr:\n{err}");
    err
}

/// Builds a fixture and asserts it built with no warning.
pub fn built(name: &str) -> tempfile::TempDir {
    let (site, out) = build_fixture(name);
    clean(&out);
    site
}

/// The page at URL path `path` (`""` for the home page) of a built site.
pub fn page(site: &Path, path: &str) -> Html {
    let file = site.join("public").join(path).join("index.html");
    assert!(
        file.is_file(),
        "no page at {}; output has:\n{}",
        file.display(),
        listing(&site.join("public"))
    );
    html(&file)
}

pub fn page_text(site: &Path, path: &str) -> String {
    read(&site.join("public").join(path).join("index.html"))
}

/// Every file under `dir`, relative, sorted, one a line (for messages).
pub fn listing(dir: &Path) -> String {
    files_under(dir)
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).expect("under dir").to_path_buf())
        .collect();
    v.sort();
    v
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).expect("read output file");
            (rel, bytes)
        })
        .collect()
}

pub fn attr<'a>(el: &ElementRef<'a>, name: &str) -> &'a str {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> has no `{name}`: {}", el.value().name(), el.html()))
}

/// The one element matching `css`.
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`, found {}", found.len());
    found[0]
}

pub fn within<'a>(el: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    el.select(&sel).collect()
}

/// Text with runs of white space made one space, trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn text(el: &ElementRef) -> String {
    squash(&text_of(el))
}

/// The values of `attr` on every `css` match, in document order.
pub fn attrs_in_order(doc: &Html, css: &str, name: &str) -> Vec<String> {
    select(doc, css).iter().map(|e| attr(e, name).to_string()).collect()
}

/// The fixtures of these tests (other test modules have their own).
pub const FIXTURES: &[&str] = &[
    "assets",
    "bad-same-url",
    "bad-same-url-section",
    "bad-slugs",
    "bad-two-broken-files",
    "byline",
    "code-highlight",
    "dates",
    "drafts",
    "escaped-marker",
    "extra-keys",
    "headings",
    "interjection-block",
    "interjection-inline",
    "no-other-hosts",
    "no-translator-kind",
    "note-interjection",
    "note-kinds",
    "note-links",
    "note-multi-paragraph",
    "note-order",
    "note-twice",
    "partial-override",
    "plain-brackets",
    "sections-nested",
    "title-html",
    "translator-kind",
    "warn-unknown-key",
    "warn-unreferenced-note",
];

/// Fixtures that must build (with or without warnings).
pub fn good_fixtures() -> Vec<String> {
    FIXTURES
        .iter()
        .filter(|n| !n.starts_with("bad-"))
        .map(|n| n.to_string())
        .collect()
}

#[test]
fn every_listed_fixture_exists() {
    for name in FIXTURES {
        assert!(
            fixture(name).join("book.toml").is_file(),
            "fixture {name} has no book.toml"
        );
        assert!(fixture(name).join("content").is_dir(), "fixture {name} has no content");
    }
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

const INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "kbd", "mark", "q", "s", "small", "span", "strong", "sub",
    "sup", "time", "u",
];

/// Checks one HTML file: parseable HTML5, no block inside `<p>` or inside
/// an inline element (in the tree and in the raw text, since the parser
/// re-parents what cannot nest), unique ids, in-page links that resolve,
/// relative links that resolve inside `out` (the output root).
pub fn assert_valid_page(out: &Path, file: &Path) {
    let problems = page_problems(out, file);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What [`assert_valid_page`] would complain about, every problem.
pub fn page_problems(out: &Path, file: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, msg: &dyn Fn() -> String| {
        if !ok {
            problems.push(msg());
        }
    };
    let raw = read(file);
    let name = file.strip_prefix(out).unwrap_or(file).display().to_string();
    let doc = Html::parse_document(&raw);
    check(raw.to_ascii_lowercase().starts_with("<!doctype html>"), &|| {
        format!("{name}: no doctype")
    });
    check(doc.errors.is_empty(), &|| {
        format!("{name}: HTML5 parse errors: {:?}", doc.errors)
    });

    let block_list = BLOCKS.join(", ");
    for tag in std::iter::once(&"p").chain(INLINE) {
        for el in select(&doc, tag) {
            if let Some(inner) = within(&el, &block_list).first() {
                check(false, &|| {
                    format!(
                        "{name}: block element <{}> inside <{tag}>: {}",
                        inner.value().name(),
                        el.html()
                    )
                });
            }
        }
    }
    // The raw text: from each `<p>` to its `</p>`, no other block opens.
    let lower = raw.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = find_p_open(&lower, at) {
        let close = lower[i..].find("</p>").map(|c| i + c).unwrap_or(lower.len());
        let inside = &lower[i + 2..close];
        for b in BLOCKS {
            let opens = [format!("<{b}>"), format!("<{b} "), format!("<{b}/"), format!("<{b}\n")];
            check(!opens.iter().any(|pat| inside.contains(pat.as_str())), &|| {
                format!(
                    "{name}: raw HTML opens <{b}> inside a <p>: {}",
                    &raw[i..close.min(i + 600)]
                )
            });
        }
        at = close.max(i + 1);
    }

    // Ids are unique; `#fragment` links point at one.
    let mut ids = HashSet::new();
    for el in select(&doc, "[id]") {
        let id = attr(&el, "id");
        let fresh = ids.insert(id.to_string());
        check(fresh, &|| format!("{name}: duplicate id `{id}`"));
    }
    for a in select(&doc, "a[href^='#']") {
        let target = &attr(&a, "href")[1..];
        check(ids.contains(target), &|| format!("{name}: link to missing #{target}"));
    }
    // Relative links resolve to a file of the output; none starts at `/`.
    // But for the page for addresses with nothing there, shown at any
    // address: every link of its starts at `/` (the site's root, without
    // a `base_url`), and none is relative.
    let dir = file.parent().expect("page in a folder");
    let anywhere = file == out.join("404.html");
    let out_canon = out.canonicalize().expect("out exists");
    for (css, a) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
    ] {
        for el in select(&doc, css) {
            let url = attr(&el, a);
            if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            if url.starts_with('/') != anywhere {
                check(false, &|| match anywhere {
                    true => format!("{name}: relative address `{url}` breaks where the page is shown"),
                    false => format!("{name}: absolute path `{url}` breaks copies of the site"),
                });
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap_or("");
            let target = if anywhere {
                out.join(path.trim_start_matches('/'))
            } else if path.is_empty() {
                file.to_path_buf()
            } else {
                dir.join(path)
            };
            let resolved = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            match resolved.canonicalize() {
                Ok(canon) => check(canon.starts_with(&out_canon), &|| {
                    format!("{name}: `{url}` leaves the output folder")
                }),
                Err(_) => check(false, &|| {
                    format!(
                        "{name}: <{}> `{url}` does not resolve to a file of the output",
                        el.value().name()
                    )
                }),
            }
        }
    }
    problems
}

fn find_p_open(lower: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower[at..].find("<p") {
        let i = at + i;
        match lower.as_bytes().get(i + 2) {
            Some(b'>' | b' ' | b'\n' | b'\t') => return Some(i),
            _ => at = i + 2,
        }
    }
    None
}

/// The machine's host name, where the platform tells it.
pub fn hostname() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// Whether `word` occurs in `text` bounded by non-alphanumerics.
pub fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every `[data-article]` page of a built output, by URL path.
pub fn article_pages(out: &Path) -> Vec<(String, Html)> {
    files_under(out)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.html"))
        // A section's print page holds several articles; print.rs tests it.
        .filter(|p| !p.parent().is_some_and(|d| d.ends_with("print")))
        .filter_map(|p| {
            let doc = html(&out.join(&p));
            let url = p.parent().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
            (!select(&doc, "[data-article]").is_empty()).then_some((url, doc))
        })
        .collect()
}

// ------------------------------------------------------------ the sweep

/// Every good fixture builds (no warning unless it is a `warn-` fixture),
/// and every page of every output passes [`assert_valid_page`], holds its
/// title in `<title>` and in its only `<h1>`, and its `[data-article]`.
#[test]
fn every_fixture_builds_valid_html() {
    let names = good_fixtures();
    assert!(names.len() >= 20, "fixtures missing: {names:?}");
    let mut pages = 0;
    let mut problems = Vec::new();
    for name in &names {
        let site = copy_site(&fixture(name));
        let out = run(site.path(), &["build", "--drafts"]);
        if name.starts_with("warn-") {
            let err = ok(&out);
            assert!(err.contains("warning"), "{name}: a warn- fixture must warn:\n{err}");
        } else {
            clean(&out);
        }
        let public = site.path().join("public");
        for rel in files_under(&public) {
            if rel.extension().is_some_and(|e| e == "html") {
                problems.extend(
                    page_problems(&public, &public.join(&rel))
                        .into_iter()
                        .map(|p| format!("{name}/{p}")),
                );
                pages += 1;
            }
        }
    }
    assert!(pages > 40, "only {pages} pages checked");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The article pages of every good fixture: `<title>` and the only `<h1>`
/// carry the front-matter title, and `[data-article]` holds the body.
#[test]
fn title_in_title_and_only_h1_on_every_article() {
    for name in good_fixtures() {
        if name == "extra-keys" {
            // Its own article.html / its own test (a `#` heading in the body).
            continue;
        }
        let site = copy_site(&fixture(&name));
        ok(&run(site.path(), &["build", "--drafts"]));
        let articles = article_pages(&site.path().join("public"));
        assert!(!articles.is_empty(), "{name}: no article pages");
        for (url, doc) in articles {
            let h1s = select(&doc, "h1");
            let h1 = h1s.iter().map(text).collect::<Vec<_>>();
            assert_eq!(h1s.len(), 1, "{name}/{url}: expected one <h1>, found {h1:?}");
            let title = text(&one(&doc, "head > title"));
            assert!(
                title.starts_with(&h1[0]),
                "{name}/{url}: <title> `{title}` does not start with `{}`",
                h1[0]
            );
            let article = one(&doc, "[data-article]");
            assert!(
                !within(&article, "h1").is_empty(),
                "{name}/{url}: the <h1> is outside [data-article]"
            );
        }
    }
}

// ------------------------------------------------------------- notes

#[test]
fn note_ref_links_to_its_note_and_the_note_links_back() {
    let site = built("note-links");
    let doc = page(site.path(), "one-note/");
    let sup = one(&doc, "[data-article] [data-note-ref]");
    assert_eq!(attr(&sup, "data-note-ref"), "1");
    let link = within(&sup, "a[href]");
    assert_eq!(link.len(), 1, "{}", sup.html());
    let target = attr(&link[0], "href")
        .strip_prefix('#')
        .expect("in-page link")
        .to_string();
    let ref_id = attr(&link[0], "id").to_string();

    let note = one(&doc, "[data-article] [data-note]");
    assert_eq!(attr(&note, "data-note"), "1");
    assert_eq!(attr(&note, "id"), target, "the reference links to the note");
    assert_eq!(attr(&note, "data-annotation"), "author");
    assert!(
        within(&note, ".note-label").is_empty(),
        "author notes have no label: {}",
        note.html()
    );
    let back: Vec<_> = within(&note, "a[href]")
        .into_iter()
        .filter(|a| attr(a, "href") == format!("#{ref_id}"))
        .collect();
    assert_eq!(back.len(), 1, "the note links back to #{ref_id}: {}", note.html());
    assert!(
        text(&note).contains("The night shift was six people."),
        "{}",
        note.html()
    );

    // The note stands right after its reference, in the same paragraph.
    let next = sup
        .next_siblings()
        .find_map(ElementRef::wrap)
        .expect("an element after the reference");
    assert_eq!(next.id(), note.id(), "the note follows its reference");
    let para = ElementRef::wrap(sup.parent().expect("parent")).expect("element parent");
    assert_eq!(para.value().name(), "p");
    assert!(text(&para).ends_with("Nobody slept."), "{}", para.html());
    // Nothing of the definition is left where it was written.
    let body = text(&one(&doc, "[data-article]"));
    assert!(!body.contains("[^night]"), "{body}");
    assert_eq!(body.matches("The night shift was six people.").count(), 1, "{body}");
}

#[test]
fn notes_of_author_editor_and_translator() {
    let site = built("note-kinds");
    let doc = page(site.path(), "three-voices/");
    let notes = select(&doc, "[data-article] [data-note]");
    let kinds: Vec<_> = notes.iter().map(|n| attr(n, "data-annotation")).collect();
    assert_eq!(kinds, ["author", "ed", "tr"]);
    let numbers: Vec<_> = notes.iter().map(|n| attr(n, "data-note")).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    let labels: Vec<Vec<String>> = notes
        .iter()
        .map(|n| within(n, ".note-label").iter().map(text).collect())
        .collect();
    assert_eq!(
        labels,
        [vec![], vec!["Editor".to_string()], vec!["Translator".to_string()]]
    );
    let bodies: Vec<String> = notes.iter().map(|n| text(&within(n, ".note-body")[0])).collect();
    assert_eq!(
        bodies,
        [
            "An ordinary note by the author.",
            "A remark by the editors.",
            "A remark by the translator."
        ],
        "the marker is replaced by the label"
    );
    assert_eq!(one(&doc, "[data-note='2'][data-annotation='ed']").id(), notes[1].id());
    assert_eq!(one(&doc, "[data-note='3'][data-annotation='tr']").id(), notes[2].id());
}

#[test]
fn notes_are_numbered_in_reading_order() {
    let site = built("note-order");
    let doc = page(site.path(), "reading-order/");
    let refs = attrs_in_order(&doc, "[data-article] [data-note-ref]", "data-note-ref");
    assert_eq!(refs, ["1", "2", "3", "4", "5", "6"]);
    let notes = select(&doc, "[data-article] [data-note]");
    let numbers: Vec<_> = notes.iter().map(|n| attr(n, "data-note")).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
    let bodies: Vec<String> = notes.iter().map(|n| text(&within(n, ".note-body")[0])).collect();
    assert_eq!(
        bodies,
        [
            "Note one, labelled zebra.",
            "Note two, in a heading.",
            "Note three, labelled nine.",
            "Note four, labelled one.",
            "Note five, in a table cell.",
            "Note six, defined first.",
        ]
    );
    // Each note sits in the block of its reference.
    let containers = ["p", "h2", "li", "p", "td", "p"];
    for (n, want) in notes.iter().zip(containers) {
        let parent = ElementRef::wrap(n.parent().expect("parent")).expect("element");
        assert_eq!(
            parent.value().name(),
            want,
            "note {} sits in <{}>",
            attr(n, "data-note"),
            parent.value().name()
        );
        let sup = parent
            .children()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().attr("data-note-ref").is_some());
        assert_eq!(sup.map(|s| attr(&s, "data-note-ref")), Some(attr(n, "data-note")));
    }
    assert!(
        !select(&doc, "blockquote [data-note='4']").is_empty(),
        "note 4 stays in its quotation"
    );
}

#[test]
fn note_referenced_twice_is_emitted_once() {
    let site = built("note-twice");
    let doc = page(site.path(), "twice/");
    let refs = select(&doc, "[data-article] [data-note-ref]");
    let numbers: Vec<_> = refs.iter().map(|r| attr(r, "data-note-ref")).collect();
    assert_eq!(numbers, ["1", "2", "1"]);
    let note = one(&doc, "[data-article] [data-note='1']");
    assert_eq!(select(&doc, "[data-article] [data-note]").len(), 2);
    let hrefs: Vec<_> = refs
        .iter()
        .map(|r| attr(&within(r, "a")[0], "href").to_string())
        .collect();
    assert_eq!(hrefs[0], format!("#{}", attr(&note, "id")));
    assert_eq!(hrefs[2], hrefs[0], "the second reference links to the same note");
    let ids: Vec<_> = refs
        .iter()
        .map(|r| attr(&within(r, "a")[0], "id").to_string())
        .collect();
    assert_ne!(ids[0], ids[2], "each reference has its own id");
    // The note stands at its first reference and links back to it.
    let paras = select(&doc, "[data-article] .prose > p, [data-article] p");
    let first_p = paras
        .iter()
        .find(|p| text(p).starts_with("The cooperative"))
        .expect("first paragraph");
    assert_eq!(within(first_p, "[data-note='1']").len(), 1);
    let second_p = paras
        .iter()
        .find(|p| text(p).starts_with("Its founding"))
        .expect("second paragraph");
    assert!(within(second_p, "[data-note]").is_empty(), "{}", second_p.html());
    assert_eq!(within(second_p, "[data-note-ref='1']").len(), 1);
    let back = within(&note, "a[href^='#']");
    assert!(
        back.iter().any(|a| attr(a, "href") == format!("#{}", ids[0])),
        "{}",
        note.html()
    );
}

#[test]
fn multi_paragraph_note_stays_inside_its_paragraph() {
    let site = built("note-multi-paragraph");
    let doc = page(site.path(), "long-note/");
    let note = one(&doc, "[data-article] [data-note='1']");
    let parent = ElementRef::wrap(note.parent().expect("parent")).expect("element");
    assert_eq!(parent.value().name(), "p");
    let body = within(&note, ".note-body")[0];
    let paras: Vec<String> = body
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().classes().any(|c| c == "note-p"))
        .map(|e| text(&e))
        .collect();
    assert_eq!(
        paras,
        [
            "The first paragraph of the note.",
            "The second paragraph of the note.",
            "The third paragraph of the note."
        ]
    );
    assert_eq!(
        within(&note, ".note-quote").iter().map(text).collect::<Vec<_>>(),
        ["A quotation inside the note."]
    );
    let items: Vec<String> = within(&note, ".note-list .note-li").iter().map(text).collect();
    assert_eq!(items, ["a list item inside the note", "another list item"]);
    assert_eq!(text(&within(&note, "code")[0]), "code inside the note");
    // The paragraph goes on after the note.
    assert!(text(&parent).ends_with("The rest is memory."), "{}", parent.html());
    // Only phrasing inside the note, in the tree and in the raw text.
    let blocks = within(&note, &BLOCKS.join(", "));
    assert!(blocks.is_empty(), "block inside a note: {}", note.html());
    let raw = page_text(site.path(), "long-note/");
    let start = raw.find("data-note=\"1\"").expect("note in raw HTML");
    let p_start = raw[..start].rfind("<p>").expect("paragraph opens before the note");
    let p_end = start + raw[start..].find("</p>").expect("paragraph closes");
    let inside = &raw[p_start + 3..p_end];
    for b in ["<p>", "<p ", "<div", "<ul", "<ol", "<li", "<blockquote", "<pre"] {
        assert!(!inside.contains(b), "`{b}` inside the note's paragraph: {inside}");
    }
    assert!(
        inside.contains("The third paragraph of the note."),
        "the whole note is inside the <p>: {inside}"
    );
}

#[test]
fn interjection_inside_a_note() {
    let site = built("note-interjection");
    let doc = page(site.path(), "inside/");
    let note = one(&doc, "[data-article] [data-note='1']");
    assert_eq!(
        attr(&note, "data-annotation"),
        "author",
        "an interjection later in the note does not make it the editor's"
    );
    let inter = within(&note, "[data-annotation][data-interjection]");
    assert_eq!(inter.len(), 1, "{}", note.html());
    assert_eq!(attr(&inter[0], "data-annotation"), "ed");
    assert_eq!(attr(&inter[0], "data-interjection"), "inline");
    assert_eq!(text(&inter[0]), "[ed. – the minutes say Friday]");
    assert_eq!(
        text(&within(&note, ".note-body")[0]),
        "It ended on a Thursday [ed. – the minutes say Friday] by her count."
    );
}

// ------------------------------------------------------ interjections

#[test]
fn inline_interjection_keeps_brackets_and_marker() {
    let site = built("interjection-inline");
    let doc = page(site.path(), "inline/");
    let inter = one(&doc, "[data-article] [data-annotation][data-interjection]");
    assert_eq!(attr(&inter, "data-annotation"), "ed");
    assert_eq!(attr(&inter, "data-interjection"), "inline");
    assert_eq!(text(&inter), "[ed. – it is Wednesdays, at seven]");
    assert_eq!(
        within(&inter, "em").iter().map(text).collect::<Vec<_>>(),
        ["Wednesdays"]
    );
    let parent = ElementRef::wrap(inter.parent().expect("parent")).expect("element");
    assert_eq!(parent.value().name(), "p");
    assert_eq!(
        text(&parent),
        "The reading group meets on Tuesdays [ed. – it is Wednesdays, at seven] in the back room."
    );
}

#[test]
fn block_interjection_wraps_three_paragraphs() {
    let site = built("interjection-block");
    let doc = page(site.path(), "preface/");
    let block = one(&doc, "[data-article] [data-annotation][data-interjection]");
    assert_eq!(attr(&block, "data-annotation"), "ed");
    assert_eq!(attr(&block, "data-interjection"), "block");
    assert_eq!(attr(&block, "aria-label"), "Editor");
    let children: Vec<ElementRef> = block.children().filter_map(ElementRef::wrap).collect();
    let names: Vec<_> = children.iter().map(|c| c.value().name()).collect();
    assert_eq!(names, ["p", "p", "p"], "{}", block.html());
    let texts: Vec<String> = children.iter().map(text).collect();
    assert_eq!(
        texts,
        [
            "[ed. – This letter was left in our post box.",
            "We have not tried to find out who wrote it.",
            "We print it as it came. – The Editors]",
        ]
    );
    let article = one(&doc, "[data-article]");
    let outside: Vec<String> = within(&article, "p")
        .iter()
        .filter(|p| !block.descendants().any(|d| d.id() == p.id()))
        .map(text)
        .collect();
    assert!(
        outside.contains(&"To whoever reads the post,".to_string()),
        "{outside:?}"
    );
    assert!(
        outside.contains(&"I work nights on a digital press.".to_string()),
        "{outside:?}"
    );
    assert!(!text(&block).contains("To whoever"));
}

#[test]
fn escaped_marker_stays_literal() {
    let site = built("escaped-marker");
    let doc = page(site.path(), "escaped/");
    assert!(select(&doc, "[data-interjection]").is_empty());
    let article = text(&one(&doc, "[data-article]"));
    assert!(
        article.contains("To show a marker, write [ed. – this stays as typed] with a backslash."),
        "{article}"
    );
    assert!(!article.contains('\\'), "{article}");
}

#[test]
fn plain_brackets_stay_text() {
    let site = built("plain-brackets");
    let doc = page(site.path(), "brackets/");
    assert!(select(&doc, "[data-interjection]").is_empty());
    assert!(select(&doc, "[data-note-ref], [data-note]").is_empty());
    let article = one(&doc, "[data-article]");
    assert!(within(&article, ".prose a, p a").is_empty(), "{}", article.html());
    let p: Vec<String> = within(&article, "p")
        .iter()
        .map(text)
        .filter(|t| t.starts_with("He wrote"))
        .collect();
    assert_eq!(
        p,
        ["He wrote it [sic] twice, cut the middle [...] and the end […], and cited [1] and [edited – by whom]."]
    );
}

#[test]
fn translator_kind_configured_in_book_toml() {
    let site = built("translator-kind");
    let doc = page(site.path(), "translated/");
    let inline = one(&doc, "[data-annotation='tr'][data-interjection='inline']");
    assert_eq!(text(&inline), "[tr. – a hill, and the neighbourhood on it]");
    let block = one(&doc, "[data-annotation='tr'][data-interjection='block']");
    assert_eq!(attr(&block, "aria-label"), "Translator");
    assert_eq!(within(&block, "p").len(), 2);
    let note = one(&doc, "[data-note='1']");
    assert_eq!(attr(&note, "data-annotation"), "tr");
    assert_eq!(
        within(&note, ".note-label").iter().map(text).collect::<Vec<_>>(),
        ["Translator"]
    );
    assert_eq!(text(&within(&note, ".note-body")[0]), "Kept in Spanish.");

    // The same text without `[annotations.tr]`: the markers mean nothing.
    let site = built("no-translator-kind");
    let doc = page(site.path(), "translated/");
    assert!(select(&doc, "[data-interjection]").is_empty());
    let note = one(&doc, "[data-note='1']");
    assert_eq!(attr(&note, "data-annotation"), "author");
    assert_eq!(text(&within(&note, ".note-body")[0]), "trans. – Kept in Spanish.");
    let article = text(&one(&doc, "[data-article]"));
    assert!(
        article.contains("*cerro* [tr. – a hill")
            || article.contains("cerro [tr. – a hill, and the neighbourhood on it] in")
    );
}

// --------------------------------------------------------------- code

#[test]
fn code_block_is_highlighted_with_classes_and_no_inline_style() {
    let site = built("code-highlight");
    let doc = page(site.path(), "code/");
    let pre = one(&doc, "[data-article] pre[data-lang='rust']");
    let code = within(&pre, "code");
    assert_eq!(code.len(), 1);
    assert_eq!(
        text_of(&code[0]),
        "fn main() {\n    let greeting = \"<b>hello</b>\";\n    println!(\"{greeting}\");\n}\n",
        "the code's text is kept exactly"
    );
    let spans = within(&code[0], "span[class]");
    assert!(spans.len() >= 5, "highlighted into classed spans: {}", pre.html());
    assert!(
        spans.iter().any(|s| attr(s, "class").split(' ').any(|c| c == "rust")),
        "{}",
        pre.html()
    );
    assert!(spans
        .iter()
        .any(|s| attr(s, "class").contains("keyword") || attr(s, "class").contains("storage")));
    assert!(within(&code[0], "b").is_empty(), "code text is escaped");
    assert!(select(&doc, "[style]").is_empty(), "no style= attribute anywhere");
    assert!(!page_text(site.path(), "code/").contains("style=\""));

    let pres = select(&doc, "[data-article] pre");
    assert_eq!(pres.len(), 3);
    assert_eq!(pres[1].value().attr("data-lang"), None);
    assert_eq!(text_of(&pres[1]), "plain <text> here\n");
    assert_eq!(pres[2].value().attr("data-lang"), Some("nosuchlanguage"));
    assert_eq!(text_of(&pres[2]), "also <plain>\n");
}

// ------------------------------------------------- output tree, order

#[test]
fn pretty_urls_follow_the_section_folders() {
    let site = built("sections-nested");
    let public = site.path().join("public");
    let pages: Vec<String> = files_under(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let want = [
        "index.html",
        "journal/index.html",
        "journal/issue-1/a-last/index.html",
        "journal/issue-1/b-second/index.html",
        "journal/issue-1/c-third/index.html",
        "journal/issue-1/index.html",
        "journal/issue-1/z-first/index.html",
        "journal/issue-2/a-custom-slug/index.html",
        "journal/issue-2/deeper/deep-article/index.html",
        "journal/issue-2/deeper/index.html",
        "journal/issue-2/index.html",
        "top-level/index.html",
    ];
    let extra: Vec<_> = pages
        .iter()
        .filter(|p| !want.contains(&p.as_str()) && !p.contains("print") && *p != "404.html")
        .collect();
    for w in want {
        assert!(
            pages.iter().any(|p| p == w),
            "missing {w}; output:\n{}",
            listing(&public)
        );
    }
    assert!(extra.is_empty(), "unexpected pages {extra:?}");
    let doc = page(site.path(), "journal/issue-2/a-custom-slug/");
    assert_eq!(text(&one(&doc, "h1")), "Renamed");
}

/// Paths of the site's known pages linked from `doc`, in document order,
/// each once.
fn linked_order(doc: &Html, known: &[&str]) -> Vec<String> {
    let mut seen = Vec::new();
    for a in select(doc, "main a[href]") {
        let href = attr(&a, "href").trim_start_matches("./");
        let href = href.trim_start_matches("../");
        if let Some(k) = known.iter().find(|k| href == **k) {
            if !seen.iter().any(|s| s == k) {
                seen.push(k.to_string());
            }
        }
    }
    seen
}

#[test]
fn sections_list_articles_by_weight_then_file_name() {
    let site = built("sections-nested");
    let issue1 = [
        "journal/issue-1/z-first/",
        "journal/issue-1/b-second/",
        "journal/issue-1/c-third/",
        "journal/issue-1/a-last/",
    ];
    let doc = page(site.path(), "journal/issue-1/");
    assert_eq!(linked_order(&doc, &issue1), issue1);

    // Sections nest: the journal lists issue 2 (weight 1) before issue 1
    // (weight 2), each with its articles in order, and issue 2's subsection
    // with its own (a small site lists every level; see
    // `big_sites_list_two_levels_of_articles`).
    let known = [
        "journal/issue-2/",
        "journal/issue-2/a-custom-slug/",
        "journal/issue-2/deeper/",
        "journal/issue-2/deeper/deep-article/",
        "journal/issue-1/",
        "journal/issue-1/z-first/",
        "journal/issue-1/b-second/",
        "journal/issue-1/c-third/",
        "journal/issue-1/a-last/",
    ];
    let doc = page(site.path(), "journal/");
    assert_eq!(linked_order(&doc, &known), known);
    let doc = page(site.path(), "");
    let mut with_home: Vec<&str> = vec!["journal/"];
    with_home.extend(known);
    with_home.push("top-level/");
    assert_eq!(linked_order(&doc, &with_home), with_home);

    // The tree nests: each section inside the one above it, headed one
    // level deeper, and closed before its next sibling opens.
    let nesting = |href_end: &str| -> Vec<String> {
        let title = select(&doc, ".tree-section > .tree-header a")
            .into_iter()
            .find(|a| attr(a, "href").ends_with(href_end))
            .unwrap_or_else(|| panic!("no tree entry for {href_end}"));
        let mut chain = Vec::new();
        let mut node = title.parent();
        while let Some(n) = node {
            if let Some(el) = scraper::ElementRef::wrap(n) {
                if el.value().classes().any(|c| c == "tree-section") {
                    let heading = el
                        .select(&scraper::Selector::parse(":scope > .tree-header > .tree-title").unwrap())
                        .next()
                        .unwrap();
                    let a = heading.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
                    chain.push(format!("{} {}", heading.value().name(), attr(&a, "href")));
                }
            }
            node = n.parent();
        }
        chain
    };
    assert_eq!(
        nesting("journal/issue-2/deeper/"),
        ["h4 journal/issue-2/deeper/", "h3 journal/issue-2/", "h2 journal/"]
    );
    assert_eq!(nesting("journal/issue-1/"), ["h3 journal/issue-1/", "h2 journal/"]);
    assert_eq!(nesting("journal/"), ["h2 journal/"]);

    // Previous and next follow the same order.
    let doc = page(site.path(), "journal/issue-1/b-second/");
    let prev = one(&doc, "main a[rel='prev']");
    let next = one(&doc, "main a[rel='next']");
    assert!(attr(&prev, "href").ends_with("journal/issue-1/z-first/"));
    assert!(attr(&next, "href").ends_with("journal/issue-1/c-third/"));
}

#[test]
fn assets_are_copied_and_hidden_files_are_not() {
    let site = built("assets");
    let public = site.path().join("public");
    let content = site.path().join("content");
    for (src, dest) in [
        ("content/issue/figure.svg", "issue/figure.svg"),
        ("content/issue/data/table.csv", "issue/data/table.csv"),
        ("static/extra.css", "extra.css"),
    ] {
        let want = std::fs::read(site.path().join(src)).expect("source");
        let got =
            std::fs::read(public.join(dest)).unwrap_or_else(|e| panic!("{dest} not copied: {e}\n{}", listing(&public)));
        assert_eq!(got, want, "{dest} copied byte for byte");
    }
    assert!(
        public.join("style.css").is_file(),
        "the theme's static files are copied"
    );
    for f in files_under(&public) {
        let name = f.file_name().unwrap_or_default().to_string_lossy().into_owned();
        assert!(
            !name.contains("hidden-notes") && !name.ends_with('~'),
            "ignored file copied: {}",
            f.display()
        );
        assert_ne!(
            f.extension().and_then(|e| e.to_str()),
            Some("md"),
            "a source file was copied: {}",
            f.display()
        );
    }
    assert!(
        content.join("issue/.hidden-notes.txt").is_file(),
        "the source is untouched"
    );
    let doc = page(site.path(), "issue/with-figure/");
    assert_eq!(attr(&one(&doc, "[data-article] img"), "src"), "../figure.svg");
}

/// A file beside the articles keeps its name, spaces and capitals
/// included (only folders and slugs become URL segments): a link to
/// `../Fig%202.png` finds `Fig 2.png`, with its extension.
#[test]
fn assets_keep_their_names() {
    let site = crate::common::site_with(&[
        ("content/Issue 2/_index.md", "---\ntitle: Two\n---\n"),
        (
            "content/Issue 2/a.md",
            "---\ntitle: A\n---\n\n![A figure](../Fig%202.png)\n",
        ),
    ]);
    std::fs::write(site.path().join("content/Issue 2/Fig 2.png"), b"png").expect("write");
    ok(&crate::common::run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert_eq!(
        std::fs::read(public.join("issue-2/Fig 2.png")).unwrap_or_else(|e| panic!("{e}\n{}", listing(&public))),
        b"png"
    );
    let doc = page(site.path(), "issue-2/a/");
    assert_eq!(attr(&one(&doc, "[data-article] img"), "src"), "../Fig%202.png");
}

/// `_index.md` makes a folder a section; a folder of assets only (here
/// `issue/data/`) is no section and gets no page.
#[test]
fn folder_of_assets_only_is_not_a_section() {
    let site = built("assets");
    let public = site.path().join("public");
    assert!(public.join("issue/data/table.csv").is_file());
    assert!(
        !public.join("issue/data/index.html").exists(),
        "a folder without _index.md was published as a section:\n{}",
        listing(&public)
    );
    let doc = page(site.path(), "issue/");
    let links = attrs_in_order(&doc, "main a[href]", "href");
    assert!(
        !links.iter().any(|h| h.ends_with("issue/data/")),
        "listed as a subsection: {links:?}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (site, out) = build_fixture("drafts");
    clean(&out);
    let public = site.path().join("public");
    assert!(public.join("published/index.html").is_file());
    assert!(
        !public.join("unfinished").exists(),
        "a draft was published:\n{}",
        listing(&public)
    );
    // A draft `_index.md` holds back its whole folder: the articles in
    // it, the sections below, its files.
    assert!(
        !public.join("next-issue").exists(),
        "a held-back folder was published:\n{}",
        listing(&public)
    );
    for f in files_under(&public) {
        if f.extension().is_some_and(|e| e == "html") {
            let t = read(&public.join(&f));
            for draft in [
                "Unfinished Piece",
                "unfinished/",
                "Next Issue",
                "Secret Piece",
                "Deeper Piece",
                "next-issue/",
            ] {
                assert!(!t.contains(draft), "{} mentions {draft}", f.display());
            }
        }
    }
    clean(&run(site.path(), &["build", "--drafts"]));
    for path in [
        "next-issue/secret/index.html",
        "next-issue/part/deeper/index.html",
        "next-issue/cover.svg",
    ] {
        assert!(
            public.join(path).is_file(),
            "{path} with --drafts:\n{}",
            listing(&public)
        );
    }
    let doc = page(site.path(), "unfinished/");
    assert_eq!(text(&one(&doc, "h1")), "Unfinished Piece");
    assert!(
        page_text(site.path(), "").contains("unfinished/"),
        "the draft is listed with --drafts"
    );
}

// ------------------------------------------------- front matter, themes

#[test]
fn author_absent_is_anonymous_and_several_are_joined() {
    let site = built("byline");
    let doc = page(site.path(), "unsigned/");
    let header = text(&one(&doc, "[data-article]"));
    assert!(header.contains("Anonymous"), "{header}");
    let doc = page(site.path(), "three-authors/");
    let header = text(&one(&doc, "[data-article]"));
    assert!(header.contains("Ada, Ben and Cleo"), "{header}");
    assert!(!header.contains("Anonymous"), "{header}");
}

#[test]
fn dates_as_precise_as_written() {
    let site = built("dates");
    for (path, iso, shown) in [
        ("year/", "2020", "2020"),
        ("month/", "2020-11", "November 2020"),
        ("day/", "2020-11-03", "3 November 2020"),
        ("quoted/", "1921-03", "March 1921"),
    ] {
        let doc = page(site.path(), path);
        let time = one(&doc, "[data-article] time");
        assert_eq!(attr(&time, "datetime"), iso, "{path}");
        assert_eq!(text(&time), shown, "{path}");
    }
    let doc = page(site.path(), "undated/");
    assert!(select(&doc, "[data-article] time").is_empty());
    // The section's list shows the dates too.
    let doc = page(site.path(), "");
    let listed: HashSet<String> = select(&doc, "main time[datetime]")
        .iter()
        .map(|t| attr(t, "datetime").to_string())
        .collect();
    for iso in ["2020", "2020-11", "2020-11-03", "1921-03"] {
        assert!(listed.contains(iso), "{iso} not listed: {listed:?}");
    }
}

#[test]
fn unknown_front_matter_keys_reach_templates_as_extra() {
    let site = built("extra-keys");
    let doc = page(site.path(), "with-extras/");
    let dd = |key: &str| text(&one(&doc, &format!("[data-extra='{key}']")));
    assert_eq!(dd("mood"), "hopeful");
    assert_eq!(dd("print_run"), "401", "numbers stay numbers");
    assert_eq!(dd("rights"), "<b>copyleft</b>", "extra values are escaped");
    assert!(select(&doc, "[data-extra='rights'] b").is_empty());
    assert_eq!(dd("places"), "Valparaíso|Lyon");
    assert_eq!(dd("has-title"), "no", "known keys are not extra");
    assert_eq!(text(&one(&doc, "h1")), "With Extras");
    assert!(text(&one(&doc, "[data-article]")).contains("The body."));
}

#[test]
fn site_partial_overrides_one_partial_of_the_default_theme() {
    let site = built("partial-override");
    let doc = page(site.path(), "signed/");
    assert_eq!(text(&one(&doc, "[data-custom-byline]")), "Signed: Rosa");
    assert!(
        !page_text(site.path(), "signed/").contains("min read"),
        "the default byline is replaced"
    );
    // The rest of the default theme is still there.
    assert_eq!(text(&one(&doc, "h1")), "Signed");
    assert!(text(&one(&doc, "[data-article]")).contains("The body of a signed article."));
    assert!(!select(&doc, "link[rel='stylesheet']").is_empty());
    assert!(site.path().join("public/style.css").is_file());
}

#[test]
fn html_in_titles_is_escaped() {
    let site = built("title-html");
    let raw = page_text(site.path(), "marked-up/");
    let doc = page(site.path(), "marked-up/");
    let title = "Bread & <em>Roses</em> \"quoted\"";
    assert_eq!(text(&one(&doc, "h1")), title);
    assert!(select(&doc, "h1 em, title em").is_empty());
    let head_title = text(&one(&doc, "head > title"));
    assert!(head_title.starts_with(title), "{head_title}");
    assert!(head_title.ends_with("Titles & <Markup>"), "{head_title}");
    assert!(raw.contains("&lt;em&gt;Roses&lt;/em&gt;"), "escaped in the raw HTML");
    assert!(
        select(&doc, "em, b, i").is_empty(),
        "no markup from front matter: {raw}"
    );
    assert!(text(&one(&doc, "[data-article]")).contains("<i>Nobody</i>"));
    if let Some(meta) = select(&doc, "meta[name='description']").first() {
        assert_eq!(attr(meta, "content"), "A <b>bold</b> claim");
    }
    let home = page(site.path(), "");
    assert!(select(&home, "em, b, i").is_empty());
    assert!(text(&one(&home, "main")).contains(title));
}

#[test]
fn body_headings_leave_the_title_the_only_h1() {
    let site = built("headings");
    let doc = page(site.path(), "with-headings/");
    let h1s: Vec<String> = select(&doc, "h1").iter().map(text).collect();
    assert_eq!(
        h1s,
        ["The Real Title"],
        "a `#` heading in the body must not add a second <h1>"
    );
    let article = text(&one(&doc, "[data-article]"));
    assert!(article.contains("A top-level heading in the body"));
}

/// A heading whose id would be the template's (`## Main`, the skip
/// link's `#main`) or a note's (`## Note 1`) gets another: the page's ids
/// stay unique, and the note's mark leads to the note.
#[test]
fn headings_named_like_the_page_s_own_ids_get_others() {
    let site = site_with(&[(
        "content/a/one.md",
        "---\ntitle: One\n---\n\n## Main\n\n## Note 1\n\nText.[^1] See [the note heading](#note-1-2).\n\n[^1]: A note.\n",
    )]);
    let out = run(site.path(), &["build"]);
    clean(&out);
    let file = site.path().join("public/a/one/index.html");
    assert_valid_page(&site.path().join("public"), &file);
    let doc = html(&file);
    assert_eq!(attrs_in_order(&doc, "[data-article] h2", "id"), ["main-2", "note-1-2"]);
    assert_eq!(one(&doc, "#main").value().name(), "main");
    assert_eq!(attr(&one(&doc, "#note-1"), "data-note"), "1");
}

/// An author's anchor in raw HTML keeps its id (a heading of the same
/// text takes another); one the page gives twice is a warning at it.
#[test]
fn ids_of_raw_html_are_kept_and_ones_given_twice_are_warned_of() {
    let site = site_with(&[(
        "content/a/one.md",
        "---\ntitle: One\n---\n\n<a id=\"intro\"></a>\n\n## Intro\n\nText.[^1] <span id=\"note-1\">Page 12.</span>\n\n[^1]: A note.\n",
    )]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "content/a/one.md:9:17: warning:",
            "`id=\"note-1\"` is on this page twice (samizdat gives it to a note or a note's mark)",
        )],
    );
    let doc = page(site.path(), "a/one/");
    assert_eq!(attrs_in_order(&doc, "[data-article] h2", "id"), ["intro-2"]);
    assert_eq!(select(&doc, "#intro").len(), 1);
}

// ------------------------------------------------------ privacy, hosts

#[test]
fn no_build_paths_or_hostname_in_the_output() {
    let host = hostname();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    for name in good_fixtures() {
        let site = copy_site(&fixture(&name));
        let root = site.path().to_path_buf();
        let out_dir = elsewhere.path().join(format!("out-{name}"));
        // Once from inside the site, once from elsewhere with absolute paths.
        ok(&run(&root, &["build", "--drafts"]));
        ok(&run(
            elsewhere.path(),
            &[
                "build",
                "--drafts",
                "--root",
                root.to_str().expect("utf-8 path"),
                "--output",
                out_dir.to_str().expect("utf-8"),
            ],
        ));
        let mut needles: Vec<String> = vec![root.display().to_string(), elsewhere.path().display().to_string()];
        if let Ok(c) = root.canonicalize() {
            needles.push(c.display().to_string());
        }
        for p in [&root, &elsewhere.path().to_path_buf()] {
            if let Some(n) = p.file_name() {
                needles.push(n.to_string_lossy().into_owned()); // `.tmpXXXXXX`
            }
        }
        needles.push(repo().display().to_string());
        if let Some(home) = std::env::var_os("HOME").filter(|h| h.len() > 1) {
            needles.push(PathBuf::from(home).display().to_string());
        }
        for out in [root.join("public"), out_dir] {
            for rel in files_under(&out) {
                let bytes = std::fs::read(out.join(&rel)).expect("read");
                let t = String::from_utf8_lossy(&bytes);
                for n in &needles {
                    assert!(
                        !t.contains(n.as_str()),
                        "{name}: {} contains the path `{n}`",
                        rel.display()
                    );
                }
                if let Some(h) = &host {
                    assert!(
                        !contains_word(&t, h),
                        "{name}: {} contains the host name `{h}`",
                        rel.display()
                    );
                }
            }
        }
    }
}

/// Every URL of another host in `doc` that makes a browser fetch something
/// (stylesheets, scripts, images, frames, media), as `(tag, url)`.
fn fetches_from_other_hosts(doc: &Html) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let remote = |u: &str| {
        let u = u.trim().to_ascii_lowercase();
        u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
    };
    for (css, a) in [
        ("link[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("iframe[src]", "src"),
        ("source[src]", "src"),
        ("video[src]", "src"),
        ("video[poster]", "poster"),
        ("audio[src]", "src"),
        ("embed[src]", "src"),
        ("object[data]", "data"),
        ("img[srcset]", "srcset"),
        ("source[srcset]", "srcset"),
        ("meta[http-equiv]", "content"),
    ] {
        for el in select(doc, css) {
            let u = attr(&el, a);
            if remote(u) || (a == "srcset" && u.contains("://")) || (a == "content" && u.contains("://")) {
                found.push((el.value().name().to_string(), u.to_string()));
            }
        }
    }
    for el in select(doc, "[style]") {
        if attr(&el, "style").contains("url(") {
            found.push((el.value().name().to_string(), attr(&el, "style").to_string()));
        }
    }
    for el in select(doc, "style") {
        let t = text_of(&el);
        if t.contains("://") || t.contains("@import") {
            found.push(("style".into(), t));
        }
    }
    found
}

#[test]
fn pages_fetch_nothing_from_other_hosts() {
    for name in good_fixtures() {
        let site = copy_site(&fixture(&name));
        ok(&run(site.path(), &["build", "--drafts"]));
        let public = site.path().join("public");
        let sources: String = files_under(&site.path().join("content"))
            .iter()
            .map(|f| {
                String::from_utf8_lossy(&std::fs::read(site.path().join("content").join(f)).expect("read")).into_owned()
            })
            .collect();
        for rel in files_under(&public) {
            let path = public.join(&rel);
            match rel.extension().and_then(|e| e.to_str()) {
                Some("html") => {
                    let doc = html(&path);
                    let fetches = fetches_from_other_hosts(&doc);
                    assert!(
                        fetches.is_empty(),
                        "{name}/{}: fetches from other hosts: {fetches:?}",
                        rel.display()
                    );
                    // Links to other hosts only where the author wrote them.
                    for a in select(&doc, "a[href]") {
                        let href = attr(&a, "href");
                        if href.contains("://") {
                            assert!(
                                sources.contains(href),
                                "{name}/{}: link `{href}` the author never wrote",
                                rel.display()
                            );
                        }
                    }
                }
                Some("css") => {
                    let css = read(&path);
                    assert!(!css.contains("@import"), "{name}/{}: @import", rel.display());
                    for (i, _) in css.match_indices("url(") {
                        let arg = css[i + 4..].trim_start_matches(['"', '\'', ' ']);
                        assert!(
                            !arg.starts_with("http") && !arg.starts_with("//"),
                            "{name}/{}: remote url()",
                            rel.display()
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// A relative link to an address where the site has no page, and a link
/// to a Markdown file (which the site does not publish), are warnings at
/// their place; the links are kept as written. Links to pages, sections,
/// the home page and files, percent-encoded or not, and to other sites,
/// are not.
#[test]
fn links_to_no_page_are_warned_of() {
    let site = site_with(&[
        (
            "content/a/_index.md",
            "---\ntitle: A\n---\n\nSee [one](one/) and [gone](gone/).\n",
        ),
        ("content/a/one.md", "---\ntitle: One\n---\n\n## Top\n\nWords.\n"),
        ("content/a/café.md", "---\ntitle: Café\nslug: Der Weg\n---\n\nWords.\n"),
        ("content/a/file.pdf", "%PDF"),
        (
            "content/a/two.md",
            "---\ntitle: Two\n---\n\n[One](../one/), [it](../one/#top \"T\"), [the weg](../Der%20Weg/), [A](../), \
             [home](../../), [pdf](../file.pdf), [print](../print/), [far](https://example.org/x/), [here](#note-1).\n\n\
             [Nowhere](../three/) and [the file](three.md).[^1]\n\n[^1]: Also [up](../../../up/).\n",
        ),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let nowhere = "leads to no page of this site";
    assert_diagnostics(
        &out,
        &[
            ("content/a/_index.md:5:21: warning:", &format!("`gone/` {nowhere}")),
            ("content/a/two.md:7:1: warning:", &format!("`../three/` {nowhere}")),
            (
                "content/a/two.md:7:26: warning:",
                "`three.md` links to a Markdown file that is no article of this site",
            ),
            ("content/a/two.md:9:12: warning:", &format!("`../../../up/` {nowhere}")),
        ],
    );
    assert!(read(&site.path().join("public/a/two/index.html")).contains("href=\"../three/\""));
}

/// Links and images to files go from the page's address or, as editors'
/// previews read them, from the Markdown file's folder (written over to
/// the page's address then); a link to an article's `.md` leads to its
/// page. What is there under neither is a warning, kept as written.
#[test]
fn links_to_files_and_markdown_are_found_from_the_page_or_the_markdown_folder() {
    let site = site_with(&[
        ("content/a/_index.md", "---\ntitle: A\n---\n"),
        ("content/a/fig.png", "PNG"),
        ("content/a/Fig 2.png", "PNG"),
        ("content/a/Notes.PDF", "%PDF"),
        ("content/a/one.md", "---\ntitle: One\n---\n\n## X\n\nWords.\n"),
        ("content/a/b/deep.md", "---\ntitle: Deep\n---\n\nWords.\n"),
        ("static/img/logo.png", "PNG"),
        (
            "content/a/two.md",
            "---\ntitle: Two\n---\n\n![beside](fig.png) ![as served](../fig.png) ![spaced](Fig%202.png)\n\n\
             [one](one.md#x \"Own\") [deep](b/deep.md) [up](_index.md) [logo](../../img/logo.png) [css](../../style.css) [a](../a/) [B](B/Deep.md)\n\n\
             ![gone](gone.png) [notes](../notes.pdf) [draft](draft.md)[^1]\n\n[^1]: See ![here](../../fig.png).\n\n\
             <figure><img src=\"fig.png\" alt=\"x\"><img src=\"../fig.png\" alt=\"y\"></figure>\n",
        ),
        ("content/a/draft.md", "---\ntitle: Draft\ndraft: true\n---\n\nWords.\n"),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[
            (
                "content/a/two.md:7:118: warning:",
                "`B/Deep.md` links to a Markdown file that is no article of this site (none is there, \
                 or it is a draft, or in a folder held back): a link to an article's `.md` file goes from \
                 this file's folder, as editors show it, and leads to the article's page; \
                 did you mean `b/deep.md`?",
            ),
            (
                "content/a/two.md:9:1: warning:",
                "the image `gone.png` is no file of this site",
            ),
            (
                "content/a/two.md:9:19: warning:",
                "`../notes.pdf` leads to no file of this site: a file goes from this Markdown file's folder \
                 (`report.pdf` beside it) or from the page's own address (`../report.pdf`); \
                 did you mean `../Notes.PDF`?",
            ),
            (
                "content/a/two.md:9:41: warning:",
                "`draft.md` links to a Markdown file that is no article of this site",
            ),
            (
                "content/a/two.md:11:11: warning:",
                "the image `../../fig.png` is no file of this site",
            ),
            (
                "content/a/two.md:13:19: warning:",
                "`fig.png` is read from the page's own address, a folder below this file's: \
                 in raw HTML, which is published as written, write `../fig.png`",
            ),
        ],
    );
    let doc = page(site.path(), "a/two/");
    let srcs = attrs_in_order(&doc, "[data-article] img", "src");
    assert_eq!(
        srcs,
        [
            "../fig.png",
            "../fig.png",
            "../Fig%202.png",
            "gone.png",
            "../../fig.png",
            "fig.png",
            "../fig.png"
        ]
    );
    let links = attrs_in_order(&doc, "[data-article] a[href]:not([href^='#'])", "href");
    assert_eq!(
        links,
        [
            "../one/#x",
            "../b/deep/",
            "../",
            "../../img/logo.png",
            "../../style.css",
            "../",
            "B/Deep.md",
            "../notes.pdf",
            "draft.md"
        ]
    );
    let titles = attrs_in_order(&doc, "[data-article] a[title]", "title");
    assert_eq!(titles, ["Own", "Deep", "A", "A"]);
}

/// A link within the page to an id that neither the body (headings,
/// notes, raw HTML) nor the theme's templates have is a warning, with the
/// heading's id the author may have meant.
#[test]
fn links_within_the_page_to_no_heading_are_warned_of() {
    let site = site_with(&[
        (
            "content/a/one.md",
            "---\ntitle: One\n---\n\nSee [the bakery](#the-bakery), [it](#The-Bakery), [a note](#note-1), \
             [skip](#main), [a spot](#spot), [gone](#nowhere) and [fr](#caf%C3%A9).[^1]\n\n\
             ## The Bakery\n\n<span id=\"spot\"></span>Text.\n\n## Café\n\n[^1]: A note, [back](#nowhere-either).\n",
        ),
        ("content/_index.md", "---\ntitle: Home\n---\n\n[Up](#top).\n"),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let none = "leads to no heading, note or anchor of this page";
    assert_diagnostics(
        &out,
        &[
            ("content/_index.md:5:1: warning:", &format!("`#top` {none}")),
            ("content/a/one.md:5:32: warning:", &format!("`#The-Bakery` {none}")),
            ("content/a/one.md:5:102: warning:", &format!("`#nowhere` {none}")),
            ("content/a/one.md:13:15: warning:", &format!("`#nowhere-either` {none}")),
        ],
    );
    assert!(
        diagnostics(&out)[1].ends_with("did you mean `#the-bakery`?"),
        "{}",
        stderr(&out)
    );
}

/// A link to an id on another page of the site (`../two/#wages`, or
/// `two.md#wages` from the Markdown file's folder) that the page has
/// neither in its body nor in its templates is a warning at the link,
/// naming the page, with the heading's id the author may have meant;
/// articles and section pages alike, either way.
#[test]
fn links_to_a_place_on_another_page_that_is_not_there_are_warned_of() {
    let site = site_with(&[
        (
            "content/a/one.md",
            "---\ntitle: One\n---\n\n[Wages](../two/#wages), [it](../two/#Wages), [gone](../two/#nowhere), \
             [a note](../two/#note-1), [skip](../two/#main).\n\n\
             [Written](two.md#wages), [written gone](two.md#wage).\n\n\
             [Home](../../#welcome), [home gone](../../#absent), [folder](../#x), [here](./#own), \
             [out](https://example.org/#x).\n\n## Own\n",
        ),
        (
            "content/a/two.md",
            "---\ntitle: Two\n---\n\n## Wages\n\nText.[^1]\n\n[^1]: A note.\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\n\n## Welcome\n\n[Back](a/one/#own), [gone](a/one/#absent-too).\n",
        ),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let none = |link: &str, title: &str| format!("`{link}` leads to no heading, note or anchor of “{title}”");
    assert_diagnostics(
        &out,
        &[
            ("content/_index.md:7:21: warning:", &none("a/one/#absent-too", "One")),
            ("content/a/one.md:5:25: warning:", &none("../two/#Wages", "Two")),
            ("content/a/one.md:5:46: warning:", &none("../two/#nowhere", "Two")),
            ("content/a/one.md:7:26: warning:", &none("../two/#wage", "Two")),
            ("content/a/one.md:9:25: warning:", &none("../../#absent", "Home")),
            ("content/a/one.md:9:53: warning:", &none("../#x", "a")),
        ],
    );
    assert!(
        diagnostics(&out)[1].ends_with("did you mean `#wages`?"),
        "{}",
        stderr(&out)
    );
    // `check` judges them too, with nothing written to read them from.
    let out = run(site.path(), &["check"]);
    assert_eq!(diagnostics(&out).len(), 6, "{}", stderr(&out));
}

/// A section's own text (an issue's editorial) opens its print edition,
/// made for the print page's address: its links to the issue's articles
/// lead within the page, its other addresses work from one folder deeper,
/// and its ids do not clash with the articles'.
#[test]
fn a_section_s_own_text_opens_its_print_edition() {
    let site = site_with(&[
        (
            "content/a/_index.md",
            "---\ntitle: Issue A\n---\n\n## Editorial\n\nSee [the wages](two/#wages), [two](two.md), [home](../), \
             ![The cover](cover.png), [up](#editorial) and a note.[^1]\n\n[^1]: An editor's note.\n",
        ),
        ("content/a/cover.png", "png"),
        (
            "content/a/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nText.[^1]\n\n[^1]: One's note.\n",
        ),
        ("content/a/two.md", "---\ntitle: Two\nweight: 2\n---\n\n## Wages\n"),
    ]);
    let out = run(site.path(), &["build"]);
    clean(&out);
    let public = site.path().join("public");
    let file = public.join("a/print/index.html");
    assert_valid_page(&public, &file);
    let print = html(&file);
    let intro = one(&print, ".print-intro");
    assert!(text(&intro).contains("See the wages"), "{}", intro.html());
    let links: Vec<&str> = intro
        .select(&scraper::Selector::parse("a[href]").unwrap())
        .map(|a| attr(&a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "#a2-wages",
            "#a2",
            "../../",
            "#intro-editorial",
            "#intro-note-1",
            "#intro-note-ref-1"
        ]
    );
    assert_eq!(attr(&one(&print, ".print-intro img"), "src"), "../cover.png");
    assert_eq!(select(&print, "#intro-note-1").len(), 1);
    assert_eq!(select(&print, "#a1-note-1").len(), 1);
    // The section's own page is as before.
    let own = page(site.path(), "a/");
    assert_eq!(attr(&one(&own, ".section-intro img"), "src"), "cover.png");
}

/// Raw HTML's links to ids are judged as Markdown's are: within the page,
/// and to a place on another page.
#[test]
fn raw_html_links_to_ids_are_judged_too() {
    let site = site_with(&[
        (
            "content/a/one.md",
            "---\ntitle: One\n---\n\n<p><a href=\"#own\">ok</a> <a href=\"#nowhere\">gone</a> \
             <a href=\"../two/#wages\">ok</a> <a href=\"../two/#wage\">gone</a></p>\n\n## Own\n",
        ),
        ("content/a/two.md", "---\ntitle: Two\n---\n\n## Wages\n"),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[
            (
                "content/a/one.md:5:35: warning:",
                "`#nowhere` leads to no heading, note or anchor of this page",
            ),
            (
                "content/a/one.md:5:94: warning:",
                "`../two/#wage` leads to no heading, note or anchor of “Two”",
            ),
        ],
    );
}

/// On a section's print page, a link to an article of that page leads
/// to it there (a PDF of the issue jumps within itself): to its place if
/// its body has the id, else to its start. The articles' own pages, and
/// links elsewhere, are as written.
#[test]
fn links_between_articles_of_a_print_page_lead_within_it() {
    let site = site_with(&[
        (
            "content/a/one.md",
            "---\ntitle: One\nweight: 1\n---\n\n[Wages](../two/#wages), [two](../two/), [written](two.md#wages), \
             [skip](../two/#main), [own](../one/#own), [far](../../b/three/#x), [up](../), [note](#note-1).[^1]\n\n\
             ## Own\n\n[^1]: A note.\n",
        ),
        (
            "content/a/two.md",
            "---\ntitle: Two\nweight: 2\n---\n\n## Wages\n\nText.\n",
        ),
        ("content/b/three.md", "---\ntitle: Three\n---\n\n## X\n\nText.\n"),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let print = page(site.path(), "a/print/");
    let links = attrs_in_order(&print, "#a1 .article-body a[href]", "href");
    assert_eq!(
        links,
        [
            "#a2-wages",
            "#a2",
            "#a2-wages",
            "#a2",
            "#a1-own",
            "../../b/three/#x",
            "../",
            "#a1-note-1",
            "#a1-note-1",
            "#a1-note-ref-1"
        ]
    );
    for id in ["a2-wages", "a2", "a1-own", "a1-note-1"] {
        assert_eq!(select(&print, &format!("[id='{id}']")).len(), 1, "{id}");
    }
    let own = page(site.path(), "a/one/");
    let links = attrs_in_order(&own, "[data-article] a[href]", "href");
    assert_eq!(
        links[..7],
        [
            "../two/#wages",
            "../two/",
            "../two/#wages",
            "../two/#main",
            "../one/#own",
            "../../b/three/#x",
            "../"
        ]
    );
}

/// An HTML comment is published in the page's source though the page
/// does not show it: a warning at its place, and the text kept.
#[test]
fn html_comments_are_warned_of_and_kept() {
    let site = site_with(&[(
        "content/a/one.md",
        "---\ntitle: One\n---\n\nWords.\n\n<!-- ask K. before we print her name -->\n\nMore <!--x--> words.\n",
    )]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let comment = "an HTML comment is published in the page's source, where anyone can read it";
    assert_diagnostics(
        &out,
        &[
            ("content/a/one.md:7:1: warning:", comment),
            ("content/a/one.md:9:6: warning:", comment),
        ],
    );
    assert!(read(&site.path().join("public/a/one/index.html")).contains("<!-- ask K. before we print her name -->"));
}

#[test]
fn author_links_to_other_hosts_are_kept_and_base_url_adds_only_canonical() {
    let site = copy_site(&fixture("no-other-hosts"));
    clean(&run(site.path(), &["build"]));
    let doc = page(site.path(), "linking/");
    let hrefs = attrs_in_order(&doc, "[data-article] a[href]", "href");
    assert!(hrefs.contains(&"https://example.org/guide".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"https://example.net/autolink".to_string()), "{hrefs:?}");
    assert!(fetches_from_other_hosts(&doc).is_empty());
    assert!(
        select(&doc, "link[rel='canonical']").is_empty(),
        "no base_url, no canonical link"
    );

    write(
        site.path(),
        "book.toml",
        "[site]\ntitle = \"No other hosts\"\nbase_url = \"https://press.example/\"\n",
    );
    clean(&run(site.path(), &["build"]));
    let doc = page(site.path(), "linking/");
    let remote = fetches_from_other_hosts(&doc);
    let canonical = one(&doc, "link[rel='canonical']");
    assert_eq!(attr(&canonical, "href"), "https://press.example/linking/");
    assert_eq!(
        remote,
        vec![("link".to_string(), "https://press.example/linking/".to_string())],
        "only rel=canonical"
    );
}

// ------------------------------------------------------------- check

#[test]
fn check_reports_and_writes_nothing() {
    let site = copy_site(&fixture("note-kinds"));
    let before = snapshot(site.path());
    let err = clean(&run(site.path(), &["check"]));
    assert!(!err.is_empty(), "check says what it did");
    assert_eq!(
        snapshot(site.path()),
        before,
        "check wrote something:\n{}",
        listing(site.path())
    );

    let site = copy_site(&fixture("bad-two-broken-files"));
    let before = snapshot(site.path());
    fails(&run(site.path(), &["check"]), 1);
    assert_eq!(snapshot(site.path()), before);

    // Even over an existing output, check leaves it as it was.
    let site = copy_site(&fixture("note-links"));
    clean(&run(site.path(), &["build"]));
    let before = snapshot(site.path());
    write(
        site.path(),
        "content/one-note.md",
        "---\ntitle: Changed\n---\n\nChanged.\n",
    );
    clean(&run(site.path(), &["check"]));
    let mut after = snapshot(site.path());
    after.remove(Path::new("content/one-note.md"));
    let mut before = before;
    before.remove(Path::new("content/one-note.md"));
    assert_eq!(after, before);
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let site = copy_site(&fixture("warn-unreferenced-note"));
    let err = ok(&run(site.path(), &["check"]));
    assert!(err.contains("content/lost.md:7:1: warning:"), "{err}");
    let err = fails(&run(site.path(), &["check", "--deny-warnings"]), 1);
    assert!(err.contains("content/lost.md:7:1: warning:"), "{err}");
    let err = fails(&run(site.path(), &["build", "--deny-warnings"]), 1);
    assert!(err.contains("never referenced"), "{err}");
    assert!(
        !site.path().join("public").exists(),
        "a denied build wrote output:\n{}",
        listing(site.path())
    );
    ok(&run(site.path(), &["build"]));
    assert!(site.path().join("public/lost/index.html").is_file());
}

#[test]
fn exit_code_2_for_usage_and_config_errors() {
    let site = copy_site(&fixture("note-links"));
    let err = fails(&run(site.path(), &["frobnicate"]), 2);
    assert!(err.contains("frobnicate"), "{err}");
    fails(&run(site.path(), &["build", "--no-such-flag"]), 2);

    write(site.path(), "book.toml", "[site]\ntitle = \"Broken\n");
    let err = fails(&run(site.path(), &["build"]), 2);
    assert!(err.contains("book.toml:2:"), "{err}");
    assert!(!site.path().join("public").exists());

    write(site.path(), "book.toml", "[site]\ntitle = \"Fine\"\nlanguage = 3\n");
    let err = fails(&run(site.path(), &["check"]), 2);
    assert!(
        err.contains("book.toml:3:1: error:") && err.contains("site.language"),
        "{err}"
    );

    std::fs::remove_file(site.path().join("book.toml")).expect("rm");
    let err = fails(&run(site.path(), &["build"]), 2);
    assert!(err.contains("book.toml"), "{err}");
}

#[test]
fn unknown_book_toml_key_is_a_warning_with_its_line() {
    let (site, out) = build_fixture("warn-unknown-key");
    let err = ok(&out);
    assert!(
        err.contains("book.toml:3:1: warning: unknown key `site.colour`"),
        "{err}"
    );
    assert!(err.contains("book.toml:8:1: warning: unknown key `sidebar`"), "{err}");
    assert!(site.path().join("public/article/index.html").is_file());
    fails(&run(site.path(), &["check", "--deny-warnings"]), 1);
}

#[test]
fn every_error_of_every_file_is_reported_in_one_run() {
    let (site, out) = build_fixture("bad-two-broken-files");
    let err = fails(&out, 1);
    assert!(err.contains("content/no-title.md:1:1: error: missing `title`"), "{err}");
    assert!(err.contains("content/sub/bad-yaml.md:"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(!err.contains("content/fine.md"), "{err}");
    assert!(
        !site.path().join("public").exists(),
        "a failed build wrote output:\n{}",
        listing(site.path())
    );
}

#[test]
fn failed_build_keeps_the_previous_output_byte_for_byte() {
    let site = copy_site(&fixture("note-kinds"));
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let before = snapshot(&public);
    assert!(before.len() > 3);
    let entries_before = files_under(site.path());

    write(
        site.path(),
        "content/three-voices.md",
        "---\ntitle: [unclosed\n---\n\nBroken now.\n",
    );
    write(site.path(), "content/another.md", "---\nno_title: true\n---\n");
    let err = fails(&run(site.path(), &["build"]), 1);
    assert!(
        err.contains("content/three-voices.md:") && err.contains("content/another.md:1:"),
        "{err}"
    );
    assert_eq!(snapshot(&public), before, "the previous output changed");
    let mut entries_after = files_under(site.path());
    entries_after.retain(|p| !p.ends_with("another.md"));
    assert_eq!(entries_after, entries_before, "the failed build left files behind");
}

#[test]
fn rebuild_replaces_the_previous_output() {
    let site = copy_site(&fixture("drafts"));
    clean(&run(site.path(), &["build", "--drafts"]));
    assert!(site.path().join("public/unfinished/index.html").is_file());
    std::fs::write(site.path().join("public/stray.txt"), "left by hand").expect("write");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert!(
        !public.join("unfinished").exists(),
        "stale page kept:\n{}",
        listing(&public)
    );
    assert!(public.join("published/index.html").is_file());
    let names: Vec<String> = std::fs::read_dir(site.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("samizdat-")),
        "staging folders left behind: {names:?}"
    );
}

/// A rebuild writes only the files that changed: the others are the
/// previous output's files, linked (on a disk, writing every file of a
/// large site again costs seconds), with their modification times, so
/// deploying with rsync sends only what changed.
#[cfg(unix)]
#[test]
fn a_rebuild_keeps_the_files_whose_bytes_are_the_same() {
    use std::os::unix::fs::MetadataExt;
    let site = copy_site(&fixture("note-kinds"));
    write(site.path(), "content/other.md", "---\ntitle: Other\n---\n\nBefore.\n");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let ino = |rel: &str| std::fs::metadata(public.join(rel)).expect(rel).ino();
    let kept = ["three-voices/index.html", "style.css"];
    let before: Vec<u64> = kept.iter().map(|r| ino(r)).collect();
    let other = ino("other/index.html");
    write(site.path(), "content/other.md", "---\ntitle: Other\n---\n\nAfter.\n");
    clean(&run(site.path(), &["build"]));
    assert_eq!(kept.iter().map(|r| ino(r)).collect::<Vec<_>>(), before, "{kept:?}");
    assert_ne!(ino("other/index.html"), other);
    assert!(read(&public.join("other/index.html")).contains("After."));
    // Every file as a build from nothing has it.
    let again = snapshot(&public);
    std::fs::remove_dir_all(&public).expect("rm");
    clean(&run(site.path(), &["build"]));
    assert_eq!(snapshot(&public), again);
}

#[test]
fn output_folders_that_must_not_be_replaced_are_refused() {
    let site = copy_site(&fixture("note-links"));
    write(site.path(), "content/sub/keep.txt", "keep");
    let before = snapshot(site.path());
    for target in [".", "content", "content/sub", "/", "..", "./", "content/.."] {
        let err = fails(&run(site.path(), &["build", "--output", target]), 2);
        assert!(err.contains("refusing"), "--output {target}: {err}");
        assert_eq!(snapshot(site.path()), before, "--output {target} changed the site");
    }
    assert!(!Path::new("/.public.samizdat-new").exists() && !Path::new("/.samizdat-new").exists());

    // `[build] output` in book.toml is held to the same rules.
    write(
        site.path(),
        "book.toml",
        "[site]\ntitle = \"x\"\n\n[build]\noutput = \"content\"\n",
    );
    let err = fails(&run(site.path(), &["build"]), 2);
    assert!(err.contains("refusing"), "{err}");
}

#[test]
fn existing_folder_not_written_by_samizdat_is_refused_and_left_intact() {
    let site = copy_site(&fixture("note-links"));
    let theirs = site.path().join("theirs");
    write(&theirs, "thesis.txt", "three years of work");
    write(&theirs, "sub/data.csv", "a,b\n");
    let before = snapshot(&theirs);
    let err = fails(&run(site.path(), &["build", "--output", "theirs"]), 2);
    assert!(err.contains("refusing") && err.contains("theirs"), "{err}");
    assert_eq!(snapshot(&theirs), before);
    // The default `public` too, when someone else's files are in it.
    write(site.path(), "public/notes.txt", "mine");
    fails(&run(site.path(), &["build"]), 2);
    assert_eq!(read(&site.path().join("public/notes.txt")), "mine");
    // An empty folder is fine.
    std::fs::create_dir_all(site.path().join("empty")).expect("mkdir");
    clean(&run(site.path(), &["build", "--output", "empty"]));
    assert!(site.path().join("empty/one-note/index.html").is_file());
}

#[test]
fn bad_slugs_are_errors_at_their_line() {
    let (site, out) = build_fixture("bad-slugs");
    let err = fails(&out, 1);
    assert!(err.contains("content/slash.md:3:1: error: slug `a/b`"), "{err}");
    assert!(
        err.contains("content/backslash.md:3:1: error: slug `a\\\\b`")
            || err.contains("content/backslash.md:3:1: error: slug `a\\b`"),
        "{err}"
    );
    assert!(err.contains("content/dotdot.md:4:1: error: slug `..`"), "{err}");
    // Longer than a folder's name may be: an error at its line, not the
    // file system's when the build writes it.
    assert!(
        err.contains("content/long.md:3:1: error: slug `a-long-slug-a-long-slug-a-long-slug-a-lo…` is 303 bytes long"),
        "{err}"
    );
    assert!(!err.contains("good.md"), "{err}");
    assert!(!site.path().join("public").exists());
    assert!(!site.path().join("a").exists() && !site.path().parent().expect("tmp").join("b").exists());
}

#[test]
fn two_pages_on_one_url_is_an_error_naming_both() {
    let (_site, out) = build_fixture("bad-same-url");
    let err = fails(&out, 1);
    let line = err
        .lines()
        .find(|l| l.contains("error:"))
        .unwrap_or_else(|| panic!("no error line:\n{err}"));
    assert!(
        line.contains("content/first.md") && line.contains("content/shared.md"),
        "{err}"
    );
    assert!(line.contains("shared/"), "{err}");

    let (_site, out) = build_fixture("bad-same-url-section");
    let err = fails(&out, 1);
    assert!(
        err.contains("content/issue.md") && err.contains("content/issue/_index.md"),
        "{err}"
    );
}

/// Whatever else would be written over a page or a file is an error too,
/// on the later of the two, naming both; nothing is written. (The build
/// wrote both, and the later one won, silently: an article's page under a
/// folder's listing, a folder's text under its parent's print page.)
#[test]
fn nothing_is_written_over_a_page_or_a_file_without_an_error() {
    let article = |title: &str| format!("---\ntitle: {title}\n---\n\nThe words of {title}.\n");
    let good = [
        ("content/a/x.md", article("X")),
        ("content/a/figure.png", "png".to_string()),
    ];
    // (files added to the good site, the error's place, what it names)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a [&'a str]);
    let cases: &[Case] = &[
        // An article where a folder without an `_index.md` has its page.
        (
            &[("content/a/b.md", "B"), ("content/a/b/c.md", "C")],
            "content/a/b.md:1:1: error:",
            &["folder `content/a/b/`", "`/a/b/`", "slug"],
        ),
        // A folder `print` where its parent's print page goes.
        (
            &[("content/a/print/_index.md", "Print")],
            "content/a/print/_index.md:1:1: error:",
            &["print page of folder `content/a/`", "`/a/print/`", "rename the folder"],
        ),
        (
            &[("content/a/print/p.md", "P")],
            "content/a/print: error:",
            &["print page of folder `content/a/`", "`/a/print/`"],
        ),
        // Two folders with one address.
        (
            &[("content/Issue 2/one.md", "One"), ("content/issue-2/two.md", "Two")],
            "content/issue-2: error:",
            &["folder `content/Issue 2/`", "folder `content/issue-2/`", "`/issue-2/`"],
        ),
        // A file where a page goes, where another file goes, where the
        // theme's stylesheet goes, where the output has a folder.
        (
            &[("content/a/x/index.html", "<p>not x</p>")],
            "content/a/x/index.html: error:",
            &["`content/a/x.md`", "`/a/x/`"],
        ),
        (
            &[
                ("content/Issue 3/figure.png", "png"),
                ("content/issue-3/figure.png", "png"),
            ],
            "content/issue-3/figure.png: error:",
            &["`content/Issue 3/figure.png`", "`/issue-3/figure.png`"],
        ),
        (
            &[("content/style.css", "body { color: red }")],
            "content/style.css: error:",
            &["theme's `style.css`", "`static/`"],
        ),
        (
            &[("content/a/print", "a file")],
            "content/a/print: error:",
            &["folder, `/a/print/`"],
        ),
    ];
    for (files, place, names) in cases {
        let mut all: Vec<(&str, String)> = good.iter().map(|(f, t)| (*f, t.clone())).collect();
        for (f, t) in *files {
            let text = if f.ends_with(".md") { article(t) } else { t.to_string() };
            all.push((f, text));
        }
        let all: Vec<(&str, &str)> = all.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let site = site_with(&all[..good.len()]);
        clean(&run(site.path(), &["build"]));
        let before = std::fs::read(site.path().join("public/a/x/index.html")).expect("x's page");
        for (f, t) in &all[good.len()..] {
            write(site.path(), f, t);
        }
        let out = run(site.path(), &["build"]);
        let err = fails(&out, 1);
        let found = diagnostics(&out);
        let line = found
            .iter()
            .find(|l| l.starts_with(place))
            .unwrap_or_else(|| panic!("no `{place}` in:\n{err}"));
        for name in *names {
            assert!(line.contains(name), "`{name}` not in `{line}`");
        }
        // Two folders at one address: their print pages too.
        assert_eq!(found.len(), 1 + usize::from(place.contains("issue-2")), "{err}");
        let after = std::fs::read(site.path().join("public/a/x/index.html")).expect("x's page");
        assert_eq!(before, after, "{place}: the last good output changed");
    }
}

/// An article at its folder's print page's address takes it (the folder
/// has no print page), and the build says so.
#[test]
fn an_article_that_takes_the_print_page_is_warned_of() {
    let site = site_with(&[
        ("content/a/print.md", "---\ntitle: On print\n---\n\nInk.\n"),
        ("content/a/other.md", "---\ntitle: Other\n---\n\nWords.\n"),
        ("content/b/x.md", "---\ntitle: X\nslug: print\n---\n\nX.\n"),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let taken = "where its folder's print page goes";
    assert_diagnostics(
        &out,
        &[
            (
                "content/a/print.md:1:1: warning: this article is at `/a/print/`,",
                taken,
            ),
            ("content/b/x.md:1:1: warning: this article is at `/b/print/`,", taken),
        ],
    );
    assert!(read(&site.path().join("public/a/print/index.html")).contains("Ink."));
}

/// Markdown named otherwise than `.md` is not an article: copied as it is,
/// with a warning that says so (it went unsaid).
#[test]
fn markdown_not_named_md_is_copied_with_a_warning() {
    let essay = "---\ntitle: Essay\n---\n\nWords.\n";
    let site = site_with(&[
        ("content/a/essay.markdown", essay),
        ("content/a/Notes.MD", essay),
        ("content/a/table.csv", "a,b\n"),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    let copied = "warning: copied as it is, not made an article: only `.md` files are articles";
    assert_diagnostics(
        &out,
        &[
            ("content/a/Notes.MD:", &format!("{copied} (rename it `Notes.md`)")),
            ("content/a/essay.markdown:", &format!("{copied} (rename it `essay.md`)")),
        ],
    );
    assert_eq!(read(&site.path().join("public/a/essay.markdown")), essay);
}

/// A date that is no day of the calendar is an error (it was shown as
/// "30 February 2023"); a key that looks like a slip for one samizdat
/// reads is a warning at its line (`autor:` left the article "Anonymous"
/// without a word), in an `_index.md` too; other keys are left alone.
#[test]
fn impossible_dates_and_slips_of_keys_are_reported() {
    let site = site_with(&[
        (
            "content/a/_index.md",
            "---\ntitle: A\nLanguage: fr\nsubtitle: Notes\n---\n",
        ),
        ("content/a/one.md", "---\ntitle: One\ndate: 2023-02-29\n---\n\nWords.\n"),
        (
            "content/a/two.md",
            "---\ntitle: Two\nautor: Ada Pell\nseries: Pamphlets\n---\n\nWords.\n",
        ),
    ]);
    let index = (
        "content/a/_index.md:3:1: warning:",
        "`Language` is not a key samizdat reads: did you mean `lang`?",
    );
    let two = (
        "content/a/two.md:3:1: warning:",
        "`autor` is not a key samizdat reads: did you mean `author`? (as it is, only templates see it, as `extra.autor`)",
    );
    let out = run(site.path(), &["build"]);
    fails(&out, 1);
    let date = (
        "content/a/one.md:3:1: error:",
        "`date` must be a day that exists: February 2023 has 28 days",
    );
    assert_diagnostics(&out, &[index, date, two]);
    write(
        site.path(),
        "content/a/one.md",
        "---\ntitle: One\ndate: 2024-02-29\n---\n\nWords.\n",
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(&out, &[index, two]);
    assert!(read(&site.path().join("public/a/one/index.html")).contains("29 February 2024"));
}

/// What in the content folder cannot be read is an error, each of them in
/// one run, and nothing is written: a link to a folder (not followed), a
/// link to nothing, a pipe (reading it would wait for ever), and a folder
/// whose files cannot be listed (here, one whose path is longer than the
/// system allows: unlike a folder without read permission, that stops
/// root too). The folder's text was left out without a word; the others
/// stopped the build at the first, with an error of the file system's.
/// A link to a file is read as the file.
#[test]
fn content_that_cannot_be_read_is_an_error_and_nothing_is_written() {
    let one = "---\ntitle: One\n---\n\nThe words of one.\n";
    let site = site_with(&[("content/a/one.md", one), ("content/a/pic.svg", "<svg/>")]);
    let root = site.path();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    write(
        elsewhere.path(),
        "two.md",
        "---\ntitle: Two\n---\n\nThe words of two.\n",
    );
    write(elsewhere.path(), "images/fig.svg", "<svg/>");
    let link = |to: &Path, at: &str| std::os::unix::fs::symlink(to, root.join(at)).expect("symlink");
    link(&elsewhere.path().join("two.md"), "content/a/two.md");
    clean(&run(root, &["build"]));
    assert!(read(&root.join("public/a/two/index.html")).contains("The words of two."));
    let before = snapshot(&root.join("public"));

    link(&elsewhere.path().join("images"), "content/a/images");
    link(&elsewhere.path().join("gone.svg"), "content/a/gone.svg");
    let mkfifo = std::process::Command::new("mkfifo")
        .arg(root.join("content/a/pipe"))
        .status()
        .expect("mkfifo");
    assert!(mkfifo.success());
    // Seventeen folders of 250 letters: past the 4,096 bytes a path may
    // have, made one at a time from inside the one before.
    let name = "d".repeat(250);
    let deep = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "mkdir content/b && cd content/b && for i in $(seq 16); do mkdir {name} && cd {name} || exit 1; done \
             && mkdir {name} && echo text > {name}/deep.md"
        ))
        .current_dir(root)
        .status()
        .expect("sh");
    assert!(deep.success());
    let out = run(root, &["build"]);
    fails(&out, 1);
    // (Which of the folders is too long depends on the temp folder's path.)
    let too_long = format!("content/b/{name}/{name}/");
    assert_diagnostics(
        &out,
        &[
            ("content/a/gone.svg: error:", "gone.svg`, which does not exist"),
            (
                "content/a/images: error:",
                "a link to a folder: links to folders are not followed",
            ),
            (
                "content/a/pipe: error:",
                "not a file or a folder (a pipe, a socket or a device)",
            ),
            (
                &too_long,
                ": error: cannot read what is in this folder: File name too long",
            ),
        ],
    );
    assert_eq!(snapshot(&root.join("public")), before, "the last good output changed");
}

/// Templates that do not parse are errors at their file, line and
/// column, every one of them in one run (Tera stops at the first), and
/// nothing is written. A template that extends one that is not there is
/// named too. (Both were one error, `article.html:3:1` in a snippet of
/// Tera's: not the file's path, a theme's or the site's own.)
#[test]
fn template_errors_are_reported_at_their_file_and_line_all_at_once() {
    let site = site_with(&[("content/a/one.md", "---\ntitle: One\n---\n\nWords.\n")]);
    let root = site.path();
    clean(&run(root, &["build"]));
    let before = snapshot(&root.join("public"));
    let article = "{% extends \"base.html\" %}\n{% block content %}{{ page.title \n{% endblock content %}\n";
    write(root, "templates/article.html", article);
    write(root, "templates/partials/byline.html", "<p>{{ a + }}</p>\n");
    let out = run(root, &["build"]);
    fails(&out, 1);
    assert_diagnostics(
        &out,
        &[
            (
                "templates/article.html:3:1: error:",
                "template error: Found `{` but expected }}",
            ),
            (
                "templates/partials/byline.html:1:11: error:",
                "template error: Found `}}` but expected",
            ),
        ],
    );
    assert_eq!(snapshot(&root.join("public")), before, "the last good output changed");

    std::fs::remove_dir_all(root.join("templates")).expect("rm");
    write(root, "templates/home.html", "{% extends \"nosuch.html\" %}");
    let out = run(root, &["build"]);
    fails(&out, 1);
    assert_diagnostics(
        &out,
        &[("templates/home.html: error:", "inheriting from 'nosuch.html'")],
    );
    // An include of a template that is not there: at the include (Tera
    // reports it as text, whose first place is read back).
    write(
        root,
        "templates/home.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {% include \"partials/nosuch.html\" %}\n{% endblock content %}\n",
    );
    let out = run(root, &["build"]);
    fails(&out, 1);
    assert_diagnostics(
        &out,
        &[(
            "templates/home.html:3:14: error:",
            "Unknown template `partials/nosuch.html`",
        )],
    );
    assert_eq!(snapshot(&root.join("public")), before, "the last good output changed");
}

#[test]
fn init_makes_a_site_that_builds_at_once_with_no_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = ok(&run(dir.path(), &["init", "new-site"]));
    assert!(err.contains("new-site"), "{err}");
    let site = dir.path().join("new-site");
    assert!(site.join("book.toml").is_file());
    clean(&run(&site, &["build", "--deny-warnings"]));
    clean(&run(dir.path(), &["check", "--deny-warnings", "--root", "new-site"]));
    let public = site.join("public");
    let articles = article_pages(&public);
    assert!(
        !articles.is_empty(),
        "init's site has an article:\n{}",
        listing(&public)
    );
    // And a text on its author's page, which says where such texts go.
    let editors = read(&public.join("authors/the-editors/index.html"));
    assert!(editors.contains("class=\"prose section-intro term-text\""), "{editors}");
    assert!(editors.contains("content/authors/ada-pell.md"), "{editors}");
    for rel in files_under(&public) {
        if rel.extension().is_some_and(|e| e == "html") {
            assert_valid_page(&public, &public.join(rel));
        }
    }
    // Its issue's EPUB edition, which its book.toml turns on.
    let books: Vec<_> = files_under(&public)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "epub"))
        .collect();
    assert_eq!(books.len(), 1, "{books:?}");
    crate::epub::epubcheck(&public.join(&books[0]));
    // Into a folder that is not empty: refused, nothing changed.
    write(dir.path(), "full/mine.txt", "mine");
    let err = fails(&run(dir.path(), &["init", "full"]), 2);
    assert!(err.contains("full"), "{err}");
    assert_eq!(files_under(&dir.path().join("full")), [PathBuf::from("mine.txt")]);
}

/// A link to another article carries that article's title (print shows it
/// after the link text); links elsewhere are left as written.
#[test]
fn links_between_articles_carry_the_target_title() {
    let site = crate::common::site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a/_index.md", "---\ntitle: Issue A\n---\n"),
        ("content/a/one.md", "---\ntitle: One\n---\nSee [two](../two/), [the issue](../), [away](https://example.org/) and [nowhere](../none/).\n"),
        ("content/a/two.md", "---\ntitle: \"Two & <Three>\"\n---\nText.\n"),
    ]);
    ok(&run(site.path(), &["build"]));
    let doc = page(site.path(), "a/one/");
    let title_of = |href: &str| {
        select(&doc, &format!("[data-article] a[href='{href}']"))
            .first()
            .and_then(|a| a.value().attr("title").map(str::to_string))
    };
    assert_eq!(title_of("../two/").as_deref(), Some("Two & <Three>"));
    assert_eq!(title_of("../").as_deref(), Some("Issue A"));
    assert_eq!(title_of("https://example.org/"), None);
    assert_eq!(title_of("../none/"), None);
}

/// An archive's home page lists its publications and issues, with article
/// lists two levels deep only and counts below, so it never carries
/// thousands of titles.
#[test]
fn big_sites_list_two_levels_of_articles() {
    let mut files: Vec<(String, String)> = vec![
        ("content/_index.md".into(), "---\ntitle: Archive\n---\n".into()),
        ("content/pub/_index.md".into(), "---\ntitle: Publication\n---\n".into()),
    ];
    for issue in 1..=3 {
        files.push((
            format!("content/pub/issue-{issue}/_index.md"),
            format!("---\ntitle: Issue {issue}\n---\n"),
        ));
        for n in 0..70 {
            files.push((
                format!("content/pub/issue-{issue}/a{n:02}.md"),
                format!("---\ntitle: Text {issue}-{n}\n---\nWords.\n"),
            ));
        }
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = crate::common::site_with(&refs);
    ok(&run(site.path(), &["build"]));
    let home = page(site.path(), "");
    assert!(
        linked_order(&home, &["pub/issue-1/", "pub/issue-2/"]).len() == 2,
        "issues listed on the home page"
    );
    assert!(
        linked_order(&home, &["pub/issue-1/a00/"]).is_empty(),
        "the home page lists no articles three levels down"
    );
    assert!(text(&one(&home, "main")).contains("70 articles"), "counts instead");
    let publication = page(site.path(), "pub/");
    assert_eq!(
        linked_order(&publication, &["pub/issue-1/a00/", "pub/issue-3/a69/"]).len(),
        2
    );
}

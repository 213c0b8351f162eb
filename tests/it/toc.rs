//! A long text's contents (`toc`): a list of its headings, nested, linked
//! to each, between its byline and its text; in its issue's print edition
//! under its title in the contents; in the e-books' contents. Shown for a
//! long text with a few headings, or as the text (or its folder) says.
//! Read with a real HTML parser, the e-book with an XML parser and
//! EPUBCheck.

use std::collections::HashSet;
use std::path::Path;

use scraper::{ElementRef, Html};

use crate::build::{assert_valid_page, attr, code, ok, one, page, page_text, text, within};
use crate::common::*;
use crate::epub::{epubcheck, texts, xml};

/// Words enough for a long text: `n` sentences of ten words.
fn words(n: usize) -> String {
    "The bakery opened at five and the rota said who. ".repeat(n)
}

/// A long text: a note in a heading, a link and emphasis in others, a
/// part of three chapters.
fn long_body() -> String {
    let w = words(40);
    format!(
        "{w}\n\n## Why *we* bake[^1]\n\n{w}\n\n[^1]: ed. – Not every week.\n\n\
         ## The [rota](https://example.org/rota)\n\n{w}\n\n### Mornings\n\n{w}\n\n### Evenings\n\n{w}\n\n\
         ## What is `left`\n\n{w}\n"
    )
}

fn site() -> tempfile::TempDir {
    let three = "## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.";
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/zine/_index.md", "---\ntitle: Zine\n---\n"),
        ("content/zine/long.md", &article("title: Long\nweight: 1", &long_body())),
        ("content/zine/short.md", &article("title: Short\nweight: 2", three)),
        (
            "content/zine/asked.md",
            &article("title: Asked\nweight: 3\ntoc: true", three),
        ),
        (
            "content/zine/declined.md",
            &article("title: Declined\nweight: 4\ntoc: false", &long_body()),
        ),
        (
            "content/zine/fr.md",
            &article("title: Le pain\nweight: 5\nlang: fr\ntoc: true", three),
        ),
        // A folder that says: its texts show none unless they say.
        ("content/letters/_index.md", "---\ntitle: Letters\ntoc: false\n---\n"),
        ("content/letters/long.md", &article("title: Long letter", &long_body())),
        (
            "content/letters/asked.md",
            &article("title: Asked letter\ntoc: true", three),
        ),
    ]);
    add_config(site.path(), "[print]\nepub = true");
    site
}

/// The contents of a page, as (nesting depth, link target, link text).
fn entries(doc: &Html, css: &str) -> Vec<(usize, String, String)> {
    let nav = one(doc, css);
    let mut out = Vec::new();
    fn walk(list: ElementRef, depth: usize, out: &mut Vec<(usize, String, String)>) {
        for li in list
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
        {
            let a = li
                .children()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "a")
                .expect("each entry is a link");
            out.push((depth, attr(&a, "href").to_string(), text(&a)));
            for inner in li
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|e| e.value().name() == "ol")
            {
                walk(inner, depth + 1, out);
            }
        }
    }
    let top = within(&nav, "ol");
    walk(top[0], 0, &mut out);
    out
}

fn ids(doc: &Html) -> HashSet<String> {
    select(doc, "[id]").iter().map(|e| attr(e, "id").to_string()).collect()
}

#[test]
fn a_long_text_lists_its_headings_linked_and_nested() {
    let site = site();
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let doc = page(site.path(), "zine/long");
    let nav = one(&doc, "article nav.article-toc");
    assert_eq!(text(&one(&doc, "nav.article-toc h2")), "Contents");
    assert_eq!(attr(&nav, "aria-labelledby"), "article-toc-title");
    // Before the text, after the byline.
    let html = page_text(site.path(), "zine/long");
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at("class=\"byline\"") < at("article-toc") && at("article-toc") < at("article-body"));
    assert_eq!(
        entries(&doc, "nav.article-toc"),
        [
            (0, "#why-we-bake".into(), "Why we bake".into()),
            (0, "#the-rota".into(), "The rota".into()),
            (1, "#mornings".into(), "Mornings".into()),
            (1, "#evenings".into(), "Evenings".into()),
            (0, "#what-is-left".into(), "What is left".into()),
        ]
    );
    // Emphasis and code kept; the note and the link left out (a link
    // holds no link, and a note's words are not the heading's).
    assert_eq!(within(&nav, "em").len(), 1);
    assert_eq!(within(&nav, "code").len(), 1);
    assert_eq!(within(&nav, "a a, sup, .note").len(), 0);
    // Every entry leads to its heading on the page.
    let page_ids = ids(&doc);
    for (_, href, words) in entries(&doc, "nav.article-toc") {
        let id = href.trim_start_matches('#');
        assert!(page_ids.contains(id), "{href}");
        let heading = one(&doc, &format!("h2#{id}, h3#{id}"));
        assert!(text(&heading).starts_with(&words), "{}", heading.html());
    }
    assert_valid_page(&public, &public.join("zine/long/index.html"));
}

#[test]
fn contents_show_for_long_texts_and_as_a_text_or_its_folder_says() {
    let site = site();
    let out = run(site.path(), &["build"]);
    ok(&out);
    let shown = |path: &str| !select(&page(site.path(), path), "nav.article-toc").is_empty();
    assert!(shown("zine/long"));
    assert!(!shown("zine/short"), "three headings, but short");
    assert!(shown("zine/asked"), "toc: true");
    assert!(!shown("zine/declined"), "toc: false");
    assert!(!shown("letters/long"), "its folder's toc: false");
    assert!(shown("letters/asked"), "its own toc: true, over its folder's");
    // A text in another language: its headings say so, "Contents" not.
    let doc = page(site.path(), "zine/fr");
    assert_eq!(attr(&one(&doc, "nav.article-toc > ol"), "lang"), "fr");
    assert!(one(&doc, "nav.article-toc h2").value().attr("lang").is_none());
    // Nothing else to say.
    assert!(diagnostics(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn the_print_edition_lists_each_text_s_contents_under_it() {
    let site = site();
    ok(&run(site.path(), &["build"]));
    let doc = page(site.path(), "zine/print");
    let listed = entries(&doc, "nav.print-toc");
    let under = |title: &str| -> Vec<(usize, String, String)> {
        let at = listed.iter().position(|e| e.2 == title).expect(title);
        listed[at + 1..].iter().take_while(|e| e.0 > 0).cloned().collect()
    };
    // The long text's headings, its first level only, each leading
    // within the document to its heading there.
    assert_eq!(
        under("Long"),
        [
            (1, "#a1-why-we-bake".into(), "Why we bake".into()),
            (1, "#a1-the-rota".into(), "The rota".into()),
            (1, "#a1-what-is-left".into(), "What is left".into()),
        ]
    );
    assert!(under("Short").is_empty());
    assert_eq!(under("Asked").len(), 3);
    assert!(under("Declined").is_empty());
    let doc_ids = ids(&doc);
    for (_, href, _) in &listed {
        assert!(doc_ids.contains(href.trim_start_matches('#')), "{href}");
    }
    let public = site.path().join("public");
    assert_valid_page(&public, &public.join("zine/print/index.html"));
}

#[test]
fn the_e_book_s_contents_hold_each_text_s_headings() {
    let site = site();
    ok(&run(site.path(), &["build"]));
    let book = site.path().join("public/zine/print/zine.epub");
    let files = texts(&book);
    let nav = xml(&files["EPUB/nav.xhtml"]);
    let toc = nav
        .descendants()
        .find(|n| n.attribute("id") == Some("toc"))
        .expect("the contents");
    let links: Vec<(usize, String)> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let depth = a.ancestors().filter(|n| n.has_tag_name("ol")).count();
            (depth, a.attribute("href").unwrap().to_string())
        })
        .collect();
    let long: Vec<&(usize, String)> = links.iter().filter(|(_, h)| h.starts_with("a1.xhtml")).collect();
    assert_eq!(
        long.iter().map(|(d, h)| (*d, h.as_str())).collect::<Vec<_>>(),
        [
            (1, "a1.xhtml"),
            (2, "a1.xhtml#why-we-bake"),
            (2, "a1.xhtml#the-rota"),
            (3, "a1.xhtml#mornings"),
            (3, "a1.xhtml#evenings"),
            (2, "a1.xhtml#what-is-left"),
        ]
    );
    // Each leads to an id of its chapter.
    let chapter = &files["EPUB/a1.xhtml"];
    for (_, href) in long.iter().skip(1) {
        let id = href.split_once('#').unwrap().1;
        assert!(chapter.contains(&format!("id=\"{id}\"")), "{href}");
    }
    // The short text's entry is a link alone.
    assert!(!links.iter().any(|(_, h)| h.starts_with("a2.xhtml#")));
    epubcheck(&book);
}

#[test]
fn a_toc_asked_of_a_text_without_headings_is_warned_of_at_its_line() {
    let site = site_with(&[
        ("content/a.md", &article("title: A\ntoc: true", "No headings.")),
        ("content/b.md", &article("title: B\ntoc: sometimes", "## One")),
    ]);
    let out = run(site.path(), &["build"]);
    assert_ne!(code(&out), 0);
    assert_diagnostics(
        &out,
        &[
            (
                "content/a.md:3:",
                "`toc: true`, but the text has no headings (`## …`) to list",
            ),
            ("content/b.md:3:", "`toc` must be `true` or `false`"),
        ],
    );
    assert!(!Path::new(&site.path().join("public")).exists());
}

//! A text in another language than the site's (`lang`, its own or a
//! folder's above it): each page stays in the site's language (`<html
//! lang>`, which its words are in), and the text's own parts (its title,
//! body, description, and its title and description in every listing)
//! say the text's, so that screen readers read each in its voice and
//! print hyphenates each by its rules. Read with a real HTML parser.

use std::path::Path;

use scraper::ElementRef;

use crate::build::{attr, clean, files_under, one, within};
use crate::common::*;

/// An English site with a French review (`lang: fr` on its folder, which
/// its issue and texts take), one English text in it, and a Spanish
/// text among English essays.
fn site() -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/revue/_index.md",
            "---\ntitle: La Revue\nlang: fr\ndescription: Des textes.\n---\n\nUne revue.\n",
        ),
        ("content/revue/n1/_index.md", "---\ntitle: Numéro 1\n---\n"),
        (
            "content/revue/n1/pain.md",
            &article(
                "title: Le pain\nweight: 1\ntags: [land]\nauthor: Louise\ndate: 2021-03-01\ndescription: Sur le pain.",
                "Le four venait d'une pizzeria.[^1]\n\n[^1]: ed. – Fermée en 2011.",
            ),
        ),
        (
            "content/revue/n1/bread.md",
            &article("title: Bread\nlang: en\nweight: 2", "The oven came from a pizzeria."),
        ),
        ("content/essays/_index.md", "---\ntitle: Essays\n---\n"),
        (
            "content/essays/tierra.md",
            &article(
                "title: Tierra\nlang: es\ntags: [land]\ndate: 2020-05-01\ndescription: Sobre la tierra.",
                "La tierra es de quien la trabaja.",
            ),
        ),
        (
            "content/essays/rota.md",
            &article("title: Rota\ntags: [land]", "The rota was a sheet of paper."),
        ),
    ]);
    add_site_keys(site.path(), "base_url = \"https://example.org/\"");
    site
}

/// The language `el` is in: its own `lang`, else its nearest ancestor's.
fn lang_of(el: ElementRef) -> String {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .find_map(|e| e.value().attr("lang"))
        .unwrap_or_else(|| panic!("nothing above {} has a `lang`", el.html()))
        .to_string()
}

/// The language of each element matching `css` in `doc`, in order.
fn langs(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css).into_iter().map(lang_of).collect()
}

/// The language of the one element matching `css` in the page `rel`.
fn lang_at(public: &Path, rel: &str, css: &str) -> String {
    lang_of(one(&html(&public.join(rel)), css))
}

/// The language of the listing entry (title, then description) that
/// links `href` in the page `rel`.
fn listed_lang(public: &Path, rel: &str, href: &str) -> (String, Option<String>) {
    let doc = html(&public.join(rel));
    let items = select(&doc, ".page-item");
    let item = items
        .iter()
        .find(|i| within(i, ".page-item-title").iter().any(|a| attr(a, "href") == href))
        .unwrap_or_else(|| panic!("{rel} lists no {href}"));
    let title = lang_of(within(item, ".page-item-title")[0]);
    let description = within(item, ".page-item-desc").first().map(|d| lang_of(*d));
    (title, description)
}

#[test]
fn a_text_in_another_language_says_so_where_it_stands_in_a_page_in_the_site_s() {
    let site = site();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");

    // Every page is in the site's language, whose words it shows.
    for rel in [
        "index.html",
        "revue/index.html",
        "revue/n1/index.html",
        "revue/n1/pain/index.html",
        "revue/n1/print/index.html",
        "essays/tierra/index.html",
        "tags/land/index.html",
        "404.html",
    ] {
        assert_eq!(lang_at(&public, rel, "html"), "en", "{rel}");
    }

    // A text's title and body are in its language: its own, or its
    // folder's; its byline and the words around it in the site's.
    let tierra = "essays/tierra/index.html";
    assert_eq!(lang_at(&public, tierra, ".article-title"), "es");
    assert_eq!(lang_at(&public, tierra, ".article-body"), "es");
    assert_eq!(lang_at(&public, tierra, ".byline"), "en");
    assert_eq!(lang_at(&public, tierra, ".article-footer"), "en");
    let pain = "revue/n1/pain/index.html";
    assert_eq!(lang_at(&public, pain, ".article-title"), "fr");
    assert_eq!(lang_at(&public, pain, ".article-body"), "fr");
    let note = ".article-body [role=doc-footnote] .note-body";
    assert_eq!(lang_at(&public, pain, note), "fr", "its notes");
    // The site's words in its body: the annotation's label.
    assert_eq!(lang_at(&public, pain, ".article-body .note-label"), "en", "Editor");
    // The titles of other texts and folders on a page: the breadcrumbs,
    // the previous and next texts.
    let doc = html(&public.join(pain));
    assert_eq!(
        langs(&doc, ".breadcrumbs a"),
        ["en", "fr", "fr"],
        "Home, La Revue, Numéro 1"
    );
    assert_eq!(lang_at(&public, pain, ".pn-next .pn-title"), "en", "Bread");
    assert_eq!(lang_at(&public, pain, ".pn-next .pn-label"), "en");
    assert_eq!(
        lang_at(&public, "revue/n1/bread/index.html", ".pn-prev .pn-title"),
        "fr"
    );
    // In the site's language, its own or none: nothing to mark but the
    // French titles of the rest of its issue.
    let doc = html(&public.join("revue/n1/bread/index.html"));
    let marked: Vec<String> = select(&doc, "body [lang]").into_iter().map(|e| text_of(&e)).collect();
    assert_eq!(marked, ["La Revue", "Numéro 1", "Le pain"]);
    let doc = html(&public.join("essays/rota/index.html"));
    let marked: Vec<String> = select(&doc, "body [lang]").into_iter().map(|e| text_of(&e)).collect();
    assert_eq!(marked, ["Tierra"], "the previous text");

    // A folder in another language: its title, description and text.
    assert_eq!(lang_at(&public, "revue/index.html", ".section-title"), "fr");
    assert_eq!(lang_at(&public, "revue/index.html", ".section-desc"), "fr");
    assert_eq!(lang_at(&public, "revue/index.html", ".section-intro"), "fr");
    assert_eq!(
        lang_at(&public, "revue/n1/index.html", ".section-title"),
        "fr",
        "inherited"
    );
    assert_eq!(lang_at(&public, "essays/index.html", ".section-title"), "en");

    // Listings: each text's title and description in its language.
    let es = ("es".to_string(), Some("es".to_string()));
    assert_eq!(listed_lang(&public, "essays/index.html", "../essays/tierra/"), es);
    assert_eq!(listed_lang(&public, "essays/index.html", "../essays/rota/").0, "en");
    assert_eq!(listed_lang(&public, "tags/land/index.html", "../../essays/tierra/"), es);
    // A tag's page: its texts by their folders, each folder's title (and
    // those above it) in its language.
    let doc = html(&public.join("tags/land/index.html"));
    let mut groups: Vec<(String, String)> = select(&doc, ".tree-title a, .tree-title .tag-trail")
        .into_iter()
        .map(|e| (text_of(&e), lang_of(e)))
        .collect();
    groups.sort();
    let expected = [("Essays", "en"), ("La Revue", "fr"), ("Numéro 1", "fr")];
    assert_eq!(groups, expected.map(|(t, l)| (t.to_string(), l.to_string())));
    let fr = ("fr".to_string(), Some("fr".to_string()));
    assert_eq!(listed_lang(&public, "revue/n1/index.html", "../../revue/n1/pain/"), fr);
    assert_eq!(
        listed_lang(&public, "revue/n1/index.html", "../../revue/n1/bread/").0,
        "en"
    );
    let home = html(&public.join("index.html"));
    let revue = select(&home, ".tree-title a[href='revue/']");
    assert_eq!(lang_of(revue[0]), "fr");

    // The print edition: the title page, each text's title in the
    // contents and at its head, and its body.
    let print = "revue/n1/print/index.html";
    assert_eq!(lang_at(&public, print, ".print-title-page h1"), "fr");
    assert_eq!(lang_at(&public, print, ".print-site"), "en");
    let doc = html(&public.join(print));
    assert_eq!(langs(&doc, ".print-toc a"), ["fr", "en"]);
    assert_eq!(langs(&doc, ".print-article .article-title"), ["fr", "en"]);
    assert_eq!(langs(&doc, ".print-article .article-body"), ["fr", "en"]);
    assert_eq!(langs(&doc, ".print-article .byline"), ["en", "en"]);
    assert_eq!(lang_at(&public, print, ".print-article .note-label"), "en");

    // The feed: each entry in its text's language, the folder's taken too.
    let xml = read(&public.join("atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
    assert_eq!(doc.root_element().attribute(xml_lang), Some("en"));
    let entries: Vec<(Option<&str>, Option<&str>)> = doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "entry")
        .map(|e| {
            let title = e
                .children()
                .find(|c| c.tag_name().name() == "title")
                .and_then(|t| t.text());
            (title, e.attribute(xml_lang))
        })
        .collect();
    assert_eq!(entries, [(Some("Le pain"), Some("fr")), (Some("Tierra"), Some("es"))]);

    // Notes at the end in print: their heading and labels in the site's
    // words, the notes in the text's language.
    add_config(site.path(), "[print]\nnotes = \"end\"");
    clean(&run(site.path(), &["build"]));
    assert_eq!(lang_at(&public, pain, ".endnotes-title"), "en");
    assert_eq!(lang_at(&public, pain, ".endnotes li .note-label"), "en");
    assert_eq!(lang_at(&public, pain, ".endnotes li"), "fr");
}

#[test]
fn an_old_address_of_a_text_in_another_language_is_in_the_site_s() {
    let site = site();
    write(
        site.path(),
        "content/essays/tierra.md",
        &article("title: Tierra\nlang: es\naliases: [tierra/]", "La tierra."),
    );
    clean(&run(site.path(), &["build"]));
    let doc = html(&site.path().join("public/tierra/index.html"));
    assert_eq!(attr(&select(&doc, "html")[0], "lang"), "en");
    let link = &select(&doc, "body a")[0];
    assert_eq!(attr(link, "lang"), "es");
    assert_eq!(text_of(link), "Tierra");
}

#[test]
fn an_edition_in_another_language_marks_the_site_s_words() {
    let site = site();
    add_config(site.path(), "[print]\nepub = true");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let file = files_under(&public)
        .into_iter()
        .find(|f| f.starts_with("revue/n1") && f.extension().is_some_and(|e| e == "epub"))
        .expect("the issue's edition");
    let book = crate::epub::texts(&public.join(&file));
    // The language a node is in: its own `xml:lang` (or `lang`, which
    // XHTML reads as well), or the nearest above it.
    fn lang_in(node: roxmltree::Node) -> String {
        let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
        node.ancestors()
            .find_map(|n| n.attribute(xml_lang).or(n.attribute("lang")))
            .unwrap_or_else(|| panic!("no language above {node:?}"))
            .to_string()
    }
    let with_class = |doc: &roxmltree::Document, class: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .map(lang_in)
            .collect()
    };
    let opf = book.iter().find(|(n, _)| n.ends_with(".opf")).expect("a package").1;
    assert!(opf.contains("<dc:language>fr</dc:language>"), "{opf}");
    // A French text: its page in French, its byline and date in the
    // site's words, in English.
    let pain = crate::epub::xml(&book["EPUB/a1.xhtml"]);
    assert_eq!(lang_in(pain.root_element()), "fr");
    assert_eq!(with_class(&pain, "byline"), ["en"]);
    assert_eq!(with_class(&pain, "date"), ["en"]);
    assert_eq!(with_class(&pain, "note-label"), ["en"]);
    // An English text in it: nothing to mark.
    let bread = &book["EPUB/a2.xhtml"];
    assert_eq!(lang_in(crate::epub::xml(bread).root_element()), "en");
    assert_eq!(bread.matches("xml:lang=").count(), 1, "its page's alone: {bread}");
    // The contents: the word in English, each title in its language.
    let nav = crate::epub::xml(&book["EPUB/nav.xhtml"]);
    let h1 = nav
        .descendants()
        .find(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "h1")));
    assert_eq!(lang_in(h1.expect("a heading")), "en");
    let titles: Vec<(String, String)> = nav
        .descendants()
        .filter(|n| {
            n.attribute("href")
                .is_some_and(|h| h.starts_with('a') && h.ends_with(".xhtml"))
        })
        .filter(|n| n.ancestors().any(|a| a.attribute("id") == Some("toc")))
        .map(|n| (n.text().unwrap_or_default().to_string(), lang_in(n)))
        .collect();
    let expected = [("Le pain", "fr"), ("Bread", "en")];
    assert_eq!(titles, expected.map(|(t, l)| (t.to_string(), l.to_string())));
    crate::epub::epubcheck(&public.join(&file));
}

#[test]
fn a_language_written_as_no_tag_is_an_error_at_its_line() {
    // A page marked with a tag no browser or screen reader knows is read
    // in none: the build fails, saying what to write, and the last
    // output stays as it was.
    let site = site();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let before = read(&public.join("essays/tierra/index.html"));
    write(
        site.path(),
        "content/essays/tierra.md",
        &article("title: Tierra\nlang: Spanish", "La tierra."),
    );
    write(
        site.path(),
        "content/revue/_index.md",
        "---\ntitle: La Revue\nlang: fr_FR\n---\n",
    );
    let out = run(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_diagnostics(
        &out,
        &[
            (
                "content/essays/tierra.md:3:1: error: ",
                "`Spanish` is a language's name: write its code, `es`",
            ),
            (
                "content/revue/_index.md:3:1: error: ",
                "`fr_FR` is not a language's tag: its parts are joined with `-`, `fr-FR`",
            ),
        ],
    );
    assert_eq!(read(&public.join("essays/tierra/index.html")), before);

    // The site's own, in `book.toml`.
    let site = site_with(&[("content/a.md", &article("title: A", "Text."))]);
    add_site_keys(site.path(), "language = \"Deutsch\"");
    let out = run(site.path(), &["build"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "as every error of book.toml: {}",
        stderr(&out)
    );
    // (At the key's line: `add_site_keys` puts it first in `[site]`.)
    assert_diagnostics(
        &out,
        &[(
            "book.toml:2:1: error: ",
            "`Deutsch` is a language's name: write its code, `de`",
        )],
    );
}

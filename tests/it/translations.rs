//! A translation and its original (`translation_of`): the translation
//! links the text it translates, the original lists its translations, each
//! link in its text's language and named with it, and each page names the
//! others in its head for search engines (`hreflang`). Read with a real
//! HTML parser.

use std::path::Path;

use scraper::Html;

use crate::build::{assert_valid_page, attr, ok, one, page, text, within};
use crate::common::*;

fn site() -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/originals/_index.md", "---\ntitle: Originals\nlang: es\n---\n"),
        (
            "content/originals/tierra.md",
            &article("title: La tierra\nweight: 1", "La tierra es de quien la trabaja."),
        ),
        ("content/review/_index.md", "---\ntitle: Review\n---\n"),
        (
            // Its original by its Markdown file, as editors' previews read it.
            "content/review/land.md",
            &article(
                "title: The Land\nweight: 1\ntranslation_of: ../originals/tierra.md",
                "The land belongs to those who work it.",
            ),
        ),
        (
            // By its address, from the page's.
            "content/review/terre.md",
            &article(
                "title: La terre\nlang: fr\nweight: 2\ntranslation_of: ../../originals/tierra/",
                "La terre est à qui la travaille.",
            ),
        ),
    ]);
    add_config(site.path(), "[print]\nepub_texts = true");
    site
}

/// A language's name as a page shows it, and the `lang` it is marked with.
type Named = (String, Option<String>);

/// The links of the paragraph `css` of a page: (href, text, lang,
/// hreflang), and the language names after them.
fn versions(doc: &Html, css: &str) -> (Vec<[String; 4]>, Vec<Named>) {
    let p = one(doc, css);
    let links = within(&p, "a")
        .iter()
        .map(|a| {
            [
                attr(a, "href").to_string(),
                text(a),
                a.value().attr("lang").unwrap_or("").to_string(),
                attr(a, "hreflang").to_string(),
            ]
        })
        .collect();
    let names = within(&p, ".byline-language")
        .iter()
        .map(|s| (text(s), s.value().attr("lang").map(str::to_string)))
        .collect();
    (links, names)
}

/// Asserts `href`, from the page at `from`, leads to the page at `to`.
fn leads(public: &Path, from: &str, href: &str, to: &str) {
    let target = public.join(from).join(href).join("index.html");
    let target = target
        .canonicalize()
        .unwrap_or_else(|_| panic!("{href} from {from}: nothing there"));
    assert_eq!(
        target,
        public.join(to).join("index.html").canonicalize().unwrap(),
        "{href}"
    );
}

#[test]
fn a_translation_links_its_original_and_the_original_lists_its_translations() {
    let site = site();
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert!(diagnostics(&out).is_empty(), "{}", stderr(&out));
    let public = site.path().join("public");

    // The original: its translations, in reading order, each in its
    // language, named in it; the byline's words stay the site's.
    let doc = page(site.path(), "originals/tierra");
    let p = one(&doc, ".byline-translations");
    assert!(text(&p).starts_with("Translations:"), "{}", text(&p));
    let (links, names) = versions(&doc, ".byline-translations");
    let hrefs: Vec<&str> = links.iter().map(|l| l[0].as_str()).collect();
    assert_eq!(
        links
            .iter()
            .map(|l| [&l[1][..], &l[2][..], &l[3][..]])
            .collect::<Vec<_>>(),
        [["The Land", "", "en"], ["La terre", "fr", "fr"]],
        "the byline is in the site's language, English: only the French title says its own"
    );
    assert_eq!(
        names,
        [
            ("(English)".to_string(), None),
            ("(français)".to_string(), Some("fr".to_string()))
        ]
    );
    leads(&public, "originals/tierra", hrefs[0], "review/land");
    leads(&public, "originals/tierra", hrefs[1], "review/terre");
    assert!(select(&doc, ".byline-original").is_empty());

    // Each translation: its original.
    for (path, title) in [("review/land", "The Land"), ("review/terre", "La terre")] {
        let doc = page(site.path(), path);
        let p = one(&doc, ".byline-original");
        assert!(text(&p).starts_with("Original:"), "{title}: {}", text(&p));
        let (links, names) = versions(&doc, ".byline-original");
        assert_eq!(links.len(), 1);
        assert_eq!(
            [&links[0][1][..], &links[0][2][..], &links[0][3][..]],
            ["La tierra", "es", "es"]
        );
        assert_eq!(names, [("(español)".to_string(), Some("es".to_string()))]);
        leads(&public, path, &links[0][0], "originals/tierra");
        assert!(select(&doc, ".byline-translations").is_empty(), "{title}");
    }

    // In each head, the other versions for search engines.
    let alternates = |path: &str| -> Vec<(String, String)> {
        select(&page(site.path(), path), "head link[rel=alternate][hreflang]")
            .iter()
            .map(|l| (attr(l, "hreflang").to_string(), attr(l, "href").to_string()))
            .collect()
    };
    let tierra = alternates("originals/tierra");
    assert_eq!(tierra.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["en", "fr"]);
    leads(&public, "originals/tierra", &tierra[1].1, "review/terre");
    assert_eq!(alternates("review/land")[0].0, "es");

    // A translation's e-book names its original (which it does not hold:
    // not a link) in the original's language.
    let book = public.join("review/land/land.epub");
    let files = crate::epub::texts(&book);
    let chapter = crate::epub::xml(&files["EPUB/a1.xhtml"]);
    let p = chapter
        .descendants()
        .find(|n| n.attribute("class") == Some("original"))
        .expect("the original named");
    let words: String = p
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(words, "Original: La tierra (español)");
    let span = p.children().find(|n| n.has_tag_name("span")).expect("its title");
    assert_eq!(span.attribute("lang"), Some("es"));
    assert!(!p.descendants().any(|n| n.has_tag_name("a")));
    crate::epub::epubcheck(&book);

    // The print edition shows them in each byline too.
    let print = page(site.path(), "review/print");
    assert_eq!(select(&print, ".byline-original").len(), 2);
    for path in ["originals/tierra", "review/land", "review/terre", "review/print"] {
        assert_valid_page(&public, &public.join(path).join("index.html"));
    }
}

#[test]
fn a_translation_of_what_is_not_a_text_is_warned_of_at_its_line() {
    let site = site_with(&[
        ("content/notes/_index.md", "---\ntitle: Notes\n---\n"),
        (
            "content/notes/a.md",
            &article("title: A\ntranslation_of: ../nothing/", "A."),
        ),
        ("content/notes/b.md", &article("title: B\ntranslation_of: b.md", "B.")),
        (
            "content/notes/c.md",
            &article("title: C\ntranslation_of: ../../notes/", "C."),
        ),
        (
            "content/notes/d.md",
            &article("title: D\ntranslation_of: https://example.org/d", "D."),
        ),
        ("content/notes/e.md", &article("title: E\noriginal: a.md", "E.")),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[
            (
                "content/notes/a.md:3:",
                "`translation_of: ../nothing/` leads to no text of this site",
            ),
            (
                "content/notes/b.md:3:",
                "`translation_of: b.md` leads to the text itself",
            ),
            ("content/notes/c.md:3:", "leads to the folder “Notes”, not to a text"),
            ("content/notes/d.md:3:", "is not an address of this site"),
            (
                "content/notes/e.md:3:",
                "`original` is not a key samizdat reads: did you mean `translation_of`?",
            ),
        ],
    );
    // Each page is written, without the link.
    let doc = page(site.path(), "notes/a");
    assert!(select(&doc, ".byline-original").is_empty());
}

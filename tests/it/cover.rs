//! An issue's cover (`cover` in a folder's `_index.md`), read by a real
//! HTML parser and from the EPUB with a real XML parser: on the folder's
//! page, first on its print page, and the cover of its edition (checked
//! by EPUBCheck); one that is no image of the site a warning at its line,
//! and no cover. A text's cover (`cover` in its front matter) likewise:
//! on its page, before it on its issue's print page and in its issue's
//! edition, and the cover of its own edition. (That they print as whole
//! pages: `print`.)

use std::path::Path;

use crate::build::{attr, clean, ok};
use crate::common::*;
use crate::epub::{epubcheck, texts, unzip, xml};

const OPF: &str = "http://www.idpf.org/2007/opf";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d,
    0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The bytes of the image at `href` (from the package) in the EPUB `book`.
fn image_in(book: &Path, href: &str) -> Vec<u8> {
    let name = format!("EPUB/{href}");
    unzip(book).into_iter().find(|(n, ..)| *n == name).expect("the image").1
}

/// The cover of the EPUB `book`: the image [`PNG`] in it, named its
/// `cover-image` in the package, and shown with `alt` on `cover.xhtml`.
/// Returns the book's spine, by ids.
fn book_cover(book: &Path, alt: &str) -> Vec<String> {
    let files = texts(book);
    let opf = xml(&files["EPUB/package.opf"]);
    let cover_item = opf
        .descendants()
        .find(|n| n.has_tag_name((OPF, "item")) && n.attribute("properties") == Some("cover-image"))
        .expect("a cover-image item");
    assert_eq!(cover_item.attribute("media-type"), Some("image/png"));
    assert_eq!(image_in(book, cover_item.attribute("href").unwrap()), PNG);
    let cover_page = xml(&files["EPUB/cover.xhtml"]);
    let img = cover_page
        .descendants()
        .find(|n| n.has_tag_name("img"))
        .expect("an img");
    assert_eq!(Some(img.attribute("src").unwrap()), cover_item.attribute("href"));
    assert_eq!(img.attribute("alt"), Some(alt));
    opf.descendants()
        .filter(|n| n.has_tag_name((OPF, "itemref")))
        .filter_map(|n| n.attribute("idref"))
        .map(String::from)
        .collect()
}

/// An issue whose cover is in a folder beside its texts, `art/front.png`.
fn site() -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/review/_index.md", "---\ntitle: The Review\n---\n"),
        (
            "content/review/i1/_index.md",
            "---\ntitle: \"Issue 1: Tools & Hands\"\ndate: 2024-03\ncover: art/front.png\n---\n\nThe issue's own text.\n",
        ),
        ("content/review/i1/rota.md", &article("title: Rota\nweight: 1", "Text.")),
        ("content/review/i1/tools.md", &article("title: Tools\nweight: 2", "Other words.")),
    ]);
    std::fs::create_dir_all(site.path().join("content/review/i1/art")).unwrap();
    std::fs::write(site.path().join("content/review/i1/art/front.png"), PNG).unwrap();
    add_config(site.path(), "[print]\nepub = true");
    site
}

#[test]
fn an_issue_s_cover_is_on_its_page_first_on_its_print_page_and_its_edition_s() {
    let site = site();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let png = public.join("review/i1/art/front.png");
    assert_eq!(std::fs::read(&png).unwrap(), PNG);

    let page = html(&public.join("review/i1/index.html"));
    let img = select(&page, "header figure.section-cover img");
    assert_eq!(img.len(), 1);
    assert_eq!(attr(&img[0], "src"), "../../review/i1/art/front.png");
    assert_eq!(attr(&img[0], "alt"), "Cover: Issue 1: Tools & Hands");
    // Only the folder that has one.
    assert!(select(&html(&public.join("review/index.html")), ".section-cover").is_empty());
    // The listings above show it small, beside the issue's title: on the
    // publication's page and the home page, leading to the issue.
    for (listing, up) in [("review/index.html", "../"), ("index.html", "")] {
        let page = html(&public.join(listing));
        let sections = select(&page, ".tree-section");
        assert_eq!(sections.len(), if up.is_empty() { 2 } else { 1 }, "{listing}");
        let issue = sections.last().unwrap();
        assert!(attr(issue, "class").contains("has-cover"), "{listing}");
        let cover = select(&page, ".tree-section.has-cover > .tree-header > a.tree-cover");
        assert_eq!(cover.len(), 1, "{listing}");
        assert_eq!(attr(&cover[0], "href"), format!("{up}review/i1/"));
        // Once for a screen reader: the title's link says where it leads.
        assert_eq!(attr(&cover[0], "aria-hidden"), "true");
        assert_eq!(attr(&cover[0], "tabindex"), "-1");
        let img = select(&page, "a.tree-cover > img");
        assert_eq!(attr(&img[0], "alt"), "");
        let src = attr(&img[0], "src");
        assert_eq!(src, format!("{up}review/i1/art/front.png"));
        let shown = public.join(listing).parent().unwrap().join(src);
        assert_eq!(std::fs::read(shown).unwrap(), PNG, "{listing}");
        // (On the home page, the publication above it has none.)
        assert!(sections[..sections.len() - 1]
            .iter()
            .all(|s| !attr(s, "class").contains("has-cover")));
    }

    let print = html(&public.join("review/i1/print/index.html"));
    let first = select(&print, "main > *");
    assert_eq!(attr(&first[0], "class"), "print-cover", "the cover comes first");
    let img = select(&print, ".print-cover img");
    assert_eq!(attr(&img[0], "src"), "../../../review/i1/art/front.png");
    assert!(Path::new(&public.join("review/i1/print"))
        .join(attr(&img[0], "src"))
        .is_file());
    // Its texts have none of their own.
    assert!(select(&html(&public.join("review/i1/rota/index.html")), ".article-cover").is_empty());
    assert!(select(&print, ".article-cover").is_empty());

    // The edition: the image in the book, named as its cover, the first
    // page, and a landmark.
    let book = public.join("review/i1/print/review-i1.epub");
    let files = texts(&book);
    let spine = book_cover(&book, "Cover: Issue 1: Tools & Hands");
    assert_eq!(spine[..2], ["cover", "title"]);
    assert!(files["EPUB/nav.xhtml"].contains("epub:type=\"cover\" href=\"cover.xhtml\""));
    epubcheck(&book);
}

#[test]
fn a_cover_that_is_no_image_of_the_site_is_a_warning_at_its_line() {
    for (cover, phrase) in [
        (
            "gone.png",
            "cover `gone.png` is not there (`content/review/i1/gone.png`)",
        ),
        (
            "notes.txt",
            "is not an image of a type every browser and e-reader shows",
        ),
        ("https://example.org/c.png", "is not a file of the site's"),
        // (Found as links find files: the one meant, in other capitals.)
        (
            "Art/front.png",
            "cover `Art/front.png` is not there (`content/review/i1/Art/front.png`); did you mean `art/front.png`?",
        ),
    ] {
        let site = site();
        write(site.path(), "content/review/i1/notes.txt", "plain");
        let index = read(&site.path().join("content/review/i1/_index.md"));
        write(
            site.path(),
            "content/review/i1/_index.md",
            &index.replace("cover: art/front.png", &format!("cover: {cover}")),
        );
        let out = run(site.path(), &["build"]);
        ok(&out);
        assert_diagnostics(&out, &[("content/review/i1/_index.md:4:1: warning: ", phrase)]);
        assert!(stderr(&out).contains("the folder has no cover"));
        let public = site.path().join("public");
        assert!(select(&html(&public.join("review/i1/index.html")), ".section-cover").is_empty());
        assert!(select(&html(&public.join("review/i1/print/index.html")), ".print-cover").is_empty());
        // Nor in the listings above (warned of once, above, not by them).
        for listing in ["review/index.html", "index.html"] {
            assert!(select(&html(&public.join(listing)), ".tree-cover, .has-cover").is_empty());
        }
        assert!(!texts(&public.join("review/i1/print/review-i1.epub")).contains_key("EPUB/cover.xhtml"));
    }
}

/// [`site`] with a cover for its first text, `covers/rota front.png`
/// from its folder, and its texts' own editions.
fn site_with_a_text_s_cover() -> tempfile::TempDir {
    let site = site();
    write(
        site.path(),
        "content/review/i1/rota.md",
        &article(
            "title: Rota\nweight: 1\nauthor: Ada Pell\ntags: [rotas]\ncover: covers/rota front.png",
            "Text.",
        ),
    );
    std::fs::create_dir_all(site.path().join("content/review/i1/covers")).unwrap();
    std::fs::write(site.path().join("content/review/i1/covers/rota front.png"), PNG).unwrap();
    add_config(site.path(), "epub_texts = true");
    site
}

#[test]
fn a_text_s_cover_is_on_its_page_before_it_in_its_issue_and_its_own_edition_s() {
    let site = site_with_a_text_s_cover();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");

    // Its page: first in the article, before its title.
    let page = html(&public.join("review/i1/rota/index.html"));
    let first = select(&page, "article > *");
    assert_eq!(attr(&first[0], "class"), "article-cover");
    let img = select(&page, "article > figure.article-cover img");
    assert_eq!(img.len(), 1);
    // (Its address escaped: a space is no part of an address.)
    assert_eq!(attr(&img[0], "src"), "../../../review/i1/covers/rota%20front.png");
    assert_eq!(attr(&img[0], "alt"), "Cover: Rota");
    assert_eq!(
        std::fs::read(public.join("review/i1/rota").join(percent_decode(attr(&img[0], "src")))).unwrap(),
        PNG
    );
    // Not the text beside it, nor the issue's page.
    assert!(select(&html(&public.join("review/i1/tools/index.html")), ".article-cover").is_empty());
    assert!(select(&html(&public.join("review/i1/index.html")), ".article-cover").is_empty());
    // Small beside its entry where the folders' pages list it (its
    // issue's, and those above), leading to it; not beside the other's.
    for (listing, up) in [
        ("review/i1/index.html", "../../"),
        ("review/index.html", "../"),
        ("index.html", ""),
    ] {
        let page = html(&public.join(listing));
        assert_eq!(select(&page, "li.page-item").len(), 2, "{listing}");
        let link = select(&page, "li.page-item.has-cover > a.page-item-cover");
        assert_eq!(link.len(), 1, "{listing}");
        assert_eq!(attr(&link[0], "href"), format!("{up}review/i1/rota/"));
        assert_eq!(attr(&link[0], "aria-hidden"), "true");
        assert_eq!(attr(&link[0], "tabindex"), "-1");
        let img = select(&page, "a.page-item-cover > img");
        assert_eq!(attr(&img[0], "src"), format!("{up}review/i1/covers/rota%20front.png"));
        assert_eq!(attr(&img[0], "alt"), "");
    }
    // And where its author's and its tag's pages list it.
    for listing in ["authors/ada-pell/index.html", "tags/rotas/index.html"] {
        let page = html(&public.join(listing));
        let link = select(&page, "li.page-item.has-cover > a.page-item-cover");
        assert_eq!(link.len(), 1, "{listing}");
        assert_eq!(attr(&link[0], "href"), "../../review/i1/rota/");
        let img = select(&page, "a.page-item-cover > img");
        assert_eq!(attr(&img[0], "src"), "../../review/i1/covers/rota%20front.png");
    }

    // The issue's print page: before the text's title, in its article.
    let print = html(&public.join("review/i1/print/index.html"));
    let img = select(&print, "#a1 > figure.article-cover:first-child img");
    assert_eq!(img.len(), 1, "the first text's cover opens it");
    assert_eq!(attr(&img[0], "src"), "../../../review/i1/covers/rota%20front.png");
    assert!(select(&print, "#a2 .article-cover").is_empty());

    // The issue's edition: the image in the book, first in the text's
    // chapter; the issue's cover stays the book's.
    let book = public.join("review/i1/print/review-i1.epub");
    let files = texts(&book);
    let chapter = xml(&files["EPUB/a1.xhtml"]);
    let img = chapter
        .descendants()
        .find(|n| n.has_tag_name("img"))
        .expect("an img in the first chapter");
    assert_eq!(img.parent_element().unwrap().attribute("class"), Some("article-cover"));
    assert_eq!(img.attribute("alt"), Some("Cover: Rota"));
    assert_eq!(image_in(&book, img.attribute("src").unwrap()), PNG);
    assert!(!files["EPUB/a2.xhtml"].contains("article-cover"));
    assert!(files["EPUB/cover.xhtml"].contains("Cover: Issue 1: Tools &amp; Hands"));
    epubcheck(&book);

    // Its own edition: the cover its first page and its cover image.
    let own = public.join("review/i1/rota/rota.epub");
    let files = texts(&own);
    let spine = book_cover(&own, "Cover: Rota");
    assert_eq!(spine[0], "cover");
    // (Once: not again in its chapter.)
    assert!(!files["EPUB/a1.xhtml"].contains("article-cover"));
    epubcheck(&own);
    // The text beside it has none.
    assert!(!texts(&public.join("review/i1/tools/tools.epub")).contains_key("EPUB/cover.xhtml"));
}

#[test]
fn a_text_s_cover_that_is_no_image_of_the_site_is_a_warning_at_its_line() {
    let site = site_with_a_text_s_cover();
    write(
        site.path(),
        "content/review/i1/rota.md",
        &article("title: Rota\nweight: 1\ncover: covers/gone.png", "Text."),
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "content/review/i1/rota.md:4:1: warning: ",
            "cover `covers/gone.png` is not there (`content/review/i1/covers/gone.png`): the text has no cover",
        )],
    );
    let public = site.path().join("public");
    assert!(select(&html(&public.join("review/i1/rota/index.html")), ".article-cover").is_empty());
    assert!(select(&html(&public.join("review/i1/print/index.html")), ".article-cover").is_empty());
    for listing in ["review/i1/index.html", "review/index.html", "index.html"] {
        assert!(select(&html(&public.join(listing)), ".page-item-cover, .page-item.has-cover").is_empty());
    }
    assert!(!texts(&public.join("review/i1/rota/rota.epub")).contains_key("EPUB/cover.xhtml"));
    assert!(!texts(&public.join("review/i1/print/review-i1.epub"))["EPUB/a1.xhtml"].contains("article-cover"));
}

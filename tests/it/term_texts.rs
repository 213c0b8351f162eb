//! The texts of the tag, author and translator pages and of their
//! indexes: `content/authors/ada-pell.md` is shown on Ada Pell's page
//! (a biography), `content/authors/_index.md` on the index of authors;
//! what no page can show is warned of, never dropped without a word.

use crate::build::{clean, fails, ok};
use crate::common::*;

fn text(title: &str, author: &str, tags: &str) -> String {
    article(
        &format!("title: {title}\nauthor: {author}\ntags: [{tags}]"),
        &format!("The text of {title}."),
    )
}

fn site() -> tempfile::TempDir {
    site_with(&[
        ("content/review/_index.md", "---\ntitle: Review\n---\n"),
        ("content/review/rota.md", &text("The Rota", "Ada Pell", "mutual aid")),
        ("content/review/shed.md", &text("The Shed", "Ada Pell", "tools")),
        ("content/review/press.md", &text("The Press", "Teo Varga", "tools")),
    ])
}

const BIO: &str = "---\ndescription: Printer and rota keeper, 1921–1990.\n---\n\n\
Ada Pell kept the rota of the print shop for forty years.[^1] She wrote\n\
\"[the rota's story](../review/rota.md)\".\n\n\
[^1]: ed. – The rota is still on the door.\n";

#[test]
fn a_name_s_page_shows_its_text_and_its_index_its_own() {
    let site = site();
    write(site.path(), "content/authors/ada-pell.md", BIO);
    write(
        site.path(),
        "content/authors/_index.md",
        "---\ndescription: Everyone the press has printed.\n---\n\nBy name, A to Z.\n",
    );
    write(
        site.path(),
        "content/tags/mutual-aid.md",
        "---\ndescription: Looking after one another.\n---\n",
    );
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");

    let doc = html(&public.join("authors/ada-pell/index.html"));
    let body = select(&doc, ".term-text");
    assert_eq!(body.len(), 1);
    let words = text_of(&body[0]);
    assert!(
        words.contains("kept the rota of the print shop for forty years"),
        "{words}"
    );
    // Its notes are notes, its links lead where a text's do.
    let note = select(&doc, ".term-text .note");
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].value().attr("data-annotation"), Some("ed"));
    let links: Vec<&str> = select(&doc, ".term-text a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(links, ["../../review/rota/"]);
    assert_eq!(
        text_of(&select(&doc, ".term-desc")[0]),
        "Printer and rota keeper, 1921–1990."
    );
    let description = select(&doc, "meta[name=description]");
    assert_eq!(
        description[0].value().attr("content"),
        Some("Printer and rota keeper, 1921–1990.")
    );
    // The texts still listed below it.
    assert_eq!(select(&doc, ".page-item-title").len(), 2);

    // A page without a text has none, and the site's description.
    let doc = html(&public.join("authors/teo-varga/index.html"));
    assert!(select(&doc, ".term-text, .term-desc").is_empty());

    // The index's text, and a tag's description alone.
    let doc = html(&public.join("authors/index.html"));
    assert_eq!(text_of(&select(&doc, ".term-text")[0]).trim(), "By name, A to Z.");
    assert_eq!(
        text_of(&select(&doc, ".term-desc")[0]),
        "Everyone the press has printed."
    );
    assert_eq!(
        select(&doc, ".tag-index li").len(),
        2,
        "the index lists the authors still"
    );
    let doc = html(&public.join("tags/mutual-aid/index.html"));
    assert_eq!(text_of(&select(&doc, ".term-desc")[0]), "Looking after one another.");
    assert!(select(&doc, ".term-text").is_empty());
    // Each in its index, under the name.
    let doc = html(&public.join("tags/index.html"));
    let described: Vec<String> = select(&doc, ".tag-index li:has(.tag-index-desc) a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(described, ["mutual aid"]);
    assert_eq!(
        text_of(&select(&doc, ".tag-index-desc")[0]),
        "Looking after one another."
    );

    // Not articles: no page of their own, in no listing.
    assert!(!public.join("authors/ada-pell/ada-pell").exists());
    assert!(!read(&public.join("index.html")).contains("Printer and rota keeper"));
}

#[test]
fn a_text_is_found_by_its_name_as_written_and_shows_its_picture() {
    let site = site();
    write(
        site.path(),
        "content/authors/Ada Pell.md",
        "---\nlang: fr\ndescription: Imprimeuse.\n---\n\n![Ada Pell at the press](ada.svg)\n\nImprimeuse.\n",
    );
    write(
        site.path(),
        "content/authors/ada.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let doc = html(&public.join("authors/ada-pell/index.html"));
    let body = select(&doc, ".term-text");
    assert_eq!(body[0].value().attr("lang"), Some("fr"));
    let img = select(&doc, ".term-text img");
    assert_eq!(img[0].value().attr("src"), Some("../ada.svg"));
    assert!(
        public.join("authors/ada.svg").is_file(),
        "the picture is copied beside the pages"
    );
    // Its description, in its language, here and in the index.
    let desc = select(&doc, ".term-desc");
    assert_eq!(desc[0].value().attr("lang"), Some("fr"));
    let doc = html(&public.join("authors/index.html"));
    let desc = select(&doc, ".tag-index-desc");
    assert_eq!(desc.len(), 1);
    assert_eq!(desc[0].value().attr("lang"), Some("fr"));
}

#[test]
fn what_no_page_can_show_is_warned_of_and_what_cannot_be_read_refused() {
    let site = site();
    // A slip in the name, a key a text has, a link to nothing, a draft.
    write(site.path(), "content/authors/ada-pel.md", "---\n---\n\nA slip.\n");
    write(
        site.path(),
        "content/authors/teo-varga.md",
        "---\ndescription: Typesetter.\ndate: 1950\n---\n\nSee [his press](../review/gone.md).\n",
    );
    write(
        site.path(),
        "content/tags/print.md",
        "---\ndraft: true\n---\n\nNot yet.\n",
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[
            (
                "content/authors/ada-pel.md: warning:",
                "not shown: no text of the site has the author this file names, so there is no page at \
                 `/authors/ada-pel/` (the file is named as the author's page's address): did you mean `ada-pell.md`?",
            ),
            (
                "content/authors/teo-varga.md:3:1: warning:",
                "`date` is not read in the text of an author's page",
            ),
            ("content/authors/teo-varga.md:6:", "`../review/gone.md`"),
        ],
    );
    let public = site.path().join("public");
    assert!(!public.join("authors/ada-pel").exists());
    assert!(!read(&public.join("tags/tools/index.html")).contains("Not yet"));
    assert!(!public.join("tags/print").exists(), "a draft makes no page");

    // Shown with --drafts.
    write(
        site.path(),
        "content/review/press.md",
        &text("The Press", "Teo Varga", "print"),
    );
    let out = run(site.path(), &["build", "--drafts"]);
    ok(&out);
    assert!(read(&public.join("tags/print/index.html")).contains("Not yet."));

    // Two texts for one page, and a folder inside: errors, nothing written.
    std::fs::remove_file(site.path().join("content/authors/ada-pel.md")).unwrap();
    std::fs::remove_file(site.path().join("content/authors/teo-varga.md")).unwrap();
    write(site.path(), "content/authors/ada-pell.md", BIO);
    write(site.path(), "content/authors/Ada Pell.md", "---\n---\n\nAgain.\n");
    write(site.path(), "content/authors/photos/ada.jpg", "jpeg");
    let before = read(&public.join("authors/ada-pell/index.html"));
    let out = run(site.path(), &["build"]);
    let err = fails(&out, 1);
    assert!(err.contains("content/authors/photos: error: not read:"), "{err}");
    assert!(
        err.contains("are both the text of the page at `/authors/ada-pell/`: keep one"),
        "{err}"
    );
    assert_eq!(
        read(&public.join("authors/ada-pell/index.html")),
        before,
        "the last output is kept"
    );
}

#[test]
fn with_the_pages_elsewhere_the_folder_is_a_folder_of_texts_again() {
    let site = site();
    write(
        site.path(),
        "content/authors/_index.md",
        "---\ntitle: Our authors, a column\n---\n",
    );
    write(
        site.path(),
        "content/authors/on-ada.md",
        &text("On Ada", "Teo Varga", "tools"),
    );
    add_config(site.path(), "[authors]\npath = \"people\"");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert!(read(&public.join("authors/on-ada/index.html")).contains("The text of On Ada."));
    assert!(read(&public.join("authors/index.html")).contains("Our authors, a column"));
    assert!(public.join("people/teo-varga/index.html").is_file());
}

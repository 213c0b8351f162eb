//! The EPUB editions (`[print] epub = true`), opened as a reader opens
//! them: the ZIP container read by the `zip` crate, every XML file of it
//! by a strict XML parser, and whole books checked by EPUBCheck, the
//! reference validator (Debian's `epubcheck`, which `scripts/test.sh`
//! installs). That an edition keeps every word of its texts is checked
//! with the pages', in `preservation`.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::{files_under, ok, squash};
use crate::common::*;

const XHTML: &str = "http://www.w3.org/1999/xhtml";
const OPF: &str = "http://www.idpf.org/2007/opf";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const OPS: &str = "http://www.idpf.org/2007/ops";

/// An EPUB's files, in the container's order: name, bytes, and whether it
/// is stored uncompressed.
pub fn unzip(path: &Path) -> Vec<(String, Vec<u8>, bool)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("an entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("its bytes");
            let stored = entry.compression() == zip::CompressionMethod::Stored;
            (entry.name().expect("a UTF-8 name").to_string(), bytes, stored)
        })
        .collect()
}

/// An EPUB's text files by name.
pub fn texts(path: &Path) -> BTreeMap<String, String> {
    unzip(path)
        .into_iter()
        .filter(|(name, ..)| !name.starts_with("EPUB/images/"))
        .map(|(name, bytes, _)| (name, String::from_utf8(bytes).expect("UTF-8")))
        .collect()
}

/// `text` read as XML: the XHTML pages' `<!DOCTYPE html>` allowed.
pub fn xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
}

/// Runs EPUBCheck on `file`; panics with its report unless it finds
/// nothing at all to say (no error, no warning).
pub fn epubcheck(file: &Path) {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    assert!(
        jar.is_file(),
        "EPUBCheck is not installed: `apt-get install epubcheck` (scripts/test.sh does)"
    );
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(file)
        .output()
        .expect("run java");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.contains("No errors or warnings detected"),
        "EPUBCheck on {}:\n{report}",
        file.display()
    );
}

/// The text of the package's Dublin Core elements `name`, in order.
fn dc<'a>(opf: &'a roxmltree::Document, name: &str) -> Vec<&'a str> {
    opf.descendants()
        .filter(|n| n.has_tag_name((DC, name)))
        .filter_map(|n| n.text())
        .collect()
}

/// The package's spine: its pages' ids in reading order.
fn spine<'a>(opf: &'a roxmltree::Document) -> Vec<&'a str> {
    opf.descendants()
        .filter(|n| n.has_tag_name((OPF, "itemref")))
        .filter_map(|n| n.attribute("idref"))
        .collect()
}

/// All the text in `node`.
fn text_in(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect()
}

/// Where the link reading `text` in `doc` leads (`None`: it has no `href`).
fn href_of<'a>(doc: &'a roxmltree::Document, text: &str) -> Option<&'a str> {
    let link = doc
        .descendants()
        .find(|n| n.has_tag_name((XHTML, "a")) && text_in(*n) == text);
    link.unwrap_or_else(|| panic!("no link `{text}`")).attribute("href")
}

/// The EPUB files under `public`.
fn editions(public: &Path) -> Vec<PathBuf> {
    files_under(public)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "epub"))
        .map(|f| public.join(f))
        .collect()
}

/// An issue of two texts, whose first has what an EPUB cannot hold as it
/// is: raw HTML to close and write as XML, an inline SVG, a comment, a
/// script, an image of the site and one that is not there, links within
/// the edition, to the site and off it.
fn site(base_url: &str) -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/review/_index.md", "---\ntitle: The Review\n---\n"),
        (
            "content/review/i1/_index.md",
            "---\ntitle: Issue 1\ndate: 2024-03\ndescription: The first issue.\n---\n\nWelcome to [the second text](two.md#part).\n",
        ),
        (
            "content/review/i1/one.md",
            &article(
                "title: \"One & <Only>\"\nauthor: Ada Pell\ntranslator: Tomás Ferrier\ndate: 2024-03-01\nweight: 1\nsource: La Colmena, no. 12",
                "Opening words[^n] and a line<br>break &amp; more&nbsp;words <span class=\"x\">left open.\n\n\
                 ![A hand press](press.svg)\n\n\
                 <svg viewBox=\"0 0 2 2\" width=\"20\"><circle cx=\"1\" cy=\"1\" r=\"1\"/></svg>\n\n\
                 <!-- an editor's comment -- with dashes -->\n\n\
                 <script>document.title = 'no';</script>\n\n\
                 <style>p { color: red; }</style>\n\n\
                 <noscript>Shown without scripts.</noscript>\n\n\
                 See [the second](two.md#part), [the letters](../../letters/l1/a.md), [the emblem](press.svg), \
                 [elsewhere](https://example.org/x) and [the top](#top-of-nothing).\n\n\
                 [^n]: ed. – A note of the editors'.",
            ),
        ),
        ("content/review/i1/press.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        (
            "content/review/i1/two.md",
            &article(
                "title: Two\nweight: 2",
                "## Part\n\nText two[^a], and [back](one.md).\n\n[^a]: Its own note.",
            ),
        ),
        ("content/letters/l1/a.md", &article("title: Letter A", "Dear all.")),
    ]);
    let config = read(&site.path().join("book.toml"));
    let config = config.replace(
        "title = \"Test\"",
        &format!("title = \"Test\"\nbase_url = \"{base_url}\"\n\n[print]\nepub = true"),
    );
    write(site.path(), "book.toml", &config);
    site
}

/// The one EPUB of `site`'s issue, built.
fn built_edition(site: &Path) -> PathBuf {
    let out = run(site, &["build"]);
    ok(&out);
    let file = site.join("public/review/i1/print/review-i1.epub");
    assert!(file.is_file(), "no {}", file.display());
    file
}

#[test]
fn an_edition_is_a_valid_epub_of_its_texts_in_order() {
    let site = site("");
    let file = built_edition(site.path());
    let entries = unzip(&file);
    // The container: `mimetype` first, stored, as readers know an EPUB.
    let (first, bytes, stored) = &entries[0];
    assert_eq!(
        (first.as_str(), bytes.as_slice(), *stored),
        ("mimetype", &b"application/epub+zip"[..], true)
    );
    let files = texts(&file);
    let container = xml(&files["META-INF/container.xml"]);
    let rootfile = container
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .and_then(|n| n.attribute("full-path"))
        .expect("a rootfile");
    assert_eq!(rootfile, "EPUB/package.opf");

    // The package: what the book is, holds, and in what order.
    let opf = xml(&files["EPUB/package.opf"]);
    assert_eq!(dc(&opf, "title"), ["Issue 1"]);
    assert_eq!(dc(&opf, "creator"), ["Ada Pell"]);
    assert_eq!(dc(&opf, "contributor"), ["Tomás Ferrier"]);
    assert_eq!(dc(&opf, "date"), ["2024-03"]);
    assert_eq!(dc(&opf, "language"), ["en"]);
    assert_eq!(dc(&opf, "publisher"), ["Test"]);
    assert_eq!(dc(&opf, "description"), ["The first issue."]);
    let identifier = dc(&opf, "identifier");
    assert!(identifier[0].starts_with("urn:uuid:"), "{identifier:?}");
    let meta = |property: &str| {
        opf.descendants()
            .find(|n| n.has_tag_name((OPF, "meta")) && n.attribute("property") == Some(property))
            .and_then(|n| n.text())
    };
    // As of its newest date, not the build's.
    assert_eq!(meta("dcterms:modified"), Some("2024-03-01T00:00:00Z"));
    assert_eq!(meta("belongs-to-collection"), Some("The Review"));
    let items: BTreeMap<&str, roxmltree::Node> = opf
        .descendants()
        .filter(|n| n.has_tag_name((OPF, "item")))
        .map(|n| (n.attribute("id").expect("an id"), n))
        .collect();
    // Every file is in the manifest, and every item is a file.
    let in_zip: HashSet<String> = entries.iter().map(|(n, ..)| n.clone()).collect();
    let listed: HashSet<String> = items
        .values()
        .map(|n| format!("EPUB/{}", n.attribute("href").expect("an href")))
        .collect();
    let expected: HashSet<String> = in_zip
        .iter()
        .filter(|n| !matches!(n.as_str(), "mimetype" | "META-INF/container.xml" | "EPUB/package.opf"))
        .cloned()
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(items["nav"].attribute("properties"), Some("nav"));
    assert_eq!(items["a1"].attribute("properties"), Some("svg"), "an inline SVG");
    assert_eq!(items["a2"].attribute("properties"), None);
    assert_eq!(spine(&opf), ["title", "nav", "a1", "a2"]);

    // Every page well-formed, titled, the texts in the section's order.
    let page = |name: &str| xml(&files[&format!("EPUB/{name}")]);
    let h1 = |doc: &roxmltree::Document| -> String {
        doc.descendants()
            .find(|n| n.has_tag_name((XHTML, "h1")))
            .map(text_in)
            .expect("an h1")
    };
    assert_eq!(h1(&page("a1.xhtml")), "One & <Only>");
    assert_eq!(h1(&page("a2.xhtml")), "Two");
    assert_eq!(h1(&page("title.xhtml")), "Issue 1");
    let nav = page("nav.xhtml");
    let toc: Vec<(&str, String)> = nav
        .descendants()
        .filter(|n| {
            n.has_tag_name((XHTML, "a"))
                && n.ancestors()
                    .any(|a| a.has_tag_name((XHTML, "nav")) && a.attribute((OPS, "type")) == Some("toc"))
        })
        .map(|a| (a.attribute("href").unwrap(), text_in(a)))
        .collect();
    assert_eq!(
        toc,
        [
            ("title.xhtml", "Issue 1".to_string()),
            ("a1.xhtml", "One & <Only>".to_string()),
            ("a2.xhtml", "Two".to_string())
        ]
    );

    // The first text: its header, what the raw HTML said, as XML.
    let one = page("a1.xhtml");
    let text = text_in(one.root());
    for said in [
        "Ada Pell",
        "Translated by Tomás Ferrier",
        "1 March 2024",
        "La Colmena, no. 12",
        "Opening words",
        "break & more\u{a0}words",
        "left open.",
        "Shown without scripts.",
    ] {
        assert!(text.contains(said), "`{said}` not in {text}");
    }
    assert!(!text.contains("document.title"), "a script's text in the book");
    assert!(!text.contains("color: red"), "a stylesheet in the book");
    assert!(!one.descendants().any(|n| n.is_comment()), "a comment in the book");
    assert!(one
        .descendants()
        .any(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "circle"))));
    // Its note: a reference to it in the list at the text's end, as EPUB
    // readers show in a pop-up.
    let noterefs: Vec<&str> = one
        .descendants()
        .filter(|n| n.attribute((OPS, "type")) == Some("noteref"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(noterefs, ["#note-1"]);
    let endnote = one
        .descendants()
        .find(|n| n.attribute("id") == Some("note-1"))
        .expect("note 1");
    assert_eq!(endnote.attribute((OPS, "type")), Some("endnote"));
    let note = text_in(endnote);
    assert!(note.contains("A note of the editors'"), "{note}");
    assert!(one
        .descendants()
        .any(|n| n.attribute((OPS, "type")) == Some("endnotes")));

    // Links: within the book to the other text's heading; off the site as
    // written; to a page of the site outside the book, none (its words
    // stay); within the page as written.
    let links: Vec<(String, Option<&str>)> = one
        .descendants()
        .filter(|n| n.has_tag_name((XHTML, "a")) && n.attribute((OPS, "type")).is_none())
        .map(|a| (text_in(a), a.attribute("href")))
        .collect();
    assert!(
        links.contains(&("the second".into(), Some("a2.xhtml#part"))),
        "{links:?}"
    );
    assert!(links.contains(&("the letters".into(), None)), "{links:?}");
    assert!(
        links.contains(&("elsewhere".into(), Some("https://example.org/x"))),
        "{links:?}"
    );
    assert!(links.contains(&("the top".into(), None)), "{links:?}");
    let two = page("a2.xhtml");
    assert!(two.descendants().any(|n| n.attribute("id") == Some("part")));
    let back = href_of(&two, "back");
    assert_eq!(back, Some("a1.xhtml"));
    // The issue's own text on the title page, its link within the book.
    let title_page = page("title.xhtml");
    let welcome = href_of(&title_page, "the second text");
    assert_eq!(welcome, Some("a2.xhtml#part"));

    // The image beside the text, in the book.
    let src = one
        .descendants()
        .find(|n| n.has_tag_name((XHTML, "img")))
        .and_then(|i| i.attribute("src"))
        .expect("an image");
    assert!(in_zip.contains(&format!("EPUB/{src}")), "{src}");
    assert_eq!(items["image-1"].attribute("media-type"), Some("image/svg+xml"));

    // The page links to it.
    let section = html(&site.path().join("public/review/i1/index.html"));
    let link = one_el(&section, "a[type=\"application/epub+zip\"]");
    let href = link.value().attr("href").expect("an href");
    let linked = site.path().join("public/review/i1").join(href);
    assert_eq!(linked.canonicalize().ok(), file.canonicalize().ok(), "{href}");
    assert_eq!(squash(&text_of(&link)), "E-book (EPUB)");

    epubcheck(&file);
}

fn one_el<'a>(doc: &'a scraper::Html, css: &str) -> scraper::ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "expected one `{css}`");
    found[0]
}

#[test]
fn an_image_that_is_not_there_leaves_its_description() {
    let site = site_with(&[(
        "content/i1/one.md",
        &article("title: One", "Before ![The missing cover](cover.png) after."),
    )]);
    add_config(site.path(), "[print]\nepub = true");
    let out = run(site.path(), &["build"]);
    ok(&out);
    let file = site.path().join("public/i1/print/i1.epub");
    let files = texts(&file);
    let one = xml(&files["EPUB/a1.xhtml"]);
    assert!(!one.descendants().any(|n| n.has_tag_name((XHTML, "img"))));
    let alt = one
        .descendants()
        .find(|n| n.attribute("class") == Some("image-alt"))
        .and_then(|n| n.text());
    assert_eq!(alt, Some("The missing cover"));
    epubcheck(&file);
}

#[test]
fn with_a_base_url_links_to_the_site_are_whole() {
    let site = site("https://example.org/zine/");
    let file = built_edition(site.path());
    let files = texts(&file);
    let one = xml(&files["EPUB/a1.xhtml"]);
    let href = href_of(&one, "the letters");
    assert_eq!(href, Some("https://example.org/zine/letters/l1/a/"));
    // A file of the site's: its own address, not a folder's.
    let href = href_of(&one, "the emblem");
    assert_eq!(href, Some("https://example.org/zine/review/i1/press.svg"));
    let opf = xml(&files["EPUB/package.opf"]);
    let id = opf
        .descendants()
        .find(|n| n.has_tag_name((DC, "identifier")))
        .and_then(|n| n.text());
    assert_eq!(id, Some("https://example.org/zine/review/i1/print/review-i1.epub"));
}

#[test]
fn an_edition_is_the_same_from_build_to_build_and_names_no_build_path() {
    let site = site("");
    let first = std::fs::read(built_edition(site.path())).expect("the edition");
    let again = tempfile::tempdir().expect("temp dir");
    copy_dir(site.path(), again.path());
    let second = std::fs::read(built_edition(again.path())).expect("the edition");
    assert!(first == second, "two builds of one site made different editions");
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let file = site.path().join("public/review/i1/print/review-i1.epub");
    for (name, bytes, _) in unzip(&file) {
        let text = String::from_utf8_lossy(&bytes);
        for leak in [site.path().to_string_lossy().as_ref(), "/tmp/", host.trim()] {
            assert!(leak.is_empty() || !text.contains(leak), "{name} names `{leak}`");
        }
    }
}

#[test]
fn no_editions_unless_asked() {
    let site = site("");
    let config = read(&site.path().join("book.toml"));
    write(site.path(), "book.toml", &config.replace("epub = true", ""));
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert!(editions(&public).is_empty());
    assert!(public.join("review/i1/print/index.html").is_file());
    let section = html(&public.join("review/i1/index.html"));
    assert!(select(&section, "a[type=\"application/epub+zip\"]").is_empty());
}

#[test]
fn the_example_site_s_editions_pass_epubcheck() {
    let site = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("content"), &site.path().join("content"));
    std::fs::copy(repo().join("book.toml"), site.path().join("book.toml")).expect("book.toml");
    ok(&run(site.path(), &["build"]));
    let files = editions(&site.path().join("public"));
    assert!(files.len() >= 2, "{files:?}");
    // One Java each, side by side.
    std::thread::scope(|s| {
        for file in &files {
            s.spawn(move || epubcheck(file));
        }
    });
}

/// With `epub_texts = true`, each text has a book of its own beside its
/// page: no title page, the text's title, authors, date and language the
/// book's, its issue the series; links to the other texts of the issue
/// lead out of the book (with a `base_url`), and its page links it.
#[test]
fn a_text_has_an_edition_of_its_own() {
    let site = site("https://example.org/zine/");
    let config = read(&site.path().join("book.toml"));
    write(
        site.path(),
        "book.toml",
        &config.replace("epub = true", "epub = true\nepub_texts = true"),
    );
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let file = public.join("review/i1/one/one.epub");
    let files = texts(&file);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "EPUB/a1.xhtml",
            "EPUB/nav.xhtml",
            "EPUB/package.opf",
            "EPUB/style.css",
            "META-INF/container.xml",
            "mimetype"
        ]
    );
    let opf = xml(&files["EPUB/package.opf"]);
    assert_eq!(dc(&opf, "title"), ["One & <Only>"]);
    assert_eq!(dc(&opf, "creator"), ["Ada Pell"]);
    assert_eq!(dc(&opf, "date"), ["2024-03-01"]);
    assert_eq!(
        dc(&opf, "identifier"),
        ["https://example.org/zine/review/i1/one/one.epub"]
    );
    assert_eq!(spine(&opf), ["nav", "a1"]);
    let series = opf
        .descendants()
        .find(|n| n.attribute("property") == Some("belongs-to-collection"))
        .and_then(|n| n.text());
    assert_eq!(series, Some("Issue 1"));
    let one = xml(&files["EPUB/a1.xhtml"]);
    let href = href_of(&one, "the second");
    assert_eq!(href, Some("https://example.org/zine/review/i1/two/#part"));
    // Its image too.
    assert!(unzip(&file).iter().any(|(name, ..)| name.starts_with("EPUB/images/")));
    // Every text has one, and its page links it.
    assert!(public.join("review/i1/two/two.epub").is_file());
    assert!(public.join("letters/l1/a/a.epub").is_file());
    let page = html(&public.join("review/i1/one/index.html"));
    let link = one_el(&page, "a[type=\"application/epub+zip\"]");
    assert_eq!(link.value().attr("href"), Some("../../../review/i1/one/one.epub"));
    epubcheck(&file);
}

/// A site's own `templates/epub.css` replaces the theme's in every
/// edition; one that does not render is an error at its place, and the
/// build writes nothing.
#[test]
fn a_site_s_own_stylesheet_and_its_problems() {
    let site = site("");
    write(
        site.path(),
        "templates/epub.css",
        "body { margin: 0; } /* {{ config.title }} */\n",
    );
    let file = built_edition(site.path());
    assert_eq!(texts(&file)["EPUB/style.css"], "body { margin: 0; } /* Test */\n");
    write(
        site.path(),
        "templates/epub.css",
        "body {}\n{{ config.no_such_key.deeper }}\n",
    );
    let out = run(site.path(), &["build"]);
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    let problems = diagnostics(&out);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("templates/epub.css:2:") && p.contains("error")),
        "{problems:?}"
    );
    // The last good build stays.
    assert_eq!(texts(&file)["EPUB/style.css"], "body { margin: 0; } /* Test */\n");
    let check = run(site.path(), &["check"]);
    assert_ne!(check.status.code(), Some(0), "check misses it: {}", stderr(&check));
}

//! The Atom feeds, read by a real XML parser: the site's newest dated
//! texts and each publication's, whole with their notes at the end;
//! addresses that lead to the site's files from where the feed is; whole
//! addresses with a `base_url`; summaries alone, or no feeds; and a file of
//! the site's own at a feed's address. (That a feed keeps every word of
//! its texts is checked with the pages', in `preservation`.)

use std::path::Path;

use crate::build::{attrs_in_order, ok};
use crate::common::*;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Two publications of dated texts, one undated, a draft; three texts a
/// feed.
fn site() -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/review/_index.md",
            "---\ntitle: The Review\nweight: 1\ndescription: A review of small presses.\n---\n",
        ),
        (
            "content/review/i1/one.md",
            &article(
                "title: \"One & <Only>\"\nauthor: [Ada Pell, Jun Aldana]\ntranslator: Tomás Ferrier\ndate: 2024-03-01\n\
                 tags: [print, mutual aid]\nsource: La Colmena, no. 12\nlang: es\ndescription: The first.",
                "Text[^n] with [the second](two.md) and ![a press](press.svg).\n\n[^n]: ed. – A note of the editors'.",
            ),
        ),
        ("content/review/i1/press.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("content/review/i1/two.md", &article("title: Two\ndate: 2024", "The second text.")),
        ("content/review/i1/three.md", &article("title: Undated", "No date.")),
        (
            "content/review/i1/draft.md",
            &article("title: Draft\ndate: 2025-01-01\ndraft: true", "Not yet."),
        ),
        ("content/letters/_index.md", "---\ntitle: Letters\nweight: 2\n---\n"),
        ("content/letters/l1/_index.md", "---\ntitle: Letters 1\n---\n"),
        ("content/review/i1/_index.md", "---\ntitle: Issue 1\n---\n"),
        // A top-level folder of texts alone: in the site's feed only.
        ("content/shelf/pamphlet.md", &article("title: Pamphlet\ndate: 1990", "p")),
        ("content/letters/l1/a.md", &article("title: Letter A\ndate: 2023-05-06", "Dear all.")),
        ("content/letters/l1/c.md", &article("title: Letter C\ndate: 2022", "Dear some.")),
    ]);
    let config = read(&site.path().join("book.toml"));
    write(
        site.path(),
        "book.toml",
        &config.replace(
            "title = \"Test\"",
            "title = \"Test & Co <zine>\"\ndescription = \"Texts.\"\n\n[feed]\nlimit = 3",
        ),
    );
    site
}

/// The text of `node`'s first child element `name`.
fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
}

fn children<'a>(node: roxmltree::Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> {
    node.children().filter(move |c| c.has_tag_name((ATOM, name)))
}

fn link<'a>(node: roxmltree::Node<'a, 'a>, rel: &str) -> &'a str {
    children(node, "link")
        .find(|l| l.attribute("rel") == Some(rel))
        .and_then(|l| l.attribute("href"))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
}

/// `href` from the folder `base` (both relative to the output), as a
/// path in the output: `review/` and `../x.svg` make `x.svg`; a folder's
/// address is its `index.html`.
fn resolve(base: &str, href: &str) -> String {
    assert!(
        !href.contains("://") && !href.starts_with('/'),
        "{href} is not relative"
    );
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{href} from {base} leaves the site");
            }
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || href.is_empty() || href.ends_with('.') {
        path = format!("{path}/index.html").trim_start_matches('/').to_string();
    }
    path
}

#[test]
fn feeds_carry_the_newest_dated_texts_whole() {
    let site = site();
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let xml = read(&public.join("atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    assert_eq!(child_text(feed, "title"), Some("Test & Co <zine>"));
    assert_eq!(child_text(feed, "subtitle"), Some("Texts."));
    assert_eq!(
        child_text(feed, "updated"),
        Some("2024-03-01T00:00:00Z"),
        "its newest text's date"
    );
    assert_eq!(child_text(feed, "generator"), Some("samizdat"));
    assert_eq!(link(feed, "self"), "atom.xml");
    assert_eq!(resolve("", link(feed, "alternate")), "index.html");
    let feed_id = child_text(feed, "id").expect("an id");
    assert!(feed_id.starts_with("urn:uuid:"), "{feed_id}");

    // The three newest dated texts, newest first: not the undated, the
    // draft, or the fourth.
    let entries: Vec<_> = children(feed, "entry").collect();
    let titles: Vec<&str> = entries.iter().filter_map(|e| child_text(*e, "title")).collect();
    assert_eq!(titles, ["One & <Only>", "Two", "Letter A"]);
    let updated: Vec<&str> = entries.iter().filter_map(|e| child_text(*e, "updated")).collect();
    assert_eq!(
        updated,
        ["2024-03-01T00:00:00Z", "2024-01-01T00:00:00Z", "2023-05-06T00:00:00Z"]
    );
    let mut ids: Vec<&str> = entries.iter().filter_map(|e| child_text(*e, "id")).collect();
    ids.push(feed_id);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4, "every id its own");

    // What the first text's page says of it.
    let one = entries[0];
    assert_eq!(
        one.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("es")
    );
    let names =
        |role: &'static str| -> Vec<&str> { children(one, role).filter_map(|p| child_text(p, "name")).collect() };
    assert_eq!(names("author"), ["Ada Pell", "Jun Aldana"]);
    assert_eq!(names("contributor"), ["Tomás Ferrier"]);
    let tags: Vec<&str> = children(one, "category").filter_map(|c| c.attribute("term")).collect();
    assert_eq!(tags, ["print", "mutual aid"]);
    assert_eq!(child_text(one, "summary"), Some("The first."));
    assert_eq!(
        children(entries[1], "author")
            .filter_map(|p| child_text(p, "name"))
            .collect::<Vec<_>>(),
        ["Anonymous"]
    );

    // Its page, and the files its content links, where the feed says.
    let page = resolve("", link(one, "alternate"));
    assert_eq!(page, "review/i1/one/index.html");
    let content = children(one, "content").next().expect("the text whole");
    assert_eq!(content.attribute("type"), Some("html"));
    let base = content
        .attribute(("http://www.w3.org/XML/1998/namespace", "base"))
        .expect("the page's address as the content's base");
    let html = scraper::Html::parse_fragment(content.text().expect("html"));
    let hrefs = attrs_in_order(&html, "a[href]:not([href^='#'])", "href");
    let srcs = attrs_in_order(&html, "img", "src");
    assert_eq!(hrefs.len(), 1, "{hrefs:?}");
    assert_eq!(
        resolve(&resolve("", base).replace("index.html", ""), &hrefs[0]),
        "review/i1/two/index.html"
    );
    let image = resolve(&resolve("", base).replace("index.html", ""), &srcs[0]);
    assert!(public.join(&image).is_file(), "{image}");
    // The note after the text, with the credits a reader would not see
    // otherwise.
    let text = squash_text(&html);
    assert!(
        text.starts_with("Translated by Tomás Ferrier La Colmena, no. 12 Text"),
        "{text}"
    );
    assert!(text.ends_with("Notes Editor A note of the editors'."), "{text}");
    let endnote = attrs_in_order(&html, "li[data-endnote]", "id");
    assert_eq!(endnote, ["note-1"], "where the reference leads");

    // Each publication's own, its texts alone (no fourth: two dated).
    let review = read(&public.join("review/atom.xml"));
    let review = roxmltree::Document::parse(&review).expect("well-formed XML");
    let feed = review.root_element();
    assert_eq!(child_text(feed, "title"), Some("The Review"));
    assert_eq!(child_text(feed, "subtitle"), Some("A review of small presses."));
    assert_eq!(link(feed, "self"), "atom.xml");
    assert_eq!(resolve("review/", link(feed, "alternate")), "review/index.html");
    let titles: Vec<&str> = children(feed, "entry").filter_map(|e| child_text(e, "title")).collect();
    assert_eq!(titles, ["One & <Only>", "Two"]);
    let first = children(feed, "entry").next().expect("an entry");
    assert_eq!(resolve("review/", link(first, "alternate")), "review/i1/one/index.html");
    assert_eq!(
        child_text(first, "id"),
        Some(ids_of(&xml)[0].as_str()),
        "one text, one id"
    );
    let letters = read(&public.join("letters/atom.xml"));
    assert!(letters.contains("<title>Letter C</title>"));
    assert!(
        !public.join("shelf/atom.xml").exists(),
        "a folder of texts alone has none"
    );

    // Pages name their feeds, for readers to find.
    let head = |page: &str| attrs_in_order(&html_of(&public.join(page)), "link[rel=alternate]", "href");
    assert_eq!(head("index.html"), ["atom.xml"]);
    assert_eq!(
        head("review/i1/one/index.html"),
        ["../../../atom.xml", "../../../review/atom.xml"]
    );
    assert_eq!(
        head("review/i1/print/index.html"),
        ["../../../atom.xml", "../../../review/atom.xml"]
    );
    assert_eq!(head("tags/index.html"), ["../atom.xml"]);
    assert_eq!(head("shelf/pamphlet/index.html"), ["../../atom.xml"]);
    let titles = attrs_in_order(
        &html_of(&public.join("letters/index.html")),
        "link[rel=alternate]",
        "title",
    );
    assert_eq!(titles, ["Test & Co <zine>", "Letters"]);

    // Nothing of the machine, and the same bytes build after build.
    let machine = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    for feed in ["atom.xml", "review/atom.xml", "letters/atom.xml"] {
        let text = read(&public.join(feed));
        assert!(!text.contains(&site.path().display().to_string()), "{feed}");
        assert!(machine.trim().is_empty() || !text.contains(machine.trim()), "{feed}");
    }
    ok(&run(site.path(), &["build"]));
    assert_eq!(read(&public.join("atom.xml")), xml);
}

fn html_of(path: &Path) -> scraper::Html {
    html(path)
}

fn ids_of(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    children(doc.root_element(), "entry")
        .filter_map(|e| child_text(e, "id").map(String::from))
        .collect()
}

/// The words of a fragment, one space between each.
fn squash_text(html: &scraper::Html) -> String {
    html.root_element()
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn with_a_base_url_every_address_is_whole() {
    let site = site();
    let config = read(&site.path().join("book.toml"));
    let config = config.replace("[site]\n", "[site]\nbase_url = \"https://zine.example/sub/\"\n");
    write(site.path(), "book.toml", &config);
    ok(&run(site.path(), &["build"]));
    let xml = read(&site.path().join("public/review/atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(link(feed, "self"), "https://zine.example/sub/review/atom.xml");
    assert_eq!(link(feed, "alternate"), "https://zine.example/sub/review/");
    assert_eq!(child_text(feed, "id"), Some("https://zine.example/sub/review/atom.xml"));
    let one = children(feed, "entry").next().expect("an entry");
    assert_eq!(link(one, "alternate"), "https://zine.example/sub/review/i1/one/");
    assert_eq!(child_text(one, "id"), Some("https://zine.example/sub/review/i1/one/"));
    let content = children(one, "content").next().expect("content");
    assert_eq!(
        content.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
        Some("https://zine.example/sub/review/i1/one/")
    );
}

#[test]
fn summary_feeds_carry_descriptions_and_no_feeds_are_none() {
    let site = site();
    let config = read(&site.path().join("book.toml"));
    write(
        site.path(),
        "book.toml",
        &config.replace("limit = 3", "limit = 3\ncontent = \"summary\"\nsections = false"),
    );
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let xml = read(&public.join("atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name((ATOM, "content"))).count(),
        0
    );
    assert_eq!(child_text(doc.root_element(), "title"), Some("Test & Co <zine>"));
    assert!(xml.contains("<summary>The first.</summary>"));
    assert!(!public.join("review/atom.xml").exists(), "no publication's feed");
    let doc = html(&public.join("review/i1/one/index.html"));
    assert_eq!(
        attrs_in_order(&doc, "link[rel=alternate]", "href"),
        ["../../../atom.xml"]
    );

    write(site.path(), "book.toml", &config.replace("limit = 3", "path = \"\""));
    ok(&run(site.path(), &["build"]));
    let xml_files: Vec<_> = crate::build::files_under(&public)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "xml"))
        .collect();
    assert!(xml_files.is_empty(), "{xml_files:?}");
    let doc = html(&public.join("review/i1/one/index.html"));
    assert!(attrs_in_order(&doc, "link[rel=alternate]", "href").is_empty());
    assert!(select(&doc, ".site-feeds").is_empty(), "no link to follow");
}

#[test]
fn a_file_of_the_sites_own_at_a_feeds_address_wins_with_a_warning() {
    let site = site();
    write(site.path(), "content/review/atom.xml", "<feed>our own</feed>");
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "content/review/atom.xml: warning:",
            "a file of the site is at `/review/atom.xml`, where a feed goes: that feed is not written",
        )],
    );
    let public = site.path().join("public");
    assert_eq!(read(&public.join("review/atom.xml")), "<feed>our own</feed>");
    assert!(
        read(&public.join("atom.xml")).contains("<title>Letter A</title>"),
        "the others stay"
    );
    let doc = html(&public.join("review/i1/one/index.html"));
    assert_eq!(
        attrs_in_order(&doc, "link[rel=alternate]", "href"),
        ["../../../atom.xml"]
    );
}

#[test]
fn texts_of_one_date_are_in_the_sites_reading_order() {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a/_index.md", "---\ntitle: A\nweight: 2\n---\n"),
        ("content/a/x.md", &article("title: X\nweight: 3\ndate: 2024-05", "x")),
        ("content/a/y.md", &article("title: Y\nweight: 1\ndate: 2024-05-01", "y")),
        ("content/b/_index.md", "---\ntitle: B\nweight: 1\n---\n"),
        ("content/b/z.md", &article("title: Z\ndate: 2024-05-01", "z")),
        ("content/b/older.md", &article("title: Older\ndate: 2024-04-30", "o")),
        ("content/b/c/_index.md", "---\ntitle: C\n---\n"),
        ("content/b/c/w.md", &article("title: W\ndate: 2024-05-01", "w")),
        (
            "content/first.md",
            &article("title: First\ndate: 2024-05-01\nweight: 9", "f"),
        ),
    ]);
    ok(&run(site.path(), &["build"]));
    let xml = read(&site.path().join("public/atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let titles: Vec<&str> = children(doc.root_element(), "entry")
        .filter_map(|e| child_text(e, "title"))
        .collect();
    // The home page's own, then B (weight 1) and its C, then A by weight.
    assert_eq!(titles, ["First", "Z", "W", "Y", "X", "Older"]);
}

#[test]
fn a_static_folder_at_the_feeds_address_wins_too() {
    let site = site();
    write(site.path(), "static/atom.xml/about.txt", "Our own feeds are elsewhere.");
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "static/atom.xml/about.txt: warning:",
            "a static file is at `/atom.xml/about.txt`, in `/atom.xml/`, where a feed goes: that feed is not written",
        )],
    );
    let public = site.path().join("public");
    assert_eq!(read(&public.join("atom.xml/about.txt")), "Our own feeds are elsewhere.");
    assert!(public.join("review/atom.xml").is_file(), "the publications' stay");
}

/// An archive (more than 200 texts) whose home page lists issues, not
/// texts: it lists its newest texts too, as the site's feed has them; a
/// smaller site's lists every text already, and no newest.
#[test]
fn the_home_page_of_an_archive_lists_its_newest_texts() {
    let mut files = vec![
        ("content/_index.md".to_string(), "---\ntitle: Home\n---\n".to_string()),
        (
            "content/review/_index.md".to_string(),
            "---\ntitle: Review\n---\n".to_string(),
        ),
    ];
    for issue in 0..3 {
        files.push((
            format!("content/review/issue-{issue}/_index.md"),
            format!("---\ntitle: Issue {issue}\n---\n"),
        ));
        for n in 0..70 {
            // Days 1–28 of months 1–7 and 1–3 of the years 2000–2002:
            // text 69 of issue 2 is the newest.
            let date = format!("{}-{:02}-{:02}", 2000 + issue, 1 + n / 28 % 12, 1 + n % 28);
            // (The newest with a cover, which the list shows too.)
            let cover = if (issue, n) == (2, 69) { "\ncover: c.svg" } else { "" };
            files.push((
                format!("content/review/issue-{issue}/t{n:02}.md"),
                article(&format!("title: Text {issue}.{n:02}\ndate: {date}{cover}"), "Words."),
            ));
        }
    }
    files.push((
        "content/review/issue-2/c.svg".to_string(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_string(),
    ));
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = site_with(&files);
    ok(&run(site.path(), &["build"]));
    let home = html(&site.path().join("public/index.html"));
    let latest: Vec<String> = select(&home, ".recent .page-item-title").iter().map(text_of).collect();
    let want: Vec<String> = (60..70).rev().map(|n| format!("Text 2.{n}")).collect();
    assert_eq!(latest, want);
    assert_eq!(text_of(&select(&home, ".recent h2")[0]), "Latest");
    let covers = select(&home, ".recent li.page-item.has-cover > a.page-item-cover > img");
    assert_eq!(covers.len(), 1);
    assert_eq!(covers[0].value().attr("src"), Some("review/issue-2/c.svg"));
    assert!(select(&home, ".recent li.page-item")[0]
        .value()
        .has_class("has-cover", scraper::CaseSensitivity::CaseSensitive));
    // The home page lists issues, not their texts.
    assert!(select(&home, ".tree .page-item").is_empty());

    // 200 texts: every one listed, none as the newest.
    std::fs::remove_dir_all(site.path().join("content/review/issue-2")).expect("remove");
    ok(&run(site.path(), &["build"]));
    let home = html(&site.path().join("public/index.html"));
    assert!(select(&home, ".recent").is_empty());
    assert_eq!(select(&home, ".tree .page-item").len(), 140);
}

/// A text is in the feeds as of its date, or its issue's if that is
/// later: an old text reprinted in an issue is new as of the issue, and
/// a text with no date of its own in a dated issue has the issue's.
#[test]
fn a_text_reprinted_in_a_dated_issue_is_new_as_of_the_issue() {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/review/_index.md", "---\ntitle: Review\ndate: 2020\n---\n"),
        ("content/review/i1/_index.md", "---\ntitle: One\ndate: 2024-03\n---\n"),
        (
            "content/review/i1/essay.md",
            &article("title: Essay\ndate: 2024-03-10", "e"),
        ),
        ("content/review/i2/_index.md", "---\ntitle: Two\ndate: 2024-06\n---\n"),
        ("content/review/i2/old.md", &article("title: Reprint\ndate: 1892", "r")),
        ("content/review/i2/plain.md", &article("title: Undated", "u")),
        (
            "content/review/i2/later.md",
            &article("title: Later\ndate: 2024-07-04", "l"),
        ),
        (
            "content/review/early.md",
            &article("title: Early\ndate: 2019-05-05", "y"),
        ),
        ("content/other/loose.md", &article("title: Loose", "n")),
    ]);
    ok(&run(site.path(), &["build"]));
    let xml = read(&site.path().join("public/atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let entries: Vec<(&str, &str)> = children(doc.root_element(), "entry")
        .map(|e| (child_text(e, "title").unwrap(), child_text(e, "updated").unwrap()))
        .collect();
    assert_eq!(
        entries,
        [
            ("Later", "2024-07-04T00:00:00Z"),
            ("Reprint", "2024-06-01T00:00:00Z"),
            ("Undated", "2024-06-01T00:00:00Z"),
            ("Essay", "2024-03-10T00:00:00Z"),
            ("Early", "2020-01-01T00:00:00Z"),
        ],
        "the loose text, with no date above it either, is in none"
    );
    // The page still shows the text's own date.
    let page = html(&site.path().join("public/review/i2/old/index.html"));
    assert_eq!(attrs_in_order(&page, ".byline time", "datetime"), ["1892"]);
}

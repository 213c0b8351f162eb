//! `updated`, the day a text was last revised: in its byline (page, print
//! page, EPUB chapter), its feed entry (`updated`, and `published` on its
//! date) and its `<lastmod>` in the sitemap, each read by a real parser;
//! a text without one has none of these; an `updated` before the `date`
//! is a warning at its line, one that is no date an error there, and
//! `lastmod:` a slip warned of.

use crate::build::ok;
use crate::common::*;
use crate::epub::{texts, xml};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// An issue of two dated texts, the first revised since, with a
/// `base_url` (for the sitemap) and EPUB editions.
fn site() -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/review/_index.md", "---\ntitle: The Review\n---\n"),
        (
            "content/review/i1/_index.md",
            "---\ntitle: Issue 1\ndate: 2023-04\nupdated: 2024-06\n---\n",
        ),
        (
            "content/review/i1/rota.md",
            &article(
                "title: Rota\ndate: 2023-03-18\nupdated: 2024-05-02\nsource: A talk\nweight: 1",
                "The rota, corrected.",
            ),
        ),
        (
            "content/review/i1/tools.md",
            &article("title: Tools\ndate: 2023-04-02\nweight: 2", "As it was."),
        ),
    ]);
    add_site_keys(site.path(), "base_url = \"https://example.org/\"");
    add_config(site.path(), "[print]\nepub = true");
    site
}

#[test]
fn a_revised_text_says_so_in_its_byline_its_feed_entry_and_the_sitemap() {
    let site = site();
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert!(diagnostics(&out).is_empty(), "{}", stderr(&out));
    let public = site.path().join("public");

    // The byline: its date, then the day it was revised, each a <time>.
    let page = html(&public.join("review/i1/rota/index.html"));
    let meta = select(&page, ".byline-meta");
    assert_eq!(
        text_of(&meta[0]).split_whitespace().collect::<Vec<_>>().join(" "),
        "18 March 2023 · revised 2 May 2024 · A talk"
    );
    let revised = select(&page, ".byline-meta .byline-updated time");
    assert_eq!(revised[0].value().attr("datetime"), Some("2024-05-02"));
    // Not the text that was not revised.
    let tools = html(&public.join("review/i1/tools/index.html"));
    assert!(select(&tools, ".byline-updated").is_empty());
    assert_eq!(text_of(&select(&tools, ".byline-meta")[0]).trim(), "2 April 2023");
    // The print page shows its texts' bylines.
    let print = html(&public.join("review/i1/print/index.html"));
    let printed: Vec<String> = select(&print, ".byline-updated").iter().map(text_of).collect();
    assert_eq!(printed, ["revised 2 May 2024"]);
    // The edition: the chapter's header says so too.
    let book = texts(&public.join("review/i1/print/review-i1.epub"));
    let chapters: Vec<&String> = book
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, t)| t)
        .collect();
    let said: Vec<String> = chapters
        .iter()
        .flat_map(|t| {
            let doc = xml(t);
            doc.descendants()
                .filter(|n| n.attribute("class") == Some("updated"))
                .map(|n| n.text().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(said, ["revised 2 May 2024"]);

    // The feed: the revised text's entry is updated the day it was
    // revised and published on the day it is in the feed as of (its
    // issue's, which is later than its own date); the other's has no
    // `published`; the feed itself was updated last on the revision's
    // day.
    let atom = read(&public.join("atom.xml"));
    let feed = xml(&atom);
    let root = feed.root_element();
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(child(root, "updated").as_deref(), Some("2024-05-02T00:00:00Z"));
    let entries: Vec<(String, Option<String>, Option<String>)> = root
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| (child(e, "title").unwrap(), child(e, "updated"), child(e, "published")))
        .collect();
    assert_eq!(
        entries,
        [
            // (Newest first by its date: a revision does not move it up.)
            ("Tools".into(), Some("2023-04-02T00:00:00Z".into()), None),
            (
                "Rota".into(),
                Some("2024-05-02T00:00:00Z".into()),
                Some("2023-04-01T00:00:00Z".into())
            ),
        ]
    );

    // The sitemap: `lastmod` for the revised text and folder alone.
    let sitemap = read(&public.join("sitemap.xml"));
    let doc = xml(&sitemap);
    let lastmods: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
        .filter_map(|u| {
            let text = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name((SITEMAP, name)))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            Some((text("loc")?, text("lastmod")?))
        })
        .collect();
    assert_eq!(
        lastmods,
        [
            ("https://example.org/review/i1/".to_string(), "2024-06".to_string()),
            (
                "https://example.org/review/i1/rota/".to_string(),
                "2024-05-02".to_string()
            ),
        ]
    );
}

#[test]
fn an_updated_before_the_date_is_a_warning_and_one_that_is_no_date_an_error() {
    let site = site();
    let rota = "content/review/i1/rota.md";
    write(
        site.path(),
        rota,
        &article("title: Rota\ndate: 2023-03-18\nupdated: 2023-02\nweight: 1", "Text."),
    );
    write(
        site.path(),
        "content/review/i1/tools.md",
        &article("title: Tools\ndate: 2023\nlastmod: 2024\nweight: 2", "Text."),
    );
    // (A folder's too.)
    write(
        site.path(),
        "content/review/i1/_index.md",
        "---\ntitle: Issue 1\ndate: 2023-04\nupdated: 2023-01\n---\n",
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[
            (
                "content/review/i1/_index.md:4:1: warning: ",
                "`updated: 2023-01` is before its `date: 2023-04`",
            ),
            (
                "content/review/i1/rota.md:4:1: warning: ",
                "`updated: 2023-02` is before its `date: 2023-03-18`",
            ),
            (
                "content/review/i1/tools.md:4:1: warning: ",
                "`lastmod` is not a key samizdat reads: did you mean `updated`?",
            ),
        ],
    );
    // (Shown as written all the same: the editors' words.)
    let page = html(&site.path().join("public/review/i1/rota/index.html"));
    assert_eq!(text_of(&select(&page, ".byline-updated")[0]), "revised February 2023");

    // Not a date: an error at its line, and the last output kept.
    let before = read(&site.path().join("public/review/i1/rota/index.html"));
    write(
        site.path(),
        rota,
        &article("title: Rota\ndate: 2023-03-18\nupdated: last May\nweight: 1", "Text."),
    );
    let out = run(site.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("content/review/i1/rota.md:4:1: error: `updated` must be `2020`, `2020-11` or `2020-11-03`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&site.path().join("public/review/i1/rota/index.html")), before);
}

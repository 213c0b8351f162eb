//! Tag and author pages: one per tag (per author), listing its texts in
//! the site's reading order by the section they are in; an index of them;
//! the articles' tags and bylines linked to them; and what happens when
//! something else is at their address, or the site or theme has none.

use std::path::Path;

use crate::build::{attrs_in_order, clean, ok};
use crate::common::*;

fn article(title: &str, weight: u32, tags: &str) -> String {
    format!("---\ntitle: {title}\nweight: {weight}\ntags: [{tags}]\n---\n\nThe text of {title}.\n")
}

/// The titles a tag page lists, by the section heading above them.
fn listed(page: &Path) -> Vec<(String, Vec<String>)> {
    let doc = html(page);
    select(&doc, ".tree-section")
        .iter()
        .map(|section| {
            let heading = section
                .select(&scraper::Selector::parse(".tree-title a").unwrap())
                .map(|a| text_of(&a))
                .collect::<String>();
            let titles = section
                .select(&scraper::Selector::parse(".page-item-title").unwrap())
                .map(|a| text_of(&a))
                .collect();
            (heading, titles)
        })
        .collect()
}

/// The entries of an index of tags or authors, as read: `print (2)`.
fn index_entries(page: &Path) -> Vec<String> {
    let doc = html(page);
    select(&doc, ".tag-index li")
        .iter()
        .map(|li| text_of(li).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// A site of two sections and an article on the home page, the tag
/// "mutual aid" spelled three ways.
fn tagged_site() -> tempfile::TempDir {
    site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/home-text.md", &article("At Home", 1, "zines")),
        ("content/a/_index.md", "---\ntitle: Issue A\nweight: 1\n---\n"),
        ("content/a/one.md", &article("One", 2, "Mutual aid, print")),
        ("content/a/two.md", &article("Two", 1, "mutual-aid")),
        ("content/b/_index.md", "---\ntitle: Issue B\nweight: 2\n---\n"),
        (
            "content/b/three.md",
            &article("Three", 1, "print, \"Mutual Aid\", \"mutual aid\""),
        ),
    ])
}

#[test]
fn each_tag_has_a_page_listing_its_texts_in_reading_order() {
    let site = tagged_site();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");

    // In the sections' order, each section's articles in its order; one
    // page for every spelling, named as the first article spells it; an
    // article that gives a tag twice is listed once.
    let aid = public.join("tags/mutual-aid/index.html");
    assert_eq!(
        listed(&aid),
        [
            ("Issue A".to_string(), vec!["Two".to_string(), "One".to_string()]),
            ("Issue B".to_string(), vec!["Three".to_string()]),
        ]
    );
    let doc = html(&aid);
    assert_eq!(text_of(&select(&doc, "h1")[0]), "mutual-aid");
    assert_eq!(text_of(&select(&doc, "title")[0]), "mutual-aid · Test");
    assert_eq!(
        listed(&public.join("tags/zines/index.html")),
        [("Home".to_string(), vec!["At Home".to_string()])]
    );

    // The index: every tag by name, with its count.
    assert_eq!(
        index_entries(&public.join("tags/index.html")),
        ["mutual-aid (3)", "print (2)", "zines (1)"]
    );

    // Each article links its tags to their pages, as it spells them.
    let three = html(&public.join("b/three/index.html"));
    let links: Vec<(String, String)> = select(&three, ".tags a[rel=tag]")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            ("print".to_string(), "../../tags/print/".to_string()),
            ("Mutual Aid".to_string(), "../../tags/mutual-aid/".to_string()),
            ("mutual aid".to_string(), "../../tags/mutual-aid/".to_string()),
        ]
    );
    // The home page leads to the index.
    let home = html(&public.join("index.html"));
    assert_eq!(select(&home, "a[href=\"tags/\"]").len(), 1);
}

#[test]
fn links_to_tag_pages_lead_to_them_and_to_none_are_warned_of() {
    let site = tagged_site();
    write(
        site.path(),
        "content/a/links.md",
        "---\ntitle: Links\nweight: 9\n---\n\nSee [print](../../tags/print/), [all](../../tags/) \
         and [nothing](../../tags/nothing/).\n",
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "content/a/links.md:6:",
            "`../../tags/nothing/` leads to no page of this site",
        )],
    );
}

#[test]
fn a_tag_without_a_letter_or_digit_is_kept_unlinked_with_a_warning() {
    let site = site_with(&[(
        "content/one.md",
        "---\ntitle: One\nauthor: A\ntags: [\"--\", print]\n---\n\nText.\n",
    )]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[("content/one.md:4:1: warning:", "tag `--` has no letter or digit")],
    );
    let doc = html(&site.path().join("public/one/index.html"));
    let tags: Vec<String> = select(&doc, ".tag").iter().map(text_of).collect();
    assert_eq!(tags, ["--", "print"]);
    assert_eq!(select(&doc, ".tag a").len(), 1);
}

#[test]
fn something_at_the_tag_pages_address_keeps_it_and_says_so() {
    // (A folder there is where the tag pages' texts are: see
    // `term_texts.rs`.)
    let site = site_with(&[
        ("content/tags.md", &article("Tags, a column", 2, "zines")),
        ("content/first.md", &article("First", 1, "zines")),
    ]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "content/tags.md:1:1: warning:",
            "is at `/tags/`, where the tag pages go: the site has no tag pages",
        )],
    );
    let public = site.path().join("public");
    assert!(read(&public.join("tags/index.html")).contains("The text of Tags, a column."));
    assert!(!public.join("tags/zines").exists());
    let doc = html(&public.join("first/index.html"));
    assert!(select(&doc, ".tag a").is_empty(), "the tag has no page to lead to");

    // Elsewhere, as book.toml says.
    let toml = read(&site.path().join("book.toml")) + "\n[tags]\npath = \"topics\"\n";
    write(site.path(), "book.toml", &toml);
    clean(&run(site.path(), &["build"]));
    let doc = html(&public.join("topics/zines/index.html"));
    let titles: Vec<String> = select(&doc, ".page-item-title").iter().map(text_of).collect();
    assert_eq!(titles, ["First", "Tags, a column"]);
    let doc = html(&public.join("first/index.html"));
    assert_eq!(attrs_in_order(&doc, ".tag a", "href"), ["../topics/zines/"]);
}

#[test]
fn a_site_or_a_theme_may_have_no_tag_pages() {
    let site = site_with(&[("content/one.md", &article("One", 1, "print"))]);
    let toml = read(&site.path().join("book.toml"));
    let public = site.path().join("public");

    // `[tags] path = ""`: none.
    write(site.path(), "book.toml", &format!("{toml}\n[tags]\npath = \"\"\n"));
    clean(&run(site.path(), &["build"]));
    assert!(!public.join("tags").exists());
    assert!(select(&html(&public.join("one/index.html")), ".tag a").is_empty());
    assert!(!read(&public.join("index.html")).contains("tags/"));

    // A path of more than one name is refused.
    write(site.path(), "book.toml", &format!("{toml}\n[tags]\npath = \"a/b\"\n"));
    let out = run(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("book.toml:"), "{}", stderr(&out));

    // A theme without `tag.html` (made before tag pages were): none, and
    // no problem.
    write(
        site.path(),
        "book.toml",
        &format!("{toml}\n[build]\ntheme = \"older\"\n"),
    );
    let theme = site.path().join("themes/older");
    copy_dir(&repo().join("themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/tag.html")).unwrap();
    std::fs::remove_file(theme.join("templates/tags.html")).unwrap();
    clean(&run(site.path(), &["build"]));
    assert!(!public.join("tags").exists());
    assert!(select(&html(&public.join("one/index.html")), ".tag a").is_empty());
}

#[test]
fn each_author_has_a_page_and_bylines_link_to_it() {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a/_index.md", "---\ntitle: Issue A\nweight: 1\n---\n"),
        (
            "content/a/one.md",
            "---\ntitle: One\nweight: 1\nauthor: [Tomás Ferrier, Ada Pell, Jun Aldana]\n\
             translator: [Jun Aldana, Ada Pell]\n---\n\nText.\n",
        ),
        (
            "content/a/two.md",
            "---\ntitle: Two\nweight: 2\n---\n\nNo one signed it.\n",
        ),
        ("content/b/_index.md", "---\ntitle: Issue B\nweight: 2\n---\n"),
        (
            "content/b/three.md",
            "---\ntitle: Three\nauthor: [ada pell, Élisée Reclus]\n---\n\nText.\n",
        ),
    ]);
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert_eq!(
        listed(&public.join("authors/ada-pell/index.html")),
        [
            ("Issue A".to_string(), vec!["One".to_string()]),
            ("Issue B".to_string(), vec!["Three".to_string()]),
        ]
    );
    // Letters beyond ASCII stay in the address.
    assert_eq!(
        listed(&public.join("authors/tomás-ferrier/index.html")),
        [("Issue A".to_string(), vec!["One".to_string()])]
    );
    // By name, collated: an accented letter under its letter, not after Z.
    assert_eq!(
        index_entries(&public.join("authors/index.html")),
        [
            "Ada Pell (2)",
            "Élisée Reclus (1)",
            "Jun Aldana (1)",
            "Tomás Ferrier (1)"
        ]
    );

    // The byline names every author as before, each a link to their page.
    let one = html(&public.join("a/one/index.html"));
    let byline = &select(&one, ".byline-authors")[0];
    assert_eq!(text_of(byline), "By Tomás Ferrier, Ada Pell and Jun Aldana");
    assert_eq!(
        attrs_in_order(&one, ".byline-authors a[rel=author]", "href"),
        [
            "../../authors/tomás-ferrier/",
            "../../authors/ada-pell/",
            "../../authors/jun-aldana/"
        ]
    );
    // Translators likewise, on pages of their own.
    let translators = &select(&one, ".byline-translators")[0];
    assert_eq!(text_of(translators), "Translated by Jun Aldana and Ada Pell");
    assert_eq!(
        attrs_in_order(&one, ".byline-translators a", "href"),
        ["../../translators/jun-aldana/", "../../translators/ada-pell/"]
    );
    assert_eq!(
        listed(&public.join("translators/ada-pell/index.html")),
        [("Issue A".to_string(), vec!["One".to_string()])]
    );
    assert_eq!(
        index_entries(&public.join("translators/index.html")),
        ["Ada Pell (1)", "Jun Aldana (1)"]
    );
    // An anonymous text: no link, no page.
    let two = html(&public.join("a/two/index.html"));
    assert_eq!(text_of(&select(&two, ".byline-authors")[0]), "By Anonymous");
    assert!(select(&two, ".byline-authors a").is_empty());
    assert!(!public.join("authors/anonymous").exists());
    // The home page leads to the indexes.
    let home = html(&public.join("index.html"));
    assert_eq!(select(&home, "a[href=\"authors/\"]").len(), 1);
    assert_eq!(select(&home, "a[href=\"translators/\"]").len(), 1);
    assert_eq!(select(&home, "a[href=\"tags/\"]").len(), 0, "no tags, no index of them");

    // `[authors] path = ""`: none; tag and author pages in one folder: refused.
    let toml = read(&site.path().join("book.toml"));
    write(site.path(), "book.toml", &format!("{toml}\n[authors]\npath = \"\"\n"));
    clean(&run(site.path(), &["build"]));
    assert!(!public.join("authors").exists());
    assert!(select(&html(&public.join("a/one/index.html")), ".byline-authors a").is_empty());
    write(
        site.path(),
        "book.toml",
        &format!("{toml}\n[authors]\npath = \"tags\"\n"),
    );
    let out = run(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the pages of `[tags]` and `[authors]` cannot both go in `tags/`"),
        "{}",
        stderr(&out)
    );
}

/// A long index (over 30 names, as an archive's) is headed letter by
/// letter, collated: an accented initial under its letter, a letter of its
/// own (`Ł`) after the one it comes after, digits and other signs first;
/// links at the top lead to each heading. A short one is one list.
#[test]
fn a_long_index_is_headed_by_initial_with_links_to_each() {
    let mut names: Vec<String> = [
        "Zo d'Axa",
        "Łukasz Nowak",
        "Élisée Reclus",
        "emma Goldman",
        "Lucy Parsons",
        "Ada Pell",
        "1917 Group",
        "«Le Libertaire» collective",
    ]
    .map(String::from)
    .to_vec();
    names.extend((1..=25).map(|n| format!("Mara Reader {n:02}")));
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/many.md",
            &format!(
                "---\ntitle: Many Hands\nauthor: [{}]\n---\n\nText.\n",
                names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
            ),
        ),
    ]);
    clean(&run(site.path(), &["build"]));
    let index = site.path().join("public/authors/index.html");
    let doc = html(&index);
    let initials: Vec<String> = select(&doc, ".index-letter").iter().map(|h| text_of(h)).collect();
    assert_eq!(initials, ["#", "0–9", "A", "E", "L", "Ł", "M", "Z"]);
    assert_eq!(
        attrs_in_order(&doc, ".index-letters a", "href"),
        [
            "#letter-other",
            "#letter-0-9",
            "#letter-a",
            "#letter-e",
            "#letter-l",
            "#letter-ł",
            "#letter-m",
            "#letter-z"
        ]
    );
    // Each link leads to its heading; each heading is over its names.
    let ids = attrs_in_order(&doc, ".index-letter", "id");
    let hrefs = attrs_in_order(&doc, ".index-letters a", "href");
    assert_eq!(hrefs, ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>());
    let under = |id: &str| -> Vec<String> {
        select(&doc, &format!("#{id} + .tag-index li a"))
            .iter()
            .map(|a| text_of(a))
            .collect()
    };
    assert_eq!(under("letter-e"), ["Élisée Reclus", "emma Goldman"]);
    assert_eq!(under("letter-l"), ["Lucy Parsons"]);
    assert_eq!(under("letter-ł"), ["Łukasz Nowak"]);
    assert_eq!(under("letter-other"), ["«Le Libertaire» collective"]);
    assert_eq!(under("letter-m").len(), 25);
    // Every name once, in the index's order.
    let entries = index_entries(&index);
    assert_eq!(entries.len(), names.len());
    assert_eq!(entries[2], "Ada Pell (1)");
    assert_eq!(entries.last().map(String::as_str), Some("Zo d'Axa (1)"));

    // Short: one list, no headings.
    names.truncate(30);
    write(
        site.path(),
        "content/many.md",
        &format!(
            "---\ntitle: Many Hands\nauthor: [{}]\n---\n\nText.\n",
            names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
        ),
    );
    clean(&run(site.path(), &["build"]));
    let doc = html(&index);
    assert!(select(&doc, ".index-letter, .index-letters").is_empty());
    assert_eq!(index_entries(&index).len(), 30);
}

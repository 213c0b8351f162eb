//! The index of titles (`[titles] path`): a page for each letter the
//! titles are filed under, listing its texts by title, and an index of
//! the letters; filed from a title's first letter or digit, collated.

use std::path::Path;

use crate::build::clean;
use crate::common::*;

fn text(title: &str, front: &str) -> String {
    format!("---\ntitle: \"{title}\"\n{front}---\n\nThe text of {title}.\n")
}

/// A site of two folders whose titles start with accents, punctuation,
/// digits, a Polish letter and no letter at all.
fn titled_site() -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a/_index.md", "---\ntitle: Issue A\nweight: 1\n---\n"),
        ("content/a/one.md", &text("¡Ya basta!", "weight: 1\nlang: es\n")),
        ("content/a/two.md", &text("Élan vital", "weight: 2\nauthor: Ada Pell\n")),
        ("content/a/three.md", &text("eight hours", "weight: 3\n")),
        ("content/a/four.md", &text("“Property Is Theft”", "weight: 4\n")),
        ("content/b/_index.md", "---\ntitle: Issue B\nweight: 2\n---\n"),
        ("content/b/five.md", &text("1917", "weight: 1\n")),
        ("content/b/six.md", &text("Łódź notes", "weight: 2\n")),
        ("content/b/seven.md", &text("Lucy's letters", "weight: 3\n")),
        ("content/b/eight.md", &text("?!", "weight: 4\n")),
        ("content/b/nine.md", &text("Eight Hours", "weight: 5\n")),
        ("content/b/ten.md", &text("A draft", "weight: 6\ndraft: true\n")),
    ]);
    add_config(site.path(), "[titles]\npath = \"titles\"");
    site
}

/// A letter page's titles, in order, and the `lang` of each link.
fn listed(page: &Path) -> Vec<(String, Option<String>)> {
    let doc = html(page);
    select(&doc, ".page-item-title")
        .iter()
        .map(|a| (text_of(a), a.value().attr("lang").map(str::to_string)))
        .collect()
}

/// The letters an index page or a letter page leads to: (name, href).
fn letters(page: &Path) -> Vec<(String, Option<String>)> {
    let doc = html(page);
    select(&doc, ".index-letters a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").map(str::to_string)))
        .collect()
}

fn titles(list: &[(String, Option<String>)]) -> Vec<&str> {
    list.iter().map(|(t, _)| t.as_str()).collect()
}

#[test]
fn each_letter_lists_its_titles_collated_from_their_first_letter() {
    let site = titled_site();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");

    // Filed from the first letter or digit, capitals and accents aside;
    // two titles filed alike in reading order; drafts left out.
    let e = listed(&public.join("titles/e/index.html"));
    assert_eq!(titles(&e), ["eight hours", "Eight Hours", "Élan vital"]);
    assert_eq!(titles(&listed(&public.join("titles/y/index.html"))), ["¡Ya basta!"]);
    assert_eq!(
        listed(&public.join("titles/y/index.html"))[0].1.as_deref(),
        Some("es"),
        "a title in another language is marked"
    );
    assert_eq!(
        titles(&listed(&public.join("titles/p/index.html"))),
        ["“Property Is Theft”"]
    );
    assert_eq!(titles(&listed(&public.join("titles/l/index.html"))), ["Lucy's letters"]);
    assert_eq!(titles(&listed(&public.join("titles/ł/index.html"))), ["Łódź notes"]);
    assert_eq!(titles(&listed(&public.join("titles/0-9/index.html"))), ["1917"]);
    // A title without a letter or digit is under `#`, not left out.
    assert_eq!(titles(&listed(&public.join("titles/other/index.html"))), ["?!"]);
    assert!(!public.join("titles/a").exists(), "a draft's letter has no page");

    // The index: every letter in collation order, with its count; each
    // link leads to its page.
    let index = public.join("titles/index.html");
    let doc = html(&index);
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Titles");
    let entries: Vec<String> = select(&doc, ".index-letters li")
        .iter()
        .map(|li| text_of(li).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        entries,
        ["# (1)", "0–9 (1)", "E (3)", "L (1)", "Ł (1)", "P (1)", "Y (1)"]
    );
    // A small site's index lists every title too, under its letter's
    // heading, which leads to the letter's page; the letters lead to
    // their headings.
    let headings: Vec<String> = select(&doc, ".index-group h2").iter().map(text_of).collect();
    assert_eq!(headings, ["#", "0–9", "E", "L", "Ł", "P", "Y"]);
    assert_eq!(
        titles(&listed(&index)),
        [
            "?!",
            "1917",
            "eight hours",
            "Eight Hours",
            "Élan vital",
            "Lucy's letters",
            "Łódź notes",
            "“Property Is Theft”",
            "¡Ya basta!"
        ]
    );
    for (_, href) in letters(&index) {
        let href = href.expect("a link");
        match href.strip_prefix('#') {
            Some(id) => assert_eq!(select(&doc, &format!("h2[id='{id}']")).len(), 1, "{href}"),
            None => {
                let to = public.join("titles").join(&href).join("index.html");
                assert!(to.is_file(), "{href} leads nowhere");
            }
        }
    }

    // A letter's page: its heading, its count, the others' links, itself
    // marked and not linked, breadcrumbs to the index.
    let page = public.join("titles/e/index.html");
    let doc = html(&page);
    assert_eq!(text_of(&select(&doc, "h1")[0]), "E");
    assert_eq!(text_of(&select(&doc, "title")[0]), "Titles: E · Test");
    assert_eq!(text_of(&select(&doc, ".section-desc")[0]), "3 texts");
    let nav = letters(&page);
    assert_eq!(nav.len(), 7);
    let current = select(&doc, ".index-letters a[aria-current=page]");
    assert_eq!(current.len(), 1);
    assert_eq!(text_of(&current[0]), "E");
    assert_eq!(current[0].value().attr("href"), None);
    for (name, href) in nav.iter().filter(|(name, _)| name != "E") {
        let href = href.as_deref().unwrap_or_else(|| panic!("{name} not linked"));
        let to = public.join("titles/e").join(href).join("index.html");
        assert!(to.is_file(), "{href} leads nowhere");
    }
    let crumbs: Vec<String> = select(&doc, ".breadcrumbs a").iter().map(text_of).collect();
    assert_eq!(crumbs, ["Home", "Titles"]);
    // Each title leads to its text.
    for a in select(&doc, ".page-item-title") {
        let href = a.value().attr("href").unwrap();
        assert!(
            public.join("titles/e").join(href).join("index.html").is_file(),
            "{href}"
        );
    }

    // The home page links to the index first among the ways to browse.
    let home = html(&public.join("index.html"));
    let browse = select(&home, ".home-tags")[0];
    assert_eq!(
        text_of(&browse).split_whitespace().collect::<Vec<_>>().join(" "),
        "Browse the texts by title or by author"
    );
    let first = browse.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
    assert_eq!(first.value().attr("href"), Some("titles/"));
}

#[test]
fn a_site_has_no_index_of_titles_unless_it_asks() {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/one.md", &text("One", "tags: [bread]\n")),
    ]);
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert!(!public.join("titles").exists());
    // The home page's ways to browse (one: by tag) lead to no index of
    // titles.
    let home = html(&public.join("index.html"));
    let browse = select(&home, ".home-tags");
    assert_eq!(
        browse
            .iter()
            .map(|p| text_of(p).split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        ["Browse the texts by tag"]
    );
    assert!(
        select(&home, ".home-tags a")
            .iter()
            .all(|a| a.value().attr("href") != Some("titles/")),
        "no link to an index there is not"
    );
}

#[test]
fn the_index_of_titles_goes_where_the_site_says_unless_something_is_there() {
    // Elsewhere.
    let site = titled_site();
    let config = read(&site.path().join("book.toml")).replace("path = \"titles\"", "path = \"a-z\"");
    write(site.path(), "book.toml", &config);
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert!(public.join("a-z/e/index.html").is_file());
    assert!(!public.join("titles").exists());

    // A folder there: a warning at its `_index.md`, and no index.
    write(site.path(), "content/a-z/_index.md", "---\ntitle: A to Z\n---\n");
    let out = run(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_diagnostics(
        &out,
        &[(
            "content/a-z/_index.md:1:1: warning:",
            "is at `/a-z/`, where the title index goes: the site has no title index",
        )],
    );
    assert!(!public.join("a-z/e").exists());

    // Two kinds of pages in one folder: an error at the key.
    let config = read(&site.path().join("book.toml")).replace("path = \"a-z\"", "path = \"tags\"");
    write(site.path(), "book.toml", &config);
    let out = run(site.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the pages of `[tags]` and `[titles]` cannot both go in `tags/`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_archives_index_of_titles_lists_its_letters_alone() {
    // More than 200 texts: the letters, each leading to its page.
    let mut files = vec![("content/_index.md".to_string(), "---\ntitle: Home\n---\n".to_string())];
    for n in 0..201 {
        let title = format!("{} {n}", ["Alpha", "Beta", "Gamma"][n % 3]);
        files.push((format!("content/t{n}.md"), text(&title, "")));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = site_with(&files);
    add_config(site.path(), "[titles]\npath = \"titles\"");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let index = public.join("titles/index.html");
    assert!(listed(&index).is_empty(), "an archive's index lists no titles");
    assert_eq!(
        letters(&index),
        [
            ("A".to_string(), Some("../titles/a/".to_string())),
            ("B".to_string(), Some("../titles/b/".to_string())),
            ("G".to_string(), Some("../titles/g/".to_string()))
        ]
    );
    assert_eq!(listed(&public.join("titles/b/index.html")).len(), 67);
}

#[test]
fn sort_title_files_a_text_otherwise_here_and_in_a_folder_sorted_by_title() {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/books/_index.md", "---\ntitle: Books\nsort_by: title\n---\n"),
        (
            "content/books/aid.md",
            &text("Mutual Aid", "sort_title: \"Kropotkin, Mutual Aid\"\n"),
        ),
        ("content/books/bread.md", &text("The Conquest of Bread", "")),
        (
            "content/books/freedom.md",
            &text("Bread and Freedom", "sort_title: The Bread Book\n"),
        ),
        ("content/books/theft.md", &text("“Property Is Theft”", "")),
    ]);
    add_config(site.path(), "[titles]\npath = \"titles\"");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    // Under K, shown as written; a `sort_title` is filed as it says, its
    // article kept (under T, not B).
    assert_eq!(titles(&listed(&public.join("titles/k/index.html"))), ["Mutual Aid"]);
    assert_eq!(
        titles(&listed(&public.join("titles/t/index.html"))),
        ["Bread and Freedom"]
    );
    assert!(!public.join("titles/b").exists());
    assert_eq!(
        titles(&listed(&public.join("titles/c/index.html"))),
        ["The Conquest of Bread"]
    );
    // The folder sorted by title files them the same way: the quotation
    // mark does not put `Property` first, nor `The` `The Conquest` last.
    assert_eq!(
        titles(&listed(&public.join("books/index.html"))),
        [
            "The Conquest of Bread",
            "Mutual Aid",
            "“Property Is Theft”",
            "Bread and Freedom"
        ]
    );
}

#[test]
fn leading_articles_are_filed_as_the_texts_language_has_them() {
    // An English site, a French folder, a Spanish text in it.
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/books/_index.md", "---\ntitle: Books\nsort_by: title\n---\n"),
        ("content/books/bread.md", &text("The Conquest of Bread", "")),
        ("content/books/faq.md", &text("An Anarchist FAQ", "")),
        ("content/books/letter.md", &text("A Letter to a Friend", "")),
        ("content/books/the.md", &text("The", "")),
        ("content/books/revolution-en.md", &text("La Révolution", "")),
        (
            "content/livres/_index.md",
            "---\ntitle: Livres\nlang: fr\nsort_by: title\n---\n",
        ),
        ("content/livres/revolution.md", &text("La Révolution", "")),
        ("content/livres/anarchie.md", &text("L’Anarchie", "")),
        ("content/livres/temps.md", &text("Les Temps nouveaux", "")),
        ("content/livres/bread.md", &text("The Conquest of Bread", "")),
        ("content/livres/barricadas.md", &text("A las barricadas", "lang: es\n")),
        ("content/livres/hurdes.md", &text("Las Hurdes", "lang: es\n")),
    ]);
    add_config(site.path(), "[titles]\npath = \"titles\"");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let letter = |l: &str| -> Vec<String> {
        let list = listed(&public.join(format!("titles/{l}/index.html")));
        titles(&list).into_iter().map(str::to_string).collect()
    };
    // English drops `the`, `a`, `an`; `The` alone is filed as written.
    assert_eq!(letter("c"), ["The Conquest of Bread"]);
    assert_eq!(
        letter("l"),
        ["La Révolution", "A Letter to a Friend"],
        "English keeps French `La`"
    );
    assert_eq!(
        letter("a"),
        ["A las barricadas", "L’Anarchie", "An Anarchist FAQ"],
        "`A` is not an article in Spanish"
    );
    assert_eq!(letter("r"), ["La Révolution"]);
    assert_eq!(letter("h"), ["Las Hurdes"]);
    assert_eq!(
        letter("t"),
        ["Les Temps nouveaux", "The", "The Conquest of Bread"],
        "French keeps English `The`"
    );
    // Each folder sorted by title files its texts as the index does.
    assert_eq!(
        titles(&listed(&public.join("books/index.html"))),
        [
            "An Anarchist FAQ",
            "The Conquest of Bread",
            "La Révolution",
            "A Letter to a Friend",
            "The"
        ]
    );
    assert_eq!(
        titles(&listed(&public.join("livres/index.html"))),
        [
            "A las barricadas",
            "L’Anarchie",
            "Las Hurdes",
            "La Révolution",
            "Les Temps nouveaux",
            "The Conquest of Bread"
        ]
    );
}

//! `sitemap.xml`, read by a real XML parser: with a `base_url`, the whole
//! address of every page a reader may land on, each leading to a page of
//! the output, and of nothing else (print pages, redirects, `404.html`);
//! none without a `base_url`; a file of the site's own there an error.

use std::collections::BTreeSet;
use std::path::Path;

use crate::build::ok;
use crate::common::*;
use crate::epub::xml;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn site(base_url: &str) -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/review/_index.md", "---\ntitle: The Review\n---\n"),
        ("content/review/i1/_index.md", "---\ntitle: Issue 1\n---\n"),
        (
            "content/review/i1/rota.md",
            &article(
                "title: Rota\nauthor: Ada Pell\ntags: [bread, mutual aid]\naliases: old/rota/",
                "Text.",
            ),
        ),
        (
            "content/review/i1/café.md",
            &article("title: Café\ntranslator: Tomás Ferrier", "Text."),
        ),
    ]);
    add_site_keys(site.path(), &format!("base_url = \"{base_url}\""));
    // With an index of titles, whose pages are landed on too.
    add_config(site.path(), "[titles]\npath = \"titles\"");
    site
}

/// The folders of `public` with an `index.html` that is a page a reader
/// may land on: not a print page, nor a redirect.
fn landing_pages(public: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .filter(|e| !read(e.path()).contains("http-equiv=\"refresh\""))
        .map(|e| {
            let dir = e.path().parent().unwrap().strip_prefix(public).unwrap();
            let dir = dir.to_string_lossy().into_owned();
            if dir.is_empty() {
                dir
            } else {
                format!("{dir}/")
            }
        })
        .filter(|dir| !dir.ends_with("print/"))
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_a_reader_may_land_on() {
    let site = site("https://example.org/zine/");
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let text = read(&public.join("sitemap.xml"));
    let doc = xml(&text);
    assert_eq!(doc.root_element().tag_name().namespace(), Some(NS));
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((NS, "loc")))
        .filter_map(|n| n.text())
        .collect();
    let paths: BTreeSet<String> = locs
        .iter()
        .map(|loc| {
            let path = loc
                .strip_prefix("https://example.org/zine/")
                .unwrap_or_else(|| panic!("{loc} is not under the base_url"));
            assert!(path.is_ascii(), "{loc} is not %-escaped");
            percent_decode(path)
        })
        .collect();
    assert_eq!(paths.len(), locs.len(), "each page once: {locs:?}");
    let pages = landing_pages(&public);
    assert_eq!(paths, pages);
    for path in [
        "",
        "review/",
        "review/i1/",
        "review/i1/rota/",
        "review/i1/café/",
        "tags/",
        "tags/mutual-aid/",
        "authors/ada-pell/",
        "translators/tomás-ferrier/",
        "titles/",
        "titles/c/",
    ] {
        assert!(paths.contains(path), "no {path}: {paths:?}");
    }
    assert!(
        public.join("old/rota/index.html").is_file(),
        "the redirect is there, not listed"
    );
}

#[test]
fn a_site_with_no_translators_lists_no_index_of_them() {
    // (Their index's address is then empty: it was listed as the home
    // page's, a second time.)
    let site = site("https://example.org/");
    write(
        site.path(),
        "content/review/i1/café.md",
        &article("title: Café", "Text."),
    );
    ok(&run(site.path(), &["build"]));
    let text = read(&site.path().join("public/sitemap.xml"));
    let doc = xml(&text);
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((NS, "loc")))
        .filter_map(|n| n.text())
        .collect();
    let unique: BTreeSet<&str> = locs.iter().copied().collect();
    assert_eq!(unique.len(), locs.len(), "each page once: {locs:?}");
    assert!(!text.contains("translators"));
    assert!(unique.contains("https://example.org/authors/"));
}

#[test]
fn no_sitemap_without_a_base_url() {
    let site = site("");
    ok(&run(site.path(), &["build"]));
    assert!(!site.path().join("public/sitemap.xml").exists());
}

#[test]
fn a_file_of_the_site_s_own_at_the_sitemap_s_address_is_an_error() {
    let site = site("https://example.org/");
    write(site.path(), "static/sitemap.xml", "<urlset/>");
    let out = run(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_diagnostics(
        &out,
        &[(
            "static/sitemap.xml: error: ",
            "the sitemap of the site's pages (with a `base_url`) and `static/sitemap.xml` would both be written to `/sitemap.xml`",
        )],
    );
}

/// `robots.txt`: at a host's root, what `[robots] crawlers` asks, and the
/// sitemap's whole address; none below a host's root, where crawlers do
/// not read it; the site's own copied as it is; a setting that cannot be
/// followed warned of at its line in `book.toml`, a wrong one an error.
#[test]
fn robots_txt_asks_what_book_toml_says_and_names_the_sitemap() {
    let site = site("https://example.org/");
    let public = site.path().join("public");
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(String::from)
            .collect()
    };
    ok(&run(site.path(), &["build"]));
    assert_eq!(
        lines(&read(&public.join("robots.txt"))),
        ["User-agent: *", "Allow: /", "Sitemap: https://example.org/sitemap.xml"]
    );
    // The sitemap it names is there.
    assert!(public.join("sitemap.xml").is_file());

    // Search engines only: the crawlers for AI models turned away, as one
    // group, before the rest.
    add_config(site.path(), "[robots]\ncrawlers = \"search\"");
    ok(&run(site.path(), &["build"]));
    let text = read(&public.join("robots.txt"));
    let all = lines(&text);
    let agents: Vec<&str> = all.iter().filter_map(|l| l.strip_prefix("User-agent: ")).collect();
    for crawler in ["GPTBot", "CCBot", "ClaudeBot", "Google-Extended", "*"] {
        assert!(agents.contains(&crawler), "{crawler}: {text}");
    }
    let star = all.iter().position(|l| l == "User-agent: *").unwrap();
    assert_eq!(all[star - 1], "Disallow: /");
    assert_eq!(all[star + 1], "Allow: /");
    assert_eq!(all.iter().filter(|l| l.starts_with("Disallow")).count(), 1);

    // None at all.
    let config = read(&site.path().join("book.toml")).replace("\"search\"", "\"none\"");
    write(site.path(), "book.toml", &config);
    ok(&run(site.path(), &["build"]));
    assert_eq!(
        lines(&read(&public.join("robots.txt"))),
        ["User-agent: *", "Disallow: /"]
    );

    // The site's own: copied as it is, and the setting warned of.
    write(site.path(), "content/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    let out = run(site.path(), &["build"]);
    let line = config.lines().position(|l| l.starts_with("crawlers")).unwrap() + 1;
    assert_diagnostics(
        &out,
        &[(
            &format!("book.toml:{line}:1: warning:"),
            "`[robots] crawlers` is not used: the site has its own `robots.txt`, `content/robots.txt`",
        )],
    );
    assert_eq!(read(&public.join("robots.txt")), "User-agent: *\nDisallow: /drafts/\n");

    // A value it does not know: an error at its line, nothing written.
    std::fs::remove_file(site.path().join("content/robots.txt")).unwrap();
    write(site.path(), "book.toml", &config.replace("\"none\"", "\"some\""));
    let out = run(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("book.toml:{line}:")), "{}", stderr(&out));
    assert_eq!(read(&public.join("robots.txt")), "User-agent: *\nDisallow: /drafts/\n");
}

#[test]
fn no_robots_txt_below_a_host_s_root() {
    let site = site("https://example.org/zine/");
    let public = site.path().join("public");
    ok(&run(site.path(), &["build"]));
    assert!(!public.join("robots.txt").exists());
    add_config(site.path(), "[robots]\ncrawlers = \"none\"");
    let out = run(site.path(), &["build"]);
    assert_diagnostics(
        &out,
        &[(
            "book.toml:",
            "crawlers read `robots.txt` at a host's root alone, and the site is at `/zine/`",
        )],
    );
    assert!(!public.join("robots.txt").exists());
}

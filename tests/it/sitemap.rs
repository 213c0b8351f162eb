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

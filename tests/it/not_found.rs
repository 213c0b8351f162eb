//! The page for addresses with nothing there (`404.html`), read by a real
//! HTML parser: a static host shows it at any address, so each of its
//! links starts at the site's root (the path of `base_url`, else `/`)
//! and leads to a file of the site; in the site's language; none from a
//! theme without its template; a file of the site's own at its address
//! an error.

use std::path::Path;

use crate::build::{attr, ok};
use crate::common::*;

fn site() -> tempfile::TempDir {
    site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/review/_index.md",
            "---\ntitle: The Review\ndescription: A review of small presses.\n---\n",
        ),
        ("content/review/i1/_index.md", "---\ntitle: Issue 1\n---\n"),
        (
            "content/review/i1/rota.md",
            &article("title: Rota\nauthor: Ada Pell\ntags: [bread]", "Text."),
        ),
        ("content/letters/a.md", &article("title: Letter A", "Dear all.")),
    ])
}

/// Every link and source of the page at `file` (in `public`), each of
/// which must start at `root` and lead to a file there.
fn assert_links_from_the_root(public: &Path, file: &str, root: &str) -> Vec<String> {
    let doc = html(&public.join(file));
    let mut hrefs = Vec::new();
    for el in select(&doc, "[href], [src]") {
        let url = el.value().attr("href").or(el.value().attr("src")).unwrap().to_string();
        if url.starts_with('#') {
            continue;
        }
        let rel = url
            .strip_prefix(root)
            .unwrap_or_else(|| panic!("`{url}` does not start at the site's root `{root}`"));
        let target = match rel.is_empty() || rel.ends_with('/') {
            true => public.join(rel).join("index.html"),
            false => public.join(rel),
        };
        assert!(target.is_file(), "`{url}` leads to nothing");
        hrefs.push(url);
    }
    hrefs
}

#[test]
fn the_page_for_addresses_with_nothing_there_links_from_the_site_s_root() {
    let site = site();
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let hrefs = assert_links_from_the_root(&public, "404.html", "/");
    for href in ["/style.css", "/", "/review/", "/letters/", "/tags/", "/authors/"] {
        assert!(hrefs.iter().any(|h| h == href), "no link to {href}: {hrefs:?}");
    }
    let doc = html(&public.join("404.html"));
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Page not found");
    assert!(select(&doc, "script").is_empty());
    assert_eq!(attr(&select(&doc, "meta[name=robots]")[0], "content"), "noindex");
    assert!(select(&doc, "link[rel=canonical]").is_empty());
    let text = text_of(&select(&doc, "main")[0]);
    assert!(text.contains("A review of small presses."), "{text}");

    // Under a `base_url`'s path, and in the site's language.
    add_site_keys(
        site.path(),
        "base_url = \"https://example.org/zine\"\nlanguage = \"es\"",
    );
    ok(&run(site.path(), &["build"]));
    let hrefs = assert_links_from_the_root(&public, "404.html", "/zine/");
    assert!(hrefs.iter().any(|h| h == "/zine/style.css"), "{hrefs:?}");
    let doc = html(&public.join("404.html"));
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Página no encontrada");
    assert_eq!(attr(&select(&doc, "html")[0], "lang"), "es");
}

#[test]
fn a_file_of_the_site_s_own_at_its_address_is_an_error() {
    for file in ["content/404.html", "static/404.html"] {
        let site = site();
        write(site.path(), file, "<!doctype html><title>Ours</title>");
        let out = run(site.path(), &["build"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_diagnostics(
            &out,
            &[(
                &format!("{file}: error: "),
                "the page for addresses with nothing there (its template is `templates/404.html`) and",
            )],
        );
        assert!(stderr(&out).contains("would both be written to `/404.html`"));
    }
}

#[test]
fn a_theme_without_its_template_has_no_such_page() {
    let site = site();
    add_config(site.path(), "[build]\ntheme = \"older\"");
    let theme = site.path().join("themes/older");
    copy_dir(&repo().join("themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/404.html")).unwrap();
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    assert!(public.join("index.html").is_file());
    assert!(!public.join("404.html").exists());
}

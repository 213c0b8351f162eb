//! Old addresses (`aliases`): a redirect at each, read by a real HTML
//! parser and followed as a browser would (its `refresh` resolved from
//! where it is) to the page's file; whole addresses with a `base_url`;
//! an old address where the site has something else, or that cannot be
//! one of the site's, an error at its line that fails the build and
//! leaves the last output as it was.

use std::path::{Path, PathBuf};

use crate::build::{attr, clean, ok};
use crate::common::*;

/// A text moved from `review/i1/rota/` (now `bread-rota`), also once at
/// an old site's `/old site/rota.html` and at `café/`; a publication once
/// at `journal/`.
fn site() -> tempfile::TempDir {
    site_with(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/review/_index.md",
            "---\ntitle: The Review\naliases: /journal\n---\n",
        ),
        ("content/review/i1/_index.md", "---\ntitle: Issue 1\n---\n"),
        (
            "content/review/i1/rota.md",
            &article(
                "title: \"Rota & <Co>\"\nslug: bread-rota\nlang: es\n\
                 aliases: [review/i1/rota/, \"/old site/rota.html\", \"caf%C3%A9\"]",
                "The rota was a sheet of paper on the door.",
            ),
        ),
        ("content/review/i1/other.md", &article("title: Other", "Another text.")),
    ])
}

/// The file a redirect at `from` (a file of the output `public`) sends a
/// browser to: its `refresh` URL resolved from the redirect's folder,
/// `index.html` for a folder. Asserts the redirect's link goes there too,
/// that it has no script, and that search engines are told to skip it.
fn follow(public: &Path, from: &str) -> PathBuf {
    let doc = html(&public.join(from));
    assert!(select(&doc, "script").is_empty(), "{from}");
    let robots = select(&doc, "meta[name=robots]");
    assert_eq!(attr(&robots[0], "content"), "noindex", "{from}");
    let refresh = select(&doc, "meta[http-equiv=refresh]");
    assert_eq!(refresh.len(), 1, "{from}");
    let content = attr(&refresh[0], "content");
    let url = content
        .strip_prefix("0; url=")
        .unwrap_or_else(|| panic!("{from}: {content}"));
    let links = select(&doc, "body a");
    assert_eq!(links.len(), 1, "{from}");
    assert_eq!(attr(&links[0], "href"), url, "{from}");
    let mut to = public.join(from).parent().unwrap().to_path_buf();
    for part in url.split('/') {
        match part {
            ".." => assert!(to.pop()),
            "" | "." => {}
            part => to.push(percent_decode(part)),
        }
    }
    let to = if url.ends_with('/') { to.join("index.html") } else { to };
    assert!(to.is_file(), "{from} leads to {url}, which is not there");
    to.strip_prefix(public).unwrap().to_path_buf()
}

#[test]
fn each_old_address_leads_to_the_page_without_a_script() {
    let site = site();
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let rota = Path::new("review/i1/bread-rota/index.html");
    assert_eq!(follow(&public, "review/i1/rota/index.html"), rota);
    assert_eq!(follow(&public, "old site/rota.html"), rota);
    assert_eq!(follow(&public, "café/index.html"), rota);
    assert_eq!(follow(&public, "journal/index.html"), Path::new("review/index.html"));

    // The page's title, escaped, in the page's language; no address of
    // the site's own without a `base_url`: the canonical link is the
    // redirect's.
    let doc = html(&public.join("review/i1/rota/index.html"));
    assert_eq!(text_of(&select(&doc, "title")[0]), "Rota & <Co>");
    // (The page in the site's language, whose words it shows; the title
    // in the text's.)
    assert_eq!(attr(&select(&doc, "html")[0], "lang"), "en");
    assert_eq!(attr(&select(&doc, "body a")[0], "lang"), "es");
    assert_eq!(text_of(&select(&doc, "body a")[0]), "Rota & <Co>");
    assert_eq!(attr(&select(&doc, "link[rel=canonical]")[0], "href"), "../bread-rota/");
    let source = read(&public.join("old site/rota.html"));
    assert!(source.contains("url=../review/i1/bread-rota/"), "{source}");
    assert!(read(&public.join("café/index.html")).contains("url=../review/i1/bread-rota/"));
    // The site's words: "This page has moved to".
    assert!(text_of(&select(&doc, "body p")[0]).starts_with("This page has moved to Rota"));

    // With a `base_url`, the canonical link is the page's whole address.
    add_site_keys(site.path(), "base_url = \"https://example.org/zine/\"");
    ok(&run(site.path(), &["build"]));
    let doc = html(&public.join("review/i1/rota/index.html"));
    assert_eq!(
        attr(&select(&doc, "link[rel=canonical]")[0], "href"),
        "https://example.org/zine/review/i1/bread-rota/"
    );
    assert_eq!(follow(&public, "review/i1/rota/index.html"), rota);
}

#[test]
fn an_old_address_where_the_site_has_something_else_is_an_error_at_its_line() {
    let site = site();
    ok(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let before = read(&public.join("review/i1/other/index.html"));
    write(
        site.path(),
        "content/review/i1/press.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(
        site.path(),
        "content/review/i1/other.md",
        &article(
            "title: Other\naliases:\n  - review/i1/bread-rota/\n  - /review/i1/print\n  - review/i1/press.svg/\n  \
             - old site/rota.html\n  - review/i1/other/",
            "Another text.",
        ),
    );
    let out = run(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // (In the order messages are sorted in. Of two redirects at one
    // place, the error is on the later one in the site's order.)
    let at = "content/review/i1/other.md:3:1: error: ";
    assert_diagnostics(
        &out,
        &[
            (at, "`content/review/i1/other.md` and the redirect from an old address of `content/review/i1/other.md` would both be written to `/review/i1/other/`"),
            (at, "`content/review/i1/press.svg` and the redirect"),
            (at, "`content/review/i1/rota.md` and the redirect from an old address of `content/review/i1/other.md` would both be written to `/review/i1/bread-rota/`; take it out of `aliases`"),
            (at, "the print page of folder `content/review/i1/` and the redirect from an old address of `content/review/i1/other.md` would both be written to `/review/i1/print/`"),
            (
                "content/review/i1/rota.md:5:1: error: ",
                "the redirect from an old address of `content/review/i1/other.md` and the redirect from an old address \
                 of `content/review/i1/rota.md` would both be written to `/old site/rota.html`",
            ),
        ],
    );
    assert_eq!(read(&public.join("review/i1/other/index.html")), before);
    // The print page as it was: not a redirect.
    assert!(!read(&public.join("review/i1/print/index.html")).contains("http-equiv"));
}

#[test]
fn an_old_address_that_cannot_be_one_of_the_site_s_is_an_error_at_its_line() {
    for (alias, phrase) in [
        ("https://example.org/rota/", "is not an address of this site"),
        ("//example.org/rota/", "is not an address of this site"),
        ("review/../rota/", "its folders may not be empty, `.` or `..`"),
        ("review//rota/", "its folders may not be empty"),
        ("rota/?page=2", "has a `?` or `#` part"),
        ("/", "may not be the site's root"),
        ("caf%C3", "has `%` escapes that do not decode"),
        (
            "\"\"",
            "`aliases` must be an address or a list of addresses, none of them empty",
        ),
    ] {
        let site = site_with(&[(
            "content/rota.md",
            &article(&format!("title: Rota\ndate: 2020\naliases: {alias}"), "Text."),
        )]);
        let out = run(site.path(), &["build"]);
        assert_eq!(out.status.code(), Some(1), "{alias}: {}", stderr(&out));
        assert_diagnostics(&out, &[("content/rota.md:4:1: error: ", phrase)]);
    }
}

#[test]
fn an_old_address_where_the_tag_pages_go_keeps_it_with_a_warning() {
    let site = site_with(&[(
        "content/rota.md",
        &article("title: Rota\ntags: [bread]\naliases: tags/rota", "Text."),
    )]);
    let out = run(site.path(), &["build"]);
    ok(&out);
    assert_diagnostics(
        &out,
        &[(
            "content/rota.md:4:1: warning: ",
            "the redirect from `/tags/rota/` (an alias of `content/rota.md`) is at `/tags/`, where the tag pages go: the site has no tag pages",
        )],
    );
    let public = site.path().join("public");
    assert_eq!(follow(&public, "tags/rota/index.html"), Path::new("rota/index.html"));
    assert!(!public.join("tags/index.html").exists());
}

#[test]
fn a_link_to_an_old_address_is_written_to_the_address_now() {
    let site = site();
    write(
        site.path(),
        "content/review/i1/other.md",
        &article(
            "title: Other",
            "See [the rota](../rota/), [its old page](../../../old%20site/rota.html) \
             and [the journal](../../../journal) [^1].\n\n\
             <a href=\"../rota/\">raw</a>\n\n\
             [^1]: As [the rota](../rota/#no-such-place) says.",
        ),
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    // Only raw HTML, published as written, and the place the rota does
    // not have are warned of: the rest leads where the text is now.
    assert_diagnostics(
        &out,
        &[
            (
                "content/review/i1/other.md:7:10: warning: ",
                "`../rota/` is an old address of “Rota & <Co>” (one of its `aliases`): in raw HTML, \
                 which is published as written, write its address now, `../bread-rota/`",
            ),
            (
                "content/review/i1/other.md:9:10: warning: ",
                "`../bread-rota/#no-such-place` leads to no heading, note or anchor of “Rota & <Co>”",
            ),
        ],
    );
    let public = site.path().join("public");
    let doc = html(&public.join("review/i1/other/index.html"));
    let links = select(&doc, ".article-body a");
    let hrefs: Vec<&str> = links.iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs.iter().filter(|h| **h == "../bread-rota/").count(), 2, "{hrefs:?}");
    assert!(hrefs.contains(&"../bread-rota/#no-such-place"), "{hrefs:?}");
    assert!(hrefs.contains(&"../../"), "{hrefs:?}");
    assert!(hrefs.contains(&"../rota/"), "raw HTML as written: {hrefs:?}");
}

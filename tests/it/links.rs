//! Every address a built site's pages give (links, stylesheets, images,
//! the forms of `<link>`) leads to a file of that site: the listings,
//! breadcrumbs, previous/next links and print editions samizdat writes
//! never point nowhere, on the example site, every good fixture, and a site
//! of many nested, dated, sorted and retitled sections.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::build::{files_under, good_fixtures, ok};
use crate::common::*;

/// The addresses of `page` (relative to the output `root`) that lead to no
/// file of the site. Addresses with a scheme, `//host` and `mailto:` are
/// not the site's; a fragment must name an id of the page it leads to
/// (a bare one, of this page).
fn dead_ends(root: &Path, page: &Path, files: &BTreeSet<PathBuf>) -> Vec<String> {
    let doc = Html::parse_document(&read(&root.join(page)));
    let sel = Selector::parse("a[href], link[href], img[src], script[src], source[src]").expect("selector");
    let mut dead = Vec::new();
    for el in doc.select(&sel) {
        let v = el.value();
        let addr = v.attr("href").or_else(|| v.attr("src")).expect("selected by it");
        if addr.contains("://") || addr.starts_with("//") || addr.starts_with("mailto:") {
            continue;
        }
        if let Some(id) = addr.strip_prefix('#') {
            let by_id = Selector::parse(&format!("[id=\"{id}\"]")).expect("id selector");
            if !id.is_empty() && doc.select(&by_id).next().is_none() {
                dead.push(format!("{addr} (no such id here)"));
            }
            continue;
        }
        let (path, fragment) = match addr.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (addr, None),
        };
        let Some(target) = resolve(page, path) else {
            dead.push(format!("{addr} (leaves the site)"));
            continue;
        };
        let file = if path.is_empty() || path.ends_with('/') {
            target.join("index.html")
        } else {
            target
        };
        if !files.contains(&file) {
            dead.push(addr.to_string());
            continue;
        }
        if let Some(id) = fragment.filter(|f| !f.is_empty()) {
            let there = Html::parse_document(&read(&root.join(&file)));
            let by_id = Selector::parse(&format!("[id=\"{id}\"]")).expect("id selector");
            if there.select(&by_id).next().is_none() {
                dead.push(format!("{addr} (no id `{id}` there)"));
            }
        }
    }
    dead
}

/// `addr` (percent-encoded, relative to `page`'s folder, or from the
/// site's root if it begins with `/`) as a path under the output root;
/// `None` if it climbs out.
fn resolve(page: &Path, addr: &str) -> Option<PathBuf> {
    let decoded = percent_decode(addr);
    let mut parts: Vec<String> = match decoded.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => page
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect(),
    };
    for seg in decoded.trim_start_matches('/').split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.iter().collect())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 address")
}

/// Builds `site` and returns every dead end of every page, as
/// `page: address`.
fn dead_ends_of_site(site: &Path) -> (usize, Vec<String>) {
    ok(&run(site, &["build"]));
    let public = site.join("public");
    let files: BTreeSet<PathBuf> = files_under(&public).into_iter().collect();
    let pages: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .collect();
    let mut dead = Vec::new();
    for page in &pages {
        for addr in dead_ends(&public, page, &files) {
            dead.push(format!("{}: {addr}", page.display()));
        }
    }
    (pages.len(), dead)
}

#[test]
fn the_example_site_and_fixtures_link_only_to_their_own_files() {
    let mut sites = vec![repo()];
    sites.extend(good_fixtures().iter().map(|n| fixture(n)));
    let mut pages = 0;
    let mut dead = Vec::new();
    for from in sites {
        let site = tempfile::tempdir().expect("temp dir");
        copy_dir(&from.join("content"), &site.path().join("content"));
        std::fs::copy(from.join("book.toml"), site.path().join("book.toml")).expect("book.toml");
        for extra in ["templates", "static", "themes"] {
            if from.join(extra).is_dir() {
                copy_dir(&from.join(extra), &site.path().join(extra));
            }
        }
        let (n, d) = dead_ends_of_site(site.path());
        pages += n;
        dead.extend(d.into_iter().map(|d| format!("{}: {d}", from.display())));
    }
    assert!(pages > 60, "only {pages} pages checked");
    assert!(dead.is_empty(), "addresses that lead nowhere:\n{}", dead.join("\n"));
}

/// Sections four deep, some with an `_index.md` and some without, sorted
/// by weight, date or title, dated and undated, with slugs and drafts;
/// articles with notes and tags.
#[test]
fn a_site_of_nested_sorted_sections_links_only_to_its_own_files() {
    let mut files: Vec<(String, String)> = Vec::new();
    let sorts = ["", "sort_by: date\n", "sort_by: title\n", "sort_by: weight\n"];
    let mut n = 0usize;
    for a in 0..3 {
        for b in 0..3 {
            for c in 0..2 {
                let dir = match (b, c) {
                    (0, _) => format!("content/p{a}"),
                    (_, 0) => format!("content/p{a}/i{b}"),
                    _ => format!("content/p{a}/i{b}/part-{c}"),
                };
                if (a + b + c) % 3 != 0 {
                    let sort = sorts[(a + b * 2 + c) % sorts.len()];
                    let date = if b % 2 == 1 {
                        format!("date: 2020-0{}-01\n", b + 1)
                    } else {
                        String::new()
                    };
                    let draft = if a == 2 && b == 2 && c == 1 {
                        "draft: true\n"
                    } else {
                        ""
                    };
                    files.push((
                        format!("{dir}/_index.md"),
                        format!(
                            "---\ntitle: Section {a} {b} {c}\nweight: {}\n{sort}{date}{draft}---\n\nAbout.\n",
                            3 - b
                        ),
                    ));
                }
                for k in 0..3 {
                    n += 1;
                    let slug = if n.is_multiple_of(5) {
                        format!("slug: moved-{n}\n")
                    } else {
                        String::new()
                    };
                    let draft = if n.is_multiple_of(7) { "draft: true\n" } else { "" };
                    files.push((
                        format!("{dir}/a{n}.md"),
                        format!(
                            "---\ntitle: Text {}\nweight: {k}\ndate: 19{:02}-0{}-1{k}\n{slug}{draft}tags: [t{}]\n---\n\n\
                             A text[^1] [ed. – with a remark].\n\n[^1]: A note.\n",
                            (n * 7) % 11,
                            n % 90,
                            1 + n % 9,
                            n % 4
                        ),
                    ));
                }
            }
        }
    }
    let site = site_with(&files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>());
    let (pages, dead) = dead_ends_of_site(site.path());
    assert!(pages > 50, "only {pages} pages checked");
    assert!(dead.is_empty(), "addresses that lead nowhere:\n{}", dead.join("\n"));
}

/// The check itself: an address to a missing page, or to an id its page
/// does not have, is caught; the site's own addresses are not.
#[test]
fn the_check_catches_a_dead_end() {
    let site = site_with(&[
        ("content/a.md", "---\ntitle: A\n---\n\nText[^1].\n\n[^1]: A note.\n"),
        ("content/b.md", "---\ntitle: B\n---\n\nMore.\n"),
    ]);
    let (pages, dead) = dead_ends_of_site(site.path());
    assert!(pages >= 3 && dead.is_empty(), "{pages} pages: {dead:?}");
    let public = site.path().join("public");
    let page = PathBuf::from("a/index.html");
    let good = read(&public.join(&page));
    let files: BTreeSet<PathBuf> = files_under(&public).into_iter().collect();
    for (from, to) in [
        ("href=\"#note-1\"", "href=\"../b/#note-1\""),
        ("href=\"#note-1\"", "href=\"#note-2\""),
        ("../b/", "../c/"),
        ("style.css", "styles.css"),
    ] {
        assert!(good.contains(from), "{from}");
        std::fs::write(public.join(&page), good.replacen(from, to, 1)).expect("write");
        assert_eq!(dead_ends(&public, &page, &files).len(), 1, "{to}");
    }
}

//! `sitemap.xml`: the address of every page a reader may land on, for
//! search engines (<https://www.sitemaps.org/protocol.html>). Written when
//! the site has a `base_url` (a sitemap's addresses are whole): the home
//! page, each folder's page, each text's, and the tag, author and
//! translator pages with their indexes. Not the print pages (each the
//! texts again), the redirects at old addresses, nor `404.html`. A site
//! of more than 50,000 such pages (a sitemap's most) has `sitemap.xml` as
//! an index of `sitemap-1.xml`, `sitemap-2.xml`, ….
//!
//! A text or folder that says when it was last revised (`updated`) has
//! that day as its `<lastmod>`; no other page has one. (Its `date` is when
//! it was written, often long before the site had it: a search engine
//! that finds a site's `lastmod`s wrong ignores them all.)

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use crate::config::Config;
use crate::content::front_matter::PartialDate;
use crate::content::Site;

use super::taxonomy::Taxonomies;
use super::xml::Xml;

/// Where the sitemap goes.
pub const PATH: &str = "sitemap.xml";

/// The most addresses one sitemap may hold.
const MOST: usize = 50_000;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A page the sitemap lists: its site path, and the day it was last
/// revised, if it says.
pub type Listed<'a> = (Cow<'a, str>, Option<PartialDate>);

/// The pages listed, in the site's order: each folder's page, then its
/// texts; then the tag, author and translator pages.
pub fn paths<'a>(site: &'a Site, taxonomies: &'a Taxonomies) -> impl Iterator<Item = Listed<'a>> + 'a {
    // Depth first from the home page, each folder's below it in their
    // order (not in the order of `site.sections`, where `serve` adds a
    // new folder last); a folder held back with those below it.
    let mut stack: Vec<usize> = if site.sections.is_empty() { vec![] } else { vec![0] };
    let sections = std::iter::from_fn(move || loop {
        let section = &site.sections[stack.pop()?];
        if section.published {
            stack.extend(section.subsections.iter().rev());
            return Some(section);
        }
    });
    let pages = sections.flat_map(move |section| {
        let texts = section
            .pages
            .iter()
            .map(move |&i| (&site.pages[i].path, site.pages[i].meta.updated));
        std::iter::once((&section.path, section.meta.updated))
            .chain(texts)
            .map(|(path, updated)| (Cow::Borrowed(path.as_str()), updated))
    });
    let terms = taxonomies.iter().flat_map(|terms| {
        // (Empty for a kind with no names, whose index the site lacks.)
        let index = Some(terms.index_path()).filter(|path| !path.is_empty());
        index
            .map(Cow::Borrowed)
            .into_iter()
            .chain(terms.list.iter().map(|t| Cow::Owned(terms.path(&t.slug))))
            .map(|path| (path, None))
    });
    pages.chain(terms)
}

/// What the site's sitemap is made of, to tell cheaply whether an edit
/// changed it: how many files it takes (none without a `base_url`, one,
/// or an index and its parts, as [`files`] writes them), and a hash of
/// the pages it lists.
pub fn state(config: &Config, site: &Site, taxonomies: &Taxonomies) -> (usize, u64) {
    if config.base_url.is_empty() {
        return (0, 0);
    }
    let mut hasher = ahash::AHasher::default();
    let mut count = 0;
    for (path, updated) in paths(site, taxonomies) {
        hasher.write(path.as_bytes());
        hasher.write_u8(0);
        updated.hash(&mut hasher);
        count += 1;
    }
    let files = match count {
        0..=MOST => 1,
        n => 1 + n.div_ceil(MOST),
    };
    (files, hasher.finish())
}

/// The sitemap's files, (site path, bytes), for the pages `listed` under
/// the site's `base_url`; none without one.
pub fn files(config: &Config, listed: &[Listed]) -> Vec<(String, Vec<u8>)> {
    if config.base_url.is_empty() {
        return Vec::new();
    }
    let base = config.base_url.trim_end_matches('/');
    let urlset = |listed: &[Listed]| {
        let mut x = Xml(String::with_capacity(64 + listed.len() * 80));
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset");
        x.attr("xmlns", NS);
        x.raw(">\n");
        for (path, updated) in listed {
            x.raw("<url><loc>");
            x.text(&super::url_escaped(&format!("{base}/{path}")));
            x.raw("</loc>");
            if let Some(day) = updated {
                // (W3C Datetime, as precise as the front matter: `2024`,
                // `2024-05`, `2024-05-02`.)
                x.raw("<lastmod>");
                x.text(&day.iso());
                x.raw("</lastmod>");
            }
            x.raw("</url>\n");
        }
        x.raw("</urlset>\n");
        x.0.into_bytes()
    };
    if listed.len() <= MOST {
        return vec![(PATH.to_string(), urlset(listed))];
    }
    let parts: Vec<(String, Vec<u8>)> = listed
        .chunks(MOST)
        .enumerate()
        .map(|(k, chunk)| (format!("sitemap-{}.xml", k + 1), urlset(chunk)))
        .collect();
    let mut x = Xml(String::with_capacity(256 + parts.len() * 80));
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex");
    x.attr("xmlns", NS);
    x.raw(">\n");
    for (path, _) in &parts {
        x.raw("<sitemap><loc>");
        x.text(&super::url_escaped(&format!("{base}/{path}")));
        x.raw("</loc></sitemap>\n");
    }
    x.raw("</sitemapindex>\n");
    let mut files = vec![(PATH.to_string(), x.0.into_bytes())];
    files.extend(parts);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_of_more_pages_than_a_sitemap_holds_has_an_index_of_sitemaps() {
        let config = Config {
            base_url: "https://example.org/zine/".into(),
            ..Config::default()
        };
        let paths: Vec<Listed> = (0..MOST + 2).map(|n| (format!("t/{n}/").into(), None)).collect();
        let files = files(&config, &paths);
        assert_eq!(files.len(), 3);
        let index = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(index.contains("<sitemap><loc>https://example.org/zine/sitemap-2.xml</loc></sitemap>"));
        let second = String::from_utf8(files[2].1.clone()).unwrap();
        assert_eq!(second.matches("<url>").count(), 2);
        assert!(second.contains("<loc>https://example.org/zine/t/50001/</loc>"));
        assert!(super::files(&Config::default(), &paths).is_empty());
    }
}

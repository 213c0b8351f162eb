//! `sitemap.xml`: the address of every page a reader may land on, for
//! search engines (<https://www.sitemaps.org/protocol.html>). Written when
//! the site has a `base_url` (a sitemap's addresses are whole): the home
//! page, each folder's page, each text's, and the tag, author and
//! translator pages with their indexes. Not the print pages (each the
//! texts again), the redirects at old addresses, nor `404.html`. A site
//! of more than 50,000 such pages (a sitemap's most) has `sitemap.xml` as
//! an index of `sitemap-1.xml`, `sitemap-2.xml`, ….

use std::borrow::Cow;
use std::hash::Hasher;

use crate::config::Config;
use crate::content::Site;

use super::taxonomy::Taxonomies;
use super::xml::Xml;

/// Where the sitemap goes.
pub const PATH: &str = "sitemap.xml";

/// The most addresses one sitemap may hold.
const MOST: usize = 50_000;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The site paths of the pages listed, in the site's order: each folder's
/// page, then its texts; then the tag, author and translator pages.
pub fn paths<'a>(site: &'a Site, taxonomies: &'a Taxonomies) -> impl Iterator<Item = Cow<'a, str>> + 'a {
    let sections = site.sections.iter().filter(|s| s.published);
    let pages = sections.flat_map(move |section| {
        let texts = section.pages.iter().map(move |&i| site.pages[i].path.as_str());
        std::iter::once(section.path.as_str()).chain(texts).map(Cow::Borrowed)
    });
    let terms = taxonomies.iter().flat_map(|terms| {
        let index = terms.index.then(|| Cow::Borrowed(terms.index_path()));
        index
            .into_iter()
            .chain(terms.list.iter().map(|t| Cow::Owned(terms.path(&t.slug))))
    });
    pages.chain(terms)
}

/// What the site's sitemap is made of, to tell cheaply whether an edit
/// changed it: how many files it takes (none without a `base_url`, one,
/// or an index and its parts, as [`files`] writes them), and a hash of
/// the paths it lists.
pub fn state(config: &Config, site: &Site, taxonomies: &Taxonomies) -> (usize, u64) {
    if config.base_url.is_empty() {
        return (0, 0);
    }
    let mut hasher = ahash::AHasher::default();
    let mut count = 0;
    for path in paths(site, taxonomies) {
        hasher.write(path.as_bytes());
        hasher.write_u8(0);
        count += 1;
    }
    let files = match count {
        0..=MOST => 1,
        n => 1 + n.div_ceil(MOST),
    };
    (files, hasher.finish())
}

/// The sitemap's files, (site path, bytes), for `paths` under the site's
/// `base_url`; none without one.
pub fn files<S: AsRef<str>>(config: &Config, paths: &[S]) -> Vec<(String, Vec<u8>)> {
    if config.base_url.is_empty() {
        return Vec::new();
    }
    let base = config.base_url.trim_end_matches('/');
    let urlset = |paths: &[S]| {
        let mut x = Xml(String::with_capacity(64 + paths.len() * 80));
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset");
        x.attr("xmlns", NS);
        x.raw(">\n");
        for path in paths {
            x.raw("<url><loc>");
            x.text(&super::url_escaped(&format!("{base}/{}", path.as_ref())));
            x.raw("</loc></url>\n");
        }
        x.raw("</urlset>\n");
        x.0.into_bytes()
    };
    if paths.len() <= MOST {
        return vec![(PATH.to_string(), urlset(paths))];
    }
    let parts: Vec<(String, Vec<u8>)> = paths
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
        let paths: Vec<String> = (0..MOST + 2).map(|n| format!("t/{n}/")).collect();
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

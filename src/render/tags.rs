//! Tag pages: a page for each tag of the published articles, listing them
//! in the site's reading order, and an index of the tags (`tags/`).
//!
//! A tag's page is at `<path>/<slug>/` (`[tags] path`, `tags` unless the
//! site says otherwise), its slug made as a heading's id is: `Mutual aid`
//! and `mutual-aid` are one tag, named as the first article to have it
//! spells it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::content::Site;
use crate::diag::{Diagnostic, Severity};
use crate::markdown::html::slugify;

use super::theme::Theme;

/// One tag and the articles that have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// As the first article (in reading order) that has it spells it.
    pub name: String,
    pub slug: String,
    /// Its articles, in reading order.
    pub pages: Vec<usize>,
}

/// Every tag of the site, and where their pages go.
#[derive(Debug, Clone, PartialEq)]
pub struct Tags {
    /// The folder of the tag pages, `tags/`.
    pub base: String,
    /// Whether the theme makes the index of the tags (`tags.html`).
    pub index: bool,
    /// By name, as the index lists them (letter case aside).
    pub list: Vec<Tag>,
    /// Their slugs.
    slugs: HashSet<String>,
}

/// A tag's slug: empty if it has no letter or digit (it then has no page).
pub fn tag_slug(name: &str) -> String {
    slugify(name)
}

impl Tags {
    /// The tags of `site`'s published articles, their pages in `base`.
    pub fn of(site: &Site, base: String, index: bool) -> Self {
        let mut by_slug: HashMap<String, usize> = HashMap::new();
        let mut list: Vec<Tag> = Vec::new();
        for p in site.reading_order() {
            for name in &site.pages[p].meta.tags {
                let slug = tag_slug(name);
                if slug.is_empty() {
                    continue;
                }
                let k = match by_slug.get(&slug) {
                    Some(&k) => k,
                    None => {
                        by_slug.insert(slug.clone(), list.len());
                        list.push(Tag {
                            name: name.clone(),
                            slug,
                            pages: Vec::new(),
                        });
                        list.len() - 1
                    }
                };
                // An article that gives one tag twice (or two spellings of
                // it) is listed once.
                if list[k].pages.last() != Some(&p) {
                    list[k].pages.push(p);
                }
            }
        }
        list.sort_by_cached_key(|t| (t.name.to_lowercase(), t.slug.clone()));
        let slugs = by_slug.into_keys().collect();
        Tags {
            base,
            index,
            list,
            slugs,
        }
    }

    /// Whether the site has a page at `path` (`tags/print/`): a tag's, or
    /// the index of the tags.
    pub fn has_page(&self, path: &str) -> bool {
        let Some(rest) = path.strip_prefix(self.base.as_str()) else {
            return false;
        };
        match rest.strip_suffix('/') {
            Some(slug) => self.slugs.contains(slug),
            None => rest.is_empty() && self.index && !self.list.is_empty(),
        }
    }

    /// The address of the page of the tag with slug `slug`.
    pub fn path(&self, slug: &str) -> String {
        format!("{}{slug}/", self.base)
    }
}

/// Where the site's tag pages go (`tags/`), if it has them: `[tags] path`
/// is not empty, the theme has a `tag.html`, and nothing else of the site
/// is at that address or below it. If something is, a warning on it says
/// that the site has no tag pages. `statics` as in
/// [`Site::output_clashes`].
pub fn tag_base<'a>(
    path: &str,
    theme: &Theme,
    site: &Site,
    statics: impl IntoIterator<Item = (&'a str, String)>,
    shown_content: &Path,
) -> (Option<String>, Vec<Diagnostic>) {
    if path.is_empty() || !theme.uses.contains_key("tag.html") {
        return (None, Vec::new());
    }
    let base = format!("{path}/");
    let under = |url: &str| url.starts_with(&base) || url == path;
    // What is there, as a message names it, first in a fixed order.
    let mut there: Vec<(std::path::PathBuf, usize, String)> = Vec::new();
    for s in site.sections.iter().filter(|s| s.published && under(&s.path)) {
        let (file, line) = match &s.index_file {
            Some(f) => (shown_content.join(f), 1),
            None => (shown_content.join(&s.dir), 0),
        };
        there.push((
            file,
            line,
            format!("the folder `{}/`", shown_content.join(&s.dir).display()),
        ));
    }
    for s in site.sections.iter().filter(|s| s.published) {
        for &i in &s.pages {
            let page = &site.pages[i];
            if under(&page.path) {
                let file = shown_content.join(&page.file);
                there.push((file.clone(), 1, format!("`{}`", file.display())));
            }
        }
    }
    for (file, url) in &site.assets {
        if under(url) {
            let file = shown_content.join(file);
            there.push((file.clone(), 0, format!("`{}`", file.display())));
        }
    }
    for (url, shown) in statics {
        if under(url) {
            let file = std::path::PathBuf::from(shown.trim_matches('`'));
            there.push((file, 0, shown));
        }
    }
    there.sort();
    match there.into_iter().next() {
        None => (Some(base), Vec::new()),
        Some((file, line, what)) => {
            let warning = Diagnostic {
                path: file,
                line,
                col: usize::from(line > 0),
                severity: Severity::Warning,
                message: format!(
                    "{what} is at `/{base}`, where the tag pages go: the site has no tag pages \
                     (move it, or set `[tags] path` in book.toml to put them elsewhere)"
                ),
            };
            (None, vec![warning])
        }
    }
}

//! The Atom feeds (RFC 4287): the site's newest texts at `/atom.xml`,
//! and each publication's (a top-level folder of issues) at
//! `/review/atom.xml`, for readers to follow the site in a feed reader,
//! over an onion service too.
//!
//! A feed carries the `[feed] limit` newest texts, by their `date` or
//! their issue's if later (see [`newest`]), each whole with its notes in a
//! numbered list after it (a reader shows no margin), or its description
//! alone (`[feed] content = "summary"`). Links are relative to the feed, as the
//! site's are, unless `[site] base_url` makes them whole; each entry's
//! content has the text's own address as its `xml:base`, so that its
//! links and images lead where the page's do. Nothing in a feed is the
//! time of the build: the feed's `updated` is its newest text's date.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::Config;
use crate::content::front_matter::{FrontMatter, PartialDate};
use crate::content::{Site, Target};
use crate::diag::{Diagnostic, Severity};

use super::href_between;
use super::xml::Xml;

/// One feed: where it goes, what it is of, and its texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// Its file in the output: `atom.xml`, `review/atom.xml`.
    pub path: String,
    /// The section whose texts (its own and those below) it carries: the
    /// home page's for the site's.
    pub section: usize,
    /// What pages name it in their `<link rel="alternate">`: the site's
    /// title, or the publication's.
    pub title: String,
    /// Its texts, newest first (the site's reading order among those of
    /// one date).
    pub entries: Vec<Entry>,
}

/// A text in a feed, and the day it is in the feed as of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub page: usize,
    /// The text's `date`, or its folder's if that is later (see
    /// [`newest`]).
    pub day: Day,
    /// When it was last revised (`updated`), if it says and that is after
    /// `day`: its entry is `updated` then, and `published` on `day`.
    pub revised: Option<Day>,
}

/// The site's feeds, and warnings for those not written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Feeds {
    pub list: Vec<Feed>,
    pub warnings: Vec<Diagnostic>,
}

impl Feeds {
    /// The feeds a page at `path` names in its head: the site's, and its
    /// publication's.
    pub fn of_page<'a>(&'a self, site: &'a Site, path: &'a str) -> impl Iterator<Item = &'a Feed> + 'a {
        self.list
            .iter()
            .filter(move |f| f.section == 0 || path.starts_with(site.sections[f.section].path.as_str()))
    }

    /// What pages show of the feeds: each one's address and title, by
    /// the section it is of.
    pub fn links(&self) -> BTreeMap<usize, (String, String)> {
        let link = |f: &Feed| (f.section, (f.path.clone(), f.title.clone()));
        self.list.iter().map(link).collect()
    }

    /// The publications whose feed came, went, or has another title or
    /// address since `was`: the pages in them name it otherwise. `None`
    /// if the site's own feed did (every page names it).
    pub fn moved_from(&self, was: &Feeds) -> Option<BTreeSet<usize>> {
        let (now, was) = (self.links(), was.links());
        if now.get(&0) != was.get(&0) {
            return None;
        }
        let sections = now.keys().chain(was.keys());
        Some(sections.filter(|s| now.get(s) != was.get(s)).copied().collect())
    }
}

/// A date as year, month and day.
pub type Day = (i32, u8, u8);

/// The date a text's entry is `updated` by: its first day.
pub(super) fn timestamp(date: &PartialDate) -> Day {
    (date.year, date.month.unwrap_or(1), date.day.unwrap_or(1))
}

/// The site's feeds as it now is: the site's and, with `[feed] sections`,
/// each publication's (a top-level folder with folders of its own: its
/// issues), each with at least one text as of a date.
/// A feed whose address has something of the site's own (a file beside the
/// articles or a static file named so, a page or a folder there) is not
/// written, with a warning: nothing of the site is written over.
pub fn feeds<'a>(
    config: &Config,
    site: &Site,
    statics: impl IntoIterator<Item = (&'a str, String)>,
    shown_content: &Path,
) -> Feeds {
    let mut feeds = Feeds::default();
    let name = &config.feed.path;
    if name.is_empty() || site.sections.is_empty() || !site.sections[0].published {
        return feeds;
    }
    let mut sections = vec![0];
    if config.feed.sections {
        // A publication: a folder of issues. A top-level folder of texts
        // alone (an issue of the site's one journal, a shelf of pamphlets)
        // is followed in the site's feed.
        let published = |s: &usize| site.sections[*s].published;
        let publication = |s: &usize| published(s) && site.sections[*s].subsections.iter().any(published);
        sections.extend(site.sections[0].subsections.iter().copied().filter(publication));
    }
    let statics: Vec<(&str, String)> = statics.into_iter().collect();
    for s in sections {
        let section = &site.sections[s];
        let path = format!("{}{name}", section.path);
        let entries = newest(site, s, config.feed.limit);
        if entries.is_empty() {
            continue;
        }
        if let Some(warning) = taken(site, &statics, shown_content, &path) {
            feeds.warnings.push(warning);
            continue;
        }
        let title = match s {
            0 => config.title.clone(),
            _ => section.meta.title.clone(),
        };
        feeds.list.push(Feed {
            path,
            section: s,
            title,
            entries,
        });
    }
    feeds
}

/// Section `s`'s `limit` newest texts (its own and below it), the newest
/// first; of one day, the first in the reading order first. A text is as
/// new as its `date`, or as its folder's (or a folder's above it) if that
/// is later: a text written long ago and reprinted in an issue is new as
/// of the issue, and a text of a dated issue with no date of its own has
/// the issue's. A text with neither is in none. Picked out, then sorted:
/// an archive has thousands of texts, a feed a few, and `serve` asks
/// again after each save.
pub fn newest(site: &Site, s: usize, limit: usize) -> Vec<Entry> {
    let day_of = |meta: &FrontMatter| meta.date.as_ref().map(timestamp);
    // The folders above `s`, whose dates its texts take too.
    let above = site.ancestors(s);
    let above = above[..above.len() - 1].iter().map(|&a| day_of(&site.sections[a].meta));
    let mut stack = vec![(s, above.max().flatten())];
    // (its day, the newest first; its place in the reading order; the text)
    let mut dated: Vec<(Reverse<Day>, usize, usize)> = Vec::new();
    // The reading order: a section's own texts, then each below in turn.
    while let Some((s, inherited)) = stack.pop() {
        let section = &site.sections[s];
        if !section.published {
            continue;
        }
        let here = inherited.max(day_of(&section.meta));
        for &i in &section.pages {
            if let Some(day) = here.max(day_of(&site.pages[i].meta)) {
                dated.push((Reverse(day), dated.len(), i));
            }
        }
        stack.extend(section.subsections.iter().rev().map(|&c| (c, here)));
    }
    if dated.len() > limit {
        dated.select_nth_unstable(limit);
        dated.truncate(limit);
    }
    dated.sort_unstable();
    dated
        .into_iter()
        .map(|(Reverse(day), _, page)| Entry {
            page,
            day,
            revised: site.pages[page]
                .meta
                .updated
                .as_ref()
                .map(timestamp)
                .filter(|&u| u > day),
        })
        .collect()
}

/// A warning if something of the site's own is at `path`, where a feed
/// would go.
fn taken(site: &Site, statics: &[(&str, String)], shown_content: &Path, path: &str) -> Option<Diagnostic> {
    let folder = format!("{path}/");
    let under = |url: &str| url == path || url.starts_with(&folder);
    // What is there: its file, what it is, and its address.
    let (at, what, its) = if let Some(target) = site.by_path.get(&folder) {
        let file = match *target {
            Target::Page(i) => shown_content.join(&site.pages[i].file),
            Target::Section(s) => shown_content.join(&site.sections[s].dir),
        };
        (file, "a page of the site", folder.as_str())
    } else if let Some((file, url)) = site.assets.iter().find(|(_, url)| under(url)) {
        (shown_content.join(file), "a file of the site", url.as_str())
    } else {
        let (rel, named) = statics.iter().find(|(rel, _)| under(rel))?;
        (Path::new(named.trim_matches('`')).to_path_buf(), "a static file", *rel)
    };
    let place = match its == path {
        true => format!("`/{path}`"),
        false => format!("`/{its}`, in `/{folder}`"),
    };
    Some(Diagnostic {
        path: at,
        line: 0,
        col: 0,
        severity: Severity::Warning,
        message: format!(
            "{what} is at {place}, where a feed goes: that feed is not written (set `[feed] path` to another \
             file name, or to \"\" for no feeds)"
        ),
    })
}

/// Writes `feed` as Atom XML; `content(i)` gives text `i`'s body, its
/// notes at the end (none: the entry has its description alone).
pub fn write_feed<'b>(config: &Config, site: &Site, feed: &Feed, content: impl Fn(usize) -> Option<&'b str>) -> String {
    let words = &config.words;
    let folder = &site.sections[feed.section].path;
    // Whole addresses with a `base_url`; else relative to the feed.
    let base = config.base_url.trim_end_matches('/');
    let href = |path: &str| match base.is_empty() {
        true => href_between(folder, path),
        false => format!("{base}/{}", href_between("", path).trim_start_matches("./")),
    };
    let mut x = Xml(String::with_capacity(16 * 1024));
    x.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    x.attr("xml:lang", &config.language);
    x.raw(">\n");
    x.element("title", &feed.title);
    let section = &site.sections[feed.section];
    let subtitle = match feed.section {
        0 => &config.description,
        _ => &section.meta.description,
    };
    if !subtitle.is_empty() {
        x.element("subtitle", subtitle);
    }
    x.raw("<link rel=\"self\" type=\"application/atom+xml\"");
    let name = &feed.path[folder.len()..];
    x.attr(
        "href",
        &match base.is_empty() {
            true => name.to_string(),
            false => format!("{}{name}", href(folder)),
        },
    );
    x.raw("/>\n<link rel=\"alternate\" type=\"text/html\"");
    x.attr("href", &href(folder));
    x.raw("/>\n");
    x.element("id", &id(config, &feed.path));
    // (The feed changed last when its newest text came, or when a text
    // of it was last revised.)
    let newest = feed.entries.iter().map(|e| e.revised.unwrap_or(e.day)).max();
    x.element("updated", &newest.map(rfc3339).unwrap_or_default());
    x.element("generator", "samizdat");
    for &Entry { page: i, day, revised } in &feed.entries {
        let page = &site.pages[i];
        let meta = &page.meta;
        x.raw("<entry");
        if let Some(lang) = site.lang_of(Target::Page(i)).filter(|l| *l != config.language) {
            x.attr("xml:lang", lang);
        }
        x.raw(">\n");
        x.element("title", &meta.title);
        let link = href(&page.path);
        x.raw("<link rel=\"alternate\" type=\"text/html\"");
        x.attr("href", &link);
        x.raw("/>\n");
        x.element("id", &id(config, &page.path));
        x.element("updated", &rfc3339(revised.unwrap_or(day)));
        if revised.is_some() {
            x.element("published", &rfc3339(day));
        }
        match meta.authors.is_empty() {
            true => x.person("author", words.get("anonymous")),
            false => meta.authors.iter().for_each(|a| x.person("author", a)),
        }
        meta.translators.iter().for_each(|t| x.person("contributor", t));
        for tag in &meta.tags {
            x.raw("<category");
            x.attr("term", tag);
            x.raw("/>\n");
        }
        if !meta.description.is_empty() {
            x.element("summary", &meta.description);
        }
        if let Some(body) = content(i) {
            x.raw("<content type=\"html\"");
            x.attr("xml:base", &link);
            x.raw(">");
            x.text(&credits(config, meta));
            x.text(body);
            x.raw("</content>\n");
        }
        x.raw("</entry>\n");
    }
    x.raw("</feed>\n");
    x.0
}

/// What a text's page says of it above its body and a reader would
/// otherwise not see: who translated it, where it first appeared.
fn credits(config: &Config, meta: &FrontMatter) -> String {
    let mut html = Xml(String::new());
    if !meta.translators.is_empty() {
        html.raw("<p>");
        html.text(config.words.get("translated_by"));
        html.raw(" ");
        html.text(&config.words.names(&meta.translators, ""));
        html.raw("</p>\n");
    }
    if !meta.source.is_empty() {
        html.raw("<p><i>");
        html.text(&meta.source);
        html.raw("</i></p>\n");
    }
    html.0
}

/// `2020-11-03T00:00:00Z` for a day (a year's first, for a year).
pub(super) fn rfc3339((y, m, d): Day) -> String {
    format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
}

/// A lasting id for what is at `path`: its whole address with a
/// `base_url`; else a name-based UUID of the site's title and the path
/// (RFC 4122, version 5), the same from build to build.
pub(super) fn id(config: &Config, path: &str) -> String {
    let base = config.base_url.trim_end_matches('/');
    match base.is_empty() {
        false => format!("{base}/{}", href_between("", path).trim_start_matches("./")),
        true => {
            let name = format!("samizdat:{}:/{path}", config.title);
            let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
            format!("urn:uuid:{uuid}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_their_first_day_at_midnight() {
        let date = |year, month, day| rfc3339(timestamp(&PartialDate { year, month, day }));
        assert_eq!(date(2020, Some(11), Some(3)), "2020-11-03T00:00:00Z");
        assert_eq!(date(1998, Some(4), None), "1998-04-01T00:00:00Z");
        assert_eq!(date(868, None, None), "0868-01-01T00:00:00Z");
    }

    #[test]
    fn ids_last_from_build_to_build_and_differ_by_path() {
        let mut config = Config::default();
        let a = id(&config, "review/one/");
        assert!(a.starts_with("urn:uuid:") && a.len() == 45, "{a}");
        assert_eq!(a, id(&config, "review/one/"));
        assert_ne!(a, id(&config, "review/two/"));
        config.base_url = "https://example.org/zine/".into();
        assert_eq!(id(&config, "review/one/"), "https://example.org/zine/review/one/");
    }
}

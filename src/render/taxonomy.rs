//! Tag, author and translator pages: a page for each tag (each author,
//! each translator) of the published articles, listing them in the site's
//! reading order, and an index of them all (`tags/`, `authors/`,
//! `translators/`). The index of titles is made the same way, each letter
//! a term: `titles/y/` lists the texts whose titles are filed under Y (see
//! [`collate::filing_form`]), by title, and `titles/` the letters.
//!
//! A tag's page is at `<path>/<slug>/` (`[tags] path`, `tags` unless the
//! site says otherwise; `[authors] path` likewise), its slug made as a
//! heading's id is: `Mutual aid` and `mutual-aid` are one tag, named as the
//! first article to have it spells it.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::collate;
use crate::config::Config;
use crate::content::front_matter::{
    key_slips, nearest, parse_front_matter, split_front_matter, unread_keys, FrontMatter, Split,
};
use crate::content::{diagnostics_for, Site};
use crate::diag::{Diagnostic, Severity};
use crate::markdown::html::slugify;
use crate::markdown::Problem;
use crate::words::Words;

use super::theme::Theme;

/// What articles are listed by: their tags, their authors, their
/// translators, or the letter their titles are filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Tags,
    Authors,
    Translators,
    Titles,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Tags, Kind::Authors, Kind::Translators, Kind::Titles];

    /// `tag`: the name of one's page template (`tag.html`) and of its
    /// value there.
    pub fn one(self) -> &'static str {
        match self {
            Kind::Tags => "tag",
            Kind::Authors => "author",
            Kind::Translators => "translator",
            Kind::Titles => "letter",
        }
    }

    /// How a message names their pages (`tag pages`), and the verb
    /// that goes with it.
    fn pages_name(self) -> (&'static str, &'static str) {
        match self {
            Kind::Tags => ("tag pages", "go"),
            Kind::Authors => ("author pages", "go"),
            Kind::Translators => ("translator pages", "go"),
            Kind::Titles => ("title index", "goes"),
        }
    }

    /// `tags`: the name of the index's template (`tags.html`), of its
    /// value there, and of `book.toml`'s table.
    pub fn many(self) -> &'static str {
        match self {
            Kind::Tags => "tags",
            Kind::Authors => "authors",
            Kind::Translators => "translators",
            Kind::Titles => "titles",
        }
    }

    /// The index's title, as breadcrumbs show it: the site's word for it
    /// (`tags_title`, which the index's heading shows too).
    pub fn title(self, words: &Words) -> &str {
        words.get(match self {
            Kind::Tags => "tags_title",
            Kind::Authors => "authors_title",
            Kind::Translators => "translators_title",
            Kind::Titles => "titles_title",
        })
    }

    pub fn page_template(self) -> &'static str {
        match self {
            Kind::Tags => "tag.html",
            Kind::Authors => "author.html",
            Kind::Translators => "translator.html",
            Kind::Titles => "letter.html",
        }
    }

    pub fn index_template(self) -> &'static str {
        match self {
            Kind::Tags => "tags.html",
            Kind::Authors => "authors.html",
            Kind::Translators => "translators.html",
            Kind::Titles => "titles.html",
        }
    }

    /// An article's terms of this kind, its front matter `meta` and its
    /// language `lang` (of titles, the one letter its title is filed under
    /// in that language).
    pub fn names<'m>(self, meta: &'m FrontMatter, lang: &str) -> Cow<'m, [String]> {
        match self {
            Kind::Tags => Cow::Borrowed(&meta.tags),
            Kind::Authors => Cow::Borrowed(&meta.authors),
            Kind::Translators => Cow::Borrowed(&meta.translators),
            Kind::Titles => Cow::Owned(vec![collate::index_letter(meta.filing_title(lang))]),
        }
    }

    /// [`Kind::names`] of article `p` of `site` (its language looked up
    /// only for titles, the one kind it changes).
    pub fn names_of(self, site: &Site, p: usize) -> Cow<'_, [String]> {
        let lang = match self {
            Kind::Titles => site.text_lang(p),
            Kind::Tags | Kind::Authors | Kind::Translators => "",
        };
        self.names(&site.pages[p].meta, lang)
    }

    /// The slug of the term `name` of this kind: empty if it has no page
    /// (a tag without a letter or digit). Titles without a letter or digit
    /// are filed under `#`, whose page is `other`.
    pub fn slug(self, name: &str) -> String {
        match (self, name) {
            (Kind::Titles, "#") => "other".into(),
            _ => term_slug(name),
        }
    }

    /// The slugs of the terms of this kind that the articles `pages` of
    /// `site` have, one for each name (an empty one for a name without a
    /// page).
    pub fn slugs_of<'a>(self, site: &'a Site, pages: &'a [usize]) -> impl Iterator<Item = String> + 'a {
        pages
            .iter()
            .flat_map(move |&p| self.names_of(site, p).into_owned())
            .map(move |name| self.slug(&name))
    }

    /// `[tags] path` (or `[authors] path`).
    fn path(self, config: &Config) -> &str {
        match self {
            Kind::Tags => &config.tags.path,
            Kind::Authors => &config.authors.path,
            Kind::Translators => &config.translators.path,
            Kind::Titles => &config.titles.path,
        }
    }
}

/// One tag (or author) and the articles that have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As the first article (in reading order) that has it spells it.
    pub name: String,
    pub slug: String,
    /// Its articles, in reading order; a letter's of the index of titles
    /// by title as they are filed ([`Site::filing_title`], collated),
    /// those filed alike in reading order.
    pub pages: Vec<usize>,
    /// Where `name` sorts (see [`crate::collate`]).
    sort_key: Vec<u8>,
}

impl Term {
    fn new(name: &str, slug: String) -> Self {
        Term {
            name: name.to_string(),
            slug,
            pages: Vec::new(),
            sort_key: collate::sort_key(name),
        }
    }

    fn rename(&mut self, name: &str) {
        self.name.replace_range(.., name);
        self.sort_key = collate::sort_key(name);
    }
}

/// Each article's place in `order` (the site's reading order), by its
/// index in the site's pages: `usize::MAX` for one not in it. What
/// [`Terms::update`] takes.
fn ranks(site: &Site, order: &[usize]) -> Vec<usize> {
    let mut rank = vec![usize::MAX; site.pages.len()];
    for (at, &p) in order.iter().enumerate() {
        rank[p] = at;
    }
    rank
}

/// Where article `p` of `site` is filed in the index of titles: the
/// collation key of its [`Site::filing_title`].
fn filing_key(site: &Site, p: usize) -> Arc<[u8]> {
    collate::sort_key(site.filing_title(p)).into()
}

/// Terms in the order their index lists them: by name, collated (see
/// [`crate::collate`]), then by slug where two names collate alike (one
/// with a composed `é`, one with `e` and an accent after it).
fn sort_terms(list: &mut [Term]) {
    list.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then_with(|| a.slug.cmp(&b.slug)));
}

/// Every tag (or author) of the site, and where their pages go.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    pub kind: Kind,
    /// The folder of their pages, `tags/`.
    pub base: String,
    /// Whether the theme makes their index (`tags.html`).
    pub index: bool,
    /// By name, as the index lists them (collated: `Élisée` under E).
    pub list: Vec<Term>,
    /// Their places in `list`, by slug.
    by_slug: HashMap<String, usize, ahash::RandomState>,
    /// For the index of titles, each article's filing key (the collation
    /// key of [`Site::filing_title`]), by its index in the site's
    /// pages (empty for one not in the index); for other kinds, none.
    /// Kept so that `serve` files the texts it changed among the others
    /// without collating every title again (10,000 at 10,000 articles).
    filing: Vec<Arc<[u8]>>,
}

/// A term's slug: empty if it has no letter or digit (it then has no
/// page). At most [`MAX_SLUG`] bytes: a folder's name has a limit (255
/// bytes on most file systems), and a tag may be a whole phrase.
pub fn term_slug(name: &str) -> String {
    let mut slug = slugify(name);
    if slug.len() > MAX_SLUG {
        let mut end = MAX_SLUG;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        slug.truncate(slug.trim_end_matches('-').len());
    }
    slug
}

/// Whether `name` has a slug, and so a page: it has a letter or digit.
/// What `term_slug(name).is_empty()` says, without making the slug (each
/// article's tags are checked as it renders).
pub fn has_slug(name: &str) -> bool {
    name.chars().any(char::is_alphanumeric)
}

/// The longest slug of a term, in bytes.
pub const MAX_SLUG: usize = 120;

impl Terms {
    /// The terms of kind `kind` of `site`'s published articles, their
    /// pages in `base`.
    /// `order` is the site's [`Site::reading_order`].
    pub fn of(kind: Kind, site: &Site, order: &[usize], base: String, index: bool) -> Self {
        // (aHash: `serve` takes the terms again after each batch that may
        // change them, some 40,000 names at 10,000 articles.)
        let mut by_slug: HashMap<String, usize, ahash::RandomState> = HashMap::default();
        // Each spelling slugified once: the term it is, if any.
        let mut by_name: HashMap<String, Option<usize>, ahash::RandomState> = HashMap::default();
        let mut list: Vec<Term> = Vec::new();
        // For the index of titles, each text's letter and filing key, from
        // one look at its filing title (in parallel: collating is most of
        // the work); for other kinds, none.
        let filed: Vec<(String, Arc<[u8]>)> = match kind {
            Kind::Titles => order
                .par_iter()
                .map(|&p| {
                    let title = site.filing_title(p);
                    (collate::index_letter(title), collate::sort_key(title).into())
                })
                .collect(),
            Kind::Tags | Kind::Authors | Kind::Translators => Vec::new(),
        };
        for (at, &p) in order.iter().enumerate() {
            let names = match filed.get(at) {
                Some((letter, _)) => Cow::Borrowed(std::slice::from_ref(letter)),
                None => kind.names_of(site, p),
            };
            for name in names.iter() {
                let k = match by_name.get(name.as_str()) {
                    Some(&k) => k,
                    None => {
                        let slug = kind.slug(name);
                        let k = (!slug.is_empty()).then(|| {
                            *by_slug.entry(slug).or_insert_with_key(|slug| {
                                list.push(Term::new(name, slug.clone()));
                                list.len() - 1
                            })
                        });
                        by_name.insert(name.clone(), k);
                        k
                    }
                };
                let Some(k) = k else {
                    continue;
                };
                // An article that gives one tag twice (or two spellings of
                // it) is listed once.
                if list[k].pages.last() != Some(&p) {
                    list[k].pages.push(p);
                }
            }
        }
        sort_terms(&mut list);
        for (k, term) in list.iter().enumerate() {
            by_slug.insert(term.slug.clone(), k);
        }
        let mut terms = Terms {
            kind,
            base,
            index,
            list,
            by_slug,
            filing: Vec::new(),
        };
        if kind == Kind::Titles {
            terms.filing = vec![Arc::default(); site.pages.len()];
            for (&p, (_, key)) in order.iter().zip(filed) {
                terms.filing[p] = key;
            }
            for term in &mut terms.list {
                // (Stable: those filed alike stay in reading order.)
                term.pages.sort_by(|&a, &b| terms.filing[a].cmp(&terms.filing[b]));
            }
        }
        terms
    }

    /// These terms brought up to date with `site`, where only the articles
    /// `changed` (edited, new or gone) may have other names of this kind,
    /// or another place in the reading order, than these terms have them
    /// with: what [`Terms::of`] makes of the site now. `rank` is each
    /// article's place in the reading order (`usize::MAX` for one not in
    /// it). The others keep their order between them, so each term's
    /// other articles stay in order, and a changed one goes in where its
    /// place is.
    fn update(&mut self, site: &Site, rank: &[usize], changed: &HashSet<usize>) {
        let place = |p: usize| rank.get(p).copied().unwrap_or(usize::MAX);
        let mut is_changed = vec![false; site.pages.len()];
        for &p in changed {
            is_changed[p] = true;
        }
        let is_changed = |p: usize| is_changed.get(p).copied().unwrap_or(false);
        let firsts: Vec<Option<usize>> = self.list.iter().map(|t| t.pages.first().copied()).collect();
        // Out of every term they were in (some 40,000 entries at 10,000
        // articles: a scan is cheaper than finding their old names).
        for term in &mut self.list {
            term.pages.retain(|&p| !is_changed(p));
        }
        // Their filing keys, for the index of titles.
        if self.kind == Kind::Titles {
            self.filing.resize(site.pages.len(), Arc::default());
            for &p in changed {
                if let Some(key) = self.filing.get_mut(p) {
                    *key = match place(p) {
                        usize::MAX => Arc::default(),
                        _ => filing_key(site, p),
                    };
                }
            }
        }
        // Into the terms of their names now, at their places.
        let mut sort = false;
        for &p in changed {
            if place(p) == usize::MAX {
                continue;
            }
            for name in self.kind.names_of(site, p).iter() {
                let slug = self.kind.slug(name);
                if slug.is_empty() {
                    continue;
                }
                let k = match self.by_slug.get(&slug) {
                    Some(&k) => k,
                    None => {
                        sort = true;
                        self.list.push(Term::new(name, slug.clone()));
                        self.by_slug.insert(slug, self.list.len() - 1);
                        self.list.len() - 1
                    }
                };
                let pages = &mut self.list[k].pages;
                let filing = &self.filing;
                let key = |q: usize| (filing.get(q).map_or(&[][..], |k| &k[..]), place(q));
                // (A second spelling of a term it has: listed once.)
                if let Err(at) = pages.binary_search_by(|&q| key(q).cmp(&key(p))) {
                    pages.insert(at, p);
                }
            }
        }
        // Named as their first article spells them now; those left with
        // none gone.
        for (k, term) in self.list.iter_mut().enumerate() {
            let Some(&first) = term.pages.first() else {
                sort = true;
                self.by_slug.remove(&term.slug);
                continue;
            };
            if firsts.get(k).copied().flatten() == Some(first) && !is_changed(first) {
                continue;
            }
            let names = self.kind.names_of(site, first);
            if let Some(name) = names.iter().find(|n| self.kind.slug(n) == term.slug) {
                if *name != term.name {
                    term.rename(name);
                    sort = true;
                }
            }
        }
        if sort {
            self.list.retain(|t| !t.pages.is_empty());
            sort_terms(&mut self.list);
            for (k, term) in self.list.iter().enumerate() {
                if let Some(at) = self.by_slug.get_mut(&term.slug) {
                    *at = k;
                }
            }
        }
    }

    /// Whether their index lists every text too: an index of titles of a
    /// small site's texts (at most [`super::SMALL_SITE`]), which then shows
    /// what each letter's page shows.
    pub fn lists_whole(&self) -> bool {
        self.kind == Kind::Titles && self.list.iter().map(|t| t.pages.len()).sum::<usize>() <= super::SMALL_SITE
    }

    /// Where in `list` the term with slug `slug` is, if there is one.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The address of the page of the term with slug `slug`.
    pub fn path(&self, slug: &str) -> String {
        format!("{}{slug}/", self.base)
    }

    /// The address of their index, if the site has one (the theme has a
    /// template for it, and there are terms), else empty.
    pub fn index_path(&self) -> &str {
        match self.index && !self.list.is_empty() {
            true => &self.base,
            false => "",
        }
    }

    /// Whether the site has a page at `path` (`tags/print/`): a term's, or
    /// their index.
    pub fn has_page(&self, path: &str) -> bool {
        let Some(rest) = path.strip_prefix(self.base.as_str()) else {
            return false;
        };
        match rest.strip_suffix('/') {
            Some(slug) => self.by_slug.contains_key(slug),
            None => rest.is_empty() && !self.index_path().is_empty(),
        }
    }
}

/// The tags, authors and translators of a site, each kind if it has
/// their pages (by [`Kind`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taxonomies {
    kinds: [Option<Terms>; 4],
    /// The warnings on what takes their pages' address, if something does
    /// (see [`taxonomies`]).
    pub warnings: Vec<Diagnostic>,
}

impl Taxonomies {
    pub fn get(&self, kind: Kind) -> Option<&Terms> {
        self.kinds[kind as usize].as_ref()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Terms> {
        self.kinds.iter().flatten()
    }

    /// Whether the site has a term's page, or an index, at `path`.
    pub fn has_page(&self, path: &str) -> bool {
        self.iter().any(|t| t.has_page(path))
    }

    /// Whether any articles are listed by a term.
    pub fn any(&self) -> bool {
        self.iter().any(|t| !t.list.is_empty())
    }

    /// The index of titles brought up to date with `site`, where only the
    /// articles `refiled` are filed under other titles (not letters) than
    /// it has them under: each is filed again within its letter.
    pub fn refile(&mut self, site: &Site, refiled: &HashSet<usize>) {
        let Some(titles) = self.kinds[Kind::Titles as usize]
            .as_mut()
            .filter(|_| !refiled.is_empty())
        else {
            return;
        };
        titles.update(site, &ranks(site, &site.reading_order()), refiled);
    }

    /// Whether the pages of each kind go where they went in `other`, and
    /// the same things take their addresses.
    pub fn placed_as(&self, other: &Taxonomies) -> bool {
        let bases = |t: &Taxonomies| Kind::ALL.map(|k| t.get(k).map(|t| t.base.clone()));
        bases(self) == bases(other) && self.warnings == other.warnings
    }
}

/// The tags and authors of `site` as `config` and `theme` have their
/// pages made: each kind whose `[…] path` is not empty and whose page
/// template the theme has, unless something else of the site is at that
/// address or below it (then a warning on it says that the site has no
/// such pages). `statics` as in [`Site::output_clashes`].
///
/// `after`: the site's taxonomies before some edits, and the articles
/// those edits changed (edited, new or gone), if only those may have
/// other tags, authors or translators than the taxonomies have them with,
/// or another place in the reading order. Each kind placed as it was is
/// then brought up to date from those articles, not taken again (at
/// 10,000 articles 5-10 ms, some 40,000 names).
pub fn taxonomies<'a>(
    config: &Config,
    theme: &Theme,
    site: &Site,
    statics: impl IntoIterator<Item = (&'a str, String)>,
    shown_content: &Path,
    after: Option<(&Taxonomies, &HashSet<usize>)>,
) -> Taxonomies {
    let order = site.reading_order();
    let rank = match after {
        Some(_) => ranks(site, &order),
        None => Vec::new(),
    };
    let terms = |kind: Kind, base: String, index: bool| {
        let was = after.and_then(|(old, changed)| Some((old.get(kind).filter(|was| was.base == base)?, changed)));
        match was {
            Some((was, changed)) => {
                let mut terms = was.clone();
                terms.index = index;
                terms.update(site, &rank, changed);
                terms
            }
            None => Terms::of(kind, site, &order, base, index),
        }
    };
    let statics: Vec<(&str, String)> = statics.into_iter().collect();
    let mut out = Taxonomies::default();
    for kind in Kind::ALL {
        let path = kind.path(config);
        if path.is_empty() || !theme.uses.contains_key(kind.page_template()) {
            continue;
        }
        let base = format!("{path}/");
        match taken(site, &base, &statics, shown_content) {
            None => {
                let index = theme.uses.contains_key(kind.index_template());
                out.kinds[kind as usize] = Some(terms(kind, base, index));
            }
            Some((file, line, what)) => out.warnings.push(Diagnostic {
                path: file,
                line,
                col: usize::from(line > 0),
                severity: Severity::Warning,
                message: format!(
                    "{what} is at `/{base}`, where the {pages} {go}: the site has no {pages} \
                     (move it, or set `[{many}] path` in book.toml to put them elsewhere)",
                    pages = kind.pages_name().0,
                    go = kind.pages_name().1,
                    many = kind.many(),
                ),
            }),
        }
    }
    out
}

/// What of the site is at `base` (`tags/`, one folder below the root) or
/// below it, first in a fixed order: its file, the line to show, and how a
/// message names it. Only the home page's own articles and the folders
/// right below it need looking at: whatever else is there is in such a
/// folder.
fn taken(
    site: &Site,
    base: &str,
    statics: &[(&str, String)],
    shown_content: &Path,
) -> Option<(PathBuf, usize, String)> {
    let under = |url: &str| url.starts_with(base) || url == base.trim_end_matches('/');
    let home = site.sections.first()?;
    let folders = home.subsections.iter().map(|&s| &site.sections[s]);
    let folders = folders.filter(|s| s.published && under(&s.path)).map(|s| {
        let (file, line) = match &s.index_file {
            Some(f) => (shown_content.join(f), 1),
            None => (shown_content.join(&s.dir), 0),
        };
        (
            file,
            line,
            format!("the folder `{}/`", shown_content.join(&s.dir).display()),
        )
    });
    let articles = home.pages.iter().map(|&i| &site.pages[i]).filter(|p| under(&p.path));
    let articles = articles.map(|page| {
        let file = shown_content.join(&page.file);
        (file.clone(), 1, format!("`{}`", file.display()))
    });
    // (Not the images beside the texts of the pages there.)
    let in_text_folder = |file: &Path| {
        let folder = file.components().next().map(|c| c.as_os_str());
        site.term_folders.iter().any(|f| folder == Some(f.as_ref()))
    };
    let assets = site
        .assets
        .iter()
        .filter(|(file, url)| under(url) && !in_text_folder(file));
    let assets = assets.map(|(file, _)| {
        let file = shown_content.join(file);
        (file.clone(), 0, format!("`{}`", file.display()))
    });
    let statics = statics.iter().filter(|(url, _)| under(url));
    let statics = statics.map(|(_, shown)| (PathBuf::from(shown.trim_matches('`')), 0, shown.clone()));
    // An old address (`aliases`) there: its redirect keeps it too.
    let aliases = site
        .aliases()
        .into_iter()
        .filter(|(_, at)| under(at))
        .map(|(owner, at)| {
            let (file, line) = site.alias_source(owner);
            let file = shown_content.join(file);
            (
                file.clone(),
                line,
                format!("the redirect from `/{at}` (an alias of `{}`)", file.display()),
            )
        });
    folders
        .chain(articles)
        .chain(assets)
        .chain(statics)
        .chain(aliases)
        .min()
}

/// The folders right below the content folder that hold the texts of
/// the tag, author and translator pages (see [`TermTexts`]): each such
/// kind's `path`, if the site has its pages (a path, and the theme's
/// template). Not the index of titles': its letters have no texts.
pub fn text_folders(config: &Config, theme: &Theme) -> Vec<String> {
    [Kind::Tags, Kind::Authors, Kind::Translators]
        .into_iter()
        .filter(|kind| theme.uses.contains_key(kind.page_template()))
        .map(|kind| kind.path(config).to_string())
        .filter(|path| !path.is_empty())
        .collect()
}

/// The texts of the tag, author and translator pages, and of their
/// indexes, by the file's name: `content/authors/ada-pell.md` is the
/// text of the page at `authors/ada-pell/` (Ada Pell's: a biography), and
/// `content/authors/_index.md` that of `authors/` (see
/// [`Site::term_texts`]). Their front matter is read here; their
/// Markdown when their page is rendered.
#[derive(Debug, Default, PartialEq)]
pub struct TermTexts {
    /// By kind and the term's slug (empty for the index): the text's
    /// place in [`Site::term_texts`] and its front matter.
    by_page: HashMap<(Kind, String), (usize, FrontMatter)>,
    /// The other way: each shown text's page, by kind and slug, and its
    /// address.
    pages: HashMap<usize, (Kind, String, String)>,
    /// The addresses of their pages (`authors/ada-pell/`, `authors/`),
    /// those the site has and those it would have.
    paths: HashSet<String>,
    /// What is wrong with them, and the texts that no page shows.
    pub diagnostics: Vec<Diagnostic>,
}

/// How the texts of the tag, author and translator pages changed (see
/// [`TermTexts::changes`]).
#[derive(Debug, Default, PartialEq)]
pub struct TermTextChanges {
    /// The pages to render again, by kind and slug (empty for an index).
    pub pages: BTreeSet<(Kind, String)>,
    /// The texts no longer shown, by place in the list of files, with the
    /// address of the page that showed them.
    pub hidden: Vec<(usize, String)>,
}

/// What the front matter of the text of a tag's or an author's page says.
const TERM_TEXT_KEYS: [&str; 3] = ["description", "lang", "draft"];

impl TermTexts {
    /// Reads the front matter of the term texts `files` (a site's
    /// [`Site::term_texts`]), from `content` (shown
    /// as `shown_content` in messages), for the pages `taxonomies` has.
    pub fn read(
        files: &[PathBuf],
        taxonomies: &Taxonomies,
        config: &Config,
        content: &Path,
        shown_content: &Path,
        drafts: bool,
    ) -> Self {
        let mut texts = TermTexts::default();
        let kind_of = |file: &Path| {
            let folder = file.components().next()?.as_os_str();
            [Kind::Tags, Kind::Authors, Kind::Translators]
                .into_iter()
                .find(|kind| folder == kind.path(config))
        };
        let mut of_page: HashMap<(Kind, String), &Path> = HashMap::new();
        for (t, file) in files.iter().enumerate() {
            let shown = shown_content.join(file);
            let Some(kind) = kind_of(file) else { continue };
            // Gone since the folder was walked (`serve` keeps the place
            // of one deleted, for the others' places to stay).
            if std::fs::symlink_metadata(content.join(file)).is_err() {
                continue;
            }
            let warn = |texts: &mut TermTexts, line: usize, message: String| {
                texts.diagnostics.push(Diagnostic {
                    path: shown.clone(),
                    line,
                    col: usize::from(line > 0),
                    severity: Severity::Warning,
                    message,
                });
            };
            let text = match crate::content::read_text(&content.join(file)) {
                Ok(text) => text,
                Err((line, message)) => {
                    texts.diagnostics.push(Diagnostic {
                        path: shown,
                        line,
                        col: 1,
                        severity: Severity::Error,
                        message,
                    });
                    continue;
                }
            };
            // (Its warnings are its page's: see [`TermTexts::slips`].)
            let mut problems = Vec::new();
            let meta = match split_front_matter(&text) {
                Ok(split) => parse_front_matter(&split, false, &mut problems),
                // (An empty file says nothing yet.)
                Err(_) if text.trim().is_empty() => Some(FrontMatter::default()),
                Err(p) => {
                    problems.push(p);
                    None
                }
            };
            texts
                .diagnostics
                .extend(diagnostics_for(&shown, Some(&text), problems, 0));
            let Some(meta) = meta else { continue };
            if meta.draft && !drafts {
                continue;
            }
            let Some(terms) = taxonomies.get(kind) else {
                let (pages, _) = kind.pages_name();
                warn(
                    &mut texts,
                    0,
                    format!("not shown: the site has no {pages} (see the warning on what is at their address)"),
                );
                continue;
            };
            let stem = file.file_stem().unwrap_or_default().to_string_lossy();
            let slug = match stem == "_index" || terms.position(&stem).is_some() {
                true if stem == "_index" => String::new(),
                true => stem.to_string(),
                false => kind.slug(&stem),
            };
            // Its page's address, whether the site has that page now or not
            // (`serve` builds the site again when it comes or goes).
            let path = match slug.is_empty() {
                true => terms.base.clone(),
                false => terms.path(&slug),
            };
            texts.paths.insert(path.clone());
            let shown_now = match slug.is_empty() {
                true => !terms.index_path().is_empty(),
                false => terms.position(&slug).is_some(),
            };
            if !shown_now {
                let message = match slug.is_empty() {
                    true => format!(
                        "not shown: the site has no index of the {} (the theme has no `{}`, or no text has one)",
                        kind.pages_name().0,
                        kind.index_template()
                    ),
                    false => {
                        let meant = nearest(&slug, terms.list.iter().map(|t| t.slug.as_str()));
                        let meant = meant.map(|m| format!(": did you mean `{m}.md`?")).unwrap_or_default();
                        format!(
                            "not shown: no text of the site has the {one} this file names, so there is no page \
                             at `/{}{slug}/` (the file is named as the {one}'s page's address){meant}",
                            terms.base,
                            one = kind.one()
                        )
                    }
                };
                warn(&mut texts, 0, message);
                continue;
            }
            if let Some(other) = of_page.insert((kind, slug.clone()), file) {
                texts.diagnostics.push(Diagnostic {
                    path: shown,
                    line: 0,
                    col: 0,
                    severity: Severity::Error,
                    message: format!(
                        "`{}` and this file are both the text of the page at `/{path}`: keep one",
                        shown_content.join(other).display()
                    ),
                });
                continue;
            }
            texts.pages.insert(t, (kind, slug.clone(), path));
            texts.by_page.insert((kind, slug), (t, meta));
        }
        texts
    }

    /// The text of the page of `kind`'s term `slug` (its index's for an
    /// empty slug): its place in [`Site::term_texts`] and front matter.
    pub fn of(&self, kind: Kind, slug: &str) -> Option<(usize, &FrontMatter)> {
        self.by_page.get(&(kind, slug.to_string())).map(|(t, meta)| (*t, meta))
    }

    /// The warnings on the front matter `split` of a text of `kind`'s
    /// pages that its page shows (`index`: their index's), `meta` as
    /// read from it: keys that look like slips, and keys of a text's that
    /// it does not read. (Given when its page is rendered, as `serve`
    /// renders it again, with the rest of its problems.)
    pub fn slips(kind: Kind, index: bool, split: &Split, meta: &FrontMatter) -> Vec<Problem> {
        let mut problems = key_slips(split, meta);
        let what = match index {
            true => format!("the text of the index of the {}", kind.pages_name().0),
            false => format!("the text of {} {}'s page", a_or_an(kind.one()), kind.one()),
        };
        problems.extend(unread_keys(split, &TERM_TEXT_KEYS, &what));
        problems.sort_by_key(|p| p.offset);
        problems
    }

    /// The pages (by kind and the term's slug, empty for an index) that
    /// show their texts otherwise in `now` (the same files read again,
    /// maybe with new ones after them, those gone read as none) than
    /// here: those whose text is new to them, gone from them, says
    /// something new in its front matter or is one of `saved` (by place
    /// in the list of files), and the index of their kind when the
    /// description or language it lists beside a term changed; and the
    /// texts shown here that are not in `now` (gone, or drafts), by
    /// place, with the address of the page that showed them. None if a
    /// text is shown on another page than here.
    pub fn changes(&self, now: &TermTexts, saved: &[usize]) -> Option<TermTextChanges> {
        fn listed(meta: Option<&FrontMatter>) -> (&str, &str) {
            meta.map_or(("", ""), |m| (&m.description, &m.lang))
        }
        let mut changes = TermTextChanges::default();
        for (t, (kind, slug, path)) in &self.pages {
            match now.pages.get(t) {
                Some(page) if page == &(*kind, slug.clone(), path.clone()) => {}
                Some(_) => return None,
                None => changes.hidden.push((*t, path.clone())),
            }
        }
        for (page, (_, meta)) in &self.by_page {
            if !now.by_page.contains_key(page) {
                changes.pages.insert(page.clone());
                if !page.1.is_empty() && listed(Some(meta)) != listed(None) {
                    changes.pages.insert((page.0, String::new()));
                }
            }
        }
        for (page, (t, meta)) in &now.by_page {
            let was = self.by_page.get(page);
            if was.is_none_or(|(u, m)| u != t || m != meta) || saved.contains(t) {
                changes.pages.insert(page.clone());
            }
            if !page.1.is_empty() && listed(was.map(|(_, m)| m)) != listed(Some(meta)) {
                changes.pages.insert((page.0, String::new()));
            }
        }
        Some(changes)
    }

    /// Whether the page at `path` shows a text of its own, or would if
    /// the site had it.
    pub fn at(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// The page that shows text `t` (by its place in
    /// [`Site::term_texts`]), if one does: its kind, its term's slug
    /// (empty for an index) and its address.
    pub fn page_of(&self, t: usize) -> Option<(Kind, &str, &str)> {
        self.pages
            .get(&t)
            .map(|(kind, slug, path)| (*kind, slug.as_str(), path.as_str()))
    }
}

fn a_or_an(word: &str) -> &'static str {
    match word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        true => "an",
        false => "a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_enough_for_a_folder_name() {
        assert_eq!(term_slug("Mutual aid"), "mutual-aid");
        assert_eq!(term_slug("Tomás Ferrier"), "tomás-ferrier");
        assert_eq!(term_slug("--"), "");
        for name in ["--", "!", "", "Mutual aid", "é", "٣"] {
            assert_eq!(has_slug(name), !term_slug(name).is_empty(), "{name}");
        }
        // A phrase of 400 bytes, and one of two-byte letters cut inside
        // a letter's bytes: cut at a letter, without a trailing `-`.
        let long = "word ".repeat(80);
        let slug = term_slug(&long);
        assert!(
            slug.len() <= MAX_SLUG && slug.starts_with("word-word") && !slug.ends_with('-'),
            "{slug}"
        );
        let accents = format!("a{}", "é".repeat(200));
        let slug = term_slug(&accents);
        assert!(slug.len() <= MAX_SLUG && slug.len() >= MAX_SLUG - 1, "{}", slug.len());
    }
}

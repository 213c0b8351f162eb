//! What templates see: plain serialisable views of the site's metadata,
//! borrowed, not copied. Documented for theme authors in docs/theming.md.

use std::collections::{BTreeMap, HashMap};

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::collate;
use crate::config::Config;
use crate::content::{Site, Target, Translations};
use crate::markdown::html::slugify;
use crate::markdown::{Heading, Rendered};
use crate::render::feed::Feeds;
use crate::render::taxonomy::{term_slug, Kind, Taxonomies, Term, Terms};

#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub title: &'a str,
    pub path: &'a str,
    /// The language of the title: its text's (see [`Site::lang_of`]),
    /// else the site's.
    pub lang: &'a str,
}

impl<'a> Link<'a> {
    /// A link to an article or a section, with its title.
    pub fn to(site: &'a Site, config: &'a Config, target: Target) -> Self {
        Link {
            title: site.title_of(target),
            path: site.path_of(target),
            lang: site.lang_of(target).unwrap_or(&config.language),
        }
    }
}

/// Serialises a struct as one flat map: the fields of its first field (a
/// [`Meta`], or another struct made by this macro), then its own listed
/// fields. What `#[serde(flatten)]` does, without serde's detour through
/// map serialisation, which makes a string of every key of every value.
macro_rules! flat_serialize {
    ($ty:ident { $inner:ident: $inner_ty:ident, $($field:ident),* $(,)? }) => {
        impl $ty<'_> {
            const FIELDS: usize = $inner_ty::FIELDS + [$(stringify!($field)),*].len();

            fn fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
                self.$inner.fields(st)?;
                $(st.serialize_field(stringify!($field), &self.$field)?;)*
                Ok(())
            }
        }

        impl Serialize for $ty<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct(stringify!($ty), Self::FIELDS)?;
                self.fields(&mut st)?;
                st.end()
            }
        }
    };
}

/// Front-matter fields every page and section shows the same way (in the
/// views below, beside their own fields).
pub struct Meta<'a> {
    pub title: &'a str,
    pub authors: &'a [String],
    pub author_display: String,
    pub translators: &'a [String],
    pub translator_display: String,
    pub date: String,
    pub date_display: String,
    pub source: &'a str,
    pub tags: &'a [String],
    pub description: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The text's language (see [`Site::lang_of`]), else the site's.
    pub lang: &'a str,
}

impl<'a> Meta<'a> {
    const FIELDS: usize = 12;

    fn fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        let Meta {
            title,
            authors,
            author_display,
            translators,
            translator_display,
            date,
            date_display,
            source,
            tags,
            description,
            extra,
            lang,
        } = self;
        st.serialize_field("title", title)?;
        st.serialize_field("authors", authors)?;
        st.serialize_field("author_display", author_display)?;
        st.serialize_field("translators", translators)?;
        st.serialize_field("translator_display", translator_display)?;
        st.serialize_field("date", date)?;
        st.serialize_field("date_display", date_display)?;
        st.serialize_field("source", source)?;
        st.serialize_field("tags", tags)?;
        st.serialize_field("description", description)?;
        st.serialize_field("extra", extra)?;
        st.serialize_field("lang", lang)
    }

    /// `target`'s front matter as templates see it, its names and date in
    /// the site's words.
    pub fn of(site: &'a Site, config: &'a Config, target: Target) -> Self {
        let fm = site.meta_of(target);
        let words = &config.words;
        Meta {
            title: &fm.title,
            authors: &fm.authors,
            author_display: words.authors(&fm.authors),
            translators: &fm.translators,
            translator_display: words.names(&fm.translators, ""),
            date: fm.date.map(|d| d.iso()).unwrap_or_default(),
            date_display: fm.date.map(|d| words.date(&d)).unwrap_or_default(),
            source: &fm.source,
            tags: &fm.tags,
            description: &fm.description,
            extra: &fm.extra,
            lang: site.lang_of(target).unwrap_or(&config.language),
        }
    }
}

pub struct PageSummary<'a> {
    pub meta: Meta<'a>,
    pub path: &'a str,
}

flat_serialize!(PageSummary { meta: Meta, path });

/// A section below the one a page shows: what a link to it needs, and
/// the sections below it in turn (their articles are in [`TreeEntry`]).
pub struct SectionSummary<'a> {
    pub meta: Meta<'a>,
    pub path: &'a str,
    pub page_count: usize,
    pub subsections: Vec<SectionSummary<'a>>,
}

flat_serialize!(SectionSummary {
    meta: Meta,
    path,
    page_count,
    subsections
});

pub fn page_summary<'a>(site: &'a Site, config: &'a Config, page: usize) -> PageSummary<'a> {
    PageSummary {
        meta: Meta::of(site, config, Target::Page(page)),
        path: &site.pages[page].path,
    }
}

/// Section `section` and every section below it.
pub fn section_summary<'a>(site: &'a Site, config: &'a Config, section: usize) -> SectionSummary<'a> {
    let s = &site.sections[section];
    SectionSummary {
        meta: Meta::of(site, config, Target::Section(section)),
        path: &s.path,
        page_count: s.pages.len(),
        subsections: s
            .subsections
            .iter()
            .map(|&c| section_summary(site, config, c))
            .collect(),
    }
}

/// One section of the tree below a section page, flattened into reading
/// order so that a template lists the whole tree with one `for` loop
/// (Tera 2 has no recursive macros). Templates also see its `pages`: the
/// summaries of its articles when its level is listed, else none (added
/// by [`section_value`]).
pub struct TreeEntry<'a> {
    pub meta: Meta<'a>,
    pub path: &'a str,
    pub page_count: usize,
    /// 2 for the sections right below the page's, 3 below those, ….
    pub depth: usize,
    /// `depth` capped at 6, for an `<h{{ level }}>`.
    pub level: usize,
    /// How many tree sections end right after this one (itself included
    /// when it has no sections below it): the `</section>`s to close.
    pub closes: usize,
    /// The section, and whether its articles are listed (for Rust, not
    /// templates).
    pub section: usize,
    pub listed: bool,
}

flat_serialize!(TreeEntry {
    meta: Meta,
    path,
    page_count,
    depth,
    level,
    closes
});

/// The sections below `section`, depth first; those of the first
/// `page_levels` levels (counting the section's own as the first) list
/// their articles.
pub fn section_tree<'a>(site: &'a Site, config: &'a Config, section: usize, page_levels: usize) -> Vec<TreeEntry<'a>> {
    fn walk<'a>(
        site: &'a Site,
        config: &'a Config,
        s: usize,
        depth: usize,
        page_levels: usize,
        out: &mut Vec<TreeEntry<'a>>,
    ) {
        let sec = &site.sections[s];
        out.push(TreeEntry {
            meta: Meta::of(site, config, Target::Section(s)),
            path: &sec.path,
            page_count: sec.pages.len(),
            depth,
            level: depth.min(6),
            closes: 0,
            section: s,
            listed: depth - 1 < page_levels,
        });
        for &c in &sec.subsections {
            walk(site, config, c, depth + 1, page_levels, out);
        }
        if let Some(last) = out.last_mut() {
            last.closes += 1;
        }
    }
    let mut out = Vec::new();
    for &c in &site.sections[section].subsections {
        walk(site, config, c, 2, page_levels, &mut out);
    }
    out
}

pub fn ancestors<'a>(site: &'a Site, config: &'a Config, section: usize) -> Vec<Link<'a>> {
    site.ancestors(section)
        .into_iter()
        .map(|s| Link::to(site, config, Target::Section(s)))
        .collect()
}

/// A tag (or author) as an article shows it: as the article spells it,
/// and the address of its page (empty if it has none).
#[derive(Serialize)]
pub struct TermLink<'a> {
    pub name: &'a str,
    pub path: String,
}

/// An article's tags (or authors) `names`, each linked to its page if it
/// has one.
pub fn term_links<'a>(terms: Option<&Terms>, names: &'a [String]) -> Vec<TermLink<'a>> {
    names
        .iter()
        .map(|name| {
            let slug = terms.map(|_| term_slug(name)).unwrap_or_default();
            let path = match terms {
                Some(terms) if !slug.is_empty() => terms.path(&slug),
                _ => String::new(),
            };
            TermLink { name, path }
        })
        .collect()
}

pub struct PageView<'a> {
    pub meta: Meta<'a>,
    pub tag_links: Vec<TermLink<'a>>,
    pub author_links: Vec<TermLink<'a>>,
    pub translator_links: Vec<TermLink<'a>>,
    pub slug: &'a str,
    pub path: &'a str,
    pub content: &'a str,
    pub notes: usize,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// The text's contents (its headings, nested), if it shows them; see
    /// [`contents`].
    pub toc: Vec<TocEntry<'a>>,
    /// The text it translates (`translation_of`), if it is a translation.
    pub original: Option<Version<'a>>,
    /// Its translations: the texts whose `translation_of` is this one.
    pub translations: Vec<Version<'a>>,
    pub section: Link<'a>,
    pub ancestors: Vec<Link<'a>>,
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    /// `review/issue-1/rota/rota.epub`, with `[print] epub_texts = true`.
    pub epub_path: Option<String>,
    /// The site path of its cover image (`cover`), escaped for an `src`
    /// (`pamphlets/front%20cover.jpg`), or empty.
    pub cover: String,
    /// When it was last revised (`updated`), as `date` and `date_display`
    /// have its date; or empty.
    pub updated: String,
    pub updated_display: String,
}

flat_serialize!(PageView {
    meta: Meta,
    tag_links,
    author_links,
    translator_links,
    slug,
    path,
    content,
    notes,
    word_count,
    reading_minutes,
    toc,
    original,
    translations,
    section,
    ancestors,
    prev,
    next,
    epub_path,
    cover,
    updated,
    updated_display
});

/// What a section's page shows of it, but its articles; see
/// [`section_value`].
struct SectionView<'a> {
    summary: SectionSummary<'a>,
    content: &'a str,
    ancestors: Vec<Link<'a>>,
    /// `review/issue-1/print/` for sections with articles.
    print_path: Option<String>,
    /// `review/issue-1/print/review-issue-1.epub`, with `[print] epub`.
    epub_path: Option<String>,
    /// The site path of its cover image (`review/issue-1/cover.jpg`),
    /// escaped for an `src`, or empty.
    cover: &'a str,
}

flat_serialize!(SectionView {
    summary: SectionSummary,
    content,
    ancestors,
    print_path,
    epub_path,
    cover
});

/// A serialisable value as a map, to add to.
fn map_of(view: &impl Serialize) -> tera::Map {
    tera::Value::from_serializable(view)
        .into_map()
        .expect("a struct serialises to a map")
}

/// What a section's page (or print page) shows of it, as templates see
/// it: its summary, `content`, `ancestors`, `print_path` and `epub_path`
/// (`print_path` `None` on a print page), its own articles
/// (`pages`) and the `tree` of sections below ([`section_tree`], with
/// `page_levels` as there). The articles' summaries come from `summary`,
/// which makes each once for all the listings that show it; each tree
/// entry's `cover` from `cover_of` (the folder's, escaped for an `src`,
/// or empty).
pub fn section_value(
    site: &Site,
    config: &Config,
    section: usize,
    page_levels: usize,
    content: &str,
    (print_path, epub_path, cover): (Option<String>, Option<String>, &str),
    (summary, cover_of): (&(dyn Fn(usize) -> tera::Value + Sync), &dyn Fn(usize) -> String),
) -> tera::Value {
    let summaries =
        |s: usize| tera::Value::from(site.sections[s].pages.iter().map(|&p| summary(p)).collect::<Vec<_>>());
    let tree: Vec<tera::Value> = section_tree(site, config, section, page_levels)
        .into_iter()
        .map(|entry| {
            let mut map = map_of(&entry);
            let pages = if entry.listed {
                summaries(entry.section)
            } else {
                tera::Value::from(Vec::<tera::Value>::new())
            };
            map.insert("pages".into(), pages);
            map.insert("cover".into(), tera::Value::from(cover_of(entry.section)));
            tera::Value::from(map)
        })
        .collect();
    let mut map = map_of(&SectionView {
        summary: section_summary(site, config, section),
        content,
        ancestors: ancestors(site, config, section),
        print_path,
        epub_path,
        cover,
    });
    map.insert("pages".into(), summaries(section));
    map.insert("tree".into(), tera::Value::from(tree));
    tera::Value::from(map)
}

/// A tag's (or an author's) articles from one section, as its page lists
/// them.
#[derive(Serialize)]
struct TermGroup<'a> {
    title: &'a str,
    path: &'a str,
    lang: &'a str,
    /// The sections above it, below the home page.
    trail: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    page_count: usize,
}

impl<'a> TermView<'a> {
    fn of(terms: &Terms, term: &'a Term) -> Self {
        TermView {
            name: &term.name,
            slug: &term.slug,
            path: terms.path(&term.slug),
            page_count: term.pages.len(),
        }
    }
}

/// What a tag's (or an author's) page shows of it, as templates see it:
/// `name`, `slug`, `path`, `page_count`, and `sections`: its articles by
/// the section they are in (`title`, `path`, `trail`: the sections above,
/// below the home page; `pages`: the summaries, from `summary`), in
/// reading order. A letter of the index of titles has `pages` instead:
/// its texts by title, as they are filed ([`Term::pages`]).
pub fn term_value(
    site: &Site,
    config: &Config,
    terms: &Terms,
    term: &Term,
    summary: &(dyn Fn(usize) -> tera::Value + Sync),
) -> tera::Value {
    if terms.kind == Kind::Titles {
        return tera::Value::from(letter_map(terms, term, Some(summary)));
    }
    let mut sections = Vec::new();
    let mut at = 0;
    while at < term.pages.len() {
        let s = site.pages[term.pages[at]].section;
        let run = term.pages[at..]
            .iter()
            .take_while(|&&p| site.pages[p].section == s)
            .count();
        let mut trail = ancestors(site, config, s);
        trail.pop();
        if !trail.is_empty() {
            trail.remove(0);
        }
        let Link { title, path, lang } = Link::to(site, config, Target::Section(s));
        let mut map = map_of(&TermGroup {
            title,
            path,
            lang,
            trail,
        });
        let pages: Vec<tera::Value> = term.pages[at..at + run].iter().map(|&p| summary(p)).collect();
        map.insert("pages".into(), tera::Value::from(pages));
        sections.push(tera::Value::from(map));
        at += run;
    }
    let mut map = map_of(&TermView::of(terms, term));
    map.insert("sections".into(), tera::Value::from(sections));
    tera::Value::from(map)
}

/// A letter of the index of titles as [`TermView`] has it, with `pages`:
/// its texts' summaries (by `summary`), in the order they are filed, or
/// none without `summary`.
fn letter_map(terms: &Terms, letter: &Term, summary: Option<&(dyn Fn(usize) -> tera::Value + Sync)>) -> tera::Map {
    let mut map = map_of(&TermView::of(terms, letter));
    let pages: Vec<tera::Value> = match summary {
        Some(summary) => letter.pages.iter().map(|&p| summary(p)).collect(),
        None => Vec::new(),
    };
    map.insert("pages".into(), tera::Value::from(pages));
    map
}

/// The letters of the index of titles as their index shows them: each
/// as [`terms_values`] has it, with `id` (`letter-e`, for a link to its
/// heading) and `pages`: its texts' summaries by title if `whole` (a
/// small site's index lists them all), else none.
pub fn letters_value(terms: &Terms, whole: bool, summary: &(dyn Fn(usize) -> tera::Value + Sync)) -> tera::Value {
    let letters: Vec<tera::Value> = terms
        .list
        .iter()
        .map(|letter| {
            let mut map = letter_map(terms, letter, whole.then_some(summary));
            map.insert("id".into(), tera::Value::from(format!("letter-{}", letter.slug)));
            tera::Value::from(map)
        })
        .collect();
    tera::Value::from(letters)
}

/// Every term of `terms` (`name`, `slug`, `path`, `page_count`), by
/// name: the list of [`terms_values`], and the letters a letter's page of
/// the index of titles leads to.
pub fn terms_list(terms: &Terms) -> Vec<tera::Value> {
    terms
        .list
        .iter()
        .map(|t| tera::Value::from_serializable(&TermView::of(terms, t)))
        .collect()
}

/// Every tag (or author) as their index shows it: `name`, `slug`, `path`,
/// `page_count`, `description` and `lang` (its page's text's description,
/// from `about` its slug, else empty, and its language, else the site's),
/// by name (collated); and the same
/// by the letter a long index lists them under
/// ([`collate::index_letter`]), each with `letter`, `id` (`letter-e`, for
/// a link to its heading) and `terms`.
pub fn terms_values<'d>(terms: &Terms, about: impl Fn(&str) -> (&'d str, &'d str)) -> (tera::Value, tera::Value) {
    // Each entry serialised at once, into a map of its size: a
    // `TermView`'s map with two keys added grows once and is copied again
    // into its value, twice the work for an index of thousands of
    // authors. (Nor `#[serde(flatten)]`: a map of unknown size.)
    #[derive(Serialize)]
    struct Entry<'a> {
        name: &'a str,
        slug: &'a str,
        path: String,
        page_count: usize,
        description: &'a str,
        lang: &'a str,
    }
    let list: Vec<tera::Value> = terms
        .list
        .iter()
        .map(|t| {
            let TermView {
                name,
                slug,
                path,
                page_count,
            } = TermView::of(terms, t);
            let (description, lang) = about(slug);
            tera::Value::from_serializable(&Entry {
                name,
                slug,
                path,
                page_count,
                description,
                lang,
            })
        })
        .collect();
    let mut letters: Vec<(String, Vec<tera::Value>)> = Vec::new();
    for (term, value) in terms.list.iter().zip(&list) {
        let letter = collate::index_letter(&term.name);
        match letters.last_mut() {
            Some((last, run)) if *last == letter => run.push(value.clone()),
            _ => letters.push((letter, vec![value.clone()])),
        }
    }
    // A letter that comes again after another (a name whose first letter
    // collates apart from its kind) gets a heading of its own again.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let letters: Vec<tera::Value> = letters
        .into_iter()
        .map(|(letter, run)| {
            let base = match slugify(&letter) {
                slug if slug.is_empty() => "letter-other".to_string(),
                slug => format!("letter-{slug}"),
            };
            let seen = ids.entry(base.clone()).or_default();
            *seen += 1;
            let id = if *seen == 1 { base } else { format!("{base}-{seen}") };
            let mut map = tera::Map::new();
            map.insert("letter".into(), tera::Value::from(letter));
            map.insert("id".into(), tera::Value::from(id));
            map.insert("terms".into(), tera::Value::from(run));
            tera::Value::from(map)
        })
        .collect();
    (tera::Value::from(list), tera::Value::from(letters))
}

/// The relative path from a page at `path` back to the site root.
/// The site's root as a path from the host's (`/`, or `/zine/` for a
/// `base_url` of `https://example.org/zine/`): where the links of a page
/// that may be shown at any address start.
pub fn site_root(base_url: &str) -> String {
    let after_host = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |k| &rest[k..]),
        None => "",
    };
    let path = after_host.split(['?', '#']).next().unwrap_or("").trim_matches('/');
    match path {
        "" => "/".to_string(),
        path => format!("/{path}/"),
    }
}

pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// What every template sees besides `page` or `section`: derived here once
/// so templates need no `is defined` tests (slow in Tera) to find them;
/// `config` too, see [`Common::into_context`].
pub struct Common<'a> {
    /// Relative path from this page to the site root, `../../`.
    pub root: String,
    pub generator: &'static str,
    /// The page size from `[print] page_size`, see [`print_page_css`].
    pub print_page_css: String,
    /// `print-notes-end` when `[print] notes = "end"`.
    pub body_class: &'static str,
    /// The language of the page's own words (the site's, as its words
    /// are): `<html lang>`. A text in another language has its own
    /// (`page.lang`, `section.lang`), for the theme to mark the text with.
    pub lang: &'a str,
    /// The page's description, else the site's.
    pub description: &'a str,
    /// `base_url` + path, or empty without a `base_url`.
    pub canonical: String,
    /// Links from the home page down to the page's parent, as a value: an
    /// article's page and a print page have the list in their own value
    /// already (`ancestors`), and share it.
    pub breadcrumbs: tera::Value,
    /// The first folder of the page's address (`review/`), whose feed
    /// its head names with the site's.
    pub publication: String,
}

impl<'a> Common<'a> {
    pub fn new(config: &'a Config, path: &str) -> Self {
        Common {
            publication: path.split_inclusive('/').next().unwrap_or_default().to_string(),
            root: root_of(path),
            generator: "samizdat",
            print_page_css: print_page_css(&config.print.page_size).to_string(),
            body_class: if config.print.notes == "end" {
                "print-notes-end"
            } else {
                ""
            },
            lang: &config.language,
            description: &config.description,
            canonical: if config.base_url.is_empty() {
                String::new()
            } else {
                format!("{}/{path}", config.base_url.trim_end_matches('/'))
            },
            breadcrumbs: tera::Value::from(Vec::<tera::Value>::new()),
        }
    }

    /// Sets the description where the page has its own.
    pub fn with_description(mut self, description: &'a str) -> Self {
        if !description.is_empty() {
            self.description = description;
        }
        self
    }

    /// Prints `title` at the top of every printed page but the first.
    pub fn with_running_title(mut self, title: &str) -> Self {
        let css = &mut self.print_page_css;
        css.push_str(" @page { @top-center { content: ");
        css.push_str(&css_string(title));
        css.push_str("; } } @page :first { @top-center { content: none; } }");
        self
    }

    pub fn with_breadcrumbs(mut self, breadcrumbs: tera::Value) -> Self {
        self.breadcrumbs = breadcrumbs;
        self
    }

    /// A template context with these values and `config`, the site's
    /// configuration as a value made once per build (and shared, not
    /// serialised again for every page).
    pub fn into_context(self, globals: &Globals) -> tera::Context {
        let Common {
            root,
            generator,
            print_page_css,
            body_class,
            lang,
            description,
            canonical,
            breadcrumbs,
            publication,
        } = self;
        let mut ctx = tera::Context::new();
        ctx.insert_value("config", globals.config.clone());
        ctx.insert_value("words", globals.words.clone());
        ctx.insert_value("root", root.into());
        ctx.insert_value("generator", generator.into());
        ctx.insert_value("print_page_css", print_page_css.into());
        ctx.insert_value("body_class", body_class.into());
        ctx.insert_value("lang", lang.into());
        ctx.insert_value("description", description.into());
        ctx.insert_value("canonical", canonical.into());
        ctx.insert_value("breadcrumbs", breadcrumbs);
        let feeds = globals.publication_feeds.get(&publication).unwrap_or(&globals.feeds);
        ctx.insert_value("feeds", feeds.clone());
        ctx
    }
}

/// What every page's template sees the same: `config` and `words`, as
/// values made once per build (each page's context shares them).
pub struct Globals {
    config: tera::Value,
    words: tera::Value,
    /// The feeds a page names in its head (`{title, path}`): the site's,
    /// and with it each publication's by the publication's address.
    feeds: tera::Value,
    publication_feeds: HashMap<String, tera::Value>,
    /// The feeds those were made from (see [`Feeds::links`]).
    feed_links: BTreeMap<usize, (String, String)>,
}

impl Globals {
    pub fn of(config: &Config) -> Self {
        Globals {
            config: tera::Value::from_serializable(config),
            words: tera::Value::from_serializable(&config.words),
            feeds: tera::Value::from(Vec::<tera::Value>::new()),
            publication_feeds: HashMap::new(),
            feed_links: BTreeMap::new(),
        }
    }

    /// With the site's `feeds` named in the pages' heads.
    pub fn with_feeds(mut self, site: &Site, feeds: &Feeds) -> Self {
        self.set_feeds(site, feeds);
        self
    }

    /// Names the site's `feeds` in the pages' heads from now on, unless
    /// they are named so already (`serve` asks after every save).
    pub fn set_feeds(&mut self, site: &Site, feeds: &Feeds) {
        #[derive(Serialize)]
        struct FeedLink<'a> {
            title: &'a str,
            path: &'a str,
        }
        let links = feeds.links();
        if links == self.feed_links {
            return;
        }
        let value = |path: &str| {
            let links: Vec<FeedLink> = feeds
                .of_page(site, path)
                .map(|f| FeedLink {
                    title: &f.title,
                    path: &f.path,
                })
                .collect();
            tera::Value::from_serializable(&links)
        };
        self.feeds = value("");
        self.publication_feeds = feeds
            .list
            .iter()
            .filter(|f| f.section != 0)
            .map(|f| {
                let path = &site.sections[f.section].path;
                (path.clone(), value(path))
            })
            .collect();
        self.feed_links = links;
    }
}

pub fn page_view<'a>(
    site: &'a Site,
    config: &'a Config,
    taxonomies: &Taxonomies,
    translations: &Translations,
    index: usize,
    rendered: &'a Rendered,
    cover: Option<String>,
) -> PageView<'a> {
    let page = &site.pages[index];
    let words = rendered.words;
    let version = |p: usize| Version::of(site, config, p);
    let (prev, next) = site.neighbours(page);
    let link = |i: usize| Link::to(site, config, Target::Page(i));
    PageView {
        meta: Meta::of(site, config, Target::Page(index)),
        tag_links: term_links(taxonomies.get(Kind::Tags), &page.meta.tags),
        author_links: term_links(taxonomies.get(Kind::Authors), &page.meta.authors),
        translator_links: term_links(taxonomies.get(Kind::Translators), &page.meta.translators),
        slug: &page.slug,
        path: &page.path,
        content: &rendered.html,
        notes: rendered.notes,
        word_count: words,
        reading_minutes: words.div_ceil(230).max(1),
        toc: contents_of(site, index, rendered),
        original: translations.original.get(&index).map(|&p| version(p)),
        translations: translations
            .of
            .get(&index)
            .map(|list| list.iter().map(|&p| version(p)).collect())
            .unwrap_or_default(),
        section: Link::to(site, config, Target::Section(page.section)),
        ancestors: ancestors(site, config, page.section),
        prev: prev.map(link),
        next: next.map(link),
        epub_path: config.print.epub_texts.then(|| super::epub::text_epub_path(page)),
        cover: cover.map(|c| super::url_escaped(&c)).unwrap_or_default(),
        updated: page.meta.updated.map(|d| d.iso()).unwrap_or_default(),
        updated_display: page.meta.updated.map(|d| config.words.date(&d)).unwrap_or_default(),
    }
}

/// A translation of a text, or the text a translation translates.
#[derive(Serialize)]
pub struct Version<'a> {
    pub title: &'a str,
    pub path: &'a str,
    /// Its language (see [`Site::lang_of`]).
    pub lang: &'a str,
    /// Its language's name in that language (`español`), else its `lang`.
    pub language: &'a str,
}

impl<'a> Version<'a> {
    /// Article `p` as a version of another.
    pub fn of(site: &'a Site, config: &'a Config, p: usize) -> Self {
        let lang = site.lang_of(Target::Page(p)).unwrap_or(&config.language);
        Version {
            title: &site.pages[p].meta.title,
            path: &site.pages[p].path,
            lang,
            language: crate::words::language_name(lang).unwrap_or(lang),
        }
    }
}

/// One heading in a text's contents, with the headings below it.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct TocEntry<'a> {
    /// 2 to 6, as the page has it.
    pub level: u8,
    pub id: &'a str,
    /// Its words as HTML (see [`crate::markdown::Heading::html`]).
    pub title: &'a str,
    pub children: Vec<TocEntry<'a>>,
}

/// The headings a text of `words` words lists as its contents, nested:
/// each under the last one before it of a higher level (a `###` under its
/// `##`). A text shows them if its front matter (or its folder's) says
/// `toc: true`, or says nothing and is long ([`TOC_WORDS`]) with a few
/// headings ([`TOC_HEADINGS`]); never with `toc: false`.
pub fn contents<'a>(headings: &'a [Heading], words: usize, toc: Option<bool>) -> Vec<TocEntry<'a>> {
    let shown = match toc {
        Some(shown) => shown,
        None => headings.len() >= TOC_HEADINGS && words >= TOC_WORDS,
    };
    if !shown {
        return Vec::new();
    }
    // The entries open, outermost first: each heading closes those of
    // its level or deeper, then opens below the one left.
    let mut open: Vec<TocEntry> = Vec::new();
    let mut top = Vec::new();
    let close = |open: &mut Vec<TocEntry<'a>>, top: &mut Vec<TocEntry<'a>>| {
        let done = open.pop().expect("an entry is open");
        match open.last_mut() {
            Some(parent) => parent.children.push(done),
            None => top.push(done),
        }
    };
    for h in headings {
        while open.last().is_some_and(|o| o.level >= h.level) {
            close(&mut open, &mut top);
        }
        open.push(TocEntry {
            level: h.level,
            id: &h.id,
            title: &h.html,
            children: Vec::new(),
        });
    }
    while !open.is_empty() {
        close(&mut open, &mut top);
    }
    top
}

/// The contents article `p` of `site` shows, for its `rendered` body.
pub fn contents_of<'a>(site: &Site, p: usize, rendered: &'a Rendered) -> Vec<TocEntry<'a>> {
    contents(&rendered.headings, rendered.words, site.toc_of(Target::Page(p)))
}

/// How many headings, and words, a text has at least to show its
/// contents when its front matter does not say: a long text with parts to
/// find. (A short piece, or one with a heading or two, reads without.)
pub const TOC_HEADINGS: usize = 3;
pub const TOC_WORDS: usize = 1500;

/// `@page { size: A5; … }` from `[print] page_size`, with the page number
/// at the foot, and the page's size as `--page-width` and `--page-height`
/// for the theme's print layout: print media queries cannot see the page
/// size, and container units sized from `<body>` squeezed the text column
/// to a few words a line in Firefox's print.
/// A constant for each size `config::PAGE_SIZES` allows (A5 otherwise, the
/// default): every page of a build carries it, so none is formatted.
pub fn print_page_css(page_size: &str) -> &'static str {
    macro_rules! css {
        ($size:literal, $width:literal, $height:literal) => {
            concat!(
                "@page { size: ",
                $size,
                "; @bottom-center { content: counter(page); } } :root { --page-width: ",
                $width,
                "; --page-height: ",
                $height,
                "; }"
            )
        };
    }
    match page_size {
        "A4" => css!("A4", "210mm", "297mm"),
        "Letter" => css!("Letter", "8.5in", "11in"),
        _ => css!("A5", "148mm", "210mm"),
    }
}

/// A CSS string literal that cannot end its `<style>` element.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3C "),
            '>' => out.push_str("\\3E "),
            '&' => out.push_str("\\26 "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{contents, css_string, print_page_css, TocEntry, TOC_HEADINGS, TOC_WORDS};
    use crate::markdown::Heading;

    #[test]
    fn contents_nest_each_heading_under_the_last_one_above_it() {
        let headings: Vec<Heading> = [
            (3, "pre"),
            (2, "a"),
            (3, "a1"),
            (4, "a1x"),
            (3, "a2"),
            (2, "b"),
            (4, "b1"),
            (2, "c"),
        ]
        .into_iter()
        .map(|(level, id)| Heading {
            level,
            id: id.into(),
            html: id.to_uppercase(),
        })
        .collect();
        // An entry written as `id(children…)`.
        fn shape(entries: &[TocEntry]) -> String {
            let each = entries.iter().map(|e| match e.children.is_empty() {
                true => e.id.to_string(),
                false => format!("{}({})", e.id, shape(&e.children)),
            });
            each.collect::<Vec<_>>().join(" ")
        }
        let toc = contents(&headings, 0, Some(true));
        assert_eq!(shape(&toc), "pre a(a1(a1x) a2) b(b1) c");
        assert_eq!((toc[1].level, toc[1].title), (2, "A"));
        // Shown as the text says; else for a long text with a few headings.
        assert!(contents(&headings, 99_999, Some(false)).is_empty());
        let three = &headings[..TOC_HEADINGS];
        assert!(!contents(three, TOC_WORDS, None).is_empty());
        assert!(contents(three, TOC_WORDS - 1, None).is_empty());
        assert!(contents(&three[..2], TOC_WORDS, None).is_empty());
        assert!(contents(&[], TOC_WORDS, Some(true)).is_empty());
    }

    #[test]
    fn print_page_css_gives_the_page_size_to_css_too() {
        let sizes = [
            ("A5", "148mm", "210mm"),
            ("A4", "210mm", "297mm"),
            ("Letter", "8.5in", "11in"),
        ];
        // Every size the configuration allows has its own.
        assert_eq!(
            crate::config::PAGE_SIZES.to_vec(),
            sizes.iter().map(|s| s.0).collect::<Vec<_>>()
        );
        for (size, width, height) in sizes {
            let css = print_page_css(size);
            assert!(css.starts_with(&format!("@page {{ size: {size};")), "{css}");
            assert!(
                css.contains(&format!(":root {{ --page-width: {width}; --page-height: {height}; }}")),
                "{css}"
            );
        }
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(
            css_string(r#"A "b" \ </style><script>"#),
            r#""A \"b\" \\ \3C /style\3E \3C script\3E ""#
        );
    }
}

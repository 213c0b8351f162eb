//! A build, top to bottom: load config, walk content, parse, render, write.

pub mod bodies;
pub mod context;
pub mod epub;
pub mod feed;
pub mod robots;
pub mod sitemap;
pub mod taxonomy;
pub mod theme;
pub mod write;
mod xml;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Context;

use crate::config::{load_config, Config};
use crate::content::front_matter::{
    front_matter_slips, key_warning, split_front_matter, tag_slips, toc_without_headings,
};
use crate::content::{content_path, diagnostics_for, file_hash, load_site, read_text, Site, Target, Translations};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::markdown::{self, Found, NotePlacement, Problem, RenderOptions};
use crate::Error;
use bodies::{Asked, Bodies};
use context::{ancestors, page_summary, page_view, section_value, Common, Globals};
use feed::{Feed, Feeds};
use taxonomy::{Kind, Taxonomies, TermTexts, Terms};
use theme::{load_theme, StaticFile, Theme};
pub use write::InPlace;
use write::{check_output, write_or_link, Staging};

/// One validated set of options for `build`, `check` and `serve`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `[build] output`; relative to the working folder.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub deny_warnings: bool,
    /// `false` for `check`: everything is rendered, nothing written.
    pub write: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub sections: usize,
    /// Where the output went, if it was written.
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
    pub deny_warnings: bool,
    /// Which pages link to which articles, or to site paths where no page
    /// is (what `serve` re-renders when an article's title changes, or a
    /// new one appears).
    pub links: Vec<(LinkFrom, LinkTo)>,
    /// Each rendered article's file, hashed as read (see [`FileHashes`]);
    /// empty unless asked for.
    pub hashes: Vec<(usize, Option<u64>)>,
    /// Every link to an id on another page, as rendered (what `serve`
    /// judges again when either page changes).
    pub places: Vec<PlaceLink>,
    /// The warnings of those that lead to no id, by the page with the
    /// link (also in `diagnostics`).
    pub place_warnings: Vec<(LinkFrom, Diagnostic)>,
    /// The ids of the pages' bodies, as far as gathered to judge those.
    pub place_ids: PlaceIds,
}

impl BuildReport {
    /// Whether the site cannot be right: any error, or a denied warning.
    pub fn failed(&self) -> bool {
        self.diagnostics.error_count() > 0 || (self.deny_warnings && self.diagnostics.warning_count() > 0)
    }
}

/// How paths are shown in messages: relative to the working folder when
/// the site is there, else as given.
pub(crate) fn shown_root(root: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

/// The site's output folder for these options.
pub fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.output_dir))
}

/// Loads `book.toml`; config errors end the command (exit code 2).
pub fn load_checked_config(root: &Path) -> Result<(Config, Vec<Diagnostic>), Error> {
    let (config, report) = load_config(root)?;
    let shown = shown_root(root).join("book.toml");
    let mut diags: Vec<Diagnostic> = report.diagnostics;
    for d in &mut diags {
        d.path = shown.clone();
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Config { diagnostics: diags });
    }
    Ok((config, diags))
}

/// Builds the site; see [`BuildOptions`].
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    build_loaded(opts, None).map(|(report, _)| report)
}

/// What a build loaded: kept by `serve` between rebuilds, so that an edit
/// to one article's body re-renders only that article and its section
/// (through [`Loaded::job`]) instead of loading the whole site again.
pub struct Loaded {
    pub config: Config,
    pub theme: Theme,
    pub site: Site,
    /// The content folder, as read and as shown in messages.
    pub content: PathBuf,
    pub shown_content: PathBuf,
    pub summaries: Summaries,
    /// `config` and `words` as templates see them.
    pub globals: Globals,
    /// The site's tags and authors, for those it has pages of.
    pub taxonomies: Taxonomies,
    /// The site's feeds and the texts in each.
    pub feeds: Feeds,
    /// The texts of the tag, author and translator pages.
    pub term_texts: TermTexts,
}

impl Loaded {
    /// What would be written over something else of this site (see
    /// [`Site::output_clashes`]), static files from `root` named as such.
    pub fn output_clashes(&self, root: &Path) -> Vec<Diagnostic> {
        self.site.output_clashes(self.shown_statics(root), &self.shown_content)
    }

    /// The theme's static files as [`Theme::shown_statics`] gives them,
    /// and before them, with a `base_url`, the sitemap, which is written
    /// from the site as they are copied (first: a file of the site's own
    /// there is the error).
    fn shown_statics<'a>(&'a self, root: &'a Path) -> impl Iterator<Item = (&'a str, String)> + 'a {
        let sitemap = (!self.config.base_url.is_empty()).then(|| {
            (
                sitemap::PATH,
                "the sitemap of the site's pages (with a `base_url`)".to_string(),
            )
        });
        sitemap.into_iter().chain(self.theme.shown_statics(root))
    }

    /// The files of the site's sitemap as it now is (see [`sitemap`]).
    pub fn sitemap(&self) -> Vec<(String, Vec<u8>)> {
        let paths: Vec<sitemap::Listed> = sitemap::paths(&self.site, &self.taxonomies).collect();
        sitemap::files(&self.config, &paths)
    }

    /// The site's `robots.txt` (see [`robots`]), if samizdat writes one,
    /// and a warning on `[robots]` in `book.toml` if it says something
    /// that no `robots.txt` of samizdat's can (the site has its own, or is
    /// not at a host's root).
    pub fn robots_txt(&self, root: &Path) -> (Option<String>, Option<Diagnostic>) {
        let own_asset = self.site.assets.iter().find(|(_, url)| url == robots::PATH);
        let own = match own_asset {
            Some((file, _)) => Some(format!("`{}`", self.shown_content.join(file).display())),
            None => self
                .theme
                .shown_statics(root)
                .find(|(at, _)| *at == robots::PATH)
                .map(|(_, shown)| shown),
        };
        let why_not = match (&own, robots::at_host_root(&self.config)) {
            (Some(own), _) => Some(format!("the site has its own `robots.txt`, {own}, copied as it is")),
            (None, false) => Some(format!(
                "crawlers read `robots.txt` at a host's root alone, and the site is at `{}` (`base_url`): \
                 the host's own `robots.txt` must say it",
                context::site_root(&self.config.base_url)
            )),
            (None, true) => None,
        };
        let warning = why_not.filter(|_| self.config.robots.line > 0).map(|why| Diagnostic {
            path: shown_root(root).join("book.toml"),
            line: self.config.robots.line,
            col: 1,
            severity: Severity::Warning,
            message: format!("`[robots] crawlers` is not used: {why}"),
        });
        (robots::text(&self.config, own.is_some()), warning)
    }

    /// The site's tags and authors as it now is (see
    /// [`taxonomy::taxonomies`]): taken again, or, if only the articles
    /// `changed` may have other terms, or another place in the reading
    /// order, than the taxonomies held have them with, those brought up
    /// to date.
    pub fn taxonomies_now(&self, root: &Path, changed: Option<&HashSet<usize>>) -> Taxonomies {
        let statics = self.shown_statics(root);
        let after = changed.map(|changed| (&self.taxonomies, changed));
        taxonomy::taxonomies(
            &self.config,
            &self.theme,
            &self.site,
            statics,
            &self.shown_content,
            after,
        )
    }

    /// The site's feeds as it now is (see [`feed::feeds`]).
    pub fn feeds_now(&self, root: &Path) -> Feeds {
        feed::feeds(&self.config, &self.site, self.shown_statics(root), &self.shown_content)
    }

    /// The texts of the tag, author and translator pages `files` (the
    /// site's [`Site::term_texts`], or that list as `serve` has it after
    /// a batch) as they are now read, for the pages the site has.
    pub fn term_texts_now(&self, files: &[PathBuf], drafts: bool) -> TermTexts {
        TermTexts::read(
            files,
            &self.taxonomies,
            &self.config,
            &self.content,
            &self.shown_content,
            drafts,
        )
    }

    /// A job over this state that writes what it renders into `out`
    /// (nothing if `None`), for [`Job::page`], [`Job::section`] and
    /// [`Job::print_section`]; the links it renders go to `links`.
    pub fn job<'a>(&'a self, out: Option<&'a Path>, links: Option<&'a LinkLog>) -> Job<'a> {
        Job {
            site: &self.site,
            config: &self.config,
            theme: &self.theme,
            content: &self.content,
            shown_content: &self.shown_content,
            out,
            links,
            summaries: &self.summaries,
            globals: &self.globals,
            taxonomies: &self.taxonomies,
            term_texts: &self.term_texts,
            hashes: None,
            reuse: None,
            in_place: None,
            bodies: None,
            places: None,
            lookups: OnceLock::new(),
            translations: OnceLock::new(),
            epub_css: OnceLock::new(),
        }
    }

    /// The Markdown file of the page `from`, as messages show it (a
    /// section without an `_index.md` has none).
    pub fn shown_file(&self, from: LinkFrom) -> Option<PathBuf> {
        let file = match from {
            LinkFrom::Page(i) => &self.site.pages[i].file,
            LinkFrom::Section(s) => self.site.sections[s].index_file.as_ref()?,
            LinkFrom::Term(t) => &self.site.term_texts[t],
        };
        Some(self.shown_content.join(file))
    }

    /// The warnings for links to an id that the page they lead to has
    /// neither in its body nor in its templates. The bodies of the pages
    /// linked to that are not in `known` are rendered again (through
    /// `bodies`, if any), and their ids kept there.
    pub fn judge_places<'p>(
        &self,
        places: impl IntoIterator<Item = &'p PlaceLink>,
        bodies: Option<&Bodies>,
        known: &mut PlaceIds,
    ) -> Vec<(LinkFrom, Diagnostic)> {
        let places: Vec<&PlaceLink> = places.into_iter().collect();
        let unknown: std::collections::BTreeSet<&str> = places
            .iter()
            .map(|p| p.target.as_str())
            .filter(|t| !known.contains_key(*t))
            .collect();
        let job = self.job(None, None).caching(bodies);
        let found: Vec<(&str, Option<Ids>)> = unknown
            .into_par_iter()
            .map(|target| (target, job.body_ids(target)))
            .collect();
        known.extend(found.into_iter().map(|(t, ids)| (t.to_string(), ids)));
        let mut warnings = Vec::new();
        // Each page's ids to look up, made once for its links (a book may
        // link to thousands of places on another).
        let mut sets: HashMap<&str, HashSet<&str>> = HashMap::new();
        for place in places {
            let Some(Some(ids)) = known.get(&place.target) else {
                continue;
            };
            let ids = sets
                .entry(place.target.as_str())
                .or_insert_with(|| ids.iter().collect());
            let has = |id: &str| ids.contains(id) || self.theme.ids.contains(id) || !markdown::html::judged_id(id);
            if has(&place.id) {
                continue;
            }
            let (Some(&to), Some(path)) = (self.site.by_path.get(&place.target), self.shown_file(place.from)) else {
                continue;
            };
            let mut message = markdown::no_place_there(&place.href, &place.id, self.site.title_of(to));
            if let Some(meant) = markdown::html::meant_id(&place.id, has) {
                message.push_str(&format!("; did you mean `#{meant}`?"));
            }
            let warning = Diagnostic {
                path,
                line: place.line,
                col: place.col,
                severity: Severity::Warning,
                message,
            };
            warnings.push((place.from, warning));
        }
        warnings
    }
}

/// Articles' files as a job rendered them: (page, [`file_hash`] of the
/// file's bytes), or (page, `None`) when the page's metadata was not read
/// from the front matter the file has now (saved again since it was
/// loaded): the page is then as no version of the file. What `serve`
/// compares a save with, to skip one that left an article's bytes as they
/// were (a sync tool or an editor's "save all" touching files, a change
/// undone before the save settled).
pub type FileHashes = Mutex<Vec<(usize, Option<u64>)>>;

/// Each article's summary as listings show it ([`page_summary`]), made
/// once and then shared (Tera's values are reference-counted), under
/// `serve`: an edit forgets only the summaries whose metadata changed, and
/// an archive's listing of thousands of articles is not serialised again
/// for each edit. A build of a site without tag pages keeps none
/// ([`Summaries::default`]): each listing makes its own, which costs ~1%
/// more work than sharing them and saves holding every article's summary
/// at once (18 MB at 10,000); with tag pages, which list each article
/// again once per tag, it keeps them while it renders the listings, and
/// lets them go before the articles (see [`build_loaded`]).
#[derive(Default)]
pub struct Summaries(Vec<OnceLock<tera::Value>>);

impl Summaries {
    /// Room for `n` articles' summaries, none made yet.
    pub fn new(n: usize) -> Self {
        Summaries((0..n).map(|_| OnceLock::new()).collect())
    }

    fn get(&self, site: &Site, config: &Config, p: usize) -> tera::Value {
        let make = || tera::Value::from_serializable(&page_summary(site, config, p));
        match self.0.get(p) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// Forgets article `p`'s summary: its metadata or address changed, or
    /// it is new (or gone, and its index may be used again).
    pub fn forget(&mut self, p: usize) {
        if p >= self.0.len() {
            self.0.resize_with(p + 1, OnceLock::new);
        }
        self.0[p] = OnceLock::new();
    }
}

/// A page that shows an article's title through a link to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkFrom {
    Page(usize),
    Section(usize),
    /// The text of a tag's or an author's page, or of their index (see
    /// [`TermTexts`]), by its place in [`Site::term_texts`].
    Term(usize),
}

/// Where a link within the site leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTo {
    /// An article, whose title the link shows.
    Page(usize),
    /// A section, whose title the link shows.
    Section(usize),
    /// A site path (`review/issue-1/slug/`, or a file's,
    /// `review/issue-1/fig.png`) with nothing there (yet).
    Missing(String),
    /// A file the site publishes, at this address; or a page it makes
    /// of no Markdown file of its own (a tag's, an author's, their index),
    /// which `serve` follows the same way: re-rendering the page linking
    /// to it when it goes (or comes, as [`LinkTo::Missing`]).
    File(String),
    /// A file of the content folder (`review/issue-1/fig.png`, or an
    /// article's `.md`), not there (yet).
    MissingText(PathBuf),
}

/// Which pages link where: (from, to), as rendered.
pub type LinkLog = Mutex<Vec<(LinkFrom, LinkTo)>>;

/// A link to an id on another page of the site (`../rota/#wages`), as the
/// page with the link rendered it: judged once the other page is rendered
/// too (see [`Loaded::judge_places`]).
#[derive(Debug, Clone)]
pub struct PlaceLink {
    pub from: LinkFrom,
    /// The site path of the page linked to.
    pub target: String,
    /// The page's address as the link writes it (without its `#…`), and
    /// the id.
    pub href: String,
    pub id: String,
    /// Where the link is in its file.
    pub line: usize,
    pub col: usize,
}

/// The links to ids on other pages that a job rendered, and the ids of
/// the pages it rendered once there was one: a site with no such link
/// gathers no ids, and one where most pages have such links gathers
/// nearly all as the pages render (the rest are rendered again to judge
/// the links to them).
#[derive(Default)]
pub struct PlaceLog {
    links: Mutex<Vec<PlaceLink>>,
    seen: AtomicBool,
    ids: Mutex<PlaceIds>,
}

impl PlaceLog {
    /// The links, and the ids gathered.
    pub fn into_inner(self) -> (Vec<PlaceLink>, PlaceIds) {
        (
            self.links.into_inner().unwrap_or_else(PoisonError::into_inner),
            self.ids.into_inner().unwrap_or_else(PoisonError::into_inner),
        )
    }
}

/// The ids of pages' bodies by the page's site path, as far as known
/// (`None`: its body could not be rendered, and its links are not judged).
pub type PlaceIds = HashMap<String, Option<Ids>>;

/// The ids of one page's body, in one string (a few hundred bytes for a
/// page with a dozen notes: kept for every page of a site whose pages
/// link to each other's places).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids(String);

impl Ids {
    /// The ids written in `html` ([`markdown::html::ids_written`]).
    pub fn of(html: &str) -> Self {
        let mut all = String::new();
        // One with a line break is left out: a link to it is not judged.
        for id in markdown::html::ids_written(html).filter(|id| !id.contains('\n')) {
            all.push_str(id);
            all.push('\n');
        }
        Ids(all)
    }

    /// Each id.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator('\n')
    }
}

/// What `serve` adds to a build: each article's file hashed in the report,
/// the output written `in_place` (if any), bodies taken from and kept in
/// `bodies` (if any).
#[derive(Default, Clone, Copy)]
pub struct Serving<'a> {
    pub in_place: Option<&'a InPlace>,
    pub bodies: Option<&'a Bodies>,
}

/// [`build`], also returning what it loaded (also when the build failed:
/// then it describes the files, not the output, which is untouched);
/// `serving` for `serve`.
pub fn build_loaded(opts: &BuildOptions, serving: Option<Serving>) -> Result<(BuildReport, Loaded), Error> {
    let hash_files = serving.is_some();
    let Serving { in_place, bodies } = serving.unwrap_or_default();
    let started = Instant::now();
    let (config, config_diags) = load_checked_config(&opts.root)?;
    let mut report = BuildReport {
        deny_warnings: opts.deny_warnings,
        ..Default::default()
    };
    report.diagnostics.extend(config_diags);

    let content = opts.root.join(&config.content_dir);
    if !content.is_dir() {
        return Err(Error::NoContent { path: content });
    }
    let output = output_dir(opts, &config);
    if opts.write {
        check_output(&opts.root, &content, &output)?;
    }
    let theme = load_theme(&opts.root, &config.theme)?;

    // A `[words]` key samizdat has no word for is warned of, unless a
    // template names it: a word of a theme of the site's own.
    let unused_words = config.own_words.iter().filter(|(key, _)| !theme.words.contains(key));
    report
        .diagnostics
        .extend(unused_words.map(|(_, warning)| warning.clone()));

    let shown_content = shown_root(&opts.root).join(&config.content_dir);
    let mut diags = Vec::new();
    let text_folders = taxonomy::text_folders(&config, &theme);
    let site = load_site(
        &content,
        &shown_content,
        opts.drafts,
        &config.language,
        &text_folders,
        &mut diags,
    );
    report.diagnostics.extend(diags);

    let summaries = Summaries::default();
    let globals = Globals::of(&config);
    let mut loaded = Loaded {
        config,
        theme,
        site,
        content,
        shown_content,
        summaries,
        globals,
        taxonomies: Taxonomies::default(),
        feeds: Feeds::default(),
        term_texts: TermTexts::default(),
    };
    loaded.taxonomies = loaded.taxonomies_now(&opts.root, None);
    loaded.term_texts = loaded.term_texts_now(&loaded.site.term_texts, opts.drafts);
    report.diagnostics.extend(loaded.term_texts.diagnostics.iter().cloned());
    report.diagnostics.extend(loaded.robots_txt(&opts.root).1);
    loaded.feeds = loaded.feeds_now(&opts.root);
    loaded.globals = Globals::of(&loaded.config).with_feeds(&loaded.site, &loaded.feeds);
    report.diagnostics.extend(loaded.feeds.warnings.iter().cloned());
    // Tag and author pages list every article again, mostly several
    // times: their summaries are made once for all the listings (and let
    // go before the articles are rendered, below).
    let shared = match loaded.taxonomies.any() {
        true => Summaries::new(loaded.site.pages.len()),
        false => Summaries::default(),
    };
    report.diagnostics.extend(loaded.taxonomies.warnings.iter().cloned());
    report.diagnostics.extend(loaded.output_clashes(&opts.root));
    report
        .diagnostics
        .extend(loaded.site.print_pages_taken(&loaded.shown_content));
    let site = &loaded.site;
    // A build that fails already (its files do not load, or two would be
    // written to one place) is rendered for its problems, all of them,
    // but writes nothing.
    let write = opts.write && !report.failed();
    // Into a fresh folder, linking the files the output being replaced
    // has already; or into that output, in place.
    let in_place = in_place.filter(|_| write);
    let reuse = (write && output.join(write::MARKER).is_file()).then(|| output.clone());
    let staging = match write && in_place.is_none() {
        true => Some(Staging::new(&output)?),
        false => None,
    };
    let out_dir = staging.as_ref().map(|s| s.dir.as_path());
    let links = LinkLog::default();
    let places = PlaceLog::default();
    let hashes = FileHashes::default();
    let job = loaded
        .job(out_dir, Some(&links))
        .placing(Some(&places))
        .hashing(hash_files.then_some(&hashes))
        .reusing(reuse.as_deref())
        .in_place(in_place)
        .caching(bodies);

    let mut first_io_error = None;
    let published = || {
        (0..site.sections.len())
            .into_par_iter()
            .filter(|&s| site.sections[s].published)
    };
    // The listings first, sharing the articles' summaries: the tag,
    // author and letter pages, and the sections' pages. The summaries then
    // go, before the articles are rendered (at 30,000 articles they are
    // 54 MB, which the articles in flight were held beside).
    let listings = job.sharing(&shared);
    let mut results = listings.term_pages(None, |_| true);
    results.extend(published().map(|s| listings.section(s)).collect::<Vec<_>>());
    for result in results {
        match result {
            Ok(diagnostics) => report.diagnostics.extend(diagnostics),
            Err(e) => {
                first_io_error.get_or_insert(e);
            }
        }
    }
    drop(listings);
    drop(shared);
    // Sections in parallel, and each section's articles in parallel: a
    // section's print page needs its articles' HTML, so only the sections
    // in flight hold theirs.
    let sections: Vec<(Vec<Diagnostic>, Option<Error>)> = published().map(|s| job.articles_and_print(s)).collect();
    for (diagnostics, error) in sections {
        report.diagnostics.extend(diagnostics);
        if let Some(e) = error {
            first_io_error.get_or_insert(e);
        }
    }
    if out_dir.is_some() || in_place.is_some() {
        if let Err(e) = job.write_feeds(&loaded.feeds.list) {
            first_io_error.get_or_insert(e);
        }
        for (path, bytes) in loaded.sitemap() {
            if let Err(e) = job.put(&path, &bytes) {
                first_io_error.get_or_insert(e);
            }
        }
        if let Some(text) = loaded.robots_txt(&opts.root).0 {
            if let Err(e) = job.put(robots::PATH, text.as_bytes()) {
                first_io_error.get_or_insert(e);
            }
        }
        if let Err(e) = job.copy_files() {
            first_io_error.get_or_insert(e);
        }
    }
    (report.places, report.place_ids) = places.into_inner();
    if !report.places.is_empty() {
        report.place_warnings = loaded.judge_places(&report.places, bodies, &mut report.place_ids);
        report
            .diagnostics
            .extend(report.place_warnings.iter().map(|(_, d)| d.clone()));
    }
    report.diagnostics.sort();
    report.links = links.into_inner().unwrap_or_else(PoisonError::into_inner);
    report.hashes = hashes.into_inner().unwrap_or_else(PoisonError::into_inner);
    report.pages = site.pages.len();
    report.sections = site.sections.iter().filter(|s| s.published).count();

    // Put in place if the build is good, else what it wrote goes.
    let good = first_io_error.is_none() && !report.failed();
    report.output = match (staging, in_place) {
        (Some(staging), _) if good => Some(staging.commit()?),
        (Some(staging), _) => {
            staging.discard();
            None
        }
        (None, Some(in_place)) if good => {
            in_place.commit()?;
            Some(in_place.root().to_path_buf())
        }
        (None, Some(in_place)) => {
            in_place.discard();
            None
        }
        (None, None) => None,
    };
    if let Some(e) = first_io_error {
        return Err(e);
    }
    report.elapsed = started.elapsed();
    Ok((report, loaded))
}

/// A site of more texts than this is an archive: its pages list two
/// levels of sections below them, not every text (see
/// [`Job::listing_levels`]).
pub(crate) const SMALL_SITE: usize = 200;

/// How many of its newest texts an archive's home page lists.
pub const RECENT_TEXTS: usize = 10;

/// The articles in section `s` and below it.
fn articles_below(site: &Site, s: usize) -> usize {
    let sec = &site.sections[s];
    sec.pages.len() + sec.subsections.iter().map(|&c| articles_below(site, c)).sum::<usize>()
}

/// The newest dated texts an archive's home page lists, as it lists
/// issues and not texts (see [`feed::newest`]); none on a smaller site's,
/// which lists every text.
fn recent(site: &Site) -> Vec<usize> {
    match site.sections.is_empty() || articles_below(site, 0) <= SMALL_SITE {
        true => Vec::new(),
        false => feed::newest(site, 0, RECENT_TEXTS)
            .into_iter()
            .map(|e| e.page)
            .collect(),
    }
}

/// What every page of one build shares.
pub struct Job<'a> {
    site: &'a Site,
    config: &'a Config,
    theme: &'a Theme,
    content: &'a Path,
    shown_content: &'a Path,
    out: Option<&'a Path>,
    links: Option<&'a LinkLog>,
    summaries: &'a Summaries,
    globals: &'a Globals,
    taxonomies: &'a Taxonomies,
    term_texts: &'a TermTexts,
    /// Where the articles' files go hashed as they are read, if anywhere.
    hashes: Option<&'a FileHashes>,
    /// A built output: files of this build with the same bytes are
    /// linked from it, not written (see [`write_or_link`]).
    reuse: Option<&'a Path>,
    /// The output this build writes into in place, if it does.
    in_place: Option<&'a InPlace>,
    /// Where articles' bodies are taken from if their Markdown did not
    /// change, and kept (`serve`).
    bodies: Option<&'a Bodies>,
    /// Where links to ids on other pages go, if anywhere.
    places: Option<&'a PlaceLog>,
    /// Made when a link first asks for a file or a Markdown file.
    lookups: OnceLock<Lookups<'a>>,
    /// What the texts' `translation_of` lead to, made when a page first
    /// asks.
    translations: OnceLock<Translations>,
    /// The EPUB editions' stylesheet, rendered when first needed.
    epub_css: OnceLock<Option<String>>,
}

/// The site's files and texts by where they are, for judging links.
struct Lookups<'a> {
    /// The addresses of the files the site publishes: those beside the
    /// articles, and the static ones.
    files: HashSet<&'a str>,
    /// The files beside the articles by their path in the content folder.
    assets: HashMap<&'a Path, &'a str>,
    /// The articles, and sections by their `_index.md` and their folder,
    /// by their path in the content folder (those with a page), by the
    /// path's bytes (a `Path` hashes
    /// component by component): made when a link first names a `.md` file
    /// (2 ms for 10,000 articles, which a rebuild under `serve` of a page
    /// with an image need not spend).
    texts: OnceLock<HashMap<&'a OsStr, Target>>,
    /// The old addresses of pages and folders (`aliases`), as site paths.
    aliases: HashMap<&'a str, Target>,
}

impl<'a> Lookups<'a> {
    fn new(site: &'a Site, theme: &'a Theme) -> Self {
        Lookups {
            files: site
                .assets
                .iter()
                .map(|(_, url)| url.as_str())
                .chain(theme.statics.iter().map(|(out, _)| out.as_str()))
                .collect(),
            assets: site.assets.iter().map(|(f, url)| (f.as_path(), url.as_str())).collect(),
            texts: OnceLock::new(),
            aliases: site
                .aliases()
                .into_iter()
                .map(|(target, alias)| (alias, target))
                .collect(),
        }
    }

    /// The article or section whose Markdown file (or, for a section,
    /// folder) is `text`.
    fn text(&self, site: &'a Site, text: &Path) -> Option<Target> {
        self.texts(site).get(text.as_os_str()).copied()
    }

    fn texts(&self, site: &'a Site) -> &HashMap<&'a OsStr, Target> {
        self.texts.get_or_init(|| {
            // The articles in a published section's order are those with a
            // page (`serve` takes one out of it, not out of the site's list).
            let mut texts = HashMap::with_capacity(site.pages.len() + site.sections.len());
            for (s, section) in site.sections.iter().enumerate().filter(|(_, s)| s.published) {
                texts.insert(section.dir.as_os_str(), Target::Section(s));
                if let Some(file) = &section.index_file {
                    texts.insert(file.as_os_str(), Target::Section(s));
                }
                for &p in &section.pages {
                    texts.insert(site.pages[p].file.as_os_str(), Target::Page(p));
                }
            }
            texts
        })
    }

    /// The Markdown file of an article or section whose path in the
    /// content folder is `text` but for the case of its letters.
    fn text_like(&self, site: &'a Site, text: &str) -> Option<String> {
        // As bytes: no UTF-8 check of 10,000 paths for each link that
        // leads nowhere.
        let mut texts = self.texts(site).keys();
        let found = texts.find(|t| t.as_encoded_bytes().eq_ignore_ascii_case(text.as_bytes()))?;
        Some(found.to_string_lossy().replace('\\', "/"))
    }

    /// The address of a file beside the articles whose path in the content
    /// folder is `text` but for the case of its letters.
    fn asset_like(&self, text: &str) -> Option<&'a str> {
        let mut assets = self.assets.iter();
        let (_, url) = assets.find(|(f, _)| f.as_os_str().as_encoded_bytes().eq_ignore_ascii_case(text.as_bytes()))?;
        Some(url)
    }

    /// A published file whose address is `url` but for the case of its
    /// letters.
    fn file_like(&self, url: &str) -> Option<&'a str> {
        self.files.iter().find(|f| f.eq_ignore_ascii_case(url)).copied()
    }
}

/// What a link to `target` depends on (for `serve`), and its address.
fn link_to(site: &Site, target: Target) -> (LinkTo, &str) {
    let to = match target {
        Target::Page(p) => LinkTo::Page(p),
        Target::Section(s) => LinkTo::Section(s),
    };
    (to, site.path_of(target))
}

/// The address of `to` (a site path) from the page at `from` (a folder,
/// `review/issue-1/slug/`), as a link writes it: `../fig.png`.
fn href_between(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let shared = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut href = "../".repeat(from.len() - shared);
    for (n, part) in to_parts[shared..].iter().enumerate() {
        if n > 0 {
            href.push('/');
        }
        // What a URL would read otherwise (the writer encodes the rest).
        for c in part.chars() {
            match c {
                '%' => href.push_str("%25"),
                '#' => href.push_str("%23"),
                '?' => href.push_str("%3F"),
                c => href.push(c),
            }
        }
    }
    if href.is_empty() {
        href.push_str("./");
    }
    href
}

/// `href` with every byte but those a URL may hold as they are
/// (letters, digits, `-._~/!$()*+,;=:@%`) %-escaped: safe in an HTML
/// attribute, and in a `refresh`'s `url=`.
pub(crate) fn url_escaped(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for &b in href.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => out.push(char::from(b)),
            b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':'
            | b'@' | b'%' => out.push(char::from(b)),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One article's outcome: its problems, and its body for the print page.
pub struct PageOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub print_body: PrintBody,
}

/// An article's part of its section's print page: what its own page's
/// template saw as `page`, body included (the print page prefixes the ids
/// after its place in the section). Tera's values share their parts, so
/// this is not a copy of the article.
pub struct PrintBody {
    page: tera::Value,
    /// Its body with its notes at its end, when its page rendered it for
    /// its own EPUB edition: its issue's edition takes it from here
    /// instead of rendering it again.
    end: Option<markdown::Rendered>,
}

impl Default for PrintBody {
    /// An article that could not be read: nothing to print.
    fn default() -> Self {
        PrintBody {
            page: tera::Value::none(),
            end: None,
        }
    }
}

impl PrintBody {
    fn content(&self) -> &str {
        field(&self.page, "content").and_then(tera::Value::as_str).unwrap_or("")
    }
}

/// Entry `key` of a template value that is a map.
fn field<'v>(value: &'v tera::Value, key: &'static str) -> Option<&'v tera::Value> {
    value.as_map().and_then(|m| m.get(&key.into()))
}

/// Which attribute holds an address [`prefix_ids`] hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    Href,
    Src,
}

/// Prefixes every `id` and same-page link of an article body, so that
/// several articles share the section's print page without clashes. Text
/// cannot contain `id="` (quotes are escaped), so only markup matches.
/// Every other address (a link's, an image's) is given to `relocate`,
/// which may give one to write instead (a link to another article of the
/// print page: a place on it).
pub fn prefix_ids(html: &str, prefix: &str, relocate: impl Fn(Address, &str) -> Option<String>) -> String {
    // One pass over the `=` of the body (an article's markup has a few
    // hundred), each checked for ` id="`, `href="` or ` src="` around it:
    // substring searches cost more, their first bytes being everywhere in
    // HTML.
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    for eq in memchr::memchr_iter(b'=', bytes) {
        if bytes.get(eq + 1) != Some(&b'"') {
            continue;
        }
        let before = |s: &[u8]| eq >= s.len() && &bytes[eq - s.len()..eq] == s;
        let address = if before(b" id") {
            None
        } else if before(b"href") {
            if bytes.get(eq + 2) == Some(&b'#') {
                out.push_str(&html[copied..eq + 3]);
                out.push_str(prefix);
                copied = eq + 3;
                continue;
            }
            Some(Address::Href)
        } else if before(b" src") {
            Some(Address::Src)
        } else {
            continue;
        };
        let start = eq + 2;
        let Some(address) = address else {
            out.push_str(&html[copied..start]);
            out.push_str(prefix);
            copied = start;
            continue;
        };
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
            continue;
        };
        if let Some(instead) = relocate(address, &html[start..start + len]) {
            out.push_str(&html[copied..start]);
            out.push_str(&instead);
            copied = start + len;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// A section's print page sits at `<section>/print/`, as deep as its
/// articles, so their relative links and images work there unchanged.
pub(crate) fn print_path(section: &crate::content::Section) -> String {
    format!("{}print/", section.path)
}

fn index_path(path: &str) -> String {
    format!("{path}index.html")
}

impl<'a> Job<'a> {
    /// This job, noting each article's file hashed as it reads it into
    /// `hashes` (if any).
    pub fn hashing(self, hashes: Option<&'a FileHashes>) -> Self {
        Job { hashes, ..self }
    }

    /// This job, linking the files that `reuse` (a built output) has with
    /// the same bytes instead of writing them.
    pub fn reusing(self, reuse: Option<&'a Path>) -> Self {
        Job { reuse, ..self }
    }

    /// This job, writing into `in_place` instead of its folder.
    pub fn in_place(self, in_place: Option<&'a InPlace>) -> Self {
        Job { in_place, ..self }
    }

    /// This job, taking articles' bodies from `bodies` when their
    /// Markdown did not change, and keeping those it renders there.
    pub fn caching(self, bodies: Option<&'a Bodies>) -> Self {
        Job { bodies, ..self }
    }

    /// A job as this one (what it made when first asked made anew),
    /// sharing the articles' summaries in `summaries`, which may go before
    /// this job does.
    pub fn sharing<'b>(&self, summaries: &'b Summaries) -> Job<'b>
    where
        'a: 'b,
    {
        Job {
            site: self.site,
            config: self.config,
            theme: self.theme,
            content: self.content,
            shown_content: self.shown_content,
            out: self.out,
            links: self.links,
            summaries,
            globals: self.globals,
            taxonomies: self.taxonomies,
            term_texts: self.term_texts,
            hashes: self.hashes,
            reuse: self.reuse,
            in_place: self.in_place,
            bodies: self.bodies,
            places: self.places,
            lookups: OnceLock::new(),
            translations: OnceLock::new(),
            epub_css: OnceLock::new(),
        }
    }

    /// This job, noting the links to ids on other pages in `places`.
    pub fn placing(self, places: Option<&'a PlaceLog>) -> Self {
        Job { places, ..self }
    }

    /// Writes one file of the output (`rel` to it).
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        match (self.in_place, self.out) {
            (Some(in_place), _) => in_place.put(rel, bytes),
            (None, Some(dir)) => write_or_link(dir, self.reuse, rel, bytes),
            (None, None) => Ok(()),
        }
    }

    fn template_problem(&self, template: &str, e: &tera::Error) -> Diagnostic {
        theme::template_diagnostic(&self.theme.shown_files, template, e)
    }

    /// Renders a template into a buffer sized for the page up front
    /// (`size_hint`: the bytes of content it carries), so a long article
    /// is not copied over and over while the buffer grows.
    fn render(&self, template: &str, ctx: &Context, size_hint: usize) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(size_hint + 16 * 1024);
        self.theme
            .tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| self.template_problem(template, &e))?;
        Ok(out)
    }

    fn emit(&self, path: &str, html: &[u8]) -> Result<(), Error> {
        self.put(&index_path(path), html)
    }

    /// Writes a redirect at each of `aliases`, the old addresses of the
    /// page at `to` titled `title`, in language `lang`: a page that sends
    /// the browser on at once (`<meta http-equiv="refresh">`, no script),
    /// with a link for whatever does not follow it, and that search
    /// engines are told to leave out and to count as the page itself.
    fn write_aliases(&self, aliases: &[String], to: &str, title: &str, lang: Option<&str>) -> Result<(), Error> {
        for at in aliases {
            let (folder, file) = match at.ends_with('/') {
                true => (at.as_str(), format!("{at}index.html")),
                false => (at.rfind('/').map_or("", |k| &at[..=k]), at.clone()),
            };
            let href = url_escaped(&href_between(folder, to));
            let canonical = match self.config.base_url.is_empty() {
                true => href.clone(),
                false => url_escaped(&format!("{}/{to}", self.config.base_url.trim_end_matches('/'))),
            };
            let mut title_html = String::with_capacity(title.len());
            markdown::html::escape_into(title, &mut title_html);
            let mut lang_html = String::new();
            markdown::html::escape_into(&self.config.language, &mut lang_html);
            // The title in the text's language, where that is not the
            // site's (whose words the page is in).
            let mut title_lang = String::new();
            if let Some(lang) = lang.filter(|l| *l != self.config.language) {
                title_lang.push_str(" lang=\"");
                markdown::html::escape_into(lang, &mut title_lang);
                title_lang.push('"');
            }
            let moved = self.config.words.get("moved_to");
            let mut moved_html = String::with_capacity(moved.len());
            markdown::html::escape_into(moved, &mut moved_html);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang_html}\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>{title_html}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
                 <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
                 <link rel=\"canonical\" href=\"{canonical}\">\n</head>\n<body>\n\
                 <p>{moved_html} <a href=\"{href}\"{title_lang}>{title_html}</a>.</p>\n</body>\n</html>\n"
            );
            self.put(&file, html.as_bytes())?;
        }
        Ok(())
    }

    /// Where a link `dest` on the page at `base`, written in the Markdown
    /// file `source`, leads; each thing it depends on goes to `linked` if
    /// the job logs links.
    fn find_link(&self, base: &str, source: &Path, dest: &str, linked: &RefCell<Vec<LinkTo>>) -> Option<Found<'a>> {
        let log = |to: LinkTo| {
            if self.links.is_some() {
                linked.borrow_mut().push(to);
            }
        };
        let relative = crate::content::relative_path(dest)?;
        let Some(path) = self.site.link_path(base, dest) else {
            // Above the site's root.
            return Some(Found::Nothing { hint: None });
        };
        let site: &'a Site = self.site;
        if let Some(&target) = site.by_path.get(&path) {
            log(link_to(site, target).0);
            return Some(Found::Page(Cow::Borrowed(site.title_of(target))));
        }
        // A tag's or an author's page, or their index.
        if self.taxonomies.has_page(&path) {
            log(LinkTo::File(path));
            return Some(Found::File);
        }
        let url = path.strip_suffix('/').unwrap_or(&path);
        // A folder's address (`../issue-2/`), or a file's (`../fig.png`,
        // or `../x`, which may be either).
        let folder = relative.ends_with('/') || url.is_empty();
        let lookups = self.lookups.get_or_init(|| Lookups::new(site, self.theme));
        // An old address of a page (`aliases`): its address now instead,
        // as print and e-book editions have no redirects.
        let alias = lookups
            .aliases
            .get(path.as_str())
            .or_else(|| lookups.aliases.get(url).filter(|_| !folder));
        if let Some(&target) = alias {
            let (to, at) = link_to(site, target);
            log(to);
            return Some(Found::Moved {
                href: href_between(base, at),
                title: Cow::Borrowed(site.title_of(target)),
            });
        }
        if !folder && lookups.files.contains(url) {
            log(LinkTo::File(url.to_string()));
            return Some(Found::File);
        }
        // Not there from the page's address: it may be once it is a page
        // (`../x/`) or a file (`../fig.png`).
        log(LinkTo::Missing(path.clone()));
        if !folder {
            log(LinkTo::Missing(url.to_string()));
        }
        // From the Markdown file's folder, as editors' previews read it:
        // a folder with a page, an article's or a section's `.md`, a file.
        let text = content_path(source, relative);
        // A folder, an article's or a section's `.md` (a folder may be
        // written without its `/`: `../issue-2`), or a file.
        let markdown = folder || text.as_ref().is_some_and(|t| t.extension().is_none_or(|e| e == "md"));
        if let Some(text) = &text {
            if let Some(target) = markdown.then(|| lookups.text(site, text)).flatten() {
                let (to, at) = link_to(site, target);
                log(to);
                return Some(Found::Instead {
                    href: href_between(base, at),
                    title: Some(Cow::Borrowed(site.title_of(target))),
                });
            }
            if let Some(&url) = lookups.assets.get(text.as_path()).filter(|_| !folder) {
                log(LinkTo::File(url.to_string()));
                return Some(Found::Instead {
                    href: href_between(base, url),
                    title: None,
                });
            }
            log(LinkTo::MissingText(text.clone()));
        }
        // The file, folder or text meant, in other capitals (a laptop's
        // disk often does not tell them apart, a web server does): a file
        // by its address; a text or a folder as written, from this file's
        // folder.
        let text = text.map(|t| t.to_string_lossy().into_owned());
        let file = (!folder).then(|| lookups.file_like(url).or_else(|| lookups.asset_like(text.as_deref()?)));
        let hint = file.flatten().map(|f| href_between(base, f)).or_else(|| {
            let mut like = lookups.text_like(site, text.as_deref().filter(|_| markdown)?)?;
            if folder {
                like.push('/');
            }
            let from = source
                .parent()
                .map(|d| format!("{}/", d.to_string_lossy()))
                .unwrap_or_default();
            Some(href_between(&from.replace('\\', "/"), &like))
        });
        Some(Found::Nothing { hint })
    }

    /// A warning for each link within a page's body to an id that neither
    /// the body nor the theme's templates have.
    fn anchors_missing(&self, rendered: &markdown::Rendered) -> Vec<Problem> {
        let within = rendered.anchors.iter().filter(|a| a.page.is_none());
        let missing = within.filter(|a| !self.theme.ids.contains(&a.id));
        missing.map(markdown::Anchor::warning).collect()
    }

    /// Notes the links of one page (`from`, at `base`) to ids on other
    /// pages, each at its line and column in `text` (whose body starts at
    /// `body_offset`), and the page's ids once there are such links.
    fn log_places(
        &self,
        from: LinkFrom,
        base: &str,
        rendered: &markdown::Rendered,
        shown: &Path,
        text: &str,
        body_offset: usize,
    ) {
        let Some(log) = self.places else {
            return;
        };
        let mut found = Vec::new();
        for anchor in &rendered.anchors {
            let Some(page) = &anchor.page else {
                continue;
            };
            if let Some(target) = self
                .site
                .link_path(base, page)
                .filter(|t| self.site.by_path.contains_key(t))
            {
                found.push((anchor, page, target));
            }
        }
        // Placed in one pass over the text (a book may link to thousands).
        let offsets: Vec<usize> = found.iter().map(|(a, _, _)| body_offset + a.offset).collect();
        let places: Vec<PlaceLink> = found
            .into_iter()
            .zip(crate::diag::Source::new(shown, text).line_cols(&offsets))
            .map(|((anchor, page, target), (line, col))| PlaceLink {
                from,
                target,
                href: page.clone(),
                id: anchor.id.clone(),
                line,
                col,
            })
            .collect();
        if !places.is_empty() {
            log.seen.store(true, Ordering::Relaxed);
            log.links.lock().unwrap_or_else(PoisonError::into_inner).extend(places);
        }
        if log.seen.load(Ordering::Relaxed) {
            let ids = Ids::of(&rendered.html);
            log.ids
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(base.to_string(), Some(ids));
        }
    }

    /// The ids of the body of the page at `target` (a site path), rendered
    /// again; `None` if there is no such page or its body cannot be read.
    fn body_ids(&self, target: &str) -> Option<Ids> {
        let html = match *self.site.by_path.get(target)? {
            Target::Page(i) => self.body(i).0?.html,
            // A section with no `_index.md` has no body.
            Target::Section(s) if self.site.sections[s].index_file.is_none() => String::new(),
            Target::Section(s) => self.intro(s).0?.html,
        };
        Some(Ids::of(&html))
    }

    /// Adds where one page's links lead to the job's log.
    fn log_links(&self, from: LinkFrom, linked: RefCell<Vec<LinkTo>>) {
        let linked = linked.into_inner();
        if let (Some(log), false) = (self.links, linked.is_empty()) {
            let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
            log.extend(linked.into_iter().map(|to| (from, to)));
        }
    }

    /// How `target`'s body is rendered: for its page, or for a feed
    /// (`for_feed`: its notes at the end alone).
    fn render_options<'o>(
        &'o self,
        target: Target,
        links: &'o markdown::LinkLookup<'o>,
        for_feed: bool,
    ) -> RenderOptions<'o> {
        let site_lang = self.config.language.as_str();
        self.render_options_in(self.site.lang_of(target).unwrap_or(site_lang), links, for_feed)
    }

    /// [`Job::render_options`] for a text in `text_lang`.
    fn render_options_in<'o>(
        &'o self,
        text_lang: &str,
        links: &'o markdown::LinkLookup<'o>,
        for_feed: bool,
    ) -> RenderOptions<'o> {
        let site_lang = self.config.language.as_str();
        RenderOptions {
            kinds: &self.config.annotations,
            notes: match (for_feed, self.config.print.notes == "end") {
                (true, _) => NotePlacement::End,
                (false, true) => NotePlacement::InlineAndEnd,
                (false, false) => NotePlacement::Inline,
            },
            links: Some(links),
            template_ids: Some(&self.theme.ids),
            words: &self.config.words,
            words_lang: (text_lang != site_lang).then_some(site_lang),
        }
    }

    /// Reads and renders one article's Markdown: its HTML (none if the file
    /// cannot be read, or no longer splits) and its problems.
    fn body(&self, i: usize) -> (Option<markdown::Rendered>, Vec<Diagnostic>) {
        let (rendered, _, diags) = self.bodies_of(i, false);
        (rendered, diags)
    }

    /// [`Job::body`], and with `end` the body again from the same text as
    /// an EPUB edition carries it (its notes at its end): one read of the
    /// file for both, so that they cannot say different things.
    fn bodies_of(
        &self,
        i: usize,
        end: bool,
    ) -> (Option<markdown::Rendered>, Option<markdown::Rendered>, Vec<Diagnostic>) {
        let page = &self.site.pages[i];
        let shown = self.shown_content.join(&page.file);
        let text = match read_text(&self.content.join(&page.file)) {
            Ok(t) => t,
            Err((line, message)) => {
                let unreadable = Diagnostic {
                    path: shown,
                    line,
                    col: 1,
                    severity: Severity::Error,
                    message,
                };
                return (None, None, vec![unreadable]);
            }
        };
        let Ok(split) = split_front_matter(&text) else {
            // It split during loading; the file changed since. Report nothing
            // new: the next build reads it again.
            return (None, None, Vec::new());
        };
        if let Some(hashes) = self.hashes {
            let as_loaded = file_hash(split.yaml.as_bytes()) == page.front_matter_hash;
            let hash = as_loaded.then(|| file_hash(text.as_bytes()));
            hashes.lock().unwrap_or_else(PoisonError::into_inner).push((i, hash));
        }
        let mut problems = Vec::new();
        let linked = RefCell::new(Vec::new());
        let rendered = match self.bodies {
            Some(bodies) => self.cached_body(bodies, i, split.body, &linked, &mut problems, false),
            None => {
                let links = |dest: &str| self.find_link(&page.path, &page.file, dest, &linked);
                markdown::render(
                    split.body,
                    &self.render_options(Target::Page(i), &links, false),
                    &mut problems,
                )
            }
        };
        // Its original and its translations, whose titles and addresses
        // its page shows.
        let translations = self.translations();
        if self.links.is_some() {
            let versions = translations.original.get(&i).into_iter();
            let versions = versions.chain(translations.of.get(&i).into_iter().flatten());
            linked
                .borrow_mut()
                .extend(versions.map(|&p| link_to(self.site, Target::Page(p)).0));
        }
        self.log_links(LinkFrom::Page(i), linked);
        problems.extend(self.anchors_missing(&rendered));
        self.log_places(
            LinkFrom::Page(i),
            &page.path,
            &rendered,
            &shown,
            &text,
            split.body_offset,
        );
        let mut diags = diagnostics_for(&shown, Some(&text), problems, split.body_offset);
        // Checked here, where each render of the page (in place under
        // `serve` too) has the text to place them in.
        let mut slips = front_matter_slips(&split, &page.meta);
        slips.extend(toc_without_headings(&split, &page.meta, rendered.headings.len()));
        if let Some(why) = translations.problems.get(&i) {
            slips.push(key_warning(&split, "translation_of", why.clone()));
        }
        diags.extend(diagnostics_for(&shown, Some(&text), slips, 0));
        if self.taxonomies.get(Kind::Tags).is_some() {
            diags.extend(diagnostics_for(&shown, Some(&text), tag_slips(&split, &page.meta), 0));
        }
        let end = end.then(|| self.end_body(i, split.body));
        (Some(rendered), end, diags)
    }

    /// Article `i`'s body rendered from `markdown`, for its page or for a
    /// feed (`for_feed`: its notes at the end): as kept in `bodies` if it
    /// was rendered from the same Markdown with the same options and each
    /// of its links still gets the title it got; else rendered, and kept
    /// there.
    fn cached_body(
        &self,
        bodies: &Bodies,
        i: usize,
        markdown: &str,
        linked: &RefCell<Vec<LinkTo>>,
        problems: &mut Vec<Problem>,
        for_feed: bool,
    ) -> markdown::Rendered {
        let page = &self.site.pages[i];
        let asked = RefCell::new(Asked::new());
        let links = |dest: &str| {
            let found = self.find_link(&page.path, &page.file, dest, linked);
            asked
                .borrow_mut()
                .push((dest.into(), found.clone().map(Found::into_owned)));
            found
        };
        let opts = self.render_options(Target::Page(i), &links, for_feed);
        let key = bodies::key(markdown, &opts);
        let same =
            |dest: &str, was: Option<&Found>| self.find_link(&page.path, &page.file, dest, linked).as_ref() == was;
        let used = match for_feed {
            true => bodies::Use::Feed,
            false => bodies::Use::Page,
        };
        if let Some(hit) = bodies.get(&page.file, used, key, same) {
            problems.extend(hit.problems);
            return hit.rendered;
        }
        // Links a failed reuse logged are logged again as it renders.
        linked.borrow_mut().clear();
        let rendered = markdown::render(markdown, &opts, problems);
        bodies.put(&page.file, used, key, &rendered, problems, asked.into_inner());
        rendered
    }

    /// What article `i`'s template sees as `page`, for its `rendered` body.
    /// (`cover`: the site path of its cover, see [`Job::cover`].)
    fn page_view<'r>(
        &'r self,
        i: usize,
        rendered: &'r markdown::Rendered,
        cover: Option<String>,
    ) -> context::PageView<'r> {
        page_view(
            self.site,
            self.config,
            self.taxonomies,
            self.translations(),
            i,
            rendered,
            cover,
        )
    }

    /// What the texts' `translation_of` lead to.
    fn translations(&self) -> &Translations {
        self.translations.get_or_init(|| self.site.translations())
    }

    /// Article `i`'s print body alone: its Markdown rendered, no page
    /// template, nothing written (what `serve` needs of the articles of a
    /// section it did not change).
    pub fn print_body(&self, i: usize) -> PrintBody {
        match self.body(i) {
            (Some(rendered), _) => PrintBody {
                page: tera::Value::from_serializable(&self.page_view(i, &rendered, self.cover_path(Target::Page(i)))),
                end: None,
            },
            (None, _) => PrintBody::default(),
        }
    }

    /// Reads, renders and writes one article.
    pub fn page(&self, i: usize) -> Result<PageOutcome, Error> {
        let (rendered, end, mut diags) = self.bodies_of(i, self.config.print.epub_texts);
        let Some(rendered) = rendered else {
            return Ok(PageOutcome {
                diagnostics: diags,
                print_body: PrintBody::default(),
            });
        };
        let page = &self.site.pages[i];
        let size = rendered.html.len();
        let (cover, warning) = self.cover(Target::Page(i));
        diags.extend(warning);
        let value = tera::Value::from_serializable(&self.page_view(i, &rendered, cover.clone()));
        drop(rendered);
        let mut ctx = Common::new(self.config, &page.path)
            .with_description(&page.meta.description)
            .with_running_title(&page.meta.title)
            .with_breadcrumbs(field(&value, "ancestors").cloned().expect("a page view has ancestors"))
            .into_context(self.globals);
        ctx.insert_value("page", value.clone());
        let mut print_body = PrintBody { page: value, end: None };
        match self.render("article.html", &ctx, size) {
            Ok(html) => self.emit(&page.path, &html)?,
            Err(d) => diags.push(d),
        }
        let lang = self.site.lang_of(Target::Page(i));
        self.write_aliases(&page.meta.aliases, &page.path, &page.meta.title, lang)?;
        if let Some(end) = end {
            self.write_edition(
                page.section,
                Some(i),
                (None, cover.as_deref()),
                &mut diags,
                &[Some(&end)],
            )?;
            // Kept for its issue's edition, if it has one.
            print_body.end = Some(end).filter(|_| self.config.print.epub);
        }
        Ok(PageOutcome {
            diagnostics: diags,
            print_body,
        })
    }

    /// Renders a section's articles (in parallel) and its print page;
    /// returns their problems and the first write error.
    pub fn articles_and_print(&self, s: usize) -> (Vec<Diagnostic>, Option<Error>) {
        let pages = &self.site.sections[s].pages;
        let results: Vec<Result<PageOutcome, Error>> = pages.par_iter().map(|&i| self.page(i)).collect();
        let mut diagnostics = Vec::new();
        let mut error = None;
        let mut bodies = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(outcome) => {
                    diagnostics.extend(outcome.diagnostics);
                    bodies.push(outcome.print_body);
                }
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        if self.site.has_print_page(s) && bodies.len() == pages.len() {
            match self.print_section(s, &bodies) {
                Ok(d) => diagnostics.extend(d),
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        (diagnostics, error)
    }

    /// How many levels of article lists a section's page carries: all of
    /// them for a small publication, two for an archive (its home page
    /// then lists issues, not thousands of titles).
    fn listing_levels(&self, s: usize) -> usize {
        if articles_below(self.site, s) <= SMALL_SITE {
            usize::MAX
        } else {
            2
        }
    }

    /// [`recent`] as the home page's template sees it: summaries, with
    /// their texts' covers (see [`Job::listed_summary`]).
    fn recent_value(&self) -> tera::Value {
        let from = Some(LinkFrom::Section(0));
        let recent = recent(self.site).into_iter().map(|p| self.listed_summary(p, from));
        tera::Value::from(recent.collect::<Vec<_>>())
    }

    /// Article `p`'s summary, as listings show it, shared through
    /// [`Summaries`].
    fn summary(&self, p: usize) -> tera::Value {
        self.summaries.get(self.site, self.config, p)
    }

    /// Article `p`'s summary as listings show it: with its cover
    /// (`cover`), if it has one, logged as a link of `from`'s if given
    /// (the folder's page listing it; warned of by the text's own page).
    fn listed_summary(&self, p: usize, from: Option<LinkFrom>) -> tera::Value {
        let summary = self.summary(p);
        // (Most texts have none: their summary is shared as it is.)
        if self.site.pages[p].meta.cover.is_empty() {
            return summary;
        }
        let Some(cover) = self.cover_logged(Target::Page(p), from).0 else {
            return summary;
        };
        let mut map = summary.into_map().expect("a summary is a map");
        map.insert("cover".into(), tera::Value::from(url_escaped(&cover)));
        tera::Value::from(map)
    }

    /// Section `s` as its page and print page show it. Its listings show
    /// the covers of the folders below and of the texts they list (each
    /// summary of a text with one has its `cover`), logged as links of
    /// its page's if `log_covers` (it is the page's render, not the print
    /// page's); each is warned of by its own page.
    fn section_value(
        &self,
        s: usize,
        content: &str,
        print_path: Option<String>,
        cover: Option<&str>,
        log_covers: bool,
    ) -> tera::Value {
        let from = log_covers.then_some(LinkFrom::Section(s));
        let summary = |p: usize| self.listed_summary(p, from);
        let cover_below = |below: usize| {
            let (cover, _warned_on_its_own_page) = self.cover_logged(Target::Section(below), from);
            cover.map(|c| url_escaped(&c)).unwrap_or_default()
        };
        let epub_path = match self.config.print.epub && self.site.has_print_page(s) {
            true => Some(epub::epub_path(&self.site.sections[s])),
            false => None,
        };
        section_value(
            self.site,
            self.config,
            s,
            self.listing_levels(s),
            content,
            (print_path, epub_path, cover.map(url_escaped).as_deref().unwrap_or("")),
            (&summary, &cover_below),
        )
    }

    /// The cover of `target` (`cover` in an article's front matter or in
    /// a folder's `_index.md`): the site path of the image, found as a link
    /// of its page finds a file (and logged as one: `serve` renders the
    /// page again when the file comes, changes or goes), if it is one of a
    /// type pages and e-books all show; else a warning at the key's line,
    /// and none.
    fn cover(&self, target: Target) -> (Option<String>, Option<Diagnostic>) {
        let from = match target {
            Target::Page(p) => LinkFrom::Page(p),
            Target::Section(s) => LinkFrom::Section(s),
        };
        self.cover_logged(target, Some(from))
    }

    /// The site path of `target`'s cover, if it has one, as [`Job::cover`]
    /// finds it, but neither logged nor warned of: for another page that
    /// shows it (a print page, an edition).
    fn cover_path(&self, target: Target) -> Option<String> {
        self.cover_logged(target, None).0
    }

    /// [`Job::cover`], its file logged as a link of `from`'s, if given
    /// (the page showing the cover: `target`'s own, or a section's whose
    /// listing shows the folder's).
    fn cover_logged(&self, target: Target, from: Option<LinkFrom>) -> (Option<String>, Option<Diagnostic>) {
        let (file, whose, has) = match target {
            Target::Page(p) => (Some(&self.site.pages[p].file), "the text", "text"),
            Target::Section(s) => (self.site.sections[s].index_file.as_ref(), "the `_index.md`", "folder"),
        };
        let meta = self.site.meta_of(target);
        let (raw, Some(file)) = (meta.cover.as_str(), file) else {
            return (None, None);
        };
        if raw.is_empty() {
            return (None, None);
        }
        let base = self.site.path_of(target);
        let linked = RefCell::new(Vec::new());
        let found = self.find_link(base, file, raw, &linked);
        if let Some(from) = from {
            self.log_links(from, linked);
        }
        let at = match &found {
            Some(Found::File) => self.site.link_path(base, raw),
            Some(Found::Instead { href, title: None }) => self.site.link_path(base, href),
            _ => None,
        };
        let url = at.map(|at| at.trim_end_matches('/').to_string());
        let message = match (url, found) {
            (Some(url), _) if epub::image_type(&url).is_some() => return (Some(url), None),
            (Some(_), _) => format!(
                "cover `{raw}` is not an image of a type every browser and e-reader shows \
                 (JPEG, PNG, GIF, SVG or WebP)"
            ),
            (None, Some(Found::Nothing { hint })) => {
                let shown = content_path(file, raw).map(|text| self.shown_content.join(text));
                let mut message = format!("cover `{raw}` is not there");
                if let Some(shown) = shown {
                    message.push_str(&format!(" (`{}`)", shown.display()));
                }
                if let Some(hint) = hint {
                    message.push_str(&format!("; did you mean `{hint}`? (a web server tells capitals apart)"));
                }
                message
            }
            (None, _) => {
                format!("cover `{raw}` is not a file of the site's: give an image beside {whose}, as `cover.jpg`")
            }
        };
        let warning = Diagnostic {
            path: self.shown_content.join(file),
            line: meta.cover_line,
            col: 1,
            severity: Severity::Warning,
            message: format!("{message}: the {has} has no cover"),
        };
        (None, Some(warning))
    }

    /// The print page of a section: title page, contents, every article
    /// (`bodies`, in the section's order), the `n`th with the id `an` and
    /// its own ids prefixed `an-`, so that none clash.
    pub fn print_section(&self, s: usize, bodies: &[PrintBody]) -> Result<Vec<Diagnostic>, Error> {
        let section = &self.site.sections[s];
        let size = bodies.iter().map(|b| b.content().len()).sum();
        // A link to an article of this print page leads to it here (a
        // PDF of the issue jumps within itself): to its place, if its body
        // has the id, else to its start.
        let print = print_path(section);
        let here: HashMap<&str, usize> = section
            .pages
            .iter()
            .enumerate()
            .map(|(k, &p)| (self.site.pages[p].path.as_str(), k))
            .collect();
        // Each article's ids, gathered when a link first needs them.
        let ids: Vec<std::cell::OnceCell<HashSet<&str>>> = bodies.iter().map(|_| Default::default()).collect();
        let within = |base: &str, href: &str| -> Option<String> {
            if href.contains(['?', '&']) {
                return None;
            }
            let &k = here.get(self.site.link_path(base, href)?.as_str())?;
            let anchor = format!("#a{}", k + 1);
            let fragment = href.split_once('#').map(|(_, f)| f).filter(|f| !f.is_empty());
            let id = fragment.and_then(crate::content::percent_decode);
            let has = |id: &str| {
                ids[k]
                    .get_or_init(|| markdown::html::ids_in(bodies[k].content()))
                    .contains(id)
            };
            Some(match (fragment, id) {
                (Some(f), Some(id)) if has(&id) => format!("{anchor}-{f}"),
                _ => anchor,
            })
        };
        // Each article's `page`, its body's ids prefixed `aN-` and its
        // `anchor` (`aN`) added; an article that could not be read (the
        // build fails) still has its title and byline.
        let articles: Vec<tera::Value> = section
            .pages
            .iter()
            .zip(bodies)
            .enumerate()
            .map(|(k, (&p, b))| {
                let anchor = format!("a{}", k + 1);
                let mut page = match b.page.as_map() {
                    Some(page) => page.clone(),
                    None => {
                        let none = markdown::Rendered::default();
                        let translations = self.translations();
                        let view = page_view(self.site, self.config, self.taxonomies, translations, p, &none, None);
                        tera::Value::from_serializable(&view).into_map().unwrap_or_default()
                    }
                };
                let links = |address, href: &str| match address {
                    Address::Href => within(&print, href),
                    Address::Src => None,
                };
                let content = prefix_ids(b.content(), &format!("{anchor}-"), links);
                page.insert("content".into(), tera::Value::from(content));
                page.insert("anchor".into(), tera::Value::from(anchor));
                tera::Value::from(page)
            })
            .collect();
        // The section's own text (an issue's editorial) opens its print
        // edition: its ids prefixed `intro-`, its links to articles here
        // leading within, its other addresses made from one folder deeper.
        let intro_html = self.intro_logged(s, false).0.map(|rendered| rendered.html);
        let intro = intro_html.as_deref().map(|html| {
            let relocate = |address, url: &str| {
                if let Some(here) = within(&section.path, url).filter(|_| address == Address::Href) {
                    return Some(here);
                }
                crate::content::relative_path(url)?;
                Some(format!("../{url}"))
            };
            prefix_ids(html, "intro-", relocate)
        });
        let cover = self.cover_path(Target::Section(s));
        let section_value = self.section_value(s, intro.as_deref().unwrap_or(""), None, cover.as_deref(), false);
        let mut ctx = Common::new(self.config, &print_path(section))
            .with_description(&section.meta.description)
            .with_running_title(&section.meta.title)
            .with_breadcrumbs(
                field(&section_value, "ancestors")
                    .cloned()
                    .expect("a section view has ancestors"),
            )
            .into_context(self.globals);
        ctx.insert_value("section", section_value);
        ctx.insert_value("articles", tera::Value::from(articles));
        let mut diags = Vec::new();
        match self.render("print.html", &ctx, size) {
            Ok(html) => self.emit(&print_path(section), &html)?,
            Err(d) => diags.push(d),
        }
        if self.config.print.epub {
            let known: Vec<Option<&markdown::Rendered>> = bodies.iter().map(|b| b.end.as_ref()).collect();
            self.write_edition(s, None, (intro_html.as_deref(), cover.as_deref()), &mut diags, &known)?;
        }
        Ok(diags)
    }

    /// The EPUB editions' stylesheet: the theme's `epub.css` rendered
    /// once for the build (with `config` and `words`), or the default
    /// theme's. `None` if the template fails: the first caller gets its
    /// problem in `diags`.
    fn epub_stylesheet(&self, diags: &mut Vec<Diagnostic>) -> Option<&str> {
        let mut problem = None;
        let css = self.epub_css.get_or_init(|| {
            let has = self
                .theme
                .tera
                .get_template_names()
                .any(|n| n == epub::STYLESHEET_TEMPLATE);
            if !has {
                return Some(epub::DEFAULT_STYLESHEET.to_string());
            }
            let ctx = Common::new(self.config, "").into_context(self.globals);
            match self.theme.tera.render(epub::STYLESHEET_TEMPLATE, &ctx) {
                Ok(css) => Some(css),
                Err(e) => {
                    problem = Some(self.template_problem(epub::STYLESHEET_TEMPLATE, &e));
                    None
                }
            }
        });
        diags.extend(problem);
        css.as_deref()
    }

    /// Writes an EPUB edition (see [`epub`]): section `s`'s (its print
    /// page's texts, `intro` its own text, `cover` the site path of its
    /// cover image), or with `text`, that text's own. Its texts' bodies
    /// with their notes at their end are `known`'s (in the texts' order),
    /// or rendered here. Problems go to `diags`.
    fn write_edition(
        &self,
        s: usize,
        text: Option<usize>,
        (intro, cover): (Option<&str>, Option<&str>),
        diags: &mut Vec<Diagnostic>,
        known: &[Option<&markdown::Rendered>],
    ) -> Result<(), Error> {
        let Some(stylesheet) = self.epub_stylesheet(diags) else {
            return Ok(());
        };
        if self.out.is_none() && self.in_place.is_none() {
            return Ok(());
        }
        let section = &self.site.sections[s];
        let pages = match text {
            Some(i) => vec![i],
            None => section.pages.clone(),
        };
        let bodies: Vec<Option<markdown::Rendered>> = pages
            .par_iter()
            .enumerate()
            .map(|(k, &i)| match known.get(k).copied().flatten() {
                Some(_) => None,
                None => self.feed_body(i),
            })
            .collect();
        let kept = |k: usize| known.get(k).copied().flatten();
        // Each text's cover (a text's own book has it as its cover).
        let covers: Vec<Option<String>> = match text {
            Some(_) => vec![None],
            None => pages.iter().map(|&i| self.cover_path(Target::Page(i))).collect(),
        };
        let texts: Vec<epub::Text> = pages
            .iter()
            .zip(&bodies)
            .zip(&covers)
            .enumerate()
            .map(|(k, ((&page, body), cover))| epub::Text {
                page,
                body: kept(k).or(body.as_ref()),
                cover: cover.as_deref(),
            })
            .collect();
        let file = |path: &str| self.file_bytes(path);
        let bytes = epub::write_epub(&epub::Edition {
            config: self.config,
            site: self.site,
            section: s,
            of_text: text.is_some(),
            intro,
            cover,
            texts: &texts,
            translations: self.translations(),
            stylesheet,
            file: &file,
        });
        let path = match text {
            Some(i) => epub::text_epub_path(&self.site.pages[i]),
            None => epub::epub_path(section),
        };
        self.put(&path, &bytes)
    }

    /// The bytes of the file the site publishes at `path` (a file beside
    /// the articles, or a static file), if any.
    fn file_bytes(&self, path: &str) -> Option<Vec<u8>> {
        if let Some((file, _)) = self.site.assets.iter().find(|(_, url)| url == path) {
            return std::fs::read(self.content.join(file)).ok();
        }
        match &self.theme.statics.iter().find(|(rel, _)| rel == path)?.1 {
            StaticFile::Disk(from) => std::fs::read(from).ok(),
            StaticFile::Embedded(bytes) => Some(bytes.to_vec()),
        }
    }

    /// Reads and renders section `s`'s `_index.md` text: its HTML (none
    /// if it has no such file, or it cannot be read) and its problems.
    fn intro(&self, s: usize) -> (Option<markdown::Rendered>, Vec<Diagnostic>) {
        self.intro_logged(s, true)
    }

    /// [`Job::intro`], its links and places logged (`log`: for the
    /// section's page) or not (for another page that shows the text, as
    /// the print page does).
    fn intro_logged(&self, s: usize, log: bool) -> (Option<markdown::Rendered>, Vec<Diagnostic>) {
        let section = &self.site.sections[s];
        let Some(file) = &section.index_file else {
            return (None, Vec::new());
        };
        let shown = self.shown_content.join(file);
        let text = match read_text(&self.content.join(file)) {
            Ok(text) => text,
            Err((line, message)) => {
                let unreadable = Diagnostic {
                    path: shown,
                    line,
                    col: 1,
                    severity: Severity::Error,
                    message,
                };
                return (None, vec![unreadable]);
            }
        };
        let mut diags = Vec::new();
        let split = split_front_matter(&text).ok();
        let (body_src, offset) = match &split {
            Some(split) => (split.body, split.body_offset),
            None => (text.as_str(), 0),
        };
        if let Some(split) = &split {
            diags.extend(diagnostics_for(
                &shown,
                Some(&text),
                front_matter_slips(split, &section.meta),
                0,
            ));
        }
        let mut problems = Vec::new();
        let linked = RefCell::new(Vec::new());
        let links = |dest: &str| self.find_link(&section.path, file, dest, &linked);
        let rendered = markdown::render(
            body_src,
            &self.render_options(Target::Section(s), &links, false),
            &mut problems,
        );
        problems.extend(self.anchors_missing(&rendered));
        if log {
            self.log_links(LinkFrom::Section(s), linked);
            self.log_places(LinkFrom::Section(s), &section.path, &rendered, &shown, &text, offset);
        }
        diags.extend(diagnostics_for(&shown, Some(&text), problems, offset));
        (Some(rendered), diags)
    }

    /// Renders and writes one section page (the home page for the root).
    pub fn section(&self, s: usize) -> Result<Vec<Diagnostic>, Error> {
        let section = &self.site.sections[s];
        let (intro, mut diags) = self.intro(s);
        let body = intro.map(|r| r.html).unwrap_or_default();
        let print_path = self.site.has_print_page(s).then(|| print_path(section));
        let mut ctx = Common::new(self.config, &section.path)
            .with_description(&section.meta.description)
            .with_breadcrumbs(tera::Value::from_serializable(
                &section
                    .parent
                    .map(|p| ancestors(self.site, self.config, p))
                    .unwrap_or_default(),
            ))
            .into_context(self.globals);
        let (cover, warning) = self.cover(Target::Section(s));
        diags.extend(warning);
        ctx.insert_value(
            "section",
            self.section_value(s, &body, print_path, cover.as_deref(), true),
        );
        if section.parent.is_none() {
            self.insert_index_paths(&mut ctx);
        }
        let recent = match section.parent {
            None => self.recent_value(),
            Some(_) => tera::Value::from(Vec::<tera::Value>::new()),
        };
        ctx.insert_value("recent", recent);
        let template = if section.parent.is_none() {
            "home.html"
        } else {
            "section.html"
        };
        match self.render(template, &ctx, body.len()) {
            Ok(html) => self.emit(&section.path, &html)?,
            Err(d) => diags.push(d),
        }
        // With the home page, whose values it shows (so that `serve`
        // writes it again whenever the home page changes): the page for
        // addresses with nothing there. Shown at any address, its links
        // start at the site's root.
        if section.parent.is_none() && self.theme.uses.contains_key(theme::NOT_FOUND_TEMPLATE) {
            ctx.insert_value("root", context::site_root(&self.config.base_url).into());
            ctx.insert_value("canonical", "".into());
            ctx.insert_value("description", self.config.description.as_str().into());
            match self.render(theme::NOT_FOUND_TEMPLATE, &ctx, 0) {
                Ok(html) => self.put(theme::NOT_FOUND_TEMPLATE, &html)?,
                Err(d) => diags.push(d),
            }
        }
        let title = match section.meta.title.as_str() {
            "" => &self.config.title,
            title => title,
        };
        let lang = self.site.lang_of(Target::Section(s));
        self.write_aliases(&section.meta.aliases, &section.path, title, lang)?;
        Ok(diags)
    }

    /// Renders and writes the tag and author pages (those in `only`, by
    /// kind and slug, or all) and the indexes of the kinds `index` says,
    /// for the kinds the site has pages of.
    pub fn term_pages(
        &self,
        only: Option<&BTreeSet<(Kind, String)>>,
        index: impl Fn(Kind) -> bool,
    ) -> Vec<Result<Vec<Diagnostic>, Error>> {
        let chosen: Vec<(&Terms, usize)> = match only {
            None => self
                .taxonomies
                .iter()
                .flat_map(|terms| (0..terms.list.len()).map(move |k| (terms, k)))
                .collect(),
            // (Those gone since are not there to render.)
            Some(only) => only
                .iter()
                .filter_map(|(kind, slug)| {
                    let terms = self.taxonomies.get(*kind)?;
                    Some((terms, terms.position(slug)?))
                })
                .collect(),
        };
        let indexes: Vec<&Terms> = self
            .taxonomies
            .iter()
            .filter(|terms| index(terms.kind) && !terms.index_path().is_empty())
            .collect();
        // Each kind's pages have the same breadcrumbs: the home page, and
        // their index if the site has one.
        let crumbs: Vec<tera::Value> = Kind::ALL
            .iter()
            .map(|&kind| {
                let mut crumbs = ancestors(self.site, self.config, 0);
                if let Some(terms) = self.taxonomies.get(kind).filter(|t| !t.index_path().is_empty()) {
                    crumbs.push(context::Link {
                        title: kind.title(&self.config.words),
                        path: &terms.base,
                        lang: &self.config.language,
                    });
                }
                tera::Value::from_serializable(&crumbs)
            })
            .collect();
        // The indexes alongside the pages: the authors' lists thousands of
        // names, the longest single page to render here.
        let (mut results, indexes): (Vec<_>, Vec<_>) = rayon::join(
            || {
                // A letter's page of the index of titles leads to every
                // letter: one list for them all.
                let letters = self
                    .taxonomies
                    .get(Kind::Titles)
                    .map(|t| tera::Value::from(context::terms_list(t)));
                let page = |&(terms, k): &(&Terms, usize)| {
                    let letters = letters.as_ref().filter(|_| terms.kind == Kind::Titles);
                    self.term_page(terms, k, &crumbs[terms.kind as usize], letters)
                };
                chosen.par_iter().map(page).collect()
            },
            || indexes.par_iter().map(|terms| self.term_index(terms)).collect(),
        );
        results.extend(indexes);
        results
    }

    /// The addresses of the indexes of the tags, the authors and the
    /// translators, if the site has them, else empty, as `tags_path`,
    /// `authors_path` and `translators_path`.
    fn insert_index_paths(&self, ctx: &mut Context) {
        for kind in Kind::ALL {
            let path = self.taxonomies.get(kind).map_or("", Terms::index_path);
            ctx.insert_value(format!("{}_path", kind.many()), tera::Value::from(path));
        }
    }

    /// Renders and writes the page of the `k`th of `terms`, with the
    /// breadcrumbs `crumbs` (and, a letter of the index of titles, the
    /// `letters` it leads to).
    fn term_page(
        &self,
        terms: &Terms,
        k: usize,
        crumbs: &tera::Value,
        letters: Option<&tera::Value>,
    ) -> Result<Vec<Diagnostic>, Error> {
        let term = &terms.list[k];
        let path = terms.path(&term.slug);
        // Each text with its cover, as a folder's page lists it (the
        // cover's file is followed by the text's own page: `serve` renders
        // the text's term pages again with it).
        let summary = |p: usize| self.listed_summary(p, None);
        let value = context::term_value(self.site, self.config, terms, term, &summary);
        let (text, description, mut diags) = self.term_text(terms.kind, &term.slug, &path);
        let mut ctx = Common::new(self.config, &path)
            .with_description(description)
            .with_breadcrumbs(crumbs.clone())
            .into_context(self.globals);
        ctx.insert_value(terms.kind.one(), value);
        ctx.insert_value("text", text);
        // Their index's address (not the other kind's: a page of one kind
        // changes with its own kind alone, which `serve` relies on).
        let index = tera::Value::from(terms.index_path());
        ctx.insert_value(format!("{}_path", terms.kind.many()), index);
        if let Some(letters) = letters {
            ctx.insert_value("letters", letters.clone());
        }
        match self.render(terms.kind.page_template(), &ctx, 256 * term.pages.len()) {
            Ok(html) => self.emit(&path, &html).map(|()| diags),
            Err(d) => {
                diags.push(d);
                Ok(diags)
            }
        }
    }

    /// What a tag's, an author's or a translator's page (or their index,
    /// for an empty `slug`) at `path` shows of its text, if it has one
    /// (see [`TermTexts`]), as templates see it (`text`: `content`, its
    /// Markdown as HTML, `description`, `lang` and `extra`, each empty if
    /// it has none); its description; and its problems. Its links are
    /// judged and logged as a section's text's are.
    fn term_text(&self, kind: Kind, slug: &str, path: &str) -> (tera::Value, &'a str, Vec<Diagnostic>) {
        let site_lang = self.config.language.as_str();
        let mut map = tera::Map::new();
        let mut diags = Vec::new();
        let (mut html, mut description, mut lang, mut extra) = (String::new(), "", site_lang, None);
        if let Some((t, meta)) = self.term_texts.of(kind, slug) {
            let file = &self.site.term_texts[t];
            let shown = self.shown_content.join(file);
            description = meta.description.as_str();
            lang = Some(meta.lang.as_str()).filter(|l| !l.is_empty()).unwrap_or(site_lang);
            extra = Some(&meta.extra);
            match read_text(&self.content.join(file)) {
                Err((line, message)) => diags.push(Diagnostic {
                    path: shown,
                    line,
                    col: 1,
                    severity: Severity::Error,
                    message,
                }),
                Ok(text) => {
                    let (body, offset) = match split_front_matter(&text) {
                        Ok(split) => {
                            let slips = TermTexts::slips(kind, slug.is_empty(), &split, meta);
                            diags.extend(diagnostics_for(&shown, Some(&text), slips, 0));
                            (split.body, split.body_offset)
                        }
                        Err(_) => (text.as_str(), 0),
                    };
                    let mut problems = Vec::new();
                    let linked = RefCell::new(Vec::new());
                    let links = |dest: &str| self.find_link(path, file, dest, &linked);
                    let rendered = markdown::render(body, &self.render_options_in(lang, &links, false), &mut problems);
                    problems.extend(self.anchors_missing(&rendered));
                    self.log_links(LinkFrom::Term(t), linked);
                    self.log_places(LinkFrom::Term(t), path, &rendered, &shown, &text, offset);
                    diags.extend(diagnostics_for(&shown, Some(&text), problems, offset));
                    html = rendered.html;
                }
            }
        }
        map.insert("content".into(), tera::Value::from(html));
        map.insert("description".into(), tera::Value::from(description));
        map.insert("lang".into(), tera::Value::from(lang));
        let extra = extra.map(tera::Value::from_serializable);
        map.insert(
            "extra".into(),
            extra.unwrap_or_else(|| tera::Value::from(tera::Map::new())),
        );
        (tera::Value::from(map), description, diags)
    }

    /// Renders and writes the index of `terms`.
    fn term_index(&self, terms: &Terms) -> Result<Vec<Diagnostic>, Error> {
        let crumbs = ancestors(self.site, self.config, 0);
        let (text, description, mut diags) = self.term_text(terms.kind, "", &terms.base);
        let mut ctx = Common::new(self.config, &terms.base)
            .with_description(description)
            .with_breadcrumbs(tera::Value::from_serializable(&crumbs))
            .into_context(self.globals);
        ctx.insert_value("text", text);
        match terms.kind {
            // The letters, each with its texts too on a small site's.
            Kind::Titles => {
                let summary = |p: usize| self.listed_summary(p, None);
                let list = context::letters_value(terms, terms.lists_whole(), &summary);
                ctx.insert_value(terms.kind.many(), list);
            }
            _ => {
                let (texts, site_lang) = (self.term_texts, self.config.language.as_str());
                let about = |slug: &str| match texts.of(terms.kind, slug) {
                    Some((_, meta)) if !meta.lang.is_empty() => (meta.description.as_str(), meta.lang.as_str()),
                    Some((_, meta)) => (meta.description.as_str(), site_lang),
                    None => ("", site_lang),
                };
                let (list, letters) = context::terms_values(terms, about);
                ctx.insert_value(terms.kind.many(), list);
                ctx.insert_value("letters", letters);
            }
        }
        ctx.insert_value("path", tera::Value::from(terms.base.as_str()));
        match self.render(terms.kind.index_template(), &ctx, 64 * terms.list.len()) {
            Ok(html) => self.emit(&terms.base, &html).map(|()| diags),
            Err(d) => {
                diags.push(d);
                Ok(diags)
            }
        }
    }

    /// Writes `feeds`, their texts' bodies rendered once each (in
    /// parallel), notes at the end.
    pub fn write_feeds(&self, feeds: &[Feed]) -> Result<(), Error> {
        if feeds.is_empty() {
            return Ok(());
        }
        // Each text's body once, though it may be in two feeds. (A text
        // that cannot be read has none: the page's render says why.)
        let bodies: HashMap<usize, String> = match self.config.feed.content == "full" {
            true => {
                let mut texts: Vec<usize> = feeds.iter().flat_map(|f| f.entries.iter().map(|e| e.page)).collect();
                texts.sort_unstable();
                texts.dedup();
                texts
                    .par_iter()
                    .filter_map(|&i| Some((i, self.feed_body(i)?.html)))
                    .collect()
            }
            false => HashMap::new(),
        };
        let results: Vec<Result<(), Error>> = feeds
            .par_iter()
            .map(|f| {
                let xml = feed::write_feed(self.config, self.site, f, |i| bodies.get(&i).map(String::as_str));
                self.put(&f.path, xml.as_bytes())
            })
            .collect();
        results.into_iter().collect()
    }

    /// Article `i`'s body as a feed carries it: its notes in the list at
    /// the end alone. Its problems are the page's, reported there; none if
    /// the file cannot be read.
    fn feed_body(&self, i: usize) -> Option<markdown::Rendered> {
        let text = read_text(&self.content.join(&self.site.pages[i].file)).ok()?;
        let split = split_front_matter(&text).ok()?;
        Some(self.end_body(i, split.body))
    }

    /// Article `i`'s body rendered from `markdown` with its notes at its
    /// end alone (see [`Job::feed_body`]).
    fn end_body(&self, i: usize, markdown: &str) -> markdown::Rendered {
        let page = &self.site.pages[i];
        let linked = RefCell::new(Vec::new());
        let mut problems = Vec::new();
        match self.bodies {
            Some(bodies) => self.cached_body(bodies, i, markdown, &linked, &mut problems, true),
            None => {
                let links = |dest: &str| self.find_link(&page.path, &page.file, dest, &linked);
                markdown::render(
                    markdown,
                    &self.render_options(Target::Page(i), &links, true),
                    &mut problems,
                )
            }
        }
    }

    /// Copies the theme's and site's static files and the content's assets.
    fn copy_files(&self) -> Result<(), Error> {
        for (rel, file) in &self.theme.statics {
            match file {
                StaticFile::Embedded(bytes) => self.put(rel, bytes)?,
                StaticFile::Disk(path) => self.copy(path, rel)?,
            }
        }
        for (src, url) in &self.site.assets {
            self.copy(&self.content.join(src), url)?;
        }
        Ok(())
    }

    /// Copies `from` to `rel` in the output; read first when the file
    /// there may have its bytes already.
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Error> {
        match (self.out, self.reuse.is_some() || self.in_place.is_some()) {
            (Some(dir), false) => copy(from, &dir.join(rel)),
            _ => {
                let bytes = std::fs::read(from).map_err(|source| Error::Io {
                    path: from.to_path_buf(),
                    source,
                })?;
                self.put(rel, &bytes)
            }
        }
    }
}

fn copy(from: &Path, to: &Path) -> Result<(), Error> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|source| Error::Io {
        path: from.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::{content_path, href_between, prefix_ids};
    use std::path::{Path, PathBuf};

    #[test]
    fn addresses_between_pages_and_files() {
        let cases = [
            ("review/issue-1/bread/", "review/issue-1/oven.jpg", "../oven.jpg"),
            ("review/issue-1/bread/", "review/issue-2/cover/", "../../issue-2/cover/"),
            ("review/issue-1/bread/", "review/issue-1/bread/", "./"),
            ("review/issue-1/bread/", "", "../../../"),
            ("review/", "review/fig.png", "fig.png"),
            ("", "review/Scan 1#2?.pdf", "review/Scan 1%232%3F.pdf"),
            ("", "50%.png", "50%25.png"),
        ];
        for (from, to, href) in cases {
            assert_eq!(href_between(from, to), href, "{from} -> {to}");
        }
    }

    #[test]
    fn paths_from_the_markdown_files_folder() {
        let at = |source: &str, dest: &str| content_path(Path::new(source), dest);
        assert_eq!(
            at("review/issue-1/bread.md", "oven.jpg"),
            Some(PathBuf::from("review/issue-1/oven.jpg"))
        );
        assert_eq!(
            at("review/issue-1/bread.md", "./Scan%201.pdf"),
            Some(PathBuf::from("review/issue-1/Scan 1.pdf"))
        );
        assert_eq!(
            at("review/issue-1/bread.md", "../issue-2/"),
            Some(PathBuf::from("review/issue-2"))
        );
        assert_eq!(at("review/issue-1/bread.md", "../../"), Some(PathBuf::from("")));
        assert_eq!(at("review/issue-1/bread.md", "../../../x.png"), None);
        assert_eq!(at("_index.md", "review/a.md"), Some(PathBuf::from("review/a.md")));
        assert_eq!(at("a/b.md", "bad%zz.png"), None);
    }

    #[test]
    fn prefix_ids_prefixes_ids_and_same_page_links_only() {
        let html =
            r##"<h2 id="a">A</h2><a href="#note-1" id="note-ref-1">1</a><a href="../x/">x</a> id=&quot;text&quot;"##;
        assert_eq!(
            prefix_ids(html, "a3-", |_, _| None),
            r##"<h2 id="a3-a">A</h2><a href="#a3-note-1" id="a3-note-ref-1">1</a><a href="../x/">x</a> id=&quot;text&quot;"##
        );
        // Only ` id="` and `href="#` (the end of any attribute name, as
        // `xhref`): not `data-id`, an `=` at either end, or a value that is
        // not quoted.
        let html = r##"=<p data-id="x" title="a=b"><a href=#y xhref="#z">id=</a></p><span id="s">="##;
        assert_eq!(
            prefix_ids(html, "p-", |_, _| None),
            r##"=<p data-id="x" title="a=b"><a href=#y xhref="#p-z">id=</a></p><span id="p-s">="##
        );
        // Other links' addresses go to `within`, which may write another.
        let html = r##"<a href="../two/#w">2</a><a href="https://x.org/">x</a><a href="#n">n</a><a href="">e</a>"##;
        let within = |_, href: &str| href.starts_with("../two/").then(|| "#a2-w".to_string());
        assert_eq!(
            prefix_ids(html, "a1-", within),
            r##"<a href="#a2-w">2</a><a href="https://x.org/">x</a><a href="#a1-n">n</a><a href="">e</a>"##
        );
    }
}

//! Rebuilding while files change: a full build when needed, else only what
//! an edit touched.
//!
//! The first full build goes into a new folder, `gen-N`, inside serve's
//! private folder, served once the build succeeded. Later full builds go
//! into the folder being served, in place ([`InPlace`]): each file whose
//! bytes changed is written beside the old one under a temporary name,
//! and only when the build succeeded are they renamed over the old ones
//! (and the files it no longer makes deleted), before the reload goes
//! out; a failed build deletes them, leaving the last good one served.
//! No folder is made again and no unchanged file written: on a disk, that
//! was most of a large site's full rebuild. Where the served folder will
//! not take the build in place (a folder where a file now goes), it goes
//! into a new folder, served when it succeeded; older folders are deleted
//! on a thread of their own afterwards (all but the last two, so requests
//! still reading the previous one finish), not before the reload.
//!
//! A save that leaves an article's bytes as its page was rendered from
//! (compared by hash) renders nothing. An edit to the body of a known
//! article (its front matter parses to the same metadata) re-renders that
//! article, its section page and its section's print page; each file
//! whose bytes changed is written beside the served one and, if the site
//! is good, renamed over it (atomic, same folder), as full builds do.
//! An edit to its metadata also re-renders the section pages above it
//! (their listings) and the print pages of those with articles; a new
//! title also the articles beside it (their previous/next links) and every
//! page whose links to it show the title (known from the links each render
//! finds); a new weight or date (or title, in a section sorted by title)
//! reorders its section and re-renders the articles whose neighbours
//! changed. A new article in a published section is added in place: its
//! page, its neighbours, the listings above it, its section's print page,
//! and the pages whose links to its address led nowhere (each render also
//! notes those). A deleted article goes the same way (a rename is both);
//! so does an article given a new slug (out at its old URL, in at the new)
//! or made a draft. A section left without articles loses its print page,
//! and one left with nothing to show (no articles, no `_index.md`, no
//! published section below) its page too, as do the sections above it
//! that it was all of; an article arriving publishes them again. An
//! `_index.md` whose text alone changed re-renders its section's page; one
//! with new metadata re-renders its section's page and print page and the
//! sections above (their listings show it); a new `sort_by` also the
//! articles whose neighbours changed, and a new title everything below its
//! section (breadcrumbs and section links show it) and the pages whose
//! links to it show it (the home page's title, on every page, is a full
//! build). A template that only section pages use (through `extends` and
//! `include`) re-renders every section page, one no page uses nothing; a
//! new or deleted template is taken as an edited one. Edits to known static files
//! and assets are copied the same way, and so are new files beside the
//! articles (images…); such a file deleted has its copy deleted. A static
//! file (or folder) new or deleted has the theme's static files read
//! again: what now goes to an output path is copied there (the built-in
//! theme's too), and output paths nothing goes to any more are deleted. A new
//! folder is walked (its files can come before the watch on it) and its
//! sections, articles and files are added in place;
//! a section that had no page gets one when an article or `_index.md`
//! arrives, and a new `_index.md` in a known folder is new metadata for
//! its section. A deleted folder takes its sections and articles out the
//! same way (their output folder is deleted); so does a folder whose
//! `_index.md` is made a draft, or is new and a draft (held back: what is
//! saved in it renders nothing; a new folder held back is not rendered
//! either), and a held folder whose `_index.md` is no longer a draft, or
//! is deleted, is walked as a new one. A deleted `_index.md` gives its section its
//! folder's name again. An article or `_index.md` saved with front matter
//! that has errors (not YAML, no title, a slug not allowed), known or new,
//! held back or not, or found so in a new folder, breaks the site in place:
//! the batch is refused with what a build reports of it, and so is every
//! later one until it is mended (or deleted), which is then an edit like
//! any other (its page, meanwhile, stays as it was; a folder whose
//! `_index.md` has errors is held back, as a draft's is). So does an
//! article saved new or edited with another article's address (two pages
//! at one address), until one of them leaves it: a batch that frees the
//! address is followed by this article's save, done again. A batch refused
//! (the site broken, by front matter or anything else a build reports as
//! an error) is followed in the site as loaded, not in the output: what
//! it leaves undone there (pages, listings, copies, deletions: `Owed`) is
//! done by the next good batch, in place. A batch that would write
//! something where something else of the site goes (a folder's page and
//! an article's, a folder `print/`, a file over a page: see
//! `Site::output_clashes`) is left to a full build, which reports it.
//! Anything else (the home page's title, templates that article or print
//! pages use, config) is a full build. One that fails is followed in
//! place from the site as it loaded (see `Builder::follow_failed`):
//! batches that leave the site broken are refused as above, and the first
//! that mends it builds everything; unless the problem is `book.toml`'s
//! or a template's, when builds follow in full until one is good.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use super::reload::{Message, Shared};
use super::watch::Batch;
use crate::config::Config;
use crate::content::front_matter::{parse_front_matter, split_front_matter, FrontMatter};
use crate::content::{
    asset_url, file_hash, is_ignored_name, load_problems, misnamed_markdown, read_text, section_meta, slug_of,
    unreadable_at, unreadable_entry, url_segment, Target as SiteTarget,
};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::render::feed::Feed;
use crate::render::sitemap;
use crate::render::taxonomy::{Kind, Taxonomies, Term, TermTexts};
use crate::render::theme::{load_theme, StaticFile, Theme};
use crate::render::{
    bodies::Bodies, build_loaded, epub, load_checked_config, print_path, BuildOptions, BuildReport, FileHashes,
    InPlace, LinkFrom, LinkLog, LinkTo, Loaded, PageOutcome, PlaceIds, PlaceLink, PlaceLog, PrintBody, Serving,
    Summaries,
};
use crate::Error;

/// Size and modification time of each file and folder a build reads, by
/// path from the root: what a rescan (after lost events) compares with.
/// (In path order: what was in a folder gone follows it.)
type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Takes `gone` out of `snapshot`, and what was in it if it was a folder.
fn forget_in_snapshot(snapshot: &mut Snapshot, gone: &Path) {
    let below: Vec<PathBuf> = snapshot
        .range::<Path, _>((std::ops::Bound::Included(gone), std::ops::Bound::Unbounded))
        .map(|(known, _)| known)
        .take_while(|known| known.starts_with(gone))
        .cloned()
        .collect();
    for known in below {
        snapshot.remove(&known);
    }
}

/// The paths that differ between two snapshots.
fn differences(old: &Snapshot, new: &Snapshot) -> BTreeSet<PathBuf> {
    let changed = new.iter().filter(|(p, v)| old.get(*p) != Some(v)).map(|(p, _)| p);
    let gone = old.keys().filter(|p| !new.contains_key(*p));
    changed.chain(gone).cloned().collect()
}

/// N of a `gen-N` folder, or of the build's `.gen-N.samizdat-*` siblings.
fn generation_of(name: &str) -> Option<u64> {
    name.strip_prefix('.')
        .unwrap_or(name)
        .strip_prefix("gen-")?
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// Deletes, on a thread of its own, the build folders numbered below `below`
/// (builds to come have higher numbers, so are never touched).
fn sweep(base: PathBuf, below: u64) {
    std::thread::spawn(move || {
        for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
            if generation_of(&entry.file_name().to_string_lossy()).is_some_and(|n| n < below) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
}

/// Sections' print bodies kept between edits (a section's first edit
/// renders every article of it for its print page; later ones only the
/// article saved), for the sections edited last.
#[derive(Default)]
struct PrintCache {
    /// Section -> when it was last used, and its articles' print bodies
    /// in section order.
    sections: HashMap<usize, (u64, Vec<PrintBody>)>,
    clock: u64,
}

impl PrintCache {
    /// How many sections are kept (an issue of 100 articles' bodies take
    /// about 2 MB).
    const SECTIONS: usize = 8;

    /// Section `s`'s bodies, taken out (`put` them back).
    fn take(&mut self, s: usize) -> Option<Vec<PrintBody>> {
        self.sections.remove(&s).map(|(_, bodies)| bodies)
    }

    /// Keeps section `s`'s bodies, letting go of the section used least
    /// recently if there are too many.
    fn put(&mut self, s: usize, bodies: Vec<PrintBody>) {
        self.clock += 1;
        if !self.sections.contains_key(&s) && self.sections.len() >= Self::SECTIONS {
            let oldest = self.sections.iter().min_by_key(|(_, (used, _))| *used).map(|(&o, _)| o);
            if let Some(oldest) = oldest {
                self.sections.remove(&oldest);
            }
        }
        self.sections.insert(s, (self.clock, bodies));
    }

    fn forget(&mut self, s: usize) {
        self.sections.remove(&s);
    }

    fn clear(&mut self) {
        self.sections.clear();
    }
}

/// What a batch of changes asks for.
#[allow(
    clippy::large_enum_variant,
    reason = "one per batch of file events, moved once: its size does not matter"
)]
#[derive(Debug, PartialEq)]
pub enum Plan {
    Nothing,
    Full,
    /// Templates changed (by name, `partials/byline.html`), and nothing else.
    Templates(Vec<String>),
    Partial(Edits),
}

/// What a batch changed that serve can follow in place.
#[derive(Debug, Default, PartialEq)]
pub struct Edits {
    /// Articles whose file changed.
    pages: BTreeSet<usize>,
    /// Their new metadata, for those whose metadata changed in place, and
    /// the hash of the front matter it was read from.
    metas: Vec<(usize, FrontMatter, u64)>,
    /// Files copied as they are: (source, path in the output).
    copies: Vec<(PathBuf, String)>,
    /// New articles in sections that are already published.
    added: Vec<NewArticle>,
    /// Articles whose file is gone (deleted, renamed away, or held back by
    /// a draft `_index.md`).
    removed: Vec<usize>,
    /// Sections whose `_index.md` changed in its text only.
    intros: BTreeSet<usize>,
    /// Sections whose own page (not their print page) changes: a
    /// template of the home or section pages changed.
    section_pages: BTreeSet<usize>,
    /// Sections (not the home page) with new metadata from their
    /// `_index.md`.
    section_metas: Vec<(usize, FrontMatter)>,
    /// New folders, parents first: each a section (indexes follow the
    /// loaded site's), with its files among `added` and `copies`.
    new_sections: Vec<NewSection>,
    /// Sections that get a page now (a new article, or an `_index.md`, in a
    /// section that had none), parents first.
    publish: BTreeSet<usize>,
    /// `_index.md` files new in known sections (not the home page's), with
    /// their metadata.
    new_indexes: Vec<(usize, PathBuf, FrontMatter)>,
    /// Folders gone (deleted, moved away, or held back by a draft
    /// `_index.md`): every section in them, their articles being in
    /// `removed`.
    removed_sections: Vec<usize>,
    /// Sections whose `_index.md` is gone.
    removed_indexes: Vec<usize>,
    /// Folders whose `_index.md` is a draft now: held back, their sections
    /// in `removed_sections`.
    hold: Vec<PathBuf>,
    /// Folders held back whose `_index.md` is no longer a draft: walked as
    /// new, their sections in `new_sections`.
    release: Vec<PathBuf>,
    /// New files beside the articles of known sections (images…): (file
    /// relative to the content folder, output path); copied through
    /// `copies`.
    new_assets: Vec<(PathBuf, String)>,
    /// Such files gone: their copies are deleted.
    removed_assets: Vec<PathBuf>,
    /// A theme's static file (or folder) new or gone: the theme's static
    /// files are read again, and what they put where is copied or deleted.
    theme_statics: bool,
    /// A template of the tag or author pages changed: all of them are
    /// rendered again.
    term_pages: bool,
    /// Tag, author and translator pages (by kind and the term's slug,
    /// empty for the index) whose text changed in its words alone, its
    /// front matter saying what it said, or that show their texts
    /// otherwise as `term_read` has them: rendered again in place.
    term_texts: BTreeSet<(Kind, String)>,
    /// Those texts read again, when one was saved with new front matter
    /// or is new: what the site has now (the pages that show them
    /// otherwise are in `term_texts`).
    term_read: Option<Box<TermTextsRead>>,
    /// Articles and `_index.md` files (relative to the content folder)
    /// whose front matter has errors, with what a build reports of them:
    /// they refuse the batch. With none: broken before, now saved mended
    /// or gone.
    front_matter: Vec<(PathBuf, Vec<Diagnostic>)>,
}

/// The texts of the tag, author and translator pages, read again (see
/// `Builder::term_texts_read`).
#[derive(Debug, PartialEq)]
pub struct TermTextsRead {
    /// The site's list of them ([`Site::term_texts`]): those it had in
    /// their places, new ones after them.
    files: Vec<PathBuf>,
    texts: TermTexts,
    /// The texts no longer shown (see [`Owed::hidden_texts`]).
    hidden: Vec<(usize, String)>,
}

/// How a section's `_index.md` changed.
#[derive(Debug, PartialEq)]
enum SectionEdit {
    /// Section `s`'s: only its text, which shows on its page alone.
    Intro(usize),
    /// Section `s`'s: new metadata (`partial` re-renders what shows it).
    Meta(usize, Box<FrontMatter>),
    /// New in section `s`'s folder, which had none: its metadata.
    New(usize, Box<FrontMatter>),
    /// A draft (not the home page's): its folder is held back.
    Held,
    /// With front matter that has errors (a known section's, or new in a
    /// known folder): what a build reports of it. The site is broken until
    /// it is mended.
    Broken(Vec<Diagnostic>),
}

/// A folder that appeared in the content folder.
#[derive(Debug, PartialEq)]
pub struct NewSection {
    /// Relative to the content folder.
    dir: PathBuf,
    parent: usize,
    /// Its `_index.md` and the metadata there, if it has one.
    index: Option<(PathBuf, FrontMatter)>,
    /// Its other files: (relative to the content folder, output path).
    assets: Vec<(PathBuf, String)>,
}

impl Edits {
    fn is_empty(&self) -> bool {
        let Edits {
            pages,
            metas,
            copies,
            added,
            removed,
            intros,
            section_pages,
            section_metas,
            new_sections,
            publish,
            new_indexes,
            removed_sections,
            removed_indexes,
            hold,
            release,
            new_assets,
            removed_assets,
            theme_statics,
            term_pages,
            term_texts,
            term_read,
            front_matter,
        } = self;
        !theme_statics
            && !term_pages
            && term_texts.is_empty()
            && term_read.is_none()
            && front_matter.is_empty()
            && pages.is_empty()
            && metas.is_empty()
            && copies.is_empty()
            && added.is_empty()
            && removed.is_empty()
            && intros.is_empty()
            && section_pages.is_empty()
            && section_metas.is_empty()
            && new_sections.is_empty()
            && publish.is_empty()
            && new_indexes.is_empty()
            && removed_sections.is_empty()
            && removed_indexes.is_empty()
            && hold.is_empty()
            && release.is_empty()
            && new_assets.is_empty()
            && removed_assets.is_empty()
    }
}

impl Edits {
    /// Whether these edits may write a page or file where another is
    /// (see `Site::output_clashes`): new addresses, and pages gone (an
    /// article with the slug `print` gives its section a print page).
    fn may_clash(&self) -> bool {
        !(self.added.is_empty()
            && self.removed.is_empty()
            && self.new_sections.is_empty()
            && self.publish.is_empty()
            && self.new_indexes.is_empty()
            && self.release.is_empty()
            && self.new_assets.is_empty()
            && !self.theme_statics)
    }
}

/// An article file that appeared in a known section.
#[derive(Debug, PartialEq)]
pub struct NewArticle {
    /// Relative to the content folder.
    file: PathBuf,
    section: usize,
    slug: String,
    meta: FrontMatter,
    /// See `Page::front_matter_hash`.
    front_matter_hash: u64,
}

/// How a known article's file changed.
#[derive(Debug, PartialEq)]
enum ArticleEdit {
    /// Nothing: its bytes are those its page was rendered from.
    Unchanged,
    /// Its text only; the metadata is as loaded.
    Body,
    /// New metadata at the same URL (also a new title, or a new place in
    /// its section's order: `partial` finds what shows them), and the hash
    /// of the front matter it was read from.
    Meta(FrontMatter, u64),
    /// A new URL (a new slug): the article leaves its old one and arrives
    /// at this one; `None` when it became a draft and is not shown.
    Moved(Option<NewArticle>),
    /// Front matter with errors (not YAML, no title…): what a build
    /// reports of it. The site is broken until it is mended.
    Broken(Vec<Diagnostic>),
}

/// What tag and author pages a batch changes (see [`term_changes`]).
#[derive(Default)]
struct TermChanges {
    /// Terms (by kind and slug) whose pages are rendered again.
    render: BTreeSet<(Kind, String)>,
    /// The addresses of the pages gone (an index's, if no term of its
    /// kind is left).
    gone: Vec<String>,
    /// The addresses of the pages new (an index's, if there were no terms
    /// of its kind).
    new: Vec<String>,
    /// The kinds whose index changes.
    index: BTreeSet<Kind>,
    /// Whether the home page changes (it links to the indexes there are).
    home: bool,
}

impl TermChanges {
    /// The pages of the terms `texts` have (as the site now files them)
    /// rendered again, and each index that lists its texts whole: they
    /// show something new of those texts.
    fn show(&mut self, taxonomies: &Taxonomies, site: &crate::content::Site, texts: &[usize]) {
        if texts.is_empty() {
            return;
        }
        for terms in taxonomies.iter() {
            let slugs = terms.kind.slugs_of(site, texts);
            let shown: Vec<String> = slugs.filter(|slug| terms.position(slug).is_some()).collect();
            if terms.lists_whole() && !shown.is_empty() {
                self.index.insert(terms.kind);
            }
            self.render.extend(shown.into_iter().map(|slug| (terms.kind, slug)));
        }
    }
}

/// The tag and author pages that change from `old` to `new` (placed
/// alike): those whose articles changed, and those of the terms of
/// `shown_changed` articles (whose metadata changed: what the pages show
/// of them), or, if `below` is not empty (sections whose title changed,
/// and those below them), of every article in those sections.
fn term_changes(
    old: &Taxonomies,
    new: &Taxonomies,
    site: &crate::content::Site,
    shown_changed: &[usize],
    below: &HashSet<usize>,
) -> TermChanges {
    let mut changes = TermChanges::default();
    for kind in Kind::ALL {
        let (Some(old), Some(new)) = (old.get(kind), new.get(kind)) else {
            continue;
        };
        // The terms the articles shown changed have now (those they had
        // lost them: their lists changed).
        let shown: HashSet<String, ahash::RandomState> = kind.slugs_of(site, shown_changed).collect();
        let in_below = |t: &Term| !below.is_empty() && t.pages.iter().any(|&p| below.contains(&site.pages[p].section));
        for t in &new.list {
            match old.position(&t.slug).map(|k| &old.list[k]) {
                None => changes.new.push(new.path(&t.slug)),
                Some(w) if w == t && !shown.contains(&t.slug) && !in_below(t) => continue,
                Some(_) => {}
            }
            changes.render.insert((kind, t.slug.clone()));
            // An index that lists every text shows what their pages show
            // (their texts in their order).
            if new.lists_whole() {
                changes.index.insert(kind);
            }
        }
        // Each letter of the titles' index leads to the others: a letter
        // new or gone changes them all.
        if kind == Kind::Titles && !old.list.iter().map(|t| &t.slug).eq(new.list.iter().map(|t| &t.slug)) {
            changes.render.extend(new.list.iter().map(|t| (kind, t.slug.clone())));
        }
        let gone = old.list.iter().filter(|t| new.position(&t.slug).is_none());
        changes.gone.extend(gone.map(|t| old.path(&t.slug)));
        let same_entry =
            |(a, b): (&Term, &Term)| a.slug == b.slug && a.name == b.name && a.pages.len() == b.pages.len();
        if old.list.len() != new.list.len() || !old.list.iter().zip(&new.list).all(same_entry) {
            changes.index.insert(kind);
        }
        let (was_index, is_index) = (old.index_path(), new.index_path());
        if was_index != is_index {
            changes.home = true;
            match is_index.is_empty() {
                true => changes.gone.push(was_index.to_string()),
                false => changes.new.push(is_index.to_string()),
            }
        }
    }
    changes
}

/// Which output a set of diagnostics came from, in an incremental rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Page(usize),
    Section(usize),
    Print(usize),
    /// The text of a tag's or an author's page (see
    /// [`crate::render::taxonomy::TermTexts`]), by its place in
    /// `Site::term_texts`.
    Term(usize),
}

/// The front matter of the file at `abs` (an article's, or an `_index.md`'s
/// when not `article`), if it reads without a problem; otherwise the full
/// build reads it and reports what is wrong.
fn clean_front_matter(abs: &Path, article: bool) -> Option<FrontMatter> {
    clean_front_matter_of(&read_text(abs).ok()?, article).map(|(meta, _)| meta)
}

/// [`clean_front_matter`] of a file's text, with the [`file_hash`] of its
/// front matter block (what `Page::front_matter_hash` keeps).
fn clean_front_matter_of(text: &str, article: bool) -> Option<(FrontMatter, u64)> {
    // An empty `_index.md` has none, as loading has it (an editor's save
    // can also be seen between emptying the file and writing it).
    if !article && text.trim().is_empty() {
        return Some((FrontMatter::default(), 0));
    }
    let split = split_front_matter(text).ok()?;
    let mut problems = Vec::new();
    let meta = parse_front_matter(&split, article, &mut problems)?;
    problems.is_empty().then(|| (meta, file_hash(split.yaml.as_bytes())))
}

/// A template's name from its path from the root (`themes/x/templates/a.html`
/// or `templates/a.html` -> `a.html`).
fn template_name(rel: &Path) -> Option<String> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    parts.by_ref().find(|c| c == "templates")?;
    let name: Vec<_> = parts.collect();
    (!name.is_empty()).then(|| name.join("/"))
}

/// A theme's static files on disk, by path from the root, with the output
/// path each goes to (the one that wins, where several could).
fn static_files(theme: &Theme, root: &Path) -> HashMap<PathBuf, String> {
    let on_disk = theme.statics.iter().filter_map(|(out, file)| match file {
        StaticFile::Disk(p) => Some((p.strip_prefix(root).ok()?.to_path_buf(), out.clone())),
        StaticFile::Embedded(_) => None,
    });
    on_disk.collect()
}

/// A theme's template files, by path from the root.
fn template_files(theme: &Theme, root: &Path) -> HashSet<PathBuf> {
    let relative = theme.template_files.iter().filter_map(|p| p.strip_prefix(root).ok());
    relative.map(Path::to_path_buf).collect()
}

/// Lookups from a changed path to what it is in the loaded site.
#[derive(Default)]
struct Known {
    /// Content-relative article file -> page index.
    pages: HashMap<PathBuf, usize>,
    /// Content-relative `_index.md` files and section folders.
    sections: HashSet<PathBuf>,
    /// Content-relative asset -> output path.
    assets: HashMap<PathBuf, String>,
    /// Root-relative static file (the one that wins) -> output path.
    statics: HashMap<PathBuf, String>,
    /// Root-relative template files.
    templates: HashSet<PathBuf>,
}

impl Known {
    fn of(loaded: &Loaded, root: &Path) -> Self {
        let mut k = Known::default();
        for (i, p) in loaded.site.pages.iter().enumerate() {
            k.pages.insert(p.file.clone(), i);
        }
        for s in &loaded.site.sections {
            k.sections.insert(s.dir.clone());
            if let Some(f) = &s.index_file {
                k.sections.insert(f.clone());
            }
        }
        for (src, url) in &loaded.site.assets {
            k.assets.insert(src.clone(), url.clone());
        }
        k.statics = static_files(&loaded.theme, root);
        k.templates = template_files(&loaded.theme, root);
        k
    }
}

/// What a partial rebuild re-renders, once the edits are in the site.
struct Changes {
    /// Articles whose pages (and print bodies) are rendered again.
    todo: BTreeSet<usize>,
    /// Sections whose pages (and print pages) list what changed.
    listings: BTreeSet<usize>,
    /// Addresses of the articles gone: their output is deleted.
    removed_paths: Vec<String>,
    /// Addresses of the folders gone: their output folders are deleted.
    removed_dirs: Vec<String>,
    /// Output paths of files (images…) gone: deleted.
    removed_files: Vec<String>,
    /// Whether the tag or author pages come or go as a whole, or
    /// something else takes their address (the full build tells).
    terms_moved: bool,
    /// The tag and author pages that change.
    term_changes: TermChanges,
    /// Sections whose own front matter changed (or their `_index.md` came
    /// or went): their feeds show their description.
    described: BTreeSet<usize>,
}

/// What batches refused since the last good output (the site was broken)
/// left undone in the output: the site as loaded has their edits, the
/// output not. The next good batch does it along with its own; its pages
/// to render are `Builder::pending`.
#[derive(Default)]
struct Owed {
    /// A full build failed since the last good output: the site as loaded
    /// is that build's, and the output is behind it in everything. Saves
    /// that leave the site broken are refused in place; the first that
    /// mends it builds everything (see `Builder::follow_failed`).
    everything: bool,
    /// Sections whose pages (and print pages) list what changed.
    listings: BTreeSet<usize>,
    /// Sections whose `_index.md` text changed: their pages.
    intros: BTreeSet<usize>,
    /// Sections whose own page changed, not their print page (see
    /// `Edits::section_pages`).
    section_pages: BTreeSet<usize>,
    /// Tags and authors (by kind and slug) whose pages show what changed,
    /// and the kinds whose index does.
    terms: BTreeSet<(Kind, String)>,
    term_indexes: BTreeSet<Kind>,
    /// Sections whose own front matter changed: their feeds.
    described: BTreeSet<usize>,
    /// The sitemap's state (see [`sitemap::state`]) as last written, if a
    /// batch was refused since: the site has moved on from it.
    sitemap: Option<(usize, u64)>,
    /// Output path of a file (a copy, a theme's static file) -> what goes
    /// there now: the last batch's say.
    files: BTreeMap<String, OwedFile>,
    /// Addresses of pages gone, and output folders of sections gone: what
    /// the next good batch makes there again stays.
    removed_paths: BTreeSet<String>,
    removed_dirs: BTreeSet<String>,
    /// Texts of tag, author and translator pages no longer shown (gone,
    /// or drafts), by their place in [`Site::term_texts`], with the
    /// address of the page that showed them: what their renders logged
    /// goes, and the links to that page's ids are judged again.
    hidden_texts: BTreeMap<usize, String>,
}

enum OwedFile {
    /// A copy of this file (unless it is gone by then).
    Copy(PathBuf),
    /// A built-in theme's file.
    Write(&'static [u8]),
    Removed,
}

pub struct Builder {
    opts: BuildOptions,
    /// serve's private folder: the `gen-N` folders live here.
    base: PathBuf,
    shared: Arc<Shared>,
    /// The site as a full build last loaded it, edits since followed in
    /// it; `None` before one, and after one that could not be followed (a
    /// config or theme that did not load, a template's problem: see
    /// `follow_failed`), when every change builds everything.
    loaded: Option<Loaded>,
    known: Known,
    /// The last config read, for which folders matter.
    config: Config,
    /// The files as the last full build (or rescan) found them.
    snapshot: Snapshot,
    /// The number of the last `gen-N` folder built into.
    generation: u64,
    /// Diagnostics of the last full build, minus those of outputs
    /// re-rendered since, which are in `partial_diags`.
    base_diags: Vec<Diagnostic>,
    partial_diags: HashMap<Target, Vec<Diagnostic>>,
    /// Articles re-rendered since the last good output but not written,
    /// because the site was broken: re-rendered with the next edit.
    pending: BTreeSet<usize>,
    /// The rest of what refused batches left undone.
    owed: Owed,
    /// Articles and `_index.md` files (relative to the content folder)
    /// whose front matter has errors, with what a build reports of them,
    /// until they are saved mended or go: while there are any, every
    /// batch is refused, and their pages stay as they were.
    broken: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Article -> its file's bytes hashed, as its served page was last
    /// rendered from them: a save that leaves them so renders nothing.
    hashes: HashMap<usize, u64>,
    print_cache: PrintCache,
    /// Articles (files from the root) found gone while a batch rendered
    /// them: their deletion is on its way (`rm -r` of a folder, seen
    /// halfway), and the batch is done again with every change on disk
    /// (see `apply`).
    vanished: Vec<PathBuf>,
    /// Whether a batch may wait for such deletions (not when it is the
    /// one done again).
    may_wait: bool,
    /// Page -> where its links lead: articles (it shows their titles) and
    /// site paths with no page yet.
    links: HashMap<LinkFrom, Vec<LinkTo>>,
    /// Articles' bodies as last rendered, by their Markdown: a page whose
    /// Markdown did not change renders again without it (`None` if its
    /// file could not be made: every body is rendered).
    bodies: Option<Bodies>,
    /// Page -> its links to ids on other pages, judged again when it
    /// renders or a page they lead to renders or goes.
    places: HashMap<LinkFrom, Vec<PlaceLink>>,
    /// The ids of the bodies of pages linked to so, by address, until
    /// they render again.
    place_ids: PlaceIds,
    /// The warnings of those links that lead to no id, by the page with
    /// the link, as last judged.
    place_diags: HashMap<LinkFrom, Vec<Diagnostic>>,
}

/// `diags` but for one of each of `some` (which are among them).
fn without(mut diags: Vec<Diagnostic>, some: &[(LinkFrom, Diagnostic)]) -> Vec<Diagnostic> {
    if some.is_empty() {
        return diags;
    }
    let mut left: HashMap<String, usize> = HashMap::new();
    for (_, d) in some {
        *left.entry(d.to_string()).or_default() += 1;
    }
    diags.retain(|d| match left.get_mut(&d.to_string()) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
    diags
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Builder {
    pub fn new(opts: BuildOptions, base: PathBuf, shared: Arc<Shared>) -> Self {
        Builder {
            opts,
            shared,
            loaded: None,
            known: Known::default(),
            config: Config::default(),
            base_diags: Vec::new(),
            partial_diags: HashMap::new(),
            pending: BTreeSet::new(),
            owed: Owed::default(),
            broken: BTreeMap::new(),
            hashes: HashMap::new(),
            print_cache: PrintCache::default(),
            vanished: Vec::new(),
            may_wait: true,
            links: HashMap::new(),
            places: HashMap::new(),
            place_ids: PlaceIds::new(),
            place_diags: HashMap::new(),
            snapshot: Snapshot::new(),
            generation: 0,
            bodies: Bodies::new(&base).ok(),
            base,
        }
    }

    /// Picks up after folders left by an earlier run (killed before it
    /// could clean up): numbers go on after theirs, and they are deleted.
    pub fn start(&mut self) {
        let names = std::fs::read_dir(&self.base).into_iter().flatten().flatten();
        let last = names
            .filter_map(|e| generation_of(&e.file_name().to_string_lossy()))
            .max();
        if let Some(last) = last {
            self.generation = last;
            sweep(self.base.clone(), last + 1);
        }
    }

    /// The content folder, relative to the root, as last configured.
    pub fn content_dir(&self) -> &Path {
        &self.config.content_dir
    }

    fn denied(&self, d: &Diagnostic) -> bool {
        d.severity == Severity::Error || (self.opts.deny_warnings && d.severity == Severity::Warning)
    }

    fn print_diags<'a>(&self, diags: impl IntoIterator<Item = &'a Diagnostic>) {
        for d in diags {
            eprintln!("{d}");
        }
    }

    /// The build failed: shows its problems in every tab; the last good
    /// output stays served.
    fn broken(&self, problems: Vec<String>) {
        match self.shared.status().out {
            Some(_) => eprintln!("build failed; still serving the last good build"),
            None => eprintln!("build failed; nothing to serve until it builds"),
        }
        self.shared.update(|s| s.errors = problems.clone());
        self.shared.send(Message::Error(problems));
    }

    /// The build is in place: tells tabs what changed, then its problems
    /// (warnings) if it has any, or that there are none any more.
    fn good(&self, problems: Vec<String>, message: Option<Message>) {
        let mut before = Vec::new();
        self.shared
            .update(|s| before = std::mem::replace(&mut s.errors, problems.clone()));
        if problems.is_empty() && !before.is_empty() {
            self.shared.send(Message::Ok);
        }
        let reloading = message.is_some();
        if let Some(m) = message {
            self.shared.send(m);
        }
        if !problems.is_empty() && (reloading || problems != before) {
            self.shared.send(Message::Error(problems));
        }
    }

    /// Builds everything: into the folder being served, if there is one
    /// (only the files that changed are written, and put in place when
    /// the build succeeded), else into a new folder, then served.
    pub fn full(&mut self) {
        self.build_everything(true);
    }

    fn build_everything(&mut self, in_place: bool) {
        let started = Instant::now();
        if let Some(bodies) = &self.bodies {
            bodies.take_reused();
        }
        let previous = self.shared.status().out;
        self.generation += 1;
        let in_place = previous.as_deref().filter(|_| in_place).map(InPlace::new);
        let output = match &in_place {
            Some(served) => served.root().to_path_buf(),
            None => self.base.join(format!("gen-{}", self.generation)),
        };
        if let Ok((config, _)) = load_checked_config(&self.opts.root) {
            self.config = config;
        }
        // Before the build reads anything: a change during it shows.
        self.snapshot = self.snapshot();
        let opts = BuildOptions {
            output: Some(output.clone()),
            write: true,
            ..self.opts.clone()
        };
        // Until the build is good, no page is known to be as its file,
        // and every change is left to a full build. The site as last
        // loaded goes before it is loaded again: at 30,000 articles,
        // holding both added 38 MiB to a rebuild's peak (208 -> 170 MiB).
        self.hashes.clear();
        self.loaded = None;
        self.owed = Owed::default();
        self.print_cache.clear();
        let serving = Serving {
            in_place: in_place.as_ref(),
            bodies: self.bodies.as_ref(),
        };
        match build_loaded(&opts, Some(serving)) {
            Ok((mut report, loaded)) => {
                self.print_diags(&report.diagnostics.items);
                let problems: Vec<String> = report.diagnostics.items.iter().map(ToString::to_string).collect();
                if report.failed() {
                    self.broken(problems);
                    self.follow_failed(report, loaded);
                    return;
                }
                let site_root = crate::render::context::site_root(&loaded.config.base_url);
                self.shared.update(|s| s.site_root = site_root);
                if in_place.is_none() {
                    self.shared.update(|s| s.out = Some(output));
                    // Keep the one just replaced: requests may still read it.
                    let keep = previous
                        .and_then(|p| generation_of(&p.file_name()?.to_string_lossy()))
                        .unwrap_or(self.generation);
                    sweep(self.base.clone(), keep);
                }
                self.follow(loaded, &mut report);
                self.base_diags = without(std::mem::take(&mut report.diagnostics.items), &report.place_warnings);
                self.hashes = std::mem::take(&mut report.hashes)
                    .into_iter()
                    .filter_map(|(i, hash)| Some((i, hash?)))
                    .collect();
                let reused = self.bodies.as_ref().map_or(0, Bodies::reused);
                eprintln!(
                    "built {} articles, {} sections in {} ms{}",
                    report.pages,
                    report.sections,
                    started.elapsed().as_millis(),
                    match reused {
                        0 => String::new(),
                        n => format!(" ({n} bodies reused: their Markdown had not changed)"),
                    }
                );
                self.good(problems, Some(Message::Reload));
            }
            Err(e @ Error::Io { .. }) if in_place.is_some() => {
                // A folder in the served build where a file now goes, or
                // a file that could not be written or renamed: a new
                // folder, which replaces the served one whole.
                eprintln!("samizdat serve: {e}; building into a new folder");
                self.build_everything(false);
            }
            Err(e) => self.failed(&e),
        }
    }

    /// A full build that loaded the site failed: from here the site as it
    /// loaded is followed in place, as after a batch refused on a broken
    /// site, so that saves that leave it broken are refused in a few
    /// milliseconds, not each by a full build again (at 10,000 articles,
    /// about a second each). Its files that did not load (front matter, a
    /// slug, an address another has) are kept apart as `broken`, as a
    /// refused save's are; what else it reported stays with the output it
    /// came from; what is written over something else is worked out again
    /// after each batch. The first batch that leaves no problem builds
    /// everything. Unless a problem is not a content file's (`book.toml`'s,
    /// a template's), which only a full build judges again, or nothing is
    /// served yet: then every change builds everything, as before.
    fn follow_failed(&mut self, report: BuildReport, loaded: Loaded) {
        let shown_content = loaded.shown_content.clone();
        let content_file = |d: &Diagnostic| d.path.strip_prefix(&shown_content).ok().map(Path::to_path_buf);
        let unfollowed = report
            .diagnostics
            .items
            .iter()
            .any(|d| self.denied(d) && content_file(d).is_none());
        if unfollowed || self.shared.status().out.is_none() {
            return;
        }
        let clashes = loaded.output_clashes(&self.opts.root);
        let mut report = report;
        self.follow(loaded, &mut report);
        for d in without(report.diagnostics.items, &report.place_warnings) {
            let file = content_file(&d);
            let did_not_load = |c: &Path| {
                d.severity == Severity::Error
                    && c.extension().is_some_and(|e| e == "md")
                    && (c.file_name().is_some_and(|n| n == "_index.md") || !self.known.pages.contains_key(c))
            };
            match file {
                _ if clashes.contains(&d) => {}
                Some(c) if did_not_load(&c) => self.broken.entry(c).or_default().push(d),
                _ => self.base_diags.push(d),
            }
        }
        self.owed = Owed {
            everything: true,
            ..Owed::default()
        };
    }

    /// From now on, edits are followed in `loaded` (the site a full build
    /// loaded, whose pages link as `report` says), with no problem known
    /// yet but the warnings of links to ids on other pages, which are
    /// judged apart: the caller tells the rest.
    fn follow(&mut self, mut loaded: Loaded, report: &mut BuildReport) {
        self.known = Known::of(&loaded, &self.opts.root);
        self.config = loaded.config.clone();
        // Edits from now on share the articles' summaries.
        loaded.summaries = Summaries::new(loaded.site.pages.len());
        self.loaded = Some(loaded);
        self.base_diags.clear();
        self.partial_diags.clear();
        self.pending.clear();
        self.broken.clear();
        self.print_cache.clear();
        self.links.clear();
        for (from, to) in &report.links {
            self.links.entry(*from).or_default().push(to.clone());
        }
        self.places.clear();
        for place in std::mem::take(&mut report.places) {
            self.places.entry(place.from).or_default().push(place);
        }
        self.place_ids = std::mem::take(&mut report.place_ids);
        self.place_diags.clear();
        for (from, d) in &report.place_warnings {
            self.place_diags.entry(*from).or_default().push(d.clone());
        }
    }

    /// A build that could not even start (config, theme): its problems are
    /// shown until one succeeds, and the next change builds everything.
    fn failed(&mut self, e: &Error) {
        self.loaded = None;
        let problems = e.report_lines();
        for p in &problems {
            eprintln!("{p}");
        }
        self.broken(problems);
    }

    /// Every file and folder under what the site is built from.
    fn snapshot(&self) -> Snapshot {
        let root = &self.opts.root;
        let theme = Path::new("themes").join(&self.config.theme);
        let mut snapshot = Snapshot::new();
        for top in [
            Path::new("book.toml"),
            &self.config.content_dir,
            &theme,
            Path::new("templates"),
            Path::new("static"),
        ] {
            let walker = walkdir::WalkDir::new(root.join(top))
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
            for entry in walker.flatten() {
                if let (Ok(rel), Ok(meta)) = (entry.path().strip_prefix(root), entry.metadata()) {
                    snapshot.insert(rel.to_path_buf(), (meta.len(), meta.modified().ok()));
                }
            }
        }
        snapshot
    }

    /// Rebuilds for one batch of changes.
    pub fn apply(&mut self, batch: &Batch) {
        self.apply_batch(batch);
        // Articles found gone while rendering: the batch again, with them
        // and whatever else is gone by now (a folder being deleted goes
        // file by file: every file is looked at again, as after lost
        // events). Once: then what is still wrong is shown.
        let vanished = std::mem::take(&mut self.vanished);
        if !vanished.is_empty() {
            if super::tracing() {
                eprintln!("trace: gone while rendered, done again with all that changed: {vanished:?}");
            }
            self.may_wait = false;
            self.apply_batch(&Batch {
                paths: vanished.into_iter().collect(),
                rescan: true,
            });
            self.may_wait = true;
        }
        // Articles refused for an address another had, which this batch
        // freed: looked at again, as if saved.
        let freed = self.clashes_freed();
        if !freed.is_empty() {
            if super::tracing() {
                eprintln!("trace: addresses freed for {freed:?}");
            }
            self.apply_batch(&Batch {
                paths: freed.into_iter().collect(),
                rescan: false,
            });
        }
    }

    fn apply_batch(&mut self, batch: &Batch) {
        let mut paths = batch.paths.clone();
        if batch.rescan {
            // Events were lost (our own builds open every file, and the
            // OS queue is finite): compare the files with the last look.
            let now = self.snapshot();
            paths.extend(differences(&self.snapshot, &now));
            self.snapshot = now;
        }
        let plan = self.plan(&paths);
        if super::tracing() {
            let kind = match &plan {
                Plan::Nothing => "nothing to do",
                Plan::Full => "a full build",
                Plan::Templates(_) => "templates",
                Plan::Partial(_) => "in place",
            };
            eprintln!("trace: plan: {kind}");
        }
        match plan {
            Plan::Nothing => {}
            Plan::Full => self.full(),
            Plan::Templates(names) => self.templates_changed(&names),
            Plan::Partial(edits) => {
                if let Err(e) = self.partial(edits) {
                    eprintln!("samizdat serve: {e}; building everything");
                    self.full();
                    return;
                }
                for p in &paths {
                    match std::fs::metadata(self.opts.root.join(p)) {
                        // A folder: what is in it too (a new one was walked).
                        Ok(m) if m.is_dir() => {
                            for entry in walkdir::WalkDir::new(self.opts.root.join(p)).into_iter().flatten() {
                                if let (Ok(rel), Ok(m)) = (entry.path().strip_prefix(&self.opts.root), entry.metadata())
                                {
                                    self.snapshot.insert(rel.to_path_buf(), (m.len(), m.modified().ok()));
                                }
                            }
                        }
                        Ok(m) => {
                            self.snapshot.insert(p.clone(), (m.len(), m.modified().ok()));
                        }
                        // Gone: what was in it too.
                        Err(_) => forget_in_snapshot(&mut self.snapshot, p),
                    };
                }
            }
        }
        if let (Some(bodies), Some(loaded)) = (&mut self.bodies, &self.loaded) {
            if bodies.wasteful() {
                let files: HashSet<&Path> = loaded.site.pages.iter().map(|p| p.file.as_path()).collect();
                bodies.compact(|file| files.contains(file));
            }
        }
    }

    /// Decides between nothing, a partial and a full rebuild.
    pub fn plan(&self, paths: &BTreeSet<PathBuf>) -> Plan {
        let root = &self.opts.root;
        let content = &self.config.content_dir;
        let theme = Path::new("themes").join(&self.config.theme);
        let mut pages = BTreeSet::new();
        let mut metas = Vec::new();
        let mut copies = Vec::new();
        let mut added: Vec<NewArticle> = Vec::new();
        let mut removed = Vec::new();
        let mut intros = BTreeSet::new();
        let mut section_metas = Vec::new();
        let mut new_sections: Vec<NewSection> = Vec::new();
        let mut new_indexes = Vec::new();
        let mut removed_sections: Vec<usize> = Vec::new();
        let mut removed_indexes = Vec::new();
        let mut hold = Vec::new();
        let mut release = Vec::new();
        let mut new_assets = Vec::new();
        let mut removed_assets = Vec::new();
        let mut front_matter = Vec::new();
        let mut theme_statics = false;
        let mut term_texts = BTreeSet::new();
        let mut term_files = Vec::new();
        let mut templates = Vec::new();
        // Folders walked (new) or taken out (gone) whole: what the batch
        // says of files in them is handled already.
        let mut whole_folders: Vec<PathBuf> = Vec::new();
        let mut full = false;
        let in_theme = |rel: &Path| {
            rel.starts_with(&theme)
                || rel == Path::new("themes")
                || rel.starts_with("templates")
                || rel.starts_with("static")
        };
        for rel in paths {
            if rel
                .components()
                .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            if whole_folders.iter().any(|d| rel.starts_with(d)) {
                continue;
            }
            let relevant = rel == Path::new("book.toml") || rel.starts_with(content) || in_theme(rel);
            if relevant && self.loaded.is_none() {
                // Nothing good to update in place.
                return Plan::Full;
            }
            let abs = root.join(rel);
            if let Ok(c) = rel.strip_prefix(content) {
                // What cannot be read (a link to a folder or to nothing, a
                // pipe), or could not when the site was loaded: the full
                // build reports it, and builds again once it is gone.
                let site = &self.loaded.as_ref().expect("checked above").site;
                let unreadable = &site.unreadable;
                if unreadable_at(&abs).is_some() || unreadable.iter().any(|u| u.starts_with(c) || c.starts_with(u)) {
                    return Plan::Full;
                }
                // The texts of the tag and author pages (and what is beside
                // them): one edited in its words alone is rendered again
                // on its page; one new or saying something new in its
                // front matter has them all read again (they are few; see
                // `term_texts_read`, which leaves the rest to the full
                // build).
                let folder = c.components().next().map(|f| f.as_os_str());
                if site.term_folders.iter().any(|f| folder == Some(f.as_ref())) {
                    match self.term_text_edited(c, &abs) {
                        Some(page) => {
                            term_texts.insert(page);
                        }
                        None => term_files.push((c.to_path_buf(), abs)),
                    }
                    continue;
                }
            }
            let meta = std::fs::metadata(&abs).ok();
            let exists = meta.is_some();
            let is_file = meta.as_ref().is_some_and(|m| m.is_file());
            if let (false, Ok(c)) = (exists, rel.strip_prefix(content)) {
                // Gone: with it the problems of the broken files it was or
                // held (held back or not).
                let gone = self.broken.keys().filter(|b| b.starts_with(c));
                front_matter.extend(gone.map(|b| (b.clone(), Vec::new())));
            }
            // (A `robots.txt` of the site's own, new or gone, is or stops
            // being the one the site has: the full build tells.)
            let robots = rel.file_name().is_some_and(|n| n == crate::render::robots::PATH);
            if rel == Path::new("book.toml") || (robots && relevant) {
                full = true;
            } else if let Some(held) = rel.strip_prefix(content).ok().filter(|c| self.is_held(c)) {
                // In a folder held back by a draft `_index.md` (or one with
                // errors): nothing to render, unless that `_index.md` is
                // no longer a draft. A full build reads every front
                // matter, held or not, and reports its problems: they are
                // refused in place like those of any other file, and a
                // broken `_index.md` keeps its folder held back.
                let is_index = held.file_name().is_some_and(|n| n == "_index.md");
                let dir = held.parent().filter(|dir| self.is_held_root(dir));
                let is_text = is_file && held.extension().is_some_and(|e| e == "md");
                // The texts read: it, or those of a folder new in it.
                let texts: Vec<PathBuf> = if is_text {
                    vec![held.to_path_buf()]
                } else if meta.as_ref().is_some_and(|m| m.is_dir()) {
                    whole_folders.push(rel.clone());
                    let walker = walkdir::WalkDir::new(&abs)
                        .into_iter()
                        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
                    let content_root = root.join(content);
                    let mut texts = Vec::new();
                    for entry in walker {
                        // What cannot be read: the full build's to report.
                        let Some(entry) = entry
                            .ok()
                            .filter(|e| unreadable_entry(e.path(), e.file_type()).is_none())
                        else {
                            full = true;
                            continue;
                        };
                        let is_text =
                            !entry.file_type().is_dir() && entry.path().extension().is_some_and(|e| e == "md");
                        if let (true, Ok(file)) = (is_text, entry.path().strip_prefix(&content_root)) {
                            texts.push(file.to_path_buf());
                        }
                    }
                    texts
                } else {
                    Vec::new()
                };
                let mut broken = false;
                for file in texts {
                    let problems = self.load_errors(&file).unwrap_or_default();
                    broken |= file == held && !problems.is_empty();
                    self.note_front_matter(&file, problems, &mut front_matter);
                }
                if let (false, Some(dir), true) = (broken, dir, is_index) {
                    let folder = rel.parent().expect("an `_index.md` is in a folder");
                    match exists.then(|| clean_front_matter(&abs, false)) {
                        Some(Some(meta)) if meta.draft => {}
                        // Problems that are not errors: the full build's.
                        Some(None) => full = true,
                        // Published, or deleted: the folder is walked as a
                        // new one (if it is still there).
                        _ => {
                            whole_folders.push(folder.to_path_buf());
                            release.push(dir.to_path_buf());
                            if root.join(folder).is_dir() {
                                full |= self
                                    .new_folder(
                                        dir,
                                        &mut new_sections,
                                        &mut added,
                                        &mut copies,
                                        &mut hold,
                                        &mut front_matter,
                                    )
                                    .is_none();
                            }
                        }
                    }
                }
            } else if let Ok(c) = rel.strip_prefix(content) {
                let known_page = self.known.pages.get(c).copied();
                let known =
                    known_page.is_some() || self.known.sections.contains(c) || self.known.assets.contains_key(c);
                if c.as_os_str().is_empty() {
                    // The content folder itself: gone, or replaced.
                    full |= !meta.as_ref().is_some_and(|m| m.is_dir());
                } else if !exists {
                    // Gone: an article (removed in place), another known
                    // file or folder deleted or renamed away; else a temp
                    // file that came and went, or a new article that was
                    // broken (its problems go above).
                    match (known_page, self.section_at(c)) {
                        (Some(i), _) => removed.push(i),
                        // A folder (not the content folder): its sections
                        // and articles go.
                        (None, Some(s)) if s != 0 => {
                            whole_folders.push(rel.clone());
                            self.take_folder(c, &mut removed_sections, &mut removed);
                        }
                        // A section's `_index.md` (not the home page's): its
                        // metadata goes back to the folder's name.
                        (None, None) => match self.index_of(c).filter(|&s| s != 0) {
                            Some(s) => removed_indexes.push(s),
                            // A file beside the articles: its copy goes,
                            // unless a theme file has its address (the full
                            // build then copies that one).
                            None => match self.known.assets.get(c) {
                                Some(url) if !self.is_theme_file(url) => removed_assets.push(c.to_path_buf()),
                                _ => full |= known,
                            },
                        },
                        _ => full |= known,
                    }
                } else if !is_file {
                    // A folder: new (or moved in whole) unless known.
                    if !self.known.sections.contains(c) {
                        whole_folders.push(rel.clone());
                        full |= self
                            .new_folder(
                                c,
                                &mut new_sections,
                                &mut added,
                                &mut copies,
                                &mut hold,
                                &mut front_matter,
                            )
                            .is_none();
                    }
                } else if let Some(i) = known_page {
                    let Some(edit) = self.edited(c, &abs, i) else {
                        return Plan::Full;
                    };
                    match &edit {
                        ArticleEdit::Broken(problems) => self.note_front_matter(c, problems.clone(), &mut front_matter),
                        _ => self.note_front_matter(c, Vec::new(), &mut front_matter),
                    }
                    match edit {
                        // Broken: its served page stays as it is.
                        ArticleEdit::Unchanged | ArticleEdit::Broken(_) => {}
                        ArticleEdit::Body => {
                            pages.insert(i);
                        }
                        ArticleEdit::Meta(meta, hash) => {
                            pages.insert(i);
                            metas.push((i, meta, hash));
                        }
                        // A new URL: out at the old one, in at the new; or
                        // unpublished (a draft now).
                        ArticleEdit::Moved(new) => {
                            removed.push(i);
                            added.extend(new);
                        }
                    }
                } else if let Some(url) = self.known.assets.get(c) {
                    copies.push((abs, url.clone()));
                } else if c.file_name().is_some_and(|n| n == "_index.md") {
                    let edit = self.intro_edited(c, &abs);
                    match &edit {
                        Some(SectionEdit::Broken(problems)) => {
                            self.note_front_matter(c, problems.clone(), &mut front_matter)
                        }
                        Some(_) => self.note_front_matter(c, Vec::new(), &mut front_matter),
                        None => {}
                    }
                    match edit {
                        Some(SectionEdit::Intro(s)) => {
                            intros.insert(s);
                        }
                        Some(SectionEdit::Meta(s, meta)) => section_metas.push((s, *meta)),
                        Some(SectionEdit::New(s, meta)) => new_indexes.push((s, c.to_path_buf(), *meta)),
                        // Its page stays as it is.
                        Some(SectionEdit::Broken(_)) => {}
                        // Its folder taken out as if deleted, unless the
                        // batch has more in it, or it holds files with
                        // problems (the full build still reports them).
                        Some(SectionEdit::Held) => match self.hold_back(rel, c, paths) {
                            Some((folder, dir)) => {
                                whole_folders.push(folder);
                                self.take_folder(&dir, &mut removed_sections, &mut removed);
                                hold.push(dir);
                            }
                            None => full = true,
                        },
                        None => full = true,
                    }
                } else {
                    match c.extension().is_some_and(|e| e == "md") {
                        true => match self.new_article(c, &abs) {
                            Some(new) => {
                                self.note_front_matter(c, Vec::new(), &mut front_matter);
                                match new {
                                    Some(new) if added.iter().all(|a| a.file != new.file) => added.push(new),
                                    // A draft not shown: nothing to render.
                                    _ => {}
                                }
                            }
                            // Front matter with errors: refused with them.
                            None => match self.new_article_problems(c, &abs) {
                                Some(problems) => self.note_front_matter(c, problems, &mut front_matter),
                                None => full = true,
                            },
                        },
                        // A new file beside the articles: copied.
                        false => match self.new_asset(c) {
                            Some(url) => {
                                copies.push((abs, url.clone()));
                                new_assets.push((c.to_path_buf(), url));
                            }
                            None => full = true,
                        },
                    }
                }
            } else if in_theme(rel) {
                let is_static = rel.starts_with(theme.join("static")) || rel.starts_with("static");
                let is_template = rel.starts_with(theme.join("templates")) || rel.starts_with("templates");
                let holds_templates = self.known.templates.iter().any(|t| t.starts_with(rel));
                let holds_statics = self.known.statics.keys().any(|t| t.starts_with(rel));
                if !exists && is_static && !holds_templates {
                    // A static file or folder gone: what takes its place,
                    // if anything, is worked out in `partial`.
                    theme_statics |= holds_statics;
                } else if !exists && is_template && !holds_statics {
                    // Templates gone (another may take a name's place):
                    // as edited templates, by name.
                    let gone = self.known.templates.iter().filter(|t| t.starts_with(rel));
                    templates.extend(gone.filter_map(|t| template_name(t)));
                } else if !exists {
                    // Gone: a theme file, or a folder holding some.
                    full |= holds_templates || self.known.statics.keys().any(|t| t.starts_with(rel));
                } else if let (true, true, Some(out)) = (is_static, is_file, self.known.statics.get(rel)) {
                    copies.push((abs, out.clone()));
                } else if let (true, Some(name)) = (is_file && self.known.templates.contains(rel), template_name(rel)) {
                    templates.push(name);
                } else if is_static {
                    // A new static file or folder, maybe over another.
                    theme_statics = true;
                } else if let (true, true, Some(name)) = (is_template, is_file, template_name(rel)) {
                    // A new template, maybe over another: as an edited one.
                    templates.push(name);
                } else {
                    full = true;
                }
            }
            if full {
                return Plan::Full;
            }
        }
        // Files with problems in a folder walked or taken out whole (the
        // batch's own saves of them are not looked at one by one): what
        // they have now. One mended in a folder walked anew (a held one
        // published) was added with the rest; one still broken there
        // made it a full build.
        for folder in whole_folders.iter().filter_map(|f| f.strip_prefix(content).ok()) {
            for file in self.broken.keys().filter(|b| b.starts_with(folder)) {
                if front_matter.iter().all(|(f, _)| f != file) {
                    let problems = match root.join(content).join(file).is_file() {
                        true => self.load_errors(file).unwrap_or_default(),
                        false => Vec::new(),
                    };
                    front_matter.push((file.clone(), problems));
                }
            }
        }
        // Term texts read again; not with articles new, gone or given new
        // metadata, which may give or take away the pages they are on
        // (the full build's).
        let articles_move = !(metas.is_empty() && added.is_empty() && removed.is_empty())
            || !(new_sections.is_empty() && removed_sections.is_empty() && hold.is_empty() && release.is_empty());
        let term_read = match term_files.is_empty() {
            true => None,
            false if articles_move => return Plan::Full,
            false => match self.term_texts_read(&term_files) {
                Some((read, pages)) => {
                    term_texts.extend(pages);
                    Some(Box::new(read))
                }
                None => return Plan::Full,
            },
        };
        let mut edits = Edits {
            pages,
            metas,
            copies,
            added,
            removed,
            intros,
            section_pages: BTreeSet::new(),
            section_metas,
            new_sections,
            publish: BTreeSet::new(),
            new_indexes,
            removed_sections,
            removed_indexes,
            hold,
            release,
            new_assets,
            removed_assets,
            theme_statics,
            term_pages: false,
            term_texts,
            term_read,
            front_matter,
        };
        if !templates.is_empty() {
            // With nothing else: which pages use them decides (`apply`).
            return match edits == Edits::default() {
                true => Plan::Templates(templates),
                false => Plan::Full,
            };
        }
        if self.left_to_the_full_build(&edits) {
            return Plan::Full;
        }
        edits.publish = self.sections_to_publish(&edits);
        if edits.is_empty() {
            Plan::Nothing
        } else {
            Plan::Partial(edits)
        }
    }

    /// Sections that get a page with these edits: a new article's, a new
    /// folder's with an `_index.md`, a known one's new `_index.md`'s, and
    /// those above them that had none (parents first: lower indexes).
    fn sections_to_publish(&self, edits: &Edits) -> BTreeSet<usize> {
        let mut publish = BTreeSet::new();
        let Some(loaded) = &self.loaded else {
            return publish;
        };
        let known = loaded.site.sections.len();
        let parent = |s: usize| match s.checked_sub(known) {
            Some(n) => Some(edits.new_sections[n].parent),
            None => loaded.site.sections[s].parent,
        };
        let published = |s: usize| s < known && loaded.site.sections[s].published;
        let with_index = edits.new_sections.iter().enumerate().filter(|(_, n)| n.index.is_some());
        let starts = edits
            .added
            .iter()
            .map(|a| a.section)
            .chain(with_index.map(|(n, _)| known + n))
            .chain(edits.new_indexes.iter().map(|(s, _, _)| *s));
        for s in starts {
            let mut at = Some(s);
            while let Some(s) = at.filter(|&s| !published(s) && publish.insert(s)) {
                at = parent(s);
            }
        }
        publish
    }

    /// The page (by kind and the term's slug, empty for the index) whose
    /// text is the file `c` of a term folder (relative to the content
    /// folder, at `abs`), if the site shows it and it was saved with the
    /// front matter it had, which reads without a problem: only its words
    /// changed, and only its page shows them. (Its description and
    /// language, which the indexes show too, are in the front matter.)
    fn term_text_edited(&self, c: &Path, abs: &Path) -> Option<(Kind, String)> {
        let loaded = self.loaded.as_ref()?;
        let t = loaded.site.term_texts.iter().position(|f| f == c)?;
        let (kind, slug, _) = loaded.term_texts.page_of(t)?;
        let (_, was) = loaded.term_texts.of(kind, slug)?;
        let (now, _) = clean_front_matter_of(&read_text(abs).ok()?, false)?;
        (now == *was).then(|| (kind, slug.to_string()))
    }

    /// The texts of the tag, author and translator pages read again, as
    /// the full build reads them, when the files `saved` in their folders
    /// (relative to the content folder, and where they are) are new
    /// (their folder new: the texts in it), gone, or saved with new front
    /// matter: what the site has now, and the pages (by kind and slug,
    /// empty for an index) that show them otherwise, to be rendered
    /// again. A text deleted keeps its place in the list (read as none),
    /// for the others' places, by which what their pages logged is kept,
    /// to stay. None when only the full build can tell: a file that is
    /// not a text of a page (beside them, in a folder there, or in their
    /// folder new); an error; a warning on a text shown, or on one no
    /// longer shown (it would be its page's to give, or take away).
    fn term_texts_read(&self, saved: &[(PathBuf, PathBuf)]) -> Option<(TermTextsRead, BTreeSet<(Kind, String)>)> {
        let loaded = self.loaded.as_ref()?;
        let mut files = loaded.site.term_texts.clone();
        let mut places = Vec::new();
        for (c, abs) in saved {
            let is_text = c.components().count() == 2 && c.extension().is_some_and(|e| e == "md");
            let gone = std::fs::symlink_metadata(abs).is_err();
            match (files.iter().position(|f| f == c), abs.is_file()) {
                (Some(t), true) => places.push(t),
                (Some(_), false) if gone => {}
                (None, true) if is_text => {
                    places.push(files.len());
                    files.push(c.clone());
                }
                // Made and deleted again within the batch.
                (None, false) if gone => {}
                // The folder itself, new (a site's first text there):
                // the texts in it, if that is all it has.
                (None, false) if c.components().count() == 1 && abs.is_dir() => {
                    for entry in std::fs::read_dir(abs).ok()? {
                        let entry = entry.ok()?;
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if is_ignored_name(&name) {
                            continue;
                        }
                        let is_md = Path::new(&name).extension().is_some_and(|e| e == "md");
                        if !(is_md && entry.file_type().ok()?.is_file()) {
                            return None;
                        }
                        let file = c.join(&name);
                        match files.iter().position(|f| *f == file) {
                            Some(t) => places.push(t),
                            None => {
                                places.push(files.len());
                                files.push(file);
                            }
                        }
                    }
                }
                _ => return None,
            }
        }
        let texts = loaded.term_texts_now(&files, self.opts.drafts);
        let changes = loaded.term_texts.changes(&texts, &places)?;
        let shown = |d: &Diagnostic| {
            let file = d.path.strip_prefix(&loaded.shown_content).ok();
            let t = files.iter().position(|f| Some(f.as_path()) == file);
            t.is_some_and(|t| texts.page_of(t).is_some() || changes.hidden.iter().any(|(h, _)| *h == t))
        };
        if texts
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || shown(d))
        {
            return None;
        }
        let hidden = changes.hidden;
        Some((TermTextsRead { files, texts, hidden }, changes.pages))
    }

    /// The texts of the tag, author and translator pages as read again:
    /// what reading them warns of (the texts no page shows) replaces what
    /// the last reading did, the new warnings printed.
    fn take_term_texts(&mut self, texts: TermTexts) {
        let loaded = self
            .loaded
            .as_mut()
            .expect("term texts are read again after a good build");
        let was = std::mem::replace(&mut loaded.term_texts, texts).diagnostics;
        let now = loaded.term_texts.diagnostics.clone();
        self.print_diags(now.iter().filter(|d| !was.contains(d)));
        self.base_diags.retain(|d| !was.contains(d));
        self.base_diags.extend(now);
    }

    /// Whether these edits do what only a full build sorts out: two new
    /// articles at one address, or the `_index.md` of a folder gone in the
    /// same batch. (Sections left with nothing to show are taken down in
    /// place: see `take_down_emptied`.)
    fn left_to_the_full_build(&self, edits: &Edits) -> bool {
        let urls: HashSet<(usize, &str)> = edits.added.iter().map(|a| (a.section, a.slug.as_str())).collect();
        urls.len() < edits.added.len() || edits.removed_indexes.iter().any(|s| edits.removed_sections.contains(s))
    }

    /// Templates changed: the theme is read again; if only section pages
    /// (and the home page) use what changed, those alone are rendered
    /// again with it, else everything is.
    fn templates_changed(&mut self, names: &[String]) {
        let theme = match load_theme(&self.opts.root, &self.config.theme) {
            Ok(theme) => theme,
            Err(e) => {
                self.failed(&e);
                return;
            }
        };
        let used_by = theme.pages_using(names);
        let term_template = |t: &str| {
            Kind::ALL
                .iter()
                .any(|k| t == k.page_template() || t == k.index_template())
        };
        // (The EPUB editions' stylesheet is in every edition: the full
        // build writes them again.)
        let epub_style = names.iter().any(|n| n == epub::STYLESHEET_TEMPLATE);
        let listings_only = !epub_style
            && used_by
                .iter()
                .all(|&t| t == "home.html" || t == "section.html" || term_template(t));
        // A theme that gains or loses a tag or author page template gains
        // or loses those pages: the full build makes or deletes them.
        let has = |theme: &Theme, kind: Kind| {
            [kind.page_template(), kind.index_template()].map(|t| theme.uses.contains_key(t))
        };
        let same_pages = |loaded: &&mut Loaded| Kind::ALL.iter().all(|&k| has(&loaded.theme, k) == has(&theme, k));
        // A template that starts or stops naming a `[words]` key samizdat
        // has no word for changes whether `book.toml` is warned of it:
        // the full build says.
        let same_words = |loaded: &&mut Loaded| loaded.config.own_words.is_empty() || loaded.theme.words == theme.words;
        let Some(loaded) = self
            .loaded
            .as_mut()
            .filter(|_| listings_only)
            .filter(same_pages)
            .filter(same_words)
        else {
            self.full();
            return;
        };
        // New or deleted template files change what is watched as one.
        self.known.templates = template_files(&theme, &self.opts.root);
        loaded.theme = theme;
        if used_by.is_empty() {
            // No page shows them (a partial not included yet).
            return;
        }
        // The pages of the sections whose template uses them; not their
        // print pages (`print.html` using one builds everything, above).
        let (home, section) = (used_by.contains(&"home.html"), used_by.contains(&"section.html"));
        let section_pages = (0..loaded.site.sections.len())
            .filter(|&s| loaded.site.sections[s].published)
            .filter(|&s| match loaded.site.sections[s].parent {
                None => home,
                Some(_) => section,
            })
            .collect();
        let term_pages = used_by.iter().any(|&t| term_template(t));
        if let Err(e) = self.partial(Edits {
            section_pages,
            term_pages,
            ..Edits::default()
        }) {
            eprintln!("samizdat serve: {e}; building everything");
            self.full();
        }
    }

    /// The site's old addresses (`aliases`) as loaded, each with the file
    /// that gives it, in order. (An article given
    /// another slug is another article to the site, but the same file.)
    fn aliases(&self) -> Vec<(String, PathBuf)> {
        let Some(loaded) = self.loaded.as_ref() else {
            return Vec::new();
        };
        let site = &loaded.site;
        let mut aliases: Vec<(String, PathBuf)> = site
            .aliases()
            .into_iter()
            .map(|(owner, at)| (at.to_string(), site.alias_source(owner).0.to_path_buf()))
            .collect();
        aliases.sort_unstable();
        aliases
    }

    /// Whether `c` (relative to the content folder) is in a folder held back
    /// by a draft `_index.md`, or is one.
    fn is_held(&self, c: &Path) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.site.is_held(c))
    }

    /// Whether folder `dir` is one a draft `_index.md` holds back.
    fn is_held_root(&self, dir: &Path) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|l| l.site.held.iter().any(|h| h == dir))
    }

    /// The section of folder `dir` (relative to the content folder), unless
    /// that folder is gone. A gone folder's section stays, unused, until the
    /// next full build, and sections are only ever added: a folder made
    /// again has the newest section of that name.
    fn section_at(&self, dir: &Path) -> Option<usize> {
        let loaded = self.loaded.as_ref()?;
        if !self.known.sections.contains(dir) {
            return None;
        }
        loaded.site.sections.iter().rposition(|s| s.dir == dir)
    }

    /// The section whose `_index.md` is `c` (relative to the content folder).
    fn index_of(&self, c: &Path) -> Option<usize> {
        let loaded = self.loaded.as_ref()?;
        if !self.known.sections.contains(c) {
            return None;
        }
        loaded
            .site
            .sections
            .iter()
            .rposition(|s| s.index_file.as_deref() == Some(c))
    }

    /// How the `_index.md` `c` (at `abs`) changed, read once: a known
    /// section's, in its text only if it still reads to the metadata the
    /// section has (its title, if none, from its folder's name, as loading
    /// gives it), else new metadata; new in a known folder that had none
    /// (not the content folder), its metadata; a draft, its folder held
    /// back; with front matter that has errors, those. `None` when a full
    /// build must follow: the home page's new title (every page shows it)
    /// or new `_index.md`, an unknown folder.
    fn intro_edited(&self, c: &Path, abs: &Path) -> Option<SectionEdit> {
        let loaded = self.loaded.as_ref()?;
        let (s, known) = match self.index_of(c) {
            Some(s) => (s, true),
            None => (self.section_at(c.parent()?)?, false),
        };
        let section = &loaded.site.sections[s];
        if !known && section.index_file.is_some() {
            return None;
        }
        let Some(meta) = clean_front_matter(abs, false) else {
            return self.load_errors(c).map(SectionEdit::Broken);
        };
        if meta.draft && !self.opts.drafts {
            return section.parent.map(|_| SectionEdit::Held);
        }
        let meta = section_meta(meta, &section.dir);
        if !known {
            section.parent.map(|_| SectionEdit::New(s, Box::new(meta)))
        } else if meta == section.meta {
            Some(SectionEdit::Intro(s))
        } else if section.parent.is_some() || meta.title == section.meta.title {
            Some(SectionEdit::Meta(s, Box::new(meta)))
        } else {
            // The home page's title: in every page's breadcrumbs.
            None
        }
    }

    /// The folder (from the root, and from the content folder) of the
    /// `_index.md` `rel` (`c` in the content folder), a draft now, to hold
    /// back as if deleted; `None` when only a full build does: the batch
    /// has more in the folder, or files there have problems (the full
    /// build reports them, held or not).
    fn hold_back(&self, rel: &Path, c: &Path, paths: &BTreeSet<PathBuf>) -> Option<(PathBuf, PathBuf)> {
        let folder = rel.parent()?;
        let dir = c.parent()?;
        let more = paths.iter().any(|p| p != rel && p.starts_with(folder));
        (!more && !self.has_problems_in(dir)).then(|| (folder.to_path_buf(), dir.to_path_buf()))
    }

    /// Every section in folder `c` (relative to the content folder) into
    /// `sections`, their articles into `pages`: the folder goes.
    fn take_folder(&self, c: &Path, sections: &mut Vec<usize>, pages: &mut Vec<usize>) {
        let Some(loaded) = &self.loaded else {
            return;
        };
        for (t, section) in loaded.site.sections.iter().enumerate() {
            if section.dir.starts_with(c) && self.known.sections.contains(&section.dir) {
                sections.push(t);
                pages.extend(section.pages.iter().copied());
            }
        }
    }

    /// Whether a file in folder `dir` (relative to the content folder) has
    /// problems reported.
    fn has_problems_in(&self, dir: &Path) -> bool {
        let Some(loaded) = &self.loaded else {
            return true;
        };
        let shown = loaded.shown_content.join(dir);
        self.base_diags
            .iter()
            .chain(self.partial_diags.values().flatten())
            .any(|d| d.path.starts_with(&shown))
    }

    /// A new folder `c` (relative to the content folder) in a known one, or
    /// in one new in this batch: walks it (files made in a new folder can
    /// come before the watch on it, so their events are not to be waited
    /// for) and adds its sections, articles and files to the batch's edits.
    /// A folder in it whose `_index.md` is a draft goes to `hold`, with
    /// nothing in it rendered, and so does one whose `_index.md` has
    /// errors; those, and the errors in the front matter of any other file
    /// in it, go to `front_matter` (the batch is refused with them, as a
    /// build reports them; a broken article is not added). `None` when only
    /// a full build does: a parent not known, a folder whose address is
    /// taken, a new article whose address is taken or not allowed.
    fn new_folder(
        &self,
        c: &Path,
        sections: &mut Vec<NewSection>,
        added: &mut Vec<NewArticle>,
        copies: &mut Vec<(PathBuf, String)>,
        hold: &mut Vec<PathBuf>,
        front_matter: &mut Vec<(PathBuf, Vec<Diagnostic>)>,
    ) -> Option<()> {
        let loaded = self.loaded.as_ref()?;
        let content = self.opts.root.join(&self.config.content_dir);
        let known = loaded.site.sections.len();
        // Each new folder's section index and site path, as it is found.
        let mut found: Vec<(PathBuf, usize, String)> = Vec::new();
        let section_of = |dir: &Path, found: &[(PathBuf, usize, String)]| -> Option<(usize, String)> {
            match found.iter().find(|(d, _, _)| d == dir) {
                Some((_, s, path)) => Some((*s, path.clone())),
                None => {
                    let s = self.section_at(dir)?;
                    Some((s, loaded.site.sections[s].path.clone()))
                }
            }
        };
        // The front matter of Markdown file `rel`; `Some(None)` if it has
        // errors (noted), `None` if problems only a full build judges.
        let mut read = |rel: &Path, abs: &Path, article: bool| -> Option<Option<(FrontMatter, u64)>> {
            if let Some(parsed) = clean_front_matter_of(&read_text(abs).ok()?, article) {
                return Some(Some(parsed));
            }
            let problems = self.load_errors(rel)?;
            self.note_front_matter(rel, problems, front_matter);
            Some(None)
        };
        let walker = walkdir::WalkDir::new(content.join(c))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
        let mut files = Vec::new();
        for entry in walker {
            // What cannot be read: the full build's to report.
            let entry = entry
                .ok()
                .filter(|e| unreadable_entry(e.path(), e.file_type()).is_none())?;
            let rel = entry.path().strip_prefix(&content).ok()?.to_path_buf();
            let in_held = hold.iter().any(|h| rel.starts_with(h));
            if !entry.file_type().is_dir() {
                if !in_held {
                    files.push((rel, entry.path().to_path_buf()));
                } else if rel.extension().is_some_and(|e| e == "md") {
                    // Held back: nothing rendered, but read as the full
                    // build reads every front matter.
                    read(&rel, entry.path(), rel.file_name()? != "_index.md")?;
                }
                continue;
            }
            if in_held {
                continue;
            }
            let (parent, parent_path) = section_of(rel.parent()?, &found)?;
            let index_file = rel.join("_index.md");
            let index = match content.join(&index_file) {
                abs if abs.is_file() => match read(&index_file, &abs, false)? {
                    // A draft, or with errors (until they are mended).
                    Some((meta, _)) if !meta.draft || self.opts.drafts => Some((index_file, section_meta(meta, &rel))),
                    _ => {
                        hold.push(rel);
                        continue;
                    }
                },
                _ => None,
            };
            let path = format!("{parent_path}{}/", url_segment(&rel.file_name()?.to_string_lossy()));
            if loaded.site.by_path.contains_key(&path) {
                return None;
            }
            found.push((rel.clone(), known + sections.len(), path));
            sections.push(NewSection {
                dir: rel,
                parent,
                index,
                assets: Vec::new(),
            });
        }
        for (rel, abs) in files {
            let (s, section_path) = section_of(rel.parent()?, &found)?;
            let name = rel.file_name()?.to_string_lossy().into_owned();
            if name == "_index.md" {
                continue;
            }
            if rel.extension().is_some_and(|e| e == "md") {
                if let Some(parsed) = read(&rel, &abs, true)? {
                    added.extend(self.new_article_in(&rel, parsed, s, &section_path)?);
                }
            } else {
                let url = asset_url(&section_path, &rel);
                copies.push((abs, url.clone()));
                sections[s - known].assets.push((rel, url));
            }
        }
        Some(())
    }

    /// The output path of a new file `c` (relative to the content folder,
    /// not Markdown) in a known section's folder, as loading gives it;
    /// `None` (the full build) when a page's folder or another file has
    /// that address.
    fn new_asset(&self, c: &Path) -> Option<String> {
        let loaded = self.loaded.as_ref()?;
        // Warned of by the full build.
        if misnamed_markdown(c) {
            return None;
        }
        let section = self.section_at(c.parent().unwrap_or(Path::new("")))?;
        let url = asset_url(&loaded.site.sections[section].path, c);
        let taken = loaded.site.by_path.contains_key(&format!("{url}/"))
            || self.known.assets.values().any(|u| *u == url)
            || self.is_theme_file(&url);
        (!taken).then_some(url)
    }

    /// Whether a theme's static file is copied to output path `url`.
    fn is_theme_file(&self, url: &str) -> bool {
        self.loaded
            .as_ref()
            .is_none_or(|l| l.theme.statics.iter().any(|(rel, _)| rel == url))
    }

    /// A new Markdown file `c` (relative to the content folder): `Some(Some)`
    /// an article to add in place, `Some(None)` a draft not shown, `None`
    /// when only a full build does (front matter with problems, a slug that
    /// is not allowed or an URL already taken: the full build reports
    /// those). `_index.md` files are not articles: see `new_index`.
    fn new_article(&self, c: &Path, abs: &Path) -> Option<Option<NewArticle>> {
        let loaded = self.loaded.as_ref()?;
        if c.extension()? != "md" || c.file_name()? == "_index.md" {
            return None;
        }
        let dir = c.parent().unwrap_or(Path::new(""));
        let section = self.section_at(dir)?;
        let parsed = clean_front_matter_of(&read_text(abs).ok()?, true)?;
        self.new_article_in(c, parsed, section, &loaded.site.sections[section].path)
    }

    /// Notes what file `c` (relative to the content folder), just saved,
    /// has now as problems in its front matter, if it has some or had.
    fn note_front_matter(
        &self,
        c: &Path,
        problems: Vec<Diagnostic>,
        front_matter: &mut Vec<(PathBuf, Vec<Diagnostic>)>,
    ) {
        if !problems.is_empty() || self.broken.contains_key(c) {
            // Once each (a new folder's `_index.md` is read for its folder
            // and as a file in it).
            front_matter.retain(|(file, _)| file != c);
            front_matter.push((c.to_path_buf(), problems));
        }
    }

    /// What a build reports of new article file `c` (at `abs`) in a known
    /// section, if its front matter has errors or its address is another
    /// article's.
    fn new_article_problems(&self, c: &Path, abs: &Path) -> Option<Vec<Diagnostic>> {
        let section = self.section_at(c.parent()?)?;
        let Some((meta, _)) = clean_front_matter_of(&read_text(abs).ok()?, true) else {
            return self.load_errors(c);
        };
        let loaded = self.loaded.as_ref()?;
        let slug = slug_of(c, &meta).ok()?;
        self.clash(c, &format!("{}{slug}/", loaded.site.sections[section].path))
    }

    /// What a build reports of article file `c` whose address `path` is
    /// already another article's: two pages at one address (not a
    /// section's, nor `print`: those are the full build's).
    fn clash(&self, c: &Path, path: &str) -> Option<Vec<Diagnostic>> {
        let loaded = self.loaded.as_ref()?;
        let Some(SiteTarget::Page(j)) = loaded.site.by_path.get(path) else {
            return None;
        };
        let other = loaded.site.pages[*j].file.as_path();
        if other == c || path.ends_with("/print/") {
            return None;
        }
        // As loading reports it: on the one of the two that comes later.
        let (first, later) = if other < c { (other, c) } else { (c, other) };
        let shown = |f: &Path| loaded.shown_content.join(f);
        Some(vec![Diagnostic {
            path: shown(later),
            line: 1,
            col: 1,
            severity: Severity::Error,
            message: format!(
                "`{}` and `{}` would both be written to `/{path}`; give one a different `slug`",
                shown(first).display(),
                shown(later).display()
            ),
        }])
    }

    /// Files refused for an address another article had (see `clash`)
    /// whose address is free now: from the root, to be looked at again.
    fn clashes_freed(&self) -> Vec<PathBuf> {
        let Some(loaded) = self.loaded.as_ref() else {
            return Vec::new();
        };
        let free = |c: &Path| -> Option<bool> {
            let (meta, _) = clean_front_matter_of(&read_text(&loaded.content.join(c)).ok()?, true)?;
            let section = match self.known.pages.get(c) {
                Some(&i) => loaded.site.pages[i].section,
                None => self.section_at(c.parent()?)?,
            };
            let path = format!("{}{}/", loaded.site.sections[section].path, slug_of(c, &meta).ok()?);
            let taken = match loaded.site.by_path.get(&path) {
                Some(SiteTarget::Page(j)) => loaded.site.pages[*j].file != c,
                // A folder's: as a failed full build reported it (looked
                // at again, it would be that full build again); else
                // looked at again, for the full build to report.
                Some(SiteTarget::Section(_)) => self.owed.everything,
                None => false,
            };
            Some(!taken)
        };
        let freed = self.broken.keys().filter(|c| free(c) == Some(true));
        freed.map(|c| self.config.content_dir.join(c)).collect()
    }

    /// What a build reports of file `c` (relative to the content folder)
    /// when loading it, if that has an error: its front matter is broken
    /// (front matter has errors only, no warnings).
    fn load_errors(&self, c: &Path) -> Option<Vec<Diagnostic>> {
        let loaded = self.loaded.as_ref()?;
        let problems = load_problems(&loaded.content, c, &loaded.shown_content.join(c));
        problems
            .iter()
            .any(|d| d.severity == Severity::Error)
            .then_some(problems)
    }

    /// [`Builder::new_article`] for an article file `c` of section
    /// `section`, whose site path is `section_path`, with its front matter
    /// as read (and its hash). A section without a page yet gets one (see
    /// `plan`).
    fn new_article_in(
        &self,
        c: &Path,
        (meta, front_matter_hash): (FrontMatter, u64),
        section: usize,
        section_path: &str,
    ) -> Option<Option<NewArticle>> {
        let loaded = self.loaded.as_ref()?;
        if meta.draft && !self.opts.drafts {
            return Some(None);
        }
        let slug = slug_of(c, &meta).ok()?;
        let path = format!("{section_path}{slug}/");
        // `print` takes the section's print page away: the full build.
        if slug == "print" || loaded.site.by_path.contains_key(&path) {
            return None;
        }
        Some(Some(NewArticle {
            file: c.to_path_buf(),
            section,
            slug,
            meta,
            front_matter_hash,
        }))
    }

    /// How the article at `abs` (page `i`, file `c` relative to the
    /// content folder) changed, or `None` if it needs a full build (a new
    /// URL that is not allowed or already taken: the full build reports
    /// those).
    fn edited(&self, c: &Path, abs: &Path, i: usize) -> Option<ArticleEdit> {
        let loaded = self.loaded.as_ref()?;
        let text = read_text(abs).ok()?;
        // As its served page was rendered from; unless a later render was
        // refused (the site was broken): its problems are shown until it
        // renders again.
        if !self.pending.contains(&i) && self.hashes.get(&i) == Some(&file_hash(text.as_bytes())) {
            return Some(ArticleEdit::Unchanged);
        }
        let Some((meta, front_matter_hash)) = clean_front_matter_of(&text, true) else {
            return self.load_errors(c).map(ArticleEdit::Broken);
        };
        let page = &loaded.site.pages[i];
        if meta == page.meta {
            return Some(ArticleEdit::Body);
        }
        if meta.draft && !self.opts.drafts {
            return Some(ArticleEdit::Moved(None));
        }
        let slug = slug_of(c, &meta).ok()?;
        if slug == page.slug {
            return Some(ArticleEdit::Meta(meta, front_matter_hash));
        }
        let section = &loaded.site.sections[page.section];
        let path = format!("{}{}/", section.path, slug);
        if slug == "print" || loaded.site.by_path.contains_key(&path) {
            // Another article's: refused with what a build reports.
            return self.clash(c, &path).map(ArticleEdit::Broken);
        }
        let moved = NewArticle {
            file: c.to_path_buf(),
            section: page.section,
            slug,
            meta,
            front_matter_hash,
        };
        Some(ArticleEdit::Moved(Some(moved)))
    }

    /// Applies an edit's changes to the loaded site (new metadata and
    /// order, articles added and removed) and works out what shows them;
    /// `statics` are the static files' output paths new and gone, and
    /// `rewritten` the files whose bytes changed where they were which the
    /// pages linking them carry (the images of EPUB editions).
    fn apply_to_site(
        &mut self,
        edits: Edits,
        statics: (Vec<String>, Vec<String>),
        rewritten: HashSet<String>,
    ) -> Changes {
        // Whether the tags and authors, or what has their pages' address,
        // may change: not for edits of articles' text alone, nor for
        // metadata that leaves the articles' tags, authors and order as
        // they were (see below).
        let mut terms_may_change = !(edits.added.is_empty()
            && edits.removed.is_empty()
            && edits.section_metas.is_empty()
            && edits.new_sections.is_empty()
            && edits.new_indexes.is_empty()
            && edits.removed_sections.is_empty()
            && edits.removed_indexes.is_empty()
            && edits.hold.is_empty()
            && edits.release.is_empty()
            && edits.new_assets.is_empty()
            && edits.removed_assets.is_empty()
            && statics.0.is_empty()
            && statics.1.is_empty());
        // Whether the articles that stay keep their order between them:
        // only articles change (edited, new or gone, in folders new or gone
        // too: their names, or their place in the reading order), not the
        // sections' metadata (a weight or `sort_by` may reorder them). The
        // terms are then brought up to date from those articles alone.
        let only_articles =
            edits.section_metas.is_empty() && edits.new_indexes.is_empty() && edits.removed_indexes.is_empty();
        // Copies, intros, section pages and problems are `partial`'s alone.
        let Edits {
            pages,
            metas,
            copies: _,
            added,
            removed,
            intros: _,
            section_pages: _,
            mut section_metas,
            new_sections,
            publish,
            new_indexes,
            removed_sections,
            removed_indexes,
            hold,
            release,
            new_assets,
            removed_assets,
            theme_statics: _,
            term_pages: _,
            term_texts: _,
            term_read: _,
            front_matter: _,
        } = edits;
        let (removed, publish) = (&removed[..], &publish);
        // What links may now find (by address, or by their file in the
        // content folder), and the files they may no longer find.
        let (new_statics, gone_statics) = statics;
        let mut new_paths: HashSet<String> = new_statics.into_iter().collect();
        let mut new_texts: HashSet<PathBuf> = added.iter().map(|a| a.file.clone()).collect();
        new_texts.extend(new_indexes.iter().map(|(_, file, _)| file.clone()));
        for (file, url) in new_assets.iter().chain(new_sections.iter().flat_map(|n| &n.assets)) {
            new_texts.insert(file.clone());
            new_paths.insert(url.clone());
        }
        new_texts.extend(new_sections.iter().filter_map(|n| Some(n.index.as_ref()?.0.clone())));
        // Files beside the articles, new (copied by `partial`) or gone.
        let mut removed_files = self.take_assets(new_assets, removed_assets);
        let mut gone_files: HashSet<String> = removed_files.iter().chain(&gone_statics).cloned().collect();
        // Folders held back, or no longer (their sections go, or come,
        // below): what is saved in them later is looked at again or not.
        let held = &mut self
            .loaded
            .as_mut()
            .expect("partial rebuilds follow a good build")
            .site
            .held;
        held.retain(|h| !release.contains(h));
        held.extend(hold);
        let mut meta_changed: Vec<usize> = metas.iter().map(|(i, _, _)| *i).collect();
        // Translations and their originals, as the texts now say: each
        // page shows its own.
        let translations_before = self.loaded.as_ref().map(|l| l.site.translations()).unwrap_or_default();
        // Sections that may be left with nothing to show: those that lose
        // articles or their `_index.md`, and the parents of folders gone.
        let mut emptied: BTreeSet<usize> = removed_indexes.iter().copied().collect();
        section_metas.extend(self.take_in_section_files(new_sections, removed_indexes, new_indexes));
        let described = section_metas.iter().map(|(s, _)| *s).collect();
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        // The sections whose order may change, with their order and each
        // article's neighbours as they were.
        let mut moved_in = BTreeMap::new();
        for s in metas
            .iter()
            .map(|(i, _, _)| loaded.site.pages[*i].section)
            .chain(added.iter().map(|a| a.section))
            .chain(removed.iter().map(|&i| loaded.site.pages[i].section))
        {
            let site = &loaded.site;
            moved_in.entry(s).or_insert_with(|| {
                let order = site.sections[s].pages.clone();
                let before: Vec<_> = order.iter().map(|&p| site.neighbours(&site.pages[p])).collect();
                (order, before)
            });
        }
        // Articles whose title (or its language, or their folder's, below)
        // changed: their neighbours and the pages that link to them show
        // it.
        let mut retitled = BTreeSet::new();
        // Those filed under another title in the index of titles (their
        // letter's list may change order).
        let mut refiled = HashSet::new();
        for (i, meta, front_matter_hash) in metas {
            let site = &loaded.site;
            let page = &site.pages[i];
            if meta.title != page.meta.title || meta.lang != page.meta.lang {
                retitled.insert(i);
            }
            // (In the language each says it is in, or its folders.)
            let (lang, was_lang) = (site.lang_in(page.section, &meta), site.text_lang(i));
            if meta.filing_title(lang) != page.meta.filing_title(was_lang) {
                refiled.insert(i);
            }
            terms_may_change |= Kind::ALL
                .into_iter()
                .any(|k| k.names(&meta, lang) != k.names(&page.meta, was_lang));
            let page = &mut loaded.site.pages[i];
            page.meta = meta;
            page.front_matter_hash = front_matter_hash;
        }
        let mut todo: BTreeSet<usize> = self.pending.union(&pages).copied().collect();
        // New articles: rendered, listed, and shown by the links that led
        // nowhere before.
        for a in added {
            let i = loaded
                .site
                .push_page(a.file.clone(), a.section, a.slug, a.meta, a.front_matter_hash);
            let path = loaded.site.pages[i].path.clone();
            loaded.site.by_path.insert(path.clone(), SiteTarget::Page(i));
            self.known.pages.insert(a.file, i);
            new_paths.insert(path);
            meta_changed.push(i);
            todo.insert(i);
        }
        // Articles gone: out of their section, the site's addresses and the
        // lookups. Their index stays unused (until the next full build), so
        // no other index moves; their output is deleted when the rest moves
        // in, and the pages that linked to them no longer show a title.
        let mut removed_paths = Vec::new();
        for &i in removed {
            let site = &mut loaded.site;
            let (s, path, file) = {
                let page = &site.pages[i];
                // Its own EPUB edition goes with its page.
                if loaded.config.print.epub_texts {
                    removed_files.push(epub::text_epub_path(page));
                }
                (page.section, page.path.clone(), page.file.clone())
            };
            site.sections[s].pages.retain(|&p| p != i);
            emptied.insert(s);
            site.by_path.remove(&path);
            // Unless the file is back under a new URL (added above).
            if self.known.pages.get(&file) == Some(&i) {
                self.known.pages.remove(&file);
            }
            self.pending.remove(&i);
            self.hashes.remove(&i);
            todo.remove(&i);
            self.partial_diags.remove(&Target::Page(i));
            let shown = loaded.shown_content.join(&file);
            self.base_diags.retain(|d| d.path != shown);
            self.links.remove(&LinkFrom::Page(i));
            self.places.remove(&LinkFrom::Page(i));
            removed_paths.push(path);
            meta_changed.push(i);
        }
        // A new weight, date or title, a new article or one gone, may
        // change a section's order: the articles whose neighbours changed
        // show it.
        for (s, (old_order, before)) in moved_in {
            let site = &mut loaded.site;
            site.order_pages(s);
            if site.sections[s].pages == old_order {
                continue;
            }
            terms_may_change = true;
            for (&p, was) in old_order.iter().zip(before) {
                if !removed.contains(&p) && site.neighbours(&site.pages[p]) != was {
                    todo.insert(p);
                }
            }
            // The cached print bodies follow the new order too (a new
            // article's is rendered below: it is in `todo`).
            if let Some(bodies) = self.print_cache.take(s) {
                let mut by_page: HashMap<usize, PrintBody> = old_order.into_iter().zip(bodies).collect();
                let reordered: Vec<PrintBody> = site.sections[s]
                    .pages
                    .iter()
                    .map(|p| by_page.remove(p).unwrap_or_default())
                    .collect();
                self.print_cache.put(s, reordered);
            }
        }
        let mut listings = BTreeSet::new();
        self.publish_sections(publish, &mut new_paths, &mut listings);
        let loaded = self.loaded.as_ref().expect("partial rebuilds follow a good build");
        new_texts.extend(publish.iter().map(|&s| loaded.site.sections[s].dir.clone()));
        let (mut gone_sections, removed_dirs) =
            self.take_out_folders(&removed_sections, &mut listings, &mut gone_files);
        let loaded = self.loaded.as_ref().expect("partial rebuilds follow a good build");
        emptied.extend(removed_sections.iter().filter_map(|&s| loaded.site.sections[s].parent));
        self.take_down_emptied(
            &emptied,
            &mut gone_sections,
            (&mut removed_paths, &mut removed_files),
            &mut listings,
        );
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        for &i in &retitled {
            let (prev, next) = loaded.site.neighbours(&loaded.site.pages[i]);
            todo.extend(prev.into_iter().chain(next));
        }
        let (retitled_sections, reshown_sections, relanged_sections) =
            self.apply_section_metas(section_metas, &mut todo, &mut listings);
        // A folder's new language is that of the texts below it that have
        // none of their own: for the pages linking to them (a translation
        // names its original's language), as if they had said it.
        let site = &self.loaded.as_ref().expect("partial rebuilds follow a good build").site;
        retitled.extend(
            relanged_sections
                .iter()
                .flat_map(|&s| site.subtree(s))
                .flat_map(|s| site.sections[s].pages.iter().copied()),
        );
        // The tags and authors as they now are, and the pages of theirs
        // that change, new or gone (links to them show it).
        let root = self.opts.root.clone();
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        let (terms_moved, mut term_changes) = match terms_may_change {
            true => {
                let changed: HashSet<usize> = meta_changed.iter().copied().collect();
                let taxonomies = loaded.taxonomies_now(&root, only_articles.then_some(&changed));
                #[cfg(test)]
                assert_eq!(
                    taxonomies,
                    loaded.taxonomies_now(&root, None),
                    "the terms as brought up to date are the site's"
                );
                let moved = !taxonomies.placed_as(&loaded.taxonomies);
                let old = std::mem::replace(&mut loaded.taxonomies, taxonomies);
                // Term pages show their articles' sections' titles, and
                // their articles' languages, which may be their sections'.
                let site = &loaded.site;
                let below: HashSet<usize> = reshown_sections.iter().flat_map(|&s| site.subtree(s)).collect();
                (
                    moved,
                    term_changes(&old, &loaded.taxonomies, site, &meta_changed, &below),
                )
            }
            // The same terms, the same articles in each: the pages of the
            // terms of the articles whose metadata changed show it (a
            // letter of the index of titles files them again).
            false => {
                loaded.taxonomies.refile(&loaded.site, &refiled);
                #[cfg(test)]
                assert_eq!(
                    loaded.taxonomies,
                    loaded.taxonomies_now(&root, None),
                    "the terms as filed again are the site's"
                );
                let mut changes = TermChanges::default();
                changes.show(&loaded.taxonomies, &loaded.site, &meta_changed);
                (false, changes)
            }
        };
        new_paths.extend(term_changes.new.iter().cloned());
        gone_files.extend(term_changes.gone.iter().cloned());
        let mut covered = Vec::new();
        for (&from, to) in &self.links {
            let shows = |t: &LinkTo| match t {
                LinkTo::Page(p) => retitled.contains(p) || removed.contains(p),
                LinkTo::Section(s) => retitled_sections.contains(s) || gone_sections.contains(s),
                LinkTo::Missing(path) => new_paths.contains(path),
                LinkTo::File(url) => gone_files.contains(url) || rewritten.contains(url),
                LinkTo::MissingText(file) => new_texts.contains(file),
            };
            if to.iter().any(shows) {
                match from {
                    LinkFrom::Page(p) => {
                        todo.insert(p);
                        // Maybe its cover's file (new, rewritten or
                        // gone), which the pages of its terms show
                        // beside it; or another of its links, and those
                        // pages are rendered for nothing (a text with a
                        // cover is rare, and so is such a save).
                        if !loaded.site.pages[p].meta.cover.is_empty() {
                            covered.push(p);
                        }
                    }
                    LinkFrom::Section(s) => {
                        listings.insert(s);
                    }
                    LinkFrom::Term(t) => match loaded.term_texts.page_of(t) {
                        Some((kind, "", _)) => {
                            term_changes.index.insert(kind);
                        }
                        Some((kind, slug, _)) => {
                            term_changes.render.insert((kind, slug.to_string()));
                        }
                        None => {}
                    },
                }
            }
        }
        term_changes.show(&loaded.taxonomies, &loaded.site, &covered);
        // A text whose original, translations or problem with its
        // `translation_of` changed (new, gone, moved or said otherwise).
        let site = &loaded.site;
        let translations = site.translations();
        if translations != translations_before {
            let (was, now) = (&translations_before, &translations);
            let same = |p: usize| {
                was.original.get(&p) == now.original.get(&p)
                    && was.of.get(&p) == now.of.get(&p)
                    && was.problems.get(&p) == now.problems.get(&p)
            };
            let texts = [was, now].into_iter().flat_map(|t| {
                let keys = t.original.keys().chain(t.of.keys()).chain(t.problems.keys());
                keys.chain(t.original.values()).copied()
            });
            let published = |p: usize| site.by_path.get(&site.pages[p].path) == Some(&SiteTarget::Page(p));
            todo.extend(texts.filter(|&p| !same(p)).filter(|&p| published(p)));
        }
        // New metadata shows in the listings of every section above, and
        // in the print pages of those with articles of their own.
        for &i in &meta_changed {
            loaded.summaries.forget(i);
            listings.extend(loaded.site.ancestors(loaded.site.pages[i].section));
        }
        Changes {
            todo,
            listings,
            removed_paths,
            removed_dirs,
            removed_files,
            terms_moved,
            term_changes,
            described,
        }
    }

    /// New files beside the articles into the site and the lookups, and
    /// those gone out of them; returns the output paths to delete.
    fn take_assets(&mut self, new: Vec<(PathBuf, String)>, gone: Vec<PathBuf>) -> Vec<String> {
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        for (file, url) in new {
            self.known.assets.insert(file.clone(), url.clone());
            loaded.site.assets.push((file, url));
        }
        let mut removed_files = Vec::new();
        for file in gone {
            if let Some(url) = self.known.assets.remove(&file) {
                loaded.site.assets.retain(|(f, _)| *f != file);
                removed_files.push(url);
                // A warning it had (see `misnamed_markdown`) goes with it.
                let shown = loaded.shown_content.join(&file);
                self.base_diags.retain(|d| d.path != shown);
            }
        }
        removed_files
    }

    /// New folders' sections and files, and `_index.md` files gone or new,
    /// into the loaded site and the lookups; returns the new metadata of
    /// sections whose page stays (for `apply_section_metas`).
    fn take_in_section_files(
        &mut self,
        new_sections: Vec<NewSection>,
        removed_indexes: Vec<usize>,
        new_indexes: Vec<(usize, PathBuf, FrontMatter)>,
    ) -> Vec<(usize, FrontMatter)> {
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        let mut section_metas = Vec::new();
        // New folders: sections (without a page until published below),
        // their files copied (`partial` does) and known from now on.
        for n in new_sections {
            self.known.sections.insert(n.dir.clone());
            if let Some((file, _)) = &n.index {
                self.known.sections.insert(file.clone());
            }
            for (file, url) in n.assets {
                self.known.assets.insert(file.clone(), url.clone());
                loaded.site.assets.push((file, url));
            }
            loaded.site.push_section(n.dir, Some(n.parent), n.index);
        }
        // `_index.md` files gone: the section's metadata is its folder's
        // name again (below, with what shows it).
        for s in removed_indexes {
            let section = &mut loaded.site.sections[s];
            if let Some(file) = section.index_file.take() {
                self.known.sections.remove(&file);
                let shown = loaded.shown_content.join(&file);
                self.base_diags.retain(|d| d.path != shown);
            }
            section_metas.push((s, section_meta(FrontMatter::default(), &section.dir)));
        }
        // New `_index.md` files: a section with a page gets new metadata
        // (below, with what shows it); one without takes it as it is, and
        // is published below.
        for (s, file, meta) in new_indexes {
            self.known.sections.insert(file.clone());
            let section = &mut loaded.site.sections[s];
            section.index_file = Some(file);
            if section.published {
                section_metas.push((s, meta));
            } else {
                section.meta = meta;
            }
        }
        section_metas
    }

    /// Gives sections their pages (parents first), adds their addresses to
    /// `new_paths` and what lists them to `listings`.
    fn publish_sections(
        &mut self,
        publish: &BTreeSet<usize>,
        new_paths: &mut HashSet<String>,
        listings: &mut BTreeSet<usize>,
    ) {
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        // Sections with a page now (parents first: lower indexes): listed
        // by their parents, shown by the links that led nowhere before.
        for &s in publish {
            let site = &mut loaded.site;
            site.sections[s].published = true;
            if let Some(parent) = site.sections[s].parent {
                site.sections[parent].subsections.push(s);
                site.order_subsections(parent);
            }
            let path = site.sections[s].path.clone();
            site.by_path.insert(path.clone(), SiteTarget::Section(s));
            new_paths.insert(path);
            listings.extend(site.ancestors(s));
        }
    }

    /// Takes the sections of folders gone out of the site and the lookups;
    /// adds what listed them to `listings` and the addresses of their
    /// files to `gone_files`; returns them, and the addresses whose output
    /// folders are to be deleted.
    fn take_out_folders(
        &mut self,
        removed_sections: &[usize],
        listings: &mut BTreeSet<usize>,
        gone_files: &mut HashSet<String>,
    ) -> (BTreeSet<usize>, Vec<String>) {
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        // Folders gone: their sections lose their pages and addresses, the
        // sections above list them no more, and what served them is
        // deleted (the topmost's output folder holds the rest).
        let mut gone_sections = BTreeSet::new();
        let mut removed_dirs = Vec::new();
        for &s in removed_sections {
            let site = &mut loaded.site;
            let section = &site.sections[s];
            let (dir, path, parent) = (section.dir.clone(), section.path.clone(), section.parent);
            self.known.sections.remove(&dir);
            if let Some(file) = &section.index_file {
                self.known.sections.remove(file);
            }
            self.known.assets.retain(|file, _| !file.starts_with(&dir));
            site.assets.retain(|(file, url)| {
                let keep = !file.starts_with(&dir);
                if !keep {
                    gone_files.insert(url.clone());
                }
                keep
            });
            site.sections[s].published = false;
            if let Some(p) = parent {
                site.sections[p].subsections.retain(|&c| c != s);
                if !removed_sections.contains(&p) {
                    listings.extend(site.ancestors(p));
                    removed_dirs.push(path.clone());
                }
            }
            if matches!(site.by_path.get(&path), Some(SiteTarget::Section(t)) if *t == s) {
                site.by_path.remove(&path);
            }
            self.print_cache.forget(s);
            self.partial_diags.remove(&Target::Section(s));
            self.partial_diags.remove(&Target::Print(s));
            let shown = loaded.shown_content.join(&dir);
            self.base_diags.retain(|d| !d.path.starts_with(&shown));
            self.links.remove(&LinkFrom::Section(s));
            self.places.remove(&LinkFrom::Section(s));
            gone_sections.insert(s);
        }
        (gone_sections, removed_dirs)
    }

    /// Sections left with nothing to show (`candidates`, and the sections
    /// above them): one without articles loses its print page; one that
    /// has neither articles, nor an `_index.md`, nor a published section
    /// below loses its page too, as loading would leave it, and its parent
    /// is looked at in turn. Its folder stays known, with its files, and a
    /// new article there publishes it again (`sections_to_publish`). The
    /// sections taken down join `gone` (the pages linking to them show it);
    /// their pages' addresses join `removed_paths`, which deletes an
    /// output folder only if nothing else is left in it; the EPUB editions
    /// of print pages gone join `removed_files`.
    fn take_down_emptied(
        &mut self,
        candidates: &BTreeSet<usize>,
        gone: &mut BTreeSet<usize>,
        (removed_paths, removed_files): (&mut Vec<String>, &mut Vec<String>),
        listings: &mut BTreeSet<usize>,
    ) {
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        let site = &mut loaded.site;
        for &start in candidates {
            let mut s = start;
            loop {
                let section = &site.sections[s];
                if gone.contains(&s) || !section.published || !section.pages.is_empty() {
                    break;
                }
                // No print page: its output goes, unless its address is
                // someone else's (a folder named `print`).
                let print = print_path(section);
                if !site.by_path.contains_key(&print) {
                    removed_paths.push(print);
                }
                // Its EPUB edition too, if it had one (none is made there
                // otherwise, whoever has the address now).
                if loaded.config.print.epub {
                    removed_files.push(epub::epub_path(section));
                }
                self.print_cache.forget(s);
                self.partial_diags.remove(&Target::Print(s));
                let keeps = section.index_file.is_some() || !section.subsections.is_empty();
                let Some(parent) = section.parent.filter(|_| !keeps) else {
                    break;
                };
                let path = section.path.clone();
                site.sections[s].published = false;
                site.sections[parent].subsections.retain(|&c| c != s);
                if matches!(site.by_path.get(&path), Some(SiteTarget::Section(t)) if *t == s) {
                    site.by_path.remove(&path);
                }
                removed_paths.push(path);
                self.partial_diags.remove(&Target::Section(s));
                self.links.remove(&LinkFrom::Section(s));
                self.places.remove(&LinkFrom::Section(s));
                listings.extend(site.ancestors(parent));
                gone.insert(s);
                s = parent;
            }
        }
    }

    /// Sets sections' new metadata. A section's page, print page and the
    /// listings above it show its metadata; the pages below it show only
    /// its title (breadcrumbs, an article's section link), and the texts
    /// below without a language of their own take its, so a new title or
    /// language puts everything below into `todo` and `listings` (a new
    /// `toc`, into `todo`). A new `sort_by`
    /// reorders its articles (those whose neighbours changed are rendered
    /// again), a new weight its place among its siblings (in the listings
    /// above). Returns the sections whose title changed (the pages linking
    /// to them show it), those whose title or language changed (the tag
    /// and author pages listing texts below them show it), and those whose
    /// language changed (a page naming a text below with its language, a
    /// translation its original, shows it).
    fn apply_section_metas(
        &mut self,
        section_metas: Vec<(usize, FrontMatter)>,
        todo: &mut BTreeSet<usize>,
        listings: &mut BTreeSet<usize>,
    ) -> (BTreeSet<usize>, BTreeSet<usize>, BTreeSet<usize>) {
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        let mut retitled_sections = BTreeSet::new();
        let mut reshown_sections = BTreeSet::new();
        let mut relanged_sections = BTreeSet::new();
        for (s, meta) in section_metas {
            let site = &mut loaded.site;
            let old = std::mem::replace(&mut site.sections[s].meta, meta);
            let new = &site.sections[s].meta;
            let retitled = new.title != old.title;
            let relanged = new.lang != old.lang;
            let retoc = new.toc != old.toc;
            let (reorder, moves) = (new.sort_by != old.sort_by, new.weight != old.weight);
            // A folder sorted by title files its texts in their language:
            // a new language above them may order them anew.
            let mut reordered: Vec<usize> = match relanged {
                true => site.subtree(s),
                false => Vec::new(),
            };
            reordered.retain(|&below| site.sections[below].meta.sort_by.as_deref() == Some("title"));
            if reorder && !reordered.contains(&s) {
                reordered.push(s);
            }
            for s in reordered {
                let before: Vec<_> = site.sections[s]
                    .pages
                    .iter()
                    .map(|&p| (p, site.neighbours(&site.pages[p])))
                    .collect();
                site.order_pages(s);
                todo.extend(
                    before
                        .into_iter()
                        .filter(|(p, was)| site.neighbours(&site.pages[*p]) != *was)
                        .map(|(p, _)| p),
                );
                // Its print page takes every body again, in the new order.
                self.print_cache.forget(s);
            }
            if let (true, Some(parent)) = (moves, site.sections[s].parent) {
                site.order_subsections(parent);
            }
            if retitled {
                retitled_sections.insert(s);
            }
            // A title is in every page's breadcrumbs below; a language in
            // every text below that has none of its own, and in its
            // summary in the listings.
            if relanged {
                relanged_sections.insert(s);
            }
            if retitled || relanged {
                reshown_sections.insert(s);
                for below in site.subtree(s) {
                    let pages = &site.sections[below].pages;
                    todo.extend(pages.iter().copied());
                    listings.insert(below);
                    if relanged {
                        pages.iter().for_each(|&p| loaded.summaries.forget(p));
                    }
                }
            }
            // Whether to show contents, for the texts below that do not
            // say: on their pages and in their print and e-book editions.
            if retoc {
                for below in site.subtree(s) {
                    todo.extend(site.sections[below].pages.iter().copied());
                }
            }
            listings.extend(site.ancestors(s));
        }
        (retitled_sections, reshown_sections, relanged_sections)
    }

    /// The theme's static files read again (one was added or deleted):
    /// into `copies` (from disk) and `writes` (built in) what now goes to
    /// an output path it did not go to, into `removed` the output paths
    /// no file goes to any more. A file beside the articles at one of
    /// those paths wins, as in a full build (it is copied after them).
    fn take_statics(
        &mut self,
        copies: &mut Vec<(PathBuf, String)>,
        writes: &mut Vec<(&'static [u8], String)>,
        removed: &mut Vec<String>,
    ) -> Result<(), Error> {
        let theme = load_theme(&self.opts.root, &self.config.theme)?;
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        let assets: HashSet<&str> = self.known.assets.values().map(String::as_str).collect();
        let before: HashMap<&str, &StaticFile> = loaded.theme.statics.iter().map(|(o, f)| (o.as_str(), f)).collect();
        for (out, file) in theme.statics.iter().filter(|(o, _)| !assets.contains(o.as_str())) {
            match (before.get(out.as_str()), file) {
                (Some(StaticFile::Disk(was)), StaticFile::Disk(path)) if was == path => {}
                (Some(StaticFile::Embedded(was)), StaticFile::Embedded(bytes)) if std::ptr::eq(*was, *bytes) => {}
                (_, StaticFile::Disk(path)) => copies.push((path.clone(), out.clone())),
                (_, StaticFile::Embedded(bytes)) => writes.push((bytes, out.clone())),
            }
        }
        let now: HashSet<&str> = theme.statics.iter().map(|(o, _)| o.as_str()).collect();
        removed.extend(
            before
                .keys()
                .filter(|o| !now.contains(*o) && !assets.contains(*o))
                .map(|o| o.to_string()),
        );
        self.known.statics = static_files(&theme, &self.opts.root);
        loaded.theme = theme;
        Ok(())
    }

    /// Re-renders the given articles (and what shows their new metadata)
    /// and copies files; see the module doc.
    fn partial(&mut self, mut edits: Edits) -> Result<(), Error> {
        let mut copies = std::mem::take(&mut edits.copies);
        // Static files new or gone: the theme's are read again.
        let (mut writes, mut removed_statics) = (Vec::new(), Vec::new());
        let mut new_statics = Vec::new();
        if edits.theme_statics {
            let copied = copies.len();
            self.take_statics(&mut copies, &mut writes, &mut removed_statics)?;
            let new = copies[copied..]
                .iter()
                .map(|(_, out)| out)
                .chain(writes.iter().map(|(_, out)| out));
            new_statics.extend(new.cloned());
        }
        let mut intros = std::mem::take(&mut edits.intros);
        let mut section_pages = std::mem::take(&mut edits.section_pages);
        let all_term_pages = std::mem::take(&mut edits.term_pages);
        let term_texts = std::mem::take(&mut edits.term_texts);
        // The term texts as read again: their list, what they say, and
        // what reading them warns of (the texts no page shows).
        if let Some(read) = edits.term_read.take() {
            let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
            let TermTextsRead { files, texts, hidden } = *read;
            loaded.site.term_texts = files;
            self.owed.hidden_texts.extend(hidden);
            self.take_term_texts(texts);
        }
        // Files whose front matter broke, or is mended (or gone).
        for (file, problems) in std::mem::take(&mut edits.front_matter) {
            self.print_diags(&problems);
            match problems.is_empty() {
                true => self.broken.remove(&file),
                false => self.broken.insert(file, problems),
            };
        }
        let started = Instant::now();
        let may_clash = edits.may_clash();
        let Some(current) = self.shared.status().out else {
            return Err(Error::Template {
                message: "no build to update".into(),
            });
        };
        // Each file whose bytes change goes beside the served one, renamed
        // over it if the site is good (no folder made again for it).
        let staged = InPlace::new(&current);
        // The EPUB editions carry the images their texts show: a text that
        // shows one whose file changed is written again, and its edition
        // with it. (One new or gone changes the text's page anyway.)
        let editions = self.config.print.epub || self.config.print.epub_texts;
        let rewritten: HashSet<String> = copies
            .iter()
            .map(|(_, url)| url)
            .filter(|url| editions && epub::image_type(url).is_some())
            .cloned()
            .collect();
        let aliases_before = self.aliases();
        let sitemap_before = self.owed.sitemap.unwrap_or_else(|| {
            self.loaded
                .as_ref()
                .map_or((0, 0), |l| sitemap::state(&l.config, &l.site, &l.taxonomies))
        });
        let Changes {
            mut todo,
            mut listings,
            mut removed_paths,
            removed_dirs,
            removed_files,
            terms_moved,
            term_changes,
            mut described,
        } = self.apply_to_site(edits, (new_statics, removed_statics.clone()), rewritten);
        let site_done = started.elapsed();
        // Old addresses (`aliases`) that come, go or change hands: the
        // full build writes their redirects and deletes those gone
        // (rare). Those that stay are written again with their pages.
        // (With `everything`, the site is built whole at the end.)
        let everything = self.owed.everything;
        if self.aliases() != aliases_before && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        // Something written over another (a folder of the same address,
        // a print page's, a file's): the full build tells (rare). After a
        // full build failed, such problems are shown with the rest (they
        // may be that build's).
        let clashes = match may_clash || everything {
            true => self
                .loaded
                .as_ref()
                .map(|l| l.output_clashes(&self.opts.root))
                .unwrap_or_default(),
            false => Vec::new(),
        };
        if !clashes.is_empty() && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        // Tag or author pages that come or go as a whole (something new
        // at their address, or gone from it): the full build tells (rare).
        if terms_moved && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        // A tag's or an author's page with a text of its own that comes or
        // goes: the full build shows the text, or says that no page does.
        let loaded = self.loaded.as_ref().expect("partial rebuilds follow a good build");
        let texts = &loaded.term_texts;
        if term_changes.new.iter().chain(&term_changes.gone).any(|p| texts.at(p)) && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        // A text that no page shows is warned of with the nearest name the
        // site has: with names come or gone, the texts are read again (the
        // pages they are on stay, as above; if not, the full build tells).
        let moved_terms = !(term_changes.new.is_empty() && term_changes.gone.is_empty());
        if moved_terms && !texts.diagnostics.is_empty() && !everything {
            let now = loaded.term_texts_now(&loaded.site.term_texts, self.opts.drafts);
            if !texts
                .changes(&now, &[])
                .is_some_and(|c| c.pages.is_empty() && c.hidden.is_empty())
            {
                staged.discard();
                self.full();
                return Ok(());
            }
            self.take_term_texts(now);
        }
        // Feeds that come or go, or change their title or address: the
        // pages that name them in their heads show it. The site's is
        // named on every page, as is what something of the site's own
        // stands in for: the full build tells (rare).
        let loaded = self.loaded.as_mut().expect("partial rebuilds follow a good build");
        let feeds = loaded.feeds_now(&self.opts.root);
        let moved = feeds.moved_from(&loaded.feeds);
        let moved = moved.filter(|_| feeds.warnings == loaded.feeds.warnings);
        if moved.is_none() && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        // (With `everything`, the site is built whole at the end.)
        for s in moved.into_iter().flatten() {
            for below in loaded.site.subtree(s) {
                let section = &loaded.site.sections[below];
                if section.published {
                    todo.extend(section.pages.iter().copied());
                    listings.insert(below);
                }
            }
        }
        loaded.globals.set_feeds(&loaded.site, &feeds);
        removed_paths.extend(term_changes.gone);
        if term_changes.home {
            listings.insert(0);
        }
        // With what the batches refused since the last good one left
        // undone, in the order they came.
        let mut owed = std::mem::take(&mut self.owed);
        let loaded = self.loaded.as_ref().expect("partial rebuilds follow a good build");
        // Folders gone take along what was owed in them.
        for dir in &removed_dirs {
            owed.files.retain(|url, _| !url.starts_with(dir.as_str()));
            owed.removed_paths.retain(|path| !path.starts_with(dir.as_str()));
        }
        owed.listings.append(&mut listings);
        owed.intros.append(&mut intros);
        owed.section_pages.append(&mut section_pages);
        owed.terms.extend(term_changes.render);
        owed.term_indexes.extend(term_changes.index);
        for (kind, slug) in term_texts {
            match slug.is_empty() {
                true => owed.term_indexes.insert(kind),
                false => owed.terms.insert((kind, slug)),
            };
        }
        owed.described.append(&mut described);
        owed.sitemap = Some(sitemap_before);
        if all_term_pages {
            for terms in loaded.taxonomies.iter() {
                owed.terms
                    .extend(terms.list.iter().map(|t| (terms.kind, t.slug.clone())));
                owed.term_indexes.insert(terms.kind);
            }
        }
        owed.files
            .extend(copies.into_iter().map(|(src, out)| (out, OwedFile::Copy(src))));
        owed.files
            .extend(writes.into_iter().map(|(bytes, out)| (out, OwedFile::Write(bytes))));
        // Feeds gone (their publication's last issue or dated text).
        let now: HashSet<&str> = feeds.list.iter().map(|f| f.path.as_str()).collect();
        let feeds_gone = loaded.feeds.list.iter().filter(|f| !now.contains(f.path.as_str()));
        let feeds_gone: Vec<String> = feeds_gone.map(|f| f.path.clone()).collect();
        let removed = removed_files.into_iter().chain(removed_statics).chain(feeds_gone);
        owed.files.extend(removed.map(|out| (out, OwedFile::Removed)));
        owed.removed_paths.extend(removed_paths);
        owed.removed_dirs.extend(removed_dirs);
        let published = |s: &usize| loaded.site.sections[*s].published;
        let (listings, intros, section_pages): (BTreeSet<usize>, BTreeSet<usize>, BTreeSet<usize>) = (
            owed.listings.iter().copied().collect(),
            owed.intros.iter().copied().filter(published).collect(),
            owed.section_pages.iter().copied().filter(published).collect(),
        );
        let mut by_section: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in &todo {
            by_section.entry(loaded.site.pages[i].section).or_default().push(i);
        }
        // A feed is written again when its texts change, or what it shows
        // of them (their metadata, address, language or body: their pages
        // are rendered again), or its section's title and description (not
        // for every edit below it, as its listing is).
        let feeds_due: Vec<Feed> = feeds
            .list
            .iter()
            .filter(|now| {
                let was = loaded.feeds.list.iter().find(|was| was.path == now.path);
                was != Some(*now)
                    || owed.described.contains(&now.section)
                    || now.entries.iter().any(|e| todo.contains(&e.page))
            })
            .cloned()
            .collect();
        let links = LinkLog::default();
        let places = PlaceLog::default();
        // The files of the pages written (not of those only read for their
        // print bodies: a file saved since its page was written would then
        // seem as its page shows it).
        let written = FileHashes::default();
        let writing = loaded
            .job(None, Some(&links))
            .placing(Some(&places))
            .hashing(Some(&written))
            .in_place(Some(&staged))
            .caching(self.bodies.as_ref());
        let quiet = loaded.job(None, None).caching(self.bodies.as_ref());
        // Print pages show their section's listing and own text too.
        for &s in listings.iter().chain(&intros) {
            if loaded.site.has_print_page(s) {
                by_section.entry(s).or_default();
            }
        }
        // Section pages alongside the articles and print pages: an
        // archive's listing pages are the slowest part of a metadata edit,
        // and they need nothing the articles' renders give.
        let sections: BTreeSet<usize> = by_section
            .keys()
            .chain(listings.iter().filter(|&&s| loaded.site.sections[s].published))
            .chain(&intros)
            .chain(&section_pages)
            .copied()
            .collect();
        let print_cache = &mut self.print_cache;
        let articles = || -> Result<Vec<(Target, Vec<Diagnostic>)>, Error> {
            let mut new_diags = Vec::new();
            for (&s, changed) in &by_section {
                let section = &loaded.site.sections[s];
                let bodies = match print_cache.take(s) {
                    Some(mut bodies) if bodies.len() == section.pages.len() => {
                        let outcomes: Vec<Result<PageOutcome, Error>> =
                            changed.par_iter().map(|&i| writing.page(i)).collect();
                        for (&i, o) in changed.iter().zip(outcomes) {
                            let o = o?;
                            new_diags.push((Target::Page(i), o.diagnostics));
                            bodies[loaded.site.pages[i].position] = o.print_body;
                        }
                        bodies
                    }
                    // First edit in this section: every article's print body,
                    // and the changed ones' pages.
                    _ => {
                        let outcomes: Vec<Result<PageOutcome, Error>> = section
                            .pages
                            .par_iter()
                            .map(|&i| {
                                if todo.contains(&i) {
                                    writing.page(i)
                                } else {
                                    Ok(PageOutcome {
                                        diagnostics: Vec::new(),
                                        print_body: quiet.print_body(i),
                                    })
                                }
                            })
                            .collect();
                        let mut bodies = Vec::with_capacity(outcomes.len());
                        for (&i, o) in section.pages.iter().zip(outcomes) {
                            let o = o?;
                            if todo.contains(&i) {
                                new_diags.push((Target::Page(i), o.diagnostics));
                            }
                            bodies.push(o.print_body);
                        }
                        bodies
                    }
                };
                if loaded.site.has_print_page(s) {
                    new_diags.push((Target::Print(s), writing.print_section(s, &bodies)?));
                }
                print_cache.put(s, bodies);
            }
            Ok(new_diags)
        };
        let listed =
            || -> Vec<Result<Vec<Diagnostic>, Error>> { sections.par_iter().map(|&s| writing.section(s)).collect() };
        // Tag and author pages too, which need nothing the others give.
        let terms = || writing.term_pages(Some(&owed.terms), |kind| owed.term_indexes.contains(&kind));
        let render_started = started.elapsed();
        let ((new_diags, rendered), term_results) = rayon::join(|| rayon::join(articles, listed), terms);
        let render_done = started.elapsed();
        let mut new_diags = new_diags?;
        writing.write_feeds(&feeds_due)?;
        // The sitemap, if the site has one and the pages it lists changed
        // (a body edit leaves it be); a full build if it needs another
        // number of files (past 50,000 pages).
        let sitemap_now = sitemap::state(&loaded.config, &loaded.site, &loaded.taxonomies);
        if sitemap_now.0 != sitemap_before.0 && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        if sitemap_now != sitemap_before {
            for (path, bytes) in loaded.sitemap() {
                staged.put(&path, &bytes)?;
            }
        }
        for (&s, diags) in sections.iter().zip(rendered) {
            new_diags.push((Target::Section(s), diags?));
        }
        // Tag and author pages have the problems of their texts, each
        // its text's; any other is a template's: the full build reports
        // it.
        let mut term_problems = false;
        let texts = &loaded.term_texts;
        let mut term_diags: BTreeMap<usize, Vec<Diagnostic>> = BTreeMap::new();
        let term_pages = owed.terms.iter().map(|(kind, slug)| (*kind, slug.as_str()));
        let indexes = owed.term_indexes.iter().map(|&kind| (kind, ""));
        for (kind, slug) in term_pages.chain(indexes) {
            if let Some((t, _)) = texts.of(kind, slug) {
                term_diags.insert(t, Vec::new());
            }
        }
        // Those no longer shown: as rendered, with nothing.
        for &t in owed.hidden_texts.keys() {
            term_diags.insert(t, Vec::new());
        }
        let text_of = |d: &Diagnostic| {
            let file = d.path.strip_prefix(&loaded.shown_content).ok()?;
            loaded.site.term_texts.iter().position(|f| f == file)
        };
        for diags in term_results {
            for d in diags? {
                match text_of(&d).and_then(|t| term_diags.get_mut(&t)) {
                    Some(its) => its.push(d),
                    None => term_problems = true,
                }
            }
        }
        if term_problems && !everything {
            staged.discard();
            self.full();
            return Ok(());
        }
        new_diags.extend(term_diags.into_iter().map(|(t, diags)| (Target::Term(t), diags)));
        // Articles that could not be read because they are gone: nothing
        // of the batch is shown or written yet (see `vanished`).
        let vanished: Vec<PathBuf> = new_diags
            .iter()
            .filter_map(|(t, diags)| match *t {
                Target::Page(i) if !diags.is_empty() => Some(&loaded.site.pages[i].file),
                _ => None,
            })
            .filter(|file| !loaded.content.join(file).exists())
            .map(|file| self.config.content_dir.join(file))
            .collect();
        if self.may_wait && !vanished.is_empty() {
            self.pending = todo;
            self.owed = owed;
            staged.discard();
            self.vanished = vanished;
            return Ok(());
        }
        for (out, file) in &owed.files {
            match file {
                OwedFile::Copy(src) => match std::fs::read(src) {
                    Ok(bytes) => staged.put(out, &bytes)?,
                    // Gone since: a later batch deletes its copy.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io(src)(e)),
                },
                OwedFile::Write(bytes) => staged.put(out, bytes)?,
                OwedFile::Removed => {}
            }
        }

        // Which articles the re-rendered pages link to now.
        let rendered: BTreeSet<LinkFrom> = new_diags
            .iter()
            .filter_map(|(t, _)| match *t {
                Target::Page(i) => Some(LinkFrom::Page(i)),
                Target::Section(s) => Some(LinkFrom::Section(s)),
                Target::Term(t) => Some(LinkFrom::Term(t)),
                Target::Print(_) => None,
            })
            .collect();
        let mut new_links: HashMap<LinkFrom, Vec<LinkTo>> = HashMap::new();
        for (from, to) in links.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
            new_links.entry(from).or_default().push(to);
        }
        let mut new_places: HashMap<LinkFrom, Vec<PlaceLink>> = HashMap::new();
        let (places, ids) = places.into_inner();
        for place in places {
            new_places.entry(place.from).or_default().push(place);
        }
        // Pages whose ids may have changed: those rendered, those gone.
        let mut changed: HashSet<&str> = owed.removed_paths.iter().map(String::as_str).collect();
        for &from in &rendered {
            match new_links.remove(&from) {
                Some(to) => self.links.insert(from, to),
                None => self.links.remove(&from),
            };
            match new_places.remove(&from) {
                Some(places) => self.places.insert(from, places),
                None => self.places.remove(&from),
            };
            changed.insert(match from {
                LinkFrom::Page(i) => &loaded.site.pages[i].path,
                LinkFrom::Section(s) => &loaded.site.sections[s].path,
                LinkFrom::Term(t) => match loaded.term_texts.page_of(t) {
                    Some((_, _, path)) => path,
                    None => continue,
                },
            });
        }
        changed.extend(owed.hidden_texts.values().map(String::as_str));
        for path in &changed {
            self.place_ids.remove(*path);
        }
        // Those gathered as they rendered (once a page linked to a place).
        self.place_ids.extend(ids);
        // Links to ids on other pages judged again: those of the pages
        // rendered, and those to a page whose ids may have changed (the
        // rest stand as judged).
        let again: Vec<&PlaceLink> = self
            .places
            .iter()
            .filter(|(from, places)| {
                rendered.contains(from) || places.iter().any(|p| changed.contains(p.target.as_str()))
            })
            .flat_map(|(_, places)| places)
            .collect();
        let mut judged: HashMap<LinkFrom, Vec<Diagnostic>> = HashMap::new();
        for p in &again {
            judged.entry(p.from).or_default();
        }
        for (from, d) in loaded.judge_places(again, self.bodies.as_ref(), &mut self.place_ids) {
            judged.entry(from).or_default().push(d);
        }
        for (from, diags) in judged {
            let new: Vec<&Diagnostic> = diags
                .iter()
                .filter(|d| !self.place_diags.get(&from).is_some_and(|was| was.contains(d)))
                .collect();
            self.print_diags(new);
            self.place_diags.insert(from, diags);
        }
        let places = &self.places;
        self.place_diags
            .retain(|from, diags| !diags.is_empty() && places.contains_key(from));

        // The diagnostics of the site as it now is.
        for (target, diags) in new_diags {
            let shown = match target {
                Target::Page(i) => loaded.shown_file(LinkFrom::Page(i)),
                Target::Section(s) => loaded.shown_file(LinkFrom::Section(s)),
                Target::Term(t) => loaded.shown_file(LinkFrom::Term(t)),
                Target::Print(_) => None,
            };
            if let Some(shown) = shown {
                self.base_diags.retain(|d| d.path != shown);
            }
            self.partial_diags.insert(target, diags);
        }
        let mut all = Diagnostics {
            items: self
                .base_diags
                .iter()
                .chain(self.partial_diags.values().flatten())
                .chain(self.broken.values().flatten())
                .chain(self.place_diags.values().flatten())
                .chain(&clashes)
                .cloned()
                .collect(),
        };
        all.sort();
        let all = all.items;
        let problems: Vec<String> = all.iter().map(ToString::to_string).collect();
        let this_time: Vec<&Diagnostic> = self.partial_diags.values().flatten().collect();
        self.print_diags(this_time);
        if all.iter().any(|d| self.denied(d)) {
            // Done with the next good batch.
            self.pending = todo;
            self.owed = owed;
            staged.discard();
            self.broken(problems);
            return Ok(());
        }
        if owed.everything {
            // Mended after a full build failed: everything, as it is now.
            staged.discard();
            if super::tracing() {
                eprintln!("trace: mended after a failed full build: building everything");
            }
            self.full();
            return Ok(());
        }

        // Good: move in what changed; the pages written are as their files
        // were read (or as none, when saved since their metadata was read).
        for (i, hash) in written.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
            match hash {
                Some(hash) => self.hashes.insert(i, hash),
                None => self.hashes.remove(&i),
            };
        }
        let commit_started = started.elapsed();
        let renamed = staged.commit_changed()?;
        let mut changed = renamed.len();
        let mut only_css = renamed.iter().all(|rel| rel.extension().is_some_and(|e| e == "css"));
        // What is gone, but for what this batch made there again (a
        // batch refused before may have taken it away).
        let mut deleted = |done: bool| {
            if done {
                changed += 1;
                only_css = false;
            }
        };
        for path in &owed.removed_dirs {
            deleted(staged.remove_all_but_made(Path::new(path)));
        }
        // Each with the folders that leaves empty (a static file's own
        // folder; a section's, once its pages and print page are gone).
        let removed = owed.files.iter().filter(|(_, f)| matches!(f, OwedFile::Removed));
        for (url, _) in removed {
            deleted(staged.remove_unless_made(Path::new(url)));
        }
        for path in &owed.removed_paths {
            deleted(staged.remove_unless_made(&Path::new(path).join("index.html")));
        }
        self.pending.clear();
        if let Some(loaded) = self.loaded.as_mut() {
            loaded.feeds = feeds;
        }
        let done = started.elapsed();
        eprintln!(
            "rebuilt {} article(s), {} file(s) changed, in {} ms",
            todo.len(),
            changed,
            done.as_millis()
        );
        if super::tracing() {
            // Each step's own time: the site's data brought up to date,
            // what to render planned, the pages rendered, the rest
            // written (feeds, the sitemap, files owed), the files
            // committed and those gone deleted.
            let ms = |from: Duration, to: Duration| (to - from).as_secs_f64() * 1000.0;
            eprintln!(
                "trace: in place: site {:.1} ms, planned {:.1} ms, rendered {:.1} ms, written {:.1} ms, committed {:.1} ms",
                ms(Duration::ZERO, site_done),
                ms(site_done, render_started),
                ms(render_started, render_done),
                ms(render_done, commit_started),
                ms(commit_started, done)
            );
        }
        let message = match (changed, only_css) {
            (0, _) => None,
            (_, true) => Some(Message::Css),
            _ => Some(Message::Reload),
        };
        self.good(problems, message);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    const ONE: &str = "---\ntitle: One\nweight: 1\n---\n\nBody one.\n";

    /// A built site, its builder, and the temp folders.
    fn built() -> (tempfile::TempDir, Builder) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        write(&root, "book.toml", "[site]\ntitle = \"T\"\n");
        write(&root, "content/_index.md", "---\ntitle: Home\n---\n");
        write(&root, "content/notes/_index.md", "---\ntitle: Notes\n---\n");
        write(&root, "content/notes/one.md", ONE);
        write(&root, "content/notes/pic.svg", "<svg/>");
        write(&root, "static/extra.css", "p {}");
        let opts = BuildOptions {
            root,
            output: None,
            drafts: false,
            deny_warnings: false,
            write: true,
        };
        let mut b = Builder::new(opts, dir.path().join("private"), Shared::new());
        b.full();
        assert!(b.loaded.is_some());
        (dir, b)
    }

    /// [`built`], with `front` added to article one's front matter.
    fn built_with(front: &str) -> (tempfile::TempDir, Builder) {
        let (dir, mut b) = built();
        let one = ONE.replace("weight: 1", &format!("weight: 1\n{front}"));
        write(&b.opts.root, "content/notes/one.md", &one);
        b.full();
        (dir, b)
    }

    /// Asserts the page `html` links to each of `names`, in that order.
    fn assert_lists_in_order(html: &str, names: &[&str]) {
        let at = |name: &str| {
            html.find(&format!(">{name}</a>"))
                .unwrap_or_else(|| panic!("no {name}: {html}"))
        };
        assert!(
            names.windows(2).all(|w| at(w[0]) < at(w[1])),
            "not in the order {names:?}: {html}"
        );
    }

    /// The default theme's template `name`, as built in.
    fn theme_template(name: &str) -> &'static str {
        crate::render::theme::default_template(name).unwrap_or_else(|| panic!("no template {name}"))
    }

    /// Asserts `b` shows one problem, and that it has each of `phrases`.
    /// Asserts serve shows no problem.
    fn assert_shows_none(b: &Builder) {
        let errors = b.shared.status().errors;
        assert!(errors.is_empty(), "expected no problem, shown: {errors:?}");
    }

    /// The served file `rel`.
    fn served_file(b: &Builder, rel: &str) -> String {
        let out = b.shared.status().out.expect("a served build");
        std::fs::read_to_string(out.join(rel)).unwrap()
    }

    fn assert_shows_one(b: &Builder, phrases: &[&str]) {
        let errors = b.shared.status().errors;
        assert!(
            errors.len() == 1 && phrases.iter().all(|p| errors[0].contains(p)),
            "expected one problem with {phrases:?}, shown: {errors:?}"
        );
    }

    fn plan(b: &Builder, paths: &[&str]) -> Plan {
        b.plan(&paths.iter().map(PathBuf::from).collect())
    }

    /// Saves `one.md` with `body` for its text, and applies the save.
    fn save_one(b: &mut Builder, body: &str) {
        let root = b.opts.root.clone();
        write(&root, "content/notes/one.md", &ONE.replace("Body one.", body));
        apply(b, &["content/notes/one.md"]);
    }

    /// What serve does with a batch of these changed paths.
    fn apply(b: &mut Builder, paths: &[&str]) {
        b.apply(&Batch {
            paths: paths.iter().map(PathBuf::from).collect(),
            rescan: false,
        });
    }

    #[test]
    fn body_metadata_and_url_edits_are_partial_unless_a_full_build_must_judge() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nNew body.\n",
        );
        let i = b.known.pages[Path::new("notes/one.md")];
        assert_eq!(
            plan(&b, &["content/notes/one.md"]),
            Plan::Partial(Edits {
                pages: BTreeSet::from([i]),
                ..Edits::default()
            })
        );
        // Reformatted front matter, same metadata: still partial.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle:   \"One\"\nweight: 1\n---\n\nNew body.\n",
        );
        assert!(matches!(plan(&b, &["content/notes/one.md"]), Plan::Partial(_)));
        // New metadata, same title and place: partial, with the metadata.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nauthor: Ann\nweight: 1\n---\n\nNew body.\n",
        );
        match plan(&b, &["content/notes/one.md"]) {
            Plan::Partial(Edits { pages, metas, .. }) => {
                assert_eq!(pages, BTreeSet::from([i]));
                assert_eq!(metas.len(), 1);
                assert_eq!((metas[0].0, metas[0].1.authors.clone()), (i, vec!["Ann".to_string()]));
            }
            other => panic!("{other:?}"),
        }
        // A new title or place: partial too (see `partial`).
        for text in [
            "---\ntitle: Uno\nweight: 1\n---\n\nNew body.\n",
            "---\ntitle: One\nweight: 5\n---\n\nNew body.\n",
        ] {
            write(&root, "content/notes/one.md", text);
            assert!(matches!(plan(&b, &["content/notes/one.md"]), Plan::Partial(_)));
        }
        // The same URL spelled out: new metadata, in place.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\nslug: one\n---\n",
        );
        match plan(&b, &["content/notes/one.md"]) {
            Plan::Partial(Edits { pages, metas, .. }) => {
                assert_eq!(pages, BTreeSet::from([i]));
                assert_eq!(metas.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        // A new URL: out at the old one, in at the new.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\nslug: uno\n---\n",
        );
        match plan(&b, &["content/notes/one.md"]) {
            Plan::Partial(Edits {
                pages, removed, added, ..
            }) => {
                assert!(pages.is_empty());
                assert_eq!(removed, vec![i]);
                assert_eq!(added.len(), 1);
                assert_eq!(
                    (added[0].slug.as_str(), added[0].file.as_path()),
                    ("uno", Path::new("notes/one.md"))
                );
            }
            other => panic!("{other:?}"),
        }
        // A draft now, and the section's only article: in place (see
        // `sections_left_with_nothing_to_show_are_taken_down_in_place`).
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\ndraft: true\n---\n",
        );
        assert!(matches!(plan(&b, &["content/notes/one.md"]), Plan::Partial(_)));
        // A slug that takes the print page's address: a full build, which
        // reports it.
        write(&root, "content/notes/one.md", "---\ntitle: One\nslug: print\n---\n");
        assert_eq!(plan(&b, &["content/notes/one.md"]), Plan::Full);
        // Front matter with errors (not YAML, no title, a slug not
        // allowed): refused in place, with what a build reports of it.
        for (text, line) in [
            ("---\ntitle: [broken\n---\n", 3),
            ("---\nauthor: Ann\n---\n", 1),
            ("---\ntitle: One\nslug: a/b\n---\n", 3),
        ] {
            let (edits, problems) = refused_plan(&b, "content/notes/one.md", text);
            // Its served page stays as it was.
            assert!(edits.pages.is_empty(), "{text}");
            assert!(
                problems.iter().all(|d| d.path.ends_with("content/notes/one.md")),
                "{problems:?}"
            );
            assert!(
                problems.iter().any(|d| d.severity == Severity::Error && d.line == line),
                "{text}: {problems:?}"
            );
        }
        // With a second article, the draft is taken out in place.
        write(&root, "content/notes/two.md", "---\ntitle: Two\n---\n");
        apply(&mut b, &["content/notes/two.md"]);
        write(&root, "content/notes/one.md", "---\ntitle: One\ndraft: true\n---\n");
        match plan(&b, &["content/notes/one.md"]) {
            Plan::Partial(Edits {
                pages, removed, added, ..
            }) => {
                assert!(pages.is_empty() && added.is_empty());
                assert_eq!(removed, vec![i]);
            }
            other => panic!("{other:?}"),
        }
        // A URL another article has: refused in place with what a build
        // reports, until the other article leaves it.
        let (generation, served) = (b.generation, files(&b.shared.status().out.unwrap()));
        let errors = refused(&mut b, "content/notes/one.md", "---\ntitle: One\nslug: two\n---\n");
        assert!(
            errors.len() == 1
                && errors[0].contains("two.md:1:1: error:")
                && errors[0].contains("one.md` and `")
                && errors[0].contains("would both be written to `/notes/two/`"),
            "{errors:?}"
        );
        assert!(
            files(&b.shared.status().out.unwrap()) == served,
            "the last good build changed"
        );
        save(
            &mut b,
            dir.path(),
            "content/notes/two.md",
            "---\ntitle: Two\nslug: deux\n---\n",
            "freed",
        );
        assert_shows_none(&b);
        let out = b.shared.status().out.unwrap();
        assert!(out.join("notes/two/index.html").is_file() && out.join("notes/deux/index.html").is_file());
        assert_eq!(b.generation, generation, "in place");
    }

    #[test]
    fn a_folder_gone_takes_what_was_in_it_out_of_the_snapshot() {
        let paths = [
            "content/a",
            "content/a/b",
            "content/a/b/x.md",
            "content/a/b/y",
            "content/a/b/y/z.md",
            "content/a/b-c",
            "content/a/b-c/x.md",
            "content/a/b.md",
            "content/a/bc.md",
            "content/a/c.md",
        ];
        let mut snapshot: Snapshot = paths.iter().map(|p| (PathBuf::from(p), (0, None))).collect();
        forget_in_snapshot(&mut snapshot, Path::new("content/a/b"));
        let left: Vec<&str> = snapshot.keys().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(
            left,
            [
                "content/a",
                "content/a/b-c",
                "content/a/b-c/x.md",
                "content/a/b.md",
                "content/a/bc.md",
                "content/a/c.md"
            ]
        );
        // A file gone takes itself alone; something never seen, nothing.
        forget_in_snapshot(&mut snapshot, Path::new("content/a/b.md"));
        forget_in_snapshot(&mut snapshot, Path::new("content/a/zz"));
        assert_eq!(snapshot.len(), 5);
        assert!(!snapshot.contains_key(Path::new("content/a/b.md")));
    }

    #[test]
    fn temp_files_and_unrelated_files_are_nothing() {
        let (_dir, b) = built();
        let root = b.opts.root.clone();
        write(&root, "content/notes/.one.md.swp", "x");
        write(&root, "content/notes/one.md~", "x");
        write(&root, "README.md", "x");
        for p in [
            "content/notes/.one.md.swp",
            "content/notes/one.md~",
            "content/notes/.#one.md",
            "content/notes/4913",
            "README.md",
            "public/index.html",
            "themes/other/templates/base.html",
        ] {
            assert_eq!(plan(&b, &[p]), Plan::Nothing, "{p}");
        }
    }

    #[test]
    fn new_articles_in_known_sections_are_partial() {
        let (_dir, b) = built();
        let root = b.opts.root.clone();
        write(&root, "content/notes/two.md", "---\ntitle: Two\n---\n\nBody two.\n");
        match plan(&b, &["content/notes/two.md"]) {
            Plan::Partial(Edits { pages, added, .. }) => {
                assert!(pages.is_empty());
                let new: Vec<_> = added.iter().map(|a| (a.file.clone(), a.slug.as_str())).collect();
                assert_eq!(new, [(PathBuf::from("notes/two.md"), "two")]);
            }
            other => panic!("{other:?}"),
        }
        // A draft not shown: nothing to render.
        write(&root, "content/notes/draft.md", "---\ntitle: D\ndraft: true\n---\n");
        assert_eq!(plan(&b, &["content/notes/draft.md"]), Plan::Nothing);
        // Front matter with errors (not YAML, a slug not allowed):
        // refused in place with what a build reports.
        for (rel, text) in [
            ("content/notes/bad.md", "---\ntitle: [broken\n---\n"),
            ("content/notes/slash.md", "---\ntitle: T\nslug: a/b\n---\n"),
        ] {
            assert!(refused_plan(&b, rel, text).0.added.is_empty(), "{rel}");
            std::fs::remove_file(root.join(rel)).unwrap();
        }
        // What the full build must report or set up: a taken URL (by a
        // file, or by another new file), a new `_index.md`, a new folder.
        // (A non-Markdown file is copied: see
        // `files_beside_the_articles_come_and_go_in_place`.)
        // Another article's: refused in place, as a build reports it.
        let (edits, problems) = refused_plan(&b, "content/notes/taken.md", "---\ntitle: T\nslug: one\n---\n");
        assert!(edits.added.is_empty());
        assert!(problems[0].message.contains("would both be written"), "{problems:?}");
        std::fs::remove_file(root.join("content/notes/taken.md")).unwrap();
        let full = [
            ("content/more/_index.md", "---\ntitle: More\n---\n"),
            ("content/essays/first.md", "---\ntitle: First\n---\n"),
        ];
        for (rel, text) in full {
            write(&root, rel, text);
            assert_eq!(plan(&b, &[rel]), Plan::Full, "{rel}");
        }
        write(&root, "content/notes/twin.md", "---\ntitle: Twin\nslug: two-b\n---\n");
        write(&root, "content/notes/two-b.md", "---\ntitle: Two b\n---\n");
        assert_eq!(
            plan(&b, &["content/notes/twin.md", "content/notes/two-b.md"]),
            Plan::Full
        );
    }

    #[test]
    fn saves_that_leave_an_article_as_rendered_render_nothing() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // Saved as it was (a sync tool, "save all"): nothing.
        write(&root, "content/notes/one.md", ONE);
        assert_eq!(plan(&b, &["content/notes/one.md"]), Plan::Nothing);
        // A new body is rendered; saved again as it is, nothing.
        let new = "---\ntitle: One\nweight: 1\n---\n\nBody one, again.\n";
        save(&mut b, dir.path(), "content/notes/one.md", new, "a new body");
        write(&root, "content/notes/one.md", new);
        assert_eq!(plan(&b, &["content/notes/one.md"]), Plan::Nothing);
        // Back to the first text: rendered again, as the page now shows the
        // second.
        write(&root, "content/notes/one.md", ONE);
        assert!(matches!(plan(&b, &["content/notes/one.md"]), Plan::Partial(_)));
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-back"), "the first body back");
        // A new article: known as rendered once it is.
        save(
            &mut b,
            dir.path(),
            "content/notes/two.md",
            "---\ntitle: Two\n---\n",
            "a new article",
        );
        assert_eq!(plan(&b, &["content/notes/two.md"]), Plan::Nothing);
        // An article rendered again (a neighbour retitled) while its own
        // new front matter waits for its save to settle: its page is as no
        // version of its file, so its first text back is rendered again.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: Uno\nweight: 1\n---\n\nBody one.\n",
        );
        write(&root, "content/notes/two.md", "---\ntitle: Dos\n---\n");
        apply(&mut b, &["content/notes/two.md"]);
        write(&root, "content/notes/one.md", ONE);
        assert!(matches!(plan(&b, &["content/notes/one.md"]), Plan::Partial(_)));
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-settled"), "the neighbour settled");
    }

    #[test]
    fn a_section_s_metadata_but_its_title_renders_only_what_shows_it() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // Titles in the order of the weights; dates not.
        for (name, title, weight, date) in [
            ("one", "A", 1, "2001"),
            ("two", "B", 2, "2004"),
            ("three", "C", 3, "2003"),
            ("four", "D", 4, "2002"),
        ] {
            write(
                &root,
                &format!("content/notes/{name}.md"),
                &format!("---\ntitle: {title}\nweight: {weight}\ndate: {date}\n---\n\nBody.\n"),
            );
        }
        write(&root, "content/notes/deep/five.md", "---\ntitle: Five\n---\n");
        b.full();
        let notes = b.index_of(Path::new("notes/_index.md")).unwrap();
        let page = |name: &str| b.known.pages[Path::new(&format!("notes/{name}.md"))];
        let (one, two, three, four) = (page("one"), page("two"), page("three"), page("four"));
        let changes = |b: &mut Builder, text: &str| {
            write(&b.opts.root, "content/notes/_index.md", text);
            match plan(b, &["content/notes/_index.md"]) {
                Plan::Partial(edits) => b.apply_to_site(edits, Default::default(), Default::default()),
                other => panic!("{other:?}"),
            }
        };
        let order = |b: &Builder| b.loaded.as_ref().unwrap().site.sections[notes].pages.clone();
        // A description: the section's page and those above, no article.
        let c = changes(&mut b, "---\ntitle: Notes\ndescription: All of them.\n---\n");
        assert!(c.todo.is_empty(), "{:?}", c.todo);
        assert_eq!(c.listings, BTreeSet::from([0, notes]));
        // Sorted by title: the same order, no article.
        let c = changes(&mut b, "---\ntitle: Notes\nsort_by: title\n---\n");
        assert_eq!(order(&b), [one, two, three, four]);
        assert!(c.todo.is_empty(), "{:?}", c.todo);
        // By date, newest first: the third keeps its neighbours (though not
        // its place: the print page takes every body again).
        let c = changes(&mut b, "---\ntitle: Notes\nsort_by: date\n---\n");
        assert_eq!(order(&b), [two, three, four, one]);
        assert_eq!(c.todo, BTreeSet::from([one, two, four]));
        assert_eq!(c.listings, BTreeSet::from([0, notes]));
        // A new title: everything below, the part below included.
        let c = changes(&mut b, "---\ntitle: Notes, all\n---\n");
        assert_eq!(c.todo.len(), 5);
        // A language: every text below takes it (or has its own).
        let c = changes(&mut b, "---\ntitle: Notes, all\nlang: fr\n---\n");
        assert_eq!(c.todo.len(), 5);
        assert_eq!(c.listings, BTreeSet::from([0, notes, notes + 1]));
        // The served site follows each of these as a full build would.
        b.full();
        for (text, what) in [
            ("---\ntitle: Notes\ndescription: All of them.\n---\n", "a description"),
            ("---\ntitle: Notes\nsort_by: date\n---\n", "sorted by date"),
            (
                "---\ntitle: Notes\nsort_by: title\nweight: 3\n---\n",
                "sorted by title, a weight",
            ),
            ("---\ntitle: Notes\ndate: 1999\n---\n", "a date"),
            ("---\ntitle: Notes again\n---\n", "a title"),
            ("---\ntitle: Notes again\nlang: fr\n---\n", "a language"),
            (
                "---\ntitle: Notes again\nlang: fr\ndate: 1999\n---\n",
                "a date, the same language",
            ),
            ("---\ntitle: Notes again\n---\n", "the site's language"),
        ] {
            save(&mut b, dir.path(), "content/notes/_index.md", text, what);
        }
        save(
            &mut b,
            dir.path(),
            "content/_index.md",
            "---\ntitle: Home\ndescription: A home.\n---\n",
            "the home page's description",
        );
    }

    #[test]
    fn deleted_and_renamed_articles_are_partial() {
        let (_dir, b) = built();
        let root = b.opts.root.clone();
        let one = b.known.pages[Path::new("notes/one.md")];
        std::fs::rename(root.join("content/notes/one.md"), root.join("content/notes/uno.md")).unwrap();
        match plan(&b, &["content/notes/one.md", "content/notes/uno.md"]) {
            Plan::Partial(Edits { added, removed, .. }) => {
                assert_eq!(removed, [one]);
                assert_eq!(added.len(), 1);
                assert_eq!(added[0].slug, "uno");
            }
            other => panic!("{other:?}"),
        }
        // Gone, and nothing else in its section: in place too (the section
        // loses its print page: see the test of emptied sections).
        assert!(matches!(plan(&b, &["content/notes/one.md"]), Plan::Partial(_)));
    }

    #[test]
    fn sections_left_with_nothing_to_show_are_taken_down_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // An issue without an `_index.md` in a part without one either,
        // each with an image (copied whatever happens); a page links to
        // the issue.
        write(&root, "content/part/issue/a.md", "---\ntitle: A\n---\n\nA.\n");
        write(&root, "content/part/issue/fig.svg", "<svg/>");
        write(&root, "content/part/cover.svg", "<svg/>");
        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\n---\n\nSee [the issue](../../part/issue/).\n",
        );
        b.full();
        let out = b.shared.status().out.unwrap();
        for page in [
            "part/index.html",
            "part/issue/index.html",
            "part/issue/print/index.html",
        ] {
            assert!(out.join(page).is_file(), "{page}");
        }
        let generation = b.generation;
        // Its one article made a draft: the issue and the part above it
        // have nothing to show; their pages and the print page go, the
        // home page lists them no more, the link shows it.
        save(
            &mut b,
            dir.path(),
            "content/part/issue/a.md",
            "---\ntitle: A\ndraft: true\n---\n\nA.\n",
            "an issue emptied",
        );
        assert_eq!(b.generation, generation, "in place");
        for page in [
            "part/index.html",
            "part/issue/index.html",
            "part/issue/print/index.html",
        ] {
            assert!(!out.join(page).exists(), "{page}");
        }
        assert!(out.join("part/issue/fig.svg").is_file());
        // Published again: the pages come back.
        save(
            &mut b,
            dir.path(),
            "content/part/issue/a.md",
            "---\ntitle: A\n---\n\nA.\n",
            "an issue published again",
        );
        assert!(out.join("part/issue/print/index.html").is_file());
        // The section with an `_index.md` keeps its page, not its print page.
        std::fs::remove_file(root.join("content/notes/two.md")).unwrap();
        apply(&mut b, &["content/notes/two.md"]);
        std::fs::remove_file(root.join("content/notes/one.md")).unwrap();
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-notes"), "notes emptied");
        assert!(out.join("notes/index.html").is_file());
        assert!(!out.join("notes/print/index.html").exists());
        // An `_index.md` deleted where nothing else keeps the page.
        std::fs::remove_file(root.join("content/notes/_index.md")).unwrap();
        apply(&mut b, &["content/notes/_index.md"]);
        assert_served_is_a_full_build(
            &b,
            &dir.path().join("fresh-no-notes"),
            "an empty section's intro deleted",
        );
        assert!(!out.join("notes/index.html").exists());
        // The articles of the home page itself.
        save(
            &mut b,
            dir.path(),
            "content/front.md",
            "---\ntitle: Front\n---\n",
            "a home article",
        );
        assert!(out.join("print/index.html").is_file());
        std::fs::remove_file(root.join("content/front.md")).unwrap();
        apply(&mut b, &["content/front.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-no-front"), "the home article gone");
        assert!(!out.join("print/index.html").exists());
        assert_eq!(b.generation, generation, "all in place");
    }

    #[test]
    fn section_intro_and_metadata_edits_are_partial_unless_a_draft_or_home() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let notes = b.index_of(Path::new("notes/_index.md")).unwrap();
        write(
            &root,
            "content/notes/_index.md",
            "---\ntitle: Notes\n---\n\nA new intro.\n",
        );
        match plan(&b, &["content/notes/_index.md"]) {
            Plan::Partial(Edits { intros, pages, .. }) => {
                assert_eq!(intros, BTreeSet::from([notes]));
                assert!(pages.is_empty());
            }
            other => panic!("{other:?}"),
        }
        // Its title (shown in listings, breadcrumbs, print pages) or its
        // order: new metadata, in place.
        write(
            &root,
            "content/notes/_index.md",
            "---\ntitle: Nothing\nsort_by: title\n---\n",
        );
        match plan(&b, &["content/notes/_index.md"]) {
            Plan::Partial(Edits {
                intros, section_metas, ..
            }) => {
                assert!(intros.is_empty());
                assert_eq!(section_metas.len(), 1);
                assert_eq!(section_metas[0].0, notes);
                assert_eq!(section_metas[0].1.title, "Nothing");
            }
            other => panic!("{other:?}"),
        }
        // A draft flag: the folder is held back, as if deleted.
        write(
            &root,
            "content/notes/_index.md",
            "---\ntitle: Notes\ndraft: true\n---\n",
        );
        match plan(&b, &["content/notes/_index.md"]) {
            Plan::Partial(Edits {
                removed,
                removed_sections,
                hold,
                ..
            }) => {
                assert_eq!(removed, [b.known.pages[Path::new("notes/one.md")]]);
                assert_eq!(removed_sections, [notes]);
                assert_eq!(hold, [Path::new("notes")]);
            }
            other => panic!("{other:?}"),
        }
        // Unless the batch has more in the folder: a full build.
        assert_eq!(
            plan(&b, &["content/notes/_index.md", "content/notes/one.md"]),
            Plan::Full
        );
        // Emptied (as loading has it: no metadata, the folder's name for
        // a title), then written again: in place, as a full build has it.
        let generation = b.generation;
        save(&mut b, dir.path(), "content/notes/_index.md", "", "an empty intro");
        save(
            &mut b,
            dir.path(),
            "content/notes/_index.md",
            "---\ntitle: Notes\n---\n",
            "an intro again",
        );
        assert_eq!(b.generation, generation, "in place");
        // The home page's metadata but its title: in place.
        write(
            &root,
            "content/_index.md",
            "---\ntitle: Home\ndescription: A home.\n---\n",
        );
        assert!(matches!(plan(&b, &["content/_index.md"]), Plan::Partial(_)));
        // The home page's title (every page shows it): a full build.
        write(&root, "content/_index.md", "---\ntitle: Start\n---\n");
        assert_eq!(plan(&b, &["content/_index.md"]), Plan::Full);
        write(&root, "content/_index.md", "---\ntitle: Home\n---\n");
        // Broken front matter: refused in place with what a build reports
        // of it; mended in place too.
        let snapshot = files(&b.shared.status().out.unwrap());
        let generation = b.generation;
        let (edits, problems) = refused_plan(&b, "content/notes/_index.md", "---\ntitle: [Notes\n---\n");
        // Its page stays as it was.
        assert!(edits.intros.is_empty());
        assert!(problems[0].message.contains("invalid YAML"), "{problems:?}");
        apply(&mut b, &["content/notes/_index.md"]);
        assert_shows_one(&b, &["notes/_index.md:3:1: error"]);
        let errors = b.shared.status().errors;
        // An article of the section saved meanwhile (its listing is
        // rendered again): still broken, the last good build served.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nBody, again.\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(b.shared.status().errors, errors);
        assert!(
            files(&b.shared.status().out.unwrap()) == snapshot,
            "the last good build changed"
        );
        save(
            &mut b,
            dir.path(),
            "content/notes/_index.md",
            "---\ntitle: Notes\n---\n",
            "mended",
        );
        assert!(b.shared.status().errors.is_empty());
        assert_eq!(b.generation, generation, "all in place");
    }

    #[test]
    fn files_beside_the_articles_come_and_go_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let out = b.shared.status().out.unwrap();
        let generation = b.generation;
        // A new image, and one with a space in its name (kept as it is).
        save(&mut b, dir.path(), "content/notes/fig.png", "png", "a new image");
        save(
            &mut b,
            dir.path(),
            "content/notes/Fig 2.png",
            "png 2",
            "a name with a space",
        );
        assert_eq!(std::fs::read(out.join("notes/fig.png")).unwrap(), b"png");
        assert_eq!(std::fs::read(out.join("notes/Fig 2.png")).unwrap(), b"png 2");
        // Renamed: out at the old address, in at the new.
        std::fs::rename(root.join("content/notes/fig.png"), root.join("content/notes/fig-1.png")).unwrap();
        apply(&mut b, &["content/notes/fig.png", "content/notes/fig-1.png"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-renamed"), "an image renamed");
        assert!(!out.join("notes/fig.png").exists());
        // Deleted, the one from the first build too.
        for file in ["content/notes/fig-1.png", "content/notes/pic.svg"] {
            std::fs::remove_file(root.join(file)).unwrap();
            apply(&mut b, &[file]);
        }
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-deleted"), "images deleted");
        assert!(!out.join("notes/pic.svg").exists());
        assert_eq!(b.generation, generation, "all in place");
        // An address an article's folder or a theme's file has: the full
        // build.
        for (file, text) in [("content/notes/one", "x"), ("content/style.css", "x")] {
            write(&root, file, text);
            assert_eq!(plan(&b, &[file]), Plan::Full, "{file}");
            std::fs::remove_file(root.join(file)).unwrap();
        }
    }

    /// What a build refuses as written over something else (see
    /// `Site::output_clashes`) serve refuses too, whichever batch brings
    /// it: shown, nothing written; and taken back, the site is good again.
    #[test]
    fn nothing_is_written_over_a_page_or_a_file_in_place_either() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let article = |title: &str| format!("---\ntitle: {title}\n---\n\nThe words of {title}.\n");
        write(&root, "content/notes/sub/deep.md", &article("Deep"));
        write(&root, "content/Notes 2/fig.png", "png");
        // Folders of files alone have no page (yet).
        write(&root, "content/notes/print/fig.png", "png");
        write(&root, "content/notes/one/fig.png", "png");
        apply(
            &mut b,
            &[
                "content/notes/sub",
                "content/Notes 2",
                "content/notes/print",
                "content/notes/one",
            ],
        );
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-start"), "start");
        let good = files(&b.shared.status().out.unwrap());
        // (files that clash, in one batch, and the error's start)
        let cases: &[(&[(&str, &str)], &str)] = &[
            // A new article, and an article's new slug, where a folder
            // without an `_index.md` has its page.
            (&[("content/notes/sub.md", "Sub")], "content/notes/sub.md:1:1"),
            (
                &[("content/notes/one.md", "---\ntitle: One\nslug: sub\n---\n")],
                "content/notes/one.md:1:1",
            ),
            // A new folder `print` where its parent's print page goes.
            (&[("content/notes/print/p.md", "P")], "content/notes/print:"),
            // A new folder at another's address; a file at a page's, a
            // file's.
            (
                &[("content/notes-2/two.md", "Two"), ("content/Notes 2/three.md", "Three")],
                "content/notes-2: error: the page of folder",
            ),
            (
                &[("content/notes/one/index.html", "<p>x</p>")],
                "content/notes/one/index.html:",
            ),
            (&[("content/notes-2/fig.png", "png")], "content/notes-2/fig.png:"),
            // In place but for that: an article that gives a folder of
            // files a page where the print page goes, or where an
            // article's goes; a file where a folder's page goes.
            (&[("content/notes/print/q.md", "Q")], "content/notes/print:"),
            (&[("content/notes/one/deep.md", "Deep")], "content/notes/one.md:1:1"),
            (&[("content/notes/index.html", "<p>x</p>")], "content/notes/index.html:"),
        ];
        for (i, (files_in, place)) in cases.iter().enumerate() {
            let mut paths = Vec::new();
            let mut new = Vec::new();
            for (rel, text) in *files_in {
                let text = match text.starts_with("---") || !rel.ends_with(".md") {
                    true => text.to_string(),
                    false => article(text),
                };
                let before = std::fs::read_to_string(root.join(rel)).ok();
                write(&root, rel, &text);
                paths.push(*rel);
                new.push((*rel, before));
            }
            // Some in place but for the check, some full builds anyway.
            let in_place = matches!(plan(&b, &paths), Plan::Partial(_));
            assert_eq!(in_place, [2, 4, 6, 7, 8].contains(&i), "case {i}");
            apply(&mut b, &paths);
            let errors = b.shared.status().errors;
            assert!(errors.iter().any(|e| e.contains(place)), "case {i}: {errors:?}");
            assert!(
                files(&b.shared.status().out.unwrap()) == good,
                "case {i}: the served site changed"
            );
            // Taken back: good again.
            for (rel, before) in new {
                match before {
                    Some(text) => write(&root, rel, &text),
                    None => {
                        std::fs::remove_file(root.join(rel)).unwrap();
                        let folder = root.join(rel).parent().unwrap().to_path_buf();
                        if std::fs::read_dir(&folder).unwrap().next().is_none() {
                            std::fs::remove_dir(folder).unwrap();
                        }
                    }
                }
            }
            apply(&mut b, &paths);
            assert!(
                b.shared.status().errors.is_empty(),
                "case {i}: {:?}",
                b.shared.status().errors
            );
            assert_served_is_a_full_build(&b, &dir.path().join(format!("fresh-{i}")), &format!("case {i}"));
        }
    }

    /// Markdown not named `.md` is copied as a file, with a warning (by
    /// the full build); renamed `.md`, it is an article, in place, and the
    /// warning goes.
    #[test]
    fn markdown_not_named_md_is_warned_of_until_renamed() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let essay = "---\ntitle: Essay\n---\n\nWords.\n";
        write(&root, "content/notes/essay.markdown", essay);
        assert_eq!(plan(&b, &["content/notes/essay.markdown"]), Plan::Full);
        apply(&mut b, &["content/notes/essay.markdown"]);
        let errors = b.shared.status().errors;
        assert!(
            errors.len() == 1
                && errors[0].contains("essay.markdown: warning: copied as it is, not made an article")
                && errors[0].contains("rename it `essay.md`"),
            "{errors:?}"
        );
        let generation = b.generation;
        std::fs::rename(
            root.join("content/notes/essay.markdown"),
            root.join("content/notes/essay.md"),
        )
        .unwrap();
        apply(&mut b, &["content/notes/essay.markdown", "content/notes/essay.md"]);
        assert_eq!(b.generation, generation, "in place");
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-renamed"), "renamed");
        assert!(b.shared.status().out.unwrap().join("notes/essay/index.html").is_file());
    }

    /// What in the content folder cannot be read (a link to a folder or
    /// to nothing, a pipe), on its own or in a new folder, shown or held
    /// back, is an error, as in a full build; once it is gone, so is the
    /// error. (A link to a folder was walked as a folder in place, a link
    /// to nothing taken for a file deleted, each without a word.)
    #[test]
    fn what_cannot_be_read_is_an_error_until_it_is_gone() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let elsewhere = dir.path().join("elsewhere");
        write(&elsewhere, "fig.svg", "<svg/>");
        let link = |to: &str, at: &str| std::os::unix::fs::symlink(elsewhere.join(to), root.join(at)).unwrap();
        let pipe = |at: &str| {
            assert!(std::process::Command::new("mkfifo")
                .arg(root.join(at))
                .status()
                .unwrap()
                .success())
        };
        let draft = "---\ntitle: Held\ndraft: true\n---\n";
        // (what to make, the path the batch names, what is reported)
        type Make<'a> = &'a dyn Fn();
        let cases: [(Make, &str, &str, &str); 5] = [
            (
                &|| link("", "content/notes/images"),
                "content/notes/images",
                "notes/images",
                "a link to a folder",
            ),
            (
                &|| link("gone.svg", "content/notes/gone.svg"),
                "content/notes/gone.svg",
                "notes/gone.svg",
                "which does not exist",
            ),
            (
                &|| pipe("content/notes/pipe"),
                "content/notes/pipe",
                "notes/pipe",
                "a pipe, a socket or a device",
            ),
            (
                &|| {
                    write(&root, "content/new/one.md", ONE);
                    link("", "content/new/images");
                },
                "content/new",
                "new/images",
                "a link to a folder",
            ),
            (
                &|| {
                    write(&root, "content/held/_index.md", draft);
                    pipe("content/held/pipe");
                },
                "content/held",
                "held/pipe",
                "a pipe, a socket or a device",
            ),
        ];
        for (make, batch, entry, why) in cases {
            make();
            apply(&mut b, &[batch]);
            assert_shows_one(&b, &[&format!("{entry}: error: "), why]);
            std::fs::remove_file(root.join("content").join(entry)).unwrap();
            apply(&mut b, &[&format!("content/{entry}")]);
            assert!(
                b.shared.status().errors.is_empty(),
                "{entry}: {:?}",
                b.shared.status().errors
            );
            assert_served_is_a_full_build(
                &b,
                &dir.path().join(format!("fresh-{}", entry.replace('/', "-"))),
                entry,
            );
        }
        // A folder new in the folder held back (it is now): walked for
        // front matter, and what cannot be read in it found.
        std::fs::create_dir(root.join("content/held/sub")).unwrap();
        link("", "content/held/sub/images");
        apply(&mut b, &["content/held/sub"]);
        assert_shows_one(&b, &["held/sub/images: error: a link to a folder"]);
        std::fs::remove_file(root.join("content/held/sub/images")).unwrap();
        apply(&mut b, &["content/held/sub/images"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-held-sub"), "held/sub");
    }

    /// A front matter key that looks like a slip for one samizdat reads
    /// (`autor:`) is warned of, in place, and the warning goes with it.
    #[test]
    fn a_slip_of_a_front_matter_key_is_warned_of_in_place_until_mended() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let generation = b.generation;
        let slipped = ONE.replace("weight: 1\n", "weight: 1\nautor: Ada Pell\n");
        write(&root, "content/notes/one.md", &slipped);
        apply(&mut b, &["content/notes/one.md"]);
        assert_shows_one(&b, &["one.md:4:1: warning: `autor` is not a key samizdat reads"]);
        write(&root, "content/notes/one.md", &slipped.replace("autor", "author"));
        apply(&mut b, &["content/notes/one.md"]);
        assert_shows_none(&b);
        assert_eq!(b.generation, generation, "in place");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "mended");
    }

    /// A link to an address with nothing there is a warning until an
    /// article is there, and again when it goes: in place.
    #[test]
    fn a_link_to_no_page_is_warned_of_until_a_page_is_there() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let generation = b.generation;
        save_one(&mut b, "See [two](../two/).");
        let warned = |b: &Builder| {
            let errors = b.shared.status().errors;
            errors.len() == 1 && errors[0].contains("one.md:6:5: warning: `../two/` leads to no page of this site")
        };
        assert!(warned(&b), "{:?}", b.shared.status().errors);
        write(&root, "content/notes/two.md", "---\ntitle: Two\n---\n\nBody two.\n");
        apply(&mut b, &["content/notes/two.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "two is there");
        std::fs::remove_file(root.join("content/notes/two.md")).unwrap();
        apply(&mut b, &["content/notes/two.md"]);
        assert!(warned(&b), "{:?}", b.shared.status().errors);
        assert_eq!(b.generation, generation, "in place");
    }

    /// An image linked from the article's folder (`fig.png`, as editors'
    /// previews read it) that is not there is a warning until the file
    /// comes, and again when it goes; a link to another article's `.md`
    /// follows the article to its new address. All in place.
    #[test]
    fn links_to_files_and_markdown_follow_the_files_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let generation = b.generation;
        let page = |b: &Builder| served_file(b, "notes/one/index.html");
        write(
            &root,
            "content/notes/one.md",
            &ONE.replace("Body one.", "![A figure](fig.png) and [two](two.md)."),
        );
        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\n---\n\n![Again](../fig.png)\n",
        );
        apply(&mut b, &["content/notes/one.md", "content/notes/two.md"]);
        let missing = |b: &Builder, two: &str| {
            let errors = b.shared.status().errors;
            let at = ["one.md:6:1: warning: the image `fig.png`", two];
            assert!(
                errors.len() == 2 && at.iter().zip(&errors).all(|(at, e)| e.contains(at)),
                "{errors:?}"
            );
        };
        missing(&b, "two.md:5:1: warning: the image `../fig.png`");
        assert!(page(&b).contains("href=\"../two/\" title=\"Two\""), "{}", page(&b));

        std::fs::write(root.join("content/notes/fig.png"), b"PNG").unwrap();
        apply(&mut b, &["content/notes/fig.png"]);
        assert_shows_none(&b);
        assert!(page(&b).contains("<img src=\"../fig.png\""), "{}", page(&b));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "the figure is there");

        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\nslug: deux\n---\n\n![Again](../fig.png)\n",
        );
        apply(&mut b, &["content/notes/two.md"]);
        assert!(page(&b).contains("href=\"../deux/\" title=\"Two\""), "{}", page(&b));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh2"), "two moved");

        std::fs::remove_file(root.join("content/notes/fig.png")).unwrap();
        apply(&mut b, &["content/notes/fig.png"]);
        missing(&b, "two.md:6:1: warning: the image `../fig.png`");
        assert!(page(&b).contains("<img src=\"fig.png\""), "{}", page(&b));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh3"), "the figure is gone");
        assert_eq!(b.generation, generation, "in place");
    }

    /// A link to a folder written as from the Markdown file's folder
    /// (`../later/`) is a warning until the folder has a page (a new
    /// folder with an article, in place), then leads to that page, and is
    /// a warning again when the folder goes.
    #[test]
    fn a_link_to_a_folder_follows_the_folder_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let generation = b.generation;
        let page = |b: &Builder| served_file(b, "notes/one/index.html");
        save_one(&mut b, "See [later](../later/).");
        assert_shows_one(&b, &["one.md:6:5: warning: `../later/` leads to no page of this site"]);
        write(&root, "content/later/x.md", "---\ntitle: X\n---\n\nBody x.\n");
        apply(&mut b, &["content/later"]);
        assert_shows_none(&b);
        assert!(
            page(&b).contains("href=\"../../later/\" title=\"later\""),
            "{}",
            page(&b)
        );
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "the folder is there");
        std::fs::remove_dir_all(root.join("content/later")).unwrap();
        apply(&mut b, &["content/later"]);
        assert_shows_one(&b, &["one.md:6:5: warning: `../later/` leads to no page of this site"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh2"), "the folder is gone");
        assert_eq!(b.generation, generation, "in place");
    }

    /// An image from the site's `static/` folder is a warning while the
    /// file is not there, and not once it is: the pages that show it are
    /// rendered again when a static file comes or goes.
    #[test]
    fn a_link_to_a_static_file_follows_the_file() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        save_one(&mut b, "![Logo](../../img/logo.png)");
        let missing = "one.md:6:1: warning: the image `../../img/logo.png` is no file of this site";
        assert_shows_one(&b, &[missing]);
        write(&root, "static/img/logo.png", "PNG");
        apply(&mut b, &["static/img/logo.png"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "the logo is there");
        std::fs::remove_file(root.join("static/img/logo.png")).unwrap();
        apply(&mut b, &["static/img/logo.png"]);
        assert_shows_one(&b, &[missing]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh2"), "the logo is gone");
    }

    /// A link within the page to an id it does not have is judged again
    /// when the article template changes, with the body kept from serve's
    /// cache: still a warning if the template does not give the id, none
    /// once it does.
    #[test]
    fn a_link_within_the_page_is_judged_again_by_a_new_template() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        save_one(&mut b, "[Up](#top).");
        let missing = "one.md:6:1: warning: `#top` leads to no heading, note or anchor of this page";
        assert_shows_one(&b, &[missing]);
        let article = theme_template("article.html");
        write(
            &root,
            "templates/article.html",
            &format!("{article}{{# saved again #}}\n"),
        );
        apply(&mut b, &["templates/article.html"]);
        assert_shows_one(&b, &[missing]);
        let with_top = article.replace("<article data-article", "<a id=\"top\"></a>\n<article data-article");
        write(&root, "templates/article.html", &with_top);
        apply(&mut b, &["templates/article.html"]);
        assert_shows_none(&b);
        assert!(served_file(&b, "notes/one/index.html").contains("<a id=\"top\"></a>"));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "the template has the id");
    }

    /// A link to an id on another page is judged again, in place, when
    /// either page changes: the heading renamed (a warning) and back, the
    /// page linked to new and gone, the link mended, a section's intro.
    #[test]
    fn a_link_to_a_place_on_another_page_follows_both_pages_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let shown = |b: &Builder| {
            let mut errors = b.shared.status().errors;
            errors.sort();
            errors
        };
        let heading = |title: &str, heading: &str| format!("---\ntitle: {title}\n---\n\n## {heading}\n\nText.\n");
        let links = |place: &str| {
            ONE.replace(
                "Body one.",
                &format!("[Pay]({place}), [soon](../three/#rota), [up](../#contents)."),
            )
        };
        write(&root, "content/notes/two.md", &heading("Two", "Wages"));
        write(&root, "content/notes/one.md", &links("../two/#wages"));
        write(&root, "content/notes/_index.md", &heading("Notes", "Contents"));
        let generation = b.generation;
        apply(
            &mut b,
            &[
                "content/notes/two.md",
                "content/notes/one.md",
                "content/notes/_index.md",
            ],
        );
        let no_page = "warning: `../three/#rota` leads to no page of this site";
        let no_id = |at: &str, link: &str, title: &str| {
            format!("one.md:6:{at}: warning: `{link}` leads to no heading, note or anchor of “{title}”")
        };
        let [soon] = &shown(&b)[..] else {
            panic!("expected one problem: {:?}", shown(&b))
        };
        assert!(soon.contains(no_page), "{soon}");
        // The heading renamed: the link leads to no id of the page.
        write(&root, "content/notes/two.md", &heading("Two", "Pay"));
        apply(&mut b, &["content/notes/two.md"]);
        let [wages, soon] = &shown(&b)[..] else {
            panic!("expected two problems: {:?}", shown(&b))
        };
        assert!(wages.contains(&no_id("1", "../two/#wages", "Two")), "{wages}");
        assert!(soon.contains(no_page), "{soon}");
        // The page linked to new, with the id: only the renamed heading.
        write(&root, "content/notes/three.md", &heading("Three", "Rota"));
        apply(&mut b, &["content/notes/three.md"]);
        let [wages] = &shown(&b)[..] else {
            panic!("expected one problem: {:?}", shown(&b))
        };
        assert!(wages.contains(&no_id("1", "../two/#wages", "Two")), "{wages}");
        // The link mended.
        write(&root, "content/notes/one.md", &links("../two/#pay"));
        apply(&mut b, &["content/notes/one.md"]);
        assert_shows_none(&b);
        // The section's intro: its heading renamed.
        write(&root, "content/notes/_index.md", &heading("Notes", "Inside"));
        apply(&mut b, &["content/notes/_index.md"]);
        assert_shows_one(&b, &[&no_id("45", "../#contents", "Notes")]);
        write(&root, "content/notes/_index.md", &heading("Notes", "Contents"));
        apply(&mut b, &["content/notes/_index.md"]);
        assert_shows_none(&b);
        // The page linked to gone: the link leads to no page again.
        std::fs::remove_file(root.join("content/notes/three.md")).unwrap();
        apply(&mut b, &["content/notes/three.md"]);
        assert_shows_one(&b, &[no_page]);
        assert_eq!(b.generation, generation, "every batch in place");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "after the places");
    }

    /// A section's own text opens its print page: saved, the print page
    /// shows the new text (a link to an article of it leading within it),
    /// in place.
    #[test]
    fn a_section_s_text_saved_shows_on_its_print_page_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let generation = b.generation;
        write(
            &root,
            "content/notes/_index.md",
            "---\ntitle: Notes\n---\n\nA new intro: see [one](one.md).\n",
        );
        apply(&mut b, &["content/notes/_index.md"]);
        let print = served_file(&b, "notes/print/index.html");
        assert!(print.contains("A new intro: see <a href=\"#a1\""), "{print}");
        assert_eq!(b.generation, generation, "in place");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "the section's text saved");
    }

    /// An article given the slug `print` takes its folder's print page,
    /// with a warning (a full build); given another, in place, the print
    /// page is back and the warning gone.
    #[test]
    fn an_article_that_takes_the_print_page_is_warned_of_until_it_gives_it_back() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nslug: print\n---\n\nBody one.\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        assert_shows_one(&b, &["one.md:1:1: warning: this article is at `/notes/print/`"]);
        let generation = b.generation;
        write(&root, "content/notes/one.md", ONE);
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(b.generation, generation, "in place");
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "the print page back");
    }

    #[test]
    fn other_deletions_are_full() {
        let (_dir, b) = built();
        let root = b.opts.root.clone();
        assert_eq!(plan(&b, &["book.toml"]), Plan::Full);
        // A new template is taken as an edited one (which pages use it
        // decides: see the template test).
        write(&root, "templates/article.html", "x");
        assert_eq!(
            plan(&b, &["templates/article.html"]),
            Plan::Templates(vec!["article.html".to_string()])
        );
        assert_eq!(plan(&b, &["content"]), Plan::Nothing);
        std::fs::rename(root.join("content"), root.join("content-old")).unwrap();
        assert_eq!(plan(&b, &["content", "README.md"]), Plan::Full);
    }

    #[test]
    fn new_and_deleted_folders_are_followed_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let out = b.shared.status().out.unwrap();
        // An empty folder: a section without a page, known from now on.
        std::fs::create_dir(root.join("content/essays")).unwrap();
        match plan(&b, &["content/essays"]) {
            Plan::Partial(Edits {
                new_sections, publish, ..
            }) => {
                assert_eq!(new_sections.len(), 1);
                assert_eq!(new_sections[0].dir, Path::new("essays"));
                assert!(new_sections[0].index.is_none() && publish.is_empty());
            }
            other => panic!("{other:?}"),
        }
        apply(&mut b, &["content/essays"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-empty"), "an empty folder");
        // An article saved in it: the folder gets its page.
        write(&root, "content/essays/first.md", "---\ntitle: First\n---\n\nOne.\n");
        apply(&mut b, &["content/essays/first.md"]);
        assert!(files(&out).contains_key(Path::new("essays/first/index.html")));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-first"), "an article in it");
        // Its `_index.md`, written after: a new title and an intro.
        save(
            &mut b,
            dir.path(),
            "content/essays/_index.md",
            "---\ntitle: Essays\nweight: -1\n---\n\nLong reads.\n",
            "its new _index.md",
        );
        // Another empty folder, whose `_index.md` comes first: its page.
        std::fs::create_dir(root.join("content/letters")).unwrap();
        apply(&mut b, &["content/letters"]);
        write(
            &root,
            "content/letters/_index.md",
            "---\ntitle: Letters\n---\n\nWrite to us.\n",
        );
        apply(&mut b, &["content/letters/_index.md"]);
        assert!(files(&out).contains_key(Path::new("letters/index.html")));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-letters"), "an _index.md first");
        // A whole issue copied in at once, with an issue inside it, an
        // image, a draft; only the top folder's event is needed.
        write(
            &root,
            "content/notes/issue-2/_index.md",
            "---\ntitle: Issue 2\nweight: 1\n---\n\nIntro.\n",
        );
        write(
            &root,
            "content/notes/issue-2/a.md",
            "---\ntitle: A\n---\n\nSee [b](../b/).\n",
        );
        write(
            &root,
            "content/notes/issue-2/b.md",
            "---\ntitle: B\n---\n\n![x](fig.svg)\n",
        );
        write(&root, "content/notes/issue-2/fig.svg", "<svg/>");
        write(&root, "content/notes/issue-2/d.md", "---\ntitle: D\ndraft: true\n---\n");
        write(&root, "content/notes/issue-2/part/_index.md", "---\ntitle: Part\n---\n");
        write(
            &root,
            "content/notes/issue-2/part/c.md",
            "---\ntitle: C\n---\n\nBack to [a](../../a/).\n",
        );
        match plan(&b, &["content/notes/issue-2"]) {
            Plan::Partial(Edits {
                new_sections,
                added,
                copies,
                publish,
                ..
            }) => {
                assert_eq!(new_sections.len(), 2);
                assert_eq!(added.len(), 3, "a, b and c; not the draft");
                assert_eq!(copies.len(), 1);
                assert_eq!(publish.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        // The article linked to before it existed shows its title now.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nSee [c](../issue-2/part/c/).\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        apply(&mut b, &["content/notes/issue-2", "content/notes/issue-2/a.md"]);
        assert!(files(&out).contains_key(Path::new("notes/issue-2/part/c/index.html")));
        assert!(files(&out).contains_key(Path::new("notes/issue-2/fig.svg")));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-issue"), "a new issue");
        // All of it in place: the output folder is still the first build's.
        assert_eq!(b.shared.status().out.unwrap(), out);
        // A folder with an intro and nothing else yet, which a page links
        // to before it exists: the listings above show it, the link its
        // title.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nSee [3](../issue-3/).\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        write(
            &root,
            "content/notes/issue-3/_index.md",
            "---\ntitle: Issue 3\n---\n\nSoon.\n",
        );
        apply(&mut b, &["content/notes/issue-3"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-intro"), "an intro alone");
        // Later edits there are followed in place too.
        save(
            &mut b,
            dir.path(),
            "content/notes/issue-2/part/c.md",
            "---\ntitle: Sea\n---\n\nBack.\n",
            "an edit in it",
        );
        // The issue deleted whole (one.md links to it): its pages, print
        // page and image go, the listings above and the link follow.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nSee [2](../issue-2/).\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        std::fs::remove_dir_all(root.join("content/notes/issue-2")).unwrap();
        match plan(&b, &["content/notes/issue-2", "content/notes/issue-2/a.md"]) {
            Plan::Partial(Edits {
                removed,
                removed_sections,
                ..
            }) => {
                assert_eq!((removed.len(), removed_sections.len()), (3, 2));
            }
            other => panic!("{other:?}"),
        }
        apply(&mut b, &["content/notes/issue-2", "content/notes/issue-2/a.md"]);
        assert!(!out.join("notes/issue-2").exists());
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-gone"), "an issue deleted");
        // Made again under the same name: new, not the old one.
        write(
            &root,
            "content/notes/issue-2/_index.md",
            "---\ntitle: Issue 2 again\n---\n",
        );
        write(&root, "content/notes/issue-2/again.md", "---\ntitle: Again\n---\n");
        apply(&mut b, &["content/notes/issue-2"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-again"), "made again");
        save(
            &mut b,
            dir.path(),
            "content/notes/issue-2/more.md",
            "---\ntitle: More\n---\n",
            "an article there",
        );
        save(
            &mut b,
            dir.path(),
            "content/notes/issue-2/_index.md",
            "---\ntitle: Issue 2 again\n---\n\nIntro.\n",
            "its intro",
        );
        assert_eq!(b.shared.status().out.unwrap(), out, "all in place");
        // A folder that was all its parent published: the parent loses its
        // page, in place.
        write(&root, "content/wrap/inner/x.md", "---\ntitle: X\n---\n");
        apply(&mut b, &["content/wrap"]);
        std::fs::remove_dir_all(root.join("content/wrap/inner")).unwrap();
        assert!(matches!(plan(&b, &["content/wrap/inner"]), Plan::Partial(_)));
        apply(&mut b, &["content/wrap/inner"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-wrap"), "a parent emptied");
        // An `_index.md` deleted where articles keep the section's page:
        // the folder's name is its title again; where nothing would, the
        // page goes.
        std::fs::remove_file(root.join("content/essays/_index.md")).unwrap();
        let generation = b.generation;
        apply(&mut b, &["content/essays/_index.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-no-index"), "an _index.md deleted");
        assert_eq!(b.generation, generation, "in place");
        std::fs::remove_file(root.join("content/letters/_index.md")).unwrap();
        apply(&mut b, &["content/letters/_index.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-no-letters"), "an intro alone deleted");
        assert!(!out.join("letters/index.html").exists());
        // A folder whose address an article has: full.
        write(&root, "content/notes/one/_index.md", "---\ntitle: Clash\n---\n");
        assert_eq!(plan(&b, &["content/notes/one"]), Plan::Full);
        std::fs::remove_dir_all(root.join("content/notes/one")).unwrap();
        // A new folder with a draft intro: held back, in place; so is a
        // part inside a new folder. Published, both are walked as new.
        let generation = b.generation;
        write(&root, "content/hidden/_index.md", "---\ntitle: H\ndraft: true\n---\n");
        write(&root, "content/hidden/h.md", "---\ntitle: H1\n---\n");
        write(&root, "content/open/o.md", "---\ntitle: O\n---\n");
        write(
            &root,
            "content/open/part/_index.md",
            "---\ntitle: P\ndraft: true\n---\n",
        );
        write(&root, "content/open/part/p.md", "---\ntitle: P1\n---\n");
        apply(&mut b, &["content/hidden", "content/open"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-hidden"), "new folders held back");
        assert!(!out.join("hidden").exists() && !out.join("open/part").exists());
        write(&root, "content/hidden/h2.md", "---\ntitle: H2\n---\n");
        assert_eq!(plan(&b, &["content/hidden/h2.md"]), Plan::Nothing);
        for intro in ["content/hidden/_index.md", "content/open/part/_index.md"] {
            save(&mut b, dir.path(), intro, "---\ntitle: Out\n---\n", "published");
        }
        assert!(out.join("hidden/h2/index.html").is_file() && out.join("open/part/p/index.html").is_file());
        // A draft intro new in a known folder that had none: held back.
        save(
            &mut b,
            dir.path(),
            "content/open/_index.md",
            "---\ntitle: O\ndraft: true\n---\n",
            "a draft intro in a known folder",
        );
        assert!(!out.join("open").exists());
        assert_eq!(b.generation, generation, "all in place");
        // With front matter that has errors inside, held back or not:
        // refused in place with what a build reports; the last good build
        // stays served.
        let served = files(&out);
        let errors = refused_folder(
            &mut b,
            "content/broken",
            &[
                ("_index.md", "---\ntitle: B\ndraft: true\n---\n"),
                ("b.md", "---\ntitle: [B\n---\n"),
            ],
        );
        assert!(
            errors.len() == 1 && errors[0].contains("broken/b.md:3:1: error"),
            "{errors:?}"
        );
        // A folder whose `_index.md` has errors: held back with them, and
        // what is saved in it meanwhile with it.
        write(&root, "content/bad/_index.md", "---\ntitle: [Bad\n---\n");
        write(&root, "content/bad/c.md", "---\ntitle: C\n---\n");
        match plan(&b, &["content/bad"]) {
            // Its problems once (they are printed as they come).
            Plan::Partial(edits) => assert_eq!(edits.front_matter.len(), 1, "{:?}", edits.front_matter),
            other => panic!("{other:?}"),
        }
        apply(&mut b, &["content/bad"]);
        write(&root, "content/bad/d.md", "---\ntitle: [D\n---\n");
        apply(&mut b, &["content/bad/d.md"]);
        let errors = b.shared.status().errors;
        let shown = |e: &str| errors.iter().any(|x| x.contains(e));
        assert!(
            errors.len() == 3 && shown("bad/_index.md:3:1: error") && shown("bad/d.md:3:1: error"),
            "{errors:?}"
        );
        assert!(files(&out) == served, "the last good build changed");
        // Mended one by one, in place; published, the folder comes in.
        for (rel, text) in [
            ("content/broken/b.md", "---\ntitle: B\n---\n"),
            ("content/bad/_index.md", "---\ntitle: Bad\ndraft: true\n---\n"),
            ("content/bad/d.md", "---\ntitle: D\n---\n"),
        ] {
            write(&root, rel, text);
            apply(&mut b, &[rel]);
        }
        assert_shows_none(&b);
        save(
            &mut b,
            dir.path(),
            "content/bad/_index.md",
            "---\ntitle: Bad\n---\n",
            "a folder mended",
        );
        assert_shows_none(&b);
        assert!(out.join("bad/c/index.html").is_file() && out.join("bad/d/index.html").is_file());
        assert!(!out.join("broken").exists());
        assert_eq!(b.generation, generation, "all in place");
        // A new folder with an article whose front matter has errors:
        // refused in place (its other article is followed in the site as
        // loaded, and written when the site is mended).
        let served = files(&out);
        let errors = refused_folder(
            &mut b,
            "content/filed",
            &[("a.md", "---\ntitle: A\n---\n"), ("b.md", "---\n---\n\nNo title.\n")],
        );
        assert!(
            errors.len() == 1 && errors[0].contains("filed/b.md:1:1: error"),
            "{errors:?}"
        );
        assert!(files(&out) == served, "the last good build changed");
        assert_eq!(b.generation, generation, "refused in place");
        save(
            &mut b,
            dir.path(),
            "content/filed/b.md",
            "---\ntitle: B\n---\n",
            "filed mended",
        );
        assert_shows_none(&b);
        assert_eq!(b.generation, generation, "mended in place");
    }

    #[test]
    fn edits_in_a_folder_held_back_by_a_draft_intro_render_nothing() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(&root, "content/next/_index.md", "---\ntitle: Next\ndraft: true\n---\n");
        write(&root, "content/next/a.md", "---\ntitle: A\n---\n");
        b.full();
        for (rel, text) in [
            ("content/next/a.md", "---\ntitle: A again\n---\n"),
            ("content/next/b.md", "---\ntitle: B\n---\n"),
            ("content/next/part/c.md", "---\ntitle: C\n---\n"),
            (
                "content/next/_index.md",
                "---\ntitle: Next, soon\ndraft: true\n---\n\nSoon.\n",
            ),
        ] {
            write(&root, rel, text);
            assert_eq!(plan(&b, &[rel]), Plan::Nothing, "{rel}");
        }
        assert_eq!(plan(&b, &["content/next/part"]), Plan::Nothing);
        // Front matter with problems: reported as a full build does, held
        // or not, and refused in place; mended, or deleted, the error goes.
        let generation = b.generation;
        let errors = refused(&mut b, "content/next/b.md", "---\ntitle: [B\n---\n");
        assert!(
            errors.len() == 1 && errors[0].contains("next/b.md:3:1: error"),
            "{errors:?}"
        );
        refused(&mut b, "content/next/part/d.md", "---\n---\n\nNo title.\n");
        write(&root, "content/next/b.md", "---\ntitle: B\n---\n");
        apply(&mut b, &["content/next/b.md"]);
        assert_eq!(b.shared.status().errors.len(), 1, "d.md's error stays");
        std::fs::remove_file(root.join("content/next/part/d.md")).unwrap();
        apply(&mut b, &["content/next/part/d.md"]);
        assert_shows_none(&b);
        // A folder new in it, with such front matter inside: the same.
        write(&root, "content/next/more/e.md", "---\ntitle: [E\n---\n");
        apply(&mut b, &["content/next/more"]);
        assert_shows_one(&b, &["next/more/e.md:3:1: error"]);
        std::fs::remove_dir_all(root.join("content/next/more")).unwrap();
        apply(&mut b, &["content/next/more"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-mended"), "mended");
        assert_eq!(b.generation, generation, "in place");
        // Its `_index.md` broken: refused in place, the folder still held
        // back until it is mended.
        let errors = refused(&mut b, "content/next/_index.md", "---\ntitle: [Next\n---\n");
        assert!(
            errors.len() == 1 && errors[0].contains("next/_index.md:3:1: error"),
            "{errors:?}"
        );
        write(&root, "content/next/b.md", "---\ntitle: B, still held\n---\n");
        assert_eq!(plan(&b, &["content/next/b.md"]), Plan::Nothing);
        assert_eq!(b.generation, generation, "in place");
        write(
            &root,
            "content/next/_index.md",
            "---\ntitle: Next, soon\ndraft: true\n---\n\nSoon.\n",
        );
        // Published: walked as a new folder, in place.
        let generation = b.generation;
        write(&root, "content/next/_index.md", "---\ntitle: Next\n---\n");
        assert!(matches!(plan(&b, &["content/next/_index.md"]), Plan::Partial(_)));
        apply(&mut b, &["content/next/_index.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-out"), "published");
        let out = b.shared.status().out.unwrap();
        assert!(files(&out).contains_key(Path::new("next/part/c/index.html")));
        // A draft again, and edits in it render nothing again; then out.
        save(
            &mut b,
            dir.path(),
            "content/next/_index.md",
            "---\ntitle: Next\ndraft: true\n---\n",
            "held back again",
        );
        assert!(!out.join("next").exists());
        write(&root, "content/next/b.md", "---\ntitle: B again\n---\n");
        assert_eq!(plan(&b, &["content/next/b.md"]), Plan::Nothing);
        save(
            &mut b,
            dir.path(),
            "content/next/_index.md",
            "---\ntitle: Next at last\n---\n",
            "published at last",
        );
        assert_eq!(b.generation, generation, "all in place");
        // Its intro deleted: the folder is no longer held back either, and
        // is walked as a new one, in place.
        write(&root, "content/next/_index.md", "---\ntitle: Next\ndraft: true\n---\n");
        apply(&mut b, &["content/next/_index.md"]);
        std::fs::remove_file(root.join("content/next/_index.md")).unwrap();
        assert!(matches!(plan(&b, &["content/next/_index.md"]), Plan::Partial(_)));
        apply(&mut b, &["content/next/_index.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-no-intro"), "a draft intro deleted");
        assert!(out.join("next/part/c/index.html").is_file());
        // Held back again, then deleted whole: nothing to render.
        save(
            &mut b,
            dir.path(),
            "content/next/_index.md",
            "---\ntitle: Next\ndraft: true\n---\n",
            "held back once more",
        );
        refused(&mut b, "content/next/b.md", "---\ntitle: [B\n---\n");
        std::fs::remove_dir_all(root.join("content/next")).unwrap();
        apply(&mut b, &["content/next", "content/next/_index.md", "content/next/a.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-held-gone"), "a held folder deleted");
        assert_eq!(b.generation, generation, "all in place");
    }

    /// A held folder published in the batch that mends a broken article
    /// in it: the folder is walked whole, and the article's problems go
    /// with the mend (found by the random edit test, seed 13013).
    #[test]
    fn a_mend_in_a_held_folder_published_with_it_clears_its_problems() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(&root, "content/next/_index.md", "---\ntitle: Next\ndraft: true\n---\n");
        write(&root, "content/next/a.md", "---\ntitle: A\n---\n");
        b.full();
        refused(&mut b, "content/next/a.md", "---\ntitle: [A\n---\n");
        for (a, what) in [
            ("---\ntitle: A\n---\n", "published"),
            ("---\ntitle: A\ndraft: true\n---\n", "a draft"),
        ] {
            write(&root, "content/next/_index.md", "---\ntitle: Next\ndraft: true\n---\n");
            apply(&mut b, &["content/next/_index.md"]);
            refused(&mut b, "content/next/a.md", "---\ntitle: [A\n---\n");
            let generation = b.generation;
            write(&root, "content/next/a.md", a);
            write(&root, "content/next/_index.md", "---\ntitle: Next\n---\n");
            apply(&mut b, &["content/next/_index.md", "content/next/a.md"]);
            assert!(
                b.shared.status().errors.is_empty(),
                "{what}: {:?}",
                b.shared.status().errors
            );
            assert_eq!(b.generation, generation, "{what}: in place");
            assert_served_is_a_full_build(&b, &dir.path().join(format!("fresh-{what}")), what);
        }
    }

    #[test]
    fn known_static_files_and_assets_are_copied() {
        let (_dir, b) = built();
        match plan(&b, &["static/extra.css", "content/notes/pic.svg"]) {
            Plan::Partial(edits) => {
                let outs: Vec<&str> = edits.copies.iter().map(|(_, o)| o.as_str()).collect();
                assert_eq!(
                    edits,
                    Edits {
                        copies: edits.copies.clone(),
                        ..Edits::default()
                    }
                );
                assert_eq!(outs, ["notes/pic.svg", "extra.css"]);
            }
            other => panic!("{other:?}"),
        }
    }

    /// Gives `notes/one.md` a note referenced and never written: a
    /// warning, which `b` must deny.
    fn break_with_a_warning(b: &mut Builder) {
        assert!(b.opts.deny_warnings);
        write(
            &b.opts.root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nBody[^nope].\n",
        );
        apply(b, &["content/notes/one.md"]);
        assert!(!b.shared.status().errors.is_empty(), "the site is broken");
    }

    #[test]
    fn files_saved_while_the_site_is_broken_are_there_once_it_is_mended() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // A second section, so that mending the first does not render it.
        write(&root, "content/essays/_index.md", "---\ntitle: Essays\n---\n\nAbout.\n");
        write(&root, "content/essays/two.md", "---\ntitle: Two\n---\n\nBody two.\n");
        apply(&mut b, &["content/essays"]);
        let out = b.shared.status().out.unwrap();
        b.opts.deny_warnings = true;
        break_with_a_warning(&mut b);
        // While it is (the last good build stays served): a section's
        // intro and the section template edited.
        write(
            &root,
            "content/essays/_index.md",
            "---\ntitle: Essays\n---\n\nAbout these.\n",
        );
        apply(&mut b, &["content/essays/_index.md"]);
        let section = theme_template("section.html");
        let marked = section.replace("<h1 class=\"section-title\"", "<h1 class=\"section-title\" data-edited");
        write(&root, "templates/section.html", &marked);
        apply(&mut b, &["templates/section.html"]);
        assert!(!std::fs::read_to_string(out.join("essays/index.html"))
            .unwrap()
            .contains("About these."));
        // Mended: served as a full build has them.
        save(&mut b, dir.path(), "content/notes/one.md", ONE, "the note mended");
        assert!(b.shared.status().errors.is_empty());
        let out = b.shared.status().out.unwrap();
        let essays = std::fs::read_to_string(out.join("essays/index.html")).unwrap();
        assert!(essays.contains("data-edited") && essays.contains("About these."));

        // Broken again; meanwhile a stylesheet edited, an image new, an
        // image deleted.
        break_with_a_warning(&mut b);
        write(&root, "static/extra.css", "p { color: red }");
        write(&root, "content/notes/fig.png", "png");
        std::fs::remove_file(root.join("content/notes/pic.svg")).unwrap();
        apply(
            &mut b,
            &["static/extra.css", "content/notes/fig.png", "content/notes/pic.svg"],
        );
        assert_eq!(std::fs::read(out.join("extra.css")).unwrap(), b"p {}");
        assert!(out.join("notes/pic.svg").exists() && !out.join("notes/fig.png").exists());
        save(&mut b, dir.path(), "content/notes/one.md", ONE, "the note mended again");
        let out = b.shared.status().out.unwrap();
        assert_eq!(std::fs::read(out.join("extra.css")).unwrap(), b"p { color: red }");
        assert!(!out.join("notes/pic.svg").exists() && out.join("notes/fig.png").exists());
    }

    /// `one.md` with front matter that is not YAML.
    const BROKEN_ONE: &str = "---\ntitle: [One\nweight: 1\n---\n\nBody one.\n";

    /// Writes `text` to `rel` and has serve follow it: the site must be
    /// broken after; returns the problems shown.
    /// The plan for `rel` saved with `text`: in place, refused with the
    /// problems of that one file (returned with the rest of the edits).
    fn refused_plan(b: &Builder, rel: &str, text: &str) -> (Edits, Vec<Diagnostic>) {
        write(&b.opts.root, rel, text);
        let Plan::Partial(mut edits) = plan(b, &[rel]) else {
            panic!("{rel}: not refused in place");
        };
        let [(file, problems)] = &mut edits.front_matter[..] else {
            panic!("{rel}: {:?}", edits.front_matter);
        };
        assert!(
            rel.ends_with(file.to_str().unwrap()) && !problems.is_empty(),
            "{rel}: {problems:?}"
        );
        let problems = std::mem::take(problems);
        (edits, problems)
    }

    /// [`refused`] for a new folder `folder` (from the root) with `files`
    /// (name, text) in it.
    fn refused_folder(b: &mut Builder, folder: &str, files: &[(&str, &str)]) -> Vec<String> {
        for (name, text) in files {
            write(&b.opts.root, &format!("{folder}/{name}"), text);
        }
        apply(b, &[folder]);
        let errors = b.shared.status().errors;
        assert!(!errors.is_empty(), "{folder}: not refused");
        errors
    }

    fn refused(b: &mut Builder, rel: &str, text: &str) -> Vec<String> {
        write(&b.opts.root, rel, text);
        apply(b, &[rel]);
        let errors = b.shared.status().errors;
        assert!(!errors.is_empty(), "{rel}: not refused");
        errors
    }

    /// A full build that fails (`book.toml` saved while an article is
    /// broken; a folder `print/` over a print page) is followed in place:
    /// saves that leave the site broken are refused without building
    /// everything again; the one that mends it builds everything.
    #[test]
    fn after_a_full_build_fails_saves_are_refused_in_place_until_one_mends_it() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let served = files(&b.shared.status().out.unwrap());
        let bad = "---\ntitle: [Bad\n---\n";
        refused(&mut b, "content/notes/one.md", bad);
        // Everything, and it fails: once.
        let generation = b.generation;
        let errors = refused(&mut b, "book.toml", "[site]\ntitle = \"New title\"\n");
        assert_eq!(b.generation, generation + 1, "a full build");
        assert!(
            errors.len() == 1 && errors[0].contains("one.md:3:1: error"),
            "{errors:?}"
        );
        let generation = b.generation;
        // Saves that leave it broken: in place, each shown with the rest.
        let errors = refused(&mut b, "content/notes/two.md", "---\ntitle: Two\n---\n\nSee[^x].\n");
        assert!(
            errors.len() == 2 && errors[1].contains("two.md:5:4: warning"),
            "{errors:?}"
        );
        b.opts.deny_warnings = true;
        let errors = refused(
            &mut b,
            "content/notes/two.md",
            "---\ntitle: Two\n---\n\nSee[^x].\n\n[^y]: Y.\n",
        );
        assert!(
            errors.len() == 3 && errors.iter().any(|e| e.contains("two.md:5:")),
            "{errors:?}"
        );
        refused(&mut b, "content/notes/two.md", "---\ntitle: Two\n---\n\nMended.\n");
        refused(&mut b, "content/notes/three.md", "---\ntitle: Three\n---\n\nNew.\n");
        refused(&mut b, "content/notes/four.md", bad);
        std::fs::remove_file(root.join("content/notes/four.md")).unwrap();
        apply(&mut b, &["content/notes/four.md"]);
        assert_eq!(b.generation, generation, "all in place");
        assert!(
            files(&b.shared.status().out.unwrap()) == served,
            "the last good build changed"
        );
        // Mended: everything, as it now is.
        write(&root, "content/notes/one.md", ONE);
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(b.generation, generation + 1, "a full build");
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-mended"), "mended");
        let home = served_file(&b, "index.html");
        assert!(home.contains("New title"), "{home}");

        // Something written over something else: the same.
        write(&root, "content/notes/print/p.md", "---\ntitle: P\n---\n");
        apply(&mut b, &["content/notes/print"]);
        let generation = b.generation;
        assert_shows_one(&b, &["print page of folder"]);
        let errors = refused(&mut b, "content/notes/two.md", "---\ntitle: Two\n---\n\nAgain.\n");
        assert!(
            errors.len() == 1 && errors[0].contains("print page of folder"),
            "{errors:?}"
        );
        assert_eq!(b.generation, generation, "in place");
        std::fs::remove_dir_all(root.join("content/notes/print")).unwrap();
        apply(&mut b, &["content/notes/print"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-no-print"), "no print folder");

        // A template's problem only a full build judges: every save builds
        // everything until it is gone, as before.
        write(&root, "templates/article.html", "{{ nope(");
        apply(&mut b, &["templates/article.html"]);
        assert!(!b.shared.status().errors.is_empty());
        let generation = b.generation;
        refused(&mut b, "content/notes/two.md", "---\ntitle: Two\n---\n\nOnce more.\n");
        assert_eq!(b.generation, generation + 1, "a full build");
        std::fs::remove_file(root.join("templates/article.html")).unwrap();
        apply(&mut b, &["templates/article.html"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-template"), "template gone");
    }

    #[test]
    fn an_article_gone_before_its_deletion_is_seen_is_waited_for() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(&root, "content/gone/_index.md", "---\ntitle: Gone\n---\n");
        write(&root, "content/gone/a.md", "---\ntitle: A\n---\n");
        apply(&mut b, &["content/gone"]);
        let generation = b.generation;
        // `rm -r` seen halfway: the batch has the `_index.md` alone, and
        // the article below it (rendered again for the section's new
        // title) is gone too. No error shows; it is taken out as well.
        std::fs::remove_dir_all(root.join("content/gone")).unwrap();
        apply(&mut b, &["content/gone/_index.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-gone"), "gone halfway");
        apply(&mut b, &["content/gone", "content/gone/a.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-all-gone"), "all gone");
        assert_eq!(b.generation, generation, "in place");
        // A publication deleted whole, its first batch one article only:
        // the rest is gone too, and still gone when it is done again.
        for rel in [
            "pub/_index.md",
            "pub/issue/_index.md",
            "pub/issue/a.md",
            "pub/issue/b.md",
            "pub/issue/c.md",
        ] {
            write(&root, &format!("content/{rel}"), "---\ntitle: T\n---\n");
        }
        apply(&mut b, &["content/pub"]);
        std::fs::remove_dir_all(root.join("content/pub")).unwrap();
        apply(&mut b, &["content/pub/issue/a.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-pub-halfway"), "halfway");
        apply(
            &mut b,
            &[
                "content/pub",
                "content/pub/_index.md",
                "content/pub/issue",
                "content/pub/issue/_index.md",
                "content/pub/issue/b.md",
                "content/pub/issue/c.md",
            ],
        );
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-pub-gone"), "a publication gone");
    }

    #[test]
    fn edits_refused_on_a_broken_site_are_written_when_it_is_mended() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let out = b.shared.status().out.unwrap();
        for (rel, text) in [
            ("content/solo/e.md", "---\ntitle: E\n---\n"),
            ("content/held/d.md", "---\ntitle: D\n---\n"),
            ("content/held/fig.svg", "<svg/>"),
        ] {
            write(&root, rel, text);
        }
        apply(&mut b, &["content/solo", "content/held"]);
        let (served, generation) = (files(&out), b.generation);
        refused(&mut b, "content/notes/bad.md", "---\ntitle: [Bad\n---\n");
        // Meanwhile, each refused in turn: new metadata, articles new and
        // gone, files beside them new, changed and gone, a static file, a
        // section's text, folders new, gone, and made again.
        let saves: &[(&str, Option<&str>)] = &[
            (
                "content/notes/two.md",
                Some("---\ntitle: Two\nweight: 2\n---\n\nSee [one](../one/).\n"),
            ),
            (
                "content/notes/one.md",
                Some("---\ntitle: One, again\nweight: 3\n---\n\nBody one.\n"),
            ),
            ("content/notes/pic.svg", Some("<svg><!-- 2 --></svg>")),
            ("content/notes/new.svg", Some("<svg/>")),
            ("content/notes/new.svg", None),
            ("static/extra.css", Some("p { margin: 0 }")),
            ("static/gone.css", Some("a {}")),
            ("static/gone.css", None),
            (
                "content/notes/_index.md",
                Some("---\ntitle: Notes\n---\n\nNew words.\n"),
            ),
            ("content/issue/a.md", Some("---\ntitle: A\n---\n")),
            ("content/issue", None),
            ("content/issue/b.md", Some("---\ntitle: B\n---\n")),
            ("content/gone/c.md", Some("---\ntitle: C\n---\n")),
            ("content/gone/fig.svg", Some("<svg/>")),
            ("content/gone", None),
            ("content/notes/three.md", Some("---\ntitle: Three\n---\n")),
            ("content/notes/three.md", None),
            ("content/notes/three.md", Some("---\ntitle: Three again\n---\n")),
            // A section's last article gone: its page and print page go,
            // and its output folder with them.
            ("content/solo/e.md", None),
            // A file changed in a folder, then held back by a draft.
            ("content/held/fig.svg", Some("<svg><!-- 2 --></svg>")),
            ("content/held/_index.md", Some("---\ntitle: Held\ndraft: true\n---\n")),
        ];
        for (rel, text) in saves {
            let path = root.join(rel);
            match text {
                Some(text) => write(&root, rel, text),
                None if path.is_dir() => std::fs::remove_dir_all(&path).unwrap(),
                None => std::fs::remove_file(&path).unwrap(),
            }
            // A new folder's event is the folder's.
            let rel = match rel.strip_prefix("content/").and_then(|r| r.split_once('/')) {
                Some((folder, _)) if ["issue", "gone"].contains(&folder) => format!("content/{folder}"),
                _ => rel.to_string(),
            };
            apply(&mut b, &[&rel]);
            assert!(!b.shared.status().errors.is_empty(), "{rel}: not refused");
            assert!(files(&out) == served, "{rel}: the last good build changed");
        }
        // Mended: all of it written in place, as a full build has it.
        save(
            &mut b,
            dir.path(),
            "content/notes/bad.md",
            "---\ntitle: Bad\n---\n",
            "mended",
        );
        assert_shows_none(&b);
        assert_eq!(b.generation, generation, "in place");
        assert!(out.join("issue/b/index.html").is_file() && !out.join("issue/a").exists());
    }

    #[test]
    fn broken_front_matter_is_refused_and_mended_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(&root, "content/notes/two.md", "---\ntitle: Two\n---\n\nTwo.\n");
        apply(&mut b, &["content/notes/two.md"]);
        let before = files(&b.shared.status().out.unwrap());
        let generation = b.generation;
        let errors = refused(&mut b, "content/notes/one.md", BROKEN_ONE);
        assert!(
            errors.len() == 1 && errors[0].contains("content/notes/one.md:") && errors[0].contains("invalid YAML"),
            "{errors:?}"
        );
        assert!(
            files(&b.shared.status().out.unwrap()) == before,
            "the last good build changed"
        );
        // Another article's text saved meanwhile, twice (the broken one is
        // rendered again each time): still broken, the last good build
        // still served.
        for text in ["Two, edited.", "Two, edited again."] {
            write(
                &root,
                "content/notes/two.md",
                &format!("---\ntitle: Two\n---\n\n{text}\n"),
            );
            apply(&mut b, &["content/notes/two.md"]);
            assert_eq!(b.shared.status().errors, errors);
        }
        assert!(
            files(&b.shared.status().out.unwrap()) == before,
            "the last good build changed"
        );
        // Mended, as it was: the overlay goes, nothing else changes.
        save(&mut b, dir.path(), "content/notes/one.md", ONE, "mended");
        assert!(b.shared.status().errors.is_empty());
        // Mended with a new title: in place too.
        refused(&mut b, "content/notes/one.md", BROKEN_ONE);
        save(
            &mut b,
            dir.path(),
            "content/notes/one.md",
            "---\ntitle: Uno\nweight: 1\n---\n\nBody one.\n",
            "mended anew",
        );
        assert!(b.shared.status().errors.is_empty());
        // A new article saved broken: refused in place; mended, added in
        // place. Another saved broken, then deleted: the error goes.
        let errors = refused(&mut b, "content/notes/three.md", "---\ntitle: [Three\n---\n\nThree.\n");
        assert!(
            errors.len() == 1 && errors[0].contains("notes/three.md:3:1: error"),
            "{errors:?}"
        );
        save(
            &mut b,
            dir.path(),
            "content/notes/three.md",
            "---\ntitle: Three\n---\n\nThree.\n",
            "added",
        );
        assert!(b.shared.status().errors.is_empty());
        assert_eq!(
            refused(&mut b, "content/notes/four.md", "---\n---\n\nNo title.\n").len(),
            1
        );
        std::fs::remove_file(root.join("content/notes/four.md")).unwrap();
        apply(&mut b, &["content/notes/four.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-four"), "four gone");
        assert_eq!(b.generation, generation, "all in place");
    }

    #[test]
    fn undoing_a_refused_edit_clears_its_problems() {
        let (dir, mut b) = built();
        let out = b.shared.status().out.unwrap();
        b.opts.deny_warnings = true;
        break_with_a_warning(&mut b);
        // Undone: the file is as its served page was rendered from, but
        // the problem shown came from the refused render.
        save(&mut b, dir.path(), "content/notes/one.md", ONE, "the edit undone");
        assert_shows_none(&b);
        assert_eq!(b.shared.status().out.unwrap(), out, "in place");
    }

    #[test]
    fn theme_static_files_come_and_go_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let out = b.shared.status().out.unwrap();
        let generation = b.generation;
        let builtin = std::fs::read(out.join("style.css")).unwrap();
        // New: a font in a folder, a stylesheet over the built-in one.
        write(&root, "static/fonts/a.woff2", "font");
        apply(&mut b, &["static/fonts"]);
        save(
            &mut b,
            dir.path(),
            "static/style.css",
            "body {}",
            "a stylesheet over the built-in one",
        );
        assert_eq!(std::fs::read(out.join("fonts/a.woff2")).unwrap(), b"font");
        assert_eq!(std::fs::read(out.join("style.css")).unwrap(), b"body {}");
        // Gone: the built-in stylesheet comes back; the others go.
        for gone in ["static/style.css", "static/extra.css", "static/fonts"] {
            let path = root.join(gone);
            if path.is_dir() {
                std::fs::remove_dir_all(path).unwrap();
            } else {
                std::fs::remove_file(path).unwrap();
            }
            apply(&mut b, &[gone]);
            assert_served_is_a_full_build(&b, &dir.path().join(format!("fresh-{}", gone.replace('/', "-"))), gone);
        }
        assert_eq!(std::fs::read(out.join("style.css")).unwrap(), builtin);
        assert!(!out.join("extra.css").exists() && !out.join("fonts/a.woff2").exists());
        assert_eq!(b.generation, generation, "all in place");
        // A content file and a static file at one address: an error, as
        // in a full build (one was written over the other, unsaid).
        save(
            &mut b,
            dir.path(),
            "content/logo.svg",
            "<svg>content</svg>",
            "a content file",
        );
        write(&root, "static/logo.svg", "<svg>static</svg>");
        apply(&mut b, &["static/logo.svg"]);
        let errors = b.shared.status().errors;
        assert!(
            errors.len() == 1
                && errors[0].contains("content/logo.svg: error: `static/logo.svg` and")
                && errors[0].ends_with("would both be written to `/logo.svg`; rename it"),
            "{errors:?}"
        );
        assert_eq!(std::fs::read(out.join("logo.svg")).unwrap(), b"<svg>content</svg>");
        std::fs::remove_file(root.join("content/logo.svg")).unwrap();
        apply(&mut b, &["content/logo.svg"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-static-logo"), "the static file alone");
        assert_eq!(std::fs::read(out.join("logo.svg")).unwrap(), b"<svg>static</svg>");
    }

    #[test]
    fn a_partial_rebuild_writes_only_what_changed() {
        let (_dir, mut b) = built();
        let root = b.opts.root.clone();
        let out = b.shared.status().out.unwrap();
        let section = std::fs::read(out.join("notes/index.html")).unwrap();
        let mut rx = b.shared.subscribe();
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nA new body.\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(rx.try_recv().unwrap().1, Message::Reload);
        assert_eq!(b.shared.status().out.unwrap(), out, "in place");
        assert!(std::fs::read_to_string(out.join("notes/one/index.html"))
            .unwrap()
            .contains("A new body."));
        assert!(std::fs::read_to_string(out.join("notes/print/index.html"))
            .unwrap()
            .contains("A new body."));
        assert_eq!(std::fs::read(out.join("notes/index.html")).unwrap(), section);

        // Broken (a warning denied): nothing written, the problem sent.
        b.opts.deny_warnings = true;
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nOpen [ed. – never closed.\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        match rx.try_recv().unwrap().1 {
            Message::Error(p) => assert!(p[0].contains("one.md:6:6: warning: unclosed"), "{p:?}"),
            other => panic!("{other:?}"),
        }
        assert!(std::fs::read_to_string(out.join("notes/one/index.html"))
            .unwrap()
            .contains("A new body."));
        // Fixed by editing another file? No: the broken one is re-rendered too.
        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nClosed [ed. – yes].\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(rx.try_recv().unwrap().1, Message::Ok);
        assert_eq!(rx.try_recv().unwrap().1, Message::Reload);
        assert!(std::fs::read_to_string(out.join("notes/one/index.html"))
            .unwrap()
            .contains("yes"));
    }

    /// The feeds follow their texts in place: a body, a date that moves
    /// a text up, a text new or gone, a section's description; feeds
    /// that come or go, or give way to a file of the site's, are the full
    /// build's. Each step is byte for byte a full build.
    #[test]
    fn feeds_follow_their_texts_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let article = |title: &str, date: &str, body: &str| {
            format!("---\ntitle: {title}\ndate: {date}\ndescription: About {title}.\n---\n\n{body}\n")
        };
        write(
            &root,
            "content/notes/two.md",
            &article("Two", "2020-05-01", "Body two."),
        );
        write(
            &root,
            "content/notes/three.md",
            &article("Three", "2021", "Body three."),
        );
        write(&root, "content/other/_index.md", "---\ntitle: Other\n---\n");
        // A publication: a folder of issues. (`notes`, a folder of texts
        // alone, is followed in the site's feed.)
        write(&root, "content/other/i1/_index.md", "---\ntitle: Issue 1\n---\n");
        write(
            &root,
            "content/other/i1/four.md",
            &article("Four", "2019-02", "Body four."),
        );
        write(&root, "book.toml", "[site]\ntitle = \"T\"\n[feed]\nlimit = 2\n");
        b.full();
        let out = b.shared.status().out.unwrap();
        let shared = b.shared.clone();
        let feed = |rel: &str| std::fs::read_to_string(shared.status().out.unwrap().join(rel)).unwrap();
        assert!(feed("atom.xml").contains("<title>Three</title>"));
        assert!(!feed("atom.xml").contains("<title>Four</title>"), "two texts only");
        assert!(feed("other/atom.xml").contains("Body four."));
        let steps: [(&str, &str, &str); 7] = [
            (
                "body",
                "content/notes/two.md",
                &article("Two", "2020-05-01", "Body two, longer."),
            ),
            (
                "date",
                "content/other/i1/four.md",
                &article("Four", "2022-01-01", "Body four."),
            ),
            (
                "new",
                "content/notes/five.md",
                &article("Five", "2023-03-03", "Body five."),
            ),
            (
                "undated",
                "content/notes/one.md",
                "---\ntitle: One\nweight: 1\n---\n\nBody one, again.\n",
            ),
            (
                "section",
                "content/other/_index.md",
                "---\ntitle: Other\ndescription: Elsewhere.\n---\n",
            ),
            // Its texts are as new as the folder, now later than theirs.
            (
                "section date",
                "content/other/_index.md",
                "---\ntitle: Other\ndescription: Elsewhere.\ndate: 2030-01\n---\n",
            ),
            ("gone", "content/notes/five.md", ""),
        ];
        for (what, rel, text) in steps {
            save_in_place(&mut b, dir.path(), rel, text, what);
        }
        assert!(feed("atom.xml").contains("<title>Four</title>"), "moved up by its date");
        assert!(
            feed("atom.xml").contains("<updated>2030-01-01T00:00:00Z</updated>"),
            "as new as its folder"
        );
        assert!(feed("other/atom.xml").contains("<subtitle>Elsewhere.</subtitle>"));
        assert!(!shared.status().out.unwrap().join("notes/atom.xml").exists());
        // Publications' feeds that come, are renamed or go: every page of
        // the publication names them otherwise, in place.
        let publications: [(&str, &str, &str); 4] = [
            (
                "a first issue",
                "content/notes/i1/_index.md",
                "---\ntitle: Notes 1\n---\n",
            ),
            ("renamed", "content/notes/_index.md", "---\ntitle: Field Notes\n---\n"),
            ("no issue left", "content/notes/i1/_index.md", ""),
            ("no dated text left", "content/other/i1/four.md", ""),
        ];
        for (what, rel, text) in publications {
            match text.is_empty() {
                true => std::fs::remove_file(root.join(rel)).unwrap(),
                false => write(&root, rel, text),
            }
            let folder = Path::new(rel).parent().unwrap().to_string_lossy().into_owned();
            match text.is_empty() && rel.ends_with("_index.md") {
                // The folder goes with its `_index.md`, as an editor
                // deletes it.
                true => {
                    std::fs::remove_dir_all(root.join(&folder)).unwrap();
                    apply(&mut b, &[&folder]);
                }
                false => apply(&mut b, &[rel]),
            }
            assert_eq!(
                b.shared.status().out.unwrap(),
                out,
                "{what}: in place, not a full build"
            );
            assert_served_is_a_full_build(&b, &dir.path().join(what.replace(' ', "-")), what);
            if what == "renamed" {
                let page = std::fs::read_to_string(out.join("notes/two/index.html")).unwrap();
                assert!(
                    page.contains("title=\"Field Notes\" href=\"../../notes/atom.xml\""),
                    "{page}"
                );
            }
        }
        assert!(!out.join("notes/atom.xml").exists() && !out.join("other/atom.xml").exists());
        // A file of the site's own at the feed's address wins, with a
        // warning.
        write(&root, "static/atom.xml", "<feed/>");
        apply(&mut b, &["static/atom.xml"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-taken"), "taken");
        assert_eq!(feed("atom.xml"), "<feed/>");
        assert!(b.shared.status().errors.iter().any(|p| p.contains("where a feed goes")));
    }

    /// An archive's home page lists its newest texts: a date that makes
    /// a text the newest, a text new, gone or a draft, a title, each in
    /// place and byte for byte a full build. (Whatever changes a text's
    /// metadata, or takes it out or in, lists its section's ancestors
    /// again, the home page among them: no more is needed.)
    #[test]
    fn an_archive_s_newest_texts_follow_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let text = |title: &str, date: &str| format!("---\ntitle: {title}\ndate: {date}\n---\n\nBody of {title}.\n");
        write(&root, "content/arch/_index.md", "---\ntitle: Archive\n---\n");
        for issue in 0..3 {
            write(
                &root,
                &format!("content/arch/i{issue}/_index.md"),
                &format!("---\ntitle: Issue {issue}\n---\n"),
            );
            for n in 0..70 {
                let date = format!("{}-01-{:02}", 2000 + issue, 1 + n % 28);
                write(
                    &root,
                    &format!("content/arch/i{issue}/t{n:02}.md"),
                    &text(&format!("T{issue}.{n}"), &date),
                );
            }
        }
        b.full();
        let shared = b.shared.clone();
        let home = || std::fs::read_to_string(shared.status().out.unwrap().join("index.html")).unwrap();
        assert!(
            home().contains("class=\"recent\""),
            "an archive's home lists its newest"
        );
        let steps: [(&str, &str, String); 6] = [
            ("date", "content/arch/i0/t03.md", text("T0.3", "2024-06-01")),
            ("new", "content/arch/i1/new.md", text("Newer", "2025-01-01")),
            ("title", "content/arch/i0/t03.md", text("T0.3 retitled", "2024-06-01")),
            (
                "body",
                "content/arch/i1/new.md",
                text("Newer", "2025-01-01").replace("Body", "The body"),
            ),
            (
                "draft",
                "content/arch/i1/new.md",
                text("Newer", "2025-01-01").replace("---\n\n", "draft: true\n---\n\n"),
            ),
            ("gone", "content/arch/i0/t03.md", String::new()),
        ];
        for (what, rel, text) in steps {
            save_in_place(&mut b, dir.path(), rel, &text, what);
            if what == "title" {
                assert!(home().contains("T0.3 retitled"), "{what}");
            }
        }
    }

    #[test]
    fn new_metadata_in_place_reaches_the_listings() {
        let (_dir, mut b) = built();
        let root = b.opts.root.clone();
        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\nweight: 2\n---\n\nBody two.\n",
        );
        b.full();
        let out = b.shared.status().out.unwrap();
        let mut rx = b.shared.subscribe();
        let two = "---\ntitle: Two\nauthor: Zora Quill\nweight: 2\n---\n\nBody two.\n";
        write(&root, "content/notes/two.md", two);
        apply(&mut b, &["content/notes/two.md"]);
        assert_eq!(rx.try_recv().unwrap().1, Message::Reload);
        assert_eq!(b.shared.status().out.unwrap(), out, "in place, not a full build");
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        for page in [
            "notes/two/index.html",
            "notes/index.html",
            "index.html",
            "notes/print/index.html",
        ] {
            assert!(read(page).contains("Zora Quill"), "{page}");
        }
    }

    /// Every file of a folder, by relative path.
    /// Each served file's inode: a file written again (serve writes through
    /// a rename) gets a new one.
    fn inodes(dir: &Path) -> BTreeMap<PathBuf, u64> {
        use std::os::unix::fs::MetadataExt;
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let ino = e.metadata().unwrap().ino();
                (e.path().strip_prefix(dir).unwrap().to_path_buf(), ino)
            })
            .collect()
    }

    /// Under serve only pages whose bytes changed are written: a save that
    /// renders the same page writes nothing, and a body edit writes its
    /// article and its section's print page, nothing else.
    #[test]
    fn serve_writes_only_the_pages_whose_bytes_changed() {
        let (_dir, mut b) = built();
        let root = b.opts.root.clone();
        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\nweight: 2\n---\n\nBody two.\n",
        );
        write(&root, "content/other/_index.md", "---\ntitle: Other\n---\n");
        write(
            &root,
            "content/other/three.md",
            "---\ntitle: Three\n---\n\nBody three.\n",
        );
        b.full();
        let out = b.shared.status().out.expect("served");
        let before = inodes(&out);
        assert!(before.contains_key(Path::new("notes/one/index.html")), "{before:?}");

        // Blank lines at the end: the page is rendered again, the same.
        write(&root, "content/notes/one.md", &format!("{ONE}\n\n"));
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(inodes(&out), before, "a page rendered the same was written");

        write(
            &root,
            "content/notes/one.md",
            "---\ntitle: One\nweight: 1\n---\n\nA new body.\n",
        );
        apply(&mut b, &["content/notes/one.md"]);
        let after = inodes(&out);
        let written: Vec<&PathBuf> = after
            .iter()
            .filter(|(p, ino)| before.get(*p) != Some(ino))
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            written,
            [Path::new("notes/one/index.html"), Path::new("notes/print/index.html")],
            "{written:?}"
        );
        assert!(
            String::from_utf8(std::fs::read(out.join("notes/one/index.html")).unwrap())
                .unwrap()
                .contains("A new body.")
        );
    }

    /// A full rebuild that changes every page swaps each in for a spare
    /// file, which then holds the old page for the next rebuild to write
    /// over: from the second on, no file is made or deleted (on ext4,
    /// making files while many were just deleted is slow). On tmpfs no
    /// spare is kept (it would hold memory).
    #[test]
    #[cfg(target_os = "linux")]
    fn full_rebuilds_swap_pages_with_spare_files_and_make_none() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        for n in 2..6 {
            write(
                &root,
                &format!("content/notes/n{n}.md"),
                &format!("---\ntitle: N{n}\n---\n\nBody {n}.\n"),
            );
        }
        b.full();
        let out = b.shared.status().out.expect("served");
        let spares = crate::render::write::spares_of(&out);
        let all_inodes = || -> BTreeSet<u64> {
            inodes(&out)
                .into_values()
                .chain(inodes(&spares).into_values())
                .collect()
        };
        let retitle = |b: &mut Builder, title: &str| {
            write(&root, "book.toml", &format!("[site]\ntitle = \"{title}\"\n"));
            let generation = b.generation;
            apply(b, &["book.toml"]);
            assert_eq!(
                (b.generation, b.shared.status().out.unwrap()),
                (generation + 1, out.clone())
            );
        };
        retitle(&mut b, "First");
        let pages = inodes(&out)
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .count();
        // Eight `index.html`, and `404.html`.
        assert_eq!(pages, 9);
        let keeps = InPlace::new(&out).keeps_spares();
        assert_eq!(
            inodes(&spares).len(),
            if keeps { pages } else { 0 },
            "each old page spare"
        );
        let before = all_inodes();

        retitle(&mut b, "Second");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "second title");
        assert!(std::fs::read_to_string(out.join("notes/n2/index.html"))
            .unwrap()
            .contains("Second"));
        if keeps {
            assert_eq!(all_inodes(), before, "files made or deleted");
        } else {
            assert!(inodes(&spares).is_empty(), "spares kept in memory");
        }
    }

    fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn title_and_order_edits_in_place_match_a_full_build() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let article =
            |title: &str, weight: i32, body: &str| format!("---\ntitle: {title}\nweight: {weight}\n---\n\n{body}\n");
        write(&root, "content/notes/two.md", &article("Two", 2, "Body two."));
        write(&root, "content/notes/three.md", &article("Three", 3, "Body three."));
        write(&root, "content/notes/four.md", &article("Four", 4, "Body four."));
        write(
            &root,
            "content/other/_index.md",
            "---\ntitle: Other\n---\n\nStart with [this](../notes/two/).\n",
        );
        write(
            &root,
            "content/other/far.md",
            &article("Far", 1, "See [two](../../notes/two/)."),
        );
        write(
            &root,
            "content/more/_index.md",
            "---\ntitle: More\n---\n\nRead [four](../notes/four/).\n",
        );
        let dated = |title: &str, date: &str| format!("---\ntitle: {title}\ndate: {date}\n---\n\nBody.\n");
        write(
            &root,
            "content/dated/_index.md",
            "---\ntitle: Dated\nsort_by: date\n---\n",
        );
        write(&root, "content/dated/a.md", &dated("A", "2020-01-01"));
        write(&root, "content/dated/b.md", &dated("B", "2021-01-01"));
        write(&root, "content/dated/c.md", &dated("C", "2022-01-01"));
        b.full();
        let out = b.shared.status().out.unwrap();
        enum Edit {
            Write(&'static str, String),
            Delete(&'static str),
            Rename(&'static str, &'static str),
        }
        use Edit::*;
        let edits = [
            // A new title: its page, its neighbours, the listings, the print
            // page, and the article and section that link to it.
            Write("content/notes/two.md", article("Second", 2, "Body two.")),
            // A new place and title: the neighbours before and after the
            // move, and the section page that links to it.
            Write("content/notes/four.md", article("Fourth", 0, "Body four.")),
            // A body that now links to three, then three's new title.
            Write(
                "content/other/far.md",
                article("Far", 1, "See [two](../../notes/two/) and [3](../../notes/three/)."),
            ),
            Write("content/notes/three.md", article("Third", 3, "Body three.")),
            // A new date: in a section sorted by date, it moves.
            Write("content/dated/a.md", dated("A", "2023-01-01")),
            // A link to an article not written yet, then the article, in
            // the middle of its section: its neighbours, the listings, the
            // print page (every article after it moves one place) and the
            // page whose link now shows its title.
            Write(
                "content/other/far.md",
                article("Far", 1, "See [two](../../notes/two/) and [half](../../notes/half/)."),
            ),
            Write("content/notes/half.md", article("Half", 2, "Body half.")),
            // A new article first in a section sorted by date; a new draft.
            Write("content/dated/d.md", dated("D", "2024-01-01")),
            Write(
                "content/notes/draft.md",
                "---\ntitle: D\ndraft: true\n---\n".to_string(),
            ),
            // An article deleted that far.md links to: its neighbours, the
            // listings, the print page, and far.md's link (no title now).
            Delete("content/notes/half.md"),
            // Renamed: a new address, the old one gone; the section page of
            // `more` links to four's old address.
            Rename("content/notes/four.md", "content/notes/quatre.md"),
            // Written again where it was.
            Rename("content/notes/quatre.md", "content/notes/four.md"),
            // A section's intro that now links to three, then three's new
            // title: the section page shows it.
            Write(
                "content/more/_index.md",
                "---\ntitle: More\n---\n\nRead [four](../notes/four/) and [three](../notes/three/).\n".to_string(),
            ),
            Write("content/notes/three.md", article("Drei", 3, "Body three.")),
            // The home page's intro, which has no front matter of its own
            // beyond a title.
            Write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n".to_string()),
            // A new slug: out at four's address, which far.md now links
            // to, in at a new one (the print page keeps its place); then
            // back.
            Write(
                "content/other/far.md",
                article("Far", 1, "See [two](../../notes/two/) and [four](../../notes/four/)."),
            ),
            Write(
                "content/notes/four.md",
                "---\ntitle: Fourth\nweight: 0\nslug: vier\n---\n\nBody four.\n".to_string(),
            ),
            Write("content/notes/four.md", article("Fourth", 0, "Body four.")),
            // A draft now: gone from its address, the listings, the print
            // page and far.md's link; then published again.
            Write(
                "content/notes/four.md",
                "---\ntitle: Fourth\nweight: 0\ndraft: true\n---\n\nBody four.\n".to_string(),
            ),
            Write("content/notes/four.md", article("Fourth", 0, "Body four.")),
            // A section's new title: its articles (breadcrumbs, section
            // link), the listings above, its print page, and far.md, which
            // now links to the section.
            Write(
                "content/other/far.md",
                article("Far", 1, "See [two](../../notes/two/) and [the notes](../../notes/)."),
            ),
            Write("content/notes/_index.md", "---\ntitle: Notebook\n---\n".to_string()),
            // A new order for a section's articles; a new place for a
            // section among its siblings (the home page lists it first).
            Write(
                "content/dated/_index.md",
                "---\ntitle: Dated\nsort_by: title\n---\n".to_string(),
            ),
            Write(
                "content/more/_index.md",
                "---\ntitle: More\nweight: -1\n---\n\nRead [four](../notes/four/) and [three](../notes/three/).\n"
                    .to_string(),
            ),
        ];
        for (n, edit) in edits.iter().enumerate() {
            let paths: Vec<&str> = match edit {
                Write(rel, text) => {
                    write(&root, rel, text);
                    vec![rel]
                }
                Delete(rel) => {
                    std::fs::remove_file(root.join(rel)).unwrap();
                    vec![rel]
                }
                Rename(from, to) => {
                    std::fs::rename(root.join(from), root.join(to)).unwrap();
                    vec![from, to]
                }
            };
            apply(&mut b, &paths);
            assert_eq!(
                b.shared.status().out.unwrap(),
                out,
                "edit {n} in place, not a full build"
            );
            assert_served_is_a_full_build(&b, &dir.path().join(format!("fresh-{n}")), &format!("edit {n}"));
        }
    }

    /// Asserts that the output serve serves is, file for file and byte for
    /// byte, what a full build of the site as it now is writes to `fresh`.
    fn assert_served_is_a_full_build(b: &Builder, fresh: &Path, what: &str) {
        let report = crate::render::build(&BuildOptions {
            output: Some(fresh.to_path_buf()),
            ..b.opts.clone()
        })
        .unwrap();
        assert!(!report.failed(), "{what}: {:?}", report.diagnostics.items);
        assert_served_is(b, fresh, what);
    }

    /// Asserts `b` serves what the build in `fresh` has: the same files,
    /// byte for byte, and no folder left behind either (a page's, once it
    /// is gone).
    fn assert_served_is(b: &Builder, fresh: &Path, what: &str) {
        let out = b.shared.status().out.unwrap();
        let (served, built) = (files(&out), files(fresh));
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            built.keys().collect::<Vec<_>>(),
            "{what}"
        );
        for (path, bytes) in &built {
            assert!(
                served[path] == *bytes,
                "{what}: {} differs from a full build",
                path.display()
            );
        }
        assert_eq!(folders(&out), folders(fresh), "{what}");
    }

    /// The folders under `dir`, relative to it.
    fn folders(dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir())
            .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
            .collect()
    }

    /// Writes `text` to `rel` under the site, has serve follow it, and
    /// compares what it serves with a full build (`what` names the step).
    fn save(b: &mut Builder, dir: &Path, rel: &str, text: &str, what: &str) {
        write(&b.opts.root, rel, text);
        apply(b, &[rel]);
        assert_served_is_a_full_build(b, &dir.join(format!("fresh-{}", what.replace(' ', "-"))), what);
    }

    /// As [`save`] (an empty `text` deletes the file), and asserts that
    /// serve followed it in place, not with a full build.
    fn save_in_place(b: &mut Builder, dir: &Path, rel: &str, text: &str, what: &str) {
        let out = b.shared.status().out.unwrap();
        match text.is_empty() {
            true => {
                std::fs::remove_file(b.opts.root.join(rel)).unwrap();
                apply(b, &[rel]);
                let fresh = dir.join(format!("fresh-{}", what.replace(' ', "-")));
                assert_served_is_a_full_build(b, &fresh, what);
            }
            false => save(b, dir, rel, text, what),
        }
        assert_eq!(
            b.shared.status().out.unwrap(),
            out,
            "{what}: in place, not a full build"
        );
    }

    /// A `robots.txt` of the site's own, new or gone, is left to the full
    /// build: samizdat's own is written where the site has none.
    #[test]
    fn a_robots_txt_of_the_site_s_own_is_left_to_the_full_build() {
        let (dir, mut b) = built();
        let d = dir.path();
        assert!(matches!(plan(&b, &["content/robots.txt"]), Plan::Full));
        assert!(matches!(plan(&b, &["static/robots.txt"]), Plan::Full));
        let out = || b.shared.status().out.unwrap().join("robots.txt");
        let ours = read_text(&out()).unwrap();
        assert!(ours.contains("User-agent: *\nAllow: /"), "{ours}");
        let own = "User-agent: *\nDisallow: /\n";
        save(&mut b, d, "content/robots.txt", own, "the site's own robots.txt");
        assert_eq!(
            read_text(&b.shared.status().out.unwrap().join("robots.txt")).unwrap(),
            own
        );
        std::fs::remove_file(b.opts.root.join("content/robots.txt")).unwrap();
        apply(&mut b, &["content/robots.txt"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-robots"), "its own gone");
        assert_eq!(
            read_text(&b.shared.status().out.unwrap().join("robots.txt")).unwrap(),
            ours
        );
    }

    /// The text of an author's page: new, its page and the index (which
    /// lists its description) are rendered again, in place; saved with
    /// new words and the same front matter, its page alone, as is the
    /// index's for its own text; a new description, its page and the
    /// index; its page, rendered again in place when what its links lead
    /// to changes, shows it as a full build does, problems and all; once
    /// no text has the author, the text is warned of as shown by no page,
    /// until one has again; and a text deleted, or made a draft, is taken
    /// off its page in place, its links and problems with it.
    #[test]
    fn the_text_of_an_author_s_page_is_followed() {
        let (dir, mut b) = built();
        let d = dir.path();
        let by_ada = ONE.replace("weight: 1", "weight: 1\nauthor: Ada Pell");
        save(&mut b, d, "content/notes/one.md", &by_ada, "an author");
        let bio = "---\ndescription: A printer.\ndate: 1950\n---\n\nShe wrote [two](../notes/two.md).\n";
        save_in_place(
            &mut b,
            d,
            "content/authors/ada-pell.md",
            bio,
            "a text of an author's page",
        );
        let out = b.shared.status().out.unwrap();
        assert!(read_text(&out.join("authors/ada-pell/index.html"))
            .unwrap()
            .contains("She wrote"));
        let problems = b.shared.status().errors;
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("ada-pell.md:3:1: warning: `date` is not read"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("ada-pell.md:6:") && problems[1].contains("`../notes/two.md`"),
            "{problems:?}"
        );

        // Its words alone: in place, its problems as they were, and one
        // more of a link new in it.
        let rewritten = bio.replace("She wrote", "She printed [a tract](../notes/tract.md) and");
        save_in_place(&mut b, d, "content/authors/ada-pell.md", &rewritten, "its words");
        assert!(read_text(&out.join("authors/ada-pell/index.html"))
            .unwrap()
            .contains("She printed"));
        let problems = b.shared.status().errors;
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[1].contains("`../notes/tract.md`"), "{problems:?}");
        save_in_place(&mut b, d, "content/authors/ada-pell.md", bio, "its words again");
        assert_eq!(b.shared.status().errors.len(), 2);
        // The index's text: new, and its words, in place.
        let index = "---\ndescription: Who wrote here.\n---\n\nThe *writers*.\n";
        save_in_place(&mut b, d, "content/authors/_index.md", index, "the index's text");
        let index = index.replace("*writers*", "*printers*");
        save_in_place(&mut b, d, "content/authors/_index.md", &index, "the index's words");
        assert!(read_text(&out.join("authors/index.html"))
            .unwrap()
            .contains("<em>printers</em>"));
        // A new description: its page and the index (which shows it).
        let described = bio.replace("A printer.", "A printer and binder.");
        write(&b.opts.root, "content/authors/ada-pell.md", &described);
        let Plan::Partial(edits) = plan(&b, &["content/authors/ada-pell.md"]) else {
            panic!("a new description is followed in place");
        };
        let ada = (Kind::Authors, "ada-pell".to_string());
        assert_eq!(edits.term_texts, BTreeSet::from([(Kind::Authors, String::new()), ada]));
        // Saved with an article's new metadata, which may give or take
        // away the page it is on: the full build's.
        write(
            &b.opts.root,
            "content/notes/one.md",
            &by_ada.replace("Ada Pell", "Ada Pell\ntags: [print]"),
        );
        let both = ["content/authors/ada-pell.md", "content/notes/one.md"];
        assert_eq!(plan(&b, &both), Plan::Full);
        write(&b.opts.root, "content/notes/one.md", &by_ada);
        save_in_place(&mut b, d, "content/authors/ada-pell.md", &described, "described");
        assert!(read_text(&out.join("authors/index.html"))
            .unwrap()
            .contains("A printer and binder."));
        // A draft: no page shows it, nor its problems (in place); then
        // published again.
        let draft = described.replace("---\n\n", "draft: true\n---\n\n");
        save_in_place(&mut b, d, "content/authors/ada-pell.md", &draft, "a draft");
        assert!(!read_text(&out.join("authors/ada-pell/index.html"))
            .unwrap()
            .contains("She wrote"));
        assert_shows_none(&b);
        save_in_place(&mut b, d, "content/authors/ada-pell.md", &described, "published again");
        assert_eq!(b.shared.status().errors.len(), 2);
        std::fs::remove_file(b.opts.root.join("content/authors/_index.md")).unwrap();
        apply(&mut b, &["content/authors/_index.md"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-index-text-gone"), "the index's text gone");
        save(&mut b, d, "content/authors/ada-pell.md", bio, "as it was");
        let out = b.shared.status().out.unwrap();

        // The text it links to, new: its page again, in place, with its
        // problem gone and the other kept.
        let two = "---\ntitle: Two\nweight: 2\n---\n\nBody two.\n";
        save_in_place(&mut b, d, "content/notes/two.md", two, "the text linked to");
        assert_shows_one(&b, &["ada-pell.md:3:1: warning: `date` is not read"]);
        // Retitled: the link's title follows.
        save_in_place(
            &mut b,
            d,
            "content/notes/two.md",
            &two.replace("Two", "Zwei"),
            "retitled",
        );
        assert!(read_text(&out.join("authors/ada-pell/index.html"))
            .unwrap()
            .contains("title=\"Zwei\""));

        // Her last text anonymous: no page shows it, and a warning says so.
        save(&mut b, d, "content/notes/one.md", ONE, "anonymous");
        assert_shows_one(
            &b,
            &["ada-pell.md: warning: not shown: no text of the site has the author"],
        );
        save(&mut b, d, "content/notes/one.md", &by_ada, "hers again");
        assert_eq!(b.shared.status().errors.len(), 1);
        // The text mended, then gone.
        save(
            &mut b,
            d,
            "content/authors/ada-pell.md",
            &bio.replace("date: 1950\n", ""),
            "mended",
        );
        assert_shows_none(&b);
        save_in_place(&mut b, d, "content/authors/ada-pell.md", "", "the text gone");
        assert!(!read_text(&out.join("authors/ada-pell/index.html"))
            .unwrap_or_default()
            .contains("She wrote"));

        // The folder gone, and made again with a text in it, each seen
        // as the folder alone: in place.
        let out = b.shared.status().out.unwrap();
        let authors = b.opts.root.join("content/authors");
        let _ = std::fs::remove_dir_all(&authors);
        apply(&mut b, &["content/authors"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-folder-gone"), "the folder gone");
        std::fs::create_dir(&authors).unwrap();
        std::fs::write(authors.join("ada-pell.md"), bio).unwrap();
        apply(&mut b, &["content/authors"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-folder-new"), "the folder new");
        assert_eq!(b.shared.status().out.unwrap(), out, "the folder: in place");
        assert!(read_text(&out.join("authors/ada-pell/index.html"))
            .unwrap()
            .contains("She wrote"));
    }

    /// A text that no page shows is warned of with the nearest name the
    /// site has, as names come and go with articles saved in place.
    #[test]
    fn a_text_no_page_shows_is_warned_of_with_the_names_there_now_are() {
        let (dir, mut b) = built();
        let d = dir.path();
        let slip = "---\ndescription: A printer.\n---\n\nShe wrote.\n";
        save(&mut b, d, "content/authors/ada-pel.md", slip, "a slip");
        assert_shows_one(&b, &["ada-pel.md: warning: not shown"]);
        assert!(!b.shared.status().errors[0].contains("did you mean"));
        // Ada Pell now an author, in place: the warning names her.
        let by_ada = ONE.replace("weight: 1", "weight: 1\nauthor: Ada Pell");
        save_in_place(&mut b, d, "content/notes/one.md", &by_ada, "a name near the slip");
        assert_shows_one(&b, &["ada-pel.md: warning: not shown", "did you mean `ada-pell.md`?"]);
        save_in_place(&mut b, d, "content/notes/one.md", ONE, "the name gone");
        assert_shows_one(&b, &["ada-pel.md: warning: not shown"]);
        assert!(!b.shared.status().errors[0].contains("did you mean"));
    }

    /// An article as the random edits below keep it.
    #[derive(Clone)]
    struct Model {
        title: String,
        weight: i64,
        date: u32,
        slug: Option<String>,
        draft: bool,
        /// From [`TAGS`].
        tags: Vec<&'static str>,
        /// From [`AUTHORS`] (none: anonymous).
        authors: Vec<&'static str>,
        /// From [`TRANSLATORS`].
        translators: Vec<&'static str>,
        /// Old addresses: `was/<its file's path>/`, and that `.html`
        /// (no other article's).
        aliases: Vec<String>,
        /// Its own language (`en` is the site's), if it has one.
        lang: Option<&'static str>,
        /// The article it translates, by its Markdown file from this one's
        /// (one since deleted, or itself: a warning).
        translation_of: Option<String>,
        /// Whether it shows its contents, if it says.
        toc: Option<bool>,
        /// What its title is filed as, if not as written.
        sort_title: Option<&'static str>,
        /// Its cover: a figure of op 11's beside it (which comes and
        /// goes), or one of another folder's.
        cover: Option<&'static str>,
        /// When it was last revised (`updated`, `20YY-06-01`), now and
        /// then before its date (a warning).
        updated: Option<u32>,
        body: String,
        broken: Option<Broken>,
        /// Given another article's address (two pages at one address):
        /// the slug it had before, for op 12 to give back.
        clash: Option<Option<String>>,
    }

    /// How the random edits break an article.
    #[derive(Clone, Copy, PartialEq)]
    enum Broken {
        /// A note referenced and never written: a warning (shown, as a
        /// full build shows it; the site is not broken).
        Note,
        /// Front matter that is not YAML: only a full build reports it.
        FrontMatter,
    }

    /// The tags the random edits give: two spellings of one tag, and one
    /// with no page (a warning).
    const TAGS: [&str; 5] = ["mutual aid", "Mutual-Aid", "print", "tools", "--"];

    /// The authors the random edits give: two spellings of one name, and
    /// one that collates under E but would sort after Z by code points.
    const AUTHORS: [&str; 4] = ["Ada Pell", "ada pell", "Jun Aldana", "Élisée Reclus"];

    /// The translators the random edits give: two spellings of one name.
    const TRANSLATORS: [&str; 2] = ["Tomás Ferrier", "tomás ferrier"];

    impl Model {
        /// A published article at its file's address.
        fn new(title: String, weight: i64, date: u32, body: String) -> Self {
            Model {
                title,
                weight,
                date,
                slug: None,
                draft: false,
                tags: vec![TAGS[date as usize % 4]],
                authors: vec![AUTHORS[date as usize % 3]],
                translators: Vec::new(),
                aliases: Vec::new(),
                lang: None,
                translation_of: None,
                toc: None,
                sort_title: None,
                cover: None,
                updated: None,
                body,
                broken: None,
                clash: None,
            }
        }

        fn text(&self) -> String {
            let mut t = format!(
                "---\ntitle: {}\nweight: {}\ndate: 20{:02}-01-01\n",
                self.title, self.weight, self.date
            );
            if let Some(slug) = &self.slug {
                t.push_str(&format!("slug: {slug}\n"));
            }
            if self.draft {
                t.push_str("draft: true\n");
            }
            if !self.aliases.is_empty() {
                t.push_str(&format!("aliases: [{}]\n", self.aliases.join(", ")));
            }
            if let Some(lang) = self.lang {
                t.push_str(&format!("lang: {lang}\n"));
            }
            if let Some(original) = &self.translation_of {
                t.push_str(&format!("translation_of: {original}\n"));
            }
            if let Some(toc) = self.toc {
                t.push_str(&format!("toc: {toc}\n"));
            }
            if let Some(filed) = self.sort_title {
                t.push_str(&format!("sort_title: \"{filed}\"\n"));
            }
            if let Some(cover) = self.cover {
                t.push_str(&format!("cover: {cover}\n"));
            }
            if let Some(updated) = self.updated {
                t.push_str(&format!("updated: 20{updated:02}-06-01\n"));
            }
            if !self.authors.is_empty() {
                let quoted: Vec<String> = self.authors.iter().map(|t| format!("\"{t}\"")).collect();
                t.push_str(&format!("author: [{}]\n", quoted.join(", ")));
            }
            if !self.translators.is_empty() {
                let quoted: Vec<String> = self.translators.iter().map(|t| format!("\"{t}\"")).collect();
                t.push_str(&format!("translator: [{}]\n", quoted.join(", ")));
            }
            if !self.tags.is_empty() {
                let quoted: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
                t.push_str(&format!("tags: [{}]\n", quoted.join(", ")));
            }
            if self.broken == Some(Broken::FrontMatter) {
                t.push_str("tags: [unclosed\n");
            }
            t += "---\n\n";
            t += &self.body;
            if self.broken == Some(Broken::Note) {
                t += " Broken[^nope].";
            }
            t + "\n"
        }
    }

    #[test]
    fn random_batches_of_edits_in_place_match_a_full_build() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // The body cache's file copied afresh whenever half of it is
        // bodies replaced, not only past megabytes of them.
        b.bodies.as_mut().expect("a body cache").compact_eagerly();
        // An article now and then broken (see `Broken`) and mended:
        // meanwhile the last good build stays served. Warnings (a note
        // never defined, a link to an address with nothing there) do not
        // break the site: the ones shown must be a full build's.
        // A fixed sequence of "random" numbers (an LCG): the same steps on
        // every run, so a failure names a step that can be replayed. Other
        // sequences, for a longer search: SAMIZDAT_RANDOM_EDITS=seed,steps
        // (and SAMIZDAT_RANDOM_EDITS_SAY=1 to list each step's edits and
        // whether they were followed in place or by a full build).
        let knob = std::env::var("SAMIZDAT_RANDOM_EDITS").unwrap_or_default();
        let mut knob = knob.split(',').map(|n| n.trim().parse::<u64>().ok());
        let mut seed: u64 = knob.next().flatten().unwrap_or(0x5eed_2026);
        let steps = knob.next().flatten().unwrap_or(60) as usize;
        let mut rand = move |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let sections = ["notes", "dated", "other"];
        write(
            &root,
            "content/dated/_index.md",
            "---\ntitle: Dated\nsort_by: date\n---\n",
        );
        write(&root, "content/other/_index.md", "---\ntitle: Other\n---\n");
        std::fs::remove_file(root.join("content/notes/one.md")).unwrap();
        let mut articles: BTreeMap<String, Model> = BTreeMap::new();
        let mut names = 0;
        // Article number `n` written into section `s`; its file, relative
        // to the root.
        let add = |articles: &mut BTreeMap<String, Model>, s: &str, n: i64| -> String {
            let m = Model::new(format!("Text {n}"), n, 10 + n as u32, format!("Body {n}."));
            let rel = format!("content/{s}/t{n}.md");
            write(&root, &rel, &m.text());
            articles.insert(rel.clone(), m);
            rel
        };
        for s in sections {
            for _ in 0..3 {
                names += 1;
                add(&mut articles, s, names);
            }
        }
        // With EPUB editions, which follow their print pages and texts,
        // and an index of titles.
        write(
            &root,
            "book.toml",
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/t/\"\n[print]\nepub = true\nepub_texts = true\n\
             [titles]\npath = \"titles\"\n",
        );
        b.full();
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-start"), "start");
        let mut last_good = files(&b.shared.status().out.unwrap());
        let mut last_good_folders = folders(&b.shared.status().out.unwrap());

        // Where an article is served now, for links (drafts are not).
        let url = |rel: &str, m: &Model| {
            let section = rel.split('/').nth(1).unwrap();
            let stem = Path::new(rel).file_stem().unwrap().to_string_lossy().into_owned();
            format!("../../{section}/{}/", m.slug.clone().unwrap_or(stem))
        };
        let (mut in_place, mut good) = (0, 0);
        let mut slugs = 0;
        // A section's `_index.md` broken by op 20, with its text as it was.
        let mut broken_index: Option<(String, String)> = None;
        // A folder `print/` or a file `index.html` put where a section's
        // print page or page goes, by op 21, until it goes again.
        let mut over_a_page: Option<String> = None;
        let (mut broken_steps, mut broken_in_place, mut mended_by_full_builds) = (0, 0, 0);
        for step in 0..steps {
            let mut paths = Vec::new();
            let mut said = Vec::new();
            for _ in 0..1 + rand(3) {
                if articles.is_empty() {
                    // Every article deleted: one comes back, for the ops
                    // to work on.
                    names += 1;
                    let rel = add(&mut articles, "notes", names);
                    said.push(format!("new {rel}"));
                    paths.push(rel);
                }
                let keys: Vec<String> = articles.keys().cloned().collect();
                let rel = keys[rand(keys.len())].clone();
                // On a broken site, mostly what it does not judge in full
                // (new metadata builds everything once it is mended).
                let broken_site = broken_index.is_some()
                    || over_a_page.is_some()
                    || articles.values().any(|a| a.broken.is_some() || a.clash.is_some());
                let op = match broken_site {
                    // Also what builds everything (a template, a static
                    // file, `book.toml`, the home page), which then
                    // fails: followed in place after.
                    true => [11, 11, 13, 13, 12, 20, 21, rand(15), 15 + rand(5)][rand(9)],
                    false => rand(23),
                };
                let mut m = articles[&rel].clone();
                match op {
                    // (Under letters of their own now and then, for the
                    // index of titles, or filed otherwise; with an
                    // article, filed in the text's language: `Le Zèle` under
                    // Z in French, L in English, `The Zeal` the other way.)
                    0 => {
                        let first = ["Retitled", "Retitled", "¡Zeal", "Élan", "Le Zèle", "The Zeal"][rand(6)];
                        m.title = format!("{first} {step}");
                        m.sort_title = [None, None, None, Some("Zulu"), Some("“Alpha")][rand(5)];
                    }
                    1 => m.weight = rand(20) as i64 - 5,
                    2 if rand(6) == 0 => {
                        // A translation of another article, now and then
                        // of itself (a warning), or of none.
                        let original = &keys[rand(keys.len())];
                        m.translation_of = (rand(4) != 0).then(|| {
                            let section = original.split('/').nth(1).unwrap();
                            let file = Path::new(original).file_name().unwrap().to_string_lossy();
                            format!("../{section}/{file}")
                        });
                    }
                    2 if rand(6) == 0 => m.toc = [None, Some(true), Some(false)][rand(3)],
                    2 if rand(6) == 0 => {
                        m.cover = [None, Some("fig 0.svg"), Some("fig 1.svg"), Some("../notes/pic.svg")][rand(4)]
                    }
                    2 if rand(6) == 0 => m.updated = [None, Some(5), Some(29)][rand(3)],
                    2 if rand(2) == 0 => m.tags = (0..rand(3)).map(|_| TAGS[rand(TAGS.len())]).collect(),
                    2 if rand(2) == 0 => m.authors = (0..rand(3)).map(|_| AUTHORS[rand(AUTHORS.len())]).collect(),
                    2 if rand(2) == 0 => {
                        m.translators = (0..rand(3)).map(|_| TRANSLATORS[rand(TRANSLATORS.len())]).collect()
                    }
                    2 if rand(3) == 0 => {
                        let was = format!("was/{}", rel.trim_end_matches(".md").replace('/', "-"));
                        m.aliases = [
                            vec![],
                            vec![format!("{was}/")],
                            vec![format!("{was}.html"), format!("{was}/")],
                        ][rand(3)]
                        .clone();
                    }
                    2 if rand(4) == 0 => m.lang = [None, Some("fr"), Some("en")][rand(3)],
                    2 => m.date = rand(30) as u32,
                    3 if rand(4) == 0 && articles.values().all(|a| a.clash.is_none()) => {
                        // Now and then another article's address in its
                        // section (op 12 gives the slug back).
                        let section = |k: &str| Path::new(k).parent().map(Path::to_path_buf);
                        let others: Vec<(&String, &Model)> = articles
                            .iter()
                            .filter(|(k, _)| **k != rel && section(k) == section(&rel))
                            .collect();
                        if let Some((k, o)) = others.get(rand(others.len().max(1))) {
                            let stem = Path::new(k.as_str())
                                .file_stem()
                                .unwrap()
                                .to_string_lossy()
                                .into_owned();
                            m.clash = Some(m.slug.take());
                            m.slug = Some(o.slug.clone().unwrap_or(stem));
                        }
                    }
                    3 => {
                        m.slug = if m.slug.is_some() && rand(2) == 0 {
                            None
                        } else {
                            slugs += 1;
                            Some(format!("moved-{slugs}"))
                        }
                    }
                    4 => m.draft = !m.draft,
                    12 if articles.values().any(|a| a.clash.is_some()) => {
                        // Two pages at one address: the slug given back.
                        let (k, mut o) = articles
                            .iter()
                            .find(|(_, a)| a.clash.is_some())
                            .map(|(k, a)| (k.clone(), a.clone()))
                            .unwrap();
                        o.slug = o.clash.take().unwrap();
                        write(&root, &k, &o.text());
                        articles.insert(k.clone(), o);
                        said.push(format!("unclash {k}"));
                        paths.push(k);
                        continue;
                    }
                    12 => {
                        // Broken now and then; a broken one mended first.
                        let broken = articles
                            .iter()
                            .find(|(_, a)| a.broken.is_some())
                            .map(|(k, _)| k.clone());
                        match broken {
                            Some(other) if other != rel => {
                                let mut o = articles[&other].clone();
                                o.broken = None;
                                write(&root, &other, &o.text());
                                articles.insert(other.clone(), o);
                                said.push(format!("mend {other}"));
                                paths.push(other);
                                continue;
                            }
                            Some(_) => m.broken = None,
                            None if rand(2) == 0 => m.broken = Some([Broken::Note, Broken::FrontMatter][rand(2)]),
                            None => {}
                        }
                    }
                    5 => {
                        // Deleted (unless it is the last file left).
                        if articles.len() > 1 {
                            std::fs::remove_file(root.join(&rel)).unwrap();
                            articles.remove(&rel);
                            said.push(format!("delete {rel}"));
                            paths.push(rel);
                            continue;
                        }
                    }
                    6 => {
                        // A new article beside it.
                        names += 1;
                        let section = rel.split('/').nth(1).unwrap();
                        let new = format!("content/{section}/t{names}.md");
                        let mut n = Model::new(
                            format!("New {names}"),
                            rand(10) as i64,
                            rand(30) as u32,
                            format!("New body {names}."),
                        );
                        // Now and then saved broken (op 12 mends it).
                        if rand(6) == 0 && articles.values().all(|a| a.broken.is_none()) {
                            n.broken = Some([Broken::Note, Broken::FrontMatter][rand(2)]);
                        }
                        write(&root, &new, &n.text());
                        articles.insert(new.clone(), n);
                        said.push(format!("new {new}"));
                        paths.push(new);
                        continue;
                    }
                    8 => {
                        // A new folder: an issue with an intro or without,
                        // one or two articles, sometimes a part inside.
                        names += 1;
                        let folder = format!("content/{}/f{names}", sections[rand(3)]);
                        // Now and then something in it saved broken (ops
                        // 20 and 12 mend it).
                        let mut one_broken = rand(4) == 0;
                        if rand(2) == 0 {
                            // Now and then a draft: held back.
                            let draft = ["", "", "draft: true\n"][rand(3)];
                            let index = format!("{folder}/_index.md");
                            let good = format!("---\ntitle: Folder {names}\n{draft}---\n");
                            let mut text = good.clone();
                            if std::mem::take(&mut one_broken) && broken_index.is_none() {
                                text = good.replacen("---\n", "---\nbroken: [unclosed\n", 1);
                                broken_index = Some((index.clone(), good));
                            }
                            write(&root, &index, &text);
                        }
                        for part in ["", "/part"].iter().take(1 + rand(2)) {
                            for _ in 0..1 + rand(2) {
                                names += 1;
                                let new = format!("{folder}{part}/t{names}.md");
                                let mut n = Model::new(
                                    format!("Filed {names}"),
                                    rand(10) as i64,
                                    rand(30) as u32,
                                    format!("Filed body {names}."),
                                );
                                if std::mem::take(&mut one_broken) && articles.values().all(|a| a.broken.is_none()) {
                                    n.broken = Some([Broken::Note, Broken::FrontMatter][rand(2)]);
                                }
                                write(&root, &new, &n.text());
                                articles.insert(new, n);
                            }
                        }
                        said.push(format!("folder {folder}"));
                        paths.push(folder);
                        continue;
                    }
                    9 => {
                        // A folder made by step 8 deleted whole, if any.
                        let folders: BTreeSet<String> = articles
                            .keys()
                            .filter_map(|k| {
                                let at = k.find("/f")?;
                                let end = k[at + 1..].find('/')? + at + 1;
                                Some(k[..end].to_string())
                            })
                            .collect();
                        if let Some(folder) = folders.iter().nth(rand(folders.len().max(1))).cloned() {
                            if broken_index
                                .as_ref()
                                .is_some_and(|(b, _)| b.starts_with(&format!("{folder}/")))
                            {
                                broken_index = None;
                            }
                            std::fs::remove_dir_all(root.join(&folder)).unwrap();
                            articles.retain(|k, _| !k.starts_with(&format!("{folder}/")));
                            said.push(format!("delete {folder}"));
                            paths.push(folder);
                            continue;
                        }
                    }
                    11 => {
                        // An image beside the article: new, rewritten, or
                        // deleted.
                        let folder = Path::new(&rel).parent().unwrap().to_string_lossy().into_owned();
                        let image = format!("{folder}/fig {}.svg", rand(2));
                        if root.join(&image).exists() && rand(2) == 0 {
                            std::fs::remove_file(root.join(&image)).unwrap();
                            said.push(format!("delete {image}"));
                        } else {
                            write(&root, &image, &format!("<svg><!-- {step} --></svg>"));
                            said.push(format!("image {image}"));
                        }
                        paths.push(image);
                        continue;
                    }
                    10 => {
                        // A section's `_index.md` deleted (op 7 writes it
                        // again).
                        let index = format!("content/{}/_index.md", sections[rand(sections.len())]);
                        if root.join(&index).exists() {
                            if broken_index.as_ref().is_some_and(|(b, _)| *b == index) {
                                broken_index = None;
                            }
                            std::fs::remove_file(root.join(&index)).unwrap();
                            said.push(format!("delete {index}"));
                            paths.push(index);
                            continue;
                        }
                    }
                    15 => {
                        // A template: the section listing's (in place) or
                        // an article's (everything), marked or deleted (the
                        // theme's comes back).
                        let (rel, from, at) = match rand(4) {
                            0 => ("templates/article.html", theme_template("article.html"), "<article "),
                            _ => (
                                "templates/partials/page_item.html",
                                theme_template("partials/page_item.html"),
                                "<li class=\"page-item\"",
                            ),
                        };
                        if root.join(rel).exists() && rand(2) == 0 {
                            std::fs::remove_file(root.join(rel)).unwrap();
                            said.push(format!("delete {rel}"));
                        } else {
                            write(&root, rel, &from.replacen(at, &format!("{at} data-step=\"{step}\""), 1));
                            said.push(format!("template {rel}"));
                        }
                        paths.push(rel.to_string());
                        continue;
                    }
                    16 => {
                        // A static file: the site's stylesheet rewritten, or
                        // a font new or deleted.
                        let rel = ["static/extra.css", "static/fonts/f.woff2"][rand(2)];
                        if rel.ends_with("woff2") && root.join(rel).exists() {
                            std::fs::remove_file(root.join(rel)).unwrap();
                            said.push(format!("delete {rel}"));
                        } else {
                            write(&root, rel, &format!("/* {step} */"));
                            said.push(format!("static {rel}"));
                        }
                        paths.push(rel.to_string());
                        continue;
                    }
                    18 => {
                        // Moved to another section's folder (a rename
                        // across folders), under its name or a new one.
                        let file = Path::new(&rel).file_name().unwrap().to_string_lossy().into_owned();
                        let to_section = sections[rand(sections.len())];
                        let to = match rand(2) {
                            0 => format!("content/{to_section}/{file}"),
                            _ => {
                                names += 1;
                                format!("content/{to_section}/t{names}.md")
                            }
                        };
                        if to != rel && !root.join(&to).exists() {
                            std::fs::create_dir_all(root.join(&to).parent().unwrap()).unwrap();
                            std::fs::rename(root.join(&rel), root.join(&to)).unwrap();
                            let moved = articles.remove(&rel).unwrap();
                            articles.insert(to.clone(), moved);
                            said.push(format!("move {rel} to {to}"));
                            paths.push(rel);
                            paths.push(to);
                            continue;
                        }
                    }
                    20 => {
                        // A section's `_index.md` broken, or mended as it
                        // was.
                        let (index, text) = match broken_index.take() {
                            Some(was) => was,
                            // Now and then.
                            None if rand(3) != 0 => continue,
                            None => {
                                // A section's, or a folder's made by op 8
                                // (held back or not).
                                let folders = articles.keys().filter_map(|k| {
                                    let at = k.find("/f")?;
                                    let end = k[at + 1..].find('/')? + at + 1;
                                    Some(format!("{}/_index.md", &k[..end]))
                                });
                                let sections = sections.iter().map(|s| format!("content/{s}/_index.md"));
                                let indexes: Vec<String> = sections.chain(folders).collect();
                                let index = indexes[rand(indexes.len())].clone();
                                let Ok(good) = std::fs::read_to_string(root.join(&index)) else {
                                    continue;
                                };
                                broken_index = Some((index.clone(), good.clone()));
                                (index, good.replacen("---\n", "---\nbroken: [unclosed\n", 1))
                            }
                        };
                        write(&root, &index, &text);
                        said.push(format!("broken or mended {index}"));
                        paths.push(index);
                        continue;
                    }
                    21 => {
                        // Over a section's print page or page: a folder
                        // `print/` with an article, or a file
                        // `index.html`; or that taken away again.
                        match over_a_page.take() {
                            Some(rel) => {
                                let path = root.join(&rel);
                                if path.is_dir() {
                                    std::fs::remove_dir_all(path).unwrap();
                                } else if path.exists() {
                                    std::fs::remove_file(path).unwrap();
                                }
                                said.push(format!("delete {rel}"));
                                paths.push(rel);
                            }
                            None => {
                                let s = sections[rand(sections.len())];
                                let rel = match rand(2) {
                                    0 => {
                                        let folder = format!("content/{s}/print");
                                        write(&root, &format!("{folder}/p.md"), "---\ntitle: P\n---\n\nP.\n");
                                        folder
                                    }
                                    _ => {
                                        let file = format!("content/{s}/index.html");
                                        write(&root, &file, "<p>Not the section's page.</p>");
                                        file
                                    }
                                };
                                said.push(format!("over a page: {rel}"));
                                paths.push(rel.clone());
                                over_a_page = Some(rel);
                            }
                        }
                        continue;
                    }
                    19 => {
                        // The site's settings: everything is built again;
                        // sometimes with settings that shape the bodies.
                        let mut text = format!("[site]\ntitle = \"T\"\ndescription = \"At {step}.\"\n");
                        text += "[print]\n";
                        text += [
                            "epub = true\nepub_texts = true\n",
                            "epub_texts = true\n",
                            "epub = true\n",
                            "",
                        ][rand(4)];
                        if rand(2) == 0 {
                            text += "notes = \"end\"\n";
                        }
                        if rand(2) == 0 {
                            text += "[annotations.ed]\nmarkers = [\"ed.\"]\nlabel = \"Eds\"\n";
                        }
                        if rand(4) > 0 {
                            text += "[titles]\npath = \"titles\"\n";
                        }
                        write(&root, "book.toml", &text);
                        said.push("book.toml".to_string());
                        paths.push("book.toml".to_string());
                        continue;
                    }
                    17 => {
                        // The home page: its text and description (in
                        // place), now and then its title (everything).
                        let title = ["Home", "Home", "Home", "Front"][rand(4)];
                        let text = format!("---\ntitle: {title}\ndescription: At {step}.\n---\n\nWelcome, {step}.\n");
                        write(&root, "content/_index.md", &text);
                        said.push(format!("home {title}"));
                        paths.push("content/_index.md".to_string());
                        continue;
                    }
                    7 => {
                        // A section's title, order or weight, or its whole
                        // folder held back as a draft (and out again).
                        let s = sections[rand(sections.len())];
                        let index = format!("content/{s}/_index.md");
                        let sort = ["", "sort_by: date\n", "sort_by: title\n"][rand(3)];
                        let draft = ["", "", "", "draft: true\n"][rand(4)];
                        // Often the same title (then only the listings
                        // above and the order show the edit).
                        let title = ["", " again"][rand(2)];
                        let description =
                            ["", "description: Step {step}.\n"][rand(2)].replace("{step}", &step.to_string());
                        // Now and then in another language, which the
                        // texts below take.
                        let lang = ["", "", "lang: fr\n"][rand(3)];
                        let mut text = format!(
                            "---\ntitle: {s}{title}\nweight: {}\n{sort}{description}{lang}{draft}---\n\nAbout {s}, step {step}.\n",
                            rand(5)
                        );
                        // Now and then emptied (a save seen halfway).
                        if rand(2) == 0 {
                            text.clear();
                        }
                        if broken_index.as_ref().is_some_and(|(b, _)| *b == index) {
                            broken_index = None;
                        }
                        write(&root, &index, &text);
                        said.push(format!("section {index}"));
                        paths.push(index);
                        continue;
                    }
                    22 => {
                        // The text of an author's or a tag's page, or of
                        // the tags' index: new, its words alone rewritten,
                        // its description new, a draft, or deleted;
                        // linking to an article (its page, or its file
                        // from the text's folder), which comes and goes;
                        // with a heading that articles link to (below).
                        let text = [
                            "content/authors/ada-pell.md",
                            "content/tags/print.md",
                            "content/tags/_index.md",
                        ][rand(3)];
                        let mut how = "";
                        if root.join(text).exists() && rand(6) == 0 {
                            std::fs::remove_file(root.join(text)).unwrap();
                            how = " deleted";
                        } else {
                            let (to, tm) = articles.iter().nth(rand(articles.len())).unwrap();
                            let page = match text.ends_with("_index.md") {
                                true => url(to, tm)["../".len()..].to_string(),
                                false => url(to, tm),
                            };
                            // (Mostly the description it had: a new one is
                            // listed in the index too.)
                            let description = ["A printer.", "A printer and binder."][usize::from(rand(3) == 0)];
                            let draft = ["", "draft: true\n"][usize::from(rand(6) == 0)];
                            if !draft.is_empty() {
                                how = " a draft";
                            }
                            let heading = ["", "## Works\n\n"][rand(2)];
                            write(
                                &root,
                                text,
                                &format!(
                                    "---\ndescription: {description}\n{draft}---\n\n{heading}Step {step}: \
                                     [a text]({page}), [as written](../{}).\n",
                                    &to["content/".len()..]
                                ),
                            );
                        }
                        said.push(format!("term text {text}{how}"));
                        paths.push(text.to_string());
                        continue;
                    }
                    _ => {
                        // A body linking to other articles and a section.
                        let mut body = format!("Step {step}.");
                        for _ in 0..rand(3) {
                            let (to, tm) = articles.iter().nth(rand(articles.len())).unwrap();
                            body.push_str(&format!(" See [this]({}).", url(to, tm)));
                        }
                        if rand(2) == 0 {
                            body.push_str(&format!(" Or [a section](../../{}/).", sections[rand(3)]));
                        }
                        // A heading of a page's text that comes and goes
                        // (op 22).
                        if rand(4) == 0 {
                            let up = "../".repeat(Path::new(&rel).components().count() - 1);
                            body.push_str(&format!(" Her [works]({up}authors/ada-pell/#works)."));
                        }
                        // From the Markdown file's folder, as editors'
                        // previews read them: another article's `.md` (a
                        // draft's is a warning) and the images of op 11,
                        // which come and go; and an image from the page.
                        if rand(2) == 0 {
                            let up = "../".repeat(Path::new(&rel).parent().unwrap().components().count() - 1);
                            let to = articles.keys().nth(rand(articles.len())).unwrap();
                            body.push_str(&format!(" As [written]({up}{}).", &to["content/".len()..]));
                            // Its folder too (the folders of op 8 come and go).
                            let folder = Path::new(&to["content/".len()..])
                                .parent()
                                .unwrap()
                                .to_string_lossy()
                                .into_owned();
                            body.push_str(&format!(" [Its folder]({up}{folder}/)."));
                            body.push_str(&format!(" ![A figure](fig%20{}.svg)", rand(2)));
                            body.push_str(&format!(" ![Served](../fig%20{}.svg)", rand(2)));
                            body.push_str(&format!(" <img src=\"fig%20{}.svg\" alt=\"\">", rand(2)));
                        }
                        // Notes and an interjection: the article's own
                        // marks, and its section's print page.
                        if rand(2) == 0 {
                            body.push_str(" Noted[^1] [ed. – and remarked].\n\n[^1]: A note.");
                        } else if rand(2) == 0 {
                            body.push_str(" Noted[^1].\n\n[^1]: ed. – An editor's note.");
                        }
                        // Addresses with nothing there yet: the next new
                        // article's, the next new slug's (each a warning
                        // until an article is there).
                        if rand(2) == 0 {
                            let s = sections[rand(3)];
                            body.push_str(&format!(" Soon [one](../../{s}/t{}/)", names + 1));
                            body.push_str(&format!(" and [two](../../{s}/moved-{}/).", slugs + 1));
                        }
                        // A place on another page, and a heading of its
                        // own (places come and go with the bodies).
                        if rand(2) == 0 {
                            let (to, tm) = articles.iter().nth(rand(articles.len())).unwrap();
                            let place = format!("{}#part-{}", url(to, tm), rand(2));
                            match rand(2) {
                                0 => body.push_str(&format!(" At [a part]({place}).")),
                                _ => body.push_str(&format!(" At <a href=\"{place}\">a part</a>.")),
                            }
                        }
                        if rand(2) == 0 {
                            body.push_str(&format!("\n\n## Part {}\n\nMore.", rand(2)));
                        }
                        // A tag's page, which comes and goes with the
                        // articles' tags, and the index of the tags.
                        if rand(3) == 0 {
                            let slug = ["mutual-aid", "tools", "print"][rand(3)];
                            body.push_str(&format!(" On [a tag](../../tags/{slug}/) of [all](../../tags/)."));
                            let slug = ["ada-pell", "jun-aldana"][rand(2)];
                            body.push_str(&format!(" By [one](../../authors/{slug}/) of [all](../../authors/)."));
                        }
                        // An author's anchor: a heading leaves its id alone.
                        if rand(3) == 0 {
                            body.push_str(" <a id=\"part-1\"></a>");
                        }
                        m.body = body;
                    }
                }
                write(&root, &rel, &m.text());
                articles.insert(rel.clone(), m);
                said.push(format!("op {op} on {rel}"));
                paths.push(rel);
            }
            let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
            let generation = b.generation;
            // After a full build failed, the batch that mends the site
            // builds everything.
            let mends_everything = b.owed.everything;
            apply(&mut b, &paths);
            let was_in_place = b.generation == generation;
            if std::env::var_os("SAMIZDAT_RANDOM_EDITS_SAY").is_some() {
                let how = if was_in_place { "in place" } else { "full" };
                eprintln!("{how}: step {step} ({})", said.join(", "));
            }
            let what = format!("step {step} ({})", said.join(", "));
            let fresh = dir.path().join(format!("fresh-{step}"));
            let report = crate::render::build(&BuildOptions {
                output: Some(fresh.clone()),
                ..b.opts.clone()
            })
            .unwrap();
            let served = files(&b.shared.status().out.unwrap());
            if report.failed() {
                // Broken: shown, and the last good build still served.
                assert!(!b.shared.status().errors.is_empty(), "{what}: not shown as broken");
                assert!(served == last_good, "{what}: the last good build changed");
                assert_eq!(folders(&b.shared.status().out.unwrap()), last_good_folders, "{what}");
                broken_steps += 1;
                broken_in_place += usize::from(was_in_place);
                continue;
            }
            let mut shown = b.shared.status().errors;
            let mut expected: Vec<String> = report.diagnostics.items.iter().map(ToString::to_string).collect();
            shown.sort();
            expected.sort();
            assert_eq!(shown, expected, "{what}: the problems shown are not a full build's");
            assert_served_is(&b, &fresh, &what);
            last_good_folders = folders(&b.shared.status().out.unwrap());
            last_good = served;
            if mends_everything {
                mended_by_full_builds += 1;
                continue;
            }
            good += 1;
            in_place += usize::from(was_in_place);
        }
        // Most batches on a good site are followed in place (the rest: a
        // section emptied, a slug or new file taking an address that is
        // being freed, a template or book.toml, …).
        eprintln!(
            "{in_place} of {good} good batches in place, {broken_in_place} of {broken_steps} on a broken site, \
             {mended_by_full_builds} mended after a failed full build"
        );
        assert!(in_place > good * 2 / 3, "{in_place} of {good} good batches in place");
    }

    #[test]
    fn tag_and_author_templates_render_their_pages_again_in_place() {
        let (dir, mut b) = built_with("author: Ada Pell\ntags: [print]");
        let root = b.opts.root.clone();
        let generation = b.generation;
        // Each template of theirs, overridden by the site with a mark.
        let templates = [
            "author.html",
            "authors.html",
            "translator.html",
            "partials/term_sections.html",
            "partials/term_index.html",
        ];
        for name in templates {
            let rel = format!("templates/{name}");
            write(
                &root,
                &rel,
                &theme_template(name).replacen("<", "<!-- marked -->\n<", 1),
            );
            apply(&mut b, &[rel.as_str()]);
            assert_served_is_a_full_build(&b, &dir.path().join(format!("fresh-{}", name.replace('/', "-"))), name);
        }
        assert!(served_file(&b, "authors/ada-pell/index.html").contains("<!-- marked -->"));
        assert!(served_file(&b, "tags/print/index.html").contains("<!-- marked -->"));
        assert!(served_file(&b, "authors/index.html").contains("<!-- marked -->"));
        assert_eq!(b.generation, generation, "in place");
    }

    #[test]
    fn an_article_at_the_tag_pages_address_takes_it_and_gives_it_back() {
        let (dir, mut b) = built_with("tags: [print]");
        let root = b.opts.root.clone();
        let generation = b.generation;
        // An article at `tags/`: the site has no tag pages, and says so
        // (the full build tells).
        write(
            &root,
            "content/tags.md",
            "---\ntitle: About our tags\n---\n\nHow we tag.\n",
        );
        apply(&mut b, &["content/tags.md"]);
        assert_eq!(b.generation, generation + 1, "a full build");
        assert_shows_one(&b, &["content/tags.md:1:1: warning:", "the site has no tag pages"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-taken"), "taken");
        assert!(served_file(&b, "tags/index.html").contains("About our tags"));
        assert!(!b.shared.status().out.unwrap().join("tags/print").exists());
        // Gone again: the tag pages are back.
        std::fs::remove_file(root.join("content/tags.md")).unwrap();
        apply(&mut b, &["content/tags.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-freed"), "freed");
        assert!(served_file(&b, "tags/print/index.html").contains(">One</a>"));
    }

    #[test]
    fn a_tag_page_template_that_fails_as_it_renders_is_shown_and_the_site_kept() {
        let (dir, mut b) = built_with("tags: [print]");
        let root = b.opts.root.clone();
        let good = files(&b.shared.status().out.unwrap());
        // It parses, and fails on every tag page it renders.
        let tag_html = theme_template("tag.html");
        let broken = tag_html.replace("{{ tag.name }}</h1>", "{{ tag.missing.deeper }}</h1>");
        assert_ne!(broken, tag_html);
        write(&root, "templates/tag.html", &broken);
        apply(&mut b, &["templates/tag.html"]);
        assert_shows_one(&b, &["templates/tag.html:", "error:", "`missing` is not defined"]);
        assert!(
            files(&b.shared.status().out.unwrap()) == good,
            "the last good build stays served"
        );
        // Mended.
        write(&root, "templates/tag.html", tag_html);
        apply(&mut b, &["templates/tag.html"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-mended"), "mended");
    }

    #[test]
    fn a_theme_that_gains_a_tag_page_template_gains_tag_pages() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // The default theme as a theme of the site's, without tag pages.
        let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&default).into_iter().flatten() {
            let rel = entry.path().strip_prefix(&default).unwrap();
            let to = root.join("themes/plain").join(rel);
            match entry.file_type().is_dir() {
                true => std::fs::create_dir_all(&to).unwrap(),
                false => drop(std::fs::copy(entry.path(), &to).unwrap()),
            }
        }
        let tag_html = root.join("themes/plain/templates/tag.html");
        std::fs::remove_file(&tag_html).unwrap();
        write(
            &root,
            "book.toml",
            "[site]\ntitle = \"T\"\n\n[build]\ntheme = \"plain\"\n",
        );
        write(
            &root,
            "content/notes/one.md",
            &ONE.replace("weight: 1", "weight: 1\ntags: [print]"),
        );
        b.full();
        let out = b.shared.status().out.unwrap();
        assert!(!out.join("tags").exists());
        // The template comes: so do the pages.
        std::fs::copy(default.join("templates/tag.html"), &tag_html).unwrap();
        apply(&mut b, &["themes/plain/templates/tag.html"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-gained"), "tag.html new");
        assert!(served_file(&b, "tags/print/index.html").contains(">One</a>"));
        // And go with it.
        std::fs::remove_file(&tag_html).unwrap();
        apply(&mut b, &["themes/plain/templates/tag.html"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-lost"), "tag.html gone");
        assert!(!b.shared.status().out.unwrap().join("tags").exists());
    }

    #[test]
    fn tag_pages_follow_their_articles_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let generation = b.generation;
        let tagged = |title: &str, tags: &str| format!("---\ntitle: {title}\ntags: [{tags}]\n---\n\nBody.\n");
        let fresh = |step: &str| dir.path().join(format!("fresh-{step}"));
        // A first tag: its page, the index, the home page's link to it.
        write(&root, "content/notes/one.md", &tagged("One", "Mutual aid"));
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &fresh("first"), "a first tag");
        assert!(served_file(&b, "tags/mutual-aid/index.html").contains(">One</a>"));
        assert!(served_file(&b, "tags/index.html").contains(">Mutual aid</a>"));
        assert!(served_file(&b, "index.html").contains("href=\"tags/\""));
        // A link to a tag's page before it has one: a warning.
        let linking = "---\ntitle: Links\n---\n\nSee [tools](../../tags/tools/).\n";
        write(&root, "content/notes/links.md", linking);
        apply(&mut b, &["content/notes/links.md"]);
        assert_shows_one(&b, &["`../../tags/tools/` leads to no page"]);
        // A second article with the tag spelled otherwise, and one more:
        // the link leads to its page now.
        write(&root, "content/notes/two.md", &tagged("Two", "mutual-aid, tools"));
        apply(&mut b, &["content/notes/two.md"]);
        assert_served_is_a_full_build(&b, &fresh("second"), "a second article");
        assert_shows_none(&b);
        let page = served_file(&b, "tags/mutual-aid/index.html");
        assert!(page.contains(">One</a>") && page.contains(">Two</a>"), "{page}");
        // Retitled: its tags' pages show the new title.
        write(&root, "content/notes/two.md", &tagged("Second", "mutual-aid, tools"));
        apply(&mut b, &["content/notes/two.md"]);
        assert_served_is_a_full_build(&b, &fresh("retitled"), "retitled");
        assert!(served_file(&b, "tags/tools/index.html").contains(">Second</a>"));
        // Put first (a weight), with a new tag the index lists first: the
        // tag it shares is named as it spells it now (the terms are brought
        // up to date in place, and must be what the full build takes).
        let first = "---\ntitle: Second\nweight: 1\ntags: [mutual-aid, tools, Anarchy]\n---\n\nBody.\n";
        write(&root, "content/notes/two.md", first);
        apply(&mut b, &["content/notes/two.md"]);
        assert_served_is_a_full_build(&b, &fresh("first-now"), "put first");
        assert_lists_in_order(&served_file(&b, "tags/index.html"), &["Anarchy", "mutual-aid", "tools"]);
        // Put back: named as One spells it again.
        write(&root, "content/notes/two.md", &tagged("Second", "mutual-aid, tools"));
        apply(&mut b, &["content/notes/two.md"]);
        assert_served_is_a_full_build(&b, &fresh("back"), "put back");
        assert!(served_file(&b, "tags/index.html").contains(">Mutual aid</a>"));
        // A new tag alone, which the index lists first.
        write(&root, "content/notes/one.md", &tagged("One", "Mutual aid, Agitation"));
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &fresh("agitation"), "a new tag");
        assert_lists_in_order(&served_file(&b, "tags/index.html"), &["Agitation", "Mutual aid"]);
        write(&root, "content/notes/one.md", &tagged("One", "Mutual aid"));
        apply(&mut b, &["content/notes/one.md"]);
        // A tag dropped: its page goes.
        write(&root, "content/notes/two.md", &tagged("Second", "mutual-aid"));
        apply(&mut b, &["content/notes/two.md"]);
        assert_served_is_a_full_build(&b, &fresh("dropped"), "a tag dropped");
        let out = b.shared.status().out.unwrap();
        assert!(!out.join("tags/tools").exists());
        assert_shows_one(&b, &["`../../tags/tools/` leads to no page"]);
        std::fs::remove_file(root.join("content/notes/links.md")).unwrap();
        // Every tag gone: so are the index and the home page's link.
        write(&root, "content/notes/one.md", ONE);
        std::fs::remove_file(root.join("content/notes/two.md")).unwrap();
        apply(
            &mut b,
            &["content/notes/one.md", "content/notes/two.md", "content/notes/links.md"],
        );
        assert_served_is_a_full_build(&b, &fresh("none"), "no tags");
        assert!(!out.join("tags").exists());
        assert!(!served_file(&b, "index.html").contains("tags/"));
        assert_eq!(b.generation, generation, "all in place");
        assert_shows_none(&b);
    }

    #[test]
    fn the_index_of_titles_follows_its_texts_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        let root = b.opts.root.clone();
        write(
            &root,
            "book.toml",
            "[site]\ntitle = \"T\"\n[titles]\npath = \"titles\"\n",
        );
        b.full();
        let generation = b.generation;
        let out = b.shared.status().out.unwrap();
        let fresh = |step: &str| dir.path().join(format!("fresh-{step}"));
        let text = |title: &str, more: &str| format!("---\ntitle: \"{title}\"\n{more}---\n\nBody.\n");
        assert!(served_file(&b, "titles/o/index.html").contains(">One</a>"));
        assert!(served_file(&b, "index.html").contains("href=\"titles/\""));
        // A second text under O, listed before One.
        save_in_place(&mut b, d, "content/notes/two.md", &text("Oats", ""), "a second text");
        assert_lists_in_order(&served_file(&b, "titles/o/index.html"), &["Oats", "One"]);
        // Retitled within its letter: the letter's order follows.
        save_in_place(&mut b, d, "content/notes/two.md", &text("Owls", ""), "retitled");
        assert_lists_in_order(&served_file(&b, "titles/o/index.html"), &["One", "Owls"]);
        // Retitled under a new letter: its page comes, and every letter's
        // page leads to it.
        save_in_place(&mut b, d, "content/notes/two.md", &text("¡Zeal!", ""), "a new letter");
        assert!(served_file(&b, "titles/z/index.html").contains(">¡Zeal!</a>"));
        assert!(served_file(&b, "titles/o/index.html").contains("href=\"../../titles/z/\""));
        // What a listing shows of it: its author.
        save_in_place(
            &mut b,
            d,
            "content/notes/two.md",
            &text("¡Zeal!", "author: Ada Pell\n"),
            "an author",
        );
        assert!(served_file(&b, "titles/z/index.html").contains("Ada Pell"));
        // A draft: out of the index, and its letter's page gone.
        save_in_place(
            &mut b,
            d,
            "content/notes/two.md",
            &text("¡Zeal!", "draft: true\n"),
            "a draft",
        );
        assert!(!out.join("titles/z").exists());
        assert!(!served_file(&b, "titles/o/index.html").contains("titles/z/"));
        // Two texts filed alike, in two folders: listed in reading order,
        // which a folder's new weight changes.
        save_in_place(
            &mut b,
            d,
            "content/notes/two.md",
            &text("Zeal", "sort_title: Same\n"),
            "filed alike",
        );
        let notes = "---\ntitle: Notes\nweight: 1\n---\n";
        save_in_place(&mut b, d, "content/notes/_index.md", notes, "a weight");
        // (A folder copied in: its event alone.)
        write(&root, "content/more/_index.md", "---\ntitle: More\nweight: 5\n---\n");
        write(&root, "content/more/three.md", &text("Zed", "sort_title: Same\n"));
        apply(&mut b, &["content/more"]);
        assert_served_is_a_full_build(&b, &fresh("a folder"), "a folder");
        assert_lists_in_order(&served_file(&b, "titles/index.html"), &["Zeal", "Zed"]);
        save_in_place(
            &mut b,
            d,
            "content/more/_index.md",
            "---\ntitle: More\nweight: -5\n---\n",
            "moved up",
        );
        assert_lists_in_order(&served_file(&b, "titles/index.html"), &["Zed", "Zeal"]);
        std::fs::remove_dir_all(root.join("content/more")).unwrap();
        apply(&mut b, &["content/more"]);
        // Filed in its language: a French title in an English folder
        // sorted by title is under L, its article kept ...
        let notes = "---\ntitle: Notes\nweight: 1\nsort_by: title\n---\n";
        save_in_place(&mut b, d, "content/notes/_index.md", notes, "sorted by title");
        save_in_place(
            &mut b,
            d,
            "content/notes/two.md",
            &text("Le Zèle", ""),
            "French, in English",
        );
        assert!(served_file(&b, "titles/l/index.html").contains(">Le Zèle</a>"));
        assert_lists_in_order(&served_file(&b, "notes/index.html"), &["Le Zèle", "One"]);
        // ... under Z once its folder is French, which orders the folder
        // anew ...
        let notes = "---\ntitle: Notes\nweight: 1\nsort_by: title\nlang: fr\n---\n";
        save_in_place(&mut b, d, "content/notes/_index.md", notes, "a French folder");
        assert!(served_file(&b, "titles/z/index.html").contains(">Le Zèle</a>"));
        assert_lists_in_order(&served_file(&b, "notes/index.html"), &["One", "Le Zèle"]);
        // ... and under L again as a text in English of its own (in a
        // folder in its own order, which that leaves as it was).
        let notes = "---\ntitle: Notes\nweight: 1\nlang: fr\n---\n";
        save_in_place(&mut b, d, "content/notes/_index.md", notes, "unsorted");
        save_in_place(
            &mut b,
            d,
            "content/notes/two.md",
            &text("Le Zèle", "lang: en\n"),
            "English of its own",
        );
        assert!(served_file(&b, "titles/l/index.html").contains(">Le Zèle</a>"));
        // A text without a letter or digit, then deleted.
        save_in_place(&mut b, d, "content/notes/two.md", &text("?!", ""), "no letter");
        assert!(served_file(&b, "titles/other/index.html").contains(">?!</a>"));
        save_in_place(&mut b, d, "content/notes/two.md", "", "deleted");
        assert!(!out.join("titles/other").exists());
        // Every text gone: so are the index and the home page's link.
        save_in_place(&mut b, d, "content/notes/one.md", "", "none");
        assert!(!out.join("titles").exists());
        assert!(!served_file(&b, "index.html").contains("titles/"));
        assert_eq!(b.generation, generation, "all in place");
        assert_shows_none(&b);
    }

    #[test]
    fn the_print_cache_lets_go_of_the_section_used_least_recently() {
        let mut cache = PrintCache::default();
        for s in 0..PrintCache::SECTIONS {
            cache.put(s, vec![PrintBody::default()]);
        }
        // Section 0 used again: section 1 is now the oldest.
        let bodies = cache.take(0).unwrap();
        cache.put(0, bodies);
        cache.put(100, Vec::new());
        assert_eq!(cache.sections.len(), PrintCache::SECTIONS);
        assert!(cache.take(1).is_none());
        for s in [0, 2, 100] {
            assert!(cache.take(s).is_some(), "{s}");
        }
    }

    #[test]
    fn a_template_saved_with_other_files_takes_them_along() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        // A listing template (alone, in place) with an image deleted:
        // nothing of the batch is left out.
        let item = theme_template("partials/page_item.html");
        write(
            &root,
            "templates/partials/page_item.html",
            &item.replace("<li ", "<li data-edited "),
        );
        std::fs::remove_file(root.join("content/notes/pic.svg")).unwrap();
        let batch = ["templates/partials/page_item.html", "content/notes/pic.svg"];
        assert_eq!(plan(&b, &batch), Plan::Full);
        apply(&mut b, &batch);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "a template and an image");
    }

    /// Saves the site's article template (a copy of the theme's) with a
    /// `data-edited` mark: every article changes, a full build.
    fn mark_the_article_template(b: &mut Builder) {
        let article = theme_template("article.html");
        let marked = article.replace("<article ", "<article data-edited ");
        write(&b.opts.root, "templates/article.html", &marked);
        let generation = b.generation;
        apply(b, &["templates/article.html"]);
        assert_eq!(b.generation, generation + 1, "a full build");
    }

    #[test]
    fn full_builds_render_again_only_the_markdown_that_changed() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let article = theme_template("article.html");
        write(&root, "templates/article.html", article);
        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\n---\n\nSee [one](../one/)[^1] [ed. – a remark].\n\n[^1]: ed. – A note.\n",
        );
        b.full();
        let reused = |b: &Builder| b.bodies.as_ref().expect("a cache").reused();
        assert_eq!(reused(&b), 1, "one's body, as the build before rendered it");

        // The article template: every page again, no body.
        mark_the_article_template(&mut b);
        assert_eq!(reused(&b), 2);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-template"), "template");

        // The page two links to retitled: two's body shows the title, so
        // it renders again.
        write(&root, "content/notes/one.md", &ONE.replace("One", "One retitled"));
        b.bodies.as_ref().unwrap().take_reused();
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-title"), "title");
        let out = b.shared.status().out.unwrap();
        let two = std::fs::read_to_string(out.join("notes/two/index.html")).unwrap();
        assert!(two.contains("title=\"One retitled\""), "{two}");
        assert_eq!(reused(&b), 1, "one's body, not two's");

        // Settings that shape bodies: all render again; others: none.
        let settings = [
            ("[print]\nnotes = \"end\"\n", 0),
            (
                "[print]\nnotes = \"end\"\n[annotations.ed]\nmarkers = [\"ed.\"]\nlabel = \"Eds\"\n",
                0,
            ),
            (
                "[print]\nnotes = \"end\"\n[annotations.ed]\nmarkers = [\"ed.\"]\nlabel = \"Eds\"\n",
                2,
            ),
        ];
        for (n, (more, expected)) in settings.into_iter().enumerate() {
            write(&root, "book.toml", &format!("[site]\ntitle = \"T{n}\"\n{more}"));
            apply(&mut b, &["book.toml"]);
            assert_eq!(reused(&b), expected, "{more}");
            assert_served_is_a_full_build(&b, &dir.path().join(format!("fresh-{n}")), more);
        }
        let two = std::fs::read_to_string(out.join("notes/two/index.html")).unwrap();
        assert!(two.contains("<span class=\"note-label\">Eds</span>"), "{two}");
    }

    #[test]
    fn a_listing_template_that_names_a_word_of_the_sites_own_ends_its_warning() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        write(
            &root,
            "book.toml",
            "[site]\ntitle = \"T\"\n\n[words]\ncolophon = \"Hecho a mano\"\n",
        );
        apply(&mut b, &["book.toml"]);
        let warned = |b: &Builder| b.shared.status().errors.iter().any(|e| e.contains("`words.colophon`"));
        assert!(warned(&b), "{:?}", b.shared.status().errors);
        let section = theme_template("section.html");
        let naming = section.replace("</h1>", "</h1><p class=\"colophon\">{{ words.colophon }}</p>");
        assert_ne!(naming, section);
        write(&root, "templates/section.html", &naming);
        apply(&mut b, &["templates/section.html"]);
        assert!(!warned(&b), "{:?}", b.shared.status().errors);
        assert!(served_file(&b, "notes/index.html").contains("Hecho a mano"));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "a word of the site's own");
        // And back: warned again.
        write(&root, "templates/section.html", section);
        apply(&mut b, &["templates/section.html"]);
        assert!(warned(&b), "{:?}", b.shared.status().errors);
    }

    #[test]
    fn template_edits_that_only_listings_use_render_them_in_place() {
        let (dir, mut b) = built();
        let root = b.opts.root.clone();
        let section = theme_template("section.html");
        let article = theme_template("article.html");
        write(&root, "templates/section.html", section);
        write(&root, "templates/article.html", article);
        b.full();
        let out = b.shared.status().out.unwrap();

        let marked = section.replace("<h1 class=\"section-title\"", "<h1 class=\"section-title\" data-edited");
        assert_ne!(marked, section);
        write(&root, "templates/section.html", &marked);
        assert_eq!(
            plan(&b, &["templates/section.html"]),
            Plan::Templates(vec!["section.html".to_string()])
        );
        apply(&mut b, &["templates/section.html"]);
        assert_eq!(b.shared.status().out.unwrap(), out, "in place, not a full build");
        let fresh = dir.path().join("fresh");
        crate::render::build(&BuildOptions {
            output: Some(fresh.clone()),
            ..b.opts.clone()
        })
        .unwrap();
        assert_eq!(files(&out), files(&fresh));
        assert!(std::fs::read_to_string(out.join("notes/index.html"))
            .unwrap()
            .contains("data-edited"));

        // The home page's template: that page alone changes, in place.
        let home = theme_template("home.html");
        let marked_home = home.replacen("<", "<!-- home marked -->\n<", 1);
        write(&root, "templates/home.html", &marked_home);
        apply(&mut b, &["templates/home.html"]);
        assert_eq!(b.shared.status().out.unwrap(), out, "in place, not a full build");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-home"), "the home template");
        assert!(served_file(&b, "index.html").contains("<!-- home marked -->"));
        assert!(!served_file(&b, "notes/index.html").contains("<!-- home marked -->"));

        // Saved while an article is broken: refused, and done by the save
        // that mends the site.
        refused(&mut b, "content/notes/one.md", "---\ntitle: [One\n---\n");
        write(
            &root,
            "templates/section.html",
            &marked.replace("data-edited", "data-edited-again"),
        );
        apply(&mut b, &["templates/section.html"]);
        assert!(!served_file(&b, "notes/index.html").contains("data-edited-again"));
        write(&root, "content/notes/one.md", ONE);
        apply(&mut b, &["content/notes/one.md"]);
        assert_eq!(b.shared.status().out.unwrap(), out, "in place, not a full build");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-owed"), "owed section pages");
        assert!(served_file(&b, "notes/index.html").contains("data-edited-again"));

        // The article template: every article, a full build.
        mark_the_article_template(&mut b);
        let rebuilt = b.shared.status().out.unwrap();
        assert!(std::fs::read_to_string(rebuilt.join("notes/one/index.html"))
            .unwrap()
            .contains("data-edited"));

        // A new partial that no page includes yet: nothing to render. The
        // site's own section template deleted: the theme's takes its place,
        // on the section pages alone.
        let generation = b.generation;
        write(&root, "templates/partials/box.html", "<aside>box</aside>");
        apply(&mut b, &["templates/partials/box.html"]);
        assert!(b.known.templates.contains(Path::new("templates/partials/box.html")));
        std::fs::remove_file(root.join("templates/section.html")).unwrap();
        apply(&mut b, &["templates/section.html"]);
        assert_served_is_a_full_build(
            &b,
            &dir.path().join("fresh-theme-section"),
            "the theme's section template",
        );
        assert!(!std::fs::read_to_string(rebuilt.join("notes/index.html"))
            .unwrap()
            .contains("data-edited"));
        assert_eq!(b.generation, generation, "in place");
        write(&root, "templates/section.html", &marked);
        apply(&mut b, &["templates/section.html"]);

        // A template that does not parse: the last good pages stay.
        write(&root, "templates/section.html", "{% if %}");
        apply(&mut b, &["templates/section.html"]);
        assert_eq!(b.shared.status().out.unwrap(), rebuilt);
        assert!(!b.shared.status().errors.is_empty());
    }

    /// A full build writes only the files that changed, into the folder
    /// being served: the others are not touched (a request reading one
    /// goes on reading it).
    #[cfg(unix)]
    #[test]
    fn full_builds_write_only_what_changed_in_place() {
        use std::os::unix::fs::MetadataExt;
        let (dir, mut b) = built();
        let out = b.shared.status().out.unwrap();
        let root = b.opts.root.clone();
        write(&root, "content/notes/two.md", "---\ntitle: Two\n---\n\nTwo.\n");
        apply(&mut b, &["content/notes/two.md"]);
        assert!(out.join("notes/two/index.html").is_file());
        let ino = |rel: &Path| std::fs::metadata(out.join(rel)).unwrap().ino();
        let before: BTreeMap<PathBuf, u64> = files(&out).into_keys().map(|rel| (rel.clone(), ino(&rel))).collect();
        // The home page's text with book.toml: a full build, where only
        // the home page changes.
        write(&root, "content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
        write(&root, "book.toml", "[site]\ntitle = \"T\"\n\n");
        let generation = b.generation;
        apply(&mut b, &["book.toml", "content/_index.md"]);
        assert_eq!(b.generation, generation + 1, "a full build");
        assert_eq!(b.shared.status().out.unwrap(), out, "in place");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "in place");
        let changed: Vec<&Path> = before
            .iter()
            .filter(|(rel, &was)| ino(rel) != was)
            .map(|(rel, _)| rel.as_path())
            .collect();
        assert_eq!(changed, [Path::new("index.html")]);

        // Broken: nothing written, nothing left behind, no folder either.
        let snapshot = files(&out);
        let entries = |dir: &Path| -> Vec<PathBuf> {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .flatten()
                .map(|e| e.path().to_path_buf())
                .collect()
        };
        let entries_before = entries(&out);
        write(&root, "content/notes/one.md", "---\ntitle: [broken\n---\n");
        write(&root, "content/_index.md", "---\ntitle: Home\n---\n\nWelcome again.\n");
        write(
            &root,
            "content/new/three.md",
            "---\ntitle: Three\n---\n\nIn a new folder.\n",
        );
        write(&root, "book.toml", "[site]\ntitle = \"T\"\n");
        apply(
            &mut b,
            &["book.toml", "content/notes/one.md", "content/_index.md", "content/new"],
        );
        assert!(!b.shared.status().errors.is_empty());
        assert!(files(&out) == snapshot, "the served build changed");
        assert_eq!(entries(&out), entries_before);
        // Mended, with an article gone: its page and folder go too.
        std::fs::remove_dir_all(root.join("content/new")).unwrap();
        std::fs::remove_file(root.join("content/notes/two.md")).unwrap();
        write(&root, "content/notes/one.md", ONE);
        std::fs::remove_file(root.join("content/notes/pic.svg")).unwrap();
        write(&root, "book.toml", "[site]\ntitle = \"T\"\n\n\n");
        apply(
            &mut b,
            &[
                "book.toml",
                "content/notes/one.md",
                "content/notes/two.md",
                "content/notes/pic.svg",
            ],
        );
        assert_eq!(b.shared.status().out.unwrap(), out, "in place");
        assert_served_is_a_full_build(&b, &dir.path().join("fresh-mended"), "mended");
        assert!(!out.join("notes/pic.svg").exists() && !out.join("notes/two").exists());
    }

    #[test]
    fn build_folders_are_numbered_and_old_ones_swept() {
        assert_eq!(generation_of("gen-12"), Some(12));
        assert_eq!(generation_of(".gen-3.samizdat-new"), Some(3));
        assert_eq!(generation_of("scratch"), None);
        assert_eq!(generation_of("gen-x"), None);
        let (dir, mut b) = built();
        let first = b.shared.status().out.unwrap();
        assert_eq!(first.file_name().unwrap(), "gen-1");
        b.full();
        assert_eq!(b.shared.status().out.unwrap(), first, "in place");
        // A folder where a file of the build goes (made by hand here): the
        // build goes into a new folder.
        std::fs::remove_file(first.join("extra.css")).unwrap();
        std::fs::create_dir(first.join("extra.css")).unwrap();
        b.full();
        let second = b.shared.status().out.unwrap();
        assert_eq!(second, b.base.join(format!("gen-{}", b.generation)));
        assert_served_is_a_full_build(&b, &dir.path().join("fresh"), "into a new folder");
        assert!(first.is_dir(), "the previous build is kept");
        // A new run numbers on and sweeps the leftovers.
        let mut again = Builder::new(b.opts.clone(), b.base.clone(), Shared::new());
        again.start();
        again.full();
        let third = again.shared.status().out.unwrap();
        assert_eq!(third, b.base.join(format!("gen-{}", b.generation + 1)));
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while first.exists() || second.exists() {
            assert!(Instant::now() < deadline, "never swept");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    #[test]
    fn a_rescan_finds_what_changed() {
        let (_dir, mut b) = built();
        let root = b.opts.root.clone();
        let mut rx = b.shared.subscribe();
        b.apply(&Batch {
            paths: BTreeSet::new(),
            rescan: true,
        });
        assert!(rx.try_recv().is_err(), "nothing changed, nothing rebuilt");
        write(&root, "content/notes/two.md", ONE);
        b.apply(&Batch {
            paths: BTreeSet::new(),
            rescan: true,
        });
        assert_eq!(rx.try_recv().unwrap().1, Message::Reload);
        let out = b.shared.status().out.unwrap();
        assert!(out.join("notes/two/index.html").is_file());
    }

    #[test]
    fn a_language_follows_its_text_and_folder_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        // (Its note's label is in the site's words, which say their
        // language in a text in another.)
        let two = "---\ntitle: Two\nweight: 2\n---\n\nBody two.[^1]\n\n[^1]: ed. – A note.\n";
        save(&mut b, d, "content/notes/two.md", two, "a second text");
        let out = b.shared.status().out.unwrap();
        let next_title = |b: &Builder| {
            let html = served_file(b, "notes/one/index.html");
            let at = html.find("class=\"pn-title\"").expect("a next text");
            html[at..at + html[at..].find('>').unwrap()].to_string()
        };
        assert_eq!(next_title(&b), "class=\"pn-title\"");
        // A text's own: its neighbours show its title in it.
        let es = two.replace("weight: 2", "weight: 2\nlang: es");
        save_in_place(&mut b, d, "content/notes/two.md", &es, "a language");
        assert_eq!(next_title(&b), "class=\"pn-title\" lang=\"es\"");
        // Its folder's: taken by the texts without their own, and shown
        // in the breadcrumbs below it.
        let fr = "---\ntitle: Notes\nlang: fr\n---\n";
        save_in_place(&mut b, d, "content/notes/_index.md", fr, "a folder's language");
        assert!(served_file(&b, "notes/one/index.html").contains("<div class=\"prose article-body\" lang=\"fr\">"));
        assert!(served_file(&b, "notes/two/index.html").contains("<div class=\"prose article-body\" lang=\"es\">"));
        save_in_place(&mut b, d, "content/notes/two.md", two, "its own taken out");
        assert_eq!(next_title(&b), "class=\"pn-title\" lang=\"fr\"");
        let label =
            |b: &Builder| served_file(b, "notes/two/index.html").contains("<span class=\"note-label\" lang=\"en\">");
        assert!(label(&b));
        save_in_place(
            &mut b,
            d,
            "content/notes/_index.md",
            "---\ntitle: Notes\n---\n",
            "the site's again",
        );
        assert_eq!(next_title(&b), "class=\"pn-title\"");
        assert!(!label(&b));
        assert_eq!(b.shared.status().out.unwrap(), out);
    }

    #[test]
    fn contents_follow_their_text_and_folder_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        let out = b.shared.status().out.unwrap();
        let two = |front: &str, third: &str| {
            format!("---\ntitle: Two\nweight: 2\n{front}---\n\n## First\n\nA.\n\n## Second\n\nB.\n\n## {third}\n\nC.\n")
        };
        let page = |b: &Builder| served_file(b, "notes/two/index.html");
        let print = |b: &Builder| served_file(b, "notes/print/index.html");
        let shown = |b: &Builder| page(b).contains("class=\"article-toc\"");
        // The text saved with front matter `front` and its third heading.
        let edit = |b: &mut Builder, front: &str, third: &str, what: &str| {
            save_in_place(b, d, "content/notes/two.md", &two(front, third), what)
        };
        // Short: no contents unless it says.
        save(&mut b, d, "content/notes/two.md", &two("", "Third"), "a short text");
        assert!(!shown(&b));
        edit(&mut b, "toc: true\n", "Third", "its contents");
        assert!(shown(&b));
        assert!(print(&b).contains("<a href=\"#a2-third\">Third</a>"));
        // A heading's new words, in its contents on both pages.
        edit(&mut b, "toc: true\n", "The *third*", "a heading");
        assert!(page(&b).contains("<a href=\"#the-third\">The <em>third</em></a>"));
        assert!(print(&b).contains("<a href=\"#a2-the-third\">The <em>third</em></a>"));
        // The folder's `toc` is the texts' that do not say.
        edit(&mut b, "", "Third", "its own taken out");
        let folder = |toc: &str| format!("---\ntitle: Notes\n{toc}---\n");
        save_in_place(
            &mut b,
            d,
            "content/notes/_index.md",
            &folder("toc: true\n"),
            "the folder's",
        );
        assert!(shown(&b));
        edit(&mut b, "toc: false\n", "Third", "its own again");
        assert!(!shown(&b));
        assert!(!print(&b).contains("print-toc-headings"));
        edit(&mut b, "", "Third", "the folder's again");
        assert!(shown(&b));
        save_in_place(&mut b, d, "content/notes/_index.md", &folder(""), "none said");
        assert!(!shown(&b));
        assert_eq!(b.shared.status().out.unwrap(), out);
    }

    #[test]
    fn translations_and_originals_follow_each_other_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        // With EPUB editions: a translation's chapter names its original.
        let config = "[site]\ntitle = \"T\"\n[print]\nepub = true\nepub_texts = true\n";
        write(&b.opts.root, "book.toml", config);
        b.full();
        let out = b.shared.status().out.unwrap();
        let uno = |title: &str, of: &str| {
            format!("---\ntitle: {title}\nweight: 2\nlang: es\ntranslation_of: {of}\n---\n\nCuerpo.\n")
        };
        // The byline's line `class` of the page `rel`, if it has one.
        let line = |b: &Builder, rel: &str, class: &str| {
            let html = served_file(b, rel);
            html.find(class)
                .map(|at| html[at..at + html[at..].find("</p>").unwrap()].to_string())
        };
        let original = |b: &Builder| line(b, "otros/uno/index.html", "byline-original");
        let listed = |b: &Builder| line(b, "notes/one/index.html", "byline-translations");
        // The translation saved with its title and `translation_of`.
        let edit = |b: &mut Builder, title: &str, of: &str, what: &str| {
            save_in_place(b, d, "content/otros/uno.md", &uno(title, of), what)
        };
        let warned = |b: &Builder| b.shared.status().errors.iter().any(|e| e.contains("`translation_of: "));
        // A new translation, in another folder (not a neighbour, which
        // shows its neighbours' titles anyway): its original lists it.
        save(
            &mut b,
            d,
            "content/otros/uno.md",
            &uno("Uno", "../notes/one.md"),
            "a translation",
        );
        assert!(original(&b).unwrap().contains(">One</a>"), "{:?}", original(&b));
        assert!(listed(&b).unwrap().contains(">Uno</a>"), "{:?}", listed(&b));
        // Each shows the other's title as it is now.
        let one = ONE.replace("title: One", "title: The One");
        save_in_place(&mut b, d, "content/notes/one.md", &one, "the original retitled");
        assert!(original(&b).unwrap().contains(">The One</a>"));
        edit(&mut b, "El Uno", "../notes/one.md", "the translation retitled");
        assert!(listed(&b).unwrap().contains(">El Uno</a>"));
        // Its original's address, as the page has it; then nothing.
        edit(&mut b, "El Uno", "../../notes/one/", "by address");
        assert!(listed(&b).is_some());
        assert!(!warned(&b));
        // The original's folder in another language, which the original
        // takes: its translation names it.
        let fr = "---\ntitle: Notes\nlang: fr\n---\n";
        save_in_place(
            &mut b,
            d,
            "content/notes/_index.md",
            fr,
            "the original's folder in French",
        );
        assert!(original(&b).unwrap().contains("(français)"), "{:?}", original(&b));
        edit(&mut b, "El Uno", "../../notes/none/", "leading nowhere");
        assert_eq!((original(&b), listed(&b)), (None, None));
        assert!(warned(&b));
        // An original that comes to be at that address.
        let none = "---\ntitle: None\nweight: 3\n---\n\nBody.\n";
        save_in_place(&mut b, d, "content/notes/none.md", none, "its original, new");
        assert!(original(&b).unwrap().contains(">None</a>"));
        assert!(!warned(&b));
        save_in_place(&mut b, d, "content/notes/none.md", "", "its original, gone");
        assert_eq!(original(&b), None);
        assert!(warned(&b));
        // A translation gone.
        edit(&mut b, "El Uno", "../notes/one.md", "one again");
        assert!(listed(&b).is_some());
        save_in_place(&mut b, d, "content/otros/uno.md", "", "the translation gone");
        assert_eq!(listed(&b), None);
        assert_eq!(b.shared.status().out.unwrap(), out);
    }

    #[test]
    fn old_addresses_follow_their_pages() {
        let (dir, mut b) = built();
        let d = dir.path();
        let one = |front: &str| ONE.replace("weight: 1", &format!("weight: 1\n{front}"));
        let full_builds = |b: &Builder| b.generation;
        let refresh_of = |b: &Builder, rel: &str| {
            let html = served_file(b, rel);
            let at = html.find("url=").expect("a refresh") + 4;
            html[at..at + html[at..].find('"').unwrap()].to_string()
        };

        // Old addresses given: the full build writes their redirects.
        let was = full_builds(&b);
        let aliases = "aliases: [old/one, one.html, notes/uno]";
        save(&mut b, d, "content/notes/one.md", &one(aliases), "aliases given");
        assert_eq!(full_builds(&b), was + 1);
        assert_eq!(refresh_of(&b, "old/one/index.html"), "../../notes/one/");
        assert_eq!(refresh_of(&b, "one.html"), "notes/one/");

        // The page's title, body and address change in place: its
        // redirects are written again with it.
        let was = full_builds(&b);
        let retitled = one(aliases).replace("title: One", "title: Uno");
        save(&mut b, d, "content/notes/one.md", &retitled, "title");
        assert!(served_file(&b, "old/one/index.html").contains(">Uno</a>"));
        assert_eq!(full_builds(&b), was, "title in place");
        let moved = retitled.replace("weight: 1", "weight: 1\nslug: first");
        save(&mut b, d, "content/notes/one.md", &moved, "slug");
        assert_eq!(refresh_of(&b, "old/one/index.html"), "../../notes/first/");
        assert_eq!(refresh_of(&b, "notes/uno/index.html"), "../first/");
        assert_eq!(full_builds(&b), was, "in place");

        // A new article at an old address: refused, as the full build
        // refuses it; gone again, the site is as before.
        let two = "---\ntitle: Two\nslug: one\n---\n\nBody two.\n";
        write(&b.opts.root, "content/old/_index.md", "---\ntitle: Old\n---\n");
        write(&b.opts.root, "content/old/one.md", two);
        apply(&mut b, &["content/old/_index.md", "content/old/one.md"]);
        assert_shows_one(
            &b,
            &["would both be written to `/old/one/`", "take it out of `aliases`"],
        );
        std::fs::remove_file(b.opts.root.join("content/old/one.md")).unwrap();
        std::fs::remove_file(b.opts.root.join("content/old/_index.md")).unwrap();
        apply(&mut b, &["content/old/one.md", "content/old/_index.md"]);
        assert_shows_none(&b);
        assert_served_is_a_full_build(&b, &d.join("fresh-mended"), "mended");

        // An article moved in place to an old address of another: refused.
        write(
            &b.opts.root,
            "content/notes/two.md",
            "---\ntitle: Two\n---\n\nBody two.\n",
        );
        apply(&mut b, &["content/notes/two.md"]);
        assert_shows_none(&b);
        let at_old = "---\ntitle: Two\nslug: uno\n---\n\nBody two.\n";
        write(&b.opts.root, "content/notes/two.md", at_old);
        apply(&mut b, &["content/notes/two.md"]);
        assert_shows_one(
            &b,
            &["would both be written to `/notes/uno/`", "take it out of `aliases`"],
        );
        save(
            &mut b,
            d,
            "content/notes/two.md",
            "---\ntitle: Two\n---\n\nBody two.\n",
            "two back",
        );
        assert_shows_none(&b);

        // A link to an old address (from another folder, whose pages
        // nothing else makes depend on this one) is written to the page's
        // address now, and follows the page's title in place.
        write(&b.opts.root, "content/essays/_index.md", "---\ntitle: Essays\n---\n");
        let linking = "---\ntitle: Three\n---\n\nSee [it](../../notes/uno/).\n";
        save(
            &mut b,
            d,
            "content/essays/three.md",
            linking,
            "a link to an old address",
        );
        let link = |title: &str| format!("href=\"../../notes/first/\" title=\"{title}\"");
        assert!(served_file(&b, "essays/three/index.html").contains(&link("Uno")));
        let was = full_builds(&b);
        let eins = moved.replace("title: Uno", "title: Eins");
        save(&mut b, d, "content/notes/one.md", &eins, "the linked page retitled");
        assert!(served_file(&b, "essays/three/index.html").contains(&link("Eins")));
        assert_eq!(full_builds(&b), was, "in place");

        // One taken out, and the folder's own: the redirects follow.
        save(
            &mut b,
            d,
            "content/notes/one.md",
            &moved.replace("[old/one, one.html, notes/uno]", "one.html"),
            "one taken out",
        );
        assert!(!b.shared.status().out.unwrap().join("old/one/index.html").exists());
        save(
            &mut b,
            d,
            "content/notes/_index.md",
            "---\ntitle: Notes\naliases: jottings/\n---\n",
            "folder's",
        );
        assert_eq!(refresh_of(&b, "jottings/index.html"), "../notes/");
        save(
            &mut b,
            d,
            "content/notes/_index.md",
            "---\ntitle: Notebook\naliases: jottings/\n---\n",
            "folder title",
        );
        assert!(served_file(&b, "jottings/index.html").contains(">Notebook</a>"));

        // The article deleted: its redirect goes with it.
        std::fs::remove_file(b.opts.root.join("content/notes/one.md")).unwrap();
        apply(&mut b, &["content/notes/one.md"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-deleted"), "deleted");
        assert!(!b.shared.status().out.unwrap().join("one.html").exists());
    }

    #[test]
    fn a_folder_s_cover_follows_its_file_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        // Editions on: the issue's book carries the cover's bytes.
        let root = b.opts.root.clone();
        write(&root, "book.toml", "[site]\ntitle = \"T\"\n\n[print]\nepub = true\n");
        b.full();
        let index = |cover: &str| format!("---\ntitle: Notes\ncover: {cover}\n---\n");
        let was = b.generation;
        save(&mut b, d, "content/notes/_index.md", &index("pic.svg"), "cover given");
        assert!(served_file(&b, "notes/index.html").contains("class=\"section-cover\""));
        // The image rewritten, gone, and back: the page, the print page and
        // the book follow it.
        save(
            &mut b,
            d,
            "content/notes/pic.svg",
            "<svg><!-- new --></svg>",
            "cover rewritten",
        );
        std::fs::remove_file(root.join("content/notes/pic.svg")).unwrap();
        apply(&mut b, &["content/notes/pic.svg"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-cover-gone"), "cover gone");
        assert!(!served_file(&b, "notes/index.html").contains("section-cover"));
        save(
            &mut b,
            d,
            "content/notes/pic.svg",
            "<svg><!-- back --></svg>",
            "cover back",
        );
        assert!(served_file(&b, "notes/print/index.html").contains("class=\"print-cover\""));
        // Another cover, a new file; and one that is not there yet.
        write(&root, "content/notes/front.svg", "<svg><!-- front --></svg>");
        apply(&mut b, &["content/notes/front.svg"]);
        save(
            &mut b,
            d,
            "content/notes/_index.md",
            &index("front.svg"),
            "another cover",
        );
        assert!(served_file(&b, "notes/index.html").contains("notes/front.svg"));
        save(
            &mut b,
            d,
            "content/notes/_index.md",
            &index("later.svg"),
            "a cover to come",
        );
        save(
            &mut b,
            d,
            "content/notes/later.svg",
            "<svg><!-- later --></svg>",
            "the cover come",
        );
        assert!(served_file(&b, "notes/index.html").contains("notes/later.svg"));
        assert_eq!(b.generation, was, "in place");
    }

    #[test]
    fn a_text_s_cover_follows_its_file_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        // Editions on: the issue's book and the text's own carry the
        // cover's bytes.
        let root = b.opts.root.clone();
        write(
            &root,
            "book.toml",
            "[site]\ntitle = \"T\"\n\n[print]\nepub = true\nepub_texts = true\n",
        );
        // Its author's page lists it with its cover too.
        let one = |cover: &str| ONE.replace("weight: 1", &format!("weight: 1\nauthor: Ada Pell\ncover: {cover}"));
        write(&root, "content/notes/one.md", &one("pic.svg"));
        write(
            &root,
            "content/notes/two.md",
            "---\ntitle: Two\nweight: 2\n---\n\nBody two.\n",
        );
        b.full();
        let was = b.generation;
        // The other text edited first: the print page has the first one's
        // cover, its page not rendered again.
        save(
            &mut b,
            d,
            "content/notes/two.md",
            "---\ntitle: Two\nweight: 2\n---\n\nBody two, longer.\n",
            "the other text",
        );
        assert!(served_file(&b, "notes/print/index.html").contains("class=\"article-cover\""));
        // The image rewritten, gone, and back: the page, the print page and
        // the books follow it.
        save(
            &mut b,
            d,
            "content/notes/pic.svg",
            "<svg><!-- new --></svg>",
            "cover rewritten",
        );
        std::fs::remove_file(root.join("content/notes/pic.svg")).unwrap();
        apply(&mut b, &["content/notes/pic.svg"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-cover-gone"), "cover gone");
        assert!(!served_file(&b, "notes/one/index.html").contains("article-cover"));
        assert!(!served_file(&b, "notes/print/index.html").contains("article-cover"));
        assert!(!served_file(&b, "authors/ada-pell/index.html").contains("page-item-cover"));
        save(
            &mut b,
            d,
            "content/notes/pic.svg",
            "<svg><!-- back --></svg>",
            "cover back",
        );
        assert!(served_file(&b, "authors/ada-pell/index.html").contains("notes/pic.svg"));
        assert!(served_file(&b, "notes/one/index.html").contains("class=\"article-cover\""));
        assert!(served_file(&b, "notes/print/index.html").contains("class=\"article-cover\""));
        // One that is not there yet, and then is; then none.
        save(&mut b, d, "content/notes/one.md", &one("later.svg"), "a cover to come");
        assert!(!served_file(&b, "notes/one/index.html").contains("article-cover"));
        save(
            &mut b,
            d,
            "content/notes/later.svg",
            "<svg><!-- later --></svg>",
            "the cover come",
        );
        assert!(served_file(&b, "notes/one/index.html").contains("notes/later.svg"));
        save(&mut b, d, "content/notes/one.md", ONE, "no cover");
        assert!(!served_file(&b, "notes/print/index.html").contains("article-cover"));
        assert_eq!(b.generation, was, "in place");
    }

    #[test]
    fn the_sitemap_follows_the_pages_in_place() {
        let (dir, mut b) = built();
        let d = dir.path();
        let root = b.opts.root.clone();
        write(
            &root,
            "book.toml",
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n",
        );
        b.full();
        assert!(served_file(&b, "sitemap.xml").contains("<loc>https://example.org/notes/one/</loc>"));
        let was = b.generation;
        save(
            &mut b,
            d,
            "content/notes/two.md",
            "---\ntitle: Two\ntags: [bread]\n---\n\nTwo.\n",
            "new",
        );
        assert!(served_file(&b, "sitemap.xml").contains("<loc>https://example.org/tags/bread/</loc>"));
        let moved = ONE.replace("weight: 1", "weight: 1\nslug: uno");
        save(&mut b, d, "content/notes/one.md", &moved, "slug");
        assert!(served_file(&b, "sitemap.xml").contains("<loc>https://example.org/notes/uno/</loc>"));
        // Revised: its `lastmod`, and its feed entry's `updated`.
        let revised = moved.replace("weight: 1", "weight: 1\nupdated: 2024-05-02");
        save(&mut b, d, "content/notes/one.md", &revised, "revised");
        assert!(served_file(&b, "sitemap.xml")
            .contains("<loc>https://example.org/notes/uno/</loc><lastmod>2024-05-02</lastmod>"));
        // A new address while another text's front matter is broken: the
        // batch is refused, and the sitemap is written with the one that
        // mends it (as the site is by then, not as the refused batch
        // left it).
        write(
            &root,
            "content/notes/two.md",
            "---
title: Two
tags: [bread
---

Two.
",
        );
        apply(&mut b, &["content/notes/two.md"]);
        let readdressed = revised.replace("slug: uno", "slug: eins");
        write(&root, "content/notes/one.md", &readdressed);
        apply(&mut b, &["content/notes/one.md"]);
        assert!(served_file(&b, "sitemap.xml").contains("/notes/uno/"), "refused");
        save(
            &mut b,
            d,
            "content/notes/two.md",
            "---
title: Two
tags: [bread]
---

Two.
",
            "mended",
        );
        assert!(served_file(&b, "sitemap.xml").contains("<loc>https://example.org/notes/eins/</loc>"));
        std::fs::remove_file(root.join("content/notes/two.md")).unwrap();
        apply(&mut b, &["content/notes/two.md"]);
        assert_served_is_a_full_build(&b, &d.join("fresh-gone"), "gone");
        assert!(!served_file(&b, "sitemap.xml").contains("two"));
        assert_eq!(b.generation, was, "in place");
    }
}

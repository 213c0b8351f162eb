//! The content tree: `content/**/*.md` -> [`Site`], a list of sections and
//! articles with their metadata (not their HTML: pages are rendered and
//! written one at a time, in parallel, so a big archive never sits in
//! memory whole).
//!
//! `_index.md` makes a folder a section; sections nest. Other files are
//! assets, copied along. Hidden files and editor temp files are ignored.

mod fast_yaml;
pub mod front_matter;
mod translations;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::collate;
use crate::diag::{Diagnostic, Severity, Source};
use crate::markdown::Problem;
use front_matter::{parse_front_matter, split_front_matter, FrontMatter};
pub use translations::Translations;

#[derive(Debug)]
pub struct Page {
    /// Path relative to the content folder.
    pub file: PathBuf,
    pub section: usize,
    pub slug: String,
    /// URL path from the site root, `review/issue-1/slug/`.
    pub path: String,
    pub meta: FrontMatter,
    /// Its place in its section's `pages`, once they are ordered.
    pub position: usize,
    /// [`file_hash`] of the front matter block `meta` was read from: a
    /// render that finds the same block in the file renders what the file
    /// says (`serve` skips saves of those bytes again).
    pub front_matter_hash: u64,
}

/// Bytes hashed (aHash, its fixed keys): to tell within one process
/// whether a file is as it was, not for security.
pub fn file_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = ahash::AHasher::default();
    h.write(bytes);
    h.finish()
}

#[derive(Debug)]
pub struct Section {
    /// Folder relative to the content folder (empty for the home page).
    pub dir: PathBuf,
    /// URL path from the site root, `review/issue-1/` (empty for home).
    pub path: String,
    pub index_file: Option<PathBuf>,
    pub meta: FrontMatter,
    pub parent: Option<usize>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Whether the section has a page: it has an `_index.md`, articles, or
    /// published sections below it. A folder of assets alone has none.
    pub published: bool,
}

#[derive(Debug, Default)]
pub struct Site {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    /// Page and section titles by URL path, for links between articles.
    pub by_path: HashMap<String, Target>,
    /// Files copied as they are: (path relative to content, URL path).
    pub assets: Vec<(PathBuf, String)>,
    /// Folders held back: their `_index.md` is a draft (and drafts are not
    /// shown), so nothing in them is published.
    pub held: Vec<PathBuf>,
    /// Entries that could not be read (each an error: see
    /// [`unreadable_entry`]), relative to the content folder.
    pub unreadable: Vec<PathBuf>,
    /// The site's language (`language` in book.toml): a text's where
    /// neither it nor a folder above it says (see [`Site::text_lang`]).
    pub language: String,
    /// The folders right below the content folder that hold the texts of
    /// the tag, author or translator pages (`authors`, where those pages
    /// are): not sections. Their files beside the texts are in `assets`.
    pub term_folders: Vec<String>,
    /// The Markdown files right in those folders (relative to the content
    /// folder, `authors/ada-pell.md`, `authors/_index.md`): each the text
    /// of the page at its address. (Under `serve`, one deleted since keeps
    /// its place, read as none, and new ones come after the rest: what
    /// their pages' renders logged is kept by their places.)
    pub term_texts: Vec<PathBuf>,
}

impl Site {
    /// Whether `path` (relative to the content folder) is in a folder held
    /// back, or is one.
    pub fn is_held(&self, path: &Path) -> bool {
        self.held.iter().any(|h| path.starts_with(h))
    }

    /// Sections with articles get a print page, unless an article there
    /// already has the slug `print`.
    pub fn has_print_page(&self, s: usize) -> bool {
        let section = &self.sections[s];
        !section.pages.is_empty() && section.pages.iter().all(|&p| self.pages[p].slug != "print")
    }

    /// A warning on each article at its section's print page's address
    /// (`slug: print`, or a file `print.md`): the section then has no
    /// print page, which went without a word.
    pub fn print_pages_taken(&self, shown_content: &Path) -> Vec<Diagnostic> {
        let published = self.sections.iter().filter(|s| s.published);
        let taking = published.flat_map(|s| s.pages.iter().map(|&i| &self.pages[i]));
        taking
            .filter(|page| page.slug == "print")
            .map(|page| Diagnostic {
                path: shown_content.join(&page.file),
                line: 1,
                col: 1,
                severity: Severity::Warning,
                message: format!(
                    "this article is at `/{}`, where its folder's print page goes: the folder has no print page \
                     (give the article another `slug` to have one)",
                    page.path
                ),
            })
            .collect()
    }

    /// The old addresses (`aliases`) of the published sections and of the
    /// articles in them, in the site's order (a folder's own, then its
    /// articles'), each with whose it is.
    pub fn aliases(&self) -> Vec<(Target, &str)> {
        let mut aliases = Vec::new();
        for (s, section) in self.sections.iter().enumerate().filter(|(_, s)| s.published) {
            aliases.extend(section.meta.aliases.iter().map(|a| (Target::Section(s), a.as_str())));
            for &i in &section.pages {
                aliases.extend(self.pages[i].meta.aliases.iter().map(|a| (Target::Page(i), a.as_str())));
            }
        }
        aliases
    }

    /// The Markdown file whose `aliases` `owner`'s are (an article's, or a
    /// folder's `_index.md`), and the line of that key in it.
    pub fn alias_source(&self, owner: Target) -> (&Path, usize) {
        match owner {
            Target::Page(i) => (&self.pages[i].file, self.pages[i].meta.aliases_line),
            Target::Section(s) => {
                let section = &self.sections[s];
                // (Aliases are read from an `_index.md`: there is one.)
                let file = section.index_file.as_deref().unwrap_or(&section.dir);
                (file, section.meta.aliases_line)
            }
        }
    }

    /// What else would be written over something of the site, each an
    /// error on the one that comes later, so that nothing is lost to an
    /// overwrite without a word: a folder's page and an article's, or a
    /// print page's, at one address; two folders at one address (`Issue 2`
    /// and `issue-2`); a file beside the articles where a page, another
    /// such file, a static file or a folder of the output goes. `statics`
    /// are the theme's and the site's static files: their output paths,
    /// and how a message names each. (Two articles at one address, and an
    /// article at the address of a folder with an `_index.md`, are
    /// reported as they load: the later article is left out.) An old
    /// address (`aliases`) comes after all of these: its redirect may not
    /// be written where anything else of the site is, nor where another
    /// alias's is.
    pub fn output_clashes<'a>(
        &'a self,
        statics: impl IntoIterator<Item = (&'a str, String)>,
        shown_content: &Path,
    ) -> Vec<Diagnostic> {
        let statics: Vec<(&str, String)> = statics.into_iter().collect();
        /// Who writes an output file.
        #[derive(Clone, Copy)]
        enum By {
            Static(usize),
            Section(usize),
            Print(usize),
            Page(usize),
            Asset(usize),
            /// The redirect from an old address of a page or folder.
            Alias(Target),
        }
        let folder = |s: usize| format!("folder `{}/`", shown_content.join(&self.sections[s].dir).display());
        // What writes there, as a message names it.
        let named = |by: By| match by {
            By::Static(n) => statics[n].1.clone(),
            By::Section(s) => format!("the page of {}", folder(s)),
            By::Print(s) => format!("the print page of {}", folder(s)),
            By::Page(i) => format!("`{}`", shown_content.join(&self.pages[i].file).display()),
            By::Asset(k) => format!("`{}`", shown_content.join(&self.assets[k].0).display()),
            By::Alias(Target::Page(i)) => format!(
                "the redirect from an old address of `{}`",
                shown_content.join(&self.pages[i].file).display()
            ),
            By::Alias(Target::Section(s)) => format!("the redirect from an old address of {}", folder(s)),
        };
        // The error on `by`, at its file (or its folder's `_index.md`, or
        // its folder if it has none), with what to do.
        let error = |by: By, message: String| {
            let (path, line, advice) = match by {
                By::Section(s) | By::Print(s) => match &self.sections[s].index_file {
                    Some(f) => (shown_content.join(f), 1, "rename the folder"),
                    None => (shown_content.join(&self.sections[s].dir), 0, "rename the folder"),
                },
                By::Page(i) => (shown_content.join(&self.pages[i].file), 1, "give it a different `slug`"),
                By::Asset(k) => (shown_content.join(&self.assets[k].0), 0, "rename it"),
                By::Static(n) => (PathBuf::from(statics[n].1.trim_matches('`')), 0, "rename it"),
                By::Alias(owner) => {
                    let (file, line) = self.alias_source(owner);
                    (shown_content.join(file), line, "take it out of `aliases`")
                }
            };
            Diagnostic {
                path,
                line,
                col: usize::from(line > 0),
                severity: Severity::Error,
                message: format!("{message}; {advice}"),
            }
        };
        let mut diags = Vec::new();

        // Pages, each `index.html` in the folder of its address. A
        // folder's, then its print page (a folder `print/` in it comes
        // later: parents come first), then the articles (those in their
        // sections: `serve` leaves the ones gone unlisted).
        let published: Vec<usize> = (0..self.sections.len())
            .filter(|&s| self.sections[s].published)
            .collect();
        let prints: Vec<(usize, String)> = published
            .iter()
            .filter(|&&s| self.has_print_page(s))
            .map(|&s| (s, format!("{}print/", self.sections[s].path)))
            .collect();
        let mut prints_of = prints.iter().peekable();
        let mut folders: Vec<(&str, By)> = Vec::with_capacity(published.len() + prints.len());
        for &s in &published {
            folders.push((&self.sections[s].path, By::Section(s)));
            if let Some((_, path)) = prints_of.next_if(|(p, _)| *p == s) {
                folders.push((path, By::Print(s)));
            }
        }
        let articles = published.iter().flat_map(|&s| &self.sections[s].pages);
        let articles = articles.map(|&i| (self.pages[i].path.as_str(), By::Page(i)));
        let mut pages: HashMap<&str, By> = HashMap::with_capacity(self.pages.len() + folders.len());
        for (at, by) in folders.into_iter().chain(articles) {
            match pages.get(at) {
                Some(&first) => diags.push(error(
                    by,
                    format!("{} and {} would both be written to `/{at}`", named(first), named(by)),
                )),
                None => {
                    pages.insert(at, by);
                }
            }
        }

        // Files: the static ones, then those beside the articles.
        let assets = self
            .assets
            .iter()
            .enumerate()
            .map(|(k, (_, url))| (url.as_str(), By::Asset(k)));
        let statics_at = statics.iter().enumerate().map(|(n, (rel, _))| (*rel, By::Static(n)));
        let asset_folders: HashSet<&str> = self
            .assets
            .iter()
            .filter_map(|(_, url)| Some(&url[..=url.rfind('/')?]))
            .collect();
        let mut files: HashMap<&str, By> = HashMap::with_capacity(self.assets.len() + statics.len());
        for (at, by) in statics_at.chain(assets) {
            // A page's address is its folder.
            let page = at
                .strip_suffix("index.html")
                .filter(|f| f.is_empty() || f.ends_with('/'));
            let first = files.get(at).or_else(|| pages.get(page?)).copied();
            if let Some(first) = first {
                let at = page.unwrap_or(at);
                let mut message = format!("{} and {} would both be written to `/{at}`", named(first), named(by));
                if matches!((first, by), (By::Static(n), By::Asset(_)) if !statics[n].1.starts_with("`static/")) {
                    message += " (a file in `static/` replaces the theme's of that name)";
                }
                diags.push(error(by, message));
                continue;
            }
            let folder = format!("{at}/");
            if pages.contains_key(folder.as_str()) || asset_folders.contains(folder.as_str()) {
                diags.push(error(
                    by,
                    format!(
                        "{} would be written where the site has a folder, `/{folder}`",
                        named(by)
                    ),
                ));
                continue;
            }
            files.insert(at, by);
        }

        // Old addresses: a folder's redirect is its `index.html`; one of
        // an old site's pages (`old/rota.html`) is that file. None may be
        // where a page, a file or a folder of the site goes, and no file
        // may be where one needs a folder.
        for (owner, at) in self.aliases() {
            let by = By::Alias(owner);
            let folder = at.ends_with('/');
            let file_at = match folder {
                true => format!("{at}index.html"),
                false => at.to_string(),
            };
            // What is there already: a page, a folder's redirect or a file
            // at its address, a page's folder where its file goes, or a
            // file where a folder above it goes.
            let mut above = file_at.match_indices('/').map(|(k, _)| &file_at[..k]);
            let first = pages
                .get(at)
                .or_else(|| files.get(file_at.as_str()))
                .or_else(|| pages.get(format!("{file_at}/").as_str()))
                .or_else(|| above.find_map(|f| files.get(f)))
                .copied();
            let message = match first {
                Some(first) => format!("{} and {} would both be written to `/{at}`", named(first), named(by)),
                None if !folder && asset_folders.contains(format!("{at}/").as_str()) => {
                    format!("{} would be written where the site has a folder, `/{at}/`", named(by))
                }
                None => {
                    let taken = if folder { &mut pages } else { &mut files };
                    taken.insert(at, by);
                    continue;
                }
            };
            diags.push(error(by, message));
        }
        diags
    }
}

/// What a site path leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Page(usize),
    Section(usize),
}

/// Whether `file` looks like Markdown meant as an article, but is not
/// named `.md` (`essay.markdown`, `essay.MD`): it is copied as a file,
/// with a warning.
pub fn misnamed_markdown(file: &Path) -> bool {
    let Some(ext) = file.extension().map(|e| e.to_string_lossy()) else {
        return false;
    };
    ext != "md"
        && ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext"]
            .iter()
            .any(|m| ext.eq_ignore_ascii_case(m))
}

/// The path in the content folder that `dest` (a relative link, without
/// its `#…`) names from the folder of the Markdown file `source`; `None`
/// if it goes above the content folder or does not decode.
pub fn content_path(source: &Path, dest: &str) -> Option<PathBuf> {
    let mut path = source.parent().map(Path::to_path_buf).unwrap_or_default();
    for seg in dest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if !path.pop() {
                    return None;
                }
            }
            seg => path.push(percent_decode(seg)?),
        }
    }
    Some(path)
}

/// The path of a link `dest` that goes by a relative address (without
/// its `#…` and `?…`); `None` for a link with a scheme, one from the root
/// (`/…`) and one within the page.
pub fn relative_path(dest: &str) -> Option<&str> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let scheme = path.find(':').is_some_and(|c| !path[..c].contains('/'));
    (!path.is_empty() && !path.starts_with('/') && !scheme).then_some(path)
}

/// Decodes `%XX` escapes; `None` if one is malformed or the result is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a file or folder name is hidden or an editor's temp file.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("~$")
}

/// The output path of a file beside the articles (an image, a PDF): its
/// section's path and its own name as it is, so that links written to
/// it (`../Fig%202.png` for `Fig 2.png`) find it with its extension.
pub fn asset_url(section_path: &str, file: &Path) -> String {
    format!(
        "{section_path}{}",
        file.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// A folder name or an article's file stem as a URL segment: kept if
/// plain, else slugified.
pub fn url_segment(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name != "."
        && name != "..";
    if plain {
        name.to_string()
    } else {
        crate::markdown::html::slugify(name)
    }
}

/// Reads a content file as UTF-8 without a BOM; errors name the line.
pub fn read_text(path: &Path) -> Result<String, (usize, String)> {
    let bytes = std::fs::read(path).map_err(|e| (0, format!("cannot read file: {e}")))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        (line, "file is not valid UTF-8: save it as UTF-8".to_string())
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

struct Found {
    dirs: Vec<PathBuf>,
    markdown: Vec<PathBuf>,
    assets: Vec<PathBuf>,
    /// Entries that cannot be read (see [`unreadable_entry`]), and folders
    /// whose listing could not be read, with why.
    unreadable: Vec<(PathBuf, String)>,
}

/// Why an entry of the content folder, of type `file_type`, cannot be
/// built: a link to a folder (not followed: `serve` could not watch what
/// is in it), a link to nothing, or a pipe, socket or device (reading one
/// may wait for ever). `None` for files, folders and links to files.
pub fn unreadable_entry(abs: &Path, file_type: std::fs::FileType) -> Option<String> {
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    let special = "not a file or a folder (a pipe, a socket or a device): only files and folders are read";
    if !file_type.is_symlink() {
        return Some(special.into());
    }
    match std::fs::metadata(abs) {
        Ok(m) if m.is_file() => None,
        Ok(m) if m.is_dir() => {
            Some("a link to a folder: links to folders are not followed (move or copy the folder here instead)".into())
        }
        Ok(_) => Some(format!("a link to something that is {special}")),
        Err(e) => {
            let to = std::fs::read_link(abs).map_or_else(|_| "?".into(), |t| t.display().to_string());
            Some(match e.kind() {
                std::io::ErrorKind::NotFound => format!("a link to `{to}`, which does not exist"),
                _ => format!("a link to `{to}`, which cannot be followed: {e}"),
            })
        }
    }
}

/// [`unreadable_entry`] of whatever is at `abs` now (`None` if nothing).
pub fn unreadable_at(abs: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(abs).ok()?;
    unreadable_entry(abs, meta.file_type())
}

fn walk(content: &Path) -> Found {
    let mut found = Found {
        dirs: vec![PathBuf::new()],
        markdown: Vec::new(),
        assets: Vec::new(),
        unreadable: Vec::new(),
    };
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    let rel_of = |path: &Path| {
        path.strip_prefix(content)
            .expect("walkdir yields paths under its root")
            .to_path_buf()
    };
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A folder whose files could not be listed: what is in it
            // would be left out without a word.
            Err(e) => {
                let rel = e.path().map(rel_of).unwrap_or_default();
                let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                found
                    .unreadable
                    .push((rel, format!("cannot read what is in this folder: {why}")));
                continue;
            }
        };
        let rel = rel_of(entry.path());
        if entry.depth() == 0 {
            continue;
        }
        if let Some(why) = unreadable_entry(entry.path(), entry.file_type()) {
            found.unreadable.push((rel, why));
        } else if entry.file_type().is_dir() {
            found.dirs.push(rel);
        } else if rel.extension().is_some_and(|e| e == "md") {
            found.markdown.push(rel);
        } else {
            found.assets.push(rel);
        }
    }
    found
}

/// Takes what is in `term_folders` (see [`Site::term_folders`]) out of
/// what `found` has: their folders are not sections, and the Markdown
/// files right in them are no articles. Returns those files, and what is
/// in folders inside them (not read: an error). Their other files stay
/// in `found.assets`.
fn take_term_files(found: &mut Found, term_folders: &[String]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    if term_folders.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let folder_of = |rel: &Path| {
        let mut parts = rel.components();
        let first = parts.next()?.as_os_str();
        term_folders.iter().any(|f| first == f.as_str()).then(|| parts.count())
    };
    let (mut texts, mut deeper) = (Vec::new(), Vec::new());
    found.dirs.retain(|d| match folder_of(d) {
        None => true,
        Some(0) => false,
        Some(_) => {
            deeper.push(d.clone());
            false
        }
    });
    found.markdown.retain(|m| match folder_of(m) {
        None => true,
        Some(_) if m.parent().is_some_and(|d| deeper.iter().any(|f| d.starts_with(f))) => false,
        Some(_) => {
            texts.push(m.clone());
            false
        }
    });
    found
        .assets
        .retain(|a| !a.parent().is_some_and(|d| deeper.iter().any(|f| d.starts_with(f))));
    // Each folder inside once, the first level (what is below it is in it).
    deeper.retain(|d| folder_of(d) == Some(1));
    (texts, deeper)
}

/// What one file's front matter gave, or the problems it had.
struct Loaded {
    file: PathBuf,
    meta: Option<FrontMatter>,
    /// [`file_hash`] of its front matter block.
    front_matter_hash: u64,
    problems: Vec<Problem>,
    text_for_lines: Option<String>,
}

fn load_file(content: &Path, rel: &Path, is_index: bool) -> Loaded {
    let mut problems = Vec::new();
    let text = match read_text(&content.join(rel)) {
        Ok(t) => t,
        Err((line, message)) => {
            return Loaded {
                file: rel.into(),
                meta: None,
                front_matter_hash: 0,
                problems: vec![Problem {
                    offset: line,
                    severity: Severity::Error,
                    message,
                }],
                text_for_lines: None,
            };
        }
    };
    let mut front_matter_hash = 0;
    let meta = match split_front_matter(&text) {
        Ok(split) => {
            front_matter_hash = file_hash(split.yaml.as_bytes());
            parse_front_matter(&split, !is_index, &mut problems)
        }
        Err(p) if is_index && text.trim().is_empty() => {
            let _ = p;
            Some(FrontMatter::default())
        }
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let text_for_lines = (!problems.is_empty()).then_some(text);
    Loaded {
        file: rel.into(),
        meta,
        front_matter_hash,
        problems,
        text_for_lines,
    }
}

/// What loading the Markdown file `rel` (relative to `content`) reports
/// of it, as a build does (front matter that does not parse, a missing
/// title…), shown as `shown`.
pub fn load_problems(content: &Path, rel: &Path, shown: &Path) -> Vec<Diagnostic> {
    let l = load_file(content, rel, rel.file_name().is_some_and(|n| n == "_index.md"));
    diagnostics_for(shown, l.text_for_lines.as_deref(), l.problems, 0)
}

/// Turns a file's problems into diagnostics with lines.
pub fn diagnostics_for(
    shown: &Path,
    text: Option<&str>,
    problems: Vec<Problem>,
    body_offset: usize,
) -> Vec<Diagnostic> {
    let Some(text) = text else {
        // Without text, `offset` holds a line number (e.g. bad UTF-8).
        return problems
            .into_iter()
            .map(|p| Diagnostic {
                path: shown.to_path_buf(),
                line: p.offset,
                col: 1,
                severity: p.severity,
                message: p.message,
            })
            .collect();
    };
    // Placed in one pass over the text (a book may have thousands).
    let offsets: Vec<usize> = problems.iter().map(|p| p.offset + body_offset).collect();
    let places = Source::new(shown, text).line_cols(&offsets);
    problems
        .into_iter()
        .zip(places)
        .map(|(p, (line, col))| Diagnostic {
            path: shown.to_path_buf(),
            line,
            col,
            severity: p.severity,
            message: p.message,
        })
        .collect()
}

/// An article's slug: its front matter's `slug`, else its file name made a
/// URL segment; `Err` says why a given slug is not allowed.
pub fn slug_of(file: &Path, meta: &FrontMatter) -> Result<String, String> {
    match &meta.slug {
        Some(s) => match front_matter::slug_problem(s) {
            Some(problem) => Err(problem),
            None => Ok(s.clone()),
        },
        None => Ok(url_segment(&file.file_stem().unwrap_or_default().to_string_lossy())),
    }
}

/// A section's metadata from its `_index.md`'s (or none's): the title, if
/// it gives none, is its folder's name.
pub fn section_meta(mut meta: FrontMatter, dir: &Path) -> FrontMatter {
    if meta.title.is_empty() {
        meta.title = section_title_from_dir(dir);
    }
    meta
}

/// A section's title when its `_index.md` gives none: its folder's name,
/// `-` and `_` as spaces.
fn section_title_from_dir(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default()
}

fn sort_key(meta: &FrontMatter, name: &Path) -> (i64, String) {
    (meta.weight.unwrap_or(i64::MAX), name.to_string_lossy().into_owned())
}

/// Walks the content folder and reads every front matter (in parallel).
/// `shown_content` is the content folder as shown in messages.
/// `language` is the site's (see [`Site::language`]).
pub fn load_site(
    content: &Path,
    shown_content: &Path,
    drafts: bool,
    language: &str,
    term_folders: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let mut found = walk(content);
    let (term_texts, in_folders) = take_term_files(&mut found, term_folders);
    for file in in_folders {
        let folder = file
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let folder = folder.unwrap_or_default();
        diags.push(Diagnostic {
            path: shown_content.join(&file),
            line: 0,
            col: 0,
            severity: Severity::Error,
            message: format!(
                "not read: `{}` holds the texts of the pages at `/{folder}/`, each a file right in it \
                 (`{folder}/<address>.md`), and their images; a folder in it is not read",
                shown_content.join(&folder).display()
            ),
        });
    }
    let loaded: Vec<Loaded> = found
        .markdown
        .par_iter()
        .map(|rel| load_file(content, rel, rel.file_name().is_some_and(|n| n == "_index.md")))
        .collect();

    let mut site = Site {
        language: language.to_string(),
        term_folders: term_folders.to_vec(),
        term_texts,
        ..Site::default()
    };
    let mut section_of_dir: HashMap<PathBuf, usize> = HashMap::new();
    let mut indexes: HashMap<PathBuf, (PathBuf, FrontMatter)> = HashMap::new();
    let mut articles = Vec::new();
    for l in loaded {
        let shown = shown_content.join(&l.file);
        if !l.problems.is_empty() {
            diags.extend(diagnostics_for(&shown, l.text_for_lines.as_deref(), l.problems, 0));
        }
        let Some(meta) = l.meta else { continue };
        let is_index = l.file.file_name().is_some_and(|n| n == "_index.md");
        if meta.draft && !drafts {
            // A draft `_index.md` holds back its whole folder (the home
            // page's only its own text: a site is not a draft).
            let dir = l.file.parent().unwrap_or(Path::new(""));
            if is_index && !dir.as_os_str().is_empty() {
                site.held.push(dir.to_path_buf());
            }
            continue;
        }
        if is_index {
            let dir = l.file.parent().map(Path::to_path_buf).unwrap_or_default();
            indexes.insert(dir, (l.file, meta));
        } else {
            articles.push((l.file, meta, l.front_matter_hash));
        }
    }

    indexes.retain(|dir, _| !site.is_held(dir));
    articles.retain(|(file, _, _)| !site.is_held(file));
    found.dirs.retain(|d| !site.is_held(d));
    found.assets.retain(|a| !site.is_held(a));
    // Reported even in a held folder, as its front matter is.
    for (entry, why) in found.unreadable.drain(..) {
        diags.push(Diagnostic {
            path: shown_content.join(&entry),
            line: 0,
            col: 0,
            severity: Severity::Error,
            message: why,
        });
        site.unreadable.push(entry);
    }
    for asset in found.assets.iter().filter(|a| misnamed_markdown(a)) {
        let stem = asset.file_stem().unwrap_or_default().to_string_lossy();
        diags.push(Diagnostic {
            path: shown_content.join(asset),
            line: 0,
            col: 0,
            severity: Severity::Warning,
            message: format!(
                "copied as it is, not made an article: only `.md` files are articles (rename it `{stem}.md`)"
            ),
        });
    }
    // Sections: every folder that holds content, nested by folder.
    // (Which publish a page is worked out below, once all is read.)
    for dir in &found.dirs {
        let parent = dir.parent().and_then(|p| section_of_dir.get(p).copied());
        let id = site.push_section(dir.clone(), parent, indexes.remove(dir));
        section_of_dir.insert(dir.clone(), id);
        if let Some(p) = parent {
            site.sections[p].subsections.push(id);
        }
    }

    let mut urls: HashMap<String, PathBuf> = HashMap::new();
    for s in &site.sections {
        if let Some(f) = &s.index_file {
            urls.insert(s.path.clone(), f.clone());
        }
    }
    for (file, meta, front_matter_hash) in articles {
        let shown = shown_content.join(&file);
        let slug = match slug_of(&file, &meta) {
            Ok(slug) => slug,
            Err(message) => {
                diags.push(Diagnostic {
                    path: shown,
                    line: 2,
                    col: 1,
                    severity: Severity::Error,
                    message,
                });
                continue;
            }
        };
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let section = section_of_dir[&dir];
        let path = format!("{}{}/", site.sections[section].path, slug);
        if let Some(other) = urls.get(&path) {
            diags.push(Diagnostic {
                path: shown.clone(),
                line: 1,
                col: 1,
                severity: Severity::Error,
                message: format!(
                    "`{}` and `{}` would both be written to `/{path}`; give one a different `slug`",
                    shown_content.join(other).display(),
                    shown.display()
                ),
            });
            continue;
        }
        urls.insert(path.clone(), file.clone());
        site.push_page(file, section, slug, meta, front_matter_hash);
    }

    for asset in found.assets {
        let dir = asset.parent().map(Path::to_path_buf).unwrap_or_default();
        let url = match section_of_dir.get(&dir) {
            Some(&s) => asset_url(&site.sections[s].path, &asset),
            // Beside the texts of the tag or author pages.
            None => asset_url(&format!("{}/", url_segment(&dir.to_string_lossy())), &asset),
        };
        site.assets.push((asset, url));
    }

    // Order: by weight, then date or title if the section asks, then file name.
    for s in 0..site.sections.len() {
        site.order_pages(s);
        site.order_subsections(s);
    }
    // Folders with nothing to read publish no page (their assets are still
    // copied); parents come before children, so walk backwards.
    for s in (0..site.sections.len()).rev() {
        let sec = &site.sections[s];
        let published = s == 0
            || sec.index_file.is_some()
            || !sec.pages.is_empty()
            || sec.subsections.iter().any(|&c| site.sections[c].published);
        site.sections[s].published = published;
    }
    for s in 0..site.sections.len() {
        let subs: Vec<usize> = site.sections[s]
            .subsections
            .iter()
            .copied()
            .filter(|&c| site.sections[c].published)
            .collect();
        site.sections[s].subsections = subs;
    }
    for (i, p) in site.pages.iter().enumerate() {
        site.by_path.insert(p.path.clone(), Target::Page(i));
    }
    for (i, s) in site.sections.iter().enumerate().filter(|(_, s)| s.published) {
        site.by_path.insert(s.path.clone(), Target::Section(i));
    }
    site
}

impl Site {
    /// Adds an article to section `section` (last: order the section
    /// afterwards) and returns its index; `by_path` is the caller's.
    pub fn push_page(
        &mut self,
        file: PathBuf,
        section: usize,
        slug: String,
        meta: FrontMatter,
        front_matter_hash: u64,
    ) -> usize {
        let path = format!("{}{}/", self.sections[section].path, slug);
        let id = self.pages.len();
        self.pages.push(Page {
            file,
            section,
            slug,
            path,
            meta,
            position: 0,
            front_matter_hash,
        });
        self.sections[section].pages.push(id);
        id
    }

    /// The site path of the section for folder `dir` below section `parent`.
    pub fn section_path(&self, parent: usize, dir: &Path) -> String {
        format!(
            "{}{}/",
            self.sections[parent].path,
            url_segment(&dir.file_name().unwrap_or_default().to_string_lossy())
        )
    }

    /// Adds a section for folder `dir` below `parent` (the home page's has
    /// none), with its `_index.md` and metadata if it has one, not
    /// published (nor among its parent's subsections) until the caller says
    /// so; returns its index.
    pub fn push_section(
        &mut self,
        dir: PathBuf,
        parent: Option<usize>,
        index: Option<(PathBuf, FrontMatter)>,
    ) -> usize {
        let path = parent.map(|p| self.section_path(p, &dir)).unwrap_or_default();
        let (index_file, meta) = match index {
            Some((f, m)) => (Some(f), m),
            None => (None, FrontMatter::default()),
        };
        let meta = section_meta(meta, &dir);
        self.sections.push(Section {
            dir,
            path,
            index_file,
            meta,
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
            published: false,
        });
        self.sections.len() - 1
    }

    /// The site path (`review/issue-1/slug/`, empty for the home page) a
    /// relative link `dest` on the page at `base` leads to, page or not;
    /// `None` for links off the site (a scheme, `/…`, above the root) and
    /// same-page ones.
    pub fn link_path(&self, base: &str, dest: &str) -> Option<String> {
        let dest = relative_path(dest)?;
        let mut parts: Vec<Cow<str>> = base.split('/').filter(|p| !p.is_empty()).map(Cow::from).collect();
        for seg in dest.split('/') {
            match seg {
                "" | "." | "index.html" => {}
                ".." => {
                    parts.pop()?;
                }
                // `Der%20Weg`, `%C3%BCber-uns`: as the page's path has it.
                seg if seg.contains('%') => parts.push(percent_decode(seg).map_or(Cow::from(seg), Cow::from)),
                seg => parts.push(Cow::from(seg)),
            }
        }
        let mut path = parts.join("/");
        if !path.is_empty() {
            path.push('/');
        }
        Some(path)
    }

    pub fn title_of(&self, target: Target) -> &str {
        &self.meta_of(target).title
    }

    /// The front matter of an article, or of a section's `_index.md`.
    pub fn meta_of(&self, target: Target) -> &FrontMatter {
        match target {
            Target::Page(p) => &self.pages[p].meta,
            Target::Section(s) => &self.sections[s].meta,
        }
    }

    /// The address of an article's or a section's page, from the root.
    pub fn path_of(&self, target: Target) -> &str {
        match target {
            Target::Page(p) => &self.pages[p].path,
            Target::Section(s) => &self.sections[s].path,
        }
    }

    /// The articles before and after `page` in its section's order.
    pub fn neighbours(&self, page: &Page) -> (Option<usize>, Option<usize>) {
        let order = &self.sections[page.section].pages;
        let at = page.position;
        (at.checked_sub(1).map(|b| order[b]), order.get(at + 1).copied())
    }

    /// The language article `p` is in: its own (`lang`), else the nearest
    /// folder's above it that says, else the site's.
    pub fn text_lang(&self, p: usize) -> &str {
        self.lang_in(self.pages[p].section, &self.pages[p].meta)
    }

    /// The language a text with front matter `meta` in section `section`
    /// is in (as [`Site::text_lang`]).
    pub fn lang_in<'s>(&'s self, section: usize, meta: &'s FrontMatter) -> &'s str {
        match meta.lang.is_empty() {
            true => self.lang_of(Target::Section(section)).unwrap_or(&self.language),
            false => &meta.lang,
        }
    }

    /// What article `p`'s title is filed by ([`FrontMatter::filing_title`]
    /// in its language).
    pub fn filing_title(&self, p: usize) -> &str {
        self.pages[p].meta.filing_title(self.text_lang(p))
    }

    /// Orders section `s`'s articles: by weight, then by date or title if
    /// the section asks, then by file name; and sets their `position`.
    pub fn order_pages(&mut self, s: usize) {
        let sort_by = self.sections[s].meta.sort_by.clone();
        let mut order = std::mem::take(&mut self.sections[s].pages);
        let site = &*self;
        let pages = &site.pages;
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            match sort_by.as_deref() {
                Some("date") => pb.meta.date.cmp(&pa.meta.date).then_with(|| pa.file.cmp(&pb.file)),
                Some("title") => {
                    collate::compare(site.filing_title(a), site.filing_title(b)).then_with(|| pa.file.cmp(&pb.file))
                }
                _ => sort_key(&pa.meta, &pa.file).cmp(&sort_key(&pb.meta, &pb.file)),
            }
        });
        for (at, &p) in order.iter().enumerate() {
            self.pages[p].position = at;
        }
        self.sections[s].pages = order;
    }

    /// Orders section `s`'s subsections: by weight, then folder name.
    pub fn order_subsections(&mut self, s: usize) {
        let mut subs = std::mem::take(&mut self.sections[s].subsections);
        let sections = &self.sections;
        subs.sort_by(|&a, &b| {
            sort_key(&sections[a].meta, &sections[a].dir).cmp(&sort_key(&sections[b].meta, &sections[b].dir))
        });
        self.sections[s].subsections = subs;
    }

    /// Section `section` and every section below it, breadth first.
    pub fn subtree(&self, section: usize) -> Vec<usize> {
        let mut out = vec![section];
        let mut at = 0;
        while at < out.len() {
            out.extend(self.sections[out[at]].subsections.iter().copied());
            at += 1;
        }
        out
    }

    /// The published articles in the site's reading order: a section's
    /// own, then those of each section below it in turn, from the home
    /// page (the first section) down.
    pub fn reading_order(&self) -> Vec<usize> {
        fn walk(site: &Site, s: usize, out: &mut Vec<usize>) {
            let section = &site.sections[s];
            if !section.published {
                return;
            }
            out.extend(&section.pages);
            for &c in &section.subsections {
                walk(site, c, out);
            }
        }
        let mut out = Vec::new();
        if !self.sections.is_empty() {
            walk(self, 0, &mut out);
        }
        out
    }

    /// The language of `target`'s text: its own `lang`, else that of the
    /// nearest folder above it that has one (a publication in another
    /// language than the site's); `None` for the site's.
    pub fn lang_of(&self, target: Target) -> Option<&str> {
        self.inherited(target, |meta| Some(meta.lang.as_str()).filter(|l| !l.is_empty()))
    }

    /// Whether `target` shows its contents, as its front matter says, else
    /// as the nearest folder above it that says (`toc`), if any does.
    pub fn toc_of(&self, target: Target) -> Option<bool> {
        self.inherited(target, |meta| meta.toc)
    }

    /// What `target`'s front matter says of something (`get`), else what
    /// the nearest folder above it says.
    fn inherited<'s, T>(&'s self, target: Target, get: impl Fn(&'s FrontMatter) -> Option<T>) -> Option<T> {
        let mut above = match target {
            Target::Page(p) => Some(self.pages[p].section),
            Target::Section(s) => self.sections[s].parent,
        };
        if let Some(own) = get(self.meta_of(target)) {
            return Some(own);
        }
        while let Some(s) = above {
            let section = &self.sections[s];
            if let Some(said) = get(&section.meta) {
                return Some(said);
            }
            above = section.parent;
        }
        None
    }

    /// The sections from the home page down to `section`, inclusive.
    pub fn ancestors(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        while let Some(p) = self.sections[*chain.last().expect("chain starts non-empty")].parent {
            chain.push(p);
        }
        chain.reverse();
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_temp_files_are_ignored_and_names_that_only_look_alike_are_not() {
        for name in [
            ".hidden.md",
            ".#essay.md",
            "#essay.md#",
            "essay.md~",
            ".essay.md.swp",
            "~$essay.docx",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        // An article's title may well start with `#` (Emacs' auto-save
        // files end with one too).
        for name in ["#1-manifesto.md", "#ed.md", "essay#.md", "#", "notes.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn sort_by_title_collates_accented_titles_under_their_letter() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        let files = [
            ("_index.md", "---\ntitle: Home\nsort_by: title\n---\n"),
            ("a.md", "---\ntitle: Zapata's Land\n---\n"),
            ("b.md", "---\ntitle: Éloge de l'anarchie\n---\n"),
            ("c.md", "---\ntitle: against work\n---\n"),
            ("d.md", "---\ntitle: Free Schools\n---\n"),
        ];
        for (name, text) in files {
            std::fs::write(content.join(name), text).unwrap();
        }
        let mut diags = Vec::new();
        let site = load_site(content, content, false, "en", &[], &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let titles: Vec<&str> = site.sections[0]
            .pages
            .iter()
            .map(|&p| site.pages[p].meta.title.as_str())
            .collect();
        assert_eq!(
            titles,
            ["against work", "Éloge de l'anarchie", "Free Schools", "Zapata's Land"]
        );
    }
}

//! `serve`'s cache of rendered article bodies: each article's Markdown
//! rendered to HTML, kept (in a file of serve's private folder, not in
//! memory) with what rendering it reported and where its links led,
//! under the hash of the Markdown and the render options.
//!
//! A rebuild that re-renders a page whose Markdown did not change (its
//! neighbour's title changed, its section was retitled, a template or
//! `book.toml` was saved) takes the body from here instead of parsing,
//! passing and highlighting it again: the body is a function of its
//! Markdown, the annotation kinds and note placement, and where its links
//! lead (a page and its title, a file, nothing). The last are checked
//! again on every use: a body is reused only if each of its links still
//! leads where it led.
//!
//! The bodies of a 10,000-article site are ~170 MB: in a file they cost
//! the page cache (which the system may drop), not the server's memory.
//! The file is deleted as soon as it is made, so nothing is left behind
//! however serve ends; [`Bodies::compact`] copies it afresh when most of
//! it is bodies replaced since.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::markdown::{Found, Problem, RenderOptions, Rendered};

/// One article's body as last rendered.
struct Entry {
    /// The hash of its Markdown and the options it was rendered with.
    key: u64,
    /// Where its HTML is in the file, and its length.
    at: u64,
    len: usize,
    /// The rest of what the render gave (its `html` empty).
    rest: Rendered,
    problems: Vec<Problem>,
    asked: Asked,
}

/// What a render took from outside its Markdown: where each of its links
/// leads (a page and its title, a file, nothing). Recorded as it renders,
/// checked again on each reuse.
pub type Asked = Vec<(Box<str>, Option<Found<'static>>)>;

/// What a body is rendered for: an article's page, or a feed (its notes
/// at the end). An article has one of each kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Use {
    Page,
    Feed,
}

/// A body found in the cache.
pub struct Hit {
    pub rendered: Rendered,
    pub problems: Vec<Problem>,
}

pub struct Bodies {
    /// Where the file goes (a new one on [`Bodies::compact`]).
    dir: PathBuf,
    file: File,
    /// The file's length: bodies are appended at the end.
    end: AtomicU64,
    /// By the article's file, relative to the content folder, and what
    /// the body is for.
    entries: Mutex<HashMap<PathBuf, [Option<Entry>; 2]>>,
    /// Pages' bodies taken from here since [`Bodies::take_reused`] last
    /// asked.
    reused: AtomicUsize,
    /// Bytes of replaced bodies let be before compacting, beyond as many
    /// as are kept.
    slack: u64,
}

/// A new file in `dir`, already deleted (open, it lives on until closed).
fn unnamed_file(dir: &Path) -> std::io::Result<File> {
    std::fs::create_dir_all(dir)?;
    for n in 0u32.. {
        let path = dir.join(format!(".bodies-{}-{n}", std::process::id()));
        match File::options().read(true).write(true).create_new(true).open(&path) {
            Ok(file) => {
                // Where an open file cannot be deleted (Windows), it goes
                // with the private folder when serve stops.
                let _ = std::fs::remove_file(&path);
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("a free name among 2^32")
}

/// The hash a body is kept under: its Markdown and the settings it is
/// rendered with (where its links lead is checked one by one instead).
pub fn key(markdown: &str, opts: &RenderOptions) -> u64 {
    let mut h = ahash::AHasher::default();
    markdown.hash(&mut h);
    opts.hash_settings(&mut h);
    h.finish()
}

impl Bodies {
    /// A cache whose file goes in `dir`.
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        Ok(Bodies {
            dir: dir.to_path_buf(),
            file: unnamed_file(dir)?,
            end: AtomicU64::new(0),
            entries: Mutex::default(),
            reused: AtomicUsize::new(0),
            slack: 8 << 20,
        })
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, [Option<Entry>; 2]>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The body of `file` for `used` rendered from Markdown with `key`,
    /// if it is kept and each of its links still gets the title it got:
    /// `same(link, title)` asks for the link's title now, as a render
    /// would, and compares. A page's counts among the bodies reused.
    pub fn get(&self, file: &Path, used: Use, key: u64, same: impl Fn(&str, Option<&Found>) -> bool) -> Option<Hit> {
        let (at, len, rest, problems) = {
            let entries = self.entries();
            let e = entries.get(file)?[used as usize].as_ref().filter(|e| e.key == key)?;
            if !e.asked.iter().all(|(dest, was)| same(dest, was.as_ref())) {
                return None;
            }
            (e.at, e.len, e.rest.clone(), e.problems.clone())
        };
        let mut bytes = vec![0; len];
        read_at(&self.file, &mut bytes, at).ok()?;
        let html = String::from_utf8(bytes).ok()?;
        if used == Use::Page {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        Some(Hit {
            rendered: Rendered { html, ..rest },
            problems,
        })
    }

    /// Keeps `file`'s body for `used`, rendered from Markdown with `key`,
    /// in place of the one kept before. Nothing is kept if the file cannot
    /// be written (the next rebuild renders it again).
    pub fn put(&self, file: &Path, used: Use, key: u64, rendered: &Rendered, problems: &[Problem], asked: Asked) {
        let len = rendered.html.len();
        let at = self.end.fetch_add(len as u64, Ordering::Relaxed);
        if write_at(&self.file, rendered.html.as_bytes(), at).is_err() {
            return;
        }
        let entry = Entry {
            key,
            at,
            len,
            rest: Rendered {
                html: String::new(),
                notes: rendered.notes,
                words: rendered.words,
                anchors: rendered.anchors.clone(),
                raw_html: rendered.raw_html,
                headings: rendered.headings.clone(),
            },
            problems: problems.to_vec(),
            asked,
        };
        let mut entries = self.entries();
        match entries.get_mut(file) {
            Some(slots) => slots[used as usize] = Some(entry),
            None => {
                let mut slots = [None, None];
                slots[used as usize] = Some(entry);
                entries.insert(file.to_path_buf(), slots);
            }
        }
    }

    /// Whether less than half of the file is bodies still kept (each save
    /// of an article adds its body at the end): time to [`Bodies::compact`].
    pub fn wasteful(&self) -> bool {
        let live: u64 = self.entries().values().flatten().flatten().map(|e| e.len as u64).sum();
        self.end.load(Ordering::Relaxed) > 2 * live + self.slack
    }

    /// Compacts as soon as half the file is bodies replaced (for tests of
    /// what uses the cache, whose sites are small).
    #[cfg(test)]
    pub fn compact_eagerly(&mut self) {
        self.slack = 0;
    }

    /// Forgets the bodies of files `keep` refuses, and copies the rest to
    /// a new file.
    pub fn compact(&mut self, keep: impl Fn(&Path) -> bool) {
        let Ok(file) = unnamed_file(&self.dir) else {
            return;
        };
        let entries = self.entries.get_mut().unwrap_or_else(PoisonError::into_inner);
        let mut at = 0;
        let mut moved = HashMap::with_capacity(entries.len());
        for (path, slots) in entries.drain().filter(|(path, _)| keep(path)) {
            let slots = slots.map(|e| {
                let mut e = e?;
                let mut bytes = vec![0; e.len];
                read_at(&self.file, &mut bytes, e.at).ok()?;
                write_at(&file, &bytes, at).ok()?;
                e.at = at;
                at += e.len as u64;
                Some(e)
            });
            moved.insert(path, slots);
        }
        *entries = moved;
        self.file = file;
        *self.end.get_mut() = at;
    }

    /// How many bodies were taken from here since [`Bodies::take_reused`]
    /// last asked.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// How many bodies were taken from here since the last call.
    pub fn take_reused(&self) -> usize {
        self.reused.swap(0, Ordering::Relaxed)
    }

    /// How many bodies are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries().values().flatten().flatten().count()
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(windows)]
fn write_at(file: &File, mut buf: &[u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_write(buf, at)?;
        buf = &buf[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AnnotationKind;
    use crate::markdown::{Anchor, Heading, NotePlacement};

    fn rendered(html: &str) -> Rendered {
        Rendered {
            html: html.to_string(),
            notes: 2,
            words: 3,
            anchors: vec![Anchor {
                offset: 1,
                id: "x".into(),
                meant: Some("y".into()),
                page: None,
            }],
            raw_html: true,
            headings: vec![Heading {
                level: 2,
                id: "on-bread".into(),
                html: "On <em>bread</em>".into(),
            }],
        }
    }

    /// A page's title, or nothing there.
    fn found(title: Option<&str>) -> Found<'static> {
        title.map_or(Found::Nothing { hint: None }, |t| Found::Page(t.to_string().into()))
    }

    fn titles(pairs: &[(&str, Option<&str>)]) -> Asked {
        pairs.iter().map(|&(d, t)| (d.into(), Some(found(t)))).collect()
    }

    #[test]
    fn a_body_is_reused_only_for_its_markdown_options_and_link_titles() {
        let dir = tempfile::tempdir().unwrap();
        let bodies = Bodies::new(dir.path()).unwrap();
        let kinds = [AnnotationKind::new("ed", &["ed."], "Editor")];
        let opts = |kinds, notes| RenderOptions {
            words: crate::words::Words::english(),
            words_lang: None,
            kinds,
            notes,
            links: None,
            template_ids: None,
        };
        let key = key("See [b](../b/).", &opts(&kinds, NotePlacement::Inline));
        let warned = [Problem::warning(4, "a warning")];
        let links = titles(&[("../b/", Some("B")), ("../gone/", None)]);
        bodies.put(
            Path::new("a.md"),
            Use::Page,
            key,
            &rendered("<p>See b.</p>"),
            &warned,
            links,
        );
        // The other file, written after: each at its own place.
        bodies.put(
            Path::new("c.md"),
            Use::Page,
            7,
            &rendered("<p>C</p>"),
            &[],
            Asked::new(),
        );

        let now = |b: Option<&'static str>| {
            move |dest: &str, was: Option<&Found>| was == Some(&found(if dest == "../b/" { b } else { None }))
        };
        let hit = bodies
            .get(Path::new("a.md"), Use::Page, key, now(Some("B")))
            .expect("as it was");
        assert_eq!(hit.rendered.html, "<p>See b.</p>");
        assert_eq!((hit.rendered.notes, hit.rendered.words), (2, 3));
        assert_eq!(hit.rendered.anchors, rendered("").anchors);
        assert!(hit.rendered.raw_html);
        assert_eq!(hit.rendered.headings, rendered("").headings);
        assert_eq!(hit.problems, warned);
        assert_eq!(bodies.take_reused(), 1);
        assert_eq!(bodies.take_reused(), 0);

        // A link's page retitled, or gone.
        assert!(bodies.get(Path::new("a.md"), Use::Page, key, now(Some("B2"))).is_none());
        assert!(bodies.get(Path::new("a.md"), Use::Page, key, now(None)).is_none());
        // Other Markdown, other options, another file.
        assert_ne!(key, super::key("See [b](../b/)!", &opts(&kinds, NotePlacement::Inline)));
        assert_ne!(
            key,
            super::key("See [b](../b/).", &opts(&kinds, NotePlacement::InlineAndEnd))
        );
        let relabelled = [AnnotationKind::new("ed", &["ed."], "Editors")];
        assert_ne!(
            key,
            super::key("See [b](../b/).", &opts(&relabelled, NotePlacement::Inline))
        );
        assert!(bodies.get(Path::new("b.md"), Use::Page, key, now(Some("B"))).is_none());
        assert_eq!(bodies.take_reused(), 0);
        assert_eq!(
            bodies
                .get(Path::new("c.md"), Use::Page, 7, now(None))
                .unwrap()
                .rendered
                .html,
            "<p>C</p>"
        );

        // Saved again: the new body replaces the old.
        bodies.put(
            Path::new("a.md"),
            Use::Page,
            8,
            &rendered("<p>New.</p>"),
            &[],
            Asked::new(),
        );
        assert!(bodies.get(Path::new("a.md"), Use::Page, key, now(Some("B"))).is_none());
        assert_eq!(
            bodies
                .get(Path::new("a.md"), Use::Page, 8, now(None))
                .unwrap()
                .rendered
                .html,
            "<p>New.</p>"
        );
        assert_eq!(bodies.len(), 2);
    }

    #[test]
    fn compacting_keeps_the_bodies_still_wanted_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let mut bodies = Bodies::new(dir.path()).unwrap();
        assert!(!bodies.wasteful());
        // 4 MiB saved five times over: 16 MiB of bodies replaced.
        let big = "é".repeat(2 << 20);
        for n in 0..5 {
            bodies.put(Path::new("big.md"), Use::Page, n, &rendered(&big), &[], Asked::new());
        }
        bodies.put(
            Path::new("small.md"),
            Use::Page,
            1,
            &rendered("<p>small</p>"),
            &[],
            Asked::new(),
        );
        bodies.put(
            Path::new("gone.md"),
            Use::Page,
            1,
            &rendered("<p>gone</p>"),
            &[],
            Asked::new(),
        );
        assert!(bodies.wasteful());
        bodies.compact(|file| file != Path::new("gone.md"));
        assert!(!bodies.wasteful());
        assert_eq!(bodies.len(), 2);
        assert_eq!(*bodies.end.get_mut(), (big.len() + "<p>small</p>".len()) as u64);
        let any = |_: &str, _: Option<&Found>| true;
        assert_eq!(
            bodies
                .get(Path::new("big.md"), Use::Page, 4, any)
                .unwrap()
                .rendered
                .html,
            big
        );
        assert_eq!(
            bodies
                .get(Path::new("small.md"), Use::Page, 1, any)
                .unwrap()
                .rendered
                .html,
            "<p>small</p>"
        );
        assert!(bodies.get(Path::new("gone.md"), Use::Page, 1, any).is_none());
        // Nothing is left in the folder: the file was deleted when made.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// An article's page body and its feed body are kept side by side,
    /// through a compaction too; only the page's counts as reused.
    #[test]
    fn a_page_and_a_feed_body_of_one_file_are_both_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut bodies = Bodies::new(dir.path()).unwrap();
        let a = Path::new("a.md");
        bodies.put(a, Use::Page, 1, &rendered("<p>page</p>"), &[], Asked::new());
        bodies.put(a, Use::Feed, 2, &rendered("<p>feed</p>"), &[], Asked::new());
        let any = |_: &str, _: Option<&Found>| true;
        let html = |b: &Bodies, used, key| b.get(a, used, key, any).map(|h| h.rendered.html);
        assert_eq!(html(&bodies, Use::Feed, 2).as_deref(), Some("<p>feed</p>"));
        assert_eq!(bodies.reused(), 0, "a feed's body is not a page reused");
        assert_eq!(html(&bodies, Use::Page, 1).as_deref(), Some("<p>page</p>"));
        assert_eq!(bodies.reused(), 1);
        assert!(html(&bodies, Use::Page, 2).is_none(), "each under its own key");
        // Kept as the article's file is (serve keeps the site's files).
        bodies.compact(|file| file == a);
        assert_eq!(bodies.len(), 2);
        assert_eq!(html(&bodies, Use::Page, 1).as_deref(), Some("<p>page</p>"));
        assert_eq!(html(&bodies, Use::Feed, 2).as_deref(), Some("<p>feed</p>"));
    }
}

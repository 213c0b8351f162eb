//! Watching the site's files: the root (for `book.toml` and folders that
//! appear), and the content folder, `themes/`, `templates/` and `static/`
//! recursively. Events come in bursts (an editor's save is often several:
//! write a temp file, rename it over, touch the backup); a batch ends
//! after [`QUIET`] without events and goes to one rebuild. A save that
//! wrote files (in place, or new ones) and closed them all, the kernel
//! says so, is complete, and so is a deletion: its batch ends after only
//! [`SETTLE`]. Renames wait for quiet: editors that do not write in place
//! save by renaming, and halfway through the file looks gone. A file
//! written and not closed yet is still being written: where the system
//! reports closes, the batch waits up to [`WRITING`] for them (on a busy
//! machine a shell's `>` can empty a file well before it writes it).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RemoveKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::is_ignored_name;
use crate::Error;

/// How long the files must be still before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(25);
/// The same, once every file the batch changed was written (in place or
/// anew) and closed, or deleted: no rename is halfway.
pub const SETTLE: Duration = Duration::from_millis(3);
/// How long files written to and not closed yet are waited for, once the
/// system has been seen to report closes (Linux does; some systems never
/// do, and there the batch ends after [`QUIET`]).
pub const WRITING: Duration = Duration::from_millis(250);
/// A steady stream of events still rebuilds this often.
const LONGEST: Duration = Duration::from_millis(1000);

/// Paths that changed, relative to the site root.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// Events were lost (the OS queue overflowed): rebuild everything.
    pub rescan: bool,
}

pub struct Watch {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    /// The site root, canonical: event paths start with it.
    root: PathBuf,
    watched: HashSet<PathBuf>,
    /// Whether a file written to was ever reported closed.
    sees_closes: bool,
}

fn io_error(path: &Path, e: notify::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl Watch {
    /// Starts watching the site at `root` (canonical).
    pub fn new(root: &Path, content_dir: &Path) -> Result<Self, Error> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .map_err(|e| io_error(root, e))?;
        let mut watch = Watch {
            watcher,
            rx,
            root: root.to_path_buf(),
            watched: HashSet::new(),
            sees_closes: false,
        };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| io_error(root, e))?;
        watch.ensure(content_dir);
        Ok(watch)
    }

    /// Watches the folders that exist now and were not watched yet (they
    /// may have been made, or replaced, since).
    pub fn ensure(&mut self, content_dir: &Path) {
        for rel in [
            content_dir,
            Path::new("themes"),
            Path::new("templates"),
            Path::new("static"),
        ] {
            let dir = self.root.join(rel);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            if self.watched.contains(&dir) {
                continue;
            }
            match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(dir);
                }
                Err(e) => eprintln!("samizdat serve: cannot watch {}: {e}", dir.display()),
            }
        }
    }

    /// Waits for changes, then for [`QUIET`] (or [`SETTLE`]) without
    /// more; `None` when watching ended.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        let mut saves = Saves::default();
        let mut started = Instant::now();
        loop {
            self.sees_closes |= saves.closed;
            // Nothing that counts yet (only events to ignore, such as our
            // own builds reading the files): wait for as long as it takes.
            let waiting = batch.paths.is_empty() && !batch.rescan;
            let wait = match (saves.complete(), saves.only_writing() && self.sees_closes) {
                (true, _) => SETTLE,
                (false, true) => WRITING,
                (false, false) => QUIET,
            };
            let next = match waiting {
                true => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                false => self.rx.recv_timeout(wait),
            };
            match next {
                Ok(e) => {
                    add(&self.root, &mut batch, &mut saves, e);
                    // The batch's clock starts with its first event that
                    // counts (from an ignored one long before, a save was
                    // cut after its second event).
                    if waiting {
                        started = Instant::now();
                    }
                    if started.elapsed() > LONGEST && !batch.paths.is_empty() {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(batch)
    }
}

/// Adds an event's paths (relative to the site `root`) to `batch`, and
/// what it tells of the saves under way to `saves`.
fn add(root: &Path, batch: &mut Batch, saves: &mut Saves, event: notify::Result<notify::Event>) {
    let event = match event {
        Ok(e) => e,
        Err(e) => {
            eprintln!("samizdat serve: watching: {e}");
            batch.rescan = true;
            saves.other = true;
            return;
        }
    };
    if super::tracing() {
        eprintln!("trace: event {event:?}");
    }
    if event.need_rescan() {
        batch.rescan = true;
        saves.other = true;
    }
    let paths = event.paths.iter().filter_map(|p| {
        let rel = p.strip_prefix(root).ok()?;
        (!rel.as_os_str().is_empty()).then(|| rel.to_path_buf())
    });
    match event.kind {
        // A file written to was closed: that write is done.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
            saves.closed = true;
            for rel in paths {
                saves.open.remove(&rel);
            }
        }
        // Reading files (ours included) is no change.
        EventKind::Access(_) => {}
        // Written to, or a new file: done when closed. A new file that is
        // not an article may be a tool's temporary one, about to be
        // renamed over the file it rewrites (GNU `sed -i` writes
        // `sedXXXXXX` beside it): the batch waits for quiet, lest the
        // temporary file be copied into the site and deleted again.
        EventKind::Modify(ModifyKind::Data(_)) | EventKind::Create(CreateKind::File) => {
            let created = matches!(event.kind, EventKind::Create(_));
            for rel in paths {
                if created && rel.extension().is_none_or(|e| e != "md") {
                    saves.new_file = true;
                }
                // Not editors' swap and lock files: those stay open while
                // the editor runs, and the site is not built from them.
                let ignored = rel
                    .components()
                    .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()));
                if !ignored {
                    saves.open.insert(rel.clone());
                }
                batch.paths.insert(rel);
            }
        }
        // A file deleted (not renamed away: editors save by renaming, and
        // those wait for quiet) is complete as it is.
        EventKind::Modify(ModifyKind::Metadata(_)) | EventKind::Remove(RemoveKind::File) => batch.paths.extend(paths),
        _ => {
            saves.other = true;
            batch.paths.extend(paths);
        }
    }
}

/// How far the saves in a batch have got.
#[derive(Default)]
struct Saves {
    /// Files written to and not closed yet.
    open: HashSet<PathBuf>,
    /// Anything but files written in place or anew, or deleted: a rename
    /// (an editor's save may be halfway through), a new or removed folder,
    /// or lost events.
    other: bool,
    /// Whether a file written to was closed.
    closed: bool,
    /// Whether a new file other than an article was made (once written,
    /// it may yet be renamed: the batch waits for quiet).
    new_file: bool,
}

impl Saves {
    fn complete(&self) -> bool {
        !self.other && !self.new_file && self.open.is_empty()
    }

    /// Whether all that is missing is files being written.
    fn only_writing(&self) -> bool {
        !self.other && !self.open.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{RemoveKind, RenameMode};

    fn event(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from("/site").join(path)))
    }

    fn saves_after(events: Vec<notify::Result<notify::Event>>) -> (Batch, Saves) {
        let (mut batch, mut saves) = (Batch::default(), Saves::default());
        for e in events {
            add(Path::new("/site"), &mut batch, &mut saves, e);
        }
        (batch, saves)
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
    const NEW: EventKind = EventKind::Create(CreateKind::File);
    const CLOSED: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));

    #[test]
    fn an_in_place_save_is_complete_once_closed() {
        let (batch, saves) = saves_after(vec![event(WRITE, "content/a.md")]);
        assert!(!saves.complete(), "still open for writing");
        assert_eq!(batch.paths, BTreeSet::from([PathBuf::from("content/a.md")]));
        let (batch, saves) = saves_after(vec![
            event(WRITE, "content/a.md"),
            event(WRITE, "content/a.md"),
            event(CLOSED, "content/a.md"),
        ]);
        assert!(saves.complete());
        assert_eq!(batch.paths.len(), 1);
        // Two files, one still open.
        let (_, saves) = saves_after(vec![
            event(WRITE, "content/a.md"),
            event(WRITE, "content/b.md"),
            event(CLOSED, "content/a.md"),
        ]);
        assert!(!saves.complete());
        // A new file, written and closed.
        let (batch, saves) = saves_after(vec![event(NEW, "content/b.md")]);
        assert!(!saves.complete());
        assert_eq!(batch.paths.len(), 1);
        let (_, saves) = saves_after(vec![
            event(NEW, "content/b.md"),
            event(WRITE, "content/b.md"),
            event(CLOSED, "content/b.md"),
        ]);
        assert!(saves.complete());
        // A new file that is not an article (an image, or a tool's
        // temporary file to be renamed over an article): quiet first.
        for name in ["content/sedAb12Cd", "content/fig.png"] {
            let (_, saves) = saves_after(vec![event(NEW, name), event(WRITE, name), event(CLOSED, name)]);
            assert!(!saves.complete(), "{name}");
        }
    }

    #[test]
    fn renames_and_folders_wait_for_quiet() {
        // vim's save: the file renamed to a backup, a new one written, the
        // backup removed. Halfway, the article looks deleted.
        let steps = [
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Create(CreateKind::Folder),
            EventKind::Remove(RemoveKind::Folder),
        ];
        for kind in steps {
            let (batch, saves) = saves_after(vec![event(kind, "content/a.md"), event(CLOSED, "content/a.md")]);
            assert!(!saves.complete(), "{kind:?}");
            assert_eq!(batch.paths.len(), 1);
        }
        let (batch, saves) = saves_after(vec![Err(notify::Error::generic("queue overflow"))]);
        assert!(batch.rescan && !saves.complete());
    }

    #[test]
    fn a_deleted_file_is_complete() {
        let gone = EventKind::Remove(RemoveKind::File);
        let (batch, saves) = saves_after(vec![event(gone, "content/a.md")]);
        assert!(saves.complete());
        assert_eq!(batch.paths, BTreeSet::from([PathBuf::from("content/a.md")]));
        // vim's save ends by deleting its backup: complete only once the
        // renames before it are long past (a batch of their own).
        let (_, saves) = saves_after(vec![
            event(EventKind::Modify(ModifyKind::Name(RenameMode::From)), "content/a.md"),
            event(NEW, "content/a.md"),
            event(CLOSED, "content/a.md"),
            event(gone, "content/a.md~"),
        ]);
        assert!(!saves.complete());
    }

    #[test]
    fn reading_files_is_no_change() {
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let (batch, _) = saves_after(vec![event(read, "content/a.md"), event(CLOSED, "content/b.md")]);
        assert!(batch.paths.is_empty());
    }

    #[test]
    fn files_being_written_are_waited_for_but_swap_files_are_not() {
        let (_, saves) = saves_after(vec![event(WRITE, "content/a.md")]);
        assert!(saves.only_writing() && !saves.closed);
        let (_, saves) = saves_after(vec![event(WRITE, "content/a.md"), event(CLOSED, "content/a.md")]);
        assert!(saves.complete() && saves.closed);
        // An editor's swap file stays open while it runs.
        let (batch, saves) = saves_after(vec![event(WRITE, "content/.a.md.swp")]);
        assert!(saves.complete() && batch.paths.len() == 1);
        // A rename under way waits for quiet, not for the writes.
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let (_, saves) = saves_after(vec![event(WRITE, "content/a.md"), event(renamed, "content/b.md")]);
        assert!(!saves.only_writing());
    }

    /// A real watch on a site in a temporary folder (kept while it lives)
    /// with one article, `content/a.md` (the path returned), its first
    /// batch taken.
    #[cfg(target_os = "linux")]
    fn watched_article() -> (tempfile::TempDir, Watch, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let mut watch = Watch::new(&root, Path::new("content")).unwrap();
        let file = root.join("content/a.md");
        std::fs::write(&file, "---\ntitle: A\n---\n").unwrap();
        assert!(watch.next_batch().unwrap().paths.contains(Path::new("content/a.md")));
        (dir, watch, file)
    }

    /// A real watch on a folder: a file emptied, then written well after
    /// (more than [`QUIET`]) and closed, comes as one batch, once closes
    /// were seen to be reported.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_emptied_and_written_later_is_one_batch() {
        use std::io::Write;
        let (_dir, mut watch, file) = watched_article();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::File::create(&file).unwrap();
            std::thread::sleep(QUIET * 4);
            f.write_all(b"---\ntitle: A, again\n---\n").unwrap();
        });
        let started = Instant::now();
        let batch = watch.next_batch().unwrap();
        let waited = started.elapsed();
        writer.join().unwrap();
        assert!(waited >= QUIET * 4, "a batch before the file was written ({waited:?})");
        assert_eq!(batch.paths, BTreeSet::from([PathBuf::from("content/a.md")]));
    }

    /// A real watch: a file read (as our own builds read them), then, well
    /// after, rewritten as GNU `sed -i` does (a new temporary file beside
    /// it, written, closed and renamed over it): one batch with both. (The
    /// batch's clock started at the read, and cut the save after its
    /// second event: the temporary file was copied into the site alone.)
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_long_after_files_were_read_is_one_batch() {
        let (_dir, mut watch, file) = watched_article();
        let sed = std::thread::spawn(move || {
            std::fs::read(&file).unwrap();
            std::thread::sleep(LONGEST + QUIET * 4);
            let temp = file.with_file_name("sedAb12Cd");
            std::fs::write(&temp, "---\ntitle: A, again\n---\n").unwrap();
            std::fs::rename(&temp, &file).unwrap();
        });
        let batch = watch.next_batch().unwrap();
        sed.join().unwrap();
        assert_eq!(
            batch.paths,
            BTreeSet::from([PathBuf::from("content/a.md"), PathBuf::from("content/sedAb12Cd")])
        );
    }
}

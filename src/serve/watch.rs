//! Watching the site's files: the root (for `book.toml` and folders that
//! appear), and the content folder, `themes/`, `templates/` and `static/`
//! recursively. Events come in bursts (an editor's save is often several:
//! write a temp file, rename it over, touch the backup); a batch ends
//! after [`QUIET`] without events and goes to one rebuild.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::Error;

/// How long the files must be still before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(25);
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

    /// Waits for changes, then for [`QUIET`]; `None` when watching ended.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        let first = self.rx.recv().ok()?;
        self.add(&mut batch, first);
        let started = Instant::now();
        loop {
            match self.rx.recv_timeout(QUIET) {
                Ok(e) => {
                    self.add(&mut batch, e);
                    if started.elapsed() > LONGEST && !batch.paths.is_empty() {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    if batch.paths.is_empty() && !batch.rescan {
                        // Only events to ignore so far: keep waiting.
                        let e = self.rx.recv().ok()?;
                        self.add(&mut batch, e);
                        continue;
                    }
                    break;
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(batch)
    }

    fn add(&self, batch: &mut Batch, event: notify::Result<notify::Event>) {
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                eprintln!("samizdat serve: watching: {e}");
                batch.rescan = true;
                return;
            }
        };
        if std::env::var_os("SAMIZDAT_SERVE_TRACE").is_some() {
            eprintln!("trace: event {event:?}");
        }
        if event.need_rescan() {
            batch.rescan = true;
        }
        // Reading files (ours included) is no change.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for p in event.paths {
            if let Ok(rel) = p.strip_prefix(&self.root) {
                if !rel.as_os_str().is_empty() {
                    batch.paths.insert(rel.to_path_buf());
                }
            }
        }
    }
}

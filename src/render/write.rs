//! Writing the output folder atomically: a build writes to a fresh folder
//! beside the output and swaps it in only when it succeeded, so a failed
//! build leaves the previous output untouched. Nothing outside the output
//! folder (and its two temporary siblings) is ever deleted. `serve` builds
//! into the folder it serves instead ([`InPlace`]): only changed files,
//! written to spare files beside it and swapped in when the build
//! succeeded.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::Error;

/// Marks a folder as samizdat's output, so a rebuild may replace it.
pub const MARKER: &str = ".samizdat-output";

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Resolve symlinks and `..` through the part that exists.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Refuses output folders a build must never replace.
pub fn check_output(root: &Path, content: &Path, output: &Path) -> Result<(), Error> {
    let (root, content, out) = (absolute(root), absolute(content), absolute(output));
    let refuse = |reason: &str| {
        Err(Error::OutputRefused {
            path: output.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    if out.parent().is_none() {
        return refuse("it is the file system root");
    }
    if out == root {
        return refuse("it is the site root");
    }
    if root.starts_with(&out) {
        return refuse("it contains the site");
    }
    if out == content || out.starts_with(&content) || content.starts_with(&out) {
        return refuse("it overlaps the content folder");
    }
    if out.is_file() {
        return refuse("it is a file");
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(false)
    {
        return refuse("it exists, is not empty and was not written by samizdat; remove it or choose another --output");
    }
    Ok(())
}

/// A build's fresh output folder, swapped in by [`Staging::commit`].
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    old: PathBuf,
}

fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.samizdat-{what}"))
}

impl Staging {
    pub fn new(target: &Path) -> Result<Self, Error> {
        let target = absolute(target);
        let dir = sibling(&target, "new");
        let old = sibling(&target, "old");
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        std::fs::write(dir.join(MARKER), "").map_err(io(&dir))?;
        Ok(Staging { dir, target, old })
    }

    /// Swaps the new output in place of the old.
    pub fn commit(self) -> Result<PathBuf, Error> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io(&self.old))?;
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &self.old).map_err(io(&self.target))?;
        }
        std::fs::rename(&self.dir, &self.target).map_err(io(&self.target))?;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io(&self.old))?;
        }
        Ok(self.target.clone())
    }

    /// Drops the new output; the old stays as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Whether the file at `path` (`meta` its metadata, if it is there)
/// holds exactly `bytes`: its length first, as most files that changed
/// did not keep theirs.
fn holds(path: &Path, meta: Option<&std::fs::Metadata>, bytes: &[u8]) -> bool {
    meta.is_some_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|was| was == bytes)
}

/// Writes `bytes` to `dir/rel`; or, when `old/rel` (the output being
/// replaced) holds those bytes already, links that file there instead: a
/// rebuild writes only the files that changed (on a disk, writing a large
/// site's every file again costs seconds: on this project's test machine,
/// 5 s of system time for 20,000 files, against 2 s to link them), and
/// the others keep their modification time. Safe because nothing writes
/// into an output's file in place: the output replaced is deleted whole
/// after the swap. Where links cannot be made (another file system, FAT),
/// the bytes are written.
pub fn write_or_link(dir: &Path, old: Option<&Path>, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let Some(old) = old else {
        return write_file(dir, rel, bytes);
    };
    let from = old.join(rel);
    let path = dir.join(rel);
    make_parent(&path)?;
    if holds(&from, std::fs::symlink_metadata(&from).ok().as_ref(), bytes) && std::fs::hard_link(&from, &path).is_ok() {
        return Ok(());
    }
    // A file there already may be a link to the old output's (written
    // twice: a build that fails, as two things at one address do): it is
    // replaced, never written through.
    let create = || std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    let mut file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::remove_file(&path).and_then(|()| create()),
        other => other,
    }
    .map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    std::io::Write::write_all(&mut file, bytes).map_err(|source| Error::Io { path, source })
}

/// Writes `bytes` to `dir/rel`, creating folders.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = dir.join(rel);
    make_parent(&path)?;
    std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })
}

/// Makes the folders `path` goes in.
fn make_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// A build written into the output it replaces, a file at a time: each
/// file whose bytes changed is written to a spare file first, in a folder
/// beside the output; [`InPlace::commit`] swaps each in for the file it
/// replaces and deletes the files the build no longer makes,
/// [`InPlace::discard`] leaves them spare (a failed build leaves the output
/// as it was; where spares are not kept, they are deleted). What `serve` builds into: unlike a fresh folder, no folder
/// is made again and no unchanged file written, which on a disk is most of
/// a large site's rebuild (this project's test machine takes ~300 us per
/// folder made: 3 s for 10,000 articles, each in a folder of its own).
/// Requests go on reading the old files until each is swapped out.
///
/// Where the system can swap two files' names at once (Linux), the file
/// swapped out stays as a spare for the next build to write over: a
/// rebuild makes and deletes no files but the new and the gone. ext4
/// without a journal (this project's test machine's disk) takes ~3 times
/// as long to make a file while many were deleted in the last ~30 s (it
/// checks each free inode for a recent deletion: `recently_deleted`): a
/// rebuild that renamed 20,000 new files over the old took 6-8 s there,
/// one that swaps spares ~2 s. On a journaled ext4 the two are even
/// (1.5-2.1 s against 1.7-2.2 s for every page of 10,000 articles). On
/// tmpfs both take ~0.5 s and a spare would hold memory: none is kept.
pub struct InPlace {
    root: PathBuf,
    /// Where the spare files are: `.<root's name>.samizdat-spare`.
    spares: PathBuf,
    /// Whether files swapped out stay there as spares (see [`keeps_spares`]).
    keep_spares: bool,
    /// The number of the next spare file to write.
    next_spare: AtomicUsize,
    state: Mutex<InPlaceState>,
}

#[derive(Default)]
struct InPlaceState {
    /// Every file the build makes, relative to the root.
    made: HashSet<PathBuf>,
    /// Those whose bytes changed -> the spare file they are written to.
    staged: HashMap<PathBuf, PathBuf>,
    /// Folders made for them (the first missing one of each path).
    new_dirs: Vec<PathBuf>,
}

/// Where an [`InPlace`] build of `root` keeps its spare files.
pub fn spares_of(root: &Path) -> PathBuf {
    sibling(root, "spare")
}

/// Whether the files an [`InPlace`] build of `root` swaps out are kept
/// as spares: where the system can swap two files' names at once
/// (Linux), unless the output is in memory (tmpfs makes files as fast as
/// it swaps them, and a spare would hold memory).
#[allow(
    clippy::useless_conversion,
    reason = "statfs's f_type is an i64 on x86_64 but narrower on other Linux targets"
)]
fn keeps_spares(root: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        const TMPFS_MAGIC: i64 = 0x0102_1994;
        rustix::fs::statfs(root).map_or(true, |fs| i64::from(fs.f_type) != TMPFS_MAGIC)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        false
    }
}

/// Puts `spare` in place of `target`; if `keep`, swaps the two, and
/// `spare` then holds what `target` held (where the system cannot swap
/// them, or `target` is new, the spare is used up).
fn swap_in(spare: &Path, target: &Path, keep: bool) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if keep {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, spare, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = keep;
    std::fs::rename(spare, target)
}

impl InPlace {
    pub fn new(root: &Path) -> Self {
        InPlace {
            root: root.to_path_buf(),
            spares: spares_of(root),
            keep_spares: keeps_spares(root),
            next_spare: AtomicUsize::new(0),
            state: Mutex::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the files this build swaps out stay as spares.
    pub fn keeps_spares(&self) -> bool {
        self.keep_spares
    }

    fn state(&self) -> std::sync::MutexGuard<'_, InPlaceState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The build makes `rel` with `bytes`: written to a spare file if they
    /// differ from the old file's. A folder where the file goes (or a file
    /// where its folder goes) is an error: the caller builds afresh.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let rel = PathBuf::from(rel);
        let path = self.root.join(&rel);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let old = std::fs::symlink_metadata(&path).ok();
        if old.as_ref().is_some_and(|m| !m.is_file()) {
            let clash = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "not a file in the served build");
            return Err(Error::Io { path, source: clash });
        }
        if holds(&path, old.as_ref(), bytes) {
            let mut state = self.state();
            // Made twice, the last time as it was: not changed after all.
            state.staged.remove(&rel);
            state.made.insert(rel);
            return Ok(());
        }
        let parent = path.parent().expect("under the root");
        if !parent.is_dir() {
            let first_missing = parent
                .ancestors()
                .take_while(|a| !a.exists())
                .last()
                .map(Path::to_path_buf);
            std::fs::create_dir_all(parent).map_err(io(parent))?;
            self.state().new_dirs.extend(first_missing);
        }
        let spare = self
            .spares
            .join(self.next_spare.fetch_add(1, Ordering::Relaxed).to_string());
        // Over a spare file if there is one: its number, not a new one.
        let mut written = std::fs::write(&spare, bytes);
        if written
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            // The first spare (pages are put from several threads at once).
            std::fs::create_dir_all(&self.spares).map_err(io(&self.spares))?;
            written = std::fs::write(&spare, bytes);
        }
        written.map_err(io(&spare))?;
        let mut state = self.state();
        state.staged.insert(rel.clone(), spare);
        state.made.insert(rel);
        Ok(())
    }

    /// Puts the changed files in place (each swap puts a whole file in at
    /// once); returns them, relative to the root.
    pub fn commit_changed(&self) -> Result<Vec<PathBuf>, Error> {
        let mut state = self.state();
        let staged: Vec<(PathBuf, PathBuf)> = state.staged.drain().collect();
        state.new_dirs.clear();
        drop(state);
        self.next_spare.store(0, Ordering::Relaxed);
        let mut changed = Vec::with_capacity(staged.len());
        for (rel, spare) in staged {
            let path = self.root.join(&rel);
            swap_in(&spare, &path, self.keep_spares).map_err(|source| Error::Io { path, source })?;
            changed.push(rel);
        }
        self.drop_spares();
        Ok(changed)
    }

    /// Where spares are not kept, deletes those left (written by a build
    /// that failed, or for a file made twice).
    fn drop_spares(&self) {
        if !self.keep_spares {
            let _ = std::fs::remove_dir_all(&self.spares);
        }
    }

    /// Puts the changed files in place and deletes those the build no
    /// longer makes (and folders that leaves empty): the build is all of
    /// the output.
    pub fn commit(&self) -> Result<(), Error> {
        self.commit_changed()?;
        let state = std::mem::take(&mut *self.state());
        self.remove_unmade(&state.made, Path::new(""));
        Ok(())
    }

    /// Deletes file `rel` (relative to the root) unless the build made it,
    /// and the folders that leaves empty; whether it was there to delete.
    pub fn remove_unless_made(&self, rel: &Path) -> bool {
        let made = self.state().made.contains(rel);
        !made && self.remove_with_empty_folders(&self.root.join(rel))
    }

    /// Deletes folder `dir` (relative to the root) with what is in it, but
    /// for the files the build made and the folders holding them; whether
    /// anything was deleted.
    pub fn remove_all_but_made(&self, dir: &Path) -> bool {
        let state = self.state();
        self.remove_unmade(&state.made, dir)
    }

    /// Deletes the files in folder `dir` (relative to the root) that are
    /// not in `made` (nor the output's marker), and the folders that leaves
    /// empty, up to the root; whether any was deleted.
    fn remove_unmade(&self, made: &HashSet<PathBuf>, dir: &Path) -> bool {
        let gone: Vec<PathBuf> = walkdir::WalkDir::new(self.root.join(dir))
            .into_iter()
            .flatten()
            .filter(|e| !e.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .filter(|path| {
                let rel = path.strip_prefix(&self.root).unwrap_or(path);
                rel != Path::new(MARKER) && !made.contains(rel)
            })
            .collect();
        let mut deleted = false;
        for path in &gone {
            deleted |= self.remove_with_empty_folders(path);
        }
        deleted
    }

    /// Deletes file `path` and the folders that leaves empty, up to the
    /// root; whether it was there to delete.
    fn remove_with_empty_folders(&self, path: &Path) -> bool {
        if std::fs::remove_file(path).is_err() {
            return false;
        }
        for dir in path.ancestors().skip(1).take_while(|d| *d != self.root) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
        true
    }

    /// Leaves what the build wrote spare (or deletes it, where spares are
    /// not kept), and deletes the folders it made: the output is as it
    /// was.
    pub fn discard(&self) {
        let state = std::mem::take(&mut *self.state());
        self.next_spare.store(0, Ordering::Relaxed);
        for dir in state.new_dirs.iter().rev() {
            let _ = std::fs::remove_dir_all(dir);
        }
        self.drop_spares();
    }
}

impl Drop for InPlace {
    /// A build that stopped halfway (an error) leaves nothing behind in
    /// the output.
    fn drop(&mut self) {
        self.discard();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output (in a temporary folder, with its root) holding one page,
    /// `a/index.html`, that says "old".
    fn served_page() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "old").unwrap();
        (dir, root)
    }

    #[test]
    fn a_file_written_again_never_writes_through_a_link_to_the_old_output() {
        let (dir, root) = served_page();
        let new = dir.path().join("new");
        write_or_link(&new, Some(&root), "a/index.html", b"old").unwrap();
        write_or_link(&new, Some(&root), "a/index.html", b"other").unwrap();
        assert_eq!(std::fs::read(new.join("a/index.html")).unwrap(), b"other");
        assert_eq!(std::fs::read(root.join("a/index.html")).unwrap(), b"old");
    }

    /// Pages are put from several threads: the one that takes the first
    /// spare number may not have made the spares' folder yet when another
    /// writes the second.
    #[test]
    fn a_page_put_before_the_first_spare_is_written_finds_its_folder() {
        let (_dir, root) = served_page();
        let in_place = InPlace::new(&root);
        // Spare 0 taken by a thread that has not written it yet.
        in_place.next_spare.fetch_add(1, Ordering::Relaxed);
        in_place.put("a/index.html", b"new").unwrap();
        in_place.put("b/index.html", b"more").unwrap();
        in_place.commit().unwrap();
        assert_eq!(std::fs::read(root.join("a/index.html")).unwrap(), b"new");
        assert_eq!(std::fs::read(root.join("b/index.html")).unwrap(), b"more");
        // The old page is spare where spares are kept.
        let spare = std::fs::read(spares_of(&root).join("1"));
        match in_place.keeps_spares() {
            true => assert_eq!(spare.unwrap(), b"old"),
            false => assert!(spare.is_err()),
        }
    }

    /// A failed build leaves the output as it was, and its files spare.
    #[test]
    fn a_discarded_build_leaves_the_output_as_it_was() {
        let (_dir, root) = served_page();
        let in_place = InPlace::new(&root);
        in_place.put("a/index.html", b"new").unwrap();
        in_place.put("new/page/index.html", b"more").unwrap();
        let keeps = in_place.keeps_spares();
        drop(in_place);
        assert_eq!(std::fs::read(root.join("a/index.html")).unwrap(), b"old");
        assert!(!root.join("new").exists());
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 1);
        // Spare, for the next build to write over; or gone.
        assert_eq!(spares_of(&root).exists(), keeps);
    }
}

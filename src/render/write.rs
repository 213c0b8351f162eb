//! Writing the output folder atomically: a build writes to a fresh folder
//! beside the output and swaps it in only when it succeeded, so a failed
//! build leaves the previous output untouched. Nothing outside the output
//! folder (and its two temporary siblings) is ever deleted.

use std::path::{Path, PathBuf};

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

/// Writes `bytes` to `dir/rel`, creating folders.
/// Writes `bytes` to `dir/rel`; or, when `old/rel` (a build being served)
/// holds those bytes already, links that file there instead. A full
/// rebuild under `serve` then writes only the files that changed: on a
/// disk, writing a large site's every file costs seconds (on this
/// project's test machine, 5 s of system time for 20,000 files, against
/// 2 s to link them). Safe because nothing writes into a served file in
/// place: `serve` renames new files over old ones and deletes old folders
/// whole. Where links cannot be made (another file system, FAT), the
/// bytes are written.
pub fn write_or_link(dir: &Path, old: Option<&Path>, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    if let Some(from) = old.map(|old| old.join(rel)) {
        let same = std::fs::metadata(&from).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&from).is_ok_and(|was| was == bytes);
        if same {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            if std::fs::hard_link(&from, &path).is_ok() {
                return Ok(());
            }
        }
    }
    write_file(dir, rel, bytes)
}

pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })
}

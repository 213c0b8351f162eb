//! Diagnostics: problems found in the editors' files, each tied to a place.
//!
//! Passes store byte offsets into the file they read; this module turns them
//! into 1-based `line:col` in one place and prints every diagnostic of a run,
//! sorted, as `content/vol-3/net.md:14:9: warning: message`.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem at one place, already resolved to a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path as shown to the user: relative to the site root where possible.
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn sort_key(&self) -> (&Path, usize, usize) {
        (&self.path, self.line, self.col)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.path.display())?;
        if self.line > 0 {
            write!(f, "{}:{}:", self.line, self.col)?;
        }
        write!(f, " {}: {}", self.severity, self.message)
    }
}

/// The text of one file, for turning byte offsets into line:col.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Source { path, text }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.line_cols(&[offset])[0]
    }

    /// [`Source::line_col`] of each of `offsets`, in one pass over the
    /// text: a book with thousands of them is not counted from its start
    /// for each.
    pub fn line_cols(&self, offsets: &[usize]) -> Vec<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&k| offsets[k]);
        let mut found = vec![(1, 1); offsets.len()];
        let (mut at, mut line, mut line_start) = (0, 1, 0);
        for k in order {
            let offset = offsets[k].min(bytes.len());
            let run = &bytes[at..offset];
            // Counted in runs short enough for a byte counter, which the
            // compiler counts many at a time.
            line += run
                .chunks(255)
                .map(|run| run.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')) as usize)
                .sum::<usize>();
            if let Some(i) = memchr::memrchr(b'\n', run) {
                line_start = at + i + 1;
            }
            at = offset;
            // Count characters, not bytes, so columns match what editors
            // show (the bytes that do not start one: an offset inside a
            // character is not one more column).
            let col = bytes[line_start..offset]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count()
                + 1;
            found[k] = (line, col);
        }
        found
    }

    pub fn diagnostic(&self, offset: usize, severity: Severity, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        Diagnostic {
            path: self.path.to_path_buf(),
            line,
            col,
            severity,
            message: message.into(),
        }
    }
}

/// Every diagnostic of a run, collected from many threads, printed once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.message.cmp(&b.message)));
        self.items.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_line_and_char_column() {
        let text = "ab\n–cd\r\nx";
        let s = Source::new(Path::new("a.md"), text);
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        // after the 3-byte en dash: column 2
        assert_eq!(s.line_col(6), (2, 2));
        assert_eq!(s.line_col(text.len() - 1), (3, 1));
        // Inside the dash: it is begun, as before.
        assert_eq!(s.line_col(4), (2, 2));
        // Past the end: the end.
        assert_eq!(s.line_col(100), (3, 2));
        // Many lines, counted in runs: as a plain count gives them.
        let long: String = (0..2000).map(|n| format!("{}é\n", "x".repeat(n % 300))).collect();
        let s = Source::new(Path::new("a.md"), &long);
        let offsets = [70_000, 0, 1, 254, 255, 256, long.len() - 2, 255, 300];
        let plain = |offset: usize| {
            let before = &long.as_bytes()[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
            (line, col)
        };
        for offset in offsets {
            assert_eq!(s.line_col(offset), plain(offset), "at {offset}");
        }
        // Many at once, in any order, repeated: each as alone.
        let all: Vec<(usize, usize)> = offsets.iter().map(|&o| plain(o)).collect();
        assert_eq!(s.line_cols(&offsets), all);
    }

    #[test]
    fn diagnostic_prints_as_path_line_col() {
        let s = Source::new(Path::new("content/a.md"), "x\ny");
        let d = s.diagnostic(2, Severity::Warning, "footnote `[^4]` is never referenced");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: warning: footnote `[^4]` is never referenced"
        );
    }
}

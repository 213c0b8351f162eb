//! Shared helpers: run the binary, copy fixtures, parse output HTML.

#![allow(dead_code, reason = "each test module uses a different part")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_samizdat")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a fixture site (or any folder) into a fresh temp dir.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(from, dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("under fixture");
        if rel.starts_with("public") || rel.starts_with("target") || rel.starts_with(".git") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Runs `samizdat ARGS` with the given working folder.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run samizdat")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds a copy of a fixture; returns the temp site and the output.
pub fn build_fixture(name: &str) -> (tempfile::TempDir, Output) {
    let site = copy_site(&fixture(name));
    let out = run(site.path(), &["build"]);
    (site, out)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

pub fn html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    doc.select(&sel).collect()
}

pub fn text_of(el: &scraper::ElementRef) -> String {
    el.text().collect::<String>()
}

/// Writes a file in a site, creating folders.
pub fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// The stderr lines that are diagnostics (`path:line:col: severity: …`).
pub fn diagnostics(out: &Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

/// Asserts the diagnostics are these, in order: each starting with its
/// prefix and containing its phrase.
pub fn assert_diagnostics(out: &Output, expected: &[(&str, &str)]) {
    let d = diagnostics(out);
    assert_eq!(d.len(), expected.len(), "expected {expected:?}, got:\n{}", stderr(out));
    for (line, (prefix, phrase)) in d.iter().zip(expected) {
        assert!(line.starts_with(prefix), "expected `{prefix}`, got `{line}`");
        assert!(line.contains(phrase), "expected `{phrase}` in `{line}`");
    }
}

/// A Markdown file: front matter `front` (without its `---` lines), then
/// `body`.
pub fn article(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n\n{body}\n")
}

/// `%XX` escapes decoded (the tests' own: well-formed UTF-8 expected).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Adds `keys` (`base_url = "…"`, lines of TOML) to the `[site]` table of
/// a site's book.toml, first in it.
pub fn add_site_keys(site: &Path, keys: &str) {
    let config = read(&site.join("book.toml"));
    assert!(config.contains("[site]\n"), "no [site] table: {config}");
    write(
        site,
        "book.toml",
        &config.replacen("[site]\n", &format!("[site]\n{keys}\n"), 1),
    );
}

/// Adds `tables` (`[print]\nepub = true`, TOML) at the end of a site's
/// book.toml.
pub fn add_config(site: &Path, tables: &str) {
    let config = read(&site.join("book.toml"));
    write(site, "book.toml", &format!("{config}\n{tables}\n"));
}

/// A minimal site: book.toml plus the given content files.
pub fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "book.toml",
        "[site]\ntitle = \"Test\"\n\n[annotations.tr]\nmarkers = [\"tr.\", \"trans.\"]\nlabel = \"Translator\"\n",
    );
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

/// A browser's executable: `fixed` if it is there, else the first of
/// `names` on PATH.
pub fn find_exe(fixed: &str, names: &[&str]) -> Option<PathBuf> {
    let fixed = PathBuf::from(fixed);
    if fixed.is_file() {
        return Some(fixed);
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Whether a websocket read that failed with `e` only found nothing to
/// read yet: the socket's read timeout ran out, or a signal interrupted
/// the read (EINTR: the tests start and reap many processes), so read
/// again. Anything else is a lost connection.
pub fn read_again(e: &tungstenite::Error) -> bool {
    use std::io::ErrorKind;
    matches!(e, tungstenite::Error::Io(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted))
}

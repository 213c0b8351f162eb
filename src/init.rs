//! `samizdat init DIR`: a new site that builds at once, using the built-in
//! default theme.

use std::path::Path;

use crate::Error;

const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("init/book.toml")),
    ("content/_index.md", include_str!("init/_index.md")),
    (
        "content/first-issue/_index.md",
        include_str!("init/first-issue/_index.md"),
    ),
    (
        "content/first-issue/welcome.md",
        include_str!("init/first-issue/welcome.md"),
    ),
    (
        "content/authors/the-editors.md",
        include_str!("init/authors/the-editors.md"),
    ),
];

/// Writes a new site into `dir`, which must be missing or empty.
pub fn init_site(dir: &Path) -> Result<(), Error> {
    let not_empty = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    if not_empty {
        return Err(Error::OutputRefused {
            path: dir.to_path_buf(),
            reason: "the folder is not empty".into(),
        });
    }
    for (rel, text) in FILES {
        crate::render::write::write_file(dir, rel, text.as_bytes())?;
    }
    Ok(())
}

//! Themes: Tera templates and static files. A site's own `templates/` and
//! `static/` override the theme's files of the same name. The default theme
//! is built into the binary, so `samizdat init` sites need no theme folder;
//! a `themes/default/` folder in the site, if present, wins.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::Error;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

pub struct Theme {
    pub tera: Tera,
    /// (path relative to the output root, bytes)
    pub statics: Vec<(String, StaticFile)>,
    /// Template files read from disk, for watching and messages.
    pub template_files: Vec<PathBuf>,
}

fn collect_dir(dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if entry.file_type().is_file() && !crate::content::is_ignored_name(&entry.file_name().to_string_lossy()) {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, entry.path().to_path_buf()));
        }
    }
}

fn collect_embedded(dir: &'static Dir<'static>, sub: &str, out: &mut Vec<(String, &'static [u8])>) {
    let Some(d) = dir.get_dir(sub) else { return };
    fn rec(d: &'static Dir<'static>, base: &str, out: &mut Vec<(String, &'static [u8])>) {
        for f in d.files() {
            let rel = f.path().to_string_lossy().replace('\\', "/");
            out.push((
                rel.strip_prefix(base)
                    .unwrap_or(&rel)
                    .trim_start_matches('/')
                    .to_string(),
                f.contents(),
            ));
        }
        for sub in d.dirs() {
            rec(sub, base, out);
        }
    }
    rec(d, sub, out);
}

/// Formats a Tera error with its causes (Tera puts the useful part there).
pub fn tera_error_text(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Loads the theme `name` for the site at `root`.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Error> {
    let theme_dir = root.join("themes").join(name);
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut template_files = Vec::new();
    let mut statics: Vec<(String, StaticFile)> = Vec::new();
    let mut add_template = |name: String, text: String| {
        templates.retain(|(n, _)| *n != name);
        templates.push((name, text));
    };
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| Error::Io {
            path: p.to_path_buf(),
            source,
        })
    };

    if theme_dir.is_dir() {
        let mut files = Vec::new();
        collect_dir(&theme_dir.join("templates"), &mut files);
        for (rel, path) in files {
            add_template(rel, read(&path)?);
            template_files.push(path);
        }
        let mut files = Vec::new();
        collect_dir(&theme_dir.join("static"), &mut files);
        statics.extend(files.into_iter().map(|(rel, p)| (rel, StaticFile::Disk(p))));
    } else if name == "default" {
        let mut files = Vec::new();
        collect_embedded(&DEFAULT_THEME, "templates", &mut files);
        for (rel, bytes) in files {
            add_template(rel, String::from_utf8_lossy(bytes).into_owned());
        }
        let mut files = Vec::new();
        collect_embedded(&DEFAULT_THEME, "static", &mut files);
        statics.extend(files.into_iter().map(|(rel, b)| (rel, StaticFile::Embedded(b))));
    } else {
        return Err(Error::ThemeMissing {
            name: name.to_string(),
            path: theme_dir,
        });
    }

    // The site's own overrides.
    let mut files = Vec::new();
    collect_dir(&root.join("templates"), &mut files);
    for (rel, path) in files {
        add_template(rel, read(&path)?);
        template_files.push(path);
    }
    let mut files = Vec::new();
    collect_dir(&root.join("static"), &mut files);
    for (rel, path) in files {
        statics.retain(|(r, _)| *r != rel);
        statics.push((rel, StaticFile::Disk(path)));
    }

    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    // Tera's default also escapes `/`, which turns every URL into `&#x2F;`.
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(templates).map_err(|e| Error::Template {
        message: tera_error_text(&e),
    })?;
    for required in ["home.html", "section.html", "article.html"] {
        if !tera.get_template_names().any(|n| n == required) {
            return Err(Error::Template {
                message: format!("theme `{name}` has no `{required}` template"),
            });
        }
    }
    Ok(Theme {
        tera,
        statics,
        template_files,
    })
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::markdown::html::escape_into(s, &mut out);
    out
}

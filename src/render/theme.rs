//! Themes: Tera templates and static files. A site's own `templates/` and
//! `static/` override the theme's files of the same name. The default theme
//! is built into the binary, so `samizdat init` sites need no theme folder;
//! a `themes/default/` folder in the site, if present, wins.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::diag::{Diagnostic, Severity};
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
    /// Template name -> the templates it extends or includes.
    pub uses: HashMap<String, Vec<String>>,
    /// Template name -> its file as messages show it (for those read
    /// from disk).
    pub shown_files: HashMap<String, PathBuf>,
    /// The ids the templates give elements as written (`id="main"`), which
    /// a link within an article's page may lead to.
    pub ids: HashSet<String>,
    /// The words the templates show (`words.previous`: `previous`), for
    /// `[words]` keys that are no word of samizdat's.
    pub words: HashSet<String>,
}

/// The keys of `words` that `source` (a template) names: `previous` for
/// `{{ words.previous }}`.
fn words_named(source: &str) -> impl Iterator<Item = String> + '_ {
    source.match_indices("words.").filter_map(|(at, _)| {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            return None;
        }
        let rest = &source[at + "words.".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    })
}

/// The `plural` filter: `{{ n | plural(one="text", other="texts") }}` is
/// the word of the site's `words` that counts `n` in the site's language
/// (`[site] language`): `words.text` for 1 in English, `words.texts` for
/// 0 or 3; in Russian `words.texts_few` for 2, 3, 4, 22…, where the words
/// have it (see [`crate::words::Plural`]).
fn plural(n: tera::Value, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    let Some(count) = n.as_u64() else {
        return Err(tera::Error::message(format!(
            "`plural` counts a whole number of 0 or more, not `{n}`"
        )));
    };
    let one: &str = kwargs.must_get("one")?;
    let other: &str = kwargs.must_get("other")?;
    let config = state.get::<tera::Value>("config")?;
    let language = config
        .as_ref()
        .and_then(tera::Value::as_map)
        .and_then(|c| c.get(&tera::value::Key::Str("language")))
        .and_then(tera::Value::as_str)
        .unwrap_or("en");
    let words = state.get::<tera::Value>("words")?;
    let words = words.as_ref().and_then(tera::Value::as_map);
    let word = |key: &str| {
        let key = tera::value::Key::from(std::borrow::Cow::Owned(key.to_string()));
        words?.get(&key)?.as_str()
    };
    match crate::words::counting_word(language, count, one, other, word) {
        Some(word) => Ok(word.to_string()),
        None => Err(tera::Error::message(format!(
            "`plural`: `words` has no `{}`",
            [one, other].into_iter().find(|k| word(k).is_none()).unwrap_or(other)
        ))),
    }
}

/// The keys of `words` that `source` (a template) counts with: for
/// `plural(one="issue", other="issues")`, `issue`, `issues` and the other
/// forms' keys (`issues_few`…).
fn words_counted(source: &str) -> impl Iterator<Item = String> + '_ {
    source.match_indices("plural(").flat_map(|(at, _)| {
        let args = &source[at + "plural(".len()..];
        let args = &args[..args.find(')').unwrap_or(args.len())];
        // The quoted value of the argument `name` (not of one whose name
        // or value has it inside: `other="someone"` for `one`).
        let value = |name: &str| {
            args.match_indices(name).find_map(|(at, _)| {
                let before = args[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'') {
                    return None;
                }
                let rest = args[at + name.len()..].trim_start().strip_prefix('=')?.trim_start();
                let quote = rest.chars().next().filter(|&c| c == '"' || c == '\'')?;
                let rest = &rest[1..];
                Some(rest[..rest.find(quote)?].to_string())
            })
        };
        let (one, other) = (value("one"), value("other"));
        let forms = other
            .iter()
            .flat_map(|o| crate::words::FORM_SUFFIXES.map(|f| format!("{o}{f}")));
        one.into_iter().chain(other.clone()).chain(forms).collect::<Vec<_>>()
    })
}

/// The ids `source` (a template) gives as written: `id="main"`, not one
/// built when it renders (`id="{{ page.anchor }}"`).
fn written_ids(source: &str) -> impl Iterator<Item = String> + '_ {
    crate::markdown::html::ids_written(source)
        .filter(|id| !id.is_empty() && !id.contains(['{', '}']))
        .map(String::from)
}

/// The default theme's template `name` (`partials/page_item.html`), as
/// built in.
#[cfg(test)]
pub fn default_template(name: &str) -> Option<&'static str> {
    DEFAULT_THEME.get_file(format!("templates/{name}"))?.contents_utf8()
}

/// The template of the page for addresses with nothing there, and where
/// that page goes: the file static hosts show for them (GitHub and
/// Codeberg Pages, Netlify, an nginx or Caddy `404.html` rule).
pub const NOT_FOUND_TEMPLATE: &str = "404.html";

/// The templates samizdat renders pages with; the others are theirs.
pub const PAGE_TEMPLATES: [&str; 11] = [
    "home.html",
    NOT_FOUND_TEMPLATE,
    "section.html",
    "article.html",
    "print.html",
    "tag.html",
    "tags.html",
    "author.html",
    "authors.html",
    "translator.html",
    "translators.html",
];

/// The names a template's `{% extends "…" %}` and `{% include "…" %}`
/// tags give (a name built at render time cannot be seen: none is, in
/// samizdat's themes).
fn referenced(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in source.match_indices("{%") {
        let tag = source[at + 2..].trim_start_matches('-').trim_start();
        let Some(rest) = tag.strip_prefix("extends").or_else(|| tag.strip_prefix("include")) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            names.push(rest[1..1 + end].to_string());
        }
    }
    names
}

/// A problem of template `template` (or of one it extends or includes),
/// as a diagnostic at the file, line and column Tera points to.
/// `shown_files` as in [`Theme::shown_files`]; a built-in template is shown
/// as `templates/<name>`, where a site's own would replace it.
pub fn template_diagnostic(shown_files: &HashMap<String, PathBuf>, template: &str, e: &tera::Error) -> Diagnostic {
    let shown = |name: &str| {
        shown_files
            .get(name)
            .cloned()
            .unwrap_or_else(|| Path::new("templates").join(name))
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = Some(report.filename()).filter(|f| !f.is_empty()).unwrap_or(template);
            Diagnostic {
                path: shown(name),
                line: report.span().start_line,
                col: report.span().start_col + 1,
                severity: Severity::Error,
                message: format!("template error: {}", report.message()),
            }
        }
        kind => {
            // Tera puts the useful part of its errors in their causes.
            let message = crate::with_causes(e);
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            // Which template: the error's, or (for the checks of the whole
            // set, which Tera writes out as reports) the first report's.
            let (name, line, col) = match kind {
                tera::ErrorKind::MissingParent { current: tpl, .. }
                | tera::ErrorKind::CircularExtend { tpl, .. }
                | tera::ErrorKind::CircularInclude { tpl, .. } => (tpl.as_str(), 0, 0),
                _ => reported_place(message).unwrap_or((template, 0, 0)),
            };
            Diagnostic {
                path: shown(name),
                line,
                col,
                severity: Severity::Error,
                message: format!("template error: {message}"),
            }
        }
    }
}

/// The first ` --> name:line:col` of Tera's written-out reports.
fn reported_place(message: &str) -> Option<(&str, usize, usize)> {
    let at = message.split_once(" --> ")?.1.lines().next()?;
    let (rest, col) = at.rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name, line.parse().ok()?, col.parse().ok()?))
}

impl Theme {
    /// The static files' output paths, each with how a message names it:
    /// the built-in theme's, or its file from `root`.
    /// The page for addresses with nothing there, if the theme has its
    /// template, comes first (written from a template, it is named as
    /// one: a file of the site's own at its address is the error).
    pub fn shown_statics<'a>(&'a self, root: &'a Path) -> impl Iterator<Item = (&'a str, String)> + 'a {
        let not_found = self.uses.contains_key(NOT_FOUND_TEMPLATE).then(|| {
            (
                NOT_FOUND_TEMPLATE,
                format!("the page for addresses with nothing there (its template is `templates/{NOT_FOUND_TEMPLATE}`)"),
            )
        });
        let files = self.statics.iter().map(move |(rel, file)| {
            let named = match file {
                StaticFile::Embedded(_) => format!("the theme's `{rel}`"),
                StaticFile::Disk(path) => format!("`{}`", path.strip_prefix(root).unwrap_or(path).display()),
            };
            (rel.as_str(), named)
        });
        not_found.into_iter().chain(files)
    }

    /// Which of [`PAGE_TEMPLATES`] use any of `changed` (themselves, or
    /// through what they extend and include, at any depth).
    pub fn pages_using(&self, changed: &[String]) -> Vec<&'static str> {
        PAGE_TEMPLATES
            .into_iter()
            .filter(|page| {
                let mut seen: HashSet<&str> = HashSet::new();
                let mut todo = vec![*page];
                while let Some(t) = todo.pop() {
                    if !seen.insert(t) {
                        continue;
                    }
                    if changed.iter().any(|c| c == t) {
                        return true;
                    }
                    todo.extend(self.uses.get(t).into_iter().flatten().map(String::as_str));
                }
                false
            })
            .collect()
    }
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

/// A theme's files as they are gathered: a later file of the same name
/// replaces an earlier one (the site's own over the theme's).
#[derive(Default)]
struct Files {
    templates: Vec<(String, String)>,
    template_files: Vec<PathBuf>,
    /// The file each template of `templates` was read from, if any.
    read_from: HashMap<String, PathBuf>,
    statics: Vec<(String, StaticFile)>,
}

impl Files {
    fn template(&mut self, name: String, text: String, file: Option<&Path>) {
        self.templates.retain(|(n, _)| *n != name);
        match file {
            Some(file) => self.read_from.insert(name.clone(), file.to_path_buf()),
            None => self.read_from.remove(&name),
        };
        self.templates.push((name, text));
    }

    fn static_file(&mut self, rel: String, file: StaticFile) {
        self.statics.retain(|(r, _)| *r != rel);
        self.statics.push((rel, file));
    }

    /// `dir/templates/**` and `dir/static/**`.
    fn add_disk(&mut self, dir: &Path) -> Result<(), Error> {
        let mut found = Vec::new();
        collect_dir(&dir.join("templates"), &mut found);
        for (rel, path) in found {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            self.template(rel, text, Some(&path));
            self.template_files.push(path);
        }
        let mut found = Vec::new();
        collect_dir(&dir.join("static"), &mut found);
        for (rel, path) in found {
            self.static_file(rel, StaticFile::Disk(path));
        }
        Ok(())
    }

    /// The built-in theme's `templates/**` and `static/**`.
    fn add_embedded(&mut self, theme: &'static Dir<'static>) {
        let mut found = Vec::new();
        collect_embedded(theme, "templates", &mut found);
        for (rel, bytes) in found {
            self.template(rel, String::from_utf8_lossy(bytes).into_owned(), None);
        }
        let mut found = Vec::new();
        collect_embedded(theme, "static", &mut found);
        for (rel, bytes) in found {
            self.static_file(rel, StaticFile::Embedded(bytes));
        }
    }
}

/// Loads the theme `name` for the site at `root`.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Error> {
    let theme_dir = root.join("themes").join(name);
    let mut files = Files::default();
    if theme_dir.is_dir() {
        files.add_disk(&theme_dir)?;
    } else if name == "default" {
        files.add_embedded(&DEFAULT_THEME);
    } else {
        return Err(Error::ThemeMissing {
            name: name.to_string(),
            path: theme_dir,
        });
    }
    // The site's own overrides.
    files.add_disk(root)?;
    let Files {
        templates,
        template_files,
        read_from,
        statics,
    } = files;
    let shown_files: HashMap<String, PathBuf> = read_from
        .into_iter()
        .map(|(name, file)| {
            let shown = crate::render::shown_root(root).join(file.strip_prefix(root).unwrap_or(&file));
            (name, shown)
        })
        .collect();

    let uses = templates
        .iter()
        .map(|(name, source)| (name.clone(), referenced(source)))
        .collect();
    let ids = templates.iter().flat_map(|(_, source)| written_ids(source)).collect();
    let words = templates
        .iter()
        .flat_map(|(_, source)| words_named(source).chain(words_counted(source)))
        .collect();
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(crate::markdown::html::escape_to);
    // Tera's own `safe` copies the string it marks; every article's HTML
    // goes through it, twice (its page and its section's print page).
    tera.register_filter("safe", |value: tera::Value, _: tera::Kwargs, _: &tera::State| {
        value.mark_safe()
    });
    tera.register_filter("plural", plural);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, s)| (n, s))) {
        // Tera stops at the first template that does not parse: each is
        // parsed on its own, so that all of them are reported at once.
        // (On its own, a template misses those it extends or includes:
        // only syntax errors count here.)
        let diagnostics: Vec<Diagnostic> = templates
            .iter()
            .filter_map(|(name, source)| Tera::default().add_raw_template(name, source).err().map(|e| (name, e)))
            .filter(|(_, e)| matches!(e.kind(), tera::ErrorKind::SyntaxError(_)))
            .map(|(name, e)| template_diagnostic(&shown_files, name, &e))
            .collect();
        return Err(Error::Theme {
            diagnostics: match diagnostics.is_empty() {
                true => vec![template_diagnostic(&shown_files, "", &e)],
                false => diagnostics,
            },
        });
    }
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
        uses,
        shown_files,
        ids,
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_themes_listings_are_used_by_home_section_and_tag_pages_only() {
        let theme = load_theme(Path::new("/nonexistent-site"), "default").unwrap();
        let pages = |t: &str| theme.pages_using(&[t.to_string()]);
        assert_eq!(pages("partials/section_body.html"), ["home.html", "section.html"]);
        assert_eq!(
            pages("partials/page_item.html"),
            [
                "home.html",
                "section.html",
                "tag.html",
                "author.html",
                "translator.html"
            ]
        );
        assert_eq!(
            pages("partials/term_sections.html"),
            ["tag.html", "author.html", "translator.html"]
        );
        for index in ["partials/term_index.html", "partials/term_index_item.html"] {
            assert_eq!(pages(index), ["tags.html", "authors.html", "translators.html"]);
        }
        assert_eq!(pages("section.html"), ["section.html"]);
        assert_eq!(pages("partials/byline.html"), ["article.html", "print.html"]);
        assert_eq!(pages("base.html"), PAGE_TEMPLATES);
        assert!(pages("partials/nothing.html").is_empty());
    }

    #[test]
    fn ids_written_in_templates_are_found_and_built_ones_are_not() {
        let source = "<main id=\"main\"><a id='top'></a><div data-id=\"x\" id=\"{{ page.anchor }}\" grid=\"no\">\
                      <p id=\"\">{% if x %}<span  id=\"late\">{% endif %}";
        let ids: Vec<String> = written_ids(source).collect();
        assert_eq!(ids, ["main", "top", "late"]);
        let theme = load_theme(Path::new("/nonexistent-site-root"), "default").unwrap();
        assert!(theme.ids.contains("main"), "{:?}", theme.ids);
    }

    #[test]
    fn the_words_templates_name_are_found() {
        let source =
            "{{ words.previous }} {% if words.by_tag %}{{ page.words.x }}{{ mywords.y }}{% endif %}{{words.a_b}}.";
        assert_eq!(words_named(source).collect::<Vec<_>>(), ["previous", "by_tag", "a_b"]);
        // Those it counts with, and their other forms' keys.
        let source = r#"{{ n | plural(one="issue", other = 'issues') }} {{ plural(x) }}
            {{ n | plural(other="someone", one="anyone") }}"#;
        assert_eq!(
            words_counted(source).collect::<Vec<_>>(),
            [
                "issue",
                "issues",
                "issues_zero",
                "issues_two",
                "issues_few",
                "issues_many",
                "anyone",
                "someone",
                "someone_zero",
                "someone_two",
                "someone_few",
                "someone_many"
            ]
        );
        // Every word the default theme shows is one of samizdat's, or
        // another form of one.
        let theme = load_theme(Path::new("/nonexistent-site-root"), "default").unwrap();
        assert!(theme.words.contains("texts_few"));
        for word in &theme.words {
            let base = crate::words::form_of(word);
            assert!(crate::words::KEYS.iter().any(|(k, _, _)| *k == base), "{word}");
        }
    }

    #[test]
    fn references_are_read_from_extends_and_include_tags() {
        let source =
            r#"{% extends "base.html" %}{%- include 'a.html' -%}{{ include }}{% include "b.html" %}{% set x = 1 %}"#;
        assert_eq!(referenced(source), ["base.html", "a.html", "b.html"]);
    }
}

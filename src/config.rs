//! `book.toml` -> [`Config`]: defaults filled in, unknown keys warned with
//! their line, wrong types reported as errors (exit code 2).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::{Diagnostic, Severity, Source};
use crate::words::{self, Words};

/// A kind of annotation: `[annotations.ed] markers = ["ed."] label = "Editor"`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct AnnotationKind {
    pub name: String,
    pub markers: Vec<String>,
    pub label: String,
}

impl AnnotationKind {
    /// `AnnotationKind::new("tr", &["tr.", "trans."], "Translator")`, as
    /// `[annotations.tr] markers = ["tr.", "trans."] label = "Translator"`.
    pub fn new(name: &str, markers: &[&str], label: &str) -> Self {
        AnnotationKind {
            name: name.to_string(),
            markers: markers.iter().map(|m| m.to_string()).collect(),
            label: label.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PrintConfig {
    pub page_size: String,
    pub notes: String,
    /// Whether each print page has an EPUB edition beside it (see
    /// [`crate::render::epub`]).
    pub epub: bool,
    /// Whether each text has an EPUB edition of its own beside its page.
    pub epub_texts: bool,
}

/// `[feed]`: the Atom feeds of the site's newest texts.
#[derive(Debug, Clone, Serialize)]
pub struct FeedConfig {
    /// The file name of each feed (`atom.xml`: the site's at
    /// `/atom.xml`, a publication's at `/review/atom.xml`); empty for
    /// none.
    pub path: String,
    /// How many texts a feed carries, the newest by `date`.
    pub limit: usize,
    /// `full`: each text whole, its notes after it; `summary`: its
    /// description alone.
    pub content: String,
    /// Whether each publication (a top-level folder with folders of its
    /// own: its issues) has a feed of its own too.
    pub sections: bool,
}

/// `[robots]`: what the site's `robots.txt` asks of crawlers.
#[derive(Debug, Clone, Serialize)]
pub struct RobotsConfig {
    /// `all`; `search`: search engines, not the crawlers that gather
    /// texts to train AI models; `none`.
    pub crawlers: String,
    /// The line of `crawlers` in `book.toml`, 0 if it does not say.
    #[serde(skip)]
    pub line: usize,
}

/// What `[robots] crawlers` may be.
pub const CRAWLERS: [&str; 3] = ["all", "search", "none"];

/// The most texts a feed may carry (a reader fetches it again and again).
pub const FEED_LIMIT_MAX: usize = 1000;

/// `[tags]`, `[authors]`, `[translators]` or `[titles]`: where the tag
/// (author, translator, title index) pages go.
#[derive(Debug, Clone, Serialize)]
pub struct TermPagesConfig {
    /// The folder of the pages (`tags`: `tags/` lists every tag,
    /// `tags/mutual-aid/` the texts of one); empty for none.
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub description: String,
    #[serde(skip)]
    pub content_dir: PathBuf,
    #[serde(skip)]
    pub output_dir: PathBuf,
    pub theme: String,
    pub annotations: Vec<AnnotationKind>,
    pub print: PrintConfig,
    pub tags: TermPagesConfig,
    pub authors: TermPagesConfig,
    pub translators: TermPagesConfig,
    /// The index of every title, A to Z: none unless the site asks.
    pub titles: TermPagesConfig,
    pub feed: FeedConfig,
    pub robots: RobotsConfig,
    /// The words pages are made with: `[site] language`'s, changed by
    /// `[words]` (templates see them as `words`, not in `config`).
    #[serde(skip)]
    pub words: Words,
    /// The `[words]` keys samizdat has no word for (a theme's own, or a
    /// misspelling), each with the warning the build gives if no template
    /// of the theme names it either.
    #[serde(skip)]
    pub own_words: Vec<(String, Diagnostic)>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Untitled publication".into(),
            base_url: String::new(),
            language: "en".into(),
            description: String::new(),
            content_dir: PathBuf::from("content"),
            output_dir: PathBuf::from("public"),
            theme: "default".into(),
            annotations: vec![AnnotationKind {
                name: "ed".into(),
                markers: vec!["ed.".into()],
                label: "Editor".into(),
            }],
            print: PrintConfig {
                page_size: "A5".into(),
                notes: "margin".into(),
                epub: false,
                epub_texts: false,
            },
            tags: TermPagesConfig { path: "tags".into() },
            authors: TermPagesConfig { path: "authors".into() },
            translators: TermPagesConfig {
                path: "translators".into(),
            },
            titles: TermPagesConfig { path: String::new() },
            feed: FeedConfig {
                path: "atom.xml".into(),
                limit: 20,
                content: "full".into(),
                sections: true,
            },
            robots: RobotsConfig {
                crawlers: "all".into(),
                line: 0,
            },
            words: Words::default(),
            own_words: Vec::new(),
        }
    }
}

/// What went wrong reading `book.toml`: every problem, each with its line.
#[derive(Debug, Default)]
pub struct ConfigReport {
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

pub const PAGE_SIZES: &[&str] = &["A5", "A4", "Letter"];

/// Parses `book.toml` text. `shown` is the path printed in messages.
pub fn parse_config(text: &str, shown: &Path) -> (Config, ConfigReport) {
    let src = Source::new(shown, text);
    let mut report = ConfigReport::default();
    let mut config = Config::default();
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            report
                .diagnostics
                .push(src.diagnostic(offset, Severity::Error, format!("invalid TOML: {}", e.message())));
            return (config, report);
        }
    };
    let mut reader = Reader {
        src,
        report: &mut report,
    };

    let mut words = None;
    for (key, value) in &table {
        match key.as_str() {
            // Read once the site's language is known, whatever the order.
            "words" => words = reader.table(value, "words"),
            "site" => {
                let Some(site) = reader.table(value, "site") else {
                    continue;
                };
                for (k, v) in site {
                    match k.as_str() {
                        "title" => reader.string(v, "site", k, &mut config.title),
                        "base_url" => reader.string(v, "site", k, &mut config.base_url),
                        "language" => {
                            reader.string(v, "site", k, &mut config.language);
                            if let Some(problem) = crate::content::front_matter::lang_problem(&config.language) {
                                reader.error("site", k, format!("`site.language`: {problem}"));
                            }
                        }
                        "description" => reader.string(v, "site", k, &mut config.description),
                        _ => reader.unknown("site", k),
                    }
                }
            }
            "build" => {
                let Some(build) = reader.table(value, "build") else {
                    continue;
                };
                for (k, v) in build {
                    let mut s = String::new();
                    match k.as_str() {
                        "content" => {
                            reader.string(v, "build", k, &mut s);
                            if !s.is_empty() {
                                config.content_dir = PathBuf::from(&s);
                            }
                        }
                        "output" => {
                            reader.string(v, "build", k, &mut s);
                            if !s.is_empty() {
                                config.output_dir = PathBuf::from(&s);
                            }
                        }
                        "theme" => reader.string(v, "build", k, &mut config.theme),
                        _ => reader.unknown("build", k),
                    }
                }
            }
            "annotations" => {
                let Some(kinds) = reader.table(value, "annotations") else {
                    continue;
                };
                for (name, v) in kinds {
                    let header = format!("annotations.{name}");
                    let Some(t) = reader.table(v, &header) else {
                        continue;
                    };
                    if name == "author" || !plain_name(name) {
                        reader.error(&header, name, format!("annotation kind `{name}` must be a plain word (letters, digits, `-`, `_`) and not `author`"));
                        continue;
                    }
                    let existing = config.annotations.iter().position(|k| &k.name == name);
                    let mut kind = existing
                        .map(|i| config.annotations[i].clone())
                        .unwrap_or(AnnotationKind {
                            name: name.clone(),
                            markers: vec![format!("{name}.")],
                            label: name.clone(),
                        });
                    for (k, v) in t {
                        match k.as_str() {
                            "markers" => {
                                let markers: Option<Vec<String>> = v
                                    .as_array()
                                    .and_then(|a| a.iter().map(|m| m.as_str().map(|s| s.trim().to_string())).collect());
                                match markers {
                                    Some(m) if !m.is_empty() && m.iter().all(|s| !s.is_empty() && !s.contains(['[', ']'])) => kind.markers = m,
                                    _ => reader.error(&header, k, "`markers` must be a list of non-empty strings without brackets, e.g. `[\"ed.\"]`"),
                                }
                            }
                            "label" => reader.string(v, &header, k, &mut kind.label),
                            _ => reader.unknown(&header, k),
                        }
                    }
                    match existing {
                        Some(i) => config.annotations[i] = kind,
                        None => config.annotations.push(kind),
                    }
                }
            }
            "print" => {
                let Some(print) = reader.table(value, "print") else {
                    continue;
                };
                for (k, v) in print {
                    match k.as_str() {
                        "page_size" => {
                            let mut s = String::new();
                            reader.string(v, "print", k, &mut s);
                            match PAGE_SIZES.iter().find(|p| p.eq_ignore_ascii_case(&s)) {
                                Some(p) => config.print.page_size = (*p).to_string(),
                                None if s.is_empty() => {}
                                None => reader.error(
                                    "print",
                                    k,
                                    format!("unknown page size `{s}`, expected one of A5, A4, Letter"),
                                ),
                            }
                        }
                        "notes" => {
                            let mut s = String::new();
                            reader.string(v, "print", k, &mut s);
                            match s.as_str() {
                                "margin" | "end" => config.print.notes = s,
                                "" => {}
                                _ => reader.error(
                                    "print",
                                    k,
                                    format!("unknown notes placement `{s}`, expected `margin` or `end`"),
                                ),
                            }
                        }
                        "epub" => match v.as_bool() {
                            Some(b) => config.print.epub = b,
                            None => reader.error("print", k, "`print.epub` must be `true` or `false`"),
                        },
                        "epub_texts" => match v.as_bool() {
                            Some(b) => config.print.epub_texts = b,
                            None => reader.error("print", k, "`print.epub_texts` must be `true` or `false`"),
                        },
                        _ => reader.unknown("print", k),
                    }
                }
            }
            "feed" => {
                let Some(table) = reader.table(value, "feed") else {
                    continue;
                };
                read_feed(table, &mut config.feed, &mut reader);
            }
            "robots" => {
                let Some(table) = reader.table(value, "robots") else {
                    continue;
                };
                for (k, v) in table {
                    if k != "crawlers" {
                        reader.unknown("robots", k);
                        continue;
                    }
                    let mut s = String::new();
                    reader.string(v, "robots", k, &mut s);
                    match CRAWLERS.contains(&s.as_str()) {
                        true => {
                            config.robots.crawlers = s;
                            let at = reader.locate("robots", k);
                            config.robots.line = text[..at].matches('\n').count() + 1;
                        }
                        false => reader.error(
                            "robots",
                            k,
                            format!(
                                "unknown `robots.crawlers` `{s}`, expected `all`, `search` (search engines, not \
                                 the crawlers that gather texts for AI models) or `none`"
                            ),
                        ),
                    }
                }
            }
            "tags" | "authors" | "translators" | "titles" => {
                let Some(table) = reader.table(value, key) else {
                    continue;
                };
                for (k, v) in table {
                    match k.as_str() {
                        "path" => {
                            let mut s = String::new();
                            reader.string(v, key, k, &mut s);
                            let one = key.trim_end_matches('s');
                            let pages = match key.as_str() {
                                "tags" => &mut config.tags,
                                "authors" => &mut config.authors,
                                "titles" => &mut config.titles,
                                _ => &mut config.translators,
                            };
                            match s.is_empty() || plain_name(&s) {
                                true => pages.path = s,
                                false => reader.error(
                                    key,
                                    k,
                                    format!(
                                        "{one} pages' folder `{s}` must be one plain name (letters, digits, `-`, `_`), \
                                         or \"\" for no {one} pages"
                                    ),
                                ),
                            }
                        }
                        _ => reader.unknown(key, k),
                    }
                }
            }
            _ => reader.unknown("", key),
        }
    }
    config.words = Words::of_language(&config.language);
    if let Some(words) = words {
        read_words(words, &mut config, &mut reader);
    }
    check_marker_clashes(&config, &mut reader);
    // Two kinds of pages in one folder.
    let kinds = [
        ("tags", &config.tags.path),
        ("authors", &config.authors.path),
        ("translators", &config.translators.path),
        ("titles", &config.titles.path),
    ];
    for (k, (one, path)) in kinds.iter().enumerate() {
        if let Some((other, _)) = kinds[..k].iter().find(|(_, p)| !path.is_empty() && p == path) {
            let message = format!("the pages of `[{other}]` and `[{one}]` cannot both go in `{path}/`");
            reader.error(one, "path", message);
        }
    }
    (config, report)
}

/// `[feed]`: its file name, how many texts, whole or summed up, and
/// whether publications have their own.
fn read_feed(table: &toml::Table, feed: &mut FeedConfig, reader: &mut Reader) {
    for (k, v) in table {
        match k.as_str() {
            "path" => {
                let mut s = String::new();
                reader.string(v, "feed", k, &mut s);
                let plain_file = s
                    .rsplit_once('.')
                    .is_some_and(|(stem, ext)| plain_name(stem) && matches!(ext, "xml" | "atom"));
                match s.is_empty() || plain_file {
                    true => feed.path = s,
                    false => reader.error(
                        "feed",
                        k,
                        format!(
                            "feed file `{s}` must be one plain name ending in `.xml` or `.atom` (`atom.xml`), \
                             or \"\" for no feeds"
                        ),
                    ),
                }
            }
            "limit" => match v.as_integer() {
                Some(n) if (1..=FEED_LIMIT_MAX as i64).contains(&n) => feed.limit = n as usize,
                _ => reader.error(
                    "feed",
                    k,
                    format!("`feed.limit` must be a whole number from 1 to {FEED_LIMIT_MAX}"),
                ),
            },
            "content" => {
                let mut s = String::new();
                reader.string(v, "feed", k, &mut s);
                match s.as_str() {
                    "full" | "summary" => feed.content = s,
                    "" => {}
                    _ => reader.error(
                        "feed",
                        k,
                        format!("unknown feed content `{s}`, expected `full` or `summary`"),
                    ),
                }
            }
            "sections" => match v.as_bool() {
                Some(b) => feed.sections = b,
                None => reader.error("feed", k, "`feed.sections` must be `true` or `false`"),
            },
            _ => reader.unknown("feed", k),
        }
    }
}

/// `[words]`: a string for each word (`months`: the twelve months';
/// `day_months`: the same after a day, where the language has another
/// form there).
fn read_words(table: &toml::Table, config: &mut Config, reader: &mut Reader) {
    for (k, v) in table {
        if k == "months" || k == "day_months" {
            let months: Option<Vec<String>> = v
                .as_array()
                .filter(|a| a.len() == 12)
                .and_then(|a| a.iter().map(|m| m.as_str().map(String::from)).collect());
            match (months, k.as_str()) {
                (Some(months), "months") => config.words.months = months,
                (Some(months), _) => config.words.day_months = Some(months),
                (None, _) => reader.error(
                    "words",
                    k,
                    format!("`words.{k}` must be a list of the twelve months' names"),
                ),
            }
            continue;
        }
        let Some(word) = v.as_str() else {
            reader.error("words", k, format!("`words.{k}` must be a string"));
            continue;
        };
        // (A counting word's other forms: `texts_few` for `texts`.)
        if !words::KEYS.iter().any(|(key, _, _)| *key == words::form_of(k)) {
            let offset = reader.locate("words", k);
            let warning = reader.src.diagnostic(
                offset,
                Severity::Warning,
                format!(
                    "`words.{k}` is no word of samizdat's and no template of the theme uses it, ignored \
                     (the README lists the words)"
                ),
            );
            config.own_words.push((k.clone(), warning));
        }
        config.words.strings.insert(k.clone(), word.to_string());
    }
}

/// A name of letters, digits, `-` and `_` (an annotation kind's, a
/// folder's in the output).
fn plain_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_marker_clashes(config: &Config, reader: &mut Reader) {
    for (i, a) in config.annotations.iter().enumerate() {
        for b in &config.annotations[i + 1..] {
            for m in &a.markers {
                if b.markers.iter().any(|n| n.eq_ignore_ascii_case(m)) {
                    reader.error(
                        &format!("annotations.{}", b.name),
                        "markers",
                        format!("marker `{m}` is used by both `{}` and `{}`", a.name, b.name),
                    );
                }
            }
        }
    }
}

struct Reader<'a> {
    src: Source<'a>,
    report: &'a mut ConfigReport,
}

impl Reader<'_> {
    /// Byte offset of `key = ` inside `[header]`, for messages; 0 if not found.
    fn locate(&self, header: &str, key: &str) -> usize {
        let mut in_table = header.is_empty();
        let mut offset = 0;
        for line in self.src.text.split_inclusive('\n') {
            let t = line.trim();
            if t.starts_with('[') {
                let name = t.trim_matches(|c| c == '[' || c == ']').trim();
                in_table = name == header;
                if header.is_empty() && name == key {
                    return offset;
                }
            } else if in_table {
                let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
                if k == key && t.contains('=') {
                    return offset + (line.len() - line.trim_start().len());
                }
            }
            offset += line.len();
        }
        0
    }

    fn push(&mut self, header: &str, key: &str, severity: Severity, message: String) {
        let offset = self.locate(header, key);
        self.report
            .diagnostics
            .push(self.src.diagnostic(offset, severity, message));
    }

    fn error(&mut self, header: &str, key: &str, message: impl Into<String>) {
        self.push(header, key, Severity::Error, message.into());
    }

    fn unknown(&mut self, header: &str, key: &str) {
        let name = if header.is_empty() {
            key.to_string()
        } else {
            format!("{header}.{key}")
        };
        self.push(
            header,
            key,
            Severity::Warning,
            format!("unknown key `{name}` in book.toml, ignored"),
        );
    }

    fn table<'v>(&mut self, value: &'v toml::Value, header: &str) -> Option<&'v toml::Table> {
        let t = value.as_table();
        if t.is_none() {
            self.push(
                "",
                header,
                Severity::Error,
                format!("`{header}` must be a table (`[{header}]`)"),
            );
        }
        t
    }

    fn string(&mut self, value: &toml::Value, header: &str, key: &str, out: &mut String) {
        match value.as_str() {
            Some(s) => *out = s.to_string(),
            None => self.error(header, key, format!("`{header}.{key}` must be a string")),
        }
    }
}

/// Reads `book.toml` in `root`. A missing file is an error: it marks the site.
pub fn load_config(root: &Path) -> Result<(Config, ConfigReport), crate::Error> {
    let path = root.join("book.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| crate::Error::ConfigRead {
        path: path.clone(),
        source,
    })?;
    Ok(parse_config(&text, Path::new("book.toml")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_include_the_editor_kind() {
        let (c, r) = parse_config("", Path::new("book.toml"));
        assert!(r.diagnostics.is_empty());
        assert_eq!(c.annotations[0].markers, vec!["ed."]);
        assert_eq!(c.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn unknown_key_is_warned_at_its_line() {
        let text = "[site]\ntitle = \"X\"\ncolour = \"red\"\n";
        let (c, r) = parse_config(text, Path::new("book.toml"));
        assert_eq!(c.title, "X");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, 3);
        assert!(r.diagnostics[0].message.contains("site.colour"));
        assert!(!r.has_errors());
    }

    #[test]
    fn added_kind_keeps_order_and_markers() {
        let text = "[annotations.tr]\nmarkers = [\"tr.\", \"trans.\"]\nlabel = \"Translator\"\n";
        let (c, r) = parse_config(text, Path::new("book.toml"));
        assert!(r.diagnostics.is_empty());
        assert_eq!(c.annotations.len(), 2);
        assert_eq!(c.annotations[1].label, "Translator");
    }

    #[test]
    fn bad_page_size_is_an_error() {
        let (_, r) = parse_config("[print]\npage_size = \"B5\"\n", Path::new("book.toml"));
        assert!(r.has_errors());
        assert_eq!(r.diagnostics[0].line, 2);
    }

    #[test]
    fn words_follow_the_language_and_words_changes_them_whatever_the_order() {
        // `[words]` before `[site]`: the language's words, then the site's.
        let text = "[words]\nprevious = \"Atrás\"\ncolophon = \"Hecho a mano\"\n\n[site]\nlanguage = \"es-MX\"\n";
        let (c, r) = parse_config(text, Path::new("book.toml"));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(c.words.strings["previous"], "Atrás");
        assert_eq!(c.words.strings["next"], "Siguiente");
        assert_eq!(c.words.strings["colophon"], "Hecho a mano");
        assert_eq!(c.words.months[0], "enero");
        // A key samizdat does not know is kept with its warning, for the
        // build to give unless the theme names it; a known one has none.
        assert_eq!(c.own_words.len(), 1);
        assert_eq!(c.own_words[0].0, "colophon");
        assert_eq!(c.own_words[0].1.line, 3);
        assert!(c.own_words[0].1.message.contains("`words.colophon`"));
    }

    #[test]
    fn months_must_be_twelve_names_and_words_strings() {
        let text = "[words]\nmonths = [\"enero\"]\nnext = 3\nday_months = \"de enero\"\n";
        let (c, r) = parse_config(text, Path::new("book.toml"));
        assert_eq!(r.diagnostics.len(), 3, "{:?}", r.diagnostics);
        assert!(r.has_errors());
        let mut lines: Vec<usize> = r.diagnostics.iter().map(|d| d.line).collect();
        lines.sort();
        assert_eq!(lines, [2, 3, 4]);
        let day_months = r.diagnostics.iter().find(|d| d.line == 4).unwrap();
        assert!(day_months
            .message
            .contains("`words.day_months` must be a list of the twelve"));
        assert_eq!(c.words, Words::default());
    }

    #[test]
    fn feed_settings_are_read_and_wrong_ones_are_errors_at_their_line() {
        let (c, r) = parse_config("", Path::new("book.toml"));
        assert!(r.diagnostics.is_empty());
        assert_eq!(
            (
                c.feed.path.as_str(),
                c.feed.limit,
                c.feed.content.as_str(),
                c.feed.sections
            ),
            ("atom.xml", 20, "full", true)
        );
        let text = "[feed]\npath = \"news.atom\"\nlimit = 5\ncontent = \"summary\"\nsections = false\n";
        let (c, r) = parse_config(text, Path::new("book.toml"));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            (
                c.feed.path.as_str(),
                c.feed.limit,
                c.feed.content.as_str(),
                c.feed.sections
            ),
            ("news.atom", 5, "summary", false)
        );
        let (c, r) = parse_config("[feed]\npath = \"\"\n", Path::new("book.toml"));
        assert!(r.diagnostics.is_empty());
        assert_eq!(c.feed.path, "");
        let text =
            "[feed]\npath = \"feeds/all.xml\"\nlimit = 0\ncontent = \"whole\"\nsections = \"yes\"\nformat = \"rss\"\n";
        let (c, r) = parse_config(text, Path::new("book.toml"));
        let mut found: Vec<(usize, Severity)> = r.diagnostics.iter().map(|d| (d.line, d.severity)).collect();
        found.sort_by_key(|f| f.0);
        assert_eq!(
            found,
            [
                (2, Severity::Error),
                (3, Severity::Error),
                (4, Severity::Error),
                (5, Severity::Error),
                (6, Severity::Warning)
            ],
            "{:?}",
            r.diagnostics
        );
        assert_eq!((c.feed.path.as_str(), c.feed.limit), ("atom.xml", 20));
    }
}

//! Front matter: the YAML block between `---` lines at the top of a file,
//! checked into [`FrontMatter`]. Errors carry byte offsets into the file,
//! so a YAML error is reported at its line in the file, not in the block.

use serde::Serialize;
use serde_yaml::Value;

use crate::diag::Severity;
use crate::markdown::Problem;
use crate::words::MONTHS_EN;

/// A date as precise as the text carries: many texts have only a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Days in `month` (1–12) of `year`, in the Gregorian calendar.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a `date` is not one.
#[derive(Debug, PartialEq)]
pub enum BadDate {
    /// Not `2020`, `2020-11` or `2020-11-03`.
    Shape,
    /// Of that shape, but the month has fewer days (`2023-02-30`).
    NoSuchDay { year: i32, month: u8 },
}

impl PartialDate {
    /// `2020`, `2020-11` or `2020-11-03`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::read(s).ok()
    }

    /// [`PartialDate::parse`], saying what is wrong.
    pub fn read(s: &str) -> Result<Self, BadDate> {
        fn number<T: std::str::FromStr>(part: &str, len: usize) -> Result<T, BadDate> {
            part.parse().ok().filter(|_| part.len() == len).ok_or(BadDate::Shape)
        }
        let mut parts = s.trim().split('-');
        let year: i32 = number(parts.next().unwrap_or(""), 4)?;
        let month = match parts.next() {
            Some(m) => Some(number(m, 2).and_then(|m: u8| (1..=12).contains(&m).then_some(m).ok_or(BadDate::Shape))?),
            None => None,
        };
        let day = match (parts.next(), month) {
            (Some(d), Some(month)) => {
                let day: u8 = number(d, 2)?;
                if !(1..=31).contains(&day) {
                    return Err(BadDate::Shape);
                }
                if day > days_in_month(year, month) {
                    return Err(BadDate::NoSuchDay { year, month });
                }
                Some(day)
            }
            _ => None,
        };
        if parts.next().is_some() {
            return Err(BadDate::Shape);
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn iso(&self) -> String {
        // Built by hand: each article's dates are written four times a
        // build (its page, two listings, its print edition), and `format!`
        // costs ~1,000 instructions a time. Years outside 1000–9999 (zero
        // padding, signs) are left to `format!`.
        if !(1000..=9999).contains(&self.year) {
            return match (self.month, self.day) {
                (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
                (Some(m), None) => format!("{:04}-{m:02}", self.year),
                _ => format!("{:04}", self.year),
            };
        }
        let mut s = String::with_capacity(10);
        s.push_str(itoa::Buffer::new().format(self.year));
        for part in [self.month, self.day].into_iter().map_while(|p| p) {
            s.push('-');
            s.push(char::from(b'0' + part / 10));
            s.push(char::from(b'0' + part % 10));
        }
        s
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub authors: Vec<String>,
    pub date: Option<PartialDate>,
    /// When the text was last revised (`updated`), if it says: a
    /// correction, a better translation.
    pub updated: Option<PartialDate>,
    pub translators: Vec<String>,
    pub source: String,
    pub tags: Vec<String>,
    pub lang: String,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub description: String,
    pub sort_by: Option<String>,
    /// Addresses the text or folder had before (`aliases`), each as
    /// [`alias_address`] writes it: a page there leads to it.
    pub aliases: Vec<String>,
    /// The line of the `aliases` key in the file, for messages.
    pub aliases_line: usize,
    /// The cover image of a text or of a folder (`cover` in its
    /// `_index.md`), as written: a file from the text's folder.
    pub cover: String,
    /// The line of the `cover` key in the file, for messages.
    pub cover_line: usize,
    /// Whether the text shows its contents (`toc`; in a folder's
    /// `_index.md`, for the texts below it that do not say).
    pub toc: Option<bool>,
    /// The text this one translates (`translation_of`), as written: its
    /// address or its Markdown file, as a link gives them (see
    /// [`crate::content::Site::translations`]).
    pub translation_of: String,
    /// What the title is filed as (`sort_title`: `Kropotkin, Mutual Aid`
    /// for `Mutual Aid`), if not as written without its leading article;
    /// see [`FrontMatter::filing_title`].
    pub sort_title: String,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl FrontMatter {
    /// What the title is filed by in the index of titles and in a folder
    /// sorted by title, the text being in `lang`: `sort_title` if it has
    /// one, else the title without the article it begins with in that
    /// language ([`crate::collate::without_article`]); either from its
    /// first letter or digit ([`crate::collate::filing_form`]).
    pub fn filing_title(&self, lang: &str) -> &str {
        use crate::collate::{filing_form, without_article};
        match self.sort_title.is_empty() {
            true => filing_form(without_article(filing_form(&self.title), lang)),
            false => filing_form(&self.sort_title),
        }
    }
}

/// The parts of a content file: YAML block and Markdown body, each with the
/// byte offset in the file where it starts.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits `---\nyaml\n---\nbody`. `text` has had any BOM removed already.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, Problem> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Problem {
            offset: 0,
            severity: Severity::Error,
            message: "missing front matter: a file must start with a `---` line, then `title: …`, then `---`".into(),
        });
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_offset: first_end,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Problem {
        offset: 0,
        severity: Severity::Error,
        message: "front matter is never closed: add a `---` line after it".into(),
    })
}

fn error(offset: usize, message: String) -> Problem {
    Problem {
        offset,
        severity: Severity::Error,
        message,
    }
}

/// Offset in the file of the line where `key:` stands in the YAML block.
fn find_key(split: &Split, key: &str) -> Option<usize> {
    let mut offset = split.yaml_offset;
    for line in split.yaml.split_inclusive('\n') {
        if line.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// [`find_key`], or the block's start.
fn key_offset(split: &Split, key: &str) -> usize {
    find_key(split, key).unwrap_or(split.yaml_offset)
}

/// The line in the file of offset `at` in the YAML block (which starts
/// on the line after the first `---`): for a key whose value is judged
/// after loading (`aliases`, `cover`).
fn key_line(split: &Split, at: usize) -> usize {
    2 + split.yaml[..at - split.yaml_offset].matches('\n').count()
}

fn line_offset(split: &Split, line: usize) -> usize {
    split.yaml_offset
        + split
            .yaml
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    let list = match v {
        Value::Null => Vec::new(),
        Value::Sequence(items) => items.iter().map(scalar_string).collect::<Option<_>>()?,
        v => vec![scalar_string(v)?],
    };
    // An empty name would show as nothing (`A and `).
    list.iter().all(|s| !s.trim().is_empty()).then_some(list)
}

/// The keys samizdat reads (besides these, keys reach templates as
/// `page.extra.<key>`).
const KNOWN_KEYS: [&str; 21] = [
    "title",
    "author",
    "authors",
    "translator",
    "translators",
    "date",
    "updated",
    "source",
    "tags",
    "lang",
    "slug",
    "weight",
    "draft",
    "description",
    "sort_by",
    "alias",
    "aliases",
    "toc",
    "translation_of",
    "sort_title",
    "cover",
];

/// The known key that `key` (one samizdat does not read) looks like a
/// slip for: the same but for case or `-`, one letter off (wrong, missing,
/// extra or two swapped) in a key of five letters or more, two in one of
/// eight or more; or a word people write for one (`language`, `tag`).
pub fn meant_key(key: &str) -> Option<&'static str> {
    let key = key.to_lowercase().replace('-', "_");
    let named = match key.as_str() {
        "language" => Some("lang"),
        "tag" | "keywords" => Some("tags"),
        "original" | "translated_from" | "translation" => Some("translation_of"),
        "lastmod" | "last_modified" | "modified" | "revised" | "last_updated" => Some("updated"),
        _ => None,
    };
    named.or_else(|| {
        let allowed = |known: &str| match key.chars().count().max(known.len()) {
            n if n >= 8 => 2,
            n if n >= 5 => 1,
            _ => 0,
        };
        KNOWN_KEYS
            .into_iter()
            .map(|known| (slips(&key, known), known))
            .filter(|(slips, known)| *slips <= allowed(known))
            .min()
            .map(|(_, known)| known)
    })
}

/// Warnings for the keys samizdat reads in a text's front matter that it
/// does not read in this file (one that is not a text's: `what`, "the
/// text of an author's page"), all but those of `read`: each at its line.
pub fn unread_keys(split: &Split, read: &[&str], what: &str) -> Vec<Problem> {
    let mut unread: Vec<Problem> = KNOWN_KEYS
        .into_iter()
        .filter(|key| !read.contains(key))
        .filter_map(|key| {
            Some(Problem {
                offset: find_key(split, key)?,
                severity: Severity::Warning,
                message: format!(
                    "`{key}` is not read in {what}: only {} are, and keys of your own (`extra`)",
                    read.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            })
        })
        .collect();
    unread.sort_by_key(|p| p.offset);
    unread
}

/// The one of `among` that `word` is nearest to, if it is a slip for it
/// (two edits at most, one in a word of four letters or fewer).
pub fn nearest<'a>(word: &str, among: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = if word.chars().count() > 4 { 2 } else { 1 };
    among
        .into_iter()
        .map(|w| (slips(word, w), w))
        .filter(|&(d, _)| d <= allowed)
        .min()
        .map(|(_, w)| w)
}

/// Edits (a letter changed, added or removed, two side by side swapped)
/// between `a` and `b`: the optimal string alignment distance.
fn slips(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Warnings for keys of `fm` that samizdat does not read but that look
/// like slips for one it does, which the block does not have (`autor:`
/// leaves the article anonymous, `wieght:` unordered): each at its line.
pub fn key_slips(split: &Split, fm: &FrontMatter) -> Vec<Problem> {
    fm.extra
        .keys()
        .filter_map(|key| {
            let meant = meant_key(key)?;
            // (`author` or `authors`: either is the key.)
            let one = meant.trim_end_matches('s');
            let has_meant = [one, &format!("{one}s")]
                .into_iter()
                .any(|k| find_key(split, k).is_some());
            (!has_meant).then(|| Problem {
                offset: key_offset(split, key),
                severity: Severity::Warning,
                message: format!(
                    "`{key}` is not a key samizdat reads: did you mean `{meant}`? \
                     (as it is, only templates see it, as `extra.{key}`)"
                ),
            })
        })
        .collect()
}

/// The warnings of `fm` that a text and a folder's `_index.md` both
/// have, each at its key's line: keys that look like slips for one
/// samizdat reads ([`key_slips`]), and an `updated` before the `date`
/// ([`updated_before_date`]).
pub fn front_matter_slips(split: &Split, fm: &FrontMatter) -> Vec<Problem> {
    let mut slips = key_slips(split, fm);
    slips.extend(updated_before_date(split, fm));
    slips
}

/// A warning at the `updated` key of `fm` if the text was revised before
/// it was written (`date`): a slip in one of the two. (At different
/// precisions, only if no day `updated` may mean is on or after any day
/// `date` may: `updated: 2023` is not before `date: 2023-05`.)
fn updated_before_date(split: &Split, fm: &FrontMatter) -> Option<Problem> {
    let (date, updated) = (fm.date?, fm.updated?);
    let first = (date.year, date.month.unwrap_or(1), date.day.unwrap_or(1));
    let last = (updated.year, updated.month.unwrap_or(12), updated.day.unwrap_or(31));
    (last < first).then(|| Problem {
        offset: key_offset(split, "updated"),
        severity: Severity::Warning,
        message: format!(
            "`updated: {}` is before its `date: {}`: `updated` is when it was last revised, \
             after it was written",
            updated.iso(),
            date.iso()
        ),
    })
}

/// A warning for a text whose own front matter says `toc: true` but
/// which has no heading to list (its contents would show nothing), at
/// the key's line.
pub fn toc_without_headings(split: &Split, fm: &FrontMatter, headings: usize) -> Option<Problem> {
    (fm.toc == Some(true) && headings == 0).then(|| {
        key_warning(
            split,
            "toc",
            "`toc: true`, but the text has no headings (`## …`) to list: it shows no contents".into(),
        )
    })
}

/// A warning at the line of `key` in the front matter of `split`.
pub fn key_warning(split: &Split, key: &str, message: String) -> Problem {
    Problem {
        offset: key_offset(split, key),
        severity: Severity::Warning,
        message,
    }
}

/// Why `slug` cannot be an article's address, if it cannot: a path of
/// its own, or a name longer than a folder's may be (255 bytes on most
/// file systems).
pub fn slug_problem(slug: &str) -> Option<String> {
    if slug.is_empty() || slug.contains(['/', '\\', '\0']) || slug == "." || slug.contains("..") {
        return Some(format!(
            "slug `{}` is not allowed: a slug may not be empty or contain `/`, `\\`, `..` or NUL",
            slug.escape_default()
        ));
    }
    const MAX: usize = 255;
    (slug.len() > MAX).then(|| {
        let start: String = slug.chars().take(40).collect();
        format!(
            "slug `{start}…` is {} bytes long: a folder's name may have at most {MAX}",
            slug.len()
        )
    })
}

/// What is wrong with `tag` as a language's tag (BCP 47, as `lang`
/// attributes take it: `fr`, `fr-CA`, `zh-Hant`), if anything: a page
/// marked with a tag no browser or screen reader knows is read in none.
/// A language's code is two or three letters (a longer first part is
/// allowed by the grammar, but no language has one); `x-…` is a private
/// tag. A language's name (`French`) is answered with its code.
pub fn lang_problem(tag: &str) -> Option<String> {
    let shown = tag.escape_default();
    if tag.contains('_') && lang_problem(&tag.replace('_', "-")).is_none() {
        return Some(format!(
            "`{shown}` is not a language's tag: its parts are joined with `-`, `{}`",
            tag.replace('_', "-")
        ));
    }
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    let subtags_ok = tag
        .split('-')
        .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let first_ok = match first.len() {
        2 | 3 => first.bytes().all(|b| b.is_ascii_alphabetic()),
        // A private tag (`x-samizdat`), or one of the old `i-` ones.
        1 => matches!(first, "x" | "X" | "i" | "I") && parts.next().is_some(),
        _ => false,
    };
    if subtags_ok && first_ok {
        return None;
    }
    const NAMES: &[(&[&str], &str)] = &[
        (&["english"], "en"),
        (&["french", "français", "francais"], "fr"),
        (&["spanish", "español", "espanol", "castellano"], "es"),
        (&["german", "deutsch"], "de"),
        (&["italian", "italiano"], "it"),
        (&["portuguese", "português", "portugues"], "pt"),
        (&["catalan", "català"], "ca"),
        (&["greek", "ελληνικά"], "el"),
        (&["russian", "русский"], "ru"),
        (&["turkish", "türkçe"], "tr"),
        (&["arabic", "العربية"], "ar"),
        (&["chinese", "中文"], "zh"),
        (&["japanese", "日本語"], "ja"),
        (&["esperanto"], "eo"),
    ];
    let lower = tag.trim().to_lowercase();
    let code = NAMES
        .iter()
        .find(|(names, _)| names.contains(&lower.as_str()))
        .map(|(_, code)| *code);
    Some(match code {
        Some(code) => format!("`{shown}` is a language's name: write its code, `{code}`"),
        None => format!(
            "`{shown}` is not a language's tag: write the language's code (`fr`), \
             and a region or script after a `-` if need be (`fr-CA`, `zh-Hant`)"
        ),
    })
}

/// An old address of a text or folder (`aliases`), as written in the
/// front matter (`/review/3/rota/`, `review/3/rota`, `old/rota.html`,
/// `caf%C3%A9/`), as the site's path where its redirect goes: from the
/// site's root, `%` escapes decoded, a folder's ending in `/`
/// (`review/3/rota/`), a page of an old site's ending in `.html` or
/// `.htm` as it is (`old/rota.html`). An address that cannot be one of
/// the site's is an error saying why.
pub fn alias_address(raw: &str) -> Result<String, String> {
    let shown = raw.escape_default();
    let raw = raw.trim();
    let scheme = raw.find(':').is_some_and(|c| !raw[..c].contains('/'));
    if scheme || raw.starts_with("//") {
        return Err(format!(
            "alias `{shown}` is not an address of this site: an alias is a path from the site's root, \
             as `/review/issue-3/old-title/`"
        ));
    }
    if raw.contains(['?', '#']) {
        return Err(format!(
            "alias `{shown}` has a `?` or `#` part: a static host serves a page by its path alone"
        ));
    }
    let Some(decoded) = crate::content::percent_decode(raw) else {
        return Err(format!(
            "alias `{shown}` has `%` escapes that do not decode (each `%` takes two hex digits, \
             and the bytes they give must be UTF-8)"
        ));
    };
    let path = decoded.strip_prefix('/').unwrap_or(&decoded);
    if path.is_empty() {
        return Err("an alias may not be the site's root, its home page".into());
    }
    let folder = path.ends_with('/');
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == ".." || s.contains(['\\', '\0']))
    {
        return Err(format!(
            "alias `{shown}` is not allowed: its folders may not be empty, `.` or `..`, \
             nor contain `\\` or NUL"
        ));
    }
    if let Some(long) = segments.iter().find(|s| s.len() > 255) {
        let start: String = long.chars().take(40).collect();
        return Err(format!(
            "alias `{shown}` has a name of {} bytes (`{start}…`): a folder's may have at most 255",
            long.len()
        ));
    }
    let last = segments.last().map(|s| s.to_ascii_lowercase()).unwrap_or_default();
    let page = !folder && (last.ends_with(".html") || last.ends_with(".htm"));
    let mut address = segments.join("/");
    if !page {
        address.push('/');
    }
    Ok(address)
}

/// A warning at the `tags` key for each tag with no letter or digit in
/// it (`"--"`, `"!"`): it stays on its article, but has no page.
pub fn tag_slips(split: &Split, fm: &FrontMatter) -> Vec<Problem> {
    fm.tags
        .iter()
        .filter(|t| !crate::render::taxonomy::has_slug(t))
        .map(|t| Problem {
            offset: key_offset(split, "tags"),
            severity: Severity::Warning,
            message: format!(
                "tag `{t}` has no letter or digit to name its page by: the article shows it, but it has no page"
            ),
        })
        .collect()
}

/// Parses and checks the YAML block. `require_title` is false for section
/// index files, whose title may fall back to the folder name.
pub fn parse_front_matter(split: &Split, require_title: bool, problems: &mut Vec<Problem>) -> Option<FrontMatter> {
    let parsed = match super::fast_yaml::parse(split.yaml) {
        Some(v) => Ok(v),
        None => serde_yaml::from_str(split.yaml),
    };
    let value: Value = match parsed {
        Ok(v) => v,
        Err(e) => {
            let offset = e.location().map_or(split.yaml_offset, |l| {
                line_offset(split, l.line()) + l.column().saturating_sub(1)
            });
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            problems.push(error(offset, format!("invalid YAML in front matter: {msg}")));
            return None;
        }
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => serde_yaml::Mapping::new(),
        _ => {
            problems.push(error(
                split.yaml_offset,
                "front matter must be `key: value` lines".into(),
            ));
            return None;
        }
    };
    let mut fm = FrontMatter::default();
    let before = problems.len();
    let bad = |key: &str, what: &str, problems: &mut Vec<Problem>| {
        problems.push(error(key_offset(split, key), format!("`{key}` must be {what}")));
    };
    for (k, v) in &map {
        let Some(key) = k.as_str() else {
            problems.push(error(split.yaml_offset, "front matter keys must be plain words".into()));
            continue;
        };
        match key {
            "title" => match scalar_string(v) {
                Some(s) if !s.trim().is_empty() => fm.title = s,
                _ => bad(key, "a non-empty string", problems),
            },
            "author" | "authors" => match string_list(v) {
                Some(l) => fm.authors = l,
                None => bad(
                    key,
                    "a name or a list of names, none of them empty (without it the text is Anonymous)",
                    problems,
                ),
            },
            "translator" | "translators" => match string_list(v) {
                Some(l) => fm.translators = l,
                None => bad(key, "a name or a list of names, none of them empty", problems),
            },
            "tags" => match string_list(v) {
                Some(l) => fm.tags = l,
                None => bad(key, "a list of words, none of them empty", problems),
            },
            "date" | "updated" => match scalar_string(v).as_deref().map(PartialDate::read) {
                Some(Ok(d)) if key == "date" => fm.date = Some(d),
                Some(Ok(d)) => fm.updated = Some(d),
                None if v.is_null() => {}
                Some(Err(BadDate::NoSuchDay { year, month })) => bad(
                    key,
                    &format!(
                        "a day that exists: {} {year} has {} days",
                        MONTHS_EN[month as usize - 1],
                        days_in_month(year, month)
                    ),
                    problems,
                ),
                _ => bad(key, "`2020`, `2020-11` or `2020-11-03`", problems),
            },
            "source" | "lang" | "description" | "slug" | "sort_by" | "translation_of" | "sort_title" => {
                match scalar_string(v) {
                    Some(s) => match key {
                        "source" => fm.source = s,
                        "sort_title" => fm.sort_title = s.trim().to_string(),
                        "translation_of" => fm.translation_of = s.trim().to_string(),
                        "lang" if s.is_empty() => {}
                        "lang" => match lang_problem(&s) {
                            Some(message) => problems.push(error(key_offset(split, key), message)),
                            None => fm.lang = s,
                        },
                        "description" => fm.description = s,
                        "sort_by" if s == "weight" || s == "date" || s == "title" => fm.sort_by = Some(s),
                        "sort_by" => bad(key, "`weight`, `date` or `title`", problems),
                        // Checked here, where the key's line is known.
                        _ => match slug_problem(&s) {
                            Some(message) => problems.push(error(key_offset(split, key), message)),
                            None => fm.slug = Some(s),
                        },
                    },
                    None if v.is_null() => {}
                    None => bad(key, "a string", problems),
                }
            }
            "alias" | "aliases" => match string_list(v) {
                Some(list) => {
                    let at = key_offset(split, key);
                    fm.aliases_line = key_line(split, at);
                    for raw in list {
                        match alias_address(&raw) {
                            Ok(address) if !fm.aliases.contains(&address) => fm.aliases.push(address),
                            Ok(_) => {}
                            Err(message) => problems.push(error(at, message)),
                        }
                    }
                }
                None => bad(key, "an address or a list of addresses, none of them empty", problems),
            },
            "cover" => match scalar_string(v) {
                Some(cover) => {
                    fm.cover_line = key_line(split, key_offset(split, key));
                    fm.cover = cover.trim().to_string();
                }
                None if v.is_null() => {}
                None if require_title => bad(key, "the name of an image file beside the text", problems),
                None => bad(key, "the name of an image file beside the `_index.md`", problems),
            },
            "weight" => match v.as_i64() {
                Some(w) => fm.weight = Some(w),
                None => bad(key, "a whole number", problems),
            },
            "draft" => match v.as_bool() {
                Some(d) => fm.draft = d,
                None => bad(key, "`true` or `false`", problems),
            },
            "toc" => match v.as_bool() {
                Some(shown) => fm.toc = Some(shown),
                None if v.is_null() => {}
                None => bad(key, "`true` or `false`", problems),
            },
            _ => {
                let json = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
                fm.extra.insert(key.to_string(), json);
            }
        }
    }
    if require_title && fm.title.is_empty() && !map.contains_key("title") {
        problems.push(error(
            split.yaml_offset.saturating_sub(4),
            "missing `title` in front matter".into(),
        ));
    }
    (problems.len() == before).then_some(fm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Words;

    #[test]
    fn dates_are_written_as_format_would() {
        for year in [-5, 0, 7, 999, 1000, 1880, 2023, 9999, 10000, 123_456] {
            for (month, day) in [(None, None), (Some(1), None), (Some(11), Some(3)), (Some(12), Some(31))] {
                let d = PartialDate { year, month, day };
                let (iso, display) = match (month, day) {
                    (Some(m), Some(d)) => (
                        format!("{year:04}-{m:02}-{d:02}"),
                        format!("{d} {} {year}", MONTHS_EN[m as usize - 1]),
                    ),
                    (Some(m), None) => (
                        format!("{year:04}-{m:02}"),
                        format!("{} {year}", MONTHS_EN[m as usize - 1]),
                    ),
                    _ => (format!("{year:04}"), year.to_string()),
                };
                assert_eq!(d.iso(), iso, "{d:?}");
                assert_eq!(Words::default().date(&d), display, "{d:?}");
            }
        }
    }

    #[test]
    fn dates_of_three_precisions() {
        let display = |date: &str| Words::default().date(&PartialDate::parse(date).unwrap());
        assert_eq!(display("2020"), "2020");
        assert_eq!(display("2020-11"), "November 2020");
        assert_eq!(display("2020-11-03"), "3 November 2020");
        assert!(PartialDate::parse("2020-13").is_none());
        assert!(PartialDate::parse("20").is_none());
    }

    #[test]
    fn only_days_that_exist_are_dates() {
        for ok in ["2024-02-29", "2000-02-29", "2023-04-30", "2023-12-31", "2023-02-28"] {
            assert!(PartialDate::parse(ok).is_some(), "{ok}");
        }
        for (no, why) in [
            ("2023-02-29", "February 2023 has 28 days"),
            ("1900-02-29", "February 1900 has 28 days"),
            ("2023-04-31", "April 2023 has 30 days"),
            ("2023-02-30", "February 2023 has 28 days"),
        ] {
            assert!(PartialDate::parse(no).is_none(), "{no}");
            let text = format!("---\ntitle: x\ndate: {no}\n---\n");
            let split = split_front_matter(&text).unwrap();
            let mut p = Vec::new();
            assert!(parse_front_matter(&split, true, &mut p).is_none());
            assert_eq!(p.len(), 1, "{p:?}");
            assert!(
                p[0].message
                    .contains(&format!("`date` must be a day that exists: {why}")),
                "{p:?}"
            );
        }
    }

    #[test]
    fn slips_of_known_keys_are_found_and_other_keys_left_alone() {
        for (key, meant) in [
            ("autor", "author"),
            ("Author", "author"),
            ("AUTHORS", "authors"),
            ("translater", "translator"),
            ("wieght", "weight"),
            ("sort-by", "sort_by"),
            ("sortby", "sort_by"),
            ("descripton", "description"),
            ("titel", "title"),
            ("language", "lang"),
            ("tag", "tags"),
            ("Tags", "tags"),
            ("drafts", "draft"),
            ("sorttitle", "sort_title"),
            ("sort-title", "sort_title"),
            ("Cover", "cover"),
            ("covers", "cover"),
            ("update", "updated"),
            ("lastmod", "updated"),
            ("Modified", "updated"),
            ("revised", "updated"),
        ] {
            assert_eq!(meant_key(key), Some(meant), "{key}");
        }
        for key in [
            "subtitle", "data", "image", "series", "issue", "summary", "place", "tagline",
        ] {
            assert_eq!(meant_key(key), None, "{key}");
        }
        // Not when the block has the key meant (or its plural) as well.
        let text = "---\ntitle: x\nauthors: [A]\nautor: B\nwieght: 2\n---\n";
        let split = split_front_matter(text).unwrap();
        let mut p = Vec::new();
        let fm = parse_front_matter(&split, true, &mut p).unwrap();
        let slipped: Vec<(usize, String)> = key_slips(&split, &fm)
            .into_iter()
            .map(|p| (text[..p.offset].matches('\n').count() + 1, p.message))
            .collect();
        assert_eq!(slipped.len(), 1, "{slipped:?}");
        assert_eq!(slipped[0].0, 5);
        assert!(slipped[0]
            .1
            .starts_with("`wieght` is not a key samizdat reads: did you mean `weight`?"));
    }

    #[test]
    fn yaml_error_is_reported_at_its_line_in_the_file() {
        let text = "---\ntitle: ok\nauthor: [unclosed\n---\nbody";
        let split = split_front_matter(text).unwrap();
        let mut p = Vec::new();
        assert!(parse_front_matter(&split, true, &mut p).is_none());
        let line = text[..p[0].offset].matches('\n').count() + 1;
        assert!(line >= 3, "{p:?}");
    }

    #[test]
    fn a_title_is_filed_from_its_sort_title_if_it_has_one() {
        let parse = |text: &str| {
            let split = split_front_matter(text).unwrap();
            parse_front_matter(&split, true, &mut Vec::new()).unwrap()
        };
        let bread = parse("---\ntitle: The Conquest of Bread\nsort_title: \" The Conquest of Bread\"\n---\n");
        // (What `sort_title` says, its article kept: the editors said so.)
        assert_eq!(bread.filing_title("en"), "The Conquest of Bread");
        assert!(bread.extra.is_empty(), "a key samizdat reads, not a theme's");
        let bread = parse("---\ntitle: The Conquest of Bread\n---\n");
        assert_eq!(bread.filing_title("en"), "Conquest of Bread");
        assert_eq!(bread.filing_title("fr"), "The Conquest of Bread");
        assert_eq!(parse("---\ntitle: ¡Ya basta!\n---\n").filing_title("es"), "Ya basta!");
        assert_eq!(parse("---\ntitle: «La Révolte»\n---\n").filing_title("fr"), "Révolte»");
        assert_eq!(parse("---\ntitle: x\nsort_title: \"\"\n---\n").filing_title("en"), "x");
    }

    #[test]
    fn crlf_front_matter_splits() {
        let split = split_front_matter("---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(split.body, "body");
        let mut p = Vec::new();
        assert_eq!(parse_front_matter(&split, true, &mut p).unwrap().title, "x");
    }

    #[test]
    fn a_language_is_its_tag() {
        for good in [
            "en",
            "fr-CA",
            "zh-Hant-TW",
            "es-419",
            "gsw",
            "x-samizdat",
            "i-navajo",
            "sr-Latn",
        ] {
            assert_eq!(lang_problem(good), None, "{good}");
        }
        for (bad, says) in [
            ("fr_FR", "joined with `-`, `fr-FR`"),
            ("French", "a language's name: write its code, `fr`"),
            ("español", "write its code, `es`"),
            ("Klingon", "write the language's code (`fr`)"),
            ("f", "write the language's code"),
            ("fr-", "write the language's code"),
            ("fr CA", "write the language's code"),
            ("x", "write the language's code"),
            ("en-verylongpart", "write the language's code"),
        ] {
            let message = lang_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(message.contains(says), "{bad}: {message}");
        }
    }

    /// The line and message of the first problem of `text`'s front
    /// matter, which must not read.
    fn first_error(text: &str) -> (usize, String) {
        let split = split_front_matter(text).unwrap();
        let mut p = Vec::new();
        assert!(parse_front_matter(&split, true, &mut p).is_none());
        (text[..p[0].offset].matches('\n').count() + 1, p[0].message.clone())
    }

    #[test]
    fn a_language_that_is_no_tag_is_an_error_at_its_line() {
        let (line, message) = first_error("---\ntitle: x\nlang: fr_FR\n---\n");
        assert_eq!(line, 3, "{message}");
        assert!(message.contains("`fr-FR`"), "{message}");
    }

    #[test]
    fn bad_slug_is_an_error_at_its_line() {
        let (line, message) = first_error("---\ntitle: x\nauthor: y\nslug: a/b\n---\n");
        assert_eq!(line, 4, "{message}");
        assert!(message.contains("slug `a/b`"), "{message}");
    }

    #[test]
    fn missing_title_is_an_error() {
        let split = split_front_matter("---\nauthor: x\n---\n").unwrap();
        let mut p = Vec::new();
        assert!(parse_front_matter(&split, true, &mut p).is_none());
        assert!(p[0].message.contains("missing `title`"));
    }

    /// An empty name in a list of names (or tags) is an error at its key:
    /// it would show as nothing (`By A and `).
    #[test]
    fn empty_names_are_errors() {
        for (yaml, key) in [
            ("author: [A, \"\"]", "author"),
            ("author: \" \"", "author"),
            ("translators: [\"\", B]", "translators"),
            ("tags: [a, \"\"]", "tags"),
        ] {
            let text = format!("---\ntitle: x\n{yaml}\n---\n");
            let split = split_front_matter(&text).unwrap();
            let mut p = Vec::new();
            assert!(parse_front_matter(&split, true, &mut p).is_none(), "{yaml}");
            assert!(p[0].message.contains(&format!("`{key}` must be")), "{yaml}: {:?}", p);
            assert!(p[0].message.contains("none of them empty"), "{yaml}: {:?}", p);
        }
        // Left out, or empty: no names (an author's is then Anonymous).
        for yaml in ["author:", "author: []", "tags: []"] {
            let text = format!("---\ntitle: x\n{yaml}\n---\n");
            let split = split_front_matter(&text).unwrap();
            let mut p = Vec::new();
            assert!(parse_front_matter(&split, true, &mut p).is_some(), "{yaml}: {p:?}");
        }
    }
}

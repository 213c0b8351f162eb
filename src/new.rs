//! `samizdat new FOLDER TITLE`: a new text in a folder of the content, its
//! file named after its title, with the front matter an editor fills in
//! first (the title, today's date, the authors, translators, language and
//! tags given), as a draft.

use std::path::{Component, Path, PathBuf};

use crate::content::front_matter::{lang_problem, PartialDate};
use crate::render::load_checked_config;
use crate::Error;

/// What `samizdat new` is asked for.
pub struct NewText<'a> {
    /// The site's folder (where book.toml is).
    pub root: &'a Path,
    /// The folder the text goes in: below the content folder
    /// (`review/issue-3`), or from the site's folder (`content/review/issue-3`).
    pub folder: &'a Path,
    pub title: &'a str,
    pub authors: &'a [String],
    pub translators: &'a [String],
    /// The text's language, if not its folder's (or the site's).
    pub lang: Option<&'a str>,
    pub tags: &'a [String],
    /// Not a draft: the next build publishes it.
    pub published: bool,
}

/// Writes the new text; returns its file, from the site's folder. Never
/// writes over a file.
pub fn new_text(new: &NewText, today: PartialDate) -> Result<PathBuf, Error> {
    let (config, _) = load_checked_config(new.root)?;
    let refused = |path: &Path, reason: &str| Error::Refused {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    // Within the content folder, whichever way it is named.
    let inside = new.folder.strip_prefix(&config.content_dir).unwrap_or(new.folder);
    if !inside.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(refused(
            new.folder,
            "name a folder of the content, like `review/issue-3` (no `..`, not from `/`)",
        ));
    }
    if let Some(why) = new.lang.and_then(lang_problem) {
        return Err(refused(new.folder, &format!("--lang: {why}")));
    }
    let names = [
        ("--author", new.authors),
        ("--translator", new.translators),
        ("--tag", new.tags),
    ];
    if let Some((option, _)) = names.iter().find(|(_, list)| list.iter().any(|n| n.trim().is_empty())) {
        return Err(refused(new.folder, &format!("{option} is empty")));
    }
    let slug = crate::markdown::html::slugify(new.title);
    if slug.is_empty() {
        return Err(refused(
            new.folder,
            "the title has no letter or digit to name the file by",
        ));
    }
    let file = config.content_dir.join(inside).join(format!("{slug}.md"));
    let mut text = format!("---\ntitle: {}\n", yaml_string(new.title));
    list("author", new.authors, &mut text);
    list("translator", new.translators, &mut text);
    text.push_str(&format!("date: {}\n", today.iso()));
    if let Some(lang) = new.lang {
        text.push_str(&format!("lang: {}\n", yaml_string(lang)));
    }
    if !new.tags.is_empty() {
        let quoted: Vec<String> = new.tags.iter().map(|t| yaml_string(t)).collect();
        text.push_str(&format!("tags: [{}]\n", quoted.join(", ")));
    }
    if !new.published {
        text.push_str("draft: true\n");
    }
    text.push_str("---\n\n");
    let path = new.root.join(&file);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let folder = path.parent().unwrap_or(new.root);
    std::fs::create_dir_all(folder).map_err(io(folder))?;
    // (Made anew, or not at all: a file there is never written over.)
    let mut out = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(refused(&file, "it exists already; nothing is written"));
        }
        opened => opened.map_err(io(&path))?,
    };
    std::io::Write::write_all(&mut out, text.as_bytes()).map_err(io(&path))?;
    Ok(file)
}

/// `key: name`, or `key:` and a line for each of several names; nothing
/// for none.
fn list(key: &str, names: &[String], text: &mut String) {
    match names {
        [] => {}
        [one] => text.push_str(&format!("{key}: {}\n", yaml_string(one))),
        several => {
            text.push_str(&format!("{key}:\n"));
            for name in several {
                text.push_str(&format!("  - {}\n", yaml_string(name)));
            }
        }
    }
}

/// `s` as a double-quoted YAML string: a JSON string is one (YAML holds
/// JSON), its quotes, backslashes and control characters escaped.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string is always JSON")
}

/// The date `days` days after 1 January 1970, in the proleptic Gregorian
/// calendar.
pub fn civil_date(days: i64) -> PartialDate {
    // Howard Hinnant's days-to-civil, in eras of 400 years.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    PartialDate {
        year,
        month: Some(month),
        day: Some(day),
    }
}

/// Today's date, in UTC (no time zone is read: the same wherever the
/// machine is).
pub fn today() -> PartialDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_dates() {
        let iso = |days| civil_date(days).iso();
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(iso(59), "1970-03-01");
        assert_eq!(iso(11_016), "2000-02-29");
        assert_eq!(iso(20_788), "2026-12-01");
        assert_eq!(iso(-1), "1969-12-31");
        assert_eq!(iso(-18_263), "1920-01-01");
    }

    #[test]
    fn strings_are_quoted_for_yaml() {
        assert_eq!(yaml_string("On bakeries"), "\"On bakeries\"");
        assert_eq!(yaml_string("A \"so-called\" C:\\"), "\"A \\\"so-called\\\" C:\\\\\"");
        assert_eq!(yaml_string("two\nlines"), "\"two\\nlines\"");
        // Read back as YAML, each is the string it was.
        for s in [
            "On \"bakeries\": a reply",
            "C:\\ #1 - [x] {y}",
            "tab\tbell\u{7}",
            "О хлебе: 'и'",
        ] {
            assert_eq!(serde_yaml::from_str::<String>(&yaml_string(s)).unwrap(), s);
        }
    }
}

//! Translations and their originals: a text whose front matter says
//! `translation_of: ../original/` (or `original.md`) links the text it
//! translates, and that text lists its translations. Both are worked out
//! here, for the whole site at once, from what each text says.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;

use super::{content_path, relative_path, Site, Target};

/// What the texts' `translation_of` lead to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Translations {
    /// Each translation's original, by the translation.
    pub original: HashMap<usize, usize>,
    /// Each original's translations, in the site's reading order.
    pub of: BTreeMap<usize, Vec<usize>>,
    /// The texts whose `translation_of` leads to no other text of the
    /// site, and why (a warning at the key's line says it).
    pub problems: HashMap<usize, String>,
}

impl Site {
    /// What each published text's `translation_of` leads to. Its value is
    /// read as a link of the text is: an address from the text's page
    /// (`../tierra/`, an old one among `aliases` too) or the path of a
    /// Markdown file from the text's file (`tierra.md`).
    pub fn translations(&self) -> Translations {
        let mut out = Translations::default();
        // (Most sites say none: nothing to walk, nothing to allocate.
        // `serve` asks twice in each batch.)
        if self.pages.iter().all(|p| p.meta.translation_of.is_empty()) {
            return out;
        }
        let order = self.reading_order();
        let said = order
            .iter()
            .copied()
            .filter(|&p| !self.pages[p].meta.translation_of.is_empty());
        // Looked up by a few texts, made once: the articles by their
        // Markdown file, the pages and folders by their old addresses.
        let files: HashMap<&OsStr, usize> = order.iter().map(|&p| (self.pages[p].file.as_os_str(), p)).collect();
        let aliases: HashMap<&str, Target> = self.aliases().into_iter().map(|(t, a)| (a, t)).collect();
        for p in said {
            let page = &self.pages[p];
            let dest = page.meta.translation_of.as_str();
            let rel = relative_path(dest);
            let found = match rel {
                Some(rel) => self
                    .link_path(&page.path, rel)
                    .and_then(|path| self.by_path.get(&path).or_else(|| aliases.get(path.as_str())).copied())
                    .or_else(|| {
                        let file = content_path(&page.file, rel)?;
                        files.get(file.as_os_str()).map(|&o| Target::Page(o))
                    }),
                None => None,
            };
            let problem = match found {
                Some(Target::Page(o)) if o == p => "leads to the text itself".to_string(),
                Some(Target::Page(o)) => {
                    out.original.insert(p, o);
                    out.of.entry(o).or_default().push(p);
                    continue;
                }
                Some(Target::Section(s)) => {
                    format!("leads to the folder “{}”, not to a text", self.sections[s].meta.title)
                }
                None if rel.is_none() => {
                    "is not an address of this site: give the original's address from this text's page \
                     (`../original/`) or its Markdown file (`original.md`)"
                        .to_string()
                }
                None => "leads to no text of this site: give the original's address from this text's page \
                         (`../original/`) or its Markdown file (`original.md`)"
                    .to_string(),
            };
            out.problems.insert(
                p,
                format!("`translation_of: {dest}` {problem}; the link to it is left out"),
            );
        }
        out
    }
}

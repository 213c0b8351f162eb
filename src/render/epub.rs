//! EPUB editions (EPUB 3): with `[print] epub = true`, each print page
//! (a section's articles in one document, see [`super::Job::print_section`])
//! has an e-book beside it, `review/issue-1/print/review-issue-1.epub`,
//! for e-readers and phones: the same texts in the same order, each its own
//! chapter, with its notes in a numbered list at its end, which EPUB
//! readers show in a pop-up from the reference.
//!
//! With `[print] epub_texts = true`, each text has a book of its own
//! beside its page too (`review/issue-1/rota/rota.epub`).
//!
//! An EPUB's pages must be well-formed XHTML: a body with raw HTML in its
//! Markdown is read by a real HTML parser, as a browser reads the page,
//! and written out again as XML; one without is samizdat's own writing,
//! well-formed already, whose tags are rewritten as they are read. Links between the texts of the
//! edition lead within the book; other links on the site become whole
//! addresses with a `base_url`, else plain text (an e-book has no site
//! around it); images beside the texts go in the book. Nothing in it is
//! the time of the build: its files are dated 1980-01-01, as ZIP allows,
//! and its `dcterms:modified` is the newest date of the section or its
//! texts.

use std::collections::{BTreeMap, HashMap, HashSet};

use ego_tree::NodeRef;
use rayon::prelude::*;
use scraper::{Html, Node};
use zip::write::{PreparedZipFile, SimpleFileOptions};
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::config::Config;
use crate::content::front_matter::FrontMatter;
use crate::content::{relative_path, Section, Site, Target, Translations};
use crate::markdown::Rendered;

use super::context::{contents_of, TocEntry, Version};
use super::feed::{id, rfc3339, timestamp};
use super::href_between;
use super::xml::Xml;

/// The stylesheet an edition carries when its theme has no
/// `templates/epub.css`: the default theme's.
pub const DEFAULT_STYLESHEET: &str = include_str!("../../themes/default/templates/epub.css");

/// The theme's template of an edition's stylesheet.
pub const STYLESHEET_TEMPLATE: &str = "epub.css";

const XHTML: &str = "http://www.w3.org/1999/xhtml";
const SVG: &str = "http://www.w3.org/2000/svg";
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const XMLNS: &str = "http://www.w3.org/2000/xmlns/";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Where section `section`'s edition goes: in its print page's folder,
/// named after the section's path (`review-issue-1.epub`; `edition.epub`
/// for the home page's), so that a downloaded file says what it is.
pub fn epub_path(section: &Section) -> String {
    let name = section.path.trim_matches('/').replace('/', "-");
    let name = if name.is_empty() { "edition" } else { name.as_str() };
    format!("{}print/{name}.epub", section.path)
}

/// Where a text's own edition goes (`[print] epub_texts = true`): in its
/// page's folder, named after it (`review/issue-1/rota/rota.epub`).
pub fn text_epub_path(page: &crate::content::Page) -> String {
    format!("{}{}.epub", page.path, page.slug)
}

/// One text of an edition: its article, and its body with the notes at
/// its end (none if its file could not be read: the build fails then).
pub struct Text<'a> {
    pub page: usize,
    /// Its HTML, whether its Markdown has raw HTML (see
    /// [`Page::own_html`]), its headings (for the book's contents).
    pub body: Option<&'a Rendered>,
    /// The site path of its cover (`cover`), if it has one: in a
    /// section's edition, the first thing of its chapter.
    pub cover: Option<&'a str>,
}

/// What an edition is made of.
pub struct Edition<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    /// The section whose print page it is the edition of; or, for a
    /// text's own edition, the text's section.
    pub section: usize,
    /// Whether it is a text's own edition (`texts` is that text): no title
    /// page, the text's title and metadata the book's.
    pub of_text: bool,
    /// The section's own text (an issue's editorial), as HTML.
    pub intro: Option<&'a str>,
    /// The site path of the section's cover image, or in a text's own
    /// edition the text's, if it has one.
    pub cover: Option<&'a str>,
    pub texts: &'a [Text<'a>],
    /// What the site's texts translate (a translation's chapter names its
    /// original).
    pub translations: &'a Translations,
    pub stylesheet: &'a str,
    /// The bytes of the site's file at a site path (`review/fig.png`), for
    /// the images the texts show.
    pub file: &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
}

/// An image the book carries: its name in it and its media type.
struct Image {
    name: String,
    media_type: &'static str,
    bytes: Vec<u8>,
}

/// What the pages of a book need besides their own text: where links
/// lead, and the images gathered so far.
struct Book<'e> {
    edition: &'e Edition<'e>,
    /// Chapter file by site path: `a3.xhtml` for the third text's page,
    /// `title.xhtml` for the section's.
    chapters: HashMap<&'e str, (String, Option<usize>)>,
    /// The ids of each text's body, gathered when a link first needs them.
    ids: Vec<std::cell::OnceCell<HashSet<&'e str>>>,
    /// By site path.
    images: BTreeMap<String, Option<Image>>,
}

/// A page of the book being written, and what it turned out to hold.
struct Page<'b, 'e> {
    book: &'b mut Book<'e>,
    /// The site path its links are relative to.
    base: &'e str,
    out: Xml,
    /// The ids of the HTML being written, which links within it lead to.
    ids: HashSet<String>,
    svg: bool,
    mathml: bool,
}

/// The media type of an image an EPUB may carry without a fallback (a
/// core media type of EPUB 3.3), by its file's extension as `serve` types
/// it.
pub fn image_type(path: &str) -> Option<&'static str> {
    let media_type = crate::serve::server::content_type(std::path::Path::new(path));
    matches!(
        media_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/svg+xml" | "image/webp"
    )
    .then_some(media_type)
}

/// Whether `name` may be written as an XML attribute's name (HTML allows
/// more: those are left out, with nothing of the text in them).
fn xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        && name.matches(':').count() <= 1
        && !name.ends_with(':')
}

/// An attribute's value as samizdat's writers escape it, unescaped.
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// HTML's void elements, written `<br/>`; others always get an end tag,
/// which reading systems that parse XHTML as HTML need.
fn void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

impl<'e> Book<'e> {
    fn new(edition: &'e Edition<'e>) -> Self {
        let site = edition.site;
        let mut chapters = HashMap::new();
        if !edition.of_text {
            chapters.insert(
                site.sections[edition.section].path.as_str(),
                ("title.xhtml".to_string(), None),
            );
        }
        for (k, text) in edition.texts.iter().enumerate() {
            chapters.insert(
                site.pages[text.page].path.as_str(),
                (format!("a{}.xhtml", k + 1), Some(k)),
            );
        }
        Book {
            edition,
            chapters,
            ids: edition.texts.iter().map(|_| Default::default()).collect(),
            images: BTreeMap::new(),
        }
    }

    /// Where a link `href` on the page at site path `base` leads from the
    /// book: within it, to the whole address of a page of the site (with a
    /// `base_url`), or off the site as written; `None` for a page of the
    /// site without a `base_url`, which an e-book cannot reach.
    fn link(&self, base: &str, href: &str) -> Option<String> {
        if relative_path(href).is_none() && !href.starts_with('/') {
            return Some(href.to_string());
        }
        let (path, fragment) = match href.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
            None => (href, None),
        };
        let site_base = self.edition.config.base_url.trim_end_matches('/');
        if href.starts_with('/') {
            return (!site_base.is_empty()).then(|| format!("{site_base}{href}"));
        }
        let target = self.edition.site.link_path(base, path)?;
        if let Some((file, text)) = self.chapters.get(target.as_str()) {
            let id = fragment.and_then(crate::content::percent_decode);
            let has = |id: &str| match text {
                Some(k) => self.ids[*k]
                    .get_or_init(|| {
                        self.edition.texts[*k]
                            .body
                            .map(|body| crate::markdown::html::ids_in(&body.html))
                            .unwrap_or_default()
                    })
                    .contains(id),
                None => false,
            };
            return Some(match (fragment, id) {
                (Some(f), Some(id)) if has(&id) => format!("{file}#{f}"),
                _ => file.clone(),
            });
        }
        if site_base.is_empty() {
            return None;
        }
        // A file's address as written (`fig.png`, not the folder
        // `fig.png/` a page would be).
        let target = match path.is_empty() || path.ends_with(['/', '.']) {
            true => target.as_str(),
            false => target.trim_end_matches('/'),
        };
        let mut whole = format!("{site_base}/{}", href_between("", target).trim_start_matches("./"));
        if let Some(f) = fragment {
            whole.push('#');
            whole.push_str(f);
        }
        Some(whole)
    }

    /// The name in the book of the image at `src` on the page at `base`,
    /// which goes in the book with it; `None` if it is no file of the site
    /// of a type an EPUB may hold.
    fn image(&mut self, base: &str, src: &str) -> Option<String> {
        let path = self.edition.site.link_path(base, src.split(['#', '?']).next()?)?;
        self.image_at(path.trim_end_matches('/').to_string())
    }

    /// [`Book::image`] for the file at site path `path`.
    fn image_at(&mut self, path: String) -> Option<String> {
        let count = self.images.len();
        let edition = self.edition;
        let image = self.images.entry(path).or_insert_with_key(|path| {
            let media_type = image_type(path)?;
            let bytes = (edition.file)(path)?;
            let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
            Some(Image {
                name: format!("images/{}.{ext}", count + 1),
                media_type,
                bytes,
            })
        });
        image.as_ref().map(|i| i.name.clone())
    }
}

impl<'b, 'e> Page<'b, 'e> {
    fn new(book: &'b mut Book<'e>, base: &'e str) -> Self {
        Page {
            book,
            base,
            out: Xml(String::with_capacity(32 * 1024)),
            ids: HashSet::new(),
            svg: false,
            mathml: false,
        }
    }

    /// `html` (a fragment, as a page's body holds it) as XHTML.
    fn html(&mut self, html: &str) {
        self.ids = crate::markdown::html::ids_in(html)
            .into_iter()
            .map(String::from)
            .collect();
        let parsed = Html::parse_fragment(html);
        for child in parsed.root_element().children() {
            self.node(child, XHTML);
        }
    }

    fn node(&mut self, node: NodeRef<Node>, parent_ns: &str) {
        match node.value() {
            Node::Text(text) => self.out.text(text),
            Node::Element(el) => {
                let ns: &str = &el.name.ns;
                let name: &str = &el.name.local;
                // A script would make the book "scripted", which most
                // readers do not run; it, a stylesheet and what belongs in
                // a page's head hold none of the text, and an EPUB page's
                // body may not hold them.
                if ns == XHTML
                    && matches!(
                        name,
                        "script" | "style" | "link" | "meta" | "base" | "title" | "template"
                    )
                {
                    return;
                }
                // An XHTML page has no `noscript`: what it holds is shown.
                if ns == XHTML && name == "noscript" {
                    for child in node.children() {
                        self.node(child, parent_ns);
                    }
                    return;
                }
                let mut attrs: Vec<(String, String)> = Vec::new();
                let mut xlink = false;
                for (qual, value) in el.attrs.iter() {
                    let local: &str = &qual.local;
                    let attr_name = match &*qual.ns {
                        "" => local.to_string(),
                        XLINK => {
                            xlink = true;
                            format!("xlink:{local}")
                        }
                        XML_NS => format!("xml:{local}"),
                        XMLNS => continue,
                        _ => continue,
                    };
                    if xml_name(&attr_name) && !attr_name.starts_with("xmlns") {
                        attrs.push((attr_name, value.to_string()));
                    }
                }
                if ns == XHTML && !self.html_attributes(name, &mut attrs) {
                    return;
                }
                self.svg |= ns == SVG;
                self.mathml |= ns == MATHML;
                self.out.raw("<");
                self.out.raw(name);
                if ns != parent_ns && matches!(ns, XHTML | SVG | MATHML) {
                    self.out.attr("xmlns", ns);
                }
                if xlink {
                    self.out.attr("xmlns:xlink", XLINK);
                }
                for (n, v) in &attrs {
                    self.out.attr(n, v);
                }
                if ns == XHTML && void(name) {
                    self.out.raw("/>");
                    return;
                }
                self.out.raw(">");
                for child in node.children() {
                    self.node(child, ns);
                }
                self.out.raw("</");
                self.out.raw(name);
                self.out.raw(">");
            }
            // Comments hold none of the text (and may hold what XML
            // forbids in one); the rest cannot be in a body.
            _ => {}
        }
    }

    /// Changes an HTML element's attributes as the book needs them:
    /// links, images, notes. False if the element is not to be written (an
    /// image the book cannot carry: its description is, in its place).
    fn html_attributes(&mut self, name: &str, attrs: &mut Vec<(String, String)>) -> bool {
        match name {
            "a" => self.rewrite_link(attrs),
            "img" => {
                attrs.retain(|(n, _)| n != "srcset");
                let src = attrs.iter().find(|(n, _)| n == "src").map(|(_, v)| v.clone());
                let image = src.and_then(|src| self.book.image(self.base, &src));
                let Some(image) = image else {
                    let alt = attrs.iter().find(|(n, _)| n == "alt").map(|(_, v)| v.as_str());
                    self.out.raw("<span class=\"image-alt\">");
                    self.out.text(alt.unwrap_or(""));
                    self.out.raw("</span>");
                    return false;
                };
                for (n, v) in attrs.iter_mut() {
                    if n == "src" {
                        *v = image.clone();
                    }
                }
                if !attrs.iter().any(|(n, _)| n == "alt") {
                    attrs.push(("alt".into(), String::new()));
                }
            }
            "source" | "video" | "audio" | "iframe" | "embed" | "object" | "track" => {
                attrs.retain(|(n, _)| !matches!(n.as_str(), "src" | "srcset" | "data" | "poster"));
            }
            _ => {}
        }
        // Notes as EPUB readers show them in a pop-up.
        let has = |attrs: &[(String, String)], n: &str, v: Option<&str>| {
            attrs.iter().any(|(an, av)| an == n && v.is_none_or(|v| av == v))
        };
        if name == "a" && has(attrs, "role", Some("doc-noteref")) {
            attrs.push(("epub:type".into(), "noteref".into()));
        } else if name == "section" && has(attrs, "data-endnotes", None) {
            attrs.push(("epub:type".into(), "endnotes".into()));
        } else if name == "li" && has(attrs, "data-endnote", None) {
            attrs.push(("epub:type".into(), "endnote".into()));
        }
        true
    }

    /// `html` as XHTML, the quick way when all of it is samizdat's own
    /// writing (`raw_html` false): its tags are well-formed and nested as
    /// written, its attributes quoted, its text escaped, so only the
    /// attributes change, as [`Page::html`] changes them. Anything else
    /// (raw HTML, a character XML forbids) goes through the parser.
    fn own_html(&mut self, html: &str, raw_html: bool) {
        let forbidden = html.bytes().any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || html.contains(['\u{fffe}', '\u{ffff}']);
        if raw_html || forbidden {
            return self.html(html);
        }
        self.ids = crate::markdown::html::ids_in(html)
            .into_iter()
            .map(String::from)
            .collect();
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            self.out.raw(&rest[..lt]);
            let Some(gt) = rest[lt..].find('>') else {
                break;
            };
            let tag = &rest[lt + 1..lt + gt];
            rest = &rest[lt + gt + 1..];
            if tag.starts_with('/') {
                self.out.raw("<");
                self.out.raw(tag);
                self.out.raw(">");
                continue;
            }
            let tag = tag.strip_suffix('/').unwrap_or(tag).trim_end();
            let (name, mut attrs_text) = tag.split_once(|c: char| c.is_ascii_whitespace()).unwrap_or((tag, ""));
            let mut attrs: Vec<(String, String)> = Vec::new();
            loop {
                attrs_text = attrs_text.trim_start();
                if attrs_text.is_empty() {
                    break;
                }
                let end = attrs_text
                    .find(|c: char| c == '=' || c.is_ascii_whitespace())
                    .unwrap_or(attrs_text.len());
                let attr = &attrs_text[..end];
                attrs_text = &attrs_text[end..];
                let value = match attrs_text.strip_prefix("=\"") {
                    Some(quoted) => {
                        let close = quoted.find('"').unwrap_or(quoted.len());
                        attrs_text = quoted.get(close + 1..).unwrap_or("");
                        unescape(&quoted[..close])
                    }
                    None => String::new(),
                };
                attrs.push((attr.to_string(), value));
            }
            if !self.html_attributes(name, &mut attrs) {
                continue;
            }
            self.out.raw("<");
            self.out.raw(name);
            for (n, v) in &attrs {
                self.out.attr(n, v);
            }
            self.out.raw(if void(name) { "/>" } else { ">" });
        }
        self.out.raw(rest);
    }

    /// An `a`'s `href` as the book has it, or none (its text stays).
    fn rewrite_link(&mut self, attrs: &mut Vec<(String, String)>) {
        let Some(at) = attrs.iter().position(|(n, _)| n == "href") else {
            return;
        };
        // Within the page: to an id it has (a reader stops at one that
        // leads nowhere; the build has warned of it).
        if let Some(fragment) = attrs[at].1.strip_prefix('#') {
            let id = crate::content::percent_decode(fragment);
            if !id.is_some_and(|id| self.ids.contains(&id)) {
                attrs.remove(at);
            }
            return;
        }
        match self.book.link(self.base, &attrs[at].1) {
            Some(href) => attrs[at].1 = href,
            None => {
                attrs.remove(at);
            }
        }
    }

    /// The opening of an XHTML page of the book, titled `title`.
    fn open(&mut self, title: &str, lang: &str, class: &str) {
        let x = &mut self.out;
        x.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n");
        x.raw("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"");
        x.attr("lang", lang);
        x.attr("xml:lang", lang);
        x.raw(">\n<head>\n<meta charset=\"utf-8\"/>\n");
        x.element("title", title);
        x.raw("<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body");
        x.attr("class", class);
        x.raw(">\n");
    }

    fn close(mut self) -> (String, bool, bool) {
        self.out.raw("</body>\n</html>\n");
        (self.out.0, self.svg, self.mathml)
    }
}

/// A paragraph of class `class` holding `text`.
fn para(x: &mut Xml, class: &str, text: &str) {
    para_in(x, class, text, ("", ""));
}

/// [`para`], its text in language `lang.0` in a page in `lang.1`: the
/// site's words in a text in another language.
fn para_in(x: &mut Xml, class: &str, text: &str, (lang, around): (&str, &str)) {
    x.raw("<p");
    x.attr("class", class);
    x.lang(lang, around);
    x.raw(">");
    x.text(text);
    x.raw("</p>\n");
}

/// What a text's page (in language `lang`) shows above its body: title,
/// authors, translators, the text it translates (`original`: its title
/// and language), date and source; those in the site's words in its
/// language.
fn chapter_header(config: &Config, meta: &FrontMatter, lang: &str, original: Option<&Version>, x: &mut Xml) {
    let words = &config.words;
    let site_lang = config.language.as_str();
    let site_words = (site_lang, lang);
    x.raw("<header class=\"article-header\">\n");
    x.element("h1", &meta.title);
    para_in(x, "byline", &words.authors(&meta.authors), site_words);
    if !meta.translators.is_empty() {
        para_in(
            x,
            "translators",
            &format!("{} {}", words.get("translated_by"), words.names(&meta.translators, "")),
            site_words,
        );
    }
    // "Original: La tierra (español)": the title and the language's name
    // in the original's language. (Not a link: the book may not hold it.)
    if let Some(original) = original {
        x.raw("<p class=\"original\"");
        x.lang(site_lang, lang);
        x.raw(">");
        x.text(words.get("original"));
        x.raw(": <span");
        x.lang(original.lang, site_lang);
        x.raw(">");
        x.text(original.title);
        x.raw(" (");
        x.text(original.language);
        x.raw(")</span></p>\n");
    }
    if let Some(date) = &meta.date {
        para_in(x, "date", &words.date(date), site_words);
    }
    if let Some(updated) = &meta.updated {
        let revised = format!("{} {}", words.get("revised"), words.date(updated));
        para_in(x, "updated", &revised, site_words);
    }
    if !meta.source.is_empty() {
        para(x, "source", &meta.source);
    }
    x.raw("</header>\n");
}

/// The language of an edition: its section's, or its text's (each as
/// [`Site::lang_of`] finds it), or the site's.
fn edition_lang<'e>(edition: &Edition<'e>) -> &'e str {
    let text = edition.texts.first().filter(|_| edition.of_text);
    let target = match text {
        Some(t) => Target::Page(t.page),
        None => Target::Section(edition.section),
    };
    edition.site.lang_of(target).unwrap_or(&edition.config.language)
}

/// A section's edition's title page, as `title.xhtml`: the section, the
/// publication it is part of, its date and description, its own text,
/// and the site it is from.
fn title_page<'e>(
    edition: &'e Edition<'e>,
    book: &mut Book<'e>,
    lang: &str,
    pages: &mut Vec<(String, String, bool, bool)>,
) {
    let (config, site, words) = (edition.config, edition.site, &edition.config.words);
    let section = &site.sections[edition.section];
    // The title page: the section, the publication it is part of, its date
    // and description, its own text, and the site it is from.
    let mut page = Page::new(book, &section.path);
    page.open(&section.meta.title, lang, "title-page");
    page.out.raw("<header class=\"edition-header\">\n");
    // Those above it but the home page, outermost first.
    let chain = site.ancestors(edition.section);
    let publications: Vec<&str> = chain
        .get(1..chain.len().saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .map(|&s| site.sections[s].meta.title.as_str())
        .collect();
    if !publications.is_empty() {
        para(&mut page.out, "publication", &publications.join(" · "));
    }
    page.out.element("h1", &section.meta.title);
    if let Some(date) = &section.meta.date {
        para_in(&mut page.out, "date", &words.date(date), (&config.language, lang));
    }
    if !section.meta.description.is_empty() {
        para(&mut page.out, "description", &section.meta.description);
    }
    page.out.raw("</header>\n");
    if let Some(intro) = edition.intro {
        page.out.raw("<div class=\"intro\">\n");
        page.html(intro);
        page.out.raw("</div>\n");
    }
    para(&mut page.out, "publisher", &config.title);
    let (xhtml, svg, mathml) = page.close();
    pages.push(("title.xhtml".into(), xhtml, svg, mathml));
}

/// The edition as the bytes of its `.epub` file.
pub fn write_epub(edition: &Edition) -> Vec<u8> {
    let config = edition.config;
    let site = edition.site;
    let lang = edition_lang(edition);
    let mut book = Book::new(edition);
    // (file, its XHTML, whether it holds SVG, MathML)
    let mut pages: Vec<(String, String, bool, bool)> = Vec::with_capacity(edition.texts.len() + 1);

    // The cover, the first page, if the section (or the text, in its own
    // book) has one.
    let cover = edition.cover.and_then(|path| book.image_at(path.to_string()));
    if let Some(image) = &cover {
        let (base, title) = match edition.texts.first().filter(|_| edition.of_text) {
            Some(text) => (&site.pages[text.page].path, &site.pages[text.page].meta.title),
            None => (
                &site.sections[edition.section].path,
                &site.sections[edition.section].meta.title,
            ),
        };
        let mut page = Page::new(&mut book, base);
        page.open(title, lang, "cover");
        page.out.raw("<section epub:type=\"cover\" class=\"cover\">\n<img");
        page.out.attr("src", image);
        page.out.attr("alt", &format!("{}: {title}", config.words.get("cover")));
        page.out.raw("/>\n</section>\n");
        let (xhtml, svg, mathml) = page.close();
        pages.push(("cover.xhtml".into(), xhtml, svg, mathml));
    }
    if !edition.of_text {
        title_page(edition, &mut book, lang, &mut pages);
    }

    // Each text, its own chapter.
    for (k, text) in edition.texts.iter().enumerate() {
        let article = &site.pages[text.page];
        let meta = &article.meta;
        let text_lang = site.lang_of(Target::Page(text.page)).unwrap_or(lang);
        // Its cover, unless it is the book's.
        let text_cover = text.cover.filter(|_| !edition.of_text);
        let text_cover = text_cover.and_then(|path| book.image_at(path.to_string()));
        let mut page = Page::new(&mut book, &article.path);
        page.open(&meta.title, text_lang, "article");
        page.out.raw("<section epub:type=\"chapter\" class=\"article\">\n");
        if let Some(image) = &text_cover {
            page.out.raw("<figure class=\"article-cover\"><img");
            page.out.attr("src", image);
            page.out
                .attr("alt", &format!("{}: {}", config.words.get("cover"), meta.title));
            page.out.raw("/></figure>\n");
        }
        let original = edition
            .translations
            .original
            .get(&text.page)
            .map(|&o| Version::of(site, config, o));
        chapter_header(config, meta, text_lang, original.as_ref(), &mut page.out);
        page.out.raw("<div class=\"article-body\">\n");
        if let Some(body) = text.body {
            page.own_html(&body.html, body.raw_html);
        }
        page.out.raw("</div>\n</section>\n");
        let (xhtml, svg, mathml) = page.close();
        pages.push((format!("a{}.xhtml", k + 1), xhtml, svg, mathml));
    }

    let nav = nav(edition, lang, cover.is_some());
    let package = package(edition, lang, &pages, &book.images, cover.as_deref());

    // Text files: the book's own, then its pages. `mimetype` first: readers
    // know an EPUB by it.
    let mut files: Vec<(String, &[u8], bool)> = vec![
        ("mimetype".into(), b"application/epub+zip", true),
        ("META-INF/container.xml".into(), CONTAINER.as_bytes(), true),
        ("EPUB/package.opf".into(), package.as_bytes(), true),
        ("EPUB/nav.xhtml".into(), nav.as_bytes(), true),
        ("EPUB/style.css".into(), edition.stylesheet.as_bytes(), true),
    ];
    files.extend(
        pages
            .iter()
            .map(|(name, xhtml, ..)| (format!("EPUB/{name}"), xhtml.as_bytes(), true)),
    );
    // Images: compressed ones (all but SVG) are kept as they are.
    for image in book.images.values().flatten() {
        let text = image.media_type == "image/svg+xml";
        files.push((format!("EPUB/{}", image.name), &image.bytes, text));
    }
    // Each file compressed on its own, side by side (under `serve`, an
    // edition is most of the work of a save), then put in order: text at
    // deflate's level 2 (level 1 made books a third larger; level 6 saved
    // 3% more and took half as long again), but a file of a few kilobytes, which
    // deflate's state would cost more to set up than it saves (a book of
    // each text apart), and `mimetype`, which must be, are stored.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = stored
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2));
    let prepared: Vec<PreparedZipFile> = files
        .par_iter()
        .map(|(name, bytes, text)| {
            let options = match *text && bytes.len() >= SMALL_FILE {
                true => deflated,
                false => stored,
            };
            PreparedZipFile::from_data(name, options, bytes).expect("compressing in memory")
        })
        .collect();
    let size = prepared
        .iter()
        .map(|p| p.compressed_size() as usize + 128)
        .sum::<usize>()
        + 1024;
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(size)));
    for file in prepared {
        zip.add_prepared_file(file).expect("writing to memory");
    }
    zip.finish().expect("writing to memory").into_inner()
}

/// The size under which a book's file is stored, not compressed.
const SMALL_FILE: usize = 4096;

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">
<rootfiles>
<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>
</rootfiles>
</container>
";

/// The book's table of contents (the navigation document readers show as
/// such), and its landmarks.
fn nav(edition: &Edition, lang: &str, cover: bool) -> String {
    let site = edition.site;
    let section = &site.sections[edition.section];
    let words = &edition.config.words;
    let mut x = Xml(String::with_capacity(4096));
    x.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n");
    x.raw("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"");
    x.attr("lang", lang);
    x.attr("xml:lang", lang);
    x.raw(">\n<head>\n<meta charset=\"utf-8\"/>\n");
    // The site's words, in its language; each title in its text's.
    let site_lang = edition.config.language.as_str();
    x.element("title", words.get("contents"));
    x.raw("<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body class=\"contents\">\n");
    x.raw("<nav epub:type=\"toc\" id=\"toc\">\n");
    x.raw("<h1");
    x.lang(site_lang, lang);
    x.raw(">");
    x.text(words.get("contents"));
    x.raw("</h1>\n");
    // A list item of a link (its attributes `to`) to `title`, in
    // `title_lang`; left open for what goes below it.
    let open_item = |x: &mut Xml, to: &str, title: &str, title_lang: &str| {
        x.raw("<li><a ");
        x.raw(to);
        x.lang(title_lang, lang);
        x.raw(">");
        x.text(title);
        x.raw("</a>");
    };
    let item = |x: &mut Xml, to: &str, title: &str, title_lang: &str| {
        open_item(x, to, title, title_lang);
        x.raw("</li>\n");
    };
    let text_lang = |page: usize| site.lang_of(Target::Page(page)).unwrap_or(site_lang);
    let section_lang = site.lang_of(Target::Section(edition.section)).unwrap_or(site_lang);
    x.raw("<ol>\n");
    if !edition.of_text {
        item(&mut x, "href=\"title.xhtml\"", &section.meta.title, section_lang);
    }
    for (k, text) in edition.texts.iter().enumerate() {
        let file = format!("a{}.xhtml", k + 1);
        let to = format!("href=\"{file}\"");
        open_item(&mut x, &to, &site.pages[text.page].meta.title, text_lang(text.page));
        // Its contents below it, if its page shows them.
        if let Some(body) = text.body {
            let toc = contents_of(site, text.page, body);
            if !toc.is_empty() {
                x.raw("\n");
                headings(&mut x, &file, &toc, text_lang(text.page), lang);
            }
        }
        x.raw("</li>\n");
    }
    x.raw("</ol>\n</nav>\n");
    x.raw("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n");
    if cover {
        item(
            &mut x,
            "epub:type=\"cover\" href=\"cover.xhtml\"",
            words.get("cover"),
            site_lang,
        );
    }
    item(
        &mut x,
        "epub:type=\"toc\" href=\"nav.xhtml#toc\"",
        words.get("contents"),
        site_lang,
    );
    if let Some(first) = edition.texts.first() {
        let title = &site.pages[first.page].meta.title;
        item(
            &mut x,
            "epub:type=\"bodymatter\" href=\"a1.xhtml\"",
            title,
            text_lang(first.page),
        );
    }
    x.raw("</ol>\n</nav>\n</body>\n</html>\n");
    x.0
}

/// A text's contents in the book's: a list of links to its headings in
/// its chapter (`file`), nested as they are, in the text's language.
fn headings(x: &mut Xml, file: &str, toc: &[TocEntry], text_lang: &str, lang: &str) {
    x.raw("<ol");
    x.lang(text_lang, lang);
    x.raw(">\n");
    for h in toc {
        x.raw("<li><a");
        x.attr("href", &format!("{file}#{}", h.id));
        // Written by samizdat's own writer: well-formed, escaped as XML
        // takes it (`&amp;`, `&lt;`, `&gt;`, `&quot;`).
        x.raw(">");
        x.raw(h.title);
        x.raw("</a>");
        if !h.children.is_empty() {
            x.raw("\n");
            headings(x, file, &h.children, text_lang, text_lang);
        }
        x.raw("</li>\n");
    }
    x.raw("</ol>\n");
}

/// The package document: what the book is (its metadata), what it holds
/// and in what order it is read.
fn package(
    edition: &Edition,
    lang: &str,
    pages: &[(String, String, bool, bool)],
    images: &BTreeMap<String, Option<Image>>,
    cover: Option<&str>,
) -> String {
    let config = edition.config;
    let site = edition.site;
    let section = &site.sections[edition.section];
    // What the book is of: the section, or the text with its section as
    // the series.
    let text = edition
        .texts
        .first()
        .map(|t| &site.pages[t.page])
        .filter(|_| edition.of_text);
    let (path, meta, series) = match text {
        Some(page) => (
            text_epub_path(page),
            &page.meta,
            Some(edition.section).filter(|&s| s != 0),
        ),
        None => (epub_path(section), &section.meta, section.parent.filter(|&p| p != 0)),
    };
    let mut x = Xml(String::with_capacity(4096));
    x.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.raw("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\"");
    x.attr("xml:lang", lang);
    x.raw(">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    x.raw("<dc:identifier id=\"id\">");
    x.text(&id(config, &path));
    x.raw("</dc:identifier>\n");
    x.element("dc:title", &meta.title);
    x.element("dc:language", lang);
    // Its authors and translators, each once, in the order of the texts.
    let mut seen = HashSet::new();
    for text in edition.texts {
        for author in &site.pages[text.page].meta.authors {
            if seen.insert(("a", author.as_str())) {
                x.element("dc:creator", author);
            }
        }
    }
    for text in edition.texts {
        for translator in &site.pages[text.page].meta.translators {
            if seen.insert(("t", translator.as_str())) {
                x.element("dc:contributor", translator);
            }
        }
    }
    x.element("dc:publisher", &config.title);
    if let Some(date) = &meta.date {
        x.element("dc:date", &date.iso());
    }
    if !meta.description.is_empty() {
        x.element("dc:description", &meta.description);
    }
    // As of its newest date: the build's time would change the book at
    // every build.
    let newest = edition
        .texts
        .iter()
        .filter_map(|t| site.pages[t.page].meta.date.as_ref())
        .chain(section.meta.date.as_ref().filter(|_| !edition.of_text))
        .map(timestamp)
        .max()
        .unwrap_or((1970, 1, 1));
    x.raw("<meta property=\"dcterms:modified\">");
    x.text(&rfc3339(newest));
    x.raw("</meta>\n");
    if let Some(series) = series {
        x.raw("<meta property=\"belongs-to-collection\" id=\"collection\">");
        x.text(&site.sections[series].meta.title);
        x.raw("</meta>\n<meta refines=\"#collection\" property=\"collection-type\">series</meta>\n");
    }
    x.raw("</metadata>\n<manifest>\n");
    x.raw("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    x.raw("<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n");
    for (name, _, svg, mathml) in pages {
        let id = name.trim_end_matches(".xhtml");
        x.raw("<item");
        x.attr("id", id);
        x.attr("href", name);
        x.raw(" media-type=\"application/xhtml+xml\"");
        let properties: Vec<&str> = [(*svg, "svg"), (*mathml, "mathml")]
            .into_iter()
            .filter_map(|(has, p)| has.then_some(p))
            .collect();
        if !properties.is_empty() {
            x.attr("properties", &properties.join(" "));
        }
        x.raw("/>\n");
    }
    for (k, image) in images.values().flatten().enumerate() {
        x.raw("<item");
        x.attr("id", &format!("image-{}", k + 1));
        x.attr("href", &image.name);
        x.attr("media-type", image.media_type);
        if cover == Some(image.name.as_str()) {
            x.attr("properties", "cover-image");
        }
        x.raw("/>\n");
    }
    x.raw("</manifest>\n<spine>\n");
    if cover.is_some() {
        x.raw("<itemref idref=\"cover\"/>\n");
    }
    if !edition.of_text {
        x.raw("<itemref idref=\"title\"/>\n");
    }
    x.raw("<itemref idref=\"nav\"/>\n");
    let front = ["cover.xhtml", "title.xhtml"];
    for (name, ..) in pages.iter().filter(|(name, ..)| !front.contains(&name.as_str())) {
        x.raw("<itemref");
        x.attr("idref", name.trim_end_matches(".xhtml"));
        x.raw("/>\n");
    }
    x.raw("</spine>\n</package>\n");
    x.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::FrontMatter;
    use crate::markdown::{render, NotePlacement, RenderOptions};

    /// Annotated texts besides the CommonMark examples: notes of every
    /// kind, interjections, highlighted code, a table, links and images.
    const ANNOTATED: &[&str] = &[
        "Text[^1] and more[^e] [ed. – an aside] and [tr. – a gloss].\n\n[^1]: A note.\n\n    Its second paragraph.\n\n[^e]: ed. – The editors' note with `code` and *emphasis*.\n",
        "[ed. – A block interjection\n\nin two paragraphs.]\n\n> A quote[^q] with \"quotes\" & 'apostrophes'.\n\n[^q]: tr. – Quoted.\n",
        "```rust\nfn main() { let x = \"<b>&amp;\"; }\n```\n\n```python\ndef f(a, b='x'):\n    return a < b\n```\n",
        "| a | b |\n|:--|--:|\n| `x` | [y](../y/ \"T & 'q'\") |\n\n![An *image*](fig.png \"Its title\")\n\n## A heading {#custom-id}\n\nSee [the heading](#custom-id) and [none](#nothing).\n",
    ];

    /// `fragment` (XHTML) as its elements, attributes (sorted) and text,
    /// read by an XML parser: the same for two spellings of one tree.
    fn canonical(fragment: &str) -> String {
        let doc = format!("<root xmlns=\"{XHTML}\" xmlns:epub=\"http://www.idpf.org/2007/ops\">{fragment}</root>");
        let doc = roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{e}: {fragment}"));
        fn walk(node: roxmltree::Node, out: &mut String) {
            for child in node.children() {
                if child.is_text() {
                    out.push_str(&format!("{:?}", child.text().unwrap_or("")));
                } else if child.is_element() {
                    let mut attrs: Vec<String> = child
                        .attributes()
                        .map(|a| format!("{:?}{}={:?}", a.namespace(), a.name(), a.value()))
                        .collect();
                    attrs.sort();
                    out.push_str(&format!(
                        "<{:?}{} {}>",
                        child.tag_name().namespace(),
                        child.tag_name().name(),
                        attrs.join(" ")
                    ));
                    walk(child, out);
                    out.push_str("</>");
                }
            }
        }
        let mut out = String::new();
        walk(doc.root_element(), &mut out);
        out
    }

    #[test]
    fn samizdat_s_own_html_is_written_as_the_parser_would_write_it() {
        let spec: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/data/commonmark-spec.json")).expect("the spec's examples");
        let samples = spec
            .iter()
            .filter_map(|e| e["markdown"].as_str())
            .chain(ANNOTATED.iter().copied());
        let config = Config::default();
        let site = Site {
            sections: vec![Section {
                dir: "i1".into(),
                path: "i1/".into(),
                index_file: None,
                meta: FrontMatter::default(),
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                published: true,
            }],
            ..Default::default()
        };
        let file = |_: &str| None;
        let edition = Edition {
            config: &config,
            site: &site,
            section: 0,
            of_text: false,
            intro: None,
            cover: None,
            texts: &[],
            translations: &Translations::default(),
            stylesheet: "",
            file: &file,
        };
        let opts = RenderOptions {
            kinds: &config.annotations,
            notes: NotePlacement::End,
            links: None,
            template_ids: None,
            words: &config.words,
            words_lang: None,
        };
        let written = |html: &str, quick: bool| {
            let mut book = Book::new(&edition);
            let mut page = Page::new(&mut book, "i1/a/");
            match quick {
                true => page.own_html(html, false),
                false => page.html(html),
            }
            page.out.0
        };
        let (mut compared, mut raw) = (0, 0);
        for markdown in samples {
            let rendered = render(markdown, &opts, &mut Vec::new());
            if rendered.raw_html {
                raw += 1;
                continue;
            }
            let (quick, parsed) = (written(&rendered.html, true), written(&rendered.html, false));
            assert_eq!(canonical(&quick), canonical(&parsed), "{markdown:?}\n{quick}\n{parsed}");
            compared += 1;
        }
        assert!(compared > 500 && raw > 50, "{compared} compared, {raw} with raw HTML");
    }

    #[test]
    fn attribute_names_xml_cannot_hold_are_left_out() {
        for good in ["href", "data-note", "xml:lang", "epub:type", "_x", "a.b"] {
            assert!(xml_name(good), "{good}");
        }
        for bad in ["", "1a", "-a", "@click", "a:b:c", "a:", "é", "a b"] {
            assert!(!xml_name(bad), "{bad}");
        }
    }

    #[test]
    fn images_are_carried_by_type() {
        assert_eq!(image_type("a/fig.PNG"), Some("image/png"));
        assert_eq!(image_type("emblem.svg"), Some("image/svg+xml"));
        assert_eq!(image_type("scan.tiff"), None);
        assert_eq!(image_type("noext"), None);
    }
}

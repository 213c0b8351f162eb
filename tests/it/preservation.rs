//! No source text is lost: every word an author or editor typed reaches the
//! page's `[data-article]`, in order.
//!
//! The source is reduced to its words the way a reader sees them: front
//! matter, Markdown syntax, link destinations, note labels (`[^x]`) and the
//! markers that open notes (`ed. – `) removed, code fences' info strings
//! removed. Each note's words must appear, in order, in that note; the rest
//! of the article's words, in order, in the article's text (a subsequence
//! of word tokens: the page adds numbers, labels and bylines). Words are
//! runs of alphanumeric characters, so punctuation never matters.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Node};

use crate::build::{clean, files_under, good_fixtures, one, within};
use crate::common::*;

/// Alphanumeric runs of `s`.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The text of `el` as words, with a word break at every element boundary
/// (a note's label and its body are separate words) and images' alt text.
fn element_words(el: &ElementRef) -> Vec<String> {
    fn walk(el: &ElementRef, text: &mut String) {
        text.push(' ');
        if el.value().name() == "img" {
            text.push_str(el.value().attr("alt").unwrap_or(""));
            text.push(' ');
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => text.push_str(t),
                Node::Element(_) => walk(&ElementRef::wrap(child).expect("an element"), text),
                _ => {}
            }
        }
        text.push(' ');
    }
    let mut text = String::new();
    walk(el, &mut text);
    words(&text)
}

/// Checks `want` is a subsequence of `have`; the message shows where not.
fn assert_subsequence(want: &[String], have: &[String], what: &str) {
    let mut at = 0;
    for (i, w) in want.iter().enumerate() {
        match have[at..].iter().position(|h| h == w) {
            Some(p) => at += p + 1,
            None => {
                let before = want[i.saturating_sub(8)..i].join(" ");
                let after = want[i + 1..(i + 8).min(want.len())].join(" ");
                let near = have[at.saturating_sub(10)..(at + 20).min(have.len())].join(" ");
                panic!(
                    "{what}: source word {i} `{w}` (after `{before}`, before `{after}`) is missing from the page \
                     at or after page word {at}; the page there reads: `{near}`"
                );
            }
        }
    }
}

/// One note definition of the source.
#[derive(Debug)]
struct NoteDef {
    label: String,
    text: String,
}

/// A Markdown body split for the check: the main text and the note
/// definitions, each still as Markdown.
#[derive(Debug, Default)]
struct Source {
    main: String,
    notes: Vec<NoteDef>,
}

fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// `[^label]:` at the start of a line (up to three spaces in): the label
/// and the rest of the line.
fn definition_start(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let rest = t.strip_prefix("[^")?;
    let end = rest.find("]:")?;
    let label = &rest[..end];
    (!label.is_empty() && !label.contains([' ', '[', ']'])).then(|| (label.to_string(), &rest[end + 2..]))
}

/// Splits a body (front matter removed) into main text and definitions.
/// Code fences are kept whole; their info strings are dropped.
fn split_body(body: &str) -> Source {
    let mut src = Source::default();
    let mut fence: Option<(char, usize)> = None;
    let mut in_note = false;
    let mut blank_before = false;
    for line in body.lines() {
        if let Some((c, n)) = fence {
            if fence_of(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n && line.trim().chars().all(|x| x == c)) {
                fence = None;
            } else {
                // Marked as code: its text is kept verbatim.
                push_line(&mut src, in_note, &format!("{CODE}{line}"));
            }
            continue;
        }
        if let Some(f) = fence_of(line) {
            // A new fence: drop its info string. Inside a note, an
            // indented fence belongs to the note.
            if in_note && blank_before && !line.starts_with("    ") {
                in_note = false;
            }
            fence = Some(f);
            blank_before = false;
            continue;
        }
        if let Some((label, rest)) = definition_start(line) {
            src.notes.push(NoteDef {
                label,
                text: String::new(),
            });
            in_note = true;
            push_line(&mut src, true, rest);
            blank_before = false;
            continue;
        }
        if line.trim().is_empty() {
            push_line(&mut src, in_note, "");
            blank_before = true;
            continue;
        }
        if in_note && blank_before && !line.starts_with("    ") && !line.starts_with('\t') {
            in_note = false;
        }
        push_line(&mut src, in_note, line);
        blank_before = false;
    }
    src
}

/// Starts a line of fenced code in the split text.
const CODE: char = '\u{1}';

fn push_line(src: &mut Source, in_note: bool, line: &str) {
    let t = if in_note {
        &mut src.notes.last_mut().expect("open note").text
    } else {
        &mut src.main
    };
    t.push_str(line);
    t.push('\n');
}

/// Markdown text to the words a reader sees: link destinations, note
/// references, ordered-list numbers, entities and HTML tags removed. Text
/// inside code spans is kept as it is.
fn reader_words(md: &str) -> Vec<String> {
    let mut out = String::new();
    for line in md.lines() {
        if let Some(code) = line.strip_prefix(CODE) {
            out.push_str(code);
            out.push('\n');
            continue;
        }
        // An ordered list item's number is not text.
        let t = line.trim_start();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let line = if digits > 0 && digits < 10 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
            &t[digits + 1..]
        } else {
            line
        };
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 1 {
                out.push_str(part); // code span: kept verbatim
            } else {
                out.push_str(&strip_inline(part));
            }
            out.push(' ');
        }
        out.push('\n');
    }
    words(&out)
}

fn strip_inline(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[^") {
            // A note reference: drop the label.
            if let Some(end) = r.find(']') {
                if !r[..end].contains([' ', '[']) {
                    rest = &r[end + 1..];
                    out.push(' ');
                    continue;
                }
            }
        }
        if let Some(r) = rest.strip_prefix("](") {
            // A link or image destination.
            if let Some(end) = r.find(')') {
                rest = &r[end + 1..];
                out.push(' ');
                continue;
            }
        }
        if rest.starts_with('<') {
            if let Some(end) = rest.find('>') {
                let inner = &rest[1..end];
                if inner.contains("://") || inner.contains('@') {
                    out.push_str(inner); // an autolink shows its address
                } else if inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
                    out.push(' '); // an HTML tag
                } else {
                    out.push('<');
                    rest = &rest[1..];
                    continue;
                }
                rest = &rest[end + 1..];
                continue;
            }
        }
        if rest.starts_with('&') {
            if let Some(end) = rest
                .find(';')
                .filter(|&e| e < 10 && rest[1..e].chars().all(|c| c.is_alphanumeric() || c == '#'))
            {
                out.push(' ');
                rest = &rest[end + 1..];
                continue;
            }
        }
        let c = rest.chars().next().expect("non-empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Removes a kind's marker (`ed. – `, `tr.: `…) from the start of a note.
fn strip_marker<'a>(text: &'a str, markers: &[String]) -> &'a str {
    let t = text.trim_start();
    for m in markers {
        let bare = m.strip_suffix('.').unwrap_or(m);
        let after = if t.len() >= m.len() && t.is_char_boundary(m.len()) && t[..m.len()].eq_ignore_ascii_case(m) {
            &t[m.len()..]
        } else if t.len() > bare.len()
            && t.is_char_boundary(bare.len())
            && t[..bare.len()].eq_ignore_ascii_case(bare)
            && t[bare.len()..].starts_with(':')
        {
            &t[bare.len()..]
        } else {
            continue;
        };
        let after = after.trim_start_matches([' ', '\u{a0}']);
        if let Some(sep) = after.chars().next().filter(|c| matches!(c, '–' | '—' | '-' | ':')) {
            return &after[sep.len_utf8()..];
        }
    }
    text
}

/// Labels referenced in the main text and in notes, in reading order of
/// their first reference (code excluded).
fn reference_order(src: &Source) -> Vec<String> {
    let mut order = Vec::new();
    let defs: HashMap<String, &NoteDef> = src.notes.iter().map(|n| (n.label.to_lowercase(), n)).collect();
    // Notes are numbered as read: a note's own references come right after
    // it, before the main text goes on.
    fn scan(text: &str, defs: &HashMap<String, &NoteDef>, order: &mut Vec<String>) {
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with(CODE))
            .collect::<Vec<_>>()
            .join("\n");
        for (i, part) in text.split('`').enumerate() {
            if i % 2 == 1 {
                continue;
            }
            let mut rest = part;
            while let Some(at) = rest.find("[^") {
                let r = &rest[at + 2..];
                let Some(end) = r.find(']') else { break };
                let label = r[..end].to_lowercase();
                rest = &r[end..];
                if let Some(def) = defs.get(&label) {
                    if !order.contains(&label) {
                        order.push(label.clone());
                        scan(&def.text, defs, order);
                    }
                }
            }
        }
    }
    scan(&src.main, &defs, &mut order);
    order
}

/// An article's source, split for the check: its body's main text and
/// notes, and the labels in the order they are numbered.
fn source_of(source_file: &Path) -> (Source, Vec<String>) {
    let text = read(source_file);
    let text = text.trim_start_matches('\u{feff}');
    let body = {
        let mut lines = text.split_inclusive('\n');
        assert_eq!(
            lines.next().map(str::trim_end),
            Some("---"),
            "{}",
            source_file.display()
        );
        let mut offset = text.find('\n').expect("front matter") + 1;
        let mut body = "";
        for l in lines {
            offset += l.len();
            if l.trim_end() == "---" {
                body = &text[offset..];
                break;
            }
        }
        body
    };
    let src = split_body(body);
    let order = reference_order(&src);
    (src, order)
}

/// Checks an article's words against a render of it: `text`, the words
/// of all of it; `notes`, each note's words by its number.
fn check_words(
    (src, order): &(Source, Vec<String>),
    text: &[String],
    notes: &HashMap<String, Vec<String>>,
    markers: &[String],
    what: &str,
) {
    // Notes never referenced stay where they were written, label and all.
    let mut main = src.main.clone();
    for n in &src.notes {
        if !order.contains(&n.label.to_lowercase()) {
            main.push_str(&format!("\n{}\n{}\n", n.label, n.text));
        }
    }
    assert_subsequence(&reader_words(&main), text, what);
    assert_eq!(notes.len(), order.len(), "{what}: one note per referenced definition");
    for (i, label) in order.iter().enumerate() {
        let def = src
            .notes
            .iter()
            .find(|n| n.label.to_lowercase() == *label)
            .expect("defined");
        let number = (i + 1).to_string();
        let have = notes.get(&number).unwrap_or_else(|| {
            panic!("{what}: no note {number} for [^{label}]");
        });
        let want = reader_words(strip_marker(&def.text, markers));
        assert_subsequence(&want, have, &format!("{what}, note [^{label}] (number {number})"));
    }
}

/// Checks one article: source file against its built page.
fn check_article(source_file: &Path, page_file: &Path, markers: &[String]) {
    check_text_in(source_file, page_file, "[data-article]", markers);
}

/// Checks one text, source file against the element `css` of its built
/// page (an article's, or the text of an author's page).
fn check_text_in(source_file: &Path, page_file: &Path, css: &str, markers: &[String]) {
    let source = source_of(source_file);
    let doc = Html::parse_document(&read(page_file));
    let article = one(&doc, css);
    let notes: HashMap<String, Vec<String>> = within(&article, "[data-note]")
        .iter()
        .map(|note| {
            let body = within(note, ".note-body");
            let number = note.value().attr("data-note").expect("a number").to_string();
            (number, element_words(body.first().unwrap_or(note)))
        })
        .collect();
    let what = source_file.display().to_string();
    check_words(&source, &element_words(&article), &notes, markers, &what);
}

/// Checks a feed's entry for an article: its content, the text with
/// references alone, then its notes in the list at the end.
fn check_entry(source_file: &Path, content: &str, markers: &[String]) {
    check_end_notes(source_file, content, markers, "in a feed");
}

/// Checks a text with its notes in a list at its end (a feed's entry, an
/// EPUB's chapter): `content`, the text with references alone, then its
/// notes in the list.
fn check_end_notes(source_file: &Path, content: &str, markers: &[String], place: &str) {
    let source = source_of(source_file);
    let doc = Html::parse_fragment(content);
    let root = doc.root_element();
    let endnotes = within(&root, "section[data-endnotes]");
    let notes: HashMap<String, Vec<String>> = within(&root, "li[data-endnote]")
        .iter()
        .map(|li| {
            (
                li.value().attr("data-endnote").expect("a number").to_string(),
                element_words(li),
            )
        })
        .collect();
    let what = format!("{} {place}", source_file.display());
    assert!(
        within(&root, "[data-note]").is_empty(),
        "{what}: a note left beside the text"
    );
    assert!(endnotes.len() <= 1, "{what}");
    // The text: all of it but the list of notes, which comes last.
    let all = element_words(&root);
    let text = &all[..all.len() - endnotes.first().map_or(0, |e| element_words(e).len())];
    check_words(&source, text, &notes, markers, &what);
}

/// The page of a content file in a built output.
fn page_of(content: &Path, rel: &Path, public: &Path) -> PathBuf {
    let text = read(&content.join(rel));
    let slug = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| {
            l.strip_prefix("slug:")
                .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
        });
    let stem = rel.file_stem().expect("file name").to_string_lossy().into_owned();
    let dir = rel.parent().unwrap_or(Path::new(""));
    public.join(dir).join(slug.unwrap_or(stem)).join("index.html")
}

/// The title in the front matter of the Markdown file `source`.
fn title_of(source: &Path) -> String {
    let text = read(source);
    let front = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---"))
        .map_or("", |(f, _)| f);
    let yaml: serde_yaml::Value = serde_yaml::from_str(front).expect("front matter");
    yaml["title"].as_str().expect("a title").to_string()
}

/// Checks each chapter of each EPUB edition under `public` against its
/// text (in `sources`, by page); returns how many it checked.
fn check_editions(public: &Path, content: &Path, sources: &HashMap<PathBuf, PathBuf>, markers: &[String]) -> usize {
    // The texts of each folder by title (an edition holds its folder's).
    let mut by_title: HashMap<(PathBuf, String), &PathBuf> = HashMap::new();
    for source in sources.values() {
        let folder = source.parent().expect("in a folder").to_path_buf();
        by_title.insert((folder, title_of(source)), source);
    }
    let mut chapters = 0;
    for edition in files_under(public)
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "epub"))
    {
        let section = edition.parent().and_then(Path::parent).expect("in a print folder");
        for (name, xhtml) in crate::epub::texts(&public.join(edition)) {
            let is_chapter = name
                .strip_prefix("EPUB/a")
                .and_then(|n| n.strip_suffix(".xhtml"))
                .is_some_and(|n| n.parse::<usize>().is_ok());
            if !is_chapter {
                continue;
            }
            let doc = crate::epub::xml(&xhtml);
            let h1 = doc.descendants().find(|n| n.has_tag_name("h1")).expect("a title");
            let title: String = h1
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            let source = by_title
                .get(&(content.join(section), title.clone()))
                .unwrap_or_else(|| panic!("{}: no text `{title}` for {name}", edition.display()));
            // The body, as written between the chapter's header and end.
            let body = xhtml
                .split_once("<div class=\"article-body\">")
                .and_then(|(_, rest)| rest.rsplit_once("</div>\n</section>"))
                .map(|(body, _)| body)
                .unwrap_or_else(|| panic!("{name}: no body"));
            check_end_notes(source, body, markers, &format!("in {}", edition.display()));
            chapters += 1;
        }
    }
    chapters
}

/// Builds `site` and checks every article in it, every entry of its
/// feeds (which carry all its dated articles: the limit is raised) and
/// every chapter of its EPUB editions (made if the site has none).
/// Returns how many articles, entries and chapters it checked.
/// Returns how many articles, feed entries, EPUB chapters and texts of
/// tag or author pages it checked.
fn check_site_and_feeds(site: &Path, markers: &[String]) -> (usize, usize, usize, usize) {
    let mut config = read(&site.join("book.toml"));
    if !config.contains("[feed]") {
        config.push_str("\n[feed]\nlimit = 1000\n");
    }
    if !config.contains("epub") {
        match config.contains("[print]") {
            true => config = config.replacen("[print]", "[print]\nepub = true\nepub_texts = true", 1),
            false => config.push_str("\n[print]\nepub = true\nepub_texts = true\n"),
        }
    }
    write(site, "book.toml", &config);
    clean(&run(site, &["build", "--drafts"]));
    let content = site.join("content");
    let public = site.join("public");
    let (mut n, mut term_texts) = (0, 0);
    let mut sources = HashMap::new();
    for rel in files_under(&content) {
        let is_article =
            rel.extension().is_some_and(|e| e == "md") && rel.file_name().is_some_and(|f| f != "_index.md");
        if !is_article {
            continue;
        }
        // The text of a tag's, an author's or a translator's page (the
        // sites checked keep them where those pages are by default).
        if ["tags", "authors", "translators"].iter().any(|f| rel.starts_with(f)) {
            let page = page_of(&content, &rel, &public);
            if read(&content.join(&rel)).trim_end().ends_with("---") {
                continue; // its front matter alone: no text to show
            }
            check_text_in(&content.join(&rel), &page, ".term-text", markers);
            term_texts += 1;
            continue;
        }
        let page = page_of(&content, &rel, &public);
        assert!(page.is_file(), "no page {} for {}", page.display(), rel.display());
        check_article(&content.join(&rel), &page, markers);
        sources.insert(page, content.join(&rel));
        n += 1;
    }
    let mut entries = 0;
    for feed in files_under(&public).iter().filter(|f| f.ends_with("atom.xml")) {
        let xml = read(&public.join(feed));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", feed.display()));
        let folder = public.join(feed.parent().expect("in a folder"));
        for entry in doc.root_element().children().filter(|e| e.has_tag_name("entry")) {
            let child = |name: &str| entry.children().find(|e| e.has_tag_name(name));
            let href = child("link").and_then(|l| l.attribute("href")).expect("a link");
            let page = folder.join(href).join("index.html");
            let page = PathBuf::from(page.to_string_lossy().replace("/./", "/"));
            let source = sources
                .get(&page)
                .unwrap_or_else(|| panic!("no article at {}", page.display()));
            let content = child("content")
                .and_then(|c| c.text())
                .unwrap_or_else(|| panic!("{href}: no content"));
            check_entry(source, content, markers);
            entries += 1;
        }
    }
    let chapters = check_editions(&public, &content, &sources, markers);
    (n, entries, chapters, term_texts)
}

/// Builds `site` and checks every article in it (and its feeds' and
/// editions').
fn check_site(site: &Path, markers: &[String]) -> usize {
    check_site_and_feeds(site, markers).0
}

fn markers_of(site: &Path) -> Vec<String> {
    let toml: toml::Table = read(&site.join("book.toml")).parse().expect("book.toml");
    let mut markers = vec!["ed.".to_string()];
    if let Some(kinds) = toml.get("annotations").and_then(|a| a.as_table()) {
        for kind in kinds.values() {
            for m in kind.get("markers").and_then(|m| m.as_array()).into_iter().flatten() {
                markers.push(m.as_str().expect("marker").to_string());
            }
        }
    }
    markers
}

#[test]
fn example_site_keeps_every_word() {
    let site = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("content"), &site.path().join("content"));
    std::fs::copy(repo().join("book.toml"), site.path().join("book.toml")).expect("book.toml");
    let markers = markers_of(site.path());
    let (n, entries, chapters, term_texts) = check_site_and_feeds(site.path(), &markers);
    assert!(n >= 6, "only {n} articles checked");
    assert!(term_texts >= 1, "no author's text checked");
    // Each in the site's feed and the Review's in its publication's too
    // (a pamphlet's folder has texts alone: it is followed in the
    // site's), and in its issue's edition and its own.
    let in_the_review = walkdir::WalkDir::new(site.path().join("content/review"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .count();
    assert!(in_the_review >= 6 && in_the_review < n, "{in_the_review} of {n}");
    assert_eq!(entries, n + in_the_review, "every text in its feeds");
    assert_eq!(chapters, 2 * n, "every text in its issue's edition and its own");
}

#[test]
fn fixture_articles_keep_every_word() {
    let mut n = 0;
    for name in good_fixtures() {
        if name.starts_with("warn-") {
            continue; // warnings are the point there; checked in bad_input
        }
        let site = copy_site(&fixture(&name));
        n += check_site(site.path(), &markers_of(site.path()));
    }
    assert!(n >= 25, "only {n} fixture articles checked");
}

#[test]
fn warned_inputs_keep_every_word() {
    // Text kept as written where samizdat is unsure: unclosed brackets,
    // undefined and unreferenced notes, duplicate labels.
    let site = site_with(&[(
        "content/kept.md",
        "---\ntitle: Kept\n---\n\nOpen [ed. – never closed here.\n\nA missing note[^nowhere] stays.\n\nA note[^a] and a lost one.\n\n[^a]: The first definition.\n\n[^a]: The second definition of a.\n\n[^lost]: Nobody refers to this.\n",
    )]);
    let out = run(site.path(), &["build"]);
    crate::build::ok(&out);
    let doc = html(&site.path().join("public/kept/index.html"));
    let have = element_words(&one(&doc, "[data-article]"));
    let want = words(
        "Open ed never closed here A missing note nowhere stays A note The first definition and a lost one \
         a The second definition of a lost Nobody refers to this",
    );
    assert_subsequence(&want, &have, "kept.md");
}

/// The checker itself: it must catch a dropped word.
#[test]
fn the_check_catches_a_lost_word() {
    let want = words("one two three");
    let have = words("one three two");
    let caught = std::panic::catch_unwind(|| assert_subsequence(&want, &have, "self-test"));
    assert!(caught.is_err());
    let src = split_body(
        "Text[^n] more.\n\n```rust info\ncode [^x] here\n```\n\n[^n]: ed. – The note.\n\n    Second para.\n\nAfter.\n",
    );
    assert_eq!(src.notes.len(), 1);
    assert_eq!(reader_words(&src.main), words("Text more code x here After"));
    assert_eq!(
        reader_words(strip_marker(&src.notes[0].text, &["ed.".into()])),
        words("The note Second para")
    );
}

/// The checker on a real page: take one word out of a built article, or out
/// of one of its notes, and the check fails.
#[test]
fn the_check_catches_a_word_lost_from_a_page() {
    let site = copy_site(&fixture("note-kinds"));
    let markers = markers_of(site.path());
    assert_eq!(check_site(site.path(), &markers), 1);
    let source = site.path().join("content/three-voices.md");
    let page = site.path().join("public/three-voices/index.html");
    let good = read(&page);
    for (from, to) in [
        ("The editor second.", "The second."),
        ("A remark by the translator.", "A remark by the."),
    ] {
        assert!(good.contains(from), "{from}");
        std::fs::write(&page, good.replace(from, to)).expect("write");
        let caught = std::panic::catch_unwind(|| check_article(&source, &page, &markers));
        assert!(caught.is_err(), "dropping `{from}` went unnoticed");
    }
}

/// The checker on a feed: take one word out of an entry's text, or out of
/// one of its notes at the end, and the check fails.
#[test]
fn the_check_catches_a_word_lost_from_a_feed() {
    let text = "---\ntitle: Kept\ndate: 2024-01-02\n---\n\nThe opening words[^a] and the closing words [ed. – an aside].\n\n[^a]: ed. – The editor's careful note.\n\n    Its second paragraph.\n";
    let site = site_with(&[("content/kept.md", text)]);
    let markers = markers_of(site.path());
    assert_eq!(check_site_and_feeds(site.path(), &markers), (1, 1, 2, 0));
    let xml = read(&site.path().join("public/atom.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("a feed");
    let content = doc
        .descendants()
        .find(|e| e.has_tag_name("content"))
        .and_then(|c| c.text())
        .expect("a content");
    let source = site.path().join("content/kept.md");
    for (from, to) in [
        ("the closing words", "the words"),
        ("careful note.", "note."),
        ("Its second paragraph.", "Its paragraph."),
    ] {
        assert!(content.contains(from), "{from}");
        let lost = content.replace(from, to);
        let caught = std::panic::catch_unwind(|| check_entry(&source, &lost, &markers));
        assert!(caught.is_err(), "dropping `{from}` went unnoticed");
    }
}

/// Random articles (an LCG: the same ones on every run) that nest what the
/// authoring format allows: notes in lists, quotes and other notes,
/// interjections of both kinds inline and as blocks, inside emphasis,
/// links and notes, with brackets of their own; plain and escaped
/// brackets; code spans and highlighted code; several paragraphs to a
/// note. Every word is different (`w1`, `w2`, …), so a word dropped,
/// doubled into the wrong place or moved shows. Another sequence:
/// `SAMIZDAT_RANDOM_ARTICLES=seed,count`.
#[test]
fn generated_articles_keep_every_word() {
    let knob = std::env::var("SAMIZDAT_RANDOM_ARTICLES").ok();
    let exploring = knob.is_some();
    let knob = knob.unwrap_or_default();
    let mut knob = knob.split(',').map(|n| n.trim().parse::<u64>().ok());
    let seed = knob.next().flatten().unwrap_or(0x0a27_1c1e);
    let count = knob.next().flatten().unwrap_or(120) as usize;
    let mut g = Generator {
        seed,
        word: 0,
        note: 0,
        labels: Vec::new(),
    };
    let site = site_with(&[]);
    for i in 0..count {
        let body = g.article();
        // Dated, so that the feed carries each too.
        write(
            site.path(),
            &format!("content/a{i}.md"),
            &format!("---\ntitle: Article {i}\ndate: 2020\ntags: [t]\n---\n\n{body}"),
        );
    }
    // And their tag's page's text, as random (its links to the articles
    // from its own address, a folder further down).
    let body = g.article().replace("](../a", "](../../a");
    write(site.path(), "content/tags/t.md", &format!("---\n---\n\n{body}"));
    let markers: Vec<String> = ["ed.", "tr.", "trans."].map(String::from).to_vec();
    if exploring {
        // Kept, to read the article a failure names.
        eprintln!("the articles: {}", site.path().display());
        let kept = site.keep();
        assert_eq!(check_site_and_feeds(&kept, &markers), (count, count, 2 * count, 1));
        std::fs::remove_dir_all(kept).expect("remove the articles");
    } else {
        assert_eq!(
            check_site_and_feeds(site.path(), &markers),
            (count, count, 2 * count, 1)
        );
    }
}

/// Writes the random articles of `generated_articles_keep_every_word`.
struct Generator {
    seed: u64,
    /// The last word written.
    word: usize,
    /// The last note label used.
    note: usize,
    /// The labels of the article being written.
    labels: Vec<String>,
}

impl Generator {
    fn rand(&mut self, n: usize) -> usize {
        self.seed = self
            .seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.seed >> 33) as usize) % n.max(1)
    }

    /// `n` new words.
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                self.word += 1;
                format!("w{}", self.word)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An interjection's opening: a marker of either kind, in one of the
    /// forms the format allows.
    fn opening(&mut self) -> &'static str {
        ["[ed. – ", "[ed. — ", "[ed.: ", "[tr. – ", "[trans.: ", "[ed. - "][self.rand(6)]
    }

    /// Running text of about `n` words; `notes` collects the definitions
    /// its references need; `depth` bounds nesting; `bracketed`: inside an
    /// interjection (no stray brackets there: they would pair with its own).
    fn inline(&mut self, n: usize, notes: &mut Vec<String>, depth: usize, bracketed: bool) -> String {
        let mut out = Vec::new();
        let mut left = n;
        while left > 0 {
            let k = 1 + self.rand(4).min(left - 1);
            left -= k;
            let words = self.words(k);
            let piece = match self.rand(if depth > 2 { 6 } else { 17 }) {
                0 => format!("*{words}*"),
                1 => format!("**{words}**"),
                2 => format!("`{words}`"),
                3 => format!("[{words}](../a{}/)", self.rand(9)),
                4 => format!("{words}[sic]"),
                5 => format!("({words})"),
                6 | 7 => {
                    let label = self.new_note(notes, depth);
                    format!("{words}[^{label}]")
                }
                8 | 9 => {
                    let open = self.opening();
                    let n = 1 + self.rand(5);
                    let inner = self.inline(n, notes, depth + 1, true);
                    format!("{words} {open}{inner}]")
                }
                10 => {
                    let open = self.opening();
                    let inner = self.words(2);
                    format!("*{words} {open}{inner}]*")
                }
                11 => {
                    let open = self.opening();
                    let (a, b) = (self.words(1), self.words(2));
                    format!("{open}{words} [{a}] {b}]")
                }
                12 if !bracketed => format!("\\[ed. – {words}]"),
                13 if !bracketed => {
                    let (inner, after) = (self.words(2), self.words(1));
                    format!("{words} [{inner}] [{after}")
                }
                14 => format!("{words} &amp; <em>emphasis</em>"),
                15 if !self.labels.is_empty() => {
                    // A note referred to again.
                    let at = self.rand(self.labels.len());
                    let label = self.labels[at].clone();
                    format!("{words}[^{label}]")
                }
                _ => words,
            };
            out.push(piece);
        }
        let mut text = out.join(" ");
        // A break in the middle of the paragraph now and then.
        if text.len() > 40 && self.rand(3) == 0 {
            let from = (20..text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            // Before a plain word (a line that began with `-` or `#` would
            // be another block), outside code spans (the check reads them
            // a line at a time).
            let at = text[from..]
                .match_indices(" w")
                .map(|(p, _)| p + from)
                .find(|&p| text[..p].matches('`').count() % 2 == 0);
            if let Some(at) = at {
                text.replace_range(at..at + 1, "\n");
            }
        }
        text
    }

    /// A new note's label (defined in `notes`), its text nesting as deep
    /// as `depth` allows.
    fn new_note(&mut self, notes: &mut Vec<String>, depth: usize) -> String {
        self.note += 1;
        let label = match self.rand(3) {
            0 => format!("n{}", self.note),
            1 => format!("{}", self.note),
            _ => format!("Note{}", self.note),
        };
        self.labels.push(label.clone());
        let marker = ["", "", "ed. – ", "tr.: ", "trans. — "][self.rand(5)];
        let n = 3 + self.rand(8);
        let first = self.inline(n, notes, depth + 1, false);
        let mut def = format!("[^{label}]: {marker}{first}\n");
        if depth < 2 && self.rand(3) == 0 {
            // More paragraphs, indented four spaces.
            for _ in 0..1 + self.rand(2) {
                let n = 3 + self.rand(6);
                let more = self.inline(n, notes, depth + 1, false);
                def.push_str(&format!("\n    {}\n", more.replace('\n', "\n    ")));
            }
        }
        notes.push(def);
        label
    }

    fn article(&mut self) -> String {
        self.labels.clear();
        let mut notes = Vec::new();
        let mut blocks = Vec::new();
        for _ in 0..4 + self.rand(10) {
            let n = 5 + self.rand(20);
            let block = match self.rand(12) {
                0 => {
                    let n = 1 + self.rand(4);
                    let heading = self.words(n);
                    match self.rand(3) {
                        0 => {
                            let (open, aside) = (self.opening(), self.words(2));
                            format!("## {heading} {open}{aside}]")
                        }
                        _ => format!("## {heading}"),
                    }
                }
                1 | 2 => {
                    let ordered = self.rand(2) == 0;
                    let mut items = Vec::new();
                    for i in 0..2 + self.rand(3) {
                        let n = 3 + self.rand(6);
                        let text = self.inline(n, &mut notes, 1, false);
                        items.push(match ordered {
                            true => format!("{}. {}", i + 1, text.replace('\n', "\n   ")),
                            false => format!("- {}", text.replace('\n', "\n  ")),
                        });
                    }
                    items.join("\n")
                }
                3 => {
                    // A quote, now and then an interjection in it.
                    let quote = match self.rand(3) {
                        0 => {
                            let open = self.opening();
                            format!("{open}{}]", self.inline(n, &mut notes, 1, true))
                        }
                        _ => self.inline(n, &mut notes, 1, false),
                    };
                    format!("> {}", quote.replace('\n', "\n> "))
                }
                4 => {
                    // A block interjection over one paragraph or several.
                    let open = self.opening();
                    let mut paras = vec![self.inline(n, &mut notes, 1, true)];
                    for _ in 0..self.rand(3) {
                        let n = 5 + self.rand(10);
                        paras.push(self.inline(n, &mut notes, 1, true));
                    }
                    format!("{open}{}]", paras.join("\n\n"))
                }
                5 => {
                    let lang = ["", "rust", "python", "text"][self.rand(4)];
                    let (a, b) = (self.words(3), self.words(2));
                    format!("```{lang}\nlet {a} = [^x]; // [ed. – {b}]\n```")
                }
                _ => self.inline(n, &mut notes, 0, false),
            };
            blocks.push(block);
        }
        blocks.extend(notes);
        blocks.join("\n\n") + "\n"
    }
}

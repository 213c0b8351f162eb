//! Real-browser tests: the built pages in headless Chromium (driven over the
//! DevTools protocol, see `cdp.rs`), printed to PDF and read back with
//! poppler's `pdftotext` / `pdfinfo`.
//!
//! - print: every note and interjection is in the PDF, in order; the page
//!   size is the configured one; no word lies outside its page; the text
//!   column keeps its width; in Chromium and, with a reader's default print
//!   settings, in Firefox (driven over WebDriver BiDi, see `bidi.rs`);
//! - `[print] notes = "end"`: the notes come after the article body, once;
//! - wide screen (1400 px), in Chromium and Firefox: sidenotes right of the
//!   text column, beside their reference (or just below the note above),
//!   never overlapping;
//! - narrow screen (360 px), in both: no horizontal overflow, notes hidden
//!   until their reference is followed (`:target`, no JavaScript needed);
//! - print emulation at A5: no note box outside the page.
//!
//! Chromium, Firefox ESR and poppler-utils are required: without them these
//! tests fail (scripts/test.sh installs them).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use scraper::{ElementRef, Html};
use serde_json::Value;

use crate::bidi::{Firefox, CONNECTION_LOST};
use crate::build::within;
use crate::cdp::Browser;
use crate::common::{copy_dir, html, read, repo, run, select, stderr};

/// One browser at a time: the machine is small and shared.
static BROWSER: Mutex<()> = Mutex::new(());

fn browser() -> (std::sync::MutexGuard<'static, ()>, Browser) {
    let guard = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    (guard, Browser::launch())
}

/// Runs `check` in a new Firefox; if the connection to it is lost (it
/// crashed or hung up: seen once in a few hundred runs on a loaded
/// machine), once more in another. A check that fails is not run again.
fn in_firefox(check: impl Fn(&mut Firefox)) {
    let _guard = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&mut Firefox::launch())));
    let Err(panic) = first else {
        return;
    };
    let message = match (panic.downcast_ref::<String>(), panic.downcast_ref::<&str>()) {
        (Some(s), _) => s.as_str(),
        (None, Some(s)) => s,
        (None, None) => "",
    };
    if !message.starts_with(CONNECTION_LOST) {
        std::panic::resume_unwind(panic);
    }
    eprintln!("running the check again in a new Firefox");
    check(&mut Firefox::launch());
}

/// A browser tab, in Chromium (DevTools protocol) or Firefox (WebDriver
/// BiDi): what the print and screen layout checks drive.
trait Tab {
    fn set_viewport(&mut self, width: u32, height: u32);
    fn navigate(&mut self, url: &str);
    /// The value of a JavaScript expression, as JSON.
    fn eval(&mut self, js: &str) -> Value;
    fn print_pdf(&mut self, pdf: &Path);

    /// Opens `url` and prints it to `pdf`.
    fn print(&mut self, url: &str, pdf: &Path) {
        self.navigate(url);
        self.print_pdf(pdf);
    }
}

/// Both clients have these as inherent methods of the same names.
macro_rules! tab {
    ($client:ty) => {
        impl Tab for $client {
            fn set_viewport(&mut self, width: u32, height: u32) {
                <$client>::set_viewport(self, width, height);
            }
            fn navigate(&mut self, url: &str) {
                <$client>::navigate(self, url);
            }
            fn eval(&mut self, js: &str) -> Value {
                <$client>::eval(self, js)
            }
            fn print_pdf(&mut self, pdf: &Path) {
                <$client>::print_pdf(self, pdf);
            }
        }
    };
}

tab!(Browser);
tab!(Firefox);

// ----------------------------------------------------------------- sites

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
    fn page(&self, rel: &str) -> PathBuf {
        self.out().join(rel)
    }
}

/// Copies a site (book.toml, content/, themes/ and templates/ or static/ if
/// any; the repo's own theme when the site has none), edits its book.toml,
/// and builds it into `<copy>/out`.
fn build_site(src: &Path, edit: &dyn Fn(String) -> String) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["content", "themes", "templates", "static"] {
        if src.join(sub).is_dir() {
            copy_dir(&src.join(sub), &dir.path().join(sub));
        }
    }
    if !src.join("themes").is_dir() {
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    }
    // To check the checks: CSS appended to the theme's style.css (say a rule
    // that pushes notes off the page) must make these tests fail.
    if let Ok(extra) = std::env::var("SAMIZDAT_TEST_EXTRA_CSS") {
        let css = dir.path().join("themes/default/static/style.css");
        let t = read(&css) + "\n" + &extra;
        std::fs::write(css, t).expect("append test CSS");
    }
    let toml = edit(read(&src.join("book.toml")));
    std::fs::write(dir.path().join("book.toml"), toml).expect("write book.toml");
    let out = dir.path().join("out");
    let o = run(dir.path(), &["build", "--output", out.to_str().expect("utf-8 path")]);
    assert!(
        o.status.success(),
        "samizdat build of {} failed:\n{}",
        src.display(),
        stderr(&o)
    );
    Site { dir }
}

fn example(edit: &dyn Fn(String) -> String) -> Site {
    build_site(&repo(), edit)
}

fn long_fixture(edit: &dyn Fn(String) -> String) -> Site {
    build_site(&repo().join("tests/fixtures/print-long"), edit)
}

const LONG_ARTICLE: &str = "chronicle/the-ferry-at-low-water/index.html";
const LONG_PRINT: &str = "chronicle/print/index.html";

fn same(s: String) -> String {
    s
}

fn set_print(key: &str, value: &str) -> impl Fn(String) -> String {
    let line = format!("{key} = \"{value}\"");
    let key = key.to_string();
    move |toml: String| {
        let mut found = false;
        let mut lines: Vec<String> = toml
            .lines()
            .map(|l| {
                if l.trim_start().starts_with(&format!("{key} ")) || l.trim_start().starts_with(&format!("{key}=")) {
                    found = true;
                    line.clone()
                } else {
                    l.to_string()
                }
            })
            .collect();
        assert!(found, "no `{key}` in book.toml to replace");
        lines.push(String::new());
        lines.join("\n")
    }
}

/// A section's print edition (all its articles on one page): `body.page-print`,
/// or more than one `[data-article]`.
fn is_print_page(doc: &Html) -> bool {
    !select(doc, "body.page-print").is_empty() || select(doc, "[data-article]").len() > 1
}

/// The pages of a built site with a `[data-article]`, with their note
/// counts: (articles, print pages).
/// Pages and how many articles each holds.
type Counted = Vec<(PathBuf, usize)>;

fn pages_with_articles(out: &Path) -> (Counted, Counted) {
    let (mut arts, mut prints) = (Vec::new(), Vec::new());
    for e in walkdir::WalkDir::new(out) {
        let e = e.expect("walk output");
        if e.file_name() != "index.html" {
            continue;
        }
        let doc = html(e.path());
        if select(&doc, "[data-article]").is_empty() {
            continue;
        }
        let n = select(&doc, "[data-article] .note[data-note]").len();
        let entry = (e.path().to_path_buf(), n);
        if is_print_page(&doc) {
            prints.push(entry);
        } else {
            arts.push(entry);
        }
    }
    arts.sort();
    prints.sort();
    (arts, prints)
}

/// The article pages (`<section>/<slug>/index.html`), with their note counts.
fn articles(out: &Path) -> Vec<(PathBuf, usize)> {
    pages_with_articles(out).0
}

/// The example article with the most notes.
/// The example's articles that have notes, and the long fixture's article
/// and print edition.
fn pages_with_notes(ex: &Site, long: &Site) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = articles(&ex.out())
        .into_iter()
        .filter(|a| a.1 > 0)
        .map(|a| a.0)
        .collect();
    pages.push(long.page(LONG_ARTICLE));
    pages.push(long.page(LONG_PRINT));
    pages
}

fn most_notes(site: &Site) -> PathBuf {
    let all = articles(&site.out());
    let max = all.iter().map(|a| a.1).max().expect("the example has articles");
    assert!(max >= 3, "the example's articles have hardly any notes: {all:?}");
    all.into_iter().find(|a| a.1 == max).expect("max").0
}

/// The section print pages (`<section>/print/index.html`), most notes first.
fn print_pages(out: &Path) -> Vec<PathBuf> {
    let mut v = pages_with_articles(out).1;
    assert!(!v.is_empty(), "no section print page in {}", out.display());
    v.sort_by_key(|p| std::cmp::Reverse(p.1));
    v.into_iter().map(|p| p.0).collect()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

// ------------------------------------------------------ text from the HTML

/// Text of an element without the notes inside it (reference marks kept).
fn text_without_notes(el: ElementRef) -> String {
    let mut s = String::new();
    for child in el.children() {
        if let Some(e) = ElementRef::wrap(child) {
            let is_note = e.value().attr("data-note").is_some() || e.value().attr("data-endnotes").is_some();
            if !is_note {
                s.push_str(&text_without_notes(e));
            }
        } else if let Some(t) = child.value().as_text() {
            s.push_str(t);
        }
    }
    s
}

fn text(el: &ElementRef) -> String {
    el.text().collect()
}

struct Expect {
    what: String,
    text: String,
}

/// Per article of a page, in order: its notes' bodies (the words a reader
/// must find; the number and label are styling) and interjections.
fn notes_of(article: &ElementRef) -> Vec<Expect> {
    let sel = scraper::Selector::parse(".note[data-note]").expect("selector");
    let body = scraper::Selector::parse(".note-body").expect("selector");
    article
        .select(&sel)
        .map(|n| {
            let t = n.select(&body).next().map(|b| text(&b)).unwrap_or_else(|| text(&n));
            Expect {
                what: format!(
                    "note {} ({})",
                    n.value().attr("data-note").unwrap_or("?"),
                    n.value().attr("data-annotation").unwrap_or("?")
                ),
                text: t,
            }
        })
        .collect()
}

fn interjections_of(article: &ElementRef) -> Vec<Expect> {
    let sel = scraper::Selector::parse("[data-interjection]").expect("selector");
    article
        .select(&sel)
        .filter(|i| {
            !i.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().attr("data-note").is_some())
        })
        .map(|i| Expect {
            what: format!(
                "{} interjection ({})",
                i.value().attr("data-interjection").unwrap_or("?"),
                i.value().attr("data-annotation").unwrap_or("?")
            ),
            text: text_without_notes(i),
        })
        .collect()
}

fn article_elements(doc: &Html) -> Vec<ElementRef<'_>> {
    select(doc, "[data-article]")
}

// ------------------------------------------------------- text from the PDF

/// Letters and digits only, lower-cased: what survives line breaking,
/// hyphenation, ligatures and spacing both in HTML and in `pdftotext`.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{cmd} not found ({e}): run scripts/test.sh (it installs Debian's chromium and \
             poppler-utils) or apt-get install chromium poppler-utils"
        )
    });
    assert!(
        o.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text of a PDF's page bodies: the top and bottom page margins, where
/// the running title and the page number stand, are cropped off (their text
/// would otherwise break paragraphs that run over a page).
fn pdf_text(pdf: &Path) -> String {
    let (w, h) = page_sizes(pdf).first().copied().expect("the PDF has pages");
    let (top, bottom) = (32.0, 34.0);
    let crop = |v: f64| format!("{}", v.round() as i64);
    tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            "-x",
            "0",
            "-y",
            &crop(top),
            "-W",
            &crop(w),
            "-H",
            &crop(h - top - bottom),
            pdf.to_str().expect("utf-8"),
            "-",
        ],
    )
}

/// Where `needle` occurs in `hay` at or after `from`, allowing it to be cut
/// into at most `max_pieces` runs (a note that continues on the next page's
/// margin has that page's text before its continuation). Returns the start
/// and end of the match.
fn find_split(hay: &str, needle: &str, from: usize, max_pieces: usize) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return Some((from, from));
    }
    let mut cursor = from;
    let mut start = None;
    let mut p = 0;
    let bytes = needle.as_bytes();
    for _ in 0..max_pieces {
        // The longest prefix of needle[p..] found at or after cursor.
        let rest = &needle[p..];
        let boundaries: Vec<usize> = rest
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain(std::iter::once(rest.len()))
            .collect();
        let found = |len: usize| hay.get(cursor..).and_then(|h| h.find(&rest[..len])).map(|i| i + cursor);
        let (mut lo, mut hi) = (0usize, boundaries.len()); // boundaries[..lo] found
        while lo < hi {
            let mid = (lo + hi) / 2;
            if found(boundaries[mid]).is_some() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == 0 {
            return None;
        }
        let len = boundaries[lo - 1];
        // A piece shorter than 12 letters proves little unless it ends the text.
        if start.is_some() && len < 12 && p + len < bytes.len() {
            return None;
        }
        let at = found(len).expect("found");
        start.get_or_insert(at);
        cursor = at + len;
        p += len;
        if p == needle.len() {
            return start.map(|s| (s, cursor));
        }
    }
    None
}

/// Checks each expected text is in the PDF text, in order, from `from`;
/// returns the end of the last one. Collects failures in `errors`.
fn check_in_order(pdf: &str, expects: &[Expect], from: usize, errors: &mut Vec<String>, ctx: &str) -> usize {
    let mut lower = from;
    let mut end = from;
    for e in expects {
        let n = norm(&e.text);
        match find_split(pdf, &n, lower, 3) {
            Some((s, t)) => {
                lower = s;
                end = end.max(t);
            }
            None => {
                let anywhere = find_split(pdf, &n, 0, 3).is_some();
                errors.push(format!(
                    "{ctx}: {} {} the PDF text: {:?}",
                    e.what,
                    if anywhere {
                        "is out of order in"
                    } else {
                        "is missing from"
                    },
                    e.text.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    end
}

/// (width, height) in points of every page.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let info = tool("pdfinfo", &["-f", "1", "-l", "100000", pdf.to_str().expect("utf-8")]);
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size: "))
        .map(|l| {
            let dims = l.split(" size: ").nth(1).expect("size");
            let mut it = dims.split_whitespace();
            let w: f64 = it.next().and_then(|w| w.parse().ok()).expect("width");
            assert_eq!(it.next(), Some("x"), "{l}");
            let h: f64 = it.next().and_then(|h| h.parse().ok()).expect("height");
            (w, h)
        })
        .collect();
    assert!(!sizes.is_empty(), "pdfinfo printed no page sizes:\n{info}");
    sizes
}

fn check_page_size(pdf: &Path, expected: (f64, f64), name: &str, errors: &mut Vec<String>) {
    for (i, (w, h)) in page_sizes(pdf).into_iter().enumerate() {
        // Within a point: Firefox rounds the page to whole points (A5 is
        // 420 x 596 there).
        if (w - expected.0).abs() > 1.0 || (h - expected.1).abs() > 1.0 {
            errors.push(format!(
                "{}: page {} is {w} x {h} pts, expected {name} ({} x {})",
                pdf.display(),
                i + 1,
                expected.0,
                expected.1
            ));
        }
    }
}

/// Every word `pdftotext -bbox` finds lies within its page's media box.
fn check_words_on_page(pdf: &Path, errors: &mut Vec<String>) {
    let bbox = tool(
        "pdftotext",
        &["-bbox", "-enc", "UTF-8", pdf.to_str().expect("utf-8"), "-"],
    );
    let doc = Html::parse_document(&bbox);
    let mut bad = Vec::new();
    let mut words = 0;
    for (i, page) in select(&doc, "page").into_iter().enumerate() {
        let num =
            |e: &ElementRef, a: &str| -> f64 { e.value().attr(a).and_then(|v| v.parse().ok()).expect("bbox attr") };
        let (w, h) = (num(&page, "width"), num(&page, "height"));
        let sel = scraper::Selector::parse("word").expect("selector");
        for word in page.select(&sel) {
            words += 1;
            let (x0, y0, x1, y1) = (
                num(&word, "xmin"),
                num(&word, "ymin"),
                num(&word, "xmax"),
                num(&word, "ymax"),
            );
            if x0 < -0.5 || y0 < -0.5 || x1 > w + 0.5 || y1 > h + 0.5 {
                bad.push(format!(
                    "page {} ({w} x {h}): {:?} at x {x0:.1}..{x1:.1}, y {y0:.1}..{y1:.1}",
                    i + 1,
                    text(&word)
                ));
            }
        }
    }
    assert!(words > 0, "pdftotext -bbox found no words in {}", pdf.display());
    if !bad.is_empty() {
        errors.push(format!(
            "{}: {} word(s) outside the page:\n  {}",
            pdf.display(),
            bad.len(),
            bad.into_iter().take(15).collect::<Vec<_>>().join("\n  ")
        ));
    }
}

fn finish(errors: Vec<String>) {
    assert!(
        errors.is_empty(),
        "{} problem(s):\n- {}",
        errors.len(),
        errors.join("\n- ")
    );
}

const A5: (f64, f64) = (419.53, 595.28);
const A4: (f64, f64) = (595.28, 841.89);

/// The text column is not squeezed: the widest lines of five words or more
/// (the 90th percentile: notes, in their narrower column, can be most of the
/// lines) are at least `share` of the page's width. A note column that
/// takes the text's room leaves every word in the PDF, on short lines.
fn check_text_width(pdf: &Path, share: f64, errors: &mut Vec<String>) {
    let bbox = tool(
        "pdftotext",
        &["-bbox-layout", "-enc", "UTF-8", pdf.to_str().expect("utf-8"), "-"],
    );
    let doc = Html::parse_document(&bbox);
    let num = |e: &ElementRef, a: &str| -> f64 { e.value().attr(a).and_then(|v| v.parse().ok()).expect("bbox attr") };
    let page_width = select(&doc, "page")
        .first()
        .map(|p| num(p, "width"))
        .expect("pdftotext -bbox-layout found no page");
    let word = scraper::Selector::parse("word").expect("selector");
    let mut widths: Vec<f64> = select(&doc, "line")
        .iter()
        .filter(|l| l.select(&word).count() >= 5)
        .map(|l| num(l, "xmax") - num(l, "xmin"))
        .collect();
    if widths.len() < 10 {
        errors.push(format!(
            "{}: only {} line(s) of five words or more",
            pdf.display(),
            widths.len()
        ));
        return;
    }
    widths.sort_by(f64::total_cmp);
    let wide = widths[widths.len() * 9 / 10];
    if wide < share * page_width {
        errors.push(format!(
            "{}: the text column is squeezed: its lines are {wide:.0} pt wide (90th percentile of {}), under {:.0}% of the page's {page_width:.0} pt",
            pdf.display(),
            widths.len(),
            share * 100.0
        ));
    }
}

/// Prints a page; checks every note and interjection of each of its articles
/// is in the PDF, in order, the page size, that no word is off the page and
/// that the text column keeps its width.
fn check_print(b: &mut dyn Tab, page: &Path, size: (f64, f64), size_name: &str, errors: &mut Vec<String>) {
    let pdf = page.with_extension(format!("{size_name}.pdf"));
    b.print(&url(page), &pdf);
    let text = norm(&pdf_text(&pdf));
    let doc = html(page);
    let arts = article_elements(&doc);
    assert!(!arts.is_empty(), "no [data-article] in {}", page.display());
    let mut from = 0;
    let mut total = 0;
    for (i, a) in arts.iter().enumerate() {
        let ctx = format!("{} article {}", page.display(), i + 1);
        let notes = notes_of(a);
        let inter = interjections_of(a);
        total += notes.len() + inter.len();
        check_in_order(&text, &notes, from, errors, &ctx);
        check_in_order(&text, &inter, from, errors, &ctx);
        // The next article's notes come after this one's first note.
        if let Some(first) = notes.first() {
            if let Some((s, _)) = find_split(&text, &norm(&first.text), from, 3) {
                from = s;
            }
        }
    }
    assert!(
        total > 0,
        "{} has no notes or interjections to look for",
        page.display()
    );
    check_page_size(&pdf, size, size_name, errors);
    check_words_on_page(&pdf, errors);
    check_text_width(&pdf, 0.4, errors);
}

// ------------------------------------------------------------------ print

/// The example's article with the most notes, its first print page, and
/// the long fixture's article and print page, printed at A5.
fn check_print_a5(printer: &mut dyn Tab) {
    let ex = example(&same);
    let long = long_fixture(&same);
    let mut errors = Vec::new();
    let pages = [
        most_notes(&ex),
        print_pages(&ex.out())
            .into_iter()
            .next()
            .expect("the example has a print page"),
        long.page(LONG_ARTICLE),
        long.page(LONG_PRINT),
    ];
    for p in &pages {
        check_print(printer, p, A5, "A5", &mut errors);
    }
    finish(errors);
}

#[test]
fn print_pdf_has_every_note_and_interjection_in_order_on_a5() {
    let (_g, mut b) = browser();
    check_print_a5(&mut b);
}

/// Firefox with a reader's default print settings ("Save to PDF": the paper
/// size from the page's `@page` rule, Firefox's margins, fit to page width)
/// prints the same pages as completely as Chromium does.
#[test]
fn firefox_print_pdf_has_every_note_and_interjection_in_order() {
    in_firefox(|f| check_print_a5(f));
}

/// On an issue's print edition, a link from one article to a place in
/// another of the issue (the example's "emblem", to On the Cover's "What
/// it shows") is a link within the PDF, to the page where that place is;
/// and the issue's own text opens it.
#[test]
fn a_link_between_articles_of_an_issue_jumps_within_its_pdf() {
    let (_g, mut b) = browser();
    let ex = example(&same);
    let page = ex.page("review/issue-2/print/index.html");
    let pdf = page.with_extension("pdf");
    b.print(&url(&page), &pdf);
    let xml = tool("pdftohtml", &["-xml", "-i", "-stdout", pdf.to_str().expect("utf-8")]);
    // Each page's number and its markup, as pdftohtml writes them.
    let pages: Vec<(&str, &str)> = xml
        .split("<page number=\"")
        .skip(1)
        .filter_map(|p| p.split_once('"'))
        .collect();
    let link = xml
        .split("<a href=\"")
        .skip(1)
        .find_map(|a| a.split_once("\">").filter(|(_, rest)| rest.starts_with("emblem</a>")))
        .map(|(href, _)| href)
        .unwrap_or_else(|| panic!("no link `emblem` in the PDF:\n{xml}"));
    let (file, target) = link
        .split_once('#')
        .expect("a link within the PDF: `<file>.html#<page>`");
    assert!(!file.contains("://"), "the link leaves the PDF: {link}");
    let (_, there) = pages
        .iter()
        .find(|(n, _)| *n == target)
        .unwrap_or_else(|| panic!("the link leads to page {target}, which the PDF does not have"));
    assert!(
        there.contains("What it shows"),
        "page {target}, where `emblem` leads, lacks the heading:\n{there}"
    );
    // The issue's own text opens it, before the contents.
    let intro = xml
        .find("The second issue is about")
        .expect("the issue's own text is printed");
    let contents = xml.find(">1. Borrowed Tools<").expect("the contents are printed");
    assert!(intro < contents, "the issue's own text comes before the contents");
}

#[test]
fn print_pdf_page_size_a4() {
    let (_g, mut b) = browser();
    check_print_a4(&mut b);
}

#[test]
fn firefox_print_pdf_page_size_a4() {
    in_firefox(|f| check_print_a4(f));
}

fn check_print_a4(printer: &mut dyn Tab) {
    let long = long_fixture(&set_print("page_size", "A4"));
    let mut errors = Vec::new();
    for p in [long.page(LONG_ARTICLE), long.page(LONG_PRINT)] {
        check_print(printer, &p, A4, "A4", &mut errors);
    }
    finish(errors);
}

/// With `[print] notes = "end"` each article's notes are printed after its
/// body, each once (not also beside or below its line).
#[test]
fn print_notes_end_come_after_the_body() {
    let (_g, mut b) = browser();
    check_notes_end(&mut b);
}

#[test]
fn firefox_print_notes_end_come_after_the_body() {
    in_firefox(|f| check_notes_end(f));
}

fn check_notes_end(printer: &mut dyn Tab) {
    let edit = set_print("notes", "end");
    let ex = example(&edit);
    let long = long_fixture(&edit);
    let mut errors = Vec::new();
    let pages = [most_notes(&ex), long.page(LONG_ARTICLE), long.page(LONG_PRINT)];
    for page in &pages {
        let doc = html(page);
        assert_eq!(
            select(&doc, "body.print-notes-end").len(),
            1,
            "{}: body lacks class print-notes-end",
            page.display()
        );
        let pdf = page.with_extension("end.pdf");
        printer.print(&url(page), &pdf);
        let text = norm(&pdf_text(&pdf));
        let mut from = 0;
        for (i, a) in article_elements(&doc).iter().enumerate() {
            let ctx = format!("{} article {}", page.display(), i + 1);
            let endnotes = within(a, "[data-endnotes] li[data-endnote]");
            let inline = notes_of(a);
            if inline.is_empty() {
                continue;
            }
            assert_eq!(endnotes.len(), inline.len(), "{ctx}: endnote count");
            // The body: every block of the prose before the endnotes.
            let blocks: Vec<String> = within(a, ".prose > *")
                .into_iter()
                .filter(|e| e.value().attr("data-endnotes").is_none())
                .map(text_without_notes)
                .filter(|t| !norm(t).is_empty())
                .collect();
            let last = blocks.last().expect("a body");
            let Some((_, body_end)) = find_split(&text, &norm(last), from, 3) else {
                errors.push(format!(
                    "{ctx}: the last paragraph of the body is not in the PDF: {last:?}"
                ));
                continue;
            };
            // Notes must not be printed inside the body: each paragraph with a
            // note reference reads on without note text in between.
            for t in &blocks {
                if find_split(&text, &norm(t), from, 1).is_none() {
                    errors.push(format!(
                        "{ctx}: a body paragraph is interrupted (a note printed inline?): {:?}",
                        t.split_whitespace().take(12).collect::<Vec<_>>().join(" ")
                    ));
                }
            }
            let expects: Vec<Expect> = endnotes
                .iter()
                .zip(&inline)
                .map(|(li, n)| Expect {
                    what: format!("end{}", n.what),
                    // What the endnote prints, without its label.
                    text: li
                        .children()
                        .filter_map(ElementRef::wrap)
                        .filter(|c| !c.value().classes().any(|k| k == "note-label"))
                        .map(|c| c.text().collect::<String>())
                        .collect::<Vec<_>>()
                        .join(" "),
                })
                .collect();
            for e in &expects {
                let n = norm(&e.text);
                if let Some((s, _)) = find_split(&text, &n, from, 3) {
                    if s < body_end {
                        errors.push(format!("{ctx}: {} is printed before the end of the body", e.what));
                    }
                }
            }
            from = check_in_order(&text, &expects, body_end, &mut errors, &ctx);
        }
    }
    finish(errors);
}

// ----------------------------------------------------------- live layout

const MEASURE: &str = r#"(() => {
  const y = window.scrollY;
  const arts = [...document.querySelectorAll('[data-article]')];
  const notes = [...document.querySelectorAll('[data-article] .note[data-note]')].map(n => {
    const art = n.closest('[data-article]');
    const col = (n.closest('.prose') || art).getBoundingClientRect();
    const r = n.getBoundingClientRect();
    const ref = art.querySelector(`[data-note-ref="${n.dataset.note}"]`);
    const rr = ref ? ref.getBoundingClientRect() : null;
    const cs = getComputedStyle(n);
    return {
      n: (arts.length > 1 ? 'a' + (arts.indexOf(art) + 1) + '-' : '') + n.dataset.note,
      kind: n.dataset.annotation, inTable: !!n.closest('table'),
      display: cs.display, visibility: cs.visibility,
      left: r.left, right: r.right, top: r.top + y, bottom: r.bottom + y, height: r.height,
      refTop: rr ? rr.top + y : null, colRight: col.right,
      mt: parseFloat(cs.marginTop) || 0, mb: parseFloat(cs.marginBottom) || 0,
    };
  });
  return {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    notes,
  };
})()"#;

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or_else(|| panic!("{k} is not a number in {v}"))
}

fn check_wide(b: &mut impl Tab, page: &Path, errors: &mut Vec<String>) {
    b.set_viewport(1400, 1000);
    b.navigate(&url(page));
    let m = b.eval(MEASURE);
    let ctx = page.display().to_string();
    let (iw, sw) = (f(&m, "innerWidth"), f(&m, "scrollWidth"));
    if sw > iw {
        errors.push(format!(
            "{ctx} at 1400 px: horizontal overflow, scrollWidth {sw} > innerWidth {iw}"
        ));
    }
    let mut notes: Vec<&Value> = m["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter(|n| n["inTable"] != true)
        .collect();
    assert!(!notes.is_empty(), "{ctx}: no notes to lay out");
    for n in &notes {
        let id = format!("{ctx} at 1400 px: note {} ({})", n["n"], n["kind"]);
        if n["display"] == "none" || f(n, "height") <= 0.0 {
            errors.push(format!(
                "{id} is not displayed (display {}, height {})",
                n["display"], n["height"]
            ));
            continue;
        }
        let col_right = f(n, "colRight");
        if f(n, "left") < col_right - 1.0 {
            errors.push(format!(
                "{id} is not right of the text column: left {:.1} < column right {col_right:.1} - 1",
                f(n, "left")
            ));
        }
        if f(n, "right") > iw + 0.5 {
            errors.push(format!("{id} overflows the window: right {:.1} > {iw}", f(n, "right")));
        }
    }
    notes.retain(|n| n["display"] != "none");
    notes.sort_by(|a, b| f(a, "top").total_cmp(&f(b, "top")));
    let mut prev: Option<&Value> = None;
    for n in &notes {
        let id = format!("{ctx} at 1400 px: note {} ({})", n["n"], n["kind"]);
        let (top, ref_top) = (f(n, "top"), f(n, "refTop"));
        let beside = (top - ref_top).abs() <= 48.0;
        if let Some(p) = prev {
            let pb = f(p, "bottom");
            if top < pb - 0.5 {
                errors.push(format!(
                    "{id} overlaps note {}: top {top:.1} < its bottom {pb:.1}",
                    p["n"]
                ));
            }
            let pushed_limit = pb + f(p, "mb") + f(n, "mt") + 2.0;
            if !(beside || top >= ref_top && top <= pushed_limit) {
                errors.push(format!(
                    "{id} is far from its reference: top {top:.1}, reference top {ref_top:.1} \
                     (|Δ| {:.1} > 48), and not just below note {} (bottom {pb:.1}, limit {pushed_limit:.1})",
                    (top - ref_top).abs(),
                    p["n"]
                ));
            }
        } else if !beside {
            errors.push(format!(
                "{id} is far from its reference: top {top:.1}, reference top {ref_top:.1} (|Δ| {:.1} > 48)",
                (top - ref_top).abs()
            ));
        }
        prev = Some(n);
    }
}

fn check_wide_screen(b: &mut impl Tab) {
    let ex = example(&same);
    let long = long_fixture(&same);
    let mut errors = Vec::new();
    let mut pages = pages_with_notes(&ex, &long);
    // The print editions are pages to read on screen too.
    pages.push(print_pages(&ex.out()).into_iter().next().expect("a print page"));
    for p in &pages {
        check_wide(b, p, &mut errors);
    }
    finish(errors);
}

#[test]
fn wide_screen_sidenotes_sit_in_the_margin_beside_their_reference() {
    let (_g, mut b) = browser();
    check_wide_screen(&mut b);
}

#[test]
fn wide_screen_sidenotes_sit_in_the_margin_beside_their_reference_in_firefox() {
    in_firefox(check_wide_screen);
}

#[test]
fn narrow_screen_no_overflow_and_notes_open_on_target() {
    let (_g, mut b) = browser();
    check_narrow_screen(&mut b);
}

#[test]
fn narrow_screen_no_overflow_and_notes_open_on_target_in_firefox() {
    in_firefox(check_narrow_screen);
}

fn check_narrow_screen(b: &mut impl Tab) {
    let ex = example(&same);
    let long = long_fixture(&same);
    let mut errors = Vec::new();
    let mut pages: Vec<PathBuf> = articles(&ex.out()).into_iter().map(|a| a.0).collect();
    pages.push(long.page(LONG_ARTICLE));
    b.set_viewport(360, 740);
    for p in &pages {
        let ctx = format!("{} at 360 px", p.display());
        b.navigate(&url(p));
        let m = b.eval(MEASURE);
        let sw = f(&m, "scrollWidth");
        if sw > 360.0 {
            let culprit = b.eval(
                r#"[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                   .slice(0, 3).map(e => e.tagName + '.' + e.className + ' right ' + e.getBoundingClientRect().right.toFixed(1)).join('; ')"#,
            );
            errors.push(format!(
                "{ctx}: horizontal overflow, scrollWidth {sw} > 360 ({culprit})"
            ));
        }
        let notes = m["notes"].as_array().expect("notes");
        for n in notes {
            if n["display"] != "none" {
                errors.push(format!(
                    "{ctx}: note {} is shown before it is targeted (display {})",
                    n["n"], n["display"]
                ));
            }
        }
        if notes.is_empty() {
            continue;
        }
        // Follow the first reference: a fresh load of page#note-1.
        b.navigate("about:blank");
        b.navigate(&format!("{}#note-1", url(p)));
        let t = b.eval(
            r#"(() => { const n = document.getElementById('note-1'); const cs = getComputedStyle(n);
                const r = n.getBoundingClientRect();
                return { target: document.querySelector(':target') === n, display: cs.display,
                         visibility: cs.visibility, height: r.height, left: r.left, right: r.right,
                         scrollWidth: document.documentElement.scrollWidth }; })()"#,
        );
        if t["target"] != true {
            errors.push(format!("{ctx}: #note-1 is not the :target"));
        }
        if t["display"] == "none" || t["visibility"] == "hidden" || f(&t, "height") <= 0.0 {
            errors.push(format!(
                "{ctx}: note 1 is not shown when targeted (display {}, visibility {}, height {})",
                t["display"], t["visibility"], t["height"]
            ));
        }
        if f(&t, "left") < -0.5 || f(&t, "right") > 360.5 || f(&t, "scrollWidth") > 360.0 {
            errors.push(format!(
                "{ctx}: the opened note 1 is not within the screen: left {:.1}, right {:.1}, scrollWidth {}",
                f(&t, "left"),
                f(&t, "right"),
                t["scrollWidth"]
            ));
        }
    }
    finish(errors);
}

/// Print media at the A5 page width (148 mm = 559 CSS px): every note is
/// laid out and inside the page.
#[test]
fn print_emulation_keeps_notes_on_the_page() {
    let ex = example(&same);
    let long = long_fixture(&same);
    let (_g, mut b) = browser();
    let mut errors = Vec::new();
    let pages = pages_with_notes(&ex, &long);
    let (w, h) = (559u32, 794u32);
    b.set_viewport(w, h);
    b.emulate_print();
    for p in &pages {
        let ctx = format!("{} in print media at {w} px", p.display());
        b.navigate(&url(p));
        let m = b.eval(MEASURE);
        let iw = f(&m, "innerWidth");
        for n in m["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .filter(|n| n["inTable"] != true)
        {
            if n["display"] == "none" || f(n, "height") <= 0.0 {
                errors.push(format!(
                    "{ctx}: note {} is not printed (display {})",
                    n["n"], n["display"]
                ));
                continue;
            }
            let (l, r) = (f(n, "left"), f(n, "right"));
            if l < -0.5 || r > iw + 0.5 {
                errors.push(format!(
                    "{ctx}: note {} lies outside the page: left {l:.1}, right {r:.1}, page width {iw}",
                    n["n"]
                ));
            }
        }
        let sw = f(&m, "scrollWidth");
        if sw > iw {
            errors.push(format!("{ctx}: content wider than the page: scrollWidth {sw} > {iw}"));
        }
    }
    b.emulate_screen();
    finish(errors);
}

/// Every printed page but the first carries the article's title at the top
/// and every page its number at the bottom (`@page` margin boxes).
#[test]
fn printed_pages_have_a_running_title_and_page_numbers() {
    let long = long_fixture(&same);
    let (_g, mut b) = browser();
    let page = long.page(LONG_ARTICLE);
    let pdf = page.with_extension("running.pdf");
    b.navigate(&url(&page));
    b.print_pdf(&pdf);
    let pages = page_sizes(&pdf).len();
    assert!(
        pages >= 3,
        "the long fixture should print on several pages, got {pages}"
    );
    let title = text(&select(&html(&page), "h1")[0]);
    for n in 1..=pages {
        let p = n.to_string();
        let t = tool(
            "pdftotext",
            &["-layout", "-f", &p, "-l", &p, pdf.to_str().expect("utf-8 path"), "-"],
        );
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines.last().copied(),
            Some(p.as_str()),
            "page {n} does not end with its number: {lines:?}"
        );
        if n > 1 {
            assert_eq!(
                norm(lines[0]),
                norm(&title),
                "page {n} does not start with the running title"
            );
        }
    }
}

/// On paper a link to another host prints its address after the text, and
/// a link to another article of the site prints that article's title.
#[test]
fn printed_links_show_their_address_or_the_article_title() {
    let ex = example(&same);
    let (_g, mut b) = browser();
    let cases = [
        (
            "review/issue-2/keeping-a-mirror/index.html",
            "a clear setup guide",
            "https://community.torproject.org/onion-services/setup/",
        ),
        (
            "review/issue-2/on-the-cover/index.html",
            "the note on the house style",
            "A Note on the House Style",
        ),
    ];
    for (page, link_text, printed) in cases {
        let page = ex.page(page);
        let pdf = page.with_extension("links.pdf");
        b.navigate(&url(&page));
        b.print_pdf(&pdf);
        let text = norm(&pdf_text(&pdf));
        let at = text
            .find(&norm(link_text))
            .unwrap_or_else(|| panic!("`{link_text}` not printed"));
        let after = &text[at..(at + 400).min(text.len())];
        assert!(
            after.contains(&norm(printed)),
            "`{printed}` not printed after `{link_text}`: {after}"
        );
    }
}

/// Contrast of each voice against what is behind it, in the light and the
/// dark colour scheme (`prefers-color-scheme`), on the example's articles:
/// WCAG's 4.5:1 for text, and a page that is light or dark as asked.
#[test]
fn both_colour_schemes_keep_every_voice_readable() {
    const CONTRAST: &str = r#"(() => {
      const parse = c => {
        const p = c.match(/rgba?\(([^)]+)\)/)[1].split(',').map(parseFloat);
        return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
      };
      const lum = ({ r, g, b }) => {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const behind = el => {
        for (let e = el; e; e = e.parentElement) {
          const c = parse(getComputedStyle(e).backgroundColor);
          if (c.a > 0.5) return c;
        }
        return { r: 255, g: 255, b: 255, a: 1 };
      };
      const ratio = (a, b) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const voices = [
        ["body text", "main .article-body > p"],
        ["byline", ".byline"],
        ["link", "main .article-body a[href]:not(.note-num)"],
        ["author's note", ".note[data-annotation=author] .note-body"],
        ["editor's note", ".note[data-annotation=ed] .note-body"],
        ["editor's note label", ".note[data-annotation=ed] .note-label"],
        ["editor's interjection", "[data-interjection][data-annotation=ed]"],
      ];
      const found = {};
      for (const [name, sel] of voices) {
        const el = document.querySelector(sel);
        if (el) found[name] = ratio(parse(getComputedStyle(el).color), behind(el));
      }
      return { page: lum(behind(document.body)), found };
    })()"#;
    let ex = example(&same);
    let (_g, mut b) = browser();
    b.set_viewport(1400, 900);
    let mut errors = Vec::new();
    for scheme in ["light", "dark"] {
        b.call(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "media": "", "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
        let mut seen = std::collections::BTreeSet::new();
        for (page, _) in articles(&ex.out()) {
            b.navigate(&url(&page));
            let m = b.eval(CONTRAST);
            let lum = f(&m, "page");
            let page_ok = if scheme == "dark" { lum < 0.05 } else { lum > 0.8 };
            if !page_ok {
                errors.push(format!("{scheme}: {}: page luminance {lum:.3}", page.display()));
            }
            for (voice, ratio) in m["found"].as_object().expect("found").iter() {
                seen.insert(voice.clone());
                let ratio = ratio.as_f64().expect("ratio");
                if ratio < 4.5 {
                    errors.push(format!("{scheme}: {}: {voice} contrast {ratio:.2}:1", page.display()));
                }
            }
        }
        if seen.len() < 7 {
            errors.push(format!("{scheme}: only {seen:?} found on the example's articles"));
        }
    }
    b.emulate_screen();
    finish(errors);
}

// ------------------------------------------------------------------ cover

/// The share of the pixels of page `n` of `pdf` (rendered at 20 dpi) that
/// are near the colour `rgb`.
fn share_of_colour(pdf: &Path, n: usize, rgb: [u8; 3]) -> f64 {
    let prefix = pdf.with_extension(format!("page{n}"));
    tool(
        "pdftoppm",
        &[
            "-r",
            "20",
            "-f",
            &n.to_string(),
            "-l",
            &n.to_string(),
            "-singlefile",
            pdf.to_str().expect("utf-8"),
            prefix.to_str().expect("utf-8"),
        ],
    );
    let ppm = std::fs::read(format!("{}.ppm", prefix.display())).expect("pdftoppm wrote the page");
    // P6, width, height, 255, then RGB bytes.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..at]).into_owned());
    }
    let pixels = &ppm[at + 1..];
    let near = pixels
        .chunks_exact(3)
        .filter(|p| p.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 12))
        .count();
    near as f64 / (pixels.len() / 3) as f64
}

/// An issue's cover (`cover` in its `_index.md`) prints as its whole first
/// page, margin to margin, without a page number; the title page comes
/// after it, without the running title. (The example's second issue has
/// one; its paper is #f3ecdc.)
fn check_cover_page(printer: &mut dyn Tab, browser: &str) {
    let ex = example(&same);
    let page = ex.page("review/issue-2/print/index.html");
    let pdf = page.with_extension(format!("{browser}.pdf"));
    printer.print(&url(&page), &pdf);
    let paper = share_of_colour(&pdf, 1, [0xf3, 0xec, 0xdc]);
    let white = share_of_colour(&pdf, 1, [0xff, 0xff, 0xff]);
    assert!(
        paper > 0.6 && white < 0.03,
        "{browser}: the cover does not fill the first page: {:.0}% its paper, {:.0}% white",
        paper * 100.0,
        white * 100.0
    );
    let page_text = |n: usize| {
        tool(
            "pdftotext",
            &[
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                "-enc",
                "UTF-8",
                pdf.to_str().expect("utf-8"),
                "-",
            ],
        )
    };
    let first = page_text(1);
    assert!(
        !first.contains("LANTERN STREET PRESS") && !first.contains("Lantern Street Press"),
        "{browser}: the title page shares the cover's page:\n{first}"
    );
    let second = norm(&page_text(2));
    assert!(
        second.starts_with(&norm("LANTERN STREET PRESS Issue 2: Borrowed Tools"))
            || second.starts_with(&norm("Lantern Street Press Issue 2: Borrowed Tools")),
        "{browser}: the title page is not the second, or has a running title above it:\n{second}"
    );
}

#[test]
fn an_issue_s_cover_is_its_whole_first_printed_page() {
    let (_g, mut b) = browser();
    check_cover_page(&mut b, "chromium");
}

#[test]
fn firefox_prints_an_issue_s_cover_as_its_whole_first_page() {
    in_firefox(|f| check_cover_page(f, "firefox"));
}

/// The text of page `n` of `pdf`, margins and all.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    tool(
        "pdftotext",
        &["-f", &n, "-l", &n, "-enc", "UTF-8", pdf.to_str().expect("utf-8"), "-"],
    )
}

/// The green of the text's cover in [`check_text_cover`].
const TEXT_COVER: [u8; 3] = [0x2a, 0x6f, 0x4e];

/// A pamphlet of two texts, the second with a cover (`cover` in its front
/// matter), a green page of the paper's shape.
fn pamphlets() -> Site {
    let src = tempfile::tempdir().expect("temp dir");
    let files = [
        ("book.toml", "[site]\ntitle = \"Cover Test\"\n"),
        ("content/pamphlets/_index.md", "---\ntitle: Pamphlets\n---\n"),
        (
            "content/pamphlets/before.md",
            "---\ntitle: Before It\nweight: 1\n---\n\nThe first pamphlet's only words.\n",
        ),
        (
            "content/pamphlets/mutual-aid.md",
            "---\ntitle: Mutual Aid in the Shop\nauthor: Ada Pell\nweight: 2\ncover: art/front.svg\n---\n\n\
             The text of the pamphlet.[^1]\n\n[^1]: A note of the author's.\n",
        ),
        (
            "content/pamphlets/art/front.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 148 210\" width=\"592\" height=\"840\">\
             <rect width=\"148\" height=\"210\" fill=\"#2a6f4e\"/></svg>\n",
        ),
    ];
    for (rel, text) in files {
        crate::common::write(src.path(), rel, text);
    }
    build_site(src.path(), &same)
}

/// Whether page `n` of `pdf` is all the text's cover: its green margin to
/// margin, with no words (no page number, no running title).
fn is_text_cover(pdf: &Path, n: usize) -> bool {
    share_of_colour(pdf, n, TEXT_COVER) > 0.6
        && share_of_colour(pdf, n, [0xff, 0xff, 0xff]) < 0.03
        && page_text(pdf, n).trim().is_empty()
}

/// A text's cover prints as a whole page before it, margin to margin,
/// without a page number or running title: the first page of the text's
/// own page, and in its issue's print edition the page before its title
/// (not shared with the text before it).
fn check_text_cover(printer: &mut dyn Tab, browser: &str) {
    let site = pamphlets();
    let page = site.page("pamphlets/mutual-aid/index.html");
    let pdf = page.with_extension(format!("{browser}.pdf"));
    printer.print(&url(&page), &pdf);
    assert!(
        is_text_cover(&pdf, 1),
        "{browser}: the text's own page does not print its cover as its first page: {:.0}% green, \
         {:.0}% white, text {:?}",
        share_of_colour(&pdf, 1, TEXT_COVER) * 100.0,
        share_of_colour(&pdf, 1, [0xff, 0xff, 0xff]) * 100.0,
        page_text(&pdf, 1)
    );
    let second = norm(&page_text(&pdf, 2));
    assert!(
        second.contains(&norm("Mutual Aid in the Shop Ada Pell The text of the pamphlet")),
        "{browser}: the text does not follow its cover:\n{second}"
    );

    let print = site.page("pamphlets/print/index.html");
    let pdf = print.with_extension(format!("{browser}.pdf"));
    printer.print(&url(&print), &pdf);
    let pages = page_sizes(&pdf).len();
    let covers: Vec<usize> = (1..=pages).filter(|&n| is_text_cover(&pdf, n)).collect();
    assert_eq!(
        covers.len(),
        1,
        "{browser}: one page of the edition is the text's cover"
    );
    let at = covers[0];
    let before = norm(&page_text(&pdf, at - 1));
    assert!(
        before.contains(&norm("The first pamphlet's only words")),
        "{browser}: the page before the cover is not the text before it:\n{before}"
    );
    let after = norm(&page_text(&pdf, at + 1));
    assert!(
        after.contains(&norm("Mutual Aid in the Shop Ada Pell")),
        "{browser}: the text does not follow its cover in the edition:\n{after}"
    );
}

#[test]
fn a_text_s_cover_prints_as_a_whole_page_before_it() {
    let (_g, mut b) = browser();
    check_text_cover(&mut b, "chromium");
}

#[test]
fn firefox_prints_a_text_s_cover_as_a_whole_page_before_it() {
    in_firefox(|f| check_text_cover(f, "firefox"));
}

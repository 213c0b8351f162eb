//! What an article would tell others that its editors may not mean to.
//!
//! - What it makes its readers' browsers load from other hosts: an image
//!   (`![…](https://…)`), or raw HTML that embeds (`src`, `srcset`,
//!   `poster`, `data`, `background`, a `<link>`'s `href`, CSS `url(…)`).
//!   samizdat's own pages load nothing from elsewhere; such a reference
//!   in the text would tell that host who reads the page, and when (and
//!   fail on an onion service). Links (`[…](https://…)`, `<a href>`) load
//!   nothing until followed, and are fine.
//! - HTML comments (`<!-- … -->`): the page does not show them, but they
//!   are published in its source, where anyone can read them. Editors
//!   write private notes in them.
//! - Scripts (`<script>`): samizdat's pages run none. One in an article
//!   runs in every reader's browser, and readers of an onion service are
//!   told to turn scripts off (Tor Browser's safest setting does).
//! - Raw HTML's URLs on the site that lead to nothing (given the site's
//!   link lookup): raw HTML is published as written, so a Markdown
//!   link's second reading (from the Markdown file's folder) is not
//!   applied to it, and one that works only so is warned of too.
//!
//! Each is a warning at its place; the text is rendered as written.

use memchr::memmem;
use pulldown_cmark::{Event, Tag};

use super::html::nothing_there;
use super::{is_literal, Anchor, Ev, Events, Found, LinkLookup, Problem};

/// Whether following `url` from a page leaves the site's host: an
/// absolute URL with a host (`https://…`, `//…`), not a path, a fragment
/// or `data:`.
fn elsewhere(url: &str) -> bool {
    let url = url.trim_start();
    if url.starts_with("//") {
        return true;
    }
    match url.split_once("://") {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        }
        None => false,
    }
}

fn warning(offset: usize, url: &str) -> Problem {
    Problem::warning(
        offset,
        format!(
            "`{url}` would be loaded from another host each time the page is read, telling that host who reads it; \
             keep a copy beside the article and use that"
        ),
    )
}

/// The URLs in raw HTML `html` (`lower` is it in lower case): attributes
/// that load (`src`, `srcset`, `poster`, `data`, `background`, a
/// `<link>`'s `href`, CSS `url(…)`) and links (any other `href`), with
/// where each value starts in `html` and whether a browser loads it.
fn urls_in_html<'h>(html: &'h str, lower: &str) -> Vec<(usize, &'h str, bool)> {
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    // `name=` after a space (so `data-src=` is not `src=`), its value
    // quoted or not; `href` loads only in a `<link>` (an `<a>`'s loads
    // nothing until followed). One pass, over the `=`s.
    let in_link = |at: usize| {
        lower[..at]
            .rfind('<')
            .is_some_and(|tag| lower[tag..].starts_with("<link"))
    };
    for eq in memchr::memchr_iter(b'=', bytes) {
        let at = bytes[..eq]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        let name = &lower[at..eq];
        let loads = match name {
            "src" | "srcset" | "poster" | "data" | "background" => true,
            "href" => in_link(at),
            _ => continue,
        };
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let start = eq + 1;
        let (start, end) = match bytes.get(start) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = bytes[start + 1..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(bytes.len(), |e| start + 1 + e);
                (start + 1, end)
            }
            _ => {
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>')
                    .map_or(bytes.len(), |e| start + e);
                (start, end)
            }
        };
        let value = &html[start..end];
        if name == "srcset" {
            // `a.png 1x, https://… 2x`: each candidate's URL.
            let mut offset = start;
            for candidate in value.split(',') {
                let url = candidate.trim_start();
                let lead = candidate.len() - url.len();
                found.push((offset + lead, url.split_whitespace().next().unwrap_or(""), loads));
                offset += candidate.len() + 1;
            }
        } else {
            found.push((start, value, loads));
        }
    }
    // CSS: `style="background: url(https://…)"`, `<style>`.
    for at in memmem::find_iter(bytes, b"url(") {
        let start = at + 4;
        let rest = &html[start..];
        let quote = rest.starts_with(['"', '\'']);
        let value = &rest[usize::from(quote)..];
        let end = value.find([')', '"', '\'']).unwrap_or(value.len());
        found.push((start + usize::from(quote), &value[..end], true));
    }
    found
}

/// Where `html` (raw HTML of the source) has a comment with something in
/// it: the offset of each `<!--`. (A comment over several lines comes a
/// line at a time: one not closed in `html` counts.)
fn comments(html: &str) -> impl Iterator<Item = usize> + '_ {
    memmem::find_iter(html.as_bytes(), b"<!--").filter(move |&at| {
        let inside = &html[at + 4..];
        inside.find("-->").is_none_or(|end| !inside[..end].trim().is_empty())
    })
}

/// Judges a URL of raw HTML at `offset` that stays on the site, through
/// `links`: raw HTML is published as written, so one that leads to
/// nothing is a warning, and so is one that works only from the Markdown
/// file's folder (as a Markdown link or image would be written over).
fn judge_html_url(
    url: &str,
    offset: usize,
    links: &LinkLookup,
    problems: &mut Vec<Problem>,
    anchors: &mut Vec<Anchor>,
) {
    // An entity in the value (`&amp;`) is not decoded here: not judged.
    if url.contains('&') {
        return;
    }
    // A link within the page (`#the-bakery`), or to a place on another
    // (`../rota/#wages`): judged as a Markdown link's is.
    let decoded = |f: &str| crate::content::percent_decode(f).unwrap_or_else(|| f.to_string());
    if let Some(fragment) = url.strip_prefix('#') {
        if !fragment.is_empty() {
            anchors.push(Anchor {
                offset,
                id: decoded(fragment),
                meant: None,
                page: None,
            });
        }
        return;
    }
    match links(url) {
        Some(Found::Page(_)) => {
            if let Some((page, fragment)) = url.split_once('#').filter(|(_, f)| !f.is_empty()) {
                anchors.push(Anchor {
                    offset,
                    id: decoded(fragment),
                    meant: None,
                    page: Some(page.to_string()),
                });
            }
        }
        Some(Found::Nothing { hint }) => {
            if let Some(message) = nothing_there(url, false, hint.as_deref()) {
                problems.push(Problem::warning(offset, message));
            }
        }
        Some(Found::Instead { href, .. }) => problems.push(Problem::warning(
            offset,
            format!(
                "`{url}` is read from the page's own address, a folder below this file's: \
                 in raw HTML, which is published as written, write `{href}`"
            ),
        )),
        Some(Found::Moved { href, title }) => problems.push(Problem::warning(
            offset,
            format!(
                "`{url}` is an old address of “{title}” (one of its `aliases`): in raw HTML, \
                 which is published as written, write its address now, `{href}`"
            ),
        )),
        _ => {}
    }
}

/// What raw HTML gives the page: the ids, each where its `id="` is; and,
/// when links are judged, its links to ids (within the page, or on
/// another), which the writer judges with the Markdown's.
#[derive(Debug, Default)]
pub struct RawHtml {
    pub ids: Vec<(usize, String)>,
    pub anchors: Vec<Anchor>,
}

/// Warns of each image and embedded resource in `src` that would load
/// from another host, and of each HTML comment; and, with `links`, of
/// each URL of raw HTML that leads to nothing on the site. `events` are
/// as parsed (before any pass). Returns what raw HTML gives the page for
/// the writer to judge: its ids and links to ids.
pub fn warn_of_what_is_told(
    src: &str,
    events: &Events,
    links: Option<&LinkLookup>,
    problems: &mut Vec<Problem>,
) -> RawHtml {
    let mut raw = RawHtml::default();
    // Most articles have neither images (`![`) nor HTML (a `<` and a tag
    // name or `!`, as CommonMark has it): a scan or two tells.
    let bytes = src.as_bytes();
    let after = |c: u8, next: fn(u8) -> bool| {
        memchr::memchr_iter(c, bytes).any(|at| bytes.get(at + 1).is_some_and(|&b| next(b)))
    };
    if !after(b'<', |b| b.is_ascii_alphabetic() || b == b'!') && !after(b'!', |b| b == b'[') {
        return raw;
    }
    for (ev, range) in events.iter() {
        match ev {
            Ev::Md(Event::Start(Tag::Image { dest_url, .. })) if elsewhere(dest_url) => {
                problems.push(warning(range.start, dest_url));
            }
            Ev::Md(Event::Html(html) | Event::InlineHtml(html)) => {
                // The place in the source, when the HTML is the source's
                // own bytes (it is, but for a block split over lines).
                let literal = is_literal(src, range, html);
                let place = |at: usize| range.start + if literal { at } else { 0 };
                let lower = html.to_ascii_lowercase();
                for (at, url, loads) in urls_in_html(html, &lower) {
                    if elsewhere(url) {
                        if loads {
                            problems.push(warning(place(at), url));
                        }
                    } else if let Some(links) = links {
                        judge_html_url(url, place(at), links, problems, &mut raw.anchors);
                    }
                }
                for (at, _) in lower.match_indices("<script") {
                    problems.push(Problem::warning(
                        place(at),
                        "a script runs in every reader's browser (samizdat's pages run none, and readers \
                         of an onion service often turn scripts off): the page should read without it"
                            .to_string(),
                    ));
                }
                // The ids it gives, each where its `id="` is.
                for id in super::html::attribute_values(html, b"id=") {
                    let at = id.as_ptr() as usize - html.as_ptr() as usize - "id=\"".len();
                    raw.ids.push((place(at), id.to_string()));
                }
                for at in comments(html) {
                    problems.push(Problem::warning(
                        place(at),
                        "an HTML comment is published in the page's source, where anyone can read it \
                         (the page does not show it): keep private notes out of the file"
                            .to_string(),
                    ));
                }
            }
            _ => {}
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(src: &str) -> Vec<(usize, String)> {
        let events = Events::parse(src);
        let mut problems = Vec::new();
        warn_of_what_is_told(src, &events, None, &mut problems);
        problems
            .into_iter()
            .map(|p| {
                let url = p.message.split('`').nth(1).unwrap_or("").to_string();
                (p.offset, url)
            })
            .collect()
    }

    #[test]
    fn images_and_embeds_from_other_hosts_are_warned_of_at_their_place() {
        let src = "A ![cover](https://tracker.example/p.png) and <img alt=x src=\"//cdn.example/x.png\">.\n\n\
                   <iframe src='https://video.example/e'></iframe>\n\n\
                   <p style=\"background: url(http://bg.example/b.jpg)\">x</p>\n\n\
                   <img srcset=\"small.png 1x, https://big.example/b.png 2x\">\n\n\
                   <link rel=\"stylesheet\" href=\"https://fonts.example/f.css\">\n";
        let found = warned(src);
        let urls: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://tracker.example/p.png",
                "//cdn.example/x.png",
                "https://video.example/e",
                "http://bg.example/b.jpg",
                "https://big.example/b.png",
                "https://fonts.example/f.css",
            ]
        );
        for (offset, url) in &found {
            let at = &src[*offset..];
            assert!(at.starts_with(url.as_str()) || at.starts_with("!["), "{offset}: {at:?}");
        }
    }

    #[test]
    fn html_comments_are_warned_of_at_their_place() {
        let src = "Text <!-- inline: ask K. --> here.\n\n<!--\nher real name is X\n-->\n\n<!-- -->\n\n\
                   `<!-- in code -->`\n\n    <!-- in a code block -->\n\n<div><!-- in a div --></div>\n";
        let events = Events::parse(src);
        let mut problems = Vec::new();
        warn_of_what_is_told(src, &events, None, &mut problems);
        let places: Vec<&str> = problems.iter().map(|p| &src[p.offset..p.offset + 12]).collect();
        assert_eq!(
            places,
            ["<!-- inline:", "<!--\nher rea", "<!-- in a di"],
            "{problems:?}"
        );
        assert!(problems[0]
            .message
            .starts_with("an HTML comment is published in the page's source"));
    }

    #[test]
    fn scripts_are_warned_of_at_their_place() {
        let src = "Text <SCRIPT>x()</SCRIPT> here.\n\n<script>\nalert(1)\n</script>\n\n`<script>` in code.\n";
        let events = Events::parse(src);
        let mut problems = Vec::new();
        warn_of_what_is_told(src, &events, None, &mut problems);
        let places: Vec<&str> = problems.iter().map(|p| &src[p.offset..p.offset + 7]).collect();
        assert_eq!(places, ["<SCRIPT", "<script"], "{problems:?}");
        assert!(problems[0]
            .message
            .starts_with("a script runs in every reader's browser"));
    }

    #[test]
    fn urls_of_raw_html_on_the_site_are_judged_at_their_place() {
        let src = "<figure><img src=\"fig.png\" alt=x><figcaption>A figure.</figcaption></figure>\n\n\
                   Text <img src='../gone.png'> <a href=\"../other/\">o</a> <a href=../nowhere/>n</a> \
                   <a href=\"https://example.org/\">e</a> <img src=\"a&amp;b.png\"> <a href=\"#top\">t</a>.\n";
        let links = |url: &str| match url {
            "fig.png" => Some(Found::Instead {
                href: "../fig.png".into(),
                title: None,
            }),
            "../other/" => Some(Found::Page("Other".into())),
            url if crate::content::relative_path(url).is_some() => Some(Found::Nothing { hint: None }),
            _ => None,
        };
        let events = Events::parse(src);
        let mut problems = Vec::new();
        warn_of_what_is_told(src, &events, Some(&links), &mut problems);
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (&src[p.offset..p.offset + 7], p.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, "fig.png");
        assert!(found[0]
            .1
            .contains("in raw HTML, which is published as written, write `../fig.png`"));
        assert_eq!(found[1].0, "../gone");
        assert!(found[1].1.starts_with("`../gone.png` leads to no file of this site"));
        assert_eq!(found[2].0, "../nowh");
        assert!(found[2].1.starts_with("`../nowhere/` leads to no page of this site"));
        // Without a lookup (the CommonMark test's passes), none.
        let mut problems = Vec::new();
        warn_of_what_is_told(src, &events, None, &mut problems);
        assert_eq!(problems, []);
    }

    #[test]
    fn links_paths_and_data_are_not_loads_from_elsewhere() {
        let src = "[a link](https://example.org/) and <https://example.net/> and \
                   <a href=\"https://example.com/\">an anchor</a>, ![local](../fig.png), \
                   <img src=\"fig.png\" data-src=\"https://lazy.example/x.png\">, \
                   <a href=\"https://example.org/\">x</a>, \
                   ![inline](data:image/png;base64,AAAA) and <img src=\"/top.png\">.\n\n\
                   <link rel=\"stylesheet\" href=\"local.css\">\n<a href=\"https://example.org/\">x</a>\n";
        assert_eq!(warned(src), []);
    }
}

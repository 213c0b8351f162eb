//! `robots.txt`: what the site asks of crawlers (`[robots] crawlers`),
//! and where its sitemap is. Crawlers read it at a host's root alone, so
//! it is written only for a site there (no `base_url`, or one with no
//! path: `https://example.org/`, an onion address), and not where the
//! site has a `robots.txt` of its own (in its content or static files),
//! which is copied as it is. It is a request: a crawler may ignore it.

use crate::config::Config;

use super::context::site_root;
use super::sitemap;

/// Where it goes.
pub const PATH: &str = "robots.txt";

/// The crawlers known to gather texts to train AI models, or to fetch
/// pages for AI assistants' answers, by the names they give
/// (`User-agent`): those `crawlers = "search"` turns away.
pub const AI_CRAWLERS: [&str; 31] = [
    "AI2Bot",
    "Ai2Bot-Dolma",
    "Amazonbot",
    "anthropic-ai",
    "Applebot-Extended",
    "Bytespider",
    "CCBot",
    "ChatGPT-User",
    "Claude-SearchBot",
    "Claude-User",
    "Claude-Web",
    "ClaudeBot",
    "cohere-ai",
    "cohere-training-data-crawler",
    "Diffbot",
    "DuckAssistBot",
    "FacebookBot",
    "Google-Extended",
    "GPTBot",
    "ImagesiftBot",
    "img2dataset",
    "Meta-ExternalAgent",
    "Meta-ExternalFetcher",
    "MistralAI-User",
    "OAI-SearchBot",
    "omgili",
    "PerplexityBot",
    "Perplexity-User",
    "Timpibot",
    "YouBot",
    "PanguBot",
];

/// Whether the site is at a host's root, as far as `config` tells.
pub fn at_host_root(config: &Config) -> bool {
    site_root(&config.base_url) == "/"
}

/// The site's `robots.txt`, if samizdat writes one for it (at a host's
/// root; `own`: the site has none of its own).
pub fn text(config: &Config, own: bool) -> Option<String> {
    if own || !at_host_root(config) {
        return None;
    }
    let mut out = String::from("# What this site asks of crawlers (a request: some ignore it).\n");
    match config.robots.crawlers.as_str() {
        "none" => {
            out.push_str("User-agent: *\nDisallow: /\n");
            return Some(out);
        }
        "search" => {
            out.push_str("\n# Crawlers for AI models and assistants: none of this site.\n");
            for name in AI_CRAWLERS {
                out.push_str("User-agent: ");
                out.push_str(name);
                out.push('\n');
            }
            out.push_str("Disallow: /\n\n# Every other crawler (search engines): all of it.\n");
        }
        _ => out.push('\n'),
    }
    out.push_str("User-agent: *\nAllow: /\n");
    if !config.base_url.is_empty() {
        let base = config.base_url.trim_end_matches('/');
        out.push_str(&format!("\nSitemap: {base}/{}\n", sitemap::PATH));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str, crawlers: &str) -> Config {
        let mut config = Config {
            base_url: base_url.into(),
            ..Config::default()
        };
        config.robots.crawlers = crawlers.into();
        config
    }

    #[test]
    fn each_setting_asks_what_it_says() {
        let all = text(&config("https://example.org/", "all"), false).unwrap();
        assert!(
            all.ends_with("User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"),
            "{all}"
        );
        assert!(!all.contains("Disallow"), "{all}");

        let search = text(&config("http://abc.onion", "search"), false).unwrap();
        let groups: Vec<&str> = search.split("\n\n").collect();
        assert!(groups[1].contains("User-agent: GPTBot\n") && groups[1].contains("User-agent: CCBot\n"));
        assert!(groups[1].ends_with("Disallow: /"), "{search}");
        assert!(groups[2].ends_with("User-agent: *\nAllow: /"), "{search}");
        assert_eq!(groups[3], "Sitemap: http://abc.onion/sitemap.xml\n");

        let none = text(&config("https://example.org/", "none"), false).unwrap();
        assert!(
            none.ends_with("User-agent: *\nDisallow: /\n") && !none.contains("Sitemap"),
            "{none}"
        );

        // Without a base_url: no sitemap to name.
        assert!(!text(&config("", "all"), false).unwrap().contains("Sitemap"));
    }

    #[test]
    fn none_below_a_host_s_root_or_over_the_site_s_own() {
        assert_eq!(text(&config("https://example.org/zine/", "none"), false), None);
        assert_eq!(text(&config("https://example.org/", "none"), true), None);
        assert!(text(&config("https://example.org", "none"), false).is_some());
    }
}

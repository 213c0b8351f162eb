//! Integration tests: the real `samizdat` binary on small fixture sites
//! (`tests/fixtures/<case>/`), its HTML read with a real HTML parser, its
//! dev server over real sockets, its pages in a real headless Chromium (and printed in Firefox too).

mod aliases;
mod bad_input;
mod bidi;
mod build;
mod cdp;
mod common;
mod commonmark;
mod cover;
mod epub;
mod feed;
mod lang;
mod links;
mod new;
mod not_found;
mod preservation;
mod print;
mod serve;
mod sitemap;
mod taxonomy;
mod term_texts;
mod titles;
mod toc;
mod translations;
mod updated;
mod words;

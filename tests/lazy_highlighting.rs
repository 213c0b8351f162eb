//! syntect's syntax set loads only when a page needs it (issue: a cold
//! build of a site without highlighted code does no work for it). A test
//! binary of its own: the set is global to the process.

use samizdat::markdown::{highlight, render, NotePlacement, RenderOptions};

#[test]
fn syntaxes_load_with_the_first_block_that_names_a_language() {
    let opts = RenderOptions {
        words: samizdat::words::Words::english(),
        kinds: &[],
        notes: NotePlacement::Inline,
        links: None,
        template_ids: None,
        words_lang: None,
    };
    let mut problems = Vec::new();
    let plain = "Text[^1] and `code`.\n\n    indented code\n\n```\nno language\n```\n\n[^1]: A note.\n";
    let html = render(plain, &opts, &mut problems).html;
    assert!(html.contains("no language"), "{html}");
    assert!(!highlight::syntaxes_loaded(), "nothing here is highlighted");
    let html = render("```rust\nfn main() {}\n```\n", &opts, &mut problems).html;
    assert!(html.contains("class=\""), "{html}");
    assert!(highlight::syntaxes_loaded());
}

//! Runs the literate specification `docs/annotations.md`: every `markdown`
//! block there, rendered, must give exactly the `html` block after it and
//! the problems of the `problems` block (none if it has none).

use super::{render, NotePlacement, RenderOptions};
use crate::config::AnnotationKind;

const SPEC: &str = include_str!("../../docs/annotations.md");

struct Example {
    title: String,
    markdown: String,
    html: String,
    problems: Vec<String>,
}

/// The fenced blocks of the spec, in order, with the heading above them.
fn examples() -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut title = String::new();
    let mut lines = SPEC.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            title = h.to_string();
            continue;
        }
        let Some(info) = line.strip_prefix("```") else { continue };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        match info {
            "markdown" => out.push(Example {
                title: title.clone(),
                markdown: body,
                html: String::new(),
                problems: Vec::new(),
            }),
            "html" => out.last_mut().expect("an html block follows a markdown block").html = body,
            "problems" => {
                out.last_mut().expect("problems follow an example").problems = body.lines().map(String::from).collect()
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_example_of_the_annotation_spec_holds() {
    let kinds = vec![
        AnnotationKind::new("ed", &["ed."], "Editor"),
        AnnotationKind::new("tr", &["tr.", "trans."], "Translator"),
    ];
    let opts = RenderOptions {
        words: crate::words::Words::english(),
        words_lang: None,
        kinds: &kinds,
        notes: NotePlacement::Inline,
        links: None,
        template_ids: None,
    };
    let examples = examples();
    assert!(examples.len() >= 10, "the spec has {} examples", examples.len());
    for ex in examples {
        let mut problems = Vec::new();
        let html = render(&ex.markdown, &opts, &mut problems).html;
        assert_eq!(html, ex.html, "`{}`: HTML differs", ex.title);
        let messages: Vec<String> = problems.into_iter().map(|p| p.message).collect();
        assert_eq!(messages, ex.problems, "`{}`: problems differ", ex.title);
    }
}

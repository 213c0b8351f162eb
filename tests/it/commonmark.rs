//! CommonMark conformance of the annotation passes: on every example of the
//! CommonMark spec (tests/data/commonmark-spec.json), samizdat's passes
//! (interjections, then notes) must hand the HTML writer exactly the events
//! plain pulldown-cmark produces, with the same source ranges, and report no
//! problem: text that is not an annotation is never touched.

use samizdat::config::AnnotationKind;
use samizdat::markdown::{annotate, Ev, Events};

use crate::common::repo;

#[derive(serde::Deserialize)]
struct Example {
    markdown: String,
    example: u32,
    section: String,
}

/// The default `ed` kind plus a `tr` kind, as in book.toml.
fn kinds() -> Vec<AnnotationKind> {
    vec![
        AnnotationKind::new("ed", &["ed."], "Editor"),
        AnnotationKind::new("tr", &["tr.", "trans."], "Translator"),
    ]
}

/// Examples whose annotated events may legitimately differ from
/// pulldown-cmark's, with the reason. Empty: none of the 652 examples
/// contains a footnote (`[^label]`) or an annotation marker, so none may
/// differ.
const EXPECTED_DIFFERENCES: &[(u32, &str)] = &[];

/// Examples where a problem (warning) is legitimately reported.
const EXPECTED_PROBLEMS: &[(u32, &str)] = &[
    (170, "a script"),
    (177, "an HTML comment, published in the page's source"),
    (178, "a script"),
    (179, "an HTML comment over several lines"),
    (183, "an HTML comment (the indented one is code, not warned of)"),
    (625, "an inline HTML comment"),
    (626, "inline HTML comments"),
];

fn examples() -> Vec<Example> {
    let path = repo().join("tests/data/commonmark-spec.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("commonmark-spec.json is an array of examples")
}

#[test]
fn annotation_passes_leave_every_commonmark_example_unchanged() {
    let examples = examples();
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    let kinds = kinds();
    let mut failures = Vec::new();
    let mut problem_failures = Vec::new();
    let mut ran = 0;
    for ex in &examples {
        let src = ex.markdown.as_str();
        let plain = Events::parse(src).into_vec();
        let mut problems = Vec::new();
        let annotated = annotate(src, &kinds, &mut problems).into_vec();
        ran += 1;

        let mut non_md = Vec::new();
        let events: Vec<_> = annotated
            .iter()
            .filter_map(|(ev, range)| match ev {
                Ev::Md(e) => Some((e.clone(), range.clone())),
                other => {
                    non_md.push(format!("{other:?} at {range:?}"));
                    None
                }
            })
            .collect();
        let plain: Vec<_> = plain
            .into_iter()
            .map(|(ev, range)| match ev {
                Ev::Md(e) => (e, range),
                other => panic!("Events::parse returned a non-Markdown event {other:?}"),
            })
            .collect();
        let differs = !non_md.is_empty() || events != plain;
        let expected = EXPECTED_DIFFERENCES.iter().any(|(n, _)| *n == ex.example);
        if differs != expected {
            let first = events
                .iter()
                .zip(&plain)
                .position(|(a, b)| a != b)
                .unwrap_or(events.len().min(plain.len()));
            failures.push(format!(
                "example {} ({}): {}\n  markdown: {:?}\n  annotation events: {non_md:?}\n  first difference at event {first}: samizdat {:?} / pulldown-cmark {:?}",
                ex.example,
                ex.section,
                if expected { "expected to differ, but is the same" } else { "differs" },
                src,
                events.get(first),
                plain.get(first),
            ));
        }
        let expected_problem = EXPECTED_PROBLEMS.iter().any(|(n, _)| *n == ex.example);
        if problems.is_empty() == expected_problem {
            problem_failures.push(format!(
                "example {} ({}): markdown {:?}: problems {:?}",
                ex.example, ex.section, src, problems
            ));
        }
    }
    eprintln!(
        "commonmark: {ran} examples ran, {} listed as differing, {} listed with problems",
        EXPECTED_DIFFERENCES.len(),
        EXPECTED_PROBLEMS.len()
    );
    assert_eq!(ran, examples.len());
    assert!(
        failures.is_empty() && problem_failures.is_empty(),
        "{} of {ran} examples changed by the annotation passes:\n{}\n\n{} with unexpected problems:\n{}",
        failures.len(),
        failures.join("\n"),
        problem_failures.len(),
        problem_failures.join("\n")
    );
}

/// The same check on inputs built to look like annotations but not be
/// ones, so the conformance test cannot pass merely because the spec never
/// says `[ed.`: they must come through unchanged too.
#[test]
fn near_miss_annotations_are_plain_commonmark() {
    let kinds = kinds();
    for src in [
        "He wrote [sic] and [...] and […] and [1].\n",
        "[edited – by whom] and [ed.x] and [ed. without a dash]\n",
        "\\[ed. – escaped] and &#91;ed. – entity]\n",
        "`[ed. – in code]` and\n\n    [ed. – indented code]\n",
        "```\n[ed. – fenced]\n[^1]\n```\n",
        "<span>[ed. – inside html</span>\n",
        "[ed. – a link](http://example.org)\n",
        "[ed. –]: /url\n\n[ed. –]\n",
        "*[ed. – opened in emphasis* and closed outside]\n",
    ] {
        let mut problems = Vec::new();
        let annotated = annotate(src, &kinds, &mut problems).into_vec();
        let plain = Events::parse(src).into_vec();
        assert_eq!(annotated, plain, "{src:?}");
        let _ = problems; // some of these are (rightly) warned as unclosed
    }
}

//! Bad input: each problem is reported once, at `path:line:col`, with a
//! message that says what is wrong; warnings keep the text as written;
//! nothing panics (exit code 0 or 1, never 101). Sites are written by each
//! test, byte for byte, since CRLF, BOMs and invalid UTF-8 cannot be trusted
//! to a checkout.

use std::path::Path;
use std::process::Output;

use crate::build::{code, fails, ok, one, text};
use crate::common::*;

/// Builds a one-article site from raw bytes of `content/a.md`.
fn build_bytes(bytes: &[u8]) -> (tempfile::TempDir, Output) {
    let site = site_with(&[]);
    std::fs::create_dir_all(site.path().join("content")).expect("mkdir");
    std::fs::write(site.path().join("content/a.md"), bytes).expect("write");
    let out = run(site.path(), &["build"]);
    (site, out)
}

fn build_text(text: &str) -> (tempfile::TempDir, Output) {
    build_bytes(text.as_bytes())
}

/// Asserts exactly one diagnostic, starting with `prefix` and containing
/// `phrase`.
fn assert_one(out: &Output, prefix: &str, phrase: &str) {
    assert_diagnostics(out, &[(prefix, phrase)]);
}

fn article(site: &Path) -> scraper::Html {
    html(&site.join("public/a/index.html"))
}

fn article_text(site: &Path) -> String {
    text(&one(&article(site), "[data-article]"))
}

#[test]
fn unclosed_interjection_is_a_warning_and_the_text_is_kept() {
    let (site, out) = build_text("---\ntitle: Unclosed\n---\n\nText [ed. – never closed.\n\nNext.\n");
    ok(&out);
    assert_one(&out, "content/a.md:5:6: warning: ", "unclosed `[ed. –`");
    let t = article_text(site.path());
    assert!(t.contains("Text [ed. – never closed. Next."), "{t}");
    assert!(select(&article(site.path()), "[data-interjection]").is_empty());
}

/// Beside real notes (whose `[^` the check passes over) an undefined
/// reference is still found; `[^` in code is not one.
#[test]
fn reference_with_no_definition_beside_defined_notes() {
    let (site, out) = build_text("---\ntitle: Undefined\n---\n\nText[^1] and[^nope] and `a[^b]`.\n\n[^1]: A note.\n");
    ok(&out);
    assert_one(&out, "content/a.md:5:13: warning: ", "`[^nope]` has no definition");
    assert!(article_text(site.path()).contains("and[^nope] and"));
    assert_eq!(select(&article(site.path()), "[data-note-ref]").len(), 1);
}

#[test]
fn reference_with_no_definition() {
    let (site, out) = build_text("---\ntitle: Undefined\n---\n\nText[^nope] here.\n");
    ok(&out);
    assert_one(&out, "content/a.md:5:5: warning: ", "`[^nope]` has no definition");
    assert!(article_text(site.path()).contains("Text[^nope] here."));
    assert!(select(&article(site.path()), "[data-note-ref]").is_empty());
}

#[test]
fn definition_never_referenced() {
    let (site, out) = build_text("---\ntitle: Unreferenced\n---\n\nText.\n\n[^lost]: Lost words.\n");
    ok(&out);
    assert_one(&out, "content/a.md:7:1: warning: ", "`[^lost]` is never referenced");
    assert!(article_text(site.path()).contains("[^lost]: Lost words."));
}

#[test]
fn duplicate_label() {
    let (site, out) = build_text("---\ntitle: Duplicate\n---\n\nText[^a].\n\n[^a]: First.\n\n[^a]: Second.\n");
    ok(&out);
    assert_one(&out, "content/a.md:9:1: warning: ", "`[^a]` is defined twice");
    let doc = article(site.path());
    assert_eq!(text(&one(&doc, "[data-note='1'] .note-body")), "First.");
    assert!(
        article_text(site.path()).contains("Second."),
        "the second definition is kept"
    );
}

#[test]
fn malformed_yaml_is_reported_at_its_line_in_the_file() {
    // The bad line is line 5 of the file, line 4 of the YAML block.
    let (site, out) = build_text("---\ntitle: Fine\ndate: 2020\nweight: 3\nauthor: a: b\n---\n\nBody.\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:5:", "invalid YAML");
    assert!(!site.path().join("public").exists());

    // After a BOM and CRLF line ends, still the file's line.
    let (_site, out) = build_bytes(b"\xef\xbb\xbf---\r\ntitle: Fine\r\n\r\nauthor: a: b\r\n---\r\n\r\nBody.\r\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:4:", "invalid YAML");
}

#[test]
fn missing_title() {
    let (site, out) = build_text("---\nauthor: Someone\n---\n\nBody.\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:1:1: error: ", "missing `title`");
    assert!(!site.path().join("public").exists());
    let (_site, out) = build_text("---\ntitle: \"\"\n---\n\nBody.\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:2:1: error: ", "`title` must be a non-empty string");
}

#[test]
fn missing_or_unclosed_front_matter() {
    let (_site, out) = build_text("Just text, no front matter.\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:1:1: error: ", "missing front matter");
    let (_site, out) = build_text("---\ntitle: Never closed\n\nBody.\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:1:1: error: ", "never closed");
}

#[test]
fn non_utf8_file_is_an_error_naming_the_line() {
    let (site, out) = build_bytes(b"---\ntitle: Latin-1\n---\n\nline five\ncaf\xe9 au lait\n");
    fails(&out, 1);
    assert_one(&out, "content/a.md:6:1: error: ", "not valid UTF-8");
    assert!(!site.path().join("public").exists());
}

#[test]
fn crlf_line_endings_build_with_positions_right() {
    let (site, out) = build_text(
        "---\r\ntitle: CRLF Title\r\nauthor: Ada\r\n---\r\n\r\nText [ed. – never closed.\r\n\r\nA note[^1] and [ed. – fine].\r\n\r\n[^1]: ed. – An editor's note.\r\n    Second line.\r\n",
    );
    ok(&out);
    assert_one(&out, "content/a.md:6:6: warning: ", "unclosed `[ed. –`");
    let doc = article(site.path());
    assert_eq!(text(&one(&doc, "h1")), "CRLF Title");
    assert!(text(&one(&doc, "head > title")).starts_with("CRLF Title"));
    let note = one(&doc, "[data-note='1']");
    assert_eq!(note.value().attr("data-annotation"), Some("ed"));
    assert_eq!(
        text(&one(&doc, "[data-note='1'] .note-body")),
        "An editor's note. Second line."
    );
    assert_eq!(text(&one(&doc, "[data-interjection='inline']")), "[ed. – fine]");
    let raw = read(&site.path().join("public/a/index.html"));
    assert!(!raw.contains("CRLF Title\r"), "a carriage return reached the title");
}

#[test]
fn bom_builds_fine() {
    let (site, out) = build_bytes("\u{feff}---\ntitle: With BOM\n---\n\nBody [ed. – open\n".as_bytes());
    ok(&out);
    assert_one(&out, "content/a.md:5:6: warning: ", "unclosed");
    let doc = article(site.path());
    assert_eq!(text(&one(&doc, "h1")), "With BOM");
    assert!(!read(&site.path().join("public/a/index.html")).contains('\u{feff}'));
    // A BOM in an _index.md too.
    let site = site_with(&[(
        "content/_index.md",
        "\u{feff}---\ntitle: Home with BOM\n---\n\nWelcome.\n",
    )]);
    ok(&run(site.path(), &["build"]));
    let home = html(&site.path().join("public/index.html"));
    assert_eq!(text(&one(&home, "h1")), "Home with BOM");
}

#[test]
fn script_in_the_title_is_escaped_never_run() {
    let (site, out) = build_text(
        "---\ntitle: \"<script>alert(1)</script>\"\nauthor: \"<img src=x onerror=alert(2)>\"\n---\n\nBody.\n",
    );
    ok(&out);
    let raw = read(&site.path().join("public/a/index.html"));
    let doc = article(site.path());
    assert!(select(&doc, "script").is_empty(), "a real <script> element: {raw}");
    assert!(select(&doc, "img[onerror], [onerror]").is_empty());
    assert_eq!(
        text(&one(&doc, "head > title")).split(" · ").next(),
        Some("<script>alert(1)</script>")
    );
    assert_eq!(text(&one(&doc, "h1")), "<script>alert(1)</script>");
    assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!raw.contains("<script>alert"));
    // The home page lists it, escaped too.
    let home_raw = read(&site.path().join("public/index.html"));
    let home = html(&site.path().join("public/index.html"));
    assert!(select(&home, "script, [onerror]").is_empty(), "{home_raw}");
    assert!(home_raw.contains("&lt;script&gt;"));
}

#[test]
fn wrong_front_matter_types_are_errors_at_their_key() {
    for (yaml, line, phrase) in [
        ("title: T\ndate: 2020-13\n", 3, "`date` must be"),
        ("title: T\nweight: heavy\n", 3, "`weight` must be a whole number"),
        ("title: T\ndraft: maybe\n", 3, "`draft` must be"),
        ("title: T\nauthor:\n  name: x\n", 3, "`author` must be"),
        ("title: [a, b]\n", 2, "`title` must be"),
        ("- just\n- a list\n", 2, "key: value"),
    ] {
        let (_site, out) = build_text(&format!("---\n{yaml}---\n\nBody.\n"));
        fails(&out, 1);
        assert_one(&out, &format!("content/a.md:{line}:"), phrase);
    }
}

#[test]
fn errors_and_warnings_of_many_files_come_in_one_run_sorted() {
    let site = site_with(&[
        ("content/b.md", "---\ntitle: B\n---\n\nText[^x].\n"),
        ("content/a.md", "---\ntitle: A\n---\n\n[ed. – open\n"),
        ("content/c/_index.md", "---\ntitle: C\n---\n"),
        ("content/c/d.md", "---\nauthor: nobody\n---\n"),
    ]);
    let out = run(site.path(), &["build"]);
    fails(&out, 1);
    let d = diagnostics(&out);
    assert_eq!(d.len(), 3, "{}", stderr(&out));
    assert!(d[0].starts_with("content/a.md:5:1: warning: "), "{d:?}");
    assert!(d[1].starts_with("content/b.md:5:5: warning: "), "{d:?}");
    assert!(d[2].starts_with("content/c/d.md:1:1: error: "), "{d:?}");
    // The summary's last line says what failed, and what is kept.
    let last = stderr(&out).lines().last().unwrap_or_default().to_string();
    assert_eq!(
        last,
        "build failed: 1 error, 2 warnings; the previous output is untouched",
        "{}",
        stderr(&out)
    );
    let out = run(site.path(), &["check"]);
    fails(&out, 1);
    let last = stderr(&out).lines().last().unwrap_or_default().to_string();
    assert_eq!(last, "check failed: 1 error, 2 warnings", "{}", stderr(&out));
}

#[test]
fn paths_in_messages_follow_root() {
    let site = site_with(&[("content/a.md", "---\ntitle: A\n---\n\nText[^x].\n")]);
    let parent = site.path().parent().expect("tmp");
    let name = site.path().file_name().expect("name").to_string_lossy().into_owned();
    let out = run(parent, &["check", "--root", &name]);
    ok(&out);
    let d = diagnostics(&out);
    assert_eq!(d.len(), 1, "{}", stderr(&out));
    assert!(
        d[0].starts_with(&format!("{name}/content/a.md:5:5: warning: ")),
        "{d:?}"
    );
}

/// Odd inputs, one file each: whatever they do, no panic, exit 0 or 1, and
/// every diagnostic names its file and line.
#[test]
fn odd_inputs_never_panic() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("only-dashes", "---\n"),
        ("empty-front-matter", "---\n---\n"),
        ("only-front-matter", "---\ntitle: Only\n---"),
        ("nul-byte", "---\ntitle: Nul\n---\n\nA \0 byte.\n"),
        (
            "brackets",
            "---\ntitle: B\n---\n\n[[[[[[[[[[ ]]]] ] ] [ed. – [ed. – [ed. – ]\n",
        ),
        ("lone-marker", "---\ntitle: M\n---\n\n[ed. –"),
        ("marker-at-eof", "---\ntitle: M\n---\n\ntext [ed. – "),
        ("close-only", "---\ntitle: C\n---\n\n]]] and ] alone\n"),
        ("caret", "---\ntitle: C\n---\n\n[^] and [^ x] and [^\n"),
        ("self-note", "---\ntitle: S\n---\n\nA[^a].\n\n[^a]: See [^a].\n"),
        (
            "note-cycle",
            "---\ntitle: N\n---\n\nA[^a].\n\n[^a]: See [^b].\n\n[^b]: See [^a].\n",
        ),
        (
            "note-in-link",
            "---\ntitle: L\n---\n\n[a link[^n]](http://example.org) and ![img[^n]](x.png)\n\n[^n]: In a link.\n",
        ),
        (
            "note-in-heading",
            "---\ntitle: H\n---\n\n# Heading[^h]\n\n[^h]: Note.\n",
        ),
        (
            "block-into-list",
            "---\ntitle: B\n---\n\n[ed. – opens here\n\n- a list\n- ends here]\n",
        ),
        (
            "interjection-across-emphasis",
            "---\ntitle: E\n---\n\n*[ed. – inside* outside]\n",
        ),
        (
            "block-in-quote",
            "---\ntitle: Q\n---\n\n> [ed. – quoted\n>\n> block]\n\nAfter.\n",
        ),
        ("note-def-only", "---\ntitle: D\n---\n\n[^a]:\n"),
        (
            "deep-nesting",
            "---\ntitle: D\n---\n\n> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > deep\n",
        ),
        ("long-line", "---\ntitle: L\n---\n\n"),
        ("yaml-anchor", "---\ntitle: &a T\nauthor: *a\n---\n\nBody.\n"),
        ("yaml-tabs", "---\n\ttitle: T\n---\n"),
        (
            "dashes-in-body",
            "---\ntitle: D\n---\n\n---\n\n---\ntitle: again\n---\n",
        ),
        (
            "html-block",
            "---\ntitle: H\n---\n\n<div>\n[ed. – in html]\n</div>\n\n<script>alert(1)</script>\n",
        ),
        (
            "unicode",
            "---\ntitle: Ünïcødé 🙂\n---\n\nÄ [ed. — 🙂 remark] ß[^ü].\n\n[^ü]: ed.: Nóte.\n",
        ),
        ("cr-only", "---\rtitle: CR\r---\r\rOld Mac line ends.\r"),
    ];
    let site = site_with(&[]);
    for (name, body) in cases {
        let body = if *name == "long-line" {
            format!("{body}{}\n", "word [ed. – x] ".repeat(2_000))
        } else {
            body.to_string()
        };
        write(site.path(), &format!("content/{name}.md"), &body);
    }
    for args in [&["build"][..], &["check"], &["build", "--drafts", "--deny-warnings"]] {
        let out = run(site.path(), args);
        let c = code(&out);
        assert!(c == 0 || c == 1, "{args:?}: exit code {c}:\n{}", stderr(&out));
        for d in diagnostics(&out) {
            let rest = d
                .strip_prefix("content/")
                .unwrap_or_else(|| panic!("no content path: {d}"));
            let mut parts = rest.splitn(3, ':');
            let (_file, line) = (parts.next(), parts.next().unwrap_or(""));
            assert!(line.parse::<usize>().is_ok_and(|l| l > 0), "no line number: {d}");
        }
    }
}

//! `samizdat new FOLDER TITLE`: a new text, its file named after its
//! title, with its front matter begun, as a draft; never over a file.

use crate::build::{clean, code, fails};
use crate::common::*;

#[test]
fn a_new_text_is_a_draft_with_its_front_matter_begun() {
    let site = site_with(&[("content/n1/_index.md", "---\ntitle: Issue 1\n---\n")]);
    let before = samizdat::new::today();
    let out = run(
        site.path(),
        &[
            "new",
            "n1",
            "On \"bakeries\": a reply",
            "--author",
            "Ada Pell",
            "--author",
            "Jun Aldana",
        ],
    );
    clean(&out);
    let after = samizdat::new::today();
    assert!(
        stderr(&out).contains("wrote content/n1/on-bakeries-a-reply.md"),
        "{}",
        stderr(&out)
    );
    let file = site.path().join("content/n1/on-bakeries-a-reply.md");
    let text = read(&file);
    let dated = |today: samizdat::content::front_matter::PartialDate| {
        format!(
            "---\ntitle: \"On \\\"bakeries\\\": a reply\"\nauthor:\n  - \"Ada Pell\"\n  - \"Jun Aldana\"\n\
             date: {}\ndraft: true\n---\n\n",
            today.iso()
        )
    };
    assert!(text == dated(before) || text == dated(after), "{text}");

    // A draft: not built, but with `--drafts`, as titled and signed.
    clean(&run(site.path(), &["build"]));
    let page = site.path().join("public/n1/on-bakeries-a-reply/index.html");
    assert!(!page.exists());
    clean(&run(site.path(), &["build", "--drafts"]));
    let doc = html(&page);
    assert_eq!(text_of(&select(&doc, "h1")[0]), "On \"bakeries\": a reply");
    assert!(text_of(&select(&doc, ".byline-authors")[0]).contains("Ada Pell and Jun Aldana"));

    // The same title again (the folder named from the site's folder this
    // time): refused, the file as it was.
    let out = run(site.path(), &["new", "content/n1", "On \"bakeries\": a reply"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("exists already; nothing is written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&file), text);

    // Published at once, in a folder that is made; a title in Cyrillic.
    clean(&run(site.path(), &["new", "n2", "О хлебе", "--published"]));
    let file = site.path().join("content/n2/о-хлебе.md");
    assert!(!read(&file).contains("draft"), "{}", read(&file));
    clean(&run(site.path(), &["build"]));
    let doc = html(&site.path().join("public/n2/о-хлебе/index.html"));
    assert_eq!(text_of(&select(&doc, "h1")[0]), "О хлебе");
}

#[test]
fn a_new_translation_has_its_translators_language_and_tags() {
    let site = site_with(&[("content/n1/_index.md", "---\ntitle: Issue 1\n---\n")]);
    let out = run(
        site.path(),
        &[
            "new",
            "n1",
            "Herramientas prestadas",
            "--author",
            "Celia Arrabal",
            "--translator",
            "Tomás Ferrier",
            "--lang",
            "es",
            "--tag",
            "tools",
            "--tag",
            "mutual aid",
            "--published",
        ],
    );
    clean(&out);
    let text = read(&site.path().join("content/n1/herramientas-prestadas.md"));
    let date = text.lines().find(|l| l.starts_with("date: ")).expect("a date");
    assert_eq!(
        text,
        format!(
            "---\ntitle: \"Herramientas prestadas\"\nauthor: \"Celia Arrabal\"\ntranslator: \"Tomás Ferrier\"\n\
             {date}\nlang: \"es\"\ntags: [\"tools\", \"mutual aid\"]\n---\n\n"
        )
    );
    // Built as it says: its translator, language and tags.
    clean(&run(site.path(), &["build"]));
    let doc = html(&site.path().join("public/n1/herramientas-prestadas/index.html"));
    assert!(text_of(&select(&doc, ".byline-translators")[0]).contains("Tomás Ferrier"));
    for marked in ["h1.article-title", ".article-body"] {
        assert_eq!(select(&doc, marked)[0].value().attr("lang"), Some("es"), "{marked}");
    }
    assert!(site.path().join("public/tags/mutual-aid/index.html").is_file());

    // A language's name, not its tag, and an empty name: refused, nothing
    // written.
    for (args, why) in [
        (&["--lang", "Spanish"][..], "--lang: "),
        (&["--lang", "es_MX"][..], "`es-MX`"),
        (&["--translator", " "][..], "--translator is empty"),
    ] {
        let mut all = vec!["new", "n1", "Otra"];
        all.extend(args);
        let err = fails(&run(site.path(), &all), 2);
        assert!(err.contains(why), "{args:?}: {err}");
        assert!(!site.path().join("content/n1/otra.md").exists());
    }
}

#[test]
fn a_new_text_stays_in_the_content_and_needs_a_name() {
    let site = site_with(&[("content/n1/_index.md", "---\ntitle: Issue 1\n---\n")]);
    for (folder, title, why) in [
        ("../elsewhere", "Out", "name a folder of the content"),
        ("/tmp", "Out", "name a folder of the content"),
        ("n1", "?!…", "no letter or digit"),
    ] {
        let err = fails(&run(site.path(), &["new", folder, title]), 2);
        assert!(err.contains(why), "{folder} {title}: {err}");
    }
    assert!(!site.path().join("elsewhere").exists() && !site.path().parent().unwrap().join("elsewhere").exists());
    assert_eq!(std::fs::read_dir(site.path().join("content/n1")).unwrap().count(), 1);
    // Not a site: said so.
    let empty = tempfile::tempdir().unwrap();
    let err = fails(&run(empty.path(), &["new", "n1", "A title"]), 2);
    assert!(err.contains("book.toml"), "{err}");
}

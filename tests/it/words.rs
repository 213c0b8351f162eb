//! The words pages are made with besides the editors' own: the site's
//! language's (`[site] language`), changed by `[words]`, in the default
//! theme and in what samizdat writes for it (bylines, dates).

use crate::build::{attrs_in_order, clean, code, ok};
use crate::common::*;

/// A site in `language`, with `words` (the `[words]` table's lines), two
/// articles by two authors with a translator, in one issue.
fn site_in(language: &str, words: &str) -> tempfile::TempDir {
    let site = site_with(&[
        ("content/_index.md", "---\ntitle: Inicio\n---\n"),
        ("content/n1/_index.md", "---\ntitle: Número 1\ndate: 1936-07\n---\n"),
        (
            "content/n1/uno.md",
            "---\ntitle: Uno\nweight: 1\nauthor: [Ada Pell, Jun Aldana]\ntranslator: Tomás Ferrier\n\
             date: 1936-07-19\ntags: [colectivos]\n---\n\nTexto.[^1]\n\n[^1]: ed. – Nota.\n",
        ),
        ("content/n1/dos.md", "---\ntitle: Dos\nweight: 2\n---\n\nTexto.\n"),
    ]);
    write(
        site.path(),
        "book.toml",
        &format!("[site]\ntitle = \"Tierra y Libertad\"\nlanguage = \"{language}\"\n\n[words]\n{words}"),
    );
    site
}

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| text_of(e).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn a_site_in_spanish_is_made_with_spanish_words() {
    let site = site_in("es", "");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let uno = html(&public.join("n1/uno/index.html"));
    assert_eq!(texts(&uno, ".byline-authors"), ["Por Ada Pell y Jun Aldana"]);
    assert_eq!(texts(&uno, ".byline-translators"), ["Traducido por Tomás Ferrier"]);
    assert_eq!(texts(&uno, ".byline-meta time"), ["19 de julio de 1936"]);
    assert_eq!(texts(&uno, ".byline-stats"), ["1 min de lectura · 1 nota"]);
    assert_eq!(texts(&uno, ".pn-label"), ["Siguiente"]);
    assert_eq!(texts(&uno, ".skip-link"), ["Saltar al texto"]);
    let dos = html(&public.join("n1/dos/index.html"));
    assert_eq!(texts(&dos, ".byline-authors"), ["Por Anónimo"]);
    assert_eq!(texts(&dos, ".pn-label"), ["Anterior"]);
    // Listings, the issue's date and its print page.
    let issue = html(&public.join("n1/index.html"));
    assert_eq!(texts(&issue, ".section-date"), ["julio de 1936"]);
    assert_eq!(texts(&issue, ".section-print a"), ["Edición para imprimir"]);
    assert_eq!(
        texts(&issue, ".page-item-meta"),
        [
            "Ada Pell y Jun Aldana, traducido por Tomás Ferrier · 19 de julio de 1936",
            "Anónimo"
        ]
    );
    let print = html(&public.join("n1/print/index.html"));
    assert_eq!(texts(&print, ".print-toc h2"), ["Índice"]);
    // Indexes and the home page's links to them.
    let authors = html(&public.join("authors/index.html"));
    assert_eq!(texts(&authors, "h1"), ["Autores"]);
    assert_eq!(
        texts(&authors, ".section-desc"),
        ["2 autores, cada uno con sus textos."]
    );
    let tag = html(&public.join("tags/colectivos/index.html"));
    assert_eq!(texts(&tag, ".section-desc"), ["1 texto · todas las etiquetas"]);
    // Its breadcrumbs lead to the index by the index's name.
    assert_eq!(
        texts(&tag, ".breadcrumbs li").last().map(String::as_str),
        Some("Etiquetas")
    );
    let home = html(&public.join("index.html"));
    assert_eq!(
        texts(&home, ".home-tags"),
        ["Explorar los textos por autor, por traductor o por etiqueta"]
    );
    // In the text's own markup: a note's way back, and the notes printed
    // after the article.
    assert_eq!(
        attrs_in_order(&uno, ".note-num", "aria-label"),
        ["volver a la llamada 1"]
    );
    let toml = read(&site.path().join("book.toml"));
    write(site.path(), "book.toml", &format!("[print]\nnotes = \"end\"\n\n{toml}"));
    clean(&run(site.path(), &["build"]));
    let uno = html(&public.join("n1/uno/index.html"));
    assert_eq!(texts(&uno, ".endnotes-title"), ["Notas"]);
    assert_eq!(attrs_in_order(&uno, "[data-endnotes]", "aria-label"), ["Notas"]);
    // The feed, and the footer's link to it.
    assert_eq!(
        texts(&uno, ".site-feeds"),
        ["Seguir en un lector de noticias: Tierra y Libertad"]
    );
    let feed = read(&public.join("atom.xml"));
    assert!(
        feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es\">"),
        "{feed}"
    );
    assert!(feed.contains("<title>Dos</title>"), "as of its issue's date");
    assert!(feed.contains("<author><name>Anónimo</name></author>"), "{feed}");
    assert!(
        feed.contains("&lt;p&gt;Traducido por Tomás Ferrier&lt;/p&gt;"),
        "{feed}"
    );
    assert!(feed.contains("&gt;Notas&lt;/h2&gt;"), "{feed}");
}

#[test]
fn words_changes_a_languages_words_and_gives_a_themes_own() {
    let words = "previous = \"Atrás\"\nmonths = [\"ene.\", \"feb.\", \"mar.\", \"abr.\", \"may.\", \"jun.\", \
                 \"jul.\", \"ago.\", \"sep.\", \"oct.\", \"nov.\", \"dic.\"]\ncolophon = \"Hecho a mano\"\n\
                 preivous = \"Atras\"\n";
    let site = site_in("es", words);
    // A footer of the site's own, with a word of its own.
    write(
        site.path(),
        "templates/partials/footer.html",
        "<footer class=\"site-footer\"><p class=\"colophon\">{{ words.colophon }}</p></footer>",
    );
    let out = run(site.path(), &["build"]);
    ok(&out);
    // The misspelt key, and only it, is warned of, at its line.
    assert_diagnostics(
        &out,
        &[("book.toml:9:1: warning:", "`words.preivous` is no word of samizdat's")],
    );
    let public = site.path().join("public");
    let dos = html(&public.join("n1/dos/index.html"));
    assert_eq!(texts(&dos, ".pn-label"), ["Atrás"]);
    assert_eq!(texts(&dos, ".colophon"), ["Hecho a mano"]);
    let uno = html(&public.join("n1/uno/index.html"));
    assert_eq!(texts(&uno, ".byline-meta time"), ["19 de jul. de 1936"]);
    assert_eq!(texts(&uno, ".pn-label"), ["Siguiente"]);

    // Twelve months or none: an error, and nothing is written.
    write(
        site.path(),
        "book.toml",
        "[site]\ntitle = \"T\"\n\n[words]\nmonths = [\"enero\"]\n",
    );
    let out = run(site.path(), &["build"]);
    assert_diagnostics(&out, &[("book.toml:5:1: error:", "twelve months")]);
    assert_ne!(out.status.code(), Some(0));
}

/// Catalan: its words, and a month after a day with its `de`, elided
/// before a vowel (`26 d’abril de 1937`), which a month alone has not
/// (`abril de 1937`); `[words] day_months` gives a site's own.
#[test]
fn a_site_in_catalan_has_its_months_after_a_day_as_catalan_writes_them() {
    let site = site_in("ca", "");
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let uno = html(&public.join("n1/uno/index.html"));
    assert_eq!(texts(&uno, ".byline-authors"), ["Per Ada Pell i Jun Aldana"]);
    assert_eq!(texts(&uno, ".byline-translators"), ["Traduït per Tomás Ferrier"]);
    assert_eq!(texts(&uno, ".byline-meta time"), ["19 de juliol de 1936"]);
    assert_eq!(texts(&uno, ".pn-label"), ["Següent"]);
    let issue = html(&public.join("n1/index.html"));
    assert_eq!(texts(&issue, ".section-date"), ["juliol de 1936"]);
    let uno_md = site.path().join("content/n1/uno.md");
    write(
        site.path(),
        "content/n1/uno.md",
        &read(&uno_md).replace("date: 1936-07-19", "date: 1937-04-26"),
    );
    write(
        site.path(),
        "content/n1/_index.md",
        "---\ntitle: Número 1\ndate: 1937-04\n---\n",
    );
    clean(&run(site.path(), &["build"]));
    let uno = html(&public.join("n1/uno/index.html"));
    assert_eq!(texts(&uno, ".byline-meta time"), ["26 d’abril de 1937"]);
    let issue = html(&public.join("n1/index.html"));
    assert_eq!(texts(&issue, ".section-date"), ["abril de 1937"]);

    // A site's own, in a language without them.
    let months = (1..=12).map(|m| format!("\"of {m}\"")).collect::<Vec<_>>().join(", ");
    let site = site_in("en", &format!("day_months = [{months}]\n"));
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let uno = html(&public.join("n1/uno/index.html"));
    assert_eq!(texts(&uno, ".byline-meta time"), ["19 of 7 1936"]);
    let issue = html(&public.join("n1/index.html"));
    assert_eq!(texts(&issue, ".section-date"), ["July 1936"]);
}

/// Russian: three forms of a counted word (`1 текст`, `2 текста`, `5
/// текстов`, `21 текст`) wherever the default theme counts, its months
/// in the genitive after a day, and a theme's own counted word.
#[test]
fn a_site_in_russian_counts_with_its_three_forms() {
    // Notes: 3, 5, 21, 1 and none; tags on 1, 2 and all 5 texts.
    let notes = |n: usize| {
        let refs: String = (1..=n).map(|k| format!("Слово.[^{k}] ")).collect();
        let defs: String = (1..=n).map(|k| format!("\n[^{k}]: Примечание {k}.\n")).collect();
        format!("{refs}\n{defs}")
    };
    let text = |k: usize, tags: &str, n: usize| {
        (
            format!("content/n1/t{k}.md"),
            format!(
                "---\ntitle: Текст {k}\nweight: {k}\nauthor: Автор {}\ndate: 1917-11-07\ntags: [{tags}]\n---\n\n{}\n",
                k % 2,
                notes(n)
            ),
        )
    };
    let texts_of = [
        text(1, "odin, dva, pyat", 3),
        text(2, "dva, pyat", 5),
        text(3, "pyat", 21),
        text(4, "pyat", 1),
        text(5, "pyat", 0),
    ];
    let mut files: Vec<(&str, &str)> = texts_of.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    files.push(("content/n1/_index.md", "---\ntitle: Выпуск 1\ndate: 1917-11\n---\n"));
    files.push(("content/n2/_index.md", "---\ntitle: Выпуск 2\n---\n"));
    files.push(("content/n2/a.md", "---\ntitle: А\n---\n\nТекст.\n"));
    files.push(("content/n2/b.md", "---\ntitle: Б\n---\n\nТекст.\n"));
    let site = site_with(&files);
    write(
        site.path(),
        "book.toml",
        "[site]\ntitle = \"Набат\"\nlanguage = \"ru\"\n",
    );
    clean(&run(site.path(), &["build"]));
    let public = site.path().join("public");
    let stats = |k: usize| texts(&html(&public.join(format!("n1/t{k}/index.html"))), ".byline-stats");
    assert_eq!(stats(1), ["1 мин. чтения · 3 примечания"]);
    assert_eq!(stats(2), ["1 мин. чтения · 5 примечаний"]);
    assert_eq!(stats(3), ["1 мин. чтения · 21 примечание"]);
    assert_eq!(stats(4), ["1 мин. чтения · 1 примечание"]);
    assert_eq!(stats(5), ["1 мин. чтения"]);
    let t1 = html(&public.join("n1/t1/index.html"));
    assert_eq!(texts(&t1, ".byline-meta time"), ["7 ноября 1917"]);
    let issue = html(&public.join("n1/index.html"));
    assert_eq!(texts(&issue, ".section-date"), ["ноябрь 1917"]);
    let desc = |page: &str| texts(&html(&public.join(page).join("index.html")), ".section-desc");
    assert_eq!(desc("tags/odin"), ["1 текст · все теги"]);
    assert_eq!(desc("tags/dva"), ["2 текста · все теги"]);
    assert_eq!(desc("tags/pyat"), ["5 текстов · все теги"]);
    assert_eq!(desc("tags"), ["3 тега, у каждого — тексты с ним."]);
    assert_eq!(desc("authors"), ["2 автора, у каждого — его тексты."]);

    // A word of the theme's own, counted with its forms (`[words]`
    // names them, and is warned of nothing); a form of samizdat's word
    // changed; a template counting with a word there is none of: an error
    // at the template.
    add_config(
        site.path(),
        "[words]\nissue = \"выпуск\"\nissues = \"выпусков\"\nissues_few = \"выпуска\"\ntexts_few = \"текстика\"\n",
    );
    write(
        site.path(),
        "templates/partials/footer.html",
        "<footer class=\"site-footer\"><p class=\"issues\">{{ 22 | plural(one=\"issue\", other=\"issues\") }} \
         {{ 11 | plural(one='issue', other='issues') }}</p></footer>",
    );
    clean(&run(site.path(), &["build"]));
    let home = html(&public.join("index.html"));
    assert_eq!(texts(&home, ".issues"), ["выпуска выпусков"]);
    assert_eq!(desc("tags/dva"), ["2 текстика · все теги"]);
    write(
        site.path(),
        "templates/partials/footer.html",
        "<footer>{{ 2 | plural(one=\"issue\", other=\"isues\") }}</footer>",
    );
    let out = run(site.path(), &["build"]);
    assert_ne!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains("footer.html") && err.contains("`words` has no `isues`"),
        "{err}"
    );
}

#[test]
fn an_english_site_and_a_language_without_words_are_in_english() {
    for language in ["en", "el"] {
        let site = site_in(language, "");
        clean(&run(site.path(), &["build"]));
        let uno = html(&site.path().join("public/n1/uno/index.html"));
        assert_eq!(texts(&uno, ".byline-authors"), ["By Ada Pell and Jun Aldana"]);
        assert_eq!(texts(&uno, ".byline-meta time"), ["19 July 1936"]);
        assert_eq!(texts(&uno, ".byline-stats"), ["1 min read · 1 note"]);
    }
}

#[test]
fn the_readme_lists_every_word() {
    let readme = read(&repo().join("README.md"));
    for (key, english, _) in samizdat::words::KEYS {
        let row = format!("| `{key}` | {} |", english.replace('|', "\\|"));
        assert!(readme.contains(&row), "the README's table of words has no `{row}`");
    }
}

//! The order of names and titles in listings: the Unicode collation
//! algorithm's root order (ICU4X), not the order of code points. By code
//! points `Élisée Reclus` comes after `Zo d'Axa`, and `Łukasz` after both;
//! collated, each is under its letter, as a reader looks for it, and a
//! name's capitals or accents only part names that are otherwise the same.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_normalizer::DecomposingNormalizerBorrowed;

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        Collator::try_new(Default::default(), CollatorOptions::default())
            .expect("the root collation is compiled into icu_collator")
    })
}

/// The bytes that sort `text` where [`compare`] puts it (made once per
/// name, where a list of thousands is sorted).
pub fn sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 2);
    let Ok(()) = collator().write_sort_key_to(text, &mut key);
    key
}

/// `a` against `b` in collation order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// The heading a long index lists `name` under: its first letter in
/// capitals, accents taken off (`Élisée` under E; `Łukasz` under Ł, a
/// letter of its own, which collates right after L); `0–9` for a name
/// that starts with a digit, `#` for one that starts with anything else
/// (those collate before digits, and digits before letters).
pub fn index_letter(name: &str) -> String {
    let Some(first) = name.trim_start().chars().next() else {
        return "#".into();
    };
    if first.is_numeric() {
        return "0–9".into();
    }
    if !first.is_alphabetic() {
        return "#".into();
    }
    let mut buf = [0; 4];
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(first.encode_utf8(&mut buf));
    let base = decomposed.chars().next().unwrap_or(first);
    base.to_uppercase().collect()
}

/// What a title is filed by in an index of titles: the title without
/// what comes before its first letter or digit (`¡Ya basta!` under Y,
/// `“Property Is Theft”` under P, `…and After` under A), as library
/// catalogues file them; the title itself if it has no letter or digit.
pub fn filing_form(title: &str) -> &str {
    match title.find(char::is_alphanumeric) {
        Some(at) => &title[at..],
        None => title,
    }
}

/// The articles a title in `lang` may begin with that library catalogues
/// file it without (`The Conquest of Bread` under C, `La Révolution` in
/// French under R), by the language's primary subtag; none for a language
/// not listed. Words that are also something else in the language are
/// left out (Spanish `a`, a preposition: `A las barricadas` is under A).
/// An elided article (`l'`) ends with its apostrophe.
fn initial_articles(lang: &str) -> &'static [&'static str] {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "en" => &["the", "a", "an"],
        "fr" => &["le", "la", "les", "l'", "un", "une"],
        "es" => &["el", "la", "lo", "los", "las", "un", "una", "unos", "unas"],
        "it" => &[
            "il", "lo", "la", "i", "gli", "le", "l'", "gl'", "un", "uno", "una", "un'",
        ],
        "pt" => &["o", "os", "as", "um", "uma", "uns", "umas"],
        "de" => &["der", "die", "das", "ein", "eine"],
        "ca" => &["el", "la", "els", "les", "l'", "un", "una"],
        "nl" => &["de", "het", "een", "'t"],
        _ => &[],
    }
}

/// `title` without the article it begins with in `lang` (see
/// [`initial_articles`]): `The Conquest of Bread` is filed as `Conquest of
/// Bread`, `L'Anarchie` (French) as `Anarchie`. An article is only one if
/// a word follows it, after a space (or right after an elided one's
/// apostrophe, `'` or `’`): `The` alone, `Theft` and `A.B.C. of
/// Anarchism` are filed as written, as is any title in a language without
/// a list.
pub fn without_article<'t>(title: &'t str, lang: &str) -> &'t str {
    for article in initial_articles(lang) {
        let elided = article.ends_with('\'');
        let stem = article.trim_end_matches('\'');
        let Some(head) = title.get(..stem.len()).filter(|h| h.eq_ignore_ascii_case(stem)) else {
            continue;
        };
        let rest = &title[head.len()..];
        let rest = match elided {
            true => match rest.strip_prefix('\'').or_else(|| rest.strip_prefix('’')) {
                Some(rest) => rest,
                None => continue,
            },
            false => match rest.strip_prefix([' ', '\u{a0}']) {
                Some(rest) => rest.trim_start(),
                None => continue,
            },
        };
        if rest.starts_with(char::is_alphanumeric) || (!elided && rest.contains(char::is_alphanumeric)) {
            return rest;
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort_by_cached_key(|n| sort_key(n));
        names
    }

    #[test]
    fn accented_and_other_latin_letters_sort_under_their_letter() {
        assert_eq!(
            sorted(&[
                "Zo d'Axa",
                "Łukasz Nowak",
                "Élisée Reclus",
                "emma Goldman",
                "Lucy Parsons",
                "Ada Pell"
            ]),
            [
                "Ada Pell",
                "Élisée Reclus",
                "emma Goldman",
                "Lucy Parsons",
                "Łukasz Nowak",
                "Zo d'Axa"
            ]
        );
    }

    #[test]
    fn capitals_and_accents_only_part_otherwise_equal_names() {
        assert_eq!(
            sorted(&["Resume", "résumé", "resume", "Ada"]),
            ["Ada", "resume", "Resume", "résumé"]
        );
    }

    #[test]
    fn index_letters_are_capitals_without_accents() {
        let letters: Vec<String> = [
            "Élisée",
            "ada",
            "Łukasz",
            "Øystein",
            "пётр",
            "1917 group",
            "«Le Libertaire»",
            " zo",
        ]
        .iter()
        .map(|n| index_letter(n))
        .collect();
        assert_eq!(letters, ["E", "A", "Ł", "Ø", "П", "0–9", "#", "Z"]);
    }

    #[test]
    fn titles_are_filed_from_their_first_letter_or_digit() {
        let filed: Vec<(&str, String)> = [
            "¡Ya basta!",
            "“Property Is Theft”",
            "…and After",
            "1917",
            "Élan",
            "?!",
            "",
        ]
        .iter()
        .map(|t| (filing_form(t), index_letter(filing_form(t))))
        .collect();
        let filed: Vec<(&str, &str)> = filed.iter().map(|(f, l)| (*f, l.as_str())).collect();
        assert_eq!(
            filed,
            [
                ("Ya basta!", "Y"),
                ("Property Is Theft”", "P"),
                ("and After", "A"),
                ("1917", "0–9"),
                ("Élan", "E"),
                ("?!", "#"),
                ("", "#")
            ]
        );
    }

    #[test]
    fn leading_articles_are_dropped_in_the_titles_language() {
        let cases = [
            ("The Conquest of Bread", "en", "Conquest of Bread"),
            ("the soul of man", "en-GB", "soul of man"),
            ("A Letter to a Friend", "en", "Letter to a Friend"),
            ("An Anarchist FAQ", "en", "Anarchist FAQ"),
            ("The", "en", "The"),
            ("Theft", "en", "Theft"),
            ("The  “Wages” Question", "en", "“Wages” Question"),
            ("The ?", "en", "The ?"),
            ("La Révolution", "fr", "Révolution"),
            ("L'Anarchie", "fr", "Anarchie"),
            ("L’Ordre moral", "fr", "Ordre moral"),
            ("Les Temps nouveaux", "fr", "Temps nouveaux"),
            ("La Révolution", "en", "La Révolution"),
            ("A las barricadas", "es", "A las barricadas"),
            ("Las Hurdes", "es", "Hurdes"),
            ("Gl'indifferenti", "it", "indifferenti"),
            ("I malfattori", "it", "malfattori"),
            ("I Am Not a Slave", "en", "I Am Not a Slave"),
            ("Die Freie Gesellschaft", "de", "Freie Gesellschaft"),
            ("Die Laughing", "en", "Die Laughing"),
            ("O Amigo do Povo", "pt", "Amigo do Povo"),
            ("A Plebe", "pt", "A Plebe"),
            ("De Vrije Socialist", "nl", "Vrije Socialist"),
            ("Het Volk", "", "Het Volk"),
            ("The Year 1917", "xx", "The Year 1917"),
        ];
        for (title, lang, filed) in cases {
            assert_eq!(without_article(title, lang), filed, "{title} ({lang})");
        }
    }

    #[test]
    fn sort_keys_agree_with_compare() {
        let names = [
            "Пётр Кропоткин",
            "Zo d'Axa",
            "123 collective",
            "Émile Pouget",
            "émile pouget",
            "Ñico",
        ];
        for a in names {
            for b in names {
                assert_eq!(sort_key(a).cmp(&sort_key(b)), compare(a, b), "{a} / {b}");
            }
        }
    }
}

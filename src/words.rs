//! The words pages are made with besides the editors' own: the default
//! theme's ("Previous", "Contents", "3 notes"), and those samizdat writes
//! into values templates show (an anonymous text's "Anonymous", "A, B and
//! C", "3 November 2020"). English unless `[site] language` names one of
//! the languages below; `[words]` in `book.toml` changes any of them, and
//! gives a theme of the site's own words of its own.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::front_matter::PartialDate;

/// The words of a site: by key, as templates see them (`words.previous`),
/// and the month names (`words.months`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Words {
    #[serde(flatten)]
    pub strings: BTreeMap<String, String>,
    pub months: Vec<String>,
    /// The months as a date with a day has them, where the language
    /// writes them otherwise there (`words.day_months`: Catalan's
    /// `d’abril`, in `1 d’abril de 2024`, against `abril de 2024`);
    /// `None`: as `months`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_months: Option<Vec<String>>,
}

/// The keys of the built-in words, each with its English and what it is
/// for (the README lists them all, in this order).
pub const KEYS: &[(&str, &str, &str)] = &[
    ("anonymous", "Anonymous", "the author of a text without `author`"),
    ("and", "and", "before the last of several names: `A, B and C`"),
    ("date_day", "{day} {month} {year}", "a full date: `3 November 2020`"),
    ("date_month", "{month} {year}", "a month: `November 2020`"),
    (
        "revised",
        "revised",
        "before the day a text was last revised (`updated`): `revised 2 May 2024`",
    ),
    (
        "skip_to_content",
        "Skip to content",
        "the link to the text, for keyboards and screen readers",
    ),
    (
        "breadcrumbs",
        "Breadcrumbs",
        "the name of the trail of links above a page, for screen readers",
    ),
    ("made_with", "Made with samizdat.", "the footer's last line"),
    ("by", "By", "before the authors, for screen readers"),
    ("translated_by", "Translated by", "before the translators"),
    ("min_read", "min read", "after the minutes a text takes to read"),
    ("note", "note", "one note"),
    ("notes", "notes", "several notes"),
    ("previous", "Previous", "the link to the text before"),
    ("next", "Next", "the link to the text after"),
    (
        "more_in",
        "More in",
        "the name of those two links, before the section's title",
    ),
    (
        "tags_title",
        "Tags",
        "the heading of an article's tags, and of the index of tags",
    ),
    ("tag_title", "Tag", "above a tag's name on its page"),
    ("authors_title", "Authors", "the heading of the index of authors"),
    ("author_title", "Author", "above an author's name on their page"),
    (
        "translators_title",
        "Translators",
        "the heading of the index of translators",
    ),
    (
        "translator_title",
        "Translator",
        "above a translator's name on their page",
    ),
    ("tag", "tag", "counting tags: `1 tag`"),
    ("tags", "tags", "counting tags: `3 tags`"),
    ("author", "author", "counting authors"),
    ("authors", "authors", "counting authors"),
    ("translator", "translator", "counting translators"),
    ("translators", "translators", "counting translators"),
    ("text", "text", "counting texts"),
    ("texts", "texts", "counting texts"),
    ("translation", "translation", "counting translations"),
    ("translations", "translations", "counting translations"),
    ("article", "article", "counting a section's articles"),
    ("articles", "articles", "counting a section's articles"),
    (
        "tags_each",
        "each with the texts that have it.",
        "after the count of tags on their index",
    ),
    (
        "authors_each",
        "each with their texts.",
        "after the count of authors on their index",
    ),
    (
        "translators_each",
        "each with their translations.",
        "after the count of translators",
    ),
    ("all_tags", "all tags", "the link from a tag's page to the index"),
    (
        "all_authors",
        "all authors",
        "the link from an author's page to the index",
    ),
    (
        "all_translators",
        "all translators",
        "the link from a translator's page to the index",
    ),
    (
        "by_initial",
        "By initial",
        "the name of a long index's links to its letters",
    ),
    (
        "browse",
        "Browse the texts",
        "the home page's links to the indexes: Browse the texts",
    ),
    ("by_author", "by author", "… by author,"),
    ("by_translator", "by translator", "… by translator"),
    ("by_tag", "by tag", "… or by tag"),
    ("or", "or", "between the last two of those"),
    (
        "contents",
        "Contents",
        "the heading of a list of articles, and of a print page's",
    ),
    (
        "other_texts",
        "Other texts",
        "the home page's own articles, below its sections",
    ),
    (
        "articles_title",
        "Articles",
        "a section's own articles, below its sections",
    ),
    (
        "print_edition",
        "Print edition",
        "the link from an issue to its print page",
    ),
    (
        "print_hint",
        "(every article on one page, to print or save as PDF)",
        "after it",
    ),
    (
        "epub_edition",
        "E-book (EPUB)",
        "the link to an EPUB edition: an issue's (`[print] epub`), a text's (`epub_texts`)",
    ),
    ("print", "print", "in a print page's title, in brackets"),
    (
        "introduction",
        "Introduction",
        "the name of an issue's own text on its print page",
    ),
    (
        "back_to_reference",
        "back to reference",
        "a note's number, for screen readers: `back to reference 3`",
    ),
    (
        "notes_title",
        "Notes",
        "the heading of the notes printed after an article (`[print] notes = \"end\"`)",
    ),
    (
        "latest",
        "Latest",
        "the heading of an archive's newest texts on its home page",
    ),
    (
        "feeds",
        "Follow in a feed reader",
        "before the footer's links to the site's feeds (Atom)",
    ),
    (
        "moved_to",
        "This page has moved to",
        "the redirect at an old address (`aliases`), before the link to the page",
    ),
    (
        "not_found_title",
        "Page not found",
        "the heading of the page for addresses with nothing there (`404.html`)",
    ),
    (
        "not_found_text",
        "Nothing of this site is at this address. The text may have moved, or the address may be mistyped.",
        "what that page says",
    ),
    ("not_found_home", "The home page", "its link to the home page"),
    (
        "cover",
        "Cover",
        "naming an issue's cover image (`cover`), for screen readers and e-readers: `Cover: Issue 1`",
    ),
    (
        "original",
        "Original",
        "before the title of the text a translation translates (`translation_of`)",
    ),
    (
        "translations_title",
        "Translations",
        "before the titles of a text's translations",
    ),
    (
        "titles_title",
        "Titles",
        "the heading of the index of titles, and above a letter's page of it",
    ),
    (
        "by_title",
        "by title",
        "the home page's link to the index of titles: Browse the texts by title,",
    ),
];

/// The name of the language of `tag` (`es`, `pt-BR`) in that language
/// (`español`), as its speakers write it in running text; `None` for one
/// not listed here (then its tag stands for it).
pub fn language_name(tag: &str) -> Option<&'static str> {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => "العربية",
        "ca" => "català",
        "cs" => "čeština",
        "da" => "dansk",
        "de" => "Deutsch",
        "el" => "Ελληνικά",
        "en" => "English",
        "eo" => "Esperanto",
        "es" => "español",
        "eu" => "euskara",
        "fa" => "فارسی",
        "fi" => "suomi",
        "fr" => "français",
        "gl" => "galego",
        "he" => "עברית",
        "hu" => "magyar",
        "it" => "italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "nl" => "Nederlands",
        "no" | "nb" | "nn" => "norsk",
        "pl" => "polski",
        "pt" => "português",
        "ro" => "română",
        "ru" => "русский",
        "sv" => "svenska",
        "tr" => "Türkçe",
        "uk" => "українська",
        "zh" => "中文",
        _ => return None,
    })
}

/// The months in English (also in messages about dates).
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A language's words, in the order of [`KEYS`], and its months (and
/// their form after a day, if it has another), and the counting words'
/// forms it has besides `one` and `other` (`texts_few`: see [`Plural`]).
struct Pack {
    code: &'static str,
    words: [&'static str; KEYS.len()],
    months: [&'static str; 12],
    day_months: Option<[&'static str; 12]>,
    forms: &'static [(&'static str, &'static str)],
}

const PACKS: &[Pack] = &[
    Pack {
        code: "es",
        words: [
            "Anónimo",
            "y",
            "{day} de {month} de {year}",
            "{month} de {year}",
            "revisado",
            "Saltar al texto",
            "Ruta de navegación",
            "Hecho con samizdat.",
            "Por",
            "Traducido por",
            "min de lectura",
            "nota",
            "notas",
            "Anterior",
            "Siguiente",
            "Más en",
            "Etiquetas",
            "Etiqueta",
            "Autores",
            "Autor",
            "Traductores",
            "Traductor",
            "etiqueta",
            "etiquetas",
            "autor",
            "autores",
            "traductor",
            "traductores",
            "texto",
            "textos",
            "traducción",
            "traducciones",
            "artículo",
            "artículos",
            "cada una con los textos que la llevan.",
            "cada uno con sus textos.",
            "cada uno con sus traducciones.",
            "todas las etiquetas",
            "todos los autores",
            "todos los traductores",
            "Por inicial",
            "Explorar los textos",
            "por autor",
            "por traductor",
            "por etiqueta",
            "o",
            "Índice",
            "Otros textos",
            "Artículos",
            "Edición para imprimir",
            "(todos los artículos en una página, para imprimir o guardar como PDF)",
            "Libro electrónico (EPUB)",
            "para imprimir",
            "Introducción",
            "volver a la llamada",
            "Notas",
            "Lo último",
            "Seguir en un lector de noticias",
            "Esta página se ha trasladado a",
            "Página no encontrada",
            "No hay nada de este sitio en esta dirección. Puede que el texto se haya trasladado, o que la dirección tenga un error.",
            "La página de inicio",
            "Cubierta",
            "Original",
            "Traducciones",
            "Títulos",
            "por título",
        ],
        months: [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        day_months: None,
        forms: &[],
    },
    Pack {
        code: "fr",
        words: [
            "Anonyme",
            "et",
            "{day} {month} {year}",
            "{month} {year}",
            "révisé",
            "Aller au texte",
            "Fil d’Ariane",
            "Fait avec samizdat.",
            "Par",
            "Traduit par",
            "min de lecture",
            "note",
            "notes",
            "Précédent",
            "Suivant",
            "Plus dans",
            "Mots-clés",
            "Mot-clé",
            "Auteurs",
            "Auteur",
            "Traducteurs",
            "Traducteur",
            "mot-clé",
            "mots-clés",
            "auteur",
            "auteurs",
            "traducteur",
            "traducteurs",
            "texte",
            "textes",
            "traduction",
            "traductions",
            "article",
            "articles",
            "chacun avec les textes qui le portent.",
            "chacun avec ses textes.",
            "chacun avec ses traductions.",
            "tous les mots-clés",
            "tous les auteurs",
            "tous les traducteurs",
            "Par initiale",
            "Parcourir les textes",
            "par auteur",
            "par traducteur",
            "par mot-clé",
            "ou",
            "Sommaire",
            "Autres textes",
            "Articles",
            "Édition à imprimer",
            "(tous les articles sur une page, à imprimer ou enregistrer en PDF)",
            "Livre numérique (EPUB)",
            "à imprimer",
            "Introduction",
            "retour à l’appel",
            "Notes",
            "Derniers textes",
            "Suivre dans un lecteur de flux",
            "Cette page a été déplacée vers",
            "Page introuvable",
            "Rien de ce site ne se trouve à cette adresse. Le texte a peut-être été déplacé, ou l’adresse contient une erreur.",
            "La page d’accueil",
            "Couverture",
            "Original",
            "Traductions",
            "Titres",
            "par titre",
        ],
        months: [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        day_months: None,
        forms: &[],
    },
    Pack {
        code: "de",
        words: [
            "Anonym",
            "und",
            "{day}. {month} {year}",
            "{month} {year}",
            "überarbeitet",
            "Zum Text springen",
            "Brotkrumennavigation",
            "Gemacht mit samizdat.",
            "Von",
            "Übersetzt von",
            "Min. Lesezeit",
            "Anmerkung",
            "Anmerkungen",
            "Zurück",
            "Weiter",
            "Mehr in",
            "Schlagwörter",
            "Schlagwort",
            "Autor:innen",
            "Autor:in",
            "Übersetzer:innen",
            "Übersetzer:in",
            "Schlagwort",
            "Schlagwörter",
            "Autor:in",
            "Autor:innen",
            "Übersetzer:in",
            "Übersetzer:innen",
            "Text",
            "Texte",
            "Übersetzung",
            "Übersetzungen",
            "Artikel",
            "Artikel",
            "jedes mit den Texten, die es tragen.",
            "jede:r mit den eigenen Texten.",
            "jede:r mit den eigenen Übersetzungen.",
            "alle Schlagwörter",
            "alle Autor:innen",
            "alle Übersetzer:innen",
            "Nach Anfangsbuchstabe",
            "Die Texte durchsuchen",
            "nach Autor:in",
            "nach Übersetzer:in",
            "nach Schlagwort",
            "oder",
            "Inhalt",
            "Weitere Texte",
            "Artikel",
            "Druckausgabe",
            "(alle Artikel auf einer Seite, zum Drucken oder als PDF)",
            "E-Book (EPUB)",
            "Druck",
            "Einleitung",
            "zurück zum Verweis",
            "Anmerkungen",
            "Neueste Texte",
            "In einem Feedreader folgen",
            "Diese Seite ist umgezogen nach",
            "Seite nicht gefunden",
            "Unter dieser Adresse ist nichts von dieser Website. Vielleicht ist der Text umgezogen, oder die Adresse enthält einen Tippfehler.",
            "Die Startseite",
            "Umschlag",
            "Original",
            "Übersetzungen",
            "Titel",
            "nach Titel",
        ],
        months: [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        day_months: None,
        forms: &[],
    },
    Pack {
        code: "it",
        words: [
            "Anonimo",
            "e",
            "{day} {month} {year}",
            "{month} {year}",
            "rivisto",
            "Vai al testo",
            "Percorso di navigazione",
            "Fatto con samizdat.",
            "Di",
            "Tradotto da",
            "min di lettura",
            "nota",
            "note",
            "Precedente",
            "Successivo",
            "Altro in",
            "Etichette",
            "Etichetta",
            "Autori",
            "Autore",
            "Traduttori",
            "Traduttore",
            "etichetta",
            "etichette",
            "autore",
            "autori",
            "traduttore",
            "traduttori",
            "testo",
            "testi",
            "traduzione",
            "traduzioni",
            "articolo",
            "articoli",
            "ognuna con i testi che la portano.",
            "ognuno con i suoi testi.",
            "ognuno con le sue traduzioni.",
            "tutte le etichette",
            "tutti gli autori",
            "tutti i traduttori",
            "Per iniziale",
            "Sfoglia i testi",
            "per autore",
            "per traduttore",
            "per etichetta",
            "o",
            "Indice",
            "Altri testi",
            "Articoli",
            "Edizione da stampare",
            "(tutti gli articoli in una pagina, da stampare o salvare in PDF)",
            "E-book (EPUB)",
            "da stampare",
            "Introduzione",
            "torna al richiamo",
            "Note",
            "Ultimi testi",
            "Segui in un lettore di feed",
            "Questa pagina è stata spostata in",
            "Pagina non trovata",
            "A questo indirizzo non c’è nulla di questo sito. Il testo potrebbe essere stato spostato, o l’indirizzo contenere un errore.",
            "La pagina iniziale",
            "Copertina",
            "Originale",
            "Traduzioni",
            "Titoli",
            "per titolo",
        ],
        months: [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        day_months: None,
        forms: &[],
    },
    Pack {
        code: "pt",
        words: [
            "Anónimo",
            "e",
            "{day} de {month} de {year}",
            "{month} de {year}",
            "revisto",
            "Saltar para o texto",
            "Trilha de navegação",
            "Feito com samizdat.",
            "Por",
            "Traduzido por",
            "min de leitura",
            "nota",
            "notas",
            "Anterior",
            "Seguinte",
            "Mais em",
            "Etiquetas",
            "Etiqueta",
            "Autores",
            "Autor",
            "Tradutores",
            "Tradutor",
            "etiqueta",
            "etiquetas",
            "autor",
            "autores",
            "tradutor",
            "tradutores",
            "texto",
            "textos",
            "tradução",
            "traduções",
            "artigo",
            "artigos",
            "cada uma com os textos que a têm.",
            "cada um com os seus textos.",
            "cada um com as suas traduções.",
            "todas as etiquetas",
            "todos os autores",
            "todos os tradutores",
            "Por inicial",
            "Explorar os textos",
            "por autor",
            "por tradutor",
            "por etiqueta",
            "ou",
            "Índice",
            "Outros textos",
            "Artigos",
            "Edição para imprimir",
            "(todos os artigos numa página, para imprimir ou guardar em PDF)",
            "Livro digital (EPUB)",
            "para imprimir",
            "Introdução",
            "voltar à chamada",
            "Notas",
            "Últimos textos",
            "Seguir num leitor de feeds",
            "Esta página foi movida para",
            "Página não encontrada",
            "Não há nada deste site neste endereço. O texto pode ter mudado de lugar, ou o endereço pode ter um erro.",
            "A página inicial",
            "Capa",
            "Original",
            "Traduções",
            "Títulos",
            "por título",
        ],
        months: [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        day_months: None,
        forms: &[],
    },
    Pack {
        code: "ca",
        words: [
            "Anònim",
            "i",
            "{day} {month} de {year}",
            "{month} de {year}",
            "revisat",
            "Salta al text",
            "Ruta de navegació",
            "Fet amb samizdat.",
            "Per",
            "Traduït per",
            "min de lectura",
            "nota",
            "notes",
            "Anterior",
            "Següent",
            "Més a",
            "Etiquetes",
            "Etiqueta",
            "Autors",
            "Autor",
            "Traductors",
            "Traductor",
            "etiqueta",
            "etiquetes",
            "autor",
            "autors",
            "traductor",
            "traductors",
            "text",
            "textos",
            "traducció",
            "traduccions",
            "article",
            "articles",
            "cadascuna amb els textos que la porten.",
            "cadascun amb els seus textos.",
            "cadascun amb les seves traduccions.",
            "totes les etiquetes",
            "tots els autors",
            "tots els traductors",
            "Per inicial",
            "Explora els textos",
            "per autor",
            "per traductor",
            "per etiqueta",
            "o",
            "Sumari",
            "Altres textos",
            "Articles",
            "Edició per imprimir",
            "(tots els articles en una pàgina, per imprimir o desar com a PDF)",
            "Llibre electrònic (EPUB)",
            "per imprimir",
            "Introducció",
            "torna a la crida",
            "Notes",
            "El més recent",
            "Segueix en un lector de notícies",
            "Aquesta pàgina s’ha traslladat a",
            "Pàgina no trobada",
            "No hi ha res d’aquest lloc en aquesta adreça. Potser el text s’ha traslladat, o l’adreça té un error.",
            "La pàgina d’inici",
            "Coberta",
            "Original",
            "Traduccions",
            "Títols",
            "per títol",
        ],
        months: [
            "gener",
            "febrer",
            "març",
            "abril",
            "maig",
            "juny",
            "juliol",
            "agost",
            "setembre",
            "octubre",
            "novembre",
            "desembre",
        ],
        day_months: Some([
            "de gener",
            "de febrer",
            "de març",
            "d’abril",
            "de maig",
            "de juny",
            "de juliol",
            "d’agost",
            "de setembre",
            "d’octubre",
            "de novembre",
            "de desembre",
        ]),
        forms: &[],
    },
    Pack {
        code: "nl",
        words: [
            "Anoniem",
            "en",
            "{day} {month} {year}",
            "{month} {year}",
            "herzien",
            "Naar de tekst",
            "Kruimelpad",
            "Gemaakt met samizdat.",
            "Door",
            "Vertaald door",
            "min leestijd",
            "noot",
            "noten",
            "Vorige",
            "Volgende",
            "Meer in",
            "Trefwoorden",
            "Trefwoord",
            "Auteurs",
            "Auteur",
            "Vertalers",
            "Vertaler",
            "trefwoord",
            "trefwoorden",
            "auteur",
            "auteurs",
            "vertaler",
            "vertalers",
            "tekst",
            "teksten",
            "vertaling",
            "vertalingen",
            "artikel",
            "artikelen",
            "elk met de teksten die het hebben.",
            "elk met hun teksten.",
            "elk met hun vertalingen.",
            "alle trefwoorden",
            "alle auteurs",
            "alle vertalers",
            "Op beginletter",
            "Blader door de teksten",
            "per auteur",
            "per vertaler",
            "per trefwoord",
            "of",
            "Inhoud",
            "Andere teksten",
            "Artikelen",
            "Drukversie",
            "(alle artikelen op één pagina, om af te drukken of als pdf te bewaren)",
            "E-book (EPUB)",
            "drukversie",
            "Inleiding",
            "terug naar de verwijzing",
            "Noten",
            "Nieuwste",
            "Volgen in een feedlezer",
            "Deze pagina is verhuisd naar",
            "Pagina niet gevonden",
            "Niets van deze site staat op dit adres. De tekst is misschien verhuisd, of het adres bevat een tikfout.",
            "De startpagina",
            "Omslag",
            "Origineel",
            "Vertalingen",
            "Titels",
            "op titel",
        ],
        months: [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        day_months: None,
        forms: &[],
    },
    Pack {
        code: "ru",
        words: [
            "Аноним",
            "и",
            "{day} {month} {year}",
            "{month} {year}",
            "исправлено",
            "Перейти к тексту",
            "Навигационная цепочка",
            "Сделано с помощью samizdat.",
            "Текст:",
            "Перевод:",
            "мин. чтения",
            "примечание",
            "примечаний",
            "Назад",
            "Далее",
            "Ещё в разделе",
            "Теги",
            "Тег",
            "Авторы",
            "Автор",
            "Переводчики",
            "Переводчик",
            "тег",
            "тегов",
            "автор",
            "авторов",
            "переводчик",
            "переводчиков",
            "текст",
            "текстов",
            "перевод",
            "переводов",
            "статья",
            "статей",
            "у каждого — тексты с ним.",
            "у каждого — его тексты.",
            "у каждого — его переводы.",
            "все теги",
            "все авторы",
            "все переводчики",
            "По первой букве",
            "Смотреть тексты",
            "по авторам",
            "по переводчикам",
            "по тегам",
            "или",
            "Содержание",
            "Другие тексты",
            "Статьи",
            "Версия для печати",
            "(все статьи на одной странице — распечатать или сохранить в PDF)",
            "Электронная книга (EPUB)",
            "для печати",
            "Вступление",
            "назад к ссылке",
            "Примечания",
            "Новое",
            "Ленты для подписки",
            "Эта страница переехала по адресу",
            "Страница не найдена",
            "По этому адресу на сайте ничего нет. Возможно, текст переехал или в адресе опечатка.",
            "Главная страница",
            "Обложка",
            "Оригинал",
            "Переводы",
            "Названия",
            "по названиям",
        ],
        months: [
            "январь",
            "февраль",
            "март",
            "апрель",
            "май",
            "июнь",
            "июль",
            "август",
            "сентябрь",
            "октябрь",
            "ноябрь",
            "декабрь",
        ],
        // After a day, a month is in the genitive: `7 ноября 1917`.
        day_months: Some([
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ]),
        // 1, 21, 31… `текст`; 2–4, 22–24… `текста`; 5–20, 25–30… (and 0)
        // `текстов`, the words above.
        forms: &[
            ("notes_few", "примечания"),
            ("tags_few", "тега"),
            ("authors_few", "автора"),
            ("translators_few", "переводчика"),
            ("texts_few", "текста"),
            ("translations_few", "перевода"),
            ("articles_few", "статьи"),
        ],
    },
    Pack {
        code: "uk",
        words: [
            "Анонім",
            "і",
            "{day} {month} {year}",
            "{month} {year}",
            "виправлено",
            "Перейти до тексту",
            "Навігаційний ланцюжок",
            "Зроблено за допомогою samizdat.",
            "Текст:",
            "Переклад:",
            "хв читання",
            "примітка",
            "приміток",
            "Назад",
            "Далі",
            "Ще в розділі",
            "Теги",
            "Тег",
            "Автори",
            "Автор",
            "Перекладачі",
            "Перекладач",
            "тег",
            "тегів",
            "автор",
            "авторів",
            "перекладач",
            "перекладачів",
            "текст",
            "текстів",
            "переклад",
            "перекладів",
            "стаття",
            "статей",
            "у кожного — тексти з ним.",
            "у кожного — його тексти.",
            "у кожного — його переклади.",
            "усі теги",
            "усі автори",
            "усі перекладачі",
            "За першою літерою",
            "Переглянути тексти",
            "за авторами",
            "за перекладачами",
            "за тегами",
            "або",
            "Зміст",
            "Інші тексти",
            "Статті",
            "Версія для друку",
            "(усі статті на одній сторінці — надрукувати або зберегти в PDF)",
            "Електронна книга (EPUB)",
            "для друку",
            "Вступ",
            "назад до посилання",
            "Примітки",
            "Нове",
            "Стрічки для підписки",
            "Ця сторінка переїхала за адресою",
            "Сторінку не знайдено",
            "За цією адресою на сайті нічого немає. Можливо, текст переїхав або в адресі помилка.",
            "Головна сторінка",
            "Обкладинка",
            "Оригінал",
            "Переклади",
            "Назви",
            "за назвами",
        ],
        months: [
            "січень",
            "лютий",
            "березень",
            "квітень",
            "травень",
            "червень",
            "липень",
            "серпень",
            "вересень",
            "жовтень",
            "листопад",
            "грудень",
        ],
        // After a day, a month is in the genitive: `7 листопада 1917`.
        day_months: Some([
            "січня",
            "лютого",
            "березня",
            "квітня",
            "травня",
            "червня",
            "липня",
            "серпня",
            "вересня",
            "жовтня",
            "листопада",
            "грудня",
        ]),
        forms: &[
            ("notes_few", "примітки"),
            ("tags_few", "теги"),
            ("authors_few", "автори"),
            ("translators_few", "перекладачі"),
            ("texts_few", "тексти"),
            ("translations_few", "переклади"),
            ("articles_few", "статті"),
        ],
    },
    Pack {
        code: "pl",
        words: [
            "Anonim",
            "i",
            "{day} {month} {year}",
            "{month} {year}",
            "poprawiono",
            "Przejdź do tekstu",
            "Ścieżka nawigacji",
            "Zrobione za pomocą samizdat.",
            "Tekst:",
            "Tłumaczenie:",
            "min czytania",
            "przypis",
            "przypisów",
            "Poprzedni",
            "Następny",
            "Więcej w dziale",
            "Tagi",
            "Tag",
            "Autorzy",
            "Autor",
            "Tłumacze",
            "Tłumacz",
            "tag",
            "tagów",
            "autor",
            "autorów",
            "tłumacz",
            "tłumaczy",
            "tekst",
            "tekstów",
            "tłumaczenie",
            "tłumaczeń",
            "artykuł",
            "artykułów",
            "każdy z tekstami, które go mają.",
            "każdy ze swoimi tekstami.",
            "każdy ze swoimi tłumaczeniami.",
            "wszystkie tagi",
            "wszyscy autorzy",
            "wszyscy tłumacze",
            "Według pierwszej litery",
            "Przeglądaj teksty",
            "według autorów",
            "według tłumaczy",
            "według tagów",
            "lub",
            "Spis treści",
            "Inne teksty",
            "Artykuły",
            "Wersja do druku",
            "(wszystkie artykuły na jednej stronie, do wydruku lub zapisu jako PDF)",
            "E-book (EPUB)",
            "do druku",
            "Wstęp",
            "powrót do odsyłacza",
            "Przypisy",
            "Najnowsze",
            "Subskrybuj w czytniku kanałów",
            "Ta strona została przeniesiona pod adres",
            "Nie znaleziono strony",
            "Pod tym adresem nie ma niczego z tej strony. Tekst mógł zostać przeniesiony albo adres zawiera literówkę.",
            "Strona główna",
            "Okładka",
            "Oryginał",
            "Tłumaczenia",
            "Tytuły",
            "według tytułów",
        ],
        months: [
            "styczeń",
            "luty",
            "marzec",
            "kwiecień",
            "maj",
            "czerwiec",
            "lipiec",
            "sierpień",
            "wrzesień",
            "październik",
            "listopad",
            "grudzień",
        ],
        // After a day, a month is in the genitive: `7 listopada 1917`.
        day_months: Some([
            "stycznia",
            "lutego",
            "marca",
            "kwietnia",
            "maja",
            "czerwca",
            "lipca",
            "sierpnia",
            "września",
            "października",
            "listopada",
            "grudnia",
        ]),
        // 2–4 authors or translators are counted as 5 are (`2 autorów`,
        // `2 tłumaczy`): they have no form of their own.
        forms: &[
            ("notes_few", "przypisy"),
            ("tags_few", "tagi"),
            ("texts_few", "teksty"),
            ("translations_few", "tłumaczenia"),
            ("articles_few", "artykuły"),
        ],
    },
];

/// The form a language gives a word that counts a whole number: the
/// categories of the Unicode CLDR's plural rules. English has `one` (`1
/// text`) and `other` (`0 texts`, `3 texts`); Russian `one` (`1 текст`,
/// `21 текст`), `few` (`2 текста`) and `many` (`5 текстов`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// How the keys of a counting word's forms besides `one` and `other` end:
/// `texts_few` is the form `few` of `texts`.
pub const FORM_SUFFIXES: [&str; 4] = ["_zero", "_two", "_few", "_many"];

/// The key of the word `key` is a form of (`texts` for `texts_few`), or
/// `key` itself.
pub fn form_of(key: &str) -> &str {
    FORM_SUFFIXES.iter().find_map(|f| key.strip_suffix(f)).unwrap_or(key)
}

impl Plural {
    /// The form `language` (a tag: `ru`, `pt-BR`) counts `n` with, by
    /// CLDR's rules for whole numbers. A language not listed counts as
    /// English does (`one` for 1 alone).
    pub fn of(language: &str, n: u64) -> Plural {
        use Plural::*;
        // (Asked on every page that counts: lowercased only if it is not.)
        let mut subtags = language.split(['-', '_']);
        let primary = subtags.next().unwrap_or("");
        let lowered;
        let primary = match primary.bytes().any(|b| b.is_ascii_uppercase()) {
            true => {
                lowered = primary.to_ascii_lowercase();
                lowered.as_str()
            }
            false => primary,
        };
        let in_portugal = subtags.next().is_some_and(|r| r.eq_ignore_ascii_case("PT"));
        let (n10, n100) = (n % 10, n % 100);
        // 2, 3 and 4, but not 12, 13 and 14; 22, 23 and 24…
        let slavic_few = (2..=4).contains(&n10) && !(12..=14).contains(&n100);
        match primary {
            // No form by number.
            "ja" | "ko" | "zh" | "vi" | "th" | "id" | "ms" | "lo" | "my" | "km" | "yo" => Other,
            // 0 is counted as 1 is (`0 texte`), but in Portugal.
            "pt" if in_portugal => one_alone(n),
            "fr" | "pt" | "fa" | "hi" | "bn" | "am" | "zu" | "kab" => match n {
                0 | 1 => One,
                _ => Other,
            },
            "ru" | "uk" | "be" => match () {
                _ if n10 == 1 && n100 != 11 => One,
                _ if slavic_few => Few,
                _ => Many,
            },
            "pl" => match () {
                _ if n == 1 => One,
                _ if slavic_few => Few,
                _ => Many,
            },
            "hr" | "sr" | "bs" | "sh" => match () {
                _ if n10 == 1 && n100 != 11 => One,
                _ if slavic_few => Few,
                _ => Other,
            },
            "cs" | "sk" => match n {
                1 => One,
                2..=4 => Few,
                _ => Other,
            },
            "lt" => match () {
                _ if (11..=19).contains(&n100) => Other,
                _ if n10 == 1 => One,
                _ if n10 >= 2 => Few,
                _ => Other,
            },
            "lv" => match () {
                _ if n10 == 0 || (11..=19).contains(&n100) => Zero,
                _ if n10 == 1 => One,
                _ => Other,
            },
            "ro" => match () {
                _ if n == 1 => One,
                _ if n == 0 || (1..=19).contains(&n100) => Few,
                _ => Other,
            },
            "sl" => match n100 {
                1 => One,
                2 => Two,
                3 | 4 => Few,
                _ => Other,
            },
            "he" => match n {
                1 => One,
                2 => Two,
                _ => Other,
            },
            "ga" => match n {
                1 => One,
                2 => Two,
                3..=6 => Few,
                7..=10 => Many,
                _ => Other,
            },
            "cy" => match n {
                0 => Zero,
                1 => One,
                2 => Two,
                3 => Few,
                6 => Many,
                _ => Other,
            },
            "ar" => match () {
                _ if n == 0 => Zero,
                _ if n == 1 => One,
                _ if n == 2 => Two,
                _ if (3..=10).contains(&n100) => Few,
                _ if (11..=99).contains(&n100) => Many,
                _ => Other,
            },
            _ => one_alone(n),
        }
    }

    /// How the key of a word in this form ends, after the key of its form
    /// `other`; `None` for `one` and `other`, which have keys of their own.
    fn suffix(self) -> Option<&'static str> {
        match self {
            Plural::Zero => Some(FORM_SUFFIXES[0]),
            Plural::Two => Some(FORM_SUFFIXES[1]),
            Plural::Few => Some(FORM_SUFFIXES[2]),
            Plural::Many => Some(FORM_SUFFIXES[3]),
            Plural::One | Plural::Other => None,
        }
    }
}

/// The word that counts `n` in `language` (the site's), from the words
/// `word` finds by key (the `words` a template sees): the word `one`
/// (`text`) for the form `one`; for another form, the word of `other` with
/// the form's suffix (`texts_few`), if there is one and it is not empty,
/// else the word `other` (`texts`). `None` if `one` or `other` is missing.
pub fn counting_word<'w>(
    language: &str,
    n: u64,
    one: &str,
    other: &str,
    word: impl Fn(&str) -> Option<&'w str>,
) -> Option<&'w str> {
    let form = Plural::of(language, n);
    if form == Plural::One {
        return word(one);
    }
    let own = form.suffix().and_then(|suffix| word(&format!("{other}{suffix}")));
    own.filter(|w| !w.is_empty()).or_else(|| word(other))
}

/// `one` for 1, `other` for any other number.
fn one_alone(n: u64) -> Plural {
    match n {
        1 => Plural::One,
        _ => Plural::Other,
    }
}

impl Words {
    /// The built-in words of `language` (`es`, `es-AR`: Spanish), English
    /// for a language without them.
    pub fn of_language(language: &str) -> Self {
        let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let pack = PACKS.iter().find(|p| p.code == primary);
        let mut strings: BTreeMap<String, String> = KEYS
            .iter()
            .enumerate()
            .map(|(k, &(key, english, _))| (key.to_string(), pack.map_or(english, |p| p.words[k]).to_string()))
            .collect();
        for &(key, word) in pack.map_or(&[][..], |p| p.forms) {
            strings.insert(key.to_string(), word.to_string());
        }
        let months = pack.map_or(MONTHS_EN, |p| p.months).map(String::from).to_vec();
        let day_months = pack.and_then(|p| p.day_months).map(|m| m.map(String::from).to_vec());
        Words {
            strings,
            months,
            day_months,
        }
    }

    /// The English words, for what renders without a site's (tests).
    pub fn english() -> &'static Words {
        static ENGLISH: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(Words::default)
    }

    /// The word `key` (empty if there is none).
    pub fn get(&self, key: &str) -> &str {
        self.strings.get(key).map_or("", String::as_str)
    }

    /// `A, B and C`; `none` for no names.
    pub fn names(&self, names: &[String], none: &str) -> String {
        match names {
            [] => none.to_string(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {last}", init.join(", "), self.get("and")),
        }
    }

    /// The authors' names as a byline shows them: [`Words::names`], or
    /// the word for an anonymous text.
    pub fn authors(&self, names: &[String]) -> String {
        self.names(names, self.get("anonymous"))
    }

    /// A date as the site's language writes it, as precise as it is.
    pub fn date(&self, date: &PartialDate) -> String {
        let PartialDate { year, month, day } = *date;
        let (Some(m), pattern) = (month, if day.is_some() { "date_day" } else { "date_month" }) else {
            return year.to_string();
        };
        let months = match (day, &self.day_months) {
            (Some(_), Some(day_months)) => day_months,
            _ => &self.months,
        };
        let month_name = months.get(usize::from(m).wrapping_sub(1)).map_or("", String::as_str);
        // One pass over the pattern (every listed article's date is made
        // with it): `{day}`, `{month}` and `{year}` filled in.
        let pattern = self.get(pattern);
        let mut out = String::with_capacity(pattern.len() + month_name.len() + 8);
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            let filled = if let Some(after) = rest.strip_prefix("{day}") {
                if let Some(day) = day {
                    out.push_str(itoa::Buffer::new().format(day));
                }
                after
            } else if let Some(after) = rest.strip_prefix("{month}") {
                out.push_str(month_name);
                after
            } else if let Some(after) = rest.strip_prefix("{year}") {
                out.push_str(itoa::Buffer::new().format(year));
                after
            } else {
                out.push('{');
                &rest[1..]
            };
            rest = filled;
        }
        out.push_str(rest);
        out
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::of_language("en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_word_for_every_key() {
        for pack in PACKS {
            for (k, word) in pack.words.iter().enumerate() {
                assert!(!word.is_empty(), "{} has no `{}`", pack.code, KEYS[k].0);
            }
            // The words are in the order of KEYS, not named: a word left
            // out or put in twice shifts the rest. The marks of a few
            // kinds of word, wherever English has them, show a shift.
            for (k, &(key, english, _)) in KEYS.iter().enumerate() {
                let word = pack.words[k];
                for mark in ["{day}", "{month}", "{year}"] {
                    assert_eq!(
                        english.contains(mark),
                        word.contains(mark),
                        "{} `{key}`: {word}",
                        pack.code
                    );
                }
                assert_eq!(
                    english.ends_with('.'),
                    word.ends_with('.'),
                    "{} `{key}`: {word}",
                    pack.code
                );
                assert_eq!(
                    english.starts_with('('),
                    word.starts_with('('),
                    "{} `{key}`: {word}",
                    pack.code
                );
            }
        }
    }

    #[test]
    fn each_language_counts_with_its_own_forms() {
        use Plural::*;
        let forms = |language: &str, ns: &[u64]| ns.iter().map(|&n| Plural::of(language, n)).collect::<Vec<_>>();
        assert_eq!(forms("en", &[0, 1, 2, 21]), [Other, One, Other, Other]);
        assert_eq!(forms("fr", &[0, 1, 2]), [One, One, Other]);
        assert_eq!(forms("pt-BR", &[0, 1, 2]), [One, One, Other]);
        assert_eq!(forms("pt_pt", &[0, 1, 2]), [Other, One, Other]);
        let ru = [0, 1, 2, 4, 5, 11, 12, 14, 20, 21, 22, 25, 101, 111, 112, 122];
        let ru_forms = [
            Many, One, Few, Few, Many, Many, Many, Many, Many, One, Few, Many, One, Many, Many, Few,
        ];
        assert_eq!(forms("ru", &ru), ru_forms);
        assert_eq!(forms("uk-UA", &ru), ru_forms);
        assert_eq!(
            forms("pl", &[0, 1, 2, 5, 12, 21, 22, 101]),
            [Many, One, Few, Many, Many, Many, Few, Many]
        );
        assert_eq!(forms("cs", &[0, 1, 2, 4, 5, 22]), [Other, One, Few, Few, Other, Other]);
        assert_eq!(forms("hr", &[1, 3, 5, 11, 21, 23]), [One, Few, Other, Other, One, Few]);
        assert_eq!(
            forms("lt", &[1, 2, 10, 11, 19, 21, 29]),
            [One, Few, Other, Other, Other, One, Few]
        );
        assert_eq!(forms("lv", &[0, 1, 2, 10, 11, 21]), [Zero, One, Other, Zero, Zero, One]);
        assert_eq!(forms("ro", &[0, 1, 2, 19, 20, 101]), [Few, One, Few, Few, Other, Few]);
        assert_eq!(forms("sl", &[1, 2, 3, 5, 101, 102]), [One, Two, Few, Other, One, Two]);
        assert_eq!(
            forms("ar", &[0, 1, 2, 3, 10, 11, 99, 100, 103]),
            [Zero, One, Two, Few, Few, Many, Many, Other, Few]
        );
        assert_eq!(forms("ja", &[0, 1, 2]), [Other, Other, Other]);
        // A language not listed, as English.
        assert_eq!(forms("x-klingon", &[1, 2]), [One, Other]);
    }

    /// The word of `words` that counts `n` in `language`.
    fn counting<'w>(words: &'w Words, language: &str, n: u64, one: &str, other: &str) -> Option<&'w str> {
        counting_word(language, n, one, other, |key| {
            words.strings.get(key).map(String::as_str)
        })
    }

    #[test]
    fn a_counting_word_without_a_form_of_its_own_is_its_other() {
        let ru = Words::of_language("ru");
        let count = |w: &Words, n| counting(w, "ru", n, "text", "texts").unwrap().to_string();
        assert_eq!(
            [1, 2, 5, 21, 24].map(|n| count(&ru, n)),
            ["текст", "текста", "текстов", "текст", "текста"]
        );
        // Without `texts_few` (a site's words that leave it empty, or
        // none), the word for the others.
        let mut own = ru.clone();
        own.strings.insert("texts_few".into(), String::new());
        assert_eq!(count(&own, 3), "текстов");
        own.strings.remove("texts_few");
        assert_eq!(count(&own, 3), "текстов");
        assert_eq!(counting(&ru, "ru", 1, "nothing", "texts"), None);
        assert_eq!(counting(&ru, "ru", 3, "text", "nothing"), None);
        // Ukrainian, likewise; Polish has `one` for 1 alone, and its
        // authors have no form of their own for 2–4.
        let uk = Words::of_language("uk");
        let count_in = |w: &Words, language, n, one, other| counting(w, language, n, one, other).unwrap().to_string();
        assert_eq!(
            [1, 3, 5, 21].map(|n| count_in(&uk, "uk", n, "article", "articles")),
            ["стаття", "статті", "статей", "стаття"]
        );
        let pl = Words::of_language("pl");
        assert_eq!(
            [1, 2, 5, 12, 21, 22].map(|n| count_in(&pl, "pl", n, "text", "texts")),
            ["tekst", "teksty", "tekstów", "tekstów", "tekstów", "teksty"]
        );
        assert_eq!(
            [1, 2, 5].map(|n| count_in(&pl, "pl", n, "author", "authors")),
            ["autor", "autorów", "autorów"]
        );
        // English words counted in Russian: `one` and `other` alone.
        assert_eq!(count(&Words::default(), 3), "texts");
        // Every form a language gives is of a counting word it has.
        for pack in PACKS {
            for (key, _) in pack.forms {
                assert!(
                    form_of(key) != *key && KEYS.iter().any(|(k, _, _)| *k == form_of(key)),
                    "{} `{key}`",
                    pack.code
                );
            }
        }
    }

    #[test]
    fn a_language_is_named_in_itself_whatever_its_region_or_case() {
        assert_eq!(language_name("es"), Some("español"));
        assert_eq!(language_name("pt-BR"), Some("português"));
        assert_eq!(language_name("FR-ca"), Some("français"));
        assert_eq!(language_name("nb"), language_name("no"));
        // Not listed: the caller shows the tag.
        assert_eq!(language_name("x-klingon"), None);
        assert_eq!(language_name("haw"), None);
    }

    #[test]
    fn english_is_the_default_and_a_region_takes_its_language() {
        assert_eq!(Words::default(), Words::of_language("xx"));
        assert_eq!(Words::of_language("es-AR").get("previous"), "Anterior");
        assert_eq!(Words::of_language("pt_BR").months[2], "março");
    }

    fn day(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    fn month(year: i32, month: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    #[test]
    fn names_and_dates_in_the_sites_language() {
        let names = ["Ada Pell", "Jun Aldana", "Tomás Ferrier"].map(String::from);
        let en = Words::default();
        assert_eq!(en.authors(&names), "Ada Pell, Jun Aldana and Tomás Ferrier");
        assert_eq!(en.authors(&[]), "Anonymous");
        assert_eq!(en.date(&day(2020, 11, 3)), "3 November 2020");
        assert_eq!(en.date(&month(2020, 11)), "November 2020");
        assert_eq!(
            en.date(&PartialDate {
                year: 2020,
                month: None,
                day: None
            }),
            "2020"
        );
        let es = Words::of_language("es");
        assert_eq!(es.authors(&names[..2]), "Ada Pell y Jun Aldana");
        assert_eq!(es.authors(&[]), "Anónimo");
        assert_eq!(es.date(&day(2020, 11, 3)), "3 de noviembre de 2020");
        // A pattern of the site's own, braces of its own kept.
        let mut own = Words::default();
        own.strings
            .insert("date_day".into(), "{year}-{month} ({day}) {x} {".into());
        assert_eq!(own.date(&day(1871, 3, 18)), "1871-March (18) {x} {");
        let de = Words::of_language("de");
        assert_eq!(de.date(&day(1918, 11, 9)), "9. November 1918");
        assert_eq!(de.date(&month(1918, 11)), "November 1918");
        // After a day, Catalan has `de` before a month, elided before a
        // vowel; a month alone has neither.
        let ca = Words::of_language("ca");
        assert_eq!(ca.date(&day(1936, 7, 19)), "19 de juliol de 1936");
        assert_eq!(ca.date(&day(1937, 4, 26)), "26 d’abril de 1937");
        assert_eq!(ca.date(&day(1931, 10, 1)), "1 d’octubre de 1931");
        assert_eq!(ca.date(&month(1937, 4)), "abril de 1937");
        assert_eq!(ca.authors(&names[..2]), "Ada Pell i Jun Aldana");
        let nl = Words::of_language("nl");
        assert_eq!(nl.date(&day(1886, 5, 1)), "1 mei 1886");
        assert_eq!(nl.date(&month(1886, 5)), "mei 1886");
        // A language without another form after a day uses its months.
        assert_eq!(Words::default().day_months, None);
        // Russian: the genitive after a day.
        let ru = Words::of_language("ru");
        assert_eq!(ru.date(&day(1917, 11, 7)), "7 ноября 1917");
        assert_eq!(ru.date(&month(1917, 11)), "ноябрь 1917");
        assert_eq!(ru.authors(&names[..2]), "Ada Pell и Jun Aldana");
        let uk = Words::of_language("uk");
        assert_eq!(uk.date(&day(1918, 11, 26)), "26 листопада 1918");
        assert_eq!(uk.date(&month(1918, 11)), "листопад 1918");
        let pl = Words::of_language("pl");
        assert_eq!(pl.date(&day(1905, 5, 1)), "1 maja 1905");
        assert_eq!(pl.date(&month(1905, 5)), "maj 1905");
    }
}

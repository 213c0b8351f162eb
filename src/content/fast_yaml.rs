//! A fast path for the front matter people write: `key: value` lines
//! whose values are one-line scalars (plain, `'single'` or `"double"`
//! quoted) or lists of them, on `- item` lines or as `[a, b]`. It gives exactly the value
//! `serde_yaml` gives, or `None` for anything else, which `serde_yaml` then
//! reads (and reports, if it is wrong). The tests hold the two side by
//! side on many thousands of generated blocks.
//!
//! Why: `serde_yaml` (libyaml underneath) cost ~80,000 instructions for an
//! article's eight lines, 5.5% of a whole build; this costs a few thousand.

use serde_yaml::{Mapping, Value};

/// The YAML block as `serde_yaml::from_str::<Value>` reads it, if it is of
/// the simple kind described above; `None` otherwise.
pub fn parse(yaml: &str) -> Option<Value> {
    if yaml.bytes().any(|b| !(b' '..0x7f).contains(&b) && b != b'\n') && yaml.chars().any(unusual) {
        return None;
    }
    let mut map = Mapping::new();
    // A key whose value is on the lines below (a list, or nothing), the
    // indent of its items, and the items so far.
    let mut list: Option<(&str, Option<usize>, Vec<Value>)> = None;
    for line in yaml.split('\n') {
        let text = line.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let indent = line.len() - text.len();
        if let Some(item) = text.strip_prefix('-') {
            let (_, at, items) = list.as_mut()?;
            if *at.get_or_insert(indent) != indent {
                return None;
            }
            items.push(scalar(item.strip_prefix(' ')?)?);
            continue;
        }
        // Continued or nested values are left to serde_yaml.
        if indent > 0 {
            return None;
        }
        if let Some((key, _, items)) = list.take() {
            map.insert(key.into(), items_value(items));
        }
        let (key, rest) = text.split_once(':')?;
        if !plain_key(key) || map.contains_key(key) {
            return None;
        }
        let value = match rest {
            "" => "",
            _ => rest.strip_prefix(' ')?.trim_matches(' '),
        };
        if value.is_empty() {
            list = Some((key, None, Vec::new()));
        } else {
            map.insert(key.into(), scalar(value)?);
        }
    }
    if let Some((key, _, items)) = list {
        map.insert(key.into(), items_value(items));
    }
    Some(match map.is_empty() {
        true => Value::Null,
        false => Value::Mapping(map),
    })
}

/// What a key with nothing after it holds: its items, or nothing.
fn items_value(items: Vec<Value>) -> Value {
    match items.is_empty() {
        true => Value::Null,
        false => Value::Sequence(items),
    }
}

/// Characters YAML does not take as they are, or takes as line breaks.
fn unusual(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A key YAML reads as a plain string: a word of letters, digits, `_` and
/// `-`, starting with a letter or `_`, that is no boolean or null.
fn plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !special_word(key)
}

/// Words a plain scalar may not be for it to be a string here: YAML's
/// nulls and booleans, and what Rust's float parser takes (left to
/// serde_yaml, which knows what it makes of them).
fn special_word(s: &str) -> bool {
    ["null", "true", "false", "inf", "infinity", "nan"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

/// A one-line scalar, with no spaces at either end.
fn scalar(s: &str) -> Option<Value> {
    match s.as_bytes().first()? {
        b'"' => double_quoted(&s[1..]),
        b'\'' => single_quoted(&s[1..]),
        b'[' => flow_list(&s[1..]),
        _ => plain(s),
    }
}

/// After the opening `[`: scalars (none of them lists) separated by `,`,
/// up to the closing `]` at the end.
fn flow_list(s: &str) -> Option<Value> {
    let inner = s.strip_suffix(']')?;
    // Quoted items with escapes (`\"`, `''`): left to serde_yaml.
    if inner.contains('\\') || inner.contains("''") {
        return None;
    }
    let mut items = Vec::new();
    let mut rest = inner.trim_start_matches(' ');
    while !rest.is_empty() {
        // Where the item ends: after its closing quote, or at a `,`.
        let end = match rest.as_bytes()[0] {
            b'"' => 2 + rest[1..].find('"')?,
            b'\'' => 2 + rest[1..].find('\'')?,
            _ => rest.find(',').unwrap_or(rest.len()),
        };
        let item = rest[..end].trim_end_matches(' ');
        if item.contains(['[', ']', '{', '}', '#']) && !item.starts_with(['"', '\'']) {
            return None;
        }
        items.push(scalar(item)?);
        rest = rest[end..].trim_start_matches(' ');
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start_matches(' ');
            // `[a, b,]`: left to serde_yaml.
            if rest.is_empty() {
                return None;
            }
        } else if !rest.is_empty() {
            return None;
        }
    }
    Some(Value::Sequence(items))
}

/// After the opening `"`: only `\"` and `\\` as escapes, and nothing
/// after the closing `"`.
fn double_quoted(s: &str) -> Option<Value> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let at = rest.find(['"', '\\'])?;
        out.push_str(&rest[..at]);
        let escaped = rest.as_bytes().get(at + 1).copied();
        match (rest.as_bytes()[at], escaped) {
            (b'"', _) if at + 1 == rest.len() => return Some(Value::String(out)),
            (b'\\', Some(c @ (b'"' | b'\\'))) => {
                out.push(char::from(c));
                rest = &rest[at + 2..];
            }
            _ => return None,
        }
    }
}

/// After the opening `'`: `''` is a `'`, and nothing after the closing one.
fn single_quoted(s: &str) -> Option<Value> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let at = rest.find('\'')?;
        out.push_str(&rest[..at]);
        match rest.as_bytes().get(at + 1) {
            None => return Some(Value::String(out)),
            Some(b'\'') => {
                out.push('\'');
                rest = &rest[at + 2..];
            }
            Some(_) => return None,
        }
    }
}

/// A plain scalar: a boolean or null, a string that starts with a letter
/// (no comment, no `: ` in it, no `:` at its end), a whole number, or a
/// date.
fn plain(s: &str) -> Option<Value> {
    // As serde_yaml reads these (YAML 1.2's core schema).
    match s {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        "null" | "Null" | "NULL" | "~" => return Some(Value::Null),
        _ => {}
    }
    let first = s.chars().next()?;
    if first.is_ascii_digit() {
        let bytes = s.as_bytes();
        if bytes.iter().all(u8::is_ascii_digit) {
            // No leading zeros (octal in YAML 1.1, a string in 1.2) and
            // nothing near u64's end.
            return match s.len() == 1 || (first != '0' && s.len() <= 18) {
                true => Some(Value::Number(s.parse::<u64>().ok()?.into())),
                false => None,
            };
        }
        // `2020-11` and `2020-11-03`: strings to YAML (serde_yaml has no
        // dates).
        let date = |len: usize| {
            let dash_or_digit = |(i, b): (usize, &u8)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            };
            bytes.len() == len && bytes.iter().enumerate().all(dash_or_digit)
        };
        return (date(7) || date(10)).then(|| Value::String(s.into()));
    }
    if !first.is_alphabetic() || special_word(s) || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return None;
    }
    Some(Value::String(s.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse` agrees with serde_yaml wherever it answers.
    fn agrees(yaml: &str) -> bool {
        let Some(fast) = parse(yaml) else {
            return false;
        };
        match serde_yaml::from_str::<Value>(yaml) {
            Ok(slow) => assert_eq!(fast, slow, "{yaml:?}"),
            Err(e) => panic!("{yaml:?}: serde_yaml says {e}, the fast path {fast:?}"),
        }
        true
    }

    /// Scalars of every kind the fast path takes or must leave alone.
    const SCALARS: &[&str] = &[
        "Borrowed Tools",
        "Bread, Roses and the Rest",
        "Lenin's Tomb",
        "C# and F#",
        "a # comment",
        "ed. – a note",
        "Émile Pouget",
        "Ölmaya devam",
        "Tomás Ferrier",
        "War: what is it good for",
        "War:peace",
        "ends:",
        "a [bracket] {brace}",
        "a & b * c ! d | e > f % g @ h ` i",
        "x - y",
        "word -",
        "what?",
        "1998",
        "0",
        "007",
        "12345678901234567890123",
        "2020-11",
        "2020-11-03",
        "2020-1-3",
        "1998-11-03T10:00:00",
        "1.5",
        "1e3",
        "0x1F",
        "0o17",
        "+3",
        "-3",
        "-",
        ".inf",
        "inf",
        "Infinity",
        "nan",
        "NaN",
        "null",
        "Null",
        "NULL",
        "~",
        "true",
        "True",
        "TRUE",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "\"quoted\"",
        "\"with \\\"escapes\\\" and \\\\ \"",
        "\"tab\\t\"",
        "\"line\\nbreak\"",
        "\"unicode \\u00e9\"",
        "\"unclosed",
        "\"closed\" then more",
        "\"\"",
        "\"a: b # c\"",
        "''",
        "'single'",
        "'it''s'",
        "'unclosed",
        "'closed' then more",
        "'a: b # c'",
        "[a, b]",
        "[]",
        "[ ]",
        "[a,b]",
        "[ a , b ]",
        "[a, b,]",
        "[a, [b]]",
        "[a, {b: c}]",
        "[a b, c d]",
        "[\"a, b\", 'c, d', e]",
        "[\"a\\\"b\", 'c''d']",
        "[a: b]",
        "[a #b]",
        "[a, b] c",
        "[a, 1, true, null, 2020-11]",
        "[",
        "]",
        "{a: b}",
        "|",
        ">",
        "&anchor x",
        "*alias",
        "!tag x",
        "%x",
        "@x",
        "`x",
        "? x",
        ": x",
        ", x",
        "# x",
        "a\u{85}b",
        "a\u{2028}b",
        "a\u{feff}b",
        "a\u{7f}b",
        "a\u{9f}b",
        "a\tb",
        "a\rb",
    ];

    #[test]
    fn every_scalar_as_a_value_an_item_and_a_key() {
        let mut taken = 0;
        for s in SCALARS {
            for yaml in [
                format!("title: {s}\n"),
                format!("title:   {s}   \n"),
                format!("tags:\n  - {s}\n  - b\n"),
                format!("tags:\n- a\n- {s}\n"),
                format!("{s}: x\n"),
            ] {
                taken += usize::from(agrees(&yaml));
            }
        }
        assert!(taken > SCALARS.len(), "only {taken} taken");
    }

    #[test]
    fn the_shapes_people_write() {
        for yaml in [
            "",
            "\n\n",
            "# only a comment\n",
            "title: \"Borrowed Tools\"\nauthor: \"Celia Arrabal\"\ndate: 1998-03-14\ntags:\n  - work\n  - tools\ndescription: \"On tools.\"\n",
            "title: x\nauthors:\n  - A\n  - B\ntranslator: C\nweight: 3\ndraft: true\n",
            "title: x\n\ntags:\n\n  - a\n  # a comment\n  - b\nlang: fr\n",
            "title: x\ntags:\nauthor: y\n",
            "title: x\ntags:",
            "title: x\nsort_by: date\nslug: the-x\nsource: \"Le Libertaire, no. 3\"\n",
            "_private: x\nkebab-key: y\nsnake_key: z\nKey2: w\n",
            "tags: [a, b]\nauthor: [Jun Aldana, \"Priya Castellane\"]\n",
        ] {
            assert!(agrees(yaml), "not taken: {yaml:?}");
        }
        for yaml in [
            "title: x\n  continued\n",
            "title: x\ntitle: y\n",
            "tags:\n  - a\n    - b\n",
            "tags:\n  - a\n - b\n",
            "tags:\n  - a\n  b\n",
            "extra:\n  key: value\n",
            "title:x\n",
            "title : x\n",
            "title: x\n- a\n",
            "- a\n",
            "tags:\n  -\n",
            "tags:\n  -a\n",
            "1: x\n",
            "title: x\r\n",
            "title:\tx\n",
        ] {
            assert!(parse(yaml).is_none(), "taken: {yaml:?}");
        }
    }

    /// Blocks made at random from lines good and bad: wherever the fast
    /// path answers, serde_yaml gives the same value.
    #[test]
    fn random_blocks_read_as_serde_yaml_reads_them() {
        const KEYS: &[&str] = &[
            "title", "author", "tags", "date", "weight", "x-y", "_z", "true", "Null", "a b", "",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = |n: usize| {
            // xorshift64*
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        let (mut taken, total) = (0, 100_000);
        for _ in 0..total {
            let mut yaml = String::new();
            for _ in 0..next(7) {
                let key = KEYS[next(KEYS.len())];
                let s = SCALARS[next(SCALARS.len())];
                let line = match next(10) {
                    0 => format!("{key}:\n"),
                    1 => format!("  - {s}\n"),
                    2 => format!("- {s}\n"),
                    3 => format!("   - {s}\n"),
                    4 => "\n".to_string(),
                    5 => format!("# {s}\n"),
                    6 => format!("  {s}\n"),
                    7 => format!("{key}:  {s}\n"),
                    _ => format!("{key}: {}\n", SCALARS[next(24)]),
                };
                yaml.push_str(&line);
            }
            taken += usize::from(agrees(&yaml));
        }
        assert!(taken > total / 5, "only {taken} of {total} taken");
    }
}

#[cfg(test)]
mod example {
    use super::*;
    use crate::content::front_matter::split_front_matter;
    use std::path::Path;

    /// The example site's front matter: taken, and read as serde_yaml
    /// reads it. (The benchmark corpus's shapes are in the tests above.)
    #[test]
    fn the_example_site_takes_the_fast_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut blocks: Vec<(String, String)> = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("content")).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                blocks.push((entry.path().display().to_string(), text));
            }
        }
        assert!(blocks.len() >= 10);
        for (file, text) in &blocks {
            let split = split_front_matter(text).unwrap_or_else(|p| panic!("{file}: {}", p.message));
            let fast = parse(split.yaml).unwrap_or_else(|| panic!("{file}: not taken:\n{}", split.yaml));
            assert_eq!(fast, serde_yaml::from_str::<Value>(split.yaml).unwrap(), "{file}");
        }
    }
}

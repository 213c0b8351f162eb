//! Recognising an annotation marker as typed: `ed. –`, `ed. —`, `ed. -`,
//! `ed. --`, `ed. ---`, `ed.:`, `ed:` (for the marker `ed.`), in any
//! letter case.

use crate::config::AnnotationKind;

/// If `s` starts with a configured marker followed by a dash or colon,
/// returns the kind's index and the byte length of the marker, the
/// separator and the white space after it.
pub fn match_marker(s: &str, kinds: &[AnnotationKind]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (k, kind) in kinds.iter().enumerate() {
        for m in &kind.markers {
            let Some(len) = marker_len(s, m) else {
                continue;
            };
            if best.is_none_or(|(_, l)| len > l) {
                best = Some((k, len));
            }
        }
    }
    best
}

/// If `s` starts as a configured marker would but for its final `.`,
/// written as configured (`ed –` for `ed.`; not `Ed –`, a name), then a
/// dash: the marker meant.
pub fn slipped_marker<'k>(s: &str, kinds: &'k [AnnotationKind]) -> Option<&'k str> {
    kinds.iter().flat_map(|k| &k.markers).map(String::as_str).find(|m| {
        let Some(bare) = m.strip_suffix('.').filter(|b| !b.is_empty()) else {
            return false;
        };
        let Some(rest) = s.strip_prefix(bare) else {
            return false;
        };
        let rest = rest.trim_start_matches([' ', '\u{a0}']);
        rest.len() < s.len() - bare.len()
            && rest.starts_with(['–', '—', '-'])
            && rest
                .trim_start_matches(['–', '—', '-'])
                .starts_with(char::is_whitespace)
    })
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.is_char_boundary(prefix.len()) && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn marker_len(s: &str, marker: &str) -> Option<usize> {
    // `ed.` also matches as `ed` directly before a colon (`ed:`).
    let bare = marker.strip_suffix('.').filter(|b| !b.is_empty());
    let after = if starts_with_ci(s, marker) {
        marker.len()
    } else if let Some(b) = bare.filter(|b| starts_with_ci(s, b) && s[b.len()..].starts_with(':')) {
        b.len()
    } else {
        return None;
    };
    let rest = &s[after..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    let rest = &rest[spaces..];
    let sep = rest.chars().next()?;
    if !matches!(sep, '–' | '—' | '-' | ':') {
        return None;
    }
    let mut sep_len = sep.len_utf8();
    // `--` and `---`: dashes as typed on a typewriter (or keyboard).
    if sep == '-' {
        sep_len += rest[1..].len() - rest[1..].trim_start_matches('-').len();
        if sep_len > 3 {
            return None;
        }
    }
    let rest = &rest[sep_len..];
    // The separator must be followed by white space or end the text run
    // (`[ed.-x]` is not a marker).
    let trailing = rest.len() - rest.trim_start().len();
    if trailing == 0 && !rest.is_empty() {
        return None;
    }
    Some(after + spaces + sep_len + trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<AnnotationKind> {
        vec![
            AnnotationKind::new("ed", &["ed."], "Editor"),
            AnnotationKind::new("tr", &["tr.", "trans."], "Translator"),
        ]
    }

    #[test]
    fn every_documented_form_matches() {
        let k = kinds();
        for s in [
            "ed. – x",
            "ed. — x",
            "ed. - x",
            "ed. -- x",
            "ed. --- x",
            "ed.: x",
            "ed: x",
            "Ed. – x",
            "ed.– x",
            "ed.-- x",
        ] {
            let (kind, len) = match_marker(s, &k).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(kind, 0);
            assert_eq!(&s[len..], "x", "{s}");
        }
        assert_eq!(match_marker("trans. – x", &k).map(|m| m.0), Some(1));
    }

    #[test]
    fn a_marker_without_its_dot_is_a_slip() {
        let k = kinds();
        for (s, meant) in [
            ("ed – x", "ed."),
            ("ed - x", "ed."),
            ("ed -- x", "ed."),
            ("tr — x", "tr."),
            ("trans – x", "trans."),
        ] {
            assert_eq!(match_marker(s, &k), None, "{s}");
            assert_eq!(slipped_marker(s, &k), Some(meant), "{s}");
        }
        for s in [
            "Ed – our printer",
            "ed– x",
            "edited – x",
            "ed x",
            "ed -x",
            "sic",
            "ed. – x",
        ] {
            assert_eq!(slipped_marker(s, &k), None, "{s}");
        }
    }

    #[test]
    fn words_that_only_start_like_a_marker_do_not_match() {
        let k = kinds();
        for s in [
            "edited – x",
            "ed. x",
            "ed.-x",
            "ed.--x",
            "ed. ---- x",
            "ed",
            "sic",
            "tr.x",
            "e",
        ] {
            assert_eq!(match_marker(s, &k), None, "{s}");
        }
    }
}

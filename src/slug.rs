//! Slugs and anchors: text folded to lowercase ASCII so URLs are the same on
//! every server and file system (`Éducation à la sexualité` →
//! `education-a-la-sexualite`).

use unicode_normalization::UnicodeNormalization;

/// Folds accents and ligatures to ASCII and lowercases; other characters are
/// kept as they are. Shared by slugs, anchors and term merging.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // nothing to decompose: the common case of slugs and anchors
        return text.to_ascii_lowercase();
    }
    // French text stays below U+0250: each character's folding comes from a
    // table the slow path filled once (decomposing a heading took 2,000
    // instructions; the slugs of every heading are URLs, so the result must
    // be the same, `fold_by_table_is_fold_by_decomposition`)
    let table = latin_folds();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(folded) = table.get(c as usize - 0x80) {
            out.push_str(folded);
        } else {
            return fold_by_decomposition(text);
        }
    }
    out
}

/// Where [`latin_folds`] ends: U+0080 to U+024F, the Latin-1 Supplement
/// and Latin Extended-A and -B. None of them is a combining mark or
/// reorders one, so folding a text of them character by character gives
/// what folding it whole does.
const LATIN_END: u32 = 0x250;

/// The folding of each character from U+0080 to U+024F.
fn latin_folds() -> &'static [Box<str>] {
    static FOLDS: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| {
        (0x80..LATIN_END)
            .map(|u| match char::from_u32(u) {
                Some(c) => fold_by_decomposition(c.encode_utf8(&mut [0; 4])).into(),
                None => Box::from(""),
            })
            .collect()
    })
}

/// [`fold`] by Unicode compatibility decomposition (NFKD).
fn fold_by_decomposition(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A URL-safe slug: folded, apostrophes dropped (« l'excision » → `lexcision`,
/// as readers type it), every other run of non-alphanumerics becomes `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else if c == '\'' || c == '’' {
            // dropped, without separating the words it joins
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for (input, want) in [
            ("Éducation à la sexualité", "education-a-la-sexualite"),
            ("Comment l'utiliser ?", "comment-lutiliser"),
            ("L’excision", "lexcision"),
            ("Cœur & Œuvre", "coeur-oeuvre"),
            ("  --Santé sexuelle--  ", "sante-sexuelle"),
            ("Égalité filles-garçons", "egalite-filles-garcons"),
            ("2023-03-21", "2023-03-21"),
            ("Kit CYBER Violences", "kit-cyber-violences"),
            ("日本", ""),
        ] {
            assert_eq!(slugify(input), want, "{input}");
        }
    }

    #[test]
    fn fold_by_table_is_fold_by_decomposition() {
        for u in 0..LATIN_END + 0x200 {
            if let Some(c) = char::from_u32(u) {
                let text = format!("a{c}É{c}");
                assert_eq!(fold(&text), fold_by_decomposition(&text), "U+{u:04X}");
            }
        }
        // a combining mark (U+0301) takes the slow path
        assert_eq!(fold("Cre\u{301}teil"), "creteil");
    }

    proptest::proptest! {
        #[test]
        fn fold_of_latin_text_is_fold_by_decomposition(
            text in "[a-zA-Z0-9 '’\\-\u{80}-\u{24f}\u{300}-\u{36f}]{0,24}"
        ) {
            proptest::prop_assert_eq!(fold(&text), fold_by_decomposition(&text));
        }
    }

    #[test]
    fn fold_keeps_non_letters() {
        assert_eq!(fold("Égalité, Œuf"), "egalite, oeuf");
    }
}

//! The fast analysis gives exactly what the reference gives: on arbitrary
//! text biased to French (accents, apostrophes, hyphens, ligatures,
//! combining marks, digits, capitals, decomposed input), and on every
//! Unicode character in the places where a character matters.

use proptest::prelude::*;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

use super::{fold, reference, words};

fn fast(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w| out.push(w.to_string()));
    out
}

fn slow(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    reference::words(text, |w| out.push(w.to_string()));
    out
}

/// Pieces of French text and of the traps around it.
const PIECES: &[&str] = &[
    " ",
    " ",
    "  ",
    "\n",
    ".",
    ",",
    ";",
    "(",
    "«\u{a0}",
    "\u{a0}»",
    "–",
    "—",
    "/",
    "'",
    "’",
    "ʼ",
    "‘",
    "-",
    "‐",
    "‑",
    "--",
    "-'",
    "'-",
    "l'",
    "L’",
    "d’",
    "qu'",
    "Qu’",
    "jusqu’",
    "lorsqu'",
    "s'",
    "ĺ'",
    "ł'",
    "l\u{301}'",
    "aujourd'hui",
    "prud’hommes",
    "sage-femme",
    "Sages‐Femmes",
    "Ciné‑débat",
    "c'est-à-dire",
    "a-t-il",
    "Val-d'Oise",
    "les",
    "LES",
    "été",
    "Été",
    "ete\u{301}",
    "êtes",
    "étaient",
    "œuvre",
    "Œ",
    "æ",
    "ß",
    "ẞ",
    "ø",
    "đ",
    "Ł",
    "ﬁ",
    "İ",
    "\u{212a}",
    "ǅ",
    "ΐ",
    "\u{301}",
    "\u{308}",
    "\u{327}",
    "\u{345}",
    "\u{5b0}",
    "\u{93f}",
    "e\u{301}",
    "2023",
    "5",
    "²",
    "½",
    "Ⅻ",
    "٣",
    "é",
    "è",
    "ê",
    "à",
    "ç",
    "ô",
    "ù",
    "ï",
    "É",
    "À",
    "bébé",
    "secoué",
    "excisées",
    "violentomètre",
    "SST11",
    "x",
    "de",
    "la",
    "en",
    "un",
    "ayantes",
    "eussions",
    "ETAIENT",
    "Mais",
    "même",
    "𝐀",
    "日本",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(PIECES).prop_map(String::from),
        4 => prop::char::range('a', 'z').prop_map(String::from),
        1 => prop::char::range('A', 'Z').prop_map(String::from),
        1 => prop::char::range('0', '9').prop_map(String::from),
        2 => prop::char::range('\u{a0}', '\u{17f}').prop_map(String::from),
        1 => prop::char::range('\u{300}', '\u{36f}').prop_map(String::from),
        1 => prop::char::range('\u{370}', '\u{7ff}').prop_map(String::from),
        1 => prop::char::range('\u{2000}', '\u{206f}').prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn french() -> impl Strategy<Value = String> {
    (prop::collection::vec(piece(), 0..40), any::<bool>()).prop_map(|(pieces, nfd)| {
        let text: String = pieces.concat();
        if nfd {
            text.nfd().collect()
        } else {
            text
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn words_are_the_reference_words(text in french()) {
        prop_assert_eq!(fast(&text), slow(&text));
    }

    #[test]
    fn folding_is_the_reference_folding(text in french()) {
        prop_assert_eq!(fold(&text), reference::fold(&text));
    }
}

/// `chars::push_folded_slow` folds character by character: right only if
/// canonical reordering never moves a character that folding keeps.
#[test]
fn only_combining_marks_are_reordered() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if canonical_combining_class(c) != 0 {
            assert!(is_combining_mark(c), "{:04X}", c as u32);
        }
    }
}

#[test]
fn every_character_folds_as_the_reference_says() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let alone = c.to_string();
        assert_eq!(fold(&alone), reference::fold(&alone), "{:04X}", c as u32);
    }
}

/// The Basic Multilingual Plane (all of it, where the tables and most
/// scripts are; all planes take a minute in a debug build).
#[test]
fn every_bmp_character_splits_as_the_reference_says() {
    for c in (0..=0xFFFF).filter_map(char::from_u32) {
        let text = format!("a{c}b l{c}x {c}{c}'{c}-{c}e\u{301}{c}");
        assert_eq!(fast(&text), slow(&text), "{:04X}", c as u32);
    }
}

//! French text analysis: the one definition of what a "word" is, used for
//! every field of the index. The browser never stems: it folds and splits a
//! query with the same rules (shipped in `meta.js` from the constants below)
//! and looks each folded form up in the vocabulary the index carries.
//!
//! Rules, in order:
//! 1. text is NFC-normalised and lowercased; typographic apostrophes (’ ʼ ‘)
//!    become `'`, hyphen variants (‐ ‑) become `-`;
//! 2. a word is a run of letters and digits, joined by single `'` or `-`;
//! 3. a word is split at hyphens into parts; each part loses a leading
//!    elision (`l'`, `d'`, `qu'`, `jusqu'`…) and any other apostrophe
//!    (`aujourd'hui` → `aujourdhui`);
//! 4. parts that are stop words, or one letter long, are dropped;
//! 5. when two parts or more remain, the whole word is kept as well
//!    (`sage-femme` gives `sage`, `femme` and `sage-femme`).
//!
//! Folding (accents, case, ligatures) applies to the words that come out;
//! stemming uses the accented word, because Snowball's French rules need the
//! accents (`excisée` → `excis`, but `excisee` → `excise`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Elided articles and conjunctions stripped from the front of a word.
pub const ELISIONS: &[&str] = &[
    "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Letters that Unicode decomposition leaves whole, and their folded spelling.
pub const LIGATURES: &[(char, &str)] = &[
    ('œ', "oe"),
    ('æ', "ae"),
    ('ß', "ss"),
    ('ø', "o"),
    ('đ', "d"),
    ('ł', "l"),
];

/// Snowball's French stop words, folded (articles, pronouns, prepositions
/// and the forms of « être » and « avoir »).
pub const STOP_WORDS: &[&str] = &[
    "ai", "aie", "aient", "aies", "ait", "as", "au", "aura", "aurai", "auraient", "aurais",
    "aurait", "auras", "aurez", "auriez", "aurions", "aurons", "auront", "aux", "avaient", "avais",
    "avait", "avec", "avez", "aviez", "avions", "avons", "ayant", "ayante", "ayantes", "ayants",
    "ayez", "ayons", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "es", "est", "et",
    "etaient", "etais", "etait", "etant", "etante", "etantes", "etants", "ete", "etee", "etees",
    "etes", "etiez", "etions", "eu", "eue", "eues", "eumes", "eurent", "eus", "eusse", "eussent",
    "eusses", "eussiez", "eussions", "eut", "eutes", "eux", "fumes", "furent", "fus", "fusse",
    "fussent", "fusses", "fussiez", "fussions", "fut", "futes", "il", "ils", "je", "la", "le",
    "les", "leur", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon", "ne", "nos", "notre",
    "nous", "on", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "sera",
    "serai", "seraient", "serais", "serait", "seras", "serez", "seriez", "serions", "serons",
    "seront", "ses", "soient", "sois", "soit", "sommes", "son", "sont", "soyez", "soyons", "suis",
    "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous",
];

/// Case, accent and ligature folding: `Œuvre Éducative` → `oeuvre educative`.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase).nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match LIGATURES.iter().find(|(l, _)| *l == c) {
            Some((_, s)) => out.push_str(s),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a folded word is a stop word.
pub fn is_stop_word(folded: &str) -> bool {
    static SET: OnceLock<HashSet<&str, FastHash>> = OnceLock::new();
    // every stop word has 2 to 8 letters: most words are out at once
    (2..=8).contains(&folded.len())
        && SET
            .get_or_init(|| STOP_WORDS.iter().copied().collect())
            .contains(folded)
}

/// FxHash (rustc's): for the short string keys of the index, several times
/// faster than the default SipHash, and nothing here needs DoS resistance.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Build hasher for [`FxHasher`].
pub type FastHash = BuildHasherDefault<FxHasher>;

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Calls `emit` with every indexed word of `text`, lowercased but still
/// accented (fold it for the vocabulary, stem it for the postings).
/// Hyphenated words come out as their parts, then whole.
pub fn words(text: &str, mut emit: impl FnMut(&str)) {
    let normalized = text.is_ascii()
        // ASCII is always NFC; skipping it can only make the check say No
        || unicode_normalization::is_nfc_quick(text.chars().filter(|c| !c.is_ascii()))
            == IsNormalized::Yes;
    let text: Cow<str> = if normalized {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let mut raw = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        raw.clear();
        push_lowercase(&mut raw, c);
        while let Some(&next) = chars.peek() {
            if next.is_alphanumeric() {
                push_lowercase(&mut raw, next);
                chars.next();
                continue;
            }
            let joiner = if is_apostrophe(next) {
                '\''
            } else if is_hyphen(next) {
                '-'
            } else {
                break;
            };
            // a joiner counts only between two letters or digits
            let mut ahead = chars.clone();
            ahead.next();
            match ahead.peek() {
                Some(after) if after.is_alphanumeric() => {
                    raw.push(joiner);
                    chars.next();
                }
                _ => break,
            }
        }
        split_word(&raw, &mut emit);
    }
}

fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

fn split_word(raw: &str, emit: &mut impl FnMut(&str)) {
    if !raw.contains('-') {
        let word = strip_elision(raw);
        if keep(&word) {
            emit(&word);
        }
        return;
    }
    let mut kept: Vec<String> = Vec::new();
    for part in raw.split('-') {
        let part = strip_elision(part);
        if keep(&part) {
            emit(&part);
            kept.push(part.into_owned());
        }
    }
    if kept.len() > 1 {
        emit(&kept.join("-"));
    }
}

/// `l'excision` → `excision`, `aujourd'hui` → `aujourdhui`.
fn strip_elision(part: &str) -> Cow<'_, str> {
    let Some((head, tail)) = part.split_once('\'') else {
        return Cow::Borrowed(part);
    };
    let rest = if ELISIONS.contains(&fold(head).as_ref()) {
        tail
    } else {
        part
    };
    if rest.contains('\'') {
        Cow::Owned(rest.replace('\'', ""))
    } else {
        Cow::Borrowed(rest)
    }
}

fn keep(part: &str) -> bool {
    if part.len() > 16 {
        // longer than any stop word, even accented
        return true;
    }
    let folded = fold(part);
    let mut chars = folded.chars();
    let long_enough = match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_numeric(),
        (Some(_), Some(_)) => true,
        _ => false,
    };
    long_enough && !is_stop_word(&folded)
}

/// Snowball French stemming of one word from [`words`]; the result is folded.
/// Hyphenated words are stemmed part by part: `sages-femmes` → `sag-femm`.
pub struct Stemmer(rust_stemmers::Stemmer);

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::French,
        ))
    }
}

impl Stemmer {
    pub fn stem(&self, word: &str) -> String {
        if word.contains('-') {
            let parts: Vec<String> = word.split('-').map(|p| self.stem_one(p)).collect();
            parts.join("-")
        } else {
            self.stem_one(word)
        }
    }

    fn stem_one(&self, word: &str) -> String {
        fold(&self.0.stem(word)).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(fold(w).into_owned()));
        out
    }

    fn stem(word: &str) -> String {
        Stemmer::default().stem(word)
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| (2..=8).contains(&w.len())));
    }

    #[test]
    fn folding_removes_accents_and_case() {
        for (input, want) in [
            ("Éducation", "education"),
            ("bébé secoué", "bebe secoue"),
            ("Périnatalité", "perinatalite"),
            ("français", "francais"),
            ("à où", "a ou"),
            ("maïs NOËL", "mais noel"),
            ("plain ascii", "plain ascii"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn folding_spells_out_ligatures() {
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("cœur"), "coeur");
        assert_eq!(fold("ex æquo"), "ex aequo");
        assert_eq!(fold("Cæcum"), "caecum");
    }

    #[test]
    fn folding_handles_decomposed_input() {
        // « é » typed as e + combining acute accent
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    }

    #[test]
    fn elisions_are_stripped_with_either_apostrophe() {
        assert_eq!(folded_words("l'excision"), ["excision"]);
        assert_eq!(folded_words("l’excision"), ["excision"]);
        assert_eq!(folded_words("d’inceste"), ["inceste"]);
        assert_eq!(folded_words("qu'elles"), ["elles"]);
        assert_eq!(
            folded_words("jusqu’aux lorsqu'une puisqu'ils"),
            Vec::<String>::new()
        );
        assert_eq!(
            folded_words("J'accueille N'importe"),
            ["accueille", "importe"]
        );
        assert_eq!(
            folded_words("s'informer c'était m'écouter t'aider"),
            ["informer", "ecouter", "aider"]
        );
        assert_eq!(folded_words("L’Éducation"), ["education"]);
    }

    #[test]
    fn other_apostrophes_are_dropped_inside_the_word() {
        assert_eq!(folded_words("aujourd'hui"), ["aujourdhui"]);
        assert_eq!(folded_words("prud’hommes"), ["prudhommes"]);
    }

    #[test]
    fn quotes_around_words_are_not_apostrophes() {
        assert_eq!(folded_words("‘ados’ 'jeunes'"), ["ados", "jeunes"]);
    }

    #[test]
    fn hyphenated_words_give_parts_and_whole() {
        assert_eq!(folded_words("sage-femme"), ["sage", "femme", "sage-femme"]);
        assert_eq!(folded_words("Ciné‑débat"), ["cine", "debat", "cine-debat"]);
        assert_eq!(folded_words("Val-d'Oise"), ["val", "oise", "val-oise"]);
        assert_eq!(
            folded_words("Seine-Saint-Denis"),
            ["seine", "saint", "denis", "seine-saint-denis"]
        );
        // stop words and single letters never make a whole word
        assert_eq!(folded_words("c'est-à-dire"), ["dire"]);
        assert_eq!(folded_words("a-t-il"), Vec::<String>::new());
    }

    #[test]
    fn dashes_between_spaces_separate_words() {
        assert_eq!(folded_words("atelier - débat"), ["atelier", "debat"]);
        assert_eq!(folded_words("atelier–débat"), ["atelier", "debat"]);
        assert_eq!(folded_words("fin-"), ["fin"]);
    }

    #[test]
    fn stop_words_and_single_letters_are_dropped() {
        assert_eq!(
            folded_words("La synthèse sur l'excision et les MSF à Paris"),
            ["synthese", "excision", "msf", "paris"]
        );
        assert_eq!(folded_words("été"), Vec::<String>::new());
    }

    #[test]
    fn numbers_are_words_even_short_ones() {
        assert_eq!(
            folded_words("SST11, 2023 et 5 ans"),
            ["sst11", "2023", "5", "ans"]
        );
    }

    #[test]
    fn punctuation_separates_words() {
        assert_eq!(
            folded_words("CSS/PMI (CeGIDD); «violentomètre»"),
            ["css", "pmi", "cegidd", "violentometre"]
        );
    }

    #[test]
    fn plurals_share_a_stem() {
        assert_eq!(stem("violences"), stem("violence"));
        assert_eq!(stem("enfants"), stem("enfant"));
        assert_eq!(stem("adolescentes"), stem("adolescent"));
        assert_eq!(stem("mineurs"), stem("mineur"));
    }

    #[test]
    fn verb_and_adjective_forms_share_a_stem() {
        assert_eq!(stem("secoué"), stem("secouer"));
        assert_eq!(stem("protéger"), stem("protégé"));
        assert_eq!(stem("sexuelles"), stem("sexuel"));
        assert_eq!(stem("harcèlement"), stem("harceler"));
        assert_eq!(stem("consentement"), stem("consentir"));
    }

    #[test]
    fn contraceptif_and_contraception_share_a_stem() {
        assert_eq!(stem("contraceptif"), "contracept");
        assert_eq!(stem("contraception"), "contracept");
        assert_eq!(stem("contraceptives"), "contracept");
        assert_eq!(stem("pornographique"), stem("pornographie"));
        assert_eq!(stem("éducatif"), stem("éducation"));
        assert_eq!(stem("préventif"), stem("prévention"));
    }

    #[test]
    fn stems_are_folded_and_computed_from_accented_words() {
        assert_eq!(stem("éducation"), "educ");
        // the accent matters to Snowball: the index stems what authors wrote
        assert_eq!(stem("excisées"), stem("excision"));
    }

    #[test]
    fn hyphenated_words_are_stemmed_by_parts() {
        assert_eq!(stem("sages-femmes"), "sag-femm");
        assert_eq!(stem("sage-femme"), "sag-femm");
    }
}

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
//!
//! The rules above are implemented twice. The code below is the fast one:
//! it scans bytes, answers most questions about a character from tables
//! (`chars.rs`), skips normalisation when the text is surely NFC, and folds
//! short words into reused buffers only to test stop words and elisions.
//! `reference.rs` (tests only) is the plain implementation it is checked
//! against, on arbitrary text.
//!
//! [`tokenize`] hands the words that need more than a glance (accents,
//! capitals, joiners) to its caller as written, so a caller that meets them
//! again and again can remember what they gave instead of reading and
//! splitting them anew; [`words`] splits every one.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::swar;

mod chars;
#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

use chars::{tables, Class, Tables};

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
    fold_into(tables(), text, &mut out);
    Cow::Owned(out)
}

/// Appends the folding of `text` to `out`.
fn fold_into(tables: &Tables, text: &str, out: &mut String) {
    for c in text.chars() {
        tables.push_folded(out, c);
    }
}

/// Whether a folded word is a stop word.
pub fn is_stop_word(folded: &str) -> bool {
    folded.len() <= 8 && is_packed_stop_word(swar::pack(folded.as_bytes()), folded.len())
}

/// [`is_stop_word`] for a folded word of `len` bytes (at most 8) packed by
/// [`swar::pack`].
fn is_packed_stop_word(packed: u64, len: usize) -> bool {
    // every stop word has 2 to 8 letters: most words are out at once
    (2..=8).contains(&len) && STOP_SET.contains(packed)
}

/// [`swar::pack`] for the tables built at compile time (a loop, which a
/// `const fn` can run); the two agree (`const_pack_agrees_with_swar_pack`).
const fn const_pack(bytes: &[u8]) -> u64 {
    let mut packed = 0;
    let mut i = 0;
    while i < bytes.len() {
        packed |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    packed
}

/// The stop words packed in an open-addressing table built at compile
/// time: one multiplication and usually one comparison per lookup.
struct StopSet([u64; STOP_SLOTS]);

const STOP_SLOTS: usize = 512;

const STOP_SET: StopSet = {
    let mut set = StopSet([0; STOP_SLOTS]);
    let mut w = 0;
    while w < STOP_WORDS.len() {
        let key = const_pack(STOP_WORDS[w].as_bytes());
        let mut i = StopSet::slot(key);
        while set.0[i] != 0 {
            i = (i + 1) % STOP_SLOTS;
        }
        set.0[i] = key;
        w += 1;
    }
    set
};

impl StopSet {
    const fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize
    }

    #[inline]
    fn contains(&self, key: u64) -> bool {
        let mut i = Self::slot(key);
        loop {
            match self.0[i] {
                0 => return false,
                k if k == key => return true,
                _ => i = (i + 1) % STOP_SLOTS,
            }
        }
    }
}

/// Where [`tokenize`] sends the words of a text.
pub trait WordSink {
    /// A word to index as it is.
    fn word(&mut self, word: &str);
    /// A word as written (with capitals, accents, joiners) that rules 1 to 5
    /// still have to read and split ([`Splitter::split`]). What it gives
    /// depends on its text alone, so a sink may remember it.
    fn compound(&mut self, word: &str);
}

/// Calls `emit` with every indexed word of `text`, lowercased but still
/// accented (fold it for the vocabulary, stem it for the postings).
/// Hyphenated words come out as their parts, then whole.
pub fn words(text: &str, emit: impl FnMut(&str)) {
    /// Splits every compound word again.
    struct Direct<F> {
        emit: F,
        splitter: Splitter,
    }
    impl<F: FnMut(&str)> WordSink for Direct<F> {
        fn word(&mut self, word: &str) {
            (self.emit)(word);
        }
        fn compound(&mut self, word: &str) {
            self.splitter.split(word, &mut self.emit);
        }
    }
    tokenize(
        text,
        &mut Direct {
            emit,
            splitter: Splitter::default(),
        },
    );
}

/// The words of `text`, as [`words`] gives them, but each word that still
/// needs reading and splitting is handed to `sink` as written: a word
/// recurs often in a site, and the sink can remember what it gave (the
/// search index's counting does).
pub fn tokenize(text: &str, sink: &mut impl WordSink) {
    let tables = tables();
    let text: Cow<str> = if tables.is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let text = text.as_ref();
    let bytes = text.as_bytes();
    // a word lowercased
    let mut lowered = String::new();
    let mut at = 0;
    while at < text.len() {
        if bytes[at] < 0x80 {
            if !Tables::is_ascii_alnum(bytes[at]) {
                at += 1;
                continue;
            }
        } else {
            // only a non-ASCII character needs decoding to know its class
            let first = tables.char_at(text, at);
            if first.class != Class::Alnum {
                at += first.len;
                continue;
            }
        }
        if let Some(short) = swar::load(bytes, at).and_then(ShortWord::read) {
            // most words: up to seven ASCII letters and digits, found,
            // lowercased and tested from one eight-byte load
            let end = at + short.len;
            if short.kept() {
                let word = &text[at..end];
                sink.word(if short.lowercase {
                    word
                } else {
                    ascii_lowercase(word, &mut lowered)
                });
            }
            at = end;
            continue;
        }
        if let Some(end) = plain_word(bytes, at) {
            // the other words of ASCII letters and digits alone (eight
            // or more, or at the end of the text), often lowercase already,
            // so nothing to copy
            let mut word = &text[at..end];
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                word = ascii_lowercase(word, &mut lowered);
            }
            if keep_ascii(word) {
                sink.word(word);
            }
            at = end;
            continue;
        }
        let end = word_end(tables, text, at);
        sink.compound(&text[at..end]);
        at = end;
    }
}

/// `word` lowercased in `buffer` (ASCII letters only).
fn ascii_lowercase<'a>(word: &str, buffer: &'a mut String) -> &'a str {
    buffer.clear();
    buffer.push_str(word);
    buffer.make_ascii_lowercase();
    buffer
}

/// A word of one to seven ASCII letters and digits read from the eight
/// bytes that start with it, followed within them by an ASCII character
/// other than a joiner: [`plain_word`] and [`keep_ascii`] in a few
/// operations on the eight bytes at once.
struct ShortWord {
    len: usize,
    /// Its bytes lowercased, packed as [`swar::pack`] does.
    packed: u64,
    /// Whether it was all lowercase already.
    lowercase: bool,
    /// Whether it is a single digit.
    digit: bool,
}

impl ShortWord {
    #[inline]
    fn read(eight: u64) -> Option<ShortWord> {
        use crate::swar::{in_range, HIGH, LANES};
        let seven_bits = eight & !HIGH;
        let ascii = !eight & HIGH;
        let digits = in_range(seven_bits, b'0', b'9') & ascii;
        // `| 0x20` lowercases ASCII letters and sends no other byte into a..z
        let letters = in_range(seven_bits | (LANES * 0x20), b'a', b'z') & ascii;
        let len = ((!(digits | letters) & HIGH).trailing_zeros() / 8) as usize;
        if len == 0 || len == 8 {
            return None;
        }
        let next = (eight >> (8 * len)) as u8;
        if next >= 0x80 || next == b'\'' || next == b'-' {
            return None;
        }
        let word = (1u64 << (8 * len)) - 1;
        let upper = letters & !(eight << 2) & word;
        Some(ShortWord {
            len,
            packed: (eight | (letters >> 2)) & word,
            lowercase: upper == 0,
            digit: digits & 0x80 != 0,
        })
    }

    /// Rule 4: [`keep_ascii`].
    #[inline]
    fn kept(&self) -> bool {
        if self.len == 1 {
            self.digit
        } else {
            !STOP_SET.contains(self.packed)
        }
    }
}

/// The end of the word starting at `at` if it is ASCII letters and digits
/// alone, followed by the end of the text or an ASCII character other than
/// a joiner.
#[inline]
fn plain_word(bytes: &[u8], at: usize) -> Option<usize> {
    let mut end = at;
    while end < bytes.len() && Tables::is_ascii_alnum(bytes[end]) {
        end += 1;
    }
    match bytes.get(end) {
        Some(b'\'' | b'-') => None,
        Some(&b) if b >= 0x80 => None,
        _ => Some(end),
    }
}

/// Rule 4 for a part of ASCII lowercase letters and digits, which folding
/// leaves as it is.
#[inline]
fn keep_ascii(part: &str) -> bool {
    let long_enough = match part.as_bytes() {
        [] => false,
        [b] => b.is_ascii_digit(),
        _ => true,
    };
    long_enough && !is_stop_word(part)
}

/// What reading a word found out, so splitting it can skip work.
#[derive(Default, Clone, Copy)]
struct Shape {
    hyphen: bool,
    apostrophe: bool,
    /// Some letter was not ASCII (the word may need folding).
    non_ascii: bool,
}

/// Reads the word starting at byte `at` (a letter or digit) into `raw`,
/// lowercased, joiners made plain; returns where it ends.
fn read_word(
    tables: &Tables,
    text: &str,
    mut at: usize,
    raw: &mut String,
    shape: &mut Shape,
) -> usize {
    let bytes = text.as_bytes();
    loop {
        // most letters are ASCII: copy a run of them, lowercase it in place
        let start = at;
        while at < bytes.len() && Tables::is_ascii_alnum(bytes[at]) {
            at += 1;
        }
        if at > start {
            let from = raw.len();
            raw.push_str(&text[start..at]);
            raw[from..].make_ascii_lowercase();
        }
        if at == bytes.len() {
            return at;
        }
        let next = tables.char_at(text, at);
        match next.class {
            Class::Alnum => {
                tables.push_lower(raw, next.c);
                shape.non_ascii = true;
            }
            Class::Other => return at,
            // a joiner counts only between two letters or digits
            joiner => {
                let after = at + next.len;
                if after == text.len() || tables.char_at(text, after).class != Class::Alnum {
                    return at;
                }
                if joiner == Class::Hyphen {
                    raw.push('-');
                    shape.hyphen = true;
                } else {
                    raw.push('\'');
                    shape.apostrophe = true;
                }
            }
        }
        at += next.len;
    }
}

/// Where the word starting at byte `at` (a letter or digit) ends: where
/// [`read_word`] stops reading it, found without copying it.
fn word_end(tables: &Tables, text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && Tables::is_ascii_alnum(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return at;
        }
        let next = tables.char_at(text, at);
        match next.class {
            Class::Alnum => {}
            Class::Other => return at,
            // a joiner counts only between two letters or digits
            _ => {
                let after = at + next.len;
                if after == text.len() || tables.char_at(text, after).class != Class::Alnum {
                    return at;
                }
            }
        }
        at += next.len;
    }
}

/// Rules 1 to 5 on one word, with buffers reused from word to word.
#[derive(Default)]
pub struct Splitter {
    /// The word lowercased, joiners made plain.
    raw: String,
    /// A part without its apostrophes.
    part: String,
    /// The kept parts of a hyphenated word, joined.
    whole: String,
}

impl Splitter {
    /// Calls `emit` with the words rules 1 to 5 make of `word`, one word of
    /// NFC text as [`word_end`] delimits it.
    pub fn split(&mut self, word: &str, emit: &mut impl FnMut(&str)) {
        let tables = tables();
        let Splitter { raw, part, whole } = self;
        raw.clear();
        let mut shape = Shape::default();
        let end = read_word(tables, word, 0, raw, &mut shape);
        debug_assert_eq!(end, word.len(), "{word}");
        if !shape.hyphen {
            if let Some(kept) = analyse_part(tables, raw, shape, part) {
                emit(kept);
            }
            return;
        }
        whole.clear();
        let mut n = 0;
        for piece in raw.split('-') {
            if let Some(kept) = analyse_part(tables, piece, shape, part) {
                emit(kept);
                if n > 0 {
                    whole.push('-');
                }
                whole.push_str(kept);
                n += 1;
            }
        }
        if n > 1 {
            emit(whole);
        }
    }
}

/// A part without its elision and apostrophes, if it is kept.
fn analyse_part<'a>(
    tables: &Tables,
    part: &'a str,
    shape: Shape,
    part_buffer: &'a mut String,
) -> Option<&'a str> {
    let part = if shape.apostrophe {
        strip_elision(tables, part, shape, part_buffer)
    } else {
        part
    };
    let keep = if shape.non_ascii {
        keep(tables, part)
    } else {
        keep_ascii(part)
    };
    keep.then_some(part)
}

/// `l'excision` → `excision`, `aujourd'hui` → `aujourdhui`.
fn strip_elision<'a>(tables: &Tables, part: &'a str, shape: Shape, out: &'a mut String) -> &'a str {
    let Some((head, tail)) = part.split_once('\'') else {
        return part;
    };
    let elision = if shape.non_ascii {
        is_elision(tables, head)
    } else {
        ELISIONS.contains(&head)
    };
    let rest = if elision { tail } else { part };
    if !rest.contains('\'') {
        return rest;
    }
    out.clear();
    out.extend(rest.split('\''));
    out
}

fn is_elision(tables: &Tables, head: &str) -> bool {
    if head.bytes().all(|b| b.is_ascii_lowercase()) {
        return ELISIONS.contains(&head);
    }
    fold_short(tables, head).is_some_and(|(packed, _)| ELISION_KEYS.contains(&packed))
}

/// The elisions packed, once: every elision is plain ASCII of at most 8
/// letters, so packs whole.
const ELISION_KEYS: [u64; ELISIONS.len()] = {
    let mut keys = [0; ELISIONS.len()];
    let mut i = 0;
    while i < ELISIONS.len() {
        keys[i] = const_pack(ELISIONS[i].as_bytes());
        i += 1;
    }
    keys
};

fn keep(tables: &Tables, part: &str) -> bool {
    if part.len() > 16 {
        // longer than any stop word, even accented
        return true;
    }
    if part
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return keep_ascii(part);
    }
    let Some((packed, len)) = fold_short(tables, part) else {
        // more than 8 bytes, so 3 characters or more: not a stop word
        return true;
    };
    let bytes = packed.to_le_bytes();
    let folded = &bytes[..len];
    let long_enough = match folded.iter().filter(|&&b| b & 0xC0 != 0x80).count() {
        0 => false,
        1 => std::str::from_utf8(folded).is_ok_and(|c| c.chars().all(char::is_numeric)),
        _ => true,
    };
    long_enough && !is_packed_stop_word(packed, len)
}

/// The folding of `text` packed as [`swar::pack`] does, and its length in bytes,
/// if it is at most 8 bytes long: stop words and elisions are tested on it
/// without building a string.
fn fold_short(tables: &Tables, text: &str) -> Option<(u64, usize)> {
    let mut packed = 0;
    let mut len = 0;
    let mut push = |bytes: &[u8]| {
        for &b in bytes {
            if len == 8 {
                return false;
            }
            packed |= u64::from(b) << (8 * len);
            len += 1;
        }
        true
    };
    let mut slow = String::new();
    for c in text.chars() {
        let pushed = if c.is_ascii() {
            push(&[c.to_ascii_lowercase() as u8])
        } else if let Some(folded) = tables.folded(c) {
            push(folded.as_bytes())
        } else {
            slow.clear();
            chars::push_folded_slow(&mut slow, c);
            push(slow.as_bytes())
        };
        if !pushed {
            return None;
        }
    }
    Some((packed, len))
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

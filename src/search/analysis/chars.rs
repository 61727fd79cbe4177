//! What the analysis asks of each character (is it a letter or digit, a
//! joiner, its lowercase, its folded spelling, is it surely NFC), answered
//! from tables for the characters French text is made of: ASCII and the
//! two-byte UTF-8 range (Latin, Greek, Cyrillic…, up to U+07FF). The tables
//! are filled once from the general Unicode functions, so they cannot
//! disagree with them; other characters ask those functions directly.

use std::sync::OnceLock;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::LIGATURES;
use crate::swar;

/// What a character does to word boundaries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    Other,
    /// A letter or a digit (`char::is_alphanumeric`).
    Alnum,
    /// `'`, `’`, `ʼ` or `‘`.
    Apostrophe,
    /// `-`, `‐` or `‑`.
    Hyphen,
}

/// The class of any character: the definition the tables are filled from.
pub fn class(c: char) -> Class {
    if c.is_alphanumeric() {
        Class::Alnum
    } else if matches!(c, '\'' | '’' | 'ʼ' | '‘') {
        Class::Apostrophe
    } else if matches!(c, '-' | '‐' | '‑') {
        Class::Hyphen
    } else {
        Class::Other
    }
}

/// Appends the folded spelling of one character: lowercased, decomposed,
/// combining marks dropped, ligatures spelled out. Folding a string is
/// folding each of its characters, because canonical reordering only moves
/// characters of non-zero combining class, which are all combining marks and
/// dropped (a test checks this over all of Unicode).
pub fn push_folded_slow(out: &mut String, c: char) {
    for d in c.to_lowercase().nfd() {
        if is_combining_mark(d) {
            continue;
        }
        match LIGATURES.iter().find(|(l, _)| *l == d) {
            Some((_, s)) => out.push_str(s),
            None => out.push(d),
        }
    }
}

/// Whether a text made of `c` alone passes the NFC quick check with a
/// combining class of 0: a text whose characters all do is NFC.
pub fn is_stable_slow(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Facts about one character of U+0080 … U+07FF.
struct Entry {
    class: Class,
    stable: bool,
    lower: Box<str>,
    folded: Box<str>,
}

const TWO_BYTES: usize = 0x800;

/// Class of each ASCII byte.
const ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => Class::Alnum,
            b'\'' => Class::Apostrophe,
            b'-' => Class::Hyphen,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The tables, filled on first use.
pub struct Tables {
    two_bytes: Vec<Entry>,
}

pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        two_bytes: (0x80..TWO_BYTES as u32)
            .map(|n| {
                let c = char::from_u32(n).unwrap_or_default();
                let mut folded = String::new();
                push_folded_slow(&mut folded, c);
                let lower: String = c.to_lowercase().collect();
                Entry {
                    class: class(c),
                    stable: is_stable_slow(c),
                    lower: lower.into(),
                    folded: folded.into(),
                }
            })
            .collect(),
    })
}

/// The code point of the character starting at byte `at` of UTF-8 text if
/// it is two bytes long (U+0080 … U+07FF: a lead byte 110xxxxx).
#[inline]
fn two_byte(bytes: &[u8], at: usize) -> Option<usize> {
    let lead = bytes[at];
    if lead & 0xE0 != 0xC0 {
        return None;
    }
    let next = *bytes.get(at + 1)?;
    Some(usize::from(lead & 0x1F) << 6 | usize::from(next & 0x3F))
}

/// Whether every character that starts in eight bytes of UTF-8 is ASCII
/// or U+0080 … U+01FF (lead bytes C2 to C7: Latin-1 and Latin Extended,
/// é, à, œ…), which are all stable (`latin_letters_are_stable` checks it).
/// A continuation byte at the start belongs to a character that began
/// before, which the caller has looked at.
#[inline]
fn only_latin_starts(eight: u64) -> bool {
    // bytes 11xxxxxx start a character of two bytes or more
    let starts = eight & (eight << 1) & swar::HIGH;
    // bytes 11000xxx: C0 to C7 (C0 and C1 never occur in UTF-8)
    let latin = swar::bytes_equal(eight & (swar::LANES * 0xF8), 0xC0);
    starts & !latin == 0
}

/// [`only_latin_starts`] for the sixteen bytes from `at`, if there are
/// sixteen, with the SSE2 instructions every x86-64 processor has: no byte
/// is C8 or above (the lead bytes of U+0200 and beyond).
#[cfg(target_arch = "x86_64")]
#[inline]
fn sixteen_latin_bytes(bytes: &[u8], at: usize) -> bool {
    #[target_feature(enable = "sse2")]
    fn below_c8(sixteen: &[u8; 16]) -> bool {
        use std::arch::x86_64::*;
        // SAFETY: sixteen bytes, and the load has no alignment requirement
        let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
        let c7 = _mm_set1_epi8(0xC7u8 as i8);
        // unsigned: max(b, C7) is C7 for every byte up to C7
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, c7), c7)) == 0xFFFF
    }
    match bytes.get(at..).and_then(|rest| rest.first_chunk::<16>()) {
        // SAFETY: SSE2 is part of the x86-64 baseline that Rust compiles for
        Some(sixteen) => unsafe { below_c8(sixteen) },
        None => false,
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn sixteen_latin_bytes(_: &[u8], _: usize) -> bool {
    false
}

/// One character of a text: where the next one starts, and the character
/// itself for the few questions the tables do not answer.
#[derive(Clone, Copy)]
pub struct Char {
    pub class: Class,
    pub c: char,
    pub len: usize,
}

impl Tables {
    fn entry(&self, c: char) -> Option<&Entry> {
        (c as usize)
            .checked_sub(0x80)
            .and_then(|i| self.two_bytes.get(i))
    }

    /// The character of `text` starting at byte `at` (a char boundary, not
    /// the end).
    #[inline]
    pub fn char_at(&self, text: &str, at: usize) -> Char {
        let b = text.as_bytes()[at];
        if b < 0x80 {
            return Char {
                class: ASCII[b as usize],
                c: b as char,
                len: 1,
            };
        }
        if let Some(n) = two_byte(text.as_bytes(), at) {
            // most non-ASCII letters of French text: decoded here and looked
            // up at once, cheaper than `chars().next()` and a range check
            return Char {
                class: self.two_bytes[n - 0x80].class,
                c: char::from_u32(n as u32).unwrap_or_default(),
                len: 2,
            };
        }
        let c = text[at..].chars().next().unwrap_or_default();
        let class = match self.entry(c) {
            Some(e) => e.class,
            None => class(c),
        };
        Char {
            class,
            c,
            len: c.len_utf8(),
        }
    }

    /// The folded spelling of `c` (see [`push_folded_slow`]) when the tables
    /// hold it.
    #[inline]
    pub fn folded(&self, c: char) -> Option<&str> {
        self.entry(c).map(|e| &*e.folded)
    }

    /// Appends the lowercase of `c`, as `char::to_lowercase` spells it.
    #[inline]
    pub fn push_lower(&self, out: &mut String, c: char) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            return;
        }
        match self.entry(c) {
            Some(e) => out.push_str(&e.lower),
            None => out.extend(c.to_lowercase()),
        }
    }

    /// Appends the folded spelling of `c` (see [`push_folded_slow`]).
    #[inline]
    pub fn push_folded(&self, out: &mut String, c: char) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            return;
        }
        match self.entry(c) {
            Some(e) => out.push_str(&e.folded),
            None => push_folded_slow(out, c),
        }
    }

    /// Whether `text` passes the NFC quick check (then it is NFC): true when
    /// every character is stable; otherwise the check itself decides.
    pub fn is_nfc(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if sixteen_latin_bytes(bytes, at) {
                at += 16;
                continue;
            }
            if let Some(eight) = swar::load(bytes, at) {
                if eight & swar::HIGH == 0 || only_latin_starts(eight) {
                    at += 8;
                    continue;
                }
            }
            // ASCII, or the rest of a character an eight-byte step began
            if bytes[at] < 0xC0 {
                at += 1;
                continue;
            }
            let (stable, len) = match two_byte(bytes, at) {
                Some(n) => (self.two_bytes[n - 0x80].stable, 2),
                None => {
                    let c = text[at..].chars().next().unwrap_or_default();
                    (is_stable_slow(c), c.len_utf8())
                }
            };
            if !stable {
                // ASCII is always NFC; leaving it out can only make the check say No
                let non_ascii = text.chars().filter(|c| !c.is_ascii());
                return is_nfc_quick(non_ascii) == IsNormalized::Yes;
            }
            at += len;
        }
        true
    }

    /// Whether byte `b` is an ASCII letter or digit.
    #[inline]
    pub fn is_ascii_alnum(b: u8) -> bool {
        b < 0x80 && ASCII[b as usize] == Class::Alnum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_letters_are_stable() {
        for c in (0x80..0x200).filter_map(char::from_u32) {
            assert!(is_stable_slow(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn sixteen_latin_bytes_agree_with_two_eight_byte_steps() {
        let two_steps = |s: &[u8]| {
            let eight = |i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap());
            only_latin_starts(eight(0)) && only_latin_starts(eight(8))
        };
        for text in [
            "abcdefghijklmnop",
            "été ç, cœurs à a",
            "\u{1ff}\u{80}abcdefghijkl",
            "e\u{301}abcdefghijklm",
            "l\u{2019}abcdefghijkl",
            "abcdefghijklmn\u{200}",
            "abcdefghijklmn\u{7ff}",
        ] {
            let bytes = &text.as_bytes()[..16];
            assert_eq!(sixteen_latin_bytes(bytes, 0), two_steps(bytes), "{text:?}");
        }
        assert!(!sixteen_latin_bytes(b"abcdefghijklmno", 0), "fifteen bytes");
    }

    #[test]
    fn only_latin_starts_looks_at_lead_bytes() {
        let eight = |s: &str| u64::from_le_bytes(s.as_bytes().try_into().unwrap());
        assert!(only_latin_starts(eight("abcdefgh")));
        assert!(only_latin_starts(eight("été ç")));
        assert!(only_latin_starts(eight("cœurs a")));
        assert!(only_latin_starts(eight("\u{1ff}\u{80}abcd")));
        // U+0301 (combining acute, CC 81), U+2019 (’, E2), U+0200 (C8)
        assert!(!only_latin_starts(eight("e\u{301}abcde")));
        assert!(!only_latin_starts(eight("l\u{2019}abcd")));
        assert!(!only_latin_starts(eight("\u{200}abcdef")));
        assert!(!only_latin_starts(eight("abcdef\u{7ff}")));
    }
}

//! The analysis as it was first written, straight from the rules at the top
//! of `analysis.rs`: slow (it normalises and folds every word, allocates for
//! accented words) but easy to check by eye. Tests compare the fast path
//! with it on arbitrary text.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use super::{ELISIONS, LIGATURES, STOP_WORDS};

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

fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.contains(&folded)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

pub fn words(text: &str, mut emit: impl FnMut(&str)) {
    let normalized = text.is_ascii()
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

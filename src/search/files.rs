//! The index as files under `search/`, each a `carnetSearch(kind, n, data)`
//! call:
//!
//! | file | kind | data |
//! |---|---|---|
//! | `meta.js` | `m` | analysis rules, shard boundaries, sections, years, taxonomies |
//! | `v/N.js` | `v` | a range of the vocabulary: folded form → stem, stem rarity |
//! | `p/N.js` | `p` | a range of stems → postings (page gaps and scores) |
//! | `d/N.js` | `d` | pages N×8 to N×8+7 as shown in results: URL, title, date, terms, text |
//! | `f/N.js` | `f` | taxonomy terms of pages N×1000 to N×1000+999 |
//!
//! Vocabulary and postings are cut into ranges of sorted keys, so a word, a
//! prefix or a typo's neighbours are found in one or two neighbouring shards.

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::analysis::{ELISIONS, LIGATURES, STOP_WORDS};
use super::encode::{
    cut, js_cmp, js_len, push_digit, push_json_str, push_varint, script, script_with,
};
use super::facets;
use super::terms::Terms;
use super::{IndexFile, SearchDoc};

/// Target size of a vocabulary shard, in bytes.
const VOCABULARY_SHARD: usize = 4 * 1024;
/// Target size of a postings shard, in bytes: small enough that a query
/// does not download much beside the lists it needs, big enough that the
/// list of shard boundaries in `meta.js` stays short.
const POSTINGS_SHARD: usize = 8 * 1024;
/// Body text kept per page for excerpts, in characters.
pub const BODY_CHARS: usize = 2000;
/// Pages per `d/N.js` file. One file per page made half of all the files
/// of a site (10,000 of 23,000), and creating files is most of what a build
/// costs on a real disk; eight pages weigh about 20 kB, and the results a
/// reader sees first often share files.
pub const DOCS_PER_FILE: usize = 8;

fn file(path: String, bytes: Vec<u8>) -> IndexFile {
    IndexFile { path, bytes }
}

/// Rarity class of a stem found in `df` pages, one digit: completions of the
/// last query word are tried most frequent first.
fn df_class(df: usize) -> u32 {
    ((df as f64).log2() * 3.0).clamp(0.0, 63.0) as u32
}

/// Vocabulary shards; returns them and each shard's first form.
pub fn vocabulary(terms: &Terms) -> (Vec<IndexFile>, Vec<String>) {
    let voc = &terms.vocabulary;
    let ranges = cut(voc.iter().map(|(f, _)| f.len() + 5), VOCABULARY_SHARD);
    let mut files = Vec::new();
    let mut firsts = Vec::new();
    for (n, range) in ranges.into_iter().enumerate() {
        firsts.push(boundary(
            voc[..range.start].last().map(|(f, _)| f.as_str()),
            &voc[range.start].0,
        ));
        let mut out = String::new();
        let mut prev = "";
        for (form, stem) in &voc[range] {
            let stem_text = &terms.stems[*stem as usize];
            let (shared16, shared8) = shared_prefix(prev, form);
            if !out.is_empty() {
                out.push(',');
            }
            push_digit(&mut out, shared16);
            push_digit(&mut out, df_class(terms.postings[*stem as usize].len()));
            out.push_str(&form[shared8..]);
            out.push(' ');
            match js_len(stem_text) {
                len if len < 64 && form.starts_with(stem_text.as_str()) => {
                    push_digit(&mut out, len as u32)
                }
                _ => {
                    out.push('=');
                    out.push_str(stem_text);
                }
            }
            prev = form;
        }
        files.push(file(
            format!("search/v/{n}.js"),
            script("v", n, &json!(out)),
        ));
    }
    (files, firsts)
}

/// The shortest prefix of `first` that sorts after `previous`: all the
/// client needs to tell which shard a key belongs to.
fn boundary(previous: Option<&str>, first: &str) -> String {
    let Some(previous) = previous else {
        return String::new();
    };
    let mut end = 0;
    for (i, c) in first.char_indices() {
        end = i + c.len_utf8();
        if js_cmp(&first[..end], previous) == std::cmp::Ordering::Greater {
            break;
        }
    }
    first[..end].to_string()
}

/// Common prefix of two strings, at most 63 UTF-16 units: (UTF-16 units, bytes).
fn shared_prefix(a: &str, b: &str) -> (u32, usize) {
    let (mut units, mut bytes) = (0, 0);
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y || units + x.len_utf16() > 63 {
            break;
        }
        units += x.len_utf16();
        bytes += x.len_utf8();
    }
    (units as u32, bytes)
}

/// Postings shards; returns them and each shard's first stem.
pub fn postings(terms: &Terms) -> (Vec<IndexFile>, Vec<String>) {
    let encoded: Vec<String> = terms
        .postings
        .par_iter()
        .map(|p| encode_postings(p))
        .collect();
    let ranges = cut(
        encoded
            .iter()
            .zip(&terms.stems)
            .map(|(p, s)| p.len() + s.len() + 6),
        POSTINGS_SHARD,
    );
    ranges
        .into_par_iter()
        .enumerate()
        .map(|(n, range)| {
            let previous = terms.stems[..range.start].last().map(String::as_str);
            let first = boundary(previous, &terms.stems[range.start]);
            let data: Map<String, Value> = range
                .map(|i| (terms.stems[i].clone(), json!(encoded[i])))
                .collect();
            let shard = file(
                format!("search/p/{n}.js"),
                script("p", n, &Value::Object(data)),
            );
            (shard, first)
        })
        .unzip()
}

/// Per page, one digit when it follows the previous page (the score, < 32),
/// else the score + 32 and the gap minus 2 as a varint: lists of common
/// words, where most pages follow each other, take about a digit per page.
fn encode_postings(list: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut next = 0;
    for &(page, score) in list {
        debug_assert!((1..32).contains(&score));
        if page == next {
            push_digit(&mut out, score as u32);
        } else {
            push_digit(&mut out, 32 | score as u32);
            push_varint(&mut out, page - next - 1);
        }
        next = page + 1;
    }
    out
}

/// What a result shows of a page (in `d/N.js`); fields in key order, as the
/// JSON objects of the other files.
#[cfg_attr(test, derive(serde::Serialize))]
struct PageData<'a> {
    /// Start of the body.
    b: &'a str,
    /// Date as readers see it.
    d: &'a str,
    /// Description.
    e: &'a str,
    /// Taxonomy term numbers.
    k: &'a [u32],
    /// Section number.
    s: usize,
    t: &'a str,
    u: &'a str,
}

impl PageData<'_> {
    /// The JSON `serde_json` would write for it (the tests check it),
    /// written with [`push_json_str`]: the body's 2,000 characters, escaped
    /// one byte at a time by `serde_json`, were 1% of a build.
    fn write_json(&self, out: &mut Vec<u8>) {
        let text = |out: &mut Vec<u8>, key: &str, value: &str| {
            out.extend_from_slice(key.as_bytes());
            push_json_str(out, value);
        };
        text(out, "{\"b\":", self.b);
        text(out, ",\"d\":", self.d);
        text(out, ",\"e\":", self.e);
        out.extend_from_slice(b",\"k\":[");
        for (i, term) in self.k.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(term.to_string().as_bytes());
        }
        out.extend_from_slice(format!("],\"s\":{}", self.s).as_bytes());
        text(out, ",\"t\":", self.t);
        text(out, ",\"u\":", self.u);
        out.push(b'}');
    }
}

/// A list of pages' data as JSON.
fn write_pages_json(out: &mut Vec<u8>, pages: &[PageData]) {
    // room for it all at once, escapes and numbers aside
    let text: usize = pages
        .iter()
        .map(|p| p.b.len() + p.d.len() + p.e.len() + p.t.len() + p.u.len())
        .sum();
    out.reserve(text + 64 * pages.len());
    out.push(b'[');
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        page.write_json(out);
    }
    out.push(b']');
}

/// What a result shows of each page, [`DOCS_PER_FILE`] pages per file (a
/// list, in page order); `terms` holds each page's taxonomy term numbers.
/// `docs` are the pages from number `first` on, a multiple of
/// [`DOCS_PER_FILE`].
pub fn pages(
    docs: &[&SearchDoc],
    first: usize,
    sections: &[String],
    terms: &[Vec<u32>],
) -> Vec<IndexFile> {
    debug_assert_eq!(first % DOCS_PER_FILE, 0);
    let first_file = first / DOCS_PER_FILE;
    docs.par_chunks(DOCS_PER_FILE)
        .zip(terms.par_chunks(DOCS_PER_FILE))
        .enumerate()
        .map(|(n, (docs, terms))| {
            let n = first_file + n;
            let data: Vec<PageData> = docs
                .iter()
                .zip(terms)
                .map(|(d, k)| PageData {
                    b: truncate(&d.body, BODY_CHARS),
                    d: &d.date_display,
                    e: &d.description,
                    k,
                    s: sections.iter().position(|s| s == &d.section).unwrap_or(0),
                    t: &d.title,
                    u: &d.url,
                })
                .collect();
            file(
                format!("search/d/{n}.js"),
                script_with("d", n, |out| write_pages_json(out, &data)),
            )
        })
        .collect()
}

/// At most `max` characters of `text`, cut after a word.
fn truncate(text: &str, max: usize) -> &str {
    // where character `max` starts: the first `max` bytes hold at most
    // `max` characters, counted by the standard library several bytes at
    // a time; the few left (one per accent before) are stepped over
    let mut before = max.min(text.len());
    while !text.is_char_boundary(before) {
        before -= 1;
    }
    let counted = text[..before].chars().count();
    let start = text[before..]
        .char_indices()
        .nth(max - counted)
        .map(|(i, _)| before + i);
    match start {
        None => text,
        Some(end) => {
            let cut = text[..end].rfind(char::is_whitespace).unwrap_or(end);
            &text[..cut]
        }
    }
}

/// Taxonomy blocks, [`facets::BLOCK`] pages each, from each page's term
/// numbers.
pub fn blocks(terms: &[Vec<u32>]) -> Vec<IndexFile> {
    terms
        .chunks(facets::BLOCK)
        .enumerate()
        .map(|(n, numbers)| {
            let data = json!(facets::block(numbers));
            file(format!("search/f/{n}.js"), script("f", n, &data))
        })
        .collect()
}

/// What `meta.js` holds besides the shard boundaries.
pub struct Meta {
    pub pages: usize,
    pub vocabulary: Vec<String>,
    pub postings: Vec<String>,
    pub sections: Vec<String>,
    pub groups: Vec<Value>,
    pub taxonomies: Value,
    pub hash: String,
}

pub fn meta(m: &Meta) -> IndexFile {
    let ligatures: Map<String, Value> = LIGATURES
        .iter()
        .map(|(c, s)| (c.to_string(), json!(s)))
        .collect();
    let data = json!({
        "version": 1,
        "hash": m.hash,
        "pages": m.pages,
        "block": facets::BLOCK,
        "docs": DOCS_PER_FILE,
        "stop": STOP_WORDS,
        "elisions": ELISIONS,
        "ligatures": ligatures,
        "vocabulary": m.vocabulary,
        "postings": m.postings,
        "sections": m.sections,
        "groups": m.groups,
        "taxonomies": m.taxonomies,
    });
    file("search/meta.js".into(), script("m", 0, &data))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn truncating_cuts_where_the_character_count_says(text in "[a éœ’😀\n]{0,30}", max in 0usize..35) {
            let expected = match text.char_indices().nth(max) {
                None => text.as_str(),
                Some((end, _)) => &text[..text[..end].rfind(char::is_whitespace).unwrap_or(end)],
            };
            proptest::prop_assert_eq!(truncate(&text, max), expected);
        }
    }

    #[test]
    fn pages_data_is_the_json_serde_json_writes() {
        let body = "Un « atelier » sur l’excision.\nDes \"guillemets\", un \\, un \t et \u{1}.";
        let data = [
            PageData {
                b: body,
                d: "12 mars 2024",
                e: "",
                k: &[3, 17, 250],
                s: 2,
                t: "Atelier « santé sexuelle »",
                u: "ateliers/sante/",
            },
            PageData {
                b: "",
                d: "",
                e: "Ressource",
                k: &[],
                s: 0,
                t: "Violentomètre",
                u: "ressources/violentometre/",
            },
        ];
        for pages in [&data[..], &data[..1], &[]] {
            let mut out = Vec::new();
            write_pages_json(&mut out, pages);
            assert_eq!(out, serde_json::to_vec(pages).unwrap());
        }
    }

    #[test]
    fn shared_prefix_counts_utf16_units_and_bytes() {
        assert_eq!(shared_prefix("", "abc"), (0, 0));
        assert_eq!(shared_prefix("ecole", "ecoute"), (3, 3));
        assert_eq!(shared_prefix("日本語", "日本人"), (2, 6));
        let long = "a".repeat(80);
        assert_eq!(shared_prefix(&long, &long), (63, 63));
    }

    #[test]
    fn boundaries_are_the_shortest_prefix_after_the_previous_key() {
        assert_eq!(boundary(None, "abord"), "");
        assert_eq!(boundary(Some("violenc"), "violent"), "violent");
        assert_eq!(boundary(Some("viol"), "violenc"), "viole");
        assert_eq!(boundary(Some("contracept"), "enfant"), "e");
    }

    #[test]
    fn truncate_cuts_after_a_word() {
        assert_eq!(truncate("une synthèse courte", 100), "une synthèse courte");
        assert_eq!(truncate("une synthèse courte", 10), "une");
    }

    #[test]
    fn postings_are_gaps_and_scores() {
        // pages 0 and 1 follow on; page 40 comes 38 pages after page 2:
        // `h` (score 1, + 32), then 37 as a varint
        assert_eq!(encode_postings(&[(0, 10), (1, 31), (40, 1)]), "KfhlB");
    }
}

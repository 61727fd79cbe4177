//! From pages to postings: count words per field, give every folded form one
//! stem, and score each (stem, page) pair with BM25F so the browser only
//! multiplies by the stem's rarity.
//!
//! The browser cannot stem, so the folded form is the unit it knows: when
//! several spellings fold alike (`excisée` and `excisee`), the stem of the most
//! frequent one becomes the stem of the folded form, everywhere.

use std::collections::HashMap;

type Map<K, V> = HashMap<K, V, FastHash>;

use rayon::prelude::*;

use super::analysis::{fold, tokenize, Splitter, Stemmer, WordSink};
use super::encode::js_cmp;
use super::fields::Fields;
use super::interner::Interner;
use super::SearchDoc;
use crate::fasthash::FastHash;

/// BM25 saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Everything the index files are made from.
pub struct Terms {
    /// Stems in JavaScript string order; a stem's number is its position.
    pub stems: Vec<String>,
    /// Folded form → stem number, in JavaScript string order of the form.
    pub vocabulary: Vec<(String, u32)>,
    /// Per stem: (page number, score 1..=31) in page order.
    pub postings: Vec<Vec<(u32, u8)>>,
}

/// Pages per parallel task when counting words.
const CHUNK: usize = 128;

/// A page's words: per field its length, and (word, field, count) in order
/// of first appearance, words being numbers in the [`Interner`] that
/// counted them. Scoring sums them per stem without sorting them (sorting
/// by word, then by stem, cost 2% and then 3% of a build's instructions).
struct PageWords {
    lengths: Vec<u32>,
    entries: Vec<(u32, u16, u32)>,
}

pub fn collect(docs: &[&SearchDoc], fields: &Fields) -> Terms {
    let (words, pages) = count_words(docs, fields);
    let Stemmed {
        stems,
        stem_of_word,
        vocabulary,
    } = stem_words(&words, &pages);
    let averages = average_lengths(&pages, fields.len());
    let scored: Vec<Vec<(u32, u8)>> = pages
        .par_iter()
        .map_init(
            || Accumulator::new(stems.len()),
            |acc, p| score_page(p, &stem_of_word, &fields.weights, &averages, acc),
        )
        .collect();
    // the counts (49 MB at 10,000 pages) make room for the postings
    crate::free_in_parallel(pages);
    let postings = invert(&scored, stems.len());
    Terms {
        stems,
        vocabulary,
        postings,
    }
}

/// Per stem, the (page, score) pairs of `scored` (per page, (stem, score),
/// each stem once, in no order) in page order. Each parallel task fills a
/// range of stems and keeps, from every page, the scores of its range: the
/// 3 million scattered pushes of a 10,000-page site took 55 ms on one
/// core. Each task reads every score, which costs less than sorting each
/// page's scores by stem to read only its range (42,000 instructions a
/// page); so there is one task per thread, since reading is most of the
/// work and the same for all (25 ms at 10,000 pages, 50 to 60 ms with two
/// tasks per thread).
fn invert(scored: &[Vec<(u32, u8)>], stems: usize) -> Vec<Vec<(u32, u8)>> {
    let mut postings: Vec<Vec<(u32, u8)>> = vec![Vec::new(); stems];
    let tasks = rayon::current_num_threads();
    let per_task = stems.div_ceil(tasks).max(1);
    postings
        .par_chunks_mut(per_task)
        .enumerate()
        .for_each(|(t, lists)| {
            let first = (t * per_task) as u32;
            let range = first..first + lists.len() as u32;
            for (page, scores) in scored.iter().enumerate() {
                for &(stem, score) in scores {
                    if range.contains(&stem) {
                        lists[(stem - first) as usize].push((page as u32, score));
                    }
                }
            }
        });
    postings
}

/// Counts words in parallel, chunk by chunk, each chunk numbering its own
/// words; then renumbers them all in one list.
fn count_words(docs: &[&SearchDoc], fields: &Fields) -> (Vec<String>, Vec<PageWords>) {
    let chunks: Vec<(Interner, Vec<PageWords>)> = docs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut counter = Counter::default();
            let pages = chunk
                .iter()
                .map(|d| counter.page_words(d, fields))
                .collect();
            (counter.words, pages)
        })
        .collect();
    let mut all = Interner::default();
    let mut pages = Vec::with_capacity(docs.len());
    for (words, chunk_pages) in chunks {
        let renumber: Vec<u32> = words.iter().map(|w| all.number(w)).collect();
        for mut page in chunk_pages {
            for entry in &mut page.entries {
                entry.0 = renumber[entry.0 as usize];
            }
            pages.push(page);
        }
    }
    (all.iter().map(String::from).collect(), pages)
}

/// Counts the words of a chunk's pages, one page after the other.
#[derive(Default)]
struct Counter {
    words: Interner,
    /// The words that needed reading and splitting (accented, hyphenated,
    /// elided, capitalised…), as written: splitting one and numbering what
    /// it gives costs about twice as much as finding it again, and most
    /// recur.
    compounds: Interner,
    /// Per compound: the range of `split_words` it gave.
    compound_spans: Vec<(u32, u32)>,
    /// The numbers of the words each compound gave, one after the other.
    split_words: Vec<u32>,
    splitter: Splitter,
    /// Per word: the last page it was seen in (+ 1), and its latest entry
    /// in that page.
    seen: Vec<(u32, u32)>,
    /// Pages counted so far.
    pages: u32,
    /// The current page's (word, field, count, previous entry of the word).
    entries: Vec<(u32, u16, u32, u32)>,
}

const NONE: u32 = u32::MAX;

impl Counter {
    fn page_words(&mut self, doc: &SearchDoc, fields: &Fields) -> PageWords {
        self.pages += 1;
        self.entries.clear();
        let mut lengths = vec![0; fields.len()];
        fields.each_text(doc, |field, text| {
            let mut sink = FieldWords {
                counter: self,
                field: field as u16,
                length: 0,
            };
            tokenize(text, &mut sink);
            lengths[field] += sink.length;
        });
        PageWords {
            lengths,
            entries: self.entries.iter().map(|&(w, f, n, _)| (w, f, n)).collect(),
        }
    }

    /// The range of `split_words` that `word` gives, split the first time.
    fn compound(&mut self, word: &str) -> (u32, u32) {
        let c = self.compounds.number(word) as usize;
        if c == self.compound_spans.len() {
            let start = self.split_words.len() as u32;
            let Counter {
                words,
                split_words,
                splitter,
                ..
            } = self;
            splitter.split(word, &mut |part| split_words.push(words.number(part)));
            self.compound_spans
                .push((start, self.split_words.len() as u32));
        }
        self.compound_spans[c]
    }

    /// One more occurrence of word `n` in `field` of the current page.
    #[inline]
    fn count(&mut self, n: u32, field: u16) {
        if n as usize == self.seen.len() {
            self.seen.push((0, NONE));
        }
        let (page, latest) = &mut self.seen[n as usize];
        let mut e = if *page == self.pages { *latest } else { NONE };
        while e != NONE {
            let entry = &mut self.entries[e as usize];
            if entry.1 == field {
                entry.2 += 1;
                return;
            }
            e = entry.3;
        }
        let previous = if *page == self.pages { *latest } else { NONE };
        *page = self.pages;
        *latest = self.entries.len() as u32;
        self.entries.push((n, field, 1, previous));
    }
}

/// Counts the words of one field of the current page.
struct FieldWords<'c> {
    counter: &'c mut Counter,
    field: u16,
    /// Words counted.
    length: u32,
}

impl WordSink for FieldWords<'_> {
    #[inline]
    fn word(&mut self, word: &str) {
        self.length += 1;
        let n = self.counter.words.number(word);
        self.counter.count(n, self.field);
    }

    fn compound(&mut self, word: &str) {
        let (start, end) = self.counter.compound(word);
        for i in start..end {
            let n = self.counter.split_words[i as usize];
            self.length += 1;
            self.counter.count(n, self.field);
        }
    }
}

/// The sorted stems, each word's stem number, and the vocabulary.
struct Stemmed {
    stems: Vec<String>,
    stem_of_word: Vec<u32>,
    vocabulary: Vec<(String, u32)>,
}

fn stem_words(words: &[String], pages: &[PageWords]) -> Stemmed {
    let mut totals = vec![0u64; words.len()];
    for page in pages {
        for &(word, _, n) in &page.entries {
            totals[word as usize] += n as u64;
        }
    }
    let analysed: Vec<(String, String)> = words
        .par_iter()
        .map_init(Stemmer::default, |stemmer, word| {
            (fold(word).into_owned(), stemmer.stem(word))
        })
        .collect();
    // the most frequent spelling decides; ties go to the smaller stem
    let mut by_form: Map<&str, (u64, &str)> = Map::default();
    for ((form, stem), &count) in analysed.iter().zip(&totals) {
        let best = by_form.entry(form).or_insert((count, stem));
        if (count, std::cmp::Reverse(stem.as_str())) > (best.0, std::cmp::Reverse(best.1)) {
            *best = (count, stem);
        }
    }
    let mut stems: Vec<String> = by_form.values().map(|(_, s)| s.to_string()).collect();
    stems.sort_by(|a, b| js_cmp(a, b));
    stems.dedup();
    let number = |stem: &str| stems.binary_search_by(|s| js_cmp(s, stem)).unwrap() as u32;
    let mut vocabulary: Map<String, u32> = by_form
        .iter()
        .map(|(form, (_, stem))| (form.to_string(), number(stem)))
        .collect();
    // `sagefemme` typed without its hyphen finds `sage-femme`
    for (form, (_, stem)) in &by_form {
        if form.contains('-') {
            let joined = form.replace('-', "");
            vocabulary.entry(joined).or_insert_with(|| number(stem));
        }
    }
    let stem_of_word = analysed
        .iter()
        .map(|(form, _)| vocabulary[form.as_str()])
        .collect();
    let mut vocabulary: Vec<(String, u32)> = vocabulary.into_iter().collect();
    vocabulary.sort_by(|a, b| js_cmp(&a.0, &b.0));
    Stemmed {
        stems,
        stem_of_word,
        vocabulary,
    }
}

/// Average length of each field over the pages that have it.
fn average_lengths(pages: &[PageWords], n_fields: usize) -> Vec<f32> {
    (0..n_fields)
        .map(|f| {
            let (sum, n) = pages
                .iter()
                .map(|p| p.lengths[f])
                .filter(|&l| l > 0)
                .fold((0u64, 0u64), |(s, n), l| (s + l as u64, n + 1));
            if n == 0 {
                1.0
            } else {
                sum as f32 / n as f32
            }
        })
        .collect()
}

/// Sums a page's term frequencies per stem, in a slot per stem of the
/// site, reused from page to page.
struct Accumulator {
    /// Per stem: the sum so far, and the page (+ 1) it is for.
    slots: Vec<(f32, u32)>,
    /// Stems of the page being scored, in the order first met.
    touched: Vec<u32>,
    page: u32,
}

impl Accumulator {
    fn new(stems: usize) -> Self {
        Accumulator {
            slots: vec![(0.0, 0); stems],
            touched: Vec::new(),
            page: 0,
        }
    }
}

/// BM25F: weighted, length-normalised term frequency summed over fields,
/// then saturated once, and quantised to 1..=31 (five bits in the index).
/// Each stem once, in the order the page's words first give it.
fn score_page(
    page: &PageWords,
    stem_of_word: &[u32],
    weights: &[f32],
    averages: &[f32],
    acc: &mut Accumulator,
) -> Vec<(u32, u8)> {
    let norms: Vec<f32> = page
        .lengths
        .iter()
        .zip(averages)
        .map(|(&len, &avg)| 1.0 - B + B * len as f32 / avg)
        .collect();
    acc.page += 1;
    acc.touched.clear();
    for &(word, f, n) in &page.entries {
        let tf = weights[f as usize] * n as f32 / norms[f as usize];
        let stem = stem_of_word[word as usize];
        let slot = &mut acc.slots[stem as usize];
        if slot.1 != acc.page {
            *slot = (0.0, acc.page);
            acc.touched.push(stem);
        }
        slot.0 += tf;
    }
    acc.touched
        .iter()
        .map(|&stem| {
            let tf = acc.slots[stem as usize].0;
            (stem, quantise(tf / (K1 + tf)))
        })
        .collect()
}

fn quantise(saturated: f32) -> u8 {
    (saturated * 31.0).round().clamp(1.0, 31.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchConfig;

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: format!("{}/index.html", title.len()),
            title: title.into(),
            section: String::new(),
            date: None,
            date_display: String::new(),
            description: String::new(),
            headings: vec![],
            body: body.into(),
            taxonomies: vec![],
            extra: vec![],
        }
    }

    fn terms(docs: &[SearchDoc]) -> Terms {
        let docs: Vec<&SearchDoc> = docs.iter().collect();
        collect(&docs, &Fields::new(&docs, &SearchConfig::default()))
    }

    fn stem_of<'t>(t: &'t Terms, form: &str) -> &'t str {
        let i = t.vocabulary.iter().find(|(f, _)| f == form).unwrap().1;
        &t.stems[i as usize]
    }

    #[test]
    fn a_folded_form_takes_the_stem_of_its_most_frequent_spelling() {
        let t = terms(&[doc("Femmes excisées", "excisées excisees")]);
        assert_eq!(stem_of(&t, "excisees"), "excis");
    }

    #[test]
    fn hyphenated_words_are_found_without_their_hyphen() {
        let t = terms(&[doc("La sage-femme", "")]);
        assert_eq!(stem_of(&t, "sage-femme"), "sag-femm");
        assert_eq!(stem_of(&t, "sagefemme"), "sag-femm");
    }

    /// (word, field, count) in order of first appearance, and the length
    /// of each field: `page_words` without remembering compounds.
    fn count_directly(d: &SearchDoc, fields: &Fields) -> (Vec<(String, u16, u32)>, Vec<u32>) {
        let mut entries: Vec<(String, u16, u32)> = Vec::new();
        let mut lengths = vec![0; fields.len()];
        fields.each_text(d, |field, text| {
            crate::search::analysis::words(text, |w| {
                lengths[field] += 1;
                match entries.iter_mut().find(|e| e.0 == w && e.1 == field as u16) {
                    Some(e) => e.2 += 1,
                    None => entries.push((w.to_string(), field as u16, 1)),
                }
            })
        });
        (entries, lengths)
    }

    #[test]
    fn remembered_compounds_count_as_if_split_again() {
        let docs = [
            doc(
                "L’excision et l'excision : sage-femme",
                "Sage-Femme, sages-femmes ; aujourd'hui Aujourd’hui l'éducation \
                 L’Éducation d'éducation c'est-à-dire a-t-il Val-d'Oise val-d’oise",
            ),
            doc(
                "L'éducation aujourd'hui",
                "sage-femme l'excision, c'est-à-dire Val-d'Oise éducation",
            ),
        ];
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let fields = Fields::new(&refs, &SearchConfig::default());
        let mut counter = Counter::default();
        let mut remembered = Vec::new();
        for d in &docs {
            let page = counter.page_words(d, &fields);
            remembered.push(counter.compound_spans.len());
            let got: Vec<(String, u16, u32)> = page
                .entries
                .iter()
                .map(|&(w, f, n)| (counter.words.get(w).to_string(), f, n))
                .collect();
            assert_eq!((got, page.lengths), count_directly(d, &fields));
        }
        // the second page split only the two spellings the first had not
        // (`L'éducation`, `éducation`) and found the others again
        assert_eq!(remembered[1], remembered[0] + 2);
    }

    #[test]
    fn inflected_forms_share_one_posting_list() {
        let t = terms(&[doc("Violences", "une violence"), doc("Autre", "violences")]);
        assert_eq!(stem_of(&t, "violence"), stem_of(&t, "violences"));
        let i = t.stems.iter().position(|s| s == "violenc").unwrap();
        assert_eq!(
            t.postings[i].iter().map(|p| p.0).collect::<Vec<_>>(),
            [0, 1]
        );
    }

    #[test]
    fn inverting_by_ranges_of_stems_gives_each_stem_its_pages_in_order() {
        for stems in [0usize, 1, 7, 100, 1000] {
            // page p has up to 12 stems spread by p·7 + k·131, unique, in
            // no order, as `score_page` gives them
            let scored: Vec<Vec<(u32, u8)>> = (0..300u32)
                .map(|p| {
                    let mut s: Vec<(u32, u8)> = (0..(p % 13))
                        .map(|k| ((p * 7 + k * 131) % stems.max(1) as u32, (k % 31 + 1) as u8))
                        .collect();
                    s.sort_unstable_by_key(|&(stem, _)| stem);
                    s.dedup_by_key(|e| e.0);
                    s.reverse();
                    if stems == 0 {
                        s.clear();
                    }
                    s
                })
                .collect();
            let mut expected = vec![Vec::new(); stems];
            for (page, scores) in scored.iter().enumerate() {
                for &(stem, score) in scores {
                    expected[stem as usize].push((page as u32, score));
                }
            }
            assert_eq!(invert(&scored, stems), expected, "{stems} stems");
        }
    }

    #[test]
    fn title_outweighs_body() {
        let t = terms(&[doc("Excision", "rien"), doc("Rien", "excision")]);
        let i = t.stems.iter().position(|s| s == "excis").unwrap();
        let (title, body) = (t.postings[i][0].1, t.postings[i][1].1);
        assert!(title > body, "{title} vs {body}");
    }
}

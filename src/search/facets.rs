//! Facets: section, year and each taxonomy, counted in the browser over the
//! matching pages. Pages are numbered in (section, year) order, so those two
//! facets are ranges of page numbers listed in `meta.js` and cost nothing per
//! page; taxonomy terms are per-page lists, in blocks loaded only when a
//! matching page falls in them.

use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use serde_json::{json, Value};

use super::analysis::fold;
use super::encode::{js_cmp, push_varint};
use super::SearchDoc;
use crate::fasthash::FastHash;

/// Pages per taxonomy block file.
pub const BLOCK: usize = 1000;

/// The page order of the index: by section, newest year first, then newest
/// date, then URL so the build is reproducible. Returns positions in `docs`.
pub fn page_order(docs: &[SearchDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&docs[a], &docs[b]);
        (&a.section, Reverse(&a.date), &a.url).cmp(&(&b.section, Reverse(&b.date), &b.url))
    });
    order
}

/// The year facet value of a page: the first four characters of its date.
fn year(doc: &SearchDoc) -> &str {
    doc.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("")
}

/// Runs of pages sharing a section and a year: `[first page, section, year]`,
/// plus the list of section titles they refer to.
pub fn groups(docs: &[&SearchDoc]) -> (Vec<String>, Vec<Value>) {
    let mut sections: Vec<String> = Vec::new();
    let mut groups = Vec::new();
    let mut last: Option<(&str, &str)> = None;
    for (i, doc) in docs.iter().enumerate() {
        let key = (doc.section.as_str(), year(doc));
        if last == Some(key) {
            continue;
        }
        if sections.last() != Some(&doc.section) {
            sections.push(doc.section.clone());
        }
        groups.push(json!([i, sections.len() - 1, key.1]));
        last = Some(key);
    }
    (sections, groups)
}

/// Each taxonomy with its terms: spellings that fold alike are one term,
/// shown as first met. Term numbers run on across taxonomies.
pub struct Taxonomies {
    list: Vec<Taxonomy>,
    /// Taxonomy name → spelling as written → global term number: a few
    /// spellings, used by thousands of pages, folded and placed once.
    numbers: HashMap<String, HashMap<String, u32, FastHash>, FastHash>,
}

struct Taxonomy {
    name: String,
    title: String,
    /// (folded, display) in folded order.
    terms: Vec<(String, String)>,
    first: usize,
}

impl Taxonomies {
    pub fn new(docs: &[&SearchDoc]) -> Taxonomies {
        let mut list: Vec<Taxonomy> = Vec::new();
        // A few spellings, used by thousands of pages: each (taxonomy,
        // spelling) is folded and placed once; kept with its taxonomy's
        // position and its folded form, to number it below.
        let mut met: HashMap<(&str, &str), (usize, String), FastHash> = HashMap::default();
        for doc in docs {
            for (name, title, terms) in &doc.taxonomies {
                let i = match list.iter().position(|t| &t.name == name) {
                    Some(i) => i,
                    None => {
                        list.push(Taxonomy {
                            name: name.clone(),
                            title: title.clone(),
                            terms: Vec::new(),
                            first: 0,
                        });
                        list.len() - 1
                    }
                };
                for term in terms {
                    let Entry::Vacant(entry) = met.entry((name, term)) else {
                        continue;
                    };
                    let folded = fold(term).into_owned();
                    let terms = &mut list[i].terms;
                    if let Err(at) = terms.binary_search_by(|(f, _)| js_cmp(f, &folded)) {
                        terms.insert(at, (folded.clone(), term.clone()));
                    }
                    entry.insert((i, folded));
                }
            }
        }
        let mut first = 0;
        for t in &mut list {
            t.first = first;
            first += t.terms.len();
        }
        let mut numbers: HashMap<String, HashMap<String, u32, FastHash>, FastHash> =
            HashMap::default();
        for ((name, spelling), (taxonomy, folded)) in met {
            let t = &list[taxonomy];
            if let Ok(i) = t.terms.binary_search_by(|(f, _)| js_cmp(f, &folded)) {
                numbers
                    .entry(name.to_string())
                    .or_default()
                    .insert(spelling.to_string(), (t.first + i) as u32);
            }
        }
        Taxonomies { list, numbers }
    }

    /// Global numbers of a page's terms, sorted.
    pub fn numbers(&self, doc: &SearchDoc) -> Vec<u32> {
        let mut out = Vec::new();
        for (name, _, terms) in &doc.taxonomies {
            let Some(numbers) = self.numbers.get(name) else {
                continue;
            };
            out.extend(terms.iter().filter_map(|term| numbers.get(term)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `[{name, title, first, terms: [display…]}]` for `meta.js`.
    pub fn to_json(&self) -> Value {
        self.list
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "title": t.title,
                    "first": t.first,
                    "terms": t.terms.iter().map(|(_, d)| d).collect::<Vec<_>>(),
                })
            })
            .collect()
    }
}

/// One block's data: per page, its term numbers as varint codes of
/// `gap × 2 + last`, gap from the previous number of the page; a page
/// without terms is `.`.
pub fn block(numbers: &[Vec<u32>]) -> String {
    let mut out = String::new();
    for page in numbers {
        if page.is_empty() {
            out.push('.');
        }
        let mut prev = 0;
        for (i, &n) in page.iter().enumerate() {
            let last = (i + 1 == page.len()) as u32;
            push_varint(&mut out, (n - prev) * 2 + last);
            prev = n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(section: &str, date: Option<&str>, themes: &[&str]) -> SearchDoc {
        SearchDoc {
            url: format!("{section}/{}/index.html", date.unwrap_or("x")),
            title: String::new(),
            section: section.into(),
            date: date.map(String::from),
            date_display: String::new(),
            description: String::new(),
            headings: vec![],
            body: "".into(),
            taxonomies: vec![(
                "themes".into(),
                "Thématiques".into(),
                themes.iter().map(|t| t.to_string()).collect(),
            )],
            extra: vec![],
        }
    }

    #[test]
    fn pages_are_grouped_by_section_then_newest_year() {
        let docs = vec![
            doc("Ateliers", Some("2021-01-02"), &[]),
            doc("Ressources", None, &[]),
            doc("Ateliers", Some("2023-05-06"), &[]),
            doc("Ateliers", Some("2023-01-06"), &[]),
        ];
        let order = page_order(&docs);
        assert_eq!(order, [2, 3, 0, 1]);
        let ordered: Vec<&SearchDoc> = order.iter().map(|&i| &docs[i]).collect();
        let (sections, groups) = groups(&ordered);
        assert_eq!(sections, ["Ateliers", "Ressources"]);
        assert_eq!(
            groups,
            [
                json!([0, 0, "2023"]),
                json!([2, 0, "2021"]),
                json!([3, 1, ""])
            ]
        );
    }

    #[test]
    fn terms_spelled_alike_are_one_term() {
        let docs = [
            doc("A", None, &["Périnatalité", "Consentement"]),
            doc("A", None, &["perinatalite"]),
        ];
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let tax = Taxonomies::new(&refs);
        assert_eq!(
            tax.to_json()[0]["terms"],
            json!(["Consentement", "Périnatalité"])
        );
        assert_eq!(tax.numbers(&docs[0]), [0, 1]);
        assert_eq!(tax.numbers(&docs[1]), [1]);
    }

    #[test]
    fn blocks_list_term_gaps_per_page() {
        // 0, 1, 40 → codes 0, 2, 79 (2 digits); nothing; 2 → code 5
        assert_eq!(block(&[vec![0, 1, 40], vec![], vec![2]]), "ACvC.F");
    }
}

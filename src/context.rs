//! The values templates see, built once per page from the `Site`. Listings
//! reuse one precomputed summary per page, so no template context ever
//! holds the whole site.

use crate::content::Page;
use crate::links::encode_path;
use crate::site::Site;
use crate::swar;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::Mutex;

#[derive(Serialize)]
pub struct TermRef {
    pub name: String,
    pub path: String,
}

#[derive(Serialize)]
pub struct PageTaxonomy {
    pub name: String,
    pub title: String,
    pub terms: Vec<TermRef>,
}

#[derive(Serialize)]
pub struct Attachment {
    pub name: String,
    pub path: String,
    pub size: u64,
    pub size_display: String,
    /// Upper-case extension (« PDF »).
    pub kind: String,
    /// Pictures are usually shown in the text, not offered as downloads.
    pub is_image: bool,
}

const IMAGE_KINDS: [&str; 7] = ["PNG", "JPG", "JPEG", "GIF", "SVG", "WEBP", "AVIF"];

/// « 1,2 Mo », « 350 ko »: sizes the way French readers see them.
pub fn human_size(bytes: u64, language: &str) -> String {
    let fr = crate::date::is_french(language);
    let (unit_k, unit_m, unit_b) = if fr {
        ("ko", "Mo", "o")
    } else {
        ("KB", "MB", "B")
    };
    let text = if bytes >= 1_000_000 {
        format!("{:.1} {unit_m}", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{} {unit_k}", (bytes + 500) / 1_000)
    } else {
        format!("{bytes} {unit_b}")
    };
    if fr {
        text.replace('.', ",")
    } else {
        text
    }
}

/// Section title, path and kind of a page.
fn section_ref(site: &Site, page: &Page) -> Value {
    let s = &site.content.sections[page.section];
    let title = if s.front.title.is_empty() {
        &site.config.title
    } else {
        &s.front.title
    };
    json!({ "title": title, "path": s.path, "kind": kind(site, page.section) })
}

/// What kind of pages a section holds, which picks their layout: the
/// section's `[extra] kind` when it says, else its folder name in the
/// singular (`ateliers/` → `atelier`, `cine-debats/` → `cine-debat`).
/// Pages of the home section are plain `page`s.
pub fn kind(site: &Site, section: usize) -> String {
    let s = &site.content.sections[section];
    if let Some(k) = s.front.extra.get("kind").and_then(|v| v.as_str()) {
        return k.to_string();
    }
    singular_kind(&s.path)
}

/// `cine-debats/` → `cine-debat`; the last folder of a section path.
pub fn singular_kind(path: &str) -> String {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match last {
        "" => "page".to_string(),
        l => l.strip_suffix('s').unwrap_or(l).to_string(),
    }
}

/// `[extra]` as templates see it: TOML dates become plain `2023-03-16`
/// strings, so `{{ page.extra.seances | first }}` prints a date, and the
/// `long_date` filter reads it.
pub fn extra_value(extra: &toml::Table) -> Value {
    fn fix(v: Value) -> Value {
        match v {
            Value::Object(map) if map.len() == 1 && map.contains_key(TOML_DATETIME) => {
                map.into_iter().next().map_or(Value::Null, |(_, v)| v)
            }
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, fix(v))).collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(fix).collect()),
            v => v,
        }
    }
    fix(json!(extra))
}

/// The field name under which the toml crate serializes a datetime.
const TOML_DATETIME: &str = "$__toml_private_datetime";

fn page_taxonomies(site: &Site, page: &Page) -> Vec<PageTaxonomy> {
    site.taxonomies
        .iter()
        .filter_map(|tax| {
            let spellings = page.front.taxonomies.get(&tax.taxonomy.name)?;
            let terms = spellings
                .iter()
                .filter_map(|s| tax.find(s))
                .map(|t| TermRef {
                    name: t.name.clone(),
                    path: t.path.clone(),
                })
                .collect::<Vec<_>>();
            (!terms.is_empty()).then(|| PageTaxonomy {
                name: tax.taxonomy.name.clone(),
                title: tax.taxonomy.config.title.clone(),
                terms,
            })
        })
        .collect()
}

/// Where a lent value sits in a job's context: the keys and list positions
/// that lead to it from the top (`groups`, 2, `pages`).
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(&'static str),
    Index(usize),
}

/// What one job borrowed: the value at `at` and the pages it shows.
#[derive(Debug)]
pub struct Loan {
    pub at: Vec<Step>,
    pub pages: Vec<usize>,
    pub kind: LoanKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LoanKind {
    /// A list of the summaries of `pages`.
    List,
    /// The summary of the one page.
    One,
    /// A page's `page` value: its summary plus [`PAGE_FIELDS`].
    Page,
}

/// The page summaries, lent to the jobs that show them. A large site shows
/// each page about six times (on its own page and its neighbours', in its
/// section, under each of its terms, in the agenda); copying a summary into
/// each job, then freeing every copy, was a sixth of a build. A job now
/// takes the summaries it shows off the shelf, moves them into its context
/// and puts them back once its file is rendered. A summary that is out (the
/// other worker holds it) is made again from the site.
///
/// The agenda and the section listings hold thousands of summaries for the
/// whole of their render: they run beside the page jobs, which borrow one
/// to three summaries each, so few are made again meanwhile
/// (`Templates::render_site`).
pub struct Lender<'a> {
    site: &'a Site,
    /// Each page's summary, while no job holds it.
    shelf: Vec<Mutex<Option<Value>>>,
    /// Summaries made beforehand, copied and never lent (`carnet serve`,
    /// which renders one page after an edit).
    made: Option<&'a [Value]>,
}

impl<'a> Lender<'a> {
    /// A lender of `summaries`, the summaries of every page of `site` in
    /// page order.
    pub fn new(site: &'a Site, summaries: Vec<Value>) -> Lender<'a> {
        assert_eq!(summaries.len(), site.content.pages.len());
        Lender {
            site,
            shelf: summaries.into_iter().map(|s| Mutex::new(Some(s))).collect(),
            made: None,
        }
    }

    /// A lender that copies `summaries` every time and takes nothing back.
    pub fn copying(site: &'a Site, summaries: &'a [Value]) -> Lender<'a> {
        Lender {
            site,
            shelf: Vec::new(),
            made: Some(summaries),
        }
    }

    fn shelf(&self, page: usize) -> std::sync::MutexGuard<'_, Option<Value>> {
        // a job that panicked leaves a summary or nothing: both are fine
        self.shelf[page].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The summary of `page` to move into a context, to give back.
    pub fn lend(&self, page: usize) -> Value {
        if let Some(made) = self.made {
            return made[page].clone();
        }
        let lent = self.shelf(page).take();
        lent.unwrap_or_else(|| page_summary(self.site, page))
    }

    /// Puts back a summary of `page` that `lend` gave, unchanged.
    pub fn give_back(&self, page: usize, summary: Value) {
        if self.made.is_none() {
            self.shelf(page).get_or_insert(summary);
        }
    }

    /// Frees the summaries on both cores. One after the other, freeing
    /// 10,000 of them took 54 ms at the end of the templates phase, with
    /// the other core idle (230 ms at 50,000 pages).
    pub fn free(self) {
        crate::free_in_parallel(self.shelf);
    }

    /// In debug builds (the tests), checks that every summary given back is
    /// the summary that went out: a field a job left on it would show in
    /// every later listing.
    pub fn check_shelf(&self) {
        if !cfg!(debug_assertions) {
            return;
        }
        for (page, slot) in self.shelf.iter().enumerate() {
            if let Some(summary) = &*slot.lock().unwrap_or_else(|e| e.into_inner()) {
                let made = page_summary(self.site, page);
                assert_eq!(summary, &made, "page {page}'s summary came back changed");
            }
        }
    }

    /// The summaries of `pages` as a template list at `at`, recorded in
    /// `loans`.
    pub fn list(&self, pages: Vec<usize>, at: Vec<Step>, loans: &mut Vec<Loan>) -> Value {
        let list = Value::Array(pages.iter().map(|&p| self.lend(p)).collect());
        loans.push(Loan {
            at,
            pages,
            kind: LoanKind::List,
        });
        list
    }

    /// Gives back what a job borrowed, taking it out of `values` (the job's
    /// own context values, after rendering). A value not found where the
    /// loan says is simply not given back.
    pub fn recycle(&self, values: &mut serde_json::Map<String, Value>, loans: Vec<Loan>) {
        for loan in loans {
            let Some(value) = value_at(values, &loan.at) else {
                continue;
            };
            match (loan.kind, std::mem::take(value)) {
                (LoanKind::List, Value::Array(items)) if items.len() == loan.pages.len() => {
                    for (page, summary) in loan.pages.into_iter().zip(items) {
                        self.give_back(page, summary);
                    }
                }
                (LoanKind::One, summary @ Value::Object(_)) => {
                    self.give_back(loan.pages[0], summary)
                }
                (LoanKind::Page, Value::Object(mut page)) => {
                    for key in PAGE_FIELDS {
                        page.remove(key);
                    }
                    self.give_back(loan.pages[0], Value::Object(page))
                }
                _ => {}
            }
        }
    }
}

fn value_at<'v>(
    values: &'v mut serde_json::Map<String, Value>,
    at: &[Step],
) -> Option<&'v mut Value> {
    let (Step::Key(first), rest) = at.split_first()? else {
        return None;
    };
    let mut value = values.get_mut(*first)?;
    for step in rest {
        value = match step {
            Step::Key(k) => value.get_mut(*k)?,
            Step::Index(i) => value.get_mut(*i)?,
        };
    }
    Some(value)
}

/// What listings show of a page.
pub fn page_summary(site: &Site, i: usize) -> Value {
    let page = &site.content.pages[i];
    let lang = &site.config.language;
    let rendered = &site.pages_html[i];
    let mut summary = json!({
        "title": page.front.title,
        "path": page.path,
        "date": page.front.date.map(|d| d.iso()),
        "date_display": page.front.date.map(|d| d.long(lang)),
        "year": page.front.date.map(|d| d.year),
        "description": page.front.description,
        "summary": rendered.summary,
        "kind": kind(site, page.section),
        "taxonomies": page_taxonomies(site, page),
        "weight": page.front.weight,
        "upcoming": site.is_upcoming(i),
    });
    let fields = summary.as_object_mut().expect("an object");
    fields.insert("section".into(), section_ref(site, page));
    fields.insert("extra".into(), extra_value(&page.front.extra));
    summary
}

/// The keys [`page_full`] adds to a page's summary: taken off again before
/// the summary goes back to the [`Lender`].
pub const PAGE_FIELDS: [&str; 9] = [
    "content",
    "toc",
    "word_count",
    "reading_minutes",
    "updated",
    "updated_display",
    "attachments",
    "previous",
    "next",
];

/// Everything a page template sees as `page` (at that key of its context;
/// `loans` records the summaries it holds, to give them back).
/// `body` is the page's HTML when the caller gives it away, else it is
/// copied from the site.
pub fn page_full(
    site: &Site,
    i: usize,
    lender: &Lender,
    body: Option<String>,
    loans: &mut Vec<Loan>,
) -> Value {
    let page = &site.content.pages[i];
    let rendered = &site.pages_html[i];
    let lang = &site.config.language;
    let mut value = lender.lend(i);
    let words = count_words(&rendered.text);
    let attachments: Vec<Attachment> = page
        .assets
        .iter()
        .map(|&a| &site.content.assets[a])
        .map(|a| {
            let name = a.output.rsplit('/').next().unwrap_or(&a.output).to_string();
            let kind = name
                .rsplit_once('.')
                .map(|(_, e)| e.to_uppercase())
                .unwrap_or_default();
            Attachment {
                is_image: IMAGE_KINDS.contains(&kind.as_str()),
                path: encode_path(&a.output),
                size_display: human_size(a.size, lang),
                size: a.size,
                kind,
                name,
            }
        })
        .collect();
    let (previous, next) = neighbours(site, i);
    let mut neighbour = |key: &'static str, p: Option<usize>| {
        let Some(p) = p else {
            return Value::Null;
        };
        loans.push(Loan {
            at: vec![Step::Key("page"), Step::Key(key)],
            pages: vec![p],
            kind: LoanKind::One,
        });
        lender.lend(p)
    };
    let fields: [(&str, Value); 9] = [
        (
            "content",
            Value::String(body.unwrap_or_else(|| rendered.html.clone())),
        ),
        ("toc", json!(rendered.headings)),
        ("word_count", json!(words)),
        ("reading_minutes", json!(words.div_ceil(200).max(1))),
        ("updated", json!(page.front.updated.map(|d| d.iso()))),
        (
            "updated_display",
            json!(page.front.updated.map(|d| d.long(lang))),
        ),
        ("attachments", json!(attachments)),
        ("previous", neighbour("previous", previous)),
        ("next", neighbour("next", next)),
    ];
    let obj = value.as_object_mut().expect("summary is an object");
    for (key, field) in fields {
        debug_assert!(PAGE_FIELDS.contains(&key));
        obj.insert(key.into(), field);
    }
    // last: giving the page back strips `previous` and `next`
    loans.push(Loan {
        at: vec![Step::Key("page")],
        pages: vec![i],
        kind: LoanKind::Page,
    });
    value
}

/// `text.split_whitespace().count()`, sixteen or eight bytes at a time
/// where the text is ASCII or accented letters (most of French text):
/// decoding every character to ask whether it is a space was 4% of a build.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut after_space, mut at) = (0, true, 0);
    while at < bytes.len() {
        // the bytes before the first that may start a space outside ASCII
        // (U+00A0 before « : », U+202F…; ’ starts alike) are read at once
        if let Some((lanes, spaces)) = sixteen_bytes(bytes, at).or_else(|| eight_bytes(bytes, at)) {
            if lanes > 0 {
                // a word starts at a byte that is not a space, after one that is
                let after = (spaces << 1) | u64::from(after_space);
                let starts = !spaces & after & ((1 << lanes) - 1);
                count += usize::from(BITS_SET[starts as u8 as usize])
                    + usize::from(BITS_SET[(starts >> 8) as u8 as usize]);
                after_space = spaces >> (lanes - 1) & 1 != 0;
                at += lanes as usize;
                continue;
            }
        }
        let space = match bytes[at] {
            b @ 0..0x80 => {
                at += 1;
                ascii_spaces(u64::from(b)) & 1 != 0
            }
            // the rest of a character the step began: it began with a byte
            // no space starts with
            0x80..0xC0 => {
                at += 1;
                false
            }
            _ => {
                let c = text[at..].chars().next().unwrap_or_default();
                at += c.len_utf8();
                c.is_whitespace()
            }
        };
        count += usize::from(after_space & !space);
        after_space = space;
    }
    count
}

/// For the eight bytes from `at`: how many come before the first that may
/// start a space outside ASCII, and one bit per byte (bit k for byte k)
/// for the ASCII spaces among them.
#[inline]
fn eight_bytes(bytes: &[u8], at: usize) -> Option<(u32, u64)> {
    let eight = swar::load(bytes, at)?;
    Some(if eight & swar::HIGH == 0 {
        (8, ascii_spaces(eight))
    } else {
        let lanes = unicode_space_starts(eight).trailing_zeros() / 8;
        let non_ascii = swar::lane_bits(eight & swar::HIGH);
        (lanes, ascii_spaces(eight & !swar::HIGH) & !non_ascii)
    })
}

/// [`eight_bytes`] for sixteen bytes, with the SSE2 instructions every
/// x86-64 processor has: half the steps, and no arithmetic to gather bits.
#[cfg(target_arch = "x86_64")]
#[inline]
fn sixteen_bytes(bytes: &[u8], at: usize) -> Option<(u32, u64)> {
    let sixteen: &[u8; 16] = bytes.get(at..at.checked_add(16)?)?.try_into().ok()?;
    // SAFETY: SSE2 is part of the x86-64 baseline that Rust compiles for
    Some(unsafe { sixteen_bytes_sse2(sixteen) })
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn sixteen_bytes_sse2(sixteen: &[u8; 16]) -> (u32, u64) {
    use std::arch::x86_64::*;
    // SAFETY: sixteen bytes, and the load has no alignment requirement
    let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
    let byte = |b: u8| _mm_set1_epi8(b as i8);
    // E2 and E3 differ in their lowest bit only
    let e2_or_e3 = _mm_cmpeq_epi8(_mm_or_si128(v, byte(1)), byte(0xE3));
    let c2_or_e1 = _mm_or_si128(_mm_cmpeq_epi8(v, byte(0xC2)), _mm_cmpeq_epi8(v, byte(0xE1)));
    let stops = _mm_or_si128(c2_or_e1, e2_or_e3);
    // `\t` to `\r`: compared as signed bytes, non-ASCII bytes are below both
    let controls = _mm_and_si128(
        _mm_cmpgt_epi8(v, byte(b'\t' - 1)),
        _mm_cmplt_epi8(v, byte(b'\r' + 1)),
    );
    let spaces = _mm_or_si128(_mm_cmpeq_epi8(v, byte(b' ')), controls);
    let lanes = (_mm_movemask_epi8(stops) as u32 | 1 << 16).trailing_zeros();
    (lanes, u64::from(_mm_movemask_epi8(spaces) as u32))
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn sixteen_bytes(_: &[u8], _: usize) -> Option<(u32, u64)> {
    None
}

/// The number of bits set in each byte value: `count_ones` is a dozen
/// instructions on x86-64 CPUs without `popcnt`, which Rust targets by
/// default.
const BITS_SET: [u8; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = (i as u8).count_ones() as u8;
        i += 1;
    }
    table
};

/// In eight bytes of UTF-8, the bytes that may start a space outside ASCII
/// (`char::is_whitespace` accepts no other): C2 (U+0085, U+00A0), E1
/// (U+1680), E2 (U+2000 to U+205F) or E3 (U+3000), as the high bit of
/// their byte.
fn unicode_space_starts(eight: u64) -> u64 {
    // E2 and E3 differ in their lowest bit only
    swar::bytes_equal(eight, 0xC2)
        | swar::bytes_equal(eight, 0xE1)
        | swar::bytes_equal(eight | swar::LANES, 0xE3)
}

/// One bit per byte of eight ASCII bytes (bit k for byte k): whether it is
/// one of the spaces `char::is_whitespace` accepts in ASCII (` `, `\t` to
/// `\r`).
fn ascii_spaces(eight: u64) -> u64 {
    swar::lane_bits(swar::bytes_equal(eight, b' ') | swar::in_range(eight, b'\t', b'\r'))
}

/// Previous and next page in the section's reading order; for sections
/// sorted by date, previous is the earlier one.
fn neighbours(site: &Site, i: usize) -> (Option<usize>, Option<usize>) {
    let section = &site.content.sections[site.content.pages[i].section];
    let Some(pos) = site.position_in_section(i) else {
        return (None, None);
    };
    let before = pos.checked_sub(1).map(|p| section.pages[p]);
    let after = section.pages.get(pos + 1).copied();
    if section.front.sort_by == crate::content::SortBy::Date {
        (after, before)
    } else {
        (before, after)
    }
}

/// Sections in reading order: lightest `weight` first, then by title.
fn by_weight_then_title(site: &Site, sections: &mut [usize]) {
    sections.sort_by_key(|&i| {
        let s = &site.content.sections[i];
        (
            s.front.weight.unwrap_or(i64::MAX),
            crate::taxonomy::collation_key(&s.front.title),
        )
    });
}

/// Pages grouped by section, sections in navigation order: a term page
/// shows its ateliers, then its ciné-débats, then its ressources. The value
/// of `key` in the job's context.
pub fn groups(
    site: &Site,
    pages: &[usize],
    lender: &Lender,
    key: &'static str,
    loans: &mut Vec<Loan>,
) -> Value {
    let mut sections: Vec<usize> = pages
        .iter()
        .map(|&p| site.content.pages[p].section)
        .collect();
    sections.sort_unstable();
    sections.dedup();
    by_weight_then_title(site, &mut sections);
    Value::Array(
        sections
            .iter()
            .enumerate()
            .map(|(g, &s)| {
                let section = &site.content.sections[s];
                let in_section: Vec<usize> = pages
                    .iter()
                    .copied()
                    .filter(|&p| site.content.pages[p].section == s)
                    .collect();
                let at = vec![Step::Key(key), Step::Index(g), Step::Key("pages")];
                let items = lender.list(in_section, at, loans);
                let title = if section.front.title.is_empty() {
                    &site.config.title
                } else {
                    &section.front.title
                };
                object([
                    ("title", json!(title)),
                    ("path", json!(section.path)),
                    ("kind", json!(kind(site, s))),
                    ("pages", items),
                ])
            })
            .collect(),
    )
}

/// A JSON object made of owned values, moved in: `json!` would copy each
/// value through serde, and listings hold thousands of page summaries.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

/// The sections shown in the main navigation: the home page's children.
pub fn navigation(site: &Site) -> Value {
    let mut order = site.content.sections[0].subsections.clone();
    by_weight_then_title(site, &mut order);
    let subs: Vec<&crate::content::Section> =
        order.iter().map(|&s| &site.content.sections[s]).collect();
    json!(subs
        .iter()
        .map(|s| json!({
            "title": s.front.title,
            "description": s.front.description,
            "path": s.path,
            "count": s.pages.len(),
        }))
        .collect::<Vec<_>>())
}

/// Every taxonomy with its terms and counts (small: terms, not pages):
/// `taxonomies` in every template, for the menu and the home page.
pub fn taxonomies(site: &Site) -> Value {
    json!(site
        .taxonomies
        .iter()
        .map(|t| json!({
            "name": t.taxonomy.name,
            "title": t.taxonomy.config.title,
            "path": t.path,
            "count": t.terms.len(),
            "terms": t.terms.iter().map(|term| json!({
                "name": term.name, "path": term.path, "count": term.pages.len()
            })).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_section_folders() {
        for (path, want) in [
            ("ateliers/", "atelier"),
            ("cine-debats/", "cine-debat"),
            ("ressources/", "ressource"),
            ("guide/", "guide"),
            ("archives/2022/", "2022"),
            ("", "page"),
        ] {
            assert_eq!(singular_kind(path), want, "{path}");
        }
    }

    #[test]
    fn toml_dates_in_extra_become_strings() {
        let extra: toml::Table =
            toml::from_str("seances = [2023-03-16, 2023-03-23T12:30:00]\nfilm = \"x\"").unwrap();
        assert_eq!(
            extra_value(&extra),
            json!({ "seances": ["2023-03-16", "2023-03-23T12:30:00"], "film": "x" })
        );
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_does(text in "[a-z\\x00-\\x20\\x7fé \t\n\u{a0}\u{202f}\u{2009}\u{3000}\u{85}\u{0b}\u{0c}’.]{0,60}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }

        // characters whose UTF-8 bytes look like spaces' (C2 AB for «,
        // E2 80 99 for ’, C3 A0 for à, a continuation byte A0 like
        // U+00A0's) and others of one to four bytes, cut anywhere by the
        // eight-byte steps
        #[test]
        fn words_are_counted_across_multibyte_characters(text in "[a \u{a0}«»àéœ’\u{2009}\u{2028}\u{202f}\u{205f}\u{1680}\u{3000}\u{3001}ḁ\u{10348}\u{85}\u{a9}\u{e0a0}\u{2060}]{0,80}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn sizes_in_french() {
        assert_eq!(human_size(512, "fr"), "512 o");
        assert_eq!(human_size(35_400, "fr"), "35 ko");
        assert_eq!(human_size(1_234_567, "fr"), "1,2 Mo");
        assert_eq!(human_size(1_234_567, "en"), "1.2 MB");
    }
}

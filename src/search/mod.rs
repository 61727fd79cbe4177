//! The search index: built from the finished `Site`, written beside it as
//! small JavaScript shards that a plain `<script>` tag can load, so search
//! works over http and from `file://` alike, with no request leaving the site.

pub mod analysis;
mod encode;
mod facets;
mod fields;
mod files;
mod interner;
mod terms;

use rayon::prelude::*;
use serde::Deserialize;

/// One page as the search index sees it. Built by `build` from the `Site`;
/// every string is plain text (no HTML), as the author wrote it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Path of the page from the site root, with its `index.html`
    /// (`ateliers/excision/index.html`); the client prefixes the root.
    pub url: String,
    pub title: String,
    /// Title of the page's section (« Ateliers »), empty for root pages.
    pub section: String,
    /// ISO date `YYYY-MM-DD`, if the page has one.
    pub date: Option<String>,
    /// The date as readers see it (« 21 mars 2023 »).
    pub date_display: String,
    pub description: String,
    /// Text of the page's headings, in order.
    pub headings: Vec<String>,
    /// Plain text of the body, shared with the rendered page.
    pub body: std::sync::Arc<str>,
    /// (taxonomy name, its display title, the page's terms) in site order.
    pub taxonomies: Vec<(String, String, Vec<String>)>,
    /// Every text value of `[extra]`, flattened: (`realisation`, "Didier Cros").
    pub extra: Vec<(String, String)>,
}

/// `[search]` in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Write the index at all.
    pub enabled: bool,
    /// Weight of each field by name: `title`, `headings`, `taxonomies`,
    /// `description`, `body`, `extra`, or `extra.KEY` for one `[extra]` key.
    /// A weight of 0 excludes the field.
    pub weights: std::collections::BTreeMap<String, f32>,
}

impl SearchConfig {
    /// Checks `[search.weights]`: known field names, weights ≥ 0. Call it
    /// where `site.toml` is loaded, so the message can point at the file.
    pub fn check(&self) -> Result<(), crate::i18n::Text> {
        fields::check(self)
    }
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            weights: Default::default(),
        }
    }
}

/// One file of the index, relative to the output root.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Builds the whole index for `docs`; nothing when search is disabled.
/// Weights under unknown field names are ignored (see [`SearchConfig::check`]).
pub fn build_index(docs: &[SearchDoc], config: &SearchConfig) -> Vec<IndexFile> {
    let mut all = Vec::new();
    let emitted = build_index_into(docs, config, &mut |files| {
        all.extend(files);
        Ok::<(), std::convert::Infallible>(())
    });
    match emitted {
        Ok(_) => all,
        Err(never) => match never {},
    }
}

/// Pages of result data (`d/N.js`) made and handed over at once.
const PAGES_PER_BATCH: usize = 1024;
const _: () = assert!(PAGES_PER_BATCH % files::DOCS_PER_FILE == 0);

/// [`build_index`], handing the files to `emit` a batch at a time, in the
/// order `build_index` lists them, instead of holding them all: the result
/// data alone is 23 MB at 10,000 pages. Returns how many files were
/// emitted; stops at the first error `emit` returns.
pub fn build_index_into<E>(
    docs: &[SearchDoc],
    config: &SearchConfig,
    emit: &mut dyn FnMut(Vec<IndexFile>) -> Result<(), E>,
) -> Result<usize, E> {
    if !config.enabled {
        return Ok(0);
    }
    let docs: Vec<&SearchDoc> = facets::page_order(docs)
        .into_iter()
        .map(|i| &docs[i])
        .collect();
    let fields = fields::Fields::new(&docs, config);
    let terms = terms::collect(&docs, &fields);
    let (sections, groups) = facets::groups(&docs);
    let taxonomies = facets::Taxonomies::new(&docs);
    let terms_of_pages: Vec<Vec<u32>> = docs.par_iter().map(|d| taxonomies.numbers(d)).collect();

    let mut hash = ContentHash::default();
    let mut count = 0;
    let mut hand_over = |files: Vec<IndexFile>| {
        hash.add(&files);
        count += files.len();
        emit(files)
    };
    let (vocabulary_files, vocabulary) = files::vocabulary(&terms);
    hand_over(vocabulary_files)?;
    let (postings, postings_firsts) = files::postings(&terms);
    hand_over(postings)?;
    drop(terms);
    for first in (0..docs.len()).step_by(PAGES_PER_BATCH) {
        let end = (first + PAGES_PER_BATCH).min(docs.len());
        hand_over(files::pages(
            &docs[first..end],
            first,
            &sections,
            &terms_of_pages[first..end],
        ))?;
    }
    hand_over(files::blocks(&terms_of_pages))?;
    let meta = files::Meta {
        pages: docs.len(),
        vocabulary,
        postings: postings_firsts,
        sections,
        groups,
        taxonomies: taxonomies.to_json(),
        hash: hash.finish(),
    };
    // meta.js names the hash of the others, so it is not part of it
    emit(vec![files::meta(&meta)])?;
    Ok(count + 1)
}

/// A hash of every shard, path and bytes: the client appends it to shard
/// URLs so a browser never mixes shards of two builds from its cache.
/// (xxh3, chained: FNV-1a read the 30 MB of a 10,000-page index byte by byte.)
#[derive(Default)]
struct ContentHash(u64);

impl ContentHash {
    fn add(&mut self, files: &[IndexFile]) {
        use xxhash_rust::xxh3::xxh3_64_with_seed;
        for f in files {
            self.0 = xxh3_64_with_seed(f.path.as_bytes(), self.0);
            self.0 = xxh3_64_with_seed(&f.bytes, self.0);
        }
    }

    fn finish(&self) -> String {
        format!("{:08x}", self.0 as u32)
    }
}

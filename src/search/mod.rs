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
    if !config.enabled {
        return Vec::new();
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

    let (mut out, vocabulary) = files::vocabulary(&terms);
    let (postings, postings_firsts) = files::postings(&terms);
    out.extend(postings);
    out.extend(files::pages(&docs, &sections, &terms_of_pages));
    out.extend(files::blocks(&terms_of_pages));
    let meta = files::Meta {
        pages: docs.len(),
        vocabulary,
        postings: postings_firsts,
        sections,
        groups,
        taxonomies: taxonomies.to_json(),
        hash: content_hash(&out),
    };
    out.push(files::meta(&meta));
    out
}

/// A hash of every shard, path and bytes: the client appends it to shard
/// URLs so a browser never mixes shards of two builds from its cache.
/// (xxh3, chained: FNV-1a read the 30 MB of a 10,000-page index byte by byte.)
fn content_hash(files: &[IndexFile]) -> String {
    use xxhash_rust::xxh3::xxh3_64_with_seed;
    let mut h = 0;
    for f in files {
        h = xxh3_64_with_seed(f.path.as_bytes(), h);
        h = xxh3_64_with_seed(&f.bytes, h);
    }
    format!("{:08x}", h as u32)
}

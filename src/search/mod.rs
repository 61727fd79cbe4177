//! The search index: built from the finished `Site`, written beside it as
//! small JavaScript shards that a plain `<script>` tag can load, so search
//! works over http and from `file://` alike, with no request leaving the site.

pub mod analysis;

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
    /// Plain text of the body.
    pub body: String,
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

/// Builds the whole index for `docs`.
pub fn build_index(docs: &[SearchDoc], config: &SearchConfig) -> Vec<IndexFile> {
    let _ = (docs, config);
    Vec::new()
}

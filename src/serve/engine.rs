//! The rebuild engine of `carnet serve`: it keeps the last good site in
//! memory and turns "these source files changed" into the new output files.
//!
//! Correctness first: after any sequence of changes the output must be
//! byte-for-byte what `build::write` gives for a clean `build::load` of the
//! same sources (tests/serve_never_stale.rs checks it on random edits). So
//! there is exactly one shortcut, taken only when it is provably equal
//! (see `incremental`), and everything else is a full rebuild through the
//! same `build::load` / `build::write_pages` as `carnet build`.
//!
//! The search index is the slow part of a build (seconds on 10,000 pages),
//! so it is not rebuilt here: the engine hands out an `IndexJob` that the
//! server runs on another thread after the reload, and takes the result
//! back with `set_index`. The index is the only output that can lag behind.

use super::incremental::{self, Edit};
use crate::build::{self, Loaded};
use crate::error::Error;
use crate::links::LinkMaps;
use crate::output::MemorySink;
use crate::search::{self, IndexFile, SearchConfig, SearchDoc};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Output files by path (`ateliers/excision/index.html`), shared with the
/// HTTP threads without copying the bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The sources changed in no way that matters (a file saved unchanged).
    Unchanged,
    /// A new site is ready; `html` HTML files were rendered again.
    Rebuilt { full: bool, html: usize },
    /// The sources have an error: the previous site is kept.
    Failed(Error),
}

/// The search index to build for one state of the site.
pub struct IndexJob {
    pub generation: u64,
    pub docs: Vec<SearchDoc>,
    pub config: SearchConfig,
}

impl IndexJob {
    /// Builds the index: slow, meant for another thread.
    pub fn run(&self) -> Vec<IndexFile> {
        if self.config.enabled {
            search::build_index(&self.docs, &self.config)
        } else {
            Vec::new()
        }
    }
}

/// What the incremental path needs besides the site itself; valid only for
/// the `Loaded` it was computed from.
pub(super) struct Cache {
    pub loaded: Loaded,
    pub maps: LinkMaps,
    pub summaries: Vec<Value>,
    pub base: Map<String, Value>,
    pub docs: Vec<SearchDoc>,
    /// Path under `content/` → page index.
    pub page_by_source: HashMap<String, usize>,
}

impl Cache {
    fn new(loaded: Loaded) -> Cache {
        let site = &loaded.site;
        let maps = LinkMaps::new(
            &site.content,
            &build::static_outputs(&loaded.theme),
            site.config.index_suffix(),
        );
        let summaries = crate::templates::page_summaries(site);
        let base = loaded.templates.base_context(site);
        let docs = build::search_docs(site);
        let page_by_source = site
            .content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.content_rel.clone(), i))
            .collect();
        Cache {
            loaded,
            maps,
            summaries,
            base,
            docs,
            page_by_source,
        }
    }
}

/// The site being served and how to bring it up to date.
pub struct Engine {
    root: PathBuf,
    drafts: bool,
    files: Files,
    /// Paths in `files` that came from the search index.
    index_paths: BTreeSet<String>,
    /// `None` until the first good build, and after a failed one: the next
    /// change then rebuilds everything.
    cache: Option<Cache>,
    /// Bumped whenever the search docs change.
    generation: u64,
    index_pending: bool,
    /// The path of `base_url` of the site in `files`.
    base_path: Option<String>,
}

impl Engine {
    pub fn new(root: &Path, drafts: bool) -> Engine {
        Engine {
            root: root.to_path_buf(),
            drafts,
            files: Files::new(),
            index_paths: BTreeSet::new(),
            cache: None,
            generation: 0,
            index_pending: false,
            base_path: None,
        }
    }

    /// The files of the last good build (empty before the first one).
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The path of the `base_url` of the site in `files` (`/guide/`).
    pub fn base_path(&self) -> Option<&str> {
        self.base_path.as_deref()
    }

    /// Whether a site has been built at all.
    pub fn has_site(&self) -> bool {
        !self.files.is_empty()
    }

    /// Rebuilds everything, as `carnet build` would, into memory.
    pub fn full(&mut self) -> Outcome {
        self.cache = None;
        let loaded = match build::load(&self.root, self.drafts) {
            Ok(loaded) => loaded,
            Err(e) => return Outcome::Failed(e),
        };
        let sink = MemorySink::default();
        let html = match build::write_pages(&loaded, &sink) {
            Ok((html, _)) => html,
            Err(e) => return Outcome::Failed(e),
        };
        let written = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files: Files = written
            .into_iter()
            .map(|(path, bytes)| (path, Arc::from(bytes)))
            .collect();
        // Until the new index is ready, the previous one is served.
        for path in &self.index_paths {
            if let Some(bytes) = self.files.get(path) {
                files.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
        }
        self.files = files;
        self.base_path = loaded.site.config.base_path().map(str::to_string);
        self.cache = Some(Cache::new(loaded));
        self.docs_changed();
        Outcome::Rebuilt { full: true, html }
    }

    /// Brings the site up to date after `changed` (paths relative to the
    /// site root, `/`-separated) changed on disk.
    pub fn apply(&mut self, changed: &BTreeSet<String>) -> Outcome {
        let Some(cache) = self.cache.as_mut() else {
            return self.full();
        };
        let Some(edits) = incremental::plan(cache, &self.root, changed) else {
            return self.full();
        };
        if edits.is_empty() {
            return Outcome::Unchanged;
        }
        match apply_edits(cache, &edits, &mut self.files) {
            Some(html) => {
                self.docs_changed();
                Outcome::Rebuilt { full: false, html }
            }
            None => self.full(),
        }
    }

    fn docs_changed(&mut self) {
        self.generation += 1;
        self.index_pending = true;
    }

    /// The index to build for the current site, once per change.
    pub fn take_index_job(&mut self) -> Option<IndexJob> {
        if !self.index_pending {
            return None;
        }
        let cache = self.cache.as_ref()?;
        self.index_pending = false;
        Some(IndexJob {
            generation: self.generation,
            docs: cache.docs.clone(),
            config: cache.loaded.site.config.search.clone(),
        })
    }

    /// Takes a finished index in. Returns false (and drops it) when the
    /// site changed since its job was handed out.
    pub fn set_index(&mut self, generation: u64, index: Vec<IndexFile>) -> bool {
        if generation != self.generation {
            return false;
        }
        for path in std::mem::take(&mut self.index_paths) {
            self.files.remove(&path);
        }
        for f in index {
            self.index_paths.insert(f.path.clone());
            self.files.insert(f.path, Arc::from(f.bytes));
        }
        true
    }

    /// Builds the pending index here and now: for tests.
    pub fn settle_index(&mut self) {
        if let Some(job) = self.take_index_job() {
            let files = job.run();
            self.set_index(job.generation, files);
        }
    }
}

/// Applies body edits to the cached site and re-renders their pages.
/// `None` when the shortcut does not hold after all: the caller then
/// rebuilds everything (the cache may be half-updated, and is dropped).
fn apply_edits(cache: &mut Cache, edits: &[Edit], files: &mut Files) -> Option<usize> {
    let rendered = incremental::rerender(cache, edits)?;
    let mut html = 0;
    for (file, bytes) in rendered {
        files.insert(file, Arc::from(bytes.into_bytes()));
        html += 1;
    }
    Some(html)
}

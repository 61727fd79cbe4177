//! The build pipeline, with the order of its phases decided here and only
//! here: config → content → site → HTML, static files, search index → output.

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Result};
use crate::feeds;
use crate::i18n::Text;
use crate::intros::{self, Intros};
use crate::output::{Sink, Staging};
use crate::search::{self, SearchDoc};
use crate::site::{self, Site};
use crate::templates::Templates;
use crate::text;
use crate::theme::{StaticSource, Theme};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What `carnet build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub html_files: usize,
    pub copied_files: usize,
    pub index_files: usize,
    pub warnings: Vec<Diagnostic>,
    pub duration: Duration,
    /// Wall time of each phase, in order, for `--verbose` and benchmarks.
    pub phases: Vec<(Text, Duration)>,
    pub output: PathBuf,
}

/// Everything loaded and checked, nothing written yet. `carnet check` stops
/// here; `carnet build` and `carnet serve` go on to `write`.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub templates: Templates,
    /// Introductions of taxonomy terms (`taxonomies/<name>/<term>.md`).
    pub intros: Intros,
}

/// Reads and checks every source of the site.
pub fn load(root: &std::path::Path, drafts: bool) -> Result<Loaded> {
    let config = Config::load(root)?;
    let theme = Theme::load(&config)?;
    // Tera parses the templates on one core (20 ms for the theme); the
    // content, read and parsed on both, fills the other meanwhile. A broken
    // template is reported first, as when they were read one after the other.
    let (templates, content) =
        rayon::join(|| Templates::new(&theme), || content::load(root, drafts));
    let mut templates = templates?;
    let content = content?;
    let static_files = static_outputs(&theme);
    let feed_warnings = feeds::warnings(&config);
    let mut site = site::assemble(config, content, &static_files)?;
    let (intros, intro_warnings) = intros::load(&site, &static_files)?;
    site.warnings.extend(intro_warnings);
    site.warnings.extend(feed_warnings);
    templates.fold_for(&site, &theme);
    Ok(Loaded {
        site,
        theme,
        templates,
        intros,
    })
}

/// Output paths of the theme's and the site's static files, so links to
/// them can be checked.
pub fn static_outputs(theme: &Theme) -> HashSet<String> {
    theme
        .static_files
        .iter()
        .map(|f| f.output.clone())
        .collect()
}

/// Counts of what `write` produced.
pub struct Written {
    pub html_files: usize,
    pub copied_files: usize,
    pub index_files: usize,
}

/// Renders the site into `sink`: HTML, static files, attachments, search
/// index. `loaded` is left as it was, so it can render again (`carnet
/// serve`, the tests' clean builds). The search index is built after the
/// pages, not beside them: both use both cores already, and side by side
/// their peaks of memory would add up.
pub fn write(loaded: &Loaded, sink: &dyn Sink) -> Result<Written> {
    let (html_files, copied_files) = write_pages(loaded, sink)?;
    let index_files = write_search_index(&loaded.site, sink)?;
    Ok(Written {
        html_files,
        copied_files,
        index_files,
    })
}

/// Everything but the search index: feeds and sitemap, HTML, then static
/// files and attachments. Returns (HTML files, copied files). `carnet
/// serve` calls it alone and builds the (slow) index afterwards, off the
/// reload path.
pub fn write_pages(loaded: &Loaded, sink: &dyn Sink) -> Result<(usize, usize)> {
    write_feeds(loaded, sink)?;
    render_and_copy(loaded, sink, None)
}

/// `write_pages` for a build that renders once (`carnet build`): each
/// page's HTML body moves into its template context and is freed once
/// written, instead of being copied and kept, which lowers the peak memory
/// of a large site by about the size of all its bodies. The same files
/// result. `loaded` then holds no page bodies and must not render pages
/// again; the search index does not need them.
pub fn write_pages_releasing(loaded: &mut Loaded, sink: &dyn Sink) -> Result<(usize, usize)> {
    // The feeds quote the bodies: they go first.
    write_feeds(loaded, sink)?;
    let bodies = loaded.site.take_page_bodies();
    render_and_copy(loaded, sink, Some(bodies))
}

/// HTML files (with the pages' bodies moved in when given, see
/// `Templates::render_site`), then static files and attachments.
fn render_and_copy(
    loaded: &Loaded,
    sink: &dyn Sink,
    bodies: Option<Vec<String>>,
) -> Result<(usize, usize)> {
    let Loaded {
        site,
        theme,
        templates,
        intros,
    } = loaded;
    let html_files = templates.render_site(site, intros, sink, bodies)?;
    let copied_files = copy_files(site, theme, sink)?;
    Ok((html_files, copied_files))
}

/// Atom feeds, sitemap.xml and robots.txt, unless the site's own static
/// files provide them.
pub fn write_feeds(loaded: &Loaded, sink: &dyn Sink) -> Result<()> {
    let taken: HashSet<String> = loaded
        .theme
        .static_files
        .iter()
        .map(|f| f.output.clone())
        .collect();
    let listed = loaded.templates.listed_paths(&loaded.site);
    let files = feeds::render(&loaded.site, &loaded.theme.translations, &listed, &taken);
    for (path, text) in &files {
        sink.write(path, text.as_bytes())?;
    }
    Ok(())
}

/// Copies the static files and the attachments into `sink`.
pub fn copy_files(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<usize> {
    theme
        .static_files
        .par_iter()
        .map(|f| match &f.source {
            StaticSource::Embedded(bytes) => sink.write(&f.output, bytes),
            StaticSource::Disk(path) => sink.copy(&f.output, path),
        })
        .collect::<Result<Vec<()>>>()?;
    site.content
        .assets
        .par_iter()
        .map(|a| sink.copy(&a.output, &site.config.root.join(&a.source)))
        .collect::<Result<Vec<()>>>()?;
    Ok(theme.static_files.len() + site.content.assets.len())
}

/// The search index's files, if the site has search. Returns how many.
pub fn write_search_index(site: &Site, sink: &dyn Sink) -> Result<usize> {
    if !site.config.search.enabled {
        return Ok(0);
    }
    let docs = search_docs(site);
    // thousands of small files (vocabulary, postings, result data), written
    // a batch at a time as they are made, each batch on both cores
    let count = search::build_index_into(&docs, &site.config.search, &mut |files| {
        files
            .par_iter()
            .try_for_each(|f| sink.write(&f.path, &f.bytes))
    })?;
    // one after the other, freeing the docs took 12 ms at 10,000 pages
    crate::free_in_parallel(docs);
    Ok(count)
}

/// The search index's view of every page.
pub fn search_docs(site: &Site) -> Vec<SearchDoc> {
    (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| search_doc(site, i))
        .collect()
}

/// The search index's view of page `i`.
pub fn search_doc(site: &Site, i: usize) -> SearchDoc {
    let lang = &site.config.language;
    let suffix = site.config.index_suffix();
    let page = &site.content.pages[i];
    let section = &site.content.sections[page.section];
    let rendered = &site.pages_html[i];
    let mut extra = Vec::new();
    flatten_extra(
        "",
        &toml::Value::Table(page.front.extra.clone()),
        &mut extra,
    );
    SearchDoc {
        url: format!("{}{suffix}", page.path),
        title: page.front.title.clone(),
        section: section.front.title.clone(),
        date: page.front.date.map(|d| d.iso()),
        date_display: page.front.date.map(|d| d.long(lang)).unwrap_or_default(),
        description: page.front.description.clone(),
        headings: rendered.headings.iter().map(|h| h.title.clone()).collect(),
        body: std::sync::Arc::clone(&rendered.text),
        taxonomies: site
            .taxonomies
            .iter()
            .filter_map(|tax| {
                let spellings = page.front.taxonomies.get(&tax.taxonomy.name)?;
                let terms: Vec<String> = spellings
                    .iter()
                    .filter_map(|s| tax.find(s))
                    .map(|t| t.name.clone())
                    .collect();
                Some((
                    tax.taxonomy.name.clone(),
                    tax.taxonomy.config.title.clone(),
                    terms,
                ))
            })
            .collect(),
        extra,
    }
}

/// Every text and number of `[extra]`, as (`key`, value) pairs; nested keys
/// are joined with dots (`contact.telephone`).
fn flatten_extra(prefix: &str, value: &toml::Value, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        toml::Value::Integer(n) => out.push((prefix.to_string(), n.to_string())),
        toml::Value::Float(n) => out.push((prefix.to_string(), n.to_string())),
        toml::Value::Array(items) => items.iter().for_each(|v| flatten_extra(prefix, v, out)),
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten_extra(&key, v, out);
            }
        }
        toml::Value::Boolean(_) | toml::Value::Datetime(_) => {}
    }
}

/// `carnet build`: load, write into a staging folder, swap it in.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let mut phases = Vec::new();
    let mut lap = Instant::now();
    let mut phase = |name: Text| {
        phases.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let output = options.output_dir();
    let staging = Staging::new(&output, &options.root)?;
    let mut loaded = load(&options.root, options.drafts)?;
    loaded.site.release_sources();
    phase(text!(
        "lecture et rendu Markdown",
        "reading and rendering Markdown"
    ));
    let (html_files, copied_files) = write_pages_releasing(&mut loaded, &staging)?;
    phase(text!("gabarits, flux, copies", "templates, feeds, copies"));
    let index_files = write_search_index(&loaded.site, &staging)?;
    phase(text!("index de recherche", "search index"));
    staging.commit()?;
    phase(text!("remplacement de la sortie", "swapping the output in"));
    let mut site = loaded.site;
    let (pages, sections) = (site.content.pages.len(), site.content.sections.len());
    let terms = site.taxonomies.iter().map(|t| t.terms.len()).sum();
    let warnings = std::mem::take(&mut site.warnings);
    site.free();
    Ok(BuildReport {
        pages,
        sections,
        terms,
        html_files,
        copied_files,
        index_files,
        warnings,
        duration: start.elapsed(),
        phases,
        output,
    })
}

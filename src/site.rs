//! Assembling everything into one immutable `Site`: URLs checked for
//! duplicates, pages sorted, Markdown rendered with links resolved, terms
//! grouped. Nothing after this step changes the site.

use crate::check::rules;
use crate::config::Config;
use crate::content::{Content, SortBy};
use crate::date::Date;
use crate::error::{display_path, Diagnostic, Error, Location, Result};
use crate::links::{root_of, AnchorCheck, DocLinks, LinkMaps, Target};
use crate::markdown::{render, Rendered};
use crate::taxonomy::{self, collation_key, TaxonomyTerms};
use crate::text;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// URL path of the search page.
pub const SEARCH_PATH: &str = "recherche/";

/// URL path of the agenda page (every dated page by month).
pub const AGENDA_PATH: &str = "agenda/";

/// The whole site, ready to be turned into files.
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// Rendered body of each page, same index as `content.pages`.
    pub pages_html: Vec<Rendered>,
    pub sections_html: Vec<Rendered>,
    pub taxonomies: Vec<TaxonomyTerms>,
    /// Every page, newest first (undated last, by title).
    pub chronological: Vec<usize>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Index of each page in its section's sorted `pages`, so previous/next
    /// are found without scanning the section (10,000 pages × 4,500).
    pub section_positions: Vec<usize>,
    /// Today's date, fixed once so every page agrees on what is upcoming.
    pub today: Date,
}

impl Site {
    /// Frees the Markdown, the front matter as written, and the anchors and
    /// body facts of each page. Only the checks
    /// (done by now) and the dev server's incremental rebuilds read them; a
    /// one-shot build keeps the rendered HTML and text, and saves the size
    /// of the sources (60 MB at 10,000 pages).
    ///
    /// On both cores: one after the other, the frees took 10 ms at 10,000
    /// pages, 55 ms at 50,000.
    pub fn release_sources(&mut self) {
        self.content.pages.par_iter_mut().for_each(|page| {
            page.body = String::new();
            page.front_toml = String::new();
        });
        for section in &mut self.content.sections {
            section.body = String::new();
        }
        // Anchors served the link checks, facts the body checks: both done.
        self.pages_html
            .par_iter_mut()
            .chain(self.sections_html.par_iter_mut())
            .for_each(|rendered| {
                rendered.anchors = Default::default();
                rendered.facts = Default::default();
            });
    }

    /// Drops the site with its pages freed on both cores, for the end of a
    /// one-shot build: one after the other, 16 ms at 10,000 pages and 80 ms
    /// at 50,000, between the last file written and the exit.
    pub fn free(mut self) {
        crate::free_in_parallel(std::mem::take(&mut self.content.pages));
        crate::free_in_parallel(std::mem::take(&mut self.pages_html));
    }

    /// Takes every page's HTML body out, leaving it empty, for a build that
    /// renders each page once (`build::write_releasing`).
    pub fn take_page_bodies(&mut self) -> Vec<String> {
        self.pages_html
            .iter_mut()
            .map(|rendered| std::mem::take(&mut rendered.html))
            .collect()
    }

    /// Where page `i` stands in its section's reading order.
    pub fn position_in_section(&self, i: usize) -> Option<usize> {
        self.section_positions
            .get(i)
            .copied()
            .filter(|&p| p != usize::MAX)
    }

    /// A page is upcoming when its date is after today: listed « à venir ».
    pub fn is_upcoming(&self, page: usize) -> bool {
        self.content.pages[page]
            .front
            .date
            .is_some_and(|d| d.day_only() > self.today)
    }
}

/// Builds the `Site`. `static_files` are the output paths of the static
/// folders, so links to them can be checked.
pub fn assemble(
    config: Config,
    mut content: Content,
    static_files: &HashSet<String>,
) -> Result<Site> {
    // Files that failed to parse are reported with everything else.
    let mut problems = std::mem::take(&mut content.problems);
    problems.extend(check_unique_paths(&config, &content));
    let chronological = sort_pages(&mut content);
    // the link maps are built on one core (62 ms at 50,000 pages): beside
    // the terms, which are grouped one taxonomy per task
    let ((taxonomies, tax_problems), maps) = rayon::join(
        || taxonomy::collect(&config, &content.pages, &chronological),
        || LinkMaps::new(&content, static_files, config.index_suffix()),
    );
    problems.extend(tax_problems);

    let rendered = render_all(&content, &maps);
    let (pages_html, sections_html) = (rendered.pages, rendered.sections);
    problems.extend(rendered.problems);
    problems.extend(check_anchors(
        &content,
        &pages_html,
        &sections_html,
        rendered.anchors,
    ));
    let today = Date::today();
    problems.extend(rules::run(&rules::Inputs {
        config: &config,
        content: &content,
        pages_html: &pages_html,
        used_files: &rendered.used_files,
        today,
    }));

    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(|d| d.is_error());
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(Error::Content(all));
    }
    let mut section_positions = vec![usize::MAX; content.pages.len()];
    for section in &content.sections {
        for (pos, &page) in section.pages.iter().enumerate() {
            section_positions[page] = pos;
        }
    }
    Ok(Site {
        section_positions,
        config,
        content,
        pages_html,
        sections_html,
        taxonomies,
        chronological,
        warnings,
        today,
    })
}

/// Two sources must never write the same URL, and no page may take a URL
/// the site itself needs (taxonomy indexes, the search page).
fn check_unique_paths(config: &Config, content: &Content) -> Vec<Diagnostic> {
    let mut owners: HashMap<&str, &std::path::Path> = HashMap::new();
    let mut problems = Vec::new();
    let reserved: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}/", t.name))
        .chain([SEARCH_PATH.to_string(), AGENDA_PATH.to_string()])
        .collect();
    let sources = content
        .sections
        .iter()
        .filter(|s| s.from_file)
        .map(|s| (s.path.as_str(), s.source.as_path()))
        .chain(
            content
                .pages
                .iter()
                .map(|p| (p.path.as_str(), p.source.as_path())),
        );
    for (path, source) in sources {
        if let Some(r) = reserved.iter().find(|r| path == r.as_str()) {
            problems.push(
                Diagnostic::error(
                    Location::file(source),
                    text!(
                        "l'adresse /{r} est réservée par carnet (index d'une taxonomie ou page de recherche)",
                        "the address /{r} is reserved by carnet (a taxonomy index or the search page)"
                    ),
                )
                .with_help(text!(
                    "renommez ce fichier ou ce dossier, ou donnez-lui un autre `slug`",
                    "rename this file or folder, or give it another `slug`"
                )),
            );
        }
        if let Some(first) = owners.insert(path, source) {
            problems.push(
                Diagnostic::error(
                    Location::file(source),
                    text!(
                        "cette page aurait la même adresse /{path} que {first}",
                        "this page would get the same address /{path} as {first}",
                        first = display_path(first)
                    ),
                )
                .with_help(text!(
                    "donnez à l'une des deux un autre nom de fichier ou un `slug` différent dans l'en-tête",
                    "give one of the two another file name, or a different `slug` in its front matter"
                )),
            );
        }
    }
    problems
}

/// Newest first; undated pages after dated ones, by title, then by path.
/// `title_keys[i]` is page `i`'s collation key, made once: sorting 50,000
/// pages compares about 800,000 pairs, most of them on the same date, and
/// folding both titles at each comparison took 0.4 s on one core.
fn compare_by_date(
    pages: &[crate::content::Page],
    title_keys: &[String],
    a: usize,
    b: usize,
) -> std::cmp::Ordering {
    let (pa, pb) = (&pages[a], &pages[b]);
    pb.front
        .date
        .cmp(&pa.front.date)
        .then_with(|| title_keys[a].cmp(&title_keys[b]))
        .then_with(|| pa.path.cmp(&pb.path))
}

/// Sorts each section's pages its own way; returns all pages newest first.
fn sort_pages(content: &mut Content) -> Vec<usize> {
    let pages = &content.pages;
    let title_keys: Vec<String> = pages
        .par_iter()
        .map(|p| collation_key(&p.front.title))
        .collect();
    let by_date = |&a: &usize, &b: &usize| compare_by_date(pages, &title_keys, a, b);
    for section in &mut content.sections {
        match section.front.sort_by {
            SortBy::Date => section.pages.sort_by(by_date),
            SortBy::Title => section.pages.sort_by(|&a, &b| {
                title_keys[a]
                    .cmp(&title_keys[b])
                    .then(pages[a].path.cmp(&pages[b].path))
            }),
            SortBy::Weight => section.pages.sort_by(|&a, &b| {
                pages[a]
                    .front
                    .weight
                    .unwrap_or(i64::MAX)
                    .cmp(&pages[b].front.weight.unwrap_or(i64::MAX))
                    .then(title_keys[a].cmp(&title_keys[b]))
            }),
        }
    }
    let mut all: Vec<usize> = (0..pages.len()).collect();
    all.sort_by(by_date);
    all
}

/// Every body rendered, and what the link resolver saw on the way.
struct RenderOutput {
    pages: Vec<Rendered>,
    sections: Vec<Rendered>,
    anchors: Vec<AnchorCheck>,
    problems: Vec<Diagnostic>,
    /// Output paths of the files linked to (attachments, static files).
    used_files: HashSet<String>,
}

type DocOutput = (Rendered, Vec<AnchorCheck>, Vec<Diagnostic>, Vec<String>);

/// One body rendered, and what its link resolver saw on the way.
pub struct DocRender {
    pub rendered: Rendered,
    pub anchors: Vec<AnchorCheck>,
    pub problems: Vec<Diagnostic>,
    /// Output paths of the files it links to (attachments, static files).
    pub used_files: Vec<String>,
}

/// Renders the body of page `i` exactly as `assemble` does, for the
/// incremental rebuilds of `carnet serve`. `maps` must describe `content`.
pub fn render_page(content: &Content, maps: &LinkMaps, i: usize) -> DocRender {
    let (rendered, anchors, problems, used_files) = render_doc(content, maps, Target::Page(i));
    DocRender {
        rendered,
        anchors,
        problems,
        used_files,
    }
}

/// Renders the body of a page or section with its links resolved.
fn render_doc(content: &Content, maps: &LinkMaps, this: Target) -> DocOutput {
    let (source_dir, source, body, body_line, path) = match this {
        Target::Page(i) => {
            let p = &content.pages[i];
            let dir = p.content_rel.rsplit_once('/').map_or("", |(d, _)| d);
            (dir, &p.source, &p.body, p.body_line, &p.path)
        }
        Target::Section(i) => {
            let s = &content.sections[i];
            (s.dir_rel.as_str(), &s.source, &s.body, s.body_line, &s.path)
        }
    };
    let links = DocLinks {
        maps,
        content,
        this,
        source_dir: source_dir.to_string(),
        source,
        body,
        body_line,
        root: root_of(path),
        problems: RefCell::new(Vec::new()),
        anchors: RefCell::new(Vec::new()),
        used_files: RefCell::new(Vec::new()),
    };
    let rendered = render(body, &links);
    (
        rendered,
        links.anchors.into_inner(),
        links.problems.into_inner(),
        links.used_files.into_inner(),
    )
}

/// Renders every page and section body in parallel.
fn render_all(content: &Content, maps: &LinkMaps) -> RenderOutput {
    let pages: Vec<_> = (0..content.pages.len())
        .into_par_iter()
        .map(|i| render_doc(content, maps, Target::Page(i)))
        .collect();
    let sections: Vec<_> = (0..content.sections.len())
        .into_par_iter()
        .map(|i| render_doc(content, maps, Target::Section(i)))
        .collect();
    let mut anchors = Vec::new();
    let mut problems = Vec::new();
    let mut used_files = HashSet::new();
    let mut unzip = |v: Vec<DocOutput>| {
        v.into_iter()
            .map(|(r, a, p, u)| {
                anchors.extend(a);
                problems.extend(p);
                used_files.extend(u);
                r
            })
            .collect::<Vec<_>>()
    };
    let pages = unzip(pages);
    let sections = unzip(sections);
    RenderOutput {
        pages,
        sections,
        anchors,
        problems,
        used_files,
    }
}

/// A link to `page.md#anchor` whose anchor is not in that page still works
/// (it opens the page) but lands at the top: a warning, with the anchors
/// that do exist.
fn check_anchors(
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    checks: Vec<AnchorCheck>,
) -> Vec<Diagnostic> {
    checks
        .into_iter()
        .filter_map(|check| {
            let (rendered, source) = match check.target {
                Target::Page(i) => (&pages[i], &content.pages[i].source),
                Target::Section(i) => (&sections[i], &content.sections[i].source),
            };
            if rendered.anchors.contains(&check.anchor) {
                return None;
            }
            let mut known: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
            known.truncate(12);
            let source = display_path(source);
            let anchor = &check.anchor;
            let help = if known.is_empty() {
                text!(
                    "{source} n'a pas de titre de partie (##) vers lequel pointer",
                    "{source} has no section heading (##) to point at"
                )
            } else {
                text!(
                    "ancres de {source} : #{known}",
                    "anchors of {source}: #{known}",
                    known = known.join(", #")
                )
            };
            Some(
                Diagnostic::warning(
                    check.location,
                    text!(
                        "l'ancre #{anchor} n'existe pas dans {source}",
                        "anchor #{anchor} does not exist in {source}"
                    ),
                )
                .with_help(help),
            )
        })
        .collect()
}

//! The checks that need the whole site at hand (schemas, controlled term
//! lists, dates, empty pages, attachments nothing links to), run by
//! `site::assemble` after rendering so `carnet build` and `carnet check`
//! find exactly the same problems.

use super::body::{self, BodyCx};
use super::extra::check_extra_keys;
use super::fields::{check_schema, check_terms, PageCx};
use super::messages::Msg;
use super::spans::FrontSpans;
use crate::config::{Config, CONFIG_FILE};
use crate::content::{Content, Page};
use crate::date::Date;
use crate::error::{Diagnostic, Location, Severity};
use crate::markdown::Rendered;
use crate::toml_errors::closest;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Above this size a page is a mistake (a pasted document, an inlined
/// image), not a synthesis.
pub const HUGE_PAGE_BYTES: usize = 1_000_000;

/// The `[extra]` keys that mark a page as announcing a future session.
pub const UPCOMING_KEYS: [&str; 2] = ["a_venir", "upcoming"];

/// What the site-wide checks look at.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    /// Rendered pages, same index as `content.pages`.
    pub pages_html: &'a [Rendered],
    /// Output paths of every file some page or section links to.
    pub used_files: &'a HashSet<String>,
    pub today: Date,
}

/// Runs every check; returns what they found, errors and warnings mixed.
pub fn run(inputs: &Inputs<'_>) -> Vec<Diagnostic> {
    let mut out = unknown_sections(inputs.config, inputs.content);
    let sources_by_path = sources_by_path(inputs.content);
    let per_page: Vec<Diagnostic> = inputs
        .content
        .pages
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, page)| check_page(inputs, i, page, &sources_by_path))
        .collect();
    out.extend(per_page);
    out.extend(orphan_attachments(inputs));
    out
}

/// The checks of page `index` alone, as `run` makes them: for the
/// incremental rebuilds of `carnet serve`, which re-check only the pages an
/// edit touched.
pub fn run_for_page(inputs: &Inputs<'_>, index: usize) -> Vec<Diagnostic> {
    let sources_by_path = sources_by_path(inputs.content);
    let page = &inputs.content.pages[index];
    check_page(inputs, index, page, &sources_by_path)
}

/// URL path → source under `content/` of every page and section.
fn sources_by_path(content: &Content) -> HashMap<String, String> {
    content
        .pages
        .iter()
        .map(|p| (p.path.clone(), p.content_rel.clone()))
        .chain(content.sections.iter().filter(|s| s.from_file).map(|s| {
            let rel = if s.dir_rel.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.dir_rel)
            };
            (s.path.clone(), rel)
        }))
        .collect()
}

fn check_page(
    inputs: &Inputs<'_>,
    index: usize,
    page: &Page,
    sources_by_path: &HashMap<String, String>,
) -> Vec<Diagnostic> {
    let config = inputs.config;
    let spans = FrontSpans::parse(&page.front_toml, page.front_line);
    let cx = PageCx {
        page,
        spans: &spans,
        config,
    };
    let section_dir = &inputs.content.sections[page.section].dir_rel;
    let mut out = Vec::new();
    if let Some(schema) = config.schema(section_dir) {
        out.extend(check_schema(&cx, schema));
        out.extend(check_extra_keys(&cx, schema));
    }
    out.extend(check_terms(&cx));
    out.extend(check_date(&cx, inputs.today));
    let rendered = &inputs.pages_html[index];
    let source_dir = page.content_rel.rsplit_once('/').map_or("", |(d, _)| d);
    out.extend(body::check(&BodyCx {
        source: &page.source,
        body: &page.body,
        body_line: page.body_line,
        facts: &rendered.facts,
        source_dir,
        base_url: config.base_url.as_deref(),
        sources_by_path,
    }));
    if page.body.len() > HUGE_PAGE_BYTES {
        let megabytes = page.body.len() as f64 / 1_000_000.0;
        let msg = Msg::HugePage { megabytes };
        out.push(msg.at(Severity::Warning, Location::file(&page.source)));
    } else if rendered.text.trim().is_empty() && !rendered.html.contains("<img") {
        let location = Location::at(&page.source, page.body_line.saturating_sub(1).max(1), 1);
        out.push(Msg::EmptyPage.at(Severity::Warning, location));
    }
    out
}

/// Whether the page says it announces a session (`a_venir = true`).
pub fn marked_upcoming(page: &Page) -> bool {
    UPCOMING_KEYS
        .iter()
        .any(|k| page.front.extra.get(*k).and_then(toml::Value::as_bool) == Some(true))
}

fn check_date(cx: &PageCx<'_>, today: Date) -> Option<Diagnostic> {
    let date = cx.page.front.date?.day_only();
    let marked = marked_upcoming(cx.page);
    // only when there is something to say: finding it parses the front matter
    let location = || match cx.spans.value(&["date"]) {
        Some(pos) => cx.at(pos),
        None => Location::file(&cx.page.source),
    };
    if date > today && !marked {
        let msg = Msg::FutureDate { date: date.iso() };
        Some(msg.at(Severity::Warning, location()))
    } else if date < today && marked {
        // The key the page uses, whatever the site's language.
        let key = UPCOMING_KEYS
            .into_iter()
            .find(|k| cx.page.front.extra.get(*k).and_then(toml::Value::as_bool) == Some(true))
            .unwrap_or(UPCOMING_KEYS[0]);
        let location = cx
            .spans
            .key(&["extra", key])
            .map_or_else(location, |pos| cx.at(pos));
        let msg = Msg::StaleUpcoming {
            date: date.iso(),
            key,
        };
        Some(msg.at(Severity::Warning, location))
    } else {
        None
    }
}

/// `[sections.atelier]` when the folder is `ateliers`: the schema would
/// silently check nothing.
fn unknown_sections(config: &Config, content: &Content) -> Vec<Diagnostic> {
    let dirs: Vec<String> = content
        .sections
        .iter()
        .filter(|s| s.from_file)
        .map(|s| s.dir_rel.clone())
        .collect();
    config
        .schemas
        .iter()
        .filter(|schema| !dirs.contains(&schema.section))
        .map(|schema| {
            let msg = Msg::UnknownSection {
                name: &schema.section,
                suggestion: closest(&schema.section, &dirs),
            };
            msg.at(Severity::Error, Location::at(CONFIG_FILE, schema.line, 1))
        })
        .collect()
}

/// Files of a page bundle that no page or section links to: probably a
/// forgotten link, or a file left behind (and published) by mistake.
fn orphan_attachments(inputs: &Inputs<'_>) -> Vec<Diagnostic> {
    let content = inputs.content;
    let mut out = Vec::new();
    for page in &content.pages {
        for &a in &page.assets {
            let asset = &content.assets[a];
            if inputs.used_files.contains(&asset.output) {
                continue;
            }
            let file = asset
                .output
                .strip_prefix(page.path.as_str())
                .unwrap_or(&asset.output);
            let msg = Msg::OrphanAttachment { file };
            out.push(msg.at(Severity::Warning, Location::file(&asset.source)));
        }
    }
    out
}

//! Turning the `Site` into HTML with Tera: one job per output file, rendered
//! in parallel, each with a context of its own (see `context`).

use crate::context::{self, navigation, page_full, page_summary, Lender, Loan, Step};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::intros::Intros;
use crate::links::root_of;
use crate::output::Sink;
use crate::site::{Site, AGENDA_PATH, SEARCH_PATH};
use crate::theme::Theme;
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// One file to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    /// Section index and 1-based page number of its listing.
    Section(usize, usize),
    TaxonomyList(usize),
    /// Taxonomy, term, page number.
    Term(usize, usize, usize),
    Search,
    Agenda,
    NotFound,
}

mod fold;

/// Template names whose output Tera escapes.
const AUTOESCAPE: &[&str] = &[".html", ".xml"];

/// The Tera engine with the theme's and the site's templates.
pub struct Templates {
    tera: tera::Tera,
    origins: Vec<(String, PathBuf)>,
    /// The context values every file of the build shares, already written
    /// into the templates (`fold`); empty until `fold_for`. They depend on
    /// the configuration, the theme and the site's sections and terms:
    /// `carnet serve` loads everything again when any of these changes.
    constants: fold::Constants,
}

impl Templates {
    /// The theme's and the site's templates, parsed. `fold_for` must follow
    /// before the first render.
    pub fn new(theme: &Theme) -> Result<Templates> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(AUTOESCAPE.to_vec());
        tera.set_escape_fn(crate::filters::escape_html);
        tera.set_escape_into_fn(crate::filters::escape_html_into);
        crate::filters::register(&mut tera);
        tera.register_function("t", translate(theme.translations.clone()));
        tera.register_function("labelled_keys", labelled_keys(theme.translations.clone()));
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, text, _)| (name.as_str(), text.as_str()))
            .collect();
        let origins: Vec<(String, PathBuf)> = theme
            .templates
            .iter()
            .map(|(n, _, o)| (n.clone(), o.clone()))
            .collect();
        let templates = Templates {
            tera: tera::Tera::default(),
            origins,
            constants: fold::Constants::new(),
        };
        tera.add_raw_templates(sources)
            .map_err(|e| templates.error(&e, None))?;
        Ok(Templates { tera, ..templates })
    }

    /// Writes the values every file of `site` shares into the templates
    /// (`fold`), once, and keeps them for `base_context`.
    pub fn fold_for(&mut self, site: &Site, theme: &Theme) {
        let constants = constants(site, theme, self.has("search.html"));
        fold::fold(&mut self.tera, &constants, AUTOESCAPE);
        self.constants = constants;
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// A template problem, pointing at the template file and line when Tera
    /// says which.
    fn error(&self, err: &tera::Error, name: Option<&str>) -> Error {
        let mut chain = vec![err.to_string()];
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            chain.push(s.to_string());
            source = s.source();
        }
        let text = chain.join("\n");
        let name = name.map(str::to_string).or_else(|| {
            self.origins
                .iter()
                .find(|(n, _)| {
                    text.contains(&format!("'{n}'")) || text.contains(&format!("\"{n}\""))
                })
                .map(|(n, _)| n.clone())
        });
        let path = name
            .as_ref()
            .and_then(|n| self.origins.iter().find(|(o, _)| o == n))
            .map_or_else(|| PathBuf::from("templates"), |(_, p)| p.clone());
        let (line, col) = parse_tera_position(&text).unwrap_or((0, 0));
        Error::one(
            Diagnostic::error(Location::at(path, line, col), crate::text!(
                "erreur dans un gabarit (template) :\n{text}",
                "error in a template:\n{text}"
            ))
            .with_help(crate::text!(
                "corrigez le gabarit ; si vous ne l'avez pas modifié, signalez-le aux responsables du site",
                "fix the template; if you did not change it, tell the people in charge of the site"
            )),
        )
    }

    /// Site paths rendered besides pages, sections and terms (the agenda,
    /// the search page), for the sitemap.
    pub fn listed_paths(&self, site: &Site) -> Vec<&'static str> {
        self.listing_jobs(site)
            .into_iter()
            .filter_map(|job| match job {
                Job::Search => Some(SEARCH_PATH),
                Job::Agenda => Some(AGENDA_PATH),
                _ => None,
            })
            .collect()
    }

    /// Renders every HTML file of the site into `sink`: the pages with the
    /// agenda and the section listings, then the other listings. `bodies`,
    /// when given, are the pages' HTML bodies taken out of `site`
    /// (`Site::take_page_bodies`, for `carnet build`): each is moved into
    /// its page's context and freed once the page is written, so the term
    /// pages that follow run with none of them in memory. Without it, each
    /// body is copied from `site`, which keeps them.
    pub fn render_site(
        &self,
        site: &Site,
        intros: &Intros,
        sink: &dyn Sink,
        bodies: Option<Vec<String>>,
    ) -> Result<usize> {
        let base = self.base_context(site);
        let input = Input {
            templates: self,
            site,
            lender: Lender::new(site, page_summaries(site)),
            intros,
            taxonomies: taxonomy_values(site, intros),
            sections: section_values(site),
        };
        let render = |shared: &mut SharedContext, job: Job, body: Option<String>| {
            let (file, html) = self.render_job(&input, shared, job, body)?;
            sink.write(&file, html.as_bytes())
        };
        let pages = site.content.pages.len();
        // One job per page, holding its body when the caller gave them away.
        let page_jobs: Vec<Option<String>> = match bodies {
            Some(bodies) => {
                assert_eq!(bodies.len(), pages, "one body per page");
                bodies.into_iter().map(Some).collect()
            }
            None => vec![None; pages],
        };
        let listings = self.listing_jobs(site);
        // The agenda and the section listings borrow thousands of summaries
        // for their whole render. They run first, beside the pages, whose
        // jobs borrow one to three summaries each (a page whose summary is
        // out gets one made again), rather than beside the term pages,
        // which borrow twenty each. Beside the term pages they took copies:
        // at 50,000 pages, 1 s of CPU to copy and free.
        let (long, short): (Vec<Job>, Vec<Job>) = listings
            .iter()
            .partition(|job| matches!(job, Job::Agenda | Job::Section(..)));
        let first: Vec<(Job, Option<String>)> = long
            .into_iter()
            .map(|job| (job, None))
            .chain(
                page_jobs
                    .into_iter()
                    .enumerate()
                    .map(|(i, body)| (Job::Page(i), body)),
            )
            .collect();
        first
            .into_par_iter()
            .map_init(
                || SharedContext::new(&base),
                |shared, (job, body)| render(shared, job, body),
            )
            .collect::<Result<Vec<()>>>()?;
        short
            .par_iter()
            .map_init(
                || SharedContext::new(&base),
                |shared, job| render(shared, *job, None),
            )
            .collect::<Result<Vec<()>>>()?;
        input.lender.check_shelf();
        input.lender.free();
        Ok(pages + listings.len())
    }

    /// The part of the template context every file shares.
    /// Each rendering thread holds one copy; a job's own values are added
    /// and taken off around each render (`SharedContext`).
    pub fn base_context(&self, site: &Site) -> Map<String, Value> {
        assert!(
            !self.constants.is_empty(),
            "Templates::fold_for comes first"
        );
        let mut base = self.constants.clone();
        base.insert("today".into(), json!(site.today.iso()));
        base
    }

    /// Renders the HTML of page `i` alone: (output file, HTML). For the
    /// incremental rebuilds of `carnet serve`; `summaries` and `base` must
    /// be those of this very `site` (`page_summaries`, `base_context`).
    pub fn render_page(
        &self,
        site: &Site,
        summaries: &[Value],
        base: &Map<String, Value>,
        intros: &Intros,
        i: usize,
    ) -> Result<(String, String)> {
        let input = Input {
            templates: self,
            site,
            lender: Lender::copying(site, summaries),
            intros,
            // a page job never reads them
            taxonomies: Vec::new(),
            sections: section_values(site),
        };
        self.render_job(&input, &mut SharedContext::new(base), Job::Page(i), None)
    }

    /// (output file, HTML) of one job.
    /// `body`: page `i`'s HTML body when the caller moves it in, else the
    /// page job copies it from the site.
    fn render_job(
        &self,
        input: &Input,
        shared: &mut SharedContext,
        job: Job,
        body: Option<String>,
    ) -> Result<(String, String)> {
        let mut loans = Vec::new();
        let (path, template, values) = job_context(input, job, body, &mut loans);
        // The constants are written into the templates: a job's own value of
        // the same name would be ignored.
        debug_assert!(
            values.keys().all(|k| !self.constants.contains_key(k)),
            "a job's context overrides a constant"
        );
        let (html, mut values) = shared.render(&self.tera, &template, values);
        input.lender.recycle(&mut values, loans);
        let html = html.map_err(|e| self.error(&e, Some(&template)))?;
        let file = if path == "404.html" {
            path
        } else {
            format!("{path}index.html")
        };
        Ok((file, html))
    }

    /// Every file to render besides the pages. The long jobs come first (the agenda and the
    /// section listings each hold thousands of pages on a large site): a
    /// long job started last would leave the other core idle at the end.
    fn listing_jobs(&self, site: &Site) -> Vec<Job> {
        let mut jobs = Vec::new();
        if self.has("agenda.html") {
            jobs.push(Job::Agenda);
        }
        for (i, s) in site.content.sections.iter().enumerate() {
            for n in 1..=page_count(s.pages.len(), s.front.paginate_by) {
                jobs.push(Job::Section(i, n));
            }
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyList(t));
            for (k, term) in tax.terms.iter().enumerate() {
                for n in 1..=page_count(term.pages.len(), tax.taxonomy.config.paginate_by) {
                    jobs.push(Job::Term(t, k, n));
                }
            }
        }
        if site.config.search.enabled && self.has("search.html") {
            jobs.push(Job::Search);
        }
        if self.has("404.html") {
            jobs.push(Job::NotFound);
        }
        jobs
    }
}

/// What every job's context is made from.
struct Input<'a> {
    templates: &'a Templates,
    site: &'a Site,
    /// The page summaries, for pages and listings.
    lender: Lender<'a>,
    intros: &'a Intros,
    /// `taxonomy` of term and taxonomy pages, the same for all pages of a
    /// taxonomy, made once.
    taxonomies: Vec<Value>,
    /// `section` of each section's listing and of each of its pages, made
    /// once: per page, it copied the section's text through serde and
    /// scanned its pages for a dated one (every page of a section without
    /// dates, for each of its pages).
    sections: Vec<Value>,
}

/// A Tera context reused for every file one worker renders. The part all
/// files share (config, navigation, translations) stays in place; each job
/// moves its own values in and takes them out again, so the shared part is
/// copied once per worker, not once per file.
struct SharedContext {
    ctx: tera::Context,
}

impl SharedContext {
    fn new(base: &Map<String, Value>) -> SharedContext {
        SharedContext {
            ctx: context_of(base.clone()),
        }
    }

    /// Renders `template` with the shared values plus `values`, which win
    /// over shared ones of the same name (the home page's `taxonomies`).
    /// Gives `values` back, for the lender.
    fn render(
        &mut self,
        tera: &tera::Tera,
        template: &str,
        values: Map<String, Value>,
    ) -> (tera::Result<String>, Map<String, Value>) {
        let shadowed: Vec<(String, Option<Value>)> = values
            .keys()
            .map(|k| (k.clone(), self.ctx.remove(k)))
            .collect();
        self.ctx.extend(context_of(values));
        let html = tera.render(template, &self.ctx);
        let mut values = Map::new();
        for (key, old) in shadowed {
            if let Some(value) = self.ctx.remove(&key) {
                values.insert(key.clone(), value);
            }
            if let Some(old) = old {
                let mut one = Map::new();
                one.insert(key, old);
                self.ctx.extend(context_of(one));
            }
        }
        (html, values)
    }
}

/// Moves `values` into a Tera context (`Context::insert` would copy them
/// through serde).
fn context_of(values: Map<String, Value>) -> tera::Context {
    tera::Context::from_value(Value::Object(values)).expect("an object makes a context")
}

/// (output folder path, template name, the values of this job's context on
/// top of the shared ones) of one job.
fn job_context(
    input: &Input,
    job: Job,
    body: Option<String>,
    loans: &mut Vec<Loan>,
) -> (String, String, Map<String, Value>) {
    let Input {
        site,
        ref lender,
        intros,
        ..
    } = *input;
    let mut ctx = Map::new();
    let (path, template) = match job {
        Job::Page(i) => {
            let page = &site.content.pages[i];
            ctx.insert("page".into(), page_full(site, i, lender, body, loans));
            ctx.insert("section".into(), input.sections[page.section].clone());
            let template = page.front.template.clone().unwrap_or_else(|| {
                let by_kind = format!("kinds/{}.html", context::kind(site, page.section));
                if input.templates.has(&by_kind) {
                    by_kind
                } else {
                    "page.html".into()
                }
            });
            (page.path.clone(), template)
        }
        Job::Section(i, n) => {
            let s = &site.content.sections[i];
            let (slice, paginator) = paginate(&s.pages, s.front.paginate_by, n, &s.path);
            ctx.insert("section".into(), input.sections[i].clone());
            let pages = lender.list(slice.to_vec(), vec![Step::Key("pages")], loans);
            ctx.insert("pages".into(), pages);
            ctx.insert("paginator".into(), paginator.clone());
            let default = if i == 0 {
                insert_home_lists(site, lender, &mut ctx, loans);
                "index.html"
            } else {
                "section.html"
            };
            let path = paginator["path"].as_str().unwrap_or(&s.path).to_string();
            (
                path,
                s.front.template.clone().unwrap_or_else(|| default.into()),
            )
        }
        Job::TaxonomyList(t) => {
            let tax = &site.taxonomies[t];
            ctx.insert("taxonomy".into(), input.taxonomies[t].clone());
            (tax.path.clone(), "taxonomy_list.html".into())
        }
        Job::Term(t, k, n) => {
            let tax = &site.taxonomies[t];
            let term = &tax.terms[k];
            let (slice, paginator) =
                paginate(&term.pages, tax.taxonomy.config.paginate_by, n, &term.path);
            ctx.insert("taxonomy".into(), input.taxonomies[t].clone());
            ctx.insert(
                "term".into(),
                json!({
                    "name": term.name,
                    "slug": term.slug,
                    "path": term.path,
                    "count": term.pages.len(),
                    "intro": intros.get(&term.path),
                    "feed": crate::feeds::has_feed(site, &term.pages),
                }),
            );
            // The pages of this listing page come grouped by section only:
            // a flat `pages` list as well would copy every summary twice,
            // and term pages are most of the listings of a large site.
            let groups = context::groups(site, slice, lender, "groups", loans);
            ctx.insert("groups".into(), groups);
            let path = paginator["path"].as_str().unwrap_or(&term.path).to_string();
            ctx.insert("paginator".into(), paginator);
            (path, "taxonomy_single.html".into())
        }
        Job::Search => (SEARCH_PATH.to_string(), "search.html".into()),
        Job::Agenda => {
            ctx.insert("agenda".into(), agenda(site, lender, loans));
            (AGENDA_PATH.to_string(), "agenda.html".into())
        }
        Job::NotFound => ("404.html".to_string(), "404.html".into()),
    };
    let root = if path == "404.html" {
        // Servers show 404.html at whatever address was asked for
        // (/guide/a/b/), where relative links break: the base's absolute
        // path works at any depth. Without base_url there is nothing better.
        site.config.base_path().unwrap_or("./").to_string()
    } else {
        root_of(&path)
    };
    ctx.insert("root".into(), json!(root));
    ctx.insert(
        "current_path".into(),
        json!(if path == "404.html" { "" } else { &path }),
    );
    (path, template, ctx)
}

/// `t(key="upcoming")`: a UI string, or `default` (empty if not given) when
/// the key has no translation. Macros use it instead of receiving `trans`,
/// which Tera would copy on every call.
fn translate(strings: std::collections::BTreeMap<String, String>) -> impl tera::Function {
    move |args: &std::collections::HashMap<String, Value>| -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() attend un argument key=\"…\""))?;
        Ok(match strings.get(key) {
            Some(s) => Value::String(s.clone()),
            None => args
                .get("default")
                .cloned()
                .unwrap_or_else(|| Value::String(String::new())),
        })
    }
}

/// `labelled_keys(extra=…, first=[…], skip=[…])`: the keys of `extra` a
/// facts panel shows, in order: those of `first` that `extra` has, then
/// every other key with a label (a non-empty `field_<key>` UI string),
/// except those of `skip`. The theme's `facts` macro did this with loops,
/// tests and a `t()` per key: 1.7% of a build's instructions, now one call.
fn labelled_keys(strings: std::collections::BTreeMap<String, String>) -> impl tera::Function {
    // the keys with a label, found once rather than with a `format!` per key
    // of every page's `[extra]`
    let labelled: std::collections::HashSet<String> = strings
        .into_iter()
        .filter(|(_, label)| !label.is_empty())
        .filter_map(|(name, _)| name.strip_prefix("field_").map(String::from))
        .collect();
    move |args: &std::collections::HashMap<String, Value>| -> tera::Result<Value> {
        let Some(extra) = args.get("extra").and_then(Value::as_object) else {
            return Ok(Value::Array(Vec::new()));
        };
        let list = |name: &str| -> Vec<&str> {
            args.get(name)
                .and_then(Value::as_array)
                .map(|keys| keys.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default()
        };
        let (first, skip) = (list("first"), list("skip"));
        let firsts = first.iter().copied().filter(|k| extra.contains_key(*k));
        let others = extra
            .keys()
            .map(String::as_str)
            .filter(|k| !first.contains(k) && !skip.contains(k) && labelled.contains(*k));
        Ok(Value::Array(
            firsts
                .chain(others)
                .map(|k| Value::String(k.into()))
                .collect(),
        ))
    }
}

fn page_count(items: usize, per_page: usize) -> usize {
    if per_page == 0 || items == 0 {
        1
    } else {
        items.div_ceil(per_page)
    }
}

/// The slice of `items` on listing page `n` and the paginator templates see.
fn paginate<'a>(items: &'a [usize], per_page: usize, n: usize, path: &str) -> (&'a [usize], Value) {
    let total = page_count(items.len(), per_page);
    let page_path = |k: usize| {
        if k == 1 {
            path.to_string()
        } else {
            format!("{path}page/{k}/")
        }
    };
    let slice = if per_page == 0 {
        items
    } else {
        let start = (n - 1) * per_page;
        &items[start.min(items.len())..(start + per_page).min(items.len())]
    };
    let paginator = json!({
        "current": n,
        "total": total,
        "path": page_path(n),
        "previous": (n > 1).then(|| page_path(n - 1)),
        "next": (n < total).then(|| page_path(n + 1)),
        "pages": page_window(n, total)
            .into_iter()
            .map(|(k, gap_before)| json!({ "number": k, "path": page_path(k), "gap_before": gap_before }))
            .collect::<Vec<_>>(),
    });
    (slice, paginator)
}

/// The listing pages a paginator links to: the first, the last, and two on
/// each side of the current one, each with whether pages are skipped just
/// before it (the theme shows « … » there). A hole of one page is filled
/// instead: « … » would take as much room. A term of 3,000 pages has 150
/// listing pages; linking every one from every one was long to read, and to
/// build (150 × 150 links).
fn page_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    const AROUND: usize = 2;
    let shown = |k: usize| k == 1 || k == total || k.abs_diff(current) <= AROUND;
    let mut pages: Vec<(usize, bool)> = Vec::new();
    let mut last = 0;
    for k in (1..=total).filter(|&k| shown(k) || (shown(k - 1) && shown(k + 1))) {
        pages.push((k, k > last + 1));
        last = k;
    }
    pages
}

/// What listings show of every page, same index as `content.pages`.
pub fn page_summaries(site: &Site) -> Vec<Value> {
    (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| page_summary(site, i))
        .collect()
}

/// The values of every template's context that are the same for every
/// file of the build. `search` is true only when the search page is
/// rendered, so no page links to a search page that does not exist.
fn constants(site: &Site, theme: &Theme, search_page: bool) -> fold::Constants {
    let c = &site.config;
    let mut constants = Map::new();
    constants.insert(
        "config".into(),
        json!({
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "base_url": c.base_url,
            "extra": c.extra,
            "search": c.search.enabled && search_page,
            "feeds": crate::feeds::feeds_enabled(c),
            "robots_noindex": c.robots_noindex,
        }),
    );
    constants.insert("index_suffix".into(), json!(c.index_suffix()));
    constants.insert("trans".into(), json!(theme.translations));
    constants.insert("nav".into(), navigation(site));
    constants.insert("taxonomies".into(), context::taxonomies(site));
    constants
}

fn section_values(site: &Site) -> Vec<Value> {
    (0..site.content.sections.len())
        .map(|i| section_value(site, i))
        .collect()
}

fn section_value(site: &Site, i: usize) -> Value {
    let s = &site.content.sections[i];
    let r = &site.sections_html[i];
    let subsections: Vec<Value> = s
        .subsections
        .iter()
        .map(|&k| {
            let sub = &site.content.sections[k];
            json!({ "title": sub.front.title, "path": sub.path, "description": sub.front.description, "count": sub.pages.len() })
        })
        .collect();
    let title = if s.front.title.is_empty() {
        &site.config.title
    } else {
        &s.front.title
    };
    json!({
        "title": title,
        "description": s.front.description,
        "path": s.path,
        "content": r.html,
        "summary": r.summary,
        "toc": r.headings,
        "extra": s.front.extra,
        "count": s.pages.len(),
        "feed": i > 0 && crate::feeds::has_feed(site, &s.pages),
        "subsections": subsections,
        "is_home": i == 0,
    })
}

/// What term and taxonomy pages see as `taxonomy`, for each taxonomy.
fn taxonomy_values(site: &Site, intros: &Intros) -> Vec<Value> {
    (0..site.taxonomies.len())
        .map(|t| taxonomy_value(site, t, intros))
        .collect()
}

fn taxonomy_value(site: &Site, t: usize, intros: &Intros) -> Value {
    let tax = &site.taxonomies[t];
    json!({
        "name": tax.taxonomy.name,
        "title": tax.taxonomy.config.title,
        "path": tax.path,
        "terms": tax.terms.iter().map(|term| json!({
            "name": term.name,
            "path": term.path,
            "count": term.pages.len(),
            "description": intros.get(&term.path).map(|i| i.description.as_str()),
        })).collect::<Vec<_>>(),
    })
}

/// Home page lists: the latest published syntheses and what is coming.
fn insert_home_lists(
    site: &Site,
    lender: &Lender,
    ctx: &mut Map<String, Value>,
    loans: &mut Vec<Loan>,
) {
    let latest: Vec<usize> = site
        .chronological
        .iter()
        .copied()
        .filter(|&p| site.content.pages[p].front.date.is_some() && !site.is_upcoming(p))
        .take(8)
        .collect();
    let mut upcoming: Vec<usize> = site
        .chronological
        .iter()
        .copied()
        .filter(|&p| site.is_upcoming(p))
        .collect();
    upcoming.reverse();
    ctx.insert(
        "latest".into(),
        lender.list(latest, vec![Step::Key("latest")], loans),
    );
    ctx.insert(
        "upcoming".into(),
        lender.list(upcoming, vec![Step::Key("upcoming")], loans),
    );
}

/// Every dated page by year and month, newest first (« Mars 2023 »): the
/// value of `agenda`.
fn agenda(site: &Site, lender: &Lender, loans: &mut Vec<Loan>) -> Value {
    let lang = &site.config.language;
    type Month = (u8, Vec<usize>);
    let mut years: Vec<(i32, Vec<Month>)> = Vec::new();
    for &p in &site.chronological {
        let Some(date) = site.content.pages[p].front.date else {
            continue;
        };
        if years.last().map(|(y, _)| *y) != Some(date.year) {
            years.push((date.year, Vec::new()));
        }
        let months = &mut years.last_mut().expect("pushed").1;
        if months.last().map(|(m, _)| *m) != Some(date.month) {
            months.push((date.month, Vec::new()));
        }
        months.last_mut().expect("pushed").1.push(p);
    }
    let years = years.into_iter().enumerate().map(|(y, (year, months))| {
        let months = months.into_iter().enumerate().map(|(m, (month, pages))| {
            let name = crate::date::month_name(month, lang);
            let mut title = name.to_string();
            if let Some(first) = title.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            let at = vec![
                Step::Key("agenda"),
                Step::Index(y),
                Step::Key("months"),
                Step::Index(m),
                Step::Key("pages"),
            ];
            context::object([
                ("month", json!(month)),
                ("title", json!(format!("{title} {year}"))),
                ("pages", lender.list(pages, at, loans)),
            ])
        });
        context::object([
            ("year", json!(year)),
            ("months", Value::Array(months.collect())),
        ])
    });
    Value::Array(years.collect())
}

/// Tera writes positions as ` --> 3:12`.
fn parse_tera_position(text: &str) -> Option<(usize, usize)> {
    let at = text.find("--> ")?;
    let rest = &text[at + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts panel's keys: the listed ones first in the listed order,
    /// then the other labelled ones in key order; never a skipped key nor
    /// an unlabelled one that is not listed.
    #[test]
    fn labelled_keys_orders_the_facts_panel() {
        use tera::Function;
        let strings = [
            ("field_annee", "Année"),
            ("field_type", "Type"),
            ("field_telephone", "Téléphone"),
            ("field_public_vise", "Public visé"),
            ("field_vide", ""),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into_iter()
        .collect();
        let f = labelled_keys(strings);
        let args: std::collections::HashMap<String, Value> = [
            (
                "extra",
                serde_json::json!({
                    "annee": 2021, "type": "outil", "telephone": "01 02",
                    "public_vise": "jeunes", "sans_libelle": "x", "vide": "y",
                    "duree": "2 h"
                }),
            ),
            (
                "first",
                serde_json::json!(["type", "duree", "lieu", "annee"]),
            ),
            ("skip", serde_json::json!(["telephone"])),
        ]
        .map(|(k, v)| (k.to_string(), v))
        .into_iter()
        .collect();
        let keys = f.call(&args).unwrap();
        assert_eq!(
            keys,
            serde_json::json!(["type", "duree", "annee", "public_vise"])
        );
        // no [extra] at all: nothing to show
        let none: std::collections::HashMap<String, Value> = Default::default();
        assert_eq!(f.call(&none).unwrap(), serde_json::json!([]));
    }

    #[test]
    fn paginators_link_the_ends_and_the_neighbours() {
        let numbers = |current, total| -> Vec<String> {
            page_window(current, total)
                .into_iter()
                .map(|(k, gap)| {
                    if gap {
                        format!("…{k}")
                    } else {
                        k.to_string()
                    }
                })
                .collect()
        };
        assert_eq!(numbers(1, 1), ["1"]);
        assert_eq!(numbers(2, 5), ["1", "2", "3", "4", "5"]);
        assert_eq!(numbers(2, 7), ["1", "2", "3", "4", "…7"]);
        assert_eq!(numbers(4, 7), ["1", "2", "3", "4", "5", "6", "7"]);
        assert_eq!(numbers(1, 150), ["1", "2", "3", "…150"]);
        assert_eq!(
            numbers(75, 150),
            ["1", "…73", "74", "75", "76", "77", "…150"]
        );
        assert_eq!(numbers(150, 150), ["1", "…148", "149", "150"]);
        // a hole of one page is filled, not shown as « … »
        assert_eq!(numbers(5, 150), ["1", "2", "3", "4", "5", "6", "7", "…150"]);
        assert_eq!(numbers(4, 150), ["1", "2", "3", "4", "5", "6", "…150"]);
        // every page is reachable: next and previous are always in the window
        for total in 1..40 {
            for current in 1..=total {
                let window: Vec<usize> = page_window(current, total).iter().map(|p| p.0).collect();
                assert!(
                    window.contains(&1) && window.contains(&total) && window.contains(&current)
                );
                assert!(current == 1 || window.contains(&(current - 1)));
                assert!(current == total || window.contains(&(current + 1)));
                assert!(window.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn pagination() {
        let items: Vec<usize> = (0..25).collect();
        let (slice, p) = paginate(&items, 10, 3, "ateliers/");
        assert_eq!(slice, &[20, 21, 22, 23, 24]);
        assert_eq!(p["path"], "ateliers/page/3/");
        assert_eq!(p["previous"], "ateliers/page/2/");
        assert_eq!(p["next"], Value::Null);
        let (_, p) = paginate(&items, 10, 2, "ateliers/");
        assert_eq!(p["previous"], "ateliers/");
        let (slice, p) = paginate(&items, 0, 1, "x/");
        assert_eq!((slice.len(), p["total"].as_u64()), (25, Some(1)));
    }

    #[test]
    fn tera_positions() {
        assert_eq!(parse_tera_position("Failed\n --> 3:12\n  |"), Some((3, 12)));
        assert_eq!(parse_tera_position("nothing"), None);
    }
}

//! Optional introductions of taxonomy terms, shown at the top of the term's
//! page: `taxonomies/<taxonomy>/<term>.md` beside `site.toml`, for instance
//! `taxonomies/themes/violences-conjugales.md`. The file name is matched by
//! its slug, so `Violences conjugales.md` works too.
//!
//! They live outside `content/` because everything in `content/` is a page.
//! Links are written as from `content/` (`ressources/violentometre.md`), or
//! relative to the file itself (`../../content/ressources/violentometre.md`,
//! what an editor's link completion writes): both reach the same page.

use crate::error::{display_path, Diagnostic, Location, Result};
use crate::links::{join_normalized, root_of, DocLinks, LinkMaps, Target};
use crate::markdown::{render, LinkResolver};
use crate::site::Site;
use crate::slug::slugify;
use crate::text;
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Folder of the introductions, beside `site.toml`.
pub const INTROS_DIR: &str = "taxonomies";

/// What an introduction may say in its optional front matter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntroFront {
    #[serde(default)]
    description: String,
}

impl crate::frontmatter::Front for IntroFront {}

/// One term's introduction, ready for templates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Intro {
    pub description: String,
    pub html: String,
}

/// Introductions by term path (`themes/violences-conjugales/`).
pub type Intros = HashMap<String, Intro>;

/// Reads and renders every introduction. Broken links are errors (as in
/// pages); a file naming no known term is a warning, returned apart.
pub fn load(site: &Site, static_files: &HashSet<String>) -> Result<(Intros, Vec<Diagnostic>)> {
    let root = &site.config.root;
    // built at the first introduction: most sites have none, and the maps
    // of a 50,000-page site take 62 ms of one core
    let mut maps: Option<LinkMaps> = None;
    let mut intros = Intros::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for tax in &site.taxonomies {
        let dir = root.join(INTROS_DIR).join(&tax.taxonomy.name);
        if !dir.is_dir() {
            continue;
        }
        for (rel, _) in crate::theme::list_files(&dir)? {
            let Some(stem) = rel.strip_suffix(".md").filter(|s| !s.contains('/')) else {
                continue;
            };
            let source = Path::new(INTROS_DIR).join(&tax.taxonomy.name).join(&rel);
            let slug = slugify(stem);
            let Some(term) = tax.terms.iter().find(|t| t.slug == slug) else {
                warnings.push(unknown_term(&source, tax));
                continue;
            };
            let maps = maps.get_or_insert_with(|| {
                LinkMaps::new(&site.content, static_files, site.config.index_suffix())
            });
            match read_one(site, maps, &source, &term.path) {
                Ok((intro, problems)) => {
                    let (e, w): (Vec<_>, Vec<_>) = problems.into_iter().partition(|d| d.is_error());
                    errors.extend(e);
                    warnings.extend(w);
                    intros.insert(term.path.clone(), intro);
                }
                Err(crate::error::Error::Content(d)) => errors.extend(d),
                Err(e) => return Err(e),
            }
        }
    }
    if errors.is_empty() {
        Ok((intros, warnings))
    } else {
        errors.extend(warnings);
        Err(crate::error::Error::Content(errors))
    }
}

fn unknown_term(source: &Path, tax: &crate::taxonomy::TaxonomyTerms) -> Diagnostic {
    let names: Vec<String> = tax.terms.iter().map(|t| t.slug.clone()).collect();
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let title = &tax.taxonomy.config.title;
    let help = match crate::toml_errors::closest(&slugify(&stem), &names) {
        Some(s) => text!("vouliez-vous dire {s}.md ?", "did you mean {s}.md?"),
        None => text!(
            "le nom du fichier doit être celui d'un terme de « {title} » utilisé par au moins une page",
            "the file name must be that of a term of \"{title}\" used by at least one page"
        ),
    };
    Diagnostic::warning(
        Location::file(source),
        text!(
            "cette introduction ne correspond à aucun terme de « {title} » : elle n'est pas affichée",
            "this introduction matches no term of \"{title}\": it is not shown"
        ),
    )
    .with_help(help)
}

fn read_one(
    site: &Site,
    maps: &LinkMaps,
    source: &Path,
    term_path: &str,
) -> Result<(Intro, Vec<Diagnostic>)> {
    let bytes = std::fs::read(site.config.root.join(source))
        .map_err(|e| crate::error::Error::io(crate::error::Action::Read, source, e))?;
    let text = crate::frontmatter::decode_text(&bytes, source)?;
    let (front, body, body_line) = if text.trim_start().starts_with("+++") {
        let split = crate::frontmatter::split(&text, source)?;
        let front: IntroFront = crate::frontmatter::parse(&split, source)?;
        (front, split.body.to_string(), split.body_line)
    } else {
        (IntroFront::default(), text.clone(), 1)
    };
    let links = DocLinks {
        maps,
        content: &site.content,
        this: Target::Section(0),
        source_dir: String::new(),
        source,
        body: &body,
        body_line,
        root: root_of(term_path),
        problems: RefCell::new(Vec::new()),
        anchors: RefCell::new(Vec::new()),
        used_files: RefCell::new(Vec::new()),
    };
    let resolver = FromFile {
        dir: source
            .parent()
            .map(display_path)
            .unwrap_or_default()
            .replace('\\', "/"),
        inner: &links,
    };
    let rendered = render(&body, &resolver);
    let mut problems = links.problems.into_inner();
    problems.extend(check_anchors(site, links.anchors.into_inner()));
    Ok((
        Intro {
            description: front.description,
            html: rendered.html,
        },
        problems,
    ))
}

/// Rewrites a link relative to the introduction's own folder that lands in
/// `content/` into a content link (`@/…`); anything else goes through as
/// written, read as from `content/`.
struct FromFile<'a> {
    dir: String,
    inner: &'a DocLinks<'a>,
}

impl LinkResolver for FromFile<'_> {
    fn resolve(&self, dest: &str, offset: usize) -> String {
        if dest.starts_with("../") {
            let path = dest.split(['#', '?']).next().unwrap_or(dest);
            if let Some(rel) = join_normalized(&self.dir, path) {
                if let Some(inside) = rel.strip_prefix("content/") {
                    let rest = &dest[path.len()..];
                    return self.inner.resolve(&format!("@/{inside}{rest}"), offset);
                }
            }
        }
        self.inner.resolve(dest, offset)
    }
}

/// A link to `page.md#anchor` whose anchor does not exist still opens the
/// page: a warning, as in pages.
fn check_anchors(site: &Site, checks: Vec<crate::links::AnchorCheck>) -> Vec<Diagnostic> {
    checks
        .into_iter()
        .filter(|c| {
            let anchors = match c.target {
                Target::Page(i) => &site.pages_html[i].anchors,
                Target::Section(i) => &site.sections_html[i].anchors,
            };
            !anchors.contains(&c.anchor)
        })
        .map(|c| {
            let anchor = &c.anchor;
            Diagnostic::warning(
                c.location,
                text!(
                    "l'ancre #{anchor} n'existe pas dans la page visée",
                    "anchor #{anchor} does not exist in the page linked to"
                ),
            )
            .with_help(text!(
                "vérifiez l'identifiant du titre visé, ou retirez la partie #…",
                "check the id of the heading linked to, or remove the #… part"
            ))
        })
        .collect()
}

//! Walking `content/`: sections (folders with `_index.md`), pages (other
//! `.md` files), page bundles (folders with `index.md`, whose other files are
//! the page's attachments), and the other files copied beside them.

use crate::date::Date;
use crate::error::{display_path, Action, Diagnostic, Error, Location, Result};
use crate::frontmatter;
use crate::slug::slugify;
use crate::text;
use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A page's front matter. Unknown keys are errors (a typo such as `titel`
/// must not be silently ignored); site-specific data goes in `[extra]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    #[serde(default)]
    pub taxonomies: IndexMap<String, Vec<String>>,
    #[serde(default)]
    pub extra: toml::Table,
}

impl frontmatter::Front for PageFront {
    /// Field by field, as serde would: every page goes through here, and
    /// the way through a `toml::Table` cost twice as much. Whatever is not
    /// a field of the right type gives `None`, and the `toml` crate then
    /// reports it.
    fn from_simple(doc: frontmatter::simple::Doc<'_>) -> Option<Self> {
        use toml::Value;
        let mut title = None;
        let mut front = PageFront {
            title: String::new(),
            date: None,
            updated: None,
            description: String::new(),
            draft: false,
            slug: None,
            weight: None,
            template: None,
            taxonomies: IndexMap::new(),
            extra: toml::Table::new(),
        };
        for (key, value) in doc.root {
            match (key, value) {
                ("title", Value::String(s)) => title = Some(s),
                ("date", v) => front.date = Some(simple_date(v)?),
                ("updated", v) => front.updated = Some(simple_date(v)?),
                ("description", Value::String(s)) => front.description = s,
                ("draft", Value::Boolean(b)) => front.draft = b,
                ("slug", Value::String(s)) => front.slug = Some(s),
                ("weight", Value::Integer(n)) => front.weight = Some(n),
                ("template", Value::String(s)) => front.template = Some(s),
                _ => return None,
            }
        }
        for (name, pairs) in doc.tables {
            match name {
                "taxonomies" => {
                    for (key, value) in pairs {
                        let Value::Array(items) = value else {
                            return None;
                        };
                        let spellings = items.into_iter().map(|item| match item {
                            Value::String(s) => Some(s),
                            _ => None,
                        });
                        front
                            .taxonomies
                            .insert(key.to_string(), spellings.collect::<Option<_>>()?);
                    }
                }
                "extra" => front.extra = frontmatter::simple::table(pairs),
                _ => return None,
            }
        }
        front.title = title?;
        Some(front)
    }
}

/// A page's date as `Date`'s `Deserialize` reads it: a TOML date or a text.
fn simple_date(value: toml::Value) -> Option<Date> {
    match value {
        // a date alone: what `Date::parse` makes of its text, without
        // writing the text
        toml::Value::Datetime(toml::value::Datetime {
            date: Some(d),
            time: None,
            offset: None,
        }) => Date::from_ymd(i32::from(d.year), d.month, d.day),
        toml::Value::Datetime(dt) => Date::parse(&dt.to_string()),
        toml::Value::String(s) => Date::parse(&s),
        _ => None,
    }
}

impl frontmatter::Front for SectionFront {}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first; undated pages last, by title.
    #[default]
    Date,
    /// French alphabetical order.
    Title,
    /// Lightest first.
    Weight,
}

/// A section's front matter (`_index.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sort_by: SortBy,
    /// Pages per listing page; 0 lists them all.
    #[serde(default)]
    pub paginate_by: usize,
    pub template: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub extra: toml::Table,
}

impl SectionFront {
    /// The front matter of a section that has no readable `_index.md`.
    pub fn placeholder() -> Self {
        SectionFront {
            title: String::new(),
            description: String::new(),
            sort_by: SortBy::Date,
            paginate_by: 0,
            template: None,
            weight: None,
            extra: toml::Table::new(),
        }
    }
}

/// A file that is not Markdown, copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Path under `content/`, with `/` (`ateliers/excision/synthese.pdf`).
    pub content_rel: String,
    /// Path in the output (`ateliers/excision/synthese.pdf`).
    pub output: String,
    pub size: u64,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// For messages: `content/ateliers/excision.md`.
    pub source: PathBuf,
    /// Path under `content/`, with `/`.
    pub content_rel: String,
    pub front: PageFront,
    /// The front matter as written (the TOML between the `+++` lines), so
    /// checks can point at the line of a key.
    pub front_toml: String,
    /// Line of the file where `front_toml` starts.
    pub front_line: usize,
    pub body: String,
    /// Line of the file where `body` starts.
    pub body_line: usize,
    /// URL path from the site root, always ending with `/` (`ateliers/excision/`).
    pub path: String,
    pub section: usize,
    /// Attachments of a page bundle (indices into `Content::assets`).
    pub assets: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub source: PathBuf,
    /// Folder under `content/`, with `/`; empty for the home page.
    pub dir_rel: String,
    pub front: SectionFront,
    pub body: String,
    pub body_line: usize,
    /// URL path from the site root: `""` for home, else ending with `/`.
    pub path: String,
    pub parent: Option<usize>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// False for the home page made up when `content/_index.md` is missing.
    pub from_file: bool,
}

/// Everything read from `content/`. Section 0 is the home page.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Files that could not be read or parsed, and why. The rest of the
    /// site is still checked, so an author sees every problem in one run.
    pub problems: Vec<Diagnostic>,
    /// Paths under `content/` of the `.md` files in `problems`: links to
    /// them are not reported as broken on top of their own error.
    pub unparsed: HashSet<String>,
}

/// Editors' temporary, swap and backup files, and hidden files: never
/// content. Shared with the file watcher of `carnet serve`.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".bck",
            ".bak",
            ".tmp",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        || name.starts_with(".goutputstream-")
        || name.starts_with("~$")
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

struct Walked {
    sections: Vec<String>,
    pages: Vec<(String, bool)>,
    files: Vec<(String, u64)>,
}

/// Lists `content/`, sorted so every build sees the same order.
fn walk(content_dir: &Path) -> Result<Walked> {
    let mut walked = Walked {
        sections: vec![],
        pages: vec![],
        files: vec![],
    };
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by(by_file_name)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(e, content_dir))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .expect("walked under content_dir")
            .to_string_lossy()
            .replace('\\', "/");
        let name = entry.file_name().to_string_lossy();
        if name == "_index.md" {
            walked.sections.push(rel);
        } else if name.ends_with(".md") {
            walked.pages.push((rel, name == "index.md"));
        } else {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            walked.files.push((rel, size));
        }
    }
    Ok(walked)
}

/// walkdir's `sort_by_file_name`, faster: the entries it sorts are in one
/// folder, so their paths differ only after the same prefix, and comparing
/// them whole orders them by name. Finding each name again (`file_name`
/// parses the path from its end) was most of the walk of a large folder.
pub fn by_file_name(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    debug_assert_eq!(a.path().parent(), b.path().parent());
    a.path().as_os_str().cmp(b.path().as_os_str())
}

/// A folder that cannot be listed. A link (symbolic link, or junction on
/// Windows) back to a folder that contains it gets its own words: walkdir's
/// message is English and says nothing of what to do.
fn walk_error(e: walkdir::Error, content_dir: &Path) -> Error {
    // from the site's root, as every other location is shown
    let root = content_dir.parent().unwrap_or(content_dir);
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let path = shown(e.path().unwrap_or(content_dir));
    match e.loop_ancestor() {
        Some(ancestor) => {
            let ancestor = display_path(&shown(ancestor));
            Error::one(
                Diagnostic::error(
                    Location::file(path),
                    text!(
                        "ce dossier est un lien vers « {ancestor} », qui le contient : \
                         le parcourir ne finirait jamais",
                        "this folder is a link to \"{ancestor}\", which contains it: \
                         walking it would never end"
                    ),
                )
                .with_help(text!(
                    "supprimez ce lien, ou faites-le pointer vers un dossier hors de content/",
                    "delete this link, or point it to a folder outside content/"
                )),
            )
        }
        None => Error::io(Action::Read, path, e.into()),
    }
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn file_name(rel: &str) -> &str {
    rel.rfind('/').map_or(rel, |i| &rel[i + 1..])
}

/// URL path of a content folder: each component slugified.
fn dir_path(dir_rel: &str) -> String {
    dir_rel
        .split('/')
        .filter(|c| !c.is_empty())
        .map(|c| format!("{}/", slugify(c)))
        .collect()
}

/// Splits a leading `2023-03-21-` off a file name: the rest is the slug and
/// the date is used when the front matter has none (the Zola convention).
pub fn split_date_prefix(stem: &str) -> (Option<Date>, &str) {
    if stem.len() > 11 && stem.is_char_boundary(10) {
        let (head, tail) = stem.split_at(10);
        if let (Some(date), Some(rest)) = (
            Date::parse(head),
            tail.strip_prefix('-').or_else(|| tail.strip_prefix('_')),
        ) {
            return (Some(date), rest);
        }
    }
    (None, stem)
}

fn read_source(root: &Path, rel_to_root: &Path) -> Result<String> {
    let bytes = std::fs::read(root.join(rel_to_root))
        .map_err(|e| Error::io(Action::Read, rel_to_root, e))?;
    frontmatter::decode_text(&bytes, rel_to_root)
}

struct Parsed<F> {
    front: F,
    front_toml: String,
    front_line: usize,
    body: String,
    body_line: usize,
}

fn parse_file<F: frontmatter::Front>(root: &Path, source: &Path) -> Result<Parsed<F>> {
    let text = read_source(root, source)?;
    let split = frontmatter::split(&text, source)?;
    let front = frontmatter::parse(&split, source).map_err(|e| clarify(e, &text))?;
    Ok(Parsed {
        front,
        front_toml: split.front.to_string(),
        front_line: split.front_line,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// Rewords a TOML syntax error when its line shows a mistake word
/// processors teach: typographic quotes, a date written 21/11/2023.
fn clarify(error: Error, text: &str) -> Error {
    let Error::Content(mut diagnostics) = error else {
        return error;
    };
    for d in &mut diagnostics {
        if d.code != Some(crate::toml_errors::SYNTAX) || d.location.line == 0 {
            continue;
        }
        let line = text.lines().nth(d.location.line - 1).unwrap_or("");
        let (key, value) = line.split_once('=').unwrap_or(("", line));
        let value = value.trim();
        let key = key.trim();
        if let Some(iso) = french_date(value) {
            d.message = text!(
                "date écrite « {value} » : carnet attend l'année d'abord",
                "date written \"{value}\": carnet expects the year first"
            );
            d.help = Some(text!(
                "écrivez-la AAAA-MM-JJ, sans guillemets : {key} = {iso}",
                "write it YYYY-MM-DD, without quotes: {key} = {iso}"
            ));
            d.code = Some("bad-date");
        } else if value.starts_with(['“', '”', '«', '„', '‘', '’']) {
            d.message = text!(
                "guillemets typographiques : carnet attend des guillemets droits \"…\"",
                "curly quotes: carnet expects straight quotes \"…\""
            );
            d.help = Some(text!(
                "remplacez-les par des guillemets droits (touche 3 du clavier) : {key} = \"…\" ; \
                 les guillemets « » restent possibles à l'intérieur du texte",
                "replace them with straight quotes: {key} = \"…\"; \
                 curly quotes remain possible inside the text"
            ));
            d.code = Some("curly-quotes");
        }
    }
    Error::Content(diagnostics)
}

/// `21/11/2023` or `21-11-2023` → `2023-11-21`.
fn french_date(value: &str) -> Option<String> {
    let value = value.trim_matches('"');
    let parts: Vec<&str> = value.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let ok = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(ok(d, 1..=2) && ok(m, 1..=2) && ok(y, 4..=4)) {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    Date::parse(&iso).map(|_| iso)
}

/// Reads `ROOT/content`. Problems in single files are collected in
/// `Content::problems` and the other files are still read, so an author sees
/// all of them at once. Only a missing or unreadable `content/` is an `Err`.
/// Drafts are dropped unless `drafts`.
pub fn load(root: &Path, drafts: bool) -> Result<Content> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Error::one(
            Diagnostic::error(
                Location::file("content"),
                text!(
                    "aucun dossier content/ dans « {root} »",
                    "no content/ folder in \"{root}\"",
                    root = display_path(root)
                ),
            )
            .with_help(text!(
                "créez un dossier content/ à côté de site.toml et mettez-y vos pages .md",
                "create a content/ folder next to site.toml and put your .md pages in it"
            )),
        ));
    }
    let walked = walk(&content_dir)?;
    let source_of = |rel: &str| PathBuf::from("content").join(rel);
    let mut content = Content::default();

    let section_results: Vec<_> = walked
        .sections
        .par_iter()
        .map(|rel| parse_file::<SectionFront>(root, &source_of(rel)))
        .collect();

    let mut has_root = false;
    for (rel, parsed) in walked.sections.iter().zip(section_results) {
        match parsed {
            Ok(p) => {
                let dir_rel = parent_dir(rel).to_string();
                has_root |= dir_rel.is_empty();
                content.sections.push(Section {
                    source: source_of(rel),
                    path: dir_path(&dir_rel),
                    dir_rel,
                    front: p.front,
                    body: p.body,
                    body_line: p.body_line,
                    parent: None,
                    pages: vec![],
                    subsections: vec![],
                    from_file: true,
                })
            }
            Err(e) => {
                content.unparsed.insert(rel.clone());
                content.problems.extend(unreadable(e));
                // Keep the section so its pages are still checked against
                // its schema; the build stops anyway on the error above.
                let dir_rel = parent_dir(rel).to_string();
                has_root |= dir_rel.is_empty();
                content.sections.push(Section {
                    source: source_of(rel),
                    path: dir_path(&dir_rel),
                    dir_rel,
                    front: SectionFront::placeholder(),
                    body: String::new(),
                    body_line: 1,
                    parent: None,
                    pages: vec![],
                    subsections: vec![],
                    from_file: true,
                })
            }
        }
    }
    if !has_root {
        content.sections.push(Section {
            source: PathBuf::from("content/_index.md"),
            dir_rel: String::new(),
            front: SectionFront::placeholder(),
            body: String::new(),
            body_line: 1,
            path: String::new(),
            parent: None,
            pages: vec![],
            subsections: vec![],
            from_file: false,
        });
    }
    // Home first, then by folder: parents before children.
    content.sections.sort_by(|a, b| a.dir_rel.cmp(&b.dir_rel));
    link_sections(&mut content.sections);

    let bundle_dirs: HashSet<&str> = walked
        .pages
        .iter()
        .filter(|(_, is_bundle)| *is_bundle)
        .map(|(rel, _)| parent_dir(rel))
        .collect();
    // Each file belongs to the innermost bundle above it, if any.
    let mut bundle_assets: HashMap<&str, Vec<usize>> = HashMap::new();
    for (rel, size) in &walked.files {
        let dir = parent_dir(rel);
        if let Some(bundle) = enclosing_bundle(dir, &bundle_dirs) {
            bundle_assets
                .entry(bundle)
                .or_default()
                .push(content.assets.len());
        }
        content.assets.push(Asset {
            source: source_of(rel),
            content_rel: rel.clone(),
            output: format!("{}{}", dir_path(dir), file_name(rel)),
            size: *size,
        });
    }

    // Read, parse and place every page on both cores; what follows is only
    // bookkeeping in page order.
    let sections = &content.sections;
    let made: Vec<Made> = walked
        .pages
        .par_iter()
        .map(|(rel, is_bundle)| {
            let p = match parse_file::<PageFront>(root, &source_of(rel)) {
                Ok(p) => p,
                Err(e) => return Made::Unreadable(e),
            };
            if p.front.draft && !drafts {
                return Made::Skipped;
            }
            // A .md file inside a bundle is one of its attachments, not a page.
            if !is_bundle && enclosing_bundle(parent_dir(rel), &bundle_dirs).is_some() {
                return Made::Skipped;
            }
            Made::Page(Box::new(make_page(rel, *is_bundle, p, sections)))
        })
        .collect();
    for ((rel, is_bundle), made) in walked.pages.iter().zip(made) {
        let mut page = match made {
            Made::Page(page) => *page,
            Made::Skipped => continue,
            Made::Unreadable(e) => {
                content.unparsed.insert(rel.clone());
                content.problems.extend(unreadable(e));
                continue;
            }
        };
        let dir = parent_dir(rel);
        if *is_bundle {
            // Attachments go next to the page, wherever its slug puts it.
            page.assets = bundle_assets.remove(dir).unwrap_or_default();
            for &a in &page.assets {
                let asset = &mut content.assets[a];
                let inner = asset.content_rel[dir.len()..].trim_start_matches('/');
                asset.output = format!("{}{inner}", page.path);
            }
        }
        content.pages.push(page);
    }
    for (i, page) in content.pages.iter().enumerate() {
        content.sections[page.section].pages.push(i);
    }
    Ok(content)
}

/// A file that could not be read: its diagnostics, whatever the cause.
fn unreadable(error: Error) -> Vec<Diagnostic> {
    match error {
        Error::Content(d) => d,
        Error::Io { path, source, .. } => vec![Diagnostic::error(
            Location::file(path),
            text!(
                "impossible de lire ce fichier : {source}",
                "could not read this file: {source}"
            ),
        )],
        Error::Other(message) => vec![Diagnostic::error(Location::file("content"), message)],
    }
}

/// The innermost bundle folder at or above `dir`.
fn enclosing_bundle<'a>(dir: &str, bundles: &HashSet<&'a str>) -> Option<&'a str> {
    let mut dir = dir;
    loop {
        if let Some(b) = bundles.get(dir) {
            return Some(b);
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent_dir(dir);
    }
}

/// What became of a `.md` file found under `content/`.
enum Made {
    Page(Box<Page>),
    /// A draft, or a `.md` attachment of a bundle.
    Skipped,
    Unreadable(Error),
}

fn make_page(rel: &str, is_bundle: bool, parsed: Parsed<PageFront>, sections: &[Section]) -> Page {
    let mut front = parsed.front;
    let (dir, stem) = if is_bundle {
        let bundle = parent_dir(rel);
        (parent_dir(bundle), file_name(bundle))
    } else {
        (parent_dir(rel), file_name(rel).trim_end_matches(".md"))
    };
    let (file_date, stem) = split_date_prefix(stem);
    if front.date.is_none() {
        front.date = file_date;
    }
    let slug = match &front.slug {
        Some(s) if !slugify(s).is_empty() => slugify(s),
        _ => match slugify(stem) {
            s if s.is_empty() => "page".to_string(),
            s => s,
        },
    };
    let path = format!("{}{slug}/", dir_path(dir));
    let section = owning_section(sections, dir);
    Page {
        source: PathBuf::from("content").join(rel),
        content_rel: rel.to_string(),
        front,
        front_toml: parsed.front_toml,
        front_line: parsed.front_line,
        body: parsed.body,
        body_line: parsed.body_line,
        path,
        section,
        assets: Vec::new(),
    }
}

/// The nearest section at or above `dir`. Section 0 (home) owns everything.
fn owning_section(sections: &[Section], dir: &str) -> usize {
    let mut dir = dir;
    loop {
        if let Some(i) = sections.iter().position(|s| s.dir_rel == dir) {
            return i;
        }
        if dir.is_empty() {
            return 0;
        }
        dir = parent_dir(dir);
    }
}

fn link_sections(sections: &mut [Section]) {
    for i in 1..sections.len() {
        let parent = owning_section(sections, parent_dir(&sections[i].dir_rel));
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A value for front matter `key`: mostly of the right type, sometimes
    /// not (a date written 21/03/2024, a text for a number, a list).
    fn field_value(key: &'static str) -> BoxedStrategy<String> {
        let text = "[a-zé' «»:-]{0,10}".prop_map(|s| format!("\"{s}\""));
        let date = "20[0-9]{2}-(0[1-9]|1[0-3])-[0-3][0-9]";
        let right: BoxedStrategy<String> = match key {
            "date" | "updated" => prop_oneof![
                4 => date.boxed(),
                1 => date.prop_map(|d| format!("\"{d}\"")).boxed(),
            ]
            .boxed(),
            "draft" => prop_oneof![Just("true".to_string()), Just("false".to_string())].boxed(),
            "weight" => "-?[0-9]{1,4}".boxed(),
            "themes" | "publics" => prop::collection::vec(text.clone(), 0..3)
                .prop_map(|v| format!("[{}]", v.join(", ")))
                .boxed(),
            _ => text.clone().boxed(),
        };
        let wrong = prop_oneof![
            text,
            Just("\"21/03/2024\"".to_string()),
            Just("12".to_string()),
            Just("true".to_string()),
            Just("[\"a\"]".to_string()),
            Just("[]".to_string()),
        ];
        prop_oneof![12 => right, 1 => wrong].boxed()
    }

    /// `key = value` lines for some of `keys`, in their order.
    fn lines_for(keys: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
        prop::sample::subsequence(keys, 0..=keys.len()).prop_flat_map(|keys| {
            keys.into_iter()
                .map(|k| field_value(k).prop_map(move |v| format!("{k} = {v}")))
                .collect::<Vec<_>>()
        })
    }

    /// A page's front matter: its fields (title nearly always), now and
    /// then an unknown or repeated key, then its tables.
    fn page_front() -> impl Strategy<Value = String> {
        const ROOT: &[&str] = &[
            "date",
            "updated",
            "description",
            "draft",
            "slug",
            "weight",
            "template",
        ];
        const TAXONOMIES: &[&str] = &["themes", "publics"];
        const EXTRA: &[&str] = &["lieu", "annee", "date", "film"];
        let odd =
            prop::sample::select(&["", "", "", "titel = \"x\"", "title = \"y\"", "extra = 1"][..]);
        let title = prop_oneof![9 => field_value("title").prop_map(|v| format!("title = {v}")), 1 => Just(String::new())];
        let tables = prop::sample::select(&["", "", "[autre]\nx = 1"][..]);
        (
            title,
            lines_for(ROOT),
            odd,
            lines_for(TAXONOMIES),
            lines_for(EXTRA),
            tables,
        )
            .prop_map(|(title, root, odd, taxonomies, extra, tables)| {
                let mut lines = vec![title];
                lines.extend(root);
                lines.push(odd.to_string());
                lines.push("[taxonomies]".into());
                lines.extend(taxonomies);
                lines.push("[extra]".into());
                lines.extend(extra);
                lines.push(tables.to_string());
                lines.join("\n")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever `PageFront::from_simple` builds, serde builds alike from
        /// the same text (and the rest goes to serde anyway).
        #[test]
        fn page_front_matter_is_built_as_serde_builds_it(front in page_front()) {
            use crate::frontmatter::Front;
            if let Some(built) = frontmatter::simple::parse(&front).and_then(PageFront::from_simple) {
                let reference = toml::from_str::<PageFront>(&front);
                prop_assert!(reference.is_ok(), "{} : {:?}", front, reference);
                prop_assert_eq!(format!("{built:?}"), format!("{:?}", reference.unwrap()), "{}", front);
            }
        }
    }

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            ".goutputstream-XYZ",
            "4913",
            "a.bck",
            ".#a.md",
            "~$doc.docx",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "synthese.pdf", "_index.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn walk_order_is_walkdirs_order_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a",
            "a b",
            "a-b",
            "a.md",
            "ab",
            "A",
            "Z",
            "é",
            "e",
            "_index.md",
            "a/b",
            "a/a.md",
            "a b/x.md",
            "a-b/y",
            "ab/_index.md",
            "é/z.md",
        ];
        for name in names {
            let path = dir.path().join("content").join(name);
            // files: the names with a dot, and the one-letter names but `a`
            if name.contains('.') || (name.len() == 1 && name != "a") {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, "x").unwrap();
            } else {
                std::fs::create_dir_all(&path).unwrap();
            }
        }
        let list = |walker: walkdir::WalkDir| -> Vec<std::path::PathBuf> {
            walker.into_iter().map(|e| e.unwrap().into_path()).collect()
        };
        let root = dir.path().join("content");
        let theirs = list(walkdir::WalkDir::new(&root).sort_by_file_name());
        let ours = list(walkdir::WalkDir::new(&root).sort_by(by_file_name));
        assert_eq!(ours, theirs);
        assert!(ours.len() > names.len());
    }

    #[test]
    fn date_prefix() {
        let (d, rest) = split_date_prefix("2023-03-21-excision");
        assert_eq!(
            (d.unwrap().iso(), rest),
            ("2023-03-21".to_string(), "excision")
        );
        assert_eq!(split_date_prefix("excision").1, "excision");
        assert_eq!(split_date_prefix("2023-13-45-x").0, None);
    }

    #[test]
    fn french_dates_are_recognised() {
        assert_eq!(french_date("21/11/2023").as_deref(), Some("2023-11-21"));
        assert_eq!(french_date("1/3/2023").as_deref(), Some("2023-03-01"));
        assert_eq!(french_date("31/02/2023"), None);
        assert_eq!(french_date("2023/11/21"), None);
    }

    #[test]
    fn dir_paths_are_slugified() {
        assert_eq!(dir_path("Ciné débats/2023"), "cine-debats/2023/");
        assert_eq!(dir_path(""), "");
    }
}

//! Resolving the links authors write — to another Markdown file
//! (`../ressources/violentometre.md#usage`), to an attachment, or to a site
//! path (`/ateliers/excision/`) — into relative links that work at a
//! server's root, under a sub-path and from disk.

use crate::content::Content;
use crate::error::{line_col, Diagnostic, Location};
use crate::markdown::LinkResolver;
use crate::text;
use crate::toml_errors::edit_distance;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Page(usize),
    Section(usize),
}

/// Lookup tables built once per build.
pub struct LinkMaps {
    by_source: HashMap<String, Target>,
    by_path: HashMap<String, Target>,
    /// Asset path under `content/` → its output path.
    assets: HashMap<String, String>,
    /// Every file output path that is not a page (assets and static files).
    files: HashSet<String>,
    /// Every `.md` path under `content/`, for suggestions.
    sources: Vec<String>,
    /// `.md` files that failed to parse: links to them are not reported.
    unparsed: HashSet<String>,
    index_suffix: &'static str,
}

impl LinkMaps {
    pub fn new(
        content: &Content,
        static_files: &HashSet<String>,
        index_suffix: &'static str,
    ) -> Self {
        let mut by_source = HashMap::new();
        let mut by_path = HashMap::new();
        for (i, s) in content.sections.iter().enumerate() {
            let rel = if s.dir_rel.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.dir_rel)
            };
            by_source.insert(rel, Target::Section(i));
            by_path.insert(s.path.clone(), Target::Section(i));
        }
        for (i, p) in content.pages.iter().enumerate() {
            by_source.insert(p.content_rel.clone(), Target::Page(i));
            by_path.insert(p.path.clone(), Target::Page(i));
        }
        let assets: HashMap<String, String> = content
            .assets
            .iter()
            .map(|a| (a.content_rel.clone(), a.output.clone()))
            .collect();
        let mut files: HashSet<String> = static_files.clone();
        files.extend(assets.values().cloned());
        let mut sources: Vec<String> = by_source.keys().cloned().collect();
        sources.extend(content.unparsed.iter().cloned());
        sources.sort();
        LinkMaps {
            by_source,
            by_path,
            assets,
            files,
            sources,
            unparsed: content.unparsed.clone(),
            index_suffix,
        }
    }

    /// The URL path of a target, from the site root.
    pub fn path_of<'c>(&self, content: &'c Content, target: Target) -> &'c str {
        match target {
            Target::Page(i) => &content.pages[i].path,
            Target::Section(i) => &content.sections[i].path,
        }
    }

    pub fn href(&self, root: &str, path: &str) -> String {
        href(root, path, self.index_suffix)
    }
}

/// The link from a page at depth `root` to a folder path `path`.
pub fn href(root: &str, path: &str, index_suffix: &str) -> String {
    if path.is_empty() && index_suffix.is_empty() {
        root.to_string()
    } else {
        format!("{root}{path}{index_suffix}")
    }
}

/// `"ateliers/excision/"` → `"../../"`; the home page gets `"./"`.
pub fn root_of(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// An `#anchor` to check once every page is rendered.
pub struct AnchorCheck {
    pub target: Target,
    pub anchor: String,
    pub location: Location,
}

/// Resolves the links of one Markdown document and records its problems.
pub struct DocLinks<'a> {
    pub maps: &'a LinkMaps,
    pub content: &'a Content,
    pub this: Target,
    /// Folder of the source under `content/` (the bundle folder for bundles).
    pub source_dir: String,
    pub source: &'a Path,
    pub body: &'a str,
    pub body_line: usize,
    pub root: String,
    pub problems: RefCell<Vec<Diagnostic>>,
    pub anchors: RefCell<Vec<AnchorCheck>>,
    /// Output paths of the files (attachments, static files) linked to,
    /// so attachments nothing links to can be reported.
    pub used_files: RefCell<Vec<String>>,
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    // A Windows drive letter (C:\…) is a path, not a scheme.
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Joins `rel` onto `dir` (both `/`-separated), resolving `.` and `..`.
/// `None` when the path climbs out of the top.
pub fn join_normalized(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Percent-encodes what must not stand raw in an href (spaces, quotes…).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

impl DocLinks<'_> {
    fn location(&self, offset: usize) -> Location {
        let (line, col) = line_col(self.body, offset);
        Location::at(self.source, line + self.body_line - 1, col)
    }

    fn problem(&self, offset: usize, message: crate::i18n::Text, help: Option<crate::i18n::Text>) {
        let mut d = Diagnostic::error(self.location(offset), message);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.problems.borrow_mut().push(d);
    }

    fn target_href(&self, target: Target, fragment: &str, offset: usize) -> String {
        if !fragment.is_empty() {
            self.anchors.borrow_mut().push(AnchorCheck {
                target,
                anchor: fragment.to_string(),
                location: self.location(offset),
            });
        }
        let path = self.maps.path_of(self.content, target);
        let mut out = encode_path(&self.maps.href(&self.root, path));
        if !fragment.is_empty() {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }

    /// Looks a path under `content/` up: a Markdown source, an attachment,
    /// or a folder holding `_index.md` / `index.md`.
    fn lookup_content(&self, rel: &str) -> Option<Result<Target, String>> {
        if let Some(t) = self.maps.by_source.get(rel) {
            return Some(Ok(*t));
        }
        if let Some(output) = self.maps.assets.get(rel) {
            return Some(Err(output.clone()));
        }
        let dir = rel.trim_end_matches('/');
        for index in ["_index.md", "index.md"] {
            let key = if dir.is_empty() {
                index.to_string()
            } else {
                format!("{dir}/{index}")
            };
            if let Some(t) = self.maps.by_source.get(&key) {
                return Some(Ok(*t));
            }
        }
        None
    }

    /// Looks a site path (`ateliers/excision/`, `docs/guide.pdf`) up.
    fn lookup_site_path(&self, path: &str) -> Option<Result<Target, String>> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let folder = if path.is_empty() || path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        if let Some(t) = self.maps.by_path.get(&folder) {
            return Some(Ok(*t));
        }
        if self.maps.files.contains(path) {
            return Some(Err(path.to_string()));
        }
        None
    }

    /// Whether `rel` (under `content/`) names a file that failed to parse,
    /// directly or as a folder's `_index.md` / `index.md`.
    fn is_unparsed(&self, rel: &str) -> bool {
        let dir = rel.trim_end_matches('/');
        self.maps.unparsed.contains(rel)
            || ["_index.md", "index.md"].iter().any(|index| {
                let key = if dir.is_empty() {
                    index.to_string()
                } else {
                    format!("{dir}/{index}")
                };
                self.maps.unparsed.contains(&key)
            })
    }

    fn suggestion(&self, wanted: &str) -> Option<String> {
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        // An attachment next to this page first: « Synthese.pdf » for
        // « synthese.pdf » works on Windows and breaks on the server.
        let here = self
            .maps
            .assets
            .keys()
            .filter(|a| a.rsplit_once('/').map_or("", |(d, _)| d) == self.source_dir)
            .map(|a| {
                (
                    edit_distance(
                        &name.to_lowercase(),
                        &a.rsplit('/').next().unwrap_or(a).to_lowercase(),
                    ),
                    a,
                )
            })
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d);
        if let Some((_, a)) = here {
            return Some(a.clone());
        }
        let this = self.source.to_string_lossy().replace('\\', "/");
        self.maps
            .sources
            .iter()
            .filter(|s| !this.ends_with(s.as_str()) && !s.ends_with("_index.md"))
            .map(|s| (edit_distance(name, s.rsplit('/').next().unwrap_or(s)), s))
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, s)| s.clone())
    }
}

impl LinkResolver for DocLinks<'_> {
    fn resolve(&self, dest: &str, offset: usize) -> String {
        let dest = dest.trim();
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            return dest.to_string();
        }
        let (before_fragment, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let (raw_path, query) = before_fragment
            .split_once('?')
            .map_or((before_fragment, ""), |(p, q)| (p, q));
        if raw_path.is_empty() {
            if !fragment.is_empty() {
                self.target_href(self.this, fragment, offset);
            }
            return dest.to_string();
        }
        let path = percent_decode(raw_path).replace('\\', "/");
        let content_rel = if let Some(rest) = path.strip_prefix("@/") {
            Some(rest.to_string())
        } else if path.starts_with('/') {
            None
        } else {
            join_normalized(&self.source_dir, &path)
        };
        let found = if let Some(rest) = path.strip_prefix("@/") {
            self.lookup_content(rest)
        } else if let Some(rest) = path.strip_prefix('/') {
            self.lookup_site_path(rest)
        } else {
            match &content_rel {
                Some(rel) => self.lookup_content(rel).or_else(|| {
                    let here = self.maps.path_of(self.content, self.this);
                    join_normalized(here, &path).and_then(|p| self.lookup_site_path(&p))
                }),
                None => None,
            }
        };
        if found.is_none() && content_rel.is_some_and(|rel| self.is_unparsed(&rel)) {
            // That file has its own error; one report is enough.
            return dest.to_string();
        }
        match found {
            Some(Ok(target)) => self.target_href(target, fragment, offset),
            Some(Err(file)) => {
                self.used_files.borrow_mut().push(file.clone());
                let mut out = encode_path(&format!("{}{file}", self.root));
                if !query.is_empty() {
                    out.push('?');
                    out.push_str(query);
                }
                if !fragment.is_empty() {
                    out.push('#');
                    out.push_str(fragment);
                }
                out
            }
            None => {
                let help = match self.suggestion(&path) {
                    Some(s) => text!(
                        "vouliez-vous dire content/{s} ? Vérifiez le nom du fichier et le chemin (../ remonte d'un dossier)",
                        "did you mean content/{s}? Check the file name and the path (../ goes up one folder)"
                    ),
                    None => text!(
                        "vérifiez le nom du fichier et le chemin : ../ remonte d'un dossier, et le chemin part du dossier de ce fichier",
                        "check the file name and the path: ../ goes up one folder, and the path starts from this file's folder"
                    ),
                };
                self.problem(
                    offset,
                    text!(
                        "le lien « {dest} » mène à un fichier ou une page qui n'existe pas",
                        "link \"{dest}\" leads to a file or page that does not exist"
                    ),
                    Some(help),
                );
                dest.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(root_of(""), "./");
        assert_eq!(root_of("ateliers/"), "../");
        assert_eq!(root_of("ateliers/excision/"), "../../");
    }

    #[test]
    fn joins() {
        assert_eq!(
            join_normalized("ateliers", "../ressources/v.md").as_deref(),
            Some("ressources/v.md")
        );
        assert_eq!(
            join_normalized("a/b", "./c.md").as_deref(),
            Some("a/b/c.md")
        );
        assert_eq!(join_normalized("", "../x.md"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x.org"));
        assert!(has_scheme("mailto:a@b.org"));
        assert!(has_scheme("tel:+33100000000"));
        assert!(!has_scheme("../a.md"));
        assert!(!has_scheme("C:/a.md"));
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("mon%20fichier.pdf"), "mon fichier.pdf");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%C3%A9t%C3%A9"), "été");
    }
}

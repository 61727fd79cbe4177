//! `site.toml` → a validated `Config`: the raw serde struct first, then the
//! checks that need more than types (ripgrep's LowArgs → HiArgs).

use crate::error::{line_col, Action, Diagnostic, Error, Location, Result};
use crate::i18n::Lang;
use crate::schema::Schema;
use crate::search::SearchConfig;
use crate::slug::fold;
use crate::text;
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `site.toml` exactly as written. Unknown keys are errors: a typo must not
/// be silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Option<String>,
    #[serde(default = "default_language")]
    language: String,
    theme: Option<String>,
    #[serde(default)]
    folder_links: bool,
    feeds: Option<bool>,
    #[serde(default)]
    robots_noindex: bool,
    #[serde(default)]
    taxonomies: IndexMap<String, TaxonomyConfig>,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    translations: BTreeMap<String, String>,
    #[serde(default)]
    extra: toml::Table,
    /// `[sections.NAME]`: what the pages of each section must carry.
    #[serde(default)]
    sections: IndexMap<toml::Spanned<String>, crate::schema::RawSchema>,
}

fn default_language() -> String {
    "fr".to_string()
}

/// `[taxonomies.NAME]`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Shown to readers (« Thématiques »).
    pub title: String,
    /// Pages per term page; 0 lists them all on one page.
    #[serde(default = "default_term_paginate_by")]
    pub paginate_by: usize,
    /// The controlled list: when not empty, pages may only use these terms,
    /// spelled exactly so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
}

fn default_term_paginate_by() -> usize {
    20
}

/// One taxonomy, in the order `site.toml` declares them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Taxonomy {
    /// The key used in front matter and URLs (`themes`).
    pub name: String,
    #[serde(flatten)]
    pub config: TaxonomyConfig,
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder holding `site.toml`, `content/`, `templates/`, `static/`.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    pub language: String,
    /// `None` is the built-in theme; otherwise a folder under `themes/`.
    pub theme: Option<String>,
    /// Links end with `/` instead of `/index.html` (only for http-served sites).
    pub folder_links: bool,
    /// Atom feeds: `None` writes them when `base_url` is set (see `feeds`).
    pub feeds: Option<bool>,
    /// Asks search engines not to index the site (intranets): `robots.txt`
    /// disallows everything and every page carries `<meta name="robots">`.
    pub robots_noindex: bool,
    pub taxonomies: Vec<Taxonomy>,
    pub search: SearchConfig,
    pub translations: BTreeMap<String, String>,
    pub extra: toml::Table,
    /// One per `[sections.NAME]`.
    pub schemas: Vec<Schema>,
}

pub const CONFIG_FILE: &str = "site.toml";

impl Config {
    /// Reads and checks `ROOT/site.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => crate::frontmatter::decode_text(&bytes, Path::new(CONFIG_FILE))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::one(
                    Diagnostic::error(
                        Location::file(CONFIG_FILE),
                        text!(
                            "aucun fichier site.toml dans « {root} »",
                            "no site.toml file in \"{root}\"",
                            root = crate::error::display_path(root)
                        ),
                    )
                    .with_help(text!(
                        "un site carnet est un dossier qui contient site.toml et content/ ; \
                         lancez la commande depuis ce dossier ou indiquez-le avec --root",
                        "a carnet site is a folder holding site.toml and content/; \
                         run the command from that folder or name it with --root"
                    )),
                ))
            }
            Err(e) => return Err(Error::io(Action::Read, path, e)),
        };
        Config::parse(root, &text)
    }

    /// Parses the text of `site.toml`; `root` is where the site lives.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            Error::one(crate::toml_errors::diagnostic(
                &e,
                Location::at(CONFIG_FILE, line, col),
            ))
        })?;
        raw.validate(root, text)
    }
}

impl RawConfig {
    fn validate(self, root: &Path, text: &str) -> Result<Config> {
        let mut problems = Vec::new();
        let here = || Location::file(CONFIG_FILE);
        if let Err(why) = self.search.check() {
            problems.push(Diagnostic::error(
                here(),
                why.map(|lang, why| match lang {
                    Lang::Fr => format!("[search.weights] : {why}"),
                    Lang::En => format!("[search.weights]: {why}"),
                }),
            ));
        }
        if self.title.trim().is_empty() {
            problems.push(Diagnostic::error(
                here(),
                text!(
                    "le titre du site (`title`) est vide",
                    "the site's title (`title`) is empty"
                ),
            ));
        }
        let base_url = self.base_url.filter(|u| !u.trim().is_empty()).map(|u| {
            let u = u.trim().to_string();
            if u.ends_with('/') {
                u
            } else {
                u + "/"
            }
        });
        if let Some(url) = &base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                problems.push(
                    Diagnostic::error(
                        here(),
                        text!(
                            "`base_url` « {url} » n'est pas une adresse web",
                            "`base_url` \"{url}\" is not a web address"
                        ),
                    )
                    .with_help(text!(
                        "écrivez l'adresse complète, par exemple https://intranet.exemple/pex/",
                        "write the full address, for example https://intranet.example/pex/"
                    )),
                );
            }
        }
        for name in self.taxonomies.keys() {
            if crate::slug::slugify(name) != *name {
                problems.push(
                    Diagnostic::error(
                        here(),
                        text!(
                            "nom de taxonomie « {name} » invalide",
                            "invalid taxonomy name \"{name}\""
                        ),
                    )
                    .with_help(text!(
                        "utilisez des minuscules sans accents ni espaces, par exemple [taxonomies.themes]",
                        "use lowercase letters without accents or spaces, for example [taxonomies.themes]"
                    )),
                );
            }
        }
        for (name, tax) in &self.taxonomies {
            problems.extend(check_terms(name, &tax.terms));
        }
        let names: Vec<String> = self.taxonomies.keys().cloned().collect();
        let cx = crate::schema::Context {
            text,
            taxonomies: &names,
        };
        let schemas = crate::schema::validate(self.sections, &cx).unwrap_or_else(|p| {
            problems.extend(p);
            Vec::new()
        });
        if !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        Ok(Config {
            root: root.to_path_buf(),
            title: self.title,
            description: self.description,
            base_url,
            language: self.language,
            theme: self.theme,
            folder_links: self.folder_links,
            feeds: self.feeds,
            robots_noindex: self.robots_noindex,
            taxonomies: self
                .taxonomies
                .into_iter()
                .map(|(name, config)| Taxonomy { name, config })
                .collect(),
            search: self.search,
            translations: self.translations,
            extra: self.extra,
            schemas,
        })
    }
}

/// A controlled list must not hold the same term twice, even spelled
/// differently: pages could not tell which one to use.
fn check_terms(taxonomy: &str, terms: &[String]) -> Vec<Diagnostic> {
    let mut seen: Vec<(String, &str)> = Vec::new();
    let mut problems = Vec::new();
    for term in terms {
        let key = fold(term);
        let key = key.trim();
        if key.is_empty() {
            problems.push(Diagnostic::error(
                Location::file(CONFIG_FILE),
                text!(
                    "[taxonomies.{taxonomy}] : la liste `terms` contient un terme vide",
                    "[taxonomies.{taxonomy}]: the `terms` list holds an empty term"
                ),
            ));
        } else if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
            problems.push(
                Diagnostic::error(
                    Location::file(CONFIG_FILE),
                    text!(
                        "[taxonomies.{taxonomy}] : « {term} » et « {first} » sont le même terme dans `terms`",
                        "[taxonomies.{taxonomy}]: \"{term}\" and \"{first}\" are the same term in `terms`"
                    ),
                )
                .with_help(text!("gardez une seule orthographe", "keep a single spelling")),
            );
        } else {
            seen.push((key.to_string(), term));
        }
    }
    problems
}

impl Config {
    /// The language of messages, from `language`.
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.language)
    }

    /// The schema of the section in `content/DIR`, if `site.toml` gives one.
    pub fn schema(&self, dir: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.section == dir)
    }

    pub fn taxonomy(&self, name: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The path part of `base_url`, where the site sits on its server:
    /// `https://intranet.example/guide/` → `/guide/`, a site at the server
    /// root → `/`. `None` without `base_url`.
    pub fn base_path(&self) -> Option<&str> {
        let url = self.base_url.as_deref()?;
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        // `base_url` always ends with `/`; a query or fragment in it means
        // nothing for a path.
        Some(path.split(['?', '#']).next().unwrap_or("/"))
    }

    /// What goes after a folder in every internal link.
    pub fn index_suffix(&self) -> &'static str {
        if self.folder_links {
            ""
        } else {
            "index.html"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("/site"), text)
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = parse("title = \"PEX\"").unwrap();
        assert_eq!(c.language, "fr");
        assert!(c.base_url.is_none());
        assert!(!c.folder_links);
        assert!(c.search.enabled);
        assert_eq!(c.feeds, None);
        assert!(!c.robots_noindex);
    }

    #[test]
    fn taxonomies_keep_their_order() {
        let c = parse(
            "title = \"x\"\n[taxonomies.themes]\ntitle = \"Thématiques\"\n[taxonomies.publics]\ntitle = \"Publics\"\n",
        )
        .unwrap();
        let names: Vec<_> = c.taxonomies.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["themes", "publics"]);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = parse("title = \"x\"\n\ntitel = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("site.toml:3:1"), "{err}");
        assert!(err.contains("titel"), "{err}");
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        for (base_url, want) in [
            ("https://intranet.example/guide/", Some("/guide/")),
            ("https://intranet.example/guide", Some("/guide/")),
            ("https://intranet.example/", Some("/")),
            ("http://intranet.example", Some("/")),
            ("https://intranet.example:8443/a/b/", Some("/a/b/")),
        ] {
            let c = parse(&format!("title = \"x\"\nbase_url = \"{base_url}\"")).unwrap();
            assert_eq!(c.base_path(), want, "{base_url}");
        }
        assert_eq!(parse("title = \"x\"").unwrap().base_path(), None);
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let c = parse("title = \"x\"\nbase_url = \"https://intranet/pex\"").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://intranet/pex/"));
    }
}

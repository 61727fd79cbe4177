//! The theme: templates, static assets and UI strings. The built-in theme
//! is compiled into the binary; a site may pick a theme folder under
//! `themes/`, override any template by name in `templates/`, and add or
//! replace files with `static/`.

use crate::config::Config;
use crate::error::{display_path, Action, Diagnostic, Error, Location, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// Where the bytes of a static file come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// A file copied as is to the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path in the output (`assets/carnet.css`).
    pub output: String,
    pub source: StaticSource,
}

/// Everything the templates layer needs from the theme and the site.
pub struct Theme {
    /// (name, text, where it came from for messages).
    pub templates: Vec<(String, String, PathBuf)>,
    pub static_files: Vec<StaticFile>,
    /// UI strings for the site's language, after `[translations]`.
    pub translations: BTreeMap<String, String>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme> {
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut i18n: BTreeMap<String, String> = BTreeMap::new();
        match &config.theme {
            None => {
                for (rel, bytes) in embedded::THEME_FILES {
                    let origin = PathBuf::from(format!("(thème intégré)/{rel}"));
                    add_theme_file(
                        rel,
                        ThemeBytes::Static(bytes),
                        origin,
                        &mut templates,
                        &mut statics,
                        &mut i18n,
                    )?;
                }
            }
            Some(name) => {
                let dir = config.root.join("themes").join(name);
                if !dir.is_dir() {
                    return Err(Error::one(
                        Diagnostic::error(
                            Location::file("site.toml"),
                            crate::text!(
                                "le thème « {name} » est introuvable : pas de dossier themes/{name}/",
                                "theme \"{name}\" not found: there is no folder themes/{name}/"
                            ),
                        )
                        .with_help(crate::text!(
                            "retirez la ligne theme = … pour utiliser le thème intégré",
                            "remove the line theme = … to use the built-in theme"
                        )),
                    ));
                }
                for (rel, abs) in list_files(&dir)? {
                    let bytes =
                        std::fs::read(&abs).map_err(|e| Error::io(Action::Read, &abs, e))?;
                    let origin = Path::new("themes").join(name).join(&rel);
                    add_theme_file(
                        &rel,
                        ThemeBytes::Owned(bytes, abs),
                        origin,
                        &mut templates,
                        &mut statics,
                        &mut i18n,
                    )?;
                }
            }
        }
        let translations = pick_translations(&i18n, &config.language, &config.translations)?;
        // The site's own templates and static files come last: they win.
        let site_templates = config.root.join("templates");
        if site_templates.is_dir() {
            for (rel, abs) in list_files(&site_templates)? {
                let bytes = std::fs::read(&abs).map_err(|e| Error::io(Action::Read, &abs, e))?;
                let origin = Path::new("templates").join(&rel);
                templates.insert(rel, (decode(&bytes, &origin)?, origin));
            }
        }
        let site_static = config.root.join("static");
        if site_static.is_dir() {
            for (rel, abs) in list_files(&site_static)? {
                statics.insert(
                    rel.clone(),
                    StaticFile {
                        output: rel,
                        source: StaticSource::Disk(abs),
                    },
                );
            }
        }
        Ok(Theme {
            templates: templates.into_iter().map(|(n, (t, o))| (n, t, o)).collect(),
            static_files: statics.into_values().collect(),
            translations,
        })
    }
}

enum ThemeBytes {
    Static(&'static [u8]),
    Owned(Vec<u8>, PathBuf),
}

fn add_theme_file(
    rel: &str,
    bytes: ThemeBytes,
    origin: PathBuf,
    templates: &mut BTreeMap<String, (String, PathBuf)>,
    statics: &mut BTreeMap<String, StaticFile>,
    i18n: &mut BTreeMap<String, String>,
) -> Result<()> {
    let data: &[u8] = match &bytes {
        ThemeBytes::Static(b) => b,
        ThemeBytes::Owned(b, _) => b,
    };
    if let Some(name) = rel.strip_prefix("templates/") {
        templates.insert(name.to_string(), (decode(data, &origin)?, origin));
    } else if let Some(name) = rel.strip_prefix("i18n/") {
        if let Some(lang) = name.strip_suffix(".toml") {
            i18n.insert(lang.to_string(), decode(data, &origin)?);
        }
    } else if let Some(name) = rel.strip_prefix("static/") {
        let source = match bytes {
            ThemeBytes::Static(b) => StaticSource::Embedded(b),
            ThemeBytes::Owned(_, abs) => StaticSource::Disk(abs),
        };
        statics.insert(
            name.to_string(),
            StaticFile {
                output: name.to_string(),
                source,
            },
        );
    }
    Ok(())
}

fn decode(bytes: &[u8], origin: &Path) -> Result<String> {
    crate::frontmatter::decode_text(bytes, origin)
}

/// UI strings: English as the base (every key exists), then the site's
/// language, then `[translations]` from `site.toml`.
fn pick_translations(
    i18n: &BTreeMap<String, String>,
    language: &str,
    overrides: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let base = language.split(['-', '_']).next().unwrap_or(language);
    for lang in ["en", base, language] {
        if let Some(text) = i18n.get(lang) {
            let table: BTreeMap<String, String> = toml::from_str(text).map_err(|e| {
                Error::Other(crate::text!(
                    "fichier de traductions du thème {lang}.toml invalide : {why}",
                    "the theme's translation file {lang}.toml is invalid: {why}",
                    why = e.message()
                ))
            })?;
            out.extend(table);
        }
    }
    out.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(out)
}

/// Every file under `dir`, as (`/`-separated relative path, absolute path),
/// skipping editors' temporary files.
pub fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by(crate::content::by_file_name)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            Error::io(
                Action::Read,
                e.path().unwrap_or(dir).to_path_buf(),
                e.into(),
            )
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("under dir");
            out.push((display_path(rel), entry.path().to_path_buf()));
        }
    }
    Ok(out)
}

//! `carnet new SECTION "Titre"`: a new page whose front matter is written
//! out from the section's schema, so an author fills in blanks instead of
//! remembering field names.
//!
//! The file is `content/SECTION/DATE-slug.md` when the section's pages are
//! dated (its schema names `date`, or without a schema it sorts by date),
//! `content/SECTION/slug.md` otherwise. Required fields that can be left
//! empty are written empty (`description = ""`, `themes = []`) under a
//! comment saying what goes there; those that cannot (a number, a date)
//! are written commented out. Either way `carnet check` then reports
//! exactly those fields and nothing else, until the author fills them in.
//! Optional fields of the schema are listed commented out.
//!
//! `archetypes/SECTION.md` in the site overrides the body skeleton; if it
//! starts with `+++` it is the whole file, with `{{ title }}` and
//! `{{ date }}` replaced. An existing file is never overwritten.

use crate::check::messages::example;
use crate::check::rules::UPCOMING_KEYS;
use crate::config::Config;
use crate::content::{split_date_prefix, SectionFront, SortBy};
use crate::date::Date;
use crate::error::{display_path, Action, Diagnostic, Error, Location, Result};
use crate::i18n::Lang;
use crate::schema::{Builtin, Field, FieldPath, FieldType, Scalar, Schema};
use crate::slug::slugify;
use crate::text;
use crate::toml_errors::closest;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates the page; returns what to tell the author.
pub fn create(root: &Path, section: &str, title: &str, date: Option<&str>) -> Result<String> {
    let config = Config::load(root)?;
    let lang = config.lang();
    let section = section.trim().trim_matches('/').replace('\\', "/");
    let section_dir = find_section(root, &section)?;
    let date = match date {
        Some(text) => Date::parse(text).ok_or_else(|| {
            Error::Other(text!(
                "date invalide « {text} » : écrivez AAAA-MM-JJ, par exemple 2024-03-19",
                "invalid date \"{text}\": write YYYY-MM-DD, e.g. 2024-03-19"
            ))
        })?,
        None => Date::today(),
    };
    let slug = match slugify(title) {
        s if s.is_empty() => "page".to_string(),
        s => s,
    };
    let schema = config.schema(&section);
    let dated = match schema {
        Some(s) => s
            .fields
            .iter()
            .any(|f| f.path == FieldPath::Builtin(Builtin::Date)),
        None => section_sorts_by_date(&section_dir),
    };
    let file_name = if dated {
        format!("{}-{slug}.md", date.iso())
    } else {
        format!("{slug}.md")
    };
    let rel = PathBuf::from("content").join(&section).join(&file_name);
    if root.join(&rel).exists() {
        return Err(already_exists(&rel));
    }
    if let Some(other) = same_slug(&section_dir, &slug) {
        return Err(Error::one(
            Diagnostic::error(
                Location::file(PathBuf::from("content").join(&section).join(&file_name)),
                text!(
                    "une page a déjà l'adresse /{section}/{slug}/ : {other}",
                    "a page already has the address /{section}/{slug}/: {other}",
                    other = display_path(&other)
                ),
            )
            .with_help(text!(
                "choisissez un titre un peu différent, par exemple en ajoutant l'année",
                "choose a slightly different title, for example with the year"
            )),
        ));
    }
    let draft = Draft {
        config: &config,
        schema,
        title,
        date,
        dated,
        upcoming: dated && date > Date::today(),
        lang,
    };
    let text = match std::fs::read_to_string(root.join("archetypes").join(format!("{section}.md")))
    {
        Ok(archetype) if archetype.trim_start().starts_with("+++") => archetype
            .replace("{{ title }}", &toml_string(title))
            .replace("{{ date }}", &date.iso()),
        Ok(body) => format!("{}{}", draft.front_matter(), body),
        Err(_) => format!("{}{}", draft.front_matter(), default_body(lang)),
    };
    write_new(&root.join(&rel), &text, &rel)?;
    Ok(draft.report(&rel))
}

/// `content/SECTION` must be a section (a folder with `_index.md`).
fn find_section(root: &Path, section: &str) -> Result<PathBuf> {
    let dir = root.join("content").join(section);
    if dir.join("_index.md").is_file() {
        return Ok(dir);
    }
    let known = known_sections(&root.join("content"));
    let help = match closest(section, &known) {
        Some(s) => text!("vouliez-vous dire « {s} » ?", "did you mean \"{s}\"?"),
        None => text!(
            "sections du site : {known}",
            "the site's sections: {known}",
            known = known.join(", ")
        ),
    };
    Err(Error::one(
        Diagnostic::error(
            Location::file(PathBuf::from("content").join(section)),
            text!(
                "pas de section ici : il n'y a pas de content/{section}/_index.md",
                "no section here: there is no content/{section}/_index.md"
            ),
        )
        .with_help(help),
    ))
}

fn known_sections(content: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(content)
        .min_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "_index.md")
        .filter_map(|e| {
            let dir = e.path().parent()?.strip_prefix(content).ok()?;
            Some(dir.to_string_lossy().replace('\\', "/"))
        })
        .filter(|d| !d.is_empty())
        .collect();
    out.sort();
    out
}

fn section_sorts_by_date(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("_index.md")) else {
        return true;
    };
    let Ok(split) = crate::frontmatter::split(&text, Path::new("_index.md")) else {
        return true;
    };
    crate::frontmatter::parse::<SectionFront>(&split, Path::new("_index.md"))
        .map_or(true, |f| f.sort_by == SortBy::Date)
}

/// A page of the section that would get the same URL.
fn same_slug(dir: &Path, slug: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let is_bundle = e.path().join("index.md").is_file();
            let stem = if is_bundle {
                name.as_str()
            } else {
                name.strip_suffix(".md")?
            };
            if stem == "_index" {
                return None;
            }
            let (_, rest) = split_date_prefix(stem);
            (slugify(rest) == slug).then(|| e.path())
        })
        .collect();
    found.sort();
    found.into_iter().next().map(|p| {
        let parts: Vec<_> = p.components().rev().take(3).collect();
        parts.into_iter().rev().collect()
    })
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, text: &str, rel: &Path) -> Result<()> {
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(already_exists(rel)),
        Err(e) => return Err(Error::io(Action::Create, rel, e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(Action::Write, rel, e))
}

fn already_exists(rel: &Path) -> Error {
    Error::one(
        Diagnostic::error(
            Location::file(rel),
            text!(
                "ce fichier existe déjà : carnet new ne remplace jamais une page",
                "this file already exists: carnet new never replaces a page"
            ),
        )
        .with_help(text!(
            "ouvrez-le pour le compléter, ou choisissez un autre titre",
            "open it to complete it, or choose another title"
        )),
    )
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn default_body(lang: Lang) -> &'static str {
    lang.pick(
        "\n<!-- Écrivez ici le texte de la page : un court paragraphe d'introduction, puis les parties. -->\n\n## Objectifs\n\n## Ce qu'il faut retenir\n\n## Pour aller plus loin\n",
        "\n<!-- Write the page here: a short introduction, then the parts. -->\n\n## Goals\n\n## Key points\n\n## Further reading\n",
    )
}

/// What goes into the new page's front matter.
struct Draft<'a> {
    config: &'a Config,
    schema: Option<&'a Schema>,
    title: &'a str,
    date: Date,
    dated: bool,
    /// The date is after today: the page announces a session.
    upcoming: bool,
    lang: Lang,
}

/// One line of front matter to write, with its comment.
struct Line {
    comment: String,
    /// `key = value`, or `None` to write the example commented out.
    text: String,
    commented: bool,
}

impl Draft<'_> {
    fn fields(&self) -> Vec<&Field> {
        self.schema
            .map(|s| s.fields.iter().collect())
            .unwrap_or_default()
    }

    fn line_for(&self, field: &Field) -> Line {
        let lang = self.lang;
        let key = field.path.key();
        let kind = field.effective_kind();
        let mut what = field.help.clone().unwrap_or_else(|| match &field.path {
            FieldPath::Builtin(Builtin::Description) => lang
                .pick(
                    "une phrase de résumé, affichée dans les listes et par la recherche",
                    "a one-sentence summary, shown in lists and by search",
                )
                .to_string(),
            FieldPath::Taxonomy(t) => self
                .config
                .taxonomy(t)
                .map(|t| t.config.title.clone())
                .unwrap_or_default(),
            _ => String::new(),
        });
        if let FieldPath::Taxonomy(t) = &field.path {
            if let Some(tax) = self
                .config
                .taxonomy(t)
                .filter(|t| !t.config.terms.is_empty())
            {
                what = format!(
                    "{} {}",
                    lang.pick("parmi :", "one of:"),
                    tax.config.terms.join(", ")
                );
            }
        }
        if !field.values.is_empty() {
            let values: Vec<String> = field.values.iter().map(|v| format!("\"{v}\"")).collect();
            what = format!(
                "{what} ({} {})",
                lang.pick("parmi :", "one of:"),
                values.join(", ")
            );
        }
        let label = if field.required {
            lang.pick("obligatoire", "required")
        } else {
            lang.pick("facultatif", "optional")
        };
        let comment = match what.trim() {
            "" => label.to_string(),
            w => format!("{label}{} {w}", lang.pick(" :", ":")),
        };
        let empty = match kind {
            Some(FieldType::One(Scalar::Text | Scalar::Url | Scalar::Email | Scalar::Phone))
            | None => Some("\"\""),
            Some(FieldType::List(_)) => Some("[]"),
            Some(FieldType::One(_)) => None,
        };
        match (field.required, empty) {
            (true, Some(e)) => Line {
                comment,
                text: format!("{key} = {e}"),
                commented: false,
            },
            _ => Line {
                comment,
                text: example(kind, &key, &[], lang),
                commented: true,
            },
        }
    }

    fn front_matter(&self) -> String {
        let mut top = vec![format!("title = {}", toml_string(self.title))];
        if self.dated {
            top.push(format!("date = {}", self.date.iso()));
        }
        let mut taxonomies = Vec::new();
        let mut extra = Vec::new();
        for field in self.fields() {
            match &field.path {
                FieldPath::Builtin(Builtin::Title | Builtin::Date) => {}
                FieldPath::Builtin(_) => top.push(render(&self.line_for(field))),
                FieldPath::Taxonomy(_) => taxonomies.push(render(&self.line_for(field))),
                FieldPath::Extra(keys) if keys.len() == 1 => {
                    if !(self.upcoming && UPCOMING_KEYS.contains(&keys[0].as_str())) {
                        extra.push(render(&self.line_for(field)));
                    }
                }
                // Nested tables (extra.contact.telephone) are left to the author.
                FieldPath::Extra(_) => {}
            }
        }
        if self.upcoming {
            let key = UPCOMING_KEYS[usize::from(self.lang == Lang::En)];
            extra.push(format!(
                "# {}\n{key} = true",
                self.lang.pick(
                    "séance à venir : retirez cette ligne quand elle a eu lieu",
                    "upcoming session: remove this line once it has taken place"
                )
            ));
        }
        let mut out = String::from("+++\n");
        out.push_str(&top.join("\n"));
        out.push('\n');
        for (name, lines) in [("taxonomies", taxonomies), ("extra", extra)] {
            if !lines.is_empty() {
                out.push_str(&format!("\n[{name}]\n{}\n", lines.join("\n")));
            }
        }
        out.push_str("+++\n");
        out
    }

    /// What the command prints: the file, and the blanks to fill in.
    fn report(&self, rel: &Path) -> String {
        let lang = self.lang;
        let mut out = format!(
            "{} {}\n",
            lang.pick("Page créée :", "Page created:"),
            display_path(rel)
        );
        let todo: Vec<String> = self
            .fields()
            .into_iter()
            .filter(|f| {
                f.required && !matches!(f.path, FieldPath::Builtin(Builtin::Title | Builtin::Date))
            })
            .map(|f| format!("  - {}", f.path))
            .collect();
        if !todo.is_empty() {
            out.push_str(lang.pick(
                "À remplir avant publication (carnet check le rappellera) :\n",
                "To fill in before publishing (carnet check will remind you):\n",
            ));
            out.push_str(&todo.join("\n"));
            out.push('\n');
        }
        out
    }
}

fn render(line: &Line) -> String {
    let text = if line.commented {
        format!("# {}", line.text)
    } else {
        line.text.clone()
    };
    format!("{}\n{text}", wrap_comment(&line.comment))
}

/// `# …` lines of at most about 78 characters.
fn wrap_comment(text: &str) -> String {
    let mut lines: Vec<String> = vec![];
    let mut current = String::from("#");
    for word in text.split(' ') {
        if current.chars().count() + word.chars().count() > 78 && current.len() > 1 {
            lines.push(std::mem::replace(&mut current, String::from("#  ")));
        }
        current.push(' ');
        current.push_str(word);
    }
    lines.push(current);
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_comments_wrap() {
        let text = "obligatoire : parmi : ".to_string() + &"Violences conjugales, ".repeat(8);
        let wrapped = wrap_comment(&text);
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped
            .lines()
            .all(|l| l.starts_with('#') && l.chars().count() <= 100));
    }
}

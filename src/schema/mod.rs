//! Section schemas: what the pages of a section must carry, declared in
//! `site.toml` under `[sections.NAME]`, and the pure checks of one value
//! against its declared type.
//!
//! ```toml
//! [sections.ateliers]
//! required = ["date", "description", "taxonomies.themes", "extra.duree"]
//!
//! [sections.ateliers.fields]
//! "extra.participants" = { type = "integer" }
//! "extra.seances" = { type = "list", items = "date" }
//!
//! [sections.ressources.fields."extra.type"]
//! type = "text"
//! values = ["outil", "brochure", "annuaire"]
//! help = "la nature de la ressource"
//! ```
//!
//! A field is named by its place in the front matter: a top-level key
//! (`date`), `taxonomies.NAME`, or `extra.KEY` (`extra.contact.telephone`
//! for nested tables). The raw serde structs come first, then `validate`
//! turns them into `Schema`s or into diagnostics pointing into `site.toml`
//! (`parse`); `value` checks one value against its declared type.

mod parse;
mod value;

pub use parse::{parse_path, type_keyword, validate, Context, RawSchema};
pub use value::{check_value, is_email, is_phone, is_url, Mismatch};

use std::fmt;

/// A type a value may be declared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    Text,
    Date,
    Integer,
    Boolean,
    Url,
    Email,
    Phone,
}

/// A declared type: one value, or a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    One(Scalar),
    List(Scalar),
}

const SCALAR_NAMES: [(&str, Scalar); 7] = [
    ("text", Scalar::Text),
    ("date", Scalar::Date),
    ("integer", Scalar::Integer),
    ("boolean", Scalar::Boolean),
    ("url", Scalar::Url),
    ("email", Scalar::Email),
    ("phone", Scalar::Phone),
];

/// The top-level keys of a page's front matter that a schema may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Title,
    Date,
    Updated,
    Description,
    Slug,
    Weight,
    Template,
}

const BUILTINS: [(&str, Builtin); 7] = [
    ("title", Builtin::Title),
    ("date", Builtin::Date),
    ("updated", Builtin::Updated),
    ("description", Builtin::Description),
    ("slug", Builtin::Slug),
    ("weight", Builtin::Weight),
    ("template", Builtin::Template),
];

impl Builtin {
    pub fn name(self) -> &'static str {
        BUILTINS
            .iter()
            .find(|(_, b)| *b == self)
            .map(|(n, _)| *n)
            .expect("every builtin is named")
    }

    /// The type serde already enforces for this key.
    pub fn kind(self) -> FieldType {
        FieldType::One(match self {
            Builtin::Date | Builtin::Updated => Scalar::Date,
            Builtin::Weight => Scalar::Integer,
            _ => Scalar::Text,
        })
    }
}

/// Where a field lives in the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPath {
    Builtin(Builtin),
    Taxonomy(String),
    /// Keys under `[extra]`, outermost first.
    Extra(Vec<String>),
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Builtin(b) => f.write_str(b.name()),
            FieldPath::Taxonomy(t) => write!(f, "taxonomies.{t}"),
            FieldPath::Extra(keys) => write!(f, "extra.{}", keys.join(".")),
        }
    }
}

impl FieldPath {
    /// The key as written on its line (`duree` for `extra.duree`).
    pub fn key(&self) -> String {
        match self {
            FieldPath::Builtin(b) => b.name().to_string(),
            FieldPath::Taxonomy(t) => t.clone(),
            FieldPath::Extra(keys) => keys.last().cloned().unwrap_or_default(),
        }
    }

    /// The keys from the top of the front matter (`["extra", "duree"]`).
    pub fn keys(&self) -> Vec<String> {
        match self {
            FieldPath::Builtin(b) => vec![b.name().to_string()],
            FieldPath::Taxonomy(t) => vec!["taxonomies".to_string(), t.clone()],
            FieldPath::Extra(keys) => std::iter::once("extra".to_string())
                .chain(keys.iter().cloned())
                .collect(),
        }
    }
}

/// One field a schema talks about.
#[derive(Debug, Clone)]
pub struct Field {
    pub path: FieldPath,
    pub required: bool,
    /// `None`: any type (only presence is checked).
    pub kind: Option<FieldType>,
    /// When not empty, the only values allowed (each item, for a list).
    pub values: Vec<String>,
    /// What goes there, in the site's words; shown by check and `carnet new`.
    pub help: Option<String>,
}

impl Field {
    /// The declared type, or the one serde enforces for built-in keys.
    pub fn effective_kind(&self) -> Option<FieldType> {
        match &self.path {
            FieldPath::Builtin(b) => Some(b.kind()),
            FieldPath::Taxonomy(_) => Some(FieldType::List(Scalar::Text)),
            FieldPath::Extra(_) => self.kind,
        }
    }
}

/// The schema of one section.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The section's folder under `content/` (`ateliers`, `ressources/locales`).
    pub section: String,
    /// Line of `[sections.NAME]` in `site.toml`.
    pub line: usize,
    /// Required fields first, in the order written, then the others.
    pub fields: Vec<Field>,
}

impl Schema {
    pub fn field(&self, path: &FieldPath) -> Option<&Field> {
        self.fields.iter().find(|f| &f.path == path)
    }
}

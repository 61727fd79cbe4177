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
//! turns them into `Schema`s or into diagnostics pointing into `site.toml`.

use crate::error::{line_col, Diagnostic, Location};
use crate::toml_errors::closest;
use indexmap::IndexMap;
use serde::Deserialize;
use std::fmt;
use toml::Spanned;

/// `[sections.NAME]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchema {
    #[serde(default)]
    required: Vec<Spanned<String>>,
    #[serde(default)]
    fields: IndexMap<Spanned<String>, RawField>,
}

/// `[sections.NAME.fields."PATH"]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    items: Option<Spanned<String>>,
    #[serde(default)]
    values: Vec<String>,
    help: Option<String>,
}

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

/// What `validate` needs to know about the rest of `site.toml`.
pub struct Context<'a> {
    /// The text of `site.toml`, to turn spans into lines.
    pub text: &'a str,
    pub taxonomies: &'a [String],
}

impl Context<'_> {
    fn at<T>(&self, spanned: &Spanned<T>) -> Location {
        let (line, col) = line_col(self.text, spanned.span().start);
        Location::at(crate::config::CONFIG_FILE, line, col)
    }
}

/// Checks every `[sections.*]` table; returns the schemas or the problems.
pub fn validate(
    raw: IndexMap<Spanned<String>, RawSchema>,
    cx: &Context<'_>,
) -> Result<Vec<Schema>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut schemas = Vec::new();
    for (name, raw) in raw {
        let section = name.get_ref().trim_matches('/').to_string();
        let line = cx.at(&name).line;
        let mut fields: Vec<Field> = Vec::new();
        for spanned in &raw.required {
            match parse_path(spanned.get_ref(), cx.taxonomies) {
                Ok(path) if fields.iter().any(|f| f.path == path) => {}
                Ok(path) => fields.push(Field {
                    path,
                    required: true,
                    kind: None,
                    values: vec![],
                    help: None,
                }),
                Err(help) => problems.push(bad_path(cx.at(spanned), spanned.get_ref(), help)),
            }
        }
        for (key, raw_field) in raw.fields {
            let path = match parse_path(key.get_ref(), cx.taxonomies) {
                Ok(path) => path,
                Err(help) => {
                    problems.push(bad_path(cx.at(&key), key.get_ref(), help));
                    continue;
                }
            };
            match field_rule(&path, raw_field, cx) {
                Ok((kind, values, help)) => {
                    let index = match fields.iter().position(|f| f.path == path) {
                        Some(i) => i,
                        None => {
                            fields.push(Field {
                                path,
                                required: false,
                                kind: None,
                                values: vec![],
                                help: None,
                            });
                            fields.len() - 1
                        }
                    };
                    let field = &mut fields[index];
                    field.kind = kind;
                    field.values = values;
                    field.help = help;
                }
                Err(d) => problems.push(d),
            }
        }
        schemas.push(Schema {
            section,
            line,
            fields,
        });
    }
    if problems.is_empty() {
        Ok(schemas)
    } else {
        Err(problems)
    }
}

type Rule = (Option<FieldType>, Vec<String>, Option<String>);

fn field_rule(path: &FieldPath, raw: RawField, cx: &Context<'_>) -> Result<Rule, Diagnostic> {
    let kind = match &raw.kind {
        None => {
            if let Some(items) = &raw.items {
                return Err(Diagnostic::error(
                    cx.at(items),
                    "`items` ne s'emploie qu'avec type = \"list\"",
                )
                .with_help("écrivez type = \"list\", items = \"…\""));
            }
            None
        }
        Some(spanned) => Some(parse_type(spanned, raw.items.as_ref(), cx)?),
    };
    let intrinsic = match path {
        FieldPath::Builtin(b) => Some(b.kind()),
        FieldPath::Taxonomy(_) => Some(FieldType::List(Scalar::Text)),
        FieldPath::Extra(_) => None,
    };
    if let (Some(declared), Some(intrinsic), Some(spanned)) = (kind, intrinsic, &raw.kind) {
        if declared != intrinsic {
            return Err(Diagnostic::error(
                cx.at(spanned),
                format!(
                    "`{path}` est toujours de type « {} » : son type ne peut pas être changé",
                    type_keyword(intrinsic)
                ),
            )
            .with_help("retirez la ligne type, ou nommez un champ de [extra] (extra.…)"));
        }
    }
    if let FieldPath::Taxonomy(t) = path {
        if !raw.values.is_empty() {
            return Err(Diagnostic::error(
                cx.at(raw.kind.as_ref().unwrap_or(&Spanned::new(0..0, String::new()))),
                format!("les termes permis de `{path}` se déclarent dans [taxonomies.{t}]"),
            )
            .with_help(format!(
                "écrivez terms = [\"…\"] sous [taxonomies.{t}] : la liste vaut pour toutes les sections"
            )));
        }
    }
    let effective = kind.or(intrinsic);
    let values_fit = matches!(
        effective,
        None | Some(FieldType::One(Scalar::Text)) | Some(FieldType::List(Scalar::Text))
    );
    if !raw.values.is_empty() && !values_fit {
        let location = raw
            .kind
            .as_ref()
            .map_or_else(|| Location::file(crate::config::CONFIG_FILE), |k| cx.at(k));
        return Err(Diagnostic::error(
            location,
            format!("`values` ne s'emploie qu'avec un texte ou une liste de textes (`{path}`)"),
        ));
    }
    Ok((kind, raw.values, raw.help))
}

fn parse_type(
    spanned: &Spanned<String>,
    items: Option<&Spanned<String>>,
    cx: &Context<'_>,
) -> Result<FieldType, Diagnostic> {
    let scalar = |s: &Spanned<String>| -> Result<Scalar, Diagnostic> {
        let name = s.get_ref().trim();
        SCALAR_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
            .ok_or_else(|| unknown_type(cx.at(s), name))
    };
    if spanned.get_ref().trim() == "list" {
        let item = match items {
            Some(items) => scalar(items)?,
            None => Scalar::Text,
        };
        return Ok(FieldType::List(item));
    }
    let kind = scalar(spanned)?;
    if let Some(items) = items {
        return Err(Diagnostic::error(
            cx.at(items),
            "`items` ne s'emploie qu'avec type = \"list\"",
        ));
    }
    Ok(FieldType::One(kind))
}

fn unknown_type(location: Location, name: &str) -> Diagnostic {
    let mut names: Vec<String> = SCALAR_NAMES.iter().map(|(n, _)| n.to_string()).collect();
    names.push("list".to_string());
    let help = match closest(name, &names) {
        Some(s) => format!(
            "vouliez-vous dire « {s} » ? Types possibles : {}",
            names.join(", ")
        ),
        None => format!("types possibles : {}", names.join(", ")),
    };
    Diagnostic::error(location, format!("type de champ inconnu « {name} »")).with_help(help)
}

/// The word used in `site.toml` for a type.
pub fn type_keyword(kind: FieldType) -> String {
    let name = |s: Scalar| {
        SCALAR_NAMES
            .iter()
            .find(|(_, k)| *k == s)
            .map(|(n, _)| *n)
            .unwrap_or("text")
    };
    match kind {
        FieldType::One(s) => name(s).to_string(),
        FieldType::List(Scalar::Text) => "list".to_string(),
        FieldType::List(s) => format!("list, items = {}", name(s)),
    }
}

fn bad_path(location: Location, path: &str, help: String) -> Diagnostic {
    Diagnostic::error(
        location,
        format!("champ « {path} » inconnu dans un schéma de section"),
    )
    .with_help(help)
}

/// `"taxonomies.themes"` → `FieldPath::Taxonomy("themes")`; the error is
/// the help to show.
pub fn parse_path(text: &str, taxonomies: &[String]) -> Result<FieldPath, String> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("extra.") {
        let keys: Vec<String> = rest.split('.').map(|k| k.trim().to_string()).collect();
        if keys.iter().any(|k| k.is_empty()) {
            return Err("écrivez extra.CLÉ, par exemple extra.duree".to_string());
        }
        return Ok(FieldPath::Extra(keys));
    }
    if let Some(rest) = text.strip_prefix("taxonomies.") {
        if taxonomies.iter().any(|t| t == rest) {
            return Ok(FieldPath::Taxonomy(rest.to_string()));
        }
        return Err(match closest(rest, taxonomies) {
            Some(s) => format!("vouliez-vous dire « taxonomies.{s} » ?"),
            None if taxonomies.is_empty() => {
                format!("déclarez d'abord la taxonomie : [taxonomies.{rest}]")
            }
            None => format!("taxonomies déclarées : {}", taxonomies.join(", ")),
        });
    }
    if let Some((_, b)) = BUILTINS.iter().find(|(n, _)| *n == text) {
        return Ok(FieldPath::Builtin(*b));
    }
    if taxonomies.iter().any(|t| t == text) {
        return Err(format!("une taxonomie se nomme « taxonomies.{text} »"));
    }
    let mut known: Vec<String> = BUILTINS.iter().map(|(n, _)| n.to_string()).collect();
    let suggestion = closest(text, &known).map(str::to_string);
    known.push("taxonomies.NOM".to_string());
    known.push("extra.CLÉ".to_string());
    Err(match suggestion {
        Some(s) => format!(
            "vouliez-vous dire « {s} » ? Champs possibles : {}",
            known.join(", ")
        ),
        None => format!(
            "champs possibles : {} ; une information propre au site se nomme extra.CLÉ",
            known.join(", ")
        ),
    })
}

/// Why a value does not fit its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The value as a whole (wrong kind, or not a list).
    Value,
    /// Item `n` of a list.
    Item(usize),
}

/// Checks `value` against `kind`; `Err` says which part is wrong.
pub fn check_value(kind: FieldType, value: &toml::Value) -> Result<(), Mismatch> {
    match kind {
        FieldType::One(s) => {
            if fits(s, value) {
                Ok(())
            } else {
                Err(Mismatch::Value)
            }
        }
        FieldType::List(s) => {
            let toml::Value::Array(items) = value else {
                return Err(Mismatch::Value);
            };
            match items.iter().position(|item| !fits(s, item)) {
                Some(i) => Err(Mismatch::Item(i)),
                None => Ok(()),
            }
        }
    }
}

fn fits(kind: Scalar, value: &toml::Value) -> bool {
    use toml::Value as V;
    match (kind, value) {
        (Scalar::Text, V::String(_)) => true,
        (Scalar::Integer, V::Integer(_)) => true,
        (Scalar::Boolean, V::Boolean(_)) => true,
        (Scalar::Date, V::Datetime(d)) => crate::date::Date::parse(&d.to_string()).is_some(),
        (Scalar::Date, V::String(s)) => crate::date::Date::parse(s).is_some(),
        (Scalar::Url, V::String(s)) => is_url(s),
        (Scalar::Email, V::String(s)) => is_email(s),
        (Scalar::Phone, V::String(s)) => is_phone(s),
        _ => false,
    }
}

/// `https://host.tld/…` or `http://…`, without spaces.
pub fn is_url(text: &str) -> bool {
    let text = text.trim();
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    !text.chars().any(char::is_whitespace)
        && !host.is_empty()
        && (host.contains('.') || host == "localhost")
        && !host.starts_with('.')
        && !host.ends_with('.')
}

/// `nom@domaine.fr`: one `@`, a dotted domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A French-style phone number: short numbers (`3919`, `115`), ten digits
/// starting with 0 (`01 23 45 67 89`, `0 800 235 236`), or international
/// (`+33 1 23 45 67 89`). Spaces, dots, dashes are allowed between digits.
pub fn is_phone(text: &str) -> bool {
    let text = text.trim();
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\u{202f}')))
    {
        return false;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if plus {
        (8..=15).contains(&n)
    } else if digits.starts_with("00") {
        (10..=17).contains(&n)
    } else if digits.starts_with('0') {
        n == 10
    } else {
        (3..=6).contains(&n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomies() -> Vec<String> {
        vec!["themes".into(), "intervenants".into()]
    }

    #[test]
    fn paths() {
        let t = taxonomies();
        assert_eq!(
            parse_path("date", &t),
            Ok(FieldPath::Builtin(Builtin::Date))
        );
        assert_eq!(
            parse_path("taxonomies.themes", &t),
            Ok(FieldPath::Taxonomy("themes".into()))
        );
        assert_eq!(
            parse_path("extra.contact.telephone", &t),
            Ok(FieldPath::Extra(vec!["contact".into(), "telephone".into()]))
        );
        assert!(parse_path("taxonomies.theme", &t)
            .unwrap_err()
            .contains("taxonomies.themes"));
        assert!(parse_path("themes", &t)
            .unwrap_err()
            .contains("taxonomies.themes"));
        assert!(parse_path("titel", &t).unwrap_err().contains("« title »"));
        assert!(parse_path("extra.", &t).is_err());
    }

    #[test]
    fn phones() {
        for ok in [
            "3919",
            "115",
            "01 99 00 11 20",
            "0 800 235 236",
            "01.23.45.67.89",
            "+33 1 23 45 67 89",
            "0033 1 23 45 67 89",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "01 23 45 67",
            "appeler le standard",
            "12",
            "+33",
            "01 23 45 67 89 0",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails_and_urls() {
        assert!(is_email("pex-sst11@example.org"));
        for bad in [
            "pex-sst11",
            "a@b",
            "a b@c.fr",
            "@c.fr",
            "a@c.fr.",
            "a@@c.fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_url("https://www.filsantejeunes.com/"));
        assert!(is_url("http://localhost:8080/x"));
        for bad in [
            "www.exemple.fr",
            "https://",
            "https://exemple",
            "https://a b.fr",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn values_against_types() {
        let v = |s: &str| -> toml::Value {
            toml::from_str::<toml::Table>(&format!("v = {s}")).unwrap()["v"].clone()
        };
        let list_of_dates = FieldType::List(Scalar::Date);
        assert_eq!(
            check_value(list_of_dates, &v("[2023-08-10, 2023-08-17]")),
            Ok(())
        );
        assert_eq!(
            check_value(list_of_dates, &v("[2023-08-10, \"le 17\"]")),
            Err(Mismatch::Item(1))
        );
        assert_eq!(
            check_value(list_of_dates, &v("2023-08-10")),
            Err(Mismatch::Value)
        );
        assert_eq!(
            check_value(FieldType::One(Scalar::Integer), &v("\"14\"")),
            Err(Mismatch::Value)
        );
        assert_eq!(
            check_value(FieldType::One(Scalar::Text), &v("\"3 h\"")),
            Ok(())
        );
    }

    #[test]
    fn schema_validation_points_into_site_toml() {
        let text = "[sections.ateliers]\nrequired = [\"date\", \"taxonomies.theme\"]\n\n[sections.ateliers.fields]\n\"extra.participants\" = { type = \"entier\" }\n";
        #[derive(Deserialize)]
        struct Doc {
            sections: IndexMap<Spanned<String>, RawSchema>,
        }
        let doc: Doc = toml::from_str(text).unwrap();
        let t = taxonomies();
        let cx = Context {
            text,
            taxonomies: &t,
        };
        let problems = validate(doc.sections, &cx).unwrap_err();
        let lines: Vec<String> = problems.iter().map(|d| d.location.to_string()).collect();
        assert_eq!(lines, ["site.toml:2:21", "site.toml:5:33"]);
        assert!(problems[0]
            .help
            .as_deref()
            .unwrap()
            .contains("taxonomies.themes"));
        assert!(problems[1].message.contains("entier"));
    }
}

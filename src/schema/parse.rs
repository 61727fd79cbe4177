//! `[sections.*]` of `site.toml` → `Schema`s, or diagnostics that point at
//! the line of `site.toml` to fix.

use super::{Field, FieldPath, FieldType, Scalar, Schema, BUILTINS, SCALAR_NAMES};
use crate::error::{line_col, Diagnostic, Location};
use crate::i18n::{Lang, Text};
use crate::text;
use crate::toml_errors::closest;
use indexmap::IndexMap;
use serde::Deserialize;
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
                return Err(items_without_list(cx.at(items)).with_help(text!(
                    "écrivez type = \"list\", items = \"…\"",
                    "write type = \"list\", items = \"…\""
                )));
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
                text!(
                    "`{path}` est toujours de type « {keyword} » : son type ne peut pas être changé",
                    "`{path}` is always of type \"{keyword}\": its type cannot be changed",
                    keyword = type_keyword(intrinsic)
                ),
            )
            .with_help(text!(
                "retirez la ligne type, ou nommez un champ de [extra] (extra.…)",
                "remove the type line, or name a field of [extra] (extra.…)"
            )));
        }
    }
    if let FieldPath::Taxonomy(t) = path {
        if !raw.values.is_empty() {
            return Err(Diagnostic::error(
                cx.at(raw.kind.as_ref().unwrap_or(&Spanned::new(0..0, String::new()))),
                text!(
                    "les termes permis de `{path}` se déclarent dans [taxonomies.{t}]",
                    "the terms allowed in `{path}` are declared under [taxonomies.{t}]"
                ),
            )
            .with_help(text!(
                "écrivez terms = [\"…\"] sous [taxonomies.{t}] : la liste vaut pour toutes les sections",
                "write terms = [\"…\"] under [taxonomies.{t}]: the list holds for every section"
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
            text!(
                "`values` ne s'emploie qu'avec un texte ou une liste de textes (`{path}`)",
                "`values` only goes with a text or a list of texts (`{path}`)"
            ),
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
        return Err(items_without_list(cx.at(items)));
    }
    Ok(FieldType::One(kind))
}

fn items_without_list(location: Location) -> Diagnostic {
    Diagnostic::error(
        location,
        text!(
            "`items` ne s'emploie qu'avec type = \"list\"",
            "`items` only goes with type = \"list\""
        ),
    )
}

fn unknown_type(location: Location, name: &str) -> Diagnostic {
    let mut names: Vec<String> = SCALAR_NAMES.iter().map(|(n, _)| n.to_string()).collect();
    names.push("list".to_string());
    let types = names.join(", ");
    let help = match closest(name, &names) {
        Some(s) => text!(
            "vouliez-vous dire « {s} » ? Types possibles : {types}",
            "did you mean \"{s}\"? Possible types: {types}"
        ),
        None => text!("types possibles : {types}", "possible types: {types}"),
    };
    Diagnostic::error(
        location,
        text!(
            "type de champ inconnu « {name} »",
            "unknown field type \"{name}\""
        ),
    )
    .with_help(help)
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

fn bad_path(location: Location, path: &str, help: Text) -> Diagnostic {
    Diagnostic::error(
        location,
        text!(
            "champ « {path} » inconnu dans un schéma de section",
            "unknown field \"{path}\" in a section schema"
        ),
    )
    .with_help(help)
}

/// `"taxonomies.themes"` → `FieldPath::Taxonomy("themes")`; the error is
/// the help to show.
pub fn parse_path(text: &str, taxonomies: &[String]) -> Result<FieldPath, Text> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("extra.") {
        let keys: Vec<String> = rest.split('.').map(|k| k.trim().to_string()).collect();
        if keys.iter().any(|k| k.is_empty()) {
            return Err(text!(
                "écrivez extra.CLÉ, par exemple extra.duree",
                "write extra.KEY, for example extra.duree"
            ));
        }
        return Ok(FieldPath::Extra(keys));
    }
    if let Some(rest) = text.strip_prefix("taxonomies.") {
        if taxonomies.iter().any(|t| t == rest) {
            return Ok(FieldPath::Taxonomy(rest.to_string()));
        }
        return Err(match closest(rest, taxonomies) {
            Some(s) => text!(
                "vouliez-vous dire « taxonomies.{s} » ?",
                "did you mean \"taxonomies.{s}\"?"
            ),
            None if taxonomies.is_empty() => text!(
                "déclarez d'abord la taxonomie : [taxonomies.{rest}]",
                "declare the taxonomy first: [taxonomies.{rest}]"
            ),
            None => text!(
                "taxonomies déclarées : {names}",
                "declared taxonomies: {names}",
                names = taxonomies.join(", ")
            ),
        });
    }
    if let Some((_, b)) = BUILTINS.iter().find(|(n, _)| *n == text) {
        return Ok(FieldPath::Builtin(*b));
    }
    if taxonomies.iter().any(|t| t == text) {
        return Err(text!(
            "une taxonomie se nomme « taxonomies.{text} »",
            "a taxonomy is named \"taxonomies.{text}\""
        ));
    }
    let builtins: Vec<String> = BUILTINS.iter().map(|(n, _)| n.to_string()).collect();
    let suggestion = closest(text, &builtins);
    let known = Text::by(|lang| {
        let mut known = builtins.clone();
        known.push(lang.pick("taxonomies.NOM", "taxonomies.NAME").to_string());
        known.push(lang.pick("extra.CLÉ", "extra.KEY").to_string());
        known.join(", ")
    });
    let (fr, en) = (known.get(Lang::Fr), known.get(Lang::En));
    Err(match suggestion {
        Some(s) => text!(
            "vouliez-vous dire « {s} » ? Champs possibles : {fr}",
            "did you mean \"{s}\"? Possible fields: {en}"
        ),
        None => text!(
            "champs possibles : {fr} ; une information propre au site se nomme extra.CLÉ",
            "possible fields: {en}; information specific to the site is named extra.KEY"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Builtin;

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
        let help = |path| parse_path(path, &t).unwrap_err();
        assert!(help("taxonomies.theme")
            .get(Lang::Fr)
            .contains("taxonomies.themes"));
        assert!(help("themes").get(Lang::En).contains("taxonomies.themes"));
        assert!(help("titel").get(Lang::Fr).contains("« title »"));
        assert!(help("titel").get(Lang::En).contains("\"title\""));
        assert!(parse_path("extra.", &t).is_err());
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
            .as_ref()
            .unwrap()
            .get(Lang::Fr)
            .contains("taxonomies.themes"));
        assert!(problems[1].message.get(Lang::Fr).contains("entier"));
        assert!(problems[1].message.get(Lang::En).contains("entier"));
    }
}

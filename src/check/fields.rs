//! A page's front matter against its section's schema (required fields,
//! types, allowed values) and its taxonomy terms against the controlled
//! lists of `site.toml`.

use super::messages::{allowed_terms, example, field_hint, Msg, Placement};
use super::spans::{FrontSpans, Pos};
use crate::config::Config;
use crate::content::Page;
use crate::error::{Diagnostic, Location, Severity};
use crate::i18n::Text;
use crate::schema::{check_value, Builtin, Field, FieldPath, FieldType, Mismatch, Scalar, Schema};
use crate::slug::fold;
use crate::toml_errors::{closest, edit_distance};

/// Everything the checks of one page share.
pub struct PageCx<'a> {
    pub page: &'a Page,
    pub spans: &'a FrontSpans<'a>,
    pub config: &'a Config,
}

impl PageCx<'_> {
    pub fn at(&self, pos: Pos) -> Location {
        Location::at(&self.page.source, pos.0, pos.1)
    }

    /// The line of the key, or else the closing `+++`.
    fn key_or_end(&self, keys: &[&str]) -> Location {
        self.at(self.spans.key(keys).unwrap_or_else(|| self.spans.end()))
    }
}

/// What a page holds at a field's path.
enum Found<'a> {
    Missing,
    Empty,
    /// A value of `[extra]`, still to be type-checked.
    Extra(&'a toml::Value),
    /// Texts already typed by serde, for `values` checks.
    Texts(Vec<&'a str>),
    Typed,
}

fn is_blank(value: &toml::Value) -> bool {
    match value {
        toml::Value::String(s) => s.trim().is_empty(),
        toml::Value::Array(a) => a.is_empty(),
        toml::Value::Table(t) => t.is_empty(),
        _ => false,
    }
}

fn lookup<'a>(page: &'a Page, path: &FieldPath, spans: &FrontSpans<'_>) -> Found<'a> {
    let front = &page.front;
    let text = |s: &'a str, key: &str| {
        if !s.trim().is_empty() {
            Found::Texts(vec![s])
        } else if spans.key(&[key]).is_some() {
            Found::Empty
        } else {
            Found::Missing
        }
    };
    let opt_text = |s: &'a Option<String>, key: &str| match s {
        Some(s) => text(s, key),
        None => Found::Missing,
    };
    match path {
        FieldPath::Builtin(b) => match b {
            Builtin::Title => text(&front.title, "title"),
            Builtin::Description => text(&front.description, "description"),
            Builtin::Slug => opt_text(&front.slug, "slug"),
            Builtin::Template => opt_text(&front.template, "template"),
            Builtin::Date if front.date.is_some() => Found::Typed,
            Builtin::Updated if front.updated.is_some() => Found::Typed,
            Builtin::Weight if front.weight.is_some() => Found::Typed,
            _ => Found::Missing,
        },
        FieldPath::Taxonomy(t) => match front.taxonomies.get(t) {
            None => Found::Missing,
            Some(terms) if terms.iter().all(|s| s.trim().is_empty()) => Found::Empty,
            Some(_) => Found::Typed,
        },
        FieldPath::Extra(keys) => {
            let mut table = &front.extra;
            let (last, parents) = keys.split_last().expect("extra paths have a key");
            for key in parents {
                match table.get(key) {
                    Some(toml::Value::Table(t)) => table = t,
                    _ => return Found::Missing,
                }
            }
            match table.get(last) {
                None => Found::Missing,
                Some(v) if is_blank(v) => Found::Empty,
                Some(v) => Found::Extra(v),
            }
        }
    }
}

/// Checks one page against `schema`.
pub fn check_schema(cx: &PageCx<'_>, schema: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for field in &schema.fields {
        let keys_owned = field.path.keys();
        let keys: Vec<&str> = keys_owned.iter().map(String::as_str).collect();
        let name = field.path.to_string();
        match lookup(cx.page, &field.path, cx.spans) {
            Found::Missing if field.required && misspelled_taxonomy(cx, &field.path) => {}
            Found::Missing if field.required => out.push(missing(cx, field, &name, false)),
            Found::Empty if field.required => out.push(missing(cx, field, &name, true)),
            Found::Missing | Found::Empty | Found::Typed => {}
            Found::Texts(texts) => {
                for t in texts {
                    out.extend(check_allowed(cx, field, &name, &keys, t));
                }
            }
            Found::Extra(value) => out.extend(check_extra(cx, field, &name, &keys, value)),
        }
    }
    out
}

/// `intervenant = […]` for `intervenants`: the unknown taxonomy is already
/// reported with its suggestion; saying the right one is missing too
/// would only repeat it.
fn misspelled_taxonomy(cx: &PageCx<'_>, path: &FieldPath) -> bool {
    let FieldPath::Taxonomy(wanted) = path else {
        return false;
    };
    let wanted = [wanted.clone()];
    cx.page
        .front
        .taxonomies
        .keys()
        .any(|k| cx.config.taxonomy(k).is_none() && closest(k, &wanted).is_some())
}

fn missing(cx: &PageCx<'_>, field: &Field, name: &str, empty: bool) -> Diagnostic {
    let key = field.path.key();
    let (table, misplaced_in) = match &field.path {
        FieldPath::Builtin(_) => (
            None,
            ["taxonomies", "extra"]
                .into_iter()
                .find(|t| cx.spans.key(&[t, &key]).is_some()),
        ),
        FieldPath::Taxonomy(_) => (
            Some("taxonomies"),
            cx.spans.key(&["extra", &key]).is_some().then_some("extra"),
        ),
        FieldPath::Extra(_) => (Some("extra"), None),
    };
    let hint = Text::by(|lang| {
        let help = match (&field.help, &field.path) {
            (Some(h), _) => Some(h.clone()),
            (None, FieldPath::Taxonomy(t)) => cx
                .config
                .taxonomy(t)
                .filter(|t| !t.config.terms.is_empty())
                .map(|t| allowed_terms(&t.config.terms, lang)),
            _ => None,
        };
        let place = Placement {
            table,
            table_exists: table.is_none_or(|t| cx.spans.key(&[t]).is_some()),
            example: example(field.effective_kind(), &key, &field.values, lang),
            help,
            misplaced_in,
        };
        field_hint(&place, empty, lang)
    });
    let keys_owned = field.path.keys();
    let keys: Vec<&str> = keys_owned.iter().map(String::as_str).collect();
    let location = match (misplaced_in, table) {
        (Some(wrong), _) => cx.key_or_end(&[wrong, &key]),
        (None, _) if empty => cx.key_or_end(&keys),
        (None, Some(t)) => cx.key_or_end(&[t]),
        (None, None) => cx.at(cx.spans.end()),
    };
    let msg = if empty {
        Msg::EmptyField { field: name, hint }
    } else {
        Msg::MissingField { field: name, hint }
    };
    msg.at(Severity::Error, location)
}

fn check_extra(
    cx: &PageCx<'_>,
    field: &Field,
    name: &str,
    keys: &[&str],
    value: &toml::Value,
) -> Vec<Diagnostic> {
    if let Some(kind) = field.kind {
        if let Err(m) = check_value(kind, value) {
            let pos = match m {
                Mismatch::Value => cx.spans.value(keys),
                Mismatch::Item(i) => cx.spans.item(keys, i),
            };
            let location = cx.at(pos.unwrap_or_else(|| cx.spans.end()));
            let key = field.path.key();
            let msg = Msg::WrongType {
                field: name,
                expected: kind,
                example: match corrected(kind, &key, value) {
                    Some(fixed) => Text::same(fixed),
                    None => Text::by(|lang| example(Some(kind), &key, &field.values, lang)),
                },
            };
            return vec![msg.at(Severity::Error, location)];
        }
    }
    let texts: Vec<&str> = match value {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => items.iter().filter_map(|v| v.as_str()).collect(),
        _ => vec![],
    };
    texts
        .into_iter()
        .flat_map(|t| check_allowed(cx, field, name, keys, t))
        .collect()
}

/// The author's own value, written the way its type wants, when that is
/// obvious: `annee = "2022"` → `annee = 2022`, `realisation = "X"` →
/// `realisation = ["X"]`.
fn corrected(kind: FieldType, key: &str, value: &toml::Value) -> Option<String> {
    let fixed = match (kind, value) {
        (FieldType::One(Scalar::Integer), toml::Value::String(s)) => {
            let n: i64 = s.trim().parse().ok()?;
            toml::Value::Integer(n)
        }
        (FieldType::One(Scalar::Boolean), toml::Value::String(s)) => {
            toml::Value::Boolean(s.trim().parse().ok()?)
        }
        (FieldType::One(Scalar::Text), toml::Value::Integer(_) | toml::Value::Float(_)) => {
            toml::Value::String(value.to_string())
        }
        (FieldType::List(_), single)
            if !single.is_array()
                && check_value(kind, &toml::Value::Array(vec![single.clone()])).is_ok() =>
        {
            toml::Value::Array(vec![single.clone()])
        }
        _ => return None,
    };
    check_value(kind, &fixed).ok()?;
    Some(format!("{key} = {fixed}"))
}

fn check_allowed(
    cx: &PageCx<'_>,
    field: &Field,
    name: &str,
    keys: &[&str],
    value: &str,
) -> Option<Diagnostic> {
    if field.values.is_empty() || field.values.iter().any(|v| v == value) {
        return None;
    }
    let pos = cx
        .spans
        .item_text(keys, value)
        .or_else(|| cx.spans.value(keys));
    let location = cx.at(pos.unwrap_or_else(|| cx.spans.end()));
    let msg = Msg::ValueNotAllowed {
        field: name,
        value,
        allowed: &field.values,
        suggestion: closest_spelling(value, &field.values),
    };
    Some(msg.at(Severity::Error, location))
}

/// What two spellings share once case, accents, spaces and punctuation are
/// set aside: « Cyber-violences » and « cyberviolences » are one word.
pub fn term_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The listed term an author most likely meant: the same word up to case,
/// accents and punctuation, or else a near miss (« Cyberviolence »).
pub fn closest_spelling<'a>(wanted: &str, list: &'a [String]) -> Option<&'a str> {
    let key = term_key(wanted);
    if key.is_empty() {
        return None;
    }
    if let Some(same) = list.iter().find(|t| term_key(t) == key) {
        return Some(same);
    }
    list.iter()
        .map(|t| (edit_distance(&key, &term_key(t)), t))
        .filter(|(d, _)| *d <= 2.max(key.chars().count() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| t.as_str())
}

/// Every term of the page against the controlled lists that exist.
pub fn check_terms(cx: &PageCx<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (taxonomy, terms) in &cx.page.front.taxonomies {
        let Some(tax) = cx.config.taxonomy(taxonomy) else {
            continue;
        };
        let list = &tax.config.terms;
        if list.is_empty() {
            continue;
        }
        for term in terms {
            if term.trim().is_empty() || list.iter().any(|t| t == term.trim()) {
                continue;
            }
            let pos = cx
                .spans
                .item_text(&["taxonomies", taxonomy], term)
                .or_else(|| cx.spans.key(&["taxonomies", taxonomy]));
            let msg = Msg::UnknownTerm {
                taxonomy,
                term,
                suggestion: closest_spelling(term, list),
            };
            let location = cx.at(pos.unwrap_or((1, 1)));
            out.push(msg.at(Severity::Error, location));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<String> {
        [
            "Cyberviolences",
            "Violences conjugales",
            "Éducation à la sexualité",
            "Adolescence",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn suggestions_ignore_case_accents_and_dashes() {
        let l = list();
        for (typed, want) in [
            ("Cyber-violences", Some("Cyberviolences")),
            ("cyberviolence", Some("Cyberviolences")),
            ("violences Conjugales", Some("Violences conjugales")),
            ("Violence conjugale", Some("Violences conjugales")),
            ("education a la sexualite", Some("Éducation à la sexualité")),
            ("Périnatalité", None),
            ("", None),
        ] {
            assert_eq!(closest_spelling(typed, &l), want, "{typed}");
        }
    }
}

//! Keys of a page's `[extra]` that its section's schema does not declare.
//!
//! `[extra]` is free by design, so a typo there (`realisaton` for
//! `realisation`) is silently kept and never shown. When a section's
//! schema declares `extra.…` fields it describes what its pages carry, and
//! a key it does not know is most likely such a typo: a warning, with the
//! closest declared key. Sections whose schema declares no `extra.…` field
//! keep a free `[extra]`.

use super::fields::PageCx;
use super::messages::Msg;
use super::rules::UPCOMING_KEYS;
use crate::error::{Diagnostic, Severity};
use crate::schema::{FieldPath, Schema};
use crate::toml_errors::closest;

/// The undeclared `[extra]` keys of the page in `cx`.
pub fn check_extra_keys(cx: &PageCx<'_>, schema: &Schema) -> Vec<Diagnostic> {
    let declared: Vec<&[String]> = schema
        .fields
        .iter()
        .filter_map(|f| match &f.path {
            FieldPath::Extra(keys) => Some(keys.as_slice()),
            _ => None,
        })
        .collect();
    if declared.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    walk(cx, schema, &declared, &[], &cx.page.front.extra, &mut out);
    out
}

/// Whether `key` names a required top-level or taxonomy field, which
/// `check_schema` reports as misplaced when it sits under `[extra]`.
fn misplaced_required(schema: &Schema, key: &str) -> bool {
    schema.fields.iter().any(|f| {
        f.required
            && match &f.path {
                FieldPath::Builtin(b) => b.name() == key,
                FieldPath::Taxonomy(t) => t == key,
                FieldPath::Extra(_) => false,
            }
    })
}

/// Checks the keys of `table`, found at `prefix` under `[extra]`, and the
/// tables below it that the schema describes.
fn walk(
    cx: &PageCx<'_>,
    schema: &Schema,
    declared: &[&[String]],
    prefix: &[String],
    table: &toml::Table,
    out: &mut Vec<Diagnostic>,
) {
    // The keys the schema names at this level, in its order.
    let mut here: Vec<String> = Vec::new();
    for keys in declared {
        if keys.len() > prefix.len() && keys.starts_with(prefix) {
            let key = &keys[prefix.len()];
            if !here.contains(key) {
                here.push(key.clone());
            }
        }
    }
    for (key, value) in table {
        let mut path = prefix.to_vec();
        path.push(key.clone());
        if declared.contains(&path.as_slice()) {
            continue;
        }
        if here.contains(key) {
            // Only deeper fields are declared (`extra.contact.telephone`).
            if let toml::Value::Table(inner) = value {
                walk(cx, schema, declared, &path, inner, out);
            }
            continue;
        }
        // carnet itself reads these, whatever the schema says.
        if prefix.is_empty() && UPCOMING_KEYS.contains(&key.as_str()) {
            continue;
        }
        // `date` or `themes` under [extra]: the required field it should be
        // already says to move the line.
        if prefix.is_empty() && misplaced_required(schema, key) {
            continue;
        }
        let dotted = |last: &str| {
            let mut keys = prefix.to_vec();
            keys.push(last.to_string());
            format!("extra.{}", keys.join("."))
        };
        let mut spans_keys = vec!["extra"];
        spans_keys.extend(path.iter().map(String::as_str));
        let location = cx.at(cx.spans.key(&spans_keys).unwrap_or_else(|| cx.spans.end()));
        let msg = Msg::UnknownExtraKey {
            field: dotted(key),
            section: &schema.section,
            suggestion: closest(key, &here).map(dotted),
            declared: here.iter().map(|k| format!("`{}`", dotted(k))).collect(),
        };
        out.push(msg.at(Severity::Warning, location));
    }
}

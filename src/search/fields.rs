//! The indexed fields of a page and their weights: the fixed ones, then one
//! field per `[extra]` key so `site.toml` can weigh `extra.realisation`
//! apart from the other extra values.

use std::collections::BTreeSet;

use super::{SearchConfig, SearchDoc};

pub const TITLE: usize = 0;
pub const HEADINGS: usize = 1;
pub const TAXONOMIES: usize = 2;
pub const DESCRIPTION: usize = 3;
pub const BODY: usize = 4;

/// Field names a weight may be given to, besides `extra.KEY`.
pub const NAMES: [&str; 6] = [
    "title",
    "headings",
    "taxonomies",
    "description",
    "body",
    "extra",
];

/// Title above headings and terms, above description, above body; `[extra]`
/// values (a film's director, a territory) count a little more than body text.
const DEFAULT_WEIGHTS: [f32; 6] = [10.0, 4.0, 4.0, 2.5, 1.0, 1.5];

/// Every field of the site with its weight; index = field number.
#[derive(Debug)]
pub struct Fields {
    pub weights: Vec<f32>,
    extra_keys: Vec<String>,
}

impl Fields {
    pub fn new(docs: &[&SearchDoc], config: &SearchConfig) -> Fields {
        let extra_keys: Vec<String> = docs
            .iter()
            .flat_map(|d| d.extra.iter().map(|(k, _)| k.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let named = |name: &str, default: f32| config.weights.get(name).copied().unwrap_or(default);
        let mut weights: Vec<f32> = NAMES[..5]
            .iter()
            .zip(DEFAULT_WEIGHTS)
            .map(|(name, w)| named(name, w))
            .collect();
        let extra = named("extra", DEFAULT_WEIGHTS[5]);
        weights.extend(
            extra_keys
                .iter()
                .map(|k| named(&format!("extra.{k}"), extra)),
        );
        Fields {
            weights,
            extra_keys,
        }
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Calls `f(field, text)` for every non-empty text of `doc` in a field
    /// whose weight is not zero.
    pub fn each_text<'d>(&self, doc: &'d SearchDoc, mut f: impl FnMut(usize, &'d str)) {
        let mut visit = |field: usize, text: &'d str| {
            if self.weights[field] > 0.0 && !text.is_empty() {
                f(field, text)
            }
        };
        visit(TITLE, &doc.title);
        doc.headings.iter().for_each(|h| visit(HEADINGS, h));
        for (_, _, terms) in &doc.taxonomies {
            terms.iter().for_each(|t| visit(TAXONOMIES, t));
        }
        visit(DESCRIPTION, &doc.description);
        visit(BODY, &doc.body);
        for (key, value) in &doc.extra {
            if let Ok(i) = self.extra_keys.binary_search(key) {
                visit(BODY + 1 + i, value);
            }
        }
    }
}

/// Checks the names and values of `[search.weights]`.
pub fn check(config: &SearchConfig) -> Result<(), crate::i18n::Text> {
    for (name, weight) in &config.weights {
        let known = NAMES.contains(&name.as_str())
            || name.strip_prefix("extra.").is_some_and(|k| !k.is_empty());
        if !known {
            return Err(crate::text!(
                "champ inconnu `{name}` ; champs possibles : {names}, ou extra.CLÉ",
                "unknown field `{name}`; possible fields: {names}, or extra.KEY",
                names = NAMES.join(", ")
            ));
        }
        if !weight.is_finite() || *weight < 0.0 {
            return Err(crate::text!(
                "le poids de `{name}` doit être un nombre positif ou nul, pas {weight}",
                "the weight of `{name}` must be zero or a positive number, not {weight}"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(weights: &[(&str, f32)]) -> SearchConfig {
        SearchConfig {
            enabled: true,
            weights: weights.iter().map(|(k, w)| (k.to_string(), *w)).collect(),
        }
    }

    fn doc() -> SearchDoc {
        SearchDoc {
            url: "a/index.html".into(),
            title: "Titre".into(),
            section: String::new(),
            date: None,
            date_display: String::new(),
            description: String::new(),
            headings: vec!["H".into()],
            body: "Corps".into(),
            taxonomies: vec![],
            extra: vec![
                ("realisation".into(), "Didier Cros".into()),
                ("telephone".into(), "01 02".into()),
            ],
        }
    }

    #[test]
    fn extra_keys_get_their_own_weight_or_the_extra_one() {
        let d = doc();
        let f = Fields::new(
            &[&d],
            &config(&[("extra", 2.0), ("extra.realisation", 3.0)]),
        );
        assert_eq!(&f.weights[5..], [3.0, 2.0]);
    }

    #[test]
    fn zero_weight_excludes_a_field() {
        let d = doc();
        let f = Fields::new(&[&d], &config(&[("body", 0.0), ("extra.telephone", 0.0)]));
        let mut seen = vec![];
        f.each_text(&d, |field, text| seen.push((field, text)));
        assert_eq!(
            seen,
            [(TITLE, "Titre"), (HEADINGS, "H"), (5, "Didier Cros")]
        );
    }

    #[test]
    fn check_rejects_unknown_fields_and_negative_weights() {
        assert!(check(&config(&[("title", 2.0), ("extra.film", 0.0)])).is_ok());
        let err = check(&config(&[("titre", 2.0)])).unwrap_err();
        let err = err.get(crate::i18n::Lang::Fr);
        assert!(err.contains("champ inconnu `titre`"), "{err}");
        assert!(check(&config(&[("extra.", 1.0)])).is_err());
        assert!(check(&config(&[("body", -1.0)])).is_err());
    }
}

//! The pieces the help of schema findings is made of: how a value of a
//! type is written, where a missing field goes.

use crate::i18n::Lang;
use crate::schema::{FieldType, Scalar};

/// How a value of `kind` is written, for `key = …` examples.
pub fn example(kind: Option<FieldType>, key: &str, values: &[String], lang: Lang) -> String {
    let text = lang.pick("…", "…");
    let value = match (kind, values.first()) {
        (_, Some(v)) if matches!(kind, Some(FieldType::List(_))) => format!("[\"{v}\"]"),
        (_, Some(v)) => format!("\"{v}\""),
        (None, None) => format!("\"{text}\""),
        (Some(FieldType::One(s)), None) => scalar_example(s, lang).to_string(),
        (Some(FieldType::List(s)), None) => {
            let one = scalar_example(s, lang);
            format!("[{one}, {one}]")
        }
    };
    format!("{key} = {value}")
}

fn scalar_example(kind: Scalar, lang: Lang) -> &'static str {
    match kind {
        Scalar::Text => "\"…\"",
        Scalar::Date => "2023-03-21",
        Scalar::Integer => "12",
        Scalar::Boolean => "true",
        Scalar::Url => "\"https://www.exemple.fr/page\"",
        Scalar::Email => lang.pick("\"contact@exemple.fr\"", "\"contact@example.org\""),
        Scalar::Phone => lang.pick("\"01 23 45 67 89\"", "\"+44 20 7946 0000\""),
    }
}

/// « un nombre entier, sans guillemets ».
pub fn type_name(kind: FieldType, lang: Lang) -> String {
    let one = |s: Scalar| match (s, lang) {
        (Scalar::Text, Lang::Fr) => "un texte entre guillemets",
        (Scalar::Date, Lang::Fr) => "une date AAAA-MM-JJ",
        (Scalar::Integer, Lang::Fr) => "un nombre entier, sans guillemets",
        (Scalar::Boolean, Lang::Fr) => "true ou false, sans guillemets",
        (Scalar::Url, Lang::Fr) => "une adresse web complète entre guillemets (https://…)",
        (Scalar::Email, Lang::Fr) => "une adresse électronique entre guillemets",
        (Scalar::Phone, Lang::Fr) => "un numéro de téléphone entre guillemets",
        (Scalar::Text, Lang::En) => "a text between quotes",
        (Scalar::Date, Lang::En) => "a date YYYY-MM-DD",
        (Scalar::Integer, Lang::En) => "a whole number, without quotes",
        (Scalar::Boolean, Lang::En) => "true or false, without quotes",
        (Scalar::Url, Lang::En) => "a full web address between quotes (https://…)",
        (Scalar::Email, Lang::En) => "an email address between quotes",
        (Scalar::Phone, Lang::En) => "a phone number between quotes",
    };
    match (kind, lang) {
        (FieldType::One(s), _) => one(s).to_string(),
        (FieldType::List(Scalar::Text), Lang::Fr) => {
            "une liste entre crochets de textes entre guillemets".to_string()
        }
        (FieldType::List(Scalar::Text), Lang::En) => {
            "a list between brackets of texts between quotes".to_string()
        }
        (FieldType::List(s), Lang::Fr) => {
            format!("une liste entre crochets ; chaque élément : {}", one(s))
        }
        (FieldType::List(s), Lang::En) => format!("a list between brackets; each item: {}", one(s)),
    }
}

/// Where a missing field goes, and what to write.
pub struct Placement<'a> {
    /// `None` for top-level keys, else `taxonomies` or `extra`.
    pub table: Option<&'a str>,
    /// Whether the page already has that `[table]`.
    pub table_exists: bool,
    pub example: String,
    /// The schema's `help`, or the allowed terms.
    pub help: Option<String>,
    /// The key was found in the wrong table (`themes` under `[extra]`).
    pub misplaced_in: Option<&'a str>,
}

/// The help of a missing or empty field.
pub fn field_hint(place: &Placement<'_>, empty: bool, lang: Lang) -> String {
    let what = match &place.help {
        Some(h) => format!(" ({h})"),
        None => String::new(),
    };
    let ex = &place.example;
    if let Some(wrong) = place.misplaced_in {
        return match (place.table, lang) {
            (None, Lang::Fr) => format!("cette ligne est sous [{wrong}] : remontez-la en haut de l'en-tête, avant [taxonomies] et [extra]"),
            (Some(t), Lang::Fr) => format!("cette ligne est sous [{wrong}] : placez-la sous [{t}]"),
            (None, Lang::En) => format!("this line is under [{wrong}]: move it to the top of the front matter, before [taxonomies] and [extra]"),
            (Some(t), Lang::En) => format!("this line is under [{wrong}]: move it under [{t}]"),
        };
    }
    match (empty, place.table, lang) {
        (true, _, Lang::Fr) => format!("remplissez-le, par exemple {ex}{what}"),
        (true, _, Lang::En) => format!("fill it in, for example {ex}{what}"),
        (false, None, Lang::Fr) => {
            format!("ajoutez en haut de l'en-tête, avant [taxonomies] et [extra] : {ex}{what}")
        }
        (false, Some(t), Lang::Fr) if !place.table_exists => {
            format!("ajoutez à la fin de l'en-tête une ligne [{t}], puis : {ex}{what}")
        }
        (false, Some(t), Lang::En) if !place.table_exists => {
            format!("add a line [{t}] at the end of the front matter, then: {ex}{what}")
        }
        (false, Some(t), Lang::Fr) => format!("ajoutez sous [{t}] : {ex}{what}"),
        (false, None, Lang::En) => format!(
            "add at the top of the front matter, before [taxonomies] and [extra]: {ex}{what}"
        ),
        (false, Some(t), Lang::En) => format!("add under [{t}]: {ex}{what}"),
    }
}

/// « termes permis : A, B, C… » for a controlled list.
pub fn allowed_terms(terms: &[String], lang: Lang) -> String {
    const SHOWN: usize = 8;
    let mut shown: Vec<&str> = terms.iter().take(SHOWN).map(String::as_str).collect();
    if terms.len() > SHOWN {
        shown.push("…");
    }
    format!("{} {}", lang.pick("parmi :", "one of:"), shown.join(", "))
}

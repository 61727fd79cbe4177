//! Turns TOML and serde messages ("unknown field `titel`, expected one of …")
//! into sentences an author can act on, in French and in English, with a
//! suggestion.

use crate::error::{Diagnostic, Location};
use crate::i18n::{Lang, Text};
use crate::text;

/// What a TOML error means for an author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub message: Text,
    pub help: Option<Text>,
    /// The kind of mistake, for `--format json` and for callers that reword
    /// a syntax error once they see the line (`content::clarify`).
    pub code: &'static str,
}

/// Code of a TOML syntax error that no better explanation fits.
pub const SYNTAX: &str = "toml-syntax";

/// The diagnostic of a TOML error from `site.toml` or front matter.
pub fn diagnostic(err: &toml::de::Error, location: Location) -> Diagnostic {
    let e = explain_message(err.message());
    let d = Diagnostic::error(location, e.message).with_code(e.code);
    match e.help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

pub fn explain_message(raw: &str) -> Explained {
    let raw = raw.trim();
    let explained = |message, help, code| Explained {
        message,
        help,
        code,
    };
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (field, allowed) = split_expected(rest);
        let keys = list(&allowed);
        let help = match closest(&field, &allowed) {
            Some(s) => text!(
                "vouliez-vous dire `{s}` ? Clés permises : {keys}",
                "did you mean `{s}`? Allowed keys: {keys}"
            ),
            None if allowed.is_empty() => text!("supprimez cette clé", "remove this key"),
            None => text!(
                "clés permises : {keys} ; une information propre à ce site va dans [extra]",
                "allowed keys: {keys}; information specific to this site goes under [extra]"
            ),
        };
        return explained(
            text!("clé inconnue `{field}`", "unknown key `{field}`"),
            Some(help),
            "unknown-key",
        );
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let field = rest.trim_matches('`');
        return explained(
            text!(
                "il manque la clé obligatoire `{field}`",
                "required key `{field}` is missing"
            ),
            Some(text!(
                "ajoutez une ligne `{field} = \"…\"` dans l'en-tête",
                "add a line `{field} = \"…\"` to the front matter"
            )),
            "missing-key",
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let help = if expected.contains("sequence") {
            Some(text!(
                "une liste s'écrit entre crochets, par exemple themes = [\"Contraception\"]",
                "a list goes between brackets, for example themes = [\"Contraception\"]"
            ))
        } else if expected.contains("string") {
            Some(text!(
                "un texte s'écrit entre guillemets, par exemple title = \"Mon titre\"",
                "a text goes between quotes, for example title = \"My title\""
            ))
        } else {
            None
        };
        let message = Text::by(|lang| {
            let (found, expected) = (found_in(found, lang), expected_in(expected, lang));
            match lang {
                Lang::Fr => format!("valeur de type incorrect ({found}) : on attend {expected}"),
                Lang::En => format!("value of the wrong type ({found}): expected {expected}"),
            }
        });
        return explained(message, help, "wrong-type");
    }
    if raw.starts_with("duplicate key") || raw.contains("duplicate key") {
        return explained(
            text!("clé écrite deux fois ({raw})", "key written twice ({raw})"),
            Some(text!(
                "gardez une seule ligne pour cette clé",
                "keep a single line for this key"
            )),
            "duplicate-key",
        );
    }
    if let Some(value) = raw.strip_prefix(crate::date::INVALID_DATE) {
        return explained(
            text!(
                "« {value} » n'est pas une date valide (attendu : AAAA-MM-JJ, par exemple 2023-03-21)",
                "\"{value}\" is not a valid date (expected: YYYY-MM-DD, for example 2023-03-21)"
            ),
            None,
            "bad-date",
        );
    }
    if raw.starts_with("invalid basic string") || raw.starts_with("invalid literal string") {
        return explained(
            text!(
                "texte non fermé : il manque le guillemet fermant",
                "unclosed text: the closing quote is missing"
            ),
            Some(text!(
                "un texte s'écrit entre guillemets sur une seule ligne, par exemple title = \"Mon titre\"",
                "a text goes between quotes on a single line, for example title = \"My title\""
            )),
            "unclosed-string",
        );
    }
    if raw.contains("date") || raw.contains("time") {
        let detail = if raw.contains("month") {
            text!(
                " : le mois doit être entre 01 et 12",
                ": the month must be between 01 and 12"
            )
        } else if raw.contains("day") {
            text!(
                " : ce jour n'existe pas dans ce mois",
                ": this day does not exist in this month"
            )
        } else if raw.contains("hour") || raw.contains("minute") || raw.contains("second") {
            text!(" : l'heure est invalide", ": the time is invalid")
        } else {
            Text::default()
        };
        return explained(
            detail.map(|lang, detail| match lang {
                Lang::Fr => format!("date invalide{detail}"),
                Lang::En => format!("invalid date{detail}"),
            }),
            Some(text!(
                "une date s'écrit AAAA-MM-JJ, par exemple date = 2023-03-21",
                "a date is written YYYY-MM-DD, for example date = 2023-03-21"
            )),
            "bad-date",
        );
    }
    explained(
        text!(
            "erreur de syntaxe TOML : {raw}",
            "TOML syntax error: {raw}"
        ),
        Some(text!(
            "vérifiez les guillemets (\"…\") autour des textes, les crochets des listes et le signe = \
             entre la clé et sa valeur",
            "check the quotes (\"…\") around texts, the brackets of lists and the = sign \
             between the key and its value"
        )),
        SYNTAX,
    )
}

fn split_expected(rest: &str) -> (String, Vec<String>) {
    let (field, tail) = rest.split_once(", expected").unwrap_or((rest, ""));
    let field = field.trim().trim_matches('`').to_string();
    let allowed = tail
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect();
    (field, allowed)
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// serde's « string \"Santé\" », in the author's words.
fn found_in(found: &str, lang: Lang) -> String {
    let found = found.trim();
    for (en, fr) in [
        ("string", "texte"),
        ("integer", "nombre"),
        ("float", "nombre"),
        ("boolean", "vrai/faux"),
        ("sequence", "liste"),
        ("map", "table"),
    ] {
        if let Some(rest) = found.strip_prefix(en) {
            let word = match (lang, en) {
                (Lang::Fr, _) => fr,
                (Lang::En, "boolean") => "true/false",
                (Lang::En, "sequence") => "list",
                (Lang::En, "map") => "table",
                (Lang::En, "float") => "number",
                (Lang::En, "integer") => "number",
                (Lang::En, _) => "text",
            };
            return format!("{word}{rest}");
        }
    }
    found.to_string()
}

/// serde's « a sequence », in the author's words.
fn expected_in(expected: &str, lang: Lang) -> String {
    let e = expected.trim();
    let words = if e.contains("sequence") {
        text!("une liste", "a list")
    } else if e.contains("string") {
        text!("un texte", "a text")
    } else if e.contains("bool") {
        text!("true ou false", "true or false")
    } else if e.contains("integer") || e.contains("u64") || e.contains("usize") || e.contains("i64")
    {
        text!("un nombre entier", "a whole number")
    } else if e.contains("map") || e.contains("struct") {
        text!("une table", "a table")
    } else {
        return e.to_string();
    };
    words.get(lang).to_string()
}

/// The allowed name closest to `word`, if it is a plausible typo.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_suggests_closest() {
        let e = explain_message("unknown field `titel`, expected one of `title`, `date`, `draft`");
        assert_eq!(e.message.get(Lang::Fr), "clé inconnue `titel`");
        assert_eq!(e.message.get(Lang::En), "unknown key `titel`");
        let help = e.help.unwrap();
        assert!(help
            .get(Lang::Fr)
            .starts_with("vouliez-vous dire `title` ?"));
        assert!(help.get(Lang::En).starts_with("did you mean `title`?"));
    }

    #[test]
    fn type_mismatch_explains_lists() {
        let e = explain_message("invalid type: string \"Santé\", expected a sequence");
        assert_eq!(
            e.message.get(Lang::Fr),
            "valeur de type incorrect (texte \"Santé\") : on attend une liste"
        );
        assert_eq!(
            e.message.get(Lang::En),
            "value of the wrong type (text \"Santé\"): expected a list"
        );
        assert!(e.help.unwrap().get(Lang::Fr).contains("crochets"));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("été", "ete"), 2);
    }
}

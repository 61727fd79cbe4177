//! Turns TOML and serde messages ("unknown field `titel`, expected one of …")
//! into sentences an author can act on, in French, with a suggestion.

/// (message, help) for a TOML error from `site.toml` or front matter.
pub fn explain(err: &toml::de::Error) -> (String, Option<String>) {
    explain_message(err.message())
}

pub fn explain_message(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (field, allowed) = split_expected(rest);
        let suggestion = closest(&field, &allowed);
        let help = match suggestion {
            Some(s) => format!(
                "vouliez-vous dire `{s}` ? Clés permises : {}",
                list(&allowed)
            ),
            None if allowed.is_empty() => "supprimez cette clé".to_string(),
            None => format!(
                "clés permises : {} ; une information propre à ce site va dans [extra]",
                list(&allowed)
            ),
        };
        return (format!("clé inconnue `{field}`"), Some(help));
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let field = rest.trim_matches('`');
        return (
            format!("il manque la clé obligatoire `{field}`"),
            Some(format!(
                "ajoutez une ligne `{field} = \"…\"` dans l'en-tête"
            )),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected_fr = expected_in_french(expected);
        let help = if expected.contains("sequence") {
            Some(
                "une liste s'écrit entre crochets, par exemple themes = [\"Contraception\"]"
                    .to_string(),
            )
        } else if expected.contains("string") {
            Some("un texte s'écrit entre guillemets, par exemple title = \"Mon titre\"".to_string())
        } else {
            None
        };
        return (
            format!(
                "valeur de type incorrect ({}) : on attend {expected_fr}",
                found_in_french(found)
            ),
            help,
        );
    }
    if raw.starts_with("duplicate key") || raw.contains("duplicate key") {
        return (
            format!("clé écrite deux fois ({raw})"),
            Some("gardez une seule ligne pour cette clé".to_string()),
        );
    }
    if raw.contains("n'est pas une date valide") {
        return (raw.to_string(), None);
    }
    if raw.starts_with("invalid basic string") || raw.starts_with("invalid literal string") {
        return (
            "texte non fermé : il manque le guillemet fermant".to_string(),
            Some("un texte s'écrit entre guillemets sur une seule ligne, par exemple title = \"Mon titre\"".to_string()),
        );
    }
    if raw.contains("date") || raw.contains("time") {
        let detail = if raw.contains("month") {
            " : le mois doit être entre 01 et 12"
        } else if raw.contains("day") {
            " : ce jour n'existe pas dans ce mois"
        } else if raw.contains("hour") || raw.contains("minute") || raw.contains("second") {
            " : l'heure est invalide"
        } else {
            ""
        };
        return (
            format!("date invalide{detail}"),
            Some("une date s'écrit AAAA-MM-JJ, par exemple date = 2023-03-21".to_string()),
        );
    }
    (
        format!("erreur de syntaxe TOML : {raw}"),
        Some(
            "vérifiez les guillemets (\"…\") autour des textes, les crochets des listes et le signe = \
             entre la clé et sa valeur"
                .to_string(),
        ),
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

fn found_in_french(found: &str) -> String {
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
            return format!("{fr}{rest}");
        }
    }
    found.to_string()
}

fn expected_in_french(expected: &str) -> String {
    let e = expected.trim();
    if e.contains("sequence") {
        "une liste".into()
    } else if e.contains("string") {
        "un texte".into()
    } else if e.contains("bool") {
        "true ou false".into()
    } else if e.contains("integer") || e.contains("u64") || e.contains("usize") || e.contains("i64")
    {
        "un nombre entier".into()
    } else if e.contains("map") || e.contains("struct") {
        "une table".into()
    } else {
        e.to_string()
    }
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
        let (msg, help) =
            explain_message("unknown field `titel`, expected one of `title`, `date`, `draft`");
        assert_eq!(msg, "clé inconnue `titel`");
        assert!(help.unwrap().starts_with("vouliez-vous dire `title` ?"));
    }

    #[test]
    fn type_mismatch_explains_lists() {
        let (msg, help) = explain_message("invalid type: string \"Santé\", expected a sequence");
        assert_eq!(
            msg,
            "valeur de type incorrect (texte \"Santé\") : on attend une liste"
        );
        assert!(help.unwrap().contains("crochets"));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("été", "ete"), 2);
    }
}

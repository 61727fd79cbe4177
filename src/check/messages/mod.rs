//! The catalogue of what `carnet check` says, in French and in English.
//!
//! Every sentence of the checks lives here, next to its translation, so a
//! message is reworded in one place and the two languages cannot drift
//! apart. French comes first: it is what the teams read.

//!
//! `msg` holds the findings of the checks, `hints` the pieces their help is
//! made of (examples of values, where a missing field goes); this file the
//! words around a report (labels, counts, the verdict).

mod hints;
mod msg;

pub use crate::i18n::Lang;
pub use hints::{allowed_terms, example, field_hint, type_name, Placement};
pub use msg::Msg;

/// The words around diagnostics: labels and the closing summary.
pub struct Words {
    pub error: &'static str,
    pub warning: &'static str,
    pub help: &'static str,
}

pub fn words(lang: Lang) -> Words {
    match lang {
        Lang::Fr => Words {
            error: "erreur",
            warning: "attention",
            help: "aide",
        },
        Lang::En => Words {
            error: "error",
            warning: "warning",
            help: "help",
        },
    }
}

/// « 2 erreurs et 1 avertissement dans 3 fichiers ».
pub fn summary(lang: Lang, errors: usize, warnings: usize, files: usize) -> String {
    // French counts 0 as singular (« 0 erreur »), English as plural.
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 || (n == 0 && lang == Lang::Fr) {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match lang {
        Lang::Fr => format!(
            "{} et {} dans {}",
            plural(errors, "erreur", "erreurs"),
            plural(warnings, "avertissement", "avertissements"),
            plural(files, "fichier", "fichiers"),
        ),
        Lang::En => format!(
            "{} and {} in {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            plural(files, "file", "files"),
        ),
    }
}

/// The last line of a check, saying what happens next.
pub fn verdict(lang: Lang, errors: usize, warnings: usize, strict: bool) -> &'static str {
    match (errors > 0, warnings > 0 && strict) {
        (true, _) => lang.pick(
            "le site ne peut pas être publié tant que ces erreurs ne sont pas corrigées.",
            "the site cannot be published until these errors are fixed.",
        ),
        (false, true) => lang.pick(
            "--strict : les avertissements comptent comme des erreurs.",
            "--strict: warnings count as errors.",
        ),
        (false, false) if warnings > 0 => lang.pick(
            "le site peut être publié, mais ces avertissements méritent un coup d'œil.",
            "the site can be published, but these warnings deserve a look.",
        ),
        _ => lang.pick("aucun problème.", "no problems."),
    }
}

/// « 33 pages vérifiées, aucun problème ».
pub fn all_good(lang: Lang, pages: usize) -> String {
    match lang {
        Lang::Fr => format!("{pages} pages vérifiées : aucun problème."),
        Lang::En => format!("{pages} pages checked: no problems."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_agree_in_number() {
        assert_eq!(
            summary(Lang::Fr, 1, 2, 1),
            "1 erreur et 2 avertissements dans 1 fichier"
        );
        assert_eq!(
            summary(Lang::En, 0, 1, 3),
            "0 errors and 1 warning in 3 files"
        );
        assert_eq!(
            summary(Lang::Fr, 0, 1, 3),
            "0 erreur et 1 avertissement dans 3 fichiers"
        );
    }
}

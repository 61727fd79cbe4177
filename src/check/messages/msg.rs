//! Every finding of the checks, worded in French and in English.

use super::hints::type_name;
use crate::check::rules::UPCOMING_KEYS;
use crate::error::{Diagnostic, Location, Severity};
use crate::i18n::{Lang, Text};
use crate::schema::FieldType;

/// One finding of the checks, with what it needs to be worded.
#[derive(Debug, Clone)]
pub enum Msg<'a> {
    /// A field the section's schema requires is absent.
    MissingField { field: &'a str, hint: Text },
    /// A required field is present but empty (`""`, `[]`).
    EmptyField { field: &'a str, hint: Text },
    /// A field's value is not of the declared type.
    WrongType {
        field: &'a str,
        expected: FieldType,
        example: Text,
    },
    /// A value outside the schema's `values` list.
    ValueNotAllowed {
        field: &'a str,
        value: &'a str,
        allowed: &'a [String],
        suggestion: Option<&'a str>,
    },
    /// A key of `[extra]` the section's schema does not declare, when it
    /// declares some (`extra.realisaton` for `extra.realisation`).
    UnknownExtraKey {
        field: String,
        section: &'a str,
        suggestion: Option<String>,
        /// The fields the schema declares at that level.
        declared: Vec<String>,
    },
    /// A term not in the taxonomy's `terms` list.
    UnknownTerm {
        taxonomy: &'a str,
        term: &'a str,
        suggestion: Option<&'a str>,
    },
    /// A `[sections.NAME]` schema for a folder that is not a section.
    UnknownSection {
        name: &'a str,
        suggestion: Option<&'a str>,
    },
    /// `![](image.png)`: nothing for screen readers.
    ImageWithoutAlt { dest: &'a str },
    /// A full URL to the site itself (`https://intranet/pex/ateliers/…`).
    SelfAbsoluteLink {
        url: &'a str,
        suggestion: Option<String>,
    },
    /// A file in a page bundle that no page links to.
    OrphanAttachment { file: &'a str },
    /// A date after today on a page not marked upcoming.
    FutureDate { date: String },
    /// A page marked upcoming whose date has passed.
    StaleUpcoming { date: String, key: &'a str },
    /// A page with no text at all.
    EmptyPage,
    /// A page heavier than the readers' intranet should carry.
    HugePage { megabytes: f64 },
    /// Lists or quotes nested deeper than anyone reads.
    DeepNesting { depth: usize },
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("« {v} »"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_en(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Msg<'_> {
    /// A stable identifier, for `--format json` readers.
    pub fn code(&self) -> &'static str {
        match self {
            Msg::MissingField { .. } => "schema-missing",
            Msg::EmptyField { .. } => "schema-empty",
            Msg::WrongType { .. } => "schema-type",
            Msg::ValueNotAllowed { .. } => "schema-value",
            Msg::UnknownExtraKey { .. } => "schema-unknown-extra",
            Msg::UnknownTerm { .. } => "unknown-term",
            Msg::UnknownSection { .. } => "schema-section",
            Msg::ImageWithoutAlt { .. } => "image-alt",
            Msg::SelfAbsoluteLink { .. } => "absolute-link",
            Msg::OrphanAttachment { .. } => "orphan-attachment",
            Msg::FutureDate { .. } => "future-date",
            Msg::StaleUpcoming { .. } => "past-upcoming",
            Msg::EmptyPage => "empty-page",
            Msg::HugePage { .. } => "huge-page",
            Msg::DeepNesting { .. } => "deep-nesting",
        }
    }

    /// The one-sentence explanation.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Fr => self.message_fr(),
            Lang::En => self.message_en(),
        }
    }

    fn message_fr(&self) -> String {
        match self {
            Msg::MissingField { field, .. } => {
                format!("il manque le champ obligatoire `{field}`")
            }
            Msg::EmptyField { field, .. } => format!("le champ obligatoire `{field}` est vide"),
            Msg::WrongType {
                field, expected, ..
            } => format!("`{field}` doit être {}", type_name(*expected, Lang::Fr)),
            Msg::ValueNotAllowed { field, value, .. } => {
                format!("valeur « {value} » non prévue pour `{field}`")
            }
            Msg::UnknownExtraKey { field, section, .. } => format!(
                "clé `{field}` inconnue : le schéma de la section « {section} » ne la prévoit pas"
            ),
            Msg::UnknownTerm {
                taxonomy,
                term,
                suggestion,
            } => match suggestion {
                Some(s) => format!(
                    "terme inconnu « {term} » dans `{taxonomy}` : vouliez-vous dire « {s} » ?"
                ),
                None => format!("terme inconnu « {term} » dans `{taxonomy}`"),
            },
            Msg::UnknownSection { name, .. } => {
                format!("[sections.{name}] : il n'y a pas de section content/{name}/_index.md")
            }
            Msg::ImageWithoutAlt { dest } => {
                format!("l'image « {dest} » n'a pas de texte alternatif")
            }
            Msg::SelfAbsoluteLink { url, .. } => format!(
                "le lien « {url} » donne l'adresse complète du site : il ne fonctionnera pas depuis le disque ni sur une copie du site"
            ),
            Msg::OrphanAttachment { file } => {
                format!("aucune page ne fait de lien vers la pièce jointe « {file} »")
            }
            Msg::FutureDate { date, .. } => format!(
                "la date {date} est dans le futur, mais la page n'est pas marquée « à venir »"
            ),
            Msg::StaleUpcoming { date, .. } => format!(
                "la page est marquée « à venir » mais sa date ({date}) est passée"
            ),
            Msg::EmptyPage => "cette page n'a aucun texte".to_string(),
            Msg::HugePage { megabytes } => format!(
                "cette page pèse {} Mo : elle sera très lente à ouvrir pour les lecteurs",
                format!("{megabytes:.1}").replace('.', ",")
            ),
            Msg::DeepNesting { depth } => format!(
                "des listes ou citations sont imbriquées sur {depth} niveaux"
            ),
        }
    }

    fn message_en(&self) -> String {
        match self {
            Msg::MissingField { field, .. } => format!("required field `{field}` is missing"),
            Msg::EmptyField { field, .. } => format!("required field `{field}` is empty"),
            Msg::WrongType {
                field, expected, ..
            } => format!("`{field}` must be {}", type_name(*expected, Lang::En)),
            Msg::ValueNotAllowed { field, value, .. } => {
                format!("value \"{value}\" is not allowed for `{field}`")
            }
            Msg::UnknownExtraKey { field, section, .. } => format!(
                "unknown key `{field}`: the schema of section \"{section}\" does not declare it"
            ),
            Msg::UnknownTerm {
                taxonomy,
                term,
                suggestion,
            } => match suggestion {
                Some(s) => {
                    format!("unknown term \"{term}\" in `{taxonomy}`: did you mean \"{s}\"?")
                }
                None => format!("unknown term \"{term}\" in `{taxonomy}`"),
            },
            Msg::UnknownSection { name, .. } => {
                format!("[sections.{name}]: there is no section content/{name}/_index.md")
            }
            Msg::ImageWithoutAlt { dest } => format!("image \"{dest}\" has no alternative text"),
            Msg::SelfAbsoluteLink { url, .. } => format!(
                "link \"{url}\" spells out the site's full address: it breaks from disk and on a copy of the site"
            ),
            Msg::OrphanAttachment { file } => format!("no page links to attachment \"{file}\""),
            Msg::FutureDate { date, .. } => {
                format!("date {date} is in the future but the page is not marked upcoming")
            }
            Msg::StaleUpcoming { date, .. } => {
                format!("the page is marked upcoming but its date ({date}) has passed")
            }
            Msg::EmptyPage => "this page has no text".to_string(),
            Msg::HugePage { megabytes } => {
                format!("this page weighs {megabytes:.1} MB: readers will wait for it to open")
            }
            Msg::DeepNesting { depth } => format!("lists or quotes are nested {depth} levels deep"),
        }
    }

    /// What to do about it.
    pub fn help(&self, lang: Lang) -> Option<String> {
        match lang {
            Lang::Fr => self.help_fr(),
            Lang::En => self.help_en(),
        }
    }

    fn help_fr(&self) -> Option<String> {
        Some(match self {
            Msg::MissingField { hint, .. } | Msg::EmptyField { hint, .. } => {
                hint.get(Lang::Fr).to_string()
            }
            Msg::WrongType { example, .. } => format!("par exemple : {}", example.get(Lang::Fr)),
            Msg::ValueNotAllowed {
                allowed,
                suggestion,
                ..
            } => match suggestion {
                Some(s) => format!("vouliez-vous dire « {s} » ? Valeurs prévues : {}", list(allowed)),
                None => format!("valeurs prévues : {}", list(allowed)),
            },
            Msg::UnknownExtraKey {
                section,
                suggestion,
                declared,
                ..
            } => match suggestion {
                Some(s) => format!(
                    "vouliez-vous dire `{s}` ? Champs prévus : {}",
                    declared.join(", ")
                ),
                None => format!(
                    "champs prévus : {} ; si cette information est voulue, déclarez-la dans site.toml sous [sections.{section}.fields]",
                    declared.join(", ")
                ),
            },
            Msg::UnknownTerm { taxonomy, .. } => format!(
                "utilisez un terme de la liste `terms` de [taxonomies.{taxonomy}] dans site.toml, ou demandez qu'on l'y ajoute"
            ),
            Msg::UnknownSection { suggestion, .. } => match suggestion {
                Some(s) => format!("vouliez-vous dire [sections.{s}] ?"),
                None => "le nom après sections. est celui d'un dossier de content/ qui contient un _index.md".to_string(),
            },
            Msg::ImageWithoutAlt { dest } => format!(
                "décrivez l'image entre les crochets pour les personnes qui ne la voient pas : ![Ce que montre l'image]({dest})"
            ),
            Msg::SelfAbsoluteLink { suggestion, .. } => match suggestion {
                Some(s) => format!("faites un lien vers le fichier : ({s})"),
                None => "faites un lien vers le fichier .md de la page, relatif à celle-ci".to_string(),
            },
            Msg::OrphanAttachment { file } => format!(
                "ajoutez un lien dans le texte, par exemple [Télécharger]({file}), ou supprimez le fichier s'il ne sert plus"
            ),
            Msg::FutureDate { .. } => format!(
                "vérifiez l'année ; si la séance est annoncée à l'avance, ajoutez {} = true dans [extra]",
                UPCOMING_KEYS[0]
            ),
            Msg::StaleUpcoming { key, .. } => format!(
                "la séance a eu lieu : retirez {key} = true de [extra] et complétez la synthèse"
            ),
            Msg::EmptyPage => {
                "écrivez le texte sous la seconde ligne +++, ou ajoutez draft = true tant qu'il n'est pas prêt".to_string()
            }
            Msg::HugePage { .. } => {
                "découpez-la en plusieurs pages, ou joignez le document en PDF dans un dossier de page".to_string()
            }
            Msg::DeepNesting { .. } => {
                "vérifiez l'indentation : au-delà de quelques niveaux, personne ne suit".to_string()
            }
        })
    }

    fn help_en(&self) -> Option<String> {
        Some(match self {
            Msg::MissingField { hint, .. } | Msg::EmptyField { hint, .. } => {
                hint.get(Lang::En).to_string()
            }
            Msg::WrongType { example, .. } => format!("for example: {}", example.get(Lang::En)),
            Msg::ValueNotAllowed {
                allowed,
                suggestion,
                ..
            } => match suggestion {
                Some(s) => format!("did you mean \"{s}\"? Allowed values: {}", list_en(allowed)),
                None => format!("allowed values: {}", list_en(allowed)),
            },
            Msg::UnknownExtraKey {
                section,
                suggestion,
                declared,
                ..
            } => match suggestion {
                Some(s) => format!("did you mean `{s}`? Declared fields: {}", declared.join(", ")),
                None => format!(
                    "declared fields: {}; if this information is intended, declare it in site.toml under [sections.{section}.fields]",
                    declared.join(", ")
                ),
            },
            Msg::UnknownTerm { taxonomy, .. } => format!(
                "use a term from the `terms` list of [taxonomies.{taxonomy}] in site.toml, or have it added there"
            ),
            Msg::UnknownSection { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean [sections.{s}]?"),
                None => "the name after sections. is a folder of content/ holding an _index.md".to_string(),
            },
            Msg::ImageWithoutAlt { dest } => format!(
                "describe the image between the brackets for people who cannot see it: ![What the image shows]({dest})"
            ),
            Msg::SelfAbsoluteLink { suggestion, .. } => match suggestion {
                Some(s) => format!("link to the file instead: ({s})"),
                None => "link to the page's .md file, relative to this one".to_string(),
            },
            Msg::OrphanAttachment { file } => format!(
                "link to it from the text, e.g. [Download]({file}), or delete the file if it is no longer needed"
            ),
            Msg::FutureDate { .. } => format!(
                "check the year; if the session is announced in advance, add {} = true under [extra]",
                UPCOMING_KEYS[1]
            ),
            Msg::StaleUpcoming { key, .. } => format!(
                "the session took place: remove {key} = true from [extra] and write the synthesis"
            ),
            Msg::EmptyPage => {
                "write the text below the second +++ line, or add draft = true until it is ready".to_string()
            }
            Msg::HugePage { .. } => {
                "split it into several pages, or attach the document as a PDF in a page folder".to_string()
            }
            Msg::DeepNesting { .. } => {
                "check the indentation: nobody follows more than a few levels".to_string()
            }
        })
    }

    /// The finished diagnostic, worded in both languages.
    pub fn at(&self, severity: Severity, location: Location) -> Diagnostic {
        let message = Text::by(|lang| self.message(lang));
        let mut d = match severity {
            Severity::Error => Diagnostic::error(location, message),
            Severity::Warning => Diagnostic::warning(location, message),
        };
        if self.help(Lang::Fr).is_some() {
            d = d.with_help(Text::by(|lang| self.help(lang).unwrap_or_default()));
        }
        d.with_code(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_term_reads_like_the_issue() {
        let m = Msg::UnknownTerm {
            taxonomy: "themes",
            term: "Cyber-violences",
            suggestion: Some("Cyberviolences"),
        };
        assert_eq!(
            m.message(Lang::Fr),
            "terme inconnu « Cyber-violences » dans `themes` : vouliez-vous dire « Cyberviolences » ?"
        );
    }
}

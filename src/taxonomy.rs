//! Taxonomies (themes, publics, intervenants…): their terms, the pages of
//! each term, French alphabetical order, and spellings that differ only by
//! case or accents merged into one term.

use crate::check::spans::FrontSpans;
use crate::config::{Config, Taxonomy};
use crate::content::Page;
use crate::error::{Diagnostic, Location};
use crate::fasthash::FastHash;
use crate::i18n::{Lang, Text};
use crate::slug::{fold, slugify};
use crate::text;
use crate::toml_errors::closest;
use rayon::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Term {
    /// The spelling shown: the one most pages use.
    pub name: String,
    pub slug: String,
    /// URL path from the site root (`themes/violences-conjugales/`).
    pub path: String,
    /// Pages carrying the term, in the order the caller sorted them.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct TaxonomyTerms {
    pub taxonomy: Taxonomy,
    /// `themes/`.
    pub path: String,
    /// In French alphabetical order.
    pub terms: Vec<Term>,
    /// Slug → position in `terms`: every page asks for its terms, and a
    /// taxonomy of names (intervenants) can have thousands.
    by_slug: HashMap<String, usize, FastHash>,
    /// Every spelling pages use → position in `terms`: pages, listings and
    /// the search index each ask for every term of every page, and
    /// slugifying each spelling again (Unicode decomposition) showed in
    /// profiles.
    by_spelling: HashMap<String, usize, FastHash>,
}

impl TaxonomyTerms {
    /// The term a spelling in front matter belongs to.
    pub fn find(&self, spelling: &str) -> Option<&Term> {
        let found = match self.by_spelling.get(spelling.trim()) {
            Some(&i) => Some(i),
            None => self.by_slug.get(&slugify(spelling)).copied(),
        };
        found.map(|i| &self.terms[i])
    }
}

/// Sort key for French alphabetical order: « Égalité » files under E.
pub fn collation_key(text: &str) -> String {
    fold(text)
}

/// Groups the pages' terms. `pages` must be in the order term pages list
/// them (newest first). Returns the taxonomies and the problems found.
pub fn collect(
    config: &Config,
    pages: &[Page],
    order: &[usize],
) -> (Vec<TaxonomyTerms>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let names: Vec<String> = config.taxonomies.iter().map(|t| t.name.clone()).collect();
    for page in pages {
        for key in page.front.taxonomies.keys() {
            if config.taxonomy(key).is_none() {
                let spans = FrontSpans::parse(&page.front_toml, page.front_line);
                let location = match spans.key(&["taxonomies", key]) {
                    Some((line, col)) => Location::at(&page.source, line, col),
                    None => Location::file(&page.source),
                };
                let d = Diagnostic::error(
                    location,
                    text!(
                        "taxonomie inconnue `{key}` dans [taxonomies]",
                        "unknown taxonomy `{key}` under [taxonomies]"
                    ),
                );
                let d = match closest(key, &names) {
                    Some(s) => {
                        d.with_help(text!("vouliez-vous dire `{s}` ?", "did you mean `{s}`?"))
                    }
                    None if names.is_empty() => d.with_help(text!(
                        "déclarez-la dans site.toml : [taxonomies.{key}] puis title = \"…\"",
                        "declare it in site.toml: [taxonomies.{key}] then title = \"…\""
                    )),
                    None => d.with_help(text!(
                        "taxonomies déclarées dans site.toml : {names}",
                        "taxonomies declared in site.toml: {names}",
                        names = names.join(", ")
                    )),
                };
                problems.push(d);
            }
        }
    }
    // one taxonomy per task; problems keep the order of site.toml
    let collected: Vec<(TaxonomyTerms, Vec<Diagnostic>)> = config
        .taxonomies
        .par_iter()
        .map(|tax| {
            let mut found = Vec::new();
            (collect_one(tax, pages, order, &mut found), found)
        })
        .collect();
    let mut taxonomies = Vec::with_capacity(collected.len());
    for (terms, found) in collected {
        taxonomies.push(terms);
        problems.extend(found);
    }
    (taxonomies, problems)
}

fn collect_one(
    tax: &Taxonomy,
    pages: &[Page],
    order: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> TaxonomyTerms {
    /// The pages of one slug, and each spelling of it: (spelling, uses,
    /// pages that use it), in the order first met.
    struct Group {
        slug: String,
        spellings: Vec<(String, usize, Vec<usize>)>,
        pages: Vec<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_slug: HashMap<String, usize> = HashMap::new();
    // A few spellings, used by thousands of pages: each is slugified and
    // placed once, then found by a single lookup (group, position in its
    // spellings); `None` for a spelling without letters.
    let mut placed: HashMap<&str, Option<(usize, usize)>> = HashMap::new();
    for &i in order {
        let Some(terms) = pages[i].front.taxonomies.get(&tax.name) else {
            continue;
        };
        for spelling in terms {
            let spelling = spelling.trim();
            let place = *placed
                .entry(spelling)
                .or_insert_with(|| place(spelling, &mut groups, &mut group_of_slug));
            let Some((g, s)) = place else {
                problems.push(Diagnostic::error(
                    Location::file(&pages[i].source),
                    text!(
                        "terme vide ou sans lettre dans `{name}` : « {spelling} »",
                        "empty term, or one without letters, in `{name}`: \"{spelling}\"",
                        name = &tax.name
                    ),
                ));
                continue;
            };
            let group = &mut groups[g];
            if group.pages.last() != Some(&i) {
                group.pages.push(i);
            }
            let (_, count, users) = &mut group.spellings[s];
            *count += 1;
            users.push(i);
        }
    }

    /// Where a new spelling goes: its slug's group (made if new), at a new
    /// position among the group's spellings.
    fn place(
        spelling: &str,
        groups: &mut Vec<Group>,
        group_of_slug: &mut HashMap<String, usize>,
    ) -> Option<(usize, usize)> {
        let slug = slugify(spelling);
        if slug.is_empty() {
            return None;
        }
        let g = match group_of_slug.get(&slug) {
            Some(&g) => g,
            None => {
                group_of_slug.insert(slug.clone(), groups.len());
                groups.push(Group {
                    slug,
                    spellings: Vec::new(),
                    pages: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let spellings = &mut groups[g].spellings;
        spellings.push((spelling.to_string(), 0, Vec::new()));
        Some((g, spellings.len() - 1))
    }

    let path = format!("{}/", tax.name);
    let mut terms: Vec<Term> = groups
        .into_iter()
        .map(|group| {
            let slug = group.slug;
            // The controlled list's spelling wins; otherwise the most used
            // one, and on a tie the first seen.
            let listed = tax.config.terms.iter().find(|t| slugify(t) == slug);
            let best = listed.cloned().unwrap_or_else(|| {
                group
                    .spellings
                    .iter()
                    .enumerate()
                    .max_by_key(|(pos, (_, count, _))| (*count, std::cmp::Reverse(*pos)))
                    .map(|(_, (s, _, _))| s.clone())
                    .expect("at least one spelling")
            });
            // With a controlled list, each stray spelling is already an
            // error at its own line (check::fields::check_terms).
            if group.spellings.len() > 1 && tax.config.terms.is_empty() {
                problems.push(spelling_warning(tax, &best, &group.spellings, pages));
            }
            Term {
                path: format!("{path}{slug}/"),
                name: best,
                slug,
                pages: group.pages,
            }
        })
        .collect();
    terms.sort_by(|a, b| {
        collation_key(&a.name)
            .cmp(&collation_key(&b.name))
            .then(a.name.cmp(&b.name))
    });
    let by_slug: HashMap<String, usize, FastHash> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.clone(), i))
        .collect();
    let slug_of_group: Vec<&str> = {
        let mut by_group = vec![""; group_of_slug.len()];
        for (slug, &g) in &group_of_slug {
            by_group[g] = slug;
        }
        by_group
    };
    let by_spelling = placed
        .into_iter()
        .filter_map(|(spelling, place)| {
            let (g, _) = place?;
            Some((spelling.to_string(), *by_slug.get(slug_of_group[g])?))
        })
        .collect();
    TaxonomyTerms {
        taxonomy: tax.clone(),
        path,
        terms,
        by_slug,
        by_spelling,
    }
}

fn spelling_warning(
    tax: &Taxonomy,
    best: &str,
    spellings: &[(String, usize, Vec<usize>)],
    pages: &[Page],
) -> Diagnostic {
    let others = Text::by(|lang| {
        let others: Vec<String> = spellings
            .iter()
            .filter(|(s, _, _)| s != best)
            .map(|(s, _, users)| {
                let files: Vec<String> = users
                    .iter()
                    .map(|&i| crate::error::display_path(&pages[i].source))
                    .collect();
                match lang {
                    Lang::Fr => format!("« {s} » dans {}", files.join(", ")),
                    Lang::En => format!("\"{s}\" in {}", files.join(", ")),
                }
            })
            .collect();
        others.join(lang.pick(" ; ", "; "))
    });
    let first_other = spellings
        .iter()
        .find(|(s, _, _)| s != best)
        .expect("two spellings");
    Diagnostic::warning(
        Location::file(&pages[first_other.2[0]].source),
        text!(
            "le terme « {best} » ({name}) est écrit de plusieurs façons : {fr}",
            "the term \"{best}\" ({name}) is spelled several ways: {en}",
            name = &tax.name,
            fr = others.get(Lang::Fr),
            en = others.get(Lang::En)
        ),
    )
    .with_help(text!(
        "écrivez partout « {best} » : ces pages sont regroupées sous ce terme",
        "write \"{best}\" everywhere: these pages are grouped under this term"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_order_ignores_accents_and_case() {
        let mut words = vec![
            "Violences",
            "Égalité",
            "adolescence",
            "Enfants",
            "Éducation",
        ];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(
            words,
            [
                "adolescence",
                "Éducation",
                "Égalité",
                "Enfants",
                "Violences"
            ]
        );
    }
}

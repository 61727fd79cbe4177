//! The values templates see, built once per page from the `Site`. Listings
//! reuse one precomputed summary per page, so no template context ever
//! holds the whole site.

use crate::content::Page;
use crate::links::encode_path;
use crate::site::Site;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Serialize)]
pub struct TermRef {
    pub name: String,
    pub path: String,
}

#[derive(Serialize)]
pub struct PageTaxonomy {
    pub name: String,
    pub title: String,
    pub terms: Vec<TermRef>,
}

#[derive(Serialize)]
pub struct Attachment {
    pub name: String,
    pub path: String,
    pub size: u64,
    pub size_display: String,
    /// Upper-case extension (« PDF »).
    pub kind: String,
    /// Pictures are usually shown in the text, not offered as downloads.
    pub is_image: bool,
}

const IMAGE_KINDS: [&str; 7] = ["PNG", "JPG", "JPEG", "GIF", "SVG", "WEBP", "AVIF"];

/// « 1,2 Mo », « 350 ko »: sizes the way French readers see them.
pub fn human_size(bytes: u64, language: &str) -> String {
    let fr = crate::date::is_french(language);
    let (unit_k, unit_m, unit_b) = if fr {
        ("ko", "Mo", "o")
    } else {
        ("KB", "MB", "B")
    };
    let text = if bytes >= 1_000_000 {
        format!("{:.1} {unit_m}", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{} {unit_k}", (bytes + 500) / 1_000)
    } else {
        format!("{bytes} {unit_b}")
    };
    if fr {
        text.replace('.', ",")
    } else {
        text
    }
}

/// Section title, path and kind of a page.
fn section_ref(site: &Site, page: &Page) -> Value {
    let s = &site.content.sections[page.section];
    let title = if s.front.title.is_empty() {
        &site.config.title
    } else {
        &s.front.title
    };
    json!({ "title": title, "path": s.path, "kind": kind(site, page.section) })
}

/// What kind of pages a section holds, which picks their layout: the
/// section's `[extra] kind` when it says, else its folder name in the
/// singular (`ateliers/` → `atelier`, `cine-debats/` → `cine-debat`).
/// Pages of the home section are plain `page`s.
pub fn kind(site: &Site, section: usize) -> String {
    let s = &site.content.sections[section];
    if let Some(k) = s.front.extra.get("kind").and_then(|v| v.as_str()) {
        return k.to_string();
    }
    singular_kind(&s.path)
}

/// `cine-debats/` → `cine-debat`; the last folder of a section path.
pub fn singular_kind(path: &str) -> String {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match last {
        "" => "page".to_string(),
        l => l.strip_suffix('s').unwrap_or(l).to_string(),
    }
}

/// `[extra]` as templates see it: TOML dates become plain `2023-03-16`
/// strings, so `{{ page.extra.seances | first }}` prints a date, and the
/// `long_date` filter reads it.
pub fn extra_value(extra: &toml::Table) -> Value {
    fn fix(v: Value) -> Value {
        match v {
            Value::Object(map) if map.len() == 1 && map.contains_key(TOML_DATETIME) => {
                map.into_iter().next().map_or(Value::Null, |(_, v)| v)
            }
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, fix(v))).collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(fix).collect()),
            v => v,
        }
    }
    fix(json!(extra))
}

/// The field name under which the toml crate serializes a datetime.
const TOML_DATETIME: &str = "$__toml_private_datetime";

fn page_taxonomies(site: &Site, page: &Page) -> Vec<PageTaxonomy> {
    site.taxonomies
        .iter()
        .filter_map(|tax| {
            let spellings = page.front.taxonomies.get(&tax.taxonomy.name)?;
            let terms = spellings
                .iter()
                .filter_map(|s| tax.find(s))
                .map(|t| TermRef {
                    name: t.name.clone(),
                    path: t.path.clone(),
                })
                .collect::<Vec<_>>();
            (!terms.is_empty()).then(|| PageTaxonomy {
                name: tax.taxonomy.name.clone(),
                title: tax.taxonomy.config.title.clone(),
                terms,
            })
        })
        .collect()
}

/// The summaries of `pages`, as a template list. Cloning a `Value` is a
/// plain copy; `json!(Vec<&Value>)` would run it through serde again.
pub fn pick(summaries: &[Value], pages: impl Iterator<Item = usize>) -> Value {
    Value::Array(pages.map(|p| summaries[p].clone()).collect())
}

/// What listings show of a page.
pub fn page_summary(site: &Site, i: usize) -> Value {
    let page = &site.content.pages[i];
    let lang = &site.config.language;
    let rendered = &site.pages_html[i];
    let mut summary = json!({
        "title": page.front.title,
        "path": page.path,
        "date": page.front.date.map(|d| d.iso()),
        "date_display": page.front.date.map(|d| d.long(lang)),
        "year": page.front.date.map(|d| d.year),
        "description": page.front.description,
        "summary": rendered.summary,
        "kind": kind(site, page.section),
        "taxonomies": page_taxonomies(site, page),
        "weight": page.front.weight,
        "upcoming": site.is_upcoming(i),
    });
    let fields = summary.as_object_mut().expect("an object");
    fields.insert("section".into(), section_ref(site, page));
    fields.insert("extra".into(), extra_value(&page.front.extra));
    summary
}

/// Everything a page template sees as `page`.
/// `body` is the page's HTML when the caller gives it away, else it is
/// copied from the site.
pub fn page_full(site: &Site, i: usize, summaries: &[Value], body: Option<String>) -> Value {
    let page = &site.content.pages[i];
    let rendered = &site.pages_html[i];
    let lang = &site.config.language;
    let mut value = summaries[i].clone();
    let words = rendered.text.split_whitespace().count();
    let attachments: Vec<Attachment> = page
        .assets
        .iter()
        .map(|&a| &site.content.assets[a])
        .map(|a| {
            let name = a.output.rsplit('/').next().unwrap_or(&a.output).to_string();
            let kind = name
                .rsplit_once('.')
                .map(|(_, e)| e.to_uppercase())
                .unwrap_or_default();
            Attachment {
                is_image: IMAGE_KINDS.contains(&kind.as_str()),
                path: encode_path(&a.output),
                size_display: human_size(a.size, lang),
                size: a.size,
                kind,
                name,
            }
        })
        .collect();
    let (previous, next) = neighbours(site, i);
    let obj = value.as_object_mut().expect("summary is an object");
    let content = body.unwrap_or_else(|| rendered.html.clone());
    obj.insert("content".into(), Value::String(content));
    obj.insert("toc".into(), json!(rendered.headings));
    obj.insert("word_count".into(), json!(words));
    obj.insert("reading_minutes".into(), json!(words.div_ceil(200).max(1)));
    obj.insert("updated".into(), json!(page.front.updated.map(|d| d.iso())));
    obj.insert(
        "updated_display".into(),
        json!(page.front.updated.map(|d| d.long(lang))),
    );
    obj.insert("attachments".into(), json!(attachments));
    obj.insert(
        "previous".into(),
        previous.map_or(Value::Null, |p| summaries[p].clone()),
    );
    obj.insert(
        "next".into(),
        next.map_or(Value::Null, |p| summaries[p].clone()),
    );
    value
}

/// Previous and next page in the section's reading order; for sections
/// sorted by date, previous is the earlier one.
fn neighbours(site: &Site, i: usize) -> (Option<usize>, Option<usize>) {
    let section = &site.content.sections[site.content.pages[i].section];
    let Some(pos) = site.position_in_section(i) else {
        return (None, None);
    };
    let before = pos.checked_sub(1).map(|p| section.pages[p]);
    let after = section.pages.get(pos + 1).copied();
    if section.front.sort_by == crate::content::SortBy::Date {
        (after, before)
    } else {
        (before, after)
    }
}

/// Sections in reading order: lightest `weight` first, then by title.
fn by_weight_then_title(site: &Site, sections: &mut [usize]) {
    sections.sort_by_key(|&i| {
        let s = &site.content.sections[i];
        (
            s.front.weight.unwrap_or(i64::MAX),
            crate::taxonomy::collation_key(&s.front.title),
        )
    });
}

/// Pages grouped by section, sections in navigation order: a term page
/// shows its ateliers, then its ciné-débats, then its ressources.
pub fn groups(site: &Site, pages: &[usize], summaries: &[Value]) -> Value {
    let mut sections: Vec<usize> = pages
        .iter()
        .map(|&p| site.content.pages[p].section)
        .collect();
    sections.sort_unstable();
    sections.dedup();
    by_weight_then_title(site, &mut sections);
    Value::Array(
        sections
            .iter()
            .map(|&s| {
                let section = &site.content.sections[s];
                let items = pick(
                    summaries,
                    pages
                        .iter()
                        .copied()
                        .filter(|&p| site.content.pages[p].section == s),
                );
                let title = if section.front.title.is_empty() {
                    &site.config.title
                } else {
                    &section.front.title
                };
                object([
                    ("title", json!(title)),
                    ("path", json!(section.path)),
                    ("kind", json!(kind(site, s))),
                    ("pages", items),
                ])
            })
            .collect(),
    )
}

/// A JSON object made of owned values, moved in: `json!` would copy each
/// value through serde, and listings hold thousands of page summaries.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

/// The sections shown in the main navigation: the home page's children.
pub fn navigation(site: &Site) -> Value {
    let mut order = site.content.sections[0].subsections.clone();
    by_weight_then_title(site, &mut order);
    let subs: Vec<&crate::content::Section> =
        order.iter().map(|&s| &site.content.sections[s]).collect();
    json!(subs
        .iter()
        .map(|s| json!({
            "title": s.front.title,
            "description": s.front.description,
            "path": s.path,
            "count": s.pages.len(),
        }))
        .collect::<Vec<_>>())
}

/// Every taxonomy without its terms: what navigation needs on every page.
pub fn taxonomies_light(site: &Site) -> Value {
    json!(site
        .taxonomies
        .iter()
        .map(|t| json!({
            "name": t.taxonomy.name,
            "title": t.taxonomy.config.title,
            "path": t.path,
            "count": t.terms.len(),
        }))
        .collect::<Vec<_>>())
}

/// Every taxonomy with its terms and counts (small: terms, not pages).
pub fn taxonomies(site: &Site) -> Value {
    json!(site
        .taxonomies
        .iter()
        .map(|t| json!({
            "name": t.taxonomy.name,
            "title": t.taxonomy.config.title,
            "path": t.path,
            "terms": t.terms.iter().map(|term| json!({
                "name": term.name, "path": term.path, "count": term.pages.len()
            })).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_section_folders() {
        for (path, want) in [
            ("ateliers/", "atelier"),
            ("cine-debats/", "cine-debat"),
            ("ressources/", "ressource"),
            ("guide/", "guide"),
            ("archives/2022/", "2022"),
            ("", "page"),
        ] {
            assert_eq!(singular_kind(path), want, "{path}");
        }
    }

    #[test]
    fn toml_dates_in_extra_become_strings() {
        let extra: toml::Table =
            toml::from_str("seances = [2023-03-16, 2023-03-23T12:30:00]\nfilm = \"x\"").unwrap();
        assert_eq!(
            extra_value(&extra),
            json!({ "seances": ["2023-03-16", "2023-03-23T12:30:00"], "film": "x" })
        );
    }

    #[test]
    fn sizes_in_french() {
        assert_eq!(human_size(512, "fr"), "512 o");
        assert_eq!(human_size(35_400, "fr"), "35 ko");
        assert_eq!(human_size(1_234_567, "fr"), "1,2 Mo");
        assert_eq!(human_size(1_234_567, "en"), "1.2 MB");
    }
}

//! The files written for machines rather than readers: Atom feeds (whole
//! site, each section, each taxonomy term), `sitemap.xml` and `robots.txt`.
//!
//! Feeds and the sitemap are only useful with absolute URLs, and carnet only
//! knows those when `site.toml` sets `base_url`: without it they are not
//! written (links in the pages stay relative, so the site still works from a
//! shared drive). Asking for feeds without `base_url` is a warning, not an
//! error: the rest of the site is fine.

use crate::config::Config;
use crate::content::Page;
use crate::date::Date;
use crate::error::{Diagnostic, Location};
use crate::site::Site;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

/// File name of every feed, in the folder of what it follows.
pub const FEED_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";

/// A feed lists at most this many entries, newest first.
const FEED_LIMIT: usize = 50;

/// Whether Atom feeds are written: `feeds = true` or unset, and `base_url` set.
pub fn feeds_enabled(config: &Config) -> bool {
    config.base_url.is_some() && config.feeds != Some(false)
}

/// Whether page `p` goes into feeds: undated pages are not news.
fn is_news(site: &Site, p: usize) -> bool {
    site.content.pages[p].front.date.is_some()
}

/// Whether a section or term listing `pages` gets a feed (the rule
/// `all_feeds` follows): feeds are on and one of its pages is news.
pub fn has_feed(site: &Site, pages: &[usize]) -> bool {
    feeds_enabled(&site.config) && pages.iter().any(|&p| is_news(site, p))
}

/// Whether `sitemap.xml` is written: it needs absolute URLs, and an intranet
/// that asks not to be indexed has no use for one.
pub fn sitemap_enabled(config: &Config) -> bool {
    config.base_url.is_some() && !config.robots_noindex
}

/// What the author should know about this configuration.
pub fn warnings(config: &Config) -> Vec<Diagnostic> {
    if config.feeds == Some(true) && config.base_url.is_none() {
        vec![Diagnostic::warning(
            Location::file(crate::config::CONFIG_FILE),
            crate::text!(
                "`feeds = true` mais `base_url` n'est pas renseigné : les flux Atom et le sitemap.xml ne sont pas produits",
                "`feeds = true` but `base_url` is not set: the Atom feeds and sitemap.xml are not written"
            ),
        )
        .with_help(crate::text!(
            "un flux a besoin de l'adresse complète du site ; ajoutez par exemple \
             base_url = \"https://intranet.exemple/pex/\", ou retirez feeds = true",
            "a feed needs the site's full address; add for example \
             base_url = \"https://intranet.example/pex/\", or remove feeds = true"
        ))]
    } else {
        Vec::new()
    }
}

/// Every file of this module, as (output path, text). `taken` holds the
/// output paths the site already provides (its own `static/robots.txt`
/// wins over ours); `listed` are the site paths besides pages, sections and
/// terms that the sitemap should name (agenda, search).
pub fn render(
    site: &Site,
    translations: &BTreeMap<String, String>,
    listed: &[&str],
    taken: &HashSet<String>,
) -> Vec<(String, String)> {
    let mut files = Vec::new();
    if let Some(base) = site.config.base_url.as_deref() {
        if feeds_enabled(&site.config) {
            files.extend(all_feeds(site, base, translations));
        }
        if sitemap_enabled(&site.config) {
            files.push((SITEMAP_FILE.to_string(), sitemap(site, base, listed)));
        }
    }
    files.push((ROBOTS_FILE.to_string(), robots(&site.config)));
    files.retain(|(path, _)| !taken.contains(path));
    files
}

/// One feed to write: its folder, title, and pages (newest first).
struct FeedSpec {
    path: String,
    title: String,
    pages: Vec<usize>,
}

fn all_feeds(
    site: &Site,
    base: &str,
    translations: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let dated = |p: &usize| is_news(site, *p);
    let site_title = &site.config.title;
    let mut specs = vec![FeedSpec {
        path: String::new(),
        title: site_title.clone(),
        pages: site.chronological.iter().copied().filter(dated).collect(),
    }];
    for s in site.content.sections.iter().skip(1) {
        let mut pages: Vec<usize> = s.pages.iter().copied().filter(dated).collect();
        sort_newest_first(site, &mut pages);
        specs.push(FeedSpec {
            path: s.path.clone(),
            title: format!("{} · {site_title}", s.front.title),
            pages,
        });
    }
    let pattern = translations
        .get("feed_term_title")
        .map_or("{term}", String::as_str);
    for tax in &site.taxonomies {
        for term in &tax.terms {
            let mut pages: Vec<usize> = term.pages.iter().copied().filter(dated).collect();
            sort_newest_first(site, &mut pages);
            specs.push(FeedSpec {
                path: term.path.clone(),
                title: format!("{} · {site_title}", pattern.replace("{term}", &term.name)),
                pages,
            });
        }
    }
    specs
        .into_iter()
        .filter(|spec| !spec.pages.is_empty())
        .map(|spec| (format!("{}{FEED_FILE}", spec.path), atom(site, base, &spec)))
        .collect()
}

fn sort_newest_first(site: &Site, pages: &mut [usize]) {
    let rank: BTreeMap<usize, usize> = site
        .chronological
        .iter()
        .enumerate()
        .map(|(rank, &p)| (p, rank))
        .collect();
    pages.sort_by_key(|p| rank.get(p).copied().unwrap_or(usize::MAX));
}

/// When a page last changed: `updated`, else `date`.
fn changed(page: &Page) -> Option<Date> {
    page.front.updated.or(page.front.date)
}

fn atom(site: &Site, base: &str, spec: &FeedSpec) -> String {
    let pages: Vec<usize> = spec.pages.iter().copied().take(FEED_LIMIT).collect();
    let updated = pages
        .iter()
        .filter_map(|&p| changed(&site.content.pages[p]))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let self_url = format!("{base}{}{FEED_FILE}", spec.path);
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&site.config.language)
    );
    let _ = writeln!(out, "  <title>{}</title>", escape(&spec.title));
    if !site.config.description.is_empty() {
        let _ = writeln!(
            out,
            "  <subtitle>{}</subtitle>",
            escape(&site.config.description)
        );
    }
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&format!("{base}{}", spec.path))
    );
    let _ = writeln!(out, "  <id>{}</id>", escape(&self_url));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        escape(&site.config.title)
    );
    out.push_str("  <generator>carnet</generator>\n");
    for p in pages {
        entry(site, base, p, &mut out);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(site: &Site, base: &str, i: usize, out: &mut String) {
    let page = &site.content.pages[i];
    let url = escape(&format!("{base}{}", page.path));
    let Some(date) = page.front.date else {
        return;
    };
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", escape(&page.front.title));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"
    );
    let _ = writeln!(out, "    <id>{url}</id>");
    let _ = writeln!(out, "    <published>{}</published>", date.rfc3339());
    let _ = writeln!(
        out,
        "    <updated>{}</updated>",
        changed(page).unwrap_or(date).rfc3339()
    );
    for tax in &site.taxonomies {
        for spelling in page
            .front
            .taxonomies
            .get(&tax.taxonomy.name)
            .into_iter()
            .flatten()
        {
            if let Some(term) = tax.find(spelling) {
                let _ = writeln!(
                    out,
                    "    <category term=\"{}\" label=\"{}\" scheme=\"{}\"/>",
                    escape(&term.slug),
                    escape(&term.name),
                    escape(&format!("{base}{}", tax.path))
                );
            }
        }
    }
    if !page.front.description.is_empty() {
        let _ = writeln!(
            out,
            "    <summary>{}</summary>",
            escape(&page.front.description)
        );
    }
    // Links in the body are relative to the page: xml:base makes them
    // resolve in feed readers.
    let _ = writeln!(
        out,
        "    <content type=\"html\" xml:base=\"{url}\">{}</content>",
        escape(&site.pages_html[i].html)
    );
    out.push_str("  </entry>\n");
}

fn sitemap(site: &Site, base: &str, listed: &[&str]) -> String {
    let mut urls: Vec<(String, Option<Date>)> = Vec::new();
    for s in &site.content.sections {
        let newest = s
            .pages
            .iter()
            .filter_map(|&p| changed(&site.content.pages[p]))
            .filter(|d| d.day_only() <= site.today)
            .max();
        urls.push((s.path.clone(), newest));
    }
    for page in &site.content.pages {
        let lastmod = changed(page).filter(|d| d.day_only() <= site.today);
        urls.push((page.path.clone(), lastmod));
    }
    for tax in &site.taxonomies {
        urls.push((tax.path.clone(), None));
        urls.extend(tax.terms.iter().map(|t| (t.path.clone(), None)));
    }
    urls.extend(listed.iter().map(|p| (p.to_string(), None)));
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in urls {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            escape(&format!("{base}{path}"))
        );
        if let Some(d) = lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", d.iso());
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`. Crawlers only read it at the root of a host, so for a site
/// under a sub-path the `<meta name="robots">` of each page is what counts.
fn robots(config: &Config) -> String {
    let mut out =
        String::from("# Écrit par carnet (robots_noindex dans site.toml)\nUser-agent: *\n");
    if config.robots_noindex {
        out.push_str("Disallow: /\n");
    } else {
        out.push_str("Allow: /\n");
        if let Some(base) = config
            .base_url
            .as_deref()
            .filter(|_| sitemap_enabled(config))
        {
            let _ = writeln!(out, "\nSitemap: {base}{SITEMAP_FILE}");
        }
    }
    out
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(text: &str) -> Config {
        Config::parse(Path::new("/site"), text).unwrap()
    }

    #[test]
    fn feeds_follow_base_url_unless_switched_off() {
        let table = [
            ("title = \"t\"", false, 0),
            ("title = \"t\"\nfeeds = true", false, 1),
            ("title = \"t\"\nfeeds = false", false, 0),
            ("title = \"t\"\nbase_url = \"https://i.example/\"", true, 0),
            (
                "title = \"t\"\nbase_url = \"https://i.example/\"\nfeeds = false",
                false,
                0,
            ),
        ];
        for (text, enabled, warnings_count) in table {
            let c = config(text);
            assert_eq!(feeds_enabled(&c), enabled, "{text}");
            assert_eq!(warnings(&c).len(), warnings_count, "{text}");
        }
    }

    #[test]
    fn robots_say_noindex_for_intranets() {
        let open = robots(&config(
            "title = \"t\"\nbase_url = \"https://i.example/pex/\"",
        ));
        assert!(open.contains("Allow: /\n"), "{open}");
        assert!(
            open.contains("Sitemap: https://i.example/pex/sitemap.xml"),
            "{open}"
        );
        let closed = robots(&config(
            "title = \"t\"\nbase_url = \"https://i.example/\"\nrobots_noindex = true",
        ));
        assert!(closed.contains("Disallow: /\n"), "{closed}");
        assert!(!closed.contains("Sitemap"), "{closed}");
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a < b & \"c\" 'd'\u{7}"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos;"
        );
    }
}

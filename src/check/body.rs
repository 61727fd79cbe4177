//! Checks of a page's Markdown text that rendering does not make: images
//! without alternative text, links that spell out the site's own address,
//! nesting no reader can follow.
//!
//! It reads the Markdown again rather than asking the renderer, so the
//! renderer stays a pure function that knows nothing of checks.

use super::messages::Msg;
use crate::error::{line_col, Diagnostic, Location, Severity};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// Past this depth, nested lists and quotes are a mistake, not a layout.
pub const MAX_NESTING: usize = 12;

/// What the body checks need besides the text.
pub struct BodyCx<'a> {
    pub source: &'a std::path::Path,
    pub body: &'a str,
    pub body_line: usize,
    /// Folder of the page under `content/`, for suggested relative links.
    pub source_dir: &'a str,
    /// `base_url` from `site.toml`, ending with `/`.
    pub base_url: Option<&'a str>,
    /// URL path (`ateliers/excision/`) → source under `content/`.
    pub sources_by_path: &'a HashMap<String, String>,
}

impl BodyCx<'_> {
    fn at(&self, offset: usize) -> Location {
        let (line, col) = line_col(self.body, offset);
        Location::at(self.source, line + self.body_line - 1, col)
    }
}

/// Runs every body check on one page.
pub fn check(cx: &BodyCx<'_>) -> Vec<Diagnostic> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    // (offset, destination, alt text so far) of the image being read.
    let mut image: Option<(usize, String, String)> = None;
    let mut depth = 0usize;
    let mut deepest = (0usize, 0usize);
    for (event, range) in Parser::new_ext(cx.body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.extend(self_link(cx, &dest_url, range.start));
                image = Some((range.start, dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, dest, alt)) = image.take() {
                    if alt.trim().is_empty() {
                        let msg = Msg::ImageWithoutAlt { dest: &dest };
                        out.push(msg.at(Severity::Error, cx.at(offset)));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.extend(self_link(cx, &dest_url, range.start));
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > deepest.0 {
                    deepest = (depth, range.start);
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest.0 > MAX_NESTING {
        let msg = Msg::DeepNesting { depth: deepest.0 };
        out.push(msg.at(Severity::Warning, cx.at(deepest.1)));
    }
    out
}

/// A link written as `https://intranet/pex/ateliers/…` when `base_url` is
/// `https://intranet/pex/`: it leaves the copy of the site being read.
fn self_link(cx: &BodyCx<'_>, dest: &str, offset: usize) -> Option<Diagnostic> {
    let base = cx.base_url?;
    let rest = strip_base(dest.trim(), base)?;
    let path = rest.split(['#', '?']).next().unwrap_or("");
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let folder = if path.is_empty() || path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let suggestion = cx
        .sources_by_path
        .get(&folder)
        .map(|target| relative_path(cx.source_dir, target));
    let msg = Msg::SelfAbsoluteLink {
        url: dest,
        suggestion,
    };
    Some(msg.at(Severity::Warning, cx.at(offset)))
}

/// `dest` without the site's address, `http` and `https` alike.
fn strip_base<'a>(dest: &'a str, base: &str) -> Option<&'a str> {
    let scheme_less = |s: &'a str| {
        s.strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
    };
    let base = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))?;
    let dest = scheme_less(dest)?;
    dest.strip_prefix(base)
        .or_else(|| (dest == base.trim_end_matches('/')).then_some(""))
}

/// The link from a file in `from_dir` to `to` (both under `content/`).
pub fn relative_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use std::path::Path;

    fn run(body: &str, base: Option<&str>) -> Vec<Diagnostic> {
        let mut by_path = HashMap::new();
        by_path.insert(
            "ressources/violentometre/".to_string(),
            "ressources/violentometre.md".to_string(),
        );
        check(&BodyCx {
            source: Path::new("content/ateliers/a.md"),
            body,
            body_line: 5,
            source_dir: "ateliers",
            base_url: base,
            sources_by_path: &by_path,
        })
    }

    #[test]
    fn images_need_alt_text() {
        let d = run("Texte.\n\n![](schema.png) et ![Un schéma](b.png)\n", None);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.to_string(), "content/ateliers/a.md:7:1");
        assert!(d[0].message.get(Lang::Fr).contains("schema.png"));
        assert!(d[0].message.get(Lang::En).contains("schema.png"));
    }

    #[test]
    fn links_to_the_site_itself_get_a_relative_suggestion() {
        let d = run(
            "Voir [le violentomètre](https://intranet.example/pex/ressources/violentometre/).\n",
            Some("https://intranet.example/pex/"),
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].help
                .as_ref()
                .unwrap()
                .get(Lang::Fr)
                .contains("(../ressources/violentometre.md)"),
            "{:?}",
            d[0].help
        );
        assert!(run(
            "[x](https://ailleurs.fr/pex/)",
            Some("https://intranet.example/pex/")
        )
        .is_empty());
    }

    #[test]
    fn deep_nesting_is_reported_once() {
        let body = format!("{}x\n", "- ".repeat(40));
        let d = run(&body, None);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.get(Lang::Fr).contains("40"));
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path("ateliers", "ressources/v.md"),
            "../ressources/v.md"
        );
        assert_eq!(relative_path("ateliers/x", "ateliers/y.md"), "../y.md");
        assert_eq!(relative_path("", "guide/a.md"), "guide/a.md");
    }
}

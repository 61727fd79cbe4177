//! Checks of a page's Markdown text that rendering does not make: images
//! without alternative text, links that spell out the site's own address,
//! nesting no reader can follow.
//!
//! They read the facts the renderer noted on its one walk through the text
//! (`markdown::BodyFacts`) rather than parsing it again: the renderer only
//! says what is there, and what is wrong with it is decided here.

use super::messages::Msg;
use crate::error::{line_col, Diagnostic, Location, Severity};
use crate::markdown::{BodyFacts, Fact};
use std::collections::HashMap;

/// Past this depth, nested lists and quotes are a mistake, not a layout.
pub const MAX_NESTING: usize = 12;

/// What the body checks need besides the text.
pub struct BodyCx<'a> {
    pub source: &'a std::path::Path,
    /// The Markdown text, to turn offsets into lines and columns.
    pub body: &'a str,
    pub body_line: usize,
    /// What rendering `body` noted about it.
    pub facts: &'a BodyFacts,
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
    let mut out = Vec::new();
    for fact in &cx.facts.items {
        match fact {
            Fact::Link { offset, dest } | Fact::Image { offset, dest } => {
                out.extend(self_link(cx, dest, *offset));
            }
            Fact::BlankAlt { offset, dest } => {
                let msg = Msg::ImageWithoutAlt { dest };
                out.push(msg.at(Severity::Error, cx.at(*offset)));
            }
        }
    }
    if cx.facts.deepest > MAX_NESTING {
        let msg = Msg::DeepNesting {
            depth: cx.facts.deepest,
        };
        out.push(msg.at(Severity::Warning, cx.at(cx.facts.deepest_at)));
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
mod equivalence;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::markdown::{render, KeepLinks};
    use std::path::Path;

    fn run(body: &str, base: Option<&str>) -> Vec<Diagnostic> {
        let mut by_path = HashMap::new();
        by_path.insert(
            "ressources/violentometre/".to_string(),
            "ressources/violentometre.md".to_string(),
        );
        let facts = render(body, &KeepLinks).facts;
        check(&BodyCx {
            source: Path::new("content/ateliers/a.md"),
            body,
            body_line: 5,
            facts: &facts,
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

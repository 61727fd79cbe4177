//! The body checks, fed by the renderer's facts, find exactly what they
//! found when they parsed the Markdown again themselves (issue #7): same
//! diagnostics, same order, same locations. `reparse` is that former code,
//! kept here as the reference.

use super::{check, self_link, BodyCx, MAX_NESTING};
use crate::check::messages::Msg;
use crate::error::{Diagnostic, Severity};
use crate::markdown::{render, BodyFacts, KeepLinks};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::Path;

/// The body checks as they were: a second parse of the text.
fn reparse(cx: &BodyCx<'_>) -> Vec<Diagnostic> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
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

/// (from the facts, from a second parse) of `body`.
fn both(body: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut by_path = HashMap::new();
    by_path.insert(String::new(), "_index.md".to_string());
    by_path.insert(
        "ressources/violentometre/".to_string(),
        "ressources/violentometre.md".to_string(),
    );
    let facts: BodyFacts = render(body, &KeepLinks).facts;
    let cx = BodyCx {
        source: Path::new("content/ateliers/a.md"),
        body,
        body_line: 12,
        facts: &facts,
        source_dir: "ateliers",
        base_url: Some("https://intranet.exemple/pex/"),
        sources_by_path: &by_path,
    };
    (check(&cx), reparse(&cx))
}

/// Pieces of Markdown around what the body checks look at.
const PIECES: &[&str] = &[
    "![](a.png)",
    "![ ](a.png)",
    "![` `](a.png)",
    "![<b></b>](a.png)",
    "![<!-- x -->](a.png)",
    "![Un schéma](a.png)",
    "![",
    "](https://intranet.exemple/pex/logo.png)",
    "](b.png)",
    "[lien](https://intranet.exemple/pex/ressources/violentometre/)",
    "[lien](http://intranet.exemple/pex)",
    "[lien](../ressources/violentometre.md)",
    "[",
    "](https://intranet.exemple/pex/#haut)",
    "<https://intranet.exemple/pex/>",
    "<contact@exemple.fr>",
    "[ref]",
    "\n\n[ref]: https://intranet.exemple/pex/index.html\n",
    "## Titre ",
    "# ",
    " {#ancre}\n",
    "<!-- more -->\n",
    "[^1]\n\n[^1]: note ",
    "| a | b |\n|---|---|\n| ",
    "```\n",
    "`",
    "- ",
    "  ",
    "> ",
    "1. ",
    "\n",
    "\n\n",
    "texte ",
    "é",
    "\t",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn facts_give_what_a_second_parse_gave(body in markdown()) {
        let (facts, reparsed) = both(&body);
        prop_assert_eq!(facts, reparsed);
    }
}

#[test]
fn the_cases_of_the_snapshot_and_deep_nesting() {
    let bodies = [
        "![](schema.png)\n\nVoir [v](https://intranet.exemple/pex/ressources/violentometre/), ou\n<https://intranet.exemple/pex/ressources/violentometre/>.\n",
        "## Un titre avec ![ ](schema.png \"vide\")\n",
        "Une image ![<b></b>](schema.png) et ![[accueil](https://intranet.exemple/pex/)](schema.png).\n",
        "![![](https://intranet.exemple/pex/a.png)](b.png) ![x ![](c.png) ](d.png)",
        &format!("{}x\n", "- ".repeat(13)),
        &format!("{}x\n", "> - ".repeat(40)),
        &(0..13).map(|i| format!("{}- n\n", "  ".repeat(i))).collect::<String>(),
    ];
    for body in bodies {
        let (facts, reparsed) = both(body);
        assert!(!facts.is_empty(), "{body}");
        assert_eq!(facts, reparsed, "{body}");
    }
}

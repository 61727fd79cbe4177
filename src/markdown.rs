//! Markdown → HTML, as a pure function: `render(text, resolver)`. It knows
//! nothing of templates or of the site; links go through a `LinkResolver`
//! the caller provides, so the same function serves build, check and tests.
//! On its way it notes plain facts about the text as written (`facts`),
//! for the checks that would otherwise parse it again.

mod facts;

pub use facts::{BodyFacts, Fact};

use crate::fasthash::FastHash;
use crate::slug::slugify;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// The sets of one page (anchors, heading ids): FxHash, as SipHash made
/// them half a percent of a build.
type Set<T> = HashSet<T, FastHash>;

/// Rewrites link and image destinations. `offset` is the byte offset of the
/// link in the Markdown text, for error locations.
pub trait LinkResolver {
    fn resolve(&self, dest: &str, offset: usize) -> String;
}

/// Leaves every link as written.
pub struct KeepLinks;

impl LinkResolver for KeepLinks {
    fn resolve(&self, dest: &str, _offset: usize) -> String {
        dest.to_string()
    }
}

/// A heading, for the table of contents and the search index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// What rendering one document produces.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// HTML before a `<!-- more -->` line, when the author put one.
    pub summary: Option<String>,
    pub headings: Vec<Heading>,
    /// Plain text of the whole body, blocks separated by newlines. Shared
    /// (not copied) with the search index, which reads every page's text.
    pub text: std::sync::Arc<str>,
    /// Every `id` in the document (headings and footnotes), for `#anchor` checks.
    pub anchors: Set<String>,
    /// Links, images and nesting as written, for the body checks
    /// (`check::body`); freed with the sources once checks have run.
    pub facts: BodyFacts,
}

const MORE_MARKER: &str = "<!-- more -->";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Bytes of Markdown per parser event, at least, on most pages: the
/// events' first room. The benchmark corpus has one event per 56 bytes on
/// average (17 on its densest page), the example site one per 22 (11); a
/// denser page grows the room once.
const EVENT_BYTES: usize = 16;

/// Renders `markdown`. Raw HTML written in the Markdown is shown as text,
/// not interpreted: many hands write the content, and a stray `<script>` or
/// unclosed `<div>` must not break or endanger every reader's page.
pub fn render(markdown: &str, resolver: &dyn LinkResolver) -> Rendered {
    // room for the events and the text at once: grown from nothing, they
    // were copied a dozen times per page (0.5% of a build)
    let mut events: Vec<(Event, usize)> = Vec::with_capacity(markdown.len() / EVENT_BYTES);
    events.extend(
        Parser::new_ext(markdown, options())
            .into_offset_iter()
            .map(|(e, range)| (e, range.start)),
    );
    let mut rendered = Rendered::default();
    let generated = assign_heading_ids(&mut events, &mut rendered);
    let mut summary_at = None;
    let mut text = String::with_capacity(markdown.len());
    let mut facts = facts::FactWalk::default();
    let mut out_events = Vec::with_capacity(events.len());
    for (index, (event, offset)) in events.into_iter().enumerate() {
        facts.see(&event, offset);
        let event = match event {
            // Our own heading markup, not the author's raw HTML.
            Event::Html(h) if generated.contains(&index) => Event::Html(h),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match link_type {
                    LinkType::Autolink | LinkType::Email => dest_url,
                    _ => CowStr::from(resolver.resolve(&dest_url, offset)),
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(resolver.resolve(&dest_url, offset)),
                title,
                id,
            }),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if raw.trim() == MORE_MARKER && summary_at.is_none() {
                    summary_at = Some(out_events.len());
                    continue;
                }
                if raw.trim_start().starts_with("<!--") {
                    continue;
                }
                Event::Text(raw)
            }
            Event::FootnoteReference(name) => {
                rendered.anchors.insert(format!("fnref-{name}"));
                Event::FootnoteReference(name)
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                rendered.anchors.insert(name.to_string());
                Event::Start(Tag::FootnoteDefinition(name))
            }
            e => e,
        };
        collect_text(&event, &mut text);
        out_events.push(event);
    }
    if let Some(at) = summary_at {
        let mut summary = String::new();
        html::push_html(&mut summary, out_events[..at].iter().cloned());
        rendered.summary = Some(summary);
    }
    rendered.html = write_html(out_events);
    rendered.text = text.into();
    rendered.facts = facts.finish();
    rendered
}

thread_local! {
    /// Where each thread writes a page's HTML before copying it out.
    static HTML_BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The HTML of `events`, in a string of exactly its length. Every page's
/// HTML is kept until its page is written; written straight into a growing
/// string, its capacity was 29% more than its length (10,000 pages: 88 MB
/// held 68 MB of HTML). The buffer is reused page after page, so the copy
/// is the only cost.
fn write_html(events: Vec<Event>) -> String {
    HTML_BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        html::push_html(buffer, events.into_iter());
        buffer.as_str().to_owned()
    })
}

/// Gives every heading a stable id (from its text, or `{#custom}`), unique
/// in the document, and replaces its events with HTML carrying the anchor.
/// Returns the indices of the events it replaced.
fn assign_heading_ids(events: &mut [(Event, usize)], rendered: &mut Rendered) -> Set<usize> {
    let mut generated = Set::default();
    let mut used: Set<String> = Set::default();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = &events[i].0
        else {
            i += 1;
            continue;
        };
        let (level, custom_id, classes) = (*level, id.clone(), classes.clone());
        let end = (i + 1..events.len())
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::Heading(_))))
            .unwrap_or(events.len() - 1);
        let mut title = String::new();
        for (e, _) in &events[i + 1..end] {
            if let Event::Text(t) | Event::Code(t) = e {
                title.push_str(t);
            }
        }
        let title = title.trim().to_string();
        let base = custom_id
            .map(|c| c.to_string())
            .unwrap_or_else(|| match slugify(&title) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            });
        let id = unique_id(&base, &mut used);
        let n = heading_number(level);
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            format!(
                " class=\"{}\"",
                escape_html(
                    &classes
                        .iter()
                        .map(|c| c.as_ref())
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            )
        };
        // built with push_str: `format!` cost 870 instructions a call, two
        // calls a heading
        let escaped = escape_html(&id);
        let digit = char::from(b'0' + n);
        let mut open = String::with_capacity(10 + escaped.len() + class_attr.len());
        open.push_str("<h");
        open.push(digit);
        open.push_str(" id=\"");
        open.push_str(&escaped);
        open.push('"');
        open.push_str(&class_attr);
        open.push('>');
        let mut close = String::with_capacity(90 + escaped.len());
        close.push_str("<a class=\"heading-anchor\" href=\"#");
        close.push_str(&escaped);
        close.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h");
        close.push(digit);
        close.push_str(">\n");
        events[i].0 = Event::Html(open.into());
        events[end].0 = Event::Html(close.into());
        generated.insert(i);
        generated.insert(end);
        rendered.anchors.insert(id.clone());
        rendered.headings.push(Heading {
            level: n,
            id,
            title,
        });
        i = end + 1;
    }
    generated
}

fn unique_id(base: &str, used: &mut Set<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn collect_text(event: &Event, text: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) => text.push_str(t),
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        Event::End(
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_),
        ) => text.push('\n'),
        // Our heading markup: a block boundary on both sides.
        Event::Html(h)
            if (h.starts_with("<h") || h.starts_with("<a class=\"heading-anchor\""))
                && !text.is_empty()
                && !text.ends_with('\n') =>
        {
            text.push('\n');
        }
        _ => {}
    }
}

/// Escapes text for HTML text and quoted attributes: the one escaper of
/// the crate (templates, the dev server's overlay and headings use it).
/// Unlike Tera's default it leaves `/` alone, so links stay readable. It
/// is pulldown-cmark's own escaper (the same five characters, the same
/// entities), which looks for them 16 bytes at a time where the processor
/// allows (SSSE3).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    pulldown_cmark_escape::escape_html(&mut out, text).expect("a String takes any text");
    out
}

/// [`escape_html`] written to `out`: how templates escape a `{{ value }}`,
/// straight into the page rather than through a new `String` per value.
pub fn escape_html_into(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Most values a template writes are short and need no escaping (`root`,
    // `index_suffix`, paths, dates): a byte loop finds that and writes them
    // at once. pulldown-cmark's escaper spent about 170 instructions a call
    // (processor feature test, writer adapter) whatever the length.
    if text.len() <= SHORT && !text.bytes().any(is_escaped) {
        return out.write_all(text.as_bytes());
    }
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), text)
}

/// Longest text [`escape_html_into`] checks byte by byte; a longer one goes
/// to pulldown-cmark's escaper, which checks 16 bytes at a time.
const SHORT: usize = 16;

/// The five characters HTML escaping replaces.
fn is_escaped(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn escaping_replaces_exactly_the_five_characters(text in "[a-zé&<>\"'/ \u{a0}€]{0,40}") {
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape_html(&text), expected.clone());
            let mut written = Vec::new();
            escape_html_into(&text, &mut written).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
    }

    fn r(md: &str) -> Rendered {
        render(md, &KeepLinks)
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let out = r(
            "## Comment l'utiliser ?\n\n## Comment l'utiliser ?\n\n### Repères {#reperes-cles}\n",
        );
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["comment-lutiliser", "comment-lutiliser-1", "reperes-cles"]
        );
        assert!(out.html.contains("<h2 id=\"comment-lutiliser\">Comment l&#39;utiliser ?<a class=\"heading-anchor\" href=\"#comment-lutiliser\"")
            || out.html.contains("<h2 id=\"comment-lutiliser\">Comment l'utiliser ?<a class=\"heading-anchor\" href=\"#comment-lutiliser\""), "{}", out.html);
        assert_eq!(out.headings[2].title, "Repères");
    }

    #[test]
    fn a_heading_is_written_whole() {
        let out = r("### Le <b>bilan</b> & la suite {#bilan .encadre .note}\n");
        assert_eq!(
            out.html,
            "<h3 id=\"bilan\" class=\"encadre note\">Le &lt;b&gt;bilan&lt;/b&gt; &amp; la suite\
             <a class=\"heading-anchor\" href=\"#bilan\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h3>\n"
        );
    }

    #[test]
    fn extensions_are_on() {
        let out =
            r("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~barré~~ [^1]\n\n[^1]: note\n\n- [x] fait\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("<del>barré</del>"));
        assert!(out.html.contains("footnote-definition"));
        assert!(out.html.contains("type=\"checkbox\""));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = r("<script>alert(1)</script>\n\nSalut <b>toi</b>\n");
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(out.html.contains("&lt;script&gt;"));
        assert!(out.html.contains("&lt;b&gt;toi"));
    }

    #[test]
    fn summary_before_more_marker() {
        let out = r("Premier paragraphe.\n\n<!-- more -->\n\nSuite.\n");
        assert_eq!(out.summary.as_deref(), Some("<p>Premier paragraphe.</p>\n"));
        assert!(out.html.contains("Suite."));
        assert!(!out.html.contains("more"));
    }

    #[test]
    fn links_go_through_the_resolver() {
        struct Upper;
        impl LinkResolver for Upper {
            fn resolve(&self, dest: &str, offset: usize) -> String {
                format!("{}@{offset}", dest.to_uppercase())
            }
        }
        let out = render(
            "Voir [ici](a.md) et ![img](b.png) et <https://x.org>.",
            &Upper,
        );
        assert!(out.html.contains("href=\"A.MD@5\""), "{}", out.html);
        assert!(out.html.contains("src=\"B.PNG@20\""), "{}", out.html);
        assert!(out.html.contains("href=\"https://x.org\""));
    }

    #[test]
    fn plain_text_separates_blocks() {
        let out = r("# Titre\n\nUn *mot*.\n\n- a\n- b\n");
        assert_eq!(&*out.text, "Titre\nUn mot.\na\nb\n");
    }
}

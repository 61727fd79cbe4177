//! Plain facts about a Markdown text as written — where its links and
//! images are and where they point, which images have no alternative text,
//! how deep its lists and quotes go — gathered on the walk the renderer
//! makes anyway, so the checks of the text (`check::body`) need not parse
//! it a second time (issue #7: that second parse was 3.3% of a build).
//!
//! Facts, not judgements: nothing here knows what a check finds wrong.

use pulldown_cmark::{Event, Tag, TagEnd};

/// What a Markdown text contains, in document order. Small on purpose:
/// offsets and destinations, never a copy of the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyFacts {
    /// Links, images and images without alternative text, in the order
    /// the parser meets them.
    pub items: Vec<Fact>,
    /// Deepest nesting of lists and block quotes (0 when there are none).
    pub deepest: usize,
    /// Byte offset of the list or quote that first reached `deepest`.
    pub deepest_at: usize,
}

/// One fact. Offsets are bytes into the Markdown text; destinations are as
/// the author wrote them, before any `LinkResolver` rewrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The start of a link (autolinks and e-mail addresses included).
    Link { offset: usize, dest: Box<str> },
    /// The start of an image.
    Image { offset: usize, dest: Box<str> },
    /// The end of an image whose alternative text is empty or white space
    /// only; `offset` and `dest` are those of its `Image`.
    BlankAlt { offset: usize, dest: Box<str> },
}

/// Gathers `BodyFacts` from the parser's events, seen one at a time.
#[derive(Default)]
pub(super) struct FactWalk {
    facts: BodyFacts,
    /// The image being read: its index in `facts.items`, and whether its
    /// alternative text has shown anything but white space. An image
    /// inside another's alternative text replaces it, as a reader of the
    /// events one by one would.
    image: Option<(usize, bool)>,
    depth: usize,
}

impl FactWalk {
    /// Takes note of `event`, which starts at byte `offset`. Give it the
    /// parser's events as they come, before the renderer changes them.
    pub(super) fn see(&mut self, event: &Event, offset: usize) {
        let items = &mut self.facts.items;
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some((items.len(), false));
                let dest = dest_url.as_ref().into();
                items.push(Fact::Image { offset, dest });
            }
            Event::End(TagEnd::Image) => {
                if let Some((index, false)) = self.image.take() {
                    if let Fact::Image { offset, dest } = &items[index] {
                        let (offset, dest) = (*offset, dest.clone());
                        items.push(Fact::BlankAlt { offset, dest });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, shown)) = &mut self.image {
                    *shown |= !t.trim().is_empty();
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let dest = dest_url.as_ref().into();
                items.push(Fact::Link { offset, dest });
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                self.depth += 1;
                if self.depth > self.facts.deepest {
                    self.facts.deepest = self.depth;
                    self.facts.deepest_at = offset;
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    pub(super) fn finish(self) -> BodyFacts {
        self.facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, KeepLinks};

    fn facts(md: &str) -> BodyFacts {
        render(md, &KeepLinks).facts
    }

    fn link(offset: usize, dest: &str) -> Fact {
        Fact::Link {
            offset,
            dest: dest.into(),
        }
    }

    fn image(offset: usize, dest: &str) -> Fact {
        Fact::Image {
            offset,
            dest: dest.into(),
        }
    }

    fn blank(offset: usize, dest: &str) -> Fact {
        Fact::BlankAlt {
            offset,
            dest: dest.into(),
        }
    }

    #[test]
    fn links_and_images_in_document_order() {
        let f = facts("[a](x.md) ![](i.png) ![ ` ` ](j.png) ![ok](k.png) <https://s.fr>");
        assert_eq!(
            f.items,
            [
                link(0, "x.md"),
                image(10, "i.png"),
                blank(10, "i.png"),
                image(21, "j.png"),
                blank(21, "j.png"),
                image(37, "k.png"),
                link(50, "https://s.fr"),
            ]
        );
    }

    #[test]
    fn destinations_are_the_ones_written_not_the_resolved_ones() {
        struct Elsewhere;
        impl crate::markdown::LinkResolver for Elsewhere {
            fn resolve(&self, _dest: &str, _offset: usize) -> String {
                "/ailleurs/".to_string()
            }
        }
        let f = render("[a](../b.md) ![c](d.png)", &Elsewhere).facts;
        assert_eq!(f.items, [link(0, "../b.md"), image(13, "d.png")]);
    }

    #[test]
    fn raw_html_and_comments_are_not_alternative_text() {
        // The renderer shows raw HTML as text; the facts are about what the
        // author wrote, where `<b>` is markup, not a description.
        let f = facts("![<b></b>](i.png)\n\n<!-- more -->\n");
        assert_eq!(f.items, [image(0, "i.png"), blank(0, "i.png")]);
    }

    #[test]
    fn deepest_nesting_and_where_it_starts() {
        let f = facts("- a\n  - b\n\n> > c\n> > > d\n");
        assert_eq!((f.deepest, f.deepest_at), (3, 21));
        assert_eq!(facts("Texte.\n").deepest, 0);
    }
}

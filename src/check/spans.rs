//! Where a key or value of a page's front matter is written, so a check can
//! point at its line and column rather than at the whole file.
//!
//! The front matter is parsed a second time with `toml`'s spanned document
//! parser, when a check first asks where something is; it already parsed
//! once, so this cannot fail on a page that got this far (and if it did,
//! checks fall back to the top of the file).

use crate::error::line_col;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The front matter of one page, with the position of everything in it.
pub struct FrontSpans<'a> {
    text: &'a str,
    /// Line of the file where `text` starts.
    first_line: usize,
    /// Parsed on first use: most pages have nothing to point at, and the
    /// second parse of every front matter was 1.5% of a build.
    table: std::cell::OnceCell<Option<Spanned<DeTable<'a>>>>,
}

/// A 1-based (line, column) in the whole file.
pub type Pos = (usize, usize);

impl<'a> FrontSpans<'a> {
    pub fn parse(text: &'a str, first_line: usize) -> Self {
        FrontSpans {
            text,
            first_line,
            table: std::cell::OnceCell::new(),
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let (line, col) = line_col(self.text, offset);
        (line + self.first_line - 1, col)
    }

    /// The line after the last line of the front matter: the closing `+++`.
    pub fn end(&self) -> Pos {
        (self.first_line + self.text.matches('\n').count(), 1)
    }

    fn entry(
        &self,
        keys: &[&str],
    ) -> Option<(&Spanned<toml::de::DeString<'a>>, &Spanned<DeValue<'a>>)> {
        let table = self.table.get_or_init(|| DeTable::parse(self.text).ok());
        let mut table = table.as_ref()?.get_ref();
        let (last, parents) = keys.split_last()?;
        for key in parents {
            match table.get(*key)?.get_ref() {
                DeValue::Table(t) => table = t,
                _ => return None,
            }
        }
        table.get_key_value(*last)
    }

    /// Where the key `keys` (`["extra", "duree"]`) is written.
    pub fn key(&self, keys: &[&str]) -> Option<Pos> {
        self.entry(keys).map(|(k, _)| self.pos(k.span().start))
    }

    /// Where the value of `keys` starts.
    pub fn value(&self, keys: &[&str]) -> Option<Pos> {
        self.entry(keys).map(|(_, v)| self.pos(v.span().start))
    }

    /// Where item `index` of the list at `keys` starts.
    pub fn item(&self, keys: &[&str], index: usize) -> Option<Pos> {
        match self.entry(keys)?.1.get_ref() {
            DeValue::Array(items) => items.get(index).map(|v| self.pos(v.span().start)),
            _ => None,
        }
    }

    /// Where the item of the list at `keys` equal to `text` starts.
    pub fn item_text(&self, keys: &[&str], text: &str) -> Option<Pos> {
        match self.entry(keys)?.1.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .find(|v| matches!(v.get_ref(), DeValue::String(s) if s.trim() == text.trim()))
                .map(|v| self.pos(v.span().start)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str = "title = \"x\"\ndate = 2023-03-21\n[taxonomies]\nthemes = [\"A\", \"Cyber-violences\"]\n[extra]\nduree = \"3 h\"\n";

    #[test]
    fn positions_count_from_the_top_of_the_file() {
        // The front matter starts on line 2, after the opening +++.
        let spans = FrontSpans::parse(FRONT, 2);
        assert_eq!(spans.key(&["date"]), Some((3, 1)));
        assert_eq!(spans.value(&["date"]), Some((3, 8)));
        assert_eq!(spans.key(&["extra", "duree"]), Some((7, 1)));
        assert_eq!(spans.item(&["taxonomies", "themes"], 1), Some((5, 16)));
        assert_eq!(
            spans.item_text(&["taxonomies", "themes"], "Cyber-violences"),
            Some((5, 16))
        );
        assert_eq!(spans.key(&["extra", "lieu"]), None);
        assert_eq!(spans.key(&["extra"]), Some((6, 2)));
        assert_eq!(spans.end(), (8, 1));
    }
}

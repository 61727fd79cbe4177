//! Distinct words numbered in order of first appearance: the index hashes
//! every word occurrence of the site, so this is a small open-addressing
//! table over one text arena. A word of up to eight bytes (most words) is
//! kept whole in its slot, as one number, so finding it reads the slot and
//! nothing else; a longer word's slot holds a hash tag, so a lookup compares
//! bytes only with the word it is likely to be. At 10,000 pages the table
//! outgrows the first-level cache: reading the word's bytes from the arena
//! after the slot was a second wait on memory, for every word of the site.

use crate::swar;

/// The words seen so far; a word's number is its rank of first appearance.
#[derive(Default)]
pub struct Interner {
    /// Every word, one after the other.
    text: String,
    /// Byte range of each word in `text`.
    spans: Vec<(u32, u32)>,
    /// Power-of-two table, at most half full.
    slots: Vec<Slot>,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    /// The word packed by [`swar::pack`] if it has at most eight bytes,
    /// else 0 (no word packs to 0).
    short: u64,
    /// The hash's low bits, for a longer word.
    tag: u32,
    /// Word number + 1; 0 for an empty slot.
    index: u32,
}

impl Interner {
    /// The number of `word`, given it now if it is new.
    #[inline]
    pub fn number(&mut self, word: &str) -> u32 {
        if self.spans.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let bytes = word.as_bytes();
        let short = swar::pack(bytes);
        let hash = match short {
            0 => hash(bytes),
            key => hash_short(key),
        };
        let tag = hash as u32;
        let mask = self.slots.len() - 1;
        let mut i = (hash >> 40) as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.index == 0 {
                let n = self.spans.len() as u32;
                let start = self.text.len() as u32;
                self.text.push_str(word);
                self.spans.push((start, self.text.len() as u32));
                self.slots[i] = Slot {
                    short,
                    tag,
                    index: n + 1,
                };
                return n;
            }
            let found = match short {
                0 => slot.short == 0 && slot.tag == tag && self.get(slot.index - 1) == word,
                key => slot.short == key,
            };
            if found {
                return slot.index - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /// Word number `n`.
    pub fn get(&self, n: u32) -> &str {
        let (start, end) = self.spans[n as usize];
        &self.text[start as usize..end as usize]
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The words in number order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|n| self.get(n))
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let mut slots = vec![Slot::default(); size];
        for old in self.slots.iter().filter(|slot| slot.index != 0) {
            let hash = match old.short {
                0 => hash(self.get(old.index - 1).as_bytes()),
                key => hash_short(key),
            };
            let mut i = (hash >> 40) as usize & (size - 1);
            while slots[i].index != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = Slot {
                tag: hash as u32,
                ..*old
            };
        }
        self.slots = slots;
    }
}

/// The hash of a word kept whole: one multiplication, high bits mixed down.
#[inline]
fn hash_short(key: u64) -> u64 {
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

/// FxHash over 8-byte words, then the last 0 to 7 bytes as one number
/// ([`swar::pack`]), with the length mixed in last (words of more than eight
/// bytes: the others are kept whole). Only where a word sits in the table
/// depends on it, never its number.
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    h = (h.rotate_left(5) ^ swar::pack(chunks.remainder())).wrapping_mul(K);
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_numbered_in_order_of_first_appearance() {
        let mut words = Interner::default();
        let text = "le chat et le chien et le chat";
        let numbers: Vec<u32> = text.split(' ').map(|w| words.number(w)).collect();
        assert_eq!(numbers, [0, 1, 2, 0, 3, 2, 0, 1]);
        assert_eq!(
            words.iter().collect::<Vec<_>>(),
            ["le", "chat", "et", "chien"]
        );
    }

    #[test]
    fn words_kept_whole_and_longer_ones_stay_apart() {
        // the same first bytes, from one byte to well past eight
        let all: Vec<String> = (1..=20)
            .map(|n| "sagefemmes-et".chars().cycle().take(n).collect())
            .collect();
        let mut words = Interner::default();
        for _ in 0..2 {
            for (i, w) in all.iter().enumerate() {
                assert_eq!(words.number(w), i as u32, "{w}");
            }
        }
        assert_eq!(words.iter().collect::<Vec<_>>(), all);
    }

    #[test]
    fn numbers_survive_growing() {
        let mut words = Interner::default();
        // short words and long ones (`mot-numéro-1234`), mixed
        let all: Vec<String> = (0..5000)
            .map(|i| {
                if i % 3 == 0 {
                    format!("mot-numéro-{i}")
                } else {
                    format!("mot{i}")
                }
            })
            .collect();
        for (i, w) in all.iter().enumerate() {
            assert_eq!(words.number(w), i as u32);
        }
        for (i, w) in all.iter().enumerate().rev() {
            assert_eq!(words.number(w), i as u32);
            assert_eq!(words.get(i as u32), w);
        }
    }
}

//! Distinct words numbered in order of first appearance: the index hashes
//! every word occurrence of the site, so this is a small open-addressing
//! table over one text arena, with a hash tag per slot so a lookup compares
//! bytes only with the word it is likely to be.

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
        let hash = hash(word.as_bytes());
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
                self.slots[i] = Slot { tag, index: n + 1 };
                return n;
            }
            if slot.tag == tag && same(self.get(slot.index - 1).as_bytes(), word.as_bytes()) {
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
        for n in 0..self.spans.len() as u32 {
            let hash = hash(self.get(n).as_bytes());
            let mut i = (hash >> 40) as usize & (size - 1);
            while slots[i].index != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = Slot {
                tag: hash as u32,
                index: n + 1,
            };
        }
        self.slots = slots;
    }
}

/// Byte equality without a call to `memcmp` for the short words that
/// most are.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    match (a.len() == b.len(), a.len() <= 8) {
        (false, _) => false,
        (true, true) => a.iter().zip(b).all(|(x, y)| x == y),
        (true, false) => a == b,
    }
}

/// FxHash over 8-byte words, then the tail, with the length mixed in last.
/// Only where a word sits in the table depends on it, never its number.
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    h = (h.rotate_left(5) ^ tail(chunks.remainder())).wrapping_mul(K);
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

/// The last 0 to 7 bytes of a word as one number, in two loads rather than
/// a loop: the loads overlap but cover every byte, so with the length mixed
/// in after, distinct words still hash from distinct numbers.
#[inline]
fn tail(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes(
            bytes[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    match n {
        0 => 0,
        1..=3 => u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16,
        _ => u32_at(0) | u32_at(n - 4) << 32,
    }
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
    fn numbers_survive_growing() {
        let mut words = Interner::default();
        let all: Vec<String> = (0..5000).map(|i| format!("mot{i}")).collect();
        for (i, w) in all.iter().enumerate() {
            assert_eq!(words.number(w), i as u32);
        }
        for (i, w) in all.iter().enumerate().rev() {
            assert_eq!(words.number(w), i as u32);
            assert_eq!(words.get(i as u32), w);
        }
    }
}

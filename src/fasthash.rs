//! A fast hash for the maps and sets of a build, whose keys come from the
//! site's own files: rustc's FxHash.

use std::hash::BuildHasherDefault;

/// FxHash (rustc's): for short string keys, several times faster than the
/// default SipHash. Nothing needs SipHash's resistance to chosen keys: the
/// keys are the words, anchors and terms of the site being built.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Build hasher for [`FxHasher`].
pub type FastHash = BuildHasherDefault<FxHasher>;

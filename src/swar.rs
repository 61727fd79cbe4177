//! Eight bytes at once in a `u64` (SIMD within a register): the per-byte
//! tests of the scanners that read every byte of a site's text (the
//! reading-time word count, the search's word analysis and NFC check).
//! Byte k of the text is byte k of the number (little-endian); a test gives
//! the high bit of each byte that passes, exactly, with no carry or borrow
//! crossing from one byte to the next.

/// 0x01 in every byte.
pub const LANES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte: ASCII bytes have it clear.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at`, if there are eight.
#[inline]
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(eight.try_into().ok()?))
}

/// The high bit of each zero byte of `x`.
#[inline]
pub fn zero_bytes(x: u64) -> u64 {
    // (b & 0x7F) + 0x7F sets the high bit of each byte but 0, with no carry
    // out of the byte; `| x` catches the bytes whose own high bit is set
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The high bit of each byte of `x` equal to `byte`.
#[inline]
pub fn bytes_equal(x: u64, byte: u8) -> u64 {
    zero_bytes(x ^ (LANES * u64::from(byte)))
}

/// For bytes of seven bits (each high bit clear, as ASCII): the high bit of
/// each byte in `lo..=hi` (both below 0x80).
#[inline]
pub fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // (b | 0x80) - lo keeps the high bit when b >= lo; (0x80 + hi) - b keeps
    // it when b <= hi; neither goes below zero, so no borrow crosses bytes
    let at_least = (x | HIGH).wrapping_sub(LANES * u64::from(lo));
    let at_most = (LANES * (0x80 + u64::from(hi))).wrapping_sub(x);
    at_least & at_most & HIGH
}

/// The high bit of each byte gathered into the low byte: bit k for byte k.
#[inline]
pub fn lane_bits(high_bits: u64) -> u64 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// One to eight bytes as a number, byte k in byte k and the rest zero, in
/// at most three loads rather than a loop; 0 for none or more than eight.
/// No word holds a zero byte, so two words of up to eight bytes pack alike
/// only if they are the same.
#[inline]
pub fn pack(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes(
            bytes[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    match n {
        // two loads that overlap on 0 to 4 bytes, each in its place
        4..=8 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        1..=3 => {
            u64::from(bytes[0])
                | u64::from(bytes[n / 2]) << (8 * (n / 2))
                | u64::from(bytes[n - 1]) << (8 * (n - 1))
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_puts_each_byte_in_place() {
        for word in [
            "a",
            "de",
            "été",
            "sage",
            "femmes",
            "excisée",
            "aujourd",
            "sexualité",
        ] {
            let mut expected = [0u8; 8];
            if word.len() <= 8 {
                expected[..word.len()].copy_from_slice(word.as_bytes());
            }
            assert_eq!(
                pack(word.as_bytes()),
                u64::from_le_bytes(expected),
                "{word}"
            );
        }
    }

    /// The high bit of each byte of `x` for which `test` holds.
    fn each(x: u64, test: impl Fn(u8) -> bool) -> u64 {
        x.to_le_bytes()
            .iter()
            .enumerate()
            .filter(|(_, &b)| test(b))
            .map(|(k, _)| 0x80 << (8 * k))
            .sum()
    }

    proptest::proptest! {
        #[test]
        fn tests_are_exact_per_byte(x: u64, byte: u8, lo in 0u8..0x80, hi in 0u8..0x80) {
            proptest::prop_assert_eq!(zero_bytes(x), each(x, |b| b == 0));
            proptest::prop_assert_eq!(bytes_equal(x, byte), each(x, |b| b == byte));
            let ascii = x & !HIGH;
            proptest::prop_assert_eq!(in_range(ascii, lo, hi), each(ascii, |b| (lo..=hi).contains(&b)));
            let gathered = (0..8).filter(|k| x >> (8 * k + 7) & 1 == 1).map(|k| 1u64 << k).sum::<u64>();
            proptest::prop_assert_eq!(lane_bits(x & HIGH), gathered);
        }
    }

    #[test]
    fn load_reads_little_endian_and_stops_short() {
        assert_eq!(
            load(b"abcdefghi", 1),
            Some(u64::from_le_bytes(*b"bcdefghi"))
        );
        assert_eq!(load(b"abcdefgh", 1), None);
        assert_eq!(load(b"", usize::MAX), None);
    }
}

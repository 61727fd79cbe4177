//! The compact text encodings shared with `search.js`: numbers as base-64
//! "digits" (URL-safe alphabet, so a shard is a plain JS string with nothing
//! to escape), shard cutting, and the `carnetSearch(kind, id, data)` wrapper
//! that lets a `<script>` tag deliver data where `fetch` is not allowed.

use std::cmp::Ordering;
use std::ops::Range;

/// One digit per 6 bits. `search.js` has the same table.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends the digit for `value` (< 64).
pub fn push_digit(out: &mut String, value: u32) {
    debug_assert!(value < 64);
    out.push(ALPHABET[value as usize] as char);
}

/// Appends `n` as a variable-length number: 5 bits per digit, low bits first,
/// bit 6 set on every digit but the last.
pub fn push_varint(out: &mut String, mut n: u32) {
    loop {
        let low = n & 31;
        n >>= 5;
        if n == 0 {
            push_digit(out, low);
            return;
        }
        push_digit(out, low | 32);
    }
}

/// Orders strings as JavaScript compares them (UTF-16 code units), so the
/// client's binary searches over shard boundaries agree with the build.
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Length in UTF-16 code units, the unit of JavaScript string offsets.
pub fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Cuts `sizes` into consecutive ranges of about `target` bytes each; an item
/// bigger than `target` gets a range of its own.
pub fn cut(sizes: impl IntoIterator<Item = usize>, target: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut acc, mut len) = (0, 0, 0);
    for (i, size) in sizes.into_iter().enumerate() {
        if acc > 0 && acc + size > target {
            ranges.push(start..i);
            start = i;
            acc = 0;
        }
        acc += size;
        len = i + 1;
    }
    if len > start {
        ranges.push(start..len);
    }
    ranges
}

/// A shard file's content: `carnetSearch("kind",id,data);`.
pub fn script(kind: &str, id: usize, data: &serde_json::Value) -> Vec<u8> {
    format!("carnetSearch({kind:?},{id},{data});\n").into_bytes()
}

/// [`script`] for any serializable data, written straight into the file's
/// bytes: the same text as a `serde_json::Value` holding the same data, with
/// no `Value` built.
pub fn script_of(kind: &str, id: usize, data: &impl serde::Serialize) -> Vec<u8> {
    let mut out = format!("carnetSearch({kind:?},{id},").into_bytes();
    // writing into a Vec cannot fail, and the data is strings and numbers
    serde_json::to_writer(&mut out, data).unwrap_or_default();
    out.extend_from_slice(b");\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(n: u32) -> String {
        let mut s = String::new();
        push_varint(&mut s, n);
        s
    }

    #[test]
    fn small_numbers_take_one_digit() {
        assert_eq!(varint(0), "A");
        assert_eq!(varint(31), "f");
        assert_eq!(varint(32), "gB");
        assert_eq!(varint(1 << 20).len(), 5);
    }

    #[test]
    fn js_order_differs_from_bytes_only_above_the_bmp() {
        assert_eq!(js_cmp("abc", "abd"), Ordering::Less);
        // U+FF21 (fullwidth A) sorts after U+1D400 in UTF-8, before in UTF-16
        assert_eq!(js_cmp("\u{1D400}", "\u{FF21}"), Ordering::Less);
        assert_eq!(js_len("é𝐀"), 3);
    }

    #[test]
    fn cut_groups_items_up_to_the_target() {
        assert_eq!(cut([4, 4, 4, 4], 8), vec![0..2, 2..4]);
        assert_eq!(cut([20, 1, 1], 8), vec![0..1, 1..3]);
        assert_eq!(cut([], 8), Vec::<Range<usize>>::new());
    }
}

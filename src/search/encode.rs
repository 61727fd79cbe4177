//! The compact text encodings shared with `search.js`: numbers as base-64
//! "digits" (URL-safe alphabet, so a shard is a plain JS string with nothing
//! to escape), shard cutting, and the `carnetSearch(kind, id, data)` wrapper
//! that lets a `<script>` tag deliver data where `fetch` is not allowed.

use std::cmp::Ordering;
use std::ops::Range;

use crate::swar;

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

/// [`script`] for data that `write` writes as JSON straight into the
/// file's bytes, with no `serde_json::Value` built.
pub fn script_with(kind: &str, id: usize, write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = format!("carnetSearch({kind:?},{id},").into_bytes();
    write(&mut out);
    out.extend_from_slice(b");\n");
    out
}

/// Appends `text` as a JSON string, byte for byte as `serde_json` writes
/// it (`\"`, `\\`, `\n`… and `\u001f` for the other controls). Runs of
/// eight bytes with nothing to escape, most of a page's text, are checked
/// at once and copied whole; `serde_json` looks at one byte at a time.
pub fn push_json_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    // `bytes[copied..at]` is still to copy
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        if swar::load(bytes, at).is_some_and(|eight| to_escape(eight) == 0) {
            at += 8;
            continue;
        }
        let b = bytes[at];
        let escaped: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..0x20 => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ],
            _ => {
                at += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(escaped);
        at += 1;
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The high bit of each byte of `eight` that JSON escapes: `"`, `\\` and
/// the controls below 0x20.
#[inline]
fn to_escape(eight: u64) -> u64 {
    let controls = swar::in_range(eight & !swar::HIGH, 0, 0x1F) & !eight;
    swar::bytes_equal(eight, b'"') | swar::bytes_equal(eight, b'\\') | controls & swar::HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // quotes, backslashes, every control, DEL, accents and emoji, cut
        // anywhere by the eight-byte steps
        #[test]
        fn json_strings_are_written_as_serde_json_writes_them(text in "[a-z\"\\\\\x00-\x1f\x7fé’😀 ]{0,40}") {
            let mut out = Vec::new();
            push_json_str(&mut out, &text);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }

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

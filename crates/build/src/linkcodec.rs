//! The binary form of [`LinkData`] in the `link` column. An incremental run decodes the link
//! facts of every live article: as JSON, parsing them was 7% of a 1% run at 100k. Integers
//! are LEB128 varints, strings a length and UTF-8 bytes.
//!
//! Layout after the [`FORMAT`] byte: url (length + 1, 0 for none, then bytes), chars,
//! title_anchors, day (zigzag + 1, 0 for none), anchor count and per anchor its prefix, value
//! and surface, then the concepts (count, values), the sketch (count, then each value as the
//! wrapping difference from the previous one: the sketch is ascending, so the differences are
//! small), and triples.

use crate::LinkData;
use newsindex_link::Content;

/// First byte of every encoded value. JSON (the older form) starts with `{`, never with this.
const FORMAT: u8 = 1;

/// Encodes `data` (lossless: [`decode`] gives it back field for field).
pub(crate) fn encode(data: &LinkData) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.push(FORMAT);
    match &data.url {
        Some(url) => {
            put(&mut out, url.len() as u64 + 1);
            out.extend_from_slice(url.as_bytes());
        }
        None => put(&mut out, 0),
    }
    put(&mut out, data.chars as u64);
    put(&mut out, data.title_anchors as u64);
    // i64::MIN, the one day whose zigzag has no room for the +1 (and no date), goes as none.
    let day = data.day.and_then(|day| zigzag(day).checked_add(1));
    put(&mut out, day.unwrap_or(0));
    put(&mut out, data.anchors.len() as u64);
    for (prefix, value, surface) in &data.anchors {
        for text in [prefix, value, surface] {
            put_str(&mut out, text);
        }
    }
    let content = &data.content;
    put(&mut out, content.concepts.len() as u64);
    for &concept in &content.concepts {
        put(&mut out, u64::from(concept));
    }
    put(&mut out, content.sketch.len() as u64);
    let mut previous = 0u32;
    for &hash in &content.sketch {
        put(&mut out, u64::from(hash.wrapping_sub(previous)));
        previous = hash;
    }
    put(&mut out, u64::from(content.triples));
    out
}

/// Decodes a value written by [`encode`]; `None` for anything else (see [`decode_view`]).
pub(crate) fn decode(bytes: &[u8]) -> Option<LinkData> {
    decode_view(bytes).map(View::into_owned)
}

/// A decoded value whose strings borrow the encoded bytes: an incremental run reads the link
/// facts of every live article only to hand them to the linker, and owning three strings per
/// anchor (millions of small allocations at 100k) was a tenth of that work.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct View<'a> {
    pub url: Option<&'a str>,
    pub chars: usize,
    pub title_anchors: usize,
    pub day: Option<i64>,
    /// `(kind prefix, value, surface)`, as in [`LinkData::anchors`].
    pub anchors: Vec<(&'a str, &'a str, &'a str)>,
    pub content: Content,
}

impl View<'_> {
    /// The owned form.
    pub fn into_owned(self) -> LinkData {
        LinkData {
            url: self.url.map(str::to_string),
            chars: self.chars,
            anchors: self
                .anchors
                .into_iter()
                .map(|(prefix, value, surface)| {
                    (prefix.to_string(), value.to_string(), surface.to_string())
                })
                .collect(),
            title_anchors: self.title_anchors,
            day: self.day,
            content: self.content,
        }
    }
}

/// Decodes a value written by [`encode`] without copying its strings; `None` for anything
/// else (another format byte, truncation, bytes left over, a count larger than the bytes
/// could hold, invalid UTF-8).
pub(crate) fn decode_view(bytes: &[u8]) -> Option<View<'_>> {
    let mut view = View::default();
    decode_into(bytes, &mut view).then_some(view)
}

/// [`decode_view`] into `view`, whose vectors are cleared and reused: an incremental run
/// decodes the facts of every live article one after the other, and three allocations per
/// article were a fifth of the decoding. False (and `view` in an unspecified state) for
/// bytes [`decode_view`] refuses.
pub(crate) fn decode_into<'a>(bytes: &'a [u8], view: &mut View<'a>) -> bool {
    view.anchors.clear();
    view.content.concepts.clear();
    view.content.sketch.clear();
    fill(bytes, view).is_some()
}

fn fill<'a>(bytes: &'a [u8], view: &mut View<'a>) -> Option<()> {
    let (&format, rest) = bytes.split_first()?;
    if format != FORMAT {
        return None;
    }
    let mut reader = Reader { bytes: rest };
    view.url = match reader.int()? {
        0 => None,
        len => Some(reader.string(len - 1)?),
    };
    view.chars = usize::try_from(reader.int()?).ok()?;
    view.title_anchors = usize::try_from(reader.int()?).ok()?;
    view.day = match reader.int()? {
        0 => None,
        encoded => Some(unzigzag(encoded - 1)),
    };
    // Each anchor takes at least three bytes (three lengths), each integer at least one: a
    // count beyond that is damage, and must not size an allocation.
    let anchors_len = reader.count(3)?;
    view.anchors.reserve(anchors_len);
    for _ in 0..anchors_len {
        let prefix = reader.text()?;
        let value = reader.text()?;
        let surface = reader.text()?;
        view.anchors.push((prefix, value, surface));
    }
    let content = &mut view.content;
    let concepts_len = reader.count(1)?;
    content.concepts.reserve(concepts_len);
    for _ in 0..concepts_len {
        content.concepts.push(reader.u32()?);
    }
    let sketch_len = reader.count(1)?;
    content.sketch.reserve(sketch_len);
    let mut previous = 0u32;
    for _ in 0..sketch_len {
        previous = previous.wrapping_add(reader.u32()?);
        content.sketch.push(previous);
    }
    content.triples = reader.u32()?;
    reader.bytes.is_empty().then_some(())
}

fn put(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    (value >> 1) as i64 ^ -((value & 1) as i64)
}

/// A cursor over the encoded bytes; every read fails rather than panics when they run out.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn int(&mut self) -> Option<u64> {
        // Most values (lengths, concept ids' low parts, sketch differences) fit one byte.
        if let Some((&byte, rest)) = self.bytes.split_first() {
            if byte < 0x80 {
                self.bytes = rest;
                return Some(u64::from(byte));
            }
        }
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            let bits = u64::from(byte & 0x7f);
            // The tenth byte may carry only the top bit of a u64.
            if shift == 63 && bits > 1 {
                return None;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A varint of at most five bytes whose value fits a `u32`. Concept ids are hashes (five
    /// bytes each, the most numerous values of an article): unrolled for them, and for the
    /// one-byte sketch differences.
    fn u32(&mut self) -> Option<u32> {
        let mut value = 0u32;
        for (at, &byte) in self.bytes.iter().take(5).enumerate() {
            value |= u32::from(byte & 0x7f) << (7 * at);
            if byte & 0x80 == 0 {
                // The fifth byte has room for the top four bits only.
                if at == 4 && byte > 0x0f {
                    return None;
                }
                self.bytes = &self.bytes[at + 1..];
                return Some(value);
            }
        }
        None
    }

    /// A count of items that each take at least `min_bytes`, bounded by the bytes left.
    fn count(&mut self, min_bytes: usize) -> Option<usize> {
        let count = usize::try_from(self.int()?).ok()?;
        (count <= self.bytes.len() / min_bytes).then_some(count)
    }

    fn string(&mut self, len: u64) -> Option<&'a str> {
        let len = usize::try_from(len).ok()?;
        if len > self.bytes.len() {
            return None;
        }
        let (text, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        std::str::from_utf8(text).ok()
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = self.int()?;
        self.string(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> LinkData {
        LinkData {
            url: Some("báo.example/tin/1".into()),
            chars: 123_456,
            anchors: vec![
                ("code".into(), "12-nq/tw".into(), "12-NQ/TW".into()),
                ("name".into(), "tran van a".into(), "Trần Văn A".into()),
                ("odd".into(), String::new(), String::new()),
            ],
            title_anchors: 2,
            day: Some(-3),
            content: Content {
                concepts: vec![0, 127, 128, 16_384, u32::MAX],
                sketch: vec![5, 6, 4_000_000_000, 7, u32::MAX, 0],
                triples: 77,
            },
        }
    }

    #[test]
    fn every_field_round_trips() {
        let data = full();
        assert_eq!(decode(&encode(&data)), Some(data));
        assert_eq!(
            decode(&encode(&LinkData::default())),
            Some(LinkData::default())
        );
        for day in [
            None,
            Some(0),
            Some(1),
            Some(-1),
            Some(i64::MAX),
            Some(i64::MIN + 1),
        ] {
            let data = LinkData { day, ..full() };
            assert_eq!(decode(&encode(&data)).map(|d| d.day), Some(day));
        }
        let data = LinkData {
            day: Some(i64::MIN),
            ..full()
        };
        assert_eq!(decode(&encode(&data)).map(|d| d.day), Some(None));
        let data = LinkData {
            url: Some(String::new()),
            chars: usize::MAX,
            title_anchors: usize::MAX,
            ..full()
        };
        assert_eq!(decode(&encode(&data)), Some(data));
    }

    #[test]
    fn u32_varints_take_at_most_five_bytes() {
        for value in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            1 << 28,
            u32::MAX - 1,
            u32::MAX,
        ] {
            let mut bytes = Vec::new();
            put(&mut bytes, u64::from(value));
            bytes.push(0x55);
            let mut reader = Reader { bytes: &bytes };
            assert_eq!(reader.u32(), Some(value));
            assert_eq!(reader.bytes, [0x55]);
        }
        // Past u32::MAX, and longer than five bytes, are refused.
        for bytes in [
            &[0xff, 0xff, 0xff, 0xff, 0x1f][..],
            &[0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
        ] {
            assert_eq!(Reader { bytes }.u32(), None);
        }
        assert_eq!(
            Reader {
                bytes: &[0x80, 0x80]
            }
            .u32(),
            None
        );
    }

    #[test]
    fn a_reused_view_holds_only_the_last_value() {
        let big = encode(&full());
        let small = encode(&LinkData {
            url: None,
            anchors: vec![("num".into(), "7".into(), "seven".into())],
            content: Content {
                concepts: vec![9],
                sketch: vec![1, 300],
                triples: 1,
            },
            ..LinkData::default()
        });
        let mut view = View::default();
        assert!(decode_into(&big, &mut view));
        assert_eq!(view, decode_view(&big).unwrap());
        assert!(decode_into(&small, &mut view));
        assert_eq!(view, decode_view(&small).unwrap());
        assert_eq!(view.into_owned(), decode(&small).unwrap());
        // Damaged bytes after a good value are refused all the same.
        let mut view = View::default();
        assert!(decode_into(&big, &mut view));
        assert!(!decode_into(&big[..big.len() - 1], &mut view));
    }

    #[test]
    fn an_ascending_sketch_takes_about_a_byte_per_hash() {
        let data = LinkData {
            content: Content {
                sketch: (0..32).map(|i| i * 100).collect(),
                ..Content::default()
            },
            ..LinkData::default()
        };
        assert!(encode(&data).len() < 80, "{}", encode(&data).len());
    }

    #[test]
    fn damaged_bytes_are_refused_without_panicking() {
        let bytes = encode(&full());
        // Every truncation, and anything appended, is refused.
        for end in 0..bytes.len() {
            assert_eq!(decode(&bytes[..end]), None, "truncated at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // Another format byte, a count far beyond the bytes, a varint that overflows, and
        // invalid UTF-8 are refused.
        assert_eq!(decode(&[2, 0, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(decode(&[FORMAT, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]), None);
        assert_eq!(
            decode(&[FORMAT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
            None
        );
        assert_eq!(decode(&[FORMAT, 2, 0xc3]), None);
        // Every single-byte change decodes or is refused, never panics; a splitmix64 stream
        // of random values likewise.
        for at in 0..bytes.len() {
            for byte in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                let mut changed = bytes.clone();
                changed[at] = byte;
                let _ = decode(&changed);
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..2_000usize {
            let random: Vec<u8> = (0..len % 64)
                .map(|_| {
                    state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                    let mut z = state;
                    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                    (z ^ (z >> 31)) as u8
                })
                .collect();
            let _ = decode(&[&[FORMAT][..], &random].concat());
        }
    }
}

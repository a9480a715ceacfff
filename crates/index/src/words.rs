//! Bytes kept in a multi-valued `u64` fast column: the length, then the bytes eight to a word
//! (little-endian, the last word padded with zeros).
//!
//! tantivy keeps a bytes column as a dictionary of sstable blocks, zstd-compressed, and makes a
//! new decompression context for every block it reads: reading the link facts of every live
//! article (an incremental run does) spent about 8% of its time creating them. A value that is
//! unique to its document gains nothing from a dictionary; bit-packed words are read in place.

/// The words that hold `bytes`: the length first.
pub fn pack(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    std::iter::once(bytes.len() as u64).chain(bytes.chunks(8).map(|chunk| {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        u64::from_le_bytes(word)
    }))
}

/// Appends the bytes held by `words` (as written by [`pack`]) to `out`: the catalog keeps the
/// values of a segment's documents in one buffer. False, and `out` as it was, when the words
/// are not such a value (none, or a length the words cannot hold).
pub fn unpack_into(words: impl Iterator<Item = u64>, out: &mut Vec<u8>) -> bool {
    let mut words = words;
    let Some(len) = words.next() else {
        return false;
    };
    let start = out.len();
    // Sized up front: `flat_map` gives no useful size hint, and every live article's link
    // facts are unpacked on each incremental run.
    out.reserve(words.size_hint().0.saturating_mul(8));
    for word in words {
        out.extend_from_slice(&word.to_le_bytes());
    }
    let written = out.len() - start;
    match usize::try_from(len) {
        Ok(len) if len <= written && written - len < 8 => {
            out.truncate(start + len);
            true
        }
        _ => {
            out.truncate(start);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unpack(words: impl Iterator<Item = u64>) -> Vec<u8> {
        let mut bytes = Vec::new();
        unpack_into(words, &mut bytes);
        bytes
    }

    #[test]
    fn every_length_round_trips() {
        let source: Vec<u8> = (0..=40u8).map(|b| b.wrapping_mul(37) | 1).collect();
        for len in 0..source.len() {
            let words: Vec<u64> = pack(&source[..len]).collect();
            assert_eq!(words.len(), 1 + len.div_ceil(8));
            assert_eq!(unpack(words.into_iter()), &source[..len]);
        }
    }

    #[test]
    fn words_that_are_no_packed_value_give_nothing() {
        assert!(unpack(std::iter::empty()).is_empty());
        // A length beyond the words, one that leaves a whole word unused, and u64::MAX.
        assert!(unpack([9, 1].into_iter()).is_empty());
        assert!(unpack([1, 1, 2].into_iter()).is_empty());
        assert!(unpack([u64::MAX, 1].into_iter()).is_empty());
        assert_eq!(unpack([1, 0x0201].into_iter()), [1]);
    }

    #[test]
    fn values_unpacked_into_one_buffer_follow_each_other() {
        let mut out = b"head".to_vec();
        assert!(unpack_into(
            pack(b"first value").collect::<Vec<_>>().into_iter(),
            &mut out
        ));
        // A damaged value leaves the buffer as it was.
        assert!(!unpack_into([9, 1].into_iter(), &mut out));
        assert!(!unpack_into(std::iter::empty(), &mut out));
        assert!(unpack_into(
            pack(b"").collect::<Vec<_>>().into_iter(),
            &mut out
        ));
        assert!(unpack_into(
            pack(b"second").collect::<Vec<_>>().into_iter(),
            &mut out
        ));
        assert_eq!(out, b"headfirst valuesecond");
    }
}

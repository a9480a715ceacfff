//! Strings interned end to end in one string: ids are handed out in order, and a table maps
//! a string back to its id without a `String` per entry.
//!
//! A build of a million articles holds a million article ids and millions of distinct
//! anchors; as map keys each was an allocation of its own (at 1M: 55 MB of anchor strings
//! and 69 MB of maps in the linker, 140 MB for the build's table of ids), and once freed they
//! stayed in the allocator's arena as small chunks. A few large buffers cost no header per
//! entry and go back to the system when dropped.

use hashbrown::HashTable;
use std::hash::{BuildHasher, Hasher};

/// Strings interned under a small tag (the linker tags an anchor with its kind): the same
/// text under two tags is two entries.
#[derive(Clone, Debug, Default)]
pub struct Interned {
    text: String,
    /// Where each id's value ends in `text`.
    ends: Vec<usize>,
    tags: Vec<u8>,
    table: HashTable<u32>,
}

/// The `id`-th of strings stored end to end in `text`, each ending where `ends` says.
fn nth<'t>(text: &'t str, ends: &[usize], id: u32) -> &'t str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &text[start..ends[id]]
}

fn hash(tag: u8, value: &str) -> u64 {
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write_u8(tag);
    hasher.write(value.as_bytes());
    hasher.finish()
}

impl Interned {
    /// Number of values interned; the next id.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The value of an id.
    pub fn value(&self, id: u32) -> &str {
        nth(&self.text, &self.ends, id)
    }

    /// The id of a value, if interned.
    pub fn get(&self, tag: u8, value: &str) -> Option<u32> {
        let matches = |&id: &u32| self.tags[id as usize] == tag && self.value(id) == value;
        self.table.find(hash(tag, value), matches).copied()
    }

    /// The id of a value, interned now if it was not.
    pub fn intern(&mut self, tag: u8, value: &str) -> u32 {
        match self.get(tag, value) {
            Some(id) => id,
            None => self.insert_new(tag, value),
        }
    }

    /// Interns a value not interned yet under `tag` and returns its id, [`Interned::len`]
    /// before the call.
    pub fn insert_new(&mut self, tag: u8, value: &str) -> u32 {
        debug_assert!(self.get(tag, value).is_none(), "interned twice");
        let id = self.ends.len() as u32;
        self.text.push_str(value);
        self.ends.push(self.text.len());
        self.tags.push(tag);
        let (text, ends, tags) = (&self.text, &self.ends, &self.tags);
        let rehash = |&id: &u32| hash(tags[id as usize], nth(text, ends, id));
        self.table.insert_unique(hash(tag, value), id, rehash);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_by_id_and_ids_by_value_and_tag() {
        let mut interned = Interned::default();
        let values = ["57-NQ/TW", "", "Tô Lâm", "2024-12-22"];
        for (i, value) in values.iter().enumerate() {
            assert_eq!(interned.insert_new(1, value), i as u32);
        }
        // The same text under another tag is another entry.
        assert_eq!(interned.get(2, "Tô Lâm"), None);
        assert_eq!(interned.insert_new(2, "Tô Lâm"), 4);
        for (i, value) in values.iter().enumerate() {
            assert_eq!(interned.get(1, value), Some(i as u32));
            assert_eq!(interned.value(i as u32), *value);
        }
        assert_eq!(interned.get(2, "Tô Lâm"), Some(4));
        assert_eq!(interned.get(1, "Tô"), None);
        assert_eq!(interned.len(), 5);
        assert!(!interned.is_empty() && Interned::default().is_empty());
        // Interning again finds the id; a new value gets the next one.
        assert_eq!(interned.intern(1, "Tô Lâm"), 2);
        assert_eq!(interned.intern(1, "Hà Nội"), 5);
    }

    proptest::proptest! {
        #[test]
        fn many_values_keep_their_ids_through_the_table_growing(
            values in proptest::collection::hash_set("[a-z0-9]{0,6}", 0..500)
        ) {
            let mut interned = Interned::default();
            let values: Vec<String> = values.into_iter().collect();
            for value in &values {
                interned.insert_new(0, value);
            }
            for (i, value) in values.iter().enumerate() {
                proptest::prop_assert_eq!(interned.get(0, value), Some(i as u32));
                proptest::prop_assert_eq!(interned.value(i as u32), value.as_str());
            }
        }
    }
}

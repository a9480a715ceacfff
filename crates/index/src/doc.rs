//! The document handed to tantivy's writer: each string held once, however many fields index
//! it.
//!
//! tantivy's own document copies a value into every field it is added to, and the writer
//! queues up to 10,000 documents before its indexing threads take them. An article of ours
//! goes to up to four analysed field pairs (Vietnamese), so that queue held each body four
//! or five times: about 300 MB at the start of every large build. Here the fields of one
//! language share the title and body strings.

use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};

/// Where a field's value lives.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Str(usize),
    U64(u64),
    I64(i64),
    /// Values `start..end` of `words`, one `u64` value each: the dozens of words of packed
    /// bytes take one slot, not one each.
    Words(u32, u32),
}

/// A document whose fields may share one string (see the module documentation).
#[derive(Debug, Default)]
pub struct SharedDoc {
    strings: Vec<String>,
    words: Vec<u64>,
    values: Vec<(Field, Slot)>,
}

/// A string held by a [`SharedDoc`], to be added to further fields.
#[derive(Clone, Copy, Debug)]
pub struct Shared(usize);

impl SharedDoc {
    /// Adds a text value and returns a handle to add the same string to other fields.
    pub fn add_text(&mut self, field: Field, text: impl Into<String>) -> Shared {
        let index = self.strings.len();
        self.strings.push(text.into());
        self.values.push((field, Slot::Str(index)));
        Shared(index)
    }

    /// Adds a string already held to another field.
    pub fn add_shared(&mut self, field: Field, text: Shared) {
        self.values.push((field, Slot::Str(text.0)));
    }

    /// Adds a `u64` value.
    pub fn add_u64(&mut self, field: Field, value: u64) {
        self.values.push((field, Slot::U64(value)));
    }

    /// Adds an `i64` value.
    pub fn add_i64(&mut self, field: Field, value: i64) {
        self.values.push((field, Slot::I64(value)));
    }

    /// Adds bytes to a multi-valued `u64` fast field as words, read back by
    /// [`crate::NewsIndex::catalog`] (see [`crate::words`]).
    pub fn add_packed(&mut self, field: Field, bytes: &[u8]) {
        let start = self.words.len();
        self.words.extend(crate::words::pack(bytes));
        let slot = match (u32::try_from(start), u32::try_from(self.words.len())) {
            (Ok(start), Ok(end)) => Slot::Words(start, end),
            // Beyond 4G words in one document: not a document tantivy would take anyway.
            _ => return,
        };
        self.values.push((field, slot));
    }

    /// The text values of a field, in the order they were added.
    pub fn texts(&self, field: Field) -> impl Iterator<Item = &str> {
        self.values.iter().filter_map(move |&(f, slot)| match slot {
            Slot::Str(index) if f == field => Some(self.strings[index].as_str()),
            _ => None,
        })
    }
}

/// One value of a [`SharedDoc`], borrowed.
#[derive(Clone, Debug)]
pub struct SharedValue<'a>(ReferenceValueLeaf<'a>);

impl<'a> Value<'a> for SharedValue<'a> {
    type ArrayIter = std::iter::Empty<SharedValue<'a>>;
    type ObjectIter = std::iter::Empty<(&'a str, SharedValue<'a>)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(self.0.clone())
    }
}

/// The fields and values of a [`SharedDoc`].
pub struct SharedValues<'a> {
    doc: &'a SharedDoc,
    next: usize,
    /// The next word of a [`Slot::Words`] slot.
    word: u32,
}

impl<'a> Iterator for SharedValues<'a> {
    type Item = (Field, SharedValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let &(field, slot) = self.doc.values.get(self.next)?;
            let leaf = match slot {
                Slot::Str(index) => ReferenceValueLeaf::Str(&self.doc.strings[index]),
                Slot::U64(value) => ReferenceValueLeaf::U64(value),
                Slot::I64(value) => ReferenceValueLeaf::I64(value),
                Slot::Words(start, end) => {
                    let at = start + self.word;
                    if at >= end {
                        // This slot's words are done: on to the next slot.
                        self.next += 1;
                        self.word = 0;
                        continue;
                    }
                    self.word += 1;
                    return Some((
                        field,
                        SharedValue(ReferenceValueLeaf::U64(self.doc.words[at as usize])),
                    ));
                }
            };
            self.next += 1;
            return Some((field, SharedValue(leaf)));
        }
    }
}

impl Document for SharedDoc {
    type Value<'a> = SharedValue<'a>;
    type FieldsValuesIter<'a> = SharedValues<'a>;

    fn iter_fields_and_values(&self) -> SharedValues<'_> {
        SharedValues {
            doc: self,
            next: 0,
            word: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn shared_strings_are_indexed_and_stored_in_every_field() {
        let mut builder = Schema::builder();
        let a = builder.add_text_field("a", TEXT | STORED);
        let b = builder.add_text_field("b", TEXT | STORED);
        let n = builder.add_u64_field("n", STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer::<SharedDoc>(15_000_000).unwrap();
        let mut doc = SharedDoc::default();
        let body = doc.add_text(a, "chuyển đổi số");
        doc.add_shared(b, body);
        doc.add_u64(n, 57);
        assert_eq!(doc.texts(b).collect::<Vec<_>>(), ["chuyển đổi số"]);
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();

        let searcher = index.reader().unwrap().searcher();
        for field in [a, b] {
            let term = tantivy::Term::from_field_text(field, "số");
            assert_eq!(searcher.doc_freq(&term).unwrap(), 1);
        }
        let stored: TantivyDocument = searcher.doc(tantivy::DocAddress::new(0, 0)).unwrap();
        assert_eq!(
            stored.get_first(b).and_then(|v| v.as_str()),
            Some("chuyển đổi số")
        );
        assert_eq!(stored.get_first(n).and_then(|v| v.as_u64()), Some(57));
    }

    #[test]
    fn packed_words_come_in_order_between_the_other_values() {
        let mut builder = Schema::builder();
        let n = builder.add_u64_field("n", STORED);
        let w = builder.add_u64_field("w", STORED);
        let _ = builder.build();
        let mut doc = SharedDoc::default();
        doc.add_u64(n, 1);
        doc.add_packed(w, b"0123456789");
        doc.add_packed(w, b"");
        doc.add_u64(n, 2);
        let values: Vec<(Field, u64)> = doc
            .iter_fields_and_values()
            .map(|(field, value)| (field, value.as_u64().unwrap()))
            .collect();
        let expected: Vec<(Field, u64)> = [(n, 1)]
            .into_iter()
            .chain(crate::words::pack(b"0123456789").map(|word| (w, word)))
            .chain([(w, 0), (n, 2)])
            .collect();
        assert_eq!(values, expected);
    }
}

//! Fusing the languages' result lists: each language's best matches, on one scale.
//!
//! A query's share in each language is already divided by its bound (what a typical
//! article of that language scores when it holds every word once; see `compile`). Term
//! frequency still differs by habit of writing: Vietnamese reports repeat a name with its
//! title in every paragraph, English ones use it once. So each language's list is also
//! divided by its own best score when that exceeds the bound: a language's best match
//! competes at 1 with the others' best, while a language whose best only matches part of
//! the query stays below 1.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// A scored document ordered by score, then by its content hash, then by address. Addresses
/// depend on which writer thread took a document, so two builds of the same articles would
/// order equal scores differently; the content hash (the `hash` fast column) does not.
#[derive(Clone, Copy, Debug)]
struct Scored(Score, u64, DocAddress);

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scored {
    /// Higher score first; on ties the smaller content hash, then the earlier document.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.cmp(&other.1))
            .then_with(|| self.2.cmp(&other.2))
    }
}

/// The best `limit` documents of each language (by the `lang` fast column).
pub struct LanguageTopDocs {
    /// Documents kept per language.
    pub limit: usize,
}

/// Each language code's best documents as `(score, content hash, address)`, best first.
pub type PerLanguage = HashMap<String, Vec<(Score, u64, DocAddress)>>;

/// Per-segment state of [`LanguageTopDocs`]: a bounded heap per language ordinal.
pub struct SegmentLanguageTop {
    limit: usize,
    segment: SegmentOrdinal,
    lang: Option<StrColumn>,
    /// Content hashes, the tie-break of equal scores.
    hash: Option<Column<u64>>,
    /// Max-heaps under `Scored`'s reversed order: the top is the worst kept document.
    heaps: Vec<BinaryHeap<Scored>>,
}

impl Collector for LanguageTopDocs {
    type Fruit = PerLanguage;
    type Child = SegmentLanguageTop;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentLanguageTop> {
        let lang = reader.fast_fields().str("lang")?;
        let hash = reader.fast_fields().u64("hash").ok();
        // One more slot for documents without a language.
        let slots = lang.as_ref().map_or(0, |c| c.dictionary().num_terms()) + 1;
        Ok(SegmentLanguageTop {
            limit: self.limit,
            segment,
            lang,
            hash,
            heaps: (0..slots).map(|_| BinaryHeap::new()).collect(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<PerLanguage>) -> tantivy::Result<PerLanguage> {
        let mut merged = PerLanguage::new();
        for fruit in fruits {
            for (lang, docs) in fruit {
                merged.entry(lang).or_default().extend(docs);
            }
        }
        for docs in merged.values_mut() {
            docs.sort_by_key(|&(score, tie, doc)| Scored(score, tie, doc));
            docs.truncate(self.limit);
        }
        Ok(merged)
    }
}

impl SegmentLanguageTop {
    /// Offers `doc` to the list of its language, whose `lang` ordinal the caller has read.
    pub(crate) fn offer(&mut self, lang: Option<u64>, doc: DocId, score: Score) {
        let slot = lang.map_or(self.heaps.len() - 1, |ord| ord as usize);
        let Some(heap) = self.heaps.get_mut(slot) else {
            return;
        };
        let full = heap.len() >= self.limit;
        // Only a document that may enter the heap needs its hash read.
        if full && heap.peek().is_some_and(|worst| score < worst.0) {
            return;
        }
        let tie = self.hash.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        let scored = Scored(score, tie, DocAddress::new(self.segment, doc));
        if !full {
            heap.push(scored);
        } else if heap.peek().is_some_and(|worst| scored < *worst) {
            heap.pop();
            heap.push(scored);
        }
    }
}

impl SegmentCollector for SegmentLanguageTop {
    type Fruit = PerLanguage;

    fn collect(&mut self, doc: DocId, score: Score) {
        let lang = self.lang.as_ref().and_then(|c| c.ords().first(doc));
        self.offer(lang, doc, score);
    }

    fn harvest(self) -> PerLanguage {
        let mut out = PerLanguage::new();
        let mut name = String::new();
        let unnamed = self.heaps.len() - 1;
        for (slot, heap) in self.heaps.into_iter().enumerate() {
            if heap.is_empty() {
                continue;
            }
            name.clear();
            if slot != unnamed {
                if let Some(column) = &self.lang {
                    let _ = column.ord_to_str(slot as u64, &mut name);
                }
            }
            let docs = heap.into_sorted_vec().into_iter().map(|s| (s.0, s.1, s.2));
            out.entry(name.clone()).or_default().extend(docs);
        }
        out
    }
}

/// One ranked list from the languages' lists: each divided by its best score when that is
/// above 1 (the bound), then merged by score; at most `limit` documents. Equal fused scores
/// (every language's best is 1) keep the order of their scores before dividing.
pub fn fuse(per_language: PerLanguage, limit: usize) -> Vec<(Score, DocAddress)> {
    let mut all: Vec<(Score, Scored)> = Vec::new();
    for docs in per_language.into_values() {
        let best = docs.first().map_or(1.0, |d| d.0).max(1.0);
        all.extend(
            docs.into_iter()
                .map(|(score, tie, doc)| (score / best, Scored(score, tie, doc))),
        );
    }
    all.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    all.truncate(limit);
    all.into_iter().map(|(score, raw)| (score, raw.2)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: u32) -> DocAddress {
        DocAddress::new(0, n)
    }

    #[test]
    fn a_language_above_its_bound_is_brought_to_one_and_one_below_is_left() {
        let per_language = PerLanguage::from([
            ("vi".to_string(), vec![(2.0, 0, doc(1)), (1.0, 0, doc(2))]),
            ("en".to_string(), vec![(1.5, 0, doc(3)), (1.2, 0, doc(4))]),
            ("fr".to_string(), vec![(0.6, 0, doc(5))]),
        ]);
        let fused = fuse(per_language, 10);
        let order: Vec<u32> = fused.iter().map(|d| d.1.doc_id).collect();
        // vi 1.0, 0.5; en 1.0, 0.8; fr 0.6 (below its bound: not raised); the two 1.0
        // in the order of their scores before dividing.
        assert_eq!(order, vec![1, 3, 4, 5, 2]);
        let swapped = PerLanguage::from([
            ("vi".to_string(), vec![(1.5, 0, doc(1))]),
            ("en".to_string(), vec![(2.5, 0, doc(3))]),
        ]);
        let order: Vec<u32> = fuse(swapped, 10).iter().map(|d| d.1.doc_id).collect();
        assert_eq!(order, vec![3, 1]);
        assert!((fused[0].0 - 1.0).abs() < 1e-6 && (fused[3].0 - 0.6).abs() < 1e-6);
        assert_eq!(fuse(PerLanguage::new(), 10), vec![]);
        assert_eq!(
            fuse(
                PerLanguage::from([("en".into(), vec![(3.0, 0, doc(1))])]),
                0
            ),
            vec![]
        );
    }

    #[test]
    fn scored_orders_best_first_then_by_content_hash_then_by_address() {
        let mut v = [
            Scored(1.0, 7, doc(2)),
            Scored(2.0, 9, doc(5)),
            Scored(1.0, 7, doc(1)),
            Scored(1.0, 3, doc(8)),
        ];
        v.sort();
        let order: Vec<u32> = v.iter().map(|s| s.2.doc_id).collect();
        assert_eq!(order, vec![5, 8, 1, 2]);
        // NaN never panics the ordering.
        let mut w = [Scored(f32::NAN, 0, doc(0)), Scored(1.0, 0, doc(1))];
        w.sort();
    }
}

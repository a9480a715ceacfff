//! Where a [`crate::LinkCorpus`] keeps its articles: every article's id and integers end to
//! end in a few large buffers, with offsets.
//!
//! A million articles held as a struct of boxed slices each cost seven allocations an
//! article (their headers and fat pointers alone some 250 bytes), and once freed they stayed
//! in the allocator's arena as small chunks that the index writer's threads could not reuse:
//! the build's memory kept the linker's whole state through the write stage. A few large
//! buffers cost no header per article and go back to the system when the corpus is dropped.

use crate::content::{PackedConcepts, PreparedContent, Sketched};
use crate::corpus::{CorpusStats, Prepared};
use crate::score::{self, Meta, PairEvidence, Wanted};
use std::ops::Range;

/// The articles of a corpus, in the order they were added.
#[derive(Default)]
pub(crate) struct Members {
    ids: String,
    id_ends: Vec<usize>,
    metas: Vec<Meta>,
    /// Each article's mentions, set, sketch and current days, end to end.
    ints: Vec<u32>,
    int_ends: Vec<usize>,
    /// Lengths of each article's mentions, set and sketch (its current days are the rest).
    int_lens: Vec<[u32; 3]>,
    concepts: Vec<u8>,
    concept_ends: Vec<usize>,
    triples: Vec<u32>,
    /// Each distinct anchor with its first surface, in order of appearance: the evidence
    /// lines quote an article's own words.
    firsts: Vec<(u32, u32)>,
    first_ends: Vec<usize>,
}

/// One article of [`Members`], borrowed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Member<'a> {
    /// The article's id.
    pub id: &'a str,
    /// What scoring needs besides the anchors.
    pub meta: Meta,
    /// The article's integers.
    pub prepared: Prepared<'a>,
    /// See [`Members::firsts`].
    pub firsts: &'a [(u32, u32)],
}

impl Member<'_> {
    /// This article's evidence with `other` when the two are related (see
    /// [`Wanted::Related`]); `norms` are their concept norms, in that order.
    pub fn related_to(
        &self,
        other: &Member,
        stats: &CorpusStats,
        norms: [f64; 2],
    ) -> Option<PairEvidence> {
        let (a, b) = (&self.prepared, &other.prepared);
        score::compare_prepared(&self.meta, a, &other.meta, b, stats, norms, Wanted::Related)
    }
}

/// An article's sketch (see [`Members::sketch`]).
pub(crate) struct SketchOf<'a> {
    hashes: &'a [u32],
    triples: u32,
}

impl Sketched for SketchOf<'_> {
    fn sketch(&self) -> &[u32] {
        self.hashes
    }

    fn triples(&self) -> u32 {
        self.triples
    }
}

/// The range of the `index`-th of parts filed end to end, given where each ends.
fn span(ends: &[usize], index: usize) -> Range<usize> {
    let start = if index == 0 { 0 } else { ends[index - 1] };
    start..ends[index]
}

impl Members {
    /// Adds an article.
    pub fn push(&mut self, id: &str, meta: Meta, prepared: Prepared, firsts: &[(u32, u32)]) {
        self.ids.push_str(id);
        self.id_ends.push(self.ids.len());
        self.metas.push(meta);
        let parts = [prepared.mentions, prepared.set, prepared.content.sketch];
        for part in parts.iter().chain([&prepared.current_days]) {
            self.ints.extend_from_slice(part);
        }
        self.int_ends.push(self.ints.len());
        self.int_lens.push(parts.map(|part| part.len() as u32));
        self.concepts.extend_from_slice(prepared.content.concepts.0);
        self.concept_ends.push(self.concepts.len());
        self.triples.push(prepared.content.triples);
        self.firsts.extend_from_slice(firsts);
        self.first_ends.push(self.firsts.len());
    }

    /// Adds an article known by its id and meta only (what the checks and the story
    /// assembly read of the articles that the distributed steps hand them).
    pub fn push_bare(&mut self, id: &str, meta: Meta) {
        let prepared = Prepared {
            mentions: &[],
            set: &[],
            content: PreparedContent::default(),
            current_days: &[],
        };
        self.push(id, meta, prepared, &[]);
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// The id of the `index`-th article.
    pub fn id(&self, index: usize) -> &str {
        &self.ids[span(&self.id_ends, index)]
    }

    /// The meta of the `index`-th article.
    pub fn meta(&self, index: usize) -> Meta {
        self.metas[index]
    }

    /// The `index`-th article.
    pub fn get(&self, index: usize) -> Member<'_> {
        let (meta, prepared) = self.scored(index);
        Member {
            id: self.id(index),
            meta,
            prepared,
            firsts: &self.firsts[span(&self.first_ends, index)],
        }
    }

    /// What the scorer reads of the `index`-th article: its meta and integers, without the
    /// id and first surfaces that [`Members::get`] also finds (two more places in memory
    /// for each of the millions of pairs scored).
    pub fn scored(&self, index: usize) -> (Meta, Prepared<'_>) {
        let [mentions, set, sketch, current_days] = self.int_parts(index);
        let prepared = Prepared {
            mentions,
            set,
            content: PreparedContent {
                concepts: PackedConcepts(&self.concepts[span(&self.concept_ends, index)]),
                sketch,
                triples: self.triples[index],
            },
            current_days,
        };
        (self.metas[index], prepared)
    }

    /// The `index`-th article's sketch alone: what its copies are found by, read without the
    /// rest of the article.
    pub fn sketch(&self, index: usize) -> SketchOf<'_> {
        SketchOf {
            hashes: self.int_parts(index)[2],
            triples: self.triples[index],
        }
    }

    /// The `index`-th article's mentions, set, sketch and current days.
    fn int_parts(&self, index: usize) -> [&[u32]; 4] {
        let ints = &self.ints[span(&self.int_ends, index)];
        let [mentions, set, sketch] = self.int_lens[index].map(|len| len as usize);
        let (mentions, rest) = ints.split_at(mentions);
        let (set, rest) = rest.split_at(set);
        let (sketch, current_days) = rest.split_at(sketch);
        [mentions, set, sketch, current_days]
    }

    /// Each article's publication day (days since 1970-01-01), when it has a date.
    pub fn days(&self) -> Vec<Option<i64>> {
        self.metas
            .iter()
            .map(|m| m.date.map(newsindex_core::Date::days_since_epoch))
            .collect()
    }

    /// The articles in order.
    pub fn iter(&self) -> impl Iterator<Item = Member<'_>> + '_ {
        (0..self.len()).map(|index| self.get(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Lang;

    fn meta(lang: Lang) -> Meta {
        Meta {
            lang,
            date: None,
            text_chars: 7,
        }
    }

    #[test]
    fn every_part_of_every_article_reads_back_as_added() {
        let concepts = [vec![1u8, 2], vec![], vec![9]];
        let parts = [
            (vec![3u32, 1, 3], vec![1, 3, 8], vec![5, 6], vec![1]),
            (vec![], vec![], vec![], vec![]),
            (vec![7], vec![2, 7], vec![4, 40, 400], vec![]),
        ];
        let firsts = [vec![(3, 0), (1, 1)], vec![], vec![(7, 2)]];
        let mut members = Members::default();
        for (i, (mentions, set, sketch, days)) in parts.iter().enumerate() {
            let prepared = Prepared {
                mentions,
                set,
                content: PreparedContent {
                    concepts: PackedConcepts(&concepts[i]),
                    sketch,
                    triples: i as u32 * 10,
                },
                current_days: days,
            };
            members.push(&format!("id-{i}"), meta(Lang::Fr), prepared, &firsts[i]);
        }
        members.push_bare("bare", meta(Lang::Vi));
        assert_eq!(members.len(), 4);
        for (i, (mentions, set, sketch, days)) in parts.iter().enumerate() {
            let m = members.get(i);
            assert_eq!(m.id, format!("id-{i}"));
            assert_eq!(members.id(i), m.id);
            assert_eq!(m.prepared.mentions, mentions.as_slice());
            assert_eq!(m.prepared.set, set.as_slice());
            assert_eq!(m.prepared.content.sketch, sketch.as_slice());
            assert_eq!(m.prepared.current_days, days.as_slice());
            assert_eq!(m.prepared.content.concepts.0, concepts[i].as_slice());
            assert_eq!(m.prepared.content.triples, i as u32 * 10);
            assert_eq!(m.firsts, firsts[i].as_slice());
            assert_eq!(m.meta.lang, Lang::Fr);
        }
        let bare = members.get(3);
        assert_eq!((bare.id, bare.meta.lang), ("bare", Lang::Vi));
        assert!(bare.prepared.set.is_empty() && bare.firsts.is_empty());
        assert_eq!(members.iter().count(), 4);
    }
}

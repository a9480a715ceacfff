//! A collector that counts every match by language, outlet, month, story and time bucket,
//! reading dictionary ordinals of fast columns per segment and resolving names once at the end.

use crate::fuse::{LanguageTopDocs, PerLanguage, SegmentLanguageTop};
use newsindex_core::Date;
use newsindex_index::story_stands_alone;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Time bucket size of a coverage histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar months (`2025-05`).
    Month,
    /// ISO weeks, keyed by their Monday (`2025-05-26`).
    Week,
    /// Days (`2025-05-29`).
    Day,
}

impl Interval {
    /// Parses `month`, `week` or `day`.
    pub fn parse(raw: &str) -> Option<Interval> {
        match raw.to_ascii_lowercase().as_str() {
            "month" => Some(Interval::Month),
            "week" => Some(Interval::Week),
            "day" => Some(Interval::Day),
            _ => None,
        }
    }

    fn bucket(self, day: i64) -> String {
        let date = Date::from_days_since_epoch(day);
        match self {
            Interval::Month => format!("{:04}-{:02}", date.year, date.month),
            Interval::Day => date.to_string(),
            // 1970-01-01 was a Thursday: shift so weeks start on Monday.
            Interval::Week => {
                Date::from_days_since_epoch(day - (day + 3).rem_euclid(7)).to_string()
            }
        }
    }
}

/// Counts over every matching article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// Matching articles.
    pub total: u64,
    /// Distinct stories among them.
    pub stories: u64,
    /// Per language code.
    pub lang: BTreeMap<String, u64>,
    /// Per outlet.
    pub source: BTreeMap<String, u64>,
    /// Per month `YYYY-MM`.
    pub month: BTreeMap<String, u64>,
    /// Bucket → language → count, when a histogram was asked for.
    pub histogram: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Collects [`Counts`].
pub struct CountsCollector {
    /// Bucket size of the histogram, if any.
    pub interval: Option<Interval>,
}

/// Story keys of shared stories as they come, one per match: appending is a store at the
/// end of a buffer, where a hash set insert was a cache miss into a table that keeps
/// growing (insert and rehash were a tenth of a broad query at 1M). Distinct keys are
/// counted once at the end by [`distinct`].
type Keys = Vec<u64>;

/// Below this many keys one sort is as quick as partitioning first.
const SMALL_KEY_SET: usize = 4096;

/// The number of distinct values in `keys`, which are hashes (uniform in their low 63 bits).
/// A large set is first spread into buckets by its high bits in one counting pass, so that
/// each bucket is sorted in cache: together about half the time of one sort of them all.
fn distinct(keys: &[u64]) -> u64 {
    if keys.len() < SMALL_KEY_SET {
        let mut sorted = keys.to_vec();
        return sorted_distinct(&mut sorted);
    }
    // About 64 keys per bucket; bit 63 is the shared-story flag, the same in every key.
    let bits = (keys.len() / 64).ilog2().min(16);
    let bucket = |key: u64| ((key << 1) >> (64 - bits)) as usize;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &key in keys {
        starts[bucket(key) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut spread = vec![0u64; keys.len()];
    let mut next = starts.clone();
    for &key in keys {
        let slot = &mut next[bucket(key)];
        spread[*slot] = key;
        *slot += 1;
    }
    starts
        .windows(2)
        .map(|w| sorted_distinct(&mut spread[w[0]..w[1]]))
        .sum()
}

/// The number of distinct values in `keys` (sorted in place).
fn sorted_distinct(keys: &mut [u64]) -> u64 {
    keys.sort_unstable();
    let mut count = 0;
    let mut previous = None;
    for &key in keys.iter() {
        if previous != Some(key) {
            count += 1;
            previous = Some(key);
        }
    }
    count
}

/// Per-segment and merged state of [`CountsCollector`] before names are resolved.
pub struct Partial {
    total: u64,
    /// Matches whose story is that one article (each a distinct story, never kept in a set).
    alone: u64,
    story_keys: Keys,
    named: Counts,
}

/// Per-segment state of [`CountsCollector`].
pub struct SegmentCounts {
    interval: Option<Interval>,
    lang: Option<StrColumn>,
    source: Option<StrColumn>,
    month: Option<StrColumn>,
    story_key: Option<Column<u64>>,
    day: Option<Column<i64>>,
    total: u64,
    alone: u64,
    /// Counts indexed by dictionary ordinal: the columns hold a handful of distinct values.
    lang_ords: Vec<u64>,
    source_ords: Vec<u64>,
    month_ords: Vec<u64>,
    story_keys: Keys,
    histogram: HashMap<(i64, Option<u64>), u64>,
    undated: u64,
    /// Column values of the block being counted (kept to reuse their allocation).
    scratch: Vec<Option<u64>>,
    days: Vec<Option<i64>>,
    langs: Vec<Option<u64>>,
}

fn ord_counts(column: &Option<StrColumn>) -> Vec<u64> {
    let terms = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
    vec![0; terms]
}

/// Matches handled together by [`RankedCounts`]: each column is read for a block of
/// documents in one call rather than through a row lookup and a dynamic call per document.
const BLOCK: usize = 64;

/// The first value of `column` for each of `docs`, into `out` (`None` where it has none).
fn first_values<T>(column: Option<&Column<T>>, docs: &[DocId], out: &mut Vec<Option<T>>)
where
    T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static,
{
    out.clear();
    out.resize(docs.len(), None);
    if let Some(column) = column {
        column.first_vals(docs, out);
    }
}

/// Counts the dictionary ordinals of `docs` in `column` into `counts`, leaving each
/// document's ordinal in `ords`.
fn count_ords(
    column: &Option<StrColumn>,
    docs: &[DocId],
    ords: &mut Vec<Option<u64>>,
    counts: &mut [u64],
) {
    first_values(column.as_ref().map(|c| c.ords()), docs, ords);
    for ord in ords.iter().flatten() {
        if let Some(count) = counts.get_mut(*ord as usize) {
            *count += 1;
        }
    }
}

fn resolve(column: &Option<StrColumn>, ords: &[u64], into: &mut BTreeMap<String, u64>) {
    let Some(column) = column else { return };
    let mut name = String::new();
    for (ord, &count) in ords.iter().enumerate() {
        if count == 0 {
            continue;
        }
        name.clear();
        if column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
            *into.entry(name.clone()).or_default() += count;
        }
    }
}

impl Collector for CountsCollector {
    type Fruit = Partial;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let fast = segment.fast_fields();
        let lang = fast.str("lang")?;
        let source = fast.str("source")?;
        let month = fast.str("month")?;
        Ok(SegmentCounts {
            interval: self.interval,
            lang_ords: ord_counts(&lang),
            source_ords: ord_counts(&source),
            month_ords: ord_counts(&month),
            lang,
            source,
            month,
            story_key: fast.u64("story_key").ok(),
            day: fast.i64("day").ok(),
            total: 0,
            alone: 0,
            story_keys: Keys::new(),
            histogram: HashMap::new(),
            undated: 0,
            scratch: Vec::with_capacity(BLOCK),
            days: Vec::new(),
            langs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Partial>) -> tantivy::Result<Partial> {
        let mut fruits = fruits.into_iter();
        let Some(mut merged) = fruits.next() else {
            return Ok(Partial {
                total: 0,
                alone: 0,
                story_keys: Keys::new(),
                named: Counts::default(),
            });
        };
        for fruit in fruits {
            merged.total += fruit.total;
            merged.alone += fruit.alone;
            merged.story_keys.extend(fruit.story_keys);
            let named = &mut merged.named;
            for (target, source) in [
                (&mut named.lang, fruit.named.lang),
                (&mut named.source, fruit.named.source),
                (&mut named.month, fruit.named.month),
            ] {
                for (key, count) in source {
                    *target.entry(key).or_default() += count;
                }
            }
            for (bucket, langs) in fruit.named.histogram {
                let target = named.histogram.entry(bucket).or_default();
                for (lang, count) in langs {
                    *target.entry(lang).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl Partial {
    /// The final counts.
    pub fn finish(self) -> Counts {
        Counts {
            total: self.total,
            stories: self.alone + distinct(&self.story_keys),
            ..self.named
        }
    }
}

impl SegmentCounts {
    /// Counts `docs`, and writes each one's `lang` dictionary ordinal into `langs` (for the
    /// top lists, which keep one list per language).
    fn count_block(&mut self, docs: &[DocId], langs: &mut Vec<Option<u64>>) {
        self.total += docs.len() as u64;
        count_ords(&self.lang, docs, langs, &mut self.lang_ords);
        count_ords(&self.source, docs, &mut self.scratch, &mut self.source_ords);
        count_ords(&self.month, docs, &mut self.scratch, &mut self.month_ords);
        first_values(self.story_key.as_ref(), docs, &mut self.scratch);
        for key in self.scratch.iter().flatten() {
            if story_stands_alone(*key) {
                self.alone += 1;
            } else {
                self.story_keys.push(*key);
            }
        }
        if self.interval.is_some() {
            first_values(self.day.as_ref(), docs, &mut self.days);
            for (day, lang) in self.days.iter().zip(langs.iter()) {
                match day {
                    Some(day) => *self.histogram.entry((*day, *lang)).or_default() += 1,
                    None => self.undated += 1,
                }
            }
        }
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Partial;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut langs = std::mem::take(&mut self.langs);
        self.count_block(docs, &mut langs);
        self.langs = langs;
    }

    fn harvest(self) -> Partial {
        let mut counts = Counts::default();
        resolve(&self.lang, &self.lang_ords, &mut counts.lang);
        resolve(&self.source, &self.source_ords, &mut counts.source);
        resolve(&self.month, &self.month_ords, &mut counts.month);
        if let Some(interval) = self.interval {
            let mut lang_name = String::new();
            for ((day, lang), count) in self.histogram {
                lang_name.clear();
                if let (Some(column), Some(ord)) = (&self.lang, lang) {
                    let _ = column.ord_to_str(ord, &mut lang_name);
                }
                let bucket = counts.histogram.entry(interval.bucket(day)).or_default();
                *bucket.entry(lang_name.clone()).or_default() += count;
            }
            if self.undated > 0 {
                counts
                    .histogram
                    .entry("(undated)".into())
                    .or_default()
                    .insert("all".into(), self.undated);
            }
        }
        Partial {
            total: self.total,
            alone: self.alone,
            story_keys: self.story_keys,
            named: counts,
        }
    }
}

/// The per-language top lists and the counts in one pass: each match's language ordinal is
/// read once and serves both (read twice, it was 7% of a broad query at 1M), and matches
/// are counted by blocks of [`BLOCK`].
pub struct RankedCounts {
    /// The per-language top lists.
    pub top: LanguageTopDocs,
    /// The counts.
    pub counts: CountsCollector,
}

/// Per-segment state of [`RankedCounts`].
pub struct SegmentRankedCounts {
    top: SegmentLanguageTop,
    counts: SegmentCounts,
    /// The block of matches not yet counted, with their scores.
    docs: Vec<DocId>,
    scores: Vec<Score>,
    langs: Vec<Option<u64>>,
}

impl SegmentRankedCounts {
    fn flush(&mut self) {
        self.counts.count_block(&self.docs, &mut self.langs);
        for ((&doc, &score), &lang) in self.docs.iter().zip(&self.scores).zip(&self.langs) {
            self.top.offer(lang, doc, score);
        }
        self.docs.clear();
        self.scores.clear();
    }
}

impl Collector for RankedCounts {
    type Fruit = (PerLanguage, Partial);
    type Child = SegmentRankedCounts;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentRankedCounts> {
        Ok(SegmentRankedCounts {
            top: self.top.for_segment(ordinal, segment)?,
            counts: self.counts.for_segment(ordinal, segment)?,
            docs: Vec::with_capacity(BLOCK),
            scores: Vec::with_capacity(BLOCK),
            langs: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<(PerLanguage, Partial)>) -> tantivy::Result<Self::Fruit> {
        let (tops, counts): (Vec<_>, Vec<_>) = fruits.into_iter().unzip();
        Ok((
            self.top.merge_fruits(tops)?,
            self.counts.merge_fruits(counts)?,
        ))
    }
}

impl SegmentCollector for SegmentRankedCounts {
    type Fruit = (PerLanguage, Partial);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.docs.push(doc);
        self.scores.push(score);
        if self.docs.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush();
        (self.top.harvest(), self.counts.harvest())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        let day = Date::new(2025, 5, 29).unwrap().days_since_epoch(); // a Thursday
        assert_eq!(Interval::Month.bucket(day), "2025-05");
        assert_eq!(Interval::Day.bucket(day), "2025-05-29");
        assert_eq!(Interval::Week.bucket(day), "2025-05-26");
        let monday = Date::new(2025, 5, 26).unwrap().days_since_epoch();
        assert_eq!(Interval::Week.bucket(monday), "2025-05-26");
        let sunday = Date::new(2025, 6, 1).unwrap().days_since_epoch();
        assert_eq!(Interval::Week.bucket(sunday), "2025-05-26");
    }

    #[test]
    fn distinct_counts_each_value_once() {
        assert_eq!(distinct(&[]), 0);
        assert_eq!(distinct(&[7]), 1);
        assert_eq!(distinct(&[9, 3, 9, 9, 1, 3, u64::MAX, 0]), 5);
        // Large sets go through the buckets: hash-like keys with the shared-story bit, each
        // present one to three times, in a scrambled order; and keys all in one bucket.
        for n in [SMALL_KEY_SET - 1, SMALL_KEY_SET, 100_000] {
            let keys: Vec<u64> = (0..n as u64)
                .flat_map(|i| {
                    let key = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1 << 63;
                    std::iter::repeat_n(key, 1 + (i % 3) as usize)
                })
                .collect();
            let mut scrambled = keys.clone();
            scrambled.reverse();
            scrambled.rotate_left(n / 3);
            assert_eq!(distinct(&scrambled), n as u64, "{n} keys");
            let narrow: Vec<u64> = (0..n as u64).map(|i| (1 << 63) | (i % 1000)).collect();
            assert_eq!(distinct(&narrow), 1000.min(n as u64), "{n} narrow keys");
        }
    }

    /// Documents over three segments, with shared and lone stories, a document without a
    /// language and one with an unknown story key.
    fn segmented_index() -> tantivy::Index {
        use newsindex_index::story_key;
        use tantivy::schema::{Schema, FAST, STRING, TEXT};
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let lang = schema.add_text_field("lang", STRING | FAST);
        let source = schema.add_text_field("source", STRING | FAST);
        let month = schema.add_text_field("month", STRING | FAST);
        let key = schema.add_u64_field("story_key", FAST);
        let day = schema.add_i64_field("day", FAST);
        let hash = schema.add_u64_field("hash", FAST);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let langs = ["vi", "fr", "en", ""];
        for segment in 0..3u64 {
            for n in 0..40u64 {
                let i = segment * 40 + n;
                let mut doc = tantivy::TantivyDocument::default();
                // Scores differ by how often the word is repeated; some ties on purpose.
                doc.add_text(text, "storm ".repeat(1 + (i % 5) as usize));
                if !langs[(i % 4) as usize].is_empty() {
                    doc.add_text(lang, langs[(i % 4) as usize]);
                }
                doc.add_text(source, format!("outlet-{}.example", i % 3));
                doc.add_text(month, format!("2025-0{}", 1 + i % 6));
                if i % 11 != 0 {
                    let story = format!("story-{}", i % 17);
                    doc.add_u64(key, story_key(&story, i % 17 < 9));
                }
                doc.add_i64(day, 20_000 + (i % 50) as i64);
                doc.add_u64(hash, i * 7919 % 101);
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    #[test]
    fn ranked_counts_equal_the_two_collectors_run_side_by_side() {
        use crate::fuse::LanguageTopDocs;
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        let index = segmented_index();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let field = index.schema().get_field("text").unwrap();
        let query = TermQuery::new(
            tantivy::Term::from_field_text(field, "storm"),
            IndexRecordOption::WithFreqs,
        );
        for (limit, interval) in [(5, Some(Interval::Month)), (200, None)] {
            let counts = || CountsCollector { interval };
            let top = || LanguageTopDocs { limit };
            let (top_apart, counts_apart) = searcher.search(&query, &(top(), counts())).unwrap();
            let collector = RankedCounts {
                top: top(),
                counts: counts(),
            };
            let (top_together, counts_together) = searcher.search(&query, &collector).unwrap();
            assert_eq!(top_together, top_apart);
            let (together, apart) = (counts_together.finish(), counts_apart.finish());
            assert_eq!(together, apart);
            assert_eq!(together.total, 120);
            assert_eq!(together.lang.get("fr"), Some(&30));
            // 17 story keys of which 9 shared, plus the lone articles: every match without
            // a key (i % 11 == 0) is counted in no story.
            let keyed = (0..120u64).filter(|i| i % 11 != 0);
            let lone = keyed.clone().filter(|i| i % 17 >= 9).count() as u64;
            assert_eq!(together.stories, lone + 9);
        }
    }
}

//! A collector that counts every match by language, outlet, month, story and time bucket,
//! reading dictionary ordinals of fast columns per segment and resolving names once at the end.

use newsindex_core::Date;
use newsindex_index::story_stands_alone;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
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
#[derive(Clone, Debug, Default)]
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

/// A hasher that passes a `u64` through: story keys are already hashes, and SipHash over
/// every match was a fifth of a broad query's time.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Per-segment and merged state of [`CountsCollector`] before names are resolved.
pub struct Partial {
    total: u64,
    /// Matches whose story is that one article (each a distinct story, never kept in a set).
    alone: u64,
    story_keys: KeySet,
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
    story_keys: KeySet,
    histogram: HashMap<(i64, Option<u64>), u64>,
    undated: u64,
}

fn ord_counts(column: &Option<StrColumn>) -> Vec<u64> {
    let terms = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
    vec![0; terms]
}

fn count_first_ord(column: &Option<StrColumn>, counts: &mut [u64], doc: DocId) -> Option<u64> {
    let ord = column.as_ref().and_then(|c| c.term_ords(doc).next())?;
    if let Some(count) = counts.get_mut(ord as usize) {
        *count += 1;
    }
    Some(ord)
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
            story_keys: KeySet::default(),
            histogram: HashMap::new(),
            undated: 0,
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
                story_keys: KeySet::default(),
                named: Counts::default(),
            });
        };
        for fruit in fruits {
            merged.total += fruit.total;
            merged.alone += fruit.alone;
            if fruit.story_keys.len() > merged.story_keys.len() {
                let smaller = std::mem::replace(&mut merged.story_keys, fruit.story_keys);
                merged.story_keys.extend(smaller);
            } else {
                merged.story_keys.extend(fruit.story_keys);
            }
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
            stories: self.alone + self.story_keys.len() as u64,
            ..self.named
        }
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Partial;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        let lang = count_first_ord(&self.lang, &mut self.lang_ords, doc);
        count_first_ord(&self.source, &mut self.source_ords, doc);
        count_first_ord(&self.month, &mut self.month_ords, doc);
        if let Some(key) = self.story_key.as_ref().and_then(|c| c.first(doc)) {
            if story_stands_alone(key) {
                self.alone += 1;
            } else {
                self.story_keys.insert(key);
            }
        }
        if self.interval.is_some() {
            match self.day.as_ref().and_then(|d| d.first(doc)) {
                Some(day) => *self.histogram.entry((day, lang)).or_default() += 1,
                None => self.undated += 1,
            }
        }
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
}

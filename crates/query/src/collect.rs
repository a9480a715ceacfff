//! A collector that counts every match by language, outlet, month, story and time bucket,
//! reading dictionary ordinals of fast columns per segment and resolving names once at the end.

use newsindex_core::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    pub stories: HashSet<String>,
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

/// Per-segment state of [`CountsCollector`].
pub struct SegmentCounts {
    interval: Option<Interval>,
    lang: Option<StrColumn>,
    source: Option<StrColumn>,
    month: Option<StrColumn>,
    story: Option<StrColumn>,
    day: Option<Column<i64>>,
    total: u64,
    lang_ords: HashMap<u64, u64>,
    source_ords: HashMap<u64, u64>,
    month_ords: HashMap<u64, u64>,
    story_ords: HashSet<u64>,
    histogram: HashMap<(i64, Option<u64>), u64>,
    undated: u64,
}

fn first_ord(column: &Option<StrColumn>, doc: DocId) -> Option<u64> {
    column.as_ref().and_then(|c| c.term_ords(doc).next())
}

fn resolve(
    column: &Option<StrColumn>,
    ords: impl IntoIterator<Item = (u64, u64)>,
    into: &mut BTreeMap<String, u64>,
) {
    let Some(column) = column else { return };
    let mut name = String::new();
    for (ord, count) in ords {
        name.clear();
        if column.ord_to_str(ord, &mut name).unwrap_or(false) {
            *into.entry(name.clone()).or_default() += count;
        }
    }
}

impl Collector for CountsCollector {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let fast = segment.fast_fields();
        Ok(SegmentCounts {
            interval: self.interval,
            lang: fast.str("lang")?,
            source: fast.str("source")?,
            month: fast.str("month")?,
            story: fast.str("story")?,
            day: fast.i64("day").ok(),
            total: 0,
            lang_ords: HashMap::new(),
            source_ords: HashMap::new(),
            month_ords: HashMap::new(),
            story_ords: HashSet::new(),
            histogram: HashMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged = Counts::default();
        for fruit in fruits {
            merged.total += fruit.total;
            merged.stories.extend(fruit.stories);
            for (target, source) in [
                (&mut merged.lang, fruit.lang),
                (&mut merged.source, fruit.source),
                (&mut merged.month, fruit.month),
            ] {
                for (key, count) in source {
                    *target.entry(key).or_default() += count;
                }
            }
            for (bucket, langs) in fruit.histogram {
                let target = merged.histogram.entry(bucket).or_default();
                for (lang, count) in langs {
                    *target.entry(lang).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        let lang = first_ord(&self.lang, doc);
        if let Some(ord) = lang {
            *self.lang_ords.entry(ord).or_default() += 1;
        }
        if let Some(ord) = first_ord(&self.source, doc) {
            *self.source_ords.entry(ord).or_default() += 1;
        }
        if let Some(ord) = first_ord(&self.month, doc) {
            *self.month_ords.entry(ord).or_default() += 1;
        }
        if let Some(ord) = first_ord(&self.story, doc) {
            self.story_ords.insert(ord);
        }
        if self.interval.is_some() {
            match self.day.as_ref().and_then(|d| d.first(doc)) {
                Some(day) => *self.histogram.entry((day, lang)).or_default() += 1,
                None => self.undated += 1,
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut counts = Counts {
            total: self.total,
            ..Counts::default()
        };
        resolve(&self.lang, self.lang_ords, &mut counts.lang);
        resolve(&self.source, self.source_ords, &mut counts.source);
        resolve(&self.month, self.month_ords, &mut counts.month);
        if let Some(column) = &self.story {
            // One pass over the dictionary for all ordinals: resolving them one by one
            // decompresses a dictionary block per ordinal (the bulk of a query's time).
            let mut ords: Vec<u64> = self.story_ords.into_iter().collect();
            ords.sort_unstable();
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                counts
                    .stories
                    .insert(String::from_utf8_lossy(bytes).into_owned());
            });
        }
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
        counts
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

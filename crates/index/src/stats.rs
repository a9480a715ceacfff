//! Counts per language, per outlet and per month, read from fast columns.

use crate::{IndexError, NewsIndex};
use newsindex_core::Article;
use serde::Serialize;
use std::collections::BTreeMap;

/// A stored article with its story id, as `show` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct StoredDoc {
    /// The article record.
    #[serde(flatten)]
    pub article: Article,
    /// Id of the story the article belongs to.
    pub story: String,
    /// Links to the article's other versions, with scores and evidence.
    pub links: Vec<newsindex_core::Link>,
}

/// What the index holds.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    /// Number of live articles.
    pub articles: u64,
    /// Number of stories (an article alone is a story of one).
    pub stories: u64,
    /// Number of stories with more than one version (article), as `index` counts them.
    pub linked_stories: u64,
    /// Number of stories with versions in more than one language.
    pub multilingual_stories: u64,
    /// Articles per language code.
    pub langs: BTreeMap<String, u64>,
    /// Articles per outlet domain (`(unknown)` when not known).
    pub sources: BTreeMap<String, u64>,
    /// Articles per month `YYYY-MM` (`(undated)` when not known).
    pub months: BTreeMap<String, u64>,
    /// Number of index segments.
    pub segments: usize,
    /// Size of the index directory in bytes.
    pub bytes: u64,
}

impl NewsIndex {
    /// Counts articles per language, outlet and month, and stories.
    pub fn stats(&self) -> Result<Stats, IndexError> {
        let searcher = self.searcher()?;
        let catalog = self.catalog(&searcher)?;
        let mut stats = Stats {
            articles: catalog.len() as u64,
            segments: searcher.segment_readers().len(),
            ..Stats::default()
        };
        // Per story: its number of versions and its languages.
        let mut story_langs: BTreeMap<&str, (u64, Vec<newsindex_core::Lang>)> = BTreeMap::new();
        for entry in &catalog {
            *stats
                .langs
                .entry(entry.lang.code().to_string())
                .or_default() += 1;
            let month = entry
                .date
                .map(|d| format!("{:04}-{:02}", d.year, d.month))
                .unwrap_or_else(|| "(undated)".into());
            *stats.months.entry(month).or_default() += 1;
            let (versions, langs) = story_langs.entry(&entry.story).or_default();
            *versions += 1;
            if !langs.contains(&entry.lang) {
                langs.push(entry.lang);
            }
        }
        for segment in searcher.segment_readers() {
            let Some(sources) = segment.fast_fields().str("source")? else {
                continue;
            };
            let names = crate::store::strings_by_doc(&sources, segment.max_doc());
            for (doc, name) in names.into_iter().enumerate() {
                if segment
                    .alive_bitset()
                    .is_some_and(|bits| !bits.is_alive(doc as u32))
                {
                    continue;
                }
                let name = if name.is_empty() {
                    "(unknown)".to_string()
                } else {
                    name
                };
                *stats.sources.entry(name).or_default() += 1;
            }
        }
        stats.stories = story_langs.len() as u64;
        stats.linked_stories = story_langs.values().filter(|(n, _)| *n > 1).count() as u64;
        stats.multilingual_stories =
            story_langs.values().filter(|(_, l)| l.len() > 1).count() as u64;
        stats.bytes = dir_size(self.dir());
        Ok(stats)
    }
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.metadata().ok())
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len())
                .sum()
        })
        .unwrap_or(0)
}

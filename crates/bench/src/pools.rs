//! Sentence pools per language, read from the shared benchmark text or, without it, from the
//! bundled development corpus. Pools keep file order and drop exact duplicates, so a seed
//! always draws the same sentences.

use crate::text::{detokenize, split_sentences, word_count};
use anyhow::{Context, Result};
use newsindex_analysis::extract_anchors;
use newsindex_core::Lang;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Sentences kept in a pool must have at least this many words (drops headings, bylines).
const MIN_WORDS: usize = 4;
/// And at most this many (drops run-together paragraphs).
const MAX_WORDS: usize = 80;

/// Where the text of the pools came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolSource {
    /// The shared benchmark text (UD treebanks and OrangeSum).
    Shared,
    /// The bundled development corpus (`corpus/dev/articles.jsonl`).
    DevCorpus,
}

/// Distinct real sentences per language, in a stable order.
#[derive(Clone, Debug)]
pub struct Pools {
    /// Where they came from.
    pub source: PoolSource,
    /// Vietnamese sentences.
    pub vi: Vec<String>,
    /// French sentences.
    pub fr: Vec<String>,
    /// English sentences.
    pub en: Vec<String>,
    /// Per language (vi, fr, en), the indices of the sentences that hold no anchor (no
    /// number, date, code, name or URL): the filler of translation families, so that the
    /// facts of a family are the ones its versions share, as in a real translation.
    pub clean: [Vec<u32>; 3],
}

impl Pools {
    /// The pool of one language (English for anything else).
    pub fn of(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Vi => &self.vi,
            Lang::Fr => &self.fr,
            _ => &self.en,
        }
    }

    /// Loads the shared text under `shared` when its files are there, else the development
    /// corpus at `dev_articles`.
    pub fn load(shared: &Path, dev_articles: &Path) -> Result<Pools> {
        let mut pools = if shared.join("ud_vi_sentences.txt").is_file() {
            Self::load_shared(shared)?
        } else {
            Self::load_dev(dev_articles)?
        };
        for (i, lang) in [Lang::Vi, Lang::Fr, Lang::En].into_iter().enumerate() {
            pools.clean[i] = pools
                .of(lang)
                .par_iter()
                .enumerate()
                .filter(|(_, s)| extract_anchors(s, lang).is_empty())
                .map(|(k, _)| k as u32)
                .collect();
        }
        Ok(pools)
    }

    /// The indices of the anchor-free sentences of `lang`'s pool.
    pub fn clean_of(&self, lang: Lang) -> &[u32] {
        match lang {
            Lang::Vi => &self.clean[0],
            Lang::Fr => &self.clean[1],
            _ => &self.clean[2],
        }
    }

    fn load_shared(dir: &Path) -> Result<Pools> {
        let mut vi = Pool::default();
        for line in read_lines(&dir.join("ud_vi_sentences.txt"))? {
            vi.push(detokenize(&line));
        }
        let mut en = Pool::default();
        for line in read_lines(&dir.join("ud_en_sentences.txt"))? {
            en.push(line);
        }
        let mut fr = Pool::default();
        let orangesum = dir.join("orangesum_fr.jsonl.gz");
        if orangesum.is_file() {
            let file = std::fs::File::open(&orangesum)
                .with_context(|| format!("cannot open {}", orangesum.display()))?;
            let reader = BufReader::new(flate2::read::GzDecoder::new(file));
            for (n, line) in reader.lines().enumerate() {
                let line = line.with_context(|| format!("{}:{}", orangesum.display(), n + 1))?;
                let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                if let Some(text) = record.get("text").and_then(|t| t.as_str()) {
                    for sentence in split_sentences(text) {
                        fr.push(sentence);
                    }
                }
            }
        }
        for line in read_lines(&dir.join("ud_fr_sentences.txt"))? {
            fr.push(line);
        }
        Ok(Pools {
            source: PoolSource::Shared,
            vi: vi.items,
            fr: fr.items,
            en: en.items,
            clean: Default::default(),
        })
    }

    fn load_dev(path: &Path) -> Result<Pools> {
        let (mut vi, mut fr, mut en) = (Pool::default(), Pool::default(), Pool::default());
        for (n, line) in read_lines(path)?.into_iter().enumerate() {
            let record: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: invalid JSON", path.display(), n + 1))?;
            let text = record.get("text").and_then(|t| t.as_str()).unwrap_or("");
            let pool = match record.get("lang").and_then(|l| l.as_str()) {
                Some("vi") => &mut vi,
                Some("fr") => &mut fr,
                Some("en") => &mut en,
                _ => continue,
            };
            for paragraph in text.split("\n\n") {
                for sentence in split_sentences(paragraph) {
                    pool.push(sentence);
                }
            }
        }
        anyhow::ensure!(
            !vi.items.is_empty() && !fr.items.is_empty() && !en.items.is_empty(),
            "{}: no sentences for some language",
            path.display()
        );
        Ok(Pools {
            source: PoolSource::DevCorpus,
            vi: vi.items,
            fr: fr.items,
            en: en.items,
            clean: Default::default(),
        })
    }
}

/// A pool under construction: distinct sentences in first-seen order.
#[derive(Default)]
struct Pool {
    items: Vec<String>,
    seen: HashSet<String>,
}

impl Pool {
    fn push(&mut self, sentence: String) {
        let sentence = sentence.trim();
        let words = word_count(sentence);
        if !(MIN_WORDS..=MAX_WORDS).contains(&words) || self.seen.contains(sentence) {
            return;
        }
        self.seen.insert(sentence.to_string());
        self.items.push(sentence.to_string());
    }
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev_corpus() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/dev/articles.jsonl")
    }

    #[test]
    fn falls_back_to_the_dev_corpus_without_shared_text() {
        let pools = Pools::load(Path::new("/nonexistent"), &dev_corpus()).unwrap();
        assert_eq!(pools.source, PoolSource::DevCorpus);
        for lang in [Lang::Vi, Lang::Fr, Lang::En] {
            let clean = pools.clean_of(lang);
            assert!(
                !clean.is_empty() && clean.len() < pools.of(lang).len(),
                "{lang:?}"
            );
            for &i in clean {
                assert!(extract_anchors(&pools.of(lang)[i as usize], lang).is_empty());
            }
        }
        for lang in [Lang::Vi, Lang::Fr, Lang::En] {
            let pool = pools.of(lang);
            assert!(pool.len() > 20, "{lang:?}: {}", pool.len());
            let distinct: HashSet<&String> = pool.iter().collect();
            assert_eq!(distinct.len(), pool.len());
            assert!(pool.iter().all(|s| word_count(s) >= MIN_WORDS));
        }
    }

    #[test]
    fn pool_drops_duplicates_and_short_lines() {
        let mut pool = Pool::default();
        for s in [
            "one two three four",
            "one two three four",
            "too short",
            " one two three four ",
        ] {
            pool.push(s.to_string());
        }
        assert_eq!(pool.items, ["one two three four"]);
    }
}

//! The plain-tantivy baseline: the same articles as `{title, body}` with tantivy's default
//! tokenizer, indexed with the same heap and threads and searched with the same query
//! strings; what tantivy alone costs, for the ratios.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Instant;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Schema, STORED, TEXT};
use tantivy::{Index, IndexReader, TantivyDocument};

/// Builds the baseline index of `plain` (JSONL `{title, body}`) in `dir` (must be empty or
/// absent); returns the number of documents.
pub fn build(plain: &Path, dir: &Path, threads: usize, heap_bytes: usize) -> Result<u64> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT | STORED);
    let body = builder.add_text_field("body", TEXT | STORED);
    let index = Index::create_in_dir(dir, builder.build())?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, heap_bytes)?;
    let file =
        std::fs::File::open(plain).with_context(|| format!("cannot open {}", plain.display()))?;
    let mut docs = 0;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", plain.display(), n + 1))?;
        #[derive(serde::Deserialize)]
        struct Plain {
            title: String,
            body: String,
        }
        let record: Plain = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: invalid record", plain.display(), n + 1))?;
        let mut doc = TantivyDocument::default();
        doc.add_text(title, &record.title);
        doc.add_text(body, &record.body);
        writer.add_document(doc)?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(docs)
}

/// A searcher over a baseline index.
pub struct Baseline {
    reader: IndexReader,
    parser: QueryParser,
    fields: [Field; 2],
}

impl Baseline {
    /// Opens the baseline index in `dir`.
    pub fn open(dir: &Path) -> Result<Baseline> {
        let index = Index::open_in_dir(dir)?;
        let schema = index.schema();
        let fields = [schema.get_field("title")?, schema.get_field("body")?];
        let parser = QueryParser::for_index(&index, fields.to_vec());
        Ok(Baseline {
            reader: index.reader()?,
            parser,
            fields,
        })
    }

    /// Runs one query: top 10 and the match count, and loads the 10 stored documents (what
    /// showing a result page costs); returns the count.
    pub fn search(&self, query: &str) -> Result<u64> {
        let (query, _errors) = self.parser.parse_query_lenient(&strip_filters(query));
        let searcher = self.reader.searcher();
        let (top, count) =
            searcher.search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))?;
        let mut bytes = 0;
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            for field in self.fields {
                use tantivy::schema::Value;
                bytes += doc
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .map_or(0, str::len);
            }
        }
        std::hint::black_box(bytes);
        Ok(count as u64)
    }
}

/// The query string without newsindex's filter clauses (`lang:`, `source:`, `since:`,
/// `until:`, `date:`), which a title/body index cannot apply.
pub fn strip_filters(query: &str) -> String {
    query
        .split_whitespace()
        .filter(|word| {
            let lower = word.trim_start_matches(['+', '-']).to_ascii_lowercase();
            !["lang:", "source:", "since:", "until:", "date:"]
                .iter()
                .any(|p| lower.starts_with(p))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Times [`build`] and returns seconds and documents.
pub fn timed_build(
    plain: &Path,
    dir: &Path,
    threads: usize,
    heap_bytes: usize,
) -> Result<(f64, u64)> {
    let started = Instant::now();
    let docs = build(plain, dir, threads, heap_bytes)?;
    Ok((started.elapsed().as_secs_f64(), docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_filters_keeps_text_and_phrases() {
        let cases = [
            ("kinh tế lang:vi", "kinh tế"),
            ("économie since:2023-01-01 until:2024", "économie"),
            ("\"good food\" -lang:en", "\"good food\""),
            ("57-NQ/TW", "57-NQ/TW"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_filters(input), want);
        }
    }

    #[test]
    fn builds_and_searches_a_small_index() {
        let tmp = tempfile::tempdir().unwrap();
        let plain = tmp.path().join("plain.jsonl");
        std::fs::write(
            &plain,
            "{\"title\":\"Hello world\",\"body\":\"the quick brown fox\"}\n\
             {\"title\":\"Other\",\"body\":\"a lazy dog and a fox\"}\n",
        )
        .unwrap();
        let dir = tmp.path().join("idx");
        assert_eq!(build(&plain, &dir, 1, 15 << 20).unwrap(), 2);
        let baseline = Baseline::open(&dir).unwrap();
        assert_eq!(baseline.search("fox").unwrap(), 2);
        assert_eq!(baseline.search("\"lazy dog\" lang:en").unwrap(), 1);
        assert_eq!(baseline.search("zebra").unwrap(), 0);
    }
}

//! Opening the index, registering analyzers, and reading documents back.

use crate::{Fields, IndexError, StoredDoc};
use newsindex_analysis::register_analyzers;
use newsindex_core::{Article, Date, Lang};
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// The first value of every document of a dictionary-encoded column, resolved in one pass
/// over the dictionary (one lookup per ordinal would decompress a block each time).
fn resolve_by_doc(column: &tantivy::columnar::BytesColumn, max_doc: u32) -> Vec<Vec<u8>> {
    let ords: Vec<Option<u64>> = (0..max_doc)
        .map(|doc| column.term_ords(doc).next())
        .collect();
    let mut unique: Vec<u64> = ords.iter().flatten().copied().collect();
    unique.sort_unstable();
    unique.dedup();
    let mut values: Vec<Vec<u8>> = Vec::with_capacity(unique.len());
    let _ = column
        .dictionary()
        .sorted_ords_to_term_cb(&unique, |bytes| values.push(bytes.to_vec()));
    ords.iter()
        .map(|ord| {
            ord.and_then(|ord| unique.binary_search(&ord).ok())
                .and_then(|at| values.get(at).cloned())
                .unwrap_or_default()
        })
        .collect()
}

/// [`resolve_by_doc`] for a string column.
pub(crate) fn strings_by_doc(column: &tantivy::columnar::StrColumn, max_doc: u32) -> Vec<String> {
    resolve_by_doc(column, max_doc)
        .into_iter()
        .map(|bytes| String::from_utf8(bytes).unwrap_or_default())
        .collect()
}

/// An opened newsindex index: the tantivy index with our analyzers registered, and its fields.
#[derive(Clone)]
pub struct NewsIndex {
    index: Index,
    fields: Fields,
    dir: PathBuf,
}

/// What the index knows about one live article, read from fast columns.
#[derive(Clone, Debug)]
pub struct CatalogEntry {
    /// Article id.
    pub id: String,
    /// The file the article came from (its origin without a line number).
    pub path: String,
    /// Content hash of the record as indexed.
    pub hash: u64,
    /// Hash of the raw input record (0 when unknown).
    pub raw_hash: u64,
    /// The record's line in [`CatalogEntry::path`] (0 for a whole file).
    pub line: u64,
    /// Story id.
    pub story: String,
    /// Key of the article's linked ids and relations.
    pub links_key: u64,
    /// The `story_key` column: its story, and whether the story has several articles.
    pub story_key: u64,
    /// Article language.
    pub lang: Lang,
    /// Publication date, inherited ones included.
    pub date: Option<Date>,
    /// The linking facts column, unpacked (the build pipeline decodes it).
    pub link: LinkBytes,
    /// Where the document lives in the searcher the catalog was read from.
    pub address: DocAddress,
}

/// One document's link-column bytes: a slice of one buffer that every catalog entry of its
/// segment shares. One allocation per document (about a kilobyte each, freed at the end of
/// every incremental run) cost more than unpacking them did.
#[derive(Clone, Debug, Default)]
pub struct LinkBytes {
    buffer: std::sync::Arc<Vec<u8>>,
    range: std::ops::Range<usize>,
}

impl std::ops::Deref for LinkBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.buffer[self.range.clone()]
    }
}

impl From<Vec<u8>> for LinkBytes {
    fn from(bytes: Vec<u8>) -> LinkBytes {
        LinkBytes {
            range: 0..bytes.len(),
            buffer: std::sync::Arc::new(bytes),
        }
    }
}

impl PartialEq for LinkBytes {
    fn eq(&self, other: &LinkBytes) -> bool {
        **self == **other
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl NewsIndex {
    /// Opens an existing index, failing with [`IndexError::Missing`] when there is none.
    pub fn open(dir: &Path) -> Result<NewsIndex, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        Self::open_or_create(dir)
    }

    /// Opens the index in `dir`, creating the directory and an empty index when needed.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex, IndexError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let (schema, fields) = Fields::build();
        let directory = MmapDirectory::open(dir).map_err(|err| IndexError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(err.to_string()),
        })?;
        let index = Index::open_or_create(directory, schema.clone()).map_err(|err| match err {
            tantivy::TantivyError::SchemaError(detail) => IndexError::Incompatible {
                path: dir.to_path_buf(),
                detail,
            },
            other => IndexError::Tantivy(other),
        })?;
        if index.schema() != schema {
            return Err(IndexError::Incompatible {
                path: dir.to_path_buf(),
                detail: "fields differ from this version's".into(),
            });
        }
        register_analyzers(index.tokenizers());
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// The underlying tantivy index (analyzers registered).
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A reader that follows new commits by itself (for long-running servers).
    pub fn live_reader(&self) -> Result<IndexReader, IndexError> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?)
    }

    /// The payload of the latest commit (see [`crate::Writer::commit_with_payload`]).
    pub fn commit_payload(&self) -> Result<Option<String>, IndexError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// A searcher over the latest commit.
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        let reader: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(reader.searcher())
    }

    /// Looks an article up by id in `searcher`.
    pub fn find(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>, IndexError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(top.first().map(|(_, address)| *address))
    }

    /// Reads the stored record and story of a document.
    pub fn stored(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<StoredDoc, IndexError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let id = text(self.fields.id);
        let article: Article = serde_json::from_str(&text(self.fields.record)).map_err(|err| {
            IndexError::CorruptRecord {
                id: id.clone(),
                detail: err.to_string(),
            }
        })?;
        Ok(StoredDoc {
            article,
            story: text(self.fields.story),
            links: serde_json::from_str(&text(self.fields.links)).unwrap_or_default(),
        })
    }

    /// Reads the stored record of an article by id.
    pub fn get(&self, searcher: &Searcher, id: &str) -> Result<StoredDoc, IndexError> {
        let address = self
            .find(searcher, id)?
            .ok_or_else(|| IndexError::UnknownId(id.to_string()))?;
        self.stored(searcher, address)
    }

    /// The ids of every live article of a story, sorted.
    pub fn story_members(
        &self,
        searcher: &Searcher,
        story: &str,
    ) -> Result<Vec<String>, IndexError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.story, story),
            IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut ids = Vec::with_capacity(addresses.len());
        for address in addresses {
            ids.push(self.stored(searcher, address)?.article.id);
        }
        ids.sort();
        Ok(ids)
    }

    /// Reads every live article's catalog entry from fast columns (no stored record is read).
    pub fn catalog(&self, searcher: &Searcher) -> Result<Vec<CatalogEntry>, IndexError> {
        let mut entries = Vec::with_capacity(searcher.num_docs() as usize);
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let fast = segment.fast_fields();
            let missing = |name: &str| {
                IndexError::Tantivy(tantivy::TantivyError::SchemaError(format!(
                    "fast column {name} missing"
                )))
            };
            let Some(ids) = fast.str("id")? else {
                continue; // an empty segment has no columns
            };
            let paths = fast.str("path")?.ok_or_else(|| missing("path"))?;
            let stories = fast.str("story")?.ok_or_else(|| missing("story"))?;
            let langs = fast.str("lang")?.ok_or_else(|| missing("lang"))?;
            let links = fast.column_opt::<u64>("link")?;
            let hashes = fast.u64("hash")?;
            let raw_hashes = fast.u64("raw_hash")?;
            let lines = fast.u64("line")?;
            let links_keys = fast.u64("links_key")?;
            let story_keys = fast.u64("story_key")?;
            let days = fast.i64("day")?;
            let alive = segment.alive_bitset();
            let max_doc = segment.max_doc();
            let live = |doc: u32| alive.is_none_or(|bits| bits.is_alive(doc));
            // Each document's strings are moved out, never cloned: a slot is read once.
            let mut ids = strings_by_doc(&ids, max_doc);
            let mut paths = strings_by_doc(&paths, max_doc);
            let mut stories = strings_by_doc(&stories, max_doc);
            let langs = strings_by_doc(&langs, max_doc);
            // The link bytes of the segment's live documents, one after the other.
            let mut link_ranges = vec![0..0; max_doc as usize];
            let mut link_buffer = Vec::new();
            if let Some(column) = &links {
                link_buffer.reserve(column.values.num_vals() as usize * 8);
                for doc in (0..max_doc).filter(|&doc| live(doc)) {
                    let start = link_buffer.len();
                    crate::words::unpack_into(column.values_for_doc(doc), &mut link_buffer);
                    link_ranges[doc as usize] = start..link_buffer.len();
                }
            }
            let link_buffer = std::sync::Arc::new(link_buffer);
            for doc in (0..max_doc).filter(|&doc| live(doc)) {
                let slot = doc as usize;
                entries.push(CatalogEntry {
                    id: std::mem::take(&mut ids[slot]),
                    path: std::mem::take(&mut paths[slot]),
                    story: std::mem::take(&mut stories[slot]),
                    lang: Lang::parse(&langs[slot]).unwrap_or(Lang::Other),
                    hash: hashes.first(doc).unwrap_or_default(),
                    raw_hash: raw_hashes.first(doc).unwrap_or_default(),
                    line: lines.first(doc).unwrap_or_default(),
                    links_key: links_keys.first(doc).unwrap_or_default(),
                    story_key: story_keys.first(doc).unwrap_or_default(),
                    date: days.first(doc).map(Date::from_days_since_epoch),
                    link: LinkBytes {
                        buffer: link_buffer.clone(),
                        range: std::mem::take(&mut link_ranges[slot]),
                    },
                    address: DocAddress::new(segment_ord as u32, doc),
                });
            }
        }
        Ok(entries)
    }
}

impl NewsIndex {
    /// Every story of the index with its members, languages and links, sorted by story id.
    /// Only members of multi-article stories have their stored links read.
    pub fn all_stories(&self) -> Result<Vec<newsindex_core::Story>, IndexError> {
        use std::collections::BTreeMap;
        let searcher = self.searcher()?;
        let mut groups: BTreeMap<String, Vec<CatalogEntry>> = BTreeMap::new();
        for entry in self.catalog(&searcher)? {
            groups.entry(entry.story.clone()).or_default().push(entry);
        }
        let mut stories = Vec::with_capacity(groups.len());
        for (story, mut members) in groups {
            members.sort_by(|a, b| a.id.cmp(&b.id));
            let mut langs: Vec<String> =
                members.iter().map(|m| m.lang.code().to_string()).collect();
            langs.sort();
            langs.dedup();
            let mut links: Vec<newsindex_core::Link> = Vec::new();
            if members.len() > 1 {
                for member in &members {
                    for link in self.stored(&searcher, member.address)?.links {
                        if !links.iter().any(|l| l.a == link.a && l.b == link.b) {
                            links.push(link);
                        }
                    }
                }
            }
            links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
            stories.push(newsindex_core::Story {
                story,
                ids: members.into_iter().map(|m| m.id).collect(),
                langs,
                links,
            });
        }
        Ok(stories)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SharedDoc;

    /// An index of one segment per batch of `(id, link bytes)`.
    fn index_with(dir: &Path, batches: &[&[(&str, &[u8])]]) -> NewsIndex {
        let index = NewsIndex::open_or_create(dir).unwrap();
        let fields = index.fields().clone();
        let mut writer = index.writer(1, 50 << 20).unwrap();
        for batch in batches {
            for (id, link) in *batch {
                let mut doc = SharedDoc::default();
                doc.add_text(fields.id, *id);
                doc.add_text(fields.path, "p.jsonl");
                doc.add_text(fields.story, *id);
                doc.add_text(fields.lang, "vi");
                doc.add_packed(fields.link, link);
                writer.add(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    fn links(index: &NewsIndex) -> Vec<(String, Vec<u8>)> {
        let searcher = index.searcher().unwrap();
        let mut links: Vec<_> = index
            .catalog(&searcher)
            .unwrap()
            .into_iter()
            .map(|entry| (entry.id, entry.link.to_vec()))
            .collect();
        links.sort();
        links
    }

    #[test]
    fn catalog_reads_packed_link_bytes_back_across_segments_and_merges() {
        let long: Vec<u8> = (0..=255u8).rev().collect();
        let batches: [&[(&str, &[u8])]; 2] = [
            &[("a", b"\x01seven b"), ("b", b"")],
            &[("c", &long), ("d", b"\xff\x00\x80")],
        ];
        let expected: Vec<(String, Vec<u8>)> = batches
            .iter()
            .flat_map(|batch| batch.iter())
            .map(|(id, link)| (id.to_string(), link.to_vec()))
            .collect();
        let tmp = tempfile::tempdir().unwrap();
        let index = index_with(&tmp.path().join("two"), &batches);
        assert_eq!(index.searcher().unwrap().segment_readers().len(), 2);
        assert_eq!(links(&index), expected);
        // A merge keeps each document's words in order.
        let merged = tmp.path().join("merged");
        crate::merge_indexes(&merged, &[tmp.path().join("two")]).unwrap();
        let merged = NewsIndex::open(&merged).unwrap();
        assert_eq!(merged.searcher().unwrap().segment_readers().len(), 1);
        assert_eq!(links(&merged), expected);
    }
}

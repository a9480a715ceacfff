//! Per-language BM25 statistics, so that every language's scores are on one scale.
//!
//! Each language has its own fields, and tantivy's BM25 takes a field's statistics over the
//! whole index: a Vietnamese field's average length counts French and English documents as
//! empty, and a Vietnamese word's document frequency is divided by every document. A
//! language holding a small share of the corpus then looks long-winded and rare-worded, and
//! its scores drift from the others'. These statistics answer for a language's fields as if
//! the index held only that language's documents.

use newsindex_core::Lang;
use newsindex_index::Fields;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// BM25 statistics scaled to each language's own documents.
pub struct LanguageStatistics<'s> {
    searcher: &'s Searcher,
    total_docs: u64,
    /// Documents per language, in [`Fields::all_langs`] order.
    lang_docs: [u64; 4],
    /// Field id → index of its language in [`Fields::all_langs`] (none: shared fields).
    lang_of_field: Vec<Option<usize>>,
}

impl<'s> LanguageStatistics<'s> {
    /// Statistics of `searcher`'s index version.
    pub fn new(searcher: &'s Searcher, fields: &Fields) -> LanguageStatistics<'s> {
        let langs = fields.all_langs();
        let count = |lang: Lang| {
            searcher
                .doc_freq(&Term::from_field_text(fields.lang, lang.code()))
                .unwrap_or(0)
        };
        let mut lang_of_field = Vec::new();
        for (index, lang) in langs.iter().enumerate() {
            for pair in &lang.pairs {
                for field in [pair.title, pair.body] {
                    let id = field.field_id() as usize;
                    if lang_of_field.len() <= id {
                        lang_of_field.resize(id + 1, None);
                    }
                    lang_of_field[id] = Some(index);
                }
            }
        }
        LanguageStatistics {
            searcher,
            total_docs: searcher.total_num_docs().unwrap_or(0),
            lang_docs: langs.map(|l| count(l.lang)),
            lang_of_field,
        }
    }

    /// How many times the whole index is larger than the documents of `field`'s language
    /// (1 for shared fields and empty languages).
    fn scale(&self, field: Field) -> f64 {
        let lang = self
            .lang_of_field
            .get(field.field_id() as usize)
            .copied()
            .flatten();
        match lang.map(|l| self.lang_docs[l]) {
            Some(docs) if docs > 0 => self.total_docs as f64 / docs as f64,
            _ => 1.0,
        }
    }

    /// A term's inverse document frequency as BM25 computes it from these statistics; 0
    /// when no document holds it (nothing can match it).
    pub fn idf(&self, term: &Term) -> f32 {
        let df = self.doc_freq(term).unwrap_or(0);
        if df == 0 || self.total_docs < df {
            return 0.0;
        }
        let x = (self.total_docs - df) as f32 + 0.5;
        (1.0 + x / (df as f32 + 0.5)).ln()
    }
}

impl Bm25StatisticsProvider for LanguageStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = self.searcher.total_num_tokens(field)?;
        Ok((tokens as f64 * self.scale(field)).round() as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let df = self.searcher.doc_freq(term)?;
        let scaled = (df as f64 * self.scale(term.field())).round() as u64;
        // A term of the language's fields is as frequent among all documents as it is
        // among the language's own; never more documents than there are.
        Ok(scaled.min(self.total_docs).max(df.min(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Article;
    use newsindex_index::NewsIndex;

    /// An index of one Vietnamese and three English articles.
    fn index(dir: &std::path::Path) -> NewsIndex {
        let articles: Vec<Article> = [
            (
                "vi1",
                Lang::Vi,
                "Bão Yagi đổ bộ",
                "Bão Yagi đổ bộ vào miền Bắc.",
            ),
            (
                "en1",
                Lang::En,
                "Typhoon Yagi",
                "Typhoon Yagi made landfall.",
            ),
            ("en2", Lang::En, "Typhoon Yagi", "Typhoon Yagi weakened."),
            ("en3", Lang::En, "Typhoon Yagi", "Typhoon Yagi left."),
        ]
        .into_iter()
        .map(|(id, lang, title, text)| {
            let mut article = Article::new(id, lang);
            article.title = title.into();
            article.text = text.into();
            article.origin = format!("corpus/{id}.txt");
            article
        })
        .collect();
        newsindex_build::build_articles(dir, &articles, true).expect("the test index builds");
        NewsIndex::open(dir).unwrap()
    }

    #[test]
    fn a_language_is_measured_among_its_own_articles() {
        let tmp = tempfile::tempdir().unwrap();
        let index = index(&tmp.path().join("index"));
        let searcher = index.live_reader().unwrap().searcher();
        let fields = index.fields();
        let stats = LanguageStatistics::new(&searcher, fields);
        let vi_body = fields.vi.pairs[0].body;
        let en_body = fields.en.pairs[0].body;
        // One Vietnamese article in four: its fields count as four times larger.
        let raw = searcher.total_num_tokens(vi_body).unwrap();
        assert!(raw > 0);
        assert_eq!(stats.total_num_tokens(vi_body).unwrap(), raw * 4);
        assert_eq!(stats.total_num_tokens(fields.anchors).unwrap(), {
            searcher.total_num_tokens(fields.anchors).unwrap()
        });
        // "bão" is in every Vietnamese article, "yagi" in every English one: equally
        // common in their languages, so equally weighted.
        let bao = Term::from_field_text(vi_body, "bão");
        let yagi = Term::from_field_text(en_body, "yagi");
        assert_eq!(stats.doc_freq(&bao).unwrap(), 4);
        assert_eq!(stats.doc_freq(&yagi).unwrap(), 4);
        assert!((stats.idf(&bao) - stats.idf(&yagi)).abs() < 1e-6);
        assert!(searcher.doc_freq(&bao).unwrap() < searcher.doc_freq(&yagi).unwrap());
        // A term no document holds cannot match: weight 0.
        assert_eq!(stats.idf(&Term::from_field_text(vi_body, "gió")), 0.0);
    }
}

//! The index schema: metadata columns, one group of text fields per language, and anchors.
//!
//! tantivy chooses the analyzer per field, so each language gets its own fields and an
//! article's text goes only to the fields of its language; queries search all of them.

use newsindex_analysis::analyzers as names;
use newsindex_core::Lang;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, SchemaBuilder, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Bumped whenever the schema or the meaning of a field changes, so an old index is rebuilt
/// instead of being misread (6: the `link` column holds binary link facts packed into words;
/// 7: the `line` column).
pub const SCHEMA_VERSION: u64 = 7;

/// The bit of a `story_key` that says the story has several articles. Most stories of a
/// large corpus are one article: a search counts those without remembering their keys, and
/// keeps a set of keys only for the others (a hash set of every match's key was a quarter of
/// a broad query's time at a million articles).
const SHARED_STORY_BIT: u64 = 1 << 63;

/// The value of the `story_key` column for a story id, and whether the story has several
/// articles (see [`story_stands_alone`]).
pub fn story_key(story: &str, several_articles: bool) -> u64 {
    let hash = xxhash_rust::xxh3::xxh3_64(story.as_bytes()) & !SHARED_STORY_BIT;
    if several_articles {
        hash | SHARED_STORY_BIT
    } else {
        hash
    }
}

/// Whether a `story_key` belongs to a story of one article: no other document holds it.
pub fn story_stands_alone(key: u64) -> bool {
    key & SHARED_STORY_BIT == 0
}

/// The text fields of one language variant: a title field and a body field analysed the same way.
#[derive(Clone, Copy, Debug)]
pub struct TextPair {
    /// Title field (weighs more at query time).
    pub title: Field,
    /// Body field.
    pub body: Field,
    /// Registered analyzer name both fields use.
    pub analyzer: &'static str,
    /// Whether positions are indexed (phrase queries possible).
    pub positions: bool,
}

/// The text fields an article of one language is written to.
#[derive(Clone, Debug)]
pub struct LangFields {
    /// The language.
    pub lang: Lang,
    /// Its field pairs, the exact-form variant first.
    pub pairs: Vec<TextPair>,
}

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// Article id (raw, fast, stored).
    pub id: Field,
    /// File the article came from (raw, fast): lets a run remove articles of deleted files.
    pub path: Field,
    /// Content hash (fast): lets a run skip unchanged articles.
    pub hash: Field,
    /// Hash of the raw input record (fast): lets a run skip unchanged records unparsed.
    pub raw_hash: Field,
    /// The record's line in its file, 0 for a whole file (fast): a record skipped by its raw
    /// hash keeps its stored origin only if it is still on that line.
    pub line: Field,
    /// Language code (raw, fast).
    pub lang: Field,
    /// Outlet domain (raw, fast).
    pub source: Field,
    /// Publication day as days since 1970-01-01 (indexed for ranges, fast for histograms).
    pub day: Field,
    /// Publication month `YYYY-MM` (raw, fast) for facets.
    pub month: Field,
    /// Story id (raw, fast, stored).
    pub story: Field,
    /// [`story_key`] of the story id (fast): distinct stories can be counted across segments
    /// from integers, without reading the story dictionary of every match.
    pub story_key: Field,
    /// The whole article record as JSON (stored only).
    pub record: Field,
    /// Linking facts (`newsindex_build`'s `LinkData`), packed into a multi-valued `u64` fast
    /// column (see [`crate::words`]).
    pub link: Field,
    /// This article's links to other versions, as JSON (stored only).
    pub links: Field,
    /// Hash of the linked ids and relations (fast): tells a run whether links moved.
    pub links_key: Field,
    /// Language-neutral anchor terms (`code:57-nq/tw`, `num:1132`, `name:to lam`...).
    pub anchors: Field,
    /// Vietnamese: exact, folded, bigram, folded bigram.
    pub vi: LangFields,
    /// French: stemmed, accent-insensitive.
    pub fr: LangFields,
    /// English: stemmed.
    pub en: LangFields,
    /// Other languages: folded words.
    pub other: LangFields,
}

impl Fields {
    /// The fields of a language.
    pub fn for_lang(&self, lang: Lang) -> &LangFields {
        match lang {
            Lang::Vi => &self.vi,
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
            Lang::Other => &self.other,
        }
    }

    /// Every language's fields.
    pub fn all_langs(&self) -> [&LangFields; 4] {
        [&self.vi, &self.fr, &self.en, &self.other]
    }

    /// Builds the schema and returns it with the field handles.
    pub fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let raw_fast = STRING | FAST;
        let id = builder.add_text_field("id", raw_fast.clone() | STORED);
        let path = builder.add_text_field("path", raw_fast.clone());
        let hash = builder.add_u64_field("hash", FAST);
        let raw_hash = builder.add_u64_field("raw_hash", FAST);
        let line = builder.add_u64_field("line", FAST);
        let lang = builder.add_text_field("lang", raw_fast.clone());
        let source = builder.add_text_field("source", raw_fast.clone());
        let day = builder.add_i64_field("day", NumericOptions::default() | INDEXED | FAST);
        let month = builder.add_text_field("month", raw_fast.clone());
        let story = builder.add_text_field("story", raw_fast | STORED);
        let story_key = builder.add_u64_field("story_key", FAST);
        let record = builder.add_text_field("record", STORED);
        let link = builder.add_u64_field("link", FAST);
        let links = builder.add_text_field("links", STORED);
        let links_key = builder.add_u64_field("links_key", FAST);
        let anchors = builder.add_text_field("anchors", STRING);
        let mut lang_fields =
            |lang: Lang, variants: &[(&'static str, &'static str, bool)]| LangFields {
                lang,
                pairs: variants
                    .iter()
                    .map(|&(suffix, analyzer, positions)| TextPair {
                        title: add_text(
                            &mut builder,
                            &format!("title_{suffix}"),
                            analyzer,
                            positions,
                        ),
                        body: add_text(
                            &mut builder,
                            &format!("body_{suffix}"),
                            analyzer,
                            positions,
                        ),
                        analyzer,
                        positions,
                    })
                    .collect(),
            };
        let vi = lang_fields(
            Lang::Vi,
            &[
                ("vi", names::VI_EXACT, true),
                ("vi_fold", names::VI_FOLD, true),
                ("vi_bi", names::VI_BIGRAM, false),
                ("vi_bi_fold", names::VI_BIGRAM_FOLD, false),
            ],
        );
        let fr = lang_fields(
            Lang::Fr,
            &[
                ("fr", names::FR_STEM, true),
                ("fr_ascii", names::FR_ASCII, true),
            ],
        );
        let en = lang_fields(Lang::En, &[("en", names::EN_STEM, true)]);
        let other = lang_fields(Lang::Other, &[("other", names::NEUTRAL_FOLD, true)]);
        let schema = builder.build();
        let fields = Fields {
            id,
            path,
            hash,
            raw_hash,
            line,
            lang,
            source,
            day,
            month,
            story,
            story_key,
            record,
            link,
            links,
            links_key,
            anchors,
            vi,
            fr,
            en,
            other,
        };
        (schema, fields)
    }
}

fn add_text(builder: &mut SchemaBuilder, name: &str, analyzer: &str, positions: bool) -> Field {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(record);
    builder.add_text_field(name, TextOptions::default().set_indexing_options(indexing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_analyzer_name_used_is_registered_by_analysis() {
        let (_, fields) = Fields::build();
        for lang in fields.all_langs() {
            for pair in &lang.pairs {
                assert!(names::ALL.contains(&pair.analyzer), "{}", pair.analyzer);
            }
        }
    }

    #[test]
    fn exact_variant_comes_first() {
        let (schema, fields) = Fields::build();
        assert_eq!(schema.get_field_name(fields.vi.pairs[0].body), "body_vi");
        assert_eq!(schema.get_field_name(fields.fr.pairs[0].title), "title_fr");
    }

    #[test]
    fn a_story_key_says_whether_the_story_is_shared() {
        let alone = story_key("dev-001", false);
        let shared = story_key("dev-001", true);
        assert!(story_stands_alone(alone));
        assert!(!story_stands_alone(shared));
        // The rest of the key is the story's hash either way.
        assert_eq!(alone | SHARED_STORY_BIT, shared);
        assert_ne!(story_key("dev-002", true), shared);
    }
}

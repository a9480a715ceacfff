//! A story's versions aligned paragraph by paragraph, as `/api/stories/{id}/compare` and
//! `newsindex compare` show them: the index gives the versions, `newsindex_link` aligns them.

use newsindex_core::Relation;
use newsindex_link::{compare_versions, paragraphs, ComparedVersion, Comparison};
use newsindex_query::{Engine, SearchError};

/// Most versions compared at once: a story can hold a hundred copies of one wire dispatch,
/// and a row per paragraph is readable for a handful of columns only. Translations come
/// first, then copies, each best-linked first.
pub const MAX_VERSIONS: usize = 6;

/// An article and its versions (translations and copies of its story, not the independent
/// reports of the same event), the article first.
pub fn compare_article(engine: &Engine, id: &str) -> Result<Comparison, SearchError> {
    let translations = engine.translations(id)?;
    let mut ids = vec![(translations.id.clone(), None)];
    ids.extend(
        translations
            .versions
            .iter()
            .filter(|v| matches!(v.relation, Relation::Translation | Relation::Duplicate))
            .map(|v| (v.id.clone(), Some(v.relation)))
            .take(MAX_VERSIONS - 1),
    );
    compare_with_relations(engine, &ids)
}

/// The given articles, aligned against the first one (at most [`MAX_VERSIONS`] are taken).
pub fn compare_ids(engine: &Engine, ids: &[String]) -> Result<Comparison, SearchError> {
    let ids: Vec<(String, Option<Relation>)> = ids
        .iter()
        .take(MAX_VERSIONS)
        .map(|id| (id.clone(), None))
        .collect();
    compare_with_relations(engine, &ids)
}

fn compare_with_relations(
    engine: &Engine,
    ids: &[(String, Option<Relation>)],
) -> Result<Comparison, SearchError> {
    let mut versions = Vec::with_capacity(ids.len());
    for (id, relation) in ids {
        let article = engine.article(id)?.article;
        versions.push(ComparedVersion {
            paragraphs: paragraphs(&article.text)
                .into_iter()
                .map(str::to_string)
                .collect(),
            id: article.id,
            lang: article.lang,
            title: article.title,
            relation: *relation,
        });
    }
    Ok(compare_versions(versions))
}

//! The number of stories among a search's matches (`total_stories`) stays exact when stories
//! gain and lose articles across incremental builds: an article alone is counted without
//! remembering its key, so an article that joins a story must be rewritten with the key of a
//! shared story, and one that leaves it with the key of an article alone.

use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, SearchRequest};
use std::path::Path;

fn article(id: &str, lang: Lang, title: &str, text: &str) -> Article {
    let mut article = Article::new(id, lang);
    article.title = title.into();
    article.text = text.into();
    article.origin = format!("corpus/{id}.txt");
    article.date = Date::new(2025, 5, 29);
    article.source = Some("example.vn".into());
    article.lang_confidence = 1.0;
    article
}

fn english() -> Article {
    article(
        "en-plan",
        Lang::En,
        "A plan for research",
        "The government presented a national plan for scientific research and innovation on \
         Tuesday, worth 1,132 million euros, under Resolution 57-NQ/TW of December 22, 2024, \
         with 485 tasks done and 561 under way.",
    )
}

fn french() -> Article {
    article(
        "fr-plan",
        Lang::Fr,
        "Un plan pour la recherche",
        "Le gouvernement a présenté mardi un plan national pour la recherche scientifique et \
         l'innovation, doté de 1 132 millions d'euros, selon la résolution 57-NQ/TW du 22 \
         décembre 2024, avec 485 tâches accomplies et 561 en cours.",
    )
}

fn typhoon() -> Article {
    article(
        "vi-typhoon",
        Lang::Vi,
        "Bão Tamarin",
        "Cơn bão Tamarin đổ bộ vào miền Trung, hàng nghìn hộ dân được sơ tán an toàn.",
    )
}

/// (matches, stories among them) of a query that matches every article above.
fn counts(dir: &Path) -> (u64, u64) {
    let engine = Engine::new(NewsIndex::open(dir).unwrap()).unwrap();
    let response = engine
        .search(&SearchRequest::new("57-NQ/TW OR Tamarin"))
        .unwrap();
    (response.total, response.total_stories)
}

#[test]
fn stories_are_counted_once_as_they_gain_and_lose_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let build = |articles: &[Article], full: bool| {
        newsindex_build::build_articles(&dir, articles, full).unwrap();
    };

    build(&[english(), typhoon()], true);
    assert_eq!(counts(&dir), (2, 2), "two articles alone");

    // The French version joins the English one's story: three matches, two stories.
    build(&[french()], false);
    assert_eq!(counts(&dir), (3, 2), "a translation added by an update");

    // Rebuilt from scratch, the same answer.
    build(&[english(), french(), typhoon()], true);
    assert_eq!(counts(&dir), (3, 2), "the same corpus rebuilt");

    // The French version changes into another story: the English one stands alone again.
    let mut changed = french();
    changed.text = "Le typhon Tamarin a touché le centre du Vietnam.".into();
    build(&[changed], false);
    assert_eq!(counts(&dir), (3, 3), "a version edited away from its story");
}

//! A word the curated glossary translates (inside `touche terre`: `make landfall`) is not
//! translated again by the general dictionary, whose every sense of it (`touche`: a key)
//! would pull in articles about something else.

use newsindex_core::{Article, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, Entry, Lexicon, SearchRequest};

fn article(id: &str, lang: Lang, title: &str, text: &str) -> Article {
    let mut article = Article::new(id, lang);
    article.title = title.into();
    article.text = text.into();
    article.origin = format!("corpus/{id}.txt");
    article
}

fn entry(fr: &str, en: &str) -> Entry {
    Entry {
        forms: [vec![], vec![fr.to_string()], vec![en.to_string()]],
    }
}

fn hits(engine: &Engine, query: &str) -> Vec<String> {
    let mut request = SearchRequest::new(query);
    request.limit = 10;
    let response = engine.search(&request).unwrap();
    let mut ids: Vec<String> = response.hits.iter().map(|h| h.id.clone()).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn the_dictionary_leaves_alone_what_the_glossary_translated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let articles = [
        article(
            "landfall",
            Lang::En,
            "Storm makes landfall",
            "The storm made landfall on the northern coast on Saturday.",
        ),
        article(
            "keyboard",
            Lang::En,
            "A new keyboard",
            "Each key of the new keyboard lights up when pressed.",
        ),
    ];
    newsindex_build::build_articles(&dir, &articles, true).unwrap();
    let glossary = Lexicon::parse_tsv("vi\tfr\ten\nđổ bộ\ttoucher terre\tmake landfall\n").unwrap();
    let dictionary = Lexicon::from_entries(vec![entry("touche", "key"), entry("nord", "north")]);
    let engine =
        Engine::with_lexicons(NewsIndex::open(&dir).unwrap(), &glossary, &dictionary).unwrap();
    // The dictionary alone translates `touche` as `key`...
    assert_eq!(hits(&engine, "touche"), ["keyboard"]);
    // ...but not inside the glossary's `touche terre`.
    assert_eq!(hits(&engine, "touche terre"), ["landfall"]);
}

//! What a query's words are translated into: a word the curated glossary translated
//! (inside `touche terre`: `make landfall`) is not translated again by the general
//! dictionary, whose every sense of it (`touche`: a key) would pull in articles about
//! something else; and in a query whose function words name its language (`le`, `du`:
//! French), those words are grammar, not concepts: they neither match nor count in another
//! language, where they are rare look-alikes (English `le` in `Le Mans`).

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

/// The ids of the articles a query finds, sorted.
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

#[test]
fn function_words_of_the_query_language_are_no_concepts_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let articles = [
        article(
            "storm",
            Lang::En,
            "Typhoon reaches the north",
            "The typhoon reached the north coast on Saturday.",
        ),
        article(
            "race",
            Lang::En,
            "Le Mans",
            "The driver won at Le Mans, the oldest endurance race, on Sunday.",
        ),
        article(
            "tempete",
            Lang::Fr,
            "Le typhon atteint le nord",
            "Le typhon a atteint la côte du nord samedi.",
        ),
    ];
    newsindex_build::build_articles(&dir, &articles, true).unwrap();
    let glossary =
        Lexicon::parse_tsv("vi\tfr\ten\nbão\ttyphon\ttyphoon\nmiền Bắc\tnord\tnorth\n").unwrap();
    let engine = Engine::with_lexicons(
        NewsIndex::open(&dir).unwrap(),
        &glossary,
        &Lexicon::default(),
    )
    .unwrap();
    let found = hits(&engine, "le typhon dans le nord du pays");
    assert!(found.contains(&"storm".to_string()), "{found:?}");
    assert!(found.contains(&"tempete".to_string()), "{found:?}");
    assert!(!found.contains(&"race".to_string()), "{found:?}");
    // With one function word the language is not named: `le` is still a word.
    assert!(hits(&engine, "le Mans").contains(&"race".to_string()));
}

//! Results by date do not depend on how the index happened to be written: articles of the
//! same day come in one order whatever the order of their documents (which, with several
//! writer threads, changes from one build to the next).

use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, SearchRequest, Sort};

fn articles() -> Vec<Article> {
    // Ten unrelated stories that share one word.
    let texts = [
        "The football final in Hue was postponed by rain on Sunday.",
        "A bakery in Lyon sells bread made with rain water, its owner says.",
        "Rain delayed the opening of the new metro line in Ho Chi Minh City by an hour.",
        "The tennis semi-final at Wimbledon resumed after the rain stopped.",
        "Farmers in Dak Lak welcomed the first rain of the season for their coffee.",
        "A concert by the city orchestra moved indoors because of the rain forecast.",
        "Rain and fog closed Noi Bai airport to arrivals for three hours.",
        "The marathon in Berlin was run in steady rain and a record crowd.",
        "Rice prices fell as rain helped the harvest in the Mekong Delta.",
        "An exhibition of paintings of rain opened at the Fine Arts Museum.",
    ];
    texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let mut article = Article::new(format!("a{n:02}"), Lang::En);
            article.title = text.split(" in ").next().unwrap_or(text).to_string();
            article.text = (*text).to_string();
            // Two days, five articles each: ties on the day inside both.
            article.date = Date::new(2025, 10, 27 + (n % 2) as u32);
            article.origin = format!("corpus/a{n:02}.txt");
            article
        })
        .collect()
}

fn ids_by_date(articles: &[Article], limit: usize) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    newsindex_build::build_articles(&dir, articles, true).unwrap();
    let engine = Engine::new(NewsIndex::open(&dir).unwrap()).unwrap();
    let mut request = SearchRequest::new("rain");
    request.sort = Sort::Date;
    request.limit = limit;
    let response = engine.search(&request).unwrap();
    response.hits.iter().map(|hit| hit.id.clone()).collect()
}

#[test]
fn equal_dates_come_in_one_order_whatever_the_order_of_the_documents() {
    let forward = articles();
    let mut backward = forward.clone();
    backward.reverse();
    for limit in [3, 10] {
        let (a, b) = (ids_by_date(&forward, limit), ids_by_date(&backward, limit));
        assert_eq!(a.len(), limit);
        assert_eq!(a, b, "limit {limit}");
    }
    // Newest day first.
    let all = ids_by_date(&forward, 10);
    let day = |id: &str| id[1..].parse::<usize>().unwrap() % 2;
    assert!(all[..5].iter().all(|id| day(id) == 1), "{all:?}");
}

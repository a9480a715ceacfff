//! A two-syllable Vietnamese translation (`cơ quan` for `agency`) is searched as its one
//! syllable-pair term: it finds the two syllables side by side, never across a full stop,
//! and its syllables are still marked in the snippet.

use newsindex_core::{Article, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, SearchRequest};

fn article(id: &str, title: &str, text: &str) -> Article {
    let mut article = Article::new(id, Lang::Vi);
    article.title = title.into();
    article.text = text.into();
    article.origin = format!("corpus/{id}.txt");
    article
}

#[test]
fn a_syllable_pair_translation_is_found_side_by_side_only_and_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let articles = [
        article(
            "side-by-side",
            "Dự báo mưa lớn",
            "Cơ quan khí tượng cho biết mưa lớn sẽ kéo dài đến cuối tuần.",
        ),
        article(
            "across-a-stop",
            "Ông Ba trả lời phỏng vấn",
            "Ông Ba nói rằng không còn cơ. Quan điểm của ông về thuế vẫn giữ nguyên.",
        ),
        // The pair must be a term some article holds for the phrase to give way to it.
        article(
            "elsewhere",
            "Họp báo của cơ quan thuế",
            "Cơ quan thuế công bố số liệu thu ngân sách tháng này.",
        ),
    ];
    newsindex_build::build_articles(&dir, &articles, true).unwrap();
    let engine = Engine::new(NewsIndex::open(&dir).unwrap()).unwrap();
    let mut request = SearchRequest::new("agency");
    request.limit = 10;
    let response = engine.search(&request).unwrap();
    let mut ids: Vec<&str> = response.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["elsewhere", "side-by-side"], "{response:#?}");
    let hit = response
        .hits
        .iter()
        .find(|h| h.id == "side-by-side")
        .unwrap();
    let marked: Vec<String> = hit
        .highlights
        .iter()
        .map(|[from, to]| hit.snippet.chars().skip(*from).take(to - from).collect())
        .collect();
    assert_eq!(marked[..2], ["Cơ", "quan"], "{hit:#?}");
}

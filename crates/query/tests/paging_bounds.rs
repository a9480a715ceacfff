//! Paging parameters out of range are a bad request, never an arithmetic overflow.

use newsindex_core::{Article, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, SearchError, SearchRequest, MAX_LIMIT};

#[test]
fn huge_offsets_are_a_bad_request_not_an_overflow() {
    // Regression: `offset + limit` overflowed (a panic in debug builds) for an offset near
    // usize::MAX, which an API query string can carry.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let mut article = Article::new("a", Lang::En);
    article.title = "Typhoon Tamarin".into();
    article.text = "Typhoon Tamarin made landfall in central Vietnam.".into();
    article.origin = "corpus/a.txt".into();
    newsindex_build::build_articles(&dir, &[article], true).unwrap();
    let engine = Engine::new(NewsIndex::open(&dir).unwrap()).unwrap();
    for offset in [usize::MAX, usize::MAX - 1, usize::MAX - MAX_LIMIT] {
        let mut request = SearchRequest::new("Tamarin");
        request.offset = offset;
        request.limit = 2;
        assert!(
            matches!(engine.search(&request), Err(SearchError::BadRequest(_))),
            "{offset}"
        );
    }
    let mut request = SearchRequest::new("Tamarin");
    request.limit = 2;
    assert_eq!(engine.search(&request).unwrap().total, 1);
}

//! The query conformance table (`tests/conformance/mod.rs` at the repository root) through
//! `GET /api/search`: the same articles, or the same errors (status 400), as the CLI gives.

#[path = "../../../tests/conformance/mod.rs"]
mod conformance;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use conformance::{Expect, ALL, CASES};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, Lexicon};
use serde_json::Value;
use std::collections::BTreeSet;
use tower::ServiceExt;

/// Percent-encodes a query string value (every byte but the unreserved ones).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn every_query_of_the_table_gives_its_articles_or_its_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("index");
    newsindex_build::build_articles(&dir, &conformance::corpus(), true)
        .expect("the test index builds");
    // The curated glossary only, as the CLI test runs it (NEWSINDEX_DICTD empty).
    let engine = Engine::with_lexicons(
        NewsIndex::open(&dir).expect("index opens"),
        &Lexicon::builtin(),
        &Lexicon::default(),
    )
    .expect("engine");
    let app = newsindex_server::router(engine);
    assert!(CASES.len() >= 60, "the table has {} cases", CASES.len());
    let mut failures = Vec::new();
    for (query, expect) in CASES {
        let uri = format!("/api/search?limit=200&q={}", encode(query));
        let request = Request::get(&uri).body(Body::empty()).expect("request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        let json: Value = serde_json::from_slice(&body).expect("JSON answer");
        match expect {
            Expect::Ids(ids) => {
                assert!(ids.iter().all(|id| ALL.contains(id)), "{query}: unknown id");
                if status != StatusCode::OK {
                    failures.push(format!("{query}: status {status}: {json}"));
                    continue;
                }
                let want: BTreeSet<&str> = ids.iter().copied().collect();
                let got: BTreeSet<&str> = json["hits"]
                    .as_array()
                    .expect("hits")
                    .iter()
                    .filter(|hit| hit["matched"] == true)
                    .filter_map(|hit| hit["id"].as_str())
                    .collect();
                if got != want {
                    failures.push(format!("{query}: got {got:?}, want {want:?}"));
                }
            }
            Expect::Error(needle) => {
                let message = json["error"].as_str().unwrap_or("");
                if status != StatusCode::BAD_REQUEST || !message.contains(needle) {
                    failures.push(format!(
                        "{query}: want 400 and an error with {needle:?}, got {status}: {json}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

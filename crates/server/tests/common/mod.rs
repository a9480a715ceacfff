//! Helpers shared by the server's integration tests.
#![allow(dead_code)]

use newsindex_core::Article;
use newsindex_index::{build_index, BuildOptions, Input};
use std::path::Path;

/// Builds (or updates, or with `full` rebuilds) a test index in `dir` from `articles`.
pub fn build_with(dir: &Path, articles: &[Article], full: bool) {
    let options = BuildOptions {
        full,
        threads: 1,
        heap_bytes: 50 << 20,
        ..BuildOptions::default()
    };
    build_index(
        dir,
        &options,
        |_known, sink| {
            for article in articles {
                sink(Input::Article(Box::new(article.clone())));
            }
            Ok(())
        },
        &|_| {},
    )
    .expect("the test index builds");
}

//! The query conformance table (`tests/conformance/mod.rs`) through the `newsindex search`
//! command: each query's exact set of matching articles, or its error and exit status 2.

mod common;
mod conformance;

use conformance::{Expect, ALL, CASES};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `newsindex search QUERY` on `index` with the curated glossary only, so that the
/// answers do not depend on which dictionaries the machine has installed.
fn search(index: &Path, query: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(["search", "--index", index.to_str().unwrap()])
        .args(["--format", "json", "--limit", "200", query])
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env("NEWSINDEX_DICTD", "")
        .output()
        .expect("run newsindex")
}

/// The ids of the articles that matched the query itself (not those their story brought).
fn matched(response: &Value) -> BTreeSet<String> {
    response["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|hit| hit["matched"] == true)
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn every_query_of_the_table_gives_its_articles_or_its_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = tmp.path().join("index");
    newsindex_build::build_articles(&index, &conformance::corpus(), true)
        .expect("the test index builds");
    assert!(CASES.len() >= 60, "the table has {} cases", CASES.len());
    let mut failures = Vec::new();
    for (query, expect) in CASES {
        let output = search(&index, query);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match expect {
            Expect::Ids(ids) => {
                let want: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
                assert!(ids.iter().all(|id| ALL.contains(id)), "{query}: unknown id");
                if output.status.code() != Some(0) {
                    failures.push(format!("{query}: exit {:?}: {stderr}", output.status));
                    continue;
                }
                let got = matched(&serde_json::from_str(&stdout).expect("JSON"));
                if got != want {
                    failures.push(format!("{query}: got {got:?}, want {want:?}"));
                }
            }
            Expect::Error(needle) => {
                if output.status.code() != Some(2)
                    || !stderr.contains(needle)
                    || stderr.contains("panicked")
                {
                    failures.push(format!(
                        "{query}: want exit 2 and an error with {needle:?}, got {:?}: {stderr}",
                        output.status
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

/// A story brings its other language versions along; an excluded language, outlet or
/// period must keep them out too, not only the articles that matched.
#[test]
fn exclusions_apply_to_the_versions_a_story_brings() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = tmp.path().join("index");
    newsindex_build::build_articles(&index, &conformance::corpus(), true)
        .expect("the test index builds");
    for (query, field, excluded) in [
        ("Yagi -lang:vi", "lang", "vi"),
        ("Yagi -source:news.example", "source", "news.example"),
        ("Yagi -date:2024-09-08", "date", "2024-09-08"),
    ] {
        let output = search(&index, query);
        assert_eq!(output.status.code(), Some(0), "{query}");
        let response: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let hits = response["hits"].as_array().expect("hits");
        assert!(!hits.is_empty(), "{query}");
        for hit in hits {
            assert_ne!(hit[field], excluded, "{query}: {hit}");
        }
    }
}

/// A query that starts with `-` is a query, wherever the options are, with or without `--`.
#[test]
fn a_query_starting_with_a_hyphen_reaches_the_parser() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = tmp.path().join("index");
    newsindex_build::build_articles(&index, &conformance::corpus(), true)
        .expect("the test index builds");
    let dir = index.to_str().unwrap();
    let want: BTreeSet<String> = ["en-yagi", "fr-yagi"].map(String::from).into();
    for args in [
        vec![
            "search",
            "-lang:vi Yagi",
            "--index",
            dir,
            "--format",
            "json",
        ],
        vec![
            "search",
            "--index",
            dir,
            "-lang:vi",
            "Yagi",
            "--format=json",
        ],
        vec![
            "search", "--index", dir, "--format", "json", "--", "-lang:vi", "Yagi",
        ],
        vec![
            "search", "-lang:vi", "--index", dir, "Yagi", "--format", "json",
        ],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_newsindex"))
            .args(&args)
            .env("NEWSINDEX_DICTD", "")
            .output()
            .expect("run newsindex");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        let response: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(response["query"], "-lang:vi Yagi", "{args:?}");
        assert_eq!(matched(&response), want, "{args:?}");
    }
    // A malformed query that starts with `-`: the query's error, not clap's.
    let output = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(["search", "--index", dir, "-(Yagi"])
        .output()
        .expect("run newsindex");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unclosed parenthesis"), "{stderr}");
    // Options `search` does not have are still refused.
    let output = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(["search", "--index", dir, "Yagi", "--bogus"])
        .output()
        .expect("run newsindex");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--bogus"));
}

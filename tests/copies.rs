//! Copies end to end: one article printed at several addresses is recognised as duplicates,
//! shown once in search results, and does not hide its translation.

mod common;

use common::{json, repo};
use serde_json::Value;
use std::path::Path;

/// Writes the Vietnamese and English Tamarin reports of the development set, with three
/// copies of the Vietnamese one at other addresses (ids `copy-1`..`copy-3`).
fn write_corpus(path: &Path) {
    let dev = std::fs::read_to_string(repo("corpus/dev/articles.jsonl")).unwrap();
    let mut out = String::new();
    for line in dev.lines() {
        let value: Value = serde_json::from_str(line).unwrap();
        let id = value["id"].as_str().unwrap();
        if id != "dev-018" && id != "dev-012" {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if id == "dev-018" {
            for n in 1..=3 {
                let mut copy = value.clone();
                copy["id"] = format!("copy-{n}").into();
                copy["url"] = format!("https://mirror{n}.example/tamarin").into();
                copy["source"] = format!("mirror{n}.example").into();
                out.push_str(&copy.to_string());
                out.push('\n');
            }
        }
    }
    std::fs::write(path, out).unwrap();
}

fn indexed() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("copies.jsonl");
    write_corpus(&input);
    let index = dir.path().join("index").to_str().unwrap().to_string();
    common::index(input.to_str().unwrap(), Path::new(&index));
    (dir, index)
}

#[test]
fn copies_are_duplicates_in_one_story_with_the_translation() {
    let (_dir, index) = indexed();
    let stories = json(&["stories", "--index", &index, "--format", "json"]);
    let stories = stories["stories"].as_array().expect("a list of stories");
    assert_eq!(stories.len(), 1, "{stories:#?}");
    let links = stories[0]["links"].as_array().unwrap();
    let relation = |a: &str, b: &str| {
        links
            .iter()
            .find(|l| l["a"] == a && l["b"] == b)
            .map(|l| l["relation"].as_str().unwrap().to_string())
    };
    for copy in ["copy-1", "copy-2", "copy-3"] {
        let linked = links
            .iter()
            .any(|l| l["relation"] == "duplicate" && (l["a"] == copy || l["b"] == copy));
        assert!(linked, "{copy} has no duplicate link: {links:#?}");
    }
    // The family's head (smallest id) meets the English version.
    assert_eq!(
        relation("copy-1", "dev-012").as_deref(),
        Some("translation"),
        "{links:#?}"
    );
    let evidence =
        links.iter().find(|l| l["relation"] == "duplicate").unwrap()["evidence"].to_string();
    assert!(evidence.contains("same text"), "{evidence}");
}

#[test]
fn search_shows_a_copied_text_once() {
    let (_dir, index) = indexed();
    let response = json(&["search", "Tamarin", "--index", &index, "--format", "json"]);
    let hits = response["hits"].as_array().unwrap();
    let vietnamese: Vec<&Value> = hits.iter().filter(|h| h["lang"] == "vi").collect();
    assert_eq!(vietnamese.len(), 1, "{hits:#?}");
    let copies: Vec<&str> = vietnamese[0]["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    // Equal scores: the smallest id stands for the family.
    assert_eq!(vietnamese[0]["id"], "copy-1");
    assert_eq!(copies, ["copy-2", "copy-3", "dev-018"]);
    assert!(hits.iter().any(|h| h["id"] == "dev-012"), "{hits:#?}");
    // Still counted: every copy is a match.
    assert_eq!(response["total"], 5);
}

#[test]
fn translations_of_a_copy_name_the_english_version() {
    let (_dir, index) = indexed();
    let answer = json(&[
        "translations",
        "dev-018",
        "--index",
        &index,
        "--format",
        "json",
    ]);
    let text = answer.to_string();
    assert!(text.contains("dev-012"), "{text}");
}

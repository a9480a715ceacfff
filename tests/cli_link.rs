//! End-to-end: translation linking measured from `newsindex stories --format json` against
//! the labels of the development corpus, and `translations` on the samples.

mod common;

use common::{dev_labels, json};
use std::collections::HashSet;
use std::path::Path;

fn index_dir() -> &'static Path {
    common::shared_corpus_index()
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

#[test]
fn translation_links_reach_precision_and_recall_bars_with_no_hard_negative() {
    let stories = json(&[
        "stories",
        "--index",
        index_dir().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let mut translations: HashSet<(String, String)> = HashSet::new();
    let mut any_link: HashSet<(String, String)> = HashSet::new();
    let mut together: HashSet<(String, String)> = HashSet::new();
    for story in stories["stories"].as_array().unwrap() {
        let ids: Vec<&str> = story["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                together.insert(pair(a, b));
            }
        }
        for link in story["links"].as_array().unwrap() {
            let p = pair(link["a"].as_str().unwrap(), link["b"].as_str().unwrap());
            assert!(
                !link["evidence"].as_array().unwrap().is_empty(),
                "a link without evidence: {link}"
            );
            any_link.insert(p.clone());
            if link["relation"] == "translation" {
                translations.insert(p);
            }
        }
    }
    let dev_translations: HashSet<(String, String)> = translations
        .iter()
        .filter(|(a, _)| a.starts_with("dev-"))
        .cloned()
        .collect();
    let mut gold: HashSet<(String, String)> = HashSet::new();
    let mut negatives: Vec<(String, String)> = Vec::new();
    for label in dev_labels("stories.jsonl") {
        match label["relation"].as_str().unwrap() {
            "translation" => {
                let ids: Vec<&str> = label["ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                for (i, a) in ids.iter().enumerate() {
                    for b in &ids[i + 1..] {
                        gold.insert(pair(a, b));
                    }
                }
            }
            "hard_negative" => {
                for a in label["a"].as_array().unwrap() {
                    for b in label["b"].as_array().unwrap() {
                        negatives.push(pair(a.as_str().unwrap(), b.as_str().unwrap()));
                    }
                }
            }
            _ => {}
        }
    }
    // A translation pair counts as found when the two are linked as translations directly
    // or through the story (a family of three needs only two direct links).
    let found: HashSet<&(String, String)> = gold
        .iter()
        .filter(|p| {
            together.contains(*p)
                && (dev_translations.contains(*p) || story_translation(&stories, p))
        })
        .collect();
    let true_positive_links = dev_translations
        .iter()
        .filter(|p| gold.contains(*p))
        .count();
    let precision = if dev_translations.is_empty() {
        0.0
    } else {
        true_positive_links as f64 / dev_translations.len() as f64
    };
    let recall = found.len() as f64 / gold.len() as f64;
    println!("translation links: {} predicted, {true_positive_links} correct; precision {precision:.3}, recall {recall:.3} over {} gold pairs", dev_translations.len(), gold.len());
    let linked_negatives: Vec<_> = negatives
        .iter()
        .filter(|p| together.contains(*p) || any_link.contains(*p))
        .collect();
    println!("hard-negative pairs linked: {}", linked_negatives.len());
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.90, "recall {recall:.3}");
    assert!(
        linked_negatives.is_empty(),
        "hard negatives linked: {linked_negatives:?}"
    );
}

/// Whether both articles sit in one story held together by translation links only.
fn story_translation(stories: &serde_json::Value, p: &(String, String)) -> bool {
    stories["stories"].as_array().unwrap().iter().any(|story| {
        let ids: Vec<&str> = story["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if !ids.contains(&p.0.as_str()) || !ids.contains(&p.1.as_str()) {
            return false;
        }
        // Walk translation links from p.0.
        let links: Vec<(String, String)> = story["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["relation"] == "translation")
            .map(|l| {
                (
                    l["a"].as_str().unwrap().to_string(),
                    l["b"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut reached = vec![p.0.clone()];
        let mut changed = true;
        while changed {
            changed = false;
            for (a, b) in &links {
                for (from, to) in [(a, b), (b, a)] {
                    if reached.contains(from) && !reached.contains(to) {
                        reached.push(to.clone());
                        changed = true;
                    }
                }
            }
        }
        reached.contains(&p.1)
    })
}

#[test]
fn samples_000_and_001_are_one_story_and_002_to_004_stay_apart() {
    let dir = index_dir().to_str().unwrap();
    let fr = json(&[
        "translations",
        "000_2e05d317a735df1b",
        "--index",
        dir,
        "--format",
        "json",
    ]);
    let versions: Vec<&str> = fr["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert!(versions.contains(&"001_f2efc2ae6c65198f"), "{fr}");
    let v = fr["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "001_f2efc2ae6c65198f")
        .unwrap();
    assert_eq!(v["relation"], "translation");
    assert!(!v["evidence"].as_array().unwrap().is_empty());
    let seeds = [
        "000_2e05d317a735df1b",
        "002_9d09bd19c57b6de0",
        "003_0da45179168786b2",
        "004_b333c2c4baefaf42",
    ];
    for seed in &seeds[1..] {
        let t = json(&["translations", seed, "--index", dir, "--format", "json"]);
        for v in t["versions"].as_array().unwrap() {
            let other = v["id"].as_str().unwrap();
            assert!(
                !seeds.contains(&other) && other != "001_f2efc2ae6c65198f",
                "{seed} linked to {other}"
            );
        }
    }
    // The French sample has no date of its own: it inherits its English version's.
    let shown = json(&[
        "show",
        "000_2e05d317a735df1b",
        "--index",
        dir,
        "--format",
        "json",
    ]);
    assert_eq!(shown["date"], "2025-05-29", "{shown}");
    assert!(shown["inherited"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "date"));
}

#[test]
fn every_hit_carries_its_story_and_versions_come_together() {
    let dir = index_dir().to_str().unwrap();
    let response = json(&[
        "search",
        "Typhoon Tamarin Quang Ngai",
        "--index",
        dir,
        "--format",
        "json",
    ]);
    let first_story = response["stories"][0]["ids"].as_array().unwrap();
    let ids: Vec<&str> = first_story.iter().map(|v| v.as_str().unwrap()).collect();
    assert!(
        ids.contains(&"dev-012") && ids.contains(&"dev-018"),
        "{response}"
    );
    for hit in response["hits"].as_array().unwrap() {
        assert!(hit["story"].as_str().is_some_and(|s| !s.is_empty()));
    }
}

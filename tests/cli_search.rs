//! End-to-end: `newsindex search` on the bundled corpus, through the CLI's JSON, CSV and text.

mod common;

use common::{dev_labels, json, run};
use serde_json::Value;
use std::path::Path;

fn index_dir() -> &'static Path {
    common::shared_corpus_index()
}

fn search(query: &str, extra: &[&str]) -> Value {
    let dir = index_dir().to_str().unwrap().to_string();
    let mut args = vec!["search", query, "--index", &dir, "--format", "json"];
    args.extend(extra);
    json(&args)
}

fn ids(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn top(response: &Value, n: usize) -> Vec<String> {
    ids(response).into_iter().take(n).collect()
}

#[test]
fn dev_queries_reach_recall_at_10_and_mrr_bars() {
    let (mut recall_sum, mut rr_sum) = (0.0, 0.0);
    let queries = dev_labels("queries.jsonl");
    for q in &queries {
        let relevant: Vec<&str> = q["relevant"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let response = search(q["query"].as_str().unwrap(), &[]);
        let top10 = top(&response, 10);
        let found = relevant
            .iter()
            .filter(|id| top10.iter().any(|t| t == *id))
            .count();
        let recall = found as f64 / relevant.len() as f64;
        let rr = top10
            .iter()
            .position(|id| relevant.contains(&id.as_str()))
            .map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
        println!(
            "{} recall@10 {recall:.2} rr {rr:.2}  {}",
            q["id"].as_str().unwrap(),
            q["query"].as_str().unwrap()
        );
        recall_sum += recall;
        rr_sum += rr;
    }
    let n = queries.len() as f64;
    let (recall, mrr) = (recall_sum / n, rr_sum / n);
    println!("mean recall@10 {recall:.3}, MRR {mrr:.3} over {n} queries");
    assert!(recall >= 0.90, "mean recall@10 {recall:.3} below 0.90");
    assert!(mrr >= 0.80, "MRR {mrr:.3} below 0.80");
}

#[test]
fn json_has_the_documented_shape() {
    let response = search("Tamarin", &[]);
    for key in ["query", "total", "hits", "stories", "facets"] {
        assert!(response.get(key).is_some(), "missing {key}: {response}");
    }
    let hit = &response["hits"][0];
    for key in [
        "id",
        "lang",
        "title",
        "url",
        "source",
        "date",
        "score",
        "story",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit misses {key}: {hit}");
    }
    for key in ["lang", "source", "month"] {
        assert!(response["facets"][key].is_object(), "facet {key}");
    }
    assert!(response["stories"][0]["ids"].is_array() && response["stories"][0]["langs"].is_array());
}

#[test]
fn vietnamese_without_diacritics_matches() {
    let response = search("nghi quyet 57", &[]);
    let hits = ids(&response);
    assert!(hits.iter().any(|id| id == "dev-021"), "{hits:?}");
    let plain = search("luat khoa hoc cong nghe va doi moi sang tao", &[]);
    assert_eq!(
        top(&plain, 1),
        vec!["dev-004"],
        "NFD article found by a plain query"
    );
}

#[test]
fn old_and_new_tone_placement_match_each_other() {
    assert_eq!(
        top(&search("Công an Hà Nội hòa Thép Xanh", &[]), 1),
        vec!["dev-036"]
    );
    assert_eq!(
        top(&search("Công an Hà Nội hoà Thép Xanh", &[]), 1),
        vec!["dev-036"]
    );
}

#[test]
fn french_elision_with_both_apostrophes() {
    let straight = top(&search("l'innovation pour tous", &[]), 5);
    let curly = top(&search("l\u{2019}innovation pour tous", &[]), 5);
    assert_eq!(straight, curly);
    assert!(straight.iter().any(|id| id == "dev-022"), "{straight:?}");
}

#[test]
fn names_with_and_without_diacritics() {
    let plain = search("To Lam Hoa Lac", &[]);
    let marked = search("Tô Lâm Hòa Lạc", &[]);
    for response in [&plain, &marked] {
        assert!(
            top(response, 6)
                .iter()
                .any(|id| id == "dev-031" || id == "dev-022" || id == "dev-035"),
            "{response}"
        );
    }
}

#[test]
fn numbers_match_across_conventions() {
    for query in ["1 132 tâches", "1.132 nhiệm vụ", "1,132 tasks"] {
        let hits = top(&search(query, &[]), 10);
        assert!(hits.iter().any(|id| id == "dev-021"), "{query}: {hits:?}");
        assert!(hits.iter().any(|id| id == "dev-011"), "{query}: {hits:?}");
    }
}

#[test]
fn filters_restrict_language_source_and_dates() {
    let fr = search("Tamarin", &["--lang", "fr"]);
    assert!(ids(&fr).iter().all(|id| id == "dev-039"), "{fr}");
    assert_eq!(fr["facets"]["lang"].as_object().unwrap().len(), 1);
    let vi_en = search("Tamarin", &["--lang", "vi,en"]);
    assert!(!ids(&vi_en).contains(&"dev-039".to_string()));
    let dated = search(
        "Resolution 57",
        &["--since", "2025-10-01", "--until", "2025-10-31"],
    );
    for hit in dated["hits"].as_array().unwrap() {
        let date = hit["date"].as_str().unwrap_or("");
        assert!(("2025-10-01"..="2025-10-31").contains(&date), "{hit}");
    }
    let inline = search("Resolution 57 since:2025-10-01 until:2025-10-31", &[]);
    assert_eq!(ids(&inline), ids(&dated));
    let source = search("Tamarin", &["--source", "vietnamwire.net"]);
    for hit in source["hits"].as_array().unwrap() {
        assert_eq!(hit["source"], "vietnamwire.net", "{hit}");
    }
}

#[test]
fn pagination_walks_through_stories_without_overlap() {
    let first = search("khoa học công nghệ", &["--limit", "3"]);
    let second = search("khoa học công nghệ", &["--limit", "3", "--offset", "3"]);
    let stories = |r: &Value| -> Vec<String> {
        r["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["story"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(stories(&first).len(), 3);
    assert_eq!(stories(&second).len(), 3);
    assert!(stories(&first)
        .iter()
        .all(|s| !stories(&second).contains(s)));
    let all = search("khoa học công nghệ", &["--limit", "6"]);
    let mut both = stories(&first);
    both.extend(stories(&second));
    assert_eq!(stories(&all), both);
}

#[test]
fn csv_has_a_header_and_one_row_per_hit() {
    let dir = index_dir().to_str().unwrap().to_string();
    let output = run(&["search", "Tamarin", "--index", &dir, "--format", "csv"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "rank,id,lang,title,url,source,date,score,story,matched,snippet,copies"
    );
    let json_hits = ids(&search("Tamarin", &[]));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), json_hits.len());
    assert!(
        rows[0].starts_with(&format!("1,{},", json_hits[0])),
        "{}",
        rows[0]
    );
}

#[test]
fn csv_bom_starts_the_csv_with_a_byte_order_mark_only_when_asked() {
    let dir = index_dir().to_str().unwrap().to_string();
    let plain = run(&["search", "Tamarin", "--index", &dir, "--format", "csv"]);
    let with_bom = run(&[
        "search",
        "Tamarin",
        "--index",
        &dir,
        "--format",
        "csv",
        "--csv-bom",
    ]);
    assert!(plain.status.success() && with_bom.status.success());
    assert!(plain.stdout.starts_with(b"rank,"));
    assert!(with_bom.stdout.starts_with(b"\xEF\xBB\xBFrank,"));
    assert_eq!(&with_bom.stdout[3..], &plain.stdout[..]);
    let json = run(&["search", "Tamarin", "--index", &dir, "--csv-bom"]);
    assert_eq!(json.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&json.stderr).contains("--format csv"));
    let help = run(&["search", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--csv-bom"));
}

#[test]
fn histogram_counts_coverage_per_language() {
    let response = search("Tamarin", &["--histogram", "month"]);
    let buckets = response["histogram"]["buckets"].as_array().unwrap();
    let november = buckets
        .iter()
        .find(|b| b["key"] == "2025-11")
        .expect("2025-11 bucket");
    assert!(november["langs"]["vi"].as_u64().unwrap() >= 1);
    assert!(november["langs"]["fr"].as_u64().unwrap() >= 1);
    let total: u64 = buckets.iter().map(|b| b["total"].as_u64().unwrap()).sum();
    assert_eq!(total, response["total"].as_u64().unwrap());
    let dir = index_dir().to_str().unwrap().to_string();
    let text = run(&["search", "Tamarin", "--index", &dir, "--histogram", "week"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("coverage by"));
}

#[test]
fn text_output_groups_versions_and_highlights() {
    let dir = index_dir().to_str().unwrap().to_string();
    let output = run(&["search", "Tamarin", "--index", &dir]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("[Tamarin]"), "{text}");
    assert!(
        text.contains("languages:") && text.contains("outlets:"),
        "{text}"
    );
}

#[test]
fn bad_queries_get_a_message_not_a_panic() {
    let dir = index_dir().to_str().unwrap().to_string();
    for query in ["\"unclosed", "OR", "since:yesterday", "lang:xx"] {
        let output = run(&["search", query, "--index", &dir]);
        assert_eq!(output.status.code(), Some(2), "{query}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("query error") && !stderr.contains("panicked"),
            "{query}: {stderr}"
        );
    }
    let long = "(".repeat(100_000);
    let output = run(&["search", &long, "--index", &dir]);
    assert_eq!(output.status.code(), Some(2));
}

//! Search quality on the labelled development corpus: indexes `corpus/dev/articles.jsonl`
//! and runs its 25 queries, printing recall@10 over `relevant` and the reciprocal rank of
//! the first relevant hit per query. The bars are the product's: mean recall@10 >= 0.90 and
//! MRR >= 0.80. (The end-to-end test in `tests/` checks the same through the CLI's JSON.)

use newsindex_core::{Article, Date, Lang};
use newsindex_index::{build_index, BuildOptions, Input, NewsIndex};
use newsindex_query::{Engine, SearchRequest};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

fn workspace_file(relative: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn dev_articles() -> Vec<Article> {
    let gold: HashMap<String, String> = workspace_file("corpus/dev/lang_gold.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    workspace_file("corpus/dev/articles.jsonl")
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            let lang = Lang::parse(v["lang"].as_str().unwrap_or(&gold[&id])).unwrap();
            let mut a = Article::new(id, lang);
            a.title = newsindex_analysis::normalize_text(v["title"].as_str().unwrap_or(""));
            a.text = newsindex_analysis::normalize_text(v["text"].as_str().unwrap_or(""));
            a.url = v["url"].as_str().map(String::from);
            a.source = v["source"].as_str().map(String::from);
            a.date = v["date"].as_str().and_then(Date::parse_iso);
            a.origin = format!("corpus/dev/articles.jsonl:{}", n + 1);
            a
        })
        .collect()
}

#[test]
fn dev_queries_reach_the_recall_and_mrr_bars() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let articles = dev_articles();
    let options = BuildOptions {
        threads: 2,
        heap_bytes: 100 << 20,
        ..BuildOptions::default()
    };
    build_index(
        &dir,
        &options,
        |sink| {
            for a in &articles {
                sink(Input::Article(Box::new(a.clone())));
            }
            Ok(())
        },
        &|_| {},
    )
    .unwrap();
    let engine = Engine::new(NewsIndex::open(&dir).unwrap()).unwrap();
    let (mut recall_sum, mut rr_sum, mut n) = (0.0, 0.0, 0.0);
    for line in workspace_file("corpus/dev/queries.jsonl").lines() {
        let q: Value = serde_json::from_str(line).unwrap();
        let relevant: Vec<&str> = q["relevant"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let response = engine
            .search(&SearchRequest::new(q["query"].as_str().unwrap()))
            .unwrap();
        let top: Vec<&str> = response
            .hits
            .iter()
            .take(10)
            .map(|h| h.id.as_str())
            .collect();
        let found = relevant.iter().filter(|id| top.contains(id)).count();
        let recall = found as f64 / relevant.len() as f64;
        let rr = top
            .iter()
            .position(|id| relevant.contains(id))
            .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0));
        println!(
            "{} recall@10={recall:.2} rr={rr:.2} {:?} top={:?} missing={:?}",
            q["id"].as_str().unwrap(),
            q["query"].as_str().unwrap(),
            top,
            relevant
                .iter()
                .filter(|id| !top.contains(id))
                .collect::<Vec<_>>()
        );
        recall_sum += recall;
        rr_sum += rr;
        n += 1.0;
    }
    let (recall, mrr) = (recall_sum / n, rr_sum / n);
    println!("mean recall@10 = {recall:.3}, MRR = {mrr:.3}");
    assert!(recall >= 0.90, "mean recall@10 {recall:.3} < 0.90");
    assert!(mrr >= 0.80, "MRR {mrr:.3} < 0.80");
}

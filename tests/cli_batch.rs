//! `newsindex batch`: the build's steps run apart over JSON lines, as the Spark job runs them,
//! give the index `newsindex index --full` gives (stories and search results), and name bad
//! records without stopping.

mod common;

use common::{json, root};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `newsindex batch ARGS` from the repository root with `input` on stdin; returns stdout
/// lines, which must come with exit status 0.
fn batch(args: &[&str], input: &str) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .arg("batch")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsindex batch");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "newsindex batch {args:?}: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn kind(line: &str) -> String {
    let value: Value = serde_json::from_str(line).unwrap();
    value["kind"].as_str().unwrap_or("").to_string()
}

#[test]
fn the_steps_in_two_partitions_build_what_index_full_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs_with_bad_records(tmp.path());
    let listing = list(&inputs);
    assert!(listing.iter().any(|l| l.contains("articles.jsonl")));
    // Two partitions, the files dealt alternately, as a job would.
    let (even, odd): (Vec<_>, Vec<_>) = listing.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let part = |files: Vec<(usize, &String)>| {
        let input: String = files.iter().map(|(_, l)| format!("{l}\n")).collect();
        batch(&["facts"], &input)
    };
    let parts = [part(even), part(odd)];
    let rejected: Vec<&String> = parts
        .iter()
        .flatten()
        .filter(|l| kind(l) == "rejected")
        .collect();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0].contains("bad.jsonl:3"), "{}", rejected[0]);

    // Link over all facts in input order, the article text cut off as the job does.
    let mut articles: Vec<(Vec<u64>, String)> = parts
        .iter()
        .flatten()
        .filter(|l| kind(l) == "article")
        .map(|l| {
            let value: Value = serde_json::from_str(l).unwrap();
            let order = serde_json::from_value(value["order"].clone()).unwrap();
            let cut = l.find(",\"article\":").expect("article member");
            (order, format!("{}}}", &l[..cut]))
        })
        .collect();
    articles.sort();
    let compact: String = articles.iter().map(|(_, l)| format!("{l}\n")).collect();
    let links = batch(&["link"], &compact);
    let duplicate: Vec<&String> = links.iter().filter(|l| kind(l) == "duplicate").collect();
    assert_eq!(duplicate.len(), 1, "{links:?}");
    assert!(duplicate[0].contains("bad.jsonl:2") && duplicate[0].contains("duplicate id: dev-001"));
    assert_eq!(kind(links.last().unwrap()), "totals");
    let links_file = tmp.path().join("links.jsonl");
    std::fs::write(&links_file, links.join("\n")).unwrap();

    let mut shards = Vec::new();
    for (i, lines) in parts.iter().enumerate() {
        let dir = tmp.path().join(format!("shard-{i}"));
        let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let args = [
            "shard",
            dir.to_str().unwrap(),
            "--links",
            links_file.to_str().unwrap(),
        ];
        batch(&args, &input);
        shards.push(dir.to_str().unwrap().to_string());
    }
    let (merged, summary) = merge(tmp.path(), &shards);

    assert_builds_like_index_full(&merged, &summary, &inputs, tmp.path());
}

/// A corpus of the development articles, the seeds and a file with a duplicate id and a cut
/// record, in `dir`; returns the inputs.
fn inputs_with_bad_records(dir: &Path) -> [String; 3] {
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"b1\",\"lang\":\"en\",\"title\":\"Bridge\",\"text\":\"The new bridge opened to traffic.\"}\n\
         {\"id\":\"dev-001\",\"lang\":\"en\",\"title\":\"Same id\",\"text\":\"A record reusing an id.\"}\n\
         {\"id\":\"b3\",\"lang\":\"en\",\"ti",
    )
    .unwrap();
    [
        "corpus/dev".into(),
        "corpus/seeds".into(),
        bad.to_str().unwrap().into(),
    ]
}

/// `batch list` of `inputs`.
fn list(inputs: &[String]) -> Vec<String> {
    let mut args = vec!["list"];
    args.extend(inputs.iter().map(String::as_str));
    batch(&args, "")
}

/// `batch merge` of `shards` into `tmp/merged`; returns its path and summary.
fn merge(tmp: &Path, shards: &[String]) -> (std::path::PathBuf, Value) {
    let merged = tmp.join("merged");
    let mut args = vec!["merge", merged.to_str().unwrap()];
    args.extend(shards.iter().map(String::as_str));
    let summary = serde_json::from_str(&batch(&args, "")[0]).unwrap();
    (merged, summary)
}

/// Checks that the merged index has the stories and search results `newsindex index --full`
/// gives on `inputs` (built in `tmp`), and that the merge's summary counts its articles.
fn assert_builds_like_index_full(merged: &Path, summary: &Value, inputs: &[String], tmp: &Path) {
    let single = tmp.join("single");
    let mut args = vec!["index", "--full", "-q", "--index", single.to_str().unwrap()];
    args.extend(inputs.iter().map(String::as_str));
    let built = common::run(&args);
    assert_eq!(built.status.code(), Some(1), "two records rejected");

    let stories = |index: &Path| {
        json(&[
            "stories",
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
        ])
    };
    let single_stories = stories(&single);
    assert_eq!(stories(merged), single_stories);
    let count = |v: &Value| {
        v["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["ids"].as_array().unwrap().len())
            .sum::<usize>()
    };
    assert_eq!(
        summary["articles"].as_u64().unwrap() as usize,
        count(&single_stories)
    );
    for query in [
        "nghị quyết 57-NQ/TW",
        "transformation numérique",
        "bridge traffic",
    ] {
        let hits = |index: &Path| common::search(index, query, &["--limit", "10"])["hits"].clone();
        assert_eq!(hits(merged), hits(&single), "{query}");
    }
}

#[test]
fn the_steps_through_facts_files_build_what_index_full_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs_with_bad_records(tmp.path());
    let listing = list(&inputs);
    // Two partitions, the files dealt alternately, each writing its files' facts apart.
    let facts_dir = tmp.path().join("facts");
    let facts_dir = facts_dir.to_str().unwrap();
    let mut files: Vec<(u64, usize, String)> = Vec::new();
    let mut rejected = Vec::new();
    for partition in 0..2 {
        let input: String = listing
            .iter()
            .skip(partition)
            .step_by(2)
            .map(|l| format!("{l}\n"))
            .collect();
        for line in batch(&["facts", "--out", facts_dir], &input) {
            let value: Value = serde_json::from_str(&line).unwrap();
            match value["facts"].as_str() {
                Some(path) => files.push((value["file"].as_u64().unwrap(), partition, path.into())),
                None => rejected.push(line),
            }
        }
    }
    assert_eq!(files.len(), listing.len());
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0].contains("bad.jsonl:3"), "{}", rejected[0]);

    // The link step reads every file in listing order; each shard its partition's files.
    files.sort();
    let mut args = vec!["link", "--facts"];
    args.extend(files.iter().map(|(_, _, path)| path.as_str()));
    let links = batch(&args, "");
    assert!(links.iter().any(|l| l.contains("duplicate id: dev-001")));
    let links_file = tmp.path().join("links.jsonl");
    std::fs::write(&links_file, links.join("\n")).unwrap();
    let mut shards = Vec::new();
    for partition in 0..2 {
        let dir = tmp.path().join(format!("shard-{partition}"));
        let mut args = vec![
            "shard",
            dir.to_str().unwrap(),
            "--links",
            links_file.to_str().unwrap(),
            "--facts",
        ];
        args.extend(
            files
                .iter()
                .filter(|(_, p, _)| *p == partition)
                .map(|(_, _, path)| path.as_str()),
        );
        batch(&args, "");
        shards.push(dir.to_str().unwrap().to_string());
    }
    let (merged, summary) = merge(tmp.path(), &shards);
    assert_builds_like_index_full(&merged, &summary, &inputs, tmp.path());
}

#[test]
fn a_scoring_group_naming_an_article_not_sent_before_fails_the_step_naming_it() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(["batch", "score", "--articles", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsindex batch score");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"article\":0,\"partners\":[2]}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    // Exit 2: a pipe line between steps is wrong, the job must not go on without it.
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("scoring group of article 0: article 0: no keyed article line"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

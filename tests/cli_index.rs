//! End-to-end: `newsindex index`, `stats` and `show` on real files, incremental runs, and a
//! `--full` rebuild killed with SIGKILL.

mod common;

use common::{json, repo, run, run_in, search};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn index_json(paths: &[&Path], dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args: Vec<&str> = vec!["index"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    args.extend([
        "--index",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    args.extend(extra);
    json(&args)
}

#[test]
fn incremental_runs_report_added_unchanged_updated_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let dir = tmp.path().join("index");
    std::fs::create_dir_all(corpus.join("seeds")).unwrap();
    for entry in std::fs::read_dir(repo("corpus/seeds")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join("seeds").join(entry.file_name())).unwrap();
    }
    let seeds = index_json(&[&corpus], &dir, &[]);
    assert_eq!(seeds["added"], 5, "{seeds}");
    // The peak resident memory so far after each stage: the kernel's high-water mark, so it
    // never falls from one stage to the next.
    if cfg!(target_os = "linux") {
        let peak = |stage: &str| seeds["peak_rss_mib"][stage].as_u64().unwrap_or(0);
        let peaks = ["read", "link", "write", "commit"].map(peak);
        assert!(peaks[0] > 0 && peaks.is_sorted(), "{seeds}");
    }

    // Then the development articles: 45 more, the seeds unchanged.
    let dev = repo("corpus/dev/articles.jsonl");
    std::fs::copy(&dev, corpus.join("articles.jsonl")).unwrap();
    let both = index_json(&[&corpus], &dir, &[]);
    assert_eq!(
        (both["added"].as_u64(), both["unchanged"].as_u64()),
        (Some(45), Some(5)),
        "{both}"
    );

    let again = index_json(&[&corpus], &dir, &[]);
    assert_eq!(again["unchanged"], 50, "{again}");
    assert_eq!(
        (
            again["added"].as_u64(),
            again["updated"].as_u64(),
            again["removed"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );

    // Edit one file: one update.
    let seed = corpus.join("seeds/002_9d09bd19c57b6de0.txt");
    let mut text = std::fs::read_to_string(&seed).unwrap();
    text = text.replacen("Premier ministre", "Premier Ministre", 1);
    std::fs::write(&seed, text).unwrap();
    let edited = index_json(&[&corpus], &dir, &[]);
    assert_eq!(
        (edited["updated"].as_u64(), edited["unchanged"].as_u64()),
        (Some(1), Some(49)),
        "{edited}"
    );

    // Delete one file: one removal.
    std::fs::remove_file(corpus.join("seeds/004_b333c2c4baefaf42.txt")).unwrap();
    let removed = index_json(&[&corpus], &dir, &[]);
    assert_eq!(removed["removed"], 1, "{removed}");

    let stats = json(&[
        "stats",
        "--index",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(stats["articles"], 49, "{stats}");
    assert!(stats["langs"]["vi"].as_u64().unwrap() >= 16, "{stats}");
}

#[test]
fn show_prints_the_stored_record() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    common::index_corpus(&dir);
    let shown = json(&[
        "show",
        "001_f2efc2ae6c65198f",
        "--index",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(shown["lang"], "en");
    assert_eq!(shown["source"], "nhandan.vn");
    assert_eq!(shown["date"], "2025-05-29");
    assert!(shown["story"].is_string());
    let text = run(&["show", "dev-004", "--index", dir.to_str().unwrap()]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("Luật Khoa học"));
    let missing = run(&["show", "no-such-id", "--index", dir.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-id"));
}

#[test]
fn search_on_a_fresh_checkout_builds_the_index_first() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(
        repo("corpus/dev/articles.jsonl"),
        corpus.join("articles.jsonl"),
    )
    .unwrap();
    let output = run_in(tmp.path(), &["search", "Tamarin", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("building it from corpus/"));
    assert!(tmp.path().join("index/meta.json").exists());
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(response["total"].as_u64().unwrap() >= 2, "{response}");
}

/// Writes a corpus of `copies` × 45 dev articles with distinct ids, big enough that a build
/// takes a while.
fn big_corpus(path: &Path, copies: usize) {
    let dev = std::fs::read_to_string(repo("corpus/dev/articles.jsonl")).unwrap();
    let mut out = String::new();
    for copy in 0..copies {
        for line in dev.lines() {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = format!("{}-c{copy}", value["id"].as_str().unwrap());
            value["id"] = id.into();
            out.push_str(&value.to_string());
            out.push('\n');
        }
    }
    std::fs::write(path, out).unwrap();
}

fn search_ids(dir: &Path, query: &str) -> Vec<String> {
    let response = json(&[
        "search",
        query,
        "--index",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--limit",
        "20",
    ]);
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sigkill_during_a_full_rebuild_leaves_the_previous_index_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.jsonl");
    big_corpus(&input, 40);
    let dir = tmp.path().join("index");
    let first = index_json(&[&input], &dir, &[]);
    assert_eq!(first["added"], 1800, "{first}");
    let queries = ["Tamarin", "nghị quyết 57", "Tô Lâm innovation"];
    let before: Vec<Vec<String>> = queries.iter().map(|q| search_ids(&dir, q)).collect();

    for delay_ms in [50u64, 300, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsindex"))
            .args([
                "index",
                input.to_str().unwrap(),
                "--index",
                dir.to_str().unwrap(),
                "--full",
                "--quiet",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let after: Vec<Vec<String>> = queries.iter().map(|q| search_ids(&dir, q)).collect();
        assert_eq!(
            after, before,
            "results changed after a kill at {delay_ms} ms"
        );
        let stats = json(&[
            "stats",
            "--index",
            dir.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(stats["articles"], 1800);
    }
    let rerun = index_json(&[&input], &dir, &["--full"]);
    assert_eq!(rerun["articles"], 1800, "{rerun}");
    assert_eq!(rerun["unchanged"], 1800, "{rerun}");
}

#[test]
fn a_path_that_does_not_exist_is_fatal_and_leaves_the_index_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let built = index_json(&[&repo("corpus")], &dir, &[]);
    assert_eq!(built["added"], 50, "{built}");
    let missing = tmp.path().join("no-such-corpus");
    for extra in [&["--full"][..], &[][..]] {
        let mut args = vec!["index", missing.to_str().unwrap(), "--index"];
        args.push(dir.to_str().unwrap());
        args.extend(extra);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("no-such-corpus") && stderr.contains("not changed"),
            "{stderr}"
        );
    }
    let stats = json(&[
        "stats",
        "--index",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(stats["articles"], 50, "{stats}");
}

#[test]
fn quiet_prints_no_summary_and_stats_counts_versions_as_index_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let dir_arg = dir.to_str().unwrap();
    let output = run(&["index", "corpus", "--index", dir_arg, "-q"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let again = index_json(&[&repo("corpus")], &dir, &[]);
    let stats = json(&["stats", "--index", dir_arg, "--format", "json"]);
    assert_eq!(stats["stories"], again["stories"], "{stats} {again}");
    assert_eq!(
        stats["linked_stories"], again["linked_stories"],
        "{stats} {again}"
    );
    assert!(stats["multilingual_stories"].as_u64() <= stats["linked_stories"].as_u64());
}

/// An index directory as an older version (another schema) would leave it.
fn old_schema_index(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("old_field", tantivy::schema::STORED);
    tantivy::Index::create_in_dir(dir, builder.build()).unwrap();
}

#[test]
fn a_second_full_rebuild_of_an_old_index_is_refused_while_the_first_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.jsonl");
    big_corpus(&input, 60);
    let dir = tmp.path().join("index");
    old_schema_index(&dir);
    let dir_arg = dir.to_str().unwrap();
    let args = [
        "index",
        input.to_str().unwrap(),
        "--index",
        dir_arg,
        "--full",
    ];
    let mut first = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .args(args.iter().chain(&["--quiet"]))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first run holds the lock from before its rebuild directory exists until the swap.
    let fresh = tmp.path().join(".index.rebuild");
    let waited = std::time::Instant::now();
    while !fresh.exists() && waited.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(fresh.exists(), "the first run never started its rebuild");
    let second = run(&args);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another `newsindex index` run"), "{stderr}");
    // The second run deleted nothing of the first one's work: it completes and publishes.
    assert!(first.wait().unwrap().success());
    let stats = json(&["stats", "--index", dir_arg, "--format", "json"]);
    assert_eq!(stats["articles"], 2700, "{stats}");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".index"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Sets a file's modification time `secs` seconds in the past (a file written just now is
/// never trusted by its stamp).
fn age(path: &Path, secs: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    let when = std::time::SystemTime::now() - Duration::from_secs(secs);
    file.set_modified(when).unwrap();
}

#[test]
fn unchanged_files_are_not_read_and_a_touched_file_is_recognised_by_its_records() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let dev = std::fs::read_to_string(repo("corpus/dev/articles.jsonl")).unwrap();
    let lines: Vec<&str> = dev.lines().collect();
    let (a, b) = (corpus.join("a.jsonl"), corpus.join("b.jsonl"));
    std::fs::write(&a, lines[..20].join("\n")).unwrap();
    std::fs::write(&b, lines[20..].join("\n")).unwrap();
    // A file with a rejected record is read every time, so its rejection is told every time.
    let bad = corpus.join("c.jsonl");
    std::fs::write(&bad, "{not json\n").unwrap();
    for file in [&a, &b, &bad] {
        age(file, 3600);
    }
    let dir = tmp.path().join("index");
    let total = lines.len() as u64;
    let counts = |extra: &[&str]| {
        let mut args = vec!["index", corpus.to_str().unwrap(), "--index"];
        args.extend([dir.to_str().unwrap(), "--format", "json", "--quiet"]);
        args.extend(extra);
        let output = run(&args);
        // Exit 1: the bad record is rejected in every run.
        assert_eq!(output.status.code(), Some(1));
        let s: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let field = |name: &str| s[name].as_u64().unwrap();
        let got = ["files_skipped", "added", "updated", "unchanged", "rejected"].map(field);
        assert_eq!(field("articles"), total, "{s}");
        got
    };
    assert_eq!(counts(&[]), [0, total, 0, 0, 1]);
    assert_eq!(counts(&[]), [2, 0, 0, total, 1]);
    // Touched, same records: read again, found unchanged by its hashes, and trusted again.
    age(&a, 600);
    assert_eq!(counts(&[]), [1, 0, 0, total, 1]);
    assert_eq!(counts(&[]), [2, 0, 0, total, 1]);
    // One record changed: its file is read, the other is not.
    let mut edited: Vec<String> = lines[20..].iter().map(|l| l.to_string()).collect();
    let mut record: serde_json::Value = serde_json::from_str(&edited[0]).unwrap();
    record["text"] = format!("{} One more sentence.", record["text"].as_str().unwrap()).into();
    edited[0] = record.to_string();
    std::fs::write(&b, edited.join("\n")).unwrap();
    age(&b, 60);
    assert_eq!(counts(&[]), [1, 0, 1, total - 1, 1]);
    // A full rebuild reads everything; a file table of one commit is all that stays.
    assert_eq!(counts(&["--full"]), [0, 0, 0, total, 1]);
    let tables = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("newsindex-files-")
        })
        .count();
    assert_eq!(tables, 1);
    assert_eq!(counts(&[]), [2, 0, 0, total, 1]);
}

/// Everything a reader of the index can see of it: the stories, and the stored record of
/// every article (origins included). A link's score and evidence lines are left out: they
/// are measured against the whole corpus' statistics, and an incremental run rewrites an
/// article when its story, linked ids or relations change, not when the statistics drift
/// (README, "Reindex a corpus"); the link itself, its ends and relation, stay in.
fn visible(dir: &Path, ids: &[String]) -> (serde_json::Value, Vec<serde_json::Value>) {
    let dir = dir.to_str().unwrap();
    let stories = run(&["stories", "--index", dir, "--format", "json"]);
    assert!(stories.status.success());
    let records = ids
        .iter()
        .map(|id| {
            let shown = run(&["show", id, "--index", dir, "--format", "json"]);
            let mut record = serde_json::from_slice(&shown.stdout).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(&shown.stdout).into())
            });
            without_link_measures(&mut record);
            serde_json::json!({ "id": id, "record": record })
        })
        .collect();
    let mut stories = serde_json::from_slice(&stories.stdout).unwrap();
    without_link_measures(&mut stories);
    (stories, records)
}

/// Drops the `score` and `evidence` of every link object inside `value`.
fn without_link_measures(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.contains_key("relation") && map.contains_key("a") && map.contains_key("b") {
                map.remove("score");
                map.remove("evidence");
            }
            map.values_mut().for_each(without_link_measures);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_link_measures),
        _ => {}
    }
}

#[test]
fn an_incremental_run_over_edited_moved_deleted_and_copied_records_equals_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let dev = std::fs::read_to_string(repo("corpus/dev/articles.jsonl")).unwrap();
    let mut lines: Vec<String> = dev.lines().take(20).map(str::to_string).collect();
    let file = corpus.join("a.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    // A one-article file, whose id comes from its name.
    let seed = "000_2e05d317a735df1b.txt";
    std::fs::copy(repo("corpus/seeds").join(seed), corpus.join(seed)).unwrap();
    let (incremental, full) = (tmp.path().join("incremental"), tmp.path().join("full"));
    let first = index_json(&[&corpus], &incremental, &[]);
    assert_eq!(first["added"], 21, "{first}");

    // One line edited, one deleted (every later line moves up), one copied to an earlier
    // line (the copy comes first, so the original is now the duplicate), and the file renamed.
    let mut record: serde_json::Value = serde_json::from_str(&lines[2]).unwrap();
    record["text"] = format!("{} One more sentence.", record["text"].as_str().unwrap()).into();
    lines[2] = record.to_string();
    lines.remove(5);
    let copied = lines[12].clone();
    lines.insert(8, copied);
    std::fs::write(&file, lines.join("\n")).unwrap();
    std::fs::rename(corpus.join(seed), corpus.join("renamed.txt")).unwrap();

    // Exit 1: the duplicate is rejected, in both runs alike.
    let index_with_rejection = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["index", corpus.to_str().unwrap(), "--index"];
        args.extend([dir.to_str().unwrap(), "--format", "json", "--quiet"]);
        args.extend(extra);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let again = index_with_rejection(&incremental, &[]);
    let rebuilt = index_with_rejection(&full, &["--full"]);
    let counts = |s: &serde_json::Value| {
        ["articles", "stories", "linked_stories", "rejected"].map(|k| s[k].as_u64().unwrap())
    };
    assert_eq!(counts(&again), counts(&rebuilt), "{again}\n{rebuilt}");
    // Removed: the deleted line and the renamed file's old id; added: its new id.
    assert_eq!(
        (again["removed"].as_u64(), again["added"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(again["rejected"], 1, "{again}");
    let id_of = |line: &str| {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        record["id"].as_str().unwrap().to_string()
    };
    let mut ids: Vec<String> = lines.iter().map(|line| id_of(line)).collect();
    ids.extend([
        "renamed".to_string(),
        seed.trim_end_matches(".txt").to_string(),
    ]);
    ids.sort();
    ids.dedup();
    let (stories, records) = visible(&incremental, &ids);
    assert_eq!((stories, records), visible(&full, &ids));
    // Moved lines carry their new place, not the one they were indexed at.
    let moved = id_of(&lines[15]);
    let index = incremental.to_str().unwrap();
    let shown = json(&["show", &moved, "--index", index, "--format", "json"]);
    assert!(shown.to_string().contains("a.jsonl:16"), "{shown}");
}

#[test]
fn a_duplicate_id_is_named_on_stderr_with_its_line_and_the_first_one() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("feed.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"x1","title":"Typhoon","text":"Typhoon Yagi hit Hanoi.","lang":"en"}"#,
            "\n",
            r#"{"id":"x1","title":"Rain","text":"Rain fell on Hue all week.","lang":"en"}"#,
            "\n"
        ),
    )
    .unwrap();
    let dir = tmp.path().join("index");
    let output = run(&[
        "index",
        input.to_str().unwrap(),
        "--index",
        dir.to_str().unwrap(),
        "--full",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("feed.jsonl:2: duplicate id: x1 (first seen at ")
            && stderr.contains("feed.jsonl:1)"),
        "{stderr}"
    );
}

#[test]
fn a_page_dated_only_by_its_month_is_counted_in_that_month_and_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(
        pages.join("month.txt"),
        "Ferries return to the north pier after repairs\n\nThe ferry service resumed after a week of repairs to the northern pier, the harbour office said.\n\nSource: https://news.example.com/2017/08/ferries-return-to-the-north-pier\n",
    )
    .unwrap();
    std::fs::write(
        pages.join("day.txt"),
        "Harbour office opens a second ferry pier\n\nThe harbour office opened a second ferry pier on the north shore, a week after the repairs.\n\nSource: https://news.example.com/2017/08/21/harbour-office-opens-a-second-pier\n",
    )
    .unwrap();
    let dir = tmp.path().join("ix");
    index_json(&[&pages], &dir, &[]);
    let response = search(&dir, "ferry pier", &[]);
    let hits = response["hits"].as_array().unwrap();
    let month = hits.iter().find(|h| h["id"] == "month").unwrap();
    assert_eq!(month["date"], serde_json::Value::Null);
    assert_eq!(month["month"], "2017-08");
    let day = hits.iter().find(|h| h["id"] == "day").unwrap();
    assert_eq!(day["date"], "2017-08-21");
    assert_eq!(day.get("month"), None);
    assert_eq!(response["facets"]["month"]["2017-08"], 2);
    // A date filter asks for days: the page without one passes none.
    let filtered = search(&dir, "ferry pier date:2017-08", &[]);
    let ids: Vec<&str> = filtered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["day"]);
}

//! A bounded load test on loopback: 50 concurrent clients send 3,000 requests (searches,
//! articles, stories, stats, bad queries) to a real socket while the index is republished
//! again and again. Every answer must be the expected status (no failed request, no 5xx);
//! latency percentiles are printed, never asserted (these machines are shared and noisy).

use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::Engine;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CLIENTS: usize = 50;
const REQUESTS_PER_CLIENT: usize = 60;

fn dev_articles() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/dev");
    let gold: HashMap<String, String> = std::fs::read_to_string(root.join("lang_gold.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    std::fs::read_to_string(root.join("articles.jsonl"))
        .unwrap()
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            let lang = Lang::parse(v["lang"].as_str().unwrap_or(&gold[&id])).unwrap();
            let mut a = Article::new(id, lang);
            a.title = newsindex_analysis::normalize_text(v["title"].as_str().unwrap_or("untitled"));
            a.text = newsindex_analysis::normalize_text(v["text"].as_str().unwrap_or(""));
            a.source = v["source"].as_str().map(String::from);
            a.url = v["url"].as_str().map(String::from);
            a.date = v["date"].as_str().and_then(Date::parse_iso);
            a.origin = format!("corpus/dev/articles.jsonl:{}", n + 1);
            a
        })
        .collect()
}

/// One HTTP/1.1 request on a fresh connection; returns the status code.
async fn request(addr: std::net::SocketAddr, path: &str) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let status = raw
        .get(9..12)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse().ok());
    status.unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_get_no_failed_request_while_the_index_is_republished() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let articles = dev_articles();
    newsindex_build::build_articles(&dir, &articles, true).expect("the test index builds");
    let engine = Engine::new(NewsIndex::open(&dir).unwrap()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(newsindex_server::serve_on(engine, listener));

    // Republish the index while the clients run: full rebuilds and incremental updates.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let builds = tokio::task::spawn_blocking(move || {
        let mut count = 0;
        while !flag.load(Ordering::Relaxed) {
            let mut edited = articles.clone();
            let which = count % edited.len();
            edited[which].text.push_str(&format!(" Revision {count}."));
            newsindex_build::build_articles(&dir, &edited, count % 2 == 0)
                .expect("the test index builds");
            count += 1;
        }
        count
    });

    let paths: [(&str, u16); 8] = [
        ("/api/search?q=Tamarin", 200),
        ("/api/search?q=nghi%20quyet%2057&lang=vi,fr", 200),
        (
            "/api/search?q=transformation%20num%C3%A9rique&histogram=month",
            200,
        ),
        ("/api/articles/dev-021/translations", 200),
        ("/api/stories/dev-012", 200),
        ("/api/stats", 200),
        ("/api/search?q=%22unclosed", 400),
        ("/api/articles/no-such-id", 404),
    ];
    let started = Instant::now();
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        clients.push(tokio::spawn(async move {
            let mut results = Vec::with_capacity(REQUESTS_PER_CLIENT);
            for i in 0..REQUESTS_PER_CLIENT {
                let (path, expected) = paths[(client + i) % paths.len()];
                let sent = Instant::now();
                let status = request(addr, path).await;
                results.push((path, expected, status, sent.elapsed()));
            }
            results
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for client in clients {
        for (path, expected, status, took) in client.await.unwrap() {
            if status != expected {
                failures.push(format!("{path}: {status} (expected {expected})"));
            }
            latencies.push(took);
        }
    }
    let wall = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let rebuilds = builds.await.unwrap();
    server.abort();

    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{} requests from {CLIENTS} clients in {:.1} s ({:.0} req/s) during {rebuilds} republications: \
         p50 {:?}, p95 {:?}, p99 {:?}, max {:?}; {} failed",
        latencies.len(),
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        latencies.last().unwrap(),
        failures.len()
    );
    assert_eq!(latencies.len(), CLIENTS * REQUESTS_PER_CLIENT);
    assert!(
        rebuilds >= 1,
        "the index was never republished during the load"
    );
    assert!(failures.is_empty(), "failed requests: {failures:?}");
}

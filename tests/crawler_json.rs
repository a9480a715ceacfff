//! End-to-end: JSON as trafilatura (`trafilatura --json`) and news-please write it, read by
//! the real binary. The files in `tests/data/crawlers/` hold invented articles laid out field
//! for field like those tools' output: trafilatura's `build_json_output` (the URL in
//! `source`, the site name in `source-hostname`), one object per file or one per line on
//! standard output; news-please's `NewsArticle.get_serializable_dict` (a missing date
//! written as the string "None"), one indented object per file or one per line.

mod common;

use common::{repo, run};
use serde_json::Value;

/// `normalize --format json` on one of the crawler fixtures.
fn normalize(name: &str) -> (Vec<Value>, String, Option<i32>) {
    common::normalize(&repo("tests/data/crawlers").join(name))
}

/// The first hit of a search over `index`, as JSON.
fn first_hit(index: &std::path::Path, query: &str) -> Value {
    common::search(index, query, &[])["hits"][0].clone()
}

/// (url, source, date, lang, title, origin suffix) of a record; "" for a missing field.
fn summary(record: &Value) -> [String; 6] {
    let get = |key: &str| record[key].as_str().unwrap_or("").to_string();
    let origin = get("origin");
    let origin = origin.rsplit('/').next().unwrap().to_string();
    [
        get("url"),
        get("source"),
        get("date"),
        get("lang"),
        get("title"),
        origin,
    ]
}

fn strings<const N: usize>(items: [&str; N]) -> [String; N] {
    items.map(str::to_string)
}

#[test]
fn trafilatura_source_is_the_article_url() {
    let (records, stderr, code) = normalize("trafilatura-page.json");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(records.len(), 1);
    assert_eq!(
        summary(&records[0]),
        strings([
            "https://www.exemple-journal.fr/ville/budget-ecoles-2025",
            "exemple-journal.fr",
            "2024-12-22",
            "fr",
            "Le conseil municipal vote le budget des écoles",
            "trafilatura-page.json",
        ])
    );
    let text = records[0]["text"].as_str().unwrap();
    // The body is `text`: readers' comments stay out, the excerpt (already the first
    // sentence) is not repeated.
    assert!(
        text.starts_with("Le conseil municipal a adopté mardi soir"),
        "{text}"
    );
    assert!(!text.contains("bonne nouvelle"), "{text}");
    assert_eq!(text.matches("Le conseil municipal a adopté").count(), 1);
    assert_eq!(records[0]["warnings"], serde_json::json!([]));
}

#[test]
fn trafilatura_standard_output_saved_as_json_is_read_line_by_line() {
    let (records, stderr, code) = normalize("trafilatura-stdout.json");
    // Line 3 has no text: rejected by name and line, the others read.
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("trafilatura-stdout.json:3: no article text (field \"text\" is null)"),
        "{stderr}"
    );
    let got: Vec<[String; 6]> = records.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            strings([
                "https://harbour-news.example.com/transport/ferry-resumes",
                "harbour-news.example.com",
                "2024-05-02",
                "en",
                "Harbour ferry service resumes after winter repairs",
                "trafilatura-stdout.json:1",
            ]),
            // `hostname` null: the outlet is the URL's host, not the site name "Báo Mẫu".
            strings([
                "https://baomau.example.vn/giao-duc/khanh-thanh-truong-moi.html",
                "baomau.example.vn",
                "2024-09-05",
                "vi",
                "Khánh thành trường học mới ở vùng cao",
                "trafilatura-stdout.json:2",
            ]),
        ]
    );
}

#[test]
fn news_please_file_with_description_as_lead() {
    let (records, stderr, code) = normalize("news-please.json");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        summary(&records[0]),
        strings([
            "https://baomau.example.vn/thoi-su/khoi-cong-cau-moi.html",
            "baomau.example.vn",
            "2024-12-22",
            "vi",
            "Khởi công cầu mới qua sông Hồng vào đầu năm tới",
            "news-please.json",
        ])
    );
    // The sapo in `description` is missing from `maintext`: it leads the text.
    let text = records[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Cây cầu mới bắc qua sông Hồng sẽ được khởi công vào đầu năm tới, giúp người dân hai bờ đi lại dễ dàng hơn.\n\nTheo kế hoạch,"),
        "{text}"
    );
}

#[test]
fn news_please_lines_with_nulls_and_a_record_without_body() {
    let (records, stderr, code) = normalize("news-please.jsonl");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "news-please.jsonl:2: no article text (field \"maintext\" is null; a \"description\" alone is not indexed)"
        ),
        "{stderr}"
    );
    let got: Vec<[String; 6]> = records.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            strings([
                "https://www.exemple-journal.fr/transports/tramway-nord",
                "exemple-journal.fr",
                "2025-03-09",
                "fr",
                "Le tramway prolongé vers le nord",
                "news-please.jsonl:1",
            ]),
            // Only `maintext`: no URL, outlet or date invented; the title from the lead.
            strings([
                "",
                "",
                "",
                "en",
                "Only a body was kept for this record, with no title, date or address of any kind",
                "news-please.jsonl:3",
            ]),
        ]
    );
    // The description was the body's first sentence already: not repeated.
    let text = records[0]["text"].as_str().unwrap();
    assert_eq!(text.matches("sera prolongée de quatre stations").count(), 1);
}

#[test]
fn index_reads_both_tools_and_reports_the_bodiless_records() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let output = run(&[
        "index",
        "tests/data/crawlers",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (summary["added"].as_u64(), summary["rejected"].as_u64()),
        (Some(6), Some(2))
    );
    let rejections: Vec<&str> = summary["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(rejections.len(), 2);
    assert!(rejections[0].ends_with("news-please.jsonl:2: no article text (field \"maintext\" is null; a \"description\" alone is not indexed)"), "{rejections:?}");
    assert!(
        rejections[1]
            .ends_with("trafilatura-stdout.json:3: no article text (field \"text\" is null)"),
        "{rejections:?}"
    );

    // Words found only in news-please's description find the article, with its URL.
    let hit = first_hit(&index, "dễ dàng");
    assert_eq!(
        hit["url"], "https://baomau.example.vn/thoi-su/khoi-cong-cau-moi.html",
        "{hit}"
    );
    // trafilatura's `source` is stored as the article URL.
    let hit = first_hit(&index, "ferry");
    assert_eq!(
        hit["url"], "https://harbour-news.example.com/transport/ferry-resumes",
        "{hit}"
    );
    assert_eq!(hit["source"], "harbour-news.example.com");
}

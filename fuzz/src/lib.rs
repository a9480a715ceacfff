//! Checks shared by the fuzz targets and `tests/fuzz_regressions.rs`: each takes raw bytes,
//! runs one part of ingestion or query handling on them, and panics when an invariant
//! breaks. A crash found by a fuzz target is saved under `tests/data/fuzz-regressions/TARGET/`
//! and replayed through the same function by the test suite.

use newsindex_analysis::normalize_text;
use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_ingest::{clean_page, decode_bytes, parse_html, read_file, Outcome, ReadOptions};
use newsindex_query::{parse, Engine, Limits, SearchError, SearchRequest};
use std::sync::OnceLock;

/// The fuzz targets, by name (also the folder names under `tests/data/fuzz-regressions/`).
pub const TARGETS: [&str; 5] = ["normalize", "page", "json", "query", "search"];

/// Runs the check of target `name` on `data`; unknown names panic (a typo in a test).
pub fn run(name: &str, data: &[u8]) {
    match name {
        "normalize" => normalize(data),
        "page" => page(data),
        "json" => json(data),
        "query" => query(data),
        "search" => search(data),
        other => panic!("unknown fuzz target {other}"),
    }
}

/// What `normalize_text` promises about its output.
fn assert_clean(text: &str, context: &str) {
    assert!(!text.contains('\r'), "{context}: carriage return left");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{context}: control character left: {text:?}"
    );
    assert!(
        !text.contains("\n\n\n"),
        "{context}: more than one blank line"
    );
    assert!(!text.starts_with('\n'), "{context}: leading newline");
    for line in text.split('\n') {
        assert_eq!(line, line.trim(), "{context}: untrimmed line");
        assert!(!line.contains("  "), "{context}: double space in {line:?}");
    }
}

/// `normalize_text` is idempotent and its output is clean.
pub fn normalize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let once = normalize_text(&text);
    assert_clean(&once, "normalize");
    let twice = normalize_text(&once);
    assert_eq!(once, twice, "normalize_text is not idempotent on {text:?}");
}

/// Bytes as a scraped page or an HTML page: decoding, cleaning and parsing never panic and
/// give clean text.
pub fn page(data: &[u8]) {
    let Ok(decoded) = decode_bytes(data) else {
        return;
    };
    let cleaned = clean_page(&normalize_text(&decoded.text));
    if let Some(title) = &cleaned.title {
        assert!(!title.is_empty(), "empty title");
    }
    let _ = parse_html(&decoded.text);
    // The whole reader, on the same bytes as a `.txt` and an `.html` file.
    read_as(data, "page.txt");
    read_as(data, "page.html");
}

/// Bytes as a JSON document and as JSON lines, through the whole reader.
pub fn json(data: &[u8]) {
    read_as(data, "records.json");
    read_as(data, "records.jsonl");
}

fn scratch_dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        // Memory-backed when possible: every execution writes one file.
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        tempfile::tempdir_in(base).expect("scratch directory")
    })
}

/// Writes `data` to a file named `name` and reads it; every article must be clean.
fn read_as(data: &[u8], name: &str) {
    let path = scratch_dir().path().join(name);
    std::fs::write(&path, data).expect("write scratch file");
    let options = ReadOptions {
        threads: 0,
        ..ReadOptions::default()
    };
    read_file(&path, &options, |outcome| match outcome {
        Outcome::Article(article) => check_article(&article),
        Outcome::Rejected(rejection) => {
            assert!(!rejection.reason.is_empty(), "rejection without a reason");
            assert!(
                rejection.origin.starts_with(&path.display().to_string()),
                "origin {} does not name the file",
                rejection.origin
            );
        }
        Outcome::Unchanged { .. } => panic!("unchanged reported without known raw hashes"),
    });
}

/// What every article the reader gives out must satisfy.
fn check_article(article: &Article) {
    assert!(!article.id.is_empty(), "empty id");
    assert!(!article.title.is_empty(), "empty title");
    assert!(
        article.text.chars().any(char::is_alphanumeric),
        "article without text"
    );
    assert_clean(&article.text, "article text");
    assert_eq!(
        normalize_text(&article.text),
        article.text,
        "article text is not normalised"
    );
    assert!(
        (0.0..=1.0).contains(&article.lang_confidence),
        "confidence {}",
        article.lang_confidence
    );
    if let Some(url) = &article.url {
        assert!(!url.is_empty(), "empty url");
    }
}

/// Any string parses or gets a message, and a parse respects the limits.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    match parse(&text, &limits) {
        Ok(parsed) => {
            assert!(text.chars().count() <= limits.max_chars);
            assert!(parsed.clauses.len() <= limits.max_clauses);
        }
        Err(err) => assert!(!err.message.is_empty(), "empty error message"),
    }
    let unbounded = Limits {
        max_chars: usize::MAX,
        max_clauses: usize::MAX,
        max_phrase_words: usize::MAX,
    };
    let _ = parse(&text, &unbounded);
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().expect("temp dir");
            let dir = tmp.path().join("index");
            let texts = [
                ("fr", Lang::Fr, "Le typhon Tamarin a touché le centre du Vietnam selon la résolution 57-NQ/TW du 22 décembre 2024."),
                ("en", Lang::En, "Typhoon Tamarin made landfall in central Vietnam under Resolution 57-NQ/TW of December 22, 2024."),
                ("vi", Lang::Vi, "Cơn bão Tamarin đổ bộ vào miền Trung theo Nghị quyết 57-NQ/TW ngày 22/12/2024, Tổng Bí thư Tô Lâm."),
            ];
            let articles: Vec<Article> = texts
                .into_iter()
                .map(|(id, lang, text)| {
                    let mut article = Article::new(id, lang);
                    article.title = text.chars().take(30).collect();
                    article.text = text.to_string();
                    article.origin = format!("corpus/{id}.txt");
                    article.date = Date::new(2025, 5, 29);
                    article
                })
                .collect();
            newsindex_build::build_articles(&dir, &articles, true).expect("build the fuzz index");
            let engine = Engine::new(NewsIndex::open(&dir).expect("open")).expect("engine");
            (tmp, engine)
        })
        .1
}

/// Any string searched on a small index gets an answer or the user's error.
pub fn search(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match engine().search(&SearchRequest::new(text.as_ref())) {
        Ok(response) => {
            assert!(response.total <= 3);
            assert!(response.hits.iter().all(|hit| hit.score.is_finite()));
        }
        Err(SearchError::Syntax(_)) => {}
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
}

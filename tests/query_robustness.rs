//! Query robustness: no query string and no request parameter panics the parser or the
//! engine, the work per query is bounded by the parser's limits, and pathological queries
//! (10k-word phrases, a megabyte of parentheses, thousands of `OR`, every Unicode category)
//! get an error or a bounded answer quickly.
//!
//! The number of generated queries per property is `PROPTEST_CASES` (default 256);
//! `scripts/fuzz.sh` runs the same properties with many more.

use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{
    parse, Engine, Limits, SearchError, SearchRequest, SearchResponse, Sort, MAX_LIMIT, MAX_WINDOW,
};
use proptest::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, OnceLock};
use std::time::{Duration, Instant};

/// A hang detector, not a performance bound: a debug build on a slow CI machine answers
/// every query here in well under a second.
const HANG: Duration = Duration::from_secs(60);

/// Queries run through the engine by this test binary, reported at the end of each test.
static QUERIES: AtomicU64 = AtomicU64::new(0);

const TEXTS: [(&str, Lang, &str, &str); 6] = [
    (
        "fr-1",
        Lang::Fr,
        "Un plan pour la recherche",
        "Le gouvernement a présenté mardi un plan national pour la recherche scientifique et l'innovation, doté de 1 132 millions d'euros, selon la résolution 57-NQ/TW du 22 décembre 2024.",
    ),
    (
        "en-1",
        Lang::En,
        "A plan for research",
        "The government presented a national plan for scientific research and innovation on Tuesday, worth 1,132 million euros, under Resolution 57-NQ/TW of December 22, 2024.",
    ),
    (
        "vi-1",
        Lang::Vi,
        "Kế hoạch nghiên cứu",
        "Chính phủ đã trình bày kế hoạch quốc gia về nghiên cứu khoa học và đổi mới sáng tạo theo Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Tổng Bí thư Tô Lâm phát biểu.",
    ),
    (
        "vi-2",
        Lang::Vi,
        "Bão Tamarin",
        "Cơn bão Tamarin đổ bộ vào miền Trung, hàng nghìn hộ dân được sơ tán an toàn, thuỷ điện Hoà Bình xả lũ.",
    ),
    (
        "fr-2",
        Lang::Fr,
        "Le typhon Tamarin",
        "Le typhon Tamarin a touché le centre du Vietnam ; des milliers de foyers ont été évacués et le barrage de Hoa Binh a ouvert ses vannes.",
    ),
    (
        "en-2",
        Lang::En,
        "Typhoon Tamarin",
        "Typhoon Tamarin made landfall in central Vietnam; thousands of households were evacuated and the Hoa Binh dam opened its spillways.",
    ),
];

/// One small index shared by every test of this binary (built once, read-only after).
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().expect("temp dir");
            let dir = tmp.path().join("index");
            let articles: Vec<Article> = TEXTS
                .iter()
                .map(|&(id, lang, title, text)| {
                    let mut article = Article::new(id, lang);
                    article.title = title.to_string();
                    article.text = text.to_string();
                    article.origin = format!("corpus/{id}.txt");
                    article.date = Date::new(2025, 5, 29);
                    article.source = Some("example.vn".into());
                    article.lang_confidence = 1.0;
                    article
                })
                .collect();
            newsindex_build::build_articles(&dir, &articles, true).expect("build the test index");
            let engine = Engine::new(NewsIndex::open(&dir).expect("open")).expect("engine");
            (tmp, engine)
        })
        .1
}

/// Runs a search on another thread and fails the test if it does not come back in time.
fn search_guarded(request: SearchRequest) -> Result<SearchResponse, SearchError> {
    let engine = engine().clone();
    let (tx, rx) = mpsc::channel();
    let shown: String = request.query.chars().take(80).collect();
    let started = Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(engine.search(&request));
    });
    QUERIES.fetch_add(1, Ordering::Relaxed);
    match rx.recv_timeout(HANG) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!(
                "query {shown:?} still running after {:?}",
                started.elapsed()
            )
        }
        // The search thread panicked: that is the failure this test exists to catch.
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("query {shown:?} panicked"),
    }
}

fn search(query: &str) -> Result<SearchResponse, SearchError> {
    search_guarded(SearchRequest::new(query))
}

/// What every answer must respect, whatever the query.
fn check_bounds(response: &SearchResponse, request_limit: usize) {
    assert!(response.total <= TEXTS.len() as u64, "{}", response.total);
    assert!(response.total_stories <= response.total);
    assert!(response.stories.len() <= request_limit);
    assert!(response.hits.len() <= TEXTS.len());
    for hit in &response.hits {
        assert!(
            hit.score.is_finite(),
            "score {} for {:?}",
            hit.score,
            response.query
        );
        assert!(TEXTS.iter().any(|(id, ..)| *id == hit.id), "{}", hit.id);
    }
}

/// A query must come back as a bounded answer or as the user's error, never anything else.
fn check(query: &str) {
    match search(query) {
        Ok(response) => check_bounds(&response, 10),
        Err(SearchError::Syntax(err)) => {
            assert!(!err.message.is_empty(), "empty message for {query:?}");
        }
        Err(other) => panic!("query {query:?}: unexpected error kind: {other:?}"),
    }
}

fn report(test: &str) {
    eprintln!(
        "{test}: {} queries run so far in this binary",
        QUERIES.load(Ordering::Relaxed)
    );
}

/// Pieces of the query language, glued at random by the grammar-aware strategy.
const PIECES: &[&str] = &[
    "\"",
    "\"\"",
    "(",
    ")",
    "-",
    "+",
    "OR",
    "or",
    "AND",
    "NOT",
    "title:",
    "lang:",
    "lang:vi",
    "lang:xx",
    "lang:vi,fr,en,de",
    "source:",
    "source:nhandan.vn",
    "since:",
    "since:2025-01-01",
    "until:2025-06",
    "date:",
    "date:2025-01..2025-03",
    "date:..",
    "date:2025-13-45..",
    "since:0",
    "since:99999999999999999999",
    "57-NQ/TW",
    "1 132",
    "1,132",
    "1.132",
    "22/12/2024",
    "Tô Lâm",
    "To Lam",
    "Tamarin",
    "nghị quyết",
    "résolution",
    "l'innovation",
    "lʼinnovation",
    "*",
    "?",
    "~2",
    "^3",
    "\\",
    ":",
    "::",
    "..",
    "a",
    "é",
    "e\u{301}",
    "\u{200b}",
    "\u{202e}",
    "\u{0}",
    "\t",
    "\n",
    " ",
    "😀",
    "中文",
    "ﷺ",
    "\u{fffd}",
    "\u{10ffff}",
    "'",
    "''",
    "@",
    "#",
    "https://x.vn/a?b=c",
    "-\"",
    "+\"",
    "title:\"",
    "-OR",
    "OR OR",
];

fn grammar_query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "\\PC{0,12}",
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| {
        let mut query = String::new();
        for (i, part) in parts.iter().enumerate() {
            // Glue some pieces together and space others out, as people type.
            if i % 3 != 0 {
                query.push(' ');
            }
            query.push_str(part);
        }
        query
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Failures are kept as named tests below, not in a side file.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_parser_never_panics_on_any_string(query in any::<String>()) {
        let _ = parse(&query, &Limits::default());
        let _ = parse(&query, &Limits { max_chars: usize::MAX, max_clauses: usize::MAX, max_phrase_words: usize::MAX });
        let _ = parse(&query, &Limits { max_chars: 0, max_clauses: 0, max_phrase_words: 0 });
    }

    #[test]
    fn any_string_gets_an_answer_or_a_syntax_error(query in any::<String>()) {
        check(&query);
    }

    #[test]
    fn any_mix_of_query_syntax_gets_an_answer_or_a_syntax_error(query in grammar_query()) {
        check(&query);
    }

    #[test]
    fn any_parse_respects_the_limits(query in grammar_query()) {
        let limits = Limits::default();
        if let Ok(parsed) = parse(&query, &limits) {
            prop_assert!(query.chars().count() <= limits.max_chars);
            prop_assert!(parsed.clauses.len() <= limits.max_clauses, "{} clauses", parsed.clauses.len());
            for clause in &parsed.clauses {
                for text in &clause.alternatives {
                    if let newsindex_query::Text::Phrase(phrase) = text {
                        prop_assert!(phrase.split_whitespace().count() <= limits.max_phrase_words, "{phrase:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn any_paging_and_filters_get_an_answer_or_a_bad_request(
        query in grammar_query(),
        limit in prop_oneof![Just(0usize), 1usize..=MAX_LIMIT + 1, Just(usize::MAX)],
        offset in prop_oneof![0usize..=MAX_WINDOW + 1, Just(usize::MAX), Just(usize::MAX - 1)],
        by_date in any::<bool>(),
        since in prop::option::of((any::<i32>(), 0u32..=40, 0u32..=40)),
        langs in prop::collection::vec(prop::sample::select(&[Lang::Vi, Lang::Fr, Lang::En, Lang::Other][..]), 0..5),
    ) {
        let mut request = SearchRequest::new(query);
        request.limit = limit;
        request.offset = offset;
        request.sort = if by_date { Sort::Date } else { Sort::Relevance };
        request.since = since.and_then(|(y, m, d)| Date::new(y.rem_euclid(12_000), m, d));
        request.langs = langs;
        match search_guarded(request) {
            Ok(response) => {
                prop_assert!((1..=MAX_LIMIT).contains(&limit));
                prop_assert!(offset.saturating_add(limit) <= MAX_WINDOW);
                check_bounds(&response, limit);
            }
            Err(SearchError::Syntax(_)) => {}
            Err(SearchError::BadRequest(message)) => prop_assert!(!message.is_empty()),
            Err(other) => prop_assert!(false, "unexpected error kind: {other:?}"),
        }
    }
}

/// One character of every Unicode general category (Cs cannot occur in a Rust string).
const CATEGORIES: &[(&str, char)] = &[
    ("Lu", 'Ă'),
    ("Ll", 'ư'),
    ("Lt", 'ǅ'),
    ("Lm", 'ʰ'),
    ("Lo", '中'),
    ("Mn", '\u{0301}'),
    ("Mc", '\u{0903}'),
    ("Me", '\u{20DD}'),
    ("Nd", '٣'),
    ("Nl", 'Ⅻ'),
    ("No", '½'),
    ("Pc", '_'),
    ("Pd", '‐'),
    ("Ps", '('),
    ("Pe", ')'),
    ("Pi", '«'),
    ("Pf", '»'),
    ("Po", '"'),
    ("Sm", '∑'),
    ("Sc", '₫'),
    ("Sk", '^'),
    ("So", '©'),
    ("Zs", '\u{3000}'),
    ("Zl", '\u{2028}'),
    ("Zp", '\u{2029}'),
    ("Cc", '\u{0}'),
    ("Cf", '\u{202E}'),
    ("Co", '\u{E000}'),
    ("Cn", '\u{0378}'),
    ("astral So", '😀'),
    ("noncharacter", '\u{10FFFF}'),
    ("replacement", '\u{FFFD}'),
];

#[test]
fn every_unicode_category_alone_repeated_and_mixed() {
    let mut mixed = String::new();
    for (name, c) in CATEGORIES {
        mixed.push(*c);
        for query in [
            c.to_string(),
            c.to_string().repeat(300),
            c.to_string().repeat(5000),
            format!("Tamarin{c}"),
            format!("\"{c} Tamarin {c}\""),
            format!("title:{c}"),
            format!("lang:{c}"),
            format!("-{c} +{c} {c} OR {c}"),
            format!("Ta{}marin", c.to_string().repeat(200)),
        ] {
            let started = Instant::now();
            check(&query);
            assert!(started.elapsed() < HANG, "{name}");
        }
    }
    check(&mixed);
    check(&format!("\"{mixed}\""));
    check(&mixed.repeat(30));
    report("every_unicode_category");
}

#[test]
fn pathological_queries_get_an_error_or_a_bounded_answer() {
    let limits = Limits::default();
    let words_10k: String = (0..10_000)
        .map(|i| format!("w{i}x"))
        .collect::<Vec<_>>()
        .join(" ");
    let nested_quotes: String = (0..5000).map(|i| format!("\"q{i} ")).collect();
    let cases: Vec<(&str, String)> = vec![
        (
            "10k-word phrase",
            format!("\"{}\"", ["a"; 10_000].join(" ")),
        ),
        (
            "phrase just under the length cap",
            format!("\"{}\"", ["a"; 499].join(" ")),
        ),
        ("1 MB of (", "(".repeat(1 << 20)),
        ("999 (", "(".repeat(999)),
        ("1 MB of )", ")".repeat(1 << 20)),
        ("thousands of OR", ["Tamarin"; 3000].join(" OR ")),
        ("ORs under the length cap", ["a"; 200].join(" OR ")),
        ("only OR", ["OR"; 300].join(" ")),
        ("10k distinct words", words_10k),
        ("deeply nested quotes", nested_quotes),
        ("5000 quotes", "\"".repeat(5000)),
        ("999 quotes", "\"".repeat(999)),
        ("a 1 MB word", "a".repeat(1 << 20)),
        ("a 999-letter word", "a".repeat(999)),
        (
            "999 combining marks",
            format!("a{}", "\u{0301}".repeat(998)),
        ),
        ("65 words", ["Tamarin"; 65].join(" ")),
        ("64 words", ["Tamarin"; 64].join(" ")),
        ("hyphen chain", ["a"; 499].join("-")),
        ("slash chain", ["57"; 333].join("/")),
        ("number chain", ["1"; 499].join(" ")),
        ("date chain", ["22/12/2024"; 90].join(" ")),
        ("fields only", ["title:"; 150].join(" ")),
        ("lang list", format!("lang:{}", ["vi"; 300].join(","))),
        ("date range junk", "date:9999-99-99..0000-00-00".to_string()),
        ("huge year", format!("since:{}", "9".repeat(900))),
        ("negation only", ["-Tamarin"; 60].join(" ")),
        ("required only", ["+Tamarin"; 60].join(" ")),
        ("empty", String::new()),
        ("spaces", " ".repeat(1 << 20)),
        ("NULs", "\0".repeat(1000)),
        ("zero-width", "\u{200b}".repeat(999)),
    ];
    for (name, query) in cases {
        let started = Instant::now();
        let result = search(&query);
        let elapsed = started.elapsed();
        let chars = query.chars().count();
        match &result {
            Ok(response) => {
                check_bounds(response, 10);
                assert!(
                    chars <= limits.max_chars,
                    "{name}: over the cap yet answered"
                );
            }
            Err(SearchError::Syntax(err)) => assert!(!err.message.is_empty(), "{name}"),
            Err(other) => panic!("{name}: unexpected error kind: {other:?}"),
        }
        if chars > limits.max_chars {
            let message = match &result {
                Err(err) => err.to_string(),
                Ok(_) => panic!("{name}: over the length cap yet answered"),
            };
            assert!(
                message.contains(&limits.max_chars.to_string()),
                "{name}: {message}"
            );
        }
        eprintln!(
            "{name:32} {:>8} chars  {:>7.1} ms  {}",
            chars,
            elapsed.as_secs_f64() * 1000.0,
            match &result {
                Ok(r) => format!("ok, {} hits", r.total),
                Err(e) => format!("error: {e}"),
            }
        );
    }
    report("pathological_queries");
}

#[test]
fn the_limits_are_enforced_and_named() {
    let limits = Limits::default();
    let over = |query: String, what: &str| {
        let err = parse(&query, &limits).expect_err(what);
        assert!(!err.message.is_empty(), "{what}");
        err
    };
    over("a".repeat(limits.max_chars + 1), "too many characters");
    let clauses = |n: usize| {
        (0..n)
            .map(|i| format!("\"mot{i}\""))
            .collect::<Vec<_>>()
            .join(" ")
    };
    over(clauses(limits.max_clauses + 1), "too many clauses");
    over(
        format!("\"{}\"", vec!["mot"; limits.max_phrase_words + 1].join(" ")),
        "phrase too long",
    );
    assert!(parse(&clauses(limits.max_clauses), &limits).is_ok());
    assert!(parse(
        &format!("\"{}\"", vec!["mot"; limits.max_phrase_words].join(" ")),
        &limits
    )
    .is_ok());
}

#[test]
fn concurrent_searches_share_one_engine() {
    let engine = Arc::new(engine().clone());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || {
                for i in 0..50 {
                    let query = format!("{} {}", PIECES[(t * 50 + i) % PIECES.len()], "Tamarin");
                    let _ = engine.search(&SearchRequest::new(query));
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("no search panics under concurrency");
    }
    let response = engine
        .search(&SearchRequest::new("Tamarin"))
        .expect("plain query");
    assert_eq!(response.total, 3, "the three Tamarin reports");
}

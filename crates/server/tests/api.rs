//! Every endpoint through the router, on a small vi/fr/en index built in a temporary
//! directory: good requests, bad parameters, unknown ids and routes, the page and its assets,
//! a real socket, and an index republished while the server runs.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::{Engine, MAX_LIMIT};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;
use tower::ServiceExt;

fn article(
    id: &str,
    lang: Lang,
    date: Option<(i32, u32, u32)>,
    source: &str,
    title: &str,
    text: &str,
) -> Article {
    let mut article = Article::new(id, lang);
    article.title = title.to_string();
    article.text = text.to_string();
    article.date = date.and_then(|(y, m, d)| Date::new(y, m, d));
    article.source = Some(source.to_string());
    article.url = Some(format!("https://{source}/{id}"));
    article.lang_confidence = 1.0;
    article.origin = format!("corpus/test/{id}.json");
    article
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            "vi-tamarin",
            Lang::Vi,
            Some((2025, 11, 18)),
            "tinmoi.vn",
            "Bão Tamarin đổ bộ Quảng Ngãi, hơn 3.000 ngôi nhà bị tốc mái",
            "Rạng sáng 18/11, bão Tamarin đổ bộ vào tỉnh Quảng Ngãi với sức gió cấp 12.\n\n\
             Hơn 3.000 ngôi nhà bị tốc mái, hai người thiệt mạng.",
        ),
        article(
            "en-tamarin",
            Lang::En,
            Some((2025, 11, 18)),
            "newswire.net",
            "Typhoon Tamarin slams into Quang Ngai, unroofing more than 3,000 homes",
            "Typhoon Tamarin made landfall in Quang Ngai province early on November 18 with \
             level 12 winds.\n\nMore than 3,000 homes lost their roofs and two people died.",
        ),
        article(
            "fr-tamarin",
            Lang::Fr,
            Some((2025, 11, 19)),
            "journal.fr",
            "Le typhon Tamarin frappe le centre du Vietnam",
            "Le typhon Tamarin a touché terre mardi dans la province de Quảng Ngãi.\n\n\
             Plus de 3 000 maisons ont perdu leur toit ; deux personnes sont mortes.",
        ),
        article(
            "fr-resolution",
            Lang::Fr,
            Some((2025, 5, 29)),
            "journal.fr",
            "La résolution 57 et l’innovation",
            "Le Bureau politique a adopté la résolution 57-NQ/TW sur la science, la technologie \
             et l’innovation.",
        ),
        article(
            "en-resolution",
            Lang::En,
            Some((2025, 5, 29)),
            "newswire.net",
            "Resolution 57 on innovation and digital transformation",
            "The Politburo adopted Resolution 57-NQ/TW on science, technology, innovation and \
             national digital transformation.",
        ),
        article(
            "vi-resolution",
            Lang::Vi,
            Some((2025, 1, 13)),
            "tinmoi.vn",
            "Nghị quyết 57 về đổi mới sáng tạo và chuyển đổi số",
            "Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, \
             đổi mới sáng tạo và chuyển đổi số quốc gia.",
        ),
        article(
            "en-markup",
            Lang::En,
            None,
            "example.com",
            "A headline with <b>markup</b> & an ampersand",
            "Readers wrote <script>alert(1)</script> about the typhoon Tamarin & the storm.",
        ),
    ]
}

fn build(dir: &Path, articles: &[Article]) {
    newsindex_build::build_articles(dir, articles, false).expect("the test index builds");
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    engine: Engine,
    app: Router,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("index");
    build(&dir, &corpus());
    let engine = Engine::new(NewsIndex::open(&dir).expect("index opens")).expect("engine");
    let app = newsindex_server::router(engine.clone());
    Fixture {
        _tmp: tmp,
        dir,
        engine,
        app,
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "expected JSON, got {:?}: {}",
            self.content_type,
            String::from_utf8_lossy(&self.body)
        );
        serde_json::from_slice(&self.body).expect("valid JSON")
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    /// Asserts an error answer: the status, a JSON `error` containing `needle`, no internals.
    fn error(&self, status: StatusCode, needle: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        let json = self.json();
        let message = json["error"].as_str().expect("an error message");
        assert!(
            message.to_lowercase().contains(&needle.to_lowercase()),
            "error {message:?} should mention {needle:?}"
        );
        assert!(
            !message.contains("panicked") && !message.contains("src/"),
            "{message}"
        );
    }
}

async fn send(app: &Router, method: Method, uri: &str, body: Body) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(body)
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Method::GET, uri, Body::empty()).await
}

fn ids(hits: &Value) -> Vec<String> {
    hits.as_array()
        .expect("hits array")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn healthz_reports_the_article_count() {
    let f = fixture();
    let answer = get(&f.app, "/healthz").await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["articles"], corpus().len());
}

#[tokio::test]
async fn search_finds_every_language_version() {
    let f = fixture();
    let answer = get(&f.app, "/api/search?q=Tamarin").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    let json = answer.json();
    assert_eq!(json["query"], "Tamarin");
    assert_eq!(json["total"], 4);
    let found = ids(&json["hits"]);
    for id in ["vi-tamarin", "en-tamarin", "fr-tamarin", "en-markup"] {
        assert!(
            found.contains(&id.to_string()),
            "{id} missing from {found:?}"
        );
    }
    assert!(!found.contains(&"fr-resolution".to_string()));
    // Every hit is listed in exactly one story group, in page order.
    let grouped: Vec<String> = json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["ids"].as_array().unwrap().iter())
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    assert_eq!(grouped, found);
    assert_eq!(json["facets"]["lang"]["vi"], 1);
    assert_eq!(json["facets"]["lang"]["fr"], 1);
    assert_eq!(json["facets"]["lang"]["en"], 2);
    assert_eq!(json["facets"]["month"]["2025-11"], 3);
    assert!(json.get("histogram").is_none(), "only when asked for");
    let snippet = json["hits"][0]["snippet"].as_str().unwrap();
    let highlights = json["hits"][0]["highlights"].as_array().unwrap();
    assert!(
        !snippet.contains("<mark>") && !highlights.is_empty(),
        "{snippet}"
    );
    let chars: Vec<char> = snippet.chars().collect();
    for range in highlights {
        let (from, to) = (
            range[0].as_u64().unwrap() as usize,
            range[1].as_u64().unwrap() as usize,
        );
        let marked: String = chars[from..to].iter().collect();
        assert_eq!(marked.to_lowercase(), "tamarin", "{snippet} {highlights:?}");
    }
}

#[tokio::test]
async fn search_is_accent_and_case_insensitive_through_the_url() {
    let f = fixture();
    // "nghị quyết" percent-encoded as UTF-8, and a folded form without diacritics.
    for query in ["ngh%E1%BB%8B+quy%E1%BA%BFt", "nghi%20quyet"] {
        let json = get(&f.app, &format!("/api/search?q={query}")).await.json();
        assert!(
            ids(&json["hits"]).contains(&"vi-resolution".to_string()),
            "{query}: {json}"
        );
    }
}

#[tokio::test]
async fn search_filters_sort_and_pages() {
    let f = fixture();
    let json = get(&f.app, "/api/search?q=Tamarin&lang=fr,vi").await.json();
    let langs: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["lang"].as_str().unwrap())
        .collect();
    assert!(
        !langs.is_empty() && langs.iter().all(|l| *l == "fr" || *l == "vi"),
        "{langs:?}"
    );
    assert_eq!(json["total"], 2);

    let json = get(&f.app, "/api/search?q=Tamarin&since=2025-11-19")
        .await
        .json();
    assert_eq!(ids(&json["hits"]), vec!["fr-tamarin"]);
    let json = get(&f.app, "/api/search?q=Tamarin&until=2025-11-18&lang=en")
        .await
        .json();
    assert_eq!(ids(&json["hits"]), vec!["en-tamarin"]);
    let json = get(&f.app, "/api/search?q=Tamarin&source=journal.fr")
        .await
        .json();
    assert_eq!(ids(&json["hits"]), vec!["fr-tamarin"]);

    // Newest first; the undated article last.
    let json = get(&f.app, "/api/search?q=&sort=date&limit=50")
        .await
        .json();
    let dates: Vec<Option<&str>> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str())
        .collect();
    assert_eq!(dates.len(), corpus().len());
    let dated: Vec<&str> = dates.iter().flatten().copied().collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    // Pages of one story do not overlap and cover all of them (linked versions share one).
    let stories = json["total_stories"].as_u64().unwrap() as usize;
    assert!(
        stories < corpus().len(),
        "the typhoon reports form one story: {json}"
    );
    let mut seen = Vec::new();
    for offset in 0..stories {
        let json = get(
            &f.app,
            &format!("/api/search?q=&limit=1&offset={offset}&sort=date"),
        )
        .await
        .json();
        assert_eq!(json["offset"], offset);
        assert_eq!(json["stories"].as_array().unwrap().len(), 1, "{json}");
        seen.push(json["stories"][0]["story"].as_str().unwrap().to_string());
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "a story appeared on two pages");
    let past_the_end = get(&f.app, &format!("/api/search?q=&limit=1&offset={stories}"))
        .await
        .json();
    assert!(past_the_end["hits"].as_array().unwrap().is_empty());

    let json = get(&f.app, "/api/search?q=Tamarin&histogram=month")
        .await
        .json();
    assert_eq!(json["histogram"]["interval"], "month");
    assert!(json["histogram"]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["key"] == "2025-11"));
}

#[tokio::test]
async fn search_rejects_bad_parameters_with_400() {
    let f = fixture();
    let long = "a".repeat(1001);
    let cases = [
        ("/api/search?q=x&limit=0".to_string(), "limit"),
        ("/api/search?q=x&limit=100000".to_string(), "limit"),
        (format!("/api/search?q=x&limit={}", MAX_LIMIT + 1), "limit"),
        ("/api/search?q=x&limit=abc".to_string(), "limit"),
        ("/api/search?q=x&offset=-3".to_string(), "offset"),
        (
            "/api/search?q=x&offset=1990&limit=20".to_string(),
            "offset + limit",
        ),
        ("/api/search?q=x&since=notadate".to_string(), "since"),
        ("/api/search?q=x&until=2025-02-30".to_string(), "until"),
        (
            "/api/search?q=x&since=2025-06-01&until=2025-01-01".to_string(),
            "empty",
        ),
        ("/api/search?q=x&sort=xxx".to_string(), "sort"),
        ("/api/search?q=x&lang=de".to_string(), "language"),
        ("/api/search?q=x&histogram=year".to_string(), "interval"),
        (
            "/api/search?q=x&colour=red".to_string(),
            "unknown parameter",
        ),
        ("/api/search?q=%22unclosed".to_string(), "quote"),
        ("/api/search?q=lang%3Axx".to_string(), "language"),
        (format!("/api/search?q={long}"), "too long"),
    ];
    for (uri, needle) in cases {
        let answer = get(&f.app, &uri).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            answer.text()
        );
        answer.error(StatusCode::BAD_REQUEST, needle);
    }
    // A syntax error says where it is.
    let json = get(&f.app, "/api/search?q=storm+%22unclosed").await.json();
    assert_eq!(json["column"], 7);
}

#[tokio::test]
async fn articles_translations_and_stories() {
    let f = fixture();
    let answer = get(&f.app, "/api/articles/fr-tamarin").await;
    assert_eq!(answer.status, StatusCode::OK);
    let doc = answer.json();
    assert_eq!(doc["id"], "fr-tamarin");
    assert_eq!(doc["lang"], "fr");
    assert_eq!(doc["date"], "2025-11-19");
    assert!(doc["text"].as_str().unwrap().contains("Quảng Ngãi"));
    let story = doc["story"].as_str().expect("a story id").to_string();

    let view = get(&f.app, &format!("/api/stories/{story}")).await.json();
    assert_eq!(view["story"], story.as_str());
    let members: Vec<String> = view["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(members.contains(&"fr-tamarin".to_string()), "{view}");
    let records = ids(&view["articles"]);
    assert_eq!(records.len(), members.len());
    assert!(records.iter().all(|id| members.contains(id)));

    let translations = get(&f.app, "/api/articles/fr-tamarin/translations")
        .await
        .json();
    assert_eq!(translations["id"], "fr-tamarin");
    assert_eq!(translations["story"], story.as_str());
    // The versions are exactly the story's other members.
    let mut versions = ids(&translations["versions"]);
    let mut others: Vec<String> = members.into_iter().filter(|m| m != "fr-tamarin").collect();
    versions.sort();
    others.sort();
    assert_eq!(versions, others);

    // Ids with characters that need escaping in a URL.
    get(&f.app, "/api/articles/no%20such%2Fid")
        .await
        .error(StatusCode::NOT_FOUND, "no article");
}

#[tokio::test]
async fn a_story_compared_paragraph_by_paragraph() {
    let f = fixture();
    let story = get(&f.app, "/api/articles/vi-tamarin").await.json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let answer = get(&f.app, &format!("/api/stories/{story}/compare")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let comparison = answer.json();
    let versions = comparison["versions"].as_array().unwrap();
    assert_eq!(versions[0]["id"], story.as_str());
    assert!(versions.len() >= 2, "{comparison:#}");
    assert!(versions[1..]
        .iter()
        .all(|v| v["relation"] == "translation" || v["relation"] == "duplicate"));
    // Each version's paragraphs are in the rows once, in order.
    let rows = comparison["rows"].as_array().unwrap();
    for (k, version) in versions.iter().enumerate() {
        let listed: Vec<u64> = rows
            .iter()
            .flat_map(|r| r["cells"][k].as_array().unwrap().clone())
            .map(|p| p.as_u64().unwrap())
            .collect();
        let count = version["paragraphs"].as_array().unwrap().len() as u64;
        assert_eq!(listed, (0..count).collect::<Vec<_>>(), "{comparison:#}");
    }
    assert!(rows.iter().all(|r| r["status"].is_string()));
    // From another member of the story, that member comes first.
    let member = versions[1]["id"].as_str().unwrap().to_string();
    let from_member = get(
        &f.app,
        &format!("/api/stories/{story}/compare?article={member}"),
    )
    .await
    .json();
    assert_eq!(from_member["versions"][0]["id"], member.as_str());
    get(&f.app, "/api/stories/nope/compare")
        .await
        .error(StatusCode::NOT_FOUND, "no article");
    get(
        &f.app,
        &format!("/api/stories/{story}/compare?article=fr-resolution"),
    )
    .await
    .error(StatusCode::NOT_FOUND, "is not in story");
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let f = fixture();
    for (uri, needle) in [
        ("/api/articles/nope", "no article"),
        ("/api/articles/nope/translations", "no article"),
        ("/api/stories/nope", "no story"),
    ] {
        get(&f.app, uri).await.error(StatusCode::NOT_FOUND, needle);
    }
    let long = "x".repeat(600);
    get(&f.app, &format!("/api/articles/{long}"))
        .await
        .error(StatusCode::BAD_REQUEST, "id");
    get(&f.app, "/api/articles/%FF%FE")
        .await
        .error(StatusCode::BAD_REQUEST, "id");
}

#[tokio::test]
async fn histogram_by_month_week_and_day() {
    let f = fixture();
    let json = get(&f.app, "/api/histogram?q=Tamarin&by=month")
        .await
        .json();
    assert_eq!(json["interval"], "month");
    let buckets = json["buckets"].as_array().unwrap();
    let november = buckets
        .iter()
        .find(|b| b["key"] == "2025-11")
        .expect("2025-11");
    assert_eq!(november["langs"]["vi"], 1);
    assert_eq!(november["langs"]["fr"], 1);
    assert_eq!(november["langs"]["en"], 1);
    assert_eq!(november["total"], 3);
    // The undated article is counted apart.
    assert!(buckets.iter().any(|b| b["key"] == "(undated)"), "{json}");

    let json = get(&f.app, "/api/histogram?q=Tamarin&by=day&lang=fr,vi")
        .await
        .json();
    let keys: Vec<&str> = json["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["2025-11-18", "2025-11-19"]);
    let json = get(&f.app, "/api/histogram?q=Tamarin&by=week&since=2025-01-01")
        .await
        .json();
    assert_eq!(json["interval"], "week");
    // 18 and 19 November 2025 fall in the week of Monday the 17th.
    assert_eq!(json["buckets"][0]["key"], "2025-11-17");
    assert_eq!(json["buckets"][0]["total"], 3);

    let json = get(&f.app, "/api/histogram").await.json();
    assert_eq!(json["interval"], "month", "month by default, all articles");
    let total: u64 = json["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["total"].as_u64().unwrap())
        .sum();
    assert_eq!(total, corpus().len() as u64);

    for (uri, needle) in [
        ("/api/histogram?q=x&by=year", "interval"),
        ("/api/histogram?q=x&limit=3", "unknown parameter"),
        ("/api/histogram?q=x&since=yesterday", "since"),
        ("/api/histogram?q=%22a", "quote"),
    ] {
        get(&f.app, uri)
            .await
            .error(StatusCode::BAD_REQUEST, needle);
    }
}

#[tokio::test]
async fn stats_count_the_index() {
    let f = fixture();
    let json = get(&f.app, "/api/stats").await.json();
    assert_eq!(json["articles"], corpus().len());
    assert_eq!(json["langs"]["vi"], 2);
    assert_eq!(json["langs"]["fr"], 2);
    assert_eq!(json["langs"]["en"], 3);
    assert_eq!(json["sources"]["journal.fr"], 2);
    assert_eq!(json["months"]["2025-11"], 3);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let f = fixture();
    for uri in [
        "/nope",
        "/api/nope",
        "/api/articles",
        "/assets/nope.js",
        "/api/articles/x/y/z",
    ] {
        get(&f.app, uri).await.error(StatusCode::NOT_FOUND, "no ");
    }
    let answer = send(&f.app, Method::POST, "/api/search?q=x", Body::empty()).await;
    answer.error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    assert!(answer.headers.contains_key(header::ALLOW));
    let answer = send(
        &f.app,
        Method::DELETE,
        "/api/articles/vi-tamarin",
        Body::empty(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let f = fixture();
    let big = vec![b'x'; newsindex_server::MAX_BODY_BYTES + 1];
    let request = Request::builder()
        .method(Method::GET)
        .uri("/api/search?q=x")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big))
        .unwrap();
    let response = f.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let json: Value = serde_json::from_slice(&body).expect("a JSON error");
    assert!(
        json["error"].as_str().unwrap().contains("too large"),
        "{json}"
    );
}

#[tokio::test]
async fn the_page_and_its_assets_are_served() {
    let f = fixture();
    let page = get(&f.app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let html = page.text();
    assert!(html.to_lowercase().contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("src=\"/assets/app.js\""));
    assert!(html.contains("href=\"/assets/app.css\""));
    assert!(html.contains("<span lang=\"vi\">Tiếng Việt</span>"));
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    for (uri, content_type, needle) in [
        (
            "/assets/app.js",
            "text/javascript; charset=utf-8",
            "snippetNodes",
        ),
        ("/assets/app.css", "text/css; charset=utf-8", "@media"),
        ("/assets/icon.svg", "image/svg+xml", "<svg"),
    ] {
        let answer = get(&f.app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.content_type, content_type, "{uri}");
        assert!(answer.text().contains(needle), "{uri}");
    }
    let head = send(&f.app, Method::HEAD, "/", Body::empty()).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn snippets_are_plain_text_that_the_page_escapes() {
    let f = fixture();
    let json = get(&f.app, "/api/search?q=readers&limit=5").await.json();
    let hit = &json["hits"][0];
    assert_eq!(hit["id"], "en-markup");
    // The article's markup is text, as written: the page puts it in text nodes, and the
    // matches come as ranges, not as tags mixed into the text.
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("<script>"), "{snippet}");
    assert!(
        !snippet.contains("&lt;") && !snippet.contains("<mark>"),
        "{snippet}"
    );
    assert!(!hit["highlights"].as_array().unwrap().is_empty(), "{hit}");
    // Titles are plain data: the page escapes them.
    assert_eq!(hit["title"], "A headline with <b>markup</b> & an ampersand");
}

#[tokio::test]
async fn a_real_listener_serves_http() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let f = fixture();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(newsindex_server::serve_on(f.engine.clone(), listener));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /api/search?q=typhon&lang=fr HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .expect("an answer within 10 s")
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(raw.contains("\"fr-tamarin\""), "{raw}");
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_republished_index_is_picked_up_without_restart() {
    let f = fixture();
    let before = get(&f.app, "/api/search?q=dengue").await.json();
    assert_eq!(before["total"], 0);

    // Keep querying while the index is rebuilt with one more article: every answer is a 200.
    let app = f.app.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let load = tokio::spawn(async move {
        let mut answers = 0;
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            let answer = get(&app, "/api/search?q=Tamarin").await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            answers += 1;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        answers
    });
    let dir = f.dir.clone();
    tokio::task::spawn_blocking(move || {
        let mut articles = corpus();
        articles.push(article(
            "en-dengue",
            Lang::En,
            Some((2025, 9, 15)),
            "newswire.net",
            "Dengue cases climb in Hanoi",
            "Dengue cases climbed in Hanoi as the rainy season lingered.",
        ));
        build(&dir, &articles);
    })
    .await
    .unwrap();

    // The reader follows new commits by itself, within a short delay.
    let mut found = false;
    for _ in 0..100 {
        let json = get(&f.app, "/api/search?q=dengue").await.json();
        if ids(&json["hits"]) == vec!["en-dengue"] {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let answers = load.await.expect("no failed answer during the rebuild");
    assert!(answers > 0);
    assert!(found, "the new article never appeared without a restart");
    let health = get(&f.app, "/healthz").await.json();
    assert_eq!(health["articles"], corpus().len() + 1);
}

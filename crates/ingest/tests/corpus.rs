//! The bundled corpus read end to end: the five scraped seed pages and the 45 labelled dev
//! articles, checked against what the pages and labels say.

use newsindex_core::{Article, Date, Lang};
use newsindex_ingest::{read_file, read_paths, Outcome, ReadOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn read_one(path: &Path) -> Article {
    let mut outcomes = Vec::new();
    read_file(path, &ReadOptions::default(), |o| outcomes.push(o));
    assert_eq!(outcomes.len(), 1, "{}", path.display());
    match outcomes.pop() {
        Some(Outcome::Article(article)) => *article,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn seed(prefix: &str) -> Article {
    let dir = corpus().join("seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    read_one(&path)
}

/// Site chrome that must never reach the index.
const CHROME: [&str; 12] = [
    "Comment (0)",
    "No data",
    "Same category",
    "Same author",
    "photo 1",
    "photo 3",
    "(Photo",
    "Source",
    "![]()",
    ".jpg)",
    "Vietnam.vn",
    "Français ",
];

/// What one seed page must give: prefix, lang, title, url, source, date.
type SeedCase<'a> = (
    &'a str,
    Lang,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<Date>,
);

#[test]
fn seeds_language_title_url_source_date() {
    let nhandan = "https://nhandan.vn/tap-trung-thao-go-nhung-diem-nghen-de-thuc-day-phat-trien-khoa-hoc-cong-nghe-post883191.html";
    let cases: [SeedCase; 5] = [
        ("000", Lang::Fr, None, Some(nhandan), Some("nhandan.vn"), None),
        (
            "001",
            Lang::En,
            Some("Focus on removing bottlenecks to promote scientific and technological development"),
            Some(nhandan),
            Some("nhandan.vn"),
            Date::new(2025, 5, 29),
        ),
        ("002", Lang::Fr, None, None, Some("vtv.vn"), Date::new(2025, 9, 24)),
        ("003", Lang::Fr, None, None, Some("mst.gov.vn"), Date::new(2025, 3, 25)),
        (
            "004",
            Lang::Fr,
            Some("Le secrétaire général To Lam a présidé la réunion du Comité permanent du Comité directeur central sur la science, le développement technologique, l'innovation et la transformation numérique"),
            None,
            None,
            None,
        ),
    ];
    for (prefix, lang, title, url, source, date) in cases {
        let article = seed(prefix);
        assert!(
            article.id.starts_with(&format!("{prefix}_")),
            "{}",
            article.id
        );
        assert_eq!(article.lang, lang, "{prefix}");
        assert!(article.lang_confidence > 0.9, "{prefix}");
        if let Some(title) = title {
            assert_eq!(article.title, title, "{prefix}");
        } else {
            // A lead from the first sentence, flagged as such.
            assert!(!article.title.is_empty());
            assert!(
                article
                    .text
                    .starts_with(article.title.trim_end_matches('…')),
                "{prefix}: {}",
                article.title
            );
            assert!(article
                .warnings
                .iter()
                .any(|w| w == "title taken from the first sentence"));
        }
        if let Some(url) = url {
            assert_eq!(article.url.as_deref(), Some(url), "{prefix}");
        }
        assert_eq!(article.source.as_deref(), source, "{prefix}");
        assert_eq!(article.date, date, "{prefix}");
        for chrome in CHROME {
            assert!(
                !article.text.contains(chrome),
                "{prefix}: {chrome:?} left in text"
            );
        }
        assert!(!article.text.contains("NDO - "), "{prefix}");
        assert!(!article.text.contains(" ,"), "{prefix}");
        assert!(
            !article.text.lines().any(|l| l.starts_with('*')),
            "{prefix}"
        );
    }
}

#[test]
fn seed_001_keeps_the_body_and_drops_the_title_line() {
    let article = seed("001");
    let paragraphs: Vec<&str> = article.text.split("\n\n").collect();
    assert!(
        paragraphs[0].starts_with("On May 29, in Hanoi"),
        "{}",
        paragraphs[0]
    );
    assert!(paragraphs.last().unwrap().ends_with("living abroad."));
    assert!(!paragraphs.contains(&article.title.as_str()));
    // 25 body paragraphs in the page, minus the two captions.
    assert!(
        (20..=23).contains(&paragraphs.len()),
        "{}",
        paragraphs.len()
    );
}

#[test]
fn seed_002_machine_translation_labels_are_stripped() {
    let article = seed("002");
    assert!(article.text.contains("\n\nSoulignant que la mise en œuvre"));
    assert!(article.text.contains("\n\nLe Premier ministre a suggéré"));
}

#[test]
fn dev_articles_match_the_gold_languages() {
    let dev = corpus().join("dev");
    let gold: HashMap<String, Lang> = std::fs::read_to_string(dev.join("lang_gold.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let lang = Lang::parse(value["lang"].as_str().unwrap()).unwrap();
            (value["id"].as_str().unwrap().to_string(), lang)
        })
        .collect();
    let mut articles = Vec::new();
    read_paths(
        &[dev.join("articles.jsonl")],
        &ReadOptions::default(),
        |o| match o {
            Outcome::Article(a) => articles.push(*a),
            other => panic!("{other:?}"),
        },
    );
    assert_eq!(articles.len(), 45);
    for article in &articles {
        assert_eq!(Some(&article.lang), gold.get(&article.id), "{}", article.id);
        assert!(article.lang_confidence > 0.5, "{}", article.id);
        assert!(!article.title.is_empty(), "{}", article.id);
        assert!(
            article.warnings.iter().all(|w| !w.contains("declared")),
            "{}: {:?}",
            article.id,
            article.warnings
        );
    }
    // Input order is kept.
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    // The NFD article comes out NFC.
    let nfd = by_id["dev-004"];
    assert!(
        nfd.title.starts_with("Luật Khoa học, công nghệ"),
        "{}",
        nfd.title
    );
    // The empty title becomes a lead.
    assert!(by_id["dev-013"]
        .warnings
        .contains(&"title taken from the first sentence".to_string()));
}

#[test]
fn the_whole_corpus_directory_reads_without_rejections() {
    let mut ok = 0;
    let stats = read_paths(&[corpus()], &ReadOptions::default(), |o| match o {
        Outcome::Article(_) => ok += 1,
        other => panic!("{other:?}"),
    });
    assert_eq!(ok, 50);
    // README.md files and the three label files.
    assert!(stats.skipped >= 4, "{stats:?}");
}

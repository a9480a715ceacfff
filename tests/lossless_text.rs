//! End-to-end: the stored title and text keep typographic quotes and soft hyphens as the page
//! wrote them, a query typed with ASCII apostrophes still finds them, and the highlight
//! ranges of a hit land on the matched words of the stored text.

mod common;

use std::path::Path;

/// An invented French page: curly quotes in the headline, a curly apostrophe, guillemets and
/// a soft hyphen in the body before the word a query matches.
const PAGE: &str = "Le “plan vert” de la ville mise sur l’innovation locale\n\n\
Un « plan vert » : selon l’adjointe, la réno\u{00AD}vation des écoles favorisera \
l’innovation dans le quartier.\n\n\
Source: https://www.exemple-journal.fr/ville/plan-vert-innovation\n";

fn write_page(dir: &Path) -> std::path::PathBuf {
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("plan-vert.txt"), PAGE).unwrap();
    pages
}

#[test]
fn stored_text_keeps_quotes_and_soft_hyphens() {
    let dir = tempfile::tempdir().unwrap();
    let pages = write_page(dir.path());
    let (records, stderr, code) = common::normalize(&pages);
    assert_eq!(code, Some(0), "{stderr}");
    let record = &records[0];
    assert_eq!(
        record["title"],
        "Le “plan vert” de la ville mise sur l’innovation locale"
    );
    let text = record["text"].as_str().unwrap();
    assert_eq!(
        text,
        "Un « plan vert » : selon l’adjointe, la réno\u{00AD}vation des écoles favorisera \
         l’innovation dans le quartier."
    );
}

#[test]
fn ascii_query_finds_curly_text_and_highlights_land_on_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let pages = write_page(dir.path());
    let index = dir.path().join("index");
    common::index(pages.to_str().unwrap(), &index);
    for (query, words) in [
        ("\"l'innovation\"", &["l’innovation"][..]),
        ("rénovation", &["réno\u{00AD}vation"][..]),
    ] {
        let response = common::search(&index, query, &[]);
        let hit = &response["hits"][0];
        assert_eq!(
            hit["title"],
            "Le “plan vert” de la ville mise sur l’innovation locale"
        );
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        let marked: Vec<String> = hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|range| {
                let from = range[0].as_u64().unwrap() as usize;
                let to = range[1].as_u64().unwrap() as usize;
                snippet[from..to].iter().collect()
            })
            .collect();
        assert_eq!(marked, words, "{query}: {hit}");
    }
}

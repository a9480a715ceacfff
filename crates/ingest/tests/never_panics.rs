//! Property test: no byte sequence read as a page, JSONL, JSON or HTML file makes the reader
//! panic; every input gives articles or rejections that name the file.

use newsindex_ingest::{read_file, Outcome, ReadOptions};
use proptest::prelude::*;

fn bytes_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        // Text-like input with the characters the parsers care about.
        "[a-zA-Z éệđ{}\\[\\]\":,<>/!()|\\n\\r*.-]{0,400}".prop_map(String::into_bytes),
        // Plausible JSON lines with broken values.
        proptest::collection::vec(
            prop_oneof![
                Just(r#"{"text": "Bonjour à tous, la réunion commence."}"#.to_string()),
                Just(r#"{"title": 42, "text": null}"#.to_string()),
                "[^\n]{0,80}",
            ],
            0..6
        )
        .prop_map(|lines| lines.join("\n").into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn reading_arbitrary_bytes_never_panics(bytes in bytes_strategy(), ext in prop::sample::select(vec!["txt", "jsonl", "html", "json", "md"])) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("input.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let mut outcomes = Vec::new();
        read_file(&path, &ReadOptions::default(), |o| outcomes.push(o));
        for outcome in outcomes {
            match outcome {
                Outcome::Article(article) => {
                    prop_assert!(!article.title.is_empty());
                    prop_assert!(!article.text.is_empty());
                    prop_assert!(article.origin.starts_with(&path.display().to_string()));
                }
                Outcome::Rejected(rejection) => {
                    prop_assert!(rejection.origin.starts_with(&path.display().to_string()));
                    prop_assert!(!rejection.reason.is_empty());
                }
                Outcome::Unchanged { .. } => prop_assert!(false, "no known hashes were given"),
            }
        }
    }
}

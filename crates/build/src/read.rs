//! Stage 1, read: walks the inputs and parses, normalises and detects the language of each
//! record through `newsindex-ingest`, handing every outcome on in input order.

use crate::stamps::Listed;
use crate::{Event, KnownRaw, Observer};
use newsindex_core::Article;
use newsindex_ingest::{read_paths, Outcome, ReadOptions};
use std::path::PathBuf;

/// What a build reads.
pub enum Inputs {
    /// Files and directories, read with `newsindex-ingest`. They are also the indexed roots:
    /// an article whose file lies under one of them and was not seen in the run is removed.
    Paths(Vec<PathBuf>),
    /// Outcomes already in memory (tests, examples, fuzzing), with the indexed roots.
    Outcomes {
        /// The outcomes, in input order.
        outcomes: Vec<Outcome>,
        /// The indexed roots (see [`Inputs::Paths`]).
        roots: Vec<PathBuf>,
    },
}

impl Inputs {
    /// Articles already in memory, under no indexed root (an update removes nothing).
    pub fn articles(articles: impl IntoIterator<Item = Article>) -> Inputs {
        Inputs::Outcomes {
            outcomes: articles
                .into_iter()
                .map(|article| Outcome::Article(Box::new(article)))
                .collect(),
            roots: Vec::new(),
        }
    }

    /// The indexed roots.
    pub(crate) fn roots(&self) -> &[PathBuf] {
        match self {
            Inputs::Paths(paths) => paths,
            Inputs::Outcomes { roots, .. } => roots,
        }
    }

    /// The input files with their sizes and stamps; `None` for outcomes in memory or when a
    /// path cannot be walked.
    pub(crate) fn listed(&self) -> Option<Vec<Listed>> {
        match self {
            Inputs::Paths(paths) => crate::stamps::list(paths),
            Inputs::Outcomes { .. } => None,
        }
    }

    /// Hands every outcome to `sink` in input order. Records whose raw hash is in `known` may
    /// come as [`Outcome::Unchanged`], unparsed; rejections are also told to `observe`.
    pub(crate) fn feed(
        self,
        threads: usize,
        known: &KnownRaw,
        observe: &Observer<'_>,
        mut sink: impl FnMut(Outcome),
    ) {
        let pass = |outcome: Outcome| {
            if let Outcome::Rejected(rejection) = &outcome {
                observe(Event::Rejected {
                    origin: &rejection.origin,
                    reason: &rejection.reason,
                });
            }
            sink(outcome);
        };
        match self {
            Inputs::Paths(paths) => {
                let options = ReadOptions {
                    threads,
                    known_raw: Some(known.clone()),
                    ..ReadOptions::default()
                };
                read_paths(&paths, &options, pass);
            }
            Inputs::Outcomes { outcomes, .. } => outcomes.into_iter().for_each(pass),
        }
    }
}

/// The file an article came from (its origin without a `:LINE` suffix).
pub(crate) fn origin_path(origin: &str) -> &str {
    match origin.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => path,
        _ => origin,
    }
}

/// The line of a `path:LINE` origin; 0 for a whole file.
pub(crate) fn origin_line(origin: &str) -> u64 {
    origin[origin_path(origin).len()..]
        .strip_prefix(':')
        .and_then(|line| line.parse().ok())
        .unwrap_or(0)
}

/// Whether `path` is `root` or lies under it (whole path segments only).
pub(crate) fn under_root(path: &str, root: &str) -> bool {
    let root = root.trim_end_matches('/');
    path == root
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Lang;
    use newsindex_ingest::Rejection;
    use std::sync::Mutex;

    #[test]
    fn origin_path_strips_line_numbers_only() {
        assert_eq!(
            origin_path("corpus/dev/articles.jsonl:12"),
            "corpus/dev/articles.jsonl"
        );
        assert_eq!(origin_path("corpus/seeds/000.txt"), "corpus/seeds/000.txt");
        assert_eq!(origin_path("C:"), "C:");
        assert_eq!(origin_line("corpus/dev/articles.jsonl:12"), 12);
        assert_eq!(origin_line("corpus/seeds/000.txt"), 0);
        assert_eq!(origin_line("C:"), 0);
    }

    #[test]
    fn under_root_respects_path_segments() {
        assert!(under_root("corpus/dev/a.jsonl", "corpus"));
        assert!(under_root("corpus/dev/a.jsonl", "corpus/"));
        assert!(!under_root("corpus2/a.jsonl", "corpus"));
        assert!(under_root("corpus/a.jsonl", "corpus/a.jsonl"));
    }

    #[test]
    fn files_are_read_in_order_and_rejections_are_observed() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.jsonl");
        let lines = [
            r#"{"id":"one","lang":"en","title":"First","text":"The first article of the test."}"#,
            "{not json",
            r#"{"id":"two","lang":"fr","title":"Second","text":"Le second article du test."}"#,
        ];
        std::fs::write(&file, lines.join("\n")).unwrap();
        let inputs = Inputs::Paths(vec![tmp.path().to_path_buf()]);
        assert_eq!(inputs.roots(), [tmp.path().to_path_buf()]);
        let listed = inputs.listed().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].bytes, std::fs::metadata(&file).unwrap().len());
        let observed = Mutex::new(Vec::new());
        let observe = |event: Event<'_>| {
            if let Event::Rejected { origin, .. } = event {
                observed.lock().unwrap().push(origin.to_string());
            }
        };
        let mut seen = Vec::new();
        inputs.feed(1, &KnownRaw::default(), &observe, |outcome| {
            seen.push(match outcome {
                Outcome::Article(article) => article.id,
                Outcome::Rejected(rejection) => format!("rejected {}", rejection.origin),
                Outcome::Unchanged { origin, .. } => format!("unchanged {origin}"),
            })
        });
        let origin = format!("{}:2", file.display());
        assert_eq!(seen, ["one", &format!("rejected {origin}"), "two"]);
        assert_eq!(*observed.lock().unwrap(), [origin]);
    }

    #[test]
    fn articles_in_memory_have_no_roots_and_no_files() {
        let inputs = Inputs::articles([Article::new("a", Lang::En)]);
        assert!(inputs.roots().is_empty());
        assert!(inputs.listed().is_none());
        let rejected = Inputs::Outcomes {
            outcomes: vec![Outcome::Rejected(Rejection {
                origin: "x.txt".into(),
                reason: "empty".into(),
            })],
            roots: vec!["corpus".into()],
        };
        let mut count = 0;
        rejected.feed(1, &KnownRaw::default(), &|_| {}, |_| count += 1);
        assert_eq!(count, 1);
    }
}

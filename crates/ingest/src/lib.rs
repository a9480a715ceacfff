//! Read news articles from text scrapes, JSON/JSONL (optionally gzipped) and HTML into clean, language-tagged records.

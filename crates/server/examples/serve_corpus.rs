//! Serves the bundled dev corpus (`corpus/dev/articles.jsonl`) from a temporary index, to
//! develop the page and run the browser test without the `newsindex` binary.
//!
//! ```text
//! cargo run -p newsindex-server --example serve_corpus -- 127.0.0.1:7878 [corpus/dev]
//! ```

use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_query::Engine;
use serde_json::Value;
use std::collections::HashMap;
use std::error::Error;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let addr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:7878".into())
        .parse()?;
    let corpus = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/dev"));
    let articles = read_corpus(&corpus)?;
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("index");
    let summary = newsindex_build::build_articles(&dir, &articles, false)?;
    eprintln!(
        "indexed {} articles in {} stories from {}",
        summary.articles,
        summary.stories,
        corpus.display()
    );
    let engine = Engine::new(NewsIndex::open(&dir)?)?;
    newsindex_server::run(engine, addr)?;
    Ok(())
}

/// Reads `articles.jsonl`, taking the language of the articles without one from
/// `lang_gold.jsonl`.
fn read_corpus(dir: &Path) -> Result<Vec<Article>, Box<dyn Error>> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|err| format!("{}: {err}", path.display()))
    };
    let mut gold: HashMap<String, Lang> = HashMap::new();
    for line in read("lang_gold.jsonl")?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let value: Value = serde_json::from_str(line)?;
        if let (Some(id), Some(lang)) = (
            value["id"].as_str(),
            value["lang"].as_str().and_then(Lang::parse),
        ) {
            gold.insert(id.to_string(), lang);
        }
    }
    let mut articles = Vec::new();
    for (number, line) in read("articles.jsonl")?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|err| format!("articles.jsonl:{}: {err}", number + 1))?;
        let text = |key: &str| value[key].as_str().map(str::to_string);
        let Some(id) = text("id") else {
            return Err(format!("articles.jsonl:{}: no id", number + 1).into());
        };
        let lang = text("lang")
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| gold.get(&id).copied())
            .unwrap_or(Lang::Other);
        let mut article = Article::new(id, lang);
        article.url = text("url");
        article.source = text("source");
        article.date = text("date").as_deref().and_then(Date::parse_iso);
        article.text = text("text").unwrap_or_default();
        article.title = text("title")
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| lead(&article.text));
        article.lang_confidence = 1.0;
        article.origin = format!("corpus/dev/articles.jsonl:{}", number + 1);
        articles.push(article);
    }
    Ok(articles)
}

/// The first sentence, at most 120 characters, for an article without a title.
fn lead(text: &str) -> String {
    let sentence = text.split_inclusive(['.', '!', '?']).next().unwrap_or(text);
    let mut lead: String = sentence.chars().take(120).collect();
    if sentence.chars().count() > 120 {
        lead.push('…');
    }
    lead.trim().to_string()
}

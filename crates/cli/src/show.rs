//! `newsindex show`, `stats`, `translations` and `stories`: what the index holds.

use crate::common::{open_index, print_json, Format, DEFAULT_INDEX};
use crate::{EXIT_FATAL, EXIT_OK};
use newsindex_query::{Engine, SearchError};
use std::path::PathBuf;

/// Arguments of `newsindex show`.
#[derive(Debug, clap::Args)]
pub(crate) struct ShowArgs {
    /// Article id.
    id: String,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Arguments of `newsindex translations`.
#[derive(Debug, clap::Args)]
pub(crate) struct TranslationsArgs {
    /// Article id.
    id: String,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Arguments of `newsindex stats` and `newsindex stories`.
#[derive(Debug, clap::Args)]
pub(crate) struct IndexArgs {
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn not_found(err: SearchError) -> anyhow::Result<i32> {
    match err {
        SearchError::NotFound(message) => {
            eprintln!("newsindex: {message}");
            Ok(EXIT_FATAL)
        }
        other => Err(other.into()),
    }
}

pub(crate) fn show(args: ShowArgs) -> anyhow::Result<i32> {
    let engine = Engine::new(open_index(&args.index)?)?;
    let doc = match engine.article(&args.id) {
        Ok(doc) => doc,
        Err(err) => return not_found(err),
    };
    match args.format {
        Format::Json => print_json(&doc)?,
        Format::Text => {
            let a = &doc.article;
            println!("{}\n", a.title);
            println!("id:       {}", a.id);
            println!("story:    {}", doc.story);
            println!("language: {} (confidence {:.2})", a.lang, a.lang_confidence);
            let inherited = |field: &str| if a.inherited.iter().any(|f| f == field) { " (inherited from a translation)" } else { "" };
            println!("date:     {}{}", a.date.map_or("unknown".into(), |d| d.to_string()), inherited("date"));
            println!("source:   {}", a.source.as_deref().unwrap_or("unknown"));
            println!("url:      {}", a.url.as_deref().unwrap_or("-"));
            println!("origin:   {}", a.origin);
            for warning in &a.warnings {
                println!("warning:  {warning}");
            }
            println!("\n{}", a.text);
        }
    }
    Ok(EXIT_OK)
}

pub(crate) fn translations(args: TranslationsArgs) -> anyhow::Result<i32> {
    let engine = Engine::new(open_index(&args.index)?)?;
    let translations = match engine.translations(&args.id) {
        Ok(t) => t,
        Err(err) => return not_found(err),
    };
    match args.format {
        Format::Json => print_json(&translations)?,
        Format::Text => {
            println!("{} [{}] {}  (story {})", translations.id, translations.lang, translations.title, translations.story);
            if translations.versions.is_empty() {
                println!("  no other version found");
            }
            for v in &translations.versions {
                println!(
                    "\n  {} [{}] {:?} score {:.2}\n    {}",
                    v.id, v.lang, v.relation, v.score, v.title
                );
                for line in &v.evidence {
                    println!("    - {line}");
                }
            }
        }
    }
    Ok(EXIT_OK)
}

pub(crate) fn stats(args: IndexArgs) -> anyhow::Result<i32> {
    let stats = open_index(&args.index)?.stats()?;
    match args.format {
        Format::Json => print_json(&stats)?,
        Format::Text => {
            println!(
                "{} articles, {} stories ({} with several versions), {} segments, {:.1} MB",
                stats.articles,
                stats.stories,
                stats.multilingual_stories,
                stats.segments,
                stats.bytes as f64 / 1e6
            );
            for (title, counts) in [("languages", &stats.langs), ("outlets", &stats.sources), ("months", &stats.months)] {
                println!("\n{title}:");
                for (key, count) in counts {
                    println!("  {key:<28} {count:>8}");
                }
            }
        }
    }
    Ok(EXIT_OK)
}

pub(crate) fn stories(args: IndexArgs) -> anyhow::Result<i32> {
    let stories = open_index(&args.index)?.all_stories()?;
    match args.format {
        Format::Json => print_json(&serde_json::json!({ "stories": stories }))?,
        Format::Text => {
            let linked: Vec<_> = stories.iter().filter(|s| s.ids.len() > 1).collect();
            println!("{} stories, {} with several versions", stories.len(), linked.len());
            for story in linked {
                println!("\n{}  [{}]  {}", story.story, story.langs.join(" "), story.ids.join(", "));
                for link in &story.links {
                    println!("  {} ~ {}  {:?} {:.2}: {}", link.a, link.b, link.relation, link.score, link.evidence.join("; "));
                }
            }
        }
    }
    Ok(EXIT_OK)
}

//! `newsindex show`, `stats`, `translations` and `stories`: what the index holds.

use crate::common::{ignore_broken_pipe, open_index, print_json, Format, DEFAULT_INDEX};
use crate::{EXIT_FATAL, EXIT_OK};
use newsindex_core::publication;
use newsindex_query::{Engine, SearchError};
use std::fmt::Write as _;
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

/// Prints text on stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))
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
            let mut out = String::new();
            let a = &doc.article;
            let _ = writeln!(out, "{}\n", a.title);
            let _ = writeln!(out, "id:       {}", a.id);
            let _ = writeln!(out, "story:    {}", doc.story);
            let _ = writeln!(
                out,
                "language: {} (confidence {:.2})",
                a.lang, a.lang_confidence
            );
            let inherited = |field: &str| {
                if a.inherited.iter().any(|f| f == field) {
                    " (inherited from a translation)"
                } else {
                    ""
                }
            };
            let _ = writeln!(
                out,
                "date:     {}{}",
                publication(a.date, a.month).unwrap_or_else(|| "unknown".into()),
                inherited("date")
            );
            let _ = writeln!(
                out,
                "source:   {}",
                a.source.as_deref().unwrap_or("unknown")
            );
            let _ = writeln!(out, "url:      {}", a.url.as_deref().unwrap_or("-"));
            let _ = writeln!(out, "origin:   {}", a.origin);
            for warning in &a.warnings {
                let _ = writeln!(out, "warning:  {warning}");
            }
            let _ = writeln!(out, "\n{}", a.text);
            emit(&out)?;
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
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} [{}] {}  (story {})",
                translations.id, translations.lang, translations.title, translations.story
            );
            if translations.versions.is_empty() {
                let _ = writeln!(out, "  no other version found");
            }
            for v in &translations.versions {
                let _ = writeln!(
                    out,
                    "\n  {} [{}] {:?} score {:.2}\n    {}",
                    v.id, v.lang, v.relation, v.score, v.title
                );
                for line in &v.evidence {
                    let _ = writeln!(out, "    - {line}");
                }
            }
            emit(&out)?;
        }
    }
    Ok(EXIT_OK)
}

pub(crate) fn stats(args: IndexArgs) -> anyhow::Result<i32> {
    let stats = open_index(&args.index)?.stats()?;
    match args.format {
        Format::Json => print_json(&stats)?,
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} articles, {} stories ({} with several versions, {} in several languages), \
                 {} segments, {:.1} MB",
                stats.articles,
                stats.stories,
                stats.linked_stories,
                stats.multilingual_stories,
                stats.segments,
                stats.bytes as f64 / 1e6
            );
            for (title, counts) in [
                ("languages", &stats.langs),
                ("outlets", &stats.sources),
                ("months", &stats.months),
            ] {
                let _ = writeln!(out, "\n{title}:");
                for (key, count) in counts {
                    let _ = writeln!(out, "  {key:<28} {count:>8}");
                }
            }
            emit(&out)?;
        }
    }
    Ok(EXIT_OK)
}

pub(crate) fn stories(args: IndexArgs) -> anyhow::Result<i32> {
    let stories = open_index(&args.index)?.all_stories()?;
    match args.format {
        Format::Json => print_json(&serde_json::json!({ "stories": stories }))?,
        Format::Text => {
            let mut out = String::new();
            let linked: Vec<_> = stories.iter().filter(|s| s.ids.len() > 1).collect();
            let _ = writeln!(
                out,
                "{} stories, {} with several versions",
                stories.len(),
                linked.len()
            );
            for story in linked {
                let _ = writeln!(
                    out,
                    "\n{}  [{}]  {}",
                    story.story,
                    story.langs.join(" "),
                    story.ids.join(", ")
                );
                for link in &story.links {
                    let _ = writeln!(
                        out,
                        "  {} ~ {}  {:?} {:.2}: {}",
                        link.a,
                        link.b,
                        link.relation,
                        link.score,
                        link.evidence.join("; ")
                    );
                }
            }
            emit(&out)?;
        }
    }
    Ok(EXIT_OK)
}

//! `newsindex compare`: the versions of a story aligned paragraph by paragraph, with what
//! each version dropped, added or changed (numbers, dates, codes, names).

use crate::common::{ignore_broken_pipe, open_index, print_json, Format, DEFAULT_INDEX};
use crate::{EXIT_FATAL, EXIT_OK};
use anyhow::Context;
use newsindex_analysis::detect_language;
use newsindex_link::{compare_versions, paragraphs, ComparedVersion, Comparison, RowStatus};
use newsindex_query::{Engine, SearchError};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Characters of a paragraph shown in a text row; JSON has them all.
const SHOWN_CHARS: usize = 160;

/// Arguments of `newsindex compare`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Article ids: one to compare it with all its versions (translations and copies), or
    /// several to compare exactly these, aligned against the first.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Read the arguments as text files (one paragraph a line, language detected) instead
    /// of article ids; no index is used.
    #[arg(long)]
    files: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<i32> {
    let comparison = if args.files {
        compare_files(&args.ids)?
    } else {
        let engine = Engine::new(open_index(&args.index)?)?;
        let result = if args.ids.len() == 1 {
            newsindex_server::compare_article(&engine, &args.ids[0])
        } else {
            newsindex_server::compare_ids(&engine, &args.ids)
        };
        match result {
            Ok(comparison) => comparison,
            Err(SearchError::NotFound(message)) => {
                eprintln!("newsindex: {message}");
                return Ok(EXIT_FATAL);
            }
            Err(other) => return Err(other.into()),
        }
    };
    match args.format {
        Format::Json => print_json(&comparison)?,
        Format::Text => {
            use std::io::Write;
            let text = render(&comparison);
            ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
        }
    }
    Ok(EXIT_OK)
}

/// Text files as versions: each file's non-empty lines are its paragraphs.
fn compare_files(paths: &[String]) -> anyhow::Result<Comparison> {
    let mut versions = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
        versions.push(ComparedVersion {
            id: Path::new(path)
                .file_stem()
                .map_or_else(|| path.clone(), |s| s.to_string_lossy().into_owned()),
            lang: detect_language(&text).lang,
            title: String::new(),
            relation: None,
            paragraphs: paragraphs(&text).into_iter().map(str::to_string).collect(),
        });
    }
    Ok(compare_versions(versions))
}

/// The first `max` characters of a paragraph, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Rows stacked, each version on its own labelled line: readable at any terminal width.
fn render(comparison: &Comparison) -> String {
    let mut out = String::new();
    let label = |k: usize| format!("[{}]", k + 1);
    let _ = writeln!(out, "{} versions:", comparison.versions.len());
    for (k, v) in comparison.versions.iter().enumerate() {
        let relation = v
            .relation
            .map_or(String::new(), |r| format!(" ({})", relation_name(r)));
        let _ = writeln!(
            out,
            "  {} {} [{}]{} {} paragraphs  {}",
            label(k),
            v.id,
            v.lang,
            relation,
            v.paragraphs.len(),
            v.title
        );
    }
    let all = comparison
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::All)
        .count();
    let _ = writeln!(
        out,
        "{} rows: {all} in every version, {} not\n",
        comparison.rows.len(),
        comparison.rows.len() - all
    );
    for (n, row) in comparison.rows.iter().enumerate() {
        let missing: Vec<String> = (0..row.cells.len())
            .filter(|&k| row.cells[k].is_empty())
            .map(label)
            .collect();
        let status = match row.status {
            RowStatus::All => "in all".to_string(),
            RowStatus::Dropped => format!("DROPPED in {}", missing.join(" ")),
            RowStatus::Added => format!("ADDED (missing in {})", missing.join(" ")),
        };
        let changed = if row.differences.is_empty() {
            ""
        } else {
            ", FACTS DIFFER"
        };
        let _ = writeln!(out, "row {}: {status}{changed}", n + 1);
        for (k, cell) in row.cells.iter().enumerate() {
            if cell.is_empty() {
                let _ = writeln!(out, "  {} -", label(k));
                continue;
            }
            let numbers: Vec<String> = cell.iter().map(|p| format!("¶{}", p + 1)).collect();
            let text: Vec<&str> = cell
                .iter()
                .filter_map(|&p| comparison.versions[k].paragraphs.get(p))
                .map(String::as_str)
                .collect();
            let _ = writeln!(
                out,
                "  {} {} {}",
                label(k),
                numbers.join("+"),
                shorten(&text.join(" "), SHOWN_CHARS)
            );
        }
        for diff in &row.differences {
            let values: Vec<String> = diff
                .values
                .iter()
                .enumerate()
                .filter(|(k, _)| !row.cells[*k].is_empty())
                .map(|(k, v)| format!("{} {}", label(k), v.as_deref().unwrap_or("(none)")))
                .collect();
            let _ = writeln!(out, "  ! {} differs: {}", diff.kind, values.join(", "));
        }
        out.push('\n');
    }
    out
}

fn relation_name(relation: newsindex_core::Relation) -> &'static str {
    match relation {
        newsindex_core::Relation::Translation => "translation",
        newsindex_core::Relation::Duplicate => "copy",
        _ => "same event",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Lang;

    fn version(id: &str, lang: Lang, paragraphs: &[&str]) -> ComparedVersion {
        ComparedVersion {
            id: id.into(),
            lang,
            title: String::new(),
            relation: None,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn text_rows_label_dropped_paragraphs_and_changed_facts() {
        let en = [
            "The committee assigned 1,132 tasks to ministries; 485 were completed.",
            "A paragraph about the weather in Hanoi that only one version keeps, long enough.",
            "The deadline is March 31, 2026, the committee said.",
        ];
        let fr = [
            "Le comité a attribué 1 133 tâches aux ministères ; 485 ont été accomplies.",
            "L'échéance est le 31 mars 2026, a indiqué le comité.",
        ];
        let text = render(&compare_versions(vec![
            version("e", Lang::En, &en),
            version("f", Lang::Fr, &fr),
        ]));
        assert!(text.contains("row 1: in all, FACTS DIFFER"), "{text}");
        assert!(
            text.contains("! num differs: [1] 1,132, [2] 1 133"),
            "{text}"
        );
        assert!(
            text.contains("row 2: DROPPED in [2]\n  [1] ¶2 A paragraph"),
            "{text}"
        );
        assert!(text.contains("row 3: in all\n"), "{text}");
    }

    #[test]
    fn long_paragraphs_are_shortened_on_a_character_boundary() {
        assert_eq!(shorten("đổi mới", 3), "đổi…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}

//! Changing a fixed 1% (or any fraction) of a generated corpus in place, for incremental
//! rebuilds: each round appends one more short paragraph to the same articles.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// The paragraph appended in round `round`, in the article's language.
fn update_note(lang: &str, round: usize) -> String {
    let marks = "*".repeat(round);
    match lang {
        "vi" => format!("Bài viết đã được cập nhật thêm thông tin {marks}"),
        "fr" => format!("Article mis à jour avec de nouvelles informations {marks}"),
        _ => format!("This article was updated with new information {marks}"),
    }
}

/// Appends an update note to every `every`-th article (by position across the shards of
/// `articles`, in file-name order); returns how many articles changed.
pub fn mutate(articles: &Path, every: usize, round: usize) -> Result<usize> {
    let mut shards: Vec<_> = std::fs::read_dir(articles)
        .with_context(|| format!("cannot list {}", articles.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    shards.sort();
    let mut position = 0usize;
    let mut changed = 0;
    for shard in shards {
        let tmp = shard.with_extension("jsonl.tmp");
        {
            let input = BufReader::new(
                std::fs::File::open(&shard)
                    .with_context(|| format!("cannot open {}", shard.display()))?,
            );
            let mut output = BufWriter::new(
                std::fs::File::create(&tmp)
                    .with_context(|| format!("cannot create {}", tmp.display()))?,
            );
            for (n, line) in input.lines().enumerate() {
                let line = line.with_context(|| format!("{}:{}", shard.display(), n + 1))?;
                if position.is_multiple_of(every.max(1)) {
                    let mut record: serde_json::Value = serde_json::from_str(&line)
                        .with_context(|| format!("{}:{}: invalid JSON", shard.display(), n + 1))?;
                    let lang = record["lang"].as_str().unwrap_or("en").to_string();
                    let text = record["text"].as_str().unwrap_or("").to_string();
                    record["text"] = serde_json::Value::String(format!(
                        "{text}\n\n{}",
                        update_note(&lang, round)
                    ));
                    serde_json::to_writer(&mut output, &record)?;
                    changed += 1;
                } else {
                    output.write_all(line.as_bytes())?;
                }
                output.write_all(b"\n")?;
                position += 1;
            }
            output.flush()?;
        }
        std::fs::rename(&tmp, &shard)
            .with_context(|| format!("cannot replace {}", shard.display()))?;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_every_nth_article_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let lines: Vec<String> = (0..250)
            .map(|i| format!("{{\"id\":\"a{i}\",\"lang\":\"fr\",\"text\":\"t{i}\"}}"))
            .collect();
        std::fs::write(
            tmp.path().join("part-0000.jsonl"),
            lines[..120].join("\n") + "\n",
        )
        .unwrap();
        std::fs::write(
            tmp.path().join("part-0001.jsonl"),
            lines[120..].join("\n") + "\n",
        )
        .unwrap();
        assert_eq!(mutate(tmp.path(), 100, 1).unwrap(), 3);
        let after: Vec<String> = ["part-0000.jsonl", "part-0001.jsonl"]
            .iter()
            .flat_map(|f| {
                std::fs::read_to_string(tmp.path().join(f))
                    .unwrap()
                    .lines()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(after.len(), 250);
        for (i, (before, now)) in lines.iter().zip(&after).enumerate() {
            assert_eq!(before != now, i % 100 == 0, "line {i}");
        }
        // A second round changes the same articles again.
        let first = after[100].clone();
        mutate(tmp.path(), 100, 2).unwrap();
        let again = std::fs::read_to_string(tmp.path().join("part-0000.jsonl")).unwrap();
        assert_ne!(again.lines().nth(100).unwrap(), first);
    }
}

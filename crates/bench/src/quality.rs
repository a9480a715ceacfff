//! Linking quality at scale: predicted stories and links against the generator's families,
//! as pairwise precision and recall.

use serde::Serialize;
use std::collections::HashMap;

/// Pairwise agreement of a predicted grouping with the true families.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PairScores {
    /// Pairs predicted together.
    pub predicted: u64,
    /// Pairs together in the truth.
    pub truth: u64,
    /// Pairs in both.
    pub correct: u64,
    /// `correct / predicted` (1.0 when nothing was predicted).
    pub precision: f64,
    /// `correct / truth` (1.0 when the truth has no pair).
    pub recall: f64,
}

impl PairScores {
    fn new(predicted: u64, truth: u64, correct: u64) -> PairScores {
        PairScores {
            predicted,
            truth,
            correct,
            precision: if predicted == 0 {
                1.0
            } else {
                correct as f64 / predicted as f64
            },
            recall: if truth == 0 {
                1.0
            } else {
                correct as f64 / truth as f64
            },
        }
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores groups (`stories`: every member pair counts as predicted) against `families`,
/// without listing pairs, so a giant wrong story costs no memory.
pub fn score_groups(stories: &[Vec<String>], families: &[Vec<String>]) -> PairScores {
    let family_of = family_index(families);
    let truth: u64 = families.iter().map(|f| pairs(f.len() as u64)).sum();
    let mut predicted = 0;
    let mut correct = 0;
    for story in stories {
        predicted += pairs(story.len() as u64);
        let mut per_family: HashMap<usize, u64> = HashMap::new();
        for id in story {
            if let Some(&family) = family_of.get(id.as_str()) {
                *per_family.entry(family).or_default() += 1;
            }
        }
        correct += per_family.values().map(|&n| pairs(n)).sum::<u64>();
    }
    PairScores::new(predicted, truth, correct)
}

/// Scores individual links (`(a, b)` pairs, each once) against `families`.
pub fn score_links(links: &[(String, String)], families: &[Vec<String>]) -> PairScores {
    let family_of = family_index(families);
    let truth: u64 = families.iter().map(|f| pairs(f.len() as u64)).sum();
    let correct = links
        .iter()
        .filter(|(a, b)| {
            matches!((family_of.get(a.as_str()), family_of.get(b.as_str())),
                (Some(x), Some(y)) if x == y)
        })
        .count() as u64;
    PairScores::new(links.len() as u64, truth, correct)
}

fn family_index(families: &[Vec<String>]) -> HashMap<&str, usize> {
    families
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.iter().map(move |id| (id.as_str(), i)))
        .collect()
}

/// Reads `families.jsonl` (one `{"ids": [...]}` per line).
pub fn read_families(path: &std::path::Path) -> anyhow::Result<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", path.display()))?;
    let mut families = Vec::new();
    for (n, line) in text.lines().enumerate() {
        #[derive(serde::Deserialize)]
        struct Family {
            ids: Vec<String>,
        }
        let family: Family = serde_json::from_str(line)
            .map_err(|err| anyhow::anyhow!("{}:{}: {err}", path.display(), n + 1))?;
        families.push(family.ids);
    }
    Ok(families)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(groups: &[&[&str]]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn group_scores_table() {
        let truth = ids(&[&["a", "b", "c"], &["d", "e"]]);
        type Groups<'a> = &'a [&'a [&'a str]];
        let cases: [(Groups, (u64, u64, u64)); 4] = [
            // Perfect.
            (&[&["a", "b", "c"], &["d", "e"], &["f"]], (4, 4, 4)),
            // Everything alone.
            (&[&["a"], &["b"], &["c"], &["d"], &["e"]], (0, 4, 0)),
            // One giant story: every pair predicted.
            (&[&["a", "b", "c", "d", "e", "f"]], (15, 4, 4)),
            // A split family and a wrong merge.
            (&[&["a", "b"], &["c", "d"], &["e"]], (2, 4, 1)),
        ];
        for (stories, (predicted, truth_pairs, correct)) in cases {
            let s = score_groups(&ids(stories), &truth);
            assert_eq!(
                (s.predicted, s.truth, s.correct),
                (predicted, truth_pairs, correct)
            );
        }
    }

    #[test]
    fn link_scores_count_links_inside_families() {
        let truth = ids(&[&["a", "b", "c"]]);
        let links = vec![
            ("a".to_string(), "b".to_string()),
            ("b".to_string(), "x".to_string()),
        ];
        let s = score_links(&links, &truth);
        assert_eq!((s.predicted, s.truth, s.correct), (2, 3, 1));
        assert!((s.precision - 0.5).abs() < 1e-9);
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-9);
    }
}

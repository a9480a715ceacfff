//! Prints the measurements of every pair of articles that share anything, for fitting the
//! linker's thresholds and its translation model outside the engine
//! (`eval/real/fit_translation.py` drives it).
//!
//! Input on stdin: clean articles as `newsindex normalize --format json` prints them, one
//! JSON object a line. Output on stdout: one tab-separated line a pair, with a header.
//! Every pair is compared (no candidate search), so keep the input to a few thousand
//! articles.

use newsindex_core::Article;
use newsindex_link::{compare, CorpusStats, LinkInput};
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut inputs = Vec::new();
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let article: Article = serde_json::from_str(&line)
            .map_err(|e| format!("stdin line {}: not an article: {e}", number + 1))?;
        inputs.push(LinkInput::from_article(&article));
    }
    let stats = CorpusStats::from_inputs(&inputs);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "a\tb\tlang_a\tlang_b\toverlap\tcoverage\torder\tfacts_in_order\tcontent\tlength_ratio\tscore\ttranslation_probability\trelation\tshared\tdays_apart\tcopied"
    )?;
    for (i, a) in inputs.iter().enumerate() {
        for b in &inputs[i + 1..] {
            let e = compare(a, b, &stats);
            if e.shared == 0 && e.content == 0.0 {
                continue;
            }
            let relation = e
                .relation
                .map_or_else(|| "None".to_string(), |r| format!("{r:?}"));
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{relation}\t{}\t{}\t{:.4}",
                a.id,
                b.id,
                a.lang.code(),
                b.lang.code(),
                e.overlap,
                e.coverage,
                e.order,
                e.facts_in_order,
                e.content,
                e.length_ratio.unwrap_or(1.0),
                e.score,
                e.translation_probability(),
                e.shared,
                e.days_apart.map_or_else(|| "-".to_string(), |d| d.to_string()),
                e.copied,
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

//! Linking alone: the corpus read and its anchors extracted once (as pass 1 of a build
//! does), then `link_articles` timed over several runs.

use anyhow::Result;
use newsindex_build::LinkData;
use newsindex_core::Story;
use newsindex_ingest::{read_paths, Outcome, ReadOptions};
use newsindex_link::{link_articles, LinkInput};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Reads every article under `paths` and makes its linking input exactly as an index build
/// does for a new article; returns the inputs and the seconds spent on anchors.
pub fn load_inputs(paths: &[PathBuf]) -> Result<(Vec<LinkInput>, f64)> {
    let mut articles = Vec::new();
    read_paths(paths, &ReadOptions::default(), |outcome| {
        if let Outcome::Article(article) = outcome {
            articles.push(*article);
        }
    });
    anyhow::ensure!(!articles.is_empty(), "no articles under {paths:?}");
    let started = Instant::now();
    let inputs = articles
        .par_iter()
        .map(|article| {
            LinkData::from_article(article).to_link_input(&article.id, article.lang, article.date)
        })
        .collect();
    Ok((inputs, started.elapsed().as_secs_f64()))
}

/// Runs `link_articles` `runs` times; returns the seconds of each run and the last stories.
pub fn time_linking(inputs: &[LinkInput], runs: usize) -> (Vec<f64>, Vec<Story>) {
    let mut times = Vec::new();
    let mut stories = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        stories = link_articles(inputs);
        times.push(started.elapsed().as_secs_f64());
    }
    (times, stories)
}

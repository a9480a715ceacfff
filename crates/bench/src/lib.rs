//! Benchmarks of newsindex at 10k–1M articles: a deterministic corpus generator that
//! resamples real sentences into vi/fr/en articles with translation families (and writes
//! the ground truth), a runner that times `newsindex index`, linking and search side by side
//! with plain tantivy, and the measurement helpers they share. Nothing here is shipped, and
//! no generated text is ever written inside the repository.

mod baseline;
mod facts;
mod generate;
mod latency;
mod linkbench;
mod mutate;
mod pools;
mod quality;
mod rng;
mod runner;
mod targets;
mod text;

pub use baseline::{build as baseline_build, strip_filters, timed_build, Baseline};
pub use facts::{random_fact, render, Fact};
pub use generate::{dir_bytes, generate, CorpusFiles, GenOptions, GenSummary, Reuse};
pub use latency::{measure, median, percentile, read_queries, LatencyReport, Percentiles, Query};
pub use linkbench::{load_inputs, time_linking};
pub use mutate::mutate;
pub use pools::{PoolSource, Pools};
pub use quality::{read_families, score_groups, score_links, PairScores};
pub use rng::{mix, Rng};
pub use runner::{render_table, run, time_v, BuildFigures, Measured, RunConfig, RunResult};
pub use targets::render_targets;
pub use text::{detokenize, format_date, format_number, split_sentences};

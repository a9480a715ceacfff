//! What a build did: the counts printed at the end and as JSON for scripts.

use serde::Serialize;
use std::collections::BTreeMap;

/// What a build did, printed at the end and as JSON for scripts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BuildSummary {
    /// Articles not in the index before.
    pub added: u64,
    /// Articles whose content changed.
    pub updated: u64,
    /// Articles removed because their file disappeared (or, with `--full`, was not given).
    pub removed: u64,
    /// Articles skipped because their content hash did not change.
    pub unchanged: u64,
    /// Unchanged articles rewritten because their story or inherited metadata changed.
    pub relinked: u64,
    /// Input files not read because their size and times had not changed since the index
    /// took them in (their articles count as unchanged).
    pub files_skipped: u64,
    /// Inputs rejected.
    pub rejected: u64,
    /// Rejections counted by reason.
    pub rejected_reasons: BTreeMap<String, u64>,
    /// Each rejected input with its reason (`origin: reason`), in input order.
    pub rejections: Vec<String>,
    /// Live articles after the build.
    pub articles: u64,
    /// Stories after the build.
    pub stories: u64,
    /// Stories with more than one article.
    pub linked_stories: u64,
    /// Wall time in seconds.
    pub elapsed_secs: f64,
    /// Articles read per second of wall time.
    pub articles_per_sec: f64,
    /// Input megabytes (10^6 bytes) per second of wall time.
    pub mb_per_sec: f64,
    /// Seconds per stage: `read` (read, parse, normalise, detect), `anchors`, `link`,
    /// `write` (analysis and indexing), `commit` (commit and merges).
    pub stages: BTreeMap<String, f64>,
}

impl BuildSummary {
    /// Counts a rejected input.
    pub(crate) fn reject(&mut self, origin: &str, reason: &str) {
        self.rejected += 1;
        *self
            .rejected_reasons
            .entry(reason_kind(reason))
            .or_default() += 1;
        self.rejections.push(format!("{origin}: {reason}"));
    }

    /// Records a stage's time, rounded to the millisecond.
    pub(crate) fn stage(&mut self, stage: &str, secs: f64) {
        self.stages
            .insert(stage.to_string(), (secs * 1000.0).round() / 1000.0);
    }

    /// Sets the rates from the wall time, the articles read and the input size.
    pub(crate) fn rates(&mut self, elapsed: f64, read: u64, input_bytes: u64) {
        self.elapsed_secs = elapsed;
        self.articles_per_sec = read as f64 / elapsed.max(1e-9);
        self.mb_per_sec = input_bytes as f64 / 1e6 / elapsed.max(1e-9);
    }
}

/// The reason without its specifics (ids, positions), for counting.
fn reason_kind(reason: &str) -> String {
    let cut = reason.find([':', '(']).unwrap_or(reason.len());
    reason[..cut].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_kind_drops_specifics() {
        assert_eq!(
            reason_kind("duplicate id: x (first seen at a:1)"),
            "duplicate id"
        );
        // Regression: every duplicated id used to be a reason of its own in the summary.
        assert_eq!(
            reason_kind("duplicate id: a(b):c (first seen at a:1)"),
            "duplicate id"
        );
        assert_eq!(reason_kind("invalid JSON: expected value"), "invalid JSON");
    }

    #[test]
    fn rejections_are_counted_by_kind_in_input_order() {
        let mut summary = BuildSummary::default();
        summary.reject("a.jsonl:3", "invalid JSON: eof");
        summary.reject("a.jsonl:1", "invalid JSON: expected value");
        summary.reject("b.txt", "empty");
        assert_eq!(summary.rejected, 3);
        assert_eq!(summary.rejected_reasons["invalid JSON"], 2);
        assert_eq!(summary.rejections[0], "a.jsonl:3: invalid JSON: eof");
        assert_eq!(summary.rejections.len(), 3);
    }

    #[test]
    fn stages_are_rounded_and_rates_never_divide_by_zero() {
        let mut summary = BuildSummary::default();
        summary.stage("read", 1.23456);
        assert_eq!(summary.stages["read"], 1.235);
        summary.rates(0.0, 10, 1_000_000);
        assert!(summary.articles_per_sec.is_finite() && summary.mb_per_sec.is_finite());
        summary.rates(2.0, 10, 4_000_000);
        assert_eq!((summary.articles_per_sec, summary.mb_per_sec), (5.0, 2.0));
    }
}

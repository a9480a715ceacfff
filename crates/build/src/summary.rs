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
    /// The process's peak resident memory so far, in MiB, at the end of each stage (`read`
    /// with its anchors, `link`, `write`, `commit`): the stage where it grows is the one
    /// that set the peak. Empty where the kernel does not tell (no `/proc`).
    pub peak_rss_mib: BTreeMap<String, u64>,
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

    /// Records the process's peak resident memory so far at the end of `stage`, if known.
    pub(crate) fn peak_rss(&mut self, stage: &str) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(kib) = high_water_kib(&status) {
            self.peak_rss_mib.insert(stage.to_string(), kib >> 10);
        }
    }

    /// Sets the rates from the wall time, the articles read and the input size.
    pub(crate) fn rates(&mut self, elapsed: f64, read: u64, input_bytes: u64) {
        self.elapsed_secs = elapsed;
        self.articles_per_sec = read as f64 / elapsed.max(1e-9);
        self.mb_per_sec = input_bytes as f64 / 1e6 / elapsed.max(1e-9);
    }
}

/// The `VmHWM` (peak resident set) line of a `/proc/PID/status` text, in KiB.
fn high_water_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
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
    fn the_peak_is_read_from_the_high_water_mark_line() {
        let status =
            "Name:\tnewsindex\nVmPeak:\t 9000000 kB\nVmHWM:\t  1048576 kB\nVmRSS:\t 5 kB\n";
        assert_eq!(high_water_kib(status), Some(1_048_576));
        assert_eq!(high_water_kib("VmRSS:\t 5 kB\n"), None);
        let mut summary = BuildSummary::default();
        summary.peak_rss("link");
        // Where the kernel tells (Linux), a running process has a peak of at least 1 MiB.
        if std::path::Path::new("/proc/self/status").exists() {
            assert!(
                summary.peak_rss_mib["link"] >= 1,
                "{:?}",
                summary.peak_rss_mib
            );
        }
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

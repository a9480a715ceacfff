//! The targets of issue 16, each with what a run measured and whether it is met, so that a
//! benchmark run says by itself how far the build is from them.

use crate::runner::SizeResult;
use std::fmt::Write;

/// The size from which the memory and search targets apply (the issue states them at 1M).
const LARGE: usize = 1_000_000;

/// One target: a measured figure against a ceiling.
struct Target {
    what: String,
    measured: Option<f64>,
    ceiling: f64,
    unit: &'static str,
}

impl Target {
    fn status(&self) -> &'static str {
        match self.measured {
            None => "not measured",
            Some(v) if v <= self.ceiling => "met",
            Some(_) => "missed",
        }
    }
}

/// The targets a run's sizes can say something about, in the order.
fn targets(sizes: &[SizeResult]) -> Vec<Target> {
    let mut out = Vec::new();
    for s in sizes {
        out.push(Target {
            what: format!("`index --full` / tantivy-cli time, {} articles", s.articles),
            measured: s.ratio_vs_tantivy_cli,
            ceiling: 3.0,
            unit: "×",
        });
    }
    for s in sizes.iter().filter(|s| s.articles >= LARGE) {
        out.push(Target {
            what: format!("peak RSS of `index --full`, {} articles", s.articles),
            measured: (s.full.peak_rss_mib > 0.0).then_some(s.full.peak_rss_mib / 1024.0),
            ceiling: 1.2,
            unit: " GiB",
        });
        let p99 = s.search.as_ref().and_then(|search| {
            let ours = search.newsindex.first()?;
            let plain = search.baseline.first()?;
            (plain.median.p99 > 0.0).then(|| ours.median.p99 / plain.median.p99)
        });
        out.push(Target {
            what: format!(
                "search p99 / plain tantivy's, 1 client, {} articles",
                s.articles
            ),
            measured: p99,
            ceiling: 3.0,
            unit: "×",
        });
    }
    for s in sizes.iter().filter(|s| s.articles == 100_000) {
        out.push(Target {
            what: format!(
                "incremental run after changing 1% / full build, {} articles",
                s.articles
            ),
            measured: (s.incremental.median_secs > 0.0).then_some(s.incremental_fraction * 100.0),
            ceiling: 5.0,
            unit: "%",
        });
    }
    out
}

/// The targets table of a run (markdown): measured / target / met.
pub fn render_targets(sizes: &[SizeResult]) -> String {
    let mut out = String::from(
        "\nTargets of issue 16\n| target | measured | target | status |\n|---|---:|---:|---|\n",
    );
    for t in targets(sizes) {
        let measured = t
            .measured
            .map_or("-".to_string(), |v| format!("{v:.2}{}", t.unit));
        let _ = writeln!(
            out,
            "| {} | {measured} | ≤ {:.2}{} | {} |",
            t.what,
            t.ceiling,
            t.unit,
            t.status()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::SearchFigures;
    use crate::LatencyReport;

    fn latency(p99: f64) -> LatencyReport {
        let mut report = LatencyReport::default();
        report.median.p99 = p99;
        report
    }

    #[test]
    fn each_target_says_measured_ceiling_and_whether_it_is_met() {
        let mut small = SizeResult {
            articles: 100_000,
            ratio_vs_tantivy_cli: Some(6.2),
            incremental_fraction: 0.045,
            ..SizeResult::default()
        };
        small.incremental.median_secs = 3.0;
        let mut large = SizeResult {
            articles: 1_000_000,
            ..SizeResult::default()
        };
        large.full.peak_rss_mib = 1024.0;
        large.search = Some(SearchFigures {
            newsindex: vec![latency(30.0)],
            baseline: vec![latency(10.0)],
            tantivy_cli: None,
        });
        let table = render_targets(&[small, large]);
        let rows: Vec<&str> = table
            .lines()
            .filter(|l| {
                l.starts_with("| `")
                    || l.starts_with("| peak")
                    || l.starts_with("| search")
                    || l.starts_with("| incremental")
            })
            .collect();
        assert_eq!(rows.len(), 5, "{table}");
        assert!(
            rows[0].contains("100000")
                && rows[0].contains("6.20×")
                && rows[0].ends_with("missed |"),
            "{table}"
        );
        assert!(
            rows[1].contains("1000000") && rows[1].ends_with("not measured |"),
            "{table}"
        );
        assert!(
            rows[2].contains("1.00 GiB") && rows[2].ends_with("| met |"),
            "{table}"
        );
        assert!(
            rows[3].contains("3.00×") && rows[3].ends_with("| met |"),
            "{table}"
        );
        assert!(
            rows[4].contains("4.50%") && rows[4].ends_with("| met |"),
            "{table}"
        );
    }
}

#!/usr/bin/env bash
# The large benchmarks of issue 7 (not run by CI): full and incremental `newsindex index`,
# linking alone and its quality, search latency, each side by side with tantivy-cli and a
# plain tantivy 0.27 baseline on the same generated articles. Prints markdown tables and
# writes the JSON result.
#
#   benches/run.sh                          # 10k and 100k articles, 3 runs each
#   SIZES=1000000 RUNS=1 benches/run.sh     # the 1M run (about 2.7 GB of JSONL)
#
# Environment: SIZES (comma-separated), RUNS, DATA (corpora, indexes and results; outside
# the repository, since generated text must never be committed), CARGO_TARGET_DIR, and
# TANTIVY_CLI (default /work/bench-tools/bin/tantivy, from
# `cargo install tantivy-cli --version 0.24.0 --root /work/bench-tools`; skipped if absent).
# Extra arguments go to `newsindex-bench run` (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-10000,100000}
RUNS=${RUNS:-3}
DATA=${DATA:-/work/bench-data}
TARGET=${CARGO_TARGET_DIR:-target}
TANTIVY_CLI=${TANTIVY_CLI:-/work/bench-tools/bin/tantivy}

if [ ! -x /usr/bin/time ]; then
  echo "benches/run.sh: /usr/bin/time is missing (Debian package: time)" >&2
  exit 2
fi
cargo build --release --locked -p newsindex -p newsindex-bench

mkdir -p "$DATA/results"
stamp=$(date +%Y%m%d-%H%M%S)
"$TARGET/release/newsindex-bench" run \
  --sizes "$SIZES" --runs "$RUNS" --data "$DATA" \
  --newsindex "$TARGET/release/newsindex" --tantivy-cli "$TANTIVY_CLI" \
  --json "$DATA/results/$stamp.json" "$@" | tee "$DATA/results/$stamp.md"
echo "results: $DATA/results/$stamp.json" >&2

#!/usr/bin/env bash
# The slow variant of tests/crash.rs: 200 SIGKILL points over full rebuilds of 2,700 articles.
# Usage: scripts/crash-soak.sh [KILLS] [COPIES]   (NEWSINDEX_CRASH_SEED=N to replay a run)
set -euo pipefail
cd "$(dirname "$0")/.."
export NEWSINDEX_CRASH_KILLS="${1:-200}"
export NEWSINDEX_CRASH_COPIES="${2:-60}"
echo "crash soak: ${NEWSINDEX_CRASH_KILLS} kills, $((NEWSINDEX_CRASH_COPIES * 45)) articles"
exec cargo test --test crash -- --nocapture --test-threads 1

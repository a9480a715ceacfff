#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (not part of CI) and keeps what it finds.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   targets: normalize page json query search (default: all)
#
# cargo-fuzz needs nightly-only compiler flags; with only a stable toolchain installed,
# RUSTC_BOOTSTRAP=1 lets the stable compiler accept them (sanitizer runtimes ship with it).
# Install the runner once with `cargo install cargo-fuzz`.
#
# Each target starts from seeds taken from the repository (the hostile corpus, the sample
# pages, the development articles and queries). A crashing input is copied to
# tests/data/fuzz-regressions/TARGET/, where tests/fuzz_regressions.rs replays it through
# the same check on every `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(normalize page json query search)
export RUSTC_BOOTSTRAP=1

seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    page)
      cp -f corpus/seeds/*.txt tests/data/hostile/*.txt tests/data/hostile/*.html tests/data/*.html "$dir"/ 2>/dev/null || true ;;
    json)
      cp -f tests/data/hostile/*.json tests/data/hostile/*.jsonl "$dir"/ 2>/dev/null || true
      head -c 4000 corpus/dev/articles.jsonl > "$dir/dev-head.jsonl" ;;
    normalize)
      cp -f corpus/seeds/*.txt tests/data/hostile/bidi-zero-width.txt tests/data/hostile/combining-500.txt tests/data/hostile/crlf.txt "$dir"/ ;;
    query | search)
      python3 - "$dir" <<'PY'
import json, sys, os
out = sys.argv[1]
for n, line in enumerate(open("corpus/dev/queries.jsonl", encoding="utf-8")):
    q = json.loads(line).get("query") or json.loads(line).get("q")
    if q:
        open(os.path.join(out, f"dev-{n}"), "w", encoding="utf-8").write(q)
for n, q in enumerate(['"a phrase" +must -not', 'a OR b OR c', 'title:"x y" lang:vi,fr since:2025-01 until:2025-06', 'date:2025-01..2025-03 source:nhandan.vn 57-NQ/TW', '1 132 1.132 1,132 22/12/2024']):
    open(os.path.join(out, f"syntax-{n}"), "w", encoding="utf-8").write(q)
PY
      ;;
  esac
}

summary=()
for target in "${targets[@]}"; do
  seed "$target"
  log=$(mktemp)
  echo "== fuzzing $target for ${seconds}s"
  status=0
  (cd fuzz && cargo fuzz run "$target" -O -- \
      -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1) >"$log" 2>&1 || status=$?
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  runs=${runs:-$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' | tail -1)}
  if [ "$status" -ne 0 ]; then
    mkdir -p "tests/data/fuzz-regressions/$target"
    for artifact in fuzz/artifacts/"$target"/*; do
      [ -f "$artifact" ] || continue
      cp "$artifact" "tests/data/fuzz-regressions/$target/"
      echo "   kept $(basename "$artifact") in tests/data/fuzz-regressions/$target/"
    done
    grep -E "panicked at|ERROR: libFuzzer|SUMMARY" "$log" | head -5 || true
    summary+=("$target: FOUND A CRASH after ${runs:-?} executions (log: $log)")
  else
    summary+=("$target: ${runs:-?} executions in ${seconds}s, no crash")
    rm -f "$log"
  fi
done
printf '%s\n' "${summary[@]}"

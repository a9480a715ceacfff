#!/usr/bin/env bash
# Main-text extraction benchmark (issue 15, not run by CI): newsindex and trafilatura side by
# side on trafilatura's public evaluation set (990 HTML pages with annotated snippets that
# must / must not appear in the main text), scored by the benchmark's own code
# (tests/eval_common.py), plus title and date agreement with the annotations. Prints a
# markdown table for the whole set and for its two halves (see benches/extraction.py).
#
#   benches/extraction.sh /path/to/trafilatura            # a clone, or a bare git directory
#   TRAFILATURA_REPO=/path/to/trafilatura benches/extraction.sh --show 30 --half fit
#
# Nothing of the evaluation set enters this repository: its tests/ folder is copied to
# $DATA/trafilatura-tests (default DATA=/work/extract-data), trafilatura (PyPI, version
# $TRAFILATURA_VERSION) is installed in the virtualenv $DATA/venv, and its results are cached
# in $DATA/trafilatura.jsonl. NEWSINDEX_BIN skips the release build. Extra arguments go to
# benches/extraction.py (--show N lists newsindex's N worst pages of --half fit|held-out|all).
set -euo pipefail
cd "$(dirname "$0")/.."

REPO=${TRAFILATURA_REPO:-}
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  REPO=$1
  shift
fi
if [ -z "$REPO" ]; then
  echo "usage: benches/extraction.sh TRAFILATURA_REPO [--show N] [--half fit|held-out|all]" >&2
  exit 2
fi
DATA=${DATA:-/work/extract-data}
TRAFILATURA_VERSION=${TRAFILATURA_VERSION:-2.3.1}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${NEWSINDEX_BIN:-}
TESTS=$DATA/trafilatura-tests
mkdir -p "$DATA"

# The evaluation set: tests/ of a clone or of a bare repository, refreshed when its commit changes.
if [ -d "$REPO/tests" ]; then
  commit=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo worktree)
else
  commit=$(git --git-dir="$REPO" rev-parse HEAD)
fi
if [ "$(cat "$TESTS/.commit" 2>/dev/null)" != "$commit" ]; then
  rm -rf "$TESTS" && mkdir -p "$TESTS"
  if [ -d "$REPO/tests" ]; then
    cp -R "$REPO/tests/." "$TESTS/"
  else
    git --git-dir="$REPO" archive HEAD tests | tar -x -C "$TESTS" --strip-components=1
  fi
  echo "$commit" >"$TESTS/.commit"
fi

if [ ! -x "$DATA/venv/bin/python" ]; then
  python3 -m venv "$DATA/venv"
fi
if ! "$DATA/venv/bin/python" -c "import trafilatura, sys; sys.exit(trafilatura.__version__ != '$TRAFILATURA_VERSION')" 2>/dev/null; then
  # lxml >= 5.2 moved lxml.html.clean (used by jusText inside trafilatura) to its own package.
  "$DATA/venv/bin/pip" install --quiet "trafilatura==$TRAFILATURA_VERSION" lxml_html_clean
fi

if [ -z "$BIN" ]; then
  cargo build --release --locked -p newsindex
  BIN=$TARGET/release/newsindex
fi

# The annotated files only (tests/cache and tests/eval hold a few others), named one by one.
list=$DATA/pages.lst
"$DATA/venv/bin/python" - "$TESTS" >"$list" <<'EOF'
import json, os, sys
tests = sys.argv[1]
for item in json.load(open(os.path.join(tests, "evaldata.json"), encoding="utf-8")).values():
    for sub in ("cache", "eval"):
        path = os.path.join(tests, sub, item["file"])
        if os.path.isfile(path):
            sys.stdout.write(path + "\0")
            break
EOF
out=$DATA/newsindex.jsonl
start=$(date +%s.%N)
xargs -0 "$BIN" normalize --format json --quiet <"$list" >"$out" || true
end=$(date +%s.%N)
bytes=$(xargs -0 cat <"$list" | wc -c)
pages=$(tr -cd '\0' <"$list" | wc -c)
echo "newsindex normalize: $pages pages, $((bytes / 1000000)) MB in $(echo "$end - $start" | bc) s ($(echo "scale=1; $bytes / 1000000 / ($end - $start)" | bc) MB/s); $(wc -l <"$out") articles" >&2

"$DATA/venv/bin/python" benches/extraction.py "$TESTS" "$out" "$DATA/trafilatura.jsonl" "$@"

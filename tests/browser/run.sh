#!/usr/bin/env bash
# Browser test of the search page: indexes the bundled corpus, starts `newsindex serve` on a
# free loopback port, drives the page in headless Chromium (search_page.test.mjs), stops the
# server. Installs Chromium (apt) and playwright-core (npm ci) when they are missing.
#
#   tests/browser/run.sh                      # uses target/debug/newsindex
#   NEWSINDEX_BIN=target/release/newsindex tests/browser/run.sh
#   NEWSINDEX_URL=http://127.0.0.1:7878 tests/browser/run.sh   # test a server already running
#
# Pass 1 searches the dev corpus (Tamarin: vi/en/fr reports of one typhoon); pass 2 the sample
# pages (seeds 000 fr and 001 en, one story). Screenshots land in $NEWSINDEX_ARTIFACTS
# (default tests/browser/artifacts, pass 2 in its seeds/ subdirectory). Other variables
# (NEWSINDEX_QUERY, NEWSINDEX_RESULT_LANGS, NEWSINDEX_STORY_LANGS) are passed to the test.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

say() { printf 'browser test: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
    say "installing chromium"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
command -v node >/dev/null || die "node is not installed (apt-get install -y nodejs npm)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
    say "installing playwright-core"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

export NEWSINDEX_ARTIFACTS="${NEWSINDEX_ARTIFACTS:-$here/artifacts}"
mkdir -p "$NEWSINDEX_ARTIFACTS"

if [ -n "${NEWSINDEX_URL:-}" ]; then
    exec node "$here/search_page.test.mjs"
fi

bin="${NEWSINDEX_BIN:-target/debug/newsindex}"
[ -x "$bin" ] || die "no newsindex binary at $bin (cargo build, or set NEWSINDEX_BIN)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

say "indexing corpus/ into $work/index"
"$bin" index corpus/ --index "$work/index" >"$work/index.log" 2>&1 \
    || { cat "$work/index.log" >&2; die "newsindex index failed"; }

# A free port: ask the kernel for one, then hand it to the server.
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export NEWSINDEX_URL="http://127.0.0.1:$port"
say "starting $bin serve on $NEWSINDEX_URL"
"$bin" serve --index "$work/index" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!

for _ in $(seq 100); do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$NEWSINDEX_URL/healthz"; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; die "the server exited"; }
    sleep 0.2
done
node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$NEWSINDEX_URL/healthz" \
    || { cat "$work/serve.log" >&2; die "the server did not answer /healthz within 20 s"; }

status=0
say "pass 1: the dev corpus (query ${NEWSINDEX_QUERY:-Tamarin})"
node "$here/search_page.test.mjs" || status=$?
if [ "$status" -eq 0 ] && [ -z "${NEWSINDEX_QUERY:-}" ]; then
    # The sample pages corpus/seeds/000 (fr) and 001 (en) are one story in two languages.
    say "pass 2: the sample pages (a French and an English version of one story)"
    NEWSINDEX_QUERY="Le Hoai Trung advisory council" \
    NEWSINDEX_RESULT_LANGS=fr,en NEWSINDEX_STORY_LANGS=fr,en \
    NEWSINDEX_STORY_IDS=000_2e05d317a735df1b,001_f2efc2ae6c65198f \
    NEWSINDEX_ARTIFACTS="$NEWSINDEX_ARTIFACTS/seeds" \
        node "$here/search_page.test.mjs" || status=$?
fi
if [ "$status" -ne 0 ]; then
    say "server log:"
    cat "$work/serve.log" >&2
fi
exit "$status"

#!/usr/bin/env python3
"""Compares two newsindex indexes built from the same input: story membership (every story's
set of article ids) and the top 10 of every query of benches/queries.tsv (ids, stories and
scores, in order). Prints the differences; exit status 0 when there are none.

    python3 spark/compare_indexes.py INDEX_A INDEX_B [--newsindex PATH] [--queries FILE]
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def queries(path):
    """The query strings of a `kind<TAB>query` file (comments and blank lines skipped)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#") and "\t" in line:
                yield line.split("\t", 1)[1]


def stories(binary, index):
    """Story membership: the sorted id lists of the index's stories, sorted."""
    out = subprocess.run(
        [binary, "stories", "--index", index, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    doc = json.loads(out)
    items = doc["stories"] if isinstance(doc, dict) else doc
    return sorted(sorted(s["ids"]) for s in items)


def top10(binary, index, query):
    out = subprocess.run(
        [binary, "search", "--index", index, "--format", "json", "--limit", "10", "--", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(h["id"], h["story"], round(h["score"], 6)) for h in json.loads(out)["hits"]]


def differences(binary, a, b, query_file):
    """The differences between indexes `a` and `b`, as readable lines (none when equal)."""
    found = []
    sa, sb = stories(binary, a), stories(binary, b)
    if sa != sb:
        only_a = [s for s in sa if s not in sb]
        only_b = [s for s in sb if s not in sa]
        found.append(f"stories differ: {len(only_a)} only in {a}, {len(only_b)} only in {b}")
        found += [f"  only in {a}: {s}" for s in only_a[:5]]
        found += [f"  only in {b}: {s}" for s in only_b[:5]]
    for query in queries(query_file):
        ta, tb = top10(binary, a, query), top10(binary, b, query)
        if ta != tb:
            found.append(f"top 10 of {query!r} differ:\n  {ta}\n  {tb}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--newsindex", default=os.environ.get("NEWSINDEX_BIN", "newsindex"))
    parser.add_argument("--queries", default=os.path.join(ROOT, "benches", "queries.tsv"))
    args = parser.parse_args()
    found = differences(args.newsindex, args.a, args.b, args.queries)
    for line in found:
        print(line)
    n = len(list(queries(args.queries)))
    print(f"{'identical' if not found else 'DIFFERENT'}: stories and the top 10 of {n} queries")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compares two `newsindex-bench search-dump` outputs (JSON lines, one per benchmark query):
hits, stories, counts, facets and histograms must be identical, scores equal to 1e-6.

    newsindex-bench search-dump --index IX > before.jsonl   # on the old build
    newsindex-bench search-dump --index IX > after.jsonl    # on the new one
    scripts/search-identity.py before.jsonl after.jsonl     # exit 0 when identical
"""
import json
import sys


def diff(a, b, path, out):
    """Appends to `out` the paths where `a` and `b` differ (floats within 1e-6 agree)."""
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) or abs(a - b) > 1e-6:
            out.append(f"{path}: {a!r} != {b!r}")
    elif isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'after' if key in b else 'before'}")
            else:
                diff(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        before = [json.loads(line) for line in f if line.strip()]
    with open(sys.argv[2]) as f:
        after = [json.loads(line) for line in f if line.strip()]
    # An empty dump is a failed dump (search-dump run where it finds no query file, or
    # stopped by an error): two of them are not evidence of identical results.
    for name, dump in ((sys.argv[1], before), (sys.argv[2], after)):
        if not dump:
            sys.exit(f"{name}: no queries in the dump (did search-dump fail?)")
    differences = []
    if len(before) != len(after):
        differences.append(f"{len(before)} queries before, {len(after)} after")
    for i, (a, b) in enumerate(zip(before, after)):
        diff(a, b, f"query {i + 1} ({a['relevance']['query']!r})", differences)
    for line in differences[:40]:
        print(line)
    matches = sum(r["relevance"]["total"] for r in before)
    print(f"{len(before)} queries, {matches} matching articles before: "
          + ("identical" if not differences else f"{len(differences)} differences"))
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()

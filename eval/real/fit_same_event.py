#!/usr/bin/env python3
"""Fits the linker's same-event model on half a of the real-article set; reports both halves.

Reports of one event that are not versions of one article are linked `same_event` by the
rules of `report` in crates/link/src/score.rs, and beside them by a logistic model over what
the scorer measures of a pair (`SAME_EVENT_MODEL`). This script

1. normalises the real pages with the newsindex binary (`--bin`),
2. measures every pair with the link crate's `pair_evidence` example (`--pairs-bin`, built
   with `cargo build --release -p newsindex-link --example pair_evidence`),
3. keeps the pairs the engine can link as reports of one event: candidates (one anchor in
   common at least), not ruled out by their dates, and not already called versions;
4. fits the weights on half a only (labelled: the two articles belong to one gold group, an
   event or a family of versions; classes weighted equally; L2 penalty `--l2`),
5. prints the weights as Rust and, for each probability threshold, how many pairs in two
   languages (the engine asks the model of those only) reach it, and how many of them are
   right.

The threshold in score.rs was then chosen by what matters, stories as the engine groups them:
the best story F1 of `eval/real/score --half a` among the thresholds below that keeps
story-pair precision at 0.99 on 100k generated articles (`newsindex-bench link`); half b
(`--report` here, `eval/real/score --half b`) is the report. Third-party text stays outside
the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_translation import add_arguments, fit, measure, print_weights, probability  # noqa: E402

FEATURES = ("overlap", "coverage", "content", "score", "same_language", "published_close",
            "undated", "shared")
MAX_DAYS_APART = 3
THRESHOLDS = (0.995, 0.997, 0.998, 0.999, 0.9995)


def features(row: dict) -> list[float]:
    """The model's inputs, as `same_event_probability` computes them in score.rs."""
    days = None if row["days_apart"] in ("-", "") else int(row["days_apart"])
    return [
        float(row["overlap"]),
        float(row["coverage"]),
        float(row["content"]),
        float(row["score"]),
        1.0 if row["lang_a"] == row["lang_b"] else 0.0,
        1.0 if days is not None and days <= 1 else 0.0,
        1.0 if days is None else 0.0,
        min(int(row["shared"]), 6) / 6,
    ]


def candidate_pairs(labelled, rows) -> list[dict]:
    """Every pair the engine could link as reports of one event, with its half and label."""
    groups = labelled.gold_groups()
    pairs = []
    for row, half in rows:
        far = row["days_apart"] not in ("-", "") and int(row["days_apart"]) > MAX_DAYS_APART
        if int(row["shared"]) < 1 or far or row["relation"] in ("Translation", "Duplicate"):
            continue
        pairs.append({
            "half": half,
            "x": features(row),
            "cross": row["lang_a"] != row["lang_b"],
            "gold": groups.find(row["a"]) == groups.find(row["b"]),
        })
    return pairs


def linked(rows: list[dict], weights, bias, threshold: float) -> tuple[int, int]:
    """Pairs in two languages the model links, and how many of them are right."""
    chosen = [r for r in rows if r["cross"] and probability(r["x"], weights, bias) >= threshold]
    return len(chosen), sum(r["gold"] for r in chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    parser.add_argument("--report", action="store_true",
                        help="also print half b's figures (once the threshold is chosen)")
    args = parser.parse_args()
    measured = measure(args)
    if measured is None:
        return 0
    pairs = candidate_pairs(*measured)
    half = {h: [p for p in pairs if p["half"] == h] for h in "ab"}
    shown = "ab" if args.report else "a"
    for h in shown:
        print(f"half {h}: {len(half[h])} candidate pairs, {sum(p['gold'] for p in half[h])} "
              f"of one event")
    weights, bias = fit(half["a"], args.l2)
    print_weights(FEATURES, weights, bias, args.l2)
    print("\nthreshold  " + "     ".join(f"half {h}: linked / right" for h in shown))
    for t in THRESHOLDS:
        cells = (linked(half[h], weights, bias, t) for h in shown)
        print(f"{t:9.4f}  " + "     ".join(f"{n:12d} / {r:<5d}" for n, r in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())

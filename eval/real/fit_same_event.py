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
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402  (eval/score.py: one loader of the labelled set)
from fit_translation import fit, probability  # noqa: E402  (one logistic fit)

FEATURES = ("overlap", "coverage", "content", "score", "same_language", "published_close",
            "undated", "shared")
MAX_DAYS_APART = 3
THRESHOLDS = (0.995, 0.997, 0.998, 0.999, 0.9995)


def features(row: dict) -> list[float]:
    """The model's inputs, as `SameEventModel::probability` computes them in score.rs."""
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


def measured_pairs(labelled, engine, pairs_bin: Path, work: Path) -> list[dict]:
    """Every pair the engine could link as reports of one event, with its half and label."""
    records = engine.normalized(labelled.input_paths)
    articles = work / "articles.jsonl"
    with open(articles, "w", encoding="utf-8") as out:
        for record in records.values():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(articles, encoding="utf-8") as stdin:
        result = subprocess.run(
            [str(pairs_bin)], stdin=stdin, capture_output=True, text=True, check=True
        )
    lines = result.stdout.splitlines()
    header = lines[0].split("\t")
    groups = labelled.gold_groups()
    half_of = {}
    for group in groups.groups():
        for member in group:
            half_of[member] = score.half_of(group[0])
    pairs = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        a, b = row["a"], row["b"]
        if a not in half_of or half_of[a] != half_of.get(b):
            continue
        far = row["days_apart"] not in ("-", "") and int(row["days_apart"]) > MAX_DAYS_APART
        if int(row["shared"]) < 1 or far or row["relation"] in ("Translation", "Duplicate"):
            continue
        pairs.append({
            "a": a,
            "b": b,
            "half": half_of[a],
            "x": features(row),
            "cross": row["lang_a"] != row["lang_b"],
            "gold": groups.find(a) == groups.find(b),
        })
    return pairs


def linked(rows: list[dict], weights, bias, threshold: float) -> tuple[int, int]:
    """Pairs in two languages the model links, and how many of them are right."""
    chosen = [r for r in rows if r["cross"] and probability(r["x"], weights, bias) >= threshold]
    return len(chosen), sum(r["gold"] for r in chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", help="newsindex binary (default target/release/newsindex)")
    parser.add_argument("--pairs-bin", help="pair_evidence example binary",
                        default=str(score.REPO / "target/release/examples/pair_evidence"))
    parser.add_argument("--text", help="folder with the real pages (default ../real-eval-text)")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    parser.add_argument("--report", action="store_true",
                        help="also print half b's figures (once the threshold is chosen)")
    args = parser.parse_args()
    text_dir = Path(args.text or os.environ.get("NEWSINDEX_REAL_TEXT")
                    or score.REPO.parent / "real-eval-text")
    if not (text_dir / "pages").is_dir():
        print(f"skipped: the article text is not at {text_dir}/pages (eval/real/README.md)")
        return 0
    with tempfile.TemporaryDirectory(prefix="newsindex-fit-") as tmp:
        work = Path(tmp)
        labelled = score.load_real(text_dir, work)
        engine = score.Engine(score.find_binary(args.bin), work / "index")
        pairs = measured_pairs(labelled, engine, Path(args.pairs_bin), work)
    half = {h: [p for p in pairs if p["half"] == h] for h in "ab"}
    shown = "ab" if args.report else "a"
    for h in shown:
        print(f"half {h}: {len(half[h])} candidate pairs, {sum(p['gold'] for p in half[h])} "
              f"of one event")
    weights, bias = fit(half["a"], args.l2)
    print("\nfitted on half a (L2 %.2f):" % args.l2)
    print("    bias: %.2f," % bias)
    for name, w in zip(FEATURES, weights):
        print(f"    {name}: {w:.2f},")
    print("\nthreshold  " + "     ".join(f"half {h}: linked / right" for h in shown))
    for t in THRESHOLDS:
        cells = (linked(half[h], weights, bias, t) for h in shown)
        print(f"{t:9.4f}  " + "     ".join(f"{n:12d} / {r:<5d}" for n, r in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
